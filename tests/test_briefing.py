"""The briefing as a steering committee receives it: `cli.py briefing` writes a real PPTX (read back
with python-pptx) and a real PDF (read back with pypdf); every figure on them is the one
`cli.py kpis` prints for the same period and scope."""
from __future__ import annotations

import datetime as dt
import io
import json
import sys

import pytest

import formatting as fmt
import warehouse
from queries import periods
from reports import briefing, pdf_deck, pptx_deck
from tests.conftest import ROOT, cli, cli_kpis, needs_chromium

TITLES = ["Báo cáo tình hình cải cách hành chính", "Các chỉ số chính", "Giải quyết hồ sơ đúng hạn",
          "Dịch vụ công trực tuyến", "Số hóa và thanh toán trực tuyến", "Xếp hạng đơn vị"]


def shown(metric: str, k: dict) -> str:
    return briefing.value_text(metric, k[metric])


@pytest.fixture(scope="module")
def files(province_db, tmp_path_factory):
    """October 2026 of the test province, written by the command line as PPTX and as PDF."""
    out = tmp_path_factory.mktemp("briefing")
    pptx, pdf = out / "oct.pptx", out / "oct.pdf"
    for path in (pptx, pdf):
        proc = cli("--db", province_db, "briefing", "--from", "2026-10-01", "--to", "2026-10-31", "--out", path)
        assert str(path) in proc.stdout
    return pptx, pdf


def slide_texts(slide) -> dict:
    """{shape name: its text} for every text box and table on a slide."""
    out = {}
    for shape in slide.shapes:
        if shape.has_text_frame:
            out[shape.name] = shape.text_frame.text
        elif shape.has_table:
            out[shape.name] = [[c.text for c in row.cells] for row in shape.table.rows]
    return out


@needs_chromium
def test_pptx_slides_titles_and_figures_equal_the_engine(files, province_db):
    from pptx import Presentation
    from pptx.util import Inches

    k = cli_kpis(province_db)
    before = cli_kpis(province_db, start="2026-09-01", end="2026-09-30")
    prs = Presentation(str(files[0]))
    assert (prs.slide_width, prs.slide_height) == (Inches(13.333), Inches(7.5))  # 16:9
    slides = [slide_texts(s) for s in prs.slides]
    titles = [s["title"] for s in slides]
    assert titles[:6] == TITLES
    assert titles[6].startswith("Đơn vị dưới chỉ tiêu đúng hạn") and titles[-2:] == ["Tóm tắt", "Ghi chú về số liệu"]
    # title slide: province, period, date made
    assert slides[0]["province"] == "UBND tỉnh Thử"
    assert "Tháng 10/2026" in slides[0]["period"] and fmt.date(dt.date.today()) in slides[0]["period"]
    # headline figures: each value as the engine gives it, with its change against September
    for metric in briefing.HEADLINE:
        assert slides[1][f"kpi:{metric}"] == shown(metric, k), metric
    assert slides[1]["kpi:on_time_rate"] == "50,00%"  # 2 on time of 4 with a due date (test_metrics)
    change = fmt.points_delta(round(k["online_rate"] - before["online_rate"], 2)) if before["online_rate"] else None
    texts = " ".join(v for v in slides[1].values() if isinstance(v, str))
    if change:
        assert change in texts
    # one slide per area, with the area's own figures and a chart picture
    for slide, (key, _, _, area_metrics, _), raw in zip(slides[2:5], briefing.AREAS, list(prs.slides)[2:5]):
        for metric in area_metrics:
            assert slide[f"kpi:{metric}"] == shown(metric, k), (key, metric)
        assert any(sh.shape_type == 13 for sh in raw.shapes), f"{key}: no chart picture"  # 13 = PICTURE
    # the summary is the engine's paragraph: it quotes the on-time rate and the volumes
    summary = slides[-2]["text"]
    assert "Tháng 10/2026, toàn tỉnh tiếp nhận" in summary and fmt.percent(k["on_time_rate"]) in summary
    # the data note names the imports
    note = slides[-1]["text"]
    assert "d.csv" in note and "dossiers" in note


