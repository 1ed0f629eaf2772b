"""The online-services page on test_metrics' hand-computed province (October 2026): what it shows
equals `cli.py kpis` and the figures worked out by hand in tests/test_metrics.py."""
from __future__ import annotations

import datetime as dt
import shutil

import pytest
from streamlit.testing.v1 import AppTest

import formatting as fmt
from queries.metrics import LABELS_VI
from tests.conftest import (ROOT, chart_series, cli, cli_kpis, click_row, open_page, open_tab, pick, shown_metrics,
                             table, write_csv)

CARDS = ("online_rate", "full_online_rate", "postal_rate", "full_online_service_share", "online_service_share")


def test_cards_equal_cli_kpis_and_the_hand_figures(app, province_db):
    open_page(app, "online")
    assert app.title[0].value == "Dịch vụ công trực tuyến"
    k = cli_kpis(province_db)
    shown = shown_metrics(app)
    assert shown == {LABELS_VI[m]: fmt.percent(k[m]) for m in CARDS}
    assert [shown[LABELS_VI[m]] for m in CARDS] == ["30,00%", "33,33%", "10,00%", "50,00%", "66,67%"]
    captions = [c.value for c in app.caption]
    # numerator / denominator = rate, under each card: A E G of 10; A E of A B E F J K; C; 1 of 2; 2 of 3
    for sentence in ("3 / 10 = 30,00%", "2 / 6 = 33,33%", "1 / 10 = 10,00%", "1 / 2 = 50,00%", "2 / 3 = 66,67%"):
        assert sentence in captions


def test_online_rates_against_their_targets_month_by_month(app):
    open_page(app, "online")
    series = chart_series(app, 0)  # the answer first: the rates, before the channel mix
    assert set(series) == {LABELS_VI["online_rate"], LABELS_VI["full_online_rate"]}
    x, online = series[LABELS_VI["online_rate"]]
    assert x[0] == "10/2025" and x[-1] == "10/2026" and len(x) == 13  # the same window on every page
    assert online[-2:] == [0.0, 30.0]
    assert abs(series[LABELS_VI["full_online_rate"]][1][-1] - 33.33) < 0.01  # A E of A B E F J K


def test_channel_mix_by_month(app):
    open_page(app, "online")
    series = chart_series(app, 1)
    x, online = series["Trực tuyến"]
    assert x[0] == "10/2025" and x[-1] == "10/2026" and len(x) == 13  # the 13 months to the period end
    assert online[-2:] == [0, 3]  # September: none; October: A E G
    assert series["Bưu chính"][1][-2:] == [0, 1]  # C
    assert series["Trực tiếp"][1][-2:] == [2, 6]  # September D M; October B F H J K L
    rate = series["Tỷ lệ hồ sơ trực tuyến"][1]
    assert rate[-2:] == [0.0, 30.0]
    assert all(v != v for v in rate[:-2])  # months with no dossier have no rate (a gap, not 0)


def test_units_ranked_by_online_rate_with_rank_change(app):
    open_page(app, "online")
    ranking = table(app, "Thay đổi hạng")
    # kinds apart, departments first: U1 1/5, U2 2/5
    assert list(ranking["Đơn vị"]) == ["Sở Tư pháp", "UBND xã An Bình"]
    assert list(ranking["Tỷ lệ trực tuyến"]) == ["20,00%", "40,00%"]
    # five dossiers each: too few to rank, now or in September (rule 77; ranks on the demo:
    # tests/test_lowest_units.py)
    assert list(ranking["Hạng"]) == ["—", "—"]
    assert list(ranking["Thay đổi hạng"]) == ["—", "—"]
    assert list(ranking["Chỉ tiêu"]) == ["—", "—"]  # this province has no targets


def test_procedures_offered_online_without_online_dossiers(app):
    open_page(app, "online")
    assert not any(s.value.startswith("TTHC") and s.value.endswith(")") for s in app.subheader)  # runs when opened
    open_tab(app, "online_tab", "TTHC trực tuyến chưa có hồ sơ")  # and stays open through the choices below
    # October, whole province: 1.000001 got A and E online, 1.000002 got G online (withdrawn, but
    # received); 1.000003 is not offered online. So the list is empty.
    assert any(s.value.endswith("(0)") for s in app.subheader)
    assert any("Mọi TTHC có DVC trực tuyến" in s.value for s in app.success)
    assert not any("Hồ sơ qua kênh khác" in d.value.columns for d in app.dataframe)

    pick(app, "unit", "Sở Tư pháp")  # U1 received 1.000002 only as C, by post
    silent = table(app, "Hồ sơ qua kênh khác")
    assert list(silent["Mã TTHC"]) == ["1.000002"]
    assert list(silent["Mức độ"]) == ["Một phần"]
    assert list(silent["Hồ sơ qua kênh khác"]) == ["1"]

    pick(app, "month", "09/2026")  # September: D (1.000002) and M (1.000001), both in person, both U1
    silent = table(app, "Hồ sơ qua kênh khác")
    assert list(silent["Mã TTHC"]) == ["1.000001", "1.000002"]
    assert list(silent["Hồ sơ qua kênh khác"]) == ["1", "1"]

    # 16–31/10 in U1: K and J (1.000001, in person); 1.000002 received nothing there at all
    pick(app, "period_kind", "Tùy chọn")
    app.sidebar.date_input(key="range").set_value((dt.date(2026, 10, 16), dt.date(2026, 10, 31))).run()
    assert any(s.value.endswith("(2)") for s in app.subheader)
    silent = table(app, "Hồ sơ qua kênh khác")  # for one unit, by default only those with dossiers
    assert list(silent["Mã TTHC"]) == ["1.000001"] and list(silent["Hồ sơ qua kênh khác"]) == ["2"]
    app.toggle[0].set_value(False).run()
    silent = table(app, "Hồ sơ qua kênh khác")
    assert list(silent["Mã TTHC"]) == ["1.000001", "1.000002"]
    assert list(silent["Hồ sơ qua kênh khác"]) == ["2", "0"]


