"""The organisation graph, its clusters and brokers."""
from __future__ import annotations

from matchmaker.explanations import render
from tests.words import english
import networkx as nx
import numpy as np
import pytest
from scipy import sparse

from matchmaker.engine.data import PeopleArrays
from matchmaker.engine.errors import NotAnEcosystemGraphError
from matchmaker.engine.ecosystem_graph import (
    EDGE_TYPES,
    NODE_TYPES,
    brokers,
    build_ecosystem_graph,
    clusters,
    organisation_projection,
)
from matchmaker.engine.partners import partner_matches
from tests.engine import ecosystem_cases as cases


def _people(n, n_skills, n_occ):
    past = sparse.csr_matrix((np.array([2.0]), (np.array([0]), np.array([3]))), shape=(n, n_occ))
    z = np.zeros(n)
    return PeopleArrays(ids=np.arange(n), skills=sparse.csr_matrix((n, n_skills)), past_occupations=past, lat=z,
                        lon=z, radius_km=z + 20, hours=z + 32, dutch_level=np.zeros(n, int),
                        accommodations_needed=np.zeros(n, int), available_months=np.full(n, 4095),
                        target_groups=np.zeros(n, int))


def test_graph_has_typed_nodes_and_edges():
    case = cases.school_case()
    ms = list(partner_matches(case.organisations, case.needs, case.programmes, None, transitions=case.transitions,
                              viable_threshold=0.5, hard_to_fill=case.hard_to_fill))
    G = build_ecosystem_graph(case.organisations, case.needs, case.programmes, people=_people(2, 12, 6),
                              places=case.places, occupation_labels=case.occupation_labels, matches=ms,
                              memberships=[(0, 2)], region="Twente", data_version=7)
    types = {d["type"] for _, d in G.nodes(data=True)}
    assert types == set(NODE_TYPES)
    etypes = {d["type"] for _, _, d in G.edges(data=True)}
    assert etypes <= set(EDGE_TYPES)
    assert {"offers_need", "runs_programme", "need_occupation", "programme_leads_to", "located_in", "member_of",
            "partner", "experienced_in"} == etypes
    assert G.edges["org:0", "org:1"]["type"] == "partner"
    assert "employer_school" in G.edges["org:0", "org:1"]["kinds"]
    assert G.graph["region"] == "Twente" and G.graph["data_version"] == 7
    assert G.nodes["occupation:4"]["label"] == "welder"
    assert G.nodes["person:0"]["label"] == "person 0"  # anonymous


def test_projection_links_organisations_sharing_occupations_and_places():
    case = cases.school_case()
    G = build_ecosystem_graph(case.organisations, case.needs, case.programmes, places=case.places)
    P = organisation_projection(G)
    assert set(P.nodes) == {f"org:{i}" for i in range(5)}
    assert P.has_edge("org:0", "org:1")  # welder need and welder programme
    assert P.has_edge("org:2", "org:3")  # both need crop technicians
    assert P.has_edge("org:2", "org:4")  # Landstede trains crop technicians
    assert not P.has_edge("org:0", "org:2")


def test_clusters_are_deterministic_and_named():
    case = cases.two_clusters_case()
    a, b = clusters(case.graph), clusters(case.graph)
    assert [c.organisations for c in a] == [c.organisations for c in b]
    care = next(c for c in a if 0 in c.organisations)
    logistics = next(c for c in a if 3 in c.organisations)
    assert {0, 1, 2} <= set(care.organisations) and {3, 4, 5} <= set(logistics.organisations)
    assert (care.sector, care.place) == ("care", "Enschede")
    assert (logistics.sector, logistics.place) == ("logistics", "Zwolle")
    assert render([care.name], "nl") == "het cluster zorg rond Enschede"


def test_broker_connects_the_two_clusters():
    case = cases.two_clusters_case()
    top = brokers(case.graph, top=3)
    assert top[0].organisation == 6
    assert "connects the care cluster around Enschede with the logistics cluster around Zwolle" in english(top[0])
    assert top[0].centrality == pytest.approx(9 / 15)
    sampled = brokers(case.graph, k=4, top=1, seed=1)
    assert sampled and sampled == brokers(case.graph, k=4, top=1, seed=1)  # fixed seed, same answer


def test_graph_functions_refuse_foreign_graphs():
    with pytest.raises(NotAnEcosystemGraphError):
        clusters(nx.path_graph(3))
