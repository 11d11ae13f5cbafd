"""The FiboHeap / Node contract, one behaviour per test."""
from __future__ import annotations

import decimal
import fractions
import math
import random

import pytest

import fiboheap
from fiboheap import FiboHeap, Node


def drain(h: FiboHeap) -> list:
    out = []
    while h:
        out.append(h.pop())
    return out


def test_package_exports():
    assert fiboheap.FiboHeap is FiboHeap
    assert fiboheap.Node is Node
    assert isinstance(fiboheap.__version__, str) and fiboheap.__version__.count(".") == 2


# --- construction, insert, extract, pop, peek ------------------------------

def test_empty_heap():
    h = FiboHeap()
    assert len(h) == 0
    assert not h
    for op in (h.extract, h.pop, h.peek):
        with pytest.raises(IndexError):
            op()


def test_constructor_takes_key_data_pairs():
    h = FiboHeap([(3, "c"), (1, "a"), (2, "b")])
    assert len(h) == 3
    assert drain(h) == [(1.0, "a"), (2.0, "b"), (3.0, "c")]


def test_constructor_takes_any_iterable():
    h = FiboHeap((k, str(k)) for k in range(5, 0, -1))
    assert [h.extract() for _ in range(5)] == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize("bad", [[1, 2], [(1, 2, 3)], [("x", 1)], [(float("nan"), 1)]])
def test_constructor_rejects_bad_items_and_keeps_nothing(bad):
    with pytest.raises((TypeError, ValueError)):
        FiboHeap([(0, "fine")] + bad)


def test_insert_returns_node_with_key_and_data():
    h = FiboHeap()
    payload = object()
    node = h.insert(7, payload)
    assert isinstance(node, Node)
    assert node.key == 7.0 and type(node.key) is float
    assert node.data is payload
    assert node in h


def test_push_adds_like_insert_without_a_node():
    h = FiboHeap()
    payload = object()
    assert h.push(7, payload) is None
    assert h.push(7.0) is None
    h.insert(7, "third")
    assert len(h) == 3
    h._check()
    assert drain(h) == [(7.0, payload), (7.0, None), (7.0, "third")]


def test_insert_default_data_is_none():
    h = FiboHeap()
    h.insert(1)
    assert h.pop() == (1.0, None)


def test_none_payload_is_not_empty():
    h = FiboHeap()
    h.insert(1, None)
    assert h.extract() is None
    with pytest.raises(IndexError):
        h.extract()


def test_extract_pop_peek():
    h = FiboHeap()
    for k in (5, 3, 8):
        h.insert(k, k * 10)
    assert h.peek() == (3.0, 30)
    assert len(h) == 3
    assert h.pop() == (3.0, 30)
    assert h.extract() == 50
    assert h.peek() == (8.0, 80)
    assert len(h) == 1 and h


def test_sorts_random_keys():
    rng = random.Random(1)
    keys = [rng.uniform(-1e6, 1e6) for _ in range(5000)]
    h = FiboHeap()
    for k in keys:
        h.insert(k, k)
    assert [h.extract() for _ in keys] == sorted(keys)
    h._check()


def test_equal_keys_pop_in_insertion_order():
    h = FiboHeap()
    for i in range(100):
        h.insert(i % 3, i)
    out = [h.extract() for _ in range(100)]
    assert out == [i for k in range(3) for i in range(100) if i % 3 == k]


def test_negative_zero_ties_with_zero():
    h = FiboHeap()
    h.insert(0.0, "first")
    h.insert(-0.0, "second")
    assert [h.extract(), h.extract()] == ["first", "second"]


def test_infinities_are_valid_keys():
    h = FiboHeap()
    h.insert(math.inf, "inf")
    h.insert(-math.inf, "-inf")
    h.insert(0, "zero")
    assert [h.extract() for _ in range(3)] == ["-inf", "zero", "inf"]


# --- keys ------------------------------------------------------------------

class Real:
    def __init__(self, value):
        self.value = value

    def __float__(self):
        return float(self.value)


