"""Helpers shared by the AppTest files: open a page, run a program, read a plotly chart."""

from __future__ import annotations

import base64
import sys
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from engine.autodiff import jacobian
from engine.language import parse_program

# AppTest runs a page as its own main script (pages/ on sys.path); ui.py lives beside app.py.
REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))


def open_page(page: str, **params: str) -> AppTest:
    """Run ``page`` (relative to this folder) as a deep link with these query parameters."""
    at = AppTest.from_file(page, default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, at.exception
    return at


def run_program(at: AppTest, prefix: str, source: str) -> AppTest:
    """Type ``source`` into the page's editor and press Run."""
    at.text_area(key=f"{prefix}editor").input(source)
    at.button(key=f"{prefix}run").click()
    at.run()
    assert not at.exception, at.exception
    return at


def decode(value) -> np.ndarray:
    """A plotly array: plain nested lists, or plotly 7's base64 {"dtype", "bdata", "shape"}."""
    if isinstance(value, dict) and "bdata" in value:
        data = np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"])
        shape = value.get("shape")
        if isinstance(shape, str):
            shape = [int(n) for n in shape.split(",")]
        return data.reshape(shape) if shape else data
    return np.array([[np.nan if v is None else v for v in row] for row in value], dtype=float)


def engine_jacobian(source: str, output: str, wrt: str) -> np.ndarray:
    """The engine's Jacobian of ``output`` w.r.t. ``wrt``, flattened to a matrix."""
    program = parse_program(source)
    out, x = program.variables[output], program.variables[wrt]
    return jacobian(out, x).reshape(out.size, x.size)
