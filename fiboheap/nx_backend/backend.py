"""The networkx backend itself: conversion, ``can_run``/``should_run`` and the
functions, with networkx's signatures, results and exceptions.

networkx converts each graph argument with :meth:`BackendInterface.convert_from_nx`
(once per graph and weight attribute: networkx caches the result on the graph
until the graph is changed through its methods), then calls the function of the
same name here.  The searches themselves are :mod:`fiboheap.graph`'s; this
module only translates arguments, results and errors.
"""
from __future__ import annotations

import inspect
from collections.abc import Hashable, Iterable, Iterator, Mapping
from typing import Any, Callable, Optional, Union

import networkx as nx

from fiboheap import graph as fhgraph
from fiboheap.nx_backend import FUNCTIONS

__all__ = ["BackendInterface", "FiboheapGraph", "backend_interface"]

#: An edge weight as networkx takes it: an attribute name or a callable.
Weight = Union[Hashable, Callable[[Any, Any, Any], Optional[float]]]
#: A compact adjacency ``{u: {v: weight}}``, every node a key.
Adjacency = dict[Any, dict[Any, Any]]

# Beyond 2**53 not every int is a float: sums and comparisons would need the
# exact arithmetic that networkx does and the compiled search does not.
_EXACT_FLOAT_INT = 2**53


class FiboheapGraph:
    """A networkx graph converted for the fiboheap backend.

    Holds the networkx graph (for its nodes, its edge data and the graphs the
    backend returns) and, per weight attribute networkx asked for at
    conversion, the weights read once into a compact adjacency.  Like any
    networkx conversion it is a snapshot of the weights: change the graph
    through its methods (``G.add_edge(u, v, weight=2)``) so that networkx
    drops its cached conversion.
    """

    __networkx_backend__ = "fiboheap"

    def __init__(self, graph: Any, weights: Mapping[Hashable, Any]) -> None:
        self.nx_graph = graph
        self._adjacency: dict[tuple[Hashable, Any], Adjacency] = {
            (name, default): _read_weights(graph, name, default)
            for name, default in weights.items()
        }

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

    def adjacency(self, weight: Weight, default: Any = 1) -> Adjacency:
        """``{u: {v: w}}`` for ``weight``: read at conversion when networkx
        named the attribute, else read now (a callable, or an attribute the
        conversion did not read)."""
        if not callable(weight):
            known = self._adjacency.get((weight, default))
            if known is not None:
                return known
        return _read_weights(self.nx_graph, weight, default)


def _read_weights(graph: Any, weight: Weight, default: Any) -> Adjacency:
    """The compact adjacency of a networkx graph, weights read with networkx's
    rule: an attribute (``default`` when absent; the lightest of parallel
    edges) or ``weight(u, v, data)``, None hiding the edge.

    Raises NotImplementedError, which makes networkx run the call itself,
    for a weight that needs exact arithmetic."""
    multi = graph.is_multigraph()
    adjacency: Adjacency = {}
    for u, neighbours in graph.adj.items():
        row = adjacency[u] = {}
        for v, data in neighbours.items():
            if callable(weight):
                w = weight(u, v, data)
                if w is None:
                    continue
            elif multi:
                w = min(attrs.get(weight, default) for attrs in data.values())
            else:
                w = data.get(weight, default)
            if type(w) is not float and not _is_float_exact(w):
                raise NotImplementedError(
                    f"the weight of edge {u!r} - {v!r} is {w!r}: the fiboheap backend "
                    f"takes floats and ints up to 2**53 in magnitude; weights that need "
                    f"exact arithmetic run in networkx"
                )
            row[v] = w
    return adjacency


def _is_float_exact(w: Any) -> bool:
    """Whether sums of ``w`` as a float are what networkx would compute."""
    if isinstance(w, float):
        return True
    return type(w) in (int, bool) and -_EXACT_FLOAT_INT <= w <= _EXACT_FLOAT_INT


# ---------------------------------------------------------------------------
# the engine: fiboheap.graph, with networkx's multi-source and cutoff rules

_SUPER_SOURCE = object()


