"""The portal's six QĐ 766 groups as it publishes them: transparency and satisfaction responses carry
departmentId and departmentName but no departmentCode; units are found by code, a departmentId
seen before, or name; import order does not matter; numbers that are not numbers never get in."""
from __future__ import annotations

import copy
import json

import pytest

import warehouse
from data_loaders import import_file
from tests.conftest import cli, table_rows, write_csv

UNITS = [["H12", "UBND tỉnh A", "province"], ["H12.05", "Sở Tư pháp", "department"],
         ["H12.101", "UBND xã An Bình", "commune"], ["H12.102", "UBND xã Bình An", "commune"]]
IDS = {"H12": "7b1c0000-0000-4000-8000-000000000012", "H12.05": "7b1c0000-0000-4000-8000-000000001205",
       "H12.101": "7b1c0000-0000-4000-8000-000000012101", "H12.102": "7b1c0000-0000-4000-8000-000000012102",
       "H12.199": "7b1c0000-0000-4000-8000-000000012199"}
NAMES = {"H12": "UBND tỉnh A", "H12.05": "Sở Tư pháp - Tỉnh A", "H12.101": "UBND xã An Bình - Tỉnh A",
         "H12.102": "UBND xã Bình An - Tỉnh A", "H12.199": "UBND xã Mới Lập - Tỉnh A"}
LEVEL = {"H12.05": "PROVINCE", "H12.101": "COMMUNE", "H12.102": "COMMUNE", "H12.199": "COMMUNE"}
MEMBERS = ["H12.05", "H12.101", "H12.102", "H12.199"]

# Published scores per group (max) and unit; the province's own row too.
SCORES = {
    "transparency": (18, {"H12": 16.5, "H12.05": 18.0, "H12.101": 15.0, "H12.102": 12.25, "H12.199": 17.0}),
    "progress": (20, {"H12": 18.46, "H12.05": 19.42, "H12.101": 16.0, "H12.102": 14.5, "H12.199": 20.0}),
    "online": (12, {"H12": 9.1, "H12.05": 11.0, "H12.101": 8.0, "H12.102": 6.5, "H12.199": 10.0}),
    "digitization": (22, {"H12": 11.2, "H12.05": 15.0, "H12.101": 9.5, "H12.102": 8.0, "H12.199": 12.0}),
    "satisfaction": (18, {"H12": 17.0, "H12.05": 17.5, "H12.101": 16.0, "H12.102": 15.0, "H12.199": 18.0}),
    "payment": (10, {"H12": 6.32, "H12.05": 9.0, "H12.101": 5.0, "H12.102": 2.0, "H12.199": 7.5}),
}
TREE_FIELDS = {"progress": {"totalOnTime": 10, "totalOverdue": 1}, "online": {"channelOnlineSum": 5, "authorityCount": 2},
               "payment": {"totalDossierOnlinePaymentSuccess": 3}}
METRICS = {"transparency": "CONG_KHAI_TTHC", "digitization": "SO_HOA_GIAY_TO_GIAI_QUYET",
           "satisfaction": "MUC_DO_HAI_LONG"}


def tree(group: str) -> dict:
    maximum, scores = SCORES[group]

    def unit(code):
        return {"departmentId": IDS[code], "departmentCode": code, "departmentName": NAMES[code],
                "level": LEVEL[code], "score": scores[code], "maxScore": maximum, "ratio": 50.0,
                **TREE_FIELDS[group]}
    return {"code": "OK", "data": {
        "parent": {"departmentId": IDS["H12"], "departmentCode": "H12", "departmentName": NAMES["H12"],
                   "totalScore": scores["H12"], "totalMaxScore": maximum, **TREE_FIELDS[group]},
        "children": [unit(c) for c in MEMBERS]}}


def evaluation(group: str, with_codes: bool = False) -> dict:
    """As the portal publishes transparency and satisfaction: departmentId and name, no code."""
    maximum, scores = SCORES[group]

    def unit(code, i):
        u = {"stt": i + 1, "departmentId": IDS[code], "departmentName": NAMES[code], "departmentLevel": LEVEL[code],
             "agencyLevel": LEVEL[code], "totalScore": scores[code], "totalMaxScore": maximum, "ratio": 50.0,
             "averageScore": 3.5, "monthlyChart": [{"month": 9, "score": scores[code] - 1}],
             "metrics": [{"code": METRICS[group], "name": "Chỉ tiêu", "numerator": 10, "denominator": 20,
                          "ratio": 50.0, "score": scores[code], "maxScore": maximum,
                          "dataQualityStatus": "PROVISIONAL" if code == "H12.101" else "OK",
                          "dataQualityMessage": "Mẫu số tạm tính" if code == "H12.101" else None}]}
        if with_codes:
            u["departmentCode"] = code
        return u
    return {"code": "OK", "data": {
        "overview": {"departmentId": IDS["H12"], "departmentName": NAMES["H12"], "departmentLevel": "PROVINCE",
                     "totalScore": scores["H12"], "totalMaxScore": maximum,
                     "metrics": [{"code": METRICS[group], "name": "Chỉ tiêu của tỉnh", "numerator": 90,
                                  "denominator": 120, "ratio": 75.0, "score": scores["H12"], "maxScore": maximum,
                                  "dataQualityStatus": "WARNING", "dataQualityMessage": "Mẫu số đang cập nhật"}]},
        "evaluation": [unit(c, i) for i, c in enumerate(MEMBERS)]}}


