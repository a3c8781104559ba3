"""Flask extensions, created unbound; the app factory binds them."""
from flask_migrate import Migrate
from flask_smorest import Api, Blueprint
from marshmallow import RAISE
from flask_sqlalchemy import SQLAlchemy

from matchmaker.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
api = Api()

# Unknown query parameters are an error, as unknown body fields are (webargs drops them by default).
Blueprint.ARGUMENTS_PARSER.DEFAULT_UNKNOWN_BY_LOCATION = {
    **Blueprint.ARGUMENTS_PARSER.DEFAULT_UNKNOWN_BY_LOCATION, "query": RAISE, "querystring": RAISE,
}
