"""Where fiboheap's time goes, per operation (`run.py --breakdown`).

1. Python-level costs in ns per operation, each the median of several
   rounds over n operations with the loop overhead subtracted: the bare
   loop, a Python call, a dict set+del, creating an instance of fiboheap's
   Node class, ffi.new_handle / from_handle, raw cffi calls into the C core
   (fh_size, fh_insert, fh_pop through the package's own lib), and the
   public API (insert, extract, pop, peek, len, decrease_key).
2. The C core alone (benchmarks/build/bench_fiboheap phases), same n.
3. A decomposition: API cost = C core + cffi call overhead + wrapper rest.
4. If perf works: a sampled profile (cpu-clock) of insert+extract by
   shared object and top symbols; if valgrind works: callgrind's top
   functions of the C driver.
"""
import gc
import os
import shutil
import subprocess
import sys
import tempfile
import time

from . import ccore, pushpop


def measure(body, n, reps, rounds, setup=None, teardown=None):
    """Best (minimum) over rounds of the per-op time of body(state), where
    one call of body does n operations and a round is reps calls, each on a
    fresh setup() state (built untimed).  gc.collect() before each round, the
    collector enabled during it (see timing.py)."""
    best = float("inf")
    for _ in range(rounds):
        gc.collect()
        total = 0.0
        for _ in range(reps):
            state = setup() if setup else None
            t0 = time.perf_counter()
            body(state)
            total += time.perf_counter() - t0
            if teardown:
                teardown(state)
            del state
        best = min(best, total)
    return best / (n * reps) * 1e9


