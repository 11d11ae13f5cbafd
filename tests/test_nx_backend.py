"""fiboheap as a networkx backend (fiboheap.nx_backend).

The backend's functions are called two ways: directly on a converted graph
(always), and through networkx's dispatch with ``backend="fiboheap"`` (when
fiboheap is installed, since networkx finds backends through installed entry
points; scripts/test installs it).  Results are compared with networkx's own
on hypothesis-generated graphs of the four classes: the same paths among
equal ones, the same predecessor lists (tests/test_nx_ties.py compares
orders too, on seeded graphs full of ties).

networkx's own tests run against the backend in scripts/test (see
docs/networkx_backend.md).
"""
from __future__ import annotations

import inspect
import math
import pickle
import subprocess
import sys
import threading
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

nx = pytest.importorskip("networkx")

# networkx notes with a UserWarning each time it uses a cached conversion.
pytestmark = pytest.mark.filterwarnings("ignore:Note. conversions to backend graphs:UserWarning")

from fiboheap.nx_backend import FUNCTIONS, get_info  # noqa: E402
from fiboheap.nx_backend.backend import (  # noqa: E402
    BackendInterface,
    FiboheapGraph,
    backend_interface,
)

GRAPH_CLASSES = [nx.Graph, nx.DiGraph, nx.MultiGraph, nx.MultiDiGraph]
UNDIRECTED = [nx.Graph, nx.MultiGraph]

# networkx finds the backend only when fiboheap is installed with its entry points.
installed = pytest.mark.skipif(
    "fiboheap" not in nx.utils.backends.backends,
    reason="fiboheap is not installed, so networkx has no 'fiboheap' backend "
    "(pip install -e . registers it)",
)


def convert(G: Any, weight: Any = "weight") -> FiboheapGraph:
    """G converted as networkx converts it for a call with ``weight``."""
    return BackendInterface.convert_from_nx(G, edge_attrs={weight: 1})


@st.composite
def graphs(draw: Any, classes: list[Any] = GRAPH_CLASSES, weights: Any = None) -> Any:
    """A small networkx graph of one of ``classes``, some edges without a
    weight (networkx's default 1), parallel edges and self-loops included."""
    if weights is None:
        weights = st.one_of(
            st.integers(0, 4),  # many ties
            st.floats(0, 10, allow_nan=False),
        )
    G = draw(st.sampled_from(classes))()
    n = draw(st.integers(1, 9))
    G.add_nodes_from(range(n))
    for _ in range(draw(st.integers(0, 25))):
        u, v = draw(st.integers(0, n - 1)), draw(st.integers(0, n - 1))
        if draw(st.integers(0, 3)):
            G.add_edge(u, v, weight=draw(weights))
        else:
            G.add_edge(u, v)
    return G


def nx_weight(G: Any, u: Any, v: Any) -> Any:
    """The weight networkx's Dijkstra uses for the edge u -> v."""
    data = G[u][v]
    if G.is_multigraph():
        return min(attrs.get("weight", 1) for attrs in data.values())
    return data.get("weight", 1)


def assert_shortest_path(G: Any, path: list[Any], source: Any, target: Any, length: Any) -> None:
    """``path`` goes from source to target along edges of G, and its length,
    summed as Dijkstra sums it, is ``length``."""
    assert path[0] == source and path[-1] == target
    total: Any = 0
    for u, v in zip(path, path[1:]):
        assert G.has_edge(u, v)
        total += nx_weight(G, u, v)
    assert total == length


# ---------------------------------------------------------------------------
# packaging: names, signatures, no import of networkx by fiboheap


