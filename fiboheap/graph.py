"""Graph algorithms on the project's Fibonacci heap, compiled.

* :func:`dijkstra` - shortest paths from one source (non-negative weights),
* :func:`multi_source_dijkstra` - the same from several sources at once,
* :func:`shortest_path` - one shortest path between two nodes,
* :func:`prim` - a minimum spanning forest of an undirected graph,
* :class:`CompactGraph` - a graph read once into C memory; its
  :meth:`~CompactGraph.distance_matrix` runs many sources on several threads.

Each function reads the graph into a :class:`CompactGraph` (or takes one)
and runs in C with the GIL released (csrc/graph.c, on csrc/vertex_heap.h's
Fibonacci heap): one heap element per graph node, lowered by decrease-key.  Where floats
cannot give the exact answer (weights that are Fractions, Decimals, other
number types, or ints whose sums could pass 2**53) one Python loop gives
networkx's exact answer instead; it orders exact sums with :mod:`heapq`,
since the heap's float keys cannot tell apart sums that round to one float.

Accepted graphs
---------------
``graph`` is either

* a :class:`CompactGraph`;
* a networkx ``Graph``, ``DiGraph``, ``MultiGraph`` or ``MultiDiGraph`` (or a
  view of one).  It is recognised by duck typing - an ``is_directed`` method
  plus an ``_adj`` or ``adj`` mapping - so this module never imports networkx,
  which stays an optional dependency; or
* a plain mapping of mappings ``{u: {v: w}}`` where ``w`` is the *number*
  weighing the edge ``u -> v``.  It is read as a directed graph by
  :func:`dijkstra` and :func:`shortest_path` (list both directions for an
  undirected edge) and as an undirected one by :func:`prim`.  A node that only
  appears as a neighbour is a node without outgoing edges.

:class:`CompactGraph` also reads edge lists, arrays and scipy sparse matrices.
Labels follow networkx's rule, a dict's: a label that equals a node's and
hashes as it is that node (``1.0`` or ``Fraction(1)`` for node ``1``).

Weights
-------
``weight`` follows networkx:

* a string (any hashable) names the edge attribute holding the weight; an
  edge without that attribute weighs 1; for a multigraph the lightest of the
  parallel edges counts.  An attribute of ``None`` hides the edge from
  Dijkstra (networkx's Dijkstra skips it) and makes :func:`prim` raise
  :class:`TypeError` (as networkx's spanning trees do); parallel edges whose
  weights cannot be ordered (``None`` and a number) raise :class:`TypeError`
  where a search examines them (networkx's ``min`` raises there).  For a
  mapping of mappings the name is not used: the weight is the number stored
  for the edge.
* a callable ``weight(u, v, attrs) -> number or None`` computes the weight of
  the edge ``u -> v``.  ``attrs`` is the edge's attribute dict for a networkx
  graph (the dict of parallel edges, keyed by edge key, for a multigraph) and
  **the number itself** for a mapping of mappings.  Returning ``None`` hides
  the edge.  It is called once per edge (and direction) when the graph is read.

Distances and totals are the sums of the weights: ints when every weight is
an int, floats when the weights are floats (or floats and ints), and exact
sums of the weights as given for other number types.  NaN weights raise
:class:`ValueError`, and so do negative ones in Dijkstra; weights that are not
numbers raise :class:`TypeError`; each names its edge.  The graph is read
once per call and never modified: a graph changed afterwards does not change
a CompactGraph built from it.
"""

from __future__ import annotations

import array
import heapq
import math
import numbers
import operator
import os
import threading
from collections.abc import Hashable, Iterable, Mapping, Sequence
from itertools import chain, compress, count, repeat
from operator import countOf, methodcaller
from typing import Any, Callable, NoReturn, Optional, Union

from fiboheap._binding import ffi, lib

__all__ = [
    "CompactGraph",
    "NoPathError",
    "dijkstra",
    "multi_source_dijkstra",
    "prim",
    "shortest_path",
]

#: A graph node: anything hashable (networkx's rule).
GraphNode = Hashable
#: A callable edge weight, ``weight(u, v, attrs) -> number or None``.
WeightFunction = Callable[[Any, Any, Any], Optional[float]]
#: What the ``weight`` arguments accept: an attribute name or a callable.
Weight = Union[str, WeightFunction]
#: A CompactGraph, a networkx graph or a mapping of mappings ``{u: {v: w}}``.
GraphLike = Union["CompactGraph", Any, Mapping[Any, Mapping[Any, float]]]

# Sums of ints up to this bound are exact as doubles.
_EXACT_INT = 2**53
_INF = math.inf


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
# reading a graph


def _adjacency(graph: Any) -> tuple[Mapping[Any, Any], bool, bool, bool]:
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
        "graph must be a CompactGraph, a networkx graph or a mapping of mappings "
        f"{{u: {{v: weight}}}}, not {type(graph).__name__}"
    )


def _neighbours(u: Any, nbrs: Any) -> Mapping[Any, Any]:
    if not hasattr(nbrs, "items"):
        raise TypeError(
            f"the neighbours of node {u!r} must be a mapping {{neighbour: weight}}, "
            f"not {type(nbrs).__name__}"
        )
    return nbrs  # type: ignore[no-any-return]


def _undirected(adj: Mapping[Any, Any]) -> dict[Any, dict[Any, Any]]:
    """A symmetric copy of a mapping of mappings: each ``u -> v`` entry is an
    undirected edge; an edge listed both ways must carry the same value."""
    und: dict[Any, dict[Any, Any]] = {}
    for u in adj:
        und.setdefault(u, {})
    for u, nbrs in adj.items():
        und_u = und[u]
        for v, w in _neighbours(u, nbrs).items():
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


