"""/api/v1/skills"""
from flask.views import MethodView
from flask_smorest import Blueprint

from matchmaker.extensions import db
from matchmaker.schemas.common import page_of
from matchmaker.schemas.taxonomy import SkillDetailSchema, SkillListArgs, SkillSchema
from matchmaker.security.auth import current_user
from matchmaker.services import taxonomy as service

blp = Blueprint("skills", __name__, url_prefix="/api/v1/skills",
                description="The skill taxonomy (ESCO), read-only.")


@blp.route("")
class Skills(MethodView):
    @blp.arguments(SkillListArgs, location="query")
    @blp.response(200, page_of(SkillSchema))
    def get(self, args):
        """List or search skills (q: Dutch and English labels, incl. alternatives; skill_type, occupation)."""
        return service.list_skills(session=db.session, actor=current_user(), args=args)


@blp.route("/<id:skill_id>")
class SkillById(MethodView):
    @blp.response(200, SkillDetailSchema)
    def get(self, skill_id):
        """One skill with the occupations that need it (count and first 50) and its broader skills and groups."""
        return service.get_skill(session=db.session, actor=current_user(), skill_id=skill_id)
