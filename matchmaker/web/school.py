"""The school's pages: regional demand against its programmes (capacity against open places, skills employers ask
that no programme in the region teaches), employers that offer internships and apprenticeships, and partner
suggestions (employers to work with, programmes to make together). Read through
:mod:`matchmaker.services.school_demand` and :mod:`matchmaker.services.partners`, as the API reads them."""
from __future__ import annotations

from flask import render_template

from matchmaker.extensions import db
from matchmaker.models import User
from matchmaker.services import school_demand
from matchmaker.web.blueprint import bp
from matchmaker.web.employer import partner_suggestions
from matchmaker.web.signin import requires

#: the partner suggestions a school sees: employers to place students with, and programmes to make together
SCHOOL_PARTNER_KINDS = ("employer_school", "co_creation", "request_answer", "knowledge_exchange")


@bp.route("/vraag-en-aanbod")
@requires("school")
def school_overview(user: User):
    view = school_demand.school_demand(session=db.session, actor=user, organisation_id=user.organisation_id)
    return render_template("web/school/overview.html", user=user, view=view,
                           **partner_suggestions(user, SCHOOL_PARTNER_KINDS))
