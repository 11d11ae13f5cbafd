"""Section bulk: fiboheap's bulk calls against heapq at n = 1e3, 1e5, 1e6.

build: FiboHeap(pairs) and h.extend(pairs) from n (key, data) pairs, against
heapq.heapify of freshly built (key, counter, obj) tuples (the FIFO-stable
equivalent: heapq needs the counter, fiboheap keeps its own); and the
design's floor, no target: a handle and a dict entry per element and one
fh_insert_many, with no checks and no cells.
pop all: h.pop_many(n) against n heappop calls, on heaps built untimed.
The keys are the push/pop section's (seeded); heapq's pops are checked to
give pop_many's order.
"""
import heapq

from . import timing
from .pushpop import fmt_n, make_keys

PLAN_FULL = [(1000, 15, 40), (100000, 7, 1), (1000000, 5, 1)]
PLAN_QUICK = [(1000, 5, 10), (10000, 3, 1)]


def _timed_after(setup, fn, reps):
    """Seconds per fn(setup()), only fn timed, after a gc.collect()."""
    states = [setup() for _ in range(reps)]
    return timing.timed(lambda: fn(states.pop()), reps)


def contenders(FiboHeap, keys, obj):
    """{benchmark: [(name, zero-argument timer returning seconds)]} for one n."""
    from fiboheap._binding import ARENA, ffi, lib
    n = len(keys)
    pairs = [(k, obj) for k in keys]
    payloads = [obj] * n
    new_handle = ffi.new_handle

    def extended():
        h = FiboHeap()
        h.extend(pairs)
        return h

    def bare_design():
        """The design's floor in bulk: a handle and a dict entry per element
        and one fh_insert_many, with no checks and no cells."""
        heap = lib.fh_new_ordered(ARENA, 0)
        handles = list(map(new_handle, payloads))
        live = dict(zip(handles, payloads))
        lib.fh_insert_many(heap, keys, ffi.new("void *[]", handles), n, ffi.NULL)
        lib.fh_free(heap)
        return live

    def tuples():
        heap = [(k, c, obj) for c, k in enumerate(keys)]
        heapq.heapify(heap)
        return heap

    def heappop_all(heap):
        pop = heapq.heappop
        for _ in range(n):
            pop(heap)[2]

    return {
        "build": [("FiboHeap(items)", lambda: FiboHeap(pairs)),
                  ("h.extend", extended),
                  ("floor", bare_design),
                  ("heapq", tuples)],
        "pop all": [("h.pop_many", (lambda: FiboHeap(pairs), lambda h: h.pop_many(n))),
                    ("heapq", (tuples, heappop_all))],
    }


def verify(FiboHeap, keys):
    obj = object()
    heap = [(k, c, obj) for c, k in enumerate(keys)]
    heapq.heapify(heap)
    want = [heapq.heappop(heap)[0] for _ in keys]
    got = [k for k, _ in FiboHeap((k, obj) for k in keys).pop_many(len(keys))]
    return [] if got == want else ["pop_many's order differs from heapq's"]


def run_section(ctx, plan, log):
    """Returns (rows, errors)."""
    FiboHeap = ctx.fiboheap.FiboHeap
    rows, errors = [], []
    obj = object()
    for n, rounds, reps in plan:
        keys = make_keys(n, seed=1000 + n)
        if n <= 10 ** 5:
            errors += ["bulk n=%d: %s" % (n, e) for e in verify(FiboHeap, keys)]
        for benchmark, group in contenders(FiboHeap, keys, obj).items():
            log("bulk %s n=%d: %d rounds x %d reps" % (benchmark, n, rounds, reps))
            times = timing.side_by_side(group, rounds, warmup=1 if n <= 10 ** 5 else 0,
                                        timer=_timer(reps))
            peer = times.pop("heapq")
            for name, fb in times.items():
                rows.append({
                    "section": "bulk", "benchmark": "%s (%s)" % (benchmark, name),
                    "call": name, "case": "n=%s" % fmt_n(n), "n": n, "peer": "heapq",
                    "peer_label": ("heapq.heapify of (key, counter, obj)" if benchmark == "build"
                                   else "n x heapq.heappop"),
                    "unit": "ns/elem", "fiboheap_value": timing.median(fb) / n * 1e9,
                    "peer_value": timing.median(peer) / n * 1e9,
                    "ratio": timing.ratio_stats(fb, peer), "reps_per_round": reps,
                    "raw_seconds": {name: fb, "heapq": peer},
                })
    return rows, errors


def _timer(reps):
    def timer(fn):
        if isinstance(fn, tuple):
            return _timed_after(fn[0], fn[1], reps)
        return timing.timed(fn, reps)
    return timer
