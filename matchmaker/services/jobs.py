"""Jobs: asynchronous work with a record in the database, the source of truth (not Celery's result backend).

A job is created ``queued`` (with ids and parameters only, never personal data), handed to the broker by
:func:`dispatch`, and run by a worker through :func:`run`, which marks it ``running`` (attempts + 1), calls
the function registered for its kind and stores its result as ``succeeded``, or the reason as ``failed``.

Job kinds register here (see :data:`KIND_MODULES`)::

    @job_kind("region_demand", queue=BULK, scopes=lambda job: ["taxonomy", f"region:{job.subject_id}"])
    def region_demand(*, session, job, progress) -> dict: ...

A kind's function must be idempotent: it *replaces* its outputs (never appends), so running it twice leaves
the same database state, because delivery is at-least-once. ``progress(fraction)`` stores the progress and
commits the session: write outputs after the last progress call (a crash in between is harmless anyway,
as the rerun replaces them). Raise :class:`~matchmaker.errors.DomainError` for a reason the user should
read; database or broker outages (:data:`TRANSIENT_ERRORS`) are retried with jittered backoff; after
``JOB_MAX_ATTEMPTS`` attempts (worker crashes count: the attempt counter lives in the row) the job fails.

A fan-out kind (:func:`fan_out_kind`) has child jobs, one per region and kind, dispatched as a Celery group;
when the last child finishes, its ``gather`` function folds the children's results into the parent.
"""
from __future__ import annotations

import hashlib
import json
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from importlib import import_module

import kombu.exceptions
import redis.exceptions
import sqlalchemy.exc
from celery import group
from celery.exceptions import SoftTimeLimitExceeded
from flask import current_app
from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.orm import Session, defer

from matchmaker.engine.errors import EngineError
from matchmaker.errors import DomainError, NotFound, ServiceUnavailable, from_engine
from matchmaker.explanations import with_sentences
from matchmaker.models import Job, Person, User
from matchmaker.models.base import utcnow
from matchmaker.security import policies
from matchmaker.services import data_versions, refresh, stored_results
from matchmaker.services.cache import VersionedCache
from matchmaker.services.readable import readable

log = logging.getLogger(__name__)

INTERACTIVE, BULK = "interactive", "bulk"
FINISHED = ("succeeded", "failed")
RUN_JOB, GATHER_JOB = "matchmaker.run_job", "matchmaker.gather_job"

#: modules whose import registers job kinds; the engine's kinds (career paths, matches, allocation,
#: partner matches) add their module here
KIND_MODULES = ("matchmaker.services.region_jobs", "matchmaker.services.career_paths", "matchmaker.services.allocation",
                "matchmaker.services.partners", "matchmaker.services.insights", "matchmaker.services.proposals",
                "matchmaker.services.stored_candidates", "matchmaker.services.stored_matches")

#: the database or the broker is briefly away: retry the task later
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    redis.exceptions.ConnectionError,
    redis.exceptions.TimeoutError,
    kombu.exceptions.OperationalError,
)
#: publishing a task failed because the broker is unreachable
BROKER_ERRORS: tuple[type[BaseException], ...] = (
    kombu.exceptions.OperationalError,
    redis.exceptions.RedisError,
    ConnectionError,
    TimeoutError,
)
RETRY_AFTER_SECONDS = 30

Progress = Callable[[float], None]


@dataclass(frozen=True)
class JobKind:
    name: str
    queue: str
    #: the data-version scopes the job reads (for the stale marker)
    scopes: Callable[[Job], list[str]]
    run: Callable[..., dict] | None = None
    gather: Callable[..., dict] | None = None

    @property
    def fans_out(self) -> bool:
        return self.gather is not None


_KINDS: dict[str, JobKind] = {}


def _register(kind: JobKind) -> None:
    if kind.queue not in (INTERACTIVE, BULK):
        raise ValueError(f"job kind {kind.name}: queue must be {INTERACTIVE!r} or {BULK!r}")
    _KINDS[kind.name] = kind


def job_kind(name: str, *, queue: str, scopes: Callable[[Job], list[str]]):
    """Register ``run(*, session, job, progress) -> dict`` as the work of jobs of kind ``name``."""
    def register(run):
        _register(JobKind(name=name, queue=queue, scopes=scopes, run=run))
        return run
    return register


def fan_out_kind(name: str, *, queue: str, scopes: Callable[[Job], list[str]]):
    """Register ``gather(*, session, job, children) -> dict`` for a job that fans out into child jobs."""
    def register(gather):
        _register(JobKind(name=name, queue=queue, scopes=scopes, gather=gather))
        return gather
    return register


