"""Workers' changes and the moves proposed for them ("van werk naar werk").

A *worker* is a person whose work history has a current job (no end date) at an organisation. A change — their
capacity, a wish, or the job at risk — is recorded by the person, their advisor or an admin, or by the employer:
the employer only for a worker who shares their profile with it, and only with the worker's consent
(``worker_consent``), which also lets the employer see the proposed moves.

Who sees what: the person, their advisor and admins see the changes and the moves, computed with the worker's
work-capacity limits and saying that they fit them. The employer sees the changes recorded with consent and their
moves, computed with the limits (the worker consented) but never naming them. Coordinators see only the flows
per sector (:func:`region_flows`): they count the moves computed without anyone's limits (like the region's
allocation and insights), and add up, cell by cell, to exactly those moves; small counts are suppressed. Counting
the moves computed with limits instead would let a coordinator tell whether a worker has limits (one worker's
limits move a visible cell; ``tests/demo/test_demo_workers.py`` shows it on the demo), so the flows and the
advisor's moves agree only for workers without limits. Nothing here logs personal data.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from matchmaker import vocabulary as v
from matchmaker.engine import worker_moves as engine
from matchmaker.engine.names import Names
from matchmaker.errors import Forbidden, InvalidInput, NotFound
from matchmaker.explanations import explained, fact
from matchmaker.labels import coded
from matchmaker.models import (
    Municipality, Need, Occupation, Organisation, Person, User, WorkerChange, WorkExperience, network_memberships,
)
from matchmaker.security import policies
from matchmaker.services import audit, data_versions, open_needs, partners as partner_matches, versions
from matchmaker.services.cache import VersionedCache
from matchmaker.services.engine_inputs import load_people, skill_refs
from matchmaker.services.matches import open_demand
from matchmaker.services.places import REGIONS
from matchmaker.services.queries import Page, existing, get_or_404, paginate
from matchmaker.services.transitions import transition_table

#: flows and counts below this are shown as "fewer than" (never the number)
MIN_COUNT = 3
#: roles that record and read changes, each within what it may see
CHANGE_ROLES = ("admin", "advisor", "person", "employer")


# --------------------------------------------------------------------------- who may see what

def current_job(session: Session, person_id: int, organisation_id: int) -> WorkExperience | None:
    """The person's current job (no end date) at the organisation, if any."""
    return session.scalar(select(WorkExperience).where(
        WorkExperience.person_id == person_id, WorkExperience.organisation_id == organisation_id,
        WorkExperience.end_date.is_(None)).order_by(WorkExperience.start_date.desc()).limit(1))


def _shares_with_employer(person: Person, organisation_id: int) -> bool:
    return organisation_id in (person.consent_share_with or [])


def can_see_change(actor: User, change: WorkerChange) -> bool:
    if actor.role in ("admin", "advisor", "person"):
        return policies.can_see_person(actor, change.person)
    if actor.role == "employer":
        return (actor.organisation_id == change.organisation_id and change.worker_consent
                and _shares_with_employer(change.person, change.organisation_id))
    return False


def sees_limits(actor: User, change: WorkerChange) -> bool:
    """Whether ``actor`` may read the worker's limits themselves (the person, their advisor, admins)."""
    return actor.role in ("admin", "advisor", "person") and policies.can_see_special_category(actor, change.person)


def _visible_change(session: Session, actor: User, change_id: int) -> WorkerChange:
    policies.require_role(actor, *CHANGE_ROLES)
    change = session.get(WorkerChange, change_id)
    if change is None or not can_see_change(actor, change):
        raise NotFound("No worker change with id %(change_id)s that you may see.", change_id=change_id)
    return change


# --------------------------------------------------------------------------- record, list, change

def _check_fits_kind(kind: str, reason: str | None, wish: str | None) -> None:
    if kind == "job_at_risk" and reason is None:
        raise InvalidInput("A job at risk needs the reason (automation, energy or digital transition, closing site).",
                           field="reason")
    if kind != "job_at_risk" and reason is not None:
        raise InvalidInput("A reason applies only to a job at risk.", field="reason")
    if kind == "wish" and wish is None:
        raise InvalidInput("A wish needs what the worker wishes for.", field="wish")
    if kind != "wish" and wish is not None:
        raise InvalidInput("A wish applies only to a change of kind wish.", field="wish")


