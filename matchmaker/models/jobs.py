"""Job records for asynchronous work: the database, not the result backend, is the source of truth."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Float, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from matchmaker.models.base import Base, BigId, JSONList, NEVER_REUSED, UtcDateTime, utcnow

#: a job counts as waiting or working (not finished) while its status is one of these
UNFINISHED = "status IN ('queued', 'running')"


class Job(Base):
    __tablename__ = "jobs"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    status: Mapped[str] = mapped_column(String(10), default="queued", index=True)
    progress: Mapped[float] = mapped_column(Float, default=0.0)
    subject_type: Mapped[str] = mapped_column(String(40), default="")
    subject_id: Mapped[str] = mapped_column(String(80), default="")
    params: Mapped[dict] = mapped_column(JSONList, default=dict)
    result: Mapped[dict | None] = mapped_column(JSONList)
    error: Mapped[str] = mapped_column(Text, default="")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    data_version: Mapped[int] = mapped_column(Integer, default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    #: a fan-out job (e.g. recompute of several regions) and the per-region jobs it gathers
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("jobs.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    #: when its task was handed to the broker; None while the broker was unreachable (beat dispatches it later)
    dispatched_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    #: what was asked (kind, subject, inputs, by whom), hashed; while the job is unfinished no other job has the
    #: same key, so asking again returns this job (services/jobs.py, ``create_once``). None: no such check.
    request_key: Mapped[str | None] = mapped_column(String(64))

    __table_args__ = (
        #: the latest succeeded job of a kind about a subject (every page of a stored result asks for it)
        Index("ix_jobs_latest", "kind", "subject_id", "status", "finished_at", "id"),
        Index("uq_jobs_request_key_unfinished", "request_key", unique=True,
              sqlite_where=text(UNFINISHED), postgresql_where=text(UNFINISHED)),
        NEVER_REUSED,
    )
