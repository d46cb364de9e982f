"""Chainrule's main page: a program, its computation graph, and its backward pass step by step.

Run with ``streamlit run app.py``. This page holds widgets and layout only:
what it shows is computed by ``engine`` (session, urls, render), the shared
widgets are in ``ui.py``, and every user-facing string is in ``ui.STRINGS``.
"""

from __future__ import annotations

import streamlit as st

import ui
from engine import render, session
from ui import t

PREFIX = "main_"

st.set_page_config(page_title=t("page_title"), page_icon="🔗", layout="wide")
ui.setup_page(PREFIX)

st.title(t("page_title"))
st.markdown(t("intro"))
ui.show_url_notes(PREFIX)

editor_column, step_column = st.columns([5, 6], gap="large")
with editor_column:
    result = ui.program_editor(PREFIX)

if result.ok:
    program, trace, n_steps = result.program, result.trace, result.n_steps
    output = trace.node(trace.output)
    step = ui.current_step(PREFIX, result)
    panel = render.step_panel(trace, step, spans=result.spans) if step > 0 else None

    # -- where the pass is: the step, its node and its line in the program -----------------
    with step_column:
        if panel is None:
            st.subheader(t("step_status", step=0, n=n_steps))
            st.markdown(t("step_zero") if n_steps else t("no_steps"))
        else:
            st.subheader(
                t("step_node", step=step, n=n_steps, name=panel.name, expression=panel.expression)
            )
            st.caption(panel.note)
        if program.seeded_with_ones:
            st.markdown(t("seed_ones", name=output.name, shape=output.shape))
        else:
            st.markdown(t("seed_scalar", name=output.name))
        st.html(ui.source_listing(result.source, session.current_span(result, step)))

    # -- the stepper and the graph ------------------------------------------------------------
    st.subheader(t("graph"))
    step = ui.stepper(PREFIX, n_steps)
    large_font = ui.graph_options(PREFIX)
    dot, svg = ui.graph(PREFIX, result, step, session.graph_focus(trace, step), large_font)

    # -- this step: upstream, and per input local and downstream -------------------------------
    st.subheader(f"{t('panel')}: {step} / {n_steps}")
    inputs = [] if panel is None else list(panel.edges)
    columns = st.columns(max(2, 1 + len(inputs)), gap="large")
    with columns[0]:
        name = output.name if panel is None else panel.name
        st.markdown(f"**{t('panel_upstream', output=output.name, name=name)}**")
        if panel is None:
            ui.show_array(trace.seed)
            st.caption(t("panel_seed"))
        else:
            ui.show_array(panel.upstream, panel.upstream_text)
            if panel.is_seed:
                st.caption(t("panel_seed_upstream"))
            elif len(panel.contributions) > 1:
                terms = " + ".join(f"{c.text} ({c.consumer})" for c in panel.contributions)
                count = len(panel.contributions)
                st.caption(t("panel_sum_upstream", name=panel.name, count=count) + " " + terms)
    for column, edge in zip(columns[1:], inputs, strict=False):
        with column:
            if edge.downstream is None:
                st.markdown(t("panel_edge_constant", name=edge.input_name))
                continue
            st.markdown(f"**{t('panel_local', node=panel.name, name=edge.input_name)}**")
            st.caption(t("panel_rule"))
            st.latex(edge.formula)
            ui.show_local(edge, panel.name)
            st.markdown(f"**{t('panel_downstream', output=output.name, name=edge.input_name)}**")
            ui.show_array(edge.downstream, edge.downstream_text)
            st.caption(t("panel_shapes", text=edge.shape_equation))
            if edge.broadcast_text:
                st.warning(t("panel_broadcast", text=edge.broadcast_text), icon="➕")

    # -- every variable, and the numerical check -------------------------------------------------
    st.divider()
    table_column, check_column = st.columns([3, 2], gap="large")
    with table_column:
        st.subheader(t("variables"))
        st.caption(t("variables_caption", step=step))
        st.dataframe(
            render.variables_table(trace, program.variables, step=step),
            hide_index=True,
            width="stretch",
        )
    with check_column:
        ui.gradient_check(PREFIX, result)

    # -- share and export --------------------------------------------------------------------------
    st.divider()
    share_column, export_column = st.columns([3, 2], gap="large")
    with share_column:
        st.subheader(t("share"))
        st.caption(t("share_caption"))
        st.code(ui.share_link(PREFIX, result), language=None, wrap_lines=False)
    with export_column:
        st.subheader(t("export"))
        ui.export_buttons(PREFIX, result, step, dot, svg)

ui.sync_url(PREFIX, result)
