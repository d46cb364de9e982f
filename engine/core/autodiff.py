"""The one traversal: reverse mode (fast or recorded), forward mode, finite differences.

Vocabulary, used exactly in code, UI and tests:

* **upstream**: the gradient of the output with respect to a node's value
  (shape ``node.shape``);
* **local**: a node's Jacobian with respect to one input, shape
  ``out.shape + in.shape`` (:class:`LocalJacobian`, built only on request);
* **downstream**: upstream · local, summed over the output's indices and then
  back to the input's shape if it was broadcast (``ops.unbroadcast``).

The reverse pass visits nodes in reverse creation order. A node is always
created after its inputs, so this is a reverse topological order: a node fires
only after every consumer has added its contribution to its upstream. The
order is deterministic, needs no recursion (a 10,000-node chain is fine) and
keeps no "visited" flags on nodes.

>>> from engine import Tensor
>>> x = Tensor([1.0, 2.0], name="x")
>>> y = (x * 3.0).tanh().sum()
>>> trace = trace_backward(y)
>>> [trace.node(s.node).op.name for s in trace.steps]
['sum', 'tanh', 'mul']
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import attrgetter
from types import MappingProxyType
from typing import Any, NamedTuple, overload

import numpy as np

from engine.core.errors import ArgumentError, EngineError, LimitError
from engine.core.ops import Op, Params, Structure, Value, Values, unbroadcast
from engine.core.tensor import Tensor
from engine.i18n import Message

#: Above this many entries a local Jacobian is only described, never built.
JACOBIAN_CAP = 1_000_000

#: A full Jacobian pushes many seeds through one pass at once, each carrying one
#: array per node; the seeds of one pass hold at most this many elements in all
#: (32 MiB of float64). Above it the seeds are split into chunks, one pass each.
JACOBIAN_BATCH_ELEMENTS = 4_000_000


# -- the graph -----------------------------------------------------------------


def graph_nodes(output: Tensor, constants: bool = True) -> list[Tensor]:
    """Every tensor the output depends on, in creation (topological) order.

    With ``constants=False`` only tensors that need a gradient are kept: the
    backward pass never looks at the others, so they cost nothing there.
    """
    seen = {output.serial: output}
    stack = [output]
    while stack:
        node = stack.pop()
        for x in node.inputs:
            if x.serial not in seen and (constants or x.requires_grad):
                seen[x.serial] = x
                stack.append(x)
    return list(map(seen.__getitem__, sorted(seen)))  # sorted by serial: creation order


# C-level getters: the passes below call them once per node (a Python-level
# comprehension or key function would cost a frame each)
_data = attrgetter("data")
_serial = attrgetter("serial")
_requires_grad = attrgetter("requires_grad")


def _seed(output: Tensor, grad: Any) -> np.ndarray:
    if grad is None:
        return np.ones(output.shape)
    seed = np.asarray(grad.data if isinstance(grad, Tensor) else grad, dtype=np.float64)
    if seed.shape != output.shape:
        raise ArgumentError(Message("core.backward.seed_shape", a=seed.shape, b=output.shape))
    return seed


# -- reverse mode --------------------------------------------------------------


def _reverse(
    nodes: list[Tensor],
    output: Tensor,
    seed: np.ndarray,
    record: list[Any] | None = None,
    batch: int = 0,
    only: set[int] | None = None,
    deadline: float | None = None,
) -> dict[int, np.ndarray]:
    """Run the reverse pass; return each node's full upstream, keyed by serial.

    ``nodes`` is ``graph_nodes(output, constants=False)``. Each node's upstream is
    popped when the node fires, used for its inputs' downstream gradients and
    kept in the result (the caller picks what it needs). With ``record``, each
    step is appended to it as plain data, flat (no container per step): the
    node, its upstream, then per input its downstream (None for an input that
    needs no gradient; ``(downstream, raw shape)`` for one that was summed back
    from a broadcast shape). :class:`_Steps` reads it back. With ``batch``
    leading axes on the seed, every upstream carries them too: one pass for
    many seeds. With ``only`` (serials), downstreams go to those inputs alone
    (``nodes`` must then hold only such nodes). With ``deadline`` (a
    ``time.monotonic()`` value) a node that would fire after it raises ``LimitError``
    (limit ``"seconds"``, ``serial`` the node's).
    """
    upstreams: dict[int, np.ndarray] = {output.serial: seed}
    finished: dict[int, np.ndarray] = {}
    keep = None if record is None else record.append
    for node in reversed(nodes):
        if deadline is not None and time.monotonic() > deadline:
            raise LimitError(Message("core.limit.backward_time"), "seconds", node.serial)
        upstream = upstreams.pop(node.serial)
        finished[node.serial] = upstream
        op = node.op
        if op is None:
            continue
        inputs = node.inputs
        xs = tuple(map(_data, inputs))
        if keep is not None:
            keep(node)
            keep(upstream)
        for i, x in enumerate(inputs):
            if not x.requires_grad or (only is not None and x.serial not in only):
                if keep is not None:
                    keep(None)
                continue
            # a node with an op always has its params (None only on leaves and constants)
            downstream = op.vjp(upstream, i, xs, node.data, node.params)  # type: ignore[arg-type]
            raw_shape = downstream.shape  # vjp rules return arrays or numpy scalars
            if raw_shape != x.data.shape:
                downstream = unbroadcast(downstream, x.data.shape, batch)
                if keep is not None:
                    keep((downstream, raw_shape))
            elif keep is not None:
                keep(downstream)
            key = x.serial
            if key in upstreams:
                upstreams[key] = upstreams[key] + downstream
            else:
                upstreams[key] = downstream
    return finished


def backward(output: Tensor, grad: Any = None) -> None:
    """The fast path: fill and accumulate ``.grad`` on the leaves; record nothing else."""
    if not output.requires_grad:
        raise EngineError(Message("core.backward.no_gradient"))
    nodes = graph_nodes(output, constants=False)
    seed = _seed(output, grad)
    upstreams = _reverse(nodes, output, seed)
    handed: set[int] = {id(seed)}  # arrays someone else may hold: never hand them out
    for node in nodes:
        if node.op is None:
            upstream = upstreams[node.serial]
            if node.grad is None:
                node.grad = _owned(upstream, handed)
            else:
                node.grad = node.grad + upstream


def _owned(array: Any, handed: set[int]) -> np.ndarray:
    """``array`` itself when nobody else can hold it, else a copy the user may own.

    A rule's fresh result is handed over without copying (a copy of W4's
    gradients costs 24 MiB a step); a view, the seed, a numpy scalar or an
    array already given to another leaf (add passes its upstream to both
    inputs) is copied.
    """
    if type(array) is np.ndarray and array.base is None and id(array) not in handed:
        handed.add(id(array))
        return array
    return np.array(array, dtype=np.float64)


# -- the recorded pass ------------------------------------------------------------


class LocalJacobian:
    """A node's local Jacobian with respect to one input, described lazily.

    Its shape is ``out.shape + in.shape``; for a broadcast input the broadcast
    axes are already summed (so it is not the identity). Nothing is built until
    :meth:`materialize` is called, and never above ``JACOBIAN_CAP`` entries.
    """

    __slots__ = ("op", "index", "_xs", "_out", "_params", "out_shape", "in_shape", "_structure")

    def __init__(self, op: Op, index: int, xs: Values, out: Value, params: Params):
        self.op = op
        self.index = index
        self._xs = xs
        self._out = out
        self._params = params
        self.out_shape: tuple[int, ...] = out.shape  # arrays or numpy scalars: both have it
        self.in_shape: tuple[int, ...] = xs[index].shape
        self._structure: Structure | None = None

    @property
    def shape(self) -> tuple[int, ...]:
        return self.out_shape + self.in_shape

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @property
    def matrix_shape(self) -> tuple[int, int]:
        """(output entries, input entries): the Jacobian flattened to a matrix."""
        return math.prod(self.out_shape), math.prod(self.in_shape)

    @property
    def structure(self) -> Structure:
        if self._structure is None:
            self._structure = self.op.structure(self.index, self._xs, self._out, self._params)
        return self._structure

    @property
    def formula(self) -> str:
        formulas = self.op.formula
        return formulas[self.index] if len(formulas) > self.index else formulas[0]

    @property
    def note(self) -> Message:
        """The operation's one-line note (the catalogue's ``op.<name>.note``)."""
        return Message(f"op.{self.op.name}.note")

    def materialize(self, cap: int = JACOBIAN_CAP) -> np.ndarray | None:
        """The explicit Jacobian, or None when it has more than ``cap`` entries."""
        if self.size > cap:
            return None
        return np.asarray(self.op.jacobian(self.index, self._xs, self._out, self._params))

    def __repr__(self) -> str:
        return f"LocalJacobian({self.op.name}, input {self.index}, shape {self.shape})"


# The records below are NamedTuples: immutable like frozen dataclasses, and about
# three times cheaper to build, which keeps recording within 2x of the fast pass.


class NodeInfo(NamedTuple):
    """One node of the recorded graph; ``id`` is its place in creation order."""

    id: int
    name: str
    op: Op | None
    shape: tuple[int, ...]
    value: np.ndarray
    inputs: tuple[int, ...]
    requires_grad: bool
    serial: int

    @property
    def kind(self) -> str:
        if self.op is not None:
            return "op"
        return "leaf" if self.requires_grad else "constant"


class Edge(NamedTuple):
    """One input edge of a step: the local Jacobian and the downstream gradient.

    ``downstream`` is None for an input that needs no gradient. ``raw_shape``
    is the downstream's shape before it was summed back to the input's shape;
    it differs from ``in_shape`` exactly when the input was broadcast.
    """

    input: int
    index: int  # type: ignore[assignment]  # the input's position (shadows tuple.index)
    local: LocalJacobian
    downstream: np.ndarray | None
    raw_shape: tuple[int, ...] | None

    @property
    def in_shape(self) -> tuple[int, ...]:
        return self.local.in_shape

    @property
    def broadcast(self) -> bool:
        return self.raw_shape is not None and self.raw_shape != self.local.in_shape


class Contribution(NamedTuple):
    """What one consumer edge sent back to a node: a term of its upstream."""

    consumer: int
    index: int  # type: ignore[assignment]  # the input's position (shadows tuple.index)
    value: np.ndarray


class Step(NamedTuple):
    """One node's turn in the backward pass (``number`` counts from 1)."""

    number: int
    node: int
    upstream: np.ndarray
    contributions: tuple[Contribution, ...]
    edges: tuple[Edge, ...]

    @property
    def is_seed(self) -> bool:
        return not self.contributions


