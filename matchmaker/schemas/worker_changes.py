"""Worker changes, their proposed moves, an organisation's workers, a region's flows."""
from __future__ import annotations

from marshmallow import Schema, fields

from matchmaker import vocabulary as v
from matchmaker.schemas.common import ExplainedSchema, ListArgs, StrictSchema
from matchmaker.schemas.fields import Choice, Id
from matchmaker.schemas.labels import OccupationLabelSchema, SkillLabelSchema
from matchmaker.schemas.matches import BridgeSchema, NeedRefSchema


class WorkerChangeInput(StrictSchema):
    person_id = Id(required=True, metadata={"description": "The worker (a person with a current job here)."})
    organisation_id = Id(required=True, metadata={"description": "The employer where the worker works now."})
    occupation_id = Id(allow_none=True, metadata={"description": "The current job's occupation; default: the one in "
                                                                 "the worker's work history at this employer."})
    kind = Choice(v.WORKER_CHANGE_KINDS, required=True, metadata={
        "description": "capacity: what the work asks is too much now (the limits themselves go on the person, "
                       "special-category data); wish; job_at_risk."})
    reason = Choice(v.JOB_RISK_REASONS, allow_none=True, metadata={"description": "Required for job_at_risk, only there."})
    wish = Choice(v.WORKER_WISHES, allow_none=True, metadata={"description": "Required for wish, only there."})
    status = Choice(v.WORKER_CHANGE_STATUSES)
    worker_consent = fields.Boolean(metadata={
        "description": "The worker agrees that this change is recorded and that the employer sees the proposed "
                       "moves. Required (true) when the employer records the change."})


class WorkerChangeListArgs(ListArgs):
    kind = Choice(v.WORKER_CHANGE_KINDS)
    status = Choice(v.WORKER_CHANGE_STATUSES)
    reason = Choice(v.JOB_RISK_REASONS)
    wish = Choice(v.WORKER_WISHES)
    person = Id(strict=False, metadata={"description": "Changes of this person id."})
    organisation = Id(strict=False, metadata={"description": "Changes at this organisation id."})


class WorkerCodeSchema(Schema):
    code = fields.String()
    label = fields.String()


class WorkerRefSchema(Schema):
    id = fields.Integer()
    name = fields.String()


class WorkerChangeSchema(Schema):
    id = fields.Integer()
    version = fields.Integer()
    person = fields.Nested(WorkerRefSchema)
    organisation = fields.Nested(WorkerRefSchema)
    occupation = fields.Nested(OccupationLabelSchema, allow_none=True, metadata={
        "description": "The current job's occupation."})
    kind = fields.Nested(WorkerCodeSchema)
    reason = fields.Nested(WorkerCodeSchema, allow_none=True)
    wish = fields.Nested(WorkerCodeSchema, allow_none=True)
    status = fields.Nested(WorkerCodeSchema)
    worker_consent = fields.Boolean()
    recorded_by_id = fields.Integer(allow_none=True)
    created_at = fields.DateTime()
    updated_at = fields.DateTime()


class MoveSchema(ExplainedSchema):
    tier = fields.Nested(WorkerCodeSchema, metadata={"description": "internal, network or elsewhere, in that order."})
    chain = fields.Boolean(metadata={"description": "A seasonal chain: the current season at the employer and this "
                                                    "need in the other months."})
    need = fields.Nested(NeedRefSchema, metadata={"description": "The need, by its title, with its employer."})
    score = fields.Float()
    skills_kept = fields.List(fields.Nested(SkillLabelSchema), metadata={
        "description": "The need's essential skills the worker has now."})
    gap = fields.List(fields.Nested(SkillLabelSchema), metadata={"description": "The essential skills still missing."})
    bridge = fields.List(fields.Nested(BridgeSchema), metadata={"description": "Programmes that teach what is missing."})
    months_to_start = fields.Float()
    work_months = fields.List(fields.Integer())
    distance_km = fields.Float(allow_none=True)


class ProposalsSchema(ExplainedSchema):
    change = fields.Nested(WorkerChangeSchema)
    items = fields.List(fields.Nested(MoveSchema))


class WorkerSchema(Schema):
    person = fields.Nested(WorkerRefSchema)
    occupation = fields.Nested(OccupationLabelSchema)
    since = fields.Date()
    changes = fields.List(fields.Nested(WorkerChangeSchema), metadata={
        "description": "The changes recorded with the worker's consent."})


class PartnerSchema(Schema):
    organisation = fields.Nested(WorkerRefSchema)
    network = fields.String(allow_none=True, metadata={"description": "The network the two share, if any."})
    reason = fields.Nested(WorkerCodeSchema, allow_none=True, metadata={
        "description": "For a partner outside the networks: the kind of partner match that says it could take over "
                       "staff (sharing staff between seasons, a talent pipeline from this organisation's work)."})
    open_needs = fields.Integer()


class OrganisationWorkersSchema(Schema):
    organisation = fields.Nested(WorkerRefSchema)
    workers = fields.List(fields.Nested(WorkerSchema), metadata={
        "description": "Workers who share their profile with the organisation."})
    not_shared = fields.Integer(metadata={"description": "Workers here who do not share their profile."})
    partners = fields.List(fields.Nested(PartnerSchema), metadata={
        "description": "Who could take over staff in a downturn: organisations in a network with this one that have "
                       "open needs, and partners whose partner match says they could."})


class SuppressedCountSchema(Schema):
    count = fields.Integer(allow_none=True)
    suppressed = fields.Boolean()


class FlowSchema(Schema):
    from_sector = fields.Nested(WorkerCodeSchema)
    to_sector = fields.Nested(WorkerCodeSchema)
    tier = fields.Nested(WorkerCodeSchema)
    moves = fields.Nested(SuppressedCountSchema)
    workers = fields.Nested(SuppressedCountSchema)


class SectorCountSchema(Schema):
    sector = fields.Nested(WorkerCodeSchema)
    workers = fields.Nested(SuppressedCountSchema)


class WorkerFlowsSchema(ExplainedSchema):
    region = fields.String()
    workers = fields.Integer()
    moves = fields.Integer()
    least_count = fields.Integer()
    by_sector = fields.List(fields.Nested(SectorCountSchema), metadata={
        "description": "Workers with a change per sector of their employer."})
    flows = fields.List(fields.Nested(FlowSchema))
