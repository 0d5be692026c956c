"""The audit log page for admins (a route on `staff.bp`; admin-only per `recruit.core.access`)."""

from __future__ import annotations

import datetime as dt

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from recruit.accounts import audit_log
from recruit.accounts.forms import AuditFilterForm
from recruit.core.staff import bp
from recruit.models.base import LARGEST_INTEGER


def _number(text: str | None) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= LARGEST_INTEGER:
        raise ValueError(_("Give a number."))
    return int(text)


def _date(text: str | None) -> dt.date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("Enter the dates as year-month-day, for example 2027-01-31.")) from None


def _filters(form: AuditFilterForm) -> audit_log.AuditFilters:
    """The filters asked for; ValueError with a message for the reader on bad input."""
    return audit_log.AuditFilters(
        action=(form.action.data or "").strip()[:64],
        staff_user_id=_number(form.staff.data),
        event_id=_number(form.event.data),
        object_type=(form.object_type.data or "").strip()[:64],
        object_id=_number(form.object_id.data),
        start=_date(form.start.data),
        end=_date(form.end.data),
    )


@bp.get("/audit")
def audit_log_page() -> ResponseReturnValue:
    form = AuditFilterForm(request.args)
    form.staff.choices = [("", _("Anyone")), *audit_log.staff_choices()]
    try:
        if not form.validate():
            raise ValueError(_("Check the filters."))
        filters = _filters(form)
    except ValueError as error:
        return render_template("staff/accounts/audit.html", form=form, error=str(error),
                               lines=[], total=0, page=1, pages=1, kept_args={}), 400
    total = audit_log.count_entries(filters)
    pages = max(1, -(-total // audit_log.PER_PAGE))
    raw = request.args.get("page", "1")
    page = min(max(int(raw), 1), pages) if raw.isascii() and raw.isdigit() and len(raw) < 10 else 1
    lines = audit_log.entries_page(filters, (page - 1) * audit_log.PER_PAGE)
    kept = {k: v for k, v in request.args.items() if k != "page" and v}
    return render_template("staff/accounts/audit.html", form=form, error=None, lines=lines,
                           total=total, page=page, pages=pages, kept_args=kept)
