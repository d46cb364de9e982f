"""The Jacobian page: one output against one input, computed three ways, and what it predicts.

Widgets and layout only: every number comes from ``engine.views.chain`` (tested in
tests/test_chain.py); every word comes from ``engine.i18n`` (keys ``jac.…``).
Page parameters beyond ``program``/``step``/``lang``: ``output`` and ``wrt``, the
names of the chosen variables.
"""

from __future__ import annotations

import streamlit as st

import ui
from engine.views import jacobians, linearise, numbers, paths, render, urls
from engine.views.cache import cached
from engine.views.session import RunOk
from ui import t

PREFIX = "jac_"
OUTPUT, WRT = "output", "wrt"  # this page's own query parameters

SCALES = (0.001, 0.01, 0.1, 0.3, 1.0)
HOW = ("reverse", "forward", "numerical")  # the three ways, as the heatmap offers them


def text(key: str, **values: object) -> str:
    """This page's text ``key`` (``jac.<key>`` in ``engine.i18n``) in the run's language."""
    return t(f"jac.{key}", **values)


# -- cached computations (plain values in, engine results out) ----------------------------


@cached
def cached_options(source: str) -> dict[str, tuple[str, ...]]:
    return jacobians.jacobian_options(ui.cached_run(source).program)


@cached
def cached_report(source: str, output: str, wrt: str) -> jacobians.JacobianReport:
    variables = ui.cached_run(source).program.variables
    return jacobians.jacobian_three_ways(variables[output], variables[wrt])


@cached
def cached_linearisation(source: str, output: str, wrt: str, scale: float):
    variables = ui.cached_run(source).program.variables
    report = cached_report(source, output, wrt)
    lin = linearise.linearisation(variables[output], variables[wrt], scale, jac=report.reverse)
    sweep = linearise.error_sweep(variables[output], variables[wrt])
    return lin, sweep


# -- the page's own parameters -----------------------------------------------------------------


def read_page_params() -> None:
    """Once per session: keep the address's output/wrt until a program can resolve them."""
    if st.session_state.get(PREFIX + "params_read"):
        return
    params = st.query_params.to_dict()
    st.session_state[PREFIX + "pending"] = {
        OUTPUT: urls.param(params, OUTPUT),
        WRT: urls.param(params, WRT),
    }
    st.session_state[PREFIX + "params_read"] = True


def pick(key: str, raw: str | None, allowed, default, reason: str, notes: list) -> None:
    """Put a valid value into the widget's state before the widget is drawn."""
    if raw is not None:
        choice = jacobians.choose(raw, allowed, default, reason)
        st.session_state[key] = choice.value
        if choice.note is not None:
            notes.append((choice.note, raw))
    elif st.session_state.get(key) not in allowed:
        st.session_state[key] = default


def choose_output_and_wrt(source: str, program, options) -> tuple[str, str]:
    pending = st.session_state.get(PREFIX + "pending") or {}
    notes: list = []
    outputs = list(options)
    pick(
        PREFIX + "output",
        pending.get(OUTPUT),
        outputs,
        jacobians.default_output(program, options),
        "unknown-output",
        notes,
    )
    output_col, wrt_col = st.columns(2)
    shapes = {name: paths.format_shape(tensor.shape) for name, tensor in program.variables.items()}
    output = output_col.selectbox(
        text("output"),
        outputs,
        key=PREFIX + "output",
        format_func=lambda name: f"{name}  {shapes[name]}",
        help=text("output_help"),
    )
    inputs = list(options[output])
    pick(
        PREFIX + "wrt",
        pending.get(WRT),
        inputs,
        jacobians.default_wrt(program, inputs),
        "unknown-wrt",
        notes,
    )
    wrt = wrt_col.selectbox(
        text("wrt"),
        inputs,
        key=PREFIX + "wrt",
        format_func=lambda name: f"{name}  {shapes[name]}",
        help=text("wrt_help"),
    )
    if pending:
        st.session_state[PREFIX + "pending"] = None  # the address's values are used up
        st.session_state[PREFIX + "page_notes"] = (source, notes)
    return output, wrt


def show_page_notes(source: str, output: str, wrt: str) -> None:
    noted_source, notes = st.session_state.get(PREFIX + "page_notes") or (None, [])
    if noted_source != source:
        return
    for reason, value in notes:
        st.info(
            text(
                f"note.{reason}",
                value=urls.literal(value),
                shown=output if "output" in reason else wrt,
                output=output,
            ),
            icon="🔗",
        )


def sync_page_params(output: str | None, wrt: str | None) -> None:
    for name, value in ((OUTPUT, output), (WRT, wrt)):
        if value is not None and st.query_params.get(name) != value:
            st.query_params[name] = value


# -- sections ------------------------------------------------------------------------------------


