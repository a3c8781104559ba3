"""The search machinery of bulk matching: spatial tiles, bit masks of common skills and the pair search.

:func:`feasible_pairs` and :func:`top_matches` find every feasible (person, need) pair without looking at
people × needs: sparse products over the pairs within reach that share a skill (:class:`_PairSearch`), then
the very checks and scores of :mod:`.rules` on the pairs that clear the coverage gate, so they agree exactly
with :func:`~matchmaker.engine.matching.match_person`.
"""
from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..data import NeedArrays, PeopleArrays, SkillSpace, binary, bit_rows, ranges
from ..errors import InvalidParameter
from ..geo import min_distance_to_box_km
from .rules import (ScoreOptions, _coverages, _feasible_subset, _options, _past_slots, _score_parts, coverage_factors,
                    coverage_gate, min_essential_held)

@dataclass(frozen=True)
class FeasiblePairs:
    """The feasible (person, need) pairs of one batch of people, as aligned arrays: ``people`` and ``needs``
    (indices), ``score`` (with the welcome bonus), ``base`` (without it), ``essential``, ``optional`` and
    ``experience``."""

    people: np.ndarray
    needs: np.ndarray
    score: np.ndarray
    base: np.ndarray
    essential: np.ndarray
    optional: np.ndarray
    experience: np.ndarray


#: a spatial tile of needs is about this many km on a side, with at most this many tiles per axis
TILE_KM = 12.0
MAX_TILES_PER_AXIS = 8
#: at most this many nested hours classes of needs (one per distinct hours value when there are few)
MAX_HOURS_CLASSES = 8


