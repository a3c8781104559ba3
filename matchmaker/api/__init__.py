"""The HTTP API: one flask-smorest blueprint per resource, thin views over the services."""
from flask_smorest import Api


def register_api(api: Api) -> None:
    from matchmaker.api import health, organisations

    for module in (health, organisations):
        api.register_blueprint(module.blp)
