"""Side-by-side timing: rounds, rotation, per-round ratios, medians.

The garbage collector is disabled during every timed section (gc.collect()
runs just before it); on PyPy gc.disable() stops major collections only.
"""
import gc
import statistics
import time

perf_counter = time.perf_counter


def timed(fn, reps=1):
    """Seconds per call of fn(), over reps back-to-back calls, gc disabled."""
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        t0 = perf_counter()
        for _ in range(reps):
            fn()
        elapsed = perf_counter() - t0
    finally:
        if was_enabled:
            gc.enable()
    return elapsed / reps


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
