"""The main page under Streamlit's AppTest: editor, graph component, panel, table, URL, exports.

The graph is a Streamlit component (``ui.graph_view``) that the browser steps by
itself; here the page's side of it is tested: the data it sends (``graph_payload``),
what the viewer shows at a step (``shown_labels``, which mirrors viewer.js's
``paint``), and what the page shows when the component reports a step (the
session's ``main_step``). Clicks, keys and autoplay are browser tests
(tests/test_browser_main.py).

Also a timing tool for the server's side of a step (see the bottom of the file):
``.venv/bin/python tests/test_app_main.py`` prints the time from a step the browser
reports to the page that shows its panel, for the two-layer example and a 200-node
program, and the time to lay each graph out once.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest
from app_support import (
    graph_payload,
    shown_labels,
    shown_states,
    static_labels,
    static_states,
)
from streamlit.testing.v1 import AppTest

from engine import i18n
from engine.views import graphsvg, graphview, session, urls, viewer, worked
from engine.views.examples import DEFAULT_EXAMPLE, EXAMPLES, example
from engine.views.graph import RunGraph
from engine.views.palette import PALETTE

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `import ui`, as app.py does
    sys.path.insert(0, str(ROOT))

import ui  # noqa: E402
import ui_classroom  # noqa: E402

CIRCUIT = example("cs231n-circuit").program
CIRCUIT_TYPED = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z\n"
BROKEN = "x = [1.0, 2.0]\nL = sum(x @ [1.0, 2.0, 3.0])\n   # the user's own comment\n"


def new_app() -> AppTest:
    return AppTest.from_file("../app.py", default_timeout=30)


def graph_labels(at: AppTest) -> dict[str, tuple[str, ...]]:
    """Every element's label parts as the viewer shows them at the page's step (the one the
    server moved it to, or the one the browser reported since)."""
    return shown_labels(graph_payload(at), at.session_state["main_step"])


def cards(labels: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The input edges' cards (upstream, · local, = downstream), by edge name."""
    return {name: parts for name, parts in labels.items() if "->op" in name}


