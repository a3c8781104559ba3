"""Partner matches between organisations: the ``partner_matches`` job kind (per region) and reading its result.

An organisation near a region's border has partners across it, so the engine always sees the whole
province's organisations, open needs, programmes and open partner requests; a region's job stores the matches
that involve at least one organisation of that region, and per organisation of the region how each match
looks from its side (its counterpart and the distance). The province's matches are computed once per
data version (:func:`province_matches`: by one worker process while the others, on any machine, wait, and kept
for them in the database's shared store, :mod:`matchmaker.services.derived`), then every region's job keeps its
share; the stale
marker covers the taxonomy and every region, as a change anywhere in the province can change them.
Hard-to-fill scores (talent pipelines, answers to pipeline requests) come from
:func:`matchmaker.engine.insights.hard_to_fill` on the real people x needs fit (the engine's constraint and
score blocks), not from a proxy, computed without special-category data as everything organisations see about
people (:mod:`matchmaker.security.policies`). Stored results hold ids, names, labels and scores only — no person.
Partner suggestions are not personal data: every organisation-facing role may read them.

The GET endpoints read the region's latest succeeded job (computing one here, once, when there is none);
an organisation without a municipality belongs to no region and has its matches computed on request.
"""
from __future__ import annotations

import math

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.engine import partners as engine
from matchmaker.engine.geo import pairwise_km
from matchmaker.explanations import plain, with_sentences
from matchmaker.models import Job, Municipality, Organisation, PartnerRequest, User
from matchmaker.models.base import utcnow
from matchmaker.security import policies
from matchmaker.services import data_versions, derived, ecosystem, jobs, stored_results
from matchmaker.services.cache import VersionedCache
from matchmaker.services.engine_inputs import (
    load_needs,
    load_organisations,
    load_partner_requests,
    load_people,
    load_programmes,
)
from matchmaker.services.queries import get_or_404
from matchmaker.services.transitions import transition_table
from matchmaker.vocabulary import LEVERS

KINDS = engine.PARTNER_MATCH_KINDS
PARTNER_MATCHES = "partner_matches"


def province_scopes(job: Job | None = None) -> list[str]:
    """What partner matches read: the taxonomy and every region of the province."""
    return data_versions.province_scopes()


