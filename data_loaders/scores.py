"""Score imports (docs/definitions.md rules 30–35, 54–57): the PAR / provincial CCHC index long table and the national
portal's QĐ 766 evaluation JSON. Called by `pipeline.import_file`, inside its transaction
and log; scores are stored as published and never recomputed.
"""
from __future__ import annotations

import json
import sys
import math
import re

import geo
from queries.national import our_province
from queries.scores import GROUP_LABELS, GROUP_MAX, GROUP_ORDER

from .columns import fold, unit_key
from .messages import ImportRefused
from .normalise import kind_from_name

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
# Fields that are the unit's identity or its score; every other numeric field is a counter, and
# every other field of another type (stt, agencyLevel, averageScore, monthlyChart …) is kept as is.
IDENTITY = {"departmentCode", "departmentId", "departmentName", "level", "departmentLevel", "departmentType",
            "score", "maxScore", "totalScore", "totalMaxScore", "ratio", "metrics", "children"}
NOT_COUNTERS = {"stt"}  # numbers that count nothing (the row's place in the portal's table)
METRIC_FIELDS = {"code", "name", "numerator", "denominator", "ratio", "score", "maxScore", "dataQualityStatus",
                 "dataQualityMessage"}
# dataQualityStatus values that mean the figure is final; anything else is shown as a warning flag.
QUALITY_OK = {"", "OK", "GOOD", "VALID", "NORMAL", "FINAL", "DAT", "HOP_LE"}
LARGEST_COUNT = 1e9  # no unit has a billion dossiers: a larger "number" is a broken file

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


class _Numbers:
    """Reads the portal's numbers, refusing what is not a number and setting aside (with a warning
    naming unit and field) a value that is not a plausible one: NaN, infinity, 1e308, "inf"."""

    def __init__(self):
        self.warnings: list[dict] = []

    def read(self, obj: dict, field: str, where: str, low: float | None = None, high: float | None = None,
             who: str = ""):
        v = obj.get(field)
        if v is None:
            return None
        if isinstance(v, bool) or not isinstance(v, (int, float, str)):
            raise ImportRefused("portal_field", where=where, field=field,
                                problem_vi=f"= {str(v)[:40]!r} không phải số", problem_en=f"= {str(v)[:40]!r} is not a number")
        if isinstance(v, str):
            try:
                v = float(v.strip().replace(",", "."))
            except ValueError:
                raise ImportRefused("portal_field", where=where, field=field,
                                    problem_vi=f"= {v[:40]!r} không phải số",
                                    problem_en=f"= {v[:40]!r} is not a number") from None
        v = float(v)
        too_big = not math.isfinite(v) or abs(v) > LARGEST_COUNT
        out_of_range = (low is not None and v < low - 1e-9) or (high is not None and v > high + 1e-9)
        if too_big or out_of_range:
            shown = "—" if not math.isfinite(v) else f"{v:.6g}"
            bounds = f"{low:g}…{high:g}" if low is not None and high is not None else f"≤ {LARGEST_COUNT:.0e}"
            self.warnings.append({
                "field": field, "where": where,
                "vi": f"{who or where}: «{field}» = {shown} nằm ngoài khoảng {bounds}, không được nhập",
                "en": f"{who or where}: '{field}' = {shown} is outside {bounds}, not imported"})
            return None
        return v


def _text(v) -> str | None:
    return None if v is None else str(v).strip() or None


