"""How API writes end: committed, or refused as a problem with nothing saved."""

from __future__ import annotations

from flask import Response
from flask_babel import lazy_gettext as _l
from flask_smorest import Blueprint
from sqlalchemy.exc import IntegrityError

from recruit.api.form_input import InputRefused
from recruit.api.problems import DETAILS, problem
from recruit.booking.operations import BookingError
from recruit.extensions import db
from recruit.people.operations import OperationError
from recruit.reports.corrections import CorrectionRefused
from recruit.scheduling.publishing import ScheduleError


class Conflict(Exception):
    pass


def commit_or_refuse() -> None:
    """Commit; a rule the database enforces (someone else got there first) becomes a 409."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict() from None


def _input_refused(error: InputRefused) -> Response:
    db.session.rollback()
    return problem(422, DETAILS[422], errors=error.errors)


def _operation_refused(error: OperationError) -> Response:
    db.session.rollback()
    errors = [{"field": error.field or "", "message": str(error.message)}]
    return problem(422, error.message, errors=errors)


def _correction_refused(error: CorrectionRefused) -> Response:
    db.session.rollback()
    return problem(422, str(error.args[0]) if error.args else None)


def _schedule_refused(error: ScheduleError) -> Response:
    db.session.rollback()
    errors = [{"field": "", "message": str(rule.message)} for rule in error.rules]
    status = error.status if error.status != 400 else 409
    return problem(status, error.message, errors=errors)


def _booking_refused(error: BookingError) -> Response:
    db.session.rollback()
    return problem(409, str(getattr(error, "message", "") or error))


def _conflict(_error: Conflict) -> Response:
    return problem(409, _l("Someone else changed the same data at the same moment; read it "
                           "again and retry."))


def handle_refusals(blueprint: Blueprint) -> None:
    blueprint.register_error_handler(InputRefused, _input_refused)
    blueprint.register_error_handler(OperationError, _operation_refused)
    blueprint.register_error_handler(CorrectionRefused, _correction_refused)
    blueprint.register_error_handler(ScheduleError, _schedule_refused)
    blueprint.register_error_handler(BookingError, _booking_refused)
    blueprint.register_error_handler(Conflict, _conflict)
