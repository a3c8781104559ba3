"""The employer's pages: its needs (post, edit, close) and each need's page. Views are thin: the form's values go
through the API's schema (:class:`matchmaker.schemas.needs.NeedInput`) and then :mod:`matchmaker.services.needs`,
which keeps every rule. The occupation is found by name and the skills are ticked, never typed as ids.

An edit carries the version it was made on: when someone else saved the need in between, nothing is saved, the
edit stays in the form and the page shows the need as it is now beside it (no edit is lost).
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from sqlalchemy.orm.exc import StaleDataError

from matchmaker.errors import InvalidInput, NotFound, PreconditionFailed
from matchmaker.extensions import db
from matchmaker.i18n import gettext as _
from matchmaker.labels import choices
from matchmaker.models import Occupation, OccupationSkill, Skill, User
from matchmaker.schemas.common import patch_of
from matchmaker.schemas.needs import NeedInput
from matchmaker.services import interest_requests, matches, needs, partners
from matchmaker.services.places import MUNICIPALITIES
from matchmaker.services.work_capacity import occupation_work_demands
from matchmaker.web.blueprint import bp
from matchmaker.web.hooks import month_names
from matchmaker.web.interest import decide_from_form, seen
from matchmaker.web.forms import (
    OMITTED, FormErrors, FormSpec, checkbox_field, choice_list_field, date_field, number_field, number_list_field,
    optional_text_field, text_field, version_precondition, whole_number,
)
from matchmaker.web.person_form import occupation_label, occupations_found
from matchmaker.web.signin import requires

#: how many needs the list shows per page
PAGE_SIZE = 50
#: how many candidates a need's page shows
CANDIDATES = 10


def _occupation_field(form, name: str):
    value = form.get(name, "").strip()
    return whole_number(value) if value else OMITTED


def _skills_field(form, name: str):
    """The ticked skills with their relation (the box they were ticked in: needed, or useful extra); left out when
    the form did not show the skills (the service then gives the occupation's needed skills)."""
    if not form.get("skills_shown"):
        return OMITTED
    return [{"skill_id": whole_number(value), "relation": relation}
            for relation in ("essential", "optional") for value in form.getlist(f"skills_{relation}")]


def _demands_field(form, name: str):
    """The ticked work demands; None (the need follows its occupation's demands) when they are the ones the form
    showed as the occupation's own; left out when the form did not show them."""
    if not form.get("demands_shown"):
        return OMITTED
    ticked = form.getlist(name)
    return None if sorted(ticked) == sorted(filter(None, form.get("demands_default", "").split(","))) else ticked


NEED_FORM = FormSpec(
    readers={"title": text_field, "kind": text_field, "occupation_id": _occupation_field, "skills": _skills_field,
             "hours_per_week": number_field, "headcount": number_field, "months": number_list_field,
             "municipality_code": optional_text_field, "description": text_field, "dutch_level": optional_text_field,
             "trains_on_job": checkbox_field, "accommodations": choice_list_field,
             "welcomes_groups": choice_list_field, "closes_on": date_field, "demands": _demands_field},
    messages={
        "title": lambda: _("Enter a title of at most 200 characters, like Baker's assistant."),
        "kind": lambda: _("Choose what kind of work it is."),
        "occupation_id": lambda: _("Choose an occupation from the list."),
        "skills": lambda: _("Tick the skills from the list."),
        "hours_per_week": lambda: _("Enter the hours per week as a whole number from 1 to 60."),
        "headcount": lambda: _("Enter how many people you need as a whole number from 1 to 1,000."),
        "months": lambda: _("Choose the months from the list."),
        "municipality_code": lambda: _("Choose the place from the list."),
        "description": lambda: _("Write at most 5,000 characters about the work."),
        "dutch_level": lambda: _("Choose how much Dutch the work needs from the list."),
        "trains_on_job": lambda: _("Tick the box if you teach the work on the job."),
        "accommodations": lambda: _("Choose the adjustments from the list."),
        "welcomes_groups": lambda: _("Choose the groups from the list."),
        "closes_on": lambda: _("Enter the closing date as day-month-year, like 31-03-2027."),
        "demands": lambda: _("Choose what the work asks from the list."),
    },
)


def _own_need(user: User, need_id: int) -> dict:
    """The need as the API shows it, when it belongs to the user's organisation (else a 404 page)."""
    try:
        need = needs.get(session=db.session, actor=user, need_id=need_id)
    except NotFound:
        abort(404)
    if need["organisation_id"] != user.organisation_id:
        abort(404)
    return need


def _values_of(need: dict) -> dict:
    """A saved need as the form's values."""
    return {"title": need["title"], "kind": need["kind"], "occupation_id": need["occupation_id"],
            "skills": [{"skill_id": s["id"], "relation": s["relation"]} for s in need["skills"]],
            "hours_per_week": need["hours_per_week"], "headcount": need["headcount"], "months": need["months"],
            "municipality_code": need["municipality_code"] or "", "description": need["description"],
            "dutch_level": need["dutch_level"], "trains_on_job": need["trains_on_job"],
            "accommodations": need["accommodations"], "welcomes_groups": need["welcomes_groups"],
            "closes_on": need["closes_on"], "demands": need["demands"]}


def _skill_options(occupation_id, ticked: list[dict]) -> dict:
    """The skills the form offers: the occupation's (needed ones first) and any the need has besides, each with its
    label; ``essential`` and ``optional`` lists of (id, label)."""
    relation_of: dict[int, str] = {}
    if isinstance(occupation_id, int):
        for skill_id, relation in db.session.execute(
                db.select(OccupationSkill.skill_id, OccupationSkill.relation)
                .where(OccupationSkill.occupation_id == occupation_id)):
            relation_of[skill_id] = "essential" if relation == "essential" else "optional"
    for entry in ticked:
        if isinstance(entry["skill_id"], int):
            relation_of[entry["skill_id"]] = entry["relation"]
    if not relation_of:
        return {"essential": [], "optional": []}
    labels = {skill.id: skill.label for skill in db.session.scalars(db.select(Skill).where(Skill.id.in_(relation_of)))}
    options = {"essential": [], "optional": []}
    for skill_id, relation in relation_of.items():
        if skill_id in labels:
            options[relation].append((skill_id, labels[skill_id]))
    for listed in options.values():
        listed.sort(key=lambda option: option[1].lower())
    return options


def _occupation_options(query: str, chosen) -> list[tuple[int, str]]:
    """The occupations a name search finds, and the chosen one (kept when it is not among them)."""
    found = occupations_found(query)
    if isinstance(chosen, int) and chosen not in {i for i, _ in found} and db.session.get(Occupation, chosen):
        found.insert(0, (chosen, occupation_label(chosen)))
    return found


def _form_page(user: User, *, values: dict, errors: FormErrors, need: dict | None = None, status: int = 200,
               current: dict | None = None, skills_shown: bool | None = None, ticked: list[dict] | None = None):
    """The need form (new or edit) with ``values``. ``skills_shown``: whether it lists the occupation's skills to
    tick (default: as the form sent it); ``ticked``: the ticked ones (default: the values'; for an occupation just
    chosen, its needed skills). ``current``: the need as saved now, after a conflict."""
    shown = bool(request.form.get("skills_shown")) if skills_shown is None else skills_shown
    chosen = values.get("occupation_id")
    if ticked is None:
        ticked = values["skills"] if isinstance(values.get("skills"), list) else []
    skill_options = _skill_options(chosen, ticked) if shown else {"essential": [], "optional": []}
    query = request.form.get("occupation_q", "").strip()
    default_demands = occupation_work_demands(db.session, chosen if isinstance(chosen, int) else None)
    stated = values.get("demands")
    return render_template(
        "web/employer/need_form.html", user=user, need=need, values=values, errors=errors, current=current,
        occupation_q=query, occupations=_occupation_options(query, chosen), skills_shown=shown,
        skill_options=skill_options, ticked={(e["skill_id"], e["relation"]) for e in ticked},
        kinds=choices("need_kind"), places=[(code, name) for code, name, *_ in MUNICIPALITIES],
        dutch_levels=choices("dutch_level"), accommodations=choices("accommodation"),
        groups=choices("target_group"), work_demands=choices("work_demand"), default_demands=default_demands,
        ticked_demands=stated if isinstance(stated, list) else default_demands), status


def _occupation_chosen(user: User, values: dict, need: dict | None):
    """The form after choosing an occupation: its skills listed, the needed ones ticked."""
    chosen = values.get("occupation_id")
    essential = _skill_options(chosen, [])["essential"] if isinstance(chosen, int) else []
    return _form_page(user, values={**values, "demands": None}, errors=FormErrors(), need=need,
                      skills_shown=isinstance(chosen, int),
                      ticked=[{"skill_id": i, "relation": "essential"} for i, _ in essential])


def _action() -> str:
    """What the form was sent for: ``find`` (look up an occupation), ``occupation`` (show its skills) or ``save``.
    Enter in a box presses the form's first (hidden) button, ``enter``: it searches when the occupation search box
    has words and no occupation is chosen yet, and saves otherwise."""
    action = request.form.get("action", "save")
    if action == "enter":
        searching = request.form.get("occupation_q", "").strip() and not request.form.get("occupation_id")
        return "find" if searching else "save"
    return action


def _months_for_season(values: dict, errors: FormErrors) -> None:
    if values.get("kind") == "seasonal_peak" and not values.get("months"):
        errors.add("months", _("Choose the months of the busy season."))


@bp.route("/behoeften")
@requires("employer")
def my_needs(user: User):
    page = needs.list_needs(session=db.session, actor=user, args={
        "organisation": user.organisation_id, "limit": PAGE_SIZE, "offset": 0})
    grouped = {status: [n for n in page.items if n["status"] == status] for status in ("open", "filled", "closed")}
    return render_template("web/employer/needs.html", user=user, grouped=grouped, total=page.total)


#: a new need's schema: everything but the employer, which is the user's own organisation
NEW_NEED = NeedInput(exclude=("organisation_id",))


@bp.route("/behoeften/nieuw", methods=["GET", "POST"])
@requires("employer")
def new_need(user: User):
    if request.method == "GET":
        return _form_page(user, values={"kind": "vacancy", "headcount": 1, "months": [], "dutch_level": "none",
                                        "accommodations": [], "welcomes_groups": []},
                          errors=FormErrors(), skills_shown=False)
    values = NEED_FORM.read(request.form)
    action = _action()
    if action == "find":
        return _form_page(user, values=values, errors=FormErrors())
    if action == "occupation":
        return _occupation_chosen(user, values, None)
    data, errors = NEED_FORM.validate(NEW_NEED, request.form)
    _months_for_season(values, errors)
    if not errors:
        try:
            created = needs.create(session=db.session, actor=user, data={**data, "organisation_id": user.organisation_id})
            db.session.commit()
            flash(_("Your need %(title)s is posted.", title=created["title"]), "ok")
            return redirect(url_for("web.need_page", need_id=created["id"]), code=303)
        except InvalidInput as error:
            db.session.rollback()
            NEED_FORM.service_error(error, errors)
    return _form_page(user, values=values, errors=errors, status=422)


@bp.route("/behoeften/<id:need_id>")
@requires("employer")
def need_page(user: User, need_id: int):
    need = _own_need(user, need_id)
    found = (matches.need_candidates(session=db.session, actor=user, need_id=need_id, limit=CANDIDATES)
             if need["status"] == "open" else None)
    interest = interest_requests.for_need(session=db.session, actor=user, need_id=need_id)
    seen(user, need_id)
    agreed = [request for request in interest.values() if request["status"] == "accepted"]
    return render_template("web/employer/need.html", user=user, need=need, candidates=found, interest=interest,
                           agreed=agreed)


@bp.route("/behoeften/<id:need_id>/interesse", methods=["POST"])
@requires("employer")
def show_interest(user: User, need_id: int):
    """"Interested" on a candidate's card: a request to the person's advisor (the card names the candidate by
    the pseudonym's code, never by an id)."""
    _own_need(user, need_id)
    try:
        request_view, created = interest_requests.create(
            session=db.session, actor=user, data={"need_id": need_id, "candidate": request.form.get("candidate", "")})
        db.session.commit()
        flash(_("Your interest in %(candidate)s is sent. Their advisor asks them; you see their name once they "
                "agree.", candidate=request_view["candidate"]) if created else
              _("You showed interest in %(candidate)s before.", candidate=request_view["candidate"]), "ok")
    except InvalidInput as error:
        db.session.rollback()
        flash(error.text(), "error")
    return redirect(url_for("web.need_page", need_id=need_id, _anchor="candidates"), code=303)


@bp.route("/behoeften/<id:need_id>/wijzigen", methods=["GET", "POST"])
@requires("employer")
def edit_need(user: User, need_id: int):
    need = _own_need(user, need_id)
    errors = FormErrors()
    saved = _values_of(need)
    if request.method == "GET":
        return _form_page(user, values=saved, errors=errors, need=need, skills_shown=True)
    values = NEED_FORM.read(request.form)
    form_need = {**need, "version": request.form.get("version")}
    action = _action()
    if action == "find":
        return _form_page(user, values=values, errors=errors, need=form_need)
    if action == "occupation":
        return _occupation_chosen(user, values, form_need)
    data, errors = NEED_FORM.validate(patch_of(NeedInput), request.form, current=saved)
    _months_for_season(values, errors)
    if not errors:
        try:
            changed = needs.update(session=db.session, actor=user, need_id=need_id, data=data,
                                   precondition=version_precondition(request.form.get("version", "")))
            db.session.commit()
            flash(_("Your changes to %(title)s are saved.", title=changed["title"]), "ok")
            return redirect(url_for("web.need_page", need_id=need_id), code=303)
        except (PreconditionFailed, StaleDataError):
            db.session.rollback()
            now = _own_need(user, need_id)
            errors.add("", _("Someone else changed this need after you opened it. Nothing is saved yet. Your "
                             "changes are still in the form; check them against the need as it is now and save "
                             "again."))
            return _form_page(user, values=values, errors=errors, need=now, status=409, current=now)
        except InvalidInput as error:
            db.session.rollback()
            NEED_FORM.service_error(error, errors)
    return _form_page(user, values=values, errors=errors, need=form_need, status=422)


@bp.route("/behoeften/<id:need_id>/sluiten", methods=["GET", "POST"])
@requires("employer")
def close_need(user: User, need_id: int):
    """Close a need: filled, or no longer needed. It stays in the list, under its new status."""
    need = _own_need(user, need_id)
    errors = FormErrors()
    if request.method == "POST":
        status = request.form.get("status")
        if status not in ("filled", "closed"):
            errors.add("status", _("Choose why you close this need."))
        else:
            try:
                needs.update(session=db.session, actor=user, need_id=need_id, data={"status": status},
                             precondition=version_precondition(request.form.get("version", "")))
                db.session.commit()
                flash(_("%(title)s is closed. It no longer gets candidates.", title=need["title"]), "ok")
                return redirect(url_for("web.my_needs"), code=303)
            except (PreconditionFailed, StaleDataError):
                db.session.rollback()
                need = _own_need(user, need_id)
                errors.add("status", _("Someone else changed this need just now. Check it and choose again."))
        return render_template("web/employer/close_need.html", user=user, need=need, errors=errors), (
            409 if status in ("filled", "closed") else 422)
    return render_template("web/employer/close_need.html", user=user, need=need, errors=errors)


@bp.app_template_filter("month_list")
def month_list(months) -> str:
    """Month numbers as their names in the reader's language: "juni, juli, augustus"."""
    names = dict(month_names())
    return ", ".join(names[m] for m in sorted(months) if m in names)


@bp.route("/behoeften/<id:need_id>/interesse/<id:request_id>/intrekken", methods=["POST"])
@requires("employer")
def withdraw_interest(user: User, need_id: int, request_id: int):
    """Take back interest nobody has answered yet (on the version the card showed)."""
    _own_need(user, need_id)
    withdrawn = decide_from_form(user, request_id, "withdrawn")
    if withdrawn is not None:
        flash(_("Your interest in %(candidate)s is withdrawn.", candidate=withdrawn["candidate"]), "ok")
    return redirect(url_for("web.need_page", need_id=need_id, _anchor="candidates"), code=303)


#: partner suggestions a page lists at most (the best, whatever their kind)
PARTNERS = 15


def partner_suggestions(user: User, kinds: tuple[str, ...] | None = None) -> dict:
    """The organisation's best partner suggestions (of ``kinds``; all by default), grouped by kind in the engine's
    order, each with the reason in the reader's language: as
    :func:`matchmaker.services.partners.organisation_partners` gives them (one read of the region's stored result;
    only the ones listed are written out in words)."""
    found = partners.organisation_partners(session=db.session, actor=user, organisation_id=user.organisation_id,
                                           type=kinds[0] if kinds and len(kinds) == 1 else None, limit=PARTNERS)
    grouped = {kind: [m for m in found["items"] if m["kind"] == kind]
               for kind in partners.KINDS if kinds is None or kind in kinds}
    return {"partner_groups": {kind: items for kind, items in grouped.items() if items}}


@bp.route("/partners")
@requires("employer")
def employer_partners(user: User):
    return render_template("web/employer/partners.html", user=user, **partner_suggestions(user))
