"""Celery tasks: thin, named explicitly, taking only a job id; the work and its record live in
matchmaker/services/jobs.py (the database is the source of truth, not the result backend)."""
from __future__ import annotations

import logging

from celery import shared_task
from celery.exceptions import TimeLimitExceeded
from celery.signals import task_failure
from flask import current_app

from matchmaker.extensions import db
from matchmaker.services import audit, jobs, refresh, region_jobs

log = logging.getLogger(__name__)


@shared_task(name=jobs.RUN_JOB, bind=True, autoretry_for=jobs.TRANSIENT_ERRORS, retry_backoff=5,
             retry_backoff_max=60, retry_jitter=True, max_retries=2)
def run_job(self, job_id: int) -> dict:
    """Run job ``job_id``; a second delivery of the same message is harmless (see services/jobs.run)."""
    delivery = self.request.delivery_info or {}
    outcome = jobs.run(session=db.session, job_id=job_id, redelivered=bool(delivery.get("redelivered")),
                       retries=self.request.retries)
    return {"job_id": job_id, "outcome": outcome}


@shared_task(name=jobs.GATHER_JOB, bind=True, autoretry_for=jobs.TRANSIENT_ERRORS, retry_backoff=5,
             retry_backoff_max=60, retry_jitter=True, max_retries=2)
def gather_job(self, job_id: int) -> dict:
    """Fold the finished children of fan-out job ``job_id`` into it."""
    return {"job_id": job_id, "outcome": jobs.gather(session=db.session, job_id=job_id)}


@shared_task(name="matchmaker.sweep_jobs")
def sweep_jobs() -> dict:
    """Beat, every JOB_SWEEP_INTERVAL seconds: dispatch stored jobs, re-queue lost ones, gather fan-outs, and start
    the automatic refreshes that are due (their own task may have been lost, or their region was busy)."""
    counts = jobs.sweep(session=db.session)
    refresh.run_due(session=db.session)
    return counts


@shared_task(name=refresh.REFRESH_DUE)
def refresh_due() -> dict:
    """Sent with a countdown by a write that changed a region's data: start the refreshes that are due."""
    return {"next_due_in_seconds": refresh.run_due(session=db.session)}


@shared_task(name="matchmaker.nightly_recompute")
def nightly_recompute() -> dict:
    """Beat, nightly: recompute every region."""
    job = region_jobs.start_recompute(session=db.session, actor=None)
    db.session.commit()
    jobs.dispatch(session=db.session, job=job)
    return {"job_id": job.id}


@shared_task(name="matchmaker.purge_audit")
def purge_audit() -> dict:
    """Beat, nightly: remove audit events older than AUDIT_RETENTION_DAYS."""
    removed = audit.purge(session=db.session, retention_days=current_app.config["AUDIT_RETENTION_DAYS"])
    db.session.commit()
    return {"removed": removed}


@task_failure.connect
def record_task_failure(sender=None, task_id=None, exception=None, args=None, **_):
    """A run_job task that gave up (hard time limit in the parent process, retries exhausted): mark its job
    failed with the reason. Runs outside the task's app context, so it opens one."""
    if getattr(sender, "name", None) not in (jobs.RUN_JOB, jobs.GATHER_JOB) or not args:
        return
    if isinstance(exception, TimeLimitExceeded):
        reason = f"Stopped at the hard time limit ({exception.args[0] if exception.args else '?'} seconds)."
    else:
        reason = f"{type(exception).__name__}: database or broker unavailable, gave up after retrying."
    flask_app = sender.app.flask_app
    with flask_app.app_context():
        try:
            jobs.fail_unfinished(session=db.session, job_id=int(args[0]), reason=reason)
        except Exception:  # the database may still be down: beat's sweep finds the job later
            db.session.rollback()
            log.warning("could not record the failure of job %s", args[0])
