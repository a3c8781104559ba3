"""Facts in the engine, sentences at the edge.

The engine describes every result as *facts*: ``{"code": "match.missing", "params": {"skills": [...]}}``, plain
JSON (labels, numbers, month masks, vocabulary codes), stored as they are. :func:`render` writes the sentences
when a result is read, in the reader's language, from the one table in :mod:`matchmaker.explanations.sentences`
whose messages the gettext catalogues translate.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

Fact = dict


def plain(value):
    """JSON-able copy of ``value``: numpy scalars and arrays become Python numbers and lists.

    >>> plain({"km": np.float32(2.5), "skills": (np.int64(3),)})
    {'km': 2.5, 'skills': [3]}
    """
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


def render(facts: Iterable[Fact], language: str | None = None) -> str:
    """The facts as sentences in ``language`` (default: the reader's), joined by spaces.

    >>> render([fact("match.nothing_missing")], "nl"), render([fact("match.nothing_missing")], "en")
    ('Je mist geen vaardigheid die nodig is.', 'You miss no essential skill.')
    """
    from matchmaker.explanations.sentences import sentence
    from matchmaker.i18n import language_or_reader

    language = language_or_reader(language)
    return " ".join(text for text in (sentence(f, language) for f in facts) if text)


def explained(facts: Iterable[Fact], language: str | None = None) -> dict:
    """``{"explanation", "facts"}`` for a response: the facts in words, and the facts themselves."""
    facts = list(facts)
    return {"explanation": render(facts, language), "facts": facts}


def with_sentences(result, language: str | None = None):
    """A stored result as read: a copy in which every object with ``facts`` also has their ``explanation``.

    >>> with_sentences({"paths": [{"facts": [fact("match.no_bridge")]}]}, "en")["paths"][0]["explanation"]
    'No programme near you teaches the missing skills yet.'
    """
    if isinstance(result, Mapping):
        out = {k: with_sentences(v, language) for k, v in result.items()}
        if isinstance(result.get("facts"), list):
            out["explanation"] = render(result["facts"], language)
        return out
    if isinstance(result, list):
        return [with_sentences(v, language) for v in result]
    return result


def counted_in_words(result, language: str | None = None):
    """A stored result as read: every count stored with ``suppressed`` ("fewer": a group too small to report,
    "hidden": hidden so that the others do not give a small one away) gets its ``people_text`` in words.

    >>> counted_in_words({"groups": [{"people": None, "suppressed": "fewer"}, {"people": 7, "suppressed": None}]}, "nl")
    {'groups': [{'people': None, 'people_text': 'minder dan 5'}, {'people': 7, 'people_text': '7'}]}
    """
    from matchmaker.explanations.sentences import count_words

    if isinstance(result, Mapping):
        out = {k: v if k == "facts" else counted_in_words(v, language) for k, v in result.items() if k != "suppressed"}
        if "suppressed" in result:
            out["people_text"] = count_words(result.get("people"), result["suppressed"], language)
        return out
    if isinstance(result, list):
        return [counted_in_words(v, language) for v in result]
    return result
