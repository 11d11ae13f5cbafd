"""fiboheap.PriorityDict: the mapping, heapdict's and pqdict's calls,
networkx's MinHeap protocol, copies, threads and releases."""
from __future__ import annotations

import contextlib
import copy
import functools
import gc
import itertools
import math
import pickle
import random
import signal
import sys
import threading
import weakref
from collections.abc import MutableMapping

import pytest
from _interrupts import Interrupt, Payload, in_fiboheap, interval_timer
from _threads import run_threads
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

import fiboheap
from fiboheap import PriorityDict


class Item:
    """A hashable item that can be watched with a weakref."""

    def __init__(self, n: int) -> None:
        self.n = n

    def __hash__(self) -> int:
        return hash(self.n)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Item) and other.n == self.n

    def __repr__(self) -> str:
        return f"Item({self.n})"


def released(refs: list) -> bool:
    gc.collect()
    gc.collect()
    return all(r() is None for r in refs)


def drain(pd: PriorityDict) -> list:
    return [pd.popitem() for _ in range(len(pd))]


# --- the mapping ------------------------------------------------------------

def test_is_exported_and_a_mutable_mapping():
    assert fiboheap.PriorityDict is PriorityDict
    assert isinstance(PriorityDict(), MutableMapping)


def test_mapping_operations():
    pd = PriorityDict({"a": 3, "b": 1})
    pd["c"] = 2
    assert pd["a"] == 3.0 and isinstance(pd["a"], float)
    assert len(pd) == 3 and "b" in pd and "z" not in pd
    assert list(pd) == ["a", "b", "c"] == list(pd.keys())
    assert list(pd.values()) == [3.0, 1.0, 2.0]
    assert list(pd.items()) == [("a", 3.0), ("b", 1.0), ("c", 2.0)]
    assert pd.get("a") == 3.0 and pd.get("z") is None and pd.get("z", 7) == 7
    assert pd == {"a": 3, "b": 1, "c": 2}
    with pytest.raises(KeyError):
        pd["z"]
    with pytest.raises(KeyError):
        del pd["z"]
    del pd["b"]
    assert pd.popitem() == ("c", 2.0)
    pd.update({"x": 0}, y=-1)
    assert pd.setdefault("x", 100) == 0.0
    assert drain(pd) == [("y", -1.0), ("x", 0.0), ("a", 3.0)]
    assert not pd


def test_priorities_change_either_way_and_keep_their_place_among_ties():
    pd = PriorityDict()
    for item in "abcde":
        pd[item] = 5
    pd["d"] = 1
    pd["d"] = 5  # back among the ties, at its first place
    pd["a"] = 9
    pd["b"] = 9
    pd["e"] = 0
    assert drain(pd) == [("e", 0.0), ("c", 5.0), ("d", 5.0), ("a", 9.0), ("b", 9.0)]


def test_equal_priorities_come_out_first_in_first_out():
    pd = PriorityDict((i, i % 3) for i in range(30))
    assert [item for item, _ in drain(pd)] == sorted(range(30), key=lambda i: (i % 3, i))


def test_constructor_takes_mappings_and_pairs_and_keeps_the_last_priority():
    assert PriorityDict([("a", 2), ("b", 1), ("a", 0)]).peekitem() == ("a", 0.0)
    assert list(PriorityDict({"a": 1})) == ["a"]
    with pytest.raises(TypeError, match="pairs"):
        PriorityDict([("a", 1, 2)])
    with pytest.raises(TypeError, match="pairs"):
        PriorityDict([1])


def test_popitem_and_peekitem_raise_key_error_when_empty():
    pd = PriorityDict()
    for call in (pd.popitem, pd.peekitem, pd.pop, pd.min, pd.top, pd.topitem):
        with pytest.raises(KeyError):
            call()


