"""What an alert says, in Chinese (default) or English, as markdown.

Every line comes from the notice's facts: counts, the line and its article (rules/), dates, the
filing's reference and version, masked evidence. Free text from elsewhere (file names, evidence,
error text) passes `masking.redact` once more here: an alert never carries a raw identifier.
"""

from __future__ import annotations

from typing import Any, Literal

from outbound.alerts.kinds import Kind, Notice
from outbound.common.masking import redact

Lang = Literal["zh", "en"]

HEADLINES: dict[Kind, tuple[str, str]] = {
    Kind.APPROACHING: ("接近申报线", "approaching a line"),
    Kind.CROSSED: ("已越过申报线，需履行出境机制", "line crossed: a mechanism is now required"),
    Kind.FIRST_SENSITIVE: ("本年度首次出境敏感个人信息", "sensitive PI left for the first time this year"),
    Kind.FIRST_IMPORTANT: ("本年度首次出境重要数据", "important data left for the first time this year"),
    Kind.NEGATIVE_LIST: ("检出负面清单数据", "negative-list data detected"),
    Kind.DRIFT: ("出境情况与备案不一致", "exports drift from the filing"),
    Kind.FILING: ("备案续期提醒", "filing renewal"),
    Kind.SCAN_FAILURE: ("出境文件连续无法读取", "an export file failed several nights running"),
    Kind.TEST: ("测试消息", "test message"),
}
LABELS: dict[str, tuple[str, str]] = {
    "processor": ("处理者", "Processor"), "year": ("年度", "Year"), "persons": ("出境人数", "Persons"),
    "sensitive": ("其中敏感个人信息", "of whom with sensitive PI"), "line": ("申报线", "Line"),
    "reached": ("已达", "reached"), "obligation": ("义务", "Obligation"), "crossed_on": ("越线日期", "Crossed on"),
    "filing": ("备案", "Filing"), "evidence": ("证据（掩码）", "Evidence (masked)"), "report": ("报告", "Report"),
    "first_on": ("首次出境日期", "First on"), "list": ("清单", "List"), "drift": ("偏差", "Drift"),
    "state": ("状态", "State"), "file": ("文件", "File"), "nights": ("连续失败", "Nights failing"),
    "error": ("错误类别", "Error class"), "escalated": ("升级", "Escalated"), "action": ("处置", "Action"),
    "no_filing": ("无备案记录", "no filing on record"), "registered": ("已登记机制", "Mechanism registered"), "entities": ("数据类型", "Data kinds"),
}
MECHANISMS = {"security_assessment": ("数据出境安全评估", "security assessment"),
              "standard_contract_or_certification": ("个人信息出境标准合同或认证", "standard contract or certification")}
COUNTERS = {"spi_persons": ("敏感个人信息人数", "persons with sensitive PI"),
            "pi_non_sensitive_persons": ("个人信息人数（不含敏感）", "persons with PI, sensitive excluded"),
            "pi_persons": ("个人信息人数", "persons with PI"), "important_data": ("重要数据", "important data"),
            "pi_persons_or_important": ("个人信息或重要数据", "PI or important data")}
STATES = {"renewal-window-open": ("续期窗口已开启", "renewal window open"), "expired": ("已过期", "expired")}


def _l(key: str, lang: Lang) -> str:
    zh, en = LABELS[key]
    return zh if lang == "zh" else en


def _pick(table: dict[str, tuple[str, str]], key: str | None, lang: Lang) -> str:
    zh, en = table.get(key or "", (key or "", key or ""))
    return zh if lang == "zh" else en


def _num(n: Any) -> str:
    return f"{int(n):,}" if isinstance(n, int | float) else str(n)


def title(n: Notice, lang: Lang = "zh") -> str:
    zh, en = HEADLINES[n.kind]
    who = n.facts.get("processor_name") or n.processor
    head = zh if lang == "zh" else en
    if n.facts.get("escalated_after_days"):
        head = ("【升级】" if lang == "zh" else "[escalated] ") + head
    return f"{head} — {who} {n.year}"


