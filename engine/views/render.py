"""Pure functions that turn a recorded backward pass into things people read.

The app, the command line and the slides all call these; none of them needs
Streamlit. plotly (for heatmaps) is imported lazily, inside the function that uses it,
and SVG comes from Graphviz's ``dot`` program, so ``engine`` keeps numpy as its
only import-time dependency.

Vocabulary (docs/design.md): **upstream** is the gradient of the output with
respect to a node's value, **local** is the node's Jacobian with respect to one
input (shape ``out.shape + in.shape``), **downstream** is upstream · local,
summed back to the input's shape when the input was broadcast.

>>> format_value(0.7310585786300049)
'0.7311'
>>> format_value([1.0, -2.5, 3.0])
'[1, -2.5, 3]'
>>> format_value(None)
'?'
>>> multi_index_labels((2, 2))
['(0, 0)', '(0, 1)', '(1, 0)', '(1, 1)']
"""

from __future__ import annotations

import itertools
import math
import time
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.core.autodiff import Edge, NodeInfo
from engine.i18n import DEFAULT_LANG, op_note, structure_text, t
from engine.language import typed_lines, visible_controls
from engine.views import budget
from engine.views.graph import RunGraph
from engine.views.graphview import denoise, diverging_scale

# -- thresholds (named once, used everywhere) ------------------------------------

#: A value with at most this many entries is written out in full by ``format_value``.
MAX_ENTRIES = 6
#: Significant digits of numbers in short texts.
PRECISION = 4
#: Significant digits of the mean and range of a summarised (large) value.
SUMMARY_PRECISION = 3
#: A local Jacobian with at most this many entries is shown as an exact matrix.
MATRIX_MAX_ENTRIES = 36
#: ... with at most this many entries, as a heatmap; above it, only described.
HEATMAP_MAX_ENTRIES = 40_000
#: A fan-in gradient is written as "a + b = c" on its node when that is this short.
FANIN_SUM_MAX_CHARS = 40
#: Appended to any text that contains nan or ±inf.
NON_FINITE_FLAG = "⚠"
#: A relative error above this marks a gradcheck row as suspicious.
GRADCHECK_REL_TOLERANCE = 1e-5
#: A step panel builds at most this many of its node's inputs (a window the page moves
#: on demand), and a worked solution writes out this many per step: a step with 5,000
#: inputs (``concat(x, x, …)``) costs what one with six does.
PANEL_INPUTS = 6
#: A fanned-in upstream lists at most this many of its contributions (the rest counted).
PANEL_CONTRIBUTIONS = 6

# -- numbers and values ------------------------------------------------------------


def _number(x: Any, precision: int = PRECISION) -> str:
    """One float as a short text: integers without a point, else ``precision`` digits."""
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0:
        return "0"  # never "-0"
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    if 1e-4 <= abs(x) < 1e6:
        text = f"{x:.{max(precision, 1)}g}"  # significant digits, trailing zeros dropped
        # 12345.6 at 4 digits would be "1.235e+04": the whole number reads better.
        return f"{x:.0f}" if "e" in text else text
    mantissa, exponent = f"{x:.{max(precision - 1, 0)}e}".split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{exponent}"


def _nested(array: np.ndarray, precision: int) -> str:
    if array.ndim == 0:
        return _number(array, precision)
    return "[" + ", ".join(_nested(row, precision) for row in array) + "]"


def _non_finite_counts(array: np.ndarray) -> str:
    counts = (
        ("nan", int(np.isnan(array).sum())),
        ("inf", int(np.isposinf(array).sum())),
        ("-inf", int(np.isneginf(array).sum())),
    )
    return ", ".join(f"{n} {word}" for word, n in counts if n)


def format_value(
    array: Any,
    max_entries: int = MAX_ENTRIES,
    precision: int = PRECISION,
    *,
    lang: str = DEFAULT_LANG,
) -> str:
    """A short text for a value or a gradient; ``None`` (not yet known) is ``"?"``.

    Scalars as numbers, up to ``max_entries`` entries as nested brackets, larger
    arrays as their shape, mean and range (words in ``lang``). Any nan or ±inf is
    flagged with ⚠.

    >>> format_value(-4.0)
    '-4'
    >>> format_value([[1.0, 2.0], [3.0, 4.0]])
    '[[1, 2], [3, 4]]'
    >>> format_value(np.full((64, 10), 0.5))
    '(64, 10) mean 0.5 range [0.5, 0.5]'
    >>> format_value([0.0, float("-inf")])
    '[0, -inf] ⚠'
    >>> format_value(np.full((64, 10), 0.5), lang="zh")
    '(64, 10) 均值 0.5 范围 [0.5, 0.5]'
    """
    if array is None:
        return "?"
    a = denoise(array)  # floating noise beside real entries is shown as 0
    if a.ndim == 0:
        x = float(a)
        return _number(x, precision) + ("" if math.isfinite(x) else f" {NON_FINITE_FLAG}")
    if a.size == 0:
        return t("render.empty", lang, shape=a.shape)
    finite_mask = np.isfinite(a)
    all_finite = bool(finite_mask.all())
    if a.size <= max_entries:
        return _nested(a, precision) + ("" if all_finite else f" {NON_FINITE_FLAG}")
    summary = str(a.shape)
    finite = a if all_finite else a[finite_mask]
    if finite.size:
        p = min(precision, SUMMARY_PRECISION)
        low, high = _number(finite.min(), p), _number(finite.max(), p)
        mean = _number(finite.mean(), p)
        summary = t("render.summary", lang, shape=summary, mean=mean, low=low, high=high)
    if not all_finite:
        summary += f" {NON_FINITE_FLAG} {_non_finite_counts(a)}"
    return summary


