"""Staff pages for booking on a young person's behalf, their links, check-in, waiting list.

A counsellor books for people who phone or walk in: the interview is marked (source
"counsellor") and audited, exactly like a self-booking otherwise. Links are sent, revoked and
re-issued here. The check-in page is what the QR code on a booking page opens. The waiting
list page shows the changes a re-solve made before they go out (change_policy "review").
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from recruit.booking import operations as booking_ops
from recruit.booking.employer_slots import group_by_employer
from recruit.booking.forms import ActionForm, BookForm
from recruit.booking.free_slots import free_offers
from recruit.booking.operations import BookingError, SlotTaken
from recruit.core import links
from recruit.core.access import require_visible_event
from recruit.core.audit import audited_read, record_read
from recruit.core.staff import bp, load_event, staff_user
from recruit.extensions import db
from recruit.models import Candidate
from recruit.people import youth_signup as signup
from recruit.people.views import load_candidate
from recruit.scheduling.publishing import ScheduleError, publish_schedule
from recruit.scheduling.queries import latest_version
from recruit.scheduling.waitlist_review import pending_changes, sent_automatically


def _to_page(event_id: int, candidate_id: int) -> ResponseReturnValue:
    return redirect(url_for("staff.counsellor_booking", event_id=event_id,
                            candidate_id=candidate_id))


@bp.get("/events/<int:event_id>/candidates/<int:candidate_id>/booking")
@audited_read("candidate.view", Candidate, "candidate_id")
def counsellor_booking(event_id: int, candidate_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    candidate = load_candidate(event, candidate_id)
    version = latest_version(event)
    open_ = booking_ops.booking_open(candidate, version=version)
    return render_template(
        "staff/counsellor/booking.html",
        event=event,
        candidate=candidate,
        shown=booking_ops.visible_interviews(candidate, version=version),
        slot_groups=group_by_employer(free_offers(candidate, version=version)) if open_ else [],
        booking_open=open_,
        form=ActionForm(),
    )


@bp.post("/events/<int:event_id>/candidates/<int:candidate_id>/booking/book")
def counsellor_book(event_id: int, candidate_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    candidate = load_candidate(event, candidate_id)
    form = BookForm()
    slot = form.slot() if form.validate_on_submit() else None
    if slot is None:
        abort(400)
    try:
        booking_ops.book(candidate, *slot, by=staff_user())
    except SlotTaken:
        db.session.rollback()
        flash(_("This time was just taken. Choose another time."), "error")
        return _to_page(event.id, candidate.id)
    except BookingError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return _to_page(event.id, candidate.id)
    db.session.commit()
    flash(_("Booked. The young person gets the invitation by e-mail."), "success")
    return _to_page(event.id, candidate.id)


@bp.post("/events/<int:event_id>/candidates/<int:candidate_id>/booking/link")
def counsellor_send_link(event_id: int, candidate_id: int) -> ResponseReturnValue:
    return _send_link(event_id, candidate_id, revoke_old=False)


@bp.post("/events/<int:event_id>/candidates/<int:candidate_id>/booking/new-link")
def counsellor_new_link(event_id: int, candidate_id: int) -> ResponseReturnValue:
    return _send_link(event_id, candidate_id, revoke_old=True)


def _send_link(event_id: int, candidate_id: int, *, revoke_old: bool) -> ResponseReturnValue:
    event = load_event(event_id)
    candidate = load_candidate(event, candidate_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    signup.send_booking_link(candidate, staff_user(), revoke_old=revoke_old)
    db.session.commit()
    flash(_("The old links no longer work. A new link was sent by e-mail.") if revoke_old
          else _("The booking link was sent by e-mail."), "success")
    return _to_page(event.id, candidate.id)


@bp.route("/check-in/<token>", methods=["GET", "POST"])
def check_in(token: str) -> ResponseReturnValue:
    candidate = links.resolve_candidate(token, "check_in")
    if candidate is None:
        abort(404)
    require_visible_event(candidate.event_id)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            booking_ops.check_in(candidate, staff_user())
        except booking_ops.CheckInClosed:
            db.session.rollback()
            flash(_("Check-in opens on the day of the event."), "error")
        else:
            db.session.commit()
            # No name in a flash message: the page below names the person.
            flash(_("Checked in."), "success")
        return redirect(url_for("staff.check_in", token=token))
    record_read("candidate.view", candidate)
    return render_template(
        "staff/counsellor/check_in.html",
        event=candidate.event,
        candidate=candidate,
        open=booking_ops.check_in_open(candidate.event),
        shown=booking_ops.visible_interviews(candidate),
        form=form,
    )


@bp.route("/events/<int:event_id>/waiting-list", methods=["GET", "POST"])
def waitlist_review(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    form = ActionForm()
    if form.validate_on_submit():
        try:
            publish_schedule(event, staff_user())
        except ScheduleError as error:
            db.session.rollback()
            flash(str(error.message), "error")
        else:
            db.session.commit()
            flash(_("The changes were published and the young people concerned were told "
                    "by e-mail."), "success")
        return redirect(url_for("staff.waitlist_review", event_id=event.id))
    return render_template(
        "staff/counsellor/waitlist.html",
        event=event,
        changes=pending_changes(event),
        sent=sent_automatically(event),
        form=form,
    )
