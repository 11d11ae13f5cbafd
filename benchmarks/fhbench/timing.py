"""Side-by-side timing: rounds, rotation, per-round ratios, medians.

gc.collect() runs just before every timed section, so that no contender is
charged for another's garbage; the garbage collector then stays enabled, as
in any program, and its cost is part of what is timed. Disabling it is not
neutral on either interpreter: on PyPy gc.disable() stops major collections
only, and ffi.new_handle slows down as live handles accumulate (1e6 alive:
1,500-2,100 ns each, 210 with the collector on); on CPython it hides what the
collector spends on fiboheap's live handles, which it tracks, while heapq's
tuples of untracked values are untracked after their first collection.
"""
import gc
import statistics
import time

perf_counter = time.perf_counter


def timed(fn, reps=1):
    """Seconds per call of fn(), over reps back-to-back calls, after a
    gc.collect()."""
    gc.collect()
    t0 = perf_counter()
    for _ in range(reps):
        fn()
    return (perf_counter() - t0) / reps


def side_by_side(contenders, rounds, reps=1, warmup=0, timer=None):
    """Time every contender once per round, in a rotating order.

    contenders: list of (name, fn) where fn() does the whole timed operation
    (or, with timer given, timer(fn) returns seconds).  Returns
    {name: [seconds per round]}.
    """
    timer = timer or (lambda fn: timed(fn, reps))
    names = [name for name, _ in contenders]
    for _ in range(warmup):
        for _name, fn in contenders:
            timer(fn)
    out = {name: [] for name in names}
    k = len(contenders)
    for r in range(rounds):
        for i in range(k):
            name, fn = contenders[(i + r) % k]
            out[name].append(timer(fn))
    return out


def median(xs):
    return statistics.median(xs) if xs else None


def ratio_stats(mine, theirs):
    """Per-round ratios mine[r] / theirs[r] and their median, min, max."""
    ratios = [a / b for a, b in zip(mine, theirs) if a is not None and b]
    if not ratios:
        return None
    return {
        "median": statistics.median(ratios),
        "min": min(ratios),
        "max": max(ratios),
        "rounds": len(ratios),
        "per_round": ratios,
    }
