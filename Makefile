# The two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python

.PHONY: run test lint format setup demo clean bench

$(PY):
	@python=$$(scripts/find-python) || exit 1; \
	echo "Creating $(VENV) with $$python"; \
	"$$python" -m venv $(VENV)
	@$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(PY) requirements.txt
	$(BIN)/pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	@touch $@

setup: $(VENV)/.installed

run: export DEBUG ?= 1
run: $(VENV)/.installed
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --if-empty
	@echo ""
	@echo "  Frontline is starting at http://127.0.0.1:$${PORT:-8000}/"
	@echo "  Demo logins (password: frontline-demo-2026):"
	@echo "    alice@example.com  frontline staff, Leeds store"
	@echo "    bob@example.com    her manager"
	@echo "    carol@example.com  CX lead (also /admin/)"
	@echo "    dave@example.com   Bristol contact centre"
	@echo "  Emails are written to var/mail/. Ctrl-C stops the web server, worker and beat."
	@echo ""
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile -p $${PORT:-8000}

# Tests get their own var dir, so that messages queued by tests never reach the
# worker of `make run`. PYTEST_ARGS adds pytest options, e.g. PYTEST_ARGS="-k healthz";
# PYTEST_WORKERS=0 runs the tests in one process.
PYTEST_WORKERS ?= 2
test: export DEBUG ?= 1
test: export FRONTLINE_VAR_DIR = $(CURDIR)/var/test
test: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	rm -rf var/test
	$(BIN)/pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The benchmark (README.md, "Benchmarks"): PostgreSQL and Redis, a throwaway database.
SCALE ?= large
bench: export DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/frontline_bench
bench: export REDIS_URL ?= redis://127.0.0.1:6379/10
bench: export FRONTLINE_VAR_DIR = $(CURDIR)/var/bench
bench: $(VENV)/.installed-dev
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; }
	env -u DEBUG $(PY) -m bench.run --scale $(SCALE) $(if $(BENCH_OUT),--out $(BENCH_OUT))

demo: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py seed_demo

clean:
	rm -rf var staticfiles
