"""CompactGraph: a graph read once (fiboheap/graph/readers.py) into one of
two engines, the C graph of csrc/graph.h or, for weights that floats cannot
sum exactly, the successor lists of fiboheap/graph/exact.py; and the
distance matrix, the one algorithm that runs many sources on threads."""

from __future__ import annotations

import array
import math
import numbers
import os
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import countOf
from types import MappingProxyType
from typing import Any, NoReturn, Optional, Union

from fiboheap._binding import error, ffi, lib
from fiboheap.graph.errors import raise_status
from fiboheap.graph.exact import ExactGraph
from fiboheap.graph.readers import (
    Arcs,
    Weight,
    adjacency,
    buffer,
    edges_once,
    int_argument,
    is_range,
    read_adjacency,
    read_edge_list,
    weight_kind,
)

__all__ = [
    "CompactGraph",
    "GraphLike",
    "RangeIndex",
    "as_compact",
    "float_cutoff",
    "position",
    "positions",
    "usable_cpus",
]

_INF = math.inf


class CompactGraph:
    """A graph read once into C memory, for the compiled algorithms.

    ``CompactGraph(graph, weight="weight", *, directed=None)`` reads

    * a networkx graph (any of the four classes, or a view), a mapping of
      mappings ``{u: {v: w}}``, or an iterable of edges ``(u, v)``,
      ``(u, v, w)`` or ``(u, v, attrs)``: labels are kept, each edge's weight
      is read once by networkx's rule (see :mod:`fiboheap.graph`);
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

    __slots__ = (
        "_exact", "_graph", "_index", "_integral", "_none_edge", "directed", "nodes",
    )

    #: The node labels; node ``i`` of the C graph is ``nodes[i]``.
    nodes: Sequence[Any]
    #: Whether the arcs go one way only (prim needs an undirected graph).
    directed: bool
    _index: Mapping[Any, int]  # label -> position: a dict, or a RangeIndex
    _integral: bool  # every weight an int: results are ints
    _none_edge: Optional[tuple[Any, Any]]  # an edge hidden for its None weight
    _exact: Optional[ExactGraph]  # the exact engine (None with _graph)
    _graph: Any  # the C graph (None with _exact)

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
            adj, is_nx, nx_directed, multi = adjacency(graph)
            if directed is None:
                directed = nx_directed
            elif is_nx and directed != nx_directed:
                raise ValueError(
                    f"directed={directed} contradicts the networkx graph's own "
                    f"({'directed' if nx_directed else 'undirected'})"
                )
            # networkx's own undirected graphs list each edge both ways
            two_way = not is_nx and not directed
            arcs = read_adjacency(edges_once(adj) if two_way else adj, is_nx, multi, weight)
        elif isinstance(graph, Iterable) and not isinstance(graph, (str, bytes)):
            if directed is None:
                directed = True
            arcs = read_edge_list(graph, weight)
            two_way = not directed
        else:
            adjacency(graph)  # raises the TypeError that says what is accepted
            raise AssertionError("unreachable")
        self._set(arcs, directed, two_way)

    def _set(self, arcs: Arcs, directed: bool, two_way: bool) -> None:
        """Sets the graph of ``arcs``; ``two_way``: each arc also goes the
        other way, as the C graph's FH_GRAPH_UNDIRECTED makes it."""
        n = len(arcs.nodes)
        kind = weight_kind(arcs)
        flags = lib.FH_GRAPH_UNDIRECTED if two_way else 0
        exact: Optional[ExactGraph] = None
        graph: Any = None
        if kind is None:
            if two_way:
                exact = ExactGraph(n, *_arcs_as_c_orders(n, arcs, flags))
            else:
                exact = ExactGraph(n, arcs.tails, arcs.heads, arcs.weights)
        else:
            doubles = arcs.doubles if arcs.doubles is not None else array.array("d", arcs.weights)
            graph = _new_c_graph(n, arcs.tails, arcs.heads, doubles, flags)
        if is_range(arcs.nodes):  # results then need no label lookups
            self.nodes = range(n)
            self._index = RangeIndex(n)
        else:
            self.nodes = arcs.nodes
            self._index = MappingProxyType(arcs.index)  # read-only: index is public
        self.directed = directed
        self._integral = bool(kind)
        self._none_edge = arcs.none_edge
        self._exact = exact
        self._graph = graph

    def _from_sparse(self, matrix: Any, directed: bool) -> None:
        rows, columns = matrix.shape
        if rows != columns:
            raise ValueError(f"a graph's matrix must be square, not {rows} x {columns}")
        coo = matrix.tocsr().tocoo()  # sums duplicate entries, as csgraph does
        tails = buffer(coo.row, "I", "tails")
        heads = buffer(coo.col, "I", "heads")
        self._set_arrays(tails, heads, buffer(coo.data, "d", "weights"), rows, directed)

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
            node_count = int_argument(node_count, "node_count")
        tails = buffer(tails, "I", "tails")
        heads = buffer(heads, "I", "heads")
        if len(tails) != len(heads):
            raise ValueError(f"{len(tails)} tails but {len(heads)} heads")
        if weights is None:
            weights = array.array("d", [1.0]) * len(tails)
        weights = buffer(weights, "d", "weights")
        if len(weights) != len(tails):
            raise ValueError(f"{len(tails)} arcs but {len(weights)} weights")
        if node_count is None:
            node_count = 1 + max(_largest(tails), _largest(heads))
        elif node_count < 0:
            raise ValueError(f"node_count must be >= 0, not {node_count}")
        self._set_arrays(tails, heads, weights, node_count, directed)
        return self

    def _set_arrays(self, tails: Any, heads: Any, weights: Any, n: int, directed: bool) -> None:
        """Sets the graph of the arcs in ``tails``, ``heads`` and ``weights``
        (as :func:`~fiboheap.graph.readers.buffer` gives them) over ``n`` nodes."""
        graph = _new_c_graph(n, tails, heads, weights, 0 if directed else lib.FH_GRAPH_UNDIRECTED)
        self.nodes = range(n)
        self._index = RangeIndex(n)
        self.directed = directed
        self._integral = False
        self._none_edge = None
        self._exact = None
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
    def index(self) -> Mapping[Any, int]:
        """Each node's position, by label: ``nodes[index[label]]`` is the
        node ``label`` (or the label equal to it that the graph keeps), and
        ``index[label]`` its column in :meth:`distance_matrix`'s rows."""
        return self._index

    @property
    def integral(self) -> bool:
        """Whether every weight is an integer, so that distances and totals
        are ints (a graph of ints whose sums could pass 2**53 is
        :attr:`exact` instead; :meth:`from_arrays` reads floats)."""
        return self._integral

    @property
    def exact(self) -> bool:
        """Whether the searches run in Python in exact arithmetic, because
        floats cannot sum the weights exactly (Fractions, Decimals, other
        number types, ints whose sums could pass 2**53): the graph then
        holds no C memory, and :attr:`c_graph` is None."""
        return self._exact is not None

    @property
    def c_graph(self) -> Any:
        """The C graph (a cffi ``fh_graph *``, for csrc/graph.h's functions
        through ``fiboheap._binding.lib``), None when :attr:`exact`.  It is
        freed with the CompactGraph: keep the CompactGraph while using it."""
        return self._graph

    @property
    def exact_graph(self) -> Optional[ExactGraph]:
        """The graph the exact searches run on when :attr:`exact`, else None."""
        return self._exact

    @property
    def none_edge(self) -> Optional[tuple[Any, Any]]:
        """The first edge ``(u, v)`` left out because its weight attribute
        is None (networkx's Dijkstra skips it; :func:`prim` raises TypeError
        for it), or None."""
        return self._none_edge

    @property
    def arc_count(self) -> int:
        """The arcs stored (an undirected edge counts twice)."""
        if self._exact is not None:
            return self._exact.arc_count
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

    # -- many sources

    def distance_matrix(
        self,
        sources: Optional[Iterable[Any]] = None,
        *,
        cutoff: Optional[float] = None,
        threads: Optional[int] = None,
        unreached: float = _INF,
    ) -> list[array.array[float]]:
        """Distances from each of ``sources`` (default: every node), one row
        per source: ``rows[i][j]`` is the distance from ``sources[i]`` to
        ``nodes[j]`` as a float, ``unreached`` (default ``inf``) where it is
        not reached (or farther than ``cutoff``).  A node reached at
        distance ``inf`` (an infinite weight on the way) reads ``inf``: with
        ``unreached=math.nan`` (which no distance is) the two stay apart, as
        :func:`dijkstra` keeps them.  The sources run on ``threads`` threads
        (default: the CPUs this process may use), each in C with the GIL
        released, all of them finished when the call returns.

        Raises KeyError for a source not in the graph and ValueError for a
        negative or NaN weight, as :func:`dijkstra` does; TypeError if
        ``threads`` is not an int or ``unreached`` not a real number."""
        if threads is not None:
            threads = int_argument(threads, "threads")
        given: Any = unreached  # any object: checked before any thread runs
        if not isinstance(given, numbers.Real):
            raise TypeError(f"unreached must be a real number, not {type(given).__name__}")
        unreached = float(given)
        if sources is None:
            sources = self.nodes
        starts = positions(self, sources, "source")
        n = len(self.nodes)
        if self._exact is not None:
            return [self._exact.row(p, cutoff, unreached, self.nodes) for p in starts]
        count = len(starts)
        c_sources = ffi.new("uint32_t[]", starts)
        rows = ffi.new("double[]", count * n)
        if threads is None:
            threads = usable_cpus()
        threads = max(1, min(threads, count))
        limit = float_cutoff(cutoff)
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
                raise_status(status, bad[0], self.nodes, self._integral)
        data = ffi.buffer(rows)
        row_bytes = 8 * n
        return [array.array("d", data[i * row_bytes : (i + 1) * row_bytes]) for i in range(count)]


