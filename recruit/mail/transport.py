"""SMTP transport for the outbox: Flask-Mail's connection with a timeout, and a message class
that sends the outbox's own MIME form.

Flask-Mail opens `smtplib.SMTP(host, port)` without a timeout, so a server that accepts the
connection and never answers would hang the sender for ever; `TimeoutConnection` passes one.
`TrackingSMTP` records whether DATA was reached, which tells a harmless lost connection (the
message never left) from an ambiguous one.
"""

from __future__ import annotations

import smtplib
import socket
from email.message import EmailMessage
from typing import TYPE_CHECKING

import flask_mail

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer


class _Tracking:
    """Mixin: remembers whether the current message reached DATA; sends without Nagle delay.

    A connection lost before DATA cannot have delivered the message, so it is safe to
    reconnect and try again at once; one lost during DATA is ambiguous and is retried later.

    TCP_NODELAY: smtplib writes each message with one sendall and then waits for the reply.
    On a reused connection the last partial segment of that write otherwise waits for the
    server's delayed ACK (40 ms on Linux), which made reusing a connection slower than opening
    a new one per message (bench/mail_bench.py).
    """

    data_started = False
    # True once the server has answered 250 to the message: from then on it is delivered,
    # whatever fails afterwards (Flask-Mail's reconnect after MAIL_MAX_EMAILS, a signal
    # receiver, the next command, QUIT).
    accepted = False

    def _get_socket(self, host: str, port: int, timeout: float) -> socket.socket:
        sock: socket.socket = super()._get_socket(host, port, timeout)  # type: ignore[misc]
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return sock

    def data(self, msg: ReadableBuffer | str) -> tuple[int, bytes]:
        self.data_started = True
        reply: tuple[int, bytes] = super().data(msg)  # type: ignore[misc]
        # smtplib raises SMTPDataError unless the reply is 250, so getting here means accepted.
        self.accepted = True
        return reply

    def start_message(self) -> None:
        self.data_started = self.accepted = False


class TrackingSMTP(_Tracking, smtplib.SMTP):
    pass


class TrackingSMTPSSL(_Tracking, smtplib.SMTP_SSL):
    pass


class TimeoutConnection(flask_mail.Connection):
    """Flask-Mail's connection with a socket timeout on connect and on every reply."""

    def __init__(self, state: flask_mail._Mail, timeout: float) -> None:
        super().__init__(state)  # type: ignore[arg-type]
        self.timeout = timeout

    def configure_host(self) -> smtplib.SMTP:
        state = self.mail
        host: smtplib.SMTP
        if state.use_ssl:
            host = TrackingSMTPSSL(state.server, state.port, timeout=self.timeout)
        else:
            host = TrackingSMTP(state.server, state.port, timeout=self.timeout)
        if state.use_tls:
            host.starttls()
        if state.username and state.password:
            host.login(state.username, state.password)
        return host

    def close(self) -> None:
        """QUIT politely; the messages are already recorded, so a failure here changes nothing."""
        host, self.host = self.host, None
        if host is None:
            return
        try:
            host.quit()
        except (smtplib.SMTPException, OSError):
            host.close()


class OutboxMail(flask_mail.Message):
    """A Flask-Mail message whose MIME form is the outbox's own (see `recruit.mail`)."""

    def __init__(self, mime: EmailMessage, recipient: str, sender: str) -> None:
        super().__init__(subject=str(mime["Subject"]), recipients=[recipient], sender=sender)
        self.msgId = str(mime["Message-ID"])
        self._mime = mime

    def _message(self) -> EmailMessage:  # type: ignore[override]
        return self._mime
