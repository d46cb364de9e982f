"""Time budgets (engine.views.budget): every piece of server work stops with a message."""

from __future__ import annotations

import time

import numpy as np
import pytest

from engine.core.autodiff import trace_backward
from engine.core.errors import LimitError
from engine.core.tensor import Tensor
from engine.views import budget, session

#: 18 products of 1000 × 1000 matrices, one array each (2 GFLOP each, 20 ms or more on
#: this machine), within the default element budget (19 M of 20 M): only the time budget
#: (0.1 s) can stop it, on a machine up to three times as fast as this one.
HEAVY = (
    "A = rand(1000, 1000, seed=0)\n"
    + "\n".join(f"B{i:02d} = A @ A" for i in range(18))
    + "\nL = sum(B00)\n"
)


def test_budgets_have_defaults_and_environment_overrides():
    assert budget.DEFAULT_SECONDS == {"run": 10.0, "panel": 5.0, "export": 30.0, "gradcheck": 10.0}
    assert budget.seconds("panel", {}) == 5.0
    assert budget.seconds("export", {"CHAINRULE_EXPORT_SECONDS": "90"}) == 90.0
    assert budget.seconds("gradcheck", {"CHAINRULE_GRADCHECK_SECONDS": "0.5"}) == 0.5
    for bad in ("0", "-1", "soon", "inf", "nan"):
        with pytest.raises(ValueError, match="CHAINRULE_RUN_SECONDS"):
            budget.seconds("run", {"CHAINRULE_RUN_SECONDS": bad})


def test_a_run_past_its_budget_stops_between_operations_with_a_limit_error_at_its_position():
    started = time.perf_counter()
    result = session.run(HEAVY, seconds=0.1)
    elapsed = time.perf_counter() - started
    assert isinstance(result, session.RunFailed)
    error = result.error
    assert error.kind == "limit"
    assert (
        str(error.message) == "the program took more than 0.1 seconds to run and was stopped here"
    )
    assert str(error.hint) == (
        "compute less in one program (the time limit is set by CHAINRULE_RUN_SECONDS)"
    )
    assert 2 <= error.line <= 19 and error.col == 7  # at one of the products, `A @ A`
    assert elapsed < 2.0  # stopped at most one product after the budget
    message, hint = error.message.text("zh"), error.hint.text("zh")
    assert message == "程序运行超过了 0.1 秒，在这里被停下" and "CHAINRULE_RUN_SECONDS" in hint


def test_the_run_budget_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv("CHAINRULE_RUN_SECONDS", "0.000001")
    result = session.run("x = randn(3, seed=0)\ny = tanh(x)\nL = sum(y)")
    assert isinstance(result, session.RunFailed) and result.error.kind == "limit"
    assert "seconds to run" in str(result.error.message)
    monkeypatch.delenv("CHAINRULE_RUN_SECONDS")
    assert isinstance(session.run("x = randn(3, seed=0)\ny = tanh(x)\nL = sum(y)"), session.RunOk)


def test_the_same_program_within_its_budget_runs():
    result = session.run("x = randn(3, seed=0)\nL = sum(tanh(x))", seconds=30)
    assert isinstance(result, session.RunOk) and result.n_steps == 2


def test_the_backward_pass_stops_at_its_deadline_and_names_the_node():
    x = Tensor(np.ones(3), name="x")
    out = (x * 2).sum()
    with pytest.raises(LimitError) as caught:
        trace_backward(out, deadline=time.monotonic() - 1)
    assert caught.value.limit == "seconds" and caught.value.serial == out.serial
    assert len(trace_backward(out, deadline=time.monotonic() + 60).steps) == 2


def test_a_run_whose_backward_pass_runs_out_of_time_is_an_error_at_that_node(monkeypatch):
    source = "x = [1.0, 2.0]\ny = tanh(x)\nL = sum(y)\n"

    def slow_pass(output, grad=None, *, deadline=None):  # stops at y = tanh(x)
        raise LimitError("the backward pass ran out of time", "seconds", output.inputs[0].serial)

    monkeypatch.setattr(session, "trace_backward", slow_pass)
    result = session.run(source, seconds=3)
    assert isinstance(result, session.RunFailed)
    assert result.warnings == ()
    error = result.error
    assert error.kind == "limit" and (error.line, error.col) == (2, 5)
    assert str(error.message) == (
        "the backward pass took more than 3 seconds to run and was stopped here"
    )
    assert "CHAINRULE_RUN_SECONDS" in str(error.hint)