def _shape_text(shape: tuple[int, ...], lang: str = DEFAULT_LANG) -> str:
    return t("render.scalar", lang) if shape == () else str(tuple(shape))


def _ones_text(shape: tuple[int, ...]) -> str:
    return "ones(" + ", ".join(str(n) for n in shape) + ")"


def _is_ones(seed: np.ndarray) -> bool:
    return bool(np.all(np.asarray(seed) == 1.0))


def _seed_text(trace: Any, lang: str = DEFAULT_LANG) -> str:
    """How the output was seeded: "1", "ones(2, 3) (as if sum() were applied)" or a value."""
    seed = np.asarray(trace.seed)
    if _is_ones(seed):
        if seed.ndim == 0:
            return "1"
        return t("render.ones_seed", lang, ones=_ones_text(seed.shape))
    return format_value(seed, lang=lang)


def multi_index_labels(shape: Sequence[int]) -> list[str]:
    """The entries of an array of ``shape`` in row-major order, as index tuples.

    A scalar has the single entry ``"()"``.

    >>> multi_index_labels((3,))
    ['(0,)', '(1,)', '(2,)']
    >>> multi_index_labels(())
    ['()']
    """
    return [str(index) for index in itertools.product(*(range(n) for n in shape))]


def latex_matrix(array: Any, precision: int = 3) -> str:
    r"""A small 0-, 1- or 2-D array as LaTeX (a bmatrix; a 1-D array as one row).

    >>> latex_matrix([[1.0, 0.0], [0.0, -0.5]])
    '\\begin{bmatrix} 1 & 0 \\\\ 0 & -0.5 \\end{bmatrix}'
    >>> latex_matrix(float("inf"))
    '\\infty'
    """
    a = np.asarray(array, dtype=np.float64)
    if a.ndim > 2:
        raise ValueError(f"latex_matrix takes 0-, 1- or 2-D arrays, not shape {a.shape}")
    if a.ndim == 0:
        return _latex_number(a, precision)
    rows = a.reshape(1, -1) if a.ndim == 1 else a
    body = r" \\ ".join(" & ".join(_latex_number(x, precision) for x in row) for row in rows)
    return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"


def _latex_number(x: Any, precision: int) -> str:
    text = _number(x, precision)
    if text in ("inf", "-inf"):
        return text.replace("inf", r"\infty")
    if text == "nan":
        return r"\mathrm{nan}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


# -- names and expressions -----------------------------------------------------------


def _operand(graph: RunGraph, node_id: int) -> str:
    """How an input appears in an expression: its label, or an unnamed constant's value."""
    label = graph.label(node_id)
    if not graph.unnamed_constant(node_id):
        return label
    value = graph.info(node_id).value
    return format_value(value) if np.size(value) <= MAX_ENTRIES else label


_INFIX = {"add": "+", "sub": "-", "mul": "*", "div": "/", "pow": "**", "matmul": "@"}


def _expression(graph: RunGraph, info: NodeInfo) -> str:
    """A node's operation written with its inputs' names, e.g. ``q * z`` or ``tanh(h)``; of
    a node with many inputs, the first ``PANEL_INPUTS`` and a count, ``concat(x, …, +994)``."""
    names = [_operand(graph, i) for i in info.inputs[:PANEL_INPUTS]]
    if len(info.inputs) > PANEL_INPUTS:
        names.append(f"… +{len(info.inputs) - PANEL_INPUTS:,}")
    name = info.op.name
    if name in _INFIX and len(names) == 2:
        return f"{names[0]} {_INFIX[name]} {names[1]}"
    if name == "neg":
        return f"-{names[0]}"
    if name == "index":
        return f"{names[0]}[…]"
    return f"{name}({', '.join(names)})"


