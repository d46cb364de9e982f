"""engine.render: DOT text, step panels, worked solutions and small formatters.

The CS231n circuit (x + y) · z is the golden example: ∂f/∂x = ∂f/∂y = −4, ∂f/∂z = 3.
"""

from __future__ import annotations

import html
import json
import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from engine import Tensor, gradcheck, render, session, trace_backward
from engine.examples import example
from engine.render import (
    HEATMAP_MAX_ENTRIES,
    MATRIX_MAX_ENTRIES,
    WORKED_MAX_ENTRIES,
    dot_source,
    format_value,
    gradcheck_rows,
    heatmap_figure,
    latex_matrix,
    local_display,
    multi_index_labels,
    step_panel,
    svg,
    variables_table,
    worked_solution,
)

REPO_ROOT = Path(__file__).resolve().parent.parent
HAS_DOT = shutil.which("dot") is not None
needs_dot = pytest.mark.skipif(
    not HAS_DOT and os.environ.get("CI") != "true", reason="Graphviz's dot is not installed"
)

CIRCUIT = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z\n"
FAN_OUT = "x = 1.5\na = x * x\nb = tanh(x)\nf = a + b * x\n"
BROADCAST = (
    "X = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]\nb = [0.1, 0.2, 0.3]\nY = X + b\nL = sum(Y ** 2)\n"
)
SIGMOID = (
    "x = [-1.0, -2.0]\nw = [2.0, -3.0, -3.0]\nf = 1 / (1 + exp(-(w[0]*x[0] + w[1]*x[1] + w[2])))\n"
)


def run(source: str) -> session.RunResult:
    result = session.run(source)
    assert result.ok, result.error
    return result


# -- reading DOT back ------------------------------------------------------------------

_EDGE = re.compile(r"^  v(\d+) -> op(\d+) \[label=<(.*?)>, color", re.M)
_NODE = re.compile(r'^  v(\d+) \[label="(.*?)", shape', re.M)
_OP = re.compile(r'^  op(\d+) \[label="(.*?)", shape', re.M)


def edge_labels(dot: str) -> dict[tuple[int, int], list[str]]:
    """(input id, op id) -> the label's lines (upstream, local, downstream)."""
    labels = {}
    for source, target, markup in _EDGE.findall(dot):
        body = re.sub(r"<TABLE.*?<TD[^>]*>|</TD>.*", "", markup)
        lines = [line.strip() for line in body.split('<BR ALIGN="LEFT"/>') if line.strip()]
        labels[(int(source), int(target))] = lines
    return labels


def node_labels(dot: str) -> dict[int, list[str]]:
    return {
        int(i): [line.strip() for line in label.split("\\l") if line.strip()]
        for i, label in _NODE.findall(dot)
    }


def node_line(dot: str, node_id: int, prefix: str) -> str:
    (line,) = [line for line in node_labels(dot)[node_id] if line.startswith(prefix)]
    return line


def ids(trace, *names: str) -> list[int]:
    return [trace.by_name(name).id for name in names]


# -- the CS231n circuit, golden DOT ------------------------------------------------------


def test_circuit_dot_step_0_knows_only_the_seed():
    trace = run(CIRCUIT).trace
    x, y, z, q, f = ids(trace, "x", "y", "z", "q", "f")
    dot = dot_source(trace, 0)
    edges = edge_labels(dot)

    assert edges[(q, f)] == ["upstream: 1", "local: ?", "downstream: ?"]
    assert edges[(z, f)] == ["upstream: 1", "local: ?", "downstream: ?"]
    assert edges[(x, q)] == ["upstream: ?", "local: ?", "downstream: ?"]
    assert edges[(y, q)] == ["upstream: ?", "local: ?", "downstream: ?"]
    assert node_line(dot, f, "seed") == "seed: 1"
    for node in (x, y, z, q):
        assert node_line(dot, node, "grad") == "grad: ?"
    assert "step 1: pending" in dot and "step 2: pending" in dot


def test_circuit_dot_step_1_runs_the_multiply_gate():
    trace = run(CIRCUIT).trace
    x, y, z, q, f = ids(trace, "x", "y", "z", "q", "f")
    dot = dot_source(trace, 1)
    edges = edge_labels(dot)

    # A multiply gate swaps its inputs: local ∂f/∂q = z = -4, ∂f/∂z = q = 3.
    assert edges[(q, f)] == ["upstream: 1", "local: -4", "downstream: -4"]
    assert edges[(z, f)] == ["upstream: 1", "local: 3", "downstream: 3"]
    # q's gradient is now known, so its edges show their upstream, the rest still "?".
    assert edges[(x, q)] == ["upstream: -4", "local: ?", "downstream: ?"]
    assert node_line(dot, q, "grad") == "grad: -4"
    assert node_line(dot, z, "grad") == "grad: 3"
    assert node_line(dot, x, "grad") == "grad: ?"
    assert f'op{f} [label="*\\nstep 1: current' in dot
    assert f'op{q} [label="+\\nstep 2: pending"' in dot


