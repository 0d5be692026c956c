"""`flask employer-link EMPLOYER_ID`: print a working private link for an approved employer.

For organisers (an employer lost the e-mail) and for the demo. A new link is issued each time;
earlier ones keep working until they expire or staff revoke them.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from recruit import links
from recruit.extensions import db
from recruit.models import Employer
from recruit.operations.employer_signup import LINK_PURPOSE


@click.command("employer-link")
@click.argument("employer_id", type=int)
@with_appcontext
def employer_link_command(employer_id: int) -> None:
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
