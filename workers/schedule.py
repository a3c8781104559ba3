"""Celery beat's schedule: the nightly recompute of every region, the sweep over the job table, and the nightly
purge of audit events past their retention."""
from __future__ import annotations

from celery.schedules import crontab


def beat_schedule(config) -> dict:
    return {
        "nightly-recompute": {
            # 02:30 Europe/Amsterdam, after the nightly imports
            "task": "matchmaker.nightly_recompute",
            "schedule": crontab(hour=2, minute=30),
        },
        "purge-audit": {
            "task": "matchmaker.purge_audit",
            "schedule": crontab(hour=3, minute=45),
        },
        "sweep-jobs": {
            "task": "matchmaker.sweep_jobs",
            "schedule": float(config["JOB_SWEEP_INTERVAL"]),
            # a sweep that waited longer than its interval is superseded by the next one
            "options": {"expires": float(config["JOB_SWEEP_INTERVAL"])},
        },
    }
