"""A*: networkx's ``astar_path`` and ``astar_path_length`` on either engine
of a :class:`~fiboheap.graph.CompactGraph`.

The C engine runs csrc/graph.h's ``fh_graph_astar`` (the one-way Dijkstra
loop with a potential) with the GIL released; it asks the heuristic for a
node's estimate through cffi's ``extern "Python"`` callback
``fh_py_heuristic`` (declared in build_ffi.py, defined here), once per
node.  An exact graph runs :meth:`ExactGraph.astar
<fiboheap.graph.exact.ExactGraph.astar>`.  Without a heuristic both run
Dijkstra stopping at the target (networkx's A* with an estimate of 0 is
its Dijkstra, ties included).
"""

from __future__ import annotations

import threading
from typing import Any, Callable, Optional

from fiboheap._binding import ffi, lib
from fiboheap._keys import as_key
from fiboheap.graph.compact import CompactGraph, GraphLike, as_compact, float_cutoff, position
from fiboheap.graph.errors import NoPathError, is_nan, is_number, raise_status
from fiboheap.graph.readers import GraphNode, Weight, result_numbers
from fiboheap.graph.shortest_paths import path_labels, path_to, settle

__all__ = ["Heuristic", "astar", "astar_path", "astar_path_length"]

# Every int of at most this magnitude is a float exactly.
_FLOAT_INTS = 2**53

#: A heuristic, as networkx's: ``heuristic(node, target) -> number``, the
#: estimated distance from ``node`` to ``target``.
Heuristic = Callable[[Any, Any], Any]


class _Search:
    """What the callback reads through its handle during one C search:
    the heuristic, the labels, the target as given, and the exception the
    heuristic (or its estimate's check) raised, which stops the search."""

    __slots__ = ("error", "heuristic", "nodes", "target")

    def __init__(self, heuristic: Heuristic, nodes: Any, target: Any) -> None:
        self.heuristic = heuristic
        self.nodes = nodes
        self.target = target
        self.error: Optional[BaseException] = None


# An exception that escaped the callback's own handling, kept for the call
# that runs the search in this thread (the callback runs in it too).
_escaped = threading.local()


def _stopped(exception: Any, value: BaseException, traceback: Any) -> int:
    """cffi's onerror: an exception escaped the callback's own handling (a
    KeyboardInterrupt landing as the callback returns; cffi would print it
    and go on): kept for :func:`_compiled` to raise, and the search stops."""
    _escaped.error = value
    return 1


@ffi.def_extern(onerror=_stopped)  # type: ignore[untyped-decorator]
def fh_py_heuristic(context: Any, node: int, estimate: Any) -> int:
    """csrc/graph.h's ``fh_graph_heuristic`` for :func:`astar`: node's
    estimate as a float into ``estimate[0]`` and 0, or the exception kept
    in the search and 1, which stops it (KeyboardInterrupt too: the search
    returns, then the call raises it)."""
    search = ffi.from_handle(context)
    try:
        label = search.nodes[node]
        estimate[0] = _float_estimate(label, search.heuristic(label, search.target))
    except BaseException as exc:  # KeyboardInterrupt too: astar re-raises it
        search.error = exc
        return 1
    return 0


def _float_estimate(node: Any, value: Any) -> float:
    """The float standing for ``value``, node's estimate, in C: the rule of
    a FiboHeap's keys (a real number a float holds exactly, else
    InexactKeyError; TypeError for what is not a real number; NaNKeyError,
    a ValueError, for NaN), the message naming the node."""
    if type(value) is int and abs(value) <= _FLOAT_INTS:
        # A heuristic's usual answer, an int, is the one as_key checks
        # slowest (its number ABCs doubled a grid search's time): the same
        # rule, a float holds every int up to 2**53, checked directly.
        return float(value)
    try:
        return as_key(value)
    except (TypeError, ValueError) as exc:
        raise type(exc)(f"the heuristic's estimate for node {node!r}: {exc}") from None


def _exact_estimate(node: Any, value: Any) -> Any:
    """``value``, node's estimate, for the exact engine: any number but NaN
    (TypeError, ValueError naming the node)."""
    if not is_number(value):
        raise TypeError(f"the heuristic's estimate for node {node!r} is not a number: {value!r}")
    if is_nan(value):
        raise ValueError(f"the heuristic's estimate for node {node!r} is NaN")
    return value