def _span_line_col(span: Any) -> tuple[int, int] | None:
    """(line, col) of a span: an object with ``line``/``col``, a mapping or a tuple."""
    if span is None:
        return None
    if isinstance(span, Mapping):
        line, col = span.get("line"), span.get("col")
    elif isinstance(span, (tuple, list)):
        line, col = (span[0], span[1]) if len(span) >= 2 else (None, None)
    else:
        line, col = getattr(span, "line", None), getattr(span, "col", None)
    if line is None or col is None:
        return None
    return int(line), int(col)


def _span_text(span: Any, lang: str = DEFAULT_LANG) -> str | None:
    position = _span_line_col(span)
    if position is None:
        return None if span is None else str(span)
    return t("render.line_col", lang, line=position[0], col=position[1])


def _clamp_step(trace: Any, step: int | None) -> int:
    if step is None:
        return len(trace.steps)
    if not isinstance(step, (int, np.integer)) or isinstance(step, bool):
        raise TypeError(f"step must be an integer, not {step!r}")
    if step < 0:
        raise ValueError(f"step must be 0 or more, not {step}")
    return min(int(step), len(trace.steps))


# -- the pass, step-independent facts (computed once per trace) ------------------------


def _columns(text: str) -> int:
    """Display width in monospace columns (East Asian wide characters count 2)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _pad(lines: Sequence[str], widths: Sequence[int]) -> list[str]:
    return [
        line + " " * (width - _columns(line)) for line, width in zip(lines, widths, strict=True)
    ]


Versions = list[tuple[int, tuple[str, ...]]]  # (first step it applies to, label lines)


def _fanin_text(
    trace: Any, node_id: int, max_entries: int = MAX_ENTRIES, lang: str = DEFAULT_LANG
) -> str:
    """A node's final gradient; with several contributions "a + b = c" when that is short."""
    total = format_value(trace.grads.get(node_id), max_entries=max_entries, lang=lang)
    contributions = trace.contributions.get(node_id, ())
    if len(contributions) < 2:
        return total
    terms: list[str] = []
    for c in contributions:  # stop as soon as the sum is too long to write out
        terms.append(format_value(c.value, max_entries=max_entries, lang=lang))
        if sum(map(len, terms)) > FANIN_SUM_MAX_CHARS:
            return t("render.sum_of", lang, total=total, n=len(contributions))
    text = " + ".join(terms) + " = " + total
    if len(text) <= FANIN_SUM_MAX_CHARS:
        return text
    return t("render.sum_of", lang, total=total, n=len(contributions))


# -- the step panel ------------------------------------------------------------------


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
    span: Any
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


def shape_equation(edge: Any, out_shape: tuple[int, ...]) -> str:
    """upstream shape · local shape → downstream shape, e.g. ``(2,) · (2, 2, 3) → (2, 3)``."""
    return f"{tuple(out_shape)} · {edge.local.shape} → {edge.in_shape}"


def _broadcast_text(edge: Any, lang: str = DEFAULT_LANG) -> str | None:
    if not edge.broadcast:
        return None
    return t("render.broadcast", lang, before=edge.raw_shape, after=edge.in_shape)


def _edge_panel(graph: RunGraph, edge: Edge, lang: str = DEFAULT_LANG) -> EdgePanel:
    local = edge.local
    info = graph.info(edge.input)
    display = local_display(local.size)
    exact = None if display == "description" else local.materialize(HEATMAP_MAX_ENTRIES)
    if exact is None:
        display = "description"
    structure = local.structure
    return EdgePanel(
        input_id=edge.input,
        input_name=graph.label(edge.input),
        input_kind=info.kind,
        index=edge.index,
        formula=local.formula,
        local_shape=local.shape,
        out_shape=local.out_shape,
        in_shape=local.in_shape,
        matrix_shape=local.matrix_shape,
        structure_kind=structure.kind,
        structure_text=structure_text(structure.text, lang),
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
    deadline: float | None = None,
) -> StepPanel | None:
    """The record of step ``k`` (1-based) for the app's panel; None for step 0.

    A ``k`` past the end shows the last step. Its texts (the note, the structure,
    the summaries) are in ``lang``. Only the inputs of :func:`input_window` are built
    (``first_input``, ``max_inputs``), and only the first ``PANEL_CONTRIBUTIONS`` terms of
    a fanned-in upstream, so a step's panel costs the same whatever its fan-in or fan-out.
    With ``deadline`` (a ``time.monotonic()`` value) it stops building inputs once the
    deadline has passed (after the first), and says so in ``complete``.
    """
    trace = graph.trace
    k = _clamp_step(trace, k)
    if k == 0:
        return None
    step = trace.steps[k - 1]
    info = trace.nodes[step.node]
    span = graph.span(step.node)
    contributions = []
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
    edges, complete = [], True
    for i in window:
        if edges and deadline is not None and time.monotonic() > deadline:
            complete = False
            break
        edges.append(_edge_panel(graph, step.edges[i], lang))
    return StepPanel(
        number=step.number,
        total=len(trace.steps),
        node_id=info.id,
        name=graph.label(info.id),
        op_name=info.op.name,
        symbol=info.op.symbol,
        expression=_expression(graph, info),
        shape=info.shape,
        note=op_note(info.op.name, lang),
        span=span,
        span_text=_span_text(span, lang),
        upstream=step.upstream,
        upstream_text=format_value(step.upstream, lang=lang),
        is_seed=step.node == trace.output,
        seed_text=_seed_text(trace, lang) if step.node == trace.output else None,
        contributions=tuple(contributions),
        edges=tuple(edges),
        n_inputs=len(step.edges),
        first_input=window.start,
        n_contributions=len(step.contributions),
        complete=complete,
    )


