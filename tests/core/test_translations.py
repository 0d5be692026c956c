"""The guard for every engineer: one catalogue, and each translatable string has Finnish and
Swedish translations in it.

Strings are extracted from `recruit/` and `templates/` exactly as `make messages` does: the
sources named in `recruit/babel.cfg`, with the keywords of the Makefile's BABEL_KEYWORDS (on
top of pybabel's own `_`, `gettext`, `ngettext`, `pgettext`, ...). A failure lists each missing
string with the file it comes from; run `make messages`, translate the new entries in
`recruit/translations/{fi,sv}/LC_MESSAGES/messages.po`, and rerun.
"""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_keywords, parse_mapping_cfg
from babel.messages.pofile import read_po

from recruit.core.i18n import catalogue_files

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "recruit" / "translations"
REQUIRED_LANGUAGES = ("fi", "sv")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]|\{\w*\}")
# What each flask_babel function needs its alias to be extracted with: the argument positions
# of the text (and of the context, "c").
KEYWORD_SPECS = {
    "gettext": None, "lazy_gettext": None,
    "ngettext": (1, 2), "lazy_ngettext": (1, 2),
    "pgettext": ((1, "c"), 2), "lazy_pgettext": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3), "lazy_npgettext": ((1, "c"), 2, 3),
}
Key = tuple[str | None, str]  # (context, msgid); a plural message by its singular


def makefile_keywords() -> dict[str, object]:
    """The keywords `make messages` passes to pybabel, on top of pybabel's defaults."""
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    match = re.search(r"^BABEL_KEYWORDS\s*:=((?:.*\\\n)*.*)$", makefile, re.M)
    assert match, "the Makefile names no BABEL_KEYWORDS"
    words = re.findall(r"-k\s+(\S+)", match.group(1).replace("\\\n", " "))
    return {**DEFAULT_KEYWORDS, **parse_keywords(words)}


