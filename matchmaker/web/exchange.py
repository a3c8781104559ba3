"""The exchange's pages: practice cases (list, page, write and publish), sessions (list, page, register and cancel,
host one), an SME's questions with their matches, its progress check, and the coordinator's monitor with its CSV.

Views are thin: a form's values go through the API's schema (:mod:`matchmaker.schemas.exchange`) and then the
services in :mod:`matchmaker.services.exchange`, which keep every rule, as the API does.
"""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask import Response, flash, redirect, render_template, request, url_for

from matchmaker import vocabulary as v
from matchmaker.errors import Conflict, InvalidInput
from matchmaker.explanations.format import number
from matchmaker.extensions import db
from matchmaker.i18n import gettext as _, reader_language
from matchmaker.labels import choices
from matchmaker.models import User
from matchmaker.models.base import utcnow
from matchmaker.security import policies
from matchmaker.schemas.exchange import PracticeCaseInput, ProgressCheckInput, QuestionInput, SessionInput
from matchmaker.services.exchange import cases, matching, monitor, questions, sessions
from matchmaker.services.places import MUNICIPALITIES
from matchmaker.web.blueprint import bp
from matchmaker.web.forms import FormErrors, FormSpec, choice_list_field, number_field, text_field
from matchmaker.web.signin import requires

#: who uses the exchange's pages: everyone who works for or with organisations (not job-seekers)
READERS = ("admin", "coordinator", "advisor", "employer", "school", "partner")
#: who writes cases and hosts sessions for their own organisation
PUBLISHERS = ("employer", "school", "partner")
COORDINATING = ("coordinator", "admin")
LOCAL_TIME = ZoneInfo("Europe/Amsterdam")
PAGE_SIZE = 30


def when(moment: datetime) -> str:
    """"donderdag 14 januari 2027, 15:30" in the reader's language and Dutch time."""
    return format_datetime(moment.astimezone(LOCAL_TIME), "EEEE d MMMM y, HH:mm", locale=reader_language())


@bp.app_template_filter("session_time")
def session_time(moment: datetime) -> str:
    return when(moment)


@bp.app_template_filter("decimal")
def decimal(value: float | None) -> str:
    """2,25 in Dutch, 2.25 in English."""
    return "" if value is None else number(value, reader_language(), digits=2)


@bp.app_template_global("size_class")
def size_class(employees: int) -> str:
    return v.size_class(employees)


def _chosen(name: str, vocabulary: tuple[str, ...]) -> str | None:
    value = request.args.get(name, "").strip()
    return value if value in vocabulary else None


@bp.route("/uitwisseling")
@requires(*READERS)
def exchange_home(user: User):
    return render_template("web/exchange/home.html", user=user)


# ------------------------------------------------------------------------------------------------ cases


def _create_form(user: User, spec: FormSpec, schema, template: str, create, *, blank: dict, shown=None, **context):
    """The page of a form that creates one record: empty on GET; on POST the form's values go through ``schema``
    and then ``create(data)`` (a service call, which returns the answer to send: a redirect); on a mistake the form
    again with what was typed and the errors (422). ``shown``: the values to show again (default: as read)."""
    errors, values = FormErrors(), blank
    if request.method == "POST":
        values = (shown or spec.read)(request.form)
        data, errors = spec.validate(schema, request.form)
        if not errors:
            try:
                answer = create(data)
                db.session.commit()
                return answer
            except InvalidInput as error:
                db.session.rollback()
                spec.service_error(error, errors)
    return render_template(template, user=user, values=values, errors=errors, **context), 422 if errors else 200


@bp.route("/uitwisseling/praktijkvoorbeelden")
@requires(*READERS)
def case_list(user: User):
    chosen = {"lever": _chosen("lever", v.LEVERS), "sector": _chosen("sector", v.SECTORS),
              "barrier": _chosen("barrier", v.EXCHANGE_BARRIERS)}
    page = cases.list_cases(session=db.session, actor=user, args={
        **{k: val for k, val in chosen.items() if val}, "limit": 200, "offset": 0})
    return render_template("web/exchange/cases.html", user=user, page=page, chosen=chosen)


@bp.route("/uitwisseling/praktijkvoorbeelden/<id:case_id>")
@requires(*READERS)
def case_page(user: User, case_id: int):
    case = cases.get(session=db.session, actor=user, case_id=case_id)
    mine = user.role in PUBLISHERS and user.organisation_id == case.organisation_id
    return render_template("web/exchange/case.html", user=user, case=case, mine=mine)


