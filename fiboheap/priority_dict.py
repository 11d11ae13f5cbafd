"""PriorityDict: a mapping from item to priority on a FiboHeap, for programs
written against heapdict and pqdict (and networkx's MinHeap protocol).

The heap holds each item as the data of one Node; ``_nodes`` maps the item to
that Node, so changing a priority is one ``update_key`` and never a search.
Every method that changes both runs under one lock, so each call is atomic
with respect to other threads, as FiboHeap's calls are.
"""
from __future__ import annotations

import threading
from collections.abc import Hashable, Iterable, Iterator, Mapping, MutableMapping
from typing import Any, SupportsFloat, TypeVar, Union, overload

from fiboheap.heap import FiboHeap, Node, _as_key

__all__ = ["PriorityDict"]

#: The item type: anything hashable.
K = TypeVar("K", bound=Hashable)
#: The type of a default returned by pop.
D = TypeVar("D")

_MISSING: Any = object()


def _reentered() -> RuntimeError:
    return RuntimeError(
        "PriorityDict changed by an item's __hash__ or __eq__ (or a __del__) "
        "during another of its calls on the same thread"
    )


def _rebuild(cls: type[PriorityDict[Any]], pairs: list[tuple[Any, float]],
             reverse: bool) -> PriorityDict[Any]:
    """Unpickles a PriorityDict: ``pairs`` are in first-insertion order, so
    the items keep their order among equal priorities, now and after any
    later change of priority."""
    return cls(pairs, reverse=reverse)


