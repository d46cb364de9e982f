"""The server's cache: bounded by bytes, least recently used out first, thread-safe."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from engine.views import session
from engine.views.cache import (
    DEFAULT_TOTAL_BYTES,
    ByteCache,
    approx_size,
    cached,
    total_from_env,
)

MIB = 1024 * 1024


def by_length(value) -> int:
    return len(value)


def test_entries_are_dropped_by_bytes_least_recently_used_first():
    store = ByteCache(total_bytes=100)
    for key in "abc":
        store.get_or_make(key, lambda: "x" * 30, by_length)
    assert store.keys() == ["a", "b", "c"] and store.used_bytes == 90
    store.get_or_make("a", lambda: pytest.fail("a is kept"), by_length)  # a is used again
    store.get_or_make("d", lambda: "y" * 30, by_length)  # 120 > 100: b, the oldest, goes
    assert store.keys() == ["c", "a", "d"] and store.used_bytes == 90
    store.get_or_make("e", lambda: "z" * 80, by_length)  # 170: c and a go, then d
    assert store.keys() == ["e"] and store.used_bytes == 80
    assert store.evictions == 4


def test_many_small_entries_are_kept_where_a_count_would_have_dropped_them():
    store = ByteCache(total_bytes=10_000)
    for k in range(100):
        store.get_or_make(k, lambda: "s" * 10, by_length)
    assert len(store) == 100 and store.used_bytes == 1000


def test_an_entry_larger_than_the_total_is_returned_but_not_kept():
    store = ByteCache(total_bytes=100)
    store.get_or_make("small", lambda: "s" * 10, by_length)
    big = store.get_or_make("big", lambda: "b" * 101, by_length)
    assert big == "b" * 101
    assert "big" not in store and store.keys() == ["small"]  # nothing else was dropped for it
    assert store.refused == 1 and store.used_bytes == 10
    made = []
    store.get_or_make("big", lambda: made.append(1) or "b" * 101, by_length)
    assert made == [1]  # made again: it was never kept


def test_a_failing_make_keeps_nothing_and_the_next_call_makes_it():
    store = ByteCache(total_bytes=100)

    def fail():
        raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        store.get_or_make("k", fail, by_length)
    assert "k" not in store
    assert store.get_or_make("k", lambda: "ok", by_length) == "ok"


def test_threads_asking_for_one_key_share_one_computation():
    store = ByteCache(total_bytes=1000)
    calls = []
    started = threading.Barrier(8)

    def make():
        calls.append(1)
        time.sleep(0.2)
        return "v" * 10

    results = []

    def ask():
        started.wait()
        results.append(store.get_or_make("k", make, by_length))

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert calls == [1] and results == ["v" * 10] * 8


def test_concurrent_different_keys_never_pass_the_total():
    store = ByteCache(total_bytes=5_000)
    over = []

    def work(worker: int):
        for k in range(300):
            key = (worker, k % 40)
            value = store.get_or_make(key, lambda k=k: "x" * (50 + 7 * (k % 40)), by_length)
            assert value.startswith("x")
            if store.used_bytes > store.total_bytes:
                over.append(store.used_bytes)

    threads = [threading.Thread(target=work, args=(w,)) for w in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not over
    kept = store._entries  # what is kept adds up to what the cache says it uses
    assert sum(size for _, size in kept.values()) == store.used_bytes <= 5_000
    assert store.evictions > 0


def test_approx_size_counts_every_array_once_views_with_their_base():
    a = np.zeros((100, 100))  # 80,000 bytes
    assert 80_000 <= approx_size(a) < 81_000
    assert 80_000 <= approx_size([a, a, a[3], a.T, {"k": a[:, 1]}]) < 82_000
    broadcast = np.broadcast_to(np.zeros(10), (1000, 1000, 10))  # 80 bytes of memory
    assert approx_size(broadcast) < 1_000
    assert approx_size("x" * 10_000) >= 10_000


def test_a_run_is_sized_by_what_its_recorded_pass_keeps():
    """x[0, 0] used 20 times from a 500 × 500 x: twenty downstreams of x's shape, 2 MB each."""
    uses = 20
    source = "x = randn(500, 500, seed=0)\nZ = stack(" + ", ".join(["x[0, 0]"] * uses) + ")\n"
    result = session.run(source)
    assert isinstance(result, session.RunOk)
    one = 500 * 500 * 8
    # x, its gradient, and one downstream per use; a little more for everything around them
    assert (uses + 2) * one <= approx_size(result) <= (uses + 3) * one
    small = session.run("x = 3.0\nf = x * x")
    assert approx_size(small) < 64 * 1024


def test_the_total_comes_from_the_environment():
    assert total_from_env({}) == DEFAULT_TOTAL_BYTES == 512 * MIB
    assert total_from_env({"CHAINRULE_CACHE_BYTES": "64_000_000"}) == 64_000_000
    for bad in ("0", "-5", "lots", "1.5"):
        with pytest.raises(ValueError, match="CHAINRULE_CACHE_BYTES"):
            total_from_env({"CHAINRULE_CACHE_BYTES": bad})
    with pytest.raises(ValueError):
        ByteCache(total_bytes=0)


def test_cached_functions_share_entries_by_bound_arguments_and_clear_their_own():
    store = ByteCache(total_bytes=10_000)
    calls = []

    @cached(store=store)
    def power(n: int, p: int = 2) -> int:
        calls.append((n, p))
        return n**p

    @cached(store=store, key=lambda thing, lang: (thing["id"], lang))
    def named(thing: dict, lang: str) -> str:
        calls.append(("named", lang))
        return f"{thing['id']}-{lang}"

    assert power(3) == power(3, 2) == power(n=3, p=2) == 9
    assert power(3, 3) == 27
    assert named({"id": 1}, "en") == named({"id": 1, "other": []}, "en") == "1-en"
    assert calls == [(3, 2), (3, 3), ("named", "en")]
    power.clear()
    assert len(store) == 1  # named's entry stays
    power(3)
    assert calls[-1] == (3, 2)


def test_the_apps_cached_functions_share_the_servers_cache():
    import app_support  # noqa: F401 (puts the repository, with ui.py, on sys.path)

    import ui
    import ui_classroom
    import ui_exports
    from engine.views import cache

    for function in (
        ui.cached_run,
        ui.cached_scene,
        ui.cached_payload,
        ui_exports.cached_solution,
        ui_exports.cached_torch_script,
        ui_exports.cached_gradcheck,
        ui_classroom.cached_slides,
    ):
        assert function.store is cache.SHARED, function.__name__
    source = "x = randn(300, 300, seed=12345)\nL = sum(x * x)\n"
    before = cache.SHARED.used_bytes
    result = ui.cached_run(source)
    assert ui.cached_run(source) is result  # kept, and shared
    assert cache.SHARED.used_bytes - before >= 3 * 300 * 300 * 8  # x, x * x, and the gradients
    ui.cached_run.clear()
    assert ui.cached_run(source) is not result
