"""`outbound persons` and `outbound exports list` output: counts of distinct persons, their
breakdowns and running totals, and the exports recorded. Counts, dates and fingerprints only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, Protocol

import click

from outbound.common.masking import printable
from outbound.regulation.pace import Point


class Counted(Protocol):
    """Persons of a year or of one group of it (warehouse.persons.PersonTally and Group)."""

    @property
    def persons(self) -> int: ...
    @property
    def sensitive_persons(self) -> int: ...
    @property
    def unlinked(self) -> int: ...


class Tally(Counted, Protocol):
    @property
    def crowded(self) -> int: ...
    @property
    def largest(self) -> int: ...


class Grouped(Counted, Protocol):
    @property
    def key(self) -> str | None: ...


def persons_json(processor: str, year: int, tally: Tally, by: str | None, groups: Sequence[Grouped],
                 series: Sequence[Point] | None) -> dict[str, Any]:
    """The contract's four keys; a breakdown (`by`) or running totals (`series`) only add keys."""
    out: dict[str, Any] = {"processor": processor, "year": year, "persons": tally.persons,
                           "sensitive_persons": tally.sensitive_persons}
    if by:
        out["unlinked_persons"] = tally.unlinked
        out["by"] = by
        out["breakdown"] = [{"key": g.key, "persons": g.persons, "sensitive_persons": g.sensitive_persons,
                             "unlinked_persons": g.unlinked} for g in groups]
    if series is not None:
        out["cumulative"] = [{"date": p.day.isoformat(), "persons": p.persons,
                              "sensitive_persons": p.sensitive_persons} for p in series]
    return out


def print_persons(processor: str, year: int, tally: Tally, groups: Sequence[Grouped], series: Sequence[Point],
                  *, crowded_line: int) -> None:
    """`crowded_line`: identifiers per person above which a person looks merged by a shared one."""
    click.echo(f"{processor} {year}: {tally.persons:,} persons, {tally.sensitive_persons:,} with sensitive "
               f"personal information ({tally.unlinked:,} counted from rows without an identifier)")
    if tally.crowded:
        click.echo(f"note: {tally.crowded:,} of these persons link more than {crowded_line} identifiers each "
                   f"(the largest {tally.largest:,}): an identifier shared by several people on their rows (an "
                   "agency's phone, a placeholder) makes them one person; check those exports", err=True)
    for g in groups:
        click.echo(f"  {g.key or '(unspecified)':30} persons {g.persons:>10,}  sensitive {g.sensitive_persons:>9,}  "
                   f"unlinked {g.unlinked:>8,}")
    if series:
        click.echo("  running totals since 1 January, by export date:")
    for p in series:
        click.echo(f"  {p.day:%Y-%m-%d}  persons {p.persons:>10,}  sensitive {p.sensitive_persons:>9,}")


def print_exports(rows: Sequence[tuple[str, dt.date, str | None, str | None, str, int, str]]) -> None:
    for sha, day, recipient, scenario, fmt, n, path in rows:
        click.echo(f"{sha}  {day}  {fmt:8} rows={n:<10} {recipient or '-'} / {scenario or '-'}  {printable(path)}")


def print_deleted_exports(rows: Sequence[tuple[str, dt.datetime, str]]) -> None:
    for sha, when, path in rows:
        click.echo(f"{sha}  deleted {when:%Y-%m-%d %H:%M} UTC  {printable(path)}")


def print_deleted(sha: str) -> None:
    click.echo(f"deleted   {sha}  (the nightly scan will not record it again; `outbound scan` would)")
