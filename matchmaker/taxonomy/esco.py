"""Import the official ESCO v1.1.1 CSV downloads, exactly as the ESCO portal publishes them.

Inputs: the English classification zip (``occupations_en.csv``, ``skills_en.csv``, ``ISCOGroups_en.csv``,
``skillGroups_en.csv``, ``skillsHierarchy_en.csv``, ...), the relations zip (``occupationSkillRelations.csv``,
``broaderRelationsOccPillar.csv``, ``broaderRelationsSkillPillar.csv``, ``skillSkillRelations.csv``) and,
optionally, the Dutch download for Dutch labels: its zip, or any of its files (``occupations_nl.csv``,
``skills_nl.csv``, ``skillGroups_nl.csv``, the skill-collection files such as
``transversalSkillsCollection_nl.csv``). Each Dutch file gives, per ``conceptUri``, the Dutch preferred label,
the alternative labels and the description of an occupation, skill or skill group.

Every file is checked (a zip, with the expected members and header columns) before anything is read, and
everything is read before the database is touched; :func:`import_esco` then writes through
:func:`~matchmaker.taxonomy.store.store_taxonomy` in the caller's transaction (commit on success, roll back
on error). Running it again with the same files changes nothing.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from pathlib import Path, PurePosixPath
from typing import IO

from sqlalchemy.orm import Session

from matchmaker.errors import TaxonomyFormatError
from matchmaker.taxonomy.store import (
    ImportReport,
    ProgressCallback,
    TaxonomyData,
    no_progress,
    split_labels,
    store_taxonomy,
)

SOURCE = "esco-v1.1.1"

#: member file -> header columns the import reads
CLASSIFICATION_FILES = {
    "occupations_en.csv": ("conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "description", "code"),
    "skills_en.csv": ("conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels", "description"),
    "ISCOGroups_en.csv": ("conceptType", "conceptUri", "code", "preferredLabel"),
    "skillGroups_en.csv": ("conceptType", "conceptUri", "preferredLabel", "code"),
    "skillsHierarchy_en.csv": tuple(
        f"Level {level} {part}" for level in range(4) for part in ("URI", "preferred term", "code")
    ),
}
RELATIONS_FILES = {
    "occupationSkillRelations.csv": ("occupationUri", "relationType", "skillUri"),
    "broaderRelationsOccPillar.csv": ("conceptType", "conceptUri", "broaderType", "broaderUri"),
    "broaderRelationsSkillPillar.csv": ("conceptType", "conceptUri", "broaderType", "broaderUri"),
    "skillSkillRelations.csv": ("originalSkillUri", "relationType", "relatedSkillUri"),
}
#: columns every Dutch file has (``altLabels`` and ``description`` are read when present)
DUTCH_COLUMNS = ("conceptUri", "preferredLabel")
#: Dutch files are recognised by this ending, in a folder or in the Dutch zip
DUTCH_SUFFIX = "_nl.csv"
#: the Dutch files applied last win: the full skill file over the collections that repeat part of it
DUTCH_ORDER = ("Collection_nl.csv", "skillGroups_nl.csv", "occupations_nl.csv", "skills_nl.csv")

RELATION_TYPES = ("essential", "optional")
ISCO_UNIT_GROUP = re.compile(r"^\d{4}$")


class EscoFormatError(TaxonomyFormatError):
    """An ESCO input file is not what the import expects (wrong file, missing member or column, bad row)."""


def find_esco_files(folder: str | Path) -> dict[str, Path | None]:
    """The ESCO downloads in ``folder``, told apart by what they hold (their file names vary between releases).

    Returns the keyword arguments of :func:`import_esco`: ``classification_zip``, ``relations_zip`` and
    ``dutch``: the Dutch files found there and in its subfolders (``*_nl.csv``, or a zip holding them).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise EscoFormatError("%(folder)s is not a folder with the ESCO downloads.", folder=folder)
    found: dict[str, Path | None] = {"classification_zip": None, "relations_zip": None}
    dutch: list[Path] = []
    for path in sorted(folder.glob("*.zip")):
        try:
            with zipfile.ZipFile(path) as archive:
                members = {Path(name).name for name in archive.namelist()}
        except zipfile.BadZipFile:
            continue
        if "occupations_en.csv" in members:
            found["classification_zip"] = path
        elif "occupationSkillRelations.csv" in members:
            found["relations_zip"] = path
        elif any(name.endswith(DUTCH_SUFFIX) for name in members):
            dutch.append(path)
    missing = [name for name, path in found.items() if path is None]
    if missing:
        raise EscoFormatError("%(folder)s lacks the ESCO %(value)s zip.", folder=folder, value=' and the '.join(m.removesuffix('_zip') for m in missing))
    dutch += sorted(folder.rglob("*" + DUTCH_SUFFIX))
    return {**found, "dutch": dutch}


