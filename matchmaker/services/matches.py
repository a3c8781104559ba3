"""Person <-> need matches: a person's best needs for their advisor, a need's candidates for its employer.

Both run the engine on arrays loaded for the request. The person's and advisor's view uses everything. The
employer's view (:func:`need_candidates`) is computed from people arrays without special-category data (target
groups, accommodation needs and consent are not even read): no accommodation check and no welcome bonus, so
nothing an employer can change on its need (accommodations, welcomed groups, skills, hours, place) makes the
list depend on them. It is pseudonymised (no name or contact) unless the person consented to share with that
employer; whether the workplace offers the adjustments a person needs is shown only in the person's own
matches.
"""
from __future__ import annotations

import functools
import hashlib
import hmac
from collections.abc import Mapping

from flask import current_app
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from matchmaker import vocabulary as v
from matchmaker.engine import matching as engine
from matchmaker.engine.names import Names
from matchmaker.explanations import explained, explainer, fact, with_sentences
from matchmaker.i18n import gettext
from matchmaker.errors import NotFound
from matchmaker.engine.data import NeedArrays, ProgrammeArrays
from matchmaker.models import Municipality, Need, Organisation, Person, Programme, StoredMatches, User, person_skills
from matchmaker.services import audit, jobs, open_needs, packing, stored_candidates, stored_matches
from matchmaker.security import policies
from matchmaker.services.cache import VersionedCache
from matchmaker.services.engine_inputs import SkillRefs, load_needs, load_people, load_programmes, skill_refs
from matchmaker.services.places import place_name
from matchmaker.services.queries import among_ids, json_list_contains, json_list_empty
from matchmaker.services.transitions import transition_table
from matchmaker.services.unblock import with_unblock


def need_names(session: Session, needs) -> tuple[tuple[str, ...], tuple[str, ...], dict]:
    """Titles and employers aligned with ``needs``, and the rows describing each need in responses."""
    rows = {row.id: row for row in session.execute(
        select(Need.id, Need.title, Need.kind, Need.organisation_id, Organisation.name.label("organisation"),
               Municipality.name.label("place"))
        .join(Organisation, Organisation.id == Need.organisation_id)
        .outerjoin(Municipality, Municipality.code == Need.municipality_code)
        .where(Need.id.in_([int(i) for i in needs.ids])))} if len(needs) else {}
    return (tuple(rows[int(i)].title for i in needs.ids), tuple(rows[int(i)].organisation for i in needs.ids), rows)


def programme_names(session: Session, programmes) -> tuple[tuple[str, ...], dict]:
    """Names aligned with ``programmes`` ("BBL Logistiek (Deltion College, Zwolle)"), and their rows."""
    rows = {row.id: row for row in session.execute(
        select(Programme.id, Programme.name, Programme.organisation_id, Organisation.name.label("school"),
               Municipality.name.label("place"))
        .join(Organisation, Organisation.id == Programme.organisation_id)
        .outerjoin(Municipality, Municipality.code == Programme.municipality_code))} if len(programmes) else {}
    return (tuple(f"{rows[int(i)].name} ({', '.join(filter(None, (rows[int(i)].school, rows[int(i)].place)))})"
                  for i in programmes.ids), rows)


