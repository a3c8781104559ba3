"""Numbers, months and lists in the reader's language (Babel's locale data), for the sentences."""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from babel import Locale
from babel.dates import get_month_names
from babel.lists import format_list
from babel.numbers import format_percent, get_decimal_symbol, get_group_symbol

from matchmaker.i18n import gettext, ngettext

ALL_MONTHS = (1 << 12) - 1


@lru_cache(maxsize=None)
def _symbols(language: str) -> tuple[str, str, str]:
    """The locale's decimal sign, thousands separator and percent pattern (Babel's data, read once)."""
    return (get_decimal_symbol(_locale(language)), get_group_symbol(_locale(language)),
            format_percent(0.5, locale=_locale(language)).replace("50", "{}"))


def number(value: float, language: str, *, digits: int = 0) -> str:
    """Grouped thousands, ``digits`` decimals (1: only when needed), the locale's signs.

    >>> number(2.5, "nl", digits=1), number(1234, "nl"), number(0.8, "en", digits=2), number(3.0, "nl", digits=1)
    ('2,5', '1.234', '0.80', '3')
    """
    decimal, group, _ = _symbols(language)
    value = round(float(value), digits)
    text = f"{value:,.{digits}f}" if digits != 1 or value != int(value) else f"{int(value):,}"
    return text.replace(",", "\0").replace(".", decimal).replace("\0", group)


def percent(value: float, language: str) -> str:
    """>>> percent(0.7, "nl"), percent(0.255, "en")
    ('70%', '26%')"""
    return _symbols(language)[2].format(number(float(value) * 100, language))


def listing(items: Sequence[str], language: str, *, limit: int = 4) -> str:
    """"a, b en c" (Dutch) or "a, b and c" (English); past ``limit`` items, "and 3 more".

    >>> listing(["koken", "afwassen", "schoonmaken"], "nl")
    'koken, afwassen en schoonmaken'
    >>> listing(list("abcdef"), "en", limit=3)
    'a, b, c and 3 more'
    """
    items = [str(i) for i in items]
    if not items:
        return ""
    if len(items) > limit:
        items = items[:limit] + [ngettext("%(num)d more", "%(num)d more", len(items) - limit, language)]
    if len(items) == 1:
        return items[0]
    if language == "en":  # no serial comma: "a, b and c"
        return ", ".join(items[:-1]) + " and " + items[-1]
    return format_list(items, locale=_locale(language))


@lru_cache(maxsize=None)
def _locale(language: str) -> Locale:
    """Babel's locale data of ``language``, parsed once per process."""
    return Locale.parse(language)


@lru_cache(maxsize=None)
def month_names(language: str) -> tuple[str, ...]:
    """January to December in ``language`` (read from Babel's data once per process)."""
    names = get_month_names("wide", locale=_locale(language))
    return tuple(names[m] for m in range(1, 13))


def months(mask: int, language: str) -> str:
    """A 12-bit months mask (bit 0 = January) as runs of months, wrapping over the year end.

    >>> months(0b000011110000, "nl"), months(0b000011110000, "en")
    ('mei tot en met augustus', 'May to August')
    >>> months((1 << 10) | (1 << 11) | 1, "nl")
    'november tot en met januari'
    >>> months(ALL_MONTHS, "nl"), months(1 << 11 | 1 << 3, "en")
    ('het hele jaar', 'April and December')
    """
    mask = int(mask) & ALL_MONTHS
    if mask == ALL_MONTHS:
        return gettext("all year", language)
    if mask == 0:
        return gettext("no months", language)
    names = month_names(language)
    on = [bool(mask >> m & 1) for m in range(12)]
    start = next(m for m in range(12) if not on[m])  # a month that is off: runs never wrap past it
    runs, run = [], None
    for step in range(12):
        month = (start + 1 + step) % 12
        if on[month]:
            run = (run[0], month) if run else (month, month)
        elif run:
            runs.append(run)
            run = None
    if run:
        runs.append(run)
    parts = [names[a] if a == b else gettext("%(first)s to %(last)s", language, first=names[a], last=names[b])
             for a, b in runs]
    return listing(parts, language, limit=12)
