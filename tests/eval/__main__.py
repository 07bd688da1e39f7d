"""`python -m tests.eval` (`make eval`): generate (or reuse) the corpus, classify it, print scores.

The corpus is cached under `.bench/eval/<key>` (git-ignored); `--tmp` builds it in a temporary
folder instead. Exit status 0 whatever the scores: the CI gate is `tests/eval/test_eval.py`.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import Counter
from pathlib import Path

from rich.console import Console

from tests.eval.corpus import CorpusSpec, cached
from tests.eval.report import print_report
from tests.eval.runner import run


def main(argv: list[str] | None = None) -> int:
    defaults = CorpusSpec()
    parser = argparse.ArgumentParser(prog="python -m tests.eval", description=__doc__)
    parser.add_argument("--files", type=int, default=defaults.files, help="files in the corpus (default %(default)s)")
    parser.add_argument("--min-rows", type=int, default=defaults.min_rows)
    parser.add_argument("--max-rows", type=int, default=defaults.max_rows)
    parser.add_argument("--seed", type=int, default=defaults.seed, help="corpus seed")
    parser.add_argument("--sample-rows", type=int, default=1000, help="rows the classifier samples per file")
    parser.add_argument("--cache", type=Path, default=Path(".bench/eval"), help="where corpora are kept")
    parser.add_argument("--tmp", action="store_true", help="build the corpus in a temporary folder")
    parser.add_argument("--errors", type=int, default=40, help="wrong columns to list (0: none)")
    args = parser.parse_args(argv)

    console = Console(width=int(os.environ.get("COLUMNS", "140")), highlight=False)
    spec = CorpusSpec(seed=args.seed, files=args.files, min_rows=args.min_rows, max_rows=args.max_rows)
    with tempfile.TemporaryDirectory(prefix="outbound-eval-") as tmp:
        start = time.perf_counter()
        folder, truth = cached(spec, Path(tmp) if args.tmp else args.cache)
        built = time.perf_counter() - start
        kinds = Counter(t.kind for t in truth)
        formats = Counter(t.format for t in dict((t.file, t) for t in truth).values())
        console.print(f"corpus {spec.key} at {folder} ({built:.1f} s): {sum(formats.values())} files "
                      f"{dict(formats)}; {len(truth)} columns: {kinds['pi']} PI, {kinds['remark']} free-text remarks, "
                      f"{kinds['decoy']} decoys; {sum(1 for t in truth if t.header_kind == 'obfuscated')} under obfuscated headers")  # fmt: skip
        result = run(folder, truth, sample_rows=args.sample_rows)
        console.print(f"classified with outbound.classifiers.classify_source(sample_rows={args.sample_rows}): "
                      f"{result.total_seconds:.1f} s for {len(result.seconds)} files")  # fmt: skip
        for name, error in result.failed.items():
            console.print(f"  FAILED {name}: {error}", markup=False)
        if result.unexpected:
            console.print(f"  {len(result.unexpected)} reported columns not in the truth, e.g. {result.unexpected[:3]}", markup=False)
        print_report(console, truth, result.predictions, title="Column classification, outbound", errors=args.errors)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