def heatmap_figure(
    matrix_2d: Any,
    row_labels: Sequence[str],
    col_labels: Sequence[str],
    title: str,
    lang: str = DEFAULT_LANG,
) -> Any:
    """A plotly heatmap of a flattened Jacobian, on a diverging scale centred on 0.

    Data are plain lists (``.tolist()``), non-finite entries become gaps; the axes
    and the hover text are worded in ``lang``.
    """
    import plotly.graph_objects as go

    matrix = np.asarray(matrix_2d, dtype=np.float64)
    if matrix.ndim != 2:
        raise ValueError(f"heatmap_figure takes a 2-D matrix, not shape {matrix.shape}")
    finite = matrix[np.isfinite(matrix)]
    bound = float(np.abs(finite).max()) if finite.size else 1.0
    bound = bound or 1.0  # an all-zero Jacobian still gets a scale
    z = [[v if math.isfinite(v) else None for v in row] for row in matrix.tolist()]
    figure = go.Figure(
        go.Heatmap(
            z=z,
            x=list(col_labels),
            y=list(row_labels),
            colorscale=diverging_scale(),  # the graph's glyphs' scale: blue, white, orange
            zmin=-bound,
            zmax=bound,
            zmid=0.0,
            colorbar={"title": {"text": t("render.heatmap.colorbar", lang)}},
            hovertemplate=(
                f"{t('render.heatmap.output', lang)} %{{y}}<br>"
                f"{t('render.heatmap.input', lang)} %{{x}}<br>%{{z}}<extra></extra>"
            ),
        )
    )
    rows, cols = matrix.shape
    figure.update_layout(
        title={"text": title},
        font={"size": 15},
        xaxis={
            "title": {"text": t("render.heatmap.input_axis", lang)},
            "type": "category",
            "tickfont": {"size": 13},
        },
        yaxis={
            "title": {"text": t("render.heatmap.output_axis", lang)},
            "type": "category",
            "autorange": "reversed",  # row 0 at the top, as in a matrix
            "tickfont": {"size": 13},
        },
        height=int(min(900, max(320, 120 + 22 * rows))),
        margin={"l": 90, "r": 30, "t": 60, "b": 80},
    )
    return figure


# -- tables --------------------------------------------------------------------------


def _kind_word(kind: str, lang: str) -> str:
    """ "leaf", "operation", "constant", "labels: constant" or "unused", in ``lang``."""
    return t(f"render.kind.{kind}", lang)


def _gradient_text_after(trace: Any, node_id: int, k: int, lang: str = DEFAULT_LANG) -> str:
    info = trace.nodes[node_id]
    if not info.requires_grad:
        return t("render.no_gradient", lang)
    gradient, received, expected = trace.gradient_after(node_id, k)
    if gradient is None and 0 < received < expected:
        return t("render.partial", lang, received=received, expected=expected)
    return format_value(gradient, lang=lang)


def column_names(rows: Sequence[Mapping[str, Any]], lang: str = DEFAULT_LANG) -> dict[str, str]:
    """The heading of each column of these table rows, in ``lang`` (keys stay English).

    >>> column_names([{"name": "x", "max_abs_error": "0"}], "zh")
    {'name': '名称', 'max_abs_error': '最大绝对误差'}
    """
    return {key: t(f"render.col.{key}", lang) for key in (rows[0] if rows else {})}


