"""engine.views.render and the graph view's model: what the graph shows at each step (labels,
states, one layout), step panels, worked solutions, the chain-rule equation, formatters.

The CS231n circuit (x + y) · z is the golden example: ∂f/∂x = ∂f/∂y = −4, ∂f/∂z = 3.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from app_support import dot_statements, static_labels

from engine import Tensor, gradcheck, trace_backward
from engine.views import graphsvg, graphview, render, session
from engine.views.examples import example
from engine.views.graph import RunGraph
from engine.views.labels import block_size, block_text
from engine.views.numbers import format_value, latex_matrix, multi_index_labels
from engine.views.palette import PALETTE
from engine.views.render import gradcheck_rows, heatmap_figure, variables_table
from engine.views.steps import HEATMAP_MAX_ENTRIES, MATRIX_MAX_ENTRIES, local_display, step_panel
from engine.views.worked import WORKED_MAX_ENTRIES, worked_solution

REPO_ROOT = Path(__file__).resolve().parent.parent
HAS_DOT = shutil.which("dot") is not None
IN_CI = os.environ.get("CI") == "true"  # CI installs Graphviz: there a missing dot fails
needs_dot = pytest.mark.skipif(not HAS_DOT and not IN_CI, reason="Graphviz's dot is not installed")

CIRCUIT = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z\n"
FAN_OUT = "x = 1.5\na = x * x\nb = tanh(x)\nf = a + b * x\n"
BROADCAST = (
    "X = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]\nb = [0.1, 0.2, 0.3]\nY = X + b\nL = sum(Y ** 2)\n"
)
SIGMOID = (
    "x = [-1.0, -2.0]\nw = [2.0, -3.0, -3.0]\nf = 1 / (1 + exp(-(w[0]*x[0] + w[1]*x[1] + w[2])))\n"
)


def run(source: str) -> session.RunOk:
    result = session.run(source)
    assert isinstance(result, session.RunOk), result
    return result


# -- reading the graph view's model -------------------------------------------------------------


def labels_at(scene: graphview.Scene, step: int) -> dict[str, tuple[str, ...]]:
    """Every element's label at ``step`` (each part's version due then, as plain text)."""
    return {
        name: tuple(block_text(parts[graphsvg.active(parts, step)][1]) for parts in element.parts)
        for name, element in scene.elements.items()
    }


def ids(trace, *names: str) -> list[int]:
    return [trace.by_name(name).id for name in names]


def card(trace, consumer: str, index: int) -> str:
    """The card of ``consumer``'s ``index``-th input edge."""
    return f"card{trace.by_name(consumer).id}_{index}"


def scene_of(source: str, lang: str = "en") -> tuple:
    trace = run(source).trace
    return trace, graphview.build_scene(RunGraph(trace), lang)


def _geometry(svg: str) -> list[tuple]:
    """Every shape of a one-step SVG but the labels' (boxes, cards, wires, arrows), in order."""
    shapes = []

    def walk(node: ET.Element) -> None:
        if "part" in node.get("class", "").split():
            return  # a label: its texts and glyphs are what a step changes
        tag = node.tag.rsplit("}", 1)[-1]
        if tag in ("rect", "ellipse", "path", "polygon", "text"):
            shapes.append((tag, sorted(node.attrib.items())))
        for child in node:
            walk(child)

    walk(ET.fromstring(svg))
    return shapes


# -- the CS231n circuit, golden labels -------------------------------------------------------


def test_circuit_step_0_knows_only_the_seed():
    trace, scene = scene_of(CIRCUIT)
    x, y, z, q, f = ids(trace, "x", "y", "z", "q", "f")
    shown = labels_at(scene, 0)

    assert shown[card(trace, "f", 0)] == ("1", "· ?", "= ?")  # q -> f
    assert shown[card(trace, "f", 1)] == ("1", "· ?", "= ?")  # z -> f
    assert shown[card(trace, "q", 0)] == ("?", "· ?", "= ?")  # x -> q
    assert shown[card(trace, "q", 1)] == ("?", "· ?", "= ?")  # y -> q
    assert shown[f"v{f}"] == ("f", "-12", "∇ 1")  # the seed
    for node, name, value in ((x, "x", "-2"), (y, "y", "5"), (z, "z", "-4"), (q, "q", "3")):
        assert shown[f"v{node}"] == (name, value, "∇ ?")
    assert shown[f"op{f}"] == ("*", "step 1") and shown[f"op{q}"] == ("+", "step 2")
    states = {name: graphsvg.element_state(e, 0) for name, e in scene.elements.items()}
    assert states[f"op{f}"] == states[f"op{q}"] == "pending"


