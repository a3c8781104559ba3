"""Facts in the engine, sentences at the edge.

The engine describes every result as *facts*: ``{"code": "match.missing", "params": {"skills": [...]}}``, plain
JSON (names, numbers, month masks, vocabulary codes, concepts), stored as they are. :func:`render` writes the
sentences when a result is read, in the reader's language, from the one table in
:mod:`matchmaker.explanations.sentences` whose messages the gettext catalogues translate.

An occupation or skill is stored as a concept, ``{"concept": "skill", "id": 7, "label": "lassen"}`` (the engine's
labels are :class:`Concept` strings, which :func:`fact` stores that way), and read in the reader's language:
a Dutch result reads "lassen", the same result in English "weld".
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

Fact = dict


class Concept(str):
    """An occupation's or skill's label that remembers which concept it names, so that a fact can store the
    concept and the sentence can name it in the reader's language.

    >>> weld = Concept("lassen", "skill", 7)
    >>> weld, weld.upper(), plain({"skills": [weld]})
    ('lassen', 'LASSEN', {'skills': [{'concept': 'skill', 'id': 7, 'label': 'lassen'}]})
    """

    __slots__ = ("kind", "id")

    def __new__(cls, label: str, kind: str, concept_id: int):
        text = super().__new__(cls, label)
        text.kind, text.id = kind, int(concept_id)
        return text

    def __reduce__(self):
        return Concept, (str(self), self.kind, self.id)


def is_concept(value) -> bool:
    return isinstance(value, dict) and "concept" in value


_PLAIN_SCALARS = frozenset({str, int, float, bool, type(None)})


class PlainList(list):
    """A list that is plain JSON already (e.g. skills as stored, shared by the many facts of a bulk job): :func:`plain`
    keeps it as it is instead of copying it element by element. Never changed once made.

    >>> refs = PlainList([{"concept": "skill", "id": 7, "label": "lassen"}])
    >>> plain({"skills": refs})["skills"] is refs
    True
    """

    __slots__ = ()


def plain(value):
    """JSON-able copy of ``value``: numpy scalars and arrays become Python numbers and lists, concepts
    ``{"concept", "id", "label"}``.

    >>> plain({"km": np.float32(2.5), "skills": (np.int64(3),)})
    {'km': 2.5, 'skills': [3]}
    """
    kind = type(value)  # the common cases by exact type first: a bulk job writes hundreds of thousands of facts
    if kind in _PLAIN_SCALARS or kind is PlainList:
        return value
    if kind is dict:
        return {str(k): plain(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [plain(v) for v in value]
    if isinstance(value, Concept):
        return {"concept": value.kind, "id": value.id, "label": str(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, np.ndarray)):
        return [plain(v) for v in value]
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def fact(code: str, **params) -> Fact:
    """One fact: a reason code and its parameters.

    >>> fact("match.score", score=np.float64(0.8))
    {'code': 'match.score', 'params': {'score': 0.8}}
    """
    return {"code": code, "params": plain(params)}


def _concept_labels(language: str):
    """``label(kind, id)`` in ``language`` from the taxonomy's in-memory catalogue, each concept looked up once per
    call; None outside an application (the stored labels are read then)."""
    from flask import has_app_context

    if not has_app_context():
        return None
    from matchmaker.extensions import db
    from matchmaker.services.catalogue import catalogue

    found, known = catalogue(db.session), {}

    def label(kind: str, concept_id) -> str | None:
        key = (kind, concept_id)
        if key not in known:
            known[key] = found.of(kind).label(int(concept_id), language)
        return known[key]
    return label


def relabelled(value, language: str | None = None, labels=None):
    """``value`` with every concept's label in ``language`` (default: the reader's); a concept that is gone
    keeps the label it was stored with.

    >>> relabelled({"skills": [{"concept": "skill", "id": 7, "label": "lassen"}]}, "en", lambda kind, i: "weld")
    {'skills': [{'concept': 'skill', 'id': 7, 'label': 'weld'}]}
    """
    from matchmaker.i18n import language_or_reader

    if labels is None:
        labels = _concept_labels(language_or_reader(language))
        if labels is None:
            return value

    def walk(item):  # facts are JSON: dicts, lists and scalars (the plain type checks are the fast ones)
        if isinstance(item, dict):
            if "concept" in item:
                return {**item, "label": labels(item["concept"], item["id"]) or item["label"]}
            return {k: walk(v) for k, v in item.items()}
        if isinstance(item, list):
            return [walk(v) for v in item]
        return item
    return walk(value)


def _sentences(facts: list[Fact], language: str) -> str:
    from matchmaker.explanations.sentences import sentence

    return " ".join(text for text in (sentence(f, language) for f in facts) if text)


def render(facts: Iterable[Fact], language: str | None = None) -> str:
    """The facts as sentences in ``language`` (default: the reader's), joined by spaces; concepts named in that
    language.

    >>> render([fact("match.nothing_missing")], "nl"), render([fact("match.nothing_missing")], "en")
    ('Je mist geen vaardigheid die nodig is.', 'You miss no essential skill.')
    """
    from matchmaker.i18n import language_or_reader

    language = language_or_reader(language)
    return _sentences(relabelled(list(facts), language), language)


def explained(facts: Iterable[Fact], language: str | None = None, labels=None) -> dict:
    """``{"explanation", "facts"}`` for a response: the facts in words, and the facts themselves (their concepts
    named in the same language; ``labels``: a lookup already made for this language, as :func:`with_sentences`
    passes)."""
    from matchmaker.i18n import language_or_reader

    language = language_or_reader(language)
    facts = relabelled(list(facts), language, labels)
    return {"explanation": _sentences(facts, language), "facts": facts}


def explainer(language: str | None = None):
    """:func:`explained` with the language (default: the reader's) and its concept lookup found once, for a response
    that explains many lists of facts (a person's matches: every check of every match).

    >>> explainer("en")([fact("match.nothing_missing")])["explanation"]
    'You miss no essential skill.'
    """
    from matchmaker.i18n import language_or_reader

    language = language_or_reader(language)
    labels = _concept_labels(language)
    return lambda facts: explained(facts, language, labels)


def with_sentences(result, language: str | None = None):
    """A stored result as read: a copy in which every object with ``facts`` also has their ``explanation``, and
    every occupation and skill (stored as a concept, with the label of when it was computed) is named in
    ``language``; every concept is looked up once for the whole result.

    >>> with_sentences({"paths": [{"facts": [fact("match.no_bridge")]}]}, "en")["paths"][0]["explanation"]
    'No programme near you teaches the missing skills yet.'
    """
    from matchmaker.i18n import language_or_reader

    language = language_or_reader(language)
    labels = _concept_labels(language)

    def walk(item):
        if isinstance(item, dict):
            if "concept" in item and labels is not None:  # an occupation or skill of the result: named again
                return {**item, "label": labels(item["concept"], item["id"]) or item["label"]}
            out = {k: walk(v) for k, v in item.items()}
            if isinstance(item.get("facts"), list):
                out.update(explained(item["facts"], language, labels))
            return out
        if isinstance(item, list):
            return [walk(v) for v in item]
        return item
    return walk(result)


def counted_in_words(result, language: str | None = None):
    """A stored result as read: every count stored with ``suppressed`` ("fewer": a group too small to report,
    "hidden": hidden so that the others do not give a small one away) gets its ``people_text`` in words.

    >>> counted_in_words({"groups": [{"people": None, "suppressed": "fewer"}, {"people": 7, "suppressed": None}]}, "nl")
    {'groups': [{'people': None, 'people_text': 'minder dan 5'}, {'people': 7, 'people_text': '7'}]}
    """
    from matchmaker.explanations.sentences import count_words

    if isinstance(result, dict):
        out = {k: v if k == "facts" else counted_in_words(v, language) for k, v in result.items() if k != "suppressed"}
        if "suppressed" in result:
            out["people_text"] = count_words(result.get("people"), result["suppressed"], language)
        return out
    if isinstance(result, list):
        return [counted_in_words(v, language) for v in result]
    return result
