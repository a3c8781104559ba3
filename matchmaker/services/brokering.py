"""Brokering partner matches: a region's partner matches as pairs of organisations, each pair once, best first,
with the status a network coordinator sets (proposed, contacted, agreed, declined).

The pairs come from the region's stored partner matches (:func:`matchmaker.services.partners.region_partners` reads
the same result): a pair with several kinds of match (a talent pipeline and knowledge exchange, say) appears once, at
the place of its best match, with every match as a reason. A co-creation proposal counts for the pair the region's
list shows it as (the first employer and the school nearest to teaching the skills); a match without a counterpart
is no pair. Statuses live in ``brokerings``; a pair without a row is proposed. The status belongs to the pair, not
to one region's list: a pair across a border shows the same status in both regions.
"""
from __future__ import annotations

from collections import Counter

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from matchmaker.errors import Choices, InvalidInput, NotFound
from matchmaker.explanations import with_sentences
from matchmaker.models import Brokering, Organisation, User
from matchmaker.security import policies
from matchmaker.services import ecosystem, jobs, stored_results, versions
from matchmaker.services.cache import VersionedCache
from matchmaker.services.partners import PARTNER_MATCHES
from matchmaker.services.places import place_name
from matchmaker.services.queries import get_or_404
from matchmaker.vocabulary import BROKERING_STATUSES

PROPOSED = "proposed"
BROKERING_ROLES = ("admin", "coordinator")


def ordered(a: int, b: int) -> tuple[int, int]:
    return (a, b) if a < b else (b, a)


def fold_pairs(matches: list[dict]) -> list[dict]:
    """``matches`` (best first, as stored) folded into pairs of organisations: each pair once, at the place of its
    best match, its matches (best first) as its reasons; ``rank`` counts from 1."""
    pairs: dict[tuple[int, int], dict] = {}
    for match in matches:
        one, other = match.get("organisation"), match.get("counterpart")
        if one is None or other is None or one["id"] == other["id"]:
            continue
        key = ordered(one["id"], other["id"])
        if key not in pairs:
            first, second = (one, other) if one["id"] == key[0] else (other, one)
            pairs[key] = {"key": key, "organisation": first, "partner": second, "score": match["score"],
                          "distance_km": match.get("distance_km"), "reasons": []}
        pairs[key]["reasons"].append(match)
    out = list(pairs.values())
    for rank, pair in enumerate(out, start=1):
        pair["rank"] = rank
        pair["kinds"] = list(dict.fromkeys(m["kind"] for m in pair["reasons"]))
    return out


#: the folded pairs of the shared stored results, per process: (database, job id, finished) -> pairs (read-only)
_FOLDED: VersionedCache[list[dict]] = VersionedCache(size=jobs.SHARED_RESULTS)


def _region_pairs(session: Session, code: str) -> tuple[dict, list[dict]]:
    """The region's pairs, folded once per stored result and process (partner matches name organisations only);
    a result pruned of deleted records is folded afresh."""
    job = jobs.stored_or_run(session=session, kind=PARTNER_MATCHES, subject_type="region", subject_id=code)
    shared = jobs.shared_result(session=session, job=job)
    result = stored_results.present(session, job, shared)
    key = (str(session.get_bind().url), job.id, job.finished_at)
    if result is not shared:
        return jobs.freshness(session=session, job=job), fold_pairs(result["matches"])
    return jobs.freshness(session=session, job=job), _FOLDED.get(key, lambda: fold_pairs(result["matches"]))


def _statuses(session: Session, keys: list[tuple[int, int]]) -> dict[tuple[int, int], Brokering]:
    if not keys:
        return {}
    firsts = sorted({a for a, _ in keys})
    wanted = set(keys)
    rows = session.scalars(select(Brokering).where(Brokering.organisation_a_id.in_(firsts)))
    return {(r.organisation_a_id, r.organisation_b_id): r for r in rows
            if (r.organisation_a_id, r.organisation_b_id) in wanted}


def _with_status(pair: dict, row: Brokering | None) -> dict:
    return {**{k: v for k, v in pair.items() if k != "key"}, "status": row.status if row else PROPOSED,
            "version": row.version if row else 0, "status_changed_at": row.updated_at if row else None}