class _Tiles:
    """Spatial tiles of points (needs, programmes) for products that only meet the points within reach.

    A grid of about :data:`TILE_KM` over the ``members``' places, plus one tile for members without a place
    (anywhere: their distance is not checked). ``of[i]`` is point ``i``'s tile; a tile's box spans its
    points. :meth:`tokens` turns rows of skills into rows of (skill, tile) tokens ``s * n + t`` for the tiles
    a row may reach, so that ``tokens @ factors`` — with ``factors`` row ``s * n + t`` listing skill ``s`` of
    the points of tile ``t`` — meets only points in tiles within reach.
    """

    def __init__(self, lat: np.ndarray, lon: np.ndarray, members: np.ndarray):
        lat, lon = np.asarray(lat, float), np.asarray(lon, float)
        placed = members & np.isfinite(lat) & np.isfinite(lon)
        cell = np.full(len(lat), -1, np.int64)
        if placed.any():
            la, lo = lat[placed], lon[placed]
            km_lat = 111.2 * (la.max() - la.min())
            km_lon = 111.2 * (lo.max() - lo.min()) * np.cos(np.radians(np.abs(la).max()))
            n_lat, n_lon = (int(np.clip(np.ceil(km / TILE_KM), 1, MAX_TILES_PER_AXIS)) for km in (km_lat, km_lon))
            i = np.clip(((la - la.min()) / max(la.max() - la.min(), 1e-12) * n_lat).astype(np.int64), 0, n_lat - 1)
            j = np.clip(((lo - lo.min()) / max(lo.max() - lo.min(), 1e-12) * n_lon).astype(np.int64), 0, n_lon - 1)
            cell[placed] = i * n_lon + j
        cell[members & ~placed] = MAX_TILES_PER_AXIS ** 2  # anywhere
        used, tile = np.unique(cell[members], return_inverse=True)
        self.of = np.zeros(len(lat), np.int64)
        self.of[members] = tile
        self.n = len(used)
        box = [np.full(self.n, np.inf), np.full(self.n, -np.inf), np.full(self.n, np.inf), np.full(self.n, -np.inf)]
        for values, low, high in ((lat, box[0], box[1]), (lon, box[2], box[3])):
            np.fmin.at(low, self.of[placed], values[placed])
            np.fmax.at(high, self.of[placed], values[placed])
        self.anywhere = used == MAX_TILES_PER_AXIS ** 2
        for b, world in zip(box, (-90.0, 90.0, -180.0, 180.0)):
            b[self.anywhere] = world
        self.boxes = tuple(b[None, :] for b in box)

    def reachable(self, lat, lon, radius) -> np.ndarray:
        """rows × tiles: may a tile hold a point within ``radius`` km of (``lat``, ``lon``)? (a lower bound of
        the distance, :func:`~matchmaker.engine.geo.min_distance_to_box_km`; a NaN place or radius reaches all)"""
        lat, lon, radius = (np.asarray(v, float)[:, None] for v in (lat, lon, radius))
        reach = min_distance_to_box_km(lat, lon, *self.boxes) <= radius * (1 + 1e-9) + 1e-6
        return reach | self.anywhere[None, :] | ~(np.isfinite(lat) & np.isfinite(lon)) | np.isnan(radius)

    def tokens(self, skills: sparse.csr_matrix, reach: np.ndarray) -> sparse.csr_matrix:
        """Rows of ``skills`` × (skill, tile) tokens: each skill once per tile the row may reach."""
        reach = sparse.csr_matrix(reach)
        per_row = np.diff(skills.indptr)
        row = np.repeat(np.arange(skills.shape[0]), per_row)
        n_reach = np.diff(reach.indptr)[row]
        entry = np.repeat(np.arange(skills.nnz), n_reach)
        first = np.repeat(reach.indptr[:-1][row] - (np.cumsum(n_reach) - n_reach), n_reach)
        tiles = reach.indices[first + np.arange(len(entry))]
        tokens = skills.indices[entry].astype(np.int64) * self.n + tiles
        indptr = np.concatenate([[0], np.cumsum(per_row * np.diff(reach.indptr))])
        return sparse.csr_matrix((np.ones(len(tokens), np.float32), tokens, indptr),
                                 shape=(skills.shape[0], skills.shape[1] * self.n))

    def factors(self, skill: np.ndarray, point: np.ndarray, value: np.ndarray, n_skills: int, column: np.ndarray,
                n_columns: int, dtype) -> sparse.csr_matrix:
        """(skill, tile) × columns: ``value`` at row ``skill * n + tile of point``, column ``column[point]``."""
        return sparse.csr_matrix((value, (skill.astype(np.int64) * self.n + self.of[point], column[point])),
                                 shape=(n_skills * self.n, n_columns), dtype=dtype)


#: this many most common skills are counted with bit masks instead of in the product (see _CommonSkills)
COMMON_SKILLS = 128