def test_bad_priorities_and_items_change_nothing():
    pd = PriorityDict({"a": 1})
    item = Item(1)
    ref = weakref.ref(item)
    for bad, error in [(math.nan, ValueError), ("1", TypeError), (10**400, OverflowError),
                       (None, TypeError), (1j, TypeError)]:
        with pytest.raises(error):
            pd[item] = bad
        with pytest.raises(error):
            pd["a"] = bad
    with pytest.raises(TypeError):
        pd[[1]] = 1  # unhashable
    del item
    assert released([ref])
    assert drain(pd) == [("a", 1.0)]


def test_reverse_pops_the_largest_priority_first():
    pd = PriorityDict({"a": 1, "b": 3, "c": 3, "d": -math.inf}, reverse=True)
    assert pd.reverse and not PriorityDict().reverse
    assert pd.peekitem() == ("b", 3.0)
    pd["a"] = 10
    pd["a"] = 2  # down, away from the front
    assert drain(pd) == [("b", 3.0), ("c", 3.0), ("a", 2.0), ("d", -math.inf)]
    assert repr(PriorityDict({"a": 1}, reverse=True)) == "PriorityDict({'a': 1.0}, reverse=True)"


def test_pop_with_and_without_an_item():
    pd = PriorityDict({"a": 2, "b": 1})
    assert pd.pop("a") == 2.0
    assert pd.pop("z", None) is None
    with pytest.raises(KeyError):
        pd.pop("z")
    assert pd.pop() == ("b", 1.0)
    assert pd.pop("b", "gone") == "gone"


def test_pqdict_names():
    pd = PriorityDict({"a": 2, "b": 1})
    assert pd.top() == "b" and pd.topitem() == ("b", 1.0)
    pd.additem("c", 0)
    with pytest.raises(KeyError):
        pd.additem("c", 5)
    pd.updateitem("a", -1)
    with pytest.raises(KeyError):
        pd.updateitem("z", 5)
    assert drain(pd) == [("a", -1.0), ("c", 0.0), ("b", 1.0)]


def test_clear_and_init_twice():
    pd = PriorityDict({"a": 1, "b": 2})
    pd.clear()
    assert len(pd) == 0 and list(pd) == []
    pd["c"] = 1
    pd.__init__({"d": 4}, reverse=True)  # type: ignore[misc]
    assert dict(pd) == {"d": 4.0} and pd.reverse


# --- copies -----------------------------------------------------------------

@pytest.mark.parametrize("reverse", [False, True])
@pytest.mark.parametrize("how", ["copy", "copy.copy", "deepcopy", "pickle"])
def test_copies_keep_priorities_and_tie_order(how, reverse):
    pd = PriorityDict(reverse=reverse)
    for item in [5, 1, 4, 2, 3]:
        pd[item] = 0
    pd[9] = 1
    pd[1] = 2
    pd[1] = 0  # keeps its place among the ties
    duplicate = {
        "copy": lambda: pd.copy(),
        "copy.copy": lambda: copy.copy(pd),
        "deepcopy": lambda: copy.deepcopy(pd),
        "pickle": lambda: pickle.loads(pickle.dumps(pd)),
    }[how]()
    assert type(duplicate) is PriorityDict and duplicate.reverse == reverse
    assert duplicate == pd
    duplicate["new"] = -5
    assert "new" not in pd
    del duplicate["new"]
    for either in (pd, duplicate):
        either[9] = 0  # 9 came in after the others: it ties behind them
    assert drain(duplicate) == drain(pd)


class Subclass(PriorityDict):
    pass


def test_subclass_copies_are_of_the_subclass():
    sub = Subclass({"a": 1})
    assert type(sub.copy()) is Subclass and type(copy.copy(sub)) is Subclass


# --- networkx ---------------------------------------------------------------

def test_networkx_min_heap_protocol():
    pd = PriorityDict()
    assert pd.insert("a", 5) is True
    assert pd.insert("a", 7) is False and pd["a"] == 5.0  # no increase by default
    assert pd.insert("a", 7, allow_increase=True) is False and pd["a"] == 7.0
    assert pd.insert("a", 3) is True and pd["a"] == 3.0
    assert pd.insert("a", 3) is False
    with pytest.raises(ValueError):
        pd.insert("a", math.nan)
    with pytest.raises(TypeError):
        pd.insert("a", "1")
    assert pd.insert("b", 1) is True
    assert pd.min() == ("b", 1.0) and pd.get("b", 0) == 1.0 and pd.get("c", 0) == 0
    assert pd.pop() == ("b", 1.0) and pd.pop() == ("a", 3.0)


