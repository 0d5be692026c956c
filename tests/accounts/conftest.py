"""The recording SMTP server of the mail tests, and logging in as someone other than the
fixture's admin."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from tests import factories
from tests.mail.conftest import free_port, mail_app, make_smtp_server, smtp_server

__all__ = ["free_port", "mail_app", "make_smtp_server", "smtp_server"]


@pytest.fixture
def client_of(app: Flask) -> Callable[[Any], Any]:
    """A test client logged in as `user` (whose password is the factories' default)."""

    def login(user: Any) -> Any:
        client = app.test_client()
        response = client.post("/auth/login", data={
            "email": user.email, "password": factories.STAFF_PASSWORD})
        assert response.status_code == 302, "could not log in"
        return client

    return login
