"""What a page needs between the program text and the pictures: the run and the step.

:func:`run` reads a program and records its backward pass once; the page caches
the result by the program text, so stepping never recomputes either pass.
The rest are small pure helpers: clamping a step, the node and source line a
step is about, the lines of the program with that span marked, export file
names, and a numerical gradient check with a budget.

A run is either a :class:`RunOk` (the program, its graph and its recorded pass) or a
:class:`RunFailed` (the one error that stopped it); a caller tells them apart with
``isinstance`` (or ``match``), and both have the program's text, its warnings and a
number of steps.

>>> result = run("x = 3.0\\ny = 4.0\\nf = x * y")
>>> isinstance(result, RunOk), result.n_steps, result.program.output_name
(True, 1, 'f')
>>> clamp_step(7, result.n_steps)
1
>>> [line.number for line in source_lines(result.source, current_span(result, 1)) if line.marked]
[3]
>>> failed = run("f = x * 2")
>>> isinstance(failed, RunFailed), str(failed.error.message), failed.n_steps
(True, 'unknown name `x`', 0)
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass

import numpy as np

from engine.core.autodiff import Trace, trace_backward
from engine.core.errors import EngineError, LimitError
from engine.core.jacobian import GradcheckResult, gradcheck, gradcheck_work
from engine.core.records import NodeInfo
from engine.language import (
    RUN_TIME_HINT,
    Limits,
    Program,
    ProgramError,
    ProgramWarning,
    Span,
    out_of_time_message,
    parse_program,
    typed_lines,
    visible_controls,
)
from engine.views import budget as time_budget
from engine.views.graph import RunGraph

#: A numerical gradient check replays the forward pass twice per leaf entry. Its
#: work is counted before it starts, in element operations (``jacobian.gradcheck_work``:
#: elements read and written by each replayed operation, multiply-adds for a
#: product, at least ``OP_OVERHEAD_WORK`` per operation call), and all the leaves
#: together may take this much: about a second or two of numpy on one core, and as
#: many tiny operations as the old count of 400,000 operation calls allowed.
GRADCHECK_BUDGET = 2_000_000_000
#: And however good the count, the check stops after this many seconds (unless
#: ``CHAINRULE_GRADCHECK_SECONDS`` says otherwise: ``engine.views.budget``).
GRADCHECK_SECONDS = time_budget.DEFAULT_SECONDS["gradcheck"]


@dataclass(frozen=True)
class RunOk:
    """A program read and its backward pass recorded: ``graph`` holds the pass
    (``graph.trace``) with each node's label and source span."""

    source: str
    program: Program
    graph: RunGraph

    @property
    def trace(self) -> Trace:
        return self.graph.trace

    @property
    def warnings(self) -> tuple[ProgramWarning, ...]:
        return self.program.warnings

    @property
    def n_steps(self) -> int:
        """The number of backward steps."""
        return len(self.trace.steps)


@dataclass(frozen=True)
class RunFailed:
    """The one error that stopped a run (``warnings``: those of a program read before it)."""

    source: str
    error: ProgramError
    warnings: tuple[ProgramWarning, ...] = ()

    @property
    def n_steps(self) -> int:
        """Nothing to step through."""
        return 0


#: What :func:`run` returns.
Run = RunOk | RunFailed


def run(source: str, limits: Limits | None = None, seconds: float | None = None) -> Run:
    """Read ``source`` and record its backward pass; a problem makes a :class:`RunFailed`.

    The whole run (parse, forward and backward) has ``seconds`` (default: the
    run's budget, ``engine.views.budget``, 10 s): past it, the run stops between two
    operations with a limit error at the one it was at. Only problems in the
    program are caught (they are the user's to fix); any other exception is a bug
    and propagates.
    """
    seconds = time_budget.seconds("run") if seconds is None else seconds
    deadline = time.monotonic() + seconds
    try:
        program = parse_program(source, limits, seconds=seconds)
    except ProgramError as error:
        return RunFailed(source, error)
    recorded = record(program, seconds, deadline)
    if isinstance(recorded, ProgramError):
        return RunFailed(source, recorded, program.warnings)
    return RunOk(source, program, recorded)