@pytest.mark.parametrize(
    "key, expected",
    [
        (3, 3.0),
        (2.5, 2.5),
        (True, 1.0),
        (fractions.Fraction(1, 4), 0.25),
        (decimal.Decimal("1.5"), 1.5),
        (Real(9), 9.0),
        (10**20, 1e20),
    ],
)
def test_real_keys_are_converted_to_float(key, expected):
    h = FiboHeap()
    node = h.insert(key, "x")
    assert node.key == expected and type(node.key) is float
    assert h.peek() == (expected, "x")
    h.push(key, "y")
    h.extract()
    assert h.peek() == (expected, "y") and type(h.peek()[0]) is float


@pytest.mark.parametrize("key", ["1", b"1", bytearray(b"1"), None, 1j, [1], (1,), object()])
def test_non_real_keys_raise_type_error_and_change_nothing(key):
    h = FiboHeap([(1, "a")])
    node = h.insert(2, "b")
    for call in (lambda: h.insert(key, "x"),
                 lambda: h.push(key, "x"),
                 lambda: h.decrease_key(node, key),
                 lambda: h.update_key(node, key)):
        with pytest.raises(TypeError, match="real number"):
            call()
    assert node.key == 2.0
    h._check()
    assert drain(h) == [(1.0, "a"), (2.0, "b")]


def test_nan_raises_value_error_and_changes_nothing():
    h = FiboHeap([(1, "a")])
    node = h.insert(2, "b")
    for call in (lambda: h.insert(math.nan, "x"),
                 lambda: h.push(math.nan, "x"),
                 lambda: h.decrease_key(node, math.nan),
                 lambda: h.update_key(node, float("nan"))):
        with pytest.raises(ValueError, match="NaN"):
            call()
    assert node.key == 2.0
    h._check()
    assert drain(h) == [(1.0, "a"), (2.0, "b")]


# --- decrease_key, update_key, remove ----------------------------------------

def test_decrease_key_moves_element_forward():
    h = FiboHeap()
    nodes = [h.insert(k, k) for k in range(10)]
    h.extract()  # forces consolidation so nodes have parents
    h.decrease_key(nodes[9], -1)
    assert nodes[9].key == -1.0
    h._check()
    assert h.extract() == 9


def test_decrease_key_equal_is_allowed():
    h = FiboHeap()
    node = h.insert(5, "x")
    h.decrease_key(node, 5)
    assert node.key == 5.0


def test_decrease_key_larger_raises_value_error():
    h = FiboHeap()
    node = h.insert(5, "x")
    with pytest.raises(ValueError, match="update_key"):
        h.decrease_key(node, 6)
    assert node.key == 5.0
    assert h.peek() == (5.0, "x")


def test_update_key_both_directions():
    h = FiboHeap()
    nodes = [h.insert(k, k) for k in range(20)]
    h.extract()
    h.update_key(nodes[1], 100)
    h.update_key(nodes[19], -5)
    h._check()
    assert nodes[1].key == 100.0
    out = [h.extract() for _ in range(len(h))]
    assert out == [19] + list(range(2, 19)) + [1]


def test_update_key_keeps_place_among_equal_keys():
    h = FiboHeap()
    a = h.insert(5, "a")
    h.insert(3, "b")
    c = h.insert(9, "c")
    h.update_key(a, 3)   # decrease to a tie: a was inserted before b
    h.update_key(c, 1)
    h.update_key(c, 3)   # increase to a tie: c was inserted after both
    assert [h.extract() for _ in range(3)] == ["a", "b", "c"]


def test_remove_returns_data_and_removes_only_that_node():
    h = FiboHeap()
    nodes = [h.insert(k % 4, k) for k in range(40)]
    h.extract()
    removed = [h.remove(nodes[i]) for i in (39, 5, 6, 20)]
    assert removed == [39, 5, 6, 20]
    h._check()
    rest = [d for _, d in drain(h)]
    expected = sorted(set(range(1, 40)) - {39, 5, 6, 20}, key=lambda k: (k % 4, k))
    assert rest == expected


