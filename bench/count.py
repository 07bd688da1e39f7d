"""Counting benchmark: `outbound scan` + `outbound persons` against DuckDB's own count(DISTINCT).

    python -m bench.count [--rows N] [--persons N] [--repeat N]

Generates (once, cached under .bench/) an export of 10 million rows and about 2 million distinct
persons as CSV and Parquet, then runs, each in a fresh process and the outbound ones on a fresh
warehouse: the floor (DuckDB counting distinct resident IDs: just reading the column), and
`outbound scan` followed by `outbound persons`. Prints wall time, rows/s, peak RSS, the ratio to
the floor and whether the count is exact (the generator's truth). Best of --repeat runs.

Then, per format, the steps no implementation of the command contract can skip, each measured on
its own (`necessary`): a fresh process classifying the sample (`outbound classify`: start,
imports, sampling, classification), DuckDB's exact reduction of the labelled identifier columns
to their distinct combinations (the query alone, in a fresh process: one more column than the
floor reads), keying the distinct identifiers (AES-CMAC, the keyed hash alone), linking them
(each row's identifiers as node numbers, connected components), storing the keyed identifiers and
links in a fresh DuckDB file, and `outbound persons`. Their sum, with evaluating thresholds and
everything between the steps taken as free, is a lower bound for scan + persons as built from the
cheapest way of each step measured: the distance between it and the measured run is what the
pipeline itself costs.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.count_corpus import EXPORTED_ON, corpus

TARGETS = {"parquet": 2.5, "csv": 2.0}  # ratio to the floor, from the issue
OUTBOUND = str(Path(sys.executable).with_name("outbound"))


@dataclass(frozen=True)
class Run:
    wall: float
    cpu: float  # user + system seconds of the child (all its threads): steadier than wall on a busy machine
    peak_mb: float
    stdout: str


def run(argv: list[str], env: dict[str, str] | None = None) -> Run:
    """One child process: wall time and its own peak RSS (wait4, not the children's maximum)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage, and its exit
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        text, problem = out.read().decode(), err.read().decode()
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv[:3])} … failed:\n{problem[-2000:]}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, text)


def _reader(path: Path, fmt: str) -> str:
    return f"read_parquet('{path}')" if fmt == "parquet" else f"read_csv('{path}', all_varchar=true)"


def floor(path: Path, fmt: str) -> tuple[Run, int]:
    reader = _reader(path, fmt)
    code = ("import duckdb; con = duckdb.connect(); con.execute('SET enable_progress_bar = false'); "
            f"print(con.execute(\"SELECT count(DISTINCT id_no) FROM {reader}\").fetchall()[0][0])")
    r = run([sys.executable, "-c", code])
    return r, int(r.stdout.strip())


# The steps, each timed in a fresh process; the reduction and the keying print only their own time.
_REDUCE = """
import sys, time, duckdb
con = duckdb.connect(); con.execute('SET enable_progress_bar = false')
t = time.perf_counter()
con.execute(sys.argv[1]).fetchall()
print(time.perf_counter() - t)
"""
_KEY = """
import json, sys, time, duckdb
from outbound import identifiers
reader, columns = sys.argv[1], json.loads(sys.argv[2])
con = duckdb.connect(); con.execute('SET enable_progress_bar = false')
values = {c: con.sql(f'SELECT DISTINCT "{c}" AS v FROM {reader} WHERE "{c}" IS NOT NULL').to_arrow_table()["v"].combine_chunks()
          for c in columns}
for v in values.values():  # warm: imports, key derivation, and memory the first round faults in
    identifiers.keyed_hashes(b"bench", "warm-up", v)
t = time.perf_counter()
for entity, v in zip(columns.values(), values.values()):  # the corpus's cells are canonical already
    identifiers.keyed_hashes(b"bench", entity, v)
print(time.perf_counter() - t, sum(len(v) for v in values.values()))
"""

