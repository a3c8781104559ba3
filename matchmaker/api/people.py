"""/api/v1/people

Each person is shown with PersonPrivateSchema (special-category fields and consent) to the person, their advisor
and admins, and with PersonSchema (without them) to anyone else; ``shown`` makes that choice per person.
"""
from flask.views import MethodView

from matchmaker.api.etags import Blueprint
from matchmaker.schemas.labels import organisation_names
from matchmaker.api.transactions import committed
from matchmaker.extensions import db
from matchmaker.models import Person, User
from matchmaker.schemas.common import patch_of
from matchmaker.schemas.people import PersonChanges, PersonInput, PersonListArgs, PersonPrivateSchema, PersonSchema
from matchmaker.schemas.person_rights import PersonExportSchema
from matchmaker.security import policies
from matchmaker.security.auth import current_user
from matchmaker.services import people as service
from matchmaker.services import person_rights
from matchmaker.services.queries import Page

blp = Blueprint("people", __name__, url_prefix="/api/v1/people",
                description="Job-seekers and workers on advisors' caseloads (admins, advisors, the person themself).")

SPECIAL_CATEGORY_NOTE = ("PersonPrivate (with the special-category fields target_groups and accommodation_needs, "
                         "and consent) for the person themself, their advisor and admins; Person, which omits "
                         "them, for any other viewer.")
#: OpenAPI for one person as each viewer gets it
ONE_PERSON = {"oneOf": [PersonPrivateSchema, PersonSchema]}
PAGE_OF_PEOPLE = {"type": "object", "properties": {
    "items": {"type": "array", "items": ONE_PERSON},
    "total": {"type": "integer"}, "limit": {"type": "integer"}, "offset": {"type": "integer"},
}}


#: one instance each (building a schema copies all its fields: more than dumping a person)
PRIVATE, PUBLIC = PersonPrivateSchema(), PersonSchema()


def shown(actor: User, person: Person) -> dict:
    """``person`` serialised for ``actor``: with special-category fields only for those who may see them."""
    return (PRIVATE if policies.can_see_special_category(actor, person) else PUBLIC).dump(person)


def shown_page(actor: User, page: Page) -> dict:
    organisation_names([organisation for person in page.items
                        for organisation in [*person.consent_share_with, *(e.organisation_id for e in person.work_history),
                                             *(i for event in person.consent_events for i in event.share_with)]])
    return {"items": [shown(actor, person) for person in page.items],
            "total": page.total, "limit": page.limit, "offset": page.offset}


def _person_doc(status: int, schema: dict, description: str) -> dict:
    """OpenAPI for a response holding PersonPrivateSchema or PersonSchema, depending on the viewer."""
    # an int status, as flask-smorest's own, so that its ETag header merges into the same response
    return {"responses": {status: {"description": description, "content": {"application/json": {"schema": schema}}}}}


@blp.route("")
class People(MethodView):
    @blp.arguments(PersonListArgs, location="query")
    @blp.response(200)
    @blp.doc(**_person_doc(200, PAGE_OF_PEOPLE, "A page of people, each as " + SPECIAL_CATEGORY_NOTE))
    def get(self, args):
        """List the people on your caseload (filters: region, municipality, occupation, skill, target_group, q)."""
        actor = current_user()
        with committed():  # the audit log records the read
            return shown_page(actor, service.list_people(session=db.session, actor=actor, args=args))

    @blp.arguments(PersonInput)
    @blp.response(201)
    @blp.doc(**_person_doc(201, ONE_PERSON, "The person created, as " + SPECIAL_CATEGORY_NOTE))
    def post(self, data):
        """Create a person (admin, advisor; an advisor becomes the person's advisor)."""
        actor = current_user()
        with committed():
            return shown(actor, service.create(session=db.session, actor=actor, data=data))


@blp.route("/<id:person_id>")
@blp.etag
class PersonById(MethodView):
    @blp.response(200)
    @blp.doc(**_person_doc(200, ONE_PERSON, "The person, as " + SPECIAL_CATEGORY_NOTE))
    def get(self, person_id):
        """One person (admin, their advisor, the person themself)."""
        actor = current_user()
        with committed():  # the audit log records the read
            person = service.get(session=db.session, actor=actor, person_id=person_id)
            blp.set_version(person.id, person.version)
            return shown(actor, person)

    @blp.arguments(patch_of(PersonInput, PersonChanges))
    @blp.response(200)
    @blp.doc(**_person_doc(200, ONE_PERSON, "The person changed, as " + SPECIAL_CATEGORY_NOTE))
    def patch(self, data, person_id):
        """Change a person (admin, their advisor, the person themself; only an admin changes advisor_id).

        `skill_ids` replaces the skills; `add_skill_ids` and `remove_skill_ids` add and remove some, without undoing
        what others change at the same time. With If-Match, only while the person is still that version."""
        actor = current_user()
        with committed():
            person = service.update(session=db.session, actor=actor, person_id=person_id, data=data,
                                    precondition=blp.if_match(person_id))
            answer, version = shown(actor, person), person.version
        blp.set_version(person_id, version)
        return answer

    @blp.response(204)
    def delete(self, person_id):
        """Erase a person (GDPR art. 17; admin, their advisor, the person themself): their record, skills, work
        history and consent events; their user account is deactivated and loses name and e-mail, its tokens are
        revoked; career paths and stored results naming them go. Only an anonymous record of what they had
        consented to, and when, is kept. With If-Match, only while the person is still that version."""
        with committed():
            person_rights.erase(session=db.session, actor=current_user(), person_id=person_id,
                                precondition=blp.if_match(person_id))


@blp.route("/<id:person_id>/export")
class PersonExport(MethodView):
    @blp.response(200, PersonExportSchema)
    @blp.alt_response(404, description="No such person on your caseload (anyone but the person, their advisor "
                                        "and admins).")
    def get(self, person_id):
        """Everything kept about a person, as JSON (GDPR art. 15 and 20): profile, skills with labels, work
        history, special-category data, consent and its history, user accounts and career-path results (the
        person themself, their advisor, admins)."""
        with committed():  # the audit log records the read
            return person_rights.export(session=db.session, actor=current_user(), person_id=person_id)
