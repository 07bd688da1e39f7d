"""Benchmarks run by `make bench` (never by CI: speed is measured here, not asserted in tests).

- `python -m bench.classify` — column classification: outbound's `classify_source` against the
  baseline of issue 4, presidio-structured's `PandasAnalysisBuilder` with a blank spaCy "zh"
  pipeline and Chinese pattern recognizers (`bench/presidio_baseline.py`), on the evaluation
  corpus of `tests/eval` (same files, same 1,000-row sample size): wall time each, the ratio, and
  column-level F1 each; then the bounded-read check on a ~1 GB CSV and Parquet file against 1 MB
  ones (`bench/bigfile.py`).

Generated data is cached under `.bench/` (git-ignored): `.bench/eval/<corpus key>/` and
`.bench/big/`. Delete the folder to regenerate. Every value in it is fictional.
"""
