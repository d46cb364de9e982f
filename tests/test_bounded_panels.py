"""Bounded panels (issue 15): a step with many inputs or contributions builds a few of them,
in the step panel, the worked solution and the slides; every export stops at its deadline."""

from __future__ import annotations

import time

import pytest

from engine.core.errors import LimitError
from engine.views import budget, session, slides, steps, worked
from engine.views.graph import RunGraph


def concat_of(count: int, name: str = "x") -> str:
    return "x = randn(10, seed=0)\nZ = concat(" + ", ".join([name] * count) + ")\n"


@pytest.fixture(scope="module")
def wide():
    result = session.run(concat_of(1000))
    assert isinstance(result, session.RunOk) and result.n_steps == 1
    return result


@pytest.fixture(scope="module")
def fanned():
    """y is used 20 times: its step sums 20 contributions."""
    source = "x = randn(3, seed=0)\ny = x * 2\nZ = concat(" + ", ".join(["y"] * 20) + ")\n"
    result = session.run(source)
    assert isinstance(result, session.RunOk)
    return result


def test_the_panel_of_a_1000_input_step_builds_six_inputs(wide, monkeypatch):
    built = []
    original = steps.edge_panel
    monkeypatch.setattr(
        steps, "edge_panel", lambda *args, **kw: built.append(1) or original(*args, **kw)
    )
    panel = steps.step_panel(RunGraph(wide.trace), 1)
    assert len(built) == steps.PANEL_INPUTS == 6
    assert (panel.n_inputs, panel.first_input, len(panel.edges)) == (1000, 0, 6)
    assert (panel.inputs_before, panel.inputs_after, panel.complete) == (0, 994, True)
    assert [edge.index for edge in panel.edges] == [0, 1, 2, 3, 4, 5]


def test_the_window_moves_and_stays_within_the_inputs(wide):
    later = steps.step_panel(RunGraph(wide.trace), 1, first_input=6)
    assert [edge.index for edge in later.edges] == list(range(6, 12))
    assert (later.inputs_before, later.inputs_after) == (6, 988)
    last = steps.step_panel(RunGraph(wide.trace), 1, first_input=5000)  # past the end: the last six
    assert [edge.index for edge in last.edges] == list(range(994, 1000))
    assert last.inputs_after == 0
    assert steps.input_window(3, 0) == range(0, 3)  # a small step shows all of its inputs


def test_a_panel_past_its_deadline_keeps_what_it_built_and_says_so(wide):
    panel = steps.step_panel(RunGraph(wide.trace), 1, deadline=time.monotonic() - 1)
    assert len(panel.edges) == 1 and not panel.complete  # at least one input, always
    assert panel.inputs_after == 999


def test_a_fanned_in_upstream_lists_six_contributions_and_counts_the_rest(fanned):
    step = next(s for s in fanned.trace.steps if fanned.trace.node(s.node).name == "y")
    panel = steps.step_panel(RunGraph(fanned.trace), step.number)
    assert len(panel.contributions) == steps.PANEL_CONTRIBUTIONS
    assert (panel.n_contributions, panel.more_contributions) == (20, 14)
    assert [c.step for c in panel.contributions] == [1] * 6  # all sent by the concat step
    # the gradient's sum is not written out term by term either
    text = worked.fanin_text(fanned.trace, step.node)
    assert text.endswith("(sum of 20)")


def test_the_worked_solution_writes_six_inputs_and_counts_the_rest(wide):
    text = worked.worked_solution(RunGraph(wide.trace), fmt="text")
    assert text.count("  input x, (10,):") == 6
    assert "Step 1 of 1: Z = concat(x, x, x, x, x, x, … +994)   [concat" in text
    assert "  +994 more inputs, not written out (the app's step panel shows each of them)" in text
    markdown = worked.worked_solution(RunGraph(wide.trace), fmt="markdown")
    assert "- +994 more inputs, not written out" in markdown
    chinese = worked.worked_solution(RunGraph(wide.trace), fmt="markdown", lang="zh")
    assert "另有 994 个输入" in chinese


def test_the_worked_solution_lists_six_contributions_and_counts_the_rest(fanned):
    text = worked.worked_solution(RunGraph(fanned.trace), fmt="text")
    assert text.count("from Z (its input") == 6
    assert "+14 more contributions, not written out" in text


def test_the_slides_panel_shows_six_inputs_and_says_how_many_more(wide, fanned):
    page = slides.panel_html(steps.step_panel(RunGraph(wide.trace), 1), "1", "en")
    assert page.count("<h3>") == 6
    assert "+994 more inputs, not shown in the slides" in page
    step = next(s for s in fanned.trace.steps if fanned.trace.node(s.node).name == "y")
    page = slides.panel_html(steps.step_panel(RunGraph(fanned.trace), step.number), "1", "en")
    assert "+ +14 more =" in page


def test_exports_past_their_deadline_stop_with_a_note(wide):
    late = time.monotonic() - 1
    with pytest.raises(LimitError) as caught:
        worked.worked_solution(RunGraph(wide.trace), fmt="markdown", deadline=late)
    assert caught.value.limit == "seconds"
    with pytest.raises(LimitError):
        slides.slides_html(RunGraph(wide.trace), deadline=late)
    with pytest.raises(LimitError):
        slides.step_panels(RunGraph(wide.trace), deadline=late)

    def late_solution():
        return worked.worked_solution(RunGraph(wide.trace), fmt="markdown", deadline=late)

    note = budget.made_within_budget(late_solution, "en", "ui.export_md")
    assert note.startswith("# Not made\n\nWorked backward pass (Markdown) took more than 30 ")
    assert "CHAINRULE_EXPORT_SECONDS" in note
    page = budget.made_within_budget(late_solution, "zh", "main.slides.button", as_html=True)
    assert page.startswith("<!DOCTYPE html>") and "未能生成" in page
    assert budget.made_within_budget(lambda: "made", "en", "ui.export_md") == "made"
