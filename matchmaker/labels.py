"""A Dutch and an English label for every value of the fixed vocabularies (:mod:`matchmaker.vocabulary`).

Writes take the codes; responses show each code with its label in the reader's language
(``{"code": "care", "label": "Zorg"}``), and ``GET /api/v1/vocabulary`` lists them all. The labels here are
lower case, as they read inside a sentence; :func:`label` capitalises them for a field of their own.
"""
from __future__ import annotations

import functools

from matchmaker import vocabulary as v
from matchmaker.engine.career_paths import STEP_KINDS
from matchmaker.engine.insights import BARRIERS
from matchmaker.engine.levels import LEVEL_NAMES
from matchmaker.engine.matching import CONSTRAINTS
from matchmaker.engine.partners import PARTNER_MATCH_KINDS
from matchmaker.engine.worker_moves import TIERS as MOVE_TIERS
from matchmaker.i18n import N_, gettext

#: vocabulary name → (the codes in order, code → English label; the Dutch one is in the catalogue)
VOCABULARIES: dict[str, tuple[tuple[str, ...], dict[str, str]]] = {
    "role": (v.ROLES, {"admin": N_("administrator"), "coordinator": N_("network coordinator"),
                       "advisor": N_("career advisor"), "employer": N_("employer"), "school": N_("school"),
                       "person": N_("job-seeker or worker"),
                       "partner": N_("social partner or network")}),
    "organisation_kind": (v.ORGANISATION_KINDS, {"employer": N_("employer"), "school": N_("school"),
                                                 "network": N_("network"), "social_partner": N_("social partner")}),
    "sector": (v.SECTORS, {"care": N_("care"), "manufacturing": N_("manufacturing"),
                           "construction": N_("construction"), "logistics": N_("logistics"),
                           "agriculture_food": N_("agriculture and food"), "hospitality": N_("hospitality"),
                           "retail": N_("retail"), "education": N_("education"), "ict": N_("ICT"),
                           "cleaning_facility": N_("cleaning and facility services"),
                           "public_social": N_("government and social services")}),
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
    "lever": (v.LEVERS, {"dynamic_management": N_("dynamic management"),
                         "flexible_organising": N_("flexible organising"), "smarter_working": N_("smarter working"),
                         "co_creation": N_("co-creation")}),
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
    "programme_level": (v.PROGRAMME_LEVELS, {
        "course": N_("course"), "mbo1": N_("MBO level 1"), "mbo2": N_("MBO level 2"), "mbo3": N_("MBO level 3"),
        "mbo4": N_("MBO level 4"), "associate": N_("associate degree"), "hbo": N_("HBO"), "wo": N_("university")}),
    "partner_request_direction": (v.PARTNER_REQUEST_DIRECTIONS, {"seeks": N_("seeks"), "offers": N_("offers")}),
    "partner_request_kind": (v.PARTNER_REQUEST_KINDS, {
        "staff_sharing": N_("staff sharing"), "talent_pipeline": N_("talent pipeline"),
        "co_creation": N_("co-creation"), "knowledge_exchange": N_("knowledge exchange"),
        "internship_places": N_("internship places")}),
    "partner_request_status": (v.PARTNER_REQUEST_STATUSES, {"open": N_("open"), "closed": N_("closed")}),
    "brokering_status": (v.BROKERING_STATUSES, {"proposed": N_("proposed"), "contacted": N_("contact made"),
                                                "agreed": N_("agreed"), "declined": N_("declined")}),
    "skill_relation": (v.SKILL_RELATIONS, {"essential": N_("essential"), "optional": N_("useful extra")}),
    "interest_request_status": (v.INTEREST_REQUEST_STATUSES, {
        "requested": N_("waiting for the advisor"), "forwarded": N_("asked to the person"), "accepted": N_("the person agreed"),
        "declined": N_("declined by the advisor or the person"), "withdrawn": N_("withdrawn by the employer")}),
    "job_status": (v.JOB_STATUSES, {"queued": N_("waiting"), "running": N_("running"), "succeeded": N_("done"),
                                    "failed": N_("failed")}),
    "partner_match_kind": (PARTNER_MATCH_KINDS, {
        "seasonal_sharing": N_("sharing staff between seasons"), "talent_pipeline": N_("talent pipeline"),
        "employer_school": N_("employer and school"), "co_creation": N_("programme to make together"),
        "knowledge_exchange": N_("knowledge exchange"), "request_answer": N_("answer to a request")}),
    "work_demand": (v.WORK_DEMANDS, {
        "heavy_lifting": N_("heavy lifting"), "standing_all_day": N_("standing or walking all day"),
        "night_shifts": N_("night or irregular shifts"), "outdoor_work": N_("working outdoors"),
        "high_pace": N_("a high pace or pressure")}),
    "worker_change_kind": (v.WORKER_CHANGE_KINDS, {"capacity": N_("what the work asks is too much"),
                                                   "wish": N_("a wish of the worker"),
                                                   "job_at_risk": N_("the job is at risk")}),
    "job_risk_reason": (v.JOB_RISK_REASONS, {"automation": N_("automation"),
                                             "energy_transition": N_("the energy transition"),
                                             "digital_transition": N_("the digital transition"),
                                             "site_closing": N_("the site closes")}),
    "worker_wish": (v.WORKER_WISHES, {"year_round": N_("work all year round"), "other_work": N_("other work")}),
    "worker_change_status": (v.WORKER_CHANGE_STATUSES, {"open": N_("open"), "resolved": N_("resolved")}),
    "move_tier": (MOVE_TIERS, {"internal": N_("at the same employer"), "network": N_("at a partner"),
                               "elsewhere": N_("elsewhere within reach")}),
    "barrier": ((*BARRIERS, "several"), {
        "distance": N_("distance"), "accommodation": N_("a missing adjustment"), "language": N_("the level of Dutch"),
        "hours": N_("the hours"), "months": N_("the season"), "programme": N_("missing skills no programme teaches"),
        "training": N_("missing skills a programme could teach"), "several": N_("several barriers")}),
    "constraint": (CONSTRAINTS, {
        "distance": N_("distance"), "hours": N_("working hours"), "accommodations": N_("adjustments"),
        "dutch": N_("level of Dutch"), "months": N_("months"), "skills": N_("skills"),
        "capacity": N_("what the work asks of you"), "level": N_("level of the work")}),
    "skill_level": (LEVEL_NAMES[1:], {
        "elementary": N_("simple work"), "skilled": N_("skilled work at MBO level 2 or 3"),
        "technical": N_("work at MBO level 4"), "professional": N_("work at HBO or university level")}),
    "career_step_kind": (STEP_KINDS, {"job": N_("work"), "training": N_("training")}),
    "career_step_move": (("start", "seasonal chain", "move on", "after training", "training"), {
        "start": N_("first work"), "seasonal chain": N_("next season"), "move on": N_("moving on"),
        "after training": N_("work after the programme"), "training": N_("programme")}),
    "exchange_barrier": (v.EXCHANGE_BARRIERS, {
        "time": N_("too little time"), "money": N_("too little money"), "knowledge": N_("too little know-how"),
        "culture": N_("the culture in the company"), "staff_involvement": N_("getting staff on board"),
        "continuity": N_("keeping it going after a subsidy ends")}),
    "transition": (v.TRANSITIONS, {"energy": N_("energy transition"), "digital": N_("digital transition"),
                                   "circular": N_("circular economy")}),
    "session_format": (v.SESSION_FORMATS, {
        "workshop": N_("workshop"), "company_visit": N_("company visit"), "round_table": N_("round-table talk"),
        "webinar": N_("webinar"), "masterclass": N_("masterclass")}),
    "registration_status": (v.REGISTRATION_STATUSES, {"confirmed": N_("registered"), "waiting": N_("on the waiting list"),
                                                      "cancelled": N_("cancelled")}),
    "case_status": (v.CASE_STATUSES, {"draft": N_("draft"), "published": N_("published")}),
    "size_class": (v.SIZE_CLASSES, {"micro": N_("micro (fewer than 10 people)"), "small": N_("small (10 to 49 people)"),
                                    "medium": N_("medium-sized (50 to 249 people)"),
                                    "large": N_("large (250 people or more)")}),
}


