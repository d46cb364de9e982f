"""Offline slides: one self-contained file, one slide per step, no network needed."""

import re

import pytest

from engine import render, session, trace_backward
from engine.examples import example
from engine.language import parse_program
from engine.slides import SlidesUnavailable, slides_html

needs_dot = pytest.mark.skipif(
    render.svg("digraph{a}") is None, reason="Graphviz's dot program is not installed"
)


def _circuit_slides():
    result = session.run(example("cs231n-circuit").program)
    page = slides_html(result.trace, source=result.source, spans=result.spans)
    return result.trace, page


@needs_dot
def test_one_slide_per_step_with_graph_and_panel():
    trace, page = _circuit_slides()
    assert page.count('<section class="slide"') == len(trace.steps) + 1 == 3
    assert page.count("<svg") == 3
    assert "Before the first step" in page
    assert "Step 2 of 2: q = x + y" in page


@needs_dot
def test_slides_are_self_contained():
    _, page = _circuit_slides()
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page), "no outside resources"
    assert "<script>" in page and "ArrowRight" in page


@needs_dot
def test_final_slide_shows_the_published_gradients():
    _, page = _circuit_slides()
    last = page.split('data-step="2"')[1]
    assert "grad: &#45;4" in last and "grad: 3" in last  # SVG escapes the minus sign


def test_without_dot_the_error_is_clear(monkeypatch):
    monkeypatch.setattr(render, "svg", lambda dot: None)
    program = parse_program("x = 2\ny = x * x")
    with pytest.raises(SlidesUnavailable, match="graphviz"):
        slides_html(trace_backward(program.output))


@needs_dot
def test_slides_in_chinese():
    result = session.run(example("cs231n-circuit").program)
    page = slides_html(result.trace, source=result.source, spans=result.spans, lang="zh")
    assert '<html lang="zh-CN">' in page and "<title>Chainrule：一次反向传播</title>" in page
    assert "第一步之前" in page and "第 2 步（共 2 步）：q = x + y" in page
    for term in ("上游梯度", "局部梯度", "下游梯度"):
        assert f">{term}</span>" in page  # the panel's coloured labels
    last = page.split('data-step="2"')[1]
    assert "梯度：&#45;4" in last  # the graph's labels too
    assert '"第 {k} 步，共 {n} 步"' in page  # the counter, filled in by the script
    english = re.compile(r"\b(?:upstream|downstream|Step \d|Before the first|constant:)\b")
    assert not english.search(page)
