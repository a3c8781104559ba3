"""Answers to open partner requests: the best counterparts for each, one scoring function per request kind.

Counterparts come from two sources, merged per counterpart organisation (best score kept, :class:`_Answers`):
a complementary request (:func:`_counter_requests`) and the data, by the request's kind — staff sharing
(:func:`_staff_sharing`), knowledge exchange (:func:`_knowledge_exchange`), talent pipelines
(:func:`_talent_pipeline`), internship places and co-creation (:func:`_school_places`). The weights are those of
:class:`~matchmaker.engine.partners.options.RequestWeights`.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from matchmaker.vocabulary import LEVERS, PARTNER_REQUEST_KINDS
from .._ecosystem_common import fact, month_mask, months_matrix
from ..data import NeedArrays, OrganisationArrays, PartnerRequestArrays, ProgrammeArrays
from ..geo import haversine_km
from .common import (_EMPLOYER, _PLACEMENT_KINDS, _SCHOOL, PartnerMatch, _check_transitions, _coverage, _Ctx,
                     _starter_mask)
from .options import RequestWeights

_SEEKS = 0  # vocabulary.PARTNER_REQUEST_DIRECTIONS.index("seeks")


@dataclass(frozen=True)
class _Demand:
    """What the data says about every organisation, computed once for all requests of a call."""

    t: np.ndarray | None  # transitions, or None
    viable_threshold: float
    req_months: np.ndarray  # requests x 12
    rel: np.ndarray  # organisations x 12: demand per month as a share of the organisation's peak
    employers: np.ndarray  # employers with demand
    strength: np.ndarray  # organisations x levers
    asks: np.ndarray  # organisations x levers
    occ: np.ndarray  # the needs' occupations
    cov: np.ndarray | None  # needs x programmes coverage within max_km, or None
    starters: np.ndarray | None  # starter needs with an occupation
    htf: np.ndarray | None  # hard to fill per occupation (with transitions)
    max_km: float
    min_slack: float


def _demand(ctx: _Ctx, requests: PartnerRequestArrays, transitions, viable_threshold: float, hard_to_fill,
            max_km: float, min_slack: float) -> _Demand:
    o, needs, programmes = ctx.orgs, ctx.needs, ctx.programmes
    t = _check_transitions(transitions) if transitions is not None else None
    profile = ctx.profile if needs is not None and len(needs) else np.zeros((len(o), 12))
    peak = profile.max(axis=1)
    occ = np.asarray(needs.occupation) if needs is not None else np.zeros(0, int)
    cov = None
    if programmes is not None and needs is not None and len(programmes) and len(needs):
        cov, need_prog_km, _ = _coverage(ctx)
        cov = np.where(need_prog_km <= max_km, cov, 0.0)
    htf = None
    if t is not None:
        htf = np.asarray(hard_to_fill, float) if hard_to_fill is not None else np.ones(t.shape[0])
    return _Demand(
        t=t, viable_threshold=viable_threshold, req_months=months_matrix(requests.months),
        rel=np.where(peak[:, None] > 0, profile / np.where(peak > 0, peak, 1)[:, None], 0.0),
        employers=(o.kind == _EMPLOYER) & (peak > 0),
        strength=np.asarray(o.lever_strength, int).reshape(len(o), len(LEVERS)),
        asks=((np.asarray(o.lever_asks, np.int64)[:, None] >> np.arange(len(LEVERS))) & 1).astype(bool),
        occ=occ, cov=cov,
        starters=_starter_mask(needs, None) & (occ >= 0) if needs is not None and len(needs) else None,
        htf=htf, max_km=max_km, min_slack=min_slack)


class _Answers:
    """The counterparts found for request ``q`` of organisation ``me``: per organisation its best offer."""

    def __init__(self, ctx: _Ctx, requests: PartnerRequestArrays, q: int, max_km: float, per_request: int):
        o = ctx.orgs
        self.q, self.per_request = q, per_request
        self.me = int(requests.organisation[q])
        self.kind = PARTNER_REQUEST_KINDS[int(requests.kind[q])]
        self.seeks = int(requests.direction[q]) == _SEEKS
        self.km = haversine_km(o.lat[self.me], o.lon[self.me], o.lat, o.lon)  # the requester to every organisation
        self.dfac = np.exp(-self.km / max_km)
        self.best: dict[int, tuple[float, int, object]] = {}

    def offer(self, org: int, score: float, counter: int, why) -> None:
        """``why``: the reason, or a function writing it (only called for the counterparts shown)."""
        if org == self.me:
            return
        if org not in self.best or score > self.best[org][0]:
            self.best[org] = (float(np.clip(score, 0, 1)), counter, why)

    def offer_best(self, orgs, scores, why_of: Callable[[int], dict]) -> None:
        """Offer the data's candidates: per organisation its best item (the first on ties), and of those only
        the ``per_request`` best (no other can be among the counterparts shown)."""
        orgs, scores = np.asarray(orgs, np.int64), np.asarray(scores, float)
        mine = orgs != self.me
        items = np.flatnonzero(mine)
        if not len(items):
            return
        order = items[np.lexsort((items, -scores[items], orgs[items]))]
        first = order[np.r_[True, orgs[order][1:] != orgs[order][:-1]]]
        top = first[np.lexsort((orgs[first], -scores[first]))][:self.per_request]
        for i in top.tolist():
            self.offer(int(orgs[i]), float(scores[i]), -1, lambda i=i: why_of(i))

    def ranked(self) -> list[tuple[int, tuple[float, int, object]]]:
        return sorted(self.best.items(), key=lambda kv: (-kv[1][0], kv[0]))[:self.per_request]


def _counter_requests(ctx: _Ctx, d: _Demand, r: PartnerRequestArrays, a: _Answers, w: RequestWeights) -> None:
    """Complementary requests: same kind, opposite direction, another organisation. Compatibility is the share of
    the seeker's months the offer covers (staff sharing), the same lever (knowledge exchange) or a viable
    transition between the requested occupations (others)."""
    q, t = a.q, d.t
    for q2 in np.flatnonzero((r.kind == r.kind[q]) & (r.direction != r.direction[q]) & (r.organisation != a.me)):
        other = int(r.organisation[q2])
        if a.kind == "staff_sharing":
            mine = d.req_months[q]
            compat = float((mine & d.req_months[q2]).sum() / max(mine.sum(), 1))
            why_c = lambda mine=mine, q2=q2: {"months": month_mask(mine & d.req_months[q2])}  # noqa: E731
        elif a.kind == "knowledge_exchange":
            l1, l2 = int(r.lever[q]), int(r.lever[q2])
            compat = 1.0 if l1 == l2 else (w.unknown_compatibility if min(l1, l2) < 0 else 0.0)
            why_c = {"lever": LEVERS[max(l1, l2)]} if max(l1, l2) >= 0 else {}
        else:
            a1, a2 = int(r.occupation[q]), int(r.occupation[q2])
            if a1 < 0 or a2 < 0:
                compat, why_c = w.unknown_compatibility, {}
            elif t is None:
                compat, why_c = float(a1 == a2), {}
            else:
                frm, to = (a2, a1) if a.seeks else (a1, a2)
                compat = float(t[frm, to]) if t[frm, to] >= d.viable_threshold else 0.0
                why_c = lambda frm=frm, to=to: {"source": ctx.occ(frm), "target": ctx.occ(to)}  # noqa: E731
        if compat <= 0:
            continue
        direction = "offers" if a.seeks else "seeks"
        score = w.counter_base + (1 - w.counter_base) * (w.compatibility * compat + (1 - w.compatibility)
                                                         * a.dfac[other])
        a.offer(other, score, int(q2),
                lambda other=other, direction=direction, why_c=why_c:
                fact("answer.counter_request", org=ctx.name(other, a.km[other]), direction=direction,
                     kind=a.kind, **(why_c() if callable(why_c) else why_c)))


def _staff_sharing(ctx: _Ctx, d: _Demand, r: PartnerRequestArrays, a: _Answers, w: RequestWeights) -> None:
    """Sought in months M: employers within reach with slack in M (average ``1 - demand[m] / peak`` over M at least
    ``min_slack``: their people are free then); offered in M: employers with demand in M."""
    if ctx.needs is None:
        return
    mm, km, rel = d.req_months[a.q], a.km, d.rel
    if a.seeks:
        fit = (1.0 - rel[:, mm]).mean(axis=1)
        cand = np.flatnonzero(d.employers & (fit >= d.min_slack) & (km <= d.max_km))

        def why(i):
            e = int(cand[i])
            return fact("answer.staff_free", org=ctx.name(e, km[e]), months=month_mask(mm),
                        peak=month_mask(rel[e] >= w.busy_share))
    else:
        fit = rel[:, mm].mean(axis=1)
        cand = np.flatnonzero(d.employers & (fit > 0) & (km <= d.max_km))

        def why(i):
            e = int(cand[i])
            return fact("answer.staff_needed", org=ctx.name(e, km[e]), months=month_mask(mm & (rel[e] > 0)))
    a.offer_best(cand, w.fit * fit[cand] + (1 - w.fit) * a.dfac[cand], why)


def _knowledge_exchange(ctx: _Ctx, d: _Demand, r: PartnerRequestArrays, a: _Answers, w: RequestWeights) -> None:
    """Sought on lever l: organisations strong on l (and stronger than the requester); offered: organisations
    asking for l (and weaker on it). Without a lever: every lever the requester asks for, or is strong on."""
    o, me, strength, km = ctx.orgs, a.me, d.strength, a.km
    lever = int(r.lever[a.q])
    levers = [lever] if lever >= 0 else (list(np.flatnonzero(d.asks[me])) if a.seeks else
                                         list(np.flatnonzero(strength[me] >= w.strong_lever)))
    for lv in levers:
        words = LEVERS[lv]
        if a.seeks:
            cand = np.flatnonzero((strength[:, lv] >= w.strong_lever) & (strength[:, lv] > strength[me, lv]))

            def why(i, cand=cand, lv=lv, words=words):
                p = int(cand[i])
                return fact("answer.strong", org=ctx.name(p, km[p]), lever=words, strength=int(strength[p, lv]),
                            pioneer=bool(o.pioneer[p]))
            a.offer_best(cand, w.fit * strength[cand, lv] / w.max_strength + (1 - w.fit) * a.dfac[cand], why)
        else:
            cand = np.flatnonzero(d.asks[:, lv] & (strength[:, lv] < strength[me, lv]))

            def why(i, cand=cand, words=words):
                p = int(cand[i])
                return fact("answer.asks_help", org=ctx.name(p, km[p]), lever=words)
            a.offer_best(cand, w.fit + (1 - w.fit) * a.dfac[cand], why)


def _talent_pipeline(ctx: _Ctx, d: _Demand, r: PartnerRequestArrays, a: _Answers, w: RequestWeights) -> None:
    """Sought: employers whose starter occupations lead viably to the requester's occupation(s); offered:
    employers whose hard-to-fill occupations the requester's starters can grow into."""
    t, needs, occ, km = d.t, ctx.needs, d.occ, a.km
    if t is None or needs is None or not len(needs):
        return
    mine = occ[(ctx.need_org == a.me) & (occ >= 0)]
    target = np.array([int(r.occupation[a.q])] if r.occupation[a.q] >= 0 else sorted(set(mine.tolist())), int)
    if not len(target):
        return
    if a.seeks:
        ns = np.flatnonzero(d.starters & (ctx.need_org != a.me))
        moves = t[np.ix_(occ[ns], target)]  # starter occupation -> each target (first best on ties)
        val, b = moves.max(axis=1), target[moves.argmax(axis=1)]
        e = ctx.need_org[ns]
        ok = (val >= d.viable_threshold) & (km[e] <= d.max_km)
        ns, val, b, e = ns[ok], val[ok], b[ok], e[ok]

        def why(i):
            return fact("answer.starters", org=ctx.name(int(e[i]), km[e[i]]), starter=ctx.occ(int(occ[ns[i]])),
                        target=ctx.occ(int(b[i])), similarity=round(float(val[i]), 4))
        a.offer_best(e, w.fit * val + (1 - w.fit) * a.dfac[e], why)
    else:
        ns = np.flatnonzero((occ >= 0) & (ctx.need_org != a.me))
        val = t[np.ix_(target, occ[ns])].max(axis=0)
        b, e = occ[ns], ctx.need_org[ns]
        ok = (val >= d.viable_threshold) & (d.htf[b] > 0) & (km[e] <= d.max_km)
        val, b, e = val[ok], b[ok], e[ok]

        def why(i):
            return fact("answer.hard_to_fill", org=ctx.name(int(e[i]), km[e[i]]), target=ctx.occ(int(b[i])),
                        similarity=round(float(val[i]), 4))
        fit = w.pipeline_transition * val + (1 - w.pipeline_transition) * np.minimum(d.htf[b], 1)
        a.offer_best(e, w.fit * fit + (1 - w.fit) * a.dfac[e], why)


