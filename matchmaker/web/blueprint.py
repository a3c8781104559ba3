"""The ``web`` blueprint: server-rendered pages for people, beside the JSON API for machines."""
from flask import Blueprint

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/static/web")
