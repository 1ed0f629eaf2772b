"""The province among the 34 (docs/definitions.md rules 74-76): QĐ 766 of every province per
imported period, ranked (ties shared, 1 = best), with the change since the previous imported
period, the gap to the province just above in each group, and the trend. Plain dicts, as
queries/scores.py: the CLI could print them, pages turn them into frames.
"""
from __future__ import annotations

import re

import geo

from .scores import GROUP_MAX, GROUP_ORDER, competition_rank, published


def _records(con, name: str, params: dict | None = None) -> list[dict]:
    from . import records

    return records(con, name, params or {})


def our_province(con, period: str | None = None) -> dict | None:
    """The registry's province as one of the 34 (the 63 for a period before 1 July 2025), by name;
    None when the registry has no single current province or its name is none of them."""
    rows = _records(con, "registry_province")
    if len(rows) != 1:
        return None
    return geo.province_by_name(rows[0]["unit_name"], geo.era_of(period) if period else "2025")


def _period_kind(period: str) -> str:
    return "month" if re.fullmatch(r"\d{4}-\d{2}", period) else "quarter" if "Q" in period else "year"


def national_periods(con) -> list[str]:
    """Periods with national scores, oldest first (months, quarters and years each in order)."""
    return sorted({r["period"] for r in _records(con, "national766_scores")})


def previous_period(period: str, periods: list[str]) -> str | None:
    """The imported period just before `period` of the same kind (a month before a month)."""
    earlier = [p for p in periods if _period_kind(p) == _period_kind(period) and p < period]
    return max(earlier) if earlier else None


def _rank_period(rows: list[dict]) -> tuple[list[str], list[dict]]:
    """Provinces of one period with groups, total, share, rank, group ranks and gaps above."""
    groups = [g for g in GROUP_ORDER if any(r["group_code"] == g for r in rows)]
    by: dict = {}
    for r in rows:
        p = by.setdefault(r["province_code"], {"code": r["province_code"], "name_in_file": r["province_name"],
                                              "groups": {}, "max": {}, "portal_total": None, "portal_rank": None})
        p["groups"][r["group_code"]] = published(r["score"])
        p["max"][r["group_code"]] = published(r["max_score"])
        if r["portal_total"] is not None:
            p["portal_total"] = published(r["portal_total"])
        if r["portal_rank"] is not None:
            p["portal_rank"] = int(r["portal_rank"])
    out = []
    for p in by.values():
        scored = [g for g in groups if p["groups"].get(g) is not None]
        total = p["portal_total"] if p["portal_total"] is not None else \
            (round(sum(p["groups"][g] for g in scored), 2) if scored else None)
        max_total = sum(p["max"].get(g) or GROUP_MAX[g] for g in scored) if scored else None
        p.update(total=total, max_total=published(max_total) if max_total else None,
                 share=round(100 * total / max_total, 2) if total is not None and max_total else None,
                 missing_groups=[g for g in groups if p["groups"].get(g) is None],
                 groups={g: p["groups"].get(g) for g in groups}, kind="all")
        del p["max"]
        out.append(p)
    competition_rank(out, "share")  # ties share a rank (1, 1, 3); the total out of the same maximum
    for g in groups:
        for p in out:
            p[f"_{g}"] = p["groups"][g]
        competition_rank(out, f"_{g}", rank_key=f"_rank_{g}")
        for p in out:
            p.setdefault("group_ranks", {})[g] = p.pop(f"_rank_{g}")
            del p[f"_{g}"]
    for p in out:  # the gap to the province just above: the smallest better score, minus ours
        p["gap_above"] = {}
        for key, value in [("total", p["share"]), *((g, p["groups"][g]) for g in groups)]:
            values = [q["share"] if key == "total" else q["groups"][key] for q in out]
            better = [v for v in values if v is not None and value is not None and round(v, 2) > round(value, 2)]
            if key == "total" and better and p["max_total"]:  # back from share to points of the same maximum
                p["gap_above"][key] = round((min(better) - value) * p["max_total"] / 100, 2)
            else:
                p["gap_above"][key] = round(min(better) - value, 2) if better else None
    return groups, out


def national(con, period: str) -> dict:
    """{'period', 'previous', 'groups', 'provinces': [...] best first, 'ours': our province's row or
    None, 'count'}. Each province: code, name (the outline file's), groups, total, share, rank,
    group_ranks, previous_rank, rank_change (places gained, + is better), total_change,
    gap_above (points to the province just above, per group and 'total'), is_ours."""
    all_rows = _records(con, "national766_scores")
    periods = sorted({r["period"] for r in all_rows})
    groups, provinces = _rank_period([r for r in all_rows if r["period"] == period])
    previous = previous_period(period, periods)
    before = {p["code"]: p for p in _rank_period([r for r in all_rows if r["period"] == previous])[1]} \
        if previous else {}
    names = {p["code"]: p for p in geo.provinces(geo.era_of(period))}
    ours = our_province(con, period)
    for p in provinces:
        b = before.get(p["code"])
        p["name"] = names[p["code"]]["name"] if p["code"] in names else p["name_in_file"]
        p["full_name"] = names[p["code"]]["full_name"] if p["code"] in names else p["name_in_file"]
        p["previous_rank"] = b["rank"] if b else None
        p["rank_change"] = b["rank"] - p["rank"] if b and b["rank"] and p["rank"] else None
        p["total_change"] = round(p["total"] - b["total"], 2) if b and b["total"] is not None \
            and p["total"] is not None else None
        p["group_changes"] = {g: round(p["groups"][g] - b["groups"][g], 2)
                              if b and b["groups"].get(g) is not None and p["groups"][g] is not None else None
                              for g in groups}
        p["is_ours"] = bool(ours and ours["code"] == p["code"])
    provinces.sort(key=lambda p: (p["rank"] is None, p["rank"] or 0, p["code"]))
    return {"period": period, "previous": previous, "groups": groups, "provinces": provinces,
            "ours": next((p for p in provinces if p["is_ours"]), None), "count": len(provinces),
            "era": geo.era_of(period)}


def national_trend(con, code: str | None = None) -> list[dict]:
    """Per imported period (oldest first): a province's (default: ours) total, rank, of how many,
    and its groups."""
    all_rows = _records(con, "national766_scores")
    out = []
    for period in sorted({r["period"] for r in all_rows}):
        target = code or (our_province(con, period) or {}).get("code")
        _groups, provinces = _rank_period([r for r in all_rows if r["period"] == period])
        row = next((p for p in provinces if p["code"] == target), None)
        if row:
            out.append({"period": period, "code": target, "total": row["total"], "share": row["share"],
                        "rank": row["rank"], "of": len(provinces), "groups": row["groups"]})
    return out
