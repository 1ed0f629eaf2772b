"""CCHC Dashboard: entry point. Navigation (by role), language, shared sidebar filters, then the page."""
from pathlib import Path

import streamlit as st

import ui
import warehouse
from ui import access

PAGES = Path(__file__).parent / "pages"

st.set_page_config(page_title="CCHC Dashboard", page_icon="📊", layout="wide")

with ui.run_session():  # one read-only connection for the whole run, released at its end
    try:
        access.new_run()
        ui.bootstrap()  # URL state, language, database (demo on first start), sidebar filters
        presenting = ui.presenting()  # ?mode=present: the slide show alone, full screen
        readable = access.may("viewer")
        dashboards = [
            st.Page(PAGES / "overview.py", title=ui.tr("Tổng quan", "Overview"), default=readable and not presenting),
            st.Page(PAGES / "on_time.py", title=ui.tr("Tiến độ giải quyết", "On-time")),
            st.Page(PAGES / "online.py", title=ui.tr("Dịch vụ công trực tuyến", "Online services")),
            st.Page(PAGES / "digitization.py", title=ui.tr("Số hóa và thanh toán", "Digitization and payment")),
            st.Page(PAGES / "par_index.py", title=ui.tr("Chỉ số CCHC", "PAR index")),
            st.Page(PAGES / "portal766.py", title=ui.tr("Chỉ số 766", "QĐ 766 index")),
            st.Page(PAGES / "institutional_map.py", title=ui.tr("Bản đồ thể chế", "Institutional map")),
            st.Page(PAGES / "data_quality.py", title=ui.tr("Chất lượng dữ liệu", "Data quality")),
        ]
        show = st.Page(PAGES / "present.py", title=ui.tr("Trình chiếu", "Presentation"), default=readable and presenting)
        meeting = [st.Page(PAGES / "briefing.py", title=ui.tr("Báo cáo", "Briefing")), show]
        # Pages a role may not use are left out (and refuse themselves if reached by URL).
        staff = [st.Page(PAGES / "upload.py", title=ui.tr("Tải dữ liệu", "Upload data"))] if access.may("staff") else []
        if access.may("admin"):
            staff.append(st.Page(PAGES / "admin.py", title=ui.tr("Quản trị", "Administration")))
        if access.current_user():
            own = [st.Page(PAGES / "account.py", title=ui.tr("Tài khoản", "Account"))]
        elif access.can_sign_in():
            sign_in = st.Page(PAGES / "sign_in.py", title=ui.tr("Đăng nhập", "Sign in"))
            # The default page answers at `/` only: were the sign-in page the default, a bookmarked
            # /sign_in would be "Page not found". When it is the only page, `/` leads to it instead.
            gate = st.Page(lambda: st.switch_page(sign_in), title=ui.tr("Đăng nhập", "Sign in"), url_path="gate",
                           default=True)
            own = [sign_in] if readable else [gate, sign_in]
        else:
            own = []
        sections = {ui.tr("Bảng điều hành", "Dashboards"): dashboards if readable else [],
                    ui.tr("Họp và báo cáo", "Meetings"): meeting if readable else [],
                    ui.tr("Dữ liệu", "Data"): staff, ui.tr("Tài khoản", "Account"): own}
        page = st.navigation({k: v for k, v in sections.items() if v},
                             position="hidden" if (presenting and readable) or not readable else "sidebar")
        access.keep_cookie()
        if not presenting:
            access.sidebar_account()
            access.first_admin_hint()
            access.unguarded_downloads_hint()
        if presenting and readable and page.url_path != show.url_path:
            st.switch_page(show)  # ?mode=present on any page's address opens the show itself
        st.session_state["_page"] = page.url_path
        page.run()
    except warehouse.WarehouseError as e:  # a missing, busy or read-only database: say so, in words
        ui.show_warehouse_error(e)
