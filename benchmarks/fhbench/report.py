"""Targets, the markdown tables, the PNG chart and the documentation's
generated parts (README summary, benchmarks/results.md), from the results."""
import math
import re

# (implementation or None for any, section, case or None for any,
#  peer, extra match, limit, what the limit is on)
# The push/pop targets are on h.push, the call made for heapq-style use; the
# h.insert rows beside them are reported without a target.
TARGETS = [
    ("CPython", "pushpop", "n=1e3", "heapq", {"call": "push"}, 1.5),
    ("CPython", "pushpop", "n=1e6", "heapq", {"call": "push"}, 0.6),
    ("CPython", "pushpop", "n=1e3", "floor", {"call": "push"}, 1.1),
    ("CPython", "bulk", None, "heapq", {"benchmark": "build (FiboHeap(items))"}, 1.0),
    ("CPython", "bulk", None, "heapq", {"benchmark": "build (h.extend)"}, 1.0),
    ("PyPy", "bulk", None, "heapq", {"benchmark": "build (FiboHeap(items))"}, 0.5),
    ("PyPy", "bulk", None, "heapq", {"benchmark": "build (h.extend)"}, 0.5),
    ("CPython", "bulk", "n=1e3", "heapq", {"call": "h.pop_many"}, 1.0),
    ("CPython", "bulk", "n=1e5", "heapq", {"call": "h.pop_many"}, 0.7),
    ("CPython", "bulk", "n=1e6", "heapq", {"call": "h.pop_many"}, 0.7),
    ("CPython", "dijkstra", None, "heapdict", {"benchmark": "Dijkstra, decrease-key loop"}, 0.33),
    ("CPython", "dijkstra", None, "pqdict", {"benchmark": "Dijkstra, decrease-key loop"}, 0.33),
    ("CPython", "graph", None, "networkx", {}, 0.67),
    ("PyPy", "pushpop", "n=1e3", "heapq", {"call": "push"}, 1.0),
    ("PyPy", "pushpop", "n=1e6", "heapq", {"call": "push"}, 0.5),
    (None, "ccore", "n=1e6", "fibonacci", {"mode": "pushpop"}, 0.5),
    (None, "ccore", "n=1e6", "stdpq", {"mode": "pushpop"}, 2.0),
    (None, "ccore", "n=1e6", "fibonacci", {"mode": "decrease"}, 0.5),
    (None, "ccore", "n=1e3", "fibonacci", {"mode": "pushpop"}, 1.0),
    (None, "ccore", "n=1e3", "fibonacci", {"mode": "decrease"}, 1.0),
    ("CPython", "memory", None, "absolute", {}, 150.0),
]


def apply_targets(rows, impl):
    for row in rows:
        row["target"] = row.get("own_target")  # compiled_graph.py's, or TARGETS'
        row["met"] = None
        if row["target"] is not None:
            v = row.get("fiboheap_value") if row.get("absolute") else (
                row["ratio"]["median"] if row.get("ratio") else None)
            row["met"] = None if v is None else bool(v <= row["target"])
        for t_impl, sec, case, peer, extra, limit in TARGETS:
            if t_impl not in (None, impl) or row["section"] != sec or row["peer"] != peer:
                continue
            if case is not None and row.get("case") != case:
                continue
            if any(row.get(k) != v for k, v in extra.items()):
                continue
            row["target"] = limit
            if row.get("absolute"):
                v = row.get("fiboheap_value")
            else:
                v = row["ratio"]["median"] if row.get("ratio") else None
            row["met"] = None if v is None else bool(v <= limit)
    return rows


def _fmt_val(v, unit):
    if v is None:
        return "—"
    if unit == "ms":
        s = "%.1f" % v if v >= 10 else "%.2f" % v
    elif v >= 100:
        s = "%.0f" % v
    elif v >= 10:
        s = "%.1f" % v
    else:
        s = "%.2f" % v
    return "%s %s" % (s, unit)


def _fmt_ratio(r):
    if r is None:
        return "—"
    return "%.2fx" % r


