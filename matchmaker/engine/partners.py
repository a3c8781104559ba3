"""Partner matches between organisations: who should work with whom, and why.

Five kinds, one function each, plus :func:`partner_matches` that yields them all:

- ``seasonal_sharing`` — two employers within reach whose monthly demand peaks do not overlap, for
  occupations that transfer (the same people can work both seasons): :func:`seasonal_sharing`.
- ``talent_pipeline`` — one employer's starter occupations lead by viable transitions to another
  employer's hard-to-fill occupations: :func:`talent_pipelines`.
- ``employer_school`` — programmes that teach what an employer's needs require (internship and
  apprenticeship places and work-based programmes weigh more): :func:`employer_school`.
- ``co_creation`` — required skills that no programme in reach teaches, with the employers asking and the
  schools nearest to teaching them: :func:`co_creation_proposals`.
- ``knowledge_exchange`` — a pioneer strong on a social-innovation lever paired with an organisation that
  asks for it: :func:`knowledge_exchange`.
- ``request_answer`` — the best counterparts for every open partner request: :func:`request_answers`.

Everything is a pure function of the contract arrays (:mod:`matchmaker.engine.data`). The occupation
transition matrix ``transitions`` (occupations x occupations, ``transitions[a, b]`` = how well a person in
``a`` can move to ``b``, diagonal 1) and its ``viable_threshold`` come from the transitions half of the
engine; ``hard_to_fill`` (one score in [0, 1] per occupation, 0 = not hard to fill) can come from
:func:`matchmaker.engine.insights.hard_to_fill`. Organisation indices are rows of the
:class:`~matchmaker.engine.data.OrganisationArrays`; needs and programmes refer to organisations by
database id (``organisation_ids``) and are mapped to rows here.

Optional label keywords (``places``, ``occupation_labels``, ``skill_labels``, ``programme_labels``) only
make explanations nicer: ``places[o]`` is organisation ``o``'s town, used as "Jansen Fruit (Raalte)".
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse
from scipy.sparse.csgraph import connected_components

from matchmaker.vocabulary import LEVERS, NEED_KINDS, ORGANISATION_KINDS, PARTNER_REQUEST_KINDS, PROGRAMME_MODES, SECTORS
from matchmaker.engine._ecosystem_common import as_csr, fact, label, month_mask, months_matrix, org_rows, pairwise_km
from matchmaker.engine._ecosystem_common import best_per_organisation, pairs_within_km
from matchmaker.engine.data import NeedArrays, OrganisationArrays, PartnerRequestArrays, ProgrammeArrays
from matchmaker.engine.geo import haversine_km
from matchmaker.engine.ecosystem_errors import ArrayShapeError, UnknownKindError

__all__ = [
    "PARTNER_MATCH_KINDS",
    "PartnerMatch",
    "CoCreationProposal",
    "partner_matches",
    "seasonal_sharing",
    "demand_profiles",
    "talent_pipelines",
    "employer_school",
    "co_creation_proposals",
    "knowledge_exchange",
    "request_answers",
]

PARTNER_MATCH_KINDS = (
    "seasonal_sharing",
    "talent_pipeline",
    "employer_school",
    "co_creation",
    "knowledge_exchange",
    "request_answer",
)

#: how many matches of one kind every organisation keeps by default (its best; a match stays when it is among
#: the best of either party): a region of 180 organisations otherwise gets ~1,700 pipelines, too many to broker
PER_ORGANISATION = 5

_EMPLOYER = ORGANISATION_KINDS.index("employer")
_SCHOOL = ORGANISATION_KINDS.index("school")
_PLACEMENT_KINDS = (NEED_KINDS.index("internship"), NEED_KINDS.index("apprenticeship"))
_WORK_BASED = PROGRAMME_MODES.index("work_based")


@dataclass(frozen=True)
class PartnerMatch:
    """One proposed partnership between organisation rows ``organisation_a`` and ``organisation_b``.

    ``kind`` is one of :data:`PARTNER_MATCH_KINDS`; ``score`` is in [0, 1] (higher = more worth brokering);
    ``facts`` say why, for a coordinator to read (:func:`matchmaker.explanations.render`). Directed kinds read "a → b": in a talent
    pipeline ``a`` trains the starters ``b`` needs; in an employer–school match ``a`` is the employer; in a
    request answer ``a`` made the request. The remaining fields are the evidence, as indices: ``needs``,
    ``programmes``, ``occupations`` (SkillSpace rows), ``skills``, ``months`` (12-bit mask), ``lever``
    (index into ``vocabulary.LEVERS`` or -1), ``request`` / ``counter_request`` (partner-request rows or -1).
    """

    kind: str
    score: float
    organisation_a: int
    organisation_b: int
    facts: tuple[dict, ...]
    distance_km: float = float("nan")
    needs: tuple[int, ...] = ()
    programmes: tuple[int, ...] = ()
    occupations: tuple[int, ...] = ()
    skills: tuple[int, ...] = ()
    months: int = 0
    lever: int = -1
    request: int = -1
    counter_request: int = -1


@dataclass(frozen=True)
class CoCreationProposal:
    """Regional demand no programme in reach covers: a programme to co-create.

    ``skills`` are the uncovered skill indices, ``employers`` the organisation rows asking (most places
    first), ``needs`` the need rows, ``headcount`` the places involved, ``schools`` the school rows nearest to
    teaching the skills (highest partial coverage first, then nearest) with ``school_coverage`` their share
    of the skills already taught. ``organisation_a`` / ``organisation_b`` are the first employer and the first
    school (-1 if there is no school), so a proposal can be listed with the other partner matches.
    """

    kind: str
    score: float
    organisation_a: int
    organisation_b: int
    facts: tuple[dict, ...]
    skills: tuple[int, ...]
    employers: tuple[int, ...]
    needs: tuple[int, ...]
    headcount: int
    schools: tuple[int, ...]
    school_coverage: tuple[float, ...]


# --------------------------------------------------------------------------------------------- helpers


class _Ctx:
    """Derived arrays shared by the partner functions (built once per call of :func:`partner_matches`)."""

    def __init__(self, organisations, needs, programmes=None, *, places=None, occupation_labels=None,
                 skill_labels=None, programme_labels=None):
        self.orgs = organisations
        self.needs = needs
        self.programmes = programmes
        self.places = places
        self.occupation_labels = occupation_labels
        self.skill_labels = skill_labels
        self.programme_labels = programme_labels
        self.n_orgs = len(organisations)
        self.need_org = org_rows(organisations.ids, needs.organisation_ids) if needs is not None else None
        if programmes is not None:
            self.prog_org = org_rows(organisations.ids, programmes.organisation_ids)
        self._profile = None

    # labels ------------------------------------------------------------------------------------
    def name(self, o: int, km: float | None = None) -> str:
        bits = []
        if self.places is not None and self.places[o]:
            bits.append(str(self.places[o]))
        if km is not None and np.isfinite(km):
            bits.append(f"{km:.0f} km")
        base = self.orgs.names[o] if o < len(self.orgs.names) else f"organisation {o}"
        return f"{base} ({', '.join(bits)})" if bits else str(base)

    def occ(self, i: int) -> str:
        return label(self.occupation_labels, int(i), "occupation")

    def skill(self, s: int) -> str:
        return label(self.skill_labels, int(s), "skill")

    def prog(self, j: int) -> str:
        return label(self.programme_labels, int(j), "programme")

    def need(self, n: int) -> dict:
        """The need as fact parameters: its kind (a vocabulary code) and its occupation."""
        occ = int(self.needs.occupation[n])
        return {"need_kind": NEED_KINDS[int(self.needs.kind[n])], "occupation": self.occ(occ) if occ >= 0 else None}

    # arrays ------------------------------------------------------------------------------------
    @property
    def profile(self) -> np.ndarray:
        if self._profile is None:
            self._profile = demand_profiles(self.orgs, self.needs)
        return self._profile

    def org_km(self, a, b) -> np.ndarray:
        o = self.orgs
        return pairwise_km(o.lat[a], o.lon[a], o.lat[b], o.lon[b])

    def need_skills(self) -> sparse.csr_matrix:
        """needs x skills weights: essential 1, optional 0.5."""
        ess = as_csr(self.needs.essential)
        opt = as_csr(self.needs.optional, ess.shape, name="needs.optional")
        return (ess > 0).astype(float).maximum((opt > 0).astype(float) * 0.5).tocsr()


def _check_transitions(transitions, n_occ_min: int = 0) -> np.ndarray:
    t = transitions.toarray() if sparse.issparse(transitions) else np.asarray(transitions, dtype=float)
    if t.ndim != 2 or t.shape[0] != t.shape[1]:
        raise ArrayShapeError(f"transitions must be a square occupations x occupations matrix, got {t.shape}")
    if t.shape[0] < n_occ_min:
        raise ArrayShapeError(f"transitions has {t.shape[0]} occupations but needs refer to occupation {n_occ_min - 1}")
    return t


def _occupation_matrix(rows: np.ndarray, occ: np.ndarray, n_rows: int, n_occ: int, weights=None) -> sparse.csr_matrix:
    keep = occ >= 0
    w = np.ones(int(keep.sum())) if weights is None else np.asarray(weights, float)[keep]
    m = sparse.csr_matrix((w, (rows[keep], occ[keep])), shape=(n_rows, n_occ))
    m.sum_duplicates()
    return m


def _combinations(left: sparse.csr_matrix, xs: np.ndarray, right: sparse.csr_matrix, ys: np.ndarray,
                  chunk: int = 2_000_000):
    """Every (left occupation of ``xs[i]``, right occupation of ``ys[i]``) combination of the pairs, in row-major
    order per pair, in chunks of about ``chunk`` combinations: yields ``(lo, hi, pair, frm, to, starts)`` with
    ``pair`` the pair (offset from ``lo``) of each combination and ``starts`` where each pair's run begins."""
    n_left, n_right = np.diff(left.indptr), np.diff(right.indptr)
    combos = n_left[xs] * n_right[ys]
    cum = np.cumsum(combos)
    cuts = np.searchsorted(cum, np.arange(chunk, int(cum[-1]) if len(cum) else 0, chunk), side="right")
    edges = np.unique(np.r_[0, cuts, len(xs)])
    for lo, hi in zip(edges[:-1].tolist(), edges[1:].tolist()):
        cx, cy, cc = xs[lo:hi], ys[lo:hi], combos[lo:hi]
        pair = np.repeat(np.arange(hi - lo), cc)
        starts = np.cumsum(cc) - cc
        k = np.arange(len(pair)) - starts[pair]
        width = n_right[cy][pair]
        yield (lo, hi, pair, left.indices[left.indptr[cx][pair] + k // width],
               right.indices[right.indptr[cy][pair] + k % width], starts)


def _first_max(val: np.ndarray, pair: np.ndarray, starts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per pair (runs of ``val`` beginning at ``starts``, each non-empty): the maximum and the index of its
    first occurrence (as ``np.argmax`` picks)."""
    top = np.maximum.reduceat(val, starts)
    hits = np.flatnonzero(val == top[pair])
    owner = pair[hits]  # non-decreasing: the first hit of each pair is where the owner changes
    return top, hits[np.r_[True, owner[1:] != owner[:-1]]]


def _best_moves(t: np.ndarray, left, xs, right, ys, *, both_directions: bool):
    """Per pair ``(xs[i], ys[i])``, the best transition from an occupation of row ``xs[i]`` of ``left`` to one
    of row ``ys[i]`` of ``right`` (and back, when ``both_directions``; the way back wins only when strictly
    better) -> ``(value, from_occ, to_occ)``; value -1 for a pair without occupations on a side."""
    value, frm, to = np.full(len(xs), -1.0), np.zeros(len(xs), np.int64), np.zeros(len(xs), np.int64)
    has = (np.diff(left.indptr)[xs] > 0) & (np.diff(right.indptr)[ys] > 0)
    rows = np.flatnonzero(has)
    for lo, hi, pair, f, g, starts in _combinations(left, xs[rows], right, ys[rows]):
        top, idx = _first_max(t[f, g], pair, starts)
        value[rows[lo:hi]], frm[rows[lo:hi]], to[rows[lo:hi]] = top, f[idx], g[idx]
    if both_directions:
        for lo, hi, pair, g, f, starts in _combinations(right, ys[rows], left, xs[rows]):
            top, idx = _first_max(t[g, f], pair, starts)
            better = top > value[rows[lo:hi]]
            sel = rows[lo:hi][better]
            value[sel], frm[sel], to[sel] = top[better], g[idx][better], f[idx][better]
    return value, frm, to


def demand_profiles(organisations: OrganisationArrays, needs: NeedArrays) -> np.ndarray:
    """Monthly demand per organisation: the headcount of its needs in each month.

    Returns an ``organisations x 12`` float array; column ``m`` is month ``m + 1``.

    Examples
    --------
    >>> from matchmaker.engine.data import NeedArrays
    >>> import tests.engine.ecosystem_cases as cases
    >>> case = cases.seasonal_case()
    >>> demand_profiles(case.organisations, case.needs)[0].astype(int).tolist()  # the farm: Apr-Sept
    [0, 0, 0, 3, 3, 3, 3, 3, 3, 0, 0, 0]
    """
    rows = org_rows(organisations.ids, needs.organisation_ids)
    profile = np.zeros((len(organisations), 12))
    np.add.at(profile, rows, months_matrix(needs.months) * np.asarray(needs.headcount, float)[:, None])
    return profile


def _peaks(profile: np.ndarray, peak_fraction: float) -> np.ndarray:
    top = profile.max(axis=1, keepdims=True)
    return (profile > 0) & (profile >= peak_fraction * top)


def _distance_factor(km, max_km):
    return np.clip(1.0 - np.asarray(km, float) / max_km, 0.0, 1.0)


# --------------------------------------------------------------------------------------------- seasonal


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

    ``score = 0.5 (1 - overlap) + 0.3 best transition + 0.2 (1 - km / max_km)``.

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
    scores = np.round(np.clip(0.5 * (1 - overlap) + 0.3 * np.minimum(value, 1.0)
                              + 0.2 * _distance_factor(pair_km, max_km), 0, 1), 6)
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


# --------------------------------------------------------------------------------------------- pipeline


def _starter_mask(needs: NeedArrays, starter) -> np.ndarray:
    if starter is not None:
        s = np.asarray(starter, bool)
        if s.shape != (len(needs),):
            raise ArrayShapeError(f"starter must have one flag per need ({len(needs)}), got {s.shape}")
        return s
    return np.isin(needs.kind, _PLACEMENT_KINDS) | np.asarray(needs.trains_on_job, bool)


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
    _ctx: _Ctx | None = None,
) -> Iterator[PartnerMatch]:
    """Employer X trains starters who can grow into employer Y's hard-to-fill jobs.

    Starter needs are internships, apprenticeships and needs that train on the job (or pass ``starter``,
    one flag per need). Y's hard-to-fill occupations are those of its needs with
    ``hard_to_fill[occupation] > min_hard_to_fill``. A directed pair (X, Y), X ≠ Y, within ``max_km`` is a
    pipeline when ``transitions[starter occupation, hard occupation] >= viable_threshold`` (the move is
    directional). ``score = 0.45 transition + 0.35 hard_to_fill + 0.2 (1 - km / max_km)``; yielded in
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
    hardness_of = np.clip(htf, 0, 1)
    best_val, best_frm, best_to = np.full(len(xs), -1.0), np.zeros(len(xs), np.int64), np.zeros(len(xs), np.int64)
    for lo, hi, pair, frm, to, starts in _combinations(s_occ, xs, h_occ, ys):
        tv = t[frm, to]
        top, idx = _first_max(np.where(tv >= viable_threshold, 0.5 * tv + 0.5 * hardness_of[to], -1.0), pair, starts)
        best_val[lo:hi], best_frm[lo:hi], best_to[lo:hi] = top, frm[idx], to[idx]
    keep = best_val >= 0
    xs, ys, km, frm_all, to_all = xs[keep], ys[keep], km[keep], best_frm[keep], best_to[keep]
    if len(xs) == 0:
        return
    value_all, hard_all = np.minimum(t[frm_all, to_all], 1), hardness_of[to_all]
    scores = np.round(np.clip(0.45 * value_all + 0.35 * hard_all + 0.2 * _distance_factor(km, max_km), 0, 1), 6)
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


# --------------------------------------------------------------------------------------------- schools


def _coverage(ctx: _Ctx) -> tuple[np.ndarray, np.ndarray, sparse.csr_matrix]:
    """needs x programmes: weighted share of the need's skills the programme teaches; plus km; plus taught."""
    w = ctx.need_skills()
    taught = (as_csr(ctx.programmes.skills, (len(ctx.programmes), w.shape[1]), name="programmes.skills") > 0)
    taught = taught.astype(float).tocsr()
    total = np.asarray(w.sum(axis=1)).ravel()
    cov = (w @ taught.T).toarray() / np.where(total > 0, total, 1.0)[:, None]
    km = pairwise_km(ctx.needs.lat, ctx.needs.lon, ctx.programmes.lat, ctx.programmes.lon)
    return cov, km, taught


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
    _ctx: _Ctx | None = None,
) -> Iterator[PartnerMatch]:
    """Employer–school pairs: programmes within ``max_km`` of a need that teach what the need requires.

    Coverage of a need by a programme is the share of the need's skills the programme teaches (essential
    skills weigh 1, optional 0.5); it counts when at least ``min_coverage``. A pair's fit is
    ``(0.8 coverage + 0.2 [programme leads to the need's occupation]) x (1 if the need is an internship or
    apprenticeship else 0.8) x (1 if the programme is work-based else 0.85) x (1 - 0.2 km / max_km)``; one
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
    po = as_csr(programmes.occupations)
    has = occ >= 0
    if po.shape[1] and has.any():
        leads[has] = (po[:, occ[has]].T.toarray() > 0)
    kind_w = np.where(np.isin(needs.kind, _PLACEMENT_KINDS), 1.0, 0.8)
    mode_w = np.where(np.asarray(programmes.mode) == _WORK_BASED, 1.0, 0.85)
    fit = (0.8 * cov + 0.2 * leads) * kind_w[:, None] * mode_w[None, :] * (1 - 0.2 * np.clip(km / max_km, 0, 1))
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
    _ctx: _Ctx | None = None,
) -> Iterator[CoCreationProposal]:
    """Clusters of required skills that no programme within ``max_km`` of the asking need teaches.

    For every employer need, its essential skills (or its optional ones when it lists none) that no
    programme within ``max_km`` teaches are *uncovered*. Uncovered skills asked together by the same needs
    form one cluster (connected components of the skill co-occurrence graph). For each cluster the proposal
    names the skills, the employers asking (most places first) and the ``n_schools`` schools nearest to
    teaching them: highest partial coverage first (a skill taught counts 1; a skill in the same
    ``skill_group`` or ``related`` to a taught one counts 0.5), then the shortest distance to the employers.
    ``score = 0.7 h / (h + 4) + 0.3 min(1, employers / 3)`` for ``h`` places asking: more demand, more worth
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
    ess = as_csr(needs.essential) > 0
    opt = as_csr(needs.optional, ess.shape, name="needs.optional") > 0
    n_ess = np.asarray(ess.sum(axis=1)).ravel()
    has_ess = (n_ess > 0).astype(float)  # essential skills, or the optional ones when a need lists none
    req = (sparse.diags(has_ess) @ ess.astype(float) + sparse.diags(1.0 - has_ess) @ opt.astype(float)).tocsr()
    is_emp = organisations.kind[ctx.need_org] == _EMPLOYER
    req = sparse.diags(is_emp.astype(float)) @ req
    n_skills = req.shape[1]
    if len(programmes):
        taught = (as_csr(programmes.skills, (len(programmes), n_skills), name="programmes.skills") > 0).astype(float)
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
    # partial credit matrix skills x skills: 1 on the diagonal, 0.5 for same group / related
    near = sparse.identity(n_skills, format="csr")
    if skill_group is not None:
        g = np.asarray(skill_group)
        valid = g >= 0
        gm = sparse.csr_matrix((np.ones(int(valid.sum())), (np.flatnonzero(valid), g[valid])),
                               shape=(n_skills, int(g.max(initial=-1)) + 1))
        near = near.maximum((gm @ gm.T) * 0.5)
    if related is not None:
        near = near.maximum((as_csr(related, (n_skills, n_skills), name="related") > 0) * 0.5)
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
        score = 0.7 * h / (h + 4) + 0.3 * min(1.0, len(employers) / 3)
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


# --------------------------------------------------------------------------------------------- knowledge


def knowledge_exchange(
    organisations: OrganisationArrays,
    *,
    min_strength: int = 2,
    require_pioneer: bool = True,
    distance_scale_km: float = 30.0,
    per_organisation: int | None = PER_ORGANISATION,
    places: Sequence[str] | None = None,
    _ctx: _Ctx | None = None,
) -> Iterator[PartnerMatch]:
    """Pioneers strong on a social-innovation lever paired with organisations that ask for it.

    A pioneer (``organisations.pioneer``, unless ``require_pioneer=False``) with ``lever_strength >=
    min_strength`` on lever ``l`` pairs with every other organisation whose ``lever_asks`` has bit ``l`` and
    whose own strength on ``l`` is lower. ``score = 0.4 strength / 3 + 0.25 [same sector] +
    0.35 exp(-km / distance_scale_km)``: same sector and short distance are preferred, not required. One
    match per (pioneer, asker, lever), ``organisation_a`` the pioneer, in descending score order; every
    organisation keeps its ``per_organisation`` best (None keeps all, see :func:`best_per_organisation`).

    Examples
    --------
    >>> import tests.engine.ecosystem_cases as cases
    >>> case = cases.knowledge_case()
    >>> m = next(knowledge_exchange(case.organisations, places=case.places))
    >>> (m.organisation_a, m.organisation_b, m.lever)
    (1, 0, 0)
    """
    o = organisations
    ctx = _ctx or _Ctx(o, None, places=places)
    strength = np.asarray(o.lever_strength, int).reshape(len(o), len(LEVERS))
    strong = strength >= min_strength
    if require_pioneer:
        strong &= np.asarray(o.pioneer, bool)[:, None]
    asks = ((np.asarray(o.lever_asks, np.int64)[:, None] >> np.arange(len(LEVERS))) & 1).astype(bool)
    if not strong.any() or not asks.any():
        return
    parts = []
    for lever in range(len(LEVERS)):
        p_idx, a_idx = np.flatnonzero(strong[:, lever]), np.flatnonzero(asks[:, lever])
        if not len(p_idx) or not len(a_idx):
            continue
        pp, aa = np.meshgrid(p_idx, a_idx, indexing="ij")
        pp, aa = pp.ravel(), aa.ravel()
        ok = (pp != aa) & (strength[pp, lever] > strength[aa, lever])
        parts.append((pp[ok], aa[ok], np.full(int(ok.sum()), lever)))
    if not parts:
        return
    pp, aa, lv = (np.concatenate(v) for v in zip(*parts))
    d = haversine_km(o.lat[pp], o.lon[pp], o.lat[aa], o.lon[aa])
    same_sector = o.sector[pp] == o.sector[aa]
    scores = np.round(np.clip(0.4 * strength[pp, lv] / 3 + 0.25 * same_sector
                              + 0.35 * np.exp(-d / distance_scale_km), 0, 1), 6)
    kept = np.flatnonzero(best_per_organisation(pp, aa, scores, per_organisation))
    kept = kept[np.lexsort((lv[kept], aa[kept], pp[kept], -scores[kept]))]
    for i in kept.tolist():
        p, a, lever, dk = int(pp[i]), int(aa[i]), int(lv[i]), float(d[i])
        sector = SECTORS[int(o.sector[p])] if 0 <= o.sector[p] < len(SECTORS) else None
        facts = (fact("partner.knowledge", pioneer=ctx.name(p), pioneer_name=str(o.names[p]), asker=ctx.name(a, dk),
                      lever=LEVERS[lever], strength=int(strength[p, lever]), sector=sector,
                      same_sector=bool(same_sector[i])),)
        yield PartnerMatch(kind="knowledge_exchange", score=float(scores[i]), organisation_a=p, organisation_b=a,
                           facts=facts, distance_km=dk, lever=lever)


# --------------------------------------------------------------------------------------------- requests

_SEEKS = 0  # vocabulary.PARTNER_REQUEST_DIRECTIONS.index("seeks")


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

    Yields :class:`PartnerMatch` of kind ``request_answer`` with ``organisation_a`` the requester,
    ``request`` its row and ``counter_request`` the matching request row (or -1), requests in row order and
    counterparts best first.

    Examples
    --------
    >>> import tests.engine.ecosystem_cases as cases
    >>> case = cases.request_case()
    >>> answers = list(request_answers(case.organisations, case.needs, None, case.requests, places=case.places))
    >>> [(a.request, a.organisation_b, a.counter_request) for a in answers if a.request == 0][:2]
    [(0, 2, 1), (0, 1, -1)]
    """
    o = organisations
    ctx = _ctx or _Ctx(o, needs, programmes, places=places, occupation_labels=occupation_labels,
                       programme_labels=programme_labels)
    r = requests
    n_req = len(r)
    if n_req == 0:
        return
    t = _check_transitions(transitions) if transitions is not None else None
    req_months = months_matrix(r.months)
    profile = ctx.profile if needs is not None and len(needs) else np.zeros((len(o), 12))
    peak = profile.max(axis=1)
    employers = (o.kind == _EMPLOYER) & (peak > 0)
    rel = np.where(peak[:, None] > 0, profile / np.where(peak > 0, peak, 1)[:, None], 0.0)
    strength = np.asarray(o.lever_strength, int).reshape(len(o), len(LEVERS))
    asks = ((np.asarray(o.lever_asks, np.int64)[:, None] >> np.arange(len(LEVERS))) & 1).astype(bool)
    occ = np.asarray(needs.occupation) if needs is not None else np.zeros(0, int)
    cov = None
    if programmes is not None and needs is not None and len(programmes) and len(needs):
        cov, need_prog_km, _ = _coverage(ctx)
        cov = np.where(need_prog_km <= max_km, cov, 0.0)
    starters = _starter_mask(needs, None) & (occ >= 0) if needs is not None and len(needs) else None
    htf = None
    if t is not None:
        htf = np.asarray(hard_to_fill, float) if hard_to_fill is not None else np.ones(t.shape[0])

    for q in range(n_req):
        me, kind, seeks = int(r.organisation[q]), int(r.kind[q]), int(r.direction[q]) == _SEEKS
        kind_name = PARTNER_REQUEST_KINDS[kind]
        km_me = haversine_km(o.lat[me], o.lon[me], o.lat, o.lon)  # this requester to every organisation
        dfac = np.exp(-km_me / max_km)
        best: dict[int, tuple[float, int, object]] = {}

        def offer(org: int, score: float, counter: int, why):
            """``why``: the reason, or a function writing it (only called for the counterparts shown)."""
            if org == me:
                return
            if org not in best or score > best[org][0]:
                best[org] = (float(np.clip(score, 0, 1)), counter, why)

        def offer_best(orgs, scores, why_of):
            """Offer the data's candidates: per organisation its best item (the first on ties), and of those
            only the ``per_request`` best (no other can be among the counterparts shown)."""
            orgs, scores = np.asarray(orgs, np.int64), np.asarray(scores, float)
            mine = orgs != me
            items = np.flatnonzero(mine)
            if not len(items):
                return
            order = items[np.lexsort((items, -scores[items], orgs[items]))]
            first = order[np.r_[True, orgs[order][1:] != orgs[order][:-1]]]
            top = first[np.lexsort((orgs[first], -scores[first]))][:per_request]
            for i in top.tolist():
                offer(int(orgs[i]), float(scores[i]), -1, lambda i=i: why_of(i))

        # complementary requests
        for q2 in np.flatnonzero((r.kind == kind) & (r.direction != r.direction[q]) & (r.organisation != me)):
            other = int(r.organisation[q2])
            if kind_name == "staff_sharing":
                mine = req_months[q]
                compat = float((mine & req_months[q2]).sum() / max(mine.sum(), 1))
                why_c = lambda mine=mine, q2=q2: {"months": month_mask(mine & req_months[q2])}  # noqa: E731
            elif kind_name == "knowledge_exchange":
                l1, l2 = int(r.lever[q]), int(r.lever[q2])
                compat = 1.0 if l1 == l2 else (0.5 if min(l1, l2) < 0 else 0.0)
                why_c = {"lever": LEVERS[max(l1, l2)]} if max(l1, l2) >= 0 else {}
            else:
                a1, a2 = int(r.occupation[q]), int(r.occupation[q2])
                if a1 < 0 or a2 < 0:
                    compat, why_c = 0.5, {}
                elif t is None:
                    compat, why_c = float(a1 == a2), {}
                else:
                    frm, to = (a2, a1) if seeks else (a1, a2)
                    compat = float(t[frm, to]) if t[frm, to] >= viable_threshold else 0.0
                    why_c = lambda frm=frm, to=to: {"source": ctx.occ(frm), "target": ctx.occ(to)}  # noqa: E731
            if compat <= 0:
                continue
            direction = "offers" if seeks else "seeks"
            offer(other, 0.3 + 0.7 * (0.6 * compat + 0.4 * dfac[other]), int(q2),
                  lambda other=other, direction=direction, why_c=why_c:
                  fact("answer.counter_request", org=ctx.name(other, km_me[other]), direction=direction,
                       kind=kind_name, **(why_c() if callable(why_c) else why_c)))

        # the data
        if kind_name == "staff_sharing" and needs is not None:
            mm = req_months[q]
            if seeks:
                fit = (1.0 - rel[:, mm]).mean(axis=1)
                cand = np.flatnonzero(employers & (fit >= min_slack) & (km_me <= max_km))

                def why(i, mm=mm, cand=cand):
                    e = int(cand[i])
                    return fact("answer.staff_free", org=ctx.name(e, km_me[e]), months=month_mask(mm),
                                peak=month_mask(rel[e] >= 0.75))
            else:
                fit = rel[:, mm].mean(axis=1)
                cand = np.flatnonzero(employers & (fit > 0) & (km_me <= max_km))

                def why(i, mm=mm, cand=cand):
                    e = int(cand[i])
                    return fact("answer.staff_needed", org=ctx.name(e, km_me[e]), months=month_mask(mm & (rel[e] > 0)))
            offer_best(cand, 0.6 * fit[cand] + 0.4 * dfac[cand], why)
        elif kind_name == "knowledge_exchange":
            lever = int(r.lever[q])
            levers = [lever] if lever >= 0 else (list(np.flatnonzero(asks[me])) if seeks else
                                                 list(np.flatnonzero(strength[me] >= 2)))
            for lv in levers:
                words = LEVERS[lv]
                if seeks:
                    cand = np.flatnonzero((strength[:, lv] >= 2) & (strength[:, lv] > strength[me, lv]))

                    def why(i, cand=cand, lv=lv, words=words):
                        p = int(cand[i])
                        return fact("answer.strong", org=ctx.name(p, km_me[p]), lever=words,
                                    strength=int(strength[p, lv]), pioneer=bool(o.pioneer[p]))
                    offer_best(cand, 0.6 * strength[cand, lv] / 3 + 0.4 * dfac[cand], why)
                else:
                    cand = np.flatnonzero(asks[:, lv] & (strength[:, lv] < strength[me, lv]))

                    def why(i, cand=cand, words=words):
                        a = int(cand[i])
                        return fact("answer.asks_help", org=ctx.name(a, km_me[a]), lever=words)
                    offer_best(cand, 0.6 + 0.4 * dfac[cand], why)
        elif kind_name == "talent_pipeline" and t is not None and needs is not None and len(needs):
            mine = occ[(ctx.need_org == me) & (occ >= 0)]
            target = np.array([int(r.occupation[q])] if r.occupation[q] >= 0 else sorted(set(mine.tolist())), int)
            if seeks and len(target):
                ns = np.flatnonzero(starters & (ctx.need_org != me))
                moves = t[np.ix_(occ[ns], target)]  # starter occupation -> each target (first best on ties)
                val, b = moves.max(axis=1), target[moves.argmax(axis=1)]
                e = ctx.need_org[ns]
                ok = (val >= viable_threshold) & (km_me[e] <= max_km)
                ns, val, b, e = ns[ok], val[ok], b[ok], e[ok]

                def why(i, ns=ns, val=val, b=b, e=e):
                    return fact("answer.starters", org=ctx.name(int(e[i]), km_me[e[i]]),
                                starter=ctx.occ(int(occ[ns[i]])), target=ctx.occ(int(b[i])),
                                similarity=round(float(val[i]), 4))
                offer_best(e, 0.6 * val + 0.4 * dfac[e], why)
            elif len(target):
                ns = np.flatnonzero((occ >= 0) & (ctx.need_org != me))
                val = t[np.ix_(target, occ[ns])].max(axis=0)
                b, e = occ[ns], ctx.need_org[ns]
                ok = (val >= viable_threshold) & (htf[b] > 0) & (km_me[e] <= max_km)
                val, b, e = val[ok], b[ok], e[ok]

                def why(i, val=val, b=b, e=e):
                    return fact("answer.hard_to_fill", org=ctx.name(int(e[i]), km_me[e[i]]),
                                target=ctx.occ(int(b[i])), similarity=round(float(val[i]), 4))
                offer_best(e, 0.6 * (0.5 * val + 0.5 * np.minimum(htf[b], 1)) + 0.4 * dfac[e], why)
        elif kind_name in ("internship_places", "co_creation") and cov is not None:
            if o.kind[me] == _SCHOOL:
                my_progs = ctx.prog_org == me
                ns = np.flatnonzero(ctx.need_org != me)
                if kind_name == "internship_places":
                    ns = ns[np.isin(needs.kind[ns], _PLACEMENT_KINDS)]
                c = cov[np.ix_(ns, np.flatnonzero(my_progs))].max(axis=1, initial=0)
                ns, c = ns[c > 0], c[c > 0]
                e = ctx.need_org[ns]

                def why(i, ns=ns, c=c, e=e):
                    return fact("answer.need_taught", org=ctx.name(int(e[i]), km_me[e[i]]),
                                coverage=round(float(c[i]), 4), **ctx.need(int(ns[i])))
                offer_best(e, 0.6 * c + 0.4 * dfac[e], why)
            else:
                my_needs = ctx.need_org == me
                if kind_name == "internship_places":
                    my_needs &= np.isin(needs.kind, _PLACEMENT_KINDS) | (r.direction[q] == _SEEKS)
                c = cov[np.flatnonzero(my_needs)].max(axis=0, initial=0)
                ps = np.flatnonzero((c > 0) & (o.kind[ctx.prog_org] == _SCHOOL))
                c, sch = c[ps], ctx.prog_org[ps]

                def why(i, ps=ps, c=c, sch=sch):
                    return fact("answer.programme", org=ctx.name(int(sch[i]), km_me[sch[i]]),
                                programme=ctx.prog(int(ps[i])), coverage=round(float(c[i]), 4))
                offer_best(sch, 0.6 * c + 0.4 * dfac[sch], why)

        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))[:per_request]
        what = {"org": ctx.name(me), "direction": "seeks" if seeks else "offers", "kind": kind_name}
        if kind_name == "staff_sharing":
            what["months"] = month_mask(req_months[q])
        elif kind_name == "knowledge_exchange" and r.lever[q] >= 0:
            what["lever"] = LEVERS[int(r.lever[q])]
        elif r.occupation[q] >= 0:
            what["occupation"] = ctx.occ(int(r.occupation[q]))
        for other, (score, counter, why) in ranked:
            yield PartnerMatch(
                kind="request_answer", score=round(score, 6), organisation_a=me, organisation_b=other,
                facts=(fact("answer.request", **what), why() if callable(why) else why),
                distance_km=float(km_me[other]), months=int(r.months[q]), lever=int(r.lever[q]),
                request=q, counter_request=counter,
                occupations=(int(r.occupation[q]),) if r.occupation[q] >= 0 else (),
            )


# --------------------------------------------------------------------------------------------- all


def partner_matches(
    organisations: OrganisationArrays,
    needs: NeedArrays,
    programmes: ProgrammeArrays | None,
    requests: PartnerRequestArrays | None,
    *,
    transitions,
    viable_threshold: float,
    hard_to_fill,
    kinds: Sequence[str] | None = None,
    max_km: float = 40.0,
    places: Sequence[str] | None = None,
    occupation_labels: Sequence[str] | None = None,
    skill_labels: Sequence[str] | None = None,
    programme_labels: Sequence[str] | None = None,
    related=None,
    skill_group=None,
    per_organisation: int | None = PER_ORGANISATION,
) -> Iterator[PartnerMatch | CoCreationProposal]:
    """All partner matches of the requested ``kinds`` (default: all of :data:`PARTNER_MATCH_KINDS`).

    Yields kind by kind in the order of :data:`PARTNER_MATCH_KINDS`, each kind best first. ``max_km`` is the
    reach for seasonal sharing, schools, co-creation and request answers (talent pipelines use 1.5x, people
    change employer for a career step more readily than for a season). ``per_organisation`` (default
    :data:`PER_ORGANISATION`, None = all) is how many matches of each pairwise kind (seasonal sharing, talent
    pipelines, employer–school, knowledge exchange) every organisation keeps — a match stays when it is among
    the best of either party; request answers keep ``per_request`` per request and co-creation proposals are
    one per skill cluster. Raises
    :class:`~matchmaker.engine.ecosystem_errors.UnknownKindError` for an unknown kind.

    Examples
    --------
    >>> import tests.engine.ecosystem_cases as cases
    >>> case = cases.seasonal_case()
    >>> ms = list(partner_matches(case.organisations, case.needs, None, None, transitions=case.transitions,
    ...                           viable_threshold=0.5, hard_to_fill=case.hard_to_fill))
    >>> sorted({m.kind for m in ms})
    ['seasonal_sharing']
    """
    kinds = PARTNER_MATCH_KINDS if kinds is None else tuple(kinds)
    unknown = [k for k in kinds if k not in PARTNER_MATCH_KINDS]
    if unknown:
        raise UnknownKindError(f"unknown partner match kind(s) {unknown}; known: {PARTNER_MATCH_KINDS}")
    ctx = _Ctx(organisations, needs, programmes, places=places, occupation_labels=occupation_labels,
               skill_labels=skill_labels, programme_labels=programme_labels)
    if "seasonal_sharing" in kinds:
        yield from seasonal_sharing(organisations, needs, transitions=transitions, viable_threshold=viable_threshold,
                                    max_km=max_km, per_organisation=per_organisation, _ctx=ctx)
    if "talent_pipeline" in kinds:
        yield from talent_pipelines(organisations, needs, transitions=transitions, viable_threshold=viable_threshold,
                                    hard_to_fill=hard_to_fill, max_km=1.5 * max_km,
                                    per_organisation=per_organisation, _ctx=ctx)
    if programmes is not None and "employer_school" in kinds:
        yield from employer_school(organisations, needs, programmes, max_km=max_km,
                                   per_organisation=per_organisation, _ctx=ctx)
    if programmes is not None and "co_creation" in kinds:
        yield from co_creation_proposals(organisations, needs, programmes, max_km=max_km, related=related,
                                         skill_group=skill_group, _ctx=ctx)
    if "knowledge_exchange" in kinds:
        yield from knowledge_exchange(organisations, per_organisation=per_organisation, _ctx=ctx)
    if requests is not None and "request_answer" in kinds:
        yield from request_answers(organisations, needs, programmes, requests, transitions=transitions,
                                   viable_threshold=viable_threshold, hard_to_fill=hard_to_fill, max_km=max_km,
                                   _ctx=ctx)
