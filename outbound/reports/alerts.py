"""Turn obligations into alerts: one console line each, recorded in the warehouse by the flow.

Delivery channels (DingTalk / WeCom / Feishu / e-mail / webhook via apprise) come later; the
console sink is the first one.
"""

from __future__ import annotations

from outbound.common.records import Alert, Obligation, YearlyCounts


def alerts_for(
    counts: YearlyCounts, triggered: tuple[Obligation, ...], near: tuple[Obligation, ...]
) -> tuple[Alert, ...]:
    """A `triggered` alert per owed mechanism, an `approaching` alert per line close ahead."""
    out = [
        Alert(
            processor=counts.processor,
            year=counts.year,
            kind="triggered",
            rule_id=o.rule_id,
            measured=o.measured,
            threshold=o.threshold,
            message=f"{o.mechanism.replace('_', ' ')} required — {o.summary} [{o.source}]",
        )
        for o in triggered
        if o.mechanism != "exempt"
    ]
    out += [
        Alert(
            processor=counts.processor,
            year=counts.year,
            kind="approaching",
            rule_id=o.rule_id,
            measured=o.measured,
            threshold=o.threshold,
            message=f"approaching {o.mechanism.replace('_', ' ')} — {o.summary} [{o.source}]",
        )
        for o in near
    ]
    return tuple(out)


def console_line(alert: Alert) -> str:
    return f"ALERT [{alert.kind}] {alert.processor} {alert.year}: {alert.message}"
