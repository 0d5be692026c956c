"""Routes of the youth pages: thin handlers (form → operation → commit → redirect).

Every page reached by a private link resolves its token first; a wrong, expired or revoked
token, or one that does not own the interview asked about, gets the same 404.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_limiter.util import get_remote_address

from recruit.booking import operations as booking_ops
from recruit.booking.employer_slots import group_by_employer
from recruit.booking.forms import ActionForm, BookForm
from recruit.booking.free_slots import free_offers
from recruit.booking.operations import BookingError, NotVisible, SlotTaken
from recruit.core import kept_forms, links
from recruit.core.i18n import current_language
from recruit.core.qr import remembered_qr_svg
from recruit.core.security import private_link_page
from recruit.core.validators import format_phone
from recruit.extensions import db, limiter
from recruit.models import Candidate, Event, Vacancy
from recruit.people import contact_channel
from recruit.people import youth_signup as signup
from recruit.privacy import notices
from recruit.scheduling import waitlist
from recruit.scheduling.queries import latest_version
from recruit.sms.outbox import sms_enabled
from recruit.youth import job_cards, suitability
from recruit.youth.downloads import youth_calendar
from recruit.youth.forms import (
    MAX_DB_INTEGER,
    CancelForm,
    ContactForm,
    LinkAgainForm,
    SignupForm,
)
from recruit.youth.queries import (
    approved_employer_name,
    event_or_none,
    open_vacancies,
    vacancy_choices,
)

RouteFunction = Callable[..., Any]

bp = Blueprint("youth", __name__, url_prefix="/youth")


@bp.after_request
def private_page_headers(response: Response) -> Response:
    return private_link_page(response)



def _limit(name: str, default: str, key_func: Callable[[], str] | None = None,
           exempt_when: Callable[[], bool] | None = None
           ) -> Callable[[RouteFunction], RouteFunction]:
    return limiter.limit(lambda: current_app.config.get(name, default), methods=["POST"],
                         key_func=key_func, exempt_when=exempt_when)


def _digest(text: str) -> str:
    # Counters live in the limiter's storage (Redis): never the address itself.
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _posted_email() -> str:
    return (request.form.get("email") or "").strip().lower()


def _person_key() -> str:
    """One person: the e-mail address the form was sent with."""
    return "person:" + _digest(_posted_email())


def _form_key() -> str:
    """One open form: the form's session token (a browser's own), else the address."""
    token = session.get("csrf_token")
    return "form:" + _digest(str(token)) if token else "address:" + get_remote_address()


def _event(event_id: int) -> Event:
    event = event_or_none(event_id) if event_id <= MAX_DB_INTEGER else None
    if event is None:
        abort(404)
    return event


def _candidate(token: str) -> Candidate:
    candidate = links.resolve_candidate(token, "booking")
    if candidate is None:
        abort(404)
    return candidate


# --- sign-up ----------------------------------------------------------------------------------


@bp.route("/events/<int:event_id>/sign-up", methods=["GET", "POST"])
@_limit("YOUTH_SIGNUP_RATE_LIMIT", "120 per minute;1000 per hour")
@_limit("YOUTH_SIGNUP_PERSON_RATE_LIMIT", "5 per minute;20 per hour", key_func=_person_key,
        exempt_when=lambda: not _posted_email())
@_limit("YOUTH_SIGNUP_FORM_RATE_LIMIT", "10 per minute;60 per hour", key_func=_form_key)
def signup_form(event_id: int) -> ResponseReturnValue:
    event = _event(event_id)
    if not event.signup_open():
        return render_template("youth/signup_closed.html", event=event)
    vacancies = open_vacancies(event)  # once, for the form's choices and the job cards
    form = SignupForm.for_event(event, current_language(), vacancy_choices(event, vacancies))
    if request.method == "POST" and "rank" in request.form:
        # Choosing or reordering a job (the buttons on the job cards): the form comes back
        # as filled in, with the new order, and nothing is checked or saved yet.
        return _signup_page(event, form, vacancies, rank_action=request.form["rank"])
    if form.validate_on_submit():
        if form.is_robot:
            # Looks like success to the robot; nothing is saved or sent.
            return redirect(url_for("youth.signup_sent", event_id=event.id))
        data = form.candidate_data()
        unsuitable, suitable = suitability.check_choices(event, data, current_language(),
                                                         vacancies)
        if unsuitable and request.form.get("choices_checked") != "1":
            # Said once, before saving: sending the form again signs up as it is.
            return render_template("youth/signup.html", event=event, form=form,
                                   unsuitable=unsuitable, suitable=suitable,
                                   **_job_choice(event, form, vacancies)), 400
        try:
            signup.sign_up(event, data, locale=current_language(),
                           follow_up_consent=form.follow_up_consent)
        except signup.SignupRace:
            # The same address signed up at the same moment: now it is known, so retry.
            db.session.rollback()
            signup.sign_up(event, data, locale=current_language(),
                           follow_up_consent=form.follow_up_consent)
        except signup.SignupClosed:
            db.session.rollback()
            return render_template("youth/signup_closed.html", event=event)
        db.session.commit()
        return redirect(url_for("youth.signup_sent", event_id=event.id))
    status = 400 if request.method == "POST" else 200
    return render_template("youth/signup.html", event=event, form=form,
                           **_job_choice(event, form, vacancies)), status


def _entered(form: SignupForm) -> job_cards.Entered | None:
    """What the young person has entered that decides which jobs they qualify for."""
    year = form.birth_year.data
    if request.method != "POST" or not isinstance(year, int) or form.birth_year.errors:
        return None
    cards = [c for c in (form.cards.data or []) if isinstance(c, int)]
    return job_cards.Entered(cards, list(form.languages.data or []), year)


def _chosen(form: SignupForm) -> list[int]:
    return [e.data for e in form.interests.entries if isinstance(e.data, int)]


def _job_choice(event: Event, form: SignupForm, vacancies: list[Vacancy]) -> dict[str, Any]:
    """The job cards and the ranked choices, for the sign-up page's job part."""
    cards = job_cards.job_cards(event, current_language(), _entered(form), vacancies)
    by_id = {card.vacancy_id: card for card in cards}
    chosen = [by_id[v] for v in dict.fromkeys(_chosen(form)) if v in by_id]
    errors = [str(error) for entry in form.interests.entries for error in entry.errors]
    return {"job_cards": cards, "chosen_jobs": chosen, "job_errors": errors}


