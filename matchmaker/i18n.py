"""Languages: Dutch by default, English on request.

The messages in the code and templates are English; their translations are the catalogues
``matchmaker/translations/<lang>/LC_MESSAGES/messages.po``, compiled in memory when first used (Babel's own
reader and ``.mo`` writer), so no compiled file can go stale. Outside a request the language is Dutch.

The API reads the language from ``?lang=`` or ``Accept-Language``; the web pages keep the reader's choice in
their session (``matchmaker.web`` sets ``g.reader_language`` before a page is drawn).
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations
from flask import Flask, g, has_request_context, request

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
TRANSLATIONS_DIR = Path(__file__).parent / "translations"
LANG_ARG = "lang"


def catalogue_path(language: str) -> Path:
    return TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=None)
def translations(language: str) -> NullTranslations:
    """The compiled catalogue of ``language`` (one of :data:`LANGUAGES`), built once per process."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; known: {LANGUAGES}")
    path = catalogue_path(language)
    if not path.exists():
        return NullTranslations()
    with path.open("rb") as source:
        catalogue = read_po(source, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled, domain="messages")


def requested_language() -> str | None:
    """``?lang=`` first, then ``Accept-Language``; None outside a request or when neither names nl or en."""
    if not has_request_context():
        return None
    asked = (request.args.get(LANG_ARG) or "").strip().lower()
    if asked in LANGUAGES:
        return asked
    return request.accept_languages.best_match(LANGUAGES)


def reader_language() -> str:
    """"nl" or "en": the language of whoever reads the response."""
    if has_request_context():
        if "reader_language" not in g:
            g.reader_language = requested_language() or DEFAULT_LANGUAGE
        return g.reader_language
    return DEFAULT_LANGUAGE


def gettext(message: str, language: str | None = None, **params) -> str:
    text = translations(language if language in LANGUAGES else reader_language()).gettext(message)
    return text % params if params else text


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; translated where it is shown."""
    return message


def register_i18n(app: Flask) -> None:
    """Flask-Babel (the reader's locale for dates and numbers, Jinja's i18n extension) with ``_`` and ``ngettext``
    in templates reading the catalogues above in the reader's language."""
    from flask_babel import Babel

    Babel(app, locale_selector=reader_language)
    app.jinja_env.install_gettext_callables(
        gettext=lambda message: translations(reader_language()).gettext(message),
        ngettext=lambda singular, plural, n: translations(reader_language()).ngettext(singular, plural, n),
        newstyle=True)
