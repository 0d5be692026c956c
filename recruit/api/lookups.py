"""Finding what a request names: objects by id (404 otherwise) and cards by code."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import abort
from flask_babel import lazy_gettext as _l

from recruit.api.form_input import InputRefused
from recruit.extensions import db
from recruit.models import RequirementCard

T = TypeVar("T")


def get_or_404(model: type[T], object_id: int) -> T:
    found = db.session.get(model, object_id)
    if found is None:
        abort(404)
    return found


def card_ids(codes: Iterable[str] | None, field: str, offered: Iterable[Any] | None = None
             ) -> list[int]:
    """Ids of the cards with these codes (of `offered` cards when given); unknown codes are
    refused by name rather than dropped."""
    codes = list(dict.fromkeys(codes or []))
    if offered is not None:
        known = {card.code: card.id for card in offered}
    else:
        rows = db.session.execute(
            sa.select(RequirementCard.code, RequirementCard.id)
            .where(RequirementCard.code.in_(codes))
        ).all()
        known = {code: card_id for code, card_id in rows}
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise InputRefused([
            {"field": field, "message": str(_l("Unknown card or licence: %(code)s", code=code))}
            for code in unknown
        ])
    return [known[code] for code in codes]
