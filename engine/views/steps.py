"""The step model: what each step of the recorded backward pass shows, as data.

:func:`step_panel` is the one walk of a step: its node, its upstream (and the
contributions it summed), and per input the local Jacobian and the downstream
gradient, each with its shapes, structure and words in one language. The app's
step panel, the worked solution (text and Markdown, ``engine.views.worked``) and
the slides are formatters over it.

Vocabulary (docs/design.md): **upstream** is the gradient of the output with
respect to a node's value, **local** is the node's Jacobian with respect to one
input (shape ``out.shape + in.shape``), **downstream** is upstream · local,
summed back to the input's shape when the input was broadcast.

>>> from engine.views.session import run
>>> panel = step_panel(run("x = -2\\ny = 5\\nz = -4\\nq = x + y\\nf = q * z").graph, 1)
>>> panel.name, panel.expression, panel.where, [edge.downstream_text for edge in panel.edges]
('f', 'q * z', 'mul, line 5, col 5', ['-4', '3'])
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass

import numpy as np

from engine.core.autodiff import Trace
from engine.core.records import Edge
from engine.i18n import DEFAULT_LANG, op_note, t, wording
from engine.language import Span
from engine.views.graph import RunGraph
from engine.views.numbers import MAX_ENTRIES, format_value, multi_index_labels, number

#: A local Jacobian with at most this many entries is shown as an exact matrix.
MATRIX_MAX_ENTRIES = 36
#: ... with at most this many entries, as a heatmap; above it, only described.
HEATMAP_MAX_ENTRIES = 40_000
#: A step panel builds at most this many of its node's inputs (a window the page moves
#: on demand), and a worked solution writes out this many per step: a step with 5,000
#: inputs (``concat(x, x, …)``) costs what one with six does.
PANEL_INPUTS = 6
#: A fanned-in upstream lists at most this many of its contributions (the rest counted).
PANEL_CONTRIBUTIONS = 6


def seed_text(trace: Trace, lang: str = DEFAULT_LANG) -> str:
    """How the output was seeded: "1", "ones(2, 3) (as if sum() were applied)" or a value."""
    seed = np.asarray(trace.seed)
    if bool(np.all(seed == 1.0)):
        if seed.ndim == 0:
            return "1"
        ones = "ones(" + ", ".join(str(n) for n in seed.shape) + ")"
        return t("render.ones_seed", lang, ones=ones)
    return format_value(seed, lang=lang)


def clamp_step(trace: Trace, step: int | None) -> int:
    """A step number in 0..n (None: the finished pass, n); refuses a non-integer or below 0."""
    if step is None:
        return len(trace.steps)
    if not isinstance(step, (int, np.integer)) or isinstance(step, bool):
        raise TypeError(f"step must be an integer, not {step!r}")
    if step < 0:
        raise ValueError(f"step must be 0 or more, not {step}")
    return min(int(step), len(trace.steps))


# -- how a node is written ---------------------------------------------------------------


def _operand(graph: RunGraph, node_id: int) -> str:
    """How an input appears in an expression: its label, or an unnamed constant's value."""
    label = graph.label(node_id)
    if not graph.unnamed_constant(node_id):
        return label
    value = graph.info(node_id).value
    return format_value(value) if np.size(value) <= MAX_ENTRIES else label


_INFIX = {"add": "+", "sub": "-", "mul": "*", "div": "/", "pow": "**", "matmul": "@"}


def _expression(graph: RunGraph, name: str, inputs: tuple[int, ...]) -> str:
    """Operation ``name`` written with its inputs' names, e.g. ``q * z`` or ``tanh(h)``; of
    a node with many inputs, the first ``PANEL_INPUTS`` and a count, ``concat(x, …, +994)``."""
    names = [_operand(graph, i) for i in inputs[:PANEL_INPUTS]]
    if len(inputs) > PANEL_INPUTS:
        names.append(f"… +{len(inputs) - PANEL_INPUTS:,}")
    if name in _INFIX and len(names) == 2:
        return f"{names[0]} {_INFIX[name]} {names[1]}"
    if name == "neg":
        return f"-{names[0]}"
    if name == "index":
        return f"{names[0]}[…]"
    return f"{name}({', '.join(names)})"


def _input_label(graph: RunGraph, node_id: int, lang: str = DEFAULT_LANG) -> str:
    """An input's label; an unnamed constant is "the constant 2" or "a constant (3,)"."""
    info = graph.info(node_id)
    if not graph.unnamed_constant(node_id):
        return graph.label(node_id)
    if info.shape == ():
        return t("render.the_constant", lang, value=number(info.value))
    return t("render.a_constant", lang, shape=info.shape)


