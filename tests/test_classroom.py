"""engine.views.classroom (questions, checking, the score, present=1) and quiz mode's graph."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from app_support import dot_statements, static_labels

from engine.views import classroom, graphsvg, graphview, session, steps
from engine.views.examples import EXAMPLES, example
from engine.views.graph import RunGraph

CIRCUIT = example("cs231n-circuit").program
VECTOR = "x = [1.0, 2.0, 3.0]\nw = [0.5, -1.0, 2.0]\nL = sum(x * w)\n"


def _panel(source: str, step: int):
    result = session.run(source)
    return steps.step_panel(result.graph, step)


# -- questions and answers -------------------------------------------------------------------


def test_a_step_asks_one_question_per_input_that_gets_a_gradient():
    asked = classroom.questions(_panel(CIRCUIT, 1), "downstream")  # f = q * z

    assert [(q.input_name, float(q.expected)) for q in asked] == [("q", -4.0), ("z", 3.0)]
    assert classroom.questions(None, "downstream") == ()


def test_a_constant_input_is_not_asked():
    asked = classroom.questions(_panel("x = 3.0\nL = x * 2\n", 1), "downstream")

    assert [q.input_name for q in asked] == ["x"]


@pytest.mark.parametrize("target", classroom.QUIZ_TARGETS)
def test_what_is_hidden_is_what_is_asked_on_every_step_of_every_example(target):
    for item in EXAMPLES:
        result = session.run(item.program)
        for k in range(1, result.n_steps + 1):
            panel = steps.step_panel(RunGraph(result.trace), k)
            asked = {q.index for q in classroom.questions(panel, target)}
            from_trace = classroom.asked_inputs(result.trace[k - 1].edges)
            hidden = classroom.hidden_at(target, k, from_trace)
            assert hidden.inputs == asked and hidden.active == bool(asked), (item.key, k)
            for edge in panel.edges:
                asked_here = edge.index in asked
                assert hidden.downstream(edge.index) == asked_here
                assert hidden.local(edge.index) == (asked_here and target == "local")
            assert hidden.note == bool(asked) and hidden.table_step(k) == k - bool(asked)
            assert hidden.graph_hide == ((target, k) if asked else None)


def test_nothing_is_hidden_off_revealed_or_at_step_zero():
    for hidden in (
        classroom.hidden_at(None, 1, (0, 1)),
        classroom.hidden_at("local", 1, (0, 1), revealed=True),
        classroom.hidden_at("downstream", 0, (0,)),
    ):
        assert not hidden.active and not hidden.note and not hidden.downstream(0)
        assert not hidden.local(0) and hidden.graph_hide is None
    with pytest.raises(ValueError):
        classroom.hidden_at("upstream", 1, (0,))


def test_the_local_question_is_the_jacobian_in_its_own_shape():
    (x, w) = classroom.questions(_panel(VECTOR, 2), "local")  # x * w, elementwise

    assert x.shape == (3, 3) and np.array_equal(x.expected, np.diag([0.5, -1.0, 2.0]))
    assert w.shape == (3, 3) and np.array_equal(w.expected, np.diag([1.0, 2.0, 3.0]))


def test_an_unknown_target_is_refused():
    with pytest.raises(ValueError, match="quiz target"):
        classroom.questions(_panel(CIRCUIT, 1), "upstream")


def test_check_answer_says_right_wrong_unreadable_or_wrong_size():
    assert classroom.check_answer("-4", -4.0).kind == "right"
    assert classroom.check_answer("0.39, -0.59", [0.3932, -0.5898]).kind == "right"
    wrong = classroom.check_answer("[0.5, 1, 2]", [0.5, -1.0, 2.0])
    assert (wrong.kind, wrong.wrong) == ("wrong", ((1,),))
    unreadable = classroom.check_answer("[1, 2", [1.0, 2.0])
    assert unreadable.kind == "unreadable" and "never closed" in str(unreadable.detail)
    size = classroom.check_answer("1 2 3", [[1.0, 2.0]])
    assert (size.kind, size.answer_size, size.readable) == ("wrong-size", 3, False)


def test_a_step_is_right_only_when_every_answer_is_right_and_readable():
    asked = classroom.questions(_panel(CIRCUIT, 1), "downstream")

    right = classroom.check_step(asked, {0: "-4", 1: "3"})
    half = classroom.check_step(asked, {0: "-4", 1: "4"})
    typo = classroom.check_step(asked, {0: "-4", 1: "three"})
    missing = classroom.check_step(asked, {0: "-4"})

    assert (right.readable, right.correct) == (True, True)
    assert (half.readable, half.correct) == (True, False)
    assert (typo.readable, typo.correct) == (False, False)
    assert missing.verdicts[1].kind == "unreadable"  # an empty box says what to type


def test_wrong_entries_are_listed_as_multi_indices():
    verdict = classroom.check_answer("1 2; 3 5", [[1.0, 2.0], [3.0, 4.0]])

    assert classroom.wrong_entries_text(verdict.wrong) == "[1, 1]"


# -- the score --------------------------------------------------------------------------------


def test_a_step_counts_once_at_its_first_readable_answer():
    asked = classroom.questions(_panel(CIRCUIT, 1), "downstream")
    key = (CIRCUIT, 1, "downstream")
    record: dict = {}

    record = classroom.after_check(record, key, classroom.check_step(asked, {0: "x", 1: "3"}))
    assert classroom.score(record) == classroom.Score(0, 0)  # unreadable: not a try
    record = classroom.after_check(record, key, classroom.check_step(asked, {0: "4", 1: "3"}))
    record = classroom.after_check(record, key, classroom.check_step(asked, {0: "-4", 1: "3"}))
    assert classroom.score(record) == classroom.Score(0, 1)  # the first try decided it
    record = classroom.after_reveal(record, (CIRCUIT, 2, "downstream"))
    assert classroom.score(record) == classroom.Score(0, 2)  # revealed untried: missed


# -- presentation mode and slides ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "present", "noted"),
    [(None, False, False), ("1", True, False), ("true", True, False), ("0", False, False)]
    + [("2", False, True), ("", False, True), ("yes please", False, True)],
)
def test_present_parameter(raw, present, noted):
    value, note = classroom.read_present(raw)

    assert value is present
    assert (note is not None) is noted
    if noted:
        assert note.parameter == "present" and note.reason == "not-present"


@pytest.mark.parametrize(
    ("raw", "target", "noted"),
    [(None, None, False), ("downstream", "downstream", False), ("local", "local", False)]
    + [(" LOCAL ", "local", False), ("1", "downstream", False), ("off", None, False)]
    + [("upstream", None, True), ("", None, True), ("jacobian", None, True)],
)
def test_quiz_parameter(raw, target, noted):
    value, note = classroom.read_quiz(raw)

    assert value == target
    assert (note is not None) is noted
    if noted:
        assert note.parameter == "quiz" and note.reason == "not-quiz" and note.value == raw
    assert classroom.quiz_params(value) == ({} if value is None else {"quiz": value})
    if value is not None:  # what the page writes, it reads back
        assert classroom.read_quiz(classroom.quiz_params(value)["quiz"]) == (value, None)


def test_slides_are_offered_for_a_pass_of_lesson_length():
    assert classroom.slides_available(classroom.SLIDES_MAX_STEPS) is None
    assert classroom.slides_available(classroom.SLIDES_MAX_STEPS + 1) == "too-long"
    assert session.slides_name("L") == "chainrule-L-slides.html"


# -- quiz mode's graph (the exports: engine.views.graphsvg with hide) ---


def _scene(source: str):
    return graphview.layout(graphview.build_scene(session.run(source).graph))


def _hide(step: int, quantity: str) -> dict:
    return {"step": step, "quantity": quantity}


def _svg_labels(scene, step: int, hide: dict | None = None) -> dict[str, tuple[str, ...]]:
    return static_labels(graphsvg.svg_markup(scene, step, live=False, hide=hide))


def _texts(labels: dict[str, tuple[str, ...]]) -> list[str]:
    return [text for parts in labels.values() for text in parts]


def _circuit_names() -> dict[str, str]:
    """The circuit's value boxes by variable name, and its four input edges as "x->q" …"""
    trace = session.run(CIRCUIT).trace
    x, y, z, q, f = (trace.by_name(name).id for name in "xyzqf")
    return {
        **{name: f"v{trace.by_name(name).id}" for name in "xyzqf"},
        "x->q": f"v{x}->op{q}#0",
        "y->q": f"v{y}->op{q}#1",
        "q->f": f"v{q}->op{f}#0",
        "z->f": f"v{z}->op{f}#1",
    }


