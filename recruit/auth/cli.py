"""`flask lift-lockout EMAIL`: let a staff member locked out by wrong passwords log in now."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from recruit.auth.lockout import lift_lockout
from recruit.models.user import StaffUser


@click.command("lift-lockout")
@with_appcontext
@click.argument("email")
def lift_lockout_command(email: str) -> None:
    """Lift the lockout that wrong passwords put on the staff account EMAIL."""
    user = StaffUser.by_email(email)
    if user is None:
        raise click.ClickException(f"no staff account for {StaffUser.normalise_email(email)}")
    lift_lockout(user)
    click.echo(f"{user.email} can log in again.")


COMMANDS = (lift_lockout_command,)
