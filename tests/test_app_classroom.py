"""The main page in the classroom under AppTest: quiz mode, presentation mode, slides."""

from __future__ import annotations

import re

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.testing.v1 import AppTest
from test_app_main import edge_labels, graph_text, latex_values, new_app, no_exception

from engine import render
from engine.examples import example
from engine.i18n import t

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


def test_quiz_mode_hides_the_steps_downstream_in_the_panel_and_on_the_graph():
    at = quiz_on(open_at(CIRCUIT, 1))

    labels = edge_labels(at)
    assert labels.count("downstream: ?") == 4  # f = q * z: both of its edges too
    assert "downstream: -4" not in labels and "downstream: 3" not in labels
    assert {"local: -4", "local: 3"} <= set(labels)  # the local is the hint
    assert "grad: -4" not in graph_text(at) and "grad: 3" not in graph_text(at)
    assert not any(v in ("-4", "3") for v in latex_values(at))  # only the locals, as ∂f/∂q = …
    labels = [w.label for w in at.text_input]
    assert labels == [
        t("main.quiz.answer_downstream", output="f", name=name, shape="()") for name in "qz"
    ]
    # The variables table shows the pass before this step while it is asked.
    frame = at.dataframe[0].value
    assert dict(zip(frame["name"], frame["gradient"], strict=True))["q"] == "?"


def test_quiz_mode_can_hide_the_local_gradient_instead():
    at = quiz_on(open_at(CIRCUIT, 1), "local")

    labels = edge_labels(at)
    assert labels.count("local: ?") == 4 and "local: -4" not in labels
    assert "downstream: -4" not in labels
    assert [w.label for w in at.text_input][0] == t(
        "main.quiz.answer_local", node="f", name="q", shape="()"
    )
    answer(at, "-4", "3")
    assert messages(at)["success"] == [t("main.quiz.right")] * 2
    assert "local: -4" in edge_labels(at)


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

    answer(at, "-4", "3.0")

    assert messages(at)["success"] == ["Right!", "Right!"]
    assert score(at) == (1, 1)
    assert {"downstream: -4", "downstream: 3"} <= set(edge_labels(at))  # shown again
    assert "-4" in latex_values(at) and "3" in latex_values(at)
    assert not [w for w in at.text_input if w.key.startswith("main_quiz_answer")]


def test_a_partly_wrong_vector_answer_lists_the_wrong_entries():
    at = quiz_on(open_at(VECTOR, 2))

    answer(at, "[0.5, 1, 2]", "1, 2, 3")  # ∂L/∂x = w: the sign of entry [1] is wrong

    found = messages(at)
    assert found["error"] == [t("main.quiz.wrong_entries", count=1, total=3, entries="[1]")]
    assert found["success"] == ["Right!"]  # w's answer
    assert score(at) == (0, 1)
    assert "downstream: ?" in edge_labels(at)  # still hidden: try again, or reveal


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

    at.button(key="main_next").click().run()  # step 2: q = x + y
    answer(at, "-4", "-4")
    assert score(at) == (1, 2)
    at.button(key="main_previous").click().run()  # back to step 1: shown, still counted once
    assert score(at) == (1, 2)
    assert "downstream: -4" in edge_labels(at)


def test_reveal_shows_the_value_and_counts_an_untried_step_as_missed():
    at = quiz_on(open_at(CIRCUIT, 1))

    at.button(key="main_quiz_reveal").click().run()

    no_exception(at)
    assert "-4" in latex_values(at) and "3" in latex_values(at)
    assert {"downstream: -4", "downstream: 3"} <= set(edge_labels(at))
    assert t("main.quiz.revealed") in [c.value for c in at.caption]
    assert score(at) == (0, 1)


def test_quiz_mode_at_step_zero_asks_nothing_and_says_how_to_start():
    at = quiz_on(open_at(CIRCUIT, 0))

    assert t("main.quiz.step_zero") in [c.value for c in at.caption]
    assert not at.text_input
    assert "main_quiz_check" not in [b.key for b in at.button]


@pytest.fixture
def no_graphviz(monkeypatch):
    """As on a machine without Graphviz's `dot` program."""
    import ui

    monkeypatch.setattr(render, "svg", lambda dot: None)
    ui.clear_graph_cache()
    yield
    ui.clear_graph_cache()


def test_the_dot_of_a_quiz_step_has_question_marks(no_graphviz):
    at = quiz_on(open_at(CIRCUIT, 1))

    dot = at.get("graphviz_chart")[0].proto.spec
    assert dot.count("downstream: ?") == 4 and "downstream: -4" not in dot
    assert "local: -4" in dot


# -- presentation mode ----------------------------------------------------------------------------


def large_labels(at: AppTest) -> bool:
    graph = graph_text(at)
    return 'font-size="21.00"' in graph or "fontsize=21" in graph


