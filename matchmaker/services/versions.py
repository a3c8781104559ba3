"""Record versions: how a write changes a versioned record without losing a concurrent one.

Every versioned record (``models.base.VersionedMixin``) is written in one of two ways:

- its columns, through the ORM: the UPDATE (or DELETE) says ``WHERE version = <the version read>``, so a
  write based on an outdated read changes nothing and fails (StaleDataError, 409 or 412 in ``errors``);
- its sets (a person's or a need's skills): one INSERT ... ON CONFLICT or DELETE per change on the link table,
  and one ``version = version + 1`` — atomic, so concurrent additions and removals all land.

A write that the client made conditional (If-Match) passes a :data:`Precondition`, checked against the
version the record has when the write starts; the set operations then also apply only to that version.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import Table, Text, bindparam, cast, delete, event, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value
from sqlalchemy.orm.exc import StaleDataError

from matchmaker.models.base import VersionedMixin, utcnow
from matchmaker.services import data_versions

#: checks the version a record has when a write starts; raises to refuse the write. None: an unconditional write
Precondition = Callable[[int], None] | None


def check(precondition: Precondition, record: VersionedMixin) -> None:
    if precondition is not None:
        precondition(record.version)


def _count_collection_changes(session: Session, flush_context, instances) -> None:
    """A versioned record whose change touched only its collections (a person's skills, a programme's occupations,
    an organisation's networks) gets a new ``updated_at``, so that its UPDATE, and its version, count the change."""
    for record in session.dirty:
        if isinstance(record, VersionedMixin) and session.is_modified(record):
            record.updated_at = utcnow()


def track_collection_changes(session_class) -> None:
    """Count collection-only changes of versioned records as changes (idempotent to register)."""
    if not event.contains(session_class, "before_flush", _count_collection_changes):
        event.listen(session_class, "before_flush", _count_collection_changes)


def insert_ignoring_existing(session: Session, table: Table, rows: list[dict], *, update_columns: tuple[str, ...] = (),
                             json_text: tuple[str, ...] = ()):
    """INSERT ``rows`` into a link table; a row whose key exists already is left as it is, or, with
    ``update_columns``, gets those columns from the row given (ON CONFLICT DO NOTHING / DO UPDATE).
    ``json_text``: JSON columns whose values the rows hold as JSON text already (encoded by the caller, e.g. with
    orjson for rows of megabytes), stored as the JSON they say."""
    if not rows:
        return
    on_postgresql = session.get_bind().dialect.name == "postgresql"
    dialect = postgresql if on_postgresql else sqlite
    statement = dialect.insert(table)  # executed with the rows: one compiled statement, sent in batches
    if json_text:
        # the text goes under a key of its own (a column's own name is reserved for the values given as they are)
        texts = {name: bindparam(f"{name}_json_text", type_=Text()) for name in json_text}
        statement = statement.values({name: cast(text, JSONB) if on_postgresql else text
                                      for name, text in texts.items()})
        rows = [{**{k: v for k, v in row.items() if k not in texts},
                 **{texts[name].key: row[name] for name in json_text}} for row in rows]
    if update_columns:
        keys = [column.name for column in table.primary_key.columns]
        statement = statement.on_conflict_do_update(
            index_elements=keys, set_={name: statement.excluded[name] for name in update_columns})
    else:
        statement = statement.on_conflict_do_nothing()
    session.execute(statement, rows)


def delete_links(session: Session, table: Table, owner_column: str, owner_id: int, member_column: str,
                 member_ids: list[int]) -> None:
    """DELETE the links of ``owner_id`` to ``member_ids`` (those that are not there are no error)."""
    if member_ids:
        session.execute(delete(table).where(table.c[owner_column] == owner_id,
                                            table.c[member_column].in_(member_ids)))


def bump(session: Session, record: VersionedMixin, *, conditional: bool, changed: tuple[str, ...] = ()) -> None:
    """Count a set operation on ``record`` as a change: ``version = version + 1`` in one statement, only while the
    record is still at the version this session has (``conditional``, for a write under If-Match; else whatever
    it is now, so concurrent set operations all land). ``changed``: the relationships the operation changed, read
    again when next used. The record's region counts as changed (``data_versions``)."""
    model = type(record)
    statement = update(model).where(model.id == record.id)
    if conditional:
        statement = statement.where(model.version == record.version)
    new_version = session.execute(
        statement.values(version=model.version + 1, updated_at=utcnow()).returning(model.version)
        .execution_options(synchronize_session=False)).scalar()
    if new_version is None:
        raise StaleDataError(f"{model.__tablename__} {record.id} is no longer at version {record.version}")
    # the session's copy follows without counting as a change of its own
    set_committed_value(record, "version", new_version)
    session.expire(record, ["updated_at", *changed])
    data_versions.bump_regions_of(session=session, municipality_codes=[record.municipality_code])
