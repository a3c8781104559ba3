"""Validation messages (marshmallow's and ours) in the reader's language.

marshmallow writes its messages in English, some with values filled in ("Must be one of: a, b."). Each known
message has a pattern here and a catalogue entry; a message without a pattern is shown as it is.
"""
from __future__ import annotations

import re

from matchmaker.i18n import N_, gettext

#: (pattern of the English message, catalogue message with the pattern's named groups as placeholders)
PATTERNS = [(re.compile(f"^{pattern}$"), message) for pattern, message in (
    (r"Missing data for required field\.", N_("Fill in this field.")),
    (r"Field may not be null\.", N_("This field may not be empty (null).")),
    (r"Unknown field\.", N_("This field does not exist here.")),
    (r"Not a valid integer\.", N_("Give a whole number.")),
    (r"Not a valid number\.", N_("Give a number.")),
    (r"Not a valid string\.", N_("Give text.")),
    (r"Not a valid boolean\.", N_("Give true or false.")),
    (r"Not a valid date\.", N_("Give a date as YYYY-MM-DD.")),
    (r"Not a valid datetime\.", N_("Give a date and time (ISO 8601).")),
    (r"Not a valid email address\.", N_("Give a valid e-mail address.")),
    (r"Not a valid URL\.", N_("Give a valid web address.")),
    (r"Not a valid list\.", N_("Give a list.")),
    (r"Not a valid mapping type\.", N_("Give an object.")),
    (r"Invalid input type\.", N_("This value has the wrong type.")),
    (r"Invalid value\.", N_("This value is not valid.")),
    (r"Special numeric values \(nan or infinity\) are not permitted\.", N_("Give a finite number.")),
    (r"Must be one of: (?P<choices>.*)\.", N_("Choose one of: %(choices)s.")),
    (r"Must be greater than or equal to (?P<min>\S+) and less than or equal to (?P<max>\S+)\.",
     N_("Give a value from %(min)s to %(max)s.")),
    (r"Must be greater than or equal to (?P<min>\S+)\.", N_("Give a value of at least %(min)s.")),
    (r"Must be less than or equal to (?P<max>\S+)\.", N_("Give a value of at most %(max)s.")),
    (r"Must be greater than (?P<min>\S+)\.", N_("Give a value above %(min)s.")),
    (r"Length must be between (?P<min>\d+) and (?P<max>\d+)\.", N_("Give from %(min)s to %(max)s characters or items.")),
    (r"Longer than maximum length (?P<max>\d+)\.", N_("Give at most %(max)s characters or items.")),
    (r"Shorter than minimum length (?P<min>\d+)\.", N_("Give at least %(min)s characters or items.")),
    (r"Length must be (?P<equal>\d+)\.", N_("Give exactly %(equal)s characters or items.")),
    (r"String does not match expected pattern\.", N_("This text does not have the expected form.")),
    (r"Must not contain NUL characters\.", N_("Text may not contain NUL characters.")),
    (r"Must be valid Unicode text \(no lone surrogates\)\.", N_("Give valid Unicode text.")),
    (r"Entries must be distinct\.", N_("Give every entry only once.")),
    (r"Must not be before start_date\.", N_("The end date may not be before the start date.")),
    (r"Not a phone number\.", N_("Give a phone number (digits, spaces, brackets, dashes, a leading +).")),
    (r"Not an ISO 639-1 code \(two lower-case letters\)\.", N_("Give a language code of two lower-case letters "
                                                              "(ISO 639-1), e.g. nl.")),
    (r"Must be between (?P<first>\d+) and (?P<last>\d+)\.", N_("Give a year from %(first)s to %(last)s.")),
)]


