"""Every entry of the op registry, checked against itself, numpy and finite differences.

Parametrized over ``OPS`` × ``op_cases.CASES``: adding an op without cases fails the
first test. For each case: forward equals a numpy reference, ``shape`` predicts the
forward's shape, the explicit local Jacobian has shape ``out.shape + in.shape`` and
agrees with central finite differences, and the VJP (after ``unbroadcast``) and the JVP
agree with that Jacobian. Then the judgement calls at kinks, numerical stability, error
messages, and ``unbroadcast`` itself.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from op_cases import CASES, REFERENCES, Case

import engine
from engine import Tensor
from engine.core.errors import ArgumentError, ShapeError
from engine.core.ops import OPS, Op, Structure, unbroadcast, unbroadcast_local
from engine.i18n import LANGUAGES, TEXT, Message
from engine.language import OPERATIONS

# VJP / JVP against the explicit Jacobian: the same algebra done two ways, so only
# rounding differs.
EXACT_RTOL = 1e-9
EXACT_ATOL = 1e-12
# Central differences in float64: truncation ~ eps², rounding ~ 1e-16 / eps.
FD_EPS = 1e-6
FD_RTOL = 1e-5
FD_ATOL = 1e-5  # times max(1, the largest |entry| of the Jacobian)
FORWARD_RTOL = 1e-12
FORWARD_ATOL = 1e-14

KINDS = {
    "identity",
    "diagonal",
    "broadcast",
    "selection",
    "permutation",
    "reduction",
    "matmul",
    "dense",
}

PARAMS = [
    pytest.param(name, case, id=f"{name}-{k}-{case.label}")
    for name in OPS
    for k, case in enumerate(CASES.get(name, ()))
]
SMOOTH_PARAMS = [param for param in PARAMS if param.values[1].smooth]


def assert_same(actual, expected, rtol=EXACT_RTOL, atol=EXACT_ATOL, what=""):
    """Equal shapes (allclose alone would broadcast) and close values, nan where nan."""
    assert np.shape(actual) == np.shape(expected), (
        f"{what}: shape {np.shape(actual)} != {np.shape(expected)}"
    )
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol, err_msg=what)


def run(name: str, case: Case):
    op = OPS[name]
    return op, op.forward(case.xs, case.p)


def finite_differences(op: Op, case: Case, i: int, out_shape) -> np.ndarray:
    """d forward / d xs[i] by central differences, shape out.shape + xs[i].shape."""
    x = np.array(case.xs[i], dtype=np.float64)
    columns = []
    for j in range(x.size):
        plus, minus = x.copy(), x.copy()
        plus.reshape(-1)[j] += FD_EPS
        minus.reshape(-1)[j] -= FD_EPS
        xs_plus = case.xs[:i] + (plus,) + case.xs[i + 1 :]
        xs_minus = case.xs[:i] + (minus,) + case.xs[i + 1 :]
        f_plus = np.asarray(op.forward(xs_plus, case.p))
        f_minus = np.asarray(op.forward(xs_minus, case.p))
        columns.append(((f_plus - f_minus) / (2 * FD_EPS)).reshape(-1))
    size = int(np.prod(out_shape, dtype=int))
    local = np.stack(columns, axis=1) if columns else np.zeros((size, 0))
    return local.reshape(tuple(out_shape) + x.shape)


def random_like(shape, seed: int) -> np.ndarray:
    value = np.random.default_rng(seed).standard_normal(shape)
    # the engine seeds 0-d outputs with numpy scalars: exercise that form too
    return np.float64(value) if shape == () else value


# -- the registry is complete ------------------------------------------------------------


def test_every_op_has_cases_and_a_reference():
    without_cases = sorted(name for name in OPS if not CASES.get(name))
    assert not without_cases, f"ops without test cases: {without_cases}"
    without_reference = sorted(set(OPS) - set(REFERENCES))
    assert not without_reference, f"ops without a numpy reference: {without_reference}"
    strays = sorted((set(CASES) | set(REFERENCES)) - set(OPS))
    assert not strays, f"cases or references for ops not in OPS: {strays}"


#: The Python operator behind an op, where the Python API writes it as one (python-api.md).
OPERATOR_METHODS = {
    "add": "__add__",
    "sub": "__sub__",
    "mul": "__mul__",
    "div": "__truediv__",
    "pow": "__pow__",
    "matmul": "__matmul__",
    "neg": "__neg__",
    "index": "__getitem__",
}


def _python_api(name: str) -> Callable[..., Tensor] | None:
    """How a library user calls op ``name``: a Tensor operator or method, or ``engine.<name>``."""
    if name in OPERATOR_METHODS:
        return getattr(Tensor, OPERATOR_METHODS[name])
    if name in engine.__all__:
        return getattr(engine, name)
    return getattr(Tensor, name, None)


def _call_through_the_api(name: str, case: Case) -> Tensor:
    """Op ``name`` on a case's inputs, called the way a library user calls it."""
    call = _python_api(name)
    assert call is not None
    tensors = [Tensor(x) for x in case.xs]
    if name == "index":
        return tensors[0][case.p["index"]]
    if name == "reshape":
        return tensors[0].reshape(case.p["shape"])
    if name == "cross_entropy":
        return call(tensors[0], case.p["labels"])
    if OPS[name].arity == -1:
        return call(tensors, **case.p)
    return call(*tensors, **case.p)


