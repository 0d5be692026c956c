"""An employer's own data from their private link: see it, download it, erase the contact
details; and the privacy notice asked again when it changed.

Every route resolves the employer token first; a wrong, expired or revoked token gets the
same 404 as the employer's page.
"""

from __future__ import annotations

import json
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, abort, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from recruit.core.security import private_link_page
from recruit.extensions import db, limiter
from recruit.models import Employer, OutboxMessage
from recruit.models.outbox import DELIVERED_STATUSES
from recruit.people import employer_link
from recruit.privacy import consent, notices
from recruit.privacy.confirmation import (
    action_rate,
    confirmed_action,
    consent_again_page,
    consented_notice_page,
)
from recruit.privacy.forms import EmployerEraseForm
from recruit.privacy.retention import deletion_due
from recruit.scheduling import waitlist

bp = Blueprint("employer_data", __name__, url_prefix="/employers/link/<token>")


@bp.after_request
def private_page_headers(response: Response) -> Response:
    return private_link_page(response)


def _employer(token: str) -> Employer:
    employer = employer_link.employer_of_token(token)
    if employer is None:
        abort(404)
    return employer


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def employer_own_data(employer: Employer) -> dict[str, Any]:
    """Everything stored about the employer's sign-up, as plain JSON-ready values."""
    event = employer.event
    messages = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.event_id == employer.event_id,
               OutboxMessage.recipient == employer.email)
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    )
    return {
        "event": {"name": event.name, "date": event.date.isoformat(),
                  "personal_data_deleted_at": deletion_due(event).isoformat()},
        "company": {"name": employer.company_name, "business_id": employer.business_id,
                    "address": employer.address, "status": employer.status,
                    "interview_minutes": employer.interview_minutes,
                    "tables": employer.tables,
                    "candidates_wanted": [employer.min_candidates, employer.max_candidates]},
        "contact": {"name": employer.contact_name, "email": employer.email,
                    "phone": employer.phone, "language_of_messages": employer.locale},
        "vacancies": [{"title": v.title, "description": v.description,
                       "positions": v.positions} for v in employer.vacancies],
        "consent": {"privacy_notice_version": employer.consent_version,
                    "privacy_notice_sha256": employer.consent_notice_sha256,
                    "given_at": _iso(employer.consent_at)},
        "messages": [{"kind": row.kind, "subject": row.subject, "language": row.locale,
                      "queued_at": _iso(row.created_at),
                      "sent_at": _iso(row.sent_at) if row.status in DELIVERED_STATUSES
                      else None} for row in messages],
        "signed_up_at": _iso(employer.created_at),
    }


@bp.get("/data")
def own_data_page(token: str) -> ResponseReturnValue:
    employer = _employer(token)
    return render_template("privacy/employer_data.html", employer=employer,
                           event=employer.event, token=token, data=employer_own_data(employer),
                           deletion_due=deletion_due(employer.event))


@bp.get("/data.json")
def own_data_json(token: str) -> ResponseReturnValue:
    body = json.dumps(employer_own_data(_employer(token)), ensure_ascii=False, indent=2)
    return Response(body, mimetype="application/json",
                    headers={"Content-Disposition": 'attachment; filename="our-data.json"'})


@bp.get("/data/notice")
def consented_notice(token: str) -> ResponseReturnValue:
    employer = _employer(token)
    return consented_notice_page(employer, employer.event, token,
                                 back=url_for("employer_data.own_data_page", token=token),
                                 layout="base.html")


@bp.route("/privacy-notice", methods=["GET", "POST"])
@limiter.limit(action_rate, methods=["POST"])
def consent_again(token: str) -> ResponseReturnValue:
    employer = _employer(token)
    return consent_again_page(
        employer, notices.EMPLOYER, employer.event, token,
        done_url=url_for("employers.link", token=token),
        decline_url=url_for("employer_data.own_data_page", token=token),
        layout="base.html")


@bp.route("/data/erase", methods=["GET", "POST"])
@limiter.limit(action_rate, methods=["POST"])
def erase(token: str) -> ResponseReturnValue:
    employer = _employer(token)
    event = employer.event

    def erase_contact() -> ResponseReturnValue:
        cancelled = consent.erase_employer_contact(employer)
        db.session.commit()
        if cancelled:
            waitlist.offer_freed_time(event)
        return render_template("privacy/employer_erased.html", event=event)

    return confirmed_action(
        EmployerEraseForm(), "privacy/employer_erase.html",
        _("Tick the box to confirm that your contact details are to be erased."),
        erase_contact, event=event, token=token)
