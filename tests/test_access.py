"""Sign-in and roles, run by AppTest on a real database: what each role sees in the navigation,
what it is refused when it reaches a page by its URL, local sign-in with lockout, the upload
page's preview → import → undo, and `cli.py user` / `setting` / `undo`."""
from __future__ import annotations

import datetime as dt
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

import ui
import warehouse
from auth import accounts
from data_loaders.templates import template
from labels import IMPORT_KIND_LABELS
from tests.conftest import (
    DOSSIER_HEADERS, ROOT, SSO, cli, csv_bytes, registered, row, run_app, sso_user, table_rows, table_rows_db,
    write_csv,
)

DASHBOARDS = ["Tổng quan", "Giải quyết đúng hạn", "Dịch vụ công trực tuyến", "Số hóa và thanh toán", "Chỉ số CCHC",
              "Chỉ số 766", "Bản đồ thể chế", "Tỉnh trong 34 tỉnh", "Thẻ điểm đơn vị", "Chất lượng dữ liệu", "Báo cáo", "Trình chiếu"]


def run_page_alone(db, page: str, user: dict | None = None, sso: bool = False) -> AppTest:
    """A page reached by its URL without going through the navigation (as Streamlit runs a
    deep-linked file on a server's first request): it must refuse by itself."""
    at = AppTest.from_file(str(ROOT / "pages" / f"{page}.py"), default_timeout=90)
    if sso:
        at.secrets["auth"] = SSO
    if user is not None:
        at.user = user
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("role, sees, hidden", [
    ("viewer", DASHBOARDS + ["Tài khoản"], ["Tải dữ liệu", "Quản trị", "Đăng nhập"]),
    ("staff", DASHBOARDS + ["Tải dữ liệu", "Tài khoản"], ["Quản trị"]),
    ("admin", DASHBOARDS + ["Tải dữ liệu", "Quản trị", "Tài khoản"], []),
])
def test_navigation_by_sso_role(db_copy, role, sees, hidden):
    at = run_app(db_copy, sso_user(role), sso=True)
    shown = registered(at)
    for title in sees:
        assert title in shown, (role, title, shown)
    for title in hidden:
        assert title not in shown, (role, title)
    assert any("Nguyễn Văn A" in c.value for c in at.sidebar.caption)


@pytest.mark.parametrize("page, role", [("upload", "viewer"), ("admin", "viewer"), ("admin", "staff")])
def test_a_page_reached_by_url_refuses_a_role_below_it(db_copy, page, role):
    at = run_page_alone(db_copy, page, sso_user(role), sso=True)
    assert any("🔒" in (e.icon or "") or "cần" in e.value for e in at.error)
    assert not at.get("file_uploader") and not at.button  # nothing to act with


def test_the_users_table_maps_sso_accounts_without_a_role_claim(db_copy):
    with warehouse.session(db_copy) as con:
        accounts.add_user(con, "boss@tinh.gov.vn", "admin", None)  # SSO-only account
    at = run_app(db_copy, sso_user(None, "boss@tinh.gov.vn"), sso=True)
    assert "Quản trị" in registered(at)
    at = run_app(db_copy, sso_user(None, "other@tinh.gov.vn"), sso=True)  # unknown: a viewer
    assert "Tải dữ liệu" not in registered(at) and "Tổng quan" in registered(at)


def test_sso_signed_out_with_sign_in_required_sees_only_the_sign_in_page(db_copy):
    with warehouse.session(db_copy) as con:
        accounts.set_setting(con, "require_sign_in", True)
    at = run_app(db_copy, {"is_logged_in": False}, sso=True)
    assert set(registered(at)) == {"Đăng nhập"}  # the sign-in page (and `/` leading to it)
    assert any("SSO" in b.label for b in at.button)
    assert not at.sidebar.selectbox  # no filters: unit names are data too
    at = run_page_alone(db_copy, "overview", {"is_logged_in": False}, sso=True)
    assert not at.metric and at.error


