"""Section 1: push n random float keys, then pop all n.

fiboheap, two ways: h.push(key, obj) n times (no Node, as heapq is used),
and h.insert(key, obj) n times (returns a Node, dropped at once); then
h.extract() n times.
heapq: heappush((key, counter, obj)), the FIFO-stable equivalent, then
heappop()[2].  heapdict / pqdict: d[counter] = key, then popitem().
The design's floor: the bare loop of what every element costs the class
(ffi.new_handle, a dict set, fh_insert; fh_extract, a dict pop), no checks;
and the same loop as two Python methods (push, extract), which is what any
method API costs on top of it.
Every contender gets the same keys (random.Random(seed).random()).
"""
import heapq
import random

from . import timing


def make_keys(n, seed):
    rnd = random.Random(seed)
    r = rnd.random
    return [r() for _ in range(n)]


def fiboheap_pushpop(FiboHeap, keys, obj, call):
    n = len(keys)

    def run():
        h = FiboHeap()
        add = getattr(h, call)
        for k in keys:
            add(k, obj)
        ext = h.extract
        for _ in range(n):
            ext()
    return run


# The fiboheap calls timed, and the name of each as a contender.
CALLS = {"push": "fiboheap h.push", "insert": "fiboheap h.insert"}


def heapq_pushpop(keys, obj):
    n = len(keys)
    push = heapq.heappush
    pop = heapq.heappop

    def run():
        heap = []
        for c, k in enumerate(keys):
            push(heap, (k, c, obj))
        for _ in range(n):
            pop(heap)[2]
    return run


def bare_design(keys, obj, pop=True):
    """The design's floor: the bare loop of what every element costs the
    class, with no checks (ffi.new_handle, a dict set, fh_insert; then
    fh_extract and a dict pop). With pop=False, run() returns (the dict,
    the C heap) after the inserts, for the memory section."""
    from fiboheap._binding import ARENA, ffi, lib
    n = len(keys)
    new_handle, insert, extract, null = ffi.new_handle, lib.fh_insert, lib.fh_extract, ffi.NULL

    def run():
        heap = lib.fh_new_ordered(ARENA, 0)
        live = {}
        for k in keys:
            handle = new_handle(obj)
            live[handle] = obj
            insert(heap, k, handle)
        if not pop:
            return live, heap
        drop = live.pop
        for _ in range(n):
            drop(extract(heap, null))
        lib.fh_free(heap)
    return run


def bare_design_in_methods(keys, obj):
    """The same bare loop with each push and each extract a Python method,
    as any class's are: what a method call costs on top of the loop."""
    from fiboheap._binding import ARENA, ffi, lib
    n = len(keys)
    new_handle, insert, extract, null = ffi.new_handle, lib.fh_insert, lib.fh_extract, ffi.NULL

    class Bare:
        __slots__ = ("heap", "live")

        def __init__(self):
            self.heap = lib.fh_new_ordered(ARENA, 0)
            self.live = {}

        def push(self, key, data):
            handle = new_handle(data)
            self.live[handle] = data
            insert(self.heap, key, handle)

        def extract(self):
            return self.live.pop(extract(self.heap, null))

    def run():
        h = Bare()
        add = h.push
        for k in keys:
            add(k, obj)
        ext = h.extract
        for _ in range(n):
            ext()
        lib.fh_free(h.heap)
    return run


def heapdict_pushpop(heapdict_cls, keys):
    n = len(keys)

    def run():
        hd = heapdict_cls()
        for c, k in enumerate(keys):
            hd[c] = k
        pop = hd.popitem
        for _ in range(n):
            pop()
    return run


def pqdict_pushpop(pqdict_cls, keys):
    n = len(keys)

    def run():
        pq = pqdict_cls()
        add = pq.additem
        for c, k in enumerate(keys):
            add(c, k)
        pop = pq.popitem
        for _ in range(n):
            pop()
    return run


def verify(FiboHeap, keys, peers):
    """Untimed check: fiboheap pops what heapq pops, in the same order.

    Ties are broken by insertion order in both (FIFO).  Also checks
    peek/pop/len on the way.  Returns a list of error strings.
    """
    errors = []
    h = FiboHeap()
    for i, k in enumerate(keys):
        h.insert(k, i)
    if len(h) != len(keys):
        errors.append("len(h) = %d after %d inserts" % (len(h), len(keys)))
    ref = [(k, i) for i, k in enumerate(keys)]
    heapq.heapify(ref)
    got = []
    while len(h):
        got.append(h.extract())
    want = [heapq.heappop(ref)[1] for _ in range(len(keys))]
    if got != want:
        bad = next((i for i, (a, b) in enumerate(zip(got, want)) if a != b),
                   min(len(got), len(want)))
        errors.append("fiboheap pop order differs from heapq at position %d" % bad)
    for name, cls in peers:
        d = cls()
        for i, k in enumerate(keys):
            d[i] = k
        order = [d.popitem()[0] for _ in range(len(keys))]
        # keys are distinct random floats, so the order is unique
        if order != want:
            errors.append("%s pop order differs from heapq" % name)
    return errors


# n -> (rounds, reps per round) for the full and the quick run
PLAN_FULL = [(1000, 15, 40), (10000, 9, 4), (100000, 5, 1), (1000000, 3, 1)]
PLAN_QUICK = [(1000, 5, 10), (10000, 3, 1)]


def run_section(ctx, plan, pure_python_max_n, verify_max_n, log):
    """Returns (rows, errors)."""
    FiboHeap = ctx.fiboheap.FiboHeap
    rows, errors = [], []
    obj = object()
    for n, rounds, reps in plan:
        keys = make_keys(n, seed=1000 + n)
        contenders = [(name, fiboheap_pushpop(FiboHeap, keys, obj, call))
                      for call, name in CALLS.items()]
        contenders.append(("heapq", heapq_pushpop(keys, obj)))
        contenders.append(("floor", bare_design(keys, obj)))
        contenders.append(("floor in methods", bare_design_in_methods(keys, obj)))
        skipped = []
        for peer in ("heapdict", "pqdict"):
            cls = ctx.peers.get(peer)
            if cls is None:
                skipped.append((peer, "not installed"))
            elif n > pure_python_max_n:
                skipped.append((peer, "skipped at n > %s (pure Python: 15-30 s per round on "
                                      "CPython; --pure-python-max-n 1000000 includes it)"
                                % fmt_n(pure_python_max_n)))
            else:
                make = heapdict_pushpop if peer == "heapdict" else pqdict_pushpop
                fn = make(cls, keys)
                contenders.append((peer, fn))
        if n <= verify_max_n:
            errs = verify(FiboHeap, keys, [(p, ctx.peers[p]) for p, _ in contenders
                                           if p in ("heapdict", "pqdict")])
            errors.extend("push/pop n=%d: %s" % (n, e) for e in errs)
        warmup = 1 if n <= 100000 else 0
        log("push/pop n=%d: %d rounds x %d reps, %s" % (
            n, rounds, reps, ", ".join(name for name, _ in contenders)))
        times = timing.side_by_side(contenders, rounds, reps=reps, warmup=warmup)
        peers = [name for name, _ in contenders
                 if name not in CALLS.values() and name != "floor in methods"]

        # The floor rows, no target: the bare loop against heapq, and in
        # methods against itself.
        for mine, name in (("floor", "heapq"), ("floor in methods", "floor")):
            rows.append(_row(times, n, reps, warmup, "push n, pop n (%s)" % PEER_LABELS[mine],
                             mine, mine, name))
        for call, fb_name in CALLS.items():
            fb = times[fb_name]
            benchmark = "push n, pop n (h.%s, h.extract)" % call
            for name in peers:
                rows.append(_row(times, n, reps, warmup, benchmark, call, fb_name, name))
            for peer, why in skipped:
                rows.append({
                    "section": "pushpop", "benchmark": benchmark, "call": call,
                    "case": "n=%s" % fmt_n(n), "n": n, "peer": peer,
                    "peer_label": PEER_LABELS[peer], "unit": "ns/elem",
                    "fiboheap_value": timing.median(fb) / n * 1e9,
                    "peer_value": None, "ratio": None, "note": why,
                })
    return rows, errors


def _row(times, n, reps, warmup, benchmark, call, mine, name):
    """One table row: contender mine against contender name."""
    return {
        "section": "pushpop", "benchmark": benchmark, "call": call,
        "case": "n=%s" % fmt_n(n), "n": n, "peer": name,
        "peer_label": PEER_LABELS[name], "unit": "ns/elem",
        "fiboheap_value": timing.median(times[mine]) / n * 1e9,
        "peer_value": timing.median(times[name]) / n * 1e9,
        "ratio": timing.ratio_stats(times[mine], times[name]),
        "reps_per_round": reps, "warmup_rounds": warmup,
        "raw_seconds": {mine: times[mine], name: times[name]},
    }


PEER_LABELS = {
    "heapq": "heapq (key, counter, obj)",
    "heapdict": "heapdict",
    "pqdict": "pqdict",
    "floor": "bare design loop",
    "floor in methods": "bare design loop in two methods",
}


def fmt_n(n):
    e = len(str(n)) - 1
    return "1e%d" % e if n == 10 ** e else str(n)