def gradients(labels: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each value box's gradient row, by the variable's name (its shape left out)."""
    return {
        parts[0].split(" (")[0]: parts[2]
        for name, parts in labels.items()
        if name.startswith("v") and "->" not in name and len(parts) == 3
    }


def circuit_names(source: str = CIRCUIT_TYPED) -> dict[str, str]:
    """The circuit's element names: v<id> per variable, op<id> per operation and the
    four input edges as "x->q", "y->q", "q->f", "z->f"."""
    trace = session.run(source).trace
    x, y, z, q, f = (trace.by_name(name).id for name in "xyzqf")
    return {
        **{name: f"v{trace.by_name(name).id}" for name in "xyzqf"},
        "op q": f"op{q}",
        "op f": f"op{f}",
        "x->q": f"v{x}->op{q}#0",
        "y->q": f"v{y}->op{q}#1",
        "q->f": f"v{q}->op{f}#0",
        "z->f": f"v{z}->op{f}#1",
    }


def step_to(at: AppTest, step: int) -> AppTest:
    """As when the graph reports a step the browser took (``ui._on_graph_step``)."""
    at.session_state["main_step"] = step
    return at.run()


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


def laid_out(
    source: str, lang: str = "en", aspect: float = graphview.SCREEN_ASPECT
) -> graphview.Scene:
    return graphview.layout(graphview.build_scene(session.run(source).graph, lang), aspect=aspect)


#: The shape of the graph's box on the normal page (the layout's orientation follows it).
PAGE_ASPECT = ui_classroom.graph_aspect(ui_classroom.Room(False, None))


# -- the helpers that read the graph agree with the engine's own one-step SVG -----------------


@pytest.mark.parametrize("key", ["cs231n-circuit", "fan-out", "two-layer"])
def test_shown_labels_mirror_the_one_step_svg_at_every_step(key):
    scene = laid_out(example(key).program)
    plain = viewer.payload(scene)
    for k in range(scene.n_steps + 1):
        static = graphsvg.svg_markup(scene, k, live=False)
        assert shown_labels(plain, k) == static_labels(static), k
        assert shown_states(plain, k) == static_states(static), k
        for quantity in graphsvg.HIDDEN_PARTS:
            quiz = viewer.payload(scene, hide={"quantity": quantity, "revealed": []})
            hidden = graphsvg.svg_markup(
                scene, k, live=False, hide={"step": k, "quantity": quantity}
            )
            assert shown_labels(quiz, k) == static_labels(hidden), (k, quantity)
            revealed = viewer.payload(scene, hide={"quantity": quantity, "revealed": [k]})
            assert shown_labels(revealed, k) == shown_labels(plain, k)


def test_shown_labels_change_with_the_step_and_can_tell_steps_apart():
    scene = laid_out(CIRCUIT_TYPED)
    payload = viewer.payload(scene)
    names = circuit_names()

    by_step = [shown_labels(payload, k) for k in range(scene.n_steps + 1)]

    assert by_step[0][names["q->f"]] == ("1", "· ?", "= ?")
    assert by_step[1][names["q->f"]] == ("1", "· -4", "= -4")
    assert by_step[0] != by_step[1] != by_step[2]
    boxes = {name for name, element in scene.elements.items() if element.kind != "card"}
    wires = {wire.name for wire in scene.wires}  # a card is drawn inside its wire's g.edge
    assert by_step[0].keys() == by_step[2].keys() == boxes | wires


# -- loading and running ---------------------------------------------------------------


def test_page_loads_with_the_default_example_at_step_zero():
    at = new_app().run()

    no_exception(at)
    assert not at.error
    assert at.title[0].value == "Chainrule"
    assert at.text_area(key="main_editor").value == DEFAULT_EXAMPLE.program
    assert at.session_state["main_step"] == 0
    grads = gradients(graph_labels(at))
    output = session.run(DEFAULT_EXAMPLE.program).program.output_name
    assert grads.pop(output) == "∇ 1"  # the seed at the output...
    assert grads and set(grads.values()) == {"∇ ?"}  # ...and nothing else known yet
    assert at.query_params["step"] == "0"
    assert at.query_params["program"] == DEFAULT_EXAMPLE.program


def test_the_page_sends_the_programs_scene_once_with_its_step():
    at = run_program(new_app().run(), CIRCUIT_TYPED)
    payload = graph_payload(at)

    expected = viewer.payload(laid_out(CIRCUIT_TYPED, aspect=PAGE_ASPECT))
    assert payload["svg"] == expected["svg"]  # every step's labels, drawn once
    assert payload["meta"] == json.loads(json.dumps(expected["meta"])) and payload["meta"]["n"] == 2
    assert payload["labels"] == viewer.labels("en")
    assert (payload["step"], payload["hide"]) == (0, None)
    assert payload["height"] == ui_classroom.graph_height(ui_classroom.Room(False, None))


def test_a_typed_program_runs_and_shows_its_graph_at_step_zero():
    at = run_program(new_app().run(), CIRCUIT_TYPED)

    no_exception(at)
    assert not at.error
    assert at.session_state["main_source"] == CIRCUIT_TYPED
    edges = cards(graph_labels(at))
    assert len(edges) == 4 and all(len(parts) == 3 for parts in edges.values())
    # Only the seed is known: it is the upstream of the first step's two edges.
    names = circuit_names()
    assert edges[names["q->f"]] == edges[names["z->f"]] == ("1", "· ?", "= ?")
    assert edges[names["x->q"]] == edges[names["y->q"]] == ("?", "· ?", "= ?")
    states = shown_states(graph_payload(at), 0)
    assert states[names["op f"]] == states[names["op q"]] == "pending"
    assert graph_payload(at)["meta"]["n"] == 2


def test_stepping_to_the_end_shows_the_cs231n_gradients_on_the_edges():
    at = run_program(new_app().run(), CIRCUIT_TYPED)
    names = circuit_names()

    step_to(at, 1)
    after_one = graph_labels(at)
    states = shown_states(graph_payload(at), 1)
    step_to(at, 2)
    after_all = graph_labels(at)

    no_exception(at)
    # step 1 (f = q * z): q gets 1 · z = -4 and z gets 1 · q = 3; x, y are still unknown
    assert after_one[names["q->f"]] == ("1", "· -4", "= -4")
    assert after_one[names["z->f"]] == ("1", "· 3", "= 3")
    assert after_one[names["x->q"]] == ("-4", "· ?", "= ?")  # q's gradient is its upstream
    assert gradients(after_one) == {"x": "∇ ?", "y": "∇ ?", "z": "∇ 3", "q": "∇ -4", "f": "∇ 1"}
    assert states[names["op f"]] == "current" and states[names["op q"]] == "pending"
    assert states[names["q->f"]] == states[names["z->f"]] == "current"
    # the end: the add gate routes -4 to both x and y
    assert after_all[names["x->q"]] == after_all[names["y->q"]] == ("-4", "· 1", "= -4")
    assert after_all[names["z->f"]] == ("1", "· 3", "= 3")
    assert gradients(after_all) == {"x": "∇ -4", "y": "∇ -4", "z": "∇ 3", "q": "∇ -4", "f": "∇ 1"}
    assert table_gradients(at) == {"x": "-4", "y": "-4", "z": "3", "q": "-4", "f": "1"}
    # The page is at step 2; the graph it sends still starts where the run left it (the
    # browser took the steps), so the steps resent nothing of the graph.
    assert (at.session_state["main_step"], graph_payload(at)["step"]) == (2, 0)
    assert at.code[-1].value.endswith("&step=2")  # the share link


def test_a_step_the_browser_reports_leaves_the_viewer_where_it_is_and_a_run_moves_it():
    at = run_program(new_app().run(), CIRCUIT_TYPED)
    first = graph_payload(at)

    step_to(at, 2)
    reported, stepped = graph_payload(at), at.session_state["main_step"]
    at = run_program(at, example("fan-out").program)
    rerun = graph_payload(at)

    # The browser is already at the step it reported: the page sends the very same graph
    # (its start step and seq unchanged), so the viewer stays put and Streamlit sends the
    # browser a reference to the copy it has, not the graph again.
    assert reported == first and stepped == 2
    assert (reported["step"], reported["seq"]) == (0, first["seq"])
    # A new program starts at step 0, and a new seq tells the viewer to go there.
    assert (rerun["step"], rerun["seq"]) == (0, first["seq"] + 1)
    assert at.session_state["main_step"] == 0
    assert rerun["meta"]["key"] != reported["meta"]["key"]


def test_the_step_panel_shows_upstream_local_and_downstream_with_shapes():
    at = step_to(run_program(new_app().run(), CIRCUIT_TYPED), 1)

    latex = latex_values(at)
    captions = [element.value for element in at.caption]

    assert any("diag" in text for text in latex)  # the mul rule's formula
    assert any(text.endswith("= -4") for text in latex)  # local ∂f/∂q = z = -4
    assert "1" in latex and "3" in latex  # the upstream (the seed) and a downstream
    assert any("Shapes:" in text and "() · () → ()" in text for text in captions)
    listing = [html.value for html in at.get("html") if "cr-source" in html.value]
    assert listing and "<mark>q * z</mark>" in listing[0]  # the current line, marked
    assert at.subheader[0].value == i18n.t(
        "ui.step_node", step=1, n=2, name="f", expression="q * z"
    )


def test_a_broadcast_step_shows_the_sum_back_to_the_inputs_shape():
    at = step_to(run_program(new_app().run(), example("broadcast").program), 3)  # Y = X + b

    warnings = [element.value for element in at.warning]

    no_exception(at)
    assert any("(2, 3) → (3,)" in text for text in warnings)
    b_card = [parts for name, parts in cards(graph_labels(at)).items() if name.endswith("#1")]
    assert any(parts[2].endswith(" Σ→(3,)") for parts in b_card)  # and on the graph


def test_a_medium_jacobian_is_a_heatmap_and_a_huge_one_is_described():
    at = run_program(new_app().run(), "x = randn(3, 4, seed=0)\nL = sum(softmax(x, axis=-1) ** 2)")
    step_to(at, 3)  # softmax: (3, 4) × (3, 4) = 144 entries
    assert at.get("plotly_chart"), "a 144-entry local Jacobian is drawn as a heatmap"

    at = run_program(at, "x = randn(300, seed=0)\nL = sum(tanh(x))")
    step_to(at, graph_payload(at)["meta"]["n"])  # tanh: 300 × 300 = 90,000 entries
    assert not at.get("plotly_chart")
    assert any("90,000 entries" in element.value for element in at.info)
    no_exception(at)


def test_a_non_scalar_output_is_seeded_with_ones_and_the_page_says_so():
    at = run_program(new_app().run(), "x = [1.0, 2.0]\ny = x * x")

    assert any("seeded with **ones**" in element.value for element in at.caption)
    assert gradients(graph_labels(at))["y"] == "∇ [1 1]"


def test_a_program_without_operations_has_no_steps_and_no_error():
    at = run_program(new_app().run(), "x = 3.0\n")

    no_exception(at)
    assert not at.error
    payload = graph_payload(at)
    assert payload["meta"]["n"] == 0  # the viewer's stepper has nowhere to go
    assert shown_labels(payload, 0) == {"v0": ("x", "3", "∇ 1")}
    assert any(i18n.t("ui.no_steps") in element.value for element in at.markdown)


# -- the error path -------------------------------------------------------------------------


def test_an_error_shows_its_line_and_caret_and_keeps_the_text_as_typed():
    at = run_program(new_app().run(), BROKEN)

    no_exception(at)
    assert len(at.error) == 1
    message = at.error[0].value
    assert "line 2, col 9" in message
    assert "sum(x @ [1.0, 2.0, 3.0])" in message and "^^^" in message
    assert at.text_area(key="main_editor").value == BROKEN
    assert not at.get("bidi_component")  # no graph for a program that does not run
    at.run()  # any later rerun keeps it too
    assert at.text_area(key="main_editor").value == BROKEN
    assert at.query_params["program"] == BROKEN  # a shared link shows the same error


def test_fixing_the_error_runs_the_program():
    at = run_program(new_app().run(), BROKEN)

    at = run_program(at, CIRCUIT_TYPED)

    assert not at.error
    assert graph_payload(at)["meta"]["n"] == 2


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
    payload = graph_payload(at)
    assert payload["step"] == 1  # the viewer opens at the address's step
    labels, names = graph_labels(at), circuit_names()
    assert labels[names["z->f"]][2] == "= 3" and labels[names["x->q"]][2] == "= ?"
    assert labels[names["op f"]] == ("*", "第 1 步")  # lang=zh
    assert payload["labels"] == viewer.labels("zh")
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
    assert graph_payload(at)["step"] == 2
    shown = [text for parts in graph_labels(at).values() for text in parts]
    assert shown and not [text for text in shown if "?" in text]
    assert at.code[-1].value.endswith("&step=2")  # the share link says where the page is
    assert not at.info


@pytest.mark.parametrize("bad", ["abc", "-1", "1.5"])
def test_a_bad_step_parameter_falls_back_to_zero_with_a_note(bad):
    at = new_app()
    at.query_params["program"] = CIRCUIT_TYPED
    at.query_params["step"] = bad
    at.run()

    no_exception(at)
    assert at.session_state["main_step"] == 0
    assert graph_payload(at)["step"] == 0
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
    step_to(at, 3)

    at = run_program(at, CIRCUIT_TYPED)

    assert not at.info
    assert at.session_state["main_step"] == 0
    assert graph_payload(at)["step"] == 0
    assert at.query_params["step"] == "0"


# -- examples, gradient check, exports ----------------------------------------------------------


@pytest.mark.parametrize("item", EXAMPLES, ids=lambda e: e.key)
def test_the_examples_picker_loads_every_example(item):
    at = new_app().run()

    at.selectbox(key="main_example").set_value(item.key).run()
    step_to(at, graph_payload(at)["meta"]["n"])

    no_exception(at)
    assert not at.error
    assert at.text_area(key="main_editor").value == item.program
    teaches = i18n.t(f"example.{item.key}.teaches", "en")
    assert any(teaches in element.value for element in at.caption)
    shown = [text for parts in graph_labels(at).values() for text in parts]
    assert shown and not [text for text in shown if "?" in text]  # the whole pass is known


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
    step_to(at, 1)  # stepping keeps the result on screen
    assert len(at.dataframe) == 2


def _as_text(data) -> str:
    return data.decode("utf-8") if isinstance(data, bytes) else data


def test_exports_offer_svg_dot_and_the_worked_solution(deferred):
    at = step_to(run_program(new_app().run(), CIRCUIT_TYPED), 1)

    buttons = {element.proto.label: element.proto for element in at.get("download_button")}
    slides = buttons.pop(i18n.t("main.slides.button"))  # test_app_classroom.py
    script = buttons.pop(i18n.t("ui.export_torch"))  # below

    assert set(buttons) == {i18n.t(f"ui.{k}") for k in ("export_svg", "export_dot", "export_md")}
    # Every file is made when its button is clicked, not on every step the page follows.
    assert all(proto.deferred_file_id for proto in buttons.values())
    assert slides.deferred_file_id and script.deferred_file_id
    svg = _as_text(deferred["chainrule-f-step-1-of-2.svg"]())
    dot = _as_text(deferred["chainrule-f-step-1-of-2.dot"]())
    assert _as_text(deferred["chainrule-f-backward.md"]()).startswith("## Backward pass of `f`")
    # The SVG export: the viewer's labels at this step, its stylesheet inside (laid out for
    # a screen, not for the page's box).
    scene = laid_out(CIRCUIT_TYPED)
    assert svg == graphsvg.static_svg(scene, 1)
    assert static_labels(svg) == graph_labels(at)
    names = circuit_names()
    states = static_states(svg)
    assert states[names["op f"]] == states[names["q->f"]] == "current"
    assert states[names["op q"]] == "pending"
    # The DOT export: the same step, in the same colours.
    assert dot == graphsvg.dot_export(scene, 1)
    assert f'"{names["op f"]}" [' in dot and 'class="current"' in dot
    for exported in (svg, dot):
        for role in ("value", "upstream", "local", "downstream", "current", "pending"):
            assert PALETTE[role] in exported, (role, exported[:60])
    assert 'class="node op current"' in svg and 'class="edge current"' in svg


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_pytorch_button_downloads_the_program_as_a_script(deferred, lang):
    at = new_app()
    at.query_params["program"] = CIRCUIT_TYPED
    at.query_params["lang"] = lang
    at.run()

    labels = [element.proto.label for element in at.get("download_button")]
    assert i18n.t("ui.export_torch", lang) in labels
    script = deferred["chainrule-f-pytorch.py"]()

    assert "import torch" in script and "f.backward()" in script
    assert "x = torch.tensor(-2.0, dtype=torch.float64, requires_grad=True)" in script
    assert "q = x + y\nf = q * z\n" in script
    assert i18n.t("torch.leaves", lang) in script  # the comments in the page's language


@pytest.fixture
def no_graphviz(monkeypatch):
    """As on a machine without Graphviz's `dot` program (graphs laid out before are dropped)."""
    monkeypatch.setenv("PATH", str(ROOT / "no-such-directory"))
    ui.cached_scene.clear()
    ui.cached_payload.clear()
    yield
    ui.cached_scene.clear()
    ui.cached_payload.clear()


def test_without_graphviz_the_graph_is_laid_out_here(no_graphviz, deferred):
    at = step_to(run_program(new_app().run(), CIRCUIT_TYPED), 2)

    no_exception(at)
    payload = graph_payload(at)
    assert payload["meta"]["layout"] == "layered"
    names = circuit_names()
    labels = graph_labels(at)
    assert labels[names["x->q"]] == labels[names["y->q"]] == ("-4", "· 1", "= -4")
    assert labels[names["z->f"]] == ("1", "· 3", "= 3")
    labels = [element.proto.label for element in at.get("download_button")]
    assert i18n.t("ui.export_svg") in labels and i18n.t("ui.export_dot") in labels
    assert "<svg" in _as_text(deferred["chainrule-f-step-2-of-2.svg"]())


def _counted(function, name: str, calls: dict[str, int]):
    def counting(*args, **kwargs):
        calls[name] = calls.get(name, 0) + 1
        return function(*args, **kwargs)

    return counting


def test_a_step_rerun_reuses_the_run_and_the_layout_and_makes_no_export(monkeypatch):
    # A program no other test runs: its run and layout are made here, once.
    source = "u = 3\nv = -1\nw = u * v\ns = w + u\nr = s * s"
    at = run_program(new_app().run(), source)
    no_exception(at)
    calls: dict[str, int] = {}
    for module, name in (
        (session, "run"),
        (graphview, "build_scene"),
        (graphview, "layout"),
        (viewer, "payload"),
        (graphsvg, "static_svg"),
        (graphsvg, "dot_export"),
        (worked, "worked_solution"),
    ):
        monkeypatch.setattr(module, name, _counted(getattr(module, name), name, calls))

    for step in (1, 2, 3, 1, 0):  # as the graph reports the steps the browser takes
        step_to(at, step)
        no_exception(at)

    assert graph_payload(at)["step"] == 0
    assert calls == {}, "a step rerun recomputed what is cached per program, or an export"


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
    payload = graph_payload(at)
    assert (payload["meta"]["n"], payload["step"]) == (202, 100)
    step_to(at, 101)
    assert at.session_state["main_step"] == 101
    assert at.subheader[0].value.startswith(i18n.t("ui.step_status", step=101, n=202))


def _timed(at: AppTest, step: int) -> float:
    start = time.perf_counter()
    step_to(at, step)
    return time.perf_counter() - start


def time_steps(program: str, steps: int = 6) -> dict[str, list[float]]:
    """Seconds for the server's side of a step (AppTest, in process).

    ``step``: from a step the browser reports to the rerun that shows its panel
    (the graph itself steps in the browser, with no round trip); ``layout``: laying
    the program's graph out once (build_scene + layout), which a page does once
    per program and language.
    """
    ui.cached_scene.clear()
    ui.cached_payload.clear()
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["program"] = program
    at.run()
    n = graph_payload(at)["meta"]["n"]
    trace = session.run(program).trace
    times: dict[str, list[float]] = {"step": [], "layout": []}
    for k in range(steps):
        times["step"].append(_timed(at, min(n, 2 * k + 1)))
    for _ in range(steps):
        start = time.perf_counter()
        graphview.layout(graphview.build_scene(RunGraph(trace)))
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


# -- a long program travels compressed ----------------------------------------------------------

LONG_PROGRAM = "x = [1.0, -2.0]  # " + "说明：非 ASCII 的注释。" * 1200 + "\nL = sum(x * x)"


def test_a_long_program_is_written_as_programz_and_read_back():
    at = run_program(new_app().run(), LONG_PROGRAM)
    no_exception(at)
    assert "program" not in at.query_params
    packed = at.query_params["programz"]
    assert urls.unpack_program(packed) == LONG_PROGRAM

    again = new_app()
    again.query_params["programz"] = packed
    again.query_params["step"] = "1"
    again.run()
    no_exception(again)
    assert again.text_area(key="main_editor").value == LONG_PROGRAM
    assert again.session_state["main_step"] == 1
    assert not again.info  # no note: the link was good

    # Back to a short program: the address holds it plain again.
    at = run_program(at, "x = 3.0\nL = x * x")
    assert at.query_params["program"] == "x = 3.0\nL = x * x"
    assert "programz" not in at.query_params


def test_a_damaged_programz_falls_back_to_the_default_with_a_note():
    at = new_app()
    at.query_params["programz"] = urls.pack_program(LONG_PROGRAM)[:-40]
    at.run()
    no_exception(at)
    assert at.text_area(key="main_editor").value == DEFAULT_EXAMPLE.program
    (note,) = [info.value for info in at.info]
    assert "`programz`" in note


# -- look-alike names and bidirectional controls -------------------------------------------------


def test_look_alike_names_are_a_warning_under_the_editor_in_both_languages():
    source = "a = 1.0\n\u0430 = 2.0\nL = a * \u0430"
    at = run_program(new_app().run(), source)
    no_exception(at)
    assert not at.error  # it ran
    (warning,) = at.warning
    assert "line 2, col 1: `\u0430` looks like `a` (line 1)" in warning.value
    zh = new_app()
    zh.query_params["program"] = source
    zh.query_params["lang"] = "zh"
    zh.run()
    assert any("第 2 行，第 1 列" in element.value for element in zh.warning)


def test_a_right_to_left_override_in_a_comment_is_shown_as_a_marker_in_the_listing():
    source = "x = [1.0, 2.0]  # \u202e)x(pxe = L\nL = sum(x * x)"
    at = run_program(new_app().run(), source)
    no_exception(at)
    listing = next(e.proto.body for e in at.get("html") if "cr-source" in e.proto.body)
    assert "⟨U+202E⟩)x(pxe = L" in listing
    assert "\u202e" not in listing
