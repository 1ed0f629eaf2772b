"""Tests of the demo-data generator (sample_data/) on real generated data."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pytest

from sample_data import dossiers
from sample_data.dossiers import DEMO_END, demo_tables
from sample_data.export import EXPORT_HEADERS, write_dossier_export

REPO = Path(__file__).resolve().parents[1]
AS_OF = dt.datetime.combine(DEMO_END, dt.time(23, 59, 59))

EXPECTED_COLUMNS = {
    "units": [
        ("unit_code", "VARCHAR"), ("unit_name", "VARCHAR"), ("kind", "VARCHAR"),
        ("parent_code", "VARCHAR"), ("admin_code", "VARCHAR"), ("lat", "DOUBLE"),
        ("lon", "DOUBLE"), ("valid_from", "DATE"), ("valid_to", "DATE"),
        ("successor_code", "VARCHAR"),
    ],
    "procedures": [
        ("procedure_code", "VARCHAR"), ("procedure_name", "VARCHAR"), ("field_name", "VARCHAR"),
        ("online_level", "VARCHAR"), ("fee_required", "BOOLEAN"),
        ("paper_result_required", "BOOLEAN"),
    ],
    "dossiers": [
        ("dossier_code", "VARCHAR"), ("procedure_code", "VARCHAR"),
        ("procedure_code_raw", "VARCHAR"), ("procedure_name", "VARCHAR"),
        ("field_code", "VARCHAR"), ("field_name", "VARCHAR"), ("unit_code", "VARCHAR"),
        ("unit_name", "VARCHAR"), ("channel", "VARCHAR"), ("service_level", "VARCHAR"),
        ("received_at", "TIMESTAMP"), ("due_at", "TIMESTAMP"), ("completed_at", "TIMESTAMP"),
        ("returned_at", "TIMESTAMP"), ("status", "SMALLINT"), ("digitized", "BOOLEAN"),
        ("result_digitized", "BOOLEAN"), ("reused", "BOOLEAN"), ("fee_required", "BOOLEAN"),
        ("paid_online", "BOOLEAN"), ("apology", "BOOLEAN"), ("rating", "DOUBLE"),
    ],
    "targets": [("metric", "VARCHAR"), ("year", "INTEGER"), ("scope", "VARCHAR"),
                ("value", "DOUBLE")],
}

# A dossier's deadline: a due_at at exactly 00:00 means the end of that day (docs/definitions.md, "Metrics").
DEADLINE = ("CASE WHEN due_at = date_trunc('day', due_at)"
            " THEN due_at + INTERVAL 1 DAY - INTERVAL 1 SECOND ELSE due_at END")
END_AT = "coalesce(completed_at, returned_at)"


@pytest.fixture(scope="module")
def demo() -> dict[str, pa.Table]:
    return demo_tables()  # default arguments: what the dashboard's demo mode loads


@pytest.fixture(scope="module")
def con(demo) -> duckdb.DuckDBPyConnection:
    """The demo tables inserted into DuckDB tables, plus a view with each dossier's deadline."""
    con = duckdb.connect()
    for name, table in demo.items():
        con.register(f"{name}_arrow", table)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM {name}_arrow")
    con.execute(f"CREATE VIEW d AS SELECT *, {DEADLINE} AS deadline, {END_AT} AS end_at,"
                " strftime(received_at, '%Y-%m') AS month FROM dossiers")
    return con


def one(con, sql: str):
    return con.execute(sql).fetchone()[0]


# ---- determinism and schema -------------------------------------------------------


def test_same_seed_same_tables_other_seed_other_dossiers():
    a, b, c = demo_tables(4000, seed=3), demo_tables(4000, seed=3), demo_tables(4000, seed=4)
    for name in a:
        assert a[name].equals(b[name]), name
    assert not a["dossiers"].equals(c["dossiers"])
    assert a["units"].equals(c["units"]) and a["procedures"].equals(c["procedures"])


def test_columns_and_types_exactly(demo, con):
    for name, expected in EXPECTED_COLUMNS.items():
        assert demo[name].column_names == [c for c, _ in expected], name
        described = con.execute(f"DESCRIBE {name}").fetchall()
        assert [(r[0], r[1]) for r in described] == expected, name
    assert demo["dossiers"].num_rows == 240_000


