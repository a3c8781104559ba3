"""Partner requests: what an organisation seeks from or offers to others.

Which fields fit which kind (checked on the record as it would be after the change, so a PATCH that changes the
kind must also clear what no longer fits):

- ``months``: only staff_sharing and internship_places (when the staff or the places are needed or available);
- ``headcount``: only staff_sharing, talent_pipeline and internship_places (they are about numbers of people);
- ``lever``: required for knowledge_exchange, and only there (the social-innovation lever to learn or share);
- ``occupation_id``: any kind except knowledge_exchange (which is about a way of organising, not an occupation).
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from matchmaker.errors import Choices, InvalidInput, Term
from matchmaker.models import Occupation, Organisation, PartnerRequest, User
from matchmaker.security import policies
from matchmaker.services import versions
from matchmaker.services.queries import Page, contains_text, existing, filter_place, get_or_404, paginate

MONTH_KINDS = ("staff_sharing", "internship_places")
HEADCOUNT_KINDS = ("staff_sharing", "talent_pipeline", "internship_places")
LEVER_KINDS = ("knowledge_exchange",)


def list_partner_requests(*, session: Session, actor: User, args: dict) -> Page:
    query = select(PartnerRequest).options(selectinload(PartnerRequest.organisation).load_only(Organisation.id, Organisation.name), selectinload(PartnerRequest.occupation))
    if args.get("region") or args.get("municipality"):
        placed = filter_place(select(Organisation.id), Organisation, args)
        query = query.where(PartnerRequest.organisation_id.in_(placed))
    for name in ("kind", "direction", "status"):
        if args.get(name) is not None:
            query = query.where(getattr(PartnerRequest, name) == args[name])
    if (organisation := args.get("organisation")) is not None:
        query = query.where(PartnerRequest.organisation_id == organisation)
    if (text := contains_text(args.get("q"), PartnerRequest.title, PartnerRequest.description)) is not None:
        query = query.where(text)
    return paginate(session=session, query=query, limit=args["limit"], offset=args["offset"],
                    order_by=PartnerRequest.id)


def get(*, session: Session, actor: User, partner_request_id: int) -> PartnerRequest:
    return get_or_404(session, PartnerRequest, partner_request_id, "partner request")


def _check_fits_kind(request: PartnerRequest, data: dict) -> None:
    def after(field):
        return data.get(field, getattr(request, field))

    code = after("kind")
    kind = Term("partner_request_kind", code)
    if after("months") and code not in MONTH_KINDS:
        raise InvalidInput("Months apply only to %(value)s, not to %(kind)s.", field="months",
                           value=Choices("partner_request_kind", MONTH_KINDS), kind=kind)
    if after("headcount") is not None and code not in HEADCOUNT_KINDS:
        raise InvalidInput("A number of people applies only to %(value)s, not to %(kind)s.",
                           field="headcount", value=Choices("partner_request_kind", HEADCOUNT_KINDS), kind=kind)
    if code in LEVER_KINDS and after("lever") is None:
        raise InvalidInput("A %(kind)s request needs the lever it is about.", field="lever", kind=kind)
    if code not in LEVER_KINDS and after("lever") is not None:
        raise InvalidInput("A lever applies only to %(value)s, not to %(kind)s.", field="lever",
                           value=Choices("partner_request_kind", LEVER_KINDS), kind=kind)
    if code in LEVER_KINDS and after("occupation_id") is not None:
        raise InvalidInput("A %(kind)s request is about a lever, not an occupation.", field="occupation_id", kind=kind)


def _apply(session: Session, request: PartnerRequest, data: dict) -> None:
    if "organisation_id" in data:
        existing(session, Organisation, [data["organisation_id"]], field="organisation_id", what="organisation")
    if data.get("occupation_id") is not None:
        existing(session, Occupation, [data["occupation_id"]], field="occupation_id", what="occupation")
    _check_fits_kind(request, data)
    for key, value in data.items():
        setattr(request, key, value)


def create(*, session: Session, actor: User, data: dict) -> PartnerRequest:
    policies.require_record_writer(actor, "partner request", data["organisation_id"])
    request = PartnerRequest()
    _apply(session, request, data)
    session.add(request)
    session.flush()
    return request


def update(*, session: Session, actor: User, partner_request_id: int, data: dict,
           precondition: versions.Precondition = None) -> PartnerRequest:
    request = get(session=session, actor=actor, partner_request_id=partner_request_id)
    policies.require_record_writer(actor, "partner request", request.organisation_id)
    versions.check(precondition, request)
    if "organisation_id" in data:
        policies.require_record_writer(actor, "partner request", data["organisation_id"])
    _apply(session, request, data)
    session.flush()
    return request


def delete(*, session: Session, actor: User, partner_request_id: int,
           precondition: versions.Precondition = None) -> None:
    request = get(session=session, actor=actor, partner_request_id=partner_request_id)
    policies.require_record_writer(actor, "partner request", request.organisation_id)
    versions.check(precondition, request)
    session.delete(request)
    session.flush()
