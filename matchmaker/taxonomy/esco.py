"""Import the official ESCO v1.1.1 CSV downloads, exactly as the ESCO portal publishes them.

Inputs: the English classification zip (``occupations_en.csv``, ``skills_en.csv``, ``ISCOGroups_en.csv``,
``skillGroups_en.csv``, ``skillsHierarchy_en.csv``, ...), the relations zip (``occupationSkillRelations.csv``,
``broaderRelationsOccPillar.csv``, ``broaderRelationsSkillPillar.csv``, ``skillSkillRelations.csv``) and,
optionally, ``occupations_nl.csv`` from the Dutch download for Dutch occupation labels.

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
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

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
DUTCH_OCCUPATIONS_FILE = "occupations_nl.csv"
DUTCH_OCCUPATION_COLUMNS = ("conceptUri", "preferredLabel", "altLabels", "description")

RELATION_TYPES = ("essential", "optional")
ISCO_UNIT_GROUP = re.compile(r"^\d{4}$")


class EscoFormatError(TaxonomyFormatError):
    """An ESCO input file is not what the import expects (wrong file, missing member or column, bad row)."""


def find_esco_files(folder: str | Path) -> dict[str, Path | None]:
    """The ESCO downloads in ``folder``, told apart by what they hold (their file names vary between releases).

    Returns the keyword arguments of :func:`import_esco`: ``classification_zip``, ``relations_zip`` and
    ``nl_labels`` (``occupations_nl.csv`` when present, else None).
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise EscoFormatError("%(folder)s is not a folder with the ESCO downloads.", folder=folder)
    found: dict[str, Path | None] = {"classification_zip": None, "relations_zip": None}
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
    missing = [name for name, path in found.items() if path is None]
    if missing:
        raise EscoFormatError("%(folder)s lacks the ESCO %(value)s zip.", folder=folder, value=' and the '.join(m.removesuffix('_zip') for m in missing))
    nl_labels = folder / "occupations_nl.csv"
    return {**found, "nl_labels": nl_labels if nl_labels.exists() else None}


def import_esco(*, session: Session, classification_zip: str | Path, relations_zip: str | Path,
                nl_labels: str | Path | None = None, progress: ProgressCallback = no_progress) -> ImportReport:
    """Check and read the ESCO files, then upsert them (not committed: the caller commits or rolls back)."""
    data = read_esco(classification_zip, relations_zip, nl_labels, progress=progress)
    return store_taxonomy(session=session, data=data, progress=progress)


def read_esco(classification_zip: str | Path, relations_zip: str | Path, nl_labels: str | Path | None = None,
              *, progress: ProgressCallback = no_progress) -> TaxonomyData:
    """Validate all inputs, then read them into a :class:`TaxonomyData`; raises :class:`EscoFormatError`."""
    classification = _CsvZip(Path(classification_zip), "classification", CLASSIFICATION_FILES, RELATIONS_FILES)
    relations = _CsvZip(Path(relations_zip), "relations", RELATIONS_FILES, CLASSIFICATION_FILES)
    dutch = _DutchOccupations(Path(nl_labels)) if nl_labels else None

    step = "Reading ESCO files"
    total = len(CLASSIFICATION_FILES) + len(RELATIONS_FILES) + (1 if dutch else 0)
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
    if dutch:
        dutch.apply(data)
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


class _DutchOccupations:
    """``occupations_nl.csv``: Dutch preferred and alternative labels (and descriptions) keyed by conceptUri."""

    def __init__(self, path: Path):
        self.path = path
        if not path.is_file():
            raise EscoFormatError("The Dutch occupation labels file %(path)s does not exist.", path=path)
        lacking = [column for column in DUTCH_OCCUPATION_COLUMNS if column not in self._read()[0]]
        if lacking:
            raise EscoFormatError(
                "%(name)s is not the Dutch ESCO occupations file (%(DUTCH_OCCUPATIONS_FILE)s): it lacks the column(s) %(value)s.", name=path.name, DUTCH_OCCUPATIONS_FILE=DUTCH_OCCUPATIONS_FILE, value=', '.join(lacking))

    def _read(self, header_only: bool = True) -> tuple[list[str], list[dict[str, str]]]:
        try:
            with self.path.open(encoding="utf-8-sig", newline="") as handle:
                reader = csv.DictReader(handle)
                header = list(reader.fieldnames or [])
                rows = [] if header_only else [{k: (v or "") for k, v in row.items() if k is not None} for row in reader]
                return header, rows
        except (csv.Error, UnicodeDecodeError, OSError) as error:
            raise EscoFormatError(
                "%(name)s is not the Dutch ESCO occupations file (%(DUTCH_OCCUPATIONS_FILE)s): it cannot be read as a UTF-8 CSV file (%(error)s).", name=self.path.name, DUTCH_OCCUPATIONS_FILE=DUTCH_OCCUPATIONS_FILE, error=error) from error

    def apply(self, data: TaxonomyData) -> None:
        for row in self._read(header_only=False)[1]:
            occupation = data.occupations.get(row["conceptUri"].strip())
            label = " ".join(row["preferredLabel"].split())
            if occupation is None or not label:
                continue
            occupation["label_nl"] = label
            occupation["alt_labels_nl"] = "\n".join(split_labels(row["altLabels"]))
            if row["description"].strip():
                occupation["description"] = row["description"].strip()


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