# -- the model ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ContributionPanel:
    """One term of a fanned-in upstream: what one consumer sent back."""

    consumer_id: int
    consumer: str  # the consumer's name
    index: int  # which input of the consumer this node is
    step: int  # the step that sent it
    value: np.ndarray
    text: str


@dataclass(frozen=True, slots=True)
class EdgePanel:
    """One input of the step's node: its local Jacobian and downstream gradient.

    ``display`` says how to show the local Jacobian: ``"matrix"`` (at most
    ``MATRIX_MAX_ENTRIES`` entries, exact values), ``"heatmap"`` (at most
    ``HEATMAP_MAX_ENTRIES``) or ``"description"`` (shape and structure only).
    For the first two, ``matrix`` is the Jacobian flattened to
    (output entries) × (input entries), labelled by ``row_labels`` and ``col_labels``.
    """

    input_id: int
    input_name: str
    #: How a worked solution names it: its label, or "the constant 2" for an unnamed constant.
    input_label: str
    input_kind: str  # "leaf" | "op" | "constant"
    index: int
    formula: str  # LaTeX
    local_shape: tuple[int, ...]
    out_shape: tuple[int, ...]
    in_shape: tuple[int, ...]
    matrix_shape: tuple[int, int]
    structure_kind: str
    structure_text: str
    local_size: int
    display: str
    local: np.ndarray | None  # the exact Jacobian, shape local_shape (not for "description")
    matrix: np.ndarray | None
    row_labels: tuple[str, ...]
    col_labels: tuple[str, ...]
    downstream: np.ndarray | None  # None for a constant input
    downstream_text: str
    raw_shape: tuple[int, ...] | None
    broadcast: bool
    shape_equation: str  # e.g. "(2,) · (2, 2, 3) → (2, 3)"
    broadcast_text: str | None  # e.g. "summed over broadcast axes: (2, 3) → (3,)"


@dataclass(frozen=True, slots=True)
class StepPanel:
    """Everything the app shows about one step of the backward pass."""

    number: int
    total: int
    node_id: int
    name: str
    op_name: str
    symbol: str
    expression: str  # e.g. "q * z"
    shape: tuple[int, ...]
    note: str
    span: Span | None
    span_text: str | None
    upstream: np.ndarray
    upstream_text: str
    is_seed: bool
    seed_text: str | None  # "1" or "ones(2, 3) (as if sum() were applied)" at the output
    #: The first ``PANEL_CONTRIBUTIONS`` terms of a fanned-in upstream (of ``n_contributions``).
    contributions: tuple[ContributionPanel, ...]
    #: The inputs shown: ``n_inputs`` of them from ``first_input`` (0-based), at most
    #: ``PANEL_INPUTS``; each keeps its own ``index`` among all the node's inputs.
    edges: tuple[EdgePanel, ...]
    n_inputs: int = 0
    first_input: int = 0
    n_contributions: int = 0
    #: False when the panel's time budget ran out before every input of the window was built.
    complete: bool = True

    @property
    def inputs_before(self) -> int:
        """Inputs before the window."""
        return self.first_input

    @property
    def inputs_after(self) -> int:
        """Inputs after the window (those it would show next)."""
        return max(0, self.n_inputs - self.first_input - len(self.edges))

    @property
    def more_contributions(self) -> int:
        return max(0, self.n_contributions - len(self.contributions))

    @property
    def where(self) -> str:
        """The operation and where it was written: ``add, line 5, col 1``."""
        return ", ".join(filter(None, [self.op_name, self.span_text]))


def local_display(size: int) -> str:
    """How a local Jacobian of ``size`` entries is shown: matrix, heatmap or description.

    >>> [local_display(n) for n in (36, 37, 40_000, 40_001)]
    ['matrix', 'heatmap', 'heatmap', 'description']
    """
    if size <= MATRIX_MAX_ENTRIES:
        return "matrix"
    if size <= HEATMAP_MAX_ENTRIES:
        return "heatmap"
    return "description"


def shape_equation(edge: Edge, out_shape: tuple[int, ...]) -> str:
    """upstream shape · local shape → downstream shape, e.g. ``(2,) · (2, 2, 3) → (2, 3)``."""
    return f"{tuple(out_shape)} · {edge.local.shape} → {edge.in_shape}"


def _broadcast_text(edge: Edge, lang: str = DEFAULT_LANG) -> str | None:
    if not edge.broadcast:
        return None
    return t("render.broadcast", lang, before=edge.raw_shape, after=edge.in_shape)


