"""The evaluator: walks a program's statements through ONE dispatch table of node types.

:data:`HANDLERS` maps every node type a program may contain to its handler; any
other is refused by name. Constant sub-expressions are folded (numpy arrays, never
nodes); an operation on a variable becomes a node of the engine's graph, with the
span of the expression that made it. The reader only compares strings with its own
tables: nothing reaches ``eval``, and no attribute but ``.T`` is looked up.
"""

from __future__ import annotations

import ast
import difflib
import math
from collections.abc import Callable, Iterable
from typing import Any

import numpy as np

from engine.core.errors import ArgumentError, EngineError, LimitError, ShapeError
from engine.core.tensor import Tensor
from engine.i18n import Message
from engine.language.arguments import ArgumentReader, int_literal
from engine.language.errors import ProgramError, Span
from engine.language.limits import Limits
from engine.language.lookalikes import lookalike_hint
from engine.language.source import Source, first_assignments, label_variables
from engine.language.table import (
    CONSTANTS,
    FUNCTION_NAMES,
    OPERATIONS,
    OPERATOR_HINTS,
    REFUSED,
    Operation,
    Value,
    symbol,
)


class Evaluator(ArgumentReader):
    """Walks the statements in order, building constants, leaves and nodes."""

    def __init__(
        self, source: Source, tree: ast.Module, limits: Limits, seconds: float | None = None
    ):
        super().__init__(source, limits, seconds)
        self.tree = tree
        self.assigned_on: dict[str, int] = {}  # name -> line of its assignment
        self.leaves: dict[str, Tensor] = {}
        self.spans: dict[int, Span] = {}
        self.n_ops = 0
        self.labels_made = 0  # the per-program counter of automatic labels
        self.pending: list[tuple[Tensor, str]] = []  # tensors of this statement, to name
        self.labels = label_variables(tree)
        self.first_assignment = first_assignments(tree)
        self.bare_output = isinstance(tree.body[-1], ast.Expr)
        self.is_last = False

    def run(self) -> None:
        body = self.tree.body
        for index, statement in enumerate(body):
            self.is_last = index == len(body) - 1
            self.visit(statement)

    @property
    def output_name(self) -> str:
        """The name of the output: the last statement's target, or `out` for a bare one."""
        last = self.tree.body[-1]
        if isinstance(last, ast.Assign) and isinstance(last.targets[0], ast.Name):
            return last.targets[0].id
        return "out"

    # -- dispatch ------------------------------------------------------------------
    def visit(self, node: ast.stmt | ast.expr) -> Any:
        handler = HANDLERS.get(type(node))
        if handler is None:
            raise self.refused(node)
        return handler(self, node)

    def refused(self, node: ast.stmt | ast.expr) -> ProgramError:
        if isinstance(node, ast.AugAssign):
            return self.error(
                "unsupported",
                Message("language.augmented", op=symbol(node.op)),
                node,
                Message("language.hint.new_name"),
            )
        name = Message("language.construct.node", node=type(node).__name__)
        message, hint = REFUSED.get(type(node), (Message("language.unsupported", what=name), None))
        return self.error("unsupported", message, node, hint)

    # -- statements -------------------------------------------------------------------
    def assign(self, statement: ast.Assign) -> None:
        if len(statement.targets) > 1:
            raise self.error(
                "unsupported",
                Message("language.chained"),
                statement.targets[1],
                Message("language.hint.one_name"),
            )
        target = statement.targets[0]
        if not isinstance(target, ast.Name):
            raise self.bad_target(target)
        name = target.id
        self.check_new_name(name, target)
        value = self.expression(statement.value)
        self.bind(name, value, statement.value, target)

    def bad_target(self, target: ast.expr) -> ProgramError:
        if isinstance(target, ast.Tuple | ast.List | ast.Starred):
            return self.error(
                "unsupported",
                Message("language.unpacking"),
                target,
                Message("language.hint.one_name"),
            )
        if isinstance(target, ast.Subscript):
            return self.error(
                "unsupported",
                Message("language.assign_part"),
                target,
                Message("language.hint.immutable"),
            )
        if isinstance(target, ast.Attribute):
            return self.error("unsupported", Message("language.assign_attribute"), target)
        return self.refused(target)

    def check_new_name(self, name: str, target: ast.Name) -> None:
        if name in OPERATIONS:
            raise self.error(
                "name",
                Message("language.assign_function", name=name),
                target,
                Message("language.hint.another_name", name=name),
            )
        if name in self.variables:
            raise self.error(
                "name",
                Message("language.assigned_twice", name=name, line=self.assigned_on[name]),
                target,
                Message("language.hint.choose_new_name", name=name),
            )
        if name == "out" and self.bare_output:
            raise self.error(
                "name",
                Message("language.assign_out"),
                target,
                Message("language.hint.rename"),
            )

    def bare_expression(self, statement: ast.Expr) -> None:
        if not self.is_last:
            raise self.error(
                "unsupported",
                Message("language.bare_expression"),
                statement.value,
                Message("language.hint.assign_it"),
            )
        value = self.expression(statement.value)
        self.bind("out", value, statement.value, statement.value)

    def bind(self, name: str, value: Value, node: ast.expr, target: ast.expr) -> None:
        if isinstance(value, np.ndarray):
            # A leaf: its right side refers to no variable, so it is one constant array.
            is_label = name in self.labels
            tensor = Tensor(value, name=name, requires_grad=not is_label)
            self.spans[tensor.serial] = self.src.span(node)
            if not is_label:
                self.leaves[name] = tensor
        else:
            tensor = value
            if tensor.op is None and tensor.requires_grad:
                # `y = x` names the same leaf again (no new node): see the reference.
                self.leaves[name] = tensor
        self.name_pending(tensor, name)
        self.variables[name] = tensor
        self.assigned_on[name] = self.src.span(target).line

    def name_pending(self, top: Tensor, name: str) -> None:
        """The statement's top node takes the variable's name; the others get `op#k`."""
        for tensor, label in sorted(self.pending, key=lambda item: item[0].serial):
            if tensor is top:
                tensor.name = name
            else:
                self.labels_made += 1
                tensor.name = f"{label}#{self.labels_made}"
        self.pending.clear()

    # -- expressions ----------------------------------------------------------------------
    def expression(self, node: ast.expr) -> Value:
        if not isinstance(node, ast.expr):
            raise self.refused(node)
        value: Value = self.visit(node)
        return value

    def constant(self, node: ast.Constant) -> np.ndarray:
        value = node.value
        if isinstance(value, bool):
            raise self.error("unsupported", Message("language.boolean"), node)
        if isinstance(value, int):
            return _float(value)
        if isinstance(value, float):
            return np.array(value)
        if value is None:
            raise self.error(
                "unsupported",
                Message("language.none"),
                node,
                Message("language.hint.default"),
            )
        if value is Ellipsis:
            raise self.error("unsupported", Message("language.ellipsis"), node)
        if isinstance(value, complex):
            raise self.error("unsupported", Message("language.complex"), node)
        raise self.error(
            "unsupported",
            Message("language.string"),
            node,
            Message("language.hint.numbers_only"),
        )

    def name(self, node: ast.Name) -> Value:
        if node.id in self.variables:
            return self.variables[node.id]
        if node.id in CONSTANTS:
            return np.array(CONSTANTS[node.id])
        raise self.unknown_name(node)

    def unknown_name(self, node: ast.Name) -> ProgramError:
        name = node.id
        if name in OPERATIONS:
            return self.error(
                "unknown-name",
                Message("language.function_not_value", name=name),
                node,
                Message("language.hint.call_it", usage=OPERATIONS[name].usage),
            )
        if name in self.first_assignment:
            line = self.first_assignment[name]
            return self.error(
                "unknown-name",
                Message("language.used_before_assigned", name=name, line=line),
                node,
                Message("language.hint.assign_first"),
            )
        known = [*self.variables, *(c for c in CONSTANTS if c not in self.variables)]
        close = _suggest(name, known, cutoff=0.5)  # lenient: names are often short (x1, x2)
        lookalike = lookalike_hint(name, known)
        if lookalike:
            hint = lookalike
        elif close:
            hint = Message("language.hint.did_you_mean", name=close)
        elif self.variables:
            names = ", ".join(list(self.variables)[:12])
            hint = Message("language.hint.names_so_far", names=names)
        else:
            hint = Message("language.hint.assign_first_example")
        return self.error("unknown-name", Message("language.unknown_name", name=name), node, hint)

    def list_literal(self, node: ast.List) -> np.ndarray:
        items: list[tuple[np.ndarray, ast.expr]] = []
        for element in node.elts:
            value = self.expression(element)
            if isinstance(value, Tensor):
                raise self.error(
                    "unsupported",
                    Message("language.list_of_variables"),
                    element,
                    Message("language.hint.stack"),
                )
            items.append((value, element))
        if not items:
            return np.zeros(0)
        first = items[0][0].shape
        for value, element in items[1:]:
            if value.shape != first:
                raise self.error(
                    "shape",
                    Message("language.ragged", a=value.shape, b=first),
                    element,
                    Message("language.hint.same_length"),
                )
        self.check_shape((len(items), *first), node, Message("language.what.list"))
        return np.stack([value for value, _ in items]).astype(np.float64)

    def binary(self, node: ast.BinOp) -> Value:
        entry = OPERATIONS.get(type(node.op))
        if entry is None:
            raise self.error(
                "unsupported",
                Message("language.operator", op=symbol(node.op)),
                node,
                OPERATOR_HINTS.get(type(node.op)),
            )
        left = self.expression(node.left)
        right = self.expression(node.right)
        return self.apply(node, entry, [(left, node.left), (right, node.right)])

    def unary(self, node: ast.UnaryOp) -> Value:
        entry = OPERATIONS.get(type(node.op))
        if entry is None:
            raise self.error("unsupported", Message("language.operator", op=symbol(node.op)), node)
        operand = self.expression(node.operand)
        if isinstance(node.op, ast.UAdd):
            return operand  # +a is a: no node
        return self.apply(node, entry, [(operand, node.operand)])

    def attribute(self, node: ast.Attribute) -> Value:
        # The only attribute is .T; the name is compared, never looked up.
        if node.attr != "T":
            hint = None
            if node.attr in FUNCTION_NAMES:
                hint = Message(
                    "language.hint.write", code=f"{node.attr}({self.src.segment(node.value)})"
                )
            raise self.error(
                "unsupported", Message("language.attribute", attr=node.attr), node, hint
            )
        value = self.expression(node.value)
        entry = OPERATIONS["transpose"]
        return self.apply(node, entry, [(value, node.value)], axes=None)

    def call(self, node: ast.Call) -> Value:
        func = node.func
        if isinstance(func, ast.Attribute):
            if func.attr == "T":
                raise self.error(
                    "unsupported",
                    Message("language.call_T"),
                    node,
                    Message("language.hint.no_parentheses", code=self.src.segment(func)),
                )
            return self.attribute(func)  # refuses every attribute but .T
        if not isinstance(func, ast.Name):
            raise self.error(
                "unsupported",
                Message("language.call_by_name"),
                func,
                Message("language.hint.multiply", code="2 * (x + 1)"),
            )
        entry = OPERATIONS.get(func.id)
        if entry is None:
            raise self.unknown_function(func)
        for argument in node.args:
            if isinstance(argument, ast.Starred):
                raise self.error(
                    "unsupported",
                    Message("language.starred_argument"),
                    argument,
                    Message("language.hint.each_array"),
                )
        for keyword in node.keywords:
            if keyword.arg is None:
                raise self.error(
                    "unsupported",
                    Message("language.double_starred", code="**"),
                    keyword,
                    entry.usage_hint,
                )
        assert entry.read is not None  # every function has its reader
        return entry.read(self, node, func.id, entry)

    def unknown_function(self, func: ast.Name) -> ProgramError:
        name = func.id
        names = ", ".join(FUNCTION_NAMES)
        if name in self.variables or name in CONSTANTS:
            return self.error(
                "unknown-function",
                Message(
                    "language.variable_not_function"
                    if name in self.variables
                    else "language.constant_not_function",
                    name=name,
                ),
                func,
                Message("language.hint.multiply", code=f"{name} * (...)"),
            )
        close = _suggest(name, FUNCTION_NAMES, cutoff=0.7)
        hint = (
            Message("language.hint.did_you_mean_function", name=close, names=names)
            if close
            else Message("language.hint.functions", names=names)
        )
        hint = lookalike_hint(name, FUNCTION_NAMES) or hint
        return self.error(
            "unknown-function", Message("language.unknown_function", name=name), func, hint
        )

    def subscript(self, node: ast.Subscript) -> Value:
        value = self.expression(node.value)
        index = node.slice
        items = index.elts if isinstance(index, ast.Tuple) else [index]
        parts: list[Any] = []
        lists = ellipses = 0
        for item in items:
            part = self.index_part(item)
            if isinstance(part, list):
                lists += 1
                if lists > 1:
                    raise self.error(
                        "unsupported",
                        Message("language.index.two_lists"),
                        item,
                        Message("language.hint.one_axis_at_a_time"),
                    )
            if part is Ellipsis:
                ellipses += 1
                if ellipses > 1:
                    raise self.error("argument", Message("language.index.two_ellipses"), item)
            parts.append(part)
        key = tuple(parts) if isinstance(index, ast.Tuple) else parts[0]
        entry = OPERATIONS[ast.Subscript]
        return self.apply(node, entry, [(value, node.value)], index=key, fault=index)

    def index_part(self, item: ast.expr) -> Any:
        if isinstance(item, ast.Slice):
            bounds = [
                None if bound is None else self.integer(bound, Message("language.what.slice_bound"))
                for bound in (item.lower, item.upper, item.step)
            ]
            if bounds[2] == 0:
                assert item.step is not None  # a step of 0 was written
                raise self.error("argument", Message("language.index.zero_step"), item.step)
            return slice(*bounds)
        if isinstance(item, ast.Constant) and item.value is Ellipsis:
            return Ellipsis
        if isinstance(item, ast.Constant) and item.value is None:
            raise self.error(
                "unsupported",
                Message("language.index.none"),
                item,
                Message("language.hint.reshape"),
            )
        if isinstance(item, ast.List):
            return [self.integer(entry, _INDEX) for entry in item.elts]
        exact = int_literal(item)
        if exact is not None:
            return exact
        value = self.constant_value(item, _INDEX)
        if value.ndim == 0:
            return self.integral(float(value), item, _INDEX)
        if value.ndim == 1:
            return [self.integral(float(v), item, _INDEX) for v in value]
        raise self.error(
            "argument",
            Message("language.index.array", shape=value.shape),
            item,
        )

    # -- applying operations --------------------------------------------------------------
    def apply(
        self,
        node: ast.expr,
        entry: Operation,
        operands: list[tuple[Value, ast.expr]],
        fault: ast.expr | None = None,
        **params: Any,
    ) -> Value:
        """Run one engine operation: folded if every operand is constant, else a node.

        Engine errors become ProgramErrors at ``fault`` (default: the node).
        """
        constant = all(isinstance(value, np.ndarray) for value, _ in operands)
        if constant:
            tensors = [Tensor(value, requires_grad=False) for value, _ in operands]
            result = self.engine(entry, tensors, params, fault or node)
            return np.asarray(result.data, dtype=np.float64)
        if self.n_ops >= self.limits.max_ops:
            raise self.error(
                "limit",
                Message("language.limit.ops", limit=self.limits.max_ops),
                node,
                Message("language.hint.max_ops"),
            )
        tensors = [self.as_tensor(value, operand) for value, operand in operands]
        result = self.engine(entry, tensors, params, fault or node)
        self.register(result, node, entry.op)
        return result

    def engine(
        self, entry: Operation, tensors: list[Tensor], params: dict[str, Any], fault: ast.expr
    ) -> Tensor:
        try:
            result: Tensor = entry.compute(*tensors, **params)
            return result
        except ShapeError as error:
            raise self.error("shape", error.message, fault) from None
        except LimitError as error:
            raise self.limit_error(error, fault) from None
        except (ArgumentError, EngineError) as error:
            raise self.error("argument", error.message, fault) from None

    def as_tensor(self, value: Value, node: ast.expr) -> Tensor:
        if isinstance(value, Tensor):
            return value
        tensor = Tensor(value, requires_grad=False)  # a constant input: no gradient
        self.spans[tensor.serial] = self.src.span(node)
        self.pending.append((tensor, "const"))
        return tensor

    def register(self, result: Tensor, node: ast.expr, label: str) -> None:
        """Give every tensor the engine just made a span and a place in the naming queue."""
        stack = [result]
        while stack:
            tensor = stack.pop()
            if tensor.serial in self.spans:
                continue
            self.spans[tensor.serial] = self.src.span(node)
            self.pending.append((tensor, tensor.op.name if tensor.op is not None else label))
            if tensor.op is not None:
                self.n_ops += 1
            stack.extend(tensor.inputs)


