"""Languages: Dutch by default, English on request (``?lang=en`` or ``Accept-Language: en``).

The catalogues are the ``.po`` files under ``matchmaker/translations/<lang>/LC_MESSAGES/messages.po``; they are
compiled in memory when first used (Babel's own reader and ``.mo`` writer), so a fresh clone, an installed
package and a worker all read the same source and no compiled file can go stale. English is the source
language: the messages in the code are English, ``en/messages.po`` lists each of them with itself as
translation (so the check in ``tests/test_translations.py`` can tell a forgotten message in either language).

The web pages keep the reader's choice in their session: ``matchmaker.web`` sets ``g.reader_language`` before a
page is drawn, and that choice comes first.

Outside a request (workers, the CLI, tests) the language is Dutch unless a function is given one.
"""
from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from flask import Flask, g, has_request_context, request

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
TRANSLATIONS_DIR = Path(__file__).parent / "translations"
#: the query argument every endpoint accepts
LANG_ARG = "lang"
#: where a request keeps the language it asks for
LANGUAGE_KEY = "matchmaker.requested_language"


def catalogue_path(language: str) -> Path:
    return TRANSLATIONS_DIR / language / "LC_MESSAGES" / "messages.po"


@lru_cache(maxsize=None)
def translations(language: str) -> Translations:
    """The compiled catalogue of ``language`` (one of :data:`LANGUAGES`), built once per process."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; known: {LANGUAGES}")
    with catalogue_path(language).open("rb") as source:
        catalogue = read_po(source, locale=language)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue)
    compiled.seek(0)
    return Translations(compiled, domain="messages")


def requested_language() -> str | None:
    """The language the request asks for: ``?lang=`` first, then ``Accept-Language``; None outside a request or
    when it asks for neither Dutch nor English."""
    if not has_request_context():
        return None
    environ = request.environ  # asked once per request: every label and sentence of a response asks again
    if LANGUAGE_KEY not in environ:
        asked = (request.args.get(LANG_ARG) or "").strip().lower()
        environ[LANGUAGE_KEY] = asked if asked in LANGUAGES else request.accept_languages.best_match(LANGUAGES)
    return environ[LANGUAGE_KEY]


def reader_language() -> str:
    """"nl" or "en": the language of whoever reads the response: the web session's choice
    (``g.reader_language``) when a page set one, else what the request asks for, else Dutch."""
    if has_request_context() and g.get("reader_language") in LANGUAGES:
        return g.reader_language
    return requested_language() or DEFAULT_LANGUAGE


def language_or_reader(language: str | None) -> str:
    return language if language in LANGUAGES else reader_language()


def gettext(message: str, language: str | None = None, /, **params) -> str:
    text = translations(language_or_reader(language)).gettext(message)
    return text % params if params else text


def ngettext(singular: str, plural: str, num: int, language: str | None = None, /, **params) -> str:
    text = translations(language_or_reader(language)).ngettext(singular, plural, num)
    return text % {"num": num, **params}


def N_(message: str) -> str:
    """Marks a message for extraction where it is defined; translated where it is shown."""
    return message


def register_i18n(app: Flask) -> None:
    """Flask-Babel (the reader's locale for dates and numbers, Jinja's i18n extension) with ``_`` and ``ngettext``
    in templates reading the catalogues above in the reader's language; the language of each API response is in
    ``Content-Language``.

    The catalogues reach Jinja through ``install_gettext_callables`` rather than a Flask-Babel ``Domain``
    subclass passed as ``default_domain``: Flask-Babel 4.0 takes that argument as a domain *name* and every
    template ``_()`` then fails ('CatalogueDomain' object has no attribute 'split')."""
    from flask_babel import Babel

    Babel(app, locale_selector=reader_language)
    app.jinja_env.install_gettext_callables(
        gettext=lambda message: translations(reader_language()).gettext(message),
        ngettext=lambda singular, plural, n: translations(reader_language()).ngettext(singular, plural, n),
        newstyle=True)

    @app.after_request
    def say_language(response):
        if request.path.startswith("/api/"):
            response.headers["Content-Language"] = reader_language()
            response.vary.add("Accept-Language")
        return response
