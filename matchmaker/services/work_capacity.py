"""Work demands of occupations and needs, read from the taxonomy (no personal data here).

An occupation's default demands are those of its essential skills (:mod:`matchmaker.engine.work_capacity` reads
their English and Dutch labels); a need states its own or takes its occupation's.
"""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.engine import work_capacity as engine
from matchmaker.models import OccupationSkill, Skill
from matchmaker.services import data_versions
from matchmaker.services.cache import VersionedCache
from matchmaker.services.data_versions import TAXONOMY
from matchmaker.services.queries import among_ids
from matchmaker.vocabulary import WORK_DEMANDS, from_mask


#: per database and taxonomy version: occupation id -> its default demands, filled as they are asked for
_DEMANDS: VersionedCache[dict[int, int]] = VersionedCache()


def occupation_demands(session: Session, occupation_ids: Iterable[int | None]) -> dict[int, int]:
    """Occupation id → its default demands (bitmask over WORK_DEMANDS), for the given occupations: kept per process
    and taxonomy version (the importers bump it on every change), so only occupations not asked for before take a
    query and the reading of their essential skills' labels (a page of 50 needs read them on every request)."""
    wanted = sorted({int(o) for o in occupation_ids if o is not None})
    known = _DEMANDS.get((str(session.get_bind().url), data_versions.current(session=session, scope=TAXONOMY)),
                         dict)
    missing = [o for o in wanted if o not in known]
    if missing:
        found = dict.fromkeys(missing, 0)
        rows = session.execute(
            select(OccupationSkill.occupation_id, Skill.label_en, Skill.label_nl)
            .join(Skill, Skill.id == OccupationSkill.skill_id)
            .where(OccupationSkill.relation == "essential", among_ids(session, OccupationSkill.occupation_id, missing)))
        for occupation_id, label_en, label_nl in rows:
            found[occupation_id] |= engine.label_demands(label_en, label_nl)
        known.update(found)
    return {o: known[o] for o in wanted}


def demands_of(stated: list[str] | None, occupation_id: int | None, defaults: dict[int, int]) -> list[str]:
    """What a need (or a job) demands: its own list when stated, else its occupation's defaults, as codes."""
    if stated is not None:
        return [d for d in WORK_DEMANDS if d in stated]
    return from_mask(defaults.get(occupation_id, 0) if occupation_id is not None else 0, WORK_DEMANDS)


def occupation_work_demands(session: Session, occupation_id: int | None) -> list[str]:
    """What work in an occupation demands by default, as codes (none without an occupation)."""
    return demands_of(None, occupation_id, occupation_demands(session, [occupation_id]))


def need_demands(session: Session, need) -> list[str]:
    """The demands of one need (a Need row), as codes."""
    return demands_of(need.demands, need.occupation_id, occupation_demands(session, [need.occupation_id]))
