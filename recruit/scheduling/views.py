"""Staff pages for building, editing and publishing an event's schedule (routes on `staff.bp`).

Thin handlers: load (404 for another event's objects) → validate the form → call an operation
→ commit → flash → redirect. A refused change is shown with the rule it would break and the
HTTP status of the refusal (400, or 409 for a clash with another change).
"""

from __future__ import annotations

from typing import Any, NoReturn

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from recruit.changes.notify import ChangeCounts
from recruit.changes.preview import preview_messages
from recruit.core.audit import record_read
from recruit.core.i18n import current_language
from recruit.core.staff import bp, load_event, staff_user
from recruit.extensions import db
from recruit.models import Event, Interview, PublishRun, ScheduleVersion, SolveRun, utcnow
from recruit.scheduling import fanout, solving
from recruit.scheduling import publishing as operations
from recruit.scheduling import queries as schedule_queries
from recruit.scheduling.board import (
    Screen,
    ScreenError,
    parse_screen,
    schedule_page,
    slot_starts,
    snapshot_grid,
)
from recruit.scheduling.forms import BuildForm, ConfirmForm, MoveForm
from recruit.scheduling.names import humanise, names_for
from recruit.scheduling.text import (
    build_step,
    rule_label,
    run_status_label,
    seconds_label,
    tier_label,
)


def _not_found() -> NoReturn:
    abort(404)


def _load_run(event: Event, run_id: int) -> SolveRun:
    # A run whose worker died is shown failed as soon as its lease runs out.
    return solving.retire_if_lost(schedule_queries.run_of(event, run_id) or _not_found())


def _load_interview(event: Event, interview_id: int) -> Interview:
    return schedule_queries.interview_of(event, interview_id) or _not_found()


def _refusal(error: operations.ScheduleError, event: Event) -> list[dict[str, str]]:
    """The rules an edit would break, readable: the rule's name and the validator's detail."""
    names = names_for(event, current_language())
    return [
        {"rule": v.rule, "label": rule_label(v.rule), "detail": humanise(v.message, names)}
        for v in error.rules
    ]


def _overview(event: Event, error: operations.ScheduleError | None = None,
              build_form: BuildForm | None = None, status: int = 200) -> ResponseReturnValue:
    latest = schedule_queries.latest_run(event)
    if latest is not None:
        solving.retire_if_lost(latest)
    screen_error = ""
    try:
        page = schedule_page(event, current_language(), parse_screen(request.args))
    except ScreenError:
        screen_error = _("There is no such page, hour or employer in this schedule; "
                         "showing the first page.")
        status = 400
        page = schedule_page(event, current_language(), Screen())
    # The explanation of the draft may have been computed (once per draft) and kept.
    db.session.commit()
    return render_template(
        "staff/schedule/overview.html",
        event=event,
        page=page,
        build_form=build_form or BuildForm(),
        confirm_form=ConfirmForm(),
        error=error,
        broken=_refusal(error, event) if error else [],
        screen_error=screen_error,
    ), status


@bp.get("/events/<int:event_id>/schedule")
def schedule(event_id: int) -> ResponseReturnValue:
    return _overview(load_event(event_id))


