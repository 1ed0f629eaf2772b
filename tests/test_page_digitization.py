"""The digitization and payment page on test_metrics' hand-computed province (October 2026): what it
shows equals `cli.py kpis` and the figures worked out by hand in tests/test_metrics.py."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
from streamlit.testing.v1 import AppTest

import formatting as fmt
from queries.metrics import LABELS_VI
from tests.conftest import ROOT, chart_series, cli, cli_kpis, click_row, open_page, pick, shown_metrics, table, write_csv

CARDS = ("digitized_rate", "result_digitized_rate", "digitized_full_rate", "reuse_rate", "online_payment_rate")
COLUMN = {"digitized_rate": "Số hóa HS (%)", "result_digitized_rate": "Số hóa KQ (%)",
          "digitized_full_rate": "Số hóa HS và KQ (%)", "reuse_rate": "Tái sử dụng (%)",
          "online_payment_rate": "Thanh toán TT (%)"}  # the tables' short headers


def test_cards_equal_cli_kpis_and_the_hand_figures(app, province_db):
    open_page(app, "digitization")
    assert app.title[0].value == "Số hóa hồ sơ và thanh toán trực tuyến"
    k = cli_kpis(province_db)
    shown = shown_metrics(app)
    assert shown == {LABELS_VI[m]: fmt.percent(k[m]) for m in CARDS}
    assert [shown[LABELS_VI[m]] for m in CARDS] == ["10,00%", "40,00%", "20,00%", "0,00%", "50,00%"]
    captions = [c.value for c in app.caption]
    # A of 10 received; A C of 5 resolved; A of 5; none reused; A of the fee-paying A B
    for sentence in ("1 / 10 = 10,00%", "2 / 5 = 40,00%", "1 / 5 = 20,00%", "0 / 10 = 0,00%", "1 / 2 = 50,00%"):
        assert sentence in captions


def gap(v) -> bool:
    """No value at that month (plotly's null, or NaN)."""
    return v is None or v != v


def test_monthly_lines_of_the_five_rates(app):
    open_page(app, "digitization")
    series = chart_series(app)
    assert set(series) == {LABELS_VI[m] for m in CARDS}
    x, digitized = series[LABELS_VI["digitized_rate"]]
    assert x[0] == "10/2025" and x[-1] == "10/2026" and len(x) == 13
    # September: D M received, none digitized; M resolved without a digital result; no fee-paying dossier
    assert digitized[-2:] == [0.0, 10.0]
    assert series[LABELS_VI["result_digitized_rate"]][1][-2:] == [0.0, 40.0]
    payment = series[LABELS_VI["online_payment_rate"]][1]
    assert payment[-1] == 50.0 and gap(payment[-2])  # no denominator in September: a gap
    assert all(gap(v) for v in digitized[:-2])  # months with no dossier have no rate, not 0


def test_units_ranked_by_digitized_rate(app):
    open_page(app, "digitization")
    ranking = table(app, "Thay đổi hạng")
    assert list(ranking["Đơn vị"]) == ["Sở Tư pháp", "UBND xã An Bình"]  # U1 A of 5; U2 none of 5
    assert list(ranking["Hạng"]) == ["—", "—"]  # five dossiers each: too few to rank (rule 77)
    assert list(ranking["Thay đổi hạng"]) == ["—", "—"]
    assert list(ranking[COLUMN["digitized_rate"]]) == ["20,00%", "0,00%"]
    assert list(ranking[COLUMN["result_digitized_rate"]]) == ["50,00%", "0,00%"]  # A C of A B C D; H
    assert list(ranking[COLUMN["digitized_full_rate"]]) == ["25,00%", "0,00%"]
    assert list(ranking[COLUMN["reuse_rate"]]) == ["0,00%", "0,00%"]
    assert list(ranking[COLUMN["online_payment_rate"]]) == ["50,00%", "—"]  # U2 has no fee-paying dossier
    # without targets the gap list says so
    assert any("Chưa có chỉ tiêu" in i.value for i in app.info)


def test_clicking_a_unit_narrows_the_page(app, province_db):
    open_page(app, "digitization")
    click_row(app, "digitization_ranking", 1)  # the second row: UBND xã An Bình
    assert app.caption[0].value.startswith("Tháng 10/2026 · UBND xã An Bình")
    k = cli_kpis(province_db, "--unit", "U2")
    assert shown_metrics(app) == {LABELS_VI[m]: fmt.percent(k[m]) for m in CARDS}
    assert shown_metrics(app)[LABELS_VI["online_payment_rate"]] == "—"
    assert list(table(app, "Thay đổi hạng")["Đơn vị"]) == ["UBND xã An Bình"]
    pick(app, "unit", "Sở Tư pháp")
    assert shown_metrics(app)[LABELS_VI["digitized_rate"]] == fmt.percent(cli_kpis(province_db, "--unit", "U1")[
        "digitized_rate"]) == "20,00%"


def test_an_empty_period_says_so(app):
    open_page(app, "digitization")
    pick(app, "period_kind", "Tùy chọn")
    app.sidebar.date_input(key="range").set_value((dt.date(2025, 1, 1), dt.date(2025, 1, 31))).run()
    assert not app.exception
    assert not app.metric and not app.dataframe
    assert "Không có hồ sơ nào được tiếp nhận hoặc giải quyết" in app.info[0].value


def test_english_switch(app):
    open_page(app, "digitization")
    app.sidebar.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert app.title[0].value == "Digitization and online payment"
    shown = shown_metrics(app)
    assert shown["Digitized dossier rate"] == "10.00%" and shown["Online payment rate"] == "50.00%"
    assert "2 / 5 = 40.00%" in [c.value for c in app.caption]
    assert list(table(app, "Rank change")["Unit"]) == ["Sở Tư pháp", "UBND xã An Bình"]


@pytest.fixture(scope="module")
def targets_db(province_db, tmp_path_factory):
    """The province with 2026 targets: digitized 80% for all, 70% for departments, 30% for U2 itself;
    online payment 40% for all."""
    tmp = tmp_path_factory.mktemp("digitization_targets")
    db = tmp / "targets.duckdb"
    shutil.copy(province_db, db)
    rows = [["digitized_rate", 2026, "all", "80"], ["digitized_rate", 2026, "department", "70"],
            ["digitized_rate", 2026, "U2", "30"], ["online_payment_rate", 2026, "all", "40"]]
    cli("--db", db, "import", write_csv(tmp / "t.csv", rows, ["Chỉ tiêu", "Năm", "Phạm vi", "Giá trị"]))
    return db


def test_units_furthest_from_target(targets_db, monkeypatch):
    monkeypatch.setenv("CCHC_DB", str(targets_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    open_page(at, "digitization")
    gaps = table(at, "Còn thiếu số hóa")
    # U1: 70 (departments) − 20 = 50 points; payment 50% ≥ 40%: met. U2: 30 (its own) − 0 = 30; no fee: no rate
    assert list(gaps["Đơn vị"]) == ["Sở Tư pháp", "UBND xã An Bình"]
    assert list(gaps["Tiếp nhận"]) == ["5", "5"] and list(gaps["Có phí"]) == ["2", "0"]  # the basis
    assert list(gaps["Chỉ tiêu số hóa"]) == ["70,00%", "30,00%"]
    assert list(gaps["Còn thiếu số hóa"]) == ["50,00", "30,00"]
    assert list(gaps["Còn thiếu thanh toán"]) == ["0,00", "—"]  # a number, never "Đạt" among numbers
    assert any("mặc định minh họa" in c.value for c in at.caption)
    # the province's card uses the province-wide target: 10% against 80%
    card = next(m.value for m in at.markdown if "Chỉ tiêu 80,00%" in m.value)
    assert "Chưa đạt" in card
    payment = next(m.value for m in at.markdown if "Chỉ tiêu 40,00%" in m.value)
    assert "Đạt" in payment and "Chưa đạt" not in payment


def test_an_export_without_the_flag_columns_shows_dash_and_says_how_many_lack_them(tmp_path, monkeypatch):
    """A system whose export has no digitization or payment column: "—", never 0 %, and how many."""
    from tests.province_layouts import national_sync
    from tests.province import PROCEDURES, UNITS

    db = tmp_path / "noflags.duckdb"
    cli("--db", db, "--create", "import", write_csv(tmp_path / "u.csv", UNITS, ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị",
                                                                     "Mã đơn vị cha", "Mã hành chính"]))
    cli("--db", db, "import", write_csv(tmp_path / "p.csv", PROCEDURES, ["Mã TTHC", "Tên TTHC", "Lĩnh vực", "Mức độ"]))
    cli("--db", db, "import", national_sync(tmp_path))  # has HoSoCoThanhPhanSoHoa, no result or reuse column
    monkeypatch.setenv("CCHC_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    open_page(at, "digitization")
    shown = shown_metrics(at)
    assert shown[LABELS_VI["digitized_rate"]] == "10,00%"
    assert shown[LABELS_VI["result_digitized_rate"]] == "—" and shown[LABELS_VI["reuse_rate"]] == "—"
    captions = [c.value for c in at.caption]
    assert "5 hồ sơ không có thông tin này (tệp xuất không có cột), không tính." in captions  # the 5 resolved
    assert "10 hồ sơ không có thông tin này (tệp xuất không có cột), không tính." in captions  # the 10 received
