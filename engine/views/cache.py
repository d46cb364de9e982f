"""One cache for the whole server, bounded by bytes rather than by a count of entries.

A count of entries says nothing about memory: 32 small programs take a few
megabytes, 32 runs of a large one took 250 GB (issue 15). Here every entry is
sized when it is stored (:func:`approx_size`: the bytes of the arrays it keeps,
counted once each, plus its strings and containers), and the least recently
used entries are dropped until all of them together fit the server's total,
:data:`DEFAULT_TOTAL_BYTES` (512 MiB) unless ``CHAINRULE_CACHE_BYTES`` says
otherwise. An entry larger than the whole total is returned but not kept.

The app's cached functions (``ui.cached_run``, ``cached_scene``, …) share
:data:`SHARED`, so a page of many large graphs cannot push the runs past the
total, nor the runs the graphs. Keys are plain values (the program text, the
language, the box's shape). Two sessions asking for the same key at the same
time wait for one computation; the cache is safe to use from Streamlit's
threads.

>>> store = ByteCache(total_bytes=1_000)
>>> store.get_or_make("a", lambda: "x" * 600)[:3]
'xxx'
>>> store.get_or_make("b", lambda: "y" * 600)[:3]  # a and b together pass 1,000: a goes
'yyy'
>>> list(store.keys())
['b']
"""

from __future__ import annotations

import functools
import inspect
import os
import sys
import threading
import types
from collections import OrderedDict
from collections.abc import Callable, Hashable, Mapping
from typing import Any, Generic, ParamSpec, TypeVar, cast, overload

import numpy as np

#: All entries of :data:`SHARED` together, in bytes, unless ``CHAINRULE_CACHE_BYTES`` is set.
DEFAULT_TOTAL_BYTES = 512 * 1024 * 1024
#: The operator's variable for the total.
ENV_VARIABLE = "CHAINRULE_CACHE_BYTES"

V = TypeVar("V")
P = ParamSpec("P")


def total_from_env(environ: Mapping[str, str] | None = None) -> int:
    """The server's cache total: ``CHAINRULE_CACHE_BYTES`` (a positive integer of bytes,
    underscores allowed) or :data:`DEFAULT_TOTAL_BYTES`.

    >>> total_from_env({}), total_from_env({"CHAINRULE_CACHE_BYTES": "1_000"})
    (536870912, 1000)
    """
    environ = os.environ if environ is None else environ
    raw = environ.get(ENV_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_TOTAL_BYTES
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ValueError(f"{ENV_VARIABLE} must be a positive integer, not {raw!r}")
    return value


# -- how big an entry is -------------------------------------------------------------------

# Shared by every entry (functions, classes, modules and the like) or not data at all:
# never counted and never walked into.
_SKIPPED = (
    type,
    types.ModuleType,
    types.FunctionType,
    types.BuiltinFunctionType,
    types.MethodType,
    functools.partial,
    type(None),
    bool,
    threading.Lock().__class__,
)


_ARRAY_HEADER = 112  # sys.getsizeof of an empty ndarray


def _array_root(array: np.ndarray) -> np.ndarray:
    """The array that owns the memory a view looks at (so views are not counted twice)."""
    while isinstance(array.base, np.ndarray):
        array = array.base
    return array


def approx_size(value: Any) -> int:
    """About how many bytes ``value`` keeps alive: every numpy array it reaches, counted once
    by the memory it owns (a view or a broadcast view counts its base once), plus the
    strings, numbers, containers and objects around them (``sys.getsizeof``).

    Walks containers, dataclasses, named tuples and objects with ``__dict__`` or
    ``__slots__`` without recursion; functions, classes and modules are shared by every
    entry and are not counted.

    >>> a = np.zeros(1000)
    >>> approx_size(a) >= 8000, approx_size([a, a, a[:10]]) < 2 * 8000
    (True, True)
    """
    seen: set[int] = set()
    total = 0
    stack = [value]
    while stack:
        obj = stack.pop()
        if isinstance(obj, _SKIPPED) or id(obj) in seen:
            continue
        seen.add(id(obj))
        if isinstance(obj, np.ndarray):
            root = _array_root(obj)
            if root is not obj:  # a view: its header here, its memory with its base
                total += _ARRAY_HEADER
                if id(root) in seen:
                    continue
                seen.add(id(root))
            total += root.nbytes + _ARRAY_HEADER
            continue
        if isinstance(obj, (str, bytes, bytearray, int, float, complex, np.generic)):
            total += sys.getsizeof(obj, 64)
            continue
        total += sys.getsizeof(obj, 64)
        if isinstance(obj, Mapping):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, (list, tuple, set, frozenset)):
            stack.extend(obj)
        else:
            _push_attributes(obj, stack)
    return total


def _push_attributes(obj: Any, stack: list[Any]) -> None:
    attributes = getattr(obj, "__dict__", None)
    if isinstance(attributes, dict):
        stack.extend(attributes.values())
    for cls in type(obj).__mro__:
        for slot in getattr(cls, "__slots__", ()):
            if slot in ("__dict__", "__weakref__"):
                continue
            try:
                stack.append(getattr(obj, slot))
            except AttributeError:
                continue


# -- the cache ------------------------------------------------------------------------------


class _Making:
    """A value being made by one thread, which others asking for the same key wait for."""

    __slots__ = ("done", "value", "failed")

    def __init__(self) -> None:
        self.done = threading.Event()
        self.value: Any = None
        self.failed = False