def test_months_argument_moves_the_window():
    d = demo_tables(2000, seed=1, months=3)["dossiers"]
    first = min(d["received_at"].to_pylist())
    assert first >= dt.datetime(2026, 8, 1) and max(d["received_at"].to_pylist()) <= AS_OF


# ---- registry ----------------------------------------------------------------------


def test_units_are_the_real_province(con):
    kinds = dict(con.execute("SELECT kind, count(*) FROM units GROUP BY 1").fetchall())
    assert kinds.keys() == {"province", "department", "center", "commune", "district"}  # districts: before 7/2025
    assert kinds["province"] == 1 and kinds["center"] == 1
    assert 18 <= kinds["department"] <= 22
    assert one(con, "SELECT count(DISTINCT unit_code) = count(*) FROM units")
    assert one(con, "SELECT count(*) FROM units WHERE parent_code IS NOT NULL"
                    " AND parent_code NOT IN (SELECT unit_code FROM units)") == 0
    province = con.execute("SELECT unit_code, unit_name, admin_code FROM units"
                           " WHERE kind = 'province'").fetchone()
    assert re.fullmatch(r"H\d{2}", province[0]) and province[1] == "UBND tỉnh Khánh Hòa"
    assert one(con, f"SELECT count(*) FROM units WHERE kind <> 'province'"
                    f" AND NOT regexp_full_match(unit_code, '{province[0]}\\.\\d{{2,3}}')") == 0

    # Communes are exactly the package's post-2025 wards, with their names and places.
    package = Path(importlib.util.find_spec("vietnamadminunits").origin).parent
    with sqlite3.connect(f"file:{package / 'data' / 'dataset.db'}?mode=ro", uri=True) as db:
        wards = db.execute("SELECT wardCode, wardType, wardShort, wardLat, wardLon FROM admin_units"
                           " WHERE provinceCode = ? ORDER BY wardCode", (province[2],)).fetchall()
    communes = con.execute("SELECT admin_code, unit_name, lat, lon FROM units"
                           " WHERE kind = 'commune' AND valid_to IS NULL ORDER BY unit_code").fetchall()
    assert 60 <= len(communes) <= 130
    assert [c[0] for c in communes] == [w[0] for w in wards]
    assert [c[1] for c in communes] == [f"UBND {w[1].lower()} {w[2]}" for w in wards]
    assert [c[2:] for c in communes] == [w[3:] for w in wards]
    # Current communes exist from 1 July 2025; agencies and the province have no dates.
    assert one(con, "SELECT count(*) FROM units WHERE valid_to IS NULL AND kind = 'commune'"
                    " AND valid_from <> DATE '2025-07-01'") == 0
    assert one(con, "SELECT count(*) FROM units WHERE kind IN ('province', 'department', 'center')"
                    " AND (valid_from IS NOT NULL OR valid_to IS NOT NULL OR successor_code IS NOT NULL)") == 0


def test_units_before_the_2025_merger_follow_the_package_mapping(con):
    """Old communes and districts end on 30 June 2025 and name a current commune as successor,
    as the package's converter maps them; dossiers before the merger sit with old communes."""
    from vietnamadminunits import convert_address

    old = con.execute("SELECT u.unit_code, u.unit_name, u.kind, u.successor_code, s.unit_name, u.valid_to,"
                      " s.valid_to, s.kind FROM units u JOIN units s ON s.unit_code = u.successor_code").fetchall()
    assert len(old) > 150 and {o[2] for o in old} == {"commune", "district"}
    assert all(o[5] == dt.date(2025, 6, 30) and o[6] is None and o[7] == "commune" for o in old)
    assert one(con, "SELECT count(*) FROM units WHERE successor_code IS NOT NULL AND valid_to IS NULL") == 0
    # Spot-check against the package's own converter: Phường Vĩnh Hòa, Nha Trang → Bắc Nha Trang.
    vinh_hoa = next(o for o in old if o[1].startswith("UBND phường Vĩnh Hòa ("))
    converted = convert_address("Phường Vĩnh Hòa, Thành phố Nha Trang, Tỉnh Khánh Hòa")
    assert vinh_hoa[4].endswith(converted.short_ward)
    assert one(con, "SELECT count(*) FROM d JOIN units u USING (unit_code) WHERE u.kind = 'commune'"
                    " AND u.valid_to IS NULL AND received_at < DATE '2025-07-01'") == 0
    assert one(con, "SELECT count(*) FROM d JOIN units u USING (unit_code)"
                    " WHERE u.valid_to IS NOT NULL AND received_at >= DATE '2025-07-01'") == 0
    assert one(con, "SELECT count(*) FROM d JOIN units u USING (unit_code)"
                    " WHERE u.valid_to IS NOT NULL") > 10_000


