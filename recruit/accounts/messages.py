"""The e-mails of staff accounts: an invitation and a password reset, each with a one-time
link (its placeholder; the sender puts the token in). Sent through the outbox like every
other message; they belong to no event."""

from __future__ import annotations

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from recruit.accounts.links import lifetime
from recruit.core.links import absolute_url
from recruit.extensions import db
from recruit.mail.outbox import queue_message
from recruit.models import StaffUser

KINDS = {"invite": "staff_invite", "password_reset": "staff_password_reset"}
LOCALES = ("fi", "sv", "en")


def queue_account_mail(
    user: StaffUser, purpose: str, placeholder: str, locale: str | None = None
) -> None:
    locale = locale or user.locale
    if locale not in LOCALES:
        locale = current_app.config.get("BABEL_DEFAULT_LOCALE", "fi")
    kind = KINDS[purpose]
    url = absolute_url("auth.set_password", token=placeholder)
    minutes = int(lifetime(purpose).total_seconds() // 60)
    with force_locale(locale):
        subject = (_("You are invited to the Täsmärekry scheduler") if purpose == "invite"
                   else _("Set a new password for the Täsmärekry scheduler"))
        context = {"name": user.name, "link_url": url, "hours": minutes // 60,
                   "minutes": minutes, "subject": subject, "locale": locale,
                   "email": user.email}
        text = render_template(f"email/{kind}.txt", **context)
        html = render_template(f"email/{kind}.html", **context)
    queue_message(db.session, to=user.email, subject=subject, text=text, html=html,
                  locale=locale, kind=kind, event_id=None)
