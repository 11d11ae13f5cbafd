#!/usr/bin/env python3
"""fiboheap benchmark suite: every figure a side-by-side ratio to a peer.

    python benchmarks/run.py                # full run (~5-10 min), markdown on stdout
    python benchmarks/run.py --quick        # smoke run, well under a minute
    python benchmarks/run.py --pypy         # also run on PyPy and merge its table
    python benchmarks/run.py --json out.json --markdown out.md --chart docs/benchmarks.png
    python benchmarks/run.py --breakdown    # per-operation cost breakdown only
    python benchmarks/run.py --pypy --docs  # full run; rewrites the README's summary
                                            # table and benchmarks/results.md

Sections: pushpop (push n / pop n vs heapq, heapdict, pqdict, the bare
design loop), bulk (FiboHeap(items), extend, pop_many vs heapq), dijkstra
(decrease-key loop vs heapdict, pqdict, lazy heapq), graph
(fiboheap.graph.dijkstra vs networkx), compiled (compiled_graph.py's
targets: fiboheap.graph vs scipy, igraph, rustworkx, networkx), ccore (C driver vs boost::heap and
std::priority_queue), memory (RSS growth per element at 1e6).

Exits 1 if any correctness check fails (different pop orders or distances, a
crashing driver), and with --strict also if a target is missed.  The last
line reads 'benchmarks: N passed, N failed' (the correctness checks).
"""
import argparse
import datetime
import json
import os
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
if HERE not in sys.path:
    sys.path.insert(0, HERE)

from fhbench import env, report  # noqa: E402

SECTIONS = ["pushpop", "bulk", "dijkstra", "graph", "compiled", "ccore", "memory"]
DEFAULT_CHART = os.path.join(env.REPO, "docs", "benchmarks.png")
README = os.path.join(env.REPO, "README.md")
RESULTS = os.path.join(HERE, "results.md")
DEFAULT_PYPY_VENV = "/tmp/venv-pypy"


class Context:
    def __init__(self):
        self.fiboheap = None
        self.peers = {}
        self.networkx = None
        self.graph_module = None
        self.graph_error = None


def _start_clock():
    t0 = time.perf_counter()

    def log(msg):
        sys.stderr.write("[%6.1fs] %s\n" % (time.perf_counter() - t0, msg))
        sys.stderr.flush()
    return t0, log


def load_context(log):
    ctx = Context()
    ctx.fiboheap = env.import_fiboheap()
    try:
        from heapdict import heapdict
        ctx.peers["heapdict"] = heapdict
    except ImportError:
        log("heapdict not installed: its rows are skipped (pip install heapdict)")
    try:
        from pqdict import pqdict
        ctx.peers["pqdict"] = pqdict
    except ImportError:
        log("pqdict not installed: its rows are skipped (pip install pqdict)")
    try:
        import networkx
        ctx.networkx = networkx
    except ImportError:
        log("networkx not installed: the graph section is skipped")
    try:
        import importlib
        ctx.graph_module = importlib.import_module("fiboheap.graph")
        if not hasattr(ctx.graph_module, "dijkstra"):
            ctx.graph_error = "fiboheap.graph has no dijkstra"
            ctx.graph_module = None
    except ImportError as e:
        ctx.graph_error = str(e)
    return ctx


