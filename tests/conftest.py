"""Shared fixtures. Airflow reads AIRFLOW_HOME at import: point it at a private folder first.
The spaCy pipeline of the free-text path is built into a fresh cache per session, as in CI: no test
reads a cache built before it (or writes into the home directory)."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_AIRFLOW_HOME = Path(tempfile.mkdtemp(prefix="outbound-airflow-"))
os.environ.setdefault("AIRFLOW_HOME", str(_AIRFLOW_HOME))
os.environ["AIRFLOW__CORE__DAGS_FOLDER"] = str(ROOT / "dags")
os.environ["AIRFLOW__CORE__LOAD_EXAMPLES"] = "False"
os.environ["OUTBOUND_CACHE_DIR"] = _CACHE = tempfile.mkdtemp(prefix="outbound-cache-")
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
os.environ.pop("OUTBOUND_HASH_KEY", None)
os.environ.pop("OUTBOUND_WAREHOUSE", None)