def _optional_number(form, name: str):
    value = form.get(name, "").strip()
    if not value:
        return None
    digits = value.lstrip("-")
    return int(value) if digits.isdigit() and len(digits) < 10 else value


def _flag(form, name: str) -> bool:
    return form.get(name) == "1"


CASE_FORM = FormSpec(
    readers={"title": text_field, "levers": choice_list_field, "problem": text_field, "approach": text_field,
             "results": text_field, "productivity_change_pct": _optional_number,
             "turnover_change_pct": _optional_number, "absence_change_pct": _optional_number,
             "target_group_hires": _optional_number, "technology": text_field, "transitions": choice_list_field,
             "costs": text_field, "cost_euros": _optional_number, "barriers": choice_list_field,
             "barriers_overcome": text_field, "open_to_visit": _flag, "open_to_call": _flag},
    messages={
        "title": lambda: _("Enter a title of at most 200 characters."),
        "levers": lambda: _("Choose at least one lever."),
        "problem": lambda: _("Write at most 5,000 characters about the problem."),
        "approach": lambda: _("Write at most 5,000 characters about what you did."),
        "results": lambda: _("Write at most 5,000 characters about the results."),
        "productivity_change_pct": lambda: _("Enter the change as a whole number of per cent, like 8 or -12."),
        "turnover_change_pct": lambda: _("Enter the change as a whole number of per cent, like 8 or -12."),
        "absence_change_pct": lambda: _("Enter the change as a whole number of per cent, like 8 or -12."),
        "target_group_hires": lambda: _("Enter how many people as a whole number, like 3."),
        "technology": lambda: _("Write at most 2,000 characters about the technology."),
        "transitions": lambda: _("Choose the transitions from the list."),
        "costs": lambda: _("Write at most 2,000 characters about the costs."),
        "cost_euros": lambda: _("Enter the costs as a whole number of euros, like 12000."),
        "barriers": lambda: _("Choose the barriers from the list."),
        "barriers_overcome": lambda: _("Write at most 5,000 characters about how you got past them."),
        "open_to_visit": lambda: _("Say whether others may visit you."),
        "open_to_call": lambda: _("Say whether others may call you."),
    },
)


@bp.route("/uitwisseling/praktijkvoorbeelden/nieuw", methods=["GET", "POST"])
@requires(*PUBLISHERS)
def new_case(user: User):
    def create(data):
        case = cases.create(session=db.session, actor=user, data=data)
        flash(_("Your practice case is saved as a draft. Read it through, then publish it."), "ok")
        return redirect(url_for("web.case_page", case_id=case.id), code=303)

    return _create_form(user, CASE_FORM, PracticeCaseInput(), "web/exchange/case_form.html", create,
                        blank={"levers": [], "transitions": [], "barriers": []})


@bp.route("/uitwisseling/praktijkvoorbeelden/<id:case_id>/publiceren", methods=["POST"])
@requires(*PUBLISHERS)
def publish_case(user: User, case_id: int):
    published = request.form.get("published", "1") == "1"
    try:
        cases.publish(session=db.session, actor=user, case_id=case_id, published=published)
        db.session.commit()
        flash(_("Your practice case is published: everyone can read it now.") if published else
              _("Your practice case is a draft again: only your organisation can read it."), "ok")
    except InvalidInput as error:
        db.session.rollback()
        flash(error.text(), "error")
    return redirect(url_for("web.case_page", case_id=case_id), code=303)


# ------------------------------------------------------------------------------------------------ sessions


@bp.route("/uitwisseling/bijeenkomsten")
@requires(*READERS)
def session_list(user: User):
    lever = _chosen("lever", v.LEVERS)
    past = request.args.get("voorbij") == "1"
    page = sessions.list_sessions(session=db.session, actor=user, args={
        **({"lever": lever} if lever else {}), "coming": not past, "limit": 200, "offset": 0})
    return render_template("web/exchange/sessions.html", user=user, page=page, lever=lever, past=past)


