"""CCHC Dashboard: entry point. Navigation, language, shared sidebar filters, then the page."""
from pathlib import Path

import streamlit as st

import ui

PAGES = Path(__file__).parent / "pages"

st.set_page_config(page_title="CCHC Dashboard", page_icon="📊", layout="wide")

with ui.run_session():  # one read-only connection for the whole run, released at its end
    ui.bootstrap()  # URL state, language, database (demo on first start), sidebar filters
    presenting = ui.presenting()  # ?mode=present: the slide show alone, full screen
    page = st.navigation(
        [
            st.Page(PAGES / "overview.py", title=ui.tr("Tổng quan", "Overview"), default=not presenting),
            st.Page(PAGES / "on_time.py", title=ui.tr("Tiến độ giải quyết", "On-time")),
            st.Page(PAGES / "online.py", title=ui.tr("Dịch vụ công trực tuyến", "Online services")),
            st.Page(PAGES / "digitization.py", title=ui.tr("Số hóa và thanh toán", "Digitization and payment")),
            st.Page(PAGES / "par_index.py", title=ui.tr("Chỉ số CCHC", "PAR index")),
            st.Page(PAGES / "portal766.py", title=ui.tr("Chỉ số 766", "QĐ 766 index")),
            st.Page(PAGES / "institutional_map.py", title=ui.tr("Bản đồ thể chế", "Institutional map")),
            st.Page(PAGES / "data_quality.py", title=ui.tr("Chất lượng dữ liệu", "Data quality")),
            st.Page(PAGES / "briefing.py", title=ui.tr("Báo cáo", "Briefing")),
            st.Page(PAGES / "present.py", title=ui.tr("Trình chiếu", "Presentation"), default=presenting),
        ],
        position="hidden" if presenting else "sidebar",
    )
    st.session_state["_page"] = page.url_path
    page.run()