def label(vocabulary: str, code: str, language: str | None = None, *, capital: bool = True) -> str:
    """The label of ``code`` in ``vocabulary``; capitalised unless ``capital`` is False (inside a sentence).

    >>> label("sector", "agriculture_food", "nl"), label("sector", "agriculture_food", "en", capital=False)
    ('Landbouw en voedsel', 'agriculture and food')
    >>> label("dutch_level", "B1", "nl", capital=False)
    'Nederlands op B1-niveau'
    """
    if language is None:
        return _capitalised(gettext(VOCABULARIES[vocabulary][1][code]), capital)
    return _label_in(vocabulary, code, language, capital)


@functools.lru_cache(maxsize=4096)
def _label_in(vocabulary: str, code: str, language: str, capital: bool) -> str:
    """:func:`label` in a language named: the same for every request (a page lists hundreds of them)."""
    return _capitalised(gettext(VOCABULARIES[vocabulary][1][code], language), capital)


def _capitalised(text: str, capital: bool) -> str:
    return text[:1].upper() + text[1:] if capital else text


def coded(vocabulary: str, code: str | None, language: str | None = None) -> dict | None:
    """``{"code", "label"}`` for a response; None stays None."""
    return None if code is None else {"code": code, "label": label(vocabulary, code, language)}


def choice_list(vocabulary: str, codes, language: str | None = None) -> str:
    """Codes to choose from, each by its label with the code to send beside it.

    >>> choice_list("brokering_status", ["proposed", "agreed"], "nl")
    'Voorgesteld (proposed), Afgesproken (agreed)'
    """
    return ", ".join(f"{label(vocabulary, code, language)} ({code})" for code in codes)


def all_labels(language: str | None = None) -> dict[str, list[dict]]:
    """Every vocabulary with its codes and labels, in vocabulary order."""
    return {name: [coded(name, code, language) for code in codes] for name, (codes, _) in VOCABULARIES.items()}


def add_labels(record: dict, fields: dict[str, str], language: str | None = None) -> dict:
    """Put each code field's label beside it: ``kind`` → ``kind_label``, a list ``accommodations`` →
    ``accommodations_labels`` (``fields`` maps field name to vocabulary), as the schemas' Label fields do.

    >>> add_labels({"kind": "vacancy", "accommodations": ["job_coach"]},
    ...            {"kind": "need_kind", "accommodations": "accommodation"}, "nl")
    {'kind': 'vacancy', 'accommodations': ['job_coach'], 'kind_label': 'Vacature', 'accommodations_labels': ['Jobcoach']}
    """
    for name, vocabulary in fields.items():
        value = record.get(name)
        if isinstance(value, (list, tuple)):
            record[f"{name}_labels"] = [label(vocabulary, code, language) for code in value]
        else:
            record[f"{name}_label"] = None if value is None else label(vocabulary, value, language)
    return record


def choices(vocabulary: str, language: str | None = None) -> list[tuple[str, str]]:
    """(code, label) for every code of ``vocabulary``, in vocabulary order: the options of a form field."""
    return [(code, label(vocabulary, code, language)) for code in VOCABULARIES[vocabulary][0]]
