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

import warehouse
from auth import accounts
from tests.conftest import cli, needs_chromium, read_only_disk, serve_app, settle, write_csv
from tests.score_files import PAR_HEADERS, par_rows
from tests.xlsx_files import far_cell_xlsx

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
    # the app's own bold text, never the names' **b** (a page may have no bold text at all)
    assert "b" not in [strong.inner_text().strip() for strong in pg.locator("strong").all()]
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
    assert name in text  # the caption, the scope chip, the sidebar: the literal name
    # the scope chip, on every page, names the unit as written
    chip = page.get_by_role("button", name="Đang xem:", exact=False).first.inner_text().replace(JOINER, "")
    assert chip.split() == f"Đang xem: {name} ✕".split()
    if path == "on_time":  # the dossier list runs when its tab is opened: its procedure choices are names too
        page.get_by_role("tab", name="Danh sách hồ sơ").click()
        page.get_by_text("Tình trạng").first.wait_for(timeout=60_000)
        settle(page)
        assert_inert(page)
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


# ---- a hostile file on the upload page (items 1, 6) ---------------------------------------------------

def sign_in_as_admin(pg, url: str) -> None:
    pg.goto(f"{url}/sign_in", wait_until="domcontentloaded")
    pg.get_by_label("Tên đăng nhập").wait_for(timeout=90_000)
    settle(pg)
    pg.get_by_label("Tên đăng nhập").fill("quantri")
    pg.get_by_label("Mật khẩu").fill("mat-khau-quan-tri")
    pg.get_by_role("button", name="Đăng nhập").click()
    pg.get_by_text("Đang đăng nhập").wait_for(timeout=60_000)
    settle(pg)


def test_a_tiny_xlsx_claiming_a_huge_sheet_is_refused_and_the_server_stays_up(hostile_server, page, tmp_path):
    url, _ = hostile_server
    sign_in_as_admin(page, url)
    page.goto(f"{url}/upload", wait_until="domcontentloaded")  # the sign-in survives: it is remembered
    page.get_by_text("Chọn một hoặc nhiều tệp").wait_for(timeout=90_000)
    settle(page)
    bad = far_cell_xlsx(tmp_path / "xa_phuong.xlsx")  # 1.7 KB, one cell at XFD1048576: before, SIGABRT
    page.locator('input[type="file"]').set_input_files([str(bad)])
    page.get_by_text("vượt giới hạn nhận").wait_for(timeout=90_000)
    settle(page)
    assert "XFD1048576" in shown(page) and "1,048,576" in shown(page)
    page.goto(f"{url}/?period=month:2026-10", wait_until="domcontentloaded")  # everyone's dashboard still up
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=90_000)


def test_a_file_over_the_upload_limit_gets_our_words_and_never_a_bare_413(hostile_server, page, tmp_path):
    url, db = hostile_server
    cli("--db", db, "setting", "max_upload_mb", "1")
    try:
        sign_in_as_admin(page, url)
        page.goto(f"{url}/upload", wait_until="domcontentloaded")
        page.get_by_text("Mỗi tệp tối đa 1 MB").wait_for(timeout=90_000)  # always on screen, in Vietnamese
        settle(page)
        big = tmp_path / "lon.csv"
        big.write_bytes(b"x" * (2 * 1024 * 1024))
        page.locator('input[type="file"]').set_input_files([str(big)])
        page.get_by_role("alert").filter(has_text="File must be 1.0MB or smaller").wait_for(timeout=60_000)
        assert "AxiosError" not in shown(page) and "413" not in shown(page)
        assert "File must be 1.0MB or smaller" in page.get_by_text("Mỗi tệp tối đa 1 MB").inner_text()
    finally:
        cli("--db", db, "setting", "max_upload_mb", "200")


# ---- the database cannot be used as asked (items 14, 15) ---------------------------------------------

def error_page(pg, url: str) -> str:
    pg.goto(url, wait_until="domcontentloaded")
    pg.locator('[data-testid="stAlertContentError"]').first.wait_for(timeout=120_000)
    settle(pg)
    assert pg.locator('[data-testid="stException"]').count() == 0  # not Streamlit's generic error page
    return pg.locator('[data-testid="stAlertContentError"]').first.inner_text().replace(JOINER, "")


@pytest.fixture
def typo_server(tmp_path):
    yield from serve_app(tmp_path / "cchc_typo.duckdb")


def test_a_mistyped_cchc_db_shows_what_is_wrong_and_creates_nothing(typo_server, page):
    url, db = typo_server
    text = error_page(page, url)
    assert "Không có cơ sở dữ liệu tại" in text and str(db) in text and "--create" in text
    assert not db.exists()


@pytest.fixture
def busy_server(province_db, tmp_path):
    db = tmp_path / "busy.duckdb"
    shutil.copy(province_db, db)
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
                               "print('held', flush=True); sys.stdin.read()", str(db)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    try:
        yield from serve_app(db, env={"CCHC_LOCK_WAIT": "2"})
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)


def test_a_database_held_by_another_process_is_explained_on_the_page(busy_server, page):
    url, _ = busy_server
    text = error_page(page, url)
    assert "đang bận" in text and "CCHC_LOCK_WAIT" in text


@pytest.fixture
def read_only_server(read_only_mounts, hostile_db, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "cchc.duckdb"
    shutil.copy(hostile_db, db)
    prefix = read_only_disk(folder, [])
    yield from serve_app(db, prefix=prefix)


def test_on_a_read_only_disk_the_dashboards_work_and_signing_in_says_why_it_cannot(read_only_server, page):
    url, _ = read_only_server
    page.goto(f"{url}/?period=month:2026-10", wait_until="domcontentloaded")
    page.locator('[data-testid="stMetric"]').first.wait_for(timeout=120_000)  # before: the generic error page
    settle(page)
    page.goto(f"{url}/sign_in", wait_until="domcontentloaded")
    page.get_by_label("Tên đăng nhập").wait_for(timeout=90_000)
    settle(page)
    page.get_by_label("Tên đăng nhập").fill("quantri")
    page.get_by_label("Mật khẩu").fill("mat-khau-quan-tri")
    page.get_by_role("button", name="Đăng nhập").click()
    alert = page.locator('[data-testid="stAlertContentError"]').first
    alert.wait_for(timeout=90_000)
    text = alert.inner_text().replace(JOINER, "")
    assert "chỉ cho đọc" in text and "quyền ghi" in text
