"""Betweenness and closeness centrality (fiboheap.graph.centrality and the
networkx backend's) against networkx's own, on hypothesis graphs full of
equal-length paths (small integer weights, zeros, self-loops, parallel
edges, several components), the four networkx classes, sampled sources;
then the other graphs fiboheap.graph reads, exact weights, threads, bad
input and a KeyboardInterrupt during a long run on several threads.
"""
from __future__ import annotations

import _thread
import math
import random
import threading
from fractions import Fraction
from inspect import signature
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

nx = pytest.importorskip("networkx")

from fiboheap.graph import (  # noqa: E402
    CompactGraph,
    betweenness_centrality,
    closeness_centrality,
    edge_betweenness_centrality,
)

pytestmark = pytest.mark.filterwarnings("ignore:Note. conversions to backend graphs:UserWarning")

GRAPH_CLASSES = [nx.Graph, nx.DiGraph, nx.MultiGraph, nx.MultiDiGraph]
# networkx 3.5 rescaled sampled betweenness anew (fiboheap.graph follows it);
# the backend follows whichever networkx runs it.
NEW_RESCALE = "sampled_nodes" in signature(
    nx.algorithms.centrality.betweenness._rescale
).parameters
installed = pytest.mark.skipif(
    "fiboheap" not in nx.utils.backends.backends,
    reason="fiboheap is not installed, so networkx has no 'fiboheap' backend",
)


def assert_close(got: Any, want: Any) -> None:
    """The same keys in the same order, values within 1e-9 relative (NaN
    where networkx has NaN)."""
    if not isinstance(want, dict):
        got, want = {None: got}, {None: want}
    assert list(got) == list(want)
    for key, w in want.items():
        g = got[key]
        if math.isnan(w):
            assert math.isnan(g), key
        else:
            assert g == pytest.approx(w, rel=1e-9, abs=1e-12), (key, g, w)


@st.composite
def graphs(draw: Any, classes: Any = GRAPH_CLASSES) -> Any:
    """A networkx graph of up to 12 nodes whose edges weigh 0, 1, 2, 3 or
    0.5 (many equal paths, equal distances joined by zero-weight edges),
    self-loops and (multigraphs) parallel edges included."""
    cls = draw(st.sampled_from(classes))
    n = draw(st.integers(0, 12))
    G = cls()
    G.add_nodes_from(draw(st.permutations(range(n))))
    if n:
        node = st.integers(0, n - 1)
        weight = st.sampled_from([0, 1, 1, 1, 2, 2, 3, 0.5])
        for u, v, w in draw(st.lists(st.tuples(node, node, weight), max_size=3 * n)):
            G.add_edge(u, v, weight=w)
    return G


def as_networkx_3_5(values: dict[Any, float], G: Any, normalized: bool, pairs: int) -> Any:
    """networkx's values as networkx 3.5 and later rescale them (as
    fiboheap.graph does), from an older networkx's: these halved the
    unnormalized values of an undirected graph even where fewer than two
    node pairs count (``pairs``: n, or n - 1 without endpoints), which the
    newer ones leave as they are (nonzero only with a zero-weight
    self-loop, which networkx counts as a path)."""
    if NEW_RESCALE or normalized or G.is_directed() or pairs >= 2:
        return values
    return {key: 2 * value for key, value in values.items()}


@given(graphs(), st.booleans(), st.booleans())
def test_betweenness_matches_networkx(G: Any, endpoints: bool, normalized: bool) -> None:
    pairs = len(G) if endpoints else len(G) - 1
    for weight in ("weight", None):
        want = nx.betweenness_centrality(
            G, weight=weight, endpoints=endpoints, normalized=normalized
        )
        got = betweenness_centrality(G, weight=weight, endpoints=endpoints, normalized=normalized)
        assert_close(got, as_networkx_3_5(want, G, normalized, pairs))


@given(graphs(), st.booleans())
def test_edge_betweenness_matches_networkx(G: Any, normalized: bool) -> None:
    for weight in ("weight", None):
        want = nx.edge_betweenness_centrality(G, weight=weight, normalized=normalized)
        got = edge_betweenness_centrality(G, weight=weight, normalized=normalized)
        assert_close(got, as_networkx_3_5(want, G, normalized, len(G)))


