"""The early warning's per-unit table comes from the engine (queries.due_soon_by_unit) and counts
exactly the dossiers of the list beside it (queries.due_soon), unit by unit, with each unit's
first deadline."""
from __future__ import annotations

import datetime as dt

import queries
import warehouse


def test_units_count_the_listed_dossiers(demo_db):
    as_of = dt.date(2026, 10, 31)
    with warehouse.session(demo_db, read_only=True) as con:
        listed = queries.due_soon(con, as_of, 2)
        per_unit = queries.due_soon_by_unit(con, as_of, 2)
        one_unit = queries.due_soon_by_unit(con, as_of, 2, unit=per_unit["unit_code"].iloc[0])
    assert len(listed) >= 5 and per_unit["dossiers"].sum() == len(listed)
    for row in per_unit.itertuples():
        mine = listed[listed["unit_code"] == row.unit_code]
        assert row.dossiers == len(mine)
        assert row.first_due == mine.sort_values("due_deadline")["due_at"].iloc[0]
    assert list(per_unit["dossiers"]) == sorted(per_unit["dossiers"], reverse=True)  # the most first
    assert list(one_unit["unit_code"]) == [per_unit["unit_code"].iloc[0]]
