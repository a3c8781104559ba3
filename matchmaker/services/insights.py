"""A region's ecosystem insights: shortages, unused potential, clusters and brokers, progress per month.

The ``insights`` job kind (per region, bulk queue) computes them and stores them in its job record; the GET
endpoint reads the region's latest succeeded one with its stale flag (computing one here, once, when there is
none). Everything stored or returned is a count or an organisation; no person appears. Counts per target group below
:data:`matchmaker.services.allocation.MIN_GROUP_SIZE` are suppressed ("fewer than 5"); when a group's barriers would
then have a single suppressed count beside its shown total, the smallest shown one is hidden too ("not reported").

Shortages and unused potential are computed without special-category data (``load_people(special_category=
False)``: no accommodation check, no welcome bonus), so no edit of a need moves a count because of someone's
health or group. What needs that data — unused potential per target group, and the people whose every suggestion
lacks an adjustment they need — is kept apart under ``special_category`` and shown to admins only
(:func:`matchmaker.security.policies.without_special_category`).

- **Shortages** per occupation: the region's open places against the region's people who could fill one now
  (feasible with a fit of at least 0.5, the engine's constraint and score blocks) and the capacity of the
  region's programmes leading to it (:func:`matchmaker.engine.insights.shortages`).
- **Unused potential**: the region's people with no feasible need, grouped by the one barrier whose removal
  alone would open a need (:func:`matchmaker.engine.insights.unused_potential` on the per-constraint pass
  arrays). A failing skills check counts as "training" when a programme within the person's travel radius
  teaches enough of the missing essential skills to pass it, and as "programme" when none does.
- **Network**: the region's organisation graph (:func:`matchmaker.engine.ecosystem_graph.build_ecosystem_graph`
  on the region's organisations, open needs, programmes, network memberships and the partner matches between
  two of its organisations), Louvain clusters and betweenness brokers.
- **Progress per month**: needs posted (needs of the region by ``created_at``, any status), matches proposed
  (the person suggestions of the region's last succeeded allocation job of each month, counted in that month:
  a recompute reallocates nightly, and a reallocation proposes the same matches again; ``allocated`` says whether
  an allocation ran that month at all, since a month without one proposed nothing because nothing was computed)
  and partnerships proposed (partner requests of the region's organisations by ``created_at``: computed
  partner matches carry no date, a request is the dated act of proposing a partnership).
"""
from __future__ import annotations

from collections import namedtuple
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.engine import ecosystem_graph, insights as engine
from matchmaker.engine.geo import pairwise_km
from matchmaker.engine.data import binary
from matchmaker.engine.matching import ScoreOptions, coverage_gate, workplace_adjustments
from matchmaker.explanations import counted_in_words, fact, plain, render, with_sentences
from matchmaker.models import Job, Municipality, Need, PartnerRequest, User, network_memberships
from matchmaker.security import policies
from matchmaker.services import ecosystem, jobs, stored_results
from matchmaker.services.allocation import ALLOCATION, MIN_GROUP_SIZE
from matchmaker.services.data_versions import province_scopes
from matchmaker.services.engine_inputs import load_needs, load_people, load_programmes, load_special_category
from matchmaker.services.partners import ProvinceMatches, province_matches
from matchmaker.services.transitions import transition_table
from matchmaker.vocabulary import TARGET_GROUPS

INSIGHTS = "insights"
#: kinds of job whose results are proposed person <-> need matches
MATCH_JOB_KINDS = (ALLOCATION,)
#: the engine's constraint names as barriers
_Edge = namedtuple("_Edge", "organisation_a organisation_b score kind")


#: a count hidden only because, next to the total, it would give away a suppressed one


def _count(n: int) -> dict:
    small = 0 < n < MIN_GROUP_SIZE
    return {"people": None if small else n, "suppressed": "fewer" if small else None}


def _hide_complement(cells: list[dict]) -> list[dict]:
    """Cells of a shown total: when exactly one is suppressed, the others and the total would give it away, so the
    smallest shown cell is hidden too (secondary suppression)."""
    shown = [c for c in cells if c["people"] is not None]
    if len(cells) - len(shown) == 1 and shown:
        smallest = min(shown, key=lambda c: c["people"])
        smallest.update(people=None, suppressed="hidden")
    return cells


