"""The graph viewer's browser side, and what it is given.

``viewer.js`` and ``viewer.css`` ship here (no CDN, no network). The app mounts
them as a Streamlit component (``ui.graph_view``); :func:`fragment` wraps them,
with one scene, into a self-contained HTML fragment for a notebook or an
offline slides file. Both give the script the same :func:`payload`.
"""

from __future__ import annotations

import itertools
import json
from functools import cache
from pathlib import Path
from typing import Any

from engine.i18n import DEFAULT_LANG, t
from engine.views.graphsvg import graph_css, svg_markup, viewer_meta
from engine.views.graphview import Scene
from engine.views.palette import PALETTE, QUANTITIES

HERE = Path(__file__).resolve().parent


@cache
def script() -> str:
    """The viewer's JavaScript (defines ``chainruleViewer(root, payload, host)``)."""
    return (HERE / "viewer.js").read_text(encoding="utf-8")


@cache
def stylesheet() -> str:
    """The viewer's CSS: its chrome, then the graph's and the legend's colours."""
    legend = "".join(f".crv-{role}{{color:{PALETTE[role]}}}" for role in (*QUANTITIES, "muted"))
    return (HERE / "viewer.css").read_text(encoding="utf-8") + graph_css(".crg") + legend


def labels(lang: str = DEFAULT_LANG) -> dict[str, Any]:
    """Every word the viewer shows, in ``lang``."""
    return {
        "first": t("ui.first", lang),
        "previous": t("ui.previous", lang),
        "next": t("ui.next", lang),
        "last": t("ui.last", lang),
        "play": t("ui.play", lang),
        "pause": t("ui.pause", lang),
        "speed": t("ui.speed", lang),
        "seconds": t("ui.seconds", lang, s=0).replace("0", "{s}", 1),
        "slider": t("ui.step_slider", lang),
        "stepper": t("viewer.stepper", lang),
        "stepOf": t("viewer.step_of", lang, k="{k}", n="{n}"),
        "zoom": t("ui.zoom", lang),
        "zoomIn": t("viewer.zoom_in", lang),
        "zoomOut": t("viewer.zoom_out", lang),
        "fit": t("viewer.fit", lang),
        "fitLong": t("viewer.fit_long", lang),
        "follow": t("viewer.follow", lang),
        "graph": t("viewer.graph", lang),
        "overview": t("viewer.overview", lang),
        "inspect": t("viewer.inspect", lang),
        "close": t("viewer.close", lang),
        "inspectValue": t("viewer.inspect_value", lang),
        "inspectGradient": t("viewer.inspect_gradient", lang, k="{k}"),
        "inspectPartial": t("viewer.inspect_partial", lang, r="{r}", e="{e}"),
        "inspectFrom": t("viewer.inspect_from", lang, name="{name}", s="{s}"),
        "legend": {key: t(f"viewer.legend.{key}", lang) for key in (*QUANTITIES, "states")},
    }


def payload(
    scene: Scene,
    step: int = 0,
    *,
    hide: dict[str, Any] | None = None,
    height: str = "70vh",
    speed: float = 1.0,
    panels: list[str] | None = None,
) -> dict[str, Any]:
    """What the script needs to draw and step ``scene``: its SVG with every version, the
    steps' camera frames and inspect texts, the words, where to start, quiz hiding."""
    meta = viewer_meta(scene)
    meta["positions"] = {name: [round(v, 1) for v in box] for name, box in scene.positions.items()}
    return {
        "svg": svg_markup(scene, 0, live=True),
        "meta": meta,
        "labels": labels(scene.lang),
        "step": step,
        "hide": hide,
        "height": height,
        "speed": speed,
        "panels": panels,
    }


def _script_json(data: Any) -> str:
    """JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


_FRAGMENTS = itertools.count(1)


def fragment(
    scene: Scene, step: int = 0, *, height: str = "560px", panels: list[str] | None = None
) -> str:
    """One self-contained HTML fragment that draws and steps ``scene`` (with a panel per
    step beside it, when given): every script and style inline, no network, no server.
    Several on one page step independently."""
    data = _script_json(payload(scene, step, height=height, panels=panels))
    number = next(_FRAGMENTS)
    return (
        f'<div class="chainrule-fragment" data-fragment="{number}">'
        f"<style>{stylesheet()}</style>"
        '<div class="crv-host"></div>'
        f'<script type="application/json" class="crv-data">{data}</script>'
        "<script>(function () {\n"
        "var host = document.currentScript.parentElement;\n"
        "if (!window.chainruleViewer) {\n"
        f"{script()}\n"
        "window.chainruleViewer = chainruleViewer;\n"
        "}\n"
        'var payload = JSON.parse(host.querySelector(".crv-data").textContent);\n'
        'window.chainruleViewer(host.querySelector(".crv-host"), payload, null);\n'
        "})();</script></div>"
    )
