"""The worked solution: the whole backward pass written out, as text or as Markdown.

Both are formatters over the step model (:func:`engine.views.steps.step_panel`): a
header with the output and its seed, then every step in the order the engine runs
them (the node, its upstream with its contributions when it fans in and, per input,
the local Jacobian and downstream = upstream · local with shapes, and the broadcast
sum when there was one), then a table of the gradients.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

from engine.core.autodiff import Trace
from engine.i18n import DEFAULT_LANG, Message, t
from engine.language import Span, typed_lines, visible_controls
from engine.views import budget
from engine.views.graph import RunGraph
from engine.views.numbers import columns, format_value, kind_word, latex_matrix, shape_text
from engine.views.steps import (
    MATRIX_MAX_ENTRIES,
    EdgePanel,
    StepPanel,
    seed_text,
    step_panel,
)

#: Values with at most this many entries are written out in full in a worked solution.
WORKED_MAX_ENTRIES = 12
#: A fan-in gradient is written as "a + b = c" in the table when that is this short.
FANIN_SUM_MAX_CHARS = 40


def worked_solution(
    graph: RunGraph,
    fmt: str = "text",
    source: str | None = None,
    *,
    lang: str = DEFAULT_LANG,
    deadline: float | None = None,
) -> str:
    """The whole backward pass as a worked solution, ``fmt`` ``"text"`` or ``"markdown"``.

    ``source`` (the program) adds its listing, and the source line of each step whose
    node ``graph`` knows the span of; every word is in ``lang``. A step with many inputs
    writes out its first ``PANEL_INPUTS`` and counts the rest. With ``deadline`` (a
    ``time.monotonic()`` value) it raises ``LimitError`` (limit ``"seconds"``) at the
    first step that would start after it.
    """
    if fmt == "text":
        return _worked_text(graph, source, lang, deadline)
    if fmt == "markdown":
        return _worked_markdown(graph, source, lang, deadline)
    raise ValueError(f"fmt must be 'text' or 'markdown', not {fmt!r}")


def _panels(graph: RunGraph, lang: str, deadline: float | None) -> Iterator[StepPanel]:
    """The step model of every step, in the pass's order (only small Jacobians built)."""
    for k in range(1, len(graph.trace.steps) + 1):
        budget.check(deadline, Message("budget.work.worked"))
        panel = step_panel(graph, k, lang=lang, max_local=MATRIX_MAX_ENTRIES)
        assert panel is not None
        yield panel


def _worked(value: Any, lang: str = DEFAULT_LANG) -> str:
    return format_value(value, max_entries=WORKED_MAX_ENTRIES, lang=lang)


def _source_text(source: str | None, span: Span | None) -> str | None:
    """The expression a span covers in the program (its first line, if it spans several)."""
    if source is None or span is None:
        return None
    lines = typed_lines(source)
    line, col = span.line, span.col
    if not 1 <= line <= len(lines):
        return None
    text = lines[line - 1]
    if span.end_line == line and span.end_col > col:
        return visible_controls(text[col - 1 : span.end_col - 1])
    more = " …" if span.end_line > line else ""
    return visible_controls(text[col - 1 :].rstrip()) + more


def _upstream_origin(panel: StepPanel, lang: str) -> str:
    if panel.is_seed:
        return t("render.ws.from_seed", lang)
    if panel.n_contributions == 1:
        return t("render.ws.from", lang, name=panel.contributions[0].consumer)
    return t("render.ws.sum", lang, n=panel.n_contributions)


def _upstream_terms(panel: StepPanel, lang: str) -> list[str]:
    """The terms of a fanned-in upstream, then the count of those not written out."""
    if panel.n_contributions < 2:
        return []
    terms = [
        t(
            "render.ws.term",
            lang,
            name=c.consumer,
            index=c.index,
            step=c.step,
            value=_worked(c.value, lang),
        )
        for c in panel.contributions
    ]
    if panel.more_contributions:
        terms.append(t("render.ws.more_terms", lang, n=f"{panel.more_contributions:,}"))
    return terms


def _more_inputs(panel: StepPanel, lang: str) -> list[str]:
    """The line for the inputs of a step past the first ``PANEL_INPUTS`` (if any)."""
    if not panel.inputs_after:
        return []
    return [t("render.ws.more_inputs", lang, n=f"{panel.inputs_after:,}")]


def _downstream_parts(panel: StepPanel, edge: EdgePanel, lang: str) -> tuple[str | None, str]:
    """(the product "u · l" when both are single numbers, the downstream)."""
    product = None
    if np.size(panel.upstream) == 1 and edge.local_size == 1 and edge.local is not None:
        product = (
            f"{_worked(np.reshape(panel.upstream, ()))} · {_worked(np.reshape(edge.local, ()))}"
        )
    return product, _worked(edge.downstream, lang)