#: (person, need) pairs per block in :func:`bridgeable`
PAIR_CHUNK = 200_000
#: people per block in :func:`unused_in_blocks` (each block holds its people × needs pass flags, one byte each)
PEOPLE_CHUNK = 1024


@dataclass(frozen=True)
class ProgrammeRanking:
    """Per need, the programmes ranked by how many of its essential skills they teach (needs × programmes), and
    what :func:`bridgeable` reads of the needs and programmes: the same for every person, so computed once."""

    ess: sparse.csr_matrix
    required: np.ndarray
    taught: sparse.csr_matrix
    ranking: np.ndarray
    ranked: np.ndarray
    teaches: np.ndarray

    @classmethod
    def of(cls, needs, programmes) -> "ProgrammeRanking":
        o = ScoreOptions()
        ess = binary(needs.essential)
        n_ess = np.asarray(ess.sum(axis=1)).ravel()
        need_gate = coverage_gate(needs.trains_on_job, needs.beginners, options=o)
        taught = binary(programmes.skills)
        overlap = (ess @ taught.T).toarray().astype(np.int32)  # needs x programmes: skills in common, small counts
        ranking = np.argsort(-overlap, axis=1, kind="stable").astype(np.int32)
        # programmes x skills as 0/1 bytes, with a last all-zero column that pads the skill lists below
        teaches = np.zeros((len(programmes), taught.shape[1] + 1), np.uint8)
        teaches[:, :-1] = taught.toarray()
        return cls(ess, need_gate * n_ess - 1e-6, taught, ranking, np.take_along_axis(overlap, ranking, axis=1),
                   teaches)


def bridgeable(people, needs, programmes, where, ranking: ProgrammeRanking | None = None) -> np.ndarray:
    """people x needs: for the pairs in ``where`` (bool people x needs; pairs whose skills check fails), does a
    programme within the person's radius teach enough of the need's missing essential skills for its coverage
    check to pass?

    A programme q adds ``|essential(j) ∩ taught(q)|`` (the overlap) minus what the person already holds of it,
    so the overlap bounds what it can add. Per need the programmes are ranked by overlap once (``ranking``, for
    these needs and programmes, computed here when not given); each pair then walks down its need's ranking, all
    pairs at a time, and stops at the first programme in reach that adds enough (yes) or when even the next
    overlap is too small (no). Cost grows with the pairs asked about and how far down they walk, not with
    people x needs x programmes.
    """
    shape = (len(people), len(needs))
    out = np.zeros(shape, bool)
    where = np.asarray(where, bool)
    if not len(programmes) or not all(shape) or not where.any():
        return out
    r = ranking or ProgrammeRanking.of(needs, programmes)
    ess, required, taught, ranked, teaches = r.ess, r.required, r.taught, r.ranked, r.teaches
    held = binary(people.skills)
    reach = pairwise_km(people.lat, people.lon, programmes.lat, programmes.lon) <= np.asarray(
        people.radius_km, float)[:, None]
    all_p, all_j = np.nonzero(where)
    for start in range(0, len(all_p), PAIR_CHUNK):
        p, j = all_p[start:start + PAIR_CHUNK], all_j[start:start + PAIR_CHUNK]
        mine = ess[j].multiply(held[p]).tocsr()  # the need's essential skills the person holds
        counts = np.diff(mine.indptr)
        short = required[j] - counts  # what a programme must add (> 0)
        mine_pad = np.full((len(p), max(int(counts.max(initial=0)), 1)), taught.shape[1], np.int64)
        row = np.repeat(np.arange(len(p)), counts)
        mine_pad[row, np.arange(mine.nnz) - mine.indptr[row]] = mine.indices
        active = np.arange(len(p))
        for rank in range(ranked.shape[1]):
            active = active[ranked[j[active], rank] >= short[active]]  # else no lower-ranked one can either
            if not len(active):
                break
            q = r.ranking[j[active], rank]
            near = reach[p[active], q]
            cand, q = active[near], q[near]
            adds = ranked[j[cand], rank] - teaches[q[:, None], mine_pad[cand]].sum(axis=1)
            done = cand[adds >= short[cand]]
            out[p[done], j[done]] = True
            active = np.setdiff1d(active, done, assume_unique=True)
    return out


