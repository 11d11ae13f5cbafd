"""Graph algorithms on top of :class:`fiboheap.FiboHeap`.

* :func:`dijkstra` - single-source shortest paths (non-negative weights),
* :func:`shortest_path` - one shortest path between two nodes,
* :func:`prim` - a minimum spanning forest of an undirected graph.

Each keeps one heap :class:`~fiboheap.Node` per graph node and lowers its key
with :meth:`~fiboheap.FiboHeap.decrease_key` when a shorter distance (or a
lighter edge) is found, so the heap never holds more elements than the graph
has nodes.

Accepted graphs
---------------
``graph`` is either

* a networkx ``Graph``, ``DiGraph``, ``MultiGraph`` or ``MultiDiGraph`` (or a
  view of one).  It is recognised by duck typing - an ``is_directed`` method
  plus an ``_adj`` or ``adj`` mapping - so this module never imports networkx,
  which stays an optional dependency; or
* a plain mapping of mappings ``{u: {v: w}}`` where ``w`` is the *number*
  weighing the edge ``u -> v``.  It is read as a directed graph by
  :func:`dijkstra` and :func:`shortest_path` (list both directions for an
  undirected edge) and as an undirected one by :func:`prim`.  A node that only
  appears as a neighbour is a node without outgoing edges.

Weights
-------
``weight`` follows networkx:

* a string (any hashable) names the edge attribute holding the weight; an
  edge without that attribute weighs 1; for a multigraph the lightest of the
  parallel edges counts.  For a mapping of mappings the name is not used: the
  weight is the number stored for the edge.
* a callable ``weight(u, v, attrs) -> number or None`` computes the weight of
  the edge ``u -> v``.  ``attrs`` is the edge's attribute dict for a networkx
  graph (the dict of parallel edges, keyed by edge key, for a multigraph) and
  **the number itself** for a mapping of mappings.  Returning ``None`` hides
  the edge.

Weights may be ints, floats or any real number type; distances and totals are
sums of the weights as given (integer weights give integer distances, as in
networkx), while the heap orders them as floats.  NaN weights raise
:class:`ValueError`; weights that are not numbers raise :class:`TypeError`.
Nothing is kept between calls and the graph is never modified, so a call that
raises leaves nothing behind.
"""

from __future__ import annotations

import numbers
from collections.abc import Container, Hashable, Iterable, Iterator, Mapping
from typing import Any, Callable, NoReturn, Optional, Union

from fiboheap import FiboHeap

__all__ = ["NoPathError", "dijkstra", "prim", "shortest_path"]

#: A graph node: anything hashable (networkx's rule).
GraphNode = Hashable
#: A callable edge weight, ``weight(u, v, attrs) -> number or None``.
WeightFunction = Callable[[Any, Any, Any], Optional[float]]
#: What the ``weight`` arguments accept: an attribute name or a callable.
Weight = Union[str, WeightFunction]
#: A networkx graph or a mapping of mappings ``{u: {v: w}}``.
GraphLike = Union[Any, Mapping[Any, Mapping[Any, float]]]

_EMPTY: Mapping[Any, Any] = {}


class NoPathError(LookupError):
    """Raised by :func:`shortest_path` when ``target`` cannot be reached from
    ``source``; both are kept as the ``source`` and ``target`` attributes and
    named in the message."""

    source: Any
    target: Any

    def __init__(self, source: Any, target: Any, message: Optional[str] = None) -> None:
        if message is None:
            message = f"no path from {source!r} to {target!r}"
        super().__init__(message)
        self.source = source
        self.target = target

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.source, self.target, str(self)))


# ---------------------------------------------------------------------------
# input handling


