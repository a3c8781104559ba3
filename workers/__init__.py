"""Celery: the app (created from the Flask app) and its tasks."""
