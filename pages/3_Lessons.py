"""The lessons page: the Jacobian, the generalized Jacobian, the chain rule, backpropagation.

Four lessons in the notes' order, each a short sequence of live, editable
examples with one or two sentences per step; the last step hands over to the
main page's stepper. Widgets and layout only: what a step shows is computed
by ``engine.views.lessons.lesson_view`` (tested in tests/test_lessons.py) and every
word comes from ``engine.i18n``.

Page parameters beyond ``lang``: ``lesson`` (1-4, or a lesson's key such as
``chain``) and ``lstep`` (the step within the lesson, from 1). A bad value
falls back to the first lesson or step, with a note.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import numpy as np
import streamlit as st

import ui
import ui_maths
from engine.views import chain, jacobians, linearise, numbers, paths, render, steps, urls
from engine.views.cache import cached
from engine.views.lessons import LESSONS, STEPPER_PROGRAM, LessonView, lesson_view
from ui import current_language, t

PREFIX = "lesson_"
LESSON, LSTEP = "lesson", "lstep"  # this page's own query parameters

#: Every step of every lesson, in reading order: (lesson index, step index).
POSITIONS = [(li, si) for li, lesson in enumerate(LESSONS) for si in range(len(lesson.steps))]

# Readable from the back of a room: the step's sentences large, the editor monospace.
CSS = """
<style>
.st-key-lesson_sentence p { font-size: 1.6rem; line-height: 1.55; }
.st-key-lesson_position p { font-size: 1.15rem; font-weight: 600; }
.st-key-lesson_editor textarea {
  font-family: "Source Code Pro", ui-monospace, "DejaVu Sans Mono", monospace;
  font-size: 1.1rem; line-height: 1.45;
}
.st-key-lesson_view p { font-size: 1.15rem; }
[data-testid="stMarkdownContainer"] .katex { font-size: 1.25em; }
.st-key-lesson_end p { font-size: 1.3rem; }
.st-key-lesson_stepper a { padding: 0.8rem 1.6rem; }
.st-key-lesson_stepper a p { font-size: 1.4rem; font-weight: 600; }
</style>
"""


def key(name: str) -> str:
    return PREFIX + name


# -- cached computations (plain values in, engine results out) ---------------------------------


@cached
def cached_view(li: int, si: int, source: str) -> LessonView:
    """What step ``si`` of lesson ``li`` shows for this program text (shared by all sessions)."""
    return lesson_view(LESSONS[li].steps[si], source)


@cached
def cached_linearisation(li: int, si: int, source: str, scale: float):
    view = cached_view(li, si, source)
    out, wrt = view.program.variables[view.output], view.program.variables[view.wrt]
    jac = view.jacobian.reverse if view.jacobian is not None else None
    return linearise.linearisation(out, wrt, scale, jac=jac), linearise.error_sweep(out, wrt)


# -- where we are: session state, the address, navigation ------------------------------------


def read_address() -> None:
    """Once per session: lesson and step from the address (bad ones, and a bad language,
    noted; ``ui.open_page`` reads the language itself)."""
    if st.session_state.get(key("ready")):
        return
    params = st.query_params.to_dict()
    notes: list[tuple[str, dict[str, Any]]] = []
    lang_note = urls.read_lang(urls.param(params, urls.LANG))[1]
    if lang_note is not None:
        notes.append((lang_note.reason, {"value": urls.literal(lang_note.value)}))

    keys = [lesson.key for lesson in LESSONS]
    numbers = [str(n) for n in range(1, len(LESSONS) + 1)]
    raw = urls.param(params, LESSON)
    choice = jacobians.choose(raw, numbers + keys, "1", "unknown-lesson")
    if choice.note is not None:
        notes.append((choice.note, {"value": urls.literal(raw), "total": len(LESSONS)}))
    li = keys.index(choice.value) if choice.value in keys else int(choice.value) - 1

    total = len(LESSONS[li].steps)
    raw = urls.param(params, LSTEP)
    choice = jacobians.choose(raw, [str(n) for n in range(1, total + 1)], "1", "unknown-lstep")
    if choice.note is not None:
        notes.append((choice.note, {"value": urls.literal(raw), "total": total}))

    st.session_state[key("sources")] = {}  # (lesson, step) -> the program the learner ran
    si = int(choice.value) - 1
    shared, shared_note = urls.read_shared_program(params)  # a link to an edited example
    if shared_note is not None:
        notes.append((shared_note.reason, {"value": urls.literal(shared_note.value)}))
    if shared and shared.strip() and shared != LESSONS[li].steps[si].program:
        st.session_state[key("sources")][(li, si)] = shared
    go_to(li, si)
    st.session_state[key("notes")] = tuple(notes)
    st.session_state[key("ready")] = True


def source_of(li: int, si: int) -> str:
    return st.session_state[key("sources")].get((li, si), LESSONS[li].steps[si].program)


def go_to(li: int, si: int) -> None:
    """Show step ``si`` of lesson ``li``: its program (as last run) in the editor."""
    st.session_state[key("index")] = li
    st.session_state[key("step")] = si
    st.session_state[key("pick")] = li
    st.session_state[key("editor")] = source_of(li, si)
    st.session_state[key("scale")] = LESSONS[li].steps[si].scale
    st.session_state[key("notes")] = ()


def on_pick() -> None:
    go_to(st.session_state[key("pick")], 0)


def on_run(li: int, si: int) -> None:
    source = st.session_state.get(key("editor"), "")
    sources = st.session_state[key("sources")]
    if source == LESSONS[li].steps[si].program:
        sources.pop((li, si), None)
    else:
        sources[(li, si)] = source
    st.session_state[key("notes")] = ()


def on_reset(li: int, si: int) -> None:
    st.session_state[key("sources")].pop((li, si), None)
    st.session_state[key("editor")] = LESSONS[li].steps[si].program


def restore_widgets(li: int, si: int) -> None:
    """Widget state is dropped when the page is left: put it back from the page's own state."""
    defaults = {
        key("pick"): li,
        key("editor"): source_of(li, si),
        key("scale"): LESSONS[li].steps[si].scale,
    }
    for name, value in defaults.items():
        if name not in st.session_state:
            st.session_state[name] = value


