"""Chainrule's home page (a placeholder until the app's own home page lands)."""

import streamlit as st

st.set_page_config(page_title="Chainrule", layout="wide")

st.title("Chainrule")
st.write(
    "Chainrule shows backpropagation one step at a time. Type a small numpy-style "
    "program, and every edge of its computation graph shows three quantities: the "
    "**upstream** gradient arriving from the loss, the **local** Jacobian of the "
    "operation, and the **downstream** gradient they make together and pass on."
)
