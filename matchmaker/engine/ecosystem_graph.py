"""The organisation graph of a region, its clusters and its brokers.

:func:`build_ecosystem_graph` turns the contract arrays (one region, one data version) into an undirected
:class:`networkx.Graph` with typed nodes and edges. Node keys are short strings — ``"org:3"``,
``"need:12"``, ``"programme:4"``, ``"occupation:57"``, ``"place:Raalte"``, ``"person:8"`` — and every node
has ``type`` (one of :data:`NODE_TYPES`), ``index`` (row in its arrays; the place name for places) and
``label``. Every edge has ``type`` (one of :data:`EDGE_TYPES`); partner edges also carry ``weight`` (the
best partner-match score) and ``kinds``. People are anonymous (``person:<row>``) and carry no
special-category data.

:func:`organisation_projection` folds the graph onto organisations (partner matches, shared networks,
shared occupations, shared places); :func:`clusters` runs Louvain community detection on it with a fixed
seed and :func:`brokers` ranks organisations by betweenness centrality (sampled with ``k`` pivots on large
graphs, fixed seed), each explained in words.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
from scipy import sparse

from matchmaker.engine._ecosystem_common import fact, label, org_rows
from matchmaker.engine.data import as_csr
from matchmaker.engine.data import NeedArrays, OrganisationArrays, PeopleArrays, ProgrammeArrays
from matchmaker.engine.errors import NotAnEcosystemGraphError
from matchmaker.vocabulary import NEED_KINDS, ORGANISATION_KINDS, SECTORS

__all__ = [
    "NODE_TYPES",
    "EDGE_TYPES",
    "DEFAULT_PROJECTION_WEIGHTS",
    "Cluster",
    "Broker",
    "build_ecosystem_graph",
    "organisation_projection",
    "clusters",
    "brokers",
]

NODE_TYPES = ("organisation", "programme", "need", "occupation", "place", "person")
EDGE_TYPES = (
    "offers_need",  # organisation - need
    "runs_programme",  # organisation - programme
    "need_occupation",  # need - occupation
    "programme_leads_to",  # programme - occupation
    "located_in",  # organisation - place
    "member_of",  # organisation - network organisation
    "partner",  # organisation - organisation, from partner matches
    "experienced_in",  # person - occupation
)

#: Weights of the organisation projection: a partner match counts its score x ``partner``; a direct
#: membership ``member_of``; two members of the same network ``same_network``; every occupation two
#: organisations both need or train for ``shared_occupation``; the same place ``same_place``.
DEFAULT_PROJECTION_WEIGHTS = {
    "partner": 1.0,
    "member_of": 1.0,
    "same_network": 0.5,
    "shared_occupation": 0.5,
    "same_place": 0.25,
}


@dataclass(frozen=True)
class Cluster:
    """A community of organisations: rows in ``organisations``, named by its most common ``sector`` (a vocabulary
    code, "" if none) and ``place`` ("the care cluster around Enschede": ``name`` is that as a fact)."""

    index: int
    organisations: tuple[int, ...]
    sector: str
    place: str
    facts: tuple[dict, ...]

    @property
    def name(self) -> dict:
        return fact("cluster.name", sector=self.sector or None, place=self.place or None)


@dataclass(frozen=True)
class Broker:
    """An organisation that sits between clusters. ``clusters`` are the cluster indices it connects."""

    organisation: int
    centrality: float
    clusters: tuple[int, ...]
    facts: tuple[dict, ...]


def org_node(i: int) -> str:
    return f"org:{int(i)}"


def build_ecosystem_graph(
    organisations: OrganisationArrays,
    needs: NeedArrays | None = None,
    programmes: ProgrammeArrays | None = None,
    *,
    people: PeopleArrays | None = None,
    places: Sequence[str] | None = None,
    occupation_labels: Sequence[str] | None = None,
    programme_labels: Sequence[str] | None = None,
    memberships: Iterable[tuple[int, int]] = (),
    matches: Iterable = (),
    region: str | None = None,
    data_version: str | int | None = None,
) -> nx.Graph:
    """Build the region's organisation graph from arrays.

    Parameters
    ----------
    organisations, needs, programmes, people
        Contract arrays (needs and programmes refer to organisations by database id).
    places : sequence of str, optional
        Town of each organisation; adds ``place:<name>`` nodes and ``located_in`` edges.
    memberships : iterable of (organisation row, network organisation row)
        ``member_of`` edges (an employer in an employer network).
    matches : iterable of partner matches
        Anything with ``organisation_a``, ``organisation_b``, ``score`` and ``kind`` (e.g. from
        :func:`matchmaker.engine.partners.partner_matches`) becomes a ``partner`` edge; repeated pairs
        keep the best score and collect the kinds.
    region, data_version
        Stored in ``G.graph`` so a cached graph can be checked against the data it was built from.

    Examples
    --------
    >>> import tests.engine.ecosystem_cases as cases
    >>> case = cases.pipeline_case()
    >>> G = build_ecosystem_graph(case.organisations, case.needs, places=case.places, region="Overijssel")
    >>> G.nodes["org:0"]["label"], G.edges["org:0", "need:0"]["type"], G.graph["region"]
    ('Hotel De Zon', 'offers_need', 'Overijssel')
    """
    o = organisations
    G = nx.Graph(region=region, data_version=data_version, ecosystem=True)
    for i in range(len(o)):
        sector = SECTORS[int(o.sector[i])] if 0 <= int(o.sector[i]) < len(SECTORS) else ""
        G.add_node(org_node(i), type="organisation", index=i, label=str(o.names[i]),
                   kind=ORGANISATION_KINDS[int(o.kind[i])], sector=sector, lat=float(o.lat[i]),
                   lon=float(o.lon[i]), pioneer=bool(o.pioneer[i]),
                   place=str(places[i]) if places is not None else "")
        if places is not None and places[i]:
            pn = f"place:{places[i]}"
            G.add_node(pn, type="place", index=str(places[i]), label=str(places[i]))
            G.add_edge(org_node(i), pn, type="located_in")

    def occ_node(c: int) -> str:
        key = f"occupation:{int(c)}"
        if key not in G:
            G.add_node(key, type="occupation", index=int(c), label=label(occupation_labels, int(c), "occupation"))
        return key

    if needs is not None and len(needs):
        rows = org_rows(o.ids, needs.organisation_ids)
        for n in range(len(needs)):
            c = int(needs.occupation[n])
            lab = label(occupation_labels, c, "occupation") if c >= 0 else f"need {n}"
            G.add_node(f"need:{n}", type="need", index=n, label=lab, kind=NEED_KINDS[int(needs.kind[n])],
                       headcount=int(needs.headcount[n]))
            G.add_edge(org_node(rows[n]), f"need:{n}", type="offers_need")
            if c >= 0:
                G.add_edge(f"need:{n}", occ_node(c), type="need_occupation")
    if programmes is not None and len(programmes):
        rows = org_rows(o.ids, programmes.organisation_ids)
        leads = as_csr(programmes.occupations, dtype=float)
        for j in range(len(programmes)):
            G.add_node(f"programme:{j}", type="programme", index=j, label=label(programme_labels, j, "programme"),
                       capacity=int(programmes.capacity[j]))
            G.add_edge(org_node(rows[j]), f"programme:{j}", type="runs_programme")
            for c in leads[j].indices:
                G.add_edge(f"programme:{j}", occ_node(int(c)), type="programme_leads_to")
    if people is not None and len(people):
        past = as_csr(people.past_occupations, dtype=float)
        for p in range(len(people)):
            G.add_node(f"person:{p}", type="person", index=p, label=f"person {p}")
            row = past[p]
            for c, years in zip(row.indices, row.data):
                G.add_edge(f"person:{p}", occ_node(int(c)), type="experienced_in", years=float(years))
    for member, network in memberships:
        G.add_edge(org_node(member), org_node(network), type="member_of")
    for m in matches:
        a, b = int(m.organisation_a), int(m.organisation_b)
        if a < 0 or b < 0 or a == b:
            continue
        u, v = org_node(a), org_node(b)
        if G.has_edge(u, v) and G.edges[u, v].get("type") == "partner":
            e = G.edges[u, v]
            e["weight"] = max(e["weight"], float(m.score))
            if m.kind not in e["kinds"]:
                e["kinds"] = e["kinds"] + (m.kind,)
        else:
            member = G.has_edge(u, v) and G.edges[u, v].get("type") == "member_of"
            G.add_edge(u, v, type="partner", weight=float(m.score), kinds=(m.kind,), member_of=member)
    return G


def _check(G: nx.Graph):
    if not G.graph.get("ecosystem"):
        raise NotAnEcosystemGraphError("expected a graph built by build_ecosystem_graph")


def organisation_projection(G: nx.Graph, *, weights: dict[str, float] | None = None) -> nx.Graph:
    """Fold the ecosystem graph onto its organisations, with a similarity ``weight`` on each edge.

    Hubs (occupations reached through needs and programmes, places, networks) are collected per
    organisation in a sparse incidence matrix; its product with itself gives the shared-hub weights (see
    :data:`DEFAULT_PROJECTION_WEIGHTS`), to which partner and membership edges are added.

    Examples
    --------
    >>> import tests.engine.ecosystem_cases as cases
    >>> case = cases.pipeline_case()
    >>> P = organisation_projection(build_ecosystem_graph(case.organisations, case.needs, places=case.places))
    >>> sorted(P.nodes), P.number_of_edges()
    (['org:0', 'org:1', 'org:2'], 0)
    """
    _check(G)
    w = dict(DEFAULT_PROJECTION_WEIGHTS, **(weights or {}))
    orgs = sorted((n for n, d in G.nodes(data=True) if d.get("type") == "organisation"), key=lambda n: G.nodes[n]["index"])
    pos = {n: i for i, n in enumerate(orgs)}
    P = nx.Graph()
    for n in orgs:
        P.add_node(n, **G.nodes[n])
    hubs: dict[str, int] = {}
    inc_r, inc_c, inc_w = [], [], []

    def hub(org, key, weight):
        c = hubs.setdefault(key, len(hubs))
        inc_r.append(pos[org])
        inc_c.append(c)
        inc_w.append(weight)

    direct: dict[tuple[str, str], float] = defaultdict(float)
    for org in orgs:
        seen_occ = set()
        for nb in G.neighbors(org):
            e = G.edges[org, nb]
            t = e.get("type")
            if t in ("offers_need", "runs_programme"):
                for occ in G.neighbors(nb):
                    if G.nodes[occ].get("type") == "occupation" and occ not in seen_occ:
                        seen_occ.add(occ)
                        hub(org, occ, np.sqrt(w["shared_occupation"]))
            elif t == "located_in":
                hub(org, nb, np.sqrt(w["same_place"]))
            if t == "partner" and nb in pos:
                key = tuple(sorted((org, nb)))
                direct[key] = max(direct[key], w["partner"] * float(e.get("weight", 1.0)))
            if (t == "member_of" or e.get("member_of")) and nb in pos:
                key = tuple(sorted((org, nb)))
                direct[key] += w["member_of"] / 2  # seen from both ends
    # members of the same network: a network node with several member_of edges
    for org in orgs:
        members = [nb for nb in G.neighbors(org) if G.edges[org, nb].get("type") == "member_of"
                   or G.edges[org, nb].get("member_of")]
        if len(members) >= 2:
            for m in members:
                hub(m, f"members-of:{org}", np.sqrt(w["same_network"]))
    if inc_r:
        inc = sparse.csr_matrix((inc_w, (inc_r, inc_c)), shape=(len(orgs), len(hubs)))
        shared = sparse.triu(inc @ inc.T, k=1).tocoo()
        for i, j, v in zip(shared.row, shared.col, shared.data):
            if v > 0:
                direct[(orgs[i], orgs[j]) if orgs[i] < orgs[j] else (orgs[j], orgs[i])] += float(v)
    for (u, v), weight in direct.items():
        if weight > 0:
            P.add_edge(u, v, weight=weight)
    return P


def _describe_cluster(P: nx.Graph, members) -> tuple[str, str]:
    sectors = Counter(P.nodes[n].get("sector", "") for n in members if P.nodes[n].get("kind") != "school")
    sectors.pop("", None)
    if not sectors:
        sectors = Counter(P.nodes[n].get("sector", "") for n in members)
        sectors.pop("", None)
    places = Counter(P.nodes[n].get("place", "") for n in members)
    places.pop("", None)
    sector = min(sectors, key=lambda s: (-sectors[s], s)) if sectors else ""
    place = min(places, key=lambda s: (-places[s], s)) if places else ""
    return sector, place


def clusters(G: nx.Graph, *, seed: int = 0, resolution: float = 1.0, weights: dict[str, float] | None = None,
             projection: nx.Graph | None = None) -> list[Cluster]:
    """Communities of organisations (Louvain on the organisation projection, fixed ``seed``).

    Returns clusters largest first (ties: lowest organisation row first), each named by its most common
    sector (schools aside) and place, e.g. "care cluster around Enschede". Organisations without any
    connection form singleton clusters.

    Examples
    --------
    >>> import tests.engine.ecosystem_cases as cases
    >>> case = cases.two_clusters_case()
    >>> from matchmaker.explanations import render
    >>> [render([c.name], "en") for c in clusters(case.graph)][:2]
    ['the care cluster around Enschede', 'the logistics cluster around Zwolle']
    """
    P = projection if projection is not None else organisation_projection(G, weights=weights)
    if P.number_of_nodes() == 0:
        return []
    comms = nx.community.louvain_communities(P, weight="weight", resolution=resolution, seed=seed)
    comms = [sorted(c, key=lambda n: P.nodes[n]["index"]) for c in comms]
    comms.sort(key=lambda c: (-len(c), P.nodes[c[0]]["index"]))
    out = []
    for k, members in enumerate(comms):
        sector, place = _describe_cluster(P, members)
        out.append(Cluster(index=k, organisations=tuple(P.nodes[n]["index"] for n in members), sector=sector,
                           place=place, facts=(fact("cluster", sector=sector or None, place=place or None,
                                                    organisations=[P.nodes[n]["label"] for n in members]),)))
    return out


#: sampled betweenness visits about pivots x edges; on a projection this dense the pivots are cut to fit
PIVOT_EDGE_VISITS = 20_000_000
#: ... but never below this many pivots
MIN_PIVOTS = 16


def brokers(G: nx.Graph, k: int | None = None, *, top: int = 10, seed: int = 0,
            weights: dict[str, float] | None = None, cluster_list: Sequence[Cluster] | None = None,
            projection: nx.Graph | None = None) -> list[Broker]:
    """Organisations that connect clusters, by betweenness centrality on the organisation projection.

    ``k`` pivots are sampled (fixed ``seed``) when the projection has more than ``k`` nodes, and fewer on a
    dense projection (about :data:`PIVOT_EDGE_VISITS` / edges, but not below :data:`MIN_PIVOTS`); otherwise the
    centrality is exact. Returns the ``top`` organisations with positive centrality, highest first, each
    with the clusters its partners belong to and an explanation such as "connects the care cluster around
    Enschede with the logistics cluster around Zwolle".

    Examples
    --------
    >>> import tests.engine.ecosystem_cases as cases
    >>> case = cases.two_clusters_case()
    >>> b = brokers(case.graph, top=1)[0]
    >>> case.organisations.names[b.organisation]
    'Regio Netwerk Raalte'
    >>> from matchmaker.explanations import render
    >>> print(render(b.facts, "en"))  # doctest: +NORMALIZE_WHITESPACE
    Regio Netwerk Raalte (Raalte) connects the care cluster around Enschede with the logistics cluster around
    Zwolle: 9 of the 15 pairs of other organisations are linked through it.
    """
    P = projection if projection is not None else organisation_projection(G, weights=weights)
    n = P.number_of_nodes()
    if n < 3:
        return []
    cl = list(cluster_list) if cluster_list is not None else clusters(G, seed=seed, projection=P)
    of = {}
    for c in cl:
        for i in c.organisations:
            of[org_node(i)] = c.index
    sample = k if (k is not None and k < n) else None
    if sample is not None:
        sample = min(sample, max(MIN_PIVOTS, PIVOT_EDGE_VISITS // max(P.number_of_edges(), 1)))
    bc = nx.betweenness_centrality(P, k=sample, normalized=True, weight=None, seed=seed)
    ranked = sorted((v, P.nodes[u]["index"], u) for u, v in bc.items() if v > 0)
    ranked = sorted(ranked, key=lambda t: (-t[0], t[1]))[:top]
    names = {c.index: c.name["params"] for c in cl}
    out = []
    for value, idx, node in ranked:
        counts = Counter(of[nb] for nb in P.neighbors(node))
        own = of.get(node)
        touched = sorted(counts, key=lambda c: (-counts[c], c))
        name = P.nodes[node]["label"] + (f" ({P.nodes[node]['place']})" if P.nodes[node].get("place") else "")
        pairs = (n - 1) * (n - 2) / 2
        through = value * pairs
        others = [c for c in touched if c != own]
        if len(touched) >= 2:
            between = [names[touched[0]], names[touched[1]]]
        elif others:
            between = [names[own], names[others[0]]]
        else:
            between = [names[own]] if own is not None else []
        out.append(Broker(organisation=int(idx), centrality=float(value), clusters=tuple(touched), facts=(fact(
            "broker", name=name, clusters=between, more=max(0, len(touched) - 2), centrality=round(float(value), 4),
            through=round(through) if sample is None else None, pairs=round(pairs)),)))
    return out
