# GridCare: `make run` (set-up, demo data, the running system) and `make test` (set-up,
# every test). Everything else here is a step of those two.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
VENDOR := static/vendor

.PHONY: run test lint setup static messages translations migrate demo bench clean

setup: $(VENV)/.installed $(VENDOR)/.installed messages

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 or newer is needed"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# Front-end libraries come from the npm registry at set-up and are served by GridCare
# itself: pages never load anything from another host.
$(VENDOR)/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	rm -rf $(VENDOR) && mkdir -p $(VENDOR)/bootstrap $(VENDOR)/bootstrap-icons/fonts $(VENDOR)/htmx $(VENDOR)/echarts
	cp node_modules/bootstrap/dist/css/bootstrap.min.css node_modules/bootstrap/dist/css/bootstrap.min.css.map \
	   node_modules/bootstrap/dist/js/bootstrap.bundle.min.js node_modules/bootstrap/dist/js/bootstrap.bundle.min.js.map $(VENDOR)/bootstrap/
	cp node_modules/bootstrap-icons/font/bootstrap-icons.min.css $(VENDOR)/bootstrap-icons/
	cp node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff2 node_modules/bootstrap-icons/font/fonts/bootstrap-icons.woff $(VENDOR)/bootstrap-icons/fonts/
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/
	cp node_modules/echarts/dist/echarts.min.js $(VENDOR)/echarts/
	touch $@

static: $(VENDOR)/.installed

# Compiled translations (zh-Hant, zh-Hans, en) from the .po files in locale/.
messages: $(VENV)/.installed
	@for dir in locale gridcare/*/locale; do \
	  ls "$$dir"/*/LC_MESSAGES/django.po >/dev/null 2>&1 || continue; \
	  $(PY) -m babel.messages.frontend compile --domain django --directory "$$dir" || exit 1; \
	done

# After changing user-visible text: refresh the catalogues (needs GNU gettext).
translations: $(VENV)/.installed
	$(PY) scripts/i18n_sync.py

migrate: setup
	mkdir -p var
	DEBUG=1 $(MANAGE) migrate --no-input

demo: migrate
	DEBUG=1 $(MANAGE) demo

run: demo
	DEBUG=1 $(MANAGE) check
	@echo "Starting the task consumer and the web server at http://$(HOST):$(PORT)/ (Ctrl-C stops both)"
	@trap 'kill 0' INT TERM EXIT; \
	DEBUG=1 $(MANAGE) run_huey --quiet & \
	DEBUG=1 $(MANAGE) runserver $(HOST):$(PORT)

# Tests run in parallel on every core (pytest-xdist); PYTEST_XDIST= runs them in one process.
PYTEST_XDIST ?= -n auto
test: setup
	$(PY) -m pytest $(PYTEST_XDIST) --cov --cov-report=term:skip-covered --cov-fail-under=$$(cat .coverage-floor) $(PYTEST_ARGS)

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	DEBUG=1 $(PY) -m mypy gridcare config
	DEBUG=1 $(MANAGE) makemigrations --check --dry-run
	DJANGO_SECRET_KEY=lint-only-$$(date +%s)-0123456789abcdefghijklmnopqrstuvwxyzABCDEF \
	  ALLOWED_HOSTS=gridcare.example $(MANAGE) check --deploy --fail-level WARNING

bench: setup
	$(PY) bench/bench_calendar.py
	@if [ -n "$$BENCH_DATABASE_URL" ]; then \
	  $(PY) bench/bench_recompute.py && $(PY) bench/bench_compliance.py; \
	else \
	  echo "BENCH_DATABASE_URL is not set: skipping the PostgreSQL benchmarks (recompute, compliance)."; \
	  echo "  e.g. BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/gridcare_bench make bench"; \
	  echo "  (a dedicated database: each benchmark drops and creates it again)"; \
	fi

# Customers and applications (issue 4): PostgreSQL on 127.0.0.1 (user postgres), own database.
bench-applications: setup
	$(PY) bench/bench_customers_import.py
	$(PY) bench/bench_applications_list.py

clean:
	rm -rf $(VENV) node_modules $(VENDOR) staticfiles
