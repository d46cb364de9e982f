"""The main page under Streamlit's AppTest: editor, stepper, graph, panel, table, URL, exports.

Also a timing tool for the step latency (see the bottom of the file):
``.venv/bin/python tests/test_app_main.py`` prints the server-side time from a
step click to the new graph for the two-layer example and a 200-node program.
"""

from __future__ import annotations

import html
import json
import re
import sys
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from engine import i18n, render
from engine.examples import DEFAULT_EXAMPLE, EXAMPLES, example

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `import ui`, as app.py does
    sys.path.insert(0, str(ROOT))

import ui  # noqa: E402

CIRCUIT = example("cs231n-circuit").program
CIRCUIT_TYPED = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z\n"
BROKEN = "x = [1.0, 2.0]\nL = sum(x @ [1.0, 2.0, 3.0])\n   # the user's own comment\n"


def new_app() -> AppTest:
    return AppTest.from_file("../app.py", default_timeout=30)


def graph_text(at: AppTest) -> str:
    """The graph as the page shows it: the SVG its script puts in the box, or the DOT
    given to graphviz_chart."""
    marker = "innerHTML = "
    for element in at.get("html"):
        body = element.proto.body
        if 'class="cr-graph' in body and marker in body:
            svg, _ = json.JSONDecoder().raw_decode(body, body.index(marker) + len(marker))
            assert svg.startswith("<svg")
            return svg
    charts = at.get("graphviz_chart")
    assert charts, "the page shows no graph"
    return charts[0].proto.spec


QUANTITY = re.compile(r"(?:upstream|local|downstream): |(?:上游梯度|局部梯度|下游梯度)：")


def edge_labels(at: AppTest) -> list[str]:
    """The 'upstream: …', 'local: …', 'downstream: …' lines on the graph's edges (or
    '上游梯度：…', '局部梯度：…', '下游梯度：…' in Chinese)."""
    text = graph_text(at)
    if "<svg" in text:  # one <text> element per label line, with entities (&#45; is -)
        lines = re.findall(r"<text[^>]*>([^<]*)</text>", text)
    else:  # DOT: HTML-like labels, one line per <BR/>
        lines = re.split(r"<BR[^>]*>|>", text)
    lines = [html.unescape(line).strip() for line in lines]
    return [line for line in lines if QUANTITY.match(line)]


def latex_values(at: AppTest) -> list[str]:
    return [element.value.strip("$\n ") for element in at.latex]


def table_gradients(at: AppTest) -> dict[str, str]:
    frame = at.dataframe[0].value
    return dict(zip(frame["name"], frame["gradient"], strict=True))


def run_program(at: AppTest, source: str) -> AppTest:
    at.text_area(key="main_editor").input(source)
    at.button(key="main_run").click()
    return at.run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


# -- loading and running ---------------------------------------------------------------


def test_page_loads_with_the_default_example_at_step_zero():
    at = new_app().run()

    no_exception(at)
    assert not at.error
    assert at.title[0].value == "Chainrule"
    assert at.text_area(key="main_editor").value == DEFAULT_EXAMPLE.program
    assert at.session_state["main_step"] == 0
    assert "grad: ?" in graph_text(at)  # before the first step nothing is known...
    assert "seed: 1" in graph_text(at)  # ...but the seed at the output
    assert at.query_params["step"] == "0"
    assert at.query_params["program"] == DEFAULT_EXAMPLE.program


def test_a_typed_program_runs_and_shows_its_graph_at_step_zero():
    at = run_program(new_app().run(), CIRCUIT_TYPED)

    no_exception(at)
    assert not at.error
    assert at.session_state["main_source"] == CIRCUIT_TYPED
    labels = edge_labels(at)
    assert len(labels) == 4 * 3  # four edges, three quantities each
    # Only the seed is known: it is the upstream of the first step's two edges.
    assert sorted(labels[i] for i in range(0, 12, 3)) == ["upstream: 1"] * 2 + ["upstream: ?"] * 2
    assert {label for label in labels if not label.startswith("upstream")} == {
        "local: ?",
        "downstream: ?",
    }
    assert at.slider(key="main_step_slider").max == 2