@given(graphs(), st.booleans())
def test_closeness_matches_networkx(G: Any, wf_improved: bool) -> None:
    want = nx.closeness_centrality(G, distance="weight", wf_improved=wf_improved)
    assert_close(closeness_centrality(G, wf_improved=wf_improved), want)
    want = nx.closeness_centrality(G, wf_improved=wf_improved)
    assert_close(closeness_centrality(G, distance=None, wf_improved=wf_improved), want)
    for u in list(G)[:2]:
        want = nx.closeness_centrality(G, u, distance="weight", wf_improved=wf_improved)
        assert_close(closeness_centrality(G, u, wf_improved=wf_improved), want)


def sampled_as_networkx_3_5(G: Any, k: int, seed: int, endpoints: bool, edges: bool) -> Any:
    """networkx 3.5's sampled betweenness, from an older networkx's: the
    same sources (its seed.sample) and sums, networkx 3.5's rescaling (its
    documentation's formulas: fiboheap.graph follows the newest networkx)."""
    n, directed = len(G), G.is_directed()
    if edges:
        raw = nx.edge_betweenness_centrality(G, k=k, seed=seed, normalized=False, weight="weight")
    else:
        raw = nx.betweenness_centrality(
            G, k=k, seed=seed, normalized=False, endpoints=endpoints, weight="weight"
        )
    # networkx 3.2, unnormalized: halved (and times n / k for nodes) if undirected
    old_scale = 1 if directed else 0.5 * (1 if edges else n / k)
    sources = set(random.Random(seed).sample(list(G), k))
    big_n = n if endpoints or edges else n - 1
    result = {}
    for key, value in raw.items():
        value /= old_scale
        if big_n >= 2:
            if endpoints or edges:
                value *= 1 / (k * (big_n - 1))
            elif key in sources:
                value *= 1 / ((k - 1) * (big_n - 1)) if k > 1 else math.nan
            else:
                value *= 1 / (k * (big_n - 1))
        result[key] = value
    return result


def assert_same_outcome(got: Any, want: Any) -> None:
    """``got()`` gives what ``want()`` gives, or raises what it raises
    (networkx divides by k == 0 when it rescales)."""
    try:
        expected = want()
    except ZeroDivisionError:
        with pytest.raises(ZeroDivisionError):
            got()
        return
    assert_close(got(), expected)


@given(graphs(), st.data(), st.booleans())
def test_sampled_sources_are_networkx_s(G: Any, data: Any, endpoints: bool) -> None:
    k = data.draw(st.integers(0, len(G)), label="k")
    seed = data.draw(st.integers(0, 2**32), label="seed")
    if NEW_RESCALE:
        want = lambda: nx.betweenness_centrality(  # noqa: E731
            G, k=k, seed=seed, endpoints=endpoints, weight="weight"
        )
        want_edges = lambda: nx.edge_betweenness_centrality(  # noqa: E731
            G, k=k, seed=seed, weight="weight"
        )
    elif k == 0 or k == len(G) or G.is_multigraph():
        return  # networkx 3.2 divides by k, and draws for k == n: nothing to compare
    else:
        want = lambda: sampled_as_networkx_3_5(G, k, seed, endpoints, False)  # noqa: E731
        want_edges = lambda: sampled_as_networkx_3_5(G, k, seed, endpoints, True)  # noqa: E731
    assert_same_outcome(lambda: betweenness_centrality(G, k=k, seed=seed, endpoints=endpoints),
                        want)
    assert_same_outcome(lambda: edge_betweenness_centrality(G, k=k, seed=random.Random(seed)),
                        want_edges)


@installed
@given(graphs(), st.data(), st.booleans(), st.booleans())
def test_the_backend_matches_networkx(G: Any, data: Any, endpoints: bool, normalized: bool) -> None:
    k = data.draw(st.one_of(st.none(), st.integers(1, max(1, len(G)))), label="k")
    if k is not None and k > len(G):
        k = None
    weight = data.draw(st.sampled_from(["weight", None]), label="weight")
    seed = data.draw(st.integers(0, 2**32), label="seed")
    for backend in ("fiboheap", None):
        args = {"k": k, "seed": seed, "weight": weight, "normalized": normalized}
        values = [
            nx.betweenness_centrality(G, endpoints=endpoints, backend=backend, **args),
            nx.edge_betweenness_centrality(G, backend=backend, **args),
            nx.closeness_centrality(G, distance=weight, backend=backend),
        ]
        if backend:
            got = values
        else:
            for mine, theirs in zip(got, values):
                assert_close(mine, theirs)


