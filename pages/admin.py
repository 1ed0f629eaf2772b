"""Quản trị (Administration), admins only: accounts (create, role, disable, unlock, reset the
password), saved column mappings, data sources read straight from the one-stop system's database
(define, pull now, enable, remove) and the app's settings (public viewing, upload size limit, lockout)."""
import pandas as pd
import streamlit as st

import ui
from auth import accounts
from data_loaders import mappings, sources
from data_loaders.columns import fold
from labels import IMPORT_KIND_LABELS
from ui import access

st.title(ui.tr("Quản trị", "Administration"))
ui.glossary("TTHC", "CSDL")
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
    role = c2.selectbox(ui.tr("Vai trò", "Role"), accounts.ROLES, format_func=role_text.get,
            placeholder=ui.placeholder())
    password = c3.text_input(ui.tr("Mật khẩu ban đầu", "Initial password"), type="password")
    if st.form_submit_button(ui.tr("Thêm", "Add")):
        run(accounts.add_user, name, role, password, done_vi=f"Đã tạo tài khoản {name}.", done_en=f"Account {name} created.")

names = [u["username"] for u in users]
if names:
    st.markdown(ui.tr("**Sửa tài khoản**", "**Change an account**"))
    who = st.selectbox(ui.tr("Tài khoản", "Account"), names, key="admin_user", placeholder=ui.placeholder())
    c1, c2, c3, c4 = st.columns(4)
    new_role = c1.selectbox(ui.tr("Vai trò mới", "New role"), accounts.ROLES, format_func=role_text.get,
                            key=ui.worded("admin_role"), placeholder=ui.placeholder())
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
        ui.tr("Loại dữ liệu", "Kind"): ui.tr(*IMPORT_KIND_LABELS.get(m["kind"], (m["kind"], m["kind"]))),
        ui.tr("Cột được ghép", "Columns mapped"): ", ".join(f"{h} → {m['columns'].get(fold(h)) or '—'}"
                                                           for h in m["headers"] if fold(h) in m["columns"]),
        ui.tr("Người sửa", "Changed by"): m["updated_by"],
        ui.tr("Lúc", "When"): m["updated_at"],
    } for m in saved]), hide_index=True, width="stretch", key="mappings_table")
    if "_mapping_message" in st.session_state:
        st.success(ui.md_escape(st.session_state.pop("_mapping_message")))
    c1, c2, c3, c4 = st.columns([2, 2, 1, 1])
    which = c1.selectbox(ui.tr("Cách ghép cột", "Mapping"), [m["name"] for m in saved], key="mapping_choice",
            placeholder=ui.placeholder())
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

st.subheader(ui.tr("Nguồn dữ liệu: đọc thẳng CSDL hệ thống một cửa", "Data sources: reading the one-stop system's database"))
st.caption(ui.tr(
    "Bảng điều hành đọc thẳng cơ sở dữ liệu (chỉ đọc) thay vì chờ tệp xuất. Mỗi lần kéo là một lần nhập như tệp: "
    "cùng báo cáo, dòng bị từ chối và hoàn tác (trang Tải dữ liệu). Mật khẩu không bao giờ lưu ở đây: nó nằm trong "
    "biến môi trường của máy chủ hoặc .streamlit/secrets.toml. Lịch chạy hằng đêm: xem README.",
    "The dashboard reads the database directly (read-only) instead of waiting for an export. Each pull is an import "
    "like a file's: the same report, rejected rows and undo (Upload page). Passwords are never kept here: they live "
    "in the server's environment or .streamlit/secrets.toml. Nightly schedule: see the README."))
ORIGIN_TEXT = {k: ui.tr(*v) for k, v in sources.ORIGINS.items()}
PULL_STATUS = {"ok": ("Đã nhập", "Imported"), "nothing_new": ("Không có gì mới", "Nothing new"),
               "refused": ("Bị từ chối", "Refused"), "failed": ("Lỗi", "Failed")}
try:
    with ui.reader() as con:
        defined = sources.list_sources(con)
        last = sources.last_pulls(con)
        marks = {s.name: sources.current_watermark(con, s.name) for s in defined}
        mapping_names = [m["name"] for m in mappings.list_all(con)]