def test_circuit_dot_finished_pass():
    trace = run(CIRCUIT).trace
    x, y, z, q, f = ids(trace, "x", "y", "z", "q", "f")
    dot = dot_source(trace)
    edges = edge_labels(dot)

    assert dot == dot_source(trace, 2) == dot_source(trace, 99)
    # An add gate routes its upstream unchanged: local 1, downstream -4.
    assert edges[(x, q)] == ["upstream: -4", "local: 1", "downstream: -4"]
    assert edges[(y, q)] == ["upstream: -4", "local: 1", "downstream: -4"]
    assert edges[(z, f)] == ["upstream: 1", "local: 3", "downstream: 3"]
    grads = {name: node_line(dot, i, "grad") for name, i in zip("xyzq", (x, y, z, q), strict=True)}
    assert grads == {"x": "grad: -4", "y": "grad: -4", "z": "grad: 3", "q": "grad: -4"}
    assert "pending" not in dot and "?" not in dot


def test_dot_ids_are_stable_and_the_graph_is_left_to_right():
    trace = run(CIRCUIT).trace
    dot = dot_source(trace, 1)
    assert dot.startswith("digraph backprop {")
    assert "rankdir=LR" in dot
    for info in trace.nodes:
        assert re.search(rf"^  v{info.id} \[", dot, re.M)
        if info.op is not None:
            assert re.search(rf"^  op{info.id} \[", dot, re.M)
            assert re.search(rf"^  op{info.id} -> v{info.id} \[", dot, re.M)
    assert dot_source(run(CIRCUIT).trace, 1) == dot  # a fresh run gives the same text


def test_seed_of_a_non_scalar_output_says_ones():
    trace = run("x = [1.0, 2.0, 3.0]\ny = x * 2\n").trace
    dot = dot_source(trace, 0)
    line = node_line(dot, trace.output, "seed")
    assert line == "seed: ones(3) (as if sum() were applied)"


def test_unknown_gradients_are_question_marks_never_zero():
    # relu'(-1) = 0: the final gradient of x is a true 0, but before it is known it is "?".
    trace = run("x = -1.0\ny = relu(x)\nL = y * 3\n").trace
    (x,) = ids(trace, "x")
    before = [dot_source(trace, k) for k in range(len(trace.steps))]
    for dot in before:
        assert node_line(dot, x, "grad") == "grad: ?"
    assert node_line(dot_source(trace), x, "grad") == "grad: 0"
    assert format_value(None) == "?"


def test_fan_out_node_shows_partial_then_the_sum():
    trace = run(FAN_OUT).trace
    (x,) = ids(trace, "x")
    # x feeds four edges (a = x * x counts twice), arriving at steps 2, 3 and 4.
    assert node_line(dot_source(trace, 1), x, "grad") == "grad: ?"
    assert node_line(dot_source(trace, 2), x, "grad") == "grad: ? (1 of 4 contributions)"
    assert node_line(dot_source(trace, 3), x, "grad") == "grad: ? (2 of 4 contributions)"
    final = node_line(dot_source(trace), x, "grad")
    assert final == "grad: 0.9051 + 0.2711 + 1.5 + 1.5 = 4.176"
    terms = [float(t) for t in final.split(": ")[1].split(" = ")[0].split(" + ")]
    assert sum(terms) == pytest.approx(4.176, abs=1e-3)


def test_broadcast_edge_notes_the_sum():
    trace = run(BROADCAST).trace
    b, y = ids(trace, "b", "Y")
    edges = edge_labels(dot_source(trace))
    assert edges[(b, y)][2] == "downstream: [10.4, 14.8, 19.2] (Σ→ (3,))"
    assert "Σ→" not in " ".join(edges[ids(trace, "X")[0], y])


def test_constants_are_grey_and_get_no_gradient():
    trace = run(BROADCAST).trace
    (constant,) = [info for info in trace.nodes if info.kind == "constant"]
    dot = dot_source(trace)
    assert node_labels(dot)[constant.id] == ["2", "no gradient"]
    assert re.search(rf'^  v{constant.id} \[.*fillcolor="#EEEEEE"', dot, re.M)
    (label,) = [v for (i, _), v in edge_labels(dot).items() if i == constant.id]
    assert label[2] == "downstream: none (constant)"


