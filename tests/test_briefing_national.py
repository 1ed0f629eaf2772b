"""The briefing's national slide (issue 15): the province among the 34 on QĐ 766, for the whole
province, from the national scores that apply to the briefing period (the latest published up to
its last day, as the national page). Real components throughout: the demo warehouse built by
`sample_data.load`, the briefing, the PPTX read back with python-pptx, the PDF with pypdf, the
presentation page measured in Debian's chromium, and the map drawn by kaleido with the network
cut off (a network namespace of its own when `unshare` can make one)."""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import sys
import unicodedata

import pytest

import formatting as fmt
import geo
import queries
import warehouse
from queries import national as nat
from queries import periods
from queries.scores import GROUP_LABELS, GROUP_MAX
from reports import briefing, present
from tests.conftest import ROOT, needs_chromium

OCTOBER = periods.month(2026, 10)


def national_of(b: briefing.Briefing) -> list[briefing.Slide]:
    return [s for s in b.slides if s.kind == "national"]


@pytest.fixture(scope="module")
def demo_vi(demo_db):
    with warehouse.session(demo_db, read_only=True) as con:
        return briefing.build(con, OCTOBER, lang="vi", today=dt.date(2026, 11, 5))


@pytest.fixture(scope="module")
def demo_en(demo_db):
    with warehouse.session(demo_db, read_only=True) as con:
        return briefing.build(con, OCTOBER, lang="en", today=dt.date(2026, 11, 5))


def by_hand(con, period: str) -> dict:
    """Our province's standing in `period`, counted from the stored rows: the total as the sum of
    the groups (the demo carries no published total), its share of the maximum; the rank is one
    more than the provinces with a larger share (at 2 decimals), a group's rank one more than those
    with more points; the gap above is the smallest better value minus ours."""
    assert con.execute("SELECT count(*) FROM national766_scores WHERE portal_total IS NOT NULL").fetchone()[0] == 0
    rows = con.execute("SELECT province_code, group_code, score, max_score FROM national766_scores WHERE period = ?",
                       [period]).fetchall()
    name = con.execute("SELECT unit_name FROM units WHERE kind = 'province'").fetchone()[0]
    code = geo.province_by_name(name, geo.era_of(period))["code"]
    points: dict = {}
    for c, g, score, mx in rows:
        points.setdefault(c, {})[g] = (score, mx)
    total = {c: round(sum(s for s, _ in gs.values()), 2) for c, gs in points.items()}
    maximum = {c: sum(m for _, m in gs.values()) for c, gs in points.items()}
    share = {c: round(100 * total[c] / maximum[c], 2) for c in points}
    better = [share[c] for c in points if share[c] > share[code]]
    out = {"code": code, "count": len(points), "total": total[code], "max": maximum[code],
           "rank": 1 + len(better), "tied": sum(share[c] == share[code] for c in points) > 1,
           "gap": round((min(better) - share[code]) * maximum[code] / 100, 2) if better else None, "groups": {}}
    for g in points[code]:
        ours = points[code][g][0]
        above = [gs[g][0] for gs in points.values() if gs[g][0] > ours]
        out["groups"][g] = {"points": ours, "rank": 1 + len(above),
                            "tied": sum(gs[g][0] == ours for gs in points.values()) > 1,
                            "gap": round(min(above) - ours, 2) if above else None}
    return out