def _adjacency(graph: GraphLike) -> tuple[Mapping[Any, Any], bool, bool, bool]:
    """``(adjacency, is_networkx, directed, multigraph)`` for ``graph``.

    networkx is recognised without importing it: an ``is_directed`` method and
    an ``_adj`` (fast, the raw dict of dicts) or ``adj`` mapping."""
    is_directed = getattr(graph, "is_directed", None)
    if callable(is_directed):
        adj = getattr(graph, "_adj", None)
        if adj is None:
            adj = getattr(graph, "adj", None)
        if adj is not None:
            is_multigraph = getattr(graph, "is_multigraph", None)
            multi = bool(is_multigraph()) if callable(is_multigraph) else False
            return adj, True, bool(is_directed()), multi
    if isinstance(graph, Mapping) or (
        hasattr(graph, "items") and hasattr(graph, "get") and hasattr(graph, "__contains__")
    ):
        return graph, False, True, False
    raise TypeError(
        "graph must be a networkx graph or a mapping of mappings {u: {v: weight}}, "
        f"not {type(graph).__name__}"
    )


def _is_node(adj: Mapping[Any, Any], is_nx: bool, node: Any) -> bool:
    """Whether ``node`` is in the graph; for a mapping of mappings a node may
    also appear only as a neighbour (an O(edges) scan, done only then)."""
    try:
        if node in adj:
            return True
    except TypeError:  # unhashable
        return False
    if is_nx:
        return False
    return any(node in nbrs for nbrs in adj.values())


def _weight_function(weight: Weight, multi: bool) -> Optional[WeightFunction]:
    """The per-edge callable for ``weight``, or None when the weight can be
    read inline (an attribute name on a simple graph)."""
    if callable(weight):
        return weight
    if multi:
        name = weight

        def lightest(u: Any, v: Any, keydict: Mapping[Any, Mapping[Any, Any]]) -> Any:
            return min(attrs.get(name, 1) for attrs in keydict.values())

        return lightest
    return None


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) or (
        hasattr(value, "__float__") and not isinstance(value, (str, bytes, complex))
    )


def _bad_weight(u: Any, v: Any, w: Any, sign: str = "->") -> NoReturn:
    """Raise the error for the weight ``w`` of edge ``u -> v`` that failed a
    check (negative or NaN: ValueError; not a number: TypeError)."""
    edge = f"{u!r} {sign} {v!r}"
    if not _is_number(w):
        raise TypeError(f"the weight of edge {edge} is not a number: {w!r}")
    if w != w:
        raise ValueError(f"the weight of edge {edge} is NaN")
    raise ValueError(f"negative weight {w!r} on edge {edge}: dijkstra needs weights >= 0")


def _reraise_type_error(exc: TypeError, u: Any, v: Any, w: Any, sign: str = "->") -> NoReturn:
    """A TypeError escaped a loop: name the edge if its weight is the culprit."""
    if not _is_number(w):
        raise TypeError(f"the weight of edge {u!r} {sign} {v!r} is not a number: {w!r}") from exc
    raise exc


# ---------------------------------------------------------------------------
# Dijkstra


def dijkstra(
    graph: GraphLike,
    source: GraphNode,
    target: Optional[GraphNode] = None,
    *,
    weight: Weight = "weight",
) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """Shortest distances from ``source`` (Dijkstra's algorithm).

    Returns ``(dist, pred)``: ``dist`` maps every node reached to its distance
    from ``source`` (in the order the nodes were settled, so by increasing
    distance, the source first with distance 0); ``pred`` maps every reached
    node except the source to its predecessor on one shortest path.  With a
    ``target`` the search stops as soon as the target is settled, so ``dist``
    and ``pred`` then hold only the nodes settled so far.

    See the module docstring for the accepted ``graph`` and ``weight`` values.

    Raises :class:`KeyError` if ``source`` is not in the graph,
    :class:`ValueError` naming the edge if an edge examined has a negative or
    NaN weight and :class:`TypeError` if a weight is not a number.
    """
    adj, is_nx, _directed, multi = _adjacency(graph)
    if not _is_node(adj, is_nx, source):
        raise KeyError(f"source node {source!r} is not in the graph")
    function = _weight_function(weight, multi)
    if function is not None:
        return _dijkstra_callable(adj, source, target, function)
    if is_nx:
        return _dijkstra_attribute(adj, source, target, weight)
    return _dijkstra_numbers(adj, source, target)


