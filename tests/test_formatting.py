"""Vietnamese formats, the written summary, and exports that never execute anything."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd

import formatting as fmt
from queries import periods
from reports import exports
from reports import narrative


def test_vietnamese_number_formats():
    assert fmt.number(1234567) == "1.234.567"
    assert fmt.percent(98.23) == "98,23%"
    assert fmt.percent(98.23, "en") == "98.23%"
    assert fmt.percent(None) == fmt.percent(float("nan")) == fmt.percent(pd.NA) == "—"
    assert fmt.points_delta(0.41) == "+0,41 điểm %" and fmt.points_delta(-1.2, "en") == "-1.20 pp"
    assert fmt.date(dt.date(2026, 10, 31)) == "31/10/2026"


def test_summary_paragraph_reads_like_a_report():
    now = {"received": 61234, "resolved": 60000, "on_time_rate": 98.23, "online_rate": 67.5, "digitized_rate": 90.0,
           "pending_overdue": 12}
    before = {"on_time_rate": 97.82, "online_rate": 67.5}
    text = narrative.period_summary(periods.month(2026, 10), "Toàn tỉnh", now, before,
                                    [("UBND xã A", 90.5), ("Sở B", 91.0), ("Sở C", None)])
    assert text.startswith("Tháng 10/2026, toàn tỉnh tiếp nhận 61.234 hồ sơ")
    assert "tỷ lệ giải quyết đúng hạn đạt 98,23%, tăng 0,41 điểm % so với tháng trước" in text
    assert "tỷ lệ hồ sơ trực tuyến 67,50% (không đổi)" in text
    assert "3 đơn vị dưới chỉ tiêu đúng hạn: UBND xã A (90,50%), Sở B (91,00%), Sở C (—)." in text
    en = narrative.period_summary(periods.quarter(2026, 3), "Whole province", now, before, [], "en")
    assert "up 0.41 points on the previous quarter" in en and "No unit is below" in en


def test_csv_has_a_bom_and_formulas_are_neutralised():
    frame = pd.DataFrame({"Đơn vị": ["=HYPERLINK(\"http://x\")", "Sở Tư pháp", "+SUM(A1)", "-5"], "Tỷ lệ": [1.5, 2, 3, 4]})
    data = exports.csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert "'=HYPERLINK" in text and "'+SUM" in text and "Sở Tư pháp" in text
    assert "\n-5," in text  # a negative number stays a number


def test_xlsx_round_trip_keeps_text_and_numbers_and_has_no_formulas():
    frame = pd.DataFrame({"Đơn vị": ["UBND xã Hòa Bình", "=1+1"], "Tỷ lệ (%)": [98.23, None]})
    book = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes(frame)))
    rows = list(book.active.values)
    # a "(%)" column is a real percentage in Excel: 0.9823 shown as 98.23%
    assert rows == [("Đơn vị", "Tỷ lệ (%)"), ("UBND xã Hòa Bình", 0.9823), ("'=1+1", None)]
    assert book.active["B2"].number_format == "0.00%"
    assert all(cell.data_type != "f" for row in book.active.iter_rows() for cell in row)
