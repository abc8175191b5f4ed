# CCPL Manager. The two commands:
#   make run    set everything up and run the app on http://127.0.0.1:8000 (PORT=8001 to change)
#   make test   set everything up and run the checks and tests against throwaway PostgreSQL and Redis
#   make bench  the benchmark of docs/benchmarks.md (scripts/bench.sh)
# The logic lives in scripts/; these targets only call it.

SHELL := /bin/bash
PORT ?= 8000
export PORT

.PHONY: run test bench setup lint format clean audit

run:
	bash scripts/run.sh

test:
	bash scripts/test.sh

# The benchmark (docs/benchmarks.md): throwaway PostgreSQL and Redis, scale 1 and 10, wrk.
# Heavy (about an hour); not part of make test (its smoke version is: tests/bench/).
bench:
	bash scripts/bench.sh

setup:
	bash scripts/setup-system.sh test
	bash scripts/setup-app.sh

# Known vulnerabilities in pinned packages (pip-audit, npm audit). Exits non-zero,
# never "pass", when no advisory service can be reached.
audit:
	bash scripts/audit.sh

lint:
	bash scripts/setup-app.sh
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports

format:
	bash scripts/setup-app.sh
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# Build output and installed packages only; var/ (the SQLite database, Celery
# queue and private files of the embedded default) is kept: rm -rf var/ to reset it.
clean:
	rm -rf .venv node_modules static/dist staticfiles .pytest_cache .ruff_cache test-results bench-results
	find . -path ./node_modules -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +
