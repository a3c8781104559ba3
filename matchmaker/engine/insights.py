"""Ecosystem insights for network coordinators: shortages, unused potential, progress over time, network.

- :func:`shortages` / :func:`hard_to_fill` — per occupation, open demand against the people who could fill
  it now and the programme capacity leading to it.
- :func:`unused_potential` — people with no feasible suggestion, grouped by the one barrier whose removal
  alone would open a need for them (distance, accommodation, programme, language, hours, months, training).
- :func:`monthly_series` — needs posted, matches proposed and partnerships proposed per calendar month.
- :func:`network_metrics` — size of the ecosystem graph by node and edge type, its clusters and brokers.
"""
from __future__ import annotations

import datetime as _dt
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Iterator

import networkx as nx
import numpy as np
from scipy import sparse

from matchmaker.engine._ecosystem_common import fact, label
from matchmaker.engine.data import as_csr
from matchmaker.engine.data import NeedArrays, ProgrammeArrays
from matchmaker.engine.errors import ArrayShapeError, InvalidParameter
from matchmaker.engine.ecosystem_graph import Broker, Cluster, brokers, clusters, organisation_projection
from matchmaker.vocabulary import TARGET_GROUPS

__all__ = [
    "BARRIERS",
    "Shortage",
    "UnusedPotential",
    "MonthlySeries",
    "NetworkMetrics",
    "shortage_arrays",
    "shortages",
    "hard_to_fill",
    "unused_potential",
    "monthly_series",
    "network_metrics",
]

#: What can block a person, in tie-break order. "programme" = a skills gap no programme closes;
#: "training" = a skills gap a programme does close (the person could train first).
BARRIERS = ("distance", "accommodation", "language", "hours", "months", "programme", "training")


# --------------------------------------------------------------------------------------------- shortages


@dataclass(frozen=True)
class Shortage:
    """Open demand for one occupation against supply.

    ``demand`` open places; ``people`` people in the region who could fill at least one of them now
    (feasible and fit at least the threshold); ``programme_capacity`` places in programmes leading to the
    occupation; ``gap = max(0, demand - people)``; ``gap_after_training = max(0, gap - programme_capacity)``;
    ``hard_to_fill = gap / demand`` in [0, 1].
    """

    occupation: int
    demand: int
    people: int
    programme_capacity: int
    gap: int
    gap_after_training: int
    hard_to_fill: float
    facts: tuple[dict, ...]


def _dense_bool(a, shape, name):
    m = a.toarray() if sparse.issparse(a) else np.asarray(a)
    m = m.astype(bool)
    if m.shape != tuple(shape):
        raise ArrayShapeError(f"{name} has shape {m.shape}, expected {tuple(shape)}")
    return m


