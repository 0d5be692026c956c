# Two commands on a fresh machine: `make run` and `make test`. Both bootstrap the virtualenv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export FLASK_APP := recruit:create_app

# Translations: one catalogue (recruit/translations), its sources named in recruit/babel.cfg.
# The .mo files are build output, compiled when a .po changes. The keywords are every gettext
# function the code calls and every alias it imports one as (pybabel adds _, gettext, ngettext,
# pgettext and npgettext itself); a test checks that no alias is missing.
LANGUAGES := fi sv en
CATALOGUE := recruit/translations
PO_FILES := $(wildcard $(CATALOGUE)/*/LC_MESSAGES/*.po)
MO_FILES := $(PO_FILES:.po=.mo)
BABEL_KEYWORDS := -k _l -k lazy_gettext -k _ln:1,2 -k lazy_ngettext:1,2 -k _lp:1c,2 \
	-k lazy_pgettext:1c,2 -k pgettext:1c,2 -k npgettext:1c,2,3 -k lazy_npgettext:1c,2,3

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
	$(BIN)/flask run --host 127.0.0.1 --port 5000

test: $(STAMP) translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	$(BIN)/python bench/solver_bench.py

lint: $(STAMP)
	$(BIN)/ruff check .

clean:
	rm -rf $(VENV) instance .pytest_cache
