"""The lessons page (pages/3_Lessons.py) in Streamlit's AppTest: what it shows is the engine's.

Every lesson step renders in both languages; the Jacobian, the linearisation, the
chain-rule matrices and the backward step shown are compared with the engine's
own numbers; the address (lang, lesson, lstep) is read, corrected and written back.
"""

from __future__ import annotations

import json
import re
import string
import sys
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from engine import jacobian
from engine.i18n import TEXT, t
from engine.language import ProgramError, parse_program
from engine.views import chain, linearise, numbers, urls
from engine.views.lessons import LESSONS, STEPPER_PROGRAM

# AppTest runs a page as its own main script; keep the repository importable for it.
REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

PAGE = "../pages/3_Lessons.py"
STEPS = [(li, si) for li, lesson in enumerate(LESSONS) for si in range(len(lesson.steps))]
STEP_IDS = [f"{LESSONS[li].key}-{si + 1}" for li, si in STEPS]

EDITED = "a = [0.5, -1.0]\nB = [[2.0, 1.0], [0.0, 3.0], [1.0, -1.0]]\nb = tanh(B @ a)\n"
BROKEN = "x = [1.0, 2.0]\ny = tanh(x\n"


# -- helpers ----------------------------------------------------------------------------------


def open_page(**params: str) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    for name, value in params.items():
        at.query_params[name] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def rerun(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def run_program(at: AppTest, source: str) -> AppTest:
    at.text_area(key="lesson_editor").input(source)
    at.button(key="lesson_run").click()
    return rerun(at)


def page_text(at: AppTest) -> str:
    """Every text the page shows: elements, widget labels and options, link labels."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "warning",
        "error",
        "success",
        "latex",
        "code",
    ):
        parts += [str(element.value) for element in getattr(at, kind)]
    for widget in (*at.button, *at.radio, *at.text_area, *at.select_slider, *at.metric):
        parts.append(widget.label)
    parts += [str(option) for radio in at.radio for option in radio.options]
    parts += [button.proto.label for button in at.get("link_button")]
    return "\n".join(parts)


def position(at: AppTest) -> tuple[str, str]:
    return at.query_params["lesson"], at.query_params["lstep"]


def latex_numbers(tex: str) -> np.ndarray:
    """The entries of the (first) bmatrix in a LaTeX string, as a 2-D array."""
    body = re.search(r"\\begin\{bmatrix\}(.*?)\\end\{bmatrix\}", tex).group(1)

    def number(cell: str) -> float:
        cell = cell.strip()
        match = re.fullmatch(r"(-?[\d.]+) \\times 10\^\{(-?\d+)\}", cell)
        return float(match.group(1)) * 10.0 ** int(match.group(2)) if match else float(cell)

    return np.array([[number(c) for c in row.split("&")] for row in body.split(r"\\")])


def latex(at: AppTest) -> list[str]:
    """The page's LaTeX blocks (AppTest wraps each in $$ lines)."""
    return [
        element.value.strip().removeprefix("$$").removesuffix("$$").strip() for element in at.latex
    ]


def jacobian_latex(at: AppTest, y: str, x: str) -> str:
    lhs = rf"\frac{{\partial {chain.tex_name(y)}}}{{\partial {chain.tex_name(x)}}} = "
    shown = [tex for tex in latex(at) if tex.startswith(lhs)]
    assert len(shown) == 1, latex(at)
    return shown[0]


def engine_matrix(source: str, y: str, x: str) -> np.ndarray:
    program = parse_program(source)
    out, wrt = program.variables[y], program.variables[x]
    return jacobian(out, wrt).reshape(out.size, wrt.size)


def parse_error(source: str) -> str:
    """The engine's own rendering of a program's error (message, line, caret)."""
    with pytest.raises(ProgramError) as caught:
        parse_program(source)
    return caught.value.render(source)


def heatmap_z(at: AppTest, index: int = 0) -> np.ndarray:
    spec = json.loads(at.get("plotly_chart")[index].proto.spec)
    z = spec["data"][0]["z"]
    return np.array([[np.nan if v is None else v for v in row] for row in z], dtype=float)


def english_fragments() -> list[str]:
    """A recognisable piece of every English text this page may show (not shared with zh)."""
    fragments = []
    for key, entry in TEXT.items():
        if not key.startswith(("lessons.", "lesson.")) or entry["en"] == entry["zh"]:
            continue
        pieces = [literal for literal, *_ in string.Formatter().parse(entry["en"])]
        longest = max(pieces, key=len).strip()
        if len(longest) >= 12:
            fragments.append(longest)
    return fragments


# -- opening the page -----------------------------------------------------------------------


def test_opens_at_the_first_step_in_english_and_writes_the_address():
    at = open_page()

    assert at.title[0].value == t("lessons.title", "en")
    text = page_text(at)
    assert t("lessons.position", "en", n=1, total=4, k=1, steps=3) in text
    assert t("lesson.jacobian.1", "en") in text
    assert at.text_area(key="lesson_editor").value == LESSONS[0].steps[0].program
    assert dict(at.query_params) == {"lang": "en", "lesson": "1", "lstep": "1"}
    assert not at.info  # no note without a bad parameter


def test_chinese_page_has_the_chinese_terms_and_no_english_sentence():
    at = open_page(lang="zh")

    text = page_text(at)
    assert at.title[0].value == "从雅可比矩阵到反向传播"
    for term in ("雅可比矩阵", "广义雅可比矩阵", "链式法则", "反向传播"):
        assert term in text
    assert t("lesson.jacobian.1", "zh") in text
    for lesson in LESSONS:
        for n in range(1, len(lesson.steps) + 1):
            assert t(f"lesson.{lesson.key}.{n}", "en") not in text
    assert at.radio(key="lesson_lang").value == "zh"
    assert at.query_params["lang"] == "zh"


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("li, si", STEPS, ids=STEP_IDS)
def test_every_step_renders_in_both_languages(lang, li, si):
    at = open_page(lang=lang, lesson=str(li + 1), lstep=str(si + 1))

    lesson = LESSONS[li]
    text = page_text(at)
    assert t(f"lesson.{lesson.key}.{si + 1}", lang) in text
    assert t(f"lesson.{lesson.key}.title", lang) in text
    steps = len(lesson.steps)
    assert t("lessons.position", lang, n=li + 1, total=4, k=si + 1, steps=steps) in text
    assert position(at) == (str(li + 1), str(si + 1))
    assert not at.error and not at.warning
    if lang == "zh":
        leaked = [fragment for fragment in english_fragments() if fragment in text]
        assert not leaked, leaked


# -- navigation -----------------------------------------------------------------------------------


def test_next_walks_through_every_step_in_order_and_previous_walks_back():
    at = open_page()
    assert at.button(key="lesson_previous").disabled

    for li, si in STEPS[1:]:
        at.button(key="lesson_next").click()
        rerun(at)
        assert position(at) == (str(li + 1), str(si + 1))
        assert at.text_area(key="lesson_editor").value == LESSONS[li].steps[si].program
        assert at.radio(key="lesson_pick").value == li

    assert at.button(key="lesson_next").disabled
    at.button(key="lesson_previous").click()
    rerun(at)
    assert position(at) == ("4", "2")


def test_the_lesson_picker_opens_a_lesson_at_its_first_step():
    at = open_page(lesson="2", lstep="3")

    at.radio(key="lesson_pick").set_value(2)
    rerun(at)

    assert position(at) == ("3", "1")
    assert t("lesson.chain.1", "en") in page_text(at)
    assert at.text_area(key="lesson_editor").value == LESSONS[2].steps[0].program


def test_the_language_control_switches_the_page_and_the_address():
    at = open_page(lesson="3", lstep="2")

    at.radio(key="lesson_lang").set_value("zh")
    rerun(at)

    text = page_text(at)
    assert t("lesson.chain.2", "zh") in text and t("lesson.chain.2", "en") not in text
    assert dict(at.query_params) == {"lang": "zh", "lesson": "3", "lstep": "2"}


# -- bad addresses ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, reason, values, shown",
    [
        ({"lang": "fr"}, "unknown-lang", {"value": "fr"}, ("1", "1")),
        ({"lesson": "9"}, "unknown-lesson", {"value": "9", "total": 4}, ("1", "1")),
        ({"lesson": "two"}, "unknown-lesson", {"value": "two", "total": 4}, ("1", "1")),
        ({"lesson": "2", "lstep": "7"}, "unknown-lstep", {"value": "7", "total": 3}, ("2", "1")),
        ({"lesson": "3", "lstep": "0"}, "unknown-lstep", {"value": "0", "total": 2}, ("3", "1")),
        ({"lesson": "4", "lstep": "-1"}, "unknown-lstep", {"value": "-1", "total": 3}, ("4", "1")),
    ],
    ids=["lang", "lesson-number", "lesson-word", "lstep-past-end", "lstep-zero", "lstep-negative"],
)
def test_a_bad_parameter_falls_back_with_a_note(params, reason, values, shown):
    at = open_page(**params)

    notes = [info.value for info in at.info]
    values = {**values, "value": urls.literal(values["value"])}
    assert t(f"lessons.note.{reason}", "en", **values) in notes
    assert position(at) == shown
    assert at.query_params["lang"] == "en"


