"""Routes of the employer pages: thin handlers (form → operation → redirect).

Public: `/employers/events/<id>/signup` (open until the event's sign-up deadline).
Private: `/employers/link/<token>` and below; every failure to resolve the token — wrong,
expired, revoked, another employer's interview — answers the same 404.
"""

from __future__ import annotations

from typing import NoReturn

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.wrappers import Response

from recruit.booking.forms import ActionForm
from recruit.booking.operations import check_in_open
from recruit.core import kept_forms
from recruit.core.i18n import current_language
from recruit.core.security import private_link_page
from recruit.dayof import checkin, outcomes
from recruit.dayof.checkin import ARRIVAL_LABELS
from recruit.dayof.outcomes import RESULT_LABELS, OutcomesRefused
from recruit.employers.forms import EmployerSignupForm, LinkAgainForm
from recruit.employers.outcome_form import OutcomeRow, outcome_rows, read_outcome_rows
from recruit.extensions import db, limiter
from recruit.models import Employer, Event, utcnow
from recruit.people import employer_link, employer_signup, queries
from recruit.people.operations import OperationError
from recruit.privacy import notices
from recruit.scheduling.roster import roster_of

PRIVATE_ENDPOINTS = frozenset(
    {"employers.link", "employers.roster_print", "employers.outcomes_form",
     "employers.arrivals"}
)


bp = Blueprint(
    "employers",
    __name__,
    url_prefix="/employers",
    static_folder="static",
    static_url_path="/static",
)


def _not_found() -> NoReturn:
    abort(404)


def _signup_limit() -> str:
    return current_app.config["EMPLOYER_SIGNUP_RATE_LIMIT"]


@bp.after_request
def private_headers(response: Response) -> Response:
    if request.endpoint in PRIVATE_ENDPOINTS:
        # The token is in the URL: never pass it on as a referrer, never keep it in a cache.
        return private_link_page(response)
    return response


def _load_event(event_id: int) -> Event:
    # `<int:event_id>` never passes a number beyond the database's integers (create_app).
    return db.session.get(Event, event_id) or _not_found()


def _load_employer(token: str) -> Employer:
    return employer_link.employer_of_token(token) or _not_found()


# --- public sign-up ------------------------------------------------------------------------


@bp.get("/")
def events() -> ResponseReturnValue:
    """The events employers can still sign up for: where organisers point employers."""
    today = utcnow().date()
    open_events = [
        event for event in queries.upcoming_events(today)
        if employer_signup.signup_is_open(event)
    ]
    return render_template("employers/events.html", events=open_events)


@bp.route("/events/<int:event_id>/signup", methods=["GET", "POST"])
@limiter.limit(_signup_limit, methods=["POST"])
def signup(event_id: int) -> ResponseReturnValue:
    event = _load_event(event_id)
    if not employer_signup.signup_is_open(event):
        return render_template("employers/signup_closed.html", event=event)
    form = EmployerSignupForm.for_signup(event, current_language())
    if form.is_submitted() and form.add_vacancy.data:
        # "Add another vacancy" re-renders the form with one more row; nothing is checked yet.
        form.add_vacancy_row()
        return render_template("employers/signup.html", event=event, form=form,
                               focus_row=len(form.vacancies) - 1)
    if form.is_submitted() and form.website.data:
        # A bot filled in the hidden field: answer as if it worked, save nothing.
        return redirect(url_for("employers.signup_done", event_id=event.id))
    if form.validate_on_submit():
        try:
            employer = employer_signup.sign_up_employer(
                event,
                form.employer_data(),
                form.vacancy_data(),
                consent_version=current_app.config["PRIVACY_NOTICE_VERSION"],
                locale=current_language(),
            )
        except OperationError as error:
            db.session.rollback()
            form.form_errors.append(error.message)
        else:
            db.session.commit()
            if queries.same_business(employer):
                flash(_("Your company had already signed up for this event with the same "
                        "business ID. You do not need to sign up again: the organisers will "
                        "check both sign-ups and contact you."), "warning")
            return redirect(url_for("employers.signup_done", event_id=event.id))
    if form.is_submitted():
        return render_template("employers/signup.html", event=event, form=form), 400
    return render_template("employers/signup.html", event=event, form=form)


def _redraw_signup() -> str:
    event = _load_event(int((request.view_args or {})["event_id"]))
    form = EmployerSignupForm.for_signup(event, current_language())
    return render_template("employers/signup.html", event=event, form=form)


kept_forms.register("employers.signup", _redraw_signup)


@bp.get("/events/<int:event_id>/signup/thanks")
def signup_done(event_id: int) -> ResponseReturnValue:
    return render_template("employers/signup_done.html", event=_load_event(event_id))


