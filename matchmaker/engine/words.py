"""Small helpers that turn indices and masks into plain English an advisor can repeat."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December")


@dataclass(frozen=True)
class Names:
    """Display names the explanations use; all optional, indexed like the engine's arrays.

    ``needs[j]`` names need ``j`` ("order picker"), ``employers[j]`` the organisation that posted it
    ("Bol Logistiek, Zwolle"), ``programmes[k]`` a programme ("MBO Logistiek at Deltion, Zwolle").
    Missing names fall back to the record ids.

    >>> Names(employers=("Fruitteelt Jansen",)).employer(0, fallback="employer 7")
    'Fruitteelt Jansen'
    >>> Names().employer(0, fallback="employer 7")
    'employer 7'
    """

    needs: Sequence[str] = ()
    employers: Sequence[str] = ()
    programmes: Sequence[str] = ()

    def need(self, j: int, *, fallback: str) -> str:
        return self.needs[j] if j < len(self.needs) and self.needs[j] else fallback

    def employer(self, j: int, *, fallback: str) -> str:
        return self.employers[j] if j < len(self.employers) and self.employers[j] else fallback

    def programme(self, k: int, *, fallback: str) -> str:
        return self.programmes[k] if k < len(self.programmes) and self.programmes[k] else fallback


def join_words(words: Sequence[str], *, limit: int = 4) -> str:
    """Join words in plain English: ``a``, ``a and b``, ``a, b and c``, ``a, b, c and 2 more``.

    >>> join_words(["order picking", "working in a team"])
    'order picking and working in a team'
    >>> join_words(list("abcdef"), limit=3)
    'a, b, c and 3 more'
    """
    words = list(words)
    if not words:
        return ""
    if len(words) > limit:
        return ", ".join(words[:limit]) + f" and {len(words) - limit} more"
    if len(words) == 1:
        return words[0]
    return ", ".join(words[:-1]) + " and " + words[-1]


def quoted(labels: Sequence[str], *, limit: int = 4) -> str:
    """Quote and join labels in English, shortening long lists.

    >>> quoted(["plan menus"])
    "'plan menus'"
    >>> quoted(["a", "b", "c"])
    "'a', 'b' and 'c'"
    >>> quoted(["a", "b", "c", "d", "e", "f"], limit=3)
    "'a', 'b', 'c' and 3 more"
    """
    return join_words([f"'{label}'" for label in labels], limit=limit) or "none"


def amount(value: float, unit: str) -> str:
    """A number with its unit, rounded to one decimal and singular for exactly one.

    >>> amount(1, "month"), amount(12.0, "month"), amount(7.61123, "year"), amount(0.96, "year")
    ('1 month', '12 months', '7.6 years', '1 year')
    """
    value = round(float(value), 1)
    return f"{value:g} {unit}" + ("" if value == 1 else "s")


def article(label: str) -> str:
    """Put 'a' or 'an' before a noun phrase.

    >>> article("order picker"), article("electrician")
    ('an order picker', 'an electrician')
    >>> article("cook")
    'a cook'
    """
    return ("an " if label[:1].lower() in "aeiou" else "a ") + label


def months_words(mask: int) -> str:
    """Describe a 12-bit months mask as runs of months, wrapping over the year end.

    >>> months_words(0b000011110000)
    'May to August'
    >>> months_words((1 << 10) | (1 << 11) | 1)
    'November to January'
    >>> months_words(0b111111111111)
    'all year'
    >>> months_words(1 << 11)
    'December'
    """
    mask = int(mask) & 0xFFF
    if mask == 0xFFF:
        return "all year"
    if mask == 0:
        return "no months"
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
    parts = [MONTH_NAMES[a] if a == b else f"{MONTH_NAMES[a]} to {MONTH_NAMES[b]}" for a, b in runs]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
