"""Entry module for the Celery command line: ``celery -A workers.worker worker -Q interactive`` (or ``-Q bulk``),
``celery -A workers.worker beat``. Settings come from the environment, as for the API (config/settings.py).
"""
from matchmaker import create_app

app = create_app()
celery = app.extensions["celery"]
