"""A young person's own data from their booking link: see it, download it, erase it.

Every route resolves the booking token first; a wrong, expired or revoked token gets the
same 404 as on the booking page.
"""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from recruit.booking.forms import ActionForm
from recruit.booking.operations import lock_row
from recruit.core import links
from recruit.core.i18n import format_event_datetime, format_event_time
from recruit.core.security import private_link_page
from recruit.extensions import db, limiter
from recruit.models import Candidate, Event
from recruit.people.contact_channel import CHANNEL_LABELS
from recruit.people.operations import delete_candidate
from recruit.privacy import consent, notices
from recruit.privacy.confirmation import (
    action_rate,
    confirmed_action,
    consent_again_page,
    consented_notice_page,
)
from recruit.privacy.forms import EraseForm, WithdrawForm
from recruit.privacy.own_data import own_data
from recruit.privacy.retention import deletion_due
from recruit.scheduling import waitlist

bp = Blueprint("privacy", __name__, url_prefix="/youth/b/<token>")

# What staff did, in the person's words (the audit log's actions on a young person).
ACTION_LABELS = {
    "candidate.create": _l("A counsellor signed you up"),
    "candidate.update": _l("A counsellor changed your details"),
    "candidate.view": _l("A counsellor looked at your details"),
    "candidate.send_link": _l("A counsellor sent you your link"),
    "candidate.reissue_link": _l("A counsellor sent you a new link and stopped the old ones"),
    "candidate.check_in": _l("You were checked in at the event"),
    "candidate.contact_change": _l("You changed how we contact you"),
    "candidate.stop_texts": _l("You stopped text messages"),
}

@bp.after_request
def private_page_headers(response: Response) -> Response:
    return private_link_page(response)


@bp.app_template_global()
def personal_data_deletion(event: Event) -> datetime:
    """When the event's personal data is (or was) deleted, for the staff event page."""
    return event.personal_data_deleted_at or deletion_due(event)


def _candidate(token: str) -> Candidate:
    candidate = links.resolve_candidate(token, "booking")
    if candidate is None:
        abort(404)
    return candidate


@bp.get("/data")
def own_data_page(token: str) -> ResponseReturnValue:
    candidate = _candidate(token)
    event = candidate.event

    def moment(iso: str | None, part: str = "datetime") -> str:
        """An ISO instant from `own_data` as the page writes times ("time": the time only)."""
        if not iso:
            return ""
        instant = datetime.fromisoformat(iso)
        if part == "time":
            local = instant.astimezone(ZoneInfo(event.timezone))
            return format_event_time(event, local.hour * 60 + local.minute)
        return format_event_datetime(event, instant)

    return render_template(
        "privacy/own_data.html", event=event, token=token, data=own_data(candidate),
        deletion_due=deletion_due(event), moment=moment,
        erasure_due=consent.erasure_due(candidate),
        action_label=lambda action: str(ACTION_LABELS.get(action, action)),
        channel_labels=CHANNEL_LABELS,
    )


@bp.get("/data.json")
def own_data_json(token: str) -> ResponseReturnValue:
    candidate = _candidate(token)
    body = json.dumps(own_data(candidate), ensure_ascii=False, indent=2)
    return Response(
        body, mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-data.json"'},
    )


@bp.route("/data/erase", methods=["GET", "POST"])
@limiter.limit(action_rate, methods=["POST"])
def erase(token: str) -> ResponseReturnValue:
    candidate = _candidate(token)
    event = candidate.event

    def delete() -> ResponseReturnValue:
        event_id = event.id
        # The same order of locks as a cancel, so a booking at the same moment waits.
        lock_row(Event, event_id)
        lock_row(Candidate, candidate.id)
        delete_candidate(candidate, None)
        db.session.commit()
        still = db.session.get(Event, event_id)
        if still is not None:
            waitlist.offer_freed_time(still)
        return render_template("privacy/erased.html", event=still)

    return confirmed_action(
        EraseForm(), "privacy/erase.html",
        _("Tick the box to confirm that your data is to be deleted."), delete,
        event=event, token=token)


# --- consent: the notice consented to, asking again, withdrawing ----------------------------


@bp.get("/data/notice")
def consented_notice(token: str) -> ResponseReturnValue:
    """The privacy notice exactly as the person accepted it."""
    candidate = _candidate(token)
    return consented_notice_page(candidate, candidate.event, token,
                                 back=url_for("privacy.own_data_page", token=token),
                                 layout="youth/_layout.html")


@bp.route("/privacy-notice", methods=["GET", "POST"])
@limiter.limit(action_rate, methods=["POST"])
def consent_again(token: str) -> ResponseReturnValue:
    """The notice changed since the person accepted it: shown before their booking page."""
    candidate = _candidate(token)
    return consent_again_page(
        candidate, notices.YOUTH, candidate.event, token,
        done_url=url_for("youth.booking", token=token),
        decline_url=url_for("privacy.own_data_page", token=token, _anchor="consent-heading"),
        layout="youth/_layout.html")


@bp.route("/data/withdraw", methods=["GET", "POST"])
@limiter.limit(action_rate, methods=["POST"])
def withdraw(token: str) -> ResponseReturnValue:
    candidate = _candidate(token)
    event = candidate.event
    if candidate.consent_withdrawn_at is not None:
        return redirect(url_for("privacy.own_data_page", token=token, _anchor="consent-heading"))

    def withdraw_consent() -> ResponseReturnValue:
        freed = consent.withdraw_consent(candidate)
        db.session.commit()
        if freed:
            waitlist.offer_freed_time(event)
        return render_template("privacy/withdrawn.html", event=event, token=token,
                               erasure_due=consent.erasure_due(candidate))

    return confirmed_action(
        WithdrawForm(), "privacy/withdraw.html",
        _("Tick the box to confirm that you withdraw your consent."), withdraw_consent,
        event=event, token=token)


@bp.route("/data/stop-sharing", methods=["GET", "POST"])
@limiter.limit(action_rate, methods=["POST"])
def stop_sharing(token: str) -> ResponseReturnValue:
    candidate = _candidate(token)
    form = ActionForm()
    if form.validate_on_submit():
        consent.stop_sharing(candidate)
        db.session.commit()
        return render_template("privacy/sharing_stopped.html", event=candidate.event,
                               token=token)
    if form.is_submitted():
        abort(400)
    if not candidate.share_with_employers:
        return redirect(url_for("privacy.own_data_page", token=token, _anchor="consent-heading"))
    return render_template("privacy/stop_sharing.html", event=candidate.event, token=token,
                           form=form)
