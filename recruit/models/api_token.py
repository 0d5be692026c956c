"""API tokens: how the organisation's other systems reach the JSON API (recruit.api).

A token belongs to the organisation that runs this service, not to the staff member who
created it: it keeps working when that person's account is closed. Only admins create and
revoke tokens (`recruit.core.access`), and an admin sees every event, so a token reaches
nothing that the staff who manage tokens cannot see; coordinators have no token of their own.
The database keeps only the token's sha256 (as for private links).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from recruit.extensions import Model
from recruit.models.base import UTCDateTime, one_of, utcnow

API_SCOPES = ("read", "write")


class ApiToken(Model):
    __tablename__ = "api_token"
    __table_args__ = (sa.CheckConstraint(one_of("scope", API_SCOPES), name="scope_known"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # What the token is for, as staff named it ("Client register sync").
    name: Mapped[str] = mapped_column(sa.String(100))
    scope: Mapped[str] = mapped_column(sa.String(8))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The first characters of the token, so staff can tell tokens apart without the secret.
    prefix: Mapped[str] = mapped_column(sa.String(8))
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("staff_user.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    def __repr__(self) -> str:
        return f"<ApiToken {self.id} {self.scope}>"

    @property
    def active(self) -> bool:
        return self.revoked_at is None

    def allows(self, scope: str) -> bool:
        return self.active and (self.scope == "write" or scope == "read")
