"""The staff workspace: events, their employers and young people, and (W3) the schedule.

Every page needs a login; `create_app` finds this package and calls `init_app`.
"""

from __future__ import annotations

from flask import Blueprint, Flask, current_app
from flask_babel import lazy_gettext as _l
from flask_login import login_required

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.before_request
@login_required
def require_login() -> None:
    """One guard for the whole blueprint, so a new page cannot forget it."""


def staff_has_endpoint(endpoint: str) -> bool:
    """Tabs link only to pages that exist (the schedule pages live in their own module)."""
    return endpoint in current_app.view_functions


def init_app(app: Flask) -> None:
    from recruit import add_staff_nav_link
    from recruit.validators import format_phone

    app.register_blueprint(bp)
    app.add_template_filter(format_phone, "phone")
    app.add_template_global(staff_has_endpoint)
    add_staff_nav_link(app, "staff.cards", _l("Cards and licences"))


# The view modules register their routes on `bp`; imported last because they import `bp`.
from recruit.staff import (  # noqa: E402, F401
    counsellor_views,
    demo_views,
    events_views,
    outbox_views,
    people_views,
    schedule_views,
)
