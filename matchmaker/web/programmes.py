"""The school's programmes: its list, adding or changing one (name, the skills it teaches and the occupations it
leads to, both found by name and ticked, level, months, places, start months, form and place), and deleting one. The form's values go through the API's schema
(:class:`matchmaker.schemas.programmes.ProgrammeInput`) and then :mod:`matchmaker.services.programmes`, which keeps
every rule; a change carries the version it was made on, and one made on an older version is not saved but kept in
the form.

Skills and occupations are found by words of their name: a search lists what it finds under the ones already ticked,
and empties its box, so that Enter in any other box saves.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy.orm.exc import StaleDataError

from matchmaker.errors import InvalidInput, NotFound, PreconditionFailed
from matchmaker.extensions import db
from matchmaker.i18n import gettext as _
from matchmaker.i18n import reader_language
from matchmaker.labels import choices
from matchmaker.models import Occupation, Programme, User
from matchmaker.schemas.common import patch_of
from matchmaker.schemas.programmes import ProgrammeInput
from matchmaker.services import programmes, taxonomy
from matchmaker.services.catalogue import catalogue
from matchmaker.services.places import MUNICIPALITIES
from matchmaker.web.blueprint import bp
from matchmaker.web.forms import (
    FormErrors, FormSpec, number_field, number_list_field, optional_text_field, text_field, version_precondition,
)
from matchmaker.web.person_form import occupation_label, occupations_found
from matchmaker.web.signin import requires

#: how many programmes the list shows, and how many skills a search offers
LISTED = 200
SKILLS_FOUND = 15


PROGRAMME_FORM = FormSpec(
    readers={"name": text_field, "description": text_field, "skill_ids": number_list_field,
             "occupation_ids": number_list_field, "level": text_field,
             "mode": text_field, "duration_months": number_field, "capacity": number_field,
             "start_months": number_list_field, "municipality_code": optional_text_field},
    messages={
        "name": lambda: _("Enter the name of the programme, at most 200 characters, like Baker (mbo 2)."),
        "description": lambda: _("Write at most 5,000 characters about the programme."),
        "skill_ids": lambda: _("Tick the skills from the list."),
        "occupation_ids": lambda: _("Tick the occupations from the list."),
        "level": lambda: _("Choose the level from the list."),
        "mode": lambda: _("Choose how the programme is followed."),
        "duration_months": lambda: _("Enter how many months the programme takes as a whole number from 1 to 120."),
        "capacity": lambda: _("Enter the places per start as a whole number from 0 to 100,000 (0: not stated)."),
        "start_months": lambda: _("Choose the start months from the list."),
        "municipality_code": lambda: _("Choose the place from the list."),
    },
)
#: a new programme's schema: everything but the school, which is the user's own
NEW_PROGRAMME = ProgrammeInput(exclude=("organisation_id",))
CHANGED_PROGRAMME = patch_of(ProgrammeInput)


def _own_programme(user: User, programme_id: int) -> Programme:
    """The programme, when it belongs to the user's school (else a 404 page)."""
    try:
        programme = programmes.get(session=db.session, actor=user, programme_id=programme_id)
    except NotFound:
        abort(404)
    if programme.organisation_id != user.organisation_id:
        abort(404)
    return programme


def _values_of(programme: Programme) -> dict:
    return {"name": programme.name, "description": programme.description or "", "level": programme.level,
            "mode": programme.mode, "duration_months": programme.duration_months, "capacity": programme.capacity,
            "start_months": list(programme.start_months or []), "municipality_code": programme.municipality_code or "",
            "skill_ids": sorted(skill.id for skill in programme.skills),
            "occupation_ids": sorted(occupation.id for occupation in programme.occupations)}