def test_procedure_catalogue(con):
    n = one(con, "SELECT count(*) FROM procedures")
    assert 300 <= n <= 500
    assert one(con, "SELECT count(DISTINCT procedure_code) FROM procedures") == n
    assert one(con, "SELECT count(DISTINCT procedure_name) FROM procedures") == n
    assert one(con, "SELECT count(*) FROM procedures"
                    " WHERE NOT regexp_full_match(procedure_code, '[12]\\.\\d{6}')") == 0
    shares = dict(con.execute("SELECT online_level, count(*) / sum(count(*)) OVER ()"
                              " FROM procedures GROUP BY 1").fetchall())
    assert 0.35 <= shares["full"] <= 0.60 and 0.25 <= shares["partial"] <= 0.45
    assert 0.08 <= shares["none"] <= 0.30
    fields = {r[0] for r in con.execute("SELECT DISTINCT field_name FROM procedures").fetchall()}
    assert {"Hộ tịch", "Chứng thực", "Đất đai", "Xây dựng", "Lý lịch tư pháp",
            "Bảo trợ xã hội", "Thành lập và hoạt động doanh nghiệp"} <= fields
    assert one(con, "SELECT count(*) FROM procedures WHERE procedure_name = 'Đăng ký khai sinh'")


def test_fields_go_to_the_right_units(con):
    rows = dict(con.execute(
        "SELECT field_name, list(DISTINCT u.kind) FROM d JOIN units u USING (unit_code)"
        " WHERE field_name IN ('Hộ tịch', 'Chứng thực', 'Lý lịch tư pháp') GROUP BY 1").fetchall())
    assert rows["Hộ tịch"] == ["commune"] and rows["Chứng thực"] == ["commune"]
    assert one(con, "SELECT list(DISTINCT unit_name) FROM d"
                    " WHERE field_name = 'Lý lịch tư pháp'") == ["Sở Tư pháp"]


def test_targets(con):
    years = [r[0] for r in con.execute(
        "SELECT DISTINCT year(received_at) FROM dossiers ORDER BY 1").fetchall()]
    got = con.execute("SELECT metric, list(year ORDER BY year), min(value), max(value)"
                      " FROM targets WHERE scope = 'all' GROUP BY 1").fetchall()
    assert {g[0] for g in got} == set(dossiers.TARGET_DEFAULTS)
    for metric, target_years, low, high in got:
        assert target_years == years, metric
        assert 30 <= low <= high <= 100, metric


# ---- dossiers: the rules the importer enforces ---------------------------------------


def test_codes_and_references(con):
    assert one(con, "SELECT count(DISTINCT dossier_code) FROM dossiers") == 240_000
    assert one(con, "SELECT count(*) FROM dossiers WHERE NOT regexp_full_match(dossier_code,"
                    " '000\\.00\\.\\d{2,3}\\.H\\d{2}-\\d{6}-\\d{4}')") == 0
    # The code carries the receiving unit and the receipt date.
    assert one(con, "SELECT count(*) FROM dossiers WHERE split_part(dossier_code, '-', 2)"
                    " <> strftime(received_at, '%y%m%d') OR split_part(split_part(dossier_code,"
                    " '-', 1), '.', 3) <> split_part(unit_code, '.', 2)") == 0
    assert one(con, "SELECT count(*) FROM dossiers WHERE procedure_code_raw <> procedure_code"
                    " AND NOT starts_with(procedure_code_raw, procedure_code || '.')") == 0
    suffixed = one(con, "SELECT avg((procedure_code_raw <> procedure_code)::INT) FROM dossiers")
    assert 0.1 <= suffixed <= 0.6
    assert one(con, "SELECT count(*) FROM dossiers d LEFT JOIN procedures p USING (procedure_code)"
                    " WHERE p.procedure_name IS DISTINCT FROM d.procedure_name"
                    " OR p.field_name IS DISTINCT FROM d.field_name") == 0
    assert one(con, "SELECT count(*) FROM dossiers d LEFT JOIN units u USING (unit_code)"
                    " WHERE u.unit_name IS DISTINCT FROM d.unit_name"
                    " OR u.kind NOT IN ('department', 'commune')") == 0
    assert one(con, "SELECT count(*) FROM dossiers WHERE channel NOT IN ('direct', 'online',"
                    " 'postal') OR service_level NOT IN ('full', 'partial', 'none')") == 0
    assert 0 < one(con, "SELECT avg((service_level IS NOT NULL)::INT) FROM dossiers") < 0.1


