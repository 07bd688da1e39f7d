"""Sources benchmark: one export read locally, through a local S3 server, and out of PostgreSQL.

    python -m bench.sources [--rows N]        (default 1,000,000 rows; try --rows 50000 first)

Writes a CSV export of N synthetic order rows (order id, name, resident id, mobile) under
.bench/, puts the same bytes on moto's S3 server and the same rows in a PostgreSQL table (both
started on 127.0.0.1 for the run, as tests/sources does), then runs `outbound scan` on each in a
fresh process and a fresh warehouse: wall time, peak RSS of the scan process (the full pass's
forked child is measured by the S3/local difference no more than by bench.count) and the rows and
persons recorded, which must be equal across the three. Remote objects are staged to the spill
folder in 1 MB reads (outbound.sources.base), so their memory should match the local file's; the
staging copy shows in the wall time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import tempfile
from pathlib import Path

from bench.count import OUTBOUND, run

ROOT = Path(__file__).resolve().parents[1] / ".bench"
DAY = dt.date(2026, 3, 1)


def export(rows: int) -> Path:
    """The CSV export, made once per size (cached)."""
    from outbound.demo.identifiers import make_mobile, make_resident_id

    path = ROOT / f"sources-{rows}.csv"
    if path.exists():
        return path
    ROOT.mkdir(exist_ok=True)
    rng = random.Random(25)
    people = [(make_resident_id(rng, dt.date(1960 + i % 45, 1 + i % 12, 1 + i % 28)), make_mobile(rng))
              for i in range(rows * 2 // 3)]
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as fh:
        fh.write("order_id,name,id_no,mobile\n")
        for i in range(rows):
            rid, mobile = people[rng.randrange(len(people))]
            fh.write(f"O{i:08d},客户{i % 997},{rid},{mobile}\n")
    tmp.rename(path)
    return path


def _to_s3(endpoint: str, path: Path) -> str:
    import boto3

    client = boto3.client("s3", endpoint_url=endpoint)
    client.create_bucket(Bucket="bench")
    client.upload_file(str(path), "bench", f"exports/{path.name}")  # multipart, streamed
    return "s3://bench/exports/"


def _to_postgres(url: str, path: Path) -> None:
    import psycopg

    with psycopg.connect(url) as con, con.cursor() as cur:
        cur.execute("CREATE TABLE orders (order_id text, name text, id_no text, mobile text)")
        with path.open("rb") as fh, cur.copy("COPY orders FROM STDIN WITH (FORMAT csv, HEADER true)") as copy:
            while chunk := fh.read(8 << 20):
                copy.write(chunk)


def _scan(label: str, target: list[str], env: dict[str, str], work: Path) -> tuple[str, float, float, str]:
    wh = work / f"{label}.duckdb"
    r = run([OUTBOUND, "scan", *target, "--processor", "bench", "--warehouse", str(wh),
             "--exported-at", DAY.isoformat()], env)
    persons = run([OUTBOUND, "persons", "--processor", "bench", "--year", str(DAY.year), "--warehouse", str(wh)], env)
    rows = next((w.split("=", 1)[1] for line in r.stdout.splitlines() for w in line.split() if w.startswith("rows=")), "?")
    return label, r.wall, r.peak_mb, f"rows={rows}  " + (persons.stdout.strip().splitlines() or ["?"])[0]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    from tests.sources.servers import postgres_server, s3_server

    path = export(args.rows)
    env = {**os.environ, "OUTBOUND_HASH_KEY": "bench-key-not-secret", "AWS_ACCESS_KEY_ID": "bench",
           "AWS_SECRET_ACCESS_KEY": "bench-secret", "AWS_DEFAULT_REGION": "us-east-1"}
    results = []
    with tempfile.TemporaryDirectory(prefix="bench-sources-") as tmp, s3_server() as endpoint, postgres_server() as pg:
        work = Path(tmp)
        env["AWS_ENDPOINT_URL"] = endpoint
        os.environ.update({k: env[k] for k in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_DEFAULT_REGION")})
        bucket = _to_s3(endpoint, path)
        _to_postgres(pg, path)
        results.append(_scan("local file", [str(path)], env, work))
        results.append(_scan("S3 (moto, loopback)", [bucket], env, work))
        results.append(_scan("PostgreSQL query", [pg, "--query", "SELECT order_id, name, id_no, mobile FROM orders"], env, work))
    print(f"{args.rows:,} rows, {path.stat().st_size / 1e6:.0f} MB CSV")
    print(f"{'source':22} {'wall s':>8} {'peak MB':>8}  recorded")
    for label, wall, peak, what in results:
        print(f"{label:22} {wall:8.1f} {peak:8.0f}  {what}")


if __name__ == "__main__":
    main()
