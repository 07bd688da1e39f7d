"""The spot-check report a person signs and files (HTML + PDF, zh with en alongside), rendered
from the spot-check JSON (`expectations.report.build`), so a report can be re-rendered later
(`outbound report spot-check JSON`) without running the check again.

It holds what the JSON holds: labels, counts, masks, fingerprints; never a raw value.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from outbound.reports.render import write_report

HTML_NAME, PDF_NAME = "report.html", "report.pdf"
VERDICT_ZH = {"consistent": "一致", "inconsistent": "不一致", "major-change": "重大变更"}
ACTION_ZH = {
    "consistent": "无需采取措施：出境数据与备案一致",
    "inconsistent": "向片区办理变更登记（简易变更），或使出境数据回到备案范围",
    "major-change": "变更出境数据前，依第十一条重新备案（第十三条：重大变更）",
}
SEVERITY_ZH = {"major": "重大", "minor": "一般"}
LIFECYCLE_ZH = {"valid": "有效", "renewal-window-open": "续期窗口期", "expired": "已过期", "not-approved": "未审核",
                "not-yet-valid": "尚未生效"}
# What a check of exported files cannot see (Fujian measures Art. 11(2) lists the filing's contents):
UNOBSERVABLE = (
    ("处理目的与必要性", "the purpose of processing and whether the data sent is necessary for it"),
    ("法律文件", "legal documents: contracts with the recipient, the standard contract, consent, the PI impact assessment"),
    ("境外接收方的安全措施", "the recipient's security measures and onward transfers"),
    ("传输方式与渠道", "how the data travelled (channel, encryption), only what files were handed to the check"),
    ("未提交的出境数据", "exports not in the files checked (other days, systems, or channels)"),
    ("未识别的数据类型", "data the classifier does not recognise (only the entities in rules/entities are looked for)"),
)


def _bound(ev: dict[str, Any]) -> str | None:
    b = ev.get("rows_with_finding")
    if not isinstance(b, dict):
        return None
    return (f"{b['rows']:,} / {b['of_sampled']:,} rows sampled ({b['share']:.1%}); at most {b['upper_bound']:.1%} "
            f"of the file at {b['confidence']:.0%} confidence ({b['method']})")


def _evidence(ev: dict[str, Any]) -> list[tuple[str, str]]:
    """One evidence record as (key, text) lines; nested values as compact JSON."""
    skip = {"rows_with_finding"}
    out = []
    for k, v in ev.items():
        if k in skip or v is None or v == []:
            continue
        text = ", ".join(map(str, v)) if isinstance(v, list) else json.dumps(v, ensure_ascii=False) \
            if isinstance(v, dict) else f"{v:,}" if isinstance(v, int) and not isinstance(v, bool) else str(v)
        out.append((k, text))
    return out


def _volumes(doc: dict[str, Any]) -> list[dict[str, Any]]:
    v, declared = doc["volumes"], doc["volumes"]["declared"]
    rows = []
    for key, zh in (("persons", "个人信息主体人数"), ("sensitive_persons", "敏感个人信息主体人数"), ("records", "记录条数")):
        measured, filed = v.get(key), declared.get(key)
        ratio = measured / filed if measured is not None and filed else None
        rows.append({"key": key, "zh": zh, "measured": measured, "declared": filed, "ratio": ratio,
                     "over": measured is not None and filed is not None and measured > filed})
    return rows


def context(doc: dict[str, Any]) -> dict[str, Any]:
    findings = [{**f, "severity_zh": SEVERITY_ZH.get(f["severity"], f["severity"]),
                 "evidence_lines": [_evidence(e) for e in f["evidence"]],
                 "bounds": [b for b in (_bound(e) for e in f["evidence"]) if b]} for f in doc["findings"]]
    basis = doc["basis"]
    article = {"consistent": basis["spot_check"], "inconsistent": basis["major_change"],
               "major-change": f"{basis['major_change']}, Art. 11"}[doc["verdict"]]
    life = doc["lifecycle"]
    return {"doc": doc, "findings": findings, "volumes": _volumes(doc), "verdict_zh": VERDICT_ZH[doc["verdict"]],
            "action_zh": ACTION_ZH[doc["verdict"]], "article": f"{basis['procedures']} {article}",
            "lifecycle_zh": LIFECYCLE_ZH.get(life["state"], life["state"]), "unobservable": UNOBSERVABLE}


def write(doc: dict[str, Any], out: Path) -> tuple[Path, Path]:
    """report.html and report.pdf in `out`."""
    return write_report("spot_check.html", context(doc), out / HTML_NAME, out / PDF_NAME)


def rerender(json_path: Path, out: Path | None = None) -> tuple[Path, Path]:
    """Render the report again from a spot-check JSON (into its folder unless `out` is given)."""
    from outbound.common.errors import UsageError

    try:
        doc = json.loads(Path(json_path).read_text(encoding="utf-8"))
        doc["verdict"], doc["findings"], doc["sampling_plan"]  # noqa: B018 - the fields a report needs
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise UsageError(f"{json_path}: not a spot-check JSON report ({exc.__class__.__name__}: {exc}); "
                         "pass the spot-check.json written by `outbound spot-check --out DIR`") from exc
    return write(doc, out or Path(json_path).parent)
