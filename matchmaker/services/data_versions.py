"""Data versions: one counter per scope ("taxonomy", "region:<code>"), bumped whenever that data changes.

A job records the combined version of the scopes it read; its result is stale once that combination has
grown. Counters only ever increase, so the sum of a job's scopes is a faithful "has anything changed".

Region scopes are bumped by :func:`track_region_changes`: a session event that notices every flush creating,
changing or deleting a located record (organisation, need, programme, person) or a partner request, and
increments the counters of the regions involved with one atomic UPDATE each (so concurrent writers never
lose an increment), and schedules their automatic refresh (:mod:`matchmaker.services.refresh`). The same flush bumps ``deletions`` when it deletes one of those records: results stored
before then may name it (:mod:`matchmaker.services.stored_results` drops such names when they are read).

A transaction reads the counters once (:func:`snapshot`: a handful of rows) and answers every later question
about them from that reading, until it writes: every flush, bump and transaction end forgets it. A read of a
person's matches asked three of them before, each a round trip.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import event, inspect, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from matchmaker.models import DataVersion
from matchmaker.models.base import utcnow

TAXONOMY = "taxonomy"
#: bumped whenever an organisation, need, programme, partner request or person is deleted
DELETIONS = "deletions"
#: not a counter of changes: the last Dutch day (:func:`note_day`) on which the needs closed by their closing date
#: were noted (:func:`matchmaker.services.open_needs.note_closed_by_date`)
CLOSING_DATES = "closing-dates"


def region_scope(region_code: str) -> str:
    return f"region:{region_code}"


def province_scopes(*, deletions: bool = False) -> list[str]:
    """What a province-wide result reads: the taxonomy and every region's data (and, with ``deletions``, whether
    a record it may name was deleted)."""
    from matchmaker.services.places import REGIONS

    return [TAXONOMY, *([DELETIONS] if deletions else []), *(region_scope(code) for code in REGIONS)]


#: where a session keeps the counters its transaction read (:func:`snapshot`)
_SNAPSHOT = "data_versions"


def snapshot(session: Session) -> dict[str, int]:
    """Every counter by scope, read once per transaction and kept until it writes (a flush, a bump) or ends."""
    found = session.info.get(_SNAPSHOT)
    if found is None:
        found = dict(session.execute(select(DataVersion.scope, DataVersion.version)).all())
        session.info[_SNAPSHOT] = found
    return found


def _forget(session: Session, *_) -> None:
    session.info.pop(_SNAPSHOT, None)


# every session, the app's or any other: a reading never outlives its transaction or the next write
event.listen(Session, "after_transaction_end", _forget)
event.listen(Session, "before_flush", _forget)


def bump(*, session: Session, scope: str, source: str = "") -> int:
    """Record that the data of ``scope`` changed; returns the new version."""
    _forget(session)
    changed = session.execute(
        update(DataVersion).where(DataVersion.scope == scope)
        .values(version=DataVersion.version + 1, source=source, updated_at=utcnow())
    ).rowcount
    if not changed:
        session.add(DataVersion(scope=scope, version=1, source=source))
    session.flush()
    if scope == TAXONOMY:
        from matchmaker.services.catalogue import taxonomy_changed

        taxonomy_changed(session)
    return session.scalar(select(DataVersion.version).where(DataVersion.scope == scope))


def note_day(*, session: Session, scope: str, day: date) -> date | None:
    """Note ``day`` in ``scope`` (a row holding a day's ordinal, which only grows, e.g. :data:`CLOSING_DATES`):
    returns the day it held before (``date.min``: none), or None when it held ``day`` or a later day already. A
    compare-and-set UPDATE (the first time an INSERT … ON CONFLICT DO NOTHING), so that of concurrent callers on
    the same day one moves it and the others get None."""
    _forget(session)
    noted = session.scalar(select(DataVersion.version).where(DataVersion.scope == scope))
    if noted is not None and noted >= day.toordinal():
        return None
    values = {"version": day.toordinal(), "source": day.isoformat(), "updated_at": utcnow()}
    if noted is not None:
        moved = session.execute(update(DataVersion).where(DataVersion.scope == scope, DataVersion.version == noted)
                                .values(**values))
        return date.fromordinal(noted) if moved.rowcount else None
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    added = session.execute(dialect.insert(DataVersion).values(scope=scope, **values)
                            .on_conflict_do_nothing(index_elements=["scope"]).returning(DataVersion.id)).first()
    return date.min if added else None


def current(*, session: Session, scope: str) -> int:
    return snapshot(session).get(scope, 0)


def ensure_scopes(*, session: Session, scopes: Iterable[str]) -> None:
    """Create missing counters at 0, so that later bumps are plain atomic UPDATEs."""
    known = set(session.scalars(select(DataVersion.scope)))
    for scope in scopes:
        if scope not in known:
            session.add(DataVersion(scope=scope, version=0, source=""))
    session.flush()


def _tracked() -> tuple[type, ...]:
    """The records whose changes mark their region changed: the located ones first, then partner requests."""
    from matchmaker.models import Need, Organisation, PartnerRequest, Person, Programme

    return Organisation, Need, Programme, Person, PartnerRequest


def _regions_touched(session: Session) -> set[str]:
    from matchmaker.models import Organisation, PartnerRequest

    located = _tracked()[:4]
    codes: set[str | None] = set()
    with session.no_autoflush:
        for record in (*session.new, *session.dirty, *session.deleted):
            if isinstance(record, located):
                codes.add(record.municipality_code)
                codes.update(inspect(record).attrs.municipality_code.history.deleted or ())
            elif isinstance(record, PartnerRequest):
                organisation = record.organisation or session.get(Organisation, record.organisation_id)
                codes.add(organisation.municipality_code if organisation else None)
        return _regions_of(codes)


def _regions_of(municipality_codes: Iterable[str | None]) -> set[str]:
    from matchmaker.services.places import region_of

    return {region_of(code) for code in municipality_codes} - {None}


def _collect_regions(session, flush_context, instances) -> None:
    session.info.setdefault("regions_changed", set()).update(_regions_touched(session))
    if any(isinstance(record, _tracked()) for record in session.deleted):
        session.info["records_deleted"] = True


def _bump_regions(session, flush_context) -> None:
    codes = sorted(session.info.pop("regions_changed", set()))
    scopes = [region_scope(code) for code in codes]
    if session.info.pop("records_deleted", False):
        scopes.append(DELETIONS)
    _bump(session, scopes)
    _schedule_refresh(session, codes)


def _schedule_refresh(session: Session, codes: Iterable[str]) -> None:
    from matchmaker.services.refresh import note_changed

    note_changed(session, codes)


def _bump(session: Session, scopes: Iterable[str]) -> None:
    _forget(session)
    for scope in scopes:
        session.execute(update(DataVersion).where(DataVersion.scope == scope)
                        .values(version=DataVersion.version + 1, updated_at=utcnow()))


def bump_regions_of(*, session: Session, municipality_codes: Iterable[str | None]) -> list[str]:
    """Record that data placed in ``municipality_codes`` changed without a flush seeing it (a link-table INSERT or
    DELETE, a closing date that passed): bump their regions' counters, as a flush would; returns those regions."""
    codes = sorted(_regions_of(municipality_codes))
    _bump(session, [region_scope(code) for code in codes])
    _schedule_refresh(session, codes)
    return codes


def last_deletion(*, session: Session):
    """When a tracked record was last deleted (None: never)."""
    return session.scalar(select(DataVersion.updated_at).where(DataVersion.scope == DELETIONS,
                                                               DataVersion.version > 0))


def track_region_changes(session_class) -> None:
    """Bump ``region:<code>`` for every region whose records a flush changes (idempotent to register)."""
    if not event.contains(session_class, "before_flush", _collect_regions):
        event.listen(session_class, "before_flush", _collect_regions)
        event.listen(session_class, "after_flush_postexec", _bump_regions)


def combined(*, session: Session, scopes: Iterable[str]) -> int:
    """The sum of the current versions of ``scopes`` (a scope never bumped counts 0)."""
    known = snapshot(session)
    return sum(known.get(scope, 0) for scope in set(scopes))
