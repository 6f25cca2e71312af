"""One bounded, per-process memo for values remembered by everything they are made from (ADR 0045).

The poll page's words and ranking, the calendar feed files and the template fragments are each kept in this
process's memory under a key that holds **everything the value is made from** (ADR 0031's rule): the rows as
read on this request, the page's language, the viewer facts the value shows. A changed row gives a new key, so
nothing ever has to be told to forget anything, and several processes on several machines stay correct without
sharing or invalidating anything. What the key must hold is the caller's job; this class only keeps the values.

Bounded: at most `max_entries` values, the least recently used forgotten first (`cachetools.LRUCache`). In memory
only. Thread-safe: the look-up and the keeping are each done under a lock; the value is made outside it, so two
threads missing the same key at once may both make it (the same value, by the rule above) and the later is kept.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterator
from typing import Generic, TypeVar

from cachetools import Cache, LRUCache

V = TypeVar("V")


class BoundedMemo(Generic[V]):
    """Values remembered per process by the key they are made from, at most `max_entries` of them."""

    def __init__(self, max_entries: int):
        if max_entries < 1:
            raise ValueError("max_entries must be at least 1")
        self._values: LRUCache = LRUCache(maxsize=max_entries)
        self._lock = threading.Lock()

    @property
    def max_entries(self) -> int:
        return self._values.maxsize

    def get_or_make(self, key: Hashable, make: Callable[[], V], keep: Callable[[V], bool] | None = None) -> V:
        """The value remembered for `key` (now the most recently used), or `make()`: kept under `key` when
        `keep` is not given or `keep(value)` is true, and returned either way. The remembered value itself is
        returned, never a copy: a caller whose callers may change it hands out a copy."""
        with self._lock:
            try:
                return self._values[key]
            except KeyError:
                pass
        made = make()
        if keep is None or keep(made):
            with self._lock:
                self._values[key] = made
        return made

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        return len(self._values)

    def __iter__(self) -> Iterator[Hashable]:
        """The keys remembered now, in no particular order (for tests and inspection)."""
        with self._lock:
            return iter(list(self._values))

    def values(self) -> list[V]:
        """The values remembered now, in no particular order (for tests and inspection). Read through
        `Cache`'s own look-up, which does not count as a use: looking leaves the order alone."""
        with self._lock:
            return [Cache.__getitem__(self._values, key) for key in list(self._values)]
