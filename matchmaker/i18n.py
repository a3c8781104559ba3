"""The reader's language."""
from __future__ import annotations

from flask import has_request_context, request


def reader_language() -> str:
    """"nl" or "en": ``?lang=`` when given, else the best match of Accept-Language, else Dutch."""
    if not has_request_context():
        return "nl"
    asked = (request.args.get("lang") or "").strip().lower()
    if asked in ("nl", "en"):
        return asked
    return request.accept_languages.best_match(("nl", "en"), default="nl")
