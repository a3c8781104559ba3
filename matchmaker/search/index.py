"""An in-memory token index over labels: which records a query's words find, and how well.

Every label (preferred or alternative, any language) is an *entry* of one record. A query word matches a label
word at one of three levels:

* ``EQUAL``: the same word;
* ``PREFIX``: the label word starts with the query word ("kok" -> "koken"), or both have a Dutch stem in common
  ("koken" -> "kok"), or the label word starts with the query word's stem ("koken" -> "kooktechnieken");
* ``CONTAINS``: the query word (of three letters or more) is inside the label word ("truck" -> "reachtruck"),
  or the label word ends in the query word's stem, as Dutch compounds do ("koken" -> "hulpkok").

An entry matches when every query word matches one of its words (in any order); its level is the weakest of
those. A record's rank is that of its best entry: exact (the same words) before prefix before contains, and
within each, preferred labels before alternative ones; within a rank, a label of fewer words first ("kok"
before "industriële kok"), then the caller's order (alphabetical).

Lookups work on the distinct words (the vocabulary, one string scanned by the regex engine, a few thousand
words per millisecond) and numpy arrays of postings; no Python loop runs over entries or records.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from matchmaker.search.words import MIN_PREFIX_STEM, MIN_STEM, stems, tokens

CONTAINS, PREFIX, EQUAL = 1, 2, 3
#: a query word shorter than this finds only words that start with it ("in" is inside too many words to mean much)
MIN_CONTAINED = 3
#: ranks, best first
EXACT_PREFERRED, EXACT_ALTERNATIVE, PREFIX_PREFERRED, PREFIX_ALTERNATIVE, CONTAINS_PREFERRED, CONTAINS_ALTERNATIVE = range(6)
RANK_NAMES = ("exact", "exact", "prefix", "prefix", "contains", "contains")


@dataclass(frozen=True)
class Hits:
    """Records found, best first: their positions (as given to :meth:`TokenIndex.build`) and ranks."""

    positions: np.ndarray
    ranks: np.ndarray

    def __len__(self) -> int:
        return len(self.positions)


class TokenIndex:
    """Labels of ``n_records`` records; build once, query many times (read-only, safe to share between threads)."""

    def __init__(self, n_records: int, record_of_entry: np.ndarray, preferred: np.ndarray, words_of_entry: np.ndarray,
                 vocabulary: list[str], postings_start: np.ndarray, postings: np.ndarray,
                 stems: dict[str, np.ndarray]):
        self.n_records = n_records
        self._record = record_of_entry
        self._preferred = preferred
        self._n_words = words_of_entry
        self._vocabulary = vocabulary
        self._text = "\n" + "\n".join(vocabulary) + "\n"
        #: offset in ``_text`` of each word's first character
        self._starts = np.cumsum([1] + [len(w) + 1 for w in vocabulary[:-1]]) if vocabulary else np.zeros(0, np.int64)
        self._lengths = np.array([len(w) for w in vocabulary], np.int64)
        self._postings_start = postings_start
        self._postings = postings
        self._stems = stems

    @classmethod
    def build(cls, n_records: int, entries: Iterable[tuple[int, str, bool]]) -> TokenIndex:
        """``entries``: (record position, label, preferred?) for every label of every record."""
        records, preferred, n_words = [], [], []
        word_entries: dict[str, list[int]] = defaultdict(list)
        seen: set[tuple[int, str]] = set()
        for record, label, is_preferred in entries:
            words = sorted(set(tokens(label)))
            key = (record, " ".join(words))
            if not words or key in seen:  # the same words twice for one record: keep the first (preferred first)
                continue
            seen.add(key)
            entry = len(records)
            records.append(record)
            preferred.append(is_preferred)
            n_words.append(len(words))
            for word in words:
                word_entries[word].append(entry)
        vocabulary = sorted(word_entries)
        lengths = np.array([len(word_entries[w]) for w in vocabulary], np.int64)
        postings_start = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
        postings = np.fromiter((e for w in vocabulary for e in word_entries[w]), np.int64, count=int(lengths.sum()))
        by_stem: dict[str, list[int]] = defaultdict(list)
        for position, word in enumerate(vocabulary):
            for word_stem in stems(word):
                by_stem[word_stem].append(position)
        return cls(n_records, np.array(records, np.int64), np.array(preferred, bool), np.array(n_words, np.int64),
                   vocabulary, postings_start, postings, {s: np.array(p, np.int64) for s, p in by_stem.items()})

    @property
    def n_entries(self) -> int:
        return len(self._record)

    def _scan(self, part: str) -> tuple[np.ndarray, np.ndarray]:
        """Words containing ``part``: their vocabulary positions and where in the word ``part`` starts."""
        found = np.fromiter((m.start() for m in re.finditer(re.escape(part), self._text)), np.int64)
        if not len(found):
            return found, found
        words = np.searchsorted(self._starts, found, side="right") - 1
        return words, found - self._starts[words]

    def _word_levels(self, query_word: str) -> tuple[np.ndarray, np.ndarray]:
        """Vocabulary positions matched by one query word, and the level of each."""
        # words starting with it: one range of the sorted vocabulary
        low = bisect_left(self._vocabulary, query_word)
        high = bisect_left(self._vocabulary, query_word + "\uffff", low)
        starting = np.arange(low, high)
        levels = np.where(self._lengths[starting] == len(query_word), EQUAL, PREFIX)
        parts = [(starting, levels)]
        if len(query_word) >= MIN_CONTAINED:
            holding, offsets = self._scan(query_word)
            inside = holding[offsets > 0]
            parts.append((inside, np.full(len(inside), CONTAINS)))
        for query_stem in stems(query_word):
            if query_stem in self._stems:
                same = self._stems[query_stem]
                parts.append((same, np.full(len(same), PREFIX)))
            if len(query_stem) >= MIN_STEM and query_stem != query_word:
                holding, offsets = self._scan(query_stem)
                ends = holding[offsets + len(query_stem) == self._lengths[holding]]
                parts.append((ends, np.full(len(ends), CONTAINS)))
                if len(query_stem) >= MIN_PREFIX_STEM:
                    starts = holding[offsets == 0]
                    parts.append((starts, np.full(len(starts), PREFIX)))
        words = np.concatenate([p[0] for p in parts])
        levels = np.concatenate([p[1] for p in parts]).astype(np.int8)
        return words, levels

    def _entry_levels(self, query_word: str) -> np.ndarray:
        """For every entry, the best level at which one of its words matches ``query_word`` (0: none)."""
        words, levels = self._word_levels(query_word)
        result = np.zeros(self.n_entries, np.int8)
        if not len(words):
            return result
        starts, ends = self._postings_start[words], self._postings_start[words + 1]
        counts = ends - starts
        total = int(counts.sum())
        if not total:
            return result
        # the postings of every matched word, concatenated, without a Python loop over the words
        offsets = np.repeat(starts - np.concatenate([[0], np.cumsum(counts)[:-1]]), counts)
        entries = self._postings[np.arange(total) + offsets]
        levels = np.repeat(levels, counts)
        for level in (CONTAINS, PREFIX, EQUAL):  # the best level last: it stays
            result[entries[levels == level]] = level
        return result

    def search(self, query: str, *, order: np.ndarray, allowed: np.ndarray | None = None) -> Hits:
        """Records matching every word of ``query``, best rank first, then in ``order`` (a position per record,
        e.g. alphabetical); ``allowed``: a boolean mask of records that may be returned (None: all)."""
        words = sorted(set(tokens(query)))
        if not words or not self.n_entries:
            return Hits(np.zeros(0, np.int64), np.zeros(0, np.int64))
        level = None
        for word in words:
            word_level = self._entry_levels(word)
            level = word_level if level is None else np.minimum(level, word_level)
        entries = np.flatnonzero(level)
        if allowed is not None:
            entries = entries[allowed[self._record[entries]]]
        level = level[entries]
        exact = (level == EQUAL) & (self._n_words[entries] == len(words))
        base = np.where(exact, 0, np.where(level >= PREFIX, 2, 4))
        rank = base + (~self._preferred[entries]).astype(np.int64)
        records = self._record[entries]
        best = np.full(self.n_records, 99, np.int64)
        for r in range(CONTAINS_ALTERNATIVE, EXACT_PREFERRED - 1, -1):  # the best rank last: it stays
            best[records[rank == r]] = r
        # within a rank, the shorter label first: "kok" before "industriële kok" for "koken"
        words = np.full(self.n_records, np.iinfo(np.int64).max, np.int64)
        at_best = rank == best[records]
        np.minimum.at(words, records[at_best], self._n_words[entries][at_best])
        found = np.flatnonzero(best < 99)
        ranks = best[found]
        ordered = np.lexsort((order[found], words[found], ranks))
        return Hits(found[ordered], ranks[ordered])
