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

# Translations: one catalogue per feature package (recruit/<package>/translations), each with
# a babel.cfg naming its sources. The .mo files are build output, compiled when a .po changes.
LANGUAGES := fi sv en
PO_FILES := $(wildcard recruit/translations/*/LC_MESSAGES/*.po recruit/*/translations/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)
BABEL_KEYWORDS := -k _l -k lazy_gettext -k lazy_ngettext:1,2

.PHONY: run test bench lint venv clean translations messages upgrade lock-check

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

# Extract a package's strings into its .pot and merge them into its fi/sv/en .po files:
# `make messages PACKAGE=recruit/staff` (default: every package), translate the new empty
# entries, then `make test`.
PACKAGE ?= recruit
messages: | $(STAMP)
	@for cfg in $$(find $(PACKAGE) -name babel.cfg | sort); do \
	  dir=$$(dirname $$cfg)/translations; mkdir -p $$dir; \
	  $(BIN)/pybabel extract -F $$cfg $(BABEL_KEYWORDS) --no-location --sort-output \
	    --project=Täsmärekry -o $$dir/messages.pot . || exit 1; \
	  for lang in $(LANGUAGES); do \
	    if [ -f $$dir/$$lang/LC_MESSAGES/messages.po ]; then \
	      $(BIN)/pybabel update --no-fuzzy-matching -i $$dir/messages.pot -d $$dir -l $$lang || exit 1; \
	    else \
	      $(BIN)/pybabel init -i $$dir/messages.pot -d $$dir -l $$lang || exit 1; \
	    fi; \
	  done; \
	done

run: $(STAMP) translations
	$(BIN)/flask db upgrade
	$(BIN)/flask demo
	$(BIN)/flask run

test: $(STAMP) translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/solver_bench.py

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

clean:
	rm -rf $(VENV) $(UV_DIR) instance .pytest_cache
