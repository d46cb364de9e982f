"""The chain-rule page's maths: the chain rule on a path x → y → z, one entry of the
product written out, and forward against reverse accumulation.

The **chain rule** for a path x → y → z is a generalized dot: contract the
indices of y, ∂z_i/∂x_j = Σ_k ∂z_i/∂y_k · ∂y_k/∂x_j (:func:`compose`,
:func:`worked_entry`). When x also reaches z along paths that avoid y, the
product is only the part of ∂z/∂x that flows through y.

>>> accumulation_costs([100, 50, 20, 1])
(102000, 6000)

Every function here is tested without Streamlit (tests/test_chain.py); the
pages only lay out what these return. The graph and its paths are
``engine.views.paths``, the Jacobian three ways ``engine.views.jacobians``, the
linearisation ``engine.views.linearise``.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine import i18n
from engine.core.jacobian import jacobian
from engine.core.tensor import Tensor
from engine.views import jacobians, linearise, numbers
from engine.views.paths import ProgramGraph, dominates


@dataclass(frozen=True)
class ChainReport:
    """∂z/∂y, ∂y/∂x, their generalized product and ∂z/∂x computed directly.

    Arrays are None when ``too_large``. ``bypass`` is True when x also reaches
    z without passing y: the product is then only the part through y, and
    ``direct − product`` is the part along the other paths.
    """

    z_shape: tuple[int, ...]
    y_shape: tuple[int, ...]
    x_shape: tuple[int, ...]
    dz_dy: np.ndarray | None
    dy_dx: np.ndarray | None
    product: np.ndarray | None
    direct: np.ndarray | None
    passes: Mapping[str, tuple[str, int]]  # "dz_dy" -> (mode, passes)
    bypass: bool
    too_large: bool
    reason: str | None

    @property
    def sizes(self) -> tuple[int, int, int]:
        """(K, M, N): the entries of z, y and x."""
        return math.prod(self.z_shape), math.prod(self.y_shape), math.prod(self.x_shape)

    @property
    def max_difference(self) -> float:
        """The largest |product − direct| (0 up to rounding when y is the only way through)."""
        if self.product is None or self.direct is None:
            return 0.0
        return jacobians.largest_difference(self.product, self.direct)

    def matrices(self) -> dict[str, np.ndarray]:
        """The four Jacobians flattened: K×M, M×N, K×N, K×N."""
        k, m, n = self.sizes
        if self.dz_dy is None or self.dy_dx is None or self.product is None or self.direct is None:
            return {}  # too large: none was computed
        return {
            "dz_dy": self.dz_dy.reshape(k, m),
            "dy_dx": self.dy_dx.reshape(m, n),
            "product": self.product.reshape(k, n),
            "direct": self.direct.reshape(k, n),
        }


def _cheaper_jacobian(output: Tensor, wrt: Tensor) -> tuple[np.ndarray, str, int]:
    """Reverse mode when the output has fewer entries than the input, else forward mode;
    with the passes that mode takes as the page teaches it (one per row or column)."""
    mode = "reverse" if output.size <= wrt.size else "forward"
    with np.errstate(all="ignore"):
        jac = jacobian(output, wrt, mode)
    assert isinstance(jac, np.ndarray)  # without return_passes, the Jacobian alone
    passes = jacobians.taught_passes(mode, output.size, wrt.size, jacobians.depends_on(output, wrt))
    return jac, mode, passes


def compose(
    graph: ProgramGraph,
    z: int,
    y: int,
    x: int,
    max_entries: int = jacobians.CHAIN_MAX_ENTRIES,
    budget: int = jacobians.WORK_BUDGET,
) -> ChainReport:
    """The chain rule on the path x → y → z: ∂z/∂x = ∂z/∂y · ∂y/∂x (generalized dot over y).

    ∂z/∂y is the partial derivative that treats y as an input of its own (its
    row of upstream gradients in reverse mode): other inputs of z stay fixed.
    """
    zt, yt, xt = graph.node(z).tensor, graph.node(y).tensor, graph.node(x).tensor
    k, m, n = zt.size, yt.size, xt.size
    bypass = not dominates(graph, x, y, z)
    reason = None
    if max(k * m, m * n, k * n) > max_entries:
        reason = "entries"
    else:
        # each Jacobian in one batched pass of the cheaper mode: one seed per row or column
        elements = jacobians.graph_elements
        work = (min(k, m) + min(k, n)) * elements(zt) + min(m, n) * elements(yt)
        if work > budget:
            reason = "work"
    if reason is not None:
        return ChainReport(
            zt.shape, yt.shape, xt.shape, None, None, None, None, {}, bypass, True, reason
        )
    dz_dy, mode_zy, passes_zy = _cheaper_jacobian(zt, yt)
    dy_dx, mode_yx, passes_yx = _cheaper_jacobian(yt, xt)
    direct, mode_zx, passes_zx = _cheaper_jacobian(zt, xt)
    product = linearise.contract(dz_dy, dy_dx, yt.ndim)
    return ChainReport(
        z_shape=tuple(zt.shape),
        y_shape=tuple(yt.shape),
        x_shape=tuple(xt.shape),
        dz_dy=dz_dy,
        dy_dx=dy_dx,
        product=product,
        direct=direct,
        passes={
            "dz_dy": (mode_zy, passes_zy),
            "dy_dx": (mode_yx, passes_yx),
            "direct": (mode_zx, passes_zx),
        },
        bypass=bypass,
        too_large=False,
        reason=None,
    )


# -- one entry of the product, written out ----------------------------------------


#: A worked entry writes out at most this many terms of its sum (the rest are counted).
WORKED_TERMS = 6


@dataclass(frozen=True, slots=True)
class Term:
    k: int  # flat index into y
    index: tuple[int, ...]  # the index vector k
    dz_dy: float
    dy_dx: float

    @property
    def product(self) -> float:
        return self.dz_dy * self.dy_dx


@dataclass(frozen=True)
class WorkedEntry:
    """∂z_i/∂x_j = Σ_k ∂z_i/∂y_k · ∂y_k/∂x_j for one (i, j), every term with its numbers."""

    i: tuple[int, ...]
    j: tuple[int, ...]
    terms: tuple[Term, ...]  # every k, in order
    total: float  # the sum of the terms (the product's entry)
    direct: float  # the direct Jacobian's entry

    @property
    def nonzero(self) -> tuple[Term, ...]:
        return tuple(t for t in self.terms if t.product != 0.0)


def worked_entry(report: ChainReport, i: int, j: int) -> WorkedEntry:
    """The sum behind one entry of the product; ``i`` and ``j`` are flat indices into z and x."""
    mats = report.matrices()
    a, b = mats["dz_dy"], mats["dy_dx"]
    terms = tuple(
        Term(k, numbers.unravel(k, report.y_shape), float(a[i, k]), float(b[k, j]))
        for k in range(a.shape[1])
    )
    return WorkedEntry(
        i=numbers.unravel(i, report.z_shape),
        j=numbers.unravel(j, report.x_shape),
        terms=terms,
        total=float(mats["product"][i, j]),
        direct=float(mats["direct"][i, j]),
    )


def default_entry(report: ChainReport) -> tuple[int, int]:
    """The (i, j) with the largest |∂z_i/∂x_j| through y (the first on a tie; (0, 0) if none)."""
    mats = report.matrices()
    product = mats.get("product")
    if product is None or product.size == 0:
        return 0, 0
    flat = int(np.argmax(np.abs(product)))
    return divmod(flat, int(product.shape[1]))


_TEX_SPECIAL = re.compile(r"([#$%&_{}])")


def tex_name(label: str) -> str:
    r"""A node label as upright LaTeX text: ``add#6`` -> ``\text{add\#6}``."""
    return r"\text{" + _TEX_SPECIAL.sub(r"\\\1", label) + "}"


