"""`outbound obligations` output: each obligation in Chinese and English with its citation,
the distance to the next line, and when the current pace reaches it."""

from __future__ import annotations

from typing import Any

import click

from outbound.regulation.assessment import Assessment
from outbound.regulation.pace import Point, projected_date, values

MECHANISM_ZH = {
    "security_assessment": "数据出境安全评估",
    "standard_contract_or_certification": "个人信息出境标准合同或个人信息保护认证",
    "exempt": "免予申报",
}
ROUTE_ZH = {"standard_contract": "个人信息出境标准合同", "certification": "个人信息保护认证"}


def _projection(a: Assessment, series: list[Point]) -> list[dict[str, Any]]:
    out = []
    for o in a.obligations:
        line = o.next_line
        if line is None or o.counter not in ("pi_non_sensitive_persons", "spi_persons"):
            continue
        when = projected_date(values(series, o.counter), line, a.on)
        out.append({"rule_id": o.rule_id, "counter": o.counter, "measured": o.measured, "next_line": line,
                    "projected_date": when.isoformat() if when else None})
    return out


def obligations_json(a: Assessment, series: list[Point]) -> dict[str, Any]:
    data = a.to_json()
    data["projections"] = _projection(a, series)
    data["series"] = [{"date": p.day.isoformat(), "persons": p.persons, "sensitive_persons": p.sensitive_persons}
                      for p in series]
    return data


def print_obligations(a: Assessment, series: list[Point]) -> None:
    c = a.counts
    zone = a.profile.zone or "no FTZ"
    click.echo(f"{a.profile.processor} {c.year} (as of {a.on}) — {zone}, {'CIIO' if a.profile.ciio else 'not a CIIO'}")
    click.echo(f"  {c.persons:,} persons: {c.non_sensitive_persons:,} with PI only, {c.sensitive_persons:,} with "
               f"sensitive PI; important data: {'yes' if c.important_data else 'no'}")
    for i, o in enumerate(a.obligations, 1):
        mark = "" if o.verified else "  (◐ unverified source)"
        click.echo(f"  {i}. {o.mechanism} / {MECHANISM_ZH[o.mechanism]}  [{o.source}]{mark}")
        click.echo(f"     en: {o.summary}")
        if o.summary_zh:
            click.echo(f"     zh: {o.summary_zh}")
        if o.document:
            click.echo(f"     source: {o.document} {o.source_url or ''}".rstrip())
    for p in _projection(a, series):
        when = p["projected_date"] or "not this year"
        click.echo(f"  next line for {p['counter']}: {p['next_line']:,} (now {p['measured']:,}) — at the pace "
                   f"since 1 January, projected: {when}")
    _print_later_texts(a)
    for n in a.notes:
        click.echo(f"  note: {n}")


def _print_later_texts(a: Assessment) -> None:
    """Flags and routes of the national texts beside the thresholds (only when one applies)."""
    for f in a.flags:
        mark = "" if f["verified"] else "  (◐ unverified source)"
        click.echo(f"  flag: {f['id']} [{f['source']}]{mark}")
        click.echo(f"     en: {f['summary']}")
        click.echo(f"     zh: {f['summary_zh']}")
    if a.routes:
        click.echo("  routes for the standard-contract/certification band:")
    for r in a.routes:
        state = "open" if r["open"] else "not open"
        click.echo(f"     {r['route']} / {ROUTE_ZH[r['route']]}: {state} — {r['why']} [{r['source']}]")
