"""The maths of the Jacobian and chain-rule pages: pure functions over a program's graph.

The **generalized Jacobian** of an output ``y`` with respect to an input ``x``
has shape ``y.shape + x.shape``: one entry ∂y_i/∂x_j for every pair of index
vectors i (into y) and j (into x). Flattened, it is an ordinary
(entries of y) × (entries of x) matrix. :func:`jacobian_three_ways` builds it
row by row (reverse mode: one vector-Jacobian product per output entry),
column by column (forward mode: one Jacobian-vector product per input entry)
and by central differences, and says how many passes each took.

The **chain rule** for a path x → y → z is a generalized dot: contract the
indices of y, ∂z_i/∂x_j = Σ_k ∂z_i/∂y_k · ∂y_k/∂x_j (:func:`compose`,
:func:`worked_entry`). When x also reaches z along paths that avoid y, the
product is only the part of ∂z/∂x that flows through y.

>>> from engine.language import parse_program
>>> program = parse_program("x = [1.0, 2.0]\\ny = x * x\\nz = sum(y)")
>>> report = jacobian_three_ways(program.variables["z"], program.variables["x"])
>>> report.reverse.tolist(), report.passes_reverse, report.passes_forward
([2.0, 4.0], 1, 2)
>>> accumulation_costs([100, 50, 20, 1])
(102000, 6000)

Every function here is tested without Streamlit (tests/test_chain.py); the
pages only lay out what these return.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine import i18n
from engine.core.autodiff import (
    _forward_tangent,
    _replay,
    graph_nodes,
    jacobian,
    numerical_jacobian,
)
from engine.core.tensor import Tensor
from engine.language import Program, typed_lines
from engine.views.graph import RunGraph

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

#: The linearisation table shows at most this many output entries.
LINEARISATION_ROWS = 50

#: Scales of Δx for the "the error is second order" sweep.
SWEEP_SCALES = (1.0, 0.1, 0.01, 0.001)


# -- the graph of a program ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class GraphNode:
    """A node of the program's graph that takes part in differentiation.

    ``id`` is the node's place in creation order among every node of the
    output's graph (constants included), the same id the recorded pass and the
    main page's graph use; ``label`` is its name, or ``op#id`` when unnamed.
    """

    id: int
    label: str
    tensor: Tensor
    named: bool
    snippet: str  # the source text that made it ("" when unknown)

    @property
    def is_leaf(self) -> bool:
        return self.tensor.op is None

    @property
    def shape(self) -> tuple[int, ...]:
        return self.tensor.shape

    @property
    def size(self) -> int:
        return self.tensor.size

    @property
    def caption(self) -> str:
        """The label with what made it, for a picker: ``add#6 = W1 @ x + b1``."""
        if self.named or not self.snippet:
            return f"{self.label}  {format_shape(self.shape)}"
        return f"{self.label} = {self.snippet}  {format_shape(self.shape)}"


class ProgramGraph:
    """The nodes of a program's graph that need a gradient, with parents and children."""

    def __init__(self, nodes: Sequence[GraphNode], parents: Mapping[int, tuple[int, ...]]):
        self.nodes: dict[int, GraphNode] = {node.id: node for node in nodes}
        self.parents: dict[int, tuple[int, ...]] = dict(parents)
        children: dict[int, list[int]] = {node.id: [] for node in nodes}
        for node_id, inputs in self.parents.items():
            for parent in inputs:
                if node_id not in children[parent]:
                    children[parent].append(node_id)
        self.children = {k: tuple(v) for k, v in children.items()}
        self._by_label = {node.label: node.id for node in nodes}

    def __len__(self) -> int:
        return len(self.nodes)

    def node(self, node_id: int) -> GraphNode:
        return self.nodes[node_id]

    def by_label(self, label: str) -> GraphNode | None:
        node_id = self._by_label.get(label)
        return None if node_id is None else self.nodes[node_id]

    def descendants(self, node_id: int, without: int | None = None) -> set[int]:
        """Every node reachable from ``node_id`` (itself excluded), never passing ``without``."""
        return _reach(node_id, self.children, without)

    def ancestors(self, node_id: int) -> set[int]:
        """Every node ``node_id`` depends on (itself excluded)."""
        return _reach(node_id, self.parents, None)


