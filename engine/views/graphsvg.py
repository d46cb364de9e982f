"""Writers of a laid-out :class:`~engine.views.graphview.Scene`: SVG (live or one step), DOT, CSS.

The live SVG holds every version of every label; the viewer
(``engine/views/viewer/viewer.js``) shows the versions due at a step and sets each
element's state class. The static SVG of one step (the SVG export, the
slides' printable pages) is the same markup with only that step's versions and
its own stylesheet, so it opens anywhere. The DOT export carries the same
blocks as Graphviz HTML-like labels, glyphs as tables of coloured cells.

Graphviz's conventions are kept for whoever reads the SVG: ``g.node`` and
``g.edge`` with a ``<title>`` holding the DOT name; the current step's
operation, its input edges and its output edge also carry ``current``.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from engine.i18n import t
from engine.views.graph import RunGraph
from engine.views.graphview import Element, Scene, Versions, build_scene
from engine.views.labels import CHAR_W, FONT_SIZE, PAD, Block, Glyph, Row, Run, block_size, row_size
from engine.views.palette import CARD_PARTS, PALETTE, QUANTITIES, STATE_STROKE

Hide = Mapping[str, Any] | None  # {"step": k, "quantity": "downstream" | "local"}

#: Which card parts quiz mode writes as "?": 0 upstream, 1 local, 2 downstream.
HIDDEN_PARTS = {"downstream": (2,), "local": (1, 2)}


def state(element_step: int | None, k: int) -> str:
    """pending, current or done, for something that runs at ``element_step``, at step ``k``."""
    if element_step is None:
        return "pending"
    return "current" if element_step == k else ("done" if element_step < k else "pending")


def element_state(element: Element, k: int) -> str:
    if element.kind in ("op", "card"):
        return state(element.step, k)
    if element.kind == "value":
        done = element.done_from is not None and element.done_from <= k
        return "done" if done else "pending"
    return element.kind  # constant, proxy


def active(versions: Versions, k: int) -> int:
    """The index of the version shown at step ``k`` (the last one started by then)."""
    shown = 0
    for i, (start, _) in enumerate(versions):
        if start <= k:
            shown = i
    return shown


def _output_of(op: str) -> str:
    """The value box an operation writes: ``op12`` -> ``v12``."""
    return "v" + op.removeprefix("op")


def hidden_at(scene: Scene, hide: Hide) -> tuple[int | None, tuple[int, ...], frozenset[str]]:
    """(the hidden step, the card parts hidden there, the value boxes drawn as before it)."""
    if not hide or not hide.get("step"):
        return None, (), frozenset()
    k = int(hide["step"])
    parts = HIDDEN_PARTS[str(hide["quantity"])]
    return k, parts, frozenset(scene.hide_nodes.get(k, ()))


# -- SVG ------------------------------------------------------------------------------------


def _attr(text: str) -> str:
    return html.escape(text, quote=True)


def _rect(x: float, y: float, w: float, h: float, extra: str = "") -> str:
    return f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}"{extra}/>'


def _text(x: float, y: float, role: str, text: str) -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" class="r-{role}">{html.escape(text)}</text>'


def _row_svg(row: Row, x: float, y: float) -> list[str]:
    _, height = row_size(row)
    out = []
    for item in row:
        if isinstance(item, Run):
            baseline = y + height / 2 + FONT_SIZE * 0.36
            out.append(_text(x, baseline, item.role, item.text))
        else:
            out.append(_glyph_svg(item, x, y + (height - item.height) / 2))
        x += item.width
    return out


def _glyph_svg(item: Glyph, x: float, y: float) -> str:
    cw, ch = item.cell
    rows, cols = len(item.fills), len(item.fills[0])
    top = y + (item.height - rows * ch - 2) / 2 + 1
    cells = []
    for i, row in enumerate(item.fills):
        for j, fill in enumerate(row):
            cx, cy = x + 1 + j * cw, top + i * ch
            cells.append(_rect(cx, cy, cw, ch, f' fill="{fill}"'))
            if item.numbers is not None:
                tx = cx + (cw - len(item.numbers[i][j]) * CHAR_W) / 2
                ty = cy + ch / 2 + FONT_SIZE * 0.36
                cells.append(_text(tx, ty, "cell", item.numbers[i][j]))
    frame = (
        f'<rect class="frame r-{item.role}" x="{x + 0.5:.1f}" y="{top - 0.5:.1f}" '
        f'width="{cols * cw + 1:.1f}" height="{rows * ch + 1:.1f}"/>'
    )
    return f'<g class="glyph">{"".join(cells)}{frame}</g>'


def _block_svg(block: Block, x: float, y: float, width: float, centred: bool) -> list[str]:
    out = []
    for row in block:
        row_width, row_height = row_size(row)
        left = x + (width - row_width) / 2 if centred else x
        out += _row_svg(row, left, y)
        y += row_height
    return out


def _label_svg(
    scene: Scene,
    element: Element,
    k: int,
    live: bool,
    freeze: int | None = None,
    hidden_parts: tuple[int, ...] = (),
) -> list[str]:
    """Every part of an element's label at step ``k``; ``freeze`` shows its versions as of
    that step instead, and the ``hidden_parts`` show their first version ("?")."""
    x, y, w, h = scene.positions[element.name]
    centred = element.kind in ("op", "proxy")
    content_w, _ = element.size()
    inner_w = content_w - 2 * PAD
    if element.kind == "op":
        inner_w = max(block_size(b)[0] for v in element.parts for _, b in v)
    parts_h = sum(max(block_size(b)[1] for _, b in versions) for versions in element.parts)
    top = y + (h - parts_h) / 2
    left = x + (w - inner_w) / 2
    out = []
    for index, versions in enumerate(element.parts):
        part_h = max(block_size(b)[1] for _, b in versions)
        at = 0 if index in hidden_parts else (k if freeze is None else freeze)
        shown = active(versions, at)
        chunks = []
        for i, (start, block) in enumerate(versions):
            if not live and i != shown:
                continue
            body = "".join(_block_svg(block, left, top, inner_w, centred))
            if live:
                off = "" if i == shown else " off"
                chunks.append(f'<g class="ver{off}" data-from="{start}">{body}</g>')
            else:
                chunks.append(body)
        out.append(f'<g class="part" data-part="{index}">{"".join(chunks)}</g>')
        top += part_h
    return out


def svg_markup(scene: Scene, k: int = 0, *, live: bool = True, hide: Hide = None) -> str:
    """The laid-out scene as SVG at step ``k``: every version (``live``) or only ``k``'s."""
    hidden_step, parts, frozen = hidden_at(scene, hide)
    if hidden_step != k:
        parts, frozen = (), frozenset()
    width, height = scene.bounds
    out = [
        '<svg xmlns="http://www.w3.org/2000/svg" class="crg" '
        f'viewBox="0 0 {width:.1f} {height:.1f}" '
        f'width="{width:.0f}" height="{height:.0f}" role="img">'
    ]
    if not live:
        out.append(f"<style>{graph_css()}</style>")
    out.append('<g class="edges">')
    for wire in scene.wires:
        cls = state(wire.step, k)
        title = wire.name.split("#")[0]
        body = [f"<title>{html.escape(title)}</title>"]
        body += [f'<path class="wire" d="{d}"/>' for d in scene.paths.get(wire.name, ())]
        if wire.name in scene.arrows:
            body.append(f'<polygon class="arrow" points="{scene.arrows[wire.name]}"/>')
        if wire.card:
            card = scene.elements[wire.card]
            cx, cy, cw, ch = scene.positions[wire.card]
            body.append(f'<g class="card" data-name="{_attr(wire.card)}">')
            body.append(_rect(cx, cy, cw, ch, ' rx="5"'))
            hidden = parts if wire.step == k and wire.flows else ()
            # A hidden box's own edges, further back, would show its gradient as upstream.
            freeze = k - 1 if _output_of(wire.head) in frozen else None
            body += _label_svg(scene, card, k, live, freeze, hidden_parts=hidden)
            body.append("</g>")
        grad = ' data-grad="1"' if wire.flows else ""
        if wire.card:
            grad += f' data-out="{_output_of(wire.head)}"'
        out.append(
            f'<g class="edge {cls}" data-name="{_attr(wire.name)}" data-step="{wire.step}"{grad}>'
            f"{''.join(body)}</g>"
        )
    out.append("</g>")
    out.append('<g class="nodes">')
    for element in scene.elements.values():
        if element.kind == "card":
            continue
        x, y, w, h = scene.positions[element.name]
        cls = element_state(element, k)
        data = ""
        if element.step is not None:
            data += f' data-step="{element.step}"'
        if element.done_from is not None:
            data += f' data-done="{element.done_from}"'
        if element.kind == "op":
            centre = f'cx="{x + w / 2:.1f}" cy="{y + h / 2:.1f}"'
            shape = f'<ellipse class="box" {centre} rx="{w / 2:.1f}" ry="{h / 2:.1f}"/>'
        else:
            shape = _rect(x, y, w, h, ' class="box" rx="7"')
        freeze = k - 1 if element.name in frozen else None
        label = "".join(_label_svg(scene, element, k, live, freeze))
        tooltip = f"<title>{html.escape(element.name)}</title>"
        out.append(
            f'<g class="node {element.kind} {cls}" data-name="{_attr(element.name)}"{data}>'
            f"{tooltip}{shape}{label}</g>"
        )
    out.append("</g></svg>")
    return "".join(out)