def tex_index(index: tuple[int, ...]) -> str:
    """An index vector as a subscript: ``(1, 2)`` -> ``1,2``; a scalar has none."""
    return ",".join(str(v) for v in index)


def tex_number(value: float, parens: bool = True) -> str:
    """A number for a written-out sum: 4 significant digits, negatives in parentheses.

    >>> tex_number(-0.123456), tex_number(2.0), tex_number(1e-7)
    ('(-0.1235)', '2', '1 \\\\times 10^{-7}')
    """
    if not math.isfinite(value):
        return r"\mathrm{nan}" if math.isnan(value) else ("-" if value < 0 else "") + r"\infty"
    text = f"{value:.4g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return f"({text})" if parens and value < 0 else text


def _sub(name: str, index: tuple[int, ...]) -> str:
    return f"{name}_{{{tex_index(index)}}}" if index else name


def index_formula(z: str, y: str, x: str) -> str:
    """The chain rule over index vectors, in LaTeX, with the nodes' names."""
    zn, yn, xn = tex_name(z), tex_name(y), tex_name(x)
    return (
        rf"\frac{{\partial {zn}_{{\mathbf{{i}}}}}}{{\partial {xn}_{{\mathbf{{j}}}}}}"
        rf" = \sum_{{\mathbf{{k}}}} \frac{{\partial {zn}_{{\mathbf{{i}}}}}}"
        rf"{{\partial {yn}_{{\mathbf{{k}}}}}} \cdot "
        rf"\frac{{\partial {yn}_{{\mathbf{{k}}}}}}{{\partial {xn}_{{\mathbf{{j}}}}}}"
    )