def _may_record(session: Session, actor: User, person: Person | None, organisation_id: int, consent: bool) -> Person:
    policies.require_role(actor, *CHANGE_ROLES)
    if actor.role == "employer":
        if actor.organisation_id != organisation_id:
            raise Forbidden("You may record changes only for workers of your own organisation.")
        if person is None or not _shares_with_employer(person, organisation_id):
            raise NotFound("No worker who shares their profile with your organisation has this id.")
        if not consent:
            raise InvalidInput("An employer records a change only with the worker's consent.", field="worker_consent")
        return person
    if person is None or not policies.can_see_person(actor, person):
        raise NotFound("No such person on your caseload.")
    return person


def _check_occupation(session: Session, data: dict) -> None:
    if data.get("occupation_id") is not None:
        existing(session, Occupation, [data["occupation_id"]], field="occupation_id", what="occupation", only_ids=True)


def create(*, session: Session, actor: User, data: dict) -> WorkerChange:
    """Record a change for a worker; the organisation must be their current employer."""
    _check_occupation(session, data)
    person = _may_record(session, actor, session.get(Person, data["person_id"]), data["organisation_id"],
                         bool(data.get("worker_consent")))
    job = current_job(session, person.id, data["organisation_id"])
    if job is None:
        raise InvalidInput("This person has no current job at organisation %(organisation_id)s.",
                           field="organisation_id", organisation_id=data["organisation_id"])
    _check_fits_kind(data["kind"], data.get("reason"), data.get("wish"))
    change = WorkerChange(person_id=person.id, organisation_id=data["organisation_id"],
                          occupation_id=data.get("occupation_id") or job.occupation_id, kind=data["kind"],
                          reason=data.get("reason"), wish=data.get("wish"), status="open",
                          worker_consent=bool(data.get("worker_consent")), recorded_by_id=actor.id)
    session.add(change)
    session.flush()
    return change


def update(*, session: Session, actor: User, change_id: int, data: dict,
           precondition: versions.Precondition = None) -> WorkerChange:
    change = _visible_change(session, actor, change_id)
    versions.check(precondition, change)
    if actor.role == "employer" and data.get("worker_consent") is False:
        raise InvalidInput("Only the worker, their advisor or an admin withdraws the worker's consent.",
                           field="worker_consent")
    for key in ("person_id", "organisation_id"):
        if key in data and data[key] != getattr(change, key):
            raise InvalidInput("A change stays with its worker and employer; record a new one instead.", field=key)
    after = {key: data.get(key, getattr(change, key)) for key in ("kind", "reason", "wish")}
    _check_fits_kind(**after)
    _check_occupation(session, data)
    for key in ("kind", "reason", "wish", "status", "worker_consent", "occupation_id"):
        if key in data:
            setattr(change, key, data[key])
    session.flush()
    return change


def delete(*, session: Session, actor: User, change_id: int, precondition: versions.Precondition = None) -> None:
    change = _visible_change(session, actor, change_id)
    versions.check(precondition, change)
    session.delete(change)
    session.flush()


def get(*, session: Session, actor: User, change_id: int) -> WorkerChange:
    return _visible_change(session, actor, change_id)


def _visible(actor: User, query):
    if actor.role == "admin":
        return query
    if actor.role == "employer":
        return query.join(Person, Person.id == WorkerChange.person_id).where(
            WorkerChange.organisation_id == actor.organisation_id, WorkerChange.worker_consent.is_(True))
    return policies.visible_people(actor, query.join(Person, Person.id == WorkerChange.person_id))


def list_changes(*, session: Session, actor: User, args: dict) -> Page:
    policies.require_role(actor, *CHANGE_ROLES)
    query = _visible(actor, select(WorkerChange))
    for name in ("kind", "status", "reason", "wish"):
        if args.get(name) is not None:
            query = query.where(getattr(WorkerChange, name) == args[name])
    for name, column in (("person", WorkerChange.person_id), ("organisation", WorkerChange.organisation_id)):
        if args.get(name) is not None:
            query = query.where(column == args[name])
    page = paginate(session=session, query=query, limit=args["limit"], offset=args["offset"], order_by=WorkerChange.id)
    if actor.role == "employer":  # a person who stopped sharing their profile with the employer drops out
        page.items = [c for c in page.items if _shares_with_employer(c.person, c.organisation_id)]
    return page


# --------------------------------------------------------------------------- proposals