#: (contributions, consumer steps) per node id: what a node received, and from which steps
_Links = tuple[Mapping[int, tuple[Contribution, ...]], Mapping[int, tuple[int, ...]]]


class _Steps(Sequence[Step]):
    """The steps of a trace, each built from the pass's plain data when first read.

    Recording stays cheap (a 200-node pass costs about as much recorded as
    not), and a UI that shows one step at a time builds only what it shows.
    The data never changes, so neither does a step once built.
    """

    __slots__ = ("_raw", "_ids", "_starts", "_built", "_links")

    def __init__(self, raw: list[Any], ids: Mapping[Tensor, int]):
        self._raw = raw  # flat, as _reverse records it: node, upstream, one entry per input
        self._ids = ids
        self._starts: list[int] | None = None  # where each step's entries begin in raw
        self._built: list[Step | None] | None = None
        self._links: _Links | None = None

    def _entries(self) -> list[int]:
        """Where each step begins in the flat record (worked out once, on first read)."""
        if self._starts is None:
            raw, starts, at = self._raw, [], 0
            while at < len(raw):
                starts.append(at)
                at += 2 + len(raw[at].inputs)
            self._starts = starts
            self._built = [None] * len(starts)
        return self._starts

    def _raw_step(self, k: int) -> tuple[Tensor, np.ndarray, list[tuple[int, Any, Any]]]:
        """Step k's node, upstream and edges ``(input index, downstream, raw shape)``."""
        at = self._entries()[k]
        node, upstream = self._raw[at], self._raw[at + 1]
        edges = []
        for i, entry in enumerate(self._raw[at + 2 : at + 2 + len(node.inputs)]):
            if type(entry) is tuple:  # summed back from a broadcast shape
                edges.append((i, entry[0], entry[1]))
            elif entry is None:  # an input that needs no gradient
                edges.append((i, None, None))
            else:
                edges.append((i, entry, entry.shape))
        return node, upstream, edges

    def links(self) -> _Links:
        """(contributions, consumer steps) per node id, worked out once from the record.

        Each downstream gradient is a contribution to its input's upstream, in
        the order the pass added them; a node's step lists the ones it received.
        """
        if self._links is None:
            ids = self._ids
            contributions: dict[int, list[Contribution]] = {}
            steps: dict[int, list[int]] = {}
            for number in range(1, len(self) + 1):
                node, _, edges = self._raw_step(number - 1)
                consumer = ids[node]
                for i, downstream, _ in edges:
                    if downstream is not None:
                        input_id = ids[node.inputs[i]]
                        contributions.setdefault(input_id, []).append(
                            Contribution(consumer, i, downstream)
                        )
                        steps.setdefault(input_id, []).append(number)
            self._links = (
                MappingProxyType({k: tuple(v) for k, v in contributions.items()}),
                MappingProxyType({k: tuple(v) for k, v in steps.items()}),
            )
        return self._links

    def __len__(self) -> int:
        return len(self._entries())

    @overload
    def __getitem__(self, k: int) -> Step: ...

    @overload
    def __getitem__(self, k: slice) -> tuple[Step, ...]: ...

    def __getitem__(self, k: int | slice) -> Step | tuple[Step, ...]:
        if isinstance(k, slice):
            return tuple(self[i] for i in range(*k.indices(len(self))))
        self._entries()
        built = self._built
        assert built is not None  # set by _entries()
        step = built[k]
        if step is None:
            step = built[k] = self._build(k % len(self))
        return step

    def _build(self, k: int) -> Step:
        node, upstream, raw_edges = self._raw_step(k)
        op, params = node.op, node.params
        assert op is not None and params is not None  # every step is an operation's
        xs = tuple(map(_data, node.inputs))  # what the pass used: values never change
        ids = self._ids
        node_id = ids[node]
        edges = tuple(
            Edge(
                ids[node.inputs[i]],
                i,
                LocalJacobian(op, i, xs, node.data, params),
                downstream,
                raw_shape,
            )
            for i, downstream, raw_shape in raw_edges
        )
        contributions = self.links()[0].get(node_id, ())
        return Step(k + 1, node_id, upstream, contributions, edges)

    def __repr__(self) -> str:
        return f"<{len(self)} steps>"


