"""`flask demo`: a staff account, the cards and an event full of generated people."""

from __future__ import annotations

import secrets

import click
import sqlalchemy as sa
from flask.cli import with_appcontext

from recruit.core import links
from recruit.core.cli import init_database
from recruit.events.demo import DEMO_STAFF_EMAIL, create_demo_event, demo_event
from recruit.extensions import db
from recruit.models import Candidate, Employer, Event, StaffUser
from recruit.models.user import ROLE_ADMIN
from recruit.people.employer_link import LINK_PURPOSE


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
    init_database()
    password = secrets.token_urlsafe(12)
    user = StaffUser.by_email(DEMO_STAFF_EMAIL)
    if user is None:
        user = StaffUser(email=DEMO_STAFF_EMAIL, name="Demo Organiser")
        db.session.add(user)
    user.set_password(password)
    user.is_active = True
    # The demo shows everything, the staff and audit pages included.
    user.role = ROLE_ADMIN
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


COMMANDS = (demo_command,)
