"""The text messages page of an event: counts by status, every text page by page (kind, the
person's name, status, why a dead one failed, time) and "retry" for a dead text the gateway
refused for a temporary reason. Routes on `staff.bp` (login, and the event's coordinators and
admins: `recruit.core.access`). The page names people, so each view is an audited read.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from recruit.core import audit
from recruit.core.staff import bp, load_event, staff_user
from recruit.extensions import db
from recruit.models import Candidate, SmsMessage
from recruit.models.sms import SMS_MOVED, SMS_REMINDER, SMS_SLOT_OPENED
from recruit.scheduling.forms import ConfirmForm
from recruit.sms import gateway, listing, outbox

KIND_LABELS = {
    SMS_REMINDER: _l("Reminder the day before"),
    SMS_MOVED: _l("Interview moved"),
    SMS_SLOT_OPENED: _l("A time opened"),
}
STATUS_LABELS = {
    "queued": _l("Waiting to be sent"),
    "sent": _l("Sent"),
    "dead": _l("Failed"),
}
FAILURE_LABELS = {
    gateway.FAILED_UNREACHABLE: _l("The gateway could not be reached"),
    gateway.FAILED_BUSY: _l("The gateway was busy or down"),
    gateway.FAILED_REFUSED: _l("The gateway refused the text (for example a wrong number)"),
    gateway.FAILED_UNKNOWN: _l("Unknown whether it arrived: not sent again"),
}
RETRY_MESSAGES = {
    outbox.RETRY_NOT_DEAD: _l("The text was not waiting for a retry any more."),
    outbox.RETRY_NOT_TEMPORARY: _l("This text cannot be sent again: the gateway refused it "
                                   "for good, or it may already have arrived."),
    outbox.RETRY_NO_TEXTS_WANTED: _l("This person no longer gets text messages."),
}
AUDIT_READ = "event.text_messages"


@bp.get("/events/<int:event_id>/texts")
def event_texts(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    page = request.args.get("page", 1, type=int) or 1
    status = request.args.get("status") or None
    if page < 1 or (status is not None and status not in listing.SMS_STATUSES):
        abort(404)
    counts = listing.status_counts(event.id)
    listed, more = listing.text_page(event.id, page, status=status)
    if page > 1 and not listed:
        abort(404)
    response = render_template(
        "staff/texts/index.html",
        event=event,
        counts=[(STATUS_LABELS[key], key, count) for key, count in counts.items()],
        listed=listed,
        page=page,
        more=more,
        status=status,
        kind_labels=KIND_LABELS,
        status_labels=STATUS_LABELS,
        failure_labels=FAILURE_LABELS,
        texts_on=bool(current_app.config.get("SMS_GATEWAY_URL")),
        form=ConfirmForm(),
    )
    audit.record_read(AUDIT_READ, event)
    return response


@bp.post("/events/<int:event_id>/texts/<int:sms_id>/retry")
def event_text_retry(event_id: int, sms_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    message = db.session.get(SmsMessage, sms_id)
    if message is None or message.event_id != event.id:
        abort(404)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    candidate = db.session.get(Candidate, message.candidate_id)
    assert candidate is not None  # a text goes with its person (ON DELETE CASCADE)
    try:
        outbox.retry_dead_sms(message, candidate)
    except outbox.RetryRefused as refused:
        db.session.rollback()
        flash(str(RETRY_MESSAGES[refused.reason]), "error")
        return redirect(url_for("staff.event_texts", event_id=event.id))
    audit.record("sms.retry", message, staff_user(), event_id=event.id)
    db.session.commit()
    flash(_("The text is queued again and will be sent shortly."), "success")
    return redirect(url_for("staff.event_texts", event_id=event.id))
