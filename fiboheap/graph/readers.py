"""Reading a graph: networkx graphs, mappings of mappings, edge lists and
arrays become the arcs a :class:`~fiboheap.graph.CompactGraph` is built from.

networkx's weight rule (:func:`weight_function`) is written here once: the
readers below, the networkx backend and the spanning-tree checks call it.
The names without an underscore are this package's seams (compact.py and
the networkx backend use them); :mod:`fiboheap.graph` is the API.
"""

from __future__ import annotations

import array
import numbers
import operator
from collections.abc import Hashable, Iterable, Mapping, Sequence
from itertools import chain, compress, repeat
from operator import countOf, methodcaller
from typing import Any, Callable, Optional, Union

from fiboheap._binding import ffi

__all__ = [
    "Arcs",
    "GraphNode",
    "Weight",
    "WeightFunction",
    "adjacency",
    "buffer",
    "edges_once",
    "int_argument",
    "is_range",
    "read_adjacency",
    "read_edge_list",
    "result_numbers",
    "weight_function",
    "weight_kind",
]

#: A graph node: anything hashable (networkx's rule).
GraphNode = Hashable
#: A callable edge weight, ``weight(u, v, attrs) -> number or None``.
WeightFunction = Callable[[Any, Any, Any], Optional[float]]
#: What the ``weight`` arguments accept: an attribute name or a callable.
Weight = Union[str, WeightFunction]

# Sums of ints up to this bound are exact as doubles.
_EXACT_INT = 2**53


def adjacency(graph: Any) -> tuple[Mapping[Any, Any], bool, bool, bool]:
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


def edges_once(adj: Mapping[Any, Any]) -> dict[Any, dict[Any, Any]]:
    """A mapping of mappings read as undirected: each ``u -> v`` entry is the
    edge ``u - v``, listed once in the result, under the node that names it
    first (an edge listed both ways must carry the same value).  The C graph
    then makes each edge two-way (``FH_GRAPH_UNDIRECTED``)."""
    once: dict[Any, dict[Any, Any]] = {u: {} for u in adj}
    absent = object()
    for u, nbrs in adj.items():
        once_u = once[u]
        for v, w in _neighbours(u, nbrs).items():
            # the weight of v -> u if v listed the edge first (one lookup of u)
            old = once.get(v, {}).get(u, absent)
            if old is absent:
                once_u[v] = w
            elif old is not w and old != w and (old == old or w == w):
                raise ValueError(
                    f"edge {u!r} - {v!r} is listed both ways with different weights: "
                    f"{w!r} ({u!r} -> {v!r}) and {old!r} ({v!r} -> {u!r})"
                )
    return once


class Arcs:
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


def read_adjacency(adj: Mapping[Any, Any], is_nx: bool, multi: bool, weight: Any) -> Arcs:
    """Every arc of ``adj`` with its weight read by networkx's rule, read
    once; an edge whose callable weight is None is left out."""
    arcs = Arcs(list(adj))
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


def _positions(arcs: Arcs, rows: list[Any]) -> array.array[int]:
    """The positions of the neighbours listed in ``rows`` (a networkx
    adjacency's, whose neighbours are all nodes of ``arcs``)."""
    labels = chain.from_iterable(rows)
    if is_range(arcs.nodes):
        # The labels are the positions, unless a neighbour is keyed by a
        # label that only equals its node's (0.0 or Fraction(0) for node 0:
        # networkx's rule, a dict's, makes them one node); the index finds it.
        try:
            return array.array("I", labels)
        except TypeError:
            labels = chain.from_iterable(rows)
    return array.array("I", map(arcs.index.__getitem__, labels))


# networkx's weight rule (its weight_function), written here once: the
# readers above and the networkx backend call these.


def weight_function(weight: Any, multi: bool, default: Any = 1) -> WeightFunction:
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
    """The weights of weight_function(name, multi) for every edge of some
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


def _hide_none(arcs: Arcs) -> None:
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


def _read_weights(arcs: Arcs, rows: list[Any], read: Callable[[list[Any]], list[Any]]) -> None:
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


def is_range(nodes: Sequence[Any]) -> bool:
    """Whether the labels are exactly the ints 0 .. n - 1, in order."""
    n = len(nodes)
    return countOf(map(type, nodes), int) == n and list(nodes) == list(range(n))


def read_edge_list(edges: Iterable[Any], weight: Any) -> Arcs:
    """Edges ``(u, v)`` (weighing 1), ``(u, v, w)`` with a number ``w``, or
    ``(u, v, attrs)`` with an attribute dict read by ``weight``."""
    arcs = Arcs()
    node = arcs.node
    attribute = weight_function(weight, False)
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


def weight_kind(arcs: Arcs) -> Optional[bool]:
    """What the weights of ``arcs`` need: None for exact arithmetic (the
    Python loop of fiboheap/graph/exact.py), else whether every weight is
    an integer (True: the C graph, results turned back to ints; False: the
    C graph, float results).  Arcs whose weight attribute is None are left
    out first (see _hide_none)."""
    if arcs.doubles is not None:
        return False
    kinds = set(map(type, arcs.weights))
    if arcs.attributes and type(None) in kinds:
        _hide_none(arcs)
        kinds.discard(type(None))
    return _float_kind(arcs.weights, len(arcs.nodes), kinds)


def result_numbers(integral: bool, values: Iterable[float]) -> Iterable[Any]:
    """The C engine's results (distances, weights, totals: floats) in the
    number type of the weights read: ints when every weight is an integer
    (``integral``, :func:`weight_kind`'s True), else the floats as they are."""
    return map(int, values) if integral else values


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
# first, there only (CPython's array reads a list of ints faster without it).
_ARRAY_TAKES_INDEX_ONLY = _takes_index_only()


def buffer(values: Any, typecode: str, what: str) -> Any:
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


def int_argument(value: Any, name: str) -> int:
    """``value`` as an int if it is one (an int, bool or numpy integer: any
    ``__index__``); TypeError naming the argument otherwise, as for 2.5."""
    try:
        return operator.index(value)
    except TypeError:
        raise TypeError(f"{name} must be an int, not {type(value).__name__}") from None
