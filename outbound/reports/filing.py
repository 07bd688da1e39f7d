"""`outbound filing` output: validation problems, what a filing declares, its lifecycle status.

A filing arrives as its plain data (`expectations.filing.filing_dict`, the schema of
docs/filing.md) and a status as `Lifecycle.to_json()`: this stage does not import another."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click


def print_problems(file: Path, errors: Sequence[str], warnings: Sequence[str] = (), *, readable: bool = True) -> None:
    """`readable`: the file matched the schema, so the rule checks ran (else only its problems count)."""
    for problem in errors:
        click.echo(f"invalid   {problem}", err=True)
    for warning in warnings:
        click.echo(f"warning   {warning}", err=True)
    if not readable:
        click.echo(f"{file}: {len(errors)} problem(s)")
        return
    click.echo(f"{file}: {'invalid' if errors else 'valid'}, {len(errors)} problem(s), {len(warnings)} warning(s)")


def _basis(s: Mapping[str, Any]) -> str:
    if used := s.get("uses_list"):
        return f"list {used['list_id']} {used.get('scenario') or ''} {used.get('subcategories') or ''}"
    if s.get("exemption_ground"):
        return f"exemption {s['exemption_ground']}"
    return f"mechanism {s.get('mechanism') or 'not stated'}"


def _print_dataset(d: Mapping[str, Any]) -> None:
    click.echo(f"  dataset {d['name']} ({d.get('format') or '?'}, {', '.join(d['files']) or 'any file name'}) → "
               f"{', '.join(d['recipients']) or 'any filed recipient'}")
    for fl in d["fields"]:
        masked = f" masked: {fl['masking']}" if fl["masked"] else ""
        click.echo(f"    {fl['name']:20} {fl['data_item']:14} {fl['category']:9} {','.join(fl['entities']) or '-'}{masked}")


def print_filing(f: Mapping[str, Any]) -> None:
    """What the filing declares: processor, scenarios, catalogue, scale, recipients, dates."""
    p = f["processor"]
    click.echo(f"{f['filing_id']} v{f['version']} — {p['name']} ({p['id']}, USCC {p['uscc']}, zone "
               f"{p.get('zone') or 'none'}, {'CIIO' if p['ciio'] else 'not a CIIO'}, {p['industry']})")
    click.echo(f"  filed {f['filed_on']}, approved {f.get('approved_on') or '(not yet)'}")
    for s in f["scenarios"]:
        click.echo(f"  scenario {s['id']}: {s['name']} — {s['purpose']} [{_basis(s).strip()}]")
    for d in f["datasets"]:
        _print_dataset(d)
    sc = f["scale"]
    click.echo(f"  scale per year: {sc['persons']:,} persons, {sc['sensitive_persons']:,} with sensitive PI"
               + (f", {sc['records']:,} records" if sc.get("records") is not None else ""))
    for r in f["recipients"]:
        click.echo(f"  recipient {r['name']} ({r['country']}) via {r['transfer_method']}"
                   + (f", {r['contact']}" if r.get("contact") else ""))


def print_status(file: Path, st: Mapping[str, Any], assessment: Sequence[str] = ()) -> None:
    """A filing's lifecycle, and a passed security assessment's lines when the filing names one."""
    click.echo(f"{file}: {st['state']} on {st['on']}; approved {st['approved_on']}, valid through {st['expires_on']}, "
               f"renewal window {st['window_opens_on']} – {st['window_last_day']} [{st['source']}]")
    for note in st["notes"]:
        click.echo(f"  note: {note}")
    if assessment:
        click.echo("\n".join(assessment))


def print_alert(alert: str) -> None:
    click.echo(alert, err=True)
