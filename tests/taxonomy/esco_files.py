"""Small synthetic ESCO v1.1.1 downloads: the real header lines, a handful of rows, multi-line quoted fields."""
from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

OCC = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"
ISCO = "http://data.europa.eu/esco/isco/"
ISCED = "http://data.europa.eu/esco/isced-f/"

WELDER = OCC + "welder-0001"
NURSE = OCC + "nurse-0002"
SPECIALIST_NURSE = OCC + "nurse-specialist-0003"
WELD = SKILL + "weld-01"
CARE = SKILL + "care-02"
SAFETY = SKILL + "safety-03"
METALS = SKILL + "metals-04"
SKILLS_TOP = SKILL + "top-skills"
SKILLS_GROUP = SKILL + "group-s1"

HEADERS = {
    "occupations_en.csv": "conceptType,conceptUri,iscoGroup,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,"
                          "regulatedProfessionNote,scopeNote,definition,inScheme,description,code",
    "skills_en.csv": "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,status,"
                     "modifiedDate,scopeNote,definition,inScheme,description",
    "ISCOGroups_en.csv": "conceptType,conceptUri,code,preferredLabel,status,altLabels,inScheme,description",
    "skillGroups_en.csv": "conceptType,conceptUri,preferredLabel,altLabels,hiddenLabels,status,modifiedDate,scopeNote,"
                          "inScheme,description,code",
    "skillsHierarchy_en.csv": "Level 0 URI,Level 0 preferred term,Level 1 URI,Level 1 preferred term,Level 2 URI,"
                              "Level 2 preferred term,Level 3 URI,Level 3 preferred term,Description,Scope note,"
                              "Level 0 code,Level 1 code,Level 2 code,Level 3 code",
    "conceptSchemes_en.csv": "conceptType,conceptUri,preferredLabel,title,status,description,hasTopConcept",
    "occupationSkillRelations.csv": "occupationUri,relationType,skillType,skillUri",
    "broaderRelationsOccPillar.csv": "conceptType,conceptUri,broaderType,broaderUri",
    "broaderRelationsSkillPillar.csv": "conceptType,conceptUri,broaderType,broaderUri",
    "skillSkillRelations.csv": "originalSkillUri,originalSkillType,relationType,relatedSkillType,relatedSkillUri",
}
SCHEMES = "http://data.europa.eu/esco/concept-scheme/occupations,\nhttp://data.europa.eu/esco/concept-scheme/member-occupations"


def occupation(uri, isco, label, alt, description, code):
    return ["Occupation", uri, isco, label, alt, "", "released", "2016-07-05T13:58:41Z",
            "http://data.europa.eu/esco/regulated-professions/unregulated", "", "", SCHEMES, description, code]


def skill(uri, kind, reuse, label, alt, description):
    return ["KnowledgeSkillCompetence", uri, kind, reuse, label, alt, "", "released", "2016-12-20T17:43:43Z", "", "",
            SCHEMES, description]


