"""The main page in the classroom under AppTest: quiz mode, presentation mode, slides."""

from __future__ import annotations

import json
import re

import pytest
from app_support import dot_statements, graph_payload, static_labels
from streamlit.testing.v1 import AppTest
from test_app_main import (
    cards,
    circuit_names,
    gradients,
    graph_labels,
    latex_values,
    new_app,
    no_exception,
    step_to,
)

import ui_classroom
from engine.i18n import t
from engine.views import classroom, render, session, steps, urls
from engine.views.examples import example

CIRCUIT = example("cs231n-circuit").program
VECTOR = "x = [1.0, 2.0, 3.0]\nw = [0.5, -1.0, 2.0]\nL = sum(x * w)\n"  # step 2: x * w


def open_at(program: str, step: int, **params: str) -> AppTest:
    at = new_app()
    at.query_params["program"] = program
    at.query_params["step"] = str(step)
    for name, value in params.items():
        at.query_params[name] = value
    return at.run()


def quiz_on(at: AppTest, target: str = "downstream") -> AppTest:
    at.toggle(key="main_quiz").set_value(True).run()
    if at.session_state["main_quiz_target"] != target:
        at.radio(key="main_quiz_target").set_value(target).run()
    no_exception(at)
    return at


def answer(at: AppTest, *answers: str) -> AppTest:
    """Type one answer per input (in the panel's order) and press Check."""
    boxes = [w for w in [*at.text_input, *at.text_area] if w.key.startswith("main_quiz_answer")]
    boxes.sort(key=lambda w: int(w.key.rsplit("_", 1)[1]))
    assert len(boxes) == len(answers)
    for box, text in zip(boxes, answers, strict=True):
        box.input(text)
    at.button(key="main_quiz_check").click().run()
    no_exception(at)
    return at


SCORE = re.compile(r"Quiz score: \*\*(\d+)\*\* right of \*\*(\d+)\*\* tried")


def score(at: AppTest) -> tuple[int, int]:
    """(right, tried) as the page shows it above the step panel."""
    (shown,) = [m for e in at.markdown if (m := SCORE.fullmatch(e.value))]
    return int(shown.group(1)), int(shown.group(2))


def messages(at: AppTest) -> dict[str, list[str]]:
    return {
        "success": [e.value for e in at.success],
        "error": [e.value for e in at.error],
        "warning": [e.value for e in at.warning],
    }


# -- quiz mode ---------------------------------------------------------------------------------


def card_parts(at: AppTest, part: int) -> list[str]:
    """One part of every card the graph shows (0 upstream, 1 · local, 2 = downstream)."""
    return [parts[part] for parts in cards(graph_labels(at)).values()]


def test_quiz_mode_hides_the_steps_downstream_in_the_panel_and_on_the_graph():
    at = quiz_on(open_at(CIRCUIT, 1))
    names = circuit_names(CIRCUIT)

    labels = graph_labels(at)
    assert graph_payload(at)["hide"] == {"quantity": "downstream", "revealed": []}
    # f = q * z: its two cards show "?" where the downstream goes; the local is the hint.
    assert labels[names["q->f"]] == ("1", "· -4", "= ?")
    assert labels[names["z->f"]] == ("1", "· 3", "= ?")
    assert card_parts(at, 2).count("= ?") == 4  # and step 2's two, not yet run
    assert labels[names["x->q"]][0] == "?"  # q's edges further back: as before the step
    # q's and z's boxes are drawn as before the step: their gradients are the answers.
    assert gradients(labels) == {"x": "∇ ?", "y": "∇ ?", "z": "∇ ?", "q": "∇ ?", "f": "∇ 1"}
    assert not any(v in ("-4", "3") for v in latex_values(at))  # only the locals, as ∂f/∂q = …
    labels = [w.label for w in at.text_input]
    assert labels == [
        t("main.quiz.answer_downstream", output="f", name=name, shape="()") for name in "qz"
    ]
    # The variables table shows the pass before this step while it is asked.
    frame = at.dataframe[0].value
    assert dict(zip(frame["name"], frame["gradient"], strict=True))["q"] == "?"


