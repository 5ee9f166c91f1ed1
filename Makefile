# The two commands: `make run` and `make test`. Everything they need is set up here.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
SHARED_CSV ?= ../shared/data/chinese-political-prisoners.csv
PIP_VERSION := 26.3
# Commands that only read files (translations, static files) still load settings.
TOOL_ENV := SECRET_KEY=$${SECRET_KEY:-build-only-not-a-secret}

.PHONY: run test lint format messages makemessages services db migrate demo bench clean mutate backup restore-check

# The plain command every deployment tool runs: wheels (or pure-Python sdists) only, no
# build constraints (.ci/run also checks it in a fresh venv with the newest pip).
$(BIN)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade "pip==$(PIP_VERSION)"
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

venv: $(BIN)/.installed

# From npm, as the lockfile pins them: Bootstrap (served by the app, collectstatic reads
# node_modules/bootstrap/dist) and the test tools (axe-core, the Nu Html Checker's
# vnu.jar). Install scripts are off (.npmrc): vnu-jar's would download a Java runtime,
# Debian's is used instead. Reinstalled only when the lockfile changes.
node_modules/.installed: package.json package-lock.json
	@scripts/ensure-debian-packages.sh
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

services:
	@scripts/ensure-services.sh

.env:
	@echo "Creating .env for development (random SECRET_KEY, DEBUG on)."
	@printf 'SECRET_KEY=%s\nDEBUG=true\n' "$$($(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env

db: venv services
	@$(BIN)/python scripts/ensure_database.py

messages: venv
	@scripts/ensure-debian-packages.sh
	@$(TOOL_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv -v0

makemessages: venv
	$(TOOL_ENV) $(BIN)/python manage.py makemessages -l zh_Hans -l zh_Hant --ignore=.venv --ignore=var --ignore=tests --ignore=bench --no-obsolete

migrate: venv .env db
	$(BIN)/python manage.py migrate --noinput -v1

demo: migrate
	$(BIN)/python manage.py load_demo --csv $(SHARED_CSV)

run: venv node_modules/.installed .env db messages migrate demo
	@$(BIN)/python manage.py collectstatic --noinput -v0
# Only the long-running processes: honcho would also start `release` (migrate, done
# above) and stop all the others when it exits.
	@site_url="$$(scripts/site-url.sh $(PORT))"; \
	echo; \
	echo "  The campaign site: $$site_url/"; \
	echo "  Organizer login:   $(BIN)/python manage.py create_organizer you@example.org"; \
	echo "                     (prints a new random password), then sign in at"; \
	echo "                     $$site_url/organize/ and set up an authenticator app"; \
	echo "  Sent email:        var/mail/ (links lead to $$site_url)"; \
	echo; \
	SITE_URL="$$site_url" PATH="$(CURDIR)/$(BIN):$$PATH" exec $(BIN)/honcho start -p $(PORT) web worker links beat

# README "Backups": a dump, the photos and a manifest into BACKUP_DIR (var/backups), the
# newest BACKUP_KEEP (14) kept; then restore the newest into a scratch database and
# compare every table's row count. Neither signs anything: no SECRET_KEY needed.
backup: venv services
	@$(TOOL_ENV) $(BIN)/python manage.py backup

restore-check: venv services
	@$(TOOL_ENV) $(BIN)/python manage.py restore_check

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: venv services
	@scripts/ensure-debian-packages.sh --browser
	@$(MAKE) --no-print-directory node_modules/.installed
	@$(TOOL_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv -v0
	@$(TOOL_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@scripts/pg-untouched.sh before
	$(BIN)/python -m pytest --create-db
	@scripts/pg-untouched.sh after

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

# Their broker is Redis database 11 (link checks that logged posts queue), never that of
# `make run` (0), whose worker would otherwise take them; bench/linkcheck.py runs its own
# worker on 12.
BENCH_ENV = DATABASE_URL=postgres:///advocacy_bench SECRET_KEY=bench ALLOWED_HOSTS=testserver CACHE_URL=redis://localhost:6379/13 REDIS_URL=redis://localhost:6379/11

bench: venv services node_modules/.installed
	@DATABASE_URL=postgres:///advocacy_bench $(BIN)/python scripts/ensure_database.py
# Pages render with DEBUG off: they need the static files' manifest and the catalogues.
	@$(TOOL_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv -v0
	@$(TOOL_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(BENCH_ENV) $(BIN)/python bench/run.py
	$(BENCH_ENV) $(BIN)/python bench/rendered.py
	$(BENCH_ENV) $(BIN)/python bench/fanout.py
	$(BENCH_ENV) $(BIN)/python bench/dashboard.py
	$(BENCH_ENV) $(BIN)/python bench/actions.py
	$(BENCH_ENV) $(BIN)/python bench/chinese.py
	$(BENCH_ENV) $(BIN)/python bench/card.py
	$(BENCH_ENV) REDIS_URL=redis://localhost:6379/12 $(BIN)/python bench/linkcheck.py

$(BIN)/.installed-dev: $(BIN)/.installed requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# Mutation testing of the core modules (scripts/mutate.py lists them and their tests);
# MODULES="prisoners/dates.py" runs only those. Edits the modules in place while it runs.
mutate: $(BIN)/.installed-dev services
	@$(TOOL_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv -v0
	$(BIN)/python scripts/mutate.py $(MODULES)
