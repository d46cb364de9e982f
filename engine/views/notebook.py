"""The stepping graph in a notebook (Jupyter, VS Code, Colab): ``engine.show(output)``.

One call returns a :class:`GraphView`, which a notebook displays through its
``_repr_html_``: the app's own viewer (layout, palette, the three quantities on
every edge, camera and overview, pan and zoom, stepper with keys and autoplay)
with each step's panel beside it, as one self-contained HTML fragment. Every
script and style is inline; nothing is fetched and no kernel round trip is
made per step, so a saved notebook still steps. A recorded pass displays
itself the same way (``Trace._repr_html_``).

>>> from engine import Tensor, show
>>> x = Tensor(3.0, requires_grad=True, name="x")
>>> view = show(x * x)
>>> view.n_steps
1
>>> "chainruleViewer" in view._repr_html_()
True
"""

from __future__ import annotations

import html
from typing import Any

from engine.core.autodiff import Trace, trace_backward
from engine.i18n import DEFAULT_LANG, t
from engine.views import graphview, slides, viewer
from engine.views.graph import RunGraph

#: The viewer's height in a notebook cell.
HEIGHT = "520px"


class GraphView:
    """A backward pass ready to draw: ``_repr_html_`` is the notebook's picture of it."""

    def __init__(self, trace: Trace | RunGraph, *, lang: str = DEFAULT_LANG, step: int = 0):
        # A run's graph knows where each node was written; a bare recorded pass does not.
        graph = trace if isinstance(trace, RunGraph) else RunGraph(trace)
        self.trace = graph.trace
        self.lang = lang
        self.step = step
        self.scene = graphview.layout(graphview.build_scene(graph, lang))
        self._panels = slides.step_panels(graph, lang)

    @property
    def n_steps(self) -> int:
        return self.scene.n_steps

    def _repr_html_(self) -> str:
        note = ""
        if self.scene.layout_engine != "dot":  # laid out here, more simply: say how to do better
            note = f'<p class="crv-note">{html.escape(t("viewer.no_dot", self.lang))}</p>'
        body = viewer.fragment(self.scene, self.step, height=HEIGHT, panels=self._panels)
        return note + body

    def save(self, path: str) -> None:
        """Write the view as a standalone HTML page."""
        with open(path, "w", encoding="utf-8") as out:
            out.write(f'<!DOCTYPE html><meta charset="utf-8">{self._repr_html_()}')


def show(output: Any, *, lang: str = DEFAULT_LANG, step: int = 0) -> GraphView:
    """The stepping graph of ``output``'s backward pass: a Tensor (its pass is recorded
    here), a recorded :class:`~engine.core.autodiff.Trace`, or a program's text."""
    if isinstance(output, Trace):
        return GraphView(output, lang=lang, step=step)
    if isinstance(output, str):
        from engine.views import session

        result = session.run(output)
        if isinstance(result, session.RunFailed):
            raise result.error
        return GraphView(result.graph, lang=lang, step=step)
    return GraphView(trace_backward(output), lang=lang, step=step)
