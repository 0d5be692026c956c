"""The change-path tests reuse the mail tests' real SMTP server."""

from tests.mail.conftest import make_smtp_server, smtp_server

__all__ = ["make_smtp_server", "smtp_server"]
