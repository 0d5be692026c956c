"""`flask purge`: delete the personal data of every event whose retention period has passed,
and erase the young people who withdrew their consent (`recruit.privacy.consent`).

Run daily by the app's own schedule (`flask periodic`); running it twice
changes nothing.
"""

from __future__ import annotations

import click

from recruit.extensions import db
from recruit.privacy.consent import erase_withdrawn
from recruit.privacy.retention import deletion_due, events_due, purge_due


@click.command("purge")
@click.option("--dry-run", is_flag=True, help="Only list the events whose data would go.")
def purge_command(dry_run: bool) -> None:
    """Delete personal data of events past their retention period (anonymous figures stay)."""
    if dry_run:
        due = events_due()
        for event in due:
            click.echo(f"event {event.id}: personal data due for deletion since "
                       f"{deletion_due(event).isoformat()}")
        click.echo(f"{len(due)} events due")
        db.session.rollback()
        return
    reports = purge_due()
    for report in reports:
        click.echo(f"event {report.event_id}: {report.candidates} young people and "
                   f"{report.employers} employers anonymised, {report.messages} e-mails and "
                   f"{report.links} links deleted")
    click.echo(f"{len(reports)} events purged")
    erased = erase_withdrawn()
    db.session.commit()
    click.echo(f"{erased} young people who withdrew their consent erased")


COMMANDS = (purge_command,)