def python_costs(ctx, n, total_ops, rounds, log):
    """ns/op of each ingredient at heap size n; the bare loop is subtracted
    from every line but its own."""
    FiboHeap = ctx.fiboheap.FiboHeap
    reps = max(1, total_ops // n)
    keys = pushpop.make_keys(n, seed=4242)
    obj = object()
    res = {}

    def loop(_):
        for _k in keys:
            pass
    base = measure(loop, n, reps, rounds)
    res["bare loop: for k in keys"] = base

    def add(label, body, setup=None, teardown=None):
        res[label] = measure(body, n, reps, rounds, setup, teardown) - base
        return res[label]

    def pyfunc(a, b):
        return None

    def calls(_):
        f = pyfunc
        for k in keys:
            f(k, obj)
    add("Python function call f(k, obj)", calls)

    h = FiboHeap()
    node = h.insert(0.5, obj)
    h.extract()
    NodeCls = type(node)

    def nodes(_):
        for k in keys:
            NodeCls(1, k, obj)
    add("Node(ref, key, data) creation", nodes)

    ffi, lib = ctx.fiboheap._binding.ffi, ctx.fiboheap._binding.lib
    def handles(_):
        nh = ffi.new_handle
        for _k in keys:
            nh(obj)
    add("ffi.new_handle(obj)", handles)

    def handle_list():
        return [ffi.new_handle(obj) for _ in keys]

    def dict_set(hs):
        d = {}
        for hd in hs:
            d[hd] = obj
    add("dict[handle] = obj (dict growing to n)", dict_set, handle_list)

    def dict_pop_setup():
        hs = [ffi.new_handle(obj) for _ in keys]
        d = dict.fromkeys(hs, obj)
        # what C hands back: a new void* cdata with the handle's address
        casts = [ffi.cast("void *", hd) for hd in hs]
        return d, casts, hs

    def dict_pop(state):
        d, casts, _hs = state
        pop = d.pop
        for c in casts:
            pop(c)
    add("dict.pop(void* cdata from C) (dict of n)", dict_pop, dict_pop_setup)

    arena = lib.fh_arena_new(ffi.NULL)
    payload = ffi.cast("void *", 1)

    def fresh_heap():
        return lib.fh_new(arena)

    def size_calls(_):
        f = lib.fh_size
        for _k in keys:
            f(hp)
    hp = lib.fh_new(arena)
    add("raw cffi call: lib.fh_size(heap)", size_calls)
    lib.fh_free(hp)

    def raw_ins(hp_):
        ins = lib.fh_insert
        for k in keys:
            ins(hp_, k, payload)
    # heaps are freed untimed after each call, so the arena's nodes are
    # reused as in the C driver
    add("raw cffi: lib.fh_insert(heap, k, p), C included", raw_ins, fresh_heap,
        lib.fh_free)

    def full_heap():
        hp_ = lib.fh_new(arena)
        raw_ins(hp_)
        return hp_

    def raw_ext(hp_):
        ext = lib.fh_extract
        for _k in keys:
            ext(hp_, ffi.NULL)
    add("raw cffi: lib.fh_extract(heap, NULL), C included", raw_ext, full_heap,
        lib.fh_free)
    kp = ffi.new("double *")
    pp = ffi.new("void **")

    def raw_pop(hp_):
        pop = lib.fh_pop
        for _k in keys:
            pop(hp_, kp, pp)
    add("raw cffi: lib.fh_pop(heap, &k, &p), C included", raw_pop, full_heap,
        lib.fh_free)
    lib.fh_arena_free(arena)

    def api_ins(hh):
        ins = hh.insert
        for k in keys:
            ins(k, obj)
    add("API h.insert(k, obj)", api_ins, FiboHeap)

    def api_full():
        hh = FiboHeap()
        ins = hh.insert
        for k in keys:
            ins(k, obj)
        return hh

    def api_ext(hh):
        ext = hh.extract
        for _k in keys:
            ext()
    add("API h.extract()", api_ext, api_full)

    def api_pop(hh):
        p = hh.pop
        for _k in keys:
            p()
    add("API h.pop() -> (key, data)", api_pop, api_full)

    def api_nodes():
        hh = FiboHeap()
        return hh, [(hh.insert(k, obj), k * 0.5) for k in keys]

    def api_dec(state):
        hh, pairs = state
        dk = hh.decrease_key
        for nd, k in pairs:
            dk(nd, k)
    add("API h.decrease_key(node, k)", api_dec, api_nodes)

    def api_peek(hh):
        p = hh.peek
        for _k in keys:
            p()
    add("API h.peek()", api_peek, api_full)

    def api_len(hh):
        for _k in keys:
            len(hh)
    add("API len(h)", api_len, api_full)
    return res


def c_costs(n, rounds, log):
    bins = ccore.build(log)
    fb = bins.get("fiboheap")
    if isinstance(fb, Exception):
        return {"_error": str(fb)}
    out = {}
    for mode in ("pushpop", "decrease"):
        vals = [ccore.run_driver([fb, str(n), mode, "100"]) for _ in range(rounds)]
        for k in ("push_ns", "decrease_ns", "pop_ns"):
            v = [x.get(k) for x in vals if x.get(k) is not None]
            if v and (mode == "decrease" or k != "decrease_ns"):
                out["%s/%s" % (mode, k)] = min(v)
    return out


PROFILE_CHILD = r"""
import sys, random
sys.path[:0] = %r
from fhbench.env import import_fiboheap
FiboHeap = import_fiboheap().FiboHeap
r = random.Random(5).random
keys = [r() for _ in range(%d)]
obj = object()
for _ in range(%d):
    h = FiboHeap()
    ins = h.insert
    for k in keys:
        ins(k, obj)
    ext = h.extract
    for _k in keys:
        ext()
"""


def perf_profile(n, reps, log):
    if shutil.which("perf") is None:
        return "perf not installed"
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    with tempfile.TemporaryDirectory() as d:
        data = os.path.join(d, "perf.data")
        code = PROFILE_CHILD % ([here], n, reps)
        p = subprocess.run(["perf", "record", "-e", "cpu-clock", "-F", "4000", "-o", data,
                            "--", sys.executable, "-c", code],
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        if p.returncode != 0:
            return "perf record failed: " + p.stdout.decode(errors="replace")[-500:]
        out = []
        for sort in ("dso", "dso,sym"):
            q = subprocess.run(["perf", "report", "-i", data, "--stdio", "--no-children",
                                "--sort", sort, "--percent-limit", "1.5"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            lines = [ln for ln in q.stdout.decode(errors="replace").splitlines()
                     if ln.strip() and not ln.startswith("#")]
            out.append("perf report --sort %s (cpu-clock samples, >= 1.5%%):" % sort)
            out += ["    " + ln.strip() for ln in lines[:25]]
        return "\n".join(out)


def callgrind_profile(n, log):
    if shutil.which("valgrind") is None:
        return "valgrind not installed"
    bins = ccore.build(log)
    fb = bins.get("fiboheap")
    if isinstance(fb, Exception):
        return str(fb)
    out = []
    with tempfile.TemporaryDirectory() as d:
        for mode in ("pushpop", "decrease"):
            cg = os.path.join(d, "cg.%s" % mode)
            p = subprocess.run(["valgrind", "--tool=callgrind", "--callgrind-out-file=" + cg,
                                fb, str(n), mode], capture_output=True)
            if p.returncode != 0:
                out.append("callgrind %s failed: %s" % (mode, p.stderr.decode()[-300:]))
                continue
            q = subprocess.run(["callgrind_annotate", "--inclusive=yes", cg],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            lines = q.stdout.decode(errors="replace").splitlines()
            words = ("fiboheap", "bench_", "PROGRAM TOTALS", "malloc", "pthread", "free")
            keep = [ln for ln in lines if any(w in ln for w in words)]
            out.append("callgrind, bench_fiboheap n=%d %s (instructions, inclusive):" % (n, mode))
            out += ["    " + ln.strip() for ln in keep[:20]]
            q = subprocess.run(["callgrind_annotate", cg], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL)
            lines = q.stdout.decode(errors="replace").splitlines()
            keep = [ln for ln in lines if ln.strip() and ("fiboheap" in ln or "bench_" in ln or
                                                         "PROGRAM TOTALS" in ln or "libc" in ln)]
            out.append("callgrind, same run (instructions, self):")
            out += ["    " + ln.strip() for ln in keep[:15]]
    return "\n".join(out)


def run(ctx, log, quick=False):
    total = 2 * 10 ** 4 if quick else 2 * 10 ** 5
    rounds = 3 if quick else 7
    sizes = [1000, 10 ** 5] if not quick else [1000, 10 ** 4]
    lines = []
    data = {"python_ns": {}, "c_ns": {}}
    for n in sizes:
        log("breakdown: Python-level costs, heap size n=%d, %d ops per round, best of %d"
            % (n, max(total, n), rounds))
        py = python_costs(ctx, n, max(total, n), rounds, log)
        c = c_costs(n, 3, log)
        data["python_ns"][str(n)] = py
        data["c_ns"][str(n)] = c
        lines.append("Heap size n=%d: ns per operation (best of %d rounds of %d ops; bare loop "
                     "subtracted from every line but its own):" % (n, rounds, max(total, n)))
        for k, v in py.items():
            if not k.startswith("_"):
                lines.append("    %-52s %8.1f" % (k, v))
        for k, v in py.items():
            if k.startswith("_"):
                lines.append("    (%s: %s)" % (k[1:], v))
        if "_error" in c:
            lines.append("    C core: %s" % c["_error"])
            continue
        for what, key in (("fh_insert", "pushpop/push_ns"), ("fh_pop", "pushpop/pop_ns"),
                          ("fh_decrease_key", "decrease/decrease_ns")):
            lines.append("    %-52s %8.1f" % ("C core alone: %s (bench_fiboheap)" % what, c[key]))
        g = py.get
        raw_ins = g("raw cffi: lib.fh_insert(heap, k, p), C included")
        raw_ext = g("raw cffi: lib.fh_extract(heap, NULL), C included")
        if raw_ins is not None and raw_ext is not None:
            ins_api, ext_api = g("API h.insert(k, obj)"), g("API h.extract()")
            ins_c, pop_c = c["pushpop/push_ns"], c["pushpop/pop_ns"]
            parts = [("ffi.new_handle", g("ffi.new_handle(obj)")),
                     ("dict set", g("dict[handle] = obj (dict growing to n)")),
                     ("Node()", g("Node(ref, key, data) creation"))]
            known = sum(v for _, v in parts if v is not None)
            lines.append("  insert  %5.0f ns = C %.0f + cffi call %.0f + wrapper %.0f "
                         "(%s, rest %.0f: method call, type checks, locals)" % (
                             ins_api, ins_c, raw_ins - ins_c, ins_api - raw_ins,
                             " + ".join("%s %.0f" % (a, b) for a, b in parts if b is not None),
                             ins_api - raw_ins - known))
            dp = g("dict.pop(void* cdata from C) (dict of n)")
            lines.append("  extract %5.0f ns = C %.0f (fh_pop in the C driver) + cffi call %.0f + "
                         "wrapper %.0f (dict.pop %.0f, rest %.0f: method call, cdata result)" % (
                             ext_api, pop_c, raw_ext - pop_c, ext_api - raw_ext, dp,
                             ext_api - raw_ext - dp))
    log("breakdown: perf profile of insert+extract at n=1e5")
    prof = perf_profile(10 ** 5 if not quick else 10 ** 4, 10 if not quick else 3, log)
    lines.append(prof)
    log("breakdown: callgrind on the C driver")
    cg = callgrind_profile(10 ** 5 if not quick else 10 ** 4, log)
    lines.append(cg)
    data["perf"] = prof
    data["callgrind"] = cg
    return "\n".join(lines), data
