"""Score imports (SPEC §2.3): the PAR / provincial CCHC index long table and the national
portal's QĐ 766 evaluation JSON. Called by `pipeline.import_file`, inside its transaction
and log; scores are stored as published and never recomputed.
"""
from __future__ import annotations

import json
import re

from queries.scores import GROUP_LABELS, GROUP_MAX, GROUP_ORDER

from .columns import fold
from .messages import ImportRefused

# The six QĐ 766 groups: code → (Vietnamese, English, maximum points).
GROUPS = {g: (*GROUP_LABELS[g], GROUP_MAX[g]) for g in GROUP_ORDER}
TREE_GROUPS = ("progress", "online", "payment")  # data.parent + data.children[]
EVALUATION_GROUPS = ("transparency", "digitization", "satisfaction")  # data.overview + data.evaluation[]

# Folded fragments of field names (tree shape) or metric codes / names (evaluation shape)
# that say which group a file holds. Checked most specific first.
TREE_MARKERS = (
    ("payment", ("payment", "thanhtoan")),
    ("online", ("channelonline", "authoritycount", "onlineservice", "dvctt", "servicecount")),
    ("progress", ("totalontime", "totaloverdue", "avgprocessingdays", "totalcompleted")),
)
EVALUATION_MARKERS = {
    "digitization": ("sohoa", "digiti", "reuse", "taisudung", "ketquadientu"),
    "transparency": ("congkhai", "minhbach", "public", "transparen", "dongbo", "sync", "congbo"),
    "satisfaction": ("hailong", "satisf", "danhgia", "feedback", "rating", "phananh"),
}
# Fields that are the unit's identity or its score; every other numeric field is a counter.
IDENTITY = {"departmentCode", "departmentName", "level", "departmentLevel", "departmentType", "score",
            "maxScore", "totalScore", "totalMaxScore", "ratio", "metrics", "children"}

LEVEL_KIND = {"PROVINCE": "department", "COMMUNE": "commune"}


def normalise_period(text: str | None) -> str:
    """2026-10, 2026-9 → 2026-09; 2026-q3 → 2026-Q3; 2026. Anything else is refused."""
    if not text or not str(text).strip():
        raise ImportRefused("period_required")
    t = str(text).strip().upper()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", t):
        if 1 <= int(m.group(2)) <= 12:
            return f"{m.group(1)}-{int(m.group(2)):02d}"
    elif m := re.fullmatch(r"(\d{4})-?Q([1-4])", t):
        return f"{m.group(1)}-Q{m.group(2)}"
    elif re.fullmatch(r"\d{4}", t):
        return t
    raise ImportRefused("bad_period", period=str(text))


def _number(unit: dict, field: str, where: str):
    v = unit.get(field)
    if v is None:
        return None
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        if isinstance(v, str):
            try:
                return float(v.replace(",", "."))
            except ValueError:
                pass
        raise ImportRefused("portal_shape", detail=f"{where}: «{field}» = {v!r} không phải số / is not a number.")
    return float(v)


def _first(unit: dict, *fields):
    for f in fields:
        if f in unit:
            return f
    return fields[0]