@dataclass(frozen=True)
class Trace(Sequence[Step]):
    """The recorded backward pass: immutable data that a UI steps through by number.

    It is the sequence of its steps (``len``, iteration, ``trace[0]``,
    ``trace[1:3]`` as a tuple), which are also ``trace.steps``; ``nodes``,
    ``output``, ``seed`` and ``grads`` describe the graph around them.
    """

    nodes: tuple[NodeInfo, ...]
    steps: _Steps
    output: int
    seed: np.ndarray
    grads: Mapping[int, np.ndarray]

    def __len__(self) -> int:
        return len(self.steps)

    @overload
    def __getitem__(self, k: int) -> Step: ...

    @overload
    def __getitem__(self, k: slice) -> tuple[Step, ...]: ...

    def __getitem__(self, k: int | slice) -> Step | tuple[Step, ...]:
        return self.steps[k]

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    @property
    def contributions(self) -> Mapping[int, tuple[Contribution, ...]]:
        """Per node id, what each consumer edge sent back to it, in the pass's order."""
        return self.steps.links()[0]

    @property
    def consumer_steps(self) -> Mapping[int, tuple[int, ...]]:
        """Per node id, the number (1-based) of the step that sent each of its contributions,
        in the order of :attr:`contributions`: after step k, those numbered up to k arrived."""
        return self.steps.links()[1]

    def _repr_html_(self) -> str:
        """A notebook shows a recorded pass as its stepping graph (``engine.show``)."""
        from engine.views.notebook import GraphView

        return GraphView(self)._repr_html_()

    def node(self, node_id: int) -> NodeInfo:
        return self.nodes[node_id]

    def by_name(self, name: str) -> NodeInfo:
        for info in self.nodes:
            if info.name == name:
                return info
        raise KeyError(name)

    def gradient_after(self, node_id: int, k: int) -> tuple[np.ndarray | None, int, int]:
        """What is known of a node's gradient after ``k`` steps.

        Returns (gradient or None, contributions received, contributions
        expected). The gradient is None ("not yet computed", shown as "?")
        until every consumer has sent its contribution; the output's seed is
        given before the first step. Constants have no gradient: (None, 0, 0).
        """
        if node_id == self.output:
            return self.seed, 0, 0
        info = self.nodes[node_id]
        if not info.requires_grad:
            return None, 0, 0
        consumer_steps = self.consumer_steps.get(node_id, ())
        received = sum(1 for s in consumer_steps if s <= k)
        if received < len(consumer_steps):
            return None, received, len(consumer_steps)
        return self.grads[node_id], received, len(consumer_steps)

    def partial_after(self, node_id: int, k: int) -> np.ndarray | None:
        """The sum of the contributions a node has received after ``k`` steps (None if none)."""
        terms = [
            c.value
            for c, s in zip(
                self.contributions.get(node_id, ()),
                self.consumer_steps.get(node_id, ()),
                strict=True,
            )
            if s <= k
        ]
        if not terms:
            return None
        total = terms[0]
        for term in terms[1:]:
            total = total + term
        return total


