# The two everyday commands: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test serve loadtest bench bench-http concurrency clean

$(PY):
	$(PYTHON) -m venv $(VENV)

$(VENV)/.run-installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.run-installed

## run: install, migrate, load the seed into an empty database, serve on 127.0.0.1:8000
run: $(VENV)/.run-installed
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_if_empty
	@echo "The admin: http://127.0.0.1:8000/admin/ - to sign in, make an account first:"
	@echo "  yours, with every permission: $(PY) manage.py createsuperuser"
	@echo "  an editor's: $(PY) manage.py setup_editors --create-user NAME,"
	@echo "    then $(PY) manage.py changepassword NAME"
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

## serve: collect static files, migrate, serve with gunicorn (debug off; needs DJANGO_SECRET_KEY)
serve: $(VENV)/.run-installed
	$(PY) manage.py collectstatic --no-input --verbosity 0
	$(PY) manage.py migrate --no-input
	$(VENV)/bin/gunicorn --config gunicorn.conf.py

## loadtest: drive gunicorn on loopback (a seeded copy of the registry) with 16 clients: 20 s
## of the page mix, 20 s of organization pages, 20 s of 304s; LOADTEST_ARGS=--help
loadtest: $(VENV)/.dev-installed
	$(PY) -m bench.loadtest $(LOADTEST_ARGS)

## test: install the test requirements and run the whole suite
test: $(VENV)/.dev-installed
	$(PY) -m pytest $(PYTEST_ARGS)

# Datasette, for the side-by-side benchmark only (bench/requirements.txt).
$(VENV)/.bench-installed: requirements.txt requirements-dev.txt bench/requirements.txt | $(VENV)/.dev-installed
	$(PY) -m pip install --quiet -r requirements-dev.txt -r bench/requirements.txt
	touch $@

## bench: scale benchmark in a separate SQLite database (bench/out/), then the public pages
## over HTTP side by side with Datasette; `make bench N=10000` for a quick run
N ?= 100000
bench: $(VENV)/.bench-installed
	$(PY) -m bench.run $(N)
	$(PY) -m bench.http_pages $(N)

## bench-http: only the pages over HTTP against Datasette (bench/http_pages.py)
bench-http: $(VENV)/.bench-installed
	$(PY) -m bench.http_pages $(N)

## concurrency: editors saving at once through gunicorn (SQLite, then PostgreSQL at
## BENCH_POSTGRES_URL), public pages during a 50,000-organization import, kill -9 of an
## import; scratch files in bench/out/concurrency/ (bench/README.md, "Concurrent writers")
concurrency: $(VENV)/.dev-installed
	$(PY) -m bench.concurrency
	$(PY) -m bench.concurrency --share 2
	$(PY) -m bench.concurrency --database postgres
	$(PY) -m bench.concurrency --database postgres --share 2
	$(PY) -m bench.import_readers
	$(PY) -m bench.import_kill

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