def run_suite(args, log, t0):
    from fhbench import bulk, ccore, compiled, dijkstra, memory, pushpop

    impl = env.interpreter_info()["implementation"]
    sections = args.sections
    ctx = load_context(log)
    rows, errors, notes, raw = [], [], [], {}
    checks = 0
    q = args.quick

    def rounds(default):
        return args.rounds or default

    if "pushpop" in sections:
        plan = pushpop.PLAN_QUICK if q else pushpop.PLAN_FULL
        if args.rounds:
            plan = [(n, args.rounds, reps) for n, _, reps in plan]
        r, e = pushpop.run_section(ctx, plan, args.pure_python_max_n,
                                   verify_max_n=10 ** 5, log=log)
        rows += r
        errors += e
        checks += sum(1 for n, _, _ in plan if n <= 10 ** 5)
        notes += sorted({"push/pop: %s %s" % (x["peer"], x["note"]) for x in r if x.get("note")})
    if "bulk" in sections:
        plan = bulk.PLAN_QUICK if q else bulk.PLAN_FULL
        if args.rounds:
            plan = [(n, args.rounds, reps) for n, _, reps in plan]
        r, e = bulk.run_section(ctx, plan, log)
        rows += r
        errors += e
        checks += sum(1 for n, _, _ in plan if n <= 10 ** 5)
    if "dijkstra" in sections:
        graphs = dijkstra.GRAPHS_QUICK if q else dijkstra.GRAPHS_FULL
        r, e = dijkstra.run_decrease_key(ctx, graphs, rounds(3 if q else 5), log)
        rows += r
        errors += e
        checks += len(graphs) * (2 + len(ctx.peers))
    if "graph" in sections:
        graphs = dijkstra.GRAPHS_QUICK if q else dijkstra.GRAPHS_FULL
        r, e = dijkstra.run_graph_module(ctx, graphs, rounds(3 if q else 5), log)
        rows += r
        errors += e
        if ctx.networkx is not None and ctx.graph_module is not None:
            checks += len(graphs)
        else:
            notes.append("graph section skipped: %s" % (
                "networkx not installed" if ctx.networkx is None else ctx.graph_error))
    if "compiled" in sections:
        r, e, nts = compiled.run_section(q, args.rounds, log)
        rows += r
        errors += e
        notes += nts
    if "ccore" in sections:
        plan = ccore.PLAN_QUICK if q else ccore.PLAN_FULL
        if args.rounds:
            plan = [(n, args.rounds, args.rounds, ms) for n, _, _, ms in plan]
        r, e, nts, rawc = ccore.run_section(plan, log)
        rows += r
        errors += e
        notes += nts
        raw["ccore"] = rawc
        if rawc:
            checks += len(plan) * 2 * (1 + len(ccore.PEERS))
    if "memory" in sections:
        n = 10 ** 5 if q else 10 ** 6
        r, e, rawm = memory.run_section(ctx, n, log, os.path.abspath(__file__))
        rows += r
        errors += e
        raw["memory"] = rawm
        checks += sum(1 for v in rawm.values()
                      if "bytes_per_elem" in v or v.get("note") == "failed")

    report.apply_targets(rows, impl)
    return {
        "interpreter": env.interpreter_info(),
        "machine": env.machine_info(),
        "fiboheap": env.fiboheap_info(ctx.fiboheap),
        "date": datetime.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "quick": q,
        "sections": sections,
        "gc_enabled_in_timed_sections": True,
        "rows": rows,
        "errors": errors,
        "notes": notes,
        "checks": checks,
        "raw": raw,
        "elapsed_s": time.perf_counter() - t0,
    }


