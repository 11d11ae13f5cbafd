"""Tests of fiboheap.graph.CompactGraph and the compiled algorithms on it:
every way to build one, multi-source Dijkstra with a target and a cutoff,
distance matrices on threads, exact weights, errors.

Results are compared with networkx and scipy.sparse.csgraph when installed.
"""

from __future__ import annotations

import array
import copy
import itertools
import math
import pickle
import random
import threading
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from fiboheap.graph import (
    CompactGraph,
    NoPathError,
    dijkstra,
    multi_source_dijkstra,
    prim,
    shortest_path,
)

try:
    import networkx as nx
except ImportError:  # optional: its comparisons are skipped
    nx = None

try:
    import numpy as np
    import scipy.sparse as sparse
    from scipy.sparse import csgraph
except ImportError:  # scipy is a benchmark extra; PyPy has none
    np = sparse = csgraph = None

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    given = None  # type: ignore[assignment]

needs_nx = pytest.mark.skipif(nx is None, reason="networkx is not installed")
needs_scipy = pytest.mark.skipif(sparse is None, reason="scipy is not installed")
needs_hypothesis = pytest.mark.skipif(given is None, reason="hypothesis is not installed")

B = 2**53


def random_edges(n: int, m: int, seed: int, kind: str = "float") -> list[tuple[int, int, Any]]:
    rng = random.Random(seed)
    edges = []
    for _ in range(m):
        u, v = rng.randrange(n), rng.randrange(n)
        w: Any = rng.uniform(0, 100) if kind == "float" else rng.randrange(0, 100)
        edges.append((u, v, w))
    return edges


def nx_graph(cls: Any, n: int, edges: list[tuple[int, int, Any]]) -> Any:
    G = cls()
    G.add_nodes_from(range(n))
    for u, v, w in edges:
        if G.is_multigraph() or not G.has_edge(u, v) or G[u][v]["weight"] > w:
            G.add_edge(u, v, weight=w)
    return G


def close(a: float, b: float) -> bool:
    return a == b or math.isclose(a, b, rel_tol=1e-12)


def same_dist(ours: dict[Any, Any], theirs: dict[Any, Any]) -> None:
    assert ours.keys() == theirs.keys()
    for v, d in theirs.items():
        assert close(ours[v], d), (v, ours[v], d)


# ---------------------------------------------------------------------------
# against networkx, every kind of graph


GRAPH_CLASSES = ["Graph", "DiGraph", "MultiGraph", "MultiDiGraph"]


@needs_nx
@pytest.mark.parametrize("cls", GRAPH_CLASSES)
@pytest.mark.parametrize("kind", ["float", "int"])
def test_compact_graph_dijkstra_matches_networkx(cls: str, kind: str) -> None:
    for seed in range(3):
        G = nx_graph(getattr(nx, cls), 300, random_edges(300, 1500, seed, kind))
        g = CompactGraph(G)
        assert len(g) == 300 and g.directed == G.is_directed()
        for source in (0, 11):
            expected = nx.single_source_dijkstra_path_length(G, source)
            for graph in (g, G, G.subgraph(range(300))):
                dist, pred = dijkstra(graph, source)
                same_dist(dist, expected)
                if kind == "int":
                    assert dist == expected
                    assert all(type(d) is int for d in dist.values())
                for v, p in pred.items():  # one shortest path's last edge
                    w = min(d["weight"] for d in G[p][v].values()) if G.is_multigraph() \
                        else G[p][v]["weight"]
                    assert close(dist[p] + w, dist[v])


