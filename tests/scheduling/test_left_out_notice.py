"""After publishing, every young person without an interview is told once, in their
language, why and what they can do."""

from __future__ import annotations

import datetime as dt

from recruit.extensions import db
from recruit.models import Interview
from tests.booking.support import outbox, publish
from tests.factories import cards_by_code


def test_left_out_youth_get_one_kind_message_per_publish_cycle(
    app, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event = make_event(next_steps="Hygieniapassikoulutus ti 16.3. klo 10, Ohjaamo.")
    later = make_event(name="Syystreffit", date=dt.date(2027, 9, 30), signup_deadline=None)
    employer = make_employer(event, vacancies=0)
    cafe = make_vacancy(employer, title="Barista", requires=["hygiene_passport"])
    placed = make_candidate(event, interests=[cafe], cards=["hygiene_passport"])
    no_card = make_candidate(event, interests=[cafe], locale="sv")
    make_interview(placed, cafe)

    publish(event)

    [message] = outbox("youth_left_out")
    assert message.recipient == no_card.email and message.locale == "sv"
    text = message.body_text
    assert text.startswith("Hej ")
    assert "Barista" in text and "hygienpass" in text.lower()  # the plain reason
    assert "Hygieniapassikoulutus ti 16.3." in text  # the event's next steps
    assert later.name in text  # another event to sign up for
    assert "/youth/b/" in text  # their own page and the waiting list
    assert placed.email not in {m.recipient for m in outbox("youth_left_out")}

    # A republish that still leaves them out sends nothing more.
    publish(event)
    assert len(outbox("youth_left_out")) == 1

    # Their situation changes: a card and an interview, then the interview is gone again:
    # they are told again.
    no_card.cards = cards_by_code(["hygiene_passport"])
    interview = make_interview(no_card, cafe, start_minute=10 * 60,
                               source="counsellor", locked=True)
    publish(event)
    assert len(outbox("youth_left_out")) == 1
    db.session.delete(db.session.get(Interview, interview.id))
    db.session.commit()
    publish(event)
    assert [m.recipient for m in outbox("youth_left_out")] == [no_card.email] * 2