@needs_chromium
def test_pdf_has_one_page_per_slide_with_the_same_figures(files, province_db):
    from pptx import Presentation
    from pypdf import PdfReader

    k = cli_kpis(province_db)
    reader = PdfReader(str(files[1]))
    assert len(reader.pages) == len(Presentation(str(files[0])).slides)
    page = reader.pages[0]
    assert float(page.mediabox.width) / float(page.mediabox.height) == pytest.approx(16 / 9, rel=0.01)
    first = reader.pages[0].extract_text()
    assert "UBND tỉnh Thử" in first and "Tháng 10/2026" in first  # Vietnamese text survives (embedded font)
    headline = reader.pages[1].extract_text()
    for metric in ("on_time_rate", "progress_rate", "online_rate", "digitized_rate"):
        assert shown(metric, k) in headline, metric
    fonts = str(page.get("/Resources", {}).get_object())
    assert "Font" in fonts


def test_a_unit_briefing_carries_that_units_figures(province_db):
    """Without rendering charts: the unit's figures, and no top/bottom ranking for one unit."""
    from pptx import Presentation

    with warehouse.session(province_db, read_only=True) as con:
        b = briefing.build(con, periods.month(2026, 10), unit="U1")
    k = cli_kpis(province_db, "--unit", "U1")
    prs = Presentation(io.BytesIO(pptx_deck.to_pptx(b)))
    slides = [slide_texts(s) for s in prs.slides]
    assert "Sở Tư pháp" in slides[0]["period"]
    for metric in briefing.HEADLINE:
        assert slides[1][f"kpi:{metric}"] == shown(metric, k), metric
    assert "Xếp hạng đơn vị" not in [s["title"] for s in slides]
    assert {key: b.kpis[key] for key in k if key in b.kpis and key not in ("demo",)} == \
        {key: v for key, v in k.items() if key in b.kpis and key != "demo"}


def test_english_briefing(province_db):
    with warehouse.session(province_db, read_only=True) as con:
        b = briefing.build(con, periods.month(2026, 10), lang="en")
    assert [s.title for s in b.slides][:3] == ["Administrative reform briefing", "Headline figures",
                                               "Dossier processing on time"]
    assert b.slides[1].figures[0].value == "50.00%"


def test_an_empty_period_gives_dashes_not_zeros(province_db):
    with warehouse.session(province_db, read_only=True) as con:
        b = briefing.build(con, periods.month(2020, 1))
    values = {f.metric: f.value for f in b.slides[1].figures}
    assert values["on_time_rate"] == "—" and values["avg_processing_days"] == "—"
    areas = [s for s in b.slides if s.kind == "area"]
    assert areas and all(s.chart is None for s in areas)
    data = pdf_deck.to_pdf(b)
    assert data.startswith(b"%PDF")


def test_no_score_slides_without_scores(province_db):
    with warehouse.session(province_db, read_only=True) as con:
        assert briefing.scores_slides(con, periods.month(2026, 10), None, None, "vi") == []


