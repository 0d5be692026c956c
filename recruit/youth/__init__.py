"""The youth pages: public sign-up and the private booking link (issue 4).

`create_app` finds this package and calls `init_app`. No login: a private link is the key,
so every page here sends `Referrer-Policy: no-referrer` (the token is in the path) and is
never cached.
"""

from __future__ import annotations

from flask import Blueprint, Flask
from werkzeug.wrappers import Response

bp = Blueprint("youth", __name__, url_prefix="/youth")


@bp.after_request
def private_page_headers(response: Response) -> Response:
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


def init_app(app: Flask) -> None:
    from recruit.operations.schedule import schedule_published
    from recruit.operations.waitlist import notify_youth
    from recruit.youth.cli import booking_link_command

    app.register_blueprint(bp)
    app.cli.add_command(booking_link_command)
    # Every publish e-mails the young people whose schedule changed (weak=False: the
    # receiver is a plain module function, connected once however many apps are built).
    schedule_published.connect(notify_youth, weak=False)


# The routes register on `bp`; imported last because they import `bp`.
from recruit.youth import routes  # noqa: E402, F401
