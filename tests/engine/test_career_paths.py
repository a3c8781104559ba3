import dataclasses

import networkx as nx
import numpy as np
import pytest

from matchmaker.engine.career_paths import career_graph, career_paths, prepare_region
from matchmaker.engine.errors import InvalidParameter, NoFeasiblePath
from matchmaker.engine.transitions import transition_matrix
from matchmaker.engine.words import Names
from tests.engine import tiny

SPACE = tiny.space()
T = transition_matrix(SPACE)
NAMES = Names(needs=tiny.NEED_NAMES, employers=tiny.EMPLOYERS, programmes=tiny.PROGRAMME_NAMES)
AMAL, BRAM, CHRIS, DANA = range(4)
FRUIT_N, ORDER_N, FORKLIFT_N, KITCHEN_N, COOK_N, NURSE_N = range(6)


def dana_full_time():
    """Dana, a returner, can now work full time and travel 40 km."""
    people = tiny.people()
    return dataclasses.replace(people, hours=np.array([32, 36, 36, 36.0]), radius_km=np.array([30, 35, 25, 40.0]))


def nodes(path):
    return [("training", s.programme) if s.kind == "training" else ("job", s.need) for s in path.steps]


def test_seasonal_chain_harvest_then_year_end_peak():
    paths = career_paths(SPACE, T, tiny.people(), AMAL, tiny.needs(), tiny.programmes(), viable=0.5, names=NAMES)
    assert nodes(paths[0]) == [("job", FRUIT_N)]
    chain = paths[1]
    assert nodes(chain) == [("job", FRUIT_N), ("job", ORDER_N)]
    assert chain.kinds == ("start", "seasonal chain")
    assert chain.steps[1].carried == (2,) and chain.steps[1].to_learn == (3, 4)
    assert "Work as fruit picker at Fruitteelt Kampen from May to August" in chain.explanation
    assert ("Then the next seasonal peak: work as order picker at Zwolle DC from November to December (12 km "
            "away); 'work in a team' carries over from fruit picker.") in chain.explanation
    assert chain.cost == pytest.approx(sum(s.cost for s in chain.steps))
    assert [p.cost for p in paths] == sorted(p.cost for p in paths)


def test_starter_to_growth_and_training_paths():
    paths = career_paths(SPACE, T, dana_full_time(), DANA, tiny.needs(), tiny.programmes(), viable=0.5,
                         names=NAMES, k=10)
    by_nodes = {tuple(nodes(p)): p for p in paths}
    growth = by_nodes[(("job", KITCHEN_N), ("job", COOK_N))]
    assert growth.kinds == ("start", "move on")
    assert growth.steps[1].similarity == pytest.approx(0.7)   # kitchen assistant -> cook, asymmetric
    assert "Then move on to cook at Hotel Deventer" in growth.explanation
    assert "as a kitchen assistant you cover 70% of its essential skills" in growth.explanation
    # Dana cannot start as a cook directly (1 of 5 skills) ...
    assert (("job", COOK_N),) not in by_nodes
    # ... but a programme closes the gap: training, then the job
    trained = [p for p in paths if p.steps[0].kind == "training" and p.steps[-1].need == COOK_N]
    assert trained and trained[0].kinds == ("training", "after training")
    assert "Take Cooking course at Saxion (3 months, 30 km away): it teaches 'cook meat dishes' and 'plan menus'" \
        in trained[0].explanation


def test_same_answer_as_networkx_enumeration():
    people, needs, progs = dana_full_time(), tiny.needs(), tiny.programmes()
    for p in range(4):
        region = prepare_region(SPACE, T, needs, progs, viable=0.5, shortage_occupations=[tiny.NURSE])
        graph = career_graph(SPACE, T, people, p, needs, progs, region=region)
        ends = [n for n in graph if n != "start" and n[0] == "job"]
        costs = sorted(nx.path_weight(graph, path, "weight") for end in ends
                       for path in nx.all_simple_paths(graph, "start", end, cutoff=3))
        ours = career_paths(SPACE, T, people, p, needs, progs, region=region, k=7)
        assert [c.cost for c in ours] == pytest.approx(costs[:7])


def test_shortage_occupation_is_a_job_step():
    region = prepare_region(SPACE, T, tiny.needs(), tiny.programmes(), viable=0.5, shortage_occupations=[tiny.NURSE],
                            shortage_headcount=[40])
    paths = career_paths(SPACE, T, tiny.people(), BRAM, tiny.needs(), tiny.programmes(), region=region, k=10)
    shortage = [p for p in paths if p.steps[-1].need == -1 and p.steps[-1].kind == "job"]
    assert shortage and "the region is short of people for this work" in shortage[0].explanation


def test_max_steps_and_no_path():
    paths = career_paths(SPACE, T, tiny.people(), AMAL, tiny.needs(), viable=0.5, max_steps=1, k=10)
    assert all(len(p.steps) == 1 for p in paths)
    far = dataclasses.replace(tiny.people(), radius_km=np.array([0.1, 0.1, 0.1, 0.1]),
                              lat=np.array([53.2] * 4), lon=np.array([6.56] * 4))
    assert career_paths(SPACE, T, far, AMAL, tiny.needs(), viable=0.5) == []
    with pytest.raises(NoFeasiblePath):
        career_paths(SPACE, T, far, AMAL, tiny.needs(), viable=0.5, raise_if_none=True)
    with pytest.raises(InvalidParameter):
        career_paths(SPACE, T, tiny.people(), AMAL, tiny.needs(), viable=0.5, max_steps=4)
