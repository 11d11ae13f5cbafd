"""cffi build script (API mode, out-of-line): compiles csrc/ into fiboheap._fiboheap.

setup.py hands `ffibuilder` to setuptools through `cffi_modules`; running this
file directly builds the extension in place, for working on the C core.
"""
from pathlib import Path

from cffi import FFI

HERE = Path(__file__).resolve().parent

ffibuilder = FFI()
for cdef in ("fiboheap_cdef.h", "graph_cdef.h"):
    ffibuilder.cdef((HERE / "csrc" / cdef).read_text())
ffibuilder.set_source(
    "fiboheap._fiboheap",
    '#include "fiboheap.h"\n#include "graph.h"',
    # Paths relative to the project root: setuptools refuses absolute ones.
    sources=["csrc/fiboheap.c", "csrc/graph.c"],
    include_dirs=["csrc"],
    depends=[
        "csrc/fiboheap.h", "csrc/fiboheap_cdef.h", "csrc/graph.h", "csrc/graph_cdef.h",
    ],
    extra_compile_args=["-O2", "-std=gnu99"],
    extra_link_args=["-pthread"],
)

if __name__ == "__main__":
    ffibuilder.compile(verbose=True)
