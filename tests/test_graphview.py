"""The graph view's model: palette, glyphs, noise, label versions, layout, SVG and DOT writers."""

from __future__ import annotations

import itertools
import re

import numpy as np
import pytest

from engine.views import graphsvg, graphview, session
from engine.views.examples import EXAMPLES, example
from engine.views.graph import RunGraph
from engine.views.labels import Glyph, Run, block_text, glyph, tensor_items
from engine.views.numbers import NOISE, denoise, format_value
from engine.views.palette import (
    CARD_PARTS,
    PALETTE,
    QUANTITIES,
    colour_distance,
    contrast_ratio,
    diverging,
    hex_rgb,
    simulate_cvd,
)

CIRCUIT = example("cs231n-circuit").program


def scene_of(source: str, lang: str = "en", laid_out: bool = True) -> graphview.Scene:
    scene = graphview.build_scene(session.run(source).graph, lang)
    return graphview.layout(scene) if laid_out else scene


def shown(scene: graphview.Scene, name: str, k: int) -> str:
    """An element's label as drawn at step k, parts joined by " | "."""
    element = scene.elements[name]
    return " | ".join(
        block_text(versions[graphsvg.active(versions, k)][1]) for versions in element.parts
    )


# -- the palette ----------------------------------------------------------------------------


def test_every_quantity_has_its_own_colour_legible_on_white():
    colours = [PALETTE[q] for q in QUANTITIES]
    assert len(set(colours)) == 4
    assert all(contrast_ratio(c) >= 4.5 for c in colours)  # WCAG AA for text


@pytest.mark.parametrize("kind", ["deuteranopia", "protanopia"])
def test_the_quantities_stay_apart_for_colour_blind_readers(kind):
    """Simulated with Machado et al. (2009): every pair of quantity colours stays at least
    a clear step apart (CIE76 distance above 15; 2.3 is just noticeable)."""
    seen = {q: simulate_cvd(PALETTE[q], kind) for q in QUANTITIES}
    for a, b in itertools.combinations(QUANTITIES, 2):
        assert colour_distance(seen[a], seen[b]) > 15, (kind, a, b)
    # The glyphs' two ends too: negative and positive never look alike.
    negative, positive = diverging(-1.0, 1.0), diverging(1.0, 1.0)
    assert colour_distance(simulate_cvd(negative, kind), simulate_cvd(positive, kind)) > 40


def test_the_simulation_leaves_grey_grey_and_merges_red_and_green():
    grey = simulate_cvd("#808080", "deuteranopia")
    assert np.allclose(grey, hex_rgb("#808080"), atol=0.02)
    red, green = simulate_cvd("#CC3311", "deuteranopia"), simulate_cvd("#33AA11", "deuteranopia")
    assert colour_distance(red, green) < colour_distance(hex_rgb("#CC3311"), hex_rgb("#33AA11")) / 2


def test_the_diverging_scale_is_centred_on_zero():
    assert diverging(0.0, 2.0) == "#ffffff"
    assert diverging(2.0, 2.0) == "#d66000" and diverging(-2.0, 2.0) == "#2166ac"
    half, full = hex_rgb(diverging(1.0, 2.0)), hex_rgb(diverging(2.0, 2.0))
    assert all(h > e for h, e in list(zip(half, full, strict=True))[1:])  # paler: nearer white
    assert diverging(float("nan"), 1.0) == "#9aa1ab"
    assert diverging(5.0, 0.0) == "#ffffff"  # an all-zero tensor is white


def test_the_css_and_the_dot_export_use_the_palette():
    css = graphsvg.graph_css()
    dot = graphsvg.dot_export(scene_of(CIRCUIT, laid_out=False), 1)
    for role in QUANTITIES:
        assert f".r-{role}{{fill:{PALETTE[role]}" in css
    for role in CARD_PARTS:
        assert f'FONT COLOR="{PALETTE[role]}"' in dot


# -- noise and glyphs ---------------------------------------------------------------------------


