"""The operation registry: one entry per operation, with all of its calculus side by side.

Vocabulary (see docs/design.md): **upstream** is the gradient of the loss with respect to
an op's output (shape ``out.shape``); **local** is the op's Jacobian with respect to one
input (shape ``out.shape + in.shape``); **downstream** is upstream · local summed over the
output's indices, then summed back to the input's shape by :func:`unbroadcast` when the
input was broadcast; a **tangent** is what forward mode pushes through an op.

Every :class:`Op` holds ``forward``, ``shape`` (output shape from input shapes alone),
``vjp`` (downstream from upstream, never building the Jacobian), ``jvp``, ``jacobian``
(the explicit local Jacobian, built on its own rather than from ``vjp``/``jvp`` so the
tests can check all three against each other and against finite differences),
``structure`` and ``formula``. Its one-line note, in words for people, is the
catalogue's ``op.<name>.note`` (engine/i18n/ops.py), in every language.

``forward`` and ``vjp`` are the hot path: they trust their inputs (no checks, no
conversions) and may return ``upstream`` itself or a view of an input, so callers must
not write into what they get back.

**Batches.** ``vjp`` and ``jvp`` also take a *batch* of upstreams (or tangents) at once,
stacked on leading axes: an upstream of shape ``batch + out.shape`` gives downstreams of
shape ``batch + wide`` (``wide`` the input's broadcast shape, summed back by
``unbroadcast(downstream, in_shape, len(batch))``), tangents of shape
``batch + in.shape`` give an output tangent of shape ``batch + out.shape``. This is how
:func:`engine.core.jacobian.jacobian` pushes every row (or column) of a Jacobian through one
pass. A rule finds the batch axes as the leading axes beyond the shapes it knows
(:func:`_lead`), so it counts the axes of its parameters from the end (negative axes,
``...`` first in an index). With no batch axes each rule is exactly the plain rule.

>>> x = np.array([0.0, 1.0, 2.0])
>>> y = OPS["tanh"].forward((x,), {})
>>> OPS["tanh"].jacobian(0, (x,), y, {}).shape
(3, 3)
>>> OPS["tanh"].structure(0, (x,), y, {}).text.text("en")
'diag(1 − y²), 3×3'
>>> unbroadcast(np.ones((2, 3)), (3,))
array([2., 2., 2.])
>>> upstreams = np.eye(3)  # three upstreams at once, one per row
>>> OPS["tanh"].vjp(upstreams, 0, (x,), y, {}).shape
(3, 3)
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from math import prod
from typing import Any

import numpy as np
from numpy.typing import NDArray

from engine.core.errors import ArgumentError, ShapeError
from engine.i18n import Message

# -- the types of the rules ---------------------------------------------------------------
#
# A value in the graph is a float64 ndarray, or a numpy float64 scalar for a 0-d result.
# ``Value`` is Any: numpy's stubs type most ufunc results as Any, and the hot path must not
# pay for casts; what the aliases check is each rule's signature (and so the registry's).

Array = NDArray[np.float64]  # what is always an array: a local Jacobian, a basis, a seed
Value = Any  # an input, an output, an upstream, a downstream or a tangent
Values = tuple[Value, ...]  # the inputs of a node, ``xs``
Tangents = tuple[Value | None, ...]  # one per input; None: no tangent (zero)
Params = dict[str, Any]  # an op's parameters: axis, keepdims, shape, index, labels
Shape = tuple[int, ...]

ForwardRule = Callable[[Values, Params], Value]  # (xs, p) -> out
ShapeRule = Callable[[tuple[Shape, ...], Params], Shape]  # (in_shapes, p) -> out shape
# (upstream, i, xs, out, p) -> downstream of input i, in its broadcast shape
VjpRule = Callable[[Value, int, Values, Value, Params], Value]
JvpRule = Callable[[Tangents, Values, Value, Params], Value]  # (tangents, xs, out, p) -> tangent
# (i, xs, out, p) -> local, shape out.shape + xs[i].shape
JacobianRule = Callable[[int, Values, Value, Params], Array]
StructureRule = Callable[[int, Values, Value, Params], "Structure"]  # (i, xs, out, p)
Kernel = Callable[..., Value]  # (*xs) -> out: the forward of an op without parameters


@dataclass(frozen=True, slots=True)
class Structure:
    """What a local Jacobian looks like, for people: a kind and a short description."""

    kind: str  # "identity" | "diagonal" | "broadcast" | "selection" | "permutation"
    # | "reduction" | "matmul" | "dense"
    text: Message  # a "structure.*" key, e.g. "diag(1 − y²), 3×3" (worded where shown)


def _forward_of(kernel: Kernel) -> ForwardRule:
    """The forward rule of an op without parameters, from its kernel."""

    def forward(xs: Values, p: Params) -> Value:
        return kernel(*xs)

    return forward


def _from_kernel(xs: Values, p: Params) -> Value:
    """An entry's default ``forward``: replaced by the one made from its kernel."""
    raise NotImplementedError  # never called: Op.__post_init__ replaces it


@dataclass(frozen=True, slots=True)
class Op:
    """One operation: its forward map and every view of its derivative (docs/design.md)."""

    name: str
    symbol: str
    arity: int  # -1 for variadic (concat, stack)
    shape: ShapeRule
    vjp: VjpRule
    jvp: JvpRule
    jacobian: JacobianRule
    structure: StructureRule
    formula: tuple[str, ...]  # LaTeX of the local derivative, one per input position
    # an op without parameters: its forward as a plain function of the input values,
    # which the operators call directly (a C function for most: no Python frame, no
    # tuple of inputs, on graph building's hot path)
    kernel: Kernel | None = None
    # (xs, p) -> out; an entry with a kernel leaves it out: it is made from the kernel
    forward: ForwardRule = _from_kernel
    # its one-line note is the catalogue's op.<name>.note (engine/i18n/ops.py), in both languages

    def __post_init__(self) -> None:
        if self.forward is _from_kernel:
            if self.kernel is None:
                raise TypeError(f"op {self.name!r} needs a forward rule or a kernel")
            object.__setattr__(self, "forward", _forward_of(self.kernel))


OPS: dict[str, Op] = {}


def _register(op: Op) -> None:
    OPS[op.name] = op


# -- undoing broadcasting (the one place) ------------------------------------------------


@lru_cache(maxsize=4096)  # a pure function of two shapes, on the hot path of every broadcast
def broadcast_axes(wide: Shape, shape: Shape) -> Shape:
    """The axes of ``wide`` that broadcasting created from ``shape``: leading axes, and
    axes where ``shape`` has 1 but ``wide`` does not.

    >>> broadcast_axes((4, 2, 3), (2, 1))
    (0, 2)
    """
    lead = len(wide) - len(shape)
    return tuple(range(lead)) + tuple(
        lead + j for j, n in enumerate(shape) if n == 1 and wide[lead + j] != 1
    )


def unbroadcast(downstream: Value, shape: Shape, batch: int = 0) -> Value:
    """Sum a downstream gradient back to its input's ``shape`` (undo broadcasting).

    With ``batch`` leading batch axes (one downstream per seed of a batched pass),
    those axes are kept and the rest is summed back to ``shape``. Returns
    ``downstream`` itself when the shapes already match.

    >>> unbroadcast(np.ones((4, 2, 3)), (2, 1)).tolist()
    [[12.0], [12.0]]
    >>> unbroadcast(np.ones((5, 4, 2, 3)), (2, 1), batch=1).shape
    (5, 2, 1)
    """
    if not batch:
        if downstream.shape == shape:
            return downstream
        summed = _sum(downstream, axis=broadcast_axes(downstream.shape, shape))
        # summing leading axes alone gives the shape already (and no view to copy later)
        return summed if summed.shape == shape else summed.reshape(shape)
    lead, wide = downstream.shape[:batch], downstream.shape[batch:]
    if wide == shape:
        return downstream
    axes = tuple(batch + a for a in broadcast_axes(wide, shape))
    return _sum(downstream, axis=axes).reshape(lead + shape)


def unbroadcast_local(local: Array, out_ndim: int, shape: Shape) -> Array:
    """The local Jacobian of a broadcast operand: sum the input part of ``local`` (shape
    ``out.shape + wide``, ``wide`` the operand's broadcast shape) back to ``shape``.

    The local Jacobian of a broadcast operand is not the identity: every output entry
    that reused an input entry adds to that entry's column.

    >>> unbroadcast_local(np.eye(2).reshape(2, 2), 1, (1,)).tolist()
    [[1.0], [1.0]]
    """
    wide = local.shape[out_ndim:]
    if wide == shape:
        return local
    axes = tuple(out_ndim + a for a in broadcast_axes(wide, shape))
    summed: Array = local.sum(axis=axes).reshape(local.shape[:out_ndim] + shape)
    return summed


# -- shared helpers (not on the hot path) ------------------------------------------------


# np.add.reduce is np.sum without its Python-level wrapper (a few µs a call, on the
# hot path of every reduction and every broadcast input's gradient)
_sum = np.add.reduce
_max, _min = np.maximum.reduce, np.minimum.reduce


def _broadcast_view(value: Any, shape: Shape) -> Array:
    """``np.broadcast_to(value, shape)`` for a float64 ``value`` of ``shape``'s rank (or
    0-d), whose size-1 axes are repeated: a read-only view with zero strides on them.

    Built directly, as numpy's own builds an iterator first (about 20× slower);
    anything else (a non-contiguous value, nothing to view) goes to numpy's.

    >>> _broadcast_view(np.float64(2.0), (2, 3)).tolist()
    [[2.0, 2.0, 2.0], [2.0, 2.0, 2.0]]
    >>> _broadcast_view(np.array([[1.0], [2.0]]), (2, 2)).tolist()
    [[1.0, 1.0], [2.0, 2.0]]
    """
    kind = type(value)
    if kind is np.ndarray and value.ndim == 0 and value.dtype == np.float64:
        value, kind = value[()], np.float64
    if kind is np.float64:  # a view of a scalar's buffer, which is read-only: no flag to set
        return np.ndarray(shape, np.float64, value, 0, (0,) * len(shape))
    if (
        kind is np.ndarray
        and value.dtype == np.float64
        and value.size
        and value.flags.c_contiguous
        and value.ndim == len(shape)
    ):
        strides = tuple(
            0 if n == 1 else stride for n, stride in zip(value.shape, value.strides, strict=True)
        )
        view = np.ndarray(shape, np.float64, value, 0, strides)
        view.setflags(write=False)  # as numpy's: a view that repeats entries is read-only
        return view
    return np.broadcast_to(value, shape)


