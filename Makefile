# The two set-up commands of the README: `make demo` and `make test`. Both create .venv if missing
# and install the pinned stack (constraints.txt) before running.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: install demo test eval bench lint rules-check constraints clean

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

# Column-level precision / recall / F1 of `outbound classify` on a generated corpus (CI runs it as a test too).
eval: install
	$(PY) -m tests.eval

# Benchmarks: printed tables with ratios against a named baseline run side by side (not part of CI).
bench: install
	$(PY) -m bench.classify
	$(PY) -m bench.count
	$(PY) -m bench.nights

lint: install
	$(VENV)/bin/ruff check outbound dags tests
	$(VENV)/bin/mypy outbound dags

constraints: install
	( echo "# Pinned versions of the whole stack (pip freeze of a clean venv, Python 3.11), used as 'pip install -c'."; \
	  echo "# Regenerate: make constraints"; \
	  $(PY) -m pip freeze --exclude-editable | grep -v -E '^(pip|setuptools|wheel)==' ) > constraints.txt

clean:
	rm -rf demo .airflow .pytest_cache
