"""The page's pure helpers: the run, the step, the marked source line, names, the gradient check."""

from __future__ import annotations

import time
from unittest import mock

import numpy as np
import pytest

from engine.core.jacobian import OP_OVERHEAD_WORK, gradcheck_work
from engine.language import Limits, Span
from engine.views import graphview, session
from engine.views.examples import EXAMPLES

CIRCUIT = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z\n"


def test_run_records_the_pass_of_a_good_program():
    result = session.run(CIRCUIT)

    assert isinstance(result, session.RunOk)
    assert result.source == CIRCUIT
    assert result.n_steps == 2
    grads = {name: float(result.trace.grads[result.trace.by_name(name).id]) for name in "xyz"}
    assert grads == {"x": -4.0, "y": -4.0, "z": 3.0}


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda e: e.key)
def test_every_example_runs(example):
    result = session.run(example.program)

    assert isinstance(result, session.RunOk), result
    assert result.n_steps >= 1


def test_run_turns_a_program_problem_into_an_error_with_its_position():
    source = "x = [1.0, 2.0]\nL = sum(x @ [1.0, 2.0, 3.0])\n"

    result = session.run(source)

    assert isinstance(result, session.RunFailed)
    assert result.n_steps == 0 and result.warnings == ()
    assert (result.error.line, result.error.col) == (2, 9)
    assert "line 2, col 9" in result.error.render(source)


def test_run_respects_the_limits_it_is_given():
    result = session.run("x = zeros(10)\nL = sum(x)", Limits(max_elements=5))

    assert isinstance(result, session.RunFailed) and result.error.kind == "limit"


def test_a_program_without_operations_has_no_steps():
    result = session.run("x = 3.0\n")

    assert isinstance(result, session.RunOk)
    assert result.n_steps == 0
    assert session.current_node(result.trace, 5).name == "x"


@pytest.mark.parametrize(
    ("step", "n", "expected"),
    [(0, 0, 0), (5, 0, 0), (-1, 3, 0), (0, 3, 0), (2, 3, 2), (3, 3, 3), (4, 3, 3), (10**9, 3, 3)],
)
def test_clamp_step(step, n, expected):
    assert session.clamp_step(step, n) == expected


def test_current_node_is_the_output_at_step_zero_then_each_steps_node():
    result = session.run(CIRCUIT)

    names = [session.current_node(result.trace, k).name for k in range(4)]

    assert names == ["f", "f", "q", "q"]  # step 3 is past the end: the finished pass


def test_current_span_points_at_the_expression_of_the_current_node():
    result = session.run(CIRCUIT)

    assert session.current_span(result, 0) == Span(5, 5, 5, 10)  # f = q * z (the seed)
    assert session.current_span(result, 2) == Span(4, 5, 4, 10)  # q = x + y
    assert session.current_span(session.run("f = x"), 0) is None  # an error has no span


def test_source_lines_mark_the_span_and_keep_every_other_line():
    lines = session.source_lines(CIRCUIT, Span(4, 5, 4, 10))

    assert [line.number for line in lines] == [1, 2, 3, 4, 5]  # the final newline dropped
    marked = [line for line in lines if line.marked]
    assert len(marked) == 1
    assert (marked[0].before, marked[0].inside, marked[0].after) == ("q = ", "x + y", "")


def test_source_lines_over_several_lines_and_odd_line_ends():
    source = "\ufeffa = 1\r\nb = (a +\r  a)\nc = b"

    lines = session.source_lines(source, Span(2, 5, 3, 5))

    assert [line.text for line in lines] == ["a = 1", "b = (a +", "  a)", "c = b"]
    assert [line.marked for line in lines] == [False, True, True, False]
    assert lines[1].inside == "(a +"
    assert lines[2].inside == "a)"  # a continuation line is marked from its first character


def test_source_lines_survive_a_span_outside_the_text():
    lines = session.source_lines("a = 1", Span(1, 40, 1, 90))

    assert lines[0].marked and lines[0].inside == ""
    assert session.source_lines("a = 1", None)[0].marked is False


def test_source_lines_use_the_parsers_line_numbers():
    source = "x = 1.0\r\r\ny = tanh(x)\r"
    result = session.run(source)

    span = session.current_span(result, 1)
    marked = [line for line in session.source_lines(source, span) if line.marked]

    assert [(line.number, line.inside) for line in marked] == [(3, "tanh(x)")]


def test_export_names_are_safe_and_name_the_step():
    assert session.export_name("L", 2, 6, "svg") == "chainrule-L-step-2-of-6.svg"
    assert session.export_name("loss_2", 99, 6, "dot") == "chainrule-loss_2-step-6-of-6.dot"
    assert session.export_name("../etc", 0, 1, "svg") == "chainrule-etc-step-0-of-1.svg"
    assert session.solution_name("ｙ") == "chainrule-out-backward.md"


def test_gradcheck_leaves_agrees_with_the_analytic_gradient():
    program = session.run(EXAMPLES[0].program).program

    report = session.gradcheck_leaves(program)

    assert set(report.results) == set(program.leaves)
    assert report.skipped == ()
    for check in report.results.values():
        assert check.max_abs_error < 1e-6
        assert check.analytic.shape == program.leaves[check.name].shape


