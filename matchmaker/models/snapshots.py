"""Computed views of a region, replaced (never appended) by the job that computes them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.models.base import Base, BigId, JSONList, UtcDateTime, utcnow


class RegionSnapshot(Base):
    """Open demand of one labour-market region: headcount per occupation and month."""

    __tablename__ = "region_snapshots"

    region_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    job_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("jobs.id", ondelete="SET NULL"))
    data_version: Mapped[int] = mapped_column(Integer, default=0)
    open_needs: Mapped[int] = mapped_column(Integer, default=0)
    total_headcount: Mapped[int] = mapped_column(Integer, default=0)
    #: [{"occupation_id": int | None, "headcount_by_month": [12 ints]}], ordered by occupation id
    demand: Mapped[list] = mapped_column(JSONList, default=list)
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class RefreshRequest(Base):
    """A region whose data changed and whose computed results are to be recomputed (services/refresh.py): one
    row per region while a refresh is waiting; the first change since the last refresh sets when it is due, later
    ones join it (debounce)."""

    __tablename__ = "refresh_requests"

    region_code: Mapped[str] = mapped_column(String(40), primary_key=True)
    requested_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    due_at: Mapped[datetime] = mapped_column(UtcDateTime, index=True)
