"""Background jobs: a thread of the web process by default, RQ on Redis when REDIS_URL is set.

Both ways run the same job function in a fresh app context with its own database session, and
a job keeps its status, progress and result in the database (never in this process's memory),
so any web instance can show a job that any worker runs. In a worker process the app is built
with `create_app()` from the environment, exactly as the web process builds it, so a worker is
started with the same settings: `REDIS_URL=... DATABASE_URL=... rq worker recruit`.

A job function is a plain module-level function taking ids (never model objects: the job runs
in another session, maybe on another machine). It records its own failures in the database;
what reaches this module is only logged.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable

from flask import Flask, current_app

from recruit.extensions import db

log = logging.getLogger(__name__)

DEFAULT_QUEUE = "recruit"
# RQ kills a job that runs longer than this; a solve passes its own time limit plus a margin.
DEFAULT_JOB_TIMEOUT_SECONDS = 600

JobArg = int | str
# What an RQ worker runs: `recruit.run_in_worker` builds the app from the environment (as the
# web process does) and calls `run_job`. Named, not imported: the app package imports this one.
WORKER_ENTRY = "recruit.run_in_worker"


class JobQueueUnavailable(RuntimeError):
    """The job could not be queued (Redis unreachable); nothing will run it."""


def job_path(func: Callable[..., object]) -> str:
    """"module:function", the form in which a job travels through Redis."""
    return f"{func.__module__}:{func.__qualname__}"


def _resolve(path: str) -> Callable[..., object]:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


def queue_name(app: Flask) -> str:
    return app.config.get("RQ_QUEUE") or DEFAULT_QUEUE


def enqueue(
    func: Callable[..., object], *args: JobArg, timeout: int = DEFAULT_JOB_TIMEOUT_SECONDS,
    fallback_to_thread: bool = False,
) -> str:
    """Run `func(*args)` in the background; returns the job's id ("thread:..." or RQ's id).

    Raises JobQueueUnavailable when REDIS_URL is set but Redis cannot take the job, unless
    `fallback_to_thread`: then the job runs in a thread of this process (for jobs that keep
    their whole state in the database and may run anywhere, such as telling people about a
    publish; never for a solve, which would take the web process's cores).
    """
    app: Flask = current_app._get_current_object()  # type: ignore[attr-defined]
    path = job_path(func)
    if app.config.get("REDIS_URL"):
        try:
            return _enqueue_rq(app, path, args, timeout)
        except JobQueueUnavailable:
            if not fallback_to_thread:
                raise
            log.warning("job queue unreachable; running %s in this process", path)
    thread = threading.Thread(
        target=_run_in_thread, args=(app, path, args), name=f"job:{func.__name__}", daemon=True
    )
    thread.start()
    return f"thread:{thread.ident}"


def _enqueue_rq(app: Flask, path: str, args: tuple[JobArg, ...], timeout: int) -> str:
    from redis import Redis
    from redis.exceptions import RedisError
    from rq import Queue

    try:
        connection = Redis.from_url(app.config["REDIS_URL"], socket_connect_timeout=5)
        queue = Queue(queue_name(app), connection=connection)
        job = queue.enqueue(WORKER_ENTRY, path, *args, job_timeout=timeout, result_ttl=3600)
    except RedisError as error:
        raise JobQueueUnavailable(str(error)) from error
    return job.id


def _run_in_thread(app: Flask, path: str, args: tuple[JobArg, ...]) -> None:
    """Thread body: the job in its own app context, so it gets its own session."""
    with app.app_context():
        try:
            _resolve(path)(*args)
        except Exception:
            log.exception("background job %s failed", path)
        finally:
            db.session.remove()


def run_job(app: Flask, path: str, *args: JobArg) -> None:
    """Run the job `path` inside `app` (a worker's freshly built app, see `WORKER_ENTRY`)."""
    with app.app_context():
        try:
            _resolve(path)(*args)
        finally:
            db.session.remove()
            # Each job builds its own app and engine; close its connections before leaving.
            db.engine.dispose()