def test_circuit_step_1_runs_the_multiply_gate():
    trace, scene = scene_of(CIRCUIT)
    x, y, z, q, f = ids(trace, "x", "y", "z", "q", "f")
    shown = labels_at(scene, 1)

    # A multiply gate swaps its inputs: local ∂f/∂q = z = -4, ∂f/∂z = q = 3.
    assert shown[card(trace, "f", 0)] == ("1", "· -4", "= -4")
    assert shown[card(trace, "f", 1)] == ("1", "· 3", "= 3")
    # q's gradient is now known, so its edges show their upstream, the rest still "?".
    assert shown[card(trace, "q", 0)] == ("-4", "· ?", "= ?")
    assert shown[f"v{q}"][2] == "∇ -4" and shown[f"v{z}"][2] == "∇ 3"
    assert shown[f"v{x}"][2] == "∇ ?"
    assert graphsvg.element_state(scene.elements[f"op{f}"], 1) == "current"
    assert graphsvg.element_state(scene.elements[f"op{q}"], 1) == "pending"
    assert graphsvg.element_state(scene.elements[f"v{q}"], 1) == "done"  # complete
    assert graphsvg.element_state(scene.elements[f"v{x}"], 1) == "pending"


def test_circuit_finished_pass_has_the_published_gradients():
    trace, scene = scene_of(CIRCUIT)
    x, y, z, q, f = ids(trace, "x", "y", "z", "q", "f")
    shown = labels_at(scene, 2)

    assert shown == labels_at(scene, 99)  # past the end: the finished pass
    # An add gate routes its upstream unchanged: local 1, downstream -4.
    assert shown[card(trace, "q", 0)] == ("-4", "· 1", "= -4")
    assert shown[card(trace, "q", 1)] == ("-4", "· 1", "= -4")
    assert shown[card(trace, "f", 1)] == ("1", "· 3", "= 3")
    grads = {name: shown[f"v{i}"][2] for name, i in zip("xyzq", (x, y, z, q), strict=True)}
    assert grads == {"x": "∇ -4", "y": "∇ -4", "z": "∇ 3", "q": "∇ -4"}
    assert not [text for parts in shown.values() for text in parts if "?" in text]
    states = {name: graphsvg.element_state(e, 2) for name, e in scene.elements.items()}
    running = {f"op{q}", card(trace, "q", 0), card(trace, "q", 1)}  # the last step, current
    assert {name for name, state in states.items() if state == "current"} == running
    assert {states[name] for name in set(states) - running} == {"done"}


def test_the_sigmoid_neurons_published_gradients_on_the_graph():
    # CS231n: ∂f/∂w = [-0.1966, -0.3932, 0.1966], ∂f/∂x = [0.3932, -0.5898] (3 digits here).
    trace, scene = scene_of(SIGMOID)
    w, x = ids(trace, "w", "x")
    shown = labels_at(scene, len(trace.steps))

    assert shown[f"v{w}"] == ("w (3,)", "[2 -3 -3]", "∇ [-0.197 -0.393 0.197]")
    assert shown[f"v{x}"] == ("x (2,)", "[-1 -2]", "∇ [0.393 -0.59]")


def test_names_are_stable_and_a_small_graph_reads_left_to_right():
    trace, scene = scene_of(CIRCUIT)
    kinds = {}
    for info in trace.nodes:
        kinds[f"v{info.id}"] = "value"
        if info.op is not None:
            kinds[f"op{info.id}"] = "op"
            for index in range(len(info.inputs)):
                kinds[f"card{info.id}_{index}"] = "card"
    assert {name: e.kind for name, e in scene.elements.items()} == kinds
    assert scene.rankdir == "LR"
    assert graphview.build_scene(run(CIRCUIT).graph).elements == scene.elements  # a fresh run
    dot = graphsvg.graph_dot(RunGraph(trace), 1)
    assert dot.startswith("digraph backprop {") and "rankdir=LR" in dot
    assert dot == graphsvg.graph_dot(run(CIRCUIT).graph, 1)


