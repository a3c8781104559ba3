import os
from pathlib import Path

import pytest
from sqlalchemy import func, select

from matchmaker.models import (
    DataVersion,
    Occupation,
    OccupationGroup,
    OccupationSkill,
    Skill,
    SkillBroader,
    SkillGroup,
    SkillRelation,
)
from matchmaker.services.catalogue import catalogue
from matchmaker.taxonomy import store
from matchmaker.taxonomy.esco import EscoFormatError, find_esco_files, import_esco
from tests.taxonomy import esco_files as f

REPO_ROOT = Path(__file__).resolve().parents[2]


def counts(session):
    return {model.__name__: session.scalar(select(func.count()).select_from(model))
            for model in (Occupation, Skill, OccupationGroup, SkillGroup, OccupationSkill, SkillRelation, SkillBroader)}


def taxonomy_version(session):
    return session.scalar(select(DataVersion.version).where(DataVersion.scope == "taxonomy"))


def run(session, files, **kwargs):
    classification, relations, *dutch = files
    report = import_esco(session=session, classification_zip=classification, relations_zip=relations,
                         dutch=dutch, **kwargs)
    session.commit()
    return report


def occupation(session, uri):
    return session.scalar(select(Occupation).where(Occupation.uri == uri))


def test_import_reads_concepts_hierarchies_and_relations(session, tmp_path):
    report = run(session, f.write_esco(tmp_path))

    assert {kind: c.created for kind, c in report.counts.items()} == {
        "occupation_groups": 3, "skill_groups": 3, "skills": 4, "occupations": 3,
        "skill_hierarchy": 3, "skill_relations": 2, "occupation_skills": 6,
    }
    welder = occupation(session, f.WELDER)
    assert welder.label_en == "welder"
    assert welder.alt_labels_en == "welder\nmetal welder\narc welder"  # multi-line quoted field, blanks trimmed
    assert (welder.isco_group, welder.code, welder.broader_uri) == ("7212", "7212.1", f.ISCO + "C7212")
    assert occupation(session, f.SPECIALIST_NURSE).broader_uri == f.NURSE
    skills = {s.skill.uri: s.relation for s in welder.skills}
    assert skills == {f.WELD: "essential", f.SAFETY: "optional", f.METALS: "optional"}
    weld = session.scalar(select(Skill).where(Skill.uri == f.WELD))
    assert (weld.skill_type, weld.reuse_level, weld.description) == (
        "skill/competence", "sector-specific", "Operate welding equipment safely.")
    unit = session.scalar(select(OccupationGroup).where(OccupationGroup.uri == f.ISCO + "C7212"))
    assert (unit.code, unit.label_en, unit.broader_uri) == ("7212", "Welders and flamecutters", f.ISCO + "C7")
    groups = {uri: label for uri, label in session.execute(select(SkillGroup.uri, SkillGroup.label_en))}
    assert groups == {f.SKILLS_GROUP: "working with metal", f.ISCED + "07": "engineering", f.SKILLS_TOP: "skills"}
    assert {(n, b) for n, b in session.execute(select(SkillBroader.narrower_uri, SkillBroader.broader_uri))} == {
        (f.SKILLS_GROUP, f.SKILLS_TOP), (f.WELD, f.SKILLS_GROUP), (f.METALS, f.ISCED + "07")}
    relations = {(r.skill_id, r.related_skill_id): r.relation for r in session.scalars(select(SkillRelation))}
    ids = {uri: id_ for uri, id_ in session.execute(select(Skill.uri, Skill.id))}
    assert relations == {(ids[f.WELD], ids[f.METALS]): "essential", (ids[f.WELD], ids[f.SAFETY]): "optional"}
    assert session.scalar(select(DataVersion).where(DataVersion.scope == "taxonomy")).source == "esco-v1.1.1"
    assert taxonomy_version(session) == 1


def test_dutch_occupation_labels_where_known(session, tmp_path):
    run(session, f.write_esco(tmp_path))

    welder = occupation(session, f.WELDER)
    assert (welder.label, welder.label_nl, welder.label_en) == ("lasser", "lasser", "welder")
    assert welder.alt_labels_nl == "lasser\nmetaallasser\nbooglasser"
    assert welder.description == "Lassers verbinden metaal."
    specialist = occupation(session, f.SPECIALIST_NURSE)  # no Dutch row: English
    assert (specialist.label, specialist.label_nl) == ("specialist nurse", None)
    weld = session.scalar(select(Skill).where(Skill.uri == f.WELD))
    assert (weld.label, weld.label_nl) == ("use welding equipment", None)


def dutch_skill(uri, label, alt, description):
    return ["KnowledgeSkillCompetence", uri, "skill/competence", "transversal", label, "released", alt, description,
            "", ""]


def write_dutch_download(folder: Path) -> Path:
    """The Dutch classification zip: Dutch occupations, a Dutch skill file, skill groups and one collection."""
    return f.write_zip(folder / "ESCO dataset - v1.1.1 - classification - nl - csv.zip", {
        "occupations_nl.csv": f.dutch_rows(),
        "skills_nl.csv": [dutch_skill(f.WELD, "lasapparatuur gebruiken", "lassen\nlasapparaat bedienen", "Veilig lassen.")],
        "skillGroups_nl.csv": [[f.SKILLS_GROUP, "werken met metaal", "", ""]],
        "transversalSkillsCollection_nl.csv": [dutch_skill(f.CARE, "verpleegkundige zorg verlenen", "", "")],
    }, headers={"occupations_nl.csv": f.HEADERS["occupations_en.csv"], "skills_nl.csv": DUTCH_SKILL_HEADER,
                "skillGroups_nl.csv": "conceptUri,preferredLabel,altLabels,hiddenLabels",
                "transversalSkillsCollection_nl.csv": DUTCH_SKILL_HEADER})


DUTCH_SKILL_HEADER = ("conceptType,conceptUri,skillType,reuseLevel,preferredLabel,status,altLabels,description,"
                      "broaderConceptUri,broaderConceptPT")


def test_the_dutch_download_gives_dutch_skill_skill_group_and_occupation_labels(session, tmp_path):
    classification, relations, _ = f.write_esco(tmp_path)
    dutch_zip = write_dutch_download(tmp_path)

    report = run(session, (classification, relations, dutch_zip))

    weld = session.scalar(select(Skill).where(Skill.uri == f.WELD))
    assert (weld.label_nl, weld.alt_labels_nl, weld.description) == (
        "lasapparatuur gebruiken", "lassen\nlasapparaat bedienen", "Veilig lassen.")
    care = session.scalar(select(Skill).where(Skill.uri == f.CARE))
    assert care.label_nl == "verpleegkundige zorg verlenen"
    group = session.scalar(select(SkillGroup).where(SkillGroup.uri == f.SKILLS_GROUP))
    assert (group.label_en, group.label_nl) == ("working with metal", "werken met metaal")
    assert occupation(session, f.WELDER).label_nl == "lasser"
    assert session.scalar(select(Skill).where(Skill.uri == f.SAFETY)).label_nl is None
    assert report.counts["skills"].created == 4

    again = run(session, (classification, relations, dutch_zip))
    assert not again.changed


def test_dutch_files_given_one_by_one_or_as_a_folder_give_the_same_labels(session, tmp_path):
    classification, relations, occupations_nl = f.write_esco(tmp_path)
    folder = tmp_path / "nl"
    folder.mkdir()
    import zipfile
    with zipfile.ZipFile(write_dutch_download(tmp_path)) as archive:
        archive.extractall(folder)

    run(session, (classification, relations, folder))
    by_folder = {s.uri: s.label_nl for s in session.scalars(select(Skill))}
    again = run(session, (classification, relations, *sorted(folder.glob("*.csv"))))

    assert not again.changed
    assert by_folder[f.WELD] == "lasapparatuur gebruiken"


def test_find_esco_files_picks_up_the_dutch_files_in_the_folder(tmp_path):
    from matchmaker.taxonomy.esco import find_esco_files

    f.write_esco(tmp_path)
    (tmp_path / "nl-collections").mkdir()
    collection = tmp_path / "nl-collections" / "transversalSkillsCollection_nl.csv"
    collection.write_text(DUTCH_SKILL_HEADER + "\n", encoding="utf-8")

    found = find_esco_files(tmp_path)

    assert sorted(p.name for p in found["dutch"]) == ["occupations_nl.csv", "transversalSkillsCollection_nl.csv"]


def test_a_dutch_file_without_the_columns_is_refused_and_nothing_imported(session, tmp_path):
    classification, relations, _ = f.write_esco(tmp_path)
    bad = tmp_path / "skills_nl.csv"
    bad.write_text("uri,label\nx,y\n", encoding="utf-8")

    with pytest.raises(EscoFormatError, match="skills_nl.csv is not a file of the Dutch ESCO download: it lacks "
                                              "the column"):
        run(session, (classification, relations, bad))
    assert set(counts(session).values()) == {0}


def test_second_run_changes_nothing(session, tmp_path):
    files = f.write_esco(tmp_path)
    run(session, files)
    before = counts(session)

    report = run(session, files)

    assert all((c.created, c.updated, c.removed) == (0, 0, 0) for c in report.counts.values())
    assert report.counts["occupation_skills"].unchanged == 6
    assert not report.changed
    assert counts(session) == before
    assert taxonomy_version(session) == 1


def test_a_newer_download_updates_labels_and_relations_and_bumps_the_version(session, tmp_path):
    run(session, f.write_esco(tmp_path))
    classification = f.classification_rows()
    classification["occupations_en.csv"][0][3] = "welder and cutter"
    relations = f.relations_rows()
    relations["occupationSkillRelations.csv"] = [
        row for row in relations["occupationSkillRelations.csv"] if row[3] != f.METALS
    ]
    relations["occupationSkillRelations.csv"][1][1] = "essential"  # welder: safety now essential
    newer = tmp_path / "newer"
    newer.mkdir()

    report = run(session, f.write_esco(newer, classification=classification, relations=relations))

    assert (report.counts["occupations"].updated, report.counts["occupations"].unchanged) == (1, 2)
    assert (report.counts["occupation_skills"].updated, report.counts["occupation_skills"].removed) == (1, 1)
    welder = occupation(session, f.WELDER)
    assert welder.label_en == "welder and cutter"
    assert {s.skill.uri: s.relation for s in welder.skills} == {f.WELD: "essential", f.SAFETY: "essential"}
    assert taxonomy_version(session) == 2


def test_relations_naming_an_occupation_the_classification_lacks_are_skipped_and_reported(session, tmp_path):
    relations = f.relations_rows()
    relations["occupationSkillRelations.csv"].append([f.OCC + "withdrawn-9999", "essential", "knowledge", f.SAFETY])

    report = run(session, f.write_esco(tmp_path, relations=relations))

    assert (report.counts["occupation_skills"].created, report.counts["occupation_skills"].skipped) == (6, 1)
    assert report.notes == [
        "occupationSkillRelations.csv in esco-relations-csv.zip: relations naming 1 occupation the taxonomy lacks "
        f"({f.OCC}withdrawn-9999)"]
    assert any(line.startswith("Skipped: ") for line in report.lines())


def test_progress_is_reported_per_step(session, tmp_path):
    seen = []
    run(session, f.write_esco(tmp_path), progress=lambda step, done, total: seen.append((step, done, total)))

    assert ("Reading ESCO files", 10, 10) in seen
    assert ("Occupation skills", 6, 6) in seen


def test_the_relations_zip_in_place_of_the_classification_zip_is_named(session, tmp_path):
    classification, relations, nl = f.write_esco(tmp_path)

    with pytest.raises(EscoFormatError) as error:
        import_esco(session=session, classification_zip=relations, relations_zip=classification)

    assert error.value.message == (
        "esco-relations-csv.zip is not the ESCO classification zip: it lacks occupations_en.csv, skills_en.csv, "
        "ISCOGroups_en.csv, skillGroups_en.csv, skillsHierarchy_en.csv (it looks like the other ESCO zip; "
        "give the classification zip first, then the relations zip).")
    assert counts(session)["Occupation"] == 0


@pytest.mark.parametrize("breakage, message", [
    ("not a zip", "esco-relations-csv.zip is not the ESCO relations zip: it is not a zip file."),
    ("missing member", "esco-relations-csv.zip is not the ESCO relations zip: it lacks skillSkillRelations.csv."),
    ("missing column", "occupationSkillRelations.csv in esco-relations-csv.zip is not in the ESCO v1.1.1 format: "
                       "it lacks the column(s) relationType."),
    ("bad row", "occupationSkillRelations.csv in esco-relations-csv.zip, line 7: relationType must be essential "
                "or optional, not 'mandatory'"),
])
def test_a_broken_relations_zip_is_refused_with_a_clear_message_and_the_database_stays_as_it_was(
        app, session, tmp_path, breakage, message):
    run(session, f.write_esco(tmp_path))
    before = counts(session)
    broken_dir = tmp_path / "broken"
    broken_dir.mkdir()
    classification, relations, nl = f.write_esco(broken_dir)
    rows = f.relations_rows()
    if breakage == "not a zip":
        relations.write_text("occupationUri,relationType,skillType,skillUri\n")
    elif breakage == "missing member":
        del rows["skillSkillRelations.csv"]
        f.write_zip(relations, rows)
    elif breakage == "missing column":
        f.write_zip(relations, rows, headers={"occupationSkillRelations.csv": "occupationUri,skillType,skillUri"})
    else:
        rows["occupationSkillRelations.csv"][-1][1] = "mandatory"
        rows["occupationSkillRelations.csv"][0][1] = "optional"  # an earlier, valid change must not stick either
        f.write_zip(relations, rows)

    result = app.test_cli_runner().invoke(args=["import-esco", str(classification), str(relations), "--nl-labels", str(nl)])

    assert result.exit_code != 0
    assert f"Error: {message} Nothing was imported." in result.output
    session.expire_all()
    assert counts(session) == before
    assert {s.skill.uri: s.relation for s in occupation(session, f.WELDER).skills}[f.WELD] == "essential"
    assert taxonomy_version(session) == 1


def test_a_failure_part_way_through_the_writes_rolls_everything_back(app, session, tmp_path, monkeypatch):
    classification, relations, nl = f.write_esco(tmp_path)

    def fail(*args, **kwargs):
        raise RuntimeError("Simulated failure after the concepts were written.")

    monkeypatch.setattr(store, "_sync_skill_broader", fail)
    result = app.test_cli_runner().invoke(args=["import-esco", str(classification), str(relations)])

    assert result.exit_code != 0
    assert str(result.exception) == "Simulated failure after the concepts were written."
    session.expire_all()
    assert set(counts(session).values()) == {0}
    assert not taxonomy_version(session)  # never bumped: no row, or the 0 that migrate creates


def test_cli_imports_and_prints_the_counts(app, session, tmp_path):
    classification, relations, nl = f.write_esco(tmp_path)
    cli = app.test_cli_runner()

    first = cli.invoke(args=["import-esco", str(classification), str(relations), "--nl-labels", str(nl)])
    second = cli.invoke(args=["import-esco", str(classification), str(relations), "--nl-labels", str(nl)])

    assert first.exit_code == 0, first.output
    assert "occupations        3 created, 0 updated, 0 unchanged" in first.output
    assert "Taxonomy data version is now 1 (esco-v1.1.1)." in first.output
    assert second.exit_code == 0, second.output
    assert "occupations        0 created, 0 updated, 3 unchanged" in second.output
    assert "Nothing changed; taxonomy data version stays 1." in second.output
    assert occupation(session, f.WELDER).label == "lasser"


