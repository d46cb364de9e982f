"""The graph view: a program's graph laid out once, every step's labels drawn once.

A class steps through a backward pass faster than a server can answer, so the
browser steps on its own. For one trace this module builds a :class:`Scene`:

- **one layout.** Every label keeps one size at every step (the widest of the
  texts it will ever show), so Graphviz's ``dot`` lays the graph out once
  (:func:`layout_dot`, run with a time limit by :func:`layout`); without
  ``dot``, or when it fails, a small layered layout here takes its place.
- **every version of every label.** A label changes only when a gradient
  arrives or a step runs, so each *part* of a label (a node's gradient, an
  edge's upstream, local and downstream) is a short list of versions, each
  with the step it starts at. The SVG holds all of them; stepping shows the
  version due at that step and sets each element's state class. That is all
  the browser does per step (``engine/views/viewer/viewer.js``).

The words and the palette are one model (``engine.views.palette``, the labels'
blocks of ``engine.views.labels``) with three writers (``engine.views.graphsvg``): the
live SVG (every version), the static SVG of one step (exports, slides), and DOT with
HTML-like labels (the DOT export, readable by any Graphviz).
"""

from __future__ import annotations

import hashlib
import json
import math
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from engine.core.autodiff import Trace
from engine.core.records import Edge, LocalJacobian, NodeInfo, Step
from engine.i18n import DEFAULT_LANG, t, wording
from engine.views import numbers
from engine.views.graph import RunGraph
from engine.views.labels import (
    GLYPH_MAX,
    PAD,
    STRUCTURE_MAX_COLUMNS,
    Block,
    Row,
    Run,
    block_size,
    glyph,
    tensor_items,
)
from engine.views.numbers import columns

# -- limits ------------------------------------------------------------------------------

LAYOUT_TIMEOUT_SECONDS = 10.0
#: Graphs of more elements than this are not drawn: their SVG (every step's labels) would
#: pass 5 MB, and a phone or a projector's laptop would stall on it. The app says so and
#: steps the panel alone (about 700 operations: three times the lessons' largest).
MAX_DRAWN_ELEMENTS = 3000

# -- the scene: elements, each with parts that change at given steps ---------------------

Versions = tuple[tuple[int, Block], ...]  # (first step shown, block), starts ascending
Point = tuple[float, float]  # in the layout's units, y pointing down


@dataclass(frozen=True, slots=True)
class Element:
    """A value box, an operation, or an edge's card, with its label's parts.

    ``name`` is the DOT name (``v3``, ``op3``, ``v1->op3``); ``step`` the backward
    step that runs it (ops and edges; None for value boxes); ``done_from`` the
    step from which a value box's gradient is complete (None: never).
    """

    name: str
    kind: str  # value, constant, proxy, op, card
    parts: tuple[Versions, ...]
    step: int | None = None
    done_from: int | None = None

    def size(self) -> tuple[float, float]:
        """(width, height) of the label: the widest and tallest version of each part."""
        width = height = 0.0
        for versions in self.parts:
            sizes = [block_size(block) for _, block in versions]
            width = max(width, max(w for w, _ in sizes))
            height += max(h for _, h in sizes)
        if self.kind == "op":  # an ellipse around the text
            return width * 1.3 + 2 * PAD, height * 1.35 + PAD
        return width + 2 * PAD, height + 2 * PAD


@dataclass(frozen=True, slots=True)
class Wire:
    """One drawn edge: from a value (or its copy) through its card to an op, or op to value."""

    name: str  # "v1->op3" (input edge) or "op3->v3" (output edge)
    tail: str
    head: str
    card: str | None  # the card element's name on an input edge
    step: int
    flows: bool = True  # a gradient flows back along it (not into a constant)


