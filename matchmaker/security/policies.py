"""Access rules, in one place.

- admin: everything.
- coordinator: reads every organisation's records and acts on networks' and partner requests; no personal data.
- advisor: reads organisations' records; acts on the people of their own caseload only.
- employer / school: reads organisations' public records; acts only on their own organisation's records.
- person: reads public records and their own person record.
- jobs: a job about a person (career paths) is visible to whoever may see that person now (an advisor who lost
  the person from their caseload no longer reads it, the new advisor does); any other job to the user who started
  it; every job to admins.
Programmes, needs, partner requests and regions: every authenticated role reads them. Admin and coordinator write
any of them; an employer writes needs and partner requests of its own organisation, a school programmes and
partner requests of its own organisation; advisors and persons write none (see ``RECORD_WRITERS``).
Special-category fields (target groups, accommodation needs) reach only the person, their advisor and admins.

No inference: what any other role sees about people is computed without special-category data, so that no edit
it can make (a need's accommodations, welcomed groups, skills, hours or place) turns someone's target group or
accommodation needs into a visible difference. A need's candidate list (employer, coordinator, admin), the
regional allocation, a region's shortages and unused potential, and the hard-to-fill scores behind partner
matches are computed from people arrays that do not contain target groups, accommodation needs or consent
(``load_people(special_category=False)``): no accommodation check, no welcome bonus. Whether a workplace offers
the adjustments a person needs, and the doors a welcoming need opens, are shown only in the person's own matches
and career paths (the person, their advisor, admins). Aggregates that need that data (shares and barriers per
target group, people whose every suggestion lacks an adjustment) sit under a stored result's
``special_category`` key, which only admins read (``without_special_category``, also through ``/jobs/<id>``).
A shared profile (name, e-mail, phone) appears in a
candidate list only for the users of the organisation the person shared it with (``may_see_shared_profile``):
not for coordinators, not for admins through that list.
People records: only admins, advisors (their caseload) and the person themself; every other role gets 403.
The taxonomy (occupations, skills) is readable by every authenticated role.
Partner matches (an organisation's, computed): every role but person, for any organisation (they are
suggestions between organisations, not personal data); a region's list of all partner matches: admin and
coordinator. Regional allocation (start it, read it): admin and coordinator. Region insights (aggregated
counts only, small target groups suppressed): admin, coordinator, employer, school.
The exchange: published practice cases and sessions are read by every authenticated role; a draft case, an SME's
questions and progress checks, and a session's list of registrations only by their own organisation (the host for
registrations), coordinators and admins. Employers, schools and partners (users of networks and social partners)
publish cases, host sessions and register their own organisation; employers ask questions and fill in progress
checks. The monitor (aggregates only): admin and coordinator.
"""
from __future__ import annotations

from sqlalchemy import Select, false

from matchmaker.errors import Alternatives, Forbidden, NotFound, Term
from matchmaker.models import Job, Person, User

ORGANISATION_ROLES = ("employer", "school")
#: roles that may use the people endpoints at all (each then limited to what it may see)
PEOPLE_ROLES = ("admin", "advisor", "person")
#: roles that read an organisation's partner matches
PARTNER_READERS = ("admin", "coordinator", "advisor", "employer", "school")
#: roles that start and read a region's allocation
ALLOCATION_ROLES = ("admin", "coordinator")
#: roles that read a region's insights (aggregates only)
INSIGHT_READERS = ("admin", "coordinator", "employer", "school")
#: roles that keep a caseload: they create, list and delete people
CASELOAD_ROLES = ("admin", "advisor")


def require_role(user: User, *roles: str) -> None:
    if user.role not in roles:
        raise Forbidden("Your role (%(role)s) may not do this; it needs one of: %(value)s.", role=Term("role", user.role),
                        value=Alternatives("role", roles))


def can_act_for_organisation(user: User, organisation_id: int) -> bool:
    if user.role in ("admin", "coordinator"):
        return True
    return user.role in ORGANISATION_ROLES and user.organisation_id == organisation_id


def require_organisation_actor(user: User, organisation_id: int) -> None:
    if not can_act_for_organisation(user, organisation_id):
        raise Forbidden("You may act only on records of your own organisation.")