def _lead(value: Value, core_ndim: int) -> Shape:
    """The batch axes of a batched upstream or tangent: the axes before its last
    ``core_ndim`` (the shape the rule knows from ``out`` or ``xs``); () unbatched."""
    lead: Shape = value.shape[: value.ndim - core_ndim]
    return lead


def _aligned(tangent: Array, x: Any, out_ndim: int) -> Array:
    """A batched tangent of a broadcast input with unit axes inserted after its batch
    axes, so that numpy's right-aligned broadcasting lines it up with the output.

    >>> _aligned(np.ones((5, 3)), np.ones(3), 2).shape
    (5, 1, 3)
    """
    x_ndim = np.ndim(x)
    if tangent.ndim == x_ndim or x_ndim >= out_ndim:
        return tangent
    lead = tangent.shape[: tangent.ndim - x_ndim]
    return tangent.reshape(lead + (1,) * (out_ndim - x_ndim) + np.shape(x))


def _zeros_or(tangent: Array | None, shape: Shape) -> Array:
    """An output tangent of exactly ``shape`` (None means no tangent: zeros)."""
    if tangent is None:
        return np.zeros(shape)
    if np.shape(tangent) == shape:
        return tangent
    return np.broadcast_to(tangent, shape).copy()


def _identity(shape: Shape) -> Array:
    """The identity as a local Jacobian of shape ``shape + shape``."""
    return np.eye(prod(shape)).reshape(shape + shape)


def _diag(derivative: Any, shape: Shape) -> Array:
    """diag(derivative) as a local Jacobian of shape ``shape + shape``.

    Built by writing the diagonal (not ``eye * d``), so an infinite derivative leaves
    the off-diagonal entries at 0 rather than 0 · inf = nan.
    """
    values = np.broadcast_to(derivative, shape).reshape(-1)
    n = values.size
    local = np.zeros((n, n))
    local.reshape(-1)[:: n + 1] = values
    return local.reshape(shape + shape)


def _linear_local(
    batched_map: Callable[[Array], Array], in_shape: Shape, out_shape: Shape
) -> Array:
    """The local Jacobian of a linear map, from its action on the identity basis.

    ``batched_map`` takes ``n`` basis arrays stacked on a new leading axis, shape
    ``(n,) + in_shape``, to ``(n,) + out_shape``.
    """
    n, m = prod(in_shape), prod(out_shape)
    images = batched_map(np.eye(n).reshape((n,) + in_shape))
    return np.ascontiguousarray(images.reshape(n, m).T).reshape(out_shape + in_shape)


def _sizes(i: int, xs: Values, out: Value) -> str:
    return f"{np.size(out)}×{np.size(xs[i])}"


def _axes_text(axes: Shape) -> Message:
    """ "axis 0" or "axes 0, 1": the axes a structure text names."""
    if len(axes) == 1:
        return Message("structure.axis", axes=axes[0])
    return Message("structure.axes", axes=", ".join(str(a) for a in axes))


def _broadcast_conflict(a: Shape, b: Shape) -> tuple[int, int, int] | None:
    """The first axis (counted from the end, negative) where ``a`` and ``b`` clash."""
    for axis in range(-1, -min(len(a), len(b)) - 1, -1):
        if a[axis] != b[axis] and a[axis] != 1 and b[axis] != 1:
            return axis, a[axis], b[axis]
    return None


def _broadcast_shape(a: Shape, b: Shape, symbol: str) -> Shape:
    if a == b:
        return a
    conflict = _broadcast_conflict(a, b)
    if conflict is not None:
        axis, da, db = conflict
        raise ShapeError(Message("core.broadcast", a=a, b=b, op=symbol, axis=axis, da=da, db=db))
    ndim = max(len(a), len(b))
    a = (1,) * (ndim - len(a)) + a
    b = (1,) * (ndim - len(b)) + b
    return tuple(db if da == 1 else da for da, db in zip(a, b, strict=True))


def _same_shape(in_shapes: tuple[Shape, ...], p: Params) -> Shape:
    return in_shapes[0]


def _reduced_axes(p: Params, ndim: int) -> Shape:
    axis = p["axis"]
    return tuple(range(ndim)) if axis is None else axis


def _kept_shape(shape: Shape, axis: Shape | None) -> Shape:
    """``shape`` with the reduced axes kept as 1 (what keepdims=True gives)."""
    if axis is None:
        return (1,) * len(shape)
    return tuple(1 if j in axis else n for j, n in enumerate(shape))


def _check_axes(shape: Shape, axes: Shape, name: str | Message) -> None:
    for a in axes:
        if not 0 <= a < len(shape):
            raise ArgumentError(
                Message(
                    "core.axis.out_of_range_for_op", axis=a, name=name, shape=shape, n=len(shape)
                )
            )


# -- binary elementwise ops (numpy broadcasting) ----------------------------------------
#
# Each has a vjp written out for speed and a `_partial(i, a, b, out)`, the elementwise
# derivative of the output with respect to input i (broadcastable to out.shape), from
# which its jvp and explicit local Jacobian are built.


#: ``(i, a, b, out)``: d out / d input i, elementwise (broadcastable to out.shape)
Partial = Callable[[int, Value, Value, Value], Value]


def _binary_jvp(partial: Partial) -> JvpRule:
    def jvp(tangents: Tangents, xs: Values, out: Value, p: Params) -> Value:
        out_shape = np.shape(out)
        tangent: Value = None
        lead: Shape = ()
        for i, t in enumerate(tangents):
            if t is not None:
                lead = _lead(t, np.ndim(xs[i]))
                part = _aligned(t, xs[i], len(out_shape)) * partial(i, xs[0], xs[1], out)
                tangent = part if tangent is None else tangent + part
        return _zeros_or(tangent, lead + out_shape)

    return jvp


def _binary_jacobian(partial: Partial) -> JacobianRule:
    def jacobian(i: int, xs: Values, out: Value, p: Params) -> Array:
        out_shape = np.shape(out)
        local = _diag(partial(i, xs[0], xs[1], out), out_shape)
        return unbroadcast_local(local, len(out_shape), np.shape(xs[i]))

    return jacobian


def _binary_structure(
    kinds: tuple[str, str], texts: tuple[str | Message, str | Message]
) -> StructureRule:
    def structure(i: int, xs: Values, out: Value, p: Params) -> Structure:
        axes = broadcast_axes(np.shape(out), np.shape(xs[i]))
        sizes = _sizes(i, xs, out)
        if axes:
            text = Message("structure.broadcast", what=texts[i], axes=_axes_text(axes), sizes=sizes)
            return Structure("broadcast", text)
        return Structure(kinds[i], Message("structure.sized", what=texts[i], sizes=sizes))

    return structure


_IDENTITY = Message("structure.identity")
_NEGATIVE_IDENTITY = Message("structure.negative_identity")


def _binary_shape(symbol: str) -> ShapeRule:
    def shape(in_shapes: tuple[Shape, ...], p: Params) -> Shape:
        return _broadcast_shape(in_shapes[0], in_shapes[1], symbol)

    return shape


def _add_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    return upstream


def _add_partial(i: int, a: Value, b: Value, out: Value) -> Value:
    return 1.0


_register(
    Op(
        name="add",
        symbol="+",
        arity=2,
        kernel=operator.add,
        shape=_binary_shape("+"),
        vjp=_add_vjp,
        jvp=_binary_jvp(_add_partial),
        jacobian=_binary_jacobian(_add_partial),
        structure=_binary_structure(("identity", "identity"), (_IDENTITY, _IDENTITY)),
        formula=(r"\frac{\partial y}{\partial a} = I", r"\frac{\partial y}{\partial b} = I"),
    )
)


def _sub_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    return upstream if i == 0 else -upstream


def _sub_partial(i: int, a: Value, b: Value, out: Value) -> Value:
    return 1.0 if i == 0 else -1.0


_register(
    Op(
        name="sub",
        symbol="-",
        arity=2,
        kernel=operator.sub,
        shape=_binary_shape("-"),
        vjp=_sub_vjp,
        jvp=_binary_jvp(_sub_partial),
        jacobian=_binary_jacobian(_sub_partial),
        structure=_binary_structure(("identity", "diagonal"), (_IDENTITY, _NEGATIVE_IDENTITY)),
        formula=(r"\frac{\partial y}{\partial a} = I", r"\frac{\partial y}{\partial b} = -I"),
    )
)


def _mul_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    return upstream * xs[1 - i]


def _mul_partial(i: int, a: Value, b: Value, out: Value) -> Value:
    return b if i == 0 else a


_register(
    Op(
        name="mul",
        symbol="*",
        arity=2,
        kernel=operator.mul,
        shape=_binary_shape("*"),
        vjp=_mul_vjp,
        jvp=_binary_jvp(_mul_partial),
        jacobian=_binary_jacobian(_mul_partial),
        structure=_binary_structure(("diagonal", "diagonal"), ("diag(b)", "diag(a)")),
        formula=(
            r"\frac{\partial y}{\partial a} = \operatorname{diag}(b)",
            r"\frac{\partial y}{\partial b} = \operatorname{diag}(a)",
        ),
    )
)


