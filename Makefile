# Quick start: `make run` builds the warehouse from the bundled sample, `make test` runs the
# tests. Both set up the environment first, from the lock file only.
SHELL := /bin/bash
VENV := .venv
UV := $(VENV)/bin/uv
PY := $(VENV)/bin/python
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false
export DO_NOT_TRACK := 1
export GX_ANALYTICS_ENABLED := false
# The machine image sets this; bytecode caching halves start-up of dagster and dbt.
export PYTHONDONTWRITEBYTECODE :=
export DAGSTER_HOME ?= $(CURDIR)/.dagster_home

.PHONY: setup run test dev lint sample docs clean bench bench-smoke

# The interpreter comes from .python-version (3.12.1); uv itself is pinned in the lock file's
# dev group, so a fresh machine needs nothing but Python.
$(VENV)/.ready: pyproject.toml uv.lock .python-version
	@test -x $(PY) || python3 -m venv $(VENV)
	@test -x $(UV) || $(VENV)/bin/pip install --quiet "uv==0.13.8"
	$(UV) sync --frozen --all-groups
	@touch $@

# Dagster reads the dbt manifest when it loads the code location; it is prepared here, at
# set-up, and again whenever a model, seed or macro changes.
MANIFEST := dbt_project/target/manifest.json
DBT_SOURCES := dbt_project/dbt_project.yml dbt_project/profiles.yml \
	$(shell find dbt_project/models dbt_project/seeds dbt_project/macros -type f 2>/dev/null)
$(MANIFEST): $(VENV)/.ready $(DBT_SOURCES)
	$(VENV)/bin/ntm prepare

setup: $(VENV)/.ready $(MANIFEST)

run: setup
	$(VENV)/bin/ntm build

# Three workers on two cores: the tests that build wait on dbt and on killed or sleeping
# processes, and a third worker fills those gaps (CI used 1.5 of its 2 cores with two).
test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/pytest -n 3 --dist loadfile --no-loadscope-reorder

dev: setup
	$(VENV)/bin/python -m pipelines.instance >/dev/null
	$(VENV)/bin/dagster dev -w workspace.yaml -h 127.0.0.1 -p 3000

sample: setup
	$(VENV)/bin/ntm sample data/raw

# Benchmarks on generated national data, written outside the repository (about 100 MB).
BENCH_DIR ?= $(or $(TMPDIR),/tmp)/ntm-national
bench: setup
	$(PY) -m pipelines.samples.national $(BENCH_DIR) --years 2016-2025
	$(PY) -m tests.benchmarks.national $(BENCH_DIR)

# One province, one year: the same stages in a few minutes (CI runs it).
bench-smoke: setup
	$(PY) -m pipelines.samples.national $(BENCH_DIR)-smoke --provinces 20 --years 2024
	$(PY) -m tests.benchmarks.national $(BENCH_DIR)-smoke

lint: setup
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) data/warehouse dbt_project/target dbt_project/logs .dagster_home