@dataclass
class Scene:
    """A trace as the browser steps through it: elements, wires, layout and frames."""

    elements: dict[str, Element]
    wires: list[Wire]
    n_steps: int
    # step -> (what the camera must show: the op, its output, its edges' cards; and the
    # inputs it shows too when they fit)
    frames: dict[int, tuple[tuple[str, ...], tuple[str, ...]]]
    hide_nodes: dict[int, tuple[str, ...]]  # step -> the value boxes whose gradient it sends
    inspect: dict[str, dict[str, Any]]
    rankdir: str
    lang: str
    positions: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)
    paths: dict[str, list[str]] = field(default_factory=dict)  # wire name -> SVG path parts
    arrows: dict[str, str] = field(default_factory=dict)
    bounds: tuple[float, float] = (0.0, 0.0)
    layout_engine: str = ""

    @property
    def key(self) -> str:
        """A short fingerprint of what is drawn (the viewer rebuilds only when it changes)."""
        text = json.dumps([sorted(self.positions.items()), self.lang, self.n_steps])
        return hashlib.sha1(text.encode()).hexdigest()[:16]


#: Graphs with at most this many operations read left to right, like CS231n's circuits;
#: larger ones top to bottom, nearer a screen's shape.
LEFT_TO_RIGHT_MAX_OPS = 6
#: An edge spanning more graph columns than this is drawn from a small copy of its value
#: box placed beside the consumer: Graphviz turns a long edge into a chain of virtual
#: nodes, and a value used far apart many times otherwise takes minutes to lay out.
MAX_EDGE_SPAN = 4


def _long_edges(trace: Trace) -> frozenset[tuple[int, int]]:
    """The (consumer, input index) edges that span more than ``MAX_EDGE_SPAN`` columns.

    Columns follow ``dot``'s ranking left to right: an operation sits one
    column after its latest input, its value one after it, and a leaf or
    constant just before its first consumer. A node's first consumer is
    always drawn directly, so a value used once never gets a copy.
    """
    column: dict[int, int] = {}  # the value box's column, per node id
    op_column: dict[int, int] = {}
    consumers: dict[int, list[tuple[int, int]]] = {}
    for info in trace.nodes:  # creation order is a topological order
        if info.op is None:
            continue
        for index, source in enumerate(info.inputs):
            consumers.setdefault(source, []).append((info.id, index))
        op_column[info.id] = 1 + max((column.get(i, 0) for i in info.inputs), default=0)
        column[info.id] = op_column[info.id] + 1
    long: set[tuple[int, int]] = set()
    for source, uses in consumers.items():
        start = column.get(source)
        if start is None:  # a leaf or constant: beside its earliest-column consumer
            start = min(op_column[c] for c, _ in uses) - 1
        nearest = min(uses, key=lambda use: op_column[use[0]])
        long.update(
            use for use in uses if use != nearest and op_column[use[0]] - start > MAX_EDGE_SPAN
        )
    return frozenset(long)


def _name_row(graph: RunGraph, info: NodeInfo) -> Row:
    label = graph.label(info.id)
    if info.shape == ():
        return (Run(label, "name"),)
    return (Run(label, "name"), Run(" " + str(tuple(info.shape)), "muted"))


def _gradient_versions(
    trace: Trace, info: NodeInfo, arrivals: Sequence[int], lang: str
) -> Versions:
    """A value box's gradient line as it fills in: ?, partial sums, then the total."""
    prefix = Run("∇ ", "muted")
    if info.id == trace.output:
        return ((0, ((prefix, *tensor_items(trace.seed, "upstream", lang)),)),)
    if not info.requires_grad:
        return ((0, ((Run(t("render.no_gradient", lang), "muted"),),)),)
    versions: list[tuple[int, Block]] = [(0, ((prefix, Run("?", "muted")),))]
    expected = len(arrivals)
    for s in sorted(set(arrivals)):
        received = sum(1 for a in arrivals if a <= s)
        if received < expected:
            partial = trace.partial_after(info.id, s)
            count = Run(f" ({received}/{expected})", "muted")
            versions.append((s, ((prefix, *tensor_items(partial, "downstream", lang), count),)))
        else:
            total = trace.grads[info.id]
            versions.append((s, ((prefix, *tensor_items(total, "downstream", lang)),)))
    return tuple(versions)


