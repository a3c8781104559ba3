"""Writing a taxonomy into the database: bulk upsert by concept URI, shared by every taxonomy source.

A source (the ESCO download, the built-in compact taxonomy) reads its files into a :class:`TaxonomyData`;
:func:`store_taxonomy` then brings the database in line with it inside the caller's transaction:

* concepts (occupation groups, skill groups, skills, occupations) are inserted or updated by URI, never
  deleted (people, jobs and programmes may refer to them);
* relations of the concepts in the data (occupation-skill, skill-skill, skill hierarchy) are made equal to
  the data's: missing ones inserted, changed ones updated, ones the source no longer has removed; a relation
  naming a concept that neither the data nor the database has is skipped and reported (ESCO v1.1.1 itself
  publishes 67 occupation-skill relations of an occupation that its classification lacks);
* the ``taxonomy`` :class:`~matchmaker.models.DataVersion` is bumped when anything changed.

Everything goes through bulk statements (lists of dicts, ``uri -> id`` maps), not per-row ORM objects, so the
full ESCO import takes seconds. Nothing is committed here: on an exception the caller rolls back and the
database is as it was.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import and_, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from matchmaker.services import data_versions
from matchmaker.models import (
    Occupation,
    OccupationGroup,
    OccupationSkill,
    Skill,
    SkillBroader,
    SkillGroup,
    SkillRelation,
)

BATCH_SIZE = 5_000

#: ``progress(step, done, total)``: called as work proceeds; ``step`` is a short human description.
ProgressCallback = Callable[[str, int, int], None]


def no_progress(step: str, done: int, total: int) -> None:
    """The default progress callback: report nothing."""


LABEL_FIELDS = ("label_en", "label_nl", "alt_labels_en", "alt_labels_nl", "description")
OCCUPATION_FIELDS = LABEL_FIELDS + ("code", "isco_group", "broader_uri", "sector", "starter")
SKILL_FIELDS = LABEL_FIELDS + ("skill_type", "reuse_level")
OCCUPATION_GROUP_FIELDS = ("code", "label_en", "broader_uri")
SKILL_GROUP_FIELDS = ("code", "label_en", "label_nl")

#: Values of fields a source does not provide, for new rows (existing rows keep theirs).
FIELD_DEFAULTS = {
    "label_nl": None, "alt_labels_en": "", "alt_labels_nl": "", "description": "",
    "code": "", "isco_group": "", "broader_uri": None, "sector": None, "starter": False,
    "skill_type": "", "reuse_level": "",
}


@dataclass
class TaxonomyData:
    """A taxonomy as read from its source, keyed by URI.

    Concept dicts hold only the fields the source provides (e.g. ``label_nl`` only when Dutch labels were
    given). ``origins`` names where each kind of relation
    came from, for error messages.
    """

    source: str
    occupation_groups: dict[str, dict] = field(default_factory=dict)
    skill_groups: dict[str, dict] = field(default_factory=dict)
    skills: dict[str, dict] = field(default_factory=dict)
    occupations: dict[str, dict] = field(default_factory=dict)
    #: (narrower URI, broader URI): skill or skill group -> broader skill or skill group
    skill_broader: set[tuple[str, str]] = field(default_factory=set)
    #: (skill URI, related skill URI) -> relation
    skill_relations: dict[tuple[str, str], str] = field(default_factory=dict)
    #: (occupation URI, skill URI) -> "essential" | "optional"
    occupation_skills: dict[tuple[str, str], str] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict)


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    #: relations naming a concept the taxonomy lacks
    skipped: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.removed)

    def __str__(self) -> str:
        text = f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"
        text += f", {self.removed} removed" if self.removed else ""
        return text + (f", {self.skipped} skipped" if self.skipped else "")


@dataclass
class ImportReport:
    source: str
    counts: dict[str, Counts]
    data_version: int
    #: why relations were skipped
    notes: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(c.changed for c in self.counts.values())

    def lines(self) -> list[str]:
        width = max(len(kind) for kind in self.counts)
        lines = [f"{kind.replace('_', ' '):<{width}}  {counts}" for kind, counts in self.counts.items()]
        lines += [f"Skipped: {note}" for note in self.notes]
        if self.changed:
            lines.append(f"Taxonomy data version is now {self.data_version} ({self.source}).")
        else:
            lines.append(f"Nothing changed; taxonomy data version stays {self.data_version}.")
        return lines


def split_labels(text: str | None) -> list[str]:
    """ESCO's newline-separated label lists, stripped, without blanks or repeats."""
    seen: dict[str, None] = {}
    for line in (text or "").splitlines():
        label = " ".join(line.split())
        if label:
            seen.setdefault(label, None)
    return list(seen)