def header_lines(run):
    it, m, fh = run["interpreter"], run["machine"], run["fiboheap"]
    lines = [
        "**%s** on **%s**, %d cores (%s GiB RAM, %s); load average %s at start."
        % (it["label"], m["cpu"], m["cores"], m["memory_gib"], m["system"],
           "%.2f" % m["load_1min_at_start"] if m.get("load_1min_at_start") is not None else "?"),
        "fiboheap %s (git %s), run %s%s, %.0f s." % (
            fh.get("version") or "", fh.get("git") or "?", run["date"],
            " (**--quick** smoke run: small sizes, few rounds)" if run["quick"] else "",
            run["elapsed_s"]),
    ]
    return lines


METHOD = ("Each ratio is fiboheap's time / the peer's time, measured side by side in "
          "the same process and run: every round times each contender once, in a "
          "rotating order; the table gives the median of the per-round ratios, the "
          "number of rounds and the per-round range.  The garbage collector runs "
          "before each timed section and stays enabled in it, so its cost is "
          "timed.  The C rows compare compiled drivers "
          "(gcc/g++ -O2), one process per measurement; memory is RSS growth in a "
          "fresh subprocess per structure.  Targets are upper bounds on the ratio "
          "(on bytes per element for the absolute memory row).")


def markdown(run, title_level=3):
    title = "fiboheap benchmarks: " + run["interpreter"]["label"]
    lines = ["%s %s" % ("#" * title_level, title), ""]
    lines += header_lines(run)
    lines += [""]
    lines += ["| benchmark | case | vs | fiboheap | peer | fiboheap / peer | rounds | range "
              "| target | met? |",
              "|---|---|---|--:|--:|--:|--:|---|--:|:-:|"]
    for row in run["rows"]:
        unit = row["unit"]
        r = row.get("ratio")
        if row.get("absolute"):
            ratio_s, rounds_s, range_s = "—", str(row.get("rounds", 1)), ""
            target_s = "≤ %g %s" % (row["target"], unit) if row.get("target") else ""
        else:
            note = row.get("note") or "n/a"
            if note.startswith("skipped"):
                note = "skipped (see note)"
            ratio_s = ("**%s**" % _fmt_ratio(r["median"])) if r else note
            rounds_s = str(r["rounds"]) if r else ""
            range_s = ("%.2f-%.2f" % (r["min"], r["max"])) if r and r["rounds"] > 1 else ""
            target_s = "≤ %.3gx" % row["target"] if row.get("target") else ""
        met = row.get("met")
        met_s = "" if row.get("target") is None else ("n/a" if met is None else
                                                      ("yes" if met else "**NO**"))
        lines.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            row["benchmark"], row["case"], row["peer_label"],
            _fmt_val(row.get("fiboheap_value"), unit), _fmt_val(row.get("peer_value"), unit),
            ratio_s, rounds_s, range_s, target_s, met_s))
    t = [row for row in run["rows"] if row.get("target") is not None]
    met = sum(1 for row in t if row.get("met"))
    lines += ["", "Targets met: %d of %d%s." % (
        met, len(t), "" if met == len(t) else
        " (missed: %s)" % "; ".join("%s %s vs %s" % (row["benchmark"], row["case"], row["peer"])
                                    for row in t if not row.get("met")))]
    for note in run.get("notes", []):
        lines.append("Note: " + note)
    if run.get("errors"):
        lines += ["", "**Correctness errors:**"] + ["- " + e for e in run["errors"]]
    return "\n".join(lines) + "\n"


