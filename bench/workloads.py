"""The workloads W1–W7, each written three ways: the engine, numpy by hand, PyTorch.

Every contender is a factory returning a :class:`~bench.harness.Contender`:
``step`` is the timed unit, ``result`` returns what is checked against numpy
by hand (gradients, values) from the same initial state. All data are
float64 and made here with a fixed seed; every contender gets its own copy of
the parameters, so SGD steps of one never touch another's.

numpy by hand is written the way a careful person would write it for this one
model: forward, then the backward pass derived on paper, no graph.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import numpy as np

from bench.harness import Case, Contender, Target, Unavailable

SEED = 0
LR = 0.01  # SGD learning rate: small, so repeated steps keep the workload where it started


def _engine():
    try:
        import engine
    except Exception as exc:  # the engine is being written: say why, do not crash the suite
        raise Unavailable(f"engine not importable ({type(exc).__name__}: {exc})") from exc
    return engine


def _torch():
    try:
        import torch
    except ImportError as exc:
        raise Unavailable(
            "PyTorch not installed (`pip install torch` adds this contender)"
        ) from exc
    return torch


def _copies(arrays):
    return [np.array(a, dtype=np.float64, copy=True) for a in arrays]


def _engine_params(engine, names, arrays):
    return [engine.Tensor(a, name=n) for n, a in zip(names, _copies(arrays), strict=True)]


def _torch_params(torch, arrays):
    return [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]


def _engine_sgd(params) -> None:
    for p in params:
        p.data -= LR * p.grad


def _torch_sgd(torch, params) -> None:
    with torch.no_grad():
        for p in params:
            p.sub_(p.grad, alpha=LR)


def _named(names, arrays, **extra) -> dict[str, np.ndarray]:
    out = {n: np.array(a, dtype=np.float64) for n, a in zip(names, arrays, strict=True)}
    out.update({k: np.array(v, dtype=np.float64) for k, v in extra.items()})
    return out


def _engine_training(names, params, backward) -> Contender:
    """One SGD step of the engine: ``backward()`` builds the loss and fills the grads."""

    def step():
        backward()
        _engine_sgd(params)

    def result():
        loss = backward()
        return _named(names, [p.grad for p in params], loss=loss.data)

    return Contender(step, result)


def _torch_training(torch, names, params, backward) -> Contender:
    """One SGD step of PyTorch: ``backward()`` builds the loss and fills the grads."""

    def step():
        backward()
        _torch_sgd(torch, params)

    def result():
        loss = backward()
        return _named(names, [p.grad.numpy() for p in params], loss=loss.item())

    return Contender(step, result)


# -- W1: two moons, MLP 2-16-16-1, hinge loss + L2 (micrograd's demo) -----------------

W1_NAMES = ("W1", "b1", "W2", "b2", "W3", "b3")
ALPHA = 1e-4  # micrograd's L2 weight


@functools.cache
def w1_data():
    """Two moons (as sklearn's make_moons, noise 0.1), labels ±1, and initial parameters."""
    rng = np.random.default_rng(SEED)
    n = 100
    t_outer, t_inner = np.linspace(0, np.pi, n // 2), np.linspace(0, np.pi, n - n // 2)
    outer = np.stack([np.cos(t_outer), np.sin(t_outer)], axis=1)
    inner = np.stack([1 - np.cos(t_inner), 1 - np.sin(t_inner) - 0.5], axis=1)
    x = np.concatenate([outer, inner]) + rng.normal(scale=0.1, size=(n, 2))
    y = np.concatenate([-np.ones(n // 2), np.ones(n - n // 2)])[:, None]
    sizes = [(2, 16), (16, 16), (16, 1)]
    params = []
    for fan_in, fan_out in sizes:  # micrograd: weights uniform(-1, 1)
        params += [rng.uniform(-1, 1, (fan_in, fan_out)), rng.uniform(-0.1, 0.1, fan_out)]
    return x, y, params


def w1_numpy() -> Contender:
    x, y, initial = w1_data()
    params = _copies(initial)

    def loss_and_grads():
        w1, b1, w2, b2, w3, b3 = params
        z1 = x @ w1 + b1
        h1 = np.maximum(z1, 0)
        z2 = h1 @ w2 + b2
        h2 = np.maximum(z2, 0)
        score = h2 @ w3 + b3
        margin = 1 - y * score
        loss = np.maximum(margin, 0).mean() + ALPHA * sum((p * p).sum() for p in params)
        dscore = np.where(margin > 0, -y, 0.0) / len(x)  # relu'(0) = 0
        dz2 = (dscore @ w3.T) * (z2 > 0)
        dz1 = (dz2 @ w2.T) * (z1 > 0)
        grads = [x.T @ dz1, dz1.sum(0), h1.T @ dz2, dz2.sum(0), h2.T @ dscore, dscore.sum(0)]
        for g, p in zip(grads, params, strict=True):
            g += 2 * ALPHA * p
        return loss, grads

    def step():
        _, grads = loss_and_grads()
        for p, g in zip(params, grads, strict=True):
            p -= LR * g

    def result():
        loss, grads = loss_and_grads()
        return _named(W1_NAMES, grads, loss=loss)

    return Contender(step, result)


def w1_engine() -> Contender:
    engine = _engine()
    x_data, y, initial = w1_data()
    params = _engine_params(engine, W1_NAMES, initial)
    x = engine.Tensor(x_data, name="x", requires_grad=False)

    def backward():
        engine.zero_grad(*params)
        w1, b1, w2, b2, w3, b3 = params
        h1 = (x @ w1 + b1).relu()
        h2 = (h1 @ w2 + b2).relu()
        score = h2 @ w3 + b3
        regularization = (params[0] * params[0]).sum()
        for p in params[1:]:
            regularization = regularization + (p * p).sum()
        loss = (1 - y * score).relu().mean() + ALPHA * regularization
        loss.backward()
        return loss

    return _engine_training(W1_NAMES, params, backward)


def w1_torch() -> Contender:
    torch = _torch()
    x_data, y_data, initial = w1_data()
    params = _torch_params(torch, initial)
    x, y = torch.from_numpy(x_data), torch.from_numpy(y_data)

    def backward():
        for p in params:
            p.grad = None
        w1, b1, w2, b2, w3, b3 = params
        h1 = torch.relu(x @ w1 + b1)
        h2 = torch.relu(h1 @ w2 + b2)
        score = h2 @ w3 + b3
        regularization = sum((p * p).sum() for p in params)
        loss = torch.relu(1 - y * score).mean() + ALPHA * regularization
        loss.backward()
        return loss

    return _torch_training(torch, W1_NAMES, params, backward)


# -- W2: MLP 784-256-10, batch 64, ReLU, softmax cross-entropy, one SGD step -----------

W2_NAMES = ("W1", "b1", "W2", "b2")


@functools.cache
def w2_data():
    rng = np.random.default_rng(SEED + 2)
    x = rng.normal(size=(64, 784))
    labels = rng.integers(0, 10, size=64)
    params = [
        rng.normal(scale=np.sqrt(2 / 784), size=(784, 256)),
        rng.uniform(-0.1, 0.1, 256),
        rng.normal(scale=np.sqrt(1 / 256), size=(256, 10)),
        rng.uniform(-0.1, 0.1, 10),
    ]
    return x, labels, params


def w2_numpy_grads(x, labels, params):
    """Loss and gradients of W2's model, by hand."""
    w1, b1, w2, b2 = params
    rows = np.arange(len(x))
    z1 = x @ w1 + b1
    h = np.maximum(z1, 0)
    logits = h @ w2 + b2
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    total = exp.sum(axis=1, keepdims=True)
    loss = np.mean(np.log(total[:, 0]) - shifted[rows, labels])
    dlogits = exp / total  # softmax
    dlogits[rows, labels] -= 1
    dlogits /= len(x)
    dz1 = dlogits @ w2.T
    dz1 *= z1 > 0  # relu'(0) = 0
    return loss, [x.T @ dz1, dz1.sum(0), h.T @ dlogits, dlogits.sum(0)]


def w2_numpy() -> Contender:
    x, labels, initial = w2_data()
    params = _copies(initial)

    def step():
        _, grads = w2_numpy_grads(x, labels, params)
        for p, g in zip(params, grads, strict=True):
            p -= LR * g

    def result():
        loss, grads = w2_numpy_grads(x, labels, params)
        return _named(W2_NAMES, grads, loss=loss)

    return Contender(step, result)


def w2_engine_model(engine):
    """W2's parameters as engine leaves and a function building the loss graph."""
    x_data, labels, initial = w2_data()
    params = _engine_params(engine, W2_NAMES, initial)
    x = engine.Tensor(x_data, name="x", requires_grad=False)

    def loss_graph():
        w1, b1, w2, b2 = params
        hidden = (x @ w1 + b1).relu()
        return engine.cross_entropy(hidden @ w2 + b2, labels)

    return params, loss_graph


def w2_engine() -> Contender:
    engine = _engine()
    params, loss_graph = w2_engine_model(engine)

    def backward():
        engine.zero_grad(*params)
        loss = loss_graph()
        loss.backward()
        return loss

    return _engine_training(W2_NAMES, params, backward)


def w2_torch() -> Contender:
    torch = _torch()
    x_data, labels_data, initial = w2_data()
    params = _torch_params(torch, initial)
    x, labels = torch.from_numpy(x_data), torch.from_numpy(labels_data)

    def backward():
        for p in params:
            p.grad = None
        w1, b1, w2, b2 = params
        logits = torch.relu(x @ w1 + b1) @ w2 + b2
        loss = torch.nn.functional.cross_entropy(logits, labels)
        loss.backward()
        return loss

    return _torch_training(torch, W2_NAMES, params, backward)


# -- W3: a chain of 200 elementwise ops on a 100-vector, forward + backward ------------

W3_OPS = 200  # tanh, ×1.01, +0.1, tanh, ... then a sum to get a scalar


@functools.cache
def w3_data():
    return np.random.default_rng(SEED + 3).normal(size=100)


def w3_numpy() -> Contender:
    x = w3_data()

    def forward_backward():
        h, tanh_outputs = x, []
        for i in range(W3_OPS):
            if i % 3 == 0:
                h = np.tanh(h)
                tanh_outputs.append(h)
            elif i % 3 == 1:
                h = h * 1.01
            else:
                h = h + 0.1
        out = h.sum()
        upstream = np.ones_like(x)
        for i in reversed(range(W3_OPS)):
            if i % 3 == 0:
                t = tanh_outputs.pop()
                upstream = upstream * (1 - t * t)
            elif i % 3 == 1:
                upstream = upstream * 1.01
            # + 0.1: the local Jacobian is the identity, nothing to do
        return out, upstream

    def result():
        out, grad = forward_backward()
        return {"out": out, "x": grad}

    return Contender(forward_backward, result)


def w3_engine() -> Contender:
    engine = _engine()
    x = engine.Tensor(w3_data().copy(), name="x")

    def forward_backward():
        x.grad = None
        h = x
        for i in range(W3_OPS):
            if i % 3 == 0:
                h = h.tanh()
            elif i % 3 == 1:
                h = h * 1.01
            else:
                h = h + 0.1
        out = h.sum()
        out.backward()
        return out

    def result():
        out = forward_backward()
        return {"out": out.data, "x": x.grad}

    return Contender(forward_backward, result)


def w3_torch() -> Contender:
    torch = _torch()
    x = torch.tensor(w3_data(), dtype=torch.float64, requires_grad=True)

    def forward_backward():
        x.grad = None
        h = x
        for i in range(W3_OPS):
            if i % 3 == 0:
                h = torch.tanh(h)
            elif i % 3 == 1:
                h = h * 1.01
            else:
                h = h + 0.1
        out = h.sum()
        out.backward()
        return out

    def result():
        out = forward_backward()
        return {"out": out.item(), "x": x.grad.numpy()}

    return Contender(forward_backward, result)


# -- W4: three layers of 1024×1024 matmul + tanh, batch 256, forward + backward ---------

W4_NAMES = ("W1", "W2", "W3")


@functools.cache
def w4_data():
    rng = np.random.default_rng(SEED + 4)
    x = rng.normal(size=(256, 1024))
    params = [rng.normal(scale=1 / 32, size=(1024, 1024)) for _ in W4_NAMES]
    return x, params


def w4_numpy() -> Contender:
    x, initial = w4_data()
    params = _copies(initial)

    def forward_backward():
        w1, w2, w3 = params
        h1 = np.tanh(x @ w1)
        h2 = np.tanh(h1 @ w2)
        h3 = np.tanh(h2 @ w3)
        loss = h3.sum()
        dz3 = 1 - h3 * h3  # upstream of the sum is ones
        dz2 = (dz3 @ w3.T) * (1 - h2 * h2)
        dz1 = (dz2 @ w2.T) * (1 - h1 * h1)
        return loss, [x.T @ dz1, h1.T @ dz2, h2.T @ dz3]  # x needs no gradient

    def result():
        loss, grads = forward_backward()
        return _named(W4_NAMES, grads, loss=loss)

    return Contender(forward_backward, result)


def w4_engine() -> Contender:
    engine = _engine()
    x_data, initial = w4_data()
    params = _engine_params(engine, W4_NAMES, initial)
    x = engine.Tensor(x_data, name="x", requires_grad=False)

    def forward_backward():
        engine.zero_grad(*params)
        w1, w2, w3 = params
        loss = ((((x @ w1).tanh() @ w2).tanh() @ w3).tanh()).sum()
        loss.backward()
        return loss

    def result():
        loss = forward_backward()
        return _named(W4_NAMES, [p.grad for p in params], loss=loss.data)

    return Contender(forward_backward, result)


def w4_torch() -> Contender:
    torch = _torch()
    x_data, initial = w4_data()
    params = _torch_params(torch, initial)
    x = torch.from_numpy(x_data)

    def forward_backward():
        for p in params:
            p.grad = None
        w1, w2, w3 = params
        loss = torch.tanh(torch.tanh(torch.tanh(x @ w1) @ w2) @ w3).sum()
        loss.backward()
        return loss

    def result():
        loss = forward_backward()
        return _named(W4_NAMES, [p.grad.numpy() for p in params], loss=loss.item())

    return Contender(forward_backward, result)


# -- W5: a 2,000-op chain of 0-d tensors over 20 leaves ---------------------------------

W5_CYCLES = 500  # × leaf, + leaf, tanh, × 0.5: four ops a cycle
W5_LEAVES = 20


@functools.cache
def w5_data():
    """Leaf values: even leaves multiply (about 2), odd leaves add (small).

    With ×0.5 after each tanh, the chain neither blows up nor vanishes, so the
    gradients stay far from subnormal numbers (slow on x86, and meaningless).
    """
    rng = np.random.default_rng(SEED + 5)
    values = np.empty(W5_LEAVES)
    values[0::2] = rng.uniform(1.8, 2.2, W5_LEAVES // 2)
    values[1::2] = rng.uniform(-0.1, 0.1, W5_LEAVES // 2)
    return values


def _w5_leaf_indices(cycle):
    return (2 * cycle) % W5_LEAVES, (2 * cycle + 1) % W5_LEAVES  # (multiplier, addend)


def _w5_numpy(with_backward: bool) -> Contender:
    leaves = [np.array(v) for v in w5_data()]  # 0-d arrays, as the engine holds them

    def forward():
        h, saved = leaves[1], []
        for cycle in range(W5_CYCLES):
            m, a = _w5_leaf_indices(cycle)
            t = np.tanh(h * leaves[m] + leaves[a])
            saved.append((h, t))
            h = t * 0.5
        return h, saved

    def forward_backward():
        out, saved = forward()
        grads = np.zeros(W5_LEAVES)
        upstream = np.float64(1.0)
        for cycle in reversed(range(W5_CYCLES)):
            m, a = _w5_leaf_indices(cycle)
            h, t = saved[cycle]
            upstream = upstream * 0.5 * (1 - t * t)
            grads[a] += upstream
            grads[m] += upstream * h
            upstream = upstream * leaves[m]
        grads[1] += upstream
        return out, grads

    if not with_backward:
        return Contender(forward, lambda: {"out": forward()[0]})

    def result():
        out, grads = forward_backward()
        return {"out": out, "grads": grads}

    return Contender(forward_backward, result)


def _w5_engine(with_backward: bool) -> Contender:
    engine = _engine()
    leaves = [engine.Tensor(v, name=f"a{i}") for i, v in enumerate(w5_data())]

    def build():
        h = leaves[1]
        for cycle in range(W5_CYCLES):
            m, a = _w5_leaf_indices(cycle)
            h = (h * leaves[m] + leaves[a]).tanh() * 0.5
        return h

    def build_backward():
        engine.zero_grad(*leaves)
        out = build()
        out.backward()
        return out

    if not with_backward:
        return Contender(build, lambda: {"out": build().data})

    def result():
        out = build_backward()
        return {"out": out.data, "grads": np.array([leaf.grad for leaf in leaves])}

    return Contender(build_backward, result)


def _w5_torch(with_backward: bool) -> Contender:
    torch = _torch()
    leaves = [torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in w5_data()]

    def build():
        h = leaves[1]
        for cycle in range(W5_CYCLES):
            m, a = _w5_leaf_indices(cycle)
            h = torch.tanh(h * leaves[m] + leaves[a]) * 0.5
        return h

    def build_backward():
        for leaf in leaves:
            leaf.grad = None
        out = build()
        out.backward()
        return out

    if not with_backward:
        return Contender(build, lambda: {"out": build().item()})

    def result():
        out = build_backward()
        return {"out": out.item(), "grads": np.array([leaf.grad.item() for leaf in leaves])}

    return Contender(build_backward, result)


# -- W6: the recorded pass against the fast path; DOT text ------------------------------

PROGRAM_NODES = 200


def program_ops(count: int) -> list[str]:
    """The 200-node program: h = x; then (× w, tanh, + x) repeating; then a sum.

    Leaves x and w fan out to many consumers, as in a small unrolled network.
    """
    return [("mul", "tanh", "add")[i % 3] for i in range(count)]


PROGRAM_OPS = program_ops(PROGRAM_NODES - 3)  # + 2 leaves + the final sum = 200 nodes


@functools.cache
def program_data():
    rng = np.random.default_rng(SEED + 6)
    return rng.normal(size=10), rng.uniform(0.5, 1.5, size=10)


def program_numpy() -> Contender:
    """Gradients of the 200-node program by hand: the reference for W6."""
    x, w = program_data()

    def forward_backward():
        h, inputs, outputs = x, [], []
        for op in PROGRAM_OPS:
            inputs.append(h)
            if op == "mul":
                h = h * w
            elif op == "tanh":
                h = np.tanh(h)
            else:
                h = h + x
            outputs.append(h)
        out = h.sum()
        upstream, gx, gw = np.ones_like(x), np.zeros_like(x), np.zeros_like(w)
        for op, before, after in zip(
            reversed(PROGRAM_OPS), reversed(inputs), reversed(outputs), strict=True
        ):
            if op == "mul":
                gw += upstream * before
                upstream = upstream * w
            elif op == "tanh":
                upstream = upstream * (1 - after * after)
            else:
                gx += upstream  # + x: x gets the upstream, so does h
        gx += upstream  # h started as x
        return out, gx, gw

    def result():
        out, gx, gw = forward_backward()
        return {"out": out, "x": gx, "w": gw}

    return Contender(forward_backward, result)


def program_engine(engine):
    """The 200-node program as an engine graph: (leaves, output)."""
    x_data, w_data = program_data()
    x, w = engine.Tensor(x_data.copy(), name="x"), engine.Tensor(w_data.copy(), name="w")
    h = x
    for op in PROGRAM_OPS:
        if op == "mul":
            h = h * w
        elif op == "tanh":
            h = h.tanh()
        else:
            h = h + x
    return [x, w], h.sum()


def _leaf_grads_from_trace(trace, names) -> dict[str, np.ndarray]:
    grads = {}
    for node in trace.nodes:
        if node.name in names and node.op is None:  # a leaf
            grads[node.name] = trace.grads[node.id]
    return grads


def _pass_contender(graph: Callable, recorded: bool) -> Contender:
    """Time only the pass over an already built graph (the graph is reused: no state on nodes)."""
    engine = _engine()
    leaves, out = graph(engine)
    names = tuple(leaf.name for leaf in leaves)

    def fast():
        engine.zero_grad(*leaves)
        out.backward()

    def fast_result():
        fast()
        return _named(names, [leaf.grad for leaf in leaves], out=out.data)

    def record():
        return engine.trace_backward(out)

    def recorded_result():
        trace = record()
        return {**_leaf_grads_from_trace(trace, names), "out": np.array(out.data)}

    if recorded:
        return Contender(record, recorded_result)
    return Contender(fast, fast_result)


def _w2_graph(engine):
    params, loss_graph = w2_engine_model(engine)
    return params, loss_graph()


def _w2_reference() -> Contender:
    x, labels, initial = w2_data()

    def result():
        loss, grads = w2_numpy_grads(x, labels, _copies(initial))
        return _named(W2_NAMES, grads, out=loss)

    return Contender(lambda: None, result)


def _dot_contender(live: bool) -> Contender:
    """The graph view's per-program work on the server: the scene (every step's labels),
    then either the live SVG the browser steps through or the DOT of one step."""
    engine = _engine()
    from engine.views import graphsvg, graphview
    from engine.views.graph import RunGraph

    _, out = program_engine(engine)
    trace = engine.trace_backward(out)
    if len(trace.nodes) != PROGRAM_NODES:
        raise AssertionError(f"the program has {len(trace.nodes)} nodes, not {PROGRAM_NODES}")
    at = len(trace.steps) // 2  # the DOT export is of one step

    def render():
        scene = graphview.build_scene(RunGraph(trace))
        if live:  # positions are not needed to time the writer: a placeholder layout
            graphview.layered_layout(scene)
            return graphsvg.svg_markup(scene, 0, live=True)
        return graphsvg.dot_export(scene, at)

    def result():
        text = render()
        if ("<svg" if live else "digraph") not in text:
            raise AssertionError(f"no drawing came back: {text[:80]!r}")
        return {}

    return Contender(render, result)


# -- W7: a full 100→100 Jacobian of y = tanh(W @ x) -------------------------------------


@functools.cache
def w7_data():
    rng = np.random.default_rng(SEED + 7)
    return rng.normal(scale=0.1, size=(100, 100)), rng.normal(size=100)


def w7_numpy() -> Contender:
    w, x = w7_data()

    def jacobian():
        y = np.tanh(w @ x)
        return (1 - y * y)[:, None] * w

    return Contender(jacobian, lambda: {"J": jacobian()})


def _w7_engine(mode: str) -> Contender:
    engine = _engine()
    w_data, x_data = w7_data()
    w = engine.Tensor(w_data, name="W", requires_grad=False)
    x = engine.Tensor(x_data.copy(), name="x")

    def jacobian():
        return engine.jacobian((w @ x).tanh(), x, mode=mode)

    return Contender(jacobian, lambda: {"J": jacobian()})


def _w7_torch(mode: str) -> Contender:
    torch = _torch()
    w_data, x_data = w7_data()
    w, x = torch.from_numpy(w_data), torch.from_numpy(x_data.copy())
    transform = torch.func.jacrev if mode == "reverse" else torch.func.jacfwd
    jac = transform(lambda v: torch.tanh(w @ v))

    def jacobian():
        return jac(x)

    return Contender(jacobian, lambda: {"J": jacobian().numpy()})


# -- the cases, in table order -----------------------------------------------------------

NP, EN, TO = "numpy by hand", "engine", "torch"


def _ratio(limit: float, contender: str = EN) -> Target:
    return Target("ratio", limit, contender)


CASES: list[Case] = [
    Case(
        "W1",
        "W1",
        "two moons, MLP 2-16-16-1 on 100 points, hinge + L2, one SGD step",
        NP,
        {NP: w1_numpy, EN: w1_engine, TO: w1_torch},
        (_ratio(2.5),),
    ),
    Case(
        "W2",
        "W2",
        "MLP 784-256-10, batch 64, ReLU, softmax cross-entropy, one SGD step",
        NP,
        {NP: w2_numpy, EN: w2_engine, TO: w2_torch},
        (_ratio(1.05),),
        rtol=1e-6,
    ),
    Case(
        "W3",
        "W3",
        "chain of 200 elementwise ops (tanh, ×1.01, +0.1) on a 100-vector, forward + backward",
        NP,
        {NP: w3_numpy, EN: w3_engine, TO: w3_torch},
        (_ratio(2.5),),
    ),
    Case(
        "W4",
        "W4",
        "3 × (1024×1024 matmul + tanh), batch 256, forward + backward",
        NP,
        {NP: w4_numpy, EN: w4_engine, TO: w4_torch},
        (_ratio(1.02),),
        rtol=1e-6,
    ),
    Case(
        "W5 build",
        "W5",
        "2,000-op chain of 0-d tensors over 20 leaves: graph build (forward) alone",
        NP,
        {
            NP: functools.partial(_w5_numpy, False),
            EN: functools.partial(_w5_engine, False),
            TO: functools.partial(_w5_torch, False),
        },
        (_ratio(2.5),),
    ),
    Case(
        "W5 build+backward",
        "W5",
        "the same chain: graph build + backward",
        NP,
        {
            NP: functools.partial(_w5_numpy, True),
            EN: functools.partial(_w5_engine, True),
            TO: functools.partial(_w5_torch, True),
        },
    ),
    Case(
        "W6 W2 pass",
        "W6",
        "W2's graph (built once): recorded pass trace_backward vs fast path .backward()",
        "engine .backward()",
        {
            "engine .backward()": functools.partial(_pass_contender, _w2_graph, False),
            "engine trace_backward": functools.partial(_pass_contender, _w2_graph, True),
        },
        (_ratio(2, "engine trace_backward"),),
        reference=_w2_reference,
        rtol=1e-6,
    ),
    Case(
        "W6 200-node pass",
        "W6",
        f"a {PROGRAM_NODES}-node program on 10-vectors (built once): recorded vs fast pass",
        "engine .backward()",
        {
            "engine .backward()": functools.partial(_pass_contender, program_engine, False),
            "engine trace_backward": functools.partial(_pass_contender, program_engine, True),
        },
        (_ratio(1.3, "engine trace_backward"),),
        reference=program_numpy,
    ),
    Case(
        "W6 graph",
        "W6",
        f"the graph view of the {PROGRAM_NODES}-node program's trace (trace made beforehand):"
        " every step's labels and the live SVG, or one step's DOT",
        "",
        {
            "engine scene + live SVG": functools.partial(_dot_contender, True),
            "engine scene + DOT of one step": functools.partial(_dot_contender, False),
        },
        (
            Target("seconds", 0.5, "engine scene + live SVG"),
            Target("seconds", 0.5, "engine scene + DOT of one step"),
        ),
    ),
    Case(
        "W7",
        "W7",
        "full 100→100 Jacobian of y = tanh(W @ x), W constant (graph build included)",
        NP,
        {
            NP: w7_numpy,
            "engine reverse": functools.partial(_w7_engine, "reverse"),
            "engine forward": functools.partial(_w7_engine, "forward"),
            "torch jacrev": functools.partial(_w7_torch, "reverse"),
            "torch jacfwd": functools.partial(_w7_torch, "forward"),
        },
        (_ratio(10, "engine reverse"), _ratio(10, "engine forward")),
    ),
]

# Extra peak memory, measured in fresh subprocesses (bench.peak_memory).
MEMORY_LIMITS_MIB = {"W2": 25, "W4": 120}
MEMORY_CASES = {
    "W2": {NP: w2_numpy, EN: w2_engine, TO: w2_torch},
    "W4": {NP: w4_numpy, EN: w4_engine, TO: w4_torch},
}
