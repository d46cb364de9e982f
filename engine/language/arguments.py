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
from engine.i18n import Message
from engine.language.errors import ProgramError
from engine.language.limits import (
    ELEMENTS_HINT,
    RUN_TIME_HINT,
    TOTAL_HINT,
    Limits,
    out_of_time_message,
)
from engine.language.source import Located, Source
from engine.language.table import AN_AXIS, OPERATIONS, THE_AXIS, Value, number_text


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

    def error(
        self, kind: str, message: Message | str, node: Located, hint: Message | str | None = None
    ) -> ProgramError:
        """The error ``message`` at ``node``."""
        return ProgramError.at(kind, message, self.src.span(node), hint)

    def arguments(
        self,
        call: ast.Call,
        name: str,
        fewest: int,
        most: int | None,
        what: Message | None,
        keywords: tuple[str, ...] = (),
    ) -> tuple[list[ast.expr], dict[str, ast.expr]]:
        """The positional arguments (checked in number) and the allowed keywords.

        ``what`` names the arguments expected, for a wrong number of them (None when
        any number will do).
        """
        entry = OPERATIONS[name]
        given: dict[str, ast.expr] = {}
        for keyword in call.keywords:
            if keyword.arg is None or keyword.arg not in keywords:
                allowed = (
                    Message("language.hint.keywords", keywords=", ".join(keywords))
                    if keywords
                    else Message("language.hint.no_keywords", usage=entry.usage)
                )
                message = Message("language.no_keyword", name=name, keyword=keyword.arg)
                raise self.error("argument", message, keyword, allowed)
            given[keyword.arg] = keyword.value
        count = len(call.args)
        if count < fewest:
            message = Message("language.too_few", name=name, what=what, n=count)
            raise self.error("argument", message, call, entry.usage_hint)
        if most is not None and count > most:
            message = Message("language.too_many", name=name, what=what, n=count)
            raise self.error("argument", message, call.args[most], entry.usage_hint)
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
            hint = Message("language.hint.write", code=f"axes={written}")
        elif name == "max":
            hint = Message("language.hint.max_not_relu", first=first, axis=axis)
        elif name == "min":
            hint = Message("language.hint.min_not_elementwise", first=first, axis=axis)
        else:
            hint = Message("language.hint.write", code=f"{keyword}={axis}")
        message = Message("language.keyword_only", name=name, keyword=keyword)
        raise self.error("argument", message, extra, hint)

    def constant_value(self, node: ast.expr, what: Message) -> np.ndarray:
        """A constant expression's value; a variable in it is an error at the variable."""
        for inner in ast.walk(node):
            if isinstance(inner, ast.Name) and inner.id in self.variables:
                raise self.error(
                    "argument",
                    Message("language.not_constant", what=what, name=inner.id),
                    inner,
                    Message("language.hint.number_itself"),
                )
        value = self.expression(node)
        assert isinstance(value, np.ndarray)  # no variable, so nothing but constants
        return value

    def integer(self, node: ast.expr, what: Message) -> int:
        """An integer argument: a constant expression with an integer value (2, 2*3, 4/2)."""
        exact = int_literal(node)  # a plain literal keeps every digit (seeds)
        if exact is not None:
            return exact
        value = self.constant_value(node, what)
        if value.ndim != 0:
            message = Message("language.not_one_integer", what=what, shape=value.shape)
            raise self.error("argument", message, node)
        return self.integral(float(value), node, what)

    def integral(self, number: float, node: ast.expr, what: Message) -> int:
        if not number.is_integer():  # also refuses inf and nan
            message = Message("language.not_integer", what=what, value=number_text(number))
            raise self.error("argument", message, node)
        return int(number)

    def number(self, node: ast.expr, what: Message) -> float:
        value = self.constant_value(node, what)
        if value.ndim != 0 or not np.isfinite(value):
            shown = (
                Message("language.shown.array", shape=value.shape)
                if value.ndim
                else Message("language.shown.number", value=number_text(float(value)))
            )
            message = Message("language.not_finite", what=what, shown=shown)
            raise self.error("argument", message, node)
        return float(value)

    def boolean(self, node: ast.expr | None, what: Message) -> bool:
        if node is None:
            return False
        if isinstance(node, ast.Constant) and isinstance(node.value, bool):
            return node.value
        raise self.error("argument", Message("language.not_boolean", what=what), node)

    def axes(self, node: ast.expr | None) -> int | tuple[int, ...] | None:
        if node is None:
            return None
        if isinstance(node, ast.List):
            return tuple(self.integer(entry, AN_AXIS) for entry in node.elts)
        return self.integer(node, THE_AXIS)

    def shape(self, nodes: list[ast.expr], reshape: bool = False) -> tuple[int, ...]:
        """Separate integers or one list: ``zeros(2, 3)`` or ``zeros([2, 3])``."""
        if len(nodes) == 1 and isinstance(nodes[0], ast.List):
            nodes = nodes[0].elts
        dims = []
        for node in nodes:
            dim = self.integer(node, _SHAPE_ENTRY)
            if dim < 0 and not (reshape and dim == -1):
                raise self.error("argument", Message("language.shape_negative", n=dim), node)
            dims.append(dim)
        return tuple(dims)

    def check_shape(self, shape: tuple[int, ...], node: ast.expr, what: Message) -> None:
        """A constructor's shape, before it is built: its elements, and its extent when empty.

        numpy refuses ``zeros((2**62, 0))`` although it has no elements, so the
        non-zero axes of an empty shape are held to the element limit too.
        """
        self.check_elements(math.prod(shape), node, what)
        if math.prod(shape) == 0 and extent(shape) > self.limits.max_elements:
            message = Message(
                "language.limit.no_elements",
                what=what,
                shape=shape,
                n=extent(shape),
                limit=self.limits.max_elements,
            )
            raise self.error("limit", message, node, ELEMENTS_HINT)

    def check_elements(self, elements: int, node: ast.expr, what: Message) -> None:
        limit = self.limits.max_elements
        if elements > limit:
            message = Message("language.limit.elements", what=what, n=elements, limit=limit)
            raise self.error("limit", message, node, ELEMENTS_HINT)
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


_SHAPE_ENTRY = Message("language.what.shape_entry")


def int_literal(node: ast.expr) -> int | None:
    """The exact value of ``3`` or ``-3`` written as an integer literal, else None."""
    sign = 1
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        sign = -1 if isinstance(node.op, ast.USub) else 1
        node = node.operand
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return sign * node.value
    return None
