"""A*: fiboheap.graph.astar_path / astar_path_length and the networkx
backend's, against networkx's astar_path on graphs full of ties (small
integer weights, grids, parallel edges), with no heuristic, a zero one, a
Manhattan distance and inconsistent ones (nodes reopened), in C and in the
exact Python loop (Fractions); each node's estimate asked at most once; and
what a heuristic may do wrong: raise (KeyboardInterrupt too), return what is
not a number, NaN, or a number a float cannot hold.
"""
from __future__ import annotations

import gc
import inspect
import math
import platform
import random
import signal
import threading
import weakref
from collections import Counter
from fractions import Fraction
from typing import Any, Callable, Optional

import pytest

nx = pytest.importorskip("networkx")

# networkx notes with a UserWarning each time it uses a cached conversion.
pytestmark = pytest.mark.filterwarnings("ignore:Note. conversions to backend graphs:UserWarning")

from test_nx_ties import SEEDS, convert, fractions_of, graphs_of  # noqa: E402

from fiboheap._binding import InexactKeyError  # noqa: E402
from fiboheap.graph import (  # noqa: E402
    CompactGraph,
    NoPathError,
    astar_path,
    astar_path_length,
)
from fiboheap.nx_backend.backend import backend_interface  # noqa: E402

try:
    from hypothesis import given
    from hypothesis import strategies as st
except ImportError:  # pragma: no cover - hypothesis is a test dependency
    given = None

PYPY = platform.python_implementation() == "PyPy"
# networkx's astar_path takes a cutoff since 3.5 (PyPy's here is 3.2).
CUTOFFS = [None, None, 0, 2, 3.5]
if "cutoff" not in inspect.signature(nx.astar_path).parameters:
    CUTOFFS = [None]


class Counted:
    """A heuristic that counts its calls per node."""

    def __init__(self, estimate: Callable[[Any, Any], Any]) -> None:
        self.estimate = estimate
        self.calls: Counter[Any] = Counter()

    def __call__(self, node: Any, target: Any) -> Any:
        self.calls[node] += 1
        return self.estimate(node, target)


def manhattan(u: Any, v: Any) -> int:
    if isinstance(u, tuple) and isinstance(v, tuple):
        return abs(u[0] - v[0]) + abs(u[1] - v[1])
    return 0


def heuristics(rng: random.Random, G: Any) -> list[Optional[Callable[[Any, Any], Any]]]:
    """No heuristic, zero, Manhattan (on a grid), and an inconsistent one:
    a random estimate per node, which reopens nodes."""
    noise = {v: rng.randint(0, 3) for v in G}
    return [None, lambda u, v: 0, manhattan, lambda u, v: noise[u]]


def outcome(function: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    try:
        return function(*args, **kwargs)
    except (nx.NetworkXNoPath, NoPathError):
        return "no path"


@pytest.mark.parametrize("seed", SEEDS)
def test_astar_is_networkx_s(seed: int) -> None:
    for rng, G in graphs_of(5000 + seed):
        F = convert(G)
        compact = CompactGraph(G)
        nodes = list(G)
        exact = fractions_of(G)
        for heuristic in heuristics(rng, G):
            s, t = rng.choice(nodes), rng.choice(nodes)
            cutoff = rng.choice(CUTOFFS)
            limit = {} if cutoff is None else {"cutoff": cutoff}  # as networkx 3.2 takes it
            expected = outcome(nx.astar_path, G, s, t, heuristic, **limit)
            expected_length = outcome(nx.astar_path_length, G, s, t, heuristic, **limit)
            counted = Counted(heuristic) if heuristic else None
            got = outcome(backend_interface.astar_path, F, s, t, counted, cutoff=cutoff)
            assert got == expected, (s, t, cutoff, G.edges(data=True))
            assert outcome(backend_interface.astar_path_length, F, s, t, heuristic,
                           cutoff=cutoff) == expected_length
            assert outcome(astar_path_length, compact, s, t, heuristic,
                           cutoff=cutoff) == expected_length
            assert outcome(astar_path, G, s, t, heuristic, cutoff=cutoff) == expected
            if counted is not None:
                assert max(counted.calls.values(), default=0) <= 1
                assert s not in counted.calls
            # the exact loop, on the same weights as Fractions
            expected = outcome(nx.astar_path, G, s, t, heuristic, exact, **limit)
            expected_length = outcome(nx.astar_path_length, G, s, t, heuristic, exact, **limit)
            counted = Counted(heuristic) if heuristic else None
            assert outcome(astar_path, G, s, t, counted, weight=exact, cutoff=cutoff) == expected
            assert outcome(astar_path_length, G, s, t, heuristic, weight=exact,
                           cutoff=cutoff) == expected_length
            if counted is not None:
                assert max(counted.calls.values(), default=0) <= 1
                assert s not in counted.calls


if given is not None:

    @given(
        st.integers(1, 12).flatmap(
            lambda n: st.tuples(
                st.just(n),
                st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1),
                                   st.integers(0, 3)), max_size=40),
                st.lists(st.integers(0, 4), min_size=n, max_size=n),
                st.integers(0, n - 1),
                st.integers(0, n - 1),
                st.booleans(),
            )
        )
    )
    def test_astar_on_small_graphs(case: Any) -> None:
        n, edges, noise, s, t, directed = case
        G = nx.DiGraph() if directed else nx.Graph()
        G.add_nodes_from(range(n))
        G.add_weighted_edges_from(edges)
        for heuristic in (None, lambda u, v: noise[u]):
            expected = outcome(nx.astar_path, G, s, t, heuristic)
            counted = Counted(heuristic) if heuristic else None
            assert outcome(astar_path, G, s, t, counted) == expected
            assert outcome(backend_interface.astar_path, convert(G), s, t, heuristic) == expected
            assert outcome(astar_path_length, G, s, t, heuristic) == outcome(
                nx.astar_path_length, G, s, t, heuristic
            )
            if counted is not None:
                assert max(counted.calls.values(), default=0) <= 1