class ByteCache:
    """A least-recently-used cache whose entries together stay within ``total_bytes``.

    ``get_or_make(key, make, size)`` returns the kept value of ``key`` or makes it
    (once, however many threads ask at the same time), sizes it with ``size`` and
    keeps it, dropping the least recently used entries until everything fits. A value
    larger than ``total_bytes`` is returned and not kept. Thread-safe.
    """

    def __init__(self, total_bytes: int | None = None) -> None:
        self.total_bytes = total_from_env() if total_bytes is None else int(total_bytes)
        if self.total_bytes < 1:
            raise ValueError(f"total_bytes must be a positive integer, not {total_bytes!r}")
        self._entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self._making: dict[Hashable, _Making] = {}
        self._lock = threading.Lock()
        self.used_bytes = 0
        self.hits = self.misses = self.evictions = self.refused = 0

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._entries

    def keys(self) -> list[Hashable]:
        """The keys kept, least recently used first."""
        with self._lock:
            return list(self._entries)

    def get_or_make(
        self, key: Hashable, make: Callable[[], V], size: Callable[[V], int] = approx_size
    ) -> V:
        while True:
            with self._lock:
                entry = self._entries.get(key)
                if entry is not None:
                    self._entries.move_to_end(key)
                    self.hits += 1
                    return cast(V, entry[0])
                waiting = self._making.get(key)
                if waiting is None:
                    making = self._making[key] = _Making()
                    self.misses += 1
                    break
            waiting.done.wait()
            if not waiting.failed:
                return cast(V, waiting.value)
            # the maker failed: try again (perhaps making it ourselves)
        try:
            value = make()
        except BaseException:
            with self._lock:
                del self._making[key]
            making.failed = True
            making.done.set()
            raise
        nbytes = self.total_bytes + 1  # not kept if it cannot be sized
        try:
            nbytes = max(0, int(size(value)))
        finally:
            with self._lock:
                del self._making[key]
                if nbytes <= self.total_bytes:
                    self._store(key, value, nbytes)
                else:
                    self.refused += 1
            making.value = value
            making.done.set()
        return value

    def _store(self, key: Hashable, value: Any, nbytes: int) -> None:
        old = self._entries.pop(key, None)
        if old is not None:
            self.used_bytes -= old[1]
        self._entries[key] = (value, nbytes)
        self.used_bytes += nbytes
        while self.used_bytes > self.total_bytes and self._entries:
            _, (_, dropped) = self._entries.popitem(last=False)
            self.used_bytes -= dropped
            self.evictions += 1

    def discard(self, predicate: Callable[[Hashable], bool]) -> int:
        """Drop every entry whose key ``predicate`` accepts; returns how many."""
        with self._lock:
            keys = [key for key in self._entries if predicate(key)]
            for key in keys:
                self.used_bytes -= self._entries.pop(key)[1]
            return len(keys)

    def clear(self) -> None:
        self.discard(lambda key: True)


#: The server's one cache (every session and page shares it).
SHARED = ByteCache()


class CachedFunction(Generic[P, V]):
    """A function memoised by :func:`cached`: called as the function, plus ``clear()`` (drop
    its entries) and ``store`` (the cache it keeps them in)."""

    def __init__(
        self,
        function: Callable[P, V],
        size: Callable[[V], int],
        key: Callable[..., Hashable] | None,
        store: ByteCache | None,
    ) -> None:
        functools.update_wrapper(self, function)
        self._function = function
        self._signature = inspect.signature(function)
        # The file as well as the name: Streamlit runs every page as __main__, and two pages
        # may each define a cached_linearisation of their own.
        self._origin = (function.__code__.co_filename, function.__qualname__)
        self._size = size
        self._key = key
        self._store = store

    @property
    def store(self) -> ByteCache:
        return SHARED if self._store is None else self._store

    def key_of(self, *args: Any, **kwargs: Any) -> tuple[tuple[str, str], Hashable]:
        """The entry's key for these arguments."""
        if self._key is not None:
            return (self._origin, self._key(*args, **kwargs))
        bound = self._signature.bind(*args, **kwargs)
        bound.apply_defaults()
        return (self._origin, tuple(bound.arguments.items()))

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> V:
        def make() -> V:
            return self._function(*args, **kwargs)

        return self.store.get_or_make(self.key_of(*args, **kwargs), make, self._size)

    def clear(self) -> int:
        """Drop this function's entries; returns how many."""
        origin = self._origin
        return self.store.discard(lambda k: isinstance(k, tuple) and k[0] == origin)


@overload
def cached(function: Callable[P, V]) -> CachedFunction[P, V]: ...


@overload
def cached(
    function: None = None,
    *,
    size: Callable[[Any], int] = approx_size,
    key: Callable[..., Hashable] | None = None,
    store: ByteCache | None = None,
) -> Callable[[Callable[P, V]], CachedFunction[P, V]]: ...


def cached(
    function: Callable[P, V] | None = None,
    *,
    size: Callable[[Any], int] = approx_size,
    key: Callable[..., Hashable] | None = None,
    store: ByteCache | None = None,
) -> CachedFunction[P, V] | Callable[[Callable[P, V]], CachedFunction[P, V]]:
    """Memoise ``function`` in :data:`SHARED` (or ``store``) by its arguments.

    The key is the function's file and name and its arguments as bound to its
    signature (defaults filled in, so ``f(a)`` and ``f(a, 1)`` share an entry when 1 is
    the default), or ``key(*args, **kwargs)`` when given (for an argument that is not a
    plain value). ``function.clear()`` drops its entries.

    >>> @cached(store=ByteCache(10_000))
    ... def square(n: int, power: int = 2) -> int:
    ...     return n**power
    >>> square(3), square(3, 2), square.store.hits
    (9, 9, 1)
    """

    def decorate(function: Callable[P, V]) -> CachedFunction[P, V]:
        return CachedFunction(function, size, key, store)

    return decorate if function is None else decorate(function)
