"""The exact-arithmetic engine: a graph whose weights floats cannot sum
exactly (Fractions, Decimals, other number types, or ints whose sums could
pass 2**53) is kept as successor lists, and Dijkstra and Prim run on it in
one Python loop each, giving networkx's exact answer.  Each orders exact
sums with :mod:`heapq`, since the C heap's float keys cannot tell apart sums
that round to one float."""

from __future__ import annotations

import array
import heapq
from collections.abc import Iterable, Iterator, Sequence
from itertools import count
from typing import Any

from fiboheap.graph.errors import bad_weight, is_nan, is_number, reraise

__all__ = ["ExactGraph"]


class ExactGraph:
    """The arcs of a graph as successor lists by position, with their
    weights as read: ``successors[v]`` lists ``(head, weight)`` in the order
    the arcs were read."""

    __slots__ = ("successors",)

    def __init__(
        self, node_count: int, tails: Iterable[int], heads: Iterable[int], weights: Iterable[Any]
    ) -> None:
        succ: list[list[tuple[int, Any]]] = [[] for _ in range(node_count)]
        for t, h, w in zip(tails, heads, weights):
            succ[t].append((h, w))
        self.successors = succ

    @property
    def arc_count(self) -> int:
        """The arcs stored."""
        return sum(map(len, self.successors))

    def weights(self) -> Iterator[Any]:
        """Every arc's weight, as read."""
        return (w for arcs in self.successors for _, w in arcs)

    def row(
        self, position: int, cutoff: Any, unreached: float, nodes: Sequence[Any]
    ) -> array.array[float]:
        """One row of :meth:`CompactGraph.distance_matrix
        <fiboheap.graph.CompactGraph.distance_matrix>`: the distances from
        ``position`` as floats, ``unreached`` where a node is not reached."""
        row = array.array("d", [unreached]) * len(self.successors)
        dist, _pred = self.dijkstra([position], -1, cutoff, nodes)
        for v, d in dist.items():
            row[v] = float(d)
        return row

    def dijkstra(
        self, sources: list[int], target: int, cutoff: Any, nodes: Sequence[Any]
    ) -> tuple[dict[int, Any], dict[int, int]]:
        """The one Python loop: Dijkstra in exact arithmetic, by position.

        heapq orders the exact sums (the C heap's float keys would tie sums that
        round to one float); each push takes the next number of a counter, so
        ties pop in the order of their last lowering, as in the C loop and in
        networkx (see csrc/graph.h).  ``target`` is -1 for none;
        ``nodes`` names the edges in errors."""
        succ = self.successors
        dist: dict[int, Any] = {}  # final, in settled order
        seen: dict[int, Any] = {}  # best known distance
        pred: dict[int, int] = {}
        heap: list[tuple[Any, int, int]] = []
        push, pop = heapq.heappush, heapq.heappop
        counter = count()
        for s in sources:
            if s not in seen:
                seen[s] = 0
                heap.append((0, next(counter), s))
        has_cutoff = cutoff is not None
        v: Any = None  # the arc being examined, for the errors
        u: Any = None
        w: Any = None
        try:
            while heap:
                d, _, v = pop(heap)
                if v in dist or d != seen[v]:
                    continue  # a stale entry, superseded by a shorter one
                dist[v] = d
                if v == target:
                    break
                for u, w in succ[v]:
                    if not w >= 0:  # also true for NaN
                        bad_weight(nodes[v], nodes[u], w)
                    if u in dist:
                        continue
                    du = d + w
                    if has_cutoff and du > cutoff:
                        continue
                    if u in seen and not du < seen[u]:
                        continue
                    seen[u] = du
                    pred[u] = v
                    push(heap, (du, next(counter), u))
        except (TypeError, ArithmeticError) as exc:
            reraise(exc, nodes[v], nodes[u], w)
        return dist, {x: pred[x] for x in dist if x in pred}

    def prim(
        self, roots: list[int], nodes: Sequence[Any]
    ) -> tuple[Any, list[tuple[Any, Any, Any]]]:
        """Prim in exact arithmetic, by position (heapq and a counter, as
        :meth:`dijkstra`), with the C Prim's roots and order (see
        fiboheap/graph/spanning.py): ``(total, edges)`` in the labels ``nodes``."""
        succ = self.successors
        in_tree = [False] * len(succ)
        best: dict[int, Any] = {}  # lightest known edge into the tree
        via: dict[int, int] = {}
        counter = count()
        edges: list[tuple[Any, Any, Any]] = []
        total: Any = 0
        heap: list[tuple[Any, int, int]] = []
        push, pop = heapq.heappush, heapq.heappop
        starts = roots + list(range(len(succ)))
        v: Any = None  # the arc being examined, for the errors
        u: Any = None
        w: Any = None
        try:
            for v in starts:
                if in_tree[v]:
                    continue
                while True:
                    in_tree[v] = True
                    for u, w in succ[v]:
                        # Checked first, so that a self-loop's weight is too.
                        if not is_number(w) or is_nan(w):
                            bad_weight(nodes[v], nodes[u], w, "-")
                        if in_tree[u]:
                            continue
                        if u in best and not w < best[u]:
                            continue
                        best[u] = w
                        via[u] = v
                        push(heap, (w, next(counter), u))
                    while heap and (in_tree[heap[0][2]] or heap[0][0] != best[heap[0][2]]):
                        pop(heap)  # stale entries
                    if not heap:
                        break
                    w, _, v = pop(heap)
                    edges.append((nodes[via[v]], nodes[v], w))
                    total += w
        except (TypeError, ArithmeticError) as exc:
            reraise(exc, nodes[v], nodes[u], w, "-")
        return total, edges
