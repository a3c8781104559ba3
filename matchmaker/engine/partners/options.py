"""Every weight of the partner-match scores, one options object per kind, with the defaults and why.

A score is a weighted sum of parts in [0, 1]; the weights of each kind sum to 1 so a score stays in [0, 1].
:class:`PartnerOptions` bundles them for :func:`~matchmaker.engine.partners.partner_matches`.

>>> PartnerOptions().seasonal.overlap + PartnerOptions().seasonal.transfer + PartnerOptions().seasonal.distance
1.0
>>> SeasonalWeights(overlap=0.9)
Traceback (most recent call last):
...
matchmaker.engine.errors.InvalidParameter: the weights of SeasonalWeights must be non-negative and sum to 1
"""
from __future__ import annotations

from dataclasses import dataclass, field, fields

from ..errors import InvalidParameter


def _sum_to_one(options, names: tuple[str, ...]) -> None:
    values = [getattr(options, name) for name in names]
    if min(values) < 0 or abs(sum(values) - 1.0) > 1e-9:
        raise InvalidParameter(f"the weights of {type(options).__name__} must be non-negative and sum to 1")


def _non_negative(options) -> None:
    if any(getattr(options, f.name) < 0 for f in fields(options)):
        raise InvalidParameter(f"the options of {type(options).__name__} must be >= 0")


@dataclass(frozen=True)
class SeasonalWeights:
    """Seasonal sharing: ``overlap`` × (1 − overlap of the demand profiles) + ``transfer`` × the best transition
    between their peak occupations + ``distance`` × (1 − km / max_km). Complementary seasons count most; a
    move that works comes next; nearness refines."""

    overlap: float = 0.5
    transfer: float = 0.3
    distance: float = 0.2

    def __post_init__(self):
        _sum_to_one(self, ("overlap", "transfer", "distance"))


@dataclass(frozen=True)
class PipelineWeights:
    """Talent pipelines: ``transition`` × the starter → hard-to-fill move + ``hard_to_fill`` × how hard the
    destination is to fill + ``distance`` × (1 − km / max_km). Of a pair's occupation combinations the one with
    the best ``choice_transition`` × move + (1 − ``choice_transition``) × hardness is shown."""

    transition: float = 0.45
    hard_to_fill: float = 0.35
    distance: float = 0.2
    choice_transition: float = 0.5

    def __post_init__(self):
        _sum_to_one(self, ("transition", "hard_to_fill", "distance"))
        if not 0 <= self.choice_transition <= 1:
            raise InvalidParameter("choice_transition must lie in [0, 1]")


@dataclass(frozen=True)
class SchoolWeights:
    """Employer–school: (``coverage`` × the share of the need's skills taught + ``leads`` × [the programme leads
    to the need's occupation]) × ``other_need_kind`` unless the need is an internship or apprenticeship ×
    ``other_mode`` unless the programme is work-based × (1 − ``distance`` × km / max_km). Places to learn at
    work weigh most."""

    coverage: float = 0.8
    leads: float = 0.2
    other_need_kind: float = 0.8
    other_mode: float = 0.85
    distance: float = 0.2

    def __post_init__(self):
        _sum_to_one(self, ("coverage", "leads"))
        if not all(0 <= getattr(self, n) <= 1 for n in ("other_need_kind", "other_mode", "distance")):
            raise InvalidParameter("other_need_kind, other_mode and distance must lie in [0, 1]")


@dataclass(frozen=True)
class CoCreationWeights:
    """Co-creation: ``places`` × h / (h + ``half_places``) for h places asking + ``employers`` × min(1, employers /
    ``full_employers``): more demand, and more employers sharing it, is more worth a new programme. A school
    teaching a skill of the same ESCO group as, or related to, an uncovered one is ``near_credit`` of the way to
    teaching it."""

    places: float = 0.7
    half_places: float = 4.0
    employers: float = 0.3
    full_employers: float = 3.0
    near_credit: float = 0.5

    def __post_init__(self):
        _sum_to_one(self, ("places", "employers"))
        if self.half_places <= 0 or self.full_employers <= 0 or not 0 <= self.near_credit <= 1:
            raise InvalidParameter("half_places and full_employers must be > 0, near_credit in [0, 1]")


@dataclass(frozen=True)
class KnowledgeWeights:
    """Knowledge exchange: ``strength`` × the pioneer's strength / ``max_strength`` + ``sector`` × [same sector] +
    ``distance`` × exp(−km / distance_scale_km). Strength on the lever counts most; same sector and nearness
    are preferred, not required."""

    strength: float = 0.4
    sector: float = 0.25
    distance: float = 0.35
    max_strength: int = 3

    def __post_init__(self):
        _sum_to_one(self, ("strength", "sector", "distance"))
        if self.max_strength < 1:
            raise InvalidParameter("max_strength must be >= 1")


@dataclass(frozen=True)
class RequestWeights:
    """Answers to partner requests.

    A complementary request scores ``counter_base`` + (1 − ``counter_base``) × (``compatibility`` ×
    compatibility + (1 − ``compatibility``) × distance factor), so an explicit counter-request ranks high; a
    counterpart found in the data scores ``fit`` × its fit + (1 − ``fit``) × distance factor. A request whose
    lever or occupation is not given is ``unknown_compatibility`` compatible. An organisation counts as strong
    on a lever from ``strong_lever`` (of ``max_strength``); staff are busy in the months at ``busy_share`` of
    an employer's peak; a pipeline answer weighs the move ``pipeline_transition``, the hardness the rest.
    """

    counter_base: float = 0.3
    compatibility: float = 0.6
    fit: float = 0.6
    unknown_compatibility: float = 0.5
    strong_lever: int = 2
    max_strength: int = 3
    busy_share: float = 0.75
    pipeline_transition: float = 0.5

    def __post_init__(self):
        _non_negative(self)
        if not all(getattr(self, n) <= 1 for n in ("counter_base", "compatibility", "fit", "unknown_compatibility",
                                                   "busy_share", "pipeline_transition")):
            raise InvalidParameter("the shares of RequestWeights must lie in [0, 1]")


@dataclass(frozen=True)
class PartnerOptions:
    """The weights of every partner-match kind (see each class)."""

    seasonal: SeasonalWeights = field(default_factory=SeasonalWeights)
    pipeline: PipelineWeights = field(default_factory=PipelineWeights)
    school: SchoolWeights = field(default_factory=SchoolWeights)
    co_creation: CoCreationWeights = field(default_factory=CoCreationWeights)
    knowledge: KnowledgeWeights = field(default_factory=KnowledgeWeights)
    request: RequestWeights = field(default_factory=RequestWeights)