def record(program: Program, seconds: float, deadline: float) -> RunGraph | ProgramError:
    """The backward pass of a program read (within the run's ``deadline``, ``seconds``
    after its start), with its nodes' labels and spans; or the error that stopped it: a
    limit error at the node the pass had reached when its time ran out."""
    try:
        # log(0) and friends are values, not errors (the contract): no warnings either.
        with np.errstate(all="ignore"):
            trace = trace_backward(program.output, deadline=deadline)
    except LimitError as error:
        if error.limit != "seconds":
            raise
        at = None if error.serial is None else program.spans.get(error.serial)
        message = out_of_time_message(seconds, backward=True)
        return ProgramError.at("limit", message, at or Span(1, 1, 1, 2), RUN_TIME_HINT)
    except EngineError as error:  # defensive: the parser checks shapes before this
        return ProgramError("argument", error.message)
    return RunGraph(trace, program)


def clamp_step(step: int, n_steps: int) -> int:
    """A step in 0..n_steps: past the end is the finished pass, below 0 is the start.

    >>> clamp_step(-3, 4), clamp_step(2, 4), clamp_step(10**9, 4)
    (0, 2, 4)
    """
    return max(0, min(int(step), max(0, n_steps)))


def current_node(trace: Trace, step: int) -> NodeInfo:
    """The node a step is about: the output (its seed) at step 0, else the step's node."""
    step = clamp_step(step, len(trace.steps))
    if step == 0:
        return trace.node(trace.output)
    return trace.node(trace.steps[step - 1].node)


def current_span(result: Run, step: int) -> Span | None:
    """Where in the program the current node was written (None for a failed run)."""
    if isinstance(result, RunFailed):
        return None
    return result.graph.span(current_node(result.trace, step).id)


@dataclass(frozen=True, slots=True)
class SourceLine:
    """One line of the program; on a marked line, ``text[start:end]`` is the span."""

    number: int
    text: str
    marked: bool
    start: int = 0
    end: int = 0

    @property
    def before(self) -> str:
        return self.text[: self.start]

    @property
    def inside(self) -> str:
        return self.text[self.start : self.end]

    @property
    def after(self) -> str:
        return self.text[self.end :]


def source_lines(source: str, span: Span | None) -> list[SourceLine]:
    """The program's lines, with the lines of ``span`` marked and its columns located.

    Trailing empty lines are dropped (a program usually ends with a newline).
    Bidirectional controls are shown as markers (``⟨U+202E⟩``), so a right-to-left
    override in a comment cannot reverse the line on the page; the span's columns,
    counted in the program as typed, are moved to match.

    >>> lines = source_lines("a = 1\\nb = a + 2\\n", Span(2, 5, 2, 10))
    >>> [(line.number, line.marked, line.inside) for line in lines]
    [(1, False, ''), (2, True, 'a + 2')]
    >>> source_lines("x = 1  # \\u202eevil", None)[0].text
    'x = 1  # ⟨U+202E⟩evil'
    """
    lines = typed_lines(source)
    while lines and not lines[-1].strip():
        lines.pop()
    shown = []
    for number, text in enumerate(lines, start=1):
        if span is None or not span.line <= number <= span.end_line:
            shown.append(SourceLine(number, visible_controls(text), False))
            continue
        start = span.col - 1 if number == span.line else len(text) - len(text.lstrip())
        end = span.end_col - 1 if number == span.end_line else len(text)
        start = max(0, min(start, len(text)))
        end = max(start, min(end, len(text)))
        before, inside = visible_controls(text[:start]), visible_controls(text[start:end])
        visible = before + inside + visible_controls(text[end:])
        shown.append(SourceLine(number, visible, True, len(before), len(before) + len(inside)))
    return shown


