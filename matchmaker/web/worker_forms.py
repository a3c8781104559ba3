"""The forms for keeping people at work, read the GOV.UK way (see :mod:`matchmaker.web.forms`), without JavaScript:

- the advisor enters what work may no longer ask of a person (their work-capacity limits, special-category data)
  on the person's page, saved through :func:`matchmaker.services.people.update` as the API's PATCH does;
- the advisor, or the employer with the worker's consent, records a change in a worker's work (capacity, a wish,
  or the job at risk), saved through :func:`matchmaker.services.worker_changes.create` as the API's POST does,
  and then sees the proposed moves.

Every choice is shown by its name: a person, an employer, a demand. Ids travel only in the values the page drew.
"""
from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from marshmallow import ValidationError
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from matchmaker import vocabulary as v
from matchmaker.errors import InvalidInput, NotFound, PreconditionFailed
from matchmaker.extensions import db
from matchmaker.i18n import gettext as _
from matchmaker.models import Organisation, Person, User, WorkExperience
from matchmaker.schemas.common import patch_of
from matchmaker.schemas.people import PersonInput
from matchmaker.schemas.worker_changes import WorkerChangeInput
from matchmaker.services import people, worker_changes
from matchmaker.web.blueprint import bp
from matchmaker.web.forms import FormErrors, FormSpec, choice_list_field, number_field, version_precondition
from matchmaker.web.signin import requires


def _hours_or_none(form: MultiDict, name: str):
    """Empty: no maximum (None); digits: a whole number; anything else stays text for the schema to refuse."""
    return None if not form.get(name, "").strip() else number_field(form, name)


def _chosen(form: MultiDict, name: str) -> str | None:
    return form.get(name, "").strip() or None


def _ticked(form: MultiDict, name: str) -> bool:
    return form.get(name) == "yes"


LIMITS = FormSpec(
    readers={"capacity_limits": choice_list_field, "capacity_max_hours": _hours_or_none},
    messages={
        "capacity_limits": lambda: _("Choose what the work may no longer ask from the list."),
        "capacity_max_hours": lambda: _("Enter the most hours a week as a whole number from 1 to 60, or leave it "
                                        "empty when there is no maximum."),
    },
)

CHANGE = FormSpec(
    readers={"organisation_id": number_field, "kind": _chosen, "reason": _chosen, "wish": _chosen,
             "worker_consent": _ticked},
    messages={
        "organisation_id": lambda: _("Choose the employer where the person works now."),
        "kind": lambda: _("Choose what changes in the work."),
        "reason": lambda: _("Choose why the job is at risk."),
        "wish": lambda: _("Choose what the worker wishes for."),
        "worker_consent": lambda: _("Tick that the worker agrees. Without their consent an employer cannot record "
                                    "a change."),
    },
)


# -- the person's work-capacity limits ------------------------------------------------------------------------

def _limits_page(user: User, person: Person, values: dict, errors: FormErrors | None = None, status: int = 200):
    return render_template("web/workers/limits_form.html", user=user, person=person, values=values,
                           errors=errors or FormErrors(), version=request.form.get("version", person.version)
                           if errors else person.version), status


@bp.route("/caseload/<id:person_id>/werkvermogen", methods=["GET", "POST"])
@requires("advisor", "admin")
def person_limits(user: User, person_id: int):
    """What work may no longer ask of the person: heavy lifting, standing all day, night shifts, outdoor work, a high
    pace, and the most hours a week. A hard limit in every match, never a lower score."""
    person = people.get(session=db.session, actor=user, person_id=person_id)
    current = {"capacity_limits": list(person.capacity_limits or []), "capacity_max_hours": person.capacity_max_hours,
               "consent": bool(person.consent_special_category)}
    if request.method == "GET":
        return _limits_page(user, person, current)
    shown = {**LIMITS.read(request.form), "consent": current["consent"] or _ticked(request.form, "consent")}
    data, errors = LIMITS.validate(patch_of(PersonInput), request.form)
    if not errors and (data.get("capacity_limits") or data.get("capacity_max_hours")) and not shown["consent"]:
        errors.add("consent", _("Tick that the person consents before you record what work may no longer ask."))
    if not errors:
        if shown["consent"] and not current["consent"]:
            data["consent"] = {"special_category": True}
        try:
            people.update(session=db.session, actor=user, person_id=person.id, data=data,
                          precondition=version_precondition(request.form.get("version", "")))
            db.session.commit()
            flash(_("What work may no longer ask of %(name)s is saved. Matches and moves respect it.",
                    name=person.name), "ok")
            return redirect(url_for("web.person_page", person_id=person.id, _anchor="werkvermogen"), code=303)
        except PreconditionFailed:
            db.session.rollback()
            person = people.get(session=db.session, actor=user, person_id=person_id)
            errors.add("capacity_limits", _("Someone else changed %(name)s while you were working. Check what is "
                                            "saved now and save again.", name=person.name))
            return render_template("web/workers/limits_form.html", user=user, person=person, errors=errors,
                                   values={"capacity_limits": list(person.capacity_limits or []),
                                           "capacity_max_hours": person.capacity_max_hours,
                                           "consent": bool(person.consent_special_category)},
                                   version=person.version), 409
        except InvalidInput as error:
            db.session.rollback()
            LIMITS.service_error(error, errors)
    return _limits_page(user, person, shown, errors, 422)


