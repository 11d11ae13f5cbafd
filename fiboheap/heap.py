"""FiboHeap and Node: the Python face of the C Fibonacci heap.

Ownership, in one place: each payload is wrapped with ``ffi.new_handle``; the
C node stores the handle's address, and ``_live_handles`` maps that handle to
the payload. That dict entry is the heap's one reference to the payload:
inserting adds it, and every way out of the C heap (extract, pop, remove,
clear, heap deletion) pops it. No INCREF, no DECREF, no reference cycles.
docs/ownership.md tells the whole story.
"""
from __future__ import annotations

import operator
from collections.abc import Iterable, Iterator
from typing import Any, Generic, Optional, SupportsFloat, TypeVar, overload

from fiboheap._binding import ARENA, error, ffi, lib, note_heap_memory

__all__ = ["FiboHeap", "Node"]

#: The payload type of a FiboHeap (invariant: a heap both takes and gives it).
T = TypeVar("T")
#: The payload type of a Node (covariant: a Node only gives its data out).
T_co = TypeVar("T_co", covariant=True)
#: The payload type of a heap that may hold None (see FiboHeap.insert).
S = TypeVar("S")

# One dict for all heaps, so that merge moves elements without touching it.
# Entries are added before the C insert and removed after the C removal, so a
# thread popping an element always finds its entry.
_live_handles: dict[Any, Any] = {}

_new = ffi.new
_new_handle = ffi.new_handle
_NULL = ffi.NULL
_insert = lib.fh_insert
_extract = lib.fh_extract
_decrease_key = lib.fh_decrease_key
_ERANGE = lib.FH_ERANGE
_SIZE_MAX = 2**64 - 1 if ffi.sizeof("size_t") == 8 else 2**32 - 1
_NOT_IN_HEAP = "the node was popped or removed, or belongs to another heap"
_GONE = object()

# Output buffers are allocated per call: cffi releases the GIL inside C, so a
# buffer shared by the calls of several threads would mix their results.
# The hot paths (insert, extract, decrease_key) need none.
_PAYLOAD_OUT = ffi.typeof("void *[1]")
_KEY_OUT = ffi.typeof("double[1]")


def _as_key(key: object) -> float:
    """Converts a key to float, refusing what float() accepts but is not a
    real number (strings) and what it cannot convert."""
    if not isinstance(key, (str, bytes, bytearray)):
        try:
            return float(key)  # type: ignore[arg-type]
        except TypeError:
            pass
    raise TypeError(
        f"key must be a real number (int, float, Fraction, ...), "
        f"not {type(key).__name__}"
    )


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