def _lines(n: Notice, lang: Lang) -> list[str]:
    f = n.facts
    if n.kind is Kind.TEST:
        return ["这是一条测试消息：路由可用。" if lang == "zh" else "A test message: the route works.",
                f"- **{_l('processor', lang)}**: {f.get('processor_name')} (`{n.processor}`)"]
    out = [f"- **{_l('processor', lang)}**: {f.get('processor_name') or n.processor} (`{n.processor}`"
           + (f", USCC {f['uscc']})" if f.get("uscc") else ")"),
           f"- **{_l('year', lang)}**: {n.year}"]
    if "persons" in f:
        out.append(f"- **{_l('persons', lang)}**: {_num(f['persons'])}; {_l('sensitive', lang)} "
                   f"{_num(f.get('sensitive_persons', 0))}")
    if f.get("line"):
        share = f" = {f['share'] * 100:.1f} %" if f.get("share") is not None and f["line"] > 1 else ""
        out.append(f"- **{_l('line', lang)}**: {_num(f['line'])} {_pick(COUNTERS, f.get('counter'), lang)} "
                   f"({'以上' if lang == 'zh' else 'or more'}) — {_l('reached', lang)} {_num(f.get('measured', 0))}{share}")
    if f.get("obligation"):
        text = f.get("obligation_zh") if lang == "zh" and f.get("obligation_zh") else f.get("obligation_en")
        out.append(f"- **{_l('obligation', lang)}**: {_pick(MECHANISMS, f['obligation'], lang)} — {text or ''} "
                   f"[{f.get('article', '')}]")
    if n.kind is Kind.CROSSED and "mechanism_registered" in f:
        yes = f["mechanism_registered"]
        out.append(f"- **{_l('registered', lang)}**: " + (("是" if yes else "否（备案中未登记）") if lang == "zh"
                                                        else ("yes" if yes else "no (not in the filing)")))
    for key in ("crossed_on", "first_on"):
        if f.get(key):
            out.append(f"- **{_l(key, lang)}**: {f[key]}")
    if f.get("entities"):
        out.append(f"- **{_l('entities', lang)}**: {', '.join(f['entities'])}")
    out += _kind_lines(n, lang)
    filing = f"{f['filing_id']} v{f.get('filing_version', 1)}" if f.get("filing_id") else _l("no_filing", lang)
    out.append(f"- **{_l('filing', lang)}**: {filing}")
    if f.get("evidence"):
        out.append(f"- **{_l('evidence', lang)}**: " + "; ".join(f"`{redact(str(e))}`" for e in f["evidence"][:5]))
    if f.get("escalated_after_days"):
        days = f["escalated_after_days"]
        out.append(f"- **{_l('escalated', lang)}**: " + (f"越线 {days} 天仍无已登记机制" if lang == "zh"
                                                         else f"{days} days crossed without a registered mechanism"))
    if f.get("report"):
        out.append(f"- **{_l('report', lang)}**: {f['report']}")
    return out


def _kind_lines(n: Notice, lang: Lang) -> list[str]:
    f = n.facts
    if n.kind is Kind.NEGATIVE_LIST:
        return [f"- **{_l('list', lang)}**: {f.get('list_id')} — " + "; ".join(
            f"{redact(c['column'])} → {', '.join(c['entries']) or '-'}" for c in f.get("columns", []))]
    if n.kind is Kind.DRIFT:
        head = f"- **{_l('drift', lang)}**: {f.get('drift')} ({f.get('major', 0)} major, {f.get('minor', 0)} minor)"
        found = [f"  - {x['kind']} ({x['drift']}): {redact(x['reason'])} [{x.get('filing_ref', '')}]"
                 for x in f.get("findings", [])[:5]]
        action = [f"- **{_l('action', lang)}**: {f['action']}"] if f.get("action") else []
        return [head, *found, *action]
    if n.kind is Kind.FILING:
        zh, en = STATES.get(f.get("state", ""), (f.get("state", ""), f.get("state", "")))
        when = (f"有效期至 {f.get('expires_on')}，须于 {f.get('window_last_day')} 前申请续期（剩 {f.get('working_days_left')} 个工作日）"
                if lang == "zh" else f"expires {f.get('expires_on')}, apply by {f.get('window_last_day')} "
                f"({f.get('working_days_left')} working days left)")
        return [f"- **{_l('state', lang)}**: {zh if lang == 'zh' else en} — {when} [{f.get('source', '')}]"]
    if n.kind is Kind.SCAN_FAILURE:
        return [f"- **{_l('file', lang)}**: {redact(str(f.get('file_name', '')))}",
                f"- **{_l('nights', lang)}**: {f.get('nights')}; {_l('error', lang)} {f.get('error_class')}"]
    return []


def body(n: Notice, lang: Lang = "zh") -> str:
    return "\n".join(_lines(n, lang))


def digest(notices: list[Notice], lang: Lang = "zh") -> tuple[str, str]:
    """One message for many alerts of one run (bots take about 20 messages a minute)."""
    head = f"出境数据预警汇总：{len(notices)} 条" if lang == "zh" else f"Outbound data alerts: {len(notices)}"
    lines = []
    for n in notices:
        zh, en = HEADLINES[n.kind]
        f = n.facts
        extra = f" — {f['share'] * 100:.0f} % of {_num(f['line'])}" if f.get("share") and (f.get("line") or 0) > 1 else ""
        lines.append(f"- **{f.get('processor_name') or n.processor}** (`{n.processor}`) {n.year}: "
                     f"{zh if lang == 'zh' else en}{extra} [{n.severity.value}]")
    more = "\n\n详情见 `outbound alerts list`" if lang == "zh" else "\n\nDetails: `outbound alerts list`"
    return head, "\n".join(lines) + more
