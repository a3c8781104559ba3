"""The HTTP API: one flask-smorest blueprint per resource, thin views over the services."""
from flask_smorest import Api


def register_api(api: Api) -> None:
    from matchmaker.api import (
        audit, brokering, ecosystem, health, interest_requests, jobs, matches, needs, occupations, organisations,
        partner_requests, people, programmes, region_jobs, regions, skills, tokens, vocabulary, worker_changes,
    )
    from matchmaker.i18n import LANG_ARG, LANGUAGES

    api.spec.components.parameter("Lang", "query", {
        "name": LANG_ARG, "required": False, "schema": {"type": "string", "enum": list(LANGUAGES)},
        "description": "The language of the texts in the response (explanations, labels, error messages): "
                       "nl (the default) or en. Without it, Accept-Language decides."})
    for module in (health, organisations, programmes, needs, partner_requests, people, occupations, skills, regions,
                   matches, interest_requests, jobs, region_jobs, ecosystem, brokering, tokens, audit, vocabulary):
        api.register_blueprint(module.blp, parameters=["Lang"])
    # the social-innovation exchange
    from matchmaker.api import exchange_monitor, exchange_sessions, practice_cases, sme_questions
    for module in (practice_cases, exchange_sessions, sme_questions, exchange_monitor):
        api.register_blueprint(module.blp, parameters=["Lang"])
    # a school's programmes against its region's demand
    from matchmaker.api import school_demand
    api.register_blueprint(school_demand.blp, parameters=["Lang"])
    api.register_blueprint(worker_changes.blp, parameters=["Lang"])
    api.register_blueprint(worker_changes.views, parameters=["Lang"])
