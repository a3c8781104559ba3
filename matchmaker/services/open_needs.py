"""When a need is open: the one rule, as SQL expressions every query of open needs uses.

A need is open while its status is ``open`` and its closing date (when it has one) has not passed: it is open
through its closing date and closed from the day after, in the Netherlands' calendar, without anyone closing it.
Matches, candidates, the needs lists, open demand, allocation and partner counts all select open needs with
:func:`is_open`, and a need's view shows the status :func:`status_now` gives (``closed`` once its date passed).

Nothing is written when a closing date passes, so :func:`note_closed_by_date` (run with every automatic refresh
round, :func:`matchmaker.services.refresh.run_due`) notes it once per Dutch day: it marks the regions whose open
needs a closing date changed as changed, and their stored results are refreshed as after an edit.
"""
from __future__ import annotations

import logging
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import and_, case, func, not_, select
from sqlalchemy.orm import Session

from matchmaker.models import Job, Need
from matchmaker.services import data_versions

LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
log = logging.getLogger(__name__)


def today() -> date:
    """The date in the Netherlands."""
    return datetime.now(LOCAL_TIME).date()


def day_of(moment: datetime) -> date:
    """The date in the Netherlands at ``moment`` (a datetime with its zone)."""
    return moment.astimezone(LOCAL_TIME).date()


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


def province_key(session: Session) -> tuple:
    """What identifies the province's open needs for caching: the database, the taxonomy's and every region's
    counters (their sum grows whenever any of them changes), and the day (a need closes after its closing date
    without any change)."""
    version = data_versions.combined(session=session, scopes=data_versions.province_scopes())
    return str(session.get_bind().url), version, today().isoformat()


def need_is_open(session: Session, need_id: int) -> bool:
    """Is need ``need_id`` open today?"""
    return session.scalar(select(Need.id).where(Need.id == need_id, is_open())) is not None


def need_status(session: Session, need_id: int) -> str | None:
    """Need ``need_id``'s status today, as :func:`status_now` gives it (None: no such need)."""
    return session.scalar(select(status_now()).where(Need.id == need_id))


# --- noting the needs their closing date closed ---------------------------------------------------------------


def note_closed_by_date(session: Session, day: date) -> list[str]:
    """On the first call of Dutch day ``day`` (in any process): the regions of the needs their closing date closed
    since the day noted before (closing date on or after that day and before ``day``, status still open) count
    as changed: their data versions are bumped and their automatic refresh scheduled, in the caller's
    transaction, as an edit of those needs would. Returns those regions; later calls on ``day`` return none.

    With no day noted yet (a new database) the needs checked are those closed since the day the region computed
    longest ago was last computed (its open demand): results computed today already leave out the needs closed
    before today, so a new database refreshes nothing. The day noted is kept as a data version
    (:func:`matchmaker.services.data_versions.note_day`), moved once per day between concurrent callers."""
    noted = data_versions.note_day(session=session, scope=data_versions.CLOSING_DATES, day=day)
    if noted is None:
        return []
    since = _oldest_computation(session, day) if noted == date.min else noted
    if since >= day:
        return []
    places = session.scalars(select(Need.municipality_code).distinct().where(
        Need.status == "open", Need.closes_on >= since, Need.closes_on < day))
    regions = data_versions.bump_regions_of(session=session, municipality_codes=list(places))
    if regions:
        log.info("closing dates passed since %s: refreshing %s", since.isoformat(), ", ".join(regions))
    return regions


def _oldest_computation(session: Session, day: date) -> date:
    """The day the region computed longest ago last had its open demand computed (``day``: none was)."""
    from matchmaker.services.region_jobs import REGION_DEMAND

    latest = session.scalars(select(func.max(Job.finished_at)).where(Job.kind == REGION_DEMAND,
                                                                    Job.status == "succeeded")
                             .group_by(Job.subject_id))
    return min((day_of(finished) for finished in latest if finished is not None), default=day)
