"""FiboHeap and Node: the Python face of the C Fibonacci heap.

Which payload each C node stands for, and how every way out of the C heap
lets go of it, is fiboheap/_handles.py (docs/ownership.md tells the whole
story); copies and pickles are fiboheap/_copying.py.
"""
from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator
from itertools import repeat, starmap
from typing import Any, Generic, Optional, SupportsFloat, SupportsIndex, TypeVar, overload

from fiboheap import _copying
from fiboheap._binding import NULL, SIZE_MAX, error, ffi, lib, new, new_handle
from fiboheap._handles import (
    EMOVED,
    GONE,
    PRUNE_SLACK,
    Table,
    hand_over,
    insert_many,
    merge_lock,
    owned,
    payload_at,
    prune,
    record_merge,
    take,
    take_address,
    take_many,
    take_out,
)
from fiboheap._keys import as_key
from fiboheap._lifetime import new_c_heap
from fiboheap._safety import HOLD_SIGNALS, holding_signals

__all__ = ["FiboHeap", "Node"]

#: The payload type of a FiboHeap (invariant: a heap both takes and gives it).
T = TypeVar("T")
#: The payload type of a Node (covariant: a Node only gives its data out).
T_co = TypeVar("T_co", covariant=True)
#: The payload type of a heap that may hold None (see FiboHeap.insert).
S = TypeVar("S")

_insert = lib.fh_insert_owned
_extract = lib.fh_extract
_size = lib.fh_size
_decrease_key = lib.fh_decrease_key
_ESTALE = lib.FH_ESTALE
_REF_END = 2 ** 63  # fh_ref is an int64_t; refs from insert are >= 0
_NOT_IN_HEAP = "the node was popped or removed, or belongs to another heap"

# Output buffers are allocated per call: cffi releases the GIL inside C, so a
# buffer shared by the calls of several threads would mix their results.
# The hot paths (insert, extract, decrease_key) need none.
_PAYLOAD_OUT = ffi.typeof("void *[1]")
_KEY_OUT = ffi.typeof("double[1]")
_PAYLOADS_OUT = ffi.typeof("void *[]")
_KEYS_OUT = ffi.typeof("double[]")


class Node(Generic[T_co]):
    """One element of a FiboHeap, as returned by :meth:`FiboHeap.insert`.

    Pass it back to ``decrease_key``, ``update_key``, ``remove`` or ``in``.
    ``key`` and ``data`` stay readable after the element left its heap, and
    after the heap is gone; the heap itself then refuses the node. Nodes are
    made by insert only; ``Node[T]`` is covariant in the payload type.
    """

    __slots__ = ("_ref", "_key", "_data")

    def __init__(self, ref: int, key: float, data: T_co) -> None:
        self._ref = ref
        self._key = key
        self._data = data

    @property
    def key(self) -> float:
        """The element's key, as last set through its heap.

        Each call that changes it sets it after its C call returns: if two
        threads change one node's key at once, the heap keeps the key of the
        C call that ran last and ``key`` may show the other thread's.
        """
        return self._key

    @property
    def data(self) -> T_co:
        """The payload given to insert."""
        return self._data

    def __repr__(self) -> str:
        return f"<fiboheap.Node key={self._key!r}>"


