"""The documentation cannot rot: docs/*.md show the files of docs/snippets/
verbatim, every snippet runs, api.md names the whole public API, the links
between documents resolve, and the public API keeps its static types.

A code block preceded by a ``<!-- snippet: NAME -->`` line must equal
docs/snippets/NAME. After editing a snippet, ``python tests/test_docs.py``
copies every snippet file into the blocks that show it.
"""
from __future__ import annotations

import inspect
import re
import runpy
import shutil
import subprocess
import sys
from collections.abc import MutableMapping
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

import pytest

import fiboheap
import fiboheap.graph
from fiboheap import FiboHeap, Node, PriorityDict

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
SNIPPETS = DOCS / "snippets"
PAGES = sorted(DOCS.glob("*.md"))
SNIPPET_FILES = sorted(p for p in SNIPPETS.iterdir() if p.is_file())
PYTHON_SNIPPETS = [p for p in SNIPPET_FILES if p.suffix == ".py"]
# Snippets that show another library's code: run, but not type-checked.
BEFORE_SNIPPETS = {p for p in PYTHON_SNIPPETS if p.stem.endswith("_before")}

SNIPPET_MARK = re.compile(r"<!-- snippet: (\S+) -->")
FENCE = re.compile(r"^(`{3,})(\S*)\s*$")


class Block(NamedTuple):
    page: str
    line: int  # of the opening fence, 1-based
    language: str
    text: str
    snippet: str  # the file named by a snippet mark on the line above, or ""


def code_blocks(page: Path) -> list[Block]:
    """The fenced code blocks of a markdown page."""
    blocks = []
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    i = 0
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening:
            i += 1
            continue
        fence, language = opening.groups()
        end = i + 1
        while end < len(lines) and lines[end].rstrip() != fence:
            end += 1
        assert end < len(lines), f"{page.name}:{i + 1}: unclosed code block"
        mark = SNIPPET_MARK.fullmatch(lines[i - 1].strip()) if i else None
        blocks.append(
            Block(page.name, i + 1, language, "".join(lines[i + 1 : end]),
                  mark.group(1) if mark else "")
        )
        i = end + 1
    return blocks


ALL_BLOCKS = [block for page in PAGES for block in code_blocks(page)]
INCLUDED = [block for block in ALL_BLOCKS if block.snippet]


def block_id(block: Block) -> str:
    return f"{block.page}:{block.line}:{block.snippet or block.language}"


# --- the pages show the snippet files verbatim ---------------------------------

def test_the_docs_exist():
    names = {page.name for page in PAGES}
    assert {"api.md", "migrating.md", "ownership.md"} <= names
    assert PYTHON_SNIPPETS and INCLUDED


@pytest.mark.parametrize("block", INCLUDED, ids=block_id)
def test_code_block_is_its_snippet_file_verbatim(block):
    path = SNIPPETS / block.snippet
    assert path.is_file(), f"{block_id(block)}: no file docs/snippets/{block.snippet}"
    assert block.text == path.read_text(encoding="utf-8"), (
        f"{block_id(block)} differs from docs/snippets/{block.snippet}: "
        "edit the snippet file, then copy it into the page"
    )


@pytest.mark.parametrize(
    "block", [b for b in ALL_BLOCKS if b.language == "python"], ids=block_id
)
def test_every_python_block_is_a_tested_snippet(block):
    assert block.snippet, (
        f"{block_id(block)}: a python block without a '<!-- snippet: NAME -->' "
        "line above it is never run; put the code in docs/snippets/"
    )


@pytest.mark.parametrize("path", SNIPPET_FILES, ids=lambda p: p.name)
def test_every_snippet_file_is_shown_somewhere(path):
    assert path.name in {block.snippet for block in INCLUDED}


# --- every snippet runs ------------------------------------------------------------

def run_snippet(path: Path) -> dict[str, object]:
    for peer in ("heapdict", "pqdict"):
        if f"import {peer}" in path.read_text() or f"from {peer}" in path.read_text():
            pytest.importorskip(peer)
    if 'backend="fiboheap"' in path.read_text():
        nx = pytest.importorskip("networkx")
        if "fiboheap" not in nx.utils.backends.backends:
            pytest.skip("fiboheap is not installed: networkx finds backends by entry point")
    return runpy.run_path(str(path), run_name="__snippet__")


@pytest.mark.parametrize("path", PYTHON_SNIPPETS, ids=lambda p: p.name)
def test_snippet_runs(path):
    run_snippet(path)


