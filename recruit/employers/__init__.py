"""The employers' side: the public sign-up form of an event and the private employer link.

`create_app` finds this package and calls `init_app`. Pages reached by a private link send
`Referrer-Policy: no-referrer` and `Cache-Control: no-store`, and load nothing from third
parties (the stylesheets are the app's own).
"""

from __future__ import annotations

from flask import Blueprint, Flask

bp = Blueprint(
    "employers",
    __name__,
    url_prefix="/employers",
    static_folder="static",
    static_url_path="/static",
)


def init_app(app: Flask) -> None:
    from recruit.employers.cli import employer_link_command, request_outcomes_command
    from recruit.employers.roster_mail import queue_roster_ready
    from recruit.operations import employer_signup
    from recruit.operations.schedule import schedule_published

    app.register_blueprint(bp)
    app.cli.add_command(employer_link_command)
    app.cli.add_command(request_outcomes_command)
    # Approval e-mails the private link; each publish tells the employers whose roster
    # changed. Plain module functions, connected once however many apps are built.
    employer_signup.connect_approval_mail()
    schedule_published.connect(queue_roster_ready, weak=False)


# The routes register themselves on `bp`; imported last because they import `bp`.
from recruit.employers import routes  # noqa: E402, F401
