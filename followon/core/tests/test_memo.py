"""The one bounded per-process memo (core/memo.py, ADR 0045): bounded, least recently used forgotten first,
a value refused by `keep` given but not kept, cleared on demand, safe to share between threads."""

import threading

import pytest

from followon.core.memo import BoundedMemo


def made(log: list, value):
    def make():
        log.append(value)
        return value

    return make


def test_made_once_then_remembered():
    memo = BoundedMemo(4)
    log = []
    assert memo.get_or_make("a", made(log, [1])) == [1]
    again = memo.get_or_make("a", made(log, [2]))
    assert again == [1] and log == [[1]]
    assert again is memo.get_or_make("a", made(log, [3]))  # the remembered value itself, never a copy
    assert len(memo) == 1 and list(memo) == ["a"] and memo.values() == [[1]]


def test_bounded_and_least_recently_used_forgotten_first():
    memo = BoundedMemo(3)
    assert memo.max_entries == 3
    for key in ("a", "b", "c"):
        memo.get_or_make(key, lambda key=key: key.upper())
    memo.get_or_make("a", lambda: "never made")  # used again: "b" is now the oldest
    memo.get_or_make("d", lambda: "D")
    assert len(memo) == 3 and set(memo) == {"a", "c", "d"}
    memo.get_or_make("e", lambda: "E")  # "c" is now the oldest
    assert set(memo) == {"a", "d", "e"}
    assert memo.get_or_make("a", lambda: "never made") == "A"


def test_looking_is_not_using():
    memo = BoundedMemo(2)
    memo.get_or_make("a", lambda: "A")
    memo.get_or_make("b", lambda: "B")
    assert sorted(memo.values()) == ["A", "B"] and set(memo) == {"a", "b"}
    memo.get_or_make("c", lambda: "C")
    assert set(memo) == {"b", "c"}


def test_a_value_keep_refuses_is_given_but_not_kept():
    memo = BoundedMemo(2)
    log = []
    keep = lambda value: len(value) <= 3  # noqa: E731
    assert memo.get_or_make("big", made(log, "xxxx"), keep=keep) == "xxxx"
    assert memo.get_or_make("big", made(log, "yyyy"), keep=keep) == "yyyy"  # made again
    assert len(memo) == 0 and log == ["xxxx", "yyyy"]
    memo.get_or_make("a", lambda: "A")
    memo.get_or_make("b", lambda: "B")
    memo.get_or_make("big", made(log, "zzzz"), keep=keep)  # refused: nothing is forgotten for it
    assert set(memo) == {"a", "b"}
    assert memo.get_or_make("small", lambda: "abc", keep=keep) == "abc" and "small" in set(memo)


def test_cleared():
    memo = BoundedMemo(2)
    memo.get_or_make("a", lambda: "A")
    memo.clear()
    assert len(memo) == 0 and list(memo) == []
    assert memo.get_or_make("a", lambda: "made again") == "made again"


def test_at_least_one_entry():
    with pytest.raises(ValueError):
        BoundedMemo(0)


def test_shared_between_threads():
    memo = BoundedMemo(16)
    errors = []
    start = threading.Barrier(8)

    def work(offset):
        try:
            start.wait()
            for i in range(2000):
                key = (i + offset) % 40
                value = memo.get_or_make(key, lambda key=key: ("value", key), keep=lambda v: v[1] % 7 != 0)
                assert value == ("value", key)
                assert len(memo) <= 16
            list(memo)
            memo.values()
        except Exception as error:  # noqa: BLE001 - reported below, from the test's own thread
            errors.append(error)

    threads = [threading.Thread(target=work, args=(n * 5,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(memo) <= 16
    assert all(key % 7 != 0 for key in memo)
    assert sorted(memo.values()) == sorted(("value", key) for key in memo)
