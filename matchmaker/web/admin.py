"""The admin's users page: who has an account, and inviting someone with a one-time link to set a password (the
same service as ``matchmaker create-user``). Organisations and people are chosen by name, never typed as ids."""
from __future__ import annotations

from flask import render_template, request
from sqlalchemy import select

from matchmaker import vocabulary as v
from matchmaker.errors import InvalidInput
from matchmaker.extensions import db
from matchmaker.i18n import gettext as _
from matchmaker.labels import choices, label
from matchmaker.models import Municipality, Organisation, Person, User
from matchmaker.services import accounts
from matchmaker.web.blueprint import bp
from matchmaker.web.forms import FormErrors
from matchmaker.web.signin import invitation_link, requires


def _form_choices() -> dict:
    organisations = db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.kind).where(Organisation.kind.in_(("employer", "school", "network", "social_partner")))
        .order_by(Organisation.name)).all()
    persons = db.session.execute(
        select(Person.id, Person.name, Municipality.name).outerjoin(Municipality, Municipality.code == Person.municipality_code)
        .order_by(Person.name, Person.id)).all()
    return {"roles": choices("role"),
            # an organisation's kind says the role its users get (a network's or social partner's: partner)
            "organisations": [(i, f"{name} ({label('organisation_kind', kind, capital=False)})")
                              for i, name, kind in organisations],
            "persons": [(i, f"{name}, {place}" if place else name) for i, name, place in persons]}


def _optional_id(name: str) -> int | None:
    text = request.form.get(name, "").strip()
    return int(text) if text.isdigit() and len(text) < 19 else None


@bp.route("/beheer/gebruikers", methods=["GET", "POST"])
@requires("admin")
def users(user: User):
    errors = FormErrors()
    values = {name: request.form.get(name, "").strip() for name in ("name", "email", "role", "organisation", "person")}
    invited = None
    status = 200
    if request.method == "POST":
        if not values["name"]:
            errors.add("name", _("Enter the name of the person you invite."))
        if "@" not in values["email"] or len(values["email"]) > 255:
            errors.add("email", _("Enter an e-mail address like name@example.nl."))
        if values["role"] not in v.ROLES:
            errors.add("role", _("Choose a role."))
        if not errors:
            try:
                invitee = accounts.create_user(
                    session=db.session, name=values["name"][:200], email=values["email"], role=values["role"],
                    organisation_id=_optional_id("organisation"), person_id=_optional_id("person"))
                token = accounts.invite(session=db.session, user=invitee)
                db.session.commit()
                invited = {"user": invitee, "link": invitation_link(token, request.host_url)}
                values = {}
            except InvalidInput as error:
                db.session.rollback()
                field = {"organisation_id": "organisation", "person_id": "person"}.get(error.field, error.field)
                errors.add(field or "email", error.text())
        status = 422 if errors else 200
    listed = db.session.scalars(select(User).order_by(User.role, User.name)).all()
    return render_template("web/admin/users.html", user=user, users=listed, values=values, errors=errors,
                           invited=invited, **_form_choices()), status