def test_a_dutch_labels_file_of_the_wrong_kind_is_refused(session, tmp_path):
    classification, relations, _ = f.write_esco(tmp_path)

    with pytest.raises(EscoFormatError, match=r"esco-relations-csv.zip is not the Dutch ESCO zip: it holds no "
                                              r"\*_nl.csv files"):
        import_esco(session=session, classification_zip=classification, relations_zip=relations, dutch=[relations])


def esco_dir(app) -> Path:
    return Path(app.config["ESCO_DIR"] or REPO_ROOT.parent / "shared" / "data" / "esco-v1.1.1")


@pytest.mark.integration
def test_the_real_esco_v1_1_1_download_imports_completely_and_idempotently(app, session):
    folder = esco_dir(app)
    needed = (folder / "esco-v1.1.1-classification-en-csv.zip", folder / "esco-v1.1.1-relations-csv.zip",
              folder / "occupations_nl.csv", folder / "skillGroups_nl.csv", folder / "nl-collections")
    missing = [str(path) for path in needed if not path.exists()]
    if missing:
        pytest.fail(f"The ESCO v1.1.1 files are missing: {', '.join(missing)}. Put the official downloads in "
                    f"../shared/data/esco-v1.1.1/ (or set ESCO_DIR); CI={os.environ.get('CI', '')!r}.")
    found = find_esco_files(folder)
    files = (found["classification_zip"], found["relations_zip"], *found["dutch"])

    report = run(session, files)

    assert session.scalar(select(func.count()).select_from(Occupation)) == 3007
    assert session.scalar(select(func.count()).select_from(Skill)) == 13896
    relations = report.counts["occupation_skills"]
    assert relations.created + relations.skipped == 123_855
    # ESCO v1.1.1 publishes 67 relations of one occupation that its classification lacks
    assert relations.skipped == 67
    assert session.scalar(select(func.count()).select_from(OccupationSkill)) == 123_855 - 67
    essential = session.scalar(select(func.count()).select_from(OccupationSkill).where(OccupationSkill.relation == "essential"))
    assert essential > 60_000
    director = occupation(session, "http://data.europa.eu/esco/occupation/00030d09-2b3a-4efd-87cc-c4ea39d27c34")
    assert (director.label_en, director.label_nl, director.isco_group) == ("technical director", "inspiciënt", "2654")
    assert "technisch directeur" in director.alt_labels_nl.split("\n")
    # Dutch labels: every occupation and skill group; the skills of the six collections (2,218)
    assert session.scalar(select(func.count()).select_from(Occupation).where(Occupation.label_nl.is_(None))) == 0
    assert session.scalar(select(func.count()).select_from(SkillGroup).where(SkillGroup.label_nl.isnot(None))) == 640
    assert session.scalar(select(func.count()).select_from(Skill).where(Skill.label_nl.isnot(None))) == 2218
    teams = session.scalar(select(Skill).where(Skill.label_en == "work in teams"))
    assert teams.label_nl == "in teams werken" and teams.reuse_level == "transversal"
    # search by words on full ESCO, in Dutch
    found = catalogue(session)
    occupations = lambda q: [found.occupations.label(int(i), "en") for i in found.occupations.search(q, "nl")[0]]  # noqa: E731
    skills = lambda q: [found.skills.label(int(i), "en") for i in found.skills.search(q, "nl")[0]]  # noqa: E731
    assert "cook" in occupations("koken")[:3]
    assert occupations("reachtruck")[0] == "forklift operator"
    assert occupations("heftruck")[0] == "forklift operator"
    assert skills("werken in teams")[0] == skills("in teams werken")[0] == "work in teams"

    again = run(session, files)

    assert all((c.created, c.updated, c.removed) == (0, 0, 0) for c in again.counts.values())
    assert taxonomy_version(session) == 1
