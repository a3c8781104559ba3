"""A stored job result as a person reads it (``GET /jobs/<id>``): every need by its title, every occupation and
skill by its label and every vocabulary code beside its label, in the reader's language.

Stored results keep ids, codes and the labels of the moment they were computed (the language of the worker);
the computed views add names through their schemas, and this does the same for the job's raw result, whatever
its kind: needs' titles in one query, concept labels from the in-memory catalogue.
"""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from matchmaker.i18n import language_or_reader
from matchmaker.labels import VOCABULARIES, label
from matchmaker.models import Need
from matchmaker.services.catalogue import catalogue
from matchmaker.services.queries import among_ids

#: a code field of a stored result → its vocabulary (the label goes beside it as ``<field>_label``)
CODE_FIELDS = {"group": ("target_group",), "sector": ("sector",), "barrier": ("barrier",), "lever": ("lever",),
               "mode": ("programme_mode",), "need_kind": ("need_kind",), "move": ("career_step_move",),
               "kind": ("career_step_kind", "partner_match_kind")}
#: keys under which stored results list skills (``{"id", "label"}``) or name an occupation
SKILL_KEYS = {"skills", "skills_carried", "skills_to_learn", "matched_skills", "missing_skills", "shared_skills",
              "near_skills", "like", "teaches"}
OCCUPATION_KEYS = {"occupation"}


def _need_ids(value, found: set[int]) -> set[int]:
    if isinstance(value, dict):
        if isinstance(value.get("need_id"), int):
            found.add(value["need_id"])
        for item in value.values():
            _need_ids(item, found)
    elif isinstance(value, list):
        for item in value:
            _need_ids(item, found)
    return found


def readable(session: Session, result, language: str | None = None):
    """A copy of ``result`` with names and labels beside its ids and codes (``result`` itself is not changed).

    >>> readable(None, {"groups": [{"group": "returner", "people": 7}]}, "nl")
    {'groups': [{'group': 'returner', 'people': 7, 'group_label': 'Herintreder'}]}
    """
    if not result:
        return result
    language = language_or_reader(language)
    ids = _need_ids(result, set())
    titles = dict(session.execute(select(Need.id, Need.title).where(among_ids(session, Need.id, ids))).all()) \
        if ids else {}
    concepts = catalogue(session) if session is not None else None

    def concept(kind: str, ref: dict) -> dict:
        if concepts is None or not isinstance(ref.get("id"), int):
            return ref
        return {**ref, "label": concepts.of(kind).label(ref["id"], language) or ref.get("label")}

    def walk(value, key: str | None = None):
        if isinstance(value, list):
            return [walk(item, key) for item in value]
        if not isinstance(value, dict):
            return value
        if "label" in value and key in SKILL_KEYS | OCCUPATION_KEYS:
            value = concept("occupation" if key in OCCUPATION_KEYS else "skill", value)
        out = {k: walk(v, k) for k, v in value.items()}
        for field, vocabularies in CODE_FIELDS.items():
            code = value.get(field)
            if isinstance(code, str) and f"{field}_label" not in value:
                # the first vocabulary that has the code (a field of the same name elsewhere may hold none)
                known = next((v for v in vocabularies if code in VOCABULARIES[v][0]), None)
                if known is not None:
                    out[f"{field}_label"] = label(known, code, language)
        if isinstance(value.get("need_id"), int) and "title" not in value:
            out["title"] = titles.get(value["need_id"])
        return out

    return walk(result)
