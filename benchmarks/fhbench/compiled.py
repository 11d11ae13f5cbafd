"""Section compiled: benchmarks/compiled_graph.py's targets (issues #15, #16)
as rows of this suite, so that --docs publishes them with the rest.

That script prints a line per target through its line(); here line() is
replaced by one that records the row, and the script's own printing (the
memory budget line among it) is read back from its output.
"""
import contextlib
import io
import re

from . import timing

MEMORY = re.compile(r"CompactGraph C memory\s+(\d+) bytes, budget (\d+)")


def run_section(quick, rounds, log):
    """Returns (rows, errors, notes)."""
    try:
        import compiled_graph as cg
    except ImportError as e:
        return [], [], ["compiled graph section skipped: %s" % e]
    rows, errors, outputs = [], [], []
    case = [""]

    def record(what, mine, theirs, target):
        mine_label, _, peer = what.rpartition(" / ")
        rows.append({
            "section": "compiled", "benchmark": mine_label, "case": case[0],
            "peer": peer, "peer_label": peer, "unit": "ms",
            "fiboheap_value": timing.median(mine) * 1e3,
            "peer_value": timing.median(theirs) * 1e3,
            "ratio": timing.ratio_stats(mine, theirs), "own_target": target,
            "raw_seconds": {"fiboheap": mine, peer: theirs},
        })

    cg.line = record
    graph_rounds = rounds or (3 if quick else 7)
    for name, job in cg.jobs(quick, graph_rounds):
        case[0] = name
        log("compiled graph: %s" % name)
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                job()
        except SystemExit as e:  # a disagreement with the reference distances
            errors.append("compiled graph %s: %s" % (name, e))
        outputs.append(out.getvalue())
        for used, budget in MEMORY.findall(out.getvalue()):
            rows.append({
                "section": "compiled", "benchmark": "CompactGraph C memory / budget",
                "case": name, "peer": "absolute", "peer_label": "16 B/arc + 24 B/node",
                "unit": "", "absolute": True, "fiboheap_value": int(used) / int(budget),
                "own_target": 1.0,
            })
    notes = sorted(set(re.findall(r"networkx backend: not measured \([^)]*\)",
                                  "\n".join(outputs))))
    return rows, errors, notes
