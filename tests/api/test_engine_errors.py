"""An error in the engine reaches the reader as a clear answer in their language, never as a 500: one mapping
(``matchmaker.errors.ENGINE_ERRORS``) for the API, the pages and the jobs."""
import pytest

from matchmaker.engine import errors as engine_errors
from matchmaker.engine import matching
from matchmaker.errors import ENGINE_ERRORS, from_engine
from matchmaker.services.jobs import _failure_reason
from tests.factories import PersonFactory, UserFactory, token_for


def _all_engine_errors(cls=engine_errors.EngineError):
    yield cls
    for sub in cls.__subclasses__():
        yield from _all_engine_errors(sub)


@pytest.mark.parametrize("error, status, dutch, english", [
    (engine_errors.UnknownPerson("person index 3 is outside 0..2"), 404, "niet meer", "no longer there"),
    (engine_errors.InvalidParameter("k must be >= 1"), 422, "instellingen", "settings"),
    (engine_errors.ArrayShapeError("needs.optional has shape (2, 3), expected (2, 4)"), 422, "instellingen",
     "settings"),
    (engine_errors.CalibrationError("no ISCO group with two occupations"), 409, "te weinig", "not enough data"),
])
def test_an_engine_error_answers_a_clear_4xx_in_the_readers_language(client, session, monkeypatch, error, status,
                                                                     dutch, english):
    advisor = UserFactory(role="advisor")
    person = PersonFactory(advisor_id=advisor.id)
    session.commit()

    def fails(*_args, **_kwargs):
        raise error

    monkeypatch.setattr(matching, "match_person", fails)
    url = f"/api/v1/people/{person.id}/matches"
    answer = client.get(url, headers=token_for(advisor))
    assert answer.status_code == status, answer.json
    assert dutch in answer.json["message"]
    # the engine's own words name indices and arrays: they stay in the log
    assert str(error) not in answer.json["message"] and "index" not in answer.json["message"]
    assert english in client.get(url + "?lang=en", headers=token_for(advisor)).json["message"]


def test_every_engine_error_has_an_answer_other_than_500():
    for cls in _all_engine_errors():
        answer = from_engine(cls.__new__(cls))
        assert 400 <= answer.status_code < 500, cls
    assert {kind for kind, _, _ in ENGINE_ERRORS} <= set(_all_engine_errors())


def test_a_job_that_fails_in_the_engine_records_the_same_words():
    reason = _failure_reason(engine_errors.NoFeasiblePath("no path within 3 steps for person 12"))
    assert reason == from_engine(engine_errors.NoFeasiblePath("")).message
    assert "person 12" not in reason
