"""A proofreader reading every GET of the OpenAPI document on the demo region, as an admin, in Dutch and in English.

The endpoints come from the API's own document, so one added later is read too. Each answer is read as a user
would read it:

* prose (explanations, labels, counts in words, messages) in Dutch holds no English function words, and in
  English none of the Dutch frame words; names (of organisations, needs, programmes, places) and the labels of
  occupations and skills in the reader's language are left out of the reading, since a Dutch need title in an
  English sentence is right;
* an occupation, skill or skill group is named by its label in the reader's language, never by its other one;
* no bare code value: a vocabulary code (``agriculture_food``, ``co_creation``) stands only beside its label,
  and no code (snake_case) stands in prose;
* no bare id: the id of an occupation, skill, organisation, programme or need stands beside its label, name
  or title, and a municipality code beside its place.

Computed views are stored results: the test asks for them first (career paths, the region's recompute, the
allocation), as a user would, through the API.
"""
from __future__ import annotations

import re

from sqlalchemy import select

from matchmaker.demo import load_demo
from matchmaker.labels import VOCABULARIES
from matchmaker.services.places import REGIONS
from matchmaker.models import Job, Need, Occupation, Person, Skill, SkillGroup, User
from tests.api.openapi_walk import endpoints, existing_path_values
from tests.demo.test_proofreader import DUTCH, ENGLISH
from tests.factories import token_for

CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
WORD = re.compile(r"[^\W\d_]+")
CODES = {code for codes, _ in VOCABULARIES.values() for code in codes if "_" in code}
#: fields that hold a vocabulary code, whatever its shape ("care", "essential", "succeeded"): never without a label
CODE_FIELDS = {"sector", "relation", "status", "group", "barrier", "lever", "mode", "direction", "need_kind",
               "dutch_level", "education_level", "level", "move"}
ALL_CODES = {code for codes, _ in VOCABULARIES.values() for code in codes}
#: strings a user reads as sentences or words (besides every ``*_label``, ``*_labels`` and ``*_text``)
PROSE = {"explanation", "message", "label", "people_text"}
#: strings that are names: left out of the reading of the prose around them
NAMES = {"name", "title", "place", "employer_name", "region"}
#: fact parameters that are names (of organisations, needs, programmes, places)
NAME_PARAMS = {"org", "a", "b", "a_name", "b_name", "school", "employer", "pioneer", "pioneer_name", "asker", "name",
               "need", "programme", "organisations", "region", "place", "role", "previous"}
#: ids a user must see by name (``<kind>_id``, ``<kind>_ids``, or ``id`` inside a ``<kind>`` object)
LABELLED = {"occupation", "skill", "organisation", "programme", "need", "employer", "school", "network", "like",
            "occupations", "skills", "organisations", "programmes", "needs", "networks", "members"}
SHOWN_BY = ("label", "name", "title")
#: objects whose ``label`` is a name (a request's or need's title, a programme's name), not a sentence
NAMED = {"partner_request", "counter_request", "needs", "programmes", "need", "programme", "organisation", "region"}
#: fields that are not read by a user as words: technical values
TECHNICAL = {"uri", "url", "contact_email", "website", "prefix", "etag", "detail", "action", "fields"}


def _strings(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _strings(v)
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, str):
        yield value


def concept_labels(session) -> dict[str, set[str]]:
    """The labels of every occupation, skill and skill group, per language."""
    labels = {"nl": set(), "en": set()}
    for model in (Occupation, Skill, SkillGroup):
        for nl, en in session.execute(select(model.label_nl, model.label_en)):
            labels["nl"].add(nl or en)
            labels["en"].add(en)
    return labels


def _names(body) -> list[str]:
    """Every name in the answer (longest first), to leave out of the reading of the prose."""
    found = set()

    def walk(value, key=None, in_params=False):
        if isinstance(value, dict):
            if in_params and "concept" in value:
                found.add(value["label"])
                return
            for k, v in value.items():
                walk(v, k, in_params or k == "params")
        elif isinstance(value, list):
            for v in value:
                walk(v, key, in_params)
        elif isinstance(value, str) and (key in NAMES or (in_params and key in NAME_PARAMS)):
            found.add(value)

    walk(body)
    return sorted((n for n in found if n), key=len, reverse=True)


def _frame(text: str, names: list[str]) -> str:
    for name in names:
        if name in text or name.lower() in text.lower():
            text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)
    return text


def _is_prose(key: str) -> bool:
    return key in PROSE or key.endswith(("_label", "_labels", "_text"))


