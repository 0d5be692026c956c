"""The sign-up form warns, before saving, when a chosen job needs a card, language or age
the young person does not have, and shows the jobs they do qualify for."""

from __future__ import annotations

from typing import Any

from recruit.models import Candidate
from tests.booking.support import count, signup_data


def test_unsuitable_choice_is_warned_about_once(client: Any, make_event: Any,
                                                make_employer: Any, make_vacancy: Any) -> None:
    event = make_event()
    cafe = make_employer(event, company_name="Kahvila Oy")
    bar = make_vacancy(cafe, title="Baarimikko", requires=["hygiene_passport"], min_age=18)
    make_vacancy(cafe, title="Tiskaaja")
    url = f"/youth/events/{event.id}/sign-up?lang=en"
    fifteen = signup_data(birth_year=str(event.date.year - 15), **{"interests-0": str(bar.id)})

    warned = client.post(url, data=fifteen)

    text = warned.get_data(as_text=True)
    assert warned.status_code == 400 and count(Candidate) == 0
    listed = text[text.index('id="unsuitable-jobs"'):text.index('id="suitable-jobs"')]
    assert "Baarimikko" in listed and "Hygiene passport" in listed and "age 18" in listed
    suitable = text[text.index('id="suitable-jobs"'):]
    assert "Tiskaaja" in suitable[: suitable.index("</ul>")]
    assert "Baarimikko" not in suitable[: suitable.index("</ul>")]
    # Sent again as it is, the sign-up is saved: a warning, not a refusal.
    again = client.post(url, data={**fifteen, "choices_checked": "1"})
    assert again.status_code == 302 and count(Candidate) == 1