ANSWER = re.compile(r"(?<![\d.])(?:-4|3)(?![\d.])")  # ∂f/∂q = -4 and ∂f/∂z = 3


def gradients_shown(labels: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Every gradient on the graph: each card's upstream and downstream, each box's ∇ row."""
    shown = {}
    for name, parts in labels.items():
        if "->op" in name:
            shown[f"{name} upstream"], shown[f"{name} downstream"] = parts[0], parts[2]
        elif len(parts) == 3:
            shown[f"{name} gradient"] = parts[2]
    return shown


@pytest.mark.parametrize("target", classroom.QUIZ_TARGETS)
def test_quiz_mode_gives_no_hidden_answer_away_anywhere_on_the_graph(target):
    at = quiz_on(open_at(CIRCUIT, 1), target)

    shown = gradients_shown(graph_labels(at))

    assert shown and {name: text for name, text in shown.items() if ANSWER.search(text)} == {}


def test_quiz_mode_can_hide_the_local_gradient_instead():
    at = quiz_on(open_at(CIRCUIT, 1), "local")
    names = circuit_names(CIRCUIT)

    labels = graph_labels(at)
    assert labels[names["q->f"]] == ("1", "· ?", "= ?")  # the downstream would give it away
    assert labels[names["z->f"]] == ("1", "· ?", "= ?")
    assert card_parts(at, 1).count("· ?") == 4
    assert [w.label for w in at.text_input][0] == t(
        "main.quiz.answer_local", node="f", name="q", shape="()"
    )
    answer(at, "-4", "3")
    assert messages(at)["success"] == [t("main.quiz.right")] * 2
    assert graph_payload(at)["hide"] == {"quantity": "local", "revealed": [1]}
    assert graph_labels(at)[names["q->f"]] == ("1", "· -4", "= -4")


ADD_RULE = r"\frac{\partial y}{\partial a} = I"
ADD_NOTE = "Addition passes the upstream gradient through unchanged to both inputs."


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def test_a_hidden_local_hides_its_rule_and_the_steps_note_until_revealed():
    at = quiz_on(open_at(CIRCUIT, 2), "local")  # q = x + y: the local is I

    assert not any(ADD_RULE in v or r"= I" in v for v in latex_values(at))
    assert ADD_NOTE not in captions(at)
    assert t("ui.panel_rule") not in captions(at)

    at.button(key="main_quiz_reveal").click().run()
    no_exception(at)
    assert ADD_RULE in latex_values(at) and ADD_NOTE in captions(at)


def test_a_hidden_downstream_hides_the_steps_note_but_shows_the_rule():
    at = quiz_on(open_at(CIRCUIT, 2))  # the local (and its rule) is the hint

    assert ADD_RULE in latex_values(at)
    assert ADD_NOTE not in captions(at)
    answer(at, "-4", "-4")
    assert ADD_NOTE in captions(at)


def test_the_note_is_shown_when_quiz_mode_is_off():
    at = open_at(CIRCUIT, 2)
    assert ADD_RULE in latex_values(at) and ADD_NOTE in captions(at)


def test_a_right_answer_says_right_shows_the_values_and_scores():
    at = quiz_on(open_at(CIRCUIT, 1))
    names = circuit_names(CIRCUIT)

    answer(at, "-4", "3.0")

    assert messages(at)["success"] == ["Right!", "Right!"]
    assert score(at) == (1, 1)
    labels = graph_labels(at)  # shown again
    assert labels[names["q->f"]][2] == "= -4" and labels[names["z->f"]][2] == "= 3"
    assert gradients(labels)["q"] == "∇ -4" and gradients(labels)["z"] == "∇ 3"
    assert "-4" in latex_values(at) and "3" in latex_values(at)
    assert not [w for w in at.text_input if w.key.startswith("main_quiz_answer")]


def test_a_partly_wrong_vector_answer_lists_the_wrong_entries():
    at = quiz_on(open_at(VECTOR, 2))

    answer(at, "[0.5, 1, 2]", "1, 2, 3")  # ∂L/∂x = w: the sign of entry [1] is wrong

    found = messages(at)
    assert found["error"] == [t("main.quiz.wrong_entries", count=1, total=3, entries="[1]")]
    assert found["success"] == ["Right!"]  # w's answer
    assert score(at) == (0, 1)
    # x * w's two cards still hidden (try again, or reveal); sum's, step 1, shown
    assert sorted(card_parts(at, 2)) == ["= ?", "= ?", "= [1 1 1]"]


def test_a_malformed_answer_gets_a_clear_message_and_does_not_count():
    at = quiz_on(open_at(VECTOR, 2))

    answer(at, "[0.5, -1, 2", "1, 2, 3")

    (warning,) = messages(at)["warning"]
    assert warning.startswith("Could not read the answer: a “[” is never closed.")
    assert "does not count" in warning
    assert score(at) == (0, 0)
    answer(at, "1 2", "1, 2, 3")  # readable, but two entries for a vector of three
    assert "Expected 3 entries (shape (3,)), got 2" in messages(at)["warning"][0]
    assert score(at) == (0, 0)
    answer(at, "0.5 -1 2", "1 2 3")
    assert score(at) == (1, 1)


def test_the_score_counts_each_step_once():
    at = quiz_on(open_at(CIRCUIT, 1))
    answer(at, "4", "3")  # wrong first: the step is decided
    answer(at, "-4", "3")  # right now, but it counts as it was
    assert score(at) == (0, 1)

    step_to(at, 2)  # step 2: q = x + y
    answer(at, "-4", "-4")
    assert score(at) == (1, 2)
    step_to(at, 1)  # back to step 1: shown, still counted once
    assert score(at) == (1, 2)
    assert graph_payload(at)["hide"]["revealed"] == [1, 2]
    assert graph_labels(at)[circuit_names(CIRCUIT)["q->f"]][2] == "= -4"


def test_reveal_shows_the_value_and_counts_an_untried_step_as_missed():
    at = quiz_on(open_at(CIRCUIT, 1))
    names = circuit_names(CIRCUIT)

    at.button(key="main_quiz_reveal").click().run()

    no_exception(at)
    assert "-4" in latex_values(at) and "3" in latex_values(at)
    labels = graph_labels(at)
    assert labels[names["q->f"]][2] == "= -4" and labels[names["z->f"]][2] == "= 3"
    assert t("main.quiz.revealed") in [c.value for c in at.caption]
    assert score(at) == (0, 1)


def test_quiz_mode_at_step_zero_asks_nothing_and_says_how_to_start():
    at = quiz_on(open_at(CIRCUIT, 0))

    assert t("main.quiz.step_zero") in [c.value for c in at.caption]
    assert not at.text_input
    assert "main_quiz_check" not in [b.key for b in at.button]


def test_the_exports_of_a_quiz_step_have_question_marks_where_the_graph_has(deferred):
    at = quiz_on(open_at(CIRCUIT, 1))
    names = circuit_names(CIRCUIT)

    svg = deferred["chainrule-f-step-1-of-2.svg"]()  # made when clicked
    dot = dot_statements(deferred["chainrule-f-step-1-of-2.dot"]())

    assert static_labels(svg) == graph_labels(at)  # the SVG export: the picture on the page
    cards_of_f = [s["card"] for s in dot if s.get("head") == names["op f"]]
    assert cards_of_f == [
        {"upstream": "1", "local": "· -4", "downstream": "= ?"},
        {"upstream": "1", "local": "· 3", "downstream": "= ?"},
    ]
    boxes = {s["name"]: s["rows"] for s in dot if "name" in s}
    assert boxes[names["q"]] == ("q", "3", "∇ ?") and boxes[names["z"]] == ("z", "-4", "∇ ?")


# -- presentation mode ----------------------------------------------------------------------------


def graph_height(at: AppTest) -> str:
    return graph_payload(at)["height"]


PRESENT_HEIGHT = ui_classroom.graph_height(ui_classroom.Room(True, None))
NORMAL_HEIGHT = ui_classroom.graph_height(ui_classroom.Room(False, None))


def chain_equations(source: str, step: int) -> list[str]:
    """Each input's chain rule at ``step``, as presentation mode writes it."""
    result = session.run(source)
    panel = steps.step_panel(result.graph, step)
    return [render.chain_equation(panel, e) for e in panel.edges if e.downstream is not None]


def test_presentation_mode_hides_the_chrome_and_gives_the_graph_the_screen():
    at = open_at(CIRCUIT, 1)
    assert at.dataframe and at.get("download_button") and graph_height(at) == NORMAL_HEIGHT

    at.toggle(key="main_present").set_value(True).run()

    no_exception(at)
    assert not at.dataframe  # no variables table (nor gradient check)
    assert not at.get("download_button")  # no exports
    (editor,) = at.expander
    assert editor.label == t("main.present.program") and not editor.proto.expanded  # folded
    assert at.text_area(key="main_editor").value == CIRCUIT
    assert graph_height(at) == PRESENT_HEIGHT != NORMAL_HEIGHT
    assert at.query_params["present"] == "1"
    css = ui_classroom.PRESENT_CSS.replace("__PREFIX__", "main_")
    assert any(css.strip() in h.proto.body for h in at.get("html"))
    # Each input's chain rule as one equation in the graph's colours.
    assert latex_values(at) == chain_equations(CIRCUIT, 1) and len(latex_values(at)) == 2
    step_to(at, 2)  # stepping still works
    assert at.session_state["main_step"] == 2
    assert latex_values(at) == chain_equations(CIRCUIT, 2)

    at.toggle(key="main_present").set_value(False).run()
    assert at.dataframe and graph_height(at) == NORMAL_HEIGHT
    assert "present" not in at.query_params


@pytest.mark.parametrize("target", ["downstream", "local"])
def test_quiz_in_the_address_opens_the_quiz_with_its_choice(target):
    at = open_at(CIRCUIT, 1, quiz=target)

    no_exception(at)
    assert at.toggle(key="main_quiz").value is True
    assert at.radio(key="main_quiz_target").value == target
    names, shown = circuit_names(CIRCUIT), cards(graph_labels(at))
    for edge in ("q->f", "z->f"):  # asked, on the graph too
        assert shown[names[edge]][2] == "= ?"
        assert (shown[names[edge]][1] == "· ?") is (target == "local")
    assert at.query_params["quiz"] == target
    assert at.code[-1].value.endswith(f"&step=1&quiz={target}")  # and in the share link


def test_the_quiz_controls_write_the_address():
    at = open_at(CIRCUIT, 1)
    assert "quiz" not in at.query_params

    at = quiz_on(at)
    assert at.query_params["quiz"] == "downstream"
    at.radio(key="main_quiz_target").set_value("local").run()
    assert at.query_params["quiz"] == "local"
    step_to(at, 2)  # stepping keeps it
    assert at.query_params["quiz"] == "local" and "&step=2&quiz=local" in at.code[-1].value
    at.toggle(key="main_quiz").set_value(False).run()
    assert "quiz" not in at.query_params
    assert "quiz=" not in at.code[-1].value


def test_a_bad_quiz_value_is_off_with_a_note():
    at = open_at(CIRCUIT, 1, quiz="upstream")

    no_exception(at)
    assert at.toggle(key="main_quiz").value is False
    assert t("main.quiz.note", value=urls.literal("upstream")) in [i.value for i in at.info]
    assert "quiz" not in at.query_params
    shown = cards(graph_labels(at))
    assert shown[circuit_names(CIRCUIT)["q->f"]][2] == "= -4"  # nothing hidden

    quiz_on(at)  # using the control clears the note
    assert t("main.quiz.note", value=urls.literal("upstream")) not in [i.value for i in at.info]


def test_present_1_in_the_address_turns_presentation_mode_on():
    at = open_at(CIRCUIT, 1, present="1")

    no_exception(at)
    assert at.toggle(key="main_present").value is True
    assert not at.dataframe and at.expander and graph_height(at) == PRESENT_HEIGHT


def test_presenting_a_broken_program_unfolds_the_editor_with_its_error():
    at = open_at("x = [1.0, 2.0]\nL = sum(x @ [1.0, 2.0, 3.0])\n", 0, present="1")

    no_exception(at)
    (editor,) = at.expander
    assert editor.proto.expanded
    assert "line 2, col 9" in at.error[0].value


def test_a_bad_present_value_is_off_with_a_note():
    at = open_at(CIRCUIT, 1, present="please")

    no_exception(at)
    assert at.toggle(key="main_present").value is False
    assert t("main.present.note", value=urls.literal("please")) in [i.value for i in at.info]
    assert at.dataframe
    assert "present" not in at.query_params


def test_the_controls_speak_the_addresss_language():
    at = open_at(CIRCUIT, 1, lang="zh")

    assert at.toggle(key="main_present").label == "演示模式"
    assert at.toggle(key="main_quiz").label == "测验模式"


# -- slides ----------------------------------------------------------------------------------------


def slides_payload(page: str) -> dict:
    data = re.search(r'<script type="application/json" class="crv-data">(.*?)</script>', page)
    return json.loads(data.group(1))


def test_the_slides_button_downloads_the_viewer_with_a_panel_per_step(deferred):
    at = open_at(CIRCUIT, 1)

    (button,) = [b.proto for b in at.get("download_button") if b.proto.label == "Slides (HTML)"]
    assert not button.disabled and button.deferred_file_id
    page = deferred["chainrule-f-slides.html"]()

    assert page.startswith("<!DOCTYPE html>")
    payload = slides_payload(page)
    assert payload["meta"]["n"] == 2 and len(payload["panels"]) == 3  # steps 0, 1 and 2
    assert "Step 2 of 2: q = x + y" in payload["panels"][2]
    assert payload["svg"] == graph_payload(at)["svg"]  # the page's graph, every step in it


@pytest.fixture
def no_graphviz(monkeypatch):
    """As on a machine without Graphviz's `dot` program."""
    import ui

    monkeypatch.setenv("PATH", "/no-such-directory")
    ui.cached_scene.clear()
    ui.cached_payload.clear()
    ui_classroom.cached_slides.clear()
    yield
    ui.cached_scene.clear()
    ui.cached_payload.clear()
    ui_classroom.cached_slides.clear()


def test_without_graphviz_the_slides_lay_the_graph_out_themselves(no_graphviz, deferred):
    at = open_at(CIRCUIT, 1)

    (button,) = [b.proto for b in at.get("download_button") if b.proto.label == "Slides (HTML)"]
    assert not button.disabled
    payload = slides_payload(deferred["chainrule-f-slides.html"]())
    assert payload["meta"]["layout"] == "layered" and len(payload["panels"]) == 3


def test_a_pass_too_long_for_slides_disables_the_button_and_says_why():
    steps = classroom.SLIDES_MAX_STEPS + 1
    program = "h0 = 0.5\n" + "".join(f"h{i} = tanh(h{i - 1})\n" for i in range(1, steps + 1))
    at = open_at(program, 0)

    assert graph_payload(at)["meta"]["n"] == steps
    (button,) = [b.proto for b in at.get("download_button") if b.proto.label == "Slides (HTML)"]
    assert button.disabled
    reason = t("main.slides.too-long", max=classroom.SLIDES_MAX_STEPS, n=steps)
    assert reason in [c.value for c in at.caption]
