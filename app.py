"""CCHC Dashboard: entry point. Navigation, shared sidebar filters, then the chosen page."""
from pathlib import Path

import streamlit as st

import ui

HERE = Path(__file__).parent

st.set_page_config(page_title="CCHC Dashboard", page_icon="📊", layout="wide")

st.sidebar.radio(
    "Ngôn ngữ / Language", ["vi", "en"], horizontal=True, key="lang",
    format_func=lambda x: {"vi": "Tiếng Việt", "en": "English"}[x],
)
ui.prepare()  # creates the database (and the demo province) on first start
st.session_state["filters"] = ui.sidebar_filters()

page = st.navigation(
    [
        st.Page(HERE / "pages" / "overview.py", title=ui.tr("Tổng quan", "Overview"), default=True),
        st.Page(HERE / "pages" / "data_quality.py", title=ui.tr("Chất lượng dữ liệu", "Data quality")),
    ]
)
page.run()
