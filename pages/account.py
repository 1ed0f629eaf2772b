"""Tài khoản (Account): who is signed in, changing one's own password, signing out."""
import streamlit as st

import ui
from auth import accounts
from ui import access

st.title(ui.tr("Tài khoản", "Account"))
ui.as_app()
user = access.current_user()
if user is None:
    access.require("viewer")
    st.info(ui.tr("Bạn chưa đăng nhập.", "You are not signed in."))
    st.stop()

st.write(f"**{ui.md_escape(user['display_name'])}** ({ui.md_escape(user['username'])}) · "
         f"{ui.tr(*accounts.ROLE_LABELS[user['role']])}")

if user["source"] == "sso":
    st.caption(ui.tr("Mật khẩu do hệ thống đăng nhập một lần (SSO) của tỉnh quản lý.",
                     "The password is managed by the province's single sign-on."))
    if st.button(ui.tr("Đăng xuất", "Sign out")):
        st.logout()
    st.stop()

st.subheader(ui.tr("Đổi mật khẩu", "Change password"))
with st.form("change_password", clear_on_submit=True):
    old = st.text_input(ui.tr("Mật khẩu hiện tại", "Current password"), type="password")
    new = st.text_input(ui.tr(f"Mật khẩu mới (ít nhất {accounts.MIN_PASSWORD} ký tự)",
                              f"New password (at least {accounts.MIN_PASSWORD} characters)"), type="password")
    again = st.text_input(ui.tr("Nhập lại mật khẩu mới", "New password again"), type="password")
    changed = st.form_submit_button(ui.tr("Đổi mật khẩu", "Change password"))
if changed:
    try:
        with ui.writer() as con:
            accounts.change_password(con, user["username"], old, new, again)  # ends every remembered sign-in
            access.sign_in(con, {k: user[k] for k in ("username", "display_name", "role")})  # … but this one
    except accounts.AccountError as e:
        st.error(ui.md_escape(ui.tr(e.message_vi, e.message_en)))
    else:
        st.success(ui.tr("Đã đổi mật khẩu.", "Password changed."))

if st.button(ui.tr("Đăng xuất", "Sign out"), key="sign_out"):
    access.sign_out()
    st.rerun()
