"""Tier figures and the engine's reasons in plain language, in Finnish, Swedish and English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import import_module

import pytest
from flask import Flask
from flask_babel import refresh

from recruit.scheduling.text import (
    Names,
    coverage_gain_sentence,
    known_reason_codes,
    reason_sentence,
    rule_label,
    tier_sentence,
)
from solver import explain_text as say
from solver.problem import Reason, TierResult

NAMES = Names(
    people={"C1": "Aino Aalto"},
    employers={"E2": "Kahvila Oy", "E3": "Kauppa Oy", "E4": "Kirjasto", "E5": "Kioski Oy",
               "E6": "Kukkakauppa Oy", "E7": "Kuntosali Oy"},
    vacancies={"E2-V5": "Barista (Kahvila Oy)", "E3-V6": "Myyjä (Kauppa Oy)"},
    cards={"hygiene_passport": "hygieniapassi"},
)

@contextmanager
def speaking(app: Flask, language: str) -> Iterator[None]:
    """A request in `language`. The test's app context is shared between requests here, so
    Flask-Babel's per-context cache of the locale is refreshed for each one."""
    with app.test_request_context(f"/?lang={language}"):
        refresh()
        yield


# One reason of every code the engine gives, built by the engine's own builders.
REASONS = [
    say.no_preferences("C1"),
    say.missing_card("C1", "E2-V5", "E2", "hygiene_passport"),
    say.language("C1", "E2-V5", "E2", ["fi"], ["sv", "en"]),
    say.too_young("C1", "E2-V5", "E2", 18, 16),
    say.no_eligible_vacancy("C1", 2, False, 7),
    say.no_eligible_vacancy("C1", 0, True, 7),
    say.no_common_time("C1", "E2", ["E2-V5"], [(540, 570)], [(600, 720)]),
    say.employer_full("C1", "E2", ["E2-V5"], 30, 30),
    say.tables_taken("C1", "E2", ["E2-V5"], 2, 6, [(540, 600)]),
    say.busy("C1", "E2", ["E2-V5"], 1, 3, ["E3 09:00–09:15"], 5),
    say.slot_left_free("C1", "E2", ["E2-V5"], 615),
    say.max_reached("C1", 3, ["E2-V5", "E3-V6"]),
    say.same_employer("C1", "E2", "E2-V5", "E2-V5"),
    say.others_blocked("C1", 8, ["E2"], ["E3", "E4"], ["E2", "E3", "E4", "E5", "E6", "E7"],
                       [(540, 600), (660, 720)]),
]


def documented_reason_codes() -> dict[str, set[str]]:
    """The table in solver/explain.py's docstring: each reason code with its detail keys."""
    # The module, not the function of the same name that the solver package exports.
    lines = import_module("solver.explain").__doc__.splitlines()
    header = next(i for i, line in enumerate(lines)
                  if line.startswith("code ") and "detail keys" in line)
    column = lines[header].index("detail keys")
    cells: dict[str, list[str]] = {}
    for line in lines[header + 1:]:
        if not line.strip():
            break
        if not line[0].isspace():
            cells[line.split()[0]] = []
        cells[list(cells)[-1]].append(line[column:])
    return {
        code: {key.strip() for key in re.sub(r"\([^)]*\)", "", " ".join(parts)).split(",")
               if key.strip()}
        for code, parts in cells.items()
    }


def test_every_documented_reason_code_has_a_translated_sentence():
    """A reason code the engine documents but schedule_text cannot write would show the
    engine's English (with its ids) to Finnish and Swedish readers."""
    documented = documented_reason_codes()
    assert len(documented) >= 13 and "others_blocked" in documented
    assert set(documented) - known_reason_codes() == set()
    # Each documented code is exercised below in every language, with the keys the docs name.
    examples = {reason.code: set(dict(reason.detail)) for reason in REASONS}
    assert set(documented) - set(examples) == set()
    for code, keys in examples.items():
        assert keys == documented[code], code


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_every_reason_code_reads_with_names_in_every_language(app, language):
    with speaking(app, language):
        for reason in REASONS:
            sentence = reason_sentence(reason, NAMES)
            assert sentence != reason.text or language == "en", reason.code
            assert "Aino Aalto" in sentence, reason.code
            assert "%(" not in sentence
            # No solver id left over: people read names.
            assert not any(token in sentence for token in ("C1 ", "E2-V5", " E2 ", "E3 ")), (
                reason.code, sentence)


