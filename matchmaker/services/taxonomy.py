"""The occupation and skill taxonomy, read-only: search, and each concept with its relations."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from matchmaker.i18n import reader_language
from matchmaker.models import Occupation, OccupationGroup, OccupationSkill, Skill, SkillBroader, SkillGroup, User
from matchmaker.services.catalogue import catalogue
from matchmaker.services.queries import Page, get_or_404, paginate

#: how many of the occupations that need a skill are listed with it
OCCUPATIONS_PER_SKILL = 50
#: the skill hierarchy is shallow (ESCO: 4 levels); a guard against cycles in imported data
MAX_BROADER_DEPTH = 10


class _Detail:
    """A concept with computed relations; other attributes are the concept's own."""

    concept: Any

    def __getattr__(self, name: str):
        if name == "concept":
            raise AttributeError(name)
        return getattr(self.concept, name)


@dataclass
class OccupationDetail(_Detail):
    concept: Occupation
    broader: dict | None
    essential_skills: list[Skill] = field(default_factory=list)
    optional_skills: list[Skill] = field(default_factory=list)


@dataclass
class SkillDetail(_Detail):
    concept: Skill
    broader: list[dict]
    occupation_count: int
    occupations: list[dict]


def _alphabetical(model) -> list:
    label = model.label_en if reader_language() == "en" else func.coalesce(model.label_nl, model.label_en)
    return [func.lower(label), model.id]


def _list_concepts(session: Session, model, kind: str, query, filtered: bool, args: dict) -> Page:
    """A page of ``query`` (filters applied); with ``q``, the concepts its words find, best first, listed from the
    in-memory catalogue (no query unless a filter is given)."""
    limit, offset = args["limit"], args["offset"]
    if not args.get("q"):
        return paginate(session=session, query=query, limit=limit, offset=offset, order_by=_alphabetical(model))
    allowed = np.fromiter(session.scalars(query.with_only_columns(model.id)), np.int64) if filtered else None
    concepts = catalogue(session).of(kind)
    _ids, hits = concepts.search(args["q"], reader_language(), allowed)
    page = hits.positions[offset:offset + limit]
    return Page(items=[concepts.rows[at] for at in page], total=len(hits), limit=limit, offset=offset)


def list_occupations(*, session: Session, actor: User, args: dict) -> Page:
    query = select(Occupation)
    filters = [name for name in ("isco_group", "sector", "starter") if args.get(name) is not None]
    for name in filters:
        query = query.where(getattr(Occupation, name) == args[name])
    return _list_concepts(session, Occupation, "occupation", query, bool(filters), args)


def _in_reader_language(label_nl: str | None, label_en: str) -> str:
    return label_en if reader_language() == "en" else label_nl or label_en


def _broader_of_occupation(session: Session, uri: str | None) -> dict | None:
    if not uri:
        return None
    if parent := session.scalar(select(Occupation).where(Occupation.uri == uri)):
        return {"kind": "occupation", "id": parent.id, "uri": uri, "code": parent.code,
                "label": catalogue(session).occupations.label(parent.id, reader_language())}
    if group := session.scalar(select(OccupationGroup).where(OccupationGroup.uri == uri)):
        return {"kind": "isco_group", "id": None, "uri": uri, "code": group.code,
                "label": _in_reader_language(getattr(group, "label_nl", None), group.label_en)}
    return {"kind": "unknown", "id": None, "uri": uri, "code": "", "label": ""}


def get_occupation(*, session: Session, actor: User, occupation_id: int) -> OccupationDetail:
    occupation = get_or_404(session, Occupation, occupation_id, "occupation")
    links = session.execute(
        select(OccupationSkill.relation, Skill).join(Skill, Skill.id == OccupationSkill.skill_id)
        .where(OccupationSkill.occupation_id == occupation.id)
        .order_by(func.lower(func.coalesce(Skill.label_nl, Skill.label_en)), Skill.id)
    ).all()
    return OccupationDetail(
        concept=occupation,
        broader=_broader_of_occupation(session, occupation.broader_uri),
        essential_skills=[skill for relation, skill in links if relation == "essential"],
        optional_skills=[skill for relation, skill in links if relation != "essential"],
    )


def list_skills(*, session: Session, actor: User, args: dict) -> Page:
    query = select(Skill)
    if args.get("skill_type"):
        query = query.where(Skill.skill_type == args["skill_type"])
    if occupation := args.get("occupation"):
        get_or_404(session, Occupation, occupation, "occupation")
        query = query.where(Skill.id.in_(select(OccupationSkill.skill_id).where(OccupationSkill.occupation_id == occupation)))
    return _list_concepts(session, Skill, "skill", query, bool(args.get("skill_type") or args.get("occupation")), args)


def _broader_of_skill(session: Session, uri: str) -> list[dict]:
    """The skill's broader skills and skill groups, level by level, nearest first."""
    found: list[dict] = []
    seen = {uri}
    level = [uri]
    for _ in range(MAX_BROADER_DEPTH):
        parents = [u for u in session.scalars(select(SkillBroader.broader_uri).where(SkillBroader.narrower_uri.in_(level))
                                              .order_by(SkillBroader.broader_uri)) if u not in seen]
        parents = list(dict.fromkeys(parents))
        if not parents:
            break
        seen.update(parents)
        groups = {g.uri: g for g in session.scalars(select(SkillGroup).where(SkillGroup.uri.in_(parents)))}
        skills = {s.uri: s for s in session.scalars(select(Skill).where(Skill.uri.in_(parents)))}
        for parent in parents:
            if parent in groups:
                group = groups[parent]
                found.append({"kind": "skill_group", "id": None, "uri": parent, "code": group.code,
                              "label": _in_reader_language(group.label_nl, group.label_en)})
            elif parent in skills:
                skill = skills[parent]
                found.append({"kind": "skill", "id": skill.id, "uri": parent, "code": "",
                              "label": catalogue(session).skills.label(skill.id, reader_language())})
        level = parents
    return found


def get_skill(*, session: Session, actor: User, skill_id: int) -> SkillDetail:
    skill = get_or_404(session, Skill, skill_id, "skill")
    needed_by = select(OccupationSkill.relation, Occupation).join(Occupation, Occupation.id == OccupationSkill.occupation_id) \
        .where(OccupationSkill.skill_id == skill.id)
    count = session.scalar(select(func.count()).select_from(needed_by.subquery()))
    rows = session.execute(needed_by.order_by(
        case((OccupationSkill.relation == "essential", 0), else_=1),
        func.lower(func.coalesce(Occupation.label_nl, Occupation.label_en)), Occupation.id,
    ).limit(OCCUPATIONS_PER_SKILL)).all()
    occupations = [{"id": o.id, "uri": o.uri, "label": o.label, "label_nl": o.label_nl, "label_en": o.label_en,
                    "relation": relation} for relation, o in rows]
    return SkillDetail(concept=skill, broader=_broader_of_skill(session, skill.uri), occupation_count=count or 0,
                       occupations=occupations)
