"""Person ↔ need matching: hard constraints first, then an explainable score, then the gap bridge.

The package keeps each idea in its own module; every public name is importable from here.

* :mod:`.rules` — the rules: :class:`ScoreOptions`, the hard constraints (:data:`CONSTRAINTS`), the score
  (:func:`skill_score`, :func:`apply_welcome_bonus`), the blocks that apply them to index arrays
  (:func:`score_block`, :func:`constraint_checks`) and the gap bridge (:func:`gap_bridge`).
* :mod:`.search` — the search machinery of the bulk path: spatial tiles, bit masks of common skills and the
  pair search behind :func:`feasible_pairs` and :func:`top_matches`.
* :mod:`.facts` — the explanations: :class:`Match`, its facts, the bulk :func:`explain_top_matches` (any pairs:
  :func:`explain_pairs`) and the employer's view :func:`explain_for_employer`.
* :mod:`.lookup` — one person against all needs (:func:`match_person`) or one need against all people
  (:func:`candidates_for_need`), explained; the blocked needs closest to many people (:func:`closest_blocked`).

All three paths (one person, one need, all pairs) run the same checks and score arithmetic of :mod:`.rules`
on index arrays — a grid for the first two and candidate pairs for the bulk path — so they cannot disagree.
"""
from .facts import (EMPLOYER_VISIBLE_CONSTRAINTS, ExplainedMatches, Match, explain_for_employer, explain_pairs,
                    explain_top_matches)
from .lookup import candidates_for_need, closest_blocked, hard_constraints, match_person
from .rules import (CONSTRAINTS, TRAVELLING_MASK, Bridge, ScoreOptions, apply_welcome_bonus, constraint_checks,
                    coverage_factors, coverage_gate, gap_bridge, min_essential_held, need_gate, score_block,
                    skill_score, workplace_adjustments)
from .search import (COMMON_SKILLS, MAX_HOURS_CLASSES, MAX_TILES_PER_AXIS, TILE_KM, FeasiblePairs, TopMatches,
                     feasible_pairs, top_matches)

__all__ = [
    "CONSTRAINTS", "COMMON_SKILLS", "EMPLOYER_VISIBLE_CONSTRAINTS", "MAX_HOURS_CLASSES", "MAX_TILES_PER_AXIS",
    "TILE_KM", "TRAVELLING_MASK", "Bridge", "ExplainedMatches", "FeasiblePairs", "Match", "ScoreOptions",
    "TopMatches", "apply_welcome_bonus", "candidates_for_need", "closest_blocked", "constraint_checks",
    "coverage_factors", "coverage_gate", "explain_for_employer", "explain_pairs", "explain_top_matches",
    "feasible_pairs", "gap_bridge", "hard_constraints", "match_person", "min_essential_held", "need_gate",
    "score_block", "skill_score",
    "top_matches", "workplace_adjustments",
]
