"""Widgets the maths pages share: the pickers of variables and nodes, the linearisation panel.

The Jacobian page picks an output and an input, the chain-rule page x, y and z: each
picker is a select box whose choice the page's address names (``output=h``, ``x=W``)
and which a link may set. A page calls, in order::

    ui_maths.read_page_params(PREFIX, ("output", "wrt"))  # once per session
    picks = ui_maths.Picks(PREFIX, source)                # the address's values, until used
    output = picks.select("output", label, options, default, "unknown-output", ...)
    picks.done()                                          # what a link named is used up
    for note in ui_maths.page_notes(PREFIX, source): ...  # the values a link got wrong
    ui_maths.sync_page_params({"output": output, ...})    # the choices back into the address

The linearisation panel (f(x + Δx) against f(x) + J·Δx) is the Jacobian page's and
the lessons' alike. Every number comes from ``engine.views.chain``; every word from
``engine.i18n`` (keys ``lin.…`` here).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import streamlit as st

from engine.views import jacobians, linearise, urls
from ui import t

# -- the pickers and the page's own address parameters --------------------------------------


@dataclass(frozen=True, slots=True)
class PickNote:
    """A value of the address that the page could not use: ``shown`` is used instead."""

    name: str  # the parameter ("output", "x", …)
    reason: str  # why ("unknown-output", "bad-node", …): the page words it
    value: str  # what the address said
    shown: str  # what the page shows instead


def read_page_params(prefix: str, names: Sequence[str]) -> None:
    """Once per session: keep the address's values of ``names`` until a program can resolve
    them (a picker's options come from the program)."""
    if st.session_state.get(prefix + "params_read"):
        return
    params = st.query_params.to_dict()
    st.session_state[prefix + "pending"] = {name: urls.param(params, name) for name in names}
    st.session_state[prefix + "params_read"] = True


@dataclass
class Picks:
    """The pickers of one run of a page, and the notes about the address's values."""

    prefix: str
    source: str  # the program the choices are for
    pending: dict[str, str | None] = field(init=False)
    notes: list[PickNote] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.pending = st.session_state.get(self.prefix + "pending") or {}

    def select(
        self,
        name: str,
        label: str,
        options: list[str],
        default: str,
        reason: str,
        format_func: Callable[[str], str],
        help: str | None = None,
    ) -> str:
        """A select box (key ``prefix + name``) over ``options``: the address's value when it
        is one of them, else the choice kept from before, else ``default`` (with a note
        when the address named something else)."""
        key = self.prefix + name
        raw = self.pending.get(name)
        if raw is not None:
            choice = jacobians.choose(raw, options, default, reason)
            st.session_state[key] = choice.value
            if choice.note is not None:
                self.notes.append(PickNote(name, choice.note, raw, choice.value))
        elif st.session_state.get(key) not in options:
            st.session_state[key] = default
        return st.selectbox(label, options, key=key, format_func=format_func, help=help)

    def done(self) -> None:
        """The address's values are used up; its notes stay for this program."""
        if self.pending:
            st.session_state[self.prefix + "pending"] = None
            st.session_state[self.prefix + "page_notes"] = (self.source, self.notes)


def page_notes(prefix: str, source: str) -> list[PickNote]:
    """The notes about the address's values, while the program they were read for is shown."""
    noted_source, notes = st.session_state.get(prefix + "page_notes") or (None, [])
    return notes if noted_source == source else []


def sync_page_params(values: dict[str, str | None]) -> None:
    """Write the page's own choices into the address (None: nothing chosen, left as it is)."""
    for name, value in values.items():
        if value is not None and st.query_params.get(name) != value:
            st.query_params[name] = value


# -- the linearisation panel -----------------------------------------------------------------

#: Lengths of Δx offered by the slider (roughly half-decades).
SCALES = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0)
#: Linearisation errors this small are rounding, not curvature: no ratio is shown for them.
ROUNDING = 1e-12

#: (the linearisation at one ‖Δx‖, the error sweep) for a slider's ‖Δx‖: the page's cached
#: computation (``linearise.linearisation`` and ``linearise.error_sweep``).
Linearise = Callable[[float], tuple[linearise.Linearisation, Sequence[linearise.SweepRow]]]


def linearisation_panel(
    prefix: str, x: str, compute: Linearise, intro: str | None = None, scale: float = 0.1
) -> None:
    """f(x + Δx) against f(x) + J·Δx for a Δx the learner sizes (slider key
    ``prefix + "scale"``, ``scale`` at first), and the error as Δx shrinks; ``x`` names the
    input, ``intro`` (worded) says what is compared."""
    st.subheader(t("lin.heading"))
    if intro is not None:
        st.markdown(intro)
    key = prefix + "scale"
    if key not in st.session_state:
        st.session_state[key] = scale
    chosen = st.select_slider(
        t("lin.scale"),
        SCALES,
        key=key,
        format_func=lambda s: f"{s:g}",
        help=t("lin.scale_help"),
    )
    lin, sweep = compute(chosen)
    if lin.via == "jvp":
        st.caption(t("lin.via_jvp"))
    table, numbers = st.columns([3, 2])
    with table:
        rows = linearise.linearisation_rows(lin)
        st.dataframe(
            rows,
            hide_index=True,
            key=prefix + "lin_table",
            column_config={
                "entry": st.column_config.TextColumn(t("lin.entry")),
                "error": st.column_config.NumberColumn(t("lin.error"), format="%.2e"),
            }
            | {
                name: st.column_config.NumberColumn(format="%.6g")
                for name in ("f(x)", "f(x + Δx)", "f(x) + J·Δx")
            },
        )
        if lin.value.size > len(rows):
            st.caption(t("lin.rows_cut", shown=len(rows), total=lin.value.size))
    with numbers:
        a, b = st.columns(2)
        a.metric(t("lin.delta"), f"{lin.scale:g}")
        b.metric(t("lin.max_error"), f"{lin.max_error:.2e}")
        if all(row.max_error <= ROUNDING for row in sweep):
            st.caption(t("lin.exact", x=x))
            return
        st.markdown(t("lin.sweep"))
        st.dataframe(
            [
                {
                    t("lin.delta"): f"{row.scale:g}",
                    t("lin.sweep_error"): f"{row.max_error:.2e}",
                    t("lin.sweep_ratio"): f"{row.ratio:.0f}×"
                    if row.ratio is not None and row.max_error > ROUNDING
                    else "",
                }
                for row in sweep
            ],
            hide_index=True,
        )
