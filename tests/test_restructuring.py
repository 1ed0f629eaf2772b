"""The 2025 restructuring: counts of merged units roll up into their successors (trends and
rankings by current unit cross 1 July 2025 without a break); scores stay with the old unit."""
from __future__ import annotations

import datetime as dt
import json

import pytest

import queries
from tests.conftest import DOSSIER_HEADERS, cli, write_csv
from tests.province import d
from tests.score_files import PAR_HEADERS, par_rows

UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cha", "Hiệu lực từ", "Hiệu lực đến",
                "Mã đơn vị kế thừa"]
UNITS = [
    ["H99", "UBND tỉnh Thử", "province", "", "", "", ""],
    ["U1", "Sở Tư pháp", "department", "H99", "", "", ""],
    ["D1", "UBND huyện Cũ", "district", "H99", "", "30/06/2025", "N1"],
    ["A1", "UBND xã Cũ Một", "commune", "D1", "", "30/06/2025", "N1"],
    ["A2", "UBND xã Cũ Hai", "commune", "D1", "", "30/06/2025", "B1"],
    ["B1", "UBND xã Trung Gian", "commune", "D1", "", "30/06/2025", "N1"],  # a chain: A2 → B1 → N1
    ["N1", "UBND phường Mới", "commune", "H99", "01/07/2025", "", ""],
    ["N2", "UBND xã Khác", "commune", "H99", "01/07/2025", "", ""],
]
PROCS = [["1.000001", "Đăng ký khai sinh", "Hộ tịch", "Toàn trình"]]
DOSSIERS = [
    # June 2025, before the merger: two old communes and the old district
    d("J1", "1.000001", "A1", "Trực tuyến", "02/06/2025 08:00", "05/06/2025", "04/06/2025 08:00", 10),
    d("J2", "1.000001", "A2", "Trực tiếp", "03/06/2025 08:00", "05/06/2025", "09/06/2025 08:00", 10),
    d("J3", "1.000001", "D1", "Trực tiếp", "04/06/2025 08:00", "10/06/2025", "06/06/2025 08:00", 10),
    # pending at the old commune across the merger, resolved in July
    d("J4", "1.000001", "A1", "Trực tiếp", "25/06/2025 08:00", "10/07/2025", "08/07/2025 08:00", 10),
    # July 2025: the new communes
    d("K1", "1.000001", "N1", "Trực tuyến", "02/07/2025 08:00", "05/07/2025", "04/07/2025 08:00", 10),
    d("K2", "1.000001", "N2", "Trực tiếp", "02/07/2025 08:00", "05/07/2025", "09/07/2025 08:00", 10),
    d("K3", "1.000001", "U1", "Trực tiếp", "02/07/2025 08:00", "05/07/2025", "04/07/2025 08:00", 10),
]
JUNE = (dt.date(2025, 6, 1), dt.date(2025, 6, 30))
JULY = (dt.date(2025, 7, 1), dt.date(2025, 7, 31))


