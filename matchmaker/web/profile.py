"""A person's profile and proposals as pages show them: to the person themself and to their advisor (both may see
the special-category fields; :func:`matchmaker.services.people.get` has already checked who asks)."""
from __future__ import annotations

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Municipality, Organisation, Person, User
from matchmaker.explanations import render
from matchmaker.services.proposals import person_proposals as stored_proposals

#: how many proposals a page shows (feasible ones, and as many that almost fit)
PROPOSALS = 10


def profile_view(person: Person) -> dict:
    """The person, with the names the page shows instead of ids: place, skills, organisations shared with."""
    place = db.session.get(Municipality, person.municipality_code) if person.municipality_code else None
    skills = sorted((skill.label for skill in person.skills), key=str.lower)
    shared = []
    if person.consent_share_with:
        names = dict(db.session.execute(select(Organisation.id, Organisation.name)
                                        .where(Organisation.id.in_(person.consent_share_with))).all())
        shared = [names[i] for i in person.consent_share_with if i in names]
    return {"person": person, "place": place, "skills": skills, "shared_with": shared}


def _said(facts_of: dict) -> dict:
    """An object of a stored result with its ``explanation`` written from its facts in the reader's language."""
    return {**facts_of, "explanation": render(facts_of.get("facts") or [])}


def _with_sentences(item: dict) -> dict:
    """One stored match with the sentences the pages show: the match's own, and for each failed check, the check
    and what would unblock it (passed checks are not shown, so not written)."""
    blocked = [{**_said(check), **({"unblock": _said(check["unblock"])} if check.get("unblock") else {})}
               for check in item["constraints"] if not check["passed"]]
    return {**_said(item), "blocked_by": blocked}


def proposals(user: User, person_id: int) -> dict:
    """The person's matches (stored, computed again when their data changed; explanation included): the feasible
    ones, then the ones that almost fit with the checks that block each and what would unblock them."""
    result = stored_proposals(session=db.session, actor=user, person_id=person_id)
    feasible = [_with_sentences(item) for item in result["items"] if item["feasible"]][:PROPOSALS]
    almost = [_with_sentences(item) for item in result["items"] if not item["feasible"]][:PROPOSALS]
    return {"feasible": feasible, "almost": almost, "considered": result["open_needs_considered"]}