def sync_url(li: int, si: int) -> None:
    """The address names this view: language, lesson and step (both from 1).

    ``program`` is there only while the learner's program differs from the
    step's own, so a link to an edited example reopens it edited.
    """
    wanted = {urls.LANG: current_language(), LESSON: str(li + 1), LSTEP: str(si + 1)}
    source = source_of(li, si)
    if source != LESSONS[li].steps[si].program:
        wanted.update(urls.program_params(source))
    for name in urls.PROGRAM_PARAMS:
        if name not in wanted and name in st.query_params:
            del st.query_params[name]
    for name, value in wanted.items():
        if st.query_params.get(name) != value:
            st.query_params[name] = value


# -- small pieces of display ---------------------------------------------------------------------


def derivative(y: str, x: str) -> str:
    return rf"\frac{{\partial {chain.tex_name(y)}}}{{\partial {chain.tex_name(x)}}}"


def small(array: Any) -> bool:
    a = np.asarray(array)
    return a.ndim <= 2 and 0 < a.size <= steps.MATRIX_MAX_ENTRIES


def show_value(array: Any, lhs: str | None = None) -> None:
    """A value or gradient: exact LaTeX when small, else a table of its numbers."""
    a = np.asarray(array, dtype=np.float64)
    if small(a):
        st.latex((f"{lhs} = " if lhs else "") + numbers.latex_matrix(a))
    elif a.size == 0:
        st.markdown(paths.format_shape(a.shape))
    else:
        st.dataframe(a.reshape(a.shape[0], -1) if a.ndim else a.reshape(1, 1))


def heatmap(matrix: np.ndarray, rows: list[str], cols: list[str], title: str, name: str) -> None:
    """The engine's heatmap of a flattened Jacobian, with its axes in the page's language."""
    figure = render.heatmap_figure(matrix, rows, cols, title)
    out_word, in_word = t("lessons.heatmap.output"), t("lessons.heatmap.input")
    figure.update_layout(xaxis_title_text=in_word, yaxis_title_text=out_word)
    figure.update_traces(
        hovertemplate=f"{out_word} %{{y}}<br>{in_word} %{{x}}<br>%{{z}}<extra></extra>",
        colorbar_title_text="∂ / ∂",
    )
    st.plotly_chart(figure, key=key(name), config={"displaylogo": False})
    st.caption(t("lessons.heatmap.caption"))