def test_timestamps_obey_the_import_rules(con):
    start = dossiers.window_start(28)
    assert one(con, "SELECT count(*) FROM dossiers WHERE received_at IS NULL") == 0
    assert one(con, f"SELECT min(received_at) >= DATE '{start}'"
                    f" AND max(received_at) <= TIMESTAMP '{AS_OF}' FROM dossiers")
    assert one(con, "SELECT count(*) FROM dossiers WHERE status NOT BETWEEN 1 AND 10") == 0
    assert one(con, "SELECT count(*) FROM dossiers WHERE status IN (8, 9, 10)"
                    " AND completed_at IS NULL") == 0
    assert one(con, "SELECT count(*) FROM dossiers WHERE status = 10 AND returned_at IS NULL") == 0
    assert one(con, "SELECT count(*) FROM dossiers WHERE status = 9 AND returned_at IS NOT NULL") == 0
    assert one(con, "SELECT count(*) FROM dossiers WHERE returned_at < completed_at") == 0
    assert one(con, "SELECT count(*) FROM dossiers WHERE completed_at < received_at") == 0
    assert one(con, "SELECT count(*) FROM dossiers WHERE due_at::DATE < received_at::DATE") == 0
    assert one(con, "SELECT count(*) FROM dossiers WHERE status IN (1, 2, 3, 4, 5, 6)"
                    " AND (completed_at IS NOT NULL OR returned_at IS NOT NULL)") == 0
    assert one(con, f"SELECT count(*) FROM dossiers WHERE greatest(completed_at, returned_at)"
                    f" > TIMESTAMP '{AS_OF}'") == 0


def test_receipts_in_office_hours_on_weekdays(con):
    assert one(con, "SELECT avg((isodow(received_at) <= 5)::INT) FROM dossiers") > 0.95
    in_hours = one(con, "SELECT avg((hour(received_at) BETWEEN 7 AND 16)::INT) FROM dossiers")
    assert 0.85 < in_hours < 1.0  # online dossiers may arrive in the evening


def test_due_dates_mostly_bare_some_timed_few_missing(con):
    missing = one(con, "SELECT avg((due_at IS NULL)::INT) FROM dossiers")
    timed = one(con, "SELECT avg((due_at <> date_trunc('day', due_at))::INT) FROM dossiers")
    assert 0.002 <= missing <= 0.01 and 0.05 <= timed <= 0.25
    # Processing time is per procedure: 1 to 20 working days, so at most ~4 weeks + Tết.
    assert one(con, "SELECT max(date_diff('day', received_at::DATE, due_at::DATE)) FROM dossiers") <= 40
    assert one(con, "SELECT min(date_diff('day', received_at::DATE, due_at::DATE)) FROM dossiers") >= 1


def test_pending_only_near_the_end_plus_stragglers(con):
    recent = f"TIMESTAMP '{AS_OF}' - INTERVAL 62 DAY"
    pending = one(con, "SELECT count(*) FROM dossiers WHERE status IN (2, 4, 5, 6)")
    old = one(con, f"SELECT count(*) FROM dossiers WHERE status IN (2, 4, 5, 6) AND received_at < {recent}")
    assert pending > 500
    assert 0 < old < 0.25 * pending
    # The old ones are overdue stragglers.
    assert one(con, f"SELECT count(*) FROM d WHERE status IN (2, 4, 5, 6) AND received_at < {recent}"
                    f" AND deadline >= TIMESTAMP '{AS_OF}'") == 0
    assert one(con, f"SELECT count(*) FROM dossiers WHERE status IN (1, 2) AND received_at < {recent}") == 0


