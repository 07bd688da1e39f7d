"""Column-level evaluation of `outbound`'s classifier on a generated, labelled corpus.

`python -m tests.eval` (what `make eval` runs) writes a seeded corpus of exports in every format
the scanners read, classifies each file through the public API only
(`outbound.scanners.open_source` + `outbound.classifiers.classify_source`) and prints precision,
recall and F1 per entity, overall, on obfuscated headers, and the decoy false positives.
`tests/eval/test_eval.py` runs the same on a smaller corpus and asserts the targets of issue 4.

Nothing here imports the classifier's helpers: identifiers are computed by `checksums.py` and
checked against python-stdnum / phonenumbers while they are generated, so the truth cannot share
a bug with the code it measures. The corpus is written to a cache or temporary folder, never
committed; every value is fictional.

Modules, in the order data flows:
  checksums.py    check digits (resident ID, USCC, Luhn, IMEI, IMO) with stdnum as the oracle
  values.py       identifier-like values (IDs, phones, cards, plates, coordinates, ...) with mess
  text_values.py  person names, addresses, diagnoses
  remarks.py      free-text remarks with embedded PI (a main entity and secondary ones)
  decoys.py       columns that look like identifiers and must stay unlabelled
  headers.py      header variants: Chinese, English, pinyin abbreviation, obfuscated
  plan.py         file themes and column plans (the truth is decided here)
  corpus.py       builds the tables and the truth of a whole corpus, cached by its key
  writers.py      CSV (UTF-8, GBK/GB18030, .gz), JSONL/JSON (nested), Parquet, Excel
  truth.py        the truth record of one column, expected categories
  metrics.py      per-entity precision / recall / F1 and slices
  runner.py       classifies a corpus through the public API
  report.py       the summary the gate reads and the table `make eval` prints
"""

from __future__ import annotations