def show_matrix(matrix: np.ndarray, out_shape, in_shape, lhs: str, title: str, name: str) -> None:
    """A flattened Jacobian: exact LaTeX when small, else a heatmap labelled by index vectors."""
    if small(matrix):
        st.latex(f"{lhs} = {numbers.latex_matrix(matrix)}")
    else:
        rows, cols = numbers.multi_index_labels(out_shape), numbers.multi_index_labels(in_shape)
        heatmap(matrix, rows, cols, title, name)


def can_show(view: LessonView) -> bool:
    """Say when the view follows other names than the lesson's, or has nothing to show."""
    if view.output is None or view.wrt is None:
        st.info(t("lessons.nothing"))
        return False
    if view.fallback:
        names = ", ".join(f"`{name}`" for name in view.fallback if name)
        st.info(t("lessons.fallback", names=names, output=view.output, wrt=view.wrt))
    return True


# -- the five kinds of view ---------------------------------------------------------------------


def show_jacobian(view: LessonView, generalized: bool) -> bool:
    """The Jacobian (or generalized Jacobian) of the view; False when it could not be built."""
    report, y, x = view.jacobian, view.output, view.wrt
    heading = "lessons.gen.heading" if generalized else "lessons.jac.heading"
    st.subheader(t(heading, y=y, x=x))
    if report.too_large or report.matrix is None:
        st.warning(t("lessons.too_large", rows=report.rows, cols=report.cols))
        return False
    if not report.connected:
        st.warning(t("lessons.unconnected", y=y, x=x))
    title = f"∂{y}/∂{x}: {report.rows} × {report.cols}"
    if generalized:
        st.markdown(
            t(
                "lessons.gen.shape",
                out_shape=paths.format_shape(report.out_shape),
                in_shape=paths.format_shape(report.in_shape),
                ndim=len(report.shape),
                rows=report.rows,
                cols=report.cols,
            )
        )
        rows = numbers.multi_index_labels(report.out_shape)
        cols = numbers.multi_index_labels(report.in_shape)
        heatmap(report.matrix, rows, cols, title, "heatmap")
    else:
        st.markdown(t("lessons.jac.shape", y=y, x=x, rows=report.rows, cols=report.cols))
        lhs = derivative(y, x)
        show_matrix(report.matrix, report.out_shape, report.in_shape, lhs, title, "heatmap")
    st.caption(
        t(
            "lessons.jac.three_ways",
            reverse=report.passes_reverse,
            forward=report.passes_forward,
            numerical=report.passes_numerical,
            difference=f"{report.max_difference:.1e}",
        )
    )
    return True


def show_entry(view: LessonView) -> None:
    """The engine's picked entry ∂Y_i/∂X_j with its two index vectors (and ∂L/∂X in X's shape)."""
    report, y, x = view.jacobian, view.output, view.wrt
    if view.entry is not None:
        i, j, value = view.entry
        st.markdown(t("lessons.gen.entry", i=str(i), j=str(j), y=y, x=x))
        yi = chain.tex_name(y) + (f"_{{{chain.tex_index(i)}}}" if i else "")
        xj = chain.tex_name(x) + (f"_{{{chain.tex_index(j)}}}" if j else "")
        st.latex(rf"\frac{{\partial {yi}}}{{\partial {xj}}} = {chain.tex_number(value, False)}")
    if report.out_shape == () and report.reverse is not None:
        shape = paths.format_shape(report.in_shape)
        st.markdown(t("lessons.gen.gradient", y=y, x=x, shape=shape))
        show_value(report.reverse, derivative(y, x))