def _finish(
    dist: dict[Any, Any], pred: dict[Any, Any], stopped: bool
) -> tuple[dict[Any, Any], dict[Any, Any]]:
    if stopped:
        # Stopped early: drop the predecessors of nodes still in the heap.
        pred = {v: pred[v] for v in dist if v in pred}
    return dist, pred


# The three loops below are one algorithm written out three times, so that
# the inner (per-edge) loop of each does no call and no branch it does not
# need: they differ only in how an edge's weight is read. Heap keys are
# float(distance): FiboHeap refuses a number a float would round, and these
# loops keep the exact distances themselves.  Per edge: one
# weight read, one check (``not w >= 0`` is also true for NaN), one addition,
# one or two dict lookups; a heap call only when a distance improves.


def _dijkstra_attribute(
    adj: Mapping[Any, Any], source: Any, target: Any, weight: Any
) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """Edge weights are ``attrs.get(weight, 1)`` (a simple networkx graph)."""
    heap: FiboHeap[Any] = FiboHeap()
    insert = heap.insert
    extract = heap.extract
    decrease_key = heap.decrease_key
    has_target = target is not None
    seen: dict[Any, Any] = {source: 0}  # best known distance, final once settled
    dist: dict[Any, Any] = {}
    pred: dict[Any, Any] = {}
    handles: dict[Any, Any] = {source: insert(0, source)}
    count = 1  # elements in the heap
    stopped = False
    v = u = w = None
    try:
        while count:
            v = extract()
            count -= 1
            dv = dist[v] = seen[v]
            if has_target and v == target:
                stopped = count > 0
                break
            for u, attrs in adj[v].items():
                w = attrs.get(weight, 1)
                if not w >= 0:
                    _bad_weight(v, u, w)
                du = dv + w
                if u in seen:
                    # A settled u has seen[u] <= dv <= du: never lowered.
                    if du < seen[u]:
                        seen[u] = du
                        decrease_key(handles[u], float(du))
                        pred[u] = v
                else:
                    seen[u] = du
                    handles[u] = insert(float(du), u)
                    count += 1
                    pred[u] = v
    except TypeError as exc:
        _reraise_type_error(exc, v, u, w)
    finally:
        heap.clear()  # releases the payloads at once if we stopped early or failed
    return _finish(dist, pred, stopped)


def _dijkstra_numbers(
    adj: Mapping[Any, Any], source: Any, target: Any
) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """Edge weights are the values of a mapping of mappings."""
    heap: FiboHeap[Any] = FiboHeap()
    insert = heap.insert
    extract = heap.extract
    decrease_key = heap.decrease_key
    get = adj.get
    empty = _EMPTY
    has_target = target is not None
    seen: dict[Any, Any] = {source: 0}
    dist: dict[Any, Any] = {}
    pred: dict[Any, Any] = {}
    handles: dict[Any, Any] = {source: insert(0, source)}
    count = 1
    stopped = False
    v = u = w = None
    try:
        while count:
            v = extract()
            count -= 1
            dv = dist[v] = seen[v]
            if has_target and v == target:
                stopped = count > 0
                break
            for u, w in get(v, empty).items():
                if not w >= 0:
                    _bad_weight(v, u, w)
                du = dv + w
                if u in seen:
                    if du < seen[u]:
                        seen[u] = du
                        decrease_key(handles[u], float(du))
                        pred[u] = v
                else:
                    seen[u] = du
                    handles[u] = insert(float(du), u)
                    count += 1
                    pred[u] = v
    except TypeError as exc:
        _reraise_type_error(exc, v, u, w)
    finally:
        heap.clear()  # releases the payloads at once if we stopped early or failed
    return _finish(dist, pred, stopped)


