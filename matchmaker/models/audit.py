"""The audit log: who read or changed special-category data, consent, erasures and tokens, and when.

Append-only. A row names the actor (user id and role), the action, the subject (type and id) and the *names*
of the fields involved, never their values. Rows are never updated; the only delete is the retention purge
(``services/audit.purge``), which says so with the execution option :data:`PURGE_OPTION`. Two guards hold
this: session events here refuse any other update or delete of an audit row through SQLAlchemy, and a trigger
in the database refuses updates (both databases) and deletes outside the purge (PostgreSQL, where the purge
sets the transaction-local flag ``matchmaker.audit_purge``).

``actor_id`` deliberately has no foreign key: the record must outlive the user (a foreign key would null or
delete it, which is an update or a delete).
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import DDL, BigInteger, Index, String, event
from sqlalchemy.orm import Mapped, Session, mapped_column

from matchmaker.models.base import BigId, Base, JSONList, UtcDateTime, utcnow

#: execution option that marks the retention purge's DELETE, the one permitted delete of audit rows
PURGE_OPTION = "audit_retention_purge"
#: PostgreSQL setting (transaction-local) under which the trigger lets the purge delete
PURGE_SETTING = "matchmaker.audit_purge"


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    occurred_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    #: the user who acted; empty for the command line and scheduled tasks (``actor_role`` says which)
    actor_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
    actor_role: Mapped[str] = mapped_column(String(20))
    action: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int] = mapped_column(BigInteger)
    #: names of the fields read or changed, never their values
    fields: Mapped[list[str]] = mapped_column(JSONList, default=list)

    __table_args__ = (Index("ix_audit_events_subject", "subject_type", "subject_id"),)


class AuditLogIsAppendOnly(RuntimeError):
    """An attempt to change or delete an audit event other than by the retention purge."""


@event.listens_for(Session, "before_flush")
def _refuse_changed_audit_rows(session, flush_context, instances) -> None:
    for instance in (*session.dirty, *session.deleted):
        if isinstance(instance, AuditEvent) and (instance in session.deleted or session.is_modified(instance)):
            raise AuditLogIsAppendOnly("Audit events are append-only: they are never changed or deleted.")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_audit_changes(state) -> None:
    if not (state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    if getattr(table, "name", None) != AuditEvent.__tablename__:
        return
    if state.is_delete and state.execution_options.get(PURGE_OPTION):
        return
    raise AuditLogIsAppendOnly("Audit events are append-only: only the retention purge deletes them.")


#: the database's own guard, created with the table (models) and by migration 0004_audit (the same text)
POSTGRESQL_TRIGGER = (
    f"""CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('{PURGE_SETTING}', true) = 'on' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit events are append-only: only the retention purge deletes them';
END $$""",
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
    "FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()",
)
SQLITE_TRIGGER = (
    "CREATE TRIGGER audit_events_append_only BEFORE UPDATE ON audit_events "
    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only (UPDATE refused)'); END",
)

for _statement in POSTGRESQL_TRIGGER:
    event.listen(AuditEvent.__table__, "after_create", DDL(_statement).execute_if(dialect="postgresql"))
for _statement in SQLITE_TRIGGER:
    event.listen(AuditEvent.__table__, "after_create", DDL(_statement).execute_if(dialect="sqlite"))
