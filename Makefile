# Two commands on a fresh machine: `make run` and `make test`. Both bootstrap the virtualenv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# uv installs exactly what uv.lock names (hashes checked); it lives beside the venv, not in it,
# so that an exact sync of the venv never removes the tool doing the sync.
UV_DIR := .uv
UV := $(UV_DIR)/bin/uv
export UV_PROJECT_ENVIRONMENT := $(VENV)
# `make run PORT=8000`: the demo's printed links follow (config/settings.py reads these).
PORT ?= 5000
export FLASK_RUN_HOST := 127.0.0.1
export FLASK_RUN_PORT := $(PORT)

# Translations: one catalogue (recruit/translations), its sources named in recruit/babel.cfg.
# The .mo files are build output, compiled when a .po changes. The keywords are every gettext
# function the code calls and every alias it imports one as (pybabel adds _, gettext, ngettext,
# pgettext and npgettext itself); a test checks that no alias is missing.
LANGUAGES := fi sv en
CATALOGUE := recruit/translations
PO_FILES := $(wildcard $(CATALOGUE)/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)
BABEL_KEYWORDS := -k _l -k lazy_gettext -k _ln:1,2 -k lazy_ngettext:1,2 -k _lp:1c,2 \
	-k lazy_pgettext:1c,2 -k pgettext:1c,2 -k npgettext:1c,2,3 -k lazy_npgettext:1c,2,3 \
	-k plural_msgids:1,2

.PHONY: run test test-nightly bench bench-load lint venv clean translations messages upgrade lock-check \
	audit

$(UV): config/uv-bootstrap.txt
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --no-deps --require-hashes \
	  --upgrade --target $(UV_DIR) -r config/uv-bootstrap.txt
	touch $(UV)

# --locked: a uv.lock that no longer matches pyproject.toml stops the build with an error
# instead of resolving new versions on the day of the install.
$(STAMP): pyproject.toml uv.lock $(UV)
	$(UV) sync --locked --extra dev --python $(PYTHON)
	touch $(STAMP)

venv: $(STAMP)

# Refresh every locked version to the newest allowed by pyproject.toml, then run the tests and
# commit uv.lock on its own.
upgrade: $(UV)
	$(UV) lock --upgrade --python $(PYTHON)
	$(UV) sync --locked --extra dev --python $(PYTHON)
	touch $(STAMP)

lock-check: $(UV)
	$(UV) lock --check --python $(PYTHON)

%.mo: %.po | $(STAMP)
	$(BIN)/pybabel compile -i $< -o $@

translations: $(MO_FILES)

# Extract every string into the .pot and merge it into the fi/sv/en .po files: `make messages`,
# translate the new empty entries, then `make test`.
messages: | $(STAMP)
	$(BIN)/pybabel extract -F recruit/babel.cfg $(BABEL_KEYWORDS) --no-location --sort-output \
	  --project=Täsmärekry -o $(CATALOGUE)/messages.pot .
	for lang in $(LANGUAGES); do \
	  $(BIN)/pybabel update --no-fuzzy-matching -i $(CATALOGUE)/messages.pot \
	    -d $(CATALOGUE) -l $$lang || exit 1; \
	done

run: $(STAMP) translations
	$(BIN)/flask db upgrade
	$(BIN)/flask demo
	$(BIN)/flask run

test: $(STAMP) translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The change path's state machine at length (500 examples x 50 steps; `make test` runs 200 x 30).
test-nightly: $(STAMP) translations
	HYPOTHESIS_PROFILE=nightly $(BIN)/python -m pytest tests/changes/test_state_machine.py $(PYTEST_ARGS)

bench: $(STAMP) bench-load
	$(BIN)/python bench/solver_bench.py

# Pages under load: gunicorn on PostgreSQL and Redis, a fair of 40 employers x 1,200 youth
# (bench/load.py; BENCH_DATABASE_URL and BENCH_REDIS_URL name the servers).
bench-load: $(STAMP) translations
	$(BIN)/python bench/load.py $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

# Known vulnerabilities in the locked packages (pip-audit). Exit 2 and "AUDIT NOT DONE" or
# "AUDIT INCOMPLETE" when its vulnerability service cannot be reached: run it where it can.
audit: $(STAMP)
	$(BIN)/python .ci/audit.py

clean:
	rm -rf $(VENV) $(UV_DIR) instance .pytest_cache
