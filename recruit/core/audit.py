"""Recording staff actions in the audit log (DESIGN §5: every staff action on personal data),
including what they read, and the question a young person asks of it: who viewed my data."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar, cast

import sqlalchemy as sa
from flask import g, has_request_context, make_response, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from recruit.extensions import db
from recruit.models.audit import AuditEntry
from recruit.models.event import Event


def record(
    action: str, obj: Any = None, user: Any = None, *, event_id: int | None = None
) -> AuditEntry:
    """Add an audit entry for `action` on `obj` by `user` (default: the logged-in staff user).

    Only the object's type and id are kept, never its contents, so the log itself holds no
    personal data. The entry joins the caller's transaction: it is saved if and only if the
    change it describes is.
    """
    if user is None and has_request_context() and current_user.is_authenticated:
        user = current_user
    if event_id is None and obj is not None:
        event_id = obj.id if isinstance(obj, Event) else getattr(obj, "event_id", None)
    if obj is not None and getattr(obj, "id", None) is None:
        db.session.flush()  # the object needs its id before we can point at it
    entry = AuditEntry(
        action=action,
        object_type=getattr(type(obj), "__tablename__", None) if obj is not None else None,
        object_id=getattr(obj, "id", None) if obj is not None else None,
        event_id=event_id,
        staff_user_id=getattr(user, "id", None),
        # The JSON API authenticates by token, not by a staff login (recruit.api.auth).
        api_token_id=g.get("api_token_id") if has_request_context() else None,
    )
    db.session.add(entry)
    return entry


# --- staff reads -------------------------------------------------------------------------------
# Opening a person's page, or taking a file of people out of the service, is itself an access
# to personal data. Each is one row like any other: who, the action, when, and which object
# (a person, or the event whose people a file lists), never the data shown.

# One person's page (the object is that person).
PERSON_READS = ("candidate.view", "employer.view")
# A list or file with the people of an event (the object is the event).
EVENT_EXPORTS = (
    "report.outcomes_export",
    "event.door_list",
    "event.text_messages",
    "schedule.print",
    "api.candidates_read",
    "api.employers_read",
    "api.outcomes_read",
)

ViewFunction = TypeVar("ViewFunction", bound=Callable[..., ResponseReturnValue])


def record_read(action: str, obj: Any) -> AuditEntry:
    """Record that staff (or an API token) read `obj`, and commit at once: a read changes
    nothing else, so there is no other transaction for the entry to join."""
    entry = record(action, obj)
    db.session.commit()
    return entry


def audited_read(action: str, model: type[Any], id_arg: str) -> Callable[[ViewFunction],
                                                                         ViewFunction]:
    """Decorate a staff view that shows the `model` row named by the URL's `id_arg`: every
    GET answered without an error records `action` on it (after the view, which has loaded
    the row, so this costs no extra query)."""

    def decorate(view: ViewFunction) -> ViewFunction:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> ResponseReturnValue:
            response = make_response(view(*args, **kwargs))
            if request.method == "GET" and response.status_code < 400:
                obj = db.session.get(model, kwargs[id_arg])
                if obj is not None:
                    record_read(action, obj)
            return response

        return cast(ViewFunction, wrapper)

    return decorate


@dataclass(frozen=True)
class PersonView:
    """One time someone at the centre looked at a young person's data."""

    at: datetime
    action: str
    staff_name: str | None  # None: through the JSON API (another system)
    through_api: bool


def views_of_person(candidate_id: int) -> list[PersonView]:
    """Who at the centre viewed this young person's data, and when, newest first: their own
    pages (PERSON_READS on them) and the files and lists of their event taken since they
    signed up (EVENT_EXPORTS)."""
    from recruit.models.candidate import Candidate
    from recruit.models.user import StaffUser

    candidate = db.session.get(Candidate, candidate_id)
    if candidate is None:
        return []
    own_page = sa.and_(
        AuditEntry.object_type == Candidate.__tablename__,
        AuditEntry.object_id == candidate_id,
        AuditEntry.action.in_(PERSON_READS),
    )
    event_files = sa.and_(
        AuditEntry.event_id == candidate.event_id,
        AuditEntry.action.in_(EVENT_EXPORTS),
        AuditEntry.at >= candidate.created_at,
    )
    rows = db.session.execute(
        sa.select(AuditEntry.at, AuditEntry.action, StaffUser.name, AuditEntry.api_token_id)
        .outerjoin(StaffUser, StaffUser.id == AuditEntry.staff_user_id)
        .where(sa.or_(own_page, event_files))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    return [
        PersonView(at=at, action=action, staff_name=name, through_api=token_id is not None)
        for at, action, name, token_id in rows
    ]
