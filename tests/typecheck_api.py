"""The public API's static types, checked by ``mypy --strict`` from
tests/test_docs.py; never imported or run.

``assert_type`` fails when a type degrades (to Any, say). A line ending in
``# type: ignore[code]`` is a call mypy must refuse: in strict mode an ignore
that silences nothing is itself an error.
"""
from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from typing import Any, Optional

from typing_extensions import assert_type  # mypy's own stubs; never run

from fiboheap import FiboHeap, Node, PriorityDict, __version__
from fiboheap.graph import NoPathError, dijkstra, prim, shortest_path

assert_type(__version__, str)

# The payload type is inferred from the items, or declared.
h = FiboHeap([(1, "a"), (2.5, "b")])
assert_type(h, FiboHeap[str])
declared: FiboHeap[int] = FiboHeap()
subscripted = FiboHeap[int]()
assert_type(subscripted, FiboHeap[int])
undeclared = FiboHeap()  # type: ignore[var-annotated]

node = h.insert(1, "c")
assert_type(node, Node[str])
assert_type(node.key, float)
assert_type(node.data, str)
assert_type(h.extract(), str)
assert_type(h.pop(), tuple[float, str])
assert_type(h.peek(), tuple[float, str])
assert_type(h.remove(node), str)
assert_type(len(h), int)
assert_type(bool(h), bool)
assert_type(node in h, bool)

# Keys: any real number.
h.insert(True, "bool")
h.insert(Fraction(1, 3), "fraction")
h.insert(Decimal("0.5"), "decimal")
h.push(2.5, "pushed")
h.decrease_key(node, 0)
h.update_key(node, Fraction(7, 2))
h.merge(FiboHeap([(0, "other")]))
h.clear()

# What mypy refuses.
h.insert("1", "a")  # type: ignore[arg-type]
h.insert(1, 2)  # type: ignore[arg-type]
h.push(1, 2)  # type: ignore[arg-type]
h.insert(1)  # type: ignore[call-arg]
h.decrease_key(node, "0")  # type: ignore[arg-type]
h.decrease_key(declared.insert(1, 1), 0)  # type: ignore[arg-type]
h.merge(declared)  # type: ignore[arg-type]
h.merge([])  # type: ignore[arg-type]
node.data = "d"  # type: ignore[misc]
node.key = 2.0  # type: ignore[misc]

# insert without data is for heaps that may hold None.
maybe: FiboHeap[Optional[str]] = FiboHeap()
assert_type(maybe.insert(1), Node[None])
maybe.decrease_key(maybe.insert(1), 0)
maybe.insert(1, "text")
assert_type(maybe.extract(), Optional[str])
anything: FiboHeap[Any] = FiboHeap()
anything.insert(1)

# A Node only gives its data out, so Node[str] is a Node[object].
nodes: list[Node[object]] = [FiboHeap([(1, "x")]).insert(2, "y")]

# fiboheap.graph: the calls type-check (the results are Any-typed mappings).
graph = {"a": {"b": 1.0}, "b": {"a": 1.0}}
dist, pred = dijkstra(graph, "a")
length, path = shortest_path(graph, "a", "b", weight="weight")
total, edges = prim(graph, root="a")
error: LookupError = NoPathError("a", "z")

# PriorityDict: heapdict's, pqdict's and networkx's calls.
pd: PriorityDict[str] = PriorityDict({"a": 1})
assert_type(pd["a"], float)
assert_type(pd.popitem(), tuple[str, float])
assert_type(pd.popitem(None), Optional[tuple[str, float]])
assert_type(pd.pop(), tuple[str, float])
assert_type(pd.pop("a", None), Optional[float])
assert_type(pd.top(), str)
assert_type(pd.topitem(), tuple[str, float])
assert_type(pd.topvalue(0.0), float)
assert_type(pd.pushpopitem("b", 2), tuple[str, float])
assert_type(PriorityDict.fromkeys(["x", "y"], 0), PriorityDict[str])
assert_type(list(pd.popkeys()), list[str])
pd.update({"b": 2}, c=3)
pd.update([("d", Fraction(1, 2))])
pd.replace_key("a", "z")
pd.swap_priority("b", "c")
pd["e"] = "1"  # type: ignore[assignment]
pd.update([("f", "1")])  # type: ignore[list-item]
