"""Interpreter, machine and fiboheap provenance, printed with every table."""
import os
import platform
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.lower().startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def core_count():
    try:
        usable = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        usable = os.cpu_count() or 0
    return usable


def load_average():
    try:
        return os.getloadavg()[0]
    except (AttributeError, OSError):
        return None


def machine_info():
    try:
        mem_gib = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2.0 ** 30
    except (ValueError, OSError, AttributeError):
        mem_gib = None
    return {
        "cpu": cpu_model(),
        "cores": core_count(),
        "memory_gib": round(mem_gib, 1) if mem_gib else None,
        "system": platform.system() + " " + platform.release(),
        "load_1min_at_start": load_average(),
    }


def interpreter_info():
    impl = platform.python_implementation()
    info = {
        "implementation": impl,
        "version": platform.python_version(),
        "executable": sys.executable,
    }
    if impl == "PyPy":
        v = sys.pypy_version_info
        info["pypy_version"] = "%d.%d.%d" % (v.major, v.minor, v.micro)
        info["label"] = "PyPy %s (Python %s)" % (info["pypy_version"], info["version"])
    else:
        info["label"] = "%s %s" % (impl, info["version"])
    return info


def is_pypy():
    return platform.python_implementation() == "PyPy"


def git_revision():
    try:
        out = subprocess.run(
            ["git", "-C", REPO, "rev-parse", "--short", "HEAD"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=10,
        )
        rev = out.stdout.decode().strip()
        if not rev:
            return None
        dirty = subprocess.run(
            ["git", "-C", REPO, "status", "--porcelain", "--untracked-files=no"],
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, timeout=10,
        ).stdout.strip()
        return rev + ("+dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return None


def import_fiboheap():
    """Import the fiboheap under test.

    An installed fiboheap (a venv's site-packages) wins; otherwise the
    repository root is tried, for an in-place build.  Returns the module or
    raises ImportError with both attempts' reasons.
    """
    try:
        import fiboheap
        return sys.modules["fiboheap"]
    except ImportError as first:
        if REPO not in sys.path:
            sys.path.insert(0, REPO)
            sys.modules.pop("fiboheap", None)
            try:
                import fiboheap  # noqa: F401
                return sys.modules["fiboheap"]
            except ImportError as second:
                raise ImportError("fiboheap not importable: %s; from %s: %s"
                                  % (first, REPO, second)) from second
        raise


def fiboheap_info(mod):
    return {
        "file": getattr(mod, "__file__", None),
        "version": getattr(mod, "__version__", None),
        "git": git_revision(),
    }


def describe(interp, machine):
    return "%s on %s, %d cores, %s GiB RAM (%s)" % (
        interp["label"], machine["cpu"], machine["cores"],
        machine["memory_gib"], machine["system"])
