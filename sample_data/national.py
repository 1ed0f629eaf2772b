"""Demo QĐ 766 for the whole country: the 34 provinces' six groups for each demo month, so the
national view has something to show. The demo province's own groups are its head rows
(portal766_scores, is_province); the 33 others are invented, steady with a little noise."""
from __future__ import annotations

import numpy as np

import geo
from queries.scores import GROUP_MAX, GROUP_ORDER


def load_demo_national(con, import_id: int) -> None:
    """Write national766_scores for every demo period (inside the caller's transaction)."""
    from queries.national import our_province

    ours = our_province(con)
    own = {(p, g): s for p, g, s in con.execute(
        "SELECT period, group_code, score FROM portal766_scores WHERE is_province").fetchall()}
    periods = sorted({p for p, _g in own})
    rng = np.random.default_rng(34)
    provinces = geo.provinces("2025")
    level = {p["code"]: rng.uniform(0.68, 0.95) for p in provinces}  # each province's own standing
    rows = []
    for i, period in enumerate(periods):
        for p in provinces:
            for g in GROUP_ORDER:
                if ours and p["code"] == ours["code"]:
                    score = own.get((period, g))
                else:
                    share = np.clip(level[p["code"]] + 0.004 * i + rng.normal(0, 0.03), 0.3, 1.0)
                    score = round(float(share * GROUP_MAX[g]), 2)
                rows.append([period, p["code"], g, p["full_name"], score, float(GROUP_MAX[g]), import_id])
    con.executemany("INSERT INTO national766_scores (period, province_code, group_code, province_name, score, "
                    "max_score, import_id) VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