@dataclass(frozen=True)
class OpenDemand:
    """The province's open needs and its programmes as engine arrays, with their display names: no personal
    data, so one copy per process serves every request until a region's data version changes."""

    needs: NeedArrays
    programmes: ProgrammeArrays
    names: Names
    #: need and programme rows by id (a dict, or the stored columns read a row at a time: ``packing.Rows``)
    need_rows: Mapping
    programme_rows: Mapping

    @functools.cached_property
    def factors(self) -> tuple:
        """The needs' skills coded for scoring (``engine.coverage_factors``), once, when scoring first asks."""
        return engine.coverage_factors(self.needs)

    @classmethod
    def of(cls, needs: NeedArrays, programmes: ProgrammeArrays, names: Names, need_rows: Mapping,
           programme_rows: Mapping) -> "OpenDemand":
        return cls(needs, programmes, names, need_rows, programme_rows)

    def pack(self, out: dict[str, np.ndarray], name: str) -> None:
        """Add this demand to ``out`` as named arrays under ``name`` (:mod:`matchmaker.services.packing`; the
        scoring codes are computed again when asked for)."""
        packing.put_fields(out, f"{name}.needs", self.needs)
        packing.put_fields(out, f"{name}.programmes", self.programmes)
        packing.put_fields(out, f"{name}.names", self.names)
        packing.put_rows(out, f"{name}.need_rows", self.need_rows)
        packing.put_rows(out, f"{name}.programme_rows", self.programme_rows)

    @classmethod
    def unpack(cls, arrays: dict[str, np.ndarray], name: str) -> "OpenDemand":
        """The demand :meth:`pack` stored under ``name``."""
        return cls.of(NeedArrays(**packing.take_fields(arrays, f"{name}.needs", NeedArrays)),
                      ProgrammeArrays(**packing.take_fields(arrays, f"{name}.programmes", ProgrammeArrays)),
                      Names(**packing.take_fields(arrays, f"{name}.names", Names)),
                      packing.take_rows(arrays, f"{name}.need_rows", "NeedRow"),
                      packing.take_rows(arrays, f"{name}.programme_rows", "ProgrammeRow"))


_DEMAND: VersionedCache[OpenDemand] = VersionedCache()


def open_demand(session: Session, space, key: tuple | None = None) -> OpenDemand:
    """The province's open demand, loaded once per process and ``key`` (default
    :func:`~matchmaker.services.open_needs.province_key`)."""
    def load() -> OpenDemand:
        needs = load_needs(session, space=space)
        programmes = load_programmes(session, space=space)
        titles, employers, need_rows = need_names(session, needs)
        labels, programme_rows = programme_names(session, programmes)
        return OpenDemand.of(needs, programmes, Names(needs=titles, employers=employers, programmes=labels),
                             need_rows, programme_rows)
    return _DEMAND.get(open_needs.province_key(session) if key is None else key, load)


def _programme_ref(programmes, programme_rows, k: int) -> dict:
    row = programme_rows[int(programmes.ids[k])]
    return {"id": row.id, "name": row.name, "school": row.school, "place": row.place}


def _bridge(space, programmes, programme_rows, match, refs=None, programme=None) -> list[dict]:
    """The programmes that teach what ``match`` misses. ``refs``/``programme``: the skills' and programmes'
    stored forms made once for many matches (:class:`CandidateItems`)."""
    refs = refs or (lambda indices: skill_refs(space, indices))
    programme = programme or (lambda k: _programme_ref(programmes, programme_rows, k))
    return [{"programme": programme(b.programme), "teaches": refs(b.closes), "duration_months": b.duration_months,
             "distance_km": round(b.distance_km, 1)} for b in match.bridge]


def _common(space, match, refs=None) -> dict:
    refs = refs or (lambda indices: skill_refs(space, indices))
    return {
        "score": round(match.score, 4),
        "feasible": match.feasible,
        "essential_coverage": round(match.essential_coverage, 4),
        "optional_coverage": round(match.optional_coverage, 4),
        "experience": round(match.experience, 4),
        "matched_skills": refs(match.matched),
        "missing_skills": refs(match.missing),
    }


def person_matches(*, session: Session, actor: User, person_id: int, limit: int = 10,
                   include_blocked: bool = True) -> dict:
    """The needs that fit a person best, with reasons, checks and gap bridges (for the person and their advisor):
    the feasible ones first, then (``include_blocked``) the closest blocked ones, each saying what blocks it.
    The answer says how many fit, and why the list is empty when it is. The needs are those the person's region's
    recompute ranked for them (:mod:`matchmaker.services.stored_matches`) while they describe the person, else
    ranked now.

    With consent to special-category data, the checks and the welcome flag are computed from it: an audited read.
    """
    # the person and their stored ranking in one round trip (the ranking is used only once the access check passed)
    person, ranking = session.execute(
        select(Person, StoredMatches).outerjoin(StoredMatches, StoredMatches.person_id == Person.id)
        .where(Person.id == person_id)).one_or_none() or (None, None)
    person = policies.require_person_visible(actor, person)
    if person.consent_special_category:
        audit.special_category_read(session=session, actor=actor, people=[person])
    return (stored_matches.read(session, person, ranking, limit, include_blocked)
            or compute_person_matches(session, person_id, limit=limit, include_blocked=include_blocked))