def _reach(start: int, edges: Mapping[int, tuple[int, ...]], without: int | None) -> set[int]:
    seen: set[int] = set()
    stack = [start]
    while stack:
        for nxt in edges.get(stack.pop(), ()):
            if nxt != without and nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def program_graph(graph: RunGraph) -> ProgramGraph:
    """The differentiable nodes of a run's graph, with their labels, spans and source text."""
    every = graph.tensors
    lines = typed_lines(graph.source or "")  # the parser's own line numbering
    nodes, parents = [], {}
    for i, t in enumerate(every):
        if not t.requires_grad:
            continue
        snippet = _snippet(lines, graph.span(i))
        nodes.append(GraphNode(i, graph.label(i), t, graph.named(i), snippet))
        parents[i] = tuple(dict.fromkeys(x for x in graph.inputs(i) if every[x].requires_grad))
    return ProgramGraph(nodes, parents)


_SNIPPET_CHARS = 40


def _snippet(lines: Sequence[str], span: Any) -> str:
    """The program text of a span, on one line and cut short when long."""
    if span is None or not 1 <= span.line <= len(lines):
        return ""
    if span.end_line == span.line:
        text = lines[span.line - 1][span.col - 1 : span.end_col - 1]
    else:
        parts = [lines[span.line - 1][span.col - 1 :]]
        parts += lines[span.line : span.end_line - 1]
        parts.append(
            lines[span.end_line - 1][: span.end_col - 1] if span.end_line <= len(lines) else ""
        )
        text = " ".join(part.strip() for part in parts)
    text = " ".join(text.split())
    return text if len(text) <= _SNIPPET_CHARS else text[: _SNIPPET_CHARS - 1] + "…"


def format_shape(shape: tuple[int, ...]) -> str:
    """A shape for people: ``(2, 3)``, ``(4,)``, ``()`` for a scalar.

    >>> format_shape((2, 3)), format_shape((4,)), format_shape(())
    ('(2, 3)', '(4,)', '()')
    """
    return str(tuple(int(n) for n in shape))


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


def _elements(output: Tensor) -> int:
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
    return (rows + cols) * _elements(output) + 2 * cols * _pass_cost(output)


def _depends_on(output: Tensor, wrt: Tensor) -> bool:
    if output.serial == wrt.serial:
        return True
    return output.requires_grad and any(
        n.serial == wrt.serial for n in graph_nodes(output, constants=False)
    )


def _largest(a: np.ndarray, b: np.ndarray) -> float:
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
    connected = _depends_on(output, wrt)
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
        passes_reverse=_taught_passes("reverse", rows, cols, connected),
        passes_forward=_taught_passes("forward", rows, cols, connected),
        passes_numerical=passes_numerical,
        difference_modes=_largest(reverse, forward),
        difference_numerical=max(_largest(reverse, numerical), _largest(forward, numerical)),
        connected=connected,
        too_large=False,
        reason=None,
        batched_reverse=batched_reverse,
        batched_forward=batched_forward,
    )


def _taught_passes(mode: str, rows: int, cols: int, connected: bool) -> int:
    """The passes a mode takes in the picture the pages teach: one backward pass per row
    (none when the output does not depend on the input), one forward pass per column.

    The engine runs them all at once (:func:`engine.core.autodiff.jacobian`); the count
    says how many vector-Jacobian (or Jacobian-vector) products that one pass holds.
    """
    if mode == "reverse":
        return rows if connected else 0
    return cols


# -- linearisation: f(x + Δx) ≈ f(x) + J · Δx ----------------------------------------------------


def replay(output: Tensor, values: Mapping[Tensor, Any]) -> np.ndarray:
    """The output's value recomputed with some nodes' values replaced (the graph is untouched).

    >>> x = Tensor([1.0, 2.0])
    >>> y = (x * x).sum()
    >>> float(replay(y, {x: [3.0, 4.0]})), float(y.data)
    (25.0, 5.0)
    """
    nodes = graph_nodes(output, constants=True)
    inside = {n.serial for n in nodes}
    overrides = {
        t.serial: np.asarray(v, dtype=np.float64).reshape(t.shape)
        for t, v in values.items()
        if t.serial in inside
    }
    if not overrides:
        return np.asarray(output.data)
    with np.errstate(all="ignore"):
        return np.asarray(_replay(nodes, overrides)[output.serial])


