"""After: the heapdict calls on a FiboHeap and a dict of Nodes. The heap
orders the items; the dict finds an item's Node for a new priority or a
deletion. Priorities come back as floats (38.0 == 38)."""
from __future__ import annotations

from collections.abc import Hashable
from typing import Generic, TypeVar

from fiboheap import FiboHeap, Node

K = TypeVar("K", bound=Hashable)


class HeapDict(Generic[K]):
    """The heapdict methods used above: [], del, in, len, peekitem, popitem."""

    def __init__(self) -> None:
        self._heap: FiboHeap[K] = FiboHeap()
        self._nodes: dict[K, Node[K]] = {}

    def __setitem__(self, item: K, priority: float) -> None:
        node = self._nodes.get(item)
        if node is None:
            self._nodes[item] = self._heap.insert(priority, item)
        else:
            self._heap.update_key(node, priority)

    def __getitem__(self, item: K) -> float:
        return self._nodes[item].key

    def __delitem__(self, item: K) -> None:
        self._heap.remove(self._nodes.pop(item))

    def __contains__(self, item: object) -> bool:
        return item in self._nodes

    def __len__(self) -> int:
        return len(self._nodes)

    def peekitem(self) -> tuple[K, float]:
        priority, item = self._heap.peek()
        return item, priority

    def popitem(self) -> tuple[K, float]:
        priority, item = self._heap.pop()
        del self._nodes[item]
        return item, priority


hd: HeapDict[str] = HeapDict()
for city, distance in [("Utrecht", 45), ("Haarlem", 20), ("Leiden", 52), ("Almere", 30)]:
    hd[city] = distance
hd["Leiden"] = 38
hd["Almere"] = 60
del hd["Haarlem"]
assert hd.peekitem() == ("Leiden", 38)
assert "Haarlem" not in hd and hd["Utrecht"] == 45 and len(hd) == 3
result = [hd.popitem() for _ in range(len(hd))]
assert result == [("Leiden", 38), ("Utrecht", 45), ("Almere", 60)]
