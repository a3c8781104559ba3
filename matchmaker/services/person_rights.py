"""The person's rights under the GDPR: a copy of their data (access and portability, art. 15 and 20) and erasure
(art. 17).

Erasure leaves nothing of the person that any role can reach: the person's record with their skills, work
history and consent events; their user account is deactivated, detached and stripped of name and e-mail, its
tokens revoked; jobs about them are deleted and stored allocations drop them
(:func:`matchmaker.services.stored_results.erase_person`). Ids are never reused, so neither is a candidate
pseudonym (made from the person's id). What survives is the consent ledger: what they had consented to and
when, under a random subject that points back to no one.
"""
from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.explanations import with_sentences
from matchmaker.models import ConsentRecord, Job, Person, User
from matchmaker.models.base import utcnow
from matchmaker.security import policies
from matchmaker.services import accounts, audit, people, stored_results, versions
from matchmaker.services.career_paths import CAREER_PATHS


def export(*, session: Session, actor: User, person_id: int) -> dict:
    """Everything kept about the person, for the person, their advisor and admins (404 for anyone else)."""
    person = policies.require_person_visible(actor, session.get(Person, person_id, options=people.SHOWN))
    audit.special_category_read(session=session, actor=actor, people=[person])
    requests = session.scalars(select(Job).where(Job.kind == CAREER_PATHS, Job.subject_type == "person",
                                                 Job.subject_id == str(person.id)).order_by(Job.id))
    career_paths = []
    for job in requests:
        result = with_sentences(stored_results.present(session, job) or {})
        career_paths.append({"job_id": job.id, "status": job.status, "requested_at": job.created_at,
                             "finished_at": job.finished_at, "paths": result.get("paths", []),
                             "explanation": result.get("explanation", "")})
    users = session.scalars(select(User).where(User.person_id == person.id).order_by(User.id))
    return {"exported_at": utcnow(), "person": person,
            "skills": [{"id": s.id, "uri": s.uri, "label": s.label} for s in sorted(person.skills, key=lambda s: s.id)],
            "accounts": [{"name": u.name, "email": u.email, "role": u.role, "active": u.active,
                          "created_at": u.created_at} for u in users],
            "career_paths": career_paths}


def _keep_consent_ledger(session: Session, person: Person) -> None:
    """Copy what the person consented to, and when, to the ledger under a random subject; then record that the
    erasure withdrew it."""
    if not person.consent_events:
        return
    subject = secrets.token_hex(16)
    for event in person.consent_events:
        session.add(ConsentRecord(subject=subject, event="recorded", special_category=event.special_category,
                                  share_with=list(event.share_with or []), recorded_at=event.recorded_at))
    session.add(ConsentRecord(subject=subject, event="withdrawn", special_category=False, share_with=[],
                              recorded_at=utcnow()))


def erase(*, session: Session, actor: User, person_id: int, precondition: versions.Precondition = None) -> None:
    """Erase the person (admin, their advisor, the person themself): see the module's description for what goes
    and what stays. ``precondition``: the If-Match of the request (``services.versions``)."""
    person = people.visible(session=session, actor=actor, person_id=person_id)
    versions.check(precondition, person)
    audit.record(session=session, actor=actor, action=audit.PERSON_ERASE, subject_type="person",
                 subject_ids=[person.id])
    _keep_consent_ledger(session, person)
    for user in session.scalars(select(User).where(User.person_id == person.id)):
        accounts.deactivate(session=session, user=user, actor=actor, forget=True)
    stored_results.erase_person(session, person.id)
    session.delete(person)
    session.flush()
