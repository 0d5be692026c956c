"""The staff list of young people comes a page at a time, the filters kept across pages."""

from __future__ import annotations

import re
from typing import Any

from recruit.people.views import CANDIDATES_PER_PAGE


def _names(page: str) -> list[str]:
    return re.findall(r'/candidates/\d+">([^<]+)</a></td>', page)


def test_a_long_list_of_young_people_comes_in_pages(
    logged_in_client: Any, make_event: Any, make_candidate: Any
) -> None:
    event = make_event()
    total = CANDIDATES_PER_PAGE + 5
    for number in range(total):
        make_candidate(event, first_name=f"Nuori{number:03d}", last_name="Pages",
                       priority=number % 2 == 0)
    url = f"/staff/events/{event.id}/candidates?lang=en"
    first = logged_in_client.get(url).get_data(as_text=True)
    assert len(_names(first)) == CANDIDATES_PER_PAGE
    assert f"{total} young people" in first and f"1–{CANDIDATES_PER_PAGE} shown" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    second = logged_in_client.get(url + "&page=2").get_data(as_text=True)
    assert len(_names(second)) == 5
    assert not set(_names(first)) & set(_names(second))
    # Past the last page, or not a number: the nearest page, never an error.
    assert _names(logged_in_client.get(url + "&page=99").get_data(as_text=True)) == \
        _names(second)
    assert logged_in_client.get(url + "&page=x").status_code == 200
    # A filter narrows the list to one page, and the page links keep it.
    filtered = logged_in_client.get(url + "&priority=yes").get_data(as_text=True)
    assert len(_names(filtered)) == (total + 1) // 2 and 'rel="next"' not in filtered
    many = logged_in_client.get(url + "&q=Pages").get_data(as_text=True)
    assert "q=Pages" in many.split('class="pagination"', 1)[1]
