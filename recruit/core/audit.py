"""Recording staff actions in the audit log (DESIGN §5: every staff action on personal data)."""

from __future__ import annotations

from typing import Any

from flask import g, has_request_context
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
