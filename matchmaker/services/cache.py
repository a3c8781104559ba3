"""One small cache for what a process derives from the database: keyed by the data versions it depends on,
bounded, thread-safe.

Every process keeps a few derived, non-personal results — the skill space, the transition table, the province's
open demand, the prepared career-path region, the partner matches, parsed stored results — each valid while
the data versions in its key stay the same. :class:`VersionedCache` holds them: ``get(key, build)`` returns the
value stored under ``key`` or builds it once (other threads asking meanwhile wait for that one build), keeps at
most ``size`` values (the least recently used goes first, *before* a new one is built, so two large values never
sit in memory side by side) and forgets everything on :func:`clear_process_caches`.

People's arrays are never cached: they hold special-category data.

>>> cache = VersionedCache(size=1)
>>> cache.get(("db", 1), lambda: "built for version 1")
'built for version 1'
>>> cache.get(("db", 1), lambda: "never built: version 1 is stored")
'built for version 1'
>>> cache.get(("db", 2), lambda: "built for version 2"), len(cache)
('built for version 2', 1)
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")

_CACHES: list = []


class VersionedCache(Generic[V]):
    """At most ``size`` values by key (a key names the database and the data versions the value depends on)."""

    def __init__(self, size: int = 1):
        if size < 1:
            raise ValueError("a cache holds at least one value")
        self.size = size
        self._values: OrderedDict[Hashable, V] = OrderedDict()
        self._lock = threading.RLock()
        _CACHES.append(self)

    def get(self, key: Hashable, build: Callable[[], V]) -> V:
        """The value under ``key``, built by ``build()`` when it is not stored (once, whoever else asks)."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
            while len(self._values) >= self.size:  # the old one's memory goes before the new one is built
                self._values.popitem(last=False)
            value = build()
            self._values[key] = value
            return value

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._values

    def values(self) -> list[V]:
        """The values held, least recently used first (a snapshot)."""
        with self._lock:
            return list(self._values.values())

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()


def register(cache):
    """Let :func:`clear_process_caches` clear ``cache`` too (any mapping with ``clear()``); returns it."""
    _CACHES.append(cache)
    return cache


def clear_process_caches() -> None:
    """Forget every derived value (tests that rebuild a database under the same URL call this)."""
    for cache in _CACHES:
        cache.clear()