def test_a_lesson_can_be_named_by_its_key():
    at = open_page(lesson="chain", lstep="2")

    assert position(at) == ("3", "2")
    assert not at.info


def test_a_note_goes_away_once_the_learner_moves_on():
    at = open_page(lesson="9")
    assert at.info

    at.button(key="lesson_next").click()
    rerun(at)
    assert not at.info


# -- the numbers are the engine's ------------------------------------------------------------------


def test_the_first_jacobian_shown_is_the_engines():
    at = open_page()

    step = LESSONS[0].steps[0]
    expected = engine_matrix(step.program, "y", "x")
    shown = jacobian_latex(at, "y", "x")
    assert shown.endswith(numbers.latex_matrix(expected))
    np.testing.assert_allclose(latex_numbers(shown), expected, rtol=2e-3, atol=1e-12)
    assert t("lessons.jac.shape", "en", y="y", x="x", rows=2, cols=3) in page_text(at)


def test_the_elementwise_jacobian_is_shown_diagonal():
    at = open_page(lesson="1", lstep="3")

    shown = latex_numbers(jacobian_latex(at, "y", "x"))
    np.testing.assert_allclose(shown, np.diag(np.cos([0.0, 0.5, 1.0, 1.5])), rtol=2e-3)
    assert np.count_nonzero(shown - np.diag(np.diag(shown))) == 0