def parse_portal766(payload) -> tuple[str, str, list[dict], list[dict]]:
    """(shape, group, units, warnings) from the portal's JSON; refuses anything shaped otherwise,
    naming the element and field at fault. A unit needs at least one of departmentCode,
    departmentId and departmentName (write_portal766 finds it by them, in that order)."""
    rows = national_rows(payload)
    if rows is not None:  # the national summary: one row per province (rule 74)
        units, warnings = parse_national766(rows)
        return "national", "national", units, warnings
    if not isinstance(payload, dict):
        raise ImportRefused("portal_shape", detail="Tệp không phải một đối tượng JSON, cũng không phải bảng tổng hợp "
                            "toàn quốc (mảng các tỉnh) / not a JSON object, nor a national summary (an array of "
                            "provinces).")
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
    numbers = _Numbers()
    units, seen = [], {}
    warnings = numbers.warnings  # write_portal766 adds to it (a province's file that is not ours, rule 75)
    for i, u in enumerate([head, *members]):
        where = ("data.parent" if shape == "tree" else "data.overview") if i == 0 else \
            f"data.{'children' if shape == 'tree' else 'evaluation'}[{i - 1}]"
        if not isinstance(u, dict):
            raise ImportRefused("portal_field", where=where, field="—", problem_vi="không phải một đối tượng",
                                problem_en="is not an object")
        unit_code, portal_id, name = _text(u.get("departmentCode")), _text(u.get("departmentId")), \
            _text(u.get("departmentName"))
        if i > 0 and not (unit_code or portal_id or name):
            raise ImportRefused("portal_field", where=where, field="departmentCode, departmentId, departmentName",
                                problem_vi="đều thiếu: không biết đơn vị nào", problem_en="are all missing: "
                                "which unit is it?")
        for ident in (("code", unit_code), ("id", portal_id)):
            if ident[1] and ident in seen:
                raise ImportRefused("portal_field", where=where, field=f"«{ident[1]}»",
                                    problem_vi=f"lặp lại ({seen[ident]})", problem_en=f"appears twice ({seen[ident]})")
            if ident[1]:
                seen[ident] = where
        who = f"{name or unit_code or portal_id} ({where})"
        score_f = ("totalScore", "score") if i == 0 else ("score", "totalScore")
        max_f = ("totalMaxScore", "maxScore") if i == 0 else ("maxScore", "totalMaxScore")
        score_f = next((f for f in score_f if f in u), score_f[0])
        max_f = next((f for f in max_f if f in u), max_f[0])
        max_score = numbers.read(u, max_f, where, 0, 100, who)
        row = {
            "unit_code": unit_code, "portal_id": portal_id, "unit_name": name,
            "level": u.get("level") or u.get("departmentLevel") or u.get("agencyLevel"),
            "department_type": u.get("departmentType"),
            "is_province": i == 0,
            "score": numbers.read(u, score_f, where, 0, max_score if max_score is not None else 100, who),
            "max_score": max_score,
            "ratio": numbers.read(u, "ratio", where, 0, 100, who),
            "counters": {},
            "extra": {},
            "metrics": [],
        }
        for k, v in u.items():
            if k in IDENTITY:
                continue
            if k not in NOT_COUNTERS and (v is None or (isinstance(v, (int, float)) and not isinstance(v, bool))):
                row["counters"][k] = numbers.read(u, k, where, who=who)
            else:
                row["extra"][k] = v
        if shape == "evaluation":
            metrics = u.get("metrics") or []
            if not isinstance(metrics, list):
                raise ImportRefused("portal_field", where=where, field="metrics", problem_vi="không phải danh sách",
                                    problem_en="is not a list")
            for j, m in enumerate(metrics):
                mw = f"{where}.metrics[{j}]"
                if not isinstance(m, dict) or not _text(m.get("code")):
                    raise ImportRefused("portal_field", where=mw, field="code", problem_vi="thiếu", problem_en="is missing")
                m_max = numbers.read(m, "maxScore", mw, 0, 100, who)
                row["metrics"].append({
                    "metric_code": _text(m["code"]), "metric_name": m.get("name"),
                    "numerator": numbers.read(m, "numerator", mw, 0, None, who),
                    "denominator": numbers.read(m, "denominator", mw, 0, None, who),
                    "ratio": numbers.read(m, "ratio", mw, 0, 100, who),
                    "score": numbers.read(m, "score", mw, 0, m_max if m_max is not None else 100, who),
                    "max_score": m_max,
                    "quality_status": _text(m.get("dataQualityStatus")),
                    "quality_message": _text(m.get("dataQualityMessage")),
                    "extra": {k: v for k, v in m.items() if k not in METRIC_FIELDS},
                })
        units.append(row)
    units[0]["warnings"] = warnings
    return shape, recognise_group(shape, head, members, units), units, warnings


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


def _not_json_number(name: str):
    raise ValueError(f"{name} không phải số JSON / is not a JSON number")


def load_json(path) -> object:
    try:
        with open(path, "rb") as f:
            # NaN and Infinity are not JSON: Python's reader would take them, the portal never writes them
            return json.loads(f.read().decode("utf-8-sig"), parse_constant=_not_json_number)
    except RecursionError:  # Python's own words ("maximum recursion depth") are not ours
        raise ImportRefused("json_too_deep") from None
    except (UnicodeDecodeError, ValueError) as e:  # JSONDecodeError is a ValueError
        if "int_max_str_digits" in str(e):  # an integer longer than Python converts: not a score
            raise ImportRefused("json_number_too_long", limit=sys.get_int_max_str_digits()) from None
        raise ImportRefused("bad_json", detail=str(e).splitlines()[0]) from e


