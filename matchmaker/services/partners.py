"""Partner matches between organisations, computed on request from the province's arrays.

An organisation near a region's border has partners across it, so the engine always sees the whole
province's organisations, open needs, programmes and open partner requests; a region's list keeps the matches
that involve at least one organisation of that region, an organisation's list those that involve it.
Hard-to-fill scores (talent pipelines, answers to pipeline requests) come from
:func:`matchmaker.engine.insights.hard_to_fill` on the real people x needs fit (the engine's constraint and
score blocks), not from a proxy. Partner suggestions are not personal data: every organisation-facing role
may read them.
"""
from __future__ import annotations

import math

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.engine import partners as engine
from matchmaker.engine._ecosystem_common import pairwise_km
from matchmaker.models import Organisation, PartnerRequest, User
from matchmaker.security import policies
from matchmaker.services import ecosystem
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
            people = load_people(session, space=space)
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
            "skills": [{"id": int(space.skill_ids[s]), "label": space.skill_labels[s]} for s in match.skills],
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
        out["occupations"] = [{"id": int(space.occupation_ids[i]), "label": space.occupation_labels[i]}
                              for i in dict.fromkeys(match.occupations)]
        out["months"] = [m + 1 for m in range(12) if match.months >> m & 1]
        out["lever"] = LEVERS[match.lever] if match.lever >= 0 else None
        for key, row in (("partner_request", match.request), ("counter_request", match.counter_request)):
            if row >= 0:
                rid = int(self.requests.ids[row])
                out[key] = {"id": rid, "label": self.request_titles.get(rid, "")}
        return out

    def describe(self, match, subject: int | None = None) -> dict:
        """One match; ``subject`` (an organisation row) is shown as ``organisation`` and the other party as
        ``counterpart`` — for a co-creation proposal, the first school for an employer and the first
        employer for a school."""
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
        return {
            "kind": match.kind,
            "score": round(float(match.score), 4),
            "organisation": self.org(a),
            "counterpart": self.org(b),
            "distance_km": round(float(distance), 1) if math.isfinite(distance) else None,
            "evidence": self.evidence(match),
            "explanation": match.explanation,
        }


def _ordered(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda m: (-m["score"], KINDS.index(m["kind"])))


def organisation_partners(*, session: Session, actor: User, organisation_id: int, type: str | None = None,
                          limit: int = 20) -> dict:
    """The partner matches that involve one organisation, best first."""
    policies.require_partner_reader(actor)
    organisation = get_or_404(session, Organisation, organisation_id, "organisation")
    province = ProvinceMatches(session, kinds=(type,) if type else None)
    (row,) = np.flatnonzero(province.organisations.ids == organisation.id)
    row = int(row)
    items = [province.describe(m, subject=row) for m in province.matches if row in province.parties(m)]
    items = _ordered(items)
    return {"organisation": province.org(row), "total": len(items), "items": items[:limit]}


def region_partners(*, session: Session, actor: User, code: str, type: str | None = None, limit: int = 100,
                    offset: int = 0) -> dict:
    """Every partner match involving at least one organisation of the region (coordinators, admins)."""
    policies.require_role(actor, "admin", "coordinator")
    ecosystem.require_region(code)
    province = ProvinceMatches(session, kinds=(type,) if type else None)
    mine = ecosystem.region_organisation_ids(session, code)
    rows = {int(r) for r in np.flatnonzero(np.isin(province.organisations.ids, list(mine)))}
    items = _ordered([province.describe(m) for m in province.matches if rows & set(province.parties(m))])
    counts = {kind: sum(1 for m in items if m["kind"] == kind) for kind in KINDS}
    return {"region": code, "total": len(items), "by_kind": counts, "limit": limit, "offset": offset,
            "items": items[offset:offset + limit]}
