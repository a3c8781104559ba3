"""The province's monitor of the exchange: reach per lever, region, sector and size class; SMEs reached against the
SMEs in Matchmaker; sessions held and attendance; the barriers SMEs name, per quarter; and the progress SMEs report
on the four levers. Aggregates only (counts of organisations and records), computed from the records when read,
so every figure adds up to them; :func:`rows` gives the same figures as rows for a CSV file.

An SME is an employer with fewer than 250 people. It is *reached* when it asked a question, holds or waits for a
place at a session, or filled in a progress check.
"""
from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matchmaker import vocabulary as v
from matchmaker.i18n import N_, gettext
from matchmaker.labels import label
from matchmaker.models import (
    ExchangeSession, Municipality, Organisation, PracticeCase, ProgressCheck, SessionRegistration, SmeQuestion, User,
)
from matchmaker.security import policies
from matchmaker.services.exchange.common import now_or
from matchmaker.services.places import REGIONS

SME_LIMIT = 250


def quarter(moment: datetime) -> str:
    """>>> quarter(datetime(2026, 11, 3))
    '2026-Q4'"""
    return f"{moment.year}-Q{(moment.month - 1) // 3 + 1}"


def _smes(session: Session) -> dict[int, dict]:
    """Every SME: id → sector, size class, region."""
    rows = session.execute(select(Organisation.id, Organisation.sector, Organisation.size, Municipality.region_code)
                           .join(Municipality, Municipality.code == Organisation.municipality_code, isouter=True)
                           .where(Organisation.kind == "employer", Organisation.size < SME_LIMIT))
    return {i: {"sector": sector, "size_class": v.size_class(size or 0), "region": region}
            for i, sector, size, region in rows}


def monitor(*, session: Session, actor: User, now: datetime | None = None) -> dict:
    """Every figure of the monitor (admins and coordinators)."""
    policies.require_role(actor, *policies.MONITOR_READERS)
    now = now_or(now)
    smes = _smes(session)
    questions = session.execute(select(SmeQuestion.organisation_id, SmeQuestion.levers, SmeQuestion.barriers,
                                       SmeQuestion.asked_at)).all()
    sessions = list(session.scalars(select(ExchangeSession).order_by(ExchangeSession.starts_at, ExchangeSession.id)))
    registrations = session.execute(select(SessionRegistration.session_id, SessionRegistration.organisation_id,
                                           SessionRegistration.status, SessionRegistration.attended)
                                    .where(SessionRegistration.status != "cancelled")).all()
    checks = session.execute(select(ProgressCheck.organisation_id, ProgressCheck.scores, ProgressCheck.checked_at)
                             .order_by(ProgressCheck.checked_at, ProgressCheck.id)).all()
    levers_of = {s.id: s.levers for s in sessions}

    reached_on: dict[str, set[int]] = defaultdict(set)  # lever → SMEs that asked or registered on it
    for organisation, levers, *_rest in questions:
        for lever in levers:
            reached_on[lever].add(organisation)
    for session_id, organisation, _status, _attended in registrations:
        for lever in levers_of[session_id]:
            reached_on[lever].add(organisation)
    reached = ({q[0] for q in questions} | {r[1] for r in registrations} | {c[0] for c in checks}) & set(smes)

    return {
        "totals": _totals(session, smes, reached, questions, sessions, registrations, checks, now),
        "reach": _reach(session, smes, reached, reached_on, questions, sessions),
        "sessions": _sessions(sessions, registrations, now),
        "barriers": _barriers(questions),
        "progress": _progress(checks),
    }


def _totals(session, smes, reached, questions, sessions, registrations, checks, now) -> dict:
    held = {s.id for s in sessions if s.starts_at <= now}
    return {
        "practice_cases": session.scalar(select(func.count()).where(PracticeCase.status == "published")) or 0,
        "sessions_held": len(held),
        "sessions_coming": len(sessions) - len(held),
        "places_taken": sum(r.status == "confirmed" for r in registrations),
        "waiting": sum(r.status == "waiting" for r in registrations),
        "attended": sum(bool(r.attended) for r in registrations if r.session_id in held),
        "questions": len(questions),
        "smes_reached": len(reached),
        "smes": len(smes),
        "progress_checks": len(checks),
    }


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _reach(session, smes, reached, reached_on, questions, sessions) -> dict:
    cases = Counter(lever for levers in session.scalars(select(PracticeCase.levers).where(
        PracticeCase.status == "published")) for lever in levers)
    asked = Counter(lever for q in questions for lever in q.levers)
    on_lever = Counter(lever for s in sessions for lever in s.levers)
    by_lever = [{"code": lever, "label": label("lever", lever), "smes_reached": len(reached_on[lever] & set(smes)),
                 "questions": asked[lever], "practice_cases": cases[lever], "sessions": on_lever[lever]}
                for lever in v.LEVERS]

    def grouped(key: str, codes, name) -> list[dict]:
        everyone = Counter(facts[key] for facts in smes.values())
        hit = Counter(smes[i][key] for i in reached)
        return [{"code": code, "label": name(code), "smes_reached": hit[code], "smes": everyone[code],
                 "share": _share(hit[code], everyone[code])} for code in codes]

    return {"lever": by_lever,
            "region": grouped("region", list(REGIONS), REGIONS.get),
            "sector": grouped("sector", v.SECTORS, lambda code: label("sector", code)),
            "size_class": grouped("size_class", v.SIZE_CLASSES, lambda code: label("size_class", code))}


