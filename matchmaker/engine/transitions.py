"""Asymmetric occupation-to-occupation similarity, after Nesta's *Mapping Career Causeways*.

The similarity of a move A → B is the share of B's essential skills that A already covers, counting A's
essential and optional skills. A required skill is covered with the best credit any held skill gives it:

* the same skill: 1;
* a skill in the same narrowest ESCO skill group (``SkillSpace.skill_group``): ``CreditOptions.sibling``;
* a skill in another group under the same broader ESCO group (``SkillSpace.group_parent``), a *cousin*:
  ``CreditOptions.cousin``;
* a skill ESCO relates to it (``SkillSpace.related``): ``CreditOptions.related``.

Credits are maxed, not summed, so holding five cousins of a skill is worth no more than one cousin and never
more than the skill itself. The reasons for the defaults are in :class:`CreditOptions`.

Cousins give partial credit across ESCO's narrowest groups for skills close in meaning: "deal with customer
complaints" (ESCO *providing information and support to the public and clients*) and "advise customers on
products" (*promoting, selling and purchasing*) both sit under *communication, collaboration and creativity*,
so a waiter moving to a shop is no longer scored 0 on the shop's customer contact. Nesta's *Mapping Career
Causeways* compares skill descriptions with sentence embeddings for this; the rule here reads the same
closeness from ESCO's own hierarchy, so it needs no model, no download and gives the same answer everywhere
(a model-based credit is not shipped: no registry package carries a small offline sentence model for Dutch
and English skill texts that the default install could take on).

All occupations are computed at once with sparse products (3,007 × 13,896 ESCO: a few seconds, see
``bench/engine_bench.py``); the result is a dense float32 occupations × occupations array with 1 on the
diagonal.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields

import numpy as np
from scipy import sparse

from .data import SkillSpace, binary
from .errors import CalibrationError, InvalidParameter, UnknownOccupation, check_index
from matchmaker.explanations import fact

@dataclass(frozen=True)
class CreditOptions:
    """How much a held skill counts towards a required skill it is not (the skill itself counts 1).

    ``sibling=0.5``: the narrowest ESCO groups hold skills that share tools and context (*manage kitchen stock* /
    *manage warehouse stock*), so half of the learning is typically done, and a move covered only by siblings
    (similarity 0.5) stays below a move covered by the skills themselves. ``cousin=0.25``: a skill in another
    narrow group under the same broader group (*deal with customer complaints* / *advise customers on
    products*) is the same kind of task in a new context: half a sibling. ``related=0.25``: ESCO's skill-skill
    relations mostly link a skill to knowledge it builds on, which helps learning but does not substitute: half
    a sibling.

    >>> CreditOptions().cousin, CreditOptions(cousin=0).cousin
    (0.25, 0)
    """

    sibling: float = 0.5
    cousin: float = 0.25
    related: float = 0.25

    def __post_init__(self):
        for item in fields(self):
            value = getattr(self, item.name)
            if not 0.0 <= value <= 1.0:
                raise InvalidParameter(f"the {item.name} credit must lie in [0, 1], got {value}")


CREDITS = CreditOptions()


def _group_matrix(space: SkillSpace, columns: np.ndarray | None = None, *, groups=None) -> sparse.csr_matrix:
    """Skills × groups one-hot; rows of skills outside ``columns`` (a bool mask) are left empty. ``groups``: a
    group per skill (default ``space.skill_group``; -1 = none)."""
    groups = np.asarray(space.skill_group if groups is None else groups)
    keep = groups >= 0 if columns is None else (groups >= 0) & columns
    rows = np.flatnonzero(keep)
    n_groups = max(len(space.group_labels), int(groups.max(initial=-1)) + 1)
    return sparse.csr_matrix((np.ones(len(rows), np.float32), (rows, groups[rows])),
                             shape=(space.n_skills, n_groups))


def skill_area(space: SkillSpace) -> np.ndarray:
    """Per skill, the broader group of its group (its *area*: cousins share it), or -1.

    An area must itself sit under a group: a root of the hierarchy (ESCO's "skills", "knowledge") is too broad
    to make two skills close. -1 as well when the space has no group hierarchy.

    >>> from matchmaker.engine.examples import toy_space
    >>> skill_area(toy_space()).tolist()                  # no hierarchy
    [-1, -1, -1, -1, -1, -1]
    >>> skill_area(toy_space(hierarchy=True)).tolist()
    [3, 3, 3, 3, 4, 3]
    """
    groups = np.asarray(space.skill_group)
    if space.group_parent is None or not len(space.group_parent):
        return np.full(len(groups), -1, np.int64)
    parent = np.asarray(space.group_parent, np.int64)
    area = np.where(groups >= 0, parent[np.maximum(groups, 0)], -1)
    return np.where((area >= 0) & (parent[np.maximum(area, 0)] >= 0), area, -1)


def skill_credit_matrix(space: SkillSpace, *, options: CreditOptions = CREDITS) -> sparse.csr_matrix:
    """Credit a held skill (row) gives a required skill (column): 1, sibling, cousin, related or nothing.

    The matrix is explicit, so its size grows with the square of the skill-group sizes; bulk computations
    use the factorised form inside :func:`credit_for` instead.

    Parameters
    ----------
    space : SkillSpace
    options : CreditOptions

    Returns
    -------
    scipy.sparse.csr_matrix
        skills × skills, float32, symmetric, 1 on the diagonal.

    Examples
    --------
    >>> from matchmaker.engine.examples import toy_space
    >>> c = skill_credit_matrix(toy_space())
    >>> float(c[2, 1]), float(c[3, 5]), float(c[0, 4]), float(c[0, 3])   # sibling, sibling (and related), -, -
    (0.5, 0.5, 0.0, 0.0)
    >>> float(skill_credit_matrix(toy_space(hierarchy=True))[0, 3])         # cousins: kitchen work, stock keeping
    0.25
    """
    g = _group_matrix(space)
    credit = binary(g @ g.T) * np.float32(options.sibling)
    a = _group_matrix(space, groups=skill_area(space))
    credit = credit.maximum(binary(a @ a.T) * np.float32(options.cousin))
    credit = credit.maximum(binary(space.related) * np.float32(options.related))
    credit = credit.maximum(sparse.identity(space.n_skills, dtype=np.float32, format="csr"))
    credit = sparse.csr_matrix(credit, dtype=np.float32)
    credit.eliminate_zeros()
    return credit


def credit_for(space: SkillSpace, held, *, options: CreditOptions = CREDITS,
               columns: np.ndarray | None = None) -> sparse.csr_matrix:
    """Best credit each row of ``held`` (rows × skills, nonzero = held) earns on every skill.

    Equal to ``max_s held[r, s] * skill_credit_matrix(space)[s, t]`` but computed with boolean sparse products
    (exact, same group, same area, related), never forming the skills × skills sibling or cousin blocks.

    Parameters
    ----------
    held : sparse or dense array, rows × skills
    options : CreditOptions
    columns : bool array over skills, optional
        Only these required skills get credit (saves memory when only, say, essential skills matter).

    Returns
    -------
    scipy.sparse.csr_matrix
        rows × skills, float32 values in {0, and the credits of ``options``, 1}.

    Examples
    --------
    >>> from matchmaker.engine.examples import toy_space
    >>> held = sparse.csr_matrix(([1.0], ([0], [5])), shape=(1, 6))   # holds 'manage warehouse stock'
    >>> credit_for(toy_space(), held).toarray().round(2).tolist()
    [[0.0, 0.0, 0.0, 0.5, 0.0, 1.0]]
    >>> credit_for(toy_space(hierarchy=True), held).toarray().round(2).tolist()   # kitchen work: cousins
    [[0.25, 0.25, 0.25, 0.5, 0.0, 1.0]]
    """
    held = binary(held)
    keep = None if columns is None else np.asarray(columns, bool)
    only = (lambda m: m) if keep is None else (lambda m: m @ sparse.diags(keep.astype(np.float32)))
    credit = binary(only(held)).astype(np.float32)
    area = skill_area(space)
    for groups, value in ((space.skill_group, options.sibling), (area, options.cousin)):
        if value > 0 and np.any(np.asarray(groups) >= 0):
            close = binary(binary(held @ _group_matrix(space, groups=groups)) @ _group_matrix(space, keep, groups=groups).T)
            credit = credit.maximum(close * np.float32(value))
    if options.related > 0:
        credit = credit.maximum(binary(held @ binary(only(space.related))) * np.float32(options.related))
    credit = sparse.csr_matrix(credit, dtype=np.float32)
    credit.eliminate_zeros()
    return credit


def transition_matrix(space: SkillSpace, *, options: CreditOptions = CREDITS) -> np.ndarray:
    """Similarity of every move A → B: the credited share of B's essential skills A covers.

    Parameters
    ----------
    space : SkillSpace
    options : CreditOptions
        See :class:`CreditOptions` for the defaults' reasoning.

    Returns
    -------
    numpy.ndarray
        float32, occupations × occupations, ``S[a, b]`` = similarity of moving from ``a`` to ``b``;
        the diagonal is 1; a target without essential skills has similarity 0 from every other occupation.

    Examples
    --------
    >>> from matchmaker.engine.examples import toy_space
    >>> transition_matrix(toy_space()).astype(float).round(3).tolist()
    [[1.0, 0.833, 0.25], [0.75, 1.0, 0.25], [0.0, 0.167, 1.0]]

    Kitchen assistant → cook: 'prepare vegetables' 1 + 'plan menus' 0.5 (sibling of 'wash dishes') +
    'manage kitchen stock' 1 (optional skill) = 2.5 of 3. Cook → kitchen assistant: 0.5 + 1 = 1.5 of 2.
    With the hierarchy, the order picker's 'manage warehouse stock' is a cousin of the kitchen's skills:

    >>> transition_matrix(toy_space(hierarchy=True)).astype(float).round(3).tolist()
    [[1.0, 0.833, 0.25], [0.75, 1.0, 0.25], [0.25, 0.333, 1.0]]
    """
    essential = binary(space.essential)
    required = np.asarray(essential.sum(axis=0)).ravel() > 0
    held = binary(space.essential + space.optional)
    credit = credit_for(space, held, options=options, columns=required)
    covered = (credit @ essential.T).toarray().astype(np.float32, copy=False)  # a × b credited sums
    n_essential = np.asarray(essential.sum(axis=1), dtype=np.float32).ravel()
    with np.errstate(divide="ignore", invalid="ignore"):
        similarity = np.where(n_essential > 0, covered / n_essential, np.float32(0.0)).astype(np.float32)
    np.minimum(similarity, 1.0, out=similarity)
    np.fill_diagonal(similarity, 1.0)
    return similarity


def viable_threshold(similarity: np.ndarray, isco_group: Sequence[str], *, digits: int = 4) -> float:
    """Calibrate the "viable move" threshold as in *Mapping Career Causeways*.

    Mean minus one (population) standard deviation of the similarities between distinct occupations that
    share their ``digits``-digit ISCO group, in both directions.

    Parameters
    ----------
    similarity : ndarray, occupations × occupations
    isco_group : sequence of str
        ISCO code per occupation; empty codes are left out.

    Returns
    -------
    float

    Raises
    ------
    CalibrationError
        When no ISCO group holds two occupations.

    Examples
    --------
    >>> s = np.array([[1.0, 0.8, 0.1], [0.6, 1.0, 0.2], [0.0, 0.3, 1.0]], dtype=np.float32)
    >>> round(viable_threshold(s, ["9412", "9412", "5120"]), 3)   # pairs 0.8, 0.6: mean 0.7, sd 0.1
    0.6
    """
    codes = np.array([str(code)[:digits] for code in isco_group], dtype=object)
    if len(codes) != similarity.shape[0]:
        raise InvalidParameter("isco_group must have one code per occupation")
    known = np.flatnonzero(codes != "")
    order = known[np.argsort(codes[known], kind="stable")]
    _, starts, counts = np.unique(codes[order], return_index=True, return_counts=True)
    values = []
    for start, count in zip(starts, counts):
        if count < 2:
            continue
        idx = order[start:start + count]
        block = similarity[np.ix_(idx, idx)]
        values.append(block[~np.eye(count, dtype=bool)])
    if not values:
        raise CalibrationError("no ISCO group holds two occupations: cannot calibrate a viable threshold")
    pairs = np.concatenate(values).astype(np.float64)
    return float(pairs.mean() - pairs.std())


def top_transitions(similarity: np.ndarray, source: int, *, limit: int | None = 10,
                    min_similarity: float = 0.0) -> Iterator[tuple[int, float]]:
    """Yield ``(target, similarity)`` from ``source``, best first, ties by target index; never ``source``.

    Examples
    --------
    >>> from matchmaker.engine.examples import toy_space
    >>> s = transition_matrix(toy_space())
    >>> [(t, round(v, 3)) for t, v in top_transitions(s, 0)]
    [(1, 0.833), (2, 0.25)]
    >>> list(top_transitions(s, 2, min_similarity=0.2))
    []
    """
    source = check_index(source, similarity.shape[0], UnknownOccupation, "occupation")
    row = similarity[source].astype(np.float64)
    order = np.argsort(-row, kind="stable")
    order = order[(order != source) & (row[order] >= min_similarity)]
    if limit is not None:
        order = order[:limit]
    for target in order:
        yield int(target), float(row[target])


@dataclass(frozen=True)
class Transition:
    """One explained move A → B.

    ``shared``: B's essential skills A holds; ``partial``: (required skill, held skill giving credit, credit);
    ``missing``: B's essential skills with no credit at all. All are skill indices.
    """

    source: int
    target: int
    similarity: float
    viable: bool
    threshold: float
    shared: tuple[int, ...]
    partial: tuple[tuple[int, int, float], ...]
    missing: tuple[int, ...]
    facts: tuple[dict, ...]


def explain_transition(space: SkillSpace, source: int, target: int, similarity: float | None = None, *,
                       viable_threshold: float, options: CreditOptions = CREDITS) -> Transition:
    """Say which of ``target``'s essential skills ``source`` shares, nearly has, and lacks.

    Parameters
    ----------
    similarity : float, optional
        The value from :func:`transition_matrix`; recomputed for this pair when omitted.
    viable_threshold : float
        From :func:`viable_threshold`; the move is *viable* when ``similarity >= viable_threshold``.

    Examples
    --------
    >>> from matchmaker.engine.examples import toy_space
    >>> t = explain_transition(toy_space(), 0, 1, viable_threshold=0.6)
    >>> t.shared, t.partial, t.missing, round(t.similarity, 3), t.viable
    ((1, 3), ((2, 0, 0.5),), (), 0.833, True)
    >>> from matchmaker.explanations import render
    >>> print(render(t.facts, "en"))
    Work as kitchen assistant gives 2 of the 3 essential skills for cook: prepare vegetables and manage kitchen stock. For 1 more you can already do something close to it: plan menus (close to wash dishes). Nothing is entirely new. You still have to learn the skills that lie close to what you can do. Similarity 0.83: a move that can work (the bar is 0.60).
    """
    n = space.n_occupations
    source = check_index(source, n, UnknownOccupation, "occupation")
    target = check_index(target, n, UnknownOccupation, "occupation")
    held = np.flatnonzero((space.essential[source] + space.optional[source]).toarray().ravel())
    required = np.flatnonzero(space.essential[target].toarray().ravel())
    held_set = set(held.tolist())
    groups, area = np.asarray(space.skill_group), skill_area(space)
    related = sparse.csr_matrix(space.related)
    shared, partial, missing, credited = [], [], [], 0.0
    for skill in required:  # one occupation's essential skills: tens, not thousands
        if skill in held_set:
            shared.append(int(skill))
            credited += 1.0
            continue
        best = (0.0, -1)
        for kind, value in ((groups, options.sibling), (area, options.cousin)):
            close = held[kind[held] == kind[skill]] if kind[skill] >= 0 and value > 0 else held[:0]
            if len(close) and value > best[0]:
                best = (value, int(close[0]))
        if options.related > best[0]:
            neighbours = related.indices[related.indptr[skill]:related.indptr[skill + 1]]
            hits = np.intersect1d(neighbours, held)
            if len(hits):
                best = (options.related, int(hits[0]))
        if best[1] >= 0:
            partial.append((int(skill), best[1], float(best[0])))
            credited += best[0]
        else:
            missing.append(int(skill))
    if similarity is None:
        similarity = 1.0 if source == target else (credited / len(required) if len(required) else 0.0)
    similarity = float(similarity)
    viable = similarity >= viable_threshold
    labels, occupations = space.skill_labels, space.occupation_labels
    facts = [fact("transition.shared", source=occupations[source], target=occupations[target], shared=len(shared),
                  total=len(required), skills=[labels[s] for s in shared])]
    if partial:
        facts.append(fact("transition.partial", count=len(partial), pairs=[[labels[s], labels[h]] for s, h, _ in partial]))
    if missing:
        facts.append(fact("transition.missing", skills=[labels[s] for s in missing]))
    else:  # what lies close is not held: it is still to learn, and the words keep the two apart
        facts.append(fact("transition.only_close") if partial else fact("transition.nothing_missing"))
    facts.append(fact("transition.similarity", similarity=round(similarity, 4), viable=bool(viable),
                      threshold=round(float(viable_threshold), 4)))
    return Transition(source, target, similarity, viable, float(viable_threshold), tuple(shared),
                      tuple(partial), tuple(missing), tuple(facts))
