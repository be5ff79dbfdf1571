# Two commands do all set-up on a fresh machine:
#   make run   - install, migrate, load the YAML content, serve http://127.0.0.1:8000
#   make test  - install, then run the whole test suite
#   make lint  - ruff (lint and format check), mypy, and a check that no migration is missing
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
# WeasyPrint draws the PDF with Pango; DejaVu gives it fonts with every glyph the PDF uses;
# gettext compiles the translations; the browser tests drive Debian's Chromium.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
	gettext chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test lint format setup system-packages clean

run: setup
	DJANGO_DEBUG=true $(BIN)/python manage.py runserver 127.0.0.1:8000

test: system-packages $(VENV)/.installed
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python -m pytest

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python manage.py makemigrations --check --dry-run

# Fix what ruff can fix by itself (import order, formatting) before a commit.
format: $(VENV)/.installed
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

setup: system-packages $(VENV)/.installed
	$(BIN)/python manage.py compilemessages --ignore=.venv --verbosity 0
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_milestones
	$(BIN)/python manage.py setup_roles

system-packages:
	@missing=""; \
	for package in $(SYSTEM_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing system packages:$$missing"; \
	  $(SUDO) apt-get update -q && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $@

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
