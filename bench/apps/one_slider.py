"""The reference for the browser benchmark: a page with one slider and nothing else."""

import streamlit as st

value = st.slider("Flood hazard", 0.0, 3.0, 1.0, 0.1)
st.write(value)
