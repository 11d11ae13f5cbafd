"""Section 4: the C core alone, against boost::heap and std::priority_queue.

Compiles benchmarks/c/bench_fiboheap.c (gcc -O2, with the C library csrc/*.c) and
benchmarks/c/bench_boost.cpp (g++ -O2) into benchmarks/build/ (gitignored),
then runs one process per (implementation, n, mode) and round, the
implementations in a rotating order within each round.
"""
import glob
import json
import os
import shutil
import subprocess

from . import timing
from .env import REPO

HERE = os.path.join(REPO, "benchmarks")
CDIR = os.path.join(HERE, "c")
BUILD = os.path.join(HERE, "build")
CSRC = os.path.join(REPO, "csrc")

PEERS = ["fibonacci", "pairing", "dary4", "stdpq"]
PEER_LABELS = {
    "fibonacci": "boost::heap::fibonacci_heap",
    "pairing": "boost::heap::pairing_heap",
    "dary4": "boost::heap::d_ary_heap (arity 4, mutable)",
    "stdpq": "std::priority_queue",
}
MODE_LABELS = {"pushpop": "push all, pop all",
               "decrease": "push all, decrease-key each, pop all"}


class BuildError(Exception):
    pass


def _newer(target, sources):
    if not os.path.exists(target):
        return True
    t = os.path.getmtime(target)
    return any(os.path.getmtime(s) > t for s in sources)


def _compile(cmd, target, sources, log):
    if not _newer(target, sources):
        return
    log("compiling: " + " ".join(os.path.relpath(c, REPO) if c.startswith(REPO) else c
                                 for c in cmd))
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        raise BuildError("%s failed:\n%s" % (cmd[0], p.stdout.decode(errors="replace")))


def fiboheap_driver_command(cc, core_sources, out):
    """The compiler command for c/bench_fiboheap.c with the C core from
    core_sources (the files of csrc/*.c, or variants of them)."""
    return [cc, "-O2", "-pthread", "-I", CSRC, "-I", CDIR, "-o", out,
            os.path.join(CDIR, "bench_fiboheap.c"), *core_sources]


def build(log, cc=None, cxx=None):
    """Compiles what is missing or stale; returns {name: path or error}."""
    os.makedirs(BUILD, exist_ok=True)
    cc = cc or os.environ.get("CC", "gcc")
    cxx = cxx or os.environ.get("CXX", "g++")
    out = {}
    common = os.path.join(CDIR, "bench_common.h")
    # The library is every .c file of csrc/, as in build_ffi.py.
    fsrcs = sorted(glob.glob(os.path.join(CSRC, "*.c")))
    fb = os.path.join(BUILD, "bench_fiboheap")
    if not fsrcs:
        out["fiboheap"] = BuildError("csrc/*.c does not exist yet")
    elif shutil.which(cc) is None:
        out["fiboheap"] = BuildError("no C compiler %r" % cc)
    else:
        srcs = [os.path.join(CDIR, "bench_fiboheap.c"), *fsrcs,
                *glob.glob(os.path.join(CSRC, "*.h")), common]
        try:
            _compile(fiboheap_driver_command(cc, fsrcs, fb), fb, srcs, log)
            out["fiboheap"] = fb
        except BuildError as e:
            out["fiboheap"] = e
    bb = os.path.join(BUILD, "bench_boost")
    if shutil.which(cxx) is None:
        out["boost"] = BuildError("no C++ compiler %r" % cxx)
    elif not os.path.isdir("/usr/include/boost/heap"):
        out["boost"] = BuildError("boost headers not found (apt-get install libboost-dev)")
    else:
        srcs = [os.path.join(CDIR, "bench_boost.cpp"), common]
        try:
            _compile([cxx, "-O2", "-std=c++17", "-I", CDIR, "-o", bb, srcs[0]], bb,
                     srcs, log)
            out["boost"] = bb
        except BuildError as e:
            out["boost"] = e
    return out


def run_driver(cmd):
    """Runs one C or C++ driver process; its last stdout line parsed as JSON."""
    p = subprocess.run(cmd, capture_output=True)
    line = p.stdout.decode().strip().splitlines()
    try:
        res = json.loads(line[-1])
    except (IndexError, ValueError):
        res = {"ns_per_elem": None}
    if p.returncode != 0:
        res["error"] = "exit %d: %s" % (p.returncode, p.stderr.decode(errors="replace")[-500:])
    return res