def test_withdrawn_and_not_accepted_everywhere(con):
    months = one(con, "SELECT count(DISTINCT month) FROM d")
    assert months >= 24
    for status in (3, 7):
        assert one(con, f"SELECT count(DISTINCT month) FROM d WHERE status = {status}") == months
        assert 0.002 < one(con, f"SELECT avg((status = {status})::INT) FROM d") < 0.03


def test_apology_only_on_late_and_for_most_of_them(con):
    assert one(con, "SELECT count(*) FROM d WHERE apology AND NOT coalesce(end_at > deadline, false)") == 0
    late, with_apology = con.execute(
        "SELECT count(*), sum(apology::INT) FROM d WHERE status IN (8, 9, 10) AND end_at > deadline"
    ).fetchone()
    assert late > 1000 and 0.45 <= with_apology / late <= 0.75


def test_flags_are_consistent(con):
    assert one(con, "SELECT count(*) FROM dossiers WHERE paid_online AND NOT fee_required") == 0
    assert one(con, "SELECT count(*) FROM dossiers WHERE result_digitized AND status NOT IN (9, 10)") == 0
    assert one(con, "SELECT count(*) FROM dossiers WHERE rating IS NOT NULL"
                    " AND (status NOT IN (8, 9, 10) OR rating NOT BETWEEN 1 AND 5)") == 0
    assert 0.02 < one(con, "SELECT avg((rating IS NOT NULL)::INT) FROM dossiers") < 0.2


# ---- dossiers: realism ----------------------------------------------------------------


def monthly(con, expr: str, where: str = "true") -> dict[str, float]:
    return dict(con.execute(f"SELECT month, {expr} FROM d WHERE {where} GROUP BY 1 ORDER BY 1").fetchall())


def test_seasonality_tet_dip_and_year_end_peak(con):
    counts = monthly(con, "count(*)")
    for year in ("2025", "2026"):
        year_counts = [v for m, v in counts.items() if m.startswith(year)]
        mean = sum(year_counts) / len(year_counts)
        assert counts[f"{year}-02"] < 0.85 * mean, year
    mean_2025 = sum(v for m, v in counts.items() if m.startswith("2025")) / 12
    q4_2025 = (counts["2025-10"] + counts["2025-11"] + counts["2025-12"]) / 3
    assert q4_2025 > 1.1 * mean_2025


def test_improving_trends(con):
    months = sorted(monthly(con, "count(*)"))
    first, last = months[:3], months[-3:]

    def share(expr: str, among: str, span: list[str]) -> float:
        span_sql = ", ".join(f"'{m}'" for m in span)
        return one(con, f"SELECT avg(({expr})::INT) FROM d WHERE {among} AND month IN ({span_sql})")

    online_first, online_last = share("channel = 'online'", "true", first), share("channel = 'online'", "true", last)
    assert 0.28 <= online_first <= 0.42 and 0.60 <= online_last <= 0.78
    assert share("digitized", "true", last) > share("digitized", "true", first) + 0.3
    assert share("paid_online", "fee_required", last) > share("paid_online", "fee_required", first) + 0.3
    assert share("reused", "true", last) > share("reused", "true", first) + 0.3
    postal = one(con, "SELECT avg((channel = 'postal')::INT) FROM d")
    assert 0.02 <= postal <= 0.05
    resolved = "status IN (8, 9, 10) AND due_at IS NOT NULL"
    on_time_first = share("end_at <= deadline", resolved, months[:6])
    on_time_late = share("end_at <= deadline", resolved, months[-7:-1])
    assert on_time_late > on_time_first + 0.005
    assert 0.95 < on_time_first < 0.99