def compute_person_matches(session: Session, person_id: int, *, limit: int = 10,
                           include_blocked: bool = False) -> dict:
    """:func:`person_matches` without the access check: for a caller that checked it, or a job storing the
    result for the person's pages (``services/proposals.py``)."""
    table = transition_table(session)
    space = table.space
    people = load_people(session, space=space, person_ids=[person_id])
    demand = open_demand(session, space)
    needs, programmes, names = demand.needs, demand.programmes, demand.names
    matches = engine.match_person(space, table.similarity, people, 0, needs, programmes, limit=limit,
                                  include_blocked=include_blocked, names=names, factors=demand.factors)
    say = explainer()
    items = [match_item(space, demand, m, say=say) for m in matches]
    feasible = sum(m.feasible for m in matches)
    return {"person_id": person_id, "open_needs_considered": len(needs), "items": items,
            **explained([matches_summary(len(needs), feasible, len(items) - feasible)]), **jobs.computed_now()}


def match_item(space, demand: OpenDemand, m, *, needs: NeedArrays | None = None, say=None) -> dict:
    """One of a person's matches as their view shows it: the need (``m.need`` indexes ``needs``, by default the
    open demand's), the fit, every check (with what would unblock a failed one), the programmes that teach what is
    missing, and the explanation in facts and words (``say``: an :func:`~matchmaker.explanations.explainer` made
    once for the response)."""
    say = say or explainer()
    row = demand.need_rows[int((demand.needs if needs is None else needs).ids[m.need])]
    return with_unblock({
        "need": {"id": row.id, "title": row.title, "kind": row.kind, "place": row.place,
                 "organisation": {"id": row.organisation_id, "name": row.organisation}},
        **_common(space, m),
        "welcomed": m.welcomed,
        "constraints": [{"name": n, "passed": ok, **say([f])} for n, ok, f in m.constraints],
        "gap_bridge": _bridge(space, demand.programmes, demand.programme_rows, m),
        **say(m.facts),
    }, say)


def matches_summary(considered: int, feasible: int, blocked: int) -> dict:
    """The fact heading a person's matches: how many of the open needs fit (of those listed), how many blocked
    ones follow, or why there is nothing to list."""
    if not considered:
        return fact("matches.no_open_needs")
    return fact("matches.summary", considered=considered, feasible=feasible, blocked=blocked)


#: km per degree of latitude, and of longitude at 54°N (north of Overijssel): a box this size around a place
#: always contains the circle of the same radius, so the filter below never drops a feasible candidate
KM_PER_DEGREE_LAT, KM_PER_DEGREE_LON = 110.5, 65.0


def essential_holders(session: Session, space, needs: NeedArrays, j: int, options: engine.ScoreOptions) -> list[int] | None:
    """The ids of the people who hold at least :func:`engine.min_essential_held` of need ``j``'s essential skills
    (one GROUP BY person HAVING count, read from the (skill, person) index), the only ones who can pass its
    coverage gate; None when everyone passes it (a need without essential skills)."""
    essential = np.unique(sparse.csr_matrix(needs.essential)[j].indices)
    least = int(engine.min_essential_held(len(essential), engine.need_gate(needs, j, options)))
    if least <= 0:
        return None
    return list(session.scalars(
        select(person_skills.c.person_id).where(among_ids(session, person_skills.c.skill_id, space.skill_ids[essential]))
        .group_by(person_skills.c.person_id).having(func.count() >= least)))