def _province_code(con) -> str | None:
    """The registry's province (the head of a portal file that gives no code)."""
    rows = con.execute("SELECT unit_code FROM units WHERE kind = 'province' AND successor_code IS NULL").fetchall()
    return rows[0][0] if len(rows) == 1 else None


def _find_unit(con, u: dict, province: str | None) -> tuple[str | None, str]:
    """(unit code, how it was found) for a portal unit: by its code, else by a departmentId seen
    before, else (the file's head) the registry's province, else by its name; None if not found."""
    if u["unit_code"]:
        return u["unit_code"], "code"
    if u["portal_id"]:
        rows = con.execute("SELECT unit_code FROM unit_portal_ids WHERE portal_id = ?", [u["portal_id"]]).fetchall()
        if rows:
            return rows[0][0], "id"
    if u["is_province"] and province:
        return province, "province"
    if u["unit_name"]:
        rows = con.execute("SELECT min(unit_code) FROM units WHERE name_key = vn_unit_key(?) HAVING count(*) = 1",
                           [u["unit_name"]]).fetchall()
        if rows:
            return rows[0][0], "name"
    return None, ""


def _placeholder(u: dict) -> str:
    """A code for a unit the portal names only by id or name, until a file gives its real code."""
    return f"portal:{u['portal_id']}" if u["portal_id"] else f"portal:{unit_key(u['unit_name'])}"


def _link_id(con, portal_id: str, code: str, name: str | None, import_id: int) -> None:
    """Keep the portal's id of a unit. If the id was held by a placeholder (an earlier file named
    the unit only by id), the placeholder's scores move to the real code and it leaves the registry."""
    rows = con.execute("SELECT unit_code FROM unit_portal_ids WHERE portal_id = ?", [portal_id]).fetchall()
    old = rows[0][0] if rows else None
    if old and old != code and old.startswith("portal:"):
        for table in ("portal766_scores", "portal766_metrics"):
            con.execute(f"DELETE FROM {table} AS t WHERE unit_code = ? AND EXISTS (SELECT 1 FROM {table} AS x "
                        "WHERE x.unit_code = ? AND x.period = t.period AND x.group_code = t.group_code)", [old, code])
            con.execute(f"UPDATE {table} SET unit_code = ? WHERE unit_code = ?", [code, old])
        if con.execute("SELECT count(*) FROM units WHERE unit_code = ?", [code]).fetchall()[0][0]:
            con.execute("DELETE FROM units WHERE unit_code = ?", [old])
        else:  # the real code is new to the registry too: the placeholder becomes it, still to review
            con.execute("UPDATE units SET unit_code = ? WHERE unit_code = ?", [code, old])
    con.execute("INSERT INTO unit_portal_ids (portal_id, unit_code, portal_name, import_id) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (portal_id) DO UPDATE SET unit_code = excluded.unit_code, "
                "portal_name = excluded.portal_name, import_id = excluded.import_id",
                [portal_id, code, name, import_id])