@pytest.mark.parametrize("directed", [False, True])
def test_edge_lists_and_arrays_read_as_multigraphs(directed: bool) -> None:
    # Parallel edges (the lightest counts), a self-loop, two components. No
    # zero weight: an undirected edge list keeps each node's edges in
    # another order than networkx's adjacency (the way back after the way
    # out), and the order matters between nodes at one distance.
    edges = [(0, 1, 2.0), (1, 2, 1.0), (0, 1, 1.0), (2, 3, 1.0), (3, 3, 1.0), (0, 2, 2.0),
             (1, 3, 1.0), (4, 5, 1.0), (0, 3, 2.0)]
    G = nx.MultiDiGraph() if directed else nx.MultiGraph()
    G.add_weighted_edges_from(edges)
    want = nx.betweenness_centrality(G, weight="weight")
    want_close = nx.closeness_centrality(G, distance="weight")
    tails, heads, weights = zip(*edges)
    for g in (
        CompactGraph(edges, directed=directed),
        CompactGraph.from_arrays(tails, heads, weights, directed=directed),
    ):
        assert_close(betweenness_centrality(g), {v: want[v] for v in g.nodes})
        assert_close(closeness_centrality(g), {v: want_close[v] for v in g.nodes})
    # A mapping of mappings is directed, its values the weights.
    mapping = {0: {1: 1, 2: 3}, 1: {2: 1}, 2: {0: 1}}
    D = nx.DiGraph({u: {v: {"weight": w} for v, w in nbrs.items()} for u, nbrs in mapping.items()})
    assert_close(betweenness_centrality(mapping), nx.betweenness_centrality(D, weight="weight"))
    assert_close(closeness_centrality(mapping), nx.closeness_centrality(D, distance="weight"))


def test_edge_keys_follow_networkx() -> None:
    G = nx.Graph([(2, 0), (0, 1), (1, 2), (1, 1)])
    assert list(edge_betweenness_centrality(G)) == list(nx.edge_betweenness_centrality(G))
    M = nx.MultiGraph([(0, 1), (0, 1), (1, 2)])
    M.add_edge(0, 1, weight=5)
    got = edge_betweenness_centrality(M)
    assert_close(got, nx.edge_betweenness_centrality(M, weight="weight"))
    assert got[0, 1, 2] == 0.0  # the heavier parallel edge carries nothing


@pytest.mark.parametrize(
    "weights",
    [
        [Fraction(1, 3), Fraction(2, 3), Fraction(1), Fraction(0), Fraction(1, 3)],
        [2**60, 2**61, 2**60, 0, 2**60],  # sums past 2**53: exact ints
    ],
)
def test_exact_weights_run_exactly(weights: list[Any]) -> None:
    # Paths of equal exact length that floats could not tell apart.
    edges = [(0, 1), (1, 2), (0, 2), (2, 3), (1, 3)]
    for cls in (nx.Graph, nx.DiGraph):
        G = cls()
        for (u, v), w in zip(edges, weights):
            G.add_edge(u, v, weight=w)
        assert CompactGraph(G).exact
        assert_close(betweenness_centrality(G, endpoints=True),
                     nx.betweenness_centrality(G, weight="weight", endpoints=True))
        assert_close(edge_betweenness_centrality(G),
                     nx.edge_betweenness_centrality(G, weight="weight"))
        assert_close(closeness_centrality(G), nx.closeness_centrality(G, distance="weight"))


def test_threads_agree() -> None:
    G = nx.gnm_random_graph(150, 600, seed=3)
    rng = random.Random(4)
    for _, _, data in G.edges(data=True):
        data["weight"] = rng.randint(1, 4)
    g = CompactGraph(G)
    one = betweenness_centrality(g, threads=1)
    edges = edge_betweenness_centrality(g, threads=1)
    close = closeness_centrality(g, threads=1)
    for threads in (2, 3, 10**6):
        assert_close(betweenness_centrality(g, threads=threads), one)
        assert_close(edge_betweenness_centrality(g, threads=threads), edges)
        assert_close(closeness_centrality(g, threads=threads), close)
    with pytest.raises(TypeError, match="threads must be an int"):
        betweenness_centrality(g, threads=2.5)


