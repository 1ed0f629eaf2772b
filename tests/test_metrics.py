"""The metric engine on a small province whose every figure was worked out by hand (docs/definitions.md, "Metrics").

Period: October 2026. Two registered units, three catalogue procedures. Each dossier below
exercises one rule; the expected figures are derived in the comments of `EXPECTED`.
"""
from __future__ import annotations

import datetime as dt

import pytest

import queries
from queries import metrics
from queries.metrics import METRICS, rates
from tests.province import DOSSIERS, EXPECTED, OCT, PROCEDURES, UNITS


@pytest.fixture
def province(db, do_import):
    assert do_import(UNITS, ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cha", "Mã hành chính"]).ok
    assert do_import(PROCEDURES, ["Mã TTHC", "Tên TTHC", "Lĩnh vực", "Mức độ"]).ok
    result = do_import(DOSSIERS)
    assert result.ok and result.rows_imported == len(DOSSIERS) and result.rows_rejected == 0
    return db


def test_every_metric_matches_the_hand_computed_figure(province):
    k = queries.kpis(province, *OCT)
    for name, expected in EXPECTED.items():
        assert k[name] == expected, name


def test_province_equals_the_sum_of_its_units(province):
    units = queries.unit_counts(province, *OCT)
    counts = [c for c in units.columns if c not in METRICS and units[c].dtype.kind in "iu"]
    assert len(counts) >= 25  # every count the engine defines
    summed = {c: int(units[c].sum()) for c in counts}
    province_kpis = queries.kpis(province, *OCT)
    for c in counts:
        assert province_kpis[c] == summed[c], c
    # and the rate comes from the summed counts, not from averaging the units' rates
    per_unit = queries.kpis(province, *OCT, unit="U1")["on_time_rate"], queries.kpis(province, *OCT, unit="U2")[
        "on_time_rate"]
    assert per_unit == (50.0, None)  # U1: A C on time, B D late; U2: nothing with a due date resolved
    assert province_kpis["on_time_rate"] == rates(summed)["on_time_rate"]


def test_unit_scope_and_kind_filter(province):
    u1 = queries.kpis(province, *OCT, unit="U1")
    assert (u1["received"], u1["resolved"], u1["pending_within"], u1["pending_overdue"]) == (5, 4, 1, 1)
    communes = queries.kpis(province, *OCT, kind="commune")
    assert communes["received"] == 5 and communes["pending_overdue"] == 1
    # a parent unit's scope is everything under it
    assert queries.kpis(province, *OCT, unit="H99")["received"] == 10


def test_empty_period_gives_empty_rates_not_zero(province):
    k = queries.kpis(province, dt.date(2025, 1, 1), dt.date(2025, 1, 31))
    assert k["received"] == 0
    for name in ("on_time_rate", "progress_rate", "online_rate", "digitized_rate", "apology_rate",
                 "avg_processing_days", "progress_points", "full_online_service_share"):
        assert k[name] is None, name
    assert k["online_service_share"] == 66.67  # the catalogue does not depend on the period


def test_pending_counts_depend_on_the_period_end(province):
    # At the end of 15/10, F (due 15/10, date only) is still within its deadline.
    mid = queries.kpis(province, dt.date(2026, 10, 1), dt.date(2026, 10, 15))
    assert mid["pending_overdue"] == 0
    # On 16/10 it is overdue; D was resolved on 02/10 so it never counts as pending then.
    after = queries.kpis(province, dt.date(2026, 10, 16), dt.date(2026, 10, 16))
    assert after["pending_overdue"] == 1


def test_ranking_orders_best_first_and_ties_share_a_rank(province):
    ranked = queries.ranking(province, "online_rate", *OCT)
    assert list(ranked["unit_code"]) == ["U2", "U1"]  # U2: 2/5 online, U1: 1/5
    assert list(ranked["rank"]) == [1, 2]
    ranked = queries.ranking(province, "reuse_rate", *OCT)
    assert list(ranked["rank"]) == [1, 1]
    ranked = queries.ranking(province, "on_time_rate", *OCT)
    assert ranked["rank"].isna().tolist() == [False, True]  # U2 has no denominator: no rank, last


def test_monthly_trend_adds_up_to_the_period(province):
    trend = queries.monthly_trend(province, dt.date(2026, 9, 1), dt.date(2026, 10, 31))
    assert [m.month for m in trend["month"]] == [9, 10]
    october = trend.iloc[1]
    assert october["received"] == EXPECTED["received"]
    assert october["on_time_rate"] == EXPECTED["on_time_rate"]
    assert october["pending_within"] == 3 and october["pending_overdue"] == 2
    september = trend.iloc[0]
    assert september["received"] == 2  # D and M
    # at the end of September D (due 25/09) was pending and overdue
    assert september["pending_overdue"] == 1


def test_reimport_of_a_newer_export_moves_a_dossier(province, do_import):
    # E is resolved on time in the November export: it leaves October's pending and counts in November.
    newer = [r[:] for r in DOSSIERS if r[0] == "E"]
    newer[0][10], newer[0][12] = "04/11/2026 10:00", 10
    result = do_import(newer)
    assert (result.rows_updated, result.rows_imported) == (1, 0)
    oct_ = queries.kpis(province, *OCT)
    assert oct_["pending_within"] == 3  # still pending at the end of October
    nov = queries.kpis(province, dt.date(2026, 11, 1), dt.date(2026, 11, 30))
    assert nov["resolved"] == 2  # E and L
    assert nov["resolved_on_time"] == 1  # E (due 05/11, resolved 04/11)
    assert nov["resolved_late"] == 1  # L (due 01/11, resolved 03/11)


@pytest.mark.parametrize("period", [OCT, (dt.date(2026, 9, 1), dt.date(2026, 9, 30)),
                                    (dt.date(2026, 9, 15), dt.date(2026, 10, 20))])
def test_dossier_list_holds_exactly_the_dossiers_counted(province, period):
    # The list behind a figure must never disagree with the figure (it is read from the
    # dossiers, the figure from the rollups)
    k = queries.kpis(province, *period)
    listed = {state: len(queries.dossier_list(province, *period, state=state))
              for state in queries.DOSSIER_STATES}
    assert listed["received"] == k["received"]
    assert listed["resolved"] == k["resolved"]
    assert listed["on_time"] == k["resolved_on_time"]
    assert listed["late"] == k["resolved_late"]
    assert listed["pending"] == k["pending_within"] + k["pending_overdue"]
    assert listed["overdue"] == k["pending_overdue"]
    assert listed["within"] == k["pending_within"]
    everything = queries.dossier_list(province, *period)
    assert len(everything) == len(set(everything["dossier_code"]))
    assert len(everything) >= max(listed.values())


@pytest.mark.parametrize("end", [dt.date(2026, 9, 30), dt.date(2026, 10, 3), dt.date(2026, 10, 15), dt.date(2026, 11, 2)])
def test_pending_by_procedure_equals_pending_by_unit(province, end):
    # by procedure, pending is read from whole months plus the days of $end's month; by unit,
    # from every day: the two roads must meet at every end date
    start = end.replace(day=1)
    by_unit = queries.kpis(province, start, end)
    by_procedure = queries.procedure_counts(province, start, end)
    for c in ("pending_within", "pending_overdue"):
        assert by_procedure[c].sum() == by_unit[c], c


def test_a_targets_own_scope_then_its_kinds_then_the_provinces():
    import pandas as pd

    targets = pd.DataFrame({"metric": ["on_time_rate", "on_time_rate", "on_time_rate", "online_rate", "on_time_rate"],
                            "scope": ["all", "commune", "U1", "U2", "U3"],
                            "value": [95.0, 97.0, 99.5, 50.0, None]})
    units = ["U1", "U2", "X", None, "U3"]
    kinds = ["department", "commune", "department", None, "commune"]
    # U1 its own; U2 has a target only for another metric: its kind's; X: the province's; U3's
    # own row has no value: its kind's
    assert metrics.targets_for(targets, "on_time_rate", units, kinds) == [99.5, 97.0, 95.0, 95.0, 97.0]
    assert [metrics.target_for(targets, "on_time_rate", u, k) for u, k in zip(units, kinds)] == [99.5, 97.0, 95.0, 95.0, 97.0]
    assert metrics.targets_for(targets, "online_rate", units, kinds) == [None, 50.0, None, None, None]


def test_a_board_counts_distinct_procedures_only_for_the_labels_asked(province):
    periods = {"now": OCT, "before": (dt.date(2026, 9, 1), dt.date(2026, 9, 30)),
               **queries.trend_periods(dt.date(2026, 9, 1), dt.date(2026, 10, 31))}
    every = queries.board(province, periods)
    cards = queries.board(province, periods, distinct=("now", "before"))
    assert every.totals["now"]["procedures_received"] > 0
    for label in ("now", "before"):
        assert cards.totals[label] == every.totals[label]
    for label in ("month:2026-09-01", "month:2026-10-01"):
        # never a zero that was not counted: the counts and the share made from them are absent
        missing = set(every.totals[label]) - set(cards.totals[label])
        assert missing == {"procedures_received", "procedures_full_online", "full_online_service_share"}
        assert {k: v for k, v in every.totals[label].items() if k not in missing} == cards.totals[label]


def test_a_board_without_shares_runs_neither_share_query(province, monkeypatch):
    # the overview, on-time and digitization pages show no procedure share: their board asks none,
    # and their totals then lack the share counts rather than show a zero nobody counted
    periods = {"now": OCT, "before": (dt.date(2026, 9, 1), dt.date(2026, 9, 30))}
    every = queries.board(province, periods)
    ran = []
    real = queries.records
    monkeypatch.setattr(queries, "records", lambda con, name, *a, **k: ran.append(name) or real(con, name, *a, **k))
    bare = queries.board(province, periods, distinct=())
    assert "procedure_totals" not in ran and "catalogue_totals" not in ran
    shares = {"procedures_received", "procedures_full_online", "full_online_service_share",
              "catalogue_procedures", "catalogue_online", "online_service_share"}
    for label in periods:
        assert set(every.totals[label]) - set(bare.totals[label]) == shares
        assert {k: v for k, v in every.totals[label].items() if k not in shares} == bare.totals[label]
    assert bare.rows.equals(every.rows)
    ranked = queries.ranking(province, "on_time_rate", *OCT, previous=periods["before"])  # rows only: no shares
    assert "procedure_totals" not in ran and "catalogue_totals" not in ran
    assert ranked.equals(queries.board(province, periods, metric="on_time_rate").ranking("now", "before"))
    k = queries.kpis(province, *OCT, shares=False)
    assert k == {key: v for key, v in queries.kpis(province, *OCT).items() if key not in shares}


def test_a_script_run_asks_a_board_once(province):
    # a page asks the same board for its cards and its tables: the run's connection answers the
    # second time from the first (a board's periods are a list of dicts: it was run again each time)
    params = {"periods": queries._periods_param({"now": OCT}), "kind": None, "unit": None}
    queries.keep_answers(province)
    try:
        first = queries.arrow(province, "board", params)
        again = {**params, "periods": queries._periods_param({"now": OCT})}  # equal, not the same object
        assert queries.arrow(province, "board", again) is first
        assert queries.arrow(province, "board", {**params, "kind": "commune"}) is not first
        # and the Board made from it: the data-quality page's counts and its silent units share one
        counts = queries.board(province, {"period": OCT}, distinct=())
        assert queries.board(province, {"period": OCT}, distinct=()) is counts
        assert queries.board(province, {"period": OCT}) is not counts  # with the shares: another answer
        assert queries.kpis(province, *OCT, shares=False) is counts.totals["period"]
    finally:
        queries.forget_answers()
    assert queries.board(province, {"period": OCT}, distinct=()) is not counts  # kept only while asked


def test_a_boards_rows_are_made_when_asked_and_travel_made(province):
    # kpis reads only the totals: the rows' zeros, metrics and DataFrame are made only when a caller
    # asks (5 of a kpis call's ~22 ms at 1 M dossiers)
    import pickle

    periods = {"now": OCT, "before": (dt.date(2026, 9, 1), dt.date(2026, 9, 30))}
    board = queries.board(province, periods, distinct=())
    assert "rows" not in vars(board)
    rows = board.rows
    assert "rows" in vars(board) and board.rows is rows
    now = rows[rows["label"] == "now"]
    assert now["received"].dtype == "int64" and not now[list(metrics.RATE_INPUTS & set(rows.columns))].isna().any().any()
    assert int(now[now["in_scope"]]["received"].sum()) == board.totals["now"]["received"] == EXPECTED["received"]
    # st.cache_data keeps a page's board pickled and unpickles it on every rerun: with its rows made
    cached = pickle.loads(pickle.dumps(queries.board(province, periods, distinct=())))
    assert "rows" in vars(cached) and cached.table is None
    assert cached.rows.equals(rows) and cached.totals == board.totals