def test_states_differ_in_colour_line_and_text():
    trace = run(CIRCUIT).trace
    (f,) = ids(trace, "f")  # its op runs at step 1
    lines = {
        k: re.search(rf"^  op{f} \[.*$", dot_source(trace, k), re.M).group(0) for k in (0, 1, 2)
    }
    fills = {k: re.search(r'fillcolor="(#\w+)"', line).group(1) for k, line in lines.items()}
    assert "step 1: pending" in lines[0] and "dashed" in lines[0]
    assert "step 1: current" in lines[1] and "dashed" not in lines[1]
    assert "step 1: done" in lines[2] and "dashed" not in lines[2]
    assert len(set(fills.values())) == 3


def test_current_edges_are_thicker():
    trace = run(CIRCUIT).trace
    x, q = ids(trace, "x", "q")
    widths = {}
    for k in (0, 1, 2):
        line = re.search(rf"^  v{x} -> op{q} .*$", dot_source(trace, k), re.M).group(0)
        widths[k] = float(re.search(r"penwidth=([\d.]+)", line).group(1))
    assert widths[2] > widths[1] and widths[2] > widths[0]


def test_large_font_scales_every_font_up():
    trace = run(CIRCUIT).trace
    normal, large = dot_source(trace, 1), dot_source(trace, 1, large_font=True)

    def sizes(dot):
        return [float(s) for s in re.findall(r"fontsize=([\d.]+)", dot)]

    assert sizes(large) and all(a > b for a, b in zip(sizes(large), sizes(normal), strict=True))


def test_spans_become_tooltips():
    result = run(CIRCUIT)
    dot = dot_source(result.trace, 1, spans=result.spans)
    (q,) = ids(result.trace, "q")
    assert re.search(rf'^  v{q} \[.*tooltip="line 4, col 5"', dot, re.M)


def test_step_arguments_are_checked():
    trace = run(CIRCUIT).trace
    with pytest.raises(ValueError, match="0 or more"):
        dot_source(trace, -1)
    with pytest.raises(TypeError):
        dot_source(trace, 1.5)