def _local_items(local: LocalJacobian, lang: str) -> Row:
    """The local Jacobian on a card: a number, a glyph of its matrix, or its structure."""
    rows, cols = local.matrix_shape
    if rows <= GLYPH_MAX and cols <= GLYPH_MAX:
        matrix = local.materialize(GLYPH_MAX * GLYPH_MAX)
        if matrix is not None:
            flat = np.reshape(matrix, (rows, cols))
            if flat.size == 1:
                return tensor_items(flat.reshape(()), "local", lang)
            drawn = glyph(flat, "local")
            if drawn is not None:
                return (drawn,)
    text = wording(local.structure.text, lang)
    if columns(text) > STRUCTURE_MAX_COLUMNS:
        while columns(text) > STRUCTURE_MAX_COLUMNS - 1:
            text = text[:-1]
        text = text.rstrip(" ,:") + "…"
    return (Run(text, "local"),)


def _card_parts(step: Step, edge: Edge, upstream_at: int, lang: str) -> tuple[Versions, ...]:
    """An input edge's card: upstream, then · local, then = downstream, as they become known."""
    s = step.number
    unknown = Run("?", "muted")
    upstream: Versions = ((0, ((unknown,),)),)
    if upstream_at < s:
        upstream += ((upstream_at, (tensor_items(step.upstream, "upstream", lang),)),)
    upstream += ((s, (tensor_items(step.upstream, "upstream", lang),)),)
    dot, equals = Run("· ", "muted"), Run("= ", "muted")
    if edge.downstream is None:  # no gradient flows to a constant: its local is not needed
        local_now: Row = (dot, Run(t("render.not_needed", lang), "muted"))
        down_now: Row = (equals, Run(t("render.none_constant", lang), "muted"))
    else:
        local_now = (dot, *_local_items(edge.local, lang))
        down_now = (equals, *tensor_items(edge.downstream, "downstream", lang))
        if edge.broadcast:
            down_now += (Run(f" Σ→{tuple(edge.in_shape)}", "muted"),)
    local: Versions = ((0, ((dot, unknown),)), (s, (local_now,)))
    downstream: Versions = ((0, ((equals, unknown),)), (s, (down_now,)))
    return upstream, local, downstream


def _inspect_value(graph: RunGraph, info: NodeInfo, lang: str) -> dict[str, Any]:
    """What a click on a value box shows: value, gradient as it fills in, contributions."""
    trace = graph.trace
    step_of = {step.node: step.number for step in trace.steps}
    contributions = []
    consumers = []
    for contribution in trace.contributions.get(info.id, ()):
        s = step_of[contribution.consumer]
        consumers.append(s)
        consumer = graph.label(contribution.consumer)
        contributions.append(
            {
                "step": s,
                "from": consumer,
                "value": numbers.format_value(contribution.value, lang=lang),
            }
        )
    if info.id == trace.output:
        final = numbers.format_value(trace.seed, lang=lang)
    elif info.requires_grad and info.id in trace.grads:
        final = numbers.format_value(trace.grads[info.id], lang=lang)
    else:
        final = t("render.no_gradient", lang)
    return {
        "name": graph.label(info.id),
        "shape": str(tuple(info.shape)),
        "value": numbers.format_value(info.value, lang=lang),
        "gradient": final,
        "complete": 0 if info.id == trace.output else (max(consumers) if consumers else None),
        "contributions": contributions,
    }


def element_count(trace: Trace) -> int:
    """How many elements ``trace``'s graph view has (value boxes, operations, edge cards),
    counted without building it.

    >>> from engine import Tensor, trace_backward
    >>> x = Tensor(2.0, name="x")
    >>> element_count(trace_backward(x * x))  # x, y; the op; two cards
    5
    """
    edges = sum(len(step.edges) for step in trace.steps)
    return len(trace.nodes) + len(trace.steps) + edges + len(_long_edges(trace))  # + copies