def _div(a: Value, b: Value) -> Value:
    if b.ndim == 0 and b != 0:  # dividing by a nonzero scalar cannot divide by 0
        return a / b  # (skips np.errstate, ~1 µs; overflow may warn, as for *)
    # x / 0 is ±inf (or nan for 0/0), as numpy computes it, without a warning
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return a / b


def _div_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    b = xs[1]
    if b.ndim == 0 and b != 0:  # as in the forward: no division by 0 possible
        return upstream / b if i == 0 else -upstream * out / b
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if i == 0:
            return upstream / b
        return -upstream * out / b


def _div_partial(i: int, a: Value, b: Value, out: Value) -> Value:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return 1.0 / b if i == 0 else -a / (b * b)


_register(
    Op(
        name="div",
        symbol="/",
        arity=2,
        kernel=_div,
        shape=_binary_shape("/"),
        vjp=_div_vjp,
        jvp=_binary_jvp(_div_partial),
        jacobian=_binary_jacobian(_div_partial),
        structure=_binary_structure(("diagonal", "diagonal"), ("diag(1/b)", "diag(−a/b²)")),
        formula=(
            r"\frac{\partial y}{\partial a} = \operatorname{diag}\left(\frac{1}{b}\right)",
            r"\frac{\partial y}{\partial b} = \operatorname{diag}\left(-\frac{a}{b^2}\right)",
        ),
    )
)


def _whole_exponent(b: Value, least: float) -> bool:
    """b is one whole number ≥ least: a ** b can neither divide by 0 nor give nan."""
    return b.ndim == 0 and b >= least and float(b).is_integer()


def _pow(a: Value, b: Value) -> Value:
    if _whole_exponent(b, 0.0):  # x ** 2 and the like: skip np.errstate (~1 µs)
        return np.power(a, b)  # (overflow may warn, as for *)
    # 0 ** −1 = inf, (−8) ** 0.5 = nan, 10 ** 400 = inf: as numpy computes them, silently
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return np.power(a, b)


def _pow_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    a, b = xs
    if i == 0 and _whole_exponent(b, 1.0):  # x ** 2 and the like, as in the forward
        return upstream * (b * np.power(a, b - 1.0))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if i == 0:
            # judgement call (as PyTorch): d(a ** 0)/da = 0, even at a = 0 where
            # b · a ** (b − 1) would be 0 · inf
            return upstream * np.where(b == 0, 0.0, b * np.power(a, b - 1.0))
        # The exponent's gradient out · ln a is only computed when asked for input 1.
        # judgement call (as PyTorch): at a = 0 with b ≥ 0 it is 0, not 0 · (−inf)
        return upstream * np.where((a == 0) & (b >= 0), 0.0, out * np.log(a))


def _pow_partial(i: int, a: Value, b: Value, out: Value) -> Value:
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        if i == 0:
            return np.where(b == 0, 0.0, b * np.power(a, b - 1.0))
        return np.where((a == 0) & (b >= 0), 0.0, out * np.log(a))


_register(
    Op(
        name="pow",
        symbol="**",
        arity=2,
        kernel=_pow,
        shape=_binary_shape("**"),
        vjp=_pow_vjp,
        jvp=_binary_jvp(_pow_partial),
        jacobian=_binary_jacobian(_pow_partial),
        structure=_binary_structure(
            ("diagonal", "diagonal"), ("diag(b · a^(b−1))", "diag(a^b · ln a)")
        ),
        formula=(
            r"\frac{\partial y}{\partial a} = \operatorname{diag}\left(b\,a^{b-1}\right)",
            r"\frac{\partial y}{\partial b} = \operatorname{diag}\left(a^{b}\ln a\right)",
        ),
    )
)


def _maximum_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    mine, other = xs[i], xs[1 - i]
    # judgement call: on a tie (a = b) each input gets half of the upstream gradient
    return upstream * ((mine > other) + 0.5 * (mine == other))


def _minimum_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    mine, other = xs[i], xs[1 - i]
    # judgement call: on a tie (a = b) each input gets half of the upstream gradient
    return upstream * ((mine < other) + 0.5 * (mine == other))


def _maximum_partial(i: int, a: Value, b: Value, out: Value) -> Value:
    mine, other = (a, b) if i == 0 else (b, a)
    return np.where(mine > other, 1.0, np.where(mine == other, 0.5, 0.0))


def _minimum_partial(i: int, a: Value, b: Value, out: Value) -> Value:
    mine, other = (a, b) if i == 0 else (b, a)
    return np.where(mine < other, 1.0, np.where(mine == other, 0.5, 0.0))


_register(
    Op(
        name="maximum",
        symbol="maximum",
        arity=2,
        kernel=np.maximum,
        shape=_binary_shape("maximum"),
        vjp=_maximum_vjp,
        jvp=_binary_jvp(_maximum_partial),
        jacobian=_binary_jacobian(_maximum_partial),
        structure=_binary_structure(
            ("diagonal", "diagonal"), ("diag(1[a > b] + ½·1[a = b])", "diag(1[b > a] + ½·1[a = b])")
        ),
        formula=(
            r"\frac{\partial y}{\partial a} = \operatorname{diag}"
            r"\left(\mathbb{1}[a > b] + \tfrac{1}{2}\mathbb{1}[a = b]\right)",
            r"\frac{\partial y}{\partial b} = \operatorname{diag}"
            r"\left(\mathbb{1}[b > a] + \tfrac{1}{2}\mathbb{1}[a = b]\right)",
        ),
    )
)

_register(
    Op(
        name="minimum",
        symbol="minimum",
        arity=2,
        kernel=np.minimum,
        shape=_binary_shape("minimum"),
        vjp=_minimum_vjp,
        jvp=_binary_jvp(_minimum_partial),
        jacobian=_binary_jacobian(_minimum_partial),
        structure=_binary_structure(
            ("diagonal", "diagonal"), ("diag(1[a < b] + ½·1[a = b])", "diag(1[b < a] + ½·1[a = b])")
        ),
        formula=(
            r"\frac{\partial y}{\partial a} = \operatorname{diag}"
            r"\left(\mathbb{1}[a < b] + \tfrac{1}{2}\mathbb{1}[a = b]\right)",
            r"\frac{\partial y}{\partial b} = \operatorname{diag}"
            r"\left(\mathbb{1}[b < a] + \tfrac{1}{2}\mathbb{1}[a = b]\right)",
        ),
    )
)


# -- unary elementwise ops --------------------------------------------------------------
#
# Each has a vjp written out for speed and a `_derivative(x, out)`, the elementwise
# derivative dy/dx, from which its jvp and its diagonal local Jacobian are built.


#: ``(x, out)``: dy/dx, elementwise
Derivative = Callable[[Value, Value], Value]


def _unary_jvp(derivative: Derivative) -> JvpRule:
    def jvp(tangents: Tangents, xs: Values, out: Value, p: Params) -> Value:
        tangent = tangents[0]
        if tangent is None:
            return np.zeros(np.shape(out))
        return _zeros_or(tangent * derivative(xs[0], out), tangent.shape)

    return jvp


def _unary_jacobian(derivative: Derivative) -> JacobianRule:
    def jacobian(i: int, xs: Values, out: Value, p: Params) -> Array:
        return _diag(derivative(xs[0], out), np.shape(out))

    return jacobian


def _diagonal_structure(text: str | Message) -> StructureRule:
    def structure(i: int, xs: Values, out: Value, p: Params) -> Structure:
        return Structure(
            "diagonal", Message("structure.sized", what=text, sizes=_sizes(i, xs, out))
        )

    return structure


def _unary(
    name: str,
    symbol: str,
    kernel: Kernel,
    vjp: VjpRule,
    derivative: Derivative,
    text: str | Message,
    formula: str,
) -> None:
    _register(
        Op(
            name=name,
            symbol=symbol,
            arity=1,
            shape=_same_shape,
            vjp=vjp,
            jvp=_unary_jvp(derivative),
            jacobian=_unary_jacobian(derivative),
            structure=_diagonal_structure(text),
            formula=(formula,),
            kernel=kernel,
        )
    )


def _neg_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    return -upstream


def _neg_derivative(x: Value, out: Value) -> Value:
    return -1.0


_unary(
    name="neg",
    symbol="neg",
    kernel=operator.neg,
    vjp=_neg_vjp,
    derivative=_neg_derivative,
    text=_NEGATIVE_IDENTITY,
    formula=r"\frac{\partial y}{\partial x} = -I",
)


def _exp_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    return upstream * out


def _exp_derivative(x: Value, out: Value) -> Value:
    return out


_unary(
    name="exp",
    symbol="exp",
    # not wrapped in np.errstate (hot op): exp(1000) = inf may warn once, as numpy does
    kernel=np.exp,
    vjp=_exp_vjp,
    derivative=_exp_derivative,
    text="diag(y)",
    formula=r"\frac{\partial y}{\partial x} = \operatorname{diag}(e^{x}) = \operatorname{diag}(y)",
)


def _log(x: Value) -> Value:
    # log(0) = −inf and log(−1) = nan, as numpy computes them, without a warning
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(x)


def _log_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    with np.errstate(divide="ignore", invalid="ignore"):
        return upstream / xs[0]


def _log_derivative(x: Value, out: Value) -> Value:
    with np.errstate(divide="ignore"):
        return 1.0 / x


_unary(
    name="log",
    symbol="log",
    kernel=_log,
    vjp=_log_vjp,
    derivative=_log_derivative,
    text="diag(1/x)",
    formula=r"\frac{\partial y}{\partial x} = \operatorname{diag}\left(\frac{1}{x}\right)",
)


def _sqrt(x: Value) -> Value:
    with np.errstate(invalid="ignore"):  # sqrt(−1) = nan, silently
        return np.sqrt(x)


def _sqrt_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    with np.errstate(divide="ignore", invalid="ignore"):  # sqrt'(0) = inf
        return 0.5 * upstream / out


def _sqrt_derivative(x: Value, out: Value) -> Value:
    with np.errstate(divide="ignore"):
        return 0.5 / out