def could_qualify(session: Session, needs: NeedArrays, j: int, options: engine.ScoreOptions):
    """SQL condition: the people who could pass need ``j``'s other hard constraints, read from the need's engine
    arrays so it tests what the engine tests and never more (the engine decides; this only spares loading people
    who cannot qualify): their travel radius reaches it (a bounding box around the need, which contains the
    circle); hours and Dutch level (one step short may do); available all year or in one of its months. Nothing of special-category
    data: the employer's view is computed without it."""
    conditions = []
    lat, lon = float(needs.lat[j]), float(needs.lon[j])
    if not (np.isnan(lat) or np.isnan(lon)):
        conditions += [func.abs(Person.latitude - lat) * KM_PER_DEGREE_LAT <= Person.travel_radius_km,
                       func.abs(Person.longitude - lon) * KM_PER_DEGREE_LON <= Person.travel_radius_km]
    conditions.append(Person.hours_per_week + options.hours_tolerance >= int(needs.hours[j]))
    if (level := int(needs.dutch_level[j])) > 1:  # one step short may pass with a Dutch course in reach
        conditions.append(Person.dutch_level.in_(v.DUTCH_LEVELS[level - 1:]))
    months = [m for m in range(1, 13) if int(needs.months[j]) >> (m - 1) & 1]
    if len(months) < 12:
        conditions.append(or_(json_list_empty(session, Person.available_months),
                              *(json_list_contains(session, Person.available_months, m) for m in months)))
    return and_(*conditions)


def pseudonym_code(person_id: int, need_id: int) -> str:
    """Six characters, stable per person and need, not linkable across needs without the secret key."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"{person_id}:{need_id}".encode(), hashlib.sha256).hexdigest()[:6].upper()


def _need_ref(need: Need, organisation: str) -> dict:
    """The need as a reader names it: its title, kind, place and employer."""
    return {"id": need.id, "title": need.title, "kind": need.kind, "place": place_name(need.municipality_code),
            "organisation": {"id": need.organisation_id, "name": organisation}}


def pseudonym(person_id: int, need_id: int) -> str:
    """A stable pseudonym per person and need ("Kandidaat 3F09A2")."""
    return gettext("Candidate %(code)s", code=pseudonym_code(person_id, need_id))


@dataclass(frozen=True)
class Candidates:
    """A need's best people, computed without special-category data: the engine's matches, the people's ids
    aligned with them, and what describing them takes."""

    organisation_id: int
    space: object
    needs: NeedArrays
    programmes: ProgrammeArrays
    programme_rows: dict
    names: Names
    people_considered: int
    matches: list
    person_ids: list[int]


def ranked_candidates(*, session: Session, actor: User, need_id: int, limit: int = 10) -> Candidates:
    """The people who fit a need best (for its employer, coordinators, admins), best first: feasible only, computed
    without special-category data (no accommodation check, no welcome bonus)."""
    organisation_id = session.scalar(select(Need.organisation_id).where(Need.id == need_id))
    if organisation_id is None:
        raise NotFound("No need with id %(need_id)s.", need_id=need_id)
    policies.require_organisation_actor(actor, organisation_id)
    table = transition_table(session)
    space = table.space
    needs = load_needs(session, space=space, need_ids=[need_id], status=None)
    options = stored_candidates.EMPLOYER_OPTIONS
    # who could qualify: those holding enough of its essential skills, then the other constraints, and of their
    # skills only the need's (all that matching against it reads)
    need_skills = sparse.csr_matrix(needs.essential + needs.optional)[0].indices
    people = load_people(session, space=space, person_ids=essential_holders(session, space, needs, 0, options),
                         where=could_qualify(session, needs, 0, options), skill_ids=space.skill_ids[need_skills],
                         special_category=False)
    demand = open_demand(session, space)
    titles, employers, _ = need_names(session, needs)
    names = Names(needs=titles, employers=employers, programmes=demand.names.programmes)
    # no welcome bonus (and, without the data, no accommodation check): a lifted score, or a candidate appearing
    # when the need's accommodations change, would reveal group membership or health data
    found = engine.candidates_for_need(space, table.similarity, people, 0, needs, demand.programmes, limit=limit,
                                       names=names, options=options, explain=False)
    return Candidates(organisation_id, space, needs, demand.programmes, demand.programme_rows, names, len(people),
                      found, [int(people.ids[m.person]) for m in found])


class CandidateItems:
    """What the employer's view says of a candidate apart from who they are (called with the match): the fit, the
    checks an employer may see, the programmes that teach what is missing, and the facts of the explanation (as
    stored and as computed). The parts many candidates share (skills, programmes, checks) are made once per instance
    and shared between the items: a job storing a region's candidates makes one for all of them."""

    def __init__(self, space, needs, demand: OpenDemand, names: Names):
        self.space, self.needs, self.demand, self.names = space, needs, demand, names
        self.refs = SkillRefs(space)
        self._programmes: dict[int, dict] = {}
        self._checks: dict[tuple, list] = {}

    def _programme(self, k: int) -> dict:
        ref = self._programmes.get(k)
        if ref is None:
            ref = self._programmes[k] = _programme_ref(self.demand.programmes, self.demand.programme_rows, k)
        return ref

    def _constraints(self, m) -> list[dict]:
        key = tuple((n, ok) for n, ok, _ in m.constraints)
        checks = self._checks.get(key)
        if checks is None:
            checks = self._checks[key] = [{"name": n, "passed": ok} for n, ok in key
                                          if n in engine.EMPLOYER_VISIBLE_CONSTRAINTS]
        return checks

    def __call__(self, m) -> dict:
        demand, refs = self.demand, self.refs
        return {**_common(self.space, m, refs),
                "constraints": self._constraints(m),
                "gap_bridge": _bridge(self.space, demand.programmes, demand.programme_rows, m, refs, self._programme),
                "facts": list(engine.explain_for_employer(self.space, self.needs, m, names=self.names,
                                                          programmes=demand.programmes, skills=refs))}