# (n, rounds of push/pop, rounds of push/decrease/pop, minimum ms per process)
PLAN_FULL = [(1000, 5, 5, 200.0), (1000000, 5, 3, 0.0)]
PLAN_QUICK = [(1000, 3, 3, 30.0), (100000, 3, 3, 0.0)]


def run_section(plan, log):
    rows, errors, notes = [], [], []
    bins = build(log)
    fb, bb = bins.get("fiboheap"), bins.get("boost")
    if isinstance(fb, Exception) or isinstance(bb, Exception):
        why = "; ".join(str(x) for x in (fb, bb) if isinstance(x, Exception))
        # a missing C core or toolchain skips the section; a failing build is an error
        if any(isinstance(x, BuildError) and "failed" in str(x) for x in (fb, bb)):
            errors.append("C core build: " + why)
        notes.append("C core section skipped: " + why)
        return rows, errors, notes, {}
    def argv_fiboheap(n, mode, ms):
        return [fb, str(n), mode, repr(ms)]

    def argv_boost(impl):
        return lambda n, mode, ms: [bb, impl, str(n), mode, repr(ms)]

    impls = [("fiboheap", argv_fiboheap)] + [(p, argv_boost(p)) for p in PEERS]
    raw = {}
    for n, rounds_pp, rounds_dec, min_ms in plan:
        for mode in ("pushpop", "decrease"):
            rounds = rounds_pp if mode == "pushpop" else rounds_dec
            log("C core n=%d %s: %d rounds" % (n, mode, rounds))
            res = {name: [] for name, _ in impls}
            for r in range(rounds):
                for i in range(len(impls)):
                    name, argv = impls[(i + r) % len(impls)]
                    res[name].append(run_driver(argv(n, mode, min_ms)))
            raw["%d/%s" % (n, mode)] = res
            mine = res["fiboheap"]
            for x in mine:
                if x.get("error") or x.get("ok") is False:
                    errors.append("C fiboheap n=%d %s: %s"
                                  % (n, mode, x.get("error") or "bad pop order"))
                    break
            want = mine[0].get("checksum")
            fvals = [x.get("ns_per_elem") for x in mine]
            for p in PEERS:
                theirs = res[p]
                pvals = [x.get("ns_per_elem") for x in theirs]
                for x in theirs:
                    if x.get("error") or x.get("ok") is False:
                        errors.append("C %s n=%d %s: %s"
                                      % (p, n, mode, x.get("error") or "bad pop order"))
                        break
                    if x.get("checksum") and want and x["checksum"] != want:
                        errors.append("C %s n=%d %s: pop order differs from fiboheap's"
                                      % (p, n, mode))
                        break
                row = {
                    "section": "ccore",
                    "benchmark": "C core: " + MODE_LABELS[mode],
                    "case": "n=%s" % _fmt_n(n), "n": n, "mode": mode,
                    "peer": p, "peer_label": PEER_LABELS[p], "unit": "ns/elem",
                    "fiboheap_value": _med(fvals),
                    "peer_value": _med(pvals),
                    "ratio": None,
                    "fiboheap_phases": _phases(mine),
                    "peer_phases": _phases(theirs),
                }
                if all(v is not None for v in pvals) and all(v is not None for v in fvals):
                    row["ratio"] = timing.ratio_stats(fvals, pvals)
                    row["reps_per_round"] = [mine[0].get("reps"), theirs[0].get("reps")]
                else:
                    row["note"] = theirs[0].get("note") or "n/a"
                    row["peer_value"] = None
                rows.append(row)
    return rows, errors, notes, raw


def _med(vals):
    vals = [v for v in vals if v is not None]
    return timing.median(vals) if vals else None


def _phases(results):
    out = {}
    for k in ("push_ns", "decrease_ns", "pop_ns"):
        out[k] = _med([x.get(k) for x in results])
    return out


def _fmt_n(n):
    e = len(str(n)) - 1
    return "1e%d" % e if n == 10 ** e else str(n)
