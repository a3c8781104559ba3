"""Regional allocation: the ``allocation`` job kind, starting it, and reading a region's latest result.

The job loads the region's people and open needs, scores every pair with the engine's constraint and score
blocks (:func:`matchmaker.services.ecosystem.fit`), runs :func:`matchmaker.engine.allocation.allocate` (min-cost
assignment over places, then secondary suggestions) and the greedy per-person top-k baseline on the same
feasible scores, and compares them. The stored result holds ids and aggregates only: per person the need
ids and fits suggested to them (no name, no target group), per need its places filled, the totals, and per
target group the share of its members with a suggestion — groups with fewer than
:data:`MIN_GROUP_SIZE` members are reported as "fewer than 5" without shares.

The allocation is computed without special-category data (``load_people(special_category=False)``: no
accommodation check, no welcome bonus), so that a coordinator, who can edit any need, cannot read someone's
accommodation needs or group from who gets a suggestion. The shares per target group are kept apart under
``special_category`` and shown to admins only (:func:`matchmaker.security.policies.without_special_category`).
"""
from __future__ import annotations

import math

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.engine import allocation as engine
from matchmaker.errors import NotFound
from matchmaker.explanations import counted_in_words, fact, with_sentences
from matchmaker.models import Job, Need, Organisation, User
from matchmaker.security import policies
from matchmaker.services import data_versions, ecosystem, jobs, stored_results
from matchmaker.services.cache import VersionedCache
from matchmaker.services.data_versions import TAXONOMY, region_scope
from matchmaker.services.engine_inputs import load_needs, load_people, load_programmes, load_special_category
from matchmaker.services.places import REGIONS, place_name
from matchmaker.services.queries import among_ids
from matchmaker.services.transitions import transition_table

ALLOCATION = "allocation"
#: target groups smaller than this are not reported (only "fewer than 5")
MIN_GROUP_SIZE = 5
#: needs per block when finding what keeps nobody from a need (needs x people dense arrays per barrier)
NEED_CHUNK = 256


def _scopes(job: Job) -> list[str]:
    return [TAXONOMY, region_scope(job.subject_id)]


def _share(value: float) -> float | None:
    return None if value is None or not math.isfinite(value) else round(float(value), 4)


def _totals(a: engine.Allocation, n_people: int) -> dict:
    return {"needs_filled": a.needs_filled, "seats_filled": a.seats_filled, "total_fit": round(a.total_fit, 4),
            "people_with_suggestion": a.people_with_suggestion,
            "share_with_suggestion": _share(a.people_with_suggestion / n_people) if n_people else None}


def _reportable(share: float, people: int) -> float | None:
    """A group's share, unless it (or its complement) stands for fewer than MIN_GROUP_SIZE people: a share
    times the group's size would give a small count away."""
    if share is None or not math.isfinite(share):
        return None
    with_suggestion = round(share * people)
    if 0 < with_suggestion < MIN_GROUP_SIZE or 0 < people - with_suggestion < MIN_GROUP_SIZE:
        return None
    return _share(share)


def group_rows(comparison: engine.AllocationComparison) -> list[dict]:
    rows = []
    for g in comparison.groups:
        if g.people == 0:
            continue
        small = g.people < MIN_GROUP_SIZE
        rows.append({"group": g.group, "people": None if small else g.people,
                     "suppressed": "fewer" if small else None,
                     "regional_share": None if small else _reportable(g.regional_share, g.people),
                     "greedy_share": None if small else _reportable(g.greedy_share, g.people)})
    return rows


def explain(region: str, n_people: int, n_needs: int, places: int, regional: engine.Allocation,
            greedy: engine.Allocation) -> list[dict]:
    """The facts of a region's allocation: its size, and regional against greedy."""
    return [fact("allocation.region", region=REGIONS.get(region, region), people=n_people, needs=n_needs,
                 places=places),
            engine.comparison_fact(regional, greedy, n_people)]


def explain_groups(groups: list[dict]) -> list[dict]:
    """The share of each target group with a suggestion, as facts (admins only): a group's size None is fewer
    than MIN_GROUP_SIZE; shares None would show a smaller group."""
    return [fact("allocation.group", group=g["group"], people=g["people"], regional=g["regional_share"],
                 greedy=g["greedy_share"], least=MIN_GROUP_SIZE) for g in groups]


