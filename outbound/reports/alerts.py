"""Turn obligations into alerts: one console line each, recorded in the warehouse by the flow.

The console is one sink; people are told through `outbound.alerts` (DingTalk / WeCom / Feishu /
e-mail / webhooks via apprise), which reads the same assessment and adds the kinds, dedup keys
and deliveries this record does not hold.
"""

from __future__ import annotations

from outbound.common.records import Alert, Obligation, YearlyCounts


def _alert(counts: YearlyCounts, kind: str, o: Obligation, lead: str) -> Alert:
    return Alert(
        processor=counts.processor,
        year=counts.year,
        kind=kind,
        rule_id=o.rule_id,
        measured=o.measured,
        threshold=o.threshold,
        message=f"{lead}{o.mechanism.replace('_', ' ')} — {o.summary} [{o.source}]",
    )


def alerts_for(
    counts: YearlyCounts, triggered: tuple[Obligation, ...], near: tuple[Obligation, ...]
) -> tuple[Alert, ...]:
    """A `triggered` alert per owed mechanism, an `approaching` alert per line close ahead."""
    owed = [_alert(counts, "triggered", o, "required: ") for o in triggered if o.mechanism != "exempt"]
    return (*owed, *(_alert(counts, "approaching", o, "approaching: ") for o in near))


def console_line(alert: Alert) -> str:
    return f"ALERT [{alert.kind}] {alert.processor} {alert.year}: {alert.message}"
