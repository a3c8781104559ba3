"""Flask's Celery pattern: a Celery app bound to the Flask app, tasks run inside the app context.

Without ``REDIS_URL`` (the embedded default) tasks run in-process; with it they go to real workers.
"""
from __future__ import annotations

from celery import Celery, Task
from flask import Flask


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
            "task_soft_time_limit": app.config["TASK_SOFT_TIME_LIMIT"],
            "task_time_limit": app.config["TASK_TIME_LIMIT"],
            "broker_transport_options": {"visibility_timeout": app.config["BROKER_VISIBILITY_TIMEOUT"]},
            "broker_connection_retry_on_startup": True,
        }
    )
    celery_app.set_default()
    app.extensions["celery"] = celery_app
    return celery_app
