"""Occupation transitions: the all-pairs similarity table, cached per taxonomy version, and its explanations.

The table (float32, occupations x occupations) is computed by the engine from the taxonomy only — no personal
data — and kept in process memory and in the database's shared store (:mod:`matchmaker.services.derived`) so
that every API process and worker, on any machine, computes it once per taxonomy version between them. It is
rebuilt when the taxonomy's data version changes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
from sqlalchemy.orm import Session

from matchmaker.explanations import explained
from matchmaker.engine import transitions as engine
from matchmaker.engine.data import SkillSpace
from matchmaker.engine.errors import CalibrationError
from matchmaker.errors import NotFound
from matchmaker.i18n import N_, gettext
from matchmaker.services import derived
from matchmaker.services.cache import VersionedCache
from matchmaker.services.engine_inputs import load_skill_space, skill_refs, taxonomy_key

#: ISCO digits tried in turn to calibrate the viable threshold (a small taxonomy may not have two
#: occupations in any 4-digit group)
CALIBRATION_DIGITS = (4, 3, 2, 1)
#: used only when the taxonomy has no two occupations in one ISCO major group: nothing to calibrate on
UNCALIBRATED_THRESHOLD = 0.5


@dataclass(frozen=True)
class TransitionTable:
    space: SkillSpace
    similarity: np.ndarray
    viable_threshold: float
    calibration: str
    taxonomy_version: int

    def index_of(self, occupation_id: int) -> int:
        rows = np.flatnonzero(self.space.occupation_ids == occupation_id)
        if not len(rows):
            raise NotFound("No occupation with id %(occupation_id)s.", occupation_id=occupation_id)
        return int(rows[0])


_MEMORY: VersionedCache[TransitionTable] = VersionedCache()


CALIBRATED = N_("mean - 1 SD of similarities within %(digits)s-digit ISCO groups")
UNCALIBRATED = N_("default %(threshold)s: no two occupations share an ISCO group to calibrate on")


def calibrate(similarity: np.ndarray, isco_group) -> tuple[float, str]:
    """The viable threshold (mean - 1 SD within ISCO groups) and how it was calibrated, in words (English, as
    stored; :func:`calibration_in_words` reads it in the reader's language)."""
    for digits in CALIBRATION_DIGITS:
        try:
            threshold = engine.viable_threshold(similarity, isco_group, digits=digits)
        except CalibrationError:
            continue
        return threshold, CALIBRATED % {"digits": digits}
    return UNCALIBRATED_THRESHOLD, UNCALIBRATED % {"threshold": UNCALIBRATED_THRESHOLD}


def calibration_in_words(calibration: str, language: str | None = None) -> str:
    """How the threshold was calibrated, in the reader's language.

    >>> calibration_in_words(CALIBRATED % {"digits": 4}, "nl")
    'gemiddelde min één standaardafwijking van de overeenkomst tussen beroepen in dezelfde ISCO-groep (4 cijfers)'
    """
    for template, pattern in ((CALIBRATED, r"within (?P<digits>\d+)-digit"),
                              (UNCALIBRATED, r"^default (?P<threshold>\S+):")):
        found = re.search(pattern, calibration)
        if found:
            return gettext(template, language, **found.groupdict())
    return calibration


def transition_table(session: Session) -> TransitionTable:
    """The current taxonomy's transition table: from memory, from the shared store, or computed now (once)."""
    key = taxonomy_key(session)
    return _MEMORY.get(key, lambda: _load_table(session, key))


def _load_table(session: Session, key: tuple) -> TransitionTable:
    _, version = key
    space = load_skill_space(session)

    def compute() -> dict[str, np.ndarray]:
        similarity = engine.transition_matrix(space)
        threshold, calibration = calibrate(similarity, space.isco_group)
        return {"similarity": similarity, "occupation_ids": space.occupation_ids, "threshold": np.array(threshold),
                "calibration": np.array(calibration)}

    stored = derived.shared(session, "transitions", key, compute, dump=derived.arrays, load=derived.read_arrays)
    if not np.array_equal(stored["occupation_ids"], space.occupation_ids):  # never, unless stored by older code
        stored = compute()
    return TransitionTable(space, stored["similarity"], float(stored["threshold"]), str(stored["calibration"]),
                           version)


def occupation_transitions(*, session: Session, occupation_id: int, limit: int = 10,
                           min_similarity: float = 0.0) -> dict:
    """Destinations from one occupation, best first, each explained."""
    table = transition_table(session)
    source = table.index_of(occupation_id)
    space = table.space
    destinations = []
    for target, similarity in engine.top_transitions(table.similarity, source, limit=limit,
                                                      min_similarity=min_similarity):
        move = engine.explain_transition(space, source, target, similarity, viable_threshold=table.viable_threshold)
        destinations.append({
            "occupation": {"id": int(space.occupation_ids[target]), "label": space.occupation_labels[target]},
            "similarity": round(float(similarity), 4),
            "viable": move.viable,
            "shared_skills": skill_refs(space, move.shared),
            "near_skills": [{**skill_refs(space, [s])[0], "like": skill_refs(space, [h])[0], "credit": c} for s, h, c in move.partial],
            "missing_skills": skill_refs(space, move.missing),
            **explained(move.facts),
        })
    return {
        "occupation": {"id": occupation_id, "label": space.occupation_labels[source]},
        "viable_threshold": round(table.viable_threshold, 4),
        "calibration": calibration_in_words(table.calibration),
        "taxonomy_version": table.taxonomy_version,
        "destinations": destinations,
    }