_unary(
    name="sqrt",
    symbol="sqrt",
    kernel=_sqrt,
    vjp=_sqrt_vjp,
    derivative=_sqrt_derivative,
    text="diag(1/(2√x))",
    formula=r"\frac{\partial y}{\partial x} = \operatorname{diag}\left(\frac{1}{2\sqrt{x}}\right)",
)


def _abs_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    # judgement call: abs'(0) = 0 (np.sign(0) is 0)
    return upstream * np.sign(xs[0])


def _abs_derivative(x: Value, out: Value) -> Value:
    return np.sign(x)  # abs'(0) = 0, as in the vjp


_unary(
    name="abs",
    symbol="abs",
    kernel=np.abs,
    vjp=_abs_vjp,
    derivative=_abs_derivative,
    text="diag(sign x)",
    formula=r"\frac{\partial y}{\partial x} = \operatorname{diag}(\operatorname{sign} x)",
)


def _tanh_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    slope = out * out
    if type(slope) is np.ndarray and slope.shape == upstream.shape:
        # the same three operations, written into the one new array: a large tensor's
        # pass allocates (and first touches) one array instead of three
        np.subtract(1.0, slope, out=slope)
        slope *= upstream
        return slope
    return upstream * (1.0 - slope)


def _tanh_derivative(x: Value, out: Value) -> Value:
    return 1.0 - np.square(out)


_unary(
    name="tanh",
    symbol="tanh",
    kernel=np.tanh,
    vjp=_tanh_vjp,
    derivative=_tanh_derivative,
    text="diag(1 − y²)",
    formula=r"\frac{\partial y}{\partial x} = \operatorname{diag}\left(1 - y^2\right)",
)


def _sigmoid(x: Value) -> Value:
    # 1 / (1 + e^−x) written as exp(−log(1 + e^−x)): no overflow warning at x = −1000,
    # and full relative precision for very negative x (sigmoid(−40) ≈ 4.2e−18, not 0).
    return np.exp(-np.logaddexp(0.0, -x))


def _sigmoid_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    return upstream * (out * (1.0 - out))


def _sigmoid_derivative(x: Value, out: Value) -> Value:
    return out - np.square(out)


_unary(
    name="sigmoid",
    symbol="σ",
    kernel=_sigmoid,
    vjp=_sigmoid_vjp,
    derivative=_sigmoid_derivative,
    text="diag(y(1 − y))",
    formula=r"\frac{\partial y}{\partial x} = \operatorname{diag}\left(y(1 - y)\right)",
)


def _relu(x: Value) -> Value:
    return np.maximum(x, 0.0)


def _relu_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    # judgement call: relu'(0) = 0
    return upstream * (xs[0] > 0.0)


def _relu_derivative(x: Value, out: Value) -> Value:
    return np.where(x > 0.0, 1.0, 0.0)  # relu'(0) = 0, as in the vjp


_unary(
    name="relu",
    symbol="relu",
    kernel=_relu,
    vjp=_relu_vjp,
    derivative=_relu_derivative,
    text="diag(1[x > 0])",
    formula=r"\frac{\partial y}{\partial x} = \operatorname{diag}\left(\mathbb{1}[x > 0]\right)",
)


def _sin_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    return upstream * np.cos(xs[0])


def _sin_derivative(x: Value, out: Value) -> Value:
    return np.cos(x)


_unary(
    name="sin",
    symbol="sin",
    kernel=np.sin,
    vjp=_sin_vjp,
    derivative=_sin_derivative,
    text="diag(cos x)",
    formula=r"\frac{\partial y}{\partial x} = \operatorname{diag}(\cos x)",
)


def _cos_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    return -upstream * np.sin(xs[0])


def _cos_derivative(x: Value, out: Value) -> Value:
    return -np.sin(x)


_unary(
    name="cos",
    symbol="cos",
    kernel=np.cos,
    vjp=_cos_vjp,
    derivative=_cos_derivative,
    text="diag(−sin x)",
    formula=r"\frac{\partial y}{\partial x} = \operatorname{diag}(-\sin x)",
)


# -- matrix products ---------------------------------------------------------------------


def _product_shape(a: Shape, b: Shape, symbol: str) -> Shape:
    """numpy matmul's shape rule, with messages that name both shapes."""
    if not a or not b:
        raise _product_error(a, b, symbol, Message("core.matmul.scalar"))
    k_left = a[-1]
    k_right = b[0] if len(b) == 1 else b[-2]
    if k_left != k_right:
        where = "core.matmul.first_axis" if len(b) <= 2 else "core.matmul.second_to_last_axis"
        why = Message("core.matmul.inner", k=k_left, where=Message(where), k2=k_right)
        raise _product_error(a, b, symbol, why)
    batch_a, batch_b = a[:-2], b[:-2]
    conflict = _broadcast_conflict(batch_a, batch_b)
    if conflict is not None:
        axis, da, db = conflict
        why = Message("core.matmul.batch", a=batch_a, b=batch_b, axis=axis, da=da, db=db)
        raise _product_error(a, b, symbol, why)
    batch = _broadcast_shape(batch_a, batch_b, symbol)
    return batch + a[-2:-1] + b[-1:] if len(b) >= 2 else batch + a[-2:-1]


def _product_error(a: Shape, b: Shape, symbol: str, why: Message) -> ShapeError:
    return ShapeError(Message("core.matmul.shapes", a=a, b=b, op=symbol, why=why))


def _matmul_shape(in_shapes: tuple[Shape, ...], p: Params) -> Shape:
    return _product_shape(in_shapes[0], in_shapes[1], "@")


def _matmul_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    a, b = xs
    if a.ndim == 2 and b.ndim == 2:  # the common case, without the general bookkeeping
        return upstream @ b.T if i == 0 else a.T @ upstream
    if a.ndim == 2 and b.ndim == 1:  # matrix · vector: one product, batched or not
        return upstream[..., None] * b if i == 0 else upstream @ a
    # As numpy does: a vector on the left is a row (1, k), a vector on the right a
    # column (k, 1); the upstream gets the matching unit axes back.
    if b.ndim == 1:
        upstream = upstream[..., None]
        b = b[:, None]
    if a.ndim == 1:
        upstream = upstream[..., None, :]
        a = a[None, :]
    # The result has the broadcast batch axes; the caller unbroadcasts.
    if i == 0:
        downstream = upstream @ np.swapaxes(b, -1, -2)
        return downstream[..., 0, :] if xs[0].ndim == 1 else downstream
    downstream = np.swapaxes(a, -1, -2) @ upstream
    return downstream[..., 0] if xs[1].ndim == 1 else downstream


def _batched_product(a: Array, b: Array, a_ndim: int, b_ndim: int, lead: int) -> Array:
    """``a @ b`` where exactly one operand carries ``lead`` leading batch axes in front
    of its own rank (``a_ndim``, ``b_ndim``).

    As numpy does, a vector becomes a row (left) or a column (right); the batched
    operand then gets unit axes after its batch axes, so that numpy's right-aligned
    batch broadcasting lines up the rest, and the vector axes are dropped again.
    """
    if a_ndim == 1:
        a = a[..., None, :]
    if b_ndim == 1:
        b = b[..., None]
    core = max(max(a_ndim, 2), max(b_ndim, 2))  # the unbatched product's rank
    if a.ndim > max(a_ndim, 2):  # a is the batched operand
        a = a.reshape(a.shape[:lead] + (1,) * (core - a.ndim + lead) + a.shape[lead:])
    else:
        b = b.reshape(b.shape[:lead] + (1,) * (core - b.ndim + lead) + b.shape[lead:])
    product = a @ b
    if b_ndim == 1:
        product = product[..., 0]
    if a_ndim == 1:
        product = product[..., 0] if b_ndim == 1 else product[..., 0, :]
    return product


def _matmul_jvp(tangents: Tangents, xs: Values, out: Value, p: Params) -> Value:
    ta, tb = tangents
    a, b = xs
    tangent: Value = None
    lead: Shape = ()
    if ta is not None:
        lead = _lead(ta, a.ndim)
        if not lead or b.ndim <= 2:  # b has no batch axes: ta's leading axes stay in front
            tangent = ta @ b
        else:
            tangent = _batched_product(ta, b, a.ndim, b.ndim, len(lead))
    if tb is not None:
        lead = _lead(tb, b.ndim)
        if not lead or (a.ndim <= 2 and b.ndim >= 2):
            part = a @ tb
        elif a.ndim <= 2 and b.ndim == 1:  # A · (a batch of vectors): one product
            # Aᵀ made contiguous first: OpenBLAS multiplies by a transposed view several
            # times slower at these sizes, and the copy is 1/batch of the product's work
            part = tb @ np.ascontiguousarray(a.T)
        else:
            part = _batched_product(a, tb, a.ndim, b.ndim, len(lead))
        tangent = part if tangent is None else tangent + part
    return _zeros_or(tangent, lead + np.shape(out))


def _matmul_jacobian(i: int, xs: Values, out: Value, p: Params) -> Array:
    a, b = xs
    a2 = a[None, :] if a.ndim == 1 else a
    b2 = b[:, None] if b.ndim == 1 else b
    batch = np.broadcast_shapes(a2.shape[:-2], b2.shape[:-2])
    n, k = a2.shape[-2:]
    m = b2.shape[-1]
    s = prod(batch)
    same_batch = np.eye(s)  # the Jacobian is block-diagonal over the batch
    if i == 0:
        # d out[s, r, j] / d a[t, p, q] = δ(s, t) δ(r, p) b[s, q, j]
        b3 = np.broadcast_to(b2, batch + (k, m)).reshape(s, k, m)
        local = np.einsum("st,rp,sqj->srjtpq", same_batch, np.eye(n), b3)
        wide = batch + a.shape[-1:] if a.ndim == 1 else batch + (n, k)
    else:
        # d out[s, r, j] / d b[t, p, q] = δ(s, t) δ(j, q) a[s, r, p]
        a3 = np.broadcast_to(a2, batch + (n, k)).reshape(s, n, k)
        local = np.einsum("st,jq,srp->srjtpq", same_batch, np.eye(m), a3)
        wide = batch + b.shape[:1] if b.ndim == 1 else batch + (k, m)
    out_shape = np.shape(out)
    return unbroadcast_local(local.reshape(out_shape + wide), len(out_shape), np.shape(xs[i]))