def test_stepping_to_the_end_shows_the_cs231n_gradients_on_the_edges():
    at = run_program(new_app().run(), CIRCUIT_TYPED)

    at.button(key="main_next").click().run()
    after_one = edge_labels(at)
    at.button(key="main_last").click().run()
    after_all = edge_labels(at)

    no_exception(at)
    # step 1 (f = q * z): q gets 1 · z = -4 and z gets 1 · q = 3; x, y are still unknown
    assert after_one.count("downstream: ?") == 2
    assert {"downstream: -4", "downstream: 3"} <= set(after_one)
    # the end: the add gate routes -4 to both x and y
    assert "downstream: ?" not in after_all
    assert after_all.count("downstream: -4") == 3
    assert after_all.count("downstream: 3") == 1
    assert table_gradients(at) == {"x": "-4", "y": "-4", "z": "3", "q": "-4", "f": "1"}
    assert at.query_params["step"] == "2"


def test_every_step_button_and_the_slider_move_the_step():
    at = run_program(new_app().run(), example("cs231n-sigmoid").program)
    n = at.slider(key="main_step_slider").max

    at.button(key="main_last").click().run()
    assert at.session_state["main_step"] == n
    assert at.button(key="main_next").disabled and at.button(key="main_last").disabled
    at.button(key="main_previous").click().run()
    assert at.session_state["main_step"] == n - 1
    at.button(key="main_first").click().run()
    assert at.session_state["main_step"] == 0
    assert at.button(key="main_previous").disabled
    at.slider(key="main_step_slider").set_value(5).run()
    assert at.session_state["main_step"] == 5
    assert at.query_params["step"] == "5"
    no_exception(at)


def test_a_step_button_moves_from_the_step_the_click_finds():
    # Two quick clicks on Next are two steps, even if the page had not redrawn in between.
    at = run_program(new_app().run(), CIRCUIT_TYPED)
    at.session_state["main_step"] = 1  # the first click, not yet drawn

    at.button(key="main_next").click().run()

    assert at.session_state["main_step"] == 2


def test_the_step_panel_shows_upstream_local_and_downstream_with_shapes():
    at = run_program(new_app().run(), CIRCUIT_TYPED)
    at.button(key="main_next").click().run()

    latex = latex_values(at)
    captions = [element.value for element in at.caption]

    assert any("diag" in text for text in latex)  # the mul rule's formula
    assert any(text.endswith("= -4") for text in latex)  # local ∂f/∂q = z = -4
    assert "1" in latex and "3" in latex  # the upstream (the seed) and a downstream
    assert any("Shapes:" in text and "() · () → ()" in text for text in captions)
    listing = [html.value for html in at.get("html") if "cr-source" in html.value]
    assert listing and "<mark>q * z</mark>" in listing[0]  # the current line, marked


def test_a_broadcast_step_shows_the_sum_back_to_the_inputs_shape():
    at = run_program(new_app().run(), example("broadcast").program)
    at.slider(key="main_step_slider").set_value(3).run()  # Y = X + b, the last step

    warnings = [element.value for element in at.warning]

    no_exception(at)
    assert any("(2, 3) → (3,)" in text for text in warnings)


def test_a_medium_jacobian_is_a_heatmap_and_a_huge_one_is_described():
    at = run_program(new_app().run(), "x = randn(3, 4, seed=0)\nL = sum(softmax(x, axis=-1) ** 2)")
    at.slider(key="main_step_slider").set_value(3).run()  # softmax: (3, 4) × (3, 4) = 144 entries
    assert at.get("plotly_chart"), "a 144-entry local Jacobian is drawn as a heatmap"

    at = run_program(at, "x = randn(300, seed=0)\nL = sum(tanh(x))")
    at.button(key="main_last").click().run()  # tanh: 300 × 300 = 90,000 entries
    assert not at.get("plotly_chart")
    assert any("90,000 entries" in element.value for element in at.info)
    no_exception(at)