def network_partners(session: Session, organisation_id: int) -> dict[int, str]:
    """The organisations in a network with ``organisation_id``, each with the network's name (the first by name)."""
    mine, theirs = aliased(network_memberships), aliased(network_memberships)
    rows = session.execute(
        select(theirs.c.member_id, Organisation.name)
        .select_from(mine).join(theirs, and_(theirs.c.network_id == mine.c.network_id,
                                             theirs.c.member_id != organisation_id))
        .join(Organisation, Organisation.id == mine.c.network_id)
        .where(mine.c.member_id == organisation_id).order_by(Organisation.name))
    out: dict[int, str] = {}
    for member, network in rows:
        out.setdefault(member, network)
    return out


#: partner-match kinds that mean a partner could take over the employer's staff ("van werk naar werk"), each with
#: whether the employer must be the match's first party: complementary seasons go both ways; a talent pipeline goes
#: from the first party's work to the second's hard-to-fill work
TAKE_OVER = {"seasonal_sharing": False, "talent_pipeline": True}


def matched_partners(session: Session, organisation: Organisation) -> dict[int, str]:
    """The organisations whose partner match with ``organisation`` says they could take over its staff, each with
    the match's kind (the best match first when there are several); from the region's stored partner matches,
    which are computed without anyone's special-category data."""
    _freshness, _seen, items = partner_matches.matches_of(session, organisation)
    out: dict[int, str] = {}
    for item in items:
        directed = TAKE_OVER.get(item["kind"])
        if directed is None or (directed and not item["first_party"]) or not item["counterpart"]:
            continue
        out.setdefault(int(item["counterpart"]["id"]), item["kind"])
    return out


def current_season(session: Session, person: Person, organisation_id: int, occupation_id: int | None) -> int:
    """The months of the worker's current job: the employer's seasonal needs for the occupation (any status), else
    the months the person is available, else all year."""
    months = session.scalars(select(Need.months).where(
        Need.organisation_id == organisation_id, Need.occupation_id == occupation_id, Need.kind == "seasonal_peak"))
    mask = 0
    for chosen in months:
        mask |= v.months_mask(chosen or [])
    return mask or v.months_mask(person.available_months or [])


@dataclass(frozen=True)
class _Context:
    """What proposing needs that is the same for every worker in one request."""

    table: object
    demand: object
    #: employer id -> its partners (network, partner match), read once per employer in a request
    partners: dict = field(default_factory=dict)

    def partners_of(self, session: Session, organisation: Organisation) -> tuple[dict[int, str], dict[int, str]]:
        if organisation.id not in self.partners:
            self.partners[organisation.id] = (network_partners(session, organisation.id),
                                              matched_partners(session, organisation))
        return self.partners[organisation.id]


def _context(session: Session) -> _Context:
    table = transition_table(session)
    return _Context(table, open_demand(session, table.space))


def _moves(session: Session, ctx: _Context, change: WorkerChange, people, row: int) -> list[engine.Move]:
    space, demand = ctx.table.space, ctx.demand
    occupation = int(np.searchsorted(space.occupation_ids, change.occupation_id)) if change.occupation_id else -1
    if occupation >= len(space.occupation_ids) or (occupation >= 0 and space.occupation_ids[occupation] != change.occupation_id):
        occupation = -1
    facts = engine.WorkerChangeFacts(
        person=row, employer=change.organisation_id, occupation=occupation, kind=change.kind, reason=change.reason,
        wish=change.wish, season=current_season(session, change.person, change.organisation_id, change.occupation_id))
    network, matched = ctx.partners_of(session, change.organisation)
    return engine.propose_moves(space, ctx.table.similarity, people, facts, demand.needs, demand.programmes,
                                partners=network, matched=matched, names=demand.names,
                                employer_name=change.organisation.name)


def _need_ref(demand, j: int) -> dict:
    row = demand.need_rows[int(demand.needs.ids[j])]
    return {"id": row.id, "title": row.title, "kind": row.kind, "place": row.place,
            "organisation": {"id": row.organisation_id, "name": row.organisation}}


def _bridge(demand, space, move: engine.Move) -> list[dict]:
    out = []
    for b in move.bridge:
        row = demand.programme_rows[int(demand.programmes.ids[b.programme])]
        out.append({"programme": {"id": row.id, "name": row.name, "school": row.school, "place": row.place},
                    "teaches": skill_refs(space, b.closes), "duration_months": b.duration_months,
                    "distance_km": round(b.distance_km, 1)})
    return out