def test_noise_below_1e_12_of_the_largest_entry_is_zero():
    a = denoise([1.0, 1.99e-12, -2.01e-12, -2.0])  # the largest magnitude is 2
    assert a.tolist() == [1.0, 0.0, -2.01e-12, -2.0]
    assert denoise([1e-18, 2e-18]).tolist() == [1e-18, 2e-18]  # a tiny tensor is not noise
    assert denoise([np.inf, 1e-300]).tolist() == [np.inf, 1e-300]  # only finite entries count
    assert NOISE == 1e-12
    assert format_value([0.0339, 1.85e-18]) == "[0.0339, 0]"


def test_small_tensors_are_glyphs_with_numbers_up_to_four_entries():
    two = glyph([[1.0, -1.0], [0.5, 0.0]], "value")
    assert isinstance(two, Glyph) and two.numbers == (("1", "-1"), ("0.5", "0"))
    assert two.fills[0][0] == diverging(1.0, 1.0, 0.5) and two.fills[1][1] == "#ffffff"
    five = glyph(np.arange(5.0), "downstream")
    assert five.numbers is None and len(five.fills) == 1 and len(five.fills[0]) == 5
    assert glyph(np.ones((8, 8)), "local") is not None
    assert glyph(np.ones((9, 2)), "local") is None and glyph(np.ones((2, 9)), "local") is None
    assert glyph(np.ones((2, 2, 2)), "value").fills.__len__() == 4  # leading axes as rows
    assert glyph(np.zeros((0, 3)), "value") is None


def test_tensor_items_pick_number_glyph_or_summary():
    assert tensor_items(-4.0, "upstream") == (Run("-4", "upstream"),)
    assert tensor_items([7.0], "value") == (Run("7", "value"),)
    assert isinstance(tensor_items([1.0, 2.0], "value")[0], Glyph)
    big = tensor_items(np.linspace(-1.5, 2.0, 100).reshape(10, 10), "value")
    assert big == (Run("(10, 10) [-1.5 … 2]", "value"),)
    assert tensor_items(float("inf"), "value") == (Run("inf ⚠", "value"),)


def test_a_glyph_in_dot_is_a_table_of_coloured_cells():
    scene = scene_of("x = [[1.0, -2.0], [3.0, 0.0]]\nL = sum(x * x)", laid_out=False)
    dot = graphsvg.dot_export(scene, 2)
    cells = re.findall(r'<TD BGCOLOR="(#[0-9a-f]{6})">([^<]*)</TD>', dot)
    assert ("#ffffff", "0") in cells  # x[1, 1] = 0, white
    assert (diverging(-2.0, 3.0, 0.5), "-2") in cells
    assert f'<TABLE BORDER="2" COLOR="{PALETTE["value"]}"' in dot


# -- the scene: versions per step -----------------------------------------------------------------


def test_the_cs231n_labels_fill_in_as_the_pass_runs():
    scene = scene_of(CIRCUIT, laid_out=False)
    x, q, f = "v0", "v3", "v4"
    assert [shown(scene, x, k) for k in (0, 1, 2)] == [
        "x | -2 | ∇ ?",
        "x | -2 | ∇ ?",
        "x | -2 | ∇ -4",
    ]
    assert shown(scene, q, 1) == "q | 3 | ∇ -4"
    assert shown(scene, f, 0) == "f | -12 | ∇ 1"  # the seed, known before the first step
    add_x = "card3_0"  # the add gate's card for x
    assert [shown(scene, add_x, k) for k in (0, 1, 2)] == [
        "? | · ? | = ?",
        "-4 | · ? | = ?",  # q's gradient is complete after step 1: the add's upstream
        "-4 | · 1 | = -4",
    ]
    assert shown(scene, "op3", 2) == "+ | step 2"


def test_fan_in_shows_partial_sums():
    scene = scene_of("x = 3.0\ny = x * x + x", laid_out=False)
    assert [shown(scene, "v0", k) for k in (0, 1, 2)] == [
        "x | 3 | ∇ ?",
        "x | 3 | ∇ 1 (1/3)",
        "x | 3 | ∇ 7",
    ]


def test_a_constant_edge_needs_no_local():
    scene = scene_of("x = [1.0, 2.0]\nL = sum(x * 2.0)", laid_out=False)
    constant = [w for w in scene.wires if w.card and not w.flows]
    assert len(constant) == 1
    assert shown(scene, constant[0].card, 2).endswith("· not needed | = none (constant)")