def _header_facts(trace: Trace, lang: str) -> tuple[str, str, str, str]:
    """(output name, its value and shape, its seed, "N steps")."""
    output = trace.nodes[trace.output]
    steps = len(trace.steps)
    value = f"{_worked(output.value, lang)} ({shape_text(output.shape, lang)})"
    count = t("render.ws.count_one" if steps == 1 else "render.ws.count", lang, n=steps)
    return output.name, value, seed_text(trace, lang), count


def fanin_text(trace: Trace, node_id: int, lang: str = DEFAULT_LANG) -> str:
    """A node's final gradient; with several contributions "a + b = c" when that is short."""
    total = _worked(trace.grads.get(node_id), lang)
    contributions = trace.contributions.get(node_id, ())
    if len(contributions) < 2:
        return total
    terms: list[str] = []
    for c in contributions:  # stop as soon as the sum is too long to write out
        terms.append(_worked(c.value, lang))
        if sum(map(len, terms)) > FANIN_SUM_MAX_CHARS:
            return t("render.sum_of", lang, total=total, n=len(contributions))
    text = " + ".join(terms) + " = " + total
    if len(text) <= FANIN_SUM_MAX_CHARS:
        return text
    return t("render.sum_of", lang, total=total, n=len(contributions))


_COLUMNS = ("name", "kind", "shape", "gradient")


def _gradient_rows(graph: RunGraph, lang: str) -> list[tuple[str, str, str, str]]:
    """The table's heading, then one row per node that needs a gradient."""
    name, kind, shape, gradient = (t(f"render.col.{key}", lang) for key in _COLUMNS)
    rows = [
        (
            graph.label(info.id),
            kind_word(info.kind, lang),
            shape_text(info.shape, lang),
            fanin_text(graph.trace, info.id, lang),
        )
        for info in graph.trace.nodes
        if info.requires_grad
    ]
    return [(name, kind, shape, gradient), *rows]


# -- as text ---------------------------------------------------------------------------------


def _pad(lines: Sequence[str], widths: Sequence[int]) -> list[str]:
    return [line + " " * (width - columns(line)) for line, width in zip(lines, widths, strict=True)]


def _local_text(edge: EdgePanel, lang: str) -> tuple[str, list[str]]:
    """The local Jacobian in words: (one line, extra matrix rows when it is a small matrix)."""
    structure = edge.structure_text
    if edge.local is None:
        return t("render.ws.local_large", lang, size=edge.local_size, structure=structure), []
    exact = edge.local
    if exact.size <= 1 or exact.ndim <= 1:
        value = format_value(exact, max_entries=MATRIX_MAX_ENTRIES, lang=lang)
        return t("render.ws.local_small", lang, value=value, structure=structure), []
    rows, cols = edge.matrix_shape
    head = t("render.ws.local_matrix", lang, structure=structure, rows=rows, cols=cols)
    matrix = exact.reshape(rows, cols)
    return head, [format_value(row, max_entries=MATRIX_MAX_ENTRIES, lang=lang) for row in matrix]


def _edge_text(panel: StepPanel, edge: EdgePanel, lang: str) -> list[str]:
    name = edge.input_label
    if edge.downstream is None:
        return ["  " + t("render.ws.input_constant", lang, name=name)]
    shape = shape_text(edge.in_shape, lang)
    head, rows = _local_text(edge, lang)
    local = t(
        "render.ws.local", lang, node=panel.name, name=name, shape=edge.local_shape, head=head
    )
    product, value = _downstream_parts(panel, edge, lang)
    shapes = edge.shape_equation
    if product:
        downstream = t(
            "render.ws.downstream_product", lang, product=product, value=value, shapes=shapes
        )
    else:
        downstream = t("render.ws.downstream", lang, shapes=shapes, value=value)
    lines = ["  " + t("render.ws.input", lang, name=name, shape=shape), "    " + local]
    lines += [f"      {row}" for row in rows]
    lines.append("    " + downstream)
    if edge.broadcast:
        lines.append(f"      ({edge.broadcast_text})")
    return lines


def _step_text(panel: StepPanel, out_name: str, source: str | None, lang: str) -> list[str]:
    title = f"{panel.name} = {panel.expression}"
    heading = t(
        "render.ws.step", lang, k=panel.number, n=panel.total, title=title, where=panel.where
    )
    lines = ["", heading]
    written = _source_text(source, panel.span)
    if written:
        lines.append("  " + t("render.ws.written", lang, text=written))
    lines.append("  " + t("render.ws.why", lang, note=panel.note))
    upstream = t(
        "render.ws.upstream",
        lang,
        output=out_name,
        name=panel.name,
        shape=shape_text(panel.shape, lang),
        value=_worked(panel.upstream, lang),
        origin=_upstream_origin(panel, lang),
    )
    lines.append("  " + upstream)
    lines += [f"    {term}" for term in _upstream_terms(panel, lang)]
    for edge in panel.edges:
        lines += _edge_text(panel, edge, lang)
    lines += ["  " + line for line in _more_inputs(panel, lang)]
    return lines


