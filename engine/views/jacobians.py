"""The Jacobian page's maths: the generalized Jacobian of an output with respect to an
input, built three ways (reverse mode, forward mode, central differences) with the passes
each takes, and the choice of output and input from the page's address.

The **generalized Jacobian** of an output ``y`` with respect to an input ``x``
has shape ``y.shape + x.shape``: one entry ∂y_i/∂x_j for every pair of index
vectors i (into y) and j (into x). Flattened, it is an ordinary
(entries of y) × (entries of x) matrix.

>>> from engine.language import parse_program
>>> program = parse_program("x = [1.0, 2.0]\\ny = x * x\\nz = sum(y)")
>>> report = jacobian_three_ways(program.variables["z"], program.variables["x"])
>>> report.reverse.tolist(), report.passes_reverse, report.passes_forward
([2.0, 4.0], 1, 2)
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from engine.core.autodiff import graph_nodes
from engine.core.jacobian import jacobian, numerical_jacobian
from engine.core.tensor import Tensor
from engine.language import Program

#: The largest Jacobian (in entries, output entries × input entries) that the
#: pages build, compare and draw as a heatmap; above it they only describe it.
#: (40,000 while the engine ran one pass per row or column; the batched passes
#: build a 500 × 500 one in a few tens of milliseconds, and a heatmap of this
#: size is still light for the browser.)
JACOBIAN_MAX_ENTRIES = 250_000

#: The chain-rule page builds and draws four matrices (∂z/∂y, ∂y/∂x, their
#: product, ∂z/∂x); each must stay within this many entries, so that all four
#: together are no more to draw than the Jacobian page's one.
CHAIN_MAX_ENTRIES = JACOBIAN_MAX_ENTRIES // 4

#: Building a Jacobian costs work over the graph, counted in elements: a
#: batched pass (every row, or every column, at once) costs the elements of
#: every node once per seed; a replay of the graph (central differences, two
#: per column) costs its elements plus this many for each node (numpy's
#: per-call cost, which batching pays once per pass instead of once per seed).
NODE_OVERHEAD = 1_000

#: The work a page may spend on its Jacobians: about a second of numpy on a
#: laptop, most of it now in the central differences' replays. (The same budget
#: as when every row and column cost a replay-like pass of its own: batching
#: makes those passes cheaper, so more fits in it.)
WORK_BUDGET = 150_000_000

#: Central differences use this step, as the engine's gradient check does.
FD_EPS = 1e-6

# -- choosing what to differentiate ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Choice:
    """A value picked for a page parameter; ``note`` says why the address's value was not used."""

    value: str | None
    note: str | None  # a reason id: "unknown-output", "unknown-wrt", ... ; None when fine


def jacobian_options(program: Program) -> dict[str, tuple[str, ...]]:
    """For each named variable that can be an output, the named inputs it can be taken against.

    An output needs a gradient and depends on at least one other named
    variable that needs one; its inputs are those variables, in the order
    they were assigned. A name that aliases the output's own tensor is left
    out (∂x/∂x is the identity, nothing to see).

    >>> from engine.language import parse_program
    >>> jacobian_options(parse_program("x = 2.0\\nw = 3.0\\ny = x * w\\nL = y * y"))
    {'y': ('x', 'w'), 'L': ('x', 'w', 'y')}
    """
    named = [(name, t) for name, t in program.variables.items() if t.requires_grad]
    options: dict[str, tuple[str, ...]] = {}
    for name, output in named:
        if output.op is None:
            continue
        inside = {t.serial for t in graph_nodes(output, constants=False)}
        inputs = tuple(
            other for other, t in named if t.serial != output.serial and t.serial in inside
        )
        if inputs:
            options[name] = inputs
    return options


def default_output(program: Program, options: Mapping[str, Sequence[str]]) -> str | None:
    """The program's output when it has inputs, else the last variable that does."""
    if program.output_name in options:
        return program.output_name
    return next(reversed(list(options)), None) if options else None


def default_wrt(program: Program, inputs: Sequence[str]) -> str | None:
    """The program's first leaf among ``inputs``, else the first input."""
    for name in program.leaves:
        if name in inputs:
            return name
    return inputs[0] if inputs else None


def choose(raw: str | None, allowed: Sequence[str], default: str | None, reason: str) -> Choice:
    """The value of a page parameter: ``raw`` when allowed, else ``default`` with a note.

    A missing parameter (None) is the default without a note.

    >>> choose("L", ["h", "L"], "L", "unknown-output")
    Choice(value='L', note=None)
    >>> choose("nope", ["h", "L"], "L", "unknown-output")
    Choice(value='L', note='unknown-output')
    """
    if raw is None:
        return Choice(default, None)
    value = raw.strip()
    if value in allowed:
        return Choice(value, None)
    return Choice(default, reason)


# -- the Jacobian, three ways -----------------------------------------------------------------


