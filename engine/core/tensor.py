"""The Tensor: a float64 array that remembers the operation that made it.

Building a graph is the hot path of the engine, so ``apply`` does as little as
it can: one forward call, one object, no copies. Everything about an
operation's maths lives in its registry entry in :mod:`engine.core.ops`; its
arguments are checked in :mod:`engine.core.normalize`; this module only wires
nodes together, keeps the ``no_grad()`` / ``checked()`` switches and starts the
fast backward pass (see :mod:`engine.core.autodiff` for the one traversal).

>>> x = Tensor([1.0, 2.0, 3.0], name="x")
>>> y = (x * x).sum()
>>> y.backward()
>>> x.grad
array([2., 4., 6.])
"""

from __future__ import annotations

import itertools
import math
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import numpy as np

from engine.core.errors import ArgumentError, LimitError
from engine.core.normalize import (
    normalize_axes,
    normalize_axis,
    normalize_index,
    normalize_permutation,
    resolve_shape,
)
from engine.core.ops import OPS, Op, Params, Value
from engine.i18n import Message

_serials = itertools.count(1)

#: The axes of a reduction: None (all), one axis or a list of axes, negative allowed.
Axes = int | Sequence[int] | None


class _Switches(threading.local):
    """Per-thread switches, read by every operation while a block is open.

    Per thread, because a server runs each user's program in a thread of its
    own: one user's ``no_grad()`` or ``checked()`` must never reach another's.
    """

    grad_enabled = True
    max_elements: int | None = None  # set by checked(): shapes are checked before work
    total_left: int | None = None  # elements all results may still take, under checked()
    total_budget: int | None = None  # what total_left started from
    deadline: float | None = None  # a time.monotonic() value, under checked(deadline=...)


_switches = _Switches()

# How many no_grad() / checked() blocks are open, in all threads. While none is,
# every switch has its default and an operation reads none of them (reading a
# thread-local costs as much as the rest of making a node); while one is, every
# thread reads its own switches, so a block never reaches another thread.
_open_blocks = 0
_blocks_lock = threading.Lock()


@contextmanager
def _block() -> Iterator[None]:
    global _open_blocks
    with _blocks_lock:
        _open_blocks += 1
    try:
        yield
    finally:
        with _blocks_lock:
            _open_blocks -= 1


def _as_array(data: Any) -> np.ndarray:
    if type(data) is np.ndarray and data.dtype == np.float64:
        return data
    array = np.asarray(data, dtype=np.float64)
    return array


# -- the operators and elementwise methods: graph building's hot path ---------------


def _binary_method(op_name: str, reflected: bool = False) -> Callable[[Tensor, Any], Tensor]:
    """``Tensor.__add__`` and the like: two inputs, no parameters (``reflected``:
    ``__radd__``, the tensor on the right).

    The steps of :func:`_node` (and of :func:`_lift` for a number), written out for
    two inputs in the method itself: graph building pays for every Python call, and
    most of its nodes come here.
    The op is looked up in the registry on every call: the registry is the one
    source. Its ``kernel`` (the forward as a plain function of the values, a C
    function for most) is called directly: no Python frame, no tuple of inputs.
    """

    def method(self: Tensor, other: Any) -> Tensor:
        kind = type(other)
        if kind is not Tensor:
            if kind is float or kind is int:  # _lift(other), written out for a number: the
                const = _new(Tensor)  # constants of most programs come here (keep in step)
                const.data = _scalars.get(other) or _scalar(other)
                const.grad = None
                const.requires_grad = False
                const.name = None
                const.op = None
                const.inputs = ()
                const.params = None
                const.serial = next(_serials)
                other = const
            else:
                other = _lift(other)
        if reflected:
            a, b = other, self
        else:
            a, b = self, other
        op = OPS[op_name]
        if _open_blocks:  # a no_grad() or checked() block somewhere: the general path
            return _node(op, (a, b), (a.data, b.data), _NO_PARAMS)
        out = _new(Tensor)
        out.data = op.kernel(a.data, b.data)  # type: ignore[misc]  # an operator's op has one
        out.grad = None
        out.name = None
        out.serial = next(_serials)
        if a.requires_grad or b.requires_grad:
            out.requires_grad = True
            out.op = op
            out.inputs = (a, b)
            out.params = _NO_PARAMS
        else:
            out.requires_grad = False
            out.op = None
            out.inputs = ()
            out.params = None
        return out

    method.__name__ = method.__qualname__ = f"{op_name} ({'reflected' if reflected else 'binary'})"
    return method


