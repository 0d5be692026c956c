"""Staff accounts (the organisers). Youth and employers never log in; they use private links."""

from __future__ import annotations

import contextlib
import functools
import secrets
from datetime import datetime

import sqlalchemy as sa
from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column

from recruit.extensions import Model, db, login_manager
from recruit.models.base import UTCDateTime, one_of, utcnow

# admin: staff accounts, cards, API tokens, the audit log and every event;
# coordinator: the events they created or were added to (`EventCoordinator`).
ROLE_ADMIN = "admin"
ROLE_COORDINATOR = "coordinator"
STAFF_ROLES = (ROLE_ADMIN, ROLE_COORDINATOR)

# Argon2id with the library's recommended parameters. Tests set ARGON2_PROFILE = "cheapest"
# (still Argon2id, with minimal cost) because hundreds of logins at ~0.4 s each add up.
_HASHERS = {
    "default": PasswordHasher(),
    "cheapest": PasswordHasher.from_parameters(profiles.CHEAPEST),
}


def _hasher() -> PasswordHasher:
    profile = current_app.config.get("ARGON2_PROFILE", "default") if has_app_context() else None
    return _HASHERS.get(profile or "default", _HASHERS["default"])


class StaffUser(UserMixin, Model):
    __tablename__ = "staff_user"
    __table_args__ = (
        # Addresses are stored lower-case so that the unique index is case-insensitive
        # on both engines.
        sa.CheckConstraint("email = lower(email)", name="email_lower_case"),
        sa.CheckConstraint("locale IS NULL OR locale IN ('fi', 'sv', 'en')", name="locale_known"),
        sa.CheckConstraint(one_of("role", STAFF_ROLES), name="role_known"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    is_active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    locale: Mapped[str | None] = mapped_column(sa.String(5))
    role: Mapped[str] = mapped_column(
        sa.String(16), default=ROLE_COORDINATOR, server_default=ROLE_COORDINATOR
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The second factor (TOTP, RFC 6238): the base32 secret the authenticator app holds, and
    # the last 30-second step whose code was accepted, so a code works only once.
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)

    def __repr__(self) -> str:
        return f"<StaffUser {self.id}>"

    @property
    def is_admin(self) -> bool:
        return self.role == ROLE_ADMIN

    @staticmethod
    def normalise_email(email: str) -> str:
        return email.strip().lower()

    def set_password(self, password: str) -> None:
        self.password_hash = _hasher().hash(password)

    def check_password(self, password: str) -> bool:
        """True if `password` matches; upgrades the stored hash when Argon2's defaults grew."""
        try:
            _hasher().verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False
        if _hasher().check_needs_rehash(self.password_hash):
            self.set_password(password)
        return True

    @classmethod
    def by_email(cls, email: str) -> StaffUser | None:
        return db.session.scalar(sa.select(cls).where(cls.email == cls.normalise_email(email)))


@functools.cache
def _dummy_hash(profile: str) -> str:
    return _HASHERS[profile].hash(secrets.token_hex(16))


def verify_dummy_password(password: str) -> None:
    """Spend as long as a real check, so a login for an unknown address is not faster than
    one with a wrong password (no account enumeration by timing)."""
    hasher = _hasher()
    profile = next(name for name, candidate in _HASHERS.items() if candidate is hasher)
    with contextlib.suppress(VerificationError):
        hasher.verify(_dummy_hash(profile), password)


@login_manager.user_loader
def load_staff_user(user_id: str) -> StaffUser | None:
    if not user_id.isdigit():
        return None
    user = db.session.get(StaffUser, int(user_id))
    return user if user is not None and user.is_active else None
