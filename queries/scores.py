"""Scores as published (docs/definitions.md rules 30–35, 54–57; `cli.py scores`): the PAR index with grades, and the QĐ 766
groups and their total, each ranked within the unit kind. Plain dicts, no pandas: the CLI
prints these, and the pages turn them into frames.
"""
from __future__ import annotations

import json
import math

# Default grade bands (docs/definitions.md rule 32): lowest index for each grade, best first. A province sets its
# own with `cli.py scores --bands "90:Xuất sắc,80:Tốt,…"` or the meta key `par_grade_bands`.
DEFAULT_BANDS = ((90.0, "Xuất sắc"), (80.0, "Tốt"), (70.0, "Khá"), (50.0, "Trung bình"), (0.0, "Yếu"))
GRADE_EN = {"Xuất sắc": "Excellent", "Tốt": "Good", "Khá": "Fair", "Trung bình": "Average", "Yếu": "Weak"}
GROUP_ORDER = ("transparency", "progress", "online", "digitization", "satisfaction", "payment")
# The six QĐ 766 groups: names as the portal gives them, and their maximum points (total 100).
GROUP_LABELS = {
    "transparency": ("Công khai, minh bạch", "Transparency"),
    "progress": ("Tiến độ giải quyết", "Processing progress"),
    "online": ("Dịch vụ công trực tuyến", "Online services"),
    "digitization": ("Số hóa hồ sơ", "Digitization"),
    "satisfaction": ("Mức độ hài lòng", "Satisfaction"),
    "payment": ("Thanh toán trực tuyến", "Online payment"),
    "national": ("Tổng hợp toàn quốc (34 tỉnh, 6 nhóm)", "National summary (34 provinces, 6 groups)"),
}
GROUP_MAX = {"transparency": 18, "progress": 20, "online": 12, "digitization": 22, "satisfaction": 18, "payment": 10}


def parse_bands(text: str) -> tuple[tuple[float, str], ...]:
    """'90:Xuất sắc,80:Tốt,0:Yếu' → ((90, 'Xuất sắc'), (80, 'Tốt'), (0, 'Yếu')), best first."""
    bands = []
    for part in text.split(","):
        low, _, name = part.partition(":")
        if not name.strip():
            raise ValueError(f"Dải xếp loại không hợp lệ / invalid grade band: {part!r} (NGƯỠNG:TÊN)")
        bands.append((float(low.strip().replace(",", ".")), name.strip()))
    return tuple(sorted(bands, key=lambda b: -b[0]))


def grade_bands(con) -> tuple[tuple[float, str], ...]:
    """The province's bands (meta `par_grade_bands`, JSON [[90, "Xuất sắc"], …]) or the default."""
    rows = con.execute("SELECT value FROM meta WHERE key = 'par_grade_bands'").fetchall()
    if rows and rows[0][0]:
        return tuple(sorted(((float(a), str(b)) for a, b in json.loads(rows[0][0])), key=lambda b: -b[0]))
    return DEFAULT_BANDS


def grade(index, bands=DEFAULT_BANDS) -> str | None:
    if index is None:
        return None
    for low, name in bands:
        if index >= low - 1e-9:
            return name
    return bands[-1][1] if bands else None


def competition_rank(rows: list[dict], value_key: str, rank_key: str = "rank", group_key: str = "kind") -> None:
    """Rank in place within each group, best (highest) first: ties share a rank (1, 1, 3); no
    value, no rank. Values are compared at the 2 decimals they are published with."""
    groups: dict = {}
    for r in rows:
        groups.setdefault(r.get(group_key), []).append(r)
    for members in groups.values():
        valued = sorted((r for r in members if r.get(value_key) is not None), key=lambda r: -round(r[value_key], 2))
        previous, previous_rank = None, 0
        for i, r in enumerate(valued, start=1):
            v = round(r[value_key], 2)
            if v != previous:
                previous, previous_rank = v, i
            r[rank_key] = previous_rank
        for r in members:
            r.setdefault(rank_key, None)


def _records(con, name: str, params: dict) -> list[dict]:
    from . import records

    return records(con, name, params)


