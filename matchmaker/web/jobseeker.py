"""The job-seeker's own pages: their profile, corrections, consent per organisation, withdrawal, and what is proposed
to them. Every change goes through :func:`matchmaker.services.people.update`, as the API's PATCH does."""
from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, request, session, url_for

from matchmaker.errors import InvalidInput
from matchmaker.extensions import db
from matchmaker.i18n import gettext as _
from matchmaker.models import Organisation, User
from matchmaker.schemas.common import patch_of
from matchmaker.schemas.people import PersonInput
from matchmaker.schemas.person_rights import PersonExportSchema
from matchmaker.services import organisations, people, person_rights
from matchmaker.web.advisor import career_view
from matchmaker.web.blueprint import bp
from matchmaker.web.forms import FormErrors, FormSpec, number_field, number_list_field, text_field
from matchmaker.web.profile import profile_view, proposals
from matchmaker.web.signin import SESSION_LANGUAGE, requires

#: organisations a search on the consent page lists at most
SEARCH_LIMIT = 20

#: what a person corrects themself (the advisor keeps the rest: work history, skills, education)
CORRECTIONS = FormSpec(
    readers={"email": text_field, "phone": text_field, "hours_per_week": number_field,
             "travel_radius_km": number_field, "available_months": number_list_field, "summary": text_field},
    messages={
        "email": lambda: _("Enter an e-mail address like name@example.nl."),
        "phone": lambda: _("Enter a phone number of digits, like 06 12345678."),
        "hours_per_week": lambda: _("Enter the hours per week as a whole number from 1 to 60."),
        "travel_radius_km": lambda: _("Enter the travel distance as a whole number of kilometres from 1 to 200."),
        "available_months": lambda: _("Choose the months you can work, or none for the whole year."),
        "summary": lambda: _("Write at most 5,000 characters about yourself."),
    },
)


def _own_person(user: User):
    return people.get(session=db.session, actor=user, person_id=user.person_id)


@bp.route("/mijn-gegevens")
@requires("person")
def my_profile(user: User):
    person = _own_person(user)
    return render_template("web/person/my_profile.html", user=user, **profile_view(person))


@bp.route("/mijn-gegevens/wijzigen", methods=["GET", "POST"])
@requires("person")
def my_corrections(user: User):
    person = _own_person(user)
    errors = FormErrors()
    current = values = {name: getattr(person, name) for name in CORRECTIONS.readers}
    if request.method == "POST":
        values = CORRECTIONS.read(request.form)
        data, errors = CORRECTIONS.validate(patch_of(PersonInput), request.form, current=current)
        if not errors:
            try:
                people.update(session=db.session, actor=user, person_id=person.id, data=data)
                db.session.commit()
                flash(_("Your changes are saved."), "ok")
                return redirect(url_for("web.my_profile"), code=303)
            except InvalidInput as error:
                db.session.rollback()
                CORRECTIONS.service_error(error, errors)
        return render_template("web/person/corrections.html", user=user, values=values, errors=errors), 422
    return render_template("web/person/corrections.html", user=user, values=values, errors=errors)


def _shared_with(person) -> list[Organisation]:
    if not person.consent_share_with:
        return []
    found = {o.id: o for o in db.session.query(Organisation).filter(Organisation.id.in_(person.consent_share_with))}
    return [found[i] for i in person.consent_share_with if i in found]


def _search(user: User, person, q: str) -> list[Organisation]:
    if not q:
        return []
    shared = set(person.consent_share_with or [])
    found = [organisation for kind in ("employer", "school")
             for organisation in organisations.list_organisations(
                 session=db.session, actor=user, args={"q": q, "kind": kind, "limit": SEARCH_LIMIT, "offset": 0}).items
             if organisation.id not in shared]
    return sorted(found, key=lambda organisation: organisation.name.lower())


@bp.route("/mijn-gegevens/delen")
@requires("person")
def my_sharing(user: User):
    person = _own_person(user)
    q = request.args.get("q", "").strip()[:200]
    context = {"user": user, "person": person, "shared": _shared_with(person), "q": q,
               "found": _search(user, person, q)}
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "search-results":
        return render_template("web/person/_search_results.html", **context)
    return render_template("web/person/sharing.html", **context)


