"""The optional second factor: a TOTP code (RFC 6238, 6 digits every 30 s) from an
authenticator app, with pyotp.

A staff member enrols from their own page (the secret waits in their session until a first
code proves the app has it); an admin can require it of everyone and reset anyone's. A code
is accepted once: the step of the last accepted code is stored, and an older or equal step
is refused, so a code seen over someone's shoulder cannot be used again.
"""

from __future__ import annotations

import hmac
import time

import pyotp
from flask import current_app

from recruit.core import audit
from recruit.extensions import db
from recruit.models import StaffPolicy, StaffUser

STEP_SECONDS = 30
# One step either side: a phone's clock a little off, or a code typed at the turn of a step.
DRIFT_STEPS = 1
ISSUER = "Täsmärekry"


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str) -> str:
    """The otpauth:// address the QR code carries."""
    issuer = current_app.config.get("TOTP_ISSUER", ISSUER)
    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def _clean(code: str) -> str:
    return "".join(code.split())


def _matching_step(secret: str, code: str, now: float) -> int | None:
    code = _clean(code)
    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int(now // STEP_SECONDS)
    for step in range(current - DRIFT_STEPS, current + DRIFT_STEPS + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def check_code(user: StaffUser, code: str, now: float | None = None) -> bool:
    """True if `code` is a fresh code of `user`'s second factor (and marks it used)."""
    if not user.totp_secret:
        return False
    step = _matching_step(user.totp_secret, code, time.time() if now is None else now)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    return True


def enrol(user: StaffUser, secret: str, code: str, now: float | None = None) -> bool:
    """Save `secret` as `user`'s second factor if `code` proves the app has it."""
    step = _matching_step(secret, code, time.time() if now is None else now)
    if step is None:
        return False
    user.totp_secret = secret
    user.totp_last_step = step
    audit.record("staff_user.second_factor_enrol", user, user)
    db.session.flush()
    return True


def remove(user: StaffUser, by: StaffUser) -> bool:
    """Remove `user`'s second factor (their own choice, or an admin's reset); False if none."""
    if not user.totp_secret:
        return False
    user.totp_secret = None
    user.totp_last_step = None
    audit.record("staff_user.second_factor_reset" if by.id != user.id
                 else "staff_user.second_factor_remove", user, by)
    db.session.flush()
    return True


def policy() -> StaffPolicy:
    return db.session.get(StaffPolicy, 1) or StaffPolicy(id=1, require_second_factor=False)


def set_required(required: bool, by: StaffUser) -> None:
    row = db.session.get(StaffPolicy, 1)
    if row is None:
        row = StaffPolicy(id=1)
        db.session.add(row)
    row.require_second_factor = required
    db.session.flush()
    audit.record("staff_policy.second_factor_required" if required
                 else "staff_policy.second_factor_optional", None, by)


def required() -> bool:
    return policy().require_second_factor