except sources.SourceError as e:  # a broken secrets.toml entry: say which, keep the page
    st.error(ui.tr(e.message_vi, e.message_en))
    defined, last, marks, mapping_names = [], {}, {}, []
if "_source_message" in st.session_state:  # what the last button did (kept across the rerun)
    kind_, text = st.session_state.pop("_source_message")
    (st.success if kind_ == "ok" else st.error)(ui.md_escape(text))
if defined:
    def last_text(name):
        p = last.get(name)
        if not p:
            return "—"
        return f"{ui.tr(*PULL_STATUS.get(p['status'], (p['status'], p['status'])))} {p['started_at']:%d/%m/%Y %H:%M}"

    st.dataframe(pd.DataFrame([{
        ui.tr("Tên", "Name"): s.name,
        ui.tr("Khai báo ở", "Defined in"): ORIGIN_TEXT[s.origin],
        ui.tr("Loại dữ liệu", "Kind"): ui.tr(*IMPORT_KIND_LABELS.get(s.kind, (s.kind, s.kind))),
        ui.tr("Bật", "On"): s.enabled,
        ui.tr("Địa chỉ (không mật khẩu)", "URL (no password)"): s.url,
        ui.tr("Bảng / truy vấn", "Table / query"): s.table or " ".join(s.query.split())[:80],
        ui.tr("Cột thay đổi", "Changed column"): s.changed_column or ui.tr("(kéo toàn bộ)", "(full reload)"),
        ui.tr("Mốc đã kéo đến", "Watermark"): marks[s.name].value if marks.get(s.name) else "—",
        ui.tr("Lần kéo gần nhất", "Last pull"): last_text(s.name),
    } for s in defined]), hide_index=True, width="stretch", key="sources_table")
    c1, c2, c3, c4, c5 = st.columns([2, 1, 1, 1, 1])
    chosen = c1.selectbox(ui.tr("Nguồn", "Source"), [s.name for s in defined], key="source_choice",
            placeholder=ui.placeholder())
    chosen_src = next(s for s in defined if s.name == chosen)

    def pull_now(dry_run: bool) -> None:
        bar = st.progress(0.0, text=ui.tr("Đang kết nối…", "Connecting…"))

        def step(fraction, stage, rows):
            words = {"connect": ("đang kết nối", "connecting"), "pull": ("đang đọc nguồn", "reading the source"),
                     "read": ("đọc tệp tạm", "reading"), "validate": ("kiểm tra", "validating"),
                     "write": ("ghi dữ liệu", "writing"), "done": ("xong", "done")}.get(stage, (stage, stage))
            bar.progress(min(fraction or 0.25, 1.0), text=f"{ui.tr(*words)}: {ui.num(rows)} {ui.tr('dòng', 'rows')}")

        try:
            r = sources.pull(ui.writer, chosen, dry_run=dry_run, user=me["username"], progress=step)
        except sources.SourceError as e:
            st.session_state["_source_message"] = ("error", ui.tr(e.message_vi, e.message_en))
        else:
            res = r.import_result
            head = ui.tr(f"Nguồn «{chosen}»: ", f"Source '{chosen}': ")
            if r.status == "nothing_new":
                text = ui.tr(r.message_vi, r.message_en)
            elif res is not None and r.ok:
                text = (ui.tr("Chạy thử, không ghi gì. ", "Dry run, nothing written. ") if dry_run else
                        ui.tr(f"Lần nhập số {res.import_id}. ", f"Import {res.import_id}. ")) + res.summary(ui.lang())
            else:
                text = ui.tr(r.message_vi, r.message_en)
            st.session_state["_source_message"] = ("ok" if r.ok else "error", head + text)
        st.rerun()

    if c2.button(ui.tr("Kéo ngay", "Pull now"), type="primary", key="source_pull"):
        pull_now(dry_run=False)
    if c3.button(ui.tr("Chạy thử", "Dry run"), key="source_dry_run"):
        pull_now(dry_run=True)
    if chosen_src.origin == "warehouse":
        def source_change(action, *args, done_vi: str, done_en: str) -> None:
            try:
                with ui.writer() as con:
                    action(con, *args)
            except sources.SourceError as e:
                st.session_state["_source_message"] = ("error", ui.tr(e.message_vi, e.message_en))
            else:
                st.session_state["_source_message"] = ("ok", ui.tr(done_vi, done_en))
            st.rerun()

        if c4.button(ui.tr("Tắt", "Disable") if chosen_src.enabled else ui.tr("Bật", "Enable"), key="source_toggle"):
            source_change(sources.set_enabled, chosen, not chosen_src.enabled, me["username"],
                          done_vi="Đã cập nhật.", done_en="Updated.")
        if c5.button(ui.tr("Xóa", "Remove"), key="source_remove"):
            source_change(sources.remove, chosen, done_vi=f"Đã xóa nguồn «{chosen}».", done_en=f"Source '{chosen}' removed.")
    else:
        c4.caption(ui.tr(f"Sửa trong {ORIGIN_TEXT[chosen_src.origin]}.", f"Change it in {ORIGIN_TEXT[chosen_src.origin]}."))

