"""The networkx backend itself: conversion, ``can_run``/``should_run`` and the
functions, with networkx's signatures, results and exceptions.

networkx converts each graph argument with :meth:`BackendInterface.convert_from_nx`
(once per graph and weight attribute: networkx caches the result on the graph
until the graph is changed through its methods; a view is read again at each
call, see :class:`FiboheapGraph`), then calls the function of the same name
here.  The searches themselves are :mod:`fiboheap.graph`'s; this
module only translates arguments, results and errors.
"""
from __future__ import annotations

import functools
import inspect
import math
from collections.abc import Hashable, Iterable, Iterator, Mapping
from itertools import compress
from numbers import Integral
from operator import eq
from typing import Any, Callable, Optional, Union

import networkx as nx

from _nx_fiboheap import FUNCTIONS
from fiboheap.graph import compact as fhcompact
from fiboheap.graph.compact import CompactGraph
from fiboheap.graph.errors import bad_weight
from fiboheap.graph.readers import WeightFunction, result_numbers, weight_function
from fiboheap.graph.shortest_paths import bidirectional, path_to, paths, settle
from fiboheap.graph.spanning import prim
from fiboheap.nx_backend.astar import astar_path, astar_path_length  # noqa: F401 (FUNCTIONS)
from fiboheap.nx_backend.centrality import (  # noqa: F401 (served by name, see FUNCTIONS)
    betweenness_centrality,
    closeness_centrality,
    edge_betweenness_centrality,
)

__all__ = ["BackendInterface", "FiboheapGraph", "backend_interface"]

#: An edge weight as networkx takes it: an attribute name or a callable.
Weight = Union[Hashable, Callable[[Any, Any, Any], Optional[float]]]

# all_pairs_dijkstra_path_length asks the threads for at most this many
# distances at a time (8 bytes each, 8 MiB): bounded memory, and rows
# enough that starting the threads costs nothing measurable.
_DISTANCES_PER_BATCH = 1 << 20


