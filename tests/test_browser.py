"""What a person sees: the real app served by `streamlit run`, opened in Debian's chromium.

The browser may only talk to the app on localhost; any other request fails the test, which
is how we know the dashboard works in an office without internet. Screenshots go to the
git-ignored `artifacts/` folder.
"""
from __future__ import annotations

import json

import pytest

from tests.conftest import ARTIFACTS, charts_drawn, cli, needs_chromium, serve_app, settle

pytestmark = needs_chromium


def test_overview_shows_the_demo_kpi_cards(served_app, page):
    url, db = served_app
    page.goto(url, wait_until="domcontentloaded")
    cards = page.locator('[data-testid="stMetric"]')
    cards.first.wait_for(timeout=90_000)
    page.wait_for_function("document.querySelectorAll('[data-testid=stMetric]').length >= 6", timeout=30_000)
    page.get_by_text("Dữ liệu mẫu", exact=False).first.wait_for(timeout=10_000)
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=30_000)
    page.set_viewport_size({"width": 1600, "height": 2400})  # the whole page, for the screenshot
    charts_drawn(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)

    shown = {}
    for i in range(cards.count()):
        label = cards.nth(i).locator('[data-testid="stMetricLabel"]').inner_text().strip()
        value = cards.nth(i).locator('[data-testid="stMetricValue"]').inner_text().strip()
        shown[label] = value
    assert len(shown) == 8

    # The default period is the latest month with data; the figures are those of cli.py kpis.
    caption = page.locator('[data-testid="stCaptionContainer"]').first.inner_text()
    month, year = caption.split("Tháng ")[1].split(" ")[0].split("/")
    import calendar

    import formatting as fmt
    from queries.metrics import LABELS_VI

    last = calendar.monthrange(int(year), int(month))[1]
    k = json.loads(cli("--db", db, "kpis", "--from", f"{year}-{month}-01", "--to", f"{year}-{month}-{last}",
                       "--json").stdout)
    assert k["demo"] is True
    for metric in ("on_time_rate", "progress_rate", "online_rate", "full_online_rate", "digitized_rate",
                   "online_payment_rate"):
        assert shown[LABELS_VI[metric]] == fmt.percent(k[metric]), metric


PAGES = ("", "on_time", "online", "digitization", "data_quality")


@pytest.mark.parametrize("path", PAGES)
def test_every_page_renders_without_an_exception(served_app, page, path):
    url, _ = served_app
    page.goto(f"{url}/{path}?period=month:2026-10", wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=90_000)
    settle(page)  # the script run has finished: everything it draws is on the page
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]').first.inner_text()
    assert "Tháng 10/2026" in page.locator('[data-testid="stCaptionContainer"]').first.inner_text()
    assert "Tổng quan" in page.locator('[data-testid="stSidebarNav"]').inner_text()
    page.set_viewport_size({"width": 1600, "height": 2400})
    charts_drawn(page)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"page_{path or 'overview'}.png"), full_page=True)


@pytest.fixture
def fresh_server(province_db, tmp_path):
    """A server process of its own, on a copy of the small province, that nobody has opened yet."""
    import shutil

    db = tmp_path / "fresh.duckdb"
    shutil.copy(province_db, db)
    yield from serve_app(db)


def test_a_deep_link_works_as_the_first_request_of_a_new_server(fresh_server, page):
    # Streamlit runs a deep-linked page's file alone on a new server's first request.
    url, _ = fresh_server
    page.goto(f"{url}/on_time?period=month:2026-10&unit=U1", wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=60_000)
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Sở Tư pháp" in page.locator('[data-testid="stCaptionContainer"]').first.inner_text()
    # the app's own navigation, not Streamlit's list of files
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Giải quyết đúng hạn" in nav and "on time" not in nav


def test_a_copied_link_opens_the_same_view(served_app, page):
    url, _ = served_app
    page.goto(f"{url}/?period=quarter:2026-Q3&kind=commune&lang=en", wait_until="domcontentloaded")
    caption = page.locator('[data-testid="stCaptionContainer"]').first
    caption.wait_for(timeout=90_000)
    settle(page)
    assert caption.inner_text().startswith("Q3 2026 · Communes")


def test_switching_language_shows_every_chosen_option_in_the_new_language(served_app, page):
    """A person switching to English in a meeting: the choices already made (the period's kind,
    the quarter, the unit kind, the dossier list's state) read in English, not as the Vietnamese
    words they were chosen in."""
    url, _ = served_app
    page.goto(f"{url}/on_time?period=quarter:2026-Q3&kind=commune", wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=90_000)
    settle(page)
    page.get_by_role("tab", name="Danh sách hồ sơ").click()
    # the list's own choices, drawn by the run the tab's click starts
    page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').filter(has_text="Thủ tục").wait_for(
        timeout=60_000)
    settle(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    # what a selectbox shows as chosen is its text box's value
    chosen = lambda where: where.locator('[data-testid="stSelectbox"] input').evaluate_all(  # noqa: E731
        "inputs => inputs.map(i => i.value)")
    before = " | ".join(chosen(sidebar) + chosen(page.locator('[data-testid="stMain"]')))
    assert "Quý" in before and "Xã, phường" in before and "Giải quyết trễ hạn" in before, before
    assert "— Tất cả —" in before and "— Tất cả thủ tục —" in before, before

    sidebar.get_by_text("English", exact=True).click()
    page.get_by_text("Period", exact=True).first.wait_for(timeout=60_000)
    settle(page)
    side, main = chosen(sidebar), chosen(page.locator('[data-testid="stMain"]'))
    # every box, the "all" ones too (an empty box or "Choose…" would read as nothing chosen)
    assert side == ["Quarter", "Q 3/2026", "Communes", "— All —"], side
    assert main == ["Resolved late", "— All procedures —"], main
    side, main = " | ".join(side), " | ".join(main)
    for vietnamese in ("Quý", "Xã, phường", "Giải quyết trễ hạn", "Tháng"):
        assert vietnamese not in side + main, (vietnamese, side, main)