@pytest.mark.parametrize("bad", [-1, math.nan])
@pytest.mark.parametrize("directed", [False, True])
def test_bad_weights_raise_value_error(bad: float, directed: bool) -> None:
    G = (nx.DiGraph if directed else nx.Graph)([(0, 1), (1, 2)])
    G.add_edge(1, 2, weight=bad)
    for call in (betweenness_centrality, edge_betweenness_centrality, closeness_centrality):
        with pytest.raises(ValueError, match=r"edge 1 -> 2|edge 2 -> 1"):
            call(G)
        with pytest.raises(ValueError, match=r"edge 1 -> 2|edge 2 -> 1"):
            call(CompactGraph(G), threads=3)
    exact = (nx.DiGraph if directed else nx.Graph)([(0, 1, {"weight": Fraction(1)})])
    exact.add_edge(1, 2, weight=Fraction(-1))
    for call in (betweenness_centrality, edge_betweenness_centrality, closeness_centrality):
        with pytest.raises(ValueError, match="negative weight"):
            call(exact)


@installed
def test_the_backend_raises_as_networkx() -> None:
    G = nx.path_graph(4)
    with pytest.raises(ValueError, match="Sample larger than population"):
        nx.betweenness_centrality(G, k=5, backend="fiboheap")
    with pytest.raises(ValueError, match="Sample larger than population"):
        nx.edge_betweenness_centrality(G, k=5, backend="fiboheap")
    with pytest.raises(nx.NodeNotFound):
        nx.closeness_centrality(G, u=9, backend="fiboheap")
    with pytest.raises(nx.NodeNotFound):
        nx.closeness_centrality(G, u=9, distance="weight", backend="fiboheap")
    G.add_edge(1, 2, weight=-1)
    for call in (nx.betweenness_centrality, nx.edge_betweenness_centrality):
        with pytest.raises(ValueError, match="negative weight"):
            call(G, weight="weight", backend="fiboheap")
    with pytest.raises(ValueError, match="negative weight"):
        nx.closeness_centrality(G, distance="weight", backend="fiboheap")


@installed
@pytest.mark.parametrize("call", ["betweenness_centrality", "edge_betweenness_centrality",
                                  "closeness_centrality"])
def test_the_backend_meets_none_weights_as_networkx(call: str) -> None:
    # networkx's betweenness adds a weight of None (TypeError); its closeness
    # skips the edge, as its Dijkstra does.  Both ways of weighing None.
    G = nx.Graph([(0, 1), (1, 2), (2, 3), (0, 3)])
    G[1][2]["weight"] = None
    weight = "distance" if call == "closeness_centrality" else "weight"

    def hides_one(u: Any, v: Any, data: Any) -> Any:
        return None if {u, v} == {1, 2} else 1

    for w in ("weight", hides_one):
        outcomes = []
        for backend in ("fiboheap", None):
            try:
                outcomes.append(getattr(nx, call)(G, **{weight: w}, backend=backend))
            except TypeError as exc:
                outcomes.append(str(exc))
        assert outcomes[0] == outcomes[1]


def test_bad_arguments() -> None:
    G = nx.path_graph(4)
    with pytest.raises(ValueError, match="Sample larger than population"):
        betweenness_centrality(G, k=5)
    with pytest.raises(KeyError, match="u node 9 is not in the graph"):
        closeness_centrality(G, 9)
    with pytest.raises(TypeError, match="graph must be"):
        betweenness_centrality(42)
    with pytest.raises(ValueError, match="cannot be used to generate"):
        betweenness_centrality(G, k=2, seed="seed")


def test_keyboard_interrupt_stops_every_thread() -> None:
    # Long enough (minutes) that the interrupt lands while the threads run.
    g = CompactGraph.from_arrays(
        *zip(*((i, (i * 7919 + j) % 40_000, 1.0 + j % 3) for i in range(40_000) for j in range(4))),
        directed=False,
    )
    before = set(threading.enumerate())

    def interrupt_once_running() -> None:
        # this thread and two workers: counted as new threads, since a
        # thread of an earlier test may end meanwhile
        while len([t for t in threading.enumerate() if t not in before]) < 3:
            threading.Event().wait(0.01)
        _thread.interrupt_main()

    for call in (betweenness_centrality, edge_betweenness_centrality, closeness_centrality):
        timer = threading.Thread(target=interrupt_once_running)
        timer.start()
        with pytest.raises(KeyboardInterrupt):
            call(g, threads=2)
        timer.join()
        # every worker has ended (one may still be listed, stopped, for a moment)
        assert not [t for t in threading.enumerate() if t not in before and t.is_alive()]
    # Nothing was left half-done: the graph still answers.
    assert closeness_centrality(g, 0, threads=2) > 0