# ---- local accounts -----------------------------------------------------------------------------

def test_demo_start_without_accounts_is_read_only_and_says_how_to_create_an_admin(tmp_path, monkeypatch):
    db = tmp_path / "fresh.duckdb"
    warehouse.connect(db).close()  # empty, as `cli.py --create` leaves it: the app fills it with the demo
    monkeypatch.setenv("CCHC_DB", str(db))
    at = run_app(db)
    assert registered(at) == DASHBOARDS  # no upload, no admin, no sign-in: nobody could sign in yet
    assert any("cli.py user add" in i.value for i in at.sidebar.info)
    assert at.metric  # the demo dashboards are shown


def sign_in(at, name: str, password: str) -> AppTest:
    at.switch_page("pages/sign_in.py").run()
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(password)
    at.button[0].click().run()
    assert not at.exception, at.exception
    return at


def test_local_sign_in_roles_password_change_and_lockout(db_copy):
    with warehouse.session(db_copy) as con:
        accounts.add_user(con, "canbo", "staff", "mat-khau-1")
        accounts.add_user(con, "quantri", "admin", "mat-khau-2")
    at = run_app(db_copy)
    assert "Đăng nhập" in registered(at) and "Tải dữ liệu" not in registered(at)
    sign_in(at, "canbo", "mat-khau-1")
    assert "Tải dữ liệu" in registered(at) and "Quản trị" not in registered(at)
    # the user changes their own password
    at.switch_page("pages/account.py").run()
    fields = at.text_input
    fields[0].input("mat-khau-1")
    fields[1].input("mat-khau-moi")
    fields[2].input("mat-khau-moi")
    at.button[0].click().run()
    assert any("Đã đổi mật khẩu" in s.value for s in at.success)
    with warehouse.session(db_copy) as con:
        assert accounts.authenticate(con, "canbo", "mat-khau-moi")["role"] == "staff"

    # five wrong passwords lock the account, even against the right one, until it expires
    at = run_app(db_copy)
    for _ in range(4):
        sign_in(at, "quantri", "sai-mat-khau")
        assert "không đúng" in at.error[0].value
    sign_in(at, "quantri", "sai-mat-khau")
    assert "tạm khóa" in at.error[0].value
    sign_in(at, "quantri", "mat-khau-2")
    assert "tạm khóa" in at.error[0].value and "Quản trị" not in registered(at)
    with warehouse.session(db_copy) as con:
        later = dt.datetime.now() + dt.timedelta(minutes=16)
        assert accounts.authenticate(con, "quantri", "mat-khau-2", now=later)["role"] == "admin"


def test_cli_user_add_reads_the_password_from_stdin_never_argv(tmp_path):
    db = tmp_path / "cli_users.duckdb"
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "--db", str(db), "--create", "user", "add", "Admin",
                           "--role", "admin"], input="mot-mat-khau\n", capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    with warehouse.session(db) as con:
        stored = table_rows(con, "SELECT username, role, password_hash FROM users")
        assert stored[0][:2] == ("admin", "admin") and stored[0][2].startswith("$argon2id$")
        assert "mot-mat-khau" not in stored[0][2]
        assert accounts.authenticate(con, "ADMIN", "mot-mat-khau")["role"] == "admin"
    short = subprocess.run([sys.executable, str(ROOT / "cli.py"), "--db", str(db), "user", "add", "x2"],
                           input="ngan\n", capture_output=True, text=True, cwd=ROOT)
    assert short.returncode == 1 and "8" in short.stderr
    assert "ngan" not in " ".join(proc.args)
    out = cli("--db", db, "setting", "require_sign_in", "1").stdout
    assert "require_sign_in = True" in out


# ---- the upload page ------------------------------------------------------------------------------

