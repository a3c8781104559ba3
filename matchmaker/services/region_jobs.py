"""Per-region work: the ``region_demand`` job kind and the ``recompute_regions`` fan-out over regions.

A recompute creates one parent job and, per region, one child job of each kind in :data:`REGION_KINDS`:
open demand, the regional allocation, partner matches and insights. The children run on the bulk queue in
parallel, as many at a time as there are bulk workers; the partner matches of the whole province are
computed once per worker process and shared by that recompute's region jobs (services/partners.py). The
engine kinds load the taxonomy's transition table first, so a recompute also (re)builds its file cache
for the API processes. Beat recomputes nightly, and the import commands after every import.
"""
from __future__ import annotations

import time

from flask import current_app
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from matchmaker.errors import InvalidInput, NotFound, TooManyRequests
from matchmaker.models import Job, Municipality, Need, Person, RegionSnapshot, User
from matchmaker.models.base import utcnow
from matchmaker.security import policies
from matchmaker.services import jobs, open_needs, refresh
from matchmaker.services.data_versions import TAXONOMY, region_scope
from matchmaker.services.places import REGIONS, region_choices

RECOMPUTE = "recompute_regions"
REGION_DEMAND = "region_demand"
#: the per-region job kinds a recompute runs (registered in services/allocation.py, partners.py, insights.py;
#: the order they are queued in is :func:`queue_order`'s)
REGION_KINDS = (REGION_DEMAND, "allocation", "partner_matches", "insights", "stored_candidates", "stored_matches")
#: upper bound of the ``hold_seconds`` test hook
MAX_HOLD_SECONDS = 30
#: the PostgreSQL transaction lock under which a user's recompute counts the unfinished ones
RECOMPUTE_LOCK = 0x6D6D_7263  # "mmrc"


def _region_scopes(job: Job) -> list[str]:
    return [TAXONOMY, region_scope(job.subject_id)]


def _hold(job: Job) -> None:
    """TEST HOOK for fault tests: sleep ``params["hold_seconds"]`` between steps, so a test can kill a worker
    mid-task. Only accepted when ``JOB_TEST_HOOKS`` is on; production schedules never set it."""
    seconds = float(job.params.get("hold_seconds", 0) or 0)
    if seconds > 0:
        time.sleep(min(seconds, MAX_HOLD_SECONDS))


@jobs.job_kind(REGION_DEMAND, queue=jobs.BULK, scopes=_region_scopes)
def region_demand(*, session: Session, job: Job, progress: jobs.Progress) -> dict:
    """Open demand of one region: headcount of open needs per occupation and month (12 months; a need
    without months counts in every month). Replaces the region's snapshot; returns ids and sums only.

    It also makes sure the province's prepared career-path region of the current data version is in the shared
    store (prepared once between all workers), so that the first career path after a change only reads it."""
    from matchmaker.services import career_paths

    region = job.subject_id
    in_region = select(Municipality.code).where(Municipality.region_code == region)
    rows = session.execute(
        select(Need.occupation_id, Need.months, Need.headcount)
        .where(open_needs.is_open(), Need.municipality_code.in_(in_region))
        .order_by(Need.id)
    ).all()
    progress(0.3)
    _hold(job)
    by_occupation: dict[int | None, list[int]] = {}
    for occupation_id, months, headcount in rows:
        per_month = by_occupation.setdefault(occupation_id, [0] * 12)
        for month in (months or range(1, 13)):
            per_month[month - 1] += headcount
    demand = [{"occupation_id": occupation_id, "headcount_by_month": by_occupation[occupation_id]}
              for occupation_id in sorted(by_occupation, key=lambda o: (o is None, o or 0))]
    monthly_total = [sum(entry["headcount_by_month"][m] for entry in demand) for m in range(12)]
    summary = {
        "open_needs": len(rows),
        "total_headcount": sum(headcount for _, _, headcount in rows),
        "occupations": sum(1 for entry in demand if entry["occupation_id"] is not None),
        "peak_month": (monthly_total.index(max(monthly_total)) + 1) if rows else None,
    }
    progress(0.6)
    _hold(job)
    snapshot = session.get(RegionSnapshot, region) or RegionSnapshot(region_code=region)
    snapshot.job_id, snapshot.data_version, snapshot.computed_at = job.id, job.data_version, utcnow()
    snapshot.open_needs, snapshot.total_headcount, snapshot.demand = (
        summary["open_needs"], summary["total_headcount"], demand)
    session.add(snapshot)
    session.flush()
    career_paths.prepare_shared(session)
    return {"region": region, "summary": summary, "headcount_by_month": monthly_total, "demand": demand}


def _recompute_scopes(job: Job) -> list[str]:
    return [TAXONOMY, *(region_scope(code) for code in job.params.get("regions", []))]


@jobs.fan_out_kind(RECOMPUTE, queue=jobs.BULK, scopes=_recompute_scopes)
def gather_regions(*, session: Session, job: Job, children: list[Job]) -> dict:
    """Per region and kind: the child job, its status and its summary."""
    regions: dict[str, dict] = {code: {} for code in job.params.get("regions", [])}
    for child in children:
        regions.setdefault(child.subject_id, {})[child.kind] = {
            "job_id": child.id, "status": child.status,
            "summary": (child.result or {}).get("summary", {}) if child.status == "succeeded" else {},
        }
    return {
        "regions": regions,
        "jobs": len(children),
        "succeeded": sum(1 for child in children if child.status == "succeeded"),
        "failed": sum(1 for child in children if child.status == "failed"),
    }


