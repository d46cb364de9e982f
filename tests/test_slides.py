"""Offline slides: one self-contained file that steps through the pass in the graph viewer."""

import json
import re

from engine.views import session
from engine.views.examples import example
from engine.views.slides import slides_html


def _circuit_slides(lang="en"):
    result = session.run(example("cs231n-circuit").program)
    page = slides_html(result.graph, source=result.source, lang=lang)
    return result.trace, page


def _payload(page: str) -> dict:
    data = re.search(r'<script type="application/json" class="crv-data">(.*?)</script>', page)
    return json.loads(data.group(1))


def test_one_viewer_with_a_panel_per_step():
    trace, page = _circuit_slides()
    payload = _payload(page)
    assert payload["svg"].count("<svg") == 1  # one layout, every step in it
    assert payload["meta"]["n"] == len(trace.steps) == 2
    panels = payload["panels"]
    assert len(panels) == 3
    assert "Before the first step" in panels[0]
    assert "Step 2 of 2: q = x + y" in panels[2]
    assert "-4" in panels[2] and "crv-downstream" in panels[2]


def test_slides_are_self_contained():
    _, page = _circuit_slides()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "no outside resources"
    assert "chainruleViewer" in page and "ArrowRight" in page and "PageDown" in page


def test_final_step_of_the_graph_shows_the_published_gradients():
    _, page = _circuit_slides()
    svg = _payload(page)["svg"]
    # x's and y's gradient -4 and z's 3 arrive at steps 2 and 1 (the version shown from then on).
    assert re.search(r'data-from="2"><text[^>]*class="r-muted">∇ </text><text[^>]*>-4<', svg)
    assert re.search(r'data-from="1"><text[^>]*class="r-muted">∇ </text><text[^>]*>3<', svg)


def test_slides_in_chinese():
    _, page = _circuit_slides("zh")
    assert '<html lang="zh-CN">' in page and "<title>Chainrule：一次反向传播</title>" in page
    payload = _payload(page)
    assert "第一步之前" in payload["panels"][0]
    assert "第 2 步（共 2 步）：q = x + y" in payload["panels"][2]
    for term in ("上游梯度", "局部梯度", "下游梯度"):
        assert f">{term}</span>" in payload["panels"][2]  # the panel's coloured labels
    assert payload["labels"]["next"] == "下一步" and payload["labels"]["previous"] == "上一步"
    english = re.compile(r"\b(?:upstream|downstream|Step \d|Before the first|constant:)\b")
    words = [re.sub(r"<[^>]*>", " ", panel) for panel in payload["panels"]]  # the text shown
    assert not any(english.search(text) for text in words)