class _WithSuperSource(Mapping[Any, Mapping[Any, Any]]):
    """An adjacency plus one node with an edge of weight 0 to each source:
    a multi-source search is a single-source search from it."""

    def __init__(self, adjacency: Adjacency, sources: Iterable[Any]) -> None:
        self._adjacency = adjacency
        self._sources = dict.fromkeys(sources, 0)

    def __getitem__(self, node: Any) -> Mapping[Any, Any]:
        if node is _SUPER_SOURCE:
            return self._sources
        return self._adjacency[node]

    def __iter__(self) -> Iterator[Any]:
        yield _SUPER_SOURCE
        yield from self._adjacency

    def __len__(self) -> int:
        return len(self._adjacency) + 1


def _search(
    adjacency: Adjacency, sources: list[Any], target: Any = None, cutoff: Any = None
) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """``(dist, pred)`` from ``sources``: the distances networkx's Dijkstra
    gives (settle order, nodes past ``cutoff`` left out, stopping at
    ``target``) and, for each reached node but the sources, the predecessor
    on the path networkx would give."""
    if len(sources) == 1:
        dist, pred = fhgraph.dijkstra(adjacency, sources[0], target)
    else:
        dist, pred = fhgraph.dijkstra(_WithSuperSource(adjacency, sources), _SUPER_SOURCE, target)
        del dist[_SUPER_SOURCE]
        for source in sources:
            del pred[source]
    if cutoff is not None:
        # A node within the cutoff has its whole shortest path within it, so
        # its distance and predecessor are those of the search without one.
        dist = {v: d for v, d in dist.items() if d <= cutoff}
        pred = {v: p for v, p in pred.items() if v in dist}
    return dist, pred


def _paths(dist: Mapping[Any, Any], pred: Mapping[Any, Any]) -> dict[Any, list[Any]]:
    """networkx's ``paths`` from the settle order and the predecessors (a
    node's predecessor is settled before it)."""
    paths: dict[Any, list[Any]] = {}
    for v in dist:
        paths[v] = paths[pred[v]] + [v] if v in pred else [v]
    return paths


def _path_to(pred: Mapping[Any, Any], target: Any) -> list[Any]:
    path = [target]
    while path[-1] in pred:
        path.append(pred[path[-1]])
    path.reverse()
    return path


def _sources(G: FiboheapGraph, sources: Iterable[Any]) -> list[Any]:
    """The distinct sources in order, checked as networkx checks them."""
    if not sources:
        raise ValueError("sources must not be empty")
    nodes = list(sources)
    for s in nodes:
        if s not in G:
            raise nx.NodeNotFound(f"Node {s} not found in graph")
    return list(dict.fromkeys(nodes))


def _adjacency(G: FiboheapGraph, weight: Weight) -> Adjacency:
    return G.adjacency(weight)


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
    dist, pred = _search(_adjacency(G, weight), nodes, target, cutoff)
    if target is None:
        return dist, _paths(dist, pred)
    if target not in dist:
        raise nx.NetworkXNoPath(f"No path to {target}.")
    return dist[target], _path_to(pred, target)


def multi_source_dijkstra_path(
    G: FiboheapGraph, sources: Iterable[Any], cutoff: Any = None, weight: Weight = "weight"
) -> dict[Any, list[Any]]:
    """networkx.multi_source_dijkstra_path on fiboheap."""
    return multi_source_dijkstra(G, sources, cutoff=cutoff, weight=weight)[1]  # type: ignore[no-any-return]


def multi_source_dijkstra_path_length(
    G: FiboheapGraph, sources: Iterable[Any], cutoff: Any = None, weight: Weight = "weight"
) -> dict[Any, Any]:
    """networkx.multi_source_dijkstra_path_length on fiboheap."""
    return _search(_adjacency(G, weight), _sources(G, sources), None, cutoff)[0]


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
    dist, _pred = _search(_adjacency(G, weight), [source], target)
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
    adjacency = _adjacency(G, weight)
    dist, _pred = _search(adjacency, [source], None, cutoff)
    pred: dict[Any, list[Any]] = {source: []}
    for v, dv in dist.items():
        for u, w in adjacency[v].items():
            du = dist.get(u)
            if du is not None and dv + w == du:
                pred.setdefault(u, []).append(v)
    return pred, dist


def all_pairs_dijkstra(
    G: FiboheapGraph, cutoff: Any = None, weight: Weight = "weight"
) -> Iterator[tuple[Any, tuple[dict[Any, Any], dict[Any, list[Any]]]]]:
    """networkx.all_pairs_dijkstra on fiboheap."""
    adjacency = _adjacency(G, weight)
    for n in G:
        dist, pred = _search(adjacency, [n], None, cutoff)
        yield n, (dist, _paths(dist, pred))