@bp.route("/uitwisseling/bijeenkomsten/<id:session_id>")
@requires(*READERS)
def session_page(user: User, session_id: int):
    record = sessions.get(session=db.session, actor=user, session_id=session_id)
    hosting = user.role in PUBLISHERS + COORDINATING and (user.role in COORDINATING or
                                                          user.organisation_id == record.host_id)
    registered = None
    listed = []
    if user.role in policies.REGISTRANTS:
        listed = sessions.registrations(session=db.session, actor=user, session_id=session_id)
        registered = next((r for r in listed if r.organisation_id == user.organisation_id
                           and r.status != "cancelled"), None)
    return render_template("web/exchange/session.html", user=user, record=record, registered=registered,
                           registrations=listed if hosting else [], hosting=hosting,
                           may_register=user.role in PUBLISHERS and user.organisation_id is not None,
                           started=record.starts_at <= utcnow())


@bp.route("/uitwisseling/bijeenkomsten/<id:session_id>/aanmelden", methods=["POST"])
@requires(*PUBLISHERS)
def register_for_session(user: User, session_id: int):
    try:
        registration = sessions.register(session=db.session, actor=user, session_id=session_id)
        db.session.commit()
        flash(_("You are registered: you have a place.") if registration.status == "confirmed" else
              _("The session is full: you are on the waiting list. You get a place as soon as one is free."), "ok")
    except (Conflict, InvalidInput) as error:
        db.session.rollback()
        flash(error.text(), "error")
    return redirect(url_for("web.session_page", session_id=session_id), code=303)


@bp.route("/uitwisseling/aanmeldingen/<id:registration_id>/afmelden", methods=["POST"])
@requires(*PUBLISHERS)
def cancel_registration(user: User, registration_id: int):
    registration = sessions.cancel(session=db.session, actor=user, registration_id=registration_id)
    db.session.commit()
    flash(_("You are no longer registered. Your place goes to the next on the waiting list."), "ok")
    return redirect(url_for("web.session_page", session_id=registration.session_id), code=303)


@bp.route("/uitwisseling/aanmeldingen/<id:registration_id>/aanwezig", methods=["POST"])
@requires(*PUBLISHERS, *COORDINATING)
def mark_attendance(user: User, registration_id: int):
    """The host notes after the session whether an organisation with a place came."""
    try:
        registration = sessions.mark_attended(session=db.session, actor=user, registration_id=registration_id,
                                              attended=request.form.get("attended") == "1")
        db.session.commit()
        flash(_("Noted: %(organisation)s came.", organisation=registration.organisation.name) if registration.attended
              else _("Noted: %(organisation)s did not come.", organisation=registration.organisation.name), "ok")
        session_id = registration.session_id
    except InvalidInput as error:
        db.session.rollback()
        flash(error.text(), "error")
        session_id = sessions.get_registration(session=db.session, actor=user,
                                               registration_id=registration_id).session_id
    return redirect(url_for("web.session_page", session_id=session_id), code=303)


def _moment(form, name: str):
    """A date and time (a datetime-local field: Dutch time) as ISO text with its zone; what cannot be read stays
    text, so the schema refuses it and the form says why."""
    text = form.get(name, "").strip()
    try:
        return datetime.fromisoformat(text).replace(tzinfo=LOCAL_TIME).isoformat()
    except ValueError:
        return text


def _place(form, name: str):
    value = form.get(name, "").strip()
    return value or None


SESSION_FORM = FormSpec(
    readers={"title": text_field, "format": text_field, "description": text_field, "starts_at": _moment,
             "ends_at": _moment, "online": _flag, "venue": text_field, "municipality_code": _place,
             "capacity": number_field, "levers": choice_list_field, "sectors": choice_list_field},
    messages={
        "title": lambda: _("Enter a title of at most 200 characters."),
        "format": lambda: _("Choose what kind of session it is."),
        "description": lambda: _("Write at most 5,000 characters about the session."),
        "starts_at": lambda: _("Enter the start as a date and a time, like 14-01-2027 and 15:30."),
        "ends_at": lambda: _("Enter the end as a date and a time, later than the start."),
        "online": lambda: _("Say whether the session is online."),
        "venue": lambda: _("Enter the address or building in at most 200 characters."),
        "municipality_code": lambda: _("Choose the place from the list."),
        "capacity": lambda: _("Enter how many organisations can come as a whole number from 1 to 10,000."),
        "levers": lambda: _("Choose at least one lever."),
        "sectors": lambda: _("Choose the sectors from the list."),
    },
)