def test_presentation_mode_hides_the_chrome_and_enlarges_the_graph():
    at = open_at(CIRCUIT, 1)
    assert at.dataframe and at.get("download_button") and not large_labels(at)

    at.toggle(key="main_present").set_value(True).run()

    no_exception(at)
    assert not at.dataframe  # no variables table (nor gradient check)
    assert not at.get("download_button")  # no exports
    (editor,) = at.expander
    assert editor.label == t("main.present.program") and not editor.proto.expanded  # folded
    assert at.text_area(key="main_editor").value == CIRCUIT
    assert large_labels(at)
    assert at.query_params["present"] == "1"
    css = [h.proto.body for h in at.get("html") if "stSidebar" in h.proto.body]
    assert css and "1.4rem" in css[0]
    at.button(key="main_next").click().run()  # stepping still works
    assert at.session_state["main_step"] == 2

    at.toggle(key="main_present").set_value(False).run()
    assert at.dataframe and not large_labels(at)
    assert "present" not in at.query_params


@pytest.mark.parametrize("target", ["downstream", "local"])
def test_quiz_in_the_address_opens_the_quiz_with_its_choice(target):
    at = open_at(CIRCUIT, 1, quiz=target)

    no_exception(at)
    assert at.toggle(key="main_quiz").value is True
    assert at.radio(key="main_quiz_target").value == target
    labels = edge_labels(at)
    assert labels.count(f"{target}: ?") == 4  # asked, on the graph too
    assert at.query_params["quiz"] == target
    assert at.code[-1].value.endswith(f"&step=1&quiz={target}")  # and in the share link


def test_the_quiz_controls_write_the_address():
    at = open_at(CIRCUIT, 1)
    assert "quiz" not in at.query_params

    at = quiz_on(at)
    assert at.query_params["quiz"] == "downstream"
    at.radio(key="main_quiz_target").set_value("local").run()
    assert at.query_params["quiz"] == "local"
    at.button(key="main_next").click().run()  # stepping keeps it
    assert at.query_params["quiz"] == "local" and at.query_params["step"] == "2"
    at.toggle(key="main_quiz").set_value(False).run()
    assert "quiz" not in at.query_params
    assert "quiz=" not in at.code[-1].value


def test_a_bad_quiz_value_is_off_with_a_note():
    at = open_at(CIRCUIT, 1, quiz="upstream")

    no_exception(at)
    assert at.toggle(key="main_quiz").value is False
    assert t("main.quiz.note", value="upstream") in [i.value for i in at.info]
    assert "quiz" not in at.query_params
    assert "downstream: -4" in edge_labels(at)  # nothing hidden

    quiz_on(at)  # using the control clears the note
    assert t("main.quiz.note", value="upstream") not in [i.value for i in at.info]


def test_present_1_in_the_address_turns_presentation_mode_on():
    at = open_at(CIRCUIT, 1, present="1")

    no_exception(at)
    assert at.toggle(key="main_present").value is True
    assert not at.dataframe and at.expander and large_labels(at)


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
    assert t("main.present.note", value="please") in [i.value for i in at.info]
    assert at.dataframe
    assert "present" not in at.query_params


def test_the_controls_speak_the_addresss_language():
    at = open_at(CIRCUIT, 1, lang="zh")

    assert at.toggle(key="main_present").label == "演示模式"
    assert at.toggle(key="main_quiz").label == "测验模式"


# -- slides ----------------------------------------------------------------------------------------


@pytest.fixture
def deferred(monkeypatch):
    """The callables download buttons hand to Streamlit, by file name (AppTest's media
    manager lives for one run only)."""
    made: dict[str, object] = {}
    original = MediaFileManager.add_deferred

    def add_deferred(self, data_callable, mimetype, coordinates, file_name=None, **kwargs):
        made[file_name] = data_callable
        return original(self, data_callable, mimetype, coordinates, file_name, **kwargs)

    monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)
    return made


@pytest.mark.skipif(render.svg("digraph{a}") is None, reason="Graphviz's dot is not installed")
def test_the_slides_button_downloads_one_slide_per_step(deferred):
    at = open_at(CIRCUIT, 1)

    (button,) = [b.proto for b in at.get("download_button") if b.proto.label == "Slides (HTML)"]
    assert not button.disabled and button.deferred_file_id
    page = deferred["chainrule-f-slides.html"]()

    assert page.startswith("<!DOCTYPE html>")
    assert page.count('<section class="slide"') == 3  # steps 0, 1 and 2
    assert "Step 2 of 2: q = x + y" in page


def test_without_graphviz_the_slides_button_is_disabled_and_says_why(no_graphviz):
    at = open_at(CIRCUIT, 1)

    (button,) = [b.proto for b in at.get("download_button") if b.proto.label == "Slides (HTML)"]
    assert button.disabled
    assert t("main.slides.no-dot") in [c.value for c in at.caption]
