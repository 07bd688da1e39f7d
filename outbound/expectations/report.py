"""The spot-check report: machine-readable JSON (`verdict`, `findings[]`, sampling plan, bounds)
and a one-page HTML index linking the GX Data Docs. Holds labels, counts and masked examples only.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from collections import Counter
from pathlib import Path
from typing import Any

from outbound.expectations.bounds import rows_needed, share
from outbound.expectations.drift import ACTIONS, Finding, Verdict
from outbound.expectations.filing import Filing
from outbound.expectations.gx_run import SpecResult
from outbound.expectations.lifecycle import Lifecycle
from outbound.expectations.observed import UNKNOWN, Observation
from outbound.expectations.policy import SpotCheckPolicy

JSON_NAME, HTML_NAME = "spot-check.json", "index.html"


def _sampling(obs: Observation, plan: dict[str, Any], policy: SpotCheckPolicy) -> dict[str, Any]:
    c = policy.confidence
    files = []
    for f in obs.files:
        none = share(0, f.rows_sampled, c, f.rows_total)
        files.append({"file": f.path, "sha256": f.sha256, "format": f.format, "dataset": f.dataset,
                      "rows_total": f.rows_total, "rows_sampled": f.rows_sampled, "whole_file": none.exact,
                      "none_found_upper_bound": round(none.upper, 6)})
    return {**plan, "confidence": c, "files": files,
            "method": "seeded uniform sample without replacement per file (same file, rows and seed → same rows); "
                      "shares bounded one-sided, exact binomial (Clopper-Pearson)",
            "statement": (f"for a property not found in a file, the share of its rows having it is below "
                          f"none_found_upper_bound at {c:.0%} confidence (0 when the whole file was read); "
                          "this covers what the classifier recognises (rules/entities), nothing else"),
            "rows_needed": {"target_share": policy.target_absence_share,
                            "rows": rows_needed(policy.target_absence_share, c)}}


def build(*, filing: Filing, filing_sha256: str, obs: Observation, results: list[SpecResult],
          found: list[Finding], verdict: Verdict, policy: SpotCheckPolicy, status: Lifecycle, on: dt.date,
          plan: dict[str, Any], failed: list[dict[str, str]], docs_link: str | None) -> dict[str, Any]:
    v = obs.volumes
    filed = {r.name for r in filing.recipients}
    recipients = Counter(f.recipient for f in obs.files)
    notes = list(obs.notes)
    if recipients.get(UNKNOWN):
        notes.append(f"{recipients[UNKNOWN]} file(s) name no recipient (no manifest, --recipient or warehouse "
                     "record): their recipient could not be checked")
    if not v.by_recipient:
        notes.append("counts by recipient are not available from the warehouse; recipients are checked per file")
    if status.by_analogy:
        notes.append(status.notes[0])
    drift_counts = Counter(f.drift for f in found)
    return {
        "report": "outbound consistency spot check (一致性抽验)",
        "schema_version": 1,
        "processor": {"id": filing.processor.id, "name": filing.processor.name, "zone": filing.processor.zone,
                      "uscc": filing.processor.uscc, "industry": filing.processor.industry},
        "filing": {"filing_id": filing.filing_id, "version": filing.version, "sha256": filing_sha256,
                   "filed_on": filing.filed_on.isoformat(),
                   "approved_on": filing.approved_on.isoformat() if filing.approved_on else None},
        "checked_on": on.isoformat(),
        "year": v.year,
        "verdict": verdict,
        "action": ACTIONS[verdict],
        "drift": {"major": drift_counts.get("major", 0), "minor": drift_counts.get("minor", 0)},
        "findings": [f.to_json() for f in found],
        "volumes": {"year": v.year, "persons": v.persons, "sensitive_persons": v.sensitive_persons,
                    "records": v.records, "basis": v.basis,
                    "by_recipient": [{"recipient": r, "persons": n, "sensitive_persons": k, "filed": r in filed}
                                     for r, n, k in v.by_recipient],
                    "declared": filing.scale.model_dump()},
        "recipients_seen": dict(sorted(recipients.items())),
        "sampling_plan": _sampling(obs, plan, policy),
        "lifecycle": status.to_json(),
        "expectations": {"evaluated": len(results), "failed": sum(not r.success for r in results),
                         "by_check": dict(sorted(Counter(r.spec.check for r in results).items()))},
        "files_failed": failed,
        "basis": {"policy": policy.meta.id, "procedures": policy.basis.procedures,
                  "spot_check": f"Art. {policy.basis.spot_check_article}",
                  "major_change": f"Art. {policy.basis.major_change_article}",
                  "large_increase_ratio": policy.large_increase.ratio,
                  "large_increase_note": "Art. 13 does not quantify 量级大幅度增加: the ratio is product policy"},
        "notes": notes,
        "data_docs": docs_link,
    }


def write(doc: dict[str, Any], out: Path) -> tuple[Path, Path]:
    out.mkdir(parents=True, exist_ok=True)
    js = out / JSON_NAME
    js.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    page = out / HTML_NAME
    page.write_text(render_html(doc), encoding="utf-8")
    return js, page


def _e(value: Any) -> str:
    return html.escape(str(value))


def render_html(doc: dict[str, Any]) -> str:
    colour = {"consistent": "#1a7f37", "inconsistent": "#9a6700", "major-change": "#cf222e"}[doc["verdict"]]
    rows = "".join(
        f"<tr><td>{_e(f['id'])}</td><td>{_e(f['kind'])}</td><td>{_e(f['severity'])}</td>"
        f"<td><code>{_e(f['filing_ref'])}</code></td><td>{_e(f['expectation'])}<br><small>{_e(f['reason'])}</small>"
        f"<br><small>{_e(f['rule'])}</small></td>"
        f"<td><pre>{_e(json.dumps(f['evidence'], ensure_ascii=False, indent=1))}</pre></td></tr>"
        for f in doc["findings"]
    ) or "<tr><td colspan=6>no findings</td></tr>"
    plan = doc["sampling_plan"]
    files = "".join(
        f"<tr><td>{_e(f['file'])}</td><td>{_e(f['dataset'])}</td><td>{f['rows_sampled']:,} / {f['rows_total']:,}</td>"
        f"<td>{f['none_found_upper_bound']:.4f}</td></tr>" for f in plan["files"]
    )
    life, vol = doc["lifecycle"], doc["volumes"]
    docs = (f'<p><a href="{_e(doc["data_docs"])}">Great Expectations Data Docs</a> (suites compiled from the '
            "filing; every expectation's meta names the filing entry)</p>") if doc["data_docs"] else ""
    notes = "".join(f"<li>{_e(n)}</li>" for n in doc["notes"])
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Spot check {_e(doc['processor']['id'])}</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:80em}}td,th{{border:1px solid #ccc;padding:4px;
vertical-align:top}}table{{border-collapse:collapse}}pre{{white-space:pre-wrap;margin:0;font-size:11px}}</style>
</head><body>
<h1>Consistency spot check (一致性抽验): {_e(doc['processor']['id'])} — {_e(doc['processor']['name'])}</h1>
<p>Filing {_e(doc['filing']['filing_id'])} v{_e(doc['filing']['version'])} · checked {_e(doc['checked_on'])} ·
year {_e(doc['year'])} · zone {_e(doc['processor']['zone'])}</p>
<h2 style="color:{colour}">Verdict: {_e(doc['verdict'])}</h2><p>{_e(doc['action'])}</p>
{docs}
<h2>Findings ({len(doc['findings'])}: {doc['drift']['major']} major, {doc['drift']['minor']} minor)</h2>
<table><tr><th>id</th><th>check</th><th>drift</th><th>filing entry</th><th>what / why / rule</th><th>evidence
(masked)</th></tr>{rows}</table>
<h2>Volumes ({_e(vol['year'])})</h2><p>persons {_e(vol['persons'])}, with sensitive PI {_e(vol['sensitive_persons'])},
records {_e(vol['records'])} — {_e(vol['basis'])}. Declared: {_e(vol['declared'])}</p>
<h2>Sampling plan</h2><p>seed {_e(plan['seed'])}, up to {_e(plan['rows_per_file'])} rows per file; {_e(plan['method'])}.
{_e(plan['statement'])}. Rows needed to bound a share below {plan['rows_needed']['target_share']:.0%}:
{plan['rows_needed']['rows']}.</p>
<table><tr><th>file</th><th>dataset</th><th>rows sampled / total</th><th>upper bound if none found</th></tr>{files}</table>
<h2>Filing lifecycle</h2><p>{_e(life['state'])}: approved {_e(life['approved_on'])}, valid through
{_e(life['expires_on'])}, renewal window opens {_e(life['window_opens_on'])} ({_e(life['source'])}).
{_e(life['alert'] or '')}</p>
<h2>Notes</h2><ul>{notes}</ul>
</body></html>
"""
