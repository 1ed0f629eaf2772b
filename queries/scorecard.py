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


STANDING = ("on_time_rate", "online_rate")  # the measures a unit is ranked by among its kind


def kind_context(con, kind: str, start: dt.date, end: dt.date) -> dict:
    """What every card of a unit of `kind` in [start, end] shares, computed once for the kind (the
    page keeps it, so a card opened after another ranks nothing again): every unit's rank by each
    STANDING measure, the QĐ 766 scores of the kind's units for the newest imported period up to
    the chosen one (else the newest), and their PAR scores for the newest year up to it."""
    from . import metrics, ranking, scores

    standing = {}
    if kind in ("department", "commune"):
        for metric in STANDING:
            ranked = ranking(con, metric, start, end, kind=kind)
            standing[metric] = {"ranks": {code: None if metrics.missing(r) else int(r)
                                          for code, r in zip(ranked["unit_code"], ranked["rank"])},
                                "of": int(ranked["rank"].notna().sum())}
    p766 = [p["period"] for p in scores.portal766_periods(con)]
    wanted = f"{end:%Y-%m}"
    period766 = next((p for p in p766 if p <= wanted and p[:4].isdigit() and len(p) == 7), p766[0] if p766 else None)
    portal766 = None if not period766 else {
        "period": period766,
        "scores": scores.portal766(con, period766, kind=kind if kind in ("department", "commune") else None)}
    years = [int(y) for y in scores.par_years(con)]
    year = next((y for y in sorted(years, reverse=True) if y <= end.year), years[0] if years else None)
    par = None if not year else {"year": year, "units": scores.par(con, year, kind=kind)}
    return {"standing": standing, "portal766": portal766, "par": par}


def unit_figures(con, unit: str, start: dt.date, end: dt.date, prev_start: dt.date, prev_end: dt.date) -> dict:
    """The unit's registry row and its headline counts and rates now and in the previous period
    (what `kpis()` gives for it)."""
    from . import board

    info = unit_info(con, unit)
    if info is None:
        return {"unit": None}
    totals = board(con, {"now": (start, end), "before": (prev_start, prev_end)}, None, unit).totals
    return {"unit": info, "now": totals["now"], "before": totals["before"]}


def card(figures: dict, context: dict) -> dict:
    """The scorecard of one unit from its figures and its kind's context."""
    info = figures["unit"]
    if info is None:
        return {"unit": None}
    unit = info["unit_code"]
    standing = {m: {"rank": s["ranks"].get(unit), "of": s["of"]} for m, s in context["standing"].items()}
    s766 = None
    if context["portal766"]:
        out = context["portal766"]["scores"]
        row = next((u for u in out["units"] if u["unit_code"] == unit), None)
        if row is None and out["province"] and out["province"]["unit_code"] == unit:
            row = out["province"]
        if row:
            s766 = {"period": context["portal766"]["period"], "groups": row["groups"], "total": row["total"],
                    "max_total": row["max_total"], "score_share": row.get("score_share"), "rank": row.get("rank"),
                    "group_ranks": row.get("group_ranks") or {},
                    "of": sum(1 for u in out["units"] if u["kind"] == row["kind"] and u.get("rank"))}
    par = None
    if context["par"]:
        units = context["par"]["units"]
        row = next((u for u in units if u["unit_code"] == unit), None)
        if row:
            leaves = [c for c in row["criteria"] if c["leaf"] and c["max_points"]]
            weakest = sorted(leaves, key=lambda c: ((c["final_points"] or 0) / c["max_points"], c["code"]))[:WEAKEST]
            par = {"year": context["par"]["year"], "index": row["par_index"], "grade": row["grade"],
                   "rank": row["rank"], "change": row["change"], "of": sum(1 for u in units if u["rank"]),
                   "weakest": [{"code": c["code"], "name": c["name"], "final_points": c["final_points"],
                                "max_points": c["max_points"]} for c in weakest]}
    return {"unit": info, "now": figures["now"], "before": figures["before"], "standing": standing,
            "portal766": s766, "par": par}


def scorecard(con, unit: str, start: dt.date, end: dt.date, prev_start: dt.date, prev_end: dt.date) -> dict:
    """Everything the scorecard shows for `unit` in [start, end] (end already "as of" the data)."""
    figures = unit_figures(con, unit, start, end, prev_start, prev_end)
    if figures["unit"] is None:
        return {"unit": None}
    return card(figures, kind_context(con, figures["unit"]["kind"], start, end))
