"""The advisor adds a person to their caseload or changes one: the form of :mod:`matchmaker.web.person_form`,
saved through :func:`matchmaker.services.people.create` and ``update`` as the API's POST and PATCH do."""
from __future__ import annotations

from datetime import date

from flask import flash, redirect, render_template, request, url_for

from matchmaker.errors import InvalidInput, NotFound, ServiceUnavailable
from matchmaker.extensions import db
from matchmaker.i18n import gettext as _
from matchmaker.labels import label
from matchmaker.models import User
from matchmaker.services import career_paths, jobs, people
from matchmaker.services.places import MUNICIPALITIES, REGIONS, place_name
from matchmaker.services.unblock import SENSITIVE_CHECKS
from matchmaker.web import person_form
from matchmaker.web.blueprint import bp
from matchmaker.web.forms import FormErrors
from matchmaker.web.hooks import month_names
from matchmaker.web.profile import profile_view, proposals
from matchmaker.web.signin import requires

#: what each field of the form is called, for the notice about a field someone else changed too
FIELD_NAMES = {
    "name": lambda: _("Name"), "email": lambda: _("E-mail address"), "phone": lambda: _("Phone number"),
    "birth_year": lambda: _("Year of birth"), "status": lambda: _("Status"),
    "municipality_code": lambda: _("Municipality"), "hours_per_week": lambda: _("Hours per week"),
    "travel_radius_km": lambda: _("Travel distance"), "dutch_level": lambda: _("Dutch"),
    "education_level": lambda: _("Education"), "available_months": lambda: _("Months available"),
    "summary": lambda: _("About the person"), "career_change": lambda: _("Career change"),
    "jobs": lambda: _("Work experience"),
    "consent": lambda: _("Consent for sensitive details"), "target_groups": lambda: _("Target groups"),
    "accommodation_needs": lambda: _("Needed at work"),
}


#: fields shown by the label of their code
LABELLED = {"status": "person_status", "dutch_level": "dutch_level", "education_level": "education_level"}
LABELLED_LISTS = {"target_groups": "target_group", "accommodation_needs": "accommodation"}


def _shown(name: str, value) -> str:
    """A saved value as the notice about a field changed twice shows it: labels, names, months, never codes."""
    if name in LABELLED:
        return label(LABELLED[name], value)
    if name in LABELLED_LISTS:
        return ", ".join(label(LABELLED_LISTS[name], code, capital=False) for code in value) or _("none")
    if name == "municipality_code":
        return place_name(value) or _("not filled in")
    if name == "available_months":
        names = dict(month_names())
        return ", ".join(names[month] for month in value if month in names) or _("the whole year")
    if name == "jobs":
        return ", ".join(person_form.occupation_label(job[0]) for job in value) or _("none")
    if name == "consent":
        return _("consent given") if value else _("no consent")
    if name == "career_change":
        return _("wants to learn a new trade") if value else _("no")
    return str(value) if value not in ("", None) else _("not filled in")


def _municipalities() -> list[tuple[str, str]]:
    return sorted(((code, f"{name} ({REGIONS[region]})") for code, name, region, *_ in MUNICIPALITIES),
                  key=lambda pair: pair[1])


def _draw(user: User, values: person_form.PersonValues, *, person=None, errors=None, original: str | None = None,
          conflicts: dict | None = None, status: int = 200):
    q = request.form.get("occupation_q", "").strip() if request.method == "POST" else ""
    searching = request.form.get("action") in ("find", "enter") and q and not request.form.get("add_occupation")
    context = {
        "user": user, "person": person, "values": values, "errors": errors or FormErrors(),
        "original": original if original is not None else person_form.snapshot(values),
        "version": person.version if person is not None else "",
        "conflicts": {name: _shown(name, value) for name, value in (conflicts or {}).items()},
        "field_names": {name: text() for name, text in FIELD_NAMES.items()},
        "municipalities": _municipalities(), "skill_groups": person_form.skill_choices(values),
        "occupation_q": q if searching else "", "found": person_form.occupations_found(q) if searching else None,
    }
    return render_template("web/advisor/person_form.html", **context), status


def _wants_save() -> bool:
    """Save, unless the advisor searched for an occupation, chose one, or pressed Enter in the search box."""
    action = request.form.get("action", "save")
    if request.form.get("add_occupation"):
        return False
    if action == "enter":
        return not request.form.get("occupation_q", "").strip()
    return action == "save"


@bp.route("/caseload/nieuw", methods=["GET", "POST"])
@requires("advisor", "admin")
def new_person(user: User):
    if request.method == "GET":
        return _draw(user, person_form.blank())
    values = person_form.read(request.form)
    if not _wants_save():
        return _draw(user, values, original=request.form.get("original"))
    errors = FormErrors()
    data = person_form.to_data(values, set(values.comparable()), {}, errors, new=True)
    if not errors:
        try:
            person = people.create(session=db.session, actor=user, data=data)
            db.session.commit()
            flash(_("%(name)s is added to your caseload.", name=person.name), "ok")
            return redirect(url_for("web.person_page", person_id=person.id), code=303)
        except InvalidInput as error:
            db.session.rollback()
            person_form.FIELDS.service_error(error, errors)
    return _draw(user, values, errors=errors, original=request.form.get("original"), status=422)


