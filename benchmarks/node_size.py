"""How much the C core's node size costs: the ceiling of a smaller node.

fiboheap's node is one 64-byte cache line (64-bit links). A node pool with
32-bit links would make it smaller; this script bounds what that could buy
without writing it, by going the other way: it builds the section-4 C driver
twice, from csrc/fiboheap.c as it is and from a copy whose node carries 64
bytes of padding that nothing reads (a 128-byte node: the same fields on the
same first cache line, twice the memory), and times both side by side,
alternating, in fresh processes. A node half the size would save at most
about what doubling it costs.

Run:  python benchmarks/node_size.py [--rounds 7] [--n 100000 1000000]
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fhbench.ccore import CSRC, fiboheap_driver_command, run_driver

# The node struct's last member and its closing brace, in csrc/fiboheap.c,
# and the static assertion of the node's size: each replaced once.
PADDING = [
    ("    _Atomic(struct fh_tag *) tag;\n};",
     "    _Atomic(struct fh_tag *) tag;\n    char unread_padding[64];\n};"),
    ("_Static_assert(sizeof(fh_node) == FH_CACHE_LINE,",
     "_Static_assert(sizeof(fh_node) == 2 * FH_CACHE_LINE,"),
]


def compile_driver(source: str, out: str, cc: str) -> None:
    """The section-4 driver, with the section's compiler flags."""
    subprocess.run(fiboheap_driver_command(cc, source, out), check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--n", type=int, nargs="+", default=[100000, 1000000])
    parser.add_argument("--cc", default=os.environ.get("CC", "gcc"))
    args = parser.parse_args()

    with open(os.path.join(CSRC, "fiboheap.c")) as f:
        stock = f.read()
    padded = stock
    for old, new in PADDING:
        if padded.count(old) != 1:
            raise SystemExit(f"csrc/fiboheap.c: cannot find {old!r} to pad "
                             "struct fh_node; update PADDING in this script")
        padded = padded.replace(old, new)
    with tempfile.TemporaryDirectory() as tmp:
        padded_source = os.path.join(tmp, "fiboheap_padded.c")
        with open(padded_source, "w") as f:
            f.write(padded)
        drivers = {"64-byte node": os.path.join(tmp, "stock"),
                   "128-byte node": os.path.join(tmp, "padded")}
        compile_driver(os.path.join(CSRC, "fiboheap.c"), drivers["64-byte node"], args.cc)
        compile_driver(padded_source, drivers["128-byte node"], args.cc)

        print("n | mode | 64-byte node | 128-byte node | 128 / 64 (median of per-round ratios)")
        for n in args.n:
            for mode in ("pushpop", "decrease"):
                times: dict[str, list[float]] = {name: [] for name in drivers}
                names = list(drivers)
                for r in range(args.rounds):
                    for name in names[r % 2:] + names[:r % 2]:
                        res = run_driver([drivers[name], str(n), mode, "300"])
                        if res.get("error") or res.get("ok") is not True:
                            raise SystemExit(f"{name} n={n} {mode}: {res}")
                        times[name].append(res["ns_per_elem"])
                ratios = [p / s for s, p in zip(times["64-byte node"], times["128-byte node"])]
                print(f"{n:.0e} | {mode} | "
                      f"{statistics.median(times['64-byte node']):.0f} ns/elem | "
                      f"{statistics.median(times['128-byte node']):.0f} ns/elem | "
                      f"{statistics.median(ratios):.2f}x "
                      f"({min(ratios):.2f}-{max(ratios):.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
