"""A young person's own data from their booking link: see it, download it, erase it.

Every route resolves the booking token first; a wrong, expired or revoked token gets the
same 404 as on the booking page.
"""

from __future__ import annotations

import json
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import Blueprint, Response, abort, current_app, render_template
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from recruit.booking.operations import lock_row
from recruit.core import links
from recruit.core.i18n import format_event_datetime, format_event_time
from recruit.core.security import private_link_page
from recruit.extensions import db, limiter
from recruit.models import Candidate, Event
from recruit.people.operations import delete_candidate
from recruit.privacy.forms import EraseForm
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
        action_label=lambda action: str(ACTION_LABELS.get(action, action)),
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
@limiter.limit(lambda: current_app.config.get("YOUTH_ACTION_RATE_LIMIT", "60 per minute"),
               methods=["POST"])
def erase(token: str) -> ResponseReturnValue:
    candidate = _candidate(token)
    event = candidate.event
    form = EraseForm()
    if form.validate_on_submit():
        if not form.sure.data:
            form.sure.errors = [_("Tick the box to confirm that your data is to be deleted.")]
            return render_template("privacy/erase.html", event=event, token=token,
                                   form=form), 422
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
    if form.is_submitted():
        abort(400)
    return render_template("privacy/erase.html", event=event, token=token, form=form)
