"""One unit's scorecard (pages/scorecard.py): its headline rates now and in the previous period,
its QĐ 766 groups and rank, its PAR index, grade and weakest criteria, its standing among units
of its kind, and its overdue and soon-due dossiers. Every figure comes from the same engine
functions `cli.py kpis --unit` and `cli.py scores` call, so the numbers are theirs."""
from __future__ import annotations

import datetime as dt

HEADLINE = ("on_time_rate", "progress_rate", "online_rate", "full_online_rate", "digitized_rate",
            "online_payment_rate", "avg_processing_days")
WEAKEST = 3  # criteria named as the weakest


def unit_info(con, unit: str) -> dict | None:
    from . import records

    rows = [r for r in records(con, "units_registry") if r["unit_code"] == unit]
    return rows[0] if rows else None


def scorecard(con, unit: str, start: dt.date, end: dt.date, prev_start: dt.date, prev_end: dt.date) -> dict:
    """Everything the scorecard shows for `unit` in [start, end] (end already "as of" the data)."""
    from . import board, ranking, scores

    info = unit_info(con, unit)
    if info is None:
        return {"unit": None}
    kind = info["kind"]
    totals = board(con, {"now": (start, end), "before": (prev_start, prev_end)}, None, unit).totals  # = kpis()
    now, before = totals["now"], totals["before"]
    standing = {}
    if kind in ("department", "commune"):
        for metric in ("on_time_rate", "online_rate"):
            ranked = ranking(con, metric, start, end, kind=kind)
            hit = ranked[ranked["unit_code"] == unit]
            standing[metric] = {"rank": None if hit.empty or hit["rank"].isna().iloc[0] else int(hit["rank"].iloc[0]),
                                "of": int(ranked["rank"].notna().sum())}
    # QĐ 766: the newest imported period up to the chosen one (else the newest)
    p766 = [p["period"] for p in scores.portal766_periods(con)]
    wanted = f"{end:%Y-%m}"
    period766 = next((p for p in p766 if p <= wanted and p[:4].isdigit() and len(p) == 7), p766[0] if p766 else None)
    s766 = None
    if period766:
        out = scores.portal766(con, period766, kind=kind if kind in ("department", "commune") else None)
        row = next((u for u in out["units"] if u["unit_code"] == unit), None)
        if row is None and out["province"] and out["province"]["unit_code"] == unit:
            row = out["province"]
        if row:
            s766 = {"period": period766, "groups": row["groups"], "total": row["total"],
                    "max_total": row["max_total"], "score_share": row.get("score_share"), "rank": row.get("rank"),
                    "group_ranks": row.get("group_ranks") or {},
                    "of": sum(1 for u in out["units"] if u["kind"] == row["kind"] and u.get("rank"))}
    # PAR: the newest year up to the chosen one (else the newest)
    years = [int(y) for y in scores.par_years(con)]
    year = next((y for y in sorted(years, reverse=True) if y <= end.year), years[0] if years else None)
    par = None
    if year:
        units = scores.par(con, year, kind=kind)
        row = next((u for u in units if u["unit_code"] == unit), None)
        if row:
            leaves = [c for c in row["criteria"] if c["leaf"] and c["max_points"]]
            weakest = sorted(leaves, key=lambda c: ((c["final_points"] or 0) / c["max_points"], c["code"]))[:WEAKEST]
            par = {"year": year, "index": row["par_index"], "grade": row["grade"], "rank": row["rank"],
                   "change": row["change"], "of": sum(1 for u in units if u["rank"]),
                   "weakest": [{"code": c["code"], "name": c["name"], "final_points": c["final_points"],
                                "max_points": c["max_points"]} for c in weakest]}
    return {"unit": info, "now": now, "before": before, "standing": standing, "portal766": s766, "par": par}