def _signup_page(
    event: Event, form: SignupForm, vacancies: list[Vacancy], *, rank_action: str
) -> ResponseReturnValue:
    ranked = job_cards.apply_rank_action(
        _chosen(form), rank_action, form.allowed_vacancies, event.max_ranked_interests)
    if ranked is not None:
        for index, entry in enumerate(form.interests.entries):
            entry.data = ranked[index] if index < len(ranked) else None
    status = 200 if ranked is not None else 400
    return render_template("youth/signup.html", event=event, form=form,
                           **_job_choice(event, form, vacancies)), status


def _redraw_signup() -> str:
    event = _event(int((request.view_args or {})["event_id"]))
    vacancies = open_vacancies(event)
    form = SignupForm.for_event(event, current_language(), vacancy_choices(event, vacancies))
    return render_template("youth/signup.html", event=event, form=form,
                           **_job_choice(event, form, vacancies))


kept_forms.register("youth.signup_form", _redraw_signup)


@bp.get("/events/<int:event_id>/sign-up/sent")
def signup_sent(event_id: int) -> ResponseReturnValue:
    return render_template("youth/signup_sent.html", event=_event(event_id))


@bp.get("/events/<int:event_id>/privacy")
def privacy(event_id: int) -> ResponseReturnValue:
    event = _event(event_id)
    return render_template(
        "youth/privacy.html", event=event,
        notice_html=notices.notice_html(notices.YOUTH, event, current_language()),
    )