_tuple_new = tuple.__new__
_numbers: list[str] = []  # "#0", "#1", ...: the suffixes of unnamed nodes' labels


def _numbered(count: int) -> list[str]:
    """``_numbers`` with at least ``count`` entries (made once, reused by every trace)."""
    if len(_numbers) < count:
        _numbers.extend(f"#{k}" for k in range(len(_numbers), max(count, 2 * len(_numbers))))
    return _numbers


def _label(t: Tensor, node_id: int) -> str:
    if t.name:
        return t.name
    if t.op is not None:
        return t.op.name + _numbered(node_id + 1)[node_id]  # as trace_backward writes it
    if not t.requires_grad:
        return _short_value(t.data)
    return f"leaf#{node_id}"


def _short_value(value: Any) -> str:
    array = np.asarray(value)
    if array.ndim == 0:
        return f"{float(array):g}"
    return f"const {array.shape}"


def trace_backward(output: Tensor, grad: Any = None, *, deadline: float | None = None) -> Trace:
    """The recorded backward pass from ``output``, step by step, as immutable data.

    It runs the same traversal as ``.backward()`` (so the leaves' gradients are
    identical to the last bit) but leaves ``.grad`` untouched. One step per
    operation node, in the order the engine runs them; leaves and constants
    have no step of their own: their gradients arrive on the steps' edges.
    With ``deadline`` (a ``time.monotonic()`` value) the pass stops with
    ``LimitError`` (limit ``"seconds"``) at the first node that would fire after it.
    """
    all_nodes = graph_nodes(output, constants=True)
    ids = dict(zip(all_nodes, range(len(all_nodes)), strict=True))  # tensor -> node id
    infos = _node_infos(all_nodes, ids)
    seed = _seed(output, grad)
    raw: list[Any] = []
    upstreams: dict[int, np.ndarray] = {}
    if output.requires_grad:
        nodes = list(compress(all_nodes, map(_requires_grad, all_nodes)))
        upstreams = _reverse(nodes, output, seed, raw, deadline=deadline)
    return Trace(
        nodes=infos,
        steps=_Steps(raw, ids),
        output=ids[output],
        seed=seed,
        grads=_Gradients(upstreams, infos),
    )


