"""Whole Jacobians and the gradient check, built on the one traversal of
:mod:`engine.core.autodiff`.

* :func:`jacobian`: the full generalized Jacobian, from vector-Jacobian products
  (reverse mode, a row per output entry) or Jacobian-vector products (forward
  mode, a column per input entry), many one-hot seeds per pass;
* :func:`numerical_jacobian`: the same by float64 central differences, replaying
  the forward pass (``autodiff.replay_values``);
* :func:`gradcheck`: the reverse pass against central differences, with the
  work it costs counted before it starts (:func:`gradcheck_work`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import attrgetter

import numpy as np

from engine.core.autodiff import forward_tangents, graph_nodes, replay_values, reverse_pass
from engine.core.errors import ArgumentError, LimitError
from engine.core.tensor import Tensor
from engine.i18n import Message

#: A full Jacobian pushes many seeds through one pass at once, each carrying one
#: array per node; the seeds of one pass hold at most this many elements in all
#: (32 MiB of float64). Above it the seeds are split into chunks, one pass each.
JACOBIAN_BATCH_ELEMENTS = 4_000_000


# -- full Jacobians -------------------------------------------------------------------


def _check_wrt(output: Tensor, wrt: Tensor) -> None:
    if not isinstance(wrt, Tensor) or not wrt.requires_grad:
        raise ArgumentError(Message("core.jacobian.wrt"))


def _seeds(count: int, start: int, stop: int, shape: tuple[int, ...]) -> np.ndarray:
    """Seeds ``start..stop-1`` of the ``count`` one-hot seeds of ``shape``, stacked on axis 0."""
    seeds: np.ndarray = np.eye(stop - start, count, k=start)  # row j: 1 at entry start + j
    return seeds.reshape((stop - start,) + shape)


def _depending_on(nodes: list[Tensor], wrt: Tensor) -> set[int]:
    """The serials of ``wrt`` and of the nodes (in creation order) that depend on it."""
    found = {wrt.serial}
    for node in nodes:
        if node.serial > wrt.serial and any(x.serial in found for x in node.inputs):
            found.add(node.serial)
    return found


def _chunks(count: int, nodes: list[Tensor], budget: int) -> list[tuple[int, int]]:
    """The ``(start, stop)`` ranges of seeds that go through one pass together: as many
    as fit in ``budget`` elements, each seed carrying one array per node."""
    per_seed = max(1, sum(n.data.size for n in nodes))
    size = max(1, budget // per_seed)
    return [(start, min(count, start + size)) for start in range(0, count, size)]


def jacobian(
    output: Tensor,
    wrt: Tensor,
    mode: str = "reverse",
    *,
    return_passes: bool = False,
    batch_elements: int = JACOBIAN_BATCH_ELEMENTS,
) -> np.ndarray | tuple[np.ndarray, int]:
    """The generalized Jacobian of ``output`` w.r.t. ``wrt``: shape ``output.shape + wrt.shape``.

    ``mode="reverse"`` builds it from vector-Jacobian products, one per output
    entry (a row each); ``mode="forward"`` from Jacobian-vector products, one per
    input entry (a column each). The one-hot seeds go through the pass together,
    stacked on a leading batch axis that every rule carries along (see
    :mod:`engine.core.ops`), in chunks of at most ``batch_elements`` elements per
    pass. ``wrt`` may be a leaf or any intermediate node. With
    ``return_passes=True`` the number of passes actually run is returned too: 1,
    or the number of chunks (0 in reverse mode when ``output`` does not depend
    on ``wrt``, or when there is no row or column at all).

    >>> from engine import Tensor
    >>> x = Tensor([1.0, 2.0])
    >>> jacobian(x * x, x).tolist()
    [[2.0, 0.0], [0.0, 4.0]]
    >>> jacobian(x * x, x, mode="forward", return_passes=True)[1]
    1
    """
    _check_wrt(output, wrt)
    out_shape, in_shape = output.shape, wrt.shape
    rows, cols = math.prod(out_shape), math.prod(in_shape)
    matrix = np.zeros((rows, cols))
    passes = 0
    if mode == "reverse":
        nodes = graph_nodes(output, constants=False) if output.requires_grad else []
        if any(n.serial == wrt.serial for n in nodes):  # else d output / d wrt is zero
            # only the nodes on a path from wrt to the output: no other gradient is needed
            # (a weight matrix's would cost rows × its size)
            between = _depending_on(nodes, wrt)
            nodes = [n for n in nodes if n.serial in between]
            for start, stop in _chunks(rows, nodes, batch_elements):
                seeds = _seeds(rows, start, stop, out_shape)
                upstreams = reverse_pass(output, seeds, batch=1, only=between)
                matrix[start:stop] = np.reshape(upstreams[wrt.serial], (stop - start, cols))
                passes += 1
    elif mode == "forward":
        nodes = graph_nodes(output, constants=True)
        for start, stop in _chunks(cols, [n for n in nodes if n.op is not None], batch_elements):
            tangents = forward_tangents(nodes, wrt, _seeds(cols, start, stop, in_shape))
            passes += 1
            result = tangents.get(output.serial)
            if result is not None:
                wanted = (stop - start,) + out_shape
                columns = result if np.shape(result) == wanted else np.broadcast_to(result, wanted)
                matrix[:, start:stop] = np.reshape(columns, (stop - start, rows)).T
    else:
        raise ArgumentError(Message("core.jacobian.mode", mode=mode))
    result = matrix.reshape(out_shape + in_shape)
    return (result, passes) if return_passes else result


# -- finite differences and the gradient check --------------------------------------


def _central_differences(
    nodes: list[Tensor], output: Tensor, wrt: Tensor, eps: float
) -> Iterator[np.ndarray]:
    """For each entry j of ``wrt``: (f(x + eps·e_j) − f(x − eps·e_j)) / 2·eps, by replay."""
    base = np.array(wrt.data, dtype=np.float64)
    flat = base.reshape(-1)
    for j in range(flat.size):
        plus, minus = flat.copy(), flat.copy()
        plus[j] += eps
        minus[j] -= eps
        f_plus = replay_values(nodes, {wrt.serial: plus.reshape(base.shape)})[output.serial]
        f_minus = replay_values(nodes, {wrt.serial: minus.reshape(base.shape)})[output.serial]
        yield (np.asarray(f_plus) - np.asarray(f_minus)) / (2 * eps)


def numerical_jacobian(output: Tensor, wrt: Tensor, eps: float = 1e-6) -> np.ndarray:
    """The Jacobian by float64 central differences: two forward replays per input entry."""
    nodes = graph_nodes(output, constants=True)
    if not any(n.serial == wrt.serial for n in nodes):
        return np.zeros(output.shape + wrt.shape)
    columns = [c.reshape(-1) for c in _central_differences(nodes, output, wrt, eps)]
    rows = math.prod(output.shape)
    matrix = np.stack(columns, axis=1) if columns else np.zeros((rows, 0))
    return matrix.reshape(output.shape + wrt.shape)


@dataclass(frozen=True, slots=True)
class GradcheckResult:
    """Analytic against numerical gradient for one tensor."""

    name: str
    analytic: np.ndarray
    numerical: np.ndarray
    max_abs_error: float
    max_rel_error: float


#: Replaying an operation costs at least this much work, however small it is: the
#: Python call around numpy takes a few microseconds, about as long as numpy takes to
#: touch this many elements.
OP_OVERHEAD_WORK = 5_000


def forward_work(node: Tensor) -> int:
    """The work of recomputing one operation, in element operations.

    The elements it reads and writes; for a matrix product the multiply-adds
    (output entries × the summed axis); never less than :data:`OP_OVERHEAD_WORK`.

    >>> from engine import Tensor
    >>> a = Tensor(np.ones((300, 200)))
    >>> forward_work(a @ np.ones((200, 100))), forward_work(a.exp()), forward_work(a[0])
    (6000000, 120000, 60200)
    """
    if node.op is None:
        return 0
    out = int(np.size(node.data))
    if node.op.name in ("matmul", "dot"):
        left = np.shape(node.inputs[0].data)
        work = out * (left[-1] if left else 1)
    else:
        work = out + sum(int(np.size(x.data)) for x in node.inputs)
    return max(work, OP_OVERHEAD_WORK)


def gradcheck_work(output: Tensor, wrt: Tensor) -> int:
    """The work of checking ``wrt`` by central differences, before doing any of it.

    Two replays per entry of ``wrt``; a replay recomputes every operation made
    after ``wrt`` (see :func:`replay_values`), each costing :func:`forward_work`.

    >>> from engine import Tensor
    >>> x = Tensor(np.ones(1000))
    >>> gradcheck_work((x * x).sum(), x) == 2 * 1000 * (5000 + 5000)  # two small operations
    True
    """
    nodes = graph_nodes(output, constants=True)
    replay = sum(forward_work(node) for node in nodes if node.serial > wrt.serial)
    return 2 * int(np.size(wrt.data)) * replay


def gradcheck(
    output: Tensor,
    wrt: Iterable[Tensor] | None = None,
    eps: float = 1e-6,
    *,
    deadline: float | None = None,
) -> dict[str, GradcheckResult]:
    """Compare the reverse pass with central differences for every leaf (or ``wrt``).

    The output is seeded with ones (a non-scalar output is checked as its
    sum). The relative error is the largest ``|a − n|`` over the largest
    ``|a|`` or ``|n|`` of the tensor (at least 1e-12), so tiny entries do not
    inflate it.
    ``.grad`` is left untouched. With ``deadline`` (a ``time.monotonic()`` value)
    the check raises ``LimitError`` (limit ``"seconds"``) at the first entry
    that would start after it.

    >>> from engine import Tensor
    >>> x = Tensor([0.5, -1.0], name="x")
    >>> result = gradcheck((x.tanh() * x).sum())["x"]
    >>> result.max_rel_error < 1e-7
    True
    """
    if not output.requires_grad:
        return {}
    seed = np.ones(output.shape)
    leaves: list[Tensor] = []
    upstreams = reverse_pass(output, seed, leaves=leaves)
    targets = list(wrt) if wrt is not None else sorted(leaves, key=attrgetter("serial"))
    all_nodes = graph_nodes(output, constants=True)
    results = {}
    for i, t in enumerate(targets):
        analytic = np.asarray(upstreams.get(t.serial, np.zeros(t.shape)), dtype=np.float64)
        # The output seeded with ones is checked as its sum.
        sums = []
        for difference in _central_differences(all_nodes, output, t, eps):
            sums.append(np.sum(difference))
            if deadline is not None and time.monotonic() > deadline:
                raise LimitError(Message("core.limit.gradcheck_time"), limit="seconds")
        numerical = np.array(sums, dtype=np.float64).reshape(t.shape)
        error = np.abs(analytic - numerical)
        largest = float(max(np.abs(analytic).max(initial=0.0), np.abs(numerical).max(initial=0.0)))
        max_abs = float(error.max(initial=0.0))
        name = t.name or f"tensor#{i}"
        results[name] = GradcheckResult(
            name=name,
            analytic=analytic,
            numerical=numerical,
            max_abs_error=max_abs,
            max_rel_error=max_abs / max(largest, 1e-12),
        )
    return results
