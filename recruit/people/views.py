"""Staff pages for the employers, vacancies and young people of one event.

Every object is looked up through its event (`queries.employer_of(event, id)`…), so a URL that
pairs one event with another event's object answers 404.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_wtf import FlaskForm

from recruit.changes.notify import ChangeCounts
from recruit.changes.preview import preview_messages
from recruit.core.audit import audited_read
from recruit.core.i18n import current_language
from recruit.core.staff import bp, form_page, load_event, not_found, staff_user
from recruit.extensions import db
from recruit.models import Candidate, Employer, Event, Vacancy
from recruit.models.employer import EMPLOYER_STATUSES
from recruit.people import checks as people_checks
from recruit.people import operations, queries
from recruit.people.forms import (
    STATUS_LABELS,
    CandidateFilterForm,
    CandidateForm,
    EmployerFilterForm,
    EmployerForm,
    VacancyForm,
    candidate_form_data,
    employer_form_data,
)
from recruit.people.operations import OperationError
from recruit.scheduling import waitlist

# A page of the staff list of young people: a screenful to scan, not the whole event.
CANDIDATES_PER_PAGE = 100
EMPLOYERS_PER_PAGE = 100


def _page_number(pages: int) -> int:
    """The page asked for in the query string, within 1…pages (anything else reads as 1)."""
    raw = request.args.get("page", "1")
    return min(max(int(raw), 1), pages) if raw.isdigit() else 1


def load_employer(event: Event, employer_id: int) -> Employer:
    return queries.employer_of(event, employer_id) or not_found()


def load_vacancy(employer: Employer, vacancy_id: int) -> Vacancy:
    return queries.vacancy_of(employer, vacancy_id) or not_found()


def load_candidate(event: Event, candidate_id: int) -> Candidate:
    return queries.candidate_of(event, candidate_id) or not_found()


def _show_conflicts(form: FlaskForm, conflicts: list[tuple[str, str]]) -> None:
    for field, message in conflicts:
        form[field].errors.append(message)


# --- Employers ----------------------------------------------------------------------------


@bp.get("/events/<int:event_id>/employers")
def employers(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    filters = EmployerFilterForm(request.args)
    status = filters.status.data if filters.status.data in EMPLOYER_STATUSES else ""
    text = (filters.q.data or "")[:100]
    total = queries.count_employers(event, text, status)
    pages = max(1, -(-total // EMPLOYERS_PER_PAGE))
    page = _page_number(pages)
    start = (page - 1) * EMPLOYERS_PER_PAGE
    shown = queries.employers_page(event, text, status, start, EMPLOYERS_PER_PAGE)
    # The links to other pages keep the filters.
    kept = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "staff/people/employers.html", event=event, filters=filters, employers=shown,
        total=total, page=page, pages=pages, kept_args=kept, first_number=start + 1,
        status_labels=STATUS_LABELS, duplicates=queries.duplicate_business_ids(event),
    )


@bp.route("/events/<int:event_id>/employers/new", methods=["GET", "POST"])
def employer_create(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    form = EmployerForm.for_event(event)
    if form.validate_on_submit():
        employer = operations.create_employer(event, form.employer_data(), staff_user())
        db.session.commit()
        flash(_("The employer was added. Add their vacancies next."), "success")
        return redirect(url_for("staff.employer_detail", event_id=event.id,
                                employer_id=employer.id))
    context = {"event": event, "employer": None}
    return form_page("staff/people/employer_form.html", form, **context)


@bp.get("/events/<int:event_id>/employers/<int:employer_id>")
@audited_read("employer.view", Employer, "employer_id")
def employer_detail(event_id: int, employer_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    employer = load_employer(event, employer_id)
    return render_template(
        "staff/people/employer_detail.html", event=event, employer=employer,
        interviews=queries.interviews_of_employer(employer), status_labels=STATUS_LABELS,
        same_business=queries.same_business(employer),
    )


@bp.route("/events/<int:event_id>/employers/<int:employer_id>/edit", methods=["GET", "POST"])
@audited_read("employer.view", Employer, "employer_id")
def employer_edit(event_id: int, employer_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    employer = load_employer(event, employer_id)
    form = EmployerForm.for_event(
        event, data=employer_form_data(operations.employer_data_of(employer))
    )
    if form.validate_on_submit():
        data = form.employer_data()
        conflicts = people_checks.employer_change_conflicts(employer, data)
        if not conflicts:
            operations.update_employer(employer, data, staff_user())
            db.session.commit()
            flash(_("The employer was saved."), "success")
            return redirect(url_for("staff.employer_detail", event_id=event.id,
                                    employer_id=employer.id))
        _show_conflicts(form, conflicts)
    context = {"event": event, "employer": employer}
    return form_page("staff/people/employer_form.html", form, **context)


@bp.post("/events/<int:event_id>/employers/<int:employer_id>/status")
def employer_status(event_id: int, employer_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    employer = load_employer(event, employer_id)
    status = request.form.get("status", "")
    if status not in EMPLOYER_STATUSES:
        flash(_("Unknown status."), "error")
    else:
        if status != "approved" and request.form.get("confirm_messages") != "1":
            # Taking an employer off the event cancels its interviews: say what goes out.
            counts = preview_messages(
                event, lambda: operations.set_employer_status(employer, status, staff_user())
            )
            if counts.total:
                event = load_event(event_id)
                employer = load_employer(event, employer_id)
                detail = url_for("staff.employer_detail", event_id=event.id,
                                 employer_id=employer.id)
                return render_template(
                    "staff/changes/confirm.html", event=event, nav="staff.employers",
                    preview=counts,
                    heading=_("Reject %(company)s", company=employer.company_name)
                    if status == "rejected"
                    else _("%(company)s back to pending", company=employer.company_name),
                    explanation=_("Its interviews will be cancelled. Each young person "
                                  "concerned gets a calendar cancellation, and the freed "
                                  "people are offered to the waiting list."),
                    action=url_for("staff.employer_status", event_id=event.id,
                                   employer_id=employer.id),
                    fields={"status": status}, confirm_label=_("Confirm and send"),
                    back_url=detail, back_label=_("Back without changing anything"),
                )
        changed = operations.set_employer_status(employer, status, staff_user())
        db.session.commit()
        if changed and status != "approved":
            waitlist.offer_freed_time(event)  # the young people it held may go elsewhere
        messages = {
            "approved": _("The employer was approved."),
            "rejected": _("The employer was rejected."),
            "pending": _("The employer is pending again."),
        }
        flash(messages[status], "success")
    return redirect(url_for("staff.employer_detail", event_id=event.id, employer_id=employer.id))


# --- Vacancies ----------------------------------------------------------------------------


@bp.route("/events/<int:event_id>/employers/<int:employer_id>/vacancies/new",
          methods=["GET", "POST"])
def vacancy_create(event_id: int, employer_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    employer = load_employer(event, employer_id)
    form = VacancyForm.for_event(event, current_language())
    if form.validate_on_submit():
        operations.create_vacancy(employer, form.vacancy_data(), staff_user())
        db.session.commit()
        flash(_("The vacancy was added."), "success")
        return redirect(url_for("staff.employer_detail", event_id=event.id,
                                employer_id=employer.id))
    context = {"event": event, "employer": employer, "vacancy": None}
    return form_page("staff/people/vacancy_form.html", form, **context)


@bp.route("/events/<int:event_id>/employers/<int:employer_id>/vacancies/<int:vacancy_id>/edit",
          methods=["GET", "POST"])
def vacancy_edit(event_id: int, employer_id: int, vacancy_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    employer = load_employer(event, employer_id)
    vacancy = load_vacancy(employer, vacancy_id)
    data = {
        "title": vacancy.title, "description": vacancy.description,
        "positions": vacancy.positions, "cards": [card.id for card in vacancy.requirements],
        "languages": list(vacancy.languages or []), "min_age": vacancy.min_age,
    }
    form = VacancyForm.for_event(event, current_language(), data=data)
    if form.validate_on_submit():
        operations.update_vacancy(vacancy, form.vacancy_data(), staff_user())
        db.session.commit()
        flash(_("The vacancy was saved."), "success")
        return redirect(url_for("staff.employer_detail", event_id=event.id,
                                employer_id=employer.id))
    context = {"event": event, "employer": employer, "vacancy": vacancy}
    return form_page("staff/people/vacancy_form.html", form, **context)


@bp.post("/events/<int:event_id>/employers/<int:employer_id>/vacancies/<int:vacancy_id>/delete")
def vacancy_delete(event_id: int, employer_id: int, vacancy_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    employer = load_employer(event, employer_id)
    vacancy = load_vacancy(employer, vacancy_id)
    try:
        operations.delete_vacancy(vacancy, staff_user())
    except OperationError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The vacancy was removed."), "success")
    return redirect(url_for("staff.employer_detail", event_id=event.id, employer_id=employer.id))


# --- Candidates ---------------------------------------------------------------------------


@bp.get("/events/<int:event_id>/candidates")
def candidates(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    filters = CandidateFilterForm.for_event(
        event, current_language(), queries.vacancy_choices(event), request.args
    )
    found = queries.search_candidates(event, filters.candidate_filter())
    pages = max(1, -(-len(found) // CANDIDATES_PER_PAGE))
    page = _page_number(pages)
    start = (page - 1) * CANDIDATES_PER_PAGE
    # The links to other pages keep the filters.
    kept = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template(
        "staff/people/candidates.html", event=event, filters=filters,
        candidates=found[start:start + CANDIDATES_PER_PAGE], total=len(found),
        page=page, pages=pages, kept_args=kept, first_number=start + 1,
        interview_counts=queries.interview_counts(event), status_labels=STATUS_LABELS,
    )


def _candidate_form(event: Event, **kwargs: object) -> CandidateForm:
    return CandidateForm.for_event(
        event, current_language(), queries.vacancy_choices(event), **kwargs
    )


@bp.route("/events/<int:event_id>/candidates/new", methods=["GET", "POST"])
def candidate_create(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    form = _candidate_form(event)
    if form.validate_on_submit():
        try:
            candidate = operations.create_candidate(event, form.candidate_data(), staff_user())
        except OperationError as error:
            db.session.rollback()
            form[error.field or "email"].errors.append(error.message)
        else:
            db.session.commit()
            flash(_("The young person was signed up."), "success")
            return redirect(url_for("staff.candidate_detail", event_id=event.id,
                                    candidate_id=candidate.id))
    context = {"event": event, "candidate": None}
    return form_page("staff/people/candidate_form.html", form, **context)


@bp.get("/events/<int:event_id>/candidates/<int:candidate_id>")
@audited_read("candidate.view", Candidate, "candidate_id")
def candidate_detail(event_id: int, candidate_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    candidate = load_candidate(event, candidate_id)
    return render_template(
        "staff/people/candidate_detail.html", event=event, candidate=candidate,
        interviews=queries.interviews_of_candidate(candidate), status_labels=STATUS_LABELS,
    )


@bp.route("/events/<int:event_id>/candidates/<int:candidate_id>/edit", methods=["GET", "POST"])
@audited_read("candidate.view", Candidate, "candidate_id")
def candidate_edit(event_id: int, candidate_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    candidate = load_candidate(event, candidate_id)
    form = _candidate_form(
        event, data=candidate_form_data(operations.candidate_data_of(candidate))
    )
    if form.validate_on_submit():
        data = form.candidate_data()
        withdrawing = candidate.status != "cancelled" and data.status == "cancelled"
        conflicts = people_checks.candidate_change_conflicts(candidate, data)
        if not conflicts and withdrawing and request.form.get("confirm_messages") != "1":
            # Withdrawing someone cancels their interviews: say what goes out before doing it.
            by = staff_user()
            try:
                counts = preview_messages(
                    event, lambda: operations.update_candidate(candidate, data, by)
                )
            except OperationError as error:
                conflicts = [(error.field or "email", error.message)]
            else:
                event = load_event(event_id)
                candidate = load_candidate(event, candidate_id)
                if counts.total:
                    return _withdraw_confirm_page(event, candidate, counts)
        try:
            if not conflicts:
                operations.update_candidate(candidate, data, staff_user())
        except OperationError as error:
            db.session.rollback()
            conflicts = [(error.field or "email", error.message)]
        if not conflicts:
            db.session.commit()
            if withdrawing:
                waitlist.offer_freed_time(event)  # their times go to the waiting list
            flash(_("The details were saved."), "success")
            return redirect(url_for("staff.candidate_detail", event_id=event.id,
                                    candidate_id=candidate.id))
        _show_conflicts(form, conflicts)
    context = {"event": event, "candidate": candidate}
    return form_page("staff/people/candidate_form.html", form, **context)


def _withdraw_confirm_page(event: Event, candidate: Candidate,
                           counts: ChangeCounts) -> ResponseReturnValue:
    """The counts of a withdrawal; confirming posts the same form again, every value kept."""
    fields = [(name, value) for name, value in request.form.items(multi=True)
              if name not in ("csrf_token", "confirm_messages")]
    return render_template(
        "staff/changes/confirm.html", event=event, nav="staff.candidates", preview=counts,
        heading=_("Withdraw %(name)s from the event", name=candidate.full_name),
        explanation=_("Their interviews are cancelled: they get a calendar cancellation for "
                      "each, the employers concerned are told, and the freed times are "
                      "offered to the waiting list."),
        action=url_for("staff.candidate_edit", event_id=event.id, candidate_id=candidate.id),
        fields=fields, confirm_label=_("Confirm and send"),
        back_url=url_for("staff.candidate_detail", event_id=event.id,
                         candidate_id=candidate.id),
        back_label=_("Back without changing anything"),
    )


@bp.post("/events/<int:event_id>/candidates/<int:candidate_id>/delete")
def candidate_delete(event_id: int, candidate_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    candidate = load_candidate(event, candidate_id)
    if request.form.get("confirm") != "yes":
        flash(_("Tick the box to confirm that the person's data is to be deleted."), "error")
        return redirect(url_for("staff.candidate_detail", event_id=event.id,
                                candidate_id=candidate.id))
    if request.form.get("confirm_messages") != "1":
        # Erasing someone with interviews cancels them: say what goes out before doing it.
        counts = preview_messages(
            event, lambda: operations.delete_candidate(candidate, staff_user())
        )
        if counts.total:
            event = load_event(event_id)
            candidate = load_candidate(event, candidate_id)
            return render_template(
                "staff/changes/confirm.html", event=event, nav="staff.candidates",
                preview=counts,
                heading=_("Delete %(name)s", name=candidate.full_name),
                explanation=_("All their data is deleted. Whatever they were told about "
                              "their interviews is cancelled, and the employers concerned "
                              "are told."),
                action=url_for("staff.candidate_delete", event_id=event.id,
                               candidate_id=candidate.id),
                fields={"confirm": "yes"}, confirm_label=_("Delete and send"),
                back_url=url_for("staff.candidate_detail", event_id=event.id,
                                 candidate_id=candidate.id),
                back_label=_("Back without deleting"),
            )
    operations.delete_candidate(candidate, staff_user())
    db.session.commit()
    waitlist.offer_freed_time(event)  # their times go to the waiting list, as on a cancel
    flash(_("The person and all their data were deleted."), "success")
    return redirect(url_for("staff.candidates", event_id=event.id))
