# The cffi-compiled module: its objects are built at run time from
# csrc/fiboheap.h (see build_ffi.py), so to type checkers they are Any.
from typing import Any

ffi: Any
lib: Any