def graph_css(scope: str = ".crg") -> str:
    """The graph's stylesheet, written from :data:`~engine.views.palette.PALETTE`."""
    p = PALETTE
    rules = [
        f'{scope} text{{font-family:"DejaVu Sans Mono","Liberation Mono",Menlo,monospace;'
        f"font-size:{FONT_SIZE:g}px;white-space:pre}}",
        f"{scope} .off{{display:none}}",
        f"{scope} .r-name,{scope} .r-op{{fill:{p['name']};font-weight:700}}",
        f"{scope} .r-muted{{fill:{p['muted']}}}",
        f"{scope} .r-cell{{fill:#111111}}",
    ]
    for role in QUANTITIES:
        rules.append(f"{scope} .r-{role}{{fill:{p[role]};font-weight:600}}")
        rules.append(f"{scope} .frame.r-{role}{{fill:none;stroke:{p[role]};stroke-width:2}}")
    rules.append(f"{scope} .frame.r-muted{{fill:none;stroke:{p['muted']};stroke-width:1.5}}")
    for name, (width, dash) in STATE_STROKE.items():
        colour, fill = p[name], p[f"{name}_fill"]
        dashes = f"stroke-dasharray:{dash}" if dash else "stroke-dasharray:none"
        rules += [
            f"{scope} .node.{name}>.box{{stroke:{colour};stroke-width:{width};{dashes};"
            f"fill:{fill}}}",
            f"{scope} .edge.{name} .wire{{stroke:{colour};stroke-width:{width};{dashes};"
            "fill:none}",
            f"{scope} .edge.{name} .arrow{{fill:{colour};stroke:{colour}}}",
            f"{scope} .edge.{name} .card>rect{{stroke:{colour};stroke-width:{max(1.0, width - 1)};"
            f"{dashes};fill:#ffffff}}",
        ]
    rules += [
        f"{scope} .node.constant>.box{{stroke:#aaaaaa;stroke-width:1.5;fill:{p['constant_fill']}}}",
        f"{scope} .node.proxy>.box{{stroke:{p['pending']};stroke-width:1.5;"
        "stroke-dasharray:4 3;fill:#ffffff}",
        f"{scope} .node.current .r-op{{font-size:{FONT_SIZE * 1.15:g}px}}",
    ]
    return "".join(rules)