def variables_table(
    trace: Any,
    names: Iterable[str] | Mapping[str, Any],
    *,
    step: int | None = None,
    lang: str = DEFAULT_LANG,
    labels: Iterable[str] = (),
) -> list[dict]:
    """One row per named variable: name, kind, shape, value and gradient (as of ``step``).

    ``names`` lists the program's variable names; a mapping's values (tensors
    or arrays) find each variable's node by its tensor, so an alias (``y = x``)
    reads as the node it names, and give the value of a variable that does not
    reach the output (its gradient is zero). ``labels`` names the variables that
    are constant by the language's rules: the labels of ``cross_entropy`` (the
    only variables used without a gradient; an index, axis, shape or seed may
    not be a variable at all). The keys are the columns' English names (see
    :func:`column_names`); the values' words are in ``lang``.

    >>> from engine.language import parse_program
    >>> from engine.core.autodiff import trace_backward
    >>> program = parse_program("Z = [[2.0, 1.0]]\\ny = [0]\\nL = cross_entropy(Z, y)")
    >>> rows = variables_table(trace_backward(program.output), program.variables,
    ...                        labels=program.labels)
    >>> [(row["name"], row["kind"], row["gradient"]) for row in rows][1]
    ('y', 'labels: constant', 'none (labels get no gradient)')
    """
    k = _clamp_step(trace, step)
    by_name = {info.name: info for info in trace.nodes}
    by_serial = {info.serial: info for info in trace.nodes}
    labels = set(labels)
    rows = []
    for name in names:
        value = names[name] if isinstance(names, Mapping) else None
        info = by_serial.get(getattr(value, "serial", None)) or by_name.get(name)
        if info is None or name in labels:
            value = info.value if info is not None else getattr(value, "data", value)
            shape = None if value is None else tuple(np.shape(value))
            used = name in labels
            rows.append(
                {
                    "name": name,
                    "kind": _kind_word("labels" if used else "unused", lang),
                    "shape": "?" if shape is None else _shape_text(shape, lang),
                    "value": format_value(value, lang=lang),
                    "gradient": t("render.labels_gradient" if used else "render.unreached", lang),
                }
            )
            continue
        rows.append(
            {
                "name": name,
                "kind": _kind_word(info.kind, lang),
                "shape": _shape_text(info.shape, lang),
                "value": format_value(info.value, lang=lang),
                "gradient": _gradient_text_after(trace, info.id, k, lang),
            }
        )
    return rows


def gradcheck_rows(results: Mapping[str, Any], lang: str = DEFAULT_LANG) -> list[dict]:
    """One row per tensor of ``engine.gradcheck`` output, with an ok/check verdict."""
    rows = []
    for name, result in results.items():
        ok = bool(result.max_rel_error <= GRADCHECK_REL_TOLERANCE)
        rows.append(
            {
                "name": name,
                "shape": _shape_text(tuple(np.shape(result.analytic)), lang),
                "analytic": format_value(result.analytic, lang=lang),
                "numerical": format_value(result.numerical, lang=lang),
                "max_abs_error": f"{result.max_abs_error:.2e}",
                "max_rel_error": f"{result.max_rel_error:.2e}",
                "ok": ok,
                "verdict": t("render.verdict.ok" if ok else "render.verdict.check", lang),
            }
        )
    return rows


# -- the worked solution ---------------------------------------------------------------

#: Values with at most this many entries are written out in full in a worked solution.
WORKED_MAX_ENTRIES = 12


def _worked(value: Any, lang: str = DEFAULT_LANG) -> str:
    return format_value(value, max_entries=WORKED_MAX_ENTRIES, lang=lang)


def _source_text(source: str | None, span: Any) -> str | None:
    """The expression a span covers in the program (its first line, if it spans several)."""
    position = _span_line_col(span)
    if source is None or position is None:
        return None
    lines = typed_lines(source)
    line, col = position
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    end_line, end_col = getattr(span, "end_line", None), getattr(span, "end_col", None)
    if end_line == line and end_col is not None and end_col > col:
        return visible_controls(text[col - 1 : end_col - 1])
    more = " …" if end_line is not None and end_line > line else ""
    return visible_controls(text[col - 1 :].rstrip()) + more


def _local_text(local: Any, lang: str = DEFAULT_LANG) -> tuple[str, list[str]]:
    """The local Jacobian in words: (one line, extra matrix rows when it is a small matrix)."""
    structure = structure_text(local.structure.text, lang)
    if local.size > MATRIX_MAX_ENTRIES:
        return t("render.ws.local_large", lang, size=local.size, structure=structure), []
    exact = np.asarray(local.materialize(MATRIX_MAX_ENTRIES))
    if exact.size <= 1 or exact.ndim <= 1:
        value = format_value(exact, max_entries=MATRIX_MAX_ENTRIES, lang=lang)
        return t("render.ws.local_small", lang, value=value, structure=structure), []
    rows, cols = local.matrix_shape
    head = t("render.ws.local_matrix", lang, structure=structure, rows=rows, cols=cols)
    matrix = exact.reshape(rows, cols)
    return head, [format_value(row, max_entries=MATRIX_MAX_ENTRIES, lang=lang) for row in matrix]


def _downstream_parts(
    step: Any, edge: Any, lang: str = DEFAULT_LANG
) -> tuple[str | None, str, str]:
    """(the product "u · l" when both are single numbers, the downstream, the shapes)."""
    local = edge.local
    product = None
    if np.size(step.upstream) == 1 and local.size == 1:
        upstream = _worked(np.reshape(step.upstream, ()))
        product = f"{upstream} · {_worked(np.reshape(local.materialize(1), ()))}"
    return product, _worked(edge.downstream, lang), shape_equation(edge, local.out_shape)


