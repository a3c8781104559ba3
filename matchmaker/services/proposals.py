"""What fits a person, for their pages (the person's own and their advisor's): the person's matches stored as a
result, computed once per data version and read back, so a page does not run the engine on every view.

The result is the one :func:`matchmaker.services.matches.person_matches` gives, kept as facts only (the sentences
are written when it is read, in the reader's language). It is stored as a job about the person, like their career
paths: readable only through the person's pages (access checked there, the special-category read audited), never
cached in memory, and erased with the person (:func:`matchmaker.services.stored_results.erase_person`). It goes
stale when the taxonomy, any region's data or a deletion changes the province's open demand (the same counters
that key :func:`matchmaker.services.open_needs.province_key`), the person changes (their version) or the day changes
(a need closes after its closing date), and is then computed again on the next view.
"""
from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from matchmaker.errors import NotFound, ServiceUnavailable
from matchmaker.models import Job, Person, User
from matchmaker.security import policies
from matchmaker.services import audit, jobs, open_needs
from matchmaker.services.data_versions import province_scopes
from matchmaker.services.matches import compute_person_matches

PERSON_MATCHES = "person_matches"
#: matches kept per person: the feasible ones first, then the closest blocked ones
LIMIT = 20


def _scopes(job: Job) -> list[str]:
    return province_scopes(deletions=True)


def facts_only(value):
    """``value`` without its sentences: what is stored (``with_sentences`` writes them again when read)."""
    if isinstance(value, dict):
        return {key: facts_only(item) for key, item in value.items() if key != "explanation"}
    if isinstance(value, list):
        return [facts_only(item) for item in value]
    return value


@jobs.job_kind(PERSON_MATCHES, queue=jobs.INTERACTIVE, scopes=_scopes)
def compute(*, session: Session, job: Job, progress: jobs.Progress) -> dict:
    person_id = int(job.subject_id)
    if session.get(Person, person_id) is None:
        raise NotFound("Person %(person_id)s no longer exists.", person_id=person_id)
    return facts_only(compute_person_matches(session, person_id, limit=LIMIT, include_blocked=True))


def _day() -> str:
    """The day the matches were computed on: a need closes after its closing date without any change."""
    return open_needs.today().isoformat()


def _stored(session: Session, person: Person) -> Job | None:
    job = session.scalar(select(Job).where(Job.kind == PERSON_MATCHES, Job.subject_type == "person",
                                           Job.subject_id == str(person.id), Job.status == "succeeded")
                         .order_by(Job.id.desc()).limit(1))
    if (job is None or job.params.get("version") != person.version or job.params.get("day") != _day()
            or jobs.is_stale(session=session, job=job)):
        return None
    return job


def _compute_now(session: Session, person: Person) -> Job:
    """Compute and store the person's matches here, replacing what was stored for them."""
    session.execute(delete(Job).where(Job.kind == PERSON_MATCHES, Job.subject_type == "person",
                                      Job.subject_id == str(person.id)))
    job = jobs.create(session=session, kind=PERSON_MATCHES, subject_type="person", subject_id=str(person.id),
                      params={"version": person.version, "day": _day()})
    session.commit()
    jobs.run(session=session, job_id=job.id)
    job = session.get(Job, job.id)
    if job.status != "succeeded":
        raise ServiceUnavailable("Computing this failed (job %(id)s): %(error)s",
                                      retry_after=jobs.RETRY_AFTER_SECONDS, id=job.id, error=job.error)
    return job


def person_proposals(*, session: Session, actor: User, person_id: int) -> dict:
    """The person's matches as facts (``person_matches``'s answer without sentences), from the stored result when
    it is current, else computed and stored now. For the person, their advisor and admins (404 for others)."""
    person = policies.require_person_visible(actor, session.get(Person, person_id))
    if person.consent_special_category:
        audit.special_category_read(session=session, actor=actor, people=[person])
    job = _stored(session, person) or _compute_now(session, person)
    return job.result
