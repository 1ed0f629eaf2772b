"""Worst units per kind, with their direction (issue 14, item 1): the overview lists the lowest
units of each kind (departments and communes never mixed), each with its rank out of the kind's
ranked units ("63/65"), its rate, its change in points and a six-month trend; units with fewer
than ten dossiers behind the figure are not ranked; a tie at the top is one line, not a list."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import queries
import warehouse
from queries import metrics
from tests.conftest import ROOT

OCT, SEP = (dt.date(2026, 10, 1), dt.date(2026, 10, 31)), (dt.date(2026, 9, 1), dt.date(2026, 9, 30))
MONTHS = [(dt.date(2026, m, 1), (dt.date(2026, m + 1, 1) - dt.timedelta(days=1))) for m in range(5, 11)]


@pytest.fixture(scope="module")
def standing(demo_db):
    with warehouse.session(demo_db, read_only=True) as con:
        periods = {"now": OCT, "before": SEP, **{f"m{i}": p for i, p in enumerate(MONTHS)}}
        board = queries.board(con, periods, metric="on_time_rate")
        by_hand = {label: queries.unit_counts(con, *p) for label, p in periods.items()}
        kinds = dict(con.execute("SELECT unit_code, kind FROM units").fetchall())
    return board.standing("on_time_rate", "now", "before", [f"m{i}" for i in range(6)]), by_hand, kinds


def test_ranks_are_within_each_kind_among_units_with_ten_dossiers(standing):
    got, by_hand, kinds = standing
    now = by_hand["now"]
    now = now[(now["resolved_on_time"] + now["resolved_late"] >= metrics.MIN_VOLUME) & now["on_time_rate"].notna()
              & now["unit_code"].map(kinds).isin(["department", "commune", "center", "district", "other"])].copy()
    now["kind"] = now["unit_code"].map(kinds)
    assert set(now["kind"]) >= {"department", "commune"}  # both kinds are ranked in the demo
    for kind, mine in now.groupby("kind"):
        # rank 1 = best, ties share it: one more than the number of units strictly better
        expected = {c: 1 + int((mine["on_time_rate"] > v).sum()) for c, v in zip(mine["unit_code"], mine["on_time_rate"])}
        theirs = got[got["kind"] == kind]
        assert dict(zip(theirs["unit_code"], theirs["rank"])) == expected, kind
        assert set(theirs["of"]) == {len(mine)}


def test_change_and_trend_are_the_units_own_figures(standing):
    got, by_hand, _ = standing
    before = dict(zip(by_hand["before"]["unit_code"], by_hand["before"]["on_time_rate"]))
    checked = 0
    for _, u in got.iterrows():
        if pd.notna(before.get(u["unit_code"])):
            assert u["change"] == pytest.approx(round(u["value"] - before[u["unit_code"]], 2))
            checked += 1
        months = [dict(zip(by_hand[f"m{i}"]["unit_code"], by_hand[f"m{i}"]["on_time_rate"])).get(u["unit_code"])
                  for i in range(6)]
        assert [None if v is None or pd.isna(v) else pytest.approx(v) for v in months] == u["trend"]
    assert checked > 10


def test_the_overview_shows_the_lowest_of_each_kind_with_rank_out_of_how_many(demo_db, monkeypatch, standing):
    from streamlit.testing.v1 import AppTest

    got, _, _ = standing
    monkeypatch.setenv("CCHC_DB", str(demo_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["period"] = "month:2026-10"
    at.run()
    assert not at.exception, at.exception
    tables = [t.value for t in at.dataframe if "Hạng" in t.value.columns and "So kỳ trước" in t.value.columns]
    assert len(tables) == 2  # departments and communes, never mixed
    for table in tables:
        names = set(table["Đơn vị"])
        kinds = set(got[got["unit_name"].isin(names)]["kind"])
        assert len(kinds) == 1  # one kind per table
        kind = kinds.pop()
        mine = got[got["kind"] == kind]
        lowest = mine.sort_values(["rank", "unit_name"], ascending=[False, True]).head(3)
        assert list(table["Hạng"]) == [f"{r}/{len(mine)}" for r in lowest["rank"]]
        assert list(table["Đơn vị"]) == list(lowest["unit_name"])


def test_every_page_ranking_ranks_within_kind_among_units_with_ten_dossiers(demo_db, monkeypatch):
    """The same rule on the full rankings (the online page's, by online rate): "r/n" within the
    unit's kind, "—" for a unit with fewer than ten received, departments before communes, and the
    change of rank against September ranked the same way."""
    from streamlit.testing.v1 import AppTest

    with warehouse.session(demo_db, read_only=True) as con:
        kinds = dict(con.execute("SELECT unit_code, kind FROM units").fetchall())
        by_hand = {label: queries.unit_counts(con, *p) for label, p in (("now", OCT), ("before", SEP))}

    def ranks(frame):
        frame = frame[(frame["received"] >= metrics.MIN_VOLUME) & frame["online_rate"].notna()].copy()
        frame["kind"] = frame["unit_code"].map(kinds)
        out = {}
        for _, mine in frame.groupby("kind"):
            for c, v in zip(mine["unit_code"], mine["online_rate"]):
                out[c] = (1 + int((mine["online_rate"] > v).sum()), len(mine))
        return out

    now, before = ranks(by_hand["now"]), ranks(by_hand["before"])
    monkeypatch.setenv("CCHC_DB", str(demo_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["period"] = "month:2026-10"
    at.run()
    at.switch_page("pages/online.py").run()
    assert not at.exception
    shown = next(d for d in at.dataframe if d.key == "online_ranking").value
    # the table carries names: back to codes through the registry
    with warehouse.session(demo_db, read_only=True) as con:
        names = dict(con.execute("SELECT unit_name, unit_code FROM units WHERE successor_code IS NULL").fetchall())
    codes = [names[n] for n in shown["Đơn vị"]]
    expected = ["—" if c not in now else f"{now[c][0]}/{now[c][1]}" for c in codes]
    assert list(shown["Hạng"]) == expected
    assert expected.count("—") < len(expected) and any(r.endswith("/" + str(len([c for c in now if kinds[c] == "commune"])))
                                                     for r in expected)  # communes ranked among communes
    order = ["department", "commune", "center", "district", "other"]
    seen = [order.index(kinds[c]) if kinds[c] in order else len(order) for c in codes]
    assert seen == sorted(seen)  # kinds apart, departments first
    assert len(codes) == len(shown["Thay đổi hạng"]) > 0
    for c, change in zip(codes, shown["Thay đổi hạng"]):
        if c in now and c in before:
            d = before[c][0] - now[c][0]
            assert change == ("=" if d == 0 else f"▲ {d}" if d > 0 else f"▼ {-d}"), c
        else:
            assert change == "—", c
