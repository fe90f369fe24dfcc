# The two commands a newcomer runs: `make run` and `make test`. Every target creates or
# reuses .venv by itself.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export DAGSTER_DISABLE_TELEMETRY := 1
export GX_ANALYTICS_ENABLED := false
# One Dagster instance for `make run`, `make dev` and `courts run`: the UI shows what the
# command line did. Set DAGSTER_HOME to use another.
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: run test dev bench docs lint clean

# Install with uv (seconds; from PATH, else bootstrapped into the venv with pip), falling
# back to plain pip when uv cannot be had. Quiet either way: one line says which.
$(STAMP): pyproject.toml Makefile
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@if command -v uv >/dev/null 2>&1; then UV=uv; \
	elif $(BIN)/python -m uv --version >/dev/null 2>&1 || \
	     $(BIN)/python -m pip install --quiet --disable-pip-version-check uv >/dev/null 2>&1; then UV="$(BIN)/python -m uv"; \
	else UV=; fi; \
	if [ -n "$$UV" ]; then echo "installing dependencies into $(VENV) with uv …"; \
	  VIRTUAL_ENV=$(VENV) $$UV pip install --quiet -e '.[dev]'; \
	else echo "installing dependencies into $(VENV) with pip (a few minutes; uv would take seconds) …"; \
	  $(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'; fi
	@# Bytecode compiled once, in parallel (seconds): where Python cannot write it at import
	@# time (PYTHONDONTWRITEBYTECODE set, a read-only venv), every `courts run` and every
	@# test worker would otherwise recompile dagster, pandas and Great Expectations.
	@$(BIN)/python -m compileall -q -j 0 $(VENV)/lib >/dev/null 2>&1 || true
	@touch $(STAMP)

# The instance's settings (one run at a time, the duckdb pool limited to 1), unless the
# home already has its own dagster.yaml.
$(DAGSTER_HOME)/dagster.yaml:
	@mkdir -p $(DAGSTER_HOME)
	@cp runtime/dagster.yaml $@

## Generate the Gannan demo inbox, run the whole pipeline, print the latest quarter; the
## runs are recorded in $(DAGSTER_HOME), which `make dev` shows.
run: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	$(BIN)/courts demo --home data

## Run the test suite on every core (pytest-xdist; a test file stays on one worker so its
## module fixtures run once; the slowest files start first, see tests/conftest.py).
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist loadfile --no-loadscope-reorder

## Dagster UI on http://localhost:3000 (and the daemon: schedules run) on the same
## instance as `make run`. `dg dev` does the same.
dev: $(STAMP) $(DAGSTER_HOME)/dagster.yaml
	COURTS_HOME=$(CURDIR)/data $(BIN)/dagster dev -w workspace.yaml

## Benchmarks (print ratios measured in one run).
bench: $(STAMP)
	$(BIN)/python bench/bench_ingest.py --files 500
	$(BIN)/python bench/bench_ingest.py --small-files
	$(BIN)/python bench/bench_incremental.py
	$(BIN)/python bench/bench_run.py
	$(BIN)/python bench/bench_cases.py
	$(BIN)/python bench/bench_marts.py
	$(BIN)/python bench/bench_generate.py

## Regenerate docs/data_dictionary.md and docs/schema.sql from warehouse/tables.py.
docs: $(STAMP)
	$(BIN)/python -m warehouse.docs

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf data .dagster_home