def shortage_arrays(needs: NeedArrays, programmes: ProgrammeArrays | None, *, scores, feasible=None,
                    n_occupations: int, threshold: float = 0.5) -> dict[str, np.ndarray]:
    """Per-occupation arrays: ``demand``, ``people``, ``programme_capacity``, ``gap``, ``gap_after_training``,
    ``hard_to_fill`` (see :class:`Shortage`). ``scores`` / ``feasible`` are people x needs.

    Examples
    --------
    >>> import numpy as np, tests.engine.ecosystem_cases as cases
    >>> case = cases.pipeline_case()   # needs: porter (3 places), care assistant (4), warehouse worker (2)
    >>> scores = np.array([[0.9, 0.0, 0.0], [0.0, 0.7, 0.0], [0.0, 0.3, 0.8]])
    >>> a = shortage_arrays(case.needs, None, scores=scores, n_occupations=6)
    >>> a["demand"].tolist(), a["people"].tolist()
    ([0, 2, 4, 3, 0, 0], [0, 1, 1, 1, 0, 0])
    """
    occ = np.asarray(needs.occupation)
    n_needs = len(needs)
    if occ.size and occ.max() >= n_occupations:
        raise ArrayShapeError(f"a need refers to occupation {occ.max()} but n_occupations is {n_occupations}")
    s = as_csr(scores, dtype=float)
    if s.shape[1] != n_needs:
        raise ArrayShapeError(f"scores has {s.shape[1]} needs, the need arrays {n_needs}")
    good = s >= threshold
    if feasible is not None:
        f = sparse.csr_matrix(feasible, dtype=bool)
        if f.shape != s.shape:
            raise ArrayShapeError(f"feasible has shape {f.shape}, scores {s.shape}")
        good = good.multiply(f)
    has = occ >= 0
    onehot = sparse.csr_matrix((np.ones(int(has.sum())), (np.flatnonzero(has), occ[has])), shape=(n_needs, n_occupations))
    people = np.asarray(((sparse.csr_matrix(good, dtype=float) @ onehot) > 0).sum(axis=0)).ravel().astype(int)
    demand = np.bincount(occ[has], weights=np.asarray(needs.headcount, float)[has], minlength=n_occupations).astype(int)
    if programmes is not None and len(programmes):
        po = (as_csr(programmes.occupations, dtype=float) > 0).astype(float)
        if po.shape[1] != n_occupations:
            raise ArrayShapeError(f"programmes.occupations has {po.shape[1]} occupations, expected {n_occupations}")
        capacity = np.asarray(po.T @ np.asarray(programmes.capacity, float)).ravel().astype(int)
    else:
        capacity = np.zeros(n_occupations, int)
    gap = np.maximum(0, demand - people)
    return {
        "demand": demand,
        "people": people,
        "programme_capacity": capacity,
        "gap": gap,
        "gap_after_training": np.maximum(0, gap - capacity),
        "hard_to_fill": np.where(demand > 0, gap / np.maximum(demand, 1), 0.0),
    }


def hard_to_fill(needs: NeedArrays, programmes: ProgrammeArrays | None = None, *, scores, feasible=None,
                 n_occupations: int, threshold: float = 0.5) -> np.ndarray:
    """Per-occupation hard-to-fill score in [0, 1] (share of open places nobody in the region can fill now):
    the ``hard_to_fill`` input of :func:`matchmaker.engine.partners.talent_pipelines`.

    Examples
    --------
    >>> import numpy as np, tests.engine.ecosystem_cases as cases
    >>> case = cases.pipeline_case()
    >>> scores = np.array([[0.9, 0.0, 0.0], [0.0, 0.7, 0.0], [0.0, 0.3, 0.8]])
    >>> hard_to_fill(case.needs, scores=scores, n_occupations=6).round(2).tolist()
    [0.0, 0.5, 0.75, 0.67, 0.0, 0.0]
    """
    return shortage_arrays(needs, programmes, scores=scores, feasible=feasible, n_occupations=n_occupations,
                           threshold=threshold)["hard_to_fill"]


def shortages(needs: NeedArrays, programmes: ProgrammeArrays | None = None, *, scores, feasible=None,
              n_occupations: int, threshold: float = 0.5,
              occupation_labels: Sequence[str] | None = None) -> Iterator[Shortage]:
    """Occupations with open demand, largest gap first (then largest demand, then occupation index).

    Examples
    --------
    >>> import numpy as np, tests.engine.ecosystem_cases as cases
    >>> case = cases.pipeline_case()
    >>> scores = np.array([[0.9, 0.0, 0.0], [0.0, 0.7, 0.0], [0.0, 0.3, 0.8]])
    >>> s = next(shortages(case.needs, scores=scores, n_occupations=6, occupation_labels=case.occupation_labels))
    >>> from matchmaker.explanations import render
    >>> print(render(s.facts, "en"))  # doctest: +NORMALIZE_WHITESPACE
    Care assistant: 4 open places. 1 person in the region could fill one now. No programme leads to this work.
    3 places short.
    """
    a = shortage_arrays(needs, programmes, scores=scores, feasible=feasible, n_occupations=n_occupations,
                        threshold=threshold)
    idx = np.flatnonzero(a["demand"] > 0)
    idx = idx[np.lexsort((idx, -a["demand"][idx], -a["gap"][idx]))]
    for i in idx.tolist():
        d, p, c, g, g2 = (int(a[k][i]) for k in ("demand", "people", "programme_capacity", "gap", "gap_after_training"))
        yield Shortage(occupation=i, demand=d, people=p, programme_capacity=c, gap=g, gap_after_training=g2,
                       hard_to_fill=float(a["hard_to_fill"][i]),
                       facts=(fact("insight.shortage", occupation=label(occupation_labels, i, "occupation"), demand=d,
                                   people=p, capacity=c, gap=g, gap_after_training=g2),))


