"""The taxonomy's labels in memory, per process and taxonomy version: a label for any occupation or skill id in
the reader's language without a query, and the token index that finds them by words.

Built from the database on first use (a few seconds on full ESCO; gunicorn's workers build it as they start) and
again whenever the taxonomy changes (its data version, or a new concept, changes the key). Labels are not personal
data, so every process may keep them. It also holds each concept's listed fields, so a search answers from memory:
no query per request for the rows it found.

Whether the taxonomy changed is asked of the database at most once per :data:`RECHECK_SECONDS`, not on every
request: a change made in this process (a flush of a concept, an import's data-version bump, and their commit or
rollback) is seen at once; one made by another process (``import-esco`` from the command line) within that time.

A skill without a Dutch label (ESCO publishes Dutch labels for every concept, but a database may hold only part of
them) reads in Dutch as its English label with its nearest Dutch skill group beside it:
``"use welding equipment (werken met metaal)"``.
"""
from __future__ import annotations

import time
import weakref
from dataclasses import dataclass

import numpy as np
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from matchmaker.models import DataVersion, Occupation, Skill, SkillBroader, SkillGroup
from matchmaker.search.index import Hits, TokenIndex
from matchmaker.search.words import fold
from matchmaker.services import cache

LANGUAGES = ("nl", "en")
#: the skill hierarchy is shallow (ESCO: 4 levels); a guard against cycles in imported data
MAX_DEPTH = 10

#: how long this process trusts its catalogue before asking the database whether the taxonomy changed
RECHECK_SECONDS = 5.0
#: what a search lists of each concept (``schemas.taxonomy``), held in memory beside the labels
LISTED = {"occupation": ("code", "isco_group", "sector", "starter"), "skill": ("skill_type", "reuse_level")}
#: the taxonomy's tables: a flush that writes one of them changes the catalogue
TAXONOMY_MODELS = (Occupation, Skill, SkillGroup, SkillBroader)

#: database engine -> (key, catalogue, monotonic time the key was last confirmed); by engine, not URL: two
#: in-memory SQLite databases share a URL
_CACHE: weakref.WeakKeyDictionary = cache.register(weakref.WeakKeyDictionary())


@dataclass
class Concepts:
    """One kind of concept (occupations or skills), ordered by id."""

    ids: np.ndarray
    #: each concept's listed columns (``id``, ``uri``, labels, alternative labels and :data:`LISTED`), as rows
    rows: list
    label_nl: list[str | None]
    label_en: list[str]
    #: Dutch label of the nearest skill group, for concepts without a Dutch label of their own
    group_nl: list[str | None]
    index: TokenIndex
    #: per language, each concept's place in alphabetical order of its label in that language
    order: dict[str, np.ndarray]

    def __post_init__(self):
        self._positions = {int(concept_id): at for at, concept_id in enumerate(self.ids)}

    def position(self, concept_id: int) -> int | None:
        return self._positions.get(concept_id)

    def label_at(self, at: int, language: str) -> str:
        if language == "en":
            return self.label_en[at]
        if self.label_nl[at]:
            return self.label_nl[at]
        group = self.group_nl[at]
        return f"{self.label_en[at]} ({group})" if group else self.label_en[at]

    def label(self, concept_id: int, language: str) -> str | None:
        at = self.position(concept_id)
        return None if at is None else self.label_at(at, language)

    def search(self, q: str, language: str, allowed_ids: np.ndarray | None = None) -> tuple[np.ndarray, Hits]:
        """Ids of the concepts ``q`` finds, best first (then alphabetical in ``language``), and the hits."""
        allowed = None if allowed_ids is None else np.isin(self.ids, allowed_ids)
        hits = self.index.search(q, order=self.order[language], allowed=allowed)
        return self.ids[hits.positions], hits


@dataclass
class Catalogue:
    occupations: Concepts
    skills: Concepts

    def of(self, kind: str) -> Concepts:
        return self.occupations if kind == "occupation" else self.skills


def _key(session: Session) -> tuple:
    """The taxonomy's data version and its newest ids, in one query."""
    return tuple(session.execute(select(
        select(DataVersion.version).where(DataVersion.scope == "taxonomy").scalar_subquery(),
        select(func.max(Occupation.id)).scalar_subquery(), select(func.max(Skill.id)).scalar_subquery(),
        select(func.max(SkillGroup.id)).scalar_subquery())).one())