class FiboHeap(Generic[T]):
    """A min-priority queue of (key, data) elements on a C Fibonacci heap.

    Keys are real numbers, stored as float; equal keys pop first-in first-out.
    insert, decrease_key and merge take O(1); extract, pop, remove and
    update_key O(log n) amortized. One heap may be used from several threads.
    ``FiboHeap[T]`` is generic over the payload type. After any exception the
    heap is unchanged.
    """

    __slots__ = (
        "_heap", "_heap1", "_extracting", "_addresses", "_table", "_live", "_moved",
        "_merging", "_prune_at", "_owner", "__weakref__",
    )
    _heap: Any
    _heap1: tuple[Any]
    _extracting: Iterator[Any]
    _addresses: Iterator[Any]
    _table: Table
    _live: dict[Any, Any]
    _moved: dict[int, Table]
    _merging: list[None]
    _prune_at: int
    _owner: object

    def __new__(cls, *args: Any, **kwargs: Any) -> FiboHeap[T]:
        # Everything the methods rely on is set here, not in __init__, so a
        # heap made by __new__ alone (copy, pickle, a subclass) is a valid
        # empty heap, and calling __init__ again cannot orphan a C heap.
        # What may fail comes before the object, so that no half-made heap
        # is ever reachable (the garbage collector lists every object).
        heap, owner = new_c_heap(bool(kwargs.get("reverse")))
        table = Table(heap)
        self = object.__new__(cls)
        self._owner = owner
        self._table = table
        self._live = table.entries
        self._moved = {}
        self._merging = []
        self._prune_at = PRUNE_SLACK
        self._heap = heap
        self._heap1 = (heap,)
        # extract's C call, advanced by a for loop (fiboheap/_handles.py);
        # starmap over one tuple steps faster than map over two repeats.
        # _addresses is it while the heap has no recorded tables, else
        # NO_FAST_PATH: one attribute tells extract which way to take.
        self._extracting = self._addresses = starmap(_extract, repeat((heap, NULL)))
        return self

    def __init__(
        self, items: Iterable[tuple[SupportsFloat, T]] = (), *, reverse: bool = False
    ) -> None:
        """Creates a heap holding ``items``, an iterable of (key, data) pairs.

        ``reverse=True`` makes a max-heap: pop, peek and the rest give the
        largest key first, ties still first-in first-out. On it,
        ``decrease_key`` still lowers a key, which moves the element away from
        the top (O(log n) amortized), and ``update_key`` raises one in O(1).

        All or nothing: raises TypeError if an item is not a pair or a key not
        a real number, ValueError for a NaN key, OverflowError for a key too
        large for a float, MemoryError; then no item was inserted. Called
        again on a heap, it leaves the heap holding ``items`` only, as
        ``list.__init__`` does (all or nothing too); ValueError if ``reverse``
        differs then, since a heap's direction is fixed when it is made.
        """
        if bool(reverse) != self.reverse:
            raise ValueError(
                f"this heap was made with reverse={self.reverse}; "
                "a heap's direction cannot change"
            )
        # Not `items != ()`: a numpy array would compare element-wise.
        given = type(items) is not tuple or len(items) != 0
        if not _size(self._heap):
            if given:
                insert_many(self, items)
            return
        fresh: FiboHeap[T] = FiboHeap.__new__(FiboHeap, reverse=self.reverse)
        if given:
            insert_many(fresh, items)
        released = _detach_all(self)
        FiboHeap.merge(self, fresh)  # not a subclass's merge
        del released

    @overload
    def insert(self, key: SupportsFloat, data: T) -> Node[T]: ...

    @overload
    def insert(self: FiboHeap[Optional[S]], key: SupportsFloat) -> Node[None]: ...

    def insert(self, key: SupportsFloat, data: Any = None) -> Node[Any]:
        """Adds ``data`` with priority ``key``; returns its Node. O(1).

        ``key`` is any real number (int, float, Fraction, Decimal, ...), stored
        as float. Raises TypeError if it is not a real number, ValueError if it
        is NaN, OverflowError if it is too large for a float; MemoryError.
        """
        if type(key) is not float or key != key:
            key = as_key(key)
        while True:
            table = self._table
            handle = new_handle(table.ref)
            # The handle is in its table whenever C holds its address.
            table.entries[handle] = data
            ref = _insert(table.owner, key, handle)
            if ref >= 0:
                return Node(ref, key, data)
            _refused(table, handle, ref, key)

    @overload
    def push(self, key: SupportsFloat, data: T) -> None: ...

    @overload
    def push(self: FiboHeap[Optional[S]], key: SupportsFloat) -> None: ...

    def push(self, key: SupportsFloat, data: Any = None) -> None:
        """Adds ``data`` with priority ``key`` like :meth:`insert`, but returns
        no Node: for elements whose key will not change, as with heapq. O(1).

        Saves making the Node (about a fifth of an insert-and-extract on
        CPython). Raises what insert raises; then nothing was added.
        """
        # insert's body without the Node; only the failure branch is shared,
        # since a shared helper would cost every call one more Python call.
        if type(key) is not float or key != key:
            key = as_key(key)
        while True:
            table = self._table
            handle = new_handle(table.ref)
            table.entries[handle] = data
            ref = _insert(table.owner, key, handle)
            if ref >= 0:
                return
            _refused(table, handle, ref, key)

    def extract(self) -> T:
        """Removes the element with the smallest key and returns its data.

        Raises IndexError if the heap is empty.
        """
        # take()'s loop, inlined: the hot path. A KeyError, not a default
        # compared after, since the miss is rare.
        for address in self._addresses:
            try:
                return self._live.pop(address)  # type: ignore[no-any-return]
            except KeyError:
                if address:  # a merge moved the heap's tables meanwhile
                    return take_address(self, address)  # type: ignore[no-any-return]
            break  # NULL: the heap is empty
        else:  # NO_FAST_PATH: the heap has recorded tables
            out = new(_PAYLOAD_OUT)
            data = take_out(self, lib.fh_pop, (self._heap, NULL, out), out)[1]
            if data is not GONE:
                return data  # type: ignore[no-any-return]
        raise IndexError("extract from an empty FiboHeap")

    def pop(self) -> tuple[float, T]:
        """Removes the element with the smallest key; returns (key, data).

        Raises IndexError if the heap is empty.
        """
        key_out = new(_KEY_OUT)
        if self._addresses is self._extracting:
            data = take(self, map(_extract, self._heap1, (key_out,)))
        else:
            out = new(_PAYLOAD_OUT)
            data = take_out(self, lib.fh_pop, (self._heap, key_out, out), out)[1]
        if data is GONE:
            raise IndexError("pop from an empty FiboHeap")
        return key_out[0], data

    def peek(self) -> tuple[float, T]:
        """Returns (key, data) of the element with the smallest key.

        Raises IndexError if the heap is empty.
        """
        key_out = new(_KEY_OUT)
        out = new(_PAYLOAD_OUT)
        heap = self._heap
        while True:
            ref = lib.fh_peek_ref(heap, key_out, out)
            if ref < 0:
                raise IndexError("peek into an empty FiboHeap")
            data = payload_at(self, out[0])
            # Once the lock is released another thread may pop that element;
            # its handle may then die and a new one take its address. If the
            # element is still here after the lookup, its handle lived all
            # along, so the lookup found its payload: key and data match.
            if data is not GONE and lib.fh_contains(heap, ref):
                return key_out[0], data

    def decrease_key(self, node: Node[T], key: SupportsFloat) -> None:
        """Lowers the key of ``node`` to ``key`` (an equal key is allowed). O(1).

        Raises ValueError if ``key`` is larger than the node's key, is NaN, or
        if the node is not in this heap; TypeError if ``key`` is not a real
        number or ``node`` is not a Node; OverflowError if ``key`` is too large
        for a float.
        """
        if type(key) is not float:
            key = as_key(key)
        if type(node) is not Node:
            raise _not_a_node(node)
        try:
            status = _decrease_key(self._heap, node._ref, key)
        except (OverflowError, TypeError):  # a Node not made by insert
            status = _ESTALE
        if status:
            raise _node_error(status, node, key)
        node._key = key

    def update_key(self, node: Node[T], key: SupportsFloat) -> None:
        """Sets the key of ``node`` to ``key``, larger or smaller.

        The element keeps its place among equal keys (its insertion order).
        O(1) amortized to lower, O(log n) to raise. Raises ValueError if
        ``key`` is NaN or the node is not in this heap; TypeError if ``key`` is
        not a real number or ``node`` is not a Node; OverflowError if ``key``
        is too large for a float.
        """
        if type(key) is not float:
            key = as_key(key)
        if type(node) is not Node:
            raise _not_a_node(node)
        try:
            status = lib.fh_update_key(self._heap, node._ref, key)
        except (OverflowError, TypeError):  # as in decrease_key
            status = _ESTALE
        if status:
            raise _node_error(status, node, key)
        node._key = key

    def remove(self, node: Node[T]) -> T:
        """Removes ``node`` from the heap and returns its data.

        Raises ValueError if the node is not in this heap; TypeError if
        ``node`` is not a Node.
        """
        if type(node) is not Node:
            raise _not_a_node(node)
        ref = node._ref
        if type(ref) is not int or not 0 <= ref < _REF_END:  # a Node not made by insert
            raise _node_error(_ESTALE, node, None)
        out = new(_PAYLOAD_OUT)
        status, data = take_out(self, lib.fh_remove, (self._heap, ref, out), out)
        if status:  # FH_ESTALE, the only failure: nothing was removed
            raise _node_error(status, node, None)
        return data  # type: ignore[no-any-return]

    def merge(self, other: FiboHeap[T]) -> None:
        """Moves every element of ``other`` into this heap in O(1).

        ``other`` is left empty and usable; its Nodes now belong to this heap.
        Raises ValueError for ``h.merge(h)`` or heaps of opposite directions
        (``reverse``), TypeError for a non-FiboHeap and MemoryError (both
        heaps then unchanged).
        """
        if not isinstance(other, FiboHeap):
            raise TypeError(f"can only merge a FiboHeap, not {type(other).__name__}")
        # fh_merge refuses it too (FH_EORDER); asked first, so that a refused
        # merge leaves the dicts below untouched.
        if lib.fh_is_reversed(self._heap) != lib.fh_is_reversed(other._heap):
            raise error(lib.FH_EORDER, "a max-heap (reverse=True) merges only max-heaps")
        if other is self:
            raise error(lib.FH_ESAME, "merge needs two distinct heaps")
        # Before the C merge, so that this heap holds the handles of other's
        # elements from the moment they are its own; _merging tells prune()
        # that a merge is under way.
        with merge_lock():
            self._merging.append(None)
            try:
                recorded = record_merge(self, other)
                status = hand_over(self, other, recorded)
                if status:  # out of memory: other keeps its elements and tables
                    for table in recorded:
                        self._moved.pop(id(table), None)
            finally:
                self._merging.pop()
        if status:
            raise error(status, "both heaps are unchanged")
        if len(self._moved) > self._prune_at:
            prune(self)

    def clear(self) -> None:
        """Removes every element, releasing its data. O(n).

        The payloads are released after the heap is empty, so their
        ``__del__`` may use this heap.
        """
        released = _detach_all(self)
        # The payloads go when `released` does: after the C heap is consistent,
        # so a payload's __del__ may use this heap again.
        del released

    def copy(self) -> FiboHeap[T]:
        """A new heap of the same type with the same keys and payloads (the
        same objects), whose equal keys pop in the same order. O(n).

        The Nodes of this heap are not Nodes of the copy. ``copy.copy(h)``
        gives the same; ``copy.deepcopy(h)`` copies the payloads too, and
        pickle round-trips a heap whose payloads pickle.
        """
        return _copying.copied(self, None)

    def __copy__(self) -> FiboHeap[T]:
        return _copying.copied(self, None)

    def __deepcopy__(self, memo: dict[int, Any]) -> FiboHeap[T]:
        return _copying.copied(self, memo)

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        # The elements in insertion order: FiboHeap(items) keeps their ties.
        return (_restored, (type(self), _copying.elements(self), self.reverse),
                getattr(self, "__dict__", None))

    def __reduce__(self) -> tuple[Any, ...]:
        return self.__reduce_ex__(2)

    def _owned(self) -> dict[int, Any]:
        """The payloads this heap's dicts hold, by handle address (for tests:
        see fiboheap/_handles.owned)."""
        return owned(self)

    def __len__(self) -> int:
        return _size(self._heap)  # type: ignore[no-any-return]

    def __bool__(self) -> bool:
        return _size(self._heap) != 0  # type: ignore[no-any-return]

    def __contains__(self, node: object) -> bool:
        """True while ``node`` is an element of this heap; never raises."""
        try:
            return type(node) is Node and lib.fh_contains(self._heap, node._ref) == 1
        except (OverflowError, TypeError):  # a Node not made by insert
            return False

    @property
    def reverse(self) -> bool:
        """True for a max-heap (made with ``reverse=True``)."""
        return lib.fh_is_reversed(self._heap) == 1  # type: ignore[no-any-return]

    def extend(self, pairs: Iterable[tuple[SupportsFloat, T]]) -> None:
        """Inserts every (key, data) pair of ``pairs`` in one C call, in their
        order (so equal keys pop in that order). O(1) each.

        All or nothing, like ``FiboHeap(items)``: raises TypeError if an item
        is not a pair or a key not a real number, ValueError for a NaN key,
        OverflowError for a key too large for a float, MemoryError; then no
        pair was inserted. Returns None, like ``list.extend``.
        """
        insert_many(self, pairs)

    def pop_many(self, k: int) -> list[tuple[float, T]]:
        """Removes the first ``k`` elements (all of them if fewer) in one C
        call, atomic with respect to other threads; returns them as
        ``[(key, data), ...]`` in pop order. O(k log n) amortized.

        Raises ValueError if ``k`` is negative, TypeError if it is not an int.
        """
        k = _count(k, "pop_many")
        c_heap = self._heap
        while True:
            capacity = min(k, _size(c_heap) + 1)
            keys = new(_KEYS_OUT, capacity)
            payloads = new(_PAYLOADS_OUT, capacity)
            # The C call, then the pops, in one C-level call (take_many).
            popped = map(lib.fh_pop_many, (c_heap,), (min(k, SIZE_MAX),), (keys,),
                         (payloads,), (capacity,), (NULL,))
            status, taken = take_many(self, popped, payloads)
            # FH_ERANGE: another thread inserted after fh_size; nothing changed.
            if status != lib.FH_ERANGE:
                if status:
                    raise error(status, "the heap is unchanged")
                return list(zip(keys, taken))

    def nsmallest(self, n: int) -> list[tuple[float, T]]:
        """Returns the first ``n`` elements (all of them if fewer) as
        ``[(key, data), ...]`` in pop order, ties first-in first-out, without
        changing the heap (the largest keys first on a max-heap).

        O(n log n + n D) with D <= 1.44 log2(len(h)), never O(len(h)): boost
        calls this ordered iteration. Raises ValueError if ``n`` is negative,
        TypeError if it is not an int; MemoryError.
        """
        n = _count(n, "nsmallest")
        count_out = new("size_t *")
        while True:
            changes = lib.fh_changes(self._heap)
            capacity = min(n, _size(self._heap) + 1)
            keys = new(_KEYS_OUT, capacity)
            payloads = new(_PAYLOADS_OUT, capacity)
            status = lib.fh_nsmallest(self._heap, min(n, SIZE_MAX), keys, payloads,
                                      capacity, count_out)
            if status == lib.FH_ERANGE:  # another thread inserted meanwhile
                continue
            if status:
                raise error(status, "the heap is unchanged")
            found = [(keys[i], payload_at(self, payloads[i])) for i in range(count_out[0])]
            # Unchanged since before the C call: every payload was in the heap
            # when it was looked up. Else another thread changed it: retry.
            if lib.fh_changes(self._heap) == changes:
                return found

    def __iter__(self) -> Iterator[tuple[float, T]]:
        """Yields every (key, data) pair, in no particular order, without
        changing the heap (like iterating heapq's list). Raises RuntimeError
        if the heap changes (an element or a key) during the iteration, as a
        dict does. Takes an O(n) copy of keys and references at the start."""
        count_out = new("size_t *")
        changes_out = new("uint64_t *")
        while True:
            capacity = _size(self._heap) + 1
            keys = new(_KEYS_OUT, capacity)
            payloads = new(_PAYLOADS_OUT, capacity)
            status = lib.fh_snapshot(self._heap, keys, payloads, NULL, 0, capacity,
                                     count_out, changes_out)
            if status != lib.FH_ERANGE:  # ERANGE: another thread inserted meanwhile
                break
        changes = changes_out[0]
        for i in range(count_out[0]):
            data = payload_at(self, payloads[i])
            # Checked after the lookup: unchanged means data was in the heap.
            if lib.fh_changes(self._heap) != changes:
                raise RuntimeError("FiboHeap changed during iteration")
            yield keys[i], data
        if lib.fh_changes(self._heap) != changes:
            raise RuntimeError("FiboHeap changed during iteration")

    def pushpop(self, key: SupportsFloat, data: T) -> tuple[float, T]:
        """Pushes (key, data), then pops; returns ``(key, data)`` of the
        element popped, which is the one given if its key comes strictly
        first (a tie goes to the element already in the heap) or the heap is
        empty. One C call, atomic with respect to other threads, like
        ``heapq.heappushpop``; O(log n) amortized, and never out of memory.

        Raises what ``push`` raises; then the heap is unchanged.
        """
        return self._swap(lib.fh_pushpop_owned, key, data)

    def replace(self, key: SupportsFloat, data: T) -> tuple[float, T]:
        """Pops, then pushes (key, data); returns ``(key, data)`` of the
        element popped. One C call, atomic with respect to other threads,
        like ``heapq.heapreplace``; O(log n) amortized.

        Raises IndexError on an empty heap, else what ``push`` raises; then
        the heap is unchanged.
        """
        return self._swap(lib.fh_replace_owned, key, data)

    def _swap(self, c_call: Any, key: SupportsFloat, data: T) -> tuple[float, T]:
        """pushpop and replace: ``c_call`` takes one element in and one out."""
        if type(key) is not float or key != key:
            key = as_key(key)
        key_out = new(_KEY_OUT)
        while True:
            table = self._table
            handle = new_handle(table.ref)
            # out[0] starts as the new handle: if C refuses (FH_EEMPTY from
            # fh_replace, FH_EMOVED) it stays there and is popped with the
            # rest, as is the new element when pushpop hands it straight back.
            out = new(_PAYLOAD_OUT, [handle])
            status, taken = take_out(
                self, c_call, (table.owner, key, handle, key_out, out), out,
                map(table.entries.__setitem__, (handle,), (data,)),
            )
            if status != EMOVED:  # else a merge took the heap's table: again
                break
        if status:
            raise error(status, "replace on an empty FiboHeap")
        return key_out[0], taken

    def _check(self) -> None:
        """Validates every invariant of the C heap; raises AssertionError
        naming the broken one."""
        what = new("char *[1]")
        status = lib.fh_check(self._heap, what)
        if status:
            raise error(status, ffi.string(what[0]).decode())

    def __repr__(self) -> str:
        try:
            min_key = self.peek()[0]
        except IndexError:
            return f"<fiboheap.FiboHeap{' reverse' if self.reverse else ''} empty>"
        if self.reverse:
            return f"<fiboheap.FiboHeap reverse size={len(self)} max_key={min_key!r}>"
        return f"<fiboheap.FiboHeap size={len(self)} min_key={min_key!r}>"


