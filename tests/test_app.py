"""The Streamlit app, run by AppTest against a real database: what it shows equals `cli.py kpis`."""
from __future__ import annotations

import json


from streamlit.testing.v1 import AppTest

import formatting as fmt
from queries.metrics import LABELS_VI
from tests.conftest import ROOT, cli, pick, shown_metrics

HEADLINE = ("on_time_rate", "progress_rate", "online_rate", "full_online_rate", "digitized_rate",
            "online_payment_rate", "result_digitized_rate")


def expected_cards(db, *args) -> dict:
    k = json.loads(cli("--db", db, "kpis", "--from", "2026-10-01", "--to", "2026-10-31", "--json", *args).stdout)
    cards = {LABELS_VI[m]: fmt.percent(k[m]) for m in HEADLINE}
    cards[LABELS_VI["avg_processing_days"]] = fmt.number(k["avg_processing_days"], 2)
    return cards


def test_overview_cards_equal_cli_kpis(app, province_db):
    assert "Tháng 10/2026" in app.caption[0].value  # the latest month with data is the default
    assert shown_metrics(app) == expected_cards(province_db)
    assert shown_metrics(app)[LABELS_VI["on_time_rate"]] == "50,00%"


def test_cards_follow_the_unit_kind_filter(app, province_db):
    pick(app, "unit_kind", "Xã, phường, đặc khu")
    assert not app.exception
    assert shown_metrics(app) == expected_cards(province_db, "--kind", "commune")
    assert shown_metrics(app)[LABELS_VI["on_time_rate"]] == "—"  # no resolved commune dossier with a due date


def test_cards_follow_the_unit_filter(app, province_db):
    pick(app, "unit", "Sở Tư pháp")
    assert shown_metrics(app) == expected_cards(province_db, "--unit", "U1")


def test_ranking_table_shows_units_in_rank_order(app):
    table = app.dataframe[-1].value
    assert list(table["Đơn vị"]) == ["Sở Tư pháp", "UBND xã An Bình"]
    assert list(table["Tỷ lệ giải quyết đúng hạn"]) == ["50,00%", "—"]


def test_an_empty_period_says_so(app):
    pick(app, "period_kind", "Năm")
    pick(app, "year", "2026")
    assert not app.exception and shown_metrics(app)  # 2026 has data
    pick(app, "period_kind", "Tùy chọn")
    import datetime as dt
    app.sidebar.date_input(key="range").set_value((dt.date(2025, 1, 1), dt.date(2025, 1, 31))).run()
    assert not app.exception
    assert not app.metric and "Không có hồ sơ" in app.info[0].value


def test_english_switch(app):
    app.sidebar.radio(key="lang").set_value("en").run()
    assert not app.exception
    assert "On-time rate" in shown_metrics(app) and shown_metrics(app)["On-time rate"] == "50.00%"


def test_data_quality_page_runs(app):
    at = app
    at.switch_page("pages/data_quality.py").run()
    assert not at.exception
    assert any("thiếu ngày hẹn trả" in m.label for m in at.metric)