def write_portal766(con, period: str, group: str, units: list[dict], import_id: int) -> dict:
    """Replace the group for the period, each unit found as `_find_unit` says; units found by
    nothing are added to the registry, flagged for review. Every departmentId is kept."""
    if group == "national":
        return write_national766(con, period, units, import_id)
    province = _province_code(con)
    ours = our_province(con, period)
    head_province = geo.province_by_name(units[0]["unit_name"], geo.era_of(period)) if units else None
    if head_province and ours and head_province["code"] != ours["code"] \
            and not (units[0]["unit_code"] and units[0]["unit_code"] == province):
        # another province's own file: its head row is that province's score; its units are not ours
        return _write_other_province(con, period, group, units, head_province, import_id)
    added, codes = [], []
    for u in units:
        code, how = _find_unit(con, u, province)
        if code is None:
            code = _placeholder(u)
        codes.append(code)
        if u["portal_id"]:
            _link_id(con, u["portal_id"], code, u["unit_name"], import_id)
        if con.execute("SELECT count(*) FROM units WHERE unit_code = ?", [code]).fetchall()[0][0]:
            continue
        kind = "province" if u["is_province"] else LEVEL_KIND.get(str(u["level"] or "").upper(), "other")
        con.execute(
            "INSERT INTO units (unit_code, unit_name, kind, parent_code, name_key, needs_review, import_id) "
            "VALUES (?, ?, ?, ?, vn_unit_key(?), TRUE, ?)",
            [code, u["unit_name"] or code, kind, None if u["is_province"] else (province or codes[0]),
             u["unit_name"] or code, import_id],
        )
        added.append(code)
    if len(set(codes)) != len(codes):  # two entries of the file turned out to be one unit
        twice = sorted({c for c in codes if codes.count(c) > 1})
        raise ImportRefused("portal_field", where="data", field=", ".join(twice), problem_vi="là cùng một đơn vị "
                            "ở hai mục của tệp", problem_en="is one unit named by two entries of the file")
    before = {r[0] for r in con.execute(
        "SELECT unit_code FROM portal766_scores WHERE period = ? AND group_code = ?", [period, group]).fetchall()}
    con.execute("DELETE FROM portal766_scores WHERE period = ? AND group_code = ?", [period, group])
    con.execute("DELETE FROM portal766_metrics WHERE period = ? AND group_code = ?", [period, group])
    con.executemany(
        "INSERT INTO portal766_scores (period, group_code, unit_code, unit_name, level, department_type, "
        "is_province, score, max_score, ratio, counters, import_id, portal_id, extra) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [[period, group, c, u["unit_name"], u["level"], u["department_type"], u["is_province"],
          u["score"], u["max_score"], u["ratio"], json.dumps(u["counters"], ensure_ascii=False), import_id,
          u["portal_id"], json.dumps(u["extra"], ensure_ascii=False, default=str) if u["extra"] else None]
         for c, u in zip(codes, units)],
    )
    metric_rows = [[period, group, c, m["metric_code"], m["metric_name"], m["numerator"], m["denominator"],
                    m["ratio"], m["score"], m["max_score"], import_id, m["quality_status"], m["quality_message"],
                    json.dumps(m["extra"], ensure_ascii=False, default=str) if m["extra"] else None]
                   for c, u in zip(codes, units) for m in u["metrics"]]
    if metric_rows:
        con.executemany(
            "INSERT INTO portal766_metrics (period, group_code, unit_code, metric_code, metric_name, numerator, "
            "denominator, ratio, score, max_score, import_id, quality_status, quality_message, extra) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", metric_rows)
    head = units[0] if units else None
    target = ours or head_province
    if head is not None and head["is_province"] and target:  # our own province among the 34 (rule 75)
        _upsert_national(con, period, target["code"], {group: (head["score"], head["max_score"])},
                         head["unit_name"], head["portal_id"], import_id)
    return {"new": sum(c not in before for c in codes), "changed": sum(c in before for c in codes),
            "added_units": added}


# ---- the province among the 34 (definitions rules 74-76) ----------------------------------

# The national summary's columns (report_tinh_766_service) → our groups. CLGQ is online service
# (12 points), TTTT online payment (10): the latest public mapping (docs/definitions.md rule 74).
NATIONAL_FIELDS = {"CKMB": "transparency", "TDGQ": "progress", "CLGQ": "online", "TTTT": "payment",
                   "MDHL": "satisfaction", "MDSH": "digitization"}


def national_rows(payload) -> list | None:
    """The rows of a national summary: a flat array, or one inside {"data": [...]} / {"ROW": [...]};
    None for anything else (a province's own evaluation page)."""
    candidates = [payload] if isinstance(payload, list) else \
        [payload.get(k) for k in ("data", "ROW", "rows")] if isinstance(payload, dict) else []
    for rows in candidates:
        if isinstance(rows, list) and rows and all(isinstance(r, dict) for r in rows) \
                and any(f in rows[0] for f in ("TEN", "TONG_SCORE", *NATIONAL_FIELDS)):
            return rows
    return None


def parse_national766(rows: list) -> tuple[list[dict], list[dict]]:
    """One unit per province row: name (TEN), portal id (ID), rank (ROW_STT), total (TONG_SCORE)
    and the six groups' points; refuses a row that is not an object or names no province."""
    numbers = _Numbers()
    units = []
    for i, r in enumerate(rows):
        where = f"[{i}]"
        if not isinstance(r, dict):
            raise ImportRefused("portal_field", where=where, field="—", problem_vi="không phải một đối tượng",
                                problem_en="is not an object")
        name = _text(r.get("TEN"))
        if not name:
            raise ImportRefused("portal_field", where=where, field="TEN", problem_vi="thiếu: không biết tỉnh nào",
                                problem_en="is missing: which province is it?")
        if not any(f in r for f in NATIONAL_FIELDS):
            raise ImportRefused("portal_field", where=where, field=", ".join(NATIONAL_FIELDS),
                                problem_vi="đều thiếu: không có điểm nhóm nào", problem_en="are all missing: no group score")
        who = f"{name} ({where})"
        rank = numbers.read(r, "ROW_STT", where, 1, 1000, who)
        units.append({
            "unit_name": name, "portal_id": _text(r.get("ID")), "where": where,
            "rank": int(rank) if rank is not None else None,
            "total": numbers.read(r, "TONG_SCORE", where, 0, 100, who),
            "groups": {g: numbers.read(r, f, where, 0, GROUP_MAX[g], who) for f, g in NATIONAL_FIELDS.items() if f in r},
        })
    for u in units:
        u["warnings"] = numbers.warnings
    return units, numbers.warnings


