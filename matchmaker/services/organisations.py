"""Organisations: employers, schools, networks and social partners."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matchmaker.errors import FieldName, InvalidInput
from matchmaker.models import Need, Organisation, PartnerRequest, Person, Programme, User
from matchmaker.security import policies
from matchmaker.services import accounts, audit, versions
from matchmaker.services.places import apply_location
from matchmaker.services.queries import (
    Page, existing, filter_place, get_or_404, json_list_contains, paginate, search_name,
)


def list_organisations(*, session: Session, actor: User, args: dict) -> Page:
    query = select(Organisation).options(selectinload(Organisation.networks).load_only(Organisation.id, Organisation.name))
    query = filter_place(query, Organisation, args)
    for name in ("kind", "sector", "pioneer"):
        if args.get(name) is not None:
            query = query.where(getattr(Organisation, name) == args[name])
    if occupation := args.get("occupation"):
        query = query.where(Organisation.id.in_(select(Need.organisation_id).where(Need.occupation_id == occupation)))
    found, ranking = search_name(Organisation, args.get("q"), Organisation.description)
    if found is not None:
        query = query.where(found)
    return paginate(session=session, query=query, limit=args["limit"], offset=args["offset"],
                    order_by=ranking if args.get("q") else Organisation.id)


def get(*, session: Session, actor: User, organisation_id: int) -> Organisation:
    return get_or_404(session, Organisation, organisation_id, "organisation")


def _apply(session: Session, organisation: Organisation, data: dict) -> None:
    data = dict(data)
    if "network_ids" in data:
        networks = existing(session, Organisation, data.pop("network_ids"), field="network_ids", what="network")
        not_networks = [n.id for n in networks if n.kind != "network"]
        if not_networks:
            raise InvalidInput("Organisations %(not_networks)s are not networks.", field="network_ids", not_networks=not_networks)
        organisation.networks = networks
    for key, value in apply_location(session=session, record=organisation, data=data).items():
        setattr(organisation, key, value)


def create(*, session: Session, actor: User, data: dict) -> Organisation:
    policies.require_role(actor, "admin", "coordinator")
    organisation = Organisation()
    _apply(session, organisation, data)
    session.add(organisation)
    session.flush()
    return organisation


def update(*, session: Session, actor: User, organisation_id: int, data: dict,
           precondition: versions.Precondition = None) -> Organisation:
    organisation = get(session=session, actor=actor, organisation_id=organisation_id)
    policies.require_organisation_actor(actor, organisation.id)
    versions.check(precondition, organisation)
    if actor.role not in ("admin", "coordinator"):
        for field in ("kind", "pioneer"):
            if field in data and data[field] != getattr(organisation, field):
                raise InvalidInput("Only a coordinator or admin may change %(field_value)s.", field=field,
                                   field_value=FieldName(field))
    _apply(session, organisation, data)
    session.flush()
    return organisation


def delete(*, session: Session, actor: User, organisation_id: int, precondition: versions.Precondition = None) -> None:
    organisation = get(session=session, actor=actor, organisation_id=organisation_id)
    policies.require_role(actor, "admin", "coordinator")
    versions.check(precondition, organisation)
    # what it owns goes with it, deleted through the session (not only by the database's cascade) so that every
    # region they lay in is marked changed and results computed from them are recomputed
    for model in (Need, Programme, PartnerRequest):
        for record in session.scalars(select(model).where(model.organisation_id == organisation.id)):
            session.delete(record)
    # its users can no longer act for it
    for user in session.scalars(select(User).where(User.organisation_id == organisation.id)):
        accounts.deactivate(session=session, user=user, actor=actor)
        user.organisation_id = None
    # consent to share a profile with it lapses with it
    lapsed = []
    for person in session.scalars(select(Person).where(
            json_list_contains(session, Person.consent_share_with, organisation.id))):
        person.consent_share_with = [o for o in person.consent_share_with if o != organisation.id]
        lapsed.append(person.id)
    audit.record(session=session, actor=actor, action=audit.CONSENT_CHANGE, subject_type="person",
                 subject_ids=lapsed, fields=["share_with_organisations"])
    session.delete(organisation)
    session.flush()
