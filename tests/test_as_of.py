"""A period the data has not reached yet: counted "as of" the last day the data covers, labelled so,
and compared with the same stretch of the other periods.

The hand-counted province's data ends on 03/11/2026 (L is resolved then). At that day's end: E (due
05/11) is pending within its deadline; F, J and K are overdue; L has left the list. Counting "at the
end of 31/12/2026" instead would make E overdue too and show a progress rate leaders would act on.
"""
from __future__ import annotations

import datetime as dt
import json

import pytest

import warehouse
from queries import periods
from reports import briefing
from tests.conftest import cli_kpis, open_page

DATA_END = dt.date(2026, 11, 3)


@pytest.mark.parametrize("start, end", [("2026-10-01", "2026-12-31"),  # Q4
                                         ("2026-01-01", "2026-12-31"),  # the year
                                         ("2026-11-01", "2026-11-30")])  # November
def test_cli_counts_a_period_past_the_data_as_of_its_last_day(province_db, start, end):
    past = cli_kpis(province_db, start=start, end=end)
    assert past["to"] == end and past["as_of"] == "2026-11-03"
    reached = cli_kpis(province_db, start=start, end="2026-11-03")
    assert {k: v for k, v in past.items() if k != "to"} == {k: v for k, v in reached.items() if k != "to"}
    assert (past["pending_within"], past["pending_overdue"]) == (1, 3)  # E within; F, J, K overdue


def test_a_period_the_data_covers_is_not_cut(province_db):
    october = cli_kpis(province_db)
    assert october["as_of"] == "2026-10-31" and october["pending_within"] == 3  # E, J, L as in test_metrics


def test_partial_periods_are_labelled_and_compared_over_the_same_stretch():
    q4 = periods.quarter(2026, 4).as_of(dt.date(2026, 10, 31))
    assert q4.label("vi") == "Quý 4/2026 (đến 31/10)" and q4.label("en") == "Q4 2026 (to 31/10)"
    assert (q4.previous().start, q4.previous().end) == (dt.date(2026, 7, 1), dt.date(2026, 7, 31))
    last_year = q4.same_period_last_year()
    assert (last_year.start, last_year.end) == (dt.date(2025, 10, 1), dt.date(2025, 10, 31))
    nov = periods.month(2026, 11).as_of(dt.date(2026, 11, 20))
    assert (nov.previous().start, nov.previous().end) == (dt.date(2026, 10, 1), dt.date(2026, 10, 20))
    assert nov.previous().label("vi") == "Tháng 10/2026 (đến 20/10)"
    year = periods.year(2026).as_of(dt.date(2026, 10, 31))
    assert year.previous().end == dt.date(2025, 10, 31) and year.label("vi") == "Năm 2026 (đến 31/10)"
    ytd = periods.ytd(dt.date(2026, 10, 31)).as_of(dt.date(2026, 10, 31))
    assert not ytd.partial and ytd.previous().end == dt.date(2025, 10, 31)  # ends where the data does anyway
    whole = periods.quarter(2026, 3).as_of(dt.date(2026, 10, 31))
    assert not whole.partial and whole.label("vi") == "Quý 3/2026"


def test_the_overview_of_a_quarter_past_the_data_says_to_when_and_counts_then(app, province_db):
    at = app
    at.query_params["period"] = "quarter:2026-Q4"
    at.session_state["_url_restored"] = False
    at.session_state["period_kind"] = "quarter"
    at.session_state["quarter"] = (2026, 4)
    at.run()
    open_page(at, "overview")
    assert any("Quý 4/2026 (đến 03/11)" in c.value for c in at.caption)
    cli = cli_kpis(province_db, start="2026-10-01", end="2026-12-31")
    shown = {m.label: m.value for m in at.metric}
    assert shown["Tiến độ giải quyết (QĐ 766)"] == f"{cli['progress_rate']:.2f}".replace(".", ",") + "%"


def test_the_briefing_of_a_quarter_past_the_data_says_to_when(province_db):
    with warehouse.session(province_db, read_only=True) as con:
        import queries

        q4 = periods.quarter(2026, 4).as_of(queries.data_end(con))
        b = briefing.build(con, q4, today=dt.date(2026, 11, 30))
    title = b.slides[0]
    assert "Quý 4/2026 (đến 03/11)" in title.text
    assert "So với Quý 3/2026 (đến 03/08)" in b.slides[1].subtitle


def test_trends_stop_where_the_data_does(province_db):
    with warehouse.session(province_db, read_only=True) as con:
        import queries

        year = periods.year(2026).as_of(queries.data_end(con))
        months = queries.monthly_trend(con, year.start, year.end)
    assert str(months["month"].max())[:7] == "2026-11"  # no December drawn before it happened
    assert json.dumps([str(m)[:7] for m in months["month"]]).count("2026-12") == 0
