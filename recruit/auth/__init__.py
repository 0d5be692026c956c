"""Staff login and logout. Youth and employers never log in: they use private links."""

from __future__ import annotations

from flask import Flask

from recruit.auth.routes import bp


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
