"""The binding layer: the extension is built for the stable ABI on CPython,
and status codes map to the right exceptions."""
from __future__ import annotations

import platform
import sysconfig

import pytest

from fiboheap import _binding
from fiboheap._binding import error, ffi, lib


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