def test_seed_of_a_non_scalar_output_is_ones():
    trace, scene = scene_of("x = [1.0, 2.0, 3.0]\ny = x * 2\n")
    assert labels_at(scene, 0)[f"v{trace.output}"] == ("y (3,)", "[2 4 6]", "∇ [1 1 1]")


def test_unknown_gradients_are_question_marks_never_zero():
    # relu'(-1) = 0: the final gradient of x is a true 0, but before it is known it is "?".
    trace, scene = scene_of("x = -1.0\ny = relu(x)\nL = y * 3\n")
    (x,) = ids(trace, "x")
    for k in range(len(trace.steps)):
        assert labels_at(scene, k)[f"v{x}"][2] == "∇ ?"
    assert labels_at(scene, len(trace.steps))[f"v{x}"][2] == "∇ 0"
    assert format_value(None) == "?"


def test_fan_out_node_shows_partial_sums_then_the_total():
    trace, scene = scene_of(FAN_OUT)
    (x,) = ids(trace, "x")
    # x feeds four edges (a = x * x counts twice), arriving at steps 2, 3 and 4.
    gradient = [labels_at(scene, k)[f"v{x}"][2] for k in range(5)]
    assert gradient == ["∇ ?", "∇ ?", "∇ 0.905 (1/4)", "∇ 1.18 (2/4)", "∇ 4.18"]
    assert float(trace.partial_after(x, 3)) == pytest.approx(0.9051 + 0.2711, abs=1e-4)
    # Click-to-inspect lists each contribution with the step that sends it.
    contributions = scene.inspect[f"v{x}"]["contributions"]
    assert [c["step"] for c in contributions] == [2, 3, 4, 4]
    assert [c["value"] for c in contributions] == ["0.9051", "0.2711", "1.5", "1.5"]
    assert scene.inspect[f"v{x}"]["gradient"] == "4.176"
    assert scene.inspect[f"v{x}"]["complete"] == 4


def test_broadcast_edge_notes_the_sum():
    trace, scene = scene_of(BROADCAST)
    shown = labels_at(scene, len(trace.steps))
    assert shown[card(trace, "Y", 1)][2] == "= [10.4 14.8 19.2] Σ→(3,)"  # b, (3,)
    assert "Σ→" not in " ".join(shown[card(trace, "Y", 0)])  # X, (2, 3): no broadcast


def test_constants_are_grey_and_get_no_gradient():
    trace, scene = scene_of(BROADCAST)
    (constant,) = [info for info in trace.nodes if info.kind == "constant"]
    element = scene.elements[f"v{constant.id}"]
    assert element.kind == "constant"
    assert labels_at(scene, 3)[element.name] == ("2",)  # its value, no gradient row
    (edge,) = [w for w in scene.wires if w.tail == element.name]
    assert not edge.flows
    assert labels_at(scene, 3)[edge.card] == ("▦2×3", "· not needed", "= none (constant)")
    dot = graphsvg.dot_export(scene, 3)
    assert re.search(rf'^  "{element.name}" \[.*fillcolor="{PALETTE["constant_fill"]}"', dot, re.M)
    assert ".node.constant>.box{" in graphsvg.graph_css()


def test_states_differ_in_colour_line_and_class():
    trace, scene = scene_of(CIRCUIT)
    (f,) = ids(trace, "f")  # its op runs at step 1
    lines = {
        k: re.search(rf'^  "op{f}" \[.*$', graphsvg.dot_export(scene, k), re.M).group(0)
        for k in (0, 1, 2)
    }
    fills = {k: re.search(r'fillcolor="(#\w+)"', line).group(1) for k, line in lines.items()}
    assert 'class="pending"' in lines[0] and "dashed" in lines[0]
    assert 'class="current"' in lines[1] and "dashed" not in lines[1]
    assert 'class="done"' in lines[2] and "dashed" not in lines[2]
    assert len(set(fills.values())) == 3
    css = graphsvg.graph_css()
    for state in ("pending", "current", "done"):
        assert f".node.{state}>.box{{stroke:{PALETTE[state]}" in css


def test_current_edges_are_thicker():
    trace, scene = scene_of(CIRCUIT)
    x, q = ids(trace, "x", "q")
    widths = {}
    for k in (0, 1, 2, 3):
        dot = graphsvg.dot_export(scene, min(k, 2))
        line = re.search(rf'^  "v{x}" -> "op{q}" .*$', dot, re.M).group(0)
        widths[k] = float(re.search(r"penwidth=([\d.]+)", line).group(1))
    assert widths[2] > widths[1] and widths[2] > widths[0]  # x -> q runs at step 2
    assert graphsvg.STATE_STROKE["current"][0] > graphsvg.STATE_STROKE["done"][0]


