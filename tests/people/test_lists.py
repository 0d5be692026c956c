"""How the staff event pages list things: cards in the reader's alphabetical order, and no
table caption that repeats the heading above it."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest

from tests.factories import cards_by_code

# Codes whose alphabetical order differs from the order of their names in every language.
CODES = ["forklift_card", "hot_work_card", "road_safety_card", "taxi_licence"]


def listed_after(page: str, label: str) -> list[str]:
    """The comma-separated names in the <dd> after the <dt> `label`."""
    match = re.search(rf"<dt>{re.escape(label)}</dt><dd>(.*?)</dd>", page, re.S)
    assert match, label
    return [html_lib.unescape(name) for name in match.group(1).split(", ")]


def alphabetical(language: str) -> list[str]:
    names = [card.name_for(language) for card in cards_by_code(CODES)]
    assert names != sorted(names, key=str.casefold) or language == "en"
    return sorted(names, key=str.casefold)


@pytest.mark.parametrize(("language", "label"), [
    ("fi", "Kortit ja luvat"), ("sv", "Kort och tillstånd"), ("en", "Cards and licences")])
def test_event_page_lists_its_cards_by_name_in_the_readers_language(
    logged_in_client: Any, make_event: Any, language: str, label: str
) -> None:
    event = make_event(cards=CODES)
    page = logged_in_client.get(f"/staff/events/{event.id}?lang={language}")
    assert page.status_code == 200
    assert listed_after(page.get_data(as_text=True), label) == alphabetical(language)


def test_people_pages_list_cards_by_name_too(
    logged_in_client: Any, make_event: Any, make_employer: Any, make_vacancy: Any,
    make_candidate: Any,
) -> None:
    event = make_event(cards=CODES)
    employer = make_employer(event)
    make_vacancy(employer, requires=CODES)
    candidate = make_candidate(event, cards=CODES)
    page = logged_in_client.get(
        f"/staff/events/{event.id}/employers/{employer.id}?lang=fi").get_data(as_text=True)
    assert listed_after(page, "Vaaditut kortit ja luvat") == alphabetical("fi")
    page = logged_in_client.get(
        f"/staff/events/{event.id}/candidates/{candidate.id}?lang=sv").get_data(as_text=True)
    assert listed_after(page, "Kort och tillstånd som personen har") == alphabetical("sv")


def test_no_cards_reads_none(logged_in_client: Any, make_event: Any) -> None:
    event = make_event(cards=[])
    page = logged_in_client.get(f"/staff/events/{event.id}?lang=en").get_data(as_text=True)
    assert listed_after(page, "Cards and licences") == ["None"]


def test_event_list_captions_do_not_repeat_the_headings(
    logged_in_client: Any, make_event: Any
) -> None:
    make_event()
    page = logged_in_client.get("/staff/events?lang=en").get_data(as_text=True)
    assert '<h2 id="upcoming-heading">Upcoming</h2>' in page
    # Kept for screen readers (a table needs a name), hidden on screen.
    assert '<caption class="visually-hidden">Upcoming events</caption>' in page
    assert "<caption>" not in page
