"""Helpers shared by the AppTest files: open a page, run a program, read a plotly chart,
read the graph component's data and what its viewer shows at a step."""

from __future__ import annotations

import base64
import html
import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from engine.core.jacobian import jacobian
from engine.language import parse_program
from engine.views import graphsvg
from engine.views.labels import CHAR_W
from engine.views.numbers import columns

# AppTest runs a page as its own main script (pages/ on sys.path); ui.py lives beside app.py.
REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


def open_page(page: str, **params: str) -> AppTest:
    """Run ``page`` (relative to this folder) as a deep link with these query parameters."""
    at = AppTest.from_file(page, default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def run_program(at: AppTest, prefix: str, source: str) -> AppTest:
    """Type ``source`` into the page's editor and press Run."""
    at.text_area(key=f"{prefix}editor").input(source)
    at.button(key=f"{prefix}run").click()
    at.run()
    assert not at.exception, at.exception
    return at


def decode(value) -> np.ndarray:
    """A plotly array: plain nested lists, or plotly 7's base64 {"dtype", "bdata", "shape"}."""
    if isinstance(value, dict) and "bdata" in value:
        data = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = value.get("shape")
        if isinstance(shape, str):
            shape = [int(n) for n in shape.split(",")]
        return data.reshape(shape) if shape else data
    return np.array([[np.nan if v is None else v for v in row] for row in value], dtype=float)


def engine_jacobian(source: str, output: str, wrt: str) -> np.ndarray:
    """The engine's Jacobian of ``output`` w.r.t. ``wrt``, flattened to a matrix."""
    program = parse_program(source)
    out, x = program.variables[output], program.variables[wrt]
    return jacobian(out, x).reshape(out.size, x.size)


# -- the graph component: what the browser is given, and what it shows at a step ---------------

SVG_NS = "{http://www.w3.org/2000/svg}"


def graph_payload(at: AppTest) -> dict:
    """The data the page gives its graph component (``ui.graph_view``): ``viewer.payload``
    of the program's scene, plus the page's ``step``, ``seq`` and quiz ``hide``."""
    (element,) = at.get("bidi_component")
    assert element.proto.component_name == "chainrule_graph", element.proto.component_name
    assert element.proto.id.endswith("main_graph"), element.proto.id
    return json.loads(element.proto.json)


def _classes(node: ET.Element) -> list[str]:
    return node.get("class", "").split()


def _item_text(node: ET.Element) -> tuple[str, float, float]:
    """(text, left, right) of one drawn item of a label: a text run or a heatmap glyph
    (as ``labels.block_text`` writes it: its numbers, else ▦rows×columns)."""
    if node.tag == SVG_NS + "text":
        text = node.text or ""
        left = float(node.get("x"))
        return text, left, left + columns(text) * CHAR_W
    assert "glyph" in _classes(node), ET.tostring(node)
    cells = [child for child in node if child.tag == SVG_NS + "rect"]
    numbers = [child.text or "" for child in node if child.tag == SVG_NS + "text"]
    (frame,) = [c for c in node if c.tag == SVG_NS + "rect" and "frame" in _classes(c)]
    cells = [c for c in cells if c is not frame]
    tops = sorted({float(c.get("y")) for c in cells})
    lefts = sorted({float(c.get("x")) for c in cells})
    rows, cols = len(tops), len(lefts)
    assert rows * cols == len(cells), "a glyph's cells form a grid"
    if numbers:
        assert len(numbers) == len(cells)
        text = "[" + "; ".join(" ".join(numbers[i * cols : (i + 1) * cols]) for i in range(rows))
        text += "]"
    else:
        text = f"▦{rows}×{cols}"
    left = float(frame.get("x"))
    return text, left, left + float(frame.get("width"))


def part_text(container: ET.Element) -> str:
    """One version of a label's part as text: its items in order, a row per line (a new
    row starts left of where the last item ended)."""
    rows: list[str] = []
    end = None
    for node in container:
        text, left, right = _item_text(node)
        if end is None or left < end - 1.0:
            rows.append(text)
        else:
            rows[-1] += text
        end = right
    return "\n".join(rows)


def _svg_items(svg: str) -> list[ET.Element]:
    """Every g.node and g.edge of a graph SVG, in document order."""
    root = ET.fromstring(svg[svg.index("<svg") :])
    return [
        g
        for g in root.iter(SVG_NS + "g")
        if {"node", "edge"} & set(_classes(g)) and g.get("data-name") is not None
    ]


def _parts(item: ET.Element) -> list[ET.Element]:
    return [g for g in item.iter(SVG_NS + "g") if "part" in _classes(g)]


def element_state(item: ET.Element, step: int) -> str:
    """An element's state class at ``step``, worked out as the viewer's ``stateOf`` does."""
    classes = _classes(item)
    kind = "edge" if "edge" in classes else classes[1]
    if kind in ("constant", "proxy"):
        return kind
    if kind == "value":
        done = item.get("data-done")
        return "done" if done is not None and int(done) <= step else "pending"
    if item.get("data-step") is None:
        return "pending"
    runs_at = int(item.get("data-step"))
    return "current" if runs_at == step else ("done" if runs_at < step else "pending")


def _quiz_hidden(payload: dict, step: int) -> tuple[tuple[int, ...], frozenset[str]] | None:
    """The viewer's ``quizHidden``: (the card parts shown as "?", the value boxes shown as
    of the step before, with their own input edges) at ``step``, or None when nothing is
    hidden there."""
    hide = payload.get("hide")
    if not hide or step == 0 or step in (hide.get("revealed") or []):
        return None
    parts = graphsvg.HIDDEN_PARTS.get(hide["quantity"], ())
    return parts, frozenset(payload["meta"]["hideNodes"].get(str(step), ()))


def shown_labels(payload: dict, step: int) -> dict[str, tuple[str, ...]]:
    """What the viewer shows at ``step``, per element (the ``data-name`` of each g.node and
    g.edge): the text of each part of its label, the version due then. Mirrors the
    viewer's ``paint`` (engine/views/viewer/viewer.js), quiz hiding included."""
    hidden = _quiz_hidden(payload, step)
    shown = {}
    for item in _svg_items(payload["svg"]):
        is_edge = "edge" in _classes(item)
        name = item.get("data-name")
        # Quiz mode: the boxes the hidden step sends gradients to are drawn as before it,
        # and so are their own edges further back (``data-out``: the value its op writes).
        at = step
        if hidden and (item.get("data-out") if is_edge else name) in hidden[1]:
            at = step - 1
        texts = []
        for part in _parts(item):
            part_at = at
            if (
                hidden
                and is_edge
                and item.get("data-grad") == "1"
                and item.get("data-step") == str(step)
                and int(part.get("data-part")) in hidden[0]
            ):
                part_at = 0
            versions = [v for v in part if "ver" in _classes(v)]
            assert versions, f"{name}: a part of the live SVG holds its versions"
            due = 0
            for i, version in enumerate(versions):
                if int(version.get("data-from")) <= part_at:
                    due = i
            texts.append(part_text(versions[due]))
        shown[name] = tuple(texts)
    return shown


def shown_states(payload: dict, step: int) -> dict[str, str]:
    """Each element's state class at ``step`` (pending, current, done, constant, proxy)."""
    return {g.get("data-name"): element_state(g, step) for g in _svg_items(payload["svg"])}


def static_labels(svg: str) -> dict[str, tuple[str, ...]]:
    """The labels of a one-step SVG (``graphsvg.svg_markup(..., live=False)``, the SVG
    export), per element, as :func:`shown_labels` writes them."""
    return {
        item.get("data-name"): tuple(part_text(part) for part in _parts(item))
        for item in _svg_items(svg)
    }


def static_states(svg: str) -> dict[str, str]:
    """The state class each element of a one-step SVG carries."""
    states = {}
    for item in _svg_items(svg):
        classes = _classes(item)
        states[item.get("data-name")] = classes[1] if "edge" in classes else classes[2]
    return states


# -- the DOT export, read back ------------------------------------------------------------------

_DOT_STATEMENT = re.compile(
    r'^  "(?P<tail>[^"]+)"(?: -> "(?P<head>[^"]+)")? \[(?P<attrs>.*)\];$', re.M
)
_DOT_LABEL = re.compile(r"label=<(<TABLE.*</TABLE>)>")
_DOT_GLYPH = re.compile(r'<TABLE BORDER="2" COLOR="#\w+"[^>]*>(.*?)</TABLE>')
_DOT_FONT = re.compile(r'<FONT COLOR="#\w+">(.*?)</FONT>')
_DOT_WORD = re.compile(r'<FONT COLOR="#\w+" POINT-SIZE="11">(.*?)</FONT>')
_DOT_ROW = '<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLBORDER="0" CELLSPACING="0" CELLPADDING="0">'


def _dot_glyph_text(match: re.Match) -> str:
    rows = [
        re.findall(r'<TD BGCOLOR="#\w+"[^>]*>(.*?)</TD>', row)
        for row in re.findall(r"<TR>(.*?)</TR>", match.group(1))
    ]
    if any(cell for row in rows for cell in row):
        text = "[" + "; ".join(" ".join(row) for row in rows) + "]"
    else:
        text = f"▦{len(rows)}×{len(rows[0])}"
    return f'<FONT COLOR="#000000">{text}</FONT>'


def _dot_rows(markup: str) -> list[str]:
    """The rows of a DOT HTML-like label, each as its text runs joined (glyphs as
    ``labels.block_text`` writes them)."""
    markup = _DOT_GLYPH.sub(_dot_glyph_text, markup)
    rows = markup.split(_DOT_ROW)[1:]
    return ["".join(html.unescape(text) for text in _DOT_FONT.findall(row)) for row in rows]


def dot_statements(dot: str) -> list[dict]:
    """Every node and edge statement of a DOT export, in order: ``name`` (a node's) or
    ``tail`` and ``head`` (an edge's), its ``class``, and its label: a node's rows, or an
    input edge's card as {"upstream": …, "local": …, "downstream": …} (the words in the
    export's language)."""
    statements = []
    for match in _DOT_STATEMENT.finditer(dot):
        attrs = match["attrs"]
        label = _DOT_LABEL.search(attrs)
        state = re.search(r'class="(\w+)"', attrs)
        entry: dict = {"class": state.group(1) if state else None}
        if match["head"] is None:
            entry["name"] = match["tail"]
            entry["rows"] = tuple(_dot_rows(label.group(1))) if label else ()
        else:
            entry["tail"], entry["head"] = match["tail"], match["head"]
            card = {}
            if label:
                pieces = _DOT_WORD.split(label.group(1))[1:]
                for word, body in zip(pieces[::2], pieces[1::2], strict=True):
                    card[html.unescape(word)] = "\n".join(_dot_rows(body))
            entry["card"] = card
        statements.append(entry)
    return statements
