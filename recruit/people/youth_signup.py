"""Youth sign-up with double opt-in.

A new address creates an unverified candidate and e-mails a confirmation link; only after the
link is used does the person enter the pool (status "active"). Signing up again with a known
address changes nothing yet: the new answers wait on the confirmation link (`payload`) and
are applied when that link is used, so nobody can rewrite another person's sign-up by typing
their address. Both cases answer the same, so the form does not reveal who is signed up.

Operations flush; the caller commits (the e-mail is queued in the same transaction).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Any

import sqlalchemy as sa
from flask import current_app

from recruit.booking.operations import lock_row
from recruit.core import audit, links, throttle
from recruit.extensions import db
from recruit.mail import messages
from recruit.mail.details import event_details
from recruit.mail.outbox import queue_rendered
from recruit.models import BookingLink, Candidate, Event, StaffUser, utcnow
from recruit.models.candidate import CHANNEL_BOTH, CHANNEL_EMAIL
from recruit.people.operations import (
    CandidateData,
    OperationError,
    create_candidate,
    update_candidate,
)
from recruit.privacy import notices


class SignupClosed(Exception):
    """The event's sign-up deadline has passed."""


class SignupRace(Exception):
    """The same address signed up at the same moment; roll back and call `sign_up` again
    (the second call finds the address and takes the "known address" path)."""


@dataclass(frozen=True)
class Confirmation:
    candidate: Candidate
    booking_token: str
    # False when the link had been used before: nothing changed and no e-mail went out.
    changed: bool


def find_candidate(event: Event, email: str) -> Candidate | None:
    return db.session.scalar(
        sa.select(Candidate).where(
            Candidate.event_id == event.id, Candidate.email == email.strip().lower()
        )
    )


def _consent_version() -> str:
    return str(current_app.config["PRIVACY_NOTICE_VERSION"])


def sign_up(
    event: Event, data: CandidateData, *, locale: str, follow_up_consent: bool = False
) -> None:
    """Record a public sign-up and queue the confirmation e-mail; flushes.

    `follow_up_consent`: the optional consent to the impact follow-up months after the event
    (kept only when the event has one). Raises SignupRace when the same address signs up
    twice at the same moment.
    """
    follow_up_consent = follow_up_consent and event.follow_up_days is not None
    if not event.signup_open():
        raise SignupClosed
    data = replace(data, email=data.email.strip().lower(), priority=False)
    existing = find_candidate(event, data.email)
    # Anyone can type anyone's address: past the per-address limit no mail goes out (and a
    # pending change to a known sign-up is not kept), while the visitor sees the same page.
    may_mail = throttle.public_mail_allowed("confirm", data.email)
    if existing is not None and not may_mail:
        return
    if existing is None:
        try:
            candidate = create_candidate(event, replace(data, status="unverified"))
        except OperationError as error:
            if error.field == "email":
                raise SignupRace from error
            raise
        candidate.locale = locale
        notices.record_consent(candidate, notices.YOUTH, event, locale)
        candidate.follow_up_consent_at = utcnow() if follow_up_consent else None
        _link, token = links.issue(candidate, "confirm_email", for_mail=True)
    else:
        candidate = existing
        notice = notices.notice_for(notices.YOUTH, event, locale)
        payload = {"data": asdict(data), "locale": locale, "consent_version": notice.version,
                   "consent_notice_sha256": notice.sha256,
                   "follow_up_consent": follow_up_consent}
        _link, token = links.issue(candidate, "confirm_email", payload=payload, for_mail=True)
    if not may_mail:
        db.session.flush()
        return
    confirm_url = links.absolute_url("youth.confirm_email", token=token)
    rendered = messages.email_confirmation(
        locale, event=event_details(event), first_name=data.first_name, confirm_url=confirm_url
    )
    queue_rendered(db.session, rendered, to=candidate.email, event_id=event.id)
    db.session.flush()