def test_networkx_stoer_wagner_gives_networkx_answer():
    nx = pytest.importorskip("networkx")
    rng = random.Random(11)
    for trial in range(15):
        n = rng.randrange(3, 30)
        G = nx.gnp_random_graph(n, 0.4, seed=trial)
        G.add_edges_from((i, i + 1) for i in range(n - 1))  # connected
        for u, v in G.edges:
            G[u][v]["weight"] = rng.randrange(1, 20)
        expected = nx.stoer_wagner(G)
        value, (side, other) = nx.stoer_wagner(G, heap=PriorityDict)
        assert value == expected[0]
        assert (value, (side, other)) == expected
        assert nx.cut_size(G, side, other, weight="weight") == value


# --- threads ----------------------------------------------------------------

def test_each_call_is_atomic_under_threads(fast_switching):
    pd = PriorityDict()
    popped: list = []

    def work(tid: int) -> None:
        rng = random.Random(tid)
        for _ in range(3000):
            item = rng.randrange(200)  # shared items: threads race on them
            op = rng.randrange(6)
            if op == 0:
                pd[item] = rng.randrange(100)
            elif op == 1:
                pd.insert(item, rng.randrange(100))
            elif op == 2:
                pd.pop(item, None)
            elif op == 3:
                with contextlib.suppress(KeyError):
                    del pd[item]
            elif op == 4:
                with contextlib.suppress(KeyError):
                    pd.peekitem()
            else:
                with contextlib.suppress(KeyError):
                    popped.append(pd.popitem())

    run_threads([functools.partial(work, t) for t in range(4)])
    assert not pd._lock._is_owned() and not pd._busy
    pd._heap._check()
    assert len(pd._heap) == len(pd)
    rest = drain(pd)
    assert len({item for item, _ in rest}) == len(rest)
    assert [p for _, p in rest] == sorted(p for _, p in rest)


def test_an_item_that_changes_the_dict_from_eq_is_refused():
    pd: PriorityDict = PriorityDict()

    class Meddler:
        def __hash__(self) -> int:
            return 1

        def __eq__(self, other: object) -> bool:
            pd["other"] = 0  # runs inside pd's own call
            return self is other

    class Plain:
        def __hash__(self) -> int:
            return 1

    plain = Plain()
    pd[plain] = 1
    with pytest.raises(RuntimeError, match="during another of its calls"):
        pd[Meddler()] = 2
    assert dict(pd) == {plain: 1.0} and len(pd._heap) == 1


# --- releases ---------------------------------------------------------------

def test_items_are_released_on_every_exit_path():
    items = [Item(i) for i in range(8)]
    refs = [weakref.ref(i) for i in items]
    pd = PriorityDict((item, item.n) for item in items)
    del items
    assert not released(refs)
    pd.popitem()
    del pd[Item(1)]
    pd.pop(Item(2))
    pd.pop()
    assert released(refs[:4]) and not released(refs[4:])
    pd.clear()
    assert released(refs)
    pd2 = PriorityDict({Item(10): 1})
    ref = weakref.ref(next(iter(pd2)))
    del pd2
    assert released([ref])


def test_clear_releases_everything():
    items = [Item(i) for i in range(5)]
    refs = [weakref.ref(i) for i in items]
    pd = PriorityDict((item, 0) for item in items)
    del items
    pd.clear()
    assert released(refs)


def test_a_dict_reachable_only_through_its_items_is_freed():
    class Task(Item):
        pass

    pd: PriorityDict = PriorityDict()
    task = Task(1)
    task.owner = pd  # type: ignore[attr-defined]
    pd[task] = 1
    refs = [weakref.ref(pd), weakref.ref(task), weakref.ref(pd._heap)]
    del pd, task
    assert released(refs)


