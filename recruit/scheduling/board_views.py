"""Staff board pages (routes on `staff.bp`): the day on one screen, and moving an interview by
dragging it or by choosing one of the cells it may go to.

A move goes through the change path: the interview is moved on the draft and
`notify_changes` queues what people are owed (an interview a young person booked, or a
counsellor booked, is theirs the moment it moves). When that would send anything, staff first
see how many messages will go out, and confirm.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, NoReturn

import sqlalchemy as sa
from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from recruit.changes.notify import notify_changes
from recruit.changes.preview import preview_messages
from recruit.core.audit import audited_read
from recruit.core.i18n import current_language
from recruit.core.staff import bp, load_event, staff_user
from recruit.extensions import db
from recruit.models import Candidate, Employer, Event, Interview, Vacancy
from recruit.models.base import LARGEST_INTEGER
from recruit.scheduling import publishing as operations
from recruit.scheduling import queries as schedule_queries
from recruit.scheduling.day_board import (
    STATUSES,
    BoardFilters,
    FilterError,
    day_board,
    parse_filters,
    person_day,
)
from recruit.scheduling.forms import ConfirmForm
from recruit.scheduling.move_targets import Target, cell_targets, move_targets
from recruit.scheduling.names import humanise, names_for
from recruit.scheduling.text import rule_label

_FILTER_ARGS = ("employer", "vacancy", "status")


def _not_found() -> NoReturn:
    abort(404)


def _load_interview(event: Event, interview_id: int) -> Interview:
    return schedule_queries.interview_of(event, interview_id) or _not_found()


def _filter_args() -> dict[str, str]:
    return {k: request.values[k] for k in _FILTER_ARGS if request.values.get(k)}


def _id_arg(name: str) -> int | None:
    """A row id from the request, or None (never one the database's integer cannot hold)."""
    raw = request.values.get(name, "")
    return int(raw) if raw.isdigit() and 0 < int(raw) <= LARGEST_INTEGER else None


def _person_id() -> int | None:
    return _id_arg("person")


@bp.get("/events/<int:event_id>/schedule/board")
def schedule_board(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    status = 200
    filter_error = ""
    try:
        filters = parse_filters(request.args.to_dict())
    except FilterError:
        filters, status = BoardFilters(), 400
        filter_error = _("That filter is not one the board knows; showing everything.")
    board = day_board(event, filters)
    person = person_day(event, pid) if (pid := _person_id()) is not None else None
    moved = _id_arg("moved")
    moved_interview = schedule_queries.interview_of(event, moved) if moved else None
    return render_template(
        "staff/schedule/board.html", event=event, board=board, filters=filters,
        filter_error=filter_error, statuses=_status_texts(), person=person,
        words=_words_cache(), icons=_icons_cache(),
        moved=moved_interview, confirm_form=ConfirmForm(), filter_args=_filter_args(),
    ), status


def _status_texts() -> dict[str, tuple[str, str]]:
    """Each status's icon and word, translated once per request (not once per card)."""
    return {code: (icon, str(word)) for code, (icon, word) in STATUSES.items()}


def _words_cache() -> Callable[[tuple[str, ...]], str]:
    texts = _status_texts()

    @functools.cache
    def words(codes: tuple[str, ...]) -> str:
        return ", ".join(texts[code][1] for code in codes)

    return words


def _icons_cache() -> Callable[[tuple[str, ...]], str]:
    @functools.cache
    def icons(codes: tuple[str, ...]) -> str:
        return "".join(STATUSES[code][0] for code in codes)

    return icons


def _target_json(target: Target) -> dict[str, object]:
    return {"cell": target.key, "start": target.start, "table": target.table,
            "allowed": target.allowed, "current": target.current, "reason": target.reason}


@bp.get("/events/<int:event_id>/schedule/interviews/<int:interview_id>/targets")
def schedule_targets(event_id: int, interview_id: int) -> ResponseReturnValue:
    """The cells an interview may be dropped on, and why each other cell is refused."""
    event = load_event(event_id)
    interview = _load_interview(event, interview_id)
    return jsonify(interview=interview.id, employer=interview.employer_id,
                   targets=[_target_json(t) for t in move_targets(interview)])


def _parse_cell(raw: str) -> tuple[int, int] | None:
    start, _sep, table = raw.partition("-")
    if not (start.isdigit() and table.isdigit()):
        return None
    return int(start), int(table)


def _place_page(event: Event, interview: Interview, *, message: str = "",
                broken: list[dict[str, str]] | None = None, status: int = 200,
                preview: object = None, chosen: str = "") -> ResponseReturnValue:
    names = names_for(event, current_language())
    return render_template(
        "staff/schedule/place.html", event=event, interview=interview,
        candidate=names.person(f"C{interview.candidate_id}"),
        vacancy=names.vacancy(f"E{interview.employer_id}-V{interview.vacancy_id}"),
        targets=move_targets(interview), message=message, broken=broken or [],
        preview=preview, chosen=chosen, confirm_form=ConfirmForm(),
        filter_args=_filter_args(),
    ), status


@bp.route("/events/<int:event_id>/schedule/interviews/<int:interview_id>/place",
          methods=["GET", "POST"])
def schedule_place(event_id: int, interview_id: int) -> ResponseReturnValue:
    """Move an interview to a cell, through the change path, showing first what it would
    send. GET is the keyboard way: every cell it may go to, as a list to choose from; a drop
    on the board posts the same form."""
    event = load_event(event_id)
    interview = _load_interview(event, interview_id)
    if request.method == "GET":
        return _place_page(event, interview)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    raw = request.form.get("cell", "")
    cell = _parse_cell(raw)
    if cell is None:
        return _place_page(event, interview, status=400,
                           message=_("Choose where the interview should go."))
    target = next((t for t in move_targets(interview) if (t.start, t.table) == cell), None)
    if target is None:
        return _place_page(event, interview, status=400,
                           message=_("That cell is not one of this employer's slots."))
    if not target.allowed:
        return _place_page(event, interview, status=409 if target.current else 400,
                           message=target.reason, chosen=raw)
    lock = request.form.get("lock") == "1"
    by = staff_user()

    def change() -> None:
        row = _load_interview(event, interview_id)
        operations.move_interview(row, start_minute=cell[0], table_no=cell[1], by=by)
        if lock and not row.locked:
            operations.set_locked(row, True, by)
        notify_changes(row.event, reason="interview.move")

    try:
        if request.form.get("confirm_messages") != "1":
            counts = preview_messages(event, change)
            if counts.total:
                event = load_event(event_id)
                return _place_page(event, _load_interview(event, interview_id),
                                   preview=counts, chosen=raw)
            event = load_event(event_id)
        change()
    except operations.ScheduleError as error:
        db.session.rollback()
        event = load_event(event_id)
        names = names_for(event, current_language())
        broken = [{"label": rule_label(v.rule), "detail": humanise(v.message, names)}
                  for v in error.rules]
        return _place_page(event, _load_interview(event, interview_id),
                           message=str(error.message), broken=broken, status=error.status,
                           chosen=raw)
    db.session.commit()
    flash(_("The interview was moved."), "success")
    args: dict[str, Any] = {**_filter_args(), "moved": interview_id}
    return redirect(url_for("staff.schedule_board", event_id=event_id,
                            _anchor=f"i{interview_id}", **args))


def _load_candidate(event: Event, candidate_id: int) -> Candidate:
    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None or candidate.event_id != event.id:
        abort(404)
    return candidate


def _vacancy_choices(event: Event, candidate: Candidate) -> list[tuple[Vacancy, int | None]]:
    """The event's open vacancies, those the young person ranked first (with their rank)."""
    ranks = {i.vacancy_id: i.rank for i in candidate.interests}
    vacancies = db.session.scalars(
        sa.select(Vacancy).join(Employer)
        .where(Employer.event_id == event.id, Employer.status == "approved")
        .order_by(Employer.company_name, Vacancy.title)
    ).all()
    return sorted(((v, ranks.get(v.id)) for v in vacancies),
                  key=lambda item: (item[1] is None, item[1] or 0))


def _add_page(event: Event, candidate: Candidate, vacancy: Vacancy | None, *,
              message: str = "", broken: list[dict[str, str]] | None = None,
              status: int = 200, preview: object = None,
              chosen: str = "") -> ResponseReturnValue:
    return render_template(
        "staff/schedule/add.html", event=event, candidate=candidate, vacancy=vacancy,
        choices=_vacancy_choices(event, candidate),
        targets=cell_targets(vacancy.employer, candidate) if vacancy is not None else [],
        message=message, broken=broken or [], preview=preview, chosen=chosen,
        confirm_form=ConfirmForm(),
    ), status


@bp.route("/events/<int:event_id>/schedule/people/<int:candidate_id>/add",
          methods=["GET", "POST"])
@audited_read("candidate.view", Candidate, "candidate_id")
def schedule_add(event_id: int, candidate_id: int) -> ResponseReturnValue:
    """Add an interview to the draft by hand: pick the vacancy, then a cell where it fits."""
    event = load_event(event_id)
    candidate = _load_candidate(event, candidate_id)
    vacancy_id = _id_arg("vacancy")
    vacancy = db.session.get(Vacancy, vacancy_id) if vacancy_id else None
    if vacancy is not None and vacancy.employer.event_id != event.id:
        vacancy = None
    if request.method == "GET":
        return _add_page(event, candidate, vacancy)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if vacancy is None:
        return _add_page(event, candidate, None, status=400,
                         message=_("Choose the vacancy first."))
    raw = request.form.get("cell", "")
    cell = _parse_cell(raw)
    target = next((t for t in cell_targets(vacancy.employer, candidate)
                   if cell is not None and (t.start, t.table) == cell), None)
    if cell is None or target is None:
        return _add_page(event, candidate, vacancy, status=400,
                         message=_("Choose where the interview should go."))
    if not target.allowed:
        return _add_page(event, candidate, vacancy, status=400, message=target.reason,
                         chosen=raw)
    lock = request.form.get("lock") == "1"
    by = staff_user()
    ids = (candidate.id, vacancy.id)

    def change() -> Interview:
        person, job = db.session.get(Candidate, ids[0]), db.session.get(Vacancy, ids[1])
        assert person is not None and job is not None
        added = operations.add_interview(load_event(event_id), person, job,
                                         start_minute=cell[0], table_no=cell[1], by=by)
        if lock:
            operations.set_locked(added, True, by)
        notify_changes(added.event, reason="interview.add")
        return added

    try:
        if request.form.get("confirm_messages") != "1":
            counts = preview_messages(event, change)
            if counts.total:
                event = load_event(event_id)
                return _add_page(event, _load_candidate(event, ids[0]),
                                 db.session.get(Vacancy, ids[1]), preview=counts, chosen=raw)
        added = change()
    except operations.ScheduleError as error:
        db.session.rollback()
        event = load_event(event_id)
        names = names_for(event, current_language())
        broken = [{"label": rule_label(v.rule), "detail": humanise(v.message, names)}
                  for v in error.rules]
        return _add_page(event, _load_candidate(event, ids[0]), db.session.get(Vacancy, ids[1]),
                         message=str(error.message), broken=broken, status=error.status,
                         chosen=raw)
    db.session.commit()
    flash(_("The interview was added to the draft."), "success")
    return redirect(url_for("staff.schedule_board", event_id=event_id, person=ids[0],
                            _anchor=f"i{added.id}"))
