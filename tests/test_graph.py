"""Tests of fiboheap.graph (dijkstra, shortest_path, prim) and the examples.

Results are checked against networkx (when installed) on seeded random
graphs, and against a Bellman-Ford and a Kruskal written here on
hypothesis-generated small graphs.
"""

from __future__ import annotations

import copy
import gc
import importlib
import math
import os
import pickle
import random
import shutil
import subprocess
import sys
import weakref
from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import Any, Optional

import pytest

import fiboheap
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
except ImportError:  # networkx is optional: its comparisons are skipped
    nx = None

try:
    import numpy as np
except ImportError:  # PyPy has none: its labels are left out
    np = None

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover
    given = None  # type: ignore[assignment]

ROOT = Path(__file__).resolve().parent.parent
# Subprocesses import the fiboheap this process imported (the source tree with
# an in-place build, or an installed copy), never a stray one from their cwd.
PACKAGE_HOME = Path(fiboheap.__file__).resolve().parent.parent
needs_nx = pytest.mark.skipif(nx is None, reason="networkx is not installed")
needs_hypothesis = pytest.mark.skipif(given is None, reason="hypothesis is not installed")

Adjacency = dict[Any, dict[Any, Any]]


# ---------------------------------------------------------------------------
# helpers


def random_adjacency(
    n: int, m: int, seed: int, *, directed: bool, kind: str = "float", low: float = 0
) -> Adjacency:
    """A seeded random dict of dicts with n nodes and about m edges (both
    directions for an undirected graph); weights in [low, 20)."""
    rng = random.Random(seed)
    adj: Adjacency = {v: {} for v in range(n)}
    for _ in range(m):
        u, v = rng.randrange(n), rng.randrange(n)
        if u == v:
            continue
        w: Any = rng.randint(int(low), 19) if kind == "int" else rng.uniform(low, 20)
        adj[u][v] = w
        if not directed:
            adj[v][u] = w
    return adj


def to_networkx(adj: Adjacency, directed: bool) -> Any:
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_nodes_from(adj)
    for u, nbrs in adj.items():
        for v, w in nbrs.items():
            G.add_edge(u, v, weight=w)
    return G


def edge_weight(graph: Any, u: Any, v: Any, weight: Any = "weight") -> Any:
    """The weight of u -> v as fiboheap.graph reads it (None: hidden)."""
    if isinstance(graph, Mapping):
        attrs = graph[u][v]
        return weight(u, v, attrs) if callable(weight) else attrs
    attrs = graph.adj[u][v]
    return weight(u, v, attrs) if callable(weight) else attrs.get(weight, 1)


def close(a: float, b: float) -> bool:
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def check_pred(
    graph: Any,
    source: Any,
    dist: Mapping[Any, Any],
    pred: Mapping[Any, Any],
    weight: Any = "weight",
) -> None:
    """pred has every reached node but the source, each through an edge on a
    shortest path, and following it always leads back to the source."""
    assert set(pred) == set(dist) - {source}
    assert dist[source] == 0
    for v, u in pred.items():
        assert u in dist
        w = edge_weight(graph, u, v, weight)
        assert w is not None
        assert close(dist[u] + w, dist[v]), (u, v)
    for v in dist:
        steps = 0
        while v != source:
            v = pred[v]
            steps += 1
            assert steps <= len(dist)


def bellman_ford(adj: Adjacency, source: Any) -> dict[Any, float]:
    dist: dict[Any, float] = {source: 0}
    for _ in range(len(adj) + 1):
        changed = False
        for u, nbrs in adj.items():
            if u not in dist:
                continue
            for v, w in nbrs.items():
                d = dist[u] + w
                if v not in dist or d < dist[v]:
                    dist[v] = d
                    changed = True
        if not changed:
            break
    return dist


def kruskal_total(nodes: Iterable[Any], edges: Iterable[tuple[Any, Any, float]]) -> float:
    parent = {v: v for v in nodes}

    def find(v: Any) -> Any:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    total = 0.0
    for u, v, w in sorted(edges, key=lambda e: e[2]):
        ru, rv = find(u), find(v)
        if ru != rv:
            parent[ru] = rv
            total += w
    return total


def components(nodes: Iterable[Any], edges: Iterable[tuple[Any, Any]]) -> list[frozenset[Any]]:
    parent = {v: v for v in nodes}

    def find(v: Any) -> Any:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for u, v in edges:
        parent[find(u)] = find(v)
    groups: dict[Any, set[Any]] = {}
    for v in parent:
        groups.setdefault(find(v), set()).add(v)
    return sorted((frozenset(g) for g in groups.values()), key=lambda g: sorted(map(repr, g)))


def check_spanning_forest(
    nodes: list[Any],
    graph_edges: dict[frozenset[Any], list[float]],
    forest: list[tuple[Any, Any, Any]],
) -> None:
    """forest is a spanning forest of the graph: each edge is an edge of the
    graph with one of its weights, it has no cycle, and it connects exactly
    what the graph connects."""
    parent = {v: v for v in nodes}

    def find(v: Any) -> Any:
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v

    for u, v, w in forest:
        key = frozenset((u, v))
        assert key in graph_edges, (u, v)
        assert any(close(w, x) for x in graph_edges[key]), (u, v, w)
        ru, rv = find(u), find(v)
        assert ru != rv, f"cycle through {u!r} - {v!r}"
        parent[ru] = rv
    graph_pairs = [tuple(k) if len(k) == 2 else (next(iter(k)),) * 2 for k in graph_edges]
    assert components(nodes, [(u, v) for u, v, _ in forest]) == components(nodes, graph_pairs)