def test_graph_dot_clamps_its_step():
    trace = run(CIRCUIT).trace
    assert graphsvg.graph_dot(RunGraph(trace), -1) == graphsvg.graph_dot(RunGraph(trace), 0)
    assert (
        graphsvg.graph_dot(RunGraph(trace), 99)
        == graphsvg.graph_dot(RunGraph(trace))
        == graphsvg.graph_dot(RunGraph(trace), 2)
    )
    assert graphsvg.graph_dot(RunGraph(trace), 0) != graphsvg.graph_dot(RunGraph(trace), 1)


# -- one layout for every step -------------------------------------------------------------------

LAYOUT_PROGRAMS = [SIGMOID, BROADCAST + "M = randn(8, 8, seed=0)\nR = sum(tanh(M) * L)\n"]


def _every_version_fits(scene: graphview.Scene) -> None:
    for name, element in scene.elements.items():
        width, height = element.size()
        assert scene.positions[name][2:] == pytest.approx((width, height)), name
        for versions in element.parts:
            for _, block in versions:
                assert block_size(block)[0] <= width, (name, block_text(block))


@pytest.mark.parametrize("source", LAYOUT_PROGRAMS)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_geometry_is_identical_at_every_step(source, lang):
    trace, scene = scene_of(source, lang)
    graphview.layout(scene)
    assert len([e for e in scene.elements.values() if e.kind in ("value", "constant")]) == len(
        trace.nodes
    )
    assert len([e for e in scene.elements.values() if e.kind == "op"]) == len(trace.steps)
    _every_version_fits(scene)  # each box is as large as the largest text it will show
    geometry = [_geometry(graphsvg.svg_markup(scene, k, live=False)) for k in range(4)]
    geometry.append(_geometry(graphsvg.svg_markup(scene, len(trace.steps), live=False)))
    assert all(shapes == geometry[0] for shapes in geometry)
    assert len(geometry[0]) >= len(scene.elements)


def test_chinese_words_are_wider_and_the_boxes_are_measured_on_them():
    trace, english = scene_of(SIGMOID)
    chinese = graphview.build_scene(RunGraph(trace), "zh")
    assert english.elements.keys() == chinese.elements.keys()
    op = f"op{trace.steps[0].node}"
    assert chinese.elements[op].size()[0] > english.elements[op].size()[0]  # 第 1 步 vs step 1


@needs_dot
def test_the_layout_is_drawn_by_dot_when_it_is_installed():
    _, scene = scene_of(CIRCUIT)
    graphview.layout(scene)
    assert scene.layout_engine == "dot"
    assert set(scene.positions) == set(scene.elements)
    assert {wire.name for wire in scene.wires} <= set(scene.paths)


def test_without_graphviz_the_graph_is_laid_out_here(monkeypatch):
    monkeypatch.setenv("PATH", str(REPO_ROOT / "no-such-directory"))
    _, scene = scene_of(SIGMOID)
    graphview.layout(scene)
    assert scene.layout_engine == "layered"
    _every_version_fits(scene)
    assert {wire.name for wire in scene.wires} <= set(scene.paths)
    assert "<svg" in graphsvg.static_svg(scene, 3)


@needs_dot
def test_a_layout_that_takes_too_long_falls_back_to_the_layered_one():
    _, scene = scene_of(_chain_program(30))
    graphview.layout(scene, timeout=1e-4)
    assert scene.layout_engine == "layered"