def worked_entry_latex(
    entry: WorkedEntry,
    z: str,
    y: str,
    x: str,
    max_terms: int = WORKED_TERMS,
    *,
    lang: str = i18n.DEFAULT_LANG,
) -> str:
    """One entry's sum written out with numbers, as aligned LaTeX lines.

    Terms with a zero factor add nothing and are left out (and counted); the
    first ``max_terms`` others are written, the rest summed into one "⋯" ("N more",
    in ``lang``).
    """
    zn, yn, xn = tex_name(z), tex_name(y), tex_name(x)
    scalar_y = len(entry.terms) == 1 and entry.terms[0].index == ()
    zi, xj = _sub(zn, entry.i), _sub(xn, entry.j)
    yk = yn if scalar_y else rf"{yn}_{{\mathbf{{k}}}}"
    summation = "" if scalar_y else r"\sum_{\mathbf{k}} "  # a scalar y: one term, no sum
    lines = [
        rf"\frac{{\partial {zi}}}{{\partial {xj}}} &= {summation}"
        rf"\frac{{\partial {zi}}}{{\partial {yk}}} \cdot \frac{{\partial {yk}}}{{\partial {xj}}}"
    ]
    nonzero = entry.nonzero
    shown = nonzero[:max_terms]
    if shown:
        body = " + ".join(rf"{tex_number(t.dz_dy)} \cdot {tex_number(t.dy_dx)}" for t in shown)
        rest = nonzero[max_terms:]
        if rest:
            rest_sum = tex_number(sum(t.product for t in rest))
            more = i18n.t("chain.latex_more", lang)
            body += rf" + \underbrace{{\cdots}}_{{{len(rest)} \text{{{more}}} \,=\, {rest_sum}}}"
        lines.append(rf"&= {body}")
    lines.append(rf"&= {tex_number(entry.total, parens=False)}")
    return r"\begin{aligned} " + r" \\ ".join(lines) + r" \end{aligned}"