def _shortages(table, fitted, needs, programmes) -> list[dict]:
    space = table.space
    return [{
        "occupation": plain(space.occupation_labels[s.occupation]),
        "demand": s.demand, "people": s.people, "programme_capacity": s.programme_capacity, "gap": s.gap,
        "gap_after_training": s.gap_after_training, "hard_to_fill": round(s.hard_to_fill, 4),
        "facts": list(s.facts),
    } for s in engine.shortages(needs, programmes, scores=fitted.scores,
                                n_occupations=space.n_occupations, threshold=ecosystem.FIT_THRESHOLD,
                                occupation_labels=space.occupation_labels)]


_BARRIER_OF = {"distance": "distance", "hours": "hours", "accommodations": "accommodation", "dutch": "language",
               "months": "months", "skills": "skills"}


def barrier_arrays(people, needs, programmes, ranking: ProgrammeRanking | None = None) -> dict[str, np.ndarray]:
    """The arguments of :func:`matchmaker.engine.insights.unused_potential` for ``people`` × ``needs``: each
    barrier's pass flags, and where a programme in reach closes a skills gap that is the one failing check."""
    # a check without a barrier of its own (work capacity: special-category data, loaded only for the person's own
    # view) is left out: it never names what stands in the way in a count others read
    checks = ecosystem.checks(people, needs)
    arrays = {_BARRIER_OF[name]: passed for name, passed in checks.items() if name in _BARRIER_OF}
    # work above the level reached is a gap in what one learned, as missing skills are: training takes it away
    arrays["skills"] = arrays["skills"] & checks["level"]
    skills_only = ~arrays["skills"] & np.logical_and.reduce([v for k, v in arrays.items() if k != "skills"])
    return {**arrays, "bridgeable": bridgeable(people, needs, programmes, skills_only, ranking)}


def unused_in_blocks(people, needs, programmes, *, target_groups=None,
                     population: int | None = None) -> engine.UnusedPotential:
    """:func:`matchmaker.engine.insights.unused_potential` of ``people`` × ``needs``, :data:`PEOPLE_CHUNK` people
    at a time: its results are per person, so this gives the same answer while holding one block's pass flags
    (people × needs per barrier) instead of everyone's; the programmes' ranking per need is computed once."""
    ranking = ProgrammeRanking.of(needs, programmes) if len(programmes) and len(needs) else None
    parts = []
    for start in range(0, len(people), PEOPLE_CHUNK):
        block = ecosystem.take(people, np.arange(start, min(start + PEOPLE_CHUNK, len(people))))
        parts.append((start, engine.unused_potential(**barrier_arrays(block, needs, programmes, ranking))))
    return engine.joined(parts, target_groups=target_groups,
                         population=len(people) if population is None else population)


def _unused(fitted, people, needs, programmes, target_groups: np.ndarray) -> tuple[dict, dict]:
    """Barriers of the people with no feasible need (the constraint arrays are computed for them only), and apart
    from them the same per target group (``target_groups``: the people's bitmasks, for admins only)."""
    rows = fitted.people_without_feasible_need()
    blocked = ecosystem.take(people, rows)
    tg = np.asarray(target_groups, np.int64)
    unused = unused_in_blocks(blocked, needs, programmes, target_groups=tg[rows], population=len(people))
    names = (*engine.BARRIERS, "several")
    groups = []
    for i, group in enumerate(TARGET_GROUPS):
        members = int((tg >> i & 1).sum())
        if not members:
            continue
        blocked = unused.by_group.get(group, {})
        total_blocked = sum(blocked.values())
        small = members < MIN_GROUP_SIZE
        groups.append({
            "group": group, **_count(members),
            "without_suggestion": None if small else _count(total_blocked),
            "barriers": [] if small else _hide_complement(
                [{"barrier": b, **_count(blocked[b])} for b in names if blocked.get(b)]),
        })
    public = {"people": len(people), "without_suggestion": int(len(unused.people)),
              "barriers": [{"barrier": b, "people": unused.counts[b]} for b in names if unused.counts[b]],
              "facts": list(unused.facts)}
    return public, {"by_group": groups, "facts": [fact("insight.group", **g, least=MIN_GROUP_SIZE) for g in groups]}