def test_an_edited_program_updates_the_numbers_and_reset_brings_the_lesson_back():
    at = open_page()

    run_program(at, EDITED)

    # the lesson's y and x are gone: the page says so and shows ∂b/∂a instead
    assert t("lessons.fallback", "en", names="`y`, `x`", output="b", wrt="a") in page_text(at)
    expected = engine_matrix(EDITED, "b", "a")
    shown = jacobian_latex(at, "b", "a")
    assert shown.endswith(numbers.latex_matrix(expected))
    np.testing.assert_allclose(latex_numbers(shown), expected, rtol=2e-3)
    assert t("lessons.edited", "en") in page_text(at)
    assert not at.button(key="lesson_reset").disabled

    at.button(key="lesson_reset").click()
    rerun(at)
    original = LESSONS[0].steps[0].program
    assert at.text_area(key="lesson_editor").value == original
    assert jacobian_latex(at, "y", "x").endswith(
        numbers.latex_matrix(engine_matrix(original, "y", "x"))
    )


def test_an_edited_program_keeping_the_names_is_used_as_is():
    source = "x = [2.0, -1.0]\ny = sin(x) * x\n"
    at = run_program(open_page(), source)

    assert not at.info
    expected = engine_matrix(source, "y", "x")
    assert jacobian_latex(at, "y", "x").endswith(numbers.latex_matrix(expected))


