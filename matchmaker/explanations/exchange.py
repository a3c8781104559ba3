"""Sentences for the exchange's matches (cases, sessions, pioneers), written for an SME owner: who, what they did
that is like your question, and what you can do next. Registered in the one table of
:mod:`matchmaker.explanations.sentences`."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime

from matchmaker.explanations.format import listing
from matchmaker.explanations.sentences import says
from matchmaker.i18n import gettext, ngettext
from matchmaker.labels import label

#: sessions are held in the Netherlands: their times are read in Dutch time
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")


def _labels(vocabulary: str, codes, language: str) -> str:
    return listing([label(vocabulary, code, language, capital=False) for code in codes], language, limit=6)


def when(moment: datetime | str, language: str) -> str:
    """A session's start as a reader says it: "donderdag 14 januari 2027 om 15:30" (Dutch time).

    >>> when("2027-01-14T14:30:00+00:00", "nl"), when("2027-01-14T14:30:00+00:00", "en")
    ('donderdag 14 januari 2027 om 15:30', 'Thursday 14 January 2027 at 15:30')
    """
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    local = moment.astimezone(LOCAL_TIME)
    day = format_datetime(local, "EEEE d MMMM y", locale=language)
    return gettext("%(day)s at %(time)s", language, day=day, time=f"{local:%H:%M}")


@says("exchange.case")
def _(p, lang):
    text = gettext("%(owner)s also worked on %(levers)s.", lang, owner=p["owner"],
                   levers=_labels("lever", p["levers"], lang))
    if p["barriers"]:
        text += " " + gettext("They too had to deal with %(barriers)s.", lang,
                              barriers=_labels("exchange_barrier", p["barriers"], lang))
    if p["same_sector"]:
        text += " " + gettext("Like you, they work in %(sector)s.", lang,
                              sector=label("sector", p["sector"], lang, capital=False))
    if p["same_size"]:
        text += " " + gettext("Their company is about as big as yours.", lang)
    if p["visit"] and p["call"]:
        text += " " + gettext("You may visit them or call them.", lang)
    elif p["visit"]:
        text += " " + gettext("You may visit them.", lang)
    elif p["call"]:
        text += " " + gettext("You may call them.", lang)
    return text


@says("exchange.session")
def _(p, lang):
    levers = _labels("lever", p["levers"], lang)
    if p["online"] or not p["place"]:
        text = gettext("%(host)s holds this online session about %(levers)s on %(when)s.", lang, host=p["host"],
                       levers=levers, when=when(p["starts_at"], lang))
    else:
        text = gettext("%(host)s holds this session about %(levers)s on %(when)s in %(place)s.", lang,
                       host=p["host"], levers=levers, when=when(p["starts_at"], lang), place=p["place"])
    text += " " + ngettext("%(num)s place is still free.", "%(num)s places are still free.", p["free_places"], lang)
    if p.get("sector"):
        text += " " + gettext("It is also meant for companies in %(sector)s.", lang,
                              sector=label("sector", p["sector"], lang, capital=False))
    return text


@says("exchange.pioneer")
def _(p, lang):
    text = gettext("%(pioneer)s leads the way in %(lever)s and can tell you what works.", lang,
                   pioneer=p["pioneer"], lever=label("lever", p["lever"], lang, capital=False))
    if p["same_sector"]:
        text += " " + gettext("They work in %(sector)s too.", lang,
                              sector=label("sector", p["sector"], lang, capital=False))
    return text + " " + ngettext("They are %(num)s kilometre away.", "They are %(num)s kilometres away.",
                                 p["km"], lang)