# --------------------------------------------------------------------------------------------- unused


@dataclass(frozen=True, eq=False)
class UnusedPotential:
    """People with no feasible suggestion and what blocks them.

    ``people`` are the person rows; ``barrier[i]`` is the index into :data:`BARRIERS` of the barrier whose
    removal alone opens the most needs for ``people[i]`` (-1 when no single barrier does: several block at
    once) and ``unlocked[i]`` how many needs it would open. ``counts`` maps barrier name (and
    ``"several"``) to the number of people; ``by_group`` maps target group to such counts.
    """

    people: np.ndarray
    barrier: np.ndarray
    unlocked: np.ndarray
    counts: dict[str, int]
    by_group: dict[str, dict[str, int]] = field(default_factory=dict)
    facts: tuple[dict, ...] = ()

    def barrier_of(self, person: int) -> str | None:
        """The barrier name for a person row (None if the person is not unused, "several" if no single one)."""
        hit = np.flatnonzero(self.people == person)
        if not len(hit):
            return None
        b = int(self.barrier[hit[0]])
        return BARRIERS[b] if b >= 0 else "several"


def unused_potential(
    feasible=None,
    *,
    distance,
    hours,
    accommodation,
    language,
    months,
    skills,
    bridgeable=None,
    target_groups=None,
    population: int | None = None,
    chunk: int = 1024,
) -> UnusedPotential:
    """Group the people with no feasible need by the barrier whose removal alone would open one.

    Parameters
    ----------
    feasible : bool array people x needs, optional
        Default: the AND of all constraint arrays.
    distance, hours, accommodation, language, months, skills : bool arrays people x needs
        Per-constraint *pass* flags (True = the constraint is met).
    bridgeable : bool array people x needs, optional
        Where the skills fail: True when a programme in reach closes the gap ("training"), False when none
        does ("programme"). Default: no programme closes any gap.
    target_groups : int array, optional
        Bitmask per person over ``vocabulary.TARGET_GROUPS``, only to count the barriers per group.
    population : int, optional
        How many people the explanation counts "of" when the arrays hold only some of them (e.g. only the people
        without a feasible need, which is all this needs). Default: the arrays' rows.

    For each such person and need, the failing constraints are counted; a need whose only failing constraint
    is ``b`` would open if ``b`` were removed. The person's barrier is the one that would open the most needs
    (ties in :data:`BARRIERS` order). Processed in chunks of ``chunk`` people.

    Examples
    --------
    >>> import numpy as np
    >>> ok = np.ones((1, 2), bool)
    >>> acc = np.array([[False, False]])          # no wheelchair-accessible workplace
    >>> dist = np.array([[True, False]])          # the second need is also too far
    >>> u = unused_potential(distance=dist, hours=ok, accommodation=acc, language=ok, months=ok, skills=ok)
    >>> u.barrier_of(0), u.counts["accommodation"]
    ('accommodation', 1)
    """
    passes = {"distance": distance, "hours": hours, "accommodation": accommodation, "language": language,
              "months": months, "skills": skills}
    shape = np.shape(distance.toarray() if sparse.issparse(distance) else distance)
    if len(shape) != 2:
        raise ArrayShapeError(f"constraint arrays must be people x needs, got shape {shape}")
    arrays = {k: _dense_bool(v, shape, k) for k, v in passes.items()}
    bridge = _dense_bool(bridgeable, shape, "bridgeable") if bridgeable is not None else np.zeros(shape, bool)
    if feasible is None:
        feas_any = np.logical_and.reduce(list(arrays.values())).any(axis=1)
    else:
        feas_any = _dense_bool(feasible, shape, "feasible").any(axis=1)
    people = np.flatnonzero(~feas_any)
    barrier = np.full(len(people), -1, dtype=np.int64)
    unlocked = np.zeros(len(people), dtype=np.int64)
    for start in range(0, len(people), chunk):
        rows = people[start:start + chunk]
        fail = np.stack([
            ~arrays["distance"][rows], ~arrays["accommodation"][rows], ~arrays["language"][rows],
            ~arrays["hours"][rows], ~arrays["months"][rows],
            ~arrays["skills"][rows] & ~bridge[rows], ~arrays["skills"][rows] & bridge[rows],
        ])  # barriers x people x needs
        sole = fail & (fail.sum(axis=0) == 1)[None]
        opened = sole.sum(axis=2).T  # people x barriers
        best = np.argmax(opened, axis=1)
        n_best = opened[np.arange(len(rows)), best]
        barrier[start:start + len(rows)] = np.where(n_best > 0, best, -1)
        unlocked[start:start + len(rows)] = n_best
    if target_groups is not None and np.asarray(target_groups).reshape(-1).shape[0] != shape[0]:
        raise ArrayShapeError(f"target_groups has {np.asarray(target_groups).reshape(-1).shape[0]} people, the "
                              f"constraint arrays {shape[0]}")
    return _summarised(people, barrier, unlocked, target_groups, shape[0] if population is None else population)