def test_adding_an_operation_touches_its_entry_and_its_cases_or_fails_here():
    """Each op has, beside its registry entry: its note in the catalogue in every language,
    its test cases and reference, its place in the Python API and in the language's table."""
    in_the_language = {entry.op for entry in OPERATIONS.values()}
    missing = []
    for name in OPS:
        note = TEXT.get(f"op.{name}.note", {})
        if not all(note.get(lang, "").strip() for lang in LANGUAGES):
            missing.append(f"{name}: no note op.{name}.note in every language (engine/i18n/ops.py)")
        if not CASES.get(name):
            missing.append(f"{name}: no test cases (CASES in tests/op_cases.py)")
        if name not in REFERENCES:
            missing.append(f"{name}: no numpy reference (REFERENCES in tests/op_cases.py)")
        if _python_api(name) is None:
            missing.append(f"{name}: no Tensor method or engine function (engine/core/tensor.py)")
        if name not in in_the_language:
            missing.append(f"{name}: not in the program language's OPERATIONS table")
    notes = {key.split(".")[1] for key in TEXT if key.startswith("op.") and key.endswith(".note")}
    missing += [f"{name}: a note but no registry entry" for name in sorted(notes - set(OPS))]
    assert not missing, "\n".join(missing)


@pytest.mark.parametrize("name", sorted(OPS))
def test_the_python_api_builds_the_registry_entry(name):
    result = _call_through_the_api(name, CASES[name][0])
    assert result.op is OPS[name], f"{name}: the Python API built {result.op}"
    expected = OPS[name].forward(CASES[name][0].xs, CASES[name][0].p)
    assert_same(result.data, expected, what=f"{name} through the Python API")


def test_every_op_has_its_name_formula_and_arity():
    for name, op in OPS.items():
        assert isinstance(op, Op)
        assert op.name == name
        assert op.symbol
        assert op.arity == -1 or op.arity >= 1
        assert isinstance(op.formula, tuple)
        assert len(op.formula) == (1 if op.arity == -1 else op.arity), name
        assert all(isinstance(f, str) and f.strip() for f in op.formula), name
        for case in CASES.get(name, ()):
            if op.arity != -1:
                assert len(case.xs) == op.arity, f"{name}: case {case.label!r}"


# -- every op × every case ---------------------------------------------------------------


@pytest.mark.parametrize("name, case", PARAMS)
def test_forward_matches_numpy_reference(name, case):
    _, out = run(name, case)
    expected = REFERENCES[name](case.xs, case.p)
    assert_same(out, expected, FORWARD_RTOL, FORWARD_ATOL, f"{name} forward")
    assert np.asarray(out).dtype == np.float64


KERNEL_PARAMS = [param for param in PARAMS if OPS[param.values[0]].kernel is not None]

# what the Tensor's operators and elementwise methods build (they call the kernel directly)
OPERATOR_OPS = {
    "add", "sub", "mul", "div", "pow", "matmul", "neg", "maximum", "minimum",
    "exp", "log", "sqrt", "abs", "tanh", "sigmoid", "relu", "sin", "cos",
}  # fmt: skip


def test_ops_without_parameters_have_a_kernel():
    for name in OPERATOR_OPS:
        assert OPS[name].kernel is not None, name
    for name, op in OPS.items():
        if op.kernel is not None:
            assert all(not case.p for case in CASES[name]), f"{name} has parameters"


def test_an_entry_gives_a_forward_rule_or_a_kernel():
    add = OPS["add"]
    fields = {f: getattr(add, f) for f in ("name", "symbol", "arity", "shape", "vjp", "jvp")}
    fields |= {f: getattr(add, f) for f in ("jacobian", "structure", "formula")}
    with pytest.raises(TypeError, match="'add' needs a forward rule or a kernel"):
        Op(**fields)
    made = Op(**fields, kernel=np.subtract)
    assert made.forward((np.float64(5.0), np.float64(2.0)), {}) == 3.0


@pytest.mark.parametrize("name, case", KERNEL_PARAMS)
def test_kernel_is_the_forward(name, case):
    op = OPS[name]
    out = op.kernel(*case.xs)
    expected = op.forward(case.xs, case.p)
    assert type(out) is type(expected)
    np.testing.assert_array_equal(out, expected)  # the same values, to the bit