def test_upload_preview_import_and_undo_as_staff(db_copy):
    with warehouse.session(db_copy) as con:
        before = table_rows(con, "SELECT count(*) FROM dossiers")[0][0]
    at = run_app(db_copy, sso_user("staff", "canbo@tinh.gov.vn"), sso=True, page="upload")
    good = [row("NEW1", received="03/10/2026 08:00"), row("NEW2", received="04/10/2026 08:00"),
            row("BAD1", received="31/02/2026")]
    at.get("file_uploader")[0].set_value(("thang10.csv", csv_bytes(good), "text/csv")).run()
    assert not at.exception, at.exception
    text = " ".join(m.value for m in at.markdown)
    assert "**2** dòng mới" in text and "**1** bị từ chối" in text  # the dry run's report
    assert "03/10/2026" in text and "04/10/2026" in text  # the date range found
    assert at.selectbox(key=next(k for k in at.session_state if str(k).startswith("kind_"))).value == "dossiers"
    with warehouse.session(db_copy) as con:  # nothing written yet
        assert table_rows(con, "SELECT count(*) FROM dossiers")[0][0] == before
        assert table_rows(con, "SELECT count(*) FROM import_log WHERE file_name = 'thang10.csv'") == [(0,)]
    tables = [d.value for d in at.dataframe]
    assert any("Ngày không tồn tại" in str(v) for t in tables for v in t.to_numpy().ravel())

    at.button(key="import_button").click().run()
    assert not at.exception, at.exception
    assert any("nhập mới 2" in w.value and "từ chối 1" in w.value for w in at.warning)
    import_id = table_rows_db(db_copy, "SELECT max(import_id) FROM import_log WHERE file_name = 'thang10.csv'")
    assert table_rows_db(db_copy, "SELECT count(*) FROM dossiers") == before + 2
    assert table_rows_db(db_copy, "SELECT imported_by FROM import_log WHERE import_id = ?", [import_id]) == \
        "canbo@tinh.gov.vn"
    labels = [d.label for d in at.get("download_button")]
    assert "Tải CSV" in labels and "Tải Excel" in labels
    # the headline figures of October changed, and the page says so
    assert any("Tháng" in t.columns and "10/2026" in set(t["Tháng"]) for t in (d.value for d in at.dataframe))

    # undo, with a confirmation
    at.selectbox(key="undo_choice").set_value(import_id).run()
    at.button(key="undo_ask").click().run()
    assert any("Xác nhận" in w.value for w in at.warning)
    assert table_rows_db(db_copy, "SELECT count(*) FROM dossiers") == before + 2
    at.button(key="undo_confirm").click().run()
    assert not at.exception, at.exception
    assert any("Đã hoàn tác" in s.value for s in at.success)
    assert table_rows_db(db_copy, "SELECT count(*) FROM dossiers") == before
    assert table_rows_db(db_copy, "SELECT undone_by FROM import_undos WHERE import_id = ?", [import_id]) == \
        "canbo@tinh.gov.vn"


def test_upload_a_portal766_file_with_its_period(db_copy):
    import json as json_

    from tests.score_files import TREE

    at = run_app(db_copy, sso_user("staff", "canbo@tinh.gov.vn"), sso=True, page="upload")
    at.get("file_uploader")[0].set_value(("tien_do.json", json_.dumps(TREE).encode(), "application/json")).run()
    assert not at.exception, at.exception
    period_box = next(t for t in at.text_input if t.label.startswith("Kỳ đánh giá của tệp"))
    period_box.set_value("2026-09").run()
    text = ui.plain(" ".join(m.value for m in at.markdown))  # the period is escaped: it is typed text
    assert "nhóm **Tiến độ giải quyết**, kỳ **2026-09**" in text
    assert table_rows_db(db_copy, "SELECT count(*) FROM portal766_scores") == 0  # a preview writes nothing
    at.button(key="import_button").click().run()
    assert not at.exception, at.exception
    assert table_rows_db(db_copy, "SELECT count(DISTINCT period) FROM portal766_scores WHERE period = '2026-09'") == 1
    assert table_rows_db(db_copy, "SELECT kind FROM import_log WHERE file_name = 'tien_do.json'") == "portal766"


