"""A search answers from the in-memory catalogue: the caller's token is the only thing it reads from the database,
and a change to the taxonomy is still found (at once when made in this process, within RECHECK_SECONDS when made
by another one, such as ``import-esco`` on the command line)."""
from __future__ import annotations

from sqlalchemy import event, insert

from matchmaker.models import Skill
from matchmaker.services import catalogue as catalogue_module
from matchmaker.taxonomy.builtin import load_builtin_taxonomy
from tests.factories import SkillFactory, UserFactory, token_for


def _labels(client, headers, q: str) -> list[str]:
    response = client.get(f"/api/v1/skills?q={q}", headers=headers)
    assert response.status_code == 200, response.json
    return [item["label"] for item in response.json["items"]]


def test_a_search_reads_only_the_callers_token_from_the_database(app, client, session):
    load_builtin_taxonomy(session=session)
    headers = token_for(UserFactory(role="advisor"))
    session.commit()
    assert "kooktechnieken" in _labels(client, headers, "koken")  # the catalogue is built (once)

    statements: list[str] = []
    engine = session.get_bind()

    def seen(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        response = client.get("/api/v1/skills?q=koken&limit=5", headers=headers)
    finally:
        event.remove(engine, "before_cursor_execute", seen)
    assert response.status_code == 200
    item = response.json["items"][0]
    assert item["label"] and item["uri"] and item["skill_type"], item
    reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 1 and "api_tokens" in reads[0], reads


def test_a_skill_added_in_this_process_is_found_at_once(app, client, session):
    load_builtin_taxonomy(session=session)
    headers = token_for(UserFactory(role="advisor"))
    session.commit()
    assert _labels(client, headers, "zeepkisten") == []

    SkillFactory(label_nl="zeepkisten bouwen", label_en="build soapboxes")
    session.commit()

    assert _labels(client, headers, "zeepkisten") == ["zeepkisten bouwen"]


def test_a_skill_added_by_another_process_is_found_once_the_recheck_time_has_passed(app, client, session,
                                                                                    monkeypatch):
    load_builtin_taxonomy(session=session)
    headers = token_for(UserFactory(role="advisor"))
    session.commit()
    assert _labels(client, headers, "zeepkisten") == []
    # another process's write: a plain connection, outside every session of this process
    with session.get_bind().begin() as connection:
        connection.execute(insert(Skill).values(uri="urn:other:soapbox", label_nl="zeepkisten bouwen",
                                                label_en="build soapboxes", skill_type="skill/competence"))

    assert _labels(client, headers, "zeepkisten") == []  # this process has not asked yet
    clock = catalogue_module.time.monotonic() + catalogue_module.RECHECK_SECONDS
    monkeypatch.setattr(catalogue_module.time, "monotonic", lambda: clock)
    assert _labels(client, headers, "zeepkisten") == ["zeepkisten bouwen"]


def test_a_stored_result_names_its_occupations_and_skills_in_the_readers_language(app, session):
    """Computed once (by a worker, in Dutch), read in English: the concepts are stored with their ids."""
    from matchmaker.explanations import Concept, fact, plain, with_sentences

    cook = SkillFactory(label_nl="koken", label_en="cook")
    session.commit()
    stored = {"shortages": [{"occupation": plain(Concept("koken", "skill", cook.id)),
                             "facts": [fact("match.missing", skills=[Concept("koken", "skill", cook.id)])]}]}
    english = with_sentences(stored, "en")["shortages"][0]
    assert english["occupation"]["label"] == "cook"
    assert english["explanation"] == "You still miss: cook."
    assert with_sentences(stored, "nl")["shortages"][0]["occupation"]["label"] == "koken"
