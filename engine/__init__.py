"""Chainrule's engine: tensor autodiff that can explain its own backward pass.

numpy is its only dependency. The fast path (``Tensor.backward``) records
nothing for display; ``trace_backward`` records every step (upstream, local
Jacobian, downstream) for the app, the command line and the lessons.
"""

from typing import TYPE_CHECKING

import engine.core.autodiff as _autodiff
from engine.core.autodiff import Trace, trace_backward
from engine.core.errors import ArgumentError, EngineError, LimitError, ShapeError
from engine.core.jacobian import GradcheckResult, gradcheck, jacobian, numerical_jacobian
from engine.core.records import JACOBIAN_CAP, LocalJacobian
from engine.core.tensor import (
    Tensor,
    checked,
    concat,
    cross_entropy,
    dot,
    maximum,
    minimum,
    mse,
    no_grad,
    stack,
    zero_grad,
)

if TYPE_CHECKING:  # loaded when first asked for (below); named here for type checkers
    from engine.views.notebook import GraphView, show


def _draw_trace(trace: Trace) -> str:
    # A recorded pass at the end of a notebook cell draws itself with the notebook view,
    # loaded when first shown; the core, below the views, is given this function.
    from engine.views.notebook import GraphView

    return GraphView(trace)._repr_html_()


_autodiff.trace_html = _draw_trace


def __getattr__(name: str) -> object:
    # The notebook view loads the viewer and the language only when first asked for.
    if name in ("show", "GraphView"):
        from engine.views import notebook

        return getattr(notebook, name)
    raise AttributeError(f"module 'engine' has no attribute {name!r}")


__all__ = [
    "JACOBIAN_CAP",
    "ArgumentError",
    "EngineError",
    "GradcheckResult",
    "GraphView",
    "LimitError",
    "LocalJacobian",
    "ShapeError",
    "Tensor",
    "Trace",
    "checked",
    "concat",
    "cross_entropy",
    "dot",
    "gradcheck",
    "jacobian",
    "maximum",
    "minimum",
    "mse",
    "no_grad",
    "numerical_jacobian",
    "show",
    "stack",
    "trace_backward",
    "zero_grad",
]