_INDEX = Message("language.what.index")

#: THE dispatch table: every node type a program may contain, and its handler.
HANDLERS: dict[type[ast.AST], Callable[[Evaluator, Any], Any]] = {
    ast.Assign: Evaluator.assign,
    ast.Expr: Evaluator.bare_expression,
    ast.Constant: Evaluator.constant,
    ast.Name: Evaluator.name,
    ast.List: Evaluator.list_literal,
    ast.BinOp: Evaluator.binary,
    ast.UnaryOp: Evaluator.unary,
    ast.Call: Evaluator.call,
    ast.Attribute: Evaluator.attribute,
    ast.Subscript: Evaluator.subscript,
}


def _suggest(name: str, candidates: Iterable[str], cutoff: float) -> str | None:
    """The closest candidate (ignoring case), for "did you mean …?" hints."""
    by_lower = {candidate.lower(): candidate for candidate in candidates}
    close = difflib.get_close_matches(name.lower(), list(by_lower), n=1, cutoff=cutoff)
    return by_lower[close[0]] if close else None


def _float(value: int) -> np.ndarray:
    """An integer literal as float64; beyond float range it is inf, as numpy would say."""
    try:
        return np.array(float(value))
    except OverflowError:
        return np.array(math.inf if value > 0 else -math.inf)
