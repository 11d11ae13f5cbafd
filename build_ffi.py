"""cffi build script (API mode, out-of-line): compiles csrc/ into fiboheap._fiboheap.

setup.py hands `ffibuilder` to setuptools through `cffi_modules`; to work on
the C core, `pip install -e .` rebuilds the extension in place.

The declarations cffi sees are the headers themselves (one source of truth):
preprocessor lines are dropped, and each `#define NAME value` becomes
`#define NAME ...`, so the compiler supplies the value.
"""
import re
from pathlib import Path

from cffi import FFI

HERE = Path(__file__).resolve().parent
# Paths relative to the project root: setuptools refuses absolute ones.
HEADERS = ["csrc/fiboheap.h", "csrc/graph.h"]
SOURCES = ["csrc/fiboheap.c", "csrc/graph.c"]
DEFINE = re.compile(r"#\s*define\s+(\w+)\s+\S")


def cdef_of(header: str) -> str:
    """The header's text as a cdef."""
    lines = []
    for line in (HERE / header).read_text().splitlines():
        define = DEFINE.match(line)
        if define:
            lines.append(f"#define {define.group(1)} ...")
        elif not line.lstrip().startswith("#"):
            lines.append(line)
    return "\n".join(lines)


ffibuilder = FFI()
ffibuilder.cdef("\n".join(cdef_of(header) for header in HEADERS))
ffibuilder.set_source(
    "fiboheap._fiboheap",
    "\n".join(f'#include "{Path(header).name}"' for header in HEADERS),
    sources=SOURCES,
    include_dirs=["csrc"],
    # graph.c's private heap, header-only (static inline in its loops)
    depends=[*HEADERS, "csrc/vertex_heap.h", "csrc/bits.h"],
    # C11, as csrc/Makefile: the core uses <stdatomic.h>.
    extra_compile_args=["-O2", "-std=c11"],
    extra_link_args=["-pthread"],
)
