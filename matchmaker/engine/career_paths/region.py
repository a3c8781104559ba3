"""The person-independent half of career paths: step costs (:class:`PathCosts`), the region's job nodes and
training pairs (:func:`prepare_region`), built once per region and data version."""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
from scipy import sparse

from matchmaker.vocabulary import ALL_MONTHS_MASK, PROGRAMME_MODES
from ..bridges import BridgeOptions, in_proportion, longer_than_work, work_months
from ..data import NeedArrays, ProgrammeArrays, SkillSpace, binary, ranges
from ..errors import InvalidParameter
from ..levels import occupation_levels


STEP_KINDS = ("job", "training")
MOVE_NONE, MOVE_SEASONAL, MOVE_GROWTH = 0, 1, 2
MAX_JOBS = 300  # candidate jobs per person (see career_paths)
MAX_PROGRAMMES_PER_JOB = 3  # training nodes per candidate job


def _check_caps(max_jobs, max_programmes_per_job):
    if max_jobs < 1 or max_programmes_per_job < 0:
        raise InvalidParameter("max_jobs must be >= 1 and max_programmes_per_job >= 0")


@dataclass(frozen=True)
class PathCosts:
    """Weights of the step cost. A perfect-fit job next door with plenty of demand costs about ``step``.

    One full skill gap (1.0) weighs as much as a year of training or two radii of travel; demand adds at
    most 0.25 (one open place) and vanishes as head-count grows; ``step`` makes shorter paths win ties.
    ``shortage`` is the premium of a shortage-occupation step over a concrete opening (it names no employer
    and no place yet, so a real need of similar fit comes first). ``idle`` weighs a year without work: a path that ends in seasonal work pays for the months it leaves
    empty, so "harvest, then the year-end peak" beats "harvest" alone.

    >>> PathCosts().gap
    1.0
    """

    gap: float = 1.0
    training_per_year: float = 1.0
    travel: float = 0.5
    demand: float = 0.5
    step: float = 0.1
    idle: float = 0.6
    shortage: float = 0.5

    def __post_init__(self):
        if min(self.gap, self.training_per_year, self.travel, self.demand, self.step, self.idle, self.shortage) < 0:
            raise InvalidParameter("path cost weights must be >= 0")


@dataclass(frozen=True)
class Region:
    """Person-independent preparation of a region's demand (see :func:`prepare_region`).

    Everything is per job (1-d arrays, sparse jobs × skills rows) or per training pair (sparse), so memory grows
    linearly with the region's needs; the job → job moves are computed per person among the jobs that person
    can take (see :func:`career_paths`).
    """

    job_need: np.ndarray  # need row, -1 for a shortage occupation
    job_occ: np.ndarray
    job_months: np.ndarray
    job_headcount: np.ndarray
    job_trains: np.ndarray
    job_essential: sparse.csr_matrix  # jobs × skills
    job_n_essential: np.ndarray
    job_held: sparse.csr_matrix  # skills a person has after doing the job
    job_org: np.ndarray  # organisation code per job, -1 for a shortage occupation (or a need without one)
    job_worked: np.ndarray  # months of the year the job fills
    skill_jobs: sparse.csr_matrix  # skills × jobs: the jobs that require each skill (essential)
    pair_programme: np.ndarray  # training pairs, sorted by job (programme and job indices in their smallest type)
    pair_job: np.ndarray
    #: what each pair's programme teaches of the job's essential skills, as their positions in the job's row of
    #: ``job_essential`` (one pair after the other, in the smallest unsigned type), pair t's at
    #: pair_teach_start[t]:pair_teach_start[t + 1] — arrays, not a pairs × skills matrix: a person's search reads
    #: only the runs of their pairs (:func:`taught_skills`), and a fresh process restores them without a copy
    pair_teach_at: np.ndarray
    pair_teach_start: np.ndarray
    pair_n_teach: np.ndarray  # per pair: how many of the job's essential skills the programme teaches (float32)
    pair_start: np.ndarray  # jobs + 1: the pairs of job j are pair_start[j]:pair_start[j + 1] (CSR by job)
    viable: float
    #: ISCO skill level (1-4, 0 unknown) per job, and per training pair whether the programme qualifies (not a
    #: short course): a move two or more levels up needs such a programme first
    job_level: np.ndarray | None = None
    pair_qualifies: np.ndarray | None = None
    #: per training pair: the programme is no longer than the work it opens (a pair that is not, is only for people
    #: who want a career change); None = every pair fits
    pair_fits_work: np.ndarray | None = None
    #: per job: entry-level work whose employer trains beginners (NeedArrays.beginners and trains on the job): a
    #: first step for anyone, whatever skills they bring
    job_beginners: np.ndarray | None = None

    @property
    def n_jobs(self) -> int:
        return len(self.job_need)

    @property
    def pair_teach_counts(self) -> np.ndarray:
        """Per training pair: how many skills it teaches (the length of its run in ``pair_teach_at``)."""
        counts = np.diff(self.pair_teach_start)
        return _smallest_unsigned(counts, int(counts.max(initial=0)) + 1)

    @property
    def nbytes(self) -> int:
        """Bytes held by the arrays (of a sparse matrix: its data, indices and row pointers)."""
        held = (getattr(self, f.name) for f in fields(self))
        return sum(sum(a.nbytes for a in (v.data, v.indices, v.indptr)) if sparse.issparse(v) else v.nbytes
                   for v in held if isinstance(v, np.ndarray) or sparse.issparse(v))



