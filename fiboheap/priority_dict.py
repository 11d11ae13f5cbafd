"""PriorityDict: a mapping from item to priority on a Fibonacci heap, for
programs written against heapdict and pqdict (and networkx's MinHeap
protocol).

The mapping calls the C heap directly, without Nodes or FiboHeap's methods:
the hot calls (``pd[item] = p``, ``popitem``) cost one lock, one or two dict
operations and one C call each. Its dict, the truth, maps each item to an
entry, and _pd_entries.py keeps the entries and the C heap's nodes in step;
the C heap is freed when its owner (from _lifetime.new_c_heap, kept in
``_heap``) dies; pqdict's names built from peekitem and popitem are in
_pqdict_api.py.

Every call that changes the mapping runs under its lock (_pd_lock.py:
the lock, the busy flag that refuses a call from inside another on the same
thread, and the fork's repair); a public method computes what it can first
(priorities, the key function), then calls a locked one.
Reads (``pd[item]``, ``in``, ``len``, iteration) take no lock: they read the
dict.
"""
from __future__ import annotations

import operator
from collections import deque
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, MutableMapping
from itertools import chain
from typing import Any, Optional, SupportsFloat, TypeVar, Union, overload

from fiboheap._binding import NULL, SIZE_MAX, ffi, from_handle, lib
from fiboheap._keys import as_key
from fiboheap._lifetime import new_c_heap
from fiboheap._pd_entries import (
    ITEM,
    MISSING,
    PRIORITY,
    REF,
    VALUE,
    Keyed,
    check,
    commit,
    detach,
    find_ref,
    new_entry,
    popper,
    priced,
    rebuild,
    reinsert_lost,
    replace,
    staged,
    store,
)
from fiboheap._pd_lock import LockedMapping, exclusive, locked
from fiboheap._pqdict_api import PqdictNames
from fiboheap._safety import holding_signals

__all__ = ["PriorityDict"]

#: The item type: anything hashable.
K = TypeVar("K", bound=Hashable)
#: The type of a default returned by pop, popitem, top and the like.
D = TypeVar("D")
#: The item type of fromkeys.
H = TypeVar("H", bound=Hashable)



def _rebuild(cls: type[PriorityDict[Any]], pairs: list[tuple[Any, ...]],
             reverse: bool, key: Optional[Callable[[Any], Any]] = None) -> PriorityDict[Any]:
    """Unpickles a PriorityDict (pickles name this function: it stays here):
    ``pairs`` are (item, priority) without a key function, (item, value,
    priority) with one, in first-insertion order, so the items keep their
    order among equal priorities, now and after any later change of
    priority."""
    new = cls(reverse=reverse, key=key) if key is not None else cls(reverse=reverse)
    if key is None:
        new._load({item: (priority, priority) for item, priority in pairs})
    else:
        new._load({item: (priority, value) for item, value, priority in pairs})
    return new


def _identity(value: Any) -> Any:
    """The key function of a PriorityDict made without one."""
    return value


