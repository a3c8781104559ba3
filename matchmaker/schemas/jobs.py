"""Job records as the API shows them, and the requests that start jobs."""
from __future__ import annotations

from flask import url_for
from marshmallow import Schema, fields, validate

from matchmaker.schemas.common import StrictSchema
from matchmaker.schemas.fields import Choice, Label
from matchmaker.services.places import REGIONS
from matchmaker.services.region_jobs import MAX_HOLD_SECONDS
from matchmaker.vocabulary import JOB_STATUSES


class SubjectSchema(Schema):
    type = fields.String(metadata={"description": "What the job is about: region, regions, person, need..."})
    id = fields.String(metadata={"description": "Its code or id (comma-separated for several)."})


class JobSchema(Schema):
    id = fields.Integer()
    kind = fields.String()
    status = fields.String(metadata={"enum": list(JOB_STATUSES)})
    status_label = Label("job_status", "status")
    progress = fields.Float(metadata={"description": "0..1"})
    error = fields.String(metadata={"description": "Why it failed (or is being retried); empty otherwise."})
    subject = fields.Nested(SubjectSchema)
    result = fields.Raw(allow_none=True, metadata={"description": "Ids and aggregates, once succeeded."})
    attempts = fields.Integer()
    data_version = fields.Integer(metadata={"description": "Combined version of the data it was computed from."})
    stale = fields.Boolean(metadata={"description": "True when the data changed after this result was computed."})
    refresh_pending = fields.Boolean(metadata={
        "description": "A refresh of this result is waiting or running (it starts by itself a few seconds after a "
                       "change of its data)."})
    parent_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
    url = fields.Function(lambda job: url_for("jobs.JobById", job_id=job["id"]))


class JobLinkSchema(Schema):
    id = fields.Integer()
    status = fields.String()
    url = fields.Function(lambda job: url_for("jobs.JobById", job_id=job.id))


_HOLD = dict(
    load_default=0, validate=validate.Range(0, MAX_HOLD_SECONDS), allow_nan=False,
    metadata={"description": "Test hook for fault tests (servers with JOB_TEST_HOOKS on): seconds each region "
                             "job pauses between steps. Never set in production."},
)


class RegionRecomputeInput(StrictSchema):
    hold_seconds = fields.Float(**_HOLD)


class RecomputeInput(StrictSchema):
    regions = fields.List(Choice(list(REGIONS)), validate=validate.Length(min=1, max=len(REGIONS)),
                          metadata={"description": "Region codes; all regions when left out."})
    hold_seconds = fields.Float(**_HOLD)
