"""Commands that print a fresh private link (support by phone, and the demo).

`flask booking-link EMAIL` for a young person; `flask employer-link EMPLOYER_ID` for an approved
employer. A new link each time; earlier ones keep working.
"""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from recruit.core import links
from recruit.extensions import db
from recruit.models import Candidate, Employer
from recruit.people.employer_link import LINK_PURPOSE


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


@click.command("employer-link")
@click.argument("employer_id", type=int)
@with_appcontext
def employer_link_command(employer_id: int) -> None:
    """Print a new private link for the approved employer EMPLOYER_ID (earlier links keep
    working; staff revoke them on the employer's page)."""
    employer = db.session.get(Employer, employer_id)
    if employer is None:
        raise click.ClickException(f"no employer {employer_id}")
    if employer.status != "approved":
        raise click.ClickException(
            f"employer {employer_id} is {employer.status}; only approved employers have a page"
        )
    _link, token = links.issue(employer, LINK_PURPOSE)
    db.session.commit()
    click.echo(links.absolute_url("employers.link", token=token))


COMMANDS = (booking_link_command, employer_link_command)
