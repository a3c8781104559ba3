"""A person's profile and proposals as pages show them: to the person themself and to their advisor (both may see
the special-category fields; :func:`matchmaker.services.people.get` has already checked who asks)."""
from __future__ import annotations

from sqlalchemy import select

from matchmaker.extensions import db
from matchmaker.models import Municipality, Organisation, Person, Skill, User
from matchmaker.services import matches

#: how many proposals a page shows (feasible ones, and as many that almost fit)
PROPOSALS = 10


def profile_view(person: Person) -> dict:
    """The person, with the names the page shows instead of ids: place, skills, organisations shared with."""
    place = db.session.get(Municipality, person.municipality_code) if person.municipality_code else None
    skill_ids = [skill.id for skill in person.skills]
    skills = sorted((label_nl or label_en for label_nl, label_en in db.session.execute(
        select(Skill.label_nl, Skill.label_en).where(Skill.id.in_(skill_ids)))), key=str.lower) if skill_ids else []
    shared = []
    if person.consent_share_with:
        names = dict(db.session.execute(select(Organisation.id, Organisation.name)
                                        .where(Organisation.id.in_(person.consent_share_with))).all())
        shared = [names[i] for i in person.consent_share_with if i in names]
    return {"person": person, "place": place, "skills": skills, "shared_with": shared}


def proposals(user: User, person_id: int) -> dict:
    """The person's matches as the API gives them (explanation included): the feasible ones, then the ones that
    almost fit with the check that blocks each."""
    result = matches.person_matches(session=db.session, actor=user, person_id=person_id, limit=PROPOSALS * 2,
                                    include_blocked=True)
    feasible = [item for item in result["items"] if item["feasible"]][:PROPOSALS]
    almost = [{**item, "blocked_by": [c for c in item["constraints"] if not c["passed"]]}
              for item in result["items"] if not item["feasible"]][:PROPOSALS]
    return {"feasible": feasible, "almost": almost, "considered": result["open_needs_considered"]}