if HOLD_SIGNALS:
    # PyPy may run a signal handler before any bytecode: the methods that
    # take a payload in or out hold them back (fiboheap/_safety.py).
    for _name in ("__init__", "insert", "push", "extract", "pop", "remove", "merge",
                  "clear", "extend", "pop_many", "pushpop", "replace"):
        setattr(FiboHeap, _name, holding_signals(getattr(FiboHeap, _name)))

#: Unpickles a heap; pickles name it here.
_restored = _copying.restored


def _detach_all(heap: FiboHeap[Any]) -> list[Any]:
    """Takes every element out of the C heap and returns their payloads,
    popped from the heap's dicts in the same C-level call as fh_clear."""
    c_heap = heap._heap
    while True:
        capacity = _size(c_heap) + 1
        payloads = new(_PAYLOADS_OUT, capacity)
        cleared = map(lib.fh_clear, (c_heap,), (payloads,), (capacity,), (NULL,))
        status, released = take_many(heap, cleared, payloads)
        # FH_ERANGE: another thread inserted after fh_size; nothing changed.
        if status != lib.FH_ERANGE:
            return released


def _refused(table: Table, handle: Any, status: int, key: float) -> None:
    """insert's and push's failure branch: the C heap refused the element,
    so its table lets go of the payload; raises, unless a merge took the
    heap's table since it was read (FH_EMOVED), for the caller to try again
    with the new one."""
    table.entries.pop(handle, None)
    if status != EMOVED:
        raise error(status, f"key {key!r}")


def _count(k: object, method: str) -> int:
    """An element count for pop_many and nsmallest: an int, at least 0."""
    try:
        count = operator.index(k)  # type: ignore[arg-type]
    except TypeError:
        raise TypeError(f"{method} takes an int, not {type(k).__name__}") from None
    if count < 0:
        raise ValueError(f"{method} takes a count >= 0, not {count}")
    return count


def _not_a_node(node: object) -> TypeError:
    return TypeError(f"expected a fiboheap.Node, not {type(node).__name__}")


def _node_error(status: int, node: Node[Any], key: Optional[float]) -> Exception:
    if status == lib.FH_EKEY:
        return error(status, f"{key!r} > {node._key!r}; use update_key to increase a key")
    if status == lib.FH_ENAN:
        return error(status, "keys must be comparable numbers")
    return error(status, _NOT_IN_HEAP)