def _node_infos(all_nodes: list[Tensor], ids: dict[Tensor, int]) -> tuple[NodeInfo, ...]:
    """One NodeInfo per node, in creation order.

    This is most of what recording adds to the pass, so it is written out: no
    frame or iterator per node where it can be helped.
    """
    numbers = _numbered(len(all_nodes))
    id_of = ids.__getitem__
    infos = []
    inputs: tuple[int, ...]
    for i, t in enumerate(all_nodes):
        op = t.op
        if op is None:  # a leaf or a constant: no inputs
            name, inputs = t.name or _label(t, i), ()
        else:
            name, xs = t.name or op.name + numbers[i], t.inputs
            if len(xs) == 2:
                inputs = (id_of(xs[0]), id_of(xs[1]))
            elif len(xs) == 1:
                inputs = (id_of(xs[0]),)
            else:
                inputs = tuple(map(id_of, xs))
        data = t.data
        # NodeInfo(...) field by field, without the NamedTuple's Python-level __new__
        infos.append(
            _tuple_new(NodeInfo, (i, name, op, data.shape, data, inputs, t.requires_grad, t.serial))
        )
    return tuple(infos)


class _Gradients(Mapping[int, np.ndarray]):
    """A trace's gradients by node id: a read-only view of the pass's upstreams (kept by
    serial), so recording does not copy them into a second dict."""

    __slots__ = ("_upstreams", "_nodes")

    def __init__(self, upstreams: dict[int, np.ndarray], nodes: tuple[NodeInfo, ...]):
        self._upstreams = upstreams
        self._nodes = nodes

    def __getitem__(self, node_id: int) -> np.ndarray:
        if type(node_id) is not int or not 0 <= node_id < len(self._nodes):
            raise KeyError(node_id)
        return self._upstreams[self._nodes[node_id].serial]  # KeyError: no gradient

    def __iter__(self) -> Iterator[int]:
        upstreams = self._upstreams
        return (info.id for info in self._nodes if info.serial in upstreams)

    def __len__(self) -> int:
        return len(self._upstreams)

    def __repr__(self) -> str:
        return f"<gradients of {len(self)} nodes>"


