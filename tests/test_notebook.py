"""The notebook view: one self-contained fragment, shown by engine.show and by a trace."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import engine
from engine import Tensor, trace_backward
from engine.views.notebook import GraphView, show

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "notebook.ipynb"
CIRCUIT = "x = -2\ny = 5\nz = -4\nq = x + y\nf = q * z\n"


def payload(fragment: str) -> dict:
    data = re.search(r'<script type="application/json" class="crv-data">(.*?)</script>', fragment)
    return json.loads(data.group(1))


def test_show_takes_a_tensor_a_trace_or_a_program():
    x = Tensor(-2.0, requires_grad=True, name="x")
    y = Tensor(5.0, requires_grad=True, name="y")
    z = Tensor(-4.0, requires_grad=True, name="z")
    f = (x + y) * z
    views = [show(f), show(trace_backward(f)), show(CIRCUIT), engine.show(f)]
    assert all(isinstance(view, GraphView) for view in views)
    assert {view.n_steps for view in views} == {2}
    for view in views:
        data = payload(view._repr_html_())
        assert data["meta"]["n"] == 2 and len(data["panels"]) == 3
        assert "-4" in data["panels"][2] and "3" in data["panels"][1]


def test_the_fragment_is_self_contained():
    html = show(CIRCUIT)._repr_html_()
    assert "<script>" in html and "chainruleViewer" in html and "<style>" in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html), "nothing fetched"
    assert "import " not in html.split("<script>")[1][:200]  # a classic script, not a module


def test_a_trace_displays_itself():
    x = Tensor([1.0, 2.0], requires_grad=True, name="x")
    html = trace_backward((x * x).sum())._repr_html_()
    assert payload(html)["meta"]["n"] == 2


def test_without_dot_it_says_how_to_install_graphviz(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")  # no dot on the path: the layout falls back
    html = show(CIRCUIT)._repr_html_()
    assert "apt-get install graphviz" in html
    assert payload(html)["meta"]["layout"] == "layered"


def test_the_docs_notebook_runs_and_shows_its_graphs():
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")
    nbclient.NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(ROOT)}}
    ).execute()
    shown = [
        output["data"]["text/html"]
        for cell in notebook.cells
        if cell.cell_type == "code"
        for output in cell.outputs
        if "text/html" in output.get("data", {})
    ]
    assert len(shown) == 3
    circuit, network, trace = (payload(html) for html in shown)
    assert circuit["meta"]["n"] == 2 and "Step 2 of 2" in circuit["panels"][2]
    assert network["meta"]["n"] == 5  # matmul, add, tanh, pow, sum
    assert trace["meta"]["n"] == 2
