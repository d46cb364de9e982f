"""Guided lessons: from the Jacobian to backpropagation, in the notes' order.

Four lessons, each a short sequence of live, editable examples: the Jacobian
of f: Rᴺ → Rᴹ, the generalized Jacobian of tensor maps, the chain rule, and
backpropagation. A step names a program and what to compute from it; the
words live in :mod:`engine.i18n` (``lesson.<lesson>.<n>``) and every number
shown is computed here by the engine, never typed in. A learner may edit a
step's program: the view then follows the names it can still find and says
so when it falls back.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.language import (
    Limits,
    Program,
    ProgramError,
    parse_program,
)
from engine.views import budget as time_budget
from engine.views import chain, jacobians, linearise, paths, session, steps
from engine.views.examples import example
from engine.views.graph import RunGraph


@dataclass(frozen=True, slots=True)
class LessonStep:
    """One step: a program, and what to show of it.

    ``show`` is one of ``"jacobian"`` (∂output/∂wrt as a matrix, three ways),
    ``"linearisation"`` (f(x + Δx) against f(x) + J·Δx), ``"generalized"``
    (a tensor Jacobian: its shape and one entry by index vectors),
    ``"chain"`` (∂z/∂y · ∂y/∂x against ∂z/∂x) and ``"step"`` (one step of the
    recorded backward pass: upstream, local, downstream).
    """

    program: str
    show: str
    output: str | None = None
    wrt: str | None = None
    middle: str | None = None
    step: int | None = None  # for "step": the step number (or the step of ``node``)
    node: str | None = None  # for "step": the named node whose step to show
    scale: float = 0.1


@dataclass(frozen=True, slots=True)
class Lesson:
    key: str  # "jacobian" | "generalized" | "chain" | "backprop"
    steps: tuple[LessonStep, ...]


_MAP = """\
# f maps R³ to R²: 3 inputs, 2 outputs
x = [1.0, 2.0, 3.0]
W = [[1.0, 0.0, -1.0], [0.5, -0.5, 0.25]]
y = tanh(W @ x)
"""

_ELEMENTWISE = """\
# an elementwise map: y_i depends on x_i only
x = [0.0, 0.5, 1.0, 1.5]
y = sin(x)
"""

_TENSOR = """\
# a map from 2×3 matrices to 2×2 matrices
X = [[1.0, 2.0, 0.0], [-1.0, 0.5, 1.0]]
W = [[0.5, -1.0], [1.0, 0.0], [0.0, 2.0]]
Y = X @ W
"""

# Not X @ W: a linear map's first-order prediction is exact, so there would be no error to see.
_TENSOR_CURVED = """\
# a nonlinear map from 2×3 matrices to 2×2 matrices
X = [[1.0, 2.0, 0.0], [-1.0, 0.5, 1.0]]
W = [[0.5, -1.0], [1.0, 0.0], [0.0, 2.0]]
Y = tanh(X @ W)
"""

_TENSOR_LOSS = """\
# a scalar loss of a matrix: the gradient has X's shape
X = [[1.0, 2.0, 0.0], [-1.0, 0.5, 1.0]]
W = [[0.5, -1.0], [1.0, 0.0], [0.0, 2.0]]
Y = X @ W
L = sum(Y ** 2)
"""

_CHAIN = """\
# x (3) → y (2) → z (2): a chain of two maps
x = [1.0, -1.0, 2.0]
W = [[0.5, -0.5, 0.25], [1.0, 0.0, -1.0]]
y = W @ x
z = tanh(y)
"""

_CHAIN_TENSOR = """\
# a chain of tensor maps: X (2×3) → H (2×2) → L (scalar)
X = [[1.0, 2.0, 0.0], [-1.0, 0.5, 1.0]]
W = [[0.5, -1.0], [1.0, 0.0], [0.0, 2.0]]
H = tanh(X @ W)
L = sum(H ** 2)
"""

LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "jacobian",
        (
            LessonStep(_MAP, "jacobian", output="y", wrt="x"),
            LessonStep(_MAP, "linearisation", output="y", wrt="x", scale=0.1),
            LessonStep(_ELEMENTWISE, "jacobian", output="y", wrt="x"),
        ),
    ),
    Lesson(
        "generalized",
        (
            LessonStep(_TENSOR, "generalized", output="Y", wrt="X"),
            # ‖ΔX‖ = 0.01: at 0.1 tanh's curvature here still makes the error a tenth of the change.
            LessonStep(_TENSOR_CURVED, "linearisation", output="Y", wrt="X", scale=0.01),
            LessonStep(_TENSOR_LOSS, "generalized", output="L", wrt="X"),
        ),
    ),
    Lesson(
        "chain",
        (
            LessonStep(_CHAIN, "chain", output="z", middle="y", wrt="x"),
            LessonStep(_CHAIN_TENSOR, "chain", output="L", middle="H", wrt="X"),
        ),
    ),
    Lesson(
        "backprop",
        (
            LessonStep(example("cs231n-circuit").program, "step", step=1),
            LessonStep(example("cs231n-circuit").program, "step", step=2),
            LessonStep(example("two-layer").program, "step", node="h"),
        ),
    ),
)

#: The program the last lesson hands over to the main page's stepper.
STEPPER_PROGRAM = example("two-layer").program


def lesson(key: str) -> Lesson:
    for item in LESSONS:
        if item.key == key:
            return item
    raise KeyError(key)


@dataclass(frozen=True)
class LessonView:
    """What a lesson step shows, computed by the engine for the (possibly edited) program.

    ``error`` is set when the program does not parse; ``fallback`` names the
    variable the view used instead of one the edited program no longer has.
    """

    show: str
    program: Program | None
    error: ProgramError | None
    output: str | None = None
    wrt: str | None = None
    middle: str | None = None
    fallback: tuple[str, ...] = ()
    jacobian: jacobians.JacobianReport | None = None
    linearisation: linearise.Linearisation | None = None
    entry: tuple[tuple[int, ...], tuple[int, ...], float] | None = None  # (i, j, ∂Y_i/∂X_j)
    chain: chain.ChainReport | None = None
    panel: steps.StepPanel | None = None
    trace: Any = None


def lesson_view(step: LessonStep, source: str, limits: Limits | None = None) -> LessonView:
    """Run a lesson step's (possibly edited) program and compute what the step shows.

    Reading the program and its recorded pass have the run's time budget
    (``engine.views.budget``), as on the main page."""
    seconds = time_budget.seconds("run")
    deadline = time.monotonic() + seconds
    try:
        program = parse_program(source, limits, seconds=seconds)
    except ProgramError as error:
        return LessonView(step.show, None, error)
    graph = None
    if step.show in ("step", "chain"):  # their views name nodes: the graph of the run
        recorded = session.record(program, seconds, deadline)
        if isinstance(recorded, ProgramError):
            return LessonView(step.show, None, recorded)
        if step.show == "step":
            return _step_view(step, program, recorded)
        graph = recorded
    options = jacobians.jacobian_options(program)
    fallback: tuple[str, ...] = ()
    output = step.output
    if output not in options:
        output = jacobians.default_output(program, options)
        fallback += (step.output,) if step.output else ()
    if output is None:
        return LessonView(step.show, program, None, fallback=fallback)
    wrt = step.wrt
    if wrt not in options[output]:
        wrt = jacobians.default_wrt(program, options[output])
        fallback += (step.wrt,) if step.wrt else ()
    if wrt is None:  # an output always has an input (``jacobians.jacobian_options``)
        return LessonView(step.show, program, None, output, fallback=fallback)
    if graph is not None:  # the chain view
        return _chain_view(step, program, graph, output, wrt, fallback)
    return _jacobian_view(step, program, output, wrt, fallback)


def _step_view(step: LessonStep, program: Program, graph: RunGraph) -> LessonView:
    """One step of the recorded backward pass (the step's number, or its named node's)."""
    trace = graph.trace
    k = min(step.step or 1, len(trace.steps))
    if step.node is not None:
        k = next((s.number for s in trace.steps if graph.label(s.node) == step.node), k)
    panel = steps.step_panel(graph, k)
    return LessonView(step.show, program, None, trace=trace, panel=panel)


def _chain_view(
    step: LessonStep,
    program: Program,
    run: RunGraph,
    output: str,
    wrt: str,
    fallback: tuple[str, ...],
) -> LessonView:
    """∂z/∂y · ∂y/∂x against ∂z/∂x, through the step's middle y (or a default one)."""
    graph = paths.program_graph(run)
    z = paths.graph_id(graph, program.variables[output])
    x = paths.graph_id(graph, program.variables[wrt])
    assert z is not None and x is not None, "a program's variables are nodes of its graph"
    middles = paths.valid_middles(graph, x, z)
    named = {graph.node(m).label: m for m in middles}
    if step.middle in named:
        y = named[step.middle]
    elif middles:
        y = paths.default_middle(graph, x, z)
        fallback += (step.middle,) if step.middle else ()
    else:
        return LessonView(step.show, program, None, output, wrt, None, fallback)
    report = chain.compose(graph, z, y, x)
    return LessonView(
        step.show, program, None, output, wrt, graph.node(y).label, fallback, chain=report
    )