def grid(side: int) -> Any:
    G = nx.grid_2d_graph(side, side)
    for u, v, data in G.edges(data=True):
        data["weight"] = 1 + (u[0] * 7 + v[1] * 3) % 4
    return G


def test_grid_heuristic_called_once_per_node_never_for_the_source() -> None:
    G = grid(12)
    counted = Counted(manhattan)
    path = astar_path(G, (0, 0), (11, 11), counted)
    assert path == nx.astar_path(G, (0, 0), (11, 11), manhattan)
    assert set(counted.calls.values()) == {1}
    assert (0, 0) not in counted.calls
    assert astar_path_length(G, (0, 0), (11, 11), manhattan) == nx.astar_path_length(
        G, (0, 0), (11, 11), manhattan
    )


def test_the_heuristic_gets_the_target_as_given_and_the_graph_s_labels() -> None:
    G = nx.path_graph(3)
    seen = []
    astar_path(G, 0, 2.0, lambda u, v: seen.append((u, v)) or 0)
    assert seen == [(1, 2.0), (2, 2.0)]
    assert all(type(u) is int and type(v) is float for u, v in seen)


def test_lengths_keep_the_weights_number_type() -> None:
    G = nx.path_graph(4)
    assert astar_path_length(G, 0, 3, lambda u, v: 0) == 3
    assert type(astar_path_length(G, 0, 3, lambda u, v: 0)) is int
    assert type(astar_path_length(G, 0, 0, lambda u, v: 0)) is int
    nx.set_edge_attributes(G, 0.5, "weight")
    assert astar_path_length(G, 0, 3, lambda u, v: 0.0) == 1.5
    assert astar_path_length(G, 2, 2, lambda u, v: 0.0) == 0
    assert type(astar_path_length(G, 2, 2, lambda u, v: 0.0)) is int  # networkx's sum([])


def test_missing_nodes_and_no_path() -> None:
    G = nx.DiGraph([(0, 1), (2, 1)])
    with pytest.raises(KeyError, match="source node 9"):
        astar_path(G, 9, 1, lambda u, v: 0)
    with pytest.raises(NoPathError, match="9 is not in the graph"):
        astar_path(G, 0, 9, lambda u, v: 0)
    with pytest.raises(NoPathError) as caught:
        astar_path_length(G, 0, 2, lambda u, v: 0)
    assert (caught.value.source, caught.value.target) == (0, 2)
    F = convert(G)
    for function in (backend_interface.astar_path, backend_interface.astar_path_length):
        with pytest.raises(nx.NodeNotFound):
            function(F, 9, 1)
        with pytest.raises(nx.NodeNotFound):
            function(F, 0, 9)
        with pytest.raises(nx.NetworkXNoPath):
            function(F, 0, 2, lambda u, v: 0)