def store_taxonomy(*, session: Session, data: TaxonomyData, progress: ProgressCallback = no_progress) -> ImportReport:
    """Upsert ``data`` into the database (not committed) and bump the taxonomy data version if anything changed."""
    counts: dict[str, Counts] = {}
    notes: list[str] = []
    counts["occupation_groups"], _ = _upsert_concepts(
        session, OccupationGroup, data.occupation_groups, OCCUPATION_GROUP_FIELDS, "Occupation groups", progress)
    counts["skill_groups"], _ = _upsert_concepts(
        session, SkillGroup, data.skill_groups, SKILL_GROUP_FIELDS, "Skill groups", progress)
    counts["skills"], skill_ids = _upsert_concepts(
        session, Skill, data.skills, SKILL_FIELDS, "Skills", progress)
    counts["occupations"], occupation_ids = _upsert_concepts(
        session, Occupation, data.occupations, OCCUPATION_FIELDS, "Occupations", progress)
    counts["skill_hierarchy"] = _sync_skill_broader(session, data, progress)
    counts["skill_relations"] = _sync_relations(
        session, SkillRelation, "skill_id", "related_skill_id",
        resolved=_resolve(data.skill_relations, skill_ids, skill_ids,
                          data.origins.get("skill_relations", "skill relations"), "skill", "skill", notes),
        scope_ids={skill_ids[uri] for uri in data.skills}, step="Skill relations", progress=progress)
    counts["occupation_skills"] = _sync_relations(
        session, OccupationSkill, "occupation_id", "skill_id",
        resolved=_resolve(data.occupation_skills, occupation_ids, skill_ids,
                          data.origins.get("occupation_skills", "occupation-skill relations"), "occupation", "skill",
                          notes),
        scope_ids={occupation_ids[uri] for uri in data.occupations}, step="Occupation skills", progress=progress)
    report = ImportReport(source=data.source, counts=counts, data_version=0, notes=notes)
    report.data_version = data_versions.bump(session=session, scope=data_versions.TAXONOMY, source=data.source) \
        if report.changed else data_versions.current(session=session, scope=data_versions.TAXONOMY)
    return report


def _batches(rows: Sequence[dict]) -> Iterable[Sequence[dict]]:
    for start in range(0, len(rows), BATCH_SIZE):
        yield rows[start:start + BATCH_SIZE]


def _write(session: Session, statement, rows: list[dict], step: str, done: int, total: int,
           progress: ProgressCallback) -> int:
    for batch in _batches(rows):
        session.execute(statement, list(batch))
        done += len(batch)
        progress(step, done, total)
    return done


def _upsert_concepts(session: Session, model, records: dict[str, dict], fields: tuple[str, ...], step: str,
                     progress: ProgressCallback) -> tuple[Counts, dict[str, int]]:
    counts = Counts()
    existing = {row.uri: row for row in session.execute(select(model.id, model.uri, *(getattr(model, f) for f in fields)))}
    inserts: list[dict] = []
    updates: list[dict] = []
    for uri, provided in records.items():
        row = existing.get(uri)
        current = {f: getattr(row, f) for f in fields} if row is not None else {f: FIELD_DEFAULTS.get(f) for f in fields}
        values = {**current, **{k: v for k, v in provided.items() if k in fields}}
        if row is None:
            inserts.append({"uri": uri, **values})
        elif values != current:
            updates.append({"id": row.id, **values})
        else:
            counts.unchanged += 1
    total = len(inserts) + len(updates)
    progress(step, 0, total)
    done = _write(session, insert(model), inserts, step, 0, total, progress)
    _write(session, update(model), updates, step, done, total, progress)
    counts.created, counts.updated = len(inserts), len(updates)
    ids = {uri: id_ for uri, id_ in session.execute(select(model.uri, model.id))} if records else {}
    return counts, ids