def _dijkstra_callable(
    adj: Mapping[Any, Any], source: Any, target: Any, weight: WeightFunction
) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """Edge weights are ``weight(u, v, attrs)``; None hides the edge."""
    heap: FiboHeap[Any] = FiboHeap()
    insert = heap.insert
    extract = heap.extract
    decrease_key = heap.decrease_key
    get = adj.get
    empty = _EMPTY
    has_target = target is not None
    seen: dict[Any, Any] = {source: 0}
    dist: dict[Any, Any] = {}
    pred: dict[Any, Any] = {}
    handles: dict[Any, Any] = {source: insert(0, source)}
    count = 1
    stopped = False
    v = u = w = None
    try:
        while count:
            v = extract()
            count -= 1
            dv = dist[v] = seen[v]
            if has_target and v == target:
                stopped = count > 0
                break
            for u, attrs in get(v, empty).items():
                w = weight(v, u, attrs)
                if w is None:
                    continue
                if not w >= 0:
                    _bad_weight(v, u, w)
                du = dv + w
                if u in seen:
                    if du < seen[u]:
                        seen[u] = du
                        decrease_key(handles[u], float(du))
                        pred[u] = v
                else:
                    seen[u] = du
                    handles[u] = insert(float(du), u)
                    count += 1
                    pred[u] = v
    except TypeError as exc:
        _reraise_type_error(exc, v, u, w)
    finally:
        heap.clear()  # releases the payloads at once if we stopped early or failed
    return _finish(dist, pred, stopped)


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
    dist, pred = dijkstra(graph, source, target, weight=weight)
    try:
        length = dist[target]
    except (KeyError, TypeError):
        adj, is_nx, _directed, _multi = _adjacency(graph)
        if _is_node(adj, is_nx, target):
            raise NoPathError(source, target) from None
        raise NoPathError(
            source, target, f"no path from {source!r} to {target!r}: {target!r} is not in the graph"
        ) from None
    path = [target]
    append = path.append
    node = target
    while node in pred:
        node = pred[node]
        append(node)
    path.reverse()
    return length, path


# ---------------------------------------------------------------------------
# Prim


def _undirected(adj: Mapping[Any, Mapping[Any, Any]]) -> dict[Any, dict[Any, Any]]:
    """A symmetric copy of a mapping of mappings: each ``u -> v`` entry is an
    undirected edge; an edge listed both ways must carry the same value."""
    und: dict[Any, dict[Any, Any]] = {}
    for u in adj:
        und.setdefault(u, {})
    for u, nbrs in adj.items():
        und_u = und[u]
        for v, w in nbrs.items():
            old = und_u.get(v, und_u)  # und_u: a sentinel for "absent"
            if old is not und_u and old is not w and old != w and (old == old or w == w):
                raise ValueError(
                    f"edge {u!r} - {v!r} is listed both ways with different weights: "
                    f"{w!r} ({u!r} -> {v!r}) and {old!r} ({v!r} -> {u!r})"
                )
            und_u[v] = w
            und_v = und.get(v)
            if und_v is None:
                und_v = und[v] = {}
            und_v[u] = w
    return und


def prim(
    graph: GraphLike,
    root: Optional[GraphNode] = None,
    *,
    weight: Weight = "weight",
) -> tuple[Any, list[tuple[Any, Any, Any]]]:
    """A minimum spanning forest of an undirected graph (Prim's algorithm).

    Returns ``(total, edges)``: ``edges`` is a list of ``(u, v, w)``, one per
    edge of the forest, where ``u`` was already in the tree when the edge
    added ``v`` and ``w`` is the edge's weight; ``total`` is the sum of the
    ``w``.  Every connected component gets a spanning tree (an isolated node
    has none to add); the first tree grows from ``root`` when it is given,
    the others (and all of them without a root) from their first node in the
    graph's node order.  Negative weights are allowed.

    A networkx graph must be undirected (``ValueError`` otherwise).  A mapping
    of mappings is read as undirected: each ``u -> v`` entry is the edge
    ``u - v``; an edge listed both ways must carry the same weight
    (``ValueError`` otherwise).

    Raises :class:`KeyError` if ``root`` is given and not in the graph,
    :class:`ValueError` if an edge has a NaN weight and :class:`TypeError` if
    a weight is not a number.
    """
    adj, is_nx, directed, multi = _adjacency(graph)
    if is_nx:
        if directed:
            raise ValueError(
                "prim() needs an undirected graph (a minimum spanning tree of a directed "
                "graph is an arborescence); pass graph.to_undirected()"
            )
    else:
        adj = _undirected(adj)
    if root is not None and not _is_node(adj, True, root):
        raise KeyError(f"root node {root!r} is not in the graph")
    starts: Iterable[Any] = adj if root is None else _prepend(root, adj)
    return _prim(adj, starts, _tree_edges(adj, weight, _weight_function(weight, multi), is_nx))


