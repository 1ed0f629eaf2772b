"""Quản trị (Administration), admins only: accounts (create, role, disable, unlock, reset the
password) and the app's settings (public viewing, upload size limit, lockout)."""
import pandas as pd
import streamlit as st

import access
import accounts
import ui
from data_loaders import mappings
from data_loaders.columns import fold
from data_loaders.templates import KIND_LABELS

st.title(ui.tr("Quản trị", "Administration"))
ui.filters()  # sets the app up when this page is a server's first, deep-linked request
access.require("admin")
me = access.current_user()


def run(action, *args, done_vi: str, done_en: str) -> None:
    """Apply one change to the accounts in a write session; say what happened."""
    try:
        with ui.writer() as con:
            action(con, *args)
    except accounts.AccountError as e:
        st.error(ui.md_escape(ui.tr(e.message_vi, e.message_en)))
    else:
        access.new_run()
        st.success(ui.md_escape(ui.tr(done_vi, done_en)))


st.subheader(ui.tr("Tài khoản", "Accounts"))
with ui.reader() as con:
    users = accounts.list_users(con)
role_text = {r: ui.tr(*accounts.ROLE_LABELS[r]) for r in accounts.ROLES}
if users:
    shown = pd.DataFrame([{
        ui.tr("Tên đăng nhập", "User name"): u["username"],
        ui.tr("Tên hiển thị", "Display name"): u["display_name"],
        ui.tr("Vai trò", "Role"): role_text[u["role"]],
        ui.tr("Trạng thái", "State"): (ui.tr("Vô hiệu", "Disabled") if u["disabled"] else
                                       ui.tr("Đang khóa", "Locked") if u["locked_until"] else ui.tr("Hoạt động", "Active")),
        ui.tr("Đăng nhập gần nhất", "Last sign-in"): u["last_login_at"],
    } for u in users])
    st.dataframe(shown, hide_index=True, width="stretch")

with st.form("add_user", clear_on_submit=True):
    st.markdown(ui.tr("**Thêm tài khoản**", "**Add an account**"))
    c1, c2, c3 = st.columns(3)
    name = c1.text_input(ui.tr("Tên đăng nhập", "User name"))
    role = c2.selectbox(ui.tr("Vai trò", "Role"), accounts.ROLES, format_func=role_text.get)
    password = c3.text_input(ui.tr("Mật khẩu ban đầu", "Initial password"), type="password")
    if st.form_submit_button(ui.tr("Thêm", "Add")):
        run(accounts.add_user, name, role, password, done_vi=f"Đã tạo tài khoản {name}.", done_en=f"Account {name} created.")

names = [u["username"] for u in users]
if names:
    st.markdown(ui.tr("**Sửa tài khoản**", "**Change an account**"))
    who = st.selectbox(ui.tr("Tài khoản", "Account"), names, key="admin_user")
    c1, c2, c3, c4 = st.columns(4)
    new_role = c1.selectbox(ui.tr("Vai trò mới", "New role"), accounts.ROLES, format_func=role_text.get, key="admin_role")
    if c1.button(ui.tr("Đổi vai trò", "Change role")):
        run(accounts.set_role, who, new_role, done_vi="Đã đổi vai trò.", done_en="Role changed.")
    if c2.button(ui.tr("Mở khóa", "Unlock")):
        run(accounts.unlock, who, done_vi="Đã mở khóa.", done_en="Unlocked.")
    disabled = next(u["disabled"] for u in users if u["username"] == who)
    if c3.button(ui.tr("Kích hoạt lại", "Enable") if disabled else ui.tr("Vô hiệu hóa", "Disable")):
        run(accounts.set_disabled, who, not disabled, done_vi="Đã cập nhật.", done_en="Updated.")
    reset = c4.text_input(ui.tr("Mật khẩu mới", "New password"), type="password", key="admin_reset")
    if c4.button(ui.tr("Đặt lại mật khẩu", "Reset password")):
        run(accounts.set_password, who, reset, done_vi="Đã đặt lại mật khẩu.", done_en="Password reset.")

st.subheader(ui.tr("Cách ghép cột đã lưu", "Saved column mappings"))
with ui.reader() as con:
    saved = mappings.list_all(con)
if not saved:
    st.caption(ui.tr("Chưa có cách ghép cột nào. Cán bộ lưu chúng ở mục «Ghép cột» của trang Tải dữ liệu.",
                     "No saved column mapping yet. Staff save them under 'Map columns' on the Upload page."))
else:
    st.dataframe(pd.DataFrame([{
        ui.tr("Tên", "Name"): m["name"],
        ui.tr("Loại dữ liệu", "Kind"): ui.tr(*KIND_LABELS.get(m["kind"], (m["kind"], m["kind"]))),
        ui.tr("Cột được ghép", "Columns mapped"): ", ".join(f"{h} → {m['columns'].get(fold(h)) or '—'}"
                                                           for h in m["headers"] if fold(h) in m["columns"]),
        ui.tr("Người sửa", "Changed by"): m["updated_by"],
        ui.tr("Lúc", "When"): m["updated_at"],
    } for m in saved]), hide_index=True, width="stretch", key="mappings_table")
    if "_mapping_message" in st.session_state:
        st.success(ui.md_escape(st.session_state.pop("_mapping_message")))
    c1, c2, c3, c4 = st.columns([2, 2, 1, 1])
    which = c1.selectbox(ui.tr("Cách ghép cột", "Mapping"), [m["name"] for m in saved], key="mapping_choice")
    new_name = c2.text_input(ui.tr("Tên mới", "New name"), key="mapping_new_name")

    def mapping_change(action, *args, done_vi: str, done_en: str) -> None:
        try:
            with ui.writer() as con:
                action(con, *args)
        except mappings.MappingError as e:
            st.error(ui.tr(e.message_vi, e.message_en))
        else:
            st.session_state["_mapping_message"] = ui.tr(done_vi, done_en)
            st.rerun()  # the table above shows the change

    if c3.button(ui.tr("Đổi tên", "Rename"), key="mapping_rename"):
        mapping_change(mappings.rename, which, new_name, me["username"],
                       done_vi=f"Đã đổi tên thành «{new_name}».", done_en=f"Renamed to '{new_name}'.")
    if c4.button(ui.tr("Xóa", "Delete"), key="mapping_delete"):
        mapping_change(mappings.delete, which, done_vi=f"Đã xóa «{which}».", done_en=f"'{which}' deleted.")

st.subheader(ui.tr("Thiết lập", "Settings"))
current = access._state()["settings"]
with st.form("settings"):
    values = {}
    for key, (typ, default, label) in accounts.SETTINGS.items():
        if typ is bool:
            values[key] = st.checkbox(ui.tr(*label), value=bool(current[key]))
        else:
            low, high = accounts.BOUNDS[key]
            values[key] = st.number_input(ui.tr(*label), min_value=low, max_value=high,
                                          value=min(max(int(current[key]), low), high), step=1)
    if st.form_submit_button(ui.tr("Lưu thiết lập", "Save settings")):
        def save(con):
            for k, v in values.items():
                accounts.set_setting(con, k, v)
        run(save, done_vi="Đã lưu thiết lập.", done_en="Settings saved.")
st.caption(ui.tr(
    "Giới hạn dung lượng tải lên của máy chủ (server.maxUploadSize trong .streamlit/config.toml) cũng phải "
    "đủ lớn; thiết lập ở đây không vượt được giới hạn đó.",
    "The server's own upload limit (server.maxUploadSize in .streamlit/config.toml) must be large enough too; "
    "this setting cannot exceed it."))