def _data_from_payload(payload: dict[str, Any], candidate: Candidate) -> CandidateData:
    values = dict(payload["data"])
    if "sms_consent" in values:
        # Answers waiting from before the choice had three options: the box meant "both".
        asked = values.pop("sms_consent")
        values.setdefault("contact_channel", None if asked is None else
                          CHANNEL_BOTH if asked else CHANNEL_EMAIL)
    values["windows"] = [(int(start), int(end)) for start, end in values.get("windows", [])]
    # Staff decide priority; a confirmed re-sign-up is in the pool. The event's limit on
    # ranked jobs may have dropped since the answers were given: keep the most wanted.
    values.update(priority=candidate.priority, status="active", email=candidate.email)
    values["interests"] = list(values.get("interests", []))[
        : candidate.event.max_ranked_interests
    ]
    return CandidateData(**values)


def confirm_email(link: BookingLink) -> Confirmation:
    """Use a confirmation link: verify the address, apply a pending re-sign-up, enter the
    pool and e-mail the booking link. Using the same link again changes nothing; flushes."""
    candidate = link.candidate
    assert candidate is not None  # confirmation links always belong to a candidate
    lock_row(Candidate, candidate.id)
    db.session.refresh(link)
    db.session.refresh(candidate)
    changed = False
    if link.payload:
        payload = link.payload
        update_candidate(candidate, _data_from_payload(payload, candidate))
        candidate.locale = payload.get("locale") or candidate.locale
        candidate.consent_version = payload.get("consent_version") or _consent_version()
        candidate.consent_notice_sha256 = payload.get("consent_notice_sha256")
        candidate.consent_at = utcnow()
        candidate.consent_withdrawn_at = None
        if "follow_up_consent" in payload:  # the latest answer counts, yes or no
            candidate.follow_up_consent_at = (
                (candidate.follow_up_consent_at or utcnow()) if payload["follow_up_consent"]
                else None)
        link.payload = None
        changed = True
    if candidate.email_verified_at is None:
        candidate.email_verified_at = utcnow()
        changed = True
    if candidate.status != "active":
        candidate.status = "active"
        changed = True
    _link, token = links.issue(candidate, "booking")
    if changed:
        _queue_booking_link(candidate, links.issue(candidate, "booking", for_mail=True)[1])
    db.session.flush()
    return Confirmation(candidate=candidate, booking_token=token, changed=changed)


def _queue_booking_link(candidate: Candidate, token: str) -> None:
    rendered = messages.booking_link(
        candidate.locale,
        event=event_details(candidate.event),
        first_name=candidate.first_name,
        booking_url=links.absolute_url("youth.booking", token=token),
    )
    queue_rendered(db.session, rendered, to=candidate.email, event_id=candidate.event_id)


def send_link_again(event: Event, email: str, *, locale: str) -> None:
    """"Send me my link again": a new link by e-mail when the address is signed up.

    Nothing tells the visitor whether it was: the caller shows the same page either way. A
    confirmed person gets a fresh booking link (older ones keep working: asking again must
    not let a stranger break someone's link); an unconfirmed one a fresh confirmation link.
    """
    candidate = find_candidate(event, email)
    if candidate is None or not throttle.public_mail_allowed("link_again", candidate.email):
        return
    if candidate.email_verified_at is None:
        _link, token = links.issue(candidate, "confirm_email", for_mail=True)
        url = links.absolute_url("youth.confirm_email", token=token)
    else:
        _link, token = links.issue(candidate, "booking", for_mail=True)
        url = links.absolute_url("youth.booking", token=token)
    rendered = messages.link_again(
        candidate.locale or locale, event=event_details(event), name=candidate.first_name,
        link_url=url,
    )
    queue_rendered(db.session, rendered, to=candidate.email, event_id=event.id)
    db.session.flush()


def send_booking_link(candidate: Candidate, by: StaffUser, *, revoke_old: bool = False) -> None:
    """A counsellor e-mails a person their booking link (say, after signing them up by phone);
    with `revoke_old`, every earlier link stops working first (a link that reached the wrong
    person).

    Someone signed up by staff had their address checked by that staff member, so it counts
    as confirmed here. Audited; flushes.
    """
    if candidate.email_verified_at is None and candidate.signed_up_by_staff_id is not None:
        candidate.email_verified_at = utcnow()
    if revoke_old:
        _link, token = links.reissue(candidate, "booking", for_mail=True)
        audit.record("candidate.reissue_link", candidate, by)
    else:
        _link, token = links.issue(candidate, "booking", for_mail=True)
        audit.record("candidate.send_link", candidate, by)
    _queue_booking_link(candidate, token)
    db.session.flush()
