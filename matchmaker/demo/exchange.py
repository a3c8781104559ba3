"""The demo region's social-innovation exchange: the cases, sessions and SME questions of ``data/exchange.json``
(written by us), given owners, hosts and askers among the demo's organisations, plus registrations, attendance
and progress checks that follow from them by fixed rules (no randomness: the same region gives the same
exchange).

Dates are relative to the moment the demo is loaded (``now``): sessions are held in the weeks before and after it,
questions were asked in the year before it, so every view has something to show whenever the demo is loaded.
"""
from __future__ import annotations

import json
from collections import defaultdict
from datetime import datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker import vocabulary as v
from matchmaker.models import (
    ExchangeSession, Municipality, Organisation, PracticeCase, ProgressCheck, SessionRegistration, SmeQuestion,
)

DATA = Path(__file__).parent / "data" / "exchange.json"
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
#: SMEs: employers with fewer people than this
SME_LIMIT = 250
#: every CHECK_EVERY-th asking SME fills in a progress check when it asks, and again CHECK_AGAIN_DAYS later
CHECK_EVERY, CHECK_AGAIN_DAYS = 3, 90
#: a case is published this many days before loading, one day apart
CASE_AGE_DAYS = 400


def content() -> dict:
    return json.loads(DATA.read_text(encoding="utf-8"))


class _Directory:
    """The demo's organisations by name, and its employers by sector and region (pioneers first, then by name)."""

    def __init__(self, session: Session):
        regions = dict(session.execute(select(Municipality.code, Municipality.region_code)).all())
        self.places = {m.name: m for m in session.scalars(select(Municipality))}
        organisations = list(session.scalars(select(Organisation).order_by(Organisation.name, Organisation.id)))
        self.by_name = {o.name: o for o in organisations}
        self.employers: dict[tuple[str, str], list[Organisation]] = defaultdict(list)
        for o in sorted(organisations, key=lambda o: (not o.pioneer, o.name, o.id)):
            if o.kind == "employer":
                self.employers[(o.sector, regions.get(o.municipality_code))].append(o)
        self.smes = [o for o in organisations if o.kind == "employer" and o.size < SME_LIMIT]
        self.used: set[int] = set()

    def owner(self, selector: dict, *, asker: bool = False) -> Organisation:
        """The organisation named, or the first unused employer of a sector and region; an ``asker`` is an SME
        that is no pioneer (pioneers answer questions)."""
        if "name" in selector:
            return self.by_name[selector["name"]]
        def fits(o: Organisation) -> bool:
            return not asker or (o.size < SME_LIMIT and not o.pioneer)

        # another seed may leave a sector out of a region: then the sector elsewhere, then any employer
        sector = [o for (s, _region), found in sorted(self.employers.items()) if s == selector["sector"] for o in found]
        everyone = [o for _key, found in sorted(self.employers.items()) for o in found]
        candidates = next(group for group in (
            [o for o in self.employers[(selector["sector"], selector["region"])] if fits(o)],
            [o for o in sector if fits(o)], [o for o in everyone if fits(o)], everyone) if group)
        fresh = [o for o in candidates if o.id not in self.used] or candidates
        self.used.add(fresh[0].id)
        return fresh[0]


def _at(now: datetime, days: int, clock: str) -> datetime:
    """``days`` from ``now`` at ``clock`` (Dutch time), moved on to the Monday when that is a Saturday or Sunday."""
    day = (now.astimezone(LOCAL_TIME) + timedelta(days=days)).date()
    day += timedelta(days=(7 - day.weekday()) % 7 if day.weekday() >= 5 else 0)
    hour, minute = map(int, clock.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=LOCAL_TIME).astimezone(now.tzinfo)


def load_exchange(*, session: Session, now: datetime) -> dict[str, int]:
    """Write the demo exchange (the caller commits); returns how many of each record were written."""
    data = content()
    directory = _Directory(session)
    cases = _cases(session, directory, data["cases"], now)
    questions, askers = _questions(session, directory, data["questions"], now)
    sessions, registrations = _sessions(session, directory, data["sessions"], now, askers)
    checks = _checks(session, questions, now)
    session.flush()
    return {"practice cases": cases, "sessions": sessions, "registrations": registrations,
            "SME questions": len(questions), "progress checks": checks}