def test_a_non_scalar_output_is_seeded_with_ones_and_the_page_says_so():
    at = run_program(new_app().run(), "x = [1.0, 2.0]\ny = x * x")

    assert any("seeded with **ones**" in element.value for element in at.markdown)
    assert "seed: ones(2)" in graph_text(at)


def test_a_program_without_operations_has_no_stepper_and_no_error():
    at = run_program(new_app().run(), "x = 3.0\n")

    no_exception(at)
    assert not at.error
    assert not at.get("slider")
    assert at.button(key="main_next").disabled


# -- the error path -------------------------------------------------------------------------


def test_an_error_shows_its_line_and_caret_and_keeps_the_text_as_typed():
    at = run_program(new_app().run(), BROKEN)

    no_exception(at)
    assert len(at.error) == 1
    message = at.error[0].value
    assert "line 2, col 9" in message
    assert "sum(x @ [1.0, 2.0, 3.0])" in message and "^^^" in message
    assert at.text_area(key="main_editor").value == BROKEN
    at.run()  # any later rerun keeps it too
    assert at.text_area(key="main_editor").value == BROKEN
    assert at.query_params["program"] == BROKEN  # a shared link shows the same error


def test_fixing_the_error_runs_the_program():
    at = run_program(new_app().run(), BROKEN)

    at = run_program(at, CIRCUIT_TYPED)

    assert not at.error
    assert at.slider(key="main_step_slider").max == 2


# -- the address --------------------------------------------------------------------------------


def test_query_parameters_reopen_the_same_program_and_step():
    at = new_app()
    at.query_params["program"] = CIRCUIT_TYPED
    at.query_params["step"] = "1"
    at.query_params["lang"] = "zh"
    at.run()

    no_exception(at)
    assert at.text_area(key="main_editor").value == CIRCUIT_TYPED
    assert at.session_state["main_step"] == 1
    assert at.slider(key="main_step_slider").value == 1
    assert "下游梯度：3" in edge_labels(at) and "下游梯度：?" in edge_labels(at)  # lang=zh
    assert not at.info  # nothing was wrong with the link
    assert at.query_params["lang"] == "zh"  # passed through untouched
    share = at.code[-1].value
    assert "program=x%20%3D%20-2%0Ay%20%3D%205" in share
    assert share.endswith("&step=1&lang=zh")


def test_a_step_past_the_end_shows_the_finished_pass():
    at = new_app()
    at.query_params["program"] = CIRCUIT_TYPED
    at.query_params["step"] = "99"
    at.run()

    assert at.session_state["main_step"] == 2
    assert "downstream: ?" not in edge_labels(at)
    assert at.query_params["step"] == "2"
    assert not at.info


@pytest.mark.parametrize("bad", ["abc", "-1", "1.5"])
def test_a_bad_step_parameter_falls_back_to_zero_with_a_note(bad):
    at = new_app()
    at.query_params["program"] = CIRCUIT_TYPED
    at.query_params["step"] = bad
    at.run()

    no_exception(at)
    assert at.session_state["main_step"] == 0
    notes = [element.value for element in at.info]
    assert len(notes) == 1 and "`step`" in notes[0] and repr(bad) in notes[0]


def test_an_empty_program_and_an_unknown_language_fall_back_with_notes():
    at = new_app()
    at.query_params["program"] = "   "
    at.query_params["lang"] = "fr"
    at.run()

    no_exception(at)
    assert at.text_area(key="main_editor").value == DEFAULT_EXAMPLE.program
    notes = " ".join(element.value for element in at.info)
    assert "`program`" in notes and "`lang`" in notes
    assert at.query_params["lang"] == "fr"  # left in the address as the user wrote it


