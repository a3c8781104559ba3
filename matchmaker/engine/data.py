"""The engine's inputs: plain arrays indexed by position.

Services build these from the database (one row per record, in a fixed order, with the database ids kept in
``ids`` so results can be mapped back); the engine never sees a session. Sets of vocabulary entries
(accommodations, target groups, months, levers) are bitmasks as defined in :mod:`matchmaker.vocabulary`.
Skill and occupation memberships are ``scipy.sparse.csr_matrix`` with 1.0 entries.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .errors import ArrayShapeError


def binary(matrix) -> sparse.csr_matrix:
    """A float32 CSR copy of ``matrix`` with every stored non-zero set to 1 (memberships are 0/1).

    >>> binary(np.array([[0, 2], [3, 0]])).toarray().tolist()
    [[0.0, 1.0], [1.0, 0.0]]
    """
    m = sparse.csr_matrix(matrix, dtype=np.float32, copy=True)
    m.sum_duplicates()
    m.eliminate_zeros()
    m.data[:] = 1.0
    return m


def as_csr(matrix, shape=None, *, dtype=None, name: str = "matrix") -> sparse.csr_matrix:
    """``matrix`` as CSR: itself when it is CSR already (of ``dtype``, when given), else a CSR copy (converted to
    ``dtype``). With ``shape``, an :class:`~matchmaker.engine.errors.ArrayShapeError` naming ``name`` when the
    shape differs.

    >>> m = sparse.csr_matrix(np.eye(2, dtype=np.float32))
    >>> as_csr(m) is m, as_csr(m, dtype=float).dtype.name
    (True, 'float64')
    >>> as_csr(np.eye(2), (2, 3), name="needs.optional")
    Traceback (most recent call last):
    ...
    matchmaker.engine.errors.ArrayShapeError: needs.optional has shape (2, 2), expected (2, 3)
    """
    if sparse.issparse(matrix) and matrix.format == "csr" and (dtype is None or matrix.dtype == np.dtype(dtype)):
        m = matrix
    else:
        m = sparse.csr_matrix(matrix, dtype=dtype)
    if shape is not None and m.shape != tuple(shape):
        raise ArrayShapeError(f"{name} has shape {m.shape}, expected {tuple(shape)}")
    return m


def bit_rows(row: np.ndarray, position: np.ndarray, n_rows: int, words: int) -> np.ndarray:
    """``words`` × ``n_rows`` uint64 bit sets with bit ``position[i]`` of row ``row[i]`` set (pairs distinct);
    word-major, so that reading the bits of many rows is one 1-d ``take`` per word. The engine's one bit-set
    builder (the bulk matcher's common skills).

    >>> bit_rows(np.array([0, 0, 1]), np.array([0, 65, 3]), 2, 2).tolist()
    [[1, 8], [2, 0]]
    """
    key = row * words + position // 64
    value = np.left_shift(np.uint64(1), (position % 64).astype(np.uint64))
    if np.any(key[1:] < key[:-1]):  # CSR rows with sorted columns come in order already
        order = np.argsort(key, kind="stable")
        key, value = key[order], value[order]
    bits = np.zeros((words, n_rows), np.uint64)
    if len(key):
        starts = np.flatnonzero(np.concatenate([[True], key[1:] != key[:-1]]))
        bits[key[starts] % words, key[starts] // words] = np.add.reduceat(value, starts)  # distinct bits: sum = union
    return bits


def ranges(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """``starts[i], starts[i] + 1, …, starts[i] + counts[i] - 1`` for every i, concatenated.

    >>> ranges(np.array([5, 0]), np.array([2, 3])).tolist()
    [5, 6, 0, 1, 2]
    """
    return np.repeat(starts - np.cumsum(counts) + counts, counts) + np.arange(counts.sum())


def row_indices(matrix, i: int) -> np.ndarray:
    """The column indices stored in row ``i``, read in place from a CSR matrix (no copy of the matrix or the
    row: scipy's row indexing costs tens of microseconds per call).

    >>> row_indices(sparse.csr_matrix(np.array([[0, 2, 1], [3, 0, 0]])), 0).tolist()
    [1, 2]
    """
    m = as_csr(matrix)
    return m.indices[m.indptr[i]:m.indptr[i + 1]]


@dataclass(frozen=True)
class SkillSpace:
    """The taxonomy as matrices.

    ``essential[i, s] == 1`` when skill ``s`` is essential for occupation ``i``; likewise ``optional``.
    ``skill_group[s]`` is the index (into ``group_labels``) of the skill's nearest broader group, or -1.
    ``related`` is a symmetric skills x skills matrix with 1.0 where ESCO relates two skills.
    ``isco_group[i]`` is the 4-digit ISCO code of occupation ``i`` ("" when unknown).
    ``group_parent[g]`` is the index of group ``g``'s broader group, or -1 (None: no group hierarchy known).
    ``on_the_job[s]`` is True when skill ``s`` is learned at any work, so a gap in it needs no programme
    (:func:`matchmaker.engine.bridges.learned_on_the_job`; None: no skill is).
    """

    occupation_ids: np.ndarray
    occupation_labels: tuple[str, ...]
    isco_group: tuple[str, ...]
    skill_ids: np.ndarray
    skill_labels: tuple[str, ...]
    essential: sparse.csr_matrix
    optional: sparse.csr_matrix
    skill_group: np.ndarray
    group_labels: tuple[str, ...]
    related: sparse.csr_matrix
    group_parent: np.ndarray | None = None
    on_the_job: np.ndarray | None = None

    @property
    def n_occupations(self) -> int:
        return len(self.occupation_ids)

    @property
    def n_skills(self) -> int:
        return len(self.skill_ids)


@dataclass(frozen=True)
class PeopleArrays:
    """People, one row each. ``past_occupations[p, i]`` is the years person ``p`` worked as occupation ``i``."""

    ids: np.ndarray
    skills: sparse.csr_matrix  # people x skills
    past_occupations: sparse.csr_matrix  # people x occupations, years of experience
    lat: np.ndarray
    lon: np.ndarray
    radius_km: np.ndarray
    hours: np.ndarray  # hours per week the person can work
    dutch_level: np.ndarray  # index into vocabulary.DUTCH_LEVELS
    accommodations_needed: np.ndarray  # bitmask over vocabulary.ACCOMMODATIONS
    available_months: np.ndarray  # 12-bit mask
    target_groups: np.ndarray  # bitmask over vocabulary.TARGET_GROUPS (opens doors, never lowers a score)
    #: work-capacity limits (special-category): bitmask over vocabulary.WORK_DEMANDS the person cannot meet, and the
    #: most hours a week they can work (0 = no maximum); None = no limits for anyone
    capacity_limits: np.ndarray | None = None
    max_hours: np.ndarray | None = None
    #: ISCO skill level (1-4) the person's education prepares for (:data:`matchmaker.engine.levels.EDUCATION_LEVEL`);
    #: None = unknown (only the occupations they held count)
    skill_level: np.ndarray | None = None
    #: the highest ISCO skill level (1-4) of the occupations the person held, 0 none (:mod:`matchmaker.engine.levels`);
    #: None = not looked at
    work_level: np.ndarray | None = None
    #: whether a Dutch course lies within reach (:func:`matchmaker.engine.bridges.with_language_courses`): a Dutch
    #: level one step short of a need's is then bridged by it; None = not looked at (the level must be met)
    dutch_course: np.ndarray | None = None
    #: whether the person wants to learn a new trade: a programme may then take longer than the seasonal or short
    #: work it opens (:func:`matchmaker.engine.bridges.in_proportion`); None = nobody does
    career_change: np.ndarray | None = None

    def wants_career_change(self, p: int) -> bool:
        return self.career_change is not None and bool(self.career_change[p])

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class NeedArrays:
    """Open needs, one row each."""

    ids: np.ndarray
    organisation_ids: np.ndarray
    occupation: np.ndarray  # row index into SkillSpace occupations, -1 when none
    essential: sparse.csr_matrix  # needs x skills
    optional: sparse.csr_matrix  # needs x skills
    lat: np.ndarray
    lon: np.ndarray
    hours: np.ndarray  # hours per week asked
    dutch_level: np.ndarray  # minimum, index into vocabulary.DUTCH_LEVELS
    accommodations_offered: np.ndarray  # bitmask: the need's own plus its organisation's
    months: np.ndarray  # 12-bit mask of months the work is done
    headcount: np.ndarray
    trains_on_job: np.ndarray  # bool
    welcomes_groups: np.ndarray  # bitmask over vocabulary.TARGET_GROUPS
    kind: np.ndarray  # index into vocabulary.NEED_KINDS
    #: bitmask over vocabulary.WORK_DEMANDS: stated on the need or its occupation's defaults; None = no demands
    demands: np.ndarray | None = None
    #: ISCO skill level (1-4, 0 unknown) of the need's occupation; None = levels not checked
    level: np.ndarray | None = None
    #: bool: entry-level work, open to beginners (an ISCO elementary occupation, or one the taxonomy marks open to
    #: starters); where the employer trains on the job it asks no skills up front. None = none is
    beginners: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class ProgrammeArrays:
    """Training programmes, one row each."""

    ids: np.ndarray
    organisation_ids: np.ndarray
    skills: sparse.csr_matrix  # programmes x skills taught
    occupations: sparse.csr_matrix  # programmes x occupations it leads to
    lat: np.ndarray
    lon: np.ndarray
    duration_months: np.ndarray
    start_months: np.ndarray  # 12-bit mask
    mode: np.ndarray  # index into vocabulary.PROGRAMME_MODES
    capacity: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class OrganisationArrays:
    """Organisations, one row each. ``lever_strength[o, l]`` is 0..3 on lever ``l``; ``lever_asks`` a bitmask."""

    ids: np.ndarray
    names: tuple[str, ...]
    kind: np.ndarray  # index into vocabulary.ORGANISATION_KINDS
    sector: np.ndarray  # index into vocabulary.SECTORS
    lat: np.ndarray
    lon: np.ndarray
    lever_strength: np.ndarray  # organisations x 4, ints 0..3
    lever_asks: np.ndarray  # bitmask over vocabulary.LEVERS
    pioneer: np.ndarray  # bool

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class PartnerRequestArrays:
    """Open partner requests, one row each."""

    ids: np.ndarray
    organisation: np.ndarray  # row index into OrganisationArrays
    direction: np.ndarray  # index into vocabulary.PARTNER_REQUEST_DIRECTIONS
    kind: np.ndarray  # index into vocabulary.PARTNER_REQUEST_KINDS
    months: np.ndarray  # 12-bit mask (staff sharing)
    lever: np.ndarray  # index into vocabulary.LEVERS, -1 when none
    occupation: np.ndarray  # row index into SkillSpace occupations, -1 when none

    def __len__(self) -> int:
        return len(self.ids)