@pytest.mark.parametrize("weight", ["weight", lambda u, v, d: Fraction(d["weight"])])
def test_a_negative_weight_raises_where_networkx_never_returns(weight: Any) -> None:
    # networkx's astar_path_length on this graph loops for ever (issue 25).
    G = nx.path_graph(4)
    nx.set_edge_attributes(G, 1, "weight")
    G[1][2]["weight"] = -1
    for heuristic in (None, lambda u, v: 0):
        negative = r"negative weight (-1|Fraction\(-1, 1\)) on edge 1 -> 2"
        with pytest.raises(ValueError, match=negative):
            astar_path_length(G, 0, 3, heuristic, weight=weight)
    with pytest.raises(ValueError, match="negative weight -1 on edge 1 -> 2"):
        backend_interface.astar_path_length(convert(G), 0, 3, lambda u, v: 0)


class Boom(Exception):
    pass


@pytest.mark.parametrize("exact", [False, True])
def test_what_the_heuristic_raises_comes_out_unchanged(exact: bool) -> None:
    G = grid(6)
    weight: Any = fractions_of(G) if exact else "weight"
    raised = Boom("from the heuristic")
    calls = []

    def heuristic(u: Any, v: Any) -> int:
        calls.append(u)
        if len(calls) == 3:
            raise raised
        return 0

    threads = threading.active_count()
    with pytest.raises(Boom) as caught:
        astar_path(G, (0, 0), (5, 5), heuristic, weight=weight)
    assert caught.value is raised
    assert len(calls) == 3  # the search stopped at once
    assert threading.active_count() == threads
    # and the graph is as good as before
    assert astar_path(G, (0, 0), (5, 5), manhattan, weight=weight) == nx.astar_path(
        G, (0, 0), (5, 5), manhattan, weight=weight
    )


def test_a_failed_search_keeps_nothing_alive() -> None:
    G = CompactGraph(grid(5))

    class Heuristic:
        def __call__(self, u: Any, v: Any) -> int:
            raise Boom()

    heuristic = Heuristic()
    ref = weakref.ref(heuristic)
    was_enabled = gc.isenabled()
    gc.disable()  # on CPython, what dies must die by refcount: no cycle
    try:
        with pytest.raises(Boom):
            astar_path(G, (0, 0), (4, 4), heuristic)
        del heuristic
        if PYPY:
            gc.collect()
        assert ref() is None
    finally:
        if was_enabled:
            gc.enable()


def test_keyboard_interrupt_inside_the_heuristic() -> None:
    G = grid(8)
    calls = []

    def raising(u: Any, v: Any) -> int:
        calls.append(u)
        if len(calls) == 5:
            raise KeyboardInterrupt
        return 0

    with pytest.raises(KeyboardInterrupt):
        astar_path(G, (0, 0), (7, 7), raising)
    assert len(calls) == 5
    calls.clear()
    with pytest.raises(KeyboardInterrupt):
        backend_interface.astar_path(convert(G), (0, 0), (7, 7), raising)


def test_an_exception_escaping_the_callback_s_own_handling_comes_out(
    monkeypatch: Any,
) -> None:
    # A KeyboardInterrupt may land outside the callback's try (as it
    # returns): cffi's onerror keeps it. It raised a ValueError about a
    # NaN estimate instead, the search's status being the same.
    from fiboheap.graph import astar as module

    real = module.ffi

    class Breaking:
        def __getattr__(self, name: str) -> Any:
            return getattr(real, name)

        def from_handle(self, handle: Any) -> Any:
            raise KeyboardInterrupt

    monkeypatch.setattr(module, "ffi", Breaking())
    with pytest.raises(KeyboardInterrupt):
        astar_path(grid(4), (0, 0), (3, 3), manhattan)
    monkeypatch.setattr(module, "ffi", real)
    assert astar_path(grid(4), (0, 0), (3, 3), manhattan) == nx.astar_path(
        grid(4), (0, 0), (3, 3), manhattan
    )


@pytest.mark.skipif(threading.current_thread() is not threading.main_thread(),
                    reason="signals reach the main thread")
def test_a_real_sigint_during_the_search_stops_it() -> None:
    # Python's own handler, also where SIGINT came ignored (a shell's
    # background job starts so, and Python then installs no handler)
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        _interrupt_a_search()
    finally:
        signal.signal(signal.SIGINT, previous)


