"""The traversal: fast backward, recorded pass, full Jacobians, gradcheck.

Golden numbers are the published ones (CS231n's circuits, micrograd's README).
"""

import dataclasses

import numpy as np
import pytest

import engine
from engine import Tensor, cross_entropy, gradcheck, jacobian, numerical_jacobian, trace_backward
from engine.core.autodiff import graph_nodes
from engine.i18n import Message
from engine.views.examples import EXAMPLES, example

# Agreement between two exact computations of the same quantity in float64.
EXACT = dict(rtol=1e-12, atol=1e-12)
# Central differences with eps = 1e-6: truncation ~1e-12, rounding ~1e-10 / eps.
FD = dict(rtol=1e-6, atol=1e-7)


def test_cs231n_add_mul_circuit():
    x, y, z = Tensor(-2.0, name="x"), Tensor(5.0, name="y"), Tensor(-4.0, name="z")
    q = x + y
    f = q * z
    f.backward()
    assert float(f.data) == -12.0
    assert (float(x.grad), float(y.grad), float(z.grad)) == (-4.0, -4.0, 3.0)


def test_cs231n_sigmoid_neuron():
    w = Tensor([2.0, -3.0, -3.0], name="w")
    x = Tensor([-1.0, -2.0], name="x")
    f = 1 / (1 + (-(w[0] * x[0] + w[1] * x[1] + w[2])).exp())
    f.backward()
    assert float(f.data) == pytest.approx(0.7310585786300049, abs=1e-15)
    np.testing.assert_allclose(
        w.grad, [-0.19661193324148185, -0.3932238664829637, 0.19661193324148185], **EXACT
    )
    np.testing.assert_allclose(x.grad, [0.3932238664829637, -0.5898357997244456], **EXACT)


def test_micrograd_readme_example():
    a, b = Tensor(-4.0, name="a"), Tensor(2.0, name="b")
    c = a + b
    d = a * b + b**3
    c = c + c + 1
    c = c + 1 + c + (-a)
    d = d + d * 2 + (b + a).relu()
    d = d + 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g = g + 10.0 / f
    g.backward()
    assert f"{float(g.data):.4f}" == "24.7041"
    assert f"{float(a.grad):.4f}" == "138.8338"
    assert f"{float(b.grad):.4f}" == "645.5773"


def test_gradients_accumulate_and_reset():
    x = Tensor([1.0, 2.0], name="x")
    (x * x).sum().backward()
    (x * 3).sum().backward()
    np.testing.assert_array_equal(x.grad, [5.0, 7.0])
    engine.zero_grad(x)
    assert x.grad is None


def test_non_scalar_output_is_seeded_with_ones():
    x = Tensor([1.0, 2.0, 3.0])
    (x * x).backward()
    np.testing.assert_array_equal(x.grad, [2.0, 4.0, 6.0])
    trace = trace_backward(x * x)
    np.testing.assert_array_equal(trace.seed, np.ones(3))
    np.testing.assert_array_equal(trace.steps[0].upstream, np.ones(3))


def test_no_grad_records_nothing():
    x = Tensor([1.0, 2.0])
    with engine.no_grad():
        y = x * 2
    assert y.op is None and not y.requires_grad and y.inputs == ()


def test_constants_are_not_in_the_backward_graph():
    x = Tensor(np.ones((3, 2)), requires_grad=False)
    w = Tensor(np.ones((2, 4)), name="w")
    loss = (x @ w).tanh().sum()
    nodes = graph_nodes(loss, constants=False)
    assert all(n.requires_grad for n in nodes)
    assert x not in nodes


@pytest.mark.parametrize("number", [2, 2.5, -0.0, float("nan")])
def test_a_number_becomes_the_same_constant_on_every_path(number):
    # the operators lift a number in their own frame, engine.maximum (and apply) through
    # _lift (apply too), and a checked() block through _node: the constants must not differ
    x = Tensor([1.0, 3.0], name="x")
    made = [
        (x * number).inputs[1],
        (number * x).inputs[0],
        engine.maximum(number, x).inputs[0],
        engine.core.tensor.apply("mul", (x, number)).inputs[1],
    ]
    with engine.checked(10**6):
        made.append((x + number).inputs[1])
    slots = [s for s in Tensor.__slots__ if s not in ("serial", "data")]
    for const in made:
        assert type(const.data) is np.float64
        assert const.data.tobytes() == np.float64(number).tobytes()  # -0.0 and nan too
        assert [getattr(const, s) for s in slots] == [getattr(made[0], s) for s in slots]
        assert const.requires_grad is False and const.inputs == () and const.op is None


