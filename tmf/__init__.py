"""Pure domain package of the TMF safety dashboard (no Streamlit, Plotly or pydeck here)."""
