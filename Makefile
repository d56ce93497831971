# The two commands: `make run` serves aiproxy, `make test` checks everything. Each installs what it needs:
# `make run` only what serving needs (the project and GraphiQL's pinned assets), `make test` and
# `make lint` the development tools on top. Each stamp is redone when pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev
GRAPHIQL := api/graphiql/vendor/.installed

.PHONY: run test lint format worker migrate schema bench clean

$(RUNTIME): pyproject.toml
	$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "aiproxy needs Python 3.11 or newer"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(DEV): $(RUNTIME)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# GraphiQL's browser assets, pinned by version and hash in the manifest, fetched once and verified.
$(GRAPHIQL): api/graphiql/assets.toml | $(RUNTIME)
	$(BIN)/python -m api.graphiql install
	touch $@

run: $(RUNTIME) $(GRAPHIQL)
	$(BIN)/python -m api

worker: $(RUNTIME)
	$(BIN)/python -m workers

migrate: $(RUNTIME)
	$(BIN)/alembic upgrade head

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

format: $(DEV)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

schema: $(RUNTIME)
	$(BIN)/python -m api.schema.export

test: lint $(GRAPHIQL)
	$(BIN)/python -m pytest

# Both modes: the embedded default, then production (skipped with the reason when PostgreSQL or Redis is not
# reachable). BENCH_ARGS adds flags: `make bench BENCH_ARGS=--quick`, `BENCH_ARGS=--embedded`.
bench: $(DEV)
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache api/graphiql/vendor