def test_by_field_and_procedure(app):
    open_page(app, "online")
    open_tab(app, "online_tab", "Theo lĩnh vực và thủ tục")
    fields = next(d.value for d in app.dataframe if list(d.value.columns[:2]) == ["Lĩnh vực", "Tiếp nhận"])
    # Hộ tịch (1.000001): A B E F J K, online A E; Chứng thực (1.000002): C G H L, online G, post C
    assert list(fields["Lĩnh vực"]) == ["Hộ tịch", "Chứng thực"]
    assert list(fields["Tiếp nhận"]) == ["6", "4"]
    assert list(fields["Tỷ lệ trực tuyến"]) == ["33,33%", "25,00%"]
    assert list(fields["Tỷ lệ toàn trình"]) == ["33,33%", "—"]  # no full-online level in 1.000002
    assert list(fields["Tỷ lệ bưu chính"]) == ["0,00%", "25,00%"]
    procs = table(app, "Mã TTHC")
    assert list(procs["Mã TTHC"]) == ["1.000001", "1.000002"]
    assert list(procs["Mức độ"]) == ["Toàn trình", "Một phần"]
    assert list(procs["Tỷ lệ trực tuyến"]) == ["33,33%", "25,00%"]


def test_clicking_a_unit_narrows_the_page(app, province_db):
    open_page(app, "online")
    click_row(app, "online_ranking", 0)  # the first row: Sở Tư pháp (departments first)
    assert app.caption[0].value.startswith("Tháng 10/2026 · Sở Tư pháp")
    k = cli_kpis(province_db, "--unit", "U1")
    assert shown_metrics(app) == {LABELS_VI[m]: fmt.percent(k[m]) for m in CARDS}
    # U1: A of A B C J K online; A of A B J K full-online; C by post; 1.000001 full of 2 procedures
    assert [shown_metrics(app)[LABELS_VI[m]] for m in CARDS] == ["20,00%", "25,00%", "20,00%", "50,00%", "66,67%"]
    ranking = table(app, "Thay đổi hạng")
    assert list(ranking["Đơn vị"]) == ["Sở Tư pháp"] and list(ranking["Hạng"]) == ["—"]  # too few dossiers to rank
    assert any(b.label.startswith("Đang xem: ") and b.label.endswith("✕") for b in app.button)


def test_an_empty_period_says_so(app):
    open_page(app, "online")
    pick(app, "period_kind", "Tùy chọn")
    app.sidebar.date_input(key="range").set_value((dt.date(2025, 1, 1), dt.date(2025, 1, 31))).run()
    assert not app.exception
    assert not app.metric and not app.dataframe
    assert "Không có hồ sơ nào được tiếp nhận" in app.info[0].value


def test_english_switch(app):
    open_page(app, "online")
    app.sidebar.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert app.title[0].value == "Online public services"
    shown = shown_metrics(app)
    assert shown["Online dossier rate"] == "30.00%" and shown["Procedures offered online"] == "66.67%"
    assert "1 / 2 = 50.00%" in [c.value for c in app.caption]
    assert list(table(app, "Rank change")["Unit"]) == ["Sở Tư pháp", "UBND xã An Bình"]


@pytest.fixture(scope="module")
def targets_db(province_db, tmp_path_factory):
    """The province with 2026 targets: online rate 35% for all, 25% for U1 itself."""
    tmp = tmp_path_factory.mktemp("online_targets")
    db = tmp / "targets.duckdb"
    shutil.copy(province_db, db)
    rows = [["online_rate", 2026, "all", "35"], ["online_rate", 2026, "U1", "25"]]
    cli("--db", db, "import", write_csv(tmp / "t.csv", rows, ["Chỉ tiêu", "Năm", "Phạm vi", "Giá trị"]))
    return db


def test_units_are_measured_against_their_own_targets(targets_db, monkeypatch):
    monkeypatch.setenv("CCHC_DB", str(targets_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    open_page(at, "online")
    ranking = table(at, "Thay đổi hạng")
    assert list(ranking["Chỉ tiêu"]) == ["25,00%", "35,00%"]  # U1 its own, U2 the province's
    card = next(m.value for m in at.markdown if "Chỉ tiêu 35,00%" in m.value)
    assert "Chưa đạt" in card  # 30% is 5 points short of 35%
    styles = next(d for d in at.dataframe if d.key == "online_ranking").proto.arrow_data.styler.styles
    # the rate column (the 5th): U1 20% is 5 points short of 25% (vermilion), U2 40% ≥ 35% met (green)
    assert "row0_col4 { background-color: #D55E00" in styles
    assert "row1_col4 { background-color: #009E73" in styles
