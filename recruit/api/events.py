"""/api/v1/events: list, read, create and change events."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask.views import MethodView
from flask_smorest import Page

from recruit.api.auth import api_blueprint
from recruit.api.form_input import InputRefused, check_form, to_formdata, windows_text
from recruit.api.lookups import card_ids, get_or_404
from recruit.api.schemas import EventChangeSchema, EventFilterSchema, EventSchema
from recruit.api.writes import commit_or_refuse
from recruit.core.validators import hhmm
from recruit.events import operations
from recruit.events.forms import EventForm
from recruit.extensions import db
from recruit.models import Event
from recruit.models.base import LARGEST_INTEGER
from recruit.people.queries import cards_for_event_form

blp = api_blueprint("api-events", "Recruitment events: date, hours, grid and rules.")

_FORM_NAMES = {"start_time": "start", "end_time": "end"}


class SelectPage(Page):
    """A page of a SELECT: one COUNT and one LIMIT/OFFSET query, whatever the total."""

    @property
    def item_count(self) -> int:
        return int(db.session.scalar(
            sa.select(sa.func.count()).select_from(self.collection.order_by(None).subquery())
        ) or 0)

    @property
    def items(self) -> list[Any]:
        if self.page_params.first_item > LARGEST_INTEGER:
            return []  # beyond any table (and beyond what the database takes as an offset)
        return list(db.session.scalars(
            self.collection.offset(self.page_params.first_item).limit(self.page_params.page_size)
        ))


def event_form(values: dict[str, Any], event: Event | None = None) -> EventForm:
    """The staff event form filled with an API body (its rules are the API's rules); with
    `event`, the form that edits it (its past date kept, its inactive cards still offered)."""
    offered = cards_for_event_form(event)
    chosen = (card_ids(values["cards"], "cards", offered) if values.get("cards") is not None
              else [card.id for card in offered if card.is_active])
    deadline = values.get("signup_deadline")
    follow_up_days = values.get("follow_up_days")
    form = EventForm(formdata=to_formdata({
        **{key: values.get(key) for key in (
            "name", "date", "timezone", "venue_name", "venue_address", "grid_minutes",
            "candidate_buffer_minutes", "max_interviews_per_candidate", "max_ranked_interests",
            "languages", "organiser_email", "next_steps", "change_policy", "retention_days",
            "default_min_candidates", "default_max_candidates")},
        "start_time": hhmm(values["start_minute"]),
        "end_time": hhmm(values["end_minute"]),
        "breaks": windows_text([(w["start_minute"], w["end_minute"]) for w in values["breaks"]]),
        "signup_deadline": _local(deadline, values.get("timezone") or "Europe/Helsinki"),
        "follow_up": follow_up_days is not None,
        "follow_up_days": follow_up_days,
        "cards": chosen,
    }), meta={"csrf": False}, saved_date=event.date if event is not None else None)
    form.cards.choices = [(card.id, card.code) for card in offered]
    return form


def _local(moment: Any, timezone: str) -> Any:
    if moment is None:
        return None
    try:
        return moment.astimezone(ZoneInfo(timezone)).replace(tzinfo=None)
    except (ValueError, KeyError, OSError):
        return moment.replace(tzinfo=None)


@blp.route("/events")
class Events(MethodView):
    @blp.arguments(EventFilterSchema, location="query")
    @blp.response(200, EventSchema(many=True))
    @blp.paginate(SelectPage)
    def get(self, filters: dict[str, Any]) -> Any:
        """Events by date, newest first."""
        query = sa.select(Event).order_by(Event.date.desc(), Event.id.desc())
        if "date_from" in filters:
            query = query.where(Event.date >= filters["date_from"])
        if "date_to" in filters:
            query = query.where(Event.date <= filters["date_to"])
        return query

    @blp.arguments(EventSchema)
    @blp.response(201, EventSchema)
    def post(self, values: dict[str, Any]) -> Any:
        """Create an event (the same rules as the staff event form)."""
        form = event_form(values)
        check_form(form, _FORM_NAMES)
        event = operations.create_event(form.settings(), None)
        commit_or_refuse()
        return event


@blp.route("/events/<int:event_id>")
class EventItem(MethodView):
    @blp.etag
    @blp.response(200, EventSchema)
    def get(self, event_id: int) -> Any:
        """One event."""
        return get_or_404(Event, event_id)

    @blp.etag
    @blp.arguments(EventChangeSchema)
    @blp.response(200, EventSchema)
    def patch(self, change: dict[str, Any], event_id: int) -> Any:
        """Change some settings of an event (If-Match: the event's ETag). The whole event is
        checked by the rules of the staff event form, and against its people and schedule as
        there; everyone told of an interview whose day, time zone or place this changes gets
        a calendar update."""
        event = get_or_404(Event, event_id)
        blp.check_etag(event, EventSchema)
        form = event_form({**_current_values(event), **change}, event)
        check_form(form, _FORM_NAMES)
        settings = form.settings()
        conflicts = operations.setting_conflicts(event, settings)
        if conflicts:
            raise InputRefused([{"field": _FORM_NAMES.get(name, name), "message": str(message)}
                                for name, message in conflicts])
        operations.update_event(event, settings, None)
        commit_or_refuse()
        return event


def _current_values(event: Event) -> dict[str, Any]:
    """The event's settings in the shape of a loaded body, for a change to overlay."""
    values: dict[str, Any] = {name: getattr(event, name) for name in (
        "name", "date", "timezone", "venue_name", "venue_address", "start_minute", "end_minute",
        "grid_minutes", "candidate_buffer_minutes", "max_interviews_per_candidate",
        "max_ranked_interests", "signup_deadline", "organiser_email", "next_steps",
        "change_policy", "retention_days", "follow_up_days", "default_min_candidates",
        "default_max_candidates")}
    values["breaks"] = [{"start_minute": b.start_minute, "end_minute": b.end_minute}
                        for b in event.breaks]
    values["languages"] = list(event.languages or [])
    values["cards"] = [card.code for card in event.cards]
    return values
