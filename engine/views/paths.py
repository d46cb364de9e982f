"""A program's graph for the chain-rule page: the nodes that need a gradient, their
parents and children, and the paths between them (which middles every path passes,
a path that avoids one, the longest chain).

Nodes are numbered as the recorded pass numbers them, and labelled as the run's graph
(``engine.views.graph.RunGraph``) labels them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from engine.core.tensor import Tensor
from engine.language import Program, Span, typed_lines
from engine.views.graph import RunGraph


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


def _snippet(lines: Sequence[str], span: Span | None) -> str:
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
    best = {start: (0, start)}  # node -> (length, the node before it on the longest path)
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
