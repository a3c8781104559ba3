import dataclasses

import networkx as nx
import numpy as np
import pytest
from scipy import sparse

from tests.words import english
from matchmaker.engine.career_paths import career_graph, career_paths, prepare_region
from matchmaker.engine.errors import InvalidParameter, NoFeasiblePath
from matchmaker.engine.levels import isco_level
from matchmaker.engine.transitions import transition_matrix
from matchmaker.engine.names import Names
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
    # the kitchen offers no language buddy; Amal's buddy travels with her, so it is a step of its own now
    assert [("job", KITCHEN_N)] in [nodes(p) for p in paths]
    chain = next(p for p in paths if nodes(p) == [("job", FRUIT_N), ("job", ORDER_N)])
    assert chain.kinds == ("start", "seasonal chain")
    assert chain.steps[1].carried == (2,) and chain.steps[1].to_learn == (3, 4)
    assert "Work as fruit picker at Fruitteelt Kampen, in May to August" in english(chain)
    assert ("Then the next season: work as order picker at Zwolle DC, in November to December (12 km "
            "from you). What you learned as fruit picker helps here: work in a team.") in english(chain)
    assert chain.cost == pytest.approx(sum(s.cost for s in chain.steps))
    assert [p.cost for p in paths] == sorted(p.cost for p in paths)


def test_starter_to_growth_and_training_paths():
    paths = career_paths(SPACE, T, dana_full_time(), DANA, tiny.needs(), tiny.programmes(), viable=0.5,
                         names=NAMES, k=10)
    by_nodes = {tuple(nodes(p)): p for p in paths}
    growth = by_nodes[(("job", KITCHEN_N), ("job", COOK_N))]
    assert growth.kinds == ("start", "move on")
    assert growth.steps[1].similarity == pytest.approx(0.7)   # kitchen assistant -> cook, asymmetric
    assert "Then move on to cook at Hotel Deventer" in english(growth)
    assert "Work as kitchen assistant matches 70% of what is needed there (skills close in meaning count in part)" \
        in english(growth)
    # Dana cannot start as a cook directly (1 of 5 skills) ...
    assert (("job", COOK_N),) not in by_nodes
    # ... but a programme closes the gap: training, then the job
    trained = [p for p in paths if p.steps[0].kind == "training" and p.steps[-1].need == COOK_N]
    assert trained and trained[0].kinds == ("training", "after training")
    assert "Follow Cooking course at Saxion (3 months, 30 km from you). You learn cook meat dishes and plan menus" \
        in english(trained[0])


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
    # nurse as a level-2 occupation here (healthcare assistant's ISCO group): Bram may step to it directly
    space = tiny.space(isco=("9211", "9321", "8344", "9412", "5120", "5321"))
    region = prepare_region(space, T, tiny.needs(), tiny.programmes(), viable=0.5, shortage_occupations=[tiny.NURSE],
                            shortage_headcount=[40])
    paths = career_paths(space, T, tiny.people(), BRAM, tiny.needs(), tiny.programmes(), region=region, k=10)
    shortage = [p for p in paths if p.steps[-1].need == -1 and p.steps[-1].kind == "job"]
    assert shortage and "the region needs people for this work" in english(shortage[0])


def test_a_move_two_skill_levels_up_needs_a_qualifying_programme_first():
    # nurse is ISCO 3221 (level 3); Bram was a kitchen assistant (9412, level 1): no direct step to nursing
    region = prepare_region(SPACE, T, tiny.needs(), tiny.programmes(), viable=0.5, shortage_occupations=[tiny.NURSE],
                            shortage_headcount=[40])
    paths = career_paths(SPACE, T, tiny.people(), BRAM, tiny.needs(), tiny.programmes(), region=region, k=20)
    levels = {occ: isco_level(group) for occ, group in enumerate(SPACE.isco_group)}
    for path in paths:
        reached = 1
        for i, step in enumerate(path.steps):
            if step.kind == "job":
                # two levels up only after a programme; one level at a time through work
                assert levels[step.occupation] - reached < 2 or path.steps[i - 1].kind == "training", path.kinds
                reached = max(reached, levels[step.occupation])
    assert not any(p.steps[0].kind == "job" and p.steps[0].occupation == tiny.NURSE for p in paths)
    # with education for level 3 (MBO 4), the direct step is there again
    educated = dataclasses.replace(tiny.people(), skill_level=np.array([1, 3, 1, 1], np.int8))
    paths = career_paths(SPACE, T, educated, BRAM, tiny.needs(), tiny.programmes(), region=region, k=20)
    assert any(p.steps[0].kind == "job" and p.steps[0].occupation == tiny.NURSE for p in paths)


