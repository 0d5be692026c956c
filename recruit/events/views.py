"""Staff pages for events and the requirement-card list: validate → operation → flash → redirect."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from flask import current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from recruit.accounts import operations as accounts
from recruit.accounts.forms import CoordinatorForm
from recruit.changes.preview import preview_messages
from recruit.core import links
from recruit.core.i18n import current_language
from recruit.core.staff import bp, form_page, load_event, not_found, staff_user
from recruit.events import operations
from recruit.events.forms import (
    CardForm,
    CopyEventForm,
    EventForm,
    default_copy_data,
    event_form_data,
)
from recruit.extensions import db
from recruit.models import Event, RequirementCard
from recruit.people import queries

# The public forms staff pass on to employers and young people: endpoint, label.
PUBLIC_SIGNUP_FORMS = (
    ("employers.signup", _l("Employers' sign-up form")),
    ("youth.signup_form", _l("Young people's sign-up form")),
)


def signup_links(event: Event) -> list[tuple[str, str]]:
    """(label, absolute address) of each public sign-up form of `event`, as e-mails write
    addresses (PUBLIC_BASE_URL), for the forms whose package is installed."""
    return [
        (str(label), links.absolute_url(endpoint, event_id=event.id))
        for endpoint, label in PUBLIC_SIGNUP_FORMS
        if endpoint in current_app.view_functions
    ]


def _card_choices(event: Event | None) -> list[tuple[int, str]]:
    language = current_language()
    choices = [(card.id, card.name_for(language)) for card in queries.cards_for_event_form(event)]
    return sorted(choices, key=lambda choice: choice[1].casefold())


@bp.app_template_filter("card_names")
def card_names(cards: Iterable[RequirementCard]) -> list[str]:
    """Card names in the reader's language, alphabetically (as the forms offer them), for the
    detail pages: `{{ event.cards | card_names | join(", ") }}`."""
    language = current_language()
    return sorted((card.name_for(language) for card in cards), key=str.casefold)


@bp.get("/")
def home() -> ResponseReturnValue:
    return redirect(url_for("staff.events"))


@bp.get("/events")
def events() -> ResponseReturnValue:
    today = date.today()
    return render_template(
        "staff/events/list.html",
        upcoming=queries.upcoming_events(today, visible_to=staff_user()),
        past=queries.past_events(today, visible_to=staff_user()),
    )


def _retention_for_admins_only(form: EventForm, current: int) -> None:
    """Only an admin sets how long personal data is kept: for a coordinator the field shows
    the current value, read-only, and whatever is posted for it is ignored."""
    if staff_user().is_admin:
        return
    form.retention_days.process(None, current)
    form.retention_days.raw_data = [str(current)]
    form.retention_days.render_kw = {"readonly": True}
    form.retention_days.description = _l("Set by an administrator.")


@bp.route("/events/new", methods=["GET", "POST"])
def event_create() -> ResponseReturnValue:
    form = EventForm()
    _retention_for_admins_only(form, operations.EventSettings.retention_days)
    form.cards.choices = _card_choices(None)
    if not form.is_submitted():
        form.cards.data = [card_id for card_id, _ in form.cards.choices]
    if form.validate_on_submit():
        event = operations.create_event(form.settings(), staff_user())
        db.session.commit()
        flash(_("The event was created."), "success")
        return redirect(url_for("staff.event_detail", event_id=event.id))
    return form_page("staff/events/form.html", form, event=None)


@bp.get("/events/<int:event_id>")
def event_detail(event_id: int) -> ResponseReturnValue:
    return event_detail_page(load_event(event_id))


def event_detail_page(
    event: Event, coordinator_form: CoordinatorForm | None = None, status: int = 200
) -> ResponseReturnValue:
    """The event's overview; with `coordinator_form`, its "add a coordinator" form as
    submitted, errors and all."""
    addable = accounts.addable_coordinators(event)
    form = coordinator_form or CoordinatorForm(formdata=None)
    form.staff_user_id.choices = [(user.id, user.name) for user in addable]
    return render_template(
        "staff/events/detail.html", event=event, overview=queries.event_overview(event),
        signup_links=signup_links(event), coordinators=accounts.coordinators(event),
        coordinator_form=form,
    ), status


@bp.route("/events/<int:event_id>/edit", methods=["GET", "POST"])
def event_edit(event_id: int) -> ResponseReturnValue:
    event = load_event(event_id)
    form = EventForm(data=event_form_data(operations.settings_of(event)), saved_date=event.date)
    _retention_for_admins_only(form, event.retention_days)
    form.cards.choices = _card_choices(event)
    if form.validate_on_submit():
        settings = form.settings()
        conflicts = operations.setting_conflicts(event, settings)
        for field, message in conflicts:
            form[field].errors.append(message)
        if not conflicts and request.form.get("confirm_messages") != "1":
            # Saving may message people: show how many first (nothing is kept meanwhile).
            counts = preview_messages(
                event, lambda: operations.update_event(event, settings, staff_user())
            )
            event = load_event(event_id)
            if counts.total:
                return render_template("staff/events/form.html", form=form, event=event,
                                       preview=counts)
        if not conflicts:
            operations.update_event(event, settings, staff_user())
            db.session.commit()
            flash(_("The event was saved."), "success")
            return redirect(url_for("staff.event_detail", event_id=event.id))
    return form_page("staff/events/form.html", form, event=event)


@bp.route("/events/<int:event_id>/copy", methods=["GET", "POST"])
def event_copy(event_id: int) -> ResponseReturnValue:
    source = load_event(event_id)
    form = CopyEventForm(data=default_copy_data(source.name, source.date),
                         timezone=source.timezone)
    if form.validate_on_submit():
        event = operations.copy_event(
            source,
            form.name.data.strip(),
            form.date.data,
            copy_employers=form.copy_employers.data,
            by=staff_user(),
        )
        db.session.commit()
        flash(_("The event was copied. Check its settings."), "success")
        return redirect(url_for("staff.event_edit", event_id=event.id))
    return form_page("staff/events/copy.html", form, event=source)


@bp.route("/cards", methods=["GET", "POST"])
def cards() -> ResponseReturnValue:
    form = CardForm()
    if form.validate_on_submit():
        operations.add_card(
            form.name_fi.data, form.name_sv.data, form.name_en.data,
            form.min_age_note.data or "", by=staff_user(),
        )
        db.session.commit()
        flash(_("The card was added."), "success")
        return redirect(url_for("staff.cards"))
    context = {"cards": queries.all_cards()}
    return form_page("staff/events/cards.html", form, **context)


@bp.post("/cards/<int:card_id>/active")
def card_set_active(card_id: int) -> ResponseReturnValue:
    # CSRFProtect has checked the token already. An explicit target state (not a toggle)
    # makes a double submit harmless.
    card: RequirementCard = queries.card_by_id(card_id) or not_found()
    make_active = request.form.get("active") == "1"
    operations.set_card_active(card, make_active, by=staff_user())
    db.session.commit()
    if make_active:
        flash(_("The card is offered again."), "success")
    else:
        flash(_("The card is no longer offered for new events."), "success")
    return redirect(url_for("staff.cards"))
