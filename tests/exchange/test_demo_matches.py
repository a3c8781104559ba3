"""On the demo region: every SME question gets at least one practice case and, where a coming session on its levers
has a free place, such a session; every match says why in plain Dutch (and in English on request)."""
from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from matchmaker import vocabulary as v
from matchmaker.extensions import db
from matchmaker.models import ExchangeSession, PracticeCase, SmeQuestion
from matchmaker.models.base import utcnow
from matchmaker.services.exchange import matching
from matchmaker.services.exchange.sessions import with_places

CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
ENGLISH = {"the", "and", "also", "worked", "they", "you", "your", "may", "visit", "call", "holds", "session", "places",
           "free", "away", "too", "leads", "way", "can", "what", "works", "on", "at"}


@pytest.fixture(scope="module")
def demo(demo_app):
    with demo_app.app_context():
        yield db.session
        db.session.remove()


def test_the_demo_exchange_is_big_enough_to_show_something_everywhere(demo):
    assert len(demo.scalars(select(PracticeCase.id)).all()) >= 30
    assert len(demo.scalars(select(ExchangeSession.id)).all()) >= 12
    assert len(demo.scalars(select(SmeQuestion.id)).all()) >= 60


def test_every_question_gets_a_case_and_a_session_with_free_places_where_one_exists(demo):
    now = utcnow()
    coming = with_places(demo, list(demo.scalars(select(ExchangeSession).where(ExchangeSession.starts_at > now))))
    questions = list(demo.scalars(select(SmeQuestion)))
    with_session = 0
    for question in questions:
        found = matching.match_question(session=demo, question=question, now=now, language="nl")
        assert found.cases, question.question
        for case in found.cases:
            assert set(case.record.levers) & set(question.levers) and case.record.status == "published"
        open_on_levers = [s for s in coming if set(s.levers) & set(question.levers) and s.free_places > 0]
        assert bool(found.sessions) == bool(open_on_levers), question.question
        for suggestion in found.sessions:
            record = suggestion.record
            assert record.starts_at > now and record.free_places > 0 and set(record.levers) & set(question.levers)
        # nearest in time first, and none nearer left out
        assert [s.record.starts_at for s in found.sessions] == sorted(s.starts_at for s in open_on_levers)[
            :len(found.sessions)]
        with_session += bool(found.sessions)
    assert with_session == len(questions)  # the demo has a coming session with places on every lever


def test_cases_sharing_lever_and_barrier_come_before_those_sharing_only_a_lever(demo):
    for question in demo.scalars(select(SmeQuestion)):
        cases = matching.match_question(session=demo, question=question, language="nl").cases
        shares_barrier = [bool(set(c.record.barriers) & set(question.barriers)) for c in cases]
        assert shares_barrier == sorted(shares_barrier, reverse=True), question.question


def test_every_reason_is_plain_dutch_and_english_on_request(demo):
    question = demo.scalars(select(SmeQuestion).order_by(SmeQuestion.id)).first()
    dutch = matching.match_question(session=demo, question=question, language="nl")
    english = matching.match_question(session=demo, question=question, language="en")
    for suggestion in dutch.cases + dutch.sessions + dutch.pioneers:
        words = set(re.findall(r"[a-z]+", suggestion.explanation.lower()))
        assert not CODE.search(suggestion.explanation) and not words & ENGLISH, suggestion.explanation
    assert "werkte ook aan" in dutch.cases[0].explanation
    assert "also worked on" in english.cases[0].explanation
    assert "plaatsen vrij" in dutch.sessions[0].explanation or "plaats vrij" in dutch.sessions[0].explanation
    assert dutch.pioneers and all(p.record.pioneer for p in dutch.pioneers)
    assert question.organisation_id not in [p.record.id for p in dutch.pioneers]


def test_the_demo_monitor_adds_up_to_the_records(demo, demo_app):
    from sqlalchemy import func

    from matchmaker.models import Organisation, ProgressCheck, SessionRegistration, User
    from matchmaker.services.exchange import monitor

    with demo_app.test_request_context():
        figures = monitor.monitor(session=demo, actor=User(role="coordinator"))
    totals = figures["totals"]

    def count(*where):
        return demo.scalar(select(func.count()).where(*where))

    assert totals["practice_cases"] == count(PracticeCase.status == "published") >= 30
    assert totals["questions"] == count(SmeQuestion.id > 0) >= 60
    assert totals["sessions_held"] + totals["sessions_coming"] == count(ExchangeSession.id > 0) >= 12
    assert totals["sessions_held"] >= 1 and totals["sessions_coming"] >= 1
    assert totals["places_taken"] == count(SessionRegistration.status == "confirmed")
    assert totals["waiting"] == count(SessionRegistration.status == "waiting") > 0
    assert totals["attended"] == count(SessionRegistration.attended.is_(True)) > 0
    assert totals["progress_checks"] == count(ProgressCheck.id > 0) > 0
    assert totals["smes"] == count(Organisation.kind == "employer", Organisation.size < 250)
    for part in ("region", "sector", "size_class"):
        assert sum(item["smes_reached"] for item in figures["reach"][part]) == totals["smes_reached"]
        assert sum(item["smes"] for item in figures["reach"][part]) == totals["smes"]
    asked_on = {lever: count(SmeQuestion.id.in_([q.id for q in demo.scalars(select(SmeQuestion))
                                                 if lever in q.levers])) for lever in v.LEVERS}
    assert {item["code"]: item["questions"] for item in figures["reach"]["lever"]} == asked_on
    named = sum(len(q.barriers) for q in demo.scalars(select(SmeQuestion)))
    assert sum(sum(q["counts"].values()) for q in figures["barriers"]["by_quarter"]) == named
    assert sum(b["questions"] for b in figures["barriers"]["most_named"]) == named
    assert sum(s["attended"] or 0 for s in figures["sessions"]) == totals["attended"]
    assert sum(s["places_taken"] for s in figures["sessions"]) == totals["places_taken"]
    assert all(p["smes"] > 0 and p["latest_average"] >= p["first_average"] for p in figures["progress"])


def test_the_report_command_prints_the_headline_figures_and_a_question_in_words(demo_app):
    result = demo_app.test_cli_runner().invoke(args=["exchange-report", "--question", "1"])
    assert result.exit_code == 0, result.output
    assert "practice_cases     33" in result.output and "questions          60" in result.output
    assert "werkte ook aan" in result.output and "plaatsen vrij" in result.output