class FiboheapGraph:
    """A networkx graph converted for the fiboheap backend.

    Holds the networkx graph (for its nodes, its edge data and the graphs the
    backend returns) and one :class:`~fiboheap.graph.CompactGraph` per
    weight attribute, read when networkx converts the graph or when a call
    first asks for that attribute.  Like any networkx conversion it is a
    snapshot of the weights: change the graph through its methods
    (``G.add_edge(u, v, weight=2)``) so that networkx drops its cached
    conversion.  A view (``G.subgraph(nodes)``, ``nx.reverse_view(G)``...)
    has a cache of its own, which networkx does not clear when the graph
    under it changes: so a view's compact graphs serve one call only, and
    every later call reads the view again (see :func:`_cache_is_cleared`).
    It pickles (networkx pickles its cache with the graph) as the networkx
    graph, the compact graphs being read again when needed.
    """

    __networkx_backend__ = "fiboheap"

    def __init__(self, graph: Any, weights: Optional[Mapping[Hashable, Any]] = None) -> None:
        self.nx_graph = graph
        self._compact: dict[tuple[Hashable, Any], CompactGraph] = {}
        self._backward: dict[tuple[Hashable, Any], CompactGraph] = {}
        self._keep = _cache_is_cleared(graph)
        # Read now even for a view, whose call follows: weights left to
        # networkx raise NotImplementedError during the conversion, where
        # networkx falls back to itself.
        for name, default in (weights or {}).items():
            self.compact(name, default)

    def __getstate__(self) -> dict[str, Any]:
        return {"nx_graph": self.nx_graph}

    def __setstate__(self, state: dict[str, Any]) -> None:
        # Nothing is read here: while a pickled networkx graph is rebuilt,
        # its cache (holding this object) is restored before its edges.
        self.nx_graph = state["nx_graph"]
        self._compact = {}
        self._backward = {}
        self._keep = _cache_is_cleared(self.nx_graph)

    def __repr__(self) -> str:
        return f"<FiboheapGraph of {self.nx_graph!r}>"

    def __contains__(self, node: Any) -> bool:
        return node in self.nx_graph

    def __iter__(self) -> Iterator[Any]:
        return iter(self.nx_graph)

    def __len__(self) -> int:
        return len(self.nx_graph)

    def is_directed(self) -> bool:
        return bool(self.nx_graph.is_directed())

    def is_multigraph(self) -> bool:
        return bool(self.nx_graph.is_multigraph())

    def compact(self, weight: Weight, default: Any = 1) -> CompactGraph:
        """The compact graph for ``weight``: an attribute (``default`` where
        an edge lacks it), read once (for a view: once per call), or a
        callable, called now."""
        if callable(weight):
            return _compiled(self.nx_graph, weight)
        key = (weight, default)
        compact = self._compact.get(key)
        if compact is None:
            compact = _compiled(self.nx_graph, self._rule(weight, default))
            self._compact[key] = compact
        return compact

    def _rule(self, name: Hashable, default: Any) -> Any:
        """What CompactGraph reads the attribute ``name`` by: the name itself
        for networkx's default of 1 (CompactGraph's fast path), else
        networkx's rule with ``default``."""
        if default == 1 and type(default) is int:
            return name
        return weight_function(name, self.is_multigraph(), default)

    def backward(self, weight: Weight, default: Any = 1) -> CompactGraph:
        """The graph the backward side of networkx's bidirectional_dijkstra
        walks: :meth:`compact`'s arcs reversed, each node's arcs in the
        order networkx lists them there (``G._pred``, or ``G._adj`` when
        undirected), each weighing what networkx's ``weight(u, v, data)``
        gives the edge ``u -> v``.  For an undirected graph and an attribute
        name that is :meth:`compact` itself."""
        directed = self.is_directed()
        if not callable(weight) and not directed:
            return self.compact(weight, default)
        key = (weight, default)
        backward = None if callable(weight) else self._backward.get(key)
        if backward is not None:
            return backward
        graph = nx.reverse_view(self.nx_graph) if directed else self.nx_graph
        if callable(weight):
            function = weight
            backward = _compiled(graph, lambda v, u, data: function(u, v, data))
        else:
            backward = _compiled(graph, self._rule(weight, default))
        if list(backward.nodes) != list(self.compact(weight, default).nodes):
            # Never for networkx's classes, whose _pred lists the nodes as
            # _succ does; positions must agree between the two sides.
            raise NotImplementedError("the graph lists its nodes in another order backward")
        if not callable(weight):
            self._backward[key] = backward
        return backward

    def _call_ended(self) -> None:
        """Called after each backend call on this graph: a view's compact
        graphs are dropped, to be read again by the next call."""
        if not self._keep:
            self._compact.clear()
            self._backward.clear()


def _cache_is_cleared(graph: Any) -> bool:
    """Whether networkx clears ``graph``'s cache of conversions whenever the
    nodes and edges that the backend reads change through networkx's
    methods: a graph's mutators call ``nx._clear_cache`` on it.  A view
    (``G.subgraph``, ``G.edge_subgraph``, ``nx.reverse_view``,
    ``nx.restricted_view``, ``G.to_undirected(as_view=True)``...: networkx
    marks each with the graph under it, ``_graph``) shows another graph's
    data, whose mutators clear that graph's cache, never the view's."""
    return getattr(graph, "_graph", None) is None


def _compiled(graph: Any, weight: Any) -> CompactGraph:
    """``CompactGraph(graph, weight)``, refused (NotImplementedError, which
    makes networkx run the call itself) when its weights are not floats and
    ints whose sums stay within 2**53: fiboheap would run them in Python, no
    faster than networkx."""
    compact = CompactGraph(graph, weight)
    exact = compact.exact_graph
    if exact is not None:
        odd = next((w for w in exact.weights() if not isinstance(w, (Integral, float))), None)
        which = "ints whose sums could pass 2**53" if odd is None else f"weights such as {odd!r}"
        raise NotImplementedError(
            "the fiboheap backend takes float weights and ints whose sums stay within "
            "2**53; networkx runs the others (weights that need exact arithmetic, "
            f"or that are not numbers), here {which}"
        )
    return compact


# ---------------------------------------------------------------------------
# the engine: fiboheap.graph's compiled Dijkstra, networkx's results


def _sources(G: FiboheapGraph, sources: Iterable[Any]) -> list[Any]:
    """The sources in order, checked as networkx checks them."""
    if not sources:
        raise ValueError("sources must not be empty")
    nodes = list(sources)
    for s in nodes:
        if s not in G:
            raise nx.NodeNotFound(f"Node {s} not found in graph")
    return nodes