@bp.route("/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str) -> ResponseReturnValue:
    # GET only shows a button: mail scanners open links, and that must not confirm anything.
    link = links.resolve(token, "confirm_email")
    if link is None or link.candidate is None:
        abort(404)
    form = ActionForm()
    if form.validate_on_submit():
        confirmation = signup.confirm_email(link)
        db.session.commit()
        flash(_("Thank you! Your e-mail address is confirmed and you are signed up."), "success")
        return redirect(url_for("youth.booking", token=confirmation.booking_token))
    return render_template("youth/confirm.html", event=link.candidate.event, form=form)


@bp.route("/events/<int:event_id>/link-again", methods=["GET", "POST"])
@_limit("YOUTH_LINK_AGAIN_RATE_LIMIT", "30 per minute;300 per hour")
def link_again(event_id: int) -> ResponseReturnValue:
    event = _event(event_id)
    form = LinkAgainForm()
    if form.validate_on_submit():
        signup.send_link_again(event, form.email.data, locale=current_language())
        db.session.commit()
        return render_template("youth/link_again_sent.html", event=event)
    status = 400 if request.method == "POST" else 200
    return render_template("youth/link_again.html", event=event, form=form), status


# --- the booking page -------------------------------------------------------------------------


@bp.get("/b/<token>")
def booking(token: str) -> ResponseReturnValue:
    candidate = _candidate(token)
    if notices.needs_consent_again(candidate, notices.YOUTH):
        return redirect(url_for("privacy.consent_again", token=token))
    check_in = links.ensure_check_in_link(candidate, token)
    # The page's one write, committed before the reads: a commit expires every object loaded
    # so far, and the page would then load each interview, employer and vacancy again.
    db.session.commit()
    event = candidate.event
    version = latest_version(event)  # read once: every part of the page shows this version
    shown = booking_ops.visible_interviews(candidate, version=version)
    open_ = booking_ops.booking_open(candidate, version=version)
    groups = group_by_employer(free_offers(candidate, version=version)) if open_ else []
    # A few times (a Täsmärekry of one employer) are booked right here; at a fair the page
    # lists the employers and each employer's times are a page of their own.
    times_here = sum(len(g.times) for g in groups) <= current_app.config.get(
        "BOOKING_PAGE_INLINE_TIMES", 24)
    return render_template(
        "youth/booking.html",
        event=event,
        candidate=candidate,
        token=token,
        shown=shown,
        status=booking_ops.page_status(candidate, shown, version=version),
        slot_groups=groups,
        times_here=times_here,
        booking_open=open_,
        qr=remembered_qr_svg(links.absolute_url("staff.check_in", token=check_in),
                  _("Check-in code for the event")),
        action_form=ActionForm(),
        cancel_form=CancelForm(),
        texts_on=sms_enabled(),
        channel_label=contact_channel.CHANNEL_LABELS.get(candidate.contact_channel, ""),
        phone=format_phone(candidate.phone) if candidate.phone else "",
    )


@bp.get("/b/<token>/times/<int:employer_id>")
def booking_times(token: str, employer_id: int) -> ResponseReturnValue:
    """One employer's free times for the person, with the booking buttons (a fair's booking
    page links here from its list of employers)."""
    candidate = _candidate(token)
    if notices.needs_consent_again(candidate, notices.YOUTH):
        return redirect(url_for("privacy.consent_again", token=token))
    event = candidate.event
    company = approved_employer_name(event, employer_id) if employer_id <= MAX_DB_INTEGER else None
    if company is None:
        abort(404)
    version = latest_version(event)
    if not booking_ops.booking_open(candidate, version=version):
        return redirect(url_for("youth.booking", token=token))  # that page says why
    groups = group_by_employer(
        free_offers(candidate, employer_id=employer_id, version=version))
    return render_template("youth/booking_times.html", event=event, token=token,
                           company=company, employer_id=employer_id, slot_groups=groups)


# --- how we contact you -----------------------------------------------------------------------


@bp.route("/b/<token>/contact", methods=["GET", "POST"])
@_limit("YOUTH_ACTION_RATE_LIMIT", "60 per minute")
def contact(token: str) -> ResponseReturnValue:
    """The person chooses e-mail, texts or both, and may correct their phone number."""
    candidate = _candidate(token)
    form = ContactForm()
    if request.method == "GET":
        form.contact_channel.data = candidate.contact_channel
        form.phone.data = format_phone(candidate.phone) if candidate.phone else ""
    elif not sms_enabled():
        form.contact_channel.errors = [_("Text messages are not in use: everything comes by "
                                         "e-mail.")]
    elif form.validate_on_submit():
        try:
            contact_channel.change_contact(candidate, form.contact_channel.data,
                                           form.phone.data or "")
        except contact_channel.ContactError as error:
            db.session.rollback()
            getattr(form, error.field).errors = [error.message]
        else:
            db.session.commit()
            flash(_("Thank you! We now contact you as you chose."), "success")
            return redirect(url_for("youth.booking", token=token, _anchor="contact"))
    status = 400 if request.method == "POST" else 200
    return render_template("youth/contact.html", event=candidate.event, candidate=candidate,
                           token=token, form=form, texts_on=sms_enabled()), status


@bp.post("/b/<token>/contact/stop-texts")
@_limit("YOUTH_ACTION_RATE_LIMIT", "60 per minute")
def stop_texts(token: str) -> ResponseReturnValue:
    candidate = _candidate(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    contact_channel.stop_texts(candidate)
    db.session.commit()
    flash(_("Text messages are stopped. Reminders and changes come by e-mail."), "success")
    return redirect(url_for("youth.booking", token=token, _anchor="contact"))


def _respond(token: str, interview_id: int, answer: str) -> ResponseReturnValue:
    candidate = _candidate(token)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        if answer == "confirm":
            booking_ops.confirm(candidate, interview_id)
            message = _("Thank you! The interview is confirmed.")
            freed = False
        else:
            freed = booking_ops.decline(candidate, interview_id)
            message = _("The interview is declined. Thank you for letting us know.")
    except NotVisible:
        db.session.rollback()
        abort(404)
    except BookingError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(url_for("youth.booking", token=token))
    db.session.commit()
    if freed:
        waitlist.offer_freed_time(candidate.event)
    flash(message, "success")
    return redirect(url_for("youth.booking", token=token))


@bp.post("/b/<token>/interviews/<int:interview_id>/confirm")
@_limit("YOUTH_ACTION_RATE_LIMIT", "60 per minute")
def confirm_interview(token: str, interview_id: int) -> ResponseReturnValue:
    return _respond(token, interview_id, "confirm")


@bp.route("/b/<token>/interviews/<int:interview_id>/decline", methods=["GET", "POST"])
@_limit("YOUTH_ACTION_RATE_LIMIT", "60 per minute")
def decline_interview(token: str, interview_id: int) -> ResponseReturnValue:
    if request.method == "POST":
        return _respond(token, interview_id, "decline")
    # A decline gives the time away for good, so a tap on a phone asks once more.
    candidate = _candidate(token)
    item = next((i for i in booking_ops.visible_interviews(candidate)
                 if i.interview is not None and i.interview.id == interview_id), None)
    if item is None:
        abort(404)
    if not item.live:
        return redirect(url_for("youth.booking", token=token))
    return render_template("youth/decline.html", event=candidate.event, token=token,
                           item=item, form=ActionForm())


@bp.post("/b/<token>/cancel")
@_limit("YOUTH_ACTION_RATE_LIMIT", "60 per minute")
def cancel_everything(token: str) -> ResponseReturnValue:
    candidate = _candidate(token)
    form = CancelForm()
    if not form.validate_on_submit():
        abort(400)
    if not form.sure.data:
        flash(_("Tick the box to confirm that you want to cancel."), "error")
        return redirect(url_for("youth.booking", token=token) + "#cancel")
    freed = booking_ops.cancel_everything(candidate)
    db.session.commit()
    if freed:
        waitlist.offer_freed_time(candidate.event)
    flash(_("Your sign-up is cancelled. Thank you for letting us know."), "success")
    return redirect(url_for("youth.booking", token=token))


@bp.post("/b/<token>/book")
@_limit("YOUTH_ACTION_RATE_LIMIT", "60 per minute")
def book(token: str) -> ResponseReturnValue:
    candidate = _candidate(token)
    form = BookForm()
    slot = form.slot() if form.validate_on_submit() else None
    if slot is None:
        abort(400)
    try:
        booking_ops.book(candidate, *slot)
    except SlotTaken:
        db.session.rollback()
        return render_template("youth/taken.html", event=candidate.event, token=token,
                               back=_times_page(token)), 409
    except BookingError as error:
        db.session.rollback()
        flash(str(error.message), "error")
        return redirect(_times_page(token) or url_for("youth.booking", token=token))
    db.session.commit()
    flash(_("Booked! The interview is now on your list below."), "success")
    return redirect(url_for("youth.booking", token=token))


def _times_page(token: str) -> str | None:
    """The employer's times page the booking was sent from (`?employer=`), if any."""
    employer_id = request.args.get("employer", type=int)
    if employer_id is None or not 0 < employer_id <= MAX_DB_INTEGER:
        return None
    return url_for("youth.booking_times", token=token, employer_id=employer_id)


@bp.get("/b/<token>/interviews.ics")
def calendar(token: str) -> ResponseReturnValue:
    candidate = _candidate(token)
    shown = booking_ops.visible_interviews(candidate)
    body = youth_calendar(candidate, shown, links.absolute_url("youth.booking", token=token))
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'attachment; filename="interviews.ics"'
    return response
