"""Reading a call's arguments: their number, keywords, integers, numbers, axes and shapes.

:class:`ArgumentReader` is the part of the evaluator (``engine.language.evaluate``)
that the readers of the table (``engine.language.table``) call on; it also holds the
limits a constructor's size is checked against before it is built.
"""

from __future__ import annotations

import ast
import math

import numpy as np

from engine.core.errors import LimitError
from engine.core.tensor import Tensor, charge, extent
from engine.language.errors import ProgramError
from engine.language.limits import (
    ELEMENTS_HINT,
    RUN_TIME_HINT,
    TOTAL_HINT,
    Limits,
    out_of_time_message,
)
from engine.language.source import Source
from engine.language.table import OPERATIONS, Value, number_text


class ArgumentReader:
    """The evaluator's state that reading arguments needs, and the checks on them."""

    def __init__(self, source: Source, limits: Limits, seconds: float | None = None):
        self.src = source
        self.limits = limits
        self.seconds = seconds  # the run's time budget, named in its message
        self.variables: dict[str, Tensor] = {}

    def expression(self, node: ast.expr) -> Value:
        """The value of an expression (the evaluator's)."""
        raise NotImplementedError

    def error(self, kind: str, message: str, node: ast.AST, hint: str | None = None):
        return ProgramError.at(kind, message, self.src.span(node), hint)

    def arguments(
        self,
        call: ast.Call,
        name: str,
        fewest: int,
        most: int | None,
        what: str,
        keywords: tuple[str, ...] = (),
    ) -> tuple[list[ast.expr], dict[str, ast.expr]]:
        """The positional arguments (checked in number) and the allowed keywords."""
        usage = OPERATIONS[name].usage
        given: dict[str, ast.expr] = {}
        for keyword in call.keywords:
            if keyword.arg not in keywords:
                allowed = (
                    f"its keywords are {', '.join(keywords)}"
                    if keywords
                    else f"it takes no keywords: {usage}"
                )
                raise self.error(
                    "argument", f"{name} has no keyword `{keyword.arg}`", keyword, allowed
                )
            given[keyword.arg] = keyword.value
        count = len(call.args)
        if count < fewest:
            raise self.error(
                "argument", f"{name} needs {what}, but got {count} arguments", call, usage
            )
        if most is not None and count > most:
            raise self.error(
                "argument",
                f"{name} takes {what}, but got {count} arguments",
                call.args[most],
                usage,
            )
        return call.args, given

    def refuse_positional_axis(self, call: ast.Call, name: str, keyword: str = "axis") -> None:
        """``sum(x, 0)`` reads like numpy's positional axis; we ask for ``axis=0``."""
        if len(call.args) < 2:
            return
        first, extra = self.src.segment(call.args[0]), call.args[1]
        axis = self.src.segment(extra)
        if keyword == "axes":
            rest = call.args[1:]
            written = axis if len(rest) == 1 else "[" + ", ".join(map(self.src.segment, rest)) + "]"
            hint = f"write axes={written}"
        elif name == "max":
            hint = (
                f"max({first}, {axis}) is not relu: use maximum({first}, {axis}) elementwise, "
                f"or max({first}, axis={axis})"
            )
        elif name == "min":
            hint = (
                f"min({first}, {axis}) is not elementwise: use minimum({first}, {axis}) "
                f"elementwise, or min({first}, axis={axis})"
            )
        else:
            hint = f"write {keyword}={axis}"
        raise self.error("argument", f"{name} takes its {keyword} only as a keyword", extra, hint)

    def constant_value(self, node: ast.expr, what: str) -> np.ndarray:
        """A constant expression's value; a variable in it is an error at the variable."""
        for inner in ast.walk(node):
            if isinstance(inner, ast.Name) and inner.id in self.variables:
                raise self.error(
                    "argument",
                    f"{what} must be a constant, not the variable `{inner.id}`",
                    inner,
                    "write the number itself",
                )
        value = self.expression(node)
        assert isinstance(value, np.ndarray)  # no variable, so nothing but constants
        return value

    def integer(self, node: ast.expr, what: str) -> int:
        """An integer argument: a constant expression with an integer value (2, 2*3, 4/2)."""
        exact = int_literal(node)  # a plain literal keeps every digit (seeds)
        if exact is not None:
            return exact
        value = self.constant_value(node, what)
        if value.ndim != 0:
            raise self.error(
                "argument", f"{what} must be one integer, not an array of shape {value.shape}", node
            )
        return self.integral(float(value), node, what)

    def integral(self, number: float, node: ast.expr, what: str) -> int:
        if not number.is_integer():  # also refuses inf and nan
            raise self.error(
                "argument", f"{what} must be an integer, not {number_text(number)}", node
            )
        return int(number)

    def number(self, node: ast.expr, what: str) -> float:
        value = self.constant_value(node, what)
        if value.ndim != 0 or not np.isfinite(value):
            shown = f"an array of shape {value.shape}" if value.ndim else number_text(float(value))
            raise self.error("argument", f"{what} must be one finite number, not {shown}", node)
        return float(value)

    def boolean(self, node: ast.expr | None, what: str) -> bool:
        if node is None:
            return False
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return node.value
        raise self.error("argument", f"{what} must be True or False", node)

    def axes(self, node: ast.expr | None) -> int | tuple[int, ...] | None:
        if node is None:
            return None
        if isinstance(node, ast.List):
            return tuple(self.integer(entry, "an axis") for entry in node.elts)
        return self.integer(node, "the axis")

    def shape(self, nodes: list[ast.expr], reshape: bool = False) -> tuple[int, ...]:
        """Separate integers or one list: ``zeros(2, 3)`` or ``zeros([2, 3])``."""
        if len(nodes) == 1 and isinstance(nodes[0], ast.List):
            nodes = nodes[0].elts
        dims = []
        for node in nodes:
            dim = self.integer(node, "a shape entry")
            if dim < 0 and not (reshape and dim == -1):
                raise self.error("argument", f"a shape entry cannot be negative, not {dim}", node)
            dims.append(dim)
        return tuple(dims)

    def check_shape(self, shape: tuple[int, ...], node: ast.expr, what: str) -> None:
        """A constructor's shape, before it is built: its elements, and its extent when empty.

        numpy refuses ``zeros((2**62, 0))`` although it has no elements, so the
        non-zero axes of an empty shape are held to the element limit too.
        """
        self.check_elements(math.prod(shape), node, what)
        if math.prod(shape) == 0 and extent(shape) > self.limits.max_elements:
            raise self.error(
                "limit",
                f"{what} would have no elements {shape}, but its other axes multiply to "
                f"{extent(shape):,}, more than the limit of {self.limits.max_elements:,}",
                node,
                ELEMENTS_HINT,
            )

    def check_elements(self, elements: int, node: ast.expr, what: str) -> None:
        if elements > self.limits.max_elements:
            raise self.error(
                "limit",
                f"{what} would have {elements:,} elements, more than the limit of "
                f"{self.limits.max_elements:,}",
                node,
                "work with smaller arrays (the limit is set by CHAINRULE_MAX_ELEMENTS)",
            )
        try:
            charge(elements, what)
        except LimitError as error:
            raise self.limit_error(error, node) from None

    def limit_error(self, error: LimitError, node: ast.expr) -> ProgramError:
        """A limit the engine reported, at ``node``, with the variable that sets it."""
        if error.limit == "seconds":
            return self.error("limit", out_of_time_message(self.seconds), node, RUN_TIME_HINT)
        hint = TOTAL_HINT if error.limit == "total_elements" else ELEMENTS_HINT
        return self.error("limit", error.message, node, hint)


def int_literal(node: ast.expr) -> int | None:
    """The exact value of ``3`` or ``-3`` written as an integer literal, else None."""
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        sign = -1 if isinstance(node.op, ast.USub) else 1
        node = node.operand
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return sign * node.value
    return None