def show_chain(view: LessonView, wide: Any) -> None:
    """∂z/∂y (K×M), ∂y/∂x (M×N), their product (K×N) = ∂z/∂x, and the sum behind one entry.

    The matrices go full width below the editor: side by side they would not fit.
    """
    z, y, x, report = view.output, view.middle, view.wrt, view.chain
    if y is None or report is None:
        st.info(t("lessons.no_middle", output=z, wrt=x))
        return
    st.subheader(t("lessons.chain.heading", z=z, y=y, x=x))
    if report.too_large:
        st.warning(t("lessons.chain.too_large"))
        return
    k, m, n = report.sizes
    st.markdown(t("lessons.chain.sizes", z=z, y=y, x=x, k=k, m=m, n=n))
    difference = f"{report.max_difference:.1e}"
    if report.bypass:
        st.warning(t("lessons.chain.bypass", z=z, y=y, x=x, difference=difference))
    else:
        st.success(t("lessons.chain.equal", z=z, x=x, difference=difference))
    st.markdown(t("lessons.chain.index", y=y))
    st.latex(chain.index_formula(z, y, x))
    mats = report.matrices()
    parts = (
        ("dz_dy", t("lessons.chain.dz_dy", z=z, y=y, k=k, m=m), derivative(z, y),
         report.z_shape, report.y_shape),
        ("dy_dx", t("lessons.chain.dy_dx", y=y, x=x, m=m, n=n), derivative(y, x),
         report.y_shape, report.x_shape),
        ("product", t("lessons.chain.product", k=k, n=n),
         rf"{derivative(z, y)} \cdot {derivative(y, x)}", report.z_shape, report.x_shape),
    )  # fmt: skip
    with wide:
        for name, title, lhs, out_shape, in_shape in parts:
            st.markdown(f"**{title}**")
            show_matrix(mats[name], out_shape, in_shape, lhs, title, f"chain_{name}")
        i, j = chain.default_entry(report)
        entry = chain.worked_entry(report, i, j)
        st.markdown(t("lessons.chain.worked", i=str(entry.i), j=str(entry.j)))
        st.latex(chain.worked_entry_latex(entry, z, y, x, lang=current_language()))


def show_step(view: LessonView, wide: Any) -> None:
    """One step of the backward pass: the node and its upstream gradient, then for each input
    (full width, side by side) the local gradient and the downstream gradient."""
    panel, trace = view.panel, view.trace
    if panel is None:
        st.info(t("lessons.no_steps"))
        return
    output = trace.node(trace.output).name
    shape = paths.format_shape(panel.shape)
    st.subheader(t("lessons.step.heading", k=panel.number, n=panel.total))
    node = t("lessons.step.node", name=panel.name, expression=panel.expression, shape=shape)
    st.markdown(f"### {node}")
    upstream = t("lessons.step.upstream", output=output, name=panel.name, shape=shape)
    st.markdown(f"**{upstream}**")
    show_value(panel.upstream)
    if panel.is_seed:
        st.caption(t("lessons.step.seed", name=panel.name))
    elif panel.n_contributions > 1:
        count = f"{panel.n_contributions:,}"
        st.caption(t("lessons.step.fanin", name=panel.name, count=count))
    with wide:
        columns = st.columns(max(2, len(panel.edges)), gap="large")
        for column, edge in zip(columns, panel.edges, strict=False):
            with column, st.container(border=True):
                show_edge(edge, panel.name, output)
    if panel.inputs_after:  # an edited example with many inputs: the first ones (issue 15)
        st.caption(t("render.more_inputs", n=f"{panel.inputs_after:,}"))


def show_edge(edge: steps.EdgePanel, node: str, output: str) -> None:
    if edge.downstream is None:
        st.markdown(t("lessons.step.constant", name=edge.input_name))
        return
    st.markdown("#### " + t("lessons.step.input", name=edge.input_name))
    local_shape = paths.format_shape(edge.local_shape)
    local = t("lessons.step.local", node=node, name=edge.input_name, shape=local_shape)
    st.markdown(f"**{local}**")
    st.latex(edge.formula)
    show_local(edge, node)
    in_shape = paths.format_shape(edge.in_shape)
    downstream = t("lessons.step.downstream", output=output, name=edge.input_name, shape=in_shape)
    st.markdown(f"**{downstream}**")
    show_value(edge.downstream)
    st.caption(t("lessons.step.shapes", text=edge.shape_equation))
    if edge.broadcast:
        before = paths.format_shape(edge.raw_shape)
        st.caption(t("lessons.step.broadcast", name=edge.input_name, before=before, after=in_shape))


def show_local(edge: steps.EdgePanel, node: str) -> None:
    """One input's local gradient, as the engine says to show it (matrix, heatmap or words)."""
    rows, cols = edge.matrix_shape
    if edge.display == "matrix":
        shown = edge.local if edge.local_size == 1 else edge.matrix
        st.latex(f"{derivative(node, edge.input_name)} = {numbers.latex_matrix(shown)}")
        if edge.local_size > 1:
            st.caption(t("lessons.step.local_matrix", rows=rows, cols=cols))
    elif edge.display == "heatmap":
        title = f"∂{node}/∂{edge.input_name}: {rows} × {cols}"
        row_labels, col_labels = list(edge.row_labels), list(edge.col_labels)
        heatmap(edge.matrix, row_labels, col_labels, title, f"local_{edge.index}")
    else:
        st.info(t("lessons.step.local_description", size=edge.local_size))


