"""Lessons: every step runs, and every number shown comes from the engine."""

import numpy as np
import pytest

from engine import jacobian
from engine.language import parse_program
from engine.views.lessons import LESSONS, lesson_view

STEPS = [(lesson.key, n, step) for lesson in LESSONS for n, step in enumerate(lesson.steps, 1)]


def test_lessons_follow_the_notes_order():
    assert [lesson.key for lesson in LESSONS] == ["jacobian", "generalized", "chain", "backprop"]


@pytest.mark.parametrize("key, n, step", STEPS, ids=[f"{k}-{n}" for k, n, _ in STEPS])
def test_every_step_computes_its_view(key, n, step):
    view = lesson_view(step, step.program)
    assert view.error is None and view.fallback == ()
    if step.show in ("jacobian", "generalized", "linearisation"):
        program = parse_program(step.program)
        expected = jacobian(program.variables[step.output], program.variables[step.wrt])
        np.testing.assert_allclose(view.jacobian.reverse, expected, rtol=1e-12, atol=1e-12)
        assert view.jacobian.max_difference < 1e-6
    if step.show == "linearisation":
        lin = view.linearisation
        assert lin.max_error < 0.05 * np.abs(lin.change).max()
    if step.show == "generalized":
        i, j, value = view.entry
        assert value == view.jacobian.reverse[i + j] != 0
    if step.show == "chain":
        assert view.chain.max_difference < 1e-12 and not view.chain.bypass
    if step.show == "step":
        assert view.panel is not None and view.panel.edges


def test_the_jacobian_of_an_elementwise_map_is_diagonal():
    step = LESSONS[0].steps[2]
    matrix = lesson_view(step, step.program).jacobian.matrix
    np.testing.assert_allclose(matrix, np.diag(np.cos([0.0, 0.5, 1.0, 1.5])), atol=1e-15)


def test_an_edited_program_falls_back_with_a_note():
    step = LESSONS[0].steps[0]
    view = lesson_view(step, "a = [1.0, 2.0]\nb = exp(a)")
    assert view.output == "b" and view.wrt == "a" and view.fallback == ("y", "x")


def test_a_broken_program_reports_its_error():
    step = LESSONS[0].steps[0]
    view = lesson_view(step, "y = tanh(")
    assert view.error is not None and view.error.line == 1