def _barriers(people, needs, programmes, rows, cols) -> dict[int, str]:
    """The barrier (:data:`matchmaker.engine.insights.BARRIERS` or "several") whose removal alone would open the
    most of ``cols`` (needs) to each of ``rows`` (people): the one insights reports for them."""
    from matchmaker.services.insights import unused_in_blocks  # insights reads this module's constants

    if not len(rows) or not len(needs):
        return {}
    unused = unused_in_blocks(ecosystem.take(people, rows), ecosystem.take(needs, cols), programmes)
    return {int(r): unused.barrier_of(i) or "several" for i, r in enumerate(rows)}


def _need_barriers(people, needs, programmes, cols) -> dict[int, str]:
    """For needs ``cols`` that nobody can take: the barrier whose removal alone would open each to the most people
    (the people × needs arrays read the other way round), in blocks of :data:`NEED_CHUNK` needs."""
    from matchmaker.engine.insights import unused_potential
    from matchmaker.services.insights import barrier_arrays

    out = {}
    if not len(people):
        return {int(j): "nobody" for j in cols}
    for start in range(0, len(cols), NEED_CHUNK):
        block = np.asarray(cols[start:start + NEED_CHUNK], np.int64)
        arrays = barrier_arrays(people, ecosystem.take(needs, block), programmes)
        unused = unused_potential(**{name: np.asarray(a).T for name, a in arrays.items()})
        out.update({int(j): unused.barrier_of(i) or "several" for i, j in enumerate(block)})
    return out


def reasons(people, needs, programmes, scores, regional: engine.Allocation) -> tuple[dict, dict]:
    """Why each person without a suggestion has none, and why each need has places left, as facts: nothing
    fits them (and the barrier that stands in the way most), or what fits went to others who fit it better."""
    scores = scores.tocsr()
    per_person = np.diff(scores.indptr)
    per_need = np.diff(scores.tocsc().indptr)
    empty = [p for p in range(len(people)) if not any(j >= 0 for j in regional.suggestions[p])]
    blocked = np.array([p for p in empty if per_person[p] == 0], np.int64)
    person_barrier = _barriers(people, needs, programmes, blocked, np.arange(len(needs)))
    person_facts = {p: fact("allocation.person_blocked", barrier=person_barrier[p]) if p in person_barrier
                    else fact("allocation.person_taken", needs=int(per_person[p])) for p in empty}
    filled = np.asarray(regional.seats_filled_per_need, np.int64)
    headcount = np.asarray(needs.headcount, np.int64)
    short = np.flatnonzero(filled < headcount)
    need_barrier = _need_barriers(people, needs, programmes, short[per_need[short] == 0])
    need_facts = {int(j): fact("allocation.need_blocked", barrier=need_barrier[int(j)], open=int(headcount[j]))
                  if int(j) in need_barrier else
                  fact("allocation.need_short", open=int(headcount[j] - filled[j]), people=int(per_need[j]),
                       elsewhere=int(per_need[j] - filled[j]))
                  for j in short}
    return person_facts, need_facts


