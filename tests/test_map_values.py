"""The institutional map's values come from the engine (queries.map_values), not from the page:
each unit's value is the engine's own figure for it, ranks are decided at the two decimals shown
with ties sharing a rank, and an old unit (merged in 2025) opens as the unit that carries it today."""
from __future__ import annotations

import datetime as dt

import pandas as pd

import queries
import warehouse
from queries.map_values import current_codes, map_values

OCT = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


def test_values_are_the_engines_and_ranks_share_ties(demo_db):
    with warehouse.session(demo_db, read_only=True) as con:
        values = map_values(con, "on_time_rate", *OCT, "commune")
        counts = queries.unit_counts(con, *OCT, kind="commune")
    counts = counts[counts["registered"]].set_index("unit_code")
    assert len(values) == len(counts) > 50
    for row in values.itertuples():
        expected = counts.loc[row.unit_code, "on_time_rate"]
        assert (pd.isna(row.value) and pd.isna(expected)) or abs(row.value - expected) < 1e-9
        assert row.received == counts.loc[row.unit_code, "received"]
    # rank 1 is the best; a rank is 1 + the number of units strictly better at two decimals
    shown = values["value"].round(2)
    for row in values.dropna(subset=["value"]).itertuples():
        assert row.rank == 1 + int((shown > round(row.value, 2)).sum())
        assert row.tied == int((shown == round(row.value, 2)).sum())
    assert values["lat"].notna().sum() > 50  # communes carry where to draw them


def test_lower_is_better_ranks_the_fewest_days_first(demo_db):
    with warehouse.session(demo_db, read_only=True) as con:
        values = map_values(con, "avg_processing_days", *OCT, "department").dropna(subset=["value"])
    assert len(values) > 5
    best = values.sort_values("value").iloc[0]
    assert best["rank"] == 1


def test_old_units_open_as_the_unit_that_carries_them_today(demo_db):
    with warehouse.session(demo_db, read_only=True) as con:
        registry = queries.units(con)
        old = map_values(con, "on_time_rate", dt.date(2025, 5, 1), dt.date(2025, 5, 31), "commune", as_recorded=True)
    successors = registry.dropna(subset=["successor_code"]).set_index("unit_code")["successor_code"]
    merged = old[old["unit_code"].isin(successors.index)]
    assert len(merged) > 10
    current = set(registry.loc[registry["successor_code"].isna(), "unit_code"])
    assert set(merged["current_code"]) <= current and (merged["current_code"] != merged["unit_code"]).all()


def test_a_successor_chain_is_followed_and_a_loop_stops():
    registry = pd.DataFrame({"unit_code": ["A", "B", "C", "X", "Y"], "successor_code": ["B", "C", None, "Y", "X"]})
    codes = current_codes(registry)
    assert codes["A"] == "C" and codes["B"] == "C" and codes["C"] == "C"
    assert codes["X"] in ("X", "Y")  # a loop in a bad registry ends instead of hanging
