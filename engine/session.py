"""What a page needs between the program text and the pictures: the run and the step.

:func:`run` reads a program and records its backward pass once; the page caches
the result by the program text, so stepping never recomputes either pass.
The rest are small pure helpers: clamping a step, the node and source line a
step is about, the lines of the program with that span marked, export file
names, and a numerical gradient check with a budget.

>>> result = run("x = 3.0\\ny = 4.0\\nf = x * y")
>>> result.ok, result.n_steps, result.program.output_name
(True, 1, 'f')
>>> clamp_step(7, result.n_steps)
1
>>> [line.number for line in source_lines(result.source, current_span(result, 1)) if line.marked]
[3]
>>> run("f = x * 2").error.message
'unknown name `x`'
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from engine.autodiff import GradcheckResult, NodeInfo, Trace, gradcheck, trace_backward
from engine.errors import EngineError
from engine.language import Limits, Program, ProgramError, Span, parse_program, typed_lines

#: A numerical gradient check replays the forward pass twice per leaf entry;
#: a leaf is checked only when (2 × its entries × the graph's nodes) stays
#: within this many operation calls (about a second of work).
GRADCHECK_BUDGET = 400_000


@dataclass(frozen=True)
class RunResult:
    """A program read and its backward pass recorded, or the one error that stopped it."""

    source: str
    program: Program | None
    trace: Trace | None
    error: ProgramError | None
    #: Source span per trace node id (``Program.spans`` is keyed by ``Tensor.serial``;
    #: ``engine.render`` looks spans up by node id).
    spans: Mapping[int, Span] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def n_steps(self) -> int:
        """The number of backward steps (0 when there is nothing to step through)."""
        return len(self.trace.steps) if self.trace is not None else 0


def run(source: str, limits: Limits | None = None) -> RunResult:
    """Read ``source`` and record its backward pass; a problem becomes ``.error``.

    Only problems in the program are caught (they are the user's to fix); any
    other exception is a bug and propagates.
    """
    try:
        program = parse_program(source, limits)
    except ProgramError as error:
        return RunResult(source, None, None, error)
    try:
        trace = trace_backward(program.output)
    except EngineError as error:  # defensive: the parser checks shapes before this
        return RunResult(source, program, None, ProgramError("argument", str(error)))
    return RunResult(source, program, trace, None, node_spans(program, trace))


def node_spans(program: Program, trace: Trace) -> Mapping[int, Span]:
    """Source spans keyed by trace node id, as ``engine.render`` looks them up.

    (``Program.spans`` is keyed by ``Tensor.serial``.)
    """
    spans = {
        info.id: program.spans[info.serial] for info in trace.nodes if info.serial in program.spans
    }
    return MappingProxyType(spans)


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


def graph_focus(trace: Trace, step: int) -> str:
    """The graph node to keep in view at ``step``, by its DOT name (``engine.render``'s ids):
    the output's value node ``v<id>`` at step 0 (the seed), else the step's op node ``op<id>``.
    """
    if clamp_step(step, len(trace.steps)) == 0:
        return f"v{trace.output}"
    return f"op{current_node(trace, step).id}"


def current_span(result: RunResult, step: int) -> Span | None:
    """Where in the program the current node was written (None without a trace)."""
    if result.trace is None:
        return None
    return result.spans.get(current_node(result.trace, step).id)


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

    >>> lines = source_lines("a = 1\\nb = a + 2\\n", Span(2, 5, 2, 10))
    >>> [(line.number, line.marked, line.inside) for line in lines]
    [(1, False, ''), (2, True, 'a + 2')]
    """
    lines = typed_lines(source)
    while lines and not lines[-1].strip():
        lines.pop()
    shown = []
    for number, text in enumerate(lines, start=1):
        if span is None or not span.line <= number <= span.end_line:
            shown.append(SourceLine(number, text, False))
            continue
        start = span.col - 1 if number == span.line else len(text) - len(text.lstrip())
        end = span.end_col - 1 if number == span.end_line else len(text)
        start = max(0, min(start, len(text)))
        end = max(start, min(end, len(text)))
        shown.append(SourceLine(number, text, True, start, end))
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
    """Numerical against analytic gradients per leaf; leaves too big to check are listed."""

    results: dict[str, GradcheckResult]
    skipped: tuple[tuple[str, int], ...]  # (leaf name, entries)


def gradcheck_leaves(program: Program, budget: int = GRADCHECK_BUDGET) -> GradcheckReport:
    """Check every leaf's gradient by central differences, within ``budget``.

    The output is checked as its sum when it is not a scalar (the seed of ones).

    >>> report = gradcheck_leaves(parse_program("x = [1.0, 2.0]\\nL = sum(tanh(x) * x)"))
    >>> report.results["x"].max_rel_error < 1e-6, report.skipped
    (True, ())
    """
    results: dict[str, GradcheckResult] = {}
    skipped: list[tuple[str, int]] = []
    n_nodes = max(1, program.n_ops + len(program.leaves))
    for name, leaf in program.leaves.items():
        if 2 * leaf.size * n_nodes > budget:
            skipped.append((name, leaf.size))
            continue
        # log(0) and friends are values, not errors (the contract): no warnings either.
        with np.errstate(all="ignore"):
            results.update(gradcheck(program.output, wrt=[leaf]))
    return GradcheckReport(results, tuple(skipped))