def change_view(change: WorkerChange) -> dict:
    """The change as the API and the pages show it (no limits here: they stay on the person)."""
    return {"id": change.id, "version": change.version, "person": {"id": change.person_id, "name": change.person.name},
            "organisation": {"id": change.organisation_id, "name": change.organisation.name},
            "occupation": None if change.occupation is None else {"id": change.occupation.id,
                                                                  "label": change.occupation.label},
            "kind": coded("worker_change_kind", change.kind), "reason": coded("job_risk_reason", change.reason),
            "wish": coded("worker_wish", change.wish), "status": coded("worker_change_status", change.status),
            "worker_consent": change.worker_consent, "recorded_by_id": change.recorded_by_id,
            "created_at": change.created_at, "updated_at": change.updated_at}


def proposals(*, session: Session, actor: User, change_id: int) -> dict:
    """The moves proposed for a change, internal first, then network, then elsewhere, each explained. Computed with
    the worker's limits; their names only for the person, their advisor and admins."""
    change = _visible_change(session, actor, change_id)
    ctx = _context(session)
    people = load_people(session, space=ctx.table.space, person_ids=[change.person_id], special_category=True)
    if change.person.consent_special_category:
        audit.record(session=session, actor=actor, action=audit.SPECIAL_CATEGORY_READ, subject_type="person",
                     subject_ids=[change.person_id], fields=("capacity_limits", "capacity_max_hours"))
    moves = _moves(session, ctx, change, people, 0)
    private = sees_limits(actor, change)
    items = []
    for move in moves:
        facts = [f for f in move.facts if private or f["code"] not in engine.LIMIT_FACTS]
        items.append({
            "tier": coded("move_tier", move.tier), "chain": move.chain, "need": _need_ref(ctx.demand, move.need),
            "score": round(move.score, 4), "skills_kept": skill_refs(ctx.table.space, move.kept),
            "gap": skill_refs(ctx.table.space, move.gap), "bridge": _bridge(ctx.demand, ctx.table.space, move),
            "months_to_start": move.months_to_start, "work_months": v_months(move.work_months),
            "distance_km": None if np.isnan(move.distance_km) else round(move.distance_km, 1), **explained(facts)})
    summary = [fact("moves.summary", found=len(items), internal=sum(m.tier == "internal" for m in moves),
                    network=sum(m.tier == "network" for m in moves))]
    if private and change.kind == "capacity" and not (change.person.capacity_limits or change.person.capacity_max_hours):
        summary.append(fact("moves.no_limits"))
    return {"change": change_view(change), "items": items, **explained(summary)}


def v_months(mask: int) -> list[int]:
    """Months 1..12 in a mask (all twelve for all-year work)."""
    return [m for m in v.MONTHS if mask >> (m - 1) & 1]


# --------------------------------------------------------------------------- an employer's workers

def organisation_workers(*, session: Session, actor: User, organisation_id: int) -> dict:
    """The organisation's workers who share their profile with it, with the changes recorded with their consent;
    and the partners who could take over staff in a downturn (:func:`take_over_partners`)."""
    organisation = get_or_404(session, Organisation, organisation_id, "organisation")
    policies.require_role(actor, "admin", "employer")
    if actor.role == "employer" and actor.organisation_id != organisation_id:
        raise Forbidden("You may see only the workers of your own organisation.")
    rows = session.execute(
        select(Person, WorkExperience).join(WorkExperience, WorkExperience.person_id == Person.id)
        .where(WorkExperience.organisation_id == organisation_id, WorkExperience.end_date.is_(None))
        .order_by(Person.name, Person.id)).all()
    shown = [(person, job) for person, job in rows
             if actor.role == "admin" or _shares_with_employer(person, organisation_id)]
    changes = {}
    for change in session.scalars(select(WorkerChange).where(
            WorkerChange.organisation_id == organisation_id,
            WorkerChange.person_id.in_([p.id for p, _ in shown])).order_by(WorkerChange.id)):
        if can_see_change(actor, change):
            changes.setdefault(change.person_id, []).append(change_view(change))
    return {
        "organisation": {"id": organisation.id, "name": organisation.name},
        "workers": [{"person": {"id": person.id, "name": person.name},
                     "occupation": {"id": job.occupation_id, "label": job.occupation.label},
                     "since": job.start_date, "changes": changes.get(person.id, [])} for person, job in shown],
        "not_shared": len(rows) - len(shown),
        "partners": take_over_partners(session, organisation),
    }