def test_remove_with_equal_keys_removes_the_given_node():
    # The seed's delete (decrease to a sentinel, then extract-min) removed the
    # wrong element when keys tie.
    h = FiboHeap()
    nodes = [h.insert(1, i) for i in range(5)]
    assert h.remove(nodes[3]) == 3
    assert [h.extract() for _ in range(4)] == [0, 1, 2, 4]


# --- stale, foreign and dead nodes ---------------------------------------------

def node_ops(h, node):
    return [
        lambda: h.decrease_key(node, -100),
        lambda: h.update_key(node, 100),
        lambda: h.remove(node),
    ]


@pytest.mark.parametrize("how", ["extract", "pop", "remove", "clear"])
def test_node_that_left_the_heap_is_refused(how):
    h = FiboHeap()
    node = h.insert(1, "gone")
    other = h.insert(2, "stays")
    if how == "remove":
        h.remove(node)
    elif how == "clear":
        h.clear()
        other = h.insert(2, "stays")
    else:
        getattr(h, how)()
    assert node not in h
    for call in node_ops(h, node):
        with pytest.raises(ValueError, match="not in this heap"):
            call()
    assert node.key == 1.0 and node.data == "gone"
    assert drain(h) == [(2.0, "stays")] and other.data == "stays"


def test_stale_node_is_refused_after_its_slot_is_reused():
    h = FiboHeap()
    stale = h.insert(1, "old")
    h.extract()
    fresh = [h.insert(k, k) for k in range(1000)]  # reuses the freed node
    for call in node_ops(h, stale):
        with pytest.raises(ValueError):
            call()
    assert len(h) == 1000 and fresh[0] in h
    h._check()


def test_foreign_node_is_refused():
    h, g = FiboHeap(), FiboHeap()
    h.insert(1, "h")
    node = g.insert(1, "g")
    assert node not in h and node in g
    for call in node_ops(h, node):
        with pytest.raises(ValueError):
            call()
    assert h.pop() == (1.0, "h") and g.pop() == (1.0, "g")


def test_node_of_a_dead_heap_is_refused_and_readable():
    h = FiboHeap()
    node = h.insert(4, "payload")
    del h
    g = FiboHeap()
    for _ in range(100):
        g.insert(1, "reuse")
    assert node.key == 4.0 and node.data == "payload"
    assert node not in g
    for call in node_ops(g, node):
        with pytest.raises(ValueError):
            call()
    g._check()


@pytest.mark.parametrize("not_a_node", [None, 3, "node", object()])
def test_non_node_raises_type_error(not_a_node):
    h = FiboHeap([(1, "a")])
    for call in node_ops(h, not_a_node):
        with pytest.raises(TypeError, match="Node"):
            call()
    assert not_a_node not in h
    assert len(h) == 1


# --- merge ------------------------------------------------------------------

def test_merge_moves_everything_and_empties_other():
    h = FiboHeap([(k, k) for k in range(0, 10, 2)])
    g = FiboHeap([(k, k) for k in range(1, 10, 2)])
    g_nodes = [g.insert(k, k) for k in (20, 21)]
    h.merge(g)
    assert len(h) == 12 and len(g) == 0 and not g
    for node in g_nodes:
        assert node in h and node not in g
    h.decrease_key(g_nodes[1], -1)
    assert h.remove(g_nodes[0]) == 20
    with pytest.raises(ValueError):
        g.remove(g_nodes[1])
    h._check()
    assert [d for _, d in drain(h)] == [21] + list(range(10))


def test_merged_away_heap_is_usable():
    h, g = FiboHeap(), FiboHeap()
    g.insert(1, "g1")
    h.merge(g)
    node = g.insert(0, "g2")
    assert node in g and node not in h
    assert g.extract() == "g2" and h.extract() == "g1"