def _sessions(sessions, registrations, now) -> list[dict]:
    taken, came = Counter(), Counter()
    for r in registrations:
        taken[r.session_id] += r.status == "confirmed"
        came[r.session_id] += bool(r.attended)
    return [{"id": s.id, "title": s.title, "starts_at": s.starts_at, "held": s.starts_at <= now,
             "capacity": s.capacity, "places_taken": taken[s.id],
             "attended": came[s.id] if s.starts_at <= now else None}
            for s in sessions]


def _barriers(questions) -> dict:
    total = Counter(b for q in questions for b in q.barriers)
    per_quarter: dict[str, Counter] = defaultdict(Counter)
    for q in questions:
        per_quarter[quarter(q.asked_at)].update(q.barriers)
    return {
        "most_named": [{"code": code, "label": label("exchange_barrier", code), "questions": count}
                       for code, count in sorted(total.items(), key=lambda item: (-item[1], v.EXCHANGE_BARRIERS.index(
                           item[0])))],
        "by_quarter": [{"quarter": period, "counts": {code: per_quarter[period][code] for code in v.EXCHANGE_BARRIERS}}
                       for period in sorted(per_quarter)],
    }


def _progress(checks) -> list[dict]:
    """Per lever: SMEs with two checks or more, their average first and latest score (0..4), how many went up."""
    first: dict[int, dict] = {}
    latest: dict[int, dict] = {}
    counted = Counter()
    for organisation, scores, _at in checks:
        first.setdefault(organisation, scores)
        latest[organisation] = scores
        counted[organisation] += 1
    again = [o for o, n in counted.items() if n >= 2]
    out = []
    for lever in v.LEVERS:
        before = [first[o].get(lever, 0) for o in again]
        after = [latest[o].get(lever, 0) for o in again]
        out.append({"code": lever, "label": label("lever", lever), "smes": len(again),
                    "first_average": round(sum(before) / len(again), 2) if again else None,
                    "latest_average": round(sum(after) / len(again), 2) if again else None,
                    "improved": sum(a > b for a, b in zip(after, before))})
    return out


#: the parts of the monitor and the names of its measures, as a CSV file says them
PARTS = {"totals": N_("Totals"), "lever": N_("Reach per lever"), "region": N_("Reach per region"),
         "sector": N_("Reach per sector"), "size_class": N_("Reach per size class"), "sessions": N_("Sessions"),
         "barriers": N_("Barriers per quarter"), "progress": N_("Progress per lever")}
MEASURES = {
    "practice_cases": N_("published practice cases"), "sessions_held": N_("sessions held"),
    "sessions_coming": N_("sessions to come"), "places_taken": N_("places taken"), "waiting": N_("on a waiting list"),
    "attended": N_("organisations that came"), "questions": N_("SME questions"), "smes_reached": N_("SMEs reached"),
    "smes": N_("SMEs in Matchmaker"), "progress_checks": N_("progress checks"), "share": N_("share reached"),
    "sessions": N_("sessions"), "capacity": N_("places"), "first_average": N_("average score at the first check"),
    "latest_average": N_("average score at the latest check"), "improved": N_("SMEs that went up"),
}


def rows(figures: dict) -> list[list]:
    """The monitor as rows of (part, code, name, measure, value), in the reader's language, for a CSV file."""
    def measure(code: str) -> str:
        return gettext(MEASURES[code])

    out = [[gettext("Part"), gettext("Code"), gettext("Name"), gettext("Measure"), gettext("Value")]]
    for code, value in figures["totals"].items():
        out.append([gettext(PARTS["totals"]), "", "", measure(code), value])
    for part, items in figures["reach"].items():
        for item in items:
            for code in ("smes_reached", "smes", "share", "questions", "practice_cases", "sessions"):
                if code in item:
                    out.append([gettext(PARTS[part]), item["code"], item["label"], measure(code), item[code]])
    for item in figures["sessions"]:
        for code in ("capacity", "places_taken", "attended"):
            out.append([gettext(PARTS["sessions"]), item["id"], item["title"], measure(code), item[code]])
    for item in figures["barriers"]["by_quarter"]:
        for code, count in item["counts"].items():
            out.append([gettext(PARTS["barriers"]), code, label("exchange_barrier", code), item["quarter"], count])
    for item in figures["progress"]:
        for code in ("smes", "first_average", "latest_average", "improved"):
            out.append([gettext(PARTS["progress"]), item["code"], item["label"], measure(code), item[code]])
    return out


def as_csv(figures: dict) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerows([["" if value is None else value for value in row] for row in rows(figures)])
    return buffer.getvalue()