def build_scene(graph: RunGraph, lang: str = DEFAULT_LANG) -> Scene:
    """Every element and every version of every label of the run's graph (not laid out)."""
    trace = graph.trace
    arrivals: dict[int, list[int]] = {}
    for step in trace.steps:
        for edge in step.edges:
            if edge.downstream is not None:
                arrivals.setdefault(edge.input, []).append(step.number)
    elements: dict[str, Element] = {}
    inspect: dict[str, dict[str, Any]] = {}
    done_from: dict[int, int] = {trace.output: 0}
    for info in trace.nodes:
        name = f"v{info.id}"
        if info.kind == "constant":
            value_row = tensor_items(info.value, "muted", lang)
            head = () if graph.unnamed_constant(info.id) else ((0, (_name_row(graph, info),)),)
            parts = (*((head,) if head else ()), ((0, (value_row,)),))
            elements[name] = Element(name, "constant", parts)
            continue
        gradient = _gradient_versions(trace, info, arrivals.get(info.id, ()), lang)
        if info.requires_grad and info.id != trace.output and arrivals.get(info.id):
            done_from[info.id] = max(arrivals[info.id])
        parts = (
            ((0, (_name_row(graph, info),)),),
            ((0, (tensor_items(info.value, "value", lang),)),),
            gradient,
        )
        elements[name] = Element(name, "value", parts, done_from=done_from.get(info.id))
        inspect[name] = _inspect_value(graph, info, lang)
    wires: list[Wire] = []
    frames: dict[int, tuple[tuple[str, ...], tuple[str, ...]]] = {0: ((f"v{trace.output}",), ())}
    hide_nodes: dict[int, tuple[str, ...]] = {}
    proxied = _long_edges(trace)
    for step in trace.steps:
        info = trace.nodes[step.node]
        assert info.op is not None, "a step is an operation's turn"
        op = f"op{info.id}"
        s = step.number
        elements[op] = Element(
            op,
            "op",
            (
                ((0, ((Run(info.op.symbol, "op"),),)),),
                ((0, ((Run(t("graph.step", lang, n=s), "muted"),),)),),
            ),
            step=s,
        )
        wires.append(Wire(f"{op}->v{info.id}", op, f"v{info.id}", None, s))
        core, inputs = [op, f"v{info.id}"], []
        upstream_at = done_from.get(step.node, s)
        for edge in step.edges:
            tail = f"v{edge.input}"
            if (step.node, edge.index) in proxied:
                tail = f"v{edge.input}_to_{op}_{edge.index}"
                copy = (
                    (
                        0,
                        (
                            (Run(graph.label(edge.input), "name"),),
                            (Run(t("render.same_as_above", lang), "muted"),),
                        ),
                    ),
                )
                elements[tail] = Element(tail, "proxy", (copy,))
            card = f"card{info.id}_{edge.index}"
            elements[card] = Element(
                card, "card", _card_parts(step, edge, upstream_at, lang), step=s
            )
            flows = edge.downstream is not None
            wires.append(Wire(f"{tail}->{op}#{edge.index}", tail, op, card, s, flows))
            core.append(card)
            inputs.append(tail)
        frames[s] = (tuple(core), tuple(dict.fromkeys(inputs)))
        hide_nodes[s] = tuple(f"v{e.input}" for e in step.edges if e.downstream is not None)
    rankdir = "LR" if len(trace.steps) <= LEFT_TO_RIGHT_MAX_OPS else "TB"
    return Scene(elements, wires, len(trace.steps), frames, hide_nodes, inspect, rankdir, lang)


# -- layout ----------------------------------------------------------------------------------


def _inches(units: float) -> str:
    return f"{units / 72:.4f}"


def layout_dot(scene: Scene) -> str:
    """The DOT that fixes the layout: every element at its largest size, labels left out
    (``fixedsize``), each card a node on its wire."""
    lines = [
        "digraph layout {",
        f"  graph [rankdir={scene.rankdir}, nodesep=0.3, ranksep=0.35, margin=0];",
        '  node [label="", fixedsize=true, shape=box];',
        "  edge [arrowsize=0.9];",
    ]
    for element in scene.elements.values():
        w, h = element.size()
        shape = "ellipse" if element.kind == "op" else "box"
        lines.append(
            f'  "{element.name}" [shape={shape}, width={_inches(w)}, height={_inches(h)}];'
        )
    for wire in scene.wires:
        if wire.card is None:
            lines.append(f'  "{wire.tail}" -> "{wire.head}";')
        else:
            lines.append(f'  "{wire.tail}" -> "{wire.card}" [arrowhead=none];')
            lines.append(f'  "{wire.card}" -> "{wire.head}";')
    lines.append("}")
    return "\n".join(lines) + "\n"


#: The shape of a screen the layout aims for (width / height): of the two orientations,
#: the one whose drawing is nearer this shape is kept.
SCREEN_ASPECT = 1.6
#: Graphs up to this many elements are laid out both ways to pick the better one.
BOTH_WAYS_MAX_ELEMENTS = 400