def test_the_slide_equals_the_national_ranking_by_hand(demo_vi, demo_db):
    [s] = national_of(demo_vi)
    kinds = [x.kind for x in demo_vi.slides]
    # after the province's own QĐ 766 slides, before the units' rankings
    assert kinds.index("national") == max(i for i, k in enumerate(kinds) if k == "scores") + 1
    with warehouse.session(demo_db, read_only=True) as con:
        assert nat.national_periods(con)[-1] == "2026-10"
        hand, before = by_hand(con, "2026-10"), by_hand(con, "2026-09")
        engine = nat.national(con, "2026-10")
        trend = nat.national_trend(con)
    ours = engine["ours"]
    n = hand["count"]
    assert n == engine["count"] == 34 and engine["previous"] == "2026-09"
    assert (ours["code"], ours["rank"], ours["total"]) == (hand["code"], hand["rank"], hand["total"])
    assert ours["rank_change"] == before["rank"] - hand["rank"]
    assert ours["gap_above"]["total"] == hand["gap"]

    rank, total, gap = s.figures
    eq = "=" if hand["tied"] else ""
    assert rank.value == f"{hand['rank']}/{n}{eq}" and rank.raw == hand["rank"]
    change = before["rank"] - hand["rank"]
    assert rank.change == (f"{'+' if change > 0 else '-'}{abs(change)} bậc" if change else "giữ nguyên hạng")
    assert total.value == f"{fmt.number(hand['total'], 2)} / {fmt.number(hand['max'], 0)}"
    delta = round(hand["total"] - before["total"], 2)
    assert total.change == f"{'+' if delta > 0 else '-' if delta < 0 else '±'}{fmt.number(abs(delta), 2)} điểm"
    assert gap.value == ("—" if hand["gap"] is None else f"{fmt.number(hand['gap'], 2)} điểm")

    [(_, header, rows)] = s.tables
    assert header == ["Hạng", "Nhóm", "Điểm", "Tối đa", "Cách tỉnh liền trên"]
    assert rows[0] == [f"{hand['rank']}/{n}{eq}", "Tổng điểm", fmt.number(hand["total"], 2),
                       fmt.number(hand["max"], 0), "—" if hand["gap"] is None else fmt.number(hand["gap"], 2)]
    assert [r[1] for r in rows[1:]] == [GROUP_LABELS[g][0] for g in engine["groups"]]
    for g, row in zip(engine["groups"], rows[1:]):
        h = hand["groups"][g]
        assert row == [f"{h['rank']}/{n}" + ("=" if h["tied"] else ""), GROUP_LABELS[g][0], fmt.number(h["points"], 2),
                       str(GROUP_MAX[g]), "—" if h["gap"] is None else fmt.number(h["gap"], 2)], g
        assert h["rank"] == ours["group_ranks"][g] and h["gap"] == ours["gap_above"][g]
    # the subtitle names the province (the outlines' name), the scored period and the one compared with
    assert s.subtitle == f"{ours['full_name']} · kỳ chấm điểm tháng 10/2026 · so với tháng 09/2026"
    # the 34 on the map, ours marked; the rank across the imported months, oldest first
    assert s.map["ours"] == hand["code"] and len(s.map["values"]) == 34
    assert s.map["values"][hand["code"]] == hand["total"]
    assert s.trend == [(f"{t['period'][5:]}/{t['period'][:4]}", t["rank"], t["of"]) for t in trend]
    assert len(s.trend) == 6 and s.trend[-1][1:] == (hand["rank"], n) and s.trend[-2][1] == before["rank"]


def test_which_national_period_applies():
    # as the national page (ui.score_period): the latest published that ends on or before the
    # briefing period's last day
    published = ["2026-05", "2026-06", "2026-09", "2026-10"]
    assert briefing.national_period(periods.month(2026, 4), published) is None
    published.append("2025")  # a year's scores apply from its last day on
    assert briefing.national_period(periods.month(2026, 4), published) == "2025"
    assert briefing.national_period(periods.month(2026, 7), published) == "2026-06"
    assert briefing.national_period(periods.quarter(2026, 3), published) == "2026-09"
    assert briefing.national_period(periods.year(2026), published) == "2026-10"
    half = periods.Period(dt.date(2026, 10, 1), dt.date(2026, 10, 15))
    assert briefing.national_period(half, published) == "2026-09"  # October's scores cover the whole month
    assert briefing.national_period(OCTOBER.as_of(dt.date(2026, 10, 20)), published) == "2026-10"  # its last day


def test_no_slide_before_the_first_national_scores_nor_for_a_unit_or_a_kind(demo_db):
    with warehouse.session(demo_db, read_only=True) as con:
        first = nat.national_periods(con)[0]
        assert first == "2026-05"
        april = briefing.build(con, periods.month(2026, 4), lang="vi")
        assert not national_of(april)
        # a quarter ending in June: June's scores apply, compared with May
        [q2] = national_of(briefing.build(con, periods.quarter(2026, 2), lang="vi"))
        assert "kỳ chấm điểm tháng 06/2026 · so với tháng 05/2026" in q2.subtitle
        assert [p for p, _, _ in q2.trend] == ["05/2026", "06/2026"]  # the rank up to the scored month
        units = queries.units(con)
        department = units[units["kind"] == "department"]["unit_code"].iloc[0]
        for scope in ({"unit": department}, {"kind": "department"}, {"kind": "commune"}):
            b = briefing.build(con, OCTOBER, lang="vi", **scope)
            assert not national_of(b), scope


