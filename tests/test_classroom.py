"""engine.classroom (questions, checking, the score, present=1) and quiz mode's graph."""

from __future__ import annotations

import re

import numpy as np
import pytest

from engine import classroom, render, session
from engine.examples import EXAMPLES, example

CIRCUIT = example("cs231n-circuit").program
VECTOR = "x = [1.0, 2.0, 3.0]\nw = [0.5, -1.0, 2.0]\nL = sum(x * w)\n"


def _panel(source: str, step: int):
    result = session.run(source)
    return render.step_panel(result.trace, step, spans=result.spans)


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
            panel = render.step_panel(result.trace, k)
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
    assert unreadable.kind == "unreadable" and "never closed" in unreadable.detail
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


def test_slides_are_offered_with_dot_and_for_a_pass_of_lesson_length():
    assert classroom.slides_available(classroom.SLIDES_MAX_STEPS, True) is None
    assert classroom.slides_available(classroom.SLIDES_MAX_STEPS + 1, True) == "too-long"
    assert classroom.slides_available(2, False) == "no-dot"
    assert session.slides_name("L") == "chainrule-L-slides.html"


# -- quiz mode's graph ----------------------------------------------------------------------------

LINE = re.compile(r"(?:grad|upstream|local|downstream): [^\\<]*")


def _lines(dot: str) -> list[str]:
    return [line.strip() for line in LINE.findall(dot)]


def test_hiding_the_downstream_writes_question_marks_where_it_would_show():
    trace = session.run(CIRCUIT).trace

    shown, hidden = (
        _lines(render.dot_source(trace, 1)),
        _lines(render.dot_source(trace, 1, hide=("downstream", 1))),
    )

    assert {"downstream: -4", "downstream: 3", "grad: -4", "grad: 3"} <= set(shown)
    assert "upstream: -4" in shown  # q's gradient, already the upstream of the add gate
    assert not any(re.search(r"-4|: 3", line) for line in hidden if "local" not in line)
    assert {"local: -4", "local: 3"} <= set(hidden)  # the local stays: it is the hint
    assert hidden.count("downstream: ?") == 4


def test_hiding_the_local_hides_the_downstream_with_it():
    trace = session.run(CIRCUIT).trace

    hidden = _lines(render.dot_source(trace, 1, hide=("local", 1)))

    assert "local: -4" not in hidden and "local: 3" not in hidden
    assert "downstream: -4" not in hidden and hidden.count("local: ?") == 4


@pytest.mark.parametrize("item", EXAMPLES, ids=lambda e: e.key)
def test_a_hidden_step_draws_the_same_picture(item):
    """Quiz mode changes texts only: every box keeps its size, so the layout stays still."""
    trace = session.run(item.program).trace
    geometry = re.compile(r"width=[0-9.]+, height=[0-9.]+|WIDTH=\"\d+\" HEIGHT=\"\d+\"")
    k = len(trace.steps) // 2 + 1

    for what in classroom.QUIZ_TARGETS:
        hidden = render.dot_source(trace, k, hide=(what, k))
        assert geometry.findall(hidden) == geometry.findall(render.dot_source(trace, k))


def test_hiding_another_step_than_the_one_drawn_is_a_bug():
    trace = session.run(CIRCUIT).trace

    with pytest.raises(ValueError, match="step drawn"):
        render.dot_source(trace, 1, hide=("downstream", 2))
    with pytest.raises(ValueError, match="hide what"):
        render.dot_source(trace, 1, hide=("upstream", 1))
    assert render.dot_source(trace, 0, hide=("downstream", 0)) == render.dot_source(trace, 0)