def _dot_json(dot: str) -> dict:
    done = subprocess.run(["dot", "-Tjson"], input=dot, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _geometry(dot: str) -> dict:
    laid_out = _dot_json(dot)
    nodes = {o["name"]: (o["pos"], o["width"], o["height"]) for o in laid_out["objects"]}
    edges = [(e["tail"], e["head"], e.get("lp"), e["pos"]) for e in laid_out["edges"]]
    return {"bb": laid_out["bb"], "nodes": nodes, "edges": edges}


@needs_dot
def test_layout_is_identical_at_every_step():
    result = run(SIGMOID)
    trace = result.trace
    assert len(trace.nodes) >= 15
    last = len(trace.steps)
    layouts = {k: _geometry(dot_source(trace, k, spans=result.spans)) for k in (0, last // 2, last)}
    assert layouts[0]["nodes"] == layouts[last // 2]["nodes"] == layouts[last]["nodes"]
    assert layouts[0] == layouts[last // 2] == layouts[last]
    assert len(layouts[0]["nodes"]) == len(trace.nodes) + len(trace.steps)


@needs_dot
def test_layout_is_identical_with_a_fan_in_and_large_values():
    trace = run(BROADCAST + "M = randn(8, 8, seed=0)\nR = sum(tanh(M) * L)\n").trace
    layouts = [_geometry(dot_source(trace, k)) for k in range(len(trace.steps) + 1)]
    assert all(layout == layouts[0] for layout in layouts)


def _chain_program(layers: int) -> str:
    lines = ["x = [0.5, -1.0, 2.0]", "h0 = x"]
    for i in range(1, layers + 1):
        lines.append(f"h{i} = tanh(h{i - 1} * 1.01 + 0.1)")
    lines.append(f"L = sum(h{layers} ** 2)")
    return "\n".join(lines) + "\n"


def test_a_step_click_reuses_the_texts_of_its_trace():
    # Speed is measured in bench/ (W6 DOT); here only that a step reuses the work.
    trace = run(_chain_program(66)).trace
    assert len(trace.nodes) >= 200
    first = render._facts(trace)
    dot_source(trace, 3)
    assert render._facts(trace) is first


@needs_dot
def test_svg_is_drawn_by_dot():
    drawing = svg(dot_source(run(CIRCUIT).trace, 1))
    assert drawing is not None and "<svg" in drawing
    assert "upstream: -4" in html.unescape(drawing)  # the label text reaches the picture


def test_svg_is_none_without_graphviz(monkeypatch):
    monkeypatch.setenv("PATH", str(REPO_ROOT / "no-such-directory"))
    assert svg("digraph { a -> b }") is None


@needs_dot
def test_svg_gives_up_after_its_timeout():
    dot = dot_source(run(_chain_program(30)).trace)
    assert svg(dot, timeout=1e-4) is None


def test_render_imports_only_numpy_from_outside():
    code = (
        "import sys, engine.render\n"
        "print([m for m in ('plotly', 'graphviz', 'streamlit') if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


# -- format_value, latex_matrix, multi-index labels ---------------------------------------


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (-4.0, "-4"),
        (3, "3"),
        (0.7310585786300049, "0.7311"),
        (-0.0, "0"),
        (1e-5, "1e-05"),
        (123456789.0, "123456789"),
        (12345.6, "12346"),
        (1.5e7 + 0.5, "1.5e+07"),
        (0.30000000000000004, "0.3"),
        (float("nan"), "nan ⚠"),
        (float("inf"), "inf ⚠"),
        (float("-inf"), "-inf ⚠"),
        (np.float64(2.5), "2.5"),
        ([1.0, -2.5, 3.0], "[1, -2.5, 3]"),
        ([[1.0, 2.0], [3.0, 4.0]], "[[1, 2], [3, 4]]"),
        ([0.0, float("-inf")], "[0, -inf] ⚠"),
        (np.zeros((0, 3)), "(0, 3) empty"),
        (None, "?"),
    ],
)
def test_format_value(value, text):
    assert format_value(value) == text


def test_format_value_summarises_large_arrays():
    a = np.linspace(-1.3, 2.1, 640).reshape(64, 10)
    assert format_value(a) == f"(64, 10) mean {float(a.mean()):.3g} range [-1.3, 2.1]"
    b = a.copy()
    b[0, 0], b[1, 1], b[2, 2] = np.nan, np.inf, np.nan
    text = format_value(b)
    assert text.startswith("(64, 10) mean ") and text.endswith("⚠ 2 nan, 1 inf")
    assert format_value(np.arange(7.0), max_entries=7) == "[0, 1, 2, 3, 4, 5, 6]"
    assert format_value([1 / 3], precision=2) == "[0.33]"


def test_latex_matrix():
    assert latex_matrix([[1.0, 0.0], [0.0, -0.5]]) == (
        r"\begin{bmatrix} 1 & 0 \\ 0 & -0.5 \end{bmatrix}"
    )
    assert latex_matrix([1.0, 2.0]) == r"\begin{bmatrix} 1 & 2 \end{bmatrix}"
    assert latex_matrix(2.0) == "2"
    assert latex_matrix([np.nan, -np.inf, 1e-7]) == (
        r"\begin{bmatrix} \mathrm{nan} & -\infty & 1 \times 10^{-7} \end{bmatrix}"
    )
    with pytest.raises(ValueError):
        latex_matrix(np.zeros((2, 2, 2)))


def test_multi_index_labels():
    assert multi_index_labels((2, 3))[:4] == ["(0, 0)", "(0, 1)", "(0, 2)", "(1, 0)"]
    assert len(multi_index_labels((2, 3, 4))) == 24
    assert multi_index_labels((3,)) == ["(0,)", "(1,)", "(2,)"]
    assert multi_index_labels(()) == ["()"]
    assert multi_index_labels((0, 2)) == []


# -- step panels ----------------------------------------------------------------------------


def test_step_panel_of_the_circuit():
    result = run(CIRCUIT)
    trace = result.trace
    assert step_panel(trace, 0) is None
    first = step_panel(trace, 1, spans=result.spans)
    assert (first.number, first.total, first.name, first.op_name, first.symbol) == (
        1,
        2,
        "f",
        "mul",
        "*",
    )
    assert first.expression == "q * z"
    assert first.span_text == "line 5, col 5"
    assert first.is_seed and first.seed_text == "1" and first.upstream_text == "1"
    assert [e.input_name for e in first.edges] == ["q", "z"]
    assert [float(e.downstream) for e in first.edges] == [-4.0, 3.0]
    assert [e.display for e in first.edges] == ["matrix", "matrix"]
    assert [float(e.local) for e in first.edges] == [-4.0, 3.0]
    second = step_panel(trace, 2)
    assert not second.is_seed and second.seed_text is None
    assert [(c.consumer, c.text, c.step) for c in second.contributions] == [("f", "-4", 1)]
    assert step_panel(trace, 99).number == 2  # past the end: the last step


def test_step_panel_shape_equation_of_a_reduction():
    result = run("X = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]\ny = sum(X, axis=1)\nL = sum(y * y)\n")
    trace = result.trace
    (y,) = ids(trace, "y")
    (k,) = [s.number for s in trace.steps if s.node == y]
    panel = step_panel(trace, k)
    (edge,) = panel.edges
    assert edge.shape_equation == "(2,) · (2, 2, 3) → (2, 3)"
    assert edge.local_shape == (2, 2, 3) and edge.matrix_shape == (2, 6)
    assert edge.structure_kind == "reduction"
    assert edge.broadcast_text is None
    assert edge.display == "matrix" and edge.matrix.shape == (2, 6)
    np.testing.assert_array_equal(edge.matrix, [[1, 1, 1, 0, 0, 0], [0, 0, 0, 1, 1, 1]])
    assert edge.row_labels == ("(0,)", "(1,)")
    assert edge.col_labels[:2] == ("(0, 0)", "(0, 1)")
    # upstream · local = downstream: 2y summed along each row.
    np.testing.assert_allclose(edge.downstream, [[12, 12, 12], [30, 30, 30]])


def test_step_panel_broadcast_text():
    trace = run(BROADCAST).trace
    panel = step_panel(trace, len(trace.steps))  # Y = X + b is the last step
    x_edge, b_edge = panel.edges
    assert x_edge.broadcast_text is None
    assert b_edge.broadcast and b_edge.shape_equation == "(2, 3) · (2, 3, 3) → (3,)"
    assert b_edge.broadcast_text == "summed over broadcast axes: (2, 3) → (3,)"
    assert b_edge.downstream_text == "[10.4, 14.8, 19.2]"


def test_step_panel_fan_in_contributions():
    trace = run(FAN_OUT).trace
    (b,) = ids(trace, "b")
    (k,) = [s.number for s in trace.steps if s.node == b]
    panel = step_panel(trace, k)
    assert [(c.consumer, c.text) for c in panel.contributions] == [("mul#1", "1.5")]


@pytest.mark.parametrize(
    ("n", "display"),
    [(6, "matrix"), (7, "heatmap"), (200, "heatmap"), (201, "description")],
)
def test_local_display_thresholds(n, display):
    # tanh of n entries has an n × n local Jacobian.
    trace = run(f"x = linspace(-1, 1, {n})\ny = tanh(x)\nL = sum(y)\n").trace
    panel = step_panel(trace, 2)
    (edge,) = panel.edges
    assert edge.local_size == n * n and edge.display == display
    if display == "description":
        assert edge.local is None and edge.matrix is None and edge.row_labels == ()
    else:
        assert edge.matrix.shape == (n, n)
        np.testing.assert_allclose(np.diag(edge.matrix), 1 - np.tanh(np.linspace(-1, 1, n)) ** 2)
        assert len(edge.row_labels) == len(edge.col_labels) == n
    assert edge.structure_text == f"diag(1 − y²), {n}×{n}"


def test_local_display_boundaries():
    assert [local_display(n) for n in (1, MATRIX_MAX_ENTRIES, MATRIX_MAX_ENTRIES + 1)] == [
        "matrix",
        "matrix",
        "heatmap",
    ]
    assert local_display(HEATMAP_MAX_ENTRIES) == "heatmap"
    assert local_display(HEATMAP_MAX_ENTRIES + 1) == "description"


def test_heatmap_figure_is_plain_json_centred_on_zero():
    matrix = np.array([[1.0, -3.0], [np.nan, 0.5]])
    figure = heatmap_figure(matrix, ["(0,)", "(1,)"], ["(0,)", "(1,)"], "∂y/∂x")
    spec = json.loads(figure.to_json())
    (trace,) = spec["data"]
    assert trace["type"] == "heatmap"
    assert trace["z"] == [[1.0, -3.0], [None, 0.5]]
    assert trace["zmin"] == -3.0 and trace["zmax"] == 3.0 and trace["zmid"] == 0.0
    assert trace["x"] == ["(0,)", "(1,)"]
    assert "bdata" not in figure.to_json()
    assert spec["layout"]["font"]["size"] >= 12
    assert spec["layout"]["yaxis"]["autorange"] == "reversed"


# -- tables -----------------------------------------------------------------------------


def test_variables_table_follows_the_steps():
    result = run(CIRCUIT)
    rows = variables_table(result.trace, result.program.variables)
    assert [r["name"] for r in rows] == ["x", "y", "z", "q", "f"]
    assert rows[0] == {
        "name": "x",
        "kind": "leaf",
        "shape": "scalar",
        "value": "-2",
        "gradient": "-4",
    }
    assert rows[3]["kind"] == "operation" and rows[4]["gradient"] == "1"
    at_start = variables_table(result.trace, ["x", "q"], step=0)
    assert [r["gradient"] for r in at_start] == ["?", "?"]
    fan = run(FAN_OUT)
    assert variables_table(fan.trace, ["x"], step=2)[0]["gradient"] == ("? (1 of 4 contributions)")


def test_variables_table_unused_variable():
    result = run("u = [1.0, 2.0]\nx = 3\nL = x * x\n")
    (row,) = [
        r for r in variables_table(result.trace, result.program.variables) if r["name"] == "u"
    ]
    assert row["kind"] == "unused" and row["shape"] == "(2,)" and row["value"] == "[1, 2]"
    assert row["gradient"].startswith("0")


def test_variables_table_calls_labels_constant_not_unused():
    # The labels of cross_entropy are used, and constant by the language's rules.
    source = (
        "Z = [[2.0, 1.0, 0.5], [0.0, 1.0, 3.0]]\ny = [0, 2]\ny2 = y\nL = cross_entropy(Z, y2)\n"
    )
    result = run(source)
    labels = result.program.labels
    rows = {
        r["name"]: r for r in variables_table(result.trace, result.program.variables, labels=labels)
    }
    for name in ("y", "y2"):
        assert rows[name] == {
            "name": name,
            "kind": "labels: constant",
            "shape": "(2,)",
            "value": "[0, 2]",
            "gradient": "none (labels get no gradient)",
        }
    assert rows["Z"]["kind"] == "leaf" and rows["L"]["gradient"] == "1"
    zh = variables_table(result.trace, result.program.variables, labels=labels, lang="zh")
    assert (zh[1]["kind"], zh[1]["gradient"]) == ("标签：常量", "无（标签没有梯度）")
    # and a label also used elsewhere (a constant there too) is still called labels
    both = run("Z = [[2.0, 1.0]]\ny = [1]\nL = cross_entropy(Z, y) + sum(Z * y)\n")
    rows = variables_table(both.trace, both.program.variables, labels=both.program.labels)
    assert rows[1]["kind"] == "labels: constant"


def test_variables_table_reads_an_alias_as_the_node_it_names():
    result = run("x = [1.0, 2.0]\ny = x\nL = sum(y * 2)\n")
    rows = variables_table(result.trace, result.program.variables)
    assert [(r["name"], r["kind"], r["gradient"]) for r in rows] == [
        ("x", "leaf", "[2, 2]"),
        ("y", "leaf", "[2, 2]"),
        ("L", "operation", "1"),
    ]


def test_gradcheck_rows():
    x = Tensor([0.5, -1.0], name="x")
    rows = gradcheck_rows(gradcheck((x.tanh() * x).sum()))
    (row,) = rows
    assert row["name"] == "x" and row["shape"] == "(2,)" and row["ok"] is True
    assert row["verdict"] == "ok"
    assert float(row["max_rel_error"]) < 1e-6


# -- worked solutions ---------------------------------------------------------------------


def _every_number_of_the_pass(trace) -> list[str]:
    numbers = []
    for step in trace.steps:
        numbers.append(format_value(step.upstream, max_entries=WORKED_MAX_ENTRIES))
        for edge in step.edges:
            if edge.downstream is not None:
                numbers.append(format_value(edge.downstream, max_entries=WORKED_MAX_ENTRIES))
    return numbers


@pytest.mark.parametrize("source", [CIRCUIT, FAN_OUT, BROADCAST, SIGMOID])
def test_worked_solution_text_has_every_step_and_number(source):
    result = run(source)
    trace = result.trace
    text = worked_solution(trace, spans=result.spans, source=source)
    n = len(trace.steps)
    for k in range(1, n + 1):
        assert f"Step {k} of {n}: " in text
    positions = [text.index(f"Step {k} of {n}: ") for k in range(1, n + 1)]
    assert positions == sorted(positions)
    for number in _every_number_of_the_pass(trace):
        assert number in text, number
    gradients = text.split("\nGradients\n")[1]
    for info in trace.nodes:
        if info.requires_grad:
            assert format_value(trace.grads[info.id], max_entries=WORKED_MAX_ENTRIES) in gradients


def test_worked_solution_of_the_circuit():
    result = run(CIRCUIT)
    text = worked_solution(result.trace, spans=result.spans, source=CIRCUIT)
    assert "Seed: the upstream of f is 1" in text
    assert "Step 1 of 2: f = q * z   [mul, line 5, col 5]" in text
    assert "downstream = upstream · local = 1 · -4 = -4   [() · () → ()]" in text
    assert "downstream = upstream · local = 1 · 3 = 3" in text
    assert "downstream = upstream · local = -4 · 1 = -4" in text
    assert "  written as: q * z" in text
    assert re.search(r"^  x +leaf +scalar +-4$", text, re.M)
    assert re.search(r"^  z +leaf +scalar +3$", text, re.M)


def test_worked_solution_shows_fan_in_and_broadcast():
    fan = run(FAN_OUT)
    text = worked_solution(fan.trace)
    assert "0.9051 + 0.2711 + 1.5 + 1.5 = 4.176" in text
    broadcast = worked_solution(run(BROADCAST).trace)
    assert "(summed over broadcast axes: (2, 3) → (3,))" in broadcast
    assert "(2, 3) · (2, 3, 3) → (3,): [10.4, 14.8, 19.2]" in broadcast
    assert "Seed: the upstream of L is 1" in broadcast


def test_worked_solution_large_local_is_described():
    trace = run("x = linspace(-1, 1, 7)\ny = tanh(x)\nL = sum(y)\n").trace
    text = worked_solution(trace)
    assert "not written out (49 entries): diag(1 − y²), 7×7" in text


def test_worked_solution_markdown():
    result = run(BROADCAST)
    markdown = worked_solution(result.trace, fmt="markdown", spans=result.spans, source=BROADCAST)
    assert markdown.startswith("## Backward pass of `L`")
    assert "```python\nX = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]" in markdown
    assert "### Step 3 of 3: `Y = X + b` (add, line 3, col 5)" in markdown
    assert "| `b` | leaf | (3,) | `[10.4, 14.8, 19.2]` |" in markdown
    assert r"\begin{bmatrix}" in markdown  # small locals as matrices
    with pytest.raises(ValueError):
        worked_solution(result.trace, fmt="html")


def test_worked_solution_of_a_non_scalar_output():
    text = worked_solution(run("x = [1.0, 2.0]\ny = x * 3\n").trace)
    assert "Seed: the upstream of y is ones(2) (as if sum() were applied)" in text


def test_render_math_is_consistent_with_the_pass():
    # downstream = upstream · local, contracted over the output's indices.
    trace = run(SIGMOID).trace
    for step in trace.steps:
        for edge in step.edges:
            if edge.downstream is None:
                continue
            local = edge.local.materialize()
            out_axes = len(edge.local.out_shape)
            contracted = np.tensordot(step.upstream, local, axes=out_axes)
            np.testing.assert_allclose(contracted, edge.downstream, rtol=1e-12, atol=1e-12)
    assert math.isclose(float(trace.nodes[trace.output].value), 0.7310585786300049)


def test_render_is_importable_from_engine():
    assert render.dot_source is dot_source


def test_cached_texts_do_not_keep_a_trace_alive():
    import gc
    import weakref

    trace = run(CIRCUIT).trace
    dot_source(trace, 1)
    ref = weakref.ref(trace)
    del trace
    gc.collect()
    assert ref() is None


@needs_dot
def test_odd_names_from_the_python_api_stay_valid_dot():
    x = Tensor([1.0, 2.0], name='x "quoted" \\ <b>')
    y = (x * x).sum()
    dot = dot_source(trace_backward(y), 1)
    laid_out = _dot_json(dot)
    assert len(laid_out["objects"]) == 5  # x, x * x, its sum, and two op nodes
    assert 'x \\"quoted\\" \\\\ <b>\\l' in dot


def test_far_uses_of_one_value_are_drawn_from_copies():
    # x feeds 40 multiplications spread along a chain: drawn directly, each long
    # edge would become a chain of virtual nodes and dot would take minutes.
    lines = ["x = 0.5", "a0 = x * 2"] + [f"a{i} = tanh(a{i - 1} * x)" for i in range(1, 40)]
    result = session.run("\n".join(lines))
    dot = render.dot_source(result.trace)
    copies = dot.count("(same as above)")
    assert copies >= 30
    x_id = result.trace.by_name("x").id
    direct = [line for line in dot.splitlines() if line.strip().startswith(f"v{x_id} -> ")]
    assert 1 <= len(direct) <= 3
    if shutil.which("dot"):
        assert render.svg(dot) is not None


def test_nearby_fan_out_is_drawn_directly():
    result = session.run(example("fan-out").program)
    dot = render.dot_source(result.trace)
    assert "(same as above)" not in dot
    x_id = result.trace.by_name("x").id
    assert (
        sum(line.strip().startswith(f"v{x_id} -> ") for line in dot.splitlines()) == 4
    )  # x * x, tanh(x), b * x


# -- in Chinese ----------------------------------------------------------------------------

_ENGLISH_WORD = re.compile(
    r"\b(?:upstream|local|downstream|grad|seed|value|step|pending|current"
    r"|done|scalar|constant|contributions|mean|range|shape|input|from"
    r"|written|why|Gradients|Output|Seed|Backward)\b"
)


def test_circuit_dot_in_chinese_has_the_fixed_terms_on_every_edge():
    trace = run(CIRCUIT).trace
    x, y, z, q, f = ids(trace, "x", "y", "z", "q", "f")
    dot = dot_source(trace, 1, lang="zh")
    edges = edge_labels(dot)

    assert edges[(q, f)] == ["上游梯度：1", "局部梯度：-4", "下游梯度：-4"]
    assert edges[(x, q)] == ["上游梯度：-4", "局部梯度：?", "下游梯度：?"]
    assert node_line(dot, f, "种子") == "种子：1"
    assert node_line(dot, q, "梯度") == "梯度：-4"
    assert node_line(dot, x, "值") == "值：-2"
    assert f'op{f} [label="*\\n第 1 步：当前' in dot and f'op{q} [label="+\\n第 2 步：待执行' in dot
    words = [*sum(edges.values(), []), *sum(node_labels(dot).values(), []), *_OP.findall(dot)]
    assert not [line for line in map(str, words) if _ENGLISH_WORD.search(line)]
    assert dot_source(trace, 1) == dot_source(trace, 1, lang="en")  # English unchanged


@needs_dot
@pytest.mark.parametrize(
    "source", [SIGMOID, BROADCAST + "M = randn(8, 8, seed=0)\nR = sum(tanh(M) * L)\n"]
)
def test_layout_is_identical_at_every_step_in_chinese(source):
    trace = run(source).trace
    last = len(trace.steps)
    layouts = [_geometry(dot_source(trace, k, lang="zh")) for k in range(last + 1)]
    assert all(layout == layouts[0] for layout in layouts)
    # Chinese words are wider: the boxes are measured on them, not on the English.
    english = _geometry(dot_source(trace, 0))
    assert layouts[0]["nodes"].keys() == english["nodes"].keys()
    assert layouts[0]["nodes"] != english["nodes"]


def test_step_panel_in_chinese():
    trace = run(BROADCAST).trace
    panel = step_panel(trace, len(trace.steps), lang="zh")
    _, b_edge = panel.edges
    assert panel.note == "加法把上游梯度原样传给两个输入。"
    assert b_edge.broadcast_text == "对广播轴求和：(2, 3) → (3,)"
    assert b_edge.structure_text == "单位矩阵，再沿广播轴 0 求和，6×3"
    assert step_panel(trace, 1, lang="zh").note != step_panel(trace, 1).note


def test_tables_in_chinese():
    result = run("u = [1.0, 2.0]\n" + FAN_OUT)
    trace = result.trace
    rows = variables_table(trace, result.program.variables, step=0, lang="zh")
    kinds = {row["name"]: row["kind"] for row in rows}
    assert kinds["x"] == "叶子节点" and kinds["a"] == "运算" and kinds["u"] == "未使用"
    assert {row["name"]: row["gradient"] for row in rows}["u"] == "0（不影响输出）"
    assert render.column_names(rows, "zh") == {
        "name": "名称",
        "kind": "类型",
        "shape": "形状",
        "value": "值",
        "gradient": "梯度",
    }
    assert format_value(np.full((64, 10), 0.5), lang="zh") == "(64, 10) 均值 0.5 范围 [0.5, 0.5]"


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_worked_solution_in_chinese_has_the_same_numbers_and_no_english_words(fmt):
    result = run(BROADCAST)
    english = worked_solution(result.trace, fmt, result.spans, BROADCAST)
    chinese = worked_solution(result.trace, fmt, result.spans, BROADCAST, lang="zh")
    for term in ("上游梯度", "局部梯度", "下游梯度", "种子"):
        assert term in chinese
    program_free = chinese.replace(BROADCAST.rstrip("\n"), "")
    assert not _ENGLISH_WORD.search(program_free), _ENGLISH_WORD.search(program_free)
    number = re.compile(r"-?\d+(?:\.\d+)?")
    # the same numbers, but for the 1 of "全 1" (ones: sums …) in a structure
    assert sorted(number.findall(chinese.replace("全 1", ""))) == sorted(number.findall(english))