class PriorityDict(PqdictNames[K], LockedMapping, MutableMapping[K, float]):
    """A mutable mapping from item to priority; ``popitem()`` removes the item
    with the smallest priority (the largest with ``reverse=True``).

    ``pd[item] = priority`` inserts an item or changes its priority in either
    direction (O(1) toward the front, O(log n) amortized away from it);
    ``popitem`` is O(log n) amortized; lookups, ``in`` and ``len`` are a dict's.
    Priorities are what FiboHeap's keys are: real numbers, returned as float.
    With ``key=f`` (pqdict's key function), ``pd[item] = value`` stores
    ``value`` as given and orders the item by ``f(value)``. Items are anything
    hashable. Equal priorities come out first-in first-out (an item keeps its
    place among them when its priority changes). Iteration over the mapping
    is in insertion order, as a dict's.

    It also speaks networkx's MinHeap protocol (``min()``, ``pop()`` with no
    argument, ``insert(item, priority, allow_increase=False)``, ``get``), so
    ``networkx.stoer_wagner(G, heap=PriorityDict)`` runs on it; and pqdict's
    API (docs/migrating.md says what differs).

    Each call is atomic with respect to other threads' calls; a read that
    takes no lock (``pd[item]``, ``in``, ``len``, ``get``, iteration) may see
    an ``update`` in progress with some of its items changed. After any
    exception the mapping is unchanged.

    ``os.fork()`` never waits for a mapping. In the child, every mapping is
    whole: its heap holds exactly its items at their priorities. One that no
    other thread was inside at the fork is as the parent had it; one that
    another thread was inside holds each item as that thread's call left it
    before or after changing it, which for a call that changes one item
    means the call done or not done.
    """

    __slots__ = ("_heap", "_c_heap", "_entries", "_popper", "_reverse", "_keyfn")

    _heap: object  # owns the C heap: frees it when the mapping dies
    _c_heap: Any
    _entries: dict[K, list[Any]]
    _popper: Iterator[list[Any]]
    _reverse: bool
    _keyfn: Optional[Callable[[Any], Any]]

    def __new__(cls, *args: Any, **kwargs: Any) -> PriorityDict[K]:
        # Everything the methods rely on is set here, not in __init__, so a
        # mapping made by __new__ alone (a subclass's, copy's) is a valid
        # empty one.
        self: PriorityDict[K] = super().__new__(cls)
        self._keyfn = None
        reverse = bool(kwargs.get("reverse"))
        c_heap, owner = new_c_heap(reverse)
        self._install(reverse, c_heap, owner, {})
        return self

    def _install(self, reverse: bool, c_heap: Any, owner: object,
                 entries: dict[K, list[Any]]) -> None:
        """Makes ``c_heap`` (owned by ``owner``) and ``entries`` the
        mapping's: plain stores, no call between them, so no signal or other
        thread lands in between."""
        extract = popper(entries, c_heap)
        self._reverse = reverse
        self._heap = owner
        self._c_heap = c_heap
        self._entries = entries
        self._popper = extract

    def __init__(
        self,
        items: Union[Mapping[K, SupportsFloat], Iterable[tuple[K, SupportsFloat]], None] = (),
        /,
        *,
        reverse: bool = False,
        key: Optional[Callable[[Any], SupportsFloat]] = None,
        precedes: Optional[Callable[[Any, Any], bool]] = None,
    ) -> None:
        """Creates a PriorityDict from a mapping of item to priority or an
        iterable of (item, priority) pairs, as ``dict()`` does (a repeated item
        keeps its last priority and its first place among ties).

        ``reverse=True`` makes a max-priority dict: ``popitem`` and
        ``peekitem`` give the largest priority. pqdict's ``precedes`` may be
        ``operator.lt`` (the default order) or ``operator.gt`` (``reverse``);
        its ``key``, a function, makes the mapping hold values as given and
        order each item by ``key(value)``, which must be a real number.

        All or nothing: raises what ``pd[item] = p`` raises, TypeError for an
        item that is not a pair or a ``key`` that is not callable, ValueError
        for another ``precedes`` (or ``operator.gt`` with ``reverse=True``),
        and then the mapping is unchanged. Called again on a mapping, it
        leaves the mapping holding ``items`` only.
        """
        reverse = bool(reverse)
        if precedes is operator.gt:
            if reverse:
                raise ValueError("reverse=True and precedes=operator.gt: give one of them")
            reverse = True
        elif precedes is not None and precedes is not operator.lt:
            raise ValueError(
                f"precedes must be operator.lt or operator.gt, not {precedes!r}: "
                "PriorityDict orders real numbers; key= maps values to them"
            )
        if key is not None and not callable(key):
            raise TypeError(f"key must be a callable, not {type(key).__name__}")
        items_staged = staged(() if items is None else items, key)
        old = self._reset(reverse, key, items_staged)
        # The old items go here, after the lock, so that an item's __del__
        # may use this mapping.
        del old

    @exclusive
    def _reset(self, reverse: bool, key: Optional[Callable[[Any], Any]],
               items: dict[K, tuple[float, Any]]) -> Optional[dict[K, list[Any]]]:
        """__init__'s change: the mapping holds ``items`` only, ordered by
        ``reverse`` and ``key``; returns the old entries, if any, for the
        caller to drop after the lock."""
        added = [new_entry(item, p, v) for item, (p, v) in items.items()]
        if not self._entries and reverse == self._reverse:
            commit(self._entries, self._c_heap, added, [])
            self._keyfn = key
            return None
        # A new heap and dict, filled first: the old ones stay if that fails.
        c_heap, owner = new_c_heap(reverse)
        entries: dict[K, list[Any]] = {}
        commit(entries, c_heap, added, [])
        old = self._entries
        self._keyfn = key
        self._install(reverse, c_heap, owner, entries)
        return old

    def _recover(self) -> None:
        """In a child process, for a mapping whose lock a thread of the parent
        held at the fork (_pd_lock.py has made the lock afresh): the C heap
        again holds exactly the dict's entries, rebuilt from the dict, the
        truth, in its order (that thread may have stopped between changing
        the dict and changing the C heap)."""
        c_heap, owner = new_c_heap(self._reverse)
        rebuild(self._entries, c_heap)
        self._install(self._reverse, c_heap, owner, self._entries)

    @property
    def reverse(self) -> bool:
        """True for a max-priority dict (largest priority first)."""
        return self._reverse

    @property
    def precedes(self) -> Callable[[Any, Any], bool]:
        """pqdict's name for the order: ``operator.lt`` (smallest priority
        first) or ``operator.gt`` (largest first, ``reverse=True``)."""
        return operator.gt if self._reverse else operator.lt

    @property
    def keyfn(self) -> Callable[[Any], Any]:
        """pqdict's key function: the ``key`` given, else the identity."""
        return self._keyfn if self._keyfn is not None else _identity

    # The mapping ---------------------------------------------------------------

    def __getitem__(self, item: K) -> float:
        """The priority of ``item`` (its value, with a key function); KeyError
        if absent."""
        return self._entries[item][VALUE]  # type: ignore[no-any-return]

    @overload
    def get(self, item: K) -> Optional[float]: ...

    @overload
    def get(self, item: K, default: Union[float, D]) -> Union[float, D]: ...

    def get(self, item: K, default: Any = None) -> Any:
        """``pd[item]``, or ``default`` if ``item`` is absent."""
        entry = self._entries.get(item)
        return default if entry is None else entry[VALUE]

    @holding_signals
    def __setitem__(self, item: K, priority: SupportsFloat) -> None:
        """Inserts ``item`` or changes its priority, either way.

        Raises TypeError if ``priority`` is not a real number or ``item`` is
        not hashable, ValueError for NaN, OverflowError for a number too large
        for a float; the mapping is then unchanged. With a key function,
        ``priority`` is a value, and ``key(value)`` must be a real number.
        """
        keyfn = self._keyfn
        if keyfn is not None:
            value: Any = priority
            priority = as_key(keyfn(value))
        else:
            if type(priority) is not float or priority != priority:
                priority = as_key(priority)
            value = priority
        old = self._set(item, priority, value)
        del old  # the value it replaced, after the lock: its __del__ may use the mapping

    #: store under the lock: __setitem__'s change.
    _set = locked(store)

    def __delitem__(self, item: K) -> None:
        """Removes ``item``; KeyError if absent."""
        self._take(item)
        # The entry (and the item it holds) went when _take's frame did:
        # after the lock, so an item's __del__ may use this mapping.

    @exclusive
    def _take(self, item: K) -> list[Any]:
        """Removes ``item`` and returns its entry; KeyError if absent."""
        entry = self._entries[item]
        ref = entry[REF]
        if ref is None:
            ref = find_ref(self._c_heap, entry)
        detach(self._entries, self._c_heap, item, ref)
        return entry

    def __contains__(self, item: object) -> bool:
        return item in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[K]:
        """The items in insertion order, as a dict's; RuntimeError if the
        mapping changes size during the iteration."""
        return iter(self._entries)

    def clear(self) -> None:
        """Removes every item. O(n)."""
        old = self._clear()
        # The items are released here, after the lock, so that an item's
        # __del__ may use this mapping.
        del old

    @exclusive
    def _clear(self) -> dict[K, list[Any]]:
        entries = self._entries
        old = entries.copy()
        # The C heap, then the dict, in one C-level call.
        deque(chain(map(lib.fh_clear, (self._c_heap,), (NULL,), (SIZE_MAX,), (NULL,)),
                    map(dict.clear, (entries,))), 0)
        return old

    @overload
    def update(self, items: Keyed[K, SupportsFloat], /, **kwargs: SupportsFloat) -> None: ...

    @overload
    def update(self, items: Iterable[tuple[K, SupportsFloat]], /,
               **kwargs: SupportsFloat) -> None: ...

    @overload
    def update(self, /, **kwargs: SupportsFloat) -> None: ...

    def update(self, items: Any = (), /, **kwargs: Any) -> None:
        """Sets the priority of every item of ``items`` (a mapping, an object
        with ``keys()``, or (item, priority) pairs) and of ``kwargs``, as
        ``dict.update`` does (without calling ``__setitem__``).

        All or nothing: raises what ``pd[item] = p`` raises, and TypeError for
        an item that is not a pair; then the mapping is unchanged. Every
        priority (and the key function) is computed first, the items hashed,
        before any change.
        """
        old = self._load(staged(items, self._keyfn, kwargs))
        # The old values go here, after the lock, so that a value's __del__
        # may use this mapping.
        del old

    @exclusive
    def _load(self, items: dict[K, tuple[float, Any]]) -> list[Any]:
        """Gives each item of ``items`` its (priority, value), all or
        nothing; returns the old priorities and values."""
        entries = self._entries
        added = []
        changed = []
        for item, (priority, value) in items.items():
            entry = entries.get(item)
            if entry is None:
                added.append(new_entry(item, priority, value))
            else:
                if entry[REF] is None:
                    find_ref(self._c_heap, entry)
                changed.append((entry, priority, value))
        return commit(entries, self._c_heap, added, changed)

    def setdefault(self, item: K, default: Any = None) -> Any:
        """``pd[item]`` if ``item`` is present; else inserts it with priority
        ``default`` and returns ``default``, as one call: of two threads'
        ``setdefault`` on one absent item, exactly one inserts it."""
        entry = self._entries.get(item)
        if entry is not None:
            return entry[VALUE]
        priority, value = priced(self._keyfn, default)
        return self._set_default(item, priority, value, default)

    @exclusive
    def _set_default(self, item: K, priority: float, value: Any, default: Any) -> Any:
        entry = self._entries.get(item)
        if entry is not None:
            return entry[VALUE]
        store(self, item, priority, value)
        return default

    @overload
    def pop(self) -> tuple[K, float]: ...

    @overload
    def pop(self, item: K) -> float: ...

    @overload
    def pop(self, item: K, default: D) -> Union[float, D]: ...

    @overload
    def pop(self, *, default: D) -> Union[tuple[K, float], D]: ...

    def pop(self, item: Any = MISSING, default: Any = MISSING) -> Any:
        """``pd.pop()`` removes and returns ``(item, priority)`` with the
        smallest priority, as networkx's MinHeap does (KeyError when empty, or
        ``default`` if given by name); ``pd.pop(item[, default])`` removes
        ``item`` and returns its priority, as a mapping does (KeyError if
        absent and no default).
        """
        if item is MISSING:
            return self.popitem(default)
        try:
            return self._take(item)[VALUE]
        except KeyError:
            if default is MISSING:
                raise
            return default

    @overload
    def popitem(self) -> tuple[K, float]: ...

    @overload
    def popitem(self, default: D) -> Union[tuple[K, float], D]: ...

    @exclusive
    def popitem(self, default: Any = MISSING) -> Any:
        """Removes and returns ``(item, priority)`` with the smallest priority
        (the largest with ``reverse=True``); the first in among equals.
        KeyError if empty, as a mapping's popitem, or ``default`` if given."""
        if not self._entries:
            if default is not MISSING:
                return default
            raise KeyError("popitem(): PriorityDict is empty")
        try:
            entry = next(self._popper)
        except BaseException:
            # The item's __hash__ or __eq__ raised in the dict's pop,
            # after the C heap let go of the item; or a signal handler
            # raised after the pop, and nothing is lost.
            reinsert_lost(self._entries, self._c_heap)
            raise
        return entry[ITEM], entry[VALUE]

    @overload
    def peekitem(self) -> tuple[K, float]: ...

    @overload
    def peekitem(self, default: D) -> Union[tuple[K, float], D]: ...

    @holding_signals
    def peekitem(self, default: Any = MISSING) -> Any:
        """Returns ``(item, priority)`` that popitem would remove; KeyError if
        empty, or ``default`` if given."""
        priority_out = ffi.new("double *")
        handle_out = ffi.new("void **")
        # The lock alone, not _busy: a read, which an item's __hash__ may
        # make during another call.
        with self._lock:
            if lib.fh_peek(self._c_heap, priority_out, handle_out):
                if default is not MISSING:
                    return default
                raise KeyError("peekitem(): PriorityDict is empty")
            # Under the lock, the handle C gives is alive: its entry is in
            # the dict.
            item = from_handle(handle_out[0])
            if self._keyfn is None:
                return item, priority_out[0]
            return item, self._value(item)  # the item's __hash__ runs here

    @locked
    def _value(self, item: K) -> Any:
        return self._entries[item][VALUE]

    # networkx's MinHeap protocol (get is above) ---------------------------------

    def min(self) -> tuple[K, float]:
        """networkx's name for peekitem."""
        return self.peekitem()

    def insert(self, key: K, value: SupportsFloat, allow_increase: bool = False) -> bool:
        """networkx's MinHeap.insert: inserts ``key`` with priority ``value``,
        or lowers its priority to ``value``; raises it only if
        ``allow_increase``. Returns True if ``key`` was inserted or its priority
        lowered. (Lowered means a smaller number, whatever ``reverse`` is.)
        """
        priority, stored = priced(self._keyfn, value)
        lowered, _ = self._lower(key, priority, stored, allow_increase)
        return lowered  # and the old value goes, after the lock

    @exclusive
    def _lower(self, key: K, new: float, value: Any, allow_increase: bool) -> tuple[bool, Any]:
        entry = self._entries.get(key)
        if entry is None or new < entry[PRIORITY]:
            return True, store(self, key, new, value)
        if allow_increase and new > entry[PRIORITY]:
            return False, store(self, key, new, value)
        return False, None

    # pqdict's API (the names built from peekitem and popitem: PqdictNames) ------

    @classmethod
    def minpq(cls, *args: Any, **kwargs: Any) -> PriorityDict[Any]:
        """pqdict's: a min-priority mapping from ``dict(*args, **kwargs)``
        (of this class)."""
        return cls(dict(*args, **kwargs))

    @classmethod
    def maxpq(cls, *args: Any, **kwargs: Any) -> PriorityDict[Any]:
        """pqdict's: a max-priority mapping (``reverse=True``) from
        ``dict(*args, **kwargs)`` (of this class)."""
        return cls(dict(*args, **kwargs), reverse=True)

    @classmethod
    def fromkeys(cls, iterable: Iterable[H], value: Any, **kwargs: Any) -> PriorityDict[H]:
        """pqdict's: a mapping (of this class) of every item of ``iterable``
        to ``value``; ``kwargs`` go to the constructor (``reverse``, ``key``,
        ``precedes``)."""
        new: PriorityDict[H] = cls(**kwargs)  # type: ignore[assignment]
        new._load(staged(((item, value) for item in iterable), new._keyfn))
        return new

    def additem(self, item: K, priority: SupportsFloat) -> None:
        """Inserts a new item; KeyError if it is already present (pqdict)."""
        new, value = priced(self._keyfn, priority)
        self._add(item, new, value)

    @exclusive
    def _add(self, item: K, priority: float, value: Any) -> None:
        if item in self._entries:
            raise KeyError(f"{item!r} is already in the PriorityDict")
        store(self, item, priority, value)

    def updateitem(self, item: K, priority: SupportsFloat) -> None:
        """Changes the priority of a present item; KeyError if absent (pqdict)."""
        new, value = priced(self._keyfn, priority)
        self._change(item, new, value)  # the old value goes here

    @exclusive
    def _change(self, item: K, priority: float, value: Any) -> Any:
        if item not in self._entries:
            raise KeyError(item)
        return store(self, item, priority, value)

    def pushpopitem(self, item: K, priority: SupportsFloat) -> tuple[K, float]:
        """Inserts ``item``, then removes and returns the first item, as one
        call (pqdict's, like ``heapq.heappushpop``): the mapping is unchanged
        and ``(item, priority)`` comes back if it is empty or the first item
        does not come strictly before the new one (a tie returns the new
        one). KeyError if ``item`` is present."""
        new, value = priced(self._keyfn, priority)
        return self._push_pop(item, new, value)

    @exclusive
    def _push_pop(self, item: K, priority: float, value: Any) -> tuple[K, float]:
        if item in self._entries:
            raise KeyError(f"{item!r} is already in the PriorityDict")
        key_out = ffi.new("double *")
        handle_out = ffi.new("void **")
        ref = lib.fh_peek_ref(self._c_heap, key_out, handle_out)
        first = key_out[0]
        if ref < 0 or not (first > priority if self._reverse else first < priority):
            return item, value
        top = from_handle(handle_out[0])  # alive: its entry is in the dict
        old = replace(self._entries, self._c_heap, new_entry(item, priority, value), top, ref)
        return top, old[VALUE]

    def replace_key(self, item: K, new_item: K) -> None:
        """Gives ``new_item`` the priority (value) of ``item``, which leaves
        the mapping (pqdict's); ``new_item`` comes last among equal
        priorities, as a new item. KeyError if ``item`` is absent or
        ``new_item`` present."""
        old = self._rename(item, new_item)
        # The old entry goes here, after the lock, so that its item's
        # __del__ may use this mapping.
        del old

    @exclusive
    def _rename(self, item: K, new_item: K) -> list[Any]:
        entries = self._entries
        if new_item in entries:
            raise KeyError(f"{new_item!r} is already in the PriorityDict")
        entry = entries[item]
        ref = entry[REF]
        if ref is None:
            ref = find_ref(self._c_heap, entry)
        return replace(entries, self._c_heap,
                       new_entry(new_item, entry[PRIORITY], entry[VALUE]), item, ref)

    def swap_priority(self, item1: K, item2: K) -> None:
        """Swaps the priorities (values) of two present items (pqdict's); each
        keeps its own place among equal priorities. KeyError if either is
        absent."""
        self._swap(item1, item2)

    @exclusive
    def _swap(self, item1: K, item2: K) -> None:
        first = self._entries[item1]
        second = self._entries[item2]
        for entry in (first, second):
            if entry[REF] is None:
                find_ref(self._c_heap, entry)
        commit(self._entries, self._c_heap, [], [
            (first, second[PRIORITY], second[VALUE]),
            (second, first[PRIORITY], first[VALUE]),
        ])

    def heapify(self, item: Any = MISSING) -> None:
        """pqdict's repair after values changed in place: with a key function,
        gives ``item`` (every item, without an argument) the priority
        ``key(value)`` again, all or nothing. Without one, priorities are
        numbers that cannot change in place, and it changes nothing. KeyError
        if ``item`` is absent."""
        self._reprice(item)

    @exclusive
    def _reprice(self, item: Any) -> None:
        entries = self._entries
        targets = entries.values() if item is MISSING else [entries[item]]
        keyfn = self._keyfn
        if keyfn is None:
            return
        changed = []
        for entry in list(targets):
            priority = as_key(keyfn(entry[VALUE]))
            if priority != entry[PRIORITY]:
                if entry[REF] is None:
                    find_ref(self._c_heap, entry)
                changed.append((entry, priority, entry[VALUE]))
        commit(entries, self._c_heap, [], changed)

    @locked
    def _check(self) -> None:
        """Validates every invariant of the C heap and that it holds exactly
        the mapping's items; raises AssertionError naming what is broken."""
        check(self._entries, self._c_heap)

    # Copies and representation -------------------------------------------------

    @exclusive
    def _triples(self) -> list[tuple[K, float, Any]]:
        # The dict's order is the order of first insertion, which is the
        # heap's order among ties: rebuilt in it, a copy keeps that order.
        return [(item, entry[PRIORITY], entry[VALUE])
                for item, entry in self._entries.items()]

    def copy(self) -> PriorityDict[K]:
        """A shallow copy with the same priorities, values, key function and
        order among equal priorities. O(n)."""
        options: dict[str, Any] = {"reverse": self._reverse}
        if self._keyfn is not None:
            options["key"] = self._keyfn
        new = type(self)(**options)
        new._load({item: (priority, value) for item, priority, value in self._triples()})
        return new

    def __reduce__(self) -> tuple[Any, ...]:
        triples = self._triples()
        if self._keyfn is None:
            pairs = [(item, priority) for item, priority, _ in triples]
            return (_rebuild, (type(self), pairs, self._reverse))
        return (_rebuild, (type(self), [(item, value, priority)
                                        for item, priority, value in triples],
                           self._reverse, self._keyfn))

    def __repr__(self) -> str:
        pairs = ", ".join(f"{item!r}: {value!r}" for item, _, value in self._triples())
        reverse = ", reverse=True" if self._reverse else ""
        key = f", key={self._keyfn!r}" if self._keyfn is not None else ""
        return f"{type(self).__name__}({{{pairs}}}{reverse}{key})"