def proofread(body, language: str, concepts: dict[str, set[str]] | None = None) -> list[str]:
    """What a proofreader marks in one answer, each as "path: what"; ``concepts``: :func:`concept_labels`.

    >>> proofread({"sector": "agriculture_food", "explanation": "You have the skills."}, "nl")
    ['.sector: code agriculture_food without its label', ".explanation: English ['have', 'skills', 'the', 'you']: You have the skills."]
    >>> proofread({"occupation_id": 3, "skills": [{"id": 4}]}, "en")
    ['.occupation_id: id 3 without its label', '.skills[]: id 4 without its label']
    >>> proofread({"sector": "agriculture_food", "sector_label": "Landbouw en voedsel", "skills": [{"id": 4, "label": "koken"}]}, "nl")
    []
    >>> proofread({"skills": [{"id": 4, "label": "koken"}], "explanation": "You need koken."}, "en",
    ...           {"nl": {"koken"}, "en": {"cook"}})
    ['.skills[].label: koken, not in English', '.explanation: koken, not in English: You need koken.']
    """
    concepts = concepts or {"nl": set(), "en": set()}
    own, other = concepts[language], concepts["en" if language == "nl" else "nl"] - concepts[language]
    names = _names(body) + sorted(own, key=len, reverse=True)
    elsewhere = re.compile("|".join(rf"\b{re.escape(t)}\b" for t in sorted(other, key=len, reverse=True)),
                           re.IGNORECASE) if other else None
    foreign, foreign_name = (ENGLISH, "English") if language == "nl" else (DUTCH, "Dutch")
    faults: list[str] = []

    def read(text: str, path: str):
        frame = _frame(text, names)
        words = sorted(set(WORD.findall(frame.lower())) & foreign)
        if words:
            faults.append(f"{path}: {foreign_name} {words}: {text}")
        if CODE.search(frame):
            faults.append(f"{path}: code {CODE.search(frame).group()} in words: {text}")
        if elsewhere is not None and elsewhere.search(frame):
            language_name = "Dutch" if language == "nl" else "English"
            faults.append(f"{path}: {elsewhere.search(frame).group()}, not in {language_name}: {text}")

    def labelled(record: dict, key: str) -> bool:
        if key == "code" and record.get("label"):
            return True  # {"code", "label"}: a vocabulary entry
        return any(k in record for k in (f"{key}_label", f"{key}_labels", f"{key}_name"))

    def read_label(text: str, path: str, parent: str):
        if text in own or parent in NAMED:
            return  # a concept's label in the reader's language, or a name
        if text in other:
            faults.append(f"{path}: {text}, not in {'Dutch' if language == 'nl' else 'English'}")
            return
        read(text, path)

    def walk(value, path: str, key: str, parent_kind: str | None, parent: str = ""):
        if isinstance(value, dict):
            if "id" in value and isinstance(value["id"], int) and parent_kind in LABELLED \
                    and not any(value.get(k) for k in SHOWN_BY):
                faults.append(f"{path}: id {value['id']} without its label")
            if key == "constraints" and "name" in value and not value.get("name_label"):
                faults.append(f"{path}.name: check {value['name']} without its label")
            for k, v in value.items():
                if k == "facts" or k in TECHNICAL:
                    continue  # the facts are the machine-readable form, beside the explanation
                kind = k[:-3] if k.endswith("_id") else k[:-4] if k.endswith("_ids") else None
                if kind in LABELLED and v is not None and not labelled(value, kind) \
                        and not isinstance(value.get(kind if k.endswith("_id") else kind + "s"), (dict, list)):
                    shown = value.get(kind) if k.endswith("_id") else value.get(kind + "s")
                    if not shown and not (kind == "need" and value.get("title")):
                        faults.append(f"{path}.{k}: id {v} without its label")
                if k == "municipality_code" and v and not value.get("place"):
                    faults.append(f"{path}.{k}: {v} without its place")
                if isinstance(v, str) and (v in CODES or k in CODE_FIELDS and v in ALL_CODES) and not labelled(value, k):
                    faults.append(f"{path}.{k}: code {v} without its label")
                if isinstance(v, list) and any(isinstance(x, str) and x in CODES for x in v) and not labelled(value, k):
                    faults.append(f"{path}.{k}: codes {v} without their labels")
                walk(v, f"{path}.{k}", k, k if k in LABELLED else parent_kind if k in ("items",) else None, key)
        elif isinstance(value, list):
            for item in value:
                walk(item, f"{path}[]", key, parent_kind if key in LABELLED or key == "items" else None, parent)
        elif isinstance(value, str) and (key == "label" or key.endswith(("_label", "_labels"))):
            read_label(value, path, parent)
        elif isinstance(value, str) and _is_prose(key):
            read(value, path)

    walk(body, "", "", None)
    return faults