def test_merge_ties_pop_in_global_insertion_order():
    h, g = FiboHeap(), FiboHeap()
    h.insert(1, "a")
    g.insert(1, "b")
    h.insert(1, "c")
    g.insert(1, "d")
    h.merge(g)
    assert [h.extract() for _ in range(4)] == ["a", "b", "c", "d"]


def test_merge_chains():
    heaps = [FiboHeap([(i, i)]) for i in range(50)]
    nodes = [h.insert(100 + i, i) for i, h in enumerate(heaps)]
    for h in heaps[1:]:
        heaps[0].merge(h)
    target = heaps[0]
    for node in nodes:
        target.decrease_key(node, node.key - 200)
    target._check()
    assert len(target) == 100
    assert [target.extract() for _ in range(50)] == list(range(50))


def test_merge_with_itself_raises_value_error():
    h = FiboHeap([(1, "a")])
    with pytest.raises(ValueError, match="itself"):
        h.merge(h)
    assert len(h) == 1


@pytest.mark.parametrize("other", [None, [], {1: 2}, "heap"])
def test_merge_non_heap_raises_type_error(other):
    h = FiboHeap([(1, "a")])
    with pytest.raises(TypeError, match="FiboHeap"):
        h.merge(other)
    assert len(h) == 1


# --- clear, len, bool, contains, repr, _check ----------------------------------

def test_clear_empties_and_heap_stays_usable():
    h = FiboHeap([(k, k) for k in range(100)])
    node = h.insert(-1, "n")
    h.clear()
    assert len(h) == 0 and not h and node not in h
    h.insert(3, "again")
    assert h.extract() == "again"


def test_repr_shows_size_and_min_key_not_payloads():
    h = FiboHeap()
    assert "empty" in repr(h)
    node = h.insert(2.5, "secret-payload")
    h.insert(7, "other")
    assert "size=2" in repr(h) and "2.5" in repr(h)
    assert "secret" not in repr(h)
    assert repr(node) == "<fiboheap.Node key=2.5>"


def test_node_attributes_are_read_only():
    node = FiboHeap().insert(1, "x")
    with pytest.raises(AttributeError):
        node.key = 5
    with pytest.raises(AttributeError):
        node.data = "y"


def test_check_passes_through_mixed_operations():
    rng = random.Random(7)
    h = FiboHeap()
    live = []
    for _ in range(3000):
        op = rng.random()
        if op < 0.5 or not live:
            live.append(h.insert(rng.randint(0, 50), None))
        elif op < 0.7:
            node = live.pop(rng.randrange(len(live)))
            h.remove(node)
        elif op < 0.85:
            node = rng.choice(live)
            h.decrease_key(node, node.key - rng.randint(0, 10))
        else:
            h.extract()
            live = [n for n in live if n in h]
    h._check()
    assert len(h) == len(live)


# --- the seed's usage pattern -------------------------------------------------

def test_seed_dijkstra_pattern():
    """The problem report's loop: insert the source, then insert, decrease_key
    and extract while relaxing edges, with one Node kept per graph node."""
    rng = random.Random(3)
    n = 300
    graph = {u: {rng.randrange(n): rng.uniform(1, 10) for _ in range(5)} for u in range(n)}
    dist = {0: 0.0}
    nodes = {0: None}
    q = FiboHeap()
    nodes[0] = q.insert(0, 0)
    done = set()
    while q:
        key, u = q.pop()
        done.add(u)
        for v, w in graph[u].items():
            if v in done:
                continue
            alt = key + w
            if v not in dist:
                dist[v] = alt
                nodes[v] = q.insert(alt, v)
            elif alt < dist[v]:
                dist[v] = alt
                q.decrease_key(nodes[v], alt)
    # Bellman-Ford as the reference.
    ref = {0: 0.0}
    for _ in range(n):
        for u, edges in graph.items():
            if u in ref:
                for v, w in edges.items():
                    if ref[u] + w < ref.get(v, math.inf):
                        ref[v] = ref[u] + w
    assert dist.keys() == ref.keys()
    assert all(math.isclose(dist[v], ref[v]) for v in ref)


# --- keys a float cannot hold exactly (issue 13, item 8) ---------------------

