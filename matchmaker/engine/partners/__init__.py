"""Partner matches between organisations: who should work with whom, and why.

Five kinds, one function each, plus :func:`partner_matches` that yields them all:

- ``seasonal_sharing`` — two employers within reach whose monthly demand peaks do not overlap, for
  occupations that transfer (the same people can work both seasons): :func:`seasonal_sharing`.
- ``talent_pipeline`` — one employer's starter occupations lead by viable transitions to another
  employer's hard-to-fill occupations: :func:`talent_pipelines`.
- ``employer_school`` — programmes that teach what an employer's needs require (internship and
  apprenticeship places and work-based programmes weigh more): :func:`employer_school`.
- ``co_creation`` — required skills that no programme in reach teaches, with the employers asking and the
  schools nearest to teaching them: :func:`co_creation_proposals`.
- ``knowledge_exchange`` — a pioneer strong on a social-innovation lever paired with an organisation that
  asks for it: :func:`knowledge_exchange`.
- ``request_answer`` — the best counterparts for every open partner request: :func:`request_answers`.

Everything is a pure function of the contract arrays (:mod:`matchmaker.engine.data`). The occupation
transition matrix ``transitions`` (occupations x occupations, ``transitions[a, b]`` = how well a person in
``a`` can move to ``b``, diagonal 1) and its ``viable_threshold`` come from the transitions half of the
engine; ``hard_to_fill`` (one score in [0, 1] per occupation, 0 = not hard to fill) can come from
:func:`matchmaker.engine.insights.hard_to_fill`. Organisation indices are rows of the
:class:`~matchmaker.engine.data.OrganisationArrays`; needs and programmes refer to organisations by
database id (``organisation_ids``) and are mapped to rows here.

The code keeps one idea per module: :mod:`.options` (every weight, one options object per kind),
:mod:`.common` (result types and shared arrays), :mod:`.employers` (seasonal sharing, talent pipelines),
:mod:`.schools` (employer–school, co-creation), :mod:`.knowledge` and :mod:`.requests` (one scoring function per
request kind); every public name is importable from here.

Optional label keywords (``places``, ``occupation_labels``, ``skill_labels``, ``programme_labels``) only
make explanations nicer: ``places[o]`` is organisation ``o``'s town, used as "Jansen Fruit (Raalte)".
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..data import NeedArrays, OrganisationArrays, PartnerRequestArrays, ProgrammeArrays
from ..errors import UnknownKindError
from .common import PARTNER_MATCH_KINDS, PER_ORGANISATION, CoCreationProposal, PartnerMatch, _Ctx, demand_profiles
from .employers import seasonal_sharing, talent_pipelines
from .knowledge import knowledge_exchange
from .options import (CoCreationWeights, KnowledgeWeights, PartnerOptions, PipelineWeights, RequestWeights,
                      SchoolWeights, SeasonalWeights)
from .requests import request_answers
from .schools import co_creation_proposals, employer_school

__all__ = [
    "PARTNER_MATCH_KINDS", "PER_ORGANISATION", "PartnerMatch", "CoCreationProposal", "PartnerOptions",
    "SeasonalWeights", "PipelineWeights", "SchoolWeights", "CoCreationWeights", "KnowledgeWeights", "RequestWeights",
    "partner_matches", "seasonal_sharing", "demand_profiles", "talent_pipelines", "employer_school",
    "co_creation_proposals", "knowledge_exchange", "request_answers",
]


def partner_matches(
    organisations: OrganisationArrays,
    needs: NeedArrays,
    programmes: ProgrammeArrays | None,
    requests: PartnerRequestArrays | None,
    *,
    transitions,
    viable_threshold: float,
    hard_to_fill,
    kinds: Sequence[str] | None = None,
    max_km: float = 40.0,
    places: Sequence[str] | None = None,
    occupation_labels: Sequence[str] | None = None,
    skill_labels: Sequence[str] | None = None,
    programme_labels: Sequence[str] | None = None,
    related=None,
    skill_group=None,
    per_organisation: int | None = PER_ORGANISATION,
    options: PartnerOptions = PartnerOptions(),
) -> Iterator[PartnerMatch | CoCreationProposal]:
    """All partner matches of the requested ``kinds`` (default: all of :data:`PARTNER_MATCH_KINDS`).

    Yields kind by kind in the order of :data:`PARTNER_MATCH_KINDS`, each kind best first. ``max_km`` is the
    reach for seasonal sharing, schools, co-creation and request answers (talent pipelines use 1.5x, people
    change employer for a career step more readily than for a season). ``per_organisation`` (default
    :data:`PER_ORGANISATION`, None = all) is how many matches of each pairwise kind (seasonal sharing, talent
    pipelines, employer–school, knowledge exchange) every organisation keeps — a match stays when it is among
    the best of either party; request answers keep ``per_request`` per request and co-creation proposals are
    one per skill cluster. ``options`` holds every kind's weights (:class:`PartnerOptions`). Raises
    :class:`~matchmaker.engine.errors.UnknownKindError` for an unknown kind.

    Examples
    --------
    >>> import tests.engine.ecosystem_cases as cases
    >>> case = cases.seasonal_case()
    >>> ms = list(partner_matches(case.organisations, case.needs, None, None, transitions=case.transitions,
    ...                           viable_threshold=0.5, hard_to_fill=case.hard_to_fill))
    >>> sorted({m.kind for m in ms})
    ['seasonal_sharing']
    """
    kinds = PARTNER_MATCH_KINDS if kinds is None else tuple(kinds)
    unknown = [k for k in kinds if k not in PARTNER_MATCH_KINDS]
    if unknown:
        raise UnknownKindError(f"unknown partner match kind(s) {unknown}; known: {PARTNER_MATCH_KINDS}")
    ctx = _Ctx(organisations, needs, programmes, places=places, occupation_labels=occupation_labels,
               skill_labels=skill_labels, programme_labels=programme_labels)
    if "seasonal_sharing" in kinds:
        yield from seasonal_sharing(organisations, needs, transitions=transitions, viable_threshold=viable_threshold,
                                    max_km=max_km, per_organisation=per_organisation, weights=options.seasonal,
                                    _ctx=ctx)
    if "talent_pipeline" in kinds:
        yield from talent_pipelines(organisations, needs, transitions=transitions, viable_threshold=viable_threshold,
                                    hard_to_fill=hard_to_fill, max_km=1.5 * max_km,
                                    per_organisation=per_organisation, weights=options.pipeline, _ctx=ctx)
    if programmes is not None and "employer_school" in kinds:
        yield from employer_school(organisations, needs, programmes, max_km=max_km,
                                   per_organisation=per_organisation, weights=options.school, _ctx=ctx)
    if programmes is not None and "co_creation" in kinds:
        yield from co_creation_proposals(organisations, needs, programmes, max_km=max_km, related=related,
                                         skill_group=skill_group, weights=options.co_creation, _ctx=ctx)
    if "knowledge_exchange" in kinds:
        yield from knowledge_exchange(organisations, per_organisation=per_organisation, weights=options.knowledge,
                                      _ctx=ctx)
    if requests is not None and "request_answer" in kinds:
        yield from request_answers(organisations, needs, programmes, requests, transitions=transitions,
                                   viable_threshold=viable_threshold, hard_to_fill=hard_to_fill, max_km=max_km,
                                   weights=options.request, _ctx=ctx)