def _matmul_structure(i: int, xs: Values, out: Value, p: Params) -> Structure:
    a, b = xs
    text: str | Message
    if a.ndim == 1 and b.ndim == 1:
        text = Message("structure.one_row_of", what="bᵀ" if i == 0 else "aᵀ")
    elif a.ndim == 1:  # vector · matrix
        text = "Bᵀ" if i == 0 else "aᵀ ⊗ I"
    elif b.ndim == 1:  # matrix · vector
        text = "I ⊗ bᵀ" if i == 0 else "A"
    else:
        text = "I ⊗ Bᵀ" if i == 0 else "A ⊗ I"
    key = "structure.matmul"
    batch = np.broadcast_shapes(a.shape[:-2], b.shape[:-2])
    if batch:
        key = "structure.matmul.batched"
        if xs[i].shape[:-2] != batch:
            key = "structure.matmul.batched_summed"
    return Structure("matmul", Message(key, what=text, sizes=_sizes(i, xs, out)))


_MATMUL_FORMULA = (
    r"\frac{\partial (AB)}{\partial A} = I \otimes B^{\top}",
    r"\frac{\partial (AB)}{\partial B} = A \otimes I",
)

_register(
    Op(
        name="matmul",
        symbol="@",
        arity=2,
        kernel=operator.matmul,
        shape=_matmul_shape,
        vjp=_matmul_vjp,
        jvp=_matmul_jvp,
        jacobian=_matmul_jacobian,
        structure=_matmul_structure,
        formula=_MATMUL_FORMULA,
    )
)


def _dot_shape(in_shapes: tuple[Shape, ...], p: Params) -> Shape:
    a, b = in_shapes
    if len(a) > 2 or len(b) > 2:
        raise _product_error(a, b, "dot", Message("core.dot.rank"))
    if not a or not b:  # numpy's dot with a scalar is elementwise multiplication
        return a if a else b
    return _product_shape(a, b, "dot")


def _dot_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    if xs[0].ndim == 0 or xs[1].ndim == 0:
        return upstream * xs[1 - i]
    return _matmul_vjp(upstream, i, xs, out, p)


def _dot_jvp(tangents: Tangents, xs: Values, out: Value, p: Params) -> Value:
    if xs[0].ndim == 0 or xs[1].ndim == 0:
        return OPS["mul"].jvp(tangents, xs, out, p)
    return _matmul_jvp(tangents, xs, out, p)


def _dot_jacobian(i: int, xs: Values, out: Value, p: Params) -> Array:
    if xs[0].ndim == 0 or xs[1].ndim == 0:
        return OPS["mul"].jacobian(i, xs, out, p)
    return _matmul_jacobian(i, xs, out, p)


def _dot_structure(i: int, xs: Values, out: Value, p: Params) -> Structure:
    if xs[0].ndim == 0 or xs[1].ndim == 0:
        return OPS["mul"].structure(i, xs, out, p)
    return _matmul_structure(i, xs, out, p)


_register(
    Op(
        name="dot",
        symbol="dot",
        arity=2,
        kernel=np.dot,
        shape=_dot_shape,
        vjp=_dot_vjp,
        jvp=_dot_jvp,
        jacobian=_dot_jacobian,
        structure=_dot_structure,
        formula=_MATMUL_FORMULA,
    )
)


# -- moving entries around: transpose, reshape, index -----------------------------------


def _transpose_shape(in_shapes: tuple[Shape, ...], p: Params) -> Shape:
    shape, axes = in_shapes[0], p["axes"]
    if sorted(axes) != list(range(len(shape))):
        raise ArgumentError(
            Message("core.transpose.shape", axes=axes, shape=shape, high=len(shape) - 1)
        )
    return tuple(shape[a] for a in axes)


def _transpose_forward(xs: Values, p: Params) -> Value:
    return np.transpose(xs[0], p["axes"])


def _batch_axes(axes: Sequence[int], lead: int) -> list[int]:
    """A permutation of an array's own axes, with ``lead`` batch axes kept in front."""
    return list(range(lead)) + [lead + a for a in axes]


def _transpose_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    axes = p["axes"]
    inverse = [0] * len(axes)
    for position, axis in enumerate(axes):
        inverse[axis] = position
    lead = upstream.ndim - len(axes)
    return np.transpose(upstream, _batch_axes(inverse, lead) if lead else inverse)


def _transpose_jvp(tangents: Tangents, xs: Values, out: Value, p: Params) -> Value:
    tangent = tangents[0]
    if tangent is None:
        return np.zeros(out.shape)
    lead = tangent.ndim - len(p["axes"])
    return np.transpose(tangent, _batch_axes(p["axes"], lead))


def _transpose_jacobian(i: int, xs: Values, out: Value, p: Params) -> Array:
    shifted = (0,) + tuple(a + 1 for a in p["axes"])
    return _linear_local(lambda basis: np.transpose(basis, shifted), xs[0].shape, out.shape)


def _transpose_structure(i: int, xs: Values, out: Value, p: Params) -> Structure:
    text = Message(
        "structure.permutation", n=np.size(out), axes=p["axes"], sizes=_sizes(i, xs, out)
    )
    return Structure("permutation", text)


_register(
    Op(
        name="transpose",
        symbol="transpose",
        arity=1,
        forward=_transpose_forward,
        shape=_transpose_shape,
        vjp=_transpose_vjp,
        jvp=_transpose_jvp,
        jacobian=_transpose_jacobian,
        structure=_transpose_structure,
        formula=(r"\frac{\partial y}{\partial x} = P_{\sigma} \text{ (a permutation matrix)}",),
    )
)


def _reshape_shape(in_shapes: tuple[Shape, ...], p: Params) -> Shape:
    shape = in_shapes[0]
    target: Shape = p["shape"]
    if prod(shape) != prod(target):
        raise ArgumentError(
            Message("core.reshape.shapes", a=shape, n=prod(shape), b=target, m=prod(target))
        )
    return target


def _reshape_forward(xs: Values, p: Params) -> Value:
    return xs[0].reshape(p["shape"])


def _reshape_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    return upstream.reshape(_lead(upstream, len(p["shape"])) + xs[0].shape)


def _reshape_jvp(tangents: Tangents, xs: Values, out: Value, p: Params) -> Value:
    tangent = tangents[0]
    if tangent is None:
        return np.zeros(out.shape)
    return tangent.reshape(_lead(tangent, xs[0].ndim) + p["shape"])


def _reshape_jacobian(i: int, xs: Values, out: Value, p: Params) -> Array:
    target = tuple(p["shape"])
    return _linear_local(
        lambda basis: basis.reshape(basis.shape[:1] + target), xs[0].shape, out.shape
    )


def _reshape_structure(i: int, xs: Values, out: Value, p: Params) -> Structure:
    return Structure(
        "identity", Message("structure.reshape", shape=out.shape, sizes=_sizes(i, xs, out))
    )


_register(
    Op(
        name="reshape",
        symbol="reshape",
        arity=1,
        forward=_reshape_forward,
        shape=_reshape_shape,
        vjp=_reshape_vjp,
        jvp=_reshape_jvp,
        jacobian=_reshape_jacobian,
        structure=_reshape_structure,
        formula=(r"\frac{\partial y}{\partial x} = I \text{ (entries in row-major order)}",),
    )
)


def _index_shape(in_shapes: tuple[Shape, ...], p: Params) -> Shape:
    """numpy's indexing shape rule for int / slice / ... / one 1-D integer array."""
    shape, index = in_shapes[0], p["index"]
    explicit = sum(1 for item in index if item is not Ellipsis)
    if explicit > len(shape):
        raise ArgumentError(
            Message("core.index.too_many_for_shape", shape=shape, n=explicit, m=len(shape))
        )
    has_array = any(isinstance(item, np.ndarray) for item in index)
    dims: list[int] = []
    advanced: list[int] = []  # positions in `index` of the advanced entries
    insert_at = 0  # where numpy puts the array's axis when the advanced entries are adjacent
    array_length = 0
    axis = 0
    for position, item in enumerate(index):
        if item is Ellipsis:
            for _ in range(len(shape) - explicit):
                dims.append(shape[axis])
                axis += 1
            continue
        size = shape[axis]
        if isinstance(item, slice):
            dims.append(len(range(*item.indices(size))))
        else:
            entries = np.ravel(item)
            if entries.size and (entries.min() < -size or entries.max() >= size):
                bad = entries.min() if entries.min() < -size else entries.max()
                raise ArgumentError(
                    Message(
                        "core.index.out_of_range_for_shape",
                        index=bad,
                        axis=axis,
                        shape=shape,
                        n=size,
                    )
                )
            if has_array:  # with an array, integers are advanced indices too (numpy)
                if not advanced:
                    insert_at = len(dims)
                advanced.append(position)
                if isinstance(item, np.ndarray):
                    array_length = len(item)
        axis += 1
    dims.extend(shape[axis:])
    if has_array:
        # numpy: adjacent advanced entries put their axis in place, otherwise first
        # ("..." between them counts as a separation, even when it stands for no axes)
        adjacent = advanced[-1] - advanced[0] == len(advanced) - 1
        dims.insert(insert_at if adjacent else 0, array_length)
    return tuple(dims)


def _index_forward(xs: Values, p: Params) -> Value:
    return xs[0][p["index"]]


def _sources(x_shape: Shape, index: tuple[Any, ...]) -> NDArray[np.intp]:
    """For every output entry, the flat position of the input entry it reads."""
    sources: NDArray[np.intp] = np.arange(prod(x_shape)).reshape(x_shape)[index]
    return sources