@pytest.mark.parametrize("name, case", [p for p in KERNEL_PARAMS if p.values[0] in OPERATOR_OPS])
def test_a_tensor_operator_builds_what_its_kernel_computes(name, case):
    tensors = [Tensor(x, name=f"x{i}") for i, x in enumerate(case.xs)]
    by_name = {"add": "__add__", "sub": "__sub__", "mul": "__mul__", "div": "__truediv__",
               "pow": "__pow__", "matmul": "__matmul__", "neg": "__neg__"}  # fmt: skip
    if name in ("maximum", "minimum"):
        out = getattr(engine, name)(*tensors)
    else:
        out = getattr(tensors[0], by_name.get(name, name))(*tensors[1:])
    assert out.op is OPS[name] and out.inputs == tuple(tensors)
    np.testing.assert_array_equal(out.data, OPS[name].forward(case.xs, case.p))


@pytest.mark.parametrize("name, case", PARAMS)
def test_shape_rule_matches_forward(name, case):
    op, out = run(name, case)
    in_shapes = tuple(np.shape(x) for x in case.xs)
    predicted = op.shape(in_shapes, case.p)
    assert isinstance(predicted, tuple)
    assert predicted == np.shape(out)


@pytest.mark.parametrize("name, case", PARAMS)
def test_jacobian_has_out_shape_plus_in_shape(name, case):
    op, out = run(name, case)
    for i, x in enumerate(case.xs):
        local = op.jacobian(i, case.xs, out, case.p)
        assert np.shape(local) == np.shape(out) + np.shape(x), f"{name} input {i}"


@pytest.mark.parametrize("name, case", PARAMS)
def test_vjp_matches_upstream_times_jacobian(name, case):
    op, out = run(name, case)
    for i, x in enumerate(case.xs):
        local = op.jacobian(i, case.xs, out, case.p)
        upstream = random_like(np.shape(out), seed=i)
        downstream = unbroadcast(op.vjp(upstream, i, case.xs, out, case.p), np.shape(x))
        expected = np.tensordot(upstream, local, axes=np.ndim(out))
        assert_same(downstream, expected, what=f"{name} vjp input {i}")


@pytest.mark.parametrize("name, case", PARAMS)
def test_jvp_matches_jacobian_times_tangents(name, case):
    op, out = run(name, case)
    locals_ = [op.jacobian(i, case.xs, out, case.p) for i in range(len(case.xs))]
    tangents = [random_like(np.shape(x), seed=10 + i) for i, x in enumerate(case.xs)]
    parts = [
        np.tensordot(local, t, axes=np.ndim(t)) for local, t in zip(locals_, tangents, strict=True)
    ]
    expected = sum(parts, np.zeros(np.shape(out)))
    assert_same(op.jvp(tuple(tangents), case.xs, out, case.p), expected, what=f"{name} jvp")
    # one input at a time, the others without a tangent (None means zero)
    for i in range(len(case.xs)):
        only = tuple(t if j == i else None for j, t in enumerate(tangents))
        tangent = op.jvp(only, case.xs, out, case.p)
        assert_same(tangent, parts[i], what=f"{name} jvp of input {i} alone")


BATCH = 3  # seeds pushed through a rule at once, as engine.jacobian does


@pytest.mark.parametrize("name, case", PARAMS)
def test_batched_vjp_matches_the_vjp_row_by_row(name, case):
    """A batch of upstreams on a leading axis gives, per row, what the plain vjp gives."""
    op, out = run(name, case)
    upstreams = np.random.default_rng(7).standard_normal((BATCH,) + np.shape(out))
    for i, x in enumerate(case.xs):
        batched = op.vjp(upstreams, i, case.xs, out, case.p)
        downstreams = unbroadcast(batched, np.shape(x), batch=1)
        rows = [
            unbroadcast(op.vjp(random_row(upstreams, b), i, case.xs, out, case.p), np.shape(x))
            for b in range(BATCH)
        ]
        assert_same(downstreams, np.stack(rows), what=f"{name} batched vjp input {i}")


@pytest.mark.parametrize("name, case", PARAMS)
def test_batched_jvp_matches_the_jvp_column_by_column(name, case):
    """A batch of tangents on a leading axis gives, per column, what the plain jvp gives,
    for all inputs at once and for each input alone (the others without a tangent)."""
    op, out = run(name, case)
    rng = np.random.default_rng(8)
    tangents = [rng.standard_normal((BATCH,) + np.shape(x)) for x in case.xs]
    choices = [tuple(range(len(case.xs)))] + [(i,) for i in range(len(case.xs))]
    for chosen in choices:
        batch = tuple(t if i in chosen else None for i, t in enumerate(tangents))
        batched = op.jvp(batch, case.xs, out, case.p)
        columns = [
            op.jvp(
                tuple(None if t is None else random_row(t, b) for t in batch), case.xs, out, case.p
            )
            for b in range(BATCH)
        ]
        assert_same(batched, np.stack(columns), what=f"{name} batched jvp of inputs {chosen}")