def test_a_broken_program_shows_its_error_with_the_line_and_keeps_the_text():
    at = run_program(open_page(), BROKEN)

    assert at.error[0].value == t("lessons.error", "en")
    rendered = parse_error(BROKEN)
    assert rendered.startswith("line 2")
    assert [code.value for code in at.code] == [rendered]
    assert at.text_area(key="lesson_editor").value == BROKEN
    assert not at.latex  # no stale numbers from the program before

    # the learner's text is still there after a detour to the next step and back
    at.button(key="lesson_next").click()
    rerun(at)
    at.button(key="lesson_previous").click()
    rerun(at)
    assert at.text_area(key="lesson_editor").value == BROKEN


def test_a_program_with_nothing_to_differentiate_says_so():
    at = run_program(open_page(), "x = 1.0\ny = 2.0 * 3.0\n")

    assert t("lessons.nothing", "en") in [info.value for info in at.info]
    assert not at.latex


def test_the_linearisation_table_and_its_scale_are_the_engines():
    at = open_page(lesson="1", lstep="2")

    step = LESSONS[0].steps[1]
    program = parse_program(step.program)
    y, x = program.variables["y"], program.variables["x"]
    assert at.select_slider(key="lesson_scale").value == step.scale

    for scale in (step.scale, 0.001):
        if scale != step.scale:
            at.select_slider(key="lesson_scale").set_value(scale)
            rerun(at)
        lin = linearise.linearisation(y, x, scale)
        table = at.dataframe[0].value
        np.testing.assert_allclose(table["f(x)"], lin.value, rtol=1e-12)
        np.testing.assert_allclose(table["f(x + Δx)"], lin.perturbed, rtol=1e-12)
        np.testing.assert_allclose(table["f(x) + J·Δx"], lin.predicted, rtol=1e-12)
        np.testing.assert_allclose(table["error"], lin.error, rtol=1e-6, atol=1e-15)
        metrics = {m.label: m.value for m in at.metric}
        assert metrics[t("lin.max_error", "en")] == f"{lin.max_error:.2e}"


def test_a_linear_map_is_said_to_be_predicted_exactly():
    at = open_page(lesson="1", lstep="2")
    run_program(at, "x = [1.0, 2.0]\nW = [[1.0, 2.0], [3.0, 4.0]]\ny = W @ x\n")

    assert t("lin.exact", "en", x="x") in page_text(at)


def test_the_generalized_jacobian_heatmap_shape_and_entry_are_the_engines():
    at = open_page(lesson="2", lstep="1")

    step = LESSONS[1].steps[0]
    expected = engine_matrix(step.program, "Y", "X")
    np.testing.assert_allclose(heatmap_z(at), expected, rtol=1e-12)
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)["data"][0]
    assert spec["y"] == numbers.multi_index_labels((2, 2))
    assert spec["x"] == numbers.multi_index_labels((2, 3))
    text = page_text(at)
    assert "(2, 2) × (2, 3)" in text
    # the picked entry: its index vectors and its value, read off the full Jacobian
    variables = parse_program(step.program).variables
    full = jacobian(variables["Y"], variables["X"])
    i, j = (0, 1), (0, 2)
    assert t("lessons.gen.entry", "en", i=str(i), j=str(j), y="Y", x="X") in text
    assert any(tex.endswith(f"= {chain.tex_number(full[i + j], False)}") for tex in latex(at))


def test_a_scalar_loss_has_a_gradient_of_the_inputs_shape():
    at = open_page(lesson="2", lstep="3")

    program = parse_program(LESSONS[1].steps[2].program)
    gradient = jacobian(program.variables["L"], program.variables["X"])
    assert gradient.shape == (2, 3)
    assert any(tex.endswith(numbers.latex_matrix(gradient)) for tex in latex(at))


