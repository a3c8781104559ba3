"""Sentences for a worker's moves ("van werk naar werk") and a region's flows of them. Registered in the one table
of :mod:`matchmaker.explanations.sentences`."""
from __future__ import annotations

from matchmaker.explanations.format import months
from matchmaker.explanations.sentences import _duration, _km, _labels, _skills, _when, says
from matchmaker.i18n import N_, gettext, ngettext


def _where(p, lang) -> str:
    return gettext(" (%(km)s km)", lang, km=_km(p["km"], lang)) if p.get("km") is not None else ""


@says("move.internal")
def _(p, lang):
    return gettext("At the same employer: %(need)s.", lang, need=p["need"])


@says("move.network")
def _(p, lang):
    return gettext("At %(employer)s, a partner in %(network)s: %(need)s%(where)s.", lang, employer=p["employer"],
                   network=p["network"], need=p["need"], where=_where(p, lang))


#: why a partner match makes an organisation a partner that could take over staff, by the match's kind
PARTNER_REASONS = {
    "seasonal_sharing": N_("At %(employer)s, a partner whose busy months fall outside your employer's, so they can "
                           "take over staff: %(need)s%(where)s."),
    "talent_pipeline": N_("At %(employer)s, a partner where people from your employer's work grow into work that is "
                          "hard to fill: %(need)s%(where)s."),
}


@says("move.partner")
def _(p, lang):
    return gettext(PARTNER_REASONS[p["reason"]], lang, employer=p["employer"], need=p["need"], where=_where(p, lang))


@says("move.elsewhere")
def _(p, lang):
    return gettext("Elsewhere within reach, at %(employer)s: %(need)s%(where)s.", lang, employer=p["employer"],
                   need=p["need"], where=_where(p, lang))


@says("move.chain")
def _(p, lang):
    return gettext("A seasonal chain: %(season)s at %(employer)s, %(months)s here; together %(together)s months of "
                   "work.", lang, season=months(p["season"], lang), employer=p["employer"],
                   months=months(p["months"], lang), together=p["together"])


@says("move.kept")
def _(p, lang):
    if not p["held"]:
        return gettext("None of the %(total)s essential skills is there yet.", lang, total=p["total"])
    return gettext("Skills kept: %(held)s of the %(total)s that are needed (%(skills)s).", lang, held=p["held"],
                   total=p["total"], skills=_skills(p, lang))


@says("move.gap")
def _(p, lang):
    text = gettext("Still to learn: %(skills)s.", lang, skills=_skills(p, lang))
    return text + " " + gettext("The employer trains on the job.", lang) if p.get("learn_on_job") else text


@says("move.no_gap")
def _(p, lang):
    return gettext("No skill that is needed is missing.", lang)


@says("move.start")
def _(p, lang):
    if not p["months"]:
        return gettext("The move can start now.", lang)
    return gettext("The move can start after about %(duration)s of training.", lang,
                   duration=_duration(p["months"], lang))


@says("move.months")
def _(p, lang):
    return gettext("The work is %(when)s.", lang, when=_when(p["months"], lang))


@says("move.fits_limits")
def _(p, lang):
    parts = []
    if p.get("limits"):
        parts.append(gettext("This work does not ask for %(list)s.", lang, list=_labels("work_demand", p["limits"], lang)))
    if p.get("max_hours"):
        parts.append(gettext("It asks no more than %(hours)s hours a week.", lang, hours=p["max_hours"]))
    return " ".join(parts)


@says("moves.summary")
def _(p, lang):
    if not p["found"]:
        return gettext("No move that fits was found now.", lang)
    return ngettext("%(num)d move found: %(internal)s at the same employer, %(network)s at partners.",
                    "%(num)d moves found: %(internal)s at the same employer, %(network)s at partners.",
                    p["found"], lang, internal=p["internal"], network=p["network"])


@says("moves.no_limits")
def _(p, lang):
    return gettext("No limits are recorded yet for what work may ask. Record them in the profile, and the moves "
                   "take them into account.", lang)


@says("flows.summary")
def _(p, lang):
    return gettext("%(workers)s workers with a change, %(moves)s possible moves. Numbers below %(least)s are not "
                   "shown. The moves are counted as if nobody had limits to what work may ask, so that no one's "
                   "limits can be read from them. For a worker with limits, the advisor sees only the moves that "
                   "fit them, so fewer or other moves.", lang, workers=p["workers"], moves=p["moves"], least=p["least"])
