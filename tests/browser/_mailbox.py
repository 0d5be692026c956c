"""The browser tests' mailbox: what the app really sent over SMTP, and the links in it.

The SMTP server is the mail tests' recording aiosmtpd server (tests/mail/conftest.py); the
journeys wait here for the message a person would open, and take the link out of its text
part, as the person would click it.
"""

from __future__ import annotations

import re
import time
from email.message import EmailMessage

from tests.mail.conftest import LOOPBACK, SMTPTestServer, _free_port

__all__ = ["Mailbox", "SMTPTestServer", "free_loopback_port"]

URL = re.compile(r"https?://[^\s<>\"']+")
# The in-process sender delivers right after the commit; a loaded 2-core machine may lag.
WAIT_SECONDS = 30


def free_loopback_port() -> int:
    return _free_port()


class Mailbox:
    def __init__(self, smtp: SMTPTestServer) -> None:
        self.smtp = smtp
        self.host = LOOPBACK
        self.port = smtp.port

    def messages_to(self, address: str) -> list[EmailMessage]:
        with self.smtp.lock:
            received = list(self.smtp.received)
        return [item.message for item in received if address in item.rcpt_tos]

    def wait_for_link(self, address: str, path: str, *, after: int = 0) -> str:
        """The first link containing `path` in a message to `address`, skipping the first
        `after` messages to that address (those read before); waits for it to arrive."""
        deadline = time.monotonic() + WAIT_SECONDS
        while True:
            for message in self.messages_to(address)[after:]:
                for url in URL.findall(text_of(message)):
                    if path in url:
                        return url
            if time.monotonic() > deadline:
                subjects = [str(m["Subject"]) for m in self.messages_to(address)]
                raise AssertionError(
                    f"no e-mail to {address} with a link to {path!r} within {WAIT_SECONDS} s; "
                    f"received: {subjects}"
                )
            time.sleep(0.2)


def text_of(message: EmailMessage) -> str:
    """The plain-text body, the part a person reads in any mail program."""
    part = message.get_body(preferencelist=("plain",))
    assert part is not None, f"no text/plain part in {message['Subject']!r}"
    return str(part.get_content())