def test_gradcheck_leaves_skips_leaves_over_the_budget_and_says_which():
    program = session.run("a = ones(3)\nb = ones(50)\nL = sum(a) * sum(b)").program
    # Three small operations are replayed for each: 2 × entries × 3 × the overhead.
    work_a = 2 * 3 * 3 * OP_OVERHEAD_WORK
    assert gradcheck_work(program.output, program.leaves["a"]) == work_a

    report = session.gradcheck_leaves(program, budget=work_a)  # inclusive

    assert set(report.results) == {"a"}
    assert report.skipped == (("b", 50),)
    assert report.work == work_a
    np.testing.assert_allclose(report.results["a"].analytic, np.full(3, 50.0))


def test_gradcheck_budget_is_shared_by_all_leaves():
    program = session.run("a = ones(3)\nb = ones(3)\nL = sum(a * b)").program
    each = gradcheck_work(program.output, program.leaves["a"])
    assert each == gradcheck_work(program.output, program.leaves["b"])

    assert session.gradcheck_leaves(program, budget=2 * each).skipped == ()
    assert session.gradcheck_leaves(program, budget=2 * each - 1).skipped == (("b", 3),)


def test_gradcheck_counts_the_size_of_each_replay_not_operation_calls():
    """The issue's case, scaled down: 17 chained products with a 9,523-entry leaf.

    By operation calls (2 × 9,523 × 21 nodes = 399,966, under the old 400,000) it was
    checked: 19,046 replays of 17 products, minutes here, hours at 1000 × 1000.
    """
    lines = ["A = rand(300, 300, seed=0) * 0.01", "b = randn(9523, seed=1)"]
    lines += ["H1 = A @ A * sum(b)", *(f"H{i} = H{i - 1} @ A" for i in range(2, 18))]
    program = session.run("\n".join(lines)).program
    assert program.n_ops + len(program.leaves) == 21
    assert gradcheck_work(program.output, program.leaves["b"]) > 1000 * session.GRADCHECK_BUDGET

    started = time.perf_counter()
    report = session.gradcheck_leaves(program)

    assert time.perf_counter() - started < 5
    assert report.skipped == (("A", 90_000), ("b", 9523))
    assert report.results == {} and report.work == 0


def test_gradcheck_stops_when_its_time_is_spent_and_names_what_it_left():
    program = session.run("a = ones(3)\nb = ones(3)\nc = ones(2)\nL = sum(a * b) * sum(c)").program

    stopped = session.gradcheck_leaves(program, seconds=0.0)
    assert stopped.results == {} and stopped.stopped == ("a", "b", "c")

    # The start, then a's three entries in time, then b's first entry out of it.
    clock = iter([0.0, 1.0, 1.0, 1.0, *[100.0] * 50])
    with mock.patch("time.monotonic", lambda: next(clock)):
        partly = session.gradcheck_leaves(program, seconds=10.0)
    assert set(partly.results) == {"a"} and partly.stopped == ("b", "c")


def test_gradcheck_leaves_checks_a_non_scalar_output_as_its_sum():
    program = session.run("x = [1.0, 2.0]\ny = x * x").program

    report = session.gradcheck_leaves(program)

    np.testing.assert_allclose(report.results["x"].numerical, [2.0, 4.0], rtol=1e-6)


def test_spans_are_keyed_by_trace_node_id_for_the_renderer():
    result = session.run(CIRCUIT)
    graph = result.graph

    by_name = {graph.label(node_id): span for node_id, span in graph.spans.items()}

    assert set(graph.spans) <= {info.id for info in result.trace.nodes}
    assert all(graph.span(node_id) == span for node_id, span in graph.spans.items())
    assert by_name["q"] == Span(4, 5, 4, 10)
    assert by_name["x"].line == 1


def test_the_camera_frame_of_each_step_starts_with_its_node():
    """What the viewer's camera always keeps in view: the output's box before the first
    step (the seed), else the step's operation and the box it writes."""
    result = session.run(CIRCUIT)
    scene = graphview.build_scene(result.graph)

    for step in range(result.n_steps + 1):
        core, _ = scene.frames[step]
        assert scene.elements[core[0]].kind == ("value" if step == 0 else "op")
        node = session.current_node(result.trace, step)
        assert core[0] == (f"v{node.id}" if step == 0 else f"op{node.id}")
    assert scene.frames[0][0] == (f"v{result.trace.output}",)  # the seed
    assert scene.frames[2][0][0] == f"op{result.trace.by_name('q').id}"
    assert graphview.build_scene(session.run("x = 3.0").graph).frames[0][0] == ("v0",)


def test_source_lines_show_bidi_controls_as_markers_and_keep_the_span_on_the_expression():
    source = "x = [1.0]  # \u202egnirts\nL = sum(x)  # \u2066a\u2069\n"
    (first, second) = session.source_lines(source, Span(2, 5, 2, 11))
    assert first.text == "x = [1.0]  # ⟨U+202E⟩gnirts" and not first.marked
    assert second.inside == "sum(x)"
    assert second.after == "  # ⟨U+2066⟩a⟨U+2069⟩"
    span_over_control = session.source_lines("y = 1  # \u202eab\u202c", Span(1, 10, 1, 14))[0]
    assert span_over_control.inside == "⟨U+202E⟩ab⟨U+202C⟩"
