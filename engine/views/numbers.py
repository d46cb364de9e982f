"""Numbers and values as short texts: one rule for every view (panel, worked solution,
graph labels, slides, tables).

>>> format_value(0.7310585786300049)
'0.7311'
>>> format_value([1.0, -2.5, 3.0])
'[1, -2.5, 3]'
>>> format_value(None)
'?'
>>> multi_index_labels((2, 2))
['(0, 0)', '(0, 1)', '(1, 0)', '(1, 1)']
"""

from __future__ import annotations

import itertools
import math
import unicodedata
from collections.abc import Sequence
from typing import Any

import numpy as np

from engine.i18n import DEFAULT_LANG, t

#: A value with at most this many entries is written out in full by ``format_value``.
MAX_ENTRIES = 6
#: Significant digits of numbers in short texts.
PRECISION = 4
#: Significant digits of the mean and range of a summarised (large) value.
SUMMARY_PRECISION = 3
#: Appended to any text that contains nan or ±inf.
NON_FINITE_FLAG = "⚠"
#: An entry below NOISE x the largest magnitude of its tensor is shown as 0.
NOISE = 1e-12


def denoise(array: Any) -> np.ndarray:
    """``array`` as float64 with every entry below NOISE x its largest magnitude set to 0.

    >>> denoise([1.0, 1.85e-18, -2.0]).tolist()
    [1.0, 0.0, -2.0]
    """
    a = np.array(array, dtype=np.float64)
    finite = np.isfinite(a)
    if a.size and finite.any():
        largest = float(np.max(np.abs(a[finite])))
        a[finite & (np.abs(a) < NOISE * largest)] = 0.0
    return a


def number(x: Any, precision: int = PRECISION) -> str:
    """One float as a short text: integers without a point, else ``precision`` digits.

    >>> number(0.7310585786300049), number(-4.0), number(12345.6), number(-0.0)
    ('0.7311', '-4', '12346', '0')
    """
    x = float(x)
    if math.isnan(x):
        return "nan"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x == 0:
        return "0"  # never "-0"
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    if 1e-4 <= abs(x) < 1e6:
        text = f"{x:.{max(precision, 1)}g}"  # significant digits, trailing zeros dropped
        # 12345.6 at 4 digits would be "1.235e+04": the whole number reads better.
        return f"{x:.0f}" if "e" in text else text
    mantissa, exponent = f"{x:.{max(precision - 1, 0)}e}".split("e")
    if "." in mantissa:
        mantissa = mantissa.rstrip("0").rstrip(".")
    return f"{mantissa}e{exponent}"


def _nested(array: np.ndarray, precision: int) -> str:
    if array.ndim == 0:
        return number(array, precision)
    return "[" + ", ".join(_nested(row, precision) for row in array) + "]"


def _non_finite_counts(array: np.ndarray) -> str:
    counts = (
        ("nan", int(np.isnan(array).sum())),
        ("inf", int(np.isposinf(array).sum())),
        ("-inf", int(np.isneginf(array).sum())),
    )
    return ", ".join(f"{n} {word}" for word, n in counts if n)


def format_value(
    array: Any,
    max_entries: int = MAX_ENTRIES,
    precision: int = PRECISION,
    *,
    lang: str = DEFAULT_LANG,
) -> str:
    """A short text for a value or a gradient; ``None`` (not yet known) is ``"?"``.

    Scalars as numbers, up to ``max_entries`` entries as nested brackets, larger
    arrays as their shape, mean and range (words in ``lang``). Any nan or ±inf is
    flagged with ⚠.

    >>> format_value(-4.0)
    '-4'
    >>> format_value([[1.0, 2.0], [3.0, 4.0]])
    '[[1, 2], [3, 4]]'
    >>> format_value(np.full((64, 10), 0.5))
    '(64, 10) mean 0.5 range [0.5, 0.5]'
    >>> format_value([0.0, float("-inf")])
    '[0, -inf] ⚠'
    >>> format_value(np.full((64, 10), 0.5), lang="zh")
    '(64, 10) 均值 0.5 范围 [0.5, 0.5]'
    """
    if array is None:
        return "?"
    a = denoise(array)  # floating noise beside real entries is shown as 0
    if a.ndim == 0:
        x = float(a)
        return number(x, precision) + ("" if math.isfinite(x) else f" {NON_FINITE_FLAG}")
    if a.size == 0:
        return t("render.empty", lang, shape=a.shape)
    finite_mask = np.isfinite(a)
    all_finite = bool(finite_mask.all())
    if a.size <= max_entries:
        return _nested(a, precision) + ("" if all_finite else f" {NON_FINITE_FLAG}")
    summary = str(a.shape)
    finite = a if all_finite else a[finite_mask]
    if finite.size:
        p = min(precision, SUMMARY_PRECISION)
        low, high = number(finite.min(), p), number(finite.max(), p)
        mean = number(finite.mean(), p)
        summary = t("render.summary", lang, shape=summary, mean=mean, low=low, high=high)
    if not all_finite:
        summary += f" {NON_FINITE_FLAG} {_non_finite_counts(a)}"
    return summary


def shape_text(shape: tuple[int, ...], lang: str = DEFAULT_LANG) -> str:
    """A shape for a table: ``(2, 3)``, or "scalar" (in ``lang``) for ``()``."""
    return t("render.scalar", lang) if shape == () else str(tuple(shape))


def kind_word(kind: str, lang: str = DEFAULT_LANG) -> str:
    """ "leaf", "operation", "constant", "labels: constant" or "unused", in ``lang``."""
    return t(f"render.kind.{kind}", lang)


def multi_index_labels(shape: Sequence[int]) -> list[str]:
    """The entries of an array of ``shape`` in row-major order, as index tuples.

    A scalar has the single entry ``"()"``.

    >>> multi_index_labels((3,))
    ['(0,)', '(1,)', '(2,)']
    >>> multi_index_labels(())
    ['()']
    """
    return [str(index) for index in itertools.product(*(range(n) for n in shape))]


def latex_matrix(array: Any, precision: int = 3) -> str:
    r"""A small 0-, 1- or 2-D array as LaTeX (a bmatrix; a 1-D array as one row).

    >>> latex_matrix([[1.0, 0.0], [0.0, -0.5]])
    '\\begin{bmatrix} 1 & 0 \\\\ 0 & -0.5 \\end{bmatrix}'
    >>> latex_matrix(float("inf"))
    '\\infty'
    """
    a = np.asarray(array, dtype=np.float64)
    if a.ndim > 2:
        raise ValueError(f"latex_matrix takes 0-, 1- or 2-D arrays, not shape {a.shape}")
    if a.ndim == 0:
        return _latex_number(a, precision)
    rows = a.reshape(1, -1) if a.ndim == 1 else a
    body = r" \\ ".join(" & ".join(_latex_number(x, precision) for x in row) for row in rows)
    return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"


def _latex_number(x: Any, precision: int) -> str:
    text = number(x, precision)
    if text in ("inf", "-inf"):
        return text.replace("inf", r"\infty")
    if text == "nan":
        return r"\mathrm{nan}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        return rf"{mantissa} \times 10^{{{int(exponent)}}}"
    return text


def columns(text: str) -> int:
    """Display width in monospace columns (East Asian wide characters count 2)."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def unravel(flat: int, shape: tuple[int, ...]) -> tuple[int, ...]:
    """A flat (row-major) index as an index vector; () for a scalar.

    >>> unravel(5, (2, 3)), unravel(0, ())
    ((1, 2), ())
    """
    return tuple(int(v) for v in np.unravel_index(flat, shape)) if shape else ()
