"""Knowledge exchange: a pioneer strong on a social-innovation lever paired with an organisation that asks for
it (:func:`knowledge_exchange`)."""
from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from matchmaker.vocabulary import LEVERS, SECTORS
from .._ecosystem_common import best_per_organisation, fact
from ..data import OrganisationArrays
from ..geo import haversine_km
from .common import PER_ORGANISATION, PartnerMatch, _Ctx
from .options import KnowledgeWeights


def knowledge_exchange(
    organisations: OrganisationArrays,
    *,
    min_strength: int = 2,
    require_pioneer: bool = True,
    distance_scale_km: float = 30.0,
    per_organisation: int | None = PER_ORGANISATION,
    places: Sequence[str] | None = None,
    weights: KnowledgeWeights = KnowledgeWeights(),
    _ctx: _Ctx | None = None,
) -> Iterator[PartnerMatch]:
    """Pioneers strong on a social-innovation lever paired with organisations that ask for it.

    A pioneer (``organisations.pioneer``, unless ``require_pioneer=False``) with ``lever_strength >=
    min_strength`` on lever ``l`` pairs with every other organisation whose ``lever_asks`` has bit ``l`` and
    whose own strength on ``l`` is lower. ``score = 0.4 strength / 3 + 0.25 [same sector] +
    0.35 exp(-km / distance_scale_km)`` (:class:`~matchmaker.engine.partners.options.KnowledgeWeights`): same sector and short distance are preferred, not required. One
    match per (pioneer, asker, lever), ``organisation_a`` the pioneer, in descending score order; every
    organisation keeps its ``per_organisation`` best (None keeps all, see :func:`best_per_organisation`).

    Examples
    --------
    >>> import tests.engine.ecosystem_cases as cases
    >>> case = cases.knowledge_case()
    >>> m = next(knowledge_exchange(case.organisations, places=case.places))
    >>> (m.organisation_a, m.organisation_b, m.lever)
    (1, 0, 0)
    """
    o = organisations
    ctx = _ctx or _Ctx(o, None, places=places)
    strength = np.asarray(o.lever_strength, int).reshape(len(o), len(LEVERS))
    strong = strength >= min_strength
    if require_pioneer:
        strong &= np.asarray(o.pioneer, bool)[:, None]
    asks = ((np.asarray(o.lever_asks, np.int64)[:, None] >> np.arange(len(LEVERS))) & 1).astype(bool)
    if not strong.any() or not asks.any():
        return
    parts = []
    for lever in range(len(LEVERS)):
        p_idx, a_idx = np.flatnonzero(strong[:, lever]), np.flatnonzero(asks[:, lever])
        if not len(p_idx) or not len(a_idx):
            continue
        pp, aa = np.meshgrid(p_idx, a_idx, indexing="ij")
        pp, aa = pp.ravel(), aa.ravel()
        ok = (pp != aa) & (strength[pp, lever] > strength[aa, lever])
        parts.append((pp[ok], aa[ok], np.full(int(ok.sum()), lever)))
    if not parts:
        return
    pp, aa, lv = (np.concatenate(v) for v in zip(*parts))
    d = haversine_km(o.lat[pp], o.lon[pp], o.lat[aa], o.lon[aa])
    same_sector = o.sector[pp] == o.sector[aa]
    w = weights
    scores = np.round(np.clip(w.strength * strength[pp, lv] / w.max_strength + w.sector * same_sector
                              + w.distance * np.exp(-d / distance_scale_km), 0, 1), 6)
    kept = np.flatnonzero(best_per_organisation(pp, aa, scores, per_organisation))
    kept = kept[np.lexsort((lv[kept], aa[kept], pp[kept], -scores[kept]))]
    for i in kept.tolist():
        p, a, lever, dk = int(pp[i]), int(aa[i]), int(lv[i]), float(d[i])
        sector = SECTORS[int(o.sector[p])] if 0 <= o.sector[p] < len(SECTORS) else None
        facts = (fact("partner.knowledge", pioneer=ctx.name(p), pioneer_name=str(o.names[p]), asker=ctx.name(a, dk),
                      lever=LEVERS[lever], strength=int(strength[p, lever]), sector=sector,
                      same_sector=bool(same_sector[i])),)
        yield PartnerMatch(kind="knowledge_exchange", score=float(scores[i]), organisation_a=p, organisation_b=a,
                           facts=facts, distance_km=dk, lever=lever)