def _prepend(first: Any, rest: Iterable[Any]) -> Iterator[Any]:
    yield first
    yield from rest


#: ``edges(v, in_tree)``: the ``(u, w)`` edges from ``v`` to nodes not in the
#: tree yet, ``w`` the edge's weight.
TreeEdges = Callable[[Any, Container[Any]], Iterable[tuple[Any, Any]]]


def _tree_edges(
    adj: Mapping[Any, Any], weight: Any, function: Optional[WeightFunction], is_nx: bool
) -> TreeEdges:
    """How prim reads the edges leaving the tree: one reader per kind of
    weight, each reading a weight only when the far end is outside the tree
    (so a callable is never asked about an edge inside it)."""
    if function is not None:
        def by_callable(v: Any, in_tree: Container[Any]) -> Iterator[tuple[Any, Any]]:
            for u, attrs in adj[v].items():
                if u not in in_tree:
                    w = function(v, u, attrs)
                    if w is not None:  # None hides the edge
                        yield u, w
        return by_callable
    if is_nx:
        def by_attribute(v: Any, in_tree: Container[Any]) -> Iterator[tuple[Any, Any]]:
            for u, attrs in adj[v].items():
                if u not in in_tree:
                    yield u, attrs.get(weight, 1)
        return by_attribute

    def by_number(v: Any, in_tree: Container[Any]) -> Iterator[tuple[Any, Any]]:
        for u, w in adj[v].items():
            if u not in in_tree:
                yield u, w
    return by_number


def _prim(
    adj: Mapping[Any, Any], starts: Iterable[Any], tree_edges: TreeEdges
) -> tuple[Any, list[tuple[Any, Any, Any]]]:
    """Grows a tree from each start not yet in one; each node outside the tree
    sits in the heap keyed by its lightest known edge into the tree."""
    heap: FiboHeap[Any] = FiboHeap()
    insert = heap.insert
    extract = heap.extract
    decrease_key = heap.decrease_key
    in_tree: dict[Any, None] = {}
    best: dict[Any, Any] = {}  # lightest known edge weight into the tree
    via: dict[Any, Any] = {}  # the tree end of that edge
    handles: dict[Any, Any] = {}
    edges: list[tuple[Any, Any, Any]] = []
    append = edges.append
    total: Any = 0
    count = 0
    v = u = w = None
    try:
        for start in starts:
            if start in in_tree:
                continue
            v = start
            while True:
                in_tree[v] = None
                for u, w in tree_edges(v, in_tree):
                    if w != w:
                        _bad_weight(v, u, w, "-")
                    if u in best:
                        if w < best[u]:
                            best[u] = w
                            via[u] = v
                            decrease_key(handles[u], float(w))
                    else:
                        best[u] = w
                        via[u] = v
                        handles[u] = insert(float(w), u)
                        count += 1
                if not count:
                    break
                v = extract()
                count -= 1
                w = best.pop(v)
                append((via.pop(v), v, w))
                total += w
                del handles[v]
    except TypeError as exc:
        _reraise_type_error(exc, v, u, w, "-")
    finally:
        heap.clear()  # releases the payloads at once if we stopped early or failed
    return total, edges
