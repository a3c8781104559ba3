"""Checks on the built-in compact taxonomy, independent of any loader.

The file is read straight from the package data, so these tests hold whatever the importer does with it.
"""
from __future__ import annotations

import json
import re
from collections import Counter
from importlib import resources

import numpy as np
import pytest

from matchmaker.vocabulary import SECTORS

KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SKILL_TYPES = {"skill/competence", "knowledge"}
BIG_SECTORS = {"care", "manufacturing", "construction", "logistics", "agriculture_food", "hospitality"}


@pytest.fixture(scope="module")
def taxonomy() -> dict:
    text = resources.files("matchmaker.taxonomy").joinpath("data/builtin_taxonomy.json").read_text(encoding="utf-8")
    return json.loads(text)


def _nonempty(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def test_version_and_counts(taxonomy):
    assert taxonomy["version"] == "matchmaker-builtin-1"
    assert len(taxonomy["occupations"]) >= 90
    assert len(taxonomy["skills"]) >= 320
    assert len(taxonomy["skill_groups"]) >= 18


def test_keys_are_unique_and_well_formed(taxonomy):
    for section in ("skill_groups", "skills", "occupations"):
        keys = [item["key"] for item in taxonomy[section]]
        duplicates = [k for k, n in Counter(keys).items() if n > 1]
        assert not duplicates, f"duplicate {section} keys: {duplicates}"
        bad = [k for k in keys if not KEY_RE.match(k)]
        assert not bad, f"badly formed {section} keys: {bad}"


def test_labels_in_both_languages(taxonomy):
    for section in ("skill_groups", "skills", "occupations"):
        for item in taxonomy[section]:
            assert _nonempty(item["label_en"]), item["key"]
            assert _nonempty(item["label_nl"]), item["key"]
    for section in ("skills", "occupations"):
        for item in taxonomy[section]:
            for field in ("alt_en", "alt_nl"):
                assert isinstance(item[field], list), (item["key"], field)
                assert all(_nonempty(a) for a in item[field]), (item["key"], field)
    for occ in taxonomy["occupations"]:
        assert _nonempty(occ["description_en"]), occ["key"]
        assert _nonempty(occ["description_nl"]), occ["key"]
        assert occ["alt_en"] or occ["alt_nl"], f"{occ['key']} has no alternative labels"
    # no two occupations share a label (labels are used to map onto ESCO)
    for field in ("label_en", "label_nl"):
        labels = Counter(o[field].casefold() for o in taxonomy["occupations"])
        assert not [lab for lab, n in labels.items() if n > 1], field


def test_skill_fields_and_references(taxonomy):
    groups = {g["key"] for g in taxonomy["skill_groups"]}
    skills = {s["key"] for s in taxonomy["skills"]}
    for skill in taxonomy["skills"]:
        assert skill["type"] in SKILL_TYPES, skill["key"]
        assert skill["group"] in groups, skill["key"]
        assert isinstance(skill["related"], list)
        for other in skill["related"]:
            assert other in skills, (skill["key"], other)
            assert other != skill["key"]
    used_groups = {s["group"] for s in taxonomy["skills"]}
    broader = {g["broader"] for g in taxonomy["skill_groups"] if "broader" in g}
    assert used_groups | broader == groups, f"empty skill groups: {groups - used_groups - broader}"
    # the hierarchy: every group a skill names sits in a broader area under the one root, except the transversal
    # ones (languages, safety, attitude, physical work: no area, as ESCO's transversal skills) and cleaning (no close
    # neighbour); no skill sits in an area
    parent = {g["key"]: g.get("broader") for g in taxonomy["skill_groups"]}
    assert [g for g in broader if parent[g] is None] == ["skills"]
    assert not used_groups & broader
    assert {g for g in used_groups if parent[g] is None} == {"language-digital", "health-safety", "work-attitude",
                                                             "physical-work", "cleaning-housekeeping"}
    assert {parent[parent[g]] for g in used_groups if parent[g]} == {"skills"}


def test_occupation_fields(taxonomy):
    skills = {s["key"] for s in taxonomy["skills"]}
    for occ in taxonomy["occupations"]:
        key = occ["key"]
        assert occ["sector"] in SECTORS, key
        assert isinstance(occ["starter"], bool), key
        assert re.fullmatch(r"\d{4}", occ["isco"]), key
        essential, optional = occ["essential"], occ["optional"]
        assert 6 <= len(essential) <= 14, (key, len(essential))
        assert 3 <= len(optional) <= 10, (key, len(optional))
        assert len(set(essential)) == len(essential), key
        assert len(set(optional)) == len(optional), key
        assert not set(essential) & set(optional), (key, set(essential) & set(optional))
        unknown = [k for k in essential + optional if k not in skills]
        assert not unknown, (key, unknown)


def test_every_skill_is_used(taxonomy):
    used = {k for o in taxonomy["occupations"] for k in o["essential"] + o["optional"]}
    unused = sorted({s["key"] for s in taxonomy["skills"]} - used)
    assert not unused, f"skills used by no occupation: {unused}"


def test_sector_coverage(taxonomy):
    per_sector = Counter(o["sector"] for o in taxonomy["occupations"])
    for sector in SECTORS:
        minimum = 8 if sector in BIG_SECTORS else 5
        assert per_sector[sector] >= minimum, (sector, per_sector[sector])
    starters = [o for o in taxonomy["occupations"] if o["starter"]]
    assert len(starters) >= 20
    assert len(starters) < len(taxonomy["occupations"]) / 2


def test_shortage_and_starter_occupations_present(taxonomy):
    by_label = {o["label_en"]: o for o in taxonomy["occupations"]}
    for label in ("nurse responsible for general care", "healthcare assistant", "care at home worker", "electrician",
                  "plumber", "welder", "primary school teacher", "secondary school teacher", "software developer",
                  "cargo vehicle driver", "bus driver", "cook"):
        assert label in by_label, label
    for label in ("kitchen assistant", "warehouse order picker", "fruit and vegetable picker", "shop assistant",
                  "building cleaner", "kitchen porter", "food production operator"):
        assert by_label[label]["starter"] is True, label
    for label in ("cook", "nurse responsible for general care", "forklift operator",
                  "computer numerical control machine operator", "software developer"):
        assert by_label[label]["starter"] is False, label


def _coverage(taxonomy) -> tuple[np.ndarray, dict[str, int]]:
    """Plain coverage matrix: C[a, b] = share of b's essential skills that a has (essential or optional)."""
    occs = taxonomy["occupations"]
    index = {s["key"]: i for i, s in enumerate(taxonomy["skills"])}
    essential = np.zeros((len(occs), len(index)))
    has = np.zeros_like(essential)
    for i, occ in enumerate(occs):
        essential[i, [index[k] for k in occ["essential"]]] = 1
        has[i, [index[k] for k in occ["essential"] + occ["optional"]]] = 1
    coverage = (has @ essential.T) / essential.sum(axis=1)[None, :]
    return coverage, {o["label_en"]: i for i, o in enumerate(occs)}


def test_designed_transitions(taxonomy):
    coverage, at = _coverage(taxonomy)

    def c(a: str, b: str) -> float:
        return float(coverage[at[a], at[b]])

    # starter -> growth in the kitchen; nothing carries over to software
    assert c("kitchen assistant", "cook") >= 0.5
    assert c("kitchen assistant", "cook") > c("cook", "software developer")
    assert c("kitchen porter", "kitchen assistant") >= 0.5
    assert c("cook", "chef") >= 0.5
    assert c("chef", "cook") >= c("cook", "chef")
    # the seasonal chain, both ways
    assert c("fruit and vegetable picker", "warehouse order picker") >= 0.4
    assert c("warehouse order picker", "fruit and vegetable picker") >= 0.4
    assert c("fruit and vegetable picker", "food production operator") >= 0.4
    assert c("warehouse order picker", "food production operator") >= 0.4
    assert c("horticulture worker", "fruit and vegetable picker") >= 0.5
    # the more qualified covers the less qualified
    nurse = "nurse responsible for general care"
    assert c(nurse, "healthcare assistant") >= c("healthcare assistant", nurse)
    assert c(nurse, "care at home worker") >= c("care at home worker", nurse)
    assert c("healthcare assistant", "nurse assistant") >= c("nurse assistant", "healthcare assistant")
    assert c("cook", "kitchen assistant") >= c("kitchen assistant", "cook")
    # cleaning and hospitality into care
    assert c("domestic cleaner", "home care aide") >= 0.5
    assert c("room attendant", "nurse assistant") >= 0.3
    assert c("healthcare assistant", "care at home worker") >= 0.5
    # logistics ladder
    assert c("warehouse worker", "forklift operator") >= 0.5
    assert c("inventory coordinator", "freight transport dispatcher") >= 0.5
    assert c("forklift operator", "freight transport dispatcher") > c("cook", "freight transport dispatcher")
    # production ladder
    assert c("food production operator", "packaging and filling machine operator") >= 0.5
    assert c("packaging and filling machine operator", "injection moulding operator") >= 0.5
    assert c("injection moulding operator", "computer numerical control machine operator") >= 0.4
    # construction, retail, education
    assert c("building construction worker", "bricklayer") >= 0.5
    assert c("building construction worker", "carpenter") >= 0.3
    assert c("shop assistant", "sales assistant") >= 0.5
    assert c("primary school teaching assistant", "primary school teacher") >= 0.5
    # agriculture <-> logistics
    assert c("shelf filler", "warehouse order picker") >= 0.5
    assert c("crop production worker", "forklift operator") >= 0.3


def test_overlaps_stay_selective(taxonomy):
    """Transversal skills are mostly optional, so most pairs of occupations share little."""
    coverage, _ = _coverage(taxonomy)
    off_diagonal = coverage[~np.eye(len(coverage), dtype=bool)]
    assert off_diagonal.mean() < 0.1
    assert (off_diagonal >= 0.5).mean() < 0.05


def test_every_skill_has_a_reuse_level_and_what_any_work_teaches_is_transversal(taxonomy):
    from matchmaker.taxonomy.builtin import REUSE_LEVELS

    reuse = {s["key"]: s["reuse"] for s in taxonomy["skills"]}
    assert set(reuse.values()) <= set(REUSE_LEVELS)
    # the examples: learned at the work itself, never worth a programme
    assert reuse["work-outdoors"] == reuse["follow-work-instructions"] == reuse["teamwork"] == "transversal"
    # languages are learned on a course (NT2), trades in their sector
    assert reuse["dutch-at-work"] != "transversal" and reuse["weld-mig-mag"] == reuse["administer-medication"] == \
        "sector-specific"