def _input_label(graph: RunGraph, node_id: int, lang: str = DEFAULT_LANG) -> str:
    """An input's label; an unnamed constant is "the constant 2" or "a constant (3,)"."""
    info = graph.info(node_id)
    if not graph.unnamed_constant(node_id):
        return info.name
    if info.shape == ():
        return t("render.the_constant", lang, value=_number(info.value))
    return t("render.a_constant", lang, shape=info.shape)


def _upstream_origin(graph: RunGraph, step: Any, lang: str = DEFAULT_LANG) -> str:
    if step.node == graph.trace.output:
        return t("render.ws.from_seed", lang)
    if len(step.contributions) == 1:
        return t("render.ws.from", lang, name=graph.label(step.contributions[0].consumer))
    return t("render.ws.sum", lang, n=len(step.contributions))


def _upstream_terms(graph: RunGraph, step: Any, lang: str = DEFAULT_LANG) -> list[str]:
    arrivals = graph.arrivals(step.node)
    return [
        t(
            "render.ws.term",
            lang,
            name=graph.label(c.consumer),
            index=c.index,
            step=s,
            value=_worked(c.value, lang),
        )
        for c, s in itertools.islice(
            zip(step.contributions, arrivals, strict=True), PANEL_CONTRIBUTIONS
        )
    ]


def _more_inputs(step: Any, lang: str = DEFAULT_LANG) -> str:
    """The line for the inputs of a step past the first ``PANEL_INPUTS``."""
    return t("render.ws.more_inputs", lang, n=f"{len(step.edges) - PANEL_INPUTS:,}")


def _more_terms(step: Any, lang: str = DEFAULT_LANG) -> str:
    """The line for the contributions of an upstream past the first ``PANEL_CONTRIBUTIONS``."""
    return t("render.ws.more_terms", lang, n=f"{len(step.contributions) - PANEL_CONTRIBUTIONS:,}")


def _step_heading(graph: RunGraph, step: Any, source: str | None, lang: str = DEFAULT_LANG):
    """(title "q = x + y", where "add, line 5, col 1", the source line or None)."""
    info = graph.info(step.node)
    span = graph.span(step.node)
    where = ", ".join(filter(None, [info.op.name, _span_text(span, lang)]))
    return f"{info.name} = {_expression(graph, info)}", where, _source_text(source, span)


def _gradient_rows(trace: Any, lang: str = DEFAULT_LANG) -> list[tuple[str, str, str, str]]:
    return [
        (
            info.name,
            _kind_word(info.kind, lang),
            _shape_text(info.shape, lang),
            _fanin_text(trace, info.id, WORKED_MAX_ENTRIES, lang),
        )
        for info in trace.nodes
        if info.requires_grad
    ]


def _gradient_heading(lang: str) -> tuple[str, str, str, str]:
    return tuple(t(f"render.col.{key}", lang) for key in ("name", "kind", "shape", "gradient"))


def _header_facts(trace: Any, lang: str = DEFAULT_LANG) -> tuple[str, str, str, str]:
    """(output name, its value and shape, its seed, "N steps")."""
    output = trace.nodes[trace.output]
    steps = len(trace.steps)
    value = f"{_worked(output.value, lang)} ({_shape_text(output.shape, lang)})"
    count = t("render.ws.count_one" if steps == 1 else "render.ws.count", lang, n=steps)
    return output.name, value, _seed_text(trace, lang), count


def worked_solution(
    graph: RunGraph,
    fmt: str = "text",
    source: str | None = None,
    *,
    lang: str = DEFAULT_LANG,
    deadline: float | None = None,
) -> str:
    """The whole backward pass as a worked solution, ``fmt`` ``"text"`` or ``"markdown"``.

    A header with the output and its seed, then every step in the order the
    engine runs them (the node, its upstream with its contributions when it
    fans in and, per input, the local Jacobian and downstream = upstream ·
    local with shapes, and the broadcast sum when there was one), then a table
    of the gradients. ``source`` (the program) adds the listing, and the source line of each
    step whose node ``graph`` knows the span of;
    every word is in ``lang``. A step with many inputs writes out its first
    ``PANEL_INPUTS`` and counts the rest. With ``deadline`` (a ``time.monotonic()`` value)
    it raises ``LimitError`` (limit ``"seconds"``) at the first step that would start
    after it.
    """
    if fmt == "text":
        return _worked_text(graph, source, lang, deadline)
    if fmt == "markdown":
        return _worked_markdown(graph, source, lang, deadline)
    raise ValueError(f"fmt must be 'text' or 'markdown', not {fmt!r}")


