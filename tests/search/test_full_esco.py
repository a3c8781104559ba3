"""Search by words on the full ESCO v1.1.1 download, through the API, as a Dutch advisor types.

The official files are in ``../shared/data/esco-v1.1.1/`` (or ``ESCO_DIR``); they are imported once for the module
through the product's importer into a SQLite file. Without them the test fails: the done-when of search names full
ESCO. Integration test (``CI=true`` or ``MATCHMAKER_INTEGRATION=1``): the import takes a minute or two.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from matchmaker import create_app
from matchmaker.extensions import db
from matchmaker.models import User
from matchmaker.services.engine_inputs import clear_process_caches
from matchmaker.services.places import ensure_municipalities
from matchmaker.taxonomy.esco import find_esco_files, import_esco
from tests.factories import token_for

pytestmark = pytest.mark.integration

ESCO = Path(os.environ.get("ESCO_DIR") or Path(__file__).resolve().parents[3] / "shared" / "data" / "esco-v1.1.1")


@pytest.fixture(scope="module")
def esco(tmp_path_factory):
    if not ESCO.is_dir():
        pytest.fail(f"The ESCO v1.1.1 files are missing at {ESCO} (set ESCO_DIR); CI={os.environ.get('CI', '')!r}.")
    clear_process_caches()
    app = create_app("test", {"DATABASE_URL": f"sqlite:///{tmp_path_factory.mktemp('esco') / 'esco.sqlite3'}"})
    with app.app_context():
        db.create_all()
        ensure_municipalities(session=db.session)
        import_esco(session=db.session, **find_esco_files(ESCO))
        advisor = User(name="Adviseur", email="adviseur@example.nl", role="advisor")
        db.session.add(advisor)
        db.session.flush()
        headers = token_for(advisor)
        db.session.commit()
        yield app.test_client(), headers
        db.session.remove()
        db.engine.dispose()
    clear_process_caches()


def found(esco, path: str, language: str = "nl") -> list[str]:
    client, headers = esco
    response = client.get(path, headers={**headers, "Accept-Language": language})
    assert response.status_code == 200, response.json
    return [item["label"] for item in response.json["items"]]


def test_koken_finds_the_cook_occupations(esco):
    dutch = found(esco, "/api/v1/occupations?q=koken&limit=10")
    english = found(esco, "/api/v1/occupations?q=koken&limit=10", "en")
    assert dutch[0] == "kok" and all("kok" in label for label in dutch[:3]), dutch
    assert english[0] == "cook" and {"industrial cook", "head chef"} <= set(english[:5]), english
    assert found(esco, "/api/v1/occupations?q=kok&limit=3")[0] == "kok"


def test_reachtruck_and_heftruck_find_the_forklift_operator(esco):
    assert found(esco, "/api/v1/occupations?q=reachtruck&limit=5", "en")[0] == "forklift operator"
    assert found(esco, "/api/v1/occupations?q=heftruck&limit=5", "en")[0] == "forklift operator"
    assert found(esco, "/api/v1/occupations?q=REACHTRUCK&limit=5", "en")[0] == "forklift operator"


def test_werken_in_teams_in_any_word_order_finds_the_transversal_teamwork_skill(esco):
    for words in ("werken in teams", "in teams werken", "teams werken in", "Werken in Teams"):
        assert found(esco, f"/api/v1/skills?q={words}&limit=5")[0] == "in teams werken", words
        assert found(esco, f"/api/v1/skills?q={words}&limit=5", "en")[0] == "work in teams", words


def test_a_skill_without_a_dutch_label_reads_in_english_with_its_dutch_group_and_is_found_by_english_words(esco):
    # ESCO publishes Dutch labels for every skill; these files hold those of the six collections only
    dutch = found(esco, "/api/v1/skills?q=use%20welding%20equipment&limit=3")
    assert dutch[0].startswith("use welding equipment (") and dutch[0].endswith(")"), dutch
    assert found(esco, "/api/v1/skills?q=use%20welding%20equipment&limit=3", "en")[0] == "use welding equipment"