def accommodation_blocked(fitted, needs, accommodations: np.ndarray) -> int:
    """The people with a suggestion on every other check (a feasible need in ``fitted``, computed without
    special-category data) none of which offers every adjustment they need (``accommodations``: bitmasks)."""
    needed = workplace_adjustments(accommodations)  # support that travels with the person never blocks
    offered = np.asarray(needs.accommodations_offered, np.int64)
    scores = fitted.scores.tocsr()
    count = 0
    for p in np.flatnonzero(needed):
        feasible = scores.indices[scores.indptr[p]:scores.indptr[p + 1]]
        if len(feasible) and not ((needed[p] & ~offered[feasible]) == 0).any():
            count += 1
    return count


def _special_category(groups: dict, blocked_by_accommodation: int) -> dict:
    """The aggregates over target groups and accommodation needs, for admins only."""
    shown = _count(blocked_by_accommodation)
    facts = list(groups["facts"])
    if blocked_by_accommodation:
        facts.append(fact("insight.accommodation_blocked", **shown))
    return {"by_group": groups["by_group"], "accommodation": shown, "facts": facts}


def _network(session: Session, code: str, region_org_ids: set[int], province: ProvinceMatches) -> dict:
    rows = np.flatnonzero(np.isin(province.organisations.ids, list(region_org_ids)))
    new_row = {int(r): i for i, r in enumerate(rows)}
    orgs = ecosystem.take(province.organisations, rows)
    needs = ecosystem.take(province.needs, np.flatnonzero(np.isin(province.needs.organisation_ids, orgs.ids)))
    progs = ecosystem.take(province.programmes,
                           np.flatnonzero(np.isin(province.programmes.organisation_ids, orgs.ids)))
    ids = {int(o): i for i, o in enumerate(orgs.ids)}
    members = [(ids[m], ids[n]) for n, m in session.execute(
        select(network_memberships.c.network_id, network_memberships.c.member_id)) if m in ids and n in ids]
    edges = [_Edge(new_row[m.organisation_a], new_row[m.organisation_b], m.score, m.kind)
             for m in province.matches if m.organisation_a in new_row and m.organisation_b in new_row]
    places = tuple(province.places[int(r)] for r in rows)
    G = ecosystem_graph.build_ecosystem_graph(
        orgs, needs, progs, places=places, occupation_labels=province.space.occupation_labels,
        memberships=members, matches=edges, region=code)
    metrics = engine.network_metrics(G, k=min(100, max(len(orgs), 1)), top_brokers=5)

    def ref(i):
        return {"id": int(orgs.ids[i]), "name": orgs.names[i], "place": places[i] or None}

    return {
        "organisations": metrics.organisations, "connected_organisations": metrics.connected_organisations,
        "density": round(metrics.density, 4), "partner_edges": metrics.edges_by_type.get("partner", 0),
        "clusters": [{"name": c.name, "sector": c.sector, "place": c.place,
                      "organisations": [ref(i) for i in c.organisations], "facts": list(c.facts)}
                     for c in metrics.clusters if len(c.organisations) > 1],
        "brokers": [{"organisation": ref(b.organisation), "centrality": round(b.centrality, 4),
                     "clusters": list(b.clusters), "facts": list(b.facts)} for b in metrics.brokers],
        "facts": list(metrics.facts),
    }


