"""A tour of the FiboHeap API, one call per line."""
from __future__ import annotations

from fractions import Fraction
from typing import Callable

from fiboheap import FiboHeap, Node

h: FiboHeap[str] = FiboHeap([(5, "e"), (3, "c")])  # (key, data) pairs
a: Node[str] = h.insert(4, "d")  # keep the Node to change the element later
b = h.insert(Fraction(9, 2), "x")  # keys: any real number, stored as float
assert (len(h), bool(h), a in h) == (4, True, True)
assert h.peek() == (3.0, "c")  # the minimum, left in the heap
h.decrease_key(a, 1)  # O(1); an equal key is allowed
h.update_key(b, 10)  # either direction
assert (a.key, b.key, a.data) == (1.0, 10.0, "d")
assert h.pop() == (1.0, "d")  # (key, data) of the minimum
assert h.extract() == "c"  # just the data
assert a not in h  # a left the heap; a.key and a.data stay readable
assert h.remove(b) == "x"  # any element, through its Node

g: FiboHeap[str] = FiboHeap([(0, "g")])
h.merge(g)  # O(1): g's elements (and Nodes) move to h, g is left empty
assert (len(h), len(g)) == (2, 0)
h.clear()
assert not h

# Ties pop first in, first out.
for data in "abc":
    h.insert(7, data)
assert [h.extract() for _ in range(3)] == ["a", "b", "c"]

# Errors: the heap is unchanged after each.
def refused(call: Callable[[], object], error: type[Exception]) -> None:
    try:
        call()
    except error:
        return
    raise AssertionError("no error")


n = h.insert(2, "n")
refused(lambda: h.decrease_key(n, 3), ValueError)  # a larger key: use update_key
refused(lambda: h.insert(float("nan"), "?"), ValueError)  # NaN
refused(lambda: h.insert("2", "?"), TypeError)  # type: ignore[arg-type]
refused(lambda: g.remove(n), ValueError)  # n is not in g
refused(lambda: h.merge(h), ValueError)
refused(lambda: FiboHeap().extract(), IndexError)  # empty
assert h.pop() == (2.0, "n") and not h