@jobs.job_kind(ALLOCATION, queue=jobs.BULK, scopes=_scopes)
def run_allocation(*, session: Session, job: Job, progress: jobs.Progress) -> dict:
    region = job.subject_id
    k = int(job.params.get("k", 3))
    table = transition_table(session)
    people = load_people(session, space=table.space, region=region, special_category=False)
    needs = load_needs(session, space=table.space, region=region)
    progress(0.2)
    fitted = ecosystem.fit(table, people, needs)
    progress(0.6)
    scores = fitted.scores
    headcount = np.asarray(needs.headcount, np.int64)
    if len(people) and len(needs):
        regional = engine.allocate(scores, headcount=headcount, k=k)
        greedy = engine.greedy_top_k(scores, k=k, headcount=headcount)
    else:  # nothing to allocate: both sides empty
        regional = greedy = engine.greedy_top_k(np.zeros((len(people), len(needs))), k=k, headcount=headcount)
    programmes = load_programmes(session, space=table.space, region=region)
    person_facts, need_facts = reasons(people, needs, programmes, scores, regional)
    target_groups, _ = load_special_category(session, people.ids)
    comparison = engine.compare(regional, greedy, target_groups)
    groups = group_rows(comparison)
    n_people, n_needs, places = len(people), len(needs), int(headcount.sum())
    suggestions = []
    for p in range(n_people):
        chosen = [(int(j), float(s)) for j, s in zip(regional.suggestions[p], regional.suggestion_scores[p]) if j >= 0]
        suggestions.append({"person_id": int(people.ids[p]),
                            "suggestions": [{"need_id": int(needs.ids[j]), "score": round(s, 4)} for j, s in chosen],
                            **({"facts": [person_facts[p]]} if p in person_facts else {})})
    per_need = [{"need_id": int(needs.ids[j]), "headcount": int(headcount[j]),
                 "seats_filled": int(regional.seats_filled_per_need[j]),
                 "greedy_seats_filled": int(greedy.seats_filled_per_need[j]),
                 **({"facts": [need_facts[j]]} if j in need_facts else {})} for j in range(n_needs)]
    return with_fits({
        "region": region, "k": k, "people": n_people, "needs": n_needs, "places": places,
        "summary": {"people": n_people, "needs": n_needs, "places": places,
                    "seats_filled": int(regional.seats_filled), "greedy_seats_filled": int(greedy.seats_filled)},
        "regional": _totals(regional, n_people), "greedy": _totals(greedy, n_people),
        "facts": explain(region, n_people, n_needs, places, regional, greedy),
        "special_category": {"groups": groups, "facts": explain_groups(groups)},
        "suggestions": suggestions, "per_need": per_need,
    })


def with_fits(result: dict) -> dict:
    """``result`` with each need's ``fit``: the average fit of the people the allocation gave a place there (their
    first suggestion), None when it gave nobody one. Stored with the result, so that the coordinator's page reads
    the rows per need without the suggestions of every person of the region; written again when a person is erased
    (:func:`matchmaker.services.stored_results.erase_person`)."""
    given: dict[int, list[float]] = {}
    for person in result.get("suggestions", []):
        if person["suggestions"]:
            first = person["suggestions"][0]
            given.setdefault(first["need_id"], []).append(first["score"])
    fits = {need_id: sum(scores) / len(scores) for need_id, scores in given.items()}
    return {**result, "per_need": [{**row, "fit": fits.get(row["need_id"])} for row in result.get("per_need", [])]}


def start(*, session: Session, actor: User, code: str, k: int = 3) -> tuple[Job, bool]:
    """A queued allocation job for region ``code`` (dispatch it with :func:`jobs.dispatch`), and True; or the same
    request's job that is still queued or running, and False."""
    policies.require_allocation_role(actor)
    ecosystem.require_region(code)
    return jobs.create_once(session=session, kind=ALLOCATION, subject_type="region", subject_id=code,
                            params={"k": k}, actor=actor)


def latest(*, session: Session, actor: User, code: str) -> dict:
    """The region's most recent succeeded allocation, with a stale flag; 404 when there is none."""
    policies.require_allocation_role(actor)
    ecosystem.require_region(code)
    job = jobs.latest_succeeded(session=session, kind=ALLOCATION, subject_id=code)
    if job is None:
        raise NotFound("No allocation has been computed for %(code)s yet; POST to this address to start one.", code=code)
    return {"job_id": job.id, "finished_at": job.finished_at, "data_version": job.data_version,
            "stale": jobs.is_stale(session=session, job=job),
            "refresh_pending": jobs.refresh_pending(session=session, job=job),
            **counted_in_words(with_sentences(policies.without_special_category(
                actor, _with_titles(session, stored_results.present(session, job)))))}


#: what :func:`overview` reads of a stored result besides the rows per need
OVERVIEW_KEYS = ("region", "k", "people", "needs", "places", "summary", "regional", "greedy", "facts",
                 "special_category")