def undirected_edges(adj: Adjacency) -> dict[frozenset[Any], list[float]]:
    edges: dict[frozenset[Any], list[float]] = {}
    for u, nbrs in adj.items():
        for v, w in nbrs.items():
            if u != v:
                edges.setdefault(frozenset((u, v)), []).append(w)
    return edges


# ---------------------------------------------------------------------------
# fixtures


@pytest.fixture(params=[0, 1, 2], ids=lambda s: f"seed{s}")
def seed(request: Any) -> int:
    return int(request.param)


@pytest.fixture(params=["int", "float"])
def kind(request: Any) -> str:
    return str(request.param)


@pytest.fixture
def road() -> Adjacency:
    """A small undirected dict graph with known answers."""
    edges = [
        ("a", "b", 4),
        ("a", "c", 1),
        ("c", "b", 2),
        ("b", "d", 5),
        ("c", "d", 8),
        ("d", "e", 3),
    ]
    adj: Adjacency = {}
    for u, v, w in edges:
        adj.setdefault(u, {})[v] = w
        adj.setdefault(v, {})[u] = w
    adj["island"] = {}
    return adj


# ---------------------------------------------------------------------------
# against networkx


@needs_nx
@pytest.mark.parametrize("directed", [True, False], ids=["digraph", "graph"])
def test_dijkstra_matches_networkx(seed: int, kind: str, directed: bool) -> None:
    G = to_networkx(random_adjacency(400, 1600, seed, directed=directed, kind=kind), directed)
    for source in (0, 7):
        dist, pred = dijkstra(G, source)
        nx_dist, _nx_paths = nx.single_source_dijkstra(G, source)
        assert list(dist) == sorted(dist, key=dist.__getitem__)  # settled in order
        assert dist.keys() == nx_dist.keys()
        for v, d in nx_dist.items():
            assert close(dist[v], d), v
        if kind == "int":
            assert dist == nx_dist  # integer weights give the exact integers
        check_pred(G, source, dist, pred)


@needs_nx
def test_dijkstra_matches_networkx_larger() -> None:
    G = nx.gnm_random_graph(3000, 20000, seed=11, directed=True)
    rng = random.Random(11)
    for _, _, d in G.edges(data=True):
        d["weight"] = rng.uniform(0, 100)
    dist, pred = dijkstra(G, 0)
    nx_dist = nx.single_source_dijkstra_path_length(G, 0)
    assert dist.keys() == nx_dist.keys()
    assert all(close(dist[v], nx_dist[v]) for v in dist)
    check_pred(G, 0, dist, pred)


@needs_nx
@pytest.mark.parametrize("directed", [True, False], ids=["digraph", "graph"])
def test_infinite_distances_match_networkx(directed: bool) -> None:
    # Weights of inf, and of 1e308 whose sums pass the largest float: the
    # nodes reached at distance inf are reached, as in networkx.
    rng = random.Random(27)
    for _ in range(150):
        G = nx.DiGraph() if directed else nx.Graph()
        n = rng.randint(1, 7)
        G.add_nodes_from(range(n))
        for _ in range(rng.randint(0, 14)):
            G.add_edge(rng.randrange(n), rng.randrange(n),
                       weight=rng.choice([0, 1, 2.5, math.inf, 1e308]))
        s, t = rng.randrange(n), rng.randrange(n)
        for cutoff in (None, 1, 1e300, math.inf):
            expected = nx.single_source_dijkstra_path_length(G, s, cutoff=cutoff)
            assert dijkstra(G, s, cutoff=cutoff)[0] == expected
        expected = nx.single_source_dijkstra_path_length(G, s)
        nx_multi = nx.multi_source_dijkstra_path_length(G, {s, t})
        assert multi_source_dijkstra(G, [s, t])[0] == nx_multi
        if t in expected:
            assert shortest_path(G, s, t)[0] == expected[t]
        else:
            with pytest.raises(NoPathError):
                shortest_path(G, s, t)
        # distance_matrix reads inf both where a node is reached at inf and
        # where it is not reached, as documented.
        g = CompactGraph(G)
        for source, row in zip(g.nodes, g.distance_matrix()):
            dist = dijkstra(g, source)[0]
            assert list(row) == [dist.get(v, math.inf) for v in g.nodes]
        if not directed:  # every minimum spanning forest has the same weights
            tree = nx.minimum_spanning_tree(G, algorithm="prim")
            assert sorted(w for _u, _v, w in prim(G)[1]) == sorted(
                w for _u, _v, w in tree.edges(data="weight")
            )


@needs_nx
@pytest.mark.parametrize("directed", [True, False], ids=["digraph", "graph"])
def test_shortest_path_matches_networkx(seed: int, kind: str, directed: bool) -> None:
    G = to_networkx(random_adjacency(200, 700, seed, directed=directed, kind=kind), directed)
    rng = random.Random(seed)
    reachable = nx.single_source_dijkstra_path_length(G, 0)
    for target in rng.sample(sorted(G), 25):
        if target in reachable:
            length, path = shortest_path(G, 0, target)
            nx_path = nx.dijkstra_path(G, 0, target)
            assert close(length, nx.path_weight(G, nx_path, "weight"))
            assert path[0] == 0 and path[-1] == target
            assert close(length, sum(G[u][v]["weight"] for u, v in zip(path, path[1:])))
        else:
            with pytest.raises(NoPathError):
                shortest_path(G, 0, target)
            with pytest.raises(nx.NetworkXNoPath):
                nx.dijkstra_path(G, 0, target)


