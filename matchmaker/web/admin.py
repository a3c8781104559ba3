"""The admin's users page: who has an account (a page at a time, searched by name or e-mail address), and inviting
someone with a one-time link to set a password (the same service as ``matchmaker create-user``). The organisation
and the person are found by name and chosen from what the search finds, never typed as ids, and never listed in
full (a province has thousands of organisations and a hundred thousand people)."""
from __future__ import annotations

from flask import render_template, request
from sqlalchemy import select

from matchmaker import vocabulary as v
from matchmaker.errors import InvalidInput
from matchmaker.extensions import db
from matchmaker.i18n import gettext as _
from matchmaker.labels import choices, label
from matchmaker.models import Municipality, Organisation, Person, User
from matchmaker.services import accounts, organisations, people
from matchmaker.web.blueprint import bp
from matchmaker.web.forms import FormErrors, page_number
from matchmaker.web.signin import invitation_link, requires

#: accounts per page, and how many organisations or people a name search offers
PAGE_SIZE = 50
FOUND = 10
#: the organisations users work for: an organisation's kind says the role its users get
USER_ORGANISATION_KINDS = ("employer", "school", "network", "social_partner")
FIELDS = ("name", "email", "role", "organisation", "person", "organisation_q", "person_q")


def _organisation_options(query: str, chosen: int | None) -> list[tuple[int, str]]:
    """The organisations a name search finds (each with its kind), and the chosen one when it is not among them."""
    found = []
    if query:
        found = [o for o in organisations.list_organisations(
            session=db.session, actor=None, args={"q": query[:200], "limit": FOUND * 3, "offset": 0}).items
            if o.kind in USER_ORGANISATION_KINDS][:FOUND]
    if chosen is not None and chosen not in {o.id for o in found}:
        organisation = db.session.get(Organisation, chosen)
        if organisation is not None and organisation.kind in USER_ORGANISATION_KINDS:
            found.insert(0, organisation)
    return [(o.id, f"{o.name} ({label('organisation_kind', o.kind, capital=False)})") for o in found]


def _person_options(user: User, query: str, chosen: int | None) -> list[tuple[int, str]]:
    """The people a name search finds (each with their place), and the chosen one when they are not among them."""
    found = []
    if query:
        found = people.list_people(session=db.session, actor=user, shown=(),
                                   args={"q": query[:200], "limit": FOUND, "offset": 0}).items
    if chosen is not None and chosen not in {p.id for p in found}:
        person = db.session.get(Person, chosen)
        if person is not None:
            found.insert(0, person)
    places = dict(db.session.execute(select(Municipality.code, Municipality.name).where(
        Municipality.code.in_({p.municipality_code for p in found if p.municipality_code}))).all())
    return [(p.id, f"{p.name}, {places[p.municipality_code]}" if p.municipality_code in places else p.name)
            for p in found]


def _as_id(text: str | None) -> int | None:
    return int(text) if text and text.isdigit() and len(text) < 19 else None


def _action() -> str:
    """``find`` (look up the organisation or person by name) or ``invite``. Enter in a box presses the form's first
    (hidden) button, ``enter``: it searches when a search box has words and nothing is chosen from it yet."""
    action = request.form.get("action", "invite")
    if action == "enter":
        searching = any(request.form.get(f"{name}_q", "").strip() and not request.form.get(name)
                        for name in ("organisation", "person"))
        return "find" if searching else "invite"
    return action


def _invite(values: dict, errors: FormErrors):
    """Check the form, then invite through the accounts service; the invitation (user and link), or None."""
    if not values["name"]:
        errors.add("name", _("Enter the name of the person you invite."))
    if "@" not in values["email"] or len(values["email"]) > 255:
        errors.add("email", _("Enter an e-mail address like name@example.nl."))
    if values["role"] not in v.ROLES:
        errors.add("role", _("Choose a role."))
    if errors:
        return None
    try:
        invitee = accounts.create_user(
            session=db.session, name=values["name"][:200], email=values["email"], role=values["role"],
            organisation_id=_as_id(values["organisation"]), person_id=_as_id(values["person"]))
        token = accounts.invite(session=db.session, user=invitee)
        db.session.commit()
        return {"user": invitee, "link": invitation_link(token, request.host_url)}
    except InvalidInput as error:
        db.session.rollback()
        field = {"organisation_id": "organisation", "person_id": "person"}.get(error.field, error.field)
        errors.add(field or "email", error.text())
        return None


@bp.route("/beheer/gebruikers", methods=["GET", "POST"])
@requires("admin")
def users(user: User):
    errors = FormErrors()
    values = {name: request.form.get(name, "").strip() for name in FIELDS}
    invited = None
    status = 200
    if request.method == "POST":
        if _action() == "invite":
            invited = _invite(values, errors)
            status = 422 if errors else 200
            if invited:
                values = {}
    query = request.args.get("q", "").strip()[:200]
    number = page_number()
    listed = accounts.list_users(session=db.session, actor=user,
                                 args={"q": query, "limit": PAGE_SIZE, "offset": (number - 1) * PAGE_SIZE})
    found = {"organisation": _organisation_options(values.get("organisation_q", ""), _as_id(values.get("organisation"))),
             "person": _person_options(user, values.get("person_q", ""), _as_id(values.get("person")))}
    for name, options in found.items():
        if not options:
            errors.move(name, f"{name}_q")  # nothing to choose from yet: the error belongs at the search box
    return render_template(
        "web/admin/users.html", user=user, page=listed, q=query, number=number,
        pages=max(1, -(-listed.total // PAGE_SIZE)), values=values, errors=errors, invited=invited,
        roles=choices("role"), organisations=found["organisation"], persons=found["person"]), status