def extracted_messages() -> dict[Key, list[str]]:
    """(context, msgid) -> the files that use it, extracted as `make messages` does."""
    with (ROOT / "recruit" / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[Key, list[str]] = defaultdict(list)
    for filename, _lineno, message, _comments, context in extract_from_dir(
        ROOT, method_map, options_map, keywords=makefile_keywords(), strip_comment_tags=True
    ):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found[(context, msgid)].append(filename)
    return found


def catalogue(language: str) -> dict[Key, list[str]]:
    """(context, msgid) -> its non-empty, non-fuzzy translations (every plural form)."""
    with (CATALOGUE / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    translated: dict[Key, list[str]] = {}
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        msgid = message.id[0] if isinstance(message.id, tuple) else message.id
        forms = list(message.string) if isinstance(message.string, tuple) else [message.string]
        if len(forms) == (catalog.num_plurals if isinstance(message.id, tuple) else 1) and all(
            form.strip() for form in forms
        ):
            translated[(message.context, msgid)] = forms
    return translated


def test_strings_are_extracted_from_python_and_templates():
    messages = extracted_messages()
    # One known string from each kind of source proves the extractors ran.
    assert "recruit/auth/routes.py" in messages[(None, "Wrong e-mail address or password.")]
    assert "recruit/auth/forms.py" in messages[(None, "Enter your password.")]
    assert "templates/base.html" in messages[(None, "Skip to content")]
    # Plurals through an alias (`lazy_ngettext as _ln`) and contexts in templates and code.
    assert "recruit/events/operations.py" in messages[
        (None, "The available time of %(num)d young person starts before this.")]
    assert "templates/employers/_roster_table.html" in messages[("employer", "Your interviews")]
    assert "recruit/youth/forms.py" in messages[("youth", "Choice %(rank)d")]


def _gettext_aliases() -> dict[str, str]:
    """alias -> the flask_babel function it names, for every import under recruit/."""
    aliases = {}
    for path in (ROOT / "recruit").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "flask_babel":
                for name in node.names:
                    if name.name in KEYWORD_SPECS:
                        aliases[name.asname or name.name] = name.name
    return aliases


def test_every_gettext_alias_the_code_imports_is_extracted():
    """An alias pybabel does not know (as `_ln` once was) leaves its strings untranslated."""
    keywords = makefile_keywords()
    aliases = _gettext_aliases()
    assert {"_l", "_ln", "_lp"} <= set(aliases)  # the scan found the aliases in use
    wrong = {
        alias: function for alias, function in aliases.items()
        if alias not in keywords or keywords[alias] != KEYWORD_SPECS[function]
    }
    assert not wrong, f"add these to BABEL_KEYWORDS in the Makefile: {wrong}"


@pytest.mark.parametrize("language", REQUIRED_LANGUAGES)
def test_every_string_is_translated(language):
    translated = catalogue(language)
    missing = {key: files for key, files in extracted_messages().items() if key not in translated}
    report = "\n".join(
        f"  {sorted(set(files))[0]}: {msgid!r}" + (f" (context {context!r})" if context else "")
        for (context, msgid), files in sorted(missing.items(), key=str)
    )
    if missing:
        pytest.fail(f"{len(missing)} strings have no {language} translation:\n{report}", False)


def test_the_template_lists_exactly_the_strings_in_use():
    """messages.pot is what `make messages` would write now: nothing missing, nothing stale."""
    with (CATALOGUE / "messages.pot").open("rb") as handle:
        template = {
            (m.context, m.id[0] if isinstance(m.id, tuple) else m.id)
            for m in read_po(handle) if m.id
        }
    assert template == set(extracted_messages())


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


def _entries(po_text: str) -> list[tuple[str | None, str]]:
    """(msgctxt, msgid) of every live entry, read from the file's text itself: read_po would
    quietly keep only the last of two entries with the same id."""
    entries = []
    for block in re.split(r"\n\s*\n", po_text):
        lines = [line for line in block.splitlines() if not line.startswith("#")]
        fields: dict[str, str] = {}
        current = None
        for line in lines:
            keyword = re.match(r"(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) (\".*\")$", line)
            if keyword:
                current = keyword.group(1)
                fields[current] = ast.literal_eval(keyword.group(2))
            elif current and line.startswith('"'):
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            entries.append((fields.get("msgctxt"), fields["msgid"]))
    return entries


def test_there_is_one_catalogue_and_it_defines_each_text_once(app):
    """Several catalogues merged by Flask-Babel let the last one win; one catalogue cannot."""
    elsewhere = [
        str(path.relative_to(ROOT))
        for pattern in ("*.po", "*.pot", "babel.cfg")
        for folder in ("recruit", "templates")
        for path in (ROOT / folder).rglob(pattern)
        if CATALOGUE not in path.parents and path != ROOT / "recruit" / "babel.cfg"
    ]
    assert not elsewhere, f"a second catalogue: {elsewhere}"
    assert app.config["BABEL_TRANSLATION_DIRECTORIES"] == "translations"
    assert [path.parent.parent.name for path in catalogue_files(ROOT / "recruit")] == [
        "en", "fi", "sv"]
    for path in [*catalogue_files(ROOT / "recruit"), CATALOGUE / "messages.pot"]:
        entries = _entries(path.read_text(encoding="utf-8"))
        assert len(entries) > 500, path  # the parser read the file
        twice = sorted({entry for entry in entries if entries.count(entry) > 1}, key=str)
        assert not twice, f"{path.relative_to(ROOT)} defines these more than once: {twice}"


@pytest.mark.parametrize("language", REQUIRED_LANGUAGES)
def test_plural_forms_follow_the_language(language):
    """Finnish and Swedish both have one form for 1 and another for the rest."""
    with (CATALOGUE / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle, locale=language)
    assert catalog.num_plurals == 2
    assert catalog.plural_expr.replace(" ", "").strip("()") == "n!=1"
    plurals = [m for m in catalog if isinstance(m.id, tuple)]
    assert len(plurals) > 20
    for message in plurals:
        assert len(message.string) == 2 and all(message.string), message.id


@pytest.mark.parametrize("language", ("fi", "sv", "en"))
def test_every_translation_keeps_the_placeholders_of_its_msgid(language):
    """What `pybabel compile` refuses (and so `make` stops on): a translation whose
    placeholders do not match, as a bare "%" in a msgid marked python-format once made."""
    path = ROOT / "recruit" / "translations" / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    problems = [f"{message.lineno}: {message.id!r}: {'; '.join(map(str, errors))}"
                for message, errors in catalog.check()]
    assert not problems, "\n".join(problems)