def targets_table(runs):
    lines = ["| target (fiboheap / peer) | interpreter | case | measured | rounds | met? |",
             "|---|---|---|--:|--:|:-:|"]
    count = met = 0
    for run in runs:
        label = run["interpreter"]["label"] + (" (quick)" if run["quick"] else "")
        for row in run["rows"]:
            if row.get("target") is None:
                continue
            count += 1
            met += bool(row.get("met"))
            if row.get("absolute"):
                what = "%s ≤ %g %s" % (_short(row["benchmark"]), row["target"], row["unit"])
                val = _fmt_val(row.get("fiboheap_value"), row["unit"])
                rounds = str(row.get("rounds", 1))
            else:
                what = "%s ≤ %.3gx %s" % (_short(row["benchmark"]), row["target"], _short_peer(row))
                r = row.get("ratio")
                val = ("%.2fx" % r["median"]) if r else (row.get("note") or "n/a")
                rounds = str(r["rounds"]) if r else ""
            m = row.get("met")
            lines.append("| %s | %s | %s | %s | %s | %s |" % (
                what, "C (gcc/g++ -O2)" if row["section"] == "ccore" else label,
                row["case"], val, rounds,
                "n/a" if m is None else ("yes" if m else "**NO**")))
    lines.append("")
    lines.append("%d of %d targets met." % (met, count))
    return "\n".join(lines)


def markdown_all(runs):
    out = ["## Benchmarks", "", METHOD, "", "### Targets", "", targets_table(runs), ""]
    for run in runs:
        out.append(markdown(run))
    return "\n".join(out)


# The README's summary: (label, section, case prefix, peer, extra match).
SUMMARY = [
    ("push n, pop n (`h.push`) vs `heapq`", "pushpop", "n=1e3", "heapq", {"call": "push"}),
    ("push n, pop n (`h.push`) vs `heapq`", "pushpop", "n=1e6", "heapq", {"call": "push"}),
    ("FiboHeap(items) vs `heapq.heapify`", "bulk", "n=1e6", "heapq",
     {"call": "FiboHeap(items)"}),
    ("`h.pop_many(n)` vs n `heappop`", "bulk", "n=1e6", "heapq", {"call": "h.pop_many"}),
    ("Dijkstra decrease-key loop vs `heapdict`", "dijkstra", "random", "heapdict",
     {"benchmark": "Dijkstra, decrease-key loop"}),
    ("Dijkstra decrease-key loop vs `heapdict`", "dijkstra", "grid", "heapdict",
     {"benchmark": "Dijkstra, decrease-key loop"}),
    ("`PriorityDict` in heapdict's Dijkstra loop vs `heapdict`", "dijkstra", "random",
     "heapdict", {"contender": "PriorityDict"}),
    ("`PriorityDict` in heapdict's Dijkstra loop vs `heapdict`", "dijkstra", "grid",
     "heapdict", {"contender": "PriorityDict"}),
    ("`graph.dijkstra` vs networkx", "graph", "random", "networkx", {}),
    ("`graph.dijkstra` vs networkx", "graph", "grid", "networkx", {}),
    ("`dijkstra(CompactGraph)` vs scipy `csgraph.dijkstra`", "compiled", "random 20k",
     "scipy csgraph.dijkstra, CSR", {}),
    ("`dijkstra(CompactGraph)` vs scipy `csgraph.dijkstra`", "compiled", "random 100k",
     "scipy csgraph.dijkstra, CSR", {}),
    ("`prim(CompactGraph)` vs scipy `minimum_spanning_tree`", "compiled", "random 100k",
     "scipy minimum_spanning_tree", {}),
    ('networkx, `backend="fiboheap"`, graph cached', "compiled", "random 100k",
     "nx", {"benchmark": 'backend="fiboheap", graph cached'}),
    ("`betweenness_centrality(CompactGraph)` vs igraph `betweenness`", "compiled",
     "centrality", "igraph", {"benchmark": "betweenness_centrality, CompactGraph"}),
    ("`closeness_centrality(CompactGraph)` vs igraph `closeness`", "compiled", "centrality",
     "igraph", {"benchmark": "closeness_centrality, CompactGraph"}),
    ('`nx.betweenness_centrality`, `backend="fiboheap"`, first call', "compiled",
     "centrality", "nx", {"benchmark": 'betweenness_centrality, backend="fiboheap", first call'}),
    ("C core, push all, pop all vs boost `fibonacci_heap`", "ccore", "n=1e6", "fibonacci",
     {"mode": "pushpop"}),
    ("memory per element, everything included", "memory", "n=1e", "absolute", {}),
]
SUMMARY_START = "<!-- benchmarks/run.py --docs writes this table: do not edit it by hand -->"
SUMMARY_END = "<!-- end of the table benchmarks/run.py --docs writes -->"
RESULTS_HEADER = ("<!-- Written by `python benchmarks/run.py --docs`: do not edit by hand. -->\n"
                  "# fiboheap benchmark results\n\n")