def test_an_items_del_may_use_the_dict():
    pd: PriorityDict = PriorityDict()

    class Reentrant:
        def __del__(self) -> None:
            pd["from del"] = 1

    pd[Reentrant()] = 0
    pd.clear()
    for _ in range(3):  # PyPy: the old heap, then its payload
        gc.collect()
    assert dict(pd) == {"from del": 1.0}


def test_popitem_keeps_the_mapping_whole_when_an_items_hash_raises():
    pd: PriorityDict = PriorityDict()

    class Fickle:
        """Hashable until told otherwise."""

        refuse = False

        def __hash__(self) -> int:
            if self.refuse:
                raise ValueError("no hash today")
            return 7

    fickle = Fickle()
    pd[fickle] = 1
    pd["b"] = 2
    fickle.refuse = True
    with pytest.raises(ValueError, match="no hash today"):
        pd.popitem()
    # The C heap let go of the item before the dict refused: it is back.
    assert len(pd._heap) == len(pd) == 2
    pd._heap._check()
    fickle.refuse = False
    assert drain(pd) == [(fickle, 1.0), ("b", 2.0)]


def test_an_entry_whose_ref_a_signal_lost_finds_it_again():
    """What a signal handler's exception raised just after the C insert
    returned leaves: the entry in the dict without its node's ref. Changing,
    removing and popping that item still work on its own node."""
    pd = PriorityDict({"a": 5, "b": 6, "c": 7})
    for item in "abc":
        pd._entries[item][3] = None  # the ref, last in the entry
    pd["a"] = 8  # raised: finds a's node
    pd["c"] = 1  # lowered
    del pd["b"]
    assert len(pd._heap) == len(pd) == 2
    pd._heap._check()
    assert drain(pd) == [("c", 1.0), ("a", 8.0)]


# --- signals ----------------------------------------------------------------

needs_timer = pytest.mark.skipif(not hasattr(signal, "setitimer"),
                                 reason="needs signal.setitimer")


@needs_timer
def test_exceptions_landing_inside_methods_leave_the_mapping_whole():
    """A 0.2 ms timer whose handler raises only inside fiboheap's frames
    interrupts a fixed amount of mixed work (as tests/test_signals.py does for
    FiboHeap): each dict must still agree with its C heap, and every item that
    is in no dict must be dead."""
    landed = [0]

    def handler(signum, frame):
        if in_fiboheap(frame):
            landed[0] += 1
            raise Interrupt

    dicts = [PriorityDict(), PriorityDict(reverse=True)]
    refs: list = []
    rng = random.Random(14)
    pool: list = []
    with interval_timer(handler, 0.0002):
        for step in range(40_000):
            pd = dicts[rng.randrange(2)]
            op = rng.randrange(10)
            try:
                if op < 3 or not pool:
                    item = Payload(step)
                    refs.append(weakref.ref(item))
                    pool.append(item)
                    pd[item] = rng.randrange(50)
                elif op < 5:
                    pd[pool[rng.randrange(len(pool))]] = rng.randrange(50)
                elif op == 5:
                    pd.popitem()
                elif op == 6:
                    del pd[pool[rng.randrange(len(pool))]]
                elif op == 7:
                    pd.pop(pool[rng.randrange(len(pool))], None)
                elif op == 8:
                    pd.peekitem()
                elif rng.random() < 0.02:
                    pd.clear()
            except (Interrupt, KeyError):
                pass
            if len(pool) > 300:
                del pool[:150]
    assert landed[0] > 50, f"only {landed[0]} exceptions landed inside fiboheap"
    del pool, item
    for pd in dicts:
        assert not pd._busy and not pd._lock._is_owned()
        pd._heap._check()
        assert len(pd._heap) == len(pd)
        expected = set(pd)
        popped = drain(pd)
        assert {item for item, _ in popped} == expected
        priorities = [p for _, p in popped]
        assert priorities == sorted(priorities, reverse=pd.reverse)
        del popped, expected
    gc.collect()
    alive = [r() for r in refs if r() is not None]
    assert not alive, f"{len(alive)} items alive in no dict after {landed[0]} interrupts"