def _unary_method(op_name: str) -> Callable[[Tensor], Tensor]:
    """``Tensor.tanh`` and the like: one input, no parameters (see ``_binary_method``)."""

    def method(self: Tensor) -> Tensor:
        op = OPS[op_name]
        if _open_blocks:
            return _node(op, (self,), (self.data,), _NO_PARAMS)
        out = _new(Tensor)
        out.data = op.kernel(self.data)  # type: ignore[misc]  # an elementwise method's op has one
        out.grad = None
        out.name = None
        out.serial = next(_serials)
        if self.requires_grad:
            out.requires_grad = True
            out.op = op
            out.inputs = (self,)
            out.params = _NO_PARAMS
        else:
            out.requires_grad = False
            out.op = None
            out.inputs = ()
            out.params = None
        return out

    method.__name__ = method.__qualname__ = op_name
    return method


class Tensor:
    """A float64 array with an optional gradient and the node that made it.

    ``op``, ``inputs`` and ``params`` are None / () / None for a leaf or a
    constant; ``serial`` is a process-wide creation counter, so sorting by it
    gives a topological order (a node is always made after its inputs).
    """

    __slots__ = ("data", "grad", "requires_grad", "name", "op", "inputs", "params", "serial")
    __array_priority__ = 1000  # so that ndarray + Tensor calls Tensor.__radd__

    data: Value  # a float64 array, or a numpy float64 scalar for a constant or a 0-d result
    grad: np.ndarray | None
    requires_grad: bool
    name: str | None
    op: Op | None
    inputs: tuple[Tensor, ...]
    params: Params | None
    serial: int

    def __init__(self, data: Any, name: str | None = None, requires_grad: bool = True):
        if isinstance(data, Tensor):
            data = data.data
        self.data = _as_array(data)
        self.grad = None
        self.requires_grad = bool(requires_grad)
        self.name = name
        self.op = None
        self.inputs = ()
        self.params = None
        self.serial = next(_serials)

    # -- plain properties -------------------------------------------------
    @property
    def shape(self) -> tuple[int, ...]:
        try:
            shape: tuple[int, ...] = self.data.shape  # an array's or a numpy scalar's
        except AttributeError:  # a plain number a user assigned to .data
            return np.shape(self.data)
        return shape

    @property
    def ndim(self) -> int:
        try:
            ndim: int = self.data.ndim
        except AttributeError:
            return np.ndim(self.data)
        return ndim

    @property
    def size(self) -> int:
        return int(np.size(self.data))

    @property
    def is_leaf(self) -> bool:
        return self.op is None

    def numpy(self) -> np.ndarray:
        return np.asarray(self.data)

    def item(self) -> float:
        return float(self.data)

    def __repr__(self) -> str:
        label = f", name={self.name!r}" if self.name else ""
        op = f", op={self.op.name}" if self.op is not None else ""
        return f"Tensor({np.asarray(self.data)!r}{label}{op})"

    def __len__(self) -> int:
        return len(self.data)

    # -- autodiff ------------------------------------------------------------
    def backward(self, grad: Any = None) -> None:
        """Reverse-mode pass from this tensor; fills and accumulates ``.grad`` on leaves.

        ``grad`` (the seed, the upstream of this tensor) defaults to ones of
        its shape: 1 for a scalar, as if ``sum()`` were applied otherwise.
        """
        from engine.core.autodiff import backward

        backward(self, grad)

    # -- operators (made by _binary_method / _unary_method, below) -------------
    __add__ = _binary_method("add")
    __radd__ = _binary_method("add", reflected=True)

    __sub__ = _binary_method("sub")
    __rsub__ = _binary_method("sub", reflected=True)

    __mul__ = _binary_method("mul")
    __rmul__ = _binary_method("mul", reflected=True)

    __truediv__ = _binary_method("div")
    __rtruediv__ = _binary_method("div", reflected=True)

    __pow__ = _binary_method("pow")
    __rpow__ = _binary_method("pow", reflected=True)

    __matmul__ = _binary_method("matmul")
    __rmatmul__ = _binary_method("matmul", reflected=True)

    __neg__ = _unary_method("neg")

    def __pos__(self) -> Tensor:
        return self

    def __getitem__(self, index: Any) -> Tensor:
        return apply("index", (self,), {"index": normalize_index(index, self.shape)})

    @property
    def T(self) -> Tensor:
        return self.transpose()

    # -- elementwise ---------------------------------------------------------
    exp = _unary_method("exp")

    log = _unary_method("log")

    sqrt = _unary_method("sqrt")

    abs = _unary_method("abs")

    tanh = _unary_method("tanh")

    sigmoid = _unary_method("sigmoid")

    relu = _unary_method("relu")

    sin = _unary_method("sin")

    cos = _unary_method("cos")

    # -- reductions and normalisers -----------------------------------------
    def sum(self, axis: Axes = None, keepdims: bool = False) -> Tensor:
        return self._reduce("sum", axis, keepdims)

    def mean(self, axis: Axes = None, keepdims: bool = False) -> Tensor:
        return self._reduce("mean", axis, keepdims)

    def max(self, axis: Axes = None, keepdims: bool = False) -> Tensor:
        return self._reduce("max", axis, keepdims)

    def min(self, axis: Axes = None, keepdims: bool = False) -> Tensor:
        return self._reduce("min", axis, keepdims)

    def logsumexp(self, axis: Axes = None, keepdims: bool = False) -> Tensor:
        return self._reduce("logsumexp", axis, keepdims)

    def _reduce(self, op: str, axis: Axes, keepdims: bool) -> Tensor:
        params = {"axis": normalize_axes(axis, self.ndim), "keepdims": bool(keepdims)}
        return _node(OPS[op], (self,), (self.data,), params)

    def softmax(self, axis: int = -1) -> Tensor:
        return apply("softmax", (self,), {"axis": normalize_axis(axis, self.ndim)})

    def log_softmax(self, axis: int = -1) -> Tensor:
        return apply("log_softmax", (self,), {"axis": normalize_axis(axis, self.ndim)})

    # -- shape ---------------------------------------------------------------
    def reshape(self, *shape: Any) -> Tensor:
        """``t.reshape(2, 3)`` or ``t.reshape((2, 3))``; one entry may be -1."""
        if len(shape) == 1 and isinstance(shape[0], (list, tuple)):
            shape = tuple(shape[0])
        return apply("reshape", (self,), {"shape": resolve_shape(shape, self.size)})

    def transpose(self, axes: Sequence[int] | None = None) -> Tensor:
        return apply("transpose", (self,), {"axes": normalize_permutation(axes, self.ndim)})


