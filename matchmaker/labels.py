"""A label in the reader's language for the vocabulary codes the pages show (:mod:`matchmaker.vocabulary`).

English msgids here, Dutch in the catalogue. Lower case, as they read inside a sentence; :func:`label`
capitalises them for a field of their own.
"""
from __future__ import annotations

from matchmaker import vocabulary as v
from matchmaker.i18n import N_, gettext

#: vocabulary name → (the codes in order, code → English label)
VOCABULARIES: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "role": (v.ROLES, {"admin": N_("administrator"), "coordinator": N_("network coordinator"),
                       "advisor": N_("career advisor"), "employer": N_("employer"), "school": N_("school"),
                       "person": N_("job-seeker or worker")}),
    "accommodation": (v.ACCOMMODATIONS, {
        "wheelchair_access": N_("wheelchair access"), "job_coach": N_("job coach"),
        "job_carving": N_("job carving"), "language_buddy": N_("language buddy"), "part_time": N_("part-time work"),
        "sheltered_work": N_("sheltered work"), "adjusted_hours": N_("adjusted working hours"),
        "quiet_workspace": N_("quiet workspace"), "assistive_technology": N_("assistive technology"),
        "transport_support": N_("help with transport")}),
    "target_group": (v.TARGET_GROUPS, {
        "refugee_status_holder": N_("refugee with a residence permit"),
        "physical_disability": N_("physical disability"),
        "psychological_disability": N_("psychological disability"), "older_worker": N_("older worker"),
        "returner": N_("returner to work"), "youth_neet": N_("young person outside work and school")}),
    "dutch_level": (v.DUTCH_LEVELS, {"none": N_("no Dutch"), "A1": N_("Dutch at A1"), "A2": N_("Dutch at A2"),
                                     "B1": N_("Dutch at B1"), "B2": N_("Dutch at B2"), "C1": N_("Dutch at C1"),
                                     "C2": N_("Dutch at C2"), "native": N_("Dutch as mother tongue")}),
    "person_status": (v.PERSON_STATUSES, {"job_seeker": N_("job-seeker"), "worker": N_("worker")}),
    "education_level": (v.EDUCATION_LEVELS, {
        "none": N_("no diploma"), "primary": N_("primary school"), "vmbo": N_("VMBO"), "mbo1": N_("MBO level 1"),
        "mbo2": N_("MBO level 2"), "mbo3": N_("MBO level 3"), "mbo4": N_("MBO level 4"), "havo_vwo": N_("HAVO or VWO"),
        "hbo": N_("HBO"), "wo": N_("university")}),
    "need_kind": (v.NEED_KINDS, {"vacancy": N_("vacancy"), "internship": N_("internship"),
                                 "apprenticeship": N_("apprenticeship"), "seasonal_peak": N_("seasonal work")}),
    "need_status": (v.NEED_STATUSES, {"open": N_("open"), "filled": N_("filled"), "closed": N_("closed")}),
    "programme_mode": (v.PROGRAMME_MODES, {"full_time": N_("full-time"), "work_based": N_("work-based (BBL)"),
                                           "part_time": N_("part-time"), "short_course": N_("short course")}),
}


def label(vocabulary: str, code: str, language: str | None = None, *, capital: bool = True) -> str:
    """The label of ``code`` in ``vocabulary``; capitalised unless ``capital`` is False (inside a sentence).

    >>> label("target_group", "older_worker", "nl"), label("person_status", "worker", "en", capital=False)
    ('Oudere werknemer', 'worker')
    """
    text = gettext(VOCABULARIES[vocabulary][1][code], language)
    return text[:1].upper() + text[1:] if capital else text


def choices(vocabulary: str, language: str | None = None) -> list[tuple[str, str]]:
    """(code, label) for every code of ``vocabulary``, in vocabulary order: the options of a form field."""
    return [(code, label(vocabulary, code, language)) for code in VOCABULARIES[vocabulary][0]]