def edge_panel(graph: RunGraph, edge: Edge, lang: str, max_local: int) -> EdgePanel:
    """One input edge of a step's panel; its local Jacobian is built if it has at most
    ``max_local`` entries."""
    local = edge.local
    info = graph.info(edge.input)
    display = local_display(local.size)
    exact = None if display == "description" else local.materialize(max_local)
    if exact is None:
        display = "description"
    structure = local.structure
    return EdgePanel(
        input_id=edge.input,
        input_name=graph.label(edge.input),
        input_label=_input_label(graph, edge.input, lang),
        input_kind=info.kind,
        index=edge.index,
        formula=local.formula,
        local_shape=local.shape,
        out_shape=local.out_shape,
        in_shape=local.in_shape,
        matrix_shape=local.matrix_shape,
        structure_kind=structure.kind,
        structure_text=wording(structure.text, lang),
        local_size=local.size,
        display=display,
        local=exact,
        matrix=None if exact is None else exact.reshape(local.matrix_shape),
        row_labels=tuple(multi_index_labels(local.out_shape)) if exact is not None else (),
        col_labels=tuple(multi_index_labels(local.in_shape)) if exact is not None else (),
        downstream=edge.downstream,
        downstream_text=format_value(edge.downstream, lang=lang)
        if edge.downstream is not None
        else t("render.no_gradient_constant", lang),
        raw_shape=edge.raw_shape,
        broadcast=edge.broadcast,
        shape_equation=shape_equation(edge, local.out_shape),
        broadcast_text=_broadcast_text(edge, lang),
    )


def input_window(n_inputs: int, first_input: int, max_inputs: int = PANEL_INPUTS) -> range:
    """The inputs a panel shows: ``max_inputs`` from ``first_input``, kept within the node's
    ``n_inputs`` (a start past the end shows the last ones).

    >>> input_window(1000, 0), input_window(1000, 996), input_window(3, 7)
    (range(0, 6), range(994, 1000), range(0, 3))
    """
    size = max(1, int(max_inputs))
    first = max(0, min(int(first_input), n_inputs - size))
    return range(first, min(n_inputs, first + size))


def step_panel(
    graph: RunGraph,
    k: int,
    *,
    lang: str = DEFAULT_LANG,
    first_input: int = 0,
    max_inputs: int = PANEL_INPUTS,
    max_local: int = HEATMAP_MAX_ENTRIES,
    deadline: float | None = None,
) -> StepPanel | None:
    """The record of step ``k`` (1-based) for the app's panel; None for step 0.

    A ``k`` past the end shows the last step. Its texts (the note, the structure,
    the summaries) are in ``lang``. Only the inputs of :func:`input_window` are built
    (``first_input``, ``max_inputs``), and only the first ``PANEL_CONTRIBUTIONS`` terms of
    a fanned-in upstream, so a step's panel costs the same whatever its fan-in or fan-out;
    local Jacobians of at most ``max_local`` entries are built (``local``, ``matrix``).
    With ``deadline`` (a ``time.monotonic()`` value) it stops building inputs once the
    deadline has passed (after the first), and says so in ``complete``.
    """
    trace = graph.trace
    k = clamp_step(trace, k)
    if k == 0:
        return None
    step = trace.steps[k - 1]
    info = trace.nodes[step.node]
    op = info.op
    assert op is not None, "a step is an operation's turn"
    span = graph.span(step.node)
    contributions: list[ContributionPanel] = []
    arrival_steps = graph.arrivals(step.node)
    shown = itertools.islice(
        zip(step.contributions, arrival_steps, strict=True), PANEL_CONTRIBUTIONS
    )
    for contribution, sent_at in shown:
        contributions.append(
            ContributionPanel(
                consumer_id=contribution.consumer,
                consumer=graph.label(contribution.consumer),
                index=contribution.index,
                step=sent_at,
                value=contribution.value,
                text=format_value(contribution.value, lang=lang),
            )
        )
    window = input_window(len(step.edges), first_input, max_inputs)
    edges: list[EdgePanel] = []
    complete = True
    for i in window:
        if edges and deadline is not None and time.monotonic() > deadline:
            complete = False
            break
        edges.append(edge_panel(graph, step.edges[i], lang, max_local))
    return StepPanel(
        number=step.number,
        total=len(trace.steps),
        node_id=info.id,
        name=graph.label(info.id),
        op_name=op.name,
        symbol=op.symbol,
        expression=_expression(graph, op.name, info.inputs),
        shape=info.shape,
        note=op_note(op.name, lang),
        span=span,
        span_text=None
        if span is None
        else t("render.line_col", lang, line=span.line, col=span.col),
        upstream=step.upstream,
        upstream_text=format_value(step.upstream, lang=lang),
        is_seed=step.node == trace.output,
        seed_text=seed_text(trace, lang) if step.node == trace.output else None,
        contributions=tuple(contributions),
        edges=tuple(edges),
        n_inputs=len(step.edges),
        first_input=window.start,
        n_contributions=len(step.contributions),
        complete=complete,
    )
