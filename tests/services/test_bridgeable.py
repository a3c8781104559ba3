"""``insights.bridgeable`` on pairs against a brute-force reading of its definition, on the tiny region."""
import numpy as np

from matchmaker.engine.geo import pairwise_km
from matchmaker.engine.matching import ScoreOptions
from matchmaker.services.insights import bridgeable
from tests.engine import tiny


def _brute(people, needs, programmes, where):
    o = ScoreOptions()
    ess = [set(np.flatnonzero(r)) for r in needs.essential.toarray()]
    held = [set(np.flatnonzero(r)) for r in people.skills.toarray()]
    taught = [set(np.flatnonzero(r)) for r in programmes.skills.toarray()]
    km = pairwise_km(people.lat, people.lon, programmes.lat, programmes.lon)
    out = np.zeros(where.shape, bool)
    for p, j in zip(*np.nonzero(where)):
        gate = o.trains_on_job_coverage if needs.trains_on_job[j] else o.min_coverage
        out[p, j] = any(km[p, q] <= people.radius_km[p] and len(ess[j] & (held[p] | taught[q])) >= gate * len(ess[j]) - 1e-6
                        for q in range(len(programmes)))
    return out


def _skills_fail(people, needs):
    o = ScoreOptions()
    ess, held = needs.essential.toarray() > 0, people.skills.toarray() > 0
    covered = (held.astype(int) @ ess.T.astype(int)) / np.maximum(ess.sum(axis=1), 1)
    gate = np.where(needs.trains_on_job, o.trains_on_job_coverage, o.min_coverage)
    return covered < gate - 1e-6


def test_bridgeable_equals_its_definition_on_every_pair_whose_skills_fail():
    people, needs, programmes = tiny.people(), tiny.needs(), tiny.programmes()
    failing = _skills_fail(people, needs)
    got = bridgeable(people, needs, programmes, failing)
    assert got.tolist() == _brute(people, needs, programmes, failing).tolist()
    assert got.any() and (failing & ~got).any()  # both answers occur
    # Bram (kitchen assistant, Zwolle) can become a cook through the MBO cook programme in Zwolle
    assert got[1, 4]


def test_bridgeable_answers_only_the_pairs_asked():
    people, needs, programmes = tiny.people(), tiny.needs(), tiny.programmes()
    where = np.zeros((len(people), len(needs)), bool)
    where[1, 4] = True
    got = bridgeable(people, needs, programmes, where)
    assert got[1, 4] and got.sum() == 1


def test_barriers_in_blocks_of_people_are_the_barriers_of_everyone_at_once(monkeypatch):
    from matchmaker.engine.insights import unused_potential
    from matchmaker.services import insights

    import dataclasses

    people, needs, programmes = tiny.people(), tiny.needs(), tiny.programmes()
    # every other person works too few hours for any need
    people = dataclasses.replace(people, hours=np.where(np.arange(len(people)) % 2, 1.0, people.hours))
    groups = np.arange(len(people)) % 4
    whole = unused_potential(**insights.barrier_arrays(people, needs, programmes), target_groups=groups)
    monkeypatch.setattr(insights, "PEOPLE_CHUNK", 1)  # the tiny region's people one at a time
    blocks = insights.unused_in_blocks(people, needs, programmes, target_groups=groups)
    assert whole.people.tolist() == [1, 3] and whole.counts["hours"] == 2
    assert blocks.people.tolist() == whole.people.tolist() and blocks.barrier.tolist() == whole.barrier.tolist()
    assert blocks.unlocked.tolist() == whole.unlocked.tolist()
    assert (blocks.counts, blocks.by_group, blocks.facts) == (whole.counts, whole.by_group, whole.facts)