def _summarised(people, barrier, unlocked, target_groups, population: int) -> UnusedPotential:
    """The counts, counts per target group and explanation of people's barriers."""
    names = np.array(BARRIERS + ("several",))
    label_of = names[np.where(barrier >= 0, barrier, len(BARRIERS))]
    counts = {b: int((label_of == b).sum()) for b in names}
    by_group: dict[str, dict[str, int]] = {}
    if target_groups is not None:
        tg = np.asarray(target_groups, np.int64).reshape(-1)
        for i, g in enumerate(TARGET_GROUPS):
            member = (tg[people] >> i & 1).astype(bool)
            if member.any():
                by_group[g] = {b: int((label_of[member] == b).sum()) for b in names if (label_of[member] == b).any()}
    facts = (fact("insight.unused", count=len(people), total=population,
                  barriers={b: counts[b] for b in (*BARRIERS, "several") if counts[b]}),)
    return UnusedPotential(people=people, barrier=barrier, unlocked=unlocked, counts=counts, by_group=by_group,
                           facts=facts)


def joined(parts: Sequence[tuple[int, UnusedPotential]], *, target_groups=None, population: int) -> UnusedPotential:
    """One :class:`UnusedPotential` from the ones of consecutive blocks of people (each with the row its block
    starts at): the same as :func:`unused_potential` over all of them at once, whose every result is per person.

    >>> ok, far = np.ones((1, 1), bool), np.zeros((1, 1), bool)
    >>> a = unused_potential(distance=far, hours=ok, accommodation=ok, language=ok, months=ok, skills=ok)
    >>> b = unused_potential(distance=ok, hours=far, accommodation=ok, language=ok, months=ok, skills=ok)
    >>> both = joined([(0, a), (1, b)], population=2)
    >>> both.barrier_of(0), both.barrier_of(1), both.counts["distance"], both.counts["hours"]
    ('distance', 'hours', 1, 1)
    """
    people = np.concatenate([start + part.people for start, part in parts]) if parts else np.zeros(0, np.int64)
    barrier = np.concatenate([part.barrier for _, part in parts]) if parts else np.zeros(0, np.int64)
    unlocked = np.concatenate([part.unlocked for _, part in parts]) if parts else np.zeros(0, np.int64)
    return _summarised(people, barrier, unlocked, target_groups, population)


# --------------------------------------------------------------------------------------------- time series


@dataclass(frozen=True, eq=False)
class MonthlySeries:
    """Counts per calendar month: ``months`` as "YYYY-MM" and one int array per series, same length."""

    months: tuple[str, ...]
    needs_posted: np.ndarray
    matches_proposed: np.ndarray
    partnerships_proposed: np.ndarray
    facts: tuple[dict, ...]


def _to_months(values) -> np.ndarray:
    if isinstance(values, np.ndarray) and values.dtype.kind == "M":
        return values.astype("datetime64[M]").reshape(-1)
    out = []
    for v in list(values):
        if isinstance(v, _dt.datetime) and v.tzinfo is not None:
            v = v.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        elif isinstance(v, str):
            v = v.strip()[:7]  # "YYYY-MM"
        out.append(np.datetime64(v, "M"))
    return np.array(out, dtype="datetime64[M]")


