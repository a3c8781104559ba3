"""After an import: recompute every region's results (demand, allocation, partner matches, insights)."""
from __future__ import annotations

import click

from matchmaker.errors import ServiceUnavailable
from matchmaker.extensions import db
from matchmaker.services import jobs, region_jobs


def refresh_results() -> None:
    """Start a recompute of all regions. Without REDIS_URL it runs here and now; with a broker the workers run
    it; with the broker down it stays stored and beat's sweep starts it when the broker is back."""
    job = region_jobs.start_recompute(session=db.session, actor=None)
    db.session.commit()
    try:
        jobs.dispatch(session=db.session, job=job)
    except ServiceUnavailable:
        click.echo(f"Results refresh queued for later: the job queue is unreachable; recompute job {job.id} is "
                   "stored and starts when the queue is back.")
        return
    db.session.refresh(job)
    if job.status == "succeeded":
        click.echo(f"Results refreshed for every region (recompute job {job.id}, {job.result['jobs']} jobs).")
    elif job.status == "failed":
        click.echo(f"Results refresh failed (recompute job {job.id}): {job.error}")
    else:
        click.echo(f"Results refresh started: recompute job {job.id} runs on the workers.")
