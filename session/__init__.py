"""Everything that holds Streamlit state: the page registry, the session keys (declared once
in ``keys``), URL <-> widget sync (``controls``), login state, flash messages, the facility
picker and the form state of editors. Besides ``views/`` and ``cache.py``, the only code that
touches ``st.session_state``.
"""