def _upsert_national(con, period, code, groups: dict, name, portal_id, import_id, total=None, rank=None) -> bool:
    """Write one province's groups for a period; True if it had none of them before."""
    new = True
    for g, (score, max_score) in groups.items():
        before = con.execute("SELECT count(*) FROM national766_scores WHERE period = ? AND province_code = ? "
                             "AND group_code = ?", [period, code, g]).fetchall()[0][0]
        new = new and not before
        con.execute(
            "INSERT INTO national766_scores (period, province_code, group_code, province_name, score, max_score, "
            "portal_total, portal_rank, portal_id, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (period, province_code, group_code) DO UPDATE SET province_name = excluded.province_name, "
            "score = excluded.score, max_score = excluded.max_score, portal_total = excluded.portal_total, "
            "portal_rank = excluded.portal_rank, portal_id = excluded.portal_id, import_id = excluded.import_id",
            [period, code, g, name, score, max_score if max_score is not None else GROUP_MAX[g], total, rank,
             portal_id, import_id])
    return new


def write_national766(con, period: str, units: list[dict], import_id: int) -> dict:
    """A national summary replaces the period: every province found by its name among the 34 (63
    before 1 July 2025); a row naming none, or a province twice, refuses the file."""
    era = geo.era_of(period)
    found, seen = [], {}
    for u in units:
        p = geo.province_by_name(u["unit_name"], era)
        if p is None:
            raise ImportRefused("portal_field", where=u["where"], field=f"TEN = «{u['unit_name'][:60]}»",
                                problem_vi=f"không phải tên một trong {len(geo.provinces(era))} tỉnh, thành phố",
                                problem_en=f"does not name one of the {len(geo.provinces(era))} provinces")
        if p["code"] in seen:
            raise ImportRefused("portal_field", where=u["where"], field=f"TEN = «{u['unit_name'][:60]}»",
                                problem_vi=f"lặp lại tỉnh ở {seen[p['code']]}", problem_en=f"repeats the province "
                                f"of {seen[p['code']]}")
        seen[p["code"]] = u["where"]
        found.append(p)
    before = {r[0] for r in con.execute("SELECT DISTINCT province_code FROM national766_scores WHERE period = ?",
                                        [period]).fetchall()}
    con.execute("DELETE FROM national766_scores WHERE period = ?", [period])
    for p, u in zip(found, units):
        _upsert_national(con, period, p["code"], {g: (s, GROUP_MAX[g]) for g, s in u["groups"].items()},
                         u["unit_name"], u["portal_id"], import_id, u["total"], u["rank"])
    return {"new": sum(p["code"] not in before for p in found), "changed": sum(p["code"] in before for p in found),
            "added_units": []}


def _write_other_province(con, period, group, units, province: dict, import_id) -> dict:
    """Another province's own response: its head row becomes that province's score in the group;
    the rest (its agencies and communes) is not ours and is left out, with a warning (rule 75)."""
    head = units[0]
    new = _upsert_national(con, period, province["code"], {group: (head["score"], head["max_score"])},
                           head["unit_name"], head["portal_id"], import_id)
    head.get("warnings", []).append({
        "province": province["code"],
        "vi": f"Tệp của {province['full_name']}: chỉ nhập điểm của tỉnh (dòng tổng) vào so sánh toàn quốc; "
              f"{len(units) - 1} đơn vị của tỉnh đó không được nhập vào danh mục của tỉnh ta.",
        "en": f"A file of {province['full_name']}: only the province's own score (the head row) was imported, "
              f"for the national comparison; its {len(units) - 1} units were not added to our registry."})
    return {"new": int(new), "changed": int(not new), "added_units": []}


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
        SELECT unit_code, coalesce(any_value(unit_name), unit_code), 'other', vn_unit_key(coalesce(any_value(unit_name), unit_code)),
               TRUE, $id
        FROM incoming WHERE unit_code NOT IN (SELECT unit_code FROM units)
        GROUP BY unit_code
        RETURNING unit_code
        """,
        {"id": import_id},
    ).fetchall()]
    if added:  # a kind from the name, as a units import infers it
        con.execute(f"UPDATE units SET kind = {kind_from_name('unit_name')} WHERE import_id = $id AND needs_review",
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