def take_over_partners(session: Session, organisation: Organisation) -> list[dict]:
    """Who could take over the organisation's staff in a downturn, by name: partners in a network with it that have
    open needs, and partners whose partner match says so (:data:`TAKE_OVER`), each with the reason and its open
    needs."""
    network = network_partners(session, organisation.id)
    matched = {org: kind for org, kind in matched_partners(session, organisation).items() if org not in network}
    wanted = [*network, *matched]
    if not wanted:
        return []
    names = dict(session.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(wanted))).all())
    counts = dict(session.execute(select(Need.organisation_id, func.count()).where(
        Need.organisation_id.in_(wanted), open_needs.is_open()).group_by(Need.organisation_id)).all())
    return [{"organisation": {"id": org_id, "name": names[org_id]}, "network": network.get(org_id),
             "reason": coded("partner_match_kind", matched.get(org_id)), "open_needs": counts.get(org_id, 0)}
            for org_id in sorted(wanted, key=lambda o: (names.get(o, ""), o))
            if org_id in names and (counts.get(org_id) or org_id in matched)]


# --------------------------------------------------------------------------- coordinator: flows per region

def _region_changes(session: Session, code: str) -> list[WorkerChange]:
    return list(session.scalars(
        select(WorkerChange).join(Organisation, Organisation.id == WorkerChange.organisation_id)
        .join(Municipality, Municipality.code == Organisation.municipality_code)
        .where(Municipality.region_code == code, WorkerChange.status == "open").order_by(WorkerChange.id)))


def region_moves(session: Session, code: str, changes: list[WorkerChange] | None = None
                 ) -> tuple[list[WorkerChange], list[tuple[WorkerChange, engine.Move, int]]]:
    """The region's open changes, and each one's moves with the organisation id of the move's need, computed without
    anyone's limits (the input of what coordinators read)."""
    _check_region(code)
    changes = _region_changes(session, code) if changes is None else changes
    if not changes:
        return [], []
    ctx = _context(session)
    people = load_people(session, space=ctx.table.space, person_ids=[c.person_id for c in changes],
                         special_category=False)
    row = {int(pid): i for i, pid in enumerate(people.ids)}
    organisation_of = ctx.demand.needs.organisation_ids
    return changes, [(change, move, int(organisation_of[move.need])) for change in changes
                     for move in _moves(session, ctx, change, people, row[change.person_id])]


def _check_region(code: str) -> None:
    if code not in REGIONS:
        raise NotFound("No region %(code)s; one of %(value)s.", code=f"{code!r}", value=', '.join(REGIONS))


#: per region and data version: the flows' rows, (person id, from sector, to sector, tier) per move. Computed
#: without anyone's limits, so every coordinator's request may share them; a new version of the province's data
#: or of any of the region's changes makes a new key.
_FLOW_ROWS: VersionedCache[list[tuple]] = VersionedCache(size=len(REGIONS))


def _flow_rows(session: Session, code: str, changes: list[WorkerChange]) -> list[tuple]:
    def build() -> list[tuple]:
        _, pairs = region_moves(session, code, changes)
        sector_of = dict(session.execute(select(Organisation.id, Organisation.sector)).all()) if pairs else {}
        return [(change.person_id, change.organisation.sector, sector_of[organisation], move.tier)
                for change, move, organisation in pairs]
    deletions = data_versions.current(session=session, scope=data_versions.DELETIONS)
    key = (*open_needs.province_key(session), deletions, code, tuple((c.id, c.version) for c in changes))
    return _FLOW_ROWS.get(key, build)


def _count(value: int) -> dict:
    small = value < MIN_COUNT
    return {"count": None if small else value, "suppressed": small}


def region_flows(*, session: Session, actor: User, code: str) -> dict:
    """Sector-to-sector flows of the viable moves of the region's workers with a change (coordinators, admins):
    per (from sector, to sector, tier) the moves and the workers, counts below MIN_COUNT suppressed."""
    policies.require_role(actor, "admin", "coordinator")
    _check_region(code)
    changes = _region_changes(session, code)
    rows = _flow_rows(session, code, changes)
    at_risk: dict[str, set] = {}
    for change in changes:
        at_risk.setdefault(change.organisation.sector, set()).add(change.person_id)
    workers = len({c.person_id for c in changes})
    return {
        "region": code, "workers": workers, "moves": len(rows), "least_count": MIN_COUNT,
        "by_sector": [{"sector": coded("sector", sector), "workers": _count(len(people))}
                      for sector, people in sorted(at_risk.items(), key=lambda item: v.SECTORS.index(item[0]))],
        "flows": [{"from_sector": coded("sector", f.from_sector), "to_sector": coded("sector", f.to_sector),
                   "tier": coded("move_tier", f.tier), "moves": _count(f.moves), "workers": _count(f.workers)}
                  for f in engine.flows(rows)],
        **explained([fact("flows.summary", workers=workers, moves=len(rows), least=MIN_COUNT)]),
    }
