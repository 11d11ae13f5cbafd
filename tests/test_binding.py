"""The binding layer: the cdef matches the C header, the extension is built
for the stable ABI on CPython, and status codes map to the right exceptions."""
from __future__ import annotations

import platform
import re
import sysconfig
from pathlib import Path

import pytest

from fiboheap import _binding
from fiboheap._binding import error, ffi, lib

CSRC = Path(__file__).resolve().parent.parent / "csrc"


def declarations(text: str) -> set[str]:
    """Top-level C declarations, comments and preprocessor lines removed,
    white space folded."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = "\n".join(line for line in text.splitlines() if not line.startswith("#"))
    parts = (d for d in text.split(";") if d.strip())
    return {" ".join(d.split()) for d in parts if "}" not in d.split("{")[0]}


def test_every_cdef_declaration_is_in_the_header():
    header = declarations((CSRC / "fiboheap.h").read_text())
    cdef = declarations((CSRC / "fiboheap_cdef.h").read_text())
    assert cdef - header == set()


def test_every_header_function_and_status_is_in_the_cdef():
    header = (CSRC / "fiboheap.h").read_text()
    functions = set(re.findall(r"\b(fh_\w+)\(", header))
    statuses = set(re.findall(r"#define (FH_\w+)\s+-?\d", header))
    assert functions and statuses
    for name in functions | statuses:
        assert hasattr(lib, name), name


def test_extension_is_built_for_the_stable_abi_on_cpython():
    import fiboheap._fiboheap as ext

    if platform.python_implementation() == "CPython":
        expected = ".abi3.so"
    else:  # PyPy has no stable ABI: the build is for this interpreter
        expected = sysconfig.get_config_var("EXT_SUFFIX")
    assert ext.__file__.endswith(expected), ext.__file__


@pytest.mark.parametrize(
    "status, exception",
    [
        ("FH_ENOMEM", MemoryError),
        ("FH_EEMPTY", IndexError),
        ("FH_EKEY", _binding.KeyIncreaseError),
        ("FH_ENAN", _binding.NaNKeyError),
        ("FH_ESTALE", _binding.StaleNodeError),
        ("FH_ESAME", ValueError),
        ("FH_EARENA", ValueError),
        ("FH_ECORRUPT", AssertionError),
    ],
)
def test_status_codes_map_to_exceptions_with_the_c_message(status, exception):
    code = getattr(lib, status)
    exc = error(code, "detail")
    assert type(exc) is exception
    assert str(exc) == ffi.string(lib.fh_strerror(code)).decode() + ": detail"


def test_unknown_status_is_a_runtime_error():
    assert type(error(-12345)) is RuntimeError
    assert str(error(-12345)) == "unknown status"


def test_arena_is_shared_by_all_heaps():
    assert _binding.ARENA != ffi.NULL