def test_others_blocked_names_the_employers_and_counts_them(app):
    reason = REASONS[-1]
    with speaking(app, "fi"):
        text = reason_sentence(reason, NAMES)
        assert text.startswith("Aino Aalto pääsee paikalle 9.00–10.00, 11.00–12.00.")
        assert "sopisi 8 muulle työnantajalle" in text
        assert "1 ei haastattele silloin (Kahvila Oy)" in text
        assert "2 oli jo täynnä (Kauppa Oy ja Kirjasto)" in text
        assert ("6 työnantajalla kaikki pöydät olivat silloin varattuina (Kahvila Oy, Kauppa Oy, "
                "Kirjasto, Kioski Oy, Kukkakauppa Oy ja 1 muu)") in text
    with speaking(app, "sv"):
        text = reason_sentence(reason, NAMES)
        assert "passar för 8 andra arbetsgivare" in text
        assert "2 var redan fullbokade (Kauppa Oy och Kirjasto)" in text
        assert "Kukkakauppa Oy och 1 till" in text
    with speaking(app, "en"):
        text = reason_sentence(reason, NAMES)
        assert "Of the 8 other employers they fit" in text
        assert "1 has no interview slot in that time (Kahvila Oy)" in text
        assert "2 were full (Kauppa Oy and Kirjasto)" in text
    # Only the groups that have employers are named.
    alone = say.others_blocked("C1", 4, [], ["E2", "E3", "E4", "E5"], [], [(540, 600)])
    with speaking(app, "en"):
        text = reason_sentence(alone, NAMES)
        assert "4 were full" in text and "slot" not in text and "table" not in text


def test_reason_details_are_translated_too(app):
    with speaking(app, "fi"):
        card = reason_sentence(say.missing_card("C1", "E2-V5", "E2", "hygiene_passport"), NAMES)
        assert "hygieniapassi" in card and "Barista (Kahvila Oy)" in card
        language = reason_sentence(say.language("C1", "E2-V5", "E2", ["fi"], ["sv"]), NAMES)
        assert "suomi" in language and "ruotsi" in language
    with speaking(app, "sv"):
        language = reason_sentence(say.language("C1", "E2-V5", "E2", ["fi"], ["sv"]), NAMES)
        assert "finska" in language and "svenska" in language
        # Any one of the interview languages will do; the person speaks all of theirs.
        language = reason_sentence(
            say.language("C1", "E2-V5", "E2", ["fi", "en"], ["sv", "ru"]), NAMES)
        assert "hålls på finska eller engelska" in language
        assert "talar svenska och ryska" in language
    with speaking(app, "fi"):
        language = reason_sentence(
            say.language("C1", "E2-V5", "E2", ["fi", "en"], ["sv", "ru"]), NAMES)
        assert "suomi tai englanti" in language and "ruotsi ja venäjä" in language


def test_counts_in_reasons_take_the_right_plural_form(app):
    one_table = say.tables_taken("C1", "E2", ["E2-V5"], 1, 1, [(540, 600)])
    one_place = say.employer_full("C1", "E2", ["E2-V5"], 1, 1)
    one_interview = say.max_reached("C1", 1, ["E2-V5"])
    with speaking(app, "fi"):
        text = reason_sentence(one_table, NAMES)
        assert "on 1 pöytä, ja se oli varattu" in text and "1 haastatteluaika)" in text
        assert "1 pöytää" not in text
        assert "1 / 1 hakija " in reason_sentence(one_place, NAMES)
        assert "1 haastattelun." in reason_sentence(one_interview, NAMES)
        many = reason_sentence(say.tables_taken("C1", "E2", ["E2-V5"], 2, 6, [(540, 600)]),
                               NAMES)
        assert "kaikki 2 pöytää" in many and "6 haastatteluaikaa" in many
    with speaking(app, "sv"):
        text = reason_sentence(one_table, NAMES)
        assert "har 1 bord, och det var upptaget" in text and "1 tid)" in text
        assert "Alla 1 bord" not in text
        assert "1 intervju." in reason_sentence(one_interview, NAMES)
    with speaking(app, "en"):
        assert "has 1 table, and it was taken" in reason_sentence(one_table, NAMES)
        assert "1 of 1 candidate " in reason_sentence(one_place, NAMES)
        assert reason_sentence(one_interview, NAMES).endswith("maximum of 1 interview.")


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_reasons_write_times_as_the_rest_of_the_page(app, language):
    """The engine writes "09:00–09:30"; the page writes times with recruit.core.i18n (9.00 in
    Finnish), and so do the reasons."""
    from recruit.core.i18n import format_minute

    with speaking(app, language):
        nine, half_past, ten, quarter_past = (format_minute(m) for m in (540, 570, 600, 615))
        text = reason_sentence(
            say.no_common_time("C1", "E2", ["E2-V5"], [(540, 570)], [(600, 720)]), NAMES)
        assert f"{nine}–{half_past}" in text and f"{ten}–{format_minute(720)}" in text
        text = reason_sentence(say.slot_left_free("C1", "E2", ["E2-V5"], 615), NAMES)
        assert quarter_past in text
        text = reason_sentence(say.busy("C1", "E2", ["E2-V5"], 0, 1, ["E3 09:00–09:15"], 5),
                               NAMES)
        assert f"Kauppa Oy {nine}–{format_minute(555)}" in text
        text = reason_sentence(say.tables_taken("C1", "E2", ["E2-V5"], 2, 6, [(540, 600)]),
                               NAMES)
        assert f"{nine}–{ten}" in text
    if language == "fi":
        assert nine == "9.00" and "09:00" not in text


