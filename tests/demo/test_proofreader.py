"""A proofreader's reading of every kind of explanation of the demo region, in Dutch and in English.

The Dutch may hold no English function words and no codes (snake_case vocabulary values); the English none of
the Dutch frame words. Names (of organisations, needs, programmes, places, occupations, skills) are the
facts' own strings and are left out of the reading: a Dutch need title in an English sentence is right.
A handful of each kind is kept in ``snapshots/explanations.txt`` for a reviewer to read; the test fails when
the sentences change (rewrite it with MATCHMAKER_UPDATE_SNAPSHOTS=1 and read the diff).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from matchmaker.demo import load_demo
from matchmaker.explanations import relabelled, render
from matchmaker.labels import VOCABULARIES
from tests.demo.explanations import collect

#: "of" is left out: it is Dutch too ("or")
ENGLISH = {"the", "and", "or", "you", "your", "with", "from", "to", "not", "already", "has", "have", "for", "this",
           "that", "who", "can", "by", "at", "but", "no", "none", "all", "year", "month", "months", "people",
           "skills", "needed", "missing", "work", "needs", "places", "asks", "than", "within", "away"}
DUTCH = {"je", "jouw", "jij", "het", "de", "een", "en", "niet", "al", "van", "naar", "bij", "voor", "met", "geen",
         "nog", "heeft", "hebt", "zijn", "dat", "die", "wat", "maanden", "jaar", "vaardigheden", "werk", "plekken",
         "mensen", "tot", "hele"}
CODE = re.compile(r"\b[a-z]+(?:_[a-z0-9]+)+\b")
WORD = re.compile(r"[^\W\d_]+")
CODES = {code for codes, _ in VOCABULARIES.values() for code in codes}
SNAPSHOT = Path(__file__).parent / "snapshots" / "explanations.txt"
PER_KIND = 3
#: kinds whose words depend on today's date (the months in which records were made): read, not kept
DATED = {"progress"}


def _names(value) -> list[str]:
    """The strings among a fact's parameters that are names (not vocabulary codes), longest first."""
    if isinstance(value, dict):  # a concept ({"concept", "id", "label"}) by its label
        return [s for k, v in value.items() if k != "concept" for s in _names(v)]
    if isinstance(value, list):
        return [s for v in value for s in _names(v)]
    return [value] if isinstance(value, str) and value not in CODES else []


def _frame(text: str, facts: list[dict], language: str) -> str:
    """The text without the names it quotes (occupations and skills by their labels in ``language``): what the
    sentence itself says."""
    for name in sorted(set(_names([f["params"] for f in relabelled(facts, language)])), key=len, reverse=True):
        text = re.sub(re.escape(name), " ", text, flags=re.IGNORECASE)  # also where a sentence starts with it
    return text


def test_every_explanation_of_the_demo_reads_as_dutch_and_as_english(app, session):
    with app.test_request_context():  # as a request reads them: the taxonomy's labels looked up once
        _read_every_explanation_of_the_demo(session)


def _read_every_explanation_of_the_demo(session):
    load_demo(session=session)
    session.flush()
    kinds = collect(session)
    expected = {"transition", "match", "match (not possible now)", "check", "candidate", "career path step",
                "career path summary", "allocation", "shortage", "unused potential", "cluster", "broker", "network",
                "progress", "partner match: seasonal_sharing", "partner match: talent_pipeline",
                "partner match: employer_school", "partner match: co_creation", "partner match: knowledge_exchange",
                "partner match: request_answer"}
    assert expected <= set(kinds), f"the demo region shows no {sorted(expected - set(kinds))}"
    faults = []
    for kind, explanations in kinds.items():
        for facts in explanations:
            dutch, english = render(facts, "nl"), render(facts, "en")
            assert dutch and english, (kind, facts)
            words = set(WORD.findall(_frame(dutch, facts, "nl").lower()))
            if words & ENGLISH or CODE.search(_frame(dutch, facts, "nl")):
                faults.append(f"{kind} (nl, {sorted(words & ENGLISH)}): {dutch}")
            words = set(WORD.findall(_frame(english, facts, "en").lower()))
            if words & DUTCH or CODE.search(_frame(english, facts, "en")):
                faults.append(f"{kind} (en, {sorted(words & DUTCH)}): {english}")
    assert not faults, "\n".join(faults[:20])

    lines = []
    for kind in sorted(set(kinds) - DATED):
        lines.append(f"## {kind}")
        shown = []
        for facts in kinds[kind]:
            dutch = render(facts, "nl")
            if dutch not in shown:
                shown.append(dutch)
                lines += [f"nl: {dutch}", f"en: {render(facts, 'en')}", ""]
            if len(shown) == PER_KIND:
                break
    text = "\n".join(lines)
    if os.environ.get("MATCHMAKER_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text(text, encoding="utf-8")
    assert SNAPSHOT.read_text(encoding="utf-8") == text, \
        "the explanations changed: rerun with MATCHMAKER_UPDATE_SNAPSHOTS=1 and read the diff of " + str(SNAPSHOT)