def _summary_cell(run, section, case, peer, extra):
    for row in run["rows"]:
        if (row["section"] == section and row["peer"] == peer
                and row.get("case", "").startswith(case)
                and all(row.get(k) == v for k, v in extra.items())):
            if row.get("absolute"):
                return _fmt_val(row.get("fiboheap_value"), row["unit"])
            return _fmt_ratio(row["ratio"]["median"]) if row.get("ratio") else "—"
    return "—"


def summary_table(runs):
    """The README's short table: a few key ratios, one column per run."""
    lines = ["| fiboheap / peer (lower is better) | case | %s |"
             % " | ".join(r["interpreter"]["label"] + (" (quick)" if r["quick"] else "")
                          for r in runs),
             "|---|---|" + "--:|" * len(runs)]
    for label, section, case, peer, extra in SUMMARY:
        cells = [_summary_cell(run, section, case, peer, extra) for run in runs]
        if any(c != "—" for c in cells):
            shown = next((row["case"] for run in runs for row in run["rows"]
                          if row["section"] == section and row["case"].startswith(case)), case)
            lines.append("| %s | %s | %s |" % (label, shown, " | ".join(cells)))
    dates = sorted({run["date"] for run in runs})
    lines += ["", "Run %s on %s, %d cores; every figure, the targets and the range over "
              "rounds: [benchmarks/results.md](benchmarks/results.md)."
              % (", ".join(dates), runs[0]["machine"]["cpu"], runs[0]["machine"]["cores"])]
    return "\n".join(lines)


def replace_summary(readme_text, runs):
    """readme_text with the block between SUMMARY_START and SUMMARY_END
    replaced by summary_table(runs); ValueError if the marks are missing."""
    pattern = re.compile(re.escape(SUMMARY_START) + ".*?" + re.escape(SUMMARY_END), re.S)
    if len(pattern.findall(readme_text)) != 1:
        raise ValueError("README.md must hold the summary marks once each:\n%s\n%s"
                         % (SUMMARY_START, SUMMARY_END))
    block = "%s\n%s\n%s" % (SUMMARY_START, summary_table(runs), SUMMARY_END)
    return pattern.sub(lambda _: block, readme_text)


def write_docs(runs, readme_path, results_path):
    """Rewrites the README's summary table and benchmarks/results.md."""
    with open(readme_path, encoding="utf-8") as f:
        text = replace_summary(f.read(), runs)
    with open(readme_path, "w", encoding="utf-8") as f:
        f.write(text)
    with open(results_path, "w", encoding="utf-8") as f:
        f.write(RESULTS_HEADER + markdown_all(runs).replace("## Benchmarks\n\n", "", 1))


