import json
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from matchmaker.models import DataVersion, Occupation, OccupationSkill, Skill, SkillBroader, SkillGroup, SkillRelation
from matchmaker.taxonomy import builtin
from matchmaker.taxonomy.builtin import BuiltinTaxonomyError, builtin_taxonomy_path, load_builtin_taxonomy

FIXTURE = Path(__file__).parent / "builtin_fixture.json"


def by_uri(session, model, uri):
    return session.scalar(select(model).where(model.uri == uri))


def count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def test_loads_groups_skills_and_occupations_under_matchmaker_uris(session):
    report = load_builtin_taxonomy(session=session, path=FIXTURE)
    session.commit()

    assert {kind: c.created for kind, c in report.counts.items()} == {
        "occupation_groups": 0, "skill_groups": 2, "skills": 3, "occupations": 2,
        "skill_hierarchy": 3, "skill_relations": 1, "occupation_skills": 4,
    }
    assistant = by_uri(session, Occupation, "urn:matchmaker:occupation:care-assistant")
    assert (assistant.label, assistant.label_en, assistant.sector, assistant.starter) == (
        "helpende zorg en welzijn", "care assistant", "care", True)
    assert (assistant.isco_group, assistant.broader_uri) == ("5322", "http://data.europa.eu/esco/isco/C5322")
    assert assistant.description == "Helpt mensen bij de dagelijkse verzorging."
    assert (assistant.alt_labels_en, assistant.alt_labels_nl) == ("care helper", "helpende")
    assert {s.skill.uri: s.relation for s in assistant.skills} == {
        "urn:matchmaker:skill:personal-care": "essential", "urn:matchmaker:skill:hygiene": "essential"}
    welder = by_uri(session, Occupation, "urn:matchmaker:occupation:welder")
    assert (welder.starter, welder.description) == (False, "Joins metal parts.")
    assert {s.skill.uri: s.relation for s in welder.skills} == {
        "urn:matchmaker:skill:welding": "essential", "urn:matchmaker:skill:hygiene": "optional"}
    care = by_uri(session, Skill, "urn:matchmaker:skill:personal-care")
    assert (care.label, care.skill_type, care.alt_labels_nl) == (
        "persoonlijke verzorging bieden", "skill/competence", "helpen bij wassen\nADL-hulp")
    assert [by_uri(session, Skill, f"urn:matchmaker:skill:{key}").reuse_level for key in (
        "personal-care", "hygiene", "welding")] == ["", "transversal", "sector-specific"]
    assert by_uri(session, SkillGroup, "urn:matchmaker:skill-group:metal").label_nl == "metaalbewerking"
    assert {(n, b) for n, b in session.execute(select(SkillBroader.narrower_uri, SkillBroader.broader_uri))} == {
        ("urn:matchmaker:skill:personal-care", "urn:matchmaker:skill-group:care"),
        ("urn:matchmaker:skill:hygiene", "urn:matchmaker:skill-group:care"),
        ("urn:matchmaker:skill:welding", "urn:matchmaker:skill-group:metal")}
    relation = session.scalar(select(SkillRelation))
    assert (relation.skill_id, relation.related_skill_id, relation.relation) == (
        care.id, by_uri(session, Skill, "urn:matchmaker:skill:hygiene").id, "related")
    version = session.scalar(select(DataVersion).where(DataVersion.scope == "taxonomy"))
    assert (version.version, version.source) == (1, "matchmaker-builtin-1")


def test_loading_twice_changes_nothing(session):
    load_builtin_taxonomy(session=session, path=FIXTURE)
    session.commit()

    report = load_builtin_taxonomy(session=session, path=FIXTURE)
    session.commit()

    assert not report.changed
    assert report.counts["occupations"].unchanged == 2
    assert session.scalar(select(DataVersion.version).where(DataVersion.scope == "taxonomy")) == 1


@pytest.mark.parametrize("change, message", [
    (lambda d: d["occupations"][1]["essential"].append("plastering"),
     "builtin_taxonomy.json: occupations[1] (welder).essential: unknown skill key(s) plastering"),
    (lambda d: d["skills"][0].update(group="kitchen"),
     "builtin_taxonomy.json: skills[0] (personal-care).group: 'kitchen' is not a skill group key"),
    (lambda d: d["occupations"][0].update(sector="space"),
     "builtin_taxonomy.json: occupations[0] (care-assistant).sector: 'space' is not one of care, manufacturing,"),
    (lambda d: d["occupations"][0].update(isco="53"),
     "builtin_taxonomy.json: occupations[0] (care-assistant).isco: must be a 4-digit ISCO unit group, not '53'"),
    (lambda d: d["skills"].append(dict(d["skills"][0])),
     "builtin_taxonomy.json: skills[3].key: 'personal-care' appears twice"),
    (lambda d: d["skills"][2].update(reuse="everywhere"),
     "builtin_taxonomy.json: skills[2] (welding).reuse: 'everywhere' is not one of transversal, cross-sector,"),
    (lambda d: d.pop("skills"), "builtin_taxonomy.json: skills: must be a list"),
])
def test_a_malformed_file_is_refused_with_a_clear_message_before_anything_is_stored(session, tmp_path, change, message):
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    change(document)
    path = tmp_path / "builtin_taxonomy.json"
    path.write_text(json.dumps(document), encoding="utf-8")

    with pytest.raises(BuiltinTaxonomyError) as error:
        load_builtin_taxonomy(session=session, path=path)

    assert error.value.message.startswith(message)
    assert count(session, Occupation) == count(session, Skill) == count(session, OccupationSkill) == 0


def test_the_packaged_file_path_and_a_clear_error_when_it_is_missing(tmp_path, monkeypatch):
    monkeypatch.setattr(builtin, "DATA_DIR", tmp_path)
    with pytest.raises(BuiltinTaxonomyError, match="The built-in taxonomy file is missing: .*builtin_taxonomy.json"):
        builtin_taxonomy_path()

    shutil.copy(FIXTURE, tmp_path / "builtin_taxonomy.json")
    assert builtin_taxonomy_path() == tmp_path / "builtin_taxonomy.json"


def test_packaged_path_is_the_taxonomy_data_folder():
    assert builtin.DATA_DIR / builtin.FILE_NAME == (
        Path(builtin.__file__).parent / "data" / "builtin_taxonomy.json")


def test_cli_loads_the_packaged_file_and_refuses_when_it_is_missing(app, session, tmp_path, monkeypatch):
    monkeypatch.setattr(builtin, "DATA_DIR", tmp_path)
    cli = app.test_cli_runner()

    missing = cli.invoke(args=["import-builtin-taxonomy"])
    shutil.copy(FIXTURE, tmp_path / "builtin_taxonomy.json")
    loaded = cli.invoke(args=["import-builtin-taxonomy"])

    assert missing.exit_code != 0
    assert "Error: The built-in taxonomy file is missing" in missing.output
    assert loaded.exit_code == 0, loaded.output
    assert "occupations        2 created, 0 updated, 0 unchanged" in loaded.output
    assert "Taxonomy data version is now 1 (matchmaker-builtin-1)." in loaded.output
    assert by_uri(session, Occupation, "urn:matchmaker:occupation:welder").label == "lasser"