class FiboHeap(Generic[T]):
    """A min-priority queue of (key, data) elements on a C Fibonacci heap.

    Keys are real numbers, stored as float; equal keys pop first-in first-out.
    insert, decrease_key and merge take O(1); extract, pop, remove and
    update_key O(log n) amortized. One heap may be used from several threads.
    ``FiboHeap[T]`` is generic over the payload type. After any exception the
    heap is unchanged.
    """

    __slots__ = ("_heap", "__weakref__")

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
        large for a float, MemoryError; then no item was inserted.
        """
        heap = lib.fh_new_ordered(ARENA, 1 if reverse else 0)
        if heap == _NULL:
            raise MemoryError("cannot allocate a heap")
        note_heap_memory()
        self._heap = heap
        if items != ():
            self._insert_many(items)

    def _insert_many(self, items: Iterable[tuple[SupportsFloat, T]]) -> None:
        keys = []
        payloads = []
        for item in items:
            try:
                key, data = item
            except (TypeError, ValueError):
                raise TypeError(
                    f"items must be (key, data) pairs, got {item!r}"
                ) from None
            keys.append(key if type(key) is float else _as_key(key))
            payloads.append(data)
        handles = [_new_handle(data) for data in payloads]
        for handle, data in zip(handles, payloads):
            _live_handles[handle] = data
        status = lib.fh_insert_many(
            self._heap, keys, _new("void *[]", handles), len(handles), _NULL
        )
        if status:
            for handle in handles:
                del _live_handles[handle]
            raise error(status, "no item was inserted")

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
        if type(key) is not float:
            key = _as_key(key)
        handle = _new_handle(data)
        _live_handles[handle] = data
        try:
            ref = _insert(self._heap, key, handle)
        except TypeError:  # no C heap: this one was resurrected after __del__
            del _live_handles[handle]
            raise
        if ref < 0:
            del _live_handles[handle]
            raise error(ref, f"key {key!r}")
        return Node(ref, key, data)

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
        # insert's body without the Node, not a shared helper: a helper would
        # cost insert one more Python call (about 45 ns on CPython).
        if type(key) is not float:
            key = _as_key(key)
        handle = _new_handle(data)
        _live_handles[handle] = data
        try:
            ref = _insert(self._heap, key, handle)
        except TypeError:  # as in insert
            del _live_handles[handle]
            raise
        if ref < 0:
            del _live_handles[handle]
            raise error(ref, f"key {key!r}")

    def extract(self) -> T:
        """Removes the element with the smallest key and returns its data.

        Raises IndexError if the heap is empty.
        """
        try:
            return _live_handles.pop(_extract(self._heap, _NULL))  # type: ignore[no-any-return]
        except KeyError:  # fh_extract's NULL for empty: no handle is NULL
            raise IndexError("extract from an empty FiboHeap") from None

    def pop(self) -> tuple[float, T]:
        """Removes the element with the smallest key; returns (key, data).

        Raises IndexError if the heap is empty.
        """
        key_out = _new(_KEY_OUT)
        try:
            data = _live_handles.pop(_extract(self._heap, key_out))
        except KeyError:  # as in extract
            raise IndexError("pop from an empty FiboHeap") from None
        return key_out[0], data

    def peek(self) -> tuple[float, T]:
        """Returns (key, data) of the element with the smallest key.

        Raises IndexError if the heap is empty.
        """
        key_out = _new(_KEY_OUT)
        out = _new(_PAYLOAD_OUT)
        while True:
            if lib.fh_peek(self._heap, key_out, out):
                raise IndexError("peek into an empty FiboHeap")
            data = _live_handles.get(out[0], _GONE)
            # _GONE: another thread popped that element after our C call.
            if data is not _GONE:
                return key_out[0], data

    def decrease_key(self, node: Node[T], key: SupportsFloat) -> None:
        """Lowers the key of ``node`` to ``key`` (an equal key is allowed). O(1).

        Raises ValueError if ``key`` is larger than the node's key, is NaN, or
        if the node is not in this heap; TypeError if ``key`` is not a real
        number or ``node`` is not a Node; OverflowError if ``key`` is too large
        for a float.
        """
        if type(key) is not float:
            key = _as_key(key)
        if type(node) is not Node:
            raise _not_a_node(node)
        status = _decrease_key(self._heap, node._ref, key)
        if status:
            raise self._node_error(status, node, key)
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
            key = _as_key(key)
        if type(node) is not Node:
            raise _not_a_node(node)
        status = lib.fh_update_key(self._heap, node._ref, key)
        if status:
            raise self._node_error(status, node, key)
        node._key = key

    def remove(self, node: Node[T]) -> T:
        """Removes ``node`` from the heap and returns its data.

        Raises ValueError if the node is not in this heap; TypeError if
        ``node`` is not a Node.
        """
        if type(node) is not Node:
            raise _not_a_node(node)
        out = _new(_PAYLOAD_OUT)
        status = lib.fh_remove(self._heap, node._ref, out)
        if status:
            raise self._node_error(status, node, None)
        return _live_handles.pop(out[0])  # type: ignore[no-any-return]

    @staticmethod
    def _node_error(status: int, node: Node[Any], key: Optional[float]) -> Exception:
        if status == lib.FH_EKEY:
            return error(status, f"{key!r} > {node._key!r}; use update_key to increase a key")
        if status == lib.FH_ENAN:
            return error(status, "keys must be comparable numbers")
        return error(status, _NOT_IN_HEAP)

    def merge(self, other: FiboHeap[T]) -> None:
        """Moves every element of ``other`` into this heap in O(1).

        ``other`` is left empty and usable; its Nodes now belong to this heap.
        Raises ValueError for ``h.merge(h)``, TypeError for a non-FiboHeap and
        MemoryError (both heaps then unchanged).
        """
        if not isinstance(other, FiboHeap):
            raise TypeError(f"can only merge a FiboHeap, not {type(other).__name__}")
        status = lib.fh_merge(self._heap, other._heap)
        if status == lib.FH_ESAME:
            raise error(status, "merge needs two distinct heaps")
        if status == lib.FH_EORDER:
            raise error(status, "a max-heap (reverse=True) merges only max-heaps")
        if status:
            raise error(status, "both heaps are unchanged")

    def clear(self) -> None:
        """Removes every element, releasing its data. O(n).

        The payloads are released after the heap is empty, so their
        ``__del__`` may use this heap.
        """
        released = self._detach_all()
        # The payloads go when `released` does: after the C heap is consistent,
        # so a payload's __del__ may use this heap again.
        del released

    def _detach_all(self) -> list[Any]:
        count_out = _new("size_t *")
        while True:
            capacity = lib.fh_size(self._heap) + 1
            payloads = _new("void *[]", capacity)
            status = lib.fh_clear(self._heap, payloads, capacity, count_out)
            if status != _ERANGE:  # ERANGE: another thread inserted meanwhile
                break
        return [_live_handles.pop(payloads[i]) for i in range(count_out[0])]

    def __len__(self) -> int:
        return lib.fh_size(self._heap)  # type: ignore[no-any-return]

    def __bool__(self) -> bool:
        return lib.fh_size(self._heap) != 0  # type: ignore[no-any-return]

    def __contains__(self, node: object) -> bool:
        """True while ``node`` is an element of this heap."""
        return type(node) is Node and lib.fh_contains(self._heap, node._ref) == 1

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
        self._insert_many(pairs)

    def pop_many(self, k: int) -> list[tuple[float, T]]:
        """Removes the first ``k`` elements (all of them if fewer) in one C
        call, atomic with respect to other threads; returns them as
        ``[(key, data), ...]`` in pop order. O(k log n) amortized.

        Raises ValueError if ``k`` is negative, TypeError if it is not an int.
        """
        k = _count(k, "pop_many")
        count_out = _new("size_t *")
        while True:
            capacity = min(k, lib.fh_size(self._heap) + 1)
            keys = _new("double[]", capacity)
            payloads = _new("void *[]", capacity)
            status = lib.fh_pop_many(self._heap, min(k, _SIZE_MAX), keys, payloads,
                                     capacity, count_out)
            if status != _ERANGE:  # ERANGE: another thread inserted meanwhile
                break
        return [(keys[i], _live_handles.pop(payloads[i])) for i in range(count_out[0])]

    def nsmallest(self, n: int) -> list[tuple[float, T]]:
        """Returns the first ``n`` elements (all of them if fewer) as
        ``[(key, data), ...]`` in pop order, ties first-in first-out, without
        changing the heap (the largest keys first on a max-heap).

        O(n log n + n D) with D <= 1.44 log2(len(h)), never O(len(h)): boost
        calls this ordered iteration. Raises ValueError if ``n`` is negative,
        TypeError if it is not an int; MemoryError.
        """
        n = _count(n, "nsmallest")
        count_out = _new("size_t *")
        while True:
            changes = lib.fh_changes(self._heap)
            capacity = min(n, lib.fh_size(self._heap) + 1)
            keys = _new("double[]", capacity)
            payloads = _new("void *[]", capacity)
            status = lib.fh_nsmallest(self._heap, min(n, _SIZE_MAX), keys, payloads,
                                      capacity, count_out)
            if status == _ERANGE:  # another thread inserted meanwhile
                continue
            if status:
                raise error(status, "the heap is unchanged")
            found = [(keys[i], _live_handles.get(payloads[i], _GONE))
                     for i in range(count_out[0])]
            # Unchanged since before the C call: every payload was in the heap
            # when it was looked up. Else another thread changed it: retry.
            if lib.fh_changes(self._heap) == changes:
                return found

    def __iter__(self) -> Iterator[tuple[float, T]]:
        """Yields every (key, data) pair, in no particular order, without
        changing the heap (like iterating heapq's list). Raises RuntimeError
        if the heap changes (an element or a key) during the iteration, as a
        dict does. Takes an O(n) copy of keys and references at the start."""
        count_out = _new("size_t *")
        changes_out = _new("uint64_t *")
        while True:
            capacity = lib.fh_size(self._heap) + 1
            keys = _new("double[]", capacity)
            payloads = _new("void *[]", capacity)
            status = lib.fh_snapshot(self._heap, _SIZE_MAX, keys, payloads, capacity,
                                     count_out, changes_out)
            if status != _ERANGE:  # ERANGE: another thread inserted meanwhile
                break
        changes = changes_out[0]
        for i in range(count_out[0]):
            data = _live_handles.get(payloads[i], _GONE)
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
        if type(key) is not float:
            key = _as_key(key)
        handle = _new_handle(data)
        _live_handles[handle] = data
        key_out = _new(_KEY_OUT)
        out = _new(_PAYLOAD_OUT)
        status = lib.fh_pushpop(self._heap, key, handle, key_out, out)
        if status:
            del _live_handles[handle]
            raise error(status, f"key {key!r}")
        return key_out[0], _live_handles.pop(out[0])

    def replace(self, key: SupportsFloat, data: T) -> tuple[float, T]:
        """Pops, then pushes (key, data); returns ``(key, data)`` of the
        element popped. One C call, atomic with respect to other threads,
        like ``heapq.heapreplace``; O(log n) amortized.

        Raises IndexError on an empty heap, else what ``push`` raises; then
        the heap is unchanged.
        """
        if type(key) is not float:
            key = _as_key(key)
        handle = _new_handle(data)
        _live_handles[handle] = data
        key_out = _new(_KEY_OUT)
        out = _new(_PAYLOAD_OUT)
        status = lib.fh_replace(self._heap, key, handle, key_out, out)
        if status:
            del _live_handles[handle]
            if status == lib.FH_EEMPTY:
                raise IndexError("replace on an empty FiboHeap")
            raise error(status, f"key {key!r}")
        return key_out[0], _live_handles.pop(out[0])

    def _check(self) -> None:
        """Validates every invariant of the C heap; raises AssertionError
        naming the broken one."""
        what = _new("char *[1]")
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

    def __del__(self) -> None:
        # The heap is freed here rather than by ffi.gc because its payloads
        # must be released first, and that is Python's work.
        heap = getattr(self, "_heap", None)
        if heap is None:
            return
        while lib.fh_size(heap):  # a payload's __del__ may have inserted again
            self.clear()
        self._heap = None
        lib.fh_free(heap)