# -- a worker's change ----------------------------------------------------------------------------------------

def current_employers(session, person_id: int) -> list[tuple[int, str]]:
    """(id, name) of the organisations in Matchmaker where the person works now, by name."""
    return [(org_id, name) for org_id, name in session.execute(
        select(Organisation.id, Organisation.name).join(WorkExperience, WorkExperience.organisation_id == Organisation.id)
        .where(WorkExperience.person_id == person_id, WorkExperience.end_date.is_(None))
        .distinct().order_by(Organisation.name))]


def _worker(user: User, person_id: int) -> tuple[Person, list[tuple[int, str]]]:
    """The worker and the employers the form offers. An advisor: a person on their caseload, any current employer.
    An employer: only a worker of its own who shares their profile with it (anyone else is not found)."""
    if user.role == "employer":
        person = db.session.get(Person, person_id)
        if person is None or user.organisation_id not in (person.consent_share_with or []) \
                or worker_changes.current_job(db.session, person_id, user.organisation_id) is None:
            abort(404)
        return person, [(user.organisation_id, db.session.get(Organisation, user.organisation_id).name)]
    person = people.visible(session=db.session, actor=user, person_id=person_id)
    return person, current_employers(db.session, person.id)


def _read_change(form: MultiDict) -> dict:
    """What the form sent; a reason counts only for a job at risk and a wish only for a wish (the form shows all
    choices at once, without JavaScript)."""
    values = CHANGE.read(form)
    if values["kind"] != "job_at_risk":
        values["reason"] = None
    if values["kind"] != "wish":
        values["wish"] = None
    return values


@bp.route("/werk-behouden/nieuw/<id:person_id>", methods=["GET", "POST"])
@requires("advisor", "admin", "employer")
def record_change(user: User, person_id: int):
    """Record what changes in a worker's work; then the page shows the moves that fit, internal ones first."""
    person, employers = _worker(user, person_id)
    if not employers:
        abort(404)
    values = {"organisation_id": employers[0][0] if len(employers) == 1 else "", "kind": None, "reason": None,
              "wish": None, "worker_consent": False}
    errors = FormErrors()
    status = 200
    if request.method == "POST":
        values = _read_change(request.form)
        data = {"person_id": person.id, **{k: val for k, val in values.items() if val is not None}}
        try:
            data = WorkerChangeInput().load(data)
        except ValidationError as error:
            for name in CHANGE.readers:
                if name in error.messages:
                    errors.add(name, CHANGE.messages[name]())
        if not errors:
            if data.get("organisation_id") not in {org_id for org_id, _name in employers}:
                errors.add("organisation_id", CHANGE.messages["organisation_id"]())
            elif data["kind"] == "job_at_risk" and not data.get("reason"):
                errors.add("reason", CHANGE.messages["reason"]())
            elif data["kind"] == "wish" and not data.get("wish"):
                errors.add("wish", CHANGE.messages["wish"]())
        if not errors:
            try:
                change = worker_changes.create(session=db.session, actor=user, data=data)
                db.session.commit()
                flash(_("The change for %(name)s is recorded. These are the moves that fit.", name=person.name), "ok")
                return redirect(url_for("web.worker_proposals", change_id=change.id), code=303)
            except (InvalidInput, NotFound) as error:
                db.session.rollback()
                if isinstance(error, NotFound):
                    abort(404)
                name = error.field if error.field in CHANGE.messages else ""
                errors.add(name, CHANGE.messages[name]() if name else error.text())
        status = 422
    return render_template("web/workers/change_form.html", user=user, person=person, employers=employers,
                           values=values, errors=errors, kinds=v.WORKER_CHANGE_KINDS), status


def person_work_view(user: User, person: Person) -> dict:
    """For the advisor's page of a person: the employers where they work now, and their recorded changes."""
    page = worker_changes.list_changes(session=db.session, actor=user,
                                       args={"person": person.id, "limit": 100, "offset": 0})
    return {"work_changes": [worker_changes.change_view(change) for change in page.items],
            "current_employers": current_employers(db.session, person.id)}
