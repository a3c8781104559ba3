"""/api/v1/vocabulary: every fixed vocabulary's codes with their labels in the reader's language."""
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from matchmaker.labels import VOCABULARIES, all_labels

blp = Blueprint("vocabulary", __name__, url_prefix="/api/v1/vocabulary",
                description="Codes and their Dutch or English labels (no token needed). Writes take the codes.")


class CodedSchema(Schema):
    code = fields.String(metadata={"description": "What writes send and the engine stores."})
    label = fields.String(metadata={"description": "What a reader sees, in the language asked for."})


VocabularySchema = Schema.from_dict({name: fields.List(fields.Nested(CodedSchema)) for name in VOCABULARIES},
                                    name="VocabularySchema")


@blp.route("")
class Vocabulary(MethodView):
    @blp.doc(security=[])
    @blp.response(200, VocabularySchema)
    def get(self):
        """Every vocabulary (sector, accommodation, target group, lever, need kind, programme mode, education
        level, Dutch level, partner type, status...) as code and label."""
        return all_labels()
