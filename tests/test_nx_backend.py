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
import os
import pickle
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable

import pytest
from hypothesis import given
from hypothesis import strategies as st

nx = pytest.importorskip("networkx")

# networkx notes with a UserWarning each time it uses a cached conversion.
pytestmark = pytest.mark.filterwarnings("ignore:Note. conversions to backend graphs:UserWarning")

from fiboheap.graph import compact as fhcompact  # noqa: E402
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


def assert_shortest_path(
    G: Any, path: list[Any], source: Any, target: Any, length: Any, two_sided: bool = False
) -> None:
    """``path`` goes from source to target along edges of G, and its length,
    summed as Dijkstra sums it, is ``length``: from the source, or for a
    two-sided search (``two_sided``) from the source to some node of the
    path plus from the target back to that node, as it meets there."""
    assert path[0] == source and path[-1] == target
    weights = []
    for u, v in zip(path, path[1:]):
        assert G.has_edge(u, v)
        weights.append(nx_weight(G, u, v))

    def summed(ws: list[Any]) -> Any:
        total: Any = 0
        for w in ws:
            total += w
        return total

    if not two_sided:
        assert summed(weights) == length
        return
    splits = [summed(weights[:i]) + summed(weights[i:][::-1]) for i in range(len(weights) + 1)]
    assert length in splits, (length, splits)


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


# The modules of the fiboheap distribution that `import networkx` loads,
# and whether networkx read the backend's info.
LOADED = (
    "import sys, networkx; "
    "print(sorted(m for m in sys.modules if m.split('.')[0] in ('fiboheap', '_nx_fiboheap'))); "
    "print('fiboheap' in networkx.utils.backends.backend_info)"
)