class ProvinceMatches:
    """Every partner match in the province, with what is needed to describe them."""

    def __init__(self, session: Session, kinds=None):
        table = transition_table(session)
        space = table.space
        self.space = space
        self.organisations = load_organisations(session)
        self.needs = load_needs(session, space=space)
        self.programmes = load_programmes(session, space=space)
        self.requests = load_partner_requests(session, space=space, organisations=self.organisations)
        self.places = ecosystem.organisation_places(session, self.organisations.ids)
        self.need_titles = ecosystem.need_titles(session, self.needs.ids)
        self.programme_labels = ecosystem.programme_names(session, self.programmes.ids)
        self.request_titles = dict(session.execute(select(PartnerRequest.id, PartnerRequest.title).where(
            PartnerRequest.id.in_([int(i) for i in self.requests.ids]))).all()) if len(self.requests) else {}
        wanted = tuple(kinds) if kinds else KINDS
        htf = np.zeros(space.n_occupations)
        if {"talent_pipeline", "request_answer"} & set(wanted) and len(self.needs):
            people = load_people(session, space=space, special_category=False)
            htf = ecosystem.hard_to_fill(table, people, self.needs, self.programmes)
        self.matches = list(engine.partner_matches(
            self.organisations, self.needs, self.programmes, self.requests, transitions=table.similarity,
            viable_threshold=table.viable_threshold, hard_to_fill=htf, kinds=wanted, places=self.places,
            occupation_labels=space.occupation_labels, skill_labels=space.skill_labels,
            programme_labels=self.programme_labels, related=space.related, skill_group=space.skill_group))

    # ------------------------------------------------------------------------------------- describing
    def org(self, row: int) -> dict | None:
        if row < 0:
            return None
        o = self.organisations
        return {"id": int(o.ids[row]), "name": o.names[row], "place": self.places[row] or None}

    def parties(self, match) -> tuple[int, ...]:
        if isinstance(match, engine.CoCreationProposal):
            return tuple(dict.fromkeys((*match.employers, *match.schools)))
        return (match.organisation_a, match.organisation_b)

    def evidence(self, match) -> dict:
        space, needs = self.space, self.needs
        out = {
            "needs": [{"id": int(needs.ids[n]), "label": self.need_titles.get(int(needs.ids[n]), "")}
                      for n in match.needs],
            "skills": [plain(space.skill_labels[s]) for s in match.skills],
            "programmes": [], "occupations": [], "months": [], "lever": None, "partner_request": None,
            "counter_request": None, "employers": [], "schools": [], "headcount": None,
        }
        if isinstance(match, engine.CoCreationProposal):
            out["employers"] = [self.org(e) for e in match.employers]
            out["schools"] = [{**self.org(s), "coverage": round(float(c), 4)}
                              for s, c in zip(match.schools, match.school_coverage)]
            out["headcount"] = int(match.headcount)
            return out
        out["programmes"] = [{"id": int(self.programmes.ids[p]), "label": self.programme_labels[p]}
                             for p in match.programmes]
        out["occupations"] = [plain(space.occupation_labels[i])
                              for i in dict.fromkeys(match.occupations)]
        out["months"] = [m + 1 for m in range(12) if match.months >> m & 1]
        out["lever"] = LEVERS[match.lever] if match.lever >= 0 else None
        for key, row in (("partner_request", match.request), ("counter_request", match.counter_request)):
            if row >= 0:
                rid = int(self.requests.ids[row])
                out[key] = {"id": rid, "label": self.request_titles.get(rid, "")}
        return out

    def ends(self, match, subject: int | None = None) -> dict:
        """The match seen from ``subject`` (an organisation row), shown as ``organisation``, with the other
        party as ``counterpart`` — for a co-creation proposal, the first school for an employer and the first
        employer for a school — and the distance between them."""
        if subject is None:
            a, b = match.organisation_a, match.organisation_b
        elif isinstance(match, engine.CoCreationProposal):
            a = subject
            b = (match.schools[0] if match.schools else -1) if subject in match.employers else match.employers[0]
        else:
            a = subject
            b = match.organisation_b if subject == match.organisation_a else match.organisation_a
        distance = getattr(match, "distance_km", float("nan"))
        if isinstance(match, engine.CoCreationProposal) and a >= 0 and b >= 0:
            o = self.organisations
            distance = float(pairwise_km(o.lat[[a]], o.lon[[a]], o.lat[[b]], o.lon[[b]])[0, 0])
        return {"organisation": self.org(a), "counterpart": self.org(b),
                "distance_km": round(float(distance), 1) if math.isfinite(distance) else None}

    def describe(self, match, subject: int | None = None) -> dict:
        """One match, seen from ``subject`` (see :meth:`ends`), with its evidence and the facts that explain it
        (stored as facts; :func:`with_sentences` writes them out when read)."""
        return {"kind": match.kind, "score": round(float(match.score), 4), **self.ends(match, subject),
                "evidence": self.evidence(match), "facts": list(match.facts)}


def _ordered(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda m: (-m["score"], KINDS.index(m["kind"])))


#: changes when the pickled matches change shape (2: facts instead of English sentences)
CACHE_FORMAT = 3
#: the province's matches in this process: (database, data version of the taxonomy and every region) -> matches
_SHARED: VersionedCache[ProvinceMatches] = VersionedCache()


def province_matches(session: Session, job: Job | None = None) -> ProvinceMatches:
    """The province's partner matches. Region jobs (children of a recompute) share one computation per data
    version: the first process to need it computes it while the others wait, and stores it (organisations, needs,
    programmes and matches: no person) for every other process on every machine; any other caller computes
    afresh."""
    if job is None or job.parent_id is None:
        return ProvinceMatches(session)
    key = (str(session.get_bind().url), data_versions.combined(session=session, scopes=province_scopes()),
           CACHE_FORMAT)
    return _SHARED.get(key, lambda: derived.shared(session, PARTNER_MATCHES, key, lambda: ProvinceMatches(session)))


def region_matches(province: ProvinceMatches, *, session: Session, code: str) -> dict:
    """What a region's job stores: the matches involving an organisation of the region (best first, seen
    from their first party) and, per organisation of the region, its matches seen from its side."""
    ids = province.organisations.ids
    rows = [int(r) for r in np.flatnonzero(np.isin(ids, list(ecosystem.region_organisation_ids(session, code))))]
    mine = set(rows)
    touching = [(m, province.describe(m)) for m in province.matches if mine & set(province.parties(m))]
    touching.sort(key=lambda pair: (-pair[1]["score"], KINDS.index(pair[1]["kind"])))
    organisations = {str(int(ids[r])): {"organisation": province.org(r), "matches": []} for r in rows}
    for index, (match, _) in enumerate(touching):
        for party in dict.fromkeys(province.parties(match)):
            if party in mine:
                seen = province.ends(match, subject=party)
                organisations[str(int(ids[party]))]["matches"].append(
                    {"match": index, "counterpart": seen["counterpart"], "distance_km": seen["distance_km"]})
    matches = [item for _, item in touching]
    return {
        "region": code,
        "summary": {"matches": len(matches), "organisations": len(rows), "by_kind": _by_kind(matches)},
        "matches": matches,
        "organisations": organisations,
    }