class _Arcs:
    """A graph as read from Python: node labels, the arcs' tail and head
    positions (C arrays) and their weights as read."""

    def __init__(self, nodes: Optional[list[Any]] = None) -> None:
        self.nodes: list[Any] = []
        self.index: dict[Any, int] = {}
        if nodes:
            index = dict(zip(nodes, range(len(nodes))))
            if len(index) == len(nodes):  # no label listed twice
                self.nodes, self.index = nodes, index
            else:
                for label in nodes:
                    self.node(label)
        self.tails = array.array("I")
        self.heads = array.array("I")
        self.weights: list[Any] = []
        # The weights as C doubles, when every one is a float and they were
        # converted as they were read (see _read_weights); else None.
        self.doubles: Optional[array.array[float]] = None
        # Whether the weights were read from attributes, where None hides
        # the edge (see _hide_none); the first edge so hidden, as labels.
        self.attributes = False
        self.none_edge: Optional[tuple[Any, Any]] = None

    def node(self, label: Any) -> int:
        i = self.index.get(label)
        if i is None:
            i = self.index[label] = len(self.nodes)
            self.nodes.append(label)
        return i


def _read_adjacency(adj: Mapping[Any, Any], is_nx: bool, multi: bool, weight: Any) -> _Arcs:
    """Every arc of ``adj`` with its weight read by networkx's rule, read
    once; an edge whose callable weight is None is left out."""
    arcs = _Arcs(list(adj))
    node = arcs.node
    if callable(weight):
        tails, heads, weights = arcs.tails, arcs.heads, arcs.weights
        for u, nbrs in adj.items():
            iu = arcs.index[u]
            for v, attrs in _neighbours(u, nbrs).items():
                w = weight(u, v, attrs)
                if w is not None:
                    tails.append(iu)
                    heads.append(node(v))
                    weights.append(w)
        return arcs
    # Reading is most of a one-off call, and it is bound by memory: each
    # edge's objects are visited once, row by row, by C-level iterators
    # that fill the C arrays directly (no per-edge Python call but get).
    rows = list(adj.values()) if is_nx else [_neighbours(u, n) for u, n in adj.items()]
    row_of_arc = chain.from_iterable(map(repeat, range(len(rows)), map(len, rows)))
    arcs.tails = array.array("I", row_of_arc)
    if not is_nx:  # a neighbour may be a node not listed as a key
        arcs.heads = array.array("I", map(node, chain.from_iterable(rows)))
    else:
        arcs.heads = _positions(arcs, rows)
    if not is_nx:  # the weights are the values
        _read_weights(arcs, rows, lambda block: [w for nbrs in block for w in nbrs.values()])
    else:
        arcs.attributes = True
        _read_weights(arcs, rows, lambda block: _row_weights(block, weight, multi))
    return arcs


def _positions(arcs: _Arcs, rows: list[Any]) -> array.array[int]:
    """The positions of the neighbours listed in ``rows`` (a networkx
    adjacency's, whose neighbours are all nodes of ``arcs``)."""
    labels = chain.from_iterable(rows)
    if _is_range(arcs.nodes):
        # The labels are the positions, unless a neighbour is keyed by a
        # label that only equals its node's (0.0 or Fraction(0) for node 0:
        # networkx's rule, a dict's, makes them one node); the index finds it.
        try:
            return array.array("I", labels)
        except TypeError:
            labels = chain.from_iterable(rows)
    return array.array("I", map(arcs.index.__getitem__, labels))


# networkx's weight rule (its _weight_function), written here once: the
# readers above and the networkx backend call these.


def _weight_function(weight: Any, multi: bool, default: Any = 1) -> WeightFunction:
    """networkx's rule for the weight of edge ``u -> v`` from its attribute
    dict (a multigraph's: the dict of its parallel edges, by key): a
    callable is itself; a name reads that attribute, ``default`` where an
    edge lacks it, and the lightest of parallel edges (see _lightest).  A
    weight of None hides the edge from Dijkstra (see _hide_none)."""
    if callable(weight):
        return weight  # type: ignore[no-any-return]
    if multi:
        get = methodcaller("get", weight, default)
        return lambda u, v, keydict: _lightest(keydict, get)
    return lambda u, v, attrs: attrs.get(weight, default)


def _row_weights(rows: list[Any], name: Any, multi: bool) -> list[Any]:
    """The weights of _weight_function(name, multi) for every edge of some
    rows of a networkx adjacency, in order: the inner loop of reading a
    graph, with no Python call per edge."""
    if not multi:
        return [attrs.get(name, 1) for nbrs in rows for attrs in nbrs.values()]
    get = methodcaller("get", name, 1)
    try:
        return [min(map(get, keydict.values())) for nbrs in rows for keydict in nbrs.values()]
    except TypeError:  # weights min() cannot order: edge by edge
        return [_lightest(keydict, get) for nbrs in rows for keydict in nbrs.values()]


def _lightest(keydict: Mapping[Any, Mapping[Any, Any]], get: Callable[[Any], Any]) -> Any:
    """The weight of a multigraph's parallel edges: the least of their
    attributes, each read by ``get`` (networkx's ``min``).  Weights that
    cannot be ordered (None and a number, say) give an :class:`_Unordered`,
    which is not a number: the edge then raises TypeError where a search
    examines it, as networkx's ``min`` raises there, and nowhere else."""
    weights = list(map(get, keydict.values()))
    try:
        return min(weights)
    except TypeError:
        return _Unordered(weights)


class _Unordered:
    """The weight of parallel edges whose weights cannot be ordered."""

    __slots__ = ("weights",)

    def __init__(self, weights: list[Any]) -> None:
        self.weights = weights

    def __repr__(self) -> str:
        listed = ", ".join(map(repr, self.weights))
        return f"parallel edges weighing {listed}, which cannot be ordered"


