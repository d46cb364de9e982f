"""Linearisation: f(x + Δx) against its linear prediction f(x) + J · Δx, and how the
error shrinks with Δx (second order for a smooth f).

>>> x = Tensor([1.0, 2.0])
>>> linearisation((x * x).sum(), x, 1e-3).max_error < 1e-6
True
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.core.autodiff import forward_tangents, graph_nodes, replay_values
from engine.core.tensor import Tensor
from engine.views import numbers

#: The linearisation table shows at most this many output entries.
LINEARISATION_ROWS = 50

#: Scales of Δx for the "the error is second order" sweep.
SWEEP_SCALES = (1.0, 0.1, 0.01, 0.001)


def replay(output: Tensor, values: Mapping[Tensor, Any]) -> np.ndarray:
    """The output's value recomputed with some nodes' values replaced (the graph is untouched).

    >>> x = Tensor([1.0, 2.0])
    >>> y = (x * x).sum()
    >>> float(replay(y, {x: [3.0, 4.0]})), float(y.data)
    (25.0, 5.0)
    """
    nodes = graph_nodes(output, constants=True)
    inside = {n.serial for n in nodes}
    overrides = {
        t.serial: np.asarray(v, dtype=np.float64).reshape(t.shape)
        for t, v in values.items()
        if t.serial in inside
    }
    if not overrides:
        return np.asarray(output.data)
    with np.errstate(all="ignore"):
        return np.asarray(replay_values(nodes, overrides)[output.serial])


def jvp(output: Tensor, wrt: Tensor, tangent: Any) -> np.ndarray:
    """J · tangent by one forward-mode pass (the Jacobian is never built)."""
    seed = np.asarray(tangent, dtype=np.float64).reshape(wrt.shape)
    if output.serial == wrt.serial:
        return seed
    nodes = graph_nodes(output, constants=True)
    with np.errstate(all="ignore"):
        result = forward_tangents(nodes, wrt, seed).get(output.serial)
    if result is None:
        return np.zeros(output.shape)
    return np.broadcast_to(np.asarray(result, dtype=np.float64), output.shape).copy()


def contract(jac: np.ndarray, delta: np.ndarray, in_ndim: int) -> np.ndarray:
    """The generalized dot J · Δx: sum over the input's axes (the last ``in_ndim`` of J).

    >>> contract(np.ones((2, 3)), np.array([1.0, 2.0, 3.0]), 1).tolist()
    [6.0, 6.0]
    """
    return np.tensordot(jac, delta, axes=in_ndim)


def direction(shape: tuple[int, ...], seed: int = 0) -> np.ndarray:
    """A fixed random direction of unit length (Frobenius norm 1) in the input's space.

    >>> float(np.linalg.norm(direction((3, 2), seed=4)))
    1.0
    """
    rng = np.random.default_rng(seed)
    d = np.asarray(rng.standard_normal(shape), dtype=np.float64)
    norm = float(np.linalg.norm(d))
    return d / norm if norm > 0 else d


@dataclass(frozen=True)
class Linearisation:
    """f(x + Δx) against its linear prediction f(x) + J · Δx, entry by entry.

    Arrays have the output's shape; ``delta`` has the input's shape.
    """

    scale: float
    delta: np.ndarray
    value: np.ndarray  # f(x)
    perturbed: np.ndarray  # f(x + Δx), by replaying the graph
    predicted: np.ndarray  # f(x) + J · Δx
    change: np.ndarray  # J · Δx
    via: str  # "jacobian" (J contracted with Δx) or "jvp" (one forward-mode pass)

    @property
    def error(self) -> np.ndarray:
        error: np.ndarray = self.perturbed - self.predicted  # numpy's stubs type it Any
        return error

    @property
    def max_error(self) -> float:
        return float(np.max(np.abs(self.error), initial=0.0))


def linearisation(
    output: Tensor,
    wrt: Tensor,
    scale: float,
    seed: int = 0,
    jac: np.ndarray | None = None,
) -> Linearisation:
    """Perturb ``wrt`` by Δx = scale · (a fixed-seed unit direction) and compare.

    ``f(x + Δx)`` is the graph replayed with the perturbed value; the
    prediction contracts ``jac`` (shape out + in) with Δx when it is given,
    and otherwise runs one forward-mode pass (J · Δx without building J).

    >>> x = Tensor([1.0, 2.0])
    >>> lin = linearisation((x * x).sum(), x, 1e-3)
    >>> lin.max_error < 1e-6
    True
    """
    delta = float(scale) * direction(tuple(wrt.shape), seed)
    value = np.asarray(output.data, dtype=np.float64)
    perturbed = replay(output, {wrt: np.asarray(wrt.data) + delta})
    if jac is not None:
        change, via = contract(np.asarray(jac), delta, wrt.ndim), "jacobian"
    else:
        change, via = jvp(output, wrt, delta), "jvp"
    change = np.asarray(change, dtype=np.float64).reshape(output.shape)
    return Linearisation(
        scale=float(scale),
        delta=delta,
        value=value,
        perturbed=np.asarray(perturbed, dtype=np.float64),
        predicted=value + change,
        change=change,
        via=via,
    )


@dataclass(frozen=True, slots=True)
class SweepRow:
    scale: float
    max_error: float
    ratio: float | None  # the previous row's error over this one's (None for the first)


def error_sweep(
    output: Tensor, wrt: Tensor, scales: Iterable[float] = SWEEP_SCALES, seed: int = 0
) -> list[SweepRow]:
    """The linearisation error for shrinking Δx: for a smooth f it shrinks like |Δx|².

    Each row's ``ratio`` is how many times smaller the error got than in the
    row before; a tenth of the step gives about a hundredth of the error
    until rounding (around 1e-12 and below) takes over.
    """
    rows: list[SweepRow] = []
    previous = None
    for scale in scales:
        error = linearisation(output, wrt, scale, seed).max_error
        ratio = previous / error if previous is not None and error > 0 else None
        rows.append(SweepRow(float(scale), error, ratio))
        previous = error
    return rows


def linearisation_rows(lin: Linearisation, limit: int = LINEARISATION_ROWS) -> list[dict[str, Any]]:
    """The first ``limit`` output entries as table rows: f(x), f(x+Δx), f(x)+J·Δx, error.

    Each row is labelled by its index vector, as the heatmap's rows are.
    """
    shape = lin.value.shape
    value = lin.value.reshape(-1)
    perturbed = lin.perturbed.reshape(-1)
    predicted = lin.predicted.reshape(-1)
    error = lin.error.reshape(-1)
    return [
        {
            "entry": str(numbers.unravel(k, shape)),
            "f(x)": float(value[k]),
            "f(x + Δx)": float(perturbed[k]),
            "f(x) + J·Δx": float(predicted[k]),
            "error": float(error[k]),
        }
        for k in range(min(limit, value.size))
    ]