def test_constants_share_numpy_scalars_but_never_confuse_zero_signs():
    x = Tensor([1.0, 3.0], name="x")
    for first, second in ((0.0, -0.0), (-0.0, 0.0), (2.0, 2), (float("inf"), float("-inf"))):
        a, b = (x * first).inputs[1].data, (x * second).inputs[1].data
        assert a.tobytes() == np.float64(first).tobytes()
        assert b.tobytes() == np.float64(second).tobytes()
    assert (x * 2.5).inputs[1] is not (x * 2.5).inputs[1]  # two constants, one value


def test_constant_inputs_cost_no_vjp_call(monkeypatch):
    calls = []
    op = engine.core.ops.OPS["matmul"]

    def counting(upstream, i, xs, out, p):
        calls.append(i)
        return op.vjp(upstream, i, xs, out, p)

    monkeypatch.setitem(engine.core.ops.OPS, "matmul", dataclasses.replace(op, vjp=counting))
    data = Tensor(np.ones((3, 2)), requires_grad=False)
    w = Tensor(np.ones((2, 4)), name="w")
    (data @ w).sum().backward()
    assert calls == [1]


def test_backward_needs_a_gradient_somewhere():
    with pytest.raises(engine.EngineError):
        Tensor(1.0, requires_grad=False).backward()


def test_ten_thousand_node_chain_has_no_recursion_limit():
    x = Tensor(0.5, name="x")
    y = x
    for _ in range(10_000):
        y = y * 1.0001
    y.backward()
    assert float(x.grad) == pytest.approx(1.0001**10_000, rel=1e-9)
    trace = trace_backward(y)
    assert len(trace.steps) == 10_000
    np.testing.assert_array_equal(trace.grads[trace.by_name("x").id], x.grad)


# -- the recorded pass ------------------------------------------------------


def test_the_trace_is_an_immutable_sequence_of_its_steps():
    # The Python API contract: trace_backward returns an immutable sequence of steps.
    from collections.abc import Sequence

    x, y, z = Tensor(-2.0, name="x"), Tensor(5.0, name="y"), Tensor(-4.0, name="z")
    q = x + y
    q.name = "q"
    f = q * z
    f.name = "f"
    trace = trace_backward(f)

    assert isinstance(trace, Sequence)
    assert len(trace) == 2
    steps = list(trace)
    assert [trace.node(s.node).name for s in steps] == ["f", "q"]
    assert [s.number for s in steps] == [1, 2]
    assert trace[0] is trace.steps[0] and trace[-1] is trace.steps[1]
    assert trace[0:2] == (trace[0], trace[1]) and trace[5:] == ()
    assert [s.number for s in reversed(trace)] == [2, 1]
    assert trace[0] in trace and trace.index(trace[1]) == 1
    with pytest.raises(IndexError):
        trace[2]
    assert float(trace[1].edges[0].downstream) == -4.0  # dq/dx at the step of q
    # still the attributes of the API
    assert trace.output == trace.by_name("f").id and float(trace.seed) == 1.0
    assert float(trace.grads[trace.by_name("x").id]) == -4.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        trace.steps = ()
    with pytest.raises(TypeError):
        trace[0] = trace[1]
    # a pass with no operation node is the empty sequence
    leaf = Tensor(3.0, name="leaf")
    assert list(trace_backward(leaf)) == [] and len(trace_backward(leaf)) == 0


def _two_layer():
    rng = np.random.default_rng(3)
    x = Tensor(rng.standard_normal(3), name="x", requires_grad=False)
    W1 = Tensor(rng.standard_normal((4, 3)), name="W1")
    b1 = Tensor(rng.standard_normal(4), name="b1")
    W2 = Tensor(rng.standard_normal((2, 4)), name="W2")
    h = (W1 @ x + b1).tanh()
    h.name = "h"
    logits = W2 @ h
    loss = cross_entropy(logits, 1)
    return loss, [W1, b1, W2]


