"""Exports as a person gets them: XLSX and CSV files from the download buttons of the served app,
and a chart saved as PNG from plotly's own toolbar — all in Debian's chromium, all offline."""
from __future__ import annotations

import datetime as dt
import io
import shutil

import openpyxl
import pandas as pd
import pytest

from reports import exports
from tests.conftest import cli_kpis, needs_chromium, serve_app, settle


def test_xlsx_round_trip_vietnamese_percentages_numbers_dates_and_no_formulas():
    frame = pd.DataFrame({
        "Đơn vị": ["UBND xã Hòa Bình", "=HYPERLINK(\"http://x\",\"bấm\")", "@SUM(A1)"],
        "Tỷ lệ giải quyết đúng hạn (%)": [98.23, None, 100.0],
        "Hạng": pd.array([1, None, 2], dtype="Int64"),
        "Đã giải quyết": [1234567, 0, 3],
        "Số ngày TB": [3.25, None, 1.0],
        "Ngày nhập": [dt.datetime(2026, 10, 3, 8, 30), None, dt.datetime(2026, 11, 1)],
    })
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(frame))).active
    assert [c.value for c in sheet[1]] == list(frame.columns)
    assert sheet["A2"].value == "UBND xã Hòa Bình"
    # a percentage is a number Excel shows as a percentage, not the text "98,23%"
    assert sheet["B2"].data_type == "n" and sheet["B2"].value == pytest.approx(0.9823)
    assert sheet["B2"].number_format == "0.00%" and sheet["B3"].value is None
    assert (sheet["C2"].value, sheet["C2"].number_format) == (1, "#,##0")
    assert (sheet["D2"].value, sheet["D2"].number_format) == (1234567, "#,##0")
    assert sheet["E2"].number_format == "#,##0.00"
    assert sheet["F2"].value == dt.datetime(2026, 10, 3, 8, 30) and sheet["F2"].number_format.startswith("dd/mm/yyyy")
    # nothing runs: formula-like text stays text
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert sheet["A3"].value.startswith("'=") and sheet["A4"].value.startswith("'@")


def test_csv_is_utf8_with_bom_and_keeps_figures_as_numbers():
    frame = pd.DataFrame({"Đơn vị": ["Sở Tư pháp", "+cmd"], "Tỷ lệ (%)": [98.23, None]})
    data = exports.csv_bytes(frame)
    assert data[:3] == b"\xef\xbb\xbf"
    back = pd.read_csv(io.BytesIO(data), encoding="utf-8-sig")
    assert list(back.columns) == ["Đơn vị", "Tỷ lệ (%)"] and back["Tỷ lệ (%)"][0] == 98.23
    assert back["Đơn vị"][1] == "'+cmd"


@pytest.fixture
def export_server(province_db, tmp_path):
    db = tmp_path / "exports.duckdb"
    shutil.copy(province_db, db)
    yield from serve_app(db)


@needs_chromium
def test_downloads_from_the_served_app(export_server, page, province_db, tmp_path):
    url, _ = export_server
    page.goto(f"{url}/?period=month:2026-10", wait_until="domcontentloaded")
    tab = page.get_by_role("tab", name="Xếp hạng tất cả đơn vị")  # the ranking, behind its tab
    tab.wait_for(timeout=90_000)
    tab.click()
    excel = page.get_by_role("button", name="Tải Excel").last
    excel.wait_for(timeout=90_000)
    settle(page)

    # the ranking as XLSX, made on the click: Vietnamese headers, rates as real percentages
    with page.expect_download(timeout=60_000) as got:
        excel.click()
    path = tmp_path / got.value.suggested_filename
    got.value.save_as(path)
    assert path.name == "xep_hang_20261001_20261031.xlsx"
    sheet = openpyxl.load_workbook(path).active
    header = [c.value for c in sheet[1]]
    assert "Đơn vị" in header and "Tỷ lệ giải quyết đúng hạn (%)" in header
    rows = {r[header.index("Mã đơn vị")].value: r for r in sheet.iter_rows(min_row=2)}
    rate = rows["U1"][header.index("Tỷ lệ giải quyết đúng hạn (%)")]
    assert rate.number_format == "0.00%"
    assert rate.value == pytest.approx(cli_kpis(province_db, "--unit", "U1")["on_time_rate"] / 100)
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)

    # the same table as CSV with a BOM
    with page.expect_download(timeout=60_000) as got:
        page.get_by_role("button", name="Tải CSV").last.click()
    data = open(got.value.path(), "rb").read()
    assert data.startswith(b"\xef\xbb\xbf") and "Sở Tư pháp" in data.decode("utf-8-sig")

    # a chart as PNG, from plotly's toolbar in the browser (no server round trip, no network)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.scroll_into_view_if_needed()
    chart.hover()
    with page.expect_download(timeout=60_000) as got:
        chart.get_by_role("button", name="Download plot as a PNG").click(timeout=20_000)
    assert got.value.suggested_filename == "xu_huong_202610.png"
    assert open(got.value.path(), "rb").read()[:8] == b"\x89PNG\r\n\x1a\n"
