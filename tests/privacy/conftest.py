"""The recording SMTP server of the mail tests and the fake SMS gateway of the SMS tests, for
tests that read what arrived."""

from tests.mail.conftest import free_port, mail_app, make_smtp_server, smtp_server
from tests.sms.conftest import sms_app, sms_gateway

__all__ = ["free_port", "mail_app", "make_smtp_server", "sms_app", "sms_gateway", "smtp_server"]
