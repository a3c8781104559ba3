"""Notices: what a user should see on their start page without looking for it. Each is about one interest request:
for the person's advisor when an employer shows interest, for the person when the advisor passes it on, for the
employer's users when the person agrees or says no. A notice holds no text and no personal details: the page writes
it from the request, as that user may see it (the employer sees a name only after the person agreed)."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.models.base import Base, UtcDateTime, utcnow


class Notice(Base):
    __tablename__ = "notices"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    interest_request_id: Mapped[int] = mapped_column(ForeignKey("interest_requests.id", ondelete="CASCADE"),
                                                     primary_key=True, index=True)
    #: the request's status the notice tells of: requested | forwarded | accepted | declined
    status: Mapped[str] = mapped_column(String(12), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    #: when the user saw it (opened the page it is about, or marked it read); None: new
    read_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
