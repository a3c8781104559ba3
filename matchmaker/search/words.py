"""Words as search compares them: lower-cased, accents folded, split on anything that is not a letter or digit;
and a Dutch stem, so that "koken" also finds "kok" and "hulpkok"."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_NOT_WORD = re.compile(r"[^0-9a-z]+")
#: the Porter-style Dutch stemmer: "koken" and "kok" -> "kok", "lassen" -> "lass" (the newer "dutch" keeps
#: long vowels apart: "koken" -> "kook")
_DUTCH = snowballstemmer.stemmer("dutch_porter")
#: a stem shorter than this is not used to find compounds that end in it
MIN_STEM = 3


def fold(text: str) -> str:
    """Lower-cased, accents removed (é -> e, ï -> i), ß and ligatures spelled out."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def tokens(text: str) -> list[str]:
    """The words of ``text``, folded, in order."""
    return [t for t in _NOT_WORD.split(fold(text or "")) if t]


def normalised(text: str) -> str:
    """The words of ``text`` folded and sorted, joined by spaces: equal for the same words in any order."""
    return " ".join(sorted(tokens(text)))


@lru_cache(maxsize=4096)
def stem(token: str) -> str:
    return _DUTCH.stemWord(token)
