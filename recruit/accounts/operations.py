"""The business actions on staff accounts and event coordinators. They flush; the caller
commits. Each change is audited (ids only)."""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from recruit.accounts import links
from recruit.accounts.messages import queue_account_mail
from recruit.core import audit
from recruit.extensions import db
from recruit.models import Event, EventCoordinator, StaffUser, utcnow
from recruit.models.user import STAFF_ROLES

MIN_PASSWORD_LENGTH = 10


class AccountError(ValueError):
    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def all_staff() -> list[StaffUser]:
    return list(db.session.scalars(
        sa.select(StaffUser).order_by(StaffUser.is_active.desc(), StaffUser.name, StaffUser.id)
    ))


def invite(email: str, name: str, role: str, locale: str, by: StaffUser) -> StaffUser:
    """A new account without a usable password, and an e-mail with a link to set one."""
    if role not in STAFF_ROLES:
        raise AccountError(_l("Choose a role."), "role")
    if StaffUser.by_email(email) is not None:
        raise AccountError(_l("A staff account with this address already exists."), "email")
    user = StaffUser(email=StaffUser.normalise_email(email), name=name.strip(), role=role,
                     locale=locale)
    # Nobody knows this password: the invitee sets their own through the link.
    user.set_password(secrets.token_urlsafe(32))
    db.session.add(user)
    db.session.flush()
    queue_account_mail(user, "invite", links.issue_for_mail(user, "invite"))
    audit.record("staff_user.invite", user, by)
    return user


def update(user: StaffUser, *, role: str, active: bool, by: StaffUser) -> bool:
    """Change the role or (de)activate; False when nothing changed. Nobody changes their own
    account here, so an admin cannot lock the last admin out by a slip."""
    if user.id == by.id:
        raise AccountError(_l("You cannot change your own role or deactivate yourself."))
    if role not in STAFF_ROLES:
        raise AccountError(_l("Choose a role."), "role")
    changed = False
    if role != user.role:
        user.role = role
        audit.record("staff_user.role", user, by)
        changed = True
    if active != user.is_active:
        user.is_active = active
        if not active:
            links.retire(user)
        audit.record("staff_user.activate" if active else "staff_user.deactivate", user, by)
        changed = True
    db.session.flush()
    return changed


def request_password_reset(email: str, locale: str) -> None:
    """Mail a reset link if an active account has this address; otherwise do nothing. The
    caller answers the same either way (no way to learn which addresses have accounts)."""
    user = StaffUser.by_email(email)
    if user is None or not user.is_active:
        return
    queue_account_mail(user, "password_reset", links.issue_for_mail(user, "password_reset"),
                       locale=locale)
    audit.record("staff_user.password_reset_sent", user, user)


def set_password_with_link(link_token: str, password: str) -> StaffUser | None:
    """Set the password of the link's owner and use the link up; None for an unusable link."""
    link = links.resolve(link_token)
    if link is None:
        return None
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(_l("The password must have at least %(n)d characters.",
                              n=MIN_PASSWORD_LENGTH), "password")
    user = link.staff_user
    user.set_password(password)
    links.retire(user)
    audit.record(f"staff_user.password_set_by_{link.purpose}", user, user)
    db.session.flush()
    return user


# --- Event coordinators ------------------------------------------------------------------


def coordinators(event: Event) -> list[StaffUser]:
    return list(db.session.scalars(
        sa.select(StaffUser).join(EventCoordinator)
        .where(EventCoordinator.event_id == event.id).order_by(StaffUser.name, StaffUser.id)
    ))


def addable_coordinators(event: Event) -> list[StaffUser]:
    """Active coordinators not yet on the event (admins see every event anyway)."""
    already = sa.select(EventCoordinator.staff_user_id).where(EventCoordinator.event_id == event.id)
    return list(db.session.scalars(
        sa.select(StaffUser).where(
            StaffUser.is_active, StaffUser.role == "coordinator", StaffUser.id.not_in(already)
        ).order_by(StaffUser.name, StaffUser.id)
    ))


def add_coordinator(event: Event, user: StaffUser, by: StaffUser | None) -> bool:
    """Make `user` a coordinator of `event`; False when they already were."""
    if db.session.get(EventCoordinator, (event.id, user.id)) is not None:
        return False
    db.session.add(EventCoordinator(event_id=event.id, staff_user_id=user.id, added_at=utcnow()))
    db.session.flush()
    audit.record("event.coordinator_add", user, by, event_id=event.id)
    return True


def remove_coordinator(event: Event, user: StaffUser, by: StaffUser) -> bool:
    row = db.session.get(EventCoordinator, (event.id, user.id))
    if row is None:
        return False
    db.session.delete(row)
    db.session.flush()
    audit.record("event.coordinator_remove", user, by, event_id=event.id)
    return True
