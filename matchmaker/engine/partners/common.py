"""What every partner-match kind shares: the result types, the derived arrays of one call (:class:`_Ctx`) and
the array helpers (demand profiles, best moves between occupation sets, coverage of needs by programmes)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from matchmaker.vocabulary import NEED_KINDS, ORGANISATION_KINDS, PROGRAMME_MODES
from .._ecosystem_common import label, months_matrix, org_rows
from ..geo import pairwise_km
from ..data import NeedArrays, OrganisationArrays, as_csr
from ..errors import ArrayShapeError

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
        ess = as_csr(self.needs.essential, dtype=float)
        opt = as_csr(self.needs.optional, ess.shape, name="needs.optional", dtype=float)
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



def _starter_mask(needs: NeedArrays, starter) -> np.ndarray:
    if starter is not None:
        s = np.asarray(starter, bool)
        if s.shape != (len(needs),):
            raise ArrayShapeError(f"starter must have one flag per need ({len(needs)}), got {s.shape}")
        return s
    return np.isin(needs.kind, _PLACEMENT_KINDS) | np.asarray(needs.trains_on_job, bool)


def _coverage(ctx: _Ctx) -> tuple[np.ndarray, np.ndarray, sparse.csr_matrix]:
    """needs x programmes: weighted share of the need's skills the programme teaches; plus km; plus taught."""
    w = ctx.need_skills()
    taught = (as_csr(ctx.programmes.skills, (len(ctx.programmes), w.shape[1]), name="programmes.skills", dtype=float) > 0)
    taught = taught.astype(float).tocsr()
    total = np.asarray(w.sum(axis=1)).ravel()
    cov = (w @ taught.T).toarray() / np.where(total > 0, total, 1.0)[:, None]
    km = pairwise_km(ctx.needs.lat, ctx.needs.lon, ctx.programmes.lat, ctx.programmes.lon)
    return cov, km, taught