def _hide_none(arcs: _Arcs) -> None:
    """Leaves out the arcs whose weight attribute is None, as networkx's
    Dijkstra skips them (its weight function returns None), and keeps the
    first as ``arcs.none_edge``: prim raises TypeError for it, as networkx's
    spanning trees do (they multiply the weight by a sign)."""
    keep = [w is not None for w in arcs.weights]
    first = keep.index(False)
    arcs.none_edge = (arcs.nodes[arcs.tails[first]], arcs.nodes[arcs.heads[first]])
    arcs.tails = array.array("I", compress(arcs.tails, keep))
    arcs.heads = array.array("I", compress(arcs.heads, keep))
    arcs.weights = list(compress(arcs.weights, keep))


# Rows read per block by _read_weights: a few thousand weights, whose float
# objects are still in cache when they are checked and converted.
_ROWS_PER_BLOCK = 256


def _read_weights(arcs: _Arcs, rows: list[Any], read: Callable[[list[Any]], list[Any]]) -> None:
    """Fills ``arcs.weights`` with ``read`` of each block of rows, and
    ``arcs.doubles`` if every weight is a float. Each block is type-checked
    and converted right after it is read, while its objects are in cache:
    on a graph larger than the cache, separate passes over all the weights
    missed it for every weight."""
    weights = arcs.weights
    doubles: Optional[array.array[float]] = array.array("d")
    for start in range(0, len(rows), _ROWS_PER_BLOCK):
        block = read(rows[start:start + _ROWS_PER_BLOCK])
        weights += block
        if doubles is not None:
            if countOf(map(type, block), float) == len(block):
                doubles.extend(block)
            else:  # ints, other numbers: _float_kind decides
                doubles = None
    arcs.doubles = doubles


def _is_range(nodes: Sequence[Any]) -> bool:
    """Whether the labels are exactly the ints 0 .. n - 1, in order."""
    n = len(nodes)
    return countOf(map(type, nodes), int) == n and list(nodes) == list(range(n))


def _read_edge_list(edges: Iterable[Any], weight: Any) -> _Arcs:
    """Edges ``(u, v)`` (weighing 1), ``(u, v, w)`` with a number ``w``, or
    ``(u, v, attrs)`` with an attribute dict read by ``weight``."""
    arcs = _Arcs()
    node = arcs.node
    attribute = _weight_function(weight, False)
    for edge in edges:
        if not isinstance(edge, (tuple, list)) or len(edge) not in (2, 3):
            raise TypeError(f"an edge must be (u, v) or (u, v, weight), not {edge!r}")
        u, v = edge[0], edge[1]
        w: Any = 1
        if len(edge) == 3:
            w = edge[2]
            if callable(weight):
                w = weight(u, v, w)
                if w is None:
                    continue
            elif isinstance(w, Mapping):
                w = attribute(u, v, w)
                if w is None:  # an attribute of None: hidden (see _hide_none)
                    if arcs.none_edge is None:
                        arcs.none_edge = (u, v)
                    continue
        arcs.tails.append(node(u))
        arcs.heads.append(node(v))
        arcs.weights.append(w)
    return arcs


def _float_kind(weights: list[Any], node_count: int, kinds: set[type]) -> Optional[bool]:
    """Whether doubles give the exact answer for ``weights`` (whose types are
    ``kinds``): None if not (the Python loop must run), else whether every
    weight is an integer (so the results are ints).  Floats include their
    subclasses (numpy.float64); integers are any Integral (bool, numpy.int64)."""
    floats = integers = False
    for kind in kinds:
        if issubclass(kind, float):
            floats = True
        elif issubclass(kind, numbers.Integral):
            integers = True
        else:  # Fraction, Decimal, numpy.float32 (whose sums round to float32) ...
            return None
    if not integers:
        return False
    # Every sum along a path (at most node_count - 1 arcs) stays exact.
    largest = max(abs(int(w)) for w in weights if not isinstance(w, float))
    if largest * max(node_count - 1, 1) > _EXACT_INT:
        return None
    return not floats


# What each C array holds: its C type, what its items must be (for the
# errors), and the numpy dtype kinds converted without loss of meaning
# (b: bool, i: signed, u: unsigned, f: float); any other kind is refused.
_ARRAYS = {
    "I": ("uint32_t", "node indices (integers in [0, 2**32))", "biu"),
    "d": ("double", "real numbers", "biuf"),
}


def _takes_index_only() -> bool:
    """Whether array.array("I") converts items by __index__ alone (CPython);
    PyPy's takes __int__ as well, which would read Decimal("1.5") as 1."""

    class IntOnly:
        def __int__(self) -> int:
            return 0

    try:
        array.array("I", [IntOnly()])  # type: ignore[type-var]
    except TypeError:
        return True
    return False


# Where array.array takes __int__, index items go through operator.index
# first (slower: CPython's array takes a list of ints 3 times as fast).
_ARRAY_TAKES_INDEX_ONLY = _takes_index_only()