#: input fields as a user knows them (the error names the field: "Sector: kies een van: ...")
FIELDS = {
    "accommodation_needs": N_("adjustments needed"), "accommodations": N_("adjustments offered"),
    "advisor_id": N_("advisor"), "available_months": N_("months available"), "birth_year": N_("year of birth"),
    "capacity": N_("places"), "capacity_limits": N_("what work may not ask of you"),
    "capacity_max_hours": N_("most hours a week you can work"), "closes_on": N_("closing date"), "consent": N_("consent"),
    "contact_email": N_("contact e-mail"), "demands": N_("what the work asks"), "description": N_("description"), "direction": N_("seeks or offers"),
    "duration_months": N_("duration in months"), "dutch_level": N_("level of Dutch"),
    "education_level": N_("education"), "email": N_("e-mail"), "employer_name": N_("employer"),
    "end_date": N_("end date"), "headcount": N_("number of people"), "hours_per_week": N_("hours a week"),
    "k": N_("number of routes"), "kind": N_("kind"),
    "person_id": N_("person"), "reason": N_("reason"), "wish": N_("wish"), "worker_consent": N_("consent of the worker"), "languages": N_("languages"), "latitude": N_("latitude"),
    "level": N_("level"), "lever": N_("lever"), "lever_asks": N_("levers asked about"),
    "lever_strengths": N_("strong levers"), "limit": N_("page size"), "longitude": N_("longitude"),
    "max_steps": N_("number of steps"), "min_similarity": N_("least similarity"), "mode": N_("form of study"),
    "months": N_("months"), "municipality": N_("municipality"), "municipality_code": N_("municipality"),
    "name": N_("name"), "network_ids": N_("networks"), "occupation_id": N_("occupation"),
    "occupation_ids": N_("occupations"), "offset": N_("start of the page"), "organisation_id": N_("organisation"),
    "phone": N_("phone"), "pioneer": N_("pioneer"), "q": N_("search words"), "region": N_("region"),
    "relation": N_("essential or useful extra"), "sector": N_("sector"),
    "share_with_organisations": N_("organisations allowed to see the profile"), "size": N_("size"),
    "skill_id": N_("skill"), "skill_ids": N_("skills"), "skills": N_("skills"),
    "special_category": N_("consent for sensitive data"), "start_date": N_("start date"),
    "start_months": N_("start months"), "status": N_("status"), "summary": N_("summary"),
    "target_group": N_("target group"), "target_groups": N_("target groups"), "title": N_("title"),
    "trains_on_job": N_("trains on the job"), "travel_radius_km": N_("travel distance in km"), "type": N_("kind"),
    "website": N_("website"), "welcomes_groups": N_("groups welcomed"), "work_history": N_("work history"),
}


def _choices_in_words(choices: str, language: str | None) -> str:
    """The codes of a choice, each by its label with the code to send beside it, when they are the codes of one
    vocabulary (``"Zorg (care), ICT (ict)"``); otherwise the codes as they are."""
    from matchmaker.labels import VOCABULARIES, choice_list

    from matchmaker.services.places import REGIONS

    codes = choices.split(", ")
    if set(codes) <= set(REGIONS):
        return ", ".join(f"{REGIONS[code]} ({code})" for code in codes)
    fitting = [name for name, (known, _) in VOCABULARIES.items() if len(codes) > 1 and set(codes) <= set(known)]
    if not fitting:
        return choices
    name = min(fitting, key=lambda n: len(VOCABULARIES[n][0]))  # the vocabulary that is just these codes
    return choice_list(name, codes, language)


def message_in_words(message: str, language: str | None = None) -> str:
    """>>> message_in_words("Missing data for required field.", "nl")
    'Vul dit veld in.'
    >>> message_in_words("Must be one of: care, ict.", "nl")
    'Kies een van: Zorg (care), ICT (ict).'
    >>> message_in_words("Must be one of: nl, en.", "en")
    'Choose one of: nl, en.'
    >>> message_in_words("Must be one of: twente, regio-zwolle.", "nl")
    'Kies een van: Twente (twente), Regio Zwolle (regio-zwolle).'
    """
    for pattern, template in PATTERNS:
        found = pattern.match(message)
        if found:
            values = found.groupdict()
            if "choices" in values:
                values["choices"] = _choices_in_words(values["choices"], language)
            return gettext(template, language, **values)
    return message


def in_words(messages, language: str | None = None, field: str | None = None):
    """webargs' nested ``{location: {field: [message]}}`` with every message in the reader's language, opened
    with the name of the field as a user knows it.

    >>> in_words({"json": {"sector": ["Missing data for required field."]}}, "nl")
    {'json': {'sector': ['Sector: vul dit veld in.']}}
    """
    if isinstance(messages, dict):
        return {key: in_words(value, language, key if key in FIELDS else field) for key, value in messages.items()}
    if isinstance(messages, list):
        return [in_words(value, language, field) for value in messages]
    if not isinstance(messages, str):
        return messages
    text = message_in_words(messages, language)
    if field is None:
        return text
    name = gettext(FIELDS[field], language)
    return gettext("%(field)s: %(message)s", language, field=name[:1].upper() + name[1:],
                   message=text[:1].lower() + text[1:])