def _worked_text(
    graph: RunGraph,
    source: str | None,
    lang: str = DEFAULT_LANG,
    deadline: float | None = None,
) -> str:
    trace = graph.trace
    out_name, out_value, seed, count = _header_facts(trace, lang)
    lines = [t("render.ws.title", lang, name=out_name), ""]
    if source is not None:
        program = typed_lines(source)
        while program and not program[-1].strip():
            program.pop()
        width = len(str(len(program)))
        lines += [
            t("render.ws.program", lang),
            *(f"  {n:>{width}} | {text}" for n, text in enumerate(program, 1)),
        ]
        lines.append("")
    lines += [
        t("render.ws.output", lang, name=out_name, value=out_value),
        t("render.ws.seed", lang, name=out_name, seed=seed),
        t("render.ws.order", lang, count=count, name=out_name),
    ]
    total = len(trace.steps)
    for step in trace.steps:
        budget.check(deadline, "the worked solution")
        info = trace.nodes[step.node]
        title, where, written = _step_heading(graph, step, source, lang)
        heading = t("render.ws.step", lang, k=step.number, n=total, title=title, where=where)
        lines += ["", heading]
        if written:
            lines.append("  " + t("render.ws.written", lang, text=written))
        lines.append("  " + t("render.ws.why", lang, note=op_note(info.op.name, lang)))
        upstream = t(
            "render.ws.upstream",
            lang,
            output=out_name,
            name=info.name,
            shape=_shape_text(info.shape, lang),
            value=_worked(step.upstream, lang),
            origin=_upstream_origin(graph, step, lang),
        )
        lines.append("  " + upstream)
        if len(step.contributions) > 1:
            lines += [f"    {term}" for term in _upstream_terms(graph, step, lang)]
            if len(step.contributions) > PANEL_CONTRIBUTIONS:
                lines.append("    " + _more_terms(step, lang))
        for edge in step.edges[:PANEL_INPUTS]:
            name = _input_label(graph, edge.input, lang)
            if edge.downstream is None:
                lines.append("  " + t("render.ws.input_constant", lang, name=name))
                continue
            shape = _shape_text(edge.in_shape, lang)
            lines.append("  " + t("render.ws.input", lang, name=name, shape=shape))
            head, rows = _local_text(edge.local, lang)
            local = t(
                "render.ws.local",
                lang,
                node=info.name,
                name=name,
                shape=edge.local.shape,
                head=head,
            )
            lines.append("    " + local)
            lines += [f"      {row}" for row in rows]
            product, value, shapes = _downstream_parts(step, edge, lang)
            if product:
                downstream = t(
                    "render.ws.downstream_product",
                    lang,
                    product=product,
                    value=value,
                    shapes=shapes,
                )
            else:
                downstream = t("render.ws.downstream", lang, shapes=shapes, value=value)
            lines.append("    " + downstream)
            if edge.broadcast:
                lines.append(f"      ({_broadcast_text(edge, lang)})")
        if len(step.edges) > PANEL_INPUTS:
            lines.append("  " + _more_inputs(step, lang))
    lines += ["", t("render.ws.gradients", lang)]
    rows = [_gradient_heading(lang), *_gradient_rows(trace, lang)]
    widths = [max(_columns(row[i]) for row in rows) for i in range(3)]
    lines += ["  " + "  ".join(_pad(row[:3], widths)) + "  " + row[3] for row in rows]
    return "\n".join(lines) + "\n"


