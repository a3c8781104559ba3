"""What every page gets: CSRF checks on every form, and the template context (language, user, labels, months)."""
from __future__ import annotations

from datetime import date

from babel.dates import format_date, get_month_names
from flask_wtf.csrf import CSRFProtect

from matchmaker.i18n import reader_language
from matchmaker.labels import choices, label
from matchmaker.web.blueprint import bp

csrf = CSRFProtect()


@bp.before_request
def protect_forms():
    csrf.protect()  # a no-op for GET, HEAD, OPTIONS; 400 for any other request without a valid token


def month_names() -> list[tuple[int, str]]:
    """(1, "januari") … (12, "december") in the reader's language (Babel's calendar data)."""
    names = get_month_names("wide", locale=reader_language())
    return [(month, names[month]) for month in range(1, 13)]


@bp.app_context_processor
def page_context():
    from matchmaker.web.signin import signed_in_user

    return {"reader_language": reader_language(), "current_user": signed_in_user(), "label": label,
            "label_choices": choices, "month_names": month_names()}


@bp.app_template_filter("labels")
def labels_of(codes, vocabulary: str) -> list[str]:
    return [label(vocabulary, code, capital=False) for code in codes]


@bp.app_template_filter("long_date")
def long_date(value) -> str:
    """A date (or its ISO text) as people write it: 31 maart 2027."""
    day = date.fromisoformat(value[:10]) if isinstance(value, str) else value
    return format_date(day, "long", locale=reader_language())
