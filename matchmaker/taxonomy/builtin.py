"""The built-in compact taxonomy: a small Dutch/English occupation and skill set shipped with Matchmaker.

It lives in ``matchmaker/taxonomy/data/builtin_taxonomy.json``::

    {"version": ...,
     "skill_groups": [{"key", "label_en", "label_nl", "broader": group key (optional)}],
     "skills": [{"key", "label_en", "label_nl", "alt_en": [], "alt_nl": [], "type", "reuse", "group",
                 "related": [keys]}],
     "occupations": [{"key", "label_en", "label_nl", "alt_en", "alt_nl", "isco", "sector", "description_en",
                      "description_nl", "starter", "essential": [skill keys], "optional": [skill keys]}]}

A skill's ``reuse`` is ESCO's reuse level (:data:`REUSE_LEVELS`): ``transversal`` for what one learns at any
work (working in a team, following work instructions, working outdoors), so a gap in it is bridged on the job;
the languages are ``cross-sector`` here, because a course teaches them (NT2), not the work floor.

Concepts get the URIs ``urn:matchmaker:skill:<key>``, ``urn:matchmaker:occupation:<key>`` and
``urn:matchmaker:skill-group:<key>``; a skill's group, and a group's broader group (the skill hierarchy, as in
ESCO: the groups sit in broader areas under one root), become :class:`~matchmaker.models.SkillBroader` links,
its ``related`` skills :class:`~matchmaker.models.SkillRelation` rows (relation ``related``), and an
occupation's ``isco`` unit group its broader ESCO ISCO group so it joins with ESCO data. Loading goes
through the same upsert as the ESCO import: idempotent, and the taxonomy data version is bumped on change.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

from sqlalchemy.orm import Session

from matchmaker import vocabulary as v
from matchmaker.errors import TaxonomyFormatError
from matchmaker.taxonomy.store import (
    ImportReport,
    ProgressCallback,
    TaxonomyData,
    no_progress,
    split_labels,
    store_taxonomy,
)

SOURCE = "matchmaker-builtin-1"
DATA_DIR = Path(__file__).resolve().parent / "data"
FILE_NAME = "builtin_taxonomy.json"

SKILL_URI = "urn:matchmaker:skill:{}"
OCCUPATION_URI = "urn:matchmaker:occupation:{}"
SKILL_GROUP_URI = "urn:matchmaker:skill-group:{}"
ISCO_GROUP_URI = "http://data.europa.eu/esco/isco/C{}"
RELATED = "related"

#: ESCO's reuse levels of a skill, from learned at any work to used in one occupation only
REUSE_LEVELS = ("transversal", "cross-sector", "sector-specific", "occupation-specific")

KEY = re.compile(r"^[a-z0-9][a-z0-9_.-]*$")
ISCO_UNIT_GROUP = re.compile(r"^\d{4}$")


class BuiltinTaxonomyError(TaxonomyFormatError):
    """The built-in taxonomy file is missing or not in the expected format."""


def builtin_taxonomy_path() -> Path:
    """The packaged built-in taxonomy file; :class:`BuiltinTaxonomyError` if it is missing."""
    path = DATA_DIR / FILE_NAME
    if not path.is_file():
        raise BuiltinTaxonomyError(
            "The built-in taxonomy file is missing: %(path)s. It ships with Matchmaker; reinstall the package.", path=path)
    return path


def load_builtin_taxonomy(*, session: Session, path: str | Path | None = None,
                          progress: ProgressCallback = no_progress) -> ImportReport:
    """Upsert the built-in taxonomy (not committed: the caller commits or rolls back)."""
    data = read_builtin_taxonomy(Path(path) if path else builtin_taxonomy_path())
    return store_taxonomy(session=session, data=data, progress=progress)


def read_builtin_taxonomy(path: Path) -> TaxonomyData:
    """Parse and check the JSON file into a :class:`TaxonomyData`; raises :class:`BuiltinTaxonomyError`."""
    if not path.is_file():
        raise BuiltinTaxonomyError("The taxonomy file %(path)s does not exist.", path=path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BuiltinTaxonomyError("%(name)s is not valid JSON: %(error)s", name=path.name, error=error) from error
    return _Reader(path.name).read(document)


class _Reader:
    def __init__(self, name: str):
        self.name = name

    def error(self, where: str, message: str) -> BuiltinTaxonomyError:
        return BuiltinTaxonomyError("%(name)s: %(where)s: %(message_value)s", name=self.name, where=where, message_value=message)

    def read(self, document) -> TaxonomyData:
        if not isinstance(document, dict):
            raise BuiltinTaxonomyError("%(name)s: the top level must be an object with skill_groups, skills, occupations", name=self.name)
        if "version" not in document:
            raise self.error("version", "is missing")
        data = TaxonomyData(source=SOURCE, origins={
            "occupation_skills": f"{self.name} (occupations' essential/optional skills)",
            "skill_relations": f"{self.name} (skills' related skills)",
        })
        groups = self._entries(document, "skill_groups")
        skills = self._entries(document, "skills")
        occupations = self._entries(document, "occupations")
        group_keys = {entry["key"] for _, entry in groups}
        skill_keys = {entry["key"] for _, entry in skills}

        for where, entry in groups:
            data.skill_groups[SKILL_GROUP_URI.format(entry["key"])] = {
                "code": entry["key"], "label_en": self._label(where, entry, "label_en"),
                "label_nl": self._label(where, entry, "label_nl", required=False),
            }
            broader = entry.get("broader")
            if broader is not None:
                if broader not in group_keys or broader == entry["key"]:
                    raise self.error(f"{where}.broader", f"{broader!r} is not another skill group's key")
                data.skill_broader.add((SKILL_GROUP_URI.format(entry["key"]), SKILL_GROUP_URI.format(broader)))
        for where, entry in skills:
            uri = SKILL_URI.format(entry["key"])
            data.skills[uri] = {
                **self._labels(where, entry),
                "description": self._text(where, entry, "description_nl") or self._text(where, entry, "description_en"),
                "skill_type": self._text(where, entry, "type"),
                "reuse_level": self._reuse(where, entry),
            }
            group = entry.get("group")
            if group is not None:
                if group not in group_keys:
                    raise self.error(f"{where}.group", f"{group!r} is not a skill group key")
                data.skill_broader.add((uri, SKILL_GROUP_URI.format(group)))
            for related in self._keys(f"{where}.related", entry.get("related", []), skill_keys):
                if related != entry["key"]:
                    data.skill_relations[(uri, SKILL_URI.format(related))] = RELATED
        for where, entry in occupations:
            uri = OCCUPATION_URI.format(entry["key"])
            isco = entry.get("isco")
            isco = "" if isco is None else str(isco)
            if isco and not ISCO_UNIT_GROUP.match(isco):
                raise self.error(f"{where}.isco", f"must be a 4-digit ISCO unit group, not {isco!r}")
            sector = entry.get("sector")
            if sector is not None and sector not in v.SECTORS:
                raise self.error(f"{where}.sector", f"{sector!r} is not one of {', '.join(v.SECTORS)}")
            starter = entry.get("starter", False)
            if not isinstance(starter, bool):
                raise self.error(f"{where}.starter", "must be true or false")
            data.occupations[uri] = {
                **self._labels(where, entry),
                "description": self._text(where, entry, "description_nl") or self._text(where, entry, "description_en"),
                "code": isco, "isco_group": isco, "broader_uri": ISCO_GROUP_URI.format(isco) if isco else None,
                "sector": sector, "starter": starter,
            }
            essential = self._keys(f"{where}.essential", entry.get("essential", []), skill_keys)
            optional = self._keys(f"{where}.optional", entry.get("optional", []), skill_keys)
            both = sorted(set(essential) & set(optional))
            if both:
                raise self.error(where, f"skill(s) {', '.join(both)} are both essential and optional")
            for key in optional:
                data.occupation_skills[(uri, SKILL_URI.format(key))] = "optional"
            for key in essential:
                data.occupation_skills[(uri, SKILL_URI.format(key))] = "essential"
        return data

    def _entries(self, document: dict, section: str) -> list[tuple[str, dict]]:
        entries = document.get(section)
        if not isinstance(entries, list):
            raise self.error(section, "must be a list")
        seen: set[str] = set()
        result = []
        for index, entry in enumerate(entries):
            where = f"{section}[{index}]"
            if not isinstance(entry, dict):
                raise self.error(where, "must be an object")
            key = entry.get("key")
            if not isinstance(key, str) or not KEY.match(key):
                raise self.error(f"{where}.key", "must be lower-case letters, digits, '_', '-' or '.'")
            if key in seen:
                raise self.error(f"{where}.key", f"{key!r} appears twice")
            seen.add(key)
            result.append((f"{where} ({key})", entry))
        return result

    def _text(self, where: str, entry: dict, name: str) -> str:
        value = entry.get(name)
        if value is None:
            return ""
        if not isinstance(value, str):
            raise self.error(f"{where}.{name}", "must be text")
        return value.strip()

    def _reuse(self, where: str, entry: dict) -> str:
        reuse = self._text(where, entry, "reuse")
        if reuse and reuse not in REUSE_LEVELS:
            raise self.error(f"{where}.reuse", f"{reuse!r} is not one of {', '.join(REUSE_LEVELS)}")
        return reuse

    def _label(self, where: str, entry: dict, name: str, *, required: bool = True) -> str | None:
        label = " ".join(self._text(where, entry, name).split())
        if not label and required:
            raise self.error(f"{where}.{name}", "is missing")
        if len(label) > 255:
            raise self.error(f"{where}.{name}", "is longer than 255 characters")
        return label or None

    def _labels(self, where: str, entry: dict) -> dict:
        alternatives = {}
        for name in ("alt_en", "alt_nl"):
            value = entry.get(name, [])
            if not isinstance(value, list) or not all(isinstance(label, str) for label in value):
                raise self.error(f"{where}.{name}", "must be a list of labels")
            alternatives[name] = "\n".join(split_labels("\n".join(value)))
        return {
            "label_en": self._label(where, entry, "label_en"),
            "label_nl": self._label(where, entry, "label_nl", required=False),
            "alt_labels_en": alternatives["alt_en"],
            "alt_labels_nl": alternatives["alt_nl"],
        }

    def _keys(self, where: str, value, known: set[str]) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(key, str) for key in value):
            raise self.error(where, "must be a list of skill keys")
        unknown = [key for key in value if key not in known]
        if unknown:
            raise self.error(where, f"unknown skill key(s) {', '.join(unknown)}")
        return value