#: A CompactGraph, a networkx graph or a mapping of mappings ``{u: {v: w}}``.
GraphLike = Union[CompactGraph, Any, Mapping[Any, Mapping[Any, float]]]


class RangeIndex(Mapping[Any, int]):
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

    def __iter__(self) -> Iterator[int]:
        return iter(range(self.n))

    def __len__(self) -> int:
        return self.n


def position(g: CompactGraph, node: Any, role: str) -> int:
    """The position of ``node`` in ``g``; KeyError naming its ``role``
    ("source", "root"...) if it is not in the graph."""
    try:
        return int(g.index[node])
    except (KeyError, TypeError):
        raise KeyError(f"{role} node {node!r} is not in the graph") from None


def positions(g: CompactGraph, nodes: Iterable[Any], role: str) -> list[int]:
    """The positions of ``nodes`` in ``g``, in order; KeyError naming the
    first that is not in the graph, and its ``role``, as :func:`position`."""
    nodes = list(nodes)
    index = g.index
    try:
        # Labels that are the positions (ints of a RangeIndex): checked,
        # not looked up one by one.
        if (
            isinstance(index, RangeIndex)
            and countOf(map(type, nodes), int) == len(nodes)
            and (not nodes or (min(nodes) >= 0 and max(nodes) < index.n))
        ):
            return nodes
        return list(map(index.__getitem__, nodes))
    except (KeyError, TypeError):
        return [position(g, node, role) for node in nodes]  # raises for the first


