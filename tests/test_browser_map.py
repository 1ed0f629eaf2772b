"""The institutional map in a real browser with every non-localhost request blocked: the deck.gl
canvas draws (no basemap, no tiles, no CDN), and a click on an agency tile or a table row opens
that unit."""
from __future__ import annotations

import pytest

from tests.conftest import ARTIFACTS, canvas_drawn, charts_drawn, needs_chromium, open_map, settle


pytestmark = needs_chromium


def _blue_or_orange(colours) -> int:
    """Pixels in the diverging scale's ends (the units' points)."""
    return sum(n for n, (r, g, b) in colours if (b > 150 and r < 90) or (r > 180 and b < 80))


def test_map_canvas_draws_with_the_network_blocked(served_app, page):
    url, _ = served_app
    canvas = open_map(page, url)
    box = canvas.bounding_box()
    assert box and box["width"] > 300 and box["height"] > 300
    # Points in several colours of the diverging scale, not an empty (one-colour) canvas: waited
    # for (deck.gl draws over several frames), then asserted on what was drawn.
    _, colours = canvas_drawn(canvas, lambda shot, colours: colours and len(colours) > 20
                              and _blue_or_orange(colours) > 200, "the units' points")
    assert colours is not None and len(colours) > 20, len(colours or [])
    assert _blue_or_orange(colours) > 200
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "institutional_map.png"), full_page=True)
    # the `page` fixture fails the test if anything tried to reach beyond localhost


def test_only_the_apps_html_page_gets_the_preload(served_app):
    """preload.py adds its lines to the HTML page (at any page's address) and leaves the files it
    names as Streamlit serves them."""
    import re
    import urllib.request

    import preload

    url, _ = served_app
    for address in ("/", "/institutional_map?period=month:2026-10"):
        html = urllib.request.urlopen(url + address, timeout=30).read().decode()
        assert html.count("DeckGlJsonChart.") == 2 and html.index("dataset.mapCode") < html.index("</head>")
    script = re.search(r'import\("\./(static/js/DeckGlJsonChart\.[^"]+\.js)"\)', html).group(1)
    served = urllib.request.urlopen(f"{url}/{script}", timeout=30).read()
    assert served == (preload.STATIC / script).read_bytes()


def test_the_maps_code_loads_while_the_first_page_is_read(served_app, page):
    """serve.py's preload.py: once the first page is drawn, the browser loads the map's drawing
    code from this server (the page fixture fails on any other host); the map then draws without
    fetching it again."""
    url, _ = served_app
    page.goto(f"{url}/?period=month:2026-10", wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=90_000)
    settle(page)
    page.wait_for_function("() => document.documentElement.dataset.mapCode === 'ready'", timeout=60_000)
    deck_scripts = """() => performance.getEntriesByType('resource')
        .filter(e => /DeckGlJsonChart\\.[^/]*\\.js$/.test(e.name)).map(e => e.name)"""
    fetched = page.evaluate(deck_scripts)
    assert len(fetched) == 1 and fetched[0].startswith(url), fetched
    page.locator('[data-testid=stSidebarNav] a', has_text="Bản đồ thể chế").first.click()
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stDeckGlJsonChart] canvas')]"
                           ".some(c => c.getBoundingClientRect().height > 300)", timeout=60_000)
    assert page.evaluate(deck_scripts) == fetched  # the same script, not loaded a second time


def _viewing(pg) -> str:
    button = pg.get_by_role("button", name="đang xem", exact=False)
    button.first.wait_for(timeout=30_000)
    return button.first.inner_text()


def test_clicking_a_tile_or_a_table_row_opens_the_unit(served_app, page):
    url, _ = served_app
    open_map(page, url)
    # An agency tile: the first (best-ranked) square of the tile grid.
    tile = page.locator(".st-key-tiles .scatterlayer .point").first
    tile.wait_for(timeout=30_000)
    tile.click(force=True)
    settle(page)
    shown = _viewing(page)
    assert "Sở" in shown or "Ban" in shown or "Văn phòng" in shown or "Thanh tra" in shown, shown

    # Back to all units, then a row of the ranking table (the first commune).
    page.get_by_role("button", name="Đang xem:", exact=False).first.click()
    page.get_by_role("button", name="đang xem", exact=False).first.wait_for(state="detached", timeout=60_000)
    settle(page)
    grid = page.locator(".st-key-map_table [data-testid='stDataFrameResizable']").first
    # the row marker of the first data row (the locator's click scrolls to the grid and waits until
    # it stands still: a click at a box measured a moment before can miss while the page settles)
    grid.click(position={"x": 12, "y": 35 + 17})
    settle(page)
    shown = _viewing(page)
    assert "UBND" in shown, shown


@pytest.mark.parametrize("path", ("par_index", "portal766"))
def test_score_pages_render_offline(served_app, page, path):
    url, _ = served_app
    page.goto(f"{url}/{path}?period=month:2026-10", wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=90_000)
    settle(page)
    assert page.locator('[data-testid="stException"]').count() == 0, page.locator(
        '[data-testid="stException"]').first.inner_text()
    page.locator('[data-testid="stPlotlyChart"]').first.wait_for(timeout=90_000)
    nav = page.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Chỉ số CCHC" in nav and "Chỉ số 766" in nav and "Bản đồ thể chế" in nav
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1600, "height": 2400})
    charts_drawn(page)
    page.screenshot(path=str(ARTIFACTS / f"page_{path}.png"), full_page=True)