def show_three_ways(report: jacobians.JacobianReport) -> None:
    st.subheader(text("three_ways"))
    columns = st.columns(3)
    for column, key, passes in zip(
        columns,
        ("reverse", "forward", "numerical"),
        (report.passes_reverse, report.passes_forward, report.passes_numerical),
        strict=True,
    ):
        value = text("one_pass") if passes == 1 else text("passes", n=passes)
        column.metric(text(key), value, help=text(f"{key}_help"), border=True)
    st.markdown(
        text(
            "agree",
            modes=f"{report.difference_modes:.2g}",
            fd=f"{report.difference_numerical:.2g}",
        )
    )


def show_heatmap(report: jacobians.JacobianReport, y: str, x: str) -> None:
    how = st.segmented_control(
        text("heatmap_of"),
        HOW,
        default="reverse",
        format_func={key: text(f"how_{key}") for key in HOW}.__getitem__,
        key=PREFIX + "heatmap_of",
    )
    how = how or "reverse"
    matrix = getattr(report, how).reshape(report.rows, report.cols)
    figure = render.heatmap_figure(
        matrix,
        numbers.multi_index_labels(report.out_shape),
        numbers.multi_index_labels(report.in_shape),
        text("heatmap_title", y=y, x=x, rows=report.rows, cols=report.cols, how=text(f"how_{how}")),
        ui.current_language(),
    )
    st.plotly_chart(figure, key=PREFIX + "heatmap", config={"displaylogo": False})
    st.caption(text("heatmap_caption"))


def show_linearisation(source: str, output: str, wrt: str) -> None:
    st.subheader(text("linear"))
    st.markdown(text("linear_intro", x=wrt, y=output))
    if PREFIX + "scale" not in st.session_state:
        st.session_state[PREFIX + "scale"] = 0.1
    scale = st.select_slider(
        text("scale"), SCALES, key=PREFIX + "scale", format_func=lambda s: f"{s:g}"
    )
    lin, sweep = cached_linearisation(source, output, wrt, scale)
    if lin.via == "jvp":
        st.caption(text("via_jvp"))
    left, right = st.columns([3, 2])
    with left:
        rows = linearise.linearisation_rows(lin)
        st.dataframe(
            rows,
            hide_index=True,
            column_config={
                name: st.column_config.NumberColumn(format="%.6g")
                for name in ("f(x)", "f(x + Δx)", "f(x) + J·Δx")
            }
            | {
                "entry": st.column_config.TextColumn(text("col.entry")),
                "error": st.column_config.NumberColumn(text("col.error"), format="%.2e"),
            },
        )
        if lin.value.size > len(rows):
            st.caption(text("rows_cut", shown=len(rows), total=lin.value.size))
    with right:
        a, b = st.columns(2)
        a.metric(text("delta_norm"), f"{lin.scale:g}")
        b.metric(text("max_error"), f"{lin.max_error:.2e}")
        st.markdown(text("sweep"))
        st.dataframe(
            [
                {
                    text("sweep_scale"): f"{row.scale:g}",
                    text("sweep_error"): f"{row.max_error:.2e}",
                    text("sweep_ratio"): "" if row.ratio is None else f"{row.ratio:.0f}×",
                }
                for row in sweep
            ],
            hide_index=True,
        )


# -- the page ----------------------------------------------------------------------

ui.setup_page(PREFIX)  # first: this run's language
st.set_page_config(page_title=text("page_title"), page_icon="🧮", layout="wide")
ui.language_control(PREFIX)
read_page_params()
st.title(text("title"))
st.markdown(text("intro"))
ui.show_url_notes(PREFIX)

editor_col, view_col = st.columns(2, gap="large")
with editor_col:
    result = ui.program_editor(PREFIX)

output = wrt = None
report = None
if isinstance(result, RunOk):
    program = result.program
    options = cached_options(result.source)
    with view_col:
        if not options:
            st.info(text("no_options"))
        else:
            output, wrt = choose_output_and_wrt(result.source, program, options)
            show_page_notes(result.source, output, wrt)
            report = cached_report(result.source, output, wrt)
            st.markdown(
                text(
                    "shape",
                    y=output,
                    x=wrt,
                    out_shape=paths.format_shape(report.out_shape),
                    in_shape=paths.format_shape(report.in_shape),
                    shape=paths.format_shape(report.shape),
                    rows=report.rows,
                    cols=report.cols,
                    entries=report.entries,
                )
            )
            if not report.connected:
                st.warning(text("unconnected", y=output, x=wrt))
            if report.too_large:
                key = f"too_large_{report.reason}"
                st.warning(
                    text(
                        key,
                        entries=report.entries,
                        rows=report.rows,
                        cols=report.cols,
                        fd=2 * report.cols,
                        cap=jacobians.JACOBIAN_MAX_ENTRIES,
                    )
                )

if report is not None:
    if not report.too_large:
        show_three_ways(report)
        show_heatmap(report, output, wrt)
    show_linearisation(result.source, output, wrt)

ui.sync_url(PREFIX, result)
if isinstance(result, RunOk):
    sync_page_params(output, wrt)
