"""When a need is open: the one rule, as SQL expressions every query of open needs uses.

A need is open while its status is ``open`` and its closing date (when it has one) has not passed: it is open
through its closing date and closed from the day after, in the Netherlands' calendar, without anyone closing it.
Matches, candidates, the needs lists, open demand, allocation and partner counts all select open needs with
:func:`is_open`, and a need's view shows the status :func:`status_now` gives (``closed`` once its date passed).
"""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, not_, select
from sqlalchemy.orm import Session

from matchmaker.models import Need

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")


def today() -> date:
    """The date in the Netherlands."""
    return datetime.now(LOCAL_TIME).date()


def _date_passed(day: date):
    """SQL: the need has a closing date before ``day``."""
    return and_(Need.closes_on.is_not(None), Need.closes_on < day)


def _closed_by_date(day: date):
    return and_(Need.status == "open", _date_passed(day))


def is_open(day: date | None = None):
    """SQL: the need is open on ``day`` (default today): its status is open and its closing date has not passed."""
    return and_(Need.status == "open", not_(_date_passed(day or today())))


def status_now(day: date | None = None):
    """SQL: the need's status on ``day`` (default today): ``closed`` for an open need whose closing date passed."""
    return case((_closed_by_date(day or today()), "closed"), else_=Need.status)


def closed_on(day: date | None = None):
    """SQL: the closing date of a need its closing date closed (its status still open), else NULL."""
    return case((_closed_by_date(day or today()), Need.closes_on), else_=None)


def need_is_open(session: Session, need_id: int) -> bool:
    """Is need ``need_id`` open today?"""
    return session.scalar(select(Need.id).where(Need.id == need_id, is_open())) is not None