def term_rows(entry: WorkedEntry, labels: Sequence[str], limit: int = 50) -> list[dict[str, Any]]:
    """The terms of a worked entry as table rows (k, the two factors, their product)."""
    return [
        {
            "k": labels[t.k] if t.k < len(labels) else str(t.k),
            "∂z_i/∂y_k": t.dz_dy,
            "∂y_k/∂x_j": t.dy_dx,
            "product": t.product,
        }
        for t in entry.terms[:limit]
    ]


# -- forward versus reverse accumulation ----------------------------------------


@dataclass(frozen=True, slots=True)
class Product:
    """One matrix product in an accumulation order: (a × b) · (b × c) costs a·b·c multiply-adds."""

    left: tuple[int, int]
    right: tuple[int, int]
    madds: int

    @property
    def result(self) -> tuple[int, int]:
        return self.left[0], self.right[1]


def accumulation_steps(sizes: Sequence[int]) -> tuple[list[Product], list[Product]]:
    """The products of forward and reverse accumulation of J_L ⋯ J_1.

    ``sizes`` is [n_0, n_1, …, n_L]: J_k is n_k × n_{k−1}. Forward mode starts
    at the input: J_2 J_1, then J_3 (J_2 J_1), … carrying n_0 columns; reverse
    mode starts at the output: J_L J_{L−1}, then (J_L J_{L−1}) J_{L−2}, …
    carrying n_L rows.
    """
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2:
        raise ValueError("a chain needs at least two sizes: its input's and its output's")
    if any(s < 0 for s in sizes):
        raise ValueError("sizes cannot be negative")
    n0, nl, levels = sizes[0], sizes[-1], len(sizes) - 1
    forward = [
        Product((sizes[k], sizes[k - 1]), (sizes[k - 1], n0), sizes[k] * sizes[k - 1] * n0)
        for k in range(2, levels + 1)
    ]
    reverse = [
        Product((nl, sizes[k]), (sizes[k], sizes[k - 1]), nl * sizes[k] * sizes[k - 1])
        for k in range(levels - 1, 0, -1)
    ]
    return forward, reverse


def accumulation_costs(sizes: Sequence[int]) -> tuple[int, int]:
    """Multiply-adds of forward (J_L(…(J_2 J_1))) and reverse (((J_L J_{L−1})…)J_1) order.

    >>> accumulation_costs([3, 1])  # one Jacobian: nothing to multiply
    (0, 0)
    >>> accumulation_costs([1, 20, 50, 100])  # one input, many outputs: forward wins
    (6000, 102000)
    """
    forward, reverse = accumulation_steps(sizes)
    return sum(p.madds for p in forward), sum(p.madds for p in reverse)


#: The demo chain's sizes: 100 inputs through two hidden layers to a scalar loss.
DEMO_SIZES = (100, 50, 20, 1)
MAX_CHAIN_LENGTH = 12
MAX_CHAIN_SIZE = 1_000_000


def parse_sizes(text: str) -> tuple[list[int] | None, i18n.Message | None]:
    """Sizes typed as ``100, 50, 20, 1``: (sizes, None), or (None, why they cannot be read).

    >>> parse_sizes("100, 50 20,1")
    ([100, 50, 20, 1], None)
    >>> str(parse_sizes("3, x")[1])
    "'x' is not a whole number"
    """
    items = [item for item in re.split(r"[,\s;]+", text.strip()) if item]
    if len(items) < 2:
        return None, i18n.Message("chain.typed_sizes.too_few")
    if len(items) > MAX_CHAIN_LENGTH:
        return None, i18n.Message("chain.typed_sizes.too_many", n=MAX_CHAIN_LENGTH)
    sizes = []
    for item in items:
        if not re.fullmatch(r"[0-9]{1,7}", item):
            return None, i18n.Message("chain.typed_sizes.not_whole", item=item)
        value = int(item)
        if not 1 <= value <= MAX_CHAIN_SIZE:
            return None, i18n.Message("chain.typed_sizes.out_of_range", n=MAX_CHAIN_SIZE)
        sizes.append(value)
    return sizes, None
