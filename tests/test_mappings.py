"""Column mappings staff keep for their system, and imports whose outcome tells the truth."""
from __future__ import annotations

import json

import pytest

import warehouse
from data_loaders import import_file, mappings
from tests.conftest import cli, table_rows, write_csv
from tests.odd_export import CHOICES, ODD_HEADERS, ODD_ROWS

@pytest.fixture
def registry(db, do_import):
    assert do_import([["U1", "Sở Tư pháp", "department"], ["U2", "UBND xã An Bình", "commune"]],
                     headers=["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"]).ok
    return db


def test_without_a_mapping_the_odd_export_is_refused(registry, tmp_path):
    r = import_file(registry, write_csv(tmp_path / "odd.csv", ODD_ROWS, ODD_HEADERS))
    assert r.status == "refused" and "tiêu đề" in r.message_vi


def test_a_mapping_given_to_the_import_maps_its_columns(registry, tmp_path):
    mapping = mappings.build("dossiers", CHOICES)
    r = import_file(registry, write_csv(tmp_path / "odd.csv", ODD_ROWS, ODD_HEADERS), mapping=mapping)
    assert r.ok and r.rows_imported == 2, r.message_en
    assert r.ignored_columns == ["Ghi chú"] and r.unknown_columns == []
    assert table_rows(registry, "SELECT dossier_code, unit_code, status FROM dossiers ORDER BY 1") == [
        ("BN-1", "U1", 4), ("BN-2", "U2", 2)]


def test_a_saved_mapping_is_used_for_the_next_file_with_the_same_headers(registry, tmp_path):
    mappings.save(registry, mappings.build("dossiers", CHOICES, name="Hệ thống một cửa tỉnh", headers=ODD_HEADERS),
                  user="canbo")
    # same headers, another order and other spelling: used without being asked, and the report says so
    reordered = ["GHI CHU", "Kết quả xử lý", "so bien nhan", "Nơi xử lý", "Thời điểm nhận"]
    r = import_file(registry, write_csv(tmp_path / "thang11.csv", [["", "2", "BN-3", "Sở Tư pháp", "01/11/2026",
                                                                    ]], reordered), user="canbo")
    assert r.ok and r.mapping_name == "Hệ thống một cửa tỉnh" and r.mapping_auto
    assert table_rows(registry, "SELECT mapping_name FROM import_log WHERE import_id = ?", [r.import_id]) == [
        ("Hệ thống một cửa tỉnh",)]
    # a file with other headers is not mapped by it
    other = import_file(registry, write_csv(tmp_path / "other.csv", [["BN-4", "x"]], ["Số biên nhận", "Khác"]))
    assert other.mapping_name is None and other.status == "refused"


def test_a_mapping_overrides_an_automatic_match(registry, tmp_path):
    headers = ["Mã hồ sơ", "Đơn vị", "Đơn vị thực hiện", "Ngày tiếp nhận", "Trạng thái"]
    rows = [["HS1", "Phòng một cửa", "Sở Tư pháp", "02/10/2026 08:00", "4"]]
    mapping = mappings.build("dossiers", {"Đơn vị thực hiện": "unit_name", "Đơn vị": None})
    r = import_file(registry, write_csv(tmp_path / "f.csv", rows, headers), mapping=mapping)
    assert r.ok and r.column_map["Đơn vị thực hiện"] == "unit_name" and "Đơn vị" not in r.column_map
    assert table_rows(registry, "SELECT unit_code FROM dossiers") == [("U1",)]


def test_mapping_errors_name_the_problem():
    with pytest.raises(mappings.MappingError, match="unit_name"):
        mappings.build("dossiers", {"A": "unit_name", "B": "unit_name"})
    with pytest.raises(mappings.MappingError, match="nonsense"):
        mappings.build("dossiers", {"A": "nonsense"})


def test_cli_mappings_add_list_rename_delete_and_import_by_name(tmp_path):
    db = tmp_path / "m.duckdb"
    cli("--db", db, "--create", "import", write_csv(tmp_path / "u.csv", [["U1", "Sở Tư pháp", "department"]],
                                        ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"]))
    path = write_csv(tmp_path / "odd.csv", ODD_ROWS[:1], ODD_HEADERS)
    args = [f"--map={h}={t}" for h, t in CHOICES.items() if t] + ["--ignore", "Ghi chú"]
    cli("--db", db, "mapping", "add", "Một cửa", "--kind", "dossiers", *args, "--headers-from", path)
    listed = json.loads(cli("--db", db, "mapping", "list", "--json").stdout)
    assert [m["name"] for m in listed] == ["Một cửa"] and listed[0]["headers"] == ODD_HEADERS
    cli("--db", db, "mapping", "rename", "Một cửa", "Hệ thống một cửa tỉnh")
    out = cli("--db", db, "import", path, "--mapping", "Hệ thống một cửa tỉnh")
    assert "nhập mới 1" in out.stdout and "Hệ thống một cửa tỉnh" in out.stdout
    bad = cli("--db", db, "import", path, "--mapping", "Không có", check=False)
    assert bad.returncode == 1 and "Không có" in bad.stderr
    cli("--db", db, "mapping", "delete", "Hệ thống một cửa tỉnh")
    assert json.loads(cli("--db", db, "mapping", "list", "--json").stdout) == []


# ---- outcomes that tell the truth ----------------------------------------------------------------

def test_a_file_with_no_importable_row_fails_writes_nothing_and_keeps_the_rejects(tmp_path):
    db = tmp_path / "f.duckdb"
    cli("--db", db, "--create", "import", write_csv(tmp_path / "u.csv", [["U1", "Sở Tư pháp", "department"]],
                                        ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"]))
    bad = write_csv(tmp_path / "bad.csv", [["HS1", "U1", "31/02/2026", "4"], ["HS2", "U1", "32/01/2026", "4"]],
                    ["Mã hồ sơ", "Mã đơn vị", "Ngày tiếp nhận", "Trạng thái"])
    out = cli("--db", db, "import", bad, check=False)
    assert out.returncode == 1 and "Không nhập được dòng nào" in out.stderr and "Ngày không tồn tại (2)" in out.stderr
    with warehouse.session(db, read_only=True) as con:
        assert table_rows(con, "SELECT count(*) FROM dossiers") == [(0,)]
        status, import_id = table_rows(con, "SELECT status, import_id FROM import_log ORDER BY import_id DESC LIMIT 1")[0]
        assert status == "failed"
        assert table_rows(con, "SELECT count(*) FROM rejected_rows WHERE import_id = ?", [import_id]) == [(2,)]


@pytest.mark.parametrize("headers, missing_vi", [
    (["Mã hồ sơ", "Ngày tiếp nhận", "Trạng thái", "Ghi chú"], "Mã đơn vị hoặc Tên đơn vị"),
    (["Mã hồ sơ", "Tên đơn vị", "Trạng thái"], "Ngày tiếp nhận"),
])
def test_a_dossier_file_without_a_unit_or_date_column_says_which_and_how_to_map(db, tmp_path, headers, missing_vi):
    r = import_file(db, write_csv(tmp_path / "x.csv", [["a"] * len(headers)], headers), kind="dossiers")
    assert r.status == "refused" and missing_vi in r.message_vi and "Ghép cột" in r.message_vi
    assert "map them" in r.message_en
    assert r.headers == headers  # the upload page offers these to map