def random_row(batch: np.ndarray, b: int):
    """Row b of a batch, as the unbatched pass would hold it (a numpy scalar when 0-d)."""
    row = batch[b]
    return np.float64(row) if np.ndim(row) == 0 else row


@pytest.mark.parametrize("name, case", SMOOTH_PARAMS)
def test_jacobian_matches_finite_differences(name, case):
    op, out = run(name, case)
    for i in range(len(case.xs)):
        local = op.jacobian(i, case.xs, out, case.p)
        numeric = finite_differences(op, case, i, np.shape(out))
        finite = np.abs(local[np.isfinite(local)])
        scale = max(1.0, float(finite.max())) if finite.size else 1.0
        assert_same(local, numeric, FD_RTOL, FD_ATOL * scale, f"{name} jacobian input {i}")


@pytest.mark.parametrize("name, case", PARAMS)
def test_structure_is_known_and_described(name, case):
    op, out = run(name, case)
    for i in range(len(case.xs)):
        structure = op.structure(i, case.xs, out, case.p)
        assert isinstance(structure, Structure)
        assert structure.kind in KINDS, f"{name}: unknown kind {structure.kind!r}"
        assert isinstance(structure.text, Message) and str(structure.text).strip()


def test_structures_name_what_they_are():
    x, y = np.ones((2, 3)), np.ones(3)
    cases = [
        ("tanh", (x,), {}, 0, "diagonal", "diag(1 − y²), 6×6"),
        ("add", (x, x), {}, 0, "identity", "identity, 6×6"),
        ("add", (x, y), {}, 1, "broadcast", "broadcast-sum over axis 0"),
        ("transpose", (x,), {"axes": (1, 0)}, 0, "permutation", "permutation"),
        ("index", (y,), {"index": (np.array([0, 0]),)}, 0, "selection", "more than once"),
        ("matmul", (x, np.ones((3, 4))), {}, 0, "matmul", "matmul-structured: I ⊗ Bᵀ"),
        ("matmul", (x, np.ones((3, 4))), {}, 1, "matmul", "matmul-structured: A ⊗ I"),
        ("sum", (x,), {"axis": (1,), "keepdims": False}, 0, "reduction", "axis 1"),
        ("softmax", (x,), {"axis": 1}, 0, "dense", "diag(y) − y yᵀ"),
    ]
    for name, xs, p, i, kind, text in cases:
        op = OPS[name]
        structure = op.structure(i, xs, op.forward(xs, p), p)
        assert structure.kind == kind, name
        assert text in str(structure.text), (name, structure.text)


def _structures() -> list[Message]:
    texts = set()
    for name, cases in CASES.items():
        op = OPS[name]
        for case in cases:
            out = op.forward(case.xs, case.p)
            texts.update(op.structure(i, case.xs, out, case.p).text for i in range(len(case.xs)))
    return sorted(texts, key=str)


#: Maths in a structure text, kept in both languages.
_MATHS_WORDS = {"diag", "sign", "ln", "cos", "sin", "softmax", "onehot", "pred", "target"}
_WORD = re.compile(r"[A-Za-z]{2,}")


def test_every_structure_text_keeps_its_maths_and_loses_its_english_words():
    texts = _structures()
    assert len(texts) > 50
    for text in texts:
        assert text.key.startswith("structure."), text
        english, chinese = text.text("en"), text.text("zh")
        assert english == str(text)
        leftover = set(_WORD.findall(chinese)) - _MATHS_WORDS
        assert not leftover, f"{english!r} -> {chinese!r}"
        assert re.findall(r"\d+×\d+", chinese) == re.findall(r"\d+×\d+", english)  # sizes kept


def test_structure_texts_in_chinese():
    x, y = np.ones((2, 3)), np.ones(3)
    cases = [
        ("sum", (x,), {"axis": (0, 1), "keepdims": False}, 0, "全 1：沿轴 0, 1 求和，1×6"),
        ("add", (x, y), {}, 1, "单位矩阵，再沿广播轴 0 求和，6×3"),
        ("sub", (x, x), {}, 1, "−单位矩阵，6×6"),
        (
            "index",
            (y,),
            {"index": (np.array([0, 0]),)},
            0,
            "选择：从 3 个元素中取出 2 个（有的被取了多次：它们的梯度相加），2×3",
        ),
        ("matmul", (y, y), {}, 0, "矩阵乘法结构：bᵀ，一行，1×3"),
        ("softmax", (x,), {"axis": 1}, 0, "diag(y) − y yᵀ，沿轴 1 每个切片一块，6×6"),
    ]
    for name, xs, p, i, text in cases:
        op = OPS[name]
        assert op.structure(i, xs, op.forward(xs, p), p).text.text("zh") == text, name


# -- hypothesis: random shapes ------------------------------------------------------------