def _code(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def _markdown_local(local: Any, lang: str = DEFAULT_LANG) -> str:
    shape = t("render.md.shape", lang, shape=_code(str(local.shape)))
    structure = structure_text(local.structure.text, lang)
    formula = f"${local.formula}$"
    if local.size > MATRIX_MAX_ENTRIES:
        return t(
            "render.md.local_large",
            lang,
            formula=formula,
            shape=shape,
            structure=structure,
            size=local.size,
        )
    exact = np.asarray(local.materialize(MATRIX_MAX_ENTRIES))
    shown = exact if exact.ndim <= 2 else exact.reshape(local.matrix_shape)
    matrix = f"${latex_matrix(shown)}$"
    return t(
        "render.md.local_small",
        lang,
        formula=formula,
        shape=shape,
        matrix=matrix,
        structure=structure,
    )


def _worked_markdown(
    graph: RunGraph,
    source: str | None,
    lang: str = DEFAULT_LANG,
    deadline: float | None = None,
) -> str:
    trace = graph.trace
    out_name, out_value, seed, count = _header_facts(trace, lang)
    lines = ["## " + t("render.md.title", lang, name=_code(out_name)), ""]
    if source is not None:
        lines += ["```python", source.rstrip("\n"), "```", ""]
    lines += [
        t(
            "render.md.output",
            lang,
            name=_code(out_name),
            value=_code(out_value),
            seed=_code(seed),
        ),
        "",
        t("render.md.order", lang, count=count, name=out_name),
    ]
    total = len(trace.steps)
    for step in trace.steps:
        budget.check(deadline, "the worked solution")
        info = trace.nodes[step.node]
        title, where, written = _step_heading(graph, step, source, lang)
        heading = t("render.md.step", lang, k=step.number, n=total, title=_code(title), where=where)
        lines += ["", f"### {heading}", ""]
        if written:
            lines += [t("render.md.written", lang, text=_code(written)), ""]
        lines += [f"*{op_note(info.op.name, lang)}*", ""]
        upstream = t(
            "render.md.upstream",
            lang,
            output=out_name,
            name=info.name,
            shape=_shape_text(info.shape, lang),
            value=_code(_worked(step.upstream, lang)),
            origin=_upstream_origin(graph, step, lang),
        )
        lines.append(f"- {upstream}")
        if len(step.contributions) > 1:
            lines += [f"  - {term}" for term in _upstream_terms(graph, step, lang)]
            if len(step.contributions) > PANEL_CONTRIBUTIONS:
                lines.append("  - " + _more_terms(step, lang))
        for edge in step.edges[:PANEL_INPUTS]:
            name = _input_label(graph, edge.input, lang)
            if edge.downstream is None:
                lines.append("- " + t("render.ws.input_constant", lang, name=_code(name)))
                continue
            shape = _shape_text(edge.in_shape, lang)
            lines.append("- " + t("render.md.input", lang, name=_code(name), shape=shape))
            lines.append(
                "  - " + t("render.md.local", lang, local=_markdown_local(edge.local, lang))
            )
            product, value, shapes = _downstream_parts(step, edge, lang)
            computed = f"{_code(product)} = {_code(value)}" if product else _code(value)
            downstream = t("render.md.downstream", lang, computed=computed, shapes=shapes)
            lines.append(f"  - {downstream}")
            if edge.broadcast:
                lines.append(f"  - {_broadcast_text(edge, lang)}")
        if len(step.edges) > PANEL_INPUTS:
            lines.append("- " + _more_inputs(step, lang))
    heading = _gradient_heading(lang)
    lines += [
        "",
        "### " + t("render.ws.gradients", lang),
        "",
        "| " + " | ".join(heading) + " |",
        "| --- | --- | --- | --- |",
    ]
    for name, kind, shape, gradient in _gradient_rows(trace, lang):
        lines.append(f"| {_code(name)} | {kind} | {shape} | {_code(gradient)} |")
    return "\n".join(lines) + "\n"


# -- the chain rule of one edge, as one coloured equation (presentation mode) ----------------

#: Quantities of more entries than this are written by their shape in the equation.
EQUATION_MAX_ENTRIES = 24


def _latex_text(text: str) -> str:
    escaped = "".join("\\" + ch if ch in "_{}#$%&" else ch for ch in text)
    return rf"\text{{{escaped}}}"


def _equation_term(array: Any, shape_text: str, hidden: bool) -> str:
    if hidden:
        return r"\boxed{\;?\;}"
    if array is not None:
        a = np.asarray(array, dtype=np.float64)
        if a.ndim <= 2 and 0 < a.size <= EQUATION_MAX_ENTRIES:
            return latex_matrix(a)
    return _latex_text(shape_text)


def chain_equation(
    panel: StepPanel, edge: EdgePanel, *, hide_local: bool = False, hide_downstream: bool = False
) -> str:
    r"""One input's chain rule as LaTeX, each quantity under its name and in its colour
    (``engine.views.graphview.PALETTE``): upstream · local = downstream. A quantity of more than
    ``EQUATION_MAX_ENTRIES`` entries (or a local Jacobian not built) is written by its
    shape; a hidden one (quiz mode) as a boxed "?".
    """
    from engine.views.graphview import PALETTE

    node, name = _latex_text(panel.name), _latex_text(edge.input_name)
    upstream = _equation_term(panel.upstream, str(tuple(panel.shape)), False)
    local_value = edge.local if edge.local is not None and edge.local.ndim <= 2 else edge.matrix
    local_shape = f"{tuple(edge.local_shape)} {edge.structure_text}"
    local = _equation_term(local_value, local_shape, hide_local)
    downstream = _equation_term(edge.downstream, str(tuple(edge.in_shape)), hide_downstream)
    sum_back = r"\,\Sigma" if edge.broadcast else ""

    def term(body: str, role: str, label: str) -> str:
        colour = PALETTE[role]
        return rf"\underbrace{{\color{{{colour}}}{body}}}_{{\color{{{colour}}}{label}}}"

    return (
        term(upstream, "upstream", rf"\partial L/\partial {node}")
        + r"\;\cdot\;"
        + term(local, "local", rf"\partial {node}/\partial {name}")
        + rf"\;={sum_back}\;"
        + term(downstream, "downstream", rf"\partial L/\partial {name}")
    )