@jobs.job_kind(PARTNER_MATCHES, queue=jobs.BULK, scopes=province_scopes)
def run_partner_matches(*, session: Session, job: Job, progress: jobs.Progress) -> dict:
    """Store the partner matches involving region ``job.subject_id`` (replacing nothing: the result is the
    job's own, and readers take the latest)."""
    province = province_matches(session, job)
    progress(0.8)
    return region_matches(province, session=session, code=job.subject_id)


def _by_kind(items: list[dict]) -> dict[str, int]:
    return {kind: sum(1 for m in items if m["kind"] == kind) for kind in KINDS}


def _region_of(session: Session, organisation: Organisation) -> str | None:
    if organisation.municipality_code is None:
        return None
    return session.scalar(select(Municipality.region_code).where(Municipality.code == organisation.municipality_code))


def _computed_now(session: Session) -> dict:
    return {"job_id": None, "computed_at": utcnow(), "stale": False,
            "data_version": data_versions.combined(session=session, scopes=province_scopes())}


def organisation_partners(*, session: Session, actor: User, organisation_id: int, type: str | None = None,
                          limit: int = 20) -> dict:
    """The partner matches that involve one organisation, best first, from its region's latest stored
    result (with its stale flag)."""
    policies.require_partner_reader(actor)
    organisation = get_or_404(session, Organisation, organisation_id, "organisation")
    freshness, seen_as, items = matches_of(session, organisation, type)
    return {**freshness, "organisation": seen_as, "total": len(items), "items": with_sentences(items[:limit])}


def matches_of(session: Session, organisation: Organisation, type: str | None = None) -> tuple[dict, dict, list[dict]]:
    """The partner matches involving ``organisation``, best first, each seen from its side (``organisation`` and
    ``counterpart``; ``first_party`` says whether it is the match's first party, for directed kinds such as a talent
    pipeline), from its region's latest stored result: (freshness, the organisation as shown, the matches). No
    access check: callers check who asks."""
    region = _region_of(session, organisation)
    if region is None:  # no municipality, so no region whose job would hold it: compute on request
        province = ProvinceMatches(session, kinds=(type,) if type else None)
        (row,) = np.flatnonzero(province.organisations.ids == organisation.id)
        row = int(row)
        items = _ordered([{**province.describe(m, subject=row), "first_party": m.organisation_a == row}
                          for m in province.matches if row in province.parties(m)])
        return _computed_now(session), province.org(row), items
    job = jobs.stored_or_run(session=session, kind=PARTNER_MATCHES, subject_type="region", subject_id=region)
    result = stored_results.present(session, job, jobs.shared_result(session=session, job=job))
    mine = result["organisations"].get(str(organisation.id))
    if mine is None:  # newer than the stored result (or moved into the region since): compute it now
        job = jobs.run_now(session=session, kind=PARTNER_MATCHES, subject_type="region", subject_id=region)
        result = stored_results.present(session, job, jobs.shared_result(session=session, job=job))
        mine = result["organisations"][str(organisation.id)]
    matches = result["matches"]
    items = [{**matches[seen["match"]], "organisation": mine["organisation"], "counterpart": seen["counterpart"],
              "distance_km": seen["distance_km"],
              "first_party": (matches[seen["match"]]["organisation"] or {}).get("id") == organisation.id}
             for seen in mine["matches"]]
    if type:
        items = [m for m in items if m["kind"] == type]
    return jobs.freshness(session=session, job=job), mine["organisation"], items


def region_partners(*, session: Session, actor: User, code: str, type: str | None = None, limit: int = 100,
                    offset: int = 0) -> dict:
    """Every partner match involving at least one organisation of the region (coordinators, admins), from
    the region's latest stored result (with its stale flag)."""
    policies.require_role(actor, "admin", "coordinator")
    ecosystem.require_region(code)
    job = jobs.stored_or_run(session=session, kind=PARTNER_MATCHES, subject_type="region", subject_id=code)
    items = stored_results.present(session, job, jobs.shared_result(session=session, job=job))["matches"]
    if type:
        items = [m for m in items if m["kind"] == type]
    return {**jobs.freshness(session=session, job=job), "region": code, "total": len(items),
            "by_kind": _by_kind(items), "limit": limit, "offset": offset,
            "items": with_sentences(items[offset:offset + limit])}
