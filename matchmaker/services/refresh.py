"""Results refresh themselves: a write that changes a region's data schedules, debounced, a recompute of what it
touches, and every computed view says how fresh it is.

- **Noting a change.** The flush that bumps a region's data version (:mod:`matchmaker.services.data_versions`)
  also stores a :class:`~matchmaker.models.RefreshRequest` for that region, in the same transaction, unless one
  is waiting already: the first change since the region's last refresh sets when the refresh is due
  (``REFRESH_DELAY_SECONDS`` later); later changes join it. A rolled-back write leaves nothing behind.
- **Running it.** :func:`run_due` claims the due requests and starts, with no user behind it, a recompute of
  just those regions (open demand, allocation, partner matches, insights: ``services/region_jobs.py``) and the
  career paths of their people whose stored paths went stale. In the embedded default (no ``REDIS_URL``) one
  background thread of the process runs it (:class:`Refresher`), never the request that wrote; with a broker
  the committing process sends a ``matchmaker.refresh_due`` task with a countdown to the bulk queue, and beat's
  sweep runs :func:`run_due` as well (a lost task, a broker that was down, a region still busy).
- **A closing date that passed.** Nothing is written when a need closes by its date, so each round of
  :func:`run_due` first notes, once per Dutch day, the regions whose open needs a closing date changed since
  (:func:`matchmaker.services.open_needs.note_closed_by_date`): they count as changed, as after an edit.
- **While it runs.** A region with an unfinished recompute is left waiting (its request stays): changes made
  during a recompute are refreshed by the next one, so a busy region never has two recomputes at once.
- **Saying how fresh.** :func:`pending` tells a computed view whether a refresh of its data is waiting or
  running (``refresh_pending`` beside ``stale`` and ``computed_at``).

Only region codes travel (rows, task arguments): never a record's content.
"""
from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from datetime import timedelta

from flask import Flask, current_app, has_app_context
from sqlalchemy import event, exists, func, literal, select, union_all
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from matchmaker.models import Job, RefreshRequest
from matchmaker.models.base import utcnow

log = logging.getLogger(__name__)

REFRESH_DUE = "matchmaker.refresh_due"
#: seconds the embedded thread sleeps when nothing is waiting (a request in another process may add one)
IDLE_POLL_SECONDS = 60
_DUE_KEY = "refresh_due"


def enabled() -> bool:
    return has_app_context() and bool(current_app.config.get("AUTO_REFRESH"))


# --- noting a change (inside the writer's transaction) ------------------------------------------------------


def note_changed(session: Session, region_codes: Iterable[str]) -> None:
    """Called by the flush that bumps ``region_codes``' data versions: store a waiting refresh for each region
    that has none (an atomic INSERT … ON CONFLICT DO NOTHING, so concurrent writers create one between them)."""
    codes = sorted(set(region_codes) - {None, ""})
    if not codes or not enabled():
        return
    now = utcnow()
    due = now + timedelta(seconds=current_app.config["REFRESH_DELAY_SECONDS"])
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # one statement whatever the number of regions (its compiled form kept: the rows go as parameters)
    statement = insert(RefreshRequest).on_conflict_do_nothing(index_elements=["region_code"]).returning(
        RefreshRequest.region_code)
    rows = [{"region_code": code, "requested_at": now, "due_at": due} for code in codes]
    if session.execute(statement, rows).first() is not None:
        session.info[_DUE_KEY] = due


def _after_commit(session: Session) -> None:
    if session.info.pop(_DUE_KEY, None) is None or not enabled():
        return
    app = current_app._get_current_object()
    if app.config["REDIS_URL"]:
        _send_task(app)
    else:
        refresher(app).wake()


def _after_rollback(session: Session) -> None:
    session.info.pop(_DUE_KEY, None)


def _send_task(app: Flask) -> None:
    from matchmaker.services.jobs import BROKER_ERRORS

    try:
        app.extensions["celery"].tasks[REFRESH_DUE].apply_async(
            countdown=app.config["REFRESH_DELAY_SECONDS"] + 1, queue="bulk")
    except BROKER_ERRORS as exc:  # stored all the same: beat's sweep runs it
        log.warning("broker unreachable (%s); the refresh waits for beat's sweep", type(exc).__name__)


def track_refresh_requests(session_class) -> None:
    """Wake the refresher (or send its task) once a transaction that stored a refresh request commits."""
    if not event.contains(session_class, "after_commit", _after_commit):
        event.listen(session_class, "after_commit", _after_commit)
        event.listen(session_class, "after_rollback", _after_rollback)


# --- running the due refreshes ---------------------------------------------------------------------------------


def busy_regions(session: Session) -> set[str]:
    """Regions with a recompute queued or running."""
    return {code for params in session.scalars(_unfinished_recomputes())
            for code in (params or {}).get("regions", [])}


def _unfinished_recomputes(*columns):
    """The parameters of the recomputes queued or running (each names its regions), after ``columns``."""
    from matchmaker.services.region_jobs import RECOMPUTE

    return select(*columns, Job.params).where(Job.kind == RECOMPUTE, Job.parent_id.is_(None),
                                                Job.status.in_(("queued", "running")))