def classification_rows():
    return {
        "occupations_en.csv": [
            occupation(WELDER, "7212", "welder", "welder\nmetal welder\n  arc welder  ", "Welders join metal.", "7212.1"),
            occupation(NURSE, "2221", "nurse responsible for general care", "general nurse\nregistered nurse",
                       "Nurses care for people.\nThey work in hospitals.", "2221.1"),
            occupation(SPECIALIST_NURSE, "2221", "specialist nurse", "", "Specialist nurses specialise.", "2221.1.1"),
        ],
        "skills_en.csv": [
            skill(WELD, "skill/competence", "sector-specific", "use welding equipment", "operate welding equipment\nweld",
                  "Operate welding equipment safely."),
            skill(CARE, "skill/competence", "occupation-specific", "provide nursing care", "give nursing care", "Care."),
            skill(SAFETY, "knowledge", "cross-sector", "health and safety regulations", "", "Rules."),
            skill(METALS, "knowledge", "sector-specific", "metals", "", "Kinds of metal."),
        ],
        "ISCOGroups_en.csv": [
            ["ISCOGroup", ISCO + "C7", "7", "Craft and related trades workers", "released", "", "isco", "Crafts."],
            ["ISCOGroup", ISCO + "C7212", "7212", "Welders and flamecutters", "released", "", "isco", "Welders."],
            ["ISCOGroup", ISCO + "C2221", "2221", "Nursing professionals", "released", "", "isco", "Nurses."],
        ],
        "skillGroups_en.csv": [
            ["SkillGroup", SKILLS_GROUP, "working with metal", "", "", "released", "", "", "skills-hierarchy",
             "Metal work.", "S1"],
            ["SkillGroup", ISCED + "07", "engineering", "", "", "released", "", "", "isced-f", "", "07"],
        ],
        "skillsHierarchy_en.csv": [
            [SKILLS_TOP, "skills", "", "", "", "", "", "", "", "", "S", "", "", ""],
            [SKILLS_TOP, "skills", SKILLS_GROUP, "working with metal", "", "", "", "", "Metal work.", "", "S", "S1", "", ""],
        ],
        "conceptSchemes_en.csv": [],
    }


def relations_rows():
    return {
        "occupationSkillRelations.csv": [
            [WELDER, "essential", "skill/competence", WELD],
            [WELDER, "optional", "knowledge", SAFETY],
            [WELDER, "optional", "knowledge", METALS],
            [NURSE, "essential", "skill/competence", CARE],
            [NURSE, "essential", "knowledge", SAFETY],
            [SPECIALIST_NURSE, "essential", "skill/competence", CARE],
        ],
        "broaderRelationsOccPillar.csv": [
            ["ISCOGroup", ISCO + "C7212", "ISCOGroup", ISCO + "C7"],
            ["Occupation", WELDER, "ISCOGroup", ISCO + "C7212"],
            ["Occupation", NURSE, "ISCOGroup", ISCO + "C2221"],
            ["Occupation", SPECIALIST_NURSE, "Occupation", NURSE],
        ],
        "broaderRelationsSkillPillar.csv": [
            ["SkillGroup", SKILLS_GROUP, "SkillGroup", SKILLS_TOP],
            ["KnowledgeSkillCompetence", WELD, "SkillGroup", SKILLS_GROUP],
            ["KnowledgeSkillCompetence", METALS, "SkillGroup", ISCED + "07"],
        ],
        "skillSkillRelations.csv": [
            [WELD, "skill/competence", "essential", "knowledge", METALS],
            [WELD, "skill/competence", "optional", "knowledge", SAFETY],
        ],
    }


def dutch_rows():
    return [
        occupation(WELDER, "7212", "lasser", "lasser\nmetaallasser\nbooglasser", "Lassers verbinden metaal.", "7212.1"),
        occupation(NURSE, "2221", "verpleegkundige", "algemeen verpleegkundige", "Verpleegkundigen zorgen.", "2221.1"),
    ]


def csv_text(header: str, rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    buffer.write(header + "\n")
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    return buffer.getvalue()


def write_zip(path: Path, files: dict[str, list[list[str]]], *, headers: dict[str, str] | None = None) -> Path:
    headers = {**HEADERS, **(headers or {})}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, rows in files.items():
            archive.writestr(name, csv_text(headers[name], rows))
    return path


def write_esco(folder: Path, *, classification=None, relations=None, dutch=None) -> tuple[Path, Path, Path]:
    """The three ESCO inputs in ``folder``; pass replacement row dicts to vary them."""
    classification_zip = write_zip(folder / "esco-classification-en-csv.zip", classification or classification_rows())
    relations_zip = write_zip(folder / "esco-relations-csv.zip", relations or relations_rows())
    nl = folder / "occupations_nl.csv"
    nl.write_text(csv_text(HEADERS["occupations_en.csv"], dutch if dutch is not None else dutch_rows()), encoding="utf-8")
    return classification_zip, relations_zip, nl
