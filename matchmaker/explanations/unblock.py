"""Sentences for :mod:`matchmaker.services.unblock`: what would make an almost-fitting match possible."""
from __future__ import annotations

from matchmaker.explanations.format import ALL_MONTHS, listing, months, number
from matchmaker.explanations.sentences import says
from matchmaker.i18n import gettext, ngettext
from matchmaker.labels import label


@says("unblock.distance")
def _(p, lang):
    return gettext("This becomes possible if you travel %(km)s km instead of %(radius)s km.", lang,
                   km=number(p["km"], lang), radius=number(p["radius"], lang))


@says("unblock.hours")
def _(p, lang):
    return gettext("This becomes possible if you can work %(asked)s hours a week instead of %(can)s.", lang,
                   asked=number(p["asked"], lang, digits=1), can=number(p["can"], lang, digits=1))


@says("unblock.accommodations")
def _(p, lang):
    names = listing([label("accommodation", code, lang, capital=False) for code in p["missing"]], lang, limit=10)
    return gettext("This becomes possible if the employer offers %(list)s. Ask the employer about it.", lang,
                   list=names)


@says("unblock.level")
def _(p, lang):
    return gettext("This becomes possible after a programme that prepares for %(work)s, such as a work-based (BBL) "
                   "route. The career paths show whether one is near you.", lang, work=label("skill_level", p["work"], lang,
                                                                                 capital=False))


@says("unblock.capacity")
def _(p, lang):
    names = listing([label("work_demand", code, lang, capital=False) for code in p["conflicts"]], lang, limit=10)
    return gettext("This becomes possible if the employer adapts the work so that it does not ask for %(list)s. Ask about "
                   "job carving.", lang, list=names)


@says("unblock.capacity_hours")
def _(p, lang):
    return gettext("This becomes possible if the employer offers the work in %(most)s hours a week.", lang,
                   most=number(p["max_hours"], lang, digits=1))


@says("unblock.dutch")
def _(p, lang):
    return gettext("This becomes possible when your Dutch is at level %(asked)s. A language course helps.", lang,
                   asked=label("dutch_level", p["asked"], lang, capital=False))


@says("unblock.months")
def _(p, lang):
    if int(p["work"]) & ALL_MONTHS == ALL_MONTHS:
        return gettext("This becomes possible if you can work all year.", lang)
    return gettext("This becomes possible if you can also work in %(months)s.", lang, months=months(p["work"], lang))


@says("unblock.skills")
def _(p, lang):
    skills = listing(p["skills"], lang)
    if p.get("trains_on_job"):
        return gettext("This becomes possible when you learn %(skills)s. The employer trains on the job: ask about "
                       "it.", lang, skills=skills)
    return gettext("This becomes possible when you learn %(skills)s. No programme nearby teaches this yet.", lang,
                   skills=skills)


@says("unblock.skills_programme")
def _(p, lang):
    value = round(float(p["months"]), 1)
    duration = ngettext("%(num)d month", "%(num)d months", int(value), lang) if value == int(value) else \
        gettext("%(value)s months", lang, value=number(value, lang, digits=1))
    return gettext("This becomes possible when you learn %(skills)s, for example at %(programme)s of %(school)s "
                   "(%(duration)s).", lang, skills=listing(p["skills"], lang), programme=p["programme"],
                   school=p["school"], duration=duration)