def test_running_a_program_clears_the_notes_and_resets_the_step():
    at = new_app()
    at.query_params["step"] = "oops"
    at.run()
    at.slider(key="main_step_slider").set_value(3).run()

    at = run_program(at, CIRCUIT_TYPED)

    assert not at.info
    assert at.session_state["main_step"] == 0


# -- examples, gradient check, autoplay, exports ------------------------------------------------


@pytest.mark.parametrize("item", EXAMPLES, ids=lambda e: e.key)
def test_the_examples_picker_loads_every_example(item):
    at = new_app().run()

    at.selectbox(key="main_example").set_value(item.key).run()
    at.button(key="main_last").click().run()

    no_exception(at)
    assert not at.error
    assert at.text_area(key="main_editor").value == item.program
    assert any(item.teaches in element.value for element in at.caption)
    assert "downstream: ?" not in graph_text(at)


def test_the_variables_table_calls_a_label_variable_labels_not_unused():
    at = new_app()
    at.query_params["program"] = example("softmax-ce").program
    at.run()
    no_exception(at)
    frame = at.dataframe[0].value
    kinds = dict(zip(frame["name"], frame["kind"], strict=True))
    assert kinds["labels"] == "labels: constant"
    assert table_gradients(at)["labels"] == "none (labels get no gradient)"
    assert "unused" not in kinds.values()


def test_the_gradient_check_runs_on_demand():
    at = new_app().run()
    assert len(at.dataframe) == 1  # only the variables table

    at.button(key="main_gradcheck").click().run()

    no_exception(at)
    frame = at.dataframe[1].value
    assert list(frame["name"]) == ["x", "W1", "b1", "W2", "b2"]
    assert set(frame["verdict"]) == {"ok"}
    assert all(float(error) < 1e-6 for error in frame["max_rel_error"])
    at.button(key="main_next").click().run()  # stepping keeps the result on screen
    assert len(at.dataframe) == 2


def test_autoplay_advances_one_step_per_tick_and_stops_at_the_end():
    at = run_program(new_app().run(), CIRCUIT_TYPED)

    at.button(key="main_play").click().run()
    assert at.session_state["main_playing"] is True
    assert at.button(key="main_play").label == i18n.t("ui.pause")
    for expected in (1, 2):
        at.session_state["main_tick"] = 0.0  # as if the interval had passed
        at.run()
        assert at.session_state["main_step"] == expected
    assert at.session_state["main_playing"] is False  # stopped at the end
    assert at.button(key="main_play").label == i18n.t("ui.play")
    at.run()
    assert at.session_state["main_step"] == 2  # and nothing moves any more


def test_a_step_click_pauses_autoplay():
    at = run_program(new_app().run(), CIRCUIT_TYPED)
    at.button(key="main_play").click().run()

    at.button(key="main_next").click().run()

    assert at.session_state["main_playing"] is False


def test_exports_offer_svg_dot_and_the_worked_solution():
    at = new_app().run()
    at.button(key="main_next").click().run()

    buttons = {element.proto.label: element.proto for element in at.get("download_button")}
    slides = buttons.pop(i18n.t("main.slides.button"))  # made on click: test_app_classroom.py

    assert set(buttons) == {i18n.t(f"ui.{k}") for k in ("export_svg", "export_dot", "export_md")}
    assert all(proto.url for proto in buttons.values())
    assert slides.deferred_file_id


@pytest.fixture
def no_graphviz(monkeypatch):
    """As on a machine without Graphviz's `dot` program (graphs laid out before are dropped)."""
    monkeypatch.setattr(render, "svg", lambda dot: None)
    ui.clear_graph_cache()
    yield
    ui.clear_graph_cache()


def test_without_graphviz_the_browser_lays_out_the_dot(no_graphviz):
    at = run_program(new_app().run(), CIRCUIT_TYPED)
    at.button(key="main_last").click().run()

    no_exception(at)
    spec = at.get("graphviz_chart")[0].proto.spec
    assert spec.startswith("digraph")
    assert spec.count("downstream: -4") == 3 and "downstream: 3" in spec
    labels = [element.proto.label for element in at.get("download_button")]
    assert i18n.t("ui.export_svg") not in labels and i18n.t("ui.export_dot") in labels


