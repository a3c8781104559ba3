"""Employers and schools: programmes that teach what an employer's needs require (:func:`employer_school`) and
programmes to create where none in reach teaches what is asked (:func:`co_creation_proposals`)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from matchmaker.vocabulary import PROGRAMME_MODES
from .._ecosystem_common import best_per_organisation, fact
from ..geo import pairwise_km
from ..data import NeedArrays, OrganisationArrays, ProgrammeArrays, as_csr
from .common import (_EMPLOYER, _PLACEMENT_KINDS, _SCHOOL, _WORK_BASED, PER_ORGANISATION, CoCreationProposal,
                     PartnerMatch, _coverage, _Ctx)
from .options import CoCreationWeights, SchoolWeights


def employer_school(
    organisations: OrganisationArrays,
    needs: NeedArrays,
    programmes: ProgrammeArrays,
    *,
    max_km: float = 40.0,
    min_coverage: float = 0.5,
    per_organisation: int | None = PER_ORGANISATION,
    places: Sequence[str] | None = None,
    occupation_labels: Sequence[str] | None = None,
    skill_labels: Sequence[str] | None = None,
    programme_labels: Sequence[str] | None = None,
    weights: SchoolWeights = SchoolWeights(),
    _ctx: _Ctx | None = None,
) -> Iterator[PartnerMatch]:
    """Employer–school pairs: programmes within ``max_km`` of a need that teach what the need requires.

    Coverage of a need by a programme is the share of the need's skills the programme teaches (essential
    skills weigh 1, optional 0.5); it counts when at least ``min_coverage``. A pair's fit is
    ``(0.8 coverage + 0.2 [programme leads to the need's occupation]) x (1 if the need is an internship or
    apprenticeship else 0.8) x (1 if the programme is work-based else 0.85) x (1 - 0.2 km / max_km)`` (the weights of
    :class:`~matchmaker.engine.partners.options.SchoolWeights`); one
    match per (employer, school) with the best fit as score, listing the need–programme pairs behind it
    (best first, at most three in the explanation). ``organisation_a`` is the employer. Every organisation
    keeps its ``per_organisation`` best (None keeps all, see :func:`best_per_organisation`).

    Examples
    --------
    >>> import tests.engine.ecosystem_cases as cases
    >>> case = cases.school_case()
    >>> m = next(employer_school(case.organisations, case.needs, case.programmes, places=case.places,
    ...                          occupation_labels=case.occupation_labels, skill_labels=case.skill_labels,
    ...                          programme_labels=case.programme_labels))
    >>> (m.organisation_a, m.organisation_b, m.programmes)
    (0, 1, (0,))
    """
    ctx = _ctx or _Ctx(organisations, needs, programmes, places=places, occupation_labels=occupation_labels,
                       skill_labels=skill_labels, programme_labels=programme_labels)
    if len(needs) == 0 or len(programmes) == 0:
        return
    cov, km, taught = _coverage(ctx)
    is_emp = organisations.kind[ctx.need_org] == _EMPLOYER
    occ = np.asarray(needs.occupation)
    leads = np.zeros_like(cov)
    po = as_csr(programmes.occupations, dtype=float)
    has = occ >= 0
    if po.shape[1] and has.any():
        leads[has] = (po[:, occ[has]].T.toarray() > 0)
    w = weights
    kind_w = np.where(np.isin(needs.kind, _PLACEMENT_KINDS), 1.0, w.other_need_kind)
    mode_w = np.where(np.asarray(programmes.mode) == _WORK_BASED, 1.0, w.other_mode)
    fit = ((w.coverage * cov + w.leads * leads) * kind_w[:, None] * mode_w[None, :]
           * (1 - w.distance * np.clip(km / max_km, 0, 1)))
    ok = (cov >= min_coverage) & (km <= max_km) & is_emp[:, None] & (organisations.kind[ctx.prog_org] == _SCHOOL)[None, :]
    ns, ps = np.nonzero(ok)
    if len(ns) == 0:
        return
    fits = fit[ns, ps]
    es, ss = ctx.need_org[ns].astype(np.int64), ctx.prog_org[ps].astype(np.int64)
    # one group per (employer, school), its need-programme pairs best first
    order = np.lexsort((ps, ns, -fits, ss, es))
    es, ss, ns, ps, fits = es[order], ss[order], ns[order], ps[order], fits[order]
    starts = np.r_[0, np.flatnonzero((np.diff(es) != 0) | (np.diff(ss) != 0)) + 1]
    ends = np.r_[starts[1:], len(es)]
    scores = np.round(np.clip(fits[starts], 0, 1), 6)
    kept = np.flatnonzero(best_per_organisation(es[starts], ss[starts], scores, per_organisation))
    kept = kept[np.lexsort((ss[starts][kept], es[starts][kept], -scores[kept]))]
    w = ctx.need_skills()
    for g in kept.tolist():
        lo, hi = int(starts[g]), int(ends[g])
        e, s_, n0, p0 = int(es[lo]), int(ss[lo]), int(ns[lo]), int(ps[lo])
        need_sk = w.indices[w.indptr[n0]:w.indptr[n0 + 1]]
        taught_sk = set(taught.indices[taught.indptr[p0]:taught.indptr[p0 + 1]].tolist())
        hit = [int(k) for k in need_sk if k in taught_sk]
        pairs = [{"mode": PROGRAMME_MODES[int(programmes.mode[p])], "programme": ctx.prog(p),
                  "coverage": round(float(cov[n, p]), 4), **ctx.need(n)}
                 for n, p in zip(ns[lo:min(hi, lo + 3)].tolist(), ps[lo:min(hi, lo + 3)].tolist())]
        facts = (fact("partner.school", school=ctx.name(s_, float(km[n0, p0])), employer=ctx.name(e), pairs=pairs,
                      skills=[ctx.skill(k) for k in hit],
                      placements=bool(np.isin(needs.kind[n0], _PLACEMENT_KINDS) or programmes.mode[p0] == _WORK_BASED)),)
        group_needs = ns[lo:hi]
        yield PartnerMatch(
            kind="employer_school", score=float(scores[g]), organisation_a=e, organisation_b=s_,
            facts=facts, distance_km=float(km[n0, p0]),
            needs=tuple(sorted(set(group_needs.tolist()))), programmes=tuple(sorted(set(ps[lo:hi].tolist()))),
            occupations=tuple(sorted({int(occ[n]) for n in group_needs.tolist() if occ[n] >= 0})), skills=tuple(hit),
        )


def co_creation_proposals(
    organisations: OrganisationArrays,
    needs: NeedArrays,
    programmes: ProgrammeArrays,
    *,
    max_km: float = 40.0,
    n_schools: int = 3,
    related=None,
    skill_group=None,
    places: Sequence[str] | None = None,
    skill_labels: Sequence[str] | None = None,
    weights: CoCreationWeights = CoCreationWeights(),
    _ctx: _Ctx | None = None,
) -> Iterator[CoCreationProposal]:
    """Clusters of required skills that no programme within ``max_km`` of the asking need teaches.

    For every employer need, its essential skills (or its optional ones when it lists none) that no
    programme within ``max_km`` teaches are *uncovered*. Uncovered skills asked together by the same needs
    form one cluster (connected components of the skill co-occurrence graph). For each cluster the proposal
    names the skills, the employers asking (most places first) and the ``n_schools`` schools nearest to
    teaching them: highest partial coverage first (a skill taught counts 1; a skill in the same
    ``skill_group`` or ``related`` to a taught one counts 0.5), then the shortest distance to the employers.
    ``score = 0.7 h / (h + 4) + 0.3 min(1, employers / 3)`` (:class:`~matchmaker.engine.partners.options.CoCreationWeights`) for ``h`` places asking: more demand, more worth
    co-creating. Yielded in descending score order.

    Examples
    --------
    >>> import tests.engine.ecosystem_cases as cases
    >>> case = cases.school_case()
    >>> p = next(co_creation_proposals(case.organisations, case.needs, case.programmes,
    ...                                places=case.places, skill_labels=case.skill_labels))
    >>> [case.skill_labels[s] for s in p.skills]
    ['drone piloting', 'crop sensor data']
    """
    ctx = _ctx or _Ctx(organisations, needs, programmes, places=places, skill_labels=skill_labels)
    if len(needs) == 0:
        return
    ess = as_csr(needs.essential, dtype=float) > 0
    opt = as_csr(needs.optional, ess.shape, name="needs.optional", dtype=float) > 0
    n_ess = np.asarray(ess.sum(axis=1)).ravel()
    has_ess = (n_ess > 0).astype(float)  # essential skills, or the optional ones when a need lists none
    req = (sparse.diags(has_ess) @ ess.astype(float) + sparse.diags(1.0 - has_ess) @ opt.astype(float)).tocsr()
    is_emp = organisations.kind[ctx.need_org] == _EMPLOYER
    req = sparse.diags(is_emp.astype(float)) @ req
    n_skills = req.shape[1]
    if len(programmes):
        taught = (as_csr(programmes.skills, (len(programmes), n_skills), name="programmes.skills", dtype=float) > 0).astype(float)
        # needs at the same place share their programmes in reach: one row per place, then look up each
        # required (need, skill) entry in its place's row
        places, place_of = np.unique(np.column_stack((np.asarray(needs.lat, float), np.asarray(needs.lon, float))),
                                     axis=0, return_inverse=True)
        place_of = np.asarray(place_of).ravel()
        km = pairwise_km(places[:, 0], places[:, 1], programmes.lat, programmes.lon)
        covered = (sparse.csr_matrix(km <= max_km, dtype=float) @ taught).tocsr()
        covered.eliminate_zeros()
        covered.sort_indices()
        entries = req.tocoo()
        # (place, skill) keys of the covered matrix are sorted in CSR order: find each entry by binary search
        n_cols = np.int64(covered.shape[1])
        keys = np.repeat(np.arange(covered.shape[0], dtype=np.int64), np.diff(covered.indptr)) * n_cols + covered.indices
        wanted = place_of[entries.row].astype(np.int64) * n_cols + entries.col
        at = np.searchsorted(keys, wanted).clip(max=max(len(keys) - 1, 0))
        taught_there = (keys[at] == wanted) if len(keys) else np.zeros(len(wanted), bool)
        uncovered = sparse.csr_matrix((entries.data * ~taught_there, (entries.row, entries.col)), shape=req.shape)
    else:
        taught = sparse.csr_matrix((0, n_skills))
        uncovered = req.tocsr()
    uncovered.eliminate_zeros()
    if uncovered.nnz == 0:
        return
    co = (uncovered.T @ uncovered).tocsr()
    asked = np.asarray(uncovered.sum(axis=0)).ravel() > 0
    _, comp = connected_components(co, directed=False)
    # partial credit matrix skills x skills: 1 on the diagonal, near_credit for same group / related
    w = weights
    near = sparse.identity(n_skills, format="csr")
    if skill_group is not None:
        g = np.asarray(skill_group)
        valid = g >= 0
        gm = sparse.csr_matrix((np.ones(int(valid.sum())), (np.flatnonzero(valid), g[valid])),
                               shape=(n_skills, int(g.max(initial=-1)) + 1))
        near = near.maximum((gm @ gm.T) * w.near_credit)
    if related is not None:
        near = near.maximum((as_csr(related, (n_skills, n_skills), name="related", dtype=float) > 0) * w.near_credit)
    near = near.tocsr()
    schools = np.flatnonzero(organisations.kind == _SCHOOL)
    school_prog = None
    if len(programmes) and len(schools):
        school_rows = np.searchsorted(schools, ctx.prog_org)
        valid = np.isin(ctx.prog_org, schools)
        school_prog = sparse.csr_matrix((np.ones(int(valid.sum())), (school_rows[valid], np.flatnonzero(valid))),
                                        shape=(len(schools), len(programmes)))
        school_taught = ((school_prog @ taught) > 0).astype(float) @ near  # schools x skills credit (>=0.5 or 1)
        school_taught = school_taught.tocsr()
    headcount = np.asarray(needs.headcount, float)
    out = []
    for c in np.unique(comp[asked]):
        sk = np.flatnonzero((comp == c) & asked)
        need_idx = np.flatnonzero(np.asarray(uncovered[:, sk].sum(axis=1)).ravel() > 0)
        emp_hc: dict[int, float] = defaultdict(float)
        for n in need_idx:
            emp_hc[int(ctx.need_org[n])] += headcount[n]
        employers = sorted(emp_hc, key=lambda e: (-emp_hc[e], e))
        h = float(headcount[need_idx].sum())
        chosen, chosen_cov, chosen_km = [], [], []
        if school_prog is not None:
            credit = school_taught[:, sk].toarray().clip(max=1.0).mean(axis=1)
            o = organisations
            dist = pairwise_km(o.lat[schools], o.lon[schools], o.lat[employers], o.lon[employers]).min(axis=1)
            order = np.lexsort((schools, dist, -np.round(credit, 9)))[:n_schools]
            chosen = [int(schools[i]) for i in order]
            chosen_cov = [float(credit[i]) for i in order]
            chosen_km = [float(dist[i]) for i in order]
        score = w.places * h / (h + w.half_places) + w.employers * min(1.0, len(employers) / w.full_employers)
        # a school "teaching" all of it (coverage 1) does so farther than max_km from the work
        facts = (fact("partner.co_creation", km=round(max_km), skills=[ctx.skill(s) for s in sk],
                      employers=[ctx.name(e) for e in employers], places=int(round(h)),
                      schools=[{"name": ctx.name(s, k), "coverage": round(cv, 4)}
                               for s, cv, k in zip(chosen, chosen_cov, chosen_km)]),)
        out.append(CoCreationProposal(
            kind="co_creation", score=round(float(score), 6), organisation_a=employers[0],
            organisation_b=chosen[0] if chosen else -1, facts=facts, skills=tuple(int(s) for s in sk),
            employers=tuple(employers), needs=tuple(need_idx.tolist()), headcount=int(round(h)),
            schools=tuple(chosen), school_coverage=tuple(round(v, 6) for v in chosen_cov),
        ))
    out.sort(key=lambda p: (-p.score, p.skills))
    yield from out


