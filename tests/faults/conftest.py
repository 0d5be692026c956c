"""The real SMTP servers of the mail tests, for the fault tests too."""

from tests.mail.conftest import free_port, make_smtp_server  # noqa: F401