def test_graph_html_hides_the_svg_from_the_sanitiser_and_keeps_it_exact():
    svg = (
        '<?xml version="1.0"?>\n<!DOCTYPE svg>\n<svg width="300pt" height="50pt">'
        '<g class="node"><title>op1</title><text>a &lt; b &amp; "c"</text></g></svg>\n'
    )

    body = ui.graph_html(svg, "fit", "op1", 3)

    script = body[body.index("<script>") + len("<script>") : body.index("</script>")]
    # DOMPurify drops a <script> whose text looks like markup ("<" then a letter or "/").
    assert re.search(r"<[/\w!?]", script) is None
    marker = "innerHTML = "
    payload, _ = json.JSONDecoder().raw_decode(script, script.index(marker) + len(marker))
    assert payload == svg[svg.index("<svg") :]
    assert 'data-step="3"' in body and 'data-focus="op1"' in body
    assert "max(100%, 300px)" in script  # "Fit": never below 75 % of 400 px
    assert "zoom: 1.5" in ui.graph_html(svg, 150, "op1", 3)


# -- step latency (run this file directly) ------------------------------------------------------


def chain_program(layers: int = 100) -> str:
    """A program of 2 × layers + 2 operation nodes: 202 for 100 layers."""
    lines = ["h0 = randn(4, seed=0)"]
    for i in range(1, layers + 1):
        lines.append(f"h{i} = tanh(h{i - 1} * 0.9)")
    lines.append(f"L = sum(h{layers} ** 2)")
    return "\n".join(lines) + "\n"


def test_the_200_node_program_steps_without_error():
    at = new_app()
    at.query_params["program"] = chain_program()
    at.query_params["step"] = "100"
    at.run()

    no_exception(at)
    assert not at.error
    assert at.slider(key="main_step_slider").max == 202
    at.button(key="main_next").click().run()
    assert at.session_state["main_step"] == 101


def _timed(at: AppTest, action) -> float:
    start = time.perf_counter()
    action(at).run()
    return time.perf_counter() - start


def time_steps(program: str, clicks: int = 6) -> dict[str, list[float]]:
    """Seconds from a step interaction to the rerun that shows its graph (AppTest, in process).

    ``next``: a Next click a moment after the previous step (its graph was laid out in
    the background meanwhile); ``jump``: a slider jump to a step never shown (laid out
    on the click); ``layout``: render.dot_source + render.svg alone for one step.
    """
    from engine import session

    ui.clear_graph_cache()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["program"] = program
    at.run()
    n = at.slider(key="main_step_slider").max
    result = session.run(program)
    times: dict[str, list[float]] = {"next": [], "jump": [], "layout": []}
    for _ in range(clicks):
        time.sleep(1.5)  # a person reads the step before the next click
        times["next"].append(_timed(at, lambda a: a.button(key="main_next").click()))
    for k in range(clicks):
        target = int(n) - 2 * k - 1  # far from anything shown or prefetched
        time.sleep(1.5)
        times["jump"].append(
            _timed(at, lambda a, t=target: a.slider("main_step_slider").set_value(t))
        )
    for k in range(clicks):
        start = time.perf_counter()
        render.svg(render.dot_source(result.trace, k, spans=result.spans))
        times["layout"].append(time.perf_counter() - start)
    assert not at.exception
    return times


if __name__ == "__main__":
    import statistics

    for label, program in (
        ("two-layer example", DEFAULT_EXAMPLE.program),
        ("202-op chain", chain_program()),
    ):
        for kind, times in time_steps(program).items():
            print(
                f"{label:18} {kind:7} median {statistics.median(times) * 1000:5.0f} ms, "
                f"max {max(times) * 1000:5.0f} ms ({len(times)} samples)"
            )