@bp.route("/caseload/<id:person_id>/wijzigen", methods=["GET", "POST"])
@requires("advisor", "admin")
def edit_person(user: User, person_id: int):
    person = people.get(session=db.session, actor=user, person_id=person_id)
    current = person_form.values_of(person)
    if request.method == "GET":
        return _draw(user, current, person=person)
    values = person_form.read(request.form)
    original = person_form.read_snapshot(request.form.get("original", "")) or current.comparable()
    if not _wants_save():
        return _draw(user, values, person=person, original=request.form.get("original"))
    notice = None
    if request.form.get("version") != str(person.version):
        merged = person_form.merge(values, original, current)
        if merged.conflicts:
            # both changed the same field: show what is saved now; the next save starts from it
            return _draw(user, merged.values, person=person, original=person_form.snapshot(current),
                         conflicts=merged.conflicts, status=409)
        notice = _("Someone else changed %(name)s while you were working. Both changes are saved.", name=person.name)
        # from here on, the advisor's changes on top of what is saved now
        values, original = merged.values, current.comparable()
    errors = FormErrors()
    changed = person_form.changed_fields(values, original)
    data = person_form.to_data(values, changed, original, errors, new=False)
    if not errors:
        try:
            if data:
                people.update(session=db.session, actor=user, person_id=person.id, data=data)
            db.session.commit()
            flash(notice or (_("The changes are saved.") if data else _("Nothing was changed.")), "ok")
            return redirect(url_for("web.person_page", person_id=person.id), code=303)
        except InvalidInput as error:
            db.session.rollback()
            person_form.FIELDS.service_error(error, errors)
    return _draw(user, values, person=person, errors=errors, original=person_form.snapshot_of(original), status=422)


# -- career paths on the person's page -----------------------------------------------------------------------


@bp.app_template_filter("capitalize_first")
def capitalize_first(text: str) -> str:
    """A check's words as a sentence start: "12 km from you" → "12 km from you"; "no Dutch" → "No Dutch"."""
    return text[:1].upper() + text[1:] if text else text


def _step_view(step: dict) -> dict:
    """One step as the page draws it: what, where (the real employer or school), when, how long, skills."""
    params = (step.get("facts") or [{}])[0].get("params") or {}
    if step["kind"] == "training":
        programme = step.get("programme") or {}
        return {"kind": "training", "title": programme.get("name", ""), "where": programme.get("school", ""),
                "place": programme.get("place"), "months": step.get("months") or [],
                "duration": params.get("duration"), "learn": [s["label"] for s in step.get("skills_to_learn") or []],
                "carried": [], "explanation": step.get("explanation", "")}
    need = step.get("need")
    occupation = (step.get("occupation") or {}).get("label", "")
    return {"kind": "work", "title": need["title"] if need else occupation,
            "where": need["organisation"]["name"] if need else _("several employers in the region"),
            "place": need.get("place") if need else None, "months": step.get("months") or [], "duration": None,
            "learn": [s["label"] for s in step.get("skills_to_learn") or []],
            "carried": [s["label"] for s in step.get("skills_carried") or []],
            "explanation": step.get("explanation", "")}


def career_view(user: User, person_id: int) -> dict:
    """The person's latest career paths (None when none were asked for), each path as steps to draw."""
    try:
        found = career_paths.latest(session=db.session, actor=user, person_id=person_id)
    except NotFound:
        return {"career": None}
    paths = [{"steps": [_step_view(step) for step in path["steps"]], "explanation": path.get("explanation", "")}
             for path in found["paths"]]
    return {"career": {"status": found["job"]["status"], "paths": paths, "explanation": found["explanation"],
                       "stale": found["job"].get("stale", False), "asked_at": found["job"]["created_at"]}}


@bp.route("/caseload/<id:person_id>/loopbaanpaden", methods=["POST"])
@requires("advisor", "admin")
def ask_career_paths(user: User, person_id: int):
    """Compute the person's career paths (a job; the page shows them once it is done)."""
    job, created = career_paths.request(session=db.session, actor=user, person_id=person_id)
    db.session.commit()
    if created:
        try:
            jobs.dispatch(session=db.session, job=job)
        except ServiceUnavailable:
            flash(_("The calculation starts as soon as possible. Look again in a few minutes."), "info")
    return redirect(url_for("web.person_page", person_id=person_id, _anchor="loopbaanpaden"), code=303)


# -- the one-page summary to hand to the person -------------------------------------------------------------

#: what the summary lists at most: skills, work that fits, work that almost fits
SUMMARY_SKILLS, SUMMARY_FITS, SUMMARY_ALMOST = 12, 3, 3


@bp.route("/caseload/<id:person_id>/samenvatting")
@requires("advisor", "admin")
def person_summary(user: User, person_id: int):
    """One printable page for the person: skills, what fits, what almost fits and what would unblock it, the
    best career path. No sensitive details: the page is handed over and may be shown to others."""
    person = people.get(session=db.session, actor=user, person_id=person_id)
    found = proposals(user, person.id)
    almost = [{**item, "blocked_by": [check for check in item["blocked_by"] if check["name"] not in SENSITIVE_CHECKS]}
              for item in found["almost"][:SUMMARY_ALMOST]]
    career = career_view(user, person.id)["career"]
    best = career["paths"][0] if career and career["status"] == "succeeded" and career["paths"] else None
    advisor = db.session.get(User, person.advisor_id) if person.advisor_id else None
    return render_template("web/advisor/summary.html", user=user, **profile_view(person),
                           skill_limit=SUMMARY_SKILLS, feasible=found["feasible"][:SUMMARY_FITS],
                           almost=almost, best_path=best, advisor=advisor,
                           today=date.today())
