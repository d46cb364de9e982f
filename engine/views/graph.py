"""The graph of one run: each node's id, label, source span and inputs, decided in one place.

The recorded pass numbers its nodes in creation order and labels them (a variable by
its name, another node ``op#id``); the program knows where each node was written
(``Program.spans``, keyed by ``Tensor.serial``). A :class:`RunGraph` joins the two
once per run, so every view (the step panel, the worked solution, the graph, the
slides, the chain-rule page) asks it, by node id, for a node's label and span.
It reads the trace's own records on demand, so building it costs nothing per node.

>>> from engine.core.autodiff import trace_backward
>>> from engine.language import parse_program
>>> program = parse_program("x = 3.0\\ny = x * 2\\nf = y + 1")
>>> graph = RunGraph(trace_backward(program.output), program)
>>> [graph.label(i) for i in range(len(graph))]
['x', 'const#1', 'y', 'const#2', 'f']
>>> graph.span(2), graph.named(2), graph.unnamed_constant(1)
(Span(line=2, col=5, end_line=2, end_col=10), True, True)
>>> RunGraph(graph.trace).span(2) is None  # a bare trace: no program, no spans
True
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from types import MappingProxyType

from engine.core.autodiff import Trace, graph_nodes
from engine.core.records import NodeInfo
from engine.core.tensor import Tensor
from engine.language import Program, Span

# Names given to constants nobody named: the language's "const#3", the engine's "2" / "const (3,)".
_AUTO_CONSTANT_NAME = re.compile(r"const(#\d+| \(.*\))")


class RunGraph:
    """A recorded pass's nodes with what the program says about them (when there is one).

    ``trace`` is the recorded pass; ``program`` the program it was recorded from (None for
    a pass recorded straight from tensors: no spans, no source, no variables).
    """

    def __init__(self, trace: Trace, program: Program | None = None) -> None:
        self.trace = trace
        self.program = program

    def __len__(self) -> int:
        return len(self.trace.nodes)

    def info(self, node_id: int) -> NodeInfo:
        """The trace's record of a node (its value, shape, operation and kind)."""
        return self.trace.nodes[node_id]

    def label(self, node_id: int) -> str:
        """A node's label: its variable's name, else ``op#id`` (``leaf#id``), or an unnamed
        constant's value (``2``, ``const (3,)``); the trace records it as it is made."""
        return self.trace.nodes[node_id].name

    def inputs(self, node_id: int) -> tuple[int, ...]:
        """The ids of a node's inputs, in argument order (the graph's edges into it)."""
        return self.trace.nodes[node_id].inputs

    def arrivals(self, node_id: int) -> tuple[int, ...]:
        """The steps that sent the node its gradient's contributions, in the pass's order
        (recorded with them, so no step is built to find them)."""
        return self.trace.consumer_steps.get(node_id, ())

    def span(self, node_id: int) -> Span | None:
        """Where the node was written in the program (None when unknown)."""
        return self.spans.get(node_id)

    @functools.cached_property
    def spans(self) -> Mapping[int, Span]:
        """Source spans keyed by node id (``Program.spans`` is keyed by ``Tensor.serial``)."""
        if self.program is None:
            return MappingProxyType({})
        by_serial = self.program.spans
        spans = {
            info.id: by_serial[info.serial] for info in self.trace.nodes if info.serial in by_serial
        }
        return MappingProxyType(spans)

    @property
    def source(self) -> str | None:
        """The program's text (None without a program)."""
        return None if self.program is None else self.program.source

    def named(self, node_id: int) -> bool:
        """Whether the node's label is a program variable that names this very node."""
        if self.program is None:
            return False
        info = self.trace.nodes[node_id]
        variable = self.program.variables.get(info.name)
        return variable is not None and variable.serial == info.serial

    def unnamed_constant(self, node_id: int) -> bool:
        """Whether the node is a constant nobody named (shown by its value, not its label)."""
        return _unnamed_constant(self.trace.nodes[node_id])

    @functools.cached_property
    def tensors(self) -> tuple[Tensor, ...]:
        """The program's tensors by node id (the recorded pass keeps only their records)."""
        if self.program is None:
            raise ValueError("a graph without its program has no tensors")
        every = tuple(graph_nodes(self.program.output, constants=True))
        assert [t.serial for t in every] == [info.serial for info in self.trace.nodes]
        return every


def _unnamed_constant(info: NodeInfo) -> bool:
    if info.kind != "constant":
        return False
    if _AUTO_CONSTANT_NAME.fullmatch(info.name):
        return True
    return info.shape == () and info.name == f"{float(info.value):g}"
