"""Everything the service stores about one young person, as they see it from their link.

`own_data` is the one source for both the readable page and the JSON download, so the two
never differ. Staff's internal notes do not exist; what staff did with the person's data is
listed from the audit log (the action and when, never a staff member's name).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from recruit.booking.operations import visible_interviews
from recruit.extensions import db
from recruit.models import AuditEntry, Candidate, OutboxMessage, SmsMessage, StaffUser
from recruit.models.outbox import DELIVERED_STATUSES
from recruit.privacy.retention import deletion_due


def person_needles(candidate: Candidate) -> list[str]:
    """The strings that identify the person in free text (e-mails): address, name, phone."""
    return [value for value in (candidate.email, candidate.full_name, candidate.phone)
            if value and value.strip()]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _window(candidate: Candidate, start: int, end: int) -> dict[str, str]:
    event = candidate.event
    return {"start": event.local_datetime(start).isoformat(),
            "end": event.local_datetime(end).isoformat()}


def _interviews(candidate: Candidate) -> list[dict[str, Any]]:
    shown = []
    for item in visible_interviews(candidate):
        interview = item.interview
        shown.append({
            **_window(candidate, item.start_minute, item.end_minute),
            "employer": item.employer.company_name,
            "job": item.vacancy.title,
            "table": item.table_no,
            "status": "live" if item.live else "cancelled",
            "answer": item.response,
            "attended": interview.attended if interview is not None else None,
            "outcome": interview.outcome if interview is not None else None,
        })
    return shown


def _messages(candidate: Candidate) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.event_id == candidate.event_id,
               OutboxMessage.recipient == candidate.email)
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    )
    return [{
        "kind": row.kind,
        "subject": row.subject,
        "language": row.locale,
        "queued_at": _iso(row.created_at),
        "sent_at": _iso(row.sent_at) if row.status in DELIVERED_STATUSES else None,
    } for row in rows]


def _texts(candidate: Candidate) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        sa.select(SmsMessage).where(SmsMessage.candidate_id == candidate.id)
        .order_by(SmsMessage.created_at, SmsMessage.id)
    )
    return [{
        "kind": row.kind,
        "language": row.locale,
        "queued_at": _iso(row.created_at),
        "sent_at": _iso(row.sent_at) if row.status in DELIVERED_STATUSES else None,
    } for row in rows]


def _staff_actions(candidate: Candidate) -> list[dict[str, Any]]:
    rows = db.session.scalars(
        sa.select(AuditEntry)
        .where(AuditEntry.object_type == Candidate.__tablename__,
               AuditEntry.object_id == candidate.id)
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    return [{"action": row.action, "at": _iso(row.at)} for row in rows]


def views_of_person(candidate: Candidate) -> list[dict[str, Any]]:
    """Who at the centre looked at the person's data, and when: the audit rows about them
    whose action is a read (its name contains "view"), with the staff member's name."""
    rows = db.session.execute(
        sa.select(AuditEntry.action, AuditEntry.at, StaffUser.name)
        .outerjoin(StaffUser, StaffUser.id == AuditEntry.staff_user_id)
        .where(AuditEntry.object_type == Candidate.__tablename__,
               AuditEntry.object_id == candidate.id,
               AuditEntry.action.contains("view"))
        .order_by(AuditEntry.at, AuditEntry.id)
    )
    return [{"action": action, "at": _iso(at), "by": name} for action, at, name in rows]


def own_data(candidate: Candidate) -> dict[str, Any]:
    """The person's data as plain JSON-ready values."""
    event = candidate.event
    return {
        "event": {"name": event.name, "date": event.date.isoformat(),
                  "personal_data_deleted_at": deletion_due(event).isoformat()},
        "sign_up": {
            "first_name": candidate.first_name,
            "last_name": candidate.last_name,
            "email": candidate.email,
            "phone": candidate.phone,
            "birth_year": candidate.birth_year,
            "languages": list(candidate.languages),
            "language_of_messages": candidate.locale,
            "cards_and_licences": [card.name_for(candidate.locale) for card in candidate.cards],
            "jobs_ranked": [
                {"rank": interest.rank, "job": interest.vacancy.title,
                 "employer": interest.vacancy.employer.company_name}
                for interest in candidate.interests
            ],
            "open_to_other_jobs": candidate.open_to_other,
            "times_available": [_window(candidate, w.start_minute, w.end_minute)
                                for w in candidate.windows],
            "introduction": candidate.introduction,
            "introduction_shown_to_employers": candidate.share_with_employers,
            "status": candidate.status,
            "signed_up_at": _iso(candidate.created_at),
            "email_confirmed_at": _iso(candidate.email_verified_at),
            "checked_in_at": _iso(candidate.checked_in_at),
        },
        "consent": {"privacy_notice_version": candidate.consent_version,
                    "privacy_notice_sha256": candidate.consent_notice_sha256,
                    "given_at": _iso(candidate.consent_at),
                    "withdrawn_at": _iso(candidate.consent_withdrawn_at),
                    "follow_up_given_at": _iso(candidate.follow_up_consent_at),
                    "contact_channel": candidate.contact_channel,
                    "text_messages_asked_at": _iso(candidate.sms_consent_at),
                    "contact_details_shown_to_employers": candidate.share_with_employers},
        "interviews": _interviews(candidate),
        "messages": _messages(candidate),
        "text_messages": _texts(candidate),
        "staff_actions": _staff_actions(candidate),
        "viewed_by_staff": views_of_person(candidate),
    }
