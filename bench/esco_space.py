"""Build a SkillSpace from the official ESCO v1.1.1 CSV zips (benchmarks only; the importer is elsewhere)."""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import numpy as np
from scipy import sparse

from matchmaker.engine.data import SkillSpace

ESCO_DIR = Path(__file__).resolve().parents[3] / "shared" / "data" / "esco-v1.1.1"
if not ESCO_DIR.exists():
    ESCO_DIR = Path("/work/shared/data/esco-v1.1.1")


def _read(zip_path: Path, name: str):
    with zipfile.ZipFile(zip_path) as zf:
        with zf.open(name) as handle:
            yield from csv.DictReader(io.TextIOWrapper(handle, encoding="utf-8"))


def load_esco_space(directory: Path = ESCO_DIR) -> SkillSpace:
    if not directory.exists():
        raise SystemExit(f"ESCO data not found at {directory}: benchmark skipped")
    classification = directory / "esco-v1.1.1-classification-en-csv.zip"
    relations = directory / "esco-v1.1.1-relations-csv.zip"
    occupations = list(_read(classification, "occupations_en.csv"))
    skills = list(_read(classification, "skills_en.csv"))
    groups = list(_read(classification, "skillGroups_en.csv"))
    occ_index = {row["conceptUri"]: i for i, row in enumerate(occupations)}
    skill_index = {row["conceptUri"]: i for i, row in enumerate(skills)}
    group_index = {row["conceptUri"]: i for i, row in enumerate(groups)}
    ess_r, ess_c, opt_r, opt_c = [], [], [], []
    for row in _read(relations, "occupationSkillRelations.csv"):
        i, s = occ_index.get(row["occupationUri"]), skill_index.get(row["skillUri"])
        if i is None or s is None:
            continue
        (ess_r if row["relationType"] == "essential" else opt_r).append(i)
        (ess_c if row["relationType"] == "essential" else opt_c).append(s)
    broader_group: dict[int, int] = {}
    broader_skill: dict[int, int] = {}
    for row in _read(relations, "broaderRelationsSkillPillar.csv"):
        s = skill_index.get(row["conceptUri"])
        if s is None:
            continue
        if row["broaderType"] == "SkillGroup" and row["broaderUri"] in group_index:
            broader_group.setdefault(s, group_index[row["broaderUri"]])
        elif row["broaderUri"] in skill_index:
            broader_skill.setdefault(s, skill_index[row["broaderUri"]])
    skill_group = np.full(len(skills), -1, dtype=np.int64)
    for s in range(len(skills)):
        cur, hops = s, 0
        while cur not in broader_group and cur in broader_skill and hops < 10:
            cur, hops = broader_skill[cur], hops + 1
        skill_group[s] = broader_group.get(cur, -1)
    rel_r, rel_c = [], []
    for row in _read(relations, "skillSkillRelations.csv"):
        a, b = skill_index.get(row["originalSkillUri"]), skill_index.get(row["relatedSkillUri"])
        if a is not None and b is not None and a != b:
            rel_r += [a, b]
            rel_c += [b, a]
    n_o, n_s = len(occupations), len(skills)

    def mat(r, c, shape):
        m = sparse.csr_matrix((np.ones(len(r), np.float32), (r, c)), shape=shape)
        m.sum_duplicates()
        m.data[:] = 1.0
        return m

    return SkillSpace(
        occupation_ids=np.array([row["conceptUri"] for row in occupations], dtype=object),
        occupation_labels=tuple(row["preferredLabel"] for row in occupations),
        isco_group=tuple(row["iscoGroup"] for row in occupations),
        skill_ids=np.array([row["conceptUri"] for row in skills], dtype=object),
        skill_labels=tuple(row["preferredLabel"] for row in skills),
        essential=mat(ess_r, ess_c, (n_o, n_s)),
        optional=mat(opt_r, opt_c, (n_o, n_s)),
        skill_group=skill_group,
        group_labels=tuple(row["preferredLabel"] for row in groups),
        related=mat(rel_r, rel_c, (n_s, n_s)),
    )