def parse_portal766(payload) -> tuple[str, str, list[dict]]:
    """(shape, group, units) from the portal's JSON; refuses anything shaped otherwise."""
    if not isinstance(payload, dict):
        raise ImportRefused("portal_shape", detail="Tệp không phải một đối tượng JSON / not a JSON object.")
    code = payload.get("code")
    if code is not None and str(code).upper() not in ("OK", "0", "200", "SUCCESS"):
        raise ImportRefused("portal_not_ok", code=str(code))
    data = payload.get("data")
    if not isinstance(data, dict):
        raise ImportRefused("portal_shape", detail="Thiếu «data» / no 'data' object.")
    if isinstance(data.get("children"), list) and isinstance(data.get("parent"), dict):
        shape, head, members = "tree", data["parent"], data["children"]
    elif isinstance(data.get("evaluation"), list) and isinstance(data.get("overview"), dict):
        shape, head, members = "evaluation", data["overview"], data["evaluation"]
    else:
        found = ", ".join(sorted(map(str, data))) or "—"
        raise ImportRefused("portal_shape", detail=f"Tìm thấy / found: data.{{{found}}}.")
    units, seen = [], set()
    for i, u in enumerate([head, *members]):
        where = "data.parent" if i == 0 and shape == "tree" else (
            "data.overview" if i == 0 else f"data.{'children' if shape == 'tree' else 'evaluation'}[{i - 1}]")
        if not isinstance(u, dict) or not str(u.get("departmentCode") or "").strip():
            raise ImportRefused("portal_shape", detail=f"{where}: thiếu «departmentCode» / no 'departmentCode'.")
        unit_code = str(u["departmentCode"]).strip()
        if unit_code in seen:
            raise ImportRefused("portal_shape", detail=f"{where}: «{unit_code}» lặp lại / appears twice.")
        seen.add(unit_code)
        score_f = _first(u, "totalScore", "score") if i == 0 else _first(u, "score", "totalScore")
        max_f = _first(u, "totalMaxScore", "maxScore") if i == 0 else _first(u, "maxScore", "totalMaxScore")
        row = {
            "unit_code": unit_code,
            "unit_name": u.get("departmentName"),
            "level": u.get("level") or u.get("departmentLevel"),
            "department_type": u.get("departmentType"),
            "is_province": i == 0,
            "score": _number(u, score_f, where),
            "max_score": _number(u, max_f, where),
            "ratio": _number(u, "ratio", where),
            "counters": {k: v for k, v in u.items()
                         if k not in IDENTITY and (v is None or (isinstance(v, (int, float)) and not isinstance(v, bool)))},
            "metrics": [],
        }
        if shape == "evaluation":
            metrics = u.get("metrics") or []
            if not isinstance(metrics, list):
                raise ImportRefused("portal_shape", detail=f"{where}.metrics không phải danh sách / is not a list.")
            for j, m in enumerate(metrics):
                mw = f"{where}.metrics[{j}]"
                if not isinstance(m, dict) or not str(m.get("code") or "").strip():
                    raise ImportRefused("portal_shape", detail=f"{mw}: thiếu «code» / no 'code'.")
                row["metrics"].append({
                    "metric_code": str(m["code"]).strip(), "metric_name": m.get("name"),
                    **{k: _number(m, f, mw) for k, f in (("numerator", "numerator"), ("denominator", "denominator"),
                                                         ("ratio", "ratio"), ("score", "score"),
                                                         ("max_score", "maxScore"))},
                })
        units.append(row)
    return shape, recognise_group(shape, head, members, units), units


def recognise_group(shape: str, head: dict, members: list, units: list[dict]) -> str:
    """The group a file holds, from its fields (tree) or metric codes and names (evaluation)."""
    if shape == "tree":
        keys = {fold(k) for u in [head, *members] if isinstance(u, dict) for k in u}
        for group, marks in TREE_MARKERS:
            if any(m in k for k in keys for m in marks):
                return group
        by_max = {GROUPS[g][2]: g for g in TREE_GROUPS}
        group = by_max.get(units[0]["max_score"])
        if group:
            return group
        raise ImportRefused("portal_group", detail="cần trường như totalOnTime, channelOnlineSum, "
                            "totalDossierOnlinePaymentSuccess / expected fields such as totalOnTime, "
                            "channelOnlineSum, totalDossierOnlinePaymentSuccess")
    votes = {g: 0 for g in EVALUATION_GROUPS}
    for u in units:
        for m in u["metrics"]:
            text = fold(m["metric_code"]) + " " + fold(m["metric_name"] or "")
            for g, marks in EVALUATION_MARKERS.items():
                if any(mk in text for mk in marks):
                    votes[g] += 1
    best = sorted(votes.items(), key=lambda kv: -kv[1])
    if best[0][1] > 0 and best[0][1] > best[1][1]:
        return best[0][0]
    by_max = {22: "digitization"}  # transparency and satisfaction share 18: the codes must tell
    group = by_max.get(units[0]["max_score"])
    if group:
        return group
    raise ImportRefused("portal_group", detail="cần mã chỉ tiêu như SO_HOA_…, CONG_KHAI_…, HAI_LONG_… / "
                        "expected metric codes such as SO_HOA_…, CONG_KHAI_…, HAI_LONG_…")