def catalogue(session: Session) -> Catalogue:
    """The current taxonomy's catalogue: a dictionary lookup, and a query at most once per RECHECK_SECONDS."""
    engine = session.get_bind()
    cached = _CACHE.get(engine)
    if cached is None or time.monotonic() - cached[2] >= RECHECK_SECONDS:
        key = _key(session)
        if cached is None or cached[0] != key:
            _CACHE.pop(engine, None)  # the old one's memory goes before the new one is built
            cached = (key, _build(session), 0.0)
        cached = _CACHE[engine] = (cached[0], cached[1], time.monotonic())
    return cached[1]


def taxonomy_changed(session: Session | None = None) -> None:
    """The taxonomy changed in this process: the next read asks the database again (and again once ``session``
    commits or rolls back, when the change becomes visible or is undone)."""
    for engine, (key, found, _) in list(_CACHE.items()):
        _CACHE[engine] = (key, found, float("-inf"))
    if session is not None:
        session.info["taxonomy_changed"] = True


@event.listens_for(Session, "after_flush")
def _flushed(session: Session, _context) -> None:
    if any(isinstance(o, TAXONOMY_MODELS) for o in (*session.new, *session.dirty, *session.deleted)):
        taxonomy_changed(session)


@event.listens_for(Session, "after_commit")
@event.listens_for(Session, "after_soft_rollback")
def _ended(session: Session, *_args) -> None:
    if session.info.pop("taxonomy_changed", False):
        taxonomy_changed()


def _alphabetical(labels: list[str]) -> np.ndarray:
    order = np.array(sorted(range(len(labels)), key=lambda i: (fold(labels[i]), i)), np.int64)
    positions = np.empty(len(labels), np.int64)
    positions[order] = np.arange(len(labels))
    return positions


def _concepts(rows, group_nl: list[str | None]) -> Concepts:
    rows = list(rows)
    ids = np.array([r.id for r in rows], np.int64)
    label_nl = [r.label_nl for r in rows]
    label_en = [r.label_en for r in rows]

    def entries():
        for at, r in enumerate(rows):
            for preferred, text in ((True, r.label_nl), (True, r.label_en)):
                if text:
                    yield at, text, preferred
            for text in (r.alt_labels_nl or "").split("\n") + (r.alt_labels_en or "").split("\n"):
                if text.strip():
                    yield at, text, False

    concepts = Concepts(ids=ids, rows=rows, label_nl=label_nl, label_en=label_en, group_nl=group_nl,
                        index=TokenIndex.build(len(rows), entries()), order={})
    concepts.order = {language: _alphabetical([concepts.label_at(at, language) for at in range(len(rows))])
                      for language in LANGUAGES}
    return concepts


def _dutch_groups(session: Session, skills) -> list[str | None]:
    """For each skill without a Dutch label: the Dutch label of its nearest skill group that has one."""
    broader: dict[str, list[str]] = {}
    for narrower, parent in session.execute(select(SkillBroader.narrower_uri, SkillBroader.broader_uri)
                                            .order_by(SkillBroader.narrower_uri, SkillBroader.broader_uri)):
        broader.setdefault(narrower, []).append(parent)
    groups = {uri: label for uri, label in session.execute(select(SkillGroup.uri, SkillGroup.label_nl)) if label}
    found: list[str | None] = []
    for skill in skills:
        group = None
        if not skill.label_nl:
            level, seen = [skill.uri], {skill.uri}
            for _ in range(MAX_DEPTH):
                level = [p for u in level for p in broader.get(u, ()) if p not in seen]
                if not level:
                    break
                seen.update(level)
                group = next((groups[u] for u in level if u in groups), None)
                if group:
                    break
        found.append(group)
    return found


def _build(session: Session) -> Catalogue:
    columns = ("id", "uri", "label_nl", "label_en", "alt_labels_nl", "alt_labels_en")
    occupations = session.execute(select(*(getattr(Occupation, c) for c in columns + LISTED["occupation"]))
                                  .order_by(Occupation.id)).all()
    skills = session.execute(select(*(getattr(Skill, c) for c in columns + LISTED["skill"])).order_by(Skill.id)).all()
    return Catalogue(occupations=_concepts(occupations, [None] * len(occupations)),
                     skills=_concepts(skills, _dutch_groups(session, skills)))


def warm(app) -> bool:
    """Build the catalogue (labels and search index) before the first request needs it: gunicorn calls this in
    each worker as it starts (``gunicorn.conf.py``), so that no user waits a second for the first search on full
    ESCO. False (and a warning in the log) when the database cannot be read yet; the first request builds it then.
    """
    import logging

    from sqlalchemy.exc import SQLAlchemyError

    from matchmaker.extensions import db

    with app.app_context():
        try:
            catalogue(db.session)
            return True
        except SQLAlchemyError as error:
            logging.getLogger(__name__).warning("The search index is not warmed: %s", type(error).__name__)
            return False
        finally:
            db.session.remove()