def test_hiding_the_downstream_writes_question_marks_where_it_would_show():
    scene = _scene(CIRCUIT)
    names = _circuit_names()

    shown = _svg_labels(scene, 1)
    hidden = _svg_labels(scene, 1, _hide(1, "downstream"))

    assert shown[names["q->f"]] == ("1", "· -4", "= -4")
    assert shown[names["z->f"]] == ("1", "· 3", "= 3")
    assert shown[names["q"]][2] == "∇ -4" and shown[names["z"]][2] == "∇ 3"
    # The step's downstreams are "?", its inputs' boxes as before it; the local is the hint.
    assert hidden[names["q->f"]] == ("1", "· -4", "= ?")
    assert hidden[names["z->f"]] == ("1", "· 3", "= ?")
    assert hidden[names["q"]] == ("q", "3", "∇ ?") and hidden[names["z"]] == ("z", "-4", "∇ ?")
    assert _texts(hidden).count("= ?") == 4
    # q's own edges further back are drawn as before it too: their upstream is ∂f/∂q.
    assert shown[names["x->q"]][0] == "-4" and hidden[names["x->q"]] == ("?", "· ?", "= ?")
    assert hidden[names["y->q"]] == ("?", "· ?", "= ?")
    # Nothing else changes.
    changed = {name for name in shown if shown[name] != hidden[name]}
    assert changed == {names[n] for n in ("q->f", "z->f", "q", "z", "x->q", "y->q")}


