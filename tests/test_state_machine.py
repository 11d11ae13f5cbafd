"""FiboHeap against a plain Python model, driven by hypothesis.stateful.

Two machine-held heaps (slots 0 and 1) take every operation of the public
API, merges in both directions included, plus its error paths (NaN and
wrong-type keys, stale, foreign and dead-heap nodes, empty heaps, bad merge
arguments). The model is a dict per slot of elements, each carrying its key
(as float), a global insertion counter and its payload; its order is
(key, counter), so ties pop in global insertion order, -0.0 ties with 0.0,
and update_key keeps an element's counter.

After every step (invariants): ``_check()`` on both heaps; len/bool; peek
against the model's minimum; ``in`` for every Node ever returned; and every
Node's key and data. Failed calls are checked to leave everything unchanged,
since the invariants compare the whole observable state with the model,
which a failed call does not touch. A ``drain`` rule compares the full
ordered contents.
"""
from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from fiboheap import FiboHeap, Node

INF = math.inf

# Duplicates on purpose: a small pool of keys makes ties common.
SPECIAL_KEYS = [
    0.0, -0.0, 0, 1.0, 1, -1, 2.5, INF, -INF, True,
    Fraction(1, 4), Fraction(-7, 2), Decimal("2.5"), 10**20, 2**53 + 2,
    1e308, -1e308, 5e-324, -5e-324,
]
keys = st.one_of(
    st.sampled_from(SPECIAL_KEYS),
    st.integers(min_value=-3, max_value=3),
    st.floats(allow_nan=False),
)

# (key, the exceptions the contract allows for it)
BAD_KEYS = [
    (math.nan, ValueError),
    (-math.nan, ValueError),
    (Decimal("NaN"), ValueError),
    ("1", TypeError),
    ("nan", TypeError),
    (b"1", TypeError),
    (bytearray(b"1"), TypeError),
    (None, TypeError),
    (1j, TypeError),
    (complex(1, 0), TypeError),
    ([1], TypeError),
    ((1,), TypeError),
    (object(), TypeError),
    # float() itself cannot represent it: whatever float() says, nothing changes
    (10**400, (OverflowError, ValueError)),
    # a float would round it: refused (InexactKeyError, a ValueError)
    (2**53 + 1, ValueError),
    (Fraction(1, 3), ValueError),
    (Decimal("0.1"), ValueError),
]
bad_keys = st.sampled_from(BAD_KEYS)
STALE = "not in this heap"  # popped, removed, foreign or dead-heap node
LARGER = "larger than the current key"

slots = st.integers(min_value=0, max_value=1)
picks = st.integers(min_value=0, max_value=1 << 16)


def same_key(a: object, b: float) -> bool:
    """Bit-for-bit equal floats: -0.0 is not 0.0 here, inf is inf."""
    return (
        type(a) is float
        and a == b
        and math.copysign(1.0, a) == math.copysign(1.0, b)
    )


class Payload:
    __slots__ = ("uid",)

    def __init__(self, uid: int) -> None:
        self.uid = uid

    def __repr__(self) -> str:
        return f"P{self.uid}"


class Elem:
    """The model of one inserted element."""

    __slots__ = ("key", "node", "payload", "seq", "slot")

    def __init__(self, key: float, seq: int, payload: object, slot: int) -> None:
        self.key = key
        self.seq = seq
        self.payload = payload
        self.slot = slot  # 0 or 1 while in a heap, None once out of every heap
        self.node: Node | None = None

    def order(self) -> tuple:
        return (self.key, self.seq)

    def __repr__(self) -> str:
        return f"Elem(key={self.key!r}, seq={self.seq}, payload={self.payload!r})"


class FiboHeapMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.heaps = [FiboHeap(), FiboHeap()]
        self.model: list[dict[int, Elem]] = [{}, {}]
        self.seq = 0  # global insertion counter, as in the C arena
        self.with_nodes: list[Elem] = []  # every element whose Node we hold

    # --- helpers ---------------------------------------------------------

    def _new_elem(self, key: object, payload: object, slot: int) -> Elem:
        self.seq += 1
        elem = Elem(float(key), self.seq, payload, slot)  # type: ignore[arg-type]
        self.model[slot][self.seq] = elem
        return elem

    def _leave(self, elem: Elem) -> None:
        del self.model[elem.slot][elem.seq]
        elem.slot = None

    def _min(self, slot: int) -> Elem:
        return min(self.model[slot].values(), key=Elem.order)

    def _pick(self, pick: int) -> Elem:
        return self.with_nodes[pick % len(self.with_nodes)]

    def _payload(self, use_none: bool) -> object:
        return None if use_none else Payload(self.seq + 1)

    # --- inserting ---------------------------------------------------------

    @rule(slot=slots, key=keys, use_none=st.booleans())
    def insert(self, slot, key, use_none):
        payload = self._payload(use_none)
        heap = self.heaps[slot]
        node = heap.insert(key) if use_none else heap.insert(key, payload)
        elem = self._new_elem(key, payload, slot)
        assert type(node) is Node
        assert same_key(node.key, elem.key)
        assert node.data is payload
        elem.node = node
        self.with_nodes.append(elem)

    @rule(slot=slots, key=keys, use_none=st.booleans())
    def push(self, slot, key, use_none):
        payload = self._payload(use_none)
        heap = self.heaps[slot]
        result = heap.push(key) if use_none else heap.push(key, payload)
        assert result is None
        self._new_elem(key, payload, slot)

    @rule(slot=slots, bad=bad_keys, push=st.booleans())
    def insert_bad_key(self, slot, bad, push):
        key, expected = bad
        heap = self.heaps[slot]
        with pytest.raises(expected):
            (heap.push if push else heap.insert)(key, Payload(-1))

    @rule(slot=slots, items=st.lists(keys, max_size=8))
    def construct(self, slot, items):
        """Replaces the slot's heap with FiboHeap(items); the old heap dies."""
        payloads = [Payload(self.seq + 1 + i) for i in range(len(items))]
        heap = FiboHeap(list(zip(items, payloads)))
        for elem in list(self.model[slot].values()):
            self._leave(elem)
        self.heaps[slot] = heap
        for key, payload in zip(items, payloads):
            self._new_elem(key, payload, slot)

    @rule(slot=slots, items=st.lists(keys, max_size=4), bad=bad_keys,
          where=st.integers(min_value=0, max_value=4))
    def construct_bad(self, slot, items, bad, where):
        pairs = [(k, Payload(-1)) for k in items]
        pairs.insert(min(where, len(pairs)), (bad[0], Payload(-1)))
        with pytest.raises(bad[1]):
            FiboHeap(pairs)

    # --- taking out ----------------------------------------------------------

    @rule(slot=slots)
    def extract(self, slot):
        if not self.model[slot]:
            with pytest.raises(IndexError):
                self.heaps[slot].extract()
            return
        elem = self._min(slot)
        assert self.heaps[slot].extract() is elem.payload
        self._leave(elem)

    @rule(slot=slots)
    def pop(self, slot):
        if not self.model[slot]:
            with pytest.raises(IndexError):
                self.heaps[slot].pop()
            return
        elem = self._min(slot)
        key, data = self.heaps[slot].pop()
        assert same_key(key, elem.key), (key, elem.key)
        assert data is elem.payload
        self._leave(elem)

    @rule(slot=slots)
    def peek(self, slot):
        if not self.model[slot]:
            with pytest.raises(IndexError):
                self.heaps[slot].peek()
            return
        elem = self._min(slot)
        key, data = self.heaps[slot].peek()
        assert same_key(key, elem.key) and data is elem.payload

    @precondition(lambda self: self.with_nodes)
    @rule(slot=slots, pick=picks)
    def remove(self, slot, pick):
        elem = self._pick(pick)
        if elem.slot != slot:  # popped, foreign, or its heap is dead
            with pytest.raises(ValueError, match=STALE):
                self.heaps[slot].remove(elem.node)
            return
        assert self.heaps[slot].remove(elem.node) is elem.payload
        self._leave(elem)

    @rule(slot=slots)
    def clear(self, slot):
        self.heaps[slot].clear()
        for elem in list(self.model[slot].values()):
            self._leave(elem)

    @rule(slot=slots)
    def drain(self, slot):
        """The full contents, in order: keys bit for bit, ties FIFO."""
        expected = sorted(self.model[slot].values(), key=Elem.order)
        heap = self.heaps[slot]
        got = []
        while heap:
            got.append(heap.pop())
        assert len(got) == len(expected)
        for (key, data), elem in zip(got, expected):
            assert same_key(key, elem.key) and data is elem.payload, (got, expected)
            self._leave(elem)

    @rule(slot=slots)
    def destroy(self, slot):
        """Drops the slot's heap; its nodes are then dead-heap nodes."""
        for elem in list(self.model[slot].values()):
            self._leave(elem)
        self.heaps[slot] = FiboHeap()

    # --- keys ----------------------------------------------------------------

    @precondition(lambda self: self.with_nodes)
    @rule(slot=slots, pick=picks, key=keys)
    def decrease_key(self, slot, pick, key):
        elem = self._pick(pick)
        heap = self.heaps[slot]
        if elem.slot != slot:  # refused before its key is looked at
            with pytest.raises(ValueError, match=STALE):
                heap.decrease_key(elem.node, key)
        elif float(key) > elem.key:
            with pytest.raises(ValueError, match=LARGER):
                heap.decrease_key(elem.node, key)
        else:
            heap.decrease_key(elem.node, key)
            elem.key = float(key)

    @precondition(lambda self: self.with_nodes)
    @rule(slot=slots, pick=picks, key=keys)
    def update_key(self, slot, pick, key):
        elem = self._pick(pick)
        heap = self.heaps[slot]
        if elem.slot != slot:
            with pytest.raises(ValueError, match=STALE):
                heap.update_key(elem.node, key)
        else:
            heap.update_key(elem.node, key)
            elem.key = float(key)  # and elem.seq stays: its place among ties

    @precondition(lambda self: self.with_nodes)
    @rule(slot=slots, pick=picks, bad=bad_keys, update=st.booleans())
    def change_key_bad(self, slot, pick, bad, update):
        elem = self._pick(pick)
        method = self.heaps[slot].update_key if update else self.heaps[slot].decrease_key
        key, expected = bad
        with pytest.raises(expected):
            method(elem.node, key)

    @rule(slot=slots, not_a_node=st.sampled_from([None, 0, 1.5, "node", object()]),
          which=st.sampled_from(["decrease_key", "update_key", "remove", "contains"]))
    def not_a_node(self, slot, not_a_node, which):
        heap = self.heaps[slot]
        if which == "contains":
            assert (not_a_node in heap) is False
        elif which == "remove":
            with pytest.raises(TypeError):
                heap.remove(not_a_node)
        else:
            with pytest.raises(TypeError):
                getattr(heap, which)(not_a_node, 0.0)

    # --- merging ---------------------------------------------------------

    @rule(dst=slots)
    def merge(self, dst):
        src = 1 - dst
        self.heaps[dst].merge(self.heaps[src])
        for elem in self.model[src].values():
            elem.slot = dst
            self.model[dst][elem.seq] = elem
        self.model[src] = {}
        assert len(self.heaps[src]) == 0 and not self.heaps[src]

    @rule(slot=slots)
    def merge_self(self, slot):
        with pytest.raises(ValueError, match="itself"):
            self.heaps[slot].merge(self.heaps[slot])

    @rule(slot=slots, other=st.sampled_from([None, [], (), 1, "heap", {}]))
    def merge_not_a_heap(self, slot, other):
        with pytest.raises(TypeError):
            self.heaps[slot].merge(other)

    # --- after every step ------------------------------------------------

    @invariant()
    def heaps_are_valid(self):
        for heap in self.heaps:
            heap._check()

    @invariant()
    def sizes_match(self):
        for heap, model in zip(self.heaps, self.model):
            assert len(heap) == len(model)
            assert bool(heap) == bool(model)
            repr(heap)

    @invariant()
    def minimum_matches(self):
        for slot in (0, 1):
            if self.model[slot]:
                elem = self._min(slot)
                key, data = self.heaps[slot].peek()
                assert same_key(key, elem.key) and data is elem.payload, (key, elem.key)
            else:
                with pytest.raises(IndexError):
                    self.heaps[slot].peek()

    @invariant()
    def membership_and_nodes_match(self):
        for elem in self.with_nodes:
            node = elem.node
            for slot in (0, 1):
                assert (node in self.heaps[slot]) == (elem.slot == slot), (elem.slot, slot)
            assert same_key(node.key, elem.key), (node.key, elem.key)
            assert node.data is elem.payload

    def teardown(self):
        for slot in (0, 1):
            self.drain(slot)


TestFiboHeapStateMachine = FiboHeapMachine.TestCase
# Three times the profile's examples: about 10 s on CPython and 30 s on PyPy
# with the default profile (tests/conftest.py), longer with HYPOTHESIS_PROFILE=deep.
TestFiboHeapStateMachine.settings = settings(
    settings.default, max_examples=3 * settings.default.max_examples
)