def test_units_differ(con):
    late = dict(con.execute(
        "SELECT unit_code, avg((end_at > deadline)::INT) FROM d JOIN units u USING (unit_code)"
        " WHERE u.kind = 'department' AND status IN (8, 9, 10) AND due_at IS NOT NULL"
        " GROUP BY 1").fetchall())
    assert sum(0.05 <= v <= 0.10 for v in late.values()) >= 2
    assert sum(v < 0.02 for v in late.values()) > len(late) / 2
    volumes = [r[0] for r in con.execute(
        "SELECT count(*) FROM d JOIN units u USING (unit_code) WHERE u.kind = 'commune'"
        " AND u.unit_name NOT LIKE '%đặc khu%' GROUP BY unit_code").fetchall()]
    assert len(volumes) >= 60 and max(volumes) > 8 * min(volumes)
    assert 0.5 < one(con, "SELECT avg((u.kind = 'commune')::INT) FROM d JOIN units u USING (unit_code)") < 0.75


# ---- export file ------------------------------------------------------------------------


def read_export(path: Path, skip: int) -> duckdb.DuckDBPyRelation:
    return duckdb.read_csv(str(path), skiprows=skip, header=True, all_varchar=True)


def test_messy_csv_export_reads_back(tmp_path):
    path = tmp_path / "export.csv"
    write_dossier_export(path, 3000, seed=7)
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("UBND TỈNH KHÁNH HÒA") and lines[1].startswith("BÁO CÁO CHI TIẾT")
    assert lines[2] == "" and lines[3] == ",".join(EXPORT_HEADERS)
    assert lines[-1].strip(",").startswith("Người lập biểu")

    rel = read_export(path, skip=3)
    assert rel.columns == EXPORT_HEADERS
    rows = rel.fetchall()
    data = [r for r in rows if r[0] and r[0].startswith("000.")]
    totals = [r for r in rows if r[0] and r[0].startswith("Tổng cộng")]
    assert len(data) == 3000 and len(totals) == 1 and "3.000" in totals[0][0]
    # Same n and seed: the export holds exactly the dossiers demo_tables returns.
    expected = demo_tables(3000, seed=7)
    assert [r[0] for r in data] == expected["dossiers"]["dossier_code"].to_pylist()
    units = set(expected["units"]["unit_code"].to_pylist())
    assert {r[4] for r in data} <= units
    # Values as the province system writes them.
    for r in data[:500]:
        dt.datetime.strptime(r[8], "%d/%m/%Y %H:%M:%S")
        if r[9]:
            dt.datetime.strptime(r[9], "%d/%m/%Y" if len(r[9]) == 10 else "%d/%m/%Y %H:%M:%S")
        assert r[6] in ("Trực tiếp", "Trực tuyến", "Bưu chính")
        assert r[7] in (None, "Toàn trình", "Một phần")
        assert 1 <= int(r[12]) <= 10 and r[13] in ("Có", "Không") and r[17] in ("0", "1")


def test_clean_export_in_several_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(dossiers, "BATCH_ROWS", 700)
    path = tmp_path / "clean.csv"
    write_dossier_export(path, 2000, seed=11, messy=False)
    rel = read_export(path, skip=0)
    n, distinct = duckdb.sql('SELECT count(*), count(DISTINCT "Mã hồ sơ") FROM rel').fetchall()[0]
    assert n == distinct == 2000


def test_xlsx_export(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    path = tmp_path / "export.xlsx"
    write_dossier_export(path, 200, seed=5, fmt="xlsx")
    rows = list(openpyxl.load_workbook(path, read_only=True).worksheets[0].iter_rows(values_only=True))
    assert list(rows[3]) == EXPORT_HEADERS
    data = [r for r in rows[4:] if r and r[0] and str(r[0]).startswith("000.")]
    assert len(data) == 200 and isinstance(data[0][8], dt.datetime)
    assert any(r and str(r[0]).startswith("Tổng cộng") for r in rows[-3:])


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError):
        write_dossier_export(tmp_path / "x.json", 10, fmt="json")


def test_command_line(tmp_path):
    path = tmp_path / "cli.csv"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    done = subprocess.run([sys.executable, "-m", "sample_data.export", "--export", str(path),
                           "--n", "300", "--clean"], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "RuntimeWarning" not in done.stderr
    assert len(path.read_text(encoding="utf-8").splitlines()) == 301