def import_esco(*, session: Session, classification_zip: str | Path, relations_zip: str | Path,
                dutch: Iterable[str | Path] = (), progress: ProgressCallback = no_progress) -> ImportReport:
    """Check and read the ESCO files, then upsert them (not committed: the caller commits or rolls back).

    ``dutch``: the Dutch download's zip, its CSV files, or folders holding them (see :class:`DutchLabels`).
    """
    data = read_esco(classification_zip, relations_zip, dutch, progress=progress)
    return store_taxonomy(session=session, data=data, progress=progress)


def read_esco(classification_zip: str | Path, relations_zip: str | Path, dutch: Iterable[str | Path] = (),
              *, progress: ProgressCallback = no_progress) -> TaxonomyData:
    """Validate all inputs, then read them into a :class:`TaxonomyData`; raises :class:`EscoFormatError`."""
    classification = _CsvZip(Path(classification_zip), "classification", CLASSIFICATION_FILES, RELATIONS_FILES)
    relations = _CsvZip(Path(relations_zip), "relations", RELATIONS_FILES, CLASSIFICATION_FILES)
    dutch_labels = DutchLabels([Path(p) for p in dutch])

    step = "Reading ESCO files"
    total = len(CLASSIFICATION_FILES) + len(RELATIONS_FILES) + (1 if dutch_labels.files else 0)
    done = 0

    def file_read() -> None:
        nonlocal done
        done += 1
        progress(step, done, total)

    progress(step, 0, total)
    data = TaxonomyData(source=SOURCE, origins={
        "occupation_skills": relations.describe("occupationSkillRelations.csv"),
        "skill_relations": relations.describe("skillSkillRelations.csv"),
    })
    _read_occupation_groups(classification, data)
    file_read()
    _read_skill_groups(classification, data)
    file_read()
    _read_skills(classification, data)
    file_read()
    _read_occupations(classification, data)
    file_read()
    _read_skill_hierarchy(classification, data)
    file_read()
    if dutch_labels.files:
        dutch_labels.apply(data)
        file_read()
    _read_occupation_broader(relations, data)
    file_read()
    _read_skill_broader(relations, data)
    file_read()
    _read_skill_relations(relations, data)
    file_read()
    _read_occupation_skills(relations, data)
    file_read()
    return data