def load_json(path) -> object:
    try:
        with open(path, "rb") as f:
            return json.loads(f.read().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ImportRefused("bad_json", detail=str(e).splitlines()[0]) from e
    except RecursionError:  # Python's own words ("maximum recursion depth") are not ours
        raise ImportRefused("json_too_deep") from None
    except ValueError:  # an integer longer than Python converts ("sys.set_int_max_str_digits")
        import sys

        raise ImportRefused("json_number_too_long", limit=sys.get_int_max_str_digits()) from None


def write_portal766(con, period: str, group: str, units: list[dict], import_id: int) -> dict:
    """Replace the group for the period; add units the registry lacks, flagged for review."""
    province = units[0]["unit_code"]
    known = {r[0] for r in con.execute(
        "SELECT unit_code FROM units WHERE unit_code IN (SELECT unnest(?))", [[u["unit_code"] for u in units]]
    ).fetchall()}
    before = {r[0] for r in con.execute(
        "SELECT unit_code FROM portal766_scores WHERE period = ? AND group_code = ?", [period, group]).fetchall()}
    added = []
    for u in units:
        if u["unit_code"] in known:
            continue
        kind = "province" if u["is_province"] else LEVEL_KIND.get(str(u["level"] or "").upper(), "other")
        con.execute(
            "INSERT INTO units (unit_code, unit_name, kind, parent_code, name_key, needs_review, import_id) "
            "VALUES (?, ?, ?, ?, vn_fold(?), TRUE, ?)",
            [u["unit_code"], u["unit_name"] or u["unit_code"], kind, None if u["is_province"] else province,
             u["unit_name"] or u["unit_code"], import_id],
        )
        added.append(u["unit_code"])
    con.execute("DELETE FROM portal766_scores WHERE period = ? AND group_code = ?", [period, group])
    con.execute("DELETE FROM portal766_metrics WHERE period = ? AND group_code = ?", [period, group])
    con.executemany(
        "INSERT INTO portal766_scores (period, group_code, unit_code, unit_name, level, department_type, "
        "is_province, score, max_score, ratio, counters, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [[period, group, u["unit_code"], u["unit_name"], u["level"], u["department_type"], u["is_province"],
          u["score"], u["max_score"], u["ratio"], json.dumps(u["counters"], ensure_ascii=False), import_id]
         for u in units],
    )
    metric_rows = [[period, group, u["unit_code"], m["metric_code"], m["metric_name"], m["numerator"],
                    m["denominator"], m["ratio"], m["score"], m["max_score"], import_id]
                   for u in units for m in u["metrics"]]
    if metric_rows:
        con.executemany("INSERT INTO portal766_metrics VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", metric_rows)
    return {"new": sum(u["unit_code"] not in before for u in units),
            "changed": sum(u["unit_code"] in before for u in units), "added_units": added}


# ---- PAR -----------------------------------------------------------------------------------

PAR_COLS = ("year", "unit_code", "unit_name", "criterion_code", "criterion_name", "max_points", "self_points",
            "final_points")
TOLERANCE = 0.005  # points are published with two decimals


