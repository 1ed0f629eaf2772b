"""What a person sees: the real app served by `streamlit run`, opened in Debian's chromium.

The browser may only talk to the app on localhost; any other request fails the test, which
is how we know the dashboard works in an office without internet. Screenshots go to the
git-ignored `artifacts/` folder.
"""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.test_cli import cli

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "artifacts"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian chromium is not installed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def served_app(tmp_path_factory):
    """`streamlit run app.py` on a brand-new database: the first start loads the demo province."""
    db = tmp_path_factory.mktemp("browser") / "first_start.duckdb"
    yield from _serve(db)


def _serve(db):
    port = _free_port()
    env = dict(os.environ, CCHC_DB=str(db))
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"), "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.3)
    yield url, db
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="vi-VN")
    outside = []

    def only_localhost(route):
        host = route.request.url.split("/")[2].split(":")[0]
        if host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_localhost)
    pg = context.new_page()
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert not outside, f"the page tried to reach the internet: {outside[:5]}"
    assert not errors, errors


def test_overview_shows_the_demo_kpi_cards(served_app, page):
    url, db = served_app
    page.goto(url, wait_until="domcontentloaded")
    cards = page.locator('[data-testid="stMetric"]')
    cards.first.wait_for(timeout=90_000)
    page.wait_for_function("document.querySelectorAll('[data-testid=stMetric]').length >= 6", timeout=30_000)
    page.get_by_text("Dữ liệu mẫu", exact=False).first.wait_for(timeout=10_000)
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=30_000)
    page.set_viewport_size({"width": 1600, "height": 2400})  # the whole page, for the screenshot
    time.sleep(1.5)  # let the chart finish drawing
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
    # wait until the script run has finished (Streamlit shows a running indicator until then)
    page.wait_for_function(
        "!document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)
    time.sleep(1.0)
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]').first.inner_text()
    assert "Tháng 10/2026" in page.locator('[data-testid="stCaptionContainer"]').first.inner_text()
    assert "Tổng quan" in page.locator('[data-testid="stSidebarNav"]').inner_text()
    page.set_viewport_size({"width": 1600, "height": 2400})
    time.sleep(1.0)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"page_{path or 'overview'}.png"), full_page=True)


@pytest.fixture
def fresh_server(province_db, tmp_path):
    """A server process of its own, on a copy of the small province, that nobody has opened yet."""
    import shutil

    db = tmp_path / "fresh.duckdb"
    shutil.copy(province_db, db)
    yield from _serve(db)


def test_a_deep_link_works_as_the_first_request_of_a_new_server(fresh_server, page):
    # Streamlit runs a deep-linked page's file alone on a new server's first request.
    url, _ = fresh_server
    page.goto(f"{url}/on_time?period=month:2026-10&unit=U1", wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=60_000)
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)
    time.sleep(1.0)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert "Sở Tư pháp" in page.locator('[data-testid="stCaptionContainer"]').first.inner_text()
    # the app's own navigation, not Streamlit's list of files
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Tiến độ giải quyết" in nav and "on time" not in nav


def test_a_copied_link_opens_the_same_view(served_app, page):
    url, _ = served_app
    page.goto(f"{url}/?period=quarter:2026-Q3&kind=commune&lang=en", wait_until="domcontentloaded")
    caption = page.locator('[data-testid="stCaptionContainer"]').first
    caption.wait_for(timeout=90_000)
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)
    assert caption.inner_text().startswith("Q3 2026 · Communes")
