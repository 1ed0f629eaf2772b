"""The PAR page's figures come from the engine: the area grid in ranking order with each cell the
share of the area's maximum, grades counted best first, the widest self-assessment gaps, and a
criterion tree whose shown points fall back on its leaves' sums."""
from __future__ import annotations

import queries
import warehouse


def test_area_grid_grades_gaps_and_tree(demo_db):
    with warehouse.session(demo_db, read_only=True) as con:
        year = queries.par_years(con)[0]
        scores = queries.par_index(con, year, "commune")
        grid, names = queries.par_area_grid(con, year, "commune")
        areas = queries.par_areas(con, year)
        tree = queries.par_criteria(con, year, scores["unit_code"].iloc[-1])
    assert len(scores) > 10 and not grid.empty and set(grid.columns) == set(names)
    order = [c for c in scores["unit_code"] if c in grid.index]
    assert list(grid.index) == order  # rows in ranking order
    cell = areas[(areas["unit_code"] == order[0]) & (areas["area_code"] == grid.columns[0])].iloc[0]
    assert abs(grid.iloc[0, 0] - 100 * cell["final_points"] / cell["max_points"]) < 1e-9
    grades = queries.par_grade_counts(scores)
    assert grades.sum() == scores["grade"].notna().sum()
    best_of = scores.groupby("grade")["par_index"].max()
    assert list(best_of[grades.index]) == sorted(best_of, reverse=True)  # the best grade first
    gaps = queries.par_self_gaps(scores, 5)
    assert len(gaps) == 5 and list(gaps["gap"]) == sorted(gaps["gap"], reverse=True)
    assert (abs(gaps["gap"] - (gaps["self_index"] - gaps["par_index"])) < 1e-9).all()
    assert len(tree) > 5
    for row in tree.itertuples():
        shown_max = row.max_points if row.max_points == row.max_points and row.max_points is not None else row.leaf_max
        assert row.max_shown == shown_max or (row.max_shown != row.max_shown and shown_max != shown_max)
    lost = tree.dropna(subset=["max_shown", "final_shown"])
    assert len(lost) and (abs(lost["lost"] - (lost["max_shown"] - lost["final_shown"])) < 1e-9).all()
