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


def csrc_files(pattern: str) -> list[str]:
    """The files of csrc/ (not its subfolders) matching pattern, as paths
    relative to the project root."""
    return sorted(p.relative_to(HERE).as_posix() for p in (HERE / "csrc").glob(pattern))


# The C functions that call back into Python (cffi's extern "Python"), which
# C compilers never see: the A* heuristic (fh_graph_heuristic, graph.h),
# whose body is fiboheap.graph's @ffi.def_extern.
CALLBACKS = 'extern "Python" int fh_py_heuristic(void *, uint32_t, double *);'

ffibuilder = FFI()
ffibuilder.cdef("\n".join(cdef_of(header) for header in HEADERS) + "\n" + CALLBACKS)
ffibuilder.set_source(
    "fiboheap._fiboheap",
    "\n".join(f'#include "{Path(header).name}"' for header in HEADERS),
    # The library is every .c file of csrc/: the heap's files and the graph's (as
    # in csrc/Makefile).
    sources=csrc_files("*.c"),
    include_dirs=["csrc"],
    # Every header: the private ones hold static inline code (the forest in
    # fib_forest.h, the heap's in fiboheap_internal.h, the searches' vertex
    # heap), so a change to any of them must rebuild.
    depends=csrc_files("*.h"),
    # C11, as csrc/Makefile: the core uses <stdatomic.h>.
    extra_compile_args=["-O2", "-std=c11"],
    extra_link_args=["-pthread"],
)