def test_trace_matches_backward_bit_for_bit():
    loss, params = _two_layer()
    trace = trace_backward(loss)
    assert all(p.grad is None for p in params), "trace_backward must not touch .grad"
    loss.backward()
    for p in params:
        np.testing.assert_array_equal(trace.grads[trace.by_name(p.name).id], p.grad)


def test_trace_order_is_reverse_creation_order_and_steps_are_ops():
    loss, _ = _two_layer()
    trace = trace_backward(loss)
    ids = [s.node for s in trace.steps]
    assert ids == sorted(ids, reverse=True)
    assert all(trace.node(i).op is not None for i in ids)
    assert [s.number for s in trace.steps] == list(range(1, len(trace.steps) + 1))
    assert trace.steps[0].node == trace.output and trace.steps[0].is_seed


def test_a_node_waits_for_every_consumer_even_one_reached_later():
    # out = d + c with c made after d, both of a: c fires first and reaches a, but d
    # (waiting, made after a) must fire before a, or a would miss d's contribution
    x = Tensor([0.3, -0.7], name="x")
    a = x.tanh()
    d = a.sin()
    c = a.exp()
    out = (d + c).sum()
    out.backward()
    t = np.tanh(x.data)
    np.testing.assert_allclose(x.grad, (np.cos(t) + np.exp(t)) * (1 - t * t), rtol=1e-15)
    fired = [trace_backward(out).node(step.node).name for step in trace_backward(out).steps]
    assert fired == ["sum#5", "add#4", "exp#3", "sin#2", "tanh#1"]


def test_each_edge_downstream_is_upstream_dot_local():
    loss, _ = _two_layer()
    trace = trace_backward(loss)
    for step in trace.steps:
        for edge in step.edges:
            if edge.downstream is None:
                continue
            local = edge.local.materialize()
            assert local.shape == trace.node(step.node).shape + trace.node(edge.input).shape
            expected = np.tensordot(step.upstream, local, axes=np.ndim(step.upstream))
            np.testing.assert_allclose(edge.downstream, expected, **EXACT)


def test_broadcast_edge_records_the_sum_back():
    x = Tensor(np.arange(6.0).reshape(2, 3), name="x")
    b = Tensor([1.0, 2.0, 3.0], name="b")
    y = (x + b).sum()
    trace = trace_backward(y)
    add_step = trace.steps[1]
    b_edge = next(e for e in add_step.edges if trace.node(e.input).name == "b")
    assert b_edge.broadcast and b_edge.raw_shape == (2, 3) and b_edge.in_shape == (3,)
    np.testing.assert_array_equal(b_edge.downstream, [2.0, 2.0, 2.0])
    local = b_edge.local.materialize()
    assert local.shape == (2, 3, 3)
    assert not np.array_equal(local.reshape(6, 3)[:3], np.zeros((3, 3)))
    x_edge = next(e for e in add_step.edges if trace.node(e.input).name == "x")
    assert not x_edge.broadcast


def test_fan_out_upstream_is_the_sum_of_contributions():
    x = Tensor([1.0, 2.0], name="x")
    a = x.tanh()
    a.name = "a"
    y = (a * 2 + a * a).sum()
    trace = trace_backward(y)
    a_id = trace.by_name("a").id
    step = next(s for s in trace.steps if s.node == a_id)
    assert len(step.contributions) == 3  # a*2, and a*a twice (both operands)
    total = sum(c.value for c in step.contributions)
    np.testing.assert_allclose(step.upstream, total, **EXACT)
    np.testing.assert_allclose(step.upstream, 2 + 2 * np.tanh([1.0, 2.0]), **EXACT)