def show_end() -> None:
    """The last step: a prominent link to the main page's stepper on the two-layer network."""
    url = urls.share_url("/", STEPPER_PROGRAM, 0, current_language())
    with st.container(border=True, key=key("end")):
        st.subheader(t("lessons.end.heading"))
        st.markdown(t("lessons.end.text"))
        st.link_button(
            t("lessons.end.link"),
            url,
            type="primary",
            icon=":material/play_circle:",
            key=key("stepper"),
        )


# -- the page -------------------------------------------------------------------------------


ui.open_page(PREFIX, "lessons.page_title", "🎓", css=CSS, program=False)
read_address()
li, si = st.session_state[key("index")], st.session_state[key("step")]
restore_widgets(li, si)
lesson, step = LESSONS[li], LESSONS[li].steps[si]

st.title(t("lessons.title"))
st.caption(t("lessons.intro"))
for reason, values in st.session_state[key("notes")]:
    st.info(t(f"lessons.note.{reason}", **values), icon="🔗")

st.radio(
    t("lessons.pick"),
    range(len(LESSONS)),
    key=key("pick"),
    format_func=[t(f"lesson.{item.key}.title") for item in LESSONS].__getitem__,
    on_change=on_pick,
    horizontal=True,
)

position = POSITIONS.index((li, si))
with st.container(horizontal=True, vertical_alignment="center", gap="medium"):
    st.button(
        t("lessons.previous"),
        key=key("previous"),
        icon=":material/chevron_left:",
        on_click=go_to,
        args=POSITIONS[max(0, position - 1)],
        disabled=position == 0,
        shortcut="PageUp",
        help=t("lessons.nav_help"),
    )
    st.button(
        t("lessons.next"),
        key=key("next"),
        icon=":material/chevron_right:",
        on_click=go_to,
        args=POSITIONS[min(len(POSITIONS) - 1, position + 1)],
        disabled=position == len(POSITIONS) - 1,
        shortcut="PageDown",
        type="primary",
        help=t("lessons.nav_help"),
    )
    with st.container(key=key("position"), width="content"):
        st.markdown(
            t("lessons.position", n=li + 1, total=len(LESSONS), k=si + 1, steps=len(lesson.steps))
        )

st.header(t(f"lesson.{lesson.key}.title"))
with st.container(key=key("sentence")):
    st.markdown(t(f"lesson.{lesson.key}.{si + 1}"))

source = source_of(li, si)
editor_column, view_column = st.columns([5, 6], gap="large")
wide = st.container()  # below both columns, full width

with editor_column:
    with st.form(key("editor_form"), border=False):
        st.text_area(
            t("lessons.editor"),
            key=key("editor"),
            height="content",
            help=t("lessons.editor_help"),
        )
        st.form_submit_button(
            t("lessons.run"),
            type="primary",
            icon=":material/play_arrow:",
            on_click=on_run,
            args=(li, si),
            key=key("run"),
        )
    st.button(
        t("lessons.reset"),
        key=key("reset"),
        icon=":material/restart_alt:",
        on_click=on_reset,
        args=(li, si),
        disabled=source == step.program and st.session_state[key("editor")] == step.program,
    )
    if source != step.program:
        st.caption(t("lessons.edited"))

view = cached_view(li, si, source)
shows_linearisation = False
with view_column, st.container(key=key("view")):
    if view.error is not None:
        st.error(t("lessons.error"), icon="⚠️")
        st.code(view.error.render(source, lang=current_language()), language=None)
    elif view.show == "step":
        show_step(view, wide)
    elif not can_show(view):
        pass
    elif view.show == "chain":
        show_chain(view, wide)
    else:
        built = show_jacobian(view, view.show == "generalized" or lesson.key == "generalized")
        if built and view.show == "generalized":
            show_entry(view)
        shows_linearisation = view.show == "linearisation"

if shows_linearisation:
    with wide:
        ui_maths.linearisation_panel(
            PREFIX, view.wrt, partial(cached_linearisation, li, si, source)
        )

if position == len(POSITIONS) - 1:
    with wide:
        show_end()

sync_url(li, si)