def _jacobian_view(
    step: LessonStep, program: Program, output: str, wrt: str, fallback: tuple[str, ...]
) -> LessonView:
    """The Jacobian ∂output/∂wrt three ways, with the linearisation or one entry the step
    asks for."""
    out_t, wrt_t = program.variables[output], program.variables[wrt]
    report = jacobians.jacobian_three_ways(out_t, wrt_t)
    linearisation = entry = None
    if step.show == "linearisation" and report.reverse is not None:
        linearisation = linearise.linearisation(out_t, wrt_t, step.scale, jac=report.reverse)
    matrix = report.matrix  # None when the Jacobian was not built
    if (
        step.show == "generalized"
        and report.reverse is not None
        and matrix is not None
        and report.entries
    ):
        # One entry picked by its index vectors: the largest in size, so it is not a zero.
        flat = int(np.argmax(np.abs(matrix)))
        i = tuple(int(v) for v in np.unravel_index(flat // report.cols, report.out_shape))
        j = tuple(int(v) for v in np.unravel_index(flat % report.cols, report.in_shape))
        entry = (i, j, float(report.reverse[i + j]))
    return LessonView(
        step.show,
        program,
        None,
        output,
        wrt,
        fallback=fallback,
        jacobian=report,
        linearisation=linearisation,
        entry=entry,
    )
