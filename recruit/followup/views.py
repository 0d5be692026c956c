"""The follow-up form behind a private link: a young person's or an employer's, by the
link's owner. A wrong, expired or revoked token, or a person never asked, gets the same 404;
after answering, the same address thanks them and asks nothing more."""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from recruit.core import links
from recruit.core.security import private_link_page
from recruit.extensions import db
from recruit.followup import bp, operations
from recruit.followup.forms import EmployerFollowUpForm, YouthFollowUpForm
from recruit.models import Candidate, Employer, FollowUpRequest


@bp.after_request
def private_page_headers(response: Response) -> Response:
    return private_link_page(response)


def _asked(token: str) -> tuple[Candidate | Employer, FollowUpRequest]:
    link = links.resolve(token, operations.LINK_PURPOSE)
    person: Candidate | Employer | None = None
    if link is not None:
        person = link.candidate or link.employer
    request = operations.request_of(person) if person is not None else None
    if person is None or request is None:
        abort(404)
    return person, request


@bp.route("/<token>", methods=["GET", "POST"])
def form(token: str) -> ResponseReturnValue:
    person, request = _asked(token)
    event = person.event
    if request.answered:
        return render_template("followup/thanks.html", event=event)
    youth = isinstance(person, Candidate)
    form = YouthFollowUpForm() if youth else EmployerFollowUpForm()
    if form.validate_on_submit():
        if isinstance(form, YouthFollowUpForm) and isinstance(person, Candidate):
            operations.record_youth_answer(person, form.situation.data, form.helped.data)
        elif isinstance(form, EmployerFollowUpForm) and isinstance(person, Employer):
            operations.record_employer_answer(person, int(form.hires.data))
        db.session.commit()
        flash(_("Thank you! Your answer was saved."), "success")
        return redirect(url_for("follow_up.form", token=token))
    template = "followup/youth.html" if youth else "followup/employer.html"
    status = 400 if form.errors else 200
    return render_template(template, event=event, form=form, token=token), status
