"""The binding layer: a wheel's extension is built for the stable ABI on
CPython, status codes map to the right exceptions, every heap shares one
arena, and a source tree without a build says how to make one."""
from __future__ import annotations

import os
import platform
import shutil
import subprocess
import sys
import sysconfig
from importlib import metadata
from pathlib import Path

import pytest

from fiboheap import FiboHeap, _binding
from fiboheap._binding import error, ffi, lib


def installed_from_a_wheel(path: Path) -> bool:
    """Whether ``path`` is a file that pip installed from a wheel (listed in
    the fiboheap distribution's RECORD), not an in-place or editable build."""
    try:
        dist = metadata.distribution("fiboheap")
    except metadata.PackageNotFoundError:
        return False
    return any(Path(dist.locate_file(f)).resolve() == path.resolve() for f in dist.files or [])


def test_extension_is_built_for_the_stable_abi_on_cpython():
    import fiboheap._fiboheap as ext

    if not installed_from_a_wheel(Path(ext.__file__)):
        pytest.skip(f"{ext.__file__} is an in-place build (pip install -e .), "
                    "tagged for this interpreter, not from a wheel")
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
    """Every FiboHeap draws its nodes from _binding.ARENA, so any two heaps
    merge and their Nodes keep working in the merged heap; the C core refuses
    to merge heaps of different arenas (shown with a private arena)."""
    heaps = [FiboHeap(), FiboHeap([(5, "from items")]), FiboHeap()]
    nodes = [h.insert(i, f"heap {i}") for i, h in enumerate(heaps)]
    for other in heaps[1:]:
        heaps[0].merge(other)
    for node in nodes:
        heaps[0].decrease_key(node, node.key - 10)
    assert [heaps[0].extract() for _ in range(4)] == ["heap 0", "heap 1", "heap 2", "from items"]

    shared = [lib.fh_new(_binding.ARENA), lib.fh_new(_binding.ARENA)]
    private_arena = lib.fh_arena_new(ffi.NULL)
    private = lib.fh_new(private_arena)
    try:
        assert lib.fh_insert(shared[1], 1.0, ffi.NULL) >= 0
        assert lib.fh_insert(private, 2.0, ffi.NULL) >= 0
        assert lib.fh_merge(shared[0], private) == lib.FH_EARENA
        assert lib.fh_merge(shared[0], shared[1]) == 0
        assert (lib.fh_size(shared[0]), lib.fh_size(private)) == (1, 1)
    finally:
        for heap in shared + [private]:
            lib.fh_free(heap)
        lib.fh_arena_free(private_arena)


def test_source_tree_without_a_build_says_how_to_build_it(tmp_path):
    """Python started in a source tree that has no compiled module for it
    imports that tree: one ImportError line naming the fix, not a bare
    ModuleNotFoundError. (-S: no site-packages, whose installed or editable
    fiboheap could lend the copy its compiled module.)"""
    package = Path(_binding.__file__).parent
    without_pythonpath = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    shutil.copytree(package, tmp_path / "fiboheap",
                    ignore=shutil.ignore_patterns("*.so", "*.pyd", "__pycache__"))
    done = subprocess.run([sys.executable, "-S", "-c", "import fiboheap"], cwd=tmp_path,
                          capture_output=True, text=True, env=without_pythonpath)
    assert done.returncode == 1
    assert "ModuleNotFoundError" not in done.stderr, done.stderr
    assert done.stderr.splitlines()[-1] == (
        f"ImportError: fiboheap: no compiled module for this interpreter in "
        f"{tmp_path.resolve() / 'fiboheap'}: run 'pip install -e .' in {tmp_path.resolve()} "
        "(or leave it to import an installed fiboheap)"
    )
