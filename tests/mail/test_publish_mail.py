"""A publish queues its e-mails in its own transaction (DESIGN §5), however many there are.

The change path loads the rows it needs in bulk and lets the booking links wait for one flush
(docs/performance.md, "Mail"); these tests pin down what that must not change: a rolled-back
publish leaves no message and no link behind, a committed one has exactly one invitation per
young person, each with a working booking link of its own.
"""

from __future__ import annotations

import re

import sqlalchemy as sa

from recruit.core import links
from recruit.core.links import fill_mail_links
from recruit.extensions import db
from recruit.models import BookingLink, OutboxMessage, ScheduleVersion
from recruit.scheduling.publishing import publish_schedule


def _draft(make_event, make_employer, make_vacancy, make_candidate, make_interview, n=6):
    event = make_event(start_minute=9 * 60, end_minute=11 * 60)
    vacancy = make_vacancy(make_employer(event, tables=2))
    youth = [make_candidate(event, open_to_other=True, locale=("fi", "sv", "en")[i % 3])
             for i in range(n)]
    for i, person in enumerate(youth):
        make_interview(person, vacancy, start_minute=9 * 60 + 15 * (i // 2), table_no=1 + i % 2)
    return event, youth


def _count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_a_rolled_back_publish_leaves_no_message_and_no_link(
    app, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event, _youth = _draft(make_event, make_employer, make_vacancy, make_candidate,
                           make_interview)
    links_before = _count(BookingLink)
    publish_schedule(event, None)
    db.session.flush()
    assert _count(OutboxMessage) == 6 + 1  # six invitations and the employer's roster
    db.session.rollback()
    assert (_count(OutboxMessage), _count(ScheduleVersion)) == (0, 0)
    assert _count(BookingLink) == links_before


def test_a_committed_publish_has_one_invitation_per_person_with_their_own_link(
    app, make_event, make_employer, make_vacancy, make_candidate, make_interview
):
    event, youth = _draft(make_event, make_employer, make_vacancy, make_candidate,
                          make_interview)
    publish_schedule(event, None)
    db.session.commit()
    invites = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "interview_invite")
    ).all()
    assert sorted(m.recipient for m in invites) == sorted(p.email for p in youth)
    by_address = {p.email: p for p in youth}
    for message in invites:
        person = by_address[message.recipient]
        assert message.locale == person.locale
        token = re.search(r"/youth/b/([\w-]+)", fill_mail_links(message.body_text))
        assert token, "no booking link in the invitation"
        assert links.resolve_candidate(token.group(1)) == person
