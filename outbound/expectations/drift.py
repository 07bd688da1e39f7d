"""Failed expectations → findings with evidence → drift (minor / major, with the reason) → verdict.

Evidence comes from the observation records (labels, counts, masked examples, shapes), joined
by the `row` key GX reports for each unexpected row, so the predicate lives only in the suite.
Shares measured on a sample carry a one-sided Clopper-Pearson upper bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from outbound.expectations.bounds import share
from outbound.expectations.gx_run import SpecResult
from outbound.expectations.observed import Observation, ObservedFile
from outbound.expectations.policy import SpotCheckPolicy

Drift = Literal["major", "minor"]
Verdict = Literal["consistent", "inconsistent", "major-change"]
PERSONAL, SENSITIVE = {"personal", "sensitive", "important"}, {"sensitive", "important"}


@dataclass(frozen=True)
class Finding:
    id: str
    kind: str
    drift: Drift
    reason: str
    ground: dict[str, str]
    filing_ref: str
    rule: str
    expectation: str
    evidence: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "severity": self.drift, "drift": self.drift,
                "reason": self.reason, "ground": self.ground if self.drift == "major" else None, "filing_ref": self.filing_ref, "rule": self.rule,
                "expectation": self.expectation, "evidence": self.evidence}


class Evidence:
    def __init__(self, obs: Observation, policy: SpotCheckPolicy, declared: dict[str, int | None]) -> None:
        self.obs, self.policy, self.declared = obs, policy, declared

    def _share(self, k: int, f: ObservedFile) -> dict[str, Any]:
        s = share(k, f.rows_sampled, self.policy.confidence, f.rows_total)
        return {**s.to_json(), "estimated_rows_in_file": {
            "point": round(s.point * f.rows_total), "upper_bound": round(s.upper * f.rows_total)}}

    def file(self, i: int) -> dict[str, Any]:
        f = self.obs.files[i]
        pi = [{"column": c.name, "entities": list(c.entities), "category": c.category,
               "masked_examples": list(c.masked_examples)} for c in f.columns if c.entities]
        return {"file": f.path, "dataset": f.dataset, "recipient": f.recipient, "country": f.country,
                "scenario": f.scenario, "rows_total": f.rows_total, "rows_sampled": f.rows_sampled,
                "labelled_columns": pi}

    def column(self, key: str, kind: str) -> dict[str, Any]:
        i, j = (int(x) for x in key.split(".")[:2])
        f, c = self.obs.files[i], self.obs.files[i].columns[j]
        k = c.rows_filled if kind == "undeclared_field" else c.rows_matched
        return {"file": f.path, "column": c.name, "field_ref": c.field_ref, "entities": list(c.entities),
                "category": c.category, "rows_filled": c.rows_filled, "rows_matched": c.rows_matched,
                "rows_with_finding": self._share(k, f), "masked_examples": list(c.masked_examples)}

    def values(self, keys: list[str]) -> list[dict[str, Any]]:
        by_column: dict[tuple[int, int], list[int]] = {}
        for key in keys:
            i, j, k = (int(x) for x in key.split("."))
            by_column.setdefault((i, j), []).append(k)
        out = []
        for (i, j), ks in sorted(by_column.items()):
            f, c = self.obs.files[i], self.obs.files[i].columns[j]
            out.append({"file": f.path, "column": c.name, "field_ref": c.field_ref,
                        "clear_values_in_sample": len(ks), "rows_with_finding": self._share(len(ks), f),
                        "masked_examples": [c.masked_values[k] for k in ks[:3]],
                        "shapes": sorted({c.shapes[k] for k in ks})[:3]})
        return out

    def volume(self, counter: str) -> dict[str, Any]:
        v = self.obs.volumes
        measured, declared = getattr(v, counter), self.declared.get(counter)
        assert measured is not None and declared is not None
        ratio = None if declared == 0 else round(measured / declared, 3)
        return {"counter": counter, "year": v.year, "measured": measured, "declared": declared,
                "excess": measured - declared, "ratio": ratio, "basis": v.basis}

    def hit(self, key: str) -> dict[str, Any]:
        i, k = (int(x) for x in key.split("."))
        f = self.obs.files[i]
        h = f.list_hits[k]
        level = None if h.counter is None else {"counter": h.counter, "at_least": h.at_least, "below": h.below}
        return {"file": f.path, "column": h.column, "list_id": h.list_id, "entry": h.entry, "scenario": f.scenario,
                "volume_level": level}

    def collect(self, r: SpecResult) -> list[dict[str, Any]]:
        frame, rows, kind = r.spec.frame, [str(x) for x in r.unexpected_rows], r.spec.check
        if frame == "files":
            return [self.file(int(x)) for x in dict.fromkeys(rows)]
        if frame == "columns":
            return [self.column(x, kind) for x in dict.fromkeys(rows)]
        if frame == "values":
            return self.values(rows)
        if frame == "volumes":
            return [self.volume(x) for x in dict.fromkeys(rows)]
        return [self.hit(x) for x in dict.fromkeys(rows)]


def _categories(evidence: list[dict[str, Any]]) -> set[str]:
    cats = {e.get("category") for e in evidence}
    cats |= {c["category"] for e in evidence for c in e.get("labelled_columns", [])}
    return {c for c in cats if c}


def classify(kind: str, evidence: list[dict[str, Any]], policy: SpotCheckPolicy) -> tuple[Drift, str]:
    """Minor (register the change) or major (re-file, Art. 13), and why."""
    rule = policy.drift[kind]
    art13 = f"{policy.basis.procedures} Art. {policy.basis.major_change_article}"
    ground = f"{rule.ground['zh']} ({art13})"
    when, cats = rule.major_when, _categories(evidence)
    if when == "always":
        return "major", f"major change: {ground}"
    if when == "never":
        return "minor", "register the change (Art. 13 simplified change registration)"
    if when in ("carries_personal", "carries_sensitive"):
        hit = sorted(cats & (PERSONAL if when == "carries_personal" else SENSITIVE))
        if hit:
            return "major", f"major change: carries {'/'.join(hit)} information — {ground}"
        return "minor", ("no " + ("personal" if when == "carries_personal" else "sensitive or important")
                         + " information found in it: register the change (Art. 13 simplified change registration)")
    big = policy.large_increase
    worst = max(evidence, key=lambda e: float("inf") if e["ratio"] is None else e["ratio"])
    if worst["ratio"] is None:
        drift: Drift = big.from_zero
        return drift, f"filed as 0, measured {worst['measured']:,} — {ground}; 'from zero' is {drift} by product policy"
    if worst["ratio"] >= big.ratio:
        return "major", (f"{worst['ratio']}× the declared scale ≥ {big.ratio}× (product policy: Art. 13 does not "
                         f"quantify 量级大幅度增加) — {ground}")
    return "minor", (f"{worst['ratio']}× the declared scale, below the {big.ratio}× policy line for a large "
                     "increase: register the change (Art. 13 simplified change registration)")


def findings(results: list[SpecResult], obs: Observation, policy: SpotCheckPolicy,
             declared: dict[str, int | None]) -> list[Finding]:
    ev, out = Evidence(obs, policy, declared), list[Finding]()
    for r in results:
        if r.success:
            continue
        evidence = ev.collect(r)
        drift, reason = classify(r.spec.check, evidence, policy)
        out.append(Finding(f"F{len(out) + 1}", r.spec.check, drift, reason, policy.drift[r.spec.check].ground,
                           r.spec.filing_ref, r.spec.rule, r.spec.label, evidence))
    return out


def verdict(found: list[Finding]) -> Verdict:
    if any(f.drift == "major" for f in found):
        return "major-change"
    return "inconsistent" if found else "consistent"


ACTIONS: dict[str, str] = {
    "consistent": "none: what left matches the filing",
    "inconsistent": "register the changes with the zone (Art. 13 simplified change registration) or bring "
                    "the exports back in line with the filing",
    "major-change": "re-file under Art. 11 before further exports of the changed data (Art. 13 major change)",
}

