"""Every slide of presentation mode fits the screen: Debian's chromium shows the demo province's
show (the HTML `pages/present.py` puts in its frame, map slide included) at 1920×1080 and 1366×768,
light and dark, and measures each slide. Nothing may leave the slide or reach the progress bar,
the footer or the counter; text may not be cut off by its tile or spill out of its column; every
number keeps the 48 px rule (48 px of a 1080-line picture: 48 × the stage scale); the footer's
parts do not run into each other. One page load per size and theme; the slides are stepped with
the keyboard. The worst margins go to `artifacts/slides_fit.json`."""
from __future__ import annotations

import json

import pytest

from tests.conftest import ARTIFACTS, needs_chromium
from tests.slide_fit import MEASURE, NUMBERS, STAGE

pytestmark = needs_chromium

SIZES = ((1920, 1080), (1366, 768))
THEMES = ("light", "dark")


def _show(db) -> dict:
    """The show for October 2026, whole province, in Vietnamese, each theme: the page
    `pages/present.py` builds (briefing, map slide, `present.page`)."""
    import warehouse
    from queries import periods
    from reports import briefing, present

    period = periods.month(2026, 10)
    with warehouse.session(db, read_only=True) as con:
        b = briefing.build(con, period, lang="vi")
        extra = [("map", present.map_slide(con, period, None, "vi"))]
    kinds = [s.kind for s in b.slides]
    assert kinds.count("scores") >= 3, kinds  # the demo has QĐ 766 and PAR scores: their slides are measured
    return {theme: present.page(b, every=600, theme=theme, extra=extra) for theme in THEMES}


@pytest.fixture(scope="module")
def show(demo_db) -> dict:
    return _show(demo_db)


# As long as real names get: "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh" is 58 characters.
LONG_NAME = "{} và Trung tâm Phục vụ hành chính công tỉnh Khánh Hòa mới"


@pytest.fixture(scope="module")
def long_show(demo_db, tmp_path_factory) -> dict:
    """The same show with every unit's name 60 characters long (scores keep their own copy)."""
    import shutil

    import warehouse

    db = tmp_path_factory.mktemp("long_names") / "long.duckdb"
    shutil.copy(demo_db, db)
    with warehouse.session(db) as con:
        for table in ("units", "par_scores", "portal766_scores"):
            con.execute(f"UPDATE {table} SET unit_name = left(format(?, unit_name), 60)"
                        + (" WHERE kind <> 'province'" if table == "units" else ""), [LONG_NAME])
    return _show(db)


def _measure(page, html: str, size) -> tuple[list[dict], list[str]]:
    """Every slide of `html` at `size`, paused: (what each measured, what failed)."""
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.set_content(html, wait_until="load")
    page.keyboard.press("p")  # paused: the footer carries its longest text, and nothing moves on
    first = page.locator("#counter").inner_text()
    n = int(first.split("/")[1])
    assert first.startswith("1 /") and n >= 10
    results, failures = [], []
    for i in range(n):
        r = page.evaluate(MEASURE, [NUMBERS, *STAGE])
        assert r["counter"].startswith(f"{i + 1} /") and r["paused"], r["counter"]
        results.append(r)
        if r["bad"] or r["small"]:
            failures.append(f"slide {i + 1} ({r['kind']}: {r['title']}): {r['bad'] + r['small']}")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / f"slides_fit_{size[0]}_{i + 1:02d}.png"))
        page.keyboard.press("ArrowRight")
    assert page.locator("#counter").inner_text() == first  # round the show and back to the first slide
    kinds = [r["kind"] for r in results]
    assert {"headline", "area", "scores", "ranking", "below", "map", "summary"} <= set(kinds), kinds
    return results, failures


def _save(key: str, results: list[dict]) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    out = ARTIFACTS / "slides_fit.json"
    saved = json.loads(out.read_text()) if out.exists() else {}
    saved[key] = [{"slide": i + 1, "kind": r["kind"], "title": r["title"], "margin": r["margin"]}
                  for i, r in enumerate(results)]
    out.write_text(json.dumps(saved, ensure_ascii=False, indent=1))


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_every_slide_fits_the_screen(show, page, size, theme):
    results, failures = _measure(page, show[theme], size)
    _save(f"{size[0]}x{size[1]} {theme}", results)
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_long_unit_names_still_fit(long_show, page, size):
    # names wrap to two lines in a column and are cut there with "…" (one line in the wide table
    # of units below target); a map label is drawn narrower: rows keep their height, slides fit
    results, failures = _measure(page, long_show["light"], size)
    _save(f"{size[0]}x{size[1]} long names", results)
    assert not failures, "\n".join(failures)