@needs_timer
def test_an_interrupted_wait_for_the_lock_raises_the_interrupt():
    """A signal handler's exception raised while pd[item] = p waits for the
    lock that another thread holds goes on as it is (not as RuntimeError from
    releasing a lock never taken), and the mapping stays usable. (On PyPy the
    handler runs once the call is over.)"""
    pd: PriorityDict = PriorityDict()
    holding = threading.Event()
    done = threading.Event()

    def hold_the_lock() -> None:
        with pd._lock:
            holding.set()
            done.wait(5)

    def handler(signum, frame):
        if in_fiboheap(frame):
            raise Interrupt
        signal.setitimer(signal.ITIMER_REAL, 0.01)  # not inside yet: again

    holder = threading.Thread(target=hold_the_lock)
    holder.start()
    holding.wait()
    old = signal.signal(signal.SIGALRM, handler)
    interrupted = False
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.05)
        pd["x"] = 1
    except Interrupt:
        interrupted = True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0, 0)
        signal.signal(signal.SIGALRM, old)
        done.set()
        holder.join()
    # PyPy holds signals back for the whole call, the wait included.
    assert interrupted or sys.implementation.name == "pypy"
    assert not pd._lock._is_owned() and not pd._busy
    assert len(pd._heap) == len(pd) <= 1
    pd["y"] = 2
    assert pd.popitem() in {("x", 1.0), ("y", 2.0)}


# --- a model check ----------------------------------------------------------

class PriorityDictMachine(RuleBasedStateMachine):
    """PriorityDict against a dict plus a sort by (priority, first insertion)."""

    def __init__(self) -> None:
        super().__init__()
        self.reverse = False
        self.pd: PriorityDict = PriorityDict()
        self.model: dict = {}  # item -> (priority, seq)
        self.seq = itertools.count()

    items = st.integers(0, 12)
    priorities = st.integers(-5, 5) | st.sampled_from([math.inf, -math.inf, 0.5])

    def first(self):
        sign = -1 if self.reverse else 1
        return min(self.model, key=lambda i: (sign * self.model[i][0], self.model[i][1]))

    @rule(reverse=st.booleans(), pairs=st.lists(st.tuples(items, priorities), max_size=6))
    def fresh(self, reverse: bool, pairs: list) -> None:
        self.reverse = reverse
        self.pd = PriorityDict(pairs, reverse=reverse)
        self.model = {}
        for item, p in pairs:
            self.set_model(item, p)

    def set_model(self, item: int, priority: float) -> None:
        seq = self.model[item][1] if item in self.model else next(self.seq)
        self.model[item] = (float(priority), seq)

    @rule(item=items, priority=priorities)
    def set(self, item: int, priority: float) -> None:
        self.pd[item] = priority
        self.set_model(item, priority)

    @rule(item=items)
    def delete(self, item: int) -> None:
        if item in self.model:
            del self.pd[item]
            del self.model[item]
        else:
            with pytest.raises(KeyError):
                del self.pd[item]

    @rule()
    def popitem(self) -> None:
        if not self.model:
            with pytest.raises(KeyError):
                self.pd.popitem()
            return
        item = self.first()
        assert self.pd.popitem() == (item, self.model.pop(item)[0])

    @rule()
    def peekitem(self) -> None:
        if self.model:
            item = self.first()
            assert self.pd.peekitem() == (item, self.model[item][0])

    @rule(item=items, priority=priorities, allow=st.booleans())
    def insert(self, item: int, priority: float, allow: bool) -> None:
        old = self.model.get(item)
        lowered = old is None or priority < old[0]
        if old is None or priority < old[0] or (allow and priority > old[0]):
            self.set_model(item, priority)
        assert self.pd.insert(item, priority, allow_increase=allow) is lowered

    @rule()
    def copy(self) -> None:
        self.pd = pickle.loads(pickle.dumps(self.pd))

    @invariant()
    def agrees(self) -> None:
        assert dict(self.pd) == {i: p for i, (p, _) in self.model.items()}
        assert len(self.pd._heap) == len(self.model)


TestPriorityDictMachine = PriorityDictMachine.TestCase
