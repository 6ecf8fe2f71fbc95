# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format messages bench cluster clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade pip >/dev/null

# Re-install only when the requirement files change.
$(VENV)/.runtime-installed: requirements.txt | $(PY)
	$(PIP) install -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(PY)
	$(PIP) install -r requirements-dev.txt
	touch $@ $(VENV)/.runtime-installed

run: $(VENV)/.runtime-installed
	$(PY) manage.py migrate --noinput
	PY=$(PY) HOST=$(HOST) PORT=$(PORT) bash scripts/run_dev.sh

test: $(VENV)/.dev-installed
	VENV=$(VENV) bash scripts/run_tests.sh $(PYTEST_ARGS)

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh and compile the French and English catalogues (committed).
messages: $(VENV)/.dev-installed
	$(PY) manage.py makemessages -l fr -l en --ignore=.venv --ignore=staticfiles --ignore=tests
	$(PY) manage.py makemessages -d djangojs -l fr -l en --ignore=.venv --ignore=staticfiles
	$(PY) manage.py compilemessages --ignore=.venv

bench: $(VENV)/.dev-installed
	$(PY) bench/run.py

# Varnish, two Daphne processes, a task worker, PostgreSQL roles, Redis (see the README).
cluster: $(VENV)/.dev-installed
	$(PY) bench/cluster.py $(CLUSTER_ARGS)

clean:
	rm -rf $(VENV) .pgtmp db.sqlite3 staticfiles