def test_not_yet_computed_is_distinguishable_from_zero():
    x = Tensor([1.0, 2.0], name="x")
    y = x * 0.0  # a real zero gradient
    z = (y + x).sum()
    trace = trace_backward(z)
    x_id = trace.by_name("x").id
    assert trace.gradient_after(x_id, 0)[0] is None
    grad, received, expected = trace.gradient_after(x_id, len(trace.steps))
    assert (received, expected) == (2, 2)
    np.testing.assert_array_equal(grad, [1.0, 1.0])
    y_id = next(n.id for n in trace.nodes if n.op is not None and n.op.name == "mul")
    assert trace.gradient_after(y_id, 0)[0] is None
    # seeds are known before the first step
    np.testing.assert_array_equal(trace.gradient_after(trace.output, 0)[0], 1.0)
    # after step 2 (the add) x has heard from one of its two consumers
    assert trace.partial_after(x_id, 1) is None
    assert trace.gradient_after(x_id, 2) == (None, 1, 2)
    np.testing.assert_array_equal(trace.partial_after(x_id, 2), [1.0, 1.0])


def test_local_jacobian_is_lazy_and_capped():
    x = Tensor(np.ones(2000), name="x")
    y = x.tanh().sum()
    trace = trace_backward(y)
    local = trace.steps[1].edges[0].local
    assert local.size == 4_000_000 and local.shape == (2000, 2000)
    assert local.materialize() is None
    assert local.structure.kind == "diagonal"
    assert local.materialize(cap=10**7).shape == (2000, 2000)


def test_a_local_jacobian_words_its_note_and_structure_in_either_language():
    x = Tensor([1.0, 2.0], name="x")
    local = trace_backward((x * 3.0).sum()).steps[1].edges[0].local
    assert local.note == Message("op.mul.note")
    assert (
        str(local.note) == "Each input's gradient is the upstream gradient times the other input."
    )
    assert local.note.text("zh") == "每个输入的梯度是上游梯度乘以另一个输入。"
    assert (str(local.structure.text), local.structure.text.text("zh")) == (
        "diag(b), 2×2",
        "diag(b)，2×2",
    )


# -- full Jacobians ------------------------------------------------------------


@pytest.mark.parametrize("seed", range(5))
def test_jacobian_three_ways_agree(seed):
    rng = np.random.default_rng(seed)
    W = Tensor(rng.standard_normal((3, 4)), name="W")
    x = Tensor(rng.standard_normal((4, 2)), name="x")
    b = Tensor(rng.standard_normal(2), name="b")
    h = (W @ x + b).sigmoid()
    y = (h * h).softmax(axis=0)
    for wrt in (W, x, b, h):
        rev, rev_passes = jacobian(y, wrt, return_passes=True)
        fwd, fwd_passes = jacobian(y, wrt, mode="forward", return_passes=True)
        num = numerical_jacobian(y, wrt)
        assert rev.shape == y.shape + wrt.shape
        assert (rev_passes, fwd_passes) == (1, 1)  # every seed in one batched pass
        np.testing.assert_allclose(rev, fwd, **EXACT)
        np.testing.assert_allclose(rev, num, **FD)
        # one seed per pass (a budget too small for two) gives the same Jacobian
        rows, rows_passes = jacobian(y, wrt, return_passes=True, batch_elements=1)
        cols, cols_passes = jacobian(y, wrt, "forward", return_passes=True, batch_elements=1)
        assert (rows_passes, cols_passes) == (y.size, wrt.size)
        np.testing.assert_allclose(rows, rev, **EXACT)
        np.testing.assert_allclose(cols, fwd, **EXACT)


def _graph_elements(output, constants):
    return sum(n.size for n in graph_nodes(output, constants) if constants is False or n.op)


