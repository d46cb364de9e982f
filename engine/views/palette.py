"""The graph's palette: one colour per quantity and per state of the pass, the diverging
scale of heatmap glyphs, and the checks that keep them apart for colour-blind readers.

The graph, its legend, the step panel, the exports and the slides all read their colours
from here. Values are blue, the upstream gradient vermilion, the local Jacobian violet,
the downstream gradient green; pending, current and done also differ by dash and weight,
never by colour alone.

>>> diverging(0.0, 1.0), PALETTE["upstream"]
('#ffffff', '#C14D00')
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

#: Text and line colours of the quantities (Okabe-Ito hues, darkened to at least 4.5:1
#: on white) and of the passes' states. The graph, its legend, the step panel, the
#: exports and the slides all read them from here.
PALETTE: dict[str, str] = {
    "value": "#0072B2",  # blue: forward values
    "upstream": "#C14D00",  # vermilion: dL/dy arriving at a node
    # violet: dy/dx, the node's own Jacobian. Okabe-Ito's reddish purple, darkened for text,
    # came within 13 (CIE76) of the value blue for protanopes; this violet stays 50 apart
    # from every other colour here for deuteranopes and protanopes (tests/test_graphview.py).
    "local": "#6610EE",
    "downstream": "#007A5E",  # bluish green: dL/dx = upstream . local
    "name": "#1A1D21",
    "muted": "#596270",
    "op": "#1A1D21",
    "pending": "#9AA1AB",
    "current": "#1A1D21",
    "done": "#3D4754",
    "current_fill": "#FFF1C2",
    "done_fill": "#F1F4F8",
    "pending_fill": "#FFFFFF",
    "constant_fill": "#EEEEEE",
}
QUANTITIES = ("value", "upstream", "local", "downstream")
CARD_PARTS = ("upstream", "local", "downstream")  # an edge's card, top to bottom
#: Heatmap glyphs: a diverging scale centred on 0, blue below and orange above (a pair
#: that stays apart for deuteranopes and protanopes), white at 0.
NEGATIVE = (33, 102, 172)
POSITIVE = (214, 96, 0)
#: How strong the fill gets behind a written number (dark text stays readable).
NUMBER_CELL_STRENGTH = 0.5

# States: a line cue besides the colour (pending dashed and thin, current thick).
STATE_STROKE = {"pending": (1.5, "5 4"), "current": (4.0, None), "done": (2.0, None)}


def diverging(x: float, largest: float, strength: float = 1.0) -> str:
    """The glyph colour of ``x`` on a scale from -largest (blue) through 0 (white) to
    +largest (orange), as ``#rrggbb``; non-finite entries are grey.

    >>> diverging(0.0, 1.0), diverging(1.0, 1.0), diverging(-1.0, 1.0)
    ('#ffffff', '#d66000', '#2166ac')
    """
    if not math.isfinite(x):
        return "#9aa1ab"
    share = 0.0 if largest <= 0 else min(abs(x) / largest, 1.0) * strength
    end = POSITIVE if x > 0 else NEGATIVE
    rgb = (round(255 + (c - 255) * share) for c in end)
    return "#" + "".join(f"{c:02x}" for c in rgb)


def diverging_scale() -> list[list[Any]]:
    """The same scale for plotly's heatmaps: [[0, blue], [0.5, white], [1, orange]].

    >>> diverging_scale()[1]
    [0.5, '#ffffff']
    """
    return [[0.0, diverging(-1.0, 1.0)], [0.5, "#ffffff"], [1.0, diverging(1.0, 1.0)]]


# Colour-vision-deficiency simulation (Machado, Oliveira and Fernandes 2009, severity 1),
# applied in linear RGB: how the palette is checked for deuteranopes and protanopes.
_CVD = {
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
}  # fmt: skip


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _srgb(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def hex_rgb(colour: str) -> tuple[float, float, float]:
    """``#rrggbb`` as three floats in [0, 1]."""
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def simulate_cvd(colour: str, kind: str) -> tuple[float, float, float]:
    """How ``colour`` looks to a reader with ``kind`` (``deuteranopia`` or ``protanopia``)."""
    linear = [_linear(c) for c in hex_rgb(colour)]
    return tuple(_srgb(sum(m * c for m, c in zip(row, linear, strict=True))) for row in _CVD[kind])  # type: ignore[return-value]


def lab(rgb: Sequence[float]) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of an sRGB colour given as floats in [0, 1]."""
    r, g, b = (_linear(c) for c in rgb)
    xyz = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    f = [v ** (1 / 3) if v > 0.008856 else 7.787 * v + 16 / 116 for v in xyz]
    return 116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])


def colour_distance(a: Sequence[float], b: Sequence[float]) -> float:
    """CIE76 distance between two sRGB colours (floats in [0, 1]); about 2.3 is just visible."""
    return math.dist(lab(a), lab(b))


def contrast_ratio(colour: str, background: str = "#FFFFFF") -> float:
    """WCAG contrast ratio of two ``#rrggbb`` colours."""

    def luminance(c: str) -> float:
        r, g, b = (_linear(v) for v in hex_rgb(c))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    hi, lo = sorted((luminance(colour), luminance(background)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
