"""Reports for funders (anonymous figures, charts, CSV and XLSX) and the interview outcomes
staff see per event. Every page needs a staff login; `create_app` calls `init_app`.
"""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_babel import lazy_gettext as _l
from flask_login import login_required

bp = Blueprint(
    "reports", __name__, url_prefix="/staff/reports",
    static_folder="static", static_url_path="/static",
)


@bp.before_request
@login_required
def require_login() -> None:
    """One guard for the whole blueprint, so a new page cannot forget it."""


def init_app(app: Flask) -> None:
    from recruit import add_staff_nav_link
    from recruit.reports.sentences import display

    app.register_blueprint(bp)
    app.add_template_filter(display, "report_value")
    add_staff_nav_link(app, "reports.range_report_page", _l("Reports"))


# The routes register themselves on `bp`; imported last because they import it.
from recruit.reports import views  # noqa: E402, F401
