"""Đăng nhập (Sign in): the province's SSO when the deployment configures it, else a local
account. Repeated wrong passwords lock the account for a while (see auth/accounts.py)."""
import streamlit as st

import ui
from auth import accounts
from ui import access

st.title(ui.tr("Đăng nhập", "Sign in"))
ui.as_app()  # a bookmarked /sign_in as a server's first request

if access.current_user():
    st.success(ui.tr("Bạn đã đăng nhập.", "You are signed in."))
    st.stop()

if access.sso_configured():
    if access.sso_disabled():
        st.error(ui.tr(*accounts.MESSAGES["disabled"]))
        if st.button(ui.tr("Đăng xuất", "Sign out"), key="sso_disabled_sign_out"):
            st.logout()
        st.stop()
    st.write(ui.tr("Đăng nhập bằng tài khoản dùng chung của tỉnh (SSO).", "Sign in with the province's single sign-on."))
    if st.button(ui.tr("Đăng nhập bằng SSO", "Sign in with SSO"), type="primary"):
        provider = access.sso_option("provider")
        st.login(provider) if provider else st.login()
    st.stop()

if not access.can_sign_in():
    st.info(ui.tr("Chưa có tài khoản nào. Quản trị viên đầu tiên được tạo trên máy chủ bằng lệnh "
                  "`python cli.py user add TÊN --role admin`.",
                  "No account exists yet. The first administrator is created on the server with "
                  "`python cli.py user add NAME --role admin`."))
    st.stop()

with st.form("sign_in"):
    name = st.text_input(ui.tr("Tên đăng nhập", "User name"), key="sign_in_name")
    password = st.text_input(ui.tr("Mật khẩu", "Password"), type="password", key="sign_in_password")
    submitted = st.form_submit_button(ui.tr("Đăng nhập", "Sign in"), type="primary")

if submitted:
    try:
        with ui.writer() as con:  # failed attempts are counted in the database
            access.sign_in(con, accounts.authenticate(con, name, password))
    except accounts.AccountError as e:
        st.error(ui.md_escape(ui.tr(e.message_vi, e.message_en)))
    else:
        st.rerun()