def overview(*, session: Session, actor: User, code: str) -> dict:
    """The region's most recent succeeded allocation as the coordinator's page shows it: the totals and their
    explanation, the shares per target group (admins only), and per need its title, organisation, place and the
    average fit of the people given a place there (one query). Unlike :func:`latest`, no person's suggestions are
    read: the page lists none, and a province's allocation holds tens of thousands (only the parts the page shows
    are taken from the stored result, in the database). The rows per need keep their ``facts``; the page puts only
    the rows it shows into words. 404 when there is none."""
    policies.require_allocation_role(actor)
    ecosystem.require_region(code)
    job = jobs.latest_succeeded(session=session, kind=ALLOCATION, subject_id=code)
    if job is None:
        raise NotFound("No allocation has been computed for %(code)s yet; POST to this address to start one.", code=code)
    shown = dict(_totals_and_rows(session, job))
    rows = shown.pop("per_need")
    if actor.role == "admin":  # special-category aggregates: read for admins only, never kept in a cache
        shown.update(stored_results.present(session, job, stored_results.parts(session, job, ("special_category",)))
                     or {})
    return {"job_id": job.id, "finished_at": job.finished_at, "data_version": job.data_version,
            "stale": jobs.is_stale(session=session, job=job),
            "refresh_pending": jobs.refresh_pending(session=session, job=job),
            **counted_in_words(with_sentences(policies.without_special_category(actor, shown))),
            "per_need": rows}


#: what the page shows of each region's allocation but its special-category part (totals, explanation and the
#: rows per need: no person in them), per process: a province's region has ten thousand rows, which take a second
#: to read out of the stored result, join and sort
_TOTALS_AND_ROWS: VersionedCache[dict] = VersionedCache(size=len(REGIONS))
#: the parts of a stored allocation a process keeps
KEPT_KEYS = tuple(key for key in OVERVIEW_KEYS if key != "special_category")


def _totals_and_rows(session: Session, job: Job) -> dict:
    """Allocation ``job``'s totals (:data:`KEPT_KEYS`) and, under ``per_need``, per need its stored row with the
    need's title, organisation and place, sorted by organisation and title. Kept while the job, its region's data
    (titles, names) and the deletions (an erased person changes the stored rows, a deleted need leaves them) stay
    the same; shared by every request: read only."""
    key = (str(session.get_bind().url), job.id, job.finished_at,
           data_versions.combined(session=session, scopes=[region_scope(job.subject_id), data_versions.DELETIONS]))
    return _TOTALS_AND_ROWS.get(key, lambda: _build_totals_and_rows(session, job))


def _build_totals_and_rows(session: Session, job: Job) -> dict:
    read = stored_results.parts(session, job, (*KEPT_KEYS, "per_need"))
    if any("fit" not in row for row in read.get("per_need", [])):  # stored before the fits were
        read = with_fits({**read, **stored_results.parts(session, job, ("suggestions",))})
    result = stored_results.present(session, job, read) or {}
    ids = [row["need_id"] for row in result.get("per_need", [])]
    owners = {need_id: (title, name, place_name(place)) for need_id, title, name, place in session.execute(
        select(Need.id, Need.title, Organisation.name, Need.municipality_code).join(Organisation, Need.organisation)
        .where(among_ids(session, Need.id, ids)))} if ids else {}
    rows = []
    for row in result.get("per_need", []):
        title, organisation, place = owners.get(row["need_id"], (None, "", None))
        rows.append({**row, "title": title, "organisation": organisation, "place": place})
    return {**{key: result[key] for key in KEPT_KEYS if key in result},
            "per_need": sorted(rows, key=lambda r: (r["organisation"].casefold(), (r["title"] or "").casefold()))}


def _with_titles(session: Session, result: dict) -> dict:
    """The stored result with each need's title beside its id (one query for all of them)."""
    ids = {row["need_id"] for row in result.get("per_need", [])}
    ids |= {s["need_id"] for person in result.get("suggestions", []) for s in person["suggestions"]}
    titles = {need_id: title for need_id, title in
              session.execute(select(Need.id, Need.title).where(among_ids(session, Need.id, ids)))} if ids else {}
    return {**result,
            "suggestions": [{**person, "suggestions": [{**s, "title": titles.get(s["need_id"])}
                                                       for s in person["suggestions"]]}
                            for person in result.get("suggestions", [])],
            "per_need": [{**row, "title": titles.get(row["need_id"])} for row in result.get("per_need", [])]}
