"""What the reader process does with one file (`read_file`): classify a sample, key every row.

A small CSV is read once: its sample is the whole file (`Source.sample` reads a small file whole),
so the full pass keys the rows the sample holds (`outbound.fullpass.rows`) and its keyed tables
come back in the answer. Any other file takes the DuckDB pass over every row, which writes the
keyed tables as Arrow files into the batch's hand-over folder.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pyarrow as pa

from outbound.common import limits
from outbound.common.records import ColumnLabel, FileClassification

if TYPE_CHECKING:
    import duckdb
    import pandas as pd

    from outbound.fullpass import PersonKeys, TopUp
    from outbound.scanners import Source

WHOLE_IN_MEMORY = ("csv",)  # formats whose sample of a small file holds exactly the cells the full pass reads


@dataclass(frozen=True)
class ReadJob:
    """What the reader needs for one file (it pickles: no functions, no open handles)."""

    path: Path  # as the reader opens it: an ASCII link in `handover` to a name that is not UTF-8
    encoding: str | None
    sample_rows: int
    seed: int
    on: dt.date
    key: bytes
    handover: Path  # private to the batch: the Arrow tables the reader writes, `stem`.ids/edges.arrow
    stem: str  # this file's own names in `handover`
    spill: Path  # private to the batch: where the reader's DuckDB spills
    bounds: limits.Limits  # the reading bounds in force for this file

    def arrow(self, name: str) -> Path:
        return self.handover / f"{self.stem}.{name}.arrow"


@dataclass(frozen=True)
class ReadResult:
    """What the reader answers: the labels the full pass counted by, without their evidence (the
    rest of the classification is not sent: pickling it cost both processes time on every file)."""

    format: str
    total_rows: int
    unlinked: int
    unlinked_sensitive: int
    labels: tuple[ColumnLabel, ...]
    notes: tuple[str, ...]  # what the user should know of the file (lost digits, bad bytes read around)
    tables: tuple[pa.Table, pa.Table] | None = None  # (ids, edges); None: in the job's Arrow files


class _Kept:
    """A source whose sample is kept: the classifier samples it, the full pass may key it."""

    def __init__(self, source: Source) -> None:
        self.source = source
        self.frame: pd.DataFrame | None = None

    @property
    def path(self) -> Path:
        return self.source.path

    @property
    def format(self) -> str:
        return self.source.format

    def sample(self, n: int, seed: int) -> pd.DataFrame:
        self.frame = self.source.sample(n, seed)
        return self.frame

    def whole(self, n: int) -> dict[str, list[str | None]] | None:
        """Every row of the file, as the sample read them, when the sample is the whole file:
        read whole, and fewer rows than asked (with `n` rows it might have been a pick)."""
        frame = self.frame
        if frame is None or len(frame) >= n or self.format not in WHOLE_IN_MEMORY or not self.source.reads_whole(n):
            return None
        # one object block (text cells): its columns as lists, without a Series each (0.2 ms a file)
        return dict(zip(map(str, frame.columns), frame.to_numpy(dtype=object).T.tolist(), strict=True))


def read_file(job: ReadJob) -> ReadResult:
    """In the reader: classify a sample, key every row (see the module docstring)."""
    from outbound import classifiers
    from outbound.scanners import badbytes, bounds, open_source

    limits.given(job.bounds)
    bounds.check_compressed(job.path)
    try:
        source = open_source(job.path, encoding=job.encoding)
        kept = _Kept(source)
        classified = classifiers.classify_source(kept, sample_rows=job.sample_rows, seed=job.seed, on=job.on)
    except RecursionError:  # Python's JSON parser: about 1,000 levels (sys.getrecursionlimit)
        raise limits.exceeded(str(job.path), "it is nested deeper than the JSON parser reads",
                              "about 1,000 levels", "none: flatten the file") from None  # fmt: skip
    rows = kept.whole(job.sample_rows)
    keys, tables = (_in_memory(rows, classified, job), True) if rows is not None else (_pass(source, classified, job), False)
    notes = classified.notes
    if getattr(source, "bad_bytes", "strict") != "strict" and (
        bad := badbytes.note(source.path, source.encoding or "utf-8")
    ):
        notes = (*notes, bad)
    labels = tuple(dataclasses.replace(lab, explain=None) for lab in keys.labels)  # evidence: `classify --explain` only
    return ReadResult(source.format, keys.total_rows, keys.unlinked, keys.unlinked_sensitive, labels, notes,
                      (keys.ids, keys.edges) if tables else None)  # fmt: skip


def _in_memory(rows: dict[str, list[str | None]], classified: FileClassification, job: ReadJob) -> PersonKeys:
    from outbound.fullpass.rows import person_keys_of_rows
    from outbound.regulation import rules

    return person_keys_of_rows(rows, classified.columns, key=job.key, on=job.on, entities=rules.entities(job.on))


def _pass(source: Source, classified: FileClassification, job: ReadJob) -> PersonKeys:
    """The DuckDB pass over every row; its keyed tables written to the job's Arrow files."""
    from outbound.fullpass import apart
    from outbound.regulation import rules
    from outbound.scanners import streamed

    con = _connection(job.spill)
    try:
        keys = apart.person_keys(con, streamed(source), classified.columns, key=job.key, on=job.on,
                                 entities=rules.entities(job.on), top_up=_top_up(classified, job.on))  # fmt: skip
    except BaseException:
        _CONNECTION.clear()  # a connection a failure left behind is not used again
        con.close()
        raise
    for (table,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall():
        con.execute(f'DROP TABLE IF EXISTS "{table}"')  # the cells of this file go with its pass
    for name, table in (("ids", keys.ids), ("edges", keys.edges)):
        with pa.ipc.new_file(job.arrow(name), table.schema) as out:
            out.write_table(table)
    return keys


_CONNECTION: dict[Path, duckdb.DuckDBPyConnection] = {}


def _connection(spill: Path) -> duckdb.DuckDBPyConnection:
    """The reader's in-memory DuckDB, made once per batch: making it cost about 50 ms a file on
    a loaded machine (measured), more than the pass over a small file."""
    from outbound.fullpass import apart

    if spill not in _CONNECTION:
        for old in _CONNECTION.values():
            old.close()
        _CONNECTION.clear()
        _CONNECTION[spill] = apart.full_pass_connection(spill)
    return _CONNECTION[spill]


def _top_up(classified: FileClassification, on: dt.date) -> TopUp | None:
    """The sparse columns of the sample, for the full pass to classify again on more of their cells."""
    if not classified.sparse:
        return None
    from outbound.classifiers import SPARSE_TOP_UP
    from outbound.classifiers.vote import classify_column
    from outbound.fullpass import TopUp
    from outbound.regulation import rules

    def relabel(column: str, values: list[str]) -> ColumnLabel:
        return classify_column(
            column, values, on=on, entity_rules=rules.entities(on), header_rules=rules.headers(on)
        )

    return TopUp(tuple(classified.sparse), SPARSE_TOP_UP, relabel)


def keyed_tables(job: ReadJob, result: ReadResult) -> tuple[pa.Table, pa.Table]:
    """In the scanning process: the answer's (ids, edges), read from the job's files if it wrote them."""
    if result.tables is not None:
        return result.tables
    ids, edges = (pa.ipc.open_file(pa.memory_map(str(job.arrow(n)))).read_all() for n in ("ids", "edges"))
    return ids, edges


def forget(job: ReadJob) -> None:
    """Remove the job's hand-over files (keyed hashes only, but not kept), and its link."""
    for name in ("ids", "edges"):
        job.arrow(name).unlink(missing_ok=True)
    if job.path.parent == job.handover:
        job.path.unlink(missing_ok=True)