def test_score_slides_show_the_published_scores(score_db):
    # the same figures `cli.py scores` prints, never recomputed: 766 for the month, PAR of the latest year
    p766 = json.loads(cli("--db", score_db, "scores", "--scheme", "portal766", "--period", "2026-10",
                          "--json").stdout)
    par = json.loads(cli("--db", score_db, "scores", "--scheme", "par", "--period", "2025", "--json").stdout)
    with warehouse.session(score_db, read_only=True) as con:
        slides = briefing.scores_slides(con, periods.month(2026, 10), None, None, "vi")
        assert briefing.scores_slides(con, periods.month(2023, 10), None, None, "vi") == []  # nothing yet then
    titles = [s.title for s in slides]
    assert titles[0] == "Chỉ số 766 – kỳ 2026-10" and titles[-2:] == ["Chỉ số CCHC năm 2025 – Sở, ban, ngành",
                                                                       "Chỉ số CCHC năm 2025 – Xã, phường, đặc khu"]
    s766 = [s for s in slides if s.title.startswith("Chỉ số 766")]
    # the province by group on its own slide: points and maximum in their own columns
    assert s766[0].roles == [("name", "score", "max")]
    province_groups = [row[1] for row in s766[0].tables[0][2]]
    assert province_groups == [fmt.number(p766["province"]["groups"][g], 2, "vi") for g in p766["groups"]]
    kinds = {u["unit_code"]: u["kind"] for u in p766["units"]}
    names = {u["unit_name"]: u for u in p766["units"]}
    shown_766 = {}
    for s in s766[1:]:
        assert len(s.tables) <= 2  # side by side at most
        for caption, header, rows in s.tables:
            # one kind to a table: departments and communes never share a heading (their ranks are per kind)
            assert len({kinds[names[row[1]]["unit_code"]] for row in rows}) == 1, caption
            assert caption.endswith("thấp nhất") and header[-1] == "Tối đa"
            ranks = [int(row[0]) for row in rows]
            assert ranks == sorted(ranks, reverse=True)  # the lowest first
            shown_766.update({row[1]: (row[2], row[3]) for row in rows})
    assert shown_766
    for name, (total, maximum) in shown_766.items():
        assert total == fmt.number(names[name]["total"], 2, "vi")
        assert maximum == fmt.number(names[name]["max_total"], 0, "vi")
    par_kinds = {u["unit_name"]: u["kind"] for u in par["units"]}
    for s, kind in zip(slides[-2:], ("department", "commune")):
        assert all(par_kinds[row[1]] == kind for _, _, rows in s.tables for row in rows)
    best = slides[-2].tables[0][2]
    top = min(u["rank"] for u in par["units"] if u["rank"] is not None and u["kind"] == "department")
    assert best[0][0] == str(top)
    shown_par = {row[1]: (row[2], row[3]) for s in slides[-2:] for _, _, rows in s.tables for row in rows}
    compared = 0
    for u in par["units"]:
        if u["unit_name"] in shown_par:
            assert shown_par[u["unit_name"]] == (fmt.number(u["total"], 2, "vi"), u["grade"])
            compared += 1
    assert len(shown_par) == 5 and compared == 5  # every ranked unit of the file, each under its own kind


def test_cli_briefing_refuses_what_it_cannot_write(province_db, tmp_path):
    proc = cli("--db", province_db, "briefing", "--from", "2026-10-01", "--to", "2026-10-31", "--out",
               tmp_path / "x.docx", check=False)
    assert proc.returncode == 1 and ".pptx" in proc.stderr and not (tmp_path / "x.docx").exists()
    proc = cli("--db", province_db, "briefing", "--from", "2026-10-01", "--to", "2026-10-31", "--unit", "NOPE",
               "--out", tmp_path / "x.pptx", check=False)
    assert proc.returncode == 1 and "NOPE" in proc.stderr and not (tmp_path / "x.pptx").exists()
    proc = cli("--db", province_db, "briefing", "--from", "2026-10-31", "--to", "2026-10-01", "--out",
               tmp_path / "x.pptx", check=False)
    assert proc.returncode == 1


