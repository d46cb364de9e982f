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
from engine.i18n import Message

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
    usage: str | Message
    compute: Callable[..., Any]
    read: Callable[[Evaluator, ast.Call, str, Operation], Value] | None = None

    @property
    def usage_hint(self) -> Message:
        """The usage alone, as a hint."""
        return Message("language.hint.usage", usage=self.usage)


def _either(one: str, two: str) -> Message:
    """A function's usage in two forms: ``one or two``."""
    return Message("language.usage.either", one=one, two=two)


def _hint(name: str) -> Message:
    return Message(f"language.hint.{name}")


def _refused(construct: str) -> Message:
    """``… is not supported``, a construct named by its words: "a for loop"."""
    return Message("language.unsupported", what=Message(f"language.construct.{construct}"))


def _refused_keyword(keyword: str) -> Message:
    """``… is not supported``, a construct named by its keyword: "lambda"."""
    return Message(
        "language.unsupported", what=Message("language.construct.keyword", keyword=keyword)
    )


# What the arguments are called in messages.
_ONE_ARRAY = Message("language.what.one_array")
THE_AXIS = Message("language.what.the_axis")
AN_AXIS = Message("language.what.an_axis")


# -- reading each family of calls --------------------------------------------------------


def _read_one(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    (node,), _ = ev.arguments(call, name, 1, 1, _ONE_ARRAY)
    return ev.apply(call, entry, [(ev.expression(node), node)])


def _read_two(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    nodes, _ = ev.arguments(call, name, 2, 2, Message("language.what.two_arrays"))
    operands = [(ev.expression(node), node) for node in nodes]
    if name == "dot":
        shapes = [value.shape for value, _ in operands]
        if any(len(shape) > 2 for shape in shapes):
            raise ev.error(
                "shape",
                Message("language.dot_axes", a=shapes[0], b=shapes[1]),
                call,
                Message("language.hint.matmul"),
            )
    return ev.apply(call, entry, operands)


def _read_reduction(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    ev.refuse_positional_axis(call, name)
    (node,), keywords = ev.arguments(call, name, 1, 1, _ONE_ARRAY, ("axis", "keepdims"))
    axis = ev.axes(keywords.get("axis"))
    keepdims = ev.boolean(
        keywords.get("keepdims"), Message("language.what.keyword", keyword="keepdims")
    )
    value = ev.expression(node)
    if name in ("max", "min") and math.prod(value.shape) == 0:
        raise ev.error(
            "shape", Message("language.empty_reduction", name=name, shape=value.shape), call
        )
    return ev.apply(call, entry, [(value, node)], axis=axis, keepdims=keepdims)


def _read_normaliser(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    ev.refuse_positional_axis(call, name)
    (node,), keywords = ev.arguments(call, name, 1, 1, _ONE_ARRAY, ("axis",))
    axis_node = keywords.get("axis")
    axis = -1 if axis_node is None else ev.integer(axis_node, THE_AXIS)
    return ev.apply(call, entry, [(ev.expression(node), node)], axis=axis)


def _read_transpose(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    ev.refuse_positional_axis(call, name, keyword="axes")
    (node,), keywords = ev.arguments(call, name, 1, 1, _ONE_ARRAY, ("axes",))
    axes_node = keywords.get("axes")
    axes = None
    if axes_node is not None:
        if not isinstance(axes_node, ast.List):
            raise ev.error("argument", Message("language.axes_list"), axes_node, entry.usage_hint)
        axes = [ev.integer(axis, AN_AXIS) for axis in axes_node.elts]
    return ev.apply(call, entry, [(ev.expression(node), node)], axes=axes)


def _read_reshape(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    nodes, _ = ev.arguments(call, name, 2, None, Message("language.what.array_and_shape"))
    shape = ev.shape(nodes[1:], reshape=True)
    return ev.apply(call, entry, [(ev.expression(nodes[0]), nodes[0])], shape=shape)


def _read_join(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    nodes, keywords = ev.arguments(call, name, 1, None, Message("language.what.arrays"), ("axis",))
    # One list argument is always the list of arrays: concat([[1, 2], [3, 4]]) joins two.
    items = nodes[0].elts if len(nodes) == 1 and isinstance(nodes[0], ast.List) else nodes
    for item in items:
        if _number_literal(item):
            number = ev.src.segment(item)
            raise ev.error(
                "argument",
                Message("language.join_number", name=name, number=number),
                item,
                Message("language.hint.write", code=f"axis={number}"),
            )
    if len(items) < 2:
        message = Message("language.join_count", name=name, n=len(items))
        raise ev.error("argument", message, call, entry.usage_hint)
    axis_node = keywords.get("axis")
    axis = 0 if axis_node is None else ev.integer(axis_node, THE_AXIS)
    operands = [(ev.expression(item), item) for item in items]
    return ev.apply(call, entry, operands, axis=axis)


def _read_cross_entropy(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> Value:
    (logits_node, labels_node), _ = ev.arguments(
        call, name, 2, 2, Message("language.what.logits_and_labels")
    )
    logits = ev.expression(logits_node)
    labels = ev.expression(labels_node)
    if isinstance(labels, Tensor):
        if labels.requires_grad:
            raise ev.error(
                "argument",
                Message("language.labels_variable"),
                labels_node,
                Message("language.hint.labels"),
            )
        labels = np.asarray(labels.data)
    whole = np.isfinite(labels) & (labels == np.round(labels))
    if not np.all(whole):
        bad = labels[~whole].flat[0]
        raise ev.error(
            "argument",
            Message("language.labels_integer", value=number_text(float(bad))),
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
            Message("language.label_range", label=int(bad), n=classes, high=classes - 1),
            labels_node,
        )
    indices = labels.astype(np.intp)
    return ev.apply(call, entry, [(logits, logits_node)], labels=indices)


def _read_filled(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> np.ndarray:
    keywords_allowed = ("value",) if name == "full" else ()
    nodes, keywords = ev.arguments(call, name, 0, None, None, keywords_allowed)
    shape = ev.shape(nodes)
    params: dict[str, float] = {}
    if name == "full":
        if "value" not in keywords:
            raise ev.error("argument", Message("language.full_value"), call, entry.usage_hint)
        params["value"] = ev.number(
            keywords["value"], Message("language.what.keyword", keyword="value")
        )
    ev.check_shape(shape, call, Message("language.what.call", name=name))
    return np.asarray(entry.compute(shape, **params), dtype=np.float64)


def _read_eye(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> np.ndarray:
    nodes, _ = ev.arguments(call, name, 1, 2, Message("language.what.sizes"))
    sizes = []
    for node in nodes:
        size = ev.integer(node, Message("language.what.eye_size"))
        if size < 0:
            raise ev.error("argument", Message("language.eye_negative", n=size), node)
        sizes.append(size)
    n, m = sizes if len(sizes) == 2 else (sizes[0], sizes[0])
    ev.check_shape((n, m), call, Message("language.what.call", name="eye"))
    identity: np.ndarray = entry.compute(n, m)
    return identity


def _read_arange(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> np.ndarray:
    nodes, _ = ev.arguments(call, name, 1, 3, Message("language.what.numbers"))
    bound = Message("language.what.arange_bound")
    numbers = [ev.number(node, bound) for node in nodes]
    start, stop, step = (0.0, numbers[0], 1.0) if len(numbers) == 1 else (*numbers, 1.0)[:3]
    if step == 0:
        raise ev.error("argument", Message("language.arange_step"), nodes[2])
    count = (stop - start) / step
    if not math.isfinite(count):
        raise ev.error("limit", Message("language.arange_infinite"), call)
    if count <= 0:
        # Built here: numpy sizes arange before it clamps, and refuses arange(-10**30).
        return np.zeros(0)
    ev.check_elements(math.ceil(count), call, Message("language.what.call", name="arange"))
    values: np.ndarray = entry.compute(start, stop, step)
    return values


def _read_linspace(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> np.ndarray:
    nodes, _ = ev.arguments(call, name, 2, 3, Message("language.what.start_stop_count"))
    start = ev.number(nodes[0], Message("language.what.linspace_start"))
    stop = ev.number(nodes[1], Message("language.what.linspace_stop"))
    num_what = Message("language.what.keyword", keyword="num")
    num = 50 if len(nodes) == 2 else ev.integer(nodes[2], num_what)  # numpy's default
    if num < 0:
        raise ev.error("argument", Message("language.num_negative", n=num), nodes[2])
    ev.check_elements(num, call, Message("language.what.call", name="linspace"))
    values: np.ndarray = entry.compute(start, stop, num)
    return values


def _read_random(ev: Evaluator, call: ast.Call, name: str, entry: Operation) -> np.ndarray:
    nodes, keywords = ev.arguments(call, name, 0, None, None, ("seed",))
    shape = ev.shape(nodes)
    seed = (
        0 if "seed" not in keywords else ev.integer(keywords["seed"], Message("language.what.seed"))
    )
    if seed < 0:
        raise ev.error("argument", Message("language.seed_negative", n=seed), keywords["seed"])
    ev.check_shape(shape, call, Message("language.what.call", name=name))
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
        _either("transpose(a)", "transpose(a, axes=[1, 0])"),
        lambda a, axes: a.transpose(axes),
        _read_transpose,
    ),
    "reshape": Operation(
        "reshape",
        _either("reshape(a, 2, 3)", "reshape(a, [2, 3])"),
        lambda a, shape: a.reshape(shape),
        _read_reshape,
    ),
    "concat": Operation(
        "concat",
        _either("concat(a, b, axis=0)", "concat([a, b], axis=0)"),
        lambda *arrays, axis: concat(arrays, axis=axis),
        _read_join,
    ),
    "stack": Operation(
        "stack",
        _either("stack(a, b, axis=0)", "stack([a, b], axis=0)"),
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
    "eye": Operation("eye", _either("eye(n)", "eye(n, m)"), lambda n, m: np.eye(n, m), _read_eye),
    "arange": Operation(
        "arange",
        _either("arange(stop)", "arange(start, stop, step)"),
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
    ast.BitXor: Message("language.hint.power", code="a ** b"),
    ast.FloorDiv: _hint("division"),
}

#: Valid Python refused on purpose: the message that says so, and what to do instead.
REFUSED: dict[type[ast.AST], tuple[Message, Message | None]] = {
    ast.Import: (_refused_keyword("import"), _hint("built_in")),
    ast.ImportFrom: (_refused_keyword("import"), _hint("built_in")),
    ast.FunctionDef: (_refused_keyword("def"), _hint("own_statement_tanh")),
    ast.AsyncFunctionDef: (_refused_keyword("def"), None),
    ast.ClassDef: (_refused_keyword("class"), None),
    ast.Return: (_refused_keyword("return"), _hint("last_is_output")),
    ast.Delete: (_refused_keyword("del"), None),
    ast.AnnAssign: (_refused("annotation"), _hint("name_equals")),
    ast.For: (_refused("for"), _hint("own_statement")),
    ast.AsyncFor: (_refused("for"), None),
    ast.While: (_refused("while"), None),
    ast.If: (_refused("if"), _hint("choices")),
    ast.With: (_refused_keyword("with"), None),
    ast.AsyncWith: (_refused_keyword("with"), None),
    ast.Match: (_refused_keyword("match"), None),
    ast.Raise: (_refused_keyword("raise"), None),
    ast.Try: (_refused_keyword("try"), None),
    ast.TryStar: (_refused_keyword("try"), None),
    ast.Assert: (_refused_keyword("assert"), None),
    ast.Global: (_refused_keyword("global"), None),
    ast.Nonlocal: (_refused_keyword("nonlocal"), None),
    ast.Pass: (_refused_keyword("pass"), None),
    ast.Break: (_refused_keyword("break"), None),
    ast.Continue: (_refused_keyword("continue"), None),
    ast.BoolOp: (_refused_keyword("and/or"), None),
    ast.NamedExpr: (_refused("walrus"), _hint("name_equals_statement")),
    ast.Lambda: (_refused_keyword("lambda"), None),
    ast.IfExp: (_refused("conditional"), _hint("maximum_relu")),
    ast.Dict: (_refused("dict"), None),
    ast.Set: (_refused("set"), _hint("list")),
    ast.ListComp: (_refused("list_comprehension"), _hint("list_out")),
    ast.SetComp: (_refused("set_comprehension"), None),
    ast.DictComp: (_refused("dict_comprehension"), None),
    ast.GeneratorExp: (_refused("generator"), None),
    ast.Await: (_refused_keyword("await"), None),
    ast.Yield: (_refused_keyword("yield"), None),
    ast.YieldFrom: (_refused_keyword("yield"), None),
    ast.Compare: (_refused("comparison"), _hint("choices")),
    ast.JoinedStr: (Message("language.f_string"), _hint("comment")),
    ast.FormattedValue: (Message("language.f_string"), None),
    ast.Starred: (_refused("starred"), _hint("each_array")),
    ast.Tuple: (_refused("tuple"), _hint("list")),
    ast.Slice: (_refused("slice"), None),
}


def symbol(op: ast.AST) -> str:
    symbols: dict[type[ast.AST], str] = {
        ast.Add: "+",
        ast.Sub: "-",
        ast.Mult: "*",
        ast.Div: "/",
        ast.Pow: "**",
    }
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
