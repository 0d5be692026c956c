"""Commands for the employer side.

`flask employer-link EMPLOYER_ID` prints a working private link for an approved employer (for
organisers and for the demo); a new link each time, earlier ones keep working.
`flask request-outcomes` asks yesterday's employers to record attendance and outcomes.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from recruit import links
from recruit.extensions import db
from recruit.mail_cli import queue_per_event
from recruit.models import Employer
from recruit.operations.employer_signup import LINK_PURPOSE


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


@click.command("request-outcomes")
@click.option("--event", "event_id", type=int, help="Only this event (default: yesterday's).")
@with_appcontext
def request_outcomes_command(event_id: int | None) -> None:
    """Queue the outcome requests to employers of yesterday's events (run daily from cron)."""
    from recruit.employers.outcome_mail import events_yesterday, queue_outcome_requests

    queue_per_event(
        event_id, events_yesterday, queue_outcome_requests, what="outcome requests",
        day="yesterday",
    )