def kinds() -> dict[str, JobKind]:
    for module in KIND_MODULES:
        import_module(module)
    return _KINDS


def kind_of(name: str) -> JobKind | None:
    return kinds().get(name)


# --- creating and dispatching -------------------------------------------------------------------------


def create(*, session: Session, kind: str, subject_type: str, subject_id: str, params: dict | None = None,
           actor: User | None = None, parent: Job | None = None, request_key: str | None = None) -> Job:
    """A queued job record (not yet sent to a worker: see :func:`dispatch`)."""
    if kind_of(kind) is None:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(kind=kind, status="queued", progress=0.0, subject_type=subject_type, subject_id=subject_id,
              params=params or {}, error="", attempts=0, data_version=0,
              created_by_id=actor.id if actor else None, parent_id=parent.id if parent else None,
              request_key=request_key)
    session.add(job)
    session.flush()
    return job


def request_key(*, kind: str, subject_type: str, subject_id: str, params: dict, actor: User | None) -> str:
    """What was asked, and by whom, as a key (a SHA-256 in hex): equal for equal requests."""
    asked = [kind, subject_type, subject_id, params, actor.id if actor else None]
    return hashlib.sha256(json.dumps(asked, sort_keys=True, default=str).encode("utf-8")).hexdigest()


def create_once(*, session: Session, kind: str, subject_type: str, subject_id: str, params: dict | None = None,
                actor: User | None = None) -> tuple[Job, bool]:
    """(job, True) with a new queued job; (job, False) with the job ``actor`` asked for already with the same
    kind, subject and params while it is still queued or running: it is not queued a second time.

    A unique index over the unfinished jobs' request keys decides between concurrent requests: the loser's
    transaction is rolled back (it wrote nothing else) and it gets the winner's job.
    """
    key = request_key(kind=kind, subject_type=subject_type, subject_id=subject_id, params=params or {}, actor=actor)
    for _ in range(3):
        unfinished = session.scalar(select(Job).where(Job.request_key == key, Job.status.in_(("queued", "running"))))
        if unfinished is not None:
            return unfinished, False
        try:
            return create(session=session, kind=kind, subject_type=subject_type, subject_id=subject_id,
                          params=params, actor=actor, request_key=key), True
        except sqlalchemy.exc.IntegrityError:
            session.rollback()  # an identical request was stored meanwhile: answer with its job
    raise ServiceUnavailable("This job is being asked for by several requests at once; try again.",
                             retry_after=1)


def _celery():
    return current_app.extensions["celery"]


def dispatch(*, session: Session, job: Job) -> None:
    """Send ``job`` to its queue (commits first, so a worker always finds the record).

    When the broker is unreachable the job stays ``queued`` (beat's sweep dispatches it later) and
    :class:`ServiceUnavailable` (503 with Retry-After) is raised.
    """
    kind = kind_of(job.kind)
    celery = _celery()
    now = utcnow()
    if kind.fans_out:
        children = list(session.scalars(
            select(Job).where(Job.parent_id == job.id, Job.status == "queued").order_by(Job.id)))
        job.status, job.started_at = "running", job.started_at or now
        job.data_version = data_versions.combined(session=session, scopes=kind.scopes(job))
        touched = [job, *children]
        signatures = [celery.tasks[RUN_JOB].si(child.id).set(queue=kind_of(child.kind).queue) for child in children]

        def send():
            if signatures:
                group(signatures).apply_async()
            else:
                celery.tasks[GATHER_JOB].apply_async(args=[job.id])
    else:
        touched = [job]

        def send():
            celery.tasks[RUN_JOB].apply_async(args=[job.id], queue=kind.queue)
    for record in touched:
        record.dispatched_at = now
    session.commit()
    try:
        send()
    except BROKER_ERRORS as exc:
        session.rollback()
        log.warning("broker unreachable (%s); job %s stays queued for beat's sweep", type(exc).__name__, job.id)
        for record in touched:
            record.dispatched_at = None
        if kind.fans_out and job.status == "running":
            job.status, job.started_at = "queued", None
        session.commit()
        raise ServiceUnavailable(
            "The job queue is unreachable right now; job %(id)s is stored and starts when the queue is back.",
            retry_after=RETRY_AFTER_SECONDS,
        id=job.id) from exc
    session.refresh(job)  # in-process (embedded) runs have already finished it


def _dispatch_gather(parent_id: int) -> None:
    try:
        _celery().tasks[GATHER_JOB].apply_async(args=[parent_id])
    except BROKER_ERRORS as exc:
        log.warning("could not dispatch the gather of job %s (%s); beat's sweep will", parent_id, type(exc).__name__)


