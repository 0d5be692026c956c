# Two commands on a fresh machine: `make run` and `make test`. Both bootstrap the virtualenv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := recruit:create_app

# Translations: one catalogue per feature package (recruit/<package>/translations), each with
# a babel.cfg naming its sources. The .mo files are build output, compiled when a .po changes.
LANGUAGES := fi sv en
PO_FILES := $(wildcard recruit/translations/*/LC_MESSAGES/*.po recruit/*/translations/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)
BABEL_KEYWORDS := -k _l -k lazy_gettext -k lazy_ngettext:1,2

.PHONY: run test bench lint venv clean translations messages

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

venv: $(STAMP)

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
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: $(STAMP) translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/solver_bench.py

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) instance .pytest_cache