def _buffer(values: Any, typecode: str, what: str) -> Any:
    """``values`` (a list, array.array, numpy array or any buffer) as a
    one-dimensional C-contiguous buffer of ``typecode`` items whose len() is
    its item count, copied only if it must be: the C side then reads
    exactly its bytes.  Raises ValueError for another shape or an index out
    of range, TypeError for items of another kind (floats as node indices,
    even whole ones, as Python and numpy refuse them as indices)."""
    ctype, items, kinds = _ARRAYS[typecode]
    try:
        view: Optional[memoryview] = memoryview(values)
    except (TypeError, ValueError):  # no buffer, or one numpy cannot export
        view = None
    shape = getattr(values, "shape", None) if view is None else view.shape
    if shape is not None and len(shape) != 1:
        raise ValueError(f"{what} must be one-dimensional, not of shape {tuple(shape)}")
    if view is not None and view.c_contiguous and view.itemsize == ffi.sizeof(ctype) and (
        view.format in (typecode, "=" + typecode, "<" + typecode)
    ):
        return view  # read in place
    dtype = getattr(values, "dtype", None)
    kind = getattr(dtype, "kind", "O")
    if kind != "O" and callable(getattr(values, "astype", None)):  # numpy
        if kind not in kinds:
            raise TypeError(f"{what} must be {items}, not an array of {dtype}")
        if typecode == "d":
            return values.astype("float64", order="C")
        if len(values) and (values.min() < 0 or values.max() >= 2**32):
            raise ValueError(f"{what} must be {items}")
        return values.astype("uint32", order="C")
    try:
        # Each item converted by its __index__ (indices) or __float__
        # (weights); a buffer's items as its format reads them (array.array
        # would read bytes, and PyPy's any buffer, as raw memory).
        if view is not None and dtype is None:
            values = view.tolist()
        if typecode == "I" and not _ARRAY_TAKES_INDEX_ONLY:
            values = map(operator.index, values)
        return array.array(typecode, values)
    except OverflowError as exc:  # a negative index, 2**32, 10**400 as a weight
        raise ValueError(f"{what} must be {items}: {exc}") from None
    except (TypeError, NotImplementedError) as exc:
        raise TypeError(f"{what} must be a sequence of {items}: {exc}") from None


# ---------------------------------------------------------------------------
# CompactGraph