@pytest.mark.parametrize("si", [0, 1], ids=["vectors", "tensors"])
def test_the_chain_rule_matrices_multiply_to_the_direct_jacobian(si):
    at = open_page(lesson="3", lstep=str(si + 1))

    step = LESSONS[2].steps[si]
    z, y, x = step.output, step.middle, step.wrt
    dz_dy = engine_matrix(step.program, z, y)
    dy_dx = engine_matrix(step.program, y, x)
    direct = engine_matrix(step.program, z, x)
    np.testing.assert_allclose(dz_dy @ dy_dx, direct, atol=1e-12)
    shown = latex(at)
    for matrix in (dz_dy, dy_dx, direct):
        assert any(tex.endswith(numbers.latex_matrix(matrix)) for tex in shown), matrix
    assert chain.index_formula(z, y, x) in shown
    assert any(tex.startswith(r"\begin{aligned}") for tex in shown)  # the worked entry
    k, m, n = dz_dy.shape[0], dz_dy.shape[1], dy_dx.shape[1]
    text = page_text(at)
    assert t("lessons.chain.dz_dy", "en", z=z, y=y, k=k, m=m) in text
    assert t("lessons.chain.dy_dx", "en", y=y, x=x, m=m, n=n) in text
    assert at.success  # the product equals the direct Jacobian


def test_the_first_backward_step_shows_the_published_gradients():
    # CS231n's (x + y) · z: at the multiply node, ∂f/∂q = z = -4 and ∂f/∂z = q = 3.
    at = open_page(lesson="4", lstep="1")

    text = page_text(at)
    for term in ("Upstream gradient", "Local gradient", "Downstream gradient"):
        assert term in text
    assert t("lessons.step.heading", "en", k=1, n=2) in text
    shown = latex(at)
    assert "1" in shown  # the seed
    assert "-4" in shown and "3" in shown  # the downstream gradients


def test_the_backward_step_in_chinese_uses_the_fixed_terms():
    at = open_page(lesson="4", lstep="2", lang="zh")

    text = page_text(at)
    for term in ("上游梯度", "局部梯度", "下游梯度"):
        assert term in text


# -- the end: the main page's stepper ----------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_last_step_links_to_the_stepper_with_the_two_layer_network(lang):
    at = open_page(lesson="4", lstep="3", lang=lang)

    (link,) = at.get("link_button")
    url = link.proto.url
    assert link.proto.label == t("lessons.end.link", lang)
    assert url == urls.share_url("/", STEPPER_PROGRAM, 0, lang)
    assert url.startswith("/?program=" + quote(STEPPER_PROGRAM, safe=""))
    parts = urlsplit(url)
    assert parts.path == "/" and not parts.netloc
    query = parse_qs(parts.query)
    assert query == {"program": [STEPPER_PROGRAM], "step": ["0"], "lang": [lang]}
    assert "W1" in query["program"][0] and "W2" in query["program"][0]  # two layers


def test_only_the_last_step_has_the_link():
    for li, si in STEPS[:-1]:
        at = open_page(lesson=str(li + 1), lstep=str(si + 1))
        assert not at.get("link_button"), (li, si)


def test_an_edited_example_travels_in_the_address():
    at = open_page(lesson="1", lstep="1")
    assert "program" not in at.query_params
    edited = "x = [1.0, 2.0]\ny = exp(x)"
    at = run_program(at, edited)
    assert at.query_params["program"] == edited
    # The link reopens the step with the edited program in the editor.
    again = open_page(lesson="1", lstep="1", program=edited)
    assert again.text_area(key="lesson_editor").value == edited
    # Back to the step's own program: the parameter goes away.
    at.button(key="lesson_reset").click()
    at = rerun(at)
    assert "program" not in at.query_params


def test_a_long_edited_example_travels_compressed():
    at = open_page(lesson="1", lstep="1")
    edited = "x = [1.0, 2.0]  # " + "很长的注释" * 2000 + "\ny = exp(x)"
    at = run_program(at, edited)
    assert "program" not in at.query_params
    packed = at.query_params["programz"]
    again = open_page(lesson="1", lstep="1", programz=packed)
    assert again.text_area(key="lesson_editor").value == edited
    bad = open_page(lesson="1", lstep="1", programz=packed[:-20])
    assert any("`programz`" in info.value for info in bad.info)
