"""The one traversal: reverse mode (fast or recorded), forward mode and replay.

Vocabulary, used exactly in code, UI and tests:

* **upstream**: the gradient of the output with respect to a node's value
  (shape ``node.shape``);
* **local**: a node's Jacobian with respect to one input, shape
  ``out.shape + in.shape`` (``records.LocalJacobian``, built only on request);
* **downstream**: upstream · local, summed over the output's indices and then
  back to the input's shape if it was broadcast (``ops.unbroadcast``).

The reverse pass visits nodes in reverse creation order. A node is always
created after its inputs, so this is a reverse topological order: a node fires
only after every consumer has added its contribution to its upstream. The
order is deterministic, needs no recursion (a 10,000-node chain is fine) and
keeps no "visited" flags on nodes. The records it produces are in
:mod:`engine.core.records`; whole Jacobians and the gradient check, built on
these passes, in :mod:`engine.core.jacobian`.

>>> from engine import Tensor
>>> x = Tensor([1.0, 2.0], name="x")
>>> y = (x * 3.0).tanh().sum()
>>> trace = trace_backward(y)
>>> [trace.node(s.node).op.name for s in trace.steps]
['sum', 'tanh', 'mul']
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from heapq import heappop as _heappop
from heapq import heappush as _heappush
from operator import attrgetter
from types import MappingProxyType
from typing import Any, overload

import numpy as np

from engine.core.errors import ArgumentError, EngineError, LimitError
from engine.core.ops import Op, unbroadcast
from engine.core.records import Contribution, Edge, LocalJacobian, NodeInfo, Step
from engine.core.tensor import Tensor
from engine.i18n import Message

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
_name = attrgetter("name")
_requires_grad = attrgetter("requires_grad")


def _seed(output: Tensor, grad: Any) -> np.ndarray:
    if grad is None:
        return np.ones(output.shape)
    seed = np.asarray(grad.data if isinstance(grad, Tensor) else grad, dtype=np.float64)
    if seed.shape != output.shape:
        raise ArgumentError(Message("core.backward.seed_shape", a=seed.shape, b=output.shape))
    return seed


# -- reverse mode --------------------------------------------------------------


def reverse_pass(
    output: Tensor,
    seed: np.ndarray,
    record: list[Any] | None = None,
    batch: int = 0,
    only: set[int] | None = None,
    deadline: float | None = None,
    leaves: list[Tensor] | None = None,
) -> dict[int, np.ndarray]:
    """Run the reverse pass from ``output``; return each reached node's full upstream,
    keyed by serial.

    Operation nodes fire in decreasing serial order, from a heap that holds only
    the nodes a downstream gradient has reached and that have not fired yet:
    a node fires after all its consumers (they were made after it), and the
    pass needs no separate walk of the graph first. A reached node made after
    every waiting one fires next without entering the heap (all of a chain does).
    Leaves never enter it: their upstreams just add up. Each node's upstream is
    popped when the node fires, used for its inputs' downstream gradients and
    kept in the result.

    With ``record``, each step is appended to it as plain data, flat (no
    container per step): the node, its upstream, then per input its downstream
    (None for an input that needs no gradient; ``(downstream, raw shape)`` for
    one that was summed back from a broadcast shape). :class:`_Steps` reads it
    back. With ``batch`` leading axes on the seed, every upstream carries them
    too: one pass for many seeds. With ``only`` (serials), downstreams go to
    those inputs alone. With ``deadline`` (a ``time.monotonic()`` value) a node
    that would fire after it raises ``LimitError`` (limit ``"seconds"``,
    ``serial`` the node's). ``leaves`` (a list) receives each leaf reached, once.

    One loop serves every mode: a check on a mode costs a few tens of ns a node,
    far less than a second copy of the loop would cost to keep in step.
    """
    upstreams: dict[int, np.ndarray] = {output.serial: seed}
    pop = upstreams.pop
    finished: dict[int, np.ndarray] = {}
    keep = None if record is None else record.append
    heap: list[tuple[int, Tensor]] = []  # (-serial, node): reached, waiting to fire
    node: Tensor | None = output
    if output.op is None:
        node = None
        if leaves is not None:
            leaves.append(output)
    while node is not None:
        serial = node.serial
        if deadline is not None and time.monotonic() > deadline:
            raise LimitError(Message("core.limit.backward_time"), "seconds", serial)
        upstream = finished[serial] = pop(serial)
        op: Op = node.op  # type: ignore[assignment]  # only operation nodes fire
        inputs = node.inputs
        if keep is not None:
            keep(node)
            keep(upstream)
        xs = (inputs[0].data,) if len(inputs) == 1 else tuple(map(_data, inputs))
        reached: Tensor | None = None  # the newly reached operation input made last
        i = -1
        for x in inputs:
            i += 1
            if not x.requires_grad or (only is not None and x.serial not in only):
                if keep is not None:
                    keep(None)
                continue
            # a node with an op always has its params (None only on leaves and constants)
            downstream = op.vjp(upstream, i, xs, node.data, node.params)  # type: ignore[arg-type]
            raw_shape = downstream.shape  # vjp rules return arrays or numpy scalars
            if raw_shape != xs[i].shape:
                downstream = unbroadcast(downstream, xs[i].shape, batch)
                if keep is not None:
                    keep((downstream, raw_shape))
            elif keep is not None:
                keep(downstream)
            key = x.serial
            earlier = pop(key, None)
            if earlier is None:
                upstreams[key] = downstream
                if x.op is not None:
                    if reached is None:
                        reached = x
                    elif key > reached.serial:
                        _heappush(heap, (-reached.serial, reached))
                        reached = x
                    else:
                        _heappush(heap, (-key, x))
                elif leaves is not None:
                    leaves.append(x)
            else:
                upstreams[key] = earlier + downstream
        # The next to fire is the waiting node made last. Nodes fire in decreasing serial
        # order, so one made after every waiting node fires at once: in a chain, every
        # node does, and the heap stays empty.
        if reached is not None and (not heap or reached.serial > -heap[0][0]):
            node = reached
        else:
            if reached is not None:
                _heappush(heap, (-reached.serial, reached))
            node = _heappop(heap)[1] if heap else None
    finished.update(upstreams)  # the leaves' upstreams: they never fire
    return finished


def backward(output: Tensor, grad: Any = None) -> None:
    """The fast path: fill and accumulate ``.grad`` on the leaves; record nothing else."""
    if not output.requires_grad:
        raise EngineError(Message("core.backward.no_gradient"))
    seed = _seed(output, grad)
    leaves: list[Tensor] = []
    upstreams = reverse_pass(output, seed, leaves=leaves)
    handed: set[int] = {id(seed)}  # arrays someone else may hold: never hand them out
    for leaf in leaves:
        upstream = upstreams[leaf.serial]
        if leaf.grad is None:
            leaf.grad = _owned(upstream, handed)
        else:
            leaf.grad = leaf.grad + upstream


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


#: (contributions, consumer steps) per node id: what a node received, and from which steps
_Links = tuple[Mapping[int, tuple[Contribution, ...]], Mapping[int, tuple[int, ...]]]


class _Steps(Sequence[Step]):
    """The steps of a trace, each built from the pass's plain data when first read.

    Recording stays cheap (a 200-node pass costs about as much recorded as
    not), and a UI that shows one step at a time builds only what it shows.
    The data never changes, so neither does a step once built.
    """

    __slots__ = ("_raw", "_nodes", "_starts", "_built", "_links")

    def __init__(self, raw: list[Any], nodes: _Nodes):
        self._raw = raw  # flat, as reverse_pass records it: node, upstream, one entry per input
        self._nodes = nodes  # the node ids of the tensors in raw
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
            ids = self._nodes.ids()
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
        ids = self._nodes.ids()
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

    nodes: Sequence[NodeInfo]  # in creation order (lazily built: _Nodes)
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

    def _repr_html_(self) -> str | None:
        """A notebook shows a recorded pass as its stepping graph (``engine.show``), drawn
        by :data:`trace_html` (None without it: the notebook shows the text repr)."""
        return None if trace_html is None else trace_html(self)

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


#: How a notebook draws a recorded pass (``Trace._repr_html_``). The core imports nothing
#: above itself, so the package gives it the notebook's viewer (engine/__init__.py).
trace_html: Callable[[Trace], str] | None = None

_tuple_new = tuple.__new__
_numbers: list[str] = []  # "#0", "#1", ...: the suffixes of unnamed nodes' labels


def _numbered(count: int) -> list[str]:
    """``_numbers`` with at least ``count`` entries (made once, reused by every trace)."""
    if len(_numbers) < count:
        _numbers.extend(f"#{k}" for k in range(len(_numbers), max(count, 2 * len(_numbers))))
    return _numbers


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
    nodes = _Nodes(graph_nodes(output, constants=True))
    seed = _seed(output, grad)
    raw: list[Any] = []
    upstreams: dict[int, np.ndarray] = {}
    if output.requires_grad:
        upstreams = reverse_pass(output, seed, raw, deadline=deadline)
    return Trace(
        nodes=nodes,
        steps=_Steps(raw, nodes),
        output=len(nodes) - 1,  # made after everything it depends on
        seed=seed,
        grads=_Gradients(upstreams, nodes),
    )


class _Nodes(Sequence[NodeInfo]):
    """A trace's nodes in creation order, each a :class:`NodeInfo` built when first read.

    What a user may still change on a tensor after the pass (its name, its value
    by assignment, whether it needs a gradient) is taken down when the pass is
    recorded, a column each, by C-level maps; the NodeInfo tuples, labels and
    input ids are made from those columns on first read, all at once (a view
    reads them all). Like the steps, recording stays close to the fast path's
    cost and nothing changes once read.
    """

    __slots__ = ("tensors", "_names", "_values", "_flags", "_infos", "_ids")

    def __init__(self, tensors: list[Tensor]):
        self.tensors = tensors  # in creation order: a node's id is its place here
        self._names: list[str | None] = list(map(_name, tensors))
        self._values: list[Any] = list(map(_data, tensors))
        self._flags: list[bool] = list(map(_requires_grad, tensors))
        self._infos: tuple[NodeInfo, ...] | None = None
        self._ids: dict[Tensor, int] | None = None

    def ids(self) -> dict[Tensor, int]:
        """Node id by tensor."""
        if self._ids is None:
            self._ids = dict(zip(self.tensors, range(len(self.tensors)), strict=True))
        return self._ids

    def infos(self) -> tuple[NodeInfo, ...]:
        if self._infos is None:
            self._infos = self._build()
        return self._infos

    def _build(self) -> tuple[NodeInfo, ...]:
        """One NodeInfo per node. Written out: no frame or iterator per node where it can
        be helped (a view reads every node of every trace)."""
        tensors, names, values, flags = self.tensors, self._names, self._values, self._flags
        numbers = _numbered(len(tensors))
        id_of = self.ids().__getitem__
        infos = []
        inputs: tuple[int, ...]
        for i, t in enumerate(tensors):
            op, name, value, flag = t.op, names[i], values[i], flags[i]
            if op is None:  # a leaf or a constant: no inputs
                inputs = ()
                if not name:
                    name = _short_value(value) if not flag else f"leaf#{i}"
            else:
                xs = t.inputs
                if not name:
                    name = op.name + numbers[i]
                if len(xs) == 2:
                    inputs = (id_of(xs[0]), id_of(xs[1]))
                elif len(xs) == 1:
                    inputs = (id_of(xs[0]),)
                else:
                    inputs = tuple(map(id_of, xs))
            # NodeInfo(...) field by field, without the NamedTuple's Python-level __new__
            infos.append(
                _tuple_new(NodeInfo, (i, name, op, value.shape, value, inputs, flag, t.serial))
            )
        return tuple(infos)

    def __len__(self) -> int:
        return len(self.tensors)

    @overload
    def __getitem__(self, k: int) -> NodeInfo: ...

    @overload
    def __getitem__(self, k: slice) -> tuple[NodeInfo, ...]: ...

    def __getitem__(self, k: int | slice) -> NodeInfo | tuple[NodeInfo, ...]:
        return self.infos()[k]

    def __iter__(self) -> Iterator[NodeInfo]:
        return iter(self.infos())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, _Nodes):
            return self.infos() == other.infos()
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # equal by content, and mutable by laziness

    def __repr__(self) -> str:
        return f"<{len(self)} nodes>"


class _Gradients(Mapping[int, np.ndarray]):
    """A trace's gradients by node id: a read-only view of the pass's upstreams (kept by
    serial), so recording does not copy them into a second dict."""

    __slots__ = ("_upstreams", "_nodes")

    def __init__(self, upstreams: dict[int, np.ndarray], nodes: _Nodes):
        self._upstreams = upstreams
        self._nodes = nodes

    def __getitem__(self, node_id: int) -> np.ndarray:
        tensors = self._nodes.tensors
        if type(node_id) is not int or not 0 <= node_id < len(tensors):
            raise KeyError(node_id)
        return self._upstreams[tensors[node_id].serial]  # KeyError: no gradient

    def __iter__(self) -> Iterator[int]:
        upstreams = self._upstreams
        return (i for i, t in enumerate(self._nodes.tensors) if t.serial in upstreams)

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
