# The README's two commands: `make run` and `make test`. Each works on a fresh Debian
# machine with Python 3.11 and npm: it installs what is missing, then runs.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# System packages: Pango and fonts for WeasyPrint, Chromium for browser tests, poppler for PDF checks.
DEBIAN_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation chromium poppler-utils

.PHONY: run test install assets system-deps lint clean

$(BIN)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

install: $(BIN)/.installed

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/build/app.css: node_modules/.installed static/src/app.scss
	npm run --silent build

assets: static/build/app.css

system-deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

run: install assets system-deps
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py seed_demo
	@echo ""
	@echo "sen_portal is starting at http://127.0.0.1:$(PORT)  (Ctrl-C stops the web server, worker and beat)"
	@echo ""
	SITE_URL="$${SITE_URL:-http://127.0.0.1:$(PORT)}" PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start --port $(PORT) --procfile Procfile

# The whole suite, against PostgreSQL and Redis on 127.0.0.1 (override DATABASE_URL / REDIS_URL).
test: install assets system-deps
	$(BIN)/ruff check .
	$(BIN)/python manage.py makemigrations --check --dry-run --settings=sen_portal.settings.test >/dev/null
	$(BIN)/pytest -n 2 --dist loadfile $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

clean:
	rm -rf $(VENV) node_modules static/build staticfiles var