def _organisation_codes(organisation_ids) -> np.ndarray:
    """Small integer codes for organisation ids (equal ids, equal codes); None → -1."""
    codes: dict = {}
    return np.array([-1 if o is None else codes.setdefault(o, len(codes)) for o in np.asarray(organisation_ids,
                                                                                              dtype=object)],
                    np.int64)


def _training_pairs(taught: sparse.csr_matrix, job_essential: sparse.csr_matrix, chunk: int = 64):
    """(programme, job) pairs where the programme teaches an essential skill of the job, sorted by job, and
    what it teaches of them (pairs × skills, each value 1 + the skill's position in the job's row of
    ``job_essential``); programme by programme in chunks so no pairs × skills temporary grows large."""
    n_skills = job_essential.shape[1]
    by_skill = job_essential.T.tocsr()  # skills × jobs
    progs, jobs, teach = [], [], []
    for lo in range(0, taught.shape[0], chunk):
        block = taught[lo:lo + chunk]
        overlap = (block @ by_skill).tocoo()  # programmes × jobs: essential skills taught
        if not overlap.nnz:
            continue
        prog, job = overlap.row.astype(np.int64), overlap.col.astype(np.int64)
        rows = job_essential[job]  # the pairs' jobs' essential skills, kept where the programme teaches them
        taught_key = np.unique(np.repeat(np.arange(block.shape[0], dtype=np.int64), np.diff(block.indptr)) * n_skills
                               + block.indices)
        entry_row = np.repeat(np.arange(len(job)), np.diff(rows.indptr))
        keep = np.isin(prog[entry_row] * n_skills + rows.indices, taught_key)
        kept_row = entry_row[keep]
        position = np.arange(len(entry_row)) - rows.indptr[entry_row]
        teach.append(sparse.csr_matrix(((1 + position[keep]).astype(np.float32), (kept_row, rows.indices[keep])),
                                       shape=(len(job), n_skills)))
        progs.append(prog + lo)
        jobs.append(job)
    if not progs:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), sparse.csr_matrix((0, n_skills), dtype=np.float32)
    prog, job = np.concatenate(progs), np.concatenate(jobs)
    order = np.lexsort((prog, job))
    return prog[order], job[order], sparse.vstack(teach).tocsr()[order]


def _pairs_in_proportion(space: SkillSpace, programmes: ProgrammeArrays | None, job_essential, job_months,
                         bridge_options: BridgeOptions):
    """The training pairs (programme, job) of a region that lead somewhere in proportion: what the programme teaches
    of the job's essential skills (``pair_teach``, by pair), whether it fits the work's months (``fits_work``: only
    for those who do not want a career change) and whether it is more than a short course (``qualifies``)."""
    if programmes is None or not len(programmes):
        return (np.zeros(0, np.int64), np.zeros(0, np.int64), sparse.csr_matrix((0, space.n_skills), dtype=np.float32),
                np.zeros(0, bool), np.zeros(0, bool))
    # what a programme teaches towards a job leaves out what one learns at any work (no programme for that)
    taught = binary(programmes.skills)
    if space.on_the_job is not None:
        taught = taught.multiply(~np.asarray(space.on_the_job, bool)[None, :]).tocsr()
        taught.eliminate_zeros()
    pair_programme, pair_job, pair_teach = _training_pairs(taught, job_essential)
    # a programme leads to a job only in proportion: to what it teaches of the job, and the work's months; the
    # second only for those who do not want a career change, so it is kept per pair (pair_fits_work)
    duration, months = np.asarray(programmes.duration_months, float)[pair_programme], work_months(job_months[pair_job])
    keep = in_proportion(duration, np.diff(pair_teach.indptr), months, bridge_options, career_change=True)
    pair_programme, pair_job, pair_teach = pair_programme[keep], pair_job[keep], pair_teach[keep]
    fits_work = ~longer_than_work(duration[keep], months[keep])
    qualifies = np.asarray(programmes.mode)[pair_programme] != PROGRAMME_MODES.index("short_course")
    return pair_programme, pair_job, pair_teach, fits_work, qualifies


