"""The admin's users page: who has an account (a page at a time, searched by name or e-mail address, filtered by
role), and inviting someone with a one-time link to set a password (the same service as ``matchmaker create-user``);
an account's page, to give it another role or to deactivate it (:mod:`matchmaker.services.accounts` keeps the rules:
the last active admin stays, and both are audited). The organisation
and the person are found by name and chosen from what the search finds, never typed as ids, and never listed in
full (a province has thousands of organisations and a hundred thousand people)."""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from matchmaker import vocabulary as v
from matchmaker.errors import Conflict, InvalidInput
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


def _action(default: str = "invite") -> str:
    """``find`` (look up the organisation or person by name) or ``default`` (the form's own action). Enter in a box
    presses the form's first (hidden) button, ``enter``: it searches when a search box has words and nothing is
    chosen from it yet."""
    action = request.form.get("action", default)
    if action == "enter":
        searching = any(request.form.get(f"{name}_q", "").strip() and not request.form.get(name)
                        for name in ("organisation", "person"))
        return "find" if searching else default
    return action


def _found(user: User, values: dict, errors: FormErrors) -> dict:
    """The organisations and people the form's name searches find (the chosen ones among them); an error about one
    goes to its search box while there is nothing to choose from yet."""
    found = {"organisation": _organisation_options(values.get("organisation_q", ""), _as_id(values.get("organisation"))),
             "person": _person_options(user, values.get("person_q", ""), _as_id(values.get("person")))}
    for name, options in found.items():
        if not options:
            errors.move(name, f"{name}_q")
    return {"organisations": found["organisation"], "persons": found["person"]}


def _service_error(error: InvalidInput | Conflict, errors: FormErrors, default: str) -> None:
    field = {"organisation_id": "organisation", "person_id": "person"}.get(error.field, error.field)
    errors.add(field or default, error.text())


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
        _service_error(error, errors, "email")
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
    role = request.args.get("rol", "")
    role = role if role in v.ROLES else ""
    number = page_number()
    listed = accounts.list_users(session=db.session, actor=user, args={
        "q": query, "role": role, "limit": PAGE_SIZE, "offset": (number - 1) * PAGE_SIZE})
    return render_template(
        "web/admin/users.html", user=user, page=listed, q=query, role=role, number=number,
        pages=max(1, -(-listed.total // PAGE_SIZE)), values=values, errors=errors, invited=invited,
        roles=choices("role"), **_found(user, values, errors)), status


ACCOUNT_FIELDS = ("role", "organisation", "person", "organisation_q", "person_q")


def _account(user_id: int) -> User:
    account = db.session.get(User, user_id)
    if account is None:
        abort(404)
    return account


@bp.route("/beheer/gebruikers/<id:user_id>", methods=["GET", "POST"])
@requires("admin")
def account_page(user: User, user_id: int):
    """One account: what it is, and its role changed (with the organisation or person the new role needs, found
    by name)."""
    account = _account(user_id)
    errors = FormErrors()
    status = 200
    if request.method == "GET":
        values = {"role": account.role, "organisation": str(account.organisation_id or ""),
                  "person": str(account.person_id or ""), "organisation_q": "", "person_q": ""}
    else:
        values = {name: request.form.get(name, "").strip() for name in ACCOUNT_FIELDS}
        if _action("save") == "save":
            try:
                accounts.change_role(session=db.session, actor=user, user_id=user_id, role=values["role"],
                                     organisation_id=_as_id(values["organisation"]),
                                     person_id=_as_id(values["person"]))
                db.session.commit()
                flash(_("%(name)s now has the role %(role)s.", name=account.name,
                        role=label("role", account.role, capital=False)), "ok")
                return redirect(url_for("web.account_page", user_id=user_id), code=303)
            except (InvalidInput, Conflict) as error:
                db.session.rollback()
                _service_error(error, errors, "role")
                status = error.status_code
    return render_template(
        "web/admin/account.html", user=user, account=account, values=values, errors=errors, roles=choices("role"),
        organisation=db.session.get(Organisation, account.organisation_id) if account.organisation_id else None,
        **_found(user, values, errors)), status


@bp.route("/beheer/gebruikers/<id:user_id>/deactiveren", methods=["GET", "POST"])
@requires("admin")
def deactivate_account(user: User, user_id: int):
    """Stop an account, after the admin confirms it."""
    account = _account(user_id)
    errors = FormErrors()
    if request.method == "POST":
        try:
            accounts.deactivate_user(session=db.session, actor=user, user_id=user_id)
            db.session.commit()
            flash(_("%(name)s can no longer sign in.", name=account.name), "ok")
            return redirect(url_for("web.account_page", user_id=user_id), code=303)
        except Conflict as error:
            db.session.rollback()
            errors.add("", error.text())
            return render_template("web/admin/deactivate.html", user=user, account=account, errors=errors), 409
    return render_template("web/admin/deactivate.html", user=user, account=account, errors=errors)
