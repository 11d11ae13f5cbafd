"""pqdict's names that PriorityDict builds from its own peekitem and popitem
(docs/migrating.md says what differs from pqdict): they take no lock of
their own, and are exactly as atomic as the one call each step makes."""
from __future__ import annotations

from collections.abc import Hashable, Iterator
from typing import Any, Generic, Protocol, TypeVar, Union, overload

from fiboheap._pd_entries import MISSING

__all__ = ["PqdictNames"]

#: The item type: anything hashable.
K = TypeVar("K", bound=Hashable)
#: The type of a default returned by top, topitem and the like.
D = TypeVar("D")


class _Popping(Protocol):
    """What the names below call: PriorityDict's own peekitem and popitem."""

    def peekitem(self, default: Any, /) -> Any: ...

    def popitem(self, default: Any, /) -> Any: ...


class PqdictNames(Generic[K]):
    """pqdict's top, topitem, topvalue, popvalue, popkeys, popvalues and
    popitems, for a mapping class that also defines peekitem and popitem."""

    __slots__ = ()

    @overload
    def top(self) -> K: ...

    @overload
    def top(self, default: D) -> Union[K, D]: ...

    def top(self: _Popping, default: Any = MISSING) -> Any:
        """The item popitem would remove; KeyError if empty, or ``default``."""
        first = self.peekitem(MISSING if default is MISSING else None)
        return default if first is None else first[0]

    @overload
    def topitem(self) -> tuple[K, float]: ...

    @overload
    def topitem(self, default: D) -> Union[tuple[K, float], D]: ...

    def topitem(self: _Popping, default: Any = MISSING) -> Any:
        """pqdict's name for peekitem; ``default`` if empty and given."""
        return self.peekitem(default)

    @overload
    def topvalue(self) -> float: ...

    @overload
    def topvalue(self, default: D) -> Union[float, D]: ...

    def topvalue(self: _Popping, default: Any = MISSING) -> Any:
        """The priority (value) popitem would return; KeyError if empty, or
        ``default``."""
        first = self.peekitem(MISSING if default is MISSING else None)
        return default if first is None else first[1]

    @overload
    def popvalue(self) -> float: ...

    @overload
    def popvalue(self, default: D) -> Union[float, D]: ...

    def popvalue(self: _Popping, default: Any = MISSING) -> Any:
        """Removes the first item and returns its priority (value); KeyError
        if empty, or ``default``."""
        first = self.popitem(MISSING if default is MISSING else None)
        return default if first is None else first[1]

    def popkeys(self) -> Iterator[K]:
        """Removes and yields the items in pop order until the mapping is
        empty (each step one popitem: other threads may pop between them)."""
        return (item for item, _ in self.popitems())

    def popvalues(self) -> Iterator[float]:
        """As popkeys, yielding the priorities (values)."""
        return (value for _, value in self.popitems())

    def popitems(self) -> Iterator[tuple[K, float]]:
        """As popkeys, yielding ``(item, priority)``."""
        while True:
            pair = self.popitem(None)  # type: ignore[attr-defined]
            if pair is None:
                return
            yield pair