def test_no_slide_when_our_province_is_none_of_the_34(demo_db, tmp_path):
    # national scores exist, but the registry's province is named after none of the 34
    db = tmp_path / "elsewhere.duckdb"
    shutil.copy(demo_db, db)
    with warehouse.session(db) as con:
        con.execute("UPDATE units SET unit_name = 'UBND tỉnh Không Có' WHERE kind = 'province'")
    with warehouse.session(db, read_only=True) as con:
        assert nat.national(con, "2026-10")["ours"] is None
        b = briefing.build(con, OCTOBER, lang="vi")
    assert not national_of(b) and "scores" in [s.kind for s in b.slides]


VIETNAMESE = re.compile(r"[^\x00-\x7f–—·'«»±…]")


def test_english_slide_has_no_vietnamese_words(demo_en):
    [s] = national_of(demo_en)
    province = s.subtitle.split(" · ")[0]
    assert geo.province_by_name(province)  # the province's name is data (the outlines' own), kept as written
    texts = [s.title.replace("QĐ 766", ""), s.subtitle.replace(province, "")]
    texts += [t for f in s.figures for t in (f.label, f.value, f.change or "")]
    texts += [c for _, header, rows in s.tables for c in [*header, *(x for r in rows for x in r)]]
    texts += s.text + [p for p, _, _ in s.trend]
    for t in texts:
        assert not VIETNAMESE.search(t), t
    assert s.title == "The province among the 34 – QĐ 766"
    assert s.subtitle == f"{province} · scored period October 2026 · against September 2026"
    assert s.tables[0][1] == ["Rank", "Group", "Points", "Maximum", "Behind the one above"]
    assert s.figures[0].change in ("same rank",) or re.fullmatch(r"(up|down) \d+ places?", s.figures[0].change)
    assert s.figures[1].value.endswith(" / 100") and "." in s.figures[1].value  # 80.12: English numbers


def test_presentation_shows_the_slide_and_escapes_its_text(demo_vi):
    [s] = national_of(demo_vi)
    page = present.page(demo_vi, every=5)
    kinds = [k.split('"')[0] for k in page.split('class="slide" data-kind="')[1:]]
    assert kinds.count("national") == 1 and kinds.index("national") == kinds.index("ranking") - 1
    section = page.split('data-kind="national">')[1].split("</section>")[0]
    assert s.figures[0].value in section and s.tables[0][2][0][1] in section
    # the map: the 34 outlines, ours marked once; the rank trend: first and latest named
    assert section.count("<path d=") == 34 + 1 and section.count(f'data-ours="{s.map["ours"]}"') == 1
    assert f"{s.trend[0][0]}: <tspan" in section and f"{s.trend[-1][1]}/{s.trend[-1][2]}" in section
    assert "http" not in section.replace('xmlns="http://www.w3.org/2000/svg"', "")
    # text on the slide is escaped, wherever it came from
    evil = '<img src=x onerror="alert(1)">Tỉnh <b>Lạ</b>'
    hostile = briefing.Slide("national", evil, subtitle=evil, figures=s.figures,
                             tables=[(evil, s.tables[0][1], [[*r[:1], evil, *r[2:]] for r in s.tables[0][2]])],
                             roles=s.roles, map=s.map, trend=[(evil, 3, 34), (evil, 2, 34)])
    demo_vi_copy = briefing.Briefing(**{**demo_vi.__dict__, "slides": [hostile]})
    shown = present.page(demo_vi_copy, every=5)
    assert "<img" not in shown and "<b>Lạ" not in shown
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Tỉnh &lt;b&gt;Lạ&lt;/b&gt;" in shown


OFFLINE = """
import io, sys
import warehouse
from queries import periods
from reports import briefing, pdf_deck, pptx_deck
db, out = sys.argv[1], sys.argv[2]
with warehouse.session(db, read_only=True) as con:
    b = briefing.build(con, periods.month(2026, 10), lang="vi")
b.slides = [s for s in b.slides if s.kind in ("title", "national", "summary")]
briefing.render_charts(b)
[s] = [s for s in b.slides if s.kind == "national"]
open(out + "/map.png", "wb").write(s.map_png)
open(out + "/deck.pptx", "wb").write(pptx_deck.to_pptx(b))
open(out + "/deck.pdf", "wb").write(pdf_deck.to_pdf(b))
"""