def _interrupt_a_search() -> None:
    G = grid(10)
    calls = []

    def interrupting(u: Any, v: Any) -> int:
        calls.append(u)
        if len(calls) == 4:
            # raise(): to this thread, the one running the search, at once
            signal.raise_signal(signal.SIGINT)
        return 0

    with pytest.raises(KeyboardInterrupt):
        astar_path(G, (0, 0), (9, 9), interrupting)
    # the interrupt landed in a later call (or just after the search): the
    # search stopped well before its end
    assert len(calls) < 20
    assert astar_path(G, (0, 0), (9, 9), manhattan) == nx.astar_path(G, (0, 0), (9, 9), manhattan)


@pytest.mark.parametrize(
    ("estimate", "error", "message"),
    [
        ("far", TypeError, "estimate for node 1: key must be a real number"),
        (None, TypeError, "estimate for node 1: key must be a real number"),
        (1j, TypeError, "estimate for node 1: key must be a real number"),
        (math.nan, ValueError, "estimate for node 1: .*nan"),
        (Fraction(1, 3), InexactKeyError, r"node 1: key Fraction\(1, 3\) is not exactly"),
        (2**60 + 1, InexactKeyError, "estimate for node 1: key 1152921504606846977"),
    ],
)
def test_estimates_a_float_cannot_stand_for(estimate: Any, error: type, message: str) -> None:
    G = nx.path_graph(3)
    with pytest.raises(error, match=message):
        astar_path(G, 0, 2, lambda u, v: estimate)


@pytest.mark.parametrize(
    ("estimate", "error", "message"),
    [
        ("far", TypeError, "estimate for node 1 is not a number: 'far'"),
        (math.nan, ValueError, "estimate for node 1 is NaN"),
    ],
)
def test_exact_graphs_refuse_estimates_that_are_no_numbers(
    estimate: Any, error: type, message: str
) -> None:
    G = nx.path_graph(3)
    with pytest.raises(error, match=message):
        astar_path(G, 0, 2, lambda u, v: estimate, weight=lambda u, v, d: Fraction(1, 3))


def test_exact_estimates_on_an_exact_graph() -> None:
    G = nx.path_graph(4)
    weight = lambda u, v, d: Fraction(1, 3)  # noqa: E731
    third = lambda u, v: Fraction(3 - u, 3)  # noqa: E731
    assert astar_path(G, 0, 3, third, weight=weight) == [0, 1, 2, 3]
    assert astar_path_length(G, 0, 3, third, weight=weight) == 1


def test_infinite_estimates_and_their_nan_sum() -> None:
    G = nx.DiGraph()
    G.add_edge(0, 1, weight=1)
    G.add_edge(0, 2, weight=1)
    G.add_edge(1, 3, weight=1)
    G.add_edge(2, 3, weight=1)
    # inf steers away from 1, as in networkx
    steer = lambda u, v: math.inf if u == 1 else 0  # noqa: E731
    assert astar_path(G, 0, 3, steer) == nx.astar_path(G, 0, 3, steer) == [0, 2, 3]
    G.add_edge(3, 4, weight=math.inf)
    G.add_edge(4, 5, weight=1)
    with pytest.raises(ValueError, match="sum is NaN"):
        astar_path(G, 0, 5, lambda u, v: -math.inf if u == 5 else 0)


def test_the_backend_leaves_inexact_estimates_to_networkx() -> None:
    G = nx.path_graph(3)
    with pytest.raises(NotImplementedError, match="estimates in floats"):
        backend_interface.astar_path(convert(G), 0, 2, lambda u, v: Fraction(1, 3))


def test_searches_on_several_threads_at_once() -> None:
    G = grid(15)
    compact = CompactGraph(G)
    pairs = [((0, 0), (14, 14)), ((14, 0), (0, 14)), ((3, 7), (11, 2)), ((7, 7), (0, 0))]
    expected = [nx.astar_path(G, s, t, manhattan) for s, t in pairs]
    results: list[Any] = [None] * (4 * len(pairs))

    def run(k: int) -> None:
        s, t = pairs[k % len(pairs)]
        results[k] = astar_path(compact, s, t, manhattan)

    workers = [threading.Thread(target=run, args=(k,)) for k in range(len(results))]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert results == expected * 4