def static_svg(scene: Scene, k: int, hide: Hide = None) -> str:
    """One step as a standalone SVG file (its stylesheet inside): the SVG export."""
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + svg_markup(scene, k, live=False, hide=hide)


# -- what the viewer needs beside the SVG ------------------------------------------------------


def viewer_meta(scene: Scene) -> dict[str, Any]:
    """Steps, camera frames, quiz data and click-to-inspect texts, as JSON-ready data."""
    return {
        "key": scene.key,
        "n": scene.n_steps,
        "bounds": list(scene.bounds),
        "fontSize": FONT_SIZE,
        "frames": {
            str(k): [list(core), list(inputs)] for k, (core, inputs) in scene.frames.items()
        },
        "hideNodes": {str(k): list(v) for k, v in scene.hide_nodes.items()},
        "inspect": scene.inspect,
        "layout": scene.layout_engine,
    }


# -- DOT ------------------------------------------------------------------------------------------


def _dot_html(block: Block) -> str:
    rows = []
    for row in block:
        cells = []
        for item in row:
            if isinstance(item, Run):
                colour = PALETTE.get(item.role, PALETTE["name"])
                text = html.escape(item.text) or " "
                cells.append(f'<TD><FONT COLOR="{colour}">{text}</FONT></TD>')
            else:
                cells.append(f"<TD>{_dot_glyph(item)}</TD>")
        rows.append(
            '<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" '
            f'CELLPADDING="0"><TR>{"".join(cells)}</TR></TABLE></TD></TR>'
        )
    return "".join(rows)