def jvp(output: Tensor, wrt: Tensor, tangent: Any) -> np.ndarray:
    """J · tangent by one forward-mode pass (the Jacobian is never built)."""
    tangent = np.asarray(tangent, dtype=np.float64).reshape(wrt.shape)
    if output.serial == wrt.serial:
        return tangent
    nodes = graph_nodes(output, constants=True)
    with np.errstate(all="ignore"):
        result = _forward_tangent(nodes, wrt, tangent).get(output.serial)
    if result is None:
        return np.zeros(output.shape)
    return np.broadcast_to(np.asarray(result, dtype=np.float64), output.shape).copy()


def contract(jac: np.ndarray, delta: np.ndarray, in_ndim: int) -> np.ndarray:
    """The generalized dot J · Δx: sum over the input's axes (the last ``in_ndim`` of J).

    >>> contract(np.ones((2, 3)), np.array([1.0, 2.0, 3.0]), 1).tolist()
    [6.0, 6.0]
    """
    return np.tensordot(jac, delta, axes=in_ndim)


def direction(shape: tuple[int, ...], seed: int = 0) -> np.ndarray:
    """A fixed random direction of unit length (Frobenius norm 1) in the input's space.

    >>> float(np.linalg.norm(direction((3, 2), seed=4)))
    1.0
    """
    rng = np.random.default_rng(seed)
    d = np.asarray(rng.standard_normal(shape), dtype=np.float64)
    norm = float(np.linalg.norm(d))
    return d / norm if norm > 0 else d


@dataclass(frozen=True)
class Linearisation:
    """f(x + Δx) against its linear prediction f(x) + J · Δx, entry by entry.

    Arrays have the output's shape; ``delta`` has the input's shape.
    """

    scale: float
    delta: np.ndarray
    value: np.ndarray  # f(x)
    perturbed: np.ndarray  # f(x + Δx), by replaying the graph
    predicted: np.ndarray  # f(x) + J · Δx
    change: np.ndarray  # J · Δx
    via: str  # "jacobian" (J contracted with Δx) or "jvp" (one forward-mode pass)

    @property
    def error(self) -> np.ndarray:
        return self.perturbed - self.predicted

    @property
    def max_error(self) -> float:
        return float(np.max(np.abs(self.error), initial=0.0))


def linearisation(
    output: Tensor,
    wrt: Tensor,
    scale: float,
    seed: int = 0,
    jac: np.ndarray | None = None,
) -> Linearisation:
    """Perturb ``wrt`` by Δx = scale · (a fixed-seed unit direction) and compare.

    ``f(x + Δx)`` is the graph replayed with the perturbed value; the
    prediction contracts ``jac`` (shape out + in) with Δx when it is given,
    and otherwise runs one forward-mode pass (J · Δx without building J).

    >>> x = Tensor([1.0, 2.0])
    >>> lin = linearisation((x * x).sum(), x, 1e-3)
    >>> lin.max_error < 1e-6
    True
    """
    delta = float(scale) * direction(tuple(wrt.shape), seed)
    value = np.asarray(output.data, dtype=np.float64)
    perturbed = replay(output, {wrt: np.asarray(wrt.data) + delta})
    if jac is not None:
        change, via = contract(np.asarray(jac), delta, wrt.ndim), "jacobian"
    else:
        change, via = jvp(output, wrt, delta), "jvp"
    change = np.asarray(change, dtype=np.float64).reshape(output.shape)
    return Linearisation(
        scale=float(scale),
        delta=delta,
        value=value,
        perturbed=np.asarray(perturbed, dtype=np.float64),
        predicted=value + change,
        change=change,
        via=via,
    )


@dataclass(frozen=True, slots=True)
class SweepRow:
    scale: float
    max_error: float
    ratio: float | None  # the previous row's error over this one's (None for the first)


