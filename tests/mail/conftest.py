"""Real SMTP servers on loopback for the mail tests.

`smtp_server` is an aiosmtpd server on a random free port that records every message it
accepts, as bytes and parsed. `make_smtp_server(mode, port=...)` starts the variants:
"accept", "drop_after_data" (replies 250 to DATA, then closes the connection), "reject_550"
(refuses every recipient permanently) and "tempfail_451"; `free_port` gives a port where
nothing listens (connection refused), and `hanging_server` accepts TCP connections and never
says a word.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

LOOPBACK = "127.0.0.1"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((LOOPBACK, 0))
        return int(probe.getsockname()[1])


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes

    @property
    def message(self) -> EmailMessage:
        parsed = message_from_bytes(self.content, policy=policy.default)
        assert isinstance(parsed, EmailMessage)
        return parsed

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])


class RecordingHandler:
    def __init__(self, server: SMTPTestServer) -> None:
        self.server = server

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, options: list[str]
    ) -> str:
        if self.server.mode == "reject_550":
            return "550 5.1.1 No such user"
        if self.server.mode == "tempfail_451":
            return "451 4.3.0 Try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        content = envelope.original_content or envelope.content
        with self.server.lock:
            self.server.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(content))
            )
        if self.server.mode == "drop_after_data":
            # Hang up right after the 250 reply: it is written before this callback runs, and
            # close() flushes it, so the client always hears "accepted" and then nothing more.
            asyncio.get_running_loop().call_soon(server.transport.close)
        return "250 2.0.0 Message accepted for delivery"


@dataclass
class SMTPTestServer:
    port: int
    mode: str = "accept"
    host: str = LOOPBACK
    received: list[Received] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _controller: Controller | None = None

    def start(self) -> SMTPTestServer:
        self._controller = Controller(
            RecordingHandler(self), hostname=self.host, port=self.port, ready_timeout=5
        )
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def message_id_counts(self) -> Counter[str]:
        with self.lock:
            return Counter(item.message_id for item in self.received)


@pytest.fixture
def free_port() -> int:
    """A loopback port where nothing listens: connecting is refused."""
    return _free_port()


@pytest.fixture
def make_smtp_server() -> Iterator[Callable[..., SMTPTestServer]]:
    started: list[SMTPTestServer] = []

    def start(mode: str = "accept", port: int | None = None) -> SMTPTestServer:
        server = SMTPTestServer(port=port or _free_port(), mode=mode).start()
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def smtp_server(make_smtp_server: Callable[..., SMTPTestServer]) -> SMTPTestServer:
    return make_smtp_server("accept")


class HangingServer:
    """Accepts TCP connections and never sends the SMTP greeting."""

    def __init__(self) -> None:
        self.socket = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.socket.bind((LOOPBACK, 0))
        self.socket.listen(16)
        self.port = int(self.socket.getsockname()[1])
        self.connections: list[socket.socket] = []
        self._stopped = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        self.socket.settimeout(0.1)
        while not self._stopped.is_set():
            try:
                connection, _ = self.socket.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.connections.append(connection)

    def stop(self) -> None:
        self._stopped.set()
        self._thread.join(timeout=2)
        for connection in self.connections:
            connection.close()
        self.socket.close()


@pytest.fixture
def hanging_server() -> Iterator[HangingServer]:
    server = HangingServer()
    yield server
    server.stop()


def point_at(app: Flask, port: int, **settings: Any) -> None:
    """Send the app's mail to 127.0.0.1:`port`; the sender reads settings at each pass."""
    app.config.update(
        MAIL_SERVER=LOOPBACK,
        MAIL_PORT=port,
        MAIL_USE_TLS=False,
        MAIL_USE_SSL=False,
        MAIL_USERNAME=None,
        MAIL_PASSWORD=None,
        MAIL_DEFAULT_SENDER="Ohjaamo <rekry@ohjaamo.example>",
        MAIL_TIMEOUT_SECONDS=2,
        MAIL_MAX_ATTEMPTS=4,
        MAIL_RETRY_BASE_SECONDS=60,
        MAIL_DELIVER_ON_COMMIT=False,
    )
    app.config.update(settings)


@pytest.fixture
def mail_app(app: Flask, smtp_server: SMTPTestServer) -> Flask:
    """The shared `app` fixture (SQLite and PostgreSQL) sending to the recording server."""
    point_at(app, smtp_server.port)
    return app
