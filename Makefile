# baove: `make run` starts the demo at http://127.0.0.1:8000, `make test` runs every check.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PORT ?= 8000
HOST ?= 127.0.0.1
TOOLS := .tools
UV := $(shell command -v uv 2>/dev/null || echo $(TOOLS)/bin/uv)
PY := .venv/bin/python
PYTEST_WORKERS ?= auto
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy

.PHONY: run test bench install system audit-deps lint format messages browser test-sqlite test-postgres totp clean

$(TOOLS)/bin/uv:
	python3 -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check uv

.venv/.synced: pyproject.toml uv.lock | $(UV)
	$(UV) sync --frozen --quiet
	touch $@

install: .venv/.synced messages system

system:
	scripts/ensure-system-packages.sh

messages: .venv/.synced
	@BAOVE_DEMO=1 $(PY) manage.py compilemessages --ignore=.venv --ignore=.tools -v 0

run: install
	@mkdir -p data
	BAOVE_DEMO=1 $(PY) manage.py migrate --noinput -v 0
	BAOVE_DEMO=1 $(PY) manage.py demo
	BAOVE_DEMO=1 $(PY) manage.py collectstatic --noinput -v 0
	@BAOVE_DEMO=1 $(PY) manage.py demo_accounts --url http://$(HOST):$(PORT)/
	BAOVE_DEMO=1 PORTAL_DEFAULT_UNIT=KKT-AG PORTAL_HOTLINE="0296 3 957 957" .venv/bin/gunicorn -c gunicorn.conf.py --bind $(HOST):$(PORT)

lint: .venv/.synced
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	BAOVE_TESTING=1 $(PY) manage.py makemigrations --check --dry-run -v 0
	scripts/check-translations.sh

format: .venv/.synced
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --silent --no-audit --no-fund

browser: node_modules/.package-lock.json
	scripts/ensure-system-packages.sh --browser

test-sqlite: install browser
	.venv/bin/pytest -n $(PYTEST_WORKERS)

test-postgres: install browser
	scripts/with-postgres.sh .venv/bin/pytest -n $(PYTEST_WORKERS)

test: install lint test-sqlite test-postgres
	@echo "All checks passed on SQLite and PostgreSQL."

# Benchmarks (docs/performance.md): a synthetic country on a throwaway PostgreSQL, each figure beside
# a baseline measured in the same run. BENCH_PETITIONS=1000000 for the national scale.
bench: install
	bench/bench.sh

# Known vulnerabilities in the locked dependencies (needs PyPI's vulnerability data; not reachable
# from every build machine, hence apart from `make test`).
audit-deps: .venv/.synced
	$(UV) export --frozen --no-hashes --no-emit-project --all-groups --quiet | \
		$(UV) tool run --quiet pip-audit --strict --disable-pip --no-deps --progress-spinner off -r /dev/stdin

totp: .venv/.synced
	@BAOVE_DEMO=1 $(PY) manage.py demo_accounts --code $(ACCOUNT)

clean:
	rm -rf .venv $(TOOLS) staticfiles
