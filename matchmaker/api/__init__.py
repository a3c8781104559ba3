"""The HTTP API: one flask-smorest blueprint per resource, thin views over the services."""
from flask_smorest import Api


def register_api(api: Api) -> None:
    from matchmaker.api import (
        audit, ecosystem, health, jobs, matches, needs, occupations, organisations, partner_requests, people,
        programmes, region_jobs, regions, skills, tokens,
    )

    for module in (health, organisations, programmes, needs, partner_requests, people, occupations, skills, regions,
                   matches, jobs, region_jobs, ecosystem, tokens, audit):
        api.register_blueprint(module.blp)