def test_a_person_without_skills_starts_in_entry_level_work_that_trains_beginners():
    people = dataclasses.replace(dana_full_time(), skills=sparse.csr_matrix((4, 15)))
    assert career_paths(SPACE, T, people, DANA, tiny.needs(), viable=0.5) == []
    beginners = dataclasses.replace(tiny.needs(), beginners=np.array([True, True, False, True, False, False]))
    paths = career_paths(SPACE, T, people, DANA, beginners, viable=0.5, names=NAMES)
    starts = {nodes(p)[0] for p in paths}
    assert {("job", KITCHEN_N), ("job", ORDER_N)} <= starts  # the brasserie and the DC train beginners
    assert all(nodes(p)[0] != ("job", FRUIT_N) for p in paths)  # the farm does not train: no start there


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


def _many(arrays, n: int):
    """``n`` rows made by repeating the rows of ``arrays`` (any engine array dataclass)."""
    rows = np.arange(n) % len(arrays)
    out = {}
    for field in dataclasses.fields(arrays):
        value = getattr(arrays, field.name)
        out[field.name] = (None if value is None else value.tocsr()[rows] if hasattr(value, "tocsr")
                           else np.asarray(value)[rows])
    return dataclasses.replace(arrays, **out)


def test_prepare_region_with_20000_needs_stays_linear_in_memory():
    import tracemalloc

    from scipy import sparse

    needs = _many(tiny.needs(), 20_000)
    tracemalloc.start()
    region = prepare_region(SPACE, T, needs, tiny.programmes(), viable=0.5, shortage_occupations=[tiny.NURSE])
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # one 20,001 × 20,001 matrix would take 400 MB as booleans, 1.6 GB as float32
    assert peak < 50 * 2 ** 20
    assert region.n_jobs == 20_001
    for field in dataclasses.fields(region):
        value = getattr(region, field.name)
        if isinstance(value, np.ndarray):  # per job or per pair (the taught skills' bits: a few words per pair)
            assert value.ndim == 1 or (value.shape[1] == len(region.pair_job) and value.shape[0] <= 4), field.name
        elif sparse.issparse(value):
            assert SPACE.n_skills in value.shape, field.name  # jobs × skills, skills × jobs or pairs × skills
    # the paths of a person who can reach all 20,000 openings are built on at most max_jobs of them
    people = dataclasses.replace(dana_full_time(), radius_km=np.array([30, 35, 25, 500.0]))
    graph = career_graph(SPACE, T, people, DANA, needs, tiny.programmes(), region=region, max_jobs=50)
    assert sum(1 for n in graph if n != "start" and n[0] == "job") == 50
    paths = career_paths(SPACE, T, people, DANA, needs, tiny.programmes(), region=region, k=5, max_jobs=50)
    assert len(paths) == 5 and [p.cost for p in paths] == sorted(p.cost for p in paths)


def _random_person_graph(rng):
    """A person graph with random blocks (negative edges too): m jobs, some training nodes, and the dense
    nodes × nodes matrix of the same graph."""
    from matchmaker.engine.career_paths.graph import _PersonGraph

    m, n_pairs = int(rng.integers(1, 9)), int(rng.integers(0, 7))

    def edges(*shape, p=0.5):
        return np.where(rng.random(shape) < p, rng.normal(0.6, 0.5, shape), np.inf)

    start, move, start_train = edges(m), edges(m, m), edges(n_pairs)
    np.fill_diagonal(move, np.inf)
    target = rng.integers(0, m, n_pairs)
    pair_cost = rng.normal(0.4, 0.3, n_pairs)
    train = edges(m, n_pairs)
    train[target[None, :] == np.arange(m)[:, None]] = np.inf  # never back into the same job
    train[~np.isfinite(start)] = np.inf  # training after a job the person can start in
    pair_fixed = np.where(np.isfinite(train).any(axis=0), np.min(train, axis=0, initial=np.inf), 0.0)
    floor = np.min(train - pair_fixed[None, :], axis=1, initial=np.inf)
    n = 1 + m + n_pairs
    dense = np.full((n, n), np.inf)
    dense[0, 1:1 + m], dense[1:1 + m, 1:1 + m], dense[0, 1 + m:] = start, move, start_train
    dense[1:1 + m, 1 + m:] = train
    dense[1 + m + np.arange(n_pairs), 1 + target] = pair_cost
    blocks = _PersonGraph(
        jobs=np.arange(m), job_distance=np.zeros(m), start_cost=start, start_sim=np.zeros(m), move_cost=move,
        move_sim=np.zeros((m, m)), move_kind=np.zeros((m, m), np.int8), pairs=np.arange(n_pairs),
        pair_target=target, pair_distance=np.zeros(n_pairs), pair_cost=pair_cost, pair_fixed=pair_fixed,
        start_train_cost=start_train, start_train_sim=np.zeros(n_pairs), train_floor=floor,
        training=lambda origins, cols: (train[np.ix_(origins, cols)], np.zeros((len(origins), len(cols)))))
    return blocks, dense


