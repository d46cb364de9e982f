"""Offline slides: a whole backward pass as one self-contained HTML file.

Every step is a slide with the graph (inline SVG, laid out by Graphviz on the
server) and its panel: upstream, local and downstream for each input. The
file needs no network and no server: arrow keys, Page Up/Down, Home and End
step through it, and the address's ``#k`` remembers the step. Every word is in
the language asked for (``lang``, from ``engine.i18n``).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Mapping
from typing import Any

import numpy as np

from engine import render
from engine.i18n import DEFAULT_LANG, t

#: Local Jacobians up to this many entries are shown as a table of numbers.
SLIDE_MATRIX_MAX_ENTRIES = render.MATRIX_MAX_ENTRIES
#: The page's ``lang`` attribute (fonts and screen readers follow it).
_HTML_LANG = {"en": "en", "zh": "zh-CN"}


class SlidesUnavailable(RuntimeError):
    """Graphviz's ``dot`` program is needed to lay out the slides' graphs."""


def _svg_body(svg: str) -> str:
    """The <svg> element alone (no XML prolog or doctype), scaled to the slide's width."""
    start = svg.find("<svg")
    body = svg[start:] if start >= 0 else svg
    body = re.sub(r'\swidth="[^"]*"', ' width="100%"', body, count=1)
    return re.sub(r'\sheight="[^"]*"', "", body, count=1)


def _matrix_table(
    matrix: np.ndarray, rows: tuple[str, ...], cols: tuple[str, ...], lang: str
) -> str:
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "".join(
        f"<tr><th>{html.escape(r)}</th>"
        + "".join(f"<td>{html.escape(render.format_value(v, lang=lang))}</td>" for v in row)
        + "</tr>"
        for r, row in zip(rows, matrix, strict=True)
    )
    return f'<table class="jac"><tr><th></th>{head}</tr>{body}</table>'


def _quantity(name: str, css: str, lang: str) -> str:
    """The word "upstream", "local" or "downstream" as a coloured label."""
    return f'<span class="q {css}">{html.escape(t(f"render.{name}", lang))}</span>'


def _edge_html(edge: render.EdgePanel, lang: str) -> str:
    parts = [f"<h3>∂ / ∂{html.escape(edge.input_name)}</h3>"]
    if edge.downstream is None:
        parts.append(f"<p>{html.escape(t('slides.constant', lang))}</p>")
        return "".join(parts)
    local = t("slides.local", lang, structure=edge.structure_text, shape=edge.local_shape)
    parts.append(f"<p>{_quantity('local', 'local', lang)} {html.escape(local)}</p>")
    if edge.matrix is not None and edge.local_size <= SLIDE_MATRIX_MAX_ENTRIES:
        parts.append(_matrix_table(edge.matrix, edge.row_labels, edge.col_labels, lang))
    parts.append(
        f"<p>{_quantity('downstream', 'down', lang)} {html.escape(edge.downstream_text)}"
        f' <span class="shapes">{html.escape(edge.shape_equation)}</span></p>'
    )
    if edge.broadcast_text:
        parts.append(f'<p class="shapes">{html.escape(edge.broadcast_text)}</p>')
    return "".join(parts)


def _panel_html(panel: render.StepPanel | None, seed_text: str, lang: str) -> str:
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
        terms = " + ".join(c.text for c in panel.contributions)
        upstream = f"{terms} = {upstream}"
    parts.append(f"<p>{_quantity('upstream', 'up', lang)} {html.escape(upstream)}</p>")
    parts.extend(_edge_html(edge, lang) for edge in panel.edges)
    return "".join(parts)


_STYLE = """
body{font-family:system-ui,sans-serif;margin:0;background:#fff;color:#111;font-size:20px}
header{display:flex;gap:1em;align-items:center;padding:.5em 1em;border-bottom:1px solid #ccc}
header h1{font-size:1.2em;margin:0;flex:1}
button{font-size:1em;padding:.2em .8em}
.slide{display:none;padding:1em;gap:1.5em}
.slide.active{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr)}
.graph{overflow:auto;max-height:85vh}
.panel h2{font-size:1.2em;margin-top:0}
.panel h3{font-size:1.05em;margin:.8em 0 .2em}
.q{display:inline-block;min-width:7em;font-weight:600}
.up{color:#0072B2}.local{color:#6a3d9a}.down{color:#D55E00}
.shapes{color:#555;font-family:monospace}
table.jac{border-collapse:collapse;font-family:monospace;font-size:.85em}
table.jac td,table.jac th{border:1px solid #ccc;padding:.1em .4em;text-align:right}
pre{background:#f6f6f6;padding:.5em;font-size:.8em;overflow:auto}
"""

_SCRIPT = """
(function(){
  var slides=document.querySelectorAll('.slide'),n=slides.length,k=0;
  var counter=document.getElementById('counter');
  function show(i){k=Math.max(0,Math.min(n-1,i));
    slides.forEach(function(s,j){s.classList.toggle('active',j===k);});
    counter.textContent=__COUNTER__.replace('{k}',k).replace('{n}',n-1);
    history.replaceState(null,'','#'+k);}
  document.addEventListener('keydown',function(e){
    if(e.key==='ArrowRight'||e.key==='PageDown'||e.key===' '){show(k+1);e.preventDefault();}
    else if(e.key==='ArrowLeft'||e.key==='PageUp'){show(k-1);e.preventDefault();}
    else if(e.key==='Home'){show(0);e.preventDefault();}
    else if(e.key==='End'){show(n-1);e.preventDefault();}});
  document.getElementById('prev').onclick=function(){show(k-1);};
  document.getElementById('next').onclick=function(){show(k+1);};
  var start=parseInt((location.hash||'#0').slice(1),10);
  show(isNaN(start)?0:start);
})();
"""


def slides_html(
    trace: Any,
    *,
    source: str = "",
    spans: Mapping | None = None,
    title: str | None = None,
    lang: str = DEFAULT_LANG,
) -> str:
    """One HTML page with a slide per step (0 … n); raises SlidesUnavailable without ``dot``.

    ``title`` defaults to "Chainrule: a backward pass" in ``lang``.
    """
    title = t("slides.title", lang) if title is None else title
    sections = []
    seed_text = render.format_value(trace.seed, lang=lang)
    for k in range(len(trace.steps) + 1):
        svg = render.svg(render.dot_source(trace, k, spans=spans, large_font=True, lang=lang))
        if svg is None:
            raise SlidesUnavailable("slides need Graphviz's dot program (Debian package graphviz)")
        panel = render.step_panel(trace, k, spans=spans, lang=lang) if k else None
        sections.append(
            f'<section class="slide" data-step="{k}">'
            f'<div class="graph">{_svg_body(svg)}</div>'
            f'<div class="panel">{_panel_html(panel, seed_text, lang)}</div></section>'
        )
    summary = html.escape(t("slides.program", lang))
    program = f"<details><summary>{summary}</summary><pre>{html.escape(source)}</pre></details>"
    # JSON in a script: "<" escaped, so no text can close the script element.
    counter = json.dumps(t("slides.counter", lang), ensure_ascii=False).replace("<", "\\u003c")
    script = _SCRIPT.replace("__COUNTER__", counter)
    return (
        f'<!DOCTYPE html><html lang="{_HTML_LANG.get(lang, "en")}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title><style>{_STYLE}</style></head><body>"
        f'<header><h1>{html.escape(title)}</h1><button id="prev">◀</button>'
        f'<span id="counter"></span><button id="next">▶</button></header>'
        f"<main>{''.join(sections)}</main>{program if source else ''}"
        f"<script>{script}</script></body></html>"
    )
