"""What the institutional map colours (pages/institutional_map.py): one value per unit of a kind for
a measure (a dossier metric over a period, the PAR index of a year or a QĐ 766 score of a
period), with the dossiers received, the rank among the kind's units, how many share that rank,
the unit that carries it today (a unit merged in 2025 opens as its successor) and, for
communes, where to draw it. The page only draws; ranks and ties are decided here, once."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .metrics import LOWER_IS_BETTER, METRICS, SCOPE_ONLY

if TYPE_CHECKING:
    import pandas as pd

DOSSIER_METRICS = [m for m in METRICS if m not in SCOPE_ONLY]
SCORE_MEASURES = ["par_index", "portal766_total"]  # and "portal766:<group>"
COLUMNS = ["unit_code", "current_code", "unit_name", "value", "received", "rank", "tied", "lat", "lon",
           "admin_code"]


def current_codes(registry) -> dict:
    """Each unit code → the code that carries its dossiers today (itself, or its successor's
    successor …; a chain longer than ten stops, as a loop in the registry would)."""
    successors = {c: s for c, s in zip(registry["unit_code"], registry["successor_code"]) if isinstance(s, str)}
    out = {}
    for code in registry["unit_code"]:
        now = code
        for _ in range(10):
            if now not in successors:
                break
            now = successors[now]
        out[code] = now
    return out


def map_values(con, measure: str, start: dt.date, end: dt.date, kind: str, score_period: str | None = None,
               as_recorded: bool = False) -> "pd.DataFrame":
    """COLUMNS for every unit of `kind` with the measure's value (None where it has none). Dossier
    metrics count [start, end] (as recorded, old units apart, when `as_recorded`: a period before
    the 2025 merger); PAR takes the year `score_period`, QĐ 766 the period `score_period`. Rank 1 is
    the best at the two decimals shown (ties share the lowest rank: 1, 1, 3)."""
    import pandas as pd

    from . import par_index, portal766_scores, unit_counts, unit_counts_as_recorded, units

    if as_recorded:
        counts = unit_counts_as_recorded(con, start, end, kind=kind)
    else:
        counts = unit_counts(con, start, end, kind=kind)
        counts = counts[counts["registered"]]
    received = counts[["unit_code", "received"]]
    if measure in DOSSIER_METRICS:
        out = counts[["unit_code", "unit_name", measure, "received"]].rename(columns={measure: "value"})
    else:
        if measure == "par_index":
            scored, column = par_index(con, int(score_period), kind), "par_index"
        else:
            scored = portal766_scores(con, str(score_period), kind)
            column = "total" if measure == "portal766_total" else measure.split(":", 1)[1]
        if scored.empty or column not in scored.columns:
            return pd.DataFrame(columns=COLUMNS)
        out = scored[["unit_code", "unit_name", column]].rename(columns={column: "value"})
        out = out.merge(received, on="unit_code", how="left")
    out = out.reset_index(drop=True)
    out["received"] = out["received"].fillna(0).astype("int64")
    out["value"] = pd.to_numeric(out["value"], errors="coerce").astype("float64")
    out["rank"] = out["value"].round(2).rank(method="min", ascending=measure in LOWER_IS_BETTER).astype("Int64")
    out["tied"] = out["rank"].map(out["rank"].value_counts()).fillna(0).astype("int64")
    registry = units(con)
    out["current_code"] = out["unit_code"].map(current_codes(registry))
    out["current_code"] = out["current_code"].fillna(out["unit_code"])
    out = out.join(registry.set_index("unit_code")[["lat", "lon", "admin_code"]], on="unit_code")
    return out[COLUMNS]
