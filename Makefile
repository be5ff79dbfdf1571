# Two commands do all set-up on a fresh machine:
#   make run            - install, migrate, load the YAML content, serve http://127.0.0.1:8000
#   make test           - install, then run the whole test suite (SQLite)
# And for CI and a clinic's server:
#   make lint           - ruff (lint and format check), mypy, and a check that no migration is missing
#   make test-postgres  - the whole suite, then the backup drill, on a throwaway PostgreSQL server
#   make serve          - the set-up of `make run`, then gunicorn with DEBUG off (production)
#   make backup-check   - back the database up, restore it into a scratch one, compare every table
#   make lock           - pin every package, with its hashes, in requirements.lock
#   make bench          - the main paths timed as ratios to a bare view (FULL=1: 50k, PostgreSQL)
#   make scale-demo     - two app instances behind nginx on a throwaway PostgreSQL, load-tested
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# WeasyPrint draws the PDF with Pango; DejaVu gives it fonts with every glyph the PDF uses;
# gettext compiles the translations; the browser tests drive Debian's Chromium; sqlite3 backs
# the database up (`make backup-check`).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
	gettext chromium sqlite3
# `make test-postgres`: the server, its client tools (pg_dump, pg_restore) and pg_virtualenv.
POSTGRES_PACKAGES := postgresql
# `make scale-demo`: nginx balances the two app instances.
SCALE_PACKAGES := nginx
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
# Extra options for `make lock`, e.g. LOCK_OPTIONS=--upgrade (see README, "Dependencies").
LOCK_OPTIONS ?=

.PHONY: run serve test test-postgres lint format lock backup-check setup prepare database \
	system-packages postgres-packages clean bench scale-demo

run: setup
	DJANGO_DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

# Production: gunicorn on DJANGO_BIND (default 127.0.0.1:8000) with GUNICORN_WORKERS processes
# (default 2), DEBUG off. It refuses to start without DJANGO_SECRET_KEY (config/wsgi.py); loading
# the app once before starting the workers (--preload) makes that the last line it prints.
# Gunicorn trusts no forwarding header (SCRIPT_NAME, X-Forwarded-*): Django's own settings
# (DJANGO_SECURE_PROXY_SSL_HEADER, DJANGO_CLIENT_IP_HEADER) decide which proxy headers count.
# Each worker is replaced after GUNICORN_MAX_REQUESTS requests (give or take a random jitter, so
# the workers don't restart together): what a PDF render leaves in memory can't grow without bound.
# PDFs are made once and kept, so a worker makes about one in 25 requests (a parent's whole
# journey); a new worker starts cold (templates, kept result pages), so not too often either.
serve: setup
	exec env DJANGO_DEBUG=false $(BIN)/gunicorn config.wsgi --preload \
	  --bind "$${DJANGO_BIND:-127.0.0.1:8000}" --workers "$${GUNICORN_WORKERS:-2}" \
	  --max-requests "$${GUNICORN_MAX_REQUESTS:-2000}" \
	  --max-requests-jitter "$${GUNICORN_MAX_REQUESTS_JITTER:-200}" \
	  --forwarded-allow-ips ""

test: prepare
	$(BIN)/python -m pytest

# The same suite on PostgreSQL, then the backup drill there (.ci/with-postgres says how).
test-postgres: prepare postgres-packages
	.ci/with-postgres sh -c '$(BIN)/python -m pytest && $(MAKE) --no-print-directory backup-check'

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run

# Fix what ruff can fix by itself (import order, formatting) before a commit.
format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# On the database DATABASE_URL names (SQLite's db.sqlite3 by default), after migrating it.
backup-check: database
	$(BIN)/python manage.py backup_drill

setup: prepare database

# Translations and static files (hashed and compressed for production: settings.STORAGES).
prepare: system-packages $(VENV)/.installed
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0

database: system-packages $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	# The rate limits' shared table, when DJANGO_CACHE_BACKEND is the database cache (else nothing).
	$(BIN)/python manage.py createcachetable
	$(BIN)/python manage.py load_milestones
	$(BIN)/python manage.py setup_roles

# Past one server, measured (README "Scaling"): two gunicorn instances sharing one PostgreSQL, one
# PDF store and the rate-limit counts, behind nginx, then one, each loaded by SCALE_USERS parents
# (default 8) walking the whole journey for SCALE_SECONDS (default 45). Loopback only; about
# 3 minutes; prints screenings per minute, p95 per step, errors and the speed-up (bench/scale/).
scale-demo: prepare postgres-packages
	$(call debian-packages,$(SCALE_PACKAGES))
	bench/scale/run.sh

# Benchmarks (README "Benchmarks", bench/run.py): gunicorn and wrk on 127.0.0.1 with a throwaway
# database, one table of ratios to a bare view, also written to bench/results/latest.md. Quick:
# SQLite, 1,000 screenings, under 5 minutes on 2 cores. FULL=1 adds 50,000 screenings and
# PostgreSQL (.ci/with-postgres). Never part of `make test`.
BENCH_PACKAGES := wrk
bench: prepare $(if $(filter 1 yes true,$(FULL)),postgres-packages)
	$(call debian-packages,$(BENCH_PACKAGES))
	$(BIN)/python bench/run.py $(if $(filter 1 yes true,$(FULL)),--full)

# $(call debian-packages,LIST): install with apt-get those of LIST that are not installed yet.
define debian-packages
	@missing=""; \
	for package in $(1); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi
endef

system-packages:
	$(call debian-packages,$(SYSTEM_PACKAGES))

postgres-packages:
	$(call debian-packages,$(POSTGRES_PACKAGES))

# Every package at the version and with the hashes in requirements.lock, then the app itself.
# `pip check` catches a lock that misses a dependency pyproject.toml gained since: run `make lock`.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	@$(BIN)/python -m pip check || { \
	  echo "requirements.lock does not have everything pyproject.toml asks for: run make lock"; \
	  exit 1; }
	touch $@

# Re-pins from pyproject.toml (the app, its dev, postgres and bench extras, and the build tools),
# keeping each package's current version unless LOCK_OPTIONS asks for --upgrade.
lock:
	@[ -x $(BIN)/python ] || $(PYTHON) -m venv $(VENV)
	@[ -x $(BIN)/pip-compile ] || $(BIN)/python -m pip install --quiet "pip-tools>=7.4"
	CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes --allow-unsafe --all-build-deps \
	  --extra dev --extra postgres --extra bench --strip-extras --no-emit-index-url --no-emit-find-links \
	  $(LOCK_OPTIONS) --output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