class CompactGraph:
    """A graph read once into C memory, for the compiled algorithms.

    ``CompactGraph(graph, weight="weight", *, directed=None)`` reads

    * a networkx graph (any of the four classes, or a view), a mapping of
      mappings ``{u: {v: w}}``, or an iterable of edges ``(u, v)``,
      ``(u, v, w)`` or ``(u, v, attrs)``: labels are kept, each edge's weight
      is read once by networkx's rule (see the module docstring);
    * a scipy sparse matrix or array: node ``i`` is row and column ``i``,
      every stored entry is an edge (as in scipy.sparse.csgraph).

    ``directed`` defaults to the graph's own (networkx) or True; with
    ``directed=False`` a mapping is read as undirected as :func:`prim` reads
    it, and each edge of an edge list goes both ways.  See
    :meth:`from_arrays` for index arrays.  Parallel edges are all kept; the
    algorithms use the lightest.

    The graph is copied: changing the source graph afterwards does not
    change the CompactGraph, which never changes.  Memory: 12 bytes per arc
    (an undirected edge is two arcs) and 8 per node, see :attr:`memory`.
    Any number of threads may use one CompactGraph at once; a second
    ``__init__`` raises TypeError.
    """

    __slots__ = ("_graph", "_index", "_integral", "_none_edge", "_succ", "directed", "nodes")

    #: The node labels; node ``i`` of the C graph is ``nodes[i]``.
    nodes: Sequence[Any]
    #: Whether the arcs go one way only (prim needs an undirected graph).
    directed: bool
    _index: Any  # label -> position: a dict, or a _RangeIndex
    _integral: bool  # every weight an int: results are ints
    _none_edge: Optional[tuple[Any, Any]]  # an edge hidden for its None weight
    _succ: Optional[list[list[tuple[int, Any]]]]  # the exact loop's graph
    _graph: Any  # the C graph (None with _succ)

    def __init__(self, graph: Any, weight: Weight = "weight", *, directed: Optional[bool] = None):
        if isinstance(graph, CompactGraph):
            raise TypeError("graph is already a CompactGraph")
        if hasattr(self, "_graph"):
            # Immutable, so that threads may share it: no second __init__.
            raise TypeError("a CompactGraph cannot be initialised twice: build a new one")
        if hasattr(graph, "tocoo") and hasattr(graph, "shape"):
            self._from_sparse(graph, bool(directed) if directed is not None else True)
            return
        if hasattr(graph, "is_directed") or hasattr(graph, "items"):
            adj, is_nx, nx_directed, multi = _adjacency(graph)
            if directed is None:
                directed = nx_directed
            elif is_nx and directed != nx_directed:
                raise ValueError(
                    f"directed={directed} contradicts the networkx graph's own "
                    f"({'directed' if nx_directed else 'undirected'})"
                )
            if not is_nx and not directed:
                adj = _undirected(adj)
            arcs = _read_adjacency(adj, is_nx, multi, weight)
        elif isinstance(graph, Iterable) and not isinstance(graph, (str, bytes)):
            if directed is None:
                directed = True
            arcs = _read_edge_list(graph, weight)
            if not directed:  # each edge both ways (a self-loop once)
                back = [i for i, (t, h) in enumerate(zip(arcs.tails, arcs.heads)) if t != h]
                arcs.tails, arcs.heads, arcs.weights = (
                    arcs.tails + array.array("I", [arcs.heads[i] for i in back]),
                    arcs.heads + array.array("I", [arcs.tails[i] for i in back]),
                    arcs.weights + [arcs.weights[i] for i in back],
                )
        else:
            _adjacency(graph)  # raises the TypeError that says what is accepted
            raise AssertionError("unreachable")
        self._set(arcs, directed)

    def _set(self, arcs: _Arcs, directed: bool) -> None:
        n = len(arcs.nodes)
        kind: Optional[bool] = False
        if arcs.doubles is None:
            kinds = set(map(type, arcs.weights))
            if arcs.attributes and type(None) in kinds:
                _hide_none(arcs)
                kinds.discard(type(None))
            kind = _float_kind(arcs.weights, n, kinds)
        succ: Optional[list[list[tuple[int, Any]]]] = None
        graph: Any = None
        if kind is None:
            # Exact arithmetic: the Python loop, on successor lists.
            succ = [[] for _ in range(n)]
            for t, h, w in zip(arcs.tails, arcs.heads, arcs.weights):
                succ[t].append((h, w))
        else:
            doubles = arcs.doubles if arcs.doubles is not None else array.array("d", arcs.weights)
            graph = _new_c_graph(n, arcs.tails, arcs.heads, doubles, 0)
        if _is_range(arcs.nodes):  # results then need no label lookups
            self.nodes = range(n)
            self._index = _RangeIndex(n)
        else:
            self.nodes = arcs.nodes
            self._index = arcs.index
        self.directed = directed
        self._integral = bool(kind)
        self._none_edge = arcs.none_edge
        self._succ = succ
        self._graph = graph

    def _from_sparse(self, matrix: Any, directed: bool) -> None:
        rows, columns = matrix.shape
        if rows != columns:
            raise ValueError(f"a graph's matrix must be square, not {rows} x {columns}")
        coo = matrix.tocsr().tocoo()  # sums duplicate entries, as csgraph does
        self._set_arrays(coo.row, coo.col, coo.data, rows, directed)

    @classmethod
    def from_arrays(
        cls,
        tails: Any,
        heads: Any,
        weights: Any = None,
        *,
        node_count: Optional[int] = None,
        directed: bool = True,
    ) -> CompactGraph:
        """A CompactGraph of the arcs ``tails[i] -> heads[i]`` weighing
        ``weights[i]`` (1 if ``weights`` is None), over the nodes
        ``0 .. node_count - 1`` (default: one past the largest index).

        Each argument is a list or any buffer (array.array, numpy array);
        one of the right C type (uint32, float64) is used without a copy.
        Indices are integers (TypeError for floats, even whole ones, as
        Python and numpy refuse them as indices; ValueError out of range);
        the weights are floats.  Each argument must be one-dimensional
        (ValueError).  An undirected graph (``directed=False``) gets each arc
        both ways."""
        self = cls.__new__(cls)
        if node_count is not None:
            node_count = _int_argument(node_count, "node_count")
        tails = _buffer(tails, "I", "tails")
        heads = _buffer(heads, "I", "heads")
        if len(tails) != len(heads):
            raise ValueError(f"{len(tails)} tails but {len(heads)} heads")
        if weights is None:
            weights = array.array("d", [1.0]) * len(tails)
        weights = _buffer(weights, "d", "weights")
        if len(weights) != len(tails):
            raise ValueError(f"{len(tails)} arcs but {len(weights)} weights")
        if node_count is None:
            node_count = 1 + max(_largest(tails), _largest(heads))
        elif node_count < 0:
            raise ValueError(f"node_count must be >= 0, not {node_count}")
        self._set_arrays(tails, heads, weights, node_count, directed)
        return self

    def _set_arrays(self, tails: Any, heads: Any, weights: Any, n: int, directed: bool) -> None:
        tails = _buffer(tails, "I", "tails")
        heads = _buffer(heads, "I", "heads")
        weights = _buffer(weights, "d", "weights")
        graph = _new_c_graph(n, tails, heads, weights, 0 if directed else lib.FH_GRAPH_UNDIRECTED)
        self.nodes = range(n)
        self._index = _RangeIndex(n)
        self.directed = directed
        self._integral = False
        self._none_edge = None
        self._succ = None
        self._graph = graph

    def __getattr__(self, name: str) -> Any:
        # Only reached for a slot never set: CompactGraph.__new__ without
        # __init__.
        raise AttributeError(
            f"this CompactGraph was never initialised (no {name!r}): build it with "
            "CompactGraph(graph) or CompactGraph.from_arrays(...)"
        )

    # -- reading it back

    def __len__(self) -> int:
        return len(self.nodes)

    def __contains__(self, node: Any) -> bool:
        try:
            return node in self._index
        except TypeError:
            return False

    @property
    def arc_count(self) -> int:
        """The arcs stored (an undirected edge counts twice)."""
        if self._succ is not None:
            return sum(map(len, self._succ))
        return int(lib.fh_graph_arc_count(self._graph))

    @property
    def memory(self) -> int:
        """Bytes of C memory held (0 for a graph of exact weights, which the
        Python loop runs on)."""
        if self._graph is None:
            return 0
        return int(lib.fh_graph_memory(self._graph))

    def __repr__(self) -> str:
        kind = "directed" if self.directed else "undirected"
        return f"<CompactGraph, {kind}, {len(self)} nodes, {self.arc_count} arcs>"

    def __copy__(self) -> CompactGraph:
        return self  # it never changes, so a copy may be itself

    def __deepcopy__(self, memo: Any) -> CompactGraph:
        return self

    def __reduce__(self) -> NoReturn:
        raise TypeError("a CompactGraph cannot be pickled: pickle the graph it was built from")

    def _position(self, node: Any, role: str) -> int:
        try:
            return int(self._index[node])
        except (KeyError, TypeError):
            raise KeyError(f"{role} node {node!r} is not in the graph") from None

    # -- many sources

    def distance_matrix(
        self,
        sources: Optional[Iterable[Any]] = None,
        *,
        cutoff: Optional[float] = None,
        threads: Optional[int] = None,
    ) -> list[array.array[float]]:
        """Distances from each of ``sources`` (default: every node), one row
        per source: ``rows[i][j]`` is the distance from ``sources[i]`` to
        ``nodes[j]`` as a float, ``inf`` where it is not reached (or farther
        than ``cutoff``).  A node reached at distance ``inf`` (an infinite
        weight on the way) reads ``inf`` too: :func:`dijkstra` tells the two
        apart.  The sources run on ``threads`` threads (default: the CPUs
        this process may use), each in C with the GIL released, all of them
        finished when the call returns.

        Raises KeyError for a source not in the graph and ValueError for a
        negative or NaN weight, as :func:`dijkstra` does; TypeError if
        ``threads`` is not an int."""
        return self._rows(sources, cutoff, threads, _INF)

    def _rows(
        self, sources: Optional[Iterable[Any]], cutoff: Any, threads: Optional[int],
        unreached: float,
    ) -> list[array.array[float]]:
        """:meth:`distance_matrix` with ``unreached`` where a node is not
        reached: NaN, which no distance is, keeps apart the nodes reached at
        distance inf."""
        if threads is not None:
            threads = _int_argument(threads, "threads")
        if sources is None:
            sources = self.nodes
        positions = [self._position(s, "source") for s in sources]
        n = len(self.nodes)
        if self._graph is None:
            return [self._exact_row(p, cutoff, unreached) for p in positions]
        count = len(positions)
        c_sources = ffi.new("uint32_t[]", positions)
        rows = ffi.new("double[]", count * n)
        if threads is None:
            threads = _usable_cpus()
        threads = max(1, min(threads, count))
        limit = _cutoff(cutoff)
        # The threads share the batch out through one cursor (see graph.h).
        cursor = ffi.new("size_t *") if threads > 1 else ffi.NULL
        bad = [ffi.new("fh_graph_arc *") for _ in range(threads)]
        statuses = [0] * threads

        def run(k: int) -> None:
            statuses[k] = lib.fh_graph_distances(
                self._graph, c_sources, count, limit, unreached, rows, cursor, bad[k]
            )

        workers = [threading.Thread(target=run, args=(k,)) for k in range(1, threads)]
        for worker in workers:
            worker.start()
        try:
            run(0)
        finally:
            for worker in workers:
                worker.join()
        if any(statuses):
            # Which source a thread failed on depends on timing: run in
            # order, the first failing source names the error, as with one
            # thread (and a batch that failed for want of memory may pass).
            status = lib.fh_graph_distances(
                self._graph, c_sources, count, limit, unreached, rows, ffi.NULL, bad[0]
            )
            if status:
                self._raise(status, bad[0], "dijkstra")
        data = ffi.buffer(rows)
        row_bytes = 8 * n
        return [array.array("d", data[i * row_bytes : (i + 1) * row_bytes]) for i in range(count)]

    def _exact_row(self, position: int, cutoff: Any, unreached: float) -> array.array[float]:
        row = array.array("d", [unreached]) * len(self.nodes)
        dist, _pred = _dijkstra_exact(self._succ or [], [position], -1, cutoff, self.nodes)
        for v, d in dist.items():
            row[v] = float(d)
        return row

    # -- failures

    def _raise(self, status: int, arc: Any, algorithm: str) -> NoReturn:
        if status == lib.FH_EWEIGHT:
            w: Any = arc.weight
            if self._integral and w == w:
                w = int(w)
            sign = "->" if algorithm == "dijkstra" else "-"
            _bad_weight(self.nodes[arc.tail], self.nodes[arc.head], w, sign)
        message = ffi.string(lib.fh_graph_strerror(status)).decode()
        if status == lib.FH_ENOMEM:
            raise MemoryError(message)
        raise RuntimeError(f"fiboheap.graph: {message}")


