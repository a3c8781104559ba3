"""The HTTP API: one flask-smorest blueprint per resource, thin views over the services."""
from flask_smorest import Api


def register_api(api: Api) -> None:
    from matchmaker.api import health, jobs, organisations, region_jobs

    for module in (health, organisations, jobs, region_jobs):
        api.register_blueprint(module.blp)
