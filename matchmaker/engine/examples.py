"""A three-occupation toy taxonomy for the docstring examples (the tests use ``tests/engine/tiny.py``).

Occupations: 0 kitchen assistant, 1 cook, 2 order picker. Skills and their groups:

====  =======================  ================
skill label                    group
====  =======================  ================
0     wash dishes              kitchen work
1     prepare vegetables       kitchen work
2     plan menus               kitchen work
3     manage kitchen stock     stock keeping
4     pick orders              warehouse work
5     manage warehouse stock   stock keeping
====  =======================  ================

Kitchen assistant: essential 0, 1; optional 3. Cook: essential 1, 2, 3. Order picker: essential 4, 5.
'manage kitchen stock' and 'manage warehouse stock' are also ESCO-related. With ``hierarchy=True`` the groups
have broader groups, as in ESCO: 'kitchen work' and 'stock keeping' under 3 'handling food and goods', 'warehouse
work' under 4 'moving goods', both under the root 5 'skills'.

>>> toy_space().n_occupations, toy_space().n_skills
(3, 6)
"""
from __future__ import annotations

import numpy as np
from scipy import sparse

from .data import SkillSpace


def _rows(n_rows: int, n_cols: int, rows: dict[int, list[int]]) -> sparse.csr_matrix:
    r = [i for i, cols in rows.items() for _ in cols]
    c = [j for cols in rows.values() for j in cols]
    return sparse.csr_matrix((np.ones(len(r)), (r, c)), shape=(n_rows, n_cols))


def toy_space(*, hierarchy: bool = False) -> SkillSpace:
    """Return the toy taxonomy described in the module docstring."""
    related = _rows(6, 6, {3: [5], 5: [3]})
    return SkillSpace(
        occupation_ids=np.arange(3),
        occupation_labels=("kitchen assistant", "cook", "order picker"),
        isco_group=("9412", "5120", "9321"),
        skill_ids=np.arange(6),
        skill_labels=("wash dishes", "prepare vegetables", "plan menus", "manage kitchen stock", "pick orders",
                      "manage warehouse stock"),
        essential=_rows(3, 6, {0: [0, 1], 1: [1, 2, 3], 2: [4, 5]}),
        optional=_rows(3, 6, {0: [3]}),
        skill_group=np.array([0, 0, 0, 1, 2, 1]),
        group_labels=("kitchen work", "stock keeping", "warehouse work")
        + (("handling food and goods", "moving goods", "skills") if hierarchy else ()),
        related=related,
        group_parent=np.array([3, 3, 4, 5, 5, -1]) if hierarchy else None,
    )