#: Organisation-owned records, and the organisation roles that may write them for their own organisation.
RECORD_WRITERS = {
    "programme": ("school",),
    "need": ("employer", "school"),  # any organisation that employs people hires (vocabulary.EMPLOYING_KINDS)
    "partner request": ("employer", "school"),
    # the social-innovation exchange (services/exchange): partners are the users of networks and social partners
    "practice case": ("employer", "school", "partner"),
    "session": ("employer", "school", "partner"),
    "registration": ("employer", "school", "partner"),
    "question": ("employer",),
    "progress check": ("employer",),
}
#: roles that read SME questions (their own organisation's; all for staff), their matches and progress checks
QUESTION_READERS = ("admin", "coordinator", "employer")
#: roles that register for sessions and read (their) registrations
REGISTRANTS = ("admin", "coordinator", "employer", "school", "partner")
#: roles that read the exchange's monitor (reach, attendance, barriers, progress) and its CSV
MONITOR_READERS = ("admin", "coordinator")


def require_record_writer(user: User, record: str, organisation_id: int | None = None) -> None:
    """403 unless ``user`` may write a ``record`` (a key of RECORD_WRITERS) of organisation ``organisation_id``.

    Without ``organisation_id`` only the role is checked (before the organisation is known).
    """
    if user.role in ("admin", "coordinator"):
        return
    if user.role not in RECORD_WRITERS[record]:
        raise Forbidden("Your role (%(role)s) may not create, change or delete %(record)ss.", role=Term("role", user.role),
                        record=record)
    if organisation_id is not None and user.organisation_id != organisation_id:
        raise Forbidden("You may act only on %(record)ss of your own organisation.", record=record)


def can_see_person(user: User, person: Person) -> bool:
    if user.role == "admin":
        return True
    if user.role == "advisor":
        return person.advisor_id == user.id
    if user.role == "person":
        return user.person_id == person.id
    return False


def require_person_visible(user: User, person: Person | None) -> Person:
    """The person, when ``user`` may see them; 404 otherwise (no hint that the record exists)."""
    if person is None or not can_see_person(user, person):
        raise NotFound("No such person on your caseload.")
    return person


def can_see_special_category(user: User, person: Person) -> bool:
    return can_see_person(user, person)


def visible_people(user: User, query: Select) -> Select:
    """Restrict a query on Person to the caller's caseload."""
    if user.role == "admin":
        return query
    if user.role == "advisor":
        return query.where(Person.advisor_id == user.id)
    if user.role == "person" and user.person_id:
        return query.where(Person.id == user.person_id)
    return query.where(false())


def require_people_access(user: User) -> None:
    """Only admins, advisors and people themselves use the people endpoints."""
    require_role(user, *PEOPLE_ROLES)


def require_caseload_role(user: User) -> None:
    """Creating, deleting and filtering people on special-category data: admins and advisors."""
    require_role(user, *CASELOAD_ROLES)


def may_assign_advisor(user: User) -> bool:
    """Only an admin sets or changes a person's advisor (an advisor becomes the advisor of whom they create)."""
    return user.role == "admin"


def can_see_job(user: User, job: Job, subject: Person | None = None) -> bool:
    """A job about a person (``subject``, None when they no longer exist) follows the current access to that
    person: whoever may see the person now reads it, whether or not they started it; any other job is for
    whoever started it. Admins read every job."""
    if user.role == "admin":
        return True
    if job.subject_type == "person":
        return subject is not None and can_see_person(user, subject)
    return job.created_by_id is not None and job.created_by_id == user.id


def may_see_shared_profile(user: User, organisation_id: int, shared_with: list[int] | None) -> bool:
    """A person's shared profile (name, contact) in a candidate list of ``organisation_id``: only for the users of
    that organisation, when the person shared it with that organisation (``shared_with``). Never for admins and
    coordinators through this list: sharing is with one organisation, not with the network."""
    return (user.role in ORGANISATION_ROLES and user.organisation_id == organisation_id
            and organisation_id in (shared_with or []))


def without_special_category(user: User, result: dict | None) -> dict | None:
    """A stored result (allocation, insights) as ``user`` may read it: its ``special_category`` part (aggregates
    over target groups and accommodation needs) for admins only."""
    if result is None or user.role == "admin" or "special_category" not in result:
        return result
    return {key: value for key, value in result.items() if key != "special_category"}


def require_partner_reader(user: User) -> None:
    require_role(user, *PARTNER_READERS)


def require_allocation_role(user: User) -> None:
    require_role(user, *ALLOCATION_ROLES)


def require_insight_reader(user: User) -> None:
    require_role(user, *INSIGHT_READERS)