def _resolve(relations: dict[tuple[str, str], str], left_ids: dict[str, int], right_ids: dict[str, int],
             origin: str, left_kind: str, right_kind: str, notes: list[str]) -> tuple[dict[tuple[int, int], str], int]:
    """Relations by database id; those naming an unknown concept are left out, counted and described in ``notes``."""
    resolved: dict[tuple[int, int], str] = {}
    unknown: dict[str, dict[str, None]] = {left_kind: {}, right_kind: {}} if left_kind != right_kind else {left_kind: {}}
    skipped = 0
    for (left, right), relation in relations.items():
        if left not in left_ids or right not in right_ids:
            skipped += 1
            if left not in left_ids:
                unknown[left_kind].setdefault(left, None)
            if right not in right_ids:
                unknown[right_kind].setdefault(right, None)
            continue
        resolved[(left_ids[left], right_ids[right])] = relation
    for kind, uris in unknown.items():
        if uris:
            shown = ", ".join(list(uris)[:3]) + (", ..." if len(uris) > 3 else "")
            plural = "s" if len(uris) > 1 else ""
            notes.append(f"{origin}: relations naming {len(uris)} {kind}{plural} the taxonomy lacks ({shown})")
    return resolved, skipped


def _sync_relations(session: Session, model, left: str, right: str, *,
                    resolved: tuple[dict[tuple[int, int], str], int], scope_ids: set[int], step: str,
                    progress: ProgressCallback) -> Counts:
    """Make the relations of the concepts in ``scope_ids`` (the ``left`` side) exactly the ``resolved`` ones."""
    wanted, skipped = resolved
    left_col, right_col = getattr(model, left), getattr(model, right)
    existing = {
        (a, b): relation
        for a, b, relation in session.execute(select(left_col, right_col, model.relation))
        if a in scope_ids
    }
    counts = Counts(skipped=skipped)
    inserts, updates = [], []
    for key, relation in wanted.items():
        have = existing.get(key)
        if have is None:
            inserts.append({left: key[0], right: key[1], "relation": relation})
        elif have != relation:
            updates.append({left: key[0], right: key[1], "relation": relation})
        else:
            counts.unchanged += 1
    removals = [{"a": a, "b": b} for (a, b) in existing if (a, b) not in wanted]
    total = len(inserts) + len(updates) + len(removals)
    progress(step, 0, total)
    done = _write(session, insert(model), inserts, step, 0, total, progress)
    done = _write(session, update(model), updates, step, done, total, progress)
    table = model.__table__
    _write(session, delete(table).where(and_(table.c[left] == bindparam("a"), table.c[right] == bindparam("b"))),
           removals, step, done, total, progress)
    counts.created, counts.updated, counts.removed = len(inserts), len(updates), len(removals)
    return counts


def _sync_skill_broader(session: Session, data: TaxonomyData, progress: ProgressCallback) -> Counts:
    """Make the broader links of the data's skills and skill groups exactly the data's."""
    step = "Skill hierarchy"
    scope = set(data.skills) | set(data.skill_groups)
    existing = {(narrower, broader)
                for narrower, broader in session.execute(select(SkillBroader.narrower_uri, SkillBroader.broader_uri))}
    inserts = [{"narrower_uri": n, "broader_uri": b} for (n, b) in sorted(data.skill_broader - existing)]
    removals = [{"n": n, "b": b} for (n, b) in sorted(existing - data.skill_broader) if n in scope]
    total = len(inserts) + len(removals)
    progress(step, 0, total)
    done = _write(session, insert(SkillBroader), inserts, step, 0, total, progress)
    table = SkillBroader.__table__
    _write(session, delete(table).where(and_(table.c.narrower_uri == bindparam("n"), table.c.broader_uri == bindparam("b"))),
           removals, step, done, total, progress)
    return Counts(created=len(inserts), removed=len(removals), unchanged=len(data.skill_broader & existing))
