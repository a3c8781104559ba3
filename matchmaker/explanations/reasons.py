"""Sentences that say why an answer is as it is: how many of a person's matches fit and what follows, support
that travels with the person, and why allocation leaves a place open or a person without a suggestion.
Registered in the one table of :mod:`matchmaker.explanations.sentences`."""
from __future__ import annotations

from matchmaker.explanations.format import listing, number
from matchmaker.explanations.sentences import says
from matchmaker.i18n import gettext, ngettext
from matchmaker.labels import label


def _labels(vocabulary: str, codes, language: str) -> str:
    return listing([label(vocabulary, c, language, capital=False) for c in codes], language, limit=10)


@says("matches.no_open_needs")
def _(p, lang):
    return gettext("There are no open needs in the province yet, so nothing can fit you now.", lang)


@says("matches.summary")
def _(p, lang):
    if p["feasible"]:
        said = ngettext("Here is %(num)d open need that fits you.", "Here are %(num)d open needs that fit you, best first.",
                        p["feasible"], lang)
        if p["blocked"]:
            said += " " + ngettext("After them, %(num)d that comes close, with what stands in the way.",
                                   "After them, %(num)d that come close, with what stands in the way.",
                                   p["blocked"], lang)
        return said
    said = gettext("None of the %(considered)s open needs fits you now.", lang,
                   considered=number(p["considered"], lang))
    if p["blocked"]:
        said += " " + ngettext("Here is the one that comes closest, with what stands in the way.",
                               "Here are the %(num)d that come closest, with what stands in the way.",
                               p["blocked"], lang)
    return said


@says("match.support")
def _(p, lang):
    said = ngettext("%(list)s goes with you: the municipality or UWV arranges it, the workplace need not.",
                    "%(list)s go with you: the municipality or UWV arranges them, the workplace need not.",
                    len(p["supports"]), lang, list=_labels("accommodation", p["supports"], lang))
    said = said[:1].upper() + said[1:]
    if p.get("offered"):
        said += " " + gettext("This employer offers it too: %(list)s.", lang,
                              list=_labels("accommodation", p["offered"], lang))
    return said


def _barrier(code: str, lang: str) -> str:
    return label("barrier", code, lang, capital=False)


@says("allocation.person_blocked")
def _(p, lang):
    return gettext("Nothing in the region fits yet. What stands in the way most: %(barrier)s.", lang,
                   barrier=_barrier(p["barrier"], lang))


@says("allocation.person_taken")
def _(p, lang):
    return ngettext("%(num)d need fits, but its places went to people who fit it better.",
                    "%(num)d needs fit, but their places went to people who fit them better.", p["needs"], lang)


@says("allocation.need_blocked")
def _(p, lang):
    if p["barrier"] == "nobody":
        return gettext("Nobody in the region is looking for work here yet.", lang)
    return gettext("Nobody in the region can take it yet. What stands in the way most: %(barrier)s.", lang,
                   barrier=_barrier(p["barrier"], lang))


@says("allocation.need_short")
def _(p, lang):
    said = ngettext("%(num)d place stays open.", "%(num)d places stay open.", p["open"], lang)
    if p.get("elsewhere"):
        return said + " " + ngettext("%(num)d person who fits it fits another need better.",
                                     "%(num)d people who fit it fit other needs better.", p["elsewhere"], lang)
    return said + " " + ngettext("Only %(num)d person in the region fits it.",
                                 "Only %(num)d people in the region fit it.", p["people"], lang)


@says("match.on_the_job")
def _(p, lang):
    return gettext("The employer teaches you the rest on the job: %(skills)s.", lang,
                   skills=listing(p.get("skills") or [], lang, limit=4))


@says("match.learned_at_work")
def _(p, lang):
    return gettext("You learn this at work itself, without a programme: %(skills)s.", lang,
                   skills=listing(p.get("skills") or [], lang, limit=4))
