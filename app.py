"""CCHC Dashboard: entry point. Navigation (by role), language, shared sidebar filters, then the page."""
from pathlib import Path

import streamlit as st

import ui
import warehouse
from ui import access

PAGES = Path(__file__).parent / "pages"

st.set_page_config(page_title="CCHC Dashboard", page_icon="📊", layout="wide")


def navigation(readable: bool, presenting: bool, staff: bool, admin: bool, signed_in: bool, can_sign_in: bool):
    """The pages this person may use, by section; returns (the page to run, the presentation page).
    Pages a role may not use are left out (and refuse themselves if reached by URL)."""
    dashboards = [
        st.Page(PAGES / "overview.py", title=ui.tr("Tổng quan", "Overview"), default=readable and not presenting),
        st.Page(PAGES / "on_time.py", title=ui.tr("Giải quyết đúng hạn", "On-time processing")),
        st.Page(PAGES / "online.py", title=ui.tr("Dịch vụ công trực tuyến", "Online services")),
        st.Page(PAGES / "digitization.py", title=ui.tr("Số hóa và thanh toán", "Digitization and payment")),
        st.Page(PAGES / "par_index.py", title=ui.tr("Chỉ số CCHC", "PAR index")),
        st.Page(PAGES / "portal766.py", title=ui.tr("Chỉ số 766", "QĐ 766 index")),
        st.Page(PAGES / "institutional_map.py", title=ui.tr("Bản đồ thể chế", "Institutional map")),
        st.Page(PAGES / "national.py", title=ui.tr("Tỉnh trong 34 tỉnh", "Among the 34 provinces")),
        st.Page(PAGES / "scorecard.py", title=ui.tr("Thẻ điểm đơn vị", "Unit scorecard")),
        st.Page(PAGES / "data_quality.py", title=ui.tr("Chất lượng dữ liệu", "Data quality")),
    ]
    show = st.Page(PAGES / "present.py", title=ui.tr("Trình chiếu", "Presentation"), default=readable and presenting)
    meeting = [st.Page(PAGES / "briefing.py", title=ui.tr("Báo cáo", "Briefing")), show]
    data = [st.Page(PAGES / "upload.py", title=ui.tr("Tải dữ liệu", "Upload data"))] if staff else []
    if admin:
        data.append(st.Page(PAGES / "admin.py", title=ui.tr("Quản trị", "Administration")))
    if signed_in:
        own = [st.Page(PAGES / "account.py", title=ui.tr("Tài khoản", "Account"))]
    elif can_sign_in:
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
                ui.tr("Dữ liệu", "Data"): data, ui.tr("Tài khoản", "Account"): own}
    # expanded: every page listed (collapsed, Streamlit hides those past the tenth behind "View
    # more", and with twelve dashboards that was the account and sign-in links)
    page = st.navigation({k: v for k, v in sections.items() if v}, expanded=True,
                         position="hidden" if (presenting and readable) or not readable else "sidebar")
    return page, show


with ui.run_session():  # one read-only connection for the whole run, released at its end
    try:
        access.new_run()
        if ui.first_start():
            # A new server's first visitor waits while the demo province is made: show them the
            # navigation they will have (nobody can have an account yet, so everyone reads), not
            # Streamlit's list of page files, then make the demo and run again.
            ui.restore_from_url()
            navigation(True, ui.presenting(), staff=False, admin=False, signed_in=False,
                       can_sign_in=access.sso_configured())
            ui.prepare()
            st.rerun()
        ui.bootstrap()  # URL state, language, database (demo on first start), sidebar filters
        presenting = ui.presenting()  # ?mode=present: the slide show alone, full screen
        readable = access.may("viewer")
        page, show = navigation(readable, presenting, staff=access.may("staff"), admin=access.may("admin"),
                                signed_in=access.current_user() is not None, can_sign_in=access.can_sign_in())
        access.keep_cookie()
        if not presenting:
            access.sidebar_account()
            access.first_admin_hint()
            access.unguarded_downloads_hint()
        if presenting and readable and page.url_path != show.url_path:
            st.switch_page(show)  # ?mode=present on any page's address opens the show itself
        st.session_state["_page"] = page.url_path
        if not presenting:
            ui.print_layout()
        page.run()
    except warehouse.WarehouseError as e:  # a missing, busy or read-only database: say so, in words
        ui.show_warehouse_error(e)