class _RangeIndex:
    """The index of a graph whose labels are 0 .. n - 1: itself."""

    __slots__ = ("n",)

    def __init__(self, n: int) -> None:
        self.n = n

    def __getitem__(self, node: Any) -> int:
        if type(node) is int:
            if 0 <= node < self.n:
                return node
            raise KeyError(node)
        # networkx's rule is a dict's: a label that hashes as the int i and
        # equals it (1.0, numpy.float64(1), Fraction(1), True) is node i.
        # hash(i) is i for every position, so the hash names the candidate.
        i = hash(node)
        if 0 <= i < self.n and node == i:
            return i
        raise KeyError(node)

    def __contains__(self, node: Any) -> bool:
        try:
            self[node]
        except KeyError:
            return False
        return True


def _int_argument(value: Any, name: str) -> int:
    """``value`` as an int if it is one (an int, bool or numpy integer: any
    ``__index__``); TypeError naming the argument otherwise, as for 2.5."""
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be an int, not {type(value).__name__}") from None


def _largest(indices: Any) -> int:
    """The largest of some node indices, -1 if none (numpy's max if it has one)."""
    if not len(indices):
        return -1
    largest = getattr(indices, "max", None)
    return int(largest() if callable(largest) else max(indices))


def _new_c_graph(n: int, tails: Any, heads: Any, weights: Any, flags: int) -> Any:
    if n > lib.FH_GRAPH_MAX_NODES:
        raise ValueError(f"a CompactGraph holds at most {lib.FH_GRAPH_MAX_NODES} nodes, not {n}")
    out = ffi.new("fh_graph **")
    bad = ffi.new("size_t *")
    status = lib.fh_graph_new(
        out,
        n,
        len(tails),
        ffi.from_buffer("uint32_t[]", tails),
        ffi.from_buffer("uint32_t[]", heads),
        ffi.from_buffer("double[]", weights),
        flags,
        bad,
    )
    if status == lib.FH_ENODE:
        i = bad[0]
        raise ValueError(
            f"arc {i} ({tails[i]} -> {heads[i]}) names a node outside 0 .. {n - 1}"
        )
    if status != 0:
        raise MemoryError(ffi.string(lib.fh_graph_strerror(status)).decode())
    graph = out[0]
    return ffi.gc(graph, lib.fh_graph_free, size=lib.fh_graph_memory(graph))


def _usable_cpus() -> int:
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        return len(affinity(0))
    return os.cpu_count() or 1


def _compact(graph: Any, weight: Weight, directed: Optional[bool] = None) -> CompactGraph:
    if isinstance(graph, CompactGraph):
        if not hasattr(graph, "nodes"):
            raise TypeError("this CompactGraph was never initialised (its __init__ was not run)")
        return graph
    if not (hasattr(graph, "is_directed") or hasattr(graph, "items")):
        _adjacency(graph)  # the TypeError saying what a graph may be
    return CompactGraph(graph, weight, directed=directed)


