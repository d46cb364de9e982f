"""Offline slides: a whole backward pass as one self-contained HTML file.

The slides are the app's graph viewer (``engine.views.viewer``): the same layout,
palette, camera, overview, pan and zoom, with each step's panel (upstream,
local and downstream for each input) beside the graph. The file needs no
network and no server: the arrow keys, Page Up/Down (a presenter's clicker),
Space, Home and End step through it, and the address's ``#k`` remembers the
step. Every word is in the language asked for (``lang``, from ``engine.i18n``).
"""

from __future__ import annotations

import html

import numpy as np

from engine.i18n import DEFAULT_LANG, Message, t
from engine.views import budget, graphview, numbers, steps, viewer
from engine.views.graph import RunGraph

#: Local Jacobians up to this many entries are shown as a table of numbers.
SLIDE_MATRIX_MAX_ENTRIES = steps.MATRIX_MAX_ENTRIES
#: The page's ``lang`` attribute (fonts and screen readers follow it).
_HTML_LANG = {"en": "en", "zh": "zh-CN"}


def _matrix_table(
    matrix: np.ndarray, rows: tuple[str, ...], cols: tuple[str, ...], lang: str
) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "".join(
        f"<tr><th>{html.escape(r)}</th>"
        + "".join(f"<td>{html.escape(numbers.format_value(v, lang=lang))}</td>" for v in row)
        + "</tr>"
        for r, row in zip(rows, matrix, strict=True)
    )
    # A wide Jacobian scrolls sideways in its own box, with a dotted edge as the cue.
    return f'<div class="scroll"><table class="jac"><tr><th></th>{head}</tr>{body}</table></div>'


def _quantity(name: str, css: str, lang: str) -> str:
    """The word "upstream", "local" or "downstream" as a coloured label."""
    return f'<span class="q crv-{css}">{html.escape(t(f"render.{name}", lang))}</span>'


def _edge_html(edge: steps.EdgePanel, lang: str) -> str:
    parts = [f"<h3>∂ / ∂{html.escape(edge.input_name)}</h3>"]
    if edge.downstream is None:
        parts.append(f"<p>{html.escape(t('slides.constant', lang))}</p>")
        return "".join(parts)
    local = t("slides.local", lang, structure=edge.structure_text, shape=edge.local_shape)
    parts.append(f"<p>{_quantity('local', 'local', lang)} {html.escape(local)}</p>")
    if edge.matrix is not None and edge.local_size <= SLIDE_MATRIX_MAX_ENTRIES:
        parts.append(_matrix_table(edge.matrix, edge.row_labels, edge.col_labels, lang))
    parts.append(
        f"<p>{_quantity('downstream', 'downstream', lang)} {html.escape(edge.downstream_text)}"
        f' <span class="shapes">{html.escape(edge.shape_equation)}</span></p>'
    )
    if edge.broadcast_text:
        parts.append(f'<p class="shapes">{html.escape(edge.broadcast_text)}</p>')
    return "".join(parts)


def panel_html(panel: steps.StepPanel | None, seed_text: str, lang: str) -> str:
    """One step's panel as HTML (every text escaped): upstream, then each input's local
    and downstream; before the first step, the seed."""
    if panel is None:
        return (
            f"<h2>{html.escape(t('slides.before', lang))}</h2>"
            f"<p>{html.escape(t('slides.seeded', lang, seed=seed_text))}</p>"
        )
    title = t(
        "slides.step",
        lang,
        k=panel.number,
        n=panel.total,
        name=panel.name,
        expression=panel.expression,
    )
    parts = [f"<h2>{html.escape(title)}</h2>", f"<p>{html.escape(panel.note)}</p>"]
    upstream = panel.upstream_text
    if panel.is_seed and panel.seed_text:
        upstream = t("slides.seed_upstream", lang, upstream=upstream, seed=panel.seed_text)
    elif len(panel.contributions) > 1:
        terms = [c.text for c in panel.contributions]
        if panel.more_contributions:
            terms.append(t("render.more_terms", lang, n=f"{panel.more_contributions:,}"))
        upstream = f"{' + '.join(terms)} = {upstream}"
    parts.append(f"<p>{_quantity('upstream', 'upstream', lang)} {html.escape(upstream)}</p>")
    parts.extend(_edge_html(edge, lang) for edge in panel.edges)
    hidden = panel.inputs_before + panel.inputs_after
    if hidden:  # the slides show the first inputs of a step with many (steps.PANEL_INPUTS)
        more = t("slides.more_inputs", lang, n=f"{hidden:,}")
        parts.append(f'<p class="shapes">{html.escape(more)}</p>')
    return "".join(parts)


