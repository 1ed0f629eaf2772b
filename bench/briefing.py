"""How long the meeting-room features take on the demo province, and what lazy downloads save.

    python bench/briefing.py [--db PATH] [--repeat 3]

1. The briefing for the latest month: `briefing.build` (metric engine), `render_charts`
   (kaleido on chromium, one browser session), `to_pptx`, `to_pdf`; medians of --repeat runs.
2. The on-time page rerun (year of the latest month, AppTest, warm cache) with the XLSX/CSV of
   every table built on every rerun (eager) against built on the button's click (lazy, as the
   app does); medians of --repeat reruns each, alternated.
The database is the demo province (made in a temporary folder unless --db names one).
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed(fn):
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    from reports import briefing, pdf_deck, pptx_deck
    import queries
    import warehouse
    from queries import periods
    from sample_data.load import ensure_demo

    db = Path(args.db) if args.db else Path(tempfile.mkdtemp()) / "demo.duckdb"
    with warehouse.session(db) as con:
        ensure_demo(con)
        last = queries.data_bounds(con)[1]
    period = periods.month(last.year, last.month)

    steps = {"build": [], "render_charts": [], "to_pptx": [], "to_pdf": []}
    for _ in range(args.repeat):
        with warehouse.session(db, read_only=True) as con:
            t, b = timed(lambda: briefing.build(con, period))
        steps["build"].append(t)
        steps["render_charts"].append(timed(lambda: briefing.render_charts(b))[0])
        steps["to_pptx"].append(timed(lambda: pptx_deck.to_pptx(b))[0])
        steps["to_pdf"].append(timed(lambda: pdf_deck.to_pdf(b))[0])
    print(f"briefing, {period.label()} (demo, {len(b.slides)} slides), median of {args.repeat}:")
    for k, v in steps.items():
        print(f"  {k:<14} {statistics.median(v):6.2f} s")

    os.environ["CCHC_DB"] = str(db)
    import streamlit as st
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.testing.v1 import AppTest

    from reports import exports
    import ui

    original = PagesManager.__init__

    def init(self, *a, **kw):  # as tests/conftest.py: app.py's navigation, not the pages folder
        original(self, *a, **kw)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init
    lazy = ui.downloads

    def eager(frame, name, key):
        c1, c2, _ = st.columns([1, 1, 4])
        c1.download_button("Tải CSV", exports.csv_bytes(frame), f"{name}.csv", "text/csv", key=f"{key}_csv")
        c2.download_button("Tải Excel", exports.xlsx_bytes(frame), f"{name}.xlsx", key=f"{key}_xlsx")

    reruns = {"eager": [], "lazy": []}
    for _ in range(args.repeat):
        for label, fn in (("eager", eager), ("lazy", lazy)):
            ui.downloads = fn
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
            at.query_params["period"] = f"year:{period.start.year}"
            at.run()
            at.switch_page("pages/on_time.py").run()
            at.run()  # warm
            reruns[label].append(timed(at.run)[0])
    print(f"on-time page rerun, year {period.start.year}, median of {args.repeat}:")
    for k, v in reruns.items():
        print(f"  downloads {k:<6} {statistics.median(v):6.2f} s")


if __name__ == "__main__":
    main()
