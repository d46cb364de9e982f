"""Labels of the graph: blocks of rows of text runs and heatmap glyphs, with their sizes.

Every label of the graph (a value box, an operation, an edge's card) is a
:class:`Block`: rows of :class:`Run` (text in one role's colour) and :class:`Glyph`
(a small tensor drawn as a heatmap). Sizes are in layout units (one unit is one
CSS pixel at zoom 1), so a label's size is known before anything is drawn.

>>> block_text([[Run("x", "name"), Run(" = ", "muted")]])
'x = '
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from engine.i18n import DEFAULT_LANG, t
from engine.views import numbers
from engine.views.numbers import columns, denoise
from engine.views.palette import NUMBER_CELL_STRENGTH, diverging

# -- sizes, in layout units -------------------------------------------------------------------

FONT_SIZE = 14.0
CHAR_W = 0.61 * FONT_SIZE  # one monospace column (DejaVu Sans Mono advances 0.602 em)
LINE_H = round(1.4 * FONT_SIZE)
PAD = 7.0  # inside a box or a card
CELL = 11.0  # one entry of a heatmap glyph without numbers
GLYPH_MAX = 8  # tensors of up to 8 x 8 entries are drawn as a glyph
GLYPH_NUMBERS_MAX = 4  # ... with their numbers written in when they have at most 4
STRUCTURE_MAX_COLUMNS = 26
#: Numbers in labels: significant digits.
PRECISION = 3


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of text in one role's colour (a quantity, ``name``, ``muted`` or ``op``)."""

    text: str
    role: str = "name"

    @property
    def width(self) -> float:
        return columns(self.text) * CHAR_W

    @property
    def height(self) -> float:
        return LINE_H


@dataclass(frozen=True, slots=True)
class Glyph:
    """A tensor of up to 8 x 8 entries as a small heatmap, framed in its role's colour.

    ``fills`` are the cells' colours row by row; ``numbers`` the texts written in
    them (only for at most four entries), else None.
    """

    fills: tuple[tuple[str, ...], ...]
    numbers: tuple[tuple[str, ...], ...] | None
    role: str

    @property
    def cell(self) -> tuple[float, float]:
        if self.numbers is None:
            return CELL, CELL
        widest = max(columns(n) for row in self.numbers for n in row)
        return widest * CHAR_W + 8, LINE_H

    @property
    def width(self) -> float:
        return len(self.fills[0]) * self.cell[0] + 2

    @property
    def height(self) -> float:
        return max(len(self.fills) * self.cell[1] + 2, LINE_H)


Item = Run | Glyph
Row = tuple[Item, ...]
Block = tuple[Row, ...]


def row_size(row: Row) -> tuple[float, float]:
    return sum(item.width for item in row), max((item.height for item in row), default=LINE_H)


def block_size(block: Block) -> tuple[float, float]:
    sizes = [row_size(row) for row in block]
    return max((w for w, _ in sizes), default=0.0), sum(h for _, h in sizes)


def block_text(block: Block) -> str:
    """The block as plain text, one line per row (glyphs as their numbers or a ▦)."""

    def item_text(item: Item) -> str:
        if isinstance(item, Run):
            return item.text
        if item.numbers is not None:
            return "[" + "; ".join(" ".join(row) for row in item.numbers) + "]"
        return f"▦{len(item.fills)}×{len(item.fills[0])}"

    return "\n".join("".join(item_text(i) for i in row) for row in block)


def number(x: float) -> str:
    """One entry as a short text (3 significant digits, integers without a point)."""
    return numbers.number(x, PRECISION)


def glyph_matrix(array: np.ndarray) -> np.ndarray | None:
    """The 2-D arrangement a tensor is drawn in (a vector as one row), or None when it
    has more than 8 x 8 entries or no entry."""
    a = np.asarray(array)
    if a.size == 0 or a.ndim == 0:
        return None
    matrix = a.reshape(1, -1) if a.ndim == 1 else a.reshape(-1, a.shape[-1])
    if matrix.shape[0] > GLYPH_MAX or matrix.shape[1] > GLYPH_MAX:
        return None
    return matrix


def glyph(array: Any, role: str) -> Glyph | None:
    """A heatmap glyph of ``array`` (denoised; numbers when at most 4 entries), or None."""
    a = denoise(array)
    matrix = glyph_matrix(a)
    if matrix is None:
        return None
    finite = matrix[np.isfinite(matrix)]
    largest = float(np.max(np.abs(finite))) if finite.size else 0.0
    with_numbers = matrix.size <= GLYPH_NUMBERS_MAX
    strength = NUMBER_CELL_STRENGTH if with_numbers else 1.0
    fills = tuple(tuple(diverging(float(x), largest, strength) for x in row) for row in matrix)
    numbers = (
        tuple(tuple(number(float(x)) for x in row) for row in matrix) if with_numbers else None
    )
    return Glyph(fills, numbers, role)


def summary(array: Any, lang: str = DEFAULT_LANG) -> str:
    """A tensor too large for a glyph: its shape and range, ``(64, 10) [-0.17 … 0.38]``."""
    a = denoise(array)
    if a.size == 0:
        return t("render.empty", lang, shape=a.shape)
    finite = a[np.isfinite(a)]
    text = str(a.shape)
    if finite.size:
        text += f" [{number(finite.min())} … {number(finite.max())}]"
    if finite.size < a.size:
        text += " ⚠"
    return text


def tensor_items(array: Any, role: str, lang: str = DEFAULT_LANG) -> Row:
    """A value or gradient as one row: a number, a glyph, or its shape and range."""
    a = denoise(array)
    if a.ndim == 0 or a.size == 1 and a.ndim <= 1:
        x = float(a.reshape(()))
        return (Run(number(x) + ("" if math.isfinite(x) else " ⚠"), role),)
    drawn = glyph(a, role)
    if drawn is None:
        return (Run(summary(a, lang), role),)
    return (drawn,)
