"""Computed views of a region, replaced (never appended) by the job that computes them."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, LargeBinary, String
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


class DerivedResult(Base):
    """A province-wide derived result without personal data (the transition table, the province's partner matches),
    stored once per data version for every process on every machine (services/derived.py). ``computations``
    counts how often this version was computed: once, when the processes waited for each other as they should."""

    __tablename__ = "derived_results"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    #: a digest of what it was computed from (database and data versions)
    version_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    payload: Mapped[bytes] = mapped_column(LargeBinary)
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    #: which process computed it ("host pid"), and how many times this version was computed
    computed_by: Mapped[str] = mapped_column(String(120), default="")
    computations: Mapped[int] = mapped_column(Integer, default=1)


class StoredCandidates(Base):
    """An open need's best candidates as its region's recompute found them (services/stored_candidates.py):
    computed without special-category data, as the employer's view always is; person ids and the facts of their
    explanations, never a name, pseudonym or contact (those are applied when read, for the reader)."""

    __tablename__ = "stored_candidates"

    need_id: Mapped[int] = mapped_column(BigId, ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True)
    region_code: Mapped[str] = mapped_column(String(40), index=True)
    job_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("jobs.id", ondelete="SET NULL"))
    #: the taxonomy's and the need's region's versions summed when computed, and the need's own version
    data_version: Mapped[int] = mapped_column(Integer, default=0)
    need_version: Mapped[int] = mapped_column(Integer, default=0)
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    #: the people who pass every check of the need; ``items`` holds the best of them, best first
    people_considered: Mapped[int] = mapped_column(Integer, default=0)
    items: Mapped[list] = mapped_column(JSONList, default=list)


class StoredMatches(Base):
    """A person's best matches as their region's recompute found them (services/stored_matches.py): the person's
    own view, computed with their special-category data when they consented to its use, so the row is the
    person's data: read only through the person's matches (the person, their advisor, admins; the read audited),
    never cached in memory, and deleted with the person. Facts only; the words are written when read."""

    __tablename__ = "stored_matches"

    person_id: Mapped[int] = mapped_column(BigId, ForeignKey("people.id", ondelete="CASCADE"), primary_key=True)
    region_code: Mapped[str] = mapped_column(String(40), index=True)
    job_id: Mapped[int | None] = mapped_column(BigId, ForeignKey("jobs.id", ondelete="SET NULL"))
    #: the taxonomy's, the deletions' and every region's versions summed when computed, and the person's version
    data_version: Mapped[int] = mapped_column(Integer, default=0)
    person_version: Mapped[int] = mapped_column(Integer, default=0)
    computed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    open_needs_considered: Mapped[int] = mapped_column(Integer, default=0)
    #: the feasible matches best first, then the closest blocked ones
    items: Mapped[list] = mapped_column(JSONList, default=list)
