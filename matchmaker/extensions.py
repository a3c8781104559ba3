"""Flask extensions, created unbound; the app factory binds them."""
from flask_migrate import Migrate
from flask_smorest import Api
from flask_sqlalchemy import SQLAlchemy

from matchmaker.models.base import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
api = Api()