def prepare_region(space: SkillSpace, transitions: np.ndarray, needs: NeedArrays,
                   programmes: ProgrammeArrays | None = None, *, viable: float,
                   shortage_occupations=(), shortage_headcount=None,
                   bridge_options: BridgeOptions = BridgeOptions()) -> Region:
    """Precompute the region's job nodes and training pairs (once per region and version).

    Memory is linear in the region's jobs and training pairs: nothing jobs × jobs is built here (a region with
    10,000 open needs would ask for tens of GiB); moves are computed per person among the jobs they can take.

    Parameters
    ----------
    viable : float
        Minimum transition similarity for a job → job move, e.g. from
        :func:`matchmaker.engine.transitions.viable_threshold`.
    shortage_occupations : sequence of int
        Occupations the region lacks people for, offered as job steps without a specific employer.
    shortage_headcount : sequence of float, optional
        Estimated open places per shortage occupation (default 1 each).

    Examples
    --------
    >>> from matchmaker.engine.examples import toy_space
    >>> from matchmaker.engine.transitions import transition_matrix
    >>> space = toy_space()
    >>> empty = NeedArrays(*([np.zeros(0)] * 3), sparse.csr_matrix((0, 6)), sparse.csr_matrix((0, 6)),
    ...     *([np.zeros(0)] * 10))
    >>> region = prepare_region(space, transition_matrix(space), empty, viable=0.5, shortage_occupations=[1])
    >>> region.n_jobs, space.occupation_labels[region.job_occ[0]]
    (1, 'cook')
    """
    shortage = np.asarray(list(shortage_occupations), np.int64)
    n_needs = len(needs)
    occ_ess = binary(space.essential)
    occ_held = binary(space.essential + space.optional)
    need_occ = np.asarray(needs.occupation, np.int64)
    # a need's essential skills are its own list; when empty, its occupation's
    need_ess = binary(needs.essential) if n_needs else sparse.csr_matrix((0, space.n_skills), dtype=np.float32)
    n_need_ess = np.asarray(need_ess.sum(axis=1)).ravel()
    fallback = (n_need_ess == 0) & (need_occ >= 0)
    if fallback.any():
        need_ess = need_ess.tolil()
        for j in np.flatnonzero(fallback):  # rare: needs posted without skills
            need_ess[j] = occ_ess[need_occ[j]]
        need_ess = need_ess.tocsr()
    need_held = binary(need_ess + binary(needs.optional)) if n_needs else need_ess
    need_occ_held = occ_held[np.maximum(need_occ, 0)].multiply((need_occ >= 0)[:, None]).tocsr()
    job_essential = binary(sparse.vstack([need_ess, occ_ess[shortage]]))
    job_held = binary(sparse.vstack([need_held + need_occ_held, occ_held[shortage]]))
    job_occ = np.concatenate([need_occ, shortage])
    job_need = np.concatenate([np.arange(n_needs), np.full(len(shortage), -1)])
    job_months = np.concatenate([np.asarray(needs.months, np.int64), np.full(len(shortage), ALL_MONTHS_MASK)])
    headcount = np.ones(len(shortage)) if shortage_headcount is None else np.asarray(shortage_headcount, float)
    job_headcount = np.concatenate([np.asarray(needs.headcount, float), headcount])
    job_trains = np.concatenate([np.asarray(needs.trains_on_job, bool), np.zeros(len(shortage), bool)])
    beginners = np.zeros(n_needs, bool) if needs.beginners is None else np.asarray(needs.beginners, bool)
    job_beginners = np.concatenate([beginners & job_trains[:n_needs], np.zeros(len(shortage), bool)])
    job_org = np.concatenate([_organisation_codes(needs.organisation_ids), np.full(len(shortage), -1)])

    pair_programme, pair_job, pair_teach, fits_work, qualifies = _pairs_in_proportion(
        space, programmes, job_essential, job_months, bridge_options)
    longest_row = int(np.diff(job_essential.indptr).max(initial=0))  # positions in a job's row stay below it
    n_programmes = len(programmes) if programmes is not None else 0
    return assemble_region(job_need=job_need, job_occ=job_occ, job_months=job_months, job_headcount=job_headcount,
                           job_trains=job_trains, job_essential=job_essential, job_held=job_held, job_org=job_org,
                           pair_programme=_smallest_unsigned(pair_programme, n_programmes),
                           pair_job=_smallest_unsigned(pair_job, len(job_occ)),
                           pair_teach_at=_smallest_unsigned(pair_teach.data - 1, longest_row),
                           pair_teach_counts=np.diff(pair_teach.indptr), viable=float(viable),
                           job_level=occupation_levels(space.isco_group)[np.maximum(job_occ, 0)] * (job_occ >= 0),
                           pair_qualifies=qualifies, pair_fits_work=fits_work, job_beginners=job_beginners)