def _skill_options(ticked: list, query: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The ticked skills (by label) and the skills the words ``query`` find besides them (best first)."""
    labels = catalogue(db.session).skills
    language = reader_language()
    ticked_ids = [skill_id for skill_id in dict.fromkeys(ticked) if isinstance(skill_id, int)]
    listed = sorted(((i, labels.label(i, language)) for i in ticked_ids if labels.label(i, language)),
                    key=lambda option: option[1].lower())
    found = []
    if query:
        page = taxonomy.list_skills(session=db.session, actor=None,
                                    args={"q": query[:200], "limit": SKILLS_FOUND + len(ticked_ids), "offset": 0})
        found = [(row.id, labels.label(row.id, language)) for row in page.items if row.id not in set(ticked_ids)]
    return listed, found[:SKILLS_FOUND]


def _occupation_options(ticked: list, query: str) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """The ticked occupations (by label) and the occupations the words ``query`` find besides them (best first)."""
    ticked_ids = [i for i in dict.fromkeys(ticked) if isinstance(i, int) and db.session.get(Occupation, i)]
    listed = sorted(((i, occupation_label(i)) for i in ticked_ids), key=lambda option: option[1].lower())
    return listed, [(i, text) for i, text in occupations_found(query) if i not in set(ticked_ids)]


def _form_page(user: User, *, values: dict, errors: FormErrors, programme: Programme | None = None,
               status: int = 200, query: str = "", occupations_q: str = ""):
    """The programme form; ``query`` and ``occupations_q``: the words just searched for skills and occupations."""
    ticked, found = _skill_options(values.get("skill_ids") or [], query)
    occupations, occupations_found_now = _occupation_options(values.get("occupation_ids") or [], occupations_q)
    # no box to tick: the message belongs at the search box
    if not (ticked or found):
        errors.move("skill_ids", "skills_q")
    if not (occupations or occupations_found_now):
        errors.move("occupation_ids", "occupations_q")
    return render_template(
        "web/school/programme_form.html", user=user, programme=programme, values=values, errors=errors,
        ticked=ticked, found=found, skills_q=query, occupations=occupations, occupations_found=occupations_found_now,
        occupations_q=occupations_q, levels=choices("programme_level"), modes=choices("programme_mode"),
        places=[(code, name) for code, name, *_ in MUNICIPALITIES]), status


def _action() -> str:
    """``find`` (look up skills by name), ``find_occupations`` or ``save``; Enter in a box (the hidden first button,
    ``enter``) searches when a search box has words, and saves otherwise."""
    action = request.form.get("action", "save")
    if action == "enter":
        if request.form.get("skills_q", "").strip():
            return "find"
        return "find_occupations" if request.form.get("occupations_q", "").strip() else "save"
    return action


def _searched(user: User, values: dict, programme: Programme | None = None):
    """The form again after a search, with what it found (None when the form was sent to save)."""
    action = _action()
    if action not in ("find", "find_occupations"):
        return None
    words = {key: request.form.get(key, "").strip() for key in ("skills_q", "occupations_q")}
    return _form_page(user, values=values, errors=FormErrors(), programme=programme,
                      query=words["skills_q"] if action == "find" else "",
                      occupations_q=words["occupations_q"] if action == "find_occupations" else "")


@bp.route("/opleidingen")
@requires("school")
def my_programmes(user: User):
    page = programmes.list_programmes(session=db.session, actor=user, args={
        "organisation": user.organisation_id, "limit": LISTED, "offset": 0})
    return render_template("web/school/programmes.html", user=user, page=page)


@bp.route("/opleidingen/nieuw", methods=["GET", "POST"])
@requires("school")
def new_programme(user: User):
    if request.method == "GET":
        return _form_page(user, values={"skill_ids": [], "start_months": [], "capacity": 0}, errors=FormErrors())
    values = PROGRAMME_FORM.read(request.form)
    if (searched := _searched(user, values)) is not None:
        return searched
    data, errors = PROGRAMME_FORM.validate(NEW_PROGRAMME, request.form)
    if not errors:
        try:
            created = programmes.create(session=db.session, actor=user,
                                        data={**data, "organisation_id": user.organisation_id})
            db.session.commit()
            flash(_("The programme %(name)s is added.", name=created.name), "ok")
            return redirect(url_for("web.my_programmes"), code=303)
        except InvalidInput as error:
            db.session.rollback()
            PROGRAMME_FORM.service_error(error, errors)
    return _form_page(user, values=values, errors=errors, status=422)


@bp.route("/opleidingen/<id:programme_id>/wijzigen", methods=["GET", "POST"])
@requires("school")
def edit_programme(user: User, programme_id: int):
    programme = _own_programme(user, programme_id)
    saved = _values_of(programme)
    if request.method == "GET":
        return _form_page(user, values=saved, errors=FormErrors(), programme=programme)
    values = PROGRAMME_FORM.read(request.form)
    if (searched := _searched(user, values, programme)) is not None:
        return searched
    data, errors = PROGRAMME_FORM.validate(CHANGED_PROGRAMME, request.form, current=saved)
    if not errors:
        try:
            changed = programmes.update(session=db.session, actor=user, programme_id=programme_id, data=data,
                                        precondition=version_precondition(request.form.get("version", "")))
            db.session.commit()
            flash(_("Your changes to %(name)s are saved.", name=changed.name), "ok")
            return redirect(url_for("web.my_programmes"), code=303)
        except (PreconditionFailed, StaleDataError):
            db.session.rollback()
            errors.add("", _("Someone else changed this programme after you opened it. Nothing is saved yet. Your "
                             "changes are still in the form; check them and save again."))
            return _form_page(user, values=values, errors=errors, programme=_own_programme(user, programme_id),
                              status=409)
        except InvalidInput as error:
            db.session.rollback()
            PROGRAMME_FORM.service_error(error, errors)
    return _form_page(user, values=values, errors=errors, programme=programme, status=422)


@bp.route("/opleidingen/<id:programme_id>/verwijderen", methods=["GET", "POST"])
@requires("school")
def delete_programme(user: User, programme_id: int):
    """Delete a programme, after the school confirms it (on the version the page showed)."""
    programme = _own_programme(user, programme_id)
    errors = FormErrors()
    if request.method == "POST":
        name = programme.name
        try:
            programmes.delete(session=db.session, actor=user, programme_id=programme_id,
                              precondition=version_precondition(request.form.get("version", "")))
            db.session.commit()
            flash(_("The programme %(name)s is deleted.", name=name), "ok")
            return redirect(url_for("web.my_programmes"), code=303)
        except (PreconditionFailed, StaleDataError):
            db.session.rollback()
            programme = _own_programme(user, programme_id)
            errors.add("", _("Someone else changed this programme just now. Check it and choose again."))
            return render_template("web/school/delete_programme.html", user=user, programme=programme,
                                   errors=errors), 409
    return render_template("web/school/delete_programme.html", user=user, programme=programme, errors=errors)
