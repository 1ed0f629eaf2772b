"""Click-to-drawn for the institutional map, the national view and a unit's scorecard on the demo
province, in a real browser (Debian chromium through Playwright, every request on localhost).

    python3 bench/map.py [--repeat 5] [--keep DIR] [--returning]

The app's first start on a new database loads the demo (reused from --keep DIR). The browser opens
the app and clicks: the map (from the navigation), the scorecard (a tile clicked on the map, then
the link that opens that unit's card), the national view (from the navigation); each time from
the click until the page's own maps, charts and cards are there and drawn (bench/browser.py's
DRAWN). Every round is a new session and another agency's card (computed afresh), in a new
browser context (nothing cached from an earlier round: a browser that never opened the app;
--returning keeps one profile, as the office PC that opens the dashboard every month). The
first click waits until the first page has loaded the map's drawing code in the background
(preload.py), as it has while a person reads the first page. One warm-up round, then --repeat
rounds; medians. Target (issue 15): < 1.5 s per page.
Results: bench/out/map_last_run.json.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.browser import CHROMIUM, DRAWN, LAUNCH_ARGS, RUN_OVER, VIEW, Server, open_app  # noqa: E402

OUT = ROOT / "bench" / "out" / "map_last_run.json"
PAGES = {"institutional_map": "Bản đồ thể chế", "scorecard": "Thẻ điểm đơn vị", "national": "Tỉnh trong 34 tỉnh"}
# What each page has once drawn (bench/browser.py's DRAWN alone passes while the new page's
# elements are not in the page yet): map canvases, plotly charts, metric cards.
EXPECT = {"institutional_map": (1, 2, 0), "scorecard": (0, 1, 10), "national": (1, 1, 4)}
TARGET_SECONDS = 1.5
WARMED = "() => document.documentElement.dataset.mapCode === 'ready'"
HAS = """([decks, plots, metrics]) =>
  document.querySelectorAll('[data-testid=stDeckGlJsonChart] canvas').length >= decks &&
  document.querySelectorAll('[data-testid=stPlotlyChart] svg.main-svg').length >= plots &&
  document.querySelectorAll('[data-testid=stMetric]').length >= metrics"""


def _drawn(page, name: str, before: str, t0: float) -> float:
    page.wait_for_function("(old) => { const h = document.querySelector('h1'); return h && h.innerText !== old; }",
                           arg=before, timeout=600_000, polling=20)
    page.wait_for_function(RUN_OVER, timeout=600_000, polling=20)
    page.wait_for_function(HAS, arg=list(EXPECT[name]), timeout=600_000, polling=20)
    page.wait_for_function(DRAWN, timeout=600_000, polling=20)
    return time.perf_counter() - t0


def click_to_drawn(page, name: str) -> float:
    """Seconds from the click on the navigation link to the page's title, charts and maps drawn."""
    link = page.locator('[data-testid=stSidebarNav] a', has_text=PAGES[name]).first
    before = page.locator("h1").first.inner_text()
    t0 = time.perf_counter()
    link.click()
    return _drawn(page, name, before, t0)


def tile_then_scorecard(page, index: int) -> float:
    """On the map: click an agency's tile (the unit is chosen), then time the click on the link
    that opens its scorecard until the card is drawn."""
    page.locator(".st-key-tiles .scatterlayer .point").nth(index).click(force=True)
    link = page.locator(".st-key-open_scorecard [data-testid=stPageLink-NavLink]")
    link.wait_for(timeout=600_000)
    page.wait_for_function(DRAWN, timeout=600_000, polling=20)
    before = page.locator("h1").first.inner_text()
    t0 = time.perf_counter()
    link.click()
    return _drawn(page, "scorecard", before, t0)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--returning", action="store_true",
                    help="every round in one browser profile (its cache kept), as on a PC that opened the app before")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    work = args.keep or Path(tempfile.mkdtemp(prefix="cchc-map-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "map_demo.duckdb"
    if not db.exists():
        import warehouse

        warehouse.connect(db).close()  # empty: the app's first start loads the demo
    server = Server(db)
    times: dict[str, list[float]] = {p: [] for p in PAGES}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            opener = browser.new_context(**VIEW) if args.returning else browser
            for round_ in range(args.repeat + 1):
                # each round a new page (a new session) on another unit: the scorecard is computed
                # afresh, as for a person opening a unit nobody opened since the data changed
                page = open_app(opener, f"{server.url}/?period=month:2026-10")
                # a reader looks at the first page before clicking: meanwhile the map's drawing
                # code is fetched (preload.py); the clicks wait for that, not for a fixed time
                page.wait_for_function(WARMED, timeout=600_000, polling=50)
                for name in PAGES:
                    seconds = tile_then_scorecard(page, round_ + 1) if name == "scorecard" else click_to_drawn(page, name)
                    if round_:  # the first round warms caches up
                        times[name].append(seconds)
                        print(f"round {round_} {name:<18} {seconds * 1000:7.0f} ms", flush=True)
                page.close()
            browser.close()
    finally:
        server.stop()
    medians = {name: statistics.median(v) for name, v in times.items()}
    print(f"\n{'page':<20} {'median ms':>10}  target < {TARGET_SECONDS * 1000:.0f} ms")
    for name, m in medians.items():
        print(f"{name:<20} {m * 1000:10.0f}  {'ok' if m < TARGET_SECONDS else 'SLOW'}")
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(json.dumps({"repeat": args.repeat, "returning": args.returning, "seconds": times, "median": medians,
                               "target_seconds": TARGET_SECONDS}, indent=1))
    return 0 if all(m < TARGET_SECONDS for m in medians.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
