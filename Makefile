# Project plumbing. `make test` (or .ci/run) sets up everything itself on a fresh machine:
# a Python >= 3.12 venv in .venv with pinned packages, Solara's offline front-end assets,
# and Debian's chromium for the browser tests.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.stamp
EXTRAS := test,experiments,dev
LINT_PATHS := ecosystem experiments viz tests
# Extra arguments for pytest, e.g. `make test PYTEST_ARGS="-x -k smoke"`.
PYTEST_ARGS ?=
# Address and port of `make app`.
HOST ?= 127.0.0.1
PORT ?= 8765

.PHONY: help setup app notebook run test docs bench bench-experiments paper screenshots lint browsers constraints clean distclean

help:
	@echo "make setup      create $(VENV) (Python >= 3.12), install pinned deps, Solara assets"
	@echo "make app        start the Solara front end (make app PORT=8800: another port)"
	@echo "make notebook   execute the tutorial notebook into results/notebooks/"
	@echo "make run        run the baseline scenario into a new results/baseline-<UTC time>"
	@echo "make test       run the test suite (installs chromium with apt if missing)"
	@echo "make docs       build the documentation"
	@echo "make bench      run the model benchmark (bench-experiments: the batch runner)"
	@echo "make paper      Q1-Q4 over the priors: figures, tables, docs/forecast.json (~11-30 min; PAPER_ARGS=--small)"
	@echo "make screenshots  screenshots of the front end for the README (docs/img/)"
	@echo "make lint       ruff check + ruff format --check + mypy + lint-imports"
	@echo "make browsers   install Debian's chromium if /usr/bin/chromium is missing"
	@echo "make constraints  regenerate constraints.txt from $(VENV) (after changing deps)"
	@echo "make clean      remove caches and build artefacts (distclean: also $(VENV), results/)"

# ----------------------------------------------------------------------------- setup
setup: $(STAMP)

# Re-runs only when pyproject.toml, constraints.txt, this Makefile or the setup scripts change.
$(STAMP): pyproject.toml constraints.txt Makefile .ci/find-python .ci/setup-assets
	@if [ -x $(PY) ] && $(PY) -c 'import sys; assert sys.version_info >= (3, 12)' 2>/dev/null; then \
	    echo "==> using existing $(VENV) ($$($(PY) -V))"; \
	else \
	    python="$$(.ci/find-python)" || { echo "setup: cannot create $(VENV) without Python >= 3.12" >&2; exit 1; }; \
	    echo "==> creating $(VENV) with $$python"; \
	    "$$python" -m venv --clear $(VENV); \
	fi
	@echo "==> pip install -c constraints.txt -e '.[$(EXTRAS)]'"
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[$(EXTRAS)]'
	@echo "==> Solara front-end assets"
	.ci/setup-assets $(VENV)
	@touch $@

# ----------------------------------------------------------------------------- browsers
# Playwright drives Debian's chromium (never `playwright install`: it downloads a browser).
browsers:
	@if [ -x /usr/bin/chromium ]; then \
	    echo "==> chromium present: /usr/bin/chromium"; \
	else \
	    sudo=""; [ "$$(id -u)" -eq 0 ] || sudo="sudo"; \
	    echo "==> installing chromium with apt"; \
	    $$sudo apt-get update; \
	    $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; \
	fi

# ----------------------------------------------------------------------------- commands
# `make app PORT=8800` serves on another port (a busy port gets a one-line hint).
app: setup
	$(VENV)/bin/ecosystem app --host $(HOST) --port $(PORT)

# Executes the tutorial notebook into results/notebooks/ (ignored by git); open that copy, or the
# source, with any Jupyter front end. CI runs the same notebook (tests/experiments/test_notebook_exp.py).
notebook: setup
	@mkdir -p results/notebooks
	JUPYTER_PLATFORM_DIRS=1 $(VENV)/bin/jupyter execute --timeout=600 \
	    --output=../../results/notebooks/tutorial experiments/notebooks/tutorial.ipynb

# A new folder each time (a results folder is never overwritten); `make run RUN_OUT=DIR` to choose.
RUN_OUT ?= results/baseline-$(shell date -u +%Y%m%dT%H%M%SZ)
run: setup
	$(VENV)/bin/ecosystem run baseline --out $(RUN_OUT)

test: setup browsers
	$(PY) -m pytest $(PYTEST_ARGS)

docs: setup
	$(PY) -m experiments.refdocs

bench: setup
	$(PY) benchmarks/bench_model.py

bench-experiments: setup
	$(PY) benchmarks/bench_experiments.py

# The answers to Q1-Q4 over the priors (5,200 runs; 2.6 min measured on 2 quiet cores): figures and
# tables in results/paper, docs/forecast.json, docs/answers.md and README's generated block.
# `make paper PAPER_ARGS=--small` is the CI size (writes only into results/paper-small).
PAPER_ARGS ?=
paper: setup
	$(PY) -m experiments.paper $(PAPER_ARGS)

# Validation against real plant build-outs: prints the comparison table, writes
# docs/validation.md and docs/img/validation.png (about a minute).
.PHONY: validation
validation: setup
	$(PY) -m experiments.validation

screenshots: setup browsers
	$(PY) scripts/screenshots.py

lint: setup
	$(VENV)/bin/ruff check $(LINT_PATHS)
	$(VENV)/bin/ruff format --check $(LINT_PATHS)
	$(VENV)/bin/mypy ecosystem experiments viz
	$(VENV)/bin/lint-imports --no-cache

# Regenerate the pins after changing dependencies: edit pyproject.toml, `pip install` the
# change into $(VENV), then `make constraints` (and update the == pins in pyproject.toml).
constraints:
	@test -x $(PY) || { echo "constraints: no $(VENV); run make setup first" >&2; exit 1; }
	@{ echo "# pip freeze of $(VENV) ($$($(PY) -V)); used as pip install -c constraints.txt."; \
	   echo "# Regenerate with: make constraints"; \
	   $(PY) -m pip freeze --disable-pip-version-check --exclude-editable --exclude magnet-ecosystem; \
	 } > constraints.txt
	@echo "==> wrote constraints.txt ($$(grep -c '==' constraints.txt) pins)"

# ----------------------------------------------------------------------------- clean
clean:
	rm -rf build dist *.egg-info .pytest_cache .hypothesis .ruff_cache .mypy_cache
	find . -path ./$(VENV) -prune -o -type d -name __pycache__ -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) results