def _worked_text(graph: RunGraph, source: str | None, lang: str, deadline: float | None) -> str:
    out_name, out_value, seed, count = _header_facts(graph.trace, lang)
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
    for panel in _panels(graph, lang, deadline):
        lines += _step_text(panel, out_name, source, lang)
    lines += ["", t("render.ws.gradients", lang)]
    rows = _gradient_rows(graph, lang)
    widths = [max(columns(row[i]) for row in rows) for i in range(3)]
    lines += ["  " + "  ".join(_pad(row[:3], widths)) + "  " + row[3] for row in rows]
    return "\n".join(lines) + "\n"


# -- as Markdown -----------------------------------------------------------------------------


def _code(text: str) -> str:
    return "`" + text.replace("`", "'") + "`"


def _markdown_local(edge: EdgePanel, lang: str) -> str:
    shape = t("render.md.shape", lang, shape=_code(str(edge.local_shape)))
    formula = f"${edge.formula}$"
    structure = edge.structure_text
    if edge.local is None:
        return t(
            "render.md.local_large",
            lang,
            formula=formula,
            shape=shape,
            structure=structure,
            size=edge.local_size,
        )
    shown = edge.local if edge.local.ndim <= 2 else edge.matrix
    matrix = f"${latex_matrix(shown)}$"
    return t(
        "render.md.local_small",
        lang,
        formula=formula,
        shape=shape,
        matrix=matrix,
        structure=structure,
    )


def _edge_markdown(panel: StepPanel, edge: EdgePanel, lang: str) -> list[str]:
    name = _code(edge.input_label)
    if edge.downstream is None:
        return ["- " + t("render.ws.input_constant", lang, name=name)]
    shape = shape_text(edge.in_shape, lang)
    product, value = _downstream_parts(panel, edge, lang)
    computed = f"{_code(product)} = {_code(value)}" if product else _code(value)
    lines = [
        "- " + t("render.md.input", lang, name=name, shape=shape),
        "  - " + t("render.md.local", lang, local=_markdown_local(edge, lang)),
        "  - " + t("render.md.downstream", lang, computed=computed, shapes=edge.shape_equation),
    ]
    if edge.broadcast:
        lines.append(f"  - {edge.broadcast_text}")
    return lines


def _step_markdown(panel: StepPanel, out_name: str, source: str | None, lang: str) -> list[str]:
    title = _code(f"{panel.name} = {panel.expression}")
    heading = t(
        "render.md.step", lang, k=panel.number, n=panel.total, title=title, where=panel.where
    )
    lines = ["", f"### {heading}", ""]
    written = _source_text(source, panel.span)
    if written:
        lines += [t("render.md.written", lang, text=_code(written)), ""]
    lines += [f"*{panel.note}*", ""]
    upstream = t(
        "render.md.upstream",
        lang,
        output=out_name,
        name=panel.name,
        shape=shape_text(panel.shape, lang),
        value=_code(_worked(panel.upstream, lang)),
        origin=_upstream_origin(panel, lang),
    )
    lines.append(f"- {upstream}")
    lines += [f"  - {term}" for term in _upstream_terms(panel, lang)]
    for edge in panel.edges:
        lines += _edge_markdown(panel, edge, lang)
    lines += ["- " + line for line in _more_inputs(panel, lang)]
    return lines


def _worked_markdown(graph: RunGraph, source: str | None, lang: str, deadline: float | None) -> str:
    out_name, out_value, seed, count = _header_facts(graph.trace, lang)
    lines = ["## " + t("render.md.title", lang, name=_code(out_name)), ""]
    if source is not None:
        lines += ["```python", source.rstrip("\n"), "```", ""]
    output = t(
        "render.md.output", lang, name=_code(out_name), value=_code(out_value), seed=_code(seed)
    )
    lines += [output, "", t("render.md.order", lang, count=count, name=out_name)]
    for panel in _panels(graph, lang, deadline):
        lines += _step_markdown(panel, out_name, source, lang)
    heading, *rows = _gradient_rows(graph, lang)
    lines += [
        "",
        "### " + t("render.ws.gradients", lang),
        "",
        "| " + " | ".join(heading) + " |",
        "| --- | --- | --- | --- |",
    ]
    for name, kind, shape, gradient in rows:
        lines.append(f"| {_code(name)} | {kind} | {shape} | {_code(gradient)} |")
    return "\n".join(lines) + "\n"