def _the_demo_as_users_asked_for_it(client, session) -> dict:
    """The demo region with its computed views asked for, and a value for every path parameter."""
    load_demo(session=session)
    admin = User(name="Proeflezer", email="proeflezer@demo.matchmaker.local", role="admin")
    session.add(admin)
    session.flush()
    headers = token_for(admin)
    session.commit()
    values = existing_path_values()
    # a person with suggestions and a need with candidates, so that those answers are not empty
    for person_id in session.scalars(select(Person.id).order_by(Person.id)):
        if client.get(f"/api/v1/people/{person_id}/matches", headers=headers).json["items"]:
            values["person_id"] = person_id
            break
    for need_id in session.scalars(select(Need.id).order_by(Need.id)):
        candidates = client.get(f"/api/v1/needs/{need_id}/candidates", headers=headers).json["items"]
        if candidates:
            values["need_id"] = need_id
            break
    # the employer shows interest in a candidate, so that the answers about it are read too
    employer = User(name="Werkgever", email="werkgever@demo.matchmaker.local", role="employer",
                    organisation_id=session.get(Need, values["need_id"]).organisation_id)
    session.add(employer)
    session.flush()
    as_employer = token_for(employer)
    session.commit()
    shown = client.post("/api/v1/interest-requests", headers=as_employer, json={
        "need_id": values["need_id"], "candidate": candidates[0].get("code", candidates[0]["candidate"])})
    assert shown.status_code == 201, shown.json
    values = {**existing_path_values(), **{k: values[k] for k in ("person_id", "need_id")}}
    for url, body in ((f"/api/v1/people/{values['person_id']}/career-paths", {}),
                      ("/api/v1/regions/twente/recompute", {}), ("/api/v1/regions/twente/allocation", {"k": 3})):
        started = client.post(url, headers=headers, json=body)
        assert started.status_code == 202, (url, started.json)
    values["job_id"] = session.scalar(select(Job.id).where(Job.kind == "allocation"))
    values["user_id"] = admin.id
    return {"headers": headers, "values": values}


def test_every_answer_of_the_api_on_the_demo_region_reads_as_dutch_and_as_english(client, session):
    demo = _the_demo_as_users_asked_for_it(client, session)
    concepts = concept_labels(session)
    spec = client.get("/api/openapi.json").json
    faults, read = [], 0
    unread = []
    for endpoint in endpoints(spec):
        if endpoint.method != "get":
            continue
        if set(endpoint.params) - set(demo["values"]):
            unread.append(str(endpoint))  # no such record in the demo region
            continue
        url = endpoint.url(**demo["values"])
        for language in ("nl", "en"):
            response = client.get(url, headers={**demo["headers"], "Accept-Language": language})
            assert response.status_code == 200, (url, response.json)
            read += 1
            faults += [f"{language} {url}{fault}" for fault in proofread(response.json, language, concepts)]
    # an endpoint added later about a kind of record the demo region lacks is left unread (at most two)
    assert read >= 2 * 30 and len(unread) <= 2, unread
    assert not faults, f"{len(faults)} faults:\n" + "\n".join(dict.fromkeys(faults[:60]))


def test_errors_read_as_dutch_and_as_english_and_name_things_by_their_labels(client, session):
    headers = token_for(User(name="Proeflezer", email="proeflezer@demo.matchmaker.local", role="admin"))
    session.commit()
    asked = [("get", "/api/v1/regions/nergens", None), ("get", "/api/v1/regions/nergens/insights", None),
             ("get", "/api/v1/needs?region=nergens", None), ("get", "/api/v1/needs/999999", None),
             ("post", "/api/v1/organisations", {"name": "Bakkerij Jansen", "kind": "employer", "sector": "bakery"}),
             ("post", "/api/v1/needs", {"kind": "baan"}), ("post", "/api/v1/regions/recompute", {"regions": ["nergens"]})]
    for method, url, body in asked:
        for language in ("nl", "en"):
            response = getattr(client, method)(url, headers={**headers, "Accept-Language": language}, json=body)
            assert 400 <= response.status_code < 500, (url, response.json)
            texts = list(_strings({"message": response.json.get("message"), "errors": response.json.get("errors")}))
            foreign = ENGLISH if language == "nl" else DUTCH
            for text in texts:
                names = ["Bakkerij Jansen", "nergens", "baan", "bakery", *REGIONS.values()]
                words = set(WORD.findall(_frame(text, names).lower()))
                assert not words & foreign, (language, url, text)
                # a code only in brackets, beside its label: "Zorg (care)"
                assert not CODE.search(re.sub(r"\([^)]*\)", "", text)), (language, url, text)