def _dijkstra(
    G: FiboheapGraph, weight: Weight, sources: list[Any], target: Any = None, cutoff: Any = None
) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """``(dist, pred)``: the distances networkx's Dijkstra gives (in settle
    order, none past ``cutoff``, stopping at ``target``) and each reached
    node's predecessor on one shortest path (none for the sources)."""
    if not sources:  # networkx lets an empty iterator through
        return {}, {}
    dist, pred = settle(G.compact(weight), sources, target, cutoff, True)
    return dist, pred or {}


def _distances(
    G: FiboheapGraph, weight: Weight, sources: list[Any], target: Any = None, cutoff: Any = None
) -> dict[Any, Any]:
    """The ``dist`` of :func:`_dijkstra`, without building the predecessors."""
    if not sources:
        return {}
    return settle(G.compact(weight), sources, target, cutoff, False)[0]


# ---------------------------------------------------------------------------
# shortest paths, networkx's signatures


def multi_source_dijkstra(
    G: FiboheapGraph,
    sources: Iterable[Any],
    target: Any = None,
    cutoff: Any = None,
    weight: Weight = "weight",
) -> tuple[Any, Any]:
    """networkx.multi_source_dijkstra on fiboheap."""
    nodes = _sources(G, sources)
    if target in nodes:
        return (0, [target])
    dist, pred = _dijkstra(G, weight, nodes, target, cutoff)
    if target is None:
        return dist, paths(dist, pred)
    if target not in dist:
        raise nx.NetworkXNoPath(f"No path to {target}.")
    return dist[target], path_to(pred, target)


def multi_source_dijkstra_path(
    G: FiboheapGraph, sources: Iterable[Any], cutoff: Any = None, weight: Weight = "weight"
) -> dict[Any, list[Any]]:
    """networkx.multi_source_dijkstra_path on fiboheap."""
    return multi_source_dijkstra(G, sources, cutoff=cutoff, weight=weight)[1]  # type: ignore[no-any-return]


def multi_source_dijkstra_path_length(
    G: FiboheapGraph, sources: Iterable[Any], cutoff: Any = None, weight: Weight = "weight"
) -> dict[Any, Any]:
    """networkx.multi_source_dijkstra_path_length on fiboheap."""
    return _distances(G, weight, _sources(G, sources), None, cutoff)


def single_source_dijkstra(
    G: FiboheapGraph, source: Any, target: Any = None, cutoff: Any = None, weight: Weight = "weight"
) -> tuple[Any, Any]:
    """networkx.single_source_dijkstra on fiboheap."""
    return multi_source_dijkstra(G, {source}, target, cutoff, weight)


def single_source_dijkstra_path(
    G: FiboheapGraph, source: Any, cutoff: Any = None, weight: Weight = "weight"
) -> dict[Any, list[Any]]:
    """networkx.single_source_dijkstra_path on fiboheap."""
    return multi_source_dijkstra_path(G, {source}, cutoff, weight)


def single_source_dijkstra_path_length(
    G: FiboheapGraph, source: Any, cutoff: Any = None, weight: Weight = "weight"
) -> dict[Any, Any]:
    """networkx.single_source_dijkstra_path_length on fiboheap."""
    return multi_source_dijkstra_path_length(G, {source}, cutoff, weight)


def dijkstra_path(
    G: FiboheapGraph, source: Any, target: Any, weight: Weight = "weight"
) -> list[Any]:
    """networkx.dijkstra_path on fiboheap."""
    return single_source_dijkstra(G, source, target, weight=weight)[1]  # type: ignore[no-any-return]


def dijkstra_path_length(
    G: FiboheapGraph, source: Any, target: Any, weight: Weight = "weight"
) -> Any:
    """networkx.dijkstra_path_length on fiboheap."""
    if source not in G:
        raise nx.NodeNotFound(f"Node {source} not found in graph")
    if source == target:
        return 0
    dist = _distances(G, weight, [source], target)
    if target not in dist:
        raise nx.NetworkXNoPath(f"Node {target} not reachable from {source}")
    return dist[target]


