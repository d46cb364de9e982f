"""Chainrule's main page: a program, its computation graph, and its backward pass step by step.

Run with ``streamlit run app.py``. This page holds widgets and layout only:
what it shows is computed by ``engine`` (session, urls, render) and the shared
widgets are in ``ui.py``. User-facing strings are in ``ui.STRINGS``.
"""

from __future__ import annotations

import html

import numpy as np
import streamlit as st

import ui
from engine import render, session
from ui import t

PREFIX = "main_"

ui.STRINGS.update(
    {
        "page_title": "Chainrule",
        "intro": (
            "Backpropagation, one step at a time. Every edge of the graph carries three "
            "quantities: the **upstream** gradient arriving from the output, the operation's "
            "**local** Jacobian, and the **downstream** gradient (upstream · local) it passes on."
        ),
    }
)

st.set_page_config(page_title=t("page_title"), page_icon="🔗", layout="wide")
ui.setup_page(PREFIX)

st.title(t("page_title"))
st.markdown(t("intro"))
ui.show_url_notes(PREFIX)

editor_column, graph_column = st.columns([4, 7], gap="large")
with editor_column:
    result = ui.program_editor(PREFIX)

if result.ok:
    program, trace = result.program, result.trace
    n_steps = result.n_steps
    output = trace.node(trace.output)

    with graph_column:
        st.subheader(t("graph"))
        if program.seeded_with_ones:
            st.markdown(t("seed_ones", name=output.name, shape=output.shape))
        else:
            st.markdown(t("seed_scalar", name=output.name))
        step = ui.stepper(PREFIX, n_steps)
        current = session.current_node(trace, step)
        if n_steps == 0:
            st.info(t("no_steps"))
        elif step == 0:
            st.markdown(t("step_status", step=step, n=n_steps) + " · " + t("step_zero"))
        else:
            expression = f"{current.name} = {current.op.symbol}"
            st.markdown(t("step_status", step=step, n=n_steps) + " · " + expression)
        large_font = ui.graph_options(PREFIX)
        dot, svg = ui.graph(PREFIX, result, step, large_font)
        st.caption(t("graph_legend"))

    # -- the step panel --------------------------------------------------------------
    panel = render.step_panel(trace, step, spans=result.spans) if step > 0 else None
    st.divider()
    where_column, math_column = st.columns([2, 3], gap="large")
    with where_column:
        if panel is None:
            st.subheader(f"{t('panel')}: 0 / {n_steps}")
            st.markdown(t("panel_seed"))
        else:
            st.subheader(f"{t('panel')}: {panel.number} / {panel.total}")
            st.markdown(
                t("panel_node", name=panel.name, op=panel.expression, shape=panel.shape)
            )
            st.caption(panel.note)
        st.markdown(f"**{t('source')}**")
        st.html(ui.source_listing(result.source, session.current_span(result, step)))

    with math_column:
        if panel is None:
            st.markdown(f"**{t('panel_upstream', output=output.name, name=output.name)}**")
            ui.show_array(trace.seed)
            st.caption(t("panel_seed_upstream"))
        else:
            st.markdown(f"**{t('panel_upstream', output=output.name, name=panel.name)}**")
            ui.show_array(panel.upstream, panel.upstream_text)
            if panel.is_seed:
                st.caption(t("panel_seed_upstream"))
            elif len(panel.contributions) > 1:
                st.caption(
                    t("panel_sum_upstream", name=panel.name, count=len(panel.contributions))
                    + " "
                    + " + ".join(f"{c.text} (from {c.consumer})" for c in panel.contributions)
                )
            for edge in panel.edges:
                st.markdown("---")
                if edge.downstream is None:
                    st.markdown(t("panel_edge_constant", name=edge.input_name))
                    continue
                st.markdown(t("panel_edge", name=edge.input_name, index=edge.index))
                st.markdown(f"**{t('panel_local', node=panel.name, name=edge.input_name)}**")
                st.latex(edge.formula)
                ui.show_local(edge, title=f"∂{panel.name}/∂{edge.input_name}")
                st.markdown(f"**{t('panel_downstream', output=output.name, name=edge.input_name)}**")
                ui.show_array(edge.downstream, edge.downstream_text)
                st.caption(t("panel_shapes", text=edge.shape_equation))
                if edge.broadcast_text:
                    st.warning(t("panel_broadcast", text=edge.broadcast_text), icon="Σ")

    # -- variables and the gradient check ----------------------------------------------
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

    # -- share and export --------------------------------------------------------------
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
