"""The steps a young person's and an employer's data pages share: an action that cannot be
undone, confirmed with a "yes, I am sure" box (erasing, withdrawing consent), and the privacy
notice shown again. The two audiences differ in their words and in what the action does,
not in these steps."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import abort, current_app, redirect, render_template
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from recruit.booking.forms import ActionForm
from recruit.core.i18n import current_language
from recruit.extensions import db
from recruit.models import Event
from recruit.privacy import notices
from recruit.privacy.forms import SureForm


def action_rate() -> str:
    """How often one link may post to these pages (the limiter's rule)."""
    return str(current_app.config.get("YOUTH_ACTION_RATE_LIMIT", "60 per minute"))


def confirmed_action(
    form: SureForm, template: str, unticked: str, act: Callable[[], ResponseReturnValue],
    **context: Any,
) -> ResponseReturnValue:
    """The page `template` with `form` (its `sure` box and a button); `act` runs once the box
    is ticked. Unticked, the page comes back with `unticked` at the box (422); a post
    without a valid form (no CSRF token) is a 400."""
    if form.validate_on_submit():
        if not form.sure.data:
            form.sure.errors = [unticked]
            return render_template(template, form=form, **context), 422
        return act()
    if form.is_submitted():
        abort(400)
    return render_template(template, form=form, **context)


def consent_again_page(
    person: Any, audience: str, event: Event, token: str, *, done_url: str, decline_url: str,
    layout: str,
) -> ResponseReturnValue:
    """The privacy notice changed since `person` accepted it: shown before their own page
    (`done_url`), where accepting it leads and where they go when it needs nothing."""
    form = ActionForm()
    if form.validate_on_submit():
        notices.record_consent(person, audience, event, current_language())
        db.session.commit()
        return redirect(done_url)
    if form.is_submitted():
        abort(400)
    if not notices.needs_consent_again(person, audience):
        return redirect(done_url)
    return render_template(
        "privacy/consent_again.html", event=event, token=token, form=form,
        notice_html=notices.notice_html(audience, event, current_language()),
        decline_url=decline_url, layout=layout,
    )


def consented_notice_page(person: Any, event: Event, token: str, *, back: str,
                          layout: str) -> ResponseReturnValue:
    """The privacy notice exactly as `person` accepted it; 404 when none is stored."""
    notice = notices.consented_notice(person)
    if notice is None:
        abort(404)
    # The text is our own template's output, escaped when it was rendered and stored.
    return render_template("privacy/consented_notice.html", event=event, token=token,
                           notice=notice, notice_html=Markup(notice.text), back=back,
                           layout=layout)