# --- running -------------------------------------------------------------------------------------------


def _finish(session: Session, job: Job, status: str, error: str = "") -> None:
    job.status, job.error, job.finished_at = status, error, utcnow()
    if status == "succeeded":
        job.progress = 1.0
    session.commit()


def _progress_reporter(session: Session, job: Job) -> Progress:
    def progress(fraction: float) -> None:
        job.progress = min(max(float(fraction), 0.0), 0.99)
        session.commit()
    return progress


def _failure_reason(exc: BaseException) -> str:
    """What went wrong, without the exception's text (it may quote records); the traceback goes to the log."""
    if isinstance(exc, DomainError):
        return exc.message
    if isinstance(exc, EngineError):
        return from_engine(exc).message
    return f"{type(exc).__name__} (details in the worker log)"


def run(*, session: Session, job_id: int, redelivered: bool = False, retries: int = 0) -> str:
    """Run job ``job_id`` once more if it needs it; returns what happened.

    ``redelivered``/``retries`` say whether an earlier delivery of this task may have started it: a
    ``running`` job is then taken over (its worker died); otherwise another worker is on it and this
    duplicate message is dropped. A finished job is never run again.
    """
    job = session.get(Job, job_id, with_for_update=True, populate_existing=True)
    if job is None:
        session.rollback()
        return "missing"
    if job.status in FINISHED:
        session.rollback()
        return "already-finished"
    if job.status == "running" and not (redelivered or retries):
        session.rollback()
        return "running-elsewhere"
    kind = kind_of(job.kind)
    if kind is None or kind.run is None:
        _finish(session, job, "failed", f"Job kind {job.kind!r} cannot run on its own.")
        return "failed"
    max_attempts = current_app.config["JOB_MAX_ATTEMPTS"]
    if job.attempts >= max_attempts:
        last = job.error or "the worker stopped while running it (killed or lost)"
        _finish(session, job, "failed", f"Gave up after {job.attempts} attempts; last: {last}")
        _after(session, job)
        return "failed"
    job.status, job.attempts, job.started_at, job.finished_at = "running", job.attempts + 1, utcnow(), None
    job.progress = 0.0
    job.data_version = data_versions.combined(session=session, scopes=kind.scopes(job))
    session.commit()
    try:
        result = kind.run(session=session, job=job, progress=_progress_reporter(session, job))
    except TRANSIENT_ERRORS as exc:
        _note_transient(session, job_id, exc)
        raise
    except SoftTimeLimitExceeded:
        session.rollback()
        limit = current_app.config["TASK_SOFT_TIME_LIMIT"]
        _finish(session, job, "failed", f"Took longer than the time limit of {limit} seconds.")
    except Exception as exc:  # any other failure is the job's, recorded with its reason
        session.rollback()
        log.error("job %s (%s) failed: %s\n%s", job_id, job.kind, type(exc).__name__,
                  "".join(traceback.format_tb(exc.__traceback__)))
        _finish(session, job, "failed", _failure_reason(exc))
    else:
        job.result = result
        _finish(session, job, "succeeded")
    _after(session, job)
    return job.status


def _note_transient(session: Session, job_id: int, exc: BaseException) -> None:
    """Best effort: say on the record why the job is being retried."""
    try:
        session.rollback()
        session.execute(update(Job).where(Job.id == job_id).values(
            error=f"{type(exc).__name__}: database or broker unavailable; retrying"))
        session.commit()
    except Exception:  # the database may be the thing that is down
        session.rollback()


def _after(session: Session, job: Job) -> None:
    """A finished child job: update its parent's progress; gather when it was the last one."""
    if job.parent_id is None:
        return
    parent_id = job.parent_id
    total, done = session.execute(
        select(func.count(), func.count().filter(Job.status.in_(FINISHED))).where(Job.parent_id == parent_id)
    ).one()
    session.execute(update(Job).where(Job.id == parent_id, Job.status == "running").values(
        progress=min(done / total, 0.99)))
    session.commit()
    if done == total:
        _dispatch_gather(parent_id)


