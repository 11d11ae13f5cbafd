"""After: the seed's Dijkstra loop on fiboheap, unchanged in shape.

insert returns a Node instead of a capsule; extract and decrease_key take the
same arguments. The payloads are released, and a Node that outlived its
element is refused instead of pointing into freed memory.
"""
from __future__ import annotations

import gc
import weakref
from typing import Optional

from fiboheap import FiboHeap, Node

# Node index -> list of (neighbour, weight).
GRAPH: list[list[tuple[int, float]]] = [
    [(1, 4.0), (2, 1.0)],  # 0
    [(3, 1.0)],            # 1
    [(1, 2.0), (3, 5.0)],  # 2
    [],                    # 3
]


def dijkstra(graph: list[list[tuple[int, float]]], start_idx: int) -> list[float]:
    num_nodes = len(graph)
    fiboheap_nodes: list[Optional[Node[int]]] = [None] * num_nodes  # was: capsules
    dist = [float("inf")] * num_nodes
    done = [False] * num_nodes
    Q: FiboHeap[int] = FiboHeap()
    dist[start_idx] = 0.0
    fiboheap_nodes[start_idx] = Q.insert(0, start_idx)
    while Q:
        u = Q.extract()  # a pop: the heap's reference to u passes to the caller
        done[u] = True
        for v, w in graph[u]:
            d = dist[u] + w
            if done[v] or d >= dist[v]:
                continue
            dist[v] = d
            node = fiboheap_nodes[v]
            if node is None:
                fiboheap_nodes[v] = Q.insert(d, v)
            else:
                Q.decrease_key(node, d)
    return dist


assert dijkstra(GRAPH, 0) == [0.0, 3.0, 1.0, 4.0]


# Bug 1 of the report, the leak: every payload stayed alive forever.
class Payload:
    pass


Q: FiboHeap[Payload] = FiboHeap()
alive = []
for i in range(100):
    payload = Payload()
    alive.append(weakref.ref(payload))
    Q.insert(i, payload)
del payload
for _ in range(50):
    Q.extract()  # the 50 extracted payloads are released here...
del Q  # ...and the 50 still in the heap when the heap goes
gc.collect()  # not needed on CPython; on PyPy the heap's __del__ runs at one
gc.collect()  # collection and the payloads it released are freed at the next
assert all(ref() is None for ref in alive)


# Bug 2 of the report, the dangling capsule: a Node is not a pointer, and
# the heap refuses one whose element left it.
Q2: FiboHeap[str] = FiboHeap()
node = Q2.insert(5, "five")
assert Q2.extract() == "five"
try:
    Q2.decrease_key(node, 1)  # the capsule equivalent wrote into a freed node
    raise AssertionError("a stale Node was accepted")
except ValueError as exc:
    message = str(exc)
assert message.startswith("the node is not in this heap")
assert node.key == 5.0 and node.data == "five"  # still readable