def _largest(indices: Any) -> int:
    """The largest of some node indices, -1 if none (numpy's max if it has one)."""
    if not len(indices):
        return -1
    largest = getattr(indices, "max", None)
    return int(largest() if callable(largest) else max(indices))


def _arcs_as_c_orders(n: int, arcs: Arcs, flags: int) -> tuple[Any, Any, list[Any]]:
    """The arcs of ``arcs`` (tails, heads, weights) as the C graph built
    with ``flags`` stores them, for the exact engine: a C graph of the
    arcs' positions as weights says which arc went where."""
    count = len(arcs.tails)
    placed = _new_c_graph(n, arcs.tails, arcs.heads, array.array("d", range(count)), flags)
    stored = lib.fh_graph_arc_count(placed)
    tails = ffi.new("uint32_t[]", stored)
    heads = ffi.new("uint32_t[]", stored)
    positions = ffi.new("double[]", stored)
    lib.fh_graph_arcs(placed, tails, heads, positions)
    weights = arcs.weights
    return tails, heads, [weights[int(i)] for i in positions]


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
        raise error(status)
    graph = out[0]
    return ffi.gc(graph, lib.fh_graph_free, size=lib.fh_graph_memory(graph))


def usable_cpus() -> int:
    """The CPUs this process may run on: the default number of threads."""
    affinity = getattr(os, "sched_getaffinity", None)
    if affinity is not None:
        return len(affinity(0))
    return os.cpu_count() or 1


def as_compact(graph: Any, weight: Weight, directed: Optional[bool] = None) -> CompactGraph:
    """``graph`` itself if it is a CompactGraph, else ``CompactGraph(graph,
    weight, directed=directed)``; TypeError if it is neither a CompactGraph
    nor a graph."""
    if isinstance(graph, CompactGraph):
        if not hasattr(graph, "nodes"):
            raise TypeError("this CompactGraph was never initialised (its __init__ was not run)")
        return graph
    if not (hasattr(graph, "is_directed") or hasattr(graph, "items")):
        adjacency(graph)  # the TypeError saying what a graph may be
    return CompactGraph(graph, weight, directed=directed)


def float_cutoff(cutoff: Any) -> float:
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
