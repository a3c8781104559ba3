"""What would make an almost-fitting match possible: for each check a match fails, one fact saying what would
change it (travel farther, more hours, a level of Dutch, other months, an adjustment the employer offers, skills
to learn and where, a programme of the work's level). Read from the match's own facts, so it says nothing the match does not already know; shown
to the person and their advisor only (the accommodation check is special-category data).

Facts here, sentences at the edge: :mod:`matchmaker.explanations.unblock` says them.
"""
from __future__ import annotations

import math

from matchmaker.explanations import explained, fact
from matchmaker.explanations import unblock as _sentences  # noqa: F401  (registers the sentences)

#: missing skills an unblock sentence names at most
SKILLS_NAMED = 4
#: checks read from special-category data (accommodation needs, work capacity): their remedies say what the
#: person needs, so a page that may be shown to others leaves them out
SENSITIVE_CHECKS = ("accommodations", "capacity")


def _check_params(constraint: dict) -> dict:
    facts = constraint.get("facts") or [{}]
    return facts[0].get("params") or {}


def unblock_fact(constraint: dict, match: dict) -> dict | None:
    """The fact that says what would pass ``constraint`` (a failed check of ``match`` as
    :func:`matchmaker.services.matches.person_matches` gives it); None for a check without a remedy."""
    p = _check_params(constraint)
    name = constraint["name"]
    if name == "distance" and "km" in p:
        return fact("unblock.distance", km=math.ceil(p["km"]), radius=p["radius"])
    if name == "hours":
        return fact("unblock.hours", asked=p["asked"], can=p["can"])
    if name == "accommodations":
        return fact("unblock.accommodations", missing=p.get("missing") or [])
    if name == "dutch":
        return fact("unblock.dutch", asked=p["asked"], has=p["has"])
    if name == "months":
        return fact("unblock.months", work=p["work"])
    if name == "capacity":
        if p.get("conflicts"):
            return fact("unblock.capacity", conflicts=p["conflicts"])
        if p.get("max_hours"):
            return fact("unblock.capacity_hours", max_hours=p["max_hours"])
        return None
    if name == "level" and p.get("work"):
        return fact("unblock.level", work=p["work"])
    if name == "skills":
        missing = [skill["label"] for skill in match.get("missing_skills") or []][:SKILLS_NAMED]
        bridge = (match.get("gap_bridge") or [None])[0]
        if bridge is None:
            return fact("unblock.skills", skills=missing, trains_on_job=bool(p.get("trains_on_job")))
        programme = bridge["programme"]
        return fact("unblock.skills_programme", skills=missing, programme=programme["name"],
                    school=programme["school"], months=bridge["duration_months"])
    return None


def with_unblock(match: dict, say=explained) -> dict:
    """``match`` with, on every failed check, ``unblock``: what would change it, in words and as a fact (``say``:
    :func:`matchmaker.explanations.explained` or an :func:`~matchmaker.explanations.explainer` made for the
    response)."""
    constraints = []
    for constraint in match.get("constraints") or []:
        if not constraint["passed"] and (found := unblock_fact(constraint, match)) is not None:
            constraint = {**constraint, "unblock": say([found])}
        constraints.append(constraint)
    return {**match, "constraints": constraints}
