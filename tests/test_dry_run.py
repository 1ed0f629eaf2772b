"""A preview never writes: the dry run of every import kind, on a database holding data and on
the demo, leaves every table exactly as it was; `cli.py import --dry-run` gives the same report."""
from __future__ import annotations

import json

import pytest

import warehouse
from data_loaders import import_file
from tests.conftest import DOSSIER_HEADERS, cli, write_csv
from tests.province import DOSSIERS, PROCEDURES, UNITS
from tests.score_files import EVALUATION, PAR_HEADERS, TREE, par_rows, write_json

UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cha", "Mã hành chính"]
PROCEDURE_HEADERS = ["Mã TTHC", "Tên TTHC", "Lĩnh vực", "Mức độ"]
TARGET_HEADERS = ["Chỉ tiêu", "Năm", "Phạm vi", "Giá trị"]


def checksums(con) -> dict:
    """Row count and a content hash of every table in the warehouse (not only the data tables)."""
    tables = [t for (t,) in con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT temporary ORDER BY 1").fetchall()]
    assert "dossiers" in tables and "import_log" in tables and "par_scores" in tables
    return {t: con.execute(f'SELECT count(*), coalesce(sum(hash(x)), 0) FROM "{t}" AS x').fetchall()[0]
            for t in tables}


def files(tmp_path) -> dict:
    """One file per import kind, each changing something a real import would change."""
    changed_dossiers = [list(r) for r in DOSSIERS]
    changed_dossiers[0][12] = "10"  # a status change: an update, not only new rows
    return {
        "dossiers": write_csv(tmp_path / "d.csv", changed_dossiers + [
            ["NEW-1", "1.000001", "Đăng ký khai sinh", "Hộ tịch", "U1", "Sở Tư pháp", "Trực tiếp", "",
             "03/10/2026 08:00", "06/10/2026", "", "", "4", "", "", "", "", "", ""]], DOSSIER_HEADERS),
        "units": write_csv(tmp_path / "u.csv", UNITS + [["U9", "Sở Mới", "department", "H99", ""]], UNIT_HEADERS),
        "procedures": write_csv(tmp_path / "p.csv", PROCEDURES + [["1.000009", "Thủ tục mới", "Khác", "Toàn trình"]],
                                PROCEDURE_HEADERS),
        "targets": write_csv(tmp_path / "t.csv", [["on_time_rate", 2026, "all", 97], ["online_rate", 2026, "all", 50]],
                             TARGET_HEADERS),
        "par": write_csv(tmp_path / "par.csv", par_rows(2025, "U1", "Sở Tư pháp", [(4, 3), (6, 5), (80, 60)])
                         + par_rows(2025, "U2", "UBND xã An Bình", [(4, 4), (6, 6), (90, 88)]), PAR_HEADERS),
        "portal766": write_json(tmp_path / "tree.json", TREE),
        "portal766_evaluation": write_json(tmp_path / "evaluation.json", EVALUATION),
    }


@pytest.fixture
def filled(tmp_path):
    """A real database holding every kind of data already (dossiers, registry, targets, scores)."""
    con = warehouse.connect(tmp_path / "filled.duckdb")
    src = tmp_path / "first"
    src.mkdir()
    first = files(src)
    import_file(con, write_csv(src / "u0.csv", UNITS, UNIT_HEADERS))
    import_file(con, write_csv(src / "p0.csv", PROCEDURES, PROCEDURE_HEADERS))
    assert import_file(con, write_csv(src / "d0.csv", DOSSIERS, DOSSIER_HEADERS)).ok
    assert import_file(con, write_csv(src / "t0.csv", [["on_time_rate", 2026, "all", 95]], TARGET_HEADERS)).ok
    assert import_file(con, write_csv(src / "par0.csv", par_rows(2025, "U1", "Sở Tư pháp", [(4, 4), (6, 6), (90, 90)]),
                                      PAR_HEADERS)).ok
    assert import_file(con, first["portal766"], period="2026-10").ok
    yield con
    con.close()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory):
    """A small demo province, loaded as the app's first start loads it."""
    from sample_data.load import load_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with warehouse.session(path) as con:
        load_demo(con, n_dossiers=3000)
    return path


