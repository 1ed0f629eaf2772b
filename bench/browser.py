"""From a click in the navigation to the page's last chart drawn, in a real browser, on a large
database against the demo province: does the cube keep pages as fast at 10 M dossiers as at 240 k?

    python bench/browser.py [--n 10000000] [--repeat 5] [--keep DIR] [--pages overview,on_time,...]

For each database (the demo province as the app's first start makes it, and N generated dossiers
built by bench/pages.py's builder, reused from --keep DIR), `streamlit run serve.py` (the app as deployed) is started on
localhost and Debian's chromium (Playwright) opens it. Per page and round: click the page's link in
the sidebar navigation, then wait until Streamlit's script run has finished and every chart on the
page has drawn (each plotly chart's SVG, each map canvas), and take the time from the click. One
warm-up round, then --repeat rounds; medians. The two databases are measured in alternation in
one run, so the ratio is of figures taken minutes apart on the same machine.
Target (issue 12): the large database ≤ 1.3 × the demo, per page. Results: bench/out/browser_last_run.json.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
OUT = ROOT / "bench" / "out" / "browser_last_run.json"
CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
               "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
               # two tabs, one per database: the one in the background must not be throttled
               "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
               "--disable-backgrounding-occluded-windows"]
PAGES = {"overview": "Tổng quan", "on_time": "Giải quyết đúng hạn", "online": "Dịch vụ công trực tuyến",
         "digitization": "Số hóa và thanh toán", "portal766": "Chỉ số 766", "institutional_map": "Bản đồ thể chế"}
TARGET_RATIO = 1.3

# Done = the script run is over and every chart has drawn. Plotly draws into div.js-plotly-plot
# (an svg.main-svg once drawn); pydeck into a canvas. Charts still waiting show Streamlit's skeleton.
RUN_OVER = "() => document.querySelector('[data-testid=stApp]')?.dataset.testScriptState === 'notRunning'"
DRAWN = """() => {
  if (document.querySelector('[data-testid=stStatusWidget]')) return false;
  if (document.querySelector('[data-testid=stSkeleton]')) return false;
  const plots = [...document.querySelectorAll('[data-testid=stPlotlyChart]')];
  if (!plots.every(p => p.querySelector('svg.main-svg'))) return false;
  const decks = [...document.querySelectorAll('[data-testid=stDeckGlJsonChart]')];
  return decks.every(d => d.querySelector('canvas'));
}"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, db: Path):
        self.port = free_port()
        env = dict(os.environ, CCHC_DB=str(db))
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.headless", "true",
             "--server.port", str(self.port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats",
             "false"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError("the server did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=30)


VIEW = {"viewport": {"width": 1920, "height": 1080}, "locale": "vi-VN"}


def open_app(browser, url: str):
    """A new tab (a new session) on `url`, drawn. `browser` a Browser (each tab its own fresh
    profile) or a BrowserContext made with VIEW (tabs share its cache, as one person's browser)."""
    page = browser.new_page(**VIEW) if hasattr(browser, "new_context") else browser.new_page()
    page.goto(url, wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=600_000)  # the first start may load the demo
    page.wait_for_function(DRAWN, timeout=600_000, polling=50)
    return page


def click_to_drawn(page, label: str) -> float:
    """Seconds from the click on the navigation link to the page fully drawn."""
    link = page.locator('[data-testid=stSidebarNav] a', has_text=label).first
    page.bring_to_front()  # a background tab draws no charts (no animation frames)
    before = page.locator("h1").first.inner_text()
    t0 = time.perf_counter()
    link.click()
    # every page has its own title: the new one shows once the new page's run has begun; then
    # the run must end (Streamlit marks its root with the run's state: without this wait a page
    # whose charts had not arrived yet passed DRAWN) and every chart be drawn
    page.wait_for_function("(old) => { const h = document.querySelector('h1'); return h && h.innerText !== old; }",
                           arg=before, timeout=600_000, polling=20)
    page.wait_for_function(RUN_OVER, timeout=600_000, polling=20)
    page.wait_for_function(DRAWN, timeout=600_000, polling=20)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=10_000_000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--keep", type=Path)
    ap.add_argument("--pages", default=",".join(PAGES))
    ap.add_argument("--from-export", action="store_true", help="the large database built from an export CSV "
                    "through the import pipeline (bench/pages.py --from-export), not by the generator")
    args = ap.parse_args()
    pages = [p for p in args.pages.split(",") if p]
    from playwright.sync_api import sync_playwright

    from bench.pages import SEED, ensure_db

    work = args.keep or Path(tempfile.mkdtemp(prefix="cchc-browser-"))
    work.mkdir(parents=True, exist_ok=True)
    demo = work / "browser_demo.duckdb"
    if not demo.exists():  # the app's first start loads the demo province into an empty warehouse
        import warehouse

        warehouse.connect(demo).close()  # what `cli.py --create` makes: the app never creates a CCHC_DB path
        first = Server(demo)
        try:
            with sync_playwright() as p:
                b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
                open_app(b, first.url).close()
                b.close()
        finally:
            first.stop()
    big, built = ensure_db(work, args.n, SEED, chunked=False, from_export=args.from_export)
    dbs = {"demo": demo, f"n{args.n}": big}
    servers = {name: Server(path) for name, path in dbs.items()}
    times: dict = {name: {p: [] for p in pages} for name in dbs}
    try:
        with sync_playwright() as p:
            b = p.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            tabs = {name: open_app(b, s.url) for name, s in servers.items()}
            showing = {name: "overview" for name in tabs}  # the app opens on the overview
            for round_ in range(args.repeat + 1):
                for page in pages:
                    for name, tab in tabs.items():  # alternate: both see the same machine
                        if showing[name] == page:  # away first, so that the click really switches
                            other = next(q for q in PAGES if q != page)
                            click_to_drawn(tab, PAGES[other])
                        s = click_to_drawn(tab, PAGES[page])
                        showing[name] = page
                        if round_:
                            times[name][page].append(s)
                print(f"round {round_}{' (warm-up)' if not round_ else ''}: " + ", ".join(
                    f"{page} {times['demo'][page][-1] * 1000:.0f}/{times[f'n{args.n}'][page][-1] * 1000:.0f} ms"
                    for page in pages if round_), flush=True)
            b.close()
    finally:
        for s in servers.values():
            s.stop()
    big_name = f"n{args.n}"
    summary = {}
    print(f"\n{'page':<20} {'demo ms':>9} {big_name + ' ms':>12} {'ratio':>6}  target ≤ {TARGET_RATIO}")
    for page in pages:
        d, g = statistics.median(times["demo"][page]) * 1000, statistics.median(times[big_name][page]) * 1000
        summary[page] = {"demo_ms": d, "big_ms": g, "ratio": g / d, "pass": g / d <= TARGET_RATIO,
                         "runs_demo_ms": [x * 1000 for x in times["demo"][page]],
                         "runs_big_ms": [x * 1000 for x in times[big_name][page]]}
        print(f"{page:<20} {d:9.0f} {g:12.0f} {g / d:6.2f}  {'PASS' if g / d <= TARGET_RATIO else 'MISS'}")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps({"n": args.n, "repeat": args.repeat, "pages": summary, "big_db": str(big),
                               "big_db_mb": big.stat().st_size / 1e6, "built": built}, indent=2, default=str),
                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
