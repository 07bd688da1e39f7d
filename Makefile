# The two set-up commands of the README: `make demo` and `make test`. Both create .venv if missing
# and install the pinned stack (constraints.txt) before running.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install demo test eval bench nlp lint rules-check constraints clean spot-check-site fuzz crash airflow airflow-stop test-distributed

$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(VENV)/bin/outbound demo

test: install
	$(VENV)/bin/outbound rules check
	$(PY) -m pytest -q

# The local Airflow UI (docs/deploy.md): api-server, scheduler, dag-processor, triggerer on 127.0.0.1.
# ZONE / WAREHOUSE set the Variables outbound_zone / outbound_warehouse (default: the demo's).
AIRFLOW_LOCAL ?= .airflow
ZONE      ?= demo/zone
WAREHOUSE ?= demo/outbound.duckdb
airflow: install
	$(PY) -m outbound.pipeline.airflow_local start --home $(AIRFLOW_LOCAL) --zone $(ZONE) --warehouse $(WAREHOUSE)

airflow-stop:
	$(PY) -m outbound.pipeline.airflow_local stop --home $(AIRFLOW_LOCAL)

# The nightly DAG on CeleryExecutor with two workers, Redis and PostgreSQL on loopback (installs nothing:
# needs the Debian packages redis-server and postgresql); compares its counts with one machine's.
test-distributed: install
	$(PY) -m tests.distributed.run

# The demo zone's spot-check reports and GX Data Docs (generated, not committed).
spot-check-site: install
	$(PY) -m outbound.demo.spot_check_site demo/spot-check-site

# Column-level precision / recall / F1 of `outbound classify` on a generated corpus (CI runs it as a test too).
eval: install
	$(PY) -m tests.eval

# The spaCy zh pipeline of the free-text path, built from the package's own data into the cache
# (OUTBOUND_CACHE_DIR, else ~/.cache/outbound); otherwise it is built on first use. Nothing is downloaded.
nlp: install
	$(PY) -m outbound.classifiers.presidio build

# Benchmarks: printed tables with ratios against a named baseline run side by side (not part of CI).
bench: install
	$(PY) -m bench.classify
	$(PY) -m bench.speed --per-kind  # µs per sampled cell against the lean and current presidio-structured baselines
	$(PY) -m bench.freetext
	$(PY) -m bench.count
	$(PY) -m bench.sources  # local file vs local S3 server vs PostgreSQL, 1,000,000 rows
	$(PY) -m bench.nights  # a year of nights: growth of the last tenth over the first
	$(PY) -m bench.smallfiles  # 5,000 one-row CSVs: one scan of the folder against scan_file per file

# Long budgets of the property-based and kill tests that CI runs small.
fuzz: install
	HYPOTHESIS_PROFILE=fuzz $(PY) -m pytest -q tests/identifiers/test_properties.py

crash: install
	OUTBOUND_CRASH_KILLS=200 $(PY) -m pytest -q tests/test_crash.py

lint: install
	$(VENV)/bin/ruff check outbound dags tests
	$(VENV)/bin/mypy outbound dags

constraints: install
	( echo "# Pinned versions of the whole stack (pip freeze of a clean venv, Python 3.11), used as 'pip install -c'."; \
	  echo "# Regenerate: make constraints"; \
	  $(PY) -m pip freeze --exclude-editable | grep -v -E '^(pip|setuptools|wheel)==' ) > constraints.txt

clean:
	rm -rf demo .airflow .pytest_cache
