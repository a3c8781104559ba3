"""The domain's fixed vocabularies, in one place.

Models validate against them, schemas offer them as choices, and the engine encodes sets of them as
bitmasks (bit i = the i-th entry of the tuple), so their order is part of the data contract: append only.
"""
from __future__ import annotations

from collections.abc import Iterable

ROLES = ("admin", "coordinator", "advisor", "employer", "school", "person", "partner")

ORGANISATION_KINDS = ("employer", "school", "network", "social_partner")
#: organisations that employ people, so may post needs: a school, care home or municipality trains and hires
EMPLOYING_KINDS = ("employer", "school", "social_partner")

SECTORS = (
    "care",
    "manufacturing",
    "construction",
    "logistics",
    "agriculture_food",
    "hospitality",
    "retail",
    "education",
    "ict",
    "cleaning_facility",
    "public_social",
)

#: Workplace accommodations an employer can offer and a person can need.
ACCOMMODATIONS = (
    "wheelchair_access",
    "job_coach",
    "job_carving",
    "language_buddy",
    "part_time",
    "sheltered_work",
    "adjusted_hours",
    "quiet_workspace",
    "assistive_technology",
    "transport_support",
)
#: Support that travels with the person, arranged by the municipality or UWV (job coach, language buddy,
#: transport): never asked of the workplace, so it never blocks a match.
TRAVELLING_SUPPORTS = ("job_coach", "language_buddy", "transport_support")
#: Adjustments the workplace itself must offer (step-free access, quiet workspace, adjusted hours, job carving,
#: assistive technology, sheltered work): only these can block a match.
WORKPLACE_ADJUSTMENTS = tuple(a for a in ACCOMMODATIONS if a not in TRAVELLING_SUPPORTS)

#: Special-category data: groups the labour market leaves unused. Membership may open doors, never lower a score.
TARGET_GROUPS = (
    "refugee_status_holder",
    "physical_disability",
    "psychological_disability",
    "older_worker",
    "returner",
    "youth_neet",
)

#: The four social-innovation levers of the regional advice.
LEVERS = ("dynamic_management", "flexible_organising", "smarter_working", "co_creation")

#: CEFR levels of Dutch; index = rank, so "required <= has" is an integer comparison.
DUTCH_LEVELS = ("none", "A1", "A2", "B1", "B2", "C1", "C2", "native")

PERSON_STATUSES = ("job_seeker", "worker")

EDUCATION_LEVELS = ("none", "primary", "vmbo", "mbo1", "mbo2", "mbo3", "mbo4", "havo_vwo", "hbo", "wo")

NEED_KINDS = ("vacancy", "internship", "apprenticeship", "seasonal_peak")
NEED_STATUSES = ("open", "filled", "closed")

PROGRAMME_MODES = ("full_time", "work_based", "part_time", "short_course")
PROGRAMME_LEVELS = ("course", "mbo1", "mbo2", "mbo3", "mbo4", "associate", "hbo", "wo")

PARTNER_REQUEST_DIRECTIONS = ("seeks", "offers")
PARTNER_REQUEST_KINDS = ("staff_sharing", "talent_pipeline", "co_creation", "knowledge_exchange", "internship_places")
PARTNER_REQUEST_STATUSES = ("open", "closed")
#: where a coordinator is in brokering a partner match between two organisations
BROKERING_STATUSES = ("proposed", "contacted", "agreed", "declined")

SKILL_RELATIONS = ("essential", "optional")

#: an employer's interest in a candidate: at the advisor, at the person, and the person's answer (or withdrawn)
INTEREST_REQUEST_STATUSES = ("requested", "forwarded", "accepted", "declined", "withdrawn")

JOB_STATUSES = ("queued", "running", "succeeded", "failed")

#: What work can demand of a body or mind, and what a person's work capacity may rule out (special-category data
#: on a person; a need states its own or takes its occupation's defaults, see ``matchmaker.engine.work_capacity``).
WORK_DEMANDS = ("heavy_lifting", "standing_all_day", "night_shifts", "outdoor_work", "high_pace")

#: A worker's change (see ``matchmaker.models.WorkerChange``): their capacity, their wish, or the job at risk.
WORKER_CHANGE_KINDS = ("capacity", "wish", "job_at_risk")
#: Why a job is at risk.
JOB_RISK_REASONS = ("automation", "energy_transition", "digital_transition", "site_closing")
#: What a worker wishes for.
WORKER_WISHES = ("year_round", "other_work")
WORKER_CHANGE_STATUSES = ("open", "resolved")

#: The social-innovation exchange (practice cases, sessions, SME questions): what holds an SME back, the
#: transitions a case combines with, how a session is held, a registration's state, SME size classes.
EXCHANGE_BARRIERS = ("time", "money", "knowledge", "culture", "staff_involvement", "continuity")
TRANSITIONS = ("energy", "digital", "circular")
SESSION_FORMATS = ("workshop", "company_visit", "round_table", "webinar", "masterclass")
REGISTRATION_STATUSES = ("confirmed", "waiting", "cancelled")
CASE_STATUSES = ("draft", "published")
SIZE_CLASSES = ("micro", "small", "medium", "large")
#: the smallest headcount of each size class (micro 1-9, small 10-49, medium 50-249, large 250+)
SIZE_CLASS_FLOORS = (0, 10, 50, 250)


def size_class(employees: int) -> str:
    """The size class of an organisation of ``employees`` people.

    >>> size_class(9), size_class(10), size_class(249), size_class(250)
    ('micro', 'small', 'medium', 'large')
    """
    return next(name for name, floor in zip(reversed(SIZE_CLASSES), reversed(SIZE_CLASS_FLOORS))
                if employees >= floor)

MONTHS = tuple(range(1, 13))
ALL_MONTHS_MASK = (1 << 12) - 1


def to_mask(values: Iterable[str], vocabulary: tuple[str, ...]) -> int:
    """Encode a set of vocabulary entries as a bitmask.

    >>> to_mask(["job_coach", "wheelchair_access"], ACCOMMODATIONS)
    3
    """
    mask = 0
    for value in values:
        mask |= 1 << vocabulary.index(value)
    return mask


def from_mask(mask: int, vocabulary: tuple[str, ...]) -> list[str]:
    """Decode a bitmask into vocabulary entries, in vocabulary order.

    >>> from_mask(5, ACCOMMODATIONS)
    ['wheelchair_access', 'job_carving']
    """
    return [value for i, value in enumerate(vocabulary) if mask >> i & 1]


def months_mask(months: Iterable[int]) -> int:
    """Encode months 1..12 as a 12-bit mask; an empty selection means all year.

    >>> months_mask([1, 12]) == (1 | 1 << 11)
    True
    >>> months_mask([]) == ALL_MONTHS_MASK
    True
    """
    mask = 0
    for month in months:
        mask |= 1 << (int(month) - 1)
    return mask or ALL_MONTHS_MASK
