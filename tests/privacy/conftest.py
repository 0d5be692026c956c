"""The recording SMTP server of the mail tests, for tests that read what arrived."""

from tests.mail.conftest import free_port, mail_app, make_smtp_server, smtp_server

__all__ = ["free_port", "mail_app", "make_smtp_server", "smtp_server"]
