"""The whitelist: every operator and function of the language, and what is refused.

:data:`OPERATIONS` maps each operator's ast type and each function's name to its
:class:`Operation`: the engine operation behind it, its usage (shown in hints) and
the reader of its arguments (one per family of calls, below). Anything else is
refused by name (:data:`REFUSED`). Constructors build constants, never nodes.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.core.tensor import (
    Tensor,
    concat,
    cross_entropy,
    dot,
    maximum,
    minimum,
    mse,
    stack,
)

if TYPE_CHECKING:
    from engine.language.evaluate import Evaluator

Value = np.ndarray | Tensor  # a constant (folded, never a node) or a graph tensor


@dataclass(frozen=True)
class Operation:
    """One operator or function of the language and the engine operation behind it.

    ``op`` names the registry entry (it also prefixes automatic labels);
    ``compute`` is the engine call (tensors in, tensor out) or, for a
    constructor, the numpy builder; ``read`` reads a call's arguments and
    returns its value; ``usage`` is shown in hints.
    """

    op: str
    usage: str
    compute: Callable[..., Any]
    read: Callable[[Evaluator, ast.Call, str, Operation], Value] | None = None


# -- reading each family of calls --------------------------------------------------------


def _read_one(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    (node,), _ = ev.arguments(call, name, 1, 1, "one array")
    return ev.apply(call, entry, [(ev.expression(node), node)])


def _read_two(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    nodes, _ = ev.arguments(call, name, 2, 2, "two arrays")
    operands = [(ev.expression(node), node) for node in nodes]
    if name == "dot":
        shapes = [value.shape for value, _ in operands]
        if any(len(shape) > 2 for shape in shapes):
            raise ev.error(
                "shape",
                f"dot takes arrays of at most 2 axes, not shapes {shapes[0]} and {shapes[1]}",
                call,
                "use @ for more axes: a @ b multiplies stacks of matrices",
            )
    return ev.apply(call, entry, operands)


def _read_reduction(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    ev.refuse_positional_axis(call, name)
    (node,), keywords = ev.arguments(call, name, 1, 1, "one array", ("axis", "keepdims"))
    axis = ev.axes(keywords.get("axis"))
    keepdims = ev.boolean(keywords.get("keepdims"), "keepdims")
    value = ev.expression(node)
    if name in ("max", "min") and math.prod(value.shape) == 0:
        raise ev.error(
            "shape",
            f"{name} of an array with no elements (shape {value.shape}) is undefined",
            call,
        )
    return ev.apply(call, entry, [(value, node)], axis=axis, keepdims=keepdims)


def _read_normaliser(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    ev.refuse_positional_axis(call, name)
    (node,), keywords = ev.arguments(call, name, 1, 1, "one array", ("axis",))
    axis_node = keywords.get("axis")
    axis = -1 if axis_node is None else ev.integer(axis_node, "the axis")
    return ev.apply(call, entry, [(ev.expression(node), node)], axis=axis)


def _read_transpose(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    ev.refuse_positional_axis(call, name, keyword="axes")
    (node,), keywords = ev.arguments(call, name, 1, 1, "one array", ("axes",))
    axes_node = keywords.get("axes")
    axes = None
    if axes_node is not None:
        if not isinstance(axes_node, ast.List):
            raise ev.error("argument", "axes must be a list of integers", axes_node, entry.usage)
        axes = [ev.integer(axis, "an axis") for axis in axes_node.elts]
    return ev.apply(call, entry, [(ev.expression(node), node)], axes=axes)


def _read_reshape(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    nodes, _ = ev.arguments(call, name, 2, None, "an array and a shape")
    shape = ev.shape(nodes[1:], reshape=True)
    return ev.apply(call, entry, [(ev.expression(nodes[0]), nodes[0])], shape=shape)


def _read_join(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    nodes, keywords = ev.arguments(call, name, 1, None, "two or more arrays", ("axis",))
    # One list argument is always the list of arrays: concat([[1, 2], [3, 4]]) joins two.
    items = nodes[0].elts if len(nodes) == 1 and isinstance(nodes[0], ast.List) else nodes
    for item in items:
        if _number_literal(item):
            number = ev.src.segment(item)
            raise ev.error(
                "argument",
                f"{name} joins arrays, and {number} is a number: an axis is given by keyword",
                item,
                f"write axis={number}",
            )
    if len(items) < 2:
        raise ev.error(
            "argument", f"{name} joins two or more arrays, but got {len(items)}", call, entry.usage
        )
    axis_node = keywords.get("axis")
    axis = 0 if axis_node is None else ev.integer(axis_node, "the axis")
    operands = [(ev.expression(item), item) for item in items]
    return ev.apply(call, entry, operands, axis=axis)


def _read_cross_entropy(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    (logits_node, labels_node), _ = ev.arguments(call, name, 2, 2, "logits and labels")
    logits = ev.expression(logits_node)
    labels = ev.expression(labels_node)
    if isinstance(labels, Tensor):
        if labels.requires_grad:
            raise ev.error(
                "argument",
                "the labels of cross_entropy must be constant class indices, not values "
                "computed from variables",
                labels_node,
                "write them as integers, e.g. [0, 2, 1], or in a variable made of numbers only",
            )
        labels = np.asarray(labels.data)
    whole = np.isfinite(labels) & (labels == np.round(labels))
    if not np.all(whole):
        bad = labels[~whole].flat[0]
        raise ev.error(
            "argument",
            f"class labels must be integers, not {number_text(float(bad))}",
            labels_node,
        )
    classes = logits.shape[-1] if len(logits.shape) else 0
    if (
        labels.size
        and len(logits.shape) in (1, 2)
        and (labels.min() < 0 or labels.max() >= classes)
    ):
        bad = labels[(labels < 0) | (labels >= classes)].flat[0]
        raise ev.error(
            "argument",
            f"label {int(bad)} is out of range for {classes} classes (0 to {classes - 1})",
            labels_node,
        )
    indices = labels.astype(np.intp)
    return ev.apply(call, entry, [(logits, logits_node)], labels=indices)


def _read_filled(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> np.ndarray:
    keywords_allowed = ("value",) if name == "full" else ()
    nodes, keywords = ev.arguments(call, name, 0, None, "a shape", keywords_allowed)
    shape = ev.shape(nodes)
    params: dict[str, float] = {}
    if name == "full":
        if "value" not in keywords:
            raise ev.error("argument", "full needs value=", call, entry.usage)
        params["value"] = ev.number(keywords["value"], "value")
    ev.check_shape(shape, call, f"{name}(...)")
    return np.asarray(entry.compute(shape, **params), dtype=np.float64)


def _read_eye(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> np.ndarray:
    nodes, _ = ev.arguments(call, name, 1, 2, "one or two sizes")
    sizes = []
    for node in nodes:
        size = ev.integer(node, "the size of eye")
        if size < 0:
            raise ev.error("argument", f"the size of eye cannot be negative, not {size}", node)
        sizes.append(size)
    n, m = sizes if len(sizes) == 2 else (sizes[0], sizes[0])
    ev.check_shape((n, m), call, "eye(...)")
    return entry.compute(n, m)


def _read_arange(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> np.ndarray:
    nodes, _ = ev.arguments(call, name, 1, 3, "one to three numbers")
    numbers = [ev.number(node, "a bound of arange") for node in nodes]
    start, stop, step = (0.0, numbers[0], 1.0) if len(numbers) == 1 else (*numbers, 1.0)[:3]
    if step == 0:
        raise ev.error("argument", "the step of arange cannot be 0", nodes[2])
    count = (stop - start) / step
    if not math.isfinite(count):
        raise ev.error("limit", "arange(...) would have infinitely many elements", call)
    if count <= 0:
        # Built here: numpy sizes arange before it clamps, and refuses arange(-10**30).
        return np.zeros(0)
    ev.check_elements(math.ceil(count), call, "arange(...)")
    return entry.compute(start, stop, step)


def _read_linspace(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> np.ndarray:
    nodes, _ = ev.arguments(call, name, 2, 3, "a start, a stop and a count")
    start = ev.number(nodes[0], "the start of linspace")
    stop = ev.number(nodes[1], "the stop of linspace")
    num = 50 if len(nodes) == 2 else ev.integer(nodes[2], "num")  # numpy's default
    if num < 0:
        raise ev.error("argument", f"num cannot be negative, not {num}", nodes[2])
    ev.check_elements(num, call, "linspace(...)")
    return entry.compute(start, stop, num)


def _read_random(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> np.ndarray:
    nodes, keywords = ev.arguments(call, name, 0, None, "a shape", ("seed",))
    shape = ev.shape(nodes)
    seed = 0 if "seed" not in keywords else ev.integer(keywords["seed"], "the seed")
    if seed < 0:
        raise ev.error("argument", f"the seed cannot be negative, not {seed}", keywords["seed"])
    ev.check_shape(shape, call, f"{name}(...)")
    return np.asarray(entry.compute(shape, seed), dtype=np.float64)


def _elementwise(op: str, compute: Callable[[Tensor], Tensor]) -> Operation:
    return Operation(op, f"{op}(a)", compute, _read_one)


def _reduction(op: str, compute: Callable[..., Tensor]) -> Operation:
    return Operation(op, f"{op}(a, axis=None, keepdims=False)", compute, _read_reduction)


OPERATIONS: dict[type[ast.AST] | str, Operation] = {
    # operators
    ast.Add: Operation("add", "a + b", lambda a, b: a + b),
    ast.Sub: Operation("sub", "a - b", lambda a, b: a - b),
    ast.Mult: Operation("mul", "a * b", lambda a, b: a * b),
    ast.Div: Operation("div", "a / b", lambda a, b: a / b),
    ast.Pow: Operation("pow", "a ** b", lambda a, b: a**b),
    ast.MatMult: Operation("matmul", "a @ b", lambda a, b: a @ b),
    ast.USub: Operation("neg", "-a", lambda a: -a),
    ast.UAdd: Operation("pos", "+a", lambda a: a),  # +a is a itself: no node
    ast.Subscript: Operation(
        "index", "a[0], a[1:3], a[:, 0], a[[0, 2]]", lambda a, index: a[index]
    ),
    # elementwise
    "exp": _elementwise("exp", lambda a: a.exp()),
    "log": _elementwise("log", lambda a: a.log()),
    "sqrt": _elementwise("sqrt", lambda a: a.sqrt()),
    "abs": _elementwise("abs", lambda a: a.abs()),
    "tanh": _elementwise("tanh", lambda a: a.tanh()),
    "sigmoid": _elementwise("sigmoid", lambda a: a.sigmoid()),
    "relu": _elementwise("relu", lambda a: a.relu()),
    "sin": _elementwise("sin", lambda a: a.sin()),
    "cos": _elementwise("cos", lambda a: a.cos()),
    "maximum": Operation("maximum", "maximum(a, b)", maximum, _read_two),
    "minimum": Operation("minimum", "minimum(a, b)", minimum, _read_two),
    "dot": Operation("dot", "dot(a, b)", dot, _read_two),
    # reductions and normalisers
    "sum": _reduction("sum", lambda a, axis, keepdims: a.sum(axis=axis, keepdims=keepdims)),
    "mean": _reduction("mean", lambda a, axis, keepdims: a.mean(axis=axis, keepdims=keepdims)),
    "max": _reduction("max", lambda a, axis, keepdims: a.max(axis=axis, keepdims=keepdims)),
    "min": _reduction("min", lambda a, axis, keepdims: a.min(axis=axis, keepdims=keepdims)),
    "logsumexp": _reduction(
        "logsumexp", lambda a, axis, keepdims: a.logsumexp(axis=axis, keepdims=keepdims)
    ),
    "softmax": Operation(
        "softmax", "softmax(a, axis=-1)", lambda a, axis: a.softmax(axis), _read_normaliser
    ),
    "log_softmax": Operation(
        "log_softmax",
        "log_softmax(a, axis=-1)",
        lambda a, axis: a.log_softmax(axis),
        _read_normaliser,
    ),
    # shape
    "transpose": Operation(
        "transpose",
        "transpose(a) or transpose(a, axes=[1, 0])",
        lambda a, axes: a.transpose(axes),
        _read_transpose,
    ),
    "reshape": Operation(
        "reshape",
        "reshape(a, 2, 3) or reshape(a, [2, 3])",
        lambda a, shape: a.reshape(shape),
        _read_reshape,
    ),
    "concat": Operation(
        "concat",
        "concat(a, b, axis=0) or concat([a, b], axis=0)",
        lambda *arrays, axis: concat(arrays, axis=axis),
        _read_join,
    ),
    "stack": Operation(
        "stack",
        "stack(a, b, axis=0) or stack([a, b], axis=0)",
        lambda *arrays, axis: stack(arrays, axis=axis),
        _read_join,
    ),
    # losses
    "mse": Operation("mse", "mse(pred, target)", mse, _read_two),
    "cross_entropy": Operation(
        "cross_entropy",
        "cross_entropy(logits, labels)",
        lambda logits, labels: cross_entropy(logits, labels),
        _read_cross_entropy,
    ),
    # constructors: constants, never nodes
    "zeros": Operation("zeros", "zeros(2, 3)", lambda shape: np.zeros(shape), _read_filled),
    "ones": Operation("ones", "ones(2, 3)", lambda shape: np.ones(shape), _read_filled),
    "full": Operation(
        "full", "full(2, 3, value=0.5)", lambda shape, value: np.full(shape, value), _read_filled
    ),
    "eye": Operation("eye", "eye(n) or eye(n, m)", lambda n, m: np.eye(n, m), _read_eye),
    "arange": Operation(
        "arange",
        "arange(stop) or arange(start, stop, step)",
        lambda start, stop, step: np.arange(start, stop, step, dtype=np.float64),
        _read_arange,
    ),
    "linspace": Operation(
        "linspace",
        "linspace(start, stop, num)",
        lambda start, stop, num: np.linspace(start, stop, num),
        _read_linspace,
    ),
    "randn": Operation(
        "randn",
        "randn(2, 3, seed=0)",
        lambda shape, seed: np.random.default_rng(seed).standard_normal(shape),
        _read_random,
    ),
    "rand": Operation(
        "rand",
        "rand(2, 3, seed=0)",
        lambda shape, seed: np.random.default_rng(seed).random(shape),
        _read_random,
    ),
}

#: The function names a program may call (and may not assign).
FUNCTION_NAMES = tuple(key for key in OPERATIONS if isinstance(key, str))

#: The predefined constants; a program may assign each of these names once.
CONSTANTS = {"pi": np.pi, "e": np.e}

OPERATOR_SYMBOLS = {
    ast.FloorDiv: "//",
    ast.Mod: "%",
    ast.LShift: "<<",
    ast.RShift: ">>",
    ast.BitOr: "|",
    ast.BitXor: "^",
    ast.BitAnd: "&",
    ast.Invert: "~",
    ast.Not: "not",
}
OPERATOR_HINTS = {
    ast.BitXor: "for a power write a ** b",
    ast.FloorDiv: "write a / b (all numbers are floats)",
}

#: Valid Python refused on purpose: what to call it, and what to do instead.
REFUSED: dict[type[ast.AST], tuple[str, str | None]] = {
    ast.Import: ("import", "the functions are built in, e.g. exp(x), sum(x)"),
    ast.ImportFrom: ("import", "the functions are built in, e.g. exp(x), sum(x)"),
    ast.FunctionDef: ("def", "write each step as its own statement: h = tanh(x)"),
    ast.AsyncFunctionDef: ("def", None),
    ast.ClassDef: ("class", None),
    ast.Return: ("return", "the last statement is the output"),
    ast.Delete: ("del", None),
    ast.AnnAssign: ("an annotation", "write name = expression"),
    ast.For: ("a for loop", "write each step as its own statement"),
    ast.AsyncFor: ("a for loop", None),
    ast.While: ("a while loop", None),
    ast.If: ("an if statement", "use maximum/minimum or relu for choices between values"),
    ast.With: ("with", None),
    ast.AsyncWith: ("with", None),
    ast.Match: ("match", None),
    ast.Raise: ("raise", None),
    ast.Try: ("try", None),
    ast.TryStar: ("try", None),
    ast.Assert: ("assert", None),
    ast.Global: ("global", None),
    ast.Nonlocal: ("nonlocal", None),
    ast.Pass: ("pass", None),
    ast.Break: ("break", None),
    ast.Continue: ("continue", None),
    ast.BoolOp: ("and/or", None),
    ast.NamedExpr: ("the walrus operator :=", "write name = expression as its own statement"),
    ast.Lambda: ("lambda", None),
    ast.IfExp: ("a conditional expression (a if c else b)", "use maximum/minimum or relu"),
    ast.Dict: ("a dictionary", None),
    ast.Set: ("a set", "write a list: [1, 2]"),
    ast.ListComp: ("a list comprehension", "write the list out, or use arange/linspace"),
    ast.SetComp: ("a set comprehension", None),
    ast.DictComp: ("a dictionary comprehension", None),
    ast.GeneratorExp: ("a generator expression", None),
    ast.Await: ("await", None),
    ast.Yield: ("yield", None),
    ast.YieldFrom: ("yield", None),
    ast.Compare: ("a comparison", "use maximum/minimum or relu for choices between values"),
    ast.JoinedStr: ("an f-string", "strings are not supported; # starts a comment"),
    ast.FormattedValue: ("an f-string", None),
    ast.Starred: ("a starred expression (*a)", "pass each array on its own"),
    ast.Tuple: ("a tuple", "write a list: [1, 2]"),
    ast.Slice: ("a slice outside an index", None),
}


def symbol(op: ast.AST) -> str:
    symbols = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
    symbols[ast.MatMult] = "@"
    return symbols.get(type(op)) or OPERATOR_SYMBOLS.get(type(op), type(op).__name__)


def _number_literal(node: ast.expr) -> bool:
    """``2``, ``-1``, ``+0.5``: a numeric literal, signed or not."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        node = node.operand
    return isinstance(node, ast.Constant) and type(node.value) in (int, float)


def number_text(value: float) -> str:
    if math.isfinite(value) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)
