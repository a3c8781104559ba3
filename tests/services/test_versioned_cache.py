"""The one cache of derived results: keyed by data version, bounded, built once however many threads ask."""
import threading
import time

import pytest

from matchmaker.services.cache import VersionedCache, clear_process_caches


def test_a_new_data_version_replaces_the_old_value_and_a_known_one_is_not_built_again():
    cache, built = VersionedCache(), []

    def build(version):
        built.append(version)
        return f"table of version {version}"

    assert cache.get(("db", 1), lambda: build(1)) == "table of version 1"
    assert cache.get(("db", 1), lambda: build(99)) == "table of version 1"
    assert cache.get(("db", 2), lambda: build(2)) == "table of version 2"
    assert built == [1, 2] and len(cache) == 1 and ("db", 1) not in cache


def test_it_keeps_at_most_size_values_dropping_the_least_recently_used_first():
    cache = VersionedCache(size=2)
    cache.get("a", lambda: 1)
    cache.get("b", lambda: 2)
    cache.get("a", lambda: 0)  # read again: now b is the least recently used
    cache.get("c", lambda: 3)
    assert ("a" in cache, "b" in cache, "c" in cache) == (True, False, True)
    assert cache.values() == [1, 3]
    with pytest.raises(ValueError):
        VersionedCache(size=0)


def test_the_old_value_is_let_go_before_the_new_one_is_built():
    cache = VersionedCache()
    cache.get(1, lambda: "old")
    seen_while_building = []
    cache.get(2, lambda: seen_while_building.append(len(cache)) or "new")
    assert seen_while_building == [0]


def test_threads_asking_at_once_share_one_build():
    cache, builds = VersionedCache(), []

    def slow_build():
        builds.append(1)
        time.sleep(0.05)
        return object()

    got = []
    threads = [threading.Thread(target=lambda: got.append(cache.get(("db", 7), slow_build))) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1 and len({id(value) for value in got}) == 1 and len(got) == 8


def test_clearing_the_process_caches_forgets_every_value():
    cache = VersionedCache()
    cache.get("k", lambda: "v")
    clear_process_caches()
    assert len(cache) == 0
