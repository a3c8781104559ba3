"""The HTTP API: one flask-smorest blueprint per resource, thin views over the services."""
from flask_smorest import Api


def register_api(api: Api) -> None:
    from matchmaker.api import health, occupations, organisations, people, skills

    for module in (health, organisations, people, occupations, skills):
        api.register_blueprint(module.blp)
