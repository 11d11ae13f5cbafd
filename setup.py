"""The one thing pyproject.toml cannot say: cffi's setuptools hook, and the
stable-ABI wheel tag on CPython (PyPy always builds for itself)."""
import platform

from setuptools import setup

options = {}
if platform.python_implementation() == "CPython":
    options["bdist_wheel"] = {"py_limited_api": "cp39"}

setup(cffi_modules=["build_ffi.py:ffibuilder"], options=options)