def all_pairs_dijkstra_path(
    G: FiboheapGraph, cutoff: Any = None, weight: Weight = "weight"
) -> Iterator[tuple[Any, dict[Any, list[Any]]]]:
    """networkx.all_pairs_dijkstra_path on fiboheap."""
    for n, (_dist, paths) in all_pairs_dijkstra(G, cutoff, weight):
        yield n, paths


def all_pairs_dijkstra_path_length(
    G: FiboheapGraph, cutoff: Any = None, weight: Weight = "weight"
) -> Iterator[tuple[Any, dict[Any, Any]]]:
    """networkx.all_pairs_dijkstra_path_length on fiboheap."""
    adjacency = _adjacency(G, weight)
    for n in G:
        yield n, _search(adjacency, [n], None, cutoff)[0]


def bidirectional_dijkstra(
    G: FiboheapGraph, source: Any, target: Any, weight: Weight = "weight"
) -> tuple[Any, list[Any]]:
    """networkx.bidirectional_dijkstra on fiboheap (a one-way search that
    stops at ``target``: the same length, one of the shortest paths)."""
    if source not in G:
        raise nx.NodeNotFound(f"Source {source} is not in G")
    if target not in G:
        raise nx.NodeNotFound(f"Target {target} is not in G")
    if source == target:
        return (0, [source])
    dist, pred = _search(_adjacency(G, weight), [source], target)
    if target not in dist:
        raise nx.NetworkXNoPath(f"No path between {source} and {target}.")
    return dist[target], _path_to(pred, target)


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
    return _prim_edges(G, weight, keys, data, ignore_nan)


def _prim_edges(
    G: FiboheapGraph, weight: Weight, keys: bool, data: bool, ignore_nan: bool
) -> Iterator[tuple[Any, ...]]:
    """The edges of minimum_spanning_edges, computed when the first is asked
    for (as networkx does: a NaN weight raises there)."""
    graph = G.nx_graph
    if graph.is_multigraph():
        # networkx weighs each parallel edge on its own: a NaN one raises, or
        # with ignore_nan is skipped; the lightest of the others counts.
        adjacency = _read_weights(graph, _lightest_parallel_edge(weight, ignore_nan), 1)
    else:
        adjacency = _adjacency(G, weight)
    try:
        _total, edges = fhgraph.prim(adjacency, weight=_hide_nan if ignore_nan else "weight")
    except ValueError as exc:
        raise ValueError(f"NaN found as an edge weight: {exc}") from None
    yield from _edges_with_data(graph, edges, weight, keys, data)


def _hide_nan(u: Any, v: Any, w: Any) -> Any:
    return None if w != w else w


def _lightest_parallel_edge(weight: Weight, ignore_nan: bool) -> fhgraph.WeightFunction:
    def lightest(u: Any, v: Any, keydict: Mapping[Any, Mapping[Any, Any]]) -> Any:
        weights = [attrs.get(weight, 1) for attrs in keydict.values()]
        numbers = [w for w in weights if w == w]
        if len(numbers) < len(weights) and not ignore_nan:
            return float("nan")
        return min(numbers, default=None)

    return lightest


def _edges_with_data(
    graph: Any, edges: list[tuple[Any, Any, Any]], weight: Weight, keys: bool, data: bool
) -> Iterator[tuple[Any, ...]]:
    multi = graph.is_multigraph()
    adj = graph.adj
    for u, v, w in edges:
        attrs = adj[u][v]
        if multi:
            key, attrs = next(
                (k, d) for k, d in attrs.items() if _same(d.get(weight, 1), w)
            )
            if keys:
                yield (u, v, key, attrs) if data else (u, v, key)
                continue
        yield (u, v, attrs) if data else (u, v)


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
    """The call's arguments by parameter name (empty if they do not bind)."""
    try:
        return dict(inspect.signature(_IMPLEMENTATIONS[name]).bind(*args, **kwargs).arguments)
    except TypeError:
        return {}


for _name, _function in _IMPLEMENTATIONS.items():
    setattr(BackendInterface, _name, staticmethod(_function))

#: The object the ``networkx.backends`` entry point names.
backend_interface = BackendInterface()