def start_recompute(*, session: Session, actor: User | None, regions: list[str] | None = None,
                    hold_seconds: float = 0) -> Job:
    """A queued recompute of ``regions`` (all when None) with its child jobs; dispatch it with
    :func:`matchmaker.services.jobs.dispatch`. ``actor`` None is the scheduler."""
    return _recompute(session, actor, regions, hold_seconds, once=False)[0]


def request_recompute(*, session: Session, actor: User, regions: list[str] | None = None,
                      hold_seconds: float = 0) -> tuple[Job, bool]:
    """A user's recompute: (a new queued recompute, True) as :func:`start_recompute`; (the recompute of the same
    regions this user asked for already, False) while that one is still queued or running; 429 when
    ``RECOMPUTE_MAX_CONCURRENT`` recomputes (anyone's, the scheduler's too) are queued or running already."""
    return _recompute(session, actor, regions, hold_seconds, once=True)


def _recompute(session: Session, actor: User | None, regions: list[str] | None, hold_seconds: float,
               *, once: bool) -> tuple[Job, bool]:
    if actor is not None:
        policies.require_role(actor, "admin", "coordinator")
    codes = list(dict.fromkeys(regions)) if regions else list(REGIONS)
    unknown = [code for code in codes if code not in REGIONS]
    if unknown:
        raise NotFound("No region %(value)s; regions: %(value2)s.", value=', '.join(unknown), value2=region_choices())
    params: dict = {}
    if hold_seconds:
        if not current_app.config["JOB_TEST_HOOKS"]:
            raise InvalidInput("hold_seconds is a test hook, off on this server.", field="hold_seconds")
        params["hold_seconds"] = hold_seconds
    asked = dict(kind=RECOMPUTE, subject_type="region" if len(codes) == 1 else "regions",
                 subject_id=",".join(codes), params={"regions": codes, **params}, actor=actor)
    if once:
        parent, created = jobs.create_once(session=session, **asked)
        if not created:
            return parent, False
        _bound_concurrent_recomputes(session)
    else:
        parent = jobs.create(session=session, **asked)
    refresh.clear_covered(session, codes)
    for code, kind in queue_order(_largest_first(session, codes)):
        jobs.create(session=session, kind=kind, subject_type="region", subject_id=code, params=params,
                    actor=actor, parent=parent)
    return parent, True


def _bound_concurrent_recomputes(session: Session) -> None:
    """429 when, with the recompute just stored in this transaction, more than ``RECOMPUTE_MAX_CONCURRENT`` are
    queued or running. Concurrent requests count one after the other: on PostgreSQL under a transaction lock, on
    SQLite because the stored recompute holds the database's write lock until the commit."""
    bound = current_app.config["RECOMPUTE_MAX_CONCURRENT"]
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:lock)"), {"lock": RECOMPUTE_LOCK})
    unfinished = session.scalar(select(func.count()).where(
        Job.kind == RECOMPUTE, Job.parent_id.is_(None), Job.status.in_(("queued", "running"))))
    if unfinished > bound:
        raise TooManyRequests(
            "%(value)s recomputes are queued or running already (this server runs at most %(bound)s at once); nothing was started. Try again in %(RETRY_AFTER_SECONDS)s seconds.", retry_after=jobs.RETRY_AFTER_SECONDS, value=unfinished - 1, bound=bound, RETRY_AFTER_SECONDS=jobs.RETRY_AFTER_SECONDS)


def _largest_first(session: Session, codes: list[str]) -> list[str]:
    """Regions by their number of people, most first (the work of their jobs grows with it)."""
    people = dict(session.execute(
        select(Municipality.region_code, func.count(Person.id))
        .join(Person, Person.municipality_code == Municipality.code).group_by(Municipality.region_code)).all())
    return sorted(codes, key=lambda code: (-people.get(code, 0), codes.index(code)))


def queue_order(codes: list[str]) -> list[tuple[str, str]]:
    """The (region, kind) jobs of a recompute over ``codes`` (largest region first) in the order they are
    queued, so that parallel workers idle least: first the largest region's partner matches, which compute the
    province's matches that every partner-match and insights job reads (services/partners.py); then region by
    region its allocation and its insights (which reach the province's matches only in their last step, and
    whose progress series then counts the allocation of the same recompute); then each region's stored need
    candidates and person matches (services/stored_candidates.py, stored_matches.py); the short jobs last — open demand and the other regions' partner
    matches, which only cut their share from the province's. The largest region's open demand goes second: its
    job also prepares the province's career-path region for every process (:func:`region_demand`), so that a
    career path asked for during the recompute finds it ready.

    >>> queue_order(["twente", "regio-zwolle"])
    ... # doctest: +NORMALIZE_WHITESPACE
    [('twente', 'partner_matches'), ('twente', 'region_demand'), ('twente', 'allocation'), ('twente', 'insights'),
     ('regio-zwolle', 'allocation'), ('regio-zwolle', 'insights'), ('twente', 'stored_candidates'),
     ('twente', 'stored_matches'), ('regio-zwolle', 'stored_candidates'), ('regio-zwolle', 'stored_matches'),
     ('regio-zwolle', 'region_demand'), ('regio-zwolle', 'partner_matches')]
    """
    first = [(codes[0], "partner_matches"), (codes[0], REGION_DEMAND)] if codes else []
    return [*first, *((code, kind) for code in codes for kind in ("allocation", "insights")),
            *((code, kind) for code in codes for kind in ("stored_candidates", "stored_matches")),
            *((code, REGION_DEMAND) for code in codes[1:]),
            *((code, "partner_matches") for code in codes[1:])]