def _dot_layout(scene: Scene, rankdir: str, timeout: float | None) -> Mapping[str, Any] | None:
    """``dot``'s layout of the scene in one orientation, or None (no dot, hung, failed)."""
    scene.rankdir = rankdir
    try:
        done = subprocess.run(
            ["dot", "-Tjson0"],
            input=layout_dot(scene),
            capture_output=True,
            encoding="utf-8",
            timeout=timeout,
        )
        return json.loads(done.stdout) if done.returncode == 0 else None
    except (OSError, subprocess.TimeoutExpired, ValueError):
        return None  # no dot, a hung or killed dot, or output we cannot read


def _aspect_miss(data: Mapping[str, Any], aspect: float) -> float:
    _, _, width, height = (float(v) for v in data["bb"].split(","))
    return abs(math.log(max(width, 1.0) / max(height, 1.0) / aspect))


def layout(
    scene: Scene, timeout: float | None = LAYOUT_TIMEOUT_SECONDS, aspect: float = SCREEN_ASPECT
) -> Scene:
    """Lay ``scene`` out with Graphviz's ``dot`` (each run within ``timeout`` seconds):
    left to right and top to bottom, keeping the one nearer the shape of the box it will be
    shown in (``aspect``, width / height; a large graph: its default orientation only).
    Without ``dot``, or when it fails, the graph is laid out here by :func:`layered_layout`.
    Returns the scene, laid out."""
    default = scene.rankdir
    both = len(scene.elements) <= BOTH_WAYS_MAX_ELEMENTS
    tried = []
    # One time limit for the whole layout: the second orientation gets what is left of it.
    deadline = None if timeout is None else time.monotonic() + timeout
    for rankdir in (default, "TB" if default == "LR" else "LR") if both else (default,):
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            break
        data = _dot_layout(scene, rankdir, left)
        if data is None:
            break
        tried.append((_aspect_miss(data, aspect), rankdir, data))
    if tried:
        _, rankdir, data = min(tried, key=lambda t: t[0])
        scene.rankdir = rankdir
        try:
            _read_dot_json(scene, data)
            scene.layout_engine = "dot"
            return scene
        except (KeyError, ValueError, IndexError):
            scene.positions.clear()
            scene.paths.clear()
            scene.arrows.clear()
    scene.rankdir = default
    layered_layout(scene)
    scene.layout_engine = "layered"
    return scene


def _point(text: str, height: float) -> Point:
    x, y, *_ = text.split(",")
    return float(x), height - float(y)  # dot's y axis points up


def _read_dot_json(scene: Scene, data: Mapping[str, Any]) -> None:
    _, _, width, height = (float(v) for v in data["bb"].split(","))
    names = {}
    for obj in data.get("objects", ()):
        names[obj["_gvid"]] = obj["name"]
        if obj["name"] in scene.elements:
            x, y = _point(obj["pos"], height)
            w, h = scene.elements[obj["name"]].size()
            scene.positions[obj["name"]] = (x - w / 2, y - h / 2, w, h)
    splines: dict[tuple[str, str], tuple[list[Point], Point | None]] = {}
    for edge in data.get("edges", ()):
        spec = edge["pos"].split()
        end = None
        if spec[0].startswith("e,"):
            end = _point(spec[0][2:], height)
            spec = spec[1:]
        points = [_point(p, height) for p in spec if not p.startswith("s,")]
        splines[(names[edge["tail"]], names[edge["head"]])] = (points, end)
    for wire in scene.wires:
        legs = (
            [(wire.tail, wire.head)]
            if wire.card is None
            else [(wire.tail, wire.card), (wire.card, wire.head)]
        )
        paths = []
        for leg in legs:
            points, end = splines[leg]
            paths.append(_bezier_path(points))
            if end is not None:
                scene.arrows[wire.name] = _arrow(points[-1], end)
        scene.paths[wire.name] = paths
    scene.bounds = (width, height)