@pytest.fixture(scope="module")
def merged(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("merged")
    db = tmp / "merged.duckdb"
    cli("--db", db, "--create", "import", write_csv(tmp / "u.csv", UNITS, UNIT_HEADERS))
    cli("--db", db, "import", write_csv(tmp / "p.csv", PROCS, ["Mã TTHC", "Tên TTHC", "Lĩnh vực", "Mức độ"]))
    cli("--db", db, "import", write_csv(tmp / "d.csv", DOSSIERS, DOSSIER_HEADERS))
    par = (par_rows(2024, "A1", "UBND xã Cũ Một", [(4, 4), (6, 6), (90, 70)])
           + par_rows(2025, "N1", "UBND phường Mới", [(4, 4), (6, 6), (90, 80)]))
    cli("--db", db, "import", write_csv(tmp / "par.csv", par, PAR_HEADERS))
    return db


def test_old_counts_land_in_the_successor(merged):
    june = json.loads(cli("--db", merged, "kpis", "--from", "2025-06-01", "--to", "2025-06-30", "--unit", "N1",
                          "--json").stdout)
    # J1 (A1), J2 (A2 via B1) and J3 (the district) are N1's now; J4 is pending at the end of June
    assert june["received"] == 4 and june["resolved"] == 3
    assert (june["resolved_on_time"], june["resolved_late"]) == (2, 1)
    assert (june["pending_within"], june["pending_overdue"]) == (1, 0)
    july = json.loads(cli("--db", merged, "kpis", "--from", "2025-07-01", "--to", "2025-07-31", "--unit", "N1",
                          "--json").stdout)
    assert july["received"] == 1 and july["resolved"] == 2 and july["resolved_on_time"] == 2  # K1 and J4
    # The province's figure is unchanged by the roll-up: every dossier counted once.
    whole = json.loads(cli("--db", merged, "kpis", "--from", "2025-06-01", "--to", "2025-07-31", "--json").stdout)
    assert whole["received"] == 7


def test_rankings_list_current_units_only(merged):
    out = json.loads(cli("--db", merged, "ranking", "--metric", "on_time_rate", "--from", "2025-06-01", "--to",
                         "2025-06-30", "--kind", "commune", "--json").stdout)
    codes = [u["unit_code"] for u in out["units"]]
    assert codes[0] == "N1" and set(codes) == {"N1", "N2"}
    assert out["units"][0]["counts"]["resolved"] == 3


def test_trend_of_a_current_unit_crosses_the_merger(merged):
    import warehouse

    with warehouse.session(merged, read_only=True) as con:
        trend = queries.monthly_trend(con, JUNE[0], JULY[1], unit="N1")
        assert list(trend["received"]) == [4, 1]
        assert list(trend["resolved"]) == [3, 2]
        # the dossiers behind the figure include the old units' ones
        listed = queries.dossier_list(con, *JUNE, unit="N1")
        assert set(listed["dossier_code"]) == {"J1", "J2", "J3", "J4"}
        by_proc = queries.procedure_counts(con, *JUNE, unit="N1")
        assert int(by_proc["received"].sum()) == 4
        # the map of June shows the old units with their own counts
        old = queries.unit_counts_as_recorded(con, *JUNE, kind="commune")
        got = dict(zip(old["unit_code"], old["received"]))
        assert got["A1"] == 2 and got["A2"] == 1 and "N1" not in got


def test_scores_stay_with_the_old_unit_and_link_to_the_successor(merged):
    y2024 = json.loads(cli("--db", merged, "scores", "--scheme", "par", "--period", "2024", "--json").stdout)
    assert [(u["unit_code"], u["successor_code"], u["total"]) for u in y2024["units"]] == [("A1", "N1", 80.0)]
    y2025 = json.loads(cli("--db", merged, "scores", "--scheme", "par", "--period", "2025", "--json").stdout)
    n1 = y2025["units"][0]
    assert n1["unit_code"] == "N1" and n1["total"] == 90.0
    assert n1["previous_index"] is None and n1["change"] is None  # A1's 2024 index is not N1's


def test_demo_rolls_old_communes_into_current_ones(tmp_path):
    import warehouse
    from sample_data.load import load_demo

    with warehouse.session(tmp_path / "demo.duckdb") as con:
        load_demo(con, n_dossiers=20_000)
        june = queries.kpis(con, *JUNE, kind="commune")
        recorded = con.execute(
            "SELECT count(*) FROM dossiers d JOIN units u USING (unit_code) WHERE u.kind = 'commune'"
            " AND d.status NOT IN (1, 3) AND CAST(d.received_at AS DATE) BETWEEN ? AND ?", list(JUNE)).fetchall()[0][0]
        assert june["received"] == recorded > 0
        ranked = queries.ranking(con, "on_time_rate", *JUNE, kind="commune")
        assert len(ranked) == 65 and ranked["unit_code"].isin(
            [c for (c,) in con.execute("SELECT unit_code FROM units WHERE valid_to IS NULL").fetchall()]).all()
        # demo scores: PAR of 2024 sits with old communes, 2025 with current ones
        kinds = dict(con.execute("SELECT year, count(DISTINCT unit_code) FILTER (WHERE u.valid_to IS NOT NULL)"
                                 " FROM par_scores JOIN units u USING (unit_code) GROUP BY 1").fetchall())
        assert kinds[2024] > 100 and kinds[2025] == 0
        assert con.execute("SELECT count(DISTINCT period) FROM portal766_scores").fetchall()[0][0] >= 6