@dataclass(frozen=True)
class JacobianReport:
    """The generalized Jacobian of ``output`` w.r.t. ``wrt`` computed three ways.

    Arrays have shape ``out_shape + in_shape`` and are None when the Jacobian
    is too large to build (``too_large``; ``reason`` says which limit).
    Passes, as the pages teach them: reverse mode takes one backward pass per
    output entry (a row), forward mode one forward-tangent pass per input entry
    (a column), central differences two forward replays per input entry. The
    engine runs the rows (or the columns) together, stacked on a batch axis:
    ``batched_reverse`` and ``batched_forward`` are the passes it actually ran.
    """

    out_shape: tuple[int, ...]
    in_shape: tuple[int, ...]
    reverse: np.ndarray | None
    forward: np.ndarray | None
    numerical: np.ndarray | None
    passes_reverse: int
    passes_forward: int
    passes_numerical: int
    difference_modes: float  # largest |reverse − forward|
    difference_numerical: float  # largest |exact − finite differences| (either mode)
    connected: bool  # does the output depend on wrt at all?
    too_large: bool
    reason: str | None  # "entries" | "work" when too large
    batched_reverse: int = 0  # passes the engine ran: 1, or one per chunk of rows
    batched_forward: int = 0

    @property
    def shape(self) -> tuple[int, ...]:
        return self.out_shape + self.in_shape

    @property
    def rows(self) -> int:
        return math.prod(self.out_shape)

    @property
    def cols(self) -> int:
        return math.prod(self.in_shape)

    @property
    def entries(self) -> int:
        return self.rows * self.cols

    @property
    def max_difference(self) -> float:
        """The largest difference between any two of the three ways."""
        return max(self.difference_modes, self.difference_numerical)

    @property
    def matrix(self) -> np.ndarray | None:
        """The reverse-mode Jacobian flattened to (output entries) × (input entries)."""
        return None if self.reverse is None else self.reverse.reshape(self.rows, self.cols)


def graph_elements(output: Tensor) -> int:
    """The elements of every node of the output's graph: one seed's share of a batched pass."""
    return sum(n.size for n in graph_nodes(output, constants=True))


def _pass_cost(output: Tensor) -> int:
    """The work of one replay of the output's graph (see NODE_OVERHEAD)."""
    nodes = graph_nodes(output, constants=True)
    return sum(n.size for n in nodes) + NODE_OVERHEAD * len(nodes)


def three_ways_work(output: Tensor, rows: int, cols: int) -> int:
    """The work of :func:`jacobian_three_ways`: one batched pass per mode (every row,
    then every column), then two replays per column for central differences.

    >>> x = Tensor([1.0, 2.0, 3.0])
    >>> three_ways_work(x.tanh(), 3, 3)  # 2 nodes of 3: (3 + 3) · 6 + 2 · 3 · (6 + 2,000)
    12072
    """
    return (rows + cols) * graph_elements(output) + 2 * cols * _pass_cost(output)


def depends_on(output: Tensor, wrt: Tensor) -> bool:
    if output.serial == wrt.serial:
        return True
    return output.requires_grad and any(
        n.serial == wrt.serial for n in graph_nodes(output, constants=False)
    )


def largest_difference(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.max(np.abs(a - b), initial=0.0))


def jacobian_three_ways(
    output: Tensor,
    wrt: Tensor,
    max_entries: int = JACOBIAN_MAX_ENTRIES,
    budget: int = WORK_BUDGET,
    eps: float = FD_EPS,
) -> JacobianReport:
    """Reverse mode, forward mode and central differences, with their pass counts.

    Nothing is built when the Jacobian has more than ``max_entries`` entries,
    or when the passes would cost more than ``budget`` (see :data:`WORK_BUDGET`);
    the report then only carries the shapes.

    >>> x = Tensor([1.0, 2.0, 3.0])
    >>> report = jacobian_three_ways((x * x).sum(), x)
    >>> report.reverse.tolist()
    [2.0, 4.0, 6.0]
    >>> report.passes_reverse, report.passes_forward, report.passes_numerical
    (1, 3, 6)
    >>> report.difference_modes
    0.0
    """
    out_shape, in_shape = tuple(output.shape), tuple(wrt.shape)
    rows, cols = math.prod(out_shape), math.prod(in_shape)
    connected = depends_on(output, wrt)
    reason = None
    if rows * cols > max_entries:
        reason = "entries"
    elif three_ways_work(output, rows, cols) > budget:
        reason = "work"
    if reason is not None:
        return JacobianReport(
            out_shape, in_shape, None, None, None, 0, 0, 0, 0.0, 0.0, connected, True, reason
        )
    with np.errstate(all="ignore"):
        reverse, batched_reverse = jacobian(output, wrt, "reverse", return_passes=True)
        forward, batched_forward = jacobian(output, wrt, "forward", return_passes=True)
        numerical = numerical_jacobian(output, wrt, eps)
    # numerical_jacobian replays the graph twice per input entry (none if unconnected).
    passes_numerical = 2 * cols if connected else 0
    return JacobianReport(
        out_shape=out_shape,
        in_shape=in_shape,
        reverse=reverse,
        forward=forward,
        numerical=numerical,
        passes_reverse=taught_passes("reverse", rows, cols, connected),
        passes_forward=taught_passes("forward", rows, cols, connected),
        passes_numerical=passes_numerical,
        difference_modes=largest_difference(reverse, forward),
        difference_numerical=max(
            largest_difference(reverse, numerical), largest_difference(forward, numerical)
        ),
        connected=connected,
        too_large=False,
        reason=None,
        batched_reverse=batched_reverse,
        batched_forward=batched_forward,
    )


def taught_passes(mode: str, rows: int, cols: int, connected: bool) -> int:
    """The passes a mode takes in the picture the pages teach: one backward pass per row
    (none when the output does not depend on the input), one forward pass per column.

    The engine runs them all at once (:func:`engine.core.jacobian.jacobian`); the count
    says how many vector-Jacobian (or Jacobian-vector) products that one pass holds.
    """
    if mode == "reverse":
        return rows if connected else 0
    return cols
