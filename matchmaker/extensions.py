"""Flask extensions, created unbound; the app factory binds them."""
from flask_migrate import Migrate
from flask_smorest import Api, Blueprint
from marshmallow import RAISE
from flask_sqlalchemy import SQLAlchemy
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import MultiDict

from matchmaker.i18n import LANG_ARG

from matchmaker.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
api = Api()


class ArgumentsParser(FlaskParser):
    """Unknown query parameters are an error, as unknown body fields are (webargs drops them by default), except
    ``?lang=``, which every endpoint accepts (:mod:`matchmaker.i18n` reads it)."""

    DEFAULT_UNKNOWN_BY_LOCATION = {**FlaskParser.DEFAULT_UNKNOWN_BY_LOCATION, "query": RAISE, "querystring": RAISE}

    def load_querystring(self, req, schema):
        args = MultiDict(req.args)
        args.poplist(LANG_ARG)
        return self._makeproxy(args, schema)


Blueprint.ARGUMENTS_PARSER = ArgumentsParser()