def dijkstra_predecessor_and_distance(
    G: FiboheapGraph, source: Any, cutoff: Any = None, weight: Weight = "weight"
) -> tuple[dict[Any, list[Any]], dict[Any, Any]]:
    """networkx.dijkstra_predecessor_and_distance on fiboheap: every
    predecessor of each node on a shortest path, in settle order."""
    if source not in G:
        raise nx.NodeNotFound(f"Node {source} is not found in the graph")
    dist = _distances(G, weight, [source], None, cutoff)
    # The search keeps one predecessor per node; the others are the settled
    # nodes whose edge ends exactly at the node's distance. networkx's loop
    # examines the same edges in the same order (settled nodes in order,
    # each one's edges in adjacency order), skipping those past cutoff (so
    # the source, at 0 past a negative cutoff, gets none): a node's key
    # joins pred at its first edge examined, as there.
    edge_weight = weight_function(weight, G.is_multigraph())
    adj = G.nx_graph.adj
    pred: dict[Any, list[Any]] = {source: []}
    for v, dv in dist.items():
        for u, data in adj[v].items():
            du = dist.get(u)
            if du is not None:
                w = edge_weight(v, u, data)
                if w is None or (cutoff is not None and dv + w > cutoff):
                    continue
                preds = pred.setdefault(u, [])
                if dv + w == du:
                    preds.append(v)
    return pred, dist


# The all-pairs functions read the graph when called (weights left to
# networkx raise there, where networkx can still run the call itself) and
# search as their iterators are consumed.


def all_pairs_dijkstra(
    G: FiboheapGraph, cutoff: Any = None, weight: Weight = "weight"
) -> Iterator[tuple[Any, tuple[dict[Any, Any], dict[Any, list[Any]]]]]:
    """networkx.all_pairs_dijkstra on fiboheap."""
    return _all_pairs(G.compact(weight), list(G), cutoff)


def _all_pairs(
    compact: CompactGraph, sources: list[Any], cutoff: Any
) -> Iterator[tuple[Any, tuple[dict[Any, Any], dict[Any, list[Any]]]]]:
    for n in sources:
        dist, pred = settle(compact, [n], None, cutoff, True)
        yield n, (dist, paths(dist, pred or {}))


def all_pairs_dijkstra_path(
    G: FiboheapGraph, cutoff: Any = None, weight: Weight = "weight"
) -> Iterator[tuple[Any, dict[Any, list[Any]]]]:
    """networkx.all_pairs_dijkstra_path on fiboheap."""
    return ((n, paths) for n, (_dist, paths) in all_pairs_dijkstra(G, cutoff, weight))


def all_pairs_dijkstra_path_length(
    G: FiboheapGraph, cutoff: Any = None, weight: Weight = "weight"
) -> Iterator[tuple[Any, dict[Any, Any]]]:
    """networkx.all_pairs_dijkstra_path_length on fiboheap: the sources run
    on every CPU this process may use, a batch of them at a time, each batch
    finished before its first dict is yielded: a paused or dropped iterator
    holds no thread.  Each dict lists the nodes reached in the graph's node
    order."""
    return _all_pairs_lengths(G.compact(weight), list(G), cutoff)


def _all_pairs_lengths(
    compact: CompactGraph, sources: list[Any], cutoff: Any
) -> Iterator[tuple[Any, dict[Any, Any]]]:
    nodes = list(compact.nodes)
    for batch in _batches(sources, len(nodes)):
        # NaN where a node is not reached: inf is a distance (an infinite
        # weight on the way), and no distance is NaN.
        rows = compact.distance_matrix(batch, cutoff=cutoff, unreached=math.nan)
        for source, row in zip(batch, rows):
            values = row.tolist()  # each float made once
            labels: Iterable[Any] = nodes
            distances: Iterable[Any] = values
            total = sum(values)
            if total != total:  # a NaN: some node unreached, to filter out
                reached = list(map(eq, values, values))
                labels, distances = compress(nodes, reached), compress(values, reached)
            dist = dict(zip(labels, result_numbers(compact.integral, distances)))
            dist[source] = 0  # an int, as networkx's, whatever the weights
            yield source, dist


