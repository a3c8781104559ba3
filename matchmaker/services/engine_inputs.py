"""Build the engine's arrays (:mod:`matchmaker.engine.data`) from the database.

Column selects and association tables straight into numpy/scipy, never one ORM object per row, so a region
of 100,000 people loads in seconds. The taxonomy's :class:`SkillSpace` is cached per process and taxonomy
version (it holds no personal data); people are never cached.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from itertools import chain

import numpy as np
from scipy import sparse
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.services.cache import VersionedCache, clear_process_caches  # noqa: F401  (tests import it here)
from matchmaker import vocabulary as v
from matchmaker.engine.bridges import dutch_skills, learned_on_the_job, within_reach_of_any
from matchmaker.engine.levels import EDUCATION_LEVEL, highest_held, occupation_levels
from matchmaker.engine.data import (
    NeedArrays,
    OrganisationArrays,
    PartnerRequestArrays,
    PeopleArrays,
    ProgrammeArrays,
    SkillSpace,
)
from matchmaker.explanations import Concept, PlainList, plain
from matchmaker.models import (
    Municipality,
    Need,
    NeedSkill,
    Occupation,
    OccupationSkill,
    Organisation,
    PartnerRequest,
    Person,
    Programme,
    Skill,
    SkillBroader,
    SkillGroup,
    SkillRelation,
    WorkExperience,
    person_skills,
    programme_occupations,
    programme_skills,
)
from matchmaker.services import data_versions, open_needs
from matchmaker.services.queries import among_ids
from matchmaker.services.work_capacity import demands_of, occupation_demands



def data_version(session: Session, scope: str) -> int:
    return data_versions.current(session=session, scope=scope)


_SPACE_CACHE: VersionedCache[SkillSpace] = VersionedCache()


def taxonomy_key(session: Session) -> tuple:
    """What identifies the taxonomy's content for caching: the database and the taxonomy's data version, which
    the importers bump on every change (the taxonomy is only written through them)."""
    return (str(session.get_bind().url), data_version(session, "taxonomy"))


def skill_refs(space: SkillSpace, indices) -> list[dict]:
    """Skills given by engine indices, as stored: ``{"concept", "id", "label"}``, named again when read."""
    return [plain(space.skill_labels[s]) for s in indices]


class SkillRefs:
    """:func:`skill_refs` for a caller writing many results at once: each skill's stored form is made once and
    shared, in lists :func:`plain` takes as they are (:class:`PlainList`; nobody changes them)."""

    def __init__(self, space: SkillSpace):
        self.labels = space.skill_labels
        self.made: dict[int, dict] = {}

    def __call__(self, indices) -> PlainList:
        made = self.made
        out = PlainList()
        for s in indices:
            ref = made.get(s)
            if ref is None:
                ref = made[s] = plain(self.labels[s])
            out.append(ref)
        return out


def _positions(sorted_ids: np.ndarray, ids) -> np.ndarray:
    """The position of each of ``ids`` in ``sorted_ids`` (ascending, as every loader orders by id), -1 where
    absent: one binary search per id in numpy, not a Python dict built per call."""
    ids = np.asarray(ids, dtype=np.int64)
    if len(sorted_ids) == 0:
        return np.full(ids.shape, -1, np.int64)
    at = np.minimum(np.searchsorted(sorted_ids, ids), len(sorted_ids) - 1)
    return np.where(sorted_ids[at] == ids, at, -1)


def _membership(pairs: Iterable[tuple[int, int]], row_ids: np.ndarray, col_ids: np.ndarray,
                values: Iterable[float] | None = None) -> sparse.csr_matrix:
    """A 0/1 (or weighted) csr matrix from (row id, column id) pairs, rows and columns given by their ascending
    ids; pairs with ids outside them are dropped."""
    flat = np.fromiter(chain.from_iterable(pairs), dtype=np.int64)
    rows, cols = _positions(row_ids, flat[0::2]), _positions(col_ids, flat[1::2])
    data = np.ones(len(rows), np.float32) if values is None else np.fromiter(values, np.float32, count=len(rows))
    keep = (rows >= 0) & (cols >= 0)
    matrix = sparse.csr_matrix((data[keep], (rows[keep], cols[keep])), shape=(len(row_ids), len(col_ids)))
    matrix.sum_duplicates()
    if values is None:
        matrix.data[:] = 1.0
    return matrix


def load_skill_space(session: Session) -> SkillSpace:
    """The taxonomy as matrices, cached per database and taxonomy version."""
    return _SPACE_CACHE.get(taxonomy_key(session), lambda: _build_skill_space(session))


def _build_skill_space(session: Session) -> SkillSpace:
    occupations = session.execute(select(Occupation.id, Occupation.label_nl, Occupation.label_en, Occupation.isco_group)
                                  .order_by(Occupation.id)).all()
    skills = session.execute(select(Skill.id, Skill.uri, Skill.label_nl, Skill.label_en, Skill.reuse_level)
                             .order_by(Skill.id)).all()
    occupation_ids = np.array([row.id for row in occupations], dtype=np.int64)
    skill_ids = np.array([row.id for row in skills], dtype=np.int64)
    links = session.execute(select(OccupationSkill.occupation_id, OccupationSkill.skill_id, OccupationSkill.relation)).all()
    essential = _membership(((o, s) for o, s, r in links if r == "essential"), occupation_ids, skill_ids)
    optional = _membership(((o, s) for o, s, r in links if r == "optional"), occupation_ids, skill_ids)

    groups = session.execute(select(SkillGroup.uri, SkillGroup.code, SkillGroup.label_nl, SkillGroup.label_en)
                             .order_by(SkillGroup.id)).all()
    group_index = {row.uri: i for i, row in enumerate(groups)}
    broader: dict[str, list[str]] = {}
    for narrower, wider in session.execute(select(SkillBroader.narrower_uri, SkillBroader.broader_uri)):
        broader.setdefault(narrower, []).append(wider)
    skill_group = np.full(len(skills), -1, dtype=np.int32)
    for i, row in enumerate(skills):
        skill_group[i] = _nearest_group(row.uri, broader, group_index)
    group_parent = np.array([_nearest_group(row.uri, broader, group_index, depth=1) for row in groups], np.int64)

    language_groups = {row.uri for row in groups if LANGUAGE_GROUP_CODE.match(row.code or "")}
    languages = [_under_any(row.uri, broader, language_groups) for row in skills]
    on_the_job = learned_on_the_job([row.reuse_level for row in skills], languages)

    related_rows = session.execute(select(SkillRelation.skill_id, SkillRelation.related_skill_id)).all()
    related = _membership(related_rows, skill_ids, skill_ids)
    related = ((related + related.T) > 0).astype(np.float32).tocsr()
    return SkillSpace(
        occupation_ids=occupation_ids,
        occupation_labels=tuple(Concept(row.label_nl or row.label_en, "occupation", row.id) for row in occupations),
        isco_group=tuple(row.isco_group or "" for row in occupations),
        skill_ids=skill_ids,
        skill_labels=tuple(Concept(row.label_nl or row.label_en, "skill", row.id) for row in skills),
        essential=essential,
        optional=optional,
        skill_group=skill_group,
        group_labels=tuple(row.label_nl or row.label_en for row in groups),
        related=related,
        group_parent=group_parent,
        on_the_job=on_the_job,
    )


#: ESCO's skill groups of languages ("L language skills and knowledge", "L1 languages", "L2 classical languages",
#: "T1.1 mastering languages")
LANGUAGE_GROUP_CODE = re.compile(r"^(L\d*|T1\.1)$")


def _under_any(uri: str, broader: dict[str, list[str]], targets: set[str], depth: int = 4) -> bool:
    """Whether one of ``targets`` lies above ``uri`` (through broader skills and groups, at most ``depth`` hops)."""
    frontier = [uri]
    for _ in range(depth):
        frontier = [p for node in frontier for p in broader.get(node, ())]
        if targets.intersection(frontier):
            return True
    return False


def _nearest_group(uri: str, broader: dict[str, list[str]], group_index: dict[str, int], depth: int = 3) -> int:
    """The first skill group above ``uri`` (through broader skills, at most ``depth`` hops), or -1."""
    frontier = [uri]
    for _ in range(depth):
        parents = [p for node in frontier for p in broader.get(node, ())]
        for parent in parents:
            if parent in group_index:
                return group_index[parent]
        frontier = parents
    return -1


def _in_region(model, region: str | None):
    if region is None:
        return None
    return model.municipality_code.in_(select(Municipality.code).where(Municipality.region_code == region))


def _occupations(space: SkillSpace, occupation_ids: list[int | None]) -> np.ndarray:
    """Occupation indices in ``space`` for occupation ids (None or unknown: -1)."""
    return _positions(space.occupation_ids, [-1 if o is None else o for o in occupation_ids])


def _mask_column(values, vocabulary) -> np.ndarray:
    return np.array([v.to_mask(x or (), vocabulary) for x in values], dtype=np.int64)


def _months_column(values) -> np.ndarray:
    return np.array([v.months_mask(x or ()) for x in values], dtype=np.int64)


def _level(values, vocabulary) -> np.ndarray:
    return np.array([vocabulary.index(x) if x in vocabulary else 0 for x in values], dtype=np.int16)


def load_people(session: Session, *, space: SkillSpace, region: str | None = None,
                person_ids: Iterable[int] | None = None, where=None,
                skill_ids: Iterable[int] | None = None, special_category: bool = True) -> PeopleArrays:
    """People (of a region, the given ids, and/or matching the SQL condition ``where``) as arrays.
    Special-category data stays in memory only.

    ``skill_ids`` loads only those of their skills (all when None): the skills of one need are all that
    matching against that need reads. ``special_category=False`` does not read target groups, accommodation
    needs or consent at all (their arrays are 0): the input of every view for someone other than the person,
    their advisor or an admin (:mod:`matchmaker.security.policies`)."""
    columns = [Person.id, Person.latitude, Person.longitude, Person.travel_radius_km, Person.hours_per_week,
               Person.dutch_level, Person.available_months, Person.education_level, Person.career_change]
    if special_category:
        columns += [Person.accommodation_needs, Person.target_groups, Person.consent_special_category,
                    Person.capacity_limits, Person.capacity_max_hours]
    query = select(*columns).order_by(Person.id)
    if (condition := _in_region(Person, region)) is not None:
        query = query.where(condition)
    if person_ids is not None:
        query = query.where(among_ids(session, Person.id, person_ids))
    if where is not None:
        query = query.where(where)
    rows = session.execute(query).all()
    ids = np.array([row.id for row in rows], dtype=np.int64)

    def chosen(column):
        """Their rows in another table: for a region by the same selection as a subquery; for people chosen by
        ids or a condition by the ids found (a condition is not evaluated again)."""
        if person_ids is None and where is None:
            return column.in_(query.with_only_columns(Person.id).order_by(None))
        return among_ids(session, column, ids.tolist())

    skill_query = select(person_skills.c.person_id, person_skills.c.skill_id).where(chosen(person_skills.c.person_id))
    if skill_ids is not None:
        skill_query = skill_query.where(among_ids(session, person_skills.c.skill_id, skill_ids))
    # plain rows, without the ORM's processing per row (the session flushed with the query above): at 100k people
    # their 3.2M skills come in 1.3-1.7 CPU s instead of 2.6-2.8
    connection = session.connection()
    skill_rows = connection.execute(skill_query).all() if len(ids) else []
    history = connection.execute(
        select(WorkExperience.person_id, WorkExperience.occupation_id, WorkExperience.start_date,
               WorkExperience.end_date).where(chosen(WorkExperience.person_id))).all() if len(ids) else []
    today = date.today()
    years = [max(0.0, ((end or today) - start).days / 365.25) for _, _, start, end in history]
    consented = [special_category and row.consent_special_category for row in rows]
    past = _membership(((p, o) for p, o, _, _ in history), ids, space.occupation_ids, values=years)
    return PeopleArrays(
        ids=ids,
        skills=_membership(skill_rows, ids, space.skill_ids),
        past_occupations=past,
        lat=np.array([row.latitude for row in rows], dtype=np.float64),
        lon=np.array([row.longitude for row in rows], dtype=np.float64),
        radius_km=np.array([row.travel_radius_km for row in rows], dtype=np.float64),
        hours=np.array([row.hours_per_week for row in rows], dtype=np.int16),
        dutch_level=_level([row.dutch_level for row in rows], v.DUTCH_LEVELS),
        accommodations_needed=_mask_column([row.accommodation_needs if ok else () for row, ok in zip(rows, consented)],
                                           v.ACCOMMODATIONS),
        available_months=_months_column([row.available_months for row in rows]),
        target_groups=_mask_column([row.target_groups if ok else () for row, ok in zip(rows, consented)],
                                   v.TARGET_GROUPS),
        capacity_limits=_mask_column([row.capacity_limits if ok else () for row, ok in zip(rows, consented)],
                                     v.WORK_DEMANDS) if special_category else None,
        max_hours=np.array([(row.capacity_max_hours or 0) if ok else 0 for row, ok in zip(rows, consented)],
                           dtype=np.int16) if special_category else None,
        skill_level=np.array([EDUCATION_LEVEL.get(row.education_level, 0) for row in rows], dtype=np.int8),
        work_level=highest_held(past, occupation_levels(space.isco_group)),
        dutch_course=within_reach_of_any([row.latitude for row in rows], [row.longitude for row in rows],
                                         [row.travel_radius_km for row in rows], *_dutch_course_places(session, space)),
        career_change=np.array([bool(row.career_change) for row in rows], dtype=bool),
    )


#: id of the skill space -> (that space, the ids of its Dutch-language skills): holding the space keeps its id
#: from being reused while it is here
_DUTCH: VersionedCache[tuple] = VersionedCache()


def _dutch_skill_ids(space: SkillSpace) -> np.ndarray:
    """The ids of the taxonomy's skills that are the Dutch language, found once per skill space (matching every
    label took 1.6 s of each person's matches read on full ESCO at load ~10)."""
    return _DUTCH.get(id(space), lambda: (space, space.skill_ids[dutch_skills(space.skill_labels)]))[1]


