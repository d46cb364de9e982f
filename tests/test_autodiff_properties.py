"""Property tests on random expression graphs, and an optional cross-check with PyTorch.

Hypothesis draws small graphs: leaves of random shapes that broadcast
together (0-d and size-1 axes included), then a random sequence of
elementwise, broadcasting, matmul and reduction steps that may reuse any
earlier node (so values fan out). Every graph must satisfy, to float64
precision:

* the recorded pass gives exactly the fast path's leaf gradients, and fires every
  operation node once, in decreasing creation order (after all its consumers);
* every step's downstream equals upstream · local (the explicit Jacobian);
* reverse-mode and forward-mode Jacobians agree, and match central differences.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import engine
from engine import Tensor, jacobian, numerical_jacobian, trace_backward

EXACT = dict(rtol=1e-10, atol=1e-12)
FD = dict(rtol=1e-5, atol=1e-6)  # central differences, eps = 1e-6, on smooth ops only

# Smooth ops only (no kinks), so finite differences are meaningful everywhere.
UNARY = {
    "tanh": lambda t: t.tanh(),
    "sin": lambda t: t.sin(),
    "sigmoid": lambda t: t.sigmoid(),
    "exp_small": lambda t: (t * 0.3).exp(),
    "square": lambda t: t * t,
    "softmax": lambda t: t.softmax(axis=-1) if t.ndim else t,
}
BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / (b * b + 1.0),
}
REDUCE = {
    "sum": lambda t: t.sum(axis=-1, keepdims=True) if t.ndim else t,
    "mean": lambda t: t.mean(axis=0) if t.ndim else t,
    "logsumexp": lambda t: t.logsumexp(axis=-1, keepdims=True) if t.ndim else t,
}


@st.composite
def graphs(draw):
    """(leaves, output): a random graph over broadcast-compatible leaves."""
    full = draw(st.lists(st.integers(1, 3), min_size=0, max_size=3))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    leaves = []
    for i in range(draw(st.integers(1, 3))):
        # a broadcastable shape: drop leading axes, set some axes to 1
        start = draw(st.integers(0, len(full)))
        shape = tuple(n if draw(st.booleans()) else 1 for n in full[start:])
        leaves.append(Tensor(rng.uniform(-1.5, 1.5, shape), name=f"x{i}"))
    nodes = list(leaves)
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["unary", "binary", "binary", "reduce", "matmul"]))
        a = draw(st.sampled_from(nodes))
        if kind == "unary":
            node = UNARY[draw(st.sampled_from(sorted(UNARY)))](a)
        elif kind == "binary":
            b = draw(st.sampled_from(nodes))
            try:
                np.broadcast_shapes(a.shape, b.shape)
            except ValueError:
                continue
            node = BINARY[draw(st.sampled_from(sorted(BINARY)))](a, b)
        elif kind == "reduce":
            node = REDUCE[draw(st.sampled_from(sorted(REDUCE)))](a)
        else:
            if a.ndim == 0:
                continue
            w = Tensor(rng.uniform(-1, 1, (a.shape[-1], draw(st.integers(1, 3)))), name="w")
            leaves.append(w)
            node = a @ w
        nodes.append(node)
    out = nodes[-1]
    if not out.requires_grad or out.op is None:
        out = nodes[0] * 1.0
    return leaves, out


SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(graphs())
def test_recorded_pass_equals_fast_path_and_each_step_is_upstream_dot_local(case):
    leaves, out = case
    trace = trace_backward(out)
    for leaf in leaves:
        leaf.grad = None
    out.backward()
    # every operation node fires once, after all its consumers: in decreasing creation order
    fired = [trace.nodes[step.node].serial for step in trace.steps]
    assert fired == sorted(fired, reverse=True)
    assert set(fired) == {info.serial for info in trace.nodes if info.op is not None}
    ids = {info.serial: info.id for info in trace.nodes}
    for leaf in leaves:
        if leaf.serial in ids:
            np.testing.assert_array_equal(trace.grads[ids[leaf.serial]], leaf.grad)
    for step in trace.steps:
        for edge in step.edges:
            if edge.downstream is None:
                continue
            local = edge.local.materialize()
            expected = np.tensordot(step.upstream, local, axes=np.ndim(step.upstream))
            np.testing.assert_allclose(edge.downstream, expected, **EXACT)


@SETTINGS
@given(graphs())
def test_reverse_forward_and_finite_differences_agree(case):
    leaves, out = case
    for leaf in leaves:
        reverse, passes_r = jacobian(out, leaf, return_passes=True)
        forward, passes_f = jacobian(out, leaf, mode="forward", return_passes=True)
        assert reverse.shape == out.shape + leaf.shape
        np.testing.assert_allclose(reverse, forward, **EXACT)
        np.testing.assert_allclose(reverse, numerical_jacobian(out, leaf), **FD)
        assert passes_f == min(leaf.size, 1)  # one batched pass (none for an empty leaf)
        # 0 when the output does not depend on the leaf or has no entries
        assert passes_r in (0, 1)


@SETTINGS
@given(graphs())
def test_gradcheck_passes_on_random_graphs(case):
    _, out = case
    for result in engine.gradcheck(out).values():
        # a gradient that is exactly 0 (a summed softmax) leaves only rounding noise in
        # the differences, which is all of their relative error: judge it by FD's atol
        assert result.max_rel_error < FD["rtol"] or result.max_abs_error < FD["atol"], result


# -- PyTorch, where installed (never required) ----------------------------------------

# Written once with the method names both libraries share, run on both.
TORCH_CASES = {
    "tanh(W @ x + b)": lambda W, x, b: (W @ x + b).tanh().sum(),
    "broadcast mul and div": lambda W, x, b: ((W * x) / (b.reshape(3, 1) ** 2 + 1)).sum(),
    "sigmoid, exp": lambda W, x, b: ((W @ x).sigmoid() * b).exp().sum(),
}


@pytest.mark.torch
@pytest.mark.parametrize("name", sorted(TORCH_CASES))
def test_gradients_match_pytorch(name):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(7)
    W0, x0, b0 = rng.normal(size=(3, 4)), rng.normal(size=4), rng.normal(size=3)
    ours = [Tensor(W0, name="W"), Tensor(x0, name="x"), Tensor(b0, name="b")]
    theirs = [torch.tensor(a, requires_grad=True) for a in (W0, x0, b0)]
    TORCH_CASES[name](*ours).backward()
    TORCH_CASES[name](*theirs).backward()
    for mine, reference in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(mine.grad, reference.grad.numpy(), rtol=1e-12, atol=1e-12)


@pytest.mark.torch
def test_cross_entropy_matches_pytorch():
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(8)
    logits0, labels = rng.normal(size=(5, 4)) * 3, np.array([0, 3, 1, 1, 2])
    logits = Tensor(logits0, name="z")
    engine.cross_entropy(logits, labels).backward()
    t = torch.tensor(logits0, requires_grad=True)
    torch.nn.functional.cross_entropy(t, torch.tensor(labels)).backward()
    np.testing.assert_allclose(logits.grad, t.grad.numpy(), rtol=1e-12, atol=1e-14)