def _live_candidates(session: Session, actor: User, need_id: int, limit: int) -> dict:
    """A need's candidates computed for this request (no stored ones describe it): person ids with their items."""
    ranked = ranked_candidates(session=session, actor=actor, need_id=need_id, limit=limit)
    item = CandidateItems(ranked.space, ranked.needs, open_demand(session, ranked.space), ranked.names)
    return {"items": [{"person_id": pid, **item(m)} for m, pid in zip(ranked.matches, ranked.person_ids)],
            "people_considered": ranked.people_considered, **jobs.computed_now()}


def need_candidates(*, session: Session, actor: User, need_id: int, limit: int = 10) -> dict:
    """The people who fit a need best, for its employer (and coordinators, admins): computed without
    special-category data, pseudonymised, and the profile shown only to the organisation the person shared it
    with (:func:`matchmaker.security.policies.may_see_shared_profile`). Read from the need's stored candidates
    while they describe it (:mod:`matchmaker.services.stored_candidates`), else computed now. A need that is not
    open (closed, filled, or past its closing date) has no candidates."""
    found_need = session.execute(select(Need, Organisation.name, open_needs.is_open())
                                 .join(Organisation, Organisation.id == Need.organisation_id)
                                 .where(Need.id == need_id)).one_or_none()
    if found_need is None:
        raise NotFound("No need with id %(need_id)s.", need_id=need_id)
    need, organisation, is_open = found_need
    organisation_id = need.organisation_id
    policies.require_organisation_actor(actor, organisation_id)
    if not is_open:
        found = {"items": [], "people_considered": 0, **jobs.computed_now()}
    else:
        found = stored_candidates.read(session, need, limit) or _live_candidates(session, actor, need_id, limit)
    person_ids = [item["person_id"] for item in found["items"]]
    consent = {row.id: row for row in session.execute(
        select(Person.id, Person.name, Person.email, Person.phone, Person.consent_share_with)
        .where(Person.id.in_(person_ids)))}
    items = []
    for item in found["items"]:
        pid = item["person_id"]
        if pid not in consent:
            continue  # erased since the candidates were stored
        shared = policies.may_see_shared_profile(actor, organisation_id, consent[pid].consent_share_with)
        items.append({
            "candidate": pseudonym(pid, need_id),
            "code": pseudonym_code(pid, need_id),
            "shared_profile": {"person_id": pid, "name": consent[pid].name, "email": consent[pid].email,
                               "phone": consent[pid].phone} if shared else None,
            **{key: value for key, value in item.items() if key != "person_id"},
        })
    freshness = {key: found[key] for key in ("computed_at", "stale", "refresh_pending") if key in found}
    return {"need_id": need_id, "need": _need_ref(need, organisation), "people_considered": found["people_considered"],
            "items": with_sentences(items), **freshness}