def check_all(name: str, case: Case, fd: bool = True) -> None:
    """The per-case checks above, for one generated case (batched rules included)."""
    op, out = run(name, case)
    assert_same(out, REFERENCES[name](case.xs, case.p), FORWARD_RTOL, FORWARD_ATOL, name)
    assert op.shape(tuple(np.shape(x) for x in case.xs), case.p) == np.shape(out)
    for i, x in enumerate(case.xs):
        local = op.jacobian(i, case.xs, out, case.p)
        assert np.shape(local) == np.shape(out) + np.shape(x)
        upstream = random_like(np.shape(out), seed=i)
        downstream = unbroadcast(op.vjp(upstream, i, case.xs, out, case.p), np.shape(x))
        assert_same(downstream, np.tensordot(upstream, local, axes=np.ndim(out)), what=name)
        if fd:
            numeric = finite_differences(op, case, i, np.shape(out))
            scale = max(1.0, float(np.abs(local).max())) if local.size else 1.0
            assert_same(local, numeric, FD_RTOL, FD_ATOL * scale, f"{name} fd")
    test_batched_vjp_matches_the_vjp_row_by_row(name, case)
    test_batched_jvp_matches_the_jvp_column_by_column(name, case)


def values(draw, shape, low=-2.0, high=2.0):
    seed = draw(st.integers(0, 2**32 - 1))
    return np.random.default_rng(seed).uniform(low, high, shape)


@settings(max_examples=40, deadline=None)
@given(
    data=st.data(),
    name=st.sampled_from(["add", "sub", "mul", "div", "pow", "maximum", "minimum"]),
    shapes=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3),
)
def test_binary_ops_on_random_broadcast_shapes(data, name, shapes):
    sa, sb = shapes.input_shapes
    a = values(data.draw, sa, 0.5, 2.0) if name == "pow" else values(data.draw, sa)
    b = values(data.draw, sb, 0.5, 2.0) if name == "div" else values(data.draw, sb)
    if name in ("maximum", "minimum"):  # stay away from ties for finite differences
        assume(np.all(np.abs(np.subtract(a, b)) > 1e-3))
    assert OPS[name].shape((sa, sb), {}) == shapes.result_shape
    check_all(name, Case((a, b)))


@settings(max_examples=40, deadline=None)
@given(
    data=st.data(),
    batches=hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=2, max_side=3),
    core=st.tuples(st.integers(0, 3), st.integers(0, 3), st.integers(0, 3)),
    vectors=st.tuples(st.booleans(), st.booleans()),
)
def test_matmul_on_random_shapes(data, batches, core, vectors):
    n, k, m = core
    left_vector, right_vector = vectors
    sa = (k,) if left_vector else batches.input_shapes[0] + (n, k)
    sb = (k,) if right_vector else batches.input_shapes[1] + (k, m)
    case = Case((values(data.draw, sa), values(data.draw, sb)))
    check_all("matmul", case)


@settings(max_examples=40, deadline=None)
@given(
    data=st.data(),
    name=st.sampled_from(["sum", "mean", "max", "min", "logsumexp"]),
    shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3),
    keepdims=st.booleans(),
)
def test_reductions_on_random_axes(data, name, shape, keepdims):
    axes = data.draw(st.sets(st.integers(0, max(len(shape) - 1, 0)), max_size=len(shape)))
    axes = tuple(sorted(a for a in axes if a < len(shape)))
    size = int(np.prod(shape, dtype=int))
    # distinct entries: no ties, so finite differences are valid for max/min
    x = (np.random.default_rng(size).permutation(size) * 0.25).reshape(shape)
    check_all(name, Case((x,), {"axis": axes, "keepdims": keepdims}))


@settings(max_examples=60, deadline=None)
@given(
    data=st.data(),
    shape=hnp.array_shapes(min_dims=1, max_dims=3, min_side=0, max_side=4),
)
def test_index_shape_rule_on_random_indices(data, shape):
    """numpy's placement rules for an integer list among slices, ints and ...."""
    items = []
    for size in shape:
        kind = data.draw(st.sampled_from(["slice", "int", "full"] if size else ["slice", "full"]))
        if kind == "int":
            items.append(data.draw(st.integers(-size, size - 1)))
        elif kind == "slice":
            bound = st.none() | st.integers(-size - 1, size + 1)
            step = st.none() | st.integers(-3, 3).filter(bool)
            items.append(slice(data.draw(bound), data.draw(bound), data.draw(step)))
        else:
            items.append(slice(None))
    axes_with_room = [j for j, size in enumerate(shape) if size]
    if axes_with_room and data.draw(st.booleans()):
        j = data.draw(st.sampled_from(axes_with_room))
        entries = data.draw(st.lists(st.integers(-shape[j], shape[j] - 1), max_size=4))
        items[j] = np.array(entries, dtype=np.intp)
    if data.draw(st.booleans()):  # replace a run of full slices (maybe none) by ...
        start = data.draw(st.integers(0, len(items)))
        stop = start
        while (
            stop < len(items)
            and isinstance(items[stop], slice)
            and items[stop] == slice(None)
            and data.draw(st.booleans())
        ):
            stop += 1
        items[start:stop] = [Ellipsis]
    x = np.random.default_rng(0).standard_normal(shape)
    check_all("index", Case((x,), {"index": tuple(items)}), fd=False)