def test_staff_cannot_undo_someone_elses_import(db_copy):
    at = run_app(db_copy, sso_user("staff", "canbo@tinh.gov.vn"), sso=True, page="upload")
    # the province's imports were made by the test process's user, not this staff member
    assert any("không có lần nhập nào bạn có thể hoàn tác" in i.value.lower() for i in at.info)
    at = run_app(db_copy, sso_user("admin", "boss@tinh.gov.vn"), sso=True, page="upload")
    assert at.selectbox(key="undo_choice").options


def test_a_wrong_kind_can_be_corrected_and_files_too_large_are_refused(db_copy):
    with warehouse.session(db_copy) as con:
        accounts.set_setting(con, "max_upload_mb", 1)
    at = run_app(db_copy, sso_user("staff"), sso=True, page="upload")
    units = csv_bytes([["U9", "UBND xã Mới", "commune"]], ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"])
    big = b"x" * (1024 * 1024 + 10)
    at.get("file_uploader")[0].set_value([("dv.csv", units, "text/csv"), ("lon.csv", big, "text/csv")]).run()
    assert not at.exception, at.exception
    assert any("quá lớn" in e.value for e in at.error)
    box = at.selectbox(key=next(k for k in at.session_state if str(k).startswith("kind_")))
    assert box.value == "units"
    box.set_value("dossiers").run()  # the person says it is a dossier export: the report follows
    assert any("Thiếu cột bắt buộc" in e.value for e in at.error)


@pytest.mark.parametrize("kind", [k for k in IMPORT_KIND_LABELS if k != "portal766"])  # 766: the portal's own JSON
def test_every_template_imports_as_is(db, tmp_path, kind):
    from data_loaders import import_file

    headers, example = template(kind)
    path = write_csv(tmp_path / f"{kind}.csv", [example], headers)
    res = import_file(db, path, dry_run=True)
    assert res.ok and res.kind == kind and res.rows_rejected == 0 and res.rows_imported == 1, res.summary()
    assert not res.unknown_columns


def test_malformed_uploads_get_a_message_on_the_page_never_a_crash_or_html(db_copy):
    at = run_app(db_copy, sso_user("staff"), sso=True, page="upload")
    nasty = [*row("HS-X1")[:5], "<script>alert('x')</script>", *row("HS-X1")[6:]]
    formula = ['=HYPERLINK("http://example.invalid","bấm")', *row("HS-X2")[1:]]
    files = [("html.csv", csv_bytes([nasty, formula]), "text/csv"),
             ("rac.xlsx", b"PK\x03\x04" + bytes(range(256)) * 4, "application/octet-stream"),
             ("<b>ten</b>.csv", b"\x00\x01\x02" * 100, "text/csv")]
    at.get("file_uploader")[0].set_value(files).run()
    assert not at.exception, at.exception
    errors = [e.value for e in at.error]
    assert len(errors) == 2 and all("Không" in e or "định dạng" in e for e in errors), errors
    texts = (*at.markdown, *at.error, *at.warning)
    assert texts  # the check below must look at something
    for element in texts:
        assert "<script>" not in element.value and "<b>" not in element.value  # escaped, never HTML
    cells = {str(v) for d in at.dataframe for v in d.value.to_numpy().ravel()}
    assert "<script>alert('x')</script>" in cells  # shown as text in a table
    at.button(key="import_button").click().run()
    assert not at.exception, at.exception
    assert table_rows_db(db_copy, "SELECT unit_name FROM dossiers WHERE dossier_code = 'HS-X1'") == \
        "<script>alert('x')</script>"
    # the export neutralises the formula-like cell
    from reports import exports
    import queries

    with warehouse.session(db_copy, read_only=True) as con:
        frame = queries.dossier_list(con, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    text = exports.csv_bytes(frame).decode("utf-8-sig")
    assert "'=HYPERLINK" in text and '\n=HYPERLINK' not in text
