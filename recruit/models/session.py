"""Server-side sessions kept in the database (when no Redis is configured).

The browser's cookie holds only a random session id; the row is keyed by that id's sha256,
so a copy of the database cannot be turned into a working cookie.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from recruit.extensions import Model
from recruit.models.base import UTCDateTime


class ServerSession(Model):
    __tablename__ = "server_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    # sha256 (hex) of the id in the cookie.
    store_id: Mapped[str] = mapped_column(sa.String(64), unique=True)
    data: Mapped[bytes] = mapped_column(sa.LargeBinary)
    # The idle limit: every use moves it on; past it the session is gone.
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)

    def __repr__(self) -> str:
        return f"<ServerSession {self.id}>"