def _cutoff(cutoff: Any) -> float:
    """The largest float not above ``cutoff``: a float distance is at most
    that float exactly when it is at most ``cutoff`` (a Fraction, say, or an
    int too large for a float, which networkx compares exactly)."""
    if cutoff is None:
        return _INF
    try:
        bound = float(cutoff)
    except OverflowError:  # 10**400: beyond every float, of either sign
        bound = _INF if cutoff > 0 else -_INF
    if bound > cutoff:
        bound = math.nextafter(bound, -_INF)
    return bound


# ---------------------------------------------------------------------------
# errors


def _is_number(value: Any) -> bool:
    return isinstance(value, numbers.Real) or (
        hasattr(value, "__float__") and not isinstance(value, (str, bytes, complex))
    )


def _is_nan(w: Any) -> bool:
    """NaN, without the InvalidOperation that comparing a signalling
    Decimal NaN raises."""
    is_nan = getattr(w, "is_nan", None)
    if callable(is_nan):
        return bool(is_nan())
    return bool(w != w)


def _bad_weight(u: Any, v: Any, w: Any, sign: str = "->") -> NoReturn:
    """Raise the error for the weight ``w`` of edge ``u -> v`` that failed a
    check (negative or NaN: ValueError; not a number: TypeError)."""
    edge = f"{u!r} {sign} {v!r}"
    if not _is_number(w):
        raise TypeError(f"the weight of edge {edge} is not a number: {w!r}")
    if _is_nan(w):
        raise ValueError(f"the weight of edge {edge} is NaN")
    raise ValueError(f"negative weight {w!r} on edge {edge}: dijkstra needs weights >= 0")


def _reraise(exc: Exception, u: Any, v: Any, w: Any, sign: str = "->") -> NoReturn:
    """A TypeError or an arithmetic error (Decimal's InvalidOperation) escaped
    the Python loop: name the edge if its weight is the culprit."""
    if not _is_number(w) or _is_nan(w):
        try:
            _bad_weight(u, v, w, sign)
        except (TypeError, ValueError) as error:
            raise error from exc
    raise exc


# ---------------------------------------------------------------------------
# Dijkstra


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

    See the module docstring for the accepted ``graph`` and ``weight`` values
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
    g = _compact(graph, weight)
    dist, pred = _settle(g, sources, target, cutoff, True)
    return dist, pred or {}


def _settle(
    g: CompactGraph, sources: Iterable[Any], target: Any, cutoff: Any, with_pred: bool
) -> tuple[dict[Any, Any], Optional[dict[Any, Any]]]:
    """:func:`multi_source_dijkstra` on a CompactGraph; the predecessors
    only ``with_pred`` (distance-only callers skip building them)."""
    positions = [g._position(s, "source") for s in sources]
    if not positions:
        raise ValueError("sources must not be empty")
    try:
        goal = -1 if target is None else g._index[target]
    except (KeyError, TypeError):
        goal = -1  # never reached: the search runs to the end
    nodes = g.nodes
    if g._succ is not None:
        exact, by = _dijkstra_exact(g._succ, positions, goal, cutoff, nodes)
        return (
            {nodes[v]: d for v, d in exact.items()},
            {nodes[v]: nodes[p] for v, p in by.items()} if with_pred else None,
        )
    return _as_dicts(g, len(set(positions)), *_search(g, positions, goal, cutoff, with_pred))


def _search(
    g: CompactGraph, sources: list[int], target: int, cutoff: Any, with_pred: bool
) -> tuple[Any, Any, Any, int]:
    """The compiled search: C arrays of the settled nodes' positions in the
    order they were settled, of their distances and (``with_pred``, else
    NULL) of their predecessors' positions, and how many nodes settled."""
    n = len(g.nodes)
    c_order = ffi.new("uint32_t[]", n)
    c_dist = ffi.new("double[]", n)
    c_pred = ffi.new("int64_t[]", n) if with_pred else ffi.NULL
    settled = ffi.new("size_t *")
    bad = ffi.new("fh_graph_arc *")
    status = lib.fh_graph_dijkstra(
        g._graph, sources, len(sources), target, _cutoff(cutoff), c_order, c_dist, c_pred,
        settled, bad,
    )
    if status != 0:
        g._raise(status, bad, "dijkstra")
    return c_order, c_dist, c_pred, settled[0]


def _as_dicts(
    g: CompactGraph, source_count: int, c_order: Any, c_dist: Any, c_pred: Any, k: int
) -> tuple[dict[Any, Any], Optional[dict[Any, Any]]]:
    """What :func:`multi_source_dijkstra` returns, in the caller's labels,
    from the output of :func:`_search` from ``source_count`` distinct
    sources: the predecessors only if ``c_pred`` is not NULL."""
    nodes = g.nodes
    order = ffi.unpack(c_order, k)
    dist = ffi.unpack(c_dist, k)
    # The sources settle first (key 0, inserted first) and have no pred.
    first = min(source_count, k)
    labels = order if isinstance(nodes, range) else list(map(nodes.__getitem__, order))
    result = dict(zip(labels, map(int, dist) if g._integral else dist))
    for label in labels[:first]:
        result[label] = 0  # as networkx: the sources' 0 is an int
    if c_pred == ffi.NULL:
        return result, None
    before: Iterable[Any] = ffi.unpack(c_pred, k)[first:]
    if not isinstance(nodes, range):
        before = map(nodes.__getitem__, before)
    return result, dict(zip(labels[first:], before))