@needs_nx
def test_dijkstra_with_target_stops_early(seed: int) -> None:
    G = to_networkx(random_adjacency(300, 1500, seed, directed=True), True)
    full, _ = dijkstra(G, 0)
    target = list(full)[len(full) // 3]
    dist, pred = dijkstra(G, 0, target)
    assert close(dist[target], nx.dijkstra_path_length(G, 0, target))
    assert len(dist) < len(full)
    assert all(d <= dist[target] for d in dist.values())
    assert all(close(dist[v], full[v]) for v in dist)
    check_pred(G, 0, dist, pred)


@needs_nx
@pytest.mark.parametrize("low", [0, -10], ids=["nonnegative", "negative"])
def test_prim_matches_networkx(seed: int, kind: str, low: int) -> None:
    # 300 nodes, ~450 edges: several components and isolated nodes.
    adj = random_adjacency(300, 450, seed, directed=False, kind=kind, low=low)
    G = to_networkx(adj, False)
    total, edges = prim(G)
    T = nx.minimum_spanning_tree(G, algorithm="prim")
    assert close(total, T.size(weight="weight"))
    assert len(edges) == T.number_of_edges() == len(G) - nx.number_connected_components(G)
    assert close(total, sum(w for _, _, w in edges))
    check_spanning_forest(list(G), undirected_edges(adj), edges)


@needs_nx
def test_prim_root_starts_the_first_tree() -> None:
    adj = random_adjacency(100, 300, 5, directed=False)
    G = to_networkx(adj, False)
    root = max(G, key=G.degree)
    total, edges = prim(G, root)
    assert edges[0][0] == root
    assert close(total, nx.minimum_spanning_tree(G, algorithm="prim").size(weight="weight"))


@needs_nx
def test_multigraph_uses_the_lightest_parallel_edge() -> None:
    M = nx.MultiDiGraph()
    M.add_edge("s", "a", weight=5)
    M.add_edge("s", "a", weight=2)
    M.add_edge("a", "t", weight=1)
    M.add_edge("s", "t", weight=4)
    M.add_edge("s", "t")  # no weight attribute: 1
    dist, _pred = dijkstra(M, "s")
    assert dist == nx.single_source_dijkstra_path_length(M, "s") == {"s": 0, "t": 1, "a": 2}
    U = nx.MultiGraph(M)
    total, _edges = prim(U)
    assert total == nx.minimum_spanning_tree(U, algorithm="prim").size(weight="weight") == 2


@needs_nx
def test_networkx_graph_with_callable_weight_and_hidden_edges(seed: int) -> None:
    adj = random_adjacency(200, 1000, seed, directed=True, kind="int")
    G = to_networkx(adj, True)

    def weight(u: Any, v: Any, attrs: dict[str, Any]) -> Optional[float]:
        return None if (u + v) % 5 == 0 else attrs["weight"] * 2 + 0.5

    dist, pred = dijkstra(G, 0, weight=weight)
    nx_dist = nx.single_source_dijkstra_path_length(G, 0, weight=weight)
    assert dist.keys() == nx_dist.keys()
    assert all(close(dist[v], nx_dist[v]) for v in dist)
    check_pred(G, 0, dist, pred, weight)

    # networkx's prim takes only attribute names: give it the weights computed.
    U = to_networkx(random_adjacency(200, 400, seed, directed=False), False)
    total, edges = prim(U, weight=weight)
    V = nx.Graph()
    V.add_nodes_from(U)
    V.add_weighted_edges_from(
        (u, v, weight(u, v, d)) for u, v, d in U.edges(data=True) if weight(u, v, d) is not None
    )
    assert close(total, nx.minimum_spanning_tree(V, algorithm="prim").size(weight="weight"))
    assert all((u + v) % 5 for u, v, _ in edges)
    assert len(edges) == len(V) - nx.number_connected_components(V)


@needs_nx
def test_missing_weight_attribute_means_one() -> None:
    G = nx.DiGraph()
    G.add_edge(0, 1)
    G.add_edge(1, 2, weight=0.25)
    G.add_edge(0, 2, cost=7)
    assert dijkstra(G, 0) == ({0: 0, 1: 1, 2: 1}, {1: 0, 2: 0})
    assert dijkstra(G, 1) == ({1: 0, 2: 0.25}, {2: 1})
    assert dijkstra(G, 0, weight="cost") == ({0: 0, 1: 1, 2: 2}, {1: 0, 2: 1})
    assert shortest_path(G, 0, 2, weight="cost") == (2, [0, 1, 2])


@needs_nx
def test_networkx_views_are_accepted() -> None:
    G = to_networkx(random_adjacency(50, 200, 3, directed=True), True)
    R = G.reverse(copy=False)
    dist, _ = dijkstra(R, 0)
    nx_dist = nx.single_source_dijkstra_path_length(R, 0)
    assert dist.keys() == nx_dist.keys() and all(close(dist[v], nx_dist[v]) for v in dist)
    S = G.subgraph(range(25))
    dist, _ = dijkstra(S, 0)
    assert dist.keys() == nx.single_source_dijkstra_path_length(S, 0).keys()


# ---------------------------------------------------------------------------
# dict-of-dicts input


def test_dict_graph_known_answers(road: Adjacency) -> None:
    dist, pred = dijkstra(road, "a")
    assert dist == {"a": 0, "c": 1, "b": 3, "d": 8, "e": 11}
    assert list(dist) == ["a", "c", "b", "d", "e"]
    assert pred == {"c": "a", "b": "c", "d": "b", "e": "d"}
    assert shortest_path(road, "a", "e") == (11, ["a", "c", "b", "d", "e"])
    assert shortest_path(road, "e", "e") == (0, ["e"])
    total, edges = prim(road, "a")
    assert total == 1 + 2 + 5 + 3
    assert edges == [("a", "c", 1), ("c", "b", 2), ("b", "d", 5), ("d", "e", 3)]


def test_dict_graph_neighbour_only_nodes() -> None:
    adj = {0: {1: 2.5, 2: 1}, 2: {3: 1}}  # 1 and 3 have no entry of their own
    assert dijkstra(adj, 0) == ({0: 0, 2: 1, 3: 2, 1: 2.5}, {1: 0, 2: 0, 3: 2})
    assert dijkstra(adj, 3) == ({3: 0}, {})
    assert shortest_path(adj, 0, 3) == (2, [0, 2, 3])
    total, edges = prim(adj)
    assert total == 4.5 and len(edges) == 3


def test_dict_graph_is_directed_for_dijkstra_undirected_for_prim() -> None:
    adj = {"x": {"y": 1}, "y": {}, "z": {"y": 2}}
    assert dijkstra(adj, "y") == ({"y": 0}, {})
    with pytest.raises(NoPathError):
        shortest_path(adj, "x", "z")
    total, edges = prim(adj, "x")
    assert total == 3
    assert edges == [("x", "y", 1), ("y", "z", 2)]


def test_dict_graph_weight_name_is_ignored(road: Adjacency) -> None:
    assert dijkstra(road, "a", weight="anything") == dijkstra(road, "a")


def test_dict_graph_callable_weight_gets_the_number(road: Adjacency) -> None:
    seen = []

    def weight(u: Any, v: Any, attrs: Any) -> Optional[float]:
        seen.append(attrs)
        assert attrs == road[u][v]
        return None if {u, v} == {"a", "c"} else attrs * 10

    dist, _pred = dijkstra(road, "a", weight=weight)
    assert dist == {"a": 0, "b": 40, "c": 60, "d": 90, "e": 120}
    assert all(isinstance(x, (int, float)) for x in seen)
    length, path = shortest_path(road, "a", "c", weight=weight)
    assert (length, path) == (60, ["a", "b", "c"])
    total, edges = prim(road, weight=weight)
    assert total == (4 + 2 + 5 + 3) * 10
    assert all({u, v} != {"a", "c"} for u, v, _ in edges)


def test_zero_and_infinite_weights() -> None:
    adj = {0: {1: 0, 2: math.inf}, 1: {2: 0.0}, 2: {3: math.inf}}
    dist, pred = dijkstra(adj, 0)
    assert dist == {0: 0, 1: 0, 2: 0.0, 3: math.inf}
    assert pred == {1: 0, 2: 1, 3: 2}


def test_other_number_types() -> None:
    from fractions import Fraction

    adj = {0: {1: Fraction(1, 3), 2: True}, 1: {2: Fraction(1, 3)}}
    dist, _ = dijkstra(adj, 0)
    assert dist == {0: 0, 1: Fraction(1, 3), 2: Fraction(2, 3)}


def test_equal_distances_settle_in_discovery_order() -> None:
    adj = {"s": {"c": 1, "a": 1, "b": 1}, "a": {}, "b": {}, "c": {}}
    assert list(dijkstra(adj, "s")[0]) == ["s", "c", "a", "b"]


def test_self_loops_and_unhashable_free_graphs() -> None:
    adj = {0: {0: 3, 1: 1}, 1: {1: 0}}
    assert dijkstra(adj, 0) == ({0: 0, 1: 1}, {1: 0})
    assert prim(adj) == (1, [(0, 1, 1)])


# ---------------------------------------------------------------------------
# labels that equal a node's: networkx's rule (a dict's) makes them that node

# Each equals the int 0 and hashes as it.
ZEROS: list[Any] = [0.0, -0.0, Fraction(0), Decimal(0), False] + (
    [np.float64(0), np.int64(0)] if np is not None else []
)


def networkx_answer(G: Any, source: Any) -> tuple[dict[Any, Any], dict[Any, Any]]:
    """networkx's distances, and the predecessors on its (unique) paths."""
    dist, paths = nx.single_source_dijkstra(G, source)
    return dist, {v: path[-2] for v, path in paths.items() if len(path) > 1}


@needs_nx
@pytest.mark.parametrize("zero", ZEROS, ids=repr)
@pytest.mark.parametrize("cls", ["Graph", "DiGraph", "MultiGraph", "MultiDiGraph"])
def test_labels_equal_to_the_range_ints_are_those_nodes(zero: Any, cls: str) -> None:
    # Nodes 0, 1, 2 (ints: the range fast path); the second edge is keyed
    # by ``zero`` in node 2's adjacency (issue #27: TypeError).
    G = getattr(nx, cls)([(0, 1), (zero, 2)])
    assert list(G) == [0, 1, 2]
    for graph in (G, CompactGraph(G)):
        assert dijkstra(graph, 0) == networkx_answer(G, 0)
        assert dijkstra(graph, zero) == networkx_answer(G, zero)
        assert multi_source_dijkstra(graph, [zero, 1]) == ({0: 0, 1: 0, 2: 1}, {2: 0})
        assert shortest_path(graph, zero, 2) == (1, [0, 2])
        if not G.is_directed():
            assert dijkstra(graph, 2) == networkx_answer(G, 2)
            total, edges = prim(graph, zero)
            tree = nx.minimum_spanning_tree(G, algorithm="prim")
            assert total == tree.size(weight="weight") == 2
            assert sorted(map(sorted, [(u, v) for u, v, _ in edges])) == sorted(
                map(sorted, tree.edges())
            )


# Each equals the int 1 and hashes as it: node 1 of a range graph.
ONES: list[Any] = [1.0, Fraction(1), Decimal(1), True, complex(1, 0)] + (
    [np.float64(1), np.uint8(1)] if np is not None else []
)


@pytest.mark.parametrize("one", ONES, ids=repr)
def test_a_label_equal_to_a_node_of_a_range_graph_is_that_node(one: Any) -> None:
    path = {0: {1: 1}, 1: {0: 1, 2: 1}, 2: {1: 1}}
    arrays = CompactGraph.from_arrays([0, 1], [1, 2], directed=False)
    graphs: list[Any] = [path, CompactGraph(path, directed=False), arrays]
    if nx is not None:
        graphs.append(nx.path_graph(3))
    for graph in graphs:
        # issue #27: dijkstra(nx.path_graph(3), 1.0) raised KeyError
        assert dijkstra(graph, one) == ({1: 0, 0: 1, 2: 1}, {0: 1, 2: 1})
        assert dijkstra(graph, 0, one) == ({0: 0, 1: 1}, {1: 0})  # stops at node 1
        assert shortest_path(graph, 0, one) == (1, [0, 1])
        assert prim(graph, one) == prim(graph, 1)
        if isinstance(graph, CompactGraph):
            assert one in graph
            assert graph.distance_matrix([one]) == graph.distance_matrix([1])
    if nx is not None:
        expected = nx.single_source_dijkstra(nx.path_graph(3), one)
        assert dijkstra(nx.path_graph(3), one)[0] == expected[0]


@pytest.mark.parametrize("stranger", [1.5, 3.0, -1.0, math.nan, 2**64 + 1.0, "1", (1,)], ids=repr)
def test_a_label_equal_to_no_node_of_a_range_graph_is_not_in_it(stranger: Any) -> None:
    graph = CompactGraph.from_arrays([0, 1], [1, 2])
    assert stranger not in graph
    with pytest.raises(KeyError, match=r"source node .* is not in the graph"):
        dijkstra(graph, stranger)
    with pytest.raises(KeyError, match="source node"):
        graph.distance_matrix([stranger])
    with pytest.raises(NoPathError, match="is not in the graph"):
        shortest_path(graph, 0, stranger)
    if nx is not None:
        with pytest.raises(KeyError, match="root node"):
            prim(nx.path_graph(3), stranger)


# ---------------------------------------------------------------------------
# prim: a NaN weight raises wherever it is, a self-loop's too


@pytest.mark.parametrize(
    ("adj", "edge"),
    [
        ({0: {0: math.nan, 1: 1}}, "0 - 0"),  # issue #27: on the first node
        ({0: {1: 1}, 1: {1: math.nan}}, "1 - 1"),  # on a node reached later
        ({0: {1: 1}, 2: {2: math.nan}}, "2 - 2"),  # on the first node of a later tree
        ({0: {1: Fraction(1)}, 1: {1: Decimal("NaN")}}, "1 - 1"),  # the exact loop
    ],
)
def test_prim_raises_for_a_nan_self_loop(adj: Adjacency, edge: str) -> None:
    with pytest.raises(ValueError, match=f"the weight of edge {edge} is NaN"):
        prim(adj)
    with pytest.raises(ValueError, match=f"edge {edge} is NaN"):
        prim(CompactGraph(adj, directed=False))
    if nx is not None:
        with pytest.raises(ValueError, match=f"edge {edge} is NaN"):
            prim(to_networkx(adj, False))


def test_prim_raises_for_a_nan_self_loop_of_arrays() -> None:
    g = CompactGraph.from_arrays([0, 1], [1, 1], [1.0, math.nan], directed=False)
    with pytest.raises(ValueError, match="edge 1 - 1 is NaN"):
        prim(g)
    assert prim(CompactGraph.from_arrays([0, 1], [1, 1], [1.0, 5.0], directed=False)) == (
        1.0, [(0, 1, 1.0)]
    )


# ---------------------------------------------------------------------------
# cutoffs beyond every float: compared exactly, as networkx compares them

HUGE = 10**400


@pytest.mark.parametrize(
    "cutoff", [HUGE, -HUGE, Fraction(HUGE), Fraction(-HUGE, 3), Decimal("1e400"), 2**1024],
    ids=["10**400", "-10**400", "Fraction", "-Fraction", "Decimal", "2**1024"],
)
@pytest.mark.parametrize("kind", ["float", "int", "Fraction"])
def test_cutoffs_past_the_largest_float(cutoff: Any, kind: str) -> None:
    # issue #27: OverflowError.  An infinite weight is farther than any
    # finite cutoff, so node 3 is reached only without one.
    number: Any = {"float": float, "int": int, "Fraction": Fraction}[kind]
    adj: Adjacency = {0: {1: number(3), 2: number(1)}, 2: {1: number(1)}, 1: {}}
    if kind == "float":
        adj[2][3] = math.inf
    expected = {0: 0, 2: 1, 1: 2} if cutoff > 0 else {0: 0}
    assert dijkstra(adj, 0, cutoff=cutoff)[0] == expected
    assert multi_source_dijkstra(adj, [0], cutoff=cutoff)[0] == expected
    g = CompactGraph(adj)
    row = g.distance_matrix([0], cutoff=cutoff, threads=1)[0]
    assert {g.nodes[i]: d for i, d in enumerate(row) if d < math.inf} == expected
    if nx is not None:
        G = nx.DiGraph([(u, v, {"weight": w}) for u, nbrs in adj.items() for v, w in nbrs.items()])
        assert nx.single_source_dijkstra_path_length(G, 0, cutoff=cutoff) == expected
    if kind == "float":  # without a cutoff, node 3 is at distance inf
        assert dijkstra(adj, 0)[0] == {**expected, 1: 2, 2: 1, 3: math.inf}


# ---------------------------------------------------------------------------
# an attribute of None: networkx's Dijkstra skips the edge, its spanning
# trees raise TypeError


@needs_nx
@pytest.mark.parametrize("cls", ["Graph", "DiGraph", "MultiGraph", "MultiDiGraph"])
@pytest.mark.parametrize("labels", [["s", "a", "b"], [0, 1, 2]], ids=["str", "range"])
def test_a_weight_attribute_of_none_hides_the_edge_from_dijkstra(
    cls: str, labels: list[Any]
) -> None:
    s, a, b = labels
    G = getattr(nx, cls)()
    G.add_nodes_from(labels)
    G.add_edge(s, a, weight=None)  # issue #27: TypeError
    G.add_edge(s, b, weight=2)
    G.add_edge(b, a, weight=3)
    expected = networkx_answer(G, s)
    assert expected == ({s: 0, b: 2, a: 5}, {b: s, a: b})
    g = CompactGraph(G)
    for graph in (G, g):
        assert dijkstra(graph, s) == expected
        assert shortest_path(graph, s, a) == (5, [s, b, a])
    assert [list(row) for row in g.distance_matrix([s], threads=1)] == [[0.0, 5.0, 2.0]]
    if not G.is_directed():
        with pytest.raises(TypeError):
            nx.minimum_spanning_tree(G, algorithm="prim")
        for graph in (G, g):
            with pytest.raises(TypeError, match=f"edge {s!r} - {a!r} is not a number: None"):
                prim(graph)


def test_a_weight_attribute_of_none_in_an_edge_list() -> None:
    edges = [("s", "a", {"weight": None}), ("s", "b", {"weight": 2}), ("b", "a", {})]
    assert dijkstra(CompactGraph(edges), "s") == ({"s": 0, "b": 2, "a": 3}, {"b": "s", "a": "b"})
    with pytest.raises(TypeError, match="edge 's' - 'a' is not a number: None"):
        prim(CompactGraph(edges, directed=False))
    # a callable's None hides the edge from prim too (its documented rule)
    hidden = CompactGraph(edges, lambda u, v, d: d.get("weight", 1), directed=False)
    assert prim(hidden) == (3, [("s", "b", 2), ("b", "a", 1)])
    # the number of a mapping, or of an edge (u, v, w), is not an attribute
    for graph in ({"s": {"a": None}}, [("s", "a", None)]):
        with pytest.raises(TypeError, match="'s' -> 'a' is not a number: None"):
            dijkstra(graph if isinstance(graph, dict) else CompactGraph(graph), "s")


@needs_nx
def test_parallel_edges_weighing_none_and_a_number() -> None:
    # networkx's min() cannot order them: TypeError where the search meets
    # the edge, and nowhere else.
    G = nx.MultiDiGraph([(0, 1, {"weight": None}), (0, 1, {"weight": 3}), (1, 2, {})])
    with pytest.raises(TypeError):
        nx.single_source_dijkstra(G, 0)
    with pytest.raises(TypeError, match="edge 0 -> 1 is not a number: parallel edges weighing"):
        dijkstra(G, 0)
    assert dijkstra(G, 1) == networkx_answer(G, 1) == ({1: 0, 2: 1}, {2: 1})
    # one parallel edge of None is networkx's min: None, the edge hidden
    G = nx.MultiGraph([(0, 1, {"weight": None}), (1, 2, {})])
    assert dijkstra(G, 1) == networkx_answer(G, 1) == ({1: 0, 2: 1}, {2: 1})


# ---------------------------------------------------------------------------
# hypothesis: small graphs against Bellman-Ford and Kruskal

if given is not None:
    weights_st = st.one_of(
        st.integers(min_value=0, max_value=20),
        st.floats(min_value=0, max_value=100, allow_nan=False, allow_infinity=False),
    )

    @st.composite
    def small_graphs(draw: Any, min_weight: int = 0) -> Adjacency:
        n = draw(st.integers(min_value=1, max_value=9))
        pairs = draw(
            st.lists(
                st.tuples(
                    st.integers(0, n - 1),
                    st.integers(0, n - 1),
                    weights_st
                    if min_weight == 0
                    else st.integers(min_value=min_weight, max_value=20),
                ),
                max_size=3 * n,
            )
        )
        adj: Adjacency = {v: {} for v in range(n)}
        for u, v, w in pairs:
            adj[u][v] = w
        return adj


@needs_hypothesis
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_dijkstra_agrees_with_bellman_ford(data: Any) -> None:
    adj = data.draw(small_graphs())
    source = data.draw(st.sampled_from(sorted(adj)))
    expected = bellman_ford(adj, source)
    dist, pred = dijkstra(adj, source)
    assert dist.keys() == expected.keys()
    for v, d in expected.items():
        assert close(dist[v], d)
    check_pred(adj, source, dist, pred)
    target = data.draw(st.sampled_from(sorted(adj)))
    if target in expected:
        length, path = shortest_path(adj, source, target)
        assert close(length, expected[target])
        assert path[0] == source and path[-1] == target
        assert close(length, sum(adj[u][v] for u, v in zip(path, path[1:])))
        early, _ = dijkstra(adj, source, target)
        assert close(early[target], expected[target])
    else:
        with pytest.raises(NoPathError):
            shortest_path(adj, source, target)


@needs_hypothesis
@settings(max_examples=200, deadline=None)
@given(adj=small_graphs(min_weight=-20))
def test_prim_agrees_with_kruskal(adj: Adjacency) -> None:
    # An undirected graph: keep one weight per pair (u -> v wins over v -> u).
    und: Adjacency = {v: {} for v in adj}
    for u, nbrs in adj.items():
        for v, w in nbrs.items():
            if u != v and u not in und[v]:
                und[u][v] = und[v][u] = w
    edge_list = [(u, v, w) for u, nbrs in und.items() for v, w in nbrs.items() if u < v]
    total, edges = prim(und)
    assert close(total, kruskal_total(und, edge_list))
    check_spanning_forest(list(und), undirected_edges(und), edges)
    one_way = {u: {v: w for v, w in nbrs.items() if u < v} for u, nbrs in und.items()}
    assert close(prim(one_way)[0], total)  # each edge listed once is enough


# ---------------------------------------------------------------------------
# bad input


@pytest.mark.parametrize("as_networkx", [False, True], ids=["dict", "networkx"])
def test_negative_weight_names_the_edge(as_networkx: bool) -> None:
    adj: Adjacency = {"s": {"a": 1, "b": 2}, "a": {"b": -1.5}, "b": {}}
    graph: Any = adj
    if as_networkx:
        if nx is None:
            pytest.skip("networkx is not installed")
        graph = to_networkx(adj, True)
    with pytest.raises(ValueError, match=r"negative weight -1\.5 on edge 'a' -> 'b'"):
        dijkstra(graph, "s")
    with pytest.raises(ValueError, match="negative"):
        shortest_path(graph, "s", "b")
    with pytest.raises(ValueError, match="negative"):
        dijkstra(graph, "s", weight=lambda u, v, d: -1)


@pytest.mark.parametrize("as_networkx", [False, True], ids=["dict", "networkx"])
def test_nan_weight_raises(as_networkx: bool) -> None:
    adj = {"s": {"a": 1.0}, "a": {"b": math.nan}, "b": {}}
    graph: Any = adj
    if as_networkx:
        if nx is None:
            pytest.skip("networkx is not installed")
        graph = to_networkx(adj, False)
    with pytest.raises(ValueError, match=r"edge 'a' (->|-) 'b' is NaN"):
        dijkstra(graph, "s")
    with pytest.raises(ValueError, match="NaN"):
        prim(graph if as_networkx else {"s": {"a": 1.0}, "a": {"b": math.nan}})
    with pytest.raises(ValueError, match="NaN"):
        dijkstra({"s": {"a": 1}}, "s", weight=lambda u, v, d: math.nan)


@pytest.mark.parametrize("bad", ["3", None, [1], 1j])
def test_weight_that_is_not_a_number_raises_type_error(bad: Any) -> None:
    with pytest.raises(TypeError, match="'s' -> 'a'"):
        dijkstra({"s": {"a": bad}}, "s")
    with pytest.raises(TypeError):
        prim({"s": {"a": bad}, "t": {"a": 1}})


def test_missing_source_raises_key_error(road: Adjacency) -> None:
    with pytest.raises(KeyError, match="nowhere"):
        dijkstra(road, "nowhere")
    with pytest.raises(KeyError):
        shortest_path(road, "nowhere", "a")
    with pytest.raises(KeyError):
        prim(road, "nowhere")
    with pytest.raises(KeyError):
        dijkstra(road, ["unhashable"])  # type: ignore[arg-type]
    if nx is not None:
        G = to_networkx(road, False)
        with pytest.raises(KeyError):
            dijkstra(G, "nowhere")
        with pytest.raises(KeyError):
            prim(G, "nowhere")


def test_no_path_error(road: Adjacency) -> None:
    assert issubclass(NoPathError, LookupError)
    with pytest.raises(LookupError) as info:
        shortest_path(road, "a", "island")
    error = info.value
    assert isinstance(error, NoPathError)
    assert error.source == "a" and error.target == "island"
    assert "'a'" in str(error) and "'island'" in str(error)
    with pytest.raises(NoPathError, match="'atlantis' is not in the graph") as info:
        shortest_path(road, "a", "atlantis")
    assert "'a'" in str(info.value)
    again = pickle.loads(pickle.dumps(error))
    assert (again.source, again.target, str(again)) == ("a", "island", str(error))


def test_prim_refuses_directed_and_inconsistent_graphs() -> None:
    with pytest.raises(ValueError, match="different weights"):
        prim({0: {1: 2}, 1: {0: 3}})
    if nx is not None:
        with pytest.raises(ValueError, match="undirected"):
            prim(nx.DiGraph([(0, 1)]))


@pytest.mark.parametrize("bad", [None, 42, [(0, 1)], "graph"])
def test_not_a_graph_raises_type_error(bad: Any) -> None:
    with pytest.raises(TypeError, match="graph must be"):
        dijkstra(bad, 0)
    with pytest.raises(TypeError, match="graph must be"):
        prim(bad)


class Place:
    """A graph node that can be watched with a weak reference."""

    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


def fail_then_stop_early(places: list[Place]) -> None:
    adj: Adjacency = {p: {} for p in places}
    for i in range(5):
        adj[places[i]][places[i + 1]] = 1.0
        adj[places[i]][places[(i + 3) % 6]] = 2.0
    adj[places[3]][places[4]] = -1.0  # found after a few nodes are in the heap
    before = copy.deepcopy(adj)
    with pytest.raises(ValueError, match="negative"):
        dijkstra(adj, places[0])
    with pytest.raises(ValueError, match="negative"):
        shortest_path(adj, places[0], places[5])
    with pytest.raises(TypeError, match="not a number"):
        dijkstra(adj, places[0], weight=lambda u, v, d: [d])  # type: ignore[arg-type,return-value]
    assert repr(adj) == repr(before)  # the graph is untouched
    # An early stop leaves the rest of the heap behind: it is cleared too.
    del adj[places[3]][places[4]]
    assert shortest_path(adj, places[0], places[1]) == (1.0, [places[0], places[1]])


def test_failures_leave_nothing_behind() -> None:
    places = [Place(f"p{i}") for i in range(6)]
    fail_then_stop_early(places)
    refs = [weakref.ref(p) for p in places]
    del places
    for _ in range(3):  # PyPy: finalizers first, then the objects
        gc.collect()
    assert all(ref() is None for ref in refs), "a graph node is still referenced"


# ---------------------------------------------------------------------------
# networkx stays optional


def subprocess_env() -> dict[str, str]:
    env = dict(os.environ)
    paths = [str(PACKAGE_HOME), env.get("PYTHONPATH", "")]
    env["PYTHONPATH"] = os.pathsep.join(filter(None, paths))
    return env


def run_python(code: str, *args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = subprocess_env()
    return subprocess.run(
        [sys.executable, *(["-c", code] if code else []), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        cwd=str(PACKAGE_HOME),
    )


def test_networkx_is_not_imported() -> None:
    code = (
        "import sys\n"
        "import fiboheap.graph as g\n"
        "assert 'networkx' not in sys.modules, 'imported by import fiboheap.graph'\n"
        "adj = {0: {1: 1.0, 2: 4}, 1: {2: 2}, 2: {}}\n"
        "assert g.dijkstra(adj, 0) == ({0: 0, 1: 1.0, 2: 3.0}, {1: 0, 2: 1})\n"
        "assert g.shortest_path(adj, 0, 2) == (3.0, [0, 1, 2])\n"
        "assert g.prim(adj)[0] == 3.0\n"
        "assert 'networkx' not in sys.modules, 'imported by running on a dict graph'\n"
        "print('ok')\n"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


# ---------------------------------------------------------------------------
# star graphs: the classic trap of fake Fibonacci heaps


CALLGRIND_SCRIPT = """
import sys
from fiboheap import FiboHeap
from fiboheap.graph import dijkstra

def star(n):
    adj = {v: {} for v in range(n)}
    for leaf in range(1, n):
        adj[0][leaf] = adj[leaf][0] = 1.0 + (leaf * 7919 % 1000) / 1000
    return adj

sources = int(sys.argv[1])
for n in map(int, sys.argv[2:]):
    adj = star(n)
    for source in range(1, sources + 1):
        dijkstra(adj, source)
    marker = FiboHeap()
    marker.insert(0)
    marker.peek()  # dijkstra never peeks: callgrind dumps its counters here
"""


def c_heap_instructions(sizes: list[int], sources: int, tmp_path: Path) -> list[int]:
    """Per size in ``sizes``: the instructions executed inside the C heap
    (from each cffi entry point into C to its return) while dijkstra runs
    from ``sources`` leaves of a star of that size, counted by callgrind in
    one process: deterministic, unlike wall time."""
    out = tmp_path / "callgrind.out"
    env = subprocess_env()
    result = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            # cffi's wrappers, the way from Python into C; they never nest.
            "--toggle-collect=_cffi_f_*",
            "--dump-after=_cffi_f_fh_peek_ref",  # what FiboHeap.peek calls
            sys.executable,
            "-c",
            CALLGRIND_SCRIPT,
            str(sources),
            *map(str, sizes),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        cwd=str(PACKAGE_HOME),
    )
    assert result.returncode == 0, result.stderr[-2000:]
    counts = []
    for part in range(1, len(sizes) + 1):
        text = Path(f"{out}.{part}").read_text()
        totals = [line for line in text.splitlines() if line.startswith(("summary:", "totals:"))]
        assert totals, f"no totals in callgrind dump {part}"
        counts.append(int(totals[0].split()[1]))
    return counts


@pytest.mark.skipif(
    shutil.which("valgrind") is None or sys.implementation.name != "cpython",
    reason="needs valgrind and CPython",
)
def test_star_graph_c_heap_work_is_near_linear_per_source(tmp_path: Path) -> None:
    # Per source, a real heap (the searches' 4-ary heap, or a true Fibonacci
    # heap) does O(n log n) work on a star; a Fibonacci heap that never
    # consolidates its root list (every extract rescans all the roots) does
    # O(n^2).  From 400 to 1600 nodes, such a heap ran ~12x the instructions
    # per source, the Fibonacci heap ~4.2x.
    small, large = c_heap_instructions([400, 1600], 3, tmp_path)
    assert small > 400 * 3, "callgrind counted nothing: are the cffi wrappers named _cffi_f_*?"
    ratio = large / small
    assert ratio < 8, f"C heap work per source grew {ratio:.1f}x for 4x the nodes"


# ---------------------------------------------------------------------------
# the examples (python -m fiboheap: tests/test_demo.py)


def test_example_seed_dijkstra() -> None:
    result = run_python("", str(ROOT / "examples" / "seed_dijkstra.py"), "300", "3")
    assert result.returncode == 0, result.stderr
    sys.path.insert(0, str(ROOT / "examples"))
    try:
        seed_dijkstra = importlib.import_module("seed_dijkstra")
    finally:
        sys.path.remove(str(ROOT / "examples"))
    G = seed_dijkstra.random_graph(300, 3)
    adj: Adjacency = {u: {} for u in range(300)}
    for u, edges in enumerate(G.edges):
        for v, w in edges:
            adj[u][v] = min(w, adj[u].get(v, math.inf))
    length, path = shortest_path(adj, 0, 150)
    assert f"shortest distance from 0 to 150: {length:.1f}" in result.stdout
    assert f"path ({len(path) - 1} edges): " in result.stdout
    assert "payloads released: True" in result.stdout


def test_example_networkx() -> None:
    result = run_python("", str(ROOT / "examples" / "networkx_example.py"))
    assert result.returncode == 0, result.stderr
    if nx is None:
        assert "networkx is not installed" in result.stdout
        return
    out = result.stdout
    assert "shortest route Amsterdam -> Eindhoven:" in out
    assert "fastest route Amsterdam -> Eindhoven:" in out
    assert "minimum road network:" in out
    assert "same: False" not in out
    assert out.count("same: True") == 4
