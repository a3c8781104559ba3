"""Every message the pages and the sign-in show has a Dutch translation (English is the source language)."""
from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from matchmaker.i18n import catalogue_path, translations

ROOT = Path(__file__).resolve().parents[2]
#: where the pages' messages live: the templates, the web views, the labels and the account rules they show
SOURCES = {"matchmaker/web": [("**.py", "python"), ("**/templates/**.html", "jinja2")],
           "matchmaker": [("labels.py", "python"), ("services/accounts.py", "python")]}


def extracted() -> set:
    found = set()
    for folder, method_map in SOURCES.items():
        for _file, _line, message, _comments, _context in extract_from_dir(ROOT / folder, method_map=method_map):
            found.add(message if isinstance(message, str) else tuple(message))
    return found


def test_every_page_message_has_a_dutch_translation():
    with catalogue_path("nl").open("rb") as source:
        catalogue = read_po(source, locale="nl")
    untranslated = sorted(str(message) for message in extracted()
                          if not (entry := catalogue.get(message if isinstance(message, str) else message[0]))
                          or not (entry.string if isinstance(entry.string, str) else all(entry.string)))
    assert untranslated == []


def test_dutch_is_what_a_reader_gets_by_default():
    assert translations("nl").gettext("Sign in") == "Inloggen"
    assert translations("en").gettext("Sign in") == "Sign in"
