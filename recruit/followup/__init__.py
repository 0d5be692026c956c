"""The impact follow-up: some months after an event (`Event.follow_up_days`, 90 by default
for a new event) the young people who consented and the employers who interviewed get one
short question by e-mail through a private link, and one reminder if they have not answered.
The answers are stored without the person and counted in the reports.

`timing` says when (and whether the retention period leaves time to answer), `operations`
asks, reminds and records, `cli` is `flask follow-up send` (run daily), `views` the form.
"""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("follow_up", __name__, url_prefix="/follow-up")

# The routes register themselves on `bp`; imported last because they import it.
from recruit.followup import views  # noqa: E402, F401