def _offline(argv: list[str]) -> list[str]:
    """`argv` in a network namespace of its own (only a loopback), when this machine lets us make one."""
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True) if shutil.which("unshare") else None
    if probe is None or probe.returncode:
        return argv
    return ["unshare", "-n", "sh", "-c", 'ip link set lo up 2>/dev/null; exec "$@"', "offline", *argv]


@needs_chromium
def test_pptx_and_pdf_carry_the_slide_with_a_map_drawn_offline(demo_db, demo_vi, tmp_path):
    from PIL import Image
    from pptx import Presentation
    from pypdf import PdfReader

    [s] = national_of(demo_vi)
    proc = subprocess.run(_offline([sys.executable, "-c", OFFLINE, str(demo_db), str(tmp_path)]), cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    png = (tmp_path / "map.png").read_bytes()
    with Image.open(io.BytesIO(png)) as im:
        assert im.format == "PNG" and im.size == briefing.MAP_SIZE
        colours = im.convert("RGB").getcolors(1 << 20)
    assert len(colours) > 20  # provinces in many shades, not an empty frame

    prs = Presentation(str(tmp_path / "deck.pptx"))
    [slide] = [sl for sl in prs.slides if any(sh.name == "title" and sh.text_frame.text == s.title
                                               for sh in sl.shapes if sh.has_text_frame)]
    texts = {sh.name: sh.text_frame.text for sh in slide.shapes if sh.has_text_frame}
    assert texts["subtitle"] == s.subtitle
    rank, total, gap = s.figures
    assert texts["national"].split("\n") == [f"{rank.label}: {rank.value} ({rank.change})",
                                             f"{total.label}: {total.value} ({total.change})",
                                             f"{gap.label}: {gap.value}"]
    [table] = [sh for sh in slide.shapes if sh.has_table]
    assert [[c.text for c in row.cells] for row in table.table.rows] == [s.tables[0][1], *s.tables[0][2]]
    assert "Hạng qua các kỳ đã nhập: " + " · ".join(f"{p} {r}/{n}" for p, r, n in s.trend) in texts["text"]
    pictures = [sh for sh in slide.shapes if sh.shape_type == 13]
    assert len(pictures) == 1 and pictures[0].image.blob == png
    assert pictures[0].left + pictures[0].width <= prs.slide_width and pictures[0].top + pictures[0].height <= prs.slide_height
    assert table.left + table.width <= pictures[0].left  # the table beside the map, not under it

    reader = PdfReader(str(tmp_path / "deck.pdf"))
    assert len(reader.pages) == 3
    page = reader.pages[1]
    text = page.extract_text()
    assert s.title in text and f"{rank.label}: {rank.value} ({rank.change})" in text
    for row in s.tables[0][2]:
        assert " ".join(row) in text, row
    assert len(page.images) == 1


# ---- fitting the stage, in English too (tests/test_browser_slides_fit.py measures the Vietnamese show) ----

@needs_chromium
@pytest.mark.parametrize("theme", ("light", "dark"))
def test_the_english_slide_fits_at_both_sizes(demo_en, page, theme):
    from tests.slide_fit import MEASURE, NUMBERS, STAGE

    [s] = national_of(demo_en)
    only = briefing.Briefing(**{**demo_en.__dict__, "slides": [s]})
    for size in ((1920, 1080), (1366, 768)):
        page.set_viewport_size({"width": size[0], "height": size[1]})
        page.set_content(present.page(only, every=600, theme=theme), wait_until="load")
        page.keyboard.press("p")
        r = page.evaluate(MEASURE, [NUMBERS, *STAGE])
        assert r["kind"] == "national" and r["counter"] == "1 / 1"
        assert not r["bad"] and not r["small"], (size, r)
        # what the slide shows is on the screen: the rank line, the seven rows, the map and the trend
        assert page.locator(".slide.on .nat-head").inner_text().startswith(s.figures[0].value)
        assert page.locator(".slide.on tbody tr").count() == 7
        box = page.locator(".slide.on .nat-map svg").bounding_box()
        assert box["height"] > 0.4 * size[1] and box["width"] > 0.2 * size[0]
        assert page.locator(".slide.on .nat-trend svg text").count() == 2


def test_no_vietnamese_in_the_english_fixed_texts_is_checked_on_real_letters():
    # the check above would catch a Vietnamese word: every Vietnamese letter is outside its set
    assert VIETNAMESE.search("Hạng") and VIETNAMESE.search(unicodedata.normalize("NFC", "điểm"))
    assert not VIETNAMESE.search("Behind the one above · 0.51 – '=' is a shared rank")