def _fresh(province_db, monkeypatch, **query_params):
    monkeypatch.setenv("CCHC_DB", str(province_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    for k, v in query_params.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def test_url_parameters_restore_the_view(province_db, monkeypatch):
    at = _fresh(province_db, monkeypatch, period="month:2026-09", unit="U1", lang="en")
    assert at.caption[0].value.startswith("September 2026 · Sở Tư pháp")
    assert at.sidebar.radio(key="lang").value == "en"
    k = json.loads(cli("--db", province_db, "kpis", "--from", "2026-09-01", "--to", "2026-09-30", "--unit", "U1",
                       "--json").stdout)
    assert shown_metrics(at)["On-time rate"] == fmt.percent(k["on_time_rate"], "en")


def test_the_url_follows_the_filters(app):
    pick(app, "unit_kind", "Xã, phường, đặc khu")
    assert app.query_params["kind"] == ["commune"] or app.query_params["kind"] == "commune"
    pick(app, "period_kind", "Quý")
    period = app.query_params["period"]
    assert (period[0] if isinstance(period, list) else period) == "quarter:2026-Q4"


def test_a_mangled_url_falls_back_to_the_default_view(province_db, monkeypatch):
    at = _fresh(province_db, monkeypatch, period="month:2026-99", unit="<script>", kind="nonsense")
    assert at.caption[0].value.startswith("Tháng 10/2026 · Toàn tỉnh")


def test_choosing_a_unit_narrows_every_figure(app, province_db):
    # what a click on a ranking row does (ui.choose_unit is the rows' on_select callback)
    table = app.dataframe[-1]
    assert "Sở Tư pháp" in list(table.value["Đơn vị"])
    app.session_state["unit"] = "U1"
    app.run()
    assert not app.exception
    assert shown_metrics(app) == expected_cards(province_db, "--unit", "U1")
    assert any(b.label.startswith("Đang xem: ") and b.label.endswith("✕") for b in app.button)


def test_clicking_a_ranking_row_narrows_to_that_unit(app, province_db):
    from tests.conftest import click_row

    table = app.dataframe(key="ranking").value
    row = list(table["Đơn vị"]).index("UBND xã An Bình")
    click_row(app, "ranking", row)
    assert app.session_state["unit"] == "U2"
    assert shown_metrics(app) == expected_cards(province_db, "--unit", "U2")


def test_data_quality_lists_what_imports_could_not_place(province_db, tmp_path, monkeypatch):
    import shutil

    from tests.conftest import DOSSIER_HEADERS, open_page, write_csv
    from tests.conftest import row

    db = tmp_path / "dq.duckdb"
    shutil.copy(province_db, db)
    bad = write_csv(tmp_path / "bad.csv", [row(code="Z1", unit="ZZ9", unit_name="Ban lạ", proc="9.999999",
                                               received="03/10/2026 08:00", due="10/10/2026"),
                                           row(code="Z2", received="31/02/2026")], DOSSIER_HEADERS)
    cli("--db", db, "import", bad)
    at = _fresh(db, monkeypatch)
    open_page(at, "data_quality")
    frames = [d.value for d in at.dataframe]
    assert any("ZZ9" in list(f.get("Mã đơn vị", [])) for f in frames)
    assert any("9.999999" in list(f.get("Mã TTHC", [])) for f in frames)
    rejected = next(f for f in frames if "Lý do" in f.columns)  # columns and reasons in words (issue 14, item 9)
    assert list(rejected["Lý do"]) == ["Ngày không tồn tại"] and list(rejected["Số dòng"]) == [1]
    assert shown_metrics(at)["Hồ sơ thiếu ngày hẹn trả (không tính đúng hạn)"] == "1"  # H


def test_clicking_a_bar_of_the_below_target_chart_narrows_to_that_unit(province_db, tmp_path, monkeypatch):
    import json
    import shutil

    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT, click_bar, write_csv
    from tests.conftest import cli

    db = tmp_path / "targets.duckdb"
    shutil.copy(province_db, db)
    cli("--db", db, "import", write_csv(tmp_path / "t.csv", [["on_time_rate", "2026", "all", "99"]],
                                        ["Chỉ tiêu", "Năm", "Phạm vi", "Giá trị"]), "--kind", "targets")
    monkeypatch.setenv("CCHC_DB", str(db))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    app.run()
    charts = [c for c in app.get("plotly_chart") if c.proto.id.endswith("below_bars")]
    assert charts, "with a 99 % target both units are below it"
    bars = json.loads(charts[0].proto.spec)["data"]
    names, rates, targets = bars[0]["y"], bars[0]["text"], bars[1]["x"]
    ranking = app.dataframe(key="ranking").value
    assert len(names) == len(rates) > 0
    for name, rate in zip(names, rates):  # every bar is a ranked unit's rate as the table shows it
        assert rate == ranking.loc[ranking["Đơn vị"] == name, "Tỷ lệ giải quyết đúng hạn"].iloc[0]
    assert set(targets) == {99}
    code = {"Sở Tư pháp": "U1", "UBND xã An Bình": "U2"}[names[0]]
    click_bar(app, "below_bars", 0)
    assert app.session_state["unit"] == code
    assert shown_metrics(app) == expected_cards(db, "--unit", code)


def test_a_first_start_draws_the_real_navigation_before_making_the_demo(tmp_path, monkeypatch):
    # Making the demo province takes a while: until a run calls st.navigation, Streamlit's sidebar
    # lists the page files (app, account, admin …). The navigation must come first, and be the one
    # the visitor then gets.
    import streamlit as st

    import sample_data.load
    import warehouse

    db = tmp_path / "first_start.duckdb"
    warehouse.connect(db).close()  # what `cli.py --create` makes: empty
    monkeypatch.setenv("CCHC_DB", str(db))
    events = []
    navigation, load_demo = st.navigation, sample_data.load.load_demo

    def drawn(pages, **kwargs):
        events.append(("navigation", {section: [p.title for p in group] for section, group in pages.items()}))
        return navigation(pages, **kwargs)

    monkeypatch.setattr(st, "navigation", drawn)
    monkeypatch.setattr(sample_data.load, "load_demo", lambda con, *a, **kw: events.append(("demo", None))
                        or load_demo(con, *a, **kw))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    assert not at.exception, at.exception
    assert [kind for kind, _ in events][:3] == ["navigation", "demo", "navigation"]
    assert events[0][1] == events[-1][1] and "Bảng điều hành" in events[0][1]
