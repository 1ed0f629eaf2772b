"""Exports as real one-stop systems shape them: the same hand-counted province (test_metrics) written
in each system's layout imports with every unit and procedure recognised, and `cli.py kpis` gives
the hand count for what the layout carries ("—" for flags it has no column for).

Layouts (where each was found: docs/import-layouts.md):
- the national portal's dossier synchronisation record: CamelCase headers without diacritics,
  yyyyMMddHHmmss dates, DonViXuLy holds the unit's *name* with the portal's " - Tỉnh …" suffix,
  KenhThucHien 1/2/3, DuocThanhToanTrucTuyen 1/2 paid online, 0/3 not;
- an OpenCPS dossier report with its Vietnamese labels (Cơ quan thụ lý, Ngày hoàn thành, Ngày trả,
  a yes/no "Trực tuyến" column instead of a channel), title lines above the header;
- a provincial one-stop list with Vietnamese headers and no codes at all (Đơn vị tiếp nhận, Tên
  thủ tục hành chính, Ngày nhận, Ngày kết thúc xử lý), as XLSX with title lines;
- VNPT iGate's dossier API flattened to columns (procedure.code, agency.code, appointmentDate …),
  ISO dates in UTC or with +0700.
"""
from __future__ import annotations

import json

import pytest

import warehouse
from tests.conftest import cli, write_csv
from tests.province import DOSSIERS, EXPECTED, PROCEDURES, UNITS
from tests.province_layouts import (FLAG_METRICS, igate_flattened, national_sync, opencps_report,
                                     provincial_list_xlsx)

# A layout with no apology, result, reuse or fee column: those rates are unknown ("—"), not 0 %.
NO_FLAGS = {**{m: None for m in FLAG_METRICS}, "resolved_late_apology": 0}

# Per layout: what it carries differently from the hand count (EXPECTED).
LAYOUTS = {
    # the digitized flag is given, the others are not
    "national_sync": (national_sync, {**NO_FLAGS, "digitized_rate": EXPECTED["digitized_rate"]}),
    # an online yes/no but no postal channel
    "opencps": (opencps_report, {"received_postal": 0, "postal_rate": 0.0, **NO_FLAGS}),
    # no channel column: every dossier is direct
    "provincial_xlsx": (provincial_list_xlsx, {"received_online": 0, "received_postal": 0, "online_rate": 0.0,
                                               "postal_rate": 0.0, "received_full_online": 0, "full_online_rate": 0.0,
                                               **NO_FLAGS}),
    "igate": (igate_flattened, NO_FLAGS),
}


@pytest.fixture
def registry_db(tmp_path):
    db = tmp_path / "layouts.duckdb"
    cli("--db", db, "--create", "import", write_csv(tmp_path / "u.csv", UNITS, ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị",
                                                                     "Mã đơn vị cha", "Mã hành chính"]))
    cli("--db", db, "import", write_csv(tmp_path / "p.csv", PROCEDURES, ["Mã TTHC", "Tên TTHC", "Lĩnh vực", "Mức độ"]))
    return db


@pytest.mark.parametrize("layout", list(LAYOUTS))
def test_a_real_system_layout_imports_whole_and_gives_the_hand_count(registry_db, tmp_path, layout):
    make, differences = LAYOUTS[layout]
    report = json.loads(cli("--db", registry_db, "import", make(tmp_path), "--json").stdout)
    assert report["kind"] == "dossiers" and report["rows_rejected"] == 0, report["rejected_sample"]
    assert report["rows_imported"] == len(DOSSIERS)
    with warehouse.session(registry_db, read_only=True) as con:
        unmatched = con.execute(
            "SELECT count(*) FILTER (WHERE unit_code IS NULL OR unit_code NOT IN (SELECT unit_code FROM units)), "
            "count(*) FILTER (WHERE procedure_code NOT IN (SELECT procedure_code FROM procedures) "
            "OR procedure_code IS NULL) FROM dossiers").fetchall()[0]
    assert unmatched == (0, 0)  # every unit and procedure recognised
    kpis = json.loads(cli("--db", registry_db, "kpis", "--from", "2026-10-01", "--to", "2026-10-31",
                          "--json").stdout)
    expected = {**EXPECTED, **differences}
    assert {k: kpis[k] for k in expected} == expected


def test_the_national_layout_is_recognised_column_by_column(tmp_path):
    from data_loaders.columns import match_headers

    path = national_sync(tmp_path)
    headers = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    found = {headers[i]: name for i, name in match_headers(headers, "dossiers").items()}
    assert found == {"MaHoSo": "dossier_code", "MaTTHC": "procedure_code", "TenTTHC": "procedure_name",
                     "MaLinhVuc": "field_code", "TenLinhVuc": "field_name", "KenhThucHien": "channel",
                     "NgayTiepNhan": "received_at", "NgayHenTra": "due_at", "TrangThaiHoSo": "status",
                     "NgayTra": "returned_at", "NgayKetThucXuLy": "completed_at", "DonViXuLy": "unit_name",
                     "HoSoCoThanhPhanSoHoa": "digitized", "DuocThanhToanTrucTuyen": "paid_online"}
