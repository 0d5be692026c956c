"""`flask solve EVENT_ID`: build an event's schedule from the command line;
`flask resume-publishing`: queue again the publish jobs whose worker died.

The same path as the "Build schedule" button (a SolveRun row, the same job function), but run
in this process, so it works without a web server or a worker and its exit code tells a
script whether a schedule was stored.
"""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from recruit.extensions import db
from recruit.models import Event, SolveRun
from recruit.scheduling import fanout, solving
from recruit.scheduling.publishing import ScheduleError


@click.command("solve")
@with_appcontext
@click.argument("event_id", type=int)
@click.option("--time-limit", type=click.IntRange(1, 3600), default=None,
              help="Seconds the solver may search (default: SOLVER_TIME_LIMIT_SECONDS).")
@click.option("--seed", type=click.IntRange(0, 2**31 - 1), default=0, show_default=True)
@click.option("--improve-waiting", is_flag=True,
              help="Go on shortening waits between interviews after tiers 1-4 are proven.")
def solve_command(event_id: int, time_limit: int | None, seed: int,
                  improve_waiting: bool) -> None:
    """Solve event EVENT_ID and store the result as its draft schedule (not published)."""
    event = db.session.get(Event, event_id)
    if event is None:
        raise click.ClickException(f"no event with id {event_id}")
    try:
        run = solving.queue_run(event, None, time_limit=time_limit, seed=seed,
                                improve_waiting=improve_waiting)
    except ScheduleError:
        # The operation's message is for a web page in the user's language; the CLI, like
        # the other `flask` commands, speaks English.
        raise click.ClickException("a schedule is already being built for this event") from None
    solving.run_solve(run.id)
    db.session.expire_all()
    run = db.session.get_one(SolveRun, run.id)
    if run.status not in ("done", "stopped") or run.result is None:
        raise click.ClickException(f"solve run {run.id} {run.status}: {run.error}")
    interviews = len(run.result["interviews"])
    objectives = {t["name"]: t for t in run.result["objectives"]}
    covered = objectives.get("covered", {})
    click.echo(
        f"Solve run {run.id} {run.status}: {interviews} interviews, "
        f"{covered.get('value')} youth placed (bound {covered.get('bound')}), "
        f"{run.result['stats'].get('total_seconds', 0):.1f} s. The draft is ready to publish."
    )


@click.command("resume-publishing")
@with_appcontext
def resume_publishing_command() -> None:
    """Queue again every publish whose job stopped telling people (its lease ran out)."""
    count = fanout.resume_lost_runs()
    click.echo(f"{count} publish job(s) queued again.")


COMMANDS = (solve_command, resume_publishing_command)