def test_k_best_is_exact_on_graphs_with_negative_edges():
    from matchmaker.engine.career_paths.search import _k_best

    rng = np.random.default_rng(7)
    for trial in range(60):
        blocks, cost = _random_person_graph(rng)
        graph = nx.DiGraph()
        graph.add_nodes_from(range(len(cost)))
        graph.add_weighted_edges_from((int(a), int(b), float(cost[a, b])) for a, b in zip(*np.nonzero(np.isfinite(cost))))
        for max_steps in (1, 2, 3):
            every = sorted((nx.path_weight(graph, path, "weight"), len(path), path) for end in range(1, 1 + blocks.m)
                           for path in nx.all_simple_paths(graph, 0, end, cutoff=max_steps))
            for k in (1, 3, 6):
                paths, totals = _k_best(blocks, k, max_steps)
                assert list(totals) == pytest.approx([w for w, _, _ in every[:k]]), (trial, max_steps, k)
                for nodes, total in zip(paths, totals):  # each path is a real one at its price
                    path = [0] + [int(x) for x in nodes if x >= 0]
                    assert len(path) <= 1 + max_steps and path[-1] <= blocks.m
                    assert nx.path_weight(graph, path, "weight") == pytest.approx(total)


def test_caps_pick_like_a_full_sort_with_ties_by_position():
    from matchmaker.engine.career_paths.graph import _first_per_group, _lowest

    rng = np.random.default_rng(11)
    for trial in range(200):
        n = int(rng.integers(1, 60))
        value = rng.integers(0, 6, n).astype(float)  # many ties
        m = int(rng.integers(1, n + 2))
        assert _lowest(value, m).tolist() == sorted(np.lexsort((np.arange(n), value))[:m].tolist()), trial
        group = np.sort(rng.integers(0, 8, n))
        order = np.lexsort((np.arange(n), value, group))  # by group, then value, then position
        rank = np.arange(n) - np.searchsorted(group[order], group[order])
        assert _first_per_group(group, value, m).tolist() == sorted(order[rank < m].tolist()), trial


def test_excluded_jobs_give_the_paths_of_a_region_prepared_without_them():
    """One region prepared with every shortage occupation serves every person: excluding a person's shortage
    jobs gives exactly the paths of a region prepared with the others only."""
    people, needs, progs = dana_full_time(), tiny.needs(), tiny.programmes()
    every = prepare_region(SPACE, T, needs, progs, viable=0.5, shortage_occupations=[tiny.ORDER, tiny.COOK, tiny.NURSE],
                           shortage_headcount=[12, 20, 40])
    cook_job = len(needs) + 1
    assert every.job_occ[cook_job] == tiny.COOK and every.job_need[cook_job] == -1
    fewer = prepare_region(SPACE, T, needs, progs, viable=0.5, shortage_occupations=[tiny.ORDER, tiny.NURSE],
                           shortage_headcount=[12, 40])
    changed = 0
    for p in range(len(people)):
        kept = career_paths(SPACE, T, people, p, needs, progs, region=every, k=10, exclude_jobs=[cook_job])
        assert kept == career_paths(SPACE, T, people, p, needs, progs, region=fewer, k=10)
        assert all(s.occupation != tiny.COOK for path in kept for s in path.steps if s.need == -1 and s.kind == "job")
        changed += kept != career_paths(SPACE, T, people, p, needs, progs, region=every, k=10)
    assert changed  # the cook shortage step is among someone's paths when not excluded
    graph = career_graph(SPACE, T, people, DANA, needs, progs, region=every, exclude_jobs=np.array([cook_job]))
    assert ("job", cook_job) not in graph
    with pytest.raises(InvalidParameter):
        career_paths(SPACE, T, people, DANA, needs, progs, region=every, exclude_jobs=[every.n_jobs])


def test_region_nbytes_counts_its_arrays():
    region = prepare_region(SPACE, T, tiny.needs(), tiny.programmes(), viable=0.5, shortage_occupations=[tiny.NURSE])
    assert region.nbytes >= region.job_need.nbytes + region.job_essential.data.nbytes + region.pair_teach_at.nbytes
    bigger = prepare_region(SPACE, T, _many(tiny.needs(), 600), tiny.programmes(), viable=0.5)
    assert bigger.nbytes > 50 * region.nbytes


def test_what_a_training_pair_teaches_is_what_its_programme_teaches_of_its_jobs_essentials():
    from matchmaker.engine.career_paths.region import taught_skills

    region = prepare_region(SPACE, T, tiny.needs(), tiny.programmes(), viable=0.5, shortage_occupations=[tiny.NURSE])
    programmes, on_the_job = tiny.programmes(), set(np.flatnonzero(SPACE.on_the_job).tolist())
    assert len(region.pair_job)
    at, skills = taught_skills(region, np.arange(len(region.pair_job)))
    for t in range(len(region.pair_job)):
        taught = set(sparse.csr_matrix(programmes.skills)[region.pair_programme[t]].indices.tolist()) - on_the_job
        essential = set(region.job_essential[region.pair_job[t]].indices.tolist())
        assert skills[at == t].tolist() == sorted(taught & essential)
        assert region.pair_n_teach[t] == len(taught & essential)
