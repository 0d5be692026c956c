"""The guard for every engineer: each translatable string has Finnish and Swedish translations.

Strings are extracted from `recruit/` and `templates/` exactly as `make messages` does
(Python with `_`, `gettext`, `_l`, `lazy_gettext`, ...; Jinja with `_()` and `{% trans %}`) and
looked up in the merged catalogues of all feature packages. A failure lists each missing
string with the file it comes from; add it to your package's catalogue with `make messages`,
translate it in `recruit/<package>/translations/{fi,sv}/LC_MESSAGES/messages.po`, and rerun.
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po

from recruit.core.i18n import catalogue_files

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "_l": None,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
    "lazy_pgettext": ((1, "c"), 2),
}
SOURCES = {
    "recruit": [("**/translations/**", "ignore"), ("**.py", "python")],
    "templates": [("**.html", "jinja2"), ("**.txt", "jinja2")],
}
REQUIRED_LANGUAGES = ("fi", "sv")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")


def extracted_messages() -> dict[str, list[str]]:
    """msgid -> the files that use it (plural messages by their singular)."""
    found: dict[str, list[str]] = defaultdict(list)
    for folder, method_map in SOURCES.items():
        for filename, _lineno, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map, keywords=KEYWORDS, strip_comment_tags=True
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                found[msgid].append(f"{folder}/{filename}")
    return found


def merged_catalogue(language: str) -> dict[str, list[str]]:
    """msgid -> its non-empty, non-fuzzy translations (all plural forms) over every package."""
    merged: dict[str, list[str]] = {}
    for path in catalogue_files(ROOT / "recruit"):
        if path.parent.parent.name != language:
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if not message.id or message.fuzzy:
                continue
            msgid = message.id[0] if isinstance(message.id, tuple) else message.id
            forms = list(message.string) if isinstance(message.string, tuple) else [message.string]
            if forms and all(form.strip() for form in forms):
                merged.setdefault(msgid, forms)
    return merged


def test_strings_are_extracted_from_python_and_templates():
    messages = extracted_messages()
    # One known string from each kind of source proves the extractors ran.
    assert "recruit/auth/routes.py" in messages["Wrong e-mail address or password."]
    assert "recruit/auth/forms.py" in messages["Enter your password."]
    assert "templates/base.html" in messages["Skip to content"]


@pytest.mark.parametrize("language", REQUIRED_LANGUAGES)
def test_every_string_is_translated(language):
    catalogue = merged_catalogue(language)
    missing = {
        msgid: files for msgid, files in extracted_messages().items() if msgid not in catalogue
    }
    report = "\n".join(
        f"  {sorted(set(files))[0]}: {msgid!r}" for msgid, files in sorted(missing.items())
    )
    if missing:
        pytest.fail(f"{len(missing)} strings have no {language} translation:\n{report}", False)


@pytest.mark.parametrize("language", REQUIRED_LANGUAGES)
def test_translations_keep_their_placeholders(language):
    broken = []
    for path in catalogue_files(ROOT / "recruit"):
        if path.parent.parent.name != language:
            continue
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        for message in catalog:
            if not message.id or not message.string:
                continue
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            wanted = set(PLACEHOLDER.findall(ids[-1]))
            for string in strings:
                if string and set(PLACEHOLDER.findall(string)) != wanted:
                    broken.append(f"  {path.relative_to(ROOT)}: {ids[0]!r} -> {string!r}")
    if broken:
        pytest.fail("placeholders differ from the original:\n" + "\n".join(broken), False)


def _write_catalogue(folder: Path, language: str, entries: dict[str, str]) -> None:
    from babel.messages.catalog import Catalog
    from babel.messages.mofile import write_mo

    catalog = Catalog(locale=language)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr)
    target = folder / language / "LC_MESSAGES"
    target.mkdir(parents=True)
    with (target / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)


def test_flask_babel_merges_every_package_catalogue(make_app, tmp_path):
    """Each feature package's catalogue is found and merged with the others (Flask-Babel 4)."""
    from flask_babel import gettext

    from recruit.extensions import babel

    _write_catalogue(tmp_path / "first", "fi", {"Only in the first": "Vain ensimmäisessä"})
    _write_catalogue(tmp_path / "second", "fi", {"Only in the second": "Vain toisessa"})
    app = make_app(
        BABEL_TRANSLATION_DIRECTORIES=f"translations;{tmp_path / 'first'};{tmp_path / 'second'}"
    )
    with app.test_request_context("/?lang=fi"):
        # Flask-Babel caches merged catalogues per process; start and end with a clean cache.
        babel.domain_instance.cache.clear()
        try:
            assert gettext("Only in the first") == "Vain ensimmäisessä"
            assert gettext("Only in the second") == "Vain toisessa"
            assert gettext("Log in") == "Kirjaudu sisään"  # the foundation's own catalogue
        finally:
            babel.domain_instance.cache.clear()


def test_every_package_catalogue_is_configured(app):
    folders = app.config["BABEL_TRANSLATION_DIRECTORIES"].split(";")
    on_disk = {
        str(path.parent.parent.parent.relative_to(ROOT / "recruit"))
        for path in catalogue_files(ROOT / "recruit")
    }
    assert on_disk <= set(folders)
