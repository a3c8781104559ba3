"""The audit log: record who read or changed special-category data, consent, erasures and token events; let
admins read it; purge what is older than the retention period.

Recording adds rows to the caller's session, so an event is committed with the change it records, or not at
all. Rows name fields, never values (see models/audit.py); nothing here logs.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from matchmaker.models import SPECIAL_CATEGORY_FIELDS, AuditEvent, User
from matchmaker.models.audit import PURGE_OPTION, PURGE_SETTING
from matchmaker.models.base import utcnow
from matchmaker.security import policies
from matchmaker.services.queries import Page, paginate

#: a caller was shown special-category fields of a person (or results computed from them)
SPECIAL_CATEGORY_READ = "special_category.read"
#: special-category fields of a person were written (set, changed or erased)
SPECIAL_CATEGORY_CHANGE = "special_category.change"
#: a person's consent changed (fields: special_category, share_with_organisations)
CONSENT_CHANGE = "consent.change"
#: a person was erased
PERSON_ERASE = "person.erase"
TOKEN_ISSUE = "token.issue"
TOKEN_REVOKE = "token.revoke"
#: an expired token was presented
TOKEN_EXPIRED_USE = "token.expired_use"
#: an admin deactivated a user account, or gave it another role
USER_DEACTIVATE = "user.deactivate"
USER_ROLE_CHANGE = "user.role_change"
ACTIONS = (SPECIAL_CATEGORY_READ, SPECIAL_CATEGORY_CHANGE, CONSENT_CHANGE, PERSON_ERASE, TOKEN_ISSUE, TOKEN_REVOKE,
           TOKEN_EXPIRED_USE, USER_DEACTIVATE, USER_ROLE_CHANGE)
SUBJECT_TYPES = ("person", "token", "user")

#: who acts when no user does: the ``matchmaker`` command line, and scheduled or internal work
COMMAND_LINE, SYSTEM = "cli", "system"
Actor = User | str


def _actor_columns(actor: Actor) -> dict:
    if isinstance(actor, User):
        return {"actor_id": actor.id, "actor_role": actor.role}
    return {"actor_id": None, "actor_role": actor}


def record(*, session: Session, actor: Actor, action: str, subject_type: str, subject_ids: Iterable[int],
           fields: Iterable[str] = ()) -> None:
    """One event per subject, in ``session``'s transaction (one INSERT for all of them)."""
    if action not in ACTIONS or subject_type not in SUBJECT_TYPES:
        raise ValueError(f"unknown audit action or subject type: {action}, {subject_type}")
    now, who, names = utcnow(), _actor_columns(actor), sorted(fields)
    rows = [{"occurred_at": now, **who, "action": action, "subject_type": subject_type, "subject_id": int(i),
             "fields": names} for i in dict.fromkeys(subject_ids)]
    if rows:
        session.execute(insert(AuditEvent), rows)


def special_category_read(*, session: Session, actor: User, people: Iterable) -> None:
    """``actor`` is shown the special-category fields of those of ``people`` they may see them of."""
    record(session=session, actor=actor, action=SPECIAL_CATEGORY_READ, subject_type="person",
           subject_ids=[p.id for p in people if policies.can_see_special_category(actor, p)],
           fields=SPECIAL_CATEGORY_FIELDS)


def list_events(*, session: Session, actor: User, args: dict) -> Page:
    """The audit log, newest first, for admins (filters: subject, actor, action, since, until)."""
    policies.require_role(actor, "admin")
    query = select(AuditEvent)
    if subject_type := args.get("subject_type"):
        query = query.where(AuditEvent.subject_type == subject_type)
    if (subject_id := args.get("subject_id")) is not None:
        query = query.where(AuditEvent.subject_id == subject_id)
    if (actor_id := args.get("actor_id")) is not None:
        query = query.where(AuditEvent.actor_id == actor_id)
    if actor_role := args.get("actor_role"):
        query = query.where(AuditEvent.actor_role == actor_role)
    if action := args.get("action"):
        query = query.where(AuditEvent.action == action)
    # in UTC: SQLite compares timestamps as text, without their zone
    if since := args.get("since"):
        query = query.where(AuditEvent.occurred_at >= since.astimezone(timezone.utc))
    if until := args.get("until"):
        query = query.where(AuditEvent.occurred_at < until.astimezone(timezone.utc))
    return paginate(session=session, query=query, limit=args["limit"], offset=args["offset"],
                    order_by=AuditEvent.id.desc())


def purge(*, session: Session, retention_days: int, now: datetime | None = None) -> int:
    """Delete the events older than ``retention_days``: the one delete the audit log allows. Returns how many."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days)
    if session.get_bind().dialect.name == "postgresql":
        session.execute(select(func.set_config(PURGE_SETTING, "on", True)))  # this transaction only
    result = session.execute(delete(AuditEvent).where(AuditEvent.occurred_at < cutoff),
                             execution_options={PURGE_OPTION: True, "synchronize_session": False})
    return result.rowcount