with st.form("add_source", clear_on_submit=False):
    st.markdown(ui.tr("**Thêm nguồn**", "**Add a source**"))
    c1, c2, c3 = st.columns([1, 3, 1])
    new_source = c1.text_input(ui.tr("Tên (chữ thường, số, _ -)", "Name (lower case, digits, _ -)"), key="source_name")
    new_url = c2.text_input(ui.tr("Địa chỉ SQLAlchemy, không có mật khẩu", "SQLAlchemy URL, without the password"),
                            placeholder="postgresql+psycopg://reader@db.tinh.local:5432/motcua", key="source_url")
    new_env = c3.text_input(ui.tr("Biến môi trường chứa mật khẩu", "Environment variable with the password"),
                            placeholder="MOTCUA_PW", key="source_password_env")
    c1, c2, c3, c4 = st.columns(4)
    new_kind = c1.selectbox(ui.tr("Loại dữ liệu", "Kind"), sources.KINDS,
                            format_func=lambda k: ui.tr(*IMPORT_KIND_LABELS.get(k, (k, k))),
                            key=ui.worded("source_kind"), placeholder=ui.placeholder())
    new_table = c2.text_input(ui.tr("Bảng hoặc view", "Table or view"), key="source_table")
    new_changed = c3.text_input(ui.tr("Cột thời điểm thay đổi (tùy chọn)", "'Changed at' column (optional)"),
                                key="source_changed")
    new_mapping = c4.selectbox(ui.tr("Cách ghép cột", "Column mapping"), [""] + mapping_names,
                               format_func=lambda m: m or ui.tr("(tự nhận cột)", "(recognise the columns)"),
                               key=ui.worded("source_mapping"), placeholder=ui.placeholder())
    new_query = st.text_area(ui.tr("… hoặc một câu SELECT (thay cho bảng)", "… or one SELECT (instead of a table)"),
                             key="source_query")
    new_timeout = st.number_input(ui.tr("Thời gian chờ tối đa của câu lệnh (giây)", "Statement timeout (seconds)"),
                                  min_value=1, max_value=sources.MAX_TIMEOUT, value=sources.DEFAULT_TIMEOUT,
                                  key="source_timeout")
    if st.form_submit_button(ui.tr("Thêm nguồn", "Add the source")):
        try:
            src = sources.define(new_source, new_url, new_kind, table=new_table, query=new_query, mapping=new_mapping,
                                 changed_column=new_changed, password_env=new_env, timeout=new_timeout)
            with ui.writer() as con:
                sources.add(con, src, me["username"])
        except sources.SourceError as e:
            st.error(ui.tr(e.message_vi, e.message_en))
        else:
            st.session_state["_source_message"] = ("ok", ui.tr(f"Đã thêm nguồn «{src.name}».", f"Source '{src.name}' added."))
            st.rerun()

st.subheader(ui.tr("Thiết lập", "Settings"))
current = access.settings()
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