def _school_places(ctx: _Ctx, d: _Demand, r: PartnerRequestArrays, a: _Answers, w: RequestWeights) -> None:
    """Internship places and co-creation: schools whose programmes cover the requesting employer's needs (or, for
    a school, employers whose needs its programmes cover)."""
    if d.cov is None:
        return
    o, needs, km, me = ctx.orgs, ctx.needs, a.km, a.me
    if o.kind[me] == _SCHOOL:
        my_progs = ctx.prog_org == me
        ns = np.flatnonzero(ctx.need_org != me)
        if a.kind == "internship_places":
            ns = ns[np.isin(needs.kind[ns], _PLACEMENT_KINDS)]
        c = d.cov[np.ix_(ns, np.flatnonzero(my_progs))].max(axis=1, initial=0)
        ns, c = ns[c > 0], c[c > 0]
        e = ctx.need_org[ns]

        def why(i):
            return fact("answer.need_taught", org=ctx.name(int(e[i]), km[e[i]]), coverage=round(float(c[i]), 4),
                        **ctx.need(int(ns[i])))
        a.offer_best(e, w.fit * c + (1 - w.fit) * a.dfac[e], why)
    else:
        my_needs = ctx.need_org == me
        if a.kind == "internship_places":
            my_needs &= np.isin(needs.kind, _PLACEMENT_KINDS) | (r.direction[a.q] == _SEEKS)
        c = d.cov[np.flatnonzero(my_needs)].max(axis=0, initial=0)
        ps = np.flatnonzero((c > 0) & (o.kind[ctx.prog_org] == _SCHOOL))
        c, sch = c[ps], ctx.prog_org[ps]

        def why(i):
            return fact("answer.programme", org=ctx.name(int(sch[i]), km[sch[i]]), programme=ctx.prog(int(ps[i])),
                        coverage=round(float(c[i]), 4))
        a.offer_best(sch, w.fit * c + (1 - w.fit) * a.dfac[sch], why)


