"""Presentation mode in a real browser: the served app at `?mode=present`, Debian's chromium at
projector size. It advances by itself, pauses on a key, moves with the arrows, reads from the back
of the room, and picks up a new import without a reload. Screenshots go to `artifacts/`."""
from __future__ import annotations

import shutil

import pytest

from tests.conftest import ARTIFACTS, DOSSIER_HEADERS, cli, needs_chromium, serve_app, wait_until, write_csv

pytestmark = needs_chromium


@pytest.fixture(scope="module")
def show_server(province_db, tmp_path_factory):
    """A server of its own on a copy of the test province, shared by this module's tests (each has
    a browser context of its own, so no slide or pause carries over). Only the first test writes:
    it imports a dossier and checks the figures before and after; the others check no figure."""
    db = tmp_path_factory.mktemp("show") / "show.duckdb"
    shutil.copy(province_db, db)
    yield from serve_app(db)


def counter(frame) -> tuple[int, int]:
    text = frame.locator("#counter").inner_text()
    i, n = text.split("/")
    return int(i), int(n)


def wait_for(check, timeout: float, step: float = 0.25):
    return wait_until(check, timeout, "the show's state", step=step)


def test_presentation_mode_advances_pauses_and_keeps_current(show_server, page, tmp_path):
    url, db = show_server
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{url}/?mode=present&every=3&period=month:2026-10", wait_until="domcontentloaded")
    frame = page.frame_locator("iframe").first
    frame.locator("#counter").wait_for(timeout=90_000)
    # nothing of the app's chrome to click: no sidebar, no toolbar; the show fills the screen
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert not page.locator('[data-testid="stToolbar"]').is_visible()
    box = page.locator("iframe").first.bounding_box()
    assert box["width"] >= 1900 and box["height"] >= 1060
    i, n = counter(frame)
    assert n >= 6
    # the headline slide: figures at least 48 px, the period from the URL
    first = frame.locator(".slide.on")
    assert first.get_attribute("data-kind") == "headline"
    sizes = first.locator(".tile .value, .tile .meta").evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert len(sizes) >= 8 and min(sizes) >= 48, sizes  # every figure and change on the slide
    assert "Tháng 10/2026" in frame.locator("footer").inner_text()
    assert first.locator('.tile[data-metric="on_time_rate"] .value').inner_text() == "50,00%"  # test_metrics
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "present_light.png"))

    # it advances by itself (every=3 seconds)
    start = counter(frame)[0]
    wait_for(lambda: counter(frame)[0] != start, timeout=12)
    # a key pauses it: the counter then stays put
    page.keyboard.press("Space")
    wait_for(lambda: "Tạm dừng" in frame.locator("#state").inner_text(), timeout=15)
    held = counter(frame)[0]
    # paused, it stays put for longer than its interval: watch the counter from inside the page
    # until the page's own clock has run one and a half intervals (4.5 s of every=3) past the pause
    show = page.locator("iframe").first.element_handle().content_frame()
    show.evaluate("""() => { window.__moves = 0; window.__pausedAt = performance.now();
        new MutationObserver(() => window.__moves++).observe(document.getElementById('counter'),
                                                            {childList: true, characterData: true, subtree: true}); }""")
    show.wait_for_function("performance.now() - window.__pausedAt > 4500", timeout=30_000)
    assert show.evaluate("window.__moves") == 0
    assert counter(frame)[0] == held
    # the arrows still move, forwards and back
    page.keyboard.press("ArrowRight")
    wait_for(lambda: counter(frame)[0] == held % n + 1, timeout=15)
    page.keyboard.press("ArrowLeft")
    wait_for(lambda: counter(frame)[0] == held, timeout=15)
    # a click resumes, another pauses again
    page.mouse.click(960, 500)
    wait_for(lambda: frame.locator("#state").inner_text() == "", timeout=15)
    page.mouse.click(960, 500)
    wait_for(lambda: "Tạm dừng" in frame.locator("#state").inner_text(), timeout=15)
    held = counter(frame)[0]

    # a new import appears without a reload: the show stays on its slide, paused, with new figures
    version = frame.locator("body").get_attribute("data-version")
    extra = write_csv(tmp_path / "more.csv", [[
        "L", "1.000001", "", "", "U1", "", "Trực tiếp", "", "05/10/2026 08:00", "10/10/2026", "09/10/2026 08:00", "",
        "10", "", "", "", "", "", ""]], DOSSIER_HEADERS)
    cli("--db", db, "import", extra)
    wait_for(lambda: frame.locator("body").get_attribute("data-version") != version, timeout=40, step=0.5)
    assert counter(frame)[0] == held and "Tạm dừng" in frame.locator("#state").inner_text()
    headline = frame.locator('.slide[data-kind="headline"] .tile[data-metric="on_time_rate"] .value')
    assert headline.inner_text() == "60,00%"  # 3 on time of 5 now
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1  # never reloaded