def test_other_commands_do_not_load_the_briefing_libraries(province_db):
    import subprocess

    code = ("import sys, cli; cli.main(['--db', sys.argv[1], 'kpis', '--from', '2026-10-01', '--to', '2026-10-31', "
            "'--json']); heavy = {'plotly', 'pptx', 'fpdf', 'kaleido', 'briefing'} & set(sys.modules); "
            "assert not heavy, heavy")
    proc = subprocess.run([sys.executable, "-c", code, str(province_db)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    json.loads(proc.stdout)


def test_briefing_page_makes_both_files_on_one_click(app, province_db, monkeypatch):
    from pptx import Presentation
    from pypdf import PdfReader

    from tests.conftest import open_page

    open_page(app, "briefing")
    assert app.title[0].value == "Báo cáo cho cuộc họp"
    assert "_briefing" not in app.session_state  # nothing is built until asked
    assert not app.get("download_button")
    builds = []
    real_build = briefing.build
    monkeypatch.setattr(briefing, "build", lambda *a, **kw: builds.append(a) or real_build(*a, **kw))
    app.button(key="briefing_make").click().run()
    assert not app.exception, app.exception
    made = app.session_state["_briefing"]
    assert [b.label for b in app.get("download_button")] == ["Tải PPTX", "Tải PDF"]
    prs = Presentation(io.BytesIO(made["pptx"]))
    assert len(prs.slides) == len(PdfReader(io.BytesIO(made["pdf"])).pages) == len(made["slides"])
    k = cli_kpis(province_db)
    headline = slide_texts(prs.slides[1])
    for metric in briefing.HEADLINE:
        assert headline[f"kpi:{metric}"] == shown(metric, k), metric
    # a rerun (another widget, same choice) does not build again: the same files are offered
    app.run()
    assert len(builds) == 1 and [b.label for b in app.get("download_button")] == ["Tải PPTX", "Tải PDF"]


def test_data_quality_tables_download_with_vietnamese_headers(app):
    from tests.conftest import open_page

    open_page(app, "data_quality")
    labels = [b.label for b in app.get("download_button")]
    assert labels.count("Tải Excel") >= 1 and labels.count("Tải CSV") == labels.count("Tải Excel")


def test_cli_names_whole_months_quarters_and_years():
    import cli

    d = dt.date
    assert cli._period(d(2026, 10, 1), d(2026, 10, 31)) == periods.month(2026, 10)
    assert cli._period(d(2026, 7, 1), d(2026, 9, 30)).label() == "Quý 3/2026"
    assert cli._period(d(2026, 1, 1), d(2026, 12, 31)).previous() == periods.year(2025)
    assert cli._period(d(2026, 10, 5), d(2026, 10, 20)).kind == "range"


def test_presentation_page_escapes_every_text_from_data(province_db, tmp_path):
    """A unit named like markup stays text on the projector: the slide show is built from
    escaped text only, and its fixed script carries no data."""
    import shutil

    from reports import present
    from tests.conftest import write_csv

    db = tmp_path / "names.duckdb"
    shutil.copy(province_db, db)
    evil = '<img src=x onerror="alert(1)">Sở <b>Lạ</b>'
    cli("--db", db, "import", write_csv(tmp_path / "u.csv", [["U1", evil, "department", "H99", ""]],
                                        ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cha", "Mã hành chính"]))
    with warehouse.session(db, read_only=True) as con:
        b = briefing.build(con, periods.month(2026, 10), unit="U1")
    page = present.page(b, every=5, theme="dark")
    assert "<img" not in page and "<b>Lạ" not in page
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Sở &lt;b&gt;Lạ&lt;/b&gt;" in page
    script = page[page.index("<script>"):]
    assert "Lạ" not in script and "var EVERY = 5000;" in script
    assert '<body class="dark"' in page
    # every slide the projector shows is there, in order; paper-only slides (title, data note) are not
    kinds = [k.split('"')[0] for k in page.split('class="slide" data-kind="')[1:]]
    assert kinds == ["headline", "area", "area", "area", "below", "summary"]


def test_without_a_browser_the_page_still_makes_the_files(app, monkeypatch):
    from reports import charts
    from pptx import Presentation

    from tests.conftest import open_page

    monkeypatch.setattr(charts, "chromium_path", lambda: None)
    open_page(app, "briefing")
    app.button(key="briefing_make").click().run()
    assert not app.exception, app.exception
    assert any("Không vẽ được biểu đồ" in w.value for w in app.warning)
    prs = Presentation(io.BytesIO(app.session_state["_briefing"]["pptx"]))
    assert not any(sh.shape_type == 13 for s in prs.slides for sh in s.shapes)  # no pictures
    assert app.session_state["_briefing"]["pdf"].startswith(b"%PDF")


def _pdf_runs(data: bytes) -> list[list[tuple]]:
    """Every piece of text on every page of a PDF as (x, y, width, text) in points, the width
    from the embedded font's own metrics (the fonts `pdf_deck` embeds, through fpdf2)."""
    from fpdf import FPDF
    from pypdf import PdfReader

    metrics = FPDF(unit="pt")
    regular, bold = pdf_deck.fonts()
    metrics.add_font("Body", "", str(regular))
    metrics.add_font("Body", "B", str(bold))
    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        runs = []

        def visit(text, cm, tm, font, size):
            if text.strip() and font is not None:
                metrics.set_font("Body", "B" if "Bold" in str(font.get("/BaseFont")) else "", size)
                runs.append((tm[4] + metrics.get_string_width(text[:len(text) - len(text.lstrip())]), tm[5],
                             metrics.get_string_width(text.strip()), text.strip()))

        page.extract_text(visitor_text=visit)
        pages.append((float(page.mediabox.width), float(page.mediabox.height), runs))
    return pages


@pytest.fixture(scope="module")
def demo_briefing(demo_db):
    """The demo province's briefing for October 2026 (QĐ 766 and PAR slides included), no charts."""
    with warehouse.session(demo_db, read_only=True) as con:
        return briefing.build(con, periods.month(2026, 10), lang="vi")


def test_pdf_text_stays_apart_and_on_the_page(demo_briefing):
    # the PDF as written: no two pieces of text on one line run into each other (the table headers
    # "Đã giải quyết" and "Tỷ lệ đúng hạn" once did) and none leaves the page
    pages = _pdf_runs(pdf_deck.to_pdf(demo_briefing))
    assert len(pages) == len(demo_briefing.slides)
    checked = 0
    for number, (width, height, runs) in enumerate(pages, start=1):
        for x, y, w, text in runs:
            assert 0 <= x and x + w <= width + 0.5 and 0 <= y <= height, (number, text)
        lines: dict = {}
        for run in runs:
            lines.setdefault(round(run[1]), []).append(run)
        for line in lines.values():
            line.sort()
            for (x1, _, w1, t1), (x2, _, _, t2) in zip(line, line[1:]):
                assert x1 + w1 <= x2 + 0.5, f"page {number}: «{t1}» runs into «{t2}»"
                checked += 1
    assert checked > 100


def test_pdf_table_headers_fit_their_columns(demo_briefing):
    # every table of the briefing laid out as the PDF lays it out, with the PDF's font metrics:
    # each header line and each cell line fits its column; the columns fill the table's width
    from fpdf import FPDF

    pdf = FPDF(unit="mm")
    regular, bold = pdf_deck.fonts()
    pdf.add_font("Body", "", str(regular))
    pdf.add_font("Body", "B", str(bold))
    measure = pdf_deck.font_measure(pdf)
    seen = set()
    for s in demo_briefing.slides:
        for i, (_, header, rows) in enumerate(s.tables):
            width = (313.27 - 8.0 * (len(s.tables) - 1)) / len(s.tables)
            t = pdf_deck.table_layout(measure, header, rows, width, s.roles[i] if s.roles else ())
            assert sum(t.widths) == pytest.approx(width)
            for c, lines in enumerate(t.header):
                assert " ".join(lines) == header[c]  # wrapped, never cut
                for line in lines:
                    assert measure(line, t.size, True) <= t.widths[c] - 2 * pdf_deck.PAD + 1e-6, (s.title, line)
            for row in t.rows:
                for c, lines in enumerate(row):
                    assert all(measure(line, t.size) <= t.widths[c] - 2 * pdf_deck.PAD + 1e-6 for line in lines)
            seen.update(header)
    assert {"Đã giải quyết", "Tỷ lệ đúng hạn", "Tối đa", "Xếp loại"} <= seen


def test_ranking_slides_rank_each_kind_of_unit_apart(demo_briefing, demo_db):
    # the whole province: a ranking slide per kind, each rank within that kind (1 = its best)
    import queries

    with warehouse.session(demo_db, read_only=True) as con:
        kinds = dict(zip(queries.units(con)["unit_name"], queries.units(con)["kind"]))
    ranking = [s for s in demo_briefing.slides if s.kind == "ranking"]
    assert [s.title for s in ranking] == ["Xếp hạng đơn vị – Sở, ban, ngành", "Xếp hạng đơn vị – Xã, phường, đặc khu"]
    for s, kind in zip(ranking, ("department", "commune")):
        best, lowest = (rows for _, _, rows in s.tables)
        assert {kinds[row[1]] for row in best + lowest} == {kind}
        assert best[0][0] == "1" and int(lowest[0][0]) >= int(lowest[-1][0])