_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9_-]+")


def export_name(output_name: str, step: int, n_steps: int, extension: str) -> str:
    """A file name for an export of one step: ``chainrule-L-step-3-of-6.svg``.

    Non-ASCII names (``ｙ``, ``λ``) become ``out`` so every file system takes them.

    >>> export_name("L", 3, 6, "svg"), export_name("λ", 0, 2, "dot")
    ('chainrule-L-step-3-of-6.svg', 'chainrule-out-step-0-of-2.dot')
    """
    name = _UNSAFE_NAME.sub("", output_name) or "out"
    return f"chainrule-{name}-step-{clamp_step(step, n_steps)}-of-{n_steps}.{extension}"


def solution_name(output_name: str) -> str:
    """A file name for the worked backward pass as Markdown.

    >>> solution_name("L")
    'chainrule-L-backward.md'
    """
    name = _UNSAFE_NAME.sub("", output_name) or "out"
    return f"chainrule-{name}-backward.md"


def slides_name(output_name: str) -> str:
    """A file name for the offline slides of the whole backward pass.

    >>> slides_name("L"), slides_name("λ")
    ('chainrule-L-slides.html', 'chainrule-out-slides.html')
    """
    name = _UNSAFE_NAME.sub("", output_name) or "out"
    return f"chainrule-{name}-slides.html"


def torch_name(output_name: str) -> str:
    """A file name for the program as a PyTorch script.

    >>> torch_name("L"), torch_name("λ")
    ('chainrule-L-pytorch.py', 'chainrule-out-pytorch.py')
    """
    name = _UNSAFE_NAME.sub("", output_name) or "out"
    return f"chainrule-{name}-pytorch.py"


@dataclass(frozen=True)
class GradcheckReport:
    """Numerical against analytic gradients per leaf, and the leaves left unchecked.

    ``skipped``: leaves whose check would pass what is left of the work budget,
    never started. ``stopped``: leaves not checked because the time budget ran out
    (the one being checked then, and every one after it). ``work``: the work done.
    """

    results: dict[str, GradcheckResult]
    skipped: tuple[tuple[str, int], ...]  # (leaf name, entries)
    stopped: tuple[str, ...] = ()
    work: int = 0


def gradcheck_leaves(
    program: Program, budget: int = GRADCHECK_BUDGET, seconds: float | None = None
) -> GradcheckReport:
    """Check every leaf's gradient by central differences, within ``budget`` and ``seconds``.

    Each leaf's work is counted before it is checked (``jacobian.gradcheck_work``);
    a leaf whose work would pass what is left of ``budget`` is skipped, the others
    are checked in order until ``seconds`` have passed. The output is checked as its
    sum when it is not a scalar (the seed of ones).

    >>> report = gradcheck_leaves(parse_program("x = [1.0, 2.0]\\nL = sum(tanh(x) * x)"))
    >>> report.results["x"].max_rel_error < 1e-6, report.skipped, report.stopped
    (True, (), ())
    """
    results: dict[str, GradcheckResult] = {}
    skipped: list[tuple[str, int]] = []
    seconds = time_budget.seconds("gradcheck") if seconds is None else seconds
    deadline = time.monotonic() + seconds
    left = budget
    leaves = list(program.leaves.items())
    for index, (name, leaf) in enumerate(leaves):
        work = gradcheck_work(program.output, leaf)
        if work > left:
            skipped.append((name, leaf.size))
            continue
        try:
            # log(0) and friends are values, not errors (the contract): no warnings either.
            with np.errstate(all="ignore"):
                results.update(gradcheck(program.output, wrt=[leaf], deadline=deadline))
        except LimitError:  # out of time: this leaf and the rest are not checked
            stopped = tuple(later for later, _ in leaves[index:])
            return GradcheckReport(results, tuple(skipped), stopped, budget - left)
        left -= work
    return GradcheckReport(results, tuple(skipped), (), budget - left)
