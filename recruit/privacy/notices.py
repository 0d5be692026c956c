"""Privacy notices with a version, and consent that points to the exact text shown.

The notice texts live in the repository: `templates/privacy/_youth_notice.html` and
`_employer_notice.html`, translated to fi/sv/en in the message catalogues, labelled with
`PRIVACY_NOTICE_VERSION`. What a person is shown is that template rendered for their event
and language; its sha256 identifies it. When someone consents, the text is stored once in
`privacy_notice` (`notice_for`) and their record keeps the hash (`record_consent`).

A new version is a changed text (a new label, a reworded paragraph, or the event's retention
period or organiser changed): the hash of what the person agreed to is then none of the
current texts, and their link asks again before anything else (`needs_consent_again`).
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask import current_app, render_template
from flask_babel import force_locale
from markupsafe import Markup

from recruit.core.i18n import LANGUAGE_NAMES
from recruit.extensions import db
from recruit.models import Candidate, Employer, Event, PrivacyNotice, utcnow

YOUTH = "youth"
EMPLOYER = "employer"


def current_version() -> str:
    return str(current_app.config["PRIVACY_NOTICE_VERSION"])


def render_notice(audience: str, event: Event, locale: str) -> str:
    """The notice for `audience` at `event`, in `locale`, as HTML."""
    with force_locale(locale):
        return render_template(f"privacy/_{audience}_notice.html", event=event,
                               version=current_version()).strip()


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def notice_html(audience: str, event: Event, locale: str) -> Markup:
    """The notice to show on a page (the same text a consent given now points to)."""
    return Markup(render_notice(audience, event, locale))


def notice_for(audience: str, event: Event, locale: str) -> PrivacyNotice:
    """The stored notice as it reads now, stored first if this text was never shown; flushes.

    Two people consenting to a new text at the same moment both end with the same row: the
    loser of the insert finds the winner's.
    """
    text = render_notice(audience, event, locale)
    digest = text_hash(text)
    stored = db.session.scalar(sa.select(PrivacyNotice).where(PrivacyNotice.sha256 == digest))
    if stored is not None:
        return stored
    notice = PrivacyNotice(sha256=digest, audience=audience, locale=locale,
                           version=current_version(), text=text)
    try:
        with db.session.begin_nested():
            db.session.add(notice)
    except sa.exc.IntegrityError:
        found = db.session.scalar(
            sa.select(PrivacyNotice).where(PrivacyNotice.sha256 == digest))
        assert found is not None  # the row that won the race
        return found
    return notice


def record_consent(person: Candidate | Employer, audience: str, event: Event,
                   locale: str) -> PrivacyNotice:
    """Record that `person` accepted the notice as it reads now in `locale`; flushes."""
    notice = notice_for(audience, event, locale)
    person.consent_version = notice.version
    person.consent_notice_sha256 = notice.sha256
    person.consent_at = utcnow()
    return notice


def needs_consent_again(person: Candidate | Employer, audience: str) -> bool:
    """Whether the notice changed since `person` consented, so their link asks again.

    People with no consent on record (signed up by staff on their behalf) are not asked here:
    staff recorded their agreement when they signed them up. Records from before texts were
    stored are compared by the version label.
    """
    if person.consent_version is None or getattr(person, "consent_withdrawn_at", None):
        return False
    if person.consent_notice_sha256 is None:
        return person.consent_version != current_version()
    event = person.event
    # The person's own language first: one rendering in the common case.
    order = [person.locale, *(code for code in LANGUAGE_NAMES if code != person.locale)]
    return all(text_hash(render_notice(audience, event, code)) != person.consent_notice_sha256
               for code in order)


def consented_notice(person: Candidate | Employer) -> PrivacyNotice | None:
    """The exact notice `person` consented to, when it was stored."""
    if person.consent_notice_sha256 is None:
        return None
    return db.session.scalar(
        sa.select(PrivacyNotice).where(PrivacyNotice.sha256 == person.consent_notice_sha256))
