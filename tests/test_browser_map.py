"""The institutional map in a real browser with every non-localhost request blocked: the deck.gl
canvas draws (no basemap, no tiles, no CDN), and a click on an agency tile or a table row opens
that unit."""
from __future__ import annotations

import io
import time

import pytest

from tests.conftest import ARTIFACTS, needs_chromium


pytestmark = needs_chromium


def _settle(pg):
    pg.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=60_000)
    time.sleep(1.0)


def _open_map(pg, url):
    pg.goto(f"{url}/institutional_map?period=month:2026-10", wait_until="domcontentloaded")
    pg.locator("h1").first.wait_for(timeout=90_000)
    _settle(pg)
    canvas = pg.locator('[data-testid="stDeckGlJsonChart"] canvas').first
    canvas.wait_for(timeout=60_000)
    # deck.gl sizes its canvas to the chart once it has drawn (a new canvas is 300 × 150)
    pg.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stDeckGlJsonChart] canvas')]"
        ".some(c => c.getBoundingClientRect().height > 300)", timeout=60_000)
    sizes = pg.evaluate("() => [...document.querySelectorAll('[data-testid=stDeckGlJsonChart] canvas')]"
                        ".map(c => c.getBoundingClientRect().height)")
    return pg.locator('[data-testid="stDeckGlJsonChart"] canvas').nth(sizes.index(max(sizes)))


def test_map_canvas_draws_with_the_network_blocked(served_app, page):
    from PIL import Image

    url, _ = served_app
    canvas = _open_map(page, url)
    box = canvas.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300
    time.sleep(2.0)  # let deck.gl draw its first frame
    shot = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
    colours = shot.getcolors(maxcolors=1 << 20)
    # Points in several colours of the diverging scale, not an empty (one-colour) canvas.
    assert colours is not None and len(colours) > 20, len(colours or [])
    blue_or_orange = sum(n for n, (r, g, b) in colours if (b > 150 and r < 90) or (r > 180 and b < 80))
    assert blue_or_orange > 200
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "institutional_map.png"), full_page=True)
    # the `page` fixture fails the test if anything tried to reach beyond localhost


def _viewing(pg) -> str:
    button = pg.get_by_role("button", name="đang xem", exact=False)
    button.first.wait_for(timeout=30_000)
    return button.first.inner_text()


def test_clicking_a_tile_or_a_table_row_opens_the_unit(served_app, page):
    url, _ = served_app
    _open_map(page, url)
    # An agency tile: the first (best-ranked) square of the tile grid.
    tile = page.locator(".st-key-tiles .scatterlayer .point").first
    tile.wait_for(timeout=30_000)
    tile.click(force=True)
    _settle(page)
    shown = _viewing(page)
    assert "Sở" in shown or "Ban" in shown or "Văn phòng" in shown or "Thanh tra" in shown, shown

    # Back to all units, then a row of the ranking table (the first commune).
    page.get_by_role("button", name="Đang xem:", exact=False).first.click()
    _settle(page)
    grid = page.locator(".st-key-map_table [data-testid='stDataFrameResizable']").first
    grid.scroll_into_view_if_needed()
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 12, box["y"] + 35 + 17)  # the row marker of the first data row
    _settle(page)
    shown = _viewing(page)
    assert "UBND" in shown, shown


@pytest.mark.parametrize("path", ("par_index", "portal766"))
def test_score_pages_render_offline(served_app, page, path):
    url, _ = served_app
    page.goto(f"{url}/{path}?period=month:2026-10", wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=90_000)
    _settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]').first.inner_text()
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=30_000)
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Chỉ số CCHC" in nav and "Chỉ số 766" in nav and "Bản đồ thể chế" in nav
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1600, "height": 2400})
    time.sleep(1.0)
    page.screenshot(path=str(ARTIFACTS / f"page_{path}.png"), full_page=True)
