"""The Streamlit app, run by AppTest against a real database: what it shows equals `cli.py kpis`."""
from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

import formatting as fmt
from queries.metrics import LABELS_VI
from tests.conftest import pick, shown_metrics
from tests.test_cli import cli

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