_DUTCH_PLACES: VersionedCache[tuple[list, list]] = VersionedCache()


def _dutch_course_places(session: Session, space: SkillSpace) -> tuple[list, list]:
    """Where the programmes teaching Dutch (:func:`matchmaker.engine.bridges.dutch_skills`) are given: read once
    per process while the taxonomy and the programmes (located records: their regions' counters) stay the same."""
    def load() -> tuple[list, list]:
        dutch = _dutch_skill_ids(space)
        if not len(dutch):
            return [], []
        rows = session.execute(select(Programme.latitude, Programme.longitude).distinct().join(
            programme_skills, programme_skills.c.programme_id == Programme.id).where(
            programme_skills.c.skill_id.in_([int(i) for i in dutch]))).all()
        return [row.latitude for row in rows], [row.longitude for row in rows]

    return _DUTCH_PLACES.get((str(session.get_bind().url),
                              data_versions.combined(session=session, scopes=data_versions.province_scopes())), load)


def load_special_category(session: Session, person_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The target groups and accommodation needs of ``person_ids`` as bitmasks aligned with them (0 without
    consent): for the aggregates over groups that only admins read, next to people arrays loaded without them."""
    ids = np.asarray(person_ids, np.int64)
    rows = {row.id: row for row in session.execute(
        select(Person.id, Person.target_groups, Person.accommodation_needs, Person.consent_special_category)
        .where(among_ids(session, Person.id, ids.tolist())))} if len(ids) else {}
    consented = [rows[int(i)] if int(i) in rows and rows[int(i)].consent_special_category else None for i in ids]
    return (_mask_column([row.target_groups if row else () for row in consented], v.TARGET_GROUPS),
            _mask_column([row.accommodation_needs if row else () for row in consented], v.ACCOMMODATIONS))


def load_needs(session: Session, *, space: SkillSpace, region: str | None = None,
               need_ids: Iterable[int] | None = None, status: str | None = "open") -> NeedArrays:
    """Needs as arrays; accommodations offered are the need's own plus its organisation's."""
    query = (select(Need.id, Need.organisation_id, Need.occupation_id, Need.latitude, Need.longitude,
                    Need.hours_per_week, Need.dutch_level, Need.accommodations, Organisation.accommodations.label("org_acc"),
                    Need.months, Need.headcount, Need.trains_on_job, Need.welcomes_groups, Need.kind, Need.demands)
             .join(Organisation, Organisation.id == Need.organisation_id).order_by(Need.id))
    if status is not None:
        query = query.where(open_needs.is_open() if status == "open" else Need.status == status)
    if (condition := _in_region(Need, region)) is not None:
        query = query.where(condition)
    if need_ids is not None:
        query = query.where(Need.id.in_(list(need_ids)))
    rows = session.execute(query).all()
    ids = np.array([row.id for row in rows], dtype=np.int64)
    occupation = _occupations(space, [row.occupation_id for row in rows])
    chosen = query.with_only_columns(Need.id).order_by(None)
    links = session.execute(select(NeedSkill.need_id, NeedSkill.skill_id, NeedSkill.relation)
                            .where(NeedSkill.need_id.in_(chosen))).all() if len(ids) else []
    level = (np.where(occupation >= 0, occupation_levels(space.isco_group)[np.maximum(occupation, 0)], 0)
             if len(space.isco_group) else np.zeros(len(ids), np.int8))
    return NeedArrays(
        ids=ids,
        organisation_ids=np.array([row.organisation_id for row in rows], dtype=np.int64),
        occupation=occupation,
        essential=_membership(((n, s) for n, s, r in links if r == "essential"), ids, space.skill_ids),
        optional=_membership(((n, s) for n, s, r in links if r == "optional"), ids, space.skill_ids),
        lat=np.array([row.latitude for row in rows], dtype=np.float64),
        lon=np.array([row.longitude for row in rows], dtype=np.float64),
        hours=np.array([row.hours_per_week for row in rows], dtype=np.int16),
        dutch_level=_level([row.dutch_level for row in rows], v.DUTCH_LEVELS),
        accommodations_offered=_mask_column([set(row.accommodations or ()) | set(row.org_acc or ()) for row in rows],
                                            v.ACCOMMODATIONS),
        months=_months_column([row.months for row in rows]),
        headcount=np.array([row.headcount for row in rows], dtype=np.int32),
        trains_on_job=np.array([row.trains_on_job for row in rows], dtype=bool),
        welcomes_groups=_mask_column([row.welcomes_groups for row in rows], v.TARGET_GROUPS),
        kind=_level([row.kind for row in rows], v.NEED_KINDS),
        demands=_demands_column(session, rows),
        level=level,
        beginners=(level == 1) | np.isin([row.occupation_id or 0 for row in rows], starter_occupations(session)),
    )


def starter_occupations(session: Session) -> list[int]:
    """The ids of the occupations the taxonomy marks open to starters without experience."""
    return list(session.scalars(select(Occupation.id).where(Occupation.starter.is_(True))))


def _demands_column(session: Session, rows) -> np.ndarray:
    """Each need's work demands as bitmasks: its own when stated, else its occupation's defaults."""
    defaults = occupation_demands(session, [row.occupation_id for row in rows if row.demands is None])
    return np.array([v.to_mask(demands_of(row.demands, row.occupation_id, defaults), v.WORK_DEMANDS) for row in rows],
                    dtype=np.int64)


def load_programmes(session: Session, *, space: SkillSpace, region: str | None = None) -> ProgrammeArrays:
    query = select(Programme.id, Programme.organisation_id, Programme.latitude, Programme.longitude,
                   Programme.duration_months, Programme.start_months, Programme.mode, Programme.capacity).order_by(Programme.id)
    if (condition := _in_region(Programme, region)) is not None:
        query = query.where(condition)
    rows = session.execute(query).all()
    ids = np.array([row.id for row in rows], dtype=np.int64)
    chosen = query.with_only_columns(Programme.id).order_by(None)
    taught = session.execute(select(programme_skills.c.programme_id, programme_skills.c.skill_id)
                             .where(programme_skills.c.programme_id.in_(chosen))).all() if len(ids) else []
    leads = session.execute(select(programme_occupations.c.programme_id, programme_occupations.c.occupation_id)
                            .where(programme_occupations.c.programme_id.in_(chosen))).all() if len(ids) else []
    return ProgrammeArrays(
        ids=ids,
        organisation_ids=np.array([row.organisation_id for row in rows], dtype=np.int64),
        skills=_membership(taught, ids, space.skill_ids),
        occupations=_membership(leads, ids, space.occupation_ids),
        lat=np.array([row.latitude for row in rows], dtype=np.float64),
        lon=np.array([row.longitude for row in rows], dtype=np.float64),
        duration_months=np.array([row.duration_months for row in rows], dtype=np.int32),
        start_months=_months_column([row.start_months for row in rows]),
        mode=_level([row.mode for row in rows], v.PROGRAMME_MODES),
        capacity=np.array([row.capacity for row in rows], dtype=np.int32),
    )


def load_organisations(session: Session, *, region: str | None = None) -> OrganisationArrays:
    query = select(Organisation.id, Organisation.name, Organisation.kind, Organisation.sector, Organisation.latitude,
                   Organisation.longitude, Organisation.lever_strengths, Organisation.lever_asks,
                   Organisation.pioneer).order_by(Organisation.id)
    if (condition := _in_region(Organisation, region)) is not None:
        query = query.where(condition)
    rows = session.execute(query).all()
    return OrganisationArrays(
        ids=np.array([row.id for row in rows], dtype=np.int64),
        names=tuple(row.name for row in rows),
        kind=_level([row.kind for row in rows], v.ORGANISATION_KINDS),
        sector=_level([row.sector for row in rows], v.SECTORS),
        lat=np.array([row.latitude for row in rows], dtype=np.float64),
        lon=np.array([row.longitude for row in rows], dtype=np.float64),
        lever_strength=np.array([[int((row.lever_strengths or {}).get(lever, 0)) for lever in v.LEVERS] for row in rows],
                                dtype=np.int8).reshape(len(rows), len(v.LEVERS)),
        lever_asks=_mask_column([row.lever_asks for row in rows], v.LEVERS),
        pioneer=np.array([row.pioneer for row in rows], dtype=bool),
    )


def load_partner_requests(session: Session, *, space: SkillSpace, organisations: OrganisationArrays) -> PartnerRequestArrays:
    """Open partner requests of the given organisations."""
    org_index = {int(o): i for i, o in enumerate(organisations.ids)}
    rows = [row for row in session.execute(
        select(PartnerRequest.id, PartnerRequest.organisation_id, PartnerRequest.direction, PartnerRequest.kind,
               PartnerRequest.months, PartnerRequest.lever, PartnerRequest.occupation_id)
        .where(PartnerRequest.status == "open").order_by(PartnerRequest.id)).all() if row.organisation_id in org_index]
    return PartnerRequestArrays(
        ids=np.array([row.id for row in rows], dtype=np.int64),
        organisation=np.array([org_index[row.organisation_id] for row in rows], dtype=np.int64),
        direction=_level([row.direction for row in rows], v.PARTNER_REQUEST_DIRECTIONS),
        kind=_level([row.kind for row in rows], v.PARTNER_REQUEST_KINDS),
        months=_months_column([row.months for row in rows]),
        lever=np.array([v.LEVERS.index(row.lever) if row.lever in v.LEVERS else -1 for row in rows], dtype=np.int64),
        occupation=_occupations(space, [row.occupation_id for row in rows]),
    )
