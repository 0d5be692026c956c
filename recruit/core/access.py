"""Which staff member may see which event: the one place that decides it.

An admin sees every event; a coordinator only the events they coordinate
(`EventCoordinator`). Every staff route whose URL names an event goes through
`guard_event_in_url` (a `before_request` of the staff and report blueprints), so a new page
cannot forget the check; lists filter with `visible_event_ids`; a staff route that finds its
event through a token instead calls `require_visible_event`. An event the reader may not
see answers 404, as one that does not exist.

Admin-only pages (staff accounts, cards, API tokens, the audit log) are listed in
`ADMIN_ENDPOINTS`, checked by the same guard.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, request
from flask_login import current_user

from recruit.extensions import db
from recruit.models import Event, EventCoordinator, StaffUser

ADMIN_ENDPOINTS = frozenset({
    "staff.cards", "staff.card_active", "staff.api_tokens", "staff.api_token_revoke",
    "staff.accounts", "staff.account_update", "staff.audit_log_page",
    "staff.account_second_factor_reset", "staff.account_policy",
})


def visible_event_ids(user: StaffUser) -> sa.Select[Any]:
    """A select of the ids of the events `user` may see (for `Event.id.in_(...)`)."""
    if user.is_admin:
        return sa.select(Event.id)
    return sa.select(EventCoordinator.event_id).where(EventCoordinator.staff_user_id == user.id)


def only_visible(query: sa.Select[Any], user: StaffUser) -> sa.Select[Any]:
    """`query` (over Event) narrowed to the events `user` may see."""
    if user.is_admin:
        return query
    return query.where(Event.id.in_(visible_event_ids(user)))


def can_see_event(user: StaffUser, event_id: int) -> bool:
    if user.is_admin:
        return True
    return db.session.get(EventCoordinator, (event_id, user.id)) is not None


def require_visible_event(event_id: int) -> None:
    """404 unless the logged-in staff member may see the event: for the few staff routes that
    reach an event through a token rather than the URL (the door's check-in code)."""
    if not can_see_event(current_user._get_current_object(), event_id):
        abort(404)


def guard_event_in_url() -> None:
    """404 for an event the logged-in staff member may not see; 403 for an admin page."""
    if not current_user.is_authenticated:
        return  # the login guard that runs first has already answered
    user = current_user._get_current_object()
    if request.endpoint in ADMIN_ENDPOINTS and not user.is_admin:
        abort(403)
    event_id = (request.view_args or {}).get("event_id")
    if isinstance(event_id, int) and not can_see_event(user, event_id):
        abort(404)
