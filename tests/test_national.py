"""QĐ 766 for the whole country (docs/definitions.md rules 74-76): a national summary, or several
provinces' own files, imported through the pipeline into a real DuckDB file; ranks among 34 checked
against a hand computation."""
from __future__ import annotations

import json

import pytest

import geo
from data_loaders import import_file
from queries import national as nat
from tests.conftest import table_rows, write_csv

FIELDS = ("CKMB", "TDGQ", "CLGQ", "TTTT", "MDHL", "MDSH")  # transparency, progress, online, payment, satisfaction, digitization
OTHERS = (15, 15, 9, 7, 14, 15)  # 75: every province not named below


def summary(named: dict) -> list[dict]:
    """The portal's national summary: one row per province of the 34, numbers as strings (as seen)."""
    rows = []
    for i, p in enumerate(geo.provinces("2025")):
        points = named.get(p["name"], OTHERS)
        rows.append({"ID": str(100000 + i), "ROW_STT": str(i + 1), "TEN": p["full_name"],
                     **{f: str(v) for f, v in zip(FIELDS, points)}, "TONG_SCORE": str(round(sum(points), 2))})
    return rows


OCTOBER = {"Hà Nội": (18, 19, 11, 9, 17, 20),          # 94
           "Khánh Hòa": (17, 19.5, 11, 8, 17.5, 19),   # 92
           "Đà Nẵng": (17.5, 19, 10.5, 9, 17, 19),     # 92: a tie with Khánh Hòa
           "Huế": (18, 18, 11.5, 8.5, 16, 18)}         # 90
SEPTEMBER = {"Hà Nội": (18, 19, 11, 9, 17, 20),        # 94
             "Đà Nẵng": (17.5, 19, 10.5, 9, 17, 19),   # 92
             "Huế": (18, 18, 11.5, 8.5, 16, 18),       # 90
             "Khánh Hòa": (15, 17, 10, 7, 17, 19)}     # 85