def _series(session: Session, code: str, region_org_ids: set[int]) -> dict:
    in_region = select(Municipality.code).where(Municipality.region_code == code)
    needs_posted = list(session.scalars(select(Need.created_at).where(Need.municipality_code.in_(in_region))))
    last_of_month: dict[tuple[int, int], tuple] = {}
    for finished, job_id in session.execute(select(Job.finished_at, Job.id).where(
            Job.kind.in_(MATCH_JOB_KINDS), Job.subject_id == code, Job.status == "succeeded")):
        month = (finished.year, finished.month)
        last_of_month[month] = max(last_of_month.get(month, (finished, job_id)), (finished, job_id))
    matches = []
    for finished, job_id in sorted(last_of_month.values()):
        result = session.scalar(select(Job.result).where(Job.id == job_id)) or {}
        matches.extend([finished] * sum(len(p["suggestions"]) for p in result.get("suggestions", [])))
    partnerships = list(session.scalars(select(PartnerRequest.created_at).where(
        PartnerRequest.organisation_id.in_(list(region_org_ids)))))
    s = engine.monthly_series(needs_posted=needs_posted, matches_proposed=matches, partnerships_proposed=partnerships)
    allocated = {f"{year:04d}-{month:02d}" for year, month in last_of_month}
    return {"months": [{"month": m, "needs_posted": int(a), "matches_proposed": int(b), "partnerships_proposed": int(c),
                        "allocated": m in allocated}
                       for m, a, b, c in zip(s.months, s.needs_posted, s.matches_proposed, s.partnerships_proposed)],
            "facts": list(s.facts)}


def _scopes(job: Job) -> list[str]:
    """The region's people weigh the province's demand (as their matches do): every region's data counts."""
    return province_scopes()


@jobs.job_kind(INSIGHTS, queue=jobs.BULK, scopes=_scopes)
def run_insights(*, session: Session, job: Job, progress: jobs.Progress) -> dict:
    """Compute and store region ``job.subject_id``'s insights (counts only, small groups suppressed)."""
    code = job.subject_id
    table = transition_table(session)
    people = load_people(session, space=table.space, region=code, special_category=False)
    needs = load_needs(session, space=table.space, region=code)
    programmes = load_programmes(session, space=table.space, region=code)
    fitted = ecosystem.fit(table, people, needs)
    progress(0.3)
    region_org_ids = ecosystem.region_organisation_ids(session, code)
    shortages = _shortages(table, fitted, needs, programmes)
    # one province, one truth: whether a person has a suggestion, and what stands in the way, weighs the demand their
    # matches weigh: the province's open needs and programmes within their reach, not only their own region's
    province_needs = load_needs(session, space=table.space)
    province_programmes = load_programmes(session, space=table.space)
    province_fit = ecosystem.fit(table, people, province_needs)
    target_groups, accommodations = load_special_category(session, people.ids)
    unused, groups = _unused(province_fit, people, province_needs, province_programmes, target_groups)
    special_category = _special_category(groups, accommodation_blocked(province_fit, province_needs, accommodations))
    progress(0.5)
    network = _network(session, code, region_org_ids, province_matches(session, job))
    progress(0.9)
    return {"region": code, "summary": {"shortages": len(shortages), "people": unused["people"],
                                        "without_suggestion": unused["without_suggestion"],
                                        "clusters": len(network["clusters"])},
            "shortages": shortages, "unused_potential": unused, "special_category": special_category,
            "network": network,
            "progress": _series(session, code, region_org_ids)}


def region_insights(*, session: Session, actor: User, code: str, parts: tuple[str, ...] | None = None) -> dict:
    """The region's latest stored insights, with when they were computed and whether the data changed since;
    with ``parts``, only those parts of them (each page shows one or two: only those are read and put into words)."""
    policies.require_insight_reader(actor)
    ecosystem.require_region(code)
    job = jobs.stored_or_run(session=session, kind=INSIGHTS, subject_type="region", subject_id=code)
    # read straight from the record, not the shared in-process results: insights count target groups
    stored = None if parts is None else stored_results.parts(session, job, parts)
    result = with_sentences(policies.without_special_category(actor, stored_results.present(session, job, stored)))
    # the network names organisations and counts none of people: its thousands of entries need no count in words
    result = {key: value if key == "network" else counted_in_words(value) for key, value in result.items()}
    for cluster in result.get("network", {}).get("clusters", []):
        cluster["label"] = render([cluster.pop("name")])
    return {**jobs.freshness(session=session, job=job), **result}
