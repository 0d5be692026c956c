"""The e-mail page of an event: the outbox by state, dead messages with a "retry" button, and
the staff calendar feed's private link. Routes on `staff.bp` (login required).

Dead messages show their kind, who they were for (young person or employer), the attempts and
the recorded error, which holds only the exception class and the SMTP reply code (the outbox
never stores the server's reply text, which may quote the address).
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from recruit.calendar import feeds as calendar_feeds
from recruit.core import audit
from recruit.core.staff import bp, load_event, staff_user
from recruit.extensions import db
from recruit.mail import messages, outbox
from recruit.models import Employer, Event, OutboxMessage
from recruit.scheduling.forms import ConfirmForm
from recruit.sms import listing as sms_listing

KIND_LABELS = {
    messages.EMAIL_CONFIRMATION: _l("E-mail address confirmation"),
    messages.BOOKING_LINK: _l("Booking link"),
    messages.INTERVIEW_INVITE: _l("Interview invitation"),
    messages.INTERVIEW_UPDATE: _l("Interview change"),
    messages.INTERVIEW_CANCEL: _l("Interview cancellation"),
    messages.INTERVIEW_REMINDER: _l("Reminder the day before"),
    messages.EMPLOYER_APPROVED: _l("Employer approved"),
    messages.ROSTER_READY: _l("Roster ready"),
    messages.OUTCOME_REQUEST: _l("Request for outcomes"),
    messages.OUTCOME_REMINDER: _l("Reminder about outcomes"),
    messages.LINK_AGAIN: _l("Link sent again"),
    messages.FOLLOW_UP_YOUTH: _l("Follow-up question"),
    messages.FOLLOW_UP_EMPLOYER: _l("Follow-up question"),
}
EMPLOYER_KINDS = {
    messages.EMPLOYER_APPROVED, messages.ROSTER_READY, messages.OUTCOME_REQUEST,
    messages.OUTCOME_REMINDER, messages.FOLLOW_UP_EMPLOYER,
}
STATUS_LABELS = {
    "queued": _l("Waiting to be sent"),
    "sent": _l("Sent"),
    "logged": _l("Logged only (no mail server)"),
    "dead": _l("Failed"),
}


def _employer_addresses(event: Event) -> set[str]:
    """Addresses of the event's employers: a "link again" message may be for either side."""
    rows = db.session.scalars(sa.select(Employer.email).where(Employer.event_id == event.id))
    return {address.casefold() for address in rows}


def _rows(event: Event, found: list[OutboxMessage]) -> list[dict[str, Any]]:
    """Kind, role and state of each message: what staff need, never the address or body."""
    employers = _employer_addresses(event)
    rows = []
    for message in found:
        for_employer = message.kind in EMPLOYER_KINDS or (
            message.kind == messages.LINK_AGAIN and message.recipient.casefold() in employers
        )
        rows.append({
            "message": message,
            "kind": KIND_LABELS.get(message.kind, message.kind),
            "role": _("Employer") if for_employer else _("Young person"),
            "state": STATUS_LABELS.get(message.status, message.status),
        })
    return rows


@bp.get("/events/<int:event_id>/outbox")
def event_outbox(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    page = request.args.get("page", 1, type=int) or 1
    if page < 1:
        abort(404)
    counts = outbox.outbox_counts(db.session, event.id)
    listed, more = outbox.message_page(db.session, event.id, page)
    if page > 1 and not listed:
        abort(404)
    return render_template(
        "staff/outbox/index.html",
        event=event,
        counts=[(STATUS_LABELS[status], status, count) for status, count in counts.items()],
        dead=_rows(event, outbox.dead_messages(db.session, event.id)),
        listed=_rows(event, listed),
        page=page,
        more=more,
        logged_only=not current_app.config.get("MAIL_SERVER"),
        feed_url=calendar_feeds.event_feed_url(event),
        text_counts=sms_listing.status_counts(event.id),
        form=ConfirmForm(),
    )


@bp.post("/events/<int:event_id>/outbox/<int:message_id>/retry")
def outbox_retry(event_id: int, message_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.event_id != event.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if outbox.retry_dead(db.session, message):
        audit.record("outbox.retry", message, staff_user(), event_id=event.id)
        db.session.commit()
        flash(_("The message is queued again and will be sent shortly."), "success")
    else:
        db.session.rollback()
        flash(_("The message was not waiting for a retry any more."), "info")
    return redirect(url_for("staff.event_outbox", event_id=event.id))


@bp.post("/events/<int:event_id>/calendar-feed")
def event_feed_renew(event_id: int) -> ResponseReturnValue:
    """Issue a new private feed link for the event; the old one stops working at once."""
    event = load_event(event_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    calendar_feeds.renew_event_feed(event)
    audit.record("calendar_feed.renew", event, staff_user())
    db.session.commit()
    flash(_("A new calendar link was made; the previous one no longer works."), "success")
    return redirect(url_for("staff.event_outbox", event_id=event.id, _anchor="calendar-feed"))


@bp.post("/events/<int:event_id>/calendar-feed/revoke")
def event_feed_revoke(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    calendar_feeds.revoke_event_feed(event)
    audit.record("calendar_feed.revoke", event, staff_user())
    db.session.commit()
    flash(_("The calendar link no longer works."), "success")
    return redirect(url_for("staff.event_outbox", event_id=event.id))