def _index_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    index, x_shape = p["index"], xs[0].shape
    lead = _lead(upstream, np.ndim(out))
    downstream = np.zeros(lead + x_shape)
    for item in index:
        if type(item) is np.ndarray:
            # repeated entries in an integer list must add up: np.add.at accumulates.
            # Batched, the flat source positions place every output entry (numpy may
            # move an integer list's axis to the front, ahead of the batch axes).
            if not lead:
                np.add.at(downstream, index, upstream)
                return downstream
            source = _sources(x_shape, index).reshape(-1)
            flat = downstream.reshape(prod(lead), prod(x_shape))  # a view: writes land
            every_row: Any = (slice(None), source)  # numpy's stubs miss tuple indices for .at
            np.add.at(flat, every_row, upstream.reshape(prod(lead), source.size))
            return downstream
    # slices and integers never pick an entry twice; the batch axes are taken whole
    downstream[(slice(None),) * len(lead) + index] = upstream
    return downstream


def _index_jvp(tangents: Tangents, xs: Values, out: Value, p: Params) -> Value:
    tangent = tangents[0]
    if tangent is None:
        return np.zeros(np.shape(out))
    x_shape = np.shape(xs[0])
    lead = _lead(tangent, len(x_shape))
    if not lead:
        return _zeros_or(tangent[p["index"]], np.shape(out))
    if any(type(item) is np.ndarray for item in p["index"]):
        # numpy may move an integer list's axis to the front: gather by flat position
        return tangent.reshape(lead + (prod(x_shape),))[..., _sources(x_shape, p["index"])]
    return tangent[(slice(None),) * len(lead) + p["index"]]


def _index_jacobian(i: int, xs: Values, out: Value, p: Params) -> Array:
    x_shape, out_shape = np.shape(xs[0]), np.shape(out)
    # for every output entry, the flat position of the input entry it reads
    source = np.ravel(np.arange(prod(x_shape)).reshape(x_shape)[p["index"]])
    local = np.zeros((source.size, prod(x_shape)))
    # one 1 per row; a repeated index puts several 1s in its column, so they add up
    np.add.at(local, (np.arange(source.size), source), 1.0)
    return local.reshape(out_shape + x_shape)


def _index_structure(i: int, xs: Values, out: Value, p: Params) -> Structure:
    x_shape = np.shape(xs[0])
    source = np.arange(prod(x_shape)).reshape(x_shape)[p["index"]]
    repeated = np.unique(source).size < np.size(source)
    key = "structure.index.repeated" if repeated else "structure.index"
    text = Message(key, n=np.size(out), m=np.size(xs[0]), sizes=_sizes(i, xs, out))
    return Structure("selection", text)


_register(
    Op(
        name="index",
        symbol="[]",
        arity=1,
        forward=_index_forward,
        shape=_index_shape,
        vjp=_index_vjp,
        jvp=_index_jvp,
        jacobian=_index_jacobian,
        structure=_index_structure,
        formula=(
            r"\frac{\partial y_j}{\partial x_k} = \mathbb{1}[\text{output } j"
            r"\text{ reads input } k]",
        ),
    )
)


# -- reductions: sum, mean, max, min, logsumexp ------------------------------------------
#
# Every reduction's local Jacobian is the Jacobian of sum (a 1 wherever an input entry
# feeds an output entry) times a per-input weight: 1 for sum, 1/n for mean, the share of
# a (tied) extremum for max/min, the softmax for logsumexp.


def _reduce_shape(in_shapes: tuple[Shape, ...], p: Params) -> Shape:
    shape = in_shapes[0]
    axes = _reduced_axes(p, len(shape))
    _check_axes(shape, axes, Message("core.what.reduction"))
    if p["keepdims"]:
        return _kept_shape(shape, axes)
    return tuple(n for j, n in enumerate(shape) if j not in axes)


def _expand(upstream: Value, x_shape: Shape, out: Value, p: Params) -> Array:
    """The upstream gradient repeated along the reduced axes, as a read-only view of x_shape
    (after the batch axes, if any).

    A view, not a copy: the next rule multiplies it into a new array anyway, and
    the engine copies any view it hands to a user as a leaf's ``.grad``.
    """
    lead = _lead(upstream, out.ndim)
    if not p["keepdims"] and upstream.ndim:  # a 0-d upstream broadcasts as it is
        upstream = upstream.reshape(lead + _kept_shape(x_shape, p["axis"]))
    return _broadcast_view(upstream, lead + x_shape)


def _kept(value: Value, x_shape: Shape, p: Params, lead: Shape = ()) -> Value:
    """A reduction's output (or upstream) with the reduced axes kept as 1."""
    if p["keepdims"]:
        return value
    return np.reshape(value, lead + _kept_shape(x_shape, p["axis"]))


def _count(x_shape: Shape, p: Params) -> int:
    """How many input entries feed each output entry."""
    axis = p["axis"]
    return prod(x_shape) if axis is None else prod(x_shape[a] for a in axis)


def _sum_local(x_shape: Shape, out_shape: Shape, p: Params) -> Array:
    """The Jacobian of sum: 1 where an input entry feeds an output entry."""
    shifted = tuple(a + 1 for a in _reduced_axes(p, len(x_shape)))
    keepdims = p["keepdims"]
    return _linear_local(
        lambda basis: basis.sum(axis=shifted, keepdims=keepdims), x_shape, out_shape
    )


#: ``(x, out, p)``: each input entry's weight in its output entry, shaped like the input
Weights = Callable[[Value, Value, Params], Value]


def _reduction_jvp(weights: Weights) -> JvpRule:
    def jvp(tangents: Tangents, xs: Values, out: Value, p: Params) -> Value:
        tangent = tangents[0]
        if tangent is None:
            return np.zeros(np.shape(out))
        x_ndim = np.ndim(xs[0])
        weighted = tangent * weights(xs[0], out, p)
        axes = tuple(a - x_ndim for a in _reduced_axes(p, x_ndim))  # from the end: batches
        return _zeros_or(
            np.sum(weighted, axis=axes, keepdims=p["keepdims"]),
            _lead(tangent, x_ndim) + np.shape(out),
        )

    return jvp


def _reduction_jacobian(weights: Weights) -> JacobianRule:
    def jacobian(i: int, xs: Values, out: Value, p: Params) -> Array:
        x_shape = np.shape(xs[0])
        # weights has the input's shape and lines up with the input part of the local
        local: Array = _sum_local(x_shape, np.shape(out), p) * weights(xs[0], out, p)
        return local

    return jacobian


def _reduction_structure(kind: str, key: str) -> StructureRule:
    """``key``: the text, a ``structure.*`` key with the reduced ``{axes}``."""

    def structure(i: int, xs: Values, out: Value, p: Params) -> Structure:
        axes = _reduced_axes(p, np.ndim(xs[0]))
        sizes = _sizes(i, xs, out)
        if not axes:
            return Structure("identity", Message("structure.no_axis_reduced", sizes=sizes))
        return Structure(kind, Message(key, axes=_axes_text(axes), sizes=sizes))

    return structure


def _sum_forward(xs: Values, p: Params) -> Value:
    return _sum(xs[0], axis=p["axis"], keepdims=p["keepdims"])


def _sum_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    return _expand(upstream, xs[0].shape, out, p)


def _sum_weights(x: Value, out: Value, p: Params) -> Value:
    return 1.0


_register(
    Op(
        name="sum",
        symbol="Σ",
        arity=1,
        forward=_sum_forward,
        shape=_reduce_shape,
        vjp=_sum_vjp,
        jvp=_reduction_jvp(_sum_weights),
        jacobian=_reduction_jacobian(_sum_weights),
        structure=_reduction_structure("reduction", "structure.sum"),
        formula=(r"\frac{\partial y}{\partial x} = \mathbf{1}^{\top}",),
    )
)


def _mean_forward(xs: Values, p: Params) -> Value:
    x = xs[0]
    count = _count(x.shape, p)
    if count == 0:  # the mean of nothing is nan, as numpy says, without its warning
        return np.full(_reduce_shape((x.shape,), p), np.nan)
    return _sum(x, axis=p["axis"], keepdims=p["keepdims"]) / count


def _mean_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    x_shape = xs[0].shape
    count = _count(x_shape, p)
    if count == 0:  # the input has no entries
        return np.zeros(_lead(upstream, out.ndim) + x_shape)
    return _expand(upstream / count, x_shape, out, p)  # divided before it is repeated


def _mean_weights(x: Value, out: Value, p: Params) -> Value:
    count = _count(np.shape(x), p)
    return 1.0 / count if count else 0.0


_register(
    Op(
        name="mean",
        symbol="mean",
        arity=1,
        forward=_mean_forward,
        shape=_reduce_shape,
        vjp=_mean_vjp,
        jvp=_reduction_jvp(_mean_weights),
        jacobian=_reduction_jacobian(_mean_weights),
        structure=_reduction_structure("reduction", "structure.mean"),
        formula=(r"\frac{\partial y}{\partial x} = \tfrac{1}{n}\mathbf{1}^{\top}",),
    )
)


def _extremum_shape(name: str) -> ShapeRule:
    def shape(in_shapes: tuple[Shape, ...], p: Params) -> Shape:
        if prod(in_shapes[0]) == 0:
            raise ShapeError(_empty_extremum(name, in_shapes[0]))
        return _reduce_shape(in_shapes, p)

    return shape


def _empty_extremum(name: str, shape: Shape) -> Message:
    return Message("core.extremum.empty", name=name, shape=shape)


def _max_forward(xs: Values, p: Params) -> Value:
    x = xs[0]
    if x.size == 0:
        raise ShapeError(_empty_extremum("max", x.shape))
    return np.max(x, axis=p["axis"], keepdims=p["keepdims"])