@pytest.mark.parametrize("mode", ["reverse", "forward"])
def test_jacobian_works_in_chunks_above_its_memory_budget(mode):
    rng = np.random.default_rng(3)
    x = Tensor(rng.standard_normal(7), name="x")
    W = Tensor(rng.standard_normal((5, 7)), name="W", requires_grad=False)
    y = (W @ x).tanh() * x[:5]
    whole, one = jacobian(y, x, mode, return_passes=True)
    assert one == 1
    # a budget for two seeds at a time: ceil(seeds / 2) passes, the same Jacobian
    per_seed = _graph_elements(y, constants=mode == "forward")
    chunked, passes = jacobian(y, x, mode, return_passes=True, batch_elements=2 * per_seed)
    seeds = y.size if mode == "reverse" else x.size
    assert passes == -(-seeds // 2) and passes > 1
    np.testing.assert_allclose(chunked, whole, **EXACT)
    expected = (1 - np.tanh(W.data @ x.data) ** 2)[:, None] * W.data * x.data[:5, None]
    expected[np.arange(5), np.arange(5)] += np.tanh(W.data @ x.data)
    np.testing.assert_allclose(whole, expected, **EXACT)


def test_jacobian_of_a_0d_output_and_an_empty_input():
    x = Tensor(np.array([1.0, -2.0, 3.0]), name="x")
    loss = (x * x).sum()
    for mode in ("reverse", "forward"):
        np.testing.assert_allclose(jacobian(loss, x, mode), 2 * x.data, **EXACT)
    empty = Tensor(np.zeros((0, 2)), name="e")
    total = empty.sum() + loss
    for mode in ("reverse", "forward"):
        assert jacobian(total, empty, mode).shape == (0, 2)
    # no columns: forward mode runs no pass at all
    assert jacobian(total, empty, "forward", return_passes=True)[1] == 0


def test_jacobian_of_unrelated_tensor_is_zero():
    x, z = Tensor([1.0, 2.0]), Tensor([3.0])
    y = x * 2
    np.testing.assert_array_equal(jacobian(y, z), np.zeros((2, 1)))
    np.testing.assert_array_equal(jacobian(y, z, mode="forward"), np.zeros((2, 1)))


def test_gradcheck_reports_small_errors_and_catches_wrong_ones(monkeypatch):
    loss, params = _two_layer()
    results = gradcheck(loss)
    assert set(results) == {"W1", "b1", "W2"}
    for r in results.values():
        assert r.max_rel_error < 1e-7 and r.max_abs_error < 1e-8
    assert params[0].grad is None
    tanh = engine.core.ops.OPS["tanh"]
    wrong = dataclasses.replace(tanh, vjp=lambda up, i, xs, out, p: up * (1 - out))
    monkeypatch.setitem(engine.core.ops.OPS, "tanh", wrong)
    loss, _ = _two_layer()
    assert gradcheck(loss)["W1"].max_rel_error > 1e-2


def test_non_finite_values_flow_without_exceptions():
    x = Tensor([0.0, 1.0], name="x")
    y = x.log()
    assert np.isneginf(y.data[0])
    y.sum().backward()
    assert np.isinf(x.grad[0]) and x.grad[1] == 1.0


def test_zero_size_and_zero_d():
    x = Tensor(np.zeros((0, 3)), name="x")
    (x * 2).sum().backward()
    assert x.grad.shape == (0, 3)
    s = Tensor(2.0, name="s")
    (s * s).backward()
    assert x.grad.shape == (0, 3) and float(s.grad) == 4.0 and s.grad.shape == ()


def test_switches_are_per_thread():
    import threading

    inside, results = threading.Event(), {}

    def other_thread():
        inside.wait(5)
        x = Tensor([1.0], name="x")
        results["recorded"] = (x * 2).op is not None
        with engine.checked(max_elements=10):
            pass
        results["checked"] = True

    worker = threading.Thread(target=other_thread)
    worker.start()
    with engine.no_grad(), engine.checked(max_elements=1):
        inside.set()
        worker.join(5)
        with pytest.raises(engine.LimitError):
            Tensor(np.ones(2), requires_grad=False) * 2
    assert results == {"recorded": True, "checked": True}
    assert (Tensor([1.0]) * Tensor([2.0])).op is not None


@pytest.mark.parametrize("key", [e.key for e in EXAMPLES])
def test_leaf_gradients_share_memory_with_nothing(key):
    from engine.language import parse_program

    program = parse_program(example(key).program)
    program.output.backward()
    nodes = graph_nodes(program.output, constants=True)
    grads = [n.grad for n in nodes if n.grad is not None]
    assert grads
    for i, g in enumerate(grads):
        assert g.flags.writeable and g.dtype == np.float64
        for other in grads[i + 1 :]:
            assert not np.shares_memory(g, other)
        for n in nodes:
            assert not np.shares_memory(g, n.data)


def test_a_given_seed_is_never_handed_out_as_a_gradient():
    x = Tensor([1.0, 2.0], name="x")
    seed = np.array([3.0, 4.0])
    (x + 0.0).backward(seed)
    assert not np.shares_memory(x.grad, seed)
    np.testing.assert_array_equal(x.grad, seed)