class _CommonSkills:
    """The most common skills (people holding it × needs listing it) as bit masks: they make most of a product's
    entries without deciding much.

    A need's ``n`` essential skills split into a *prefix* — its rare skills, plus as few of its common ones
    (least common first) as it takes to reach ``n - m + 1``, with ``m`` the skills its coverage gate asks —
    and the *rest*, all common. A person clearing the gate holds ``m`` of the ``n``, so at least
    ``m - |rest| >= 1`` of the prefix (``min_prefix``): the product needs only the prefixes (and the rare
    optional skills) to find every candidate, and a candidate's common essential and optional skills are
    counted by a popcount of the person's and the need's masks, which gives the same coded value.
    """

    def __init__(self, held: sparse.csr_matrix, ess: sparse.csr_matrix, opt: sparse.csr_matrix,
                 min_count: np.ndarray, k: int):
        n_skills = held.shape[1]
        weight = np.bincount(held.indices, minlength=n_skills).astype(float) * (
            np.bincount(ess.indices, minlength=n_skills) + np.bincount(opt.indices, minlength=n_skills))
        common = np.argsort(-weight, kind="stable")[:min(k, int((weight > 0).sum()))]
        words = max(1, -(-len(common) // 64))
        position = np.full(n_skills, -1, np.int64)
        position[common] = np.arange(len(common))
        person = np.repeat(np.arange(held.shape[0]), np.diff(held.indptr))
        mine = position[held.indices] >= 0
        self.held = list(bit_rows(person[mine], position[held.indices[mine]], held.shape[0], words))
        # essential skills of each need, rare first, then common from the least common: the first
        # max(rare, n - m + 1) are the prefix
        need = np.repeat(np.arange(ess.shape[0]), np.diff(ess.indptr))
        is_common = position[ess.indices] >= 0
        order = np.lexsort((np.where(is_common, weight[ess.indices], -1.0), need))
        need, skill, is_common = need[order], ess.indices[order], is_common[order]
        n = np.diff(ess.indptr)
        rank = np.arange(len(need)) - np.repeat(ess.indptr[:-1], n)
        n_rare = np.bincount(need[~is_common], minlength=ess.shape[0])
        prefix = rank < np.maximum(n_rare, n - min_count + 1)[need]
        self.ess = list(bit_rows(need[~prefix], position[skill[~prefix]], ess.shape[0], words))
        self.min_prefix = np.maximum(min_count - np.bincount(need[~prefix], minlength=ess.shape[0]), 1)
        self.prefix = (need[prefix], skill[prefix])
        need = np.repeat(np.arange(opt.shape[0]), np.diff(opt.indptr))
        is_common = position[opt.indices] >= 0
        self.opt = list(bit_rows(need[is_common], position[opt.indices[is_common]], opt.shape[0], words))
        self.rare_optional = (need[~is_common], opt.indices[~is_common])

    def count(self, person: np.ndarray, masks: list[np.ndarray], need: np.ndarray) -> np.ndarray:
        """How many of need ``need[i]``'s skills in ``masks`` person ``person[i]`` holds (common skills only)."""
        total = np.zeros(len(person), np.uint8 if len(masks) * 64 < 256 else np.int64)
        for held, mask in zip(self.held, masks):
            total += np.bitwise_count(held[person] & mask[need])
        return total


class _PairSearch:
    """What :func:`feasible_pairs` prepares once per call, and the search of one batch of people.

    The product of a batch finds the candidate pairs — those sharing a skill of the need's gate prefix
    (:class:`_CommonSkills`) *and* that may pass the distance and hours checks — and nothing else:

    * needs are grouped in spatial tiles (:class:`_Tiles`) and in nested hours classes (the needs asking
      at most so many hours);
    * ``factors[class]`` has one row per (skill ``s``, tile ``t``): row ``s * T + t`` codes skill ``s`` of the
      needs of tile ``t`` in that hours class (``base`` for a prefix skill, 1 for a rare optional one);
    * person ``p``'s row in the product holds token ``s * T + t`` for every skill ``s`` they hold and every
      tile ``t`` that may lie within their radius (:func:`~matchmaker.engine.geo.min_distance_to_box_km`),
      and is multiplied with the class of the hours they can work.

    A candidate's common skills are then counted from bit masks, which completes the coded coverage value
    of :func:`coverage_factors` exactly. A pair left out fails the coverage gate, the distance or the hours
    check for certain, so the result equals a product over all pairs; the exact checks
    (:func:`_feasible_subset`) run on the pairs that clear the coverage gate.
    """

    def __init__(self, transitions, people: PeopleArrays, needs: NeedArrays, o: ScoreOptions):
        self.people, self.needs, self.o = people, needs, o
        self.coding = coverage_factors(needs)
        factors, base, n_ess, _ = self.coding
        self.slots = _past_slots(people, o)
        self.transitions = None if transitions is None else np.asarray(transitions, np.float32)
        self.held = binary(people.skills)
        # essential skills each need's coverage gate asks; a gate of 0 skills makes every pair within reach a
        # candidate (those needs are met through their own spatial tiles, without the product): entry-level work
        # that trains beginners, and needs without essential skills
        min_count = min_essential_held(n_ess, coverage_gate(needs.trains_on_job, needs.beginners, options=o))
        gated = min_count > 0
        self.grid_tiles = _Tiles(needs.lat, needs.lon, ~gated)
        grid = np.flatnonzero(~gated)
        self.grid_cols = grid[np.argsort(self.grid_tiles.of[grid], kind="stable")]  # tile by tile
        self.grid_start = np.concatenate([[0], np.cumsum(np.bincount(self.grid_tiles.of[self.grid_cols],
                                                                     minlength=self.grid_tiles.n))])
        self.grid_factors = factors[:, self.grid_cols] if len(self.grid_cols) else None
        hours = np.asarray(needs.hours, float)
        members = gated & ~np.isnan(hours)  # a need without hours fails every hours check
        bounds = np.unique(hours[members])
        if len(bounds) > MAX_HOURS_CLASSES:
            bounds = np.unique(np.quantile(bounds, np.linspace(0, 1, MAX_HOURS_CLASSES + 1)[1:], method="higher"))
        self.hours_bounds = bounds
        self.tiles = tiles = _Tiles(needs.lat, needs.lon, members)
        self.common = common = _CommonSkills(self.held, binary(needs.essential), binary(needs.optional),
                                             min_count.astype(np.int64), COMMON_SKILLS)
        self.base, self.min_count = base, min_count
        need = np.concatenate([common.prefix[0], common.rare_optional[0]])
        skill = np.concatenate([common.prefix[1], common.rare_optional[1]]).astype(np.int64)
        value = np.concatenate([np.full(len(common.prefix[0]), base), np.ones(len(common.rare_optional[0]))])
        keep = members[need]
        skill, need, value = skill[keep], need[keep], value[keep]
        # columns numbered tile by tile: a person's reachable needs are few runs of columns (cache-friendly)
        self.column_need = np.argsort(np.where(members, tiles.of, tiles.n), kind="stable")
        column = np.empty(len(needs), np.int64)
        column[self.column_need] = np.arange(len(needs))
        self.column_min_prefix = (common.min_prefix * base).astype(factors.dtype)[self.column_need]
        self.class_factors = [tiles.factors(skill[k], need[k], value[k], factors.shape[0], column, len(needs),
                                            factors.dtype) for k in (hours[need] <= b for b in bounds)]

    def _tokens(self, rows: np.ndarray) -> sparse.csr_matrix:
        """People ``rows`` × (skill, tile) tokens: a held skill once per tile that may be within reach."""
        people = self.people
        reach = self.tiles.reachable(people.lat[rows], people.lon[rows], np.asarray(people.radius_km, float)[rows])
        return self.tiles.tokens(self.held[rows], reach)

    def batch(self, rows: np.ndarray) -> FeasiblePairs:
        """The feasible pairs of people ``rows``, grouped by person (needs in no particular order)."""
        people, needs, o = self.people, self.needs, self.o
        r_parts, c_parts, v_parts = [], [], []
        if len(self.hours_bounds):
            hours = np.asarray(people.hours, float)[rows] + o.hours_tolerance
            klass = np.minimum(np.searchsorted(self.hours_bounds, hours, side="left"), len(self.hours_bounds) - 1)
            for k in np.unique(klass):
                sub = np.flatnonzero(klass == k)
                product = self._tokens(rows[sub]) @ self.class_factors[k]
                pos = np.flatnonzero(product.data >= self.column_min_prefix[product.indices])
                r = sub[np.searchsorted(product.indptr, pos, side="right") - 1]
                c = self.column_need[product.indices[pos]]
                value = product.data[pos]
                person = rows[r]
                common_ess = self.common.count(person, self.common.ess, c)
                gate = np.floor(value / self.base) + common_ess >= self.min_count[c]
                r, c, value, person = r[gate], c[gate], value[gate], person[gate]
                value += common_ess[gate] * value.dtype.type(self.base) + self.common.count(person, self.common.opt, c)
                r_parts.append(r)
                c_parts.append(c)
                v_parts.append(value)
        if self.grid_factors is not None:  # the gate-free needs in the tiles each person may reach
            reach = self.grid_tiles.reachable(people.lat[rows], people.lon[rows],
                                              np.asarray(people.radius_km, float)[rows])
            fr, tile = np.nonzero(reach)
            counts = self.grid_start[tile + 1] - self.grid_start[tile]
            fr, fc = np.repeat(fr, counts), ranges(self.grid_start[tile], counts)
            extra = (self.held[rows] @ self.grid_factors).toarray()
            r_parts.append(fr)
            c_parts.append(self.grid_cols[fc])
            v_parts.append(extra[fr, fc])
        if not r_parts:
            empty = np.zeros(0, np.float32)
            return FeasiblePairs(np.zeros(0, np.int64), np.zeros(0, np.int64), empty, empty, empty, empty, empty)
        pr, c, value = rows[np.concatenate(r_parts)], np.concatenate(c_parts), np.concatenate(v_parts)
        ess_cov, opt_cov = _coverages(value, c, self.coding)
        keep = _feasible_subset(people, needs, pr, c, ess_cov, o)
        pr, c, ess_cov, opt_cov = pr[keep], c[keep], ess_cov[keep], opt_cov[keep]
        exp, base, score = _score_parts(self.transitions, self.slots, people, needs, pr, c, ess_cov, opt_cov, o)
        return FeasiblePairs(people=pr, needs=c, score=score, base=base, essential=ess_cov, optional=opt_cov,
                             experience=exp)

    def run(self, batch_size: int, workers: int, then=None) -> Iterator:
        """``then(batch pairs)`` (or the pairs) for every batch of people, in order; ``workers`` threads."""
        n = len(self.people)

        def one(start):
            pairs = self.batch(np.arange(start, min(start + batch_size, n)))
            return pairs if then is None else then(pairs)

        starts = range(0, n, batch_size)
        if workers > 1:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                yield from pool.map(one, starts)
        else:
            yield from map(one, starts)


def _check_batching(batch_size: int, workers: int) -> None:
    if batch_size < 1:
        raise InvalidParameter("batch_size must be >= 1")
    if workers < 1:
        raise InvalidParameter("workers must be >= 1")


def feasible_pairs(transitions: np.ndarray | None, people: PeopleArrays, needs: NeedArrays, *,
                   batch_size: int = 2048, workers: int = 1, options: ScoreOptions | None = None,
                   **overrides) -> Iterator[FeasiblePairs]:
    """Every feasible (person, need) pair with its score, batch by batch of people (a generator).

    Per batch: one sparse product per hours class gives the coded coverage values (see :class:`_PairSearch`)
    of the pairs that share a skill and whose need is in a tile within the person's reach and asks no more
    hours than they can work. Only pairs that clear their need's essential-coverage gate survive as pair
    arrays; the constraint checks run on those pairs one by one (:func:`_feasible_subset`), and experience,
    score and welcome bonus on the survivors — with the very functions :func:`match_person` uses on its
    grid, so the paths agree exactly. Cost grows with the pairs within reach that share a skill, not with
    people × needs.

    ``workers`` > 1 computes batches in threads (numpy and scipy release the GIL in their kernels); batches
    are yielded in order, each sorted by person and need, whatever ``workers`` is.

    Examples
    --------
    >>> from tests.engine import tiny     # 4 people, 6 needs (see its docstring)
    >>> [(int(p), int(j)) for b in feasible_pairs(None, tiny.people(), tiny.needs(), batch_size=2)
    ...  for p, j in zip(b.people, b.needs)]
    [(0, 0), (0, 1), (0, 3), (1, 1), (1, 3), (1, 5), (2, 1), (2, 2), (3, 3)]

    Amal's language buddy travels with her, so the brasserie (need 3), which offers none, is open to her.
    """
    o = _options(options, overrides)
    _check_batching(batch_size, workers)
    if len(needs) == 0 or len(people) == 0:
        return
    n_needs = len(needs)

    def in_order(pairs: FeasiblePairs) -> FeasiblePairs:
        order = np.argsort(pairs.people * n_needs + pairs.needs)
        return FeasiblePairs(*(getattr(pairs, f)[order] for f in FeasiblePairs.__dataclass_fields__))

    yield from _PairSearch(transitions, people, needs, o).run(batch_size, workers, then=in_order)


@dataclass(frozen=True)
class TopMatches:
    """Bulk result: ``needs[p]`` the best need indices for person ``p`` (−1 padding), ``scores[p]`` theirs (NaN)."""

    needs: np.ndarray
    scores: np.ndarray

    def for_person(self, p: int) -> list[tuple[int, float]]:
        keep = self.needs[p] >= 0
        return [(int(j), float(s)) for j, s in zip(self.needs[p][keep], self.scores[p][keep])]


def _best_first(people_idx: np.ndarray, needs_idx: np.ndarray, score: np.ndarray, n_needs: int) -> np.ndarray:
    """The order of pairs by person, then score (descending), then need index: one argsort of a packed int64
    key (person offset, the score's float32 bits — ordered like the scores when non-negative — and the need),
    or a lexsort when the key would not fit."""
    if len(people_idx) == 0:
        return np.zeros(0, np.int64)
    score = np.ascontiguousarray(score, np.float32)
    bits = score.view(np.int32).astype(np.int64)
    offset = people_idx - people_idx.min()
    need_bits = max(int(n_needs - 1).bit_length(), 1)
    if bits.min() >= 0 and int(offset.max()).bit_length() + 31 + need_bits <= 63:
        key = (offset << (31 + need_bits)) | ((2 ** 31 - 1 - bits) << need_bits) | needs_idx
        return np.argsort(key)
    return np.lexsort((needs_idx, -score.astype(np.float64), people_idx))


def top_matches(space: SkillSpace, transitions: np.ndarray | None, people: PeopleArrays, needs: NeedArrays, *,
                k: int = 10, batch_size: int = 2048, workers: int = 1, options: ScoreOptions | None = None,
                **overrides) -> TopMatches:
    """Score all people against all needs and keep each person's ``k`` best feasible needs.

    The feasible pairs come from the search of :func:`feasible_pairs` (sparse products over the pairs within
    reach, gate, checks and score on pairs); then an exact top-k per batch (:func:`_best_first`), in the
    batch's thread when ``workers`` > 1. Results do not depend on ``batch_size`` or ``workers``.

    Returns
    -------
    TopMatches
        ``needs`` int64 people × k, ``scores`` float32 people × k.

    Examples
    --------
    See ``tests/engine/test_matching.py::test_bulk_agrees_with_one_person_path``.
    """
    o = _options(options, overrides)
    if k < 1:
        raise InvalidParameter("k must be >= 1")
    _check_batching(batch_size, workers)
    n_people, n_needs = len(people), len(needs)
    out_needs = np.full((n_people, k), -1, np.int64)
    out_scores = np.full((n_people, k), np.nan, np.float32)
    if n_people == 0 or n_needs == 0:
        return TopMatches(out_needs, out_scores)

    def best(pairs: FeasiblePairs):
        order = _best_first(pairs.people, pairs.needs, pairs.score, n_needs)
        pr, c, values = pairs.people[order], pairs.needs[order], pairs.score[order]
        starts = np.flatnonzero(np.r_[True, pr[1:] != pr[:-1]]) if len(pr) else np.zeros(0, np.int64)
        rank = np.arange(len(pr)) - np.repeat(starts, np.diff(np.r_[starts, len(pr)]))
        take = rank < k
        return pr[take], rank[take], c[take], values[take]

    for pr, rank, c, values in _PairSearch(transitions, people, needs, o).run(batch_size, workers, then=best):
        out_needs[pr, rank] = c
        out_scores[pr, rank] = values
    return TopMatches(out_needs, out_scores)