def error_sweep(
    output: Tensor, wrt: Tensor, scales: Iterable[float] = SWEEP_SCALES, seed: int = 0
) -> list[SweepRow]:
    """The linearisation error for shrinking Δx: for a smooth f it shrinks like |Δx|².

    Each row's ``ratio`` is how many times smaller the error got than in the
    row before; a tenth of the step gives about a hundredth of the error
    until rounding (around 1e-12 and below) takes over.
    """
    rows: list[SweepRow] = []
    previous = None
    for scale in scales:
        error = linearisation(output, wrt, scale, seed).max_error
        ratio = previous / error if previous is not None and error > 0 else None
        rows.append(SweepRow(float(scale), error, ratio))
        previous = error
    return rows


def linearisation_rows(lin: Linearisation, limit: int = LINEARISATION_ROWS) -> list[dict[str, Any]]:
    """The first ``limit`` output entries as table rows: f(x), f(x+Δx), f(x)+J·Δx, error.

    Each row is labelled by its index vector, as the heatmap's rows are.
    """
    shape = lin.value.shape
    value = lin.value.reshape(-1)
    perturbed = lin.perturbed.reshape(-1)
    predicted = lin.predicted.reshape(-1)
    error = lin.error.reshape(-1)
    return [
        {
            "entry": str(unravel(k, shape)),
            "f(x)": float(value[k]),
            "f(x + Δx)": float(perturbed[k]),
            "f(x) + J·Δx": float(predicted[k]),
            "error": float(error[k]),
        }
        for k in range(min(limit, value.size))
    ]


# -- the chain rule on a path x → y → z ------------------------------------------------------------


def x_options(graph: ProgramGraph) -> list[int]:
    """Nodes that start a path of at least two edges (so a middle node exists)."""
    return [
        node_id
        for node_id in graph.nodes
        if any(graph.children[child] for child in graph.children[node_id])
    ]


def z_options(graph: ProgramGraph, x: int) -> list[int]:
    """Nodes that ``x`` reaches through at least one node in between."""
    found: set[int] = set()
    for child in graph.children.get(x, ()):
        found |= graph.descendants(child)
    return sorted(found)


def valid_middles(graph: ProgramGraph, x: int, z: int) -> list[int]:
    """Every y that lies on some path x → … → y → … → z (x and z themselves excluded)."""
    return sorted(graph.descendants(x) & graph.ancestors(z))


def dominates(graph: ProgramGraph, x: int, y: int, z: int) -> bool:
    """True when every path from x to z passes through y (z is unreachable without y)."""
    return z not in graph.descendants(x, without=y)


def on_every_path(graph: ProgramGraph, x: int, z: int) -> set[int]:
    """The middles that every path from x to z passes through (x and z excluded).

    Count the paths: y is on every one exactly when (paths x → y) × (paths
    y → z) equals (paths x → z). Python's integers are exact, however many
    paths there are; one sweep each way over the nodes between x and z.
    """
    middles = graph.descendants(x) & graph.ancestors(z)
    inside = middles | {x, z}
    into = {x: 1}  # paths from x, in creation (topological) order
    for node in sorted(middles | {z}):
        into[node] = sum(into.get(p, 0) for p in graph.parents[node] if p in inside)
    out_of = {z: 1}  # paths to z, in reverse order
    for node in sorted(middles | {x}, reverse=True):
        out_of[node] = sum(out_of.get(c, 0) for c in graph.children[node] if c in inside)
    total = into[z]
    return {y for y in middles if into[y] * out_of[y] == total}


def bypass_path(graph: ProgramGraph, x: int, y: int, z: int) -> list[int] | None:
    """A path from x to z that avoids y (a shortest one), or None when y dominates."""
    previous: dict[int, int] = {}
    frontier, seen = [x], {x}
    while frontier:
        following = []
        for node in frontier:
            for child in graph.children.get(node, ()):
                if child == y or child in seen:
                    continue
                seen.add(child)
                previous[child] = node
                if child == z:
                    path = [z]
                    while path[-1] != x:
                        path.append(previous[path[-1]])
                    return path[::-1]
                following.append(child)
        frontier = following
    return None