def gather(*, session: Session, job_id: int) -> str:
    """Fold a fan-out job's finished children into it (idempotent: a finished parent is left alone)."""
    parent = session.get(Job, job_id, with_for_update=True, populate_existing=True)
    if parent is None or parent.status in FINISHED:
        session.rollback()
        return "already-finished" if parent else "missing"
    children = list(session.scalars(select(Job).where(Job.parent_id == parent.id).order_by(Job.id)))
    done = [child for child in children if child.status in FINISHED]
    if len(done) < len(children):
        parent.progress = min(len(done) / len(children), 0.99)
        session.commit()
        return "waiting"
    parent.result = kind_of(parent.kind).gather(session=session, job=parent, children=children)
    failed = [child for child in children if child.status == "failed"]
    error = ""
    if failed:
        error = f"{len(failed)} of {len(children)} jobs failed: " + "; ".join(
            f"job {child.id} ({child.kind}, {child.subject_id}): {child.error}" for child in failed)
    _finish(session, parent, "failed" if failed else "succeeded", error)
    return parent.status


def fail_unfinished(*, session: Session, job_id: int, reason: str) -> None:
    """The task gave up (hard time limit, retries exhausted): record it unless the job already finished."""
    job = session.get(Job, job_id, with_for_update=True, populate_existing=True)
    if job is None or job.status in FINISHED:
        session.rollback()
        return
    _finish(session, job, "failed", reason)
    _after(session, job)


# --- beat's sweep ---------------------------------------------------------------------------------------


def sweep(*, session: Session, now: datetime | None = None) -> dict:
    """Repair what the broker could not: dispatch stored jobs, re-queue lost ones, gather finished fan-outs.

    - queued and never dispatched (the broker was down) for one sweep interval, or dispatched more than
      ``JOB_REDISPATCH_AFTER`` seconds ago and still not started (its message was lost): dispatch again;
    - running for twice the visibility timeout (no live worker can still be on it, the hard time limit
      being shorter): queue it again, or fail it when its attempts are used up;
    - fan-out jobs whose children all finished: gather.
    """
    config = current_app.config
    now = now or utcnow()
    counts = {"dispatched": 0, "requeued": 0, "failed": 0, "gathered": 0}
    waiting = list(session.scalars(select(Job).where(
        Job.status == "queued",
        or_(and_(Job.dispatched_at.is_(None), Job.created_at < now - timedelta(seconds=config["JOB_SWEEP_INTERVAL"])),
            Job.dispatched_at < now - timedelta(seconds=config["JOB_REDISPATCH_AFTER"])),
    ).order_by(Job.id)))
    lost_before = now - timedelta(seconds=2 * config["BROKER_VISIBILITY_TIMEOUT"])
    for job in list(session.scalars(select(Job).where(Job.status == "running", Job.started_at < lost_before))):
        if kind_of(job.kind) is not None and kind_of(job.kind).fans_out:
            continue
        if job.attempts >= config["JOB_MAX_ATTEMPTS"]:
            _finish(session, job, "failed",
                    f"Stopped without finishing after {job.attempts} attempts (the worker was lost).")
            _after(session, job)
            counts["failed"] += 1
        else:
            job.status, job.dispatched_at = "queued", None
            job.error = "The worker running it was lost; queued again."
            session.commit()
            waiting.append(job)
            counts["requeued"] += 1
    waiting_ids = {job.id for job in waiting}
    for job in waiting:
        if job.status != "queued":
            continue  # a parent's dispatch sent it meanwhile
        if job.parent_id is not None and (job.parent_id in waiting_ids
                                          or session.get(Job, job.parent_id).status == "queued"):
            continue  # dispatching the parent sends it
        try:
            dispatch(session=session, job=job)
        except ServiceUnavailable:
            break  # still down: the next sweep tries again
        counts["dispatched"] += 1
    for parent in list(session.scalars(select(Job).where(Job.status == "running", Job.dispatched_at.is_not(None)))):
        kind = kind_of(parent.kind)
        if kind is None or not kind.fans_out:
            continue
        pending = session.scalar(select(func.count()).where(Job.parent_id == parent.id, Job.status.not_in(FINISHED)))
        if pending == 0 and gather(session=session, job_id=parent.id) in FINISHED:
            counts["gathered"] += 1
    session.commit()
    return counts


# --- reading --------------------------------------------------------------------------------------------


def get(*, session: Session, actor: User, job_id: int) -> dict:
    """The job as its reader sees it, with the stale marker: a job about a person for whoever may see that person
    now, any other job for its creator; admins read every job; 404 for anyone else."""
    job = session.get(Job, job_id)
    subject = session.get(Person, int(job.subject_id)) if job is not None and job.subject_type == "person" else None
    if job is None or not policies.can_see_job(actor, job, subject):
        raise NotFound("No job with id %(job_id)s.", job_id=job_id)
    return describe(session=session, job=job, reader=actor)