def test_hiding_the_local_hides_the_downstream_with_it():
    scene = _scene(CIRCUIT)
    names = _circuit_names()

    hidden = _svg_labels(scene, 1, _hide(1, "local"))

    assert hidden[names["q->f"]] == ("1", "· ?", "= ?")
    assert hidden[names["z->f"]] == ("1", "· ?", "= ?")
    assert "· -4" not in _texts(hidden) and "· 3" not in _texts(hidden)
    assert _texts(hidden).count("· ?") == 4


def test_the_dot_export_hides_what_the_svg_export_hides():
    scene = _scene(CIRCUIT)
    for quantity in classroom.QUIZ_TARGETS:
        for k in range(scene.n_steps + 1):
            svg = _svg_labels(scene, k, _hide(k, quantity))
            dot = dot_statements(graphsvg.dot_export(scene, k, hide=_hide(k, quantity)))
            boxes = {entry["name"]: entry["rows"] for entry in dot if "name" in entry}
            assert boxes == {name: parts for name, parts in svg.items() if "->" not in name}
            edges = [entry for entry in dot if "head" in entry]
            assert [tuple(entry["card"].values()) for entry in edges] == [
                svg[wire.name] for wire in scene.wires
            ]


_ANSWER = re.compile(r"(?<![\d.])(?:-4|3)(?![\d.])")  # ∂f/∂q = -4 and ∂f/∂z = 3


@pytest.mark.parametrize("quantity", classroom.QUIZ_TARGETS)
def test_a_hidden_step_gives_no_answer_away_in_the_exports(quantity):
    scene = _scene(CIRCUIT)

    hidden = _svg_labels(scene, 1, _hide(1, quantity))

    gradients = {}  # every card's upstream and downstream, every box's ∇ row
    for name, parts in hidden.items():
        if "->op" in name:
            gradients[f"{name} upstream"], gradients[f"{name} downstream"] = parts[0], parts[2]
        elif len(parts) == 3:
            gradients[f"{name} gradient"] = parts[2]
    assert gradients
    assert {name: text for name, text in gradients.items() if _ANSWER.search(text)} == {}


def _geometry(svg: str) -> list[tuple]:
    """Every shape of a one-step SVG but the labels' (boxes, cards, wires, arrows), in order."""
    shapes = []

    def walk(node: ET.Element) -> None:
        if "part" in node.get("class", "").split():
            return  # a label: its texts and glyphs are what quiz mode changes
        tag = node.tag.rsplit("}", 1)[-1]
        if tag in ("rect", "ellipse", "path", "polygon"):
            shapes.append((tag, sorted(node.attrib.items())))
        for child in node:
            walk(child)

    walk(ET.fromstring(svg))
    return shapes


@pytest.mark.parametrize("item", EXAMPLES, ids=lambda e: e.key)
def test_a_hidden_step_draws_the_same_picture(item):
    """Quiz mode changes texts only: every box keeps its size, so the layout stays still."""
    scene = _scene(item.program)
    k = scene.n_steps // 2 + 1
    plain = graphsvg.svg_markup(scene, k, live=False)

    for quantity in classroom.QUIZ_TARGETS:
        hidden = graphsvg.svg_markup(scene, k, live=False, hide=_hide(k, quantity))
        assert hidden != plain  # something is hidden...
        assert _geometry(hidden) == _geometry(plain)  # ...and nothing moves or resizes
        assert len(_geometry(plain)) >= len(scene.elements)


def test_hiding_another_step_than_the_one_drawn_hides_nothing():
    scene = _scene(CIRCUIT)

    plain = graphsvg.svg_markup(scene, 1, live=False)

    assert graphsvg.svg_markup(scene, 1, live=False, hide=_hide(2, "downstream")) == plain
    assert graphsvg.dot_export(scene, 1, hide=_hide(2, "downstream")) == graphsvg.dot_export(
        scene, 1
    )
    assert graphsvg.svg_markup(scene, 0, live=False, hide=_hide(0, "downstream")) == (
        graphsvg.svg_markup(scene, 0, live=False)
    )
    with pytest.raises((KeyError, ValueError)):  # hiding what?
        graphsvg.svg_markup(scene, 1, live=False, hide=_hide(1, "upstream"))
