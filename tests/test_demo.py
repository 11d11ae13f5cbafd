"""``python -m fiboheap``: the demo's output, and one line with exit status 2
for every bad input."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import fiboheap
from fiboheap.__main__ import grid_roads, main
from fiboheap.graph import prim, shortest_path

try:
    import networkx
except ImportError:
    networkx = None

# The subprocess imports the fiboheap this process imported, never a stray
# one from its working directory.
PACKAGE_HOME = Path(fiboheap.__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_python_m_fiboheap_runs_and_names_its_options() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "fiboheap", "--size", "5", "--no-networkx"],
        capture_output=True, text=True, cwd=PACKAGE_HOME,
    )
    assert done.returncode == 0, done.stderr
    assert "grid road network 5 x 5" in done.stdout
    assert "usage:" in subprocess.run(
        [sys.executable, "-m", "fiboheap", "--help"], capture_output=True, text=True,
        cwd=PACKAGE_HOME,
    ).stdout


def test_grid_run(capsys):
    status, out, err = run(capsys, "--size", "30")
    assert (status, err) == (0, "")
    assert "grid road network 30 x 30" in out
    assert "dijkstra from (0, 0): reached 900 of 900 nodes" in out
    assert "shortest path to (29, 29): length" in out
    assert "prim: minimum spanning forest of 899 edges, 1 component," in out
    assert ("networkx is not installed" if networkx is None else "agrees: yes") in out


def test_grid_results_are_the_librarys(capsys):
    adj, roads = grid_roads(12, seed=4)
    assert sum(map(len, adj.values())) == 2 * roads
    status, out, _ = run(capsys, "--size", "12", "--seed", "4", "--no-networkx")
    assert status == 0
    length, path = shortest_path(adj, (0, 0), (11, 11))
    total, _ = prim(adj, (0, 0))
    assert f"length {length:.2f}, {len(path) - 1} edges" in out
    assert f"total weight {total:.2f}" in out
    assert "networkx" not in out


def test_grid_nodes_are_named_as_the_output_shows_them(capsys):
    for name in ("(3, 4)", "3,4"):
        status, out, _ = run(capsys, "--size", "6", "--source", name, "--no-networkx")
        assert status == 0 and "dijkstra from (3, 4):" in out


def test_edge_file(capsys, tmp_path):
    edges = tmp_path / "edges.txt"
    edges.write_text("# u v w\nA B 1.5\nB C 2\n\nA C 4  # a comment\nD E 1\n")
    status, out, _ = run(capsys, str(edges))
    assert status == 0
    assert "5 nodes, 4 two-way edges" in out
    assert "reached 3 of 5 nodes" in out
    assert "shortest path to 'C': length 3.50, 2 edges" in out
    assert "prim: minimum spanning forest of 3 edges, 2 components, total weight 4.50" in out
    status, out, _ = run(capsys, str(edges), "--directed", "--source", "C")
    assert status == 0 and "reached 1 of 5 nodes" in out


def test_infinite_weights_agree_with_networkx(capsys, tmp_path):
    """Distances of inf on both sides are the same result."""
    pytest.importorskip("networkx")
    edges = tmp_path / "edges.txt"
    edges.write_text("A B 1\nB C inf\nC D 2\n")
    for extra in ((), ("--directed",)):
        status, out, _ = run(capsys, str(edges), *extra)
        assert status == 0
        assert "max inf" in out and "agrees: yes" in out, out
        # the edge weighing inf joins the forest's one tree, one-way or not
        assert "forest of 3 edges, 1 component, total weight inf" in out, out


@pytest.mark.parametrize(
    "lines, message",
    [
        ("A B\n", ":1: expected 'u v w', got 'A B'"),
        ("A B 1\nB C -1\n", ":2: weight '-1' is not a number >= 0"),
        ("A B nan\n", ":1: weight 'nan' is not a number >= 0"),
        ("A B -inf\n", ":1: weight '-inf' is not a number >= 0"),
        ("A B one\n", ":1: weight 'one' is not a number >= 0"),
        ("# nothing\n", ": no edges"),
    ],
)
def test_bad_edge_file_is_one_line_and_exit_2(capsys, tmp_path, lines, message):
    edges = tmp_path / "edges.txt"
    edges.write_text(lines)
    status, _, err = run(capsys, str(edges))
    assert status == 2
    assert err == f"python -m fiboheap: {edges}{message}\n"


def test_endless_line_is_one_line_and_exit_2(capsys):
    """/dev/zero is one line without end: read in bounded pieces, refused at
    the first piece over the bound instead of filling memory."""
    status, _, err = run(capsys, "/dev/zero")
    assert status == 2
    assert err == "python -m fiboheap: /dev/zero:1: line longer than 4096 characters; " \
        "expected 'u v w'\n"


def test_long_line_at_the_bound_is_read(capsys, tmp_path):
    edges = tmp_path / "edges.txt"
    line = "A B 1"
    edges.write_text("A C 2\n" + line + " " * (4095 - len(line)) + "\n")
    status, out, _ = run(capsys, str(edges), "--no-networkx")
    assert status == 0 and "3 nodes, 2 two-way edges" in out


def test_missing_edge_file_is_one_line_and_exit_2(capsys, tmp_path):
    status, _, err = run(capsys, str(tmp_path / "absent.txt"))
    assert status == 2 and err.count("\n") == 1 and "No such file" in err


@pytest.mark.parametrize(
    "argv, message",
    [
        (["--size", "8", "--source", "5"],
         "--source '5' is not in the graph: a grid node is '(row, col)', each from 0 to 7, "
         "e.g. '(0, 0)'"),
        (["--size", "8", "--target", "(8, 0)"],
         "--target '(8, 0)' is not in the graph: a grid node is '(row, col)', each from 0 "
         "to 7, e.g. '(0, 0)'"),
        (["--size", "0"], "--size must be from 1 to 500, got 0 "
         "(for a larger graph, give a file of edges)"),
        (["--size", "100000000"], "--size must be from 1 to 500, got 100000000 "
         "(for a larger graph, give a file of edges)"),
    ],
)
def test_bad_grid_argument_is_one_line_and_exit_2(capsys, argv, message):
    status, _, err = run(capsys, *argv, "--no-networkx")
    assert (status, err) == (2, f"python -m fiboheap: {message}\n")


def test_unknown_node_of_an_edge_file_names_one(capsys, tmp_path):
    edges = tmp_path / "edges.txt"
    edges.write_text("A B 1\n")
    status, _, err = run(capsys, str(edges), "--source", "Z")
    assert status == 2
    assert err == "python -m fiboheap: --source 'Z' is not in the graph: a node is a name " \
        f"from {edges}, e.g. 'A'\n"