def is_stale(*, session: Session, job: Job) -> bool:
    """A succeeded job whose input data changed after it ran."""
    kind = kind_of(job.kind)
    if job.status != "succeeded" or kind is None:
        return False
    return data_versions.combined(session=session, scopes=kind.scopes(job)) > job.data_version


def latest_succeeded(*, session: Session, kind: str, subject_id: str) -> Job | None:
    """The most recent succeeded job of ``kind`` about ``subject_id`` (None when there is none); its result
    is loaded when first read (see :func:`shared_result`)."""
    return session.scalar(select(Job).options(defer(Job.result))
                          .where(Job.kind == kind, Job.subject_id == subject_id, Job.status == "succeeded")
                          .order_by(Job.finished_at.desc(), Job.id.desc()).limit(1))


#: how many results a process keeps (a region's partner matches are a few MB)
SHARED_RESULTS = 8
#: parsed results of succeeded jobs, per process: (database, job id, finished) -> result. A succeeded job is never
#: run again, so its result never changes. Only for kinds whose results hold no personal data.
_RESULTS: VersionedCache[dict] = VersionedCache(size=SHARED_RESULTS)


def shared_result(*, session: Session, job: Job) -> dict:
    """The result of succeeded ``job``, parsed once per process and then shared by every request (read-only)."""
    return _RESULTS.get((str(session.get_bind().url), job.id, job.finished_at), lambda: job.result)


def stored_or_run(*, session: Session, kind: str, subject_type: str, subject_id: str) -> Job:
    """The latest succeeded job of ``kind`` about ``subject_id``; when there is none yet, one is created and
    run here, in this process, once (it is stored like any other, so the next read finds it). The job has no
    creator: its result is read through the endpoints that check access, not through ``GET /jobs/<id>``."""
    job = latest_succeeded(session=session, kind=kind, subject_id=subject_id)
    return job if job is not None else run_now(session=session, kind=kind, subject_type=subject_type,
                                                   subject_id=subject_id)


def run_now(*, session: Session, kind: str, subject_type: str, subject_id: str) -> Job:
    """A new job of ``kind`` about ``subject_id``, run here and now and stored; 503 when it fails."""
    job = create(session=session, kind=kind, subject_type=subject_type, subject_id=subject_id)
    session.commit()
    run(session=session, job_id=job.id)
    job = session.get(Job, job.id)
    if job.status != "succeeded":
        raise ServiceUnavailable("Computing this failed (job %(id)s): %(error)s", retry_after=RETRY_AFTER_SECONDS, id=job.id, error=job.error)
    return job


def refresh_pending(*, session: Session, job: Job) -> bool:
    """Is a refresh of ``job``'s result waiting or running: an automatic refresh or a recompute of a region it
    reads, or a newer job of the same kind about the same subject?"""
    kind = kind_of(job.kind)
    scopes = kind.scopes(job) if kind is not None else []
    regions = [scope.split(":", 1)[1] for scope in scopes if scope.startswith("region:")]
    if refresh.pending(session=session, regions=regions):
        return True
    return bool(session.scalar(select(func.count()).where(
        Job.kind == job.kind, Job.subject_id == job.subject_id, Job.id > job.id, Job.status.in_(("queued", "running")))))


def freshness(*, session: Session, job: Job) -> dict:
    """When a stored result was computed, from which data version, whether that data changed since, and whether
    its refresh is on the way."""
    return {"job_id": job.id, "computed_at": job.finished_at, "data_version": job.data_version,
            "stale": is_stale(session=session, job=job), "refresh_pending": refresh_pending(session=session, job=job)}


def computed_now() -> dict:
    """The freshness of a result computed for this request: current, nothing to refresh (no ``computed_at``: the
    answer stays the same bytes while its data stays the same)."""
    return {"stale": False, "refresh_pending": False}


def describe(*, session: Session, job: Job, reader: User | None = None) -> dict:
    """The job as the API shows it; for a ``reader`` its result without what they may not read."""
    return {
        "id": job.id, "kind": job.kind, "status": job.status, "progress": job.progress, "error": job.error,
        "subject": {"type": job.subject_type, "id": job.subject_id},
        "result": readable(session, with_sentences(
            stored_results.present(session, job) if reader is None
            else policies.without_special_category(reader, stored_results.present(session, job)))),
        "attempts": job.attempts, "data_version": job.data_version, "stale": is_stale(session=session, job=job),
        "refresh_pending": refresh_pending(session=session, job=job), "parent_id": job.parent_id, "created_at": job.created_at, "started_at": job.started_at,
        "finished_at": job.finished_at,
    }