# -- forward mode and replay ---------------------------------------------------------


def forward_tangents(nodes: list[Tensor], wrt: Tensor, tangent: np.ndarray) -> dict[int, Any]:
    """Forward mode: push a tangent from ``wrt`` through the nodes made after it (one JVP
    each); returns each reached node's tangent, keyed by serial.

    ``nodes`` is ``graph_nodes(output, constants=True)``. ``tangent`` has ``wrt``'s
    shape, or leading batch axes in front of it: many tangents pushed at once, each
    node's tangent carrying the same batch axes. A node that does not depend on ``wrt``
    has no entry (its tangent is zero).

    >>> from engine import Tensor
    >>> x = Tensor([1.0, 2.0])
    >>> y = x * x
    >>> forward_tangents(graph_nodes(y), x, np.array([1.0, 0.0]))[y.serial].tolist()
    [2.0, 0.0]
    """
    tangents: dict[int, Any] = {wrt.serial: tangent}
    for node in nodes:
        if node.serial <= wrt.serial or node.op is None:
            continue
        ts = tuple(map(tangents.get, map(_serial, node.inputs)))
        if all(t is None for t in ts):
            continue
        xs = tuple(map(_data, node.inputs))
        tangents[node.serial] = node.op.jvp(ts, xs, node.data, node.params)  # type: ignore[arg-type]
    return tangents


def replay_values(nodes: list[Tensor], overrides: Mapping[int, np.ndarray]) -> dict[int, Any]:
    """Every node's value recomputed with some values replaced, keyed by serial (the
    graph is untouched): what finite differences and "what if" views evaluate.

    ``nodes`` is ``graph_nodes(output, constants=True)``; ``overrides`` maps serials to
    their new values; only the nodes made after the first overridden one are recomputed.

    >>> from engine import Tensor
    >>> x = Tensor([1.0, 2.0])
    >>> y = (x * x).sum()
    >>> float(replay_values(graph_nodes(y), {x.serial: np.array([3.0, 4.0])})[y.serial])
    25.0
    """
    start = min(overrides)
    values: dict[int, Any] = {}
    for node in nodes:
        if node.serial in overrides:
            values[node.serial] = overrides[node.serial]
        elif node.op is None or node.serial < start:
            values[node.serial] = node.data
        else:
            xs = tuple(values[x.serial] for x in node.inputs)
            values[node.serial] = node.op.forward(xs, node.params)  # type: ignore[arg-type]
    return values


# -- full Jacobians -------------------------------------------------------------------


def _check_wrt(output: Tensor, wrt: Tensor) -> None:
    if not isinstance(wrt, Tensor) or not wrt.requires_grad:
        raise ArgumentError(Message("core.jacobian.wrt"))


def _seeds(count: int, start: int, stop: int, shape: tuple[int, ...]) -> np.ndarray:
    """Seeds ``start..stop-1`` of the ``count`` one-hot seeds of ``shape``, stacked on axis 0."""
    seeds = np.zeros((stop - start, count))
    seeds[np.arange(stop - start), np.arange(start, stop)] = 1.0
    return seeds.reshape((stop - start,) + shape)


def _depending_on(nodes: list[Tensor], wrt: Tensor) -> set[int]:
    """The serials of ``wrt`` and of the nodes (in creation order) that depend on it."""
    found = {wrt.serial}
    for node in nodes:
        if node.serial > wrt.serial and any(x.serial in found for x in node.inputs):
            found.add(node.serial)
    return found


