"""Copying and pickling a heap (issue 13, item 1): an independent heap with
the same keys, payloads and order of equal keys; never a shared C heap."""
from __future__ import annotations

import copy
import gc
import pickle

import pytest

import fiboheap
from fiboheap import FiboHeap


def drain(h: FiboHeap) -> list:
    return [h.pop() for _ in range(len(h))]


def tied_heap() -> tuple[FiboHeap, list]:
    payloads = [["a"], ["b"], ["c"], ["d"], ["e"]]
    h = FiboHeap()
    for key, p in zip([2, 1, 2, 1, 2], payloads):
        h.insert(key, p)
    node = h.insert(0, ["low"])
    h.update_key(node, 2)  # keeps its place: first among the 2s
    return h, payloads


EXPECTED = [(1.0, ["b"]), (1.0, ["d"]), (2.0, ["a"]), (2.0, ["c"]), (2.0, ["e"]), (2.0, ["low"])]


@pytest.mark.parametrize("how", ["method", "copy.copy"])
def test_shallow_copy_is_independent_with_same_payloads_and_ties(how):
    h, payloads = tied_heap()
    node = h.insert(5, ["five"])
    c = h.copy() if how == "method" else copy.copy(h)
    assert type(c) is FiboHeap and c is not h
    assert node in h and node not in c
    c.push(-1, ["only in the copy"])
    h.remove(node)
    got = drain(c)
    assert got[0] == (-1.0, ["only in the copy"])
    assert got[1:-1] == EXPECTED
    assert [d[0] for _, d in got[1:]] == ["b", "d", "a", "c", "e", "low", "five"]
    assert all(any(d is p for _, d in got) for p in payloads)  # the same objects
    assert [d[0] for _, d in drain(h)] == ["b", "d", "a", "c", "e", "low"]


def test_copy_then_delete_either_never_crashes():
    h = FiboHeap([(1, "a")])
    c = copy.copy(h)
    del c
    gc.collect()
    h.insert(2, "b")
    assert drain(h) == [(1.0, "a"), (2.0, "b")]
    c = h.copy()
    del h
    gc.collect()
    c.insert(0, "z")
    assert drain(c) == [(0.0, "z")]


def test_deepcopy_copies_payloads_and_keeps_ties():
    h, payloads = tied_heap()
    shared = ["shared"]
    h.insert(3, shared)
    h.insert(3, shared)
    d = copy.deepcopy(h)
    got = drain(d)
    assert [x[0] for _, x in got] == ["b", "d", "a", "c", "e", "low", "shared", "shared"]
    assert not any(x is p for _, x in got for p in payloads + [shared])
    assert got[-1][1] is got[-2][1]  # deepcopy's memo: one copy of a shared payload
    assert len(h) == 8


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_round_trip_keeps_keys_payloads_and_ties(protocol):
    h, _ = tied_heap()
    h.insert(float("inf"), ["inf"])
    back = pickle.loads(pickle.dumps(h, protocol))
    assert type(back) is FiboHeap
    assert [(k, d[0]) for k, d in drain(back)] == [
        (1.0, "b"), (1.0, "d"), (2.0, "a"), (2.0, "c"), (2.0, "e"), (2.0, "low"),
        (float("inf"), "inf")]
    assert len(h) == 7
    assert len(pickle.loads(pickle.dumps(FiboHeap(), protocol))) == 0


class Tagged(FiboHeap):
    pass


def test_subclass_copies_and_pickles_as_itself_with_its_attributes():
    h = Tagged([(1, "a")])
    h.label = "mine"
    for other in (h.copy(), copy.copy(h), copy.deepcopy(h), pickle.loads(pickle.dumps(h))):
        assert type(other) is Tagged and other.label == "mine"
        assert drain(other) == [(1.0, "a")]


def test_unpicklable_payload_raises_and_changes_nothing():
    h = FiboHeap([(1, lambda: None)])
    with pytest.raises((pickle.PicklingError, AttributeError, TypeError)):
        pickle.dumps(h)
    assert len(h) == 1


def test_other_protocols_never_share_the_c_heap():
    h = FiboHeap([(1, "a"), (2, "b")])
    func, args, state = h.__reduce_ex__(4)
    assert state is None  # no __dict__ on a plain FiboHeap
    clone = func(*args)
    assert drain(clone) == [(1.0, "a"), (2.0, "b")] and len(h) == 2
    assert h.__reduce__()[1][1] == [(1.0, "a"), (2.0, "b")]
    with pytest.raises((TypeError, AttributeError)):
        h.__setstate__({"_heap": None})  # no such protocol on a FiboHeap
    assert drain(h) == [(1.0, "a"), (2.0, "b")]
    assert fiboheap.FiboHeap.copy.__doc__