FILES = {"transparency": lambda: evaluation("transparency"), "progress": lambda: tree("progress"),
         "online": lambda: tree("online"), "digitization": lambda: evaluation("digitization", with_codes=True),
         "satisfaction": lambda: evaluation("satisfaction"), "payment": lambda: tree("payment")}


def write_json(path, payload):
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path


def fresh_db(tmp_path, name: str):
    db = tmp_path / f"{name}.duckdb"
    cli("--db", db, "--create", "import", write_csv(tmp_path / f"{name}_u.csv", UNITS, ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"]))
    return db


def import_groups(db, tmp_path, order):
    for group in order:
        out = cli("--db", db, "import", write_json(tmp_path / f"{group}.json", FILES[group]()), "--period", "2026-10")
        assert "nhập mới" in out.stdout


def scores_json(db, *args):
    """`cli.py scores --json`, read by a strict parser (NaN or Infinity would fail it)."""
    def refuse(name):
        raise ValueError(f"not strict JSON: {name}")
    text = cli("--db", db, "scores", "--scheme", "portal766", "--period", "2026-10", "--json", *args).stdout
    return json.loads(text, parse_constant=refuse)


def test_transparency_and_satisfaction_without_codes_find_their_units_by_name_and_keep_the_ids(tmp_path):
    db = fresh_db(tmp_path, "names")
    import_groups(db, tmp_path, ["transparency"])
    with warehouse.session(db, read_only=True) as con:
        rows = table_rows(con, "SELECT unit_code, score FROM portal766_scores ORDER BY 1")
        ids = dict(table_rows(con, "SELECT portal_id, unit_code FROM unit_portal_ids"))
        review = table_rows(con, "SELECT unit_code, unit_name FROM units WHERE needs_review")
    assert dict(rows)["H12.05"] == 18.0 and dict(rows)["H12"] == 16.5  # the head is the province
    assert ids[IDS["H12.05"]] == "H12.05" and ids[IDS["H12"]] == "H12"
    # a commune the registry lacks, named only by id and name: added, flagged, under a placeholder code
    assert review == [(f"portal:{IDS['H12.199']}", NAMES["H12.199"])]


def test_import_order_does_not_matter(tmp_path):
    first = fresh_db(tmp_path, "evaluation_first")
    import_groups(first, tmp_path, ["transparency", "satisfaction", "digitization", "progress", "online", "payment"])
    later = fresh_db(tmp_path, "trees_first")
    import_groups(later, tmp_path, ["progress", "online", "payment", "transparency", "satisfaction", "digitization"])
    a, b = scores_json(first), scores_json(later)
    assert a == b
    units = {u["unit_code"]: u for u in a["units"]}
    # the tree files brought H12.199's code and id: the placeholder became the real unit
    assert "H12.199" in units and not any(c.startswith("portal:") for c in units)
    with warehouse.session(first, read_only=True) as con:
        assert table_rows(con, "SELECT count(*) FROM units WHERE unit_code LIKE 'portal:%'") == [(0,)]
        assert table_rows(con, "SELECT unit_code FROM unit_portal_ids WHERE portal_id = ?", [IDS["H12.199"]]) == [
            ("H12.199",)]


def test_all_six_groups_give_the_published_totals_and_rank_by_share_of_the_maximum(tmp_path):
    db = fresh_db(tmp_path, "six")
    import_groups(db, tmp_path, list(FILES))
    out = scores_json(db)
    assert out["groups"] == ["transparency", "progress", "online", "digitization", "satisfaction", "payment"]
    units = {u["unit_code"]: u for u in out["units"]}
    for code in MEMBERS:
        assert units[code]["total"] == round(sum(SCORES[g][1][code] for g in SCORES), 2)
        assert units[code]["max_total"] == 100.0 and units[code]["missing_groups"] == []
    assert out["province"]["total"] == round(sum(SCORES[g][1]["H12"] for g in SCORES), 2)  # 78.58
    # communes: H12.199 84.5, H12.101 69.5, H12.102 58.25 (all out of 100: share = total)
    communes = sorted((u["rank"], u["unit_code"]) for u in out["units"] if u["kind"] == "commune")
    assert communes == [(1, "H12.199"), (2, "H12.101"), (3, "H12.102")]


def test_fields_the_portal_adds_are_kept_and_quality_flags_stored(tmp_path):
    db = fresh_db(tmp_path, "extra")
    import_groups(db, tmp_path, ["transparency"])
    with warehouse.session(db, read_only=True) as con:
        extra, counters = table_rows(con, "SELECT extra, counters FROM portal766_scores WHERE unit_code = 'H12.05'")[0]
        flags = table_rows(con, "SELECT unit_code, quality_status, quality_message FROM portal766_metrics "
                                "WHERE quality_status <> 'OK' AND unit_code <> 'H12'")
    extra = json.loads(extra)
    assert extra["stt"] == 1 and extra["agencyLevel"] == "PROVINCE" and extra["monthlyChart"][0]["month"] == 9
    assert json.loads(counters) == {"averageScore": 3.5}
    assert flags == [("H12.101", "PROVISIONAL", "Mẫu số tạm tính")]


def test_a_refusal_names_the_element_and_field_not_a_wrong_structure(tmp_path):
    db = fresh_db(tmp_path, "refusal")
    payload = evaluation("satisfaction")
    for k in ("departmentId", "departmentName"):
        payload["data"]["evaluation"][2].pop(k)
    out = cli("--db", db, "import", write_json(tmp_path / "bad.json", payload), "--period", "2026-10", check=False)
    assert out.returncode == 1
    assert "data.evaluation[2]" in out.stderr and "departmentId" in out.stderr
    assert "data.overview + data.evaluation[]" not in out.stderr  # not the "wrong structure" text


def test_a_first_import_summarises_the_units_it_adds(tmp_path):
    db = tmp_path / "first.duckdb"  # an empty registry: a province's first 766 file adds everyone
    big = tree("progress")
    child = big["data"]["children"][1]
    big["data"]["children"] = [dict(child, departmentCode=f"H12.{300 + i}", departmentId=f"id-{i}",
                                    departmentName=f"UBND xã Số {i}") for i in range(250)]
    report = json.loads(cli("--db", db, "--create", "import", write_json(tmp_path / "t.json", big), "--period", "2026-10",
                            "--json").stdout)
    assert len(report["added_units"]) == 251
    assert len(report["warnings"]) == 1  # one line, not 251
    line = report["warnings"][0]["vi"]
    assert line.startswith("251 đơn vị") and "H12.300" in line and "Chất lượng dữ liệu" in line


@pytest.mark.parametrize("text", ['{"code": "OK", "data": {"parent": {"departmentCode": "H12", "totalScore": NaN}, '
                                  '"children": []}}',
                                  '{"code": "OK", "data": {"parent": {"departmentCode": "H12", "totalScore": Infinity},'
                                  ' "children": []}}'])
def test_nan_and_infinity_are_not_json_and_the_file_is_refused(tmp_path, text):
    db = fresh_db(tmp_path, "nan")
    path = tmp_path / "nan.json"
    path.write_text(text, encoding="utf-8")
    out = cli("--db", db, "import", path, "--period", "2026-10", check=False)
    assert out.returncode == 1 and "JSON" in out.stderr


def test_implausible_scores_are_set_aside_with_a_reason_and_output_stays_strict_json(tmp_path):
    db = fresh_db(tmp_path, "inf")
    payload = tree("progress")
    kids = payload["data"]["children"]
    kids[0]["score"] = "inf"
    kids[1]["score"] = 1e308
    kids[2]["score"] = 25.0  # above its maximum of 20
    kids[3]["totalReceived"] = 1e308  # a counter no unit could have
    report = json.loads(cli("--db", db, "import", write_json(tmp_path / "p.json", payload), "--period", "2026-10",
                            "--json").stdout)
    said = " ".join(w["vi"] for w in report["warnings"])
    assert "Sở Tư pháp" in said and "UBND xã An Bình" in said and "25" in said and "totalReceived" in said
    out = scores_json(db)
    units = {u["unit_code"]: u for u in out["units"]}
    assert [units[c]["groups"]["progress"] for c in MEMBERS] == [None, None, None, 20.0]
    assert units["H12.199"]["rank"] == 1 and units["H12.101"]["rank"] is None  # "inf" never ranks first


def test_json_output_is_strict_even_over_values_stored_before_the_checks(tmp_path):
    db = fresh_db(tmp_path, "old")
    import_groups(db, tmp_path, ["progress"])
    with warehouse.session(db) as con:  # as an older version could have stored it
        con.execute("UPDATE portal766_scores SET score = 'NaN'::DOUBLE, ratio = 'Infinity'::DOUBLE "
                    "WHERE unit_code = 'H12.05'")
    units = {u["unit_code"]: u for u in scores_json(db)["units"]}
    assert units["H12.05"]["groups"]["progress"] is None


def test_the_766_page_shows_a_metric_s_data_quality_flag_beside_its_figure(tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT

    db = fresh_db(tmp_path, "page")
    import_groups(db, tmp_path, ["transparency", "progress"])
    monkeypatch.setenv("CCHC_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at.switch_page("pages/portal766.py").run()
    assert not at.exception, at.exception
    shown = [d.value for d in at.dataframe if "Chất lượng dữ liệu" in d.value.columns]
    assert len(shown) == 1
    row = shown[0].iloc[0]
    assert row["Mẫu số"] == "120" and row["Chất lượng dữ liệu"] == "⚠ Mẫu số đang cập nhật"
    assert any("1 số liệu tạm tính" in e.label for e in at.expander)