# Linking and storing, each timed alone after untimed preparation: the reduced rows in a table,
# each column's distinct values numbered by position (the keying needs them anyway) and keyed.
# Linking: each row's identifiers as node numbers (DuckDB joins) and the connected components
# (scipy): the cheapest of the ways measured (pyarrow/pandas factorizing took 0.7-1.4 s).
# Storing: the keyed identifiers with their person and the keyed links, into a fresh DuckDB file.
_LINK_STORE = """
import json, os, sys, tempfile, time, duckdb, numpy as np, pyarrow as pa
import scipy.sparse as sp, scipy.sparse.csgraph as cg
from outbound import identifiers
reader, columns = sys.argv[1], json.loads(sys.argv[2])
con = duckdb.connect(); con.execute('SET enable_progress_bar = false')
cols = list(columns)
listed = ", ".join(f'"{c}"' for c in cols)
con.execute(f'CREATE TEMP TABLE p AS SELECT {listed} FROM {reader} GROUP BY ALL')
offset, keys = 0, []
for i, c in enumerate(cols):
    con.execute(f'CREATE TEMP TABLE n{i} AS SELECT v, row_number() OVER () - 1 + {offset} AS n '
                f'FROM (SELECT DISTINCT "{c}" AS v FROM p WHERE "{c}" IS NOT NULL)')
    values = con.sql(f'SELECT v FROM n{i} ORDER BY n').to_arrow_table()['v'].combine_chunks()
    keys.append(identifiers.keyed_hashes(b'bench', columns[c], values))
    offset += len(values)
t = time.perf_counter()
edges = [con.sql(f'SELECT a.n AS x, b.n AS y FROM p JOIN n0 a ON p."{cols[0]}" = a.v JOIN n{i} b ON p."{c}" = b.v').fetchnumpy()
         for i, c in enumerate(cols) if i]
x = np.concatenate([e['x'] for e in edges]); y = np.concatenate([e['y'] for e in edges])
graph = sp.coo_matrix((np.ones(len(x), dtype=np.int8), (x, y)), shape=(offset, offset))
persons, label = cg.connected_components(graph, directed=False)
link_s = time.perf_counter() - t
tags = np.concatenate(keys)
ids = pa.table({'h': identifiers.uuid_column(tags), 'person': pa.array(label)})
links = pa.table({'a': identifiers.uuid_column(tags[x]), 'b': identifiers.uuid_column(tags[y])})
folder = tempfile.mkdtemp()
t = time.perf_counter()
w = duckdb.connect(os.path.join(folder, 'w.duckdb'))
w.execute('CREATE TABLE identifiers AS SELECT * FROM ids'); w.execute('CREATE TABLE links AS SELECT * FROM links')
w.execute('CHECKPOINT'); w.close()
print(link_s, time.perf_counter() - t, persons, len(x))
"""


@dataclass(frozen=True)
class Step:
    name: str
    seconds: float


def necessary(path: Path, fmt: str, persons: Run, repeat: int) -> list[Step]:
    """The steps every scan + persons must take (see the module docstring), best of `repeat` each."""
    from outbound.regulation import rules

    classify = min((run([OUTBOUND, "classify", str(path), "--json"]) for _ in range(repeat)), key=lambda r: r.wall)
    spec = rules.entities(EXPORTED_ON).entities
    labelled = json.loads(classify.stdout)[0]["columns"]
    ids = {c["name"]: c["entity"] for c in labelled if c["entity"] in spec and spec[c["entity"]].identifier}
    listed = ", ".join(f'"{c}"' for c in ids)
    reduce = min(float(run([sys.executable, "-c", _REDUCE,
                            f"SELECT count(*) FROM (SELECT {listed} FROM {_reader(path, fmt)} GROUP BY ALL)"]).stdout)
                 for _ in range(repeat))  # fmt: skip
    keyed = [run([sys.executable, "-c", _KEY, _reader(path, fmt), json.dumps(ids)]).stdout.split() for _ in range(repeat)]
    key_s, n_keys = min(float(k[0]) for k in keyed), int(keyed[0][1])
    linked = [run([sys.executable, "-c", _LINK_STORE, _reader(path, fmt), json.dumps(ids)]).stdout.split()
              for _ in range(repeat)]  # fmt: skip
    link_s, store_s = min(float(k[0]) for k in linked), min(float(k[1]) for k in linked)
    n_links = int(linked[0][3])
    return [
        Step("classify the sample (outbound classify, a process)", classify.wall),
        Step(f"exact reduction of {', '.join(ids)} (DuckDB GROUP BY)", reduce),
        Step(f"key {n_keys:,} distinct identifiers (AES-CMAC)", key_s),
        Step(f"link: {n_links:,} row links to node numbers, components", link_s),
        Step("store keyed identifiers and links (fresh DuckDB file)", store_s),
        Step("outbound persons (a process)", persons.wall),
    ]