def test_import_fiboheap_does_not_import_networkx() -> None:
    code = (
        "import sys, fiboheap, fiboheap.graph, fiboheap.nx_backend as b; "
        "info = b.get_info(); "
        "assert 'networkx' not in sys.modules, 'networkx was imported'; "
        "print(info['backend_name'])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "fiboheap"


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_functions_have_networkx_signatures(name: str) -> None:
    ours = inspect.signature(getattr(backend_interface, name))
    theirs = inspect.signature(getattr(nx, name).orig_func)
    assert list(ours.parameters) == list(theirs.parameters)
    for parameter in theirs.parameters.values():
        assert ours.parameters[parameter.name].default == parameter.default, parameter.name
        assert ours.parameters[parameter.name].kind == parameter.kind, parameter.name


def test_info_lists_the_functions() -> None:
    info = get_info()
    assert info["backend_name"] == "fiboheap"
    assert set(info["functions"]) == set(FUNCTIONS)
    for name in FUNCTIONS:
        assert callable(getattr(backend_interface, name))


def test_can_run_and_should_run_say_why_not() -> None:
    G = nx.Graph([(0, 1)])
    can_run = backend_interface.can_run
    assert can_run("single_source_dijkstra", (G, 0), {}) is True
    assert can_run("minimum_spanning_tree", (G,), {"algorithm": "prim"}) is True
    assert can_run("minimum_spanning_edges", (G, "prim"), {}) is True
    assert "prim" in can_run("minimum_spanning_tree", (G,), {})  # kruskal by default
    assert "prim" in can_run("minimum_spanning_edges", (G, "boruvka"), {})
    assert "does not implement" in can_run("bellman_ford_path", (G, 0, 1), {})
    assert "callable" in can_run(
        "minimum_spanning_tree", (G,), {"algorithm": "prim", "weight": lambda u, v, d: 1}
    )
    should_run = backend_interface.should_run
    assert should_run("dijkstra_path", (G, 0, 1), {}) is True
    assert "weight function" in should_run("dijkstra_path", (G, 0, 1), {"weight": len})
    assert should_run("bellman_ford_path", (G, 0, 1), {}) is True  # can_run decides


# ---------------------------------------------------------------------------
# the shortest-path functions against networkx


@given(graphs(), st.data())
def test_single_source_dijkstra(G: Any, data: Any) -> None:
    s = data.draw(st.sampled_from(sorted(G)))
    cutoff = data.draw(st.one_of(st.none(), st.integers(0, 6)))
    F = convert(G)
    dist, paths = backend_interface.single_source_dijkstra(F, s, cutoff=cutoff)
    nx_dist = nx.single_source_dijkstra_path_length(G, s, cutoff=cutoff)
    assert (dist, paths) == nx.single_source_dijkstra(G, s, cutoff=cutoff)
    for v, path in paths.items():
        assert_shortest_path(G, path, s, v, dist[v])
    assert backend_interface.single_source_dijkstra_path_length(F, s, cutoff) == nx_dist
    assert backend_interface.single_source_dijkstra_path(F, s, cutoff).keys() == nx_dist.keys()


@given(graphs(), st.data())
def test_to_a_target(G: Any, data: Any) -> None:
    s, t = data.draw(st.sampled_from(sorted(G))), data.draw(st.sampled_from(sorted(G)))
    F = convert(G)
    try:
        length = nx.dijkstra_path_length(G, s, t)
    except nx.NetworkXNoPath:
        for function in ("dijkstra_path", "dijkstra_path_length", "bidirectional_dijkstra"):
            with pytest.raises(nx.NetworkXNoPath):
                getattr(backend_interface, function)(F, s, t)
        with pytest.raises(nx.NetworkXNoPath):
            backend_interface.single_source_dijkstra(F, s, t)
        return
    assert backend_interface.dijkstra_path_length(F, s, t) == length
    assert backend_interface.dijkstra_path(F, s, t) == nx.dijkstra_path(G, s, t)
    for function in ("single_source_dijkstra", "bidirectional_dijkstra"):
        # the two-sided search's length may round otherwise: networkx's too
        got = getattr(backend_interface, function)(F, s, t)
        assert got == getattr(nx, function)(G, s, t)
        assert_shortest_path(G, got[1], s, t, length if function[0] == "s" else got[0])


@given(graphs(), st.data())
def test_multi_source_dijkstra(G: Any, data: Any) -> None:
    sources = data.draw(st.lists(st.sampled_from(sorted(G)), min_size=1, max_size=4))
    cutoff = data.draw(st.one_of(st.none(), st.floats(0, 6)))
    F = convert(G)
    nx_dist = nx.multi_source_dijkstra_path_length(G, set(sources), cutoff=cutoff)
    assert backend_interface.multi_source_dijkstra_path_length(F, sources, cutoff) == nx_dist
    dist, paths = backend_interface.multi_source_dijkstra(F, iter(sources), cutoff=cutoff)
    assert (dist, paths) == nx.multi_source_dijkstra(G, sources, cutoff=cutoff)
    for v, path in paths.items():
        assert path[0] in sources
        assert_shortest_path(G, path, path[0], v, dist[v])
    assert backend_interface.multi_source_dijkstra_path(F, sources, cutoff).keys() == dist.keys()
    target = data.draw(st.sampled_from(sorted(G)))
    if target in dist:
        length, path = backend_interface.multi_source_dijkstra(F, sources, target, cutoff)
        assert (length, path) == nx.multi_source_dijkstra(G, sources, target, cutoff)
        assert_shortest_path(G, path, path[0], target, length)


@given(graphs(), st.data())
def test_dijkstra_predecessor_and_distance(G: Any, data: Any) -> None:
    s = data.draw(st.sampled_from(sorted(G)))
    cutoff = data.draw(st.one_of(st.none(), st.integers(0, 6)))
    pred, dist = backend_interface.dijkstra_predecessor_and_distance(convert(G), s, cutoff)
    nx_pred, nx_dist = nx.dijkstra_predecessor_and_distance(G, s, cutoff)
    assert dist == nx_dist
    assert pred == nx_pred and list(pred) == list(nx_pred)
    # each predecessor once, however many parallel edges lead from it
    assert all(len(p) == len(set(p)) for p in pred.values())


def same_numbers(got: dict[Any, Any], expected: dict[Any, Any], G: Any) -> bool:
    """Equal, and of the same types when G's weights are all ints or all
    floats (networkx's ints for int weights; where a graph mixes them,
    fiboheap.graph gives floats, networkx an int for a path of ints)."""
    kinds = {type(d.get("weight", 1)) for _u, _v, d in G.edges(data=True)}
    if len(kinds) > 1:
        return got == expected
    return got == expected and all(type(got[k]) is type(v) for k, v in expected.items())


@given(graphs(), st.one_of(st.none(), st.floats(0, 5)))
def test_all_pairs(G: Any, cutoff: Any) -> None:
    F = convert(G)
    lengths = dict(backend_interface.all_pairs_dijkstra_path_length(F, cutoff))
    expected = dict(nx.all_pairs_dijkstra_path_length(G, cutoff))
    assert list(lengths) == list(expected)
    for s, dist in expected.items():
        assert same_numbers(lengths[s], dist, G)
    for s, (dist, paths) in backend_interface.all_pairs_dijkstra(F, cutoff=cutoff):
        assert dist == expected[s]
        assert paths.keys() == dist.keys()
    assert {s: p.keys() for s, p in backend_interface.all_pairs_dijkstra_path(F, cutoff)} == {
        s: d.keys() for s, d in expected.items()
    }


@pytest.mark.parametrize("make", [nx.cycle_graph, nx.path_graph])
def test_all_pairs_rows_all_reached_or_not(make: Any) -> None:
    # A directed cycle reaches every node from every source (no row is
    # filtered); a directed path leaves the nodes before each source out.
    G = make(12, create_using=nx.DiGraph)
    for i, (u, v) in enumerate(G.edges):
        G[u][v]["weight"] = 0.5 + i
    got = dict(backend_interface.all_pairs_dijkstra_path_length(convert(G)))
    expected = dict(nx.all_pairs_dijkstra_path_length(G))
    assert list(got) == list(expected)
    for s, dist in expected.items():
        assert list(got[s].items()) == sorted(dist.items())


def test_all_pairs_in_batches(monkeypatch: Any) -> None:
    from fiboheap.nx_backend import backend

    G = nx.gnm_random_graph(30, 90, seed=5, directed=True)
    for i, (u, v) in enumerate(G.edges):
        G[u][v]["weight"] = i % 4
    monkeypatch.setattr(backend, "_DISTANCES_PER_BATCH", 7 * 30)  # 7 sources a batch
    got = dict(backend_interface.all_pairs_dijkstra_path_length(convert(G)))
    expected = dict(nx.all_pairs_dijkstra_path_length(G))
    assert list(got) == list(expected)
    for s, dist in expected.items():
        assert same_numbers(got[s], dist, G)


def test_all_pairs_batches_searched_ahead_fail_and_stop_cleanly() -> None:
    # 42 sources: 8 batches of 6, each searched while the one before is read.
    G = nx.path_graph(40, create_using=nx.DiGraph)
    G.add_edge(40, 41, weight=-1)  # examined only from source 40, in the last batch
    before = threading.active_count()
    lengths = backend_interface.all_pairs_dijkstra_path_length(convert(G))
    assert next(lengths) == (0, {v: v for v in range(40)})
    lengths.close()  # waits for the batch searched ahead
    assert threading.active_count() == before
    lengths = backend_interface.all_pairs_dijkstra_path_length(convert(G))
    read = [next(lengths) for _ in range(36)]
    assert read == [(s, {v: v - s for v in range(s, 40)}) for s in range(36)]
    with pytest.raises(ValueError, match="negative weight -1 on edge 40 -> 41"):
        next(lengths)
    assert threading.active_count() == before


def test_unique_shortest_paths_are_networkx_paths() -> None:
    G = nx.gnm_random_graph(300, 1500, seed=7, directed=True)
    for i, (u, v) in enumerate(G.edges):
        G[u][v]["weight"] = 1 + (i * 7919 % 1000) / 997  # distinct sums, in practice
    F = convert(G)
    assert backend_interface.single_source_dijkstra(F, 0) == nx.single_source_dijkstra(G, 0)
    assert backend_interface.multi_source_dijkstra(F, [0, 5]) == nx.multi_source_dijkstra(
        G, [0, 5]
    )


def test_weight_attribute_default_and_callable() -> None:
    G = nx.DiGraph()
    G.add_edge("a", "b", cost=5, weight=1)
    G.add_edge("b", "c")  # no attribute: networkx's default 1
    G.add_edge("a", "c", cost=9, weight=7)
    F = BackendInterface.convert_from_nx(G, edge_attrs={"cost": 1, "weight": 1})
    assert backend_interface.single_source_dijkstra_path_length(F, "a", weight="cost") == {
        "a": 0, "b": 5, "c": 6
    }
    assert backend_interface.single_source_dijkstra_path_length(F, "a") == {"a": 0, "b": 1, "c": 2}

    def hide_b(u: Any, v: Any, data: Any) -> Any:
        return None if v == "b" else data.get("weight", 1)

    assert backend_interface.dijkstra_path(F, "a", "c", weight=hide_b) == ["a", "c"]
    # an attribute networkx did not convert is read at the call
    assert backend_interface.dijkstra_path_length(convert(G), "a", "c", weight="cost") == 6
    # weight=None: every edge weighs 1, as networkx reads it
    assert backend_interface.dijkstra_path_length(convert(G, None), "a", "c", None) == 1
    # the default networkx names for a missing attribute is honoured
    from fiboheap.graph import dijkstra

    F = BackendInterface.convert_from_nx(G, edge_attrs={"cost": 7})
    assert dijkstra(F.compact("cost", 7), "a")[0] == {"a": 0, "b": 5, "c": 9}


# ---------------------------------------------------------------------------
# errors, as networkx raises them


def test_errors_are_networkx_errors() -> None:
    G = nx.path_graph(3)
    G.add_node(9)
    F = convert(G)
    with pytest.raises(nx.NodeNotFound, match="Node 7 not found"):
        backend_interface.single_source_dijkstra(F, 7)
    with pytest.raises(nx.NodeNotFound):
        backend_interface.multi_source_dijkstra(F, [0, 7])
    with pytest.raises(ValueError, match="sources must not be empty"):
        backend_interface.multi_source_dijkstra_path_length(F, [])
    with pytest.raises(nx.NodeNotFound, match="Target 7 is not in G"):
        backend_interface.bidirectional_dijkstra(F, 0, 7)
    with pytest.raises(nx.NodeNotFound):
        backend_interface.dijkstra_predecessor_and_distance(F, 7)
    with pytest.raises(nx.NetworkXNoPath, match="Node 9 not reachable from 0"):
        backend_interface.dijkstra_path_length(F, 0, 9)
    with pytest.raises(nx.NetworkXNoPath):
        backend_interface.dijkstra_path(F, 0, 9)
    assert backend_interface.dijkstra_path_length(F, 9, 9) == 0
    assert backend_interface.single_source_dijkstra(F, 9, 9) == (0, [9])
    assert backend_interface.bidirectional_dijkstra(F, 0, 0) == (0, [0])


def test_negative_and_nan_weights_raise_naming_the_edge() -> None:
    G = nx.DiGraph([(0, 1, {"weight": 1}), (1, 2, {"weight": -3})])
    with pytest.raises(ValueError, match=r"negative weight -3 on edge 1 -> 2"):
        backend_interface.single_source_dijkstra(convert(G), 0)
    G[1][2]["weight"] = math.nan
    with pytest.raises(ValueError, match=r"edge 1 -> 2 is NaN"):
        backend_interface.dijkstra_path(convert(G), 0, 2)


@pytest.mark.parametrize("w", [Fraction(1, 3), 2**53 + 1, -(2**60)], ids=repr)
def test_exact_weights_are_left_to_networkx(w: Any) -> None:
    G = nx.Graph([(0, 1, {"weight": w})])
    with pytest.raises(NotImplementedError, match="exact arithmetic"):
        convert(G)
    exact_as_float = backend_interface.dijkstra_path_length(
        convert(nx.Graph([(0, 1, {"weight": 2**53})])), 0, 1
    )
    assert exact_as_float == 2**53 and type(exact_as_float) is int


# ---------------------------------------------------------------------------
# minimum spanning trees (Prim)


@given(graphs(UNDIRECTED, weights=st.integers(-5, 5)), st.booleans(), st.booleans())
def test_minimum_spanning_edges(G: Any, keys: bool, data: bool) -> None:
    edges = list(backend_interface.minimum_spanning_edges(convert(G), "prim", "weight", keys, data))
    expected = list(nx.minimum_spanning_edges(G, "prim", "weight", keys, data))
    assert edges == expected
    forest = nx.Graph()
    forest.add_nodes_from(G)
    total = 0
    for edge in edges:
        u, v = edge[0], edge[1]
        if G.is_multigraph():
            assert len(edge) == 2 + keys + data
            parallel = G[u][v]
            attrs = parallel[edge[2]] if keys else next(iter(parallel.values()))
            if keys:
                assert attrs.get("weight", 1) == nx_weight(G, u, v)  # a lightest one
            if data:
                assert any(edge[-1] is d for d in parallel.values())  # networkx's own dict
        else:
            assert len(edge) == 2 + data
            if data:
                assert edge[-1] is G[u][v]  # networkx's own data dict
        total += nx_weight(G, u, v)
        forest.add_edge(u, v)
    assert nx.is_forest(forest)
    assert nx.number_connected_components(forest) == nx.number_connected_components(G)
    assert total == sum(nx_weight(G, e[0], e[1]) for e in expected)


def test_minimum_spanning_tree_keeps_the_attributes() -> None:
    G = nx.MultiGraph(name="g")
    G.add_node("a", colour="red")
    G.add_edge("a", "b", key="heavy", weight=5, label="x")
    G.add_edge("a", "b", key="light", weight=2, label="y")
    G.add_edge("b", "c", weight=1)
    G.add_node("alone")
    T = backend_interface.minimum_spanning_tree(convert(G), algorithm="prim")
    assert type(T) is nx.MultiGraph
    assert T.graph == {"name": "g"}
    assert dict(T.nodes(data=True)) == dict(G.nodes(data=True))
    assert sorted(T.edges(keys=True, data="label")) == [
        ("a", "b", "light", "y"),
        ("b", "c", 0, None),
    ]
    with pytest.raises(nx.NetworkXNotImplemented):
        backend_interface.minimum_spanning_tree(convert(nx.DiGraph([(0, 1)])), algorithm="prim")


def test_minimum_spanning_edges_nan() -> None:
    G = nx.Graph([(0, 1, {"weight": 1}), (1, 2, {"weight": math.nan}), (0, 2, {"weight": 3})])
    F = convert(G)
    edges = backend_interface.minimum_spanning_edges(F, "prim", data=False)  # lazy, as networkx
    with pytest.raises(ValueError, match="NaN"):
        list(edges)
    kept = backend_interface.minimum_spanning_edges(F, "prim", data=False, ignore_nan=True)
    assert sorted(map(sorted, kept)) == [[0, 1], [0, 2]]
    with pytest.raises(NotImplementedError):
        backend_interface.minimum_spanning_edges(F, "kruskal")


# ---------------------------------------------------------------------------
# the converted graph


def test_converted_graph_is_a_snapshot_and_pickles() -> None:
    G = nx.Graph([(0, 1, {"weight": 2})])
    F = convert(G)
    assert backend_interface.convert_to_nx(F) is G
    assert backend_interface.convert_to_nx({0: 1}) == {0: 1}
    assert BackendInterface.convert_from_nx(F) is F
    G[0][1]["weight"] = 5  # behind networkx's back: the conversion keeps 2
    assert backend_interface.dijkstra_path_length(F, 0, 1) == 2
    # A pickle holds the networkx graph; the weights are read again from it.
    copy = pickle.loads(pickle.dumps(F))
    assert copy.nx_graph is not G and copy.nx_graph.adj == G.adj
    assert backend_interface.dijkstra_path_length(copy, 0, 1) == 5


def test_networkx_graph_with_a_cached_conversion_pickles() -> None:
    # networkx keeps conversions in G.__networkx_cache__ and pickles it with G.
    G = nx.path_graph(4)
    cache = getattr(G, "__networkx_cache__", None)
    if cache is None:  # networkx before 3.3 has no cache
        cache = G.__networkx_cache__ = {}
    cache["fiboheap-test"] = convert(G)
    H = pickle.loads(pickle.dumps(G))
    copied = H.__networkx_cache__["fiboheap-test"]
    assert copied.nx_graph is H
    assert backend_interface.single_source_dijkstra_path_length(copied, 0) == {
        0: 0, 1: 1, 2: 2, 3: 3
    }


def test_threads_share_a_converted_graph() -> None:
    G = nx.gnm_random_graph(400, 2000, seed=11, directed=True)
    for i, (u, v) in enumerate(G.edges):
        G[u][v]["weight"] = 1 + i % 7
    F = BackendInterface.convert_from_nx(G)  # no weights read yet: the threads race to read them
    expected = {s: nx.single_source_dijkstra_path_length(G, s) for s in range(8)}
    results: dict[int, Any] = {}

    def work(s: int) -> None:
        results[s] = backend_interface.single_source_dijkstra_path_length(F, s)

    threads = [threading.Thread(target=work, args=(s,)) for s in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == expected


# ---------------------------------------------------------------------------
# through networkx's dispatch


@installed
def test_dispatch_with_backend_keyword() -> None:
    G = nx.gnm_random_graph(60, 240, seed=3, directed=True)
    for i, (u, v) in enumerate(G.edges):
        G[u][v]["weight"] = (i * 37 % 11) / 4
    assert nx.single_source_dijkstra_path_length(
        G, 0, backend="fiboheap"
    ) == nx.single_source_dijkstra_path_length(G, 0)
    length, path = nx.single_source_dijkstra(G, 0, 59, backend="fiboheap")
    assert (length, path) == nx.single_source_dijkstra(G, 0, 59)
    assert_shortest_path(G, path, 0, 59, length)
    assert nx.bidirectional_dijkstra(G, 0, 59, backend="fiboheap") == nx.bidirectional_dijkstra(
        G, 0, 59
    )
    U = G.to_undirected()
    tree = nx.minimum_spanning_tree(U, algorithm="prim", backend="fiboheap")
    assert tree.size(weight="weight") == nx.minimum_spanning_tree(U).size(weight="weight")
    assert list(tree.edges) == list(nx.minimum_spanning_tree(U, algorithm="prim").edges)


@installed
def test_dispatch_sees_changes_made_through_graph_methods() -> None:
    G = nx.Graph([(0, 1, {"weight": 4}), (1, 2, {"weight": 1})])
    assert nx.dijkstra_path_length(G, 0, 2, backend="fiboheap") == 5
    G.add_edge(0, 2, weight=1)  # networkx drops its cached conversion
    assert nx.dijkstra_path_length(G, 0, 2, backend="fiboheap") == 1


@installed
def test_dispatch_raises_networkx_errors() -> None:
    G = nx.path_graph(3)
    with pytest.raises(nx.NodeNotFound):
        nx.dijkstra_path(G, 7, 0, backend="fiboheap")
    with pytest.raises(nx.NetworkXNoPath):
        nx.dijkstra_path(G, 0, 7, backend="fiboheap")
    with pytest.raises(NotImplementedError):
        nx.dijkstra_path(nx.Graph([(0, 1, {"weight": Fraction(1, 3)})]), 0, 1, backend="fiboheap")