def step_panels(
    graph: RunGraph,
    lang: str = DEFAULT_LANG,
    *,
    deadline: float | None = None,
) -> list[str]:
    """:func:`panel_html` of every step, 0 to n. With ``deadline`` (a ``time.monotonic()``
    value), ``LimitError`` (limit ``"seconds"``) at the first step that would start after it.
    """
    seed_text = numbers.format_value(graph.trace.seed, lang=lang)
    panels = []
    for k in range(len(graph.trace.steps) + 1):
        budget.check(deadline, Message("budget.work.slides"))
        panel = steps.step_panel(graph, k, lang=lang) if k else None
        panels.append(panel_html(panel, seed_text, lang))
    return panels


def slides_html(
    graph: RunGraph,
    *,
    source: str = "",
    title: str | None = None,
    lang: str = DEFAULT_LANG,
    deadline: float | None = None,
) -> str:
    """One HTML page that steps through the pass (0 … n) in the graph viewer, each step's
    panel beside the graph. ``title`` defaults to "Chainrule: a backward pass" in ``lang``.
    Needs no Graphviz: without ``dot`` the graph is laid out here. With ``deadline`` (a
    ``time.monotonic()`` value) it raises ``LimitError`` (limit ``"seconds"``) between two
    pieces of work after it (the layout, itself limited by ``dot``'s timeout, is one)."""
    title = t("slides.title", lang) if title is None else title
    budget.check(deadline, Message("budget.work.slides"))
    scene = graphview.build_scene(graph, lang)
    budget.check(deadline, Message("budget.work.slides"))
    scene = graphview.layout(scene)
    panels = step_panels(graph, lang, deadline=deadline)
    body = viewer.fragment(scene, 0, height="calc(100vh - 130px)", panels=panels)
    summary = html.escape(t("slides.program", lang))
    program = f"<details><summary>{summary}</summary><pre>{html.escape(source)}</pre></details>"
    return (
        f'<!DOCTYPE html><html lang="{_HTML_LANG.get(lang, "en")}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        f"<header><h1>{html.escape(title)}</h1></header>"
        f"<main>{body}</main>{program if source else ''}"
        f"<script>{_HASH_SCRIPT}</script></body></html>"
    )


_STYLE = """
body{font-family:system-ui,sans-serif;margin:0;background:#fff;color:#111;font-size:18px}
header{padding:.3em 1em;border-bottom:1px solid #ccc}
header h1{font-size:1.2em;margin:0}
main{padding:.5em 1em}
details{padding:0 1em 1em}
pre{background:#f6f6f6;padding:.5em;font-size:.9em;overflow:auto}
"""

# The address's #k: opened at that step, and kept as the step changes.
_HASH_SCRIPT = """
(function () {
  var viewer = window.__chainruleViewers && window.__chainruleViewers.viewers[0];
  if (!viewer) return;
  var start = parseInt((location.hash || "#0").slice(1), 10);
  if (!isNaN(start)) viewer.setStep(start);
  new MutationObserver(function () {
    history.replaceState(null, "", "#" + viewer.step);
  }).observe(viewer.stage, { attributes: true, attributeFilter: ["data-step"] });
})();
"""