@bp.route("/uitwisseling/bijeenkomsten/nieuw", methods=["GET", "POST"])
@requires(*PUBLISHERS)
def new_session(user: User):
    def create(data):
        record = sessions.create(session=db.session, actor=user, data=data)
        flash(_("Your session is published. Organisations can register now."), "ok")
        return redirect(url_for("web.session_page", session_id=record.id), code=303)

    def shown(form):  # the moments as typed, not as read
        return {**SESSION_FORM.read(form), "starts_at": form.get("starts_at", ""), "ends_at": form.get("ends_at", "")}

    return _create_form(user, SESSION_FORM, SessionInput(), "web/exchange/session_form.html", create,
                        blank={"levers": [], "sectors": []}, shown=shown, formats=choices("session_format"),
                        places=[(code, name) for code, name, *_ in MUNICIPALITIES])


# ------------------------------------------------------------------------------------------------ questions


QUESTION_FORM = FormSpec(
    readers={"question": text_field, "levers": choice_list_field, "barriers": choice_list_field},
    messages={
        "question": lambda: _("Say in a few words what you struggle with (at most 2,000 characters)."),
        "levers": lambda: _("Choose at least one lever."),
        "barriers": lambda: _("Choose the barriers from the list."),
    },
)


@bp.route("/uitwisseling/mijn-vragen")
@requires("employer")
def my_questions(user: User):
    page = questions.list_questions(session=db.session, actor=user, args={
        "organisation": user.organisation_id, "limit": PAGE_SIZE, "offset": 0})
    return render_template("web/exchange/questions.html", user=user, page=page)


@bp.route("/uitwisseling/mijn-vragen/nieuw", methods=["GET", "POST"])
@requires("employer")
def ask_question(user: User):
    def create(data):
        question = questions.create(session=db.session, actor=user, data=data)
        return redirect(url_for("web.question_page", question_id=question.id), code=303)

    return _create_form(user, QUESTION_FORM, QuestionInput(), "web/exchange/question_form.html", create,
                        blank={"levers": [], "barriers": []})


@bp.route("/uitwisseling/mijn-vragen/<id:question_id>")
@requires("employer", *COORDINATING)
def question_page(user: User, question_id: int):
    found = matching.match(session=db.session, actor=user, question_id=question_id)
    return render_template("web/exchange/question.html", user=user, found=found)


def _scores(form, name: str):
    return {lever: number_field(form, f"score_{lever}") for lever in v.LEVERS}


CHECK_FORM = FormSpec(
    readers={"scores": _scores, "note": text_field},
    messages={"scores": lambda: _("Choose a score for every lever."),
              "note": lambda: _("Write at most 2,000 characters.")},
)


@bp.route("/uitwisseling/voortgang", methods=["GET", "POST"])
@requires("employer")
def progress_check(user: User):
    errors, values = FormErrors(), {"scores": {}, "note": ""}
    earlier = questions.list_checks(session=db.session, actor=user, args={
        "organisation": user.organisation_id, "limit": 50, "offset": 0}).items
    if request.method == "POST":
        values = CHECK_FORM.read(request.form)
        data, errors = CHECK_FORM.validate(ProgressCheckInput(), request.form)
        if errors.get("scores"):  # beside the first lever without a score, so the summary links to its radios
            first = next((lever for lever in v.LEVERS if values["scores"][lever] not in range(5)), v.LEVERS[0])
            moved = FormErrors()
            for name, message in errors:
                moved.add(f"score_{first}" if name == "scores" else name, message)
            errors = moved
        if not errors:
            questions.record_check(session=db.session, actor=user, data=data)
            db.session.commit()
            flash(_("Thank you. Your answers are saved: fill in the check again later to see your progress."), "ok")
            return redirect(url_for("web.progress_check"), code=303)
        return render_template("web/exchange/progress.html", user=user, values=values, errors=errors,
                               earlier=earlier), 422
    return render_template("web/exchange/progress.html", user=user, values=values, errors=errors, earlier=earlier)


# ------------------------------------------------------------------------------------------------ monitor


@bp.route("/uitwisseling/monitor")
@requires(*COORDINATING)
def exchange_monitor(user: User):
    return render_template("web/exchange/monitor.html", user=user,
                           figures=monitor.monitor(session=db.session, actor=user))


@bp.route("/uitwisseling/monitor.csv")
@requires(*COORDINATING)
def exchange_monitor_csv(user: User):
    figures = monitor.monitor(session=db.session, actor=user)
    return Response(monitor.as_csv(figures), content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="monitor-uitwisseling.csv"'})
