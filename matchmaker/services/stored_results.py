"""Stored computed results never name a record that is gone.

A job's result (a region's allocation, partner matches and insights; a person's career paths) keeps the ids of
the records it was computed from, until the next recompute replaces it. When records go meanwhile (an
organisation with its needs, programmes and partner requests; a need; an erased person), a result stored
earlier would still name them. :func:`present` is how every stored result is read (the computed views and
``GET /jobs/<id>``): when a tracked record was deleted after the job started (``data_versions.DELETIONS``), it
drops what names a record that no longer exists — one query of ids per kind of record — and otherwise
returns the result as stored. The stored row is left as it was (the next recompute replaces it), except on
erasure, which removes the person from storage as well (:func:`erase_person`).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import select, type_coerce
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Session

from matchmaker.explanations import fact
from matchmaker.models import Job, Need, Organisation, PartnerRequest, Person, Programme
from matchmaker.services import data_versions
from matchmaker.services.queries import among_ids


#: ``existing(model, ids)``: those of ``ids`` that still name a record of ``model``
Existing = Callable[[type, Iterable[int]], set[int]]


def _existing(session: Session) -> Existing:
    def existing(model, ids: Iterable[int]) -> set[int]:
        ids = {int(i) for i in ids if i is not None}
        if not ids:
            return set()
        return set(session.scalars(select(model.id).where(among_ids(session, model.id, ids))))
    return existing


def _ref_id(ref: dict | None) -> int | None:
    return None if ref is None else ref.get("id")


# --- per kind: what a result names, and the result without what is gone --------------------------------


def _career_paths(result: dict, existing: Existing) -> dict:
    steps = [step for path in result.get("paths", []) for step in path["steps"]]
    needs = existing(Need, (_ref_id(s.get("need")) for s in steps))
    programmes = existing(Programme, (_ref_id(s.get("programme")) for s in steps))

    def whole(path) -> bool:
        return all((s.get("need") is None or s["need"]["id"] in needs)
                   and (s.get("programme") is None or s["programme"]["id"] in programmes) for s in path["steps"])

    kept = [path for path in result.get("paths", []) if whole(path)]
    dropped = len(result.get("paths", [])) - len(kept)
    if not dropped:
        return result
    # the stored summary describes the best path, which may be one that went
    return {**result, "paths": kept, "facts": [fact("paths.left_out", dropped=dropped, kept=len(kept))]}


def _allocation(result: dict, existing: Existing) -> dict:
    people = existing(Person, (p["person_id"] for p in result.get("suggestions", [])))
    needs = existing(Need, [*(s["need_id"] for p in result.get("suggestions", []) for s in p["suggestions"]),
                                 *(n["need_id"] for n in result.get("per_need", []))])
    suggestions = [{**p, "suggestions": [s for s in p["suggestions"] if s["need_id"] in needs]}
                   for p in result.get("suggestions", []) if p["person_id"] in people]
    return {**result, "suggestions": suggestions,
            "per_need": [n for n in result.get("per_need", []) if n["need_id"] in needs]}


def _match_names(match: dict) -> dict[type, list[int]]:
    evidence = match.get("evidence") or {}
    organisations = [_ref_id(match.get("organisation")), _ref_id(match.get("counterpart")),
                     *(_ref_id(o) for o in evidence.get("employers", [])),
                     *(_ref_id(o) for o in evidence.get("schools", []))]
    return {
        Organisation: [i for i in organisations if i is not None],
        Need: [n["id"] for n in evidence.get("needs", [])],
        Programme: [p["id"] for p in evidence.get("programmes", [])],
        PartnerRequest: [r["id"] for key in ("partner_request", "counter_request")
                         if (r := evidence.get(key)) is not None],
    }


def _partner_matches(result: dict, existing: Existing) -> dict:
    names = [_match_names(m) for m in result.get("matches", [])]
    alive = {model: existing(model, (i for n in names for i in n[model]))
             for model in (Need, Programme, PartnerRequest)}
    alive[Organisation] = existing(Organisation, [*(i for n in names for i in n[Organisation]),
                                                       *map(int, result.get("organisations", {}))])
    kept = [i for i, n in enumerate(names) if all(set(ids) <= alive[model] for model, ids in n.items())]
    new_index = {old: new for new, old in enumerate(kept)}
    matches = [result["matches"][i] for i in kept]
    organisations = {
        key: {**entry, "matches": [{**seen, "match": new_index[seen["match"]]} for seen in entry["matches"]
                                   if seen["match"] in new_index]}
        for key, entry in result.get("organisations", {}).items() if int(key) in alive[Organisation]}
    kinds = result.get("summary", {}).get("by_kind", {})
    by_kind = {kind: sum(1 for m in matches if m["kind"] == kind) for kind in kinds}
    summary = {**result.get("summary", {}), "matches": len(matches), "organisations": len(organisations),
               "by_kind": by_kind} if "summary" in result else None
    out = {**result, "matches": matches, "organisations": organisations}
    if summary is not None:
        out["summary"] = summary
    return out


def _insights(result: dict, existing: Existing) -> dict:
    network = result.get("network")
    if not network:
        return result
    named = [o["id"] for c in network.get("clusters", []) for o in c["organisations"]]
    named += [b["organisation"]["id"] for b in network.get("brokers", [])]
    alive = existing(Organisation, named)
    clusters = []
    for cluster in network.get("clusters", []):
        members = [o for o in cluster["organisations"] if o["id"] in alive]
        if len(members) == len(cluster["organisations"]):
            clusters.append(cluster)
        elif len(members) > 1:  # its explanation names its members: written again without those gone
            clusters.append({**cluster, "organisations": members, "facts": [fact(
                "cluster", sector=cluster["sector"] or None, place=cluster["place"] or None,
                organisations=[o["name"] for o in members])]})
    brokers = [b for b in network.get("brokers", []) if b["organisation"]["id"] in alive]
    # the summary names the main broker: the first one still there
    summary = [f for f in network.get("facts", []) if f["code"] == "insight.network"]
    summary += [fact("insight.main_broker"), *brokers[0]["facts"]] if brokers else []
    return {**result, "network": {**network, "clusters": clusters, "brokers": brokers, "facts": summary}}


PRUNERS: dict[str, Callable[[dict, Existing], dict]] = {
    "career_paths": _career_paths,
    "allocation": _allocation,
    "partner_matches": _partner_matches,
    "insights": _insights,
}


def outdated_by_deletion(session: Session, job: Job) -> bool:
    """Was a tracked record deleted after ``job`` started (so its result may name it)?"""
    deleted = data_versions.last_deletion(session=session)
    started = job.started_at or job.created_at
    return deleted is not None and (started is None or deleted >= started)


def present(session: Session, job: Job, result: dict | None = None) -> dict | None:
    """``job``'s result (or ``result``, an already parsed copy of it) without what names a record that is gone.
    Never changes ``result`` itself (it may be shared by every request of the process)."""
    result = job.result if result is None else result
    prune = PRUNERS.get(job.kind)
    if result is None or prune is None or not outdated_by_deletion(session, job):
        return result
    return prune(result, _existing(session))


def parts(session: Session, job: Job, keys: Iterable[str]) -> dict:
    """Only ``keys`` of ``job``'s stored result (those it holds), taken out in the database: a page that shows a
    few parts of a large result (a province's allocation holds every person's suggestions) does not read the rest
    into Python. Pass what it gives to :func:`present`."""
    keys = tuple(keys)
    row = session.execute(select(*(Job.result[key] for key in keys)).where(Job.id == job.id)).one()
    return {key: value for key, value in zip(keys, row) if value is not None}


def erase_person(session: Session, person_id: int) -> int:
    """Remove ``person_id`` from storage: jobs about the person are deleted, and every stored allocation drops
    its suggestions for them. Returns how many job records were changed or deleted."""
    about = list(session.scalars(select(Job).where(Job.subject_type == "person", Job.subject_id == str(person_id))))
    for job in about:
        session.delete(job)
    changed = len(about)
    allocations = select(Job).where(Job.kind == "allocation")
    if session.get_bind().dialect.name == "postgresql":  # only those naming the person (JSONB containment)
        allocations = allocations.where(
            type_coerce(Job.result, JSONB).contains({"suggestions": [{"person_id": person_id}]}))
    for job in session.scalars(allocations):
        suggestions = (job.result or {}).get("suggestions", [])
        if any(entry["person_id"] == person_id for entry in suggestions):
            from matchmaker.services.allocation import with_fits  # allocation reads results through this module

            # the average fit per need no longer counts the person either
            kept = [entry for entry in suggestions if entry["person_id"] != person_id]
            job.result = with_fits({**job.result, "suggestions": kept})
            changed += 1
    if changed:  # what processes keep of stored results (an allocation's rows per need) is read again
        data_versions.bump(session=session, scope=data_versions.DELETIONS, source="erasure")
    session.flush()
    return changed
