"""Sample inputs for every operation in ``engine.core.ops.OPS``, and a plain numpy reference.

``CASES[name]`` lists :class:`Case` objects: input arrays (0-d, numpy scalars, broadcast,
batched and zero-size where the op allows them) with normalised params, as
``engine.core.tensor`` would pass them. ``REFERENCES[name]`` computes the same forward value
the obvious way, independently of the registry.

Inputs are drawn from a seeded generator, so every run sees the same numbers. Cases
marked ``smooth=False`` sit exactly on a kink (a tie, a zero for relu/abs), where
central finite differences are meaningless; every other check still runs on them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

rng = np.random.default_rng(20240611)


@dataclass(frozen=True)
class Case:
    xs: tuple
    p: dict = field(default_factory=dict)
    label: str = ""
    smooth: bool = True  # False: an input sits on a kink; skip finite differences


def normal(*shape: int) -> np.ndarray:
    return rng.standard_normal(shape)


def positive(*shape: int) -> np.ndarray:
    """Away from 0, for log, sqrt, a divisor and the base of pow."""
    return rng.uniform(0.5, 2.0, shape)


def distinct(*shape: int) -> np.ndarray:
    """Entries at least 0.2 apart and at least 0.05 from 0: no ties, no kinks."""
    n = int(np.prod(shape, dtype=int))
    return ((rng.permutation(n) - n / 2) * 0.3 + 0.1).reshape(shape)


def scalar(value: float) -> np.float64:
    """A 0-d value as numpy hands it around: a numpy scalar, not a 0-d array."""
    return np.float64(value)


def intp(*values: int) -> np.ndarray:
    return np.array(values, dtype=np.intp)


def _binary_cases(make_a: Callable, make_b: Callable) -> list[Case]:
    shapes = [
        ((3,), (3,), "same shape"),
        ((2, 3), (2, 3), "same 2-D"),
        ((), (2, 3), "0-d with 2-D"),
        ((2, 1, 3), (4, 3), "broadcast both"),
        ((3, 1), (1, 4), "outer"),
        ((2, 3), (), "2-D with 0-d"),
        ((4, 3), (3,), "row broadcast"),
        ((0, 3), (3,), "zero-size"),
        ((1,), (0,), "1 with 0"),
    ]
    cases = [Case((make_a(*sa), make_b(*sb)), {}, label) for sa, sb, label in shapes]
    cases.append(Case((scalar(make_a()), scalar(make_b())), {}, "numpy scalars"))
    return cases


def _unary_cases(make: Callable) -> list[Case]:
    return [
        Case((make(),), {}, "0-d"),
        Case((scalar(make()),), {}, "numpy scalar"),
        Case((make(4),), {}, "1-D"),
        Case((make(2, 3),), {}, "2-D"),
        Case((make(2, 1, 3),), {}, "3-D"),
        Case((make(0),), {}, "empty"),
        Case((make(2, 0),), {}, "zero-size 2-D"),
    ]


def _reduction_cases(make: Callable) -> list[Case]:
    def r(x, axis, keepdims=False, label=""):
        return Case((x,), {"axis": axis, "keepdims": keepdims}, label)

    return [
        r(make(4), (0,), label="1-D"),
        r(make(2, 3), (0, 1), label="all axes"),
        r(make(2, 3), (1,), label="axis 1"),
        r(make(2, 3), (0,), True, "axis 0 keepdims"),
        r(make(2, 3, 4), (0, 2), label="two axes"),
        r(make(2, 3, 4), (1,), True, "3-D keepdims"),
        r(make(2, 3), (), label="no axis"),
        r(make(), (), label="0-d"),
        r(scalar(make()), (), True, "numpy scalar keepdims"),
    ]


def _empty_reductions() -> list[Case]:
    return [
        Case((np.zeros((0, 3)),), {"axis": (0,), "keepdims": False}, "reduce a zero-length axis"),
        Case((np.zeros((0, 3)),), {"axis": (1,), "keepdims": True}, "zero-size, other axis"),
    ]


def _tie_reductions(values: list[float]) -> list[Case]:
    x = np.array(values)
    return [
        Case((x,), {"axis": (0,), "keepdims": False}, "tied extrema", smooth=False),
        Case(
            (np.array([values, values[::-1]]),),
            {"axis": (1,), "keepdims": True},
            "tied extrema per row",
            smooth=False,
        ),
    ]


def _kink_binary(a: list[float], b: list[float]) -> Case:
    return Case((np.array(a), np.array(b)), {}, "ties", smooth=False)


def _matmul_cases() -> list[Case]:
    pairs = [
        ((2, 3), (3, 4), "2-D @ 2-D"),
        ((3,), (3,), "1-D @ 1-D"),
        ((3,), (3, 2), "1-D @ 2-D"),
        ((2, 3), (3,), "2-D @ 1-D"),
        ((2, 2, 3), (3, 4), "batched @ 2-D"),
        ((2, 1, 2, 3), (3, 3, 2), "broadcast batch axes"),
        ((1, 2, 3), (4, 3, 2), "batch 1 against 4"),
        ((3,), (2, 3, 4), "1-D @ batched"),
        ((2, 3, 4), (4,), "batched @ 1-D"),
        ((0, 3), (3, 2), "zero rows"),
        ((2, 0), (0, 3), "zero inner axis"),
    ]
    return [Case((normal(*sa), normal(*sb)), {}, label) for sa, sb, label in pairs]


def _dot_cases() -> list[Case]:
    pairs = [
        ((), (3,), "0-d · 1-D"),
        ((2, 2), (), "2-D · 0-d"),
        ((), (), "0-d · 0-d"),
        ((3,), (3,), "1-D · 1-D"),
        ((2, 3), (3,), "2-D · 1-D"),
        ((3,), (3, 2), "1-D · 2-D"),
        ((2, 3), (3, 4), "2-D · 2-D"),
        ((0,), (0,), "empty · empty"),
    ]
    cases = [Case((normal(*sa), normal(*sb)), {}, label) for sa, sb, label in pairs]
    cases.append(Case((scalar(0.5), normal(3)), {}, "numpy scalar · 1-D"))
    return cases


def _transpose_cases() -> list[Case]:
    return [
        Case((normal(2, 3),), {"axes": (1, 0)}, "2-D"),
        Case((normal(2, 3, 4),), {"axes": (2, 0, 1)}, "3-D cycle"),
        Case((normal(2, 3, 4),), {"axes": (0, 1, 2)}, "identity permutation"),
        Case((normal(),), {"axes": ()}, "0-d"),
        Case((normal(0, 3),), {"axes": (1, 0)}, "zero-size"),
        Case((normal(3),), {"axes": (0,)}, "1-D"),
    ]


def _reshape_cases() -> list[Case]:
    return [
        Case((normal(2, 3),), {"shape": (3, 2)}, "2-D to 2-D"),
        Case((normal(6),), {"shape": (2, 1, 3)}, "1-D to 3-D"),
        Case((normal(),), {"shape": (1,)}, "0-d to 1-D"),
        Case((normal(1, 1),), {"shape": ()}, "to 0-d"),
        Case((normal(0, 3),), {"shape": (3, 0)}, "zero-size"),
        Case((normal(2, 3),), {"shape": (6,)}, "flatten"),
    ]


def _index_cases() -> list[Case]:
    full = slice(None)
    items = [
        ((5,), (1,), "int"),
        ((5,), (-1,), "negative int"),
        ((5,), (slice(1, 4),), "slice"),
        ((6,), (slice(None, None, 2),), "step"),
        ((5,), (slice(None, None, -2),), "negative step"),
        ((3, 4), (full, 0), "column"),
        ((3, 4), (Ellipsis, 1), "ellipsis"),
        ((3, 4), (intp(0, 2, 2),), "repeated rows"),
        ((3, 4), (full, intp(-1, 0, -1)), "repeated negative columns"),
        ((2, 3, 4), (0, full, intp(1, 1, 3)), "array apart from int: axis first"),
        ((2, 3, 4), (full, intp(0, 2), 1), "array next to int: axis in place"),
        ((5, 3, 4), (full, intp(0, 1), Ellipsis, 0), "ellipsis separates: axis first"),
        ((2, 3, 4), (Ellipsis, intp(3, 0)), "ellipsis then array"),
        ((3, 4), (slice(2, 2),), "zero-size slice"),
        ((3,), (intp(),), "empty integer list"),
        ((), (), "0-d, empty index"),
        ((3,), (Ellipsis,), "ellipsis alone"),
        ((2, 3), (1, slice(None, None, -1)), "int and reversed slice"),
    ]
    return [Case((normal(*shape),), {"index": index}, label) for shape, index, label in items]


def _softmax_cases() -> list[Case]:
    return [
        Case((normal(3),), {"axis": 0}, "1-D"),
        Case((normal(2, 3),), {"axis": 1}, "rows"),
        Case((normal(2, 3),), {"axis": 0}, "columns"),
        Case((normal(2, 3, 2),), {"axis": 1}, "middle axis"),
        Case((normal(1),), {"axis": 0}, "one entry"),
        Case((normal(0, 3),), {"axis": 1}, "zero-size"),
    ]


def _concat_cases() -> list[Case]:
    return [
        Case((normal(2, 3), normal(1, 3)), {"axis": 0}, "rows"),
        Case((normal(2, 3), normal(2, 2)), {"axis": 1}, "columns"),
        Case((normal(3),), {"axis": 0}, "one input"),
        Case((normal(2), normal(0), normal(3)), {"axis": 0}, "with an empty input"),
        Case((normal(2, 1, 2), normal(2, 3, 2), normal(2, 2, 2)), {"axis": 1}, "three, 3-D"),
    ]


def _stack_cases() -> list[Case]:
    return [
        Case((normal(3), normal(3)), {"axis": 0}, "1-D on axis 0"),
        Case((normal(3), normal(3)), {"axis": 1}, "1-D on axis 1"),
        Case((normal(), scalar(1.5)), {"axis": 0}, "0-d and numpy scalar"),
        Case((normal(2, 3), normal(2, 3), normal(2, 3)), {"axis": 2}, "three, last axis"),
        Case((normal(0, 2), normal(0, 2)), {"axis": 1}, "zero-size"),
        Case((normal(2),), {"axis": 0}, "one input"),
    ]


def _mse_cases() -> list[Case]:
    pairs = [(3,), (), (2, 3), (2, 1, 2), (0,)]
    cases = [Case((normal(*s), normal(*s)), {}, f"shape {s}") for s in pairs]
    cases.append(Case((scalar(0.3), scalar(-1.2)), {}, "numpy scalars"))
    return cases


def _cross_entropy_cases() -> list[Case]:
    return [
        Case((normal(4, 3),), {"labels": intp(0, 2, 1, 2)}, "batch of 4"),
        Case((normal(3),), {"labels": np.array(1, dtype=np.intp)}, "1-D, one sample"),
        Case((normal(2, 5) * 3,), {"labels": intp(4, 0)}, "wide logits"),
        Case((normal(1, 1),), {"labels": intp(0)}, "one class"),
        Case((normal(0, 3),), {"labels": intp()}, "no samples"),
        Case((normal(0, 0),), {"labels": intp()}, "no samples, no classes"),
    ]


CASES: dict[str, list[Case]] = {
    "add": _binary_cases(normal, normal),
    "sub": _binary_cases(normal, normal),
    "mul": _binary_cases(normal, normal),
    "div": _binary_cases(normal, positive),
    "pow": _binary_cases(positive, normal)
    + [
        Case((normal(3), np.array(2.0)), {}, "negative base, constant exponent 2"),
        Case((normal(2, 3), scalar(3.0)), {}, "constant exponent 3"),
        Case((normal(2), np.array(1.0)), {}, "constant exponent 1"),
        Case((np.array(2.0), normal(3)), {}, "constant base"),
    ],
    "maximum": _binary_cases(normal, normal) + [_kink_binary([1.0, 2.0, 3.0], [1.0, 0.0, 3.0])],
    "minimum": _binary_cases(normal, normal) + [_kink_binary([1.0, 2.0, 3.0], [1.0, 0.0, 3.0])],
    "neg": _unary_cases(normal),
    "exp": _unary_cases(normal),
    "log": _unary_cases(positive),
    "sqrt": _unary_cases(positive),
    "abs": _unary_cases(normal) + [Case((np.array([-1.0, 0.0, 2.0]),), {}, "a zero", smooth=False)],
    "tanh": _unary_cases(normal),
    "sigmoid": _unary_cases(normal) + [Case((np.array([-40.0, 0.0, 40.0]),), {}, "saturated")],
    "relu": _unary_cases(normal)
    + [Case((np.array([-1.0, 0.0, 2.0]),), {}, "a zero", smooth=False)],
    "sin": _unary_cases(normal),
    "cos": _unary_cases(normal),
    "matmul": _matmul_cases(),
    "dot": _dot_cases(),
    "transpose": _transpose_cases(),
    "reshape": _reshape_cases(),
    "index": _index_cases(),
    "sum": _reduction_cases(normal) + _empty_reductions(),
    "mean": _reduction_cases(normal) + _empty_reductions(),
    "max": _reduction_cases(distinct) + _tie_reductions([1.0, 3.0, 3.0, 2.0]),
    "min": _reduction_cases(distinct) + _tie_reductions([2.0, -1.0, 0.5, -1.0]),
    "logsumexp": _reduction_cases(normal) + _empty_reductions(),
    "softmax": _softmax_cases(),
    "log_softmax": _softmax_cases(),
    "concat": _concat_cases(),
    "stack": _stack_cases(),
    "mse": _mse_cases(),
    "cross_entropy": _cross_entropy_cases(),
}


# -- references: the same forward values, computed the obvious way ------------------------


def _quiet(function: Callable) -> Callable:
    """numpy's own answer (nan for an empty mean, inf for overflow) without its warnings."""

    def quiet(*args: Any) -> Any:
        import warnings

        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore", RuntimeWarning)
            return function(*args)

    return quiet