def outbound(path: Path) -> tuple[Run, Run, dict[str, int]]:
    folder = Path(tempfile.mkdtemp(prefix="bench-count-"))
    try:
        wh = folder / "w.duckdb"
        env = {**os.environ, "OUTBOUND_HASH_KEY": "bench-key-not-secret"}
        scan = run([OUTBOUND, "scan", str(path), "--processor", "bench", "--warehouse", str(wh),
                    "--exported-at", EXPORTED_ON.isoformat()], env)  # fmt: skip
        persons = run([OUTBOUND, "persons", "--processor", "bench", "--year", str(EXPORTED_ON.year),
                       "--warehouse", str(wh), "--json"], env)  # fmt: skip
        return scan, persons, json.loads(persons.stdout)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def best(runs: list[tuple[Run, ...]]) -> tuple[Run, ...]:
    return min(runs, key=lambda rs: sum(r.wall for r in rs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--persons", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    t0 = time.perf_counter()
    c = corpus(rows=args.rows, persons=args.persons)
    print(f"Counting benchmark: {c.rows:,} rows, {c.persons:,} distinct persons ({c.sensitive_persons:,} under 14), "
          f"{os.cpu_count()} cores; corpus ready in {time.perf_counter() - t0:.1f} s (cached in {c.csv.parent})")
    print(f"{'format':8} {'run':34} {'wall s':>7} {'cpu s':>6} {'rows/s':>9} {'peak RSS':>9} {'persons':>10} "
          f"{'sensitive':>9}  exact")
    verdicts, bounds = [], []
    for fmt, path in (("parquet", c.parquet), ("csv", c.csv)):
        size = path.stat().st_size / 1e6
        floors = [floor(path, fmt) for _ in range(args.repeat)]
        f_run, f_count = min(floors, key=lambda x: x[0].wall)
        ours = [outbound(path) for _ in range(args.repeat)]
        scan, persons, answer = min(ours, key=lambda x: x[0].wall + x[1].wall)
        exact = answer["persons"] == c.persons and answer["sensitive_persons"] == c.sensitive_persons
        total = scan.wall + persons.wall
        rows = [
            (f"duckdb count(DISTINCT id) {size:,.0f} MB", f_run.wall, f_run.cpu, f_run.peak_mb, f_count, None,
             f_count == c.persons),
            ("outbound scan", scan.wall, scan.cpu, scan.peak_mb, None, None, None),
            ("outbound persons", persons.wall, persons.cpu, persons.peak_mb, answer["persons"],
             answer["sensitive_persons"], exact),
            ("scan + persons", total, scan.cpu + persons.cpu, max(scan.peak_mb, persons.peak_mb), None, None, None),
        ]
        for name, wall, cpu, peak, n, s, ok in rows:
            print(f"{fmt:8} {name:34} {wall:7.2f} {cpu:6.2f} {c.rows / wall / 1e6:7.2f} M {peak:6.0f} MB "
                  f"{'' if n is None else f'{n:,}':>10} {'' if s is None else f'{s:,}':>9}  "
                  f"{'' if ok is None else ('yes' if ok else 'NO')}")
        steps = necessary(path, fmt, persons, args.repeat)
        bounds.append((fmt, f_run.wall, total, steps))
        ratio = total / f_run.wall
        target = TARGETS[fmt]
        verdicts.append(f"{fmt}: ratio {ratio:.2f} (target ≤ {target}) {'met' if ratio <= target else 'MISSED'}, "
                        f"cpu ratio {(scan.cpu + persons.cpu) / f_run.cpu:.2f}; "
                        f"peak RSS {max(scan.peak_mb, persons.peak_mb):.0f} MB (target < 2048) ; "
                        f"count {'exact' if exact else 'NOT exact'}")
    print()
    print("Necessary steps, each measured alone (evaluating and the joins between steps counted as free):")
    print(f"{'format':8} {'step':58} {'s':>6} {'× floor':>8}")
    for fmt, floor_s, total, steps in bounds:
        for st in steps:
            print(f"{fmt:8} {st.name:58} {st.seconds:6.2f} {st.seconds / floor_s:7.2f}×")
        bound = sum(st.seconds for st in steps)
        print(f"{fmt:8} {'lower bound for scan + persons (sum)':58} {bound:6.2f} {bound / floor_s:7.2f}×  "
              f"(target ≤ {TARGETS[fmt]}×; measured {total / floor_s:.2f}×, {total - bound:.2f} s above the bound)")
    print()
    for v in verdicts:
        print(v)


if __name__ == "__main__":
    main()