def _bezier_path(points: Sequence[Point]) -> str:
    head, rest = points[0], points[1:]
    out = [f"M{head[0]:.1f},{head[1]:.1f}"]
    for i in range(0, len(rest) - 2, 3):
        (a, b), (c, d), (e, f) = rest[i : i + 3]
        out.append(f"C{a:.1f},{b:.1f} {c:.1f},{d:.1f} {e:.1f},{f:.1f}")
    return "".join(out)


def _arrow(start: Point, tip: Point) -> str:
    """An arrowhead's triangle from the end of a wire to its tip."""
    dx, dy = tip[0] - start[0], tip[1] - start[1]
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    base = (tip[0] - ux * 10, tip[1] - uy * 10)
    left = (base[0] - uy * 4.5, base[1] + ux * 4.5)
    right = (base[0] + uy * 4.5, base[1] - ux * 4.5)
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in (tip, left, right))


def layered_layout(scene: Scene) -> None:
    """A small layered layout for when ``dot`` is missing or fails: ranks by longest
    path, order within a rank by the mean place of the predecessors, straight-ish wires."""
    successors: dict[str, list[str]] = {n: [] for n in scene.elements}
    predecessors: dict[str, list[str]] = {n: [] for n in scene.elements}
    legs = []
    for wire in scene.wires:
        chain = [wire.tail, wire.head] if wire.card is None else [wire.tail, wire.card, wire.head]
        for a, b in zip(chain, chain[1:], strict=False):
            successors[a].append(b)
            predecessors[b].append(a)
            legs.append((a, b))
    rank: dict[str, int] = {}
    for name in _topological(successors, predecessors):
        rank[name] = max((rank[p] + 1 for p in predecessors[name]), default=0)
    by_rank: dict[int, list[str]] = {}
    for name, r in rank.items():
        by_rank.setdefault(r, []).append(name)
    place: dict[str, float] = {}
    for r in sorted(by_rank):
        names = by_rank[r]
        names.sort(
            key=lambda n: (
                sum(place.get(p, 0) for p in predecessors[n]) / max(1, len(predecessors[n]))
            )
        )
        for i, n in enumerate(names):
            place[n] = i
    across = scene.rankdir == "LR"
    gap_rank, gap_node = 36.0, 20.0
    offset = 0.0
    breadth = 0.0
    for r in sorted(by_rank):
        sizes = [scene.elements[n].size() for n in by_rank[r]]
        depth = max((w if across else h) for w, h in sizes)
        cursor = 0.0
        for n, (w, h) in zip(by_rank[r], sizes, strict=True):
            if across:
                scene.positions[n] = (offset + (depth - w) / 2, cursor, w, h)
                cursor += h + gap_node
            else:
                scene.positions[n] = (cursor, offset + (depth - h) / 2, w, h)
                cursor += w + gap_node
        breadth = max(breadth, cursor)
        offset += depth + gap_rank
    scene.bounds = (offset, breadth) if across else (breadth, offset)
    for wire in scene.wires:
        chain = [wire.tail, wire.head] if wire.card is None else [wire.tail, wire.card, wire.head]
        paths = []
        for a, b in zip(chain, chain[1:], strict=False):
            start, end = _port(scene, a, across, out=True), _port(scene, b, across, out=False)
            mid = ((start[0] + end[0]) / 2, (start[1] + end[1]) / 2)
            c1 = (mid[0], start[1]) if across else (start[0], mid[1])
            c2 = (mid[0], end[1]) if across else (end[0], mid[1])
            paths.append(_bezier_path([start, c1, c2, end]))
            if b == wire.head:
                scene.arrows[wire.name] = _arrow(c2, end)
        scene.paths[wire.name] = paths


def _port(scene: Scene, name: str, across: bool, out: bool) -> Point:
    x, y, w, h = scene.positions[name]
    if across:
        return (x + w if out else x, y + h / 2)
    return (x + w / 2, y + h if out else y)


def _topological(
    successors: Mapping[str, list[str]], predecessors: Mapping[str, list[str]]
) -> list[str]:
    waiting = {n: len(p) for n, p in predecessors.items()}
    ready = [n for n, k in waiting.items() if k == 0]
    order = []
    while ready:
        n = ready.pop()
        order.append(n)
        for m in successors[n]:
            waiting[m] -= 1
            if waiting[m] == 0:
                ready.append(m)
    return order
