"""`flask booking-link EMAIL`: print a fresh booking link (support by phone, and the demo)."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from recruit import links
from recruit.extensions import db
from recruit.models import Candidate


@click.command("booking-link")
@click.argument("email")
@click.option("--event", "event_id", type=click.IntRange(1, 2**31 - 1),
              help="The event's id, when the address is signed up for several.")
@with_appcontext
def booking_link_command(email: str, event_id: int | None) -> None:
    """Issue a new booking link for the young person with EMAIL and print it.

    Older links keep working; staff revoke them on the person's booking page.
    """
    query = sa.select(Candidate).where(Candidate.email == email.strip().lower())
    if event_id is not None:
        query = query.where(Candidate.event_id == event_id)
    found = db.session.scalars(query).all()
    if not found:
        raise click.ClickException("nobody with that address is signed up")
    if len(found) > 1:
        events = ", ".join(str(c.event_id) for c in found)
        raise click.ClickException(f"signed up for several events ({events}): give --event")
    _link, token = links.issue(found[0], "booking")
    db.session.commit()
    click.echo(links.absolute_url("youth.booking", token=token))
