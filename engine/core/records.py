"""The records of a backward pass: what :func:`engine.core.autodiff.trace_backward` returns,
step by step, as immutable data.

A :class:`Step` is one node's turn: its upstream, the contributions that summed
to it, and one :class:`Edge` per input (the :class:`LocalJacobian`, described
lazily, and the downstream gradient). :class:`NodeInfo` describes a node of
the recorded graph. The traversal that fills them is in
:mod:`engine.core.autodiff`.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from engine.core.ops import Op, Params, Structure, Value, Values
from engine.i18n import Message

#: Above this many entries a local Jacobian is only described, never built.
JACOBIAN_CAP = 1_000_000


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
