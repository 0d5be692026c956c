"""`flask` commands of the foundation: init-db, create-staff.

Feature packages keep their own commands in their `cli.py` (`COMMANDS`); create_app adds them.
"""

from __future__ import annotations

import click
from email_validator import EmailNotValidError, validate_email
from flask.cli import with_appcontext
from flask_migrate import upgrade

from recruit.core.periodic import periodic_command
from recruit.extensions import db
from recruit.models.card import seed_cards
from recruit.models.user import ROLE_ADMIN, STAFF_ROLES, StaffUser

MIN_PASSWORD_LENGTH = 10


def init_database() -> int:
    """Migrate the database to the newest schema and add missing requirement cards.

    Returns how many cards were added. Safe to run any number of times.
    """
    upgrade()
    added = seed_cards()
    db.session.commit()
    return added


def create_staff_user(
    email: str, name: str, password: str, role: str = ROLE_ADMIN
) -> StaffUser:
    """Create a staff account; raise ValueError with a message for the user on bad input."""
    if role not in STAFF_ROLES:
        raise ValueError(f"the role must be one of {', '.join(STAFF_ROLES)}")
    try:
        email = validate_email(email, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise ValueError(f"{email!r} is not a valid e-mail address: {error}") from None
    if not name.strip():
        raise ValueError("the name must not be empty")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    if StaffUser.by_email(email) is not None:
        raise ValueError(f"a staff account for {StaffUser.normalise_email(email)} already exists")
    user = StaffUser(email=StaffUser.normalise_email(email), name=name.strip(), role=role)
    user.set_password(password)
    db.session.add(user)
    db.session.commit()
    return user


@click.command("init-db")
@with_appcontext
def init_db_command() -> None:
    """Create or upgrade the database tables and seed the requirement cards."""
    added = init_database()
    click.echo(f"Database is up to date; {added} requirement cards added.")


@click.command("create-staff")
@with_appcontext
@click.argument("email")
@click.option("--name", required=True, help="The person's name as shown in the staff pages.")
@click.option(
    "--role", type=click.Choice(STAFF_ROLES), default=ROLE_ADMIN, show_default=True,
    help="admin: staff accounts, cards, API tokens, audit log, every event; "
    "coordinator: the events they run or are added to.",
)
@click.password_option(
    "--password",
    prompt=True,
    confirmation_prompt=True,
    help=f"At least {MIN_PASSWORD_LENGTH} characters; asked for when not given.",
)
def create_staff_command(email: str, name: str, password: str, role: str) -> None:
    """Create a staff account that can log in with EMAIL."""
    try:
        user = create_staff_user(email, name, password, role)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Staff account {user.email} ({user.role}) created.")


COMMANDS = (init_db_command, create_staff_command, periodic_command)