def run_pypy(args, log):
    """Runs this script under the PyPy venv; returns its run(s) or raises."""
    venv = os.path.abspath(args.pypy_venv)  # the run below starts in /
    py = os.path.join(venv, "bin", "python")
    if not os.path.exists(py):
        log("creating %s with pypy3" % venv)
        subprocess.run(["pypy3", "-m", "venv", venv], check=True)
        subprocess.run([py, "-m", "pip", "install", "-q", "heapdict", "pqdict"], check=True)
        if subprocess.run([py, "-m", "pip", "install", "-q", "networkx"]).returncode != 0:
            log("networkx did not install on PyPy: its graph section will be skipped")
    if not args.pypy_no_install:
        log("installing %s into %s" % (env.REPO, venv))
        p = subprocess.run([py, "-m", "pip", "install", "-q", "--force-reinstall",
                            "--no-deps", env.REPO], stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT)
        if p.returncode != 0:
            raise RuntimeError("pip install %s on PyPy failed:\n%s"
                               % (env.REPO, p.stdout.decode(errors="replace")[-2000:]))
    out = os.path.join(HERE, "build", "pypy-run.json")
    os.makedirs(os.path.dirname(out), exist_ok=True)
    if os.path.exists(out):
        os.remove(out)
    sections = [s for s in args.sections if s != "ccore"]
    cmd = [py, os.path.abspath(__file__), "--json", out, "--no-chart",
           "--sections", ",".join(sections)]
    if args.quick:
        cmd.append("--quick")
    if args.rounds:
        cmd += ["--rounds", str(args.rounds)]
    # the installed fiboheap must win over the repository's (CPython) build
    pyenv = dict(os.environ)
    pyenv.pop("PYTHONPATH", None)
    log("running on PyPy: " + " ".join(cmd))
    p = subprocess.run(cmd, env=pyenv, cwd="/", stdout=sys.stderr)
    if not os.path.exists(out):
        raise RuntimeError("the PyPy run wrote no results (exit %d)" % p.returncode)
    with open(out) as f:
        return json.load(f)["runs"]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__.split("\n", 1)[1])
    ap.add_argument("--quick", action="store_true",
                    help="smoke run: small sizes, few rounds (well under a minute)")
    ap.add_argument("--sections", default=None,
                    help="comma-separated subset of: %s (default: all; on PyPy all but "
                    "ccore, which does not depend on the interpreter)" % ",".join(SECTIONS))
    ap.add_argument("--rounds", type=int, default=0, help="override every round count")
    ap.add_argument("--pure-python-max-n", type=int, default=10 ** 5,
                    help="largest push/pop n timed for heapdict and pqdict (default 1e5: "
                    "at 1e6 one round of each takes 15-30 s on CPython; pass 1000000 to "
                    "include them)")
    ap.add_argument("--json", metavar="PATH", help="write all results as JSON")
    ap.add_argument("--markdown", metavar="PATH", help="write the markdown tables here "
                    "(they are printed on stdout as well)")
    ap.add_argument("--chart", metavar="PATH", help="PNG chart (default: %s on a full "
                    "CPython run; none on --quick or PyPy)" % os.path.relpath(DEFAULT_CHART))
    ap.add_argument("--no-chart", action="store_true")
    ap.add_argument("--pypy", action="store_true",
                    help="also run the suite on PyPy (venv --pypy-venv, created if missing, "
                    "fiboheap reinstalled from the repo) and merge its table")
    ap.add_argument("--pypy-venv", default=DEFAULT_PYPY_VENV)
    ap.add_argument("--pypy-no-install", action="store_true",
                    help="do not reinstall fiboheap into the PyPy venv")
    ap.add_argument("--merge", metavar="JSON", action="append", default=[],
                    help="merge the runs of an earlier --json output into the outputs")
    ap.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    ap.add_argument("--docs", action="store_true",
                    help="rewrite the README's summary table and benchmarks/results.md "
                    "from this run (a full run only: smoke or partial figures are not results)")
    ap.add_argument("--breakdown", action="store_true",
                    help="print the per-operation cost breakdown of fiboheap's Python "
                    "API and C core, and exit")
    ap.add_argument("--memory-child", nargs=2, metavar=("NAME", "N"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.memory_child:
        from fhbench import memory
        memory.child(args.memory_child[0], int(args.memory_child[1]))
        return 0

    t0, log = _start_clock()
    if args.breakdown:
        from fhbench import breakdown
        text, data = breakdown.run(load_context(log), log, quick=args.quick)
        print(text)
        if args.json:
            with open(args.json, "w") as f:
                json.dump(data, f, indent=1)
        return 0

    if args.docs and (args.quick or args.sections or args.rounds):
        ap.error("--docs publishes a full run: not with --quick, --sections or --rounds")
    if args.sections is None:
        args.sections = ",".join(s for s in SECTIONS if not (env.is_pypy() and s == "ccore"))
    args.sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    bad = [s for s in args.sections if s not in SECTIONS]
    if bad:
        ap.error("unknown section(s): %s" % ", ".join(bad))

    interp = env.interpreter_info()
    machine = env.machine_info()
    log("%s; %s" % (env.describe(interp, machine), "quick run" if args.quick else "full run"))
    runs = [run_suite(args, log, t0)]
    for path in args.merge:
        with open(path) as f:
            runs += json.load(f)["runs"]
    if args.pypy:
        try:
            runs += run_pypy(args, log)
        except Exception as e:  # the CPython results still stand
            log("PyPy run failed: %s" % e)
            runs[0]["errors"].append("PyPy run failed: %s" % e)

    md = report.markdown_all(runs)
    sys.stdout.write(md)
    if args.markdown:
        with open(args.markdown, "w") as f:
            f.write(md)
    if args.json:
        with open(args.json, "w") as f:
            json.dump({"runs": runs}, f, indent=1)
    if args.docs:
        report.write_docs(runs, README, RESULTS)
        log("wrote %s and the summary table of %s" % (RESULTS, README))
    chart_path = args.chart
    if chart_path is None and not args.quick and interp["implementation"] == "CPython":
        chart_path = DEFAULT_CHART
    if chart_path and not args.no_chart:
        if interp["implementation"] != "CPython":
            log("chart skipped: the chart is made on CPython only")
        else:
            try:
                report.chart(runs, chart_path)
                log("chart written to %s" % chart_path)
            except ImportError:
                log("chart skipped: matplotlib is not installed (pip install matplotlib)")

    failed = sum(len(r["errors"]) for r in runs)
    checks = sum(r.get("checks", 0) for r in runs)
    missed = sum(1 for r in runs for row in r["rows"] if row.get("met") is False)
    for r in runs:
        for e in r["errors"]:
            log("ERROR: " + e)
    log("done in %.0f s; %d target(s) missed" % (time.perf_counter() - t0, missed))
    print("benchmarks: %d passed, %d failed" % (max(checks - failed, 0), failed))
    if failed or (args.strict and missed):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
