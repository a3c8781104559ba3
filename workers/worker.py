"""Entry module for the Celery command line: ``celery -A workers.worker worker -Q interactive`` (or ``-Q bulk``),
``celery -A workers.worker beat``. Settings come from the environment, as for the API (config/settings.py).

(The Flask app is ``flask_app``, not ``app``: ``celery -A`` takes a module attribute named ``app`` to be the
Celery app, as in Flask's own ``make_celery`` example.)
"""
from matchmaker import create_app

flask_app = create_app()
celery = flask_app.extensions["celery"]
