"""Minimum spanning forests: Prim's algorithm, on either engine of a
:class:`~fiboheap.graph.CompactGraph`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Optional

from fiboheap._binding import ffi, lib
from fiboheap.graph.compact import CompactGraph, GraphLike, as_compact, positions
from fiboheap.graph.errors import bad_weight, raise_status
from fiboheap.graph.readers import GraphNode, Weight, adjacency, result_numbers

__all__ = ["Forest", "as_edges", "grow_forest", "prim"]

#: What :func:`grow_forest` returns: C arrays of the forest's edges (tail
#: and head positions, weights) in the order they were added, and their count.
Forest = tuple[Any, Any, Any, int]


def prim(
    graph: GraphLike,
    root: Optional[GraphNode] = None,
    *,
    weight: Weight = "weight",
    roots: Optional[Iterable[GraphNode]] = None,
) -> tuple[Any, list[tuple[Any, Any, Any]]]:
    """A minimum spanning forest of an undirected graph (Prim's algorithm).

    Returns ``(total, edges)``: ``edges`` is a list of ``(u, v, w)``, one per
    edge of the forest, where ``u`` was already in the tree when the edge
    added ``v`` and ``w`` is the edge's weight; ``total`` is the sum of the
    ``w``.  Every connected component gets a spanning tree (an isolated node
    has none to add); the first tree grows from ``root`` when it is given,
    the others (and all of them without a root) from their first node in the
    graph's node order.  With ``roots`` (instead of ``root``) the trees grow
    from each of ``roots`` in turn that is not yet in a tree, then as
    without.  Of equal weights the edge found first joins first, as in
    networkx's prim from the same roots.  Negative weights are allowed.

    A networkx graph or CompactGraph must be undirected (``ValueError``
    otherwise).  A mapping of mappings is read as undirected: each ``u -> v``
    entry is the edge ``u - v``; an edge listed both ways must carry the same
    weight (``ValueError`` otherwise).

    Raises :class:`KeyError` if ``root`` (or one of ``roots``) is given and
    not in the graph, :class:`ValueError` if an edge has a NaN weight (a
    self-loop too) and :class:`TypeError` if a weight is not a number (an
    attribute of None too), or if both ``root`` and ``roots`` are given.
    """
    if root is not None and roots is not None:
        raise TypeError("prim() takes root or roots, not both")
    if not isinstance(graph, CompactGraph):
        adjacency(graph)  # the TypeError saying what a graph may be
    g = as_compact(graph, weight, None if hasattr(graph, "is_directed") else False)
    if g.directed:
        raise ValueError(
            "prim() needs an undirected graph (a minimum spanning tree of a directed "
            "graph is an arborescence); pass graph.to_undirected()"
        )
    if g.none_edge is not None:  # hidden from Dijkstra only (see CompactGraph.none_edge)
        bad_weight(*g.none_edge, None, "-")
    starts = positions(g, [root] if root is not None else roots or (), "root")
    exact = g.exact_graph
    if exact is not None:
        return exact.prim(starts, g.nodes)
    return as_edges(g, grow_forest(g, starts))


def grow_forest(g: CompactGraph, roots: list[int]) -> Forest:
    """The compiled Prim (g's C graph; not for an exact one), a tree from
    each of ``roots`` (positions) not yet in one, then from each node not
    yet in one, in node order: C arrays of the forest's edges (tail and head
    positions, weights) in the order they were added, and their count (see
    :data:`Forest`)."""
    n = len(g.nodes)
    tails = ffi.new("uint32_t[]", n)
    heads = ffi.new("uint32_t[]", n)
    weights = ffi.new("double[]", n)
    edges = ffi.new("size_t *")
    bad = ffi.new("fh_graph_arc *")
    status = lib.fh_graph_prim(g.c_graph, roots, len(roots), tails, heads, weights, edges, bad)
    if status != 0:
        raise_status(status, bad, g.nodes, g.integral, "-")
    return tails, heads, weights, edges[0]


def as_edges(g: CompactGraph, forest: Forest) -> tuple[Any, list[tuple[Any, Any, Any]]]:
    """What :func:`prim` returns, in the caller's labels, from what
    :func:`grow_forest` found."""
    tails, heads, weights, k = forest
    nodes = g.nodes
    us: Iterable[Any] = ffi.unpack(tails, k)
    vs: Iterable[Any] = ffi.unpack(heads, k)
    ws = list(result_numbers(g.integral, ffi.unpack(weights, k)))
    if not isinstance(nodes, range):
        us, vs = map(nodes.__getitem__, us), map(nodes.__getitem__, vs)
    total: Any = 0
    for w in ws:
        total += w
    return total, list(zip(us, vs, ws))
