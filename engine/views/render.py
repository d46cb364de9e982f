"""Tables, heatmaps and the coloured chain-rule equation: what the pages show beside the
step panel (the step model is ``engine.views.steps``, the worked solution
``engine.views.worked``, numbers ``engine.views.numbers``).

None of them needs Streamlit; plotly (for heatmaps) is imported lazily, inside the
function that uses it, so ``engine`` keeps numpy as its only import-time dependency.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from engine.core.autodiff import Trace
from engine.core.jacobian import GradcheckResult
from engine.core.tensor import Tensor
from engine.i18n import DEFAULT_LANG, t
from engine.views.numbers import format_value, kind_word, latex_matrix, shape_text
from engine.views.palette import PALETTE, diverging_scale
from engine.views.steps import EdgePanel, StepPanel, clamp_step

#: A relative error above this marks a gradcheck row as suspicious.
GRADCHECK_REL_TOLERANCE = 1e-5


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


def _gradient_text_after(trace: Trace, node_id: int, k: int, lang: str = DEFAULT_LANG) -> str:
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
    trace: Trace,
    names: Iterable[str] | Mapping[str, Any],
    *,
    step: int | None = None,
    lang: str = DEFAULT_LANG,
    labels: Iterable[str] = (),
) -> list[dict[str, str]]:
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
    k = clamp_step(trace, step)
    by_name = {info.name: info for info in trace.nodes}
    by_serial = {info.serial: info for info in trace.nodes}
    labels = set(labels)
    rows = []
    for name in names:
        value = names[name] if isinstance(names, Mapping) else None
        info = by_serial.get(value.serial) if isinstance(value, Tensor) else None
        info = info or by_name.get(name)
        if info is None or name in labels:
            value = info.value if info is not None else getattr(value, "data", value)
            shape = None if value is None else tuple(np.shape(value))
            used = name in labels
            rows.append(
                {
                    "name": name,
                    "kind": kind_word("labels" if used else "unused", lang),
                    "shape": "?" if shape is None else shape_text(shape, lang),
                    "value": format_value(value, lang=lang),
                    "gradient": t("render.labels_gradient" if used else "render.unreached", lang),
                }
            )
            continue
        rows.append(
            {
                "name": name,
                "kind": kind_word(info.kind, lang),
                "shape": shape_text(info.shape, lang),
                "value": format_value(info.value, lang=lang),
                "gradient": _gradient_text_after(trace, info.id, k, lang),
            }
        )
    return rows


def gradcheck_rows(
    results: Mapping[str, GradcheckResult], lang: str = DEFAULT_LANG
) -> list[dict[str, str | bool]]:
    """One row per tensor of ``engine.gradcheck`` output, with an ok/check verdict."""
    rows: list[dict[str, str | bool]] = []
    for name, result in results.items():
        ok = bool(result.max_rel_error <= GRADCHECK_REL_TOLERANCE)
        rows.append(
            {
                "name": name,
                "shape": shape_text(tuple(np.shape(result.analytic)), lang),
                "analytic": format_value(result.analytic, lang=lang),
                "numerical": format_value(result.numerical, lang=lang),
                "max_abs_error": f"{result.max_abs_error:.2e}",
                "max_rel_error": f"{result.max_rel_error:.2e}",
                "ok": ok,
                "verdict": t("render.verdict.ok" if ok else "render.verdict.check", lang),
            }
        )
    return rows


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
    (``engine.views.palette.PALETTE``): upstream · local = downstream. A quantity of more than
    ``EQUATION_MAX_ENTRIES`` entries (or a local Jacobian not built) is written by its
    shape; a hidden one (quiz mode) as a boxed "?".
    """
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