def chart(runs, path):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.ticker import FuncFormatter, LogLocator

    panels = [run for run in runs if any(r.get("ratio") for r in run["rows"])]
    if not panels:
        return None
    heights = [0.24 * sum(1 for r in run["rows"] if r.get("ratio")) + 1.3 for run in panels]
    fig, axes = plt.subplots(len(panels), 1, figsize=(11, sum(heights) + 0.8),
                             gridspec_kw={"height_ratios": heights}, squeeze=False)
    for ax, run in zip(axes[:, 0], panels):
        rows = [r for r in run["rows"] if r.get("ratio")]
        labels = ["%s, %s vs %s" % (_short(r["benchmark"]), r["case"], _short_peer(r))
                  for r in rows]
        vals = [r["ratio"]["median"] for r in rows]
        lo = [r["ratio"]["median"] - r["ratio"]["min"] for r in rows]
        hi = [r["ratio"]["max"] - r["ratio"]["median"] for r in rows]
        colors = []
        for r in rows:
            if r.get("target") is None:
                colors.append("#9db4d3")
            elif r.get("met"):
                colors.append("#3a9d4a")
            else:
                colors.append("#d0453a")
        y = list(range(len(rows)))[::-1]
        ax.barh(y, vals, xerr=[lo, hi], color=colors, ecolor="#555", capsize=2, height=0.7,
                error_kw={"lw": 0.8})
        targets = [r["target"] for r in rows if r.get("target")]
        lo_x = min([r["ratio"]["min"] for r in rows] + targets) / 1.5
        hi_x = max([r["ratio"]["max"] for r in rows] + targets) * 2.2
        for yi, r in zip(y, rows):
            if r.get("target") is not None:
                ax.plot([r["target"]] * 2, [yi - 0.45, yi + 0.45], color="black", lw=2.2)
            ax.text(max(r["ratio"]["max"], r.get("target") or 0) * 1.06, yi,
                    "%.2fx%s" % (r["ratio"]["median"],
                                 "" if r.get("target") is None else
                                 "  (target %gx)" % r["target"]),
                    va="center", fontsize=7)
        ax.set_yticks(y)
        ax.set_yticklabels(labels, fontsize=7)
        ax.set_xscale("log")
        ax.set_xlim(lo_x, hi_x)
        ax.xaxis.set_major_locator(LogLocator(base=10, subs=(1.0, 2.0, 5.0)))
        ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: "%g" % v))
        ax.xaxis.set_minor_formatter(FuncFormatter(lambda v, _: ""))
        ax.axvline(1.0, color="#777", lw=0.8, ls="--")
        ax.grid(axis="x", color="#ddd", lw=0.5)
        ax.set_axisbelow(True)
        ax.set_xlabel("fiboheap / peer: time (memory rows: bytes); median of rounds, whiskers "
                      "= per-round range; < 1 = fiboheap better.\nBlack tick = target: "
                      "green met, red missed; blue: no target", fontsize=7.5)
        m = run["machine"]
        ax.set_title("%s on %s, %d cores, %s%s" % (
            run["interpreter"]["label"], m["cpu"], m["cores"], run["date"],
            " (quick run)" if run["quick"] else ""), fontsize=9.5)
        mem = [r for r in run["rows"] if r.get("absolute") and r["peer"] == "absolute"]
        if mem and mem[0].get("fiboheap_value"):
            ax.text(0.99, 0.005, "fiboheap memory: %.0f bytes/element at %s%s" % (
                mem[0]["fiboheap_value"], mem[0]["case"],
                "" if mem[0].get("target") is None else " (target <= %g: %s)" % (
                    mem[0]["target"], "met" if mem[0].get("met") else "missed")),
                transform=ax.transAxes, ha="right", va="bottom", fontsize=7.5)
    fig.suptitle("fiboheap benchmarks (fiboheap %s)" % (panels[0]["fiboheap"].get("git") or ""),
                 fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 1 - 0.35 / fig.get_figheight()))  # room for suptitle
    fig.savefig(path, dpi=100, bbox_inches="tight")
    plt.close(fig)
    return path


def _short(b):
    return (b.replace("push n, pop n", "push/pop")
             .replace("Dijkstra, decrease-key loop", "Dijkstra")
             .replace("fiboheap.graph.dijkstra", "graph.dijkstra")
             .replace("C core: push all, decrease-key each, pop all", "C push/decrease/pop")
             .replace("C core: push all, pop all", "C push/pop")
             .replace("memory per element (RSS growth)", "memory"))


def _short_peer(r):
    return {"networkx": "nx.single_source_dijkstra",
            "networkx-pred": "nx.dijkstra_pred_and_dist",
            "heapq": "heapq", "heapq-lazy": "heapq lazy",
            "fibonacci": "boost fibonacci", "pairing": "boost pairing",
            "dary4": "boost d-ary(4)", "stdpq": "std::priority_queue"}.get(r["peer"], r["peer"])


def finite(x):
    return x is not None and not (isinstance(x, float) and (math.isnan(x) or math.isinf(x)))