def test_render_and_the_graph_view_import_only_numpy_from_outside():
    code = (
        "import sys, engine.views.render, engine.views.graphview, engine.views.graphsvg\n"
        "print([m for m in ('plotly', 'graphviz', 'streamlit') if m in sys.modules])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO_ROOT, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def _chain_program(layers: int) -> str:
    lines = ["x = [0.5, -1.0, 2.0]", "h0 = x"]
    for i in range(1, layers + 1):
        lines.append(f"h{i} = tanh(h{i - 1} * 1.01 + 0.1)")
    lines.append(f"L = sum(h{layers} ** 2)")
    return "\n".join(lines) + "\n"


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


def test_format_value_shows_floating_noise_beside_real_entries_as_zero():
    # An entry below 1e-12 x the tensor's largest magnitude is noise (1 - 1 computed as
    # 1.85e-18), shown as 0; a tensor of tiny entries alone keeps them.
    assert format_value([1.0, 1.85e-18, -2.0]) == "[1, 0, -2]"
    assert format_value([[3.0, -2e-13], [1e-11, 0.5]]) == "[[3, 0], [1e-11, 0.5]]"
    assert format_value([1e-20, -2e-20]) == "[1e-20, -2e-20]"
    assert format_value(1e-18) == "1e-18"
    assert format_value([np.nan, 1.0, 1e-15]) == "[nan, 1, 0] ⚠"
    assert format_value(np.array([1.0, 1.85e-18])).startswith("[1, 0]")


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
    assert step_panel(RunGraph(trace), 0) is None
    first = step_panel(result.graph, 1)
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
    second = step_panel(RunGraph(trace), 2)
    assert not second.is_seed and second.seed_text is None
    assert [(c.consumer, c.text, c.step) for c in second.contributions] == [("f", "-4", 1)]
    assert step_panel(RunGraph(trace), 99).number == 2  # past the end: the last step


def test_step_panel_shape_equation_of_a_reduction():
    result = run("X = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]\ny = sum(X, axis=1)\nL = sum(y * y)\n")
    trace = result.trace
    (y,) = ids(trace, "y")
    (k,) = [s.number for s in trace.steps if s.node == y]
    panel = step_panel(RunGraph(trace), k)
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
    panel = step_panel(RunGraph(trace), len(trace.steps))  # Y = X + b is the last step
    x_edge, b_edge = panel.edges
    assert x_edge.broadcast_text is None
    assert b_edge.broadcast and b_edge.shape_equation == "(2, 3) · (2, 3, 3) → (3,)"
    assert b_edge.broadcast_text == "summed over broadcast axes: (2, 3) → (3,)"
    assert b_edge.downstream_text == "[10.4, 14.8, 19.2]"


def test_step_panel_fan_in_contributions():
    trace = run(FAN_OUT).trace
    (b,) = ids(trace, "b")
    (k,) = [s.number for s in trace.steps if s.node == b]
    panel = step_panel(RunGraph(trace), k)
    assert [(c.consumer, c.text) for c in panel.contributions] == [("mul#1", "1.5")]


@pytest.mark.parametrize(
    ("n", "display"),
    [(6, "matrix"), (7, "heatmap"), (200, "heatmap"), (201, "description")],
)
def test_local_display_thresholds(n, display):
    # tanh of n entries has an n × n local Jacobian.
    trace = run(f"x = linspace(-1, 1, {n})\ny = tanh(x)\nL = sum(y)\n").trace
    panel = step_panel(RunGraph(trace), 2)
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
    text = worked_solution(result.graph, source=source)
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
    text = worked_solution(result.graph, source=CIRCUIT)
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
    text = worked_solution(RunGraph(fan.trace))
    assert "0.9051 + 0.2711 + 1.5 + 1.5 = 4.176" in text
    broadcast = worked_solution(RunGraph(run(BROADCAST).trace))
    assert "(summed over broadcast axes: (2, 3) → (3,))" in broadcast
    assert "(2, 3) · (2, 3, 3) → (3,): [10.4, 14.8, 19.2]" in broadcast
    assert "Seed: the upstream of L is 1" in broadcast


def test_worked_solution_large_local_is_described():
    trace = run("x = linspace(-1, 1, 7)\ny = tanh(x)\nL = sum(y)\n").trace
    text = worked_solution(RunGraph(trace))
    assert "not written out (49 entries): diag(1 − y²), 7×7" in text


def test_worked_solution_markdown():
    result = run(BROADCAST)
    markdown = worked_solution(result.graph, fmt="markdown", source=BROADCAST)
    assert markdown.startswith("## Backward pass of `L`")
    assert "```python\nX = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]" in markdown
    assert "### Step 3 of 3: `Y = X + b` (add, line 3, col 5)" in markdown
    assert "| `b` | leaf | (3,) | `[10.4, 14.8, 19.2]` |" in markdown
    assert r"\begin{bmatrix}" in markdown  # small locals as matrices
    with pytest.raises(ValueError):
        worked_solution(RunGraph(result.trace), fmt="html")


def test_worked_solution_of_a_non_scalar_output():
    text = worked_solution(RunGraph(run("x = [1.0, 2.0]\ny = x * 3\n").trace))
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


def test_render_and_the_graph_view_are_importable_from_engine():
    import engine

    assert engine.views.numbers.format_value is format_value
    assert engine.views.graphsvg.graph_dot is graphsvg.graph_dot
    assert engine.views.graphview.build_scene is graphview.build_scene


def test_a_scene_does_not_keep_a_trace_alive():
    import gc
    import weakref

    trace = run(CIRCUIT).trace
    scene = graphview.build_scene(RunGraph(trace))
    graphsvg.graph_dot(RunGraph(trace), 1)
    ref = weakref.ref(trace)
    del trace
    gc.collect()
    assert ref() is None
    assert labels_at(scene, 2)  # the scene stands on its own


def test_odd_names_from_the_python_api_stay_valid_dot_and_svg():
    x = Tensor([1.0, 2.0], name='x "quoted" \\ <b>')
    y = (x * x).sum()
    trace = trace_backward(y)
    dot = graphsvg.graph_dot(RunGraph(trace), 1)
    assert "x &quot;quoted&quot; \\ &lt;b&gt;" in dot  # HTML-escaped inside its label
    scene = graphview.layout(graphview.build_scene(RunGraph(trace)))
    svg = graphsvg.static_svg(scene, 1)
    names = [parts[0] for parts in static_labels(svg).values() if parts]  # the XML parses
    assert 'x "quoted" \\ <b> (2,)' in names
    if HAS_DOT or IN_CI:
        done = subprocess.run(
            ["dot", "-Tjson"], input=dot, capture_output=True, text=True, timeout=60
        )
        assert done.returncode == 0, done.stderr
        assert len(json.loads(done.stdout)["objects"]) == 5  # x, x * x, its sum, two ops


def test_far_uses_of_one_value_are_drawn_from_copies():
    # x feeds 40 multiplications spread along a chain: drawn directly, each long
    # edge would become a chain of virtual nodes and dot would take minutes.
    lines = ["x = 0.5", "a0 = x * 2"] + [f"a{i} = tanh(a{i - 1} * x)" for i in range(1, 40)]
    trace, scene = scene_of("\n".join(lines))
    copies = [e for e in scene.elements.values() if e.kind == "proxy"]
    assert len(copies) >= 30
    assert {block_text(e.parts[0][0][1]) for e in copies} == {"x\n(same as above)"}
    x_id = trace.by_name("x").id
    direct = [wire for wire in scene.wires if wire.tail == f"v{x_id}"]
    assert 1 <= len(direct) <= 3
    graphview.layout(scene)
    assert scene.layout_engine == ("dot" if HAS_DOT or IN_CI else "layered")


def test_nearby_fan_out_is_drawn_directly():
    trace, scene = scene_of(example("fan-out").program)
    assert not [e for e in scene.elements.values() if e.kind == "proxy"]
    x_id = trace.by_name("x").id
    assert len([wire for wire in scene.wires if wire.tail == f"v{x_id}"]) == 4  # x * x, …


# -- the chain rule of one edge as one equation (presentation mode) -----------------------------


def test_chain_equation_of_the_multiply_gate():
    result = run(CIRCUIT)
    panel = step_panel(result.graph, 1)
    q_edge, z_edge = panel.edges

    up, local, down = (PALETTE[role] for role in ("upstream", "local", "downstream"))
    assert render.chain_equation(panel, q_edge) == (
        rf"\underbrace{{\color{{{up}}}1}}_{{\color{{{up}}}\partial L/\partial \text{{f}}}}"
        r"\;\cdot\;"
        rf"\underbrace{{\color{{{local}}}-4}}"
        rf"_{{\color{{{local}}}\partial \text{{f}}/\partial \text{{q}}}}"
        r"\;=\;"
        rf"\underbrace{{\color{{{down}}}-4}}_{{\color{{{down}}}\partial L/\partial \text{{q}}}}"
    )
    z_equation = render.chain_equation(panel, z_edge)  # ∂f/∂z = q = 3
    assert rf"\color{{{local}}}3}}" in z_equation and rf"\color{{{down}}}3}}" in z_equation
    hidden = render.chain_equation(panel, q_edge, hide_local=True, hide_downstream=True)
    assert hidden.count(r"\boxed{\;?\;}") == 2 and "-4" not in hidden


def test_chain_equation_of_a_broadcast_sums_back():
    trace = run(BROADCAST).trace
    panel = step_panel(RunGraph(trace), len(trace.steps))
    x_edge, b_edge = panel.edges
    assert r"\Sigma" in render.chain_equation(panel, b_edge)
    assert r"\Sigma" not in render.chain_equation(panel, x_edge)
    big = run("x = randn(30, seed=0)\nL = sum(tanh(x))\n").trace
    (edge,) = step_panel(RunGraph(big), 2).edges  # 30 × 30: written by its shape
    assert r"\text{(30, 30)" in render.chain_equation(step_panel(RunGraph(big), 2), edge)


# -- in Chinese ----------------------------------------------------------------------------

_ENGLISH_WORD = re.compile(
    r"\b(?:upstream|local|downstream|grad|seed|value|step|pending|current"
    r"|done|scalar|constant|contributions|mean|range|shape|input|from"
    r"|written|why|Gradients|Output|Seed|Backward)\b"
)


def test_the_graph_in_chinese_has_the_fixed_terms_and_no_english_words():
    trace, scene = scene_of(BROADCAST, "zh")
    last = len(trace.steps)
    shown = labels_at(scene, last)

    assert shown[f"op{trace.by_name('Y').id}"] == ("+", "第 3 步")
    (constant,) = [w for w in scene.wires if not w.flows]
    assert shown[constant.card][1:] == ("· 不需要", "= 无（常量）")
    assert shown[card(trace, "Y", 1)][2] == "= [10.4 14.8 19.2] Σ→(3,)"  # the same numbers
    texts = [text for k in range(last + 1) for parts in labels_at(scene, k).values()
             for text in parts]  # fmt: skip
    assert not [text for text in texts if _ENGLISH_WORD.search(text)]
    # The DOT export names each quantity on every input edge in Chinese.
    dot = graphsvg.dot_export(graphview.layout(scene), 1)
    cards = [entry["card"] for entry in dot_statements(dot) if entry.get("card")]
    assert len(cards) == sum(len(step.edges) for step in trace.steps)
    assert all(list(c) == ["上游梯度", "局部梯度", "下游梯度"] for c in cards)
    words = [text for entry in dot_statements(dot) for text in entry.get("rows", ())]
    words += [text for c in cards for item in c.items() for text in item]
    assert len(words) > 20 and not [text for text in words if _ENGLISH_WORD.search(text)]
    # English is unchanged by the other language.
    assert (
        graphview.build_scene(RunGraph(trace)).elements
        == graphview.build_scene(RunGraph(trace), "en").elements
    )


def test_the_circuit_in_chinese_shows_the_same_numbers():
    trace, english = scene_of(CIRCUIT)
    chinese = graphview.build_scene(RunGraph(trace), "zh")
    for k in range(len(trace.steps) + 1):
        ours, theirs = labels_at(chinese, k), labels_at(english, k)
        assert {n: p for n, p in ours.items() if not n.startswith("op")} == {
            n: p for n, p in theirs.items() if not n.startswith("op")
        }
        assert {p[1] for n, p in ours.items() if n.startswith("op")} == {"第 1 步", "第 2 步"}


def test_step_panel_in_chinese():
    trace = run(BROADCAST).trace
    panel = step_panel(RunGraph(trace), len(trace.steps), lang="zh")
    _, b_edge = panel.edges
    assert panel.note == "加法把上游梯度原样传给两个输入。"
    assert b_edge.broadcast_text == "对广播轴求和：(2, 3) → (3,)"
    assert b_edge.structure_text == "单位矩阵，再沿广播轴 0 求和，6×3"
    assert step_panel(RunGraph(trace), 1, lang="zh").note != step_panel(RunGraph(trace), 1).note


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
    english = worked_solution(result.graph, fmt, BROADCAST)
    chinese = worked_solution(result.graph, fmt, BROADCAST, lang="zh")
    for term in ("上游梯度", "局部梯度", "下游梯度", "种子"):
        assert term in chinese
    program_free = chinese.replace(BROADCAST.rstrip("\n"), "")
    assert not _ENGLISH_WORD.search(program_free), _ENGLISH_WORD.search(program_free)
    number = re.compile(r"-?\d+(?:\.\d+)?")
    # the same numbers, but for the 1 of "全 1" (ones: sums …) in a structure
    assert sorted(number.findall(chinese.replace("全 1", ""))) == sorted(number.findall(english))