@needs_nx
@pytest.mark.parametrize("directed", [True, False])
def test_multi_source_target_and_cutoff_match_networkx(directed: bool) -> None:
    cls = nx.DiGraph if directed else nx.Graph
    for seed in range(4):
        G = nx_graph(cls, 200, random_edges(200, 700, seed))
        g = CompactGraph(G)
        rng = random.Random(seed)
        sources = rng.sample(range(200), 3)
        for cutoff in (None, 10.0, 35.5, Fraction(70, 3)):
            expected = nx.multi_source_dijkstra_path_length(G, sources, cutoff=cutoff)
            dist, pred = multi_source_dijkstra(g, sources, cutoff=cutoff)
            same_dist(dist, expected)
            assert all(dist[s] == 0 and type(dist[s]) is int for s in sources)
            assert not set(sources) & pred.keys()
            one, _ = dijkstra(G, sources[0], cutoff=cutoff)
            same_dist(one, nx.single_source_dijkstra_path_length(G, sources[0], cutoff=cutoff))
        reached = list(nx.multi_source_dijkstra_path_length(G, sources))
        target = reached[len(reached) // 2]
        length, _path = nx.multi_source_dijkstra(G, sources, target=target)
        dist, pred = multi_source_dijkstra(G, sources, target)
        assert close(dist[target], length) and list(dist)[-1] == target
        assert all(v in dist for v in pred)


@needs_nx
def test_prim_matches_networkx() -> None:
    for seed in range(4):
        G = nx_graph(nx.Graph, 300, random_edges(300, 900, seed))
        expected = nx.minimum_spanning_tree(G, algorithm="prim").size(weight="weight")
        for graph in (G, CompactGraph(G)):
            total, edges = prim(graph)
            assert close(total, expected)
            assert len(edges) == 300 - nx.number_connected_components(G)
        M = nx_graph(nx.MultiGraph, 300, random_edges(300, 900, seed))
        assert close(prim(M)[0], expected)  # the lightest parallel edge


@needs_nx
def test_graph_changed_after_compaction_does_not_change_it() -> None:
    G = nx.DiGraph([(0, 1, {"weight": 5}), (1, 2, {"weight": 1})])
    g = CompactGraph(G)
    G[0][1]["weight"] = 1
    G.add_edge(0, 2, weight=0)
    assert dijkstra(g, 0)[0] == {0: 0, 1: 5, 2: 6}
    assert dijkstra(G, 0)[0] == {0: 0, 2: 0, 1: 1}


# ---------------------------------------------------------------------------
# the other ways to build one


def test_mapping_edge_list_and_arrays_agree() -> None:
    edges = random_edges(120, 500, 5)
    adj: dict[Any, dict[Any, Any]] = {v: {} for v in range(120)}
    for u, v, w in edges:
        adj[u][v] = min(w, adj[u].get(v, math.inf))
    expected = dijkstra(adj, 0)[0]  # the mapping, read by dijkstra itself
    t, h, w = (list(x) for x in zip(*edges))
    graphs = [
        CompactGraph(adj),
        CompactGraph(edges),
        CompactGraph.from_arrays(t, h, w, node_count=120),
        CompactGraph.from_arrays(array.array("I", t), array.array("I", h), array.array("d", w)),
    ]
    if np is not None:
        graphs.append(CompactGraph.from_arrays(np.array(t), np.array(h), np.array(w)))
    for g in graphs:
        dist = dijkstra(g, 0)[0]
        assert dist.keys() == expected.keys()
        assert all(close(dist[v], expected[v]) for v in expected)


def test_edge_list_labels_and_undirected() -> None:
    g = CompactGraph([("a", "b", 2), ("b", "c"), ("c", "a", {"weight": 7, "x": 1})])
    assert list(g.nodes) == ["a", "b", "c"] and g.directed
    assert dijkstra(g, "a") == ({"a": 0, "b": 2, "c": 3}, {"b": "a", "c": "b"})
    u = CompactGraph([("a", "b", 2), ("b", "c", 1)], directed=False)
    assert dijkstra(u, "c") == ({"c": 0, "b": 1, "a": 3}, {"b": "c", "a": "b"})
    assert prim(u, "a") == (3, [("a", "b", 2), ("b", "c", 1)])
    parallel = CompactGraph([("a", "b", 2), ("b", "a", 1), ("a", "b", 3)], directed=False)
    assert parallel.arc_count == 6
    assert dijkstra(parallel, "a")[0] == {"a": 0, "b": 1}  # the lightest edge
    assert prim(parallel) == (1, [("a", "b", 1)])
    with pytest.raises(ValueError, match="different weights"):
        CompactGraph({"a": {"b": 2}, "b": {"a": 3}}, directed=False)


@pytest.mark.parametrize("seed", range(40))
def test_every_undirected_reading_orders_the_arcs_as_networkx(seed: int) -> None:
    """An undirected edge list or mapping, with float or exact weights, and
    arrays give each node its arcs in networkx's Graph order (the order in
    which the edges that name it were read): the same predecessors on
    tie-heavy graphs."""
    rnd = random.Random(seed)
    n = 30
    pairs = {tuple(sorted(rnd.sample(range(n), 2))) for _ in range(70)}
    edges = [(u, v, rnd.randint(1, 3)) if rnd.random() < 0.5 else (v, u, rnd.randint(1, 3))
             for u, v in sorted(pairs, key=lambda _: rnd.random())]
    nodes = list(dict.fromkeys(x for u, v, _ in edges for x in (u, v)))
    adj: dict[int, dict[int, Any]] = {x: {} for x in nodes}
    for u, v, w in edges:
        adj[u][v] = w
    # a mapping is read node by node: its edges in that order
    mapping_edges = [(u, v, w) for u, nbrs in adj.items() for v, w in nbrs.items()]
    for read_in, graphs in (
        (edges, [CompactGraph(edges, directed=False),
                 CompactGraph([(u, v, Fraction(w)) for u, v, w in edges], directed=False),
                 CompactGraph.from_arrays(*zip(*edges), node_count=n, directed=False)]),
        (mapping_edges, [CompactGraph(adj, directed=False),
                         CompactGraph({x: {v: Fraction(w) for v, w in nbrs.items()}
                                       for x, nbrs in adj.items()}, directed=False)]),
    ):
        assert graphs[1].exact and not graphs[0].exact
        results = [dijkstra(g, nodes[0]) for g in graphs]
        assert all(result == results[0] for result in results)
        if nx is not None:
            G = nx.Graph()
            G.add_nodes_from(nodes)
            G.add_weighted_edges_from(read_in)
            _, paths = nx.single_source_dijkstra(G, nodes[0])
            assert results[0][1] == {v: path[-2] for v, path in paths.items() if len(path) > 1}


@needs_scipy
def test_scipy_agrees_on_dijkstra_prim_and_the_matrix() -> None:
    rng = np.random.default_rng(3)
    n, m = 150, 600
    t, h = rng.integers(0, n, m), rng.integers(0, n, m)
    w = rng.uniform(1, 100, m)
    M = sparse.coo_matrix((w, (t, h)), shape=(n, n)).tocsr()  # duplicates summed
    g = CompactGraph(M)
    sources = [0, 5, 77]
    expected = csgraph.dijkstra(M, indices=sources)
    for threads in (1, 2, 3):
        rows = g.distance_matrix(sources, threads=threads)
        assert np.allclose(np.array(rows), expected, rtol=1e-12)
    for i, s in enumerate(sources):
        dist = dijkstra(g, s)[0]
        assert {v for v in range(n) if expected[i][v] < math.inf} == dist.keys()
    und = CompactGraph(M, directed=False)
    tree = csgraph.minimum_spanning_tree(M)
    assert math.isclose(prim(und)[0], tree.sum(), rel_tol=1e-12)


def test_distance_matrix_rows_equal_dijkstra() -> None:
    g = CompactGraph(random_edges(80, 300, 9))
    rows = g.distance_matrix(threads=4)
    assert len(rows) == len(g)
    for s, row in zip(g.nodes, rows):
        dist = dijkstra(g, s)[0]
        assert all(row[v] == dist.get(label, math.inf) for v, label in enumerate(g.nodes))
    near = g.distance_matrix([g.nodes[0]], cutoff=20.0)[0]
    assert all(d <= 20.0 or d == math.inf for d in near)


def test_threads_share_one_graph() -> None:
    g = CompactGraph(random_edges(500, 3000, 2))
    expected = {s: dijkstra(g, s)[0] for s in range(8)}
    failures: list[Any] = []

    def worker(k: int) -> None:
        for i in range(20):
            s = (k + i) % 8
            if dijkstra(g, s)[0] != expected[s]:
                failures.append(s)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures


def test_memory_bound() -> None:
    g = CompactGraph(random_edges(1000, 10000, 1))
    assert g.arc_count == 10000
    assert g.memory <= 16 * g.arc_count + 24 * len(g)


# ---------------------------------------------------------------------------
# exact weights (issue #13 item 7)


def test_exact_ints_past_2_53_give_networkx_answers() -> None:
    g = {"s": {"v": B + 1, "u": B}, "u": {"v": 0}, "v": {}}
    assert dijkstra(g, "s") == ({"s": 0, "u": B, "v": B}, {"u": "s", "v": "u"})
    assert shortest_path(g, "s", "v") == (B, ["s", "u", "v"])
    assert prim({"r": {"x": B + 1, "y": B}, "y": {"x": B}}, "r")[0] == 2 * B
    if nx is not None:
        G = nx.DiGraph()
        for u, nbrs in g.items():
            for v, w in nbrs.items():
                G.add_edge(u, v, weight=w)
        assert nx.single_source_dijkstra(G, "s", "v") == shortest_path(G, "s", "v")


@pytest.mark.parametrize("number", [Fraction, Decimal])
def test_fractions_and_decimals_that_tie_as_floats(number: Any) -> None:
    big = number(B)
    g = {"s": {"v": big + 1, "u": big}, "u": {"v": number(0)}, "v": {}}
    dist, _ = dijkstra(g, "s")
    assert dist["v"] == big
    assert shortest_path(g, "s", "v") == (big, ["s", "u", "v"])
    tree = {"r": {"x": big + 1, "y": big}, "y": {"x": big}}
    assert prim(tree, "r")[0] == 2 * big
    third = number(1) / number(3)
    assert dijkstra({0: {1: third}, 1: {2: third}}, 0)[0][2] == third + third


@pytest.mark.skipif(np is None, reason="numpy is not installed")
def test_numpy_scalar_weights() -> None:
    g = {0: {1: np.float64(0.5), 2: np.int64(3)}, 1: {2: np.float64(0.25)}}
    assert CompactGraph(g).memory > 0  # compiled, not the Python loop
    assert dijkstra(g, 0)[0] == {0: 0, 1: 0.5, 2: 0.75}
    ints = {0: {1: np.int64(2)}, 1: {2: np.int64(3)}}
    assert CompactGraph(ints).memory > 0
    dist = dijkstra(ints, 0)[0]
    assert dist == {0: 0, 1: 2, 2: 5} and all(type(d) is int for d in dist.values())
    tiny = {0: {1: np.float32(0.1)}, 1: {2: np.float32(0.2)}}
    assert CompactGraph(tiny).memory == 0  # float32 sums: the exact loop
    assert dijkstra(tiny, 0)[0][2] == np.float32(0.1) + np.float32(0.2)


@pytest.mark.parametrize(("odd", "compiled"), [(3, True), (B + 1, False), (Fraction(1, 3), False)])
@pytest.mark.parametrize("where", [0, 500, 998])
def test_one_weight_of_another_kind_in_any_block_decides(odd: Any, compiled: bool,
                                                        where: int) -> None:
    # Weights are read, checked and converted block by block (256 rows): one
    # weight that is not a float decides the arithmetic wherever it is.
    weights: list[Any] = [0.5] * 999
    weights[where] = odd
    path = {i: {i + 1: w} for i, w in enumerate(weights)}
    assert (CompactGraph(path).memory > 0) is compiled
    sums = list(itertools.accumulate(weights, initial=0))
    dist, _ = dijkstra(path, 0)
    assert list(dist.values()) == sums
    assert type(dist[999]) is type(sums[-1])


def test_int_sums_that_could_pass_2_53_are_exact() -> None:
    # each weight is a float exactly, but their sums are not
    chain = {i: {i + 1: B // 2 + 1} for i in range(4)}
    dist, _ = dijkstra(chain, 0)
    assert dist[4] == 4 * (B // 2 + 1) and type(dist[4]) is int


# ---------------------------------------------------------------------------
# errors (issue #13 item 10 and more)


def test_decimal_nan_raises_value_error() -> None:
    g = {"a": {"b": Decimal("NaN")}}
    with pytest.raises(ValueError, match="'a' -> 'b' is NaN"):
        dijkstra(g, "a")
    with pytest.raises(ValueError, match="NaN"):
        prim(g)
    with pytest.raises(ValueError, match="NaN"):
        prim({"a": {"b": Decimal(1)}, "b": {"c": Decimal("sNaN")}})


@pytest.mark.parametrize("threads", [1, 2, 3])
def test_a_batch_names_its_first_failing_source_on_any_threads(threads: int) -> None:
    # From "slow", a 20,000-node path ends in -1 on "a" -> "b"; from "quick",
    # -3 on "c" -> "d" at once. Another thread may meet "quick"'s edge while
    # the first still walks the path: the error must not depend on that.
    graph: dict[Any, dict[Any, float]] = {v: {v + 1: 1.0} for v in range(20_000)}
    graph.update({"slow": {0: 1.0}, 20_000: {"a": 1.0}, "a": {"b": -1.0}, "b": {}})
    graph.update({"quick": {"c": 1.0}, "c": {"d": -3.0}, "d": {}, "fine": {}})
    g = CompactGraph(graph)
    for _ in range(50):
        with pytest.raises(ValueError, match=r"-1\.0 on edge 'a' -> 'b'"):
            g.distance_matrix(["fine", "slow", "quick"], threads=threads)
        with pytest.raises(ValueError, match=r"-3\.0 on edge 'c' -> 'd'"):
            g.distance_matrix(["fine", "quick", "slow"], threads=threads)
    assert g.distance_matrix(["fine", "b"], threads=threads)[1][g.nodes.index("b")] == 0.0


@pytest.mark.parametrize("function", [dijkstra, prim])
def test_adjacency_that_is_not_a_mapping_raises_type_error(function: Any) -> None:
    with pytest.raises(TypeError, match="neighbours of node 'a' must be a mapping"):
        function({"a": [1, 2]}, "a")


def test_compiled_errors_name_the_edge() -> None:
    g = CompactGraph({"s": {"a": 1}, "a": {"b": -2}, "b": {}})
    with pytest.raises(ValueError, match=r"negative weight -2 on edge 'a' -> 'b'"):
        dijkstra(g, "s")
    with pytest.raises(ValueError, match="negative"):
        g.distance_matrix(["s"], threads=2)
    assert dijkstra(g, "b") == ({"b": 0}, {})  # the edge is never examined
    with pytest.raises(KeyError, match="source node 'x'"):
        dijkstra(g, "x")
    with pytest.raises(KeyError):
        g.distance_matrix([["unhashable"]])
    with pytest.raises(ValueError, match="empty"):
        multi_source_dijkstra(g, [])
    with pytest.raises(NoPathError, match="not in the graph"):
        shortest_path(g, "b", "x")
    with pytest.raises(ValueError, match="undirected"):
        prim(g)


def test_bad_arrays_raise_value_error() -> None:
    with pytest.raises(ValueError, match=r"outside 0 \.\. 1"):
        CompactGraph.from_arrays([0, 1], [1, 2], node_count=2)
    with pytest.raises(ValueError, match="node indices"):
        CompactGraph.from_arrays([0, -1], [1, 0])
    with pytest.raises(ValueError, match="weights"):
        CompactGraph.from_arrays([0], [1], [1.0, 2.0])
    with pytest.raises(TypeError, match="graph must be"):
        CompactGraph(42)


def matrix(g: CompactGraph) -> list[list[float]]:
    return [list(row) for row in g.distance_matrix(threads=1)]


def two_d(typecode: str, items: list[Any], shape: tuple[int, int]) -> memoryview:
    """A two-dimensional buffer without numpy: ``items`` as ``shape``."""
    return memoryview(array.array(typecode, items)).cast("B").cast(typecode, shape)


# Each argument of from_arrays in a shape, or of an item kind, that C must
# never read: (tails, heads, weights, error, message).
_BAD_ARRAYS: list[tuple[Any, Any, Any, type[Exception], str]] = [
    ([0, 1, 2], [1, 2, 3], two_d("d", [1.0] * 6, (3, 2)), ValueError, "weights must be one-dim"),
    (two_d("I", [0, 1, 1, 2], (2, 2)), [1, 2], None, ValueError, "tails must be one-dim"),
    ([0, 1], two_d("I", [1, 2, 2, 3], (2, 2)), None, ValueError, "heads must be one-dim"),
    ([0.5, 1.7], [1, 2], None, TypeError, "tails must be a sequence of node indices"),
    ([0, 1], [1.0, 2.0], None, TypeError, "heads must be a sequence of node indices"),
    (array.array("d", [0.5]), [1], None, TypeError, "tails must be a sequence of node"),
    ([Fraction(1, 2)], [1], None, TypeError, "tails must be a sequence of node indices"),
    ([Decimal(1)], [1], None, TypeError, "tails must be a sequence of node indices"),
    (42, [1], None, TypeError, "tails must be a sequence of node indices"),
    ([0], [1], ["1.5"], TypeError, "weights must be a sequence of real numbers"),
    ([0], [1], [None], TypeError, "weights must be a sequence of real numbers"),
    ([0], [1], [10**400], ValueError, "weights must be real numbers: int too large"),
    ([0, 2**32], [1, 0], None, ValueError, "tails must be node indices"),
]
if np is not None:
    _BAD_ARRAYS += [
        # issue #27: len() counts 3 rows of no weight: C read 3 doubles from none
        (np.array([0, 1, 2]), np.array([1, 2, 3]), np.zeros((3, 0)), ValueError,
         r"weights must be one-dimensional, not of shape \(3, 0\)"),
        (np.array([[0, 1], [1, 2]]), np.array([1, 2]), None, ValueError, "tails must be one-dim"),
        (np.array(0), np.array(1), None, ValueError, r"tails must be one-dimensional.*\(\)"),
        # non-integral indices were truncated (0.5 -> 0, 1.7 -> 1, NaN -> 0)
        (np.array([0.5, 1.7]), np.array([1, 2]), None, TypeError, "not an array of float64"),
        (np.array([math.nan]), np.array([1]), None, TypeError, "not an array of float64"),
        (np.array([1.0, 2.0]), np.array([2, 0]), None, TypeError, "not an array of float64"),
        (np.array([0.5], dtype=object), np.array([1]), None, TypeError, "sequence of node"),
        (np.array([0, 1]), np.array([1, 2]), np.array([1 + 1j, 2]), TypeError, "complex128"),
        (np.array([0]), np.array([1]), np.array(["1.5"]), TypeError, "real numbers, not an"),
        (np.array([0, -1]), np.array([1, 0]), None, ValueError, "tails must be node indices"),
        (np.array([0]), np.array([2**32], dtype=np.uint64), None, ValueError, "heads must be"),
    ]


@pytest.mark.parametrize(("tails", "heads", "weights", "error", "message"), _BAD_ARRAYS)
def test_arrays_of_another_shape_or_kind_are_refused(
    tails: Any, heads: Any, weights: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        CompactGraph.from_arrays(tails, heads, weights, node_count=4)


@needs_scipy
def test_a_complex_sparse_matrix_is_refused() -> None:
    # Was cast to float64 with a ComplexWarning, the imaginary parts dropped.
    m = sparse.csr_matrix(np.array([[0, 1 + 2j], [0, 0]]))
    with pytest.raises(TypeError, match="weights must be real numbers, not an array of complex"):
        CompactGraph(m)


def test_node_count_must_be_an_int() -> None:
    with pytest.raises(TypeError, match="node_count must be an int, not float"):
        CompactGraph.from_arrays([0], [1], node_count=2.0)
    with pytest.raises(TypeError, match="node_count must be an int, not str"):
        CompactGraph.from_arrays([0], [1], node_count="2")
    assert len(CompactGraph.from_arrays([0], [1], node_count=True + True)) == 2


@pytest.mark.parametrize("threads", [2.5, "3", math.inf, math.nan], ids=repr)
def test_threads_must_be_an_int(threads: Any) -> None:
    # Was int(threads): 2.5 and "3" taken, inf an OverflowError, NaN a ValueError.
    g = CompactGraph.from_arrays([0, 1], [1, 2])
    with pytest.raises(TypeError, match=f"threads must be an int, not {type(threads).__name__}"):
        g.distance_matrix(threads=threads)
    exact = CompactGraph({0: {1: Fraction(1, 3)}})
    with pytest.raises(TypeError, match="threads must be an int"):
        exact.distance_matrix(threads=threads)
    assert list(g.distance_matrix([0], threads=10**400)[0]) == [0.0, 1.0, 2.0]


def test_every_kind_of_index_buffer_gives_the_same_graph() -> None:
    expected = matrix(CompactGraph.from_arrays([0, 1, 0], [1, 2, 2], [1.0, 1.0, 5.0]))
    assert expected == [[0.0, 1.0, 2.0], [math.inf, 0.0, 1.0], [math.inf] * 2 + [0.0]]
    stepped = memoryview(array.array("I", [0, 9, 1, 9, 0, 9]))[::2]  # not contiguous
    kinds: list[tuple[Any, Any, Any]] = [
        ((0, 1, 0), (1, 2, 2), (1, 1, 5)),  # tuples, int weights
        (array.array("q", [0, 1, 0]), array.array("B", [1, 2, 2]), array.array("f", [1, 1, 5])),
        (stepped, [1, 2, 2], memoryview(array.array("d", [1, 1, 5]))),
        (bytes([0, 1, 0]), bytearray([1, 2, 2]), [True, True, 5]),  # bytes: items, not memory
        (iter([0, 1, 0]), (x for x in [1, 2, 2]), [1.0, 1.0, Fraction(5)]),
    ]
    if np is not None:
        kinds += [
            (np.array([0, 1, 0], dtype=np.int8), np.array([1, 2, 2], dtype=">u4"),
             np.array([1, 1, 5], dtype=np.float32)),
            (np.array([0, 9, 1, 9, 0, 9])[::2], np.array([[1, 2, 2]])[0],
             np.array([5, 1, 1])[::-1]),
            (np.array([0, 1, 0], dtype=object), np.array([1, 2, 2], dtype=np.uint64),
             np.array([1, 1, 5], dtype=object)),
        ]
    for tails, heads, weights in kinds:
        assert matrix(CompactGraph.from_arrays(tails, heads, weights)) == expected, (tails, heads)


def test_copy_pickle_and_uninitialised() -> None:
    g = CompactGraph({0: {1: 2.5}})
    for other in (copy.copy(g), copy.deepcopy(g)):
        assert dijkstra(other, 0) == dijkstra(g, 0) == ({0: 0, 1: 2.5}, {1: 0})
    with pytest.raises(TypeError, match="CompactGraph cannot be pickled"):
        pickle.dumps(g)
    blank = CompactGraph.__new__(CompactGraph)
    with pytest.raises(TypeError, match="never initialised"):
        dijkstra(blank, 0)
    with pytest.raises(AttributeError, match="never initialised"):
        blank.distance_matrix()
    with pytest.raises(TypeError, match="initialised twice"):
        g.__init__({0: {1: 1}})  # type: ignore[misc]
    assert dijkstra(g, 0) == ({0: 0, 1: 2.5}, {1: 0})  # unchanged


# ---------------------------------------------------------------------------
# hypothesis: small graphs against networkx

if given is not None:
    # One number type per graph: networkx itself misjudges a Fraction plus
    # a float that rounds below it as a negative cycle.
    weight_kinds = [
        st.integers(min_value=0, max_value=9),
        st.floats(min_value=0, max_value=10, allow_nan=False, allow_infinity=False),
        st.fractions(min_value=0, max_value=5, max_denominator=7),
    ]

    @st.composite
    def edge_lists(draw: Any) -> tuple[int, list[tuple[int, int, Any]]]:
        n = draw(st.integers(min_value=1, max_value=8))
        weights_st = draw(st.sampled_from(weight_kinds))
        edges = draw(
            st.lists(
                st.tuples(st.integers(0, n - 1), st.integers(0, n - 1), weights_st),
                max_size=3 * n,
            )
        )
        return n, edges


@needs_nx
@needs_hypothesis
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_small_graphs_agree_with_networkx(data: Any) -> None:
    n, edges = data.draw(edge_lists())
    directed = data.draw(st.booleans())
    G = nx_graph(nx.DiGraph if directed else nx.Graph, n, edges)
    sources = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=3))
    cutoff = data.draw(st.one_of(st.none(), st.integers(0, 12)))
    expected = nx.multi_source_dijkstra_path_length(G, sources, cutoff=cutoff)
    dist, pred = multi_source_dijkstra(CompactGraph(G), sources, cutoff=cutoff)
    assert dist == expected
    for v, p in pred.items():
        assert dist[p] + G[p][v]["weight"] == dist[v]
    if not directed:
        total, tree = prim(G)
        assert total == nx.minimum_spanning_tree(G).size(weight="weight") or close(
            float(total), float(nx.minimum_spanning_tree(G).size(weight="weight"))
        )
        assert len(tree) == n - nx.number_connected_components(G)


# The attributes and arguments the networkx backend and the benchmarks use
# instead of private names.


def test_engine_attributes() -> None:
    ints = CompactGraph({"a": {"b": 2}, "b": {"c": 3}})
    assert ints.integral and not ints.exact
    assert ints.c_graph is not None and ints.exact_graph is None
    assert dict(ints.index) == {"a": 0, "b": 1, "c": 2}
    assert ints.none_edge is None
    floats = CompactGraph.from_arrays([0, 1], [1, 2], [0.5, 1.5])
    assert not floats.integral and not floats.exact
    assert floats.index[2] == 2 and floats.index[2.0] == 2 and 3 not in floats.index
    assert list(floats.index) == [0, 1, 2] and len(floats.index) == 3
    exact = CompactGraph({0: {1: Fraction(1, 3)}, 1: {2: 2**60}})
    assert exact.exact and not exact.integral and exact.memory == 0
    assert exact.c_graph is None and exact.exact_graph is not None
    assert list(exact.exact_graph.weights()) == [Fraction(1, 3), 2**60]
    # Read-only: the graph never changes.
    with pytest.raises(TypeError):
        ints.index["d"] = 3  # type: ignore[index]
    with pytest.raises((TypeError, AttributeError)):
        exact.exact_graph.successors[0].append((2, 1))  # type: ignore[attr-defined]


def test_none_edge_is_the_first_edge_hidden() -> None:
    nx_ = pytest.importorskip("networkx")
    G = nx_.Graph()
    G.add_edge("a", "b", weight=1)
    G.add_edge("b", "c", weight=None)
    g = CompactGraph(G)
    assert g.none_edge == ("b", "c")
    assert dijkstra(g, "a")[0] == {"a": 0, "b": 1}
    with pytest.raises(TypeError, match="'b' - 'c' is not a number: None"):
        prim(g)


@pytest.mark.parametrize("weight", [1.5, 2, Fraction(3, 2)])
def test_distance_matrix_unreached(weight: Any) -> None:
    # 0 -> 1 -> 2 (2 at inf through an infinite weight), 3 unreached.
    g = CompactGraph({0: {1: weight}, 1: {2: math.inf}, 2: {}, 3: {}})
    assert g.exact == isinstance(weight, Fraction)
    (row,) = g.distance_matrix([0], unreached=math.nan)
    assert row[:3].tolist() == [0.0, float(weight), math.inf] and math.isnan(row[3])
    (row,) = g.distance_matrix([0], unreached=-1.0, threads=1)
    assert row.tolist() == [0.0, float(weight), math.inf, -1.0]
    assert g.distance_matrix([0])[0].tolist() == [0.0, float(weight), math.inf, math.inf]
    with pytest.raises(TypeError):
        g.distance_matrix([0], unreached="nan")  # type: ignore[arg-type]


@pytest.mark.parametrize("weight", [1, Fraction(1)])
def test_prim_roots(weight: Any) -> None:
    # Two components, {0, 1, 2} and {3, 4}: the trees grow from 2, then 4.
    graph = {0: {1: weight}, 1: {2: weight}, 3: {4: weight}}
    assert prim(graph, roots=[2, 4]) == (
        3 * weight, [(2, 1, weight), (1, 0, weight), (4, 3, weight)]
    )
    # A root already in a tree starts none; the rest go in node order.
    assert prim(graph, roots=[1, 0]) == prim(graph, 1)
    assert prim(graph, roots=[]) == prim(graph)
    with pytest.raises(KeyError, match="root node 7 is not in the graph"):
        prim(graph, roots=[0, 7])
    with pytest.raises(TypeError, match="root or roots"):
        prim(graph, 0, roots=[1])


@pytest.mark.parametrize("unreached", ["nan", None, 1j])
def test_distance_matrix_refuses_unreached_before_its_threads(
    unreached: Any, monkeypatch: Any
) -> None:
    """A bad ``unreached`` raises TypeError in the caller, before any thread
    runs (threads that each raised it printed a traceback apiece)."""
    raised: list[Any] = []
    monkeypatch.setattr(threading, "excepthook", raised.append)
    g = CompactGraph.from_arrays([0, 1, 2], [1, 2, 3])
    with pytest.raises(TypeError, match="unreached must be a real number"):
        g.distance_matrix(threads=2, unreached=unreached)
    assert raised == []
    with pytest.raises(TypeError, match="unreached must be a real number"):
        CompactGraph({0: {1: Fraction(1)}}).distance_matrix(unreached=unreached)
