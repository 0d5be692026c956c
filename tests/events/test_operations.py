"""Unit tests of the event operations, without HTTP."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa

from recruit.events.operations import (
    EventSettings,
    add_card,
    card_code,
    copy_event,
    create_event,
    set_card_active,
    settings_of,
    update_event,
)
from recruit.extensions import db
from recruit.models import AuditEntry, RequirementCard, seed_cards


def settings(**overrides: Any) -> EventSettings:
    values: dict[str, Any] = {
        "name": "Treffit", "date": dt.date(2027, 4, 1), "start_minute": 540, "end_minute": 780,
    }
    values.update(overrides)
    return EventSettings(**values)


def test_create_and_read_back_settings(app: Any, staff_user: Any) -> None:
    seed_cards()
    card_ids = list(db.session.scalars(sa.select(RequirementCard.id).limit(2)))
    event = create_event(settings(breaks=[(660, 690)], card_ids=card_ids,
                                  languages=["fi"]), staff_user)
    db.session.commit()
    read = settings_of(event)
    assert read.breaks == [(660, 690)]
    assert sorted(read.card_ids) == sorted(card_ids)
    assert read.languages == ["fi"]
    entry = db.session.scalar(sa.select(AuditEntry))
    assert (entry.action, entry.staff_user_id, entry.event_id) == (
        "event.create", staff_user.id, event.id)


def test_update_replaces_breaks_and_cards(app: Any, make_event: Any) -> None:
    event = make_event(breaks=[(600, 630)], cards=["hygiene_passport"])
    update_event(event, settings(breaks=[(700, 720), (740, 750)], card_ids=[]))
    db.session.commit()
    assert [(b.start_minute, b.end_minute) for b in event.breaks] == [(700, 720), (740, 750)]
    assert event.cards == []


def test_copy_moves_the_deadline_with_the_date(app: Any, make_event: Any) -> None:
    source = make_event(date=dt.date(2027, 3, 12),
                        signup_deadline=dt.datetime(2027, 3, 5, 22, 0, tzinfo=dt.UTC))
    copy = copy_event(source, "Ensi vuonna", dt.date(2028, 3, 10))
    db.session.commit()
    assert copy.id != source.id
    assert copy.signup_deadline == dt.datetime(2028, 3, 3, 22, 0, tzinfo=dt.UTC)
    assert copy.employers == []
    actions = db.session.scalars(sa.select(AuditEntry.action)).all()
    assert actions == ["event.create", "event.copy"]


def test_copy_takes_only_approved_employers_as_pending(
    app: Any, make_event: Any, make_employer: Any, make_vacancy: Any
) -> None:
    source = make_event()
    approved = make_employer(source)
    make_vacancy(approved, requires=["first_aid_card"], languages=["fi", "sv"], min_age=18)
    make_employer(source, status="pending")
    make_employer(source, status="rejected")
    copy = copy_event(source, "Kopio", dt.date(2028, 1, 1), copy_employers=True)
    db.session.commit()
    [employer] = copy.employers
    assert employer.status == "pending"
    assert employer.consent_at is None  # last year's consent does not carry over
    [vacancy] = employer.vacancies
    assert (vacancy.languages, vacancy.min_age) == (["fi", "sv"], 18)
    assert [c.code for c in vacancy.requirements] == ["first_aid_card"]
    # The source is untouched.
    assert len(source.employers) == 3


def test_card_codes_are_ascii_and_unique(app: Any) -> None:
    assert card_code("Hot work licence") == "hot_work_licence"
    assert card_code("Ajokortti (BE) – Ä") == "ajokortti_be_a"
    assert card_code("!!!") == "card"
    add_card("A", "A", "Same name")
    add_card("B", "B", "Same name")
    add_card("C", "C", "Same name")
    codes = db.session.scalars(sa.select(RequirementCard.code).order_by(RequirementCard.id))
    assert list(codes) == ["same_name", "same_name_2", "same_name_3"]


def test_deactivated_card_stays_on_events_that_use_it(app: Any, make_event: Any) -> None:
    event = make_event(cards=["taxi_licence"])
    card = event.cards[0]
    set_card_active(card, False)
    db.session.commit()
    db.session.refresh(event)
    assert [c.code for c in event.cards] == ["taxi_licence"]
    assert card.is_active is False
    set_card_active(card, True)
    assert card.is_active is True