#: where the data finds counterparts, per request kind
FROM_THE_DATA = {"staff_sharing": _staff_sharing, "knowledge_exchange": _knowledge_exchange,
                 "talent_pipeline": _talent_pipeline, "internship_places": _school_places,
                 "co_creation": _school_places}


def _request_fact(ctx: _Ctx, r: PartnerRequestArrays, a: _Answers, d: _Demand) -> dict:
    """What the request asks, as the first fact of each answer."""
    q = a.q
    what = {"org": ctx.name(a.me), "direction": "seeks" if a.seeks else "offers", "kind": a.kind}
    if a.kind == "staff_sharing":
        what["months"] = month_mask(d.req_months[q])
    elif a.kind == "knowledge_exchange" and r.lever[q] >= 0:
        what["lever"] = LEVERS[int(r.lever[q])]
    elif r.occupation[q] >= 0:
        what["occupation"] = ctx.occ(int(r.occupation[q]))
    return fact("answer.request", **what)


def request_answers(
    organisations: OrganisationArrays,
    needs: NeedArrays,
    programmes: ProgrammeArrays | None,
    requests: PartnerRequestArrays,
    *,
    transitions=None,
    viable_threshold: float = 0.5,
    hard_to_fill=None,
    per_request: int = 5,
    max_km: float = 40.0,
    min_slack: float = 0.5,
    places: Sequence[str] | None = None,
    occupation_labels: Sequence[str] | None = None,
    programme_labels: Sequence[str] | None = None,
    weights: RequestWeights = RequestWeights(),
    _ctx: _Ctx | None = None,
) -> Iterator[PartnerMatch]:
    """The best ``per_request`` counterparts for every open partner request.

    Counterparts come from two sources, merged per counterpart organisation (best score kept):

    - *a complementary request*: same kind, opposite direction, another organisation; compatibility is
      the share of the seeker's months the offer covers (staff sharing), the same lever (knowledge
      exchange) or a viable transition between the requested occupations (others). ``score = 0.3 + 0.7
      (0.6 compatibility + 0.4 distance factor)``, so an explicit counter-request ranks high.
    - *the data*: staff sharing sought in months M → employers within ``max_km`` with slack in M (average
      ``1 - demand[m] / peak`` over M at least ``min_slack``, i.e. their people are free then), offered in M
      → employers with demand in M; knowledge exchange sought on lever l → organisations strong (≥2) on l,
      offered → organisations asking l; talent pipeline sought → employers whose starter occupations lead
      viably to the seeker's occupation(s), offered → employers whose hard-to-fill occupations the offerer's
      starters can grow into; internship places and co-creation → schools whose programmes cover the
      employer's needs (or, for a school, employers whose needs its programmes cover). ``score = 0.6 fit +
      0.4 distance factor``.

    The weights are those of :class:`~matchmaker.engine.partners.options.RequestWeights`. Yields
    :class:`PartnerMatch` of kind ``request_answer`` with ``organisation_a`` the requester, ``request`` its row
    and ``counter_request`` the matching request row (or -1), requests in row order and counterparts best first.

    Examples
    --------
    >>> import tests.engine.ecosystem_cases as cases
    >>> case = cases.request_case()
    >>> answers = list(request_answers(case.organisations, case.needs, None, case.requests, places=case.places))
    >>> [(a.request, a.organisation_b, a.counter_request) for a in answers if a.request == 0][:2]
    [(0, 2, 1), (0, 1, -1)]
    """
    ctx = _ctx or _Ctx(organisations, needs, programmes, places=places, occupation_labels=occupation_labels,
                       programme_labels=programme_labels)
    r = requests
    if len(r) == 0:
        return
    d = _demand(ctx, r, transitions, viable_threshold, hard_to_fill, max_km, min_slack)
    for q in range(len(r)):
        a = _Answers(ctx, r, q, max_km, per_request)
        _counter_requests(ctx, d, r, a, weights)
        if a.kind in FROM_THE_DATA:
            FROM_THE_DATA[a.kind](ctx, d, r, a, weights)
        for other, (score, counter, why) in a.ranked():
            yield PartnerMatch(
                kind="request_answer", score=round(score, 6), organisation_a=a.me, organisation_b=other,
                facts=(_request_fact(ctx, r, a, d), why() if callable(why) else why), distance_km=float(a.km[other]),
                months=int(r.months[q]), lever=int(r.lever[q]), request=q, counter_request=counter,
                occupations=(int(r.occupation[q]),) if r.occupation[q] >= 0 else (),
            )
