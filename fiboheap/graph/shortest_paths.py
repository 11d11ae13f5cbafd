"""Shortest paths: Dijkstra from one or several sources, one shortest path,
and networkx's two-sided search, on either engine of a
:class:`~fiboheap.graph.CompactGraph`; and the one rule that turns
predecessors into paths."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Optional

from fiboheap._binding import ffi, lib
from fiboheap.graph.compact import (
    CompactGraph,
    GraphLike,
    as_compact,
    float_cutoff,
    position,
    positions,
)
from fiboheap.graph.errors import NoPathError, raise_status
from fiboheap.graph.readers import GraphNode, Weight, result_numbers

__all__ = [
    "Settled",
    "as_dicts",
    "bidirectional",
    "dijkstra",
    "multi_source_dijkstra",
    "path_to",
    "paths",
    "search",
    "settle",
    "shortest_path",
]

#: What :func:`search` returns: C arrays of the settled nodes' positions
#: (in settle order), of their distances and of their predecessors'
#: positions (NULL if not asked for), and how many nodes settled.
Settled = tuple[Any, Any, Any, int]


def dijkstra(
    graph: GraphLike,
    source: GraphNode,
    target: Optional[GraphNode] = None,
    *,
    weight: Weight = "weight",
    cutoff: Optional[float] = None,
) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """Shortest distances from ``source`` (Dijkstra's algorithm).

    Returns ``(dist, pred)``: ``dist`` maps every node reached to its distance
    from ``source`` (in the order the nodes were settled, so by increasing
    distance, the source first with distance 0, equal distances in the order
    of their last lowering, as in networkx); ``pred`` maps every reached
    node except the source to its predecessor on one shortest path, the one
    that lowered it last (networkx's among equal paths).  With a
    ``target`` the search stops as soon as the target is settled, so ``dist``
    and ``pred`` then hold only the nodes settled so far.  With a ``cutoff``
    only nodes at distance ``<= cutoff`` are reached (networkx's rule,
    compared exactly: ``10**400`` is above every float but ``inf``).

    See :mod:`fiboheap.graph` for the accepted ``graph`` and ``weight`` values
    (``weight`` is not used with a CompactGraph, which read its weights).

    Raises :class:`KeyError` if ``source`` is not in the graph,
    :class:`ValueError` naming the edge if an edge examined has a negative or
    NaN weight and :class:`TypeError` if a weight is not a number.
    """
    return multi_source_dijkstra(graph, (source,), target, weight=weight, cutoff=cutoff)


def multi_source_dijkstra(
    graph: GraphLike,
    sources: Iterable[GraphNode],
    target: Optional[GraphNode] = None,
    *,
    weight: Weight = "weight",
    cutoff: Optional[float] = None,
) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """Shortest distances from the nearest of ``sources`` (networkx's
    ``multi_source_dijkstra``): as :func:`dijkstra`, with every source at
    distance 0 and no predecessor.  Raises :class:`ValueError` if
    ``sources`` is empty, :class:`KeyError` if one is not in the graph."""
    g = as_compact(graph, weight)
    dist, pred = settle(g, sources, target, cutoff, True)
    return dist, pred or {}


def settle(
    g: CompactGraph, sources: Iterable[Any], target: Any, cutoff: Any, with_pred: bool
) -> tuple[dict[Any, Any], Optional[dict[Any, Any]]]:
    """:func:`multi_source_dijkstra` on a CompactGraph, on either engine;
    the predecessors only ``with_pred`` (distance-only callers skip
    building them).  A ``target`` not in the graph is never reached."""
    starts = positions(g, sources, "source")
    if not starts:
        raise ValueError("sources must not be empty")
    try:
        goal = -1 if target is None else g.index[target]
    except (KeyError, TypeError):
        goal = -1  # never reached: the search runs to the end
    nodes = g.nodes
    exact = g.exact_graph
    if exact is not None:
        dist, by = exact.dijkstra(starts, goal, cutoff, nodes)
        return (
            {nodes[v]: d for v, d in dist.items()},
            {nodes[v]: nodes[p] for v, p in by.items()} if with_pred else None,
        )
    return as_dicts(g, len(set(starts)), search(g, starts, goal, cutoff, with_pred))


def search(
    g: CompactGraph, sources: list[int], target: int, cutoff: Any, with_pred: bool
) -> Settled:
    """The compiled search (g's C graph; not for an exact one) from the
    positions ``sources`` to the position ``target`` (-1: none): C arrays of
    the settled nodes' positions in the order they were settled, of their
    distances and (``with_pred``, else NULL) of their predecessors'
    positions, and how many nodes settled (see :data:`Settled`)."""
    n = len(g.nodes)
    c_order = ffi.new("uint32_t[]", n)
    c_dist = ffi.new("double[]", n)
    c_pred = ffi.new("int64_t[]", n) if with_pred else ffi.NULL
    settled = ffi.new("size_t *")
    bad = ffi.new("fh_graph_arc *")
    status = lib.fh_graph_dijkstra(
        g.c_graph, sources, len(sources), target, float_cutoff(cutoff), c_order, c_dist, c_pred,
        settled, bad,
    )
    if status != 0:
        raise_status(status, bad, g.nodes, g.integral)
    return c_order, c_dist, c_pred, settled[0]


def as_dicts(
    g: CompactGraph, source_count: int, found: Settled
) -> tuple[dict[Any, Any], Optional[dict[Any, Any]]]:
    """What :func:`multi_source_dijkstra` returns, in the caller's labels,
    from what :func:`search` ``found`` from ``source_count`` distinct
    sources: the predecessors only if it has them (else None)."""
    c_order, c_dist, c_pred, k = found
    nodes = g.nodes
    order = ffi.unpack(c_order, k)
    dist = ffi.unpack(c_dist, k)
    # The sources settle first (key 0, inserted first) and have no pred.
    first = min(source_count, k)
    labels = order if isinstance(nodes, range) else list(map(nodes.__getitem__, order))
    result = dict(zip(labels, result_numbers(g.integral, dist)))
    for label in labels[:first]:
        result[label] = 0  # as networkx: the sources' 0 is an int
    if c_pred == ffi.NULL:
        return result, None
    before: Iterable[Any] = ffi.unpack(c_pred, k)[first:]
    if not isinstance(nodes, range):
        before = map(nodes.__getitem__, before)
    return result, dict(zip(labels[first:], before))


def path_to(pred: Mapping[Any, Any], target: Any) -> list[Any]:
    """The path from a source to ``target`` that ``pred`` (each reached
    node's predecessor, none for the sources) records: ``[target]`` for a
    source."""
    path = [target]
    append = path.append
    node = target
    while node in pred:
        node = pred[node]
        append(node)
    path.reverse()
    return path


def paths(dist: Mapping[Any, Any], pred: Mapping[Any, Any]) -> dict[Any, list[Any]]:
    """The path to every node of ``dist`` (in settle order) that ``pred``
    records, as networkx's ``paths``: a node's predecessor is settled
    before it, so its path is its predecessor's and itself."""
    found: dict[Any, list[Any]] = {}
    for v in dist:
        found[v] = found[pred[v]] + [v] if v in pred else [v]
    return found


def bidirectional(
    forward: CompactGraph, backward: CompactGraph, source: Any, target: Any
) -> Optional[tuple[Any, list[Any]]]:
    """networkx's ``bidirectional_dijkstra`` in C, between two nodes of
    ``forward`` (float weights, not exact): ``(length, path)`` in labels,
    None if there is no path; KeyError if either node is not in the graph.
    ``backward`` is ``forward`` reversed, with its nodes in the same order,
    each node's arcs in the order networkx lists its predecessors
    (``forward`` itself when it is undirected with weights the same both
    ways); see csrc/graph.h."""
    n = len(forward.nodes)
    path = ffi.new("uint32_t[]", n)
    length = ffi.new("double *")
    steps = ffi.new("size_t *")
    bad = ffi.new("fh_graph_arc *")
    status = lib.fh_graph_bidirectional(
        forward.c_graph, backward.c_graph, position(forward, source, "source"),
        position(forward, target, "target"), length, path, steps, bad,
    )
    if status != 0:
        raise_status(status, bad, forward.nodes, forward.integral)
    if not steps[0]:
        return None
    nodes = forward.nodes
    labels: list[Any] = ffi.unpack(path, steps[0])
    if not isinstance(nodes, range):
        labels = list(map(nodes.__getitem__, labels))
    (total,) = result_numbers(forward.integral, [length[0]])
    return total, labels


def shortest_path(
    graph: GraphLike,
    source: GraphNode,
    target: GraphNode,
    *,
    weight: Weight = "weight",
) -> tuple[Any, list[Any]]:
    """One shortest path from ``source`` to ``target``.

    Returns ``(length, path)`` where ``path`` is the list of nodes from
    ``source`` to ``target`` (``[source]`` when they are the same node) and
    ``length`` the sum of its edge weights.  The search stops once ``target``
    is settled.

    Raises :class:`NoPathError` (a :class:`LookupError`) naming both nodes if
    ``target`` cannot be reached (or is not in the graph), and otherwise
    raises as :func:`dijkstra` does.
    """
    g = as_compact(graph, weight)
    dist, pred = dijkstra(g, source, target)
    try:
        length = dist[target]
    except (KeyError, TypeError):
        if target in g:
            raise NoPathError(source, target) from None
        raise NoPathError(
            source, target, f"no path from {source!r} to {target!r}: {target!r} is not in the graph"
        ) from None
    return length, path_to(pred, target)

