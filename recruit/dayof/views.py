"""Staff pages of the event day: the check-in list, walk-ins and "fill gaps from now".

Each mark on the check-in list is a plain POST form that works without JavaScript (it
redirects back to the list, filters kept); `checkin.js` sends the same form in the background
and, asking for JSON, gets the row's new state and the counts back.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from recruit.booking.forms import ActionForm
from recruit.booking.operations import check_in_open
from recruit.core.audit import record_read
from recruit.core.staff import bp, form_page, load_event, staff_user
from recruit.dayof import checkin, gaps
from recruit.dayof.checkin import ARRIVAL_LABELS
from recruit.dayof.forms import WalkInForm
from recruit.dayof.walk_ins import add_walk_in
from recruit.extensions import db
from recruit.models import Event
from recruit.people.operations import OperationError
from recruit.scheduling.publishing import ScheduleError

ARRIVAL_FIELD = {"arrived": "arrived", "late": "late", "no_show": "no_show", "": None}
# Rows on one page of the check-in list: a phone shows these quickly; a search or an employer
# narrows the list to the ones at hand.
PAGE_SIZE = 100


def _small_number(text: str) -> int | None:
    return int(text) if text.isascii() and text.isdigit() and len(text) < 7 else None


def _filters() -> dict[str, Any]:
    """The list's filters as given in the address (bad values are ignored, not refused)."""
    page = _small_number(request.values.get("page", ""))
    return {
        "employer": _small_number(request.values.get("employer", "")),
        "q": request.values.get("q", "")[: checkin.SEARCH_MAX_LENGTH],
        "page": page if page is not None and page > 1 else None,
    }


def _list_url(event: Event, filters: dict[str, Any], anchor: str | None = None) -> str:
    kept = {key: value for key, value in filters.items() if value}
    return url_for("staff.checkin_list", event_id=event.id, _anchor=anchor, **kept)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _counts_json(counts: checkin.CheckInCounts) -> dict[str, int]:
    return {"expected": counts.expected, "arrived": counts.arrived, "late": counts.late,
            "no_show": counts.no_show, "waiting": counts.waiting}


@bp.get("/events/<int:event_id>/check-in")
def checkin_list(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    filters = _filters()
    employers = checkin.employer_choices(event)
    page = filters["page"] or 1
    matching = checkin.count_rows(event, employer_id=filters["employer"], search=filters["q"])
    rows = checkin.checkin_rows(event, employer_id=filters["employer"], search=filters["q"],
                                offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE)
    return render_template(
        "dayof/checkin.html",
        event=event,
        rows=rows,
        matching=matching,
        first=(page - 1) * PAGE_SIZE + 1,
        previous_url=_list_url(event, {**filters, "page": page - 1 if page > 2 else None})
        if page > 1 else None,
        next_url=_list_url(event, {**filters, "page": page + 1})
        if page * PAGE_SIZE < matching else None,
        counts=checkin.checkin_counts(event),
        employers=employers,
        filters=filters,
        open=check_in_open(event),
        labels=ARRIVAL_LABELS,
        form=ActionForm(),
    )


@bp.get("/events/<int:event_id>/check-in/door-list")
def door_list(event_id: int) -> ResponseReturnValue:
    """The printable list at the door: name, time, employer, table, and a box to tick."""
    event = load_event(event_id)
    record_read("event.door_list", event)
    return render_template("dayof/door_list.html", event=event, rows=checkin.door_list(event),
                           labels=ARRIVAL_LABELS)


@bp.post("/events/<int:event_id>/check-in/<int:interview_id>")
def checkin_mark(event_id: int, interview_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    interview = checkin.interview_on_list(event, interview_id)
    if interview is None:
        abort(404)
    filters = _filters()
    wanted = request.form.get("arrival", "")
    if not ActionForm().validate_on_submit() or wanted not in ARRIVAL_FIELD:
        abort(400)
    try:
        checkin.mark_arrival(interview, ARRIVAL_FIELD[wanted], staff_user())
    except OperationError as error:
        db.session.rollback()
        if _wants_json():
            return {"error": str(error.message)}, 409
        flash(str(error.message), "error")
        return redirect(_list_url(event, filters))
    db.session.commit()
    if _wants_json():
        # Checking one interview in may show the person as here on their other rows too.
        states = checkin.person_arrivals(interview.candidate)
        return {
            "interview": interview.id,
            "rows": {str(key): {"arrival": value,
                                "label": str(ARRIVAL_LABELS[value]) if value else ""}
                     for key, value in states.items()},
            "counts": _counts_json(checkin.checkin_counts(event)),
        }
    return redirect(_list_url(event, filters, anchor=f"interview-{interview.id}"))


# --- walk-ins ------------------------------------------------------------------------------


@bp.route("/events/<int:event_id>/walk-ins/new", methods=["GET", "POST"])
def walk_in_new(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    form = WalkInForm.for_event(event)
    if form.validate_on_submit():
        try:
            candidate = add_walk_in(event, form.walk_in_data(), staff_user())
        except OperationError as error:
            db.session.rollback()
            target = form.email if error.field == "email" else None
            if target is not None:
                target.errors = [*target.errors, error.message]
            else:
                form.form_errors.append(error.message)
        else:
            db.session.commit()
            # No name in a flash message: the booking page below names the person.
            flash(_("The young person was added. Book a free time below, or let \"Fill gaps "
                    "from now\" place them."), "success")
            return redirect(url_for("staff.counsellor_booking", event_id=event.id,
                                    candidate_id=candidate.id))
    return form_page("dayof/walk_in.html", form, event=event)


# --- fill gaps from now --------------------------------------------------------------------


@bp.route("/events/<int:event_id>/fill-gaps", methods=["GET", "POST"])
def fill_gaps(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        try:
            gaps.start_fill(event, staff_user())
        except ScheduleError as error:
            db.session.rollback()
            flash(str(error.message), "error")
            return redirect(url_for("staff.fill_gaps", event_id=event.id))
        flash(_("Filling the gaps has started. This page shows the result when it is done."),
              "success")
        return redirect(url_for("staff.fill_gaps", event_id=event.id))
    run = gaps.latest_fill(event)
    return render_template("dayof/fill_gaps.html", event=event, run=run, form=form,
                           running=run is not None and run.status in ("queued", "running"))
