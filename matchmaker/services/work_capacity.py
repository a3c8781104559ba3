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
from matchmaker.services.queries import among_ids
from matchmaker.vocabulary import WORK_DEMANDS, from_mask


def occupation_demands(session: Session, occupation_ids: Iterable[int | None]) -> dict[int, int]:
    """Occupation id → its default demands (bitmask over WORK_DEMANDS), for the given occupations (one query)."""
    wanted = sorted({int(o) for o in occupation_ids if o is not None})
    out = dict.fromkeys(wanted, 0)
    if not wanted:
        return out
    rows = session.execute(
        select(OccupationSkill.occupation_id, Skill.label_en, Skill.label_nl)
        .join(Skill, Skill.id == OccupationSkill.skill_id)
        .where(OccupationSkill.relation == "essential", among_ids(session, OccupationSkill.occupation_id, wanted)))
    for occupation_id, label_en, label_nl in rows:
        out[occupation_id] |= engine.label_demands(label_en, label_nl)
    return out


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
