"""The one table from fact codes to sentences. Messages are English; the catalogues translate them.

Rules for the Dutch (B1): short active sentences, "je" throughout, no codes in prose, no article before a
title ("voor Aardbeienplukkers zomer 2027"), months and numbers as Babel writes them in Dutch, "a, b en c".
"""
from __future__ import annotations

from collections.abc import Callable

from matchmaker.engine.levels import LEVEL_NAMES, LEVEL_STEP
from matchmaker.explanations.format import ALL_MONTHS, listing, month_names, months, number, percent
from matchmaker.i18n import N_, gettext, ngettext
from matchmaker.labels import label

SENTENCES: dict[str, Callable[[dict, str], str]] = {}


def says(code: str):
    def register(function):
        SENTENCES[code] = function
        return function
    return register


def _named(value):
    """Parameters with every concept (``{"concept", "id", "label"}``) as its label: the sentences quote names."""
    if isinstance(value, dict):
        return value["label"] if "concept" in value else {k: _named(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_named(v) for v in value]
    return value


def sentence(fact: dict, language: str) -> str:
    return SENTENCES[fact["code"]](_named(fact.get("params") or {}), language)


def _skills(p: dict, language: str, key: str = "skills", limit: int = 4) -> str:
    return listing(p.get(key) or [], language, limit=limit)


def _km(value, language: str) -> str:
    return number(value, language)


def _duration(months_: float, language: str) -> str:
    value = round(float(months_), 1)
    return ngettext("%(num)d month", "%(num)d months", int(value), language) if value == int(value) else \
        gettext("%(value)s months", language, value=number(value, language, digits=1))


def _years(years: float, language: str) -> str:
    value = round(float(years), 1)
    return ngettext("%(num)d year", "%(num)d years", int(value), language) if value == int(value) else \
        gettext("%(value)s years", language, value=number(value, language, digits=1))


def _when(mask: int, language: str) -> str:
    if int(mask) & ALL_MONTHS == ALL_MONTHS:
        return gettext("all year", language)
    return gettext("in %(months)s", language, months=months(mask, language))


def _labels(vocabulary: str, codes, language: str) -> str:
    return listing([label(vocabulary, c, language, capital=False) for c in codes], language, limit=10)


# --------------------------------------------------------------------------- person ↔ need: the person's view

@says("match.essential")
def _(p, lang):
    if p["held"] == 0:
        return gettext("You do not have any of the %(total)s essential skills for %(need)s yet.", lang,
                       total=p["total"], need=p["need"])
    return gettext("You have %(held)s of the %(total)s essential skills for %(need)s: %(skills)s.", lang,
                   held=p["held"], total=p["total"], need=p["need"], skills=_skills(p, lang, limit=3))


@says("match.no_essential")
def _(p, lang):
    return gettext("%(need)s asks for no particular skills.", lang, need=p["need"])


@says("match.missing")
def _(p, lang):
    return gettext("You still miss: %(skills)s.", lang, skills=_skills(p, lang))


@says("match.nothing_missing")
def _(p, lang):
    return gettext("You miss no essential skill.", lang)


@says("match.optional")
def _(p, lang):
    return gettext("You also have %(held)s of the %(total)s useful extra skills.", lang, held=p["held"],
                   total=p["total"])


@says("match.experience")
def _(p, lang):
    jobs = [gettext("%(occupation)s (%(years)s)", lang, occupation=o, years=_years(y, lang)) for o, y in p["jobs"]]
    return gettext("Your experience as %(jobs)s counts.", lang, jobs=listing(jobs, lang))


@says("match.welcomed")
def _(p, lang):
    return gettext("This employer welcomes people like you. That counts a little extra.", lang)


@says("match.checked")
def _(p, lang):
    return gettext("Checked: %(checks)s.", lang, checks="; ".join(filter(None, (sentence(c, lang) for c in p["checks"]))))


@says("match.blocked")
def _(p, lang):
    return gettext("Not possible now: %(checks)s.", lang,
                   checks="; ".join(filter(None, (sentence(c, lang) for c in p["checks"]))))


@says("check.no_place")
def _(p, lang):
    return gettext("no place is known, so the distance was not checked", lang)


@says("check.distance")
def _(p, lang):
    values = {"km": _km(p["km"], lang), "radius": _km(p["radius"], lang)}
    if p["within"]:
        return gettext("%(km)s km from you, within your %(radius)s km", lang, **values)
    return gettext("%(km)s km from you, farther than your %(radius)s km", lang, **values)


@says("check.hours")
def _(p, lang):
    return gettext("%(asked)s hours a week asked, you can work %(can)s", lang, asked=number(p["asked"], lang, digits=1),
                   can=number(p["can"], lang, digits=1))


@says("check.capacity")
def _(p, lang):
    if not p.get("limited"):
        if p.get("demands"):
            return gettext("the work asks %(list)s", lang, list=_labels("work_demand", p["demands"], lang))
        return gettext("the work asks no heavy physical effort, night shifts or high pace", lang)
    if p.get("conflicts"):
        return gettext("the work asks %(list)s, and that does not fit what you can do", lang,
                       list=_labels("work_demand", p["conflicts"], lang))
    if p.get("max_hours") and float(p["hours"]) > float(p["max_hours"]):
        return gettext("%(asked)s hours a week is more than the %(most)s you can work", lang,
                       asked=number(p["hours"], lang, digits=1), most=number(p["max_hours"], lang, digits=1))
    return gettext("the work asks nothing that does not fit what you can do", lang)


@says("check.accommodations")
def _(p, lang):
    if not p["needed"]:
        return gettext("you need no adjustments", lang)
    if not p["missing"]:
        return gettext("the adjustments you need are there (%(list)s)", lang,
                       list=_labels("accommodation", p["needed"], lang))
    return gettext("not offered: %(list)s", lang, list=_labels("accommodation", p["missing"], lang))


@says("check.dutch")
def _(p, lang):
    has = label("dutch_level", p["has"], lang, capital=False)
    if p["asked"] == "none":
        return gettext("no Dutch needed, you have %(has)s", lang, has=has)
    if p.get("course"):
        return gettext("%(asked)s needed, you have %(has)s: a Dutch course near you takes you there", lang,
                       asked=label("dutch_level", p["asked"], lang, capital=False), has=has)
    return gettext("%(asked)s needed, you have %(has)s", lang, asked=label("dutch_level", p["asked"], lang, capital=False),
                   has=has)


@says("check.level")
def _(p, lang):
    if not p["work"] or not p["own"]:
        return None  # a level not known is not checked
    values = {"work": label("skill_level", p["work"], lang, capital=False),
              "own": label("skill_level", p["own"], lang, capital=False)}
    if LEVEL_NAMES.index(p["work"]) - LEVEL_NAMES.index(p["own"]) >= LEVEL_STEP:
        return gettext("this is %(work)s, two or more steps above your education and work (%(own)s)", lang, **values)
    return gettext("this is %(work)s, which fits your education and work", lang, work=values["work"])


@says("check.months")
def _(p, lang):
    return gettext("the work is %(work)s; you can work %(free)s", lang, work=_when(p["work"], lang),
                   free=_when(p["available"], lang))


@says("check.skills")
def _(p, lang):
    text = gettext("you have %(have)s of the essential skills, %(needed)s is enough", lang,
                   have=percent(p["coverage"], lang), needed=percent(p["needed"], lang))
    if p.get("beginners"):
        text += gettext(" (beginners are welcome: the employer teaches this work on the job)", lang)
    elif p["trains_on_job"]:
        text += gettext(" (the employer trains on the job, so you may miss more)", lang)
    return text


@says("match.bridge")
def _(p, lang):
    return gettext("%(programme)s teaches %(skills)s. It takes %(duration)s and is %(km)s km from you.", lang,
                   programme=p["programme"], skills=_skills(p, lang), duration=_duration(p["months"], lang),
                   km=_km(p["km"], lang)) + _career_change(p, lang)


@says("match.no_bridge")
def _(p, lang):
    return gettext("No programme near you teaches the missing skills yet.", lang)


@says("match.score")
def _(p, lang):
    return gettext("Score: %(score)s of 1.", lang, score=number(p["score"], lang, digits=2))


# --------------------------------------------------------------------------- person ↔ need: the employer's view

@says("candidate.essential")
def _(p, lang):
    if p["held"] == 0:
        return gettext("The candidate has none of the %(total)s essential skills for %(need)s yet.", lang,
                       total=p["total"], need=p["need"])
    return gettext("The candidate has %(held)s of the %(total)s essential skills for %(need)s: %(skills)s.", lang,
                   held=p["held"], total=p["total"], need=p["need"], skills=_skills(p, lang, limit=3))


@says("candidate.missing")
def _(p, lang):
    return gettext("Still missing: %(skills)s.", lang, skills=_skills(p, lang))


@says("candidate.nothing_missing")
def _(p, lang):
    return gettext("No essential skill is missing.", lang)


@says("candidate.optional")
def _(p, lang):
    return ngettext("The candidate also has %(num)d useful extra skill.",
                    "The candidate also has %(num)d useful extra skills.", p["held"], lang)


@says("candidate.experience")
def _(p, lang):
    return gettext("Experience in related work counts too.", lang)


@says("candidate.checked")
def _(p, lang):
    return gettext("Checked: distance, hours, level of Dutch, months and skills, as far as they are known.", lang)


@says("candidate.bridge")
@says("move.bridge")  # a worker's move: the same sentence
def _(p, lang):
    return gettext("%(programme)s teaches %(skills)s in %(duration)s.", lang, programme=p["programme"],
                   skills=_skills(p, lang), duration=_duration(p["months"], lang))


# --------------------------------------------------------------------------- occupation transitions

@says("transition.shared")
def _(p, lang):
    if p["shared"] == 0:
        return gettext("Work as %(source)s gives none of the %(total)s essential skills for %(target)s.", lang,
                       source=p["source"], target=p["target"], total=p["total"])
    return gettext("Work as %(source)s gives %(shared)s of the %(total)s essential skills for %(target)s: %(skills)s.",
                   lang, source=p["source"], target=p["target"], shared=p["shared"], total=p["total"],
                   skills=_skills(p, lang))


@says("transition.partial")
def _(p, lang):
    # credited in part, never as held: said apart from the skills one has, so an advisor can read it aloud
    pairs = [gettext("%(skill)s (close to %(like)s)", lang, skill=s, like=like) for s, like in p["pairs"]]
    return ngettext("For %(num)d more you can already do something close to it: %(pairs)s.",
                    "For %(num)d more you can already do something close to them: %(pairs)s.", p["count"], lang,
                    pairs=listing(pairs, lang))


@says("transition.missing")
def _(p, lang):
    return gettext("Missing: %(skills)s.", lang, skills=_skills(p, lang))


@says("transition.nothing_missing")
def _(p, lang):
    return gettext("Nothing is missing.", lang)


@says("transition.only_close")
def _(p, lang):
    return gettext("Nothing is entirely new. You still have to learn the skills that lie close to what you can do.",
                   lang)


@says("transition.similarity")
def _(p, lang):
    values = {"similarity": number(p["similarity"], lang, digits=2), "threshold": number(p["threshold"], lang, digits=2)}
    if p["viable"]:
        return gettext("Similarity %(similarity)s: a move that can work (the bar is %(threshold)s).", lang, **values)
    return gettext("Similarity %(similarity)s: not yet a move that can work (the bar is %(threshold)s).", lang,
                   **values)


# --------------------------------------------------------------------------- career paths

def _at(p: dict, lang: str) -> str:
    if p.get("employer") is None:
        return gettext("(the region needs people for this work; there is no opening within your reach yet)", lang)
    return gettext("at %(employer)s", lang, employer=p["employer"])


def _place(p: dict, lang: str) -> str:
    return "" if p.get("km") is None else gettext(" (%(km)s km from you)", lang, km=_km(p["km"], lang))


def _job(p: dict, lang: str) -> dict:
    return {"role": p["role"], "at": _at(p, lang), "when": _when(p["months"], lang), "place": _place(p, lang)}


@says("step.training")
def _(p, lang):
    if p.get("employer") is None:
        text = gettext("Follow %(programme)s (%(duration)s, %(km)s km from you). You learn %(skills)s there, "
                       "which you need for work as %(role)s.", lang, programme=p["programme"],
                       duration=_duration(p["duration"], lang), km=_km(p["km"], lang), skills=_skills(p, lang),
                       role=p["role"])
    else:
        text = gettext("Follow %(programme)s (%(duration)s, %(km)s km from you). You learn %(skills)s there, "
                       "which you need for %(role)s at %(employer)s.", lang, programme=p["programme"],
                       duration=_duration(p["duration"], lang), km=_km(p["km"], lang), skills=_skills(p, lang),
                       role=p["role"], employer=p["employer"])
    return text + _career_change(p, lang)


def _career_change(p, lang) -> str:
    """What a programme longer than the work it opens adds: it is there because the person wants a new trade."""
    if not p.get("career_change"):
        return ""
    return " " + gettext("It takes longer than the work itself. We show it because you want to learn a new trade.", lang)


@says("step.start")
def _(p, lang):
    text = gettext("Work as %(role)s %(at)s, %(when)s%(place)s. You bring %(carried)s of the %(total)s essential "
                   "skills (%(skills)s).", lang, carried=p["carried"], total=p["total"],
                   skills=_skills(p, lang, limit=3), **_job(p, lang))
    if p.get("past"):
        text += " " + gettext("Your experience as %(past)s counts.", lang, past=listing(p["past"], lang))
    return text


@says("step.after_training")
def _(p, lang):
    return gettext("Then work as %(role)s %(at)s, %(when)s%(place)s. After the programme you have %(carried)s of "
                   "the %(total)s essential skills.", lang, carried=p["carried"], total=p["total"], **_job(p, lang))


@says("step.seasonal")
def _(p, lang):
    return gettext("Then the next season: work as %(role)s %(at)s, %(when)s%(place)s. What you learned as "
                   "%(previous)s helps here: %(skills)s.", lang, previous=p["previous"],
                   skills=_skills(p, lang, limit=3), **_job(p, lang))


@says("step.move_on")
def _(p, lang):
    return gettext("Then move on to %(role)s %(at)s, %(when)s%(place)s. Work as %(previous)s matches %(similarity)s "
                   "of what is needed there (skills close in meaning count in part). You take along: %(skills)s.", lang,
                   previous=p["previous"], similarity=percent(p["similarity"], lang),
                   skills=_skills(p, lang, limit=3), **_job(p, lang))


@says("step.learn")
def _(p, lang):
    return gettext("You learn on the job: %(skills)s.", lang, skills=_skills(p, lang))


@says("paths.found")
def _(p, lang):
    return ngettext("%(num)d career path found. The best one:", "%(num)d career paths found. The best one:",
                    p["count"], lang)


@says("paths.none")
def _(p, lang):
    if p.get("barrier"):
        return gettext("No career path fits now. What stands in the way most: %(barrier)s.", lang,
                       barrier=label("barrier", p["barrier"], lang, capital=False))
    return gettext("No career path fits now: distance, hours, level of Dutch or months rule out every step "
                   "(up to three steps).", lang)


# --------------------------------------------------------------------------- partner matches

@says("partner.seasonal")
def _(p, lang):
    text = gettext("%(a)s is busiest in %(a_peak)s, %(b)s in %(b_peak)s.", lang, a=p["a"], b=p["b"],
                   a_peak=months(p["a_peak"], lang), b_peak=months(p["b_peak"], lang))
    if p["skills"]:
        reason = gettext("Both need %(skills)s: the same people can work both seasons.", lang,
                         skills=_skills(p, lang))
    elif p["source"] == p["target"]:
        reason = gettext("Both need people for work as %(occupation)s: the same people can work both seasons.", lang,
                         occupation=p["source"])
    else:
        reason = gettext("From %(source)s to %(target)s is a move that can work (similarity %(similarity)s): the "
                         "same people can work both seasons.", lang, source=p["source"], target=p["target"],
                         similarity=number(p["similarity"], lang, digits=2))
    return text + " " + reason


@says("partner.pipeline")
def _(p, lang):
    text = gettext("%(a)s hires starters as %(starter)s. %(b)s finds too few people for work as %(target)s (hard "
                   "to fill: %(hardness)s).", lang, a=p["a"], b=p["b"], starter=p["starter"], target=p["target"],
                   hardness=number(p["hardness"], lang, digits=2))
    if p["starter"] == p["target"]:
        move = gettext("Starters as %(starter)s gain just the experience needed: people who start at %(a)s can grow "
                       "into work at %(b)s.", lang, starter=p["starter"], a=p["a_name"], b=p["b_name"])
    else:
        move = gettext("From %(starter)s to %(target)s is a move that can work (similarity %(similarity)s): people "
                       "who start at %(a)s can grow into work at %(b)s.", lang, starter=p["starter"],
                       target=p["target"], similarity=number(p["similarity"], lang, digits=2), a=p["a_name"],
                       b=p["b_name"])
    return text + " " + move


def _need_phrase(p: dict, lang: str) -> str:
    kind = label("need_kind", p["need_kind"], lang, capital=False)
    if p.get("occupation") is None:  # "the internship asks", "de stage"
        return kind
    return gettext("%(kind)s for %(occupation)s", lang, kind=kind, occupation=p["occupation"])


@says("partner.school")
def _(p, lang):
    lines = [gettext("the %(mode)s programme %(programme)s teaches %(coverage)s of what the %(need)s asks", lang,
                     mode=label("programme_mode", pair["mode"], lang, capital=False), programme=pair["programme"],
                     coverage=percent(pair["coverage"], lang), need=_need_phrase(pair, lang))
             for pair in p["pairs"]]
    text = gettext("%(school)s can train people for %(employer)s:", lang, school=p["school"], employer=p["employer"])
    text += " " + "; ".join(lines) + "."
    if p["skills"]:
        text += " " + gettext("It teaches %(skills)s.", lang, skills=_skills(p, lang))
    if p["placements"]:
        text += " " + gettext("A good place for internships and work-based learning.", lang)
    return text


@says("partner.co_creation")
def _(p, lang):
    text = gettext("No programme within %(km)s km teaches %(skills)s.", lang, km=_km(p["km"], lang),
                   skills=_skills(p, lang, limit=6))
    places = ngettext("%(num)d place", "%(num)d places", p["places"], lang)
    text += " " + ngettext("%(employers)s asks for it, for %(places)s.", "%(employers)s ask for it, for %(places)s.",
                           len(p["employers"]), lang, employers=listing(p["employers"], lang), places=places)
    schools = p["schools"]
    if schools:
        if max(s["coverage"] for s in schools) > 0:
            parts = []
            for s in schools:
                if s["coverage"] >= 1:
                    parts.append(gettext("%(school)s teaches it already, but farther than %(km)s km from the work",
                                         lang, school=s["name"], km=_km(p["km"], lang)))
                elif s["coverage"] > 0:
                    parts.append(gettext("%(school)s already teaches %(share)s of it", lang, school=s["name"],
                                         share=percent(s["coverage"], lang)))
                else:
                    parts.append(s["name"])
            text += " " + gettext("Closest to teaching it: %(schools)s.", lang, schools="; ".join(parts))
        else:
            text += " " + gettext("Nearest schools (none teaches any of it yet): %(schools)s.", lang,
                                  schools="; ".join(s["name"] for s in schools))
    return text + " " + gettext("A programme made together with them would close this gap.", lang)


@says("partner.knowledge")
def _(p, lang):
    text = gettext("%(pioneer)s is a pioneer in %(lever)s (strength %(strength)s of 3). %(asker)s asks for help "
                   "with it.", lang, pioneer=p["pioneer"], asker=p["asker"], strength=p["strength"],
                   lever=label("lever", p["lever"], lang, capital=False))
    if p["sector"] is not None:
        sector = label("sector", p["sector"], lang, capital=False)
        text += " " + (gettext("Both work in the sector %(sector)s.", lang, sector=sector) if p["same_sector"] else
                       gettext("%(pioneer)s works in the sector %(sector)s.", lang, pioneer=p["pioneer_name"],
                               sector=sector))
    return text + " " + gettext("A visit or a meeting of peers can pass on what works.", lang)


@says("answer.request")
def _(p, lang):
    kind = label("partner_request_kind", p["kind"], lang, capital=False)
    if "months" in p:
        what = gettext("%(kind)s in %(months)s", lang, kind=kind, months=months(p["months"], lang))
    elif "lever" in p:
        what = gettext("%(kind)s about %(lever)s", lang, kind=kind, lever=label("lever", p["lever"], lang, capital=False))
    elif "occupation" in p:
        what = gettext("%(kind)s for %(occupation)s", lang, kind=kind, occupation=p["occupation"])
    else:
        what = kind
    if p["direction"] == "seeks":
        return gettext("%(org)s seeks %(what)s.", lang, org=p["org"], what=what)
    return gettext("%(org)s offers %(what)s.", lang, org=p["org"], what=what)


@says("answer.counter_request")
def _(p, lang):
    kind = label("partner_request_kind", p["kind"], lang, capital=False)
    if "months" in p:
        detail = gettext(" in %(months)s", lang, months=months(p["months"], lang))
    elif "lever" in p:
        detail = gettext(" about %(lever)s", lang, lever=label("lever", p["lever"], lang, capital=False))
    elif "source" in p:
        detail = gettext(" (from %(source)s to %(target)s)", lang, source=p["source"], target=p["target"])
    else:
        detail = ""
    if p["direction"] == "seeks":
        return gettext("%(org)s has asked for %(kind)s%(detail)s: a request that fits.", lang, org=p["org"],
                       kind=kind, detail=detail)
    return gettext("%(org)s has offered %(kind)s%(detail)s: an offer that fits.", lang, org=p["org"], kind=kind,
                   detail=detail)


@says("answer.staff_free")
def _(p, lang):
    return gettext("%(org)s has little work in %(months)s (it is busiest in %(peak)s): its people are free then.",
                   lang, org=p["org"], months=months(p["months"], lang), peak=months(p["peak"], lang))


@says("answer.staff_needed")
def _(p, lang):
    return gettext("%(org)s needs extra people in %(months)s.", lang, org=p["org"], months=months(p["months"], lang))


@says("answer.strong")
def _(p, lang):
    values = {"org": p["org"], "lever": label("lever", p["lever"], lang, capital=False), "strength": p["strength"]}
    if p["pioneer"]:
        return gettext("%(org)s is strong in %(lever)s (%(strength)s of 3, a pioneer).", lang, **values)
    return gettext("%(org)s is strong in %(lever)s (%(strength)s of 3).", lang, **values)


@says("answer.asks_help")
def _(p, lang):
    return gettext("%(org)s asks for help with %(lever)s.", lang, org=p["org"],
                   lever=label("lever", p["lever"], lang, capital=False))


@says("answer.starters")
def _(p, lang):
    return gettext("%(org)s hires starters as %(starter)s, who can grow into work as %(target)s (similarity "
                   "%(similarity)s).", lang, org=p["org"], starter=p["starter"], target=p["target"],
                   similarity=number(p["similarity"], lang, digits=2))


@says("answer.hard_to_fill")
def _(p, lang):
    return gettext("%(org)s finds too few people for work as %(target)s; your starters can grow into it "
                   "(similarity %(similarity)s).", lang, org=p["org"], target=p["target"],
                   similarity=number(p["similarity"], lang, digits=2))


@says("answer.need_taught")
def _(p, lang):
    return gettext("%(org)s has a %(need)s; your programmes teach %(coverage)s of it.", lang, org=p["org"],
                   need=_need_phrase(p, lang), coverage=percent(p["coverage"], lang))


@says("answer.programme")
def _(p, lang):
    return gettext("%(org)s runs %(programme)s, which teaches %(coverage)s of what your needs ask.", lang,
                   org=p["org"], programme=p["programme"], coverage=percent(p["coverage"], lang))


# --------------------------------------------------------------------------------------------- insights

def count_words(people: int | None, suppressed: str | None, language: str | None = None) -> str:
    """A count as shown: the number, or why it is not shown (a group smaller than the smallest one reported)."""
    from matchmaker.i18n import language_or_reader
    from matchmaker.services.allocation import MIN_GROUP_SIZE

    lang = language_or_reader(language)
    if suppressed == "fewer":
        return gettext("fewer than %(least)s", lang, least=MIN_GROUP_SIZE)
    if suppressed == "hidden":
        return gettext("not reported", lang)
    return number(people or 0, lang)


@says("insight.shortage")
def _(p, lang):
    text = ngettext("%(occupation)s: %(num)d open place.", "%(occupation)s: %(num)d open places.", p["demand"], lang,
                    occupation=p["occupation"][:1].upper() + p["occupation"][1:])
    text += " " + ngettext("%(num)d person in the region could fill one now.",
                           "%(num)d people in the region could fill one now.", p["people"], lang)
    text += " " + (ngettext("Programmes that lead to this work have %(num)d place.",
                            "Programmes that lead to this work have %(num)d places.", p["capacity"], lang)
                   if p["capacity"] else gettext("No programme leads to this work.", lang))
    gap, after = p["gap"], p["gap_after_training"]
    if gap == 0:
        verdict = gettext("No shortage.", lang)
    elif p["capacity"] == 0:
        verdict = ngettext("%(num)d place short.", "%(num)d places short.", gap, lang)
    elif after == 0:
        verdict = ngettext("%(num)d place short now; training can close that.",
                           "%(num)d places short now; training can close that.", gap, lang)
    else:
        verdict = ngettext("%(num)d place short now, and %(after)d even after training.",
                           "%(num)d places short now, and %(after)d even after training.", gap, lang, after=after)
    return text + " " + verdict


BARRIER_WORDS = {
    "distance": N_("%(count)s by distance (the work is farther than they can travel)"),
    "accommodation": N_("%(count)s by an adjustment that is missing"),
    "language": N_("%(count)s by the level of Dutch asked"),
    "hours": N_("%(count)s by the hours asked"),
    "months": N_("%(count)s by the season (months in which they cannot work)"),
    "programme": N_("%(count)s by missing skills that no programme teaches"),
    "training": N_("%(count)s by missing skills that a programme could teach"),
    "several": N_("%(count)s by several barriers at once"),
}


@says("insight.unused")
def _(p, lang):
    text = ngettext("%(count)s of %(num)d person has no suggestion that fits.",
                    "%(count)s of %(num)d people have no suggestion that fits.", p["total"], lang, count=p["count"])
    parts = [gettext(BARRIER_WORDS[b], lang, count=n) for b, n in p["barriers"].items()]
    if parts:
        text += " " + gettext("Taking away one barrier would open work for them: %(parts)s.", lang,
                              parts=listing(parts, lang, limit=8))
    return text


@says("insight.group")
def _(p, lang):
    group = label("target_group", p["group"], lang)
    if p["people"] is None:
        return gettext("%(group)s: fewer than %(least)s people, not reported.", lang, group=group, least=p["least"])
    if not p["barriers"]:
        return gettext("%(group)s: all %(people)s have a suggestion.", lang, group=group, people=p["people"])
    parts = [gettext("%(barrier)s: not reported", lang, barrier=label("barrier", b["barrier"], lang, capital=False))
             if b.get("suppressed") == "hidden" else
             gettext("%(count)s by %(barrier)s", lang, count=count_words(b["people"], b.get("suppressed"), lang),
                     barrier=label("barrier", b["barrier"], lang, capital=False))
             for b in p["barriers"]]
    without = p["without_suggestion"] or {}
    return gettext("%(group)s: %(without)s of %(people)s without a suggestion (%(parts)s).", lang, group=group,
                   without=count_words(without.get("people"), without.get("suppressed"), lang), people=p["people"],
                   parts=listing(parts, lang, limit=8))


@says("insight.no_events")
def _(p, lang):
    return gettext("Nothing has happened yet.", lang)


def _month(value: str, lang: str) -> str:
    year, month = value.split("-")
    return f"{month_names(lang)[int(month) - 1]} {year}"


@says("insight.progress")
def _(p, lang):
    return gettext("From %(first)s to %(last)s: %(needs)s needs posted, %(matches)s matches proposed and "
                   "%(partnerships)s partnerships proposed.", lang, first=_month(p["first"], lang),
                   last=_month(p["last"], lang), needs=p["needs"], matches=p["matches"],
                   partnerships=p["partnerships"])


@says("insight.last_month")
def _(p, lang):
    (n, m, s), (pn, pm, ps) = p["now"], p["before"]
    return gettext("In %(month)s: %(needs)s needs (the month before: %(prev_needs)s), %(matches)s matches "
                   "(%(prev_matches)s) and %(partnerships)s partnerships (%(prev_partnerships)s).", lang,
                   month=_month(p["month"], lang), needs=n, matches=m, partnerships=s, prev_needs=pn,
                   prev_matches=pm, prev_partnerships=ps)


def _cluster_name(p: dict, lang: str) -> str:
    if p.get("sector") and p.get("place"):
        return gettext("the %(sector)s cluster around %(place)s", lang,
                       sector=label("sector", p["sector"], lang, capital=False), place=p["place"])
    if p.get("sector"):
        return gettext("the %(sector)s cluster", lang, sector=label("sector", p["sector"], lang, capital=False))
    if p.get("place"):
        return gettext("the cluster around %(place)s", lang, place=p["place"])
    return gettext("a cluster", lang)


@says("cluster.name")
def _(p, lang):
    return _cluster_name(p, lang)


@says("cluster")
def _(p, lang):
    name = _cluster_name(p, lang)
    return ngettext("%(name)s (%(num)d organisation: %(organisations)s) works together or needs and trains for "
                    "the same work.",
                    "%(name)s (%(num)d organisations: %(organisations)s) work together or need and train for the "
                    "same work.", len(p["organisations"]), lang, name=name[:1].upper() + name[1:],
                    organisations=listing(p["organisations"], lang, limit=5))


@says("broker")
def _(p, lang):
    names = [_cluster_name(c, lang) for c in p["clusters"]]
    if len(names) >= 2:
        text = gettext("%(name)s connects %(a)s with %(b)s", lang, name=p["name"], a=names[0], b=names[1])
        if p["more"]:
            text += ngettext(" and %(num)d more cluster", " and %(num)d more clusters", p["more"], lang)
    elif names:
        text = gettext("%(name)s holds %(a)s together", lang, name=p["name"], a=names[0])
    else:
        text = gettext("%(name)s links organisations that are otherwise apart", lang, name=p["name"])
    if p.get("through") is not None:
        text += gettext(": %(through)s of the %(pairs)s pairs of other organisations are linked through it.", lang,
                        through=number(p["through"], lang), pairs=number(p["pairs"], lang))
    else:
        text += gettext(" (betweenness %(value)s).", lang, value=number(p["centrality"], lang, digits=2))
    return text


@says("insight.network")
def _(p, lang):
    text = gettext("%(organisations)s organisations, %(connected)s of them linked to another.", lang,
                   organisations=p["organisations"], connected=p["connected"])
    clusters = p["clusters"]
    text += " " + ngettext("%(num)d cluster of two or more", "%(num)d clusters of two or more", len(clusters), lang)
    if clusters:
        text += ": " + listing([_cluster_name(c, lang) for c in clusters], lang)
    return text + "."


@says("insight.main_broker")
def _(p, lang):
    return gettext("The main link:", lang)


# --------------------------------------------------------------------------------------------- allocation

@says("allocation.result")
def _(p, lang):
    values = dict(needs_filled=p["needs_filled"], needs=p["needs"], seats=p["seats"], places=p["places"],
                  fit=number(p["fit"], lang, digits=2), with_suggestion=p["with_suggestion"], people=p["people"])
    if p["method"] == "greedy":
        return gettext("Everyone their own top choices: %(needs_filled)s of %(needs)s needs filled completely, "
                       "%(seats)s of %(places)s places with a total fit of %(fit)s; %(with_suggestion)s of "
                       "%(people)s people get at least one suggestion.", lang, **values)
    return gettext("Regional allocation: %(needs_filled)s of %(needs)s needs filled completely, %(seats)s of "
                   "%(places)s places with a total fit of %(fit)s; %(with_suggestion)s of %(people)s people get "
                   "at least one suggestion.", lang, **values)


@says("allocation.region")
def _(p, lang):
    return gettext("In %(region)s: %(people)s people and %(needs)s open needs with %(places)s places.", lang,
                   region=p["region"], people=p["people"], needs=p["needs"], places=p["places"])


@says("allocation.compare")
def _(p, lang):
    (nr, ng), (sr, sg), (fr, fg), (wr, wg) = p["needs_filled"], p["seats"], p["fit"], p["with_suggestion"]
    text = gettext("Suggestions for the region as a whole fill %(regional)s needs completely (%(seats)s places, "
                   "total fit %(fit)s).", lang, regional=nr, seats=sr, fit=number(fr, lang, digits=2))
    text += " " + gettext("If everyone gets their own top choices, %(greedy)s are filled (%(seats)s places, total "
                          "fit %(fit)s).", lang, greedy=ng, seats=sg, fit=number(fg, lang, digits=2))
    more = nr - ng
    if more > 0:
        text += " " + ngettext("That is %(num)d need more.", "That is %(num)d needs more.", more, lang)
    elif more < 0:
        text += " " + ngettext("That is %(num)d need fewer.", "That is %(num)d needs fewer.", -more, lang)
    else:
        text += " " + gettext("That is as many needs.", lang)
    return text + " " + gettext("With suggestions for the whole region, %(regional)s of the %(people)s people get at "
                                "least one suggestion. If everyone gets their own top choices, %(greedy)s do.",
                                lang, regional=wr, greedy=wg, people=p["people"])


@says("allocation.group")
def _(p, lang):
    group = label("target_group", p["group"], lang)
    if p["people"] is None:
        return gettext("%(group)s: fewer than %(least)s people, not reported.", lang, group=group,
                       least=p.get("least", 5))
    if p["regional"] is None or p["greedy"] is None:
        return gettext("%(group)s: %(people)s people; shares not reported (they would show a group of fewer than "
                       "%(least)s).", lang, group=group, people=p["people"], least=p.get("least", 5))
    return gettext("%(group)s: %(regional)s of the %(people)s people get a suggestion for the whole region. If "
                   "everyone gets their own top choices, %(greedy)s do.", lang,
                   group=group, regional=percent(p["regional"], lang), greedy=percent(p["greedy"], lang),
                   people=p["people"])


@says("paths.left_out")
def _(p, lang):
    return ngettext("%(num)d of the career paths found went through a need or programme that no longer exists and "
                    "is left out; %(kept)d still stand. Ask again for paths over what is there now.",
                    "%(num)d of the career paths found went through a need or programme that no longer exists and "
                    "are left out; %(kept)d still stand. Ask again for paths over what is there now.",
                    p["dropped"], lang, kept=p["kept"])


@says("insight.accommodation_blocked")
def _(p, lang):
    return gettext("%(count)s with a suggestion on every other check find none offering the adjustments they need.",
                   lang, count=count_words(p["people"], p.get("suppressed"), lang))


from matchmaker.explanations import exchange as _exchange  # noqa: E402,F401  (the exchange registers its sentences)
from matchmaker.explanations import reasons as _reasons  # noqa: E402,F401  (why an answer is as it is)
from matchmaker.explanations import moves as _moves  # noqa: E402,F401  (a worker's moves)
