"""Reports for funders (anonymous figures, charts, CSV and XLSX) and the interview outcomes
staff see per event. Every page needs a staff login; `create_app` registers `bp` and calls
`init_app` for the template filter.
"""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_login import login_required

from recruit.core.access import guard_event_in_url

bp = Blueprint(
    "reports", __name__, url_prefix="/staff/reports",
    static_folder="static", static_url_path="/static",
)


@bp.before_request
@login_required
def require_login() -> None:
    """One guard for the whole blueprint, so a new page cannot forget it."""


# After the login: only events the staff member may see (`recruit.core.access`).
bp.before_request(guard_event_in_url)


def init_app(app: Flask) -> None:
    from recruit.reports.sentences import display

    app.add_template_filter(display, "report_value")


# The routes register themselves on `bp`; imported last because they import it.
from recruit.reports import views  # noqa: E402, F401
