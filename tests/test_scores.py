"""Score imports (PAR long tables, portal 766 JSON) and `cli.py scores`, on real database files."""
from __future__ import annotations

import copy
import json

import openpyxl
import pytest

from data_loaders import import_file
from tests.conftest import cli, snapshot, table_rows, write_csv
from tests.score_files import EVALUATION, PAR_HEADERS, TREE, UNITS, par_rows, write_json

@pytest.fixture
def scored(db, tmp_path):
    """A registry of three agencies and two communes."""
    import_file(db, write_csv(tmp_path / "units.csv", UNITS, ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"]))
    return db


def import_par(db, tmp_path, rows, name="par.csv", **kw):
    return import_file(db, write_csv(tmp_path / name, rows, PAR_HEADERS), **kw)


# ---- PAR ---------------------------------------------------------------------------------

def test_par_index_is_leaves_only_and_parent_rows_are_checked(scored, tmp_path):
    rows = (par_rows(2025, "H12.05", "Sở Tư pháp", [(4, 3.5), (6, 4), (85, 72)])
            + par_rows(2025, "H12.06", "Sở Y tế", [(4, 4), (6, 6), (80, 70)]))
    rows[0][7] = 8  # parent 1 says 8, its children add up to 7.5
    r = import_par(scored, tmp_path, rows)
    assert r.ok and r.kind == "par" and r.rows_imported == 8
    assert [(w["criterion_code"], w["unit_code"], w["column"]) for w in r.warnings] == [("1", "H12.05", "final_points")]
    assert "Tiêu chí 1" in r.warnings[0]["vi"] and "7.5" in r.warnings[0]["vi"]
    logged = json.loads(table_rows(scored, "SELECT warnings FROM import_log WHERE kind = 'par'")[0][0])
    assert logged[0]["criterion_code"] == "1"
    leaves = table_rows(scored, "SELECT criterion_code FROM par_scores WHERE is_leaf AND unit_code = 'H12.05' "
                                "ORDER BY 1")
    assert leaves == [("1.1",), ("1.2",), ("2",)]
    from queries import scores

    by_code = {u["unit_code"]: u for u in scores.par(scored, 2025)}
    assert by_code["H12.05"]["par_index"] == 79.5  # (3.5 + 4 + 72) / 100, the parent row not counted
    assert by_code["H12.05"]["self_index"] == 95.0
    assert by_code["H12.06"]["par_index"] == 80.0 and by_code["H12.06"]["grade"] == "Tốt"
    assert by_code["H12.05"]["grade"] == "Khá"
    assert [a["final_points"] for a in by_code["H12.05"]["areas"]] == [7.5, 72.0]


def test_par_reimport_replaces_that_year_for_those_units_only(scored, tmp_path):
    import_par(scored, tmp_path, par_rows(2024, "H12.05", "Sở Tư pháp", [(4, 4), (6, 6), (80, 60)]), "a.csv")
    import_par(scored, tmp_path, par_rows(2025, "H12.05", "Sở Tư pháp", [(4, 4), (6, 6), (80, 61)])
               + par_rows(2025, "H12.06", "Sở Y tế", [(4, 4), (6, 6), (80, 62)]), "b.csv")
    # The corrected 2025 table of one agency drops criterion 1.2 and changes 2.
    fixed = [r for r in par_rows(2025, "H12.05", "Sở Tư pháp", [(4, 4), (6, 6), (80, 75)]) if r[3] != "1.2"]
    fixed[0][6], fixed[0][7] = 4, 4
    r = import_par(scored, tmp_path, fixed, "c.csv")
    assert r.ok and r.rows_updated >= 1
    rows = table_rows(scored, "SELECT year, unit_code, criterion_code, final_points FROM par_scores ORDER BY ALL")
    assert (2025, "H12.05", "1.2", 6.0) not in rows and (2025, "H12.05", "2", 75.0) in rows
    assert (2024, "H12.05", "2", 60.0) in rows  # the other year stays
    assert (2025, "H12.06", "2", 62.0) in rows  # the other unit stays
    # criterion 1 is a leaf now that 1.2 is gone … no: 1.1 is still under it
    assert table_rows(scored, "SELECT is_leaf FROM par_scores WHERE year = 2025 AND unit_code = 'H12.05' "
                              "AND criterion_code = '1'") == [(False,)]


def test_par_rejected_rows_and_refusals(scored, tmp_path):
    rows = par_rows(2025, "H12.05", "Sở Tư pháp", [(4, 4), (6, 6), (80, 70)])
    rows += [[2025, "H12.06", "Sở Y tế", "2a", "Sai mã", 10, 5, 5],
             [2025, "H12.06", "Sở Y tế", "3", "Quá điểm", 10, 5, 12],
             [2025, "H12.06", "Sở Y tế", "4", "Âm", 10, 5, -1],
             [2025, "H12.06", "Sở Y tế", "5", "Không số", 10, 5, "năm"]]
    r = import_par(scored, tmp_path, rows)
    assert r.ok and r.rows_rejected == 4
    assert r.rejected_by_reason == {"bad_criterion": 1, "points_above_max": 1, "negative_points": 1, "bad_number": 1}
    msgs = [m for (m,) in table_rows(scored, "SELECT message_vi FROM rejected_rows ORDER BY row_number")]
    assert any("2a" in m for m in msgs) and any("Điểm thẩm định" in m for m in msgs)

    before = snapshot(scored)
    r = import_par(scored, tmp_path, rows, "strict.csv", strict=True)
    assert r.status == "refused" and snapshot(scored) == before
    r = import_file(scored, write_csv(tmp_path / "nomax.csv", [[2025, "H12.05", "1", 5]],
                                      ["Năm", "Mã đơn vị", "Mã tiêu chí", "Điểm thẩm định"]), kind="par")
    assert r.status == "refused" and "Điểm tối đa" in r.message_vi


def test_par_from_xlsx_with_title_rows(scored, tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["KẾT QUẢ CHỈ SỐ CCHC NĂM 2025"])
    sheet.append([])
    sheet.append(PAR_HEADERS)
    for r in par_rows(2025, "H12.101", "UBND xã An Bình", [(4, 4), (6, 5), (90, 85)]):
        sheet.append(r)
    book.save(tmp_path / "par.xlsx")
    r = import_file(scored, tmp_path / "par.xlsx")
    assert r.ok and r.kind == "par" and r.rows_imported == 4
    from queries import scores

    assert scores.par(scored, 2025)[0]["par_index"] == 94.0


def test_par_unknown_unit_is_added_and_flagged(scored, tmp_path):
    r = import_par(scored, tmp_path, par_rows(2025, "H12.999", "UBND phường Mới", [(4, 4), (6, 6), (80, 80)]))
    assert r.ok and r.added_units == ["H12.999"]
    assert table_rows(scored, "SELECT kind, needs_review FROM units WHERE unit_code = 'H12.999'") == [("commune", True)]


# ---- portal 766 --------------------------------------------------------------------------

def test_portal_tree_file_as_published(scored, tmp_path):
    r = import_file(scored, write_json(tmp_path / "tien_do.json", TREE), period="2026-10")
    assert r.ok and r.kind == "portal766" and r.group == "progress" and r.period == "2026-10"
    assert r.rows_read == 5 and r.rows_imported == 5
    rows = {c: (s, m, json.loads(k)) for c, s, m, k in table_rows(
        scored, "SELECT unit_code, score, max_score, counters FROM portal766_scores")}
    assert rows["H12"][:2] == (18.46, 20.0)  # the parent's totalScore / totalMaxScore
    assert rows["H12.05"][2]["totalOverdue"] == 9 and rows["H12.05"][2]["scoreDelta"] is None
    assert rows["H12.60"][0] is None  # no dossiers: no score, not 0
    # Unknown codes join the registry with the kind their level says, flagged for review.
    added = table_rows(scored, "SELECT unit_code, kind, parent_code, needs_review FROM units WHERE needs_review "
                               "ORDER BY 1")
    assert added == [("H12", "province", None, True), ("H12.150", "commune", "H12", True),
                     ("H12.60", "department", "H12", True)]
    assert sorted(r.added_units) == ["H12", "H12.150", "H12.60"]


def test_portal_evaluation_file_keeps_nulls(scored, tmp_path):
    r = import_file(scored, write_json(tmp_path / "so_hoa.json", EVALUATION), kind="portal766", period="2026-10")
    assert r.ok and r.group == "digitization"
    metrics = table_rows(scored, "SELECT metric_code, numerator, denominator, ratio, score, max_score "
                                 "FROM portal766_metrics WHERE unit_code = 'H12.101' ORDER BY 1")
    assert metrics == [("REUSED_DIGITIZED_DATA", 0.0, 0.0, None, None, 2.0),
                       ("SO_HOA_GIAY_TO_GIAI_QUYET", 40.0, 200.0, 20.0, 0.8, 4.0)]
    assert table_rows(scored, "SELECT department_type, level FROM portal766_scores WHERE unit_code = 'H12.101'") == [
        ("COMMUNE_PEOPLE_COMMITTEE", "COMMUNE")]


@pytest.mark.parametrize("group, change", [
    ("online", lambda u: u.update(channelOnlineSum=5, authorityCount=2)),
    ("payment", lambda u: u.update(totalDossierOnlinePaymentSuccess=3)),
])
def test_portal_tree_groups_recognised_from_fields(scored, tmp_path, group, change):
    payload = copy.deepcopy(TREE)
    for u in [payload["data"]["parent"], *payload["data"]["children"]]:
        for k in ("totalOnTime", "totalOverdue", "avgProcessingDays", "totalCompleted"):
            u.pop(k, None)
        change(u)
    r = import_file(scored, write_json(tmp_path / "g.json", payload), period="2026-10")
    assert r.ok and r.group == group


@pytest.mark.parametrize("group, codes", [
    ("transparency", ["CONG_KHAI_TTHC", "DONG_BO_HO_SO"]),
    ("satisfaction", ["MUC_DO_HAI_LONG", "DANH_GIA_CHAT_LUONG"]),
])
def test_portal_evaluation_groups_recognised_from_metric_codes(scored, tmp_path, group, codes):
    payload = copy.deepcopy(EVALUATION)
    for u in payload["data"]["evaluation"]:
        u["totalMaxScore"] = 18
        u["metrics"] = [{"code": c, "name": "…", "numerator": 1, "denominator": 2, "ratio": 50.0, "score": 1,
                         "maxScore": 9} for c in codes]
    payload["data"]["overview"]["totalMaxScore"] = 18
    r = import_file(scored, write_json(tmp_path / "g.json", payload), period="2026-Q3")
    assert r.ok and r.group == group and r.period == "2026-Q3"


def test_portal_same_group_and_period_replaces(scored, tmp_path):
    import_file(scored, write_json(tmp_path / "a.json", TREE), period="2026-10")
    import_file(scored, write_json(tmp_path / "b.json", TREE), period="2026-09")
    smaller = copy.deepcopy(TREE)
    smaller["data"]["children"] = smaller["data"]["children"][:1]
    smaller["data"]["children"][0]["score"] = 10.0
    r = import_file(scored, write_json(tmp_path / "c.json", smaller), period="2026-10")
    assert r.ok and r.rows_updated == 2 and r.rows_imported == 0
    assert table_rows(scored, "SELECT period, count(*) FROM portal766_scores GROUP BY 1 ORDER BY 1") == [
        ("2026-09", 5), ("2026-10", 2)]
    assert table_rows(scored, "SELECT score FROM portal766_scores WHERE period = '2026-10' AND unit_code = 'H12.05'"
                      ) == [(10.0,)]


def _bad(payload_change):
    payload = copy.deepcopy(TREE)
    payload_change(payload)
    return payload


@pytest.mark.parametrize("payload, period, kind, reason_words", [
    (TREE, None, None, "--period"),
    (TREE, "2026-13", None, "2026-13"),
    (TREE, "Oct 2026", None, "Oct 2026"),
    ("{not json", "2026-10", None, "JSON"),
    ({"code": "OK", "data": {"rows": []}}, "2026-10", None, "data.parent"),
    ([1, 2], "2026-10", None, "data.parent"),
    ({"code": "ERROR", "message": "unauthorized"}, "2026-10", None, "ERROR"),
    # no code, no id, no name: nothing says which unit it is (a code alone missing is fine: definitions rule 54)
    (_bad(lambda p: [p["data"]["children"][1].pop(k) for k in ("departmentCode", "departmentName")]), "2026-10", None,
     "children[1]"),
    (_bad(lambda p: p["data"]["children"][0].update(score="cao")), "2026-10", None, "score"),
    (_bad(lambda p: p["data"]["children"].append(dict(p["data"]["children"][0]))), "2026-10", None, "H12.05"),
    (_bad(lambda p: [u.pop(k, None) for u in [p["data"]["parent"], *p["data"]["children"]]
                     for k in ("totalOnTime", "totalOverdue", "avgProcessingDays", "totalCompleted", "totalMaxScore",
                               "maxScore")]), "2026-10", None, "totalOnTime"),
    ({"code": "OK", "data": {"overview": {"departmentCode": "H12", "totalMaxScore": 18},
                             "evaluation": [{"departmentCode": "H12.05", "metrics": [{"code": "X1"}]}]}},
     "2026-10", None, "SO_HOA"),
    (TREE, "2026-10", "par", "portal766"),
])
def test_portal_refusals_name_what_was_expected_and_write_nothing(scored, tmp_path, payload, period, kind,
                                                                  reason_words):
    path = tmp_path / "bad.json"
    if isinstance(payload, str):
        path.write_text(payload, encoding="utf-8")
    else:
        write_json(path, payload)
    before = snapshot(scored)
    scores_before = table_rows(scored, "SELECT count(*) FROM portal766_scores")
    r = import_file(scored, path, kind=kind, period=period)
    assert r.status == "refused", r
    assert reason_words in r.message_vi and reason_words in r.message_en
    assert snapshot(scored) == before and table_rows(scored, "SELECT count(*) FROM portal766_scores") == scores_before
    assert table_rows(scored, "SELECT status FROM import_log ORDER BY import_id DESC LIMIT 1") == [("refused",)]


def test_portal766_kind_for_a_csv_is_refused(scored, tmp_path):
    r = import_par(scored, tmp_path, par_rows(2025, "H12.05", "Sở Tư pháp", [(4, 4), (6, 6), (80, 80)]),
                   kind="portal766")
    assert r.status == "refused" and "JSON" in r.message_vi


# ---- cli.py scores ---------------------------------------------------------------------------

def test_scores_par_ranks_ties_and_grades(score_db):
    out = json.loads(cli("--db", score_db, "scores", "--scheme", "par", "--period", "2025", "--json").stdout)
    got = {u["unit_code"]: (u["kind"], u["total"], u["rank"], u["grade"]) for u in out["units"]}
    assert got == {
        "H12.05": ("department", 90.0, 1, "Xuất sắc"), "H12.06": ("department", 90.0, 1, "Xuất sắc"),
        "H12.07": ("department", 65.0, 3, "Trung bình"),
        "H12.101": ("commune", 99.0, 1, "Xuất sắc"), "H12.102": ("commune", 42.0, 2, "Yếu"),
    }
    first = next(u for u in out["units"] if u["unit_code"] == "H12.05")
    assert first["previous_index"] == 80.0 and first["change"] == 10.0
    assert [(c["code"], c["final_points"]) for c in first["criteria"]] == [("1", 10.0), ("1.1", 4.0), ("1.2", 6.0),
                                                                           ("2", 80.0)]
    communes = json.loads(cli("--db", score_db, "scores", "--scheme", "par", "--period", "2025", "--kind", "commune",
                              "--json").stdout)
    assert [u["unit_code"] for u in communes["units"]] == ["H12.101", "H12.102"]
    banded = json.loads(cli("--db", score_db, "scores", "--scheme", "par", "--period", "2025", "--bands",
                            "95:A,60:B,0:C", "--json").stdout)
    assert {u["unit_code"]: u["grade"] for u in banded["units"]} == {
        "H12.05": "B", "H12.06": "B", "H12.07": "B", "H12.101": "A", "H12.102": "C"}


def test_scores_portal766_total_is_the_imported_groups(score_db):
    out = json.loads(cli("--db", score_db, "scores", "--scheme", "portal766", "--period", "2026-10", "--json").stdout)
    assert out["groups"] == ["progress", "digitization"]
    units = {u["unit_code"]: u for u in out["units"]}
    assert units["H12.101"]["groups"] == {"progress": 16.0, "digitization": 9.5}
    assert units["H12.101"]["total"] == 25.5
    assert units["H12.05"]["total"] == 34.42 and units["H12.05"]["rank"] == 1
    assert units["H12.60"]["total"] is None and units["H12.60"]["rank"] is None  # no score at all: no rank
    assert units["H12.150"]["missing_groups"] == ["digitization"]
    assert out["province"]["total"] == 29.66
    # communes rank among communes only, by the share of the maximum of the groups they were scored in:
    # H12.101 25.5 of 42 = 60.71 %, H12.150 20 of 20 (no digitization score) = 100 %: never 25.5 against 20
    assert (units["H12.101"]["max_total"], units["H12.101"]["score_share"]) == (42.0, 60.71)
    assert (units["H12.150"]["max_total"], units["H12.150"]["score_share"]) == (20.0, 100.0)
    assert (units["H12.101"]["rank"], units["H12.150"]["rank"]) == (2, 1)
    dept = json.loads(cli("--db", score_db, "scores", "--scheme", "portal766", "--period", "2026-10", "--kind",
                          "department", "--json").stdout)
    assert {u["kind"] for u in dept["units"]} == {"department"}


def test_scores_bad_arguments_fail_with_one_line(score_db):
    bad = cli("--db", score_db, "scores", "--scheme", "par", "--period", "2025-10", check=False)
    assert bad.returncode == 1 and "YYYY" in bad.stderr and len(bad.stderr.strip().splitlines()) == 1
    bad = cli("--db", score_db, "scores", "--scheme", "portal766", "--period", "tháng 10", check=False)
    assert bad.returncode == 1 and "YYYY-MM" in bad.stderr


def test_portal_import_is_atomic_when_writing_fails(scored, tmp_path):
    """A failure after the new units were added leaves the registry and the scores as they were."""
    scored.execute("DROP TABLE portal766_metrics")  # the evaluation file's metrics cannot be written
    before = snapshot(scored)
    r = import_file(scored, write_json(tmp_path / "e.json", EVALUATION), period="2026-10")
    assert r.status == "failed" and "portal766_metrics" in r.message_en
    assert snapshot(scored) == before
    assert table_rows(scored, "SELECT count(*) FROM portal766_scores") == [(0,)]
    assert table_rows(scored, "SELECT count(*) FROM units WHERE needs_review") == [(0,)]
    assert table_rows(scored, "SELECT kind, status FROM import_log ORDER BY import_id DESC LIMIT 1") == [
        ("portal766", "failed")]
