"""The Jacobian page: one output against one input, computed three ways, and what it predicts.

Widgets and layout only: every number comes from ``engine.views.chain`` (tested in
tests/test_chain.py); every word comes from ``engine.i18n`` (keys ``jac.…``).
Page parameters beyond ``program``/``step``/``lang``: ``output`` and ``wrt``, the
names of the chosen variables.
"""

from __future__ import annotations

from functools import partial

import streamlit as st

import ui
import ui_maths
from engine.views import jacobians, linearise, numbers, paths, render, urls
from engine.views.cache import cached
from engine.views.session import RunOk
from ui import t

PREFIX = "jac_"
OUTPUT, WRT = "output", "wrt"  # this page's own query parameters

HOW = ("reverse", "forward", "numerical")  # the three ways, as the heatmap offers them


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


# -- the output and the input ---------------------------------------------------------------


def choose_output_and_wrt(source: str, program, options) -> tuple[str, str]:
    """The output y and the input x: the address's, the ones chosen before, or the defaults."""
    picks = ui_maths.Picks(PREFIX, source)
    shapes = {name: paths.format_shape(tensor.shape) for name, tensor in program.variables.items()}
    output_col, wrt_col = st.columns(2)
    with output_col:
        output = picks.select(
            OUTPUT,
            t("jac.output"),
            list(options),
            jacobians.default_output(program, options),
            "unknown-output",
            format_func=lambda name: f"{name}  {shapes[name]}",
            help=t("jac.output_help"),
        )
    inputs = list(options[output])
    with wrt_col:
        wrt = picks.select(
            WRT,
            t("jac.wrt"),
            inputs,
            jacobians.default_wrt(program, inputs),
            "unknown-wrt",
            format_func=lambda name: f"{name}  {shapes[name]}",
            help=t("jac.wrt_help"),
        )
    picks.done()
    return output, wrt


def show_page_notes(source: str, output: str) -> None:
    for note in ui_maths.page_notes(PREFIX, source):
        value = urls.literal(note.value)
        st.info(
            t(f"jac.note.{note.reason}", value=value, shown=note.shown, output=output), icon="🔗"
        )


# -- sections ------------------------------------------------------------------------------------


def show_three_ways(report: jacobians.JacobianReport) -> None:
    st.subheader(t("jac.three_ways"))
    columns = st.columns(3)
    for column, key, passes in zip(
        columns,
        ("reverse", "forward", "numerical"),
        (report.passes_reverse, report.passes_forward, report.passes_numerical),
        strict=True,
    ):
        value = t("jac.one_pass") if passes == 1 else t("jac.passes", n=passes)
        column.metric(t(f"jac.{key}"), value, help=t(f"jac.{key}_help"), border=True)
    st.markdown(
        t(
            "jac.agree",
            modes=f"{report.difference_modes:.2g}",
            fd=f"{report.difference_numerical:.2g}",
        )
    )


def show_heatmap(report: jacobians.JacobianReport, y: str, x: str) -> None:
    how = st.segmented_control(
        t("jac.heatmap_of"),
        HOW,
        default="reverse",
        format_func={key: t(f"jac.how_{key}") for key in HOW}.__getitem__,
        key=PREFIX + "heatmap_of",
    )
    how = how or "reverse"
    matrix = getattr(report, how).reshape(report.rows, report.cols)
    figure = render.heatmap_figure(
        matrix,
        numbers.multi_index_labels(report.out_shape),
        numbers.multi_index_labels(report.in_shape),
        t(
            "jac.heatmap_title",
            y=y,
            x=x,
            rows=report.rows,
            cols=report.cols,
            how=t(f"jac.how_{how}"),
        ),
        ui.current_language(),
    )
    st.plotly_chart(figure, key=PREFIX + "heatmap", config={"displaylogo": False})
    st.caption(t("jac.heatmap_caption"))


# -- the page ----------------------------------------------------------------------

ui.open_page(PREFIX, "jac.page_title", "🧮")
ui_maths.read_page_params(PREFIX, (OUTPUT, WRT))
ui.heading("jac.title", "jac.intro", PREFIX)

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
            st.info(t("jac.no_options"))
        else:
            output, wrt = choose_output_and_wrt(result.source, program, options)
            show_page_notes(result.source, output)
            report = cached_report(result.source, output, wrt)
            st.markdown(
                t(
                    "jac.shape",
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
                st.warning(t("jac.unconnected", y=output, x=wrt))
            if report.too_large:
                key = f"too_large_{report.reason}"
                st.warning(
                    t(
                        f"jac.{key}",
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
    ui_maths.linearisation_panel(
        PREFIX,
        wrt,
        partial(cached_linearisation, result.source, output, wrt),
        intro=t("jac.linear_intro", x=wrt, y=output),
    )

ui.sync_url(PREFIX, result)
if isinstance(result, RunOk):
    ui_maths.sync_page_params({OUTPUT: output, WRT: wrt})