@pytest.mark.parametrize(
    "before",
    sorted(BEFORE_SNIPPETS),
    ids=lambda p: p.stem.replace("_before", ""),
)
def test_before_and_after_snippets_agree(before):
    after = before.with_name(before.name.replace("_before", "_after"))
    result_before = run_snippet(before).get("result")
    result_after = run_snippet(after).get("result")
    assert result_before is not None
    assert result_after == result_before


def test_c_snippet_compiles_and_runs(tmp_path):
    compiler = shutil.which("cc") or shutil.which("gcc") or shutil.which("clang")
    if compiler is None:
        pytest.skip("no C compiler")
    program = tmp_path / "c_example"
    subprocess.run(
        [compiler, "-std=c11", "-Wall", "-Wextra", "-Werror", "-pthread",
         "-I", str(ROOT / "csrc"), *map(str, sorted((ROOT / "csrc").glob("*.c"))),
         str(SNIPPETS / "c_example.c"), "-o", str(program)],
        check=True,
    )
    done = subprocess.run([str(program)], capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "the node is not in this heap\n"


# --- api.md covers the public API --------------------------------------------------

API = (DOCS / "api.md").read_text(encoding="utf-8")
API_HEADINGS = "\n".join(line for line in API.splitlines() if line.startswith("#"))


def public_names(cls: type) -> list[str]:
    return sorted(name for name, _ in inspect.getmembers(cls) if not name.startswith("_"))


@pytest.mark.parametrize(
    "name",
    [*public_names(FiboHeap), "_check", "__len__", "__bool__", "__contains__"],
)
def test_api_md_documents_every_fiboheap_method(name):
    spelled = {"__len__": "len(h)", "__bool__": "bool(h)", "__contains__": "node in h"}
    heading = spelled.get(name, name)
    assert f"`{heading}" in API_HEADINGS, f"api.md has no heading for FiboHeap.{name}"


PRIORITY_DICT_SECTION = API[API.index("### PriorityDict"):API.index("## Python: `fiboheap.graph`")]


@pytest.mark.parametrize(
    "name", [n for n in public_names(PriorityDict) if n not in public_names(MutableMapping)]
)
def test_api_md_documents_every_priority_dict_name(name):
    assert re.search(rf"`[^`\n]*\b{name}\b[^`\n]*`", PRIORITY_DICT_SECTION), (
        f"api.md's PriorityDict section does not document PriorityDict.{name}"
    )


@pytest.mark.parametrize("name", public_names(Node))
def test_api_md_documents_every_node_attribute(name):
    assert f"`node.{name}`" in API, f"api.md does not document Node.{name}"


@pytest.mark.parametrize("name", [*fiboheap.__all__])
def test_api_md_names_every_package_export(name):
    assert f"`{name}`" in API


@pytest.mark.parametrize("name", fiboheap.graph.__all__)
def test_api_md_documents_every_graph_name(name):
    assert f"### `{name}`" in API_HEADINGS, f"api.md has no heading for fiboheap.graph.{name}"


HEADER = (ROOT / "csrc" / "fiboheap.h").read_text(encoding="utf-8")


def test_api_md_lists_every_status_with_its_message_and_value():
    from fiboheap._binding import ffi, lib

    for name in re.findall(r"#define (FH_\w+)\s+-?\d", HEADER):
        code = getattr(lib, name)
        message = ffi.string(lib.fh_strerror(code)).decode()
        assert f"| `{name}` | {code} | `{message}` |" in API, name


# --- links between the documents resolve -------------------------------------------

def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = heading.strip().lower().replace("`", "")
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    found: set[str] = set()
    in_code = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if FENCE.match(line):
            in_code = not in_code
        elif not in_code and line.startswith("#"):
            base = slug(line.lstrip("#"))
            name, n = base, 0
            while name in found:
                n += 1
                name = f"{base}-{n}"
            found.add(name)
    return found


def links(page: Path) -> list[str]:
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    return re.findall(r"\]\(([^)\s]+)\)", text)


LINKED_PAGES = [ROOT / "README.md", *PAGES]
README_PYTHON = [b for b in code_blocks(ROOT / "README.md") if b.language == "python"]


@pytest.mark.parametrize("block", README_PYTHON, ids=block_id)
def test_readme_python_examples_run(block):
    exec(compile(block.text, f"README.md:{block.line}", "exec"), {})


@pytest.mark.parametrize(
    "page, target",
    [(page, target) for page in LINKED_PAGES for target in links(page)
     if not re.match(r"[a-z]+:", target)],
    ids=lambda x: x.name if isinstance(x, Path) else x,
)
def test_relative_link_resolves(page, target):
    path, _, anchor = target.partition("#")
    dest = (page.parent / path).resolve() if path else page
    assert dest.exists(), f"{page.name}: link to missing {path}"
    if anchor:
        assert anchor in anchors(dest), f"{page.name}: no heading #{anchor} in {dest.name}"


def test_readme_performance_table_is_written_by_the_benchmarks():
    """The README's figures come from benchmarks/run.py --docs: its table sits
    between the marks, and a run's rows replace it and nothing else."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from fhbench import report
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert readme.count(report.SUMMARY_START) == 1 == readme.count(report.SUMMARY_END)
    run = {"interpreter": {"label": "CPython 9.9"}, "quick": False, "date": "2030-01-01 00:00",
           "machine": {"cpu": "a CPU", "cores": 2},
           "rows": [{"section": "pushpop", "case": "n=1e3", "peer": "heapq", "call": "push",
                     "ratio": {"median": 1.234}}]}
    rewritten = report.replace_summary(readme, [run])
    assert "| push n, pop n (`h.push`) vs `heapq` | n=1e3 | 1.23x |" in rewritten
    block = re.compile(re.escape(report.SUMMARY_START) + ".*?" + re.escape(report.SUMMARY_END),
                       re.S)
    assert block.sub("", rewritten) == block.sub("", readme)
    results = (ROOT / "benchmarks" / "results.md").read_text(encoding="utf-8")
    assert results.startswith(report.RESULTS_HEADER)


def test_readme_links_the_problem_report_section():
    assert "the-problem-report" in anchors(DOCS / "ownership.md")


# --- one version: the installed distribution's, the package's, the changelog's -------

def test_installed_version_package_version_and_changelog_agree():
    """The version is written once, in fiboheap/_version.py (setuptools puts
    it in the wheel's metadata): the installed distribution's version,
    ``fiboheap.__version__`` and CHANGELOG.md's newest release heading,
    ``## [X.Y.Z] - YYYY-MM-DD`` (``## [Unreleased]`` above it is no
    release), are one version."""
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    releases = re.findall(r"^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$", changelog, re.M)
    assert releases, "CHANGELOG.md has no release heading '## [X.Y.Z] - YYYY-MM-DD'"
    versions = {
        "the installed distribution (importlib.metadata)": metadata.version("fiboheap"),
        "fiboheap.__version__": fiboheap.__version__,
        "CHANGELOG.md's newest release": releases[0],
    }
    assert len(set(versions.values())) == 1, f"versions differ: {versions}"


# --- static types ------------------------------------------------------------------

def test_public_api_types_with_mypy_strict(tmp_path, monkeypatch):
    """tests/typecheck_api.py and the fiboheap snippets under mypy --strict
    (the project's [tool.mypy] settings): a type that degrades to Any, or a
    wrong call that mypy stops refusing, fails here."""
    api = pytest.importorskip("mypy.api")
    home = Path(fiboheap.__file__).resolve().parent.parent
    if home.name not in ("site-packages", "dist-packages"):
        # An in-place or editable build ('pip install -e .' imports through a
        # finder that mypy cannot follow): show mypy the tree we import.
        monkeypatch.setenv("MYPYPATH", str(home))
    files = [Path(__file__).with_name("typecheck_api.py"),
             *(p for p in PYTHON_SNIPPETS if p not in BEFORE_SNIPPETS)]
    stdout, stderr, status = api.run(
        ["--config-file", str(ROOT / "pyproject.toml"), "--strict",
         "--cache-dir", str(tmp_path / "mypy-cache"), "--no-error-summary",
         "--python-executable", sys.executable,
         *map(str, files)]
    )
    assert status == 0, stdout + stderr


def sync_pages() -> None:
    """Rewrites every snippet block of docs/*.md from its file."""
    for page in PAGES:
        lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
        for block in reversed(code_blocks(page)):
            if block.snippet:
                start = block.line  # index of the first line inside the fence
                end = start + block.text.count("\n")
                text = (SNIPPETS / block.snippet).read_text(encoding="utf-8")
                lines[start:end] = [text]
        page.write_text("".join(lines), encoding="utf-8")


if __name__ == "__main__":
    sync_pages()