# -- building nodes ------------------------------------------------------------


_new = object.__new__  # Tensor.__new__ without the attribute lookup
_float64 = np.float64


def _lift(value: Any) -> Tensor:
    """A Python number or array becomes a constant: it never receives a gradient.

    The binary operators write out the number case in their own frame (keep in step;
    ``tests/test_autodiff.py`` holds the two paths' constants identical).
    """
    kind = type(value)
    if kind is Tensor:
        tensor: Tensor = value
        return tensor
    const = _new(Tensor)
    if kind is float or kind is int:
        const.data = _scalars.get(value) or _scalar(value)  # a numpy scalar: the cheapest 0-d
    else:
        const.data = _as_array(value.data if isinstance(value, Tensor) else value)
    const.grad = None
    const.requires_grad = False
    const.name = None
    const.op = None
    const.inputs = ()
    const.params = None
    const.serial = next(_serials)
    return const


#: The numpy scalars of the numbers programs use most (a numpy scalar is immutable, so a
#: constant's value can be shared): the lookup costs half of making one.
_scalars: dict[float, np.float64] = {}


def _scalar(number: float) -> np.float64:
    """``np.float64(number)``, kept for the next constant with this value.

    Zero is never kept (``-0.0 == 0.0``: a lookup must not give one for the other), nor
    is nan (it equals nothing, so it would never be found); at most 256 are kept.
    """
    value = _float64(number)
    if value and value == value and len(_scalars) < 256:
        _scalars[number] = value
    return value


