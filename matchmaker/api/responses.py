"""Responses a service built already dumped, in the shape of the schema that documents them."""
from flask import Response, current_app, jsonify

from matchmaker.extensions import db
from matchmaker.models import Job
from matchmaker.services import jobs
from matchmaker.services.queries import Page

#: the documentation of a job request answered with the job asked for already
SAME_JOB = "The same request's job, still queued or running: it is not queued a second time."


def dumped(data: dict | Page) -> Response:
    """``data`` as JSON as it is, without a second pass through the response schema (which then only documents
    it). For hot read paths whose service builds plain dicts from rows; a test holds them to their schema. A page
    is encoded once: a service that keeps pages between requests (the needs list) sends the same bytes again."""
    if isinstance(data, Page):
        if data.body is None:
            data.body = jsonify({"items": data.items, "total": data.total, "limit": data.limit,
                                 "offset": data.offset}).get_data()
        return current_app.response_class(data.body, mimetype=current_app.json.mimetype)
    return jsonify(data)


def job_started(job: Job, created: bool) -> tuple[Job, int]:
    """A new job, sent to its queue: 202. The same request's unfinished job (not queued again): 200."""
    if not created:
        return job, 200
    jobs.dispatch(session=db.session, job=job)
    return job, 202