def test_a_broadcast_edge_says_where_it_sums_back():
    scene = scene_of(
        "x = [[1.0, 2.0], [3.0, 4.0]]\nb = [1.0, -1.0]\nL = sum(x + b)", laid_out=False
    )
    texts = [shown(scene, w.card, 2) for w in scene.wires if w.card]
    assert any(text.endswith("Σ→(2,)") for text in texts)


def test_labels_in_chinese():
    scene = scene_of(CIRCUIT, "zh", laid_out=False)
    assert shown(scene, "op3", 2) == "+ | 第 2 步"
    constant = scene_of("x = [1.0, 2.0]\nL = sum(x * 2.0)", "zh", laid_out=False)
    card = next(w.card for w in constant.wires if w.card and not w.flows)
    assert "不需要" in shown(constant, card, 2)


# -- layout, SVG, quiz -----------------------------------------------------------------------


@pytest.mark.parametrize("example_key", [e.key for e in EXAMPLES])
def test_every_example_is_laid_out_with_every_element_placed(example_key):
    scene = scene_of(example(example_key).program)
    assert scene.layout_engine == "dot"
    assert set(scene.positions) == set(scene.elements)
    assert all(scene.paths[w.name] for w in scene.wires)
    width, height = scene.bounds
    for x, y, w, h in scene.positions.values():
        assert x >= -1 and x + w <= width + 1 and y >= -1 and y + h <= height + 1


def test_without_dot_the_layered_layout_places_everything(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    scene = scene_of(example("two-layer").program)
    assert scene.layout_engine == "layered"
    assert set(scene.positions) == set(scene.elements)
    boxes = list(scene.positions.values())
    for (x1, y1, w1, h1), (x2, y2, w2, h2) in itertools.combinations(boxes, 2):
        assert x1 + w1 <= x2 or x2 + w2 <= x1 or y1 + h1 <= y2 or y2 + h2 <= y1  # no overlap


def test_the_live_svg_holds_every_version_and_the_static_one_only_its_steps():
    scene = scene_of(CIRCUIT)
    live = graphsvg.svg_markup(scene, 0, live=True)
    assert live.count('class="ver') == sum(len(v) for e in scene.elements.values() for v in e.parts)
    for k in range(3):
        static = graphsvg.static_svg(scene, k)
        assert 'class="ver' not in static and "<style>" in static
        current = re.findall(r'<g class="(node op|edge) current"', static)
        assert len(current) == (0 if k == 0 else 4)  # the op, two input edges, its output edge


def test_quiz_hiding_changes_only_what_it_hides():
    scene = scene_of(CIRCUIT)
    plain = graphsvg.static_svg(scene, 1)
    hidden = graphsvg.static_svg(scene, 1, hide={"step": 1, "quantity": "downstream"})
    geometry = re.compile(r'(?:x|y|width|height|d|points)="[^"]*"')
    assert geometry.findall(re.sub(r"<text.*?</text>", "", plain)) == geometry.findall(
        re.sub(r"<text.*?</text>", "", hidden)
    )
    # Two downstreams of step 1, the two boxes it completes (q, z) and the add's upstreams,
    # which are q's gradient: six more "?".
    assert hidden.count(">?</text>") == plain.count(">?</text>") + 6
    # z's and q's boxes, which step 1 completes, are drawn as before it.
    dot = graphsvg.dot_export(scene, 1, hide={"step": 1, "quantity": "local"})
    assert dot.count('COLOR="#596270">?</FONT>') > graphsvg.dot_export(scene, 1).count(
        'COLOR="#596270">?</FONT>'
    )


def test_the_cli_dot_labels_every_input_edge_with_the_three_quantities():
    trace = session.run(CIRCUIT).trace
    dot = graphsvg.graph_dot(RunGraph(trace))
    edges = [line for line in dot.splitlines() if "->" in line and "label=" in line]
    assert len(edges) == 4
    for line in edges:
        assert all(word in line for word in ("upstream", "local", "downstream"))