KINDS = ["dossiers", "units", "procedures", "targets", "par", "portal766", "portal766_evaluation"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_dry_run_of_every_kind_leaves_a_filled_database_exactly_as_it_was(filled, tmp_path, kind):
    before = checksums(filled)
    dry = import_file(filled, files(tmp_path)[kind], period="2026-10", dry_run=True)
    assert dry.ok, dry.message_en
    assert dry.rows_imported + dry.rows_updated > 0  # it had something to write
    assert checksums(filled) == before


@pytest.mark.parametrize("kind", KINDS)
def test_a_dry_run_of_every_kind_leaves_the_demo_exactly_as_it_was(demo_file, tmp_path, kind):
    with warehouse.session(demo_file) as con:
        before = checksums(con)
        assert before["dossiers"][0] > 1000
        dry = import_file(con, files(tmp_path)[kind], period="2026-10", dry_run=True)
        assert dry.ok, dry.message_en
        assert checksums(con) == before
        assert warehouse.is_demo(con)


def test_the_real_import_after_a_dry_run_reports_the_same_counts(filled, tmp_path):
    path = files(tmp_path)["par"]
    dry = import_file(filled, path, dry_run=True)
    real = import_file(filled, path)
    assert real.ok and real.import_id > 0
    assert (dry.rows_imported, dry.rows_updated, dry.rows_unchanged) == (real.rows_imported, real.rows_updated,
                                                                       real.rows_unchanged)
    assert (dry.rows_imported, dry.rows_updated) == (4, 4)  # U2 new, U1's four rows changed


def test_cli_dry_run_reports_like_the_preview_and_writes_nothing(tmp_path):
    db = tmp_path / "cli.duckdb"
    cli("--db", db, "--create", "import", write_csv(tmp_path / "u.csv", UNITS, UNIT_HEADERS))
    path = write_csv(tmp_path / "d.csv", DOSSIERS + [["BAD", "1.000001", "", "", "U1", "", "", "", "31/02/2026",
                                                      "", "", "", "4", "", "", "", "", "", ""]],
                     DOSSIER_HEADERS + ["Ghi chú nội bộ"])
    with warehouse.session(db) as con:
        before = checksums(con)
    out = cli("--db", db, "import", path, "--dry-run")
    assert out.returncode == 0
    text = out.stdout
    assert "dry run, nothing written" in text and "kind: dossiers" in text
    assert "Mã hồ sơ → dossier_code" in text and "Ghi chú nội bộ" in text  # recognised and not
    assert "nhập mới 13" in text and "từ chối 1" in text and "impossible_date: 1" in text
    as_json = json.loads(cli("--db", db, "import", path, "--dry-run", "--json").stdout)
    assert as_json["dry_run"] is True and as_json["import_id"] == 0 and as_json["rows_imported"] == 13
    with warehouse.session(db) as con:
        assert checksums(con) == before  # nothing written, nothing logged


def test_cli_dry_run_of_a_refused_file_says_why_and_exits_1(tmp_path):
    db = tmp_path / "cli.duckdb"
    cli("--db", db, "--create", "import", write_csv(tmp_path / "u.csv", UNITS, UNIT_HEADERS))
    out = cli("--db", db, "import", write_csv(tmp_path / "x.csv", [["a", "b"]], ["Mã hồ sơ", "Ghi chú"]),
              "--dry-run", check=False)
    assert out.returncode == 1 and "/" in out.stderr
    with warehouse.session(db) as con:
        assert con.execute("SELECT count(*) FROM import_log").fetchall()[0][0] == 1  # only the units import