def _batches(sources: list[Any], node_count: int) -> Iterator[list[Any]]:
    """The sources, in batches that start at one source per CPU and double
    up to _DISTANCES_PER_BATCH distances (or one source per CPU, if more):
    a consumer that stops early had about as many sources searched as it
    read, one that reads all runs few batches, and a paused iterator holds
    one batch of rows."""
    size = fhcompact.usable_cpus()
    largest = max(size, _DISTANCES_PER_BATCH // max(node_count, 1))
    start = 0
    while start < len(sources):
        yield sources[start : start + size]
        start += size
        size = min(2 * size, largest)


def bidirectional_dijkstra(
    G: FiboheapGraph, source: Any, target: Any, weight: Weight = "weight"
) -> tuple[Any, list[Any]]:
    """networkx.bidirectional_dijkstra on fiboheap: networkx's two-sided
    search, turn by turn, in C (the same length to the last bit, the same
    path)."""
    if source not in G:
        raise nx.NodeNotFound(f"Source {source} is not in G")
    if target not in G:
        raise nx.NodeNotFound(f"Target {target} is not in G")
    if source == target:
        return (0, [source])
    found = bidirectional(G.compact(weight), G.backward(weight), source, target)
    if found is None:
        raise nx.NetworkXNoPath(f"No path between {source} and {target}.")
    return found


# ---------------------------------------------------------------------------
# minimum spanning trees (Prim)


def minimum_spanning_edges(
    G: FiboheapGraph,
    algorithm: str = "kruskal",
    weight: Weight = "weight",
    keys: bool = True,
    data: bool = True,
    ignore_nan: bool = False,
) -> Iterator[tuple[Any, ...]]:
    """networkx.minimum_spanning_edges(algorithm="prim") on fiboheap: each
    edge ``(u, v)`` of the forest has ``u`` in the tree before ``v``; for a
    multigraph it is the first of the lightest parallel edges."""
    if algorithm != "prim":
        raise NotImplementedError(f"the fiboheap backend runs only Prim, not {algorithm!r}")
    if G.is_directed():
        raise nx.NetworkXNotImplemented("not implemented for directed type")
    graph = G.nx_graph
    # Read now, so that weights left to networkx are refused before the
    # edges are asked for.
    try:
        if graph.is_multigraph() or ignore_nan:
            compact = _compiled(graph, _spanning_weight(weight, graph.is_multigraph(), ignore_nan))
        else:
            compact = G.compact(weight)
    except TypeError as exc:  # a weight that is not a number
        return _raising(exc)  # networkx raises it when the edges are asked for
    return _prim_edges(graph, compact, weight, keys, data)


def _raising(exc: Exception) -> Iterator[Any]:
    """A generator that raises ``exc`` when its first item is asked for."""
    yield from ()
    raise exc


def _prim_edges(
    graph: Any, compact: CompactGraph, weight: Weight, keys: bool, data: bool
) -> Iterator[tuple[Any, ...]]:
    """The edges of minimum_spanning_edges, computed when the first is asked
    for (as networkx does: a NaN weight raises there)."""
    # networkx's prim starts each tree at set(G).pop() of the nodes not yet
    # in a tree: the pops' order (the set's order on CPython, reversed on
    # PyPy), whose first node not yet in a tree roots the next tree. From
    # the same roots fiboheap's Prim picks the same edges (csrc/graph.h).
    nodes = set(graph)
    roots = [nodes.pop() for _ in range(len(nodes))]
    try:
        _total, edges = prim(compact, roots=roots)
    except ValueError as exc:
        raise ValueError(f"NaN found as an edge weight: {exc}") from None
    multi = graph.is_multigraph()
    adj = graph.adj
    read = weight_function(weight, False)
    for u, v, w in edges:
        attrs = adj[u][v]
        if multi:
            key, attrs = next((k, d) for k, d in attrs.items() if _same(read(u, v, d), w))
            if keys:
                yield (u, v, key, attrs) if data else (u, v, key)
                continue
        yield (u, v, attrs) if data else (u, v)


def _spanning_weight(weight: Weight, multi: bool, ignore_nan: bool) -> WeightFunction:
    """networkx's spanning trees weigh each edge, and each parallel edge, on
    its own (fiboheap.graph's rule, one edge at a time): None raises
    TypeError (networkx multiplies it by a sign), NaN raises ValueError
    (as NaN, through prim) or with ``ignore_nan`` is left out; the lightest
    of the others counts."""
    read = weight_function(weight, False)

    def lightest(u: Any, v: Any, attrs: Mapping[Any, Any]) -> Any:
        weights: list[Any] = (
            [read(u, v, d) for d in attrs.values()] if multi else [read(u, v, attrs)]
        )
        if any(w is None for w in weights):
            bad_weight(u, v, None, "-")
        numbers = [w for w in weights if w == w]
        if len(numbers) < len(weights) and not ignore_nan:
            return math.nan
        return min(numbers, default=None)

    return lightest


def _same(a: Any, b: Any) -> bool:
    return bool(a == b or (a != a and b != b))


def minimum_spanning_tree(
    G: FiboheapGraph,
    weight: Weight = "weight",
    algorithm: str = "kruskal",
    ignore_nan: bool = False,
) -> Any:
    """networkx.minimum_spanning_tree(algorithm="prim") on fiboheap: a
    networkx graph of G's class with G's graph, node and edge attributes."""
    graph = G.nx_graph
    edges = minimum_spanning_edges(G, algorithm, weight, True, True, ignore_nan)
    tree = graph.__class__()
    tree.graph.update(graph.graph)
    tree.add_nodes_from(graph.nodes.items())
    tree.add_edges_from(edges)
    return tree


# ---------------------------------------------------------------------------
# the interface networkx loads

_IMPLEMENTATIONS: dict[str, Callable[..., Any]] = {
    name: globals()[name] for name in FUNCTIONS
}
_MST = frozenset({"minimum_spanning_edges", "minimum_spanning_tree"})


class BackendInterface:
    """What networkx loads through the ``networkx.backends`` entry point: the
    conversions, ``can_run``/``should_run`` and the functions by name."""

    @staticmethod
    def convert_from_nx(
        graph: Any,
        edge_attrs: Optional[Mapping[Hashable, Any]] = None,
        node_attrs: Any = None,
        preserve_edge_attrs: Any = False,
        preserve_node_attrs: Any = False,
        preserve_graph_attrs: Any = False,
        name: Optional[str] = None,
        graph_name: Optional[str] = None,
    ) -> FiboheapGraph:
        """The graph with the weights networkx names in ``edge_attrs``
        (``{attribute: default}``) read once; everything else the functions
        need is read from ``graph`` itself."""
        if isinstance(graph, FiboheapGraph):
            return graph
        return FiboheapGraph(graph, edge_attrs or {})

    @staticmethod
    def convert_to_nx(obj: Any, *, name: Optional[str] = None) -> Any:
        """The networkx graph of a converted graph; any other result as is."""
        if isinstance(obj, FiboheapGraph):
            return obj.nx_graph
        return obj

    @staticmethod
    def can_run(name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> Union[bool, str]:
        """Whether the backend takes this call (a string says why not)."""
        if name not in _IMPLEMENTATIONS:
            return f"fiboheap does not implement {name}"
        if name in _MST:
            parameters = _bind(name, args, kwargs)
            if parameters.get("algorithm", "kruskal") != "prim":
                return 'fiboheap implements only algorithm="prim"'
            if callable(parameters.get("weight", "weight")):
                return "networkx's spanning trees take an attribute name as weight, not a callable"
        return True

    @staticmethod
    def should_run(name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> Union[bool, str]:
        """Whether the backend should take a call it can run, when networkx
        dispatches on its own (with ``backend=`` it always runs)."""
        if callable(_bind(name, args, kwargs).get("weight", "weight")):
            return "a weight function is called from Python for every edge: no faster than networkx"
        return True


def _bind(name: str, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """The call's arguments by parameter name (empty if they do not bind, or
    if the function is not one of the backend's)."""
    function = _IMPLEMENTATIONS.get(name)
    if function is None:
        return {}
    try:
        return dict(inspect.signature(function).bind(*args, **kwargs).arguments)
    except TypeError:
        return {}


def _one_call(function: Callable[..., Any]) -> Callable[..., Any]:
    """``function`` as networkx calls it: afterwards the graph drops what
    it must read again for the next call (a view's compact graphs)."""

    @functools.wraps(function)
    def call(G: FiboheapGraph, *args: Any, **kwargs: Any) -> Any:
        try:
            return function(G, *args, **kwargs)
        finally:
            G._call_ended()

    return call


for _name, _function in _IMPLEMENTATIONS.items():
    setattr(BackendInterface, _name, staticmethod(_one_call(_function)))

#: The object the ``networkx.backends`` entry point names.
backend_interface = BackendInterface()