def monthly_series(*, needs_posted=(), matches_proposed=(), partnerships_proposed=(), start=None,
                   end=None) -> MonthlySeries:
    """Count dated events per calendar month, from ``start`` to ``end`` (default: first to last event).

    Timestamps may be numpy datetime64, ``datetime``/``date`` objects (aware ones are taken in UTC) or ISO
    strings. Months without events are present with zeros, so the series can be plotted directly.

    Examples
    --------
    >>> s = monthly_series(needs_posted=["2024-01-05", "2024-03-10", "2024-03-11"],
    ...                    matches_proposed=["2024-02-01"])
    >>> s.months, s.needs_posted.tolist(), s.matches_proposed.tolist()
    (('2024-01', '2024-02', '2024-03'), [1, 0, 2], [0, 1, 0])
    """
    series = [_to_months(x) for x in (needs_posted, matches_proposed, partnerships_proposed)]
    allm = np.concatenate(series) if any(len(s) for s in series) else np.array([], dtype="datetime64[M]")
    lo = np.datetime64(start, "M") if start is not None else (allm.min() if len(allm) else None)
    hi = np.datetime64(end, "M") if end is not None else (allm.max() if len(allm) else None)
    if lo is None or hi is None:
        empty = np.zeros(0, int)
        return MonthlySeries((), empty, empty, empty, (fact("insight.no_events"),))
    if hi < lo:
        raise InvalidParameter(f"end {hi} is before start {lo}")
    n = int((hi - lo).astype(int)) + 1
    counts = []
    for s in series:
        k = (s - lo).astype(int)
        k = k[(k >= 0) & (k < n)]
        counts.append(np.bincount(k, minlength=n).astype(int))
    months = tuple(str(lo + i) for i in range(n))
    totals = [int(c.sum()) for c in counts]
    facts = [fact("insight.progress", first=months[0], last=months[-1], needs=totals[0], matches=totals[1],
                  partnerships=totals[2])]
    if n >= 2:
        facts.append(fact("insight.last_month", month=months[-1], now=[int(c[-1]) for c in counts],
                          before=[int(c[-2]) for c in counts]))
    return MonthlySeries(months, counts[0], counts[1], counts[2], tuple(facts))


# --------------------------------------------------------------------------------------------- network


@dataclass(frozen=True)
class NetworkMetrics:
    """Size and shape of the ecosystem graph."""

    nodes_by_type: dict[str, int]
    edges_by_type: dict[str, int]
    organisations: int
    connected_organisations: int
    density: float
    clusters: tuple[Cluster, ...]
    brokers: tuple[Broker, ...]
    facts: tuple[dict, ...]


def network_metrics(G: nx.Graph, *, k: int | None = None, seed: int = 0, top_brokers: int = 5) -> NetworkMetrics:
    """Counts by node and edge type, the organisation projection's density, clusters and brokers.

    Examples
    --------
    >>> import tests.engine.ecosystem_cases as cases
    >>> m = network_metrics(cases.two_clusters_case().graph)
    >>> m.organisations, len(m.clusters), m.edges_by_type["partner"]
    (7, 2, 8)
    """
    P = organisation_projection(G)
    cl = clusters(G, seed=seed, projection=P)
    br = brokers(G, k, top=top_brokers, seed=seed, cluster_list=cl, projection=P)
    nodes = Counter(d.get("type", "") for _, d in G.nodes(data=True))
    edges = Counter(d.get("type", "") for _, _, d in G.edges(data=True))
    n_org = P.number_of_nodes()
    connected = sum(1 for v in P.nodes if P.degree(v) > 0)
    density = nx.density(P) if n_org > 1 else 0.0
    big = [c for c in cl if len(c.organisations) > 1]
    facts = (fact("insight.network", organisations=n_org, connected=connected, clusters=[c.name["params"] for c in big]),
             *((fact("insight.main_broker"), *br[0].facts) if br else ()))
    return NetworkMetrics(dict(nodes), dict(edges), n_org, connected, float(density), tuple(cl), tuple(br), facts)