# -- judgement calls at kinks (docs/design.md) ------------------------------------------


def vjp(name, xs, upstream, i=0, p=None):
    op, p = OPS[name], p or {}
    out = op.forward(xs, p)
    return unbroadcast(op.vjp(upstream, i, xs, out, p), np.shape(xs[i]))


def local(name, xs, i=0, p=None):
    op, p = OPS[name], p or {}
    return op.jacobian(i, xs, op.forward(xs, p), p)


@pytest.mark.parametrize("name", ["relu", "abs"])
def test_derivative_at_zero_is_zero(name):
    x = np.array([-2.0, 0.0, 3.0])
    slope = {"relu": [0.0, 0.0, 1.0], "abs": [-1.0, 0.0, 1.0]}[name]
    assert vjp(name, (x,), np.ones(3)).tolist() == slope
    assert np.diag(local(name, (x,))).tolist() == slope
    out = OPS[name].forward((x,), {})
    assert OPS[name].jvp((np.ones(3),), (x,), out, {}).tolist() == slope
    assert vjp(name, (np.float64(0.0),), np.float64(1.0)) == 0.0


@pytest.mark.parametrize(
    "name, values", [("max", [1.0, 3.0, 3.0, 2.0, 3.0]), ("min", [2.0, -1.0, 0.5, -1.0, 4.0])]
)
def test_tied_extrema_split_the_gradient_evenly(name, values):
    x = np.array(values)
    p = {"axis": (0,), "keepdims": False}
    tied = (x == (x.max() if name == "max" else x.min())).astype(float)
    expected = tied * 6.0 / tied.sum()
    np.testing.assert_array_equal(vjp(name, (x,), np.float64(6.0), p=p), expected)
    np.testing.assert_array_equal(local(name, (x,), p=p), expected / 6.0)
    # per row, with keepdims: each row splits its own upstream among its own ties
    rows = np.array([[5.0, 5.0, 1.0], [0.0, 2.0, 2.0]])
    if name == "min":
        rows = -rows
    p = {"axis": (1,), "keepdims": True}
    downstream = vjp(name, (rows,), np.array([[2.0], [4.0]]), p=p)
    np.testing.assert_array_equal(downstream, [[1.0, 1.0, 0.0], [0.0, 2.0, 2.0]])


@pytest.mark.parametrize("name", ["maximum", "minimum"])
def test_maximum_and_minimum_give_each_input_half_on_a_tie(name):
    a, b = np.array([1.0, 2.0, 3.0]), np.array([1.0, 0.0, 3.0])
    bigger = name == "maximum"
    for i in range(2):
        expected = [0.5, float((i == 0) == bigger), 0.5]
        assert vjp(name, (a, b), np.ones(3), i).tolist() == expected
        assert np.diag(local(name, (a, b), i)).tolist() == expected
    # a broadcast scalar tied with every entry gets half of each
    assert vjp(name, (np.float64(1.0), np.ones(4)), np.ones(4), 0) == 2.0


def test_pow_covers_tensor_constant_and_exponent_gradients():
    a, b = np.array([-2.0, 0.5, 3.0]), np.array(3.0)
    # tensor ** constant: the power rule, negative bases included
    np.testing.assert_allclose(vjp("pow", (a, b), np.ones(3), 0), 3.0 * a**2)
    # constant ** tensor: out · ln(base)
    base, exponent = np.array(2.0), np.array([0.0, 1.0, -1.5])
    np.testing.assert_allclose(
        vjp("pow", (base, exponent), np.ones(3), 1), 2.0**exponent * np.log(2)
    )
    # tensor ** tensor, both gradients
    x, y = np.array([0.5, 2.0]), np.array([1.5, -0.5])
    np.testing.assert_allclose(vjp("pow", (x, y), np.ones(2), 0), y * x ** (y - 1))
    np.testing.assert_allclose(vjp("pow", (x, y), np.ones(2), 1), x**y * np.log(x))
    # judgement calls (as PyTorch): d(a**0)/da = 0 at a = 0; d(0**b)/db = 0 for b ≥ 0
    zero = np.array([0.0, 0.0])
    assert vjp("pow", (zero, np.array(0.0)), np.ones(2), 0).tolist() == [0.0, 0.0]
    assert vjp("pow", (zero, np.array([0.0, 2.0])), np.ones(2), 0).tolist() == [0.0, 0.0]
    assert vjp("pow", (zero, np.array([0.0, 2.0])), np.ones(2), 1).tolist() == [0.0, 0.0]