def _chunks(count: int, nodes: list[Tensor], budget: int) -> list[tuple[int, int]]:
    """The ``(start, stop)`` ranges of seeds that go through one pass together: as many
    as fit in ``budget`` elements, each seed carrying one array per node."""
    per_seed = max(1, sum(n.data.size for n in nodes))
    size = max(1, budget // per_seed)
    return [(start, min(count, start + size)) for start in range(0, count, size)]


def jacobian(
    output: Tensor,
    wrt: Tensor,
    mode: str = "reverse",
    *,
    return_passes: bool = False,
    batch_elements: int = JACOBIAN_BATCH_ELEMENTS,
) -> np.ndarray | tuple[np.ndarray, int]:
    """The generalized Jacobian of ``output`` w.r.t. ``wrt``: shape ``output.shape + wrt.shape``.

    ``mode="reverse"`` builds it from vector-Jacobian products, one per output
    entry (a row each); ``mode="forward"`` from Jacobian-vector products, one per
    input entry (a column each). The one-hot seeds go through the pass together,
    stacked on a leading batch axis that every rule carries along (see
    :mod:`engine.core.ops`), in chunks of at most ``batch_elements`` elements per
    pass. ``wrt`` may be a leaf or any intermediate node. With
    ``return_passes=True`` the number of passes actually run is returned too: 1,
    or the number of chunks (0 in reverse mode when ``output`` does not depend
    on ``wrt``, or when there is no row or column at all).

    >>> from engine import Tensor
    >>> x = Tensor([1.0, 2.0])
    >>> jacobian(x * x, x).tolist()
    [[2.0, 0.0], [0.0, 4.0]]
    >>> jacobian(x * x, x, mode="forward", return_passes=True)[1]
    1
    """
    _check_wrt(output, wrt)
    out_shape, in_shape = output.shape, wrt.shape
    rows, cols = math.prod(out_shape), math.prod(in_shape)
    matrix = np.zeros((rows, cols))
    passes = 0
    if mode == "reverse":
        nodes = graph_nodes(output, constants=False) if output.requires_grad else []
        if any(n.serial == wrt.serial for n in nodes):  # else d output / d wrt is zero
            # only the nodes on a path from wrt to the output: no other gradient is needed
            # (a weight matrix's would cost rows × its size)
            between = _depending_on(nodes, wrt)
            nodes = [n for n in nodes if n.serial in between]
            for start, stop in _chunks(rows, nodes, batch_elements):
                seeds = _seeds(rows, start, stop, out_shape)
                upstreams = _reverse(nodes, output, seeds, batch=1, only=between)
                matrix[start:stop] = np.reshape(upstreams[wrt.serial], (stop - start, cols))
                passes += 1
    elif mode == "forward":
        nodes = graph_nodes(output, constants=True)
        for start, stop in _chunks(cols, [n for n in nodes if n.op is not None], batch_elements):
            tangents = forward_tangents(nodes, wrt, _seeds(cols, start, stop, in_shape))
            passes += 1
            result = tangents.get(output.serial)
            if result is not None:
                columns = np.broadcast_to(result, (stop - start,) + out_shape)
                matrix[:, start:stop] = np.reshape(columns, (stop - start, rows)).T
    else:
        raise ArgumentError(Message("core.jacobian.mode", mode=mode))
    result = matrix.reshape(out_shape + in_shape)
    return (result, passes) if return_passes else result


def _central_differences(
    nodes: list[Tensor], output: Tensor, wrt: Tensor, eps: float
) -> Iterator[np.ndarray]:
    """For each entry j of ``wrt``: (f(x + eps·e_j) − f(x − eps·e_j)) / 2·eps, by replay."""
    base = np.array(wrt.data, dtype=np.float64)
    flat = base.reshape(-1)
    for j in range(flat.size):
        plus, minus = flat.copy(), flat.copy()
        plus[j] += eps
        minus[j] -= eps
        f_plus = replay_values(nodes, {wrt.serial: plus.reshape(base.shape)})[output.serial]
        f_minus = replay_values(nodes, {wrt.serial: minus.reshape(base.shape)})[output.serial]
        yield (np.asarray(f_plus) - np.asarray(f_minus)) / (2 * eps)


def numerical_jacobian(output: Tensor, wrt: Tensor, eps: float = 1e-6) -> np.ndarray:
    """The Jacobian by float64 central differences: two forward replays per input entry."""
    nodes = graph_nodes(output, constants=True)
    if not any(n.serial == wrt.serial for n in nodes):
        return np.zeros(output.shape + wrt.shape)
    columns = [c.reshape(-1) for c in _central_differences(nodes, output, wrt, eps)]
    rows = math.prod(output.shape)
    matrix = np.stack(columns, axis=1) if columns else np.zeros((rows, 0))
    return matrix.reshape(output.shape + wrt.shape)


@dataclass(frozen=True, slots=True)
class GradcheckResult:
    """Analytic against numerical gradient for one tensor."""

    name: str
    analytic: np.ndarray
    numerical: np.ndarray
    max_abs_error: float
    max_rel_error: float


#: Replaying an operation costs at least this much work, however small it is: the
#: Python call around numpy takes a few microseconds, about as long as numpy takes to
#: touch this many elements.
OP_OVERHEAD_WORK = 5_000


def forward_work(node: Tensor) -> int:
    """The work of recomputing one operation, in element operations.

    The elements it reads and writes; for a matrix product the multiply-adds
    (output entries × the summed axis); never less than :data:`OP_OVERHEAD_WORK`.

    >>> from engine import Tensor
    >>> a = Tensor(np.ones((300, 200)))
    >>> forward_work(a @ np.ones((200, 100))), forward_work(a.exp()), forward_work(a[0])
    (6000000, 120000, 60200)
    """
    if node.op is None:
        return 0
    out = int(np.size(node.data))
    if node.op.name in ("matmul", "dot"):
        left = np.shape(node.inputs[0].data)
        work = out * (left[-1] if left else 1)
    else:
        work = out + sum(int(np.size(x.data)) for x in node.inputs)
    return max(work, OP_OVERHEAD_WORK)


def gradcheck_work(output: Tensor, wrt: Tensor) -> int:
    """The work of checking ``wrt`` by central differences, before doing any of it.

    Two replays per entry of ``wrt``; a replay recomputes every operation made
    after ``wrt`` (see :func:`replay_values`), each costing :func:`forward_work`.

    >>> from engine import Tensor
    >>> x = Tensor(np.ones(1000))
    >>> gradcheck_work((x * x).sum(), x) == 2 * 1000 * (5000 + 5000)  # two small operations
    True
    """
    nodes = graph_nodes(output, constants=True)
    replay = sum(forward_work(node) for node in nodes if node.serial > wrt.serial)
    return 2 * int(np.size(wrt.data)) * replay


def gradcheck(
    output: Tensor,
    wrt: Iterable[Tensor] | None = None,
    eps: float = 1e-6,
    *,
    deadline: float | None = None,
) -> dict[str, GradcheckResult]:
    """Compare the reverse pass with central differences for every leaf (or ``wrt``).

    The output is seeded with ones (a non-scalar output is checked as its
    sum). The relative error is the largest ``|a − n|`` over the largest
    ``|a|`` or ``|n|`` of the tensor (at least 1e-12), so tiny entries do not
    inflate it.
    ``.grad`` is left untouched. With ``deadline`` (a ``time.monotonic()`` value)
    the check raises ``LimitError`` (limit ``"seconds"``) at the first entry
    that would start after it.

    >>> from engine import Tensor
    >>> x = Tensor([0.5, -1.0], name="x")
    >>> result = gradcheck((x.tanh() * x).sum())["x"]
    >>> result.max_rel_error < 1e-7
    True
    """
    if not output.requires_grad:
        return {}
    nodes = graph_nodes(output, constants=False)
    targets = list(wrt) if wrt is not None else [n for n in nodes if n.op is None]
    seed = np.ones(output.shape)
    upstreams = _reverse(nodes, output, seed)
    all_nodes = graph_nodes(output, constants=True)
    results = {}
    for i, t in enumerate(targets):
        analytic = np.asarray(upstreams.get(t.serial, np.zeros(t.shape)), dtype=np.float64)
        # The output seeded with ones is checked as its sum.
        sums = []
        for difference in _central_differences(all_nodes, output, t, eps):
            sums.append(np.sum(difference))
            if deadline is not None and time.monotonic() > deadline:
                raise LimitError(Message("core.limit.gradcheck_time"), limit="seconds")
        numerical = np.array(sums, dtype=np.float64).reshape(t.shape)
        error = np.abs(analytic - numerical)
        largest = float(max(np.abs(analytic).max(initial=0.0), np.abs(numerical).max(initial=0.0)))
        max_abs = float(error.max(initial=0.0))
        name = t.name or f"tensor#{i}"
        results[name] = GradcheckResult(
            name=name,
            analytic=analytic,
            numerical=numerical,
            max_abs_error=max_abs,
            max_rel_error=max_abs / max(largest, 1e-12),
        )
    return results