@pytest.mark.parametrize(
    "key",
    [2**53 + 1, 1_700_000_000_000_000_001, -(2**60) - 1, fractions.Fraction(1, 3),
     decimal.Decimal("0.1"), decimal.Decimal(2**53 + 1)],
)
def test_keys_a_float_would_round_are_refused(key):
    h = FiboHeap([(1, "a")])
    node = h.insert(2, "b")
    for call in (lambda: h.insert(key, "x"), lambda: h.push(key, "x"),
                 lambda: h.decrease_key(node, key), lambda: h.update_key(node, key),
                 lambda: FiboHeap([(0, "y"), (key, "x")])):
        with pytest.raises(fiboheap.InexactKeyError, match=r"float\(key\) to accept"):
            call()
    assert issubclass(fiboheap.InexactKeyError, ValueError)
    assert node.key == 2.0 and drain(h) == [(1.0, "a"), (2.0, "b")]


def test_nanosecond_timestamps_never_pop_out_of_order():
    h = FiboHeap()
    with pytest.raises(ValueError):
        h.insert(2**53 + 1, "later")
    h.insert(2**53, "earlier")  # exactly a float: accepted
    h.insert(float(2**53 + 1), "rounded on purpose")
    assert [d for _, d in drain(h)] == ["earlier", "rounded on purpose"]


@pytest.mark.parametrize(
    "key", [2**53, -(2**1000), fractions.Fraction(3, 4), decimal.Decimal("0.5"),
            decimal.Decimal("-Infinity")],
)
def test_keys_that_are_exactly_floats_are_accepted(key):
    h = FiboHeap()
    assert h.insert(key, "x").key == float(key)


def test_numpy_keys():
    numpy = pytest.importorskip("numpy")
    h = FiboHeap()
    for bad in (numpy.complex128(1 + 1j), numpy.complex64(1)):
        with pytest.raises(TypeError, match="real number"):
            h.insert(bad, "x")
    with pytest.raises(fiboheap.InexactKeyError):
        h.insert(numpy.int64(2**53 + 1), "x")
    h.insert(numpy.float32(0.5), "f32")
    h.insert(numpy.int64(3), "i64")
    assert drain(h) == [(0.5, "f32"), (3.0, "i64")]


# --- one exception class per failure (issue 13, items 10 and 11) ------------

def test_each_failure_has_its_own_value_error_subclass():
    h = FiboHeap()
    node = h.insert(1, "a")
    gone = h.insert(0, "gone")
    h.remove(gone)
    with pytest.raises(fiboheap.KeyIncreaseError, match="use update_key"):
        h.decrease_key(node, 2)
    for call in (lambda: h.insert(math.nan), lambda: h.update_key(node, math.nan),
                 lambda: h.decrease_key(node, decimal.Decimal("NaN"))):
        with pytest.raises(fiboheap.NaNKeyError):
            call()
    for call in (lambda: h.remove(gone), lambda: h.decrease_key(gone, -1),
                 lambda: h.update_key(gone, 5), lambda: FiboHeap().remove(node)):
        with pytest.raises(fiboheap.StaleNodeError):
            call()
    classes = (fiboheap.StaleNodeError, fiboheap.KeyIncreaseError,
               fiboheap.NaNKeyError, fiboheap.InexactKeyError)
    assert all(issubclass(c, ValueError) for c in classes)
    assert len(set(classes)) == 4
    assert drain(h) == [(1.0, "a")]


@pytest.mark.parametrize("ref", [2**64, -1, 2**63, "x", None, 1.5])
def test_in_never_raises_and_forged_nodes_are_refused(ref):
    h = FiboHeap([(1, "a")])
    forged = Node(ref, 0.0, None)
    assert forged not in h
    for call in (lambda: h.remove(forged), lambda: h.decrease_key(forged, -1),
                 lambda: h.update_key(forged, 5)):
        with pytest.raises(fiboheap.StaleNodeError):
            call()
    assert drain(h) == [(1.0, "a")]