def test_dark_theme_and_the_navigation_entry(show_server, page):
    url, _ = show_server
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{url}/?mode=present&theme=dark&every=60&period=month:2026-10&lang=en", wait_until="domcontentloaded")
    frame = page.frame_locator("iframe").first
    frame.locator("#counter").wait_for(timeout=90_000)
    background = frame.locator("body").evaluate("e => getComputedStyle(e).backgroundColor")
    colour = frame.locator("h1").first.evaluate("e => getComputedStyle(e).color")
    assert background == "rgb(0, 0, 0)" and colour != "rgb(0, 0, 0)"
    assert frame.locator(".slide.on h1").inner_text() == "Headline figures"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "present_dark.png"))

    # from the normal app, the "Trình chiếu" entry opens the same full-screen mode
    page.goto(f"{url}/?period=month:2026-10", wait_until="domcontentloaded")
    page.locator('[data-testid="stSidebarNav"]').get_by_text("Trình chiếu").click(timeout=90_000)
    page.frame_locator("iframe").first.locator("#counter").wait_for(timeout=60_000)
    assert "mode=present" in page.url and "period=month" in page.url
    assert not page.locator('[data-testid="stSidebar"]').is_visible()


def test_map_slide_draws_every_located_commune_offline(demo_db, tmp_path):
    # the meeting-room map is SVG made here: one point per commune with coordinates, the worst
    # named with their rate, nothing fetched, names escaped (on a copy of the session's demo
    # province: the same units and coordinates as the full demo, generated once)
    import re

    from reports import present
    import warehouse
    from queries import periods

    db = tmp_path / "demo.duckdb"
    shutil.copy(demo_db, db)
    with warehouse.session(db) as con:
        con.execute("UPDATE units SET unit_name = '<b>xã Thử</b>' WHERE unit_code = (SELECT min(unit_code) FROM units "
                    "WHERE kind = 'commune' AND successor_code IS NULL AND lat IS NOT NULL)")
    with warehouse.session(db, read_only=True) as con:
        located = con.execute("SELECT count(*) FROM units WHERE kind = 'commune' AND successor_code IS NULL "
                              "AND lat IS NOT NULL").fetchall()[0][0]
        inner = present.map_slide(con, periods.month(2026, 10), None, "vi")
    outside = re.findall(r'font-size="30" fill="var\(--fg\)">… ([^<]*)</text>', inner)  # offshore, named below
    assert outside == ["UBND đặc khu Trường Sa"]
    assert inner.count("<circle") + 1 == located > 50
    assert "<b>" not in inner and "&lt;b&gt;xã Thử&lt;/b&gt;" in inner
    assert "http" not in inner.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert len(re.findall(r'font-size="48" font-weight="700"', inner)) == 5  # the five lowest, named


def test_present_mode_on_any_page_address_opens_the_show(show_server, page):
    url, _ = show_server
    page.goto(f"{url}/on_time?mode=present&every=600&period=month:2026-09", wait_until="domcontentloaded")
    frame = page.frame_locator("iframe").first
    frame.locator("#counter").wait_for(timeout=90_000)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert "Tháng 09/2026" in frame.locator(".slide.on .sub").inner_text()  # the period asked for
