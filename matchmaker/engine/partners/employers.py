"""Employer pairs: staff shared across seasons (:func:`seasonal_sharing`) and starters who grow into another
employer's hard-to-fill work (:func:`talent_pipelines`)."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence

import numpy as np
from scipy import sparse

from .._ecosystem_common import best_per_organisation, fact, month_mask, months_matrix
from ..geo import pairs_within_km
from ..data import NeedArrays, OrganisationArrays
from ..errors import ArrayShapeError
from .common import (_EMPLOYER, PER_ORGANISATION, PartnerMatch, _best_moves, _check_transitions, _combinations, _Ctx,
                     _distance_factor, _first_max, _occupation_matrix, _peaks, _starter_mask)
from .options import PipelineWeights, SeasonalWeights


def seasonal_sharing(
    organisations: OrganisationArrays,
    needs: NeedArrays,
    *,
    transitions,
    viable_threshold: float,
    max_km: float = 40.0,
    peak_fraction: float = 0.75,
    max_overlap: float = 0.34,
    per_organisation: int | None = PER_ORGANISATION,
    places: Sequence[str] | None = None,
    occupation_labels: Sequence[str] | None = None,
    skill_labels: Sequence[str] | None = None,
    weights: SeasonalWeights = SeasonalWeights(),
    _ctx: _Ctx | None = None,
) -> Iterator[PartnerMatch]:
    """Employer pairs that can share staff across seasons.

    An employer's demand profile is the headcount of its needs per month. Two employers within ``max_km``
    are complementary when their peak months (months at ``peak_fraction`` of the employer's maximum or more)
    do not overlap and the overlap of their normalised profiles (histogram intersection, 0 = disjoint,
    1 = identical) is at most ``max_overlap``; a year-round profile peaks in every month and so never pairs.
    The occupations they need in their peak months must transfer: ``transitions >= viable_threshold`` in at
    least one direction between some pair of them. Only employers within reach are paired (a k-d tree finds
    them; peak overlap and the best transfer are computed for all candidate pairs at once); every employer
    keeps its ``per_organisation`` best partners (None keeps all, see :func:`best_per_organisation`); each
    pair is yielded once, ``organisation_a < organisation_b``, in descending score order.

    ``score = 0.5 (1 - overlap) + 0.3 best transition + 0.2 (1 - km / max_km)``, with the weights of
    :class:`~matchmaker.engine.partners.options.SeasonalWeights`.

    Examples
    --------
    >>> import tests.engine.ecosystem_cases as cases
    >>> case = cases.seasonal_case()
    >>> best = next(seasonal_sharing(case.organisations, case.needs, transitions=case.transitions,
    ...                              viable_threshold=0.5, places=case.places, skill_labels=case.skill_labels))
    >>> (best.organisation_a, best.organisation_b)
    (0, 1)
    >>> from matchmaker.explanations import render
    >>> print(render(best.facts, "en"))  # doctest: +NORMALIZE_WHITESPACE
    Jansen Fruit (Raalte) is busiest in April to September, Twente Logistics (Heino, 10 km) in October to March.
    Both need order picking and working in a team: the same people can work both seasons.
    """
    ctx = _ctx or _Ctx(organisations, needs, places=places, occupation_labels=occupation_labels,
                       skill_labels=skill_labels)
    t = _check_transitions(transitions, int(np.max(needs.occupation, initial=-1)) + 1)
    profile = ctx.profile
    employers = np.flatnonzero((organisations.kind == _EMPLOYER) & (profile.sum(axis=1) > 0))
    if len(employers) < 2:
        return
    peaks = _peaks(profile, peak_fraction)
    norm = profile / profile.sum(axis=1, keepdims=True).clip(min=1e-12)

    # needs active in their employer's peak months -> seasonal occupations and skills per employer
    mm = months_matrix(needs.months)
    in_peak = (mm & peaks[ctx.need_org]).any(axis=1)
    occ = np.asarray(needs.occupation)
    n_occ = t.shape[0]
    seasonal_occ = _occupation_matrix(ctx.need_org[in_peak], occ[in_peak], ctx.n_orgs, n_occ)
    seasonal_occ.data[:] = 1.0

    # candidate pairs: employers within reach (k-d tree) whose peaks do not meet and whose profiles barely overlap
    o = organisations
    a, b, pair_km = pairs_within_km(o.lat, o.lon, max_km, rows=employers)
    keep = ~(peaks[a] & peaks[b]).any(axis=1)
    a, b, pair_km = a[keep], b[keep], pair_km[keep]
    overlap = np.minimum(norm[a], norm[b]).sum(axis=1)
    keep = overlap <= max_overlap
    a, b, overlap, pair_km = a[keep], b[keep], overlap[keep], pair_km[keep]
    # the occupations they need in their peaks must transfer (best move in either direction)
    value, frm_all, to_all = _best_moves(t, seasonal_occ, a, seasonal_occ, b, both_directions=True)
    keep = value >= viable_threshold
    a, b, overlap, pair_km, value, frm_all, to_all = (v[keep] for v in (a, b, overlap, pair_km, value, frm_all, to_all))
    if len(a) == 0:
        return
    w = weights
    scores = np.round(np.clip(w.overlap * (1 - overlap) + w.transfer * np.minimum(value, 1.0)
                              + w.distance * _distance_factor(pair_km, max_km), 0, 1), 6)
    kept = np.flatnonzero(best_per_organisation(a, b, scores, per_organisation))
    kept = kept[np.lexsort((b[kept], a[kept], -scores[kept]))]

    skills = ctx.need_skills()[in_peak]
    org_skills = sparse.csr_matrix((np.ones(skills.nnz), skills.indices,
                                    skills.indptr), shape=skills.shape)
    org_skills = (sparse.csr_matrix((np.ones(int(in_peak.sum())), (ctx.need_org[in_peak], np.arange(int(in_peak.sum())))),
                                    shape=(ctx.n_orgs, int(in_peak.sum()))) @ org_skills).tocsr()
    peak_needs = defaultdict(list)
    for n in np.flatnonzero(in_peak).tolist():
        peak_needs[int(ctx.need_org[n])].append(n)
    for i in kept.tolist():
        x, y, d, frm, to = int(a[i]), int(b[i]), float(pair_km[i]), int(frm_all[i]), int(to_all[i])
        shared = org_skills[x].multiply(org_skills[y]).tocsr()
        order = np.argsort(-shared.data, kind="stable")
        shared_idx = shared.indices[order]
        facts = (fact("partner.seasonal", a=ctx.name(x), b=ctx.name(y, d), a_peak=month_mask(peaks[x]),
                      b_peak=month_mask(peaks[y]), skills=[ctx.skill(s) for s in shared_idx],
                      source=ctx.occ(frm), target=ctx.occ(to), similarity=round(float(value[i]), 4)),)
        yield PartnerMatch(
            kind="seasonal_sharing", score=float(scores[i]), organisation_a=x, organisation_b=y,
            facts=facts, distance_km=d, needs=tuple(sorted(peak_needs[x] + peak_needs[y])),
            occupations=tuple(sorted({frm, to})), skills=tuple(int(s) for s in shared_idx),
            months=int(sum(1 << m for m in range(12) if peaks[x, m] or peaks[y, m])),
        )




def talent_pipelines(
    organisations: OrganisationArrays,
    needs: NeedArrays,
    *,
    transitions,
    viable_threshold: float,
    hard_to_fill,
    starter=None,
    min_hard_to_fill: float = 0.0,
    max_km: float = 60.0,
    per_organisation: int | None = PER_ORGANISATION,
    places: Sequence[str] | None = None,
    occupation_labels: Sequence[str] | None = None,
    weights: PipelineWeights = PipelineWeights(),
    _ctx: _Ctx | None = None,
) -> Iterator[PartnerMatch]:
    """Employer X trains starters who can grow into employer Y's hard-to-fill jobs.

    Starter needs are internships, apprenticeships and needs that train on the job (or pass ``starter``,
    one flag per need). Y's hard-to-fill occupations are those of its needs with
    ``hard_to_fill[occupation] > min_hard_to_fill``. A directed pair (X, Y), X ≠ Y, within ``max_km`` is a
    pipeline when ``transitions[starter occupation, hard occupation] >= viable_threshold`` (the move is
    directional). ``score = 0.45 transition + 0.35 hard_to_fill + 0.2 (1 - km / max_km)`` (the weights of
    :class:`~matchmaker.engine.partners.options.PipelineWeights`); yielded in
    descending score order with ``organisation_a = X``, ``organisation_b = Y``. Only pairs within reach are
    considered (a k-d tree finds them) and every organisation keeps its ``per_organisation`` best pipelines
    (as trainer or as employer; None keeps all, see :func:`best_per_organisation`).

    Examples
    --------
    >>> import tests.engine.ecosystem_cases as cases
    >>> case = cases.pipeline_case()
    >>> m = next(talent_pipelines(case.organisations, case.needs, transitions=case.transitions,
    ...                           viable_threshold=0.5, hard_to_fill=case.hard_to_fill,
    ...                           places=case.places, occupation_labels=case.occupation_labels))
    >>> (m.organisation_a, m.organisation_b)
    (0, 1)
    >>> from matchmaker.explanations import render
    >>> print(render(m.facts, "en"))  # doctest: +NORMALIZE_WHITESPACE
    Hotel De Zon (Zwolle) hires starters as hotel porter. Zorggroep Vecht (Dalfsen, 12 km) finds too few people
    for work as care assistant (hard to fill: 0.80). From hotel porter to care assistant is a move that can work
    (similarity 0.60): people who start at Hotel De Zon can grow into work at Zorggroep Vecht.
    """
    ctx = _ctx or _Ctx(organisations, needs, places=places, occupation_labels=occupation_labels)
    t = _check_transitions(transitions, int(np.max(needs.occupation, initial=-1)) + 1)
    htf = np.asarray(hard_to_fill, float).reshape(-1)
    if htf.shape[0] != t.shape[0]:
        raise ArrayShapeError(f"hard_to_fill has {htf.shape[0]} occupations, transitions {t.shape[0]}")
    occ = np.asarray(needs.occupation)
    is_emp = organisations.kind[ctx.need_org] == _EMPLOYER
    start = _starter_mask(needs, starter) & is_emp & (occ >= 0)
    hard = is_emp & (occ >= 0)
    hard[hard] = htf[occ[hard]] > min_hard_to_fill
    if not start.any() or not hard.any():
        return
    n_occ = t.shape[0]
    s_occ = _occupation_matrix(ctx.need_org[start], occ[start], ctx.n_orgs, n_occ)
    h_occ = _occupation_matrix(ctx.need_org[hard], occ[hard], ctx.n_orgs, n_occ)
    n_start, n_hard = np.diff(s_occ.indptr), np.diff(h_occ.indptr)
    o = organisations
    # candidate pairs: employers within reach (k-d tree), both directions, X with starters and Y with hard jobs
    ea, eb, ekm = pairs_within_km(o.lat, o.lon, max_km, rows=np.flatnonzero((n_start > 0) | (n_hard > 0)))
    xs, ys, km = np.r_[ea, eb], np.r_[eb, ea], np.r_[ekm, ekm]
    keep = (n_start[xs] > 0) & (n_hard[ys] > 0)
    xs, ys, km = xs[keep], ys[keep], km[keep]
    # the best move per pair, over every (starter occupation, hard occupation) combination
    hardness_of, w = np.clip(htf, 0, 1), weights
    best_val, best_frm, best_to = np.full(len(xs), -1.0), np.zeros(len(xs), np.int64), np.zeros(len(xs), np.int64)
    for lo, hi, pair, frm, to, starts in _combinations(s_occ, xs, h_occ, ys):
        tv = t[frm, to]
        choice = w.choice_transition * tv + (1 - w.choice_transition) * hardness_of[to]
        top, idx = _first_max(np.where(tv >= viable_threshold, choice, -1.0), pair, starts)
        best_val[lo:hi], best_frm[lo:hi], best_to[lo:hi] = top, frm[idx], to[idx]
    keep = best_val >= 0
    xs, ys, km, frm_all, to_all = xs[keep], ys[keep], km[keep], best_frm[keep], best_to[keep]
    if len(xs) == 0:
        return
    value_all, hard_all = np.minimum(t[frm_all, to_all], 1), hardness_of[to_all]
    scores = np.round(np.clip(w.transition * value_all + w.hard_to_fill * hard_all
                              + w.distance * _distance_factor(km, max_km), 0, 1), 6)
    kept = np.flatnonzero(best_per_organisation(xs, ys, scores, per_organisation))
    kept = kept[np.lexsort((ys[kept], xs[kept], -scores[kept]))]
    start_needs, hard_needs = defaultdict(list), defaultdict(list)
    for n in np.flatnonzero(start).tolist():
        start_needs[(int(ctx.need_org[n]), int(occ[n]))].append(n)
    for n in np.flatnonzero(hard).tolist():
        hard_needs[(int(ctx.need_org[n]), int(occ[n]))].append(n)
    for i in kept.tolist():
        x, y, d, frm, to = int(xs[i]), int(ys[i]), float(km[i]), int(frm_all[i]), int(to_all[i])
        value, hardness = float(t[frm, to]), float(hard_all[i])
        facts = (fact("partner.pipeline", a=ctx.name(x), b=ctx.name(y, d), a_name=str(organisations.names[x]),
                      b_name=str(organisations.names[y]), starter=ctx.occ(frm), target=ctx.occ(to),
                      hardness=round(hardness, 4), similarity=round(value, 4)),)
        need_idx = sorted(set(start_needs[(x, frm)]) | set(hard_needs[(y, to)]))
        yield PartnerMatch(kind="talent_pipeline", score=float(scores[i]), organisation_a=x, organisation_b=y,
                           facts=facts, distance_km=d, needs=tuple(need_idx), occupations=(frm, to))


