# The cffi-compiled module: its objects are built at run time from
# csrc/fiboheap_cdef.h, so to type checkers they are Any.
from typing import Any

ffi: Any
lib: Any
