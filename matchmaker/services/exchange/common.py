"""What the exchange's services share: the organisation a record belongs to, and its place."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy.orm import Session

from matchmaker.errors import InvalidInput
from matchmaker.models import Municipality, Organisation, User
from matchmaker.models.base import utcnow
from matchmaker.security import policies
from matchmaker.services.queries import existing


def now_or(moment: datetime | None) -> datetime:
    return moment or utcnow()


def own_organisation(session: Session, actor: User, record: str, organisation_id: int | None) -> Organisation:
    """The organisation a new ``record`` is for: the one given (admin, coordinator) or the actor's own."""
    policies.require_record_writer(actor, record)  # the role first: 403 whatever the organisation
    organisation_id = organisation_id if organisation_id is not None else actor.organisation_id
    if organisation_id is None:
        raise InvalidInput("Say which organisation this is for.", field="organisation_id")
    policies.require_record_writer(actor, record, organisation_id)
    return existing(session, Organisation, [organisation_id], field="organisation_id", what="organisation")[0]


def check_municipality(session: Session, code: str | None, field: str = "municipality_code") -> None:
    if code is not None and session.get(Municipality, code) is None:
        raise InvalidInput("Unknown municipality code %(code)s; see GET /api/v1/regions.", field=field,
                           code=f"{code!r}")


def may_read_private(actor: User, organisation_id: int) -> bool:
    """Whether ``actor`` reads an organisation's private exchange records (drafts, questions, checks)."""
    return actor.role in ("admin", "coordinator") or actor.organisation_id == organisation_id


def check_new_owner(session: Session, actor: User, record: str, data: dict, field: str) -> None:
    """A change that moves a record to another organisation (``data[field]``): the actor must act for that one too,
    and it must exist."""
    if data.get(field) is not None:
        policies.require_record_writer(actor, record, data[field])
        existing(session, Organisation, [data[field]], field=field, what="organisation")
