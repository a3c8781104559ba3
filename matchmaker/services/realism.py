"""A realism audit: would an advisor repeat this advice? Counted over a whole region, as users would see it.

It reads the answers the services give — a person's matches (:func:`matchmaker.services.matches.person_matches`),
their career paths (:func:`matchmaker.services.career_paths.compute`) and each region's allocation
(:func:`matchmaker.services.allocation.run_allocation`) — and counts what would make an advisor laugh or give up:

``bridges_longer_than_work``
    a programme proposed to reach seasonal work that lasts longer than the work it opens (in a match's gap
    bridge, or a training step before a seasonal job in a path), unless the person wants a career change;
``steps_to_held_occupation``
    a path that moves on, or trains, into an occupation the person already held;
``level_jumps_without_training``
    a direct move (a feasible match, or a path step not after training) two or more ISCO skill levels above
    the person's (the highest of their past occupations and their education);
``blocked_only_by_travelling_support``
    a person × need pair that fails only the accommodations check, for support that travels with the person
    (job coach, language buddy, transport support: arranged by the municipality or UWV, not the workplace);
``duplicate_paths``
    a path in a person's answer that reads the same as another (same steps, titles, employers, programmes);
``empty_without_reason``
    an answer with nothing in it and no reason: matches without any need listed and no reason, no paths and
    no reason, an allocation's need left (partly) unfilled or person left without a suggestion without a
    reason.

and, per target group, the share of its members with a feasible match or a viable path.

The counts are aggregates for tests and admins; nothing per person leaves this module.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matchmaker import vocabulary as v
from matchmaker.engine import matching as engine
from matchmaker.engine.levels import EDUCATION_LEVEL, isco_level
from matchmaker.models import Job, Need, Occupation, Person, User
from matchmaker.services import allocation, career_paths, matches
from matchmaker.services.engine_inputs import load_people
from matchmaker.services.places import REGIONS
from matchmaker.services.transitions import transition_table

CATEGORIES = ("bridges_longer_than_work", "steps_to_held_occupation", "level_jumps_without_training",
              "blocked_only_by_travelling_support", "empty_without_reason", "duplicate_paths")
#: support that travels with the person: arranged by the municipality or UWV, not offered by the workplace
TRAVELLING = v.to_mask(("job_coach", "language_buddy", "transport_support"), v.ACCOMMODATIONS)


@dataclass
class Audit:
    """Counts per category (see the module), per target group (members, reached), and examples per category
    (``(person id, need or occupation id)``, a few each) so a reader can look at them."""

    counts: Counter = field(default_factory=Counter)
    #: (category, where: "matches", "paths", "allocation", "pairs") → count
    where: Counter = field(default_factory=Counter)
    groups: dict = field(default_factory=dict)
    examples: dict = field(default_factory=dict)

    def add(self, category: str, example=None, n: int = 1, where: str = ""):
        self.counts[category] += n
        self.where[category, where] += n
        if example is not None and len(self.examples.setdefault(category, [])) < 5:
            self.examples[category].append(example)

    def shares(self) -> dict[str, float]:
        return {g: round(reached / members, 4) for g, (members, reached) in self.groups.items() if members}

    def report(self) -> str:
        def parts(name):
            found = [f"{where} {n}" for (category, where), n in sorted(self.where.items()) if category == name and n]
            return f" ({', '.join(found)})" if found else ""
        lines = [f"{name}: {self.counts[name]}{parts(name)}" for name in CATEGORIES]
        lines += [f"share with a feasible match or a viable path, {g}: {share:.1%}" for g, share in self.shares().items()]
        return "\n".join(lines)


def _months(need_months) -> int | None:
    """How many months the work lasts; None when it runs all year (open-ended)."""
    return len(need_months) if need_months and len(need_months) < 12 else None


def _level(person: Person, levels: dict[int, int], held_occupations) -> int:
    return max([EDUCATION_LEVEL.get(person.education_level, 1), *(levels.get(o, 0) for o in held_occupations)])


def _audit_matches(audit: Audit, person: Person, answer: dict, work: dict, levels: dict, occupation_of: dict,
                   own_level: int) -> bool:
    items = answer["items"]
    if not items and not answer.get("facts"):
        audit.add("empty_without_reason", (person.id, "matches"), where="matches")
    for item in items:
        need_id = item["need"]["id"]
        length = _months(work.get(need_id))
        for bridge in item["gap_bridge"]:  # longer than the work: only right for someone who wants a new trade
            if length is not None and bridge["duration_months"] > length and not person.career_change:
                audit.add("bridges_longer_than_work", (person.id, need_id, bridge["programme"]["name"]), where="matches")
        if item["feasible"] and levels.get(occupation_of.get(need_id), 0) - own_level >= 2:
            audit.add("level_jumps_without_training", (person.id, need_id), where="matches")
    return any(item["feasible"] for item in items)


def _audit_paths(audit: Audit, person: Person, result: dict, work: dict, levels: dict, own_level: int,
                 held: set[int]) -> bool:
    paths = result["paths"]
    if not paths and not any(f["code"] != "paths.none" or (f.get("params") or {}).get("barrier")
                             for f in result.get("facts", [])):
        audit.add("empty_without_reason", (person.id, "paths"), where="paths")
    keys = Counter(career_paths.path_key(path) for path in paths)
    for key, n in keys.items():
        if n > 1:
            audit.add("duplicate_paths", (person.id, len(key)), n=n - 1, where="paths")
    for path in paths:
        level, trained, steps = own_level, False, path["steps"]
        for i, step in enumerate(steps):
            occupation = (step["occupation"] or {}).get("id")
            if step["kind"] == "training":
                trained = True
                following = steps[i + 1] if i + 1 < len(steps) else None
                need = (following or {}).get("need")
                length = _months(work.get(need["id"])) if need else None
                if (length is not None and step.get("duration_months", _programme_months(step)) > length
                        and not person.career_change):
                    audit.add("bridges_longer_than_work", (person.id, need["id"], step["programme"]["name"]), where="paths")
                continue
            if step["move"] in ("move on", "after training") and occupation in held:
                audit.add("steps_to_held_occupation", (person.id, occupation), where="paths")
            if step["move"] != "after training" and not trained and levels.get(occupation, 0) - level >= 2:
                audit.add("level_jumps_without_training", (person.id, occupation), where="paths")
            level = max(level, levels.get(occupation, 0))
    return any(path["viable"] for path in paths)


def _programme_months(step: dict) -> float:
    """A training step's length, from its fact (the step's own field when the path carries one)."""
    for f in step["facts"]:
        if f["code"] == "step.training":
            return float(f["params"]["duration"])
    return 0.0


def _audit_allocation(audit: Audit, result: dict):
    for row in result["per_need"]:
        if row["seats_filled"] < row["headcount"] and not row.get("facts"):
            audit.add("empty_without_reason", ("need", row["need_id"]), where="allocation needs")
    for row in result["suggestions"]:
        if not row["suggestions"] and not row.get("facts"):
            audit.add("empty_without_reason", (row["person_id"], "allocation"), where="allocation people")


def _audit_supports(audit: Audit, session: Session):
    """Person × need pairs that fail only the accommodations check, for travelling support only."""
    table = transition_table(session)
    people = load_people(session, space=table.space)
    demand = matches.open_demand(session, table.space)
    needs = demand.needs
    if not len(people) or not len(needs):
        return
    import numpy as np

    checks = engine.constraint_checks(people, np.arange(len(people)), needs, np.arange(len(needs)),
                                      engine.ScoreOptions(), factors=demand.factors)
    others = np.logical_and.reduce([np.broadcast_to(ok, (len(people), len(needs)))
                                    for name, ok in checks.items() if name != "accommodations"])
    needed = np.asarray(people.accommodations_needed, np.int64)[:, None]
    missing = needed & ~np.asarray(needs.accommodations_offered, np.int64)[None, :]
    only_travelling = (missing != 0) & ((missing & ~TRAVELLING) == 0)
    blocked = np.broadcast_to(~checks["accommodations"], others.shape)
    rows, cols = np.nonzero(blocked & others & only_travelling)
    for i, (r, c) in enumerate(zip(rows, cols)):
        audit.add("blocked_only_by_travelling_support", (int(people.ids[r]), int(needs.ids[c])) if i < 5 else None,
                  where="pairs")


def run(*, session: Session, actor: User, person_ids=None) -> Audit:
    """The audit over every person (or ``person_ids``), their matches and paths, and every region's allocation.

    ``actor`` reads the matches (an admin sees everything). Reads only; special-category reads are audited as
    the matches service does."""
    audit = Audit()
    work = dict(session.execute(select(Need.id, Need.months)).all())
    occupation_of = dict(session.execute(select(Need.id, Need.occupation_id)).all())
    levels = {oid: isco_level(group) for oid, group in session.execute(select(Occupation.id, Occupation.isco_group))}
    query = select(Person).options(selectinload(Person.work_history)).order_by(Person.id)
    if person_ids is not None:
        query = query.where(Person.id.in_(list(person_ids)))
    people = session.scalars(query).all()
    groups = {g: [0, 0] for g in v.TARGET_GROUPS}
    for person in people:
        held = {w.occupation_id for w in person.work_history}
        own_level = _level(person, levels, held)
        answer = matches.person_matches(session=session, actor=actor, person_id=person.id)
        feasible = _audit_matches(audit, person, answer, work, levels, occupation_of, own_level)
        job = Job(kind=career_paths.CAREER_PATHS, subject_type="person", subject_id=str(person.id),
                  params={"k": 5, "max_steps": 3})
        result = career_paths.compute(session=session, job=job, progress=lambda fraction: None)
        viable = _audit_paths(audit, person, result, work, levels, own_level, held)
        if person.consent_special_category:
            for group in person.target_groups:
                groups[group][0] += 1
                groups[group][1] += feasible or viable
    audit.groups = {g: tuple(counts) for g, counts in groups.items()}
    for code in REGIONS:
        job = Job(kind=allocation.ALLOCATION, subject_type="region", subject_id=code, params={"k": 3})
        _audit_allocation(audit, allocation.run_allocation(session=session, job=job, progress=lambda fraction: None))
    _audit_supports(audit, session)
    return audit