@pytest.fixture
def ours(db, tmp_path):
    """Our registry: the province of Khánh Hòa and one of its agencies."""
    import_file(db, write_csv(tmp_path / "units.csv", [["H56", "UBND tỉnh Khánh Hòa", "province"],
                                                        ["H56.05", "Sở Tư pháp", "department"]],
                              ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"]))
    return db


def put(tmp_path, name, payload):
    path = tmp_path / name
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


def test_national_summary_ranks_among_34_by_hand(ours, tmp_path):
    r = import_file(ours, put(tmp_path, "sep.json", summary(SEPTEMBER)), period="2026-09")
    assert r.ok and r.kind == "portal766" and r.group == "national" and r.rows_imported == 34, r
    r = import_file(ours, put(tmp_path, "oct.json", {"data": summary(OCTOBER)}), period="2026-10")
    assert r.ok and r.rows_imported == 34, r
    assert table_rows(ours, "SELECT count(DISTINCT province_code), count(*) FROM national766_scores "
                            "WHERE period = '2026-10'") == [(34, 34 * 6)]
    # nothing of other provinces enters our registry
    assert table_rows(ours, "SELECT count(*) FROM units") == [(2,)]

    out = nat.national(ours, "2026-10")
    assert out["count"] == 34 and out["previous"] == "2026-09"
    by = {p["name"]: p for p in out["provinces"]}
    # by hand: 94 → 1; 92, 92 → 2, 2 (a tie shares); 90 → 4; the thirty at 75 → 5
    assert [by[n]["rank"] for n in ("Hà Nội", "Khánh Hòa", "Đà Nẵng", "Huế", "Cà Mau")] == [1, 2, 2, 4, 5]
    assert sum(p["rank"] == 5 for p in out["provinces"]) == 30
    kh = out["ours"]
    assert kh["code"] == "56" and kh["is_ours"] and kh["total"] == 92.0
    # September: 94, 92, 90, 85 → Khánh Hòa 4th; October 2nd: two places up, 7 points more
    assert kh["previous_rank"] == 4 and kh["rank_change"] == 2 and kh["total_change"] == 7.0
    # the gap to the province just above, per group: the smallest better score minus ours
    assert kh["gap_above"] == {"total": 2.0, "transparency": 0.5, "progress": None, "online": 0.5,
                               "digitization": 1.0, "satisfaction": None, "payment": 0.5}
    # group ranks: transparency 18, 18, 17.5, then 17 (Khánh Hòa) → 4; progress 19.5 → 1
    assert kh["group_ranks"]["transparency"] == 4 and kh["group_ranks"]["progress"] == 1
    assert kh["group_changes"]["transparency"] == 2.0

    trend = nat.national_trend(ours)
    assert [(t["period"], t["rank"], t["of"], t["total"]) for t in trend] == [
        ("2026-09", 4, 34, 85.0), ("2026-10", 2, 34, 92.0)]


def test_provinces_own_files_become_provinces(ours, tmp_path):
    def tree(code, name, total, children):
        return {"code": "OK", "data": {
            "parent": {"departmentCode": code, "departmentName": name, "totalOnTime": 900, "totalScore": total,
                       "totalMaxScore": 20},
            "children": [{"departmentCode": c, "departmentName": n, "level": "PROVINCE", "totalOnTime": 10,
                          "score": s, "maxScore": 20} for c, n, s in children]}}

    r = import_file(ours, put(tmp_path, "kh.json", tree("H56", "UBND tỉnh Khánh Hòa", 18.2,
                                                        [("H56.05", "Sở Tư pháp", 19.0)])), period="2026-10")
    assert r.ok and r.group == "progress", r
    r = import_file(ours, put(tmp_path, "hn.json", tree("H01", "UBND thành phố Hà Nội", 19.1,
                                                        [("H01.05", "Sở Tư pháp Hà Nội", 19.5)])), period="2026-10")
    assert r.ok and r.group == "progress", r
    assert any("Hà Nội" in w["vi"] and "1 đơn vị" in w["vi"] for w in r.warnings), r.warnings
    r = import_file(ours, put(tmp_path, "hue.json", tree("H46", "Thành phố Huế", 18.2, [])), period="2026-10")
    assert r.ok, r
    assert table_rows(ours, "SELECT province_code, score FROM national766_scores ORDER BY 1") == [
        ("01", 19.1), ("46", 18.2), ("56", 18.2)]
    # Hà Nội's agency is not ours: neither in the registry nor among our units' scores
    assert table_rows(ours, "SELECT count(*) FROM units WHERE unit_code LIKE 'H01%'") == [(0,)]
    assert table_rows(ours, "SELECT unit_code FROM portal766_scores ORDER BY 1") == [("H56",), ("H56.05",)]
    out = nat.national(ours, "2026-10")
    assert out["groups"] == ["progress"]
    assert [(p["name"], p["rank"]) for p in out["provinces"]] == [("Hà Nội", 1), ("Huế", 2), ("Khánh Hòa", 2)]
    assert out["ours"]["gap_above"]["progress"] == 0.9


@pytest.mark.parametrize("change, words", [
    (lambda rows: rows[3].update(TEN="Tỉnh Không Có"), "Tỉnh Không Có"),
    (lambda rows: rows[4].update(TEN=rows[3]["TEN"]), "[4]"),
    (lambda rows: rows[2].pop("TEN"), "TEN"),
])
def test_national_refusals_name_the_row_and_write_nothing(ours, tmp_path, change, words):
    rows = summary(OCTOBER)
    change(rows)
    r = import_file(ours, put(tmp_path, "bad.json", rows), period="2026-10")
    assert r.status == "refused" and words in r.message_vi and words in r.message_en, r
    assert table_rows(ours, "SELECT count(*) FROM national766_scores") == [(0,)]


def test_a_score_out_of_range_is_set_aside_with_a_warning(ours, tmp_path):
    rows = summary(OCTOBER)
    rows[0]["CKMB"] = "25"  # transparency is out of 18
    r = import_file(ours, put(tmp_path, "oct.json", rows), period="2026-10")
    assert r.ok and any("CKMB" in w["vi"] for w in r.warnings), r


def test_before_july_2025_the_63_provinces(ours, tmp_path):
    rows = [{"TEN": p["full_name"], **{f: "10" for f in FIELDS}, "TONG_SCORE": "60"}
            for p in geo.provinces("63")]
    r = import_file(ours, put(tmp_path, "q1.json", rows), period="2025-Q1")
    assert r.ok and r.rows_imported == 63, r
    assert nat.national(ours, "2025-Q1")["count"] == 63
    # the same file for a period after 1 July 2025 names provinces that no longer exist
    r = import_file(ours, put(tmp_path, "q3.json", rows), period="2025-Q3")
    assert r.status == "refused" and "34" in r.message_vi, r