def test_no_gap_is_mentioned_when_the_event_keeps_none(app):
    clash = say.busy("C1", "E2", ["E2-V5"], 0, 1, ["E3 09:00–09:15"], 0)
    with speaking(app, "en"):
        assert "gap" not in reason_sentence(clash, NAMES)
    with speaking(app, "fi"):
        assert "tauon" not in reason_sentence(clash, NAMES)


def test_an_unknown_reason_falls_back_to_the_engines_sentence(app):
    reason = Reason("new_code", "Something new happened to C1.", (("candidate", "C1"),))
    with speaking(app, "fi"):
        assert reason_sentence(reason, NAMES) == "Something new happened to C1."


def test_tier_sentences_speak_of_people_not_of_the_solver(app):
    proven = TierResult("covered", 212, 212, 0.0, True)
    close = TierResult("covered", 200, 212, 12 / 212, False)
    with speaking(app, "en"):
        assert tier_sentence(proven, candidates=212, published=0) == (
            "Everyone who can be placed has an interview: 212 of 212.")
        # 230 in the pool, at most 212 placeable, 200 placed so far.
        text = tier_sentence(close, candidates=230, published=0)
        assert text == ("200 of 230 young people have an interview; a longer build might "
                        "place up to 12 more. 18 cannot be placed — see why below.")
        left_out = TierResult("covered", 176, 176, 0.0, True)
        assert tier_sentence(left_out, candidates=200, published=0) == (
            "Everyone who can be placed has an interview: 176 of 200. 24 cannot be placed — "
            "see why below.")
        assert tier_sentence(TierResult("kept_published", 0, 0, 0.0, True), candidates=5,
                             published=0) is None
        kept = TierResult("kept_published", 0, 0, 0.0, True)
        assert tier_sentence(kept, candidates=5, published=1) == (
            "1 published interview is kept.")
        assert tier_sentence(kept, candidates=5, published=2) == (
            "All 2 published interviews are kept.")
        waiting = TierResult("waiting", 35, 20, 0.75, False)
        assert tier_sentence(waiting, candidates=5, published=0) == (
            "Waiting between interviews: 35 minutes in all; a longer build might shorten it.")
    solver_words = {
        "fi": ("todistetusti", "paras mahdollinen", "%", "raja"),
        "sv": ("bevisat", "bästa möjliga", "%", "gräns"),
        "en": ("proven", "best possible", "%", "bound"),
    }
    tiers = [proven, close, TierResult("shortfall", 3, 0, 1.0, False),
             TierResult("preference", 900, 950, 0.05, False),
             TierResult("preference", 950, 950, 0.0, True),
             TierResult("waiting", 35, 20, 0.75, False),
             TierResult("kept_published", 2, 0, 1.0, False),
             TierResult("priority_covered", 3, 4, 0.25, False)]
    for language, words in solver_words.items():
        with speaking(app, language):
            for tier in tiers:
                text = tier_sentence(tier, candidates=230, published=10)
                assert text and not any(word in text for word in words), (language, text)
    with speaking(app, "fi"):
        assert tier_sentence(kept, candidates=5, published=1) == "1 julkaistu haastattelu säilyy."
        assert tier_sentence(proven, candidates=212, published=0) == (
            "Kaikilla nuorilla, jotka voidaan sijoittaa, on haastattelu: 212 / 212.")
    with speaking(app, "sv"):
        assert tier_sentence(kept, candidates=5, published=1) == "1 publicerad intervju behålls."
        assert tier_sentence(proven, candidates=212, published=0) == (
            "Alla som kan placeras har en intervju: 212 av 212.")


def test_comparison_with_first_come_first_served(app):
    ours = (TierResult("covered", 212, 212, 0.0, True),)
    greedy = (TierResult("covered", 180, 180, 0.0, False),)
    with speaking(app, "en"):
        assert coverage_gain_sentence(ours, greedy) == (
            "First come, first served would have given an interview to 180 youth; this "
            "schedule gives one to 212 (32 more).")


def test_rule_labels_are_translated(app):
    with speaking(app, "fi"):
        assert rule_label("table_overlap") == "Pöytä on silloin jo varattu"
        assert rule_label("some_future_rule") == "some_future_rule"


@pytest.mark.parametrize(("language", "building"), [("sv", "byggnad"), ("fi", "rakennu")])
def test_a_schedule_build_is_never_called_a_building(language, building):
    """"Build" is bygge / laskenta here; byggnad and rakennus mean a house."""
    from pathlib import Path

    from babel.messages.pofile import read_po

    path = (Path(__file__).resolve().parents[2] / "recruit/translations" / language
            / "LC_MESSAGES/messages.po")
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    for message in catalog:
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert not any(building in form.lower() for form in forms if form), message.id
