"""Dijkstra the way the seed project drove its Fibonacci heap, on fiboheap.

The seed (a Cython wrapper around a C Fibonacci heap) kept one heap element
per graph node in an array, inserted the source, and then extracted the
nearest node and relaxed its edges with insert / decrease_key::

    fiboheap_nodes = np.empty([G.num_nodes], dtype=object)
    Q = FiboHeap()
    fiboheap_nodes[start_idx] = Q.insert(0, start_idx)
    # then: Q.insert(...), Q.decrease_key(...), Q.extract()

Its wrapper leaked every payload (an INCREF on insert never matched by a
DECREF on extract).  This is the same loop against fiboheap, whose heap owns
a reference to each payload only while the element is in the heap: the end
of this script checks that the payloads are released.

Run:  python examples/seed_dijkstra.py [num_nodes] [seed]
"""

from __future__ import annotations

import gc
import random
import sys
import weakref
from typing import Optional

from fiboheap import FiboHeap, Node


class Graph:
    """Nodes 0 .. num_nodes - 1 and, per node, a list of (neighbour, weight)."""

    def __init__(self, num_nodes: int) -> None:
        self.num_nodes = num_nodes
        self.edges: list[list[tuple[int, float]]] = [[] for _ in range(num_nodes)]

    def add_edge(self, u: int, v: int, w: float) -> None:
        self.edges[u].append((v, w))


def random_graph(num_nodes: int, seed: int) -> Graph:
    """A connected random digraph: a ring 0 -> 1 -> ... -> 0 plus 4 random
    edges per node, weights in [1, 100)."""
    rng = random.Random(seed)
    G = Graph(num_nodes)
    for u in range(num_nodes):
        G.add_edge(u, (u + 1) % num_nodes, round(rng.uniform(1, 100), 1))
        for _ in range(4):
            G.add_edge(u, rng.randrange(num_nodes), round(rng.uniform(1, 100), 1))
    return G


def dijkstra(G: Graph, start_idx: int, end_idx: int) -> tuple[float, list[int]]:
    """Distance and path from start_idx to end_idx, the seed's way: a heap
    element per graph node, decrease_key when a shorter way is found."""
    fiboheap_nodes: list[Optional[Node[int]]] = [None] * G.num_nodes  # holds the heap's Nodes
    dist: list[float] = [float("inf")] * G.num_nodes
    pred: list[int] = [-1] * G.num_nodes
    done = [False] * G.num_nodes
    Q: FiboHeap[int] = FiboHeap()
    dist[start_idx] = 0
    fiboheap_nodes[start_idx] = Q.insert(0, start_idx)
    while Q:
        u = Q.extract()  # a proper pop: u leaves the heap (and so does its reference)
        done[u] = True
        if u == end_idx:
            break
        for v, w in G.edges[u]:
            if done[v]:
                continue
            d = dist[u] + w
            if d < dist[v]:
                dist[v] = d
                pred[v] = u
                node = fiboheap_nodes[v]
                if node is None:
                    fiboheap_nodes[v] = Q.insert(d, v)
                else:
                    Q.decrease_key(node, d)
    if not done[end_idx]:
        raise LookupError(f"no path from {start_idx} to {end_idx}")
    path = [end_idx]
    while path[-1] != start_idx:
        path.append(pred[path[-1]])
    path.reverse()
    return dist[end_idx], path


class Payload:
    """A payload that can be watched with a weak reference."""


def payloads_released(count: int = 1000) -> bool:
    """Insert payloads, extract half, drop the heap with the other half in
    it: afterwards no payload may be alive (the seed leaked all of them)."""
    Q: FiboHeap[Payload] = FiboHeap()
    refs = []
    for i in range(count):
        payload = Payload()
        refs.append(weakref.ref(payload))
        Q.insert(i % 17, payload)
    del payload
    for _ in range(count // 2):
        Q.extract()
    del Q
    for _ in range(3):  # PyPy frees only on collection; the heap's finalizer first
        gc.collect()
    return all(ref() is None for ref in refs)


def main() -> None:
    num_nodes = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 7
    G = random_graph(num_nodes, seed)
    start_idx, end_idx = 0, num_nodes // 2
    length, path = dijkstra(G, start_idx, end_idx)
    print(f"graph: {num_nodes} nodes, {sum(map(len, G.edges))} edges (seed {seed})")
    print(f"shortest distance from {start_idx} to {end_idx}: {length:.1f}")
    print(f"path ({len(path) - 1} edges): {' -> '.join(map(str, path))}")
    print(f"payloads released: {payloads_released()}")


if __name__ == "__main__":
    main()