def default_chain(graph: ProgramGraph, program: Program) -> tuple[int, int, int] | None:
    """The page's first view: the first leaf, a middle node, the output.

    The middle is one that every path passes through when there is one
    (named nodes first), the one halfway along; otherwise the middle of all
    the valid middles.
    """
    xs = x_options(graph)
    if not xs:
        return None
    output = graph_id(graph, program.output)
    leaves = [graph_id(graph, t) for t in program.leaves.values()]
    ordered = [i for i in leaves if i in xs] + [i for i in xs if i not in leaves]
    for x in ordered:
        zs = z_options(graph, x)
        if zs:
            z = output if output in zs else zs[-1]
            return x, default_middle(graph, x, z), z
    return None


def default_middle(graph: ProgramGraph, x: int, z: int) -> int:
    """A node on every path from x to z, named first, halfway along; else any middle."""
    middles = valid_middles(graph, x, z)
    every = on_every_path(graph, x, z)
    dominators = [y for y in middles if y in every]
    pool = [y for y in dominators if graph.node(y).named] or dominators or middles
    return pool[(len(pool) - 1) // 2]


def graph_id(graph: ProgramGraph, tensor: Tensor) -> int | None:
    for node in graph.nodes.values():
        if node.tensor.serial == tensor.serial:
            return node.id
    return None


def longest_path(graph: ProgramGraph, start: int, end: int) -> list[int]:
    """The longest path from ``start`` to ``end`` (ids increase along every edge)."""
    if start == end:
        return [start]
    inside = (graph.descendants(start) & graph.ancestors(end)) | {start, end}
    best: dict[int, tuple[int, int | None]] = {start: (0, None)}
    for node in sorted(inside):
        if node == start:
            continue
        candidates = [(best[p][0] + 1, p) for p in graph.parents[node] if p in best]
        if candidates:
            best[node] = max(candidates)
    if end not in best:
        raise ValueError(f"node {end} is not reachable from node {start}")
    path = [end]
    while path[-1] != start:
        path.append(best[path[-1]][1])
    return path[::-1]


def chain_path(graph: ProgramGraph, x: int, y: int, z: int) -> list[int]:
    """A path x → … → y → … → z with as many nodes as possible (a long chain of Jacobians)."""
    return longest_path(graph, x, y) + longest_path(graph, y, z)[1:]


@dataclass(frozen=True)
class ChainReport:
    """∂z/∂y, ∂y/∂x, their generalized product and ∂z/∂x computed directly.

    Arrays are None when ``too_large``. ``bypass`` is True when x also reaches
    z without passing y: the product is then only the part through y, and
    ``direct − product`` is the part along the other paths.
    """

    z_shape: tuple[int, ...]
    y_shape: tuple[int, ...]
    x_shape: tuple[int, ...]
    dz_dy: np.ndarray | None
    dy_dx: np.ndarray | None
    product: np.ndarray | None
    direct: np.ndarray | None
    passes: Mapping[str, tuple[str, int]]  # "dz_dy" -> (mode, passes)
    bypass: bool
    too_large: bool
    reason: str | None

    @property
    def sizes(self) -> tuple[int, int, int]:
        """(K, M, N): the entries of z, y and x."""
        return math.prod(self.z_shape), math.prod(self.y_shape), math.prod(self.x_shape)

    @property
    def max_difference(self) -> float:
        """The largest |product − direct| (0 up to rounding when y is the only way through)."""
        if self.product is None or self.direct is None:
            return 0.0
        return _largest(self.product, self.direct)

    def matrices(self) -> dict[str, np.ndarray]:
        """The four Jacobians flattened: K×M, M×N, K×N, K×N."""
        k, m, n = self.sizes
        if self.too_large:
            return {}
        return {
            "dz_dy": self.dz_dy.reshape(k, m),
            "dy_dx": self.dy_dx.reshape(m, n),
            "product": self.product.reshape(k, n),
            "direct": self.direct.reshape(k, n),
        }


def _cheaper_jacobian(output: Tensor, wrt: Tensor) -> tuple[np.ndarray, str, int]:
    """Reverse mode when the output has fewer entries than the input, else forward mode;
    with the passes that mode takes as the page teaches it (one per row or column)."""
    mode = "reverse" if output.size <= wrt.size else "forward"
    with np.errstate(all="ignore"):
        jac = jacobian(output, wrt, mode)
    passes = _taught_passes(mode, output.size, wrt.size, _depends_on(output, wrt))
    return jac, mode, passes


def compose(
    graph: ProgramGraph,
    z: int,
    y: int,
    x: int,
    max_entries: int = CHAIN_MAX_ENTRIES,
    budget: int = WORK_BUDGET,
) -> ChainReport:
    """The chain rule on the path x → y → z: ∂z/∂x = ∂z/∂y · ∂y/∂x (generalized dot over y).

    ∂z/∂y is the partial derivative that treats y as an input of its own (its
    row of upstream gradients in reverse mode): other inputs of z stay fixed.
    """
    zt, yt, xt = graph.node(z).tensor, graph.node(y).tensor, graph.node(x).tensor
    k, m, n = zt.size, yt.size, xt.size
    bypass = not dominates(graph, x, y, z)
    reason = None
    if max(k * m, m * n, k * n) > max_entries:
        reason = "entries"
    else:
        # each Jacobian in one batched pass of the cheaper mode: one seed per row or column
        work = (min(k, m) + min(k, n)) * _elements(zt) + min(m, n) * _elements(yt)
        if work > budget:
            reason = "work"
    if reason is not None:
        return ChainReport(
            zt.shape, yt.shape, xt.shape, None, None, None, None, {}, bypass, True, reason
        )
    dz_dy, mode_zy, passes_zy = _cheaper_jacobian(zt, yt)
    dy_dx, mode_yx, passes_yx = _cheaper_jacobian(yt, xt)
    direct, mode_zx, passes_zx = _cheaper_jacobian(zt, xt)
    product = contract(dz_dy, dy_dx, yt.ndim)
    return ChainReport(
        z_shape=tuple(zt.shape),
        y_shape=tuple(yt.shape),
        x_shape=tuple(xt.shape),
        dz_dy=dz_dy,
        dy_dx=dy_dx,
        product=product,
        direct=direct,
        passes={
            "dz_dy": (mode_zy, passes_zy),
            "dy_dx": (mode_yx, passes_yx),
            "direct": (mode_zx, passes_zx),
        },
        bypass=bypass,
        too_large=False,
        reason=None,
    )


# -- one entry of the product, written out ----------------------------------------


#: A worked entry writes out at most this many terms of its sum (the rest are counted).
WORKED_TERMS = 6


@dataclass(frozen=True, slots=True)
class Term:
    k: int  # flat index into y
    index: tuple[int, ...]  # the index vector k
    dz_dy: float
    dy_dx: float

    @property
    def product(self) -> float:
        return self.dz_dy * self.dy_dx


@dataclass(frozen=True)
class WorkedEntry:
    """∂z_i/∂x_j = Σ_k ∂z_i/∂y_k · ∂y_k/∂x_j for one (i, j), every term with its numbers."""

    i: tuple[int, ...]
    j: tuple[int, ...]
    terms: tuple[Term, ...]  # every k, in order
    total: float  # the sum of the terms (the product's entry)
    direct: float  # the direct Jacobian's entry

    @property
    def nonzero(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.product != 0.0)


def unravel(flat: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    """A flat (row-major) index as an index vector; () for a scalar.

    >>> unravel(5, (2, 3)), unravel(0, ())
    ((1, 2), ())
    """
    return tuple(int(v) for v in np.unravel_index(flat, shape)) if shape else ()


def worked_entry(report: ChainReport, i: int, j: int) -> WorkedEntry:
    """The sum behind one entry of the product; ``i`` and ``j`` are flat indices into z and x."""
    mats = report.matrices()
    a, b = mats["dz_dy"], mats["dy_dx"]
    terms = tuple(
        Term(k, unravel(k, report.y_shape), float(a[i, k]), float(b[k, j]))
        for k in range(a.shape[1])
    )
    return WorkedEntry(
        i=unravel(i, report.z_shape),
        j=unravel(j, report.x_shape),
        terms=terms,
        total=float(mats["product"][i, j]),
        direct=float(mats["direct"][i, j]),
    )


def default_entry(report: ChainReport) -> tuple[int, int]:
    """The (i, j) with the largest |∂z_i/∂x_j| through y (the first on a tie; (0, 0) if none)."""
    mats = report.matrices()
    product = mats.get("product")
    if product is None or product.size == 0:
        return 0, 0
    flat = int(np.argmax(np.abs(product)))
    return divmod(flat, product.shape[1])


_TEX_SPECIAL = re.compile(r"([#$%&_{}])")


def tex_name(label: str) -> str:
    r"""A node label as upright LaTeX text: ``add#6`` -> ``\text{add\#6}``."""
    return r"\text{" + _TEX_SPECIAL.sub(r"\\\1", label) + "}"


def tex_index(index: tuple[int, ...]) -> str:
    """An index vector as a subscript: ``(1, 2)`` -> ``1,2``; a scalar has none."""
    return ",".join(str(v) for v in index)


def tex_number(value: float, parens: bool = True) -> str:
    """A number for a written-out sum: 4 significant digits, negatives in parentheses.

    >>> tex_number(-0.123456), tex_number(2.0), tex_number(1e-7)
    ('(-0.1235)', '2', '1 \\\\times 10^{-7}')
    """
    if not math.isfinite(value):
        return r"\mathrm{nan}" if math.isnan(value) else ("-" if value < 0 else "") + r"\infty"
    text = f"{value:.4g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return f"({text})" if parens and value < 0 else text


def _sub(name: str, index: tuple[int, ...]) -> str:
    return f"{name}_{{{tex_index(index)}}}" if index else name


def index_formula(z: str, y: str, x: str) -> str:
    """The chain rule over index vectors, in LaTeX, with the nodes' names."""
    zn, yn, xn = tex_name(z), tex_name(y), tex_name(x)
    return (
        rf"\frac{{\partial {zn}_{{\mathbf{{i}}}}}}{{\partial {xn}_{{\mathbf{{j}}}}}}"
        rf" = \sum_{{\mathbf{{k}}}} \frac{{\partial {zn}_{{\mathbf{{i}}}}}}"
        rf"{{\partial {yn}_{{\mathbf{{k}}}}}} \cdot "
        rf"\frac{{\partial {yn}_{{\mathbf{{k}}}}}}{{\partial {xn}_{{\mathbf{{j}}}}}}"
    )


def worked_entry_latex(
    entry: WorkedEntry,
    z: str,
    y: str,
    x: str,
    max_terms: int = WORKED_TERMS,
    *,
    lang: str = i18n.DEFAULT_LANG,
) -> str:
    """One entry's sum written out with numbers, as aligned LaTeX lines.

    Terms with a zero factor add nothing and are left out (and counted); the
    first ``max_terms`` others are written, the rest summed into one "⋯" ("N more",
    in ``lang``).
    """
    zn, yn, xn = tex_name(z), tex_name(y), tex_name(x)
    scalar_y = len(entry.terms) == 1 and entry.terms[0].index == ()
    zi, xj = _sub(zn, entry.i), _sub(xn, entry.j)
    yk = yn if scalar_y else rf"{yn}_{{\mathbf{{k}}}}"
    summation = "" if scalar_y else r"\sum_{\mathbf{k}} "  # a scalar y: one term, no sum
    lines = [
        rf"\frac{{\partial {zi}}}{{\partial {xj}}} &= {summation}"
        rf"\frac{{\partial {zi}}}{{\partial {yk}}} \cdot \frac{{\partial {yk}}}{{\partial {xj}}}"
    ]
    nonzero = entry.nonzero
    shown = nonzero[:max_terms]
    if shown:
        body = " + ".join(rf"{tex_number(t.dz_dy)} \cdot {tex_number(t.dy_dx)}" for t in shown)
        rest = nonzero[max_terms:]
        if rest:
            rest_sum = tex_number(sum(t.product for t in rest))
            more = i18n.t("chain.latex_more", lang)
            body += rf" + \underbrace{{\cdots}}_{{{len(rest)} \text{{{more}}} \,=\, {rest_sum}}}"
        lines.append(rf"&= {body}")
    lines.append(rf"&= {tex_number(entry.total, parens=False)}")
    return r"\begin{aligned} " + r" \\ ".join(lines) + r" \end{aligned}"


def term_rows(entry: WorkedEntry, labels: Sequence[str], limit: int = 50) -> list[dict[str, Any]]:
    """The terms of a worked entry as table rows (k, the two factors, their product)."""
    return [
        {
            "k": labels[t.k] if t.k < len(labels) else str(t.k),
            "∂z_i/∂y_k": t.dz_dy,
            "∂y_k/∂x_j": t.dy_dx,
            "product": t.product,
        }
        for t in entry.terms[:limit]
    ]


# -- forward versus reverse accumulation ----------------------------------------


@dataclass(frozen=True, slots=True)
class Product:
    """One matrix product in an accumulation order: (a × b) · (b × c) costs a·b·c multiply-adds."""

    left: tuple[int, int]
    right: tuple[int, int]
    madds: int

    @property
    def result(self) -> tuple[int, int]:
        return self.left[0], self.right[1]


def accumulation_steps(sizes: Sequence[int]) -> tuple[list[Product], list[Product]]:
    """The products of forward and reverse accumulation of J_L ⋯ J_1.

    ``sizes`` is [n_0, n_1, …, n_L]: J_k is n_k × n_{k−1}. Forward mode starts
    at the input: J_2 J_1, then J_3 (J_2 J_1), … carrying n_0 columns; reverse
    mode starts at the output: J_L J_{L−1}, then (J_L J_{L−1}) J_{L−2}, …
    carrying n_L rows.
    """
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2:
        raise ValueError("a chain needs at least two sizes: its input's and its output's")
    if any(s < 0 for s in sizes):
        raise ValueError("sizes cannot be negative")
    n0, nl, levels = sizes[0], sizes[-1], len(sizes) - 1
    forward = [
        Product((sizes[k], sizes[k - 1]), (sizes[k - 1], n0), sizes[k] * sizes[k - 1] * n0)
        for k in range(2, levels + 1)
    ]
    reverse = [
        Product((nl, sizes[k]), (sizes[k], sizes[k - 1]), nl * sizes[k] * sizes[k - 1])
        for k in range(levels - 1, 0, -1)
    ]
    return forward, reverse


def accumulation_costs(sizes: Sequence[int]) -> tuple[int, int]:
    """Multiply-adds of forward (J_L(…(J_2 J_1))) and reverse (((J_L J_{L−1})…)J_1) order.

    >>> accumulation_costs([3, 1])  # one Jacobian: nothing to multiply
    (0, 0)
    >>> accumulation_costs([1, 20, 50, 100])  # one input, many outputs: forward wins
    (6000, 102000)
    """
    forward, reverse = accumulation_steps(sizes)
    return sum(p.madds for p in forward), sum(p.madds for p in reverse)


#: The demo chain's sizes: 100 inputs through two hidden layers to a scalar loss.
DEMO_SIZES = (100, 50, 20, 1)
MAX_CHAIN_LENGTH = 12
MAX_CHAIN_SIZE = 1_000_000


def parse_sizes(text: str) -> tuple[list[int] | None, str | None]:
    """Sizes typed as ``100, 50, 20, 1``: (sizes, None), or (None, a message for people).

    >>> parse_sizes("100, 50 20,1")
    ([100, 50, 20, 1], None)
    >>> parse_sizes("3, x")[1]
    "'x' is not a whole number"
    """
    items = [item for item in re.split(r"[,\s;]+", text.strip()) if item]
    if len(items) < 2:
        return None, "type at least two sizes, the input's first and the output's last"
    if len(items) > MAX_CHAIN_LENGTH:
        return None, f"at most {MAX_CHAIN_LENGTH} sizes"
    sizes = []
    for item in items:
        if not re.fullmatch(r"[0-9]{1,7}", item):
            return None, f"{item!r} is not a whole number"
        value = int(item)
        if not 1 <= value <= MAX_CHAIN_SIZE:
            return None, f"each size must be between 1 and {MAX_CHAIN_SIZE:,}"
        sizes.append(value)
    return sizes, None