def list_pairs(*, session: Session, actor: User, code: str, status: str | None = None, limit: int = 20,
               offset: int = 0) -> dict:
    """The region's pairs to broker, best first (``rank`` is the place among all of them), each with its status
    and its reasons in the reader's language; ``status`` keeps only the pairs at that status."""
    policies.require_role(actor, *BROKERING_ROLES)
    ecosystem.require_region(code)
    freshness, pairs = _region_pairs(session, code)
    rows = _statuses(session, [p["key"] for p in pairs])
    by_status = Counter(row.status for row in rows.values())
    by_status[PROPOSED] += len(pairs) - len(rows)
    chosen = pairs if status is None else [p for p in pairs if (rows[p["key"]].status if p["key"] in rows
                                                                 else PROPOSED) == status]
    return {**freshness, "region": code, "total": len(chosen),
            "by_status": {s: by_status.get(s, 0) for s in BROKERING_STATUSES}, "limit": limit, "offset": offset,
            "items": with_sentences([_with_status(p, rows.get(p["key"])) for p in chosen[offset:offset + limit]])}


def _ref(organisation: Organisation) -> dict:
    return {"id": organisation.id, "name": organisation.name, "place": place_name(organisation.municipality_code)}


def _require_pair(session: Session, code: str, organisation_id: int, partner_id: int) -> tuple[Organisation, ...]:
    """Both organisations exist, differ, and at least one lies in the region (else 404)."""
    ecosystem.require_region(code)
    one = get_or_404(session, Organisation, organisation_id, "organisation")
    other = get_or_404(session, Organisation, partner_id, "organisation")
    if one.id == other.id:
        raise InvalidInput("An organisation is no partner of itself: choose two different organisations.",
                           field="partner_id", location="path")
    if not {one.id, other.id} & ecosystem.region_organisation_ids(session, code):
        raise NotFound("Neither organisation lies in region %(code)s.", code=code)
    return (one, other) if one.id < other.id else (other, one)


def get_pair(*, session: Session, actor: User, code: str, organisation_id: int, partner_id: int) -> dict:
    """One pair of organisations: its status, and its place and reasons when the region's partner matches hold it
    (rank None, no reasons, when they do not: a status stays with the pair when a recompute drops it)."""
    policies.require_role(actor, *BROKERING_ROLES)
    first, second = _require_pair(session, code, organisation_id, partner_id)
    key = (first.id, second.id)
    _, pairs = _region_pairs(session, code)
    found = next((p for p in pairs if p["key"] == key), None)
    if found is None:
        found = {"key": key, "organisation": _ref(first), "partner": _ref(second), "score": None,
                 "distance_km": None, "reasons": [], "rank": None, "kinds": []}
    return with_sentences(_with_status(found, session.get(Brokering, key, populate_existing=True)))


def set_status(*, session: Session, actor: User, code: str, organisation_id: int, partner_id: int, status: str,
               precondition: versions.Precondition = None) -> dict:
    """Set the pair's status (a coordinator or admin). With a precondition (If-Match) only while the pair's status is
    still at the version the client read (0: never set); two writes at once never both win silently."""
    policies.require_role(actor, *BROKERING_ROLES)
    if status not in BROKERING_STATUSES:
        raise InvalidInput("Choose a status: %(value)s.", field="status", value=Choices("brokering_status", tuple(BROKERING_STATUSES)))
    first, second = _require_pair(session, code, organisation_id, partner_id)
    key = (first.id, second.id)
    row = session.get(Brokering, key, populate_existing=True)
    if precondition is not None:
        precondition(row.version if row else 0)
    if row is None:
        try:
            with session.begin_nested():
                session.add(Brokering(organisation_a_id=key[0], organisation_b_id=key[1], status=status,
                                      updated_by_id=actor.id))
        except IntegrityError as error:  # someone set it at the same moment: theirs stands, this one is refused
            raise StaleDataError(f"brokering {key} was set concurrently") from error
    else:
        row.status, row.updated_by_id = status, actor.id
    session.flush()
    return get_pair(session=session, actor=actor, code=code, organisation_id=key[0], partner_id=key[1])
