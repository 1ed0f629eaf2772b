"""Signing in, in a real browser (issue 11, items 9, 11, 12, 13): eight tabs guessing at once,
a reload that keeps the sign-in, a bookmarked /sign_in, download links that need the sign-in,
and a presentation that stops when its viewer may no longer see it."""
from __future__ import annotations

import shutil

import pytest

import warehouse
from auth import accounts
from tests.conftest import cli, needs_chromium, serve_app, settle

pytestmark = needs_chromium


def make_db(province_db, folder, require: bool):
    db = folder / "signin.duckdb"
    shutil.copy(province_db, db)
    with warehouse.session(db) as con:
        accounts.add_user(con, "quantri", "admin", "mat-khau-quan-tri")
        for name in ("xem", "xem2", "doan"):
            accounts.add_user(con, name, "viewer", f"mat-khau-{name}")
        accounts.set_setting(con, "require_sign_in", require)
    return db


@pytest.fixture(scope="module")
def required_server(province_db, tmp_path_factory):
    """Viewers must sign in."""
    yield from serve_app(make_db(province_db, tmp_path_factory.mktemp("required"), True))


def open_sign_in(pg, url: str) -> None:
    pg.goto(f"{url}/sign_in", wait_until="domcontentloaded")
    pg.get_by_label("Tên đăng nhập").wait_for(timeout=90_000)
    settle(pg)


def sign_in(pg, url: str, name: str, password: str) -> None:
    open_sign_in(pg, url)
    pg.get_by_label("Tên đăng nhập").fill(name)
    pg.get_by_label("Mật khẩu").fill(password)
    pg.get_by_role("button", name="Đăng nhập").click()
    pg.get_by_text("Đang đăng nhập").wait_for(timeout=60_000)
    settle(pg)


def test_a_bookmarked_sign_in_page_opens_when_sign_in_is_required(required_server, page):
    url, _ = required_server
    for _ in range(2):  # the server's first request for it, and a later one
        open_sign_in(page, url)
        assert page.get_by_text("Page not found").count() == 0  # before: "Page not found"
        assert page.url.split("?")[0].endswith("/sign_in")
        assert page.locator('[data-testid="stSidebarNav"]').count() == 0  # nothing else to see
    page.goto(url, wait_until="domcontentloaded")  # the root leads to the same page
    page.get_by_label("Tên đăng nhập").wait_for(timeout=90_000)
    settle(page)
    assert page.url.split("?")[0].endswith("/sign_in")


def test_reload_keeps_a_local_sign_in_until_sign_out(required_server, page):
    url, _ = required_server
    sign_in(page, url, "xem", "mat-khau-xem")
    page.reload(wait_until="domcontentloaded")
    page.get_by_text("Đang đăng nhập").wait_for(timeout=90_000)  # before: signed out by the reload
    settle(page)
    assert "xem" in page.locator('[data-testid="stSidebar"]').inner_text()
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Tài khoản").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_label("Tên đăng nhập").wait_for(timeout=60_000)
    settle(page)
    page.reload(wait_until="domcontentloaded")
    page.get_by_label("Tên đăng nhập").wait_for(timeout=90_000)
    settle(page)
    assert page.get_by_text("Đang đăng nhập").count() == 0


def test_a_download_link_works_only_with_the_sign_in(required_server, page, browser):
    url, _ = required_server
    sign_in(page, url, "doan", "mat-khau-doan")
    page.get_by_role("tab", name="Xếp hạng tất cả đơn vị").click()  # the ranking, behind its tab
    page.get_by_role("button", name="Tải CSV").last.wait_for(timeout=90_000)
    with page.expect_download() as download:
        page.get_by_role("button", name="Tải CSV").last.click()
    link = download.value.url
    assert "/media/" in link
    assert page.context.request.get(link).status == 200  # the signed-in browser
    stranger = browser.new_context()
    try:
        refused = stranger.request.get(link)  # no cookie: before, the file was served
        assert refused.status == 403
        assert "Cần đăng nhập" in refused.text() and "Signing in is required" in refused.text()
        # but the app's own fonts are for everyone: refused, the sign-in page drew icon names
        fonts = page.evaluate("performance.getEntriesByType('resource').map(e => e.name)"
                              ".filter(n => n.includes('/static/media/'))")
        assert any("MaterialSymbols" in f for f in fonts), fonts
        for font in fonts:
            assert stranger.request.get(font).status == 200, font
    finally:
        stranger.close()


def test_eight_tabs_guessing_together_get_four_wrong_answers_then_the_lock(required_server, browser):
    url, _ = required_server
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    try:
        tabs = [context.new_page() for _ in range(8)]
        for tab in tabs:
            open_sign_in(tab, url)
            tab.get_by_label("Tên đăng nhập").fill("quantri")
            tab.get_by_label("Mật khẩu").fill("sai-mat-khau")
        for tab in tabs:  # as close together as a person's eight clicks can be
            tab.get_by_label("Mật khẩu").press("Enter")
        answers = []
        for tab in tabs:
            alert = tab.locator('[data-testid="stAlertContentError"]')
            alert.wait_for(timeout=90_000)
            answers.append(alert.inner_text())
        wrong = sum("không đúng" in a for a in answers)
        locked = sum("tạm khóa" in a for a in answers)
        assert (wrong, locked) == (4, 4), answers  # before: up to 9 wrong answers before the lock
    finally:
        context.close()
    cli("--db", required_server[1], "user", "unlock", "quantri")


def test_the_presentation_stops_when_its_viewer_is_disabled(required_server, page):
    url, db = required_server
    sign_in(page, url, "xem2", "mat-khau-xem2")
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Trình chiếu", exact=True).click()
    page.frame_locator("iframe").first.locator("section.slide").first.wait_for(state="attached", timeout=90_000)
    cli("--db", db, "user", "disable", "xem2")
    # the show's own refresh (every 10 s) finds the account disabled: no figures, the sign-in page
    page.get_by_label("Tên đăng nhập").wait_for(timeout=60_000)
    assert page.locator("iframe").count() == 0


@pytest.fixture
def public_server(province_db, tmp_path):
    """Dashboards public for now (an account exists, so sign-in could be required later)."""
    yield from serve_app(make_db(province_db, tmp_path, False))


def test_the_presentation_stops_when_sign_in_becomes_required(public_server, page):
    url, db = public_server
    page.goto(f"{url}/?mode=present&period=month:2026-10", wait_until="domcontentloaded")
    page.frame_locator("iframe").first.locator("section.slide").first.wait_for(state="attached", timeout=90_000)
    cli("--db", db, "setting", "require_sign_in", "1")
    page.get_by_label("Tên đăng nhập").wait_for(timeout=60_000)  # before: new figures every 10 s
    assert page.locator("iframe").count() == 0
