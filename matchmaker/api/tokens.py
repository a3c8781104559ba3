"""/api/v1/users/.../tokens and /api/v1/tokens: a user's API tokens, for that user and admins."""
from flask.views import MethodView
from flask_smorest import Blueprint

from matchmaker.api.transactions import committed
from matchmaker.extensions import db
from matchmaker.schemas.tokens import IssuedTokenSchema, TokenInput, TokenSchema
from matchmaker.security.auth import current_token, current_user
from matchmaker.services import tokens as service

blp = Blueprint("tokens", __name__, url_prefix="/api/v1",
                description="API tokens: list your own, create one for yourself, revoke; admins for every user. "
                            "A token is shown only once, when created; lists never show it.")


@blp.route("/users/me/tokens")
class OwnTokens(MethodView):
    @blp.response(200, TokenSchema(many=True))
    def get(self):
        """Your tokens, newest first: active, expired and revoked."""
        actor = current_user()
        return service.list_tokens(session=db.session, actor=actor, user_id=actor.id)

    @blp.arguments(TokenInput)
    @blp.response(201, IssuedTokenSchema)
    def post(self, data):
        """Create a token for yourself. The response holds the token; it is never shown again. It expires after
        `expires_in_days` (default TOKEN_TTL_DAYS), and never later than the token you send this request with."""
        actor = current_user()
        with committed():
            row, token = service.create_own(session=db.session, actor=actor, current=current_token(), data=data)
        row.token = token  # for this response only: it is not a column and is never stored
        return row


@blp.route("/users/<id:user_id>/tokens")
class UserTokens(MethodView):
    @blp.response(200, TokenSchema(many=True))
    def get(self, user_id):
        """A user's tokens, newest first (admins; any user for themself)."""
        return service.list_tokens(session=db.session, actor=current_user(), user_id=user_id)


@blp.route("/tokens/<id:token_id>")
class TokenById(MethodView):
    @blp.response(204)
    def delete(self, token_id):
        """Revoke a token (its owner or an admin): it stops working at once. Revoking it again changes nothing."""
        with committed():
            service.revoke(session=db.session, actor=current_user(), token_id=token_id)