def astar(
    g: CompactGraph, source: Any, target: Any, heuristic: Optional[Heuristic], cutoff: Any
) -> Optional[tuple[Any, list[Any]]]:
    """networkx's A* from ``source`` to ``target`` on either engine of
    ``g``: ``(length, path)`` in labels, None if there is no path (within
    ``cutoff``, networkx's: None, 0 or any false value for none).  KeyError
    if either node is not in the graph."""
    start = position(g, source, "source")
    goal = position(g, target, "target")
    bound = cutoff if cutoff else None
    if heuristic is None:
        dist, pred = settle(g, [source], target, bound, True)
        if target not in dist:
            return None
        return dist[target], path_to(pred or {}, target)
    nodes = g.nodes
    exact = g.exact_graph
    if exact is not None:
        estimates: dict[int, Any] = {}

        def estimate(v: int) -> Any:
            if v not in estimates:
                estimates[v] = _exact_estimate(nodes[v], heuristic(nodes[v], target))
            return estimates[v]

        found = exact.astar(start, goal, estimate, bound, nodes)
        if found is None:
            return None
        length, steps = found
        return length, [nodes[v] for v in steps]
    return _compiled(g, start, goal, target, heuristic, bound)


def _compiled(
    g: CompactGraph, start: int, goal: int, target: Any, heuristic: Heuristic, cutoff: Any
) -> Optional[tuple[Any, list[Any]]]:
    """:func:`astar` on g's C graph, from position ``start`` to ``goal``."""
    n = len(g.nodes)
    path = ffi.new("uint32_t[]", n)
    length = ffi.new("double *")
    steps = ffi.new("size_t *")
    bad = ffi.new("fh_graph_arc *")
    search = _Search(heuristic, g.nodes, target)
    handle = ffi.new_handle(search)  # alive until the call returns
    _escaped.error = None
    status = lib.fh_graph_astar(
        g.c_graph, start, goal, lib.fh_py_heuristic, handle, float_cutoff(cutoff), length,
        path, steps, bad,
    )
    error = search.error if search.error is not None else _escaped.error
    if error is not None:
        search.error = _escaped.error = None  # no cycle through the traceback
        try:
            raise error
        finally:
            del error
    if status == lib.FH_EHEURISTIC:
        raise ValueError(
            "an estimate of -inf at a distance of inf: their sum is NaN, which orders nothing"
        )
    if status != 0:
        raise_status(status, bad, g.nodes, g.integral)
    if not steps[0]:
        return None
    labels = path_labels(g, path, steps[0])
    if len(labels) == 1:
        return 0, labels  # networkx's sum of no weights
    (total,) = result_numbers(g.integral, [length[0]])
    return total, labels


def _found(
    graph: GraphLike, source: Any, target: Any, heuristic: Optional[Heuristic], weight: Weight,
    cutoff: Any,
) -> tuple[Any, list[Any]]:
    """:func:`astar` on any graph, NoPathError if there is no path (or
    ``target`` is not in the graph)."""
    g = as_compact(graph, weight)
    position(g, source, "source")
    if target not in g:
        raise NoPathError(
            source, target, f"no path from {source!r} to {target!r}: {target!r} is not in the graph"
        )
    found = astar(g, source, target, heuristic, cutoff)
    if found is None:
        raise NoPathError(source, target)
    return found


def astar_path(
    graph: GraphLike,
    source: GraphNode,
    target: GraphNode,
    heuristic: Optional[Heuristic] = None,
    *,
    weight: Weight = "weight",
    cutoff: Optional[float] = None,
) -> list[Any]:
    """A path from ``source`` to ``target`` found by A*: networkx's
    ``astar_path``, the same path among equal ones.

    ``heuristic(node, target)`` estimates the distance from ``node`` to
    ``target``; it is called at most once per node (networkx calls it again
    for a node it reached past ``cutoff``), never for ``source``.  None:
    Dijkstra stopping at ``target``.  A heuristic that overestimates may
    give a path that is not the shortest, networkx's one.  On a graph that
    runs in C the estimates must be real numbers that a float holds exactly
    (as a FiboHeap's keys: TypeError, or InexactKeyError, a ValueError,
    for a Fraction between two floats or an int past 2**53); on an exact
    graph any number.  A NaN estimate raises ValueError.  With a
    ``cutoff`` (networkx's: a false value is none), no node whose distance
    plus estimate exceeds it is reached.

    Raises :class:`KeyError` if ``source`` is not in the graph,
    :class:`NoPathError` if ``target`` cannot be reached or is not in the
    graph, what the heuristic raises (the search stops at once), and for
    weights as :func:`dijkstra` does (a negative weight on an edge
    examined: ValueError, where networkx may never return).
    """
    return _found(graph, source, target, heuristic, weight, cutoff)[1]


def astar_path_length(
    graph: GraphLike,
    source: GraphNode,
    target: GraphNode,
    heuristic: Optional[Heuristic] = None,
    *,
    weight: Weight = "weight",
    cutoff: Optional[float] = None,
) -> Any:
    """The length of :func:`astar_path`'s path (networkx's
    ``astar_path_length``): its weights added from ``source`` on, an int
    when every weight is one, 0 when ``source`` is ``target``.  Raises as
    :func:`astar_path`."""
    return _found(graph, source, target, heuristic, weight, cutoff)[0]
