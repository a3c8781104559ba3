"""Words as search compares them: lower-cased, accents folded, split on anything that is not a letter or digit;
and Dutch stems, so that "koken" also finds "kok", "hulpkok" and "kooktechnieken"."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_NOT_WORD = re.compile(r"[^0-9a-z]+")
#: Snowball's two Dutch stemmers: the Porter-style one shortens the vowel ("koken", "kok" -> "kok"), the newer one
#: keeps it long ("koken", "kookt" -> "kook"); a word is found through either
_STEMMERS = (snowballstemmer.stemmer("dutch_porter"), snowballstemmer.stemmer("dutch"))  # PyStemmer's C when installed
#: a stem shorter than this is not used to find compounds that end in it
MIN_STEM = 3
#: nor one shorter than this to find words that start with it
MIN_PREFIX_STEM = 4


def fold(text: str) -> str:
    """Lower-cased, accents removed (é -> e, ï -> i), ß and ligatures spelled out."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """The words of ``text``, folded, in order."""
    return [t for t in _NOT_WORD.split(fold(text or "")) if t]


def name_key(text: str) -> str:
    """How a name is stored for search: its folded words in order, each after a space (" cafe de kroon"), so
    that ``LIKE '% kro%'`` finds a word that starts with "kro" and ``LIKE '%kro%'`` one that holds it."""
    return "".join(" " + t for t in tokens(text))


def normalised(text: str) -> str:
    """The words of ``text`` folded and sorted, joined by spaces: equal for the same words in any order."""
    return " ".join(sorted(tokens(text)))


@lru_cache(maxsize=4096)
def stems(token: str) -> tuple[str, ...]:
    """The word's Dutch stems (one or two)."""
    return tuple(dict.fromkeys(stemmer.stemWord(token) for stemmer in _STEMMERS))