def par(con, year: int, kind: str | None = None, bands=None) -> list[dict]:
    """Per unit: PAR index, self-assessed index, grade, rank within its kind, points per area
    and per criterion, the previous year's index. Best first."""
    bands = bands or grade_bands(con)
    units = _records(con, "par_unit_index", {"year": year, "kind": kind})
    areas: dict = {}
    for a in _records(con, "par_areas", {"year": year}):
        areas.setdefault(a["unit_code"], []).append(a)
    criteria: dict = {}
    for c in _records(con, "par_criteria", {"year": year, "unit": None}):
        criteria.setdefault(c["unit_code"], []).append(c)
    out = []
    for u in units:
        row = {
            "unit_code": u["unit_code"], "unit_name": u["unit_name"], "kind": u["kind"],
            "successor_code": u["successor_code"],
            "total": u["par_index"], "par_index": u["par_index"], "self_index": u["self_index"],
            "grade": grade(u["par_index"], bands),
            "max_points": published(u["max_points"]), "self_points": published(u["self_points"]),
            "final_points": published(u["final_points"]), "previous_index": u["previous_index"],
            "change": None if u["previous_index"] is None or u["par_index"] is None
            else round(u["par_index"] - u["previous_index"], 2),
            "areas": [{"code": a["area_code"], "name": a["area_name"], "max_points": published(a["max_points"]),
                       "self_points": published(a["self_points"]), "final_points": published(a["final_points"])}
                      for a in areas.get(u["unit_code"], [])],
            "criteria": [{"code": c["criterion_code"], "name": c["criterion_name"], "leaf": c["is_leaf"],
                          "max_points": published(c["max_points"] if c["max_points"] is not None else c["leaf_max"]),
                          "self_points": published(c["self_points"] if c["self_points"] is not None else c["leaf_self"]),
                          "final_points": published(c["final_points"] if c["final_points"] is not None else c["leaf_final"])}
                         for c in criteria.get(u["unit_code"], [])],
        }
        out.append(row)
    competition_rank(out, "par_index")
    out.sort(key=lambda r: (r["kind"], r["rank"] is None, r["rank"] or 0, r["unit_code"]))
    return out


def published(x):
    """Two decimals, as published; no value for NaN or infinity (never a score that ranks first)."""
    return None if x is None or not math.isfinite(float(x)) else round(float(x), 2)


def portal766(con, period: str, kind: str | None = None) -> dict:
    """{'period', 'groups': imported groups, 'province': its row, 'units': [...]} for a period.
    A unit's total is the sum of its published scores over the groups imported for the period;
    `missing_groups` names imported groups the unit has no score in. Units rank within their kind
    by `score_share`, the total as a share of the maximum of the groups they were scored in."""
    rows = _records(con, "portal766_unit_scores", {"period": period})
    groups = [g for g in GROUP_ORDER if any(r["group_code"] == g for r in rows)]
    by_unit: dict = {}
    for r in rows:
        u = by_unit.setdefault(r["unit_code"], {
            "unit_code": r["unit_code"], "unit_name": r["unit_name"], "kind": r["kind"],
            "successor_code": r["successor_code"], "needs_review": bool(r["needs_review"]),
            "groups": {}, "max": {},
        })
        u["groups"][r["group_code"]] = published(r["score"])
        u["max"][r["group_code"]] = published(r["max_score"])
    units, province = [], None
    for u in by_unit.values():
        scored = [g for g in groups if u["groups"].get(g) is not None]
        u["total"] = round(sum(u["groups"][g] for g in scored), 2) if scored else None
        # the maximum of the groups the unit was scored in: a unit scored in two groups is not
        # measured against the points of six (README: ranking 766 totals)
        u["max_total"] = published(sum(u["max"][g] if u["max"].get(g) is not None else GROUP_MAX[g] for g in scored)) or None
        u["score_share"] = (round(100 * u["total"] / u["max_total"], 2)
                            if u["total"] is not None and u["max_total"] else None)
        u["missing_groups"] = [g for g in groups if u["groups"].get(g) is None]
        u["groups"] = {g: u["groups"].get(g) for g in groups}
        del u["max"]
        if u["kind"] == "province":
            province = u
        elif kind is None or u["kind"] == kind:
            units.append(u)
    competition_rank(units, "score_share")
    for g in groups:  # rank in each group too: "who pulls each group down"
        for u in units:
            u[f"_{g}"] = u["groups"][g]
        competition_rank(units, f"_{g}", rank_key=f"_rank_{g}")
        for u in units:
            u.setdefault("group_ranks", {})[g] = u.pop(f"_rank_{g}")
            del u[f"_{g}"]
    units.sort(key=lambda r: (r["kind"], r["rank"] is None, r["rank"] or 0, r["unit_code"]))
    return {"period": period, "groups": groups, "province": province, "units": units}


def portal766_periods(con) -> list[dict]:
    return _records(con, "portal766_periods", {})


def par_years(con) -> list[int]:
    return [r["year"] for r in _records(con, "par_years", {})]
