"""What a person sees when the data, the address or the server is hostile or broken (issue 11):
unit, procedure and file names that look like Markdown, HTML or links are shown as written and
never fetch anything (item 7); a wrong database path, a held lock or a read-only disk is explained
in words (items 14, 15). Debian's chromium on the served app; any request off localhost fails."""
from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import pytest

import accounts
import warehouse
from tests.conftest import ROOT, _free_port, needs_chromium, serve_app, write_csv
from tests.test_cli import cli
from tests.test_scores import PAR_HEADERS, par_rows

pytestmark = needs_chromium

JOINER = "\u2060"
EVIL = "Sở ![e](http://203.0.113.5/x.png) :red[x] **b** $x^2$ <img src=http://203.0.113.5/y.png> http://203.0.113.5/z"
EVIL2 = "UBND xã www.example.vn canbo@tinh.gov.vn :material/home: &lt;i&gt; _i_ ~~s~~ `c`"
EVIL_PROC = "Khai sinh [bấm](http://203.0.113.5/p) ![i](http://203.0.113.5/q.png)"
EVIL_FIELD = "Hộ tịch :blue[x] <b>y</b>"
UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cha", "Mã hành chính"]
# markup that must not exist anywhere on a page built from these names
FORBIDDEN = ('a[href*="203.0.113.5"]', 'a[href*="example.vn"]', 'a[href^="mailto:"]', 'img[src*="203.0.113.5"]',
             ".katex")  # (Streamlit's own chrome uses material icons: EVIL2's `:material/home:` is checked as text)


@pytest.fixture(scope="module")
def hostile_db(province_db, tmp_path_factory):
    """The test province with every name a file can give turned hostile: units, procedures, fields,
    PAR and QĐ 766 score files."""
    tmp = tmp_path_factory.mktemp("hostile")
    db = tmp / "hostile.duckdb"
    shutil.copy(province_db, db)
    cli("--db", db, "import", write_csv(tmp / "u.csv", [["U1", EVIL, "department", "H99", ""],
                                                        ["U2", EVIL2, "commune", "H99", "99001"]], UNIT_HEADERS))
    cli("--db", db, "import", write_csv(tmp / "p.csv", [["1.000001", EVIL_PROC, EVIL_FIELD, "Toàn trình"]],
                                        ["Mã TTHC", "Tên TTHC", "Lĩnh vực", "Mức độ"]))
    cli("--db", db, "import", write_csv(tmp / "par.csv", par_rows(2026, "U1", EVIL, [(4, 4), (6, 5), (90, 70)])
                                        + par_rows(2026, "U2", EVIL2, [(4, 3), (6, 6), (90, 80)]), PAR_HEADERS))
    tree = {"code": "OK", "data": {
        "parent": {"departmentCode": "H99", "departmentName": "UBND tỉnh Thử", "totalReceived": 20,
                   "totalOnTime": 15, "totalCompleted": 18, "avgProcessingDays": 3.1, "ratio": 90.0,
                   "totalScore": 18.0, "totalMaxScore": 20},
        "children": [
            {"departmentCode": "U1", "departmentName": EVIL, "level": "PROVINCE", "totalReceived": 10,
             "totalOnTime": 8, "totalOverdue": 2, "avgProcessingDays": 2.2, "ratio": 80.0, "score": 16.0,
             "maxScore": 20},
            {"departmentCode": "U2", "departmentName": EVIL2, "level": "COMMUNE", "totalReceived": 10,
             "totalOnTime": 9, "totalOverdue": 1, "avgProcessingDays": 3.0, "ratio": 90.0, "score": 18.0,
             "maxScore": 20}]}}
    (tmp / "t.json").write_text(json.dumps(tree, ensure_ascii=False), encoding="utf-8")
    cli("--db", db, "import", tmp / "t.json", "--period", "2026-10")
    with warehouse.session(db) as con:
        accounts.add_user(con, "quantri", "admin", "mat-khau-quan-tri")
    return db


@pytest.fixture(scope="module")
def hostile_server(hostile_db):
    yield from serve_app(hostile_db)


def settle(pg, timeout: int = 90_000) -> None:
    """Wait until the app's script run has finished (Streamlit marks the app root)."""
    pg.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout)


