# plein: two commands on a fresh Debian machine.
#   make run   set up, migrate, load demo data, serve http://127.0.0.1:5000
#   make test  set up with dev extras (and Debian's chromium), ruff, the pytest suite with
#              the focused browser journeys (make test-extended: the extended tests)
#   make screenshots  the browser tests alone, saving a screenshot of every page they check
#   make audit bandit over plein/ and pip-audit over the pinned set (see scripts/audit_deps.py)
#   make bench HTTP benchmark on seeded data (bench/README.md; needs Debian's wrk)

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := plein
# Python may keep its compiled modules (__pycache__, git-ignored) even where the
# environment says not to: without them every pytest worker, live server and subprocess
# compiles Flask, SQLAlchemy and the app again (collection alone 5.2 s -> 2.2 s).
export PYTHONDONTWRITEBYTECODE :=
HOST ?= 127.0.0.1
PORT ?= 5000

.PHONY: run test test-extended screenshots lint audit migrate demo chromium pdf-libs clean bench wrk

$(BIN)/flask: pyproject.toml constraints.txt
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { \
	  rm -rf $(VENV); \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null && $(PYTHON) -m venv $(VENV); \
	  else \
	    echo "Creating .venv failed: install Debian's python3-venv as root (apt-get install -y python3-venv)."; exit 1; \
	  fi; }
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(BIN)/pytest: $(BIN)/flask
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

migrate: $(BIN)/flask pdf-libs
	$(BIN)/flask db upgrade

demo: migrate
	$(BIN)/flask plein demo

run: demo
	@echo "plein draait op http://$(HOST):$(PORT)  (stoppen: Ctrl+C)"
	$(BIN)/flask run --host $(HOST) --port $(PORT)

chromium:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Browser tests need Debian's chromium at /usr/bin/chromium."; \
	    echo "Install it as root: apt-get install -y chromium   (then run make test again)"; \
	    exit 1; \
	  fi; \
	fi

# The contract PDF (WeasyPrint) needs Debian's Pango and a font; the tests also turn a
# PDF page into PNG with pdftoppm (poppler-utils).
PDF_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils

pdf-libs:
	@if ! dpkg -s $(PDF_PACKAGES) >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(PDF_PACKAGES) >/dev/null; \
	  else \
	    echo "The contract PDF needs Debian packages: apt-get install -y $(PDF_PACKAGES) (as root)"; exit 1; \
	  fi; \
	fi

wrk:
	@if ! command -v wrk >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
	  else \
	    echo "The benchmark needs Debian's wrk: apt-get install -y wrk (as root)"; exit 1; \
	  fi; \
	fi

bench: $(BIN)/flask wrk
	$(BIN)/python -m bench.throughput $(BENCH_ARGS)

lint: $(BIN)/pytest
	$(BIN)/ruff check .

# Two pytest workers (pytest-xdist): the browser tests are shared out one share per
# worker (--dist loadgroup), the rest is spread. PYTEST_WORKERS=0 runs in one process.
# make test leaves out the tests marked extended (the browser journeys beyond the focused
# set, the lists at ten times the data); make test-extended runs only those, and
# .ci/run runs everything in one go with make test PYTEST_MARKS= (an empty -m keeps all).
PYTEST_WORKERS ?= 2
PYTEST_MARKS ?= not extended

test: $(BIN)/pytest chromium pdf-libs lint
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup -m "$(PYTEST_MARKS)"

test-extended: $(BIN)/pytest chromium pdf-libs
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup -m extended

# The browser tests alone, saving a full-page screenshot of every page they check in
# tests/screenshots/ (make test leaves the screenshots out to stay fast): look at them.
screenshots: $(BIN)/pytest chromium pdf-libs
	PLEIN_SCREENSHOTS=1 $(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup tests/browser

# bandit: no finding of medium severity or higher (justify any exception in place with
# "# nosec BXXX: why"). scripts/audit_deps.py runs pip-audit over constraints.txt: it
# fails on any known vulnerability, and also on pins it could not check when
# PLEIN_AUDIT_STRICT=1 (set that where PyPI's vulnerability data is reachable).
audit: $(BIN)/pytest
	$(BIN)/bandit -q -r plein -ll
	$(BIN)/python scripts/audit_deps.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache tests/screenshots