def run_due(*, session: Session, now=None) -> float | None:
    """Start the refreshes that are due: one recompute of the due regions that are not busy (their requests are
    removed in the same transaction), and the stale career paths of their people. On the first round of a Dutch
    day (the day of ``now``) the regions of the needs closed by their closing date are noted as changed first.
    Returns the seconds until the next waiting request is due (None: none waits)."""
    from matchmaker.errors import ServiceUnavailable
    from matchmaker.services import jobs, open_needs, region_jobs

    now = now or utcnow()
    open_needs.note_closed_by_date(session, open_needs.day_of(now))
    claim = select(RefreshRequest).where(RefreshRequest.due_at <= now).order_by(RefreshRequest.region_code)
    if session.get_bind().dialect.name == "postgresql":  # two workers never claim the same request
        claim = claim.with_for_update(skip_locked=True)
    busy = busy_regions(session)
    due = [request for request in session.scalars(claim) if request.region_code not in busy]
    started: list[Job] = []
    if due:
        codes = [request.region_code for request in due]
        for request in due:
            session.delete(request)
        session.flush()
        started.append(region_jobs.start_recompute(session=session, actor=None, regions=codes))
        started += _stale_career_paths(session, codes)
        log.info("refreshing %s (%d jobs)", ", ".join(codes), len(started))
    session.commit()
    for job in started:
        try:
            jobs.dispatch(session=session, job=job)
        except ServiceUnavailable:  # stored: beat's sweep dispatches it
            break
    waiting = session.scalar(select(func.min(RefreshRequest.due_at)))
    session.commit()
    if waiting is None:
        return None
    if busy & set(session.scalars(select(RefreshRequest.region_code))):
        return float(current_app.config["REFRESH_DELAY_SECONDS"] or 1)
    return max(0.0, (waiting - utcnow()).total_seconds())


def _stale_career_paths(session: Session, codes: list[str]) -> list[Job]:
    """A new career-paths job for each person of ``codes`` whose latest stored paths are stale (same k and steps;
    none when one is already queued or running)."""
    from matchmaker.services import jobs
    from matchmaker.services.career_paths import CAREER_PATHS

    latest: dict[str, Job] = {}
    for job in session.scalars(select(Job).where(Job.kind == CAREER_PATHS).order_by(Job.id)):
        latest[job.subject_id] = job
    out = []
    for job in latest.values():
        if job.params.get("region") in codes and jobs.is_stale(session=session, job=job):
            again, created = jobs.create_once(session=session, kind=CAREER_PATHS, subject_type="person",
                                              subject_id=job.subject_id, params=dict(job.params), actor=None)
            if created:
                out.append(again)
    return out


def clear_covered(session: Session, region_codes: Iterable[str]) -> None:
    """A recompute of ``region_codes`` is starting: the refreshes waiting for them are covered by it."""
    codes = list(region_codes)
    if codes:
        for request in session.scalars(select(RefreshRequest).where(RefreshRequest.region_code.in_(codes))):
            session.delete(request)


# --- saying how fresh ----------------------------------------------------------------------------------------


def pending(*, session: Session, regions: Iterable[str]) -> bool:
    """Is a refresh of any of ``regions`` waiting or running?"""
    codes = set(regions) - {None, ""}
    if not codes:
        return False
    # one round trip: a row when a request of these regions waits, and one per unfinished recompute
    waiting = select(literal(True).label("waiting"), literal(None, Job.params.type).label("params")).where(
        exists().where(RefreshRequest.region_code.in_(codes)))
    rows = session.execute(union_all(waiting, _unfinished_recomputes(literal(False)))).all()
    return any(is_waiting or codes & set((params or {}).get("regions", [])) for is_waiting, params in rows)


# --- the embedded default: one background thread per process ----------------------------------------------------


class Refresher:
    """Runs :func:`run_due` in a daemon thread of this process, woken when a write commits a refresh request and
    otherwise every :data:`IDLE_POLL_SECONDS` (or when the next request is due)."""

    def __init__(self, app: Flask):
        self.app = app
        self.wakeup = threading.Event()
        self.stopping = False
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def wake(self) -> None:
        self.start()
        self.wakeup.set()

    def start(self) -> None:
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.stopping = False
                self.thread = threading.Thread(target=self._loop, name="matchmaker-refresh", daemon=True)
                self.thread.start()

    def stop(self, timeout: float = 30) -> None:
        self.stopping = True
        self.wakeup.set()
        if self.thread is not None:
            self.thread.join(timeout)

    def _loop(self) -> None:
        from matchmaker.extensions import db

        while not self.stopping:
            self.wakeup.clear()
            wait = IDLE_POLL_SECONDS
            with self.app.app_context():
                try:
                    next_due = run_due(session=db.session)
                    wait = IDLE_POLL_SECONDS if next_due is None else min(next_due, IDLE_POLL_SECONDS)
                except Exception:  # logged; the next round tries again
                    log.exception("automatic refresh failed")
                    db.session.rollback()
                finally:
                    db.session.remove()
            self.wakeup.wait(wait)


def refresher(app: Flask) -> Refresher:
    """This process's refresher for ``app`` (created on first use)."""
    found = app.extensions.get("refresher")
    if found is None:
        found = app.extensions["refresher"] = Refresher(app)
    return found


def register_refresh(app: Flask) -> None:
    """Embedded default with AUTO_REFRESH: the first request of the process starts its refresher (which then
    also runs the refreshes that processes before it left waiting, e.g. an import from the command line)."""
    if not app.config["AUTO_REFRESH"] or app.config["REDIS_URL"]:
        return

    @app.before_request
    def start_refresher():
        refresher(app).start()
