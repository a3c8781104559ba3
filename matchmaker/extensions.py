"""Flask extensions, created unbound; the app factory binds them."""
import sqlite3

from flask_migrate import Migrate
from flask_smorest import Api, Blueprint
from marshmallow import RAISE
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
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


#: how long a SQLite write waits for another one to finish before it answers 503 (errors.database_busy)
SQLITE_BUSY_TIMEOUT_MS = 15_000


@event.listens_for(Engine, "connect")
def _sqlite_concurrent_writers(dbapi_connection, connection_record) -> None:
    """SQLite files in write-ahead-log mode, so readers and the one writer do not wait for each other, and a
    writer waits its turn for up to SQLITE_BUSY_TIMEOUT_MS (the driver's default is 5 s, which sixteen busy
    writers on two cores exceed). An in-memory database keeps its own journal."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        dbapi_connection.execute("PRAGMA journal_mode = WAL")