class PriorityDict(MutableMapping[K, float]):
    """A mutable mapping from item to priority; ``popitem()`` removes the item
    with the smallest priority (the largest with ``reverse=True``).

    ``pd[item] = priority`` inserts an item or changes its priority in either
    direction (O(1) toward the front, O(log n) amortized away from it);
    ``popitem`` is O(log n) amortized; lookups, ``in`` and ``len`` are a dict's.
    Priorities are what FiboHeap's keys are: real numbers, returned as float.
    Items are anything hashable. Equal priorities come out first-in first-out
    (an item keeps its place among them when its priority changes). Iteration
    over the mapping is in insertion order, as a dict's.

    It also speaks networkx's MinHeap protocol (``min()``, ``pop()`` with no
    argument, ``insert(item, priority, allow_increase=False)``, ``get``), so
    ``networkx.stoer_wagner(G, heap=PriorityDict)`` runs on it; and pqdict's
    ``top``, ``topitem``, ``additem`` and ``updateitem``.

    Each call is atomic with respect to other threads. After any exception
    the mapping is unchanged.
    """

    __slots__ = ("_heap", "_nodes", "_reverse", "_lock", "_busy", "__weakref__")

    _heap: FiboHeap[K]
    _nodes: dict[K, Node[K]]

    def __init__(
        self,
        items: Union[Mapping[K, SupportsFloat], Iterable[tuple[K, SupportsFloat]]] = (),
        /,
        *,
        reverse: bool = False,
    ) -> None:
        """Creates a PriorityDict from a mapping of item to priority or an
        iterable of (item, priority) pairs, as ``dict()`` does (a repeated item
        keeps its last priority and its first place among ties).

        ``reverse=True`` makes a max-priority dict: ``popitem`` and
        ``peekitem`` give the largest priority. Raises what ``pd[item] = p``
        raises, and TypeError for an item that is not a pair.
        """
        self._reverse = bool(reverse)
        self._heap = FiboHeap(reverse=self._reverse)
        self._nodes = {}
        self._lock = threading.RLock()
        self._busy = False
        pairs = items.items() if isinstance(items, Mapping) else items
        for pair in pairs:
            try:
                item, priority = pair
            except (TypeError, ValueError):
                raise TypeError(
                    f"items must be a mapping or (item, priority) pairs, got {pair!r}"
                ) from None
            self[item] = priority

    @property
    def reverse(self) -> bool:
        """True for a max-priority dict (largest priority first)."""
        return self._reverse

    # The mapping ---------------------------------------------------------------

    def __getitem__(self, item: K) -> float:
        """The priority of ``item``, as a float; KeyError if absent."""
        return self._nodes[item].key

    def __setitem__(self, item: K, priority: SupportsFloat) -> None:
        """Inserts ``item`` or changes its priority, either way.

        Raises TypeError if ``priority`` is not a real number or ``item`` is
        not hashable, ValueError for NaN, OverflowError for a number too large
        for a float; the mapping is then unchanged.
        """
        with self._lock:
            if self._busy:
                raise _reentered()
            self._busy = True
            try:
                node = self._nodes.get(item)
                if node is None:
                    node = self._heap.insert(priority, item)
                    try:
                        self._nodes[item] = node
                    except BaseException:
                        self._heap.remove(node)
                        raise
                else:
                    self._heap.update_key(node, priority)
            finally:
                self._busy = False

    def __delitem__(self, item: K) -> None:
        """Removes ``item``; KeyError if absent."""
        with self._lock:
            if self._busy:
                raise _reentered()
            self._busy = True
            try:
                node = self._nodes.pop(item)
                self._heap.remove(node)
            finally:
                self._busy = False
        # node (and the item it holds) goes when this frame does: after the
        # lock, so an item's __del__ may use this mapping.

    def __contains__(self, item: object) -> bool:
        return item in self._nodes

    def __len__(self) -> int:
        return len(self._nodes)

    def __iter__(self) -> Iterator[K]:
        """The items in insertion order, as a dict's; RuntimeError if the
        mapping changes size during the iteration."""
        return iter(self._nodes)

    def clear(self) -> None:
        """Removes every item. O(n)."""
        with self._lock:
            if self._busy:
                raise _reentered()
            old_heap, old_nodes = self._heap, self._nodes
            self._heap = FiboHeap(reverse=self._reverse)
            self._nodes = {}
        # The items are released here, after the lock, so that an item's
        # __del__ may use this mapping.
        old_heap.clear()
        del old_nodes

    @overload
    def pop(self) -> tuple[K, float]: ...

    @overload
    def pop(self, item: K) -> float: ...

    @overload
    def pop(self, item: K, default: D) -> Union[float, D]: ...

    def pop(self, item: Any = _MISSING, default: Any = _MISSING) -> Any:
        """``pd.pop()`` removes and returns ``(item, priority)`` with the
        smallest priority, as networkx's MinHeap does (KeyError when empty);
        ``pd.pop(item[, default])`` removes ``item`` and returns its priority,
        as a mapping does (KeyError if absent and no default).
        """
        if item is _MISSING:
            return self.popitem()
        with self._lock:
            if self._busy:
                raise _reentered()
            self._busy = True
            try:
                node = self._nodes.pop(item, None)
                if node is None:
                    if default is _MISSING:
                        raise KeyError(item)
                    return default
                self._heap.remove(node)
                return node.key
            finally:
                self._busy = False

    def popitem(self) -> tuple[K, float]:
        """Removes and returns ``(item, priority)`` with the smallest priority
        (the largest with ``reverse=True``); the first in among equals.
        KeyError if empty, as a mapping's popitem."""
        with self._lock:
            if self._busy:
                raise _reentered()
            self._busy = True
            try:
                try:
                    item = self._heap.extract()  # no key buffer: the Node has it
                except IndexError:
                    raise KeyError("popitem(): PriorityDict is empty") from None
                return item, self._nodes.pop(item).key
            finally:
                self._busy = False

    def peekitem(self) -> tuple[K, float]:
        """Returns ``(item, priority)`` that popitem would remove; KeyError if
        empty."""
        try:
            priority, item = self._heap.peek()
        except IndexError:
            raise KeyError("peekitem(): PriorityDict is empty") from None
        return item, priority

    # networkx's MinHeap protocol (get comes from Mapping) ----------------------

    def min(self) -> tuple[K, float]:
        """networkx's name for peekitem."""
        return self.peekitem()

    def insert(self, key: K, value: SupportsFloat, allow_increase: bool = False) -> bool:
        """networkx's MinHeap.insert: inserts ``key`` with priority ``value``,
        or lowers its priority to ``value``; raises it only if
        ``allow_increase``. Returns True if ``key`` was inserted or its priority
        lowered. (Lowered means a smaller number, whatever ``reverse`` is.)
        """
        with self._lock:
            if self._busy:
                raise _reentered()
            self._busy = True
            try:
                node = self._nodes.get(key)
                if node is None:
                    node = self._heap.insert(value, key)
                    try:
                        self._nodes[key] = node
                    except BaseException:
                        self._heap.remove(node)
                        raise
                    return True
                new = _as_key(value)
                if new != new or new < node.key or (allow_increase and new > node.key):
                    lowered = new < node.key
                    self._heap.update_key(node, new)
                    return lowered
                return False
            finally:
                self._busy = False

    # pqdict's names -------------------------------------------------------------

    def top(self) -> K:
        """pqdict's name: the item popitem would remove; KeyError if empty."""
        return self.peekitem()[0]

    def topitem(self) -> tuple[K, float]:
        """pqdict's name for peekitem."""
        return self.peekitem()

    def additem(self, item: K, priority: SupportsFloat) -> None:
        """Inserts a new item; KeyError if it is already present (pqdict)."""
        with self._lock:
            if item in self._nodes:
                raise KeyError(f"{item!r} is already in the PriorityDict")
            self[item] = priority

    def updateitem(self, item: K, priority: SupportsFloat) -> None:
        """Changes the priority of a present item; KeyError if absent (pqdict)."""
        with self._lock:
            if item not in self._nodes:
                raise KeyError(item)
            self[item] = priority

    # Copies and representation -------------------------------------------------

    def _pairs(self) -> list[tuple[K, float]]:
        # The dict's order is the order of first insertion, which is the
        # heap's order among ties: rebuilt in it, a copy keeps that order.
        with self._lock:
            return [(item, node.key) for item, node in self._nodes.items()]

    def copy(self) -> PriorityDict[K]:
        """A shallow copy with the same order among equal priorities. O(n)."""
        return type(self)(self._pairs(), reverse=self._reverse)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self._pairs(), self._reverse))

    def __repr__(self) -> str:
        pairs = ", ".join(f"{item!r}: {node.key!r}" for item, node in list(self._nodes.items()))
        reverse = ", reverse=True" if self._reverse else ""
        return f"{type(self).__name__}({{{pairs}}}{reverse})"