_NO_PARAMS: Params = {}  # shared by every op without parameters; never mutated


def apply(op_name: str, inputs: Sequence[Any], params: Params | None = None) -> Tensor:
    """Run one operation forward and, when a gradient can flow, record the node.

    Constants (``requires_grad=False``) and nodes made under ``no_grad()`` are
    not recorded, so they cost nothing in the backward pass.
    """
    tensors = tuple([x if type(x) is Tensor else _lift(x) for x in inputs])
    xs = tuple([t.data for t in tensors])
    return _node(OPS[op_name], tensors, xs, _NO_PARAMS if params is None else params)


def _node(op: Op, tensors: tuple[Tensor, ...], xs: tuple[Value, ...], params: Params) -> Tensor:
    """The one place a node is made: check, forward, then record it if a gradient can flow.

    The operators and elementwise methods (``_binary_method``, ``_unary_method``)
    are this function written out for their arity, for the plain case (no block
    open: gradients on, nothing checked). Keep the three in step.
    """
    grad_enabled = True
    if _open_blocks:  # a no_grad() or checked() block somewhere: read this thread's switches
        limit = _switches.max_elements
        if limit is not None:
            _check_shape(op, xs, params, limit)
        grad_enabled = _switches.grad_enabled
    out = _new(Tensor)
    kernel = op.kernel
    out.data = op.forward(xs, params) if kernel is None else kernel(*xs)
    out.grad = None
    out.name = None
    out.serial = next(_serials)
    if grad_enabled:
        for t in tensors:
            if t.requires_grad:
                out.requires_grad = True
                out.op = op
                out.inputs = tensors
                out.params = params
                return out
    out.requires_grad = False
    out.op = None
    out.inputs = ()
    out.params = None
    return out


def _check_shape(op: Op, xs: tuple[Value, ...], params: Params, limit: int) -> None:
    shape = op.shape(tuple(np.shape(x) for x in xs), params)
    elements = math.prod(shape)
    if elements > limit:
        raise LimitError(
            Message("core.limit.elements", op=op.symbol, n=elements, dims=_dims(shape), limit=limit)
        )
    if elements == 0 and extent(shape) > limit:
        raise LimitError(
            Message(
                "core.limit.extent", op=op.symbol, dims=_dims(shape), n=extent(shape), limit=limit
            )
        )
    charge(elements, Message("core.what.result_of", op=op.symbol))


def extent(shape: Sequence[int]) -> int:
    """The product of a shape's axes, an axis of length 0 counted as 1.

    numpy refuses a shape whose extent overflows its index type even when the
    array has no elements (``zeros((2**62, 0))``), so a zero-size result is
    held to the element limit by its extent.

    >>> extent((0, 10**6)), extent((2, 3)), extent(())
    (1000000, 6, 1)
    """
    return math.prod(max(int(n), 1) for n in shape)


def _dims(shape: Sequence[int]) -> str | Message:
    return " × ".join(str(n) for n in shape) or Message("core.what.scalar")


_THIS_ARRAY = Message("core.what.this_array")


def charge(elements: int, what: str | Message = _THIS_ARRAY) -> None:
    """Count ``elements`` against the budget of the enclosing ``checked()`` block.

    Raises ``LimitError`` before the work when all results together would
    exceed the block's ``max_total_elements``, or (limit ``"seconds"``) when the
    block's deadline has passed. Outside such a block it does nothing.
    """
    if _switches.deadline is not None and time.monotonic() > _switches.deadline:
        raise LimitError(Message("core.limit.program_time"), limit="seconds")
    left = _switches.total_left
    if left is None:
        return
    if elements > left:
        raise LimitError(
            Message("core.limit.total_elements", what=what, limit=_switches.total_budget),
            limit="total_elements",
        )
    _switches.total_left = left - elements