@installed
def test_import_networkx_imports_only_the_info_module(tmp_path: Path) -> None:
    # networkx calls the backend_info entry point on every import.
    out = subprocess.run(
        [sys.executable, "-c", LOADED], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert out.stdout.splitlines() == ["['_nx_fiboheap']", "True"]


@installed
def test_import_networkx_where_fiboheap_cannot_be_imported(tmp_path: Path) -> None:
    # As in a source tree with no build, first on sys.path (python -c puts
    # the working directory there): its fiboheap raises ImportError, which
    # networkx turned into a RuntimeWarning on every import when the
    # backend's info lived in fiboheap.
    import _nx_fiboheap

    shutil.copytree(Path(_nx_fiboheap.__file__).parent, tmp_path / "_nx_fiboheap")
    (tmp_path / "fiboheap").mkdir()
    (tmp_path / "fiboheap" / "__init__.py").write_text(
        'raise ImportError("fiboheap: no compiled module for this interpreter")\n'
    )
    run = [sys.executable, "-c"]
    unbuilt = subprocess.run(
        run + ["import fiboheap"], cwd=tmp_path, capture_output=True, text=True
    )
    assert "no compiled module" in unbuilt.stderr  # the tree shadows the installed fiboheap
    out = subprocess.run(run + [LOADED], cwd=tmp_path, capture_output=True, text=True, check=True)
    assert out.stderr == ""
    assert out.stdout.splitlines() == ["['_nx_fiboheap']", "True"]


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_functions_have_networkx_signatures(name: str) -> None:
    ours = inspect.signature(getattr(backend_interface, name))
    theirs = inspect.signature(getattr(nx, name).orig_func)
    # Keyword-only parameters of a later networkx (astar's cutoff, 3.5) that
    # an older one (PyPy's 3.2) never passes.
    later = [p for p in ours.parameters if p not in theirs.parameters]
    assert all(ours.parameters[p].kind is inspect.Parameter.KEYWORD_ONLY for p in later)
    assert [p for p in ours.parameters if p not in later] == list(theirs.parameters)
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
        two_sided = function == "bidirectional_dijkstra"
        assert_shortest_path(G, got[1], s, t, got[0] if two_sided else length, two_sided)


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


# The backend's messages are networkx 3.6's (the test extra's); older ones
# word some differently ("Either source 1.5 or target 2 is not in G", 3.2).
SAME_MESSAGES = tuple(map(int, nx.__version__.split(".")[:2])) >= (3, 6)


def outcome(call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """What ``call(*args, **kwargs)`` gives, made comparable with networkx: an
    iterator's items (spanning edges as sorted pairs with their data), a
    graph's nodes and edges, or the exception's type and text (its type alone
    on a networkx older than 3.6)."""
    try:
        result = call(*args, **kwargs)
        if inspect.isgenerator(result) or isinstance(result, Iterator):
            items = list(result)
            if items and len(items[0]) != 2:  # spanning edges
                return sorted((sorted(e[:2]), *e[2:]) for e in items)
            return dict(items)
        if isinstance(result, nx.Graph):
            edges = sorted((sorted((u, v)), d) for u, v, d in result.edges(data=True))
            return sorted(result.nodes), edges
        return result
    except Exception as exc:  # the exception is the answer
        return type(exc), str(exc) if SAME_MESSAGES else None


# Every backend function with arguments that name node 0.
CALLS = [
    ("dijkstra_path", (0, 0), {}),
    ("dijkstra_path_length", (0, 0), {}),
    ("single_source_dijkstra", (0,), {}),
    ("single_source_dijkstra", (0, 0), {}),
    ("single_source_dijkstra_path", (0,), {}),
    ("single_source_dijkstra_path_length", (0,), {}),
    ("multi_source_dijkstra", ([0],), {}),
    ("multi_source_dijkstra_path", ([0],), {}),
    ("multi_source_dijkstra_path_length", ([0],), {}),
    ("dijkstra_predecessor_and_distance", (0,), {}),
    ("all_pairs_dijkstra", (), {}),
    ("all_pairs_dijkstra_path", (), {}),
    ("all_pairs_dijkstra_path_length", (), {}),
    ("bidirectional_dijkstra", (0, 0), {}),
    ("astar_path", (0, 0), {"heuristic": lambda u, v: 0}),
    ("astar_path_length", (0, 0), {}),
    ("minimum_spanning_edges", (), {"algorithm": "prim"}),
    ("minimum_spanning_tree", (), {"algorithm": "prim"}),
    ("betweenness_centrality", (), {"weight": "weight"}),
    ("edge_betweenness_centrality", (), {"weight": "weight"}),
    ("closeness_centrality", (), {"distance": "weight"}),
]


def test_calls_cover_every_function() -> None:
    assert {name for name, _args, _kwargs in CALLS} == set(FUNCTIONS)


def tiny_graphs() -> Iterator[tuple[str, Any]]:
    """Graphs of no node and of one, of each class."""
    for cls in GRAPH_CLASSES:
        yield f"empty {cls.__name__}", cls()
        G = cls()
        G.add_node(0)
        yield f"one node {cls.__name__}", G
        for w in (0, 2.5):
            G = cls()
            G.add_edge(0, 0, weight=w)
            yield f"self-loop {w} {cls.__name__}", G


@installed
@pytest.mark.parametrize("name, args, kwargs", CALLS, ids=[f"{c[0]}{c[1]}" for c in CALLS])
def test_empty_and_one_node_graphs(name: str, args: Any, kwargs: Any) -> None:
    function = getattr(nx, name)
    for label, G in tiny_graphs():
        theirs = outcome(function, G, *args, **kwargs)
        ours = outcome(function, G, *args, backend="fiboheap", **kwargs)
        assert ours == theirs, label


def infinite_weights() -> Any:
    """Weights among which inf, and 1e308 whose sums pass the largest float."""
    return st.sampled_from([0, 1, 2.5, math.inf, 1e308])


def test_nodes_reached_at_infinite_distance() -> None:
    # Reached through an edge weighing inf: networkx lists them at inf.
    G = nx.DiGraph([(0, 1, {"weight": math.inf}), (1, 2, {"weight": 1})])
    G.add_node(3)
    F = convert(G)
    row = {0: 0, 1: math.inf, 2: math.inf}
    rows = {0: row, 1: {1: 0, 2: 1}, 2: {2: 0}, 3: {3: 0}}
    assert dict(nx.all_pairs_dijkstra_path_length(G)) == rows
    assert dict(backend_interface.all_pairs_dijkstra_path_length(F)) == rows
    assert backend_interface.single_source_dijkstra_path_length(F, 0) == row
    assert backend_interface.dijkstra_predecessor_and_distance(F, 0) == (
        {0: [], 1: [0], 2: [1]}, row
    )
    assert backend_interface.dijkstra_path_length(F, 0, 2) == math.inf
    # a finite cutoff leaves them out, as in networkx
    assert dict(backend_interface.all_pairs_dijkstra_path_length(F, cutoff=1e300))[0] == {0: 0}
    assert dict(backend_interface.all_pairs_dijkstra_path_length(F, cutoff=math.inf))[0] == row


@given(graphs(weights=infinite_weights()), st.data())
def test_infinite_distances_agree_with_networkx(G: Any, data: Any) -> None:
    s = data.draw(st.sampled_from(sorted(G)))
    F = convert(G)
    lengths = dict(nx.all_pairs_dijkstra_path_length(G))
    assert dict(backend_interface.all_pairs_dijkstra_path_length(F)) == lengths
    assert {n: d for n, (d, _p) in backend_interface.all_pairs_dijkstra(F)} == lengths
    assert backend_interface.single_source_dijkstra_path_length(F, s) == lengths[s]
    assert backend_interface.multi_source_dijkstra_path_length(F, [s]) == lengths[s]
    dist, paths = backend_interface.single_source_dijkstra(F, s)
    assert dist == lengths[s]
    for v, path in paths.items():
        assert_shortest_path(G, path, s, v, dist[v])
    pred, dist = backend_interface.dijkstra_predecessor_and_distance(F, s)
    nx_pred, _ = nx.dijkstra_predecessor_and_distance(G, s)
    assert dist == lengths[s]
    assert {v: sorted(p) for v, p in pred.items()} == {v: sorted(p) for v, p in nx_pred.items()}
    for t in G:
        if t in lengths[s]:
            assert backend_interface.dijkstra_path_length(F, s, t) == lengths[s][t]
        else:
            with pytest.raises(nx.NetworkXNoPath):
                backend_interface.dijkstra_path_length(F, s, t)
    if not G.is_directed():
        tree = backend_interface.minimum_spanning_tree(F, algorithm="prim")
        expected = nx.minimum_spanning_tree(G, algorithm="prim")
        assert tree.size(weight="weight") == expected.size(weight="weight")
        assert tree.number_of_edges() == expected.number_of_edges()


# Cutoffs below, at and between distances, and the infinite ones.
CUTOFFS = [-1, -0.5, 0, 1, 2, 2.5, 4, math.inf, -math.inf, math.nan]


@given(graphs(), st.sampled_from(CUTOFFS), st.data())
def test_cutoffs_agree_with_networkx(G: Any, cutoff: Any, data: Any) -> None:
    s = data.draw(st.sampled_from(sorted(G)))
    F = convert(G)
    lengths = dict(nx.all_pairs_dijkstra_path_length(G, cutoff))
    assert dict(backend_interface.all_pairs_dijkstra_path_length(F, cutoff)) == lengths
    pairs = backend_interface.all_pairs_dijkstra(F, cutoff)
    assert {n: d for n, (d, _p) in pairs} == lengths
    assert backend_interface.single_source_dijkstra(F, s, cutoff=cutoff)[0] == lengths[s]
    assert backend_interface.single_source_dijkstra_path_length(F, s, cutoff) == lengths[s]
    assert backend_interface.single_source_dijkstra_path(F, s, cutoff).keys() == lengths[s].keys()
    assert backend_interface.multi_source_dijkstra_path_length(F, [s], cutoff) == lengths[s]
    pred, dist = backend_interface.dijkstra_predecessor_and_distance(F, s, cutoff)
    nx_pred, nx_dist = nx.dijkstra_predecessor_and_distance(G, s, cutoff)
    assert dist == nx_dist
    assert {v: sorted(p) for v, p in pred.items()} == {v: sorted(p) for v, p in nx_pred.items()}


def test_predecessors_past_a_negative_cutoff() -> None:
    # The source's 0-weight self-loop ends past cutoff -1: networkx skips it.
    G = nx.DiGraph([(0, 0, {"weight": 0}), (0, 1, {"weight": 0})])
    F = convert(G)
    for cutoff in (-1, -0.5, -math.inf):
        expected = nx.dijkstra_predecessor_and_distance(G, 0, cutoff)
        assert expected == ({0: []}, {0: 0})
        assert backend_interface.dijkstra_predecessor_and_distance(F, 0, cutoff) == expected
    assert backend_interface.dijkstra_predecessor_and_distance(F, 0, 0) == (
        {0: [0], 1: [0]}, {0: 0, 1: 0}
    )


def test_cutoff_equal_to_a_float_sum() -> None:
    # 0.1 + 0.2 is 0.30000000000000004: above 0.3 and above 3/10 exactly.
    G = nx.DiGraph([(0, 1, {"weight": 0.1}), (1, 2, {"weight": 0.2})])
    F = convert(G)
    for cutoff in (0.3, Fraction(3, 10), 0.1 + 0.2, 1):
        expected = nx.single_source_dijkstra_path_length(G, 0, cutoff)
        assert backend_interface.single_source_dijkstra_path_length(F, 0, cutoff) == expected
        assert dict(backend_interface.all_pairs_dijkstra_path_length(F, cutoff))[0] == expected
        assert backend_interface.dijkstra_predecessor_and_distance(F, 0, cutoff)[1] == expected
    assert 2 not in backend_interface.single_source_dijkstra_path_length(F, 0, 0.3)
    assert 2 in backend_interface.single_source_dijkstra_path_length(F, 0, 0.1 + 0.2)


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


def test_all_pairs_batches_fail_and_stop_cleanly(monkeypatch: Any) -> None:
    # Two CPUs: batches of 2, 4, 8, 16 and then the last 12 of 42 sources.
    monkeypatch.setattr(fhcompact, "usable_cpus", lambda: 2)
    G = nx.path_graph(40, create_using=nx.DiGraph)
    G.add_edge(40, 41, weight=-1)  # examined only from source 40, in the last batch
    before = threading.active_count()
    lengths = backend_interface.all_pairs_dijkstra_path_length(convert(G))
    assert next(lengths) == (0, {v: v for v in range(40)})
    assert threading.active_count() == before  # paused: no thread
    lengths.close()
    lengths = backend_interface.all_pairs_dijkstra_path_length(convert(G))
    read = [next(lengths) for _ in range(30)]
    assert read == [(s, {v: v - s for v in range(s, 40)}) for s in range(30)]
    with pytest.raises(ValueError, match="negative weight -1 on edge 40 -> 41"):
        next(lengths)
    assert threading.active_count() == before


def os_threads() -> int:
    """The threads of this process as the OS counts them (Linux), else
    as Python does."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def test_paused_and_dropped_all_pairs_iterators_hold_no_thread() -> None:
    # networkx's generator holds no thread; PyPy finalises a dropped one
    # only at a collection, so no thread may wait for that.
    G = nx.gnm_random_graph(120, 500, seed=4, directed=True)
    F = convert(G)
    expected = dict(nx.all_pairs_dijkstra_path_length(G))
    before = (threading.active_count(), os_threads())
    paused = [backend_interface.all_pairs_dijkstra_path_length(F) for _ in range(50)]
    for k, lengths in enumerate(paused):
        for _ in range(1 + k % 5):
            source, dist = next(lengths)
            assert dist == expected[source]
    assert threads_back_to(before)
    del paused, lengths  # no gc.collect(): nothing may wait for one
    assert threads_back_to(before)


def threads_back_to(before: tuple[int, int], seconds: float = 60.0) -> bool:
    """True once (Python's, the OS's) thread counts are ``before`` again. A
    thread that has left Python's list may still be exiting in the OS for a
    moment, longer on a loaded machine: waited for, up to ``seconds``."""
    deadline = time.monotonic() + seconds
    while (threading.active_count(), os_threads()) != before:
        if time.monotonic() > deadline:
            return False
        time.sleep(0.01)
    return True


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


# networkx's views, each with its own cache that changes to G never clear.
VIEWS: dict[str, Callable[[Any], Any]] = {
    "subgraph": lambda G: G.subgraph([0, 1, 2, 3]),
    "edge_subgraph": lambda G: G.edge_subgraph([e for e in G.edges if 9 not in e]),
    "restricted_view": lambda G: nx.restricted_view(G, [9], []),
    "copy(as_view=True)": lambda G: G.copy(as_view=True),
    "view of a view": lambda G: G.subgraph([0, 1, 2, 3, 9]).subgraph([0, 1, 2, 3]),
    "reverse_view": lambda G: nx.reverse_view(G),
    "to_undirected(as_view=True)": lambda G: G.to_undirected(as_view=True),
    "to_directed(as_view=True)": lambda G: G.to_directed(as_view=True),
    "frozen view": lambda G: nx.freeze(G.subgraph([0, 1, 2, 3])),
}


def backend_agrees(V: Any) -> None:
    """The backend's answers on V are networkx's, for several functions."""
    calls: list[Callable[..., Any]] = [
        lambda **fh: nx.single_source_dijkstra_path_length(V, 0, **fh),
        lambda **fh: dict(nx.all_pairs_dijkstra_path_length(V, **fh)),
        lambda **fh: nx.dijkstra_path_length(V, 0, 3, **fh),
        lambda **fh: nx.dijkstra_predecessor_and_distance(V, 0, **fh)[1],
        lambda **fh: nx.bidirectional_dijkstra(V, 0, 3, **fh),
        lambda **fh: nx.bidirectional_dijkstra(V, 0, 2, **fh),
    ]
    if not V.is_directed():
        calls.append(
            lambda **fh: nx.minimum_spanning_tree(V, algorithm="prim", **fh).size(weight="weight")
        )
    for call in calls:
        assert call(backend="fiboheap") == call()


@installed
@pytest.mark.parametrize(
    "view, directed",
    [(view, directed) for view in sorted(VIEWS) for directed in (False, True)
     if directed or view != "reverse_view"],  # reverse_view takes a directed graph
)
def test_dispatch_on_a_view_sees_changes_to_its_graph(view: str, directed: bool) -> None:
    G = nx.DiGraph() if directed else nx.Graph()
    G.add_weighted_edges_from([(0, 1, 5), (1, 2, 5), (2, 3, 5), (0, 3, 50), (3, 0, 50), (9, 0, 1)])
    V = VIEWS[view](G)
    # answered without a search: what the conversion read serves no later call
    assert nx.dijkstra_path_length(V, 0, 0, backend="fiboheap") == 0
    backend_agrees(V)
    G.add_edge(0, 3, weight=1)  # through networkx: G's cache is cleared, V's is not
    G.add_edge(3, 0, weight=1)
    G.add_edge(1, 2, weight=0.5)
    backend_agrees(V)
    assert nx.dijkstra_path_length(V, 0, 3, backend="fiboheap") == 1


def cached_conversion(G: Any) -> Any:
    """The backend's conversion of G that networkx keeps, None if networkx
    keeps none (before 3.3)."""
    cache = getattr(G, "__networkx_cache__", None)
    if cache is None:
        return None
    (F,) = cache["backends"]["fiboheap"].values()
    return F


@installed
def test_dispatch_keeps_the_conversion_of_a_graph_and_of_a_frozen_graph() -> None:
    # networkx clears their caches when they change (a frozen graph cannot):
    # the weights read once serve every call.
    for G in (nx.path_graph(5), nx.freeze(nx.path_graph(5))):
        for _ in range(2):
            assert nx.single_source_dijkstra_path_length(G, 0, backend="fiboheap") == {
                v: v for v in range(5)
            }
        F = cached_conversion(G)
        assert F is None or F._compact
    V = nx.path_graph(5).subgraph(range(5))
    nx.single_source_dijkstra_path_length(V, 0, backend="fiboheap")
    F = cached_conversion(V)
    assert F is None or not F._compact  # read again by the next call


def test_a_view_with_weights_left_to_networkx_is_refused_at_conversion() -> None:
    # networkx runs a call itself when the conversion raises NotImplementedError.
    G = nx.Graph([(0, 1, {"weight": Fraction(1, 3)}), (1, 2, {"weight": 1})])
    with pytest.raises(NotImplementedError, match="exact arithmetic"):
        convert(G.subgraph([0, 1]))


@installed
def test_dispatch_raises_networkx_errors() -> None:
    G = nx.path_graph(3)
    with pytest.raises(nx.NodeNotFound):
        nx.dijkstra_path(G, 7, 0, backend="fiboheap")
    with pytest.raises(nx.NetworkXNoPath):
        nx.dijkstra_path(G, 0, 7, backend="fiboheap")
    with pytest.raises(NotImplementedError):
        nx.dijkstra_path(nx.Graph([(0, 1, {"weight": Fraction(1, 3)})]), 0, 1, backend="fiboheap")


# ---------------------------------------------------------------------------
# issue #27, as networkx answers: labels equal to a node's, huge cutoffs,
# weights of None, NaN self-loops; every function, through networkx's dispatch


def every_function(G: Any, x: Any, cutoff: Any = None) -> dict[str, Any]:
    """A call of each backend function with ``x`` as the source (or target),
    as ``call(**{"backend": ...})``; 2 is the other end where one is needed."""
    cut = {"cutoff": cutoff} if cutoff is not None else {}
    # networkx's A* takes a cutoff since 3.5 (PyPy's here is 3.2)
    astar_cut = cut if "cutoff" in inspect.signature(nx.astar_path).parameters else {}
    calls = {
        "dijkstra_path": lambda **k: nx.dijkstra_path(G, x, 2, **k),
        "dijkstra_path to": lambda **k: nx.dijkstra_path(G, 0, x, **k),
        "dijkstra_path_length": lambda **k: nx.dijkstra_path_length(G, x, 2, **k),
        "dijkstra_path_length to": lambda **k: nx.dijkstra_path_length(G, 0, x, **k),
        "single_source_dijkstra": lambda **k: nx.single_source_dijkstra(G, x, **cut, **k),
        "single_source_dijkstra to": lambda **k: nx.single_source_dijkstra(G, 0, x, **cut, **k),
        "single_source_dijkstra_path": lambda **k: nx.single_source_dijkstra_path(
            G, x, **cut, **k),
        "single_source_dijkstra_path_length": lambda **k: nx.single_source_dijkstra_path_length(
            G, x, **cut, **k),
        "multi_source_dijkstra": lambda **k: nx.multi_source_dijkstra(G, {x}, **cut, **k),
        "multi_source_dijkstra to": lambda **k: nx.multi_source_dijkstra(G, [0], x, **cut, **k),
        "multi_source_dijkstra_path": lambda **k: nx.multi_source_dijkstra_path(
            G, {x}, **cut, **k),
        "multi_source_dijkstra_path_length": lambda **k: nx.multi_source_dijkstra_path_length(
            G, {x}, **cut, **k),
        "dijkstra_predecessor_and_distance": lambda **k: nx.dijkstra_predecessor_and_distance(
            G, x, **cut, **k),
        "bidirectional_dijkstra": lambda **k: nx.bidirectional_dijkstra(G, x, 2, **k),
        "bidirectional_dijkstra to": lambda **k: nx.bidirectional_dijkstra(G, 0, x, **k),
        "all_pairs_dijkstra": lambda **k: nx.all_pairs_dijkstra(G, **cut, **k),
        "all_pairs_dijkstra_path": lambda **k: nx.all_pairs_dijkstra_path(G, **cut, **k),
        "all_pairs_dijkstra_path_length": lambda **k: nx.all_pairs_dijkstra_path_length(
            G, **cut, **k),
        "astar_path": lambda **k: nx.astar_path(G, x, 2, lambda u, v: 0, **astar_cut, **k),
        "astar_path to": lambda **k: nx.astar_path(G, 0, x, **astar_cut, **k),
        "astar_path_length": lambda **k: nx.astar_path_length(G, x, 2, **astar_cut, **k),
        "astar_path_length to": lambda **k: nx.astar_path_length(
            G, 0, x, lambda u, v: 0, **astar_cut, **k),
        "betweenness_centrality": lambda **k: nx.betweenness_centrality(G, weight="weight", **k),
        "edge_betweenness_centrality": lambda **k: nx.edge_betweenness_centrality(
            G, weight="weight", **k),
        "closeness_centrality": lambda **k: nx.closeness_centrality(G, x, distance="weight", **k),
    }
    if not G.is_directed():
        calls["minimum_spanning_edges"] = lambda **k: nx.minimum_spanning_edges(
            G, algorithm="prim", **k)
        calls["minimum_spanning_tree"] = lambda **k: nx.minimum_spanning_tree(
            G, algorithm="prim", **k)
    assert {name.split()[0] for name in calls} >= set(FUNCTIONS) - (
        set() if not G.is_directed() else {"minimum_spanning_edges", "minimum_spanning_tree"}
    )
    return calls


def mixed_labels(cls: Any, zero: Any) -> Any:
    """A path 3 - 0 - 1 - 2 of int nodes (the range fast path) where node 3's
    edge is keyed by ``zero``, a label equal to 0 but not an int."""
    G = cls([(0, 1, {"weight": 1.5}), (1, 2, {"weight": 2.5}), (zero, 3, {"weight": 4.0})])
    assert list(G) == [0, 1, 2, 3]
    return G


ZEROS = [0.0, Fraction(0), False]
LABELS = [0, 3, 0.0, 1.0, Fraction(2), True, 1.5, 4.0, math.nan, -0.0]


@installed
@pytest.mark.parametrize("zero", ZEROS, ids=repr)
@pytest.mark.parametrize("cls", GRAPH_CLASSES, ids=lambda c: c.__name__)
def test_labels_equal_to_a_node_are_that_node_in_every_function(cls: Any, zero: Any) -> None:
    # issue #27: a label keyed 0.0 raised TypeError in every call, a source
    # 1.0 a bare KeyError; a label in no node raises networkx's NodeNotFound.
    for x in LABELS:
        for name, call in every_function(mixed_labels(cls, zero), x).items():
            expected = outcome(call)
            assert outcome(call, backend="fiboheap") == expected, (name, x)


@installed
@pytest.mark.skipif(not hasattr(nx, "config"), reason="networkx < 3.3 has no backend_priority")
def test_labels_equal_to_a_node_through_automatic_dispatch(monkeypatch: Any) -> None:
    from fiboheap.nx_backend import backend

    ran: list[Any] = []
    compiled = backend._compiled
    monkeypatch.setattr(backend, "_compiled", lambda *a: ran.append(a) or compiled(*a))
    for x in [0.0, 1.0, 1.5]:
        G = mixed_labels(nx.Graph, 0.0)
        for name, call in every_function(G, x).items():
            expected = outcome(call)
            ran.clear()
            G.__networkx_cache__.clear()  # so that the backend converts G again
            with nx.config.backend_priority(algos=["fiboheap"]):
                assert outcome(call) == expected, (name, x)
            assert ran, f"{name} ran in networkx, not in the backend"


HUGE = 10**400


@installed
@pytest.mark.parametrize("cutoff", [HUGE, -HUGE, Fraction(HUGE, 7), 2**1024, 3.5],
                         ids=["10**400", "-10**400", "Fraction", "2**1024", "3.5"])
def test_cutoffs_past_the_largest_float_in_every_function(cutoff: Any) -> None:
    # issue #27: OverflowError where networkx compares exactly
    G = nx.path_graph(4, create_using=nx.DiGraph)
    nx.set_edge_attributes(G, 1.5, "weight")
    for name, call in every_function(G, 0, cutoff).items():
        expected = outcome(call)
        assert outcome(call, backend="fiboheap") == expected, name
    G.add_edge(3, 4, weight=math.inf)  # farther than any cutoff but none
    assert nx.single_source_dijkstra_path_length(G, 0, cutoff=cutoff, backend="fiboheap") == (
        nx.single_source_dijkstra_path_length(G, 0, cutoff=cutoff)
    )


@installed
@pytest.mark.parametrize("cls", GRAPH_CLASSES, ids=lambda c: c.__name__)
def test_a_weight_of_none_as_networkx_reads_it(cls: Any) -> None:
    # issue #27: NotImplementedError blaming exact arithmetic.  networkx's
    # Dijkstra skips the edge; its spanning trees raise TypeError when their
    # edges are asked for.
    G = cls([(0, 1, {"weight": None}), (0, 2, {"weight": 1}), (2, 1, {"weight": 1.5})])
    G.add_edge(1, 3)
    for x in [0, 1, 3]:
        for name, call in every_function(G, x).items():
            expected, got = outcome(call), outcome(call, backend="fiboheap")
            if name.startswith("minimum"):  # the message names the edge
                assert expected[0] is got[0] is TypeError, name
            else:
                assert got == expected, (name, x)
    if not G.is_directed():
        for ignore_nan in (False, True):
            edges = nx.minimum_spanning_edges(  # lazy, as networkx's
                G, algorithm="prim", ignore_nan=ignore_nan, backend="fiboheap"
            )
            with pytest.raises(TypeError, match="edge 0 - 1 is not a number: None"):
                next(edges)


@installed
def test_a_nan_self_loop_on_the_first_node_raises_in_spanning_trees() -> None:
    # networkx weighs a self-loop on the node its tree starts from; the
    # backend raises for every NaN self-loop (fiboheap.graph.prim's rule).
    G = nx.Graph([(0, 1), (1, 2)])
    start = set(G).pop()  # networkx's first tree starts here (node 2 on PyPy)
    G.add_edge(start, start, weight=math.nan)
    for backend in (None, "fiboheap"):
        with pytest.raises(ValueError, match="NaN found as an edge weight"):
            list(nx.minimum_spanning_edges(G, algorithm="prim", backend=backend))
    ignored = nx.minimum_spanning_tree(G, algorithm="prim", ignore_nan=True, backend="fiboheap")
    assert sorted(ignored.edges) == [(0, 1), (1, 2)]
    # On another node networkx never weighs the loop; the backend raises.
    G.remove_edge(start, start)
    other = 1
    G.add_edge(other, other, weight=math.nan)
    assert len(list(nx.minimum_spanning_edges(G, algorithm="prim"))) == 2
    with pytest.raises(ValueError, match="NaN found as an edge weight"):
        list(nx.minimum_spanning_edges(G, algorithm="prim", backend="fiboheap"))


@pytest.mark.parametrize(
    ("edges", "weight"),
    [
        ([(0, 1, {"weight": "a"})], "'a'"),
        ([(0, 1, {"weight": None}), (0, 1, {"weight": 3})], "parallel edges weighing None, 3"),
    ],
    ids=["str", "None and 3"],
)
def test_weights_that_are_not_numbers_are_left_to_networkx(edges: Any, weight: str) -> None:
    # Refused for networkx to run (its TypeError where its search meets
    # them), not blamed on exact arithmetic.
    G = nx.MultiGraph(edges)
    with pytest.raises(NotImplementedError, match=f"here weights such as {weight}"):
        convert(G)
    with pytest.raises(TypeError):
        nx.single_source_dijkstra(G, 0)
