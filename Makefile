# The two commands: `make run` serves aiproxy, `make test` checks everything. Each installs what it needs:
# `make run` only what serving needs (the project, GraphiQL's pinned assets and the overlay fonts), `make test` and
# `make lint` the development tools on top. Each stamp is redone when pyproject.toml changes. Both build the web
# client when Node 20+ is there (scripts/web-client.sh; without Node, `make run` says so and serves the API).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.installed-runtime
DEV := $(VENV)/.installed-dev
GRAPHIQL := api/graphiql/vendor/.installed
FONTS := infra/fonts/vendor/.installed
WEB_CLIENT := frontend-client
WEB_STAMP := $(WEB_CLIENT)/dist/.built
# Everything the client's build reads; none of it exists before the client does (then `web` does nothing).
WEB_SOURCES := $(wildcard $(addprefix $(WEB_CLIENT)/,package.json package-lock.json index.html tsconfig*.json \
	*.config.*)) $(shell find $(WEB_CLIENT)/src $(WEB_CLIENT)/public -type f 2>/dev/null)

.PHONY: run test lint format worker migrate schema bench clean web web-check

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

# The overlay fonts and their licences, pinned the same way in their manifest (infra/vendored.py installs both).
$(FONTS): infra/fonts/fonts.toml | $(RUNTIME)
	$(BIN)/python -m infra.fonts install
	touch $@

# The web client, built when a source is newer than the last build (scripts/web-client.sh says why not, if not).
web: $(if $(wildcard $(WEB_CLIENT)/package.json),$(WEB_STAMP))

$(WEB_STAMP): $(WEB_SOURCES)
	@scripts/web-client.sh build

# The client's own checks: types, ESLint, Prettier, generated GraphQL types up to date, Vitest.
web-check:
	@$(if $(wildcard $(WEB_CLIENT)/package.json),scripts/web-client.sh check)

run: $(RUNTIME) $(GRAPHIQL) $(FONTS) web
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

# The browser tests (tests/browser) need the built client; they are part of the one pytest run. The suite runs on
# TEST_WORKERS processes (pytest-xdist); tests share nothing (each has its own database, Redis prefix, bucket and
# ports). Most tests wait on servers, sockets and jobs: with two workers the two cores were busy 47 % of the time
# (15 min 11 s), with three 63 % (13 min 12 s; 13 min 41 s and 14 min 34 s on fresh clones), on the same machine.
# `make test TEST_WORKERS=0` runs them in this one process.
TEST_WORKERS ?= 3
test: lint $(GRAPHIQL) $(FONTS) web web-check
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist worksteal

# Both modes: the embedded default, then production (skipped with the reason when PostgreSQL or Redis is not
# reachable). BENCH_ARGS adds flags: `make bench BENCH_ARGS=--quick`, `BENCH_ARGS=--embedded`.
bench: $(DEV) $(FONTS)
	$(BIN)/python -m bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache api/graphiql/vendor infra/fonts/vendor $(WEB_CLIENT)/dist $(WEB_CLIENT)/node_modules