def test_index_accumulates_repeated_entries():
    x = np.array([10.0, 20.0, 30.0])
    p = {"index": (np.array([0, 0, 2, -3], dtype=np.intp),)}
    assert vjp("index", (x,), np.array([1.0, 2.0, 3.0, 4.0]), p=p).tolist() == [7.0, 0.0, 3.0]
    assert local("index", (x,), p=p).sum(axis=0).tolist() == [3.0, 0.0, 1.0]


# -- numerical stability ------------------------------------------------------------------


@pytest.mark.parametrize("big", [1000.0, -1000.0])
def test_softmax_family_is_stable_at_plus_minus_1000(big):
    x = np.array([big, big - 1.0, big - 3.0])
    p_axis = {"axis": 0}
    tail = np.log1p(np.exp(-1.0) + np.exp(-3.0))  # logsumexp of [0, −1, −3]
    logsumexp = OPS["logsumexp"].forward((x,), {"axis": (0,), "keepdims": False})
    assert logsumexp == pytest.approx(big + tail, rel=1e-15)
    log_softmax = OPS["log_softmax"].forward((x,), p_axis)
    np.testing.assert_allclose(log_softmax, np.array([0.0, -1.0, -3.0]) - tail, rtol=1e-12)
    softmax = OPS["softmax"].forward((x,), p_axis)
    np.testing.assert_allclose(softmax, np.exp(np.array([0.0, -1.0, -3.0]) - tail), rtol=1e-12)
    loss = OPS["cross_entropy"].forward((x[None, :],), {"labels": np.array([2], dtype=np.intp)})
    assert loss == pytest.approx(3.0 + tail, rel=1e-12)
    for name, p in [
        ("softmax", p_axis),
        ("log_softmax", p_axis),
        ("logsumexp", {"axis": (0,), "keepdims": False}),
    ]:
        out = OPS[name].forward((x,), p)
        downstream = OPS[name].vjp(np.ones(np.shape(out)), 0, (x,), out, p)
        assert np.all(np.isfinite(downstream)), name
        assert np.all(np.isfinite(OPS[name].jacobian(0, (x,), out, p))), name
    # far apart: the small entries vanish without overflow or nan
    wide = np.array([big, -big])
    np.testing.assert_array_equal(
        OPS["softmax"].forward((wide,), p_axis), [1.0, 0.0] if big > 0 else [0.0, 1.0]
    )


def test_non_finite_results_come_without_exceptions_or_warnings():
    # underflow (sigmoid(−1000) = 0) stays ignored, as numpy's default has it
    with warnings.catch_warnings(), np.errstate(divide="raise", invalid="raise", over="raise"):
        warnings.simplefilter("error")
        assert OPS["log"].forward((np.array([0.0]),), {}).tolist() == [-np.inf]
        assert OPS["log"].forward((np.float64(0.0),), {}) == -np.inf
        assert vjp("log", (np.array([0.0]),), np.ones(1)).tolist() == [np.inf]
        assert OPS["div"].forward((np.array([1.0]), np.array([0.0])), {}).tolist() == [np.inf]
        assert OPS["sqrt"].forward((np.array([0.0]),), {}).tolist() == [0.0]
        assert vjp("sqrt", (np.array([0.0]),), np.ones(1)).tolist() == [np.inf]
        assert OPS["pow"].forward((np.array([0.0]), np.array(-1.0)), {}).tolist() == [np.inf]
        everything = {"axis": (0,), "keepdims": False}
        assert OPS["logsumexp"].forward((np.array([-np.inf, -np.inf]),), everything) == -np.inf
        assert OPS["sigmoid"].forward((np.array([-1000.0]),), {}).tolist() == [0.0]
        assert OPS["mean"].forward((np.zeros(0),), everything) != OPS["mean"].forward(
            (np.zeros(0),), everything
        )  # nan
    assert np.isclose(OPS["sigmoid"].forward((np.array([-40.0]),), {})[0], np.exp(-40.0))


# -- error messages -----------------------------------------------------------------------


def shape_error(name, shapes, p=None, error=ShapeError) -> str:
    with pytest.raises(error) as info:
        OPS[name].shape(shapes, p or {})
    return str(info.value)


def test_matmul_message_names_both_shapes_and_the_rule():
    assert shape_error("matmul", ((2, 3), (2,))) == (
        "shapes (2, 3) and (2,) cannot be multiplied with @: the last axis of the left (3) "
        "must equal the first axis of the right (2)"
    )
    message = shape_error("matmul", ((4, 2, 3), (5, 3, 2)))
    assert "(4, 2, 3)" in message and "(5, 3, 2)" in message and "batch" in message
    message = shape_error("matmul", ((), (3,)))
    assert "()" in message and "(3,)" in message
    message = shape_error("matmul", ((2, 3, 4), (5, 2)))
    assert "second-to-last" not in message and "(4)" in message and "(5)" in message


