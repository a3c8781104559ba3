"""The domain's fixed vocabularies, in one place.

Models validate against them, schemas offer them as choices, and the engine encodes sets of them as
bitmasks (bit i = the i-th entry of the tuple), so their order is part of the data contract: append only.
"""
from __future__ import annotations

from collections.abc import Iterable

ROLES = ("admin", "coordinator", "advisor", "employer", "school", "person")

ORGANISATION_KINDS = ("employer", "school", "network", "social_partner")

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

SKILL_RELATIONS = ("essential", "optional")

#: an employer's interest in a candidate: at the advisor, at the person, and the person's answer (or withdrawn)
INTEREST_REQUEST_STATUSES = ("requested", "forwarded", "accepted", "declined", "withdrawn")

JOB_STATUSES = ("queued", "running", "succeeded", "failed")

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