#: the fields of a :class:`Region` that :func:`assemble_region` takes; the others follow from them
REGION_CORE = ("job_need", "job_occ", "job_months", "job_headcount", "job_trains", "job_essential", "job_held",
               "job_org", "pair_programme", "pair_job", "pair_teach_at", "pair_teach_counts", "viable", "job_level",
               "pair_qualifies", "pair_fits_work", "job_beginners")


def assemble_region(*, job_need, job_occ, job_months, job_headcount, job_trains, job_essential, job_held, job_org,
                    pair_programme, pair_job, pair_teach_at, pair_teach_counts, viable, job_level=None,
                    pair_qualifies=None, pair_fits_work=None, job_beginners=None) -> Region:
    """A :class:`Region` from its :data:`REGION_CORE` fields (what :func:`prepare_region` decides), with what
    follows from them computed here: per job the essential count, the months worked and the skills' jobs; per
    training pair its start by job, where what it teaches starts and the count of that. The shared store keeps
    only the core, so a fresh process reads less and computes the rest in a moment."""
    job_months = np.asarray(job_months, np.int64)
    bits = np.unpackbits(np.asarray(job_months & ALL_MONTHS_MASK, ">u2").view(np.uint8).reshape(-1, 2), axis=1)
    pair_start = np.concatenate([[0], np.cumsum(np.bincount(pair_job, minlength=len(job_occ)))]).astype(np.int64)
    taught = int(np.sum(pair_teach_counts, dtype=np.int64))
    pair_teach_start = np.zeros(len(pair_teach_counts) + 1, np.int32 if taught < 2 ** 31 else np.int64)
    np.cumsum(pair_teach_counts, out=pair_teach_start[1:])
    return Region(job_need, job_occ, job_months, job_headcount, job_trains, job_essential,
                  _row_counts(job_essential), job_held, job_org, bits.sum(axis=1).astype(float),
                  job_essential.T.tocsr(), pair_programme, pair_job, pair_teach_at, pair_teach_start,
                  np.asarray(pair_teach_counts, np.float32), pair_start, float(viable), job_level, pair_qualifies,
                  pair_fits_work, job_beginners)


def taught_skills(region: Region, pairs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(position in ``pairs``, skill index) of everything the training ``pairs`` teach, pair by pair, read from their
    runs of positions in their jobs' rows of essential skills."""
    starts = region.pair_teach_start[pairs]
    counts = region.pair_teach_start[pairs + 1] - starts
    row = region.job_essential.indptr[region.pair_job[pairs]]  # where each pair's job's row starts
    at = np.repeat(np.arange(len(pairs)), counts)
    return at, region.job_essential.indices[row[at] + region.pair_teach_at[ranges(starts, counts)]]


def _smallest_unsigned(values: np.ndarray, bound: int) -> np.ndarray:
    """``values`` (0 <= value < ``bound``) in the smallest unsigned integer type that holds ``bound``."""
    kind = next(t for t in (np.uint8, np.uint16, np.uint32, np.uint64) if bound <= np.iinfo(t).max + 1)
    return np.asarray(values, kind)


def _row_counts(matrix: sparse.csr_matrix) -> np.ndarray:
    """Per row of a 0/1 CSR matrix (no duplicates), its sum: the number of entries, in the matrix's type."""
    return np.diff(matrix.indptr).astype(matrix.dtype)