def shown(pg) -> str:
    """The page's text as a person reads it (the invisible word joiners the app adds, removed)."""
    return pg.locator("body").inner_text().replace(JOINER, "")


def go(pg, title: str) -> None:
    """Open a page from the sidebar's navigation (which folds long lists under "View N more")."""
    nav = pg.locator('[data-testid="stSidebarNav"]')
    more = nav.get_by_text(re.compile(r"^View \d+ more$"))
    if more.count():
        more.click()
    nav.get_by_text(title, exact=True).click()


def assert_inert(pg) -> None:
    for selector in FORBIDDEN:
        assert pg.locator(selector).count() == 0, selector
    for strong in pg.locator("strong").all():  # the app's own bold text, never the names' **b**
        assert strong.inner_text().strip() != "b"
    assert pg.locator('[data-testid="stException"]').count() == 0


PAGES = ["", "on_time", "online", "digitization", "par_index", "portal766", "institutional_map", "data_quality",
         "briefing"]


@pytest.mark.parametrize("unit", ["U1", "U2"])
@pytest.mark.parametrize("path", PAGES)
def test_names_from_files_are_shown_as_written_and_fetch_nothing(hostile_server, page, path, unit):
    url, _ = hostile_server
    page.goto(f"{url}/{path}?period=month:2026-10&unit={unit}", wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=90_000)
    settle(page)
    assert_inert(page)
    text = shown(page)
    name = EVIL if unit == "U1" else EVIL2
    assert name in text  # the caption, the back button, the sidebar: the literal name
    if path == "":
        back = page.get_by_role("button", name="← Xem lại tất cả đơn vị").inner_text().replace(JOINER, "")
        assert back == f"← Xem lại tất cả đơn vị (đang xem: {name})"
    # the page fixture fails the test if anything off localhost was requested (the image of the name)


def test_the_whole_province_view_and_the_presentation_fetch_nothing(hostile_server, page):
    url, _ = hostile_server
    page.goto(f"{url}/?period=month:2026-10", wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=90_000)
    settle(page)
    assert_inert(page)
    page.goto(f"{url}/?mode=present&period=month:2026-10&unit=U1", wait_until="domcontentloaded")
    frame = page.frame_locator("iframe").first
    frame.locator("section.slide").first.wait_for(state="attached", timeout=90_000)
    assert EVIL in frame.locator("body").inner_text() or EVIL in frame.locator("body").text_content()
    assert frame.locator('img[src*="203.0.113.5"]').count() == 0


def test_upload_and_admin_pages_show_file_and_account_names_as_written(hostile_server, page, tmp_path):
    url, db = hostile_server
    page.goto(f"{url}/?period=month:2026-10", wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=90_000)
    settle(page)
    go(page, "Đăng nhập")
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill("mat-khau-quan-tri")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_text("Đang đăng nhập").wait_for(timeout=60_000)
    settle(page)
    go(page, "Tải dữ liệu")
    page.get_by_text("Chọn một hoặc nhiều tệp").wait_for(timeout=60_000)
    weird = tmp_path / ":red[x] **b** www.example.vn $x^2$.csv"
    weird.write_text("Mã đơn vị,Tên đơn vị,Loại đơn vị\nU9,![e](http://203.0.113.5/w.png) Sở Mới,department\n",
                     encoding="utf-8")
    page.locator('input[type="file"]').set_input_files([str(weird)])
    page.get_by_text("Sẽ nhập:").wait_for(timeout=60_000)
    settle(page)
    assert ":red[x] **b** www.example.vn $x^2$.csv" in shown(page)
    assert_inert(page)
    go(page, "Quản trị")
    page.get_by_text("Thêm tài khoản").wait_for(timeout=60_000)
    settle(page)
    form = page.locator('[data-testid="stForm"]').first
    form.get_by_label("Tên đăng nhập").fill("canbo@www.example.vn")
    form.get_by_label("Mật khẩu ban đầu").fill("mat-khau-can-bo")
    form.get_by_role("button", name="Thêm").click()
    page.get_by_text("Đã tạo tài khoản").wait_for(timeout=60_000)
    settle(page)
    assert "Đã tạo tài khoản canbo@www.example.vn." in shown(page)
    assert_inert(page)
