"""`flask` commands of the foundation: init-db, create-staff, demo.

Feature packages add their own commands (solve, send-mail, purge) in their `init_app`.
"""

from __future__ import annotations

import secrets

import click
import sqlalchemy as sa
from email_validator import EmailNotValidError, validate_email
from flask import Flask
from flask.cli import with_appcontext
from flask_migrate import upgrade

from recruit.extensions import db
from recruit.models.candidate import Candidate
from recruit.models.card import seed_cards
from recruit.models.employer import Employer
from recruit.models.event import Event
from recruit.models.user import StaffUser

MIN_PASSWORD_LENGTH = 10


def init_database() -> int:
    """Migrate the database to the newest schema and add missing requirement cards.

    Returns how many cards were added. Safe to run any number of times.
    """
    upgrade()
    added = seed_cards()
    db.session.commit()
    return added


def create_staff_user(email: str, name: str, password: str) -> StaffUser:
    """Create a staff account; raise ValueError with a message for the user on bad input."""
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
    user = StaffUser(email=StaffUser.normalise_email(email), name=name.strip())
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
@click.password_option(
    "--password",
    prompt=True,
    confirmation_prompt=True,
    help=f"At least {MIN_PASSWORD_LENGTH} characters; asked for when not given.",
)
def create_staff_command(email: str, name: str, password: str) -> None:
    """Create a staff account that can log in with EMAIL."""
    try:
        user = create_staff_user(email, name, password)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    click.echo(f"Staff account {user.email} created.")


@click.command("demo")
@with_appcontext
@click.option("--seed", default=2027, show_default=True, help="Seed of the generated people.")
@click.option("--employers", default=8, show_default=True, type=click.IntRange(1, 50))
@click.option("--candidates", default=200, show_default=True, type=click.IntRange(0, 2000))
def demo_command(seed: int, employers: int, candidates: int) -> None:
    """Seed a demo: a staff account, the cards and an event full of generated people.

    Idempotent: an existing demo event is left as it is; the demo account gets a new password
    each run, because only a hash is stored and the password must be shown to be useful.
    """
    from recruit.demo import DEMO_STAFF_EMAIL, create_demo_event, demo_event

    init_database()
    password = secrets.token_urlsafe(12)
    user = StaffUser.by_email(DEMO_STAFF_EMAIL)
    if user is None:
        user = StaffUser(email=DEMO_STAFF_EMAIL, name="Demo Organiser")
        db.session.add(user)
    user.set_password(password)
    user.is_active = True
    event = demo_event()
    if event is None:
        event = create_demo_event(employers=employers, candidates=candidates, seed=seed)
        made = "created"
    else:
        made = "already there"
    db.session.commit()
    count = db.session.scalar(
        sa.select(sa.func.count(Candidate.id)).where(Candidate.event_id == event.id)
    )
    click.echo(
        f"Demo event {event.name!r} {made}: {len(event.employers)} employers, {count} youth."
    )
    click.echo("Log in as the demo organiser:")
    click.echo(f"  e-mail:   {DEMO_STAFF_EMAIL}")
    click.echo(f"  password: {password}")
    _echo_demo_links(event)


def _echo_demo_links(event: Event) -> None:
    """Print the public forms and one private link of each kind, so the demo shows every audience.

    The links are new each run (only their hashes are stored); earlier ones keep working.
    """
    from recruit import links
    from recruit.operations.employer_signup import LINK_PURPOSE

    employer = db.session.scalars(
        sa.select(Employer)
        .where(Employer.event_id == event.id, Employer.status == "approved")
        .order_by(Employer.id)
    ).first()
    candidate = db.session.scalars(
        sa.select(Candidate)
        .where(Candidate.event_id == event.id, Candidate.status == "active")
        .order_by(Candidate.id)
    ).first()
    click.echo("Public sign-up forms:")
    click.echo(f"  employers: {links.absolute_url('employers.signup', event_id=event.id)}")
    click.echo(f"  youth:     {links.absolute_url('youth.signup_form', event_id=event.id)}")
    if employer is not None:
        _link, token = links.issue(employer, LINK_PURPOSE)
        click.echo(f"Private link of the employer {employer.company_name}:")
        click.echo(f"  {links.absolute_url('employers.link', token=token)}")
    if candidate is not None:
        _link, token = links.issue(candidate, "booking")
        click.echo("Booking link of one demo young person (interviews show once you publish):")
        click.echo(f"  {links.absolute_url('youth.booking', token=token)}")
    db.session.commit()


def init_app(app: Flask) -> None:
    app.cli.add_command(init_db_command)
    app.cli.add_command(create_staff_command)
    app.cli.add_command(demo_command)
