"""`python cli.py` as a scheduler runs it: a real process, a real database file."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

import queries
import warehouse
from tests.conftest import ROOT, cli, write_csv
from tests.province import DOSSIERS, EXPECTED, OCT, PROCEDURES, UNITS
from tests.conftest import DOSSIER_HEADERS


@pytest.fixture
def province_db(tmp_path):
    db = tmp_path / "cli.duckdb"
    units = write_csv(tmp_path / "units.csv", UNITS, ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cha",
                                                      "Mã hành chính"])
    procs = write_csv(tmp_path / "procs.csv", PROCEDURES, ["Mã TTHC", "Tên TTHC", "Lĩnh vực", "Mức độ"])
    dossiers = write_csv(tmp_path / "dossiers.csv", DOSSIERS, DOSSIER_HEADERS, delimiter=";",
                         title_lines=["UBND TỈNH THỬ", "BÁO CÁO HỒ SƠ"], footer_lines=["Tổng cộng;;;13"])
    cli("--db", db, "--create", "import", units)
    cli("--db", db, "import", procs, "--kind", "procedures")
    out = cli("--db", db, "import", dossiers).stdout
    assert "nhập mới 13" in out and "bỏ qua 1" in out and "imported 13" in out
    return db


def test_kpis_json_gives_the_spec_figures(province_db):
    out = json.loads(cli("--db", province_db, "kpis", "--from", "2026-10-01", "--to", "2026-10-31", "--json").stdout)
    for name, expected in EXPECTED.items():
        assert out[name] == expected, name
    assert out["from"] == "2026-10-01" and out["demo"] is False


def test_kpis_for_one_unit_equals_the_engine(province_db):
    out = json.loads(cli("--db", province_db, "kpis", "--from", "2026-10-01", "--to", "2026-10-31", "--unit", "U1",
                         "--json").stdout)
    con = warehouse.connect(province_db)
    assert {k: out[k] for k in EXPECTED} == {k: v for k, v in queries.kpis(con, *OCT, unit="U1").items()
                                             if k in EXPECTED}


def test_ranking_json(province_db):
    out = json.loads(cli("--db", province_db, "ranking", "--metric", "online_rate", "--from", "2026-10-01", "--to",
                         "2026-10-31", "--json").stdout)
    assert [(u["rank"], u["unit_code"], u["value"]) for u in out["units"]] == [(1, "U2", 40.0), (2, "U1", 20.0)]
    assert out["units"][0]["numerator"] == 2 and out["units"][0]["denominator"] == 5
    assert out["units"][0]["counts"]["received"] == 5
    out = json.loads(cli("--db", province_db, "ranking", "--metric", "on_time_rate", "--from", "2026-10-01", "--to",
                         "2026-10-31", "--kind", "commune", "--json").stdout)
    assert [u["unit_code"] for u in out["units"]] == ["U2"] and out["units"][0]["rank"] is None


def test_strict_import_of_a_bad_file_fails_with_one_line_and_writes_nothing(province_db, tmp_path):
    bad = write_csv(tmp_path / "bad.csv", [DOSSIERS[0][:8] + ["31/02/2026"] + DOSSIERS[0][9:]], DOSSIER_HEADERS)
    proc = cli("--db", province_db, "import", bad, "--strict", check=False)
    assert proc.returncode == 1
    assert len(proc.stderr.strip().splitlines()) == 1 and "nghiêm ngặt" in proc.stderr and "Strict" in proc.stderr


def test_errors_are_one_line_and_non_zero(tmp_path):
    proc = cli("--db", tmp_path / "none.duckdb", "kpis", "--from", "2026-10-01", "--to", "2026-10-31", check=False)
    assert proc.returncode == 1 and len(proc.stderr.strip().splitlines()) == 1
    proc = cli("--db", tmp_path / "x.duckdb", "--create", "import", tmp_path / "missing.csv", check=False)
    assert proc.returncode == 1 and "Không đọc được" in proc.stderr
    proc = cli("kpis", "--from", "2026-13-01", "--to", "2026-10-31", check=False)
    assert proc.returncode == 2


def test_unknown_metric_and_unit(province_db):
    proc = cli("--db", province_db, "ranking", "--metric", "bogus", "--from", "2026-10-01", "--to", "2026-10-31",
               check=False)
    assert proc.returncode == 1 and "bogus" in proc.stderr
    proc = cli("--db", province_db, "kpis", "--from", "2026-10-01", "--to", "2026-10-31", "--unit", "NOPE",
               check=False)
    assert proc.returncode == 1 and "NOPE" in proc.stderr


def test_cli_never_imports_streamlit(province_db):
    code = (
        "import sys, cli; cli.main(['--db', sys.argv[1], 'kpis', '--from', '2026-10-01', '--to', '2026-10-31', "
        "'--json']); assert 'streamlit' not in sys.modules, 'streamlit imported'"
    )
    proc = subprocess.run([sys.executable, "-c", code, str(province_db)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr


def test_db_from_environment_variable(province_db):
    import os

    env = dict(os.environ, CCHC_DB=str(province_db))
    proc = subprocess.run([sys.executable, "cli.py", "kpis", "--from", "2026-10-01", "--to", "2026-10-31", "--json"],
                          capture_output=True, text=True, cwd=ROOT, env=env)
    assert proc.returncode == 0 and json.loads(proc.stdout)["received"] == EXPECTED["received"]