def _min_forward(xs: Values, p: Params) -> Value:
    x = xs[0]
    if x.size == 0:
        raise ShapeError(_empty_extremum("min", x.shape))
    return np.min(x, axis=p["axis"], keepdims=p["keepdims"])


def _extremum_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    x = xs[0]
    # `out` is the max (or the min): the entries equal to it are the extrema.
    # judgement call: tied extrema split the upstream gradient evenly
    winners = x == _kept(out, x.shape, p)
    lead = _lead(upstream, out.ndim)
    share = _kept(upstream, x.shape, p, lead) / np.sum(winners, axis=p["axis"], keepdims=True)
    return winners * share


def _extremum_weights(x: Value, out: Value, p: Params) -> Value:
    winners = np.where(x == _kept(out, np.shape(x), p), 1.0, 0.0)
    # ties split evenly, as in the vjp
    return winners / np.sum(winners, axis=_reduced_axes(p, np.ndim(x)), keepdims=True)


for _name, _forward in (("max", _max_forward), ("min", _min_forward)):
    _register(
        Op(
            name=_name,
            symbol=_name,
            arity=1,
            forward=_forward,
            shape=_extremum_shape(_name),
            vjp=_extremum_vjp,
            jvp=_reduction_jvp(_extremum_weights),
            jacobian=_reduction_jacobian(_extremum_weights),
            structure=_reduction_structure("selection", f"structure.{_name}"),
            formula=(
                r"\frac{\partial y}{\partial x_k} = \frac{\mathbb{1}[x_k = y]}"
                r"{\#\{j : x_j = y\}}",
            ),
        )
    )


def _logsumexp_forward(xs: Values, p: Params) -> Value:
    x, axis, keepdims = xs[0], p["axis"], p["keepdims"]
    with np.errstate(divide="ignore"):  # all −inf (or nothing) to sum: log(0) = −inf
        if x.size == 0:
            return np.log(np.sum(np.exp(x), axis=axis, keepdims=keepdims))
        # stable at ±1000: subtract the max before exp (an infinite max is not subtracted)
        shift = np.max(x, axis=axis, keepdims=True)
        shift = np.where(np.isfinite(shift), shift, 0.0)
        total = np.log(np.sum(np.exp(x - shift), axis=axis, keepdims=True)) + shift
    return total if keepdims else np.squeeze(total, axis=axis)


def _logsumexp_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    x = xs[0]
    lead = _lead(upstream, out.ndim)
    return _kept(upstream, x.shape, p, lead) * np.exp(x - _kept(out, x.shape, p))


def _softmax_weights(x: Value, out: Value, p: Params) -> Value:
    return np.exp(x - _kept(out, np.shape(x), p))


_register(
    Op(
        name="logsumexp",
        symbol="logsumexp",
        arity=1,
        forward=_logsumexp_forward,
        shape=_reduce_shape,
        vjp=_logsumexp_vjp,
        jvp=_reduction_jvp(_softmax_weights),
        jacobian=_reduction_jacobian(_softmax_weights),
        structure=_reduction_structure("reduction", "structure.logsumexp"),
        formula=(r"\frac{\partial y}{\partial x} = \operatorname{softmax}(x)^{\top}",),
    )
)


# -- softmax, log_softmax ----------------------------------------------------------------


def _normaliser_shape(in_shapes: tuple[Shape, ...], p: Params) -> Shape:
    shape = in_shapes[0]
    _check_axes(shape, (p["axis"],), "softmax")
    return shape


def _log_softmax(x: Value, axis: int) -> Value:
    # stable at ±1000: subtract the max so exp never overflows
    shifted = x - _max(x, axis=axis, keepdims=True)
    return shifted - np.log(_sum(np.exp(shifted), axis=axis, keepdims=True))


def _softmax(x: Value, axis: int) -> Value:
    # stable at ±1000: exp(x − max) is at most 1
    e = np.exp(x - _max(x, axis=axis, keepdims=True))
    return e / _sum(e, axis=axis, keepdims=True)


def _softmax_forward(xs: Values, p: Params) -> Value:
    x = xs[0]
    if x.size == 0:
        return np.zeros(x.shape)
    return _softmax(x, p["axis"])


def _softmax_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    axis = p["axis"] - out.ndim  # counted from the end, past any batch axes
    return out * (upstream - np.sum(upstream * out, axis=axis, keepdims=True))


def _softmax_jvp(tangents: Tangents, xs: Values, out: Value, p: Params) -> Value:
    tangent = tangents[0]
    if tangent is None:
        return np.zeros(out.shape)
    axis = p["axis"] - out.ndim
    return out * (tangent - np.sum(tangent * out, axis=axis, keepdims=True))


def _same_slice(shape: Shape, axis: int) -> Array:
    """1 where two entries lie in the same slice along ``axis`` (shape ``shape + shape``)."""
    return _linear_local(
        lambda basis: np.broadcast_to(basis.sum(axis=axis + 1, keepdims=True), basis.shape),
        shape,
        shape,
    )


def _softmax_jacobian(i: int, xs: Values, out: Value, p: Params) -> Array:
    shape = out.shape
    rows = out.reshape(shape + (1,) * len(shape))  # y_o, constant along the input part
    # d y_o / d x_k = y_o (δ_ok − y_k) within a slice, 0 across slices
    local: Array = _diag(out, shape) - rows * out * _same_slice(shape, p["axis"])
    return local


def _log_softmax_forward(xs: Values, p: Params) -> Value:
    x = xs[0]
    if x.size == 0:
        return np.zeros(x.shape)
    return _log_softmax(x, p["axis"])


def _log_softmax_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    axis = p["axis"] - out.ndim  # counted from the end, past any batch axes
    return upstream - np.exp(out) * np.sum(upstream, axis=axis, keepdims=True)


def _log_softmax_jvp(tangents: Tangents, xs: Values, out: Value, p: Params) -> Value:
    tangent = tangents[0]
    if tangent is None:
        return np.zeros(out.shape)
    axis = p["axis"] - out.ndim
    return tangent - np.sum(tangent * np.exp(out), axis=axis, keepdims=True)


def _log_softmax_jacobian(i: int, xs: Values, out: Value, p: Params) -> Array:
    # d y_o / d x_k = δ_ok − softmax_k within a slice, 0 across slices
    probs = np.exp(out)
    local: Array = _identity(out.shape) - _same_slice(out.shape, p["axis"]) * probs
    return local


def _normaliser_structure(text: str) -> StructureRule:
    def structure(i: int, xs: Values, out: Value, p: Params) -> Structure:
        sizes = _sizes(i, xs, out)
        return Structure(
            "dense", Message("structure.per_slice", what=text, axis=p["axis"], sizes=sizes)
        )

    return structure


_register(
    Op(
        name="softmax",
        symbol="softmax",
        arity=1,
        forward=_softmax_forward,
        shape=_normaliser_shape,
        vjp=_softmax_vjp,
        jvp=_softmax_jvp,
        jacobian=_softmax_jacobian,
        structure=_normaliser_structure("diag(y) − y yᵀ"),
        formula=(r"\frac{\partial y}{\partial x} = \operatorname{diag}(y) - y\,y^{\top}",),
    )
)

_register(
    Op(
        name="log_softmax",
        symbol="log_softmax",
        arity=1,
        forward=_log_softmax_forward,
        shape=_normaliser_shape,
        vjp=_log_softmax_vjp,
        jvp=_log_softmax_jvp,
        jacobian=_log_softmax_jacobian,
        structure=_normaliser_structure("I − 1 softmax(x)ᵀ"),
        formula=(
            r"\frac{\partial y}{\partial x} = I - \mathbf{1}\,\operatorname{softmax}(x)^{\top}",
        ),
    )
)


# -- joining: concat, stack ---------------------------------------------------------------


def _concat_shape(in_shapes: tuple[Shape, ...], p: Params) -> Shape:
    axis, first = p["axis"], in_shapes[0]
    for shape in in_shapes:
        if not shape:
            raise ShapeError(Message("core.concat.scalar", shape=shape))
        _check_axes(shape, (axis,), "concat")
    for shape in in_shapes[1:]:
        why = _concat_clash(first, shape, axis)
        if why is not None:
            raise ShapeError(Message("core.concat.shapes", a=first, b=shape, axis=axis, why=why))
    return first[:axis] + (sum(shape[axis] for shape in in_shapes),) + first[axis + 1 :]


def _concat_clash(first: Shape, shape: Shape, axis: int) -> Message | None:
    """Why ``shape`` cannot join ``first`` along ``axis`` (None: it can)."""
    if len(shape) != len(first):
        return Message("core.concat.ranks", n=len(first), m=len(shape))
    for j, (n, m) in enumerate(zip(first, shape, strict=True)):
        if j != axis and n != m:
            return Message("core.concat.sizes", axis=j, n=n, m=m)
    return None


def _concat_forward(xs: Values, p: Params) -> Value:
    return np.concatenate(xs, axis=p["axis"])


def _concat_region(i: int, xs: Values, axis: int) -> tuple[slice, ...]:
    """The slice of the output that input i fills."""
    start = sum(xs[j].shape[axis] for j in range(i))
    return (slice(None),) * axis + (slice(start, start + xs[i].shape[axis]),)


def _concat_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    lead = upstream.ndim - out.ndim
    return upstream[(slice(None),) * lead + _concat_region(i, xs, p["axis"])]


def _batch_of(tangents: Tangents, xs: Values) -> Shape:
    """The batch axes of the first tangent given (every tangent given has the same)."""
    for t, x in zip(tangents, xs, strict=True):
        if t is not None:
            return _lead(t, np.ndim(x))
    return ()


def _concat_jvp(tangents: Tangents, xs: Values, out: Value, p: Params) -> Value:
    lead = _batch_of(tangents, xs)
    parts = [
        np.zeros(lead + x.shape) if t is None else t for t, x in zip(tangents, xs, strict=True)
    ]
    return np.concatenate(parts, axis=p["axis"] - out.ndim)  # from the end: past the batch


