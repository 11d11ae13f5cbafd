"""Section 5: memory per element, as RSS growth in a fresh subprocess.

Each structure gets its own interpreter (`run.py --memory-child NAME N`):
imports and a one-element warm-up happen first, then the keys are made,
then RSS is read (after gc.collect()), the n elements are inserted, RSS is
read again (after gc.collect()), and the difference divided by n is the
figure: everything the structure holds (C nodes and arena, Python objects,
per-element ints), except the keys list itself and the shared payload.
"""
import gc
import heapq
import json
import os
import subprocess
import sys

STRUCTURES = ["fiboheap", "fiboheap-nodes-kept", "floor", "heapq", "heapdict", "pqdict"]
LABELS = {
    "floor": "the design's floor: an ffi.new_handle, a dict entry and a C node each",
    "fiboheap": "fiboheap (shared payload, nodes not kept)",
    "fiboheap-nodes-kept": "fiboheap, every Node kept in a list",
    "heapq": "heapq (key, counter, obj) tuples",
    "heapdict": "heapdict",
    "pqdict": "pqdict",
}


def rss_bytes():
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE")


def child(name, n):
    """Runs in the subprocess; prints one JSON line."""
    from .pushpop import make_keys
    payload = object()
    if name.startswith("fiboheap"):
        from .env import import_fiboheap
        FiboHeap = import_fiboheap().FiboHeap
        w = FiboHeap()
        w.insert(0.5, payload)
        w.extract()
        del w

        def build(keys):
            h = FiboHeap()
            ins = h.insert
            if name == "fiboheap":
                for k in keys:
                    ins(k, payload)
                return h
            return h, [ins(k, payload) for k in keys]
    elif name == "floor":
        from .env import import_fiboheap
        from .pushpop import bare_design
        import_fiboheap()
        bare_design([0.5], payload)()

        def build(keys):
            return bare_design(keys, payload, pop=False)()
    elif name == "heapq":
        def build(keys):
            heap = []
            push = heapq.heappush
            for i, k in enumerate(keys):
                push(heap, (k, i, payload))
            return heap
    else:
        if name == "heapdict":
            from heapdict import heapdict as cls
        else:
            from pqdict import pqdict as cls
        w = cls()
        w[0] = 0.5
        w.popitem()

        def build(keys):
            d = cls()
            for i, k in enumerate(keys):
                d[i] = k
            return d
    keys = make_keys(n, seed=1000 + n)
    gc.collect()
    gc.collect()
    before = rss_bytes()
    struct = build(keys)
    gc.collect()
    gc.collect()
    after = rss_bytes()
    size = len(struct[0]) if isinstance(struct, tuple) else len(struct)
    print(json.dumps({"name": name, "n": n, "rss_before": before, "rss_after": after,
                      "bytes_per_elem": (after - before) / n, "size": size}))


def run_section(ctx, n, log, run_py):
    rows, errors, results = [], [], {}
    for name in STRUCTURES:
        if name.startswith("fiboheap") or name == "floor":
            pass
        elif ctx.peers.get(name) is None and name != "heapq":
            results[name] = {"note": "not installed"}
            continue
        log("memory: %s, n=%d (fresh subprocess)" % (name, n))
        p = subprocess.run([sys.executable, run_py, "--memory-child", name, str(n)],
                           capture_output=True)
        try:
            res = json.loads(p.stdout.decode().strip().splitlines()[-1])
        except (IndexError, ValueError):
            res = {"note": "failed"}
        if p.returncode != 0:
            errors.append("memory child %s: exit %d: %s" % (
                name, p.returncode, p.stderr.decode(errors="replace")[-400:]))
            res = {"note": "failed"}
        elif res.get("size") != n:
            errors.append("memory child %s: holds %r elements, not %d" % (name, res.get("size"), n))
        results[name] = res
    mine = results.get("fiboheap", {}).get("bytes_per_elem")
    case = "n=%s" % ("1e%d" % (len(str(n)) - 1) if n == 10 ** (len(str(n)) - 1) else n)
    rows.append({
        "section": "memory", "benchmark": "memory per element (RSS growth)",
        "case": case, "n": n, "peer": "absolute", "peer_label": "(absolute, bytes)",
        "unit": "bytes/elem", "fiboheap_value": mine, "peer_value": None,
        "absolute": True, "ratio": None, "rounds": 1,
    })
    kept = results.get("fiboheap-nodes-kept", {}).get("bytes_per_elem")
    rows.append({
        "section": "memory", "benchmark": "memory per element (RSS growth)",
        "case": case, "n": n, "peer": "absolute-nodes-kept",
        "peer_label": "(absolute, bytes, with every Node kept in a list)",
        "unit": "bytes/elem", "fiboheap_value": kept, "peer_value": None,
        "absolute": True, "ratio": None, "rounds": 1,
    })
    for name in ("floor", "heapq", "heapdict", "pqdict"):
        res = results.get(name, {})
        theirs = res.get("bytes_per_elem")
        row = {
            "section": "memory", "benchmark": "memory per element (RSS growth)",
            "case": case, "n": n, "peer": name, "peer_label": LABELS[name],
            "unit": "bytes/elem", "fiboheap_value": mine, "peer_value": theirs,
            "ratio": ({"median": mine / theirs, "min": mine / theirs, "max": mine / theirs,
                       "rounds": 1, "per_round": [mine / theirs]}
                      if mine and theirs else None),
        }
        if res.get("note"):
            row["note"] = res["note"]
        rows.append(row)
    return rows, errors, results