def _reduce(function: Callable) -> Callable:
    return lambda xs, p: function(xs[0], axis=p["axis"], keepdims=p["keepdims"])


def _ref_logsumexp(xs, p):
    # naive: fine for the moderate inputs above; the ±1000 tests check the stable path
    return np.log(np.sum(np.exp(xs[0]), axis=p["axis"], keepdims=p["keepdims"]))


def _ref_softmax(xs, p):
    e = np.exp(xs[0])
    return e / np.sum(e, axis=p["axis"], keepdims=True)


def _ref_cross_entropy(xs, p):
    logits, labels = np.atleast_2d(xs[0]), np.atleast_1d(p["labels"])
    losses = [
        -np.log(np.exp(row[label]) / np.sum(np.exp(row)))
        for row, label in zip(logits, labels, strict=True)
    ]
    return np.mean(losses) if losses else np.nan


REFERENCES: dict[str, Callable] = {
    "add": lambda xs, p: np.add(*xs),
    "sub": lambda xs, p: np.subtract(*xs),
    "mul": lambda xs, p: np.multiply(*xs),
    "div": _quiet(lambda xs, p: np.divide(*xs)),
    "pow": _quiet(lambda xs, p: np.power(*xs)),
    "maximum": lambda xs, p: np.maximum(*xs),
    "minimum": lambda xs, p: np.minimum(*xs),
    "neg": lambda xs, p: np.negative(xs[0]),
    "exp": lambda xs, p: np.exp(xs[0]),
    "log": _quiet(lambda xs, p: np.log(xs[0])),
    "sqrt": _quiet(lambda xs, p: np.sqrt(xs[0])),
    "abs": lambda xs, p: np.abs(xs[0]),
    "tanh": lambda xs, p: np.tanh(xs[0]),
    "sigmoid": lambda xs, p: 1.0 / (1.0 + np.exp(-np.asarray(xs[0]))),
    "relu": lambda xs, p: np.where(xs[0] > 0, xs[0], 0.0),
    "sin": lambda xs, p: np.sin(xs[0]),
    "cos": lambda xs, p: np.cos(xs[0]),
    "matmul": lambda xs, p: np.matmul(*xs),
    "dot": lambda xs, p: np.dot(*xs),
    "transpose": lambda xs, p: np.transpose(xs[0], p["axes"]),
    "reshape": lambda xs, p: np.reshape(xs[0], p["shape"]),
    "index": lambda xs, p: np.asarray(xs[0])[p["index"]],
    "sum": _reduce(np.sum),
    "mean": _quiet(_reduce(np.mean)),
    "max": _reduce(np.max),
    "min": _reduce(np.min),
    "logsumexp": _quiet(_ref_logsumexp),
    "softmax": _ref_softmax,
    "log_softmax": lambda xs, p: np.log(_ref_softmax(xs, p)),
    "concat": lambda xs, p: np.concatenate(xs, axis=p["axis"]),
    "stack": lambda xs, p: np.stack(xs, axis=p["axis"]),
    "mse": _quiet(lambda xs, p: np.mean((xs[0] - xs[1]) ** 2)),
    "cross_entropy": _ref_cross_entropy,
}