class _CsvZip:
    """One ESCO zip, checked on opening: a zip file with the expected members, each with the expected columns."""

    def __init__(self, path: Path, kind: str, expected: dict[str, tuple[str, ...]], other: dict[str, tuple[str, ...]]):
        self.path = path
        if not path.is_file():
            raise EscoFormatError("The ESCO %(kind)s zip %(path)s does not exist.", kind=kind, path=path)
        if not zipfile.is_zipfile(path):
            raise EscoFormatError("%(name)s is not the ESCO %(kind)s zip: it is not a zip file.", name=path.name, kind=kind)
        try:
            self.zip = zipfile.ZipFile(path)
        except (zipfile.BadZipFile, OSError) as error:
            raise EscoFormatError("%(name)s is not the ESCO %(kind)s zip: it cannot be opened (%(error)s).", name=path.name, kind=kind, error=error) from error
        self.members = {PurePosixPath(info.filename).name: info for info in self.zip.infolist() if not info.is_dir()}
        missing = [name for name in expected if name not in self.members]
        if missing:
            hint = ""
            if all(name in self.members for name in other):
                hint = " (it looks like the other ESCO zip; give the classification zip first, then the relations zip)"
            raise EscoFormatError("%(name)s is not the ESCO %(kind)s zip: it lacks %(value)s%(hint)s.", name=path.name, kind=kind, value=', '.join(missing), hint=hint)
        for name, columns in expected.items():
            header = self._header(name)
            lacking = [column for column in columns if column not in header]
            if lacking:
                raise EscoFormatError(
                    "%(name)s in %(name2)s is not in the ESCO v1.1.1 format: it lacks the column(s) %(value)s.", name=name, name2=path.name, value=', '.join(lacking))

    def describe(self, name: str) -> str:
        return f"{name} in {self.path.name}"

    def error(self, name: str, line: int, message: str) -> EscoFormatError:
        return EscoFormatError("%(value)s, line %(line)s: %(message_value)s", value=self.describe(name), line=line, message_value=message)

    def _header(self, name: str) -> list[str]:
        try:
            with self.zip.open(self.members[name]) as raw:
                return next(csv.reader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")), [])
        except (csv.Error, UnicodeDecodeError, zipfile.BadZipFile, OSError) as error:
            raise EscoFormatError("%(value)s cannot be read as a UTF-8 CSV file (%(error)s).", value=self.describe(name), error=error) from error

    def rows(self, name: str) -> Iterator[tuple[int, dict[str, str]]]:
        """(line number, row) of a member CSV; quoted fields may span lines."""
        line = 1
        try:
            with self.zip.open(self.members[name]) as raw:
                reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
                for row in reader:
                    line = reader.line_num
                    yield line, {key: (value or "") for key, value in row.items() if key is not None}
        except (csv.Error, UnicodeDecodeError, zipfile.BadZipFile, OSError) as error:
            raise self.error(name, line, f"cannot be read as CSV ({error})") from error


class DutchLabels:
    """Dutch labels from the Dutch ESCO download: its zip, its ``*_nl.csv`` files, or folders holding them.

    Every file is checked on opening (a UTF-8 CSV with ``conceptUri`` and ``preferredLabel``); :meth:`apply`
    then sets, for each occupation, skill and skill group the English files have, the Dutch preferred label,
    alternative labels and description. Concepts no Dutch file names keep their English labels only.
    """

    def __init__(self, paths: list[Path]):
        #: (description for messages, opener returning a binary file object)
        self.files: list[tuple[str, Callable[[], IO[bytes]]]] = []
        for path in paths:
            if path.is_dir():
                found = sorted(path.rglob("*" + DUTCH_SUFFIX))
                if not found:
                    raise EscoFormatError("The folder %(path)s holds no Dutch ESCO files (*%(DUTCH_SUFFIX)s).", path=path, DUTCH_SUFFIX=DUTCH_SUFFIX)
                self.files += [(p.name, partial(p.open, "rb")) for p in found]
            elif zipfile.is_zipfile(path):
                archive = zipfile.ZipFile(path)
                members = [info for info in archive.infolist()
                           if not info.is_dir() and PurePosixPath(info.filename).name.endswith(DUTCH_SUFFIX)]
                if not members:
                    raise EscoFormatError("%(name)s is not the Dutch ESCO zip: it holds no *%(DUTCH_SUFFIX)s files.", name=path.name, DUTCH_SUFFIX=DUTCH_SUFFIX)
                self.files += [(f"{PurePosixPath(m.filename).name} in {path.name}", partial(archive.open, m))
                               for m in members]
            elif path.is_file():
                self.files.append((path.name, partial(path.open, "rb")))
            else:
                raise EscoFormatError("The Dutch ESCO file %(path)s does not exist.", path=path)
        self.files.sort(key=lambda file: _dutch_rank(file[0]))
        for name, opener in self.files:
            header = next(self._rows(name, opener, header_only=True))
            lacking = [column for column in DUTCH_COLUMNS if column not in header]
            if lacking:
                raise EscoFormatError(
                    "%(name)s is not a file of the Dutch ESCO download: it lacks the column(s) %(value)s.", name=name, value=', '.join(lacking))

    @staticmethod
    def _rows(name: str, opener, header_only: bool = False) -> Iterator:
        try:
            with opener() as raw:
                reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8-sig", newline=""))
                if header_only:
                    yield list(reader.fieldnames or [])
                    return
                for row in reader:
                    yield {k: (v or "") for k, v in row.items() if k is not None}
        except (csv.Error, UnicodeDecodeError, zipfile.BadZipFile, OSError) as error:
            raise EscoFormatError(
                "%(name)s is not a file of the Dutch ESCO download: it cannot be read as a UTF-8 CSV file (%(error)s).", name=name, error=error) \
                from error

    def apply(self, data: TaxonomyData) -> None:
        for name, opener in self.files:
            for row in self._rows(name, opener):
                uri = row["conceptUri"].strip()
                label = " ".join(row["preferredLabel"].split())
                if not label:
                    continue
                if uri in data.skill_groups:
                    data.skill_groups[uri]["label_nl"] = label
                    continue
                concept = data.occupations.get(uri) or data.skills.get(uri)
                if concept is None:
                    continue
                concept["label_nl"] = label
                concept["alt_labels_nl"] = "\n".join(split_labels(row.get("altLabels")))
                if (row.get("description") or "").strip():
                    concept["description"] = row["description"].strip()


def _dutch_rank(name: str) -> int:
    base = name.split(" in ")[0]
    return next((rank for rank, ending in enumerate(DUTCH_ORDER) if base.endswith(ending)), -1)


def _uri(source: _CsvZip, name: str, line: int, row: dict[str, str], column: str) -> str:
    uri = row[column].strip()
    if not uri:
        raise source.error(name, line, f"{column} is empty")
    return uri


def _label(source: _CsvZip, name: str, line: int, row: dict[str, str], column: str = "preferredLabel") -> str:
    label = " ".join(row[column].split())
    if not label:
        raise source.error(name, line, f"{column} is empty")
    return label


def _relation_type(source: _CsvZip, name: str, line: int, row: dict[str, str]) -> str:
    relation = row["relationType"].strip()
    if relation not in RELATION_TYPES:
        raise source.error(name, line, f"relationType must be essential or optional, not {relation!r}")
    return relation


def _read_occupation_groups(source: _CsvZip, data: TaxonomyData) -> None:
    name = "ISCOGroups_en.csv"
    for line, row in source.rows(name):
        data.occupation_groups[_uri(source, name, line, row, "conceptUri")] = {
            "code": row["code"].strip(), "label_en": _label(source, name, line, row), "broader_uri": None,
        }


def _read_skill_groups(source: _CsvZip, data: TaxonomyData) -> None:
    name = "skillGroups_en.csv"
    for line, row in source.rows(name):
        data.skill_groups[_uri(source, name, line, row, "conceptUri")] = {
            "code": row["code"].strip(), "label_en": _label(source, name, line, row),
        }


def _read_skills(source: _CsvZip, data: TaxonomyData) -> None:
    name = "skills_en.csv"
    for line, row in source.rows(name):
        data.skills[_uri(source, name, line, row, "conceptUri")] = {
            "label_en": _label(source, name, line, row),
            "alt_labels_en": "\n".join(split_labels(row["altLabels"])),
            "description": row["description"].strip(),
            "skill_type": row["skillType"].strip(),
            "reuse_level": row["reuseLevel"].strip(),
        }
    if not data.skills:
        raise EscoFormatError("%(value)s has no skills.", value=source.describe(name))


def _read_occupations(source: _CsvZip, data: TaxonomyData) -> None:
    name = "occupations_en.csv"
    for line, row in source.rows(name):
        isco_group = row["iscoGroup"].strip()
        if not ISCO_UNIT_GROUP.match(isco_group):
            raise source.error(name, line, f"iscoGroup must be a 4-digit ISCO unit group, not {isco_group!r}")
        data.occupations[_uri(source, name, line, row, "conceptUri")] = {
            "label_en": _label(source, name, line, row),
            "alt_labels_en": "\n".join(split_labels(row["altLabels"])),
            "description": row["description"].strip(),
            "code": row["code"].strip(),
            "isco_group": isco_group,
            "broader_uri": None,
        }
    if not data.occupations:
        raise EscoFormatError("%(value)s has no occupations.", value=source.describe(name))


def _read_skill_hierarchy(source: _CsvZip, data: TaxonomyData) -> None:
    """Hierarchy rows: the path from a top concept down to a group; adds the groups and links absent elsewhere."""
    name = "skillsHierarchy_en.csv"
    for _line, row in source.rows(name):
        parent = None
        for level in range(4):
            uri = row[f"Level {level} URI"].strip()
            if not uri:
                break
            if uri not in data.skill_groups:
                data.skill_groups[uri] = {
                    "code": row[f"Level {level} code"].strip(),
                    "label_en": " ".join(row[f"Level {level} preferred term"].split()) or uri,
                }
            if parent:
                data.skill_broader.add((uri, parent))
            parent = uri


def _read_occupation_broader(source: _CsvZip, data: TaxonomyData) -> None:
    name = "broaderRelationsOccPillar.csv"
    for line, row in source.rows(name):
        uri = _uri(source, name, line, row, "conceptUri")
        broader = _uri(source, name, line, row, "broaderUri")
        concept = data.occupations.get(uri) or data.occupation_groups.get(uri)
        if concept is not None and concept.get("broader_uri") is None:
            concept["broader_uri"] = broader


def _read_skill_broader(source: _CsvZip, data: TaxonomyData) -> None:
    name = "broaderRelationsSkillPillar.csv"
    for line, row in source.rows(name):
        narrower = _uri(source, name, line, row, "conceptUri")
        if narrower not in data.skills and narrower not in data.skill_groups:
            raise source.error(name, line, f"names a skill or skill group the classification zip lacks: {narrower}")
        data.skill_broader.add((narrower, _uri(source, name, line, row, "broaderUri")))


def _read_skill_relations(source: _CsvZip, data: TaxonomyData) -> None:
    name = "skillSkillRelations.csv"
    for line, row in source.rows(name):
        key = (_uri(source, name, line, row, "originalSkillUri"), _uri(source, name, line, row, "relatedSkillUri"))
        relation = _relation_type(source, name, line, row)
        if data.skill_relations.get(key) != "essential":
            data.skill_relations[key] = relation


def _read_occupation_skills(source: _CsvZip, data: TaxonomyData) -> None:
    name = "occupationSkillRelations.csv"
    for line, row in source.rows(name):
        key = (_uri(source, name, line, row, "occupationUri"), _uri(source, name, line, row, "skillUri"))
        relation = _relation_type(source, name, line, row)
        if data.occupation_skills.get(key) != "essential":
            data.occupation_skills[key] = relation
