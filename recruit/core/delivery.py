"""Running an outbox's sender after commits: one loop shared by the e-mail and SMS outboxes.

A feature's operation marks the session (`session.info[pending_key] = True`) when it queued a
message; after the commit, `watch_commits` asks the feature's `DeliveryLoop` for a delivery job
(`recruit.core.jobs`: RQ with REDIS_URL, a thread otherwise). In the thread the loop coalesces
requests (one sender per process and outbox), delivers until nothing is due, then sleeps until
the next retry falls due, so backed-off messages go out without a timer. With RQ a job delivers
what is due and ends; the feature's periodic command (`flask send-mail`, `flask send-sms`, run
by `flask periodic`) picks up retries. The job function stays the feature's own module-level
function: RQ imports it by name.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from sqlalchemy.orm import Session

from recruit.core import jobs
from recruit.extensions import db
from recruit.models.base import utcnow

log = logging.getLogger(__name__)

# The in-process sender sleeps at most this long before looking for retries that fell due.
IDLE_POLL_SECONDS = 60


@dataclass
class DeliveryState:
    lock: threading.Lock = field(default_factory=threading.Lock)
    running: bool = False
    again: bool = False
    # Set by a new request so that a sender waiting for a retry wakes up at once.
    wake: threading.Event = field(default_factory=threading.Event)


@dataclass(frozen=True)
class DeliveryLoop:
    """How one outbox is delivered: `deliver(app)` runs one pass and returns how many it
    claimed; `next_due()` (in an app context) is the earliest queued message's due time;
    `on_commit(app)` says whether commits start delivery; `state_key` names the per-app state."""

    what: str
    state_key: str
    deliver: Callable[[Flask], int]
    next_due: Callable[[], datetime | None]
    on_commit: Callable[[Flask], bool]

    def request(self, app: Flask, job: Callable[[], None]) -> None:
        """Ask the job runner for `job` (the feature's job function, which calls `run`)."""
        if not self.on_commit(app):
            return
        if not app.config.get("REDIS_URL"):
            state: DeliveryState = app.extensions.setdefault(self.state_key, DeliveryState())
            with state.lock:
                if state.running:
                    state.again = True
                    state.wake.set()
                    return
                state.running = True
        with app.app_context():
            try:
                jobs.enqueue(job)
            except Exception:
                # Safe in the outbox: `flask periodic` or the next commit sends them.
                log.exception("could not start %s delivery", self.what)
                if not app.config.get("REDIS_URL"):
                    app.extensions[self.state_key].running = False

    def run(self) -> None:
        """Job body (thread or RQ worker): deliver until nothing is due (see the module)."""
        app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
        state: DeliveryState | None = app.extensions.get(self.state_key)
        if state is None or app.config.get("REDIS_URL"):
            while self.deliver(app):
                pass
            return
        try:
            while True:
                while self.deliver(app):
                    pass
                if not self.on_commit(app):
                    with state.lock:
                        state.running = False
                    return
                with app.app_context():
                    next_due = self.next_due()
                    db.session.remove()
                with state.lock:
                    if state.again:
                        state.again = False
                        continue
                    if next_due is None:
                        state.running = False
                        return
                # At least a second: a due message another sender holds must not make us spin.
                wait = (next_due - utcnow()).total_seconds()
                state.wake.wait(min(max(wait, 1.0), IDLE_POLL_SECONDS))
                state.wake.clear()
        except BaseException:
            with state.lock:
                state.running = False
            raise


def watch_commits(pending_key: str, request: Callable[[Flask], None]) -> None:
    """After a commit of a session marked with `pending_key`, call `request(app)`; a
    rollback drops the mark. Registered once per key, however many apps are created."""

    def after_commit(session: Session) -> None:
        if session.info.pop(pending_key, None) and has_app_context():
            request(current_app._get_current_object())  # type: ignore[attr-defined]

    def after_rollback(session: Session) -> None:
        session.info.pop(pending_key, None)

    registered = _WATCHED.setdefault(pending_key, (after_commit, after_rollback))
    if not sa.event.contains(Session, "after_commit", registered[0]):
        sa.event.listen(Session, "after_commit", registered[0])
        sa.event.listen(Session, "after_rollback", registered[1])


_WATCHED: dict[str, tuple[Callable[[Session], None], Callable[[Session], None]]] = {}
