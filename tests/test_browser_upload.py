"""A staff member in a real browser: signs in, uploads a good and a bad file through the page
(`set_input_files`), reads the report, imports, downloads the rejected rows, undoes an import.
Uses the server and browser fixtures of test_browser.py (Debian's chromium, localhost only)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import warehouse
from auth import accounts
from tests.conftest import ARTIFACTS, DOSSIER_HEADERS, needs_chromium, row, serve_app, settle, write_csv

pytestmark = needs_chromium


@pytest.fixture
def staff_server(province_db, tmp_path):
    db = tmp_path / "upload.duckdb"
    shutil.copy(province_db, db)
    with warehouse.session(db) as con:
        accounts.add_user(con, "canbo", "staff", "mat-khau-canbo")
    yield from serve_app(db)


def count(db, sql: str):
    with warehouse.session(db, read_only=True) as con:
        return con.execute(sql).fetchall()[0][0]


def test_staff_uploads_reads_the_report_downloads_rejects_and_undoes(staff_server, page, tmp_path):
    url, db = staff_server
    before = count(db, "SELECT count(*) FROM dossiers")
    good = write_csv(tmp_path / "tot_thang10.csv", [row("WEB1"), row("WEB2", received="06/10/2026 09:00")],
                     DOSSIER_HEADERS)
    bad = write_csv(tmp_path / "loi_thang10.csv", [row("WEB3"), row("WEB4", received="31/02/2026"),
                                                   row("WEB5", status="99")], DOSSIER_HEADERS)

    # reached by its address, the upload page refuses an anonymous visitor
    page.goto(f"{url}/upload", wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=90_000)
    settle(page)
    assert page.locator('input[type="file"]').count() == 0
    page.goto(url, wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=90_000)
    settle(page)
    nav = page.locator('[data-testid="stSidebarNav"]')
    assert "Tải dữ liệu" not in nav.inner_text()  # not for anonymous readers
    nav.get_by_text("Đăng nhập").click()
    page.get_by_label("Tên đăng nhập").fill("canbo")
    page.get_by_label("Mật khẩu").fill("mat-khau-canbo")
    page.get_by_role("button", name="Đăng nhập").click()
    settle(page)
    nav.get_by_text("Tải dữ liệu").wait_for(timeout=30_000)
    nav.get_by_text("Tải dữ liệu").click()
    page.get_by_text("Chọn một hoặc nhiều tệp").wait_for(timeout=30_000)

    page.locator('input[type="file"]').set_input_files([str(good), str(bad)])
    page.get_by_text("Sẽ nhập:").nth(1).wait_for(timeout=60_000)
    settle(page)
    report = page.locator('[data-testid="stMain"]').inner_text()
    assert "tot_thang10.csv" in report and "loi_thang10.csv" in report
    assert report.count("Hồ sơ TTHC") >= 2  # the detected kind, shown
    assert count(db, "SELECT count(*) FROM dossiers") == before  # nothing written by the preview
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1600, "height": 2600})
    page.screenshot(path=str(ARTIFACTS / "upload_preview.png"), full_page=True)

    page.get_by_role("button", name="Nhập 2 tệp").click()
    page.get_by_text("Kết quả nhập").wait_for(timeout=60_000)
    settle(page)
    results = page.locator('[data-testid="stMain"]').inner_text()
    assert "nhập mới 2" in results and "từ chối 2" in results
    assert count(db, "SELECT count(*) FROM dossiers") == before + 3
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải CSV").first.click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Lý do từ chối" in text and "WEB4" in text and "WEB5" in text and "Ngày không tồn tại" in text
    page.screenshot(path=str(ARTIFACTS / "upload_result.png"), full_page=True)

    page.get_by_role("tab", name="Lịch sử nhập").click()
    page.get_by_role("button", name="Hoàn tác…").click()
    page.get_by_role("button", name="Xác nhận hoàn tác").wait_for(timeout=30_000)
    page.get_by_role("button", name="Xác nhận hoàn tác").click()
    page.get_by_text("Đã hoàn tác lần nhập").wait_for(timeout=60_000)
    settle(page)
    # the newest import (the file with errors, one row written) is undone; the good file stays
    assert count(db, "SELECT count(*) FROM dossiers") == before + 2
    assert count(db, "SELECT count(*) FROM dossiers WHERE dossier_code = 'WEB3'") == 0
    assert count(db, "SELECT count(*) FROM import_undos") == 1
