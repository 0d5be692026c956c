"""The staff workspace: one blueprint (`staff.*`) whose pages live in their feature packages.

Every page needs a login (one guard for the whole blueprint, so a new page cannot forget it).
Each feature's `views.py` adds its routes to `bp`; `create_app` imports those modules, then
registers the blueprint. The helpers below are shared by every staff page.
"""

from __future__ import annotations

from typing import Any, NoReturn

from flask import Blueprint, Flask, abort, current_app, render_template
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from recruit.core.access import ADMIN_ENDPOINTS, guard_event_in_url
from recruit.core.validators import format_phone
from recruit.extensions import db
from recruit.models import Event

bp = Blueprint("staff", __name__, url_prefix="/staff")


@bp.before_request
@login_required
def require_login() -> None:
    """One guard for the whole blueprint, so a new page cannot forget it."""


# After the login: an event in the URL must be one the staff member may see (404 otherwise),
# and the admin pages need an admin (`recruit.core.access`).
bp.before_request(guard_event_in_url)


def staff_has_endpoint(endpoint: str) -> bool:
    """Tabs link only to pages that exist."""
    return endpoint in current_app.view_functions


def staff_user() -> Any:
    """The logged-in staff member as a model instance (for audit entries and sign-up marks)."""
    return current_user._get_current_object()


def not_found() -> NoReturn:
    abort(404)


def load_event(event_id: int) -> Event:
    return db.session.get(Event, event_id) or not_found()


def form_page(template: str, form: FlaskForm, **context: Any) -> ResponseReturnValue:
    """Show a form page; a submitted form shown again (with its errors) answers 400, so
    scripts and tests see the refusal. `context` must not contain the form itself."""
    status = 400 if form.is_submitted() else 200
    return render_template(template, form=form, **context), status


# The staff navigation of every page: endpoint, label. Admin pages show to admins only.
STAFF_NAV = (
    ("staff.events", _l("Events")),
    ("staff.cards", _l("Cards and licences")),
    ("reports.range_report_page", _l("Reports")),
    ("staff.api_tokens", _l("API tokens")),
    ("staff.accounts", _l("Staff")),
    ("staff.audit_log_page", _l("Audit log")),
    ("staff.own_second_factor", _l("Second factor")),
)


def staff_nav_links() -> tuple[tuple[str, Any], ...]:
    admin = current_user.is_authenticated and current_user.is_admin
    return tuple(
        (endpoint, label) for endpoint, label in STAFF_NAV
        if endpoint in current_app.view_functions and (admin or endpoint not in ADMIN_ENDPOINTS)
    )


def init_app(app: Flask) -> None:
    """The template helpers of the staff pages (the blueprint is registered by create_app)."""
    app.add_template_filter(format_phone, "phone")
    app.add_template_global(staff_has_endpoint)
    app.add_template_global(staff_nav_links)