@contextmanager
def no_grad() -> Iterator[None]:
    """Inside this block no graph is recorded (results need no gradient)."""
    with _block():
        previous, _switches.grad_enabled = _switches.grad_enabled, False
        try:
            yield
        finally:
            _switches.grad_enabled = previous


@contextmanager
def checked(
    max_elements: int, max_total_elements: int | None = None, *, deadline: float | None = None
) -> Iterator[None]:
    """Inside this block every operation checks its result's shape before computing.

    A shape that breaks an operation's rule raises ``ShapeError``; a result
    with more than ``max_elements`` elements, or one that would bring all
    results together past ``max_total_elements``, raises ``LimitError``; so does
    an operation started after ``deadline`` (a ``time.monotonic()`` value; limit
    ``"seconds"``). Nothing large is allocated first. The program language
    evaluates user programs in here. The checks hold for the current thread only.
    """
    saved = (
        _switches.max_elements,
        _switches.total_left,
        _switches.total_budget,
        _switches.deadline,
    )
    limit = int(max_elements)
    total = None if max_total_elements is None else int(max_total_elements)
    with _block():
        _switches.max_elements, _switches.total_left, _switches.total_budget = limit, total, total
        _switches.deadline = deadline
        try:
            yield
        finally:
            (
                _switches.max_elements,
                _switches.total_left,
                _switches.total_budget,
                _switches.deadline,
            ) = saved


def zero_grad(*tensors: Tensor) -> None:
    """Reset the gradients of the given tensors (same as ``t.grad = None``)."""
    for t in tensors:
        t.grad = None


# -- functions of several tensors ---------------------------------------------


_maximum, _minimum = _binary_method("maximum"), _binary_method("minimum")


def maximum(a: Any, b: Any) -> Tensor:
    """Elementwise maximum; on a tie each input gets half the gradient."""
    return _maximum(a if type(a) is Tensor else _lift(a), b)


def minimum(a: Any, b: Any) -> Tensor:
    """Elementwise minimum; on a tie each input gets half the gradient."""
    return _minimum(a if type(a) is Tensor else _lift(a), b)


def dot(a: Any, b: Any) -> Tensor:
    """numpy's ``dot`` for 0-, 1- and 2-D operands (use ``@`` for more)."""
    return apply("dot", (a, b))


def concat(tensors: Sequence[Any], axis: int = 0) -> Tensor:
    """Join tensors along an existing axis."""
    tensors = tuple(_lift(t) for t in tensors)
    if not tensors:
        raise ArgumentError(Message("core.join.nothing", name="concat"))
    return apply("concat", tensors, {"axis": normalize_axis(axis, tensors[0].ndim)})


def stack(tensors: Sequence[Any], axis: int = 0) -> Tensor:
    """Join same-shape tensors along a new axis."""
    tensors = tuple(_lift(t) for t in tensors)
    if not tensors:
        raise ArgumentError(Message("core.join.nothing", name="stack"))
    return apply("stack", tensors, {"axis": normalize_axis(axis, tensors[0].ndim + 1)})


def mse(pred: Any, target: Any) -> Tensor:
    """Mean of squared differences; both operands must have the same shape."""
    return apply("mse", (pred, target))


def cross_entropy(logits: Any, labels: Any) -> Tensor:
    """Mean over rows of ``-log_softmax(logits)[i, labels[i]]``; labels get no gradient."""
    logits = _lift(logits)
    if isinstance(labels, Tensor):
        labels = labels.data
    raw = np.asarray(labels)
    if raw.dtype.kind == "f":
        if not np.all(np.isfinite(raw)) or not np.all(raw == np.round(raw)):
            raise ArgumentError(Message("core.labels.whole"))
    elif raw.dtype.kind not in "iu" and raw.size:
        raise ArgumentError(Message("core.labels.whole"))
    return apply("cross_entropy", (logits,), {"labels": raw.astype(np.intp)})
