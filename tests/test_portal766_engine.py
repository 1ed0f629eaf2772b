"""The QĐ 766 page's figures come from the engine: rank changes against the imported period just
before, the province's points lost per group (most first) with their changes, who loses each group
the most points, and each group as a share of its maximum over the trend window."""
from __future__ import annotations

import datetime as dt

import queries
import warehouse
from queries.scores import GROUP_MAX


def test_rank_changes_points_lost_and_shares(demo_db):
    with warehouse.session(demo_db, read_only=True) as con:
        names = [p for p, _g in queries.portal766_periods(con)]  # newest first
        now, before = names[0], names[1]
        units = queries.portal766_ranked(con, now, "commune")
        earlier = queries.portal766_scores(con, before)
        prov = queries.portal766_province(con, now)
        prov_before = queries.portal766_province(con, before)
        shares = queries.portal766_group_shares(con, now, dt.date(2000, 1, 1))
    previous = dict(zip(earlier["unit_code"], earlier["rank"]))
    assert len(units) > 10 and (units["kind"] == "commune").all()
    changed = units.dropna(subset=["rank_change"])
    assert len(changed) > 10
    for row in changed.itertuples():
        assert row.rank_change == previous[row.unit_code] - row.rank
    # the province: points lost, most first, and each group's change against the period before
    assert [g for _, g in prov["lost"]] and prov["lost"] == sorted(prov["lost"], reverse=True)
    for lost, g in prov["lost"]:
        assert abs(lost - (GROUP_MAX[g] - prov["groups"][g])) < 1e-9
        assert abs(prov["changes"][g] - round(prov["groups"][g] - prov_before["groups"][g], 2)) < 1e-9
    # who pulls a group down: the most points lost first, the n first of the ranking's units
    g = prov["lost"][0][1]
    down = queries.portal766_pulling_down(units, g, 5)
    assert len(down) == 5 and list(down["lost"]) == sorted(down["lost"], reverse=True)
    assert down["lost"].iloc[0] == max(GROUP_MAX[g] - v for v in units[g].dropna())
    # the trend: one row per imported period up to `now`, oldest first, groups in % of their maximum
    assert list(shares["period"]) == sorted(names) and shares["period"].iloc[-1] == now
    assert abs(shares[g].iloc[-1] - 100 * prov["groups"][g] / GROUP_MAX[g]) < 1e-9