def write_par(con, import_id: int) -> dict:
    """Write the validated rows of `staged`: each (year, unit) in the file replaces that year
    for that unit. Returns counts and the parent rows that disagree with their children."""
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE incoming AS
        SELECT {', '.join('s.' + c for c in PAR_COLS)}
        FROM staged AS s
        WHERE s._skip IS NULL
          AND s._row NOT IN (SELECT _row FROM problems)
          AND s._row NOT IN (SELECT _row FROM duplicates_skipped)
        """
    )
    # A parent's children are the rows one level below it; leaves are rows without any below.
    warnings = con.execute(
        """
        WITH kids AS (
            SELECT p.year, p.unit_code, p.criterion_code, any_value(p.criterion_name) AS criterion_name,
                   any_value(p.max_points) AS max_points, any_value(p.self_points) AS self_points,
                   any_value(p.final_points) AS final_points,
                   sum(c.max_points) AS c_max, sum(c.self_points) AS c_self, sum(c.final_points) AS c_final,
                   count(c.self_points) AS n_self
            FROM incoming AS p
            JOIN incoming AS c ON c.year = p.year AND c.unit_code = p.unit_code
             AND c.criterion_code LIKE p.criterion_code || '.%'
             AND length(c.criterion_code) - length(replace(c.criterion_code, '.', ''))
               = length(p.criterion_code) - length(replace(p.criterion_code, '.', '')) + 1
            GROUP BY p.year, p.unit_code, p.criterion_code
        )
        SELECT year, unit_code, criterion_code, criterion_name, col, own, children FROM (
            SELECT *, 'max_points' AS col, max_points AS own, c_max AS children FROM kids
            UNION ALL SELECT *, 'self_points', self_points, c_self FROM kids WHERE n_self > 0
            UNION ALL SELECT *, 'final_points', final_points, c_final FROM kids
        )
        WHERE own IS NOT NULL AND abs(own - children) > $tol
        ORDER BY year, unit_code, string_split(criterion_code, '.')::INTEGER[], col
        """,
        {"tol": TOLERANCE},
    ).fetchall()
    counts = dict(con.execute(
        """
        SELECT CASE WHEN o.unit_code IS NULL THEN 'new'
                    WHEN o.max_points IS DISTINCT FROM i.max_points OR o.self_points IS DISTINCT FROM i.self_points
                      OR o.final_points IS DISTINCT FROM i.final_points
                      OR o.criterion_name IS DISTINCT FROM i.criterion_name THEN 'changed' ELSE 'same' END, count(*)
        FROM incoming AS i
        LEFT JOIN par_scores AS o USING (year, unit_code, criterion_code)
        GROUP BY 1
        """
    ).fetchall())
    added = [r[0] for r in con.execute(
        """
        INSERT INTO units (unit_code, unit_name, kind, name_key, needs_review, import_id)
        SELECT unit_code, coalesce(any_value(unit_name), unit_code), 'other', vn_fold(coalesce(any_value(unit_name), unit_code)),
               TRUE, $id
        FROM incoming WHERE unit_code NOT IN (SELECT unit_code FROM units)
        GROUP BY unit_code
        RETURNING unit_code
        """,
        {"id": import_id},
    ).fetchall()]
    if added:  # a kind from the name, as a units import infers it
        from .pipeline import _kind_from_name

        con.execute(f"UPDATE units SET kind = {_kind_from_name('unit_name')} WHERE import_id = $id AND needs_review",
                    {"id": import_id})
    con.execute(
        "DELETE FROM par_scores WHERE (year, unit_code) IN (SELECT DISTINCT year, unit_code FROM incoming)"
    )
    con.execute(
        f"""
        INSERT INTO par_scores ({', '.join(PAR_COLS)}, is_leaf, import_id)
        SELECT i.*, NOT EXISTS (SELECT 1 FROM incoming AS c WHERE c.year = i.year AND c.unit_code = i.unit_code
                                AND c.criterion_code LIKE i.criterion_code || '.%'), $id
        FROM incoming AS i
        """,
        {"id": import_id},
    )
    names = {"max_points": ("điểm tối đa", "maximum points"), "self_points": ("điểm tự chấm", "self-assessed points"),
             "final_points": ("điểm thẩm định", "appraised points")}
    out = []
    for year, unit, code, name, col, own, children in warnings:
        vi, en = names[col]
        label = f"{code}" + (f" «{name}»" if name else "")
        out.append({
            "year": year, "unit_code": unit, "criterion_code": code, "column": col,
            "vi": f"Tiêu chí {label} của {unit} năm {year}: {vi} {own:g} khác tổng các tiêu chí con {children:g}",
            "en": f"Criterion {label} of {unit}, {year}: {en} {own:g} differ from the sum of its sub-criteria {children:g}",
        })
    return {**counts, "warnings": out, "added_units": added}
