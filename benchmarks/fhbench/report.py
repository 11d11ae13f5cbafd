"""Targets, the markdown table and the PNG chart, from one run's results."""
import math

# (implementation or None for any, section, case or None for any,
#  peer, extra match, limit, what the limit is on)
# The push/pop targets are on h.push, the call made for heapq-style use; the
# h.insert rows beside them are reported without a target.
TARGETS = [
    ("CPython", "pushpop", "n=1e3", "heapq", {"call": "push"}, 1.5),
    ("CPython", "pushpop", "n=1e6", "heapq", {"call": "push"}, 0.5),
    ("CPython", "dijkstra", None, "heapdict", {}, 0.33),
    ("CPython", "dijkstra", None, "pqdict", {}, 0.33),
    ("CPython", "graph", None, "networkx", {}, 0.67),
    ("PyPy", "pushpop", "n=1e3", "heapq", {"call": "push"}, 1.0),
    ("PyPy", "pushpop", "n=1e6", "heapq", {"call": "push"}, 0.5),
    (None, "ccore", "n=1e6", "fibonacci", {"mode": "pushpop"}, 0.5),
    (None, "ccore", "n=1e6", "stdpq", {"mode": "pushpop"}, 2.0),
    (None, "ccore", "n=1e6", "fibonacci", {"mode": "decrease"}, 0.5),
    (None, "ccore", "n=1e3", "fibonacci", {"mode": "pushpop"}, 1.0),
    (None, "ccore", "n=1e3", "fibonacci", {"mode": "decrease"}, 1.0),
    ("CPython", "memory", None, "absolute", {}, 200.0),
]


def apply_targets(rows, impl):
    for row in rows:
        row["target"] = None
        row["met"] = None
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
            target_s = "≤ %gx" % row["target"] if row.get("target") else ""
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
                what = "%s ≤ %gx %s" % (_short(row["benchmark"]), row["target"], _short_peer(row))
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