def _concat_jacobian(i: int, xs: Values, out: Value, p: Params) -> Array:
    x_shape = xs[i].shape
    local = np.zeros(out.shape + x_shape)
    local[_concat_region(i, xs, p["axis"])] = _identity(x_shape)
    return local


def _concat_structure(i: int, xs: Values, out: Value, p: Params) -> Structure:
    region = _concat_region(i, xs, p["axis"])[-1]
    text = Message(
        "structure.concat",
        i=i,
        start=region.start,
        stop=region.stop - 1,
        axis=p["axis"],
        sizes=_sizes(i, xs, out),
    )
    return Structure("selection", text)


_register(
    Op(
        name="concat",
        symbol="concat",
        arity=-1,
        forward=_concat_forward,
        shape=_concat_shape,
        vjp=_concat_vjp,
        jvp=_concat_jvp,
        jacobian=_concat_jacobian,
        structure=_concat_structure,
        formula=(
            r"\frac{\partial y}{\partial x_i} = \begin{bmatrix} 0 & I & 0 \end{bmatrix}^{\top}"
            r" \text{ (the rows of } x_i \text{)}",
        ),
    )
)


def _stack_shape(in_shapes: tuple[Shape, ...], p: Params) -> Shape:
    axis, first = p["axis"], in_shapes[0]
    for shape in in_shapes[1:]:
        if shape != first:
            raise ShapeError(Message("core.stack.shapes", a=first, b=shape))
    if not 0 <= axis <= len(first):
        raise ArgumentError(Message("core.stack.axis", axis=axis, shape=first, n=len(first) + 1))
    return first[:axis] + (len(in_shapes),) + first[axis:]


def _stack_forward(xs: Values, p: Params) -> Value:
    return np.stack(xs, axis=p["axis"])


def _stack_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    lead = upstream.ndim - out.ndim
    return upstream[(slice(None),) * (lead + p["axis"]) + (i,)]


def _stack_jvp(tangents: Tangents, xs: Values, out: Value, p: Params) -> Value:
    lead = _batch_of(tangents, xs)
    parts = [
        np.zeros(lead + np.shape(x)) if t is None else t for t, x in zip(tangents, xs, strict=True)
    ]
    return np.stack(parts, axis=p["axis"] - out.ndim)  # from the end: past the batch


def _stack_jacobian(i: int, xs: Values, out: Value, p: Params) -> Array:
    x_shape = np.shape(xs[i])
    local = np.zeros(out.shape + x_shape)
    local[(slice(None),) * p["axis"] + (i,)] = _identity(x_shape)
    return local


def _stack_structure(i: int, xs: Values, out: Value, p: Params) -> Structure:
    text = Message("structure.stack", i=i, axis=p["axis"], sizes=_sizes(i, xs, out))
    return Structure("selection", text)


_register(
    Op(
        name="stack",
        symbol="stack",
        arity=-1,
        forward=_stack_forward,
        shape=_stack_shape,
        vjp=_stack_vjp,
        jvp=_stack_jvp,
        jacobian=_stack_jacobian,
        structure=_stack_structure,
        formula=(
            r"\frac{\partial y}{\partial x_i} = \begin{bmatrix} 0 & I & 0 \end{bmatrix}^{\top}"
            r" \text{ (slot } i \text{ of the new axis)}",
        ),
    )
)


# -- losses: mse, cross_entropy ------------------------------------------------------------


def _mse_shape(in_shapes: tuple[Shape, ...], p: Params) -> Shape:
    pred, target = in_shapes
    if pred != target:
        raise ShapeError(Message("core.mse.shapes", a=pred, b=target))
    return ()


def _mse(a: Value, b: Value) -> Value:
    difference = a - b
    if difference.size == 0:  # the mean of nothing is nan, as numpy says, without its warning
        return np.float64(np.nan)
    return np.mean(difference * difference)


def _per_entry(upstream: Value, ndim: int) -> Value:
    """A loss's (0-d) upstream, or a batch of them, ready to scale ``ndim``-axis entries."""
    return upstream.reshape(upstream.shape + (1,) * ndim) if upstream.ndim else upstream


def _own_axes(ndim: int) -> Shape:
    """The last ``ndim`` axes: an input's own, after any batch axes."""
    return tuple(range(-ndim, 0))


def _mse_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    pred, target = xs
    n = pred.size
    scale = 2.0 / n if n else 0.0
    upstream = _per_entry(upstream, pred.ndim)
    return (upstream * scale if i == 0 else -upstream * scale) * (pred - target)


def _mse_slope(i: int, xs: Values) -> Value:
    pred, target = xs
    n = np.size(pred)
    sign = 1.0 if i == 0 else -1.0
    return sign * 2.0 * (np.subtract(pred, target)) / max(n, 1)


def _mse_jvp(tangents: Tangents, xs: Values, out: Value, p: Params) -> Value:
    tangent = np.float64(0.0)
    for i, t in enumerate(tangents):
        if t is not None:
            tangent = tangent + np.sum(_mse_slope(i, xs) * t, axis=_own_axes(np.ndim(xs[i])))
    return tangent


def _mse_jacobian(i: int, xs: Values, out: Value, p: Params) -> Array:
    return np.asarray(_mse_slope(i, xs))


def _mse_structure(i: int, xs: Values, out: Value, p: Params) -> Structure:
    what = "2(pred − target)/n" if i == 0 else "−2(pred − target)/n"
    return Structure("dense", Message("structure.one_row", what=what, sizes=_sizes(i, xs, out)))


_register(
    Op(
        name="mse",
        symbol="mse",
        arity=2,
        kernel=_mse,
        shape=_mse_shape,
        vjp=_mse_vjp,
        jvp=_mse_jvp,
        jacobian=_mse_jacobian,
        structure=_mse_structure,
        formula=(
            r"\frac{\partial L}{\partial \hat y} = \tfrac{2}{n}(\hat y - y)^{\top}",
            r"\frac{\partial L}{\partial y} = -\tfrac{2}{n}(\hat y - y)^{\top}",
        ),
    )
)


def _check_labels(labels: NDArray[np.intp], classes: int) -> None:
    if labels.size and (_min(labels) < 0 or _max(labels) >= classes):
        bad = int(_min(labels)) if _min(labels) < 0 else int(_max(labels))
        raise ArgumentError(Message("core.labels.range", label=bad, n=classes, high=classes - 1))


def _cross_entropy_shape(in_shapes: tuple[Shape, ...], p: Params) -> Shape:
    logits, labels = in_shapes[0], p["labels"]
    if len(logits) not in (1, 2):
        raise ShapeError(Message("core.cross_entropy.rank", shape=logits))
    expected = logits[:1] if len(logits) == 2 else ()
    if labels.shape != expected:
        raise ShapeError(Message("core.cross_entropy.labels", a=logits, b=labels.shape, c=expected))
    _check_labels(labels, logits[-1])
    return ()


def _cross_entropy_forward(xs: Values, p: Params) -> Value:
    logits, labels = xs[0], p["labels"]
    _check_labels(labels, logits.shape[-1])  # a negative label would silently wrap
    if logits.ndim == 1:
        return -_log_softmax(logits, 0)[labels]
    rows = logits.shape[0]
    if rows == 0:  # the mean over no samples is nan, as numpy says, without its warning
        return np.float64(np.nan)
    return -(_sum(_log_softmax(logits, 1)[np.arange(rows), labels]) / rows)  # the mean


def _cross_entropy_vjp(upstream: Value, i: int, xs: Values, out: Value, p: Params) -> Value:
    logits, labels = xs[0], p["labels"]
    if logits.size == 0:  # no samples (or no classes): nothing to send back
        return np.zeros(upstream.shape + logits.shape)
    upstream = _per_entry(upstream, logits.ndim)
    if logits.ndim == 1:
        probs = _softmax(logits, 0)
        probs[labels] -= 1.0
        return upstream * probs
    rows = logits.shape[0]
    probs = _softmax(logits, 1)
    probs[np.arange(rows), labels] -= 1.0
    return upstream * probs / max(rows, 1)


def _cross_entropy_slope(logits: Value, labels: NDArray[np.intp]) -> Array:
    """(softmax(logits) − one-hot(labels)) / rows: the local Jacobian, shape logits.shape."""
    classes = logits.shape[-1]
    axis = logits.ndim - 1
    probs = _softmax_forward((logits,), {"axis": axis})
    one_hot = np.eye(classes)[labels]
    rows = logits.shape[0] if logits.ndim == 2 else 1
    slope: Array = (probs - one_hot) / max(rows, 1)
    return slope


def _cross_entropy_jvp(tangents: Tangents, xs: Values, out: Value, p: Params) -> Value:
    tangent = tangents[0]
    if tangent is None:
        return np.float64(0.0)
    slope = _cross_entropy_slope(xs[0], p["labels"])
    return np.sum(slope * tangent, axis=_own_axes(slope.ndim))


def _cross_entropy_jacobian(i: int, xs: Values, out: Value, p: Params) -> Array:
    return _cross_entropy_slope(xs[0], p["labels"])


def _cross_entropy_structure(i: int, xs: Values, out: Value, p: Params) -> Structure:
    what = "(softmax(z) − onehot(t))/N"
    return Structure("dense", Message("structure.one_row", what=what, sizes=_sizes(i, xs, out)))


_register(
    Op(
        name="cross_entropy",
        symbol="cross_entropy",
        arity=1,
        forward=_cross_entropy_forward,
        shape=_cross_entropy_shape,
        vjp=_cross_entropy_vjp,
        jvp=_cross_entropy_jvp,
        jacobian=_cross_entropy_jacobian,
        structure=_cross_entropy_structure,
        formula=(
            r"\frac{\partial L}{\partial z} = \tfrac{1}{N}"
            r"\left(\operatorname{softmax}(z) - \operatorname{onehot}(t)\right)",
        ),
    )
)