def _cases(session: Session, directory: _Directory, specs: list[dict], now: datetime) -> int:
    for number, spec in enumerate(specs):
        spec = dict(spec)
        owner = directory.owner(spec.pop("owner"))
        session.add(PracticeCase(
            organisation_id=owner.id, status="published", published_at=now - timedelta(days=CASE_AGE_DAYS - number),
            sector=owner.sector, size=max(1, owner.size), municipality_code=owner.municipality_code, **spec))
    return len(specs)


def _questions(session: Session, directory: _Directory, specs: list[dict], now: datetime):
    """The questions, each asked by the next SME of its sector and region; and the askers in order."""
    directory.used.clear()
    written, askers = [], []
    for spec in specs:
        asker = directory.owner({"sector": spec["sector"], "region": spec["region"]}, asker=True)
        question = SmeQuestion(
            organisation_id=asker.id, question=spec["question"], levers=spec["levers"], barriers=spec["barriers"],
            sector=asker.sector, size=max(1, asker.size), municipality_code=asker.municipality_code,
            asked_at=now - timedelta(days=spec["days_ago"]))
        session.add(question)
        written.append(question)
        if asker not in askers:
            askers.append(asker)
    return written, askers


def _registrants(directory: _Directory, spec: dict, askers: list[Organisation], count: int,
                 offset: int) -> list[Organisation]:
    """``count`` SMEs for a session: the asking SMEs of its sectors first, then other SMEs of those sectors, then
    any SME, each list turned by ``offset`` so that sessions do not all draw the same organisations."""
    sectors = set(spec["sectors"])
    fits = [o for o in directory.smes if not sectors or o.sector in sectors]
    ordered = [o for o in askers if o in fits] + [o for o in fits if o not in askers]
    ordered += [o for o in directory.smes if o not in ordered]
    turn = offset % len(ordered)
    ordered = ordered[turn:] + ordered[:turn]
    return ordered[:count]


def _sessions(session: Session, directory: _Directory, specs: list[dict], now: datetime,
              askers: list[Organisation]) -> tuple[int, int]:
    registrations = 0
    for number, spec in enumerate(specs):
        host = directory.owner(spec["host"])
        starts_at = _at(now, spec["days"], spec["start"])
        place = directory.places[spec["municipality"]] if spec["municipality"] else None
        record = ExchangeSession(
            host_id=host.id, title=spec["title"], description=spec["description"], format=spec["format"],
            levers=spec["levers"], sectors=spec["sectors"], starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=spec["hours"]), online=spec["online"], venue=spec["venue"],
            municipality_code=place.code if place else None, capacity=spec["capacity"])
        session.add(record)
        session.flush()
        waiting = spec.get("waiting", 0)
        chosen = _registrants(directory, spec, askers, spec["registrations"] + waiting, offset=7 * number)
        attended = spec.get("attended") or 0
        for index, organisation in enumerate(chosen):
            confirmed = index < spec["registrations"]
            session.add(SessionRegistration(
                session_id=record.id, organisation_id=organisation.id,
                status="confirmed" if confirmed else "waiting",
                queued_at=min(now, starts_at) - timedelta(days=14, minutes=-index),
                attended=(index < attended) if confirmed and spec["days"] < 0 else None))
        registrations += len(chosen)
    return len(specs), registrations


def _checks(session: Session, questions: list[SmeQuestion], now: datetime) -> int:
    """Every CHECK_EVERY-th asking SME: a first check when it asks (its question's levers at 1, the others at 2),
    and, when that is CHECK_AGAIN_DAYS in the past, a second one with the question's levers a step or two higher."""
    first_questions: dict[int, SmeQuestion] = {}
    for question in questions:
        first_questions.setdefault(question.organisation_id, question)
    written = 0
    for index, question in enumerate(first_questions.values()):
        if index % CHECK_EVERY:
            continue
        first = {lever: 1 if lever in question.levers else 2 for lever in v.LEVERS}
        session.add(ProgressCheck(organisation_id=question.organisation_id, checked_at=question.asked_at,
                                  scores=first, note=""))
        written += 1
        again = question.asked_at + timedelta(days=CHECK_AGAIN_DAYS)
        if again < now:
            step = 1 + index % 2
            later = {lever: min(4, score + (step if lever in question.levers else 0)) for lever, score in first.items()}
            session.add(ProgressCheck(organisation_id=question.organisation_id, checked_at=again, scores=later,
                                      note="Tweede meting, na de eerste stappen."))
            written += 1
    return written
