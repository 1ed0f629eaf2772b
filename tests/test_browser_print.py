"""The browser's print of a unit's scorecard (issue 15: "printable, the browser's print gives a
clean A4"): chromium prints the served page, and the PDF has A4 pages holding the whole card,
its last section included (Streamlit's scrolling box would otherwise print one screen), without
the sidebar's filters, the app's toolbar or the download button."""
from __future__ import annotations

import io

from tests.conftest import ARTIFACTS, needs_chromium

pytestmark = needs_chromium

A4 = (595.3, 841.9)  # points


def test_a_scorecard_prints_as_clean_a4_pages(served_app, page):
    from pypdf import PdfReader

    url, _ = served_app
    page.goto(f"{url}/scorecard?unit=H56.05&period=month:2026-10", wait_until="domcontentloaded")
    page.locator("h1").first.wait_for(timeout=90_000)
    page.locator('[data-testid="stMetric"]').nth(6).wait_for(timeout=90_000)
    page.locator("h3", has_text="Hồ sơ cần xử lý").wait_for(timeout=90_000)  # the card's last section
    page.wait_for_function("!document.querySelector('[data-testid=stStatusWidget]')", timeout=90_000)
    assert page.locator('[data-testid="stSidebar"]').first.is_visible()  # on screen the sidebar is there

    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "scorecard_print.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    assert 1 <= len(reader.pages) <= 4
    for p in reader.pages:
        w, h = float(p.mediabox.width), float(p.mediabox.height)
        assert abs(w - A4[0]) < 2 and abs(h - A4[1]) < 2, (w, h)
    text = " ".join(p.extract_text() for p in reader.pages)
    assert "Thẻ điểm" in text and "Hồ sơ cần xử lý" in text  # the first and the last section
    for chrome in ("Bộ lọc", "Kỳ báo cáo", "Loại đơn vị", "Tải thẻ điểm", "Deploy"):
        assert chrome not in text, chrome
