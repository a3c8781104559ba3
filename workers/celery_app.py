"""Flask's Celery pattern: a Celery app bound to the Flask app, tasks run inside the app context.

Without ``REDIS_URL`` (the embedded default) tasks run in-process; with it they go to real workers.

Delivery is at-least-once: a task's message is acknowledged only after the task returns
(``task_acks_late``), a worker process that dies mid-task hands its message back
(``task_reject_on_worker_lost``), and a whole worker that vanishes leaves its message in Redis's
"unacked" set, from which any worker restores it once ``BROKER_VISIBILITY_TIMEOUT`` has passed (checked
every ``BROKER_RESTORE_INTERVAL`` seconds). The job record in the database (services/jobs.py) makes a
second delivery harmless.
"""
from __future__ import annotations

from celery import Celery, Task
from flask import Flask

#: interactive: one person's career paths, one need's candidates. bulk: regions, allocation, imports.
QUEUES = ("interactive", "bulk")


def celery_init_app(app: Flask) -> Celery:
    class FlaskTask(Task):
        def __call__(self, *args, **kwargs):
            with app.app_context():
                return self.run(*args, **kwargs)

    redis_url = app.config["REDIS_URL"]
    celery_app = Celery(app.name, task_cls=FlaskTask)
    celery_app.config_from_object(
        {
            "broker_url": redis_url or "memory://",
            "result_backend": None,
            "task_ignore_result": True,
            "task_always_eager": not redis_url,
            "task_eager_propagates": True,
            "task_acks_late": True,
            "task_reject_on_worker_lost": True,
            "worker_prefetch_multiplier": 1,
            "worker_cancel_long_running_tasks_on_connection_loss": True,
            "task_soft_time_limit": app.config["TASK_SOFT_TIME_LIMIT"],
            "task_time_limit": app.config["TASK_TIME_LIMIT"],
            "broker_transport_options": {
                "visibility_timeout": app.config["BROKER_VISIBILITY_TIMEOUT"],
                "unacked_restore_interval": app.config["BROKER_RESTORE_INTERVAL"],
                # scan on every sweep: the interval above is then the only knob
                "unacked_restore_throttle": 1,
                "socket_connect_timeout": 2,
                "socket_timeout": 10,
                "health_check_interval": 10,
            },
            "broker_connection_retry_on_startup": True,
            # workers reconnect by themselves, however long the broker is away
            "broker_connection_max_retries": None,
            # an API request that starts a job gives up quickly when the broker is down (503, job kept)
            "task_publish_retry_policy": {"max_retries": 2, "interval_start": 0, "interval_step": 0.5,
                                          "interval_max": 1},
            "task_default_queue": "bulk",
            "task_create_missing_queues": True,
            "task_routes": {
                "matchmaker.sweep_jobs": {"queue": "interactive"},
                "matchmaker.nightly_recompute": {"queue": "bulk"},
                "matchmaker.purge_audit": {"queue": "bulk"},
                "matchmaker.gather_job": {"queue": "bulk"},
                "matchmaker.refresh_due": {"queue": "bulk"},
            },
            "worker_send_task_events": False,
            "timezone": "Europe/Amsterdam",
        }
    )
    from workers.schedule import beat_schedule

    celery_app.conf.beat_schedule = beat_schedule(app.config)
    celery_app.set_default()
    celery_app.flask_app = app
    app.extensions["celery"] = celery_app
    import workers.tasks  # noqa: F401  registers the shared tasks with this app
    from matchmaker.services.jobs import GATHER_JOB, RUN_JOB

    for name in (RUN_JOB, GATHER_JOB):
        celery_app.tasks[name].max_retries = app.config["JOB_MAX_ATTEMPTS"] - 1
    return celery_app