@bp.get("/events/<int:event_id>/privacy")
def privacy(event_id: int) -> ResponseReturnValue:
    event = _load_event(event_id)
    return render_template(
        "employers/privacy.html", event=event,
        notice_html=notices.notice_html(notices.EMPLOYER, event, current_language()),
    )


@bp.route("/events/<int:event_id>/link-again", methods=["GET", "POST"])
@limiter.limit(_signup_limit, methods=["POST"])
def link_again(event_id: int) -> ResponseReturnValue:
    event = _load_event(event_id)
    form = LinkAgainForm()
    if form.validate_on_submit():
        employer_link.send_link_again(event, form.email.data)
        db.session.commit()
        # The same answer whether or not the address is known.
        return render_template("employers/link_again_sent.html", event=event)
    status = 400 if form.is_submitted() else 200
    return render_template("employers/link_again.html", event=event, form=form), status


# --- private employer link -----------------------------------------------------------------


@bp.get("/link/<token>")
def link(token: str) -> ResponseReturnValue:
    employer = _load_employer(token)
    if notices.needs_consent_again(employer, notices.EMPLOYER):
        return redirect(url_for("employer_data.consent_again", token=token))
    return _link_page(employer, token)


def _link_page(
    employer: Employer, token: str, refused: OutcomesRefused | None = None,
    status: int = 200,
) -> ResponseReturnValue:
    """The employer's page; `refused` shows the outcome form again with what was sent."""
    roster = roster_of(employer)
    event = employer.event
    rows: list[OutcomeRow] = []
    if roster is not None and outcomes.outcomes_open(event):
        rows = outcome_rows(roster, request.form if refused is not None else None,
                            refused.errors if refused is not None else {})
    page = render_template(
        "employers/link.html",
        employer=employer,
        event=event,
        roster=roster,
        outcome_rows=rows,
        result_labels=RESULT_LABELS,
        note_max=outcomes.NOTE_MAX_LENGTH,
        form=ActionForm(),
        arrivals_live=roster is not None and check_in_open(event),
        arrivals=checkin.employer_arrivals(employer) if roster else {},
        arrival_labels=ARRIVAL_LABELS,
        token=token,
    )
    return page, 400 if refused is not None else status


@bp.get("/link/<token>/arrivals")
def arrivals(token: str) -> ResponseReturnValue:
    """Who has arrived for the employer's interviews: polled by their roster on the day."""
    employer = _load_employer(token)
    states = checkin.employer_arrivals(employer)
    return {
        "arrivals": {
            str(interview_id): {"arrival": state,
                                "label": str(ARRIVAL_LABELS[state]) if state else ""}
            for interview_id, state in states.items()
        },
    }


@bp.get("/link/<token>/roster")
def roster_print(token: str) -> ResponseReturnValue:
    employer = _load_employer(token)
    roster = roster_of(employer)
    if roster is None:
        _not_found()
    return render_template("employers/roster_print.html", employer=employer,
                           event=employer.event, roster=roster, token=token)


@bp.route("/link/<token>/outcomes", methods=["GET", "POST"])
def outcomes_form(token: str) -> ResponseReturnValue:
    employer = _load_employer(token)
    if request.method == "GET":
        # The address a refused form was posted to stays usable (reload, back, a bookmark).
        return redirect(url_for("employers.link", token=token, _anchor="outcomes-heading"))
    if not ActionForm().validate_on_submit():
        abort(400)
    if not outcomes.outcomes_open(employer.event):
        flash(_("Attendance and outcomes can be recorded once the event has started."), "error")
        return _link_page(employer, token, status=400)
    roster = roster_of(employer) or []
    interviews = {e.interview.id: e.interview for e in roster if not e.cancelled}
    try:
        sent = read_outcome_rows(request.form)
    except ValueError:
        abort(400)
    try:
        changed = outcomes.record_roster_outcomes(employer, interviews, sent)
    except OutcomesRefused as refused:
        db.session.rollback()
        # A row that is not on the form (a stale page, a cancelled interview): said on top.
        for message in {m for i, (_f, m) in refused.errors.items() if i not in interviews}:
            flash(message, "error")
        flash(ngettext("Nothing was saved: %(num)d interview needs a correction, see the "
                       "marked rows.", "Nothing was saved: %(num)d interviews need a "
                       "correction, see the marked rows.", len(refused.errors)), "error")
        return _link_page(employer, token, refused)
    db.session.commit()
    flash(ngettext("Saved. %(num)d interview changed.", "Saved. %(num)d interviews changed.",
                   changed), "success")
    return redirect(url_for("employers.link", token=token, _anchor="outcomes-heading"))