def test_broadcast_message_names_both_shapes_and_the_axis():
    assert shape_error("add", ((2, 3), (4,))) == (
        "shapes (2, 3) and (4,) cannot be broadcast together for +: axis -1 has 3 and 4"
    )
    for name, symbol in [("sub", "-"), ("mul", "*"), ("div", "/"), ("pow", "**")]:
        message = shape_error(name, ((5, 2), (4, 3, 2)))
        assert "(5, 2)" in message and "(4, 3, 2)" in message, name
        assert f"for {symbol}:" in message and "axis -2 has 5 and 3" in message, name


def test_mse_and_dot_messages_name_both_shapes():
    message = shape_error("mse", ((2, 3), (3,)))
    assert "(2, 3)" in message and "(3,)" in message and "mse" in message
    message = shape_error("mse", ((2, 3), (3, 2)))  # same size, no broadcasting either
    assert "(2, 3)" in message and "(3, 2)" in message
    message = shape_error("dot", ((2, 3), (2,)))
    assert "(2, 3)" in message and "(2,)" in message and "dot" in message
    message = shape_error("dot", ((2, 3, 4), (4,)))
    assert "(2, 3, 4)" in message and "(4,)" in message and "@" in message


def test_other_shape_and_argument_errors():
    assert "(2, 3)" in shape_error("concat", ((2, 3), (2, 4)), {"axis": 0})
    assert "(2,)" in shape_error("stack", ((2,), (3,)), {"axis": 0})
    assert "(0, 3)" in shape_error("max", ((0, 3),), {"axis": (1,), "keepdims": False})
    assert "(0,)" in shape_error("min", ((0,),), {"axis": (0,), "keepdims": False})
    with pytest.raises(ShapeError):
        OPS["max"].forward((np.zeros((2, 0)),), {"axis": (0,), "keepdims": False})
    labels = {"labels": np.array([0, 3], dtype=np.intp)}
    assert "3" in shape_error("cross_entropy", ((2, 3),), labels, ArgumentError)
    with pytest.raises(ArgumentError):
        OPS["cross_entropy"].forward((np.zeros((2, 3)),), labels)
    with pytest.raises(ArgumentError):  # a negative label must not wrap around
        OPS["cross_entropy"].forward((np.zeros(3),), {"labels": np.array(-1, dtype=np.intp)})
    message = shape_error("cross_entropy", ((2, 3),), {"labels": np.zeros(3, dtype=np.intp)})
    assert "(2, 3)" in message and "(3,)" in message
    shape_error("cross_entropy", ((2, 3, 4),), {"labels": np.zeros(2, dtype=np.intp)})
    shape_error("index", ((3,),), {"index": (3,)}, ArgumentError)
    shape_error("index", ((3,),), {"index": (np.array([0, -4], dtype=np.intp),)}, ArgumentError)
    shape_error("index", ((3,),), {"index": (0, 0)}, ArgumentError)
    shape_error("reshape", ((2, 3),), {"shape": (4,)}, ArgumentError)
    shape_error("transpose", ((2, 3),), {"axes": (0, 0)}, ArgumentError)
    shape_error("sum", ((2, 3),), {"axis": (2,), "keepdims": False}, ArgumentError)
    shape_error("softmax", ((),), {"axis": 0}, ArgumentError)
    shape_error("concat", ((), ()), {"axis": 0})


# -- unbroadcast ----------------------------------------------------------------------------


def test_unbroadcast_returns_the_same_object_when_shapes_match():
    downstream = np.ones((2, 3))
    assert unbroadcast(downstream, (2, 3)) is downstream
    scalar = np.float64(2.0)
    assert unbroadcast(scalar, ()) is scalar


@settings(max_examples=60, deadline=None)
@given(data=st.data(), shape=hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3))
def test_unbroadcast_sums_the_broadcast_axes(data, shape):
    lead = data.draw(hnp.array_shapes(min_dims=0, max_dims=2, min_side=0, max_side=3))
    # a wide shape that `shape` broadcasts to: extra leading axes, 1s grown
    wide = lead + tuple(data.draw(st.integers(0, 3)) if n == 1 else n for n in shape)
    downstream = np.random.default_rng(len(wide)).standard_normal(wide)
    summed = unbroadcast(downstream, shape)
    assert summed.shape == shape
    # the defining property: for any x of `shape`, <downstream, broadcast(x)> = <summed, x>
    x = np.random.default_rng(1).standard_normal(shape)
    np.testing.assert_allclose(
        np.sum(downstream * np.broadcast_to(x, wide)), np.sum(summed * x), atol=1e-12
    )
    local = np.random.default_rng(2).standard_normal((2,) + wide)
    reduced = unbroadcast_local(local, 1, shape)
    assert reduced.shape == (2,) + shape
    for row in range(2):
        np.testing.assert_allclose(reduced[row], unbroadcast(local[row], shape), atol=1e-12)