def _dot_glyph(item: Glyph) -> str:
    colour = PALETTE.get(item.role, PALETTE["muted"])
    rows = []
    for i, row in enumerate(item.fills):
        cells = []
        for j, fill in enumerate(row):
            text = html.escape(item.numbers[i][j]) if item.numbers is not None else ""
            size = "" if item.numbers is not None else ' WIDTH="9" HEIGHT="9" FIXEDSIZE="TRUE"'
            cells.append(f'<TD BGCOLOR="{fill}"{size}>{text}</TD>')
        rows.append(f"<TR>{''.join(cells)}</TR>")
    return (
        f'<TABLE BORDER="2" COLOR="{colour}" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
        f"{''.join(rows)}</TABLE>"
    )


def _dot_label(element: Element, k: int, hidden_parts: tuple[int, ...] = ()) -> str:
    rows = "".join(
        _dot_html(versions[active(versions, 0 if i in hidden_parts else k)][1])
        for i, versions in enumerate(element.parts)
    )
    return f'<<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">{rows}</TABLE>>'


def _dot_card(element: Element, k: int, hidden_parts: tuple[int, ...], lang: str) -> str:
    """An input edge's label: its upstream, local and downstream, each named."""
    rows = []
    for i, versions in enumerate(element.parts):
        block = versions[active(versions, 0 if i in hidden_parts else k)][1]
        word = t(f"render.{CARD_PARTS[i]}", lang)
        colour = PALETTE[CARD_PARTS[i]]
        rows.append(
            f'<TR><TD ALIGN="LEFT"><FONT COLOR="{colour}" POINT-SIZE="11">{html.escape(word)}'
            f'</FONT></TD><TD ALIGN="LEFT"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" '
            f'CELLPADDING="0">{_dot_html(block)}</TABLE></TD></TR>'
        )
    table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="1">'
    return f"<{table}{''.join(rows)}</TABLE>>"


def dot_export(scene: Scene, k: int, hide: Hide = None) -> str:
    """The graph at step ``k`` as DOT in the palette, glyphs as tables of coloured cells
    (Graphviz HTML-like labels): every input edge labelled with its upstream, local and
    downstream as known after step ``k``. ``class`` attributes carry each element's state
    (the current step's operation, input edges and output edge: ``current``)."""
    hidden_step, parts, frozen = hidden_at(scene, hide)
    if hidden_step != k:
        parts, frozen = (), frozenset()
    p = PALETTE
    out = [
        "digraph backprop {",
        f"  graph [rankdir={scene.rankdir}, nodesep=0.35, ranksep=0.45, bgcolor=white];",
        '  node [fontname="DejaVu Sans Mono", fontsize=14];',
        '  edge [fontname="DejaVu Sans Mono", fontsize=14];',
    ]
    for element in scene.elements.values():
        if element.kind == "card":
            continue
        cls = element_state(element, k)
        colour = p.get(cls, "#aaaaaa")
        fill = p.get(f"{cls}_fill", p["constant_fill"])
        width, dash = STATE_STROKE.get(cls, (1.5, None))
        style = "dashed" if dash else "solid"
        shape = "ellipse" if element.kind == "op" else "box"
        style = f"filled,{style}" if element.kind == "op" else f"rounded,filled,{style}"
        at = k - 1 if element.name in frozen else k
        out.append(
            f'  "{element.name}" [label={_dot_label(element, at)}, shape={shape}, style="{style}", '
            f'color="{colour}", fillcolor="{fill}", penwidth={width}, class="{cls}"];'
        )
    for wire in scene.wires:
        cls = state(wire.step, k)
        width, dash = STATE_STROKE[cls]
        style = "dashed" if dash else "solid"
        attrs = f'color="{p[cls]}", penwidth={width}, style={style}, class="{cls}"'
        if wire.card is not None:
            hidden = parts if wire.step == k and wire.flows else ()
            at = k - 1 if _output_of(wire.head) in frozen else k
            card = _dot_card(scene.elements[wire.card], at, hidden, scene.lang)
            attrs = f"label={card}, " + attrs
        out.append(f'  "{wire.tail}" -> "{wire.head}" [{attrs}];')
    out.append("}")
    return "\n".join(out) + "\n"


def graph_dot(graph: RunGraph, step: int | None = None, lang: str = "en") -> str:
    """The DOT of the run's graph as of ``step`` (None, or past the end: the finished pass),
    for ``python -m engine dot``; no layout is needed to write it."""
    scene = build_scene(graph, lang)
    k = scene.n_steps if step is None else min(max(int(step), 0), scene.n_steps)
    return dot_export(scene, k)
