"""The staff demo tool: fill an event with generated employers and youth (routes on `staff.bp`).

For trying the scheduler on a development or training server without typing in two hundred
people. Only there: with DEMO_TOOLS off (production) the route answers 404 and the event page
shows no button, so a real event cannot be mixed with invented people by a stray click.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from recruit.core import audit
from recruit.core.forms import RecruitForm
from recruit.core.staff import bp, load_event, staff_user
from recruit.events.demo import add_demo_people
from recruit.extensions import db


def demo_tools_enabled() -> bool:
    return bool(current_app.config.get("DEMO_TOOLS"))


@bp.post("/events/<int:event_id>/demo-people")
def event_import_demo(event_id: int) -> ResponseReturnValue:
    if not demo_tools_enabled():
        abort(404)
    event = load_event(event_id)
    # A button with nothing to fill in: the form only checks the CSRF token.
    if not RecruitForm().validate_on_submit():
        abort(400)
    # The event's id as the seed: each event gets its own crowd, the same one every time.
    employers, youth = add_demo_people(event, seed=event.id)
    audit.record("event.demo_import", event, staff_user())
    db.session.commit()
    flash(
        _(
            "Demo people added: %(employers)d employers and %(youth)d young people.",
            employers=employers,
            youth=youth,
        ),
        "success",
    )
    return redirect(url_for("staff.event_detail", event_id=event.id))