def _dijkstra_exact(
    succ: list[list[tuple[int, Any]]], sources: list[int], target: int, cutoff: Any, nodes: Any
) -> tuple[dict[int, Any], dict[int, int]]:
    """The one Python loop: Dijkstra in exact arithmetic, by position.

    heapq orders the exact sums (the C heap's float keys would tie sums that
    round to one float); each push takes the next number of a counter, so
    ties pop in the order of their last lowering, as in the C loop and in
    networkx (see csrc/graph.h)."""
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
    v = u = w = None
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
                    _bad_weight(nodes[v], nodes[u], w)
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
        _reraise(exc, nodes[v], nodes[u], w)
    return dist, {x: pred[x] for x in dist if x in pred}


def _bidirectional(
    forward: CompactGraph, backward: CompactGraph, source: int, target: int
) -> Optional[tuple[Any, list[Any]]]:
    """networkx's ``bidirectional_dijkstra`` in C, between two positions of
    ``forward`` (float weights): ``(length, path)`` in labels, None if there
    is no path.  ``backward`` is ``forward`` reversed, each node's arcs in
    the order networkx lists its predecessors (``forward`` itself when it is
    undirected with weights the same both ways); see csrc/graph.h."""
    n = len(forward.nodes)
    path = ffi.new("uint32_t[]", n)
    length = ffi.new("double *")
    steps = ffi.new("size_t *")
    bad = ffi.new("fh_graph_arc *")
    status = lib.fh_graph_bidirectional(
        forward._graph, backward._graph, source, target, length, path, steps, bad
    )
    if status != 0:
        forward._raise(status, bad, "dijkstra")
    if not steps[0]:
        return None
    nodes = forward.nodes
    labels: list[Any] = ffi.unpack(path, steps[0])
    if not isinstance(nodes, range):
        labels = list(map(nodes.__getitem__, labels))
    total = length[0]
    return (int(total) if forward._integral else total), labels


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
    g = _compact(graph, weight)
    dist, pred = dijkstra(g, source, target)
    try:
        length = dist[target]
    except (KeyError, TypeError):
        if target in g:
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
    graph's node order.  Of equal weights the edge found first joins first,
    as in networkx's prim from the same roots.  Negative weights are allowed.

    A networkx graph or CompactGraph must be undirected (``ValueError``
    otherwise).  A mapping of mappings is read as undirected: each ``u -> v``
    entry is the edge ``u - v``; an edge listed both ways must carry the same
    weight (``ValueError`` otherwise).

    Raises :class:`KeyError` if ``root`` is given and not in the graph,
    :class:`ValueError` if an edge has a NaN weight (a self-loop too) and
    :class:`TypeError` if a weight is not a number (an attribute of None too).
    """
    if not isinstance(graph, CompactGraph):
        _adjacency(graph)  # the TypeError saying what a graph may be
    g = _compact(graph, weight, None if hasattr(graph, "is_directed") else False)
    if g.directed:
        raise ValueError(
            "prim() needs an undirected graph (a minimum spanning tree of a directed "
            "graph is an arborescence); pass graph.to_undirected()"
        )
    if g._none_edge is not None:  # hidden from Dijkstra only (see _hide_none)
        _bad_weight(*g._none_edge, None, "-")
    roots = [] if root is None else [g._position(root, "root")]
    if g._succ is not None:
        return _prim_exact(g._succ, roots, g.nodes)
    return _as_edges(g, *_grow_forest(g, roots))


def _grow_forest(g: CompactGraph, roots: list[int]) -> tuple[Any, Any, Any, int]:
    """The compiled Prim, a tree from each of ``roots`` (positions) not yet
    in one, then from each node not yet in one, in node order: C arrays of
    the forest's edges (tail and head positions, weights) in the order they
    were added, and their count."""
    n = len(g.nodes)
    tails = ffi.new("uint32_t[]", n)
    heads = ffi.new("uint32_t[]", n)
    weights = ffi.new("double[]", n)
    edges = ffi.new("size_t *")
    bad = ffi.new("fh_graph_arc *")
    status = lib.fh_graph_prim(g._graph, roots, len(roots), tails, heads, weights, edges, bad)
    if status != 0:
        g._raise(status, bad, "prim")
    return tails, heads, weights, edges[0]


def _as_edges(
    g: CompactGraph, tails: Any, heads: Any, weights: Any, k: int
) -> tuple[Any, list[tuple[Any, Any, Any]]]:
    """What :func:`prim` returns, in the caller's labels, from the output of
    :func:`_grow_forest`."""
    nodes = g.nodes
    us: Iterable[Any] = ffi.unpack(tails, k)
    vs: Iterable[Any] = ffi.unpack(heads, k)
    ws: list[Any] = ffi.unpack(weights, k)
    if not isinstance(nodes, range):
        us, vs = map(nodes.__getitem__, us), map(nodes.__getitem__, vs)
    if g._integral:
        ws = list(map(int, ws))
    total: Any = 0
    for w in ws:
        total += w
    return total, list(zip(us, vs, ws))


def _prim_exact(
    succ: list[list[tuple[int, Any]]], roots: list[int], nodes: Any
) -> tuple[Any, list[tuple[Any, Any, Any]]]:
    """Prim in exact arithmetic, by position (heapq and a counter, as
    _dijkstra_exact), with _grow_forest's roots and order."""
    in_tree = [False] * len(succ)
    best: dict[int, Any] = {}  # lightest known edge into the tree
    via: dict[int, int] = {}
    counter = count()
    edges: list[tuple[Any, Any, Any]] = []
    total: Any = 0
    heap: list[tuple[Any, int, int]] = []
    push, pop = heapq.heappush, heapq.heappop
    starts = roots + list(range(len(succ)))
    v = u = w = None
    try:
        for v in starts:
            if in_tree[v]:
                continue
            while True:
                in_tree[v] = True
                for u, w in succ[v]:
                    # Checked first, so that a self-loop's weight is too.
                    if not _is_number(w) or _is_nan(w):
                        _bad_weight(nodes[v], nodes[u], w, "-")
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
        _reraise(exc, nodes[v], nodes[u], w, "-")
    return total, edges