def _update_consent(user: User, person, consent: dict) -> None:
    people.update(session=db.session, actor=user, person_id=person.id, data={"consent": consent})
    db.session.commit()


@bp.route("/mijn-gegevens/delen", methods=["POST"])
@requires("person")
def change_sharing(user: User):
    """Share with one more organisation (``add``) or stop sharing with one (``remove``): one organisation id from a
    button the page drew, never typed."""
    person = _own_person(user)
    share_with = list(person.consent_share_with or [])
    try:
        organisation_id = int(request.form.get("organisation", ""))
    except ValueError:
        organisation_id = 0
    organisation = db.session.get(Organisation, organisation_id) if organisation_id > 0 else None
    if organisation is None:
        flash(_("Choose an organisation from the list."), "error")
        return redirect(url_for("web.my_sharing"), code=303)
    if request.form.get("action") == "remove":
        share_with = [i for i in share_with if i != organisation.id]
        message = _("You no longer share your profile with %(name)s.", name=organisation.name)
    else:
        share_with = [*share_with, organisation.id] if organisation.id not in share_with else share_with
        message = _("You now share your profile with %(name)s.", name=organisation.name)
    _update_consent(user, person, {"special_category": person.consent_special_category,
                                   "share_with_organisations": share_with})
    flash(message, "ok")
    return redirect(url_for("web.my_sharing"), code=303)


@bp.route("/mijn-gegevens/gevoelige-gegevens", methods=["GET", "POST"])
@requires("person")
def my_special_consent(user: User):
    """Consent to keep target groups and accommodation needs; withdrawing it erases them (the service does)."""
    person = _own_person(user)
    errors = FormErrors()
    if request.method == "POST":
        choice = request.form.get("consent")
        if choice not in ("give", "withdraw"):
            errors.add("consent", _("Choose whether you give or withdraw your consent."))
            return render_template("web/person/special_consent.html", user=user, person=person, errors=errors), 422
        _update_consent(user, person, {"special_category": choice == "give",
                                       "share_with_organisations": list(person.consent_share_with or [])})
        flash(_("Your consent is withdrawn. Your target groups and accommodation needs are erased.")
              if choice == "withdraw" else _("Your consent is recorded."), "ok")
        return redirect(url_for("web.my_profile"), code=303)
    return render_template("web/person/special_consent.html", user=user, person=person, errors=errors)


@bp.route("/mijn-voorstellen")
@requires("person")
def my_proposals(user: User):
    person = _own_person(user)
    return render_template("web/person/proposals.html", user=user, person=person,
                           **proposals(user, person.id), **career_view(user, person.id))


@bp.route("/mijn-gegevens/downloaden")
@requires("person")
def my_data_download(user: User):
    """Everything kept about the person, as the API's export gives it (GDPR art. 15 and 20): a JSON file."""
    exported = person_rights.export(session=db.session, actor=user, person_id=user.person_id)
    body = json.dumps(PersonExportSchema().dump(exported), ensure_ascii=False, indent=2)
    db.session.commit()  # the audit log records the read
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": 'attachment; filename="mijn-gegevens-matchmaker.json"', "Cache-Control": "no-store"})


@bp.route("/mijn-gegevens/wissen", methods=["GET", "POST"])
@requires("person")
def my_erasure(user: User):
    """Erase everything about the person (GDPR art. 17), after they tick that they understand; then signed out."""
    person = _own_person(user)
    errors = FormErrors()
    if request.method == "POST":
        if request.form.get("confirm") != "yes":
            errors.add("confirm", _("Tick that you understand that your details are erased for good."))
            return render_template("web/person/erase.html", user=user, person=person, errors=errors), 422
        person_rights.erase(session=db.session, actor=user, person_id=person.id)
        db.session.commit()
        language = session.get(SESSION_LANGUAGE)
        session.clear()
        if language:
            session[SESSION_LANGUAGE] = language
        return redirect(url_for("web.erased"), code=303)
    return render_template("web/person/erase.html", user=user, person=person, errors=errors)


@bp.route("/gewist")
def erased():
    return render_template("web/person/erased.html")