@bp.get("/events/<int:event_id>/schedule/print")
def schedule_print(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    page = schedule_page(event, current_language())
    record_read("schedule.print", event)  # commits, the explanation kept for the draft too
    return render_template("staff/schedule/print.html", event=event, page=page)


@bp.post("/events/<int:event_id>/schedule/build")
def schedule_build(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    form = BuildForm()
    if not form.validate_on_submit():
        return _overview(event, build_form=form, status=400)
    try:
        run = solving.start_build(
            event, staff_user(), time_limit=form.time_limit.data, seed=form.seed.data or 0,
            improve_waiting=form.improve_waiting.data,
        )
    except operations.ScheduleError as error:
        db.session.rollback()
        return _overview(event, error=error, status=error.status)
    return redirect(url_for("staff.schedule_run", event_id=event.id, run_id=run.id))


def _elapsed(run: SolveRun) -> float:
    if run.started_at is None:
        return 0.0
    return round(((run.finished_at or utcnow()) - run.started_at).total_seconds(), 1)


def _progress_rows(run: SolveRun) -> list[dict[str, Any]]:
    objectives = (run.progress or {}).get("objectives", {})
    return [{"label": tier_label(name), "value": value} for name, value in objectives.items()]


def _step(run: SolveRun) -> dict[str, Any]:
    finished = run.status not in schedule_queries.ACTIVE_STATUSES
    step, steps, label = build_step((run.progress or {}).get("stage"), finished)
    placed = (run.progress or {}).get("objectives", {}).get("covered")
    return {
        "step": step,
        "steps": steps,
        "step_label": _("Step %(step)s of %(steps)s: %(what)s", step=step, steps=steps,
                        what=label),
        "placed_label": (
            ngettext("So far %(num)d young person has an interview.",
                     "So far %(num)d young people have an interview.", placed)
            if isinstance(placed, int) else ""
        ),
    }


@bp.get("/events/<int:event_id>/schedule/runs/<int:run_id>")
def schedule_run(event_id: int, run_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    run = _load_run(event, run_id)
    names = names_for(event, current_language())
    return render_template(
        "staff/schedule/run.html",
        event=event,
        run=run,
        status_label=run_status_label(run.status),
        elapsed_label=seconds_label(_elapsed(run)),
        time_limit_label=seconds_label(run.time_limit),
        best=_progress_rows(run),
        step=_step(run),
        error_lines=[humanise(line, names) for line in (run.error or "").splitlines()],
        confirm_form=ConfirmForm(),
    )


@bp.get("/events/<int:event_id>/schedule/runs/<int:run_id>/status")
def schedule_run_status(event_id: int, run_id: int) -> ResponseReturnValue:
    """The run as JSON for the progress page's poller (schedule.js)."""
    event = load_event(event_id)
    run = _load_run(event, run_id)
    elapsed = _elapsed(run)
    return jsonify(
        status=run.status,
        status_label=run_status_label(run.status),
        finished=run.status not in schedule_queries.ACTIVE_STATUSES,
        elapsed=elapsed,
        elapsed_label=seconds_label(elapsed),
        best=_progress_rows(run),
        stop_requested=run.stop_requested,
        **_step(run),
    )


@bp.post("/events/<int:event_id>/schedule/runs/<int:run_id>/stop")
def schedule_stop(event_id: int, run_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    run = _load_run(event, run_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        solving.request_stop(run, staff_user())
    except operations.ScheduleError as error:
        flash(str(error.message), "warning")
        return redirect(url_for("staff.schedule_run", event_id=event.id, run_id=run.id))
    db.session.commit()
    flash(_("Stopping: the best schedule found so far is kept."), "info")
    return redirect(url_for("staff.schedule_run", event_id=event.id, run_id=run.id))


def _move_form(event: Event, interview: Interview) -> MoveForm:
    form = MoveForm()
    form.offer(slot_starts(event, interview), interview.employer.tables)
    if not form.is_submitted():
        form.start_minute.data, form.table_no.data = interview.start_minute, interview.table_no
    return form


def _interview_page(event: Event, interview: Interview, form: MoveForm,
                    error: operations.ScheduleError | None = None,
                    status: int = 200) -> ResponseReturnValue:
    names = names_for(event, current_language())
    return render_template(
        "staff/schedule/interview.html",
        event=event,
        interview=interview,
        candidate=names.person(f"C{interview.candidate_id}"),
        vacancy=names.vacancy(f"E{interview.employer_id}-V{interview.vacancy_id}"),
        form=form,
        confirm_form=ConfirmForm(),
        error=error,
        broken=_refusal(error, event) if error else [],
    ), status


def _person_name(event: Event, interview: Interview) -> str:
    return str(names_for(event, current_language()).person(f"C{interview.candidate_id}"))


def _confirm_page(event: Event, interview: Interview, counts: ChangeCounts, *, heading: str,
                  explanation: str, action: str, fields: dict[str, str]) -> ResponseReturnValue:
    """What a change to one interview will send; confirming posts it again with `fields`."""
    return render_template(
        "staff/changes/confirm.html", event=event, nav="staff.schedule", preview=counts,
        heading=heading, explanation=explanation, action=action,
        fields=fields, confirm_label=_("Confirm and send"),
        back_url=url_for("staff.schedule_interview", event_id=event.id,
                         interview_id=interview.id),
        back_label=_("Back without changing anything"),
    )


@bp.route("/events/<int:event_id>/schedule/interviews/<int:interview_id>",
          methods=["GET", "POST"])
def schedule_interview(event_id: int, interview_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    interview = _load_interview(event, interview_id)
    form = _move_form(event, interview)
    if not form.is_submitted():
        return _interview_page(event, interview, form)
    if not form.validate():
        return _interview_page(event, interview, form, status=400)
    start, table, by = form.start_minute.data, form.table_no.data, staff_user()

    def change() -> None:
        operations.move_interview(_load_interview(event, interview_id), start_minute=start,
                                  table_no=table, by=by)

    try:
        if request.form.get("confirm_messages") != "1":
            counts = preview_messages(event, change)
            event = load_event(event_id)
            if counts.total:
                interview = _load_interview(event, interview_id)
                return _confirm_page(
                    event, interview, counts,
                    heading=_("Move the interview of %(name)s",
                              name=_person_name(event, interview)),
                    explanation=_("Everyone who was told of this interview gets the new "
                                  "time in their calendar."),
                    action=url_for("staff.schedule_interview", event_id=event.id,
                                   interview_id=interview_id),
                    fields={"start_minute": str(start), "table_no": str(table)},
                )
        change()
    except operations.ScheduleError as error:
        db.session.rollback()
        interview = _load_interview(event, interview_id)
        return _interview_page(event, interview, form, error, error.status)
    db.session.commit()
    flash(_("The interview was moved."), "success")
    return redirect(url_for("staff.schedule", event_id=event.id, _anchor=f"i{interview.id}"))


def _interview_action(event_id: int, interview_id: int, action: str) -> ResponseReturnValue:
    event = load_event(event_id)
    interview = _load_interview(event, interview_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        if action == "remove" and request.form.get("confirm_messages") != "1":
            by = staff_user()
            counts = preview_messages(
                event, lambda: operations.remove_interview(interview, by)
            )
            event = load_event(event_id)
            interview = _load_interview(event, interview_id)
            if counts.total:
                back = request.form.get("back", "")
                return _confirm_page(
                    event, interview, counts,
                    heading=_("Remove the interview of %(name)s",
                              name=_person_name(event, interview)),
                    explanation=_("The interview is cancelled now: everyone who was told of "
                                  "it gets a calendar cancellation."),
                    action=url_for("staff.schedule_remove", event_id=event.id,
                                   interview_id=interview_id),
                    fields={"back": back} if back else {},
                )
        if action == "remove":
            operations.remove_interview(interview, staff_user())
        else:
            operations.set_locked(interview, action == "lock", staff_user())
    except operations.ScheduleError as error:
        db.session.rollback()
        interview = _load_interview(event, interview_id)
        return _interview_page(event, interview, _move_form(event, interview), error,
                               error.status)
    db.session.commit()
    messages = {
        "remove": _("The interview was removed from the draft."),
        "lock": _("The interview is locked: the next build keeps it."),
        "unlock": _("The interview is unlocked."),
    }
    flash(messages[action], "success")
    if request.form.get("back") == "board":
        return redirect(url_for("staff.schedule_board", event_id=event.id,
                                _anchor=f"i{interview.id}"))
    return redirect(url_for("staff.schedule", event_id=event.id))


@bp.post("/events/<int:event_id>/schedule/interviews/<int:interview_id>/lock")
def schedule_lock(event_id: int, interview_id: int) -> ResponseReturnValue:
    return _interview_action(event_id, interview_id, "lock")


@bp.post("/events/<int:event_id>/schedule/interviews/<int:interview_id>/unlock")
def schedule_unlock(event_id: int, interview_id: int) -> ResponseReturnValue:
    return _interview_action(event_id, interview_id, "unlock")


@bp.post("/events/<int:event_id>/schedule/interviews/<int:interview_id>/remove")
def schedule_remove(event_id: int, interview_id: int) -> ResponseReturnValue:
    return _interview_action(event_id, interview_id, "remove")


@bp.post("/events/<int:event_id>/schedule/publish")
def schedule_publish(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    confirm_form = ConfirmForm()
    if not confirm_form.validate_on_submit():
        abort(400)
    try:
        if request.form.get("confirm_messages") != "1":
            # First show what publishing will send; the confirm button posts again.
            counts = fanout.preview_publish(event, staff_user())
            event = load_event(event_id)
            return render_template("staff/schedule/publish_confirm.html", event=event,
                                   preview=counts, confirm_form=confirm_form)
        # The version is recorded now; the messages are queued by a background job.
        run = fanout.publish_in_background(event, staff_user())
    except operations.ScheduleError as error:
        db.session.rollback()
        return _overview(event, error=error, status=error.status)
    number = db.session.get(ScheduleVersion, run.version_id).number  # type: ignore[union-attr]
    flash(_("Version %(number)s of the schedule is published.", number=number), "success")
    return redirect(url_for("staff.schedule_publishing", event_id=event_id, run_id=run.id))


def _load_publish(event: Event, run_id: int) -> PublishRun:
    # A run whose job died is queued again as soon as its lease runs out.
    return fanout.resume_if_lost(fanout.run_of(event, run_id) or _not_found())


def _publish_progress(run: PublishRun) -> dict[str, Any]:
    finished = run.status not in fanout.ACTIVE
    return {
        "status": run.status,
        "status_label": run_status_label(run.status),
        "finished": finished,
        "step": run.people_done,
        "steps": max(run.people_total, 1),
        "step_label": _("%(done)s of %(total)s young people told", done=run.people_done,
                        total=run.people_total),
        "placed_label": ngettext("%(num)d message queued so far.",
                                 "%(num)d messages queued so far.", run.messages_queued),
        "elapsed": _publish_elapsed(run),
        "elapsed_label": seconds_label(_publish_elapsed(run)),
    }


def _publish_elapsed(run: PublishRun) -> float:
    if run.started_at is None:
        return 0.0
    end = run.finished_at or utcnow()
    return round(max(0.0, (end - run.started_at).total_seconds()), 1)


@bp.get("/events/<int:event_id>/schedule/publishes/<int:run_id>")
def schedule_publishing(event_id: int, run_id: int) -> ResponseReturnValue:
    """The messages of a publish being queued: a progress bar the page polls."""
    event = load_event(event_id)
    run = _load_publish(event, run_id)
    version = db.session.get(ScheduleVersion, run.version_id)
    return render_template("staff/schedule/publishing.html", event=event, run=run,
                           version=version, progress=_publish_progress(run))


@bp.get("/events/<int:event_id>/schedule/publishes/<int:run_id>/status")
def schedule_publishing_status(event_id: int, run_id: int) -> ResponseReturnValue:
    """The publish's progress as JSON for the page's poller (schedule.js)."""
    event = load_event(event_id)
    return jsonify(best=[], **_publish_progress(_load_publish(event, run_id)))


@bp.post("/events/<int:event_id>/schedule/publishes/<int:run_id>/retry")
def schedule_publishing_retry(event_id: int, run_id: int) -> ResponseReturnValue:
    """Queue a failed publish's job again: it goes on after what it already queued."""
    event = load_event(event_id)
    run = fanout.run_of(event, run_id) or _not_found()
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        fanout.retry(run, staff_user())
    except operations.ScheduleError as error:
        db.session.rollback()
        abort(error.status)
    return redirect(url_for("staff.schedule_publishing", event_id=event_id, run_id=run.id))


@bp.get("/events/<int:event_id>/schedule/versions/<int:number>")
def schedule_version(event_id: int, number: int) -> ResponseReturnValue:
    event = load_event(event_id)
    version = schedule_queries.version_of(event, number) or _not_found()
    names = names_for(event, current_language())
    return render_template(
        "staff/schedule/version.html",
        event=event,
        version=version,
        grid=snapshot_grid(version.snapshot, names),
    )
