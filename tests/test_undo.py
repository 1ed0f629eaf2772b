"""Dry runs write nothing; undoing an import puts every row back as it was before it."""
from __future__ import annotations

import datetime as dt

import pytest

import queries
from data_loaders import import_file
from data_loaders.undo import UndoRefused, undo_import
from tests.conftest import DOSSIER_HEADERS, row, snapshot, stored, table_rows, write_csv

UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"]
OCT = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


def log_rows(db):
    return table_rows(db, "SELECT import_id, status FROM import_log ORDER BY import_id")


def test_dry_run_reports_like_the_import_and_writes_nothing(do_import, db, tmp_path):
    do_import([row("HS1"), row("HS2")])
    before, log_before = snapshot(db), log_rows(db)
    path = write_csv(tmp_path / "next.csv", [row("HS1"), row("HS2", status="4", completed=""), row("HS3"),
                                              row("HS4", received="31/02/2026"), ["Tổng cộng", "", "", "3"]],
                     headers=[*DOSSIER_HEADERS, "Ghi chú"])
    dry = import_file(db, path, user="tester", dry_run=True)
    assert dry.ok and dry.dry_run and dry.import_id == 0
    assert (dry.rows_imported, dry.rows_updated, dry.rows_unchanged, dry.rows_rejected, dry.rows_skipped) == (1, 1, 1, 1, 1)
    assert snapshot(db) == before and log_rows(db) == log_before
    assert dry.unknown_columns == ["Ghi chú"]
    assert dry.preview[0]["_row"] == 2 and dry.preview[0]["dossier_code"] == "HS1"
    assert dry.rejected_sample == [{"row": 5, "column": "Ngày tiếp nhận", "reason": "impossible_date",
                                    "message_vi": "Ngày không tồn tại ở cột Ngày tiếp nhận: «31/02/2026»",
                                    "message_en": "Impossible date in column Ngày tiếp nhận: '31/02/2026'"}]
    assert dry.date_range == (dt.date(2026, 10, 5), dt.date(2026, 10, 5)) and dry.months == ["2026-10"]
    assert dry.units_found == [("U1", "Sở Tư pháp", 3)]
    real = import_file(db, path, user="tester")
    assert (real.rows_imported, real.rows_updated, real.rows_unchanged, real.rows_rejected) == (1, 1, 1, 1)
    assert snapshot(db) != before


def test_a_refused_dry_run_leaves_no_trace(db, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(b"\x00\x01binary")
    res = import_file(db, path, dry_run=True)
    assert res.status == "refused" and "định dạng" in res.message_vi
    assert log_rows(db) == []


def test_undo_restores_updated_dossiers_and_removes_new_ones(do_import, db):
    first = do_import([row("HS1", status="4", completed=""), row("HS2")])
    k_first = queries.kpis(db, *OCT)
    snap = snapshot(db)
    second = do_import([row("HS1"), row("HS3", channel="Trực tiếp")])  # HS1 resolved now, HS3 new
    assert (second.rows_imported, second.rows_updated) == (1, 1)
    assert stored(db, "HS1")["status"] == 10
    out = undo_import(db, second.import_id, user="tester", role="staff")
    assert (out["removed"], out["restored"]) == (1, 1)
    assert stored(db, "HS1")["status"] == 4 and stored(db, "HS3") is None
    assert snapshot(db) == snap  # rows, rollups and history all as before the second import
    assert queries.kpis(db, *OCT) == k_first
    # the undo is logged, and the undone import cannot be undone twice
    assert table_rows(db, "SELECT status, imported_by FROM import_log WHERE import_id = ?", [out["undo_id"]]) == \
        [("undo", "tester")]
    with pytest.raises(UndoRefused) as e:
        undo_import(db, second.import_id, user="tester")
    assert e.value.reason == "already"
    assert first.ok


def test_an_undo_is_refused_while_a_later_import_changed_the_same_dossiers(do_import, db):
    a = do_import([row("HS1", status="4", completed="")])
    b = do_import([row("HS1", status="5", completed="")])
    c = do_import([row("HS1")])
    with pytest.raises(UndoRefused) as e:
        undo_import(db, b.import_id, user="tester")
    assert e.value.reason == "later" and str(c.import_id) in e.value.message_vi
    # newest first works, and ends where each import started
    undo_import(db, c.import_id, user="tester")
    assert stored(db, "HS1")["status"] == 5
    undo_import(db, b.import_id, user="tester")
    assert stored(db, "HS1")["status"] == 4
    undo_import(db, a.import_id, user="tester")
    assert stored(db, "HS1") is None
    assert table_rows(db, "SELECT count(*) FROM daily_counts") == [(0,)]


def test_undoing_a_units_import_puts_back_names_it_matched(do_import, db, tmp_path):
    do_import([row("HS1", unit="", unit_name="UBND xã Mới")])
    assert stored(db)["unit_code"] is None
    units = do_import([["X9", "UBND xã Mới", "commune"]], headers=UNIT_HEADERS)
    assert stored(db)["unit_code"] == "X9"
    undo_import(db, units.import_id, user="tester")
    assert stored(db)["unit_code"] is None
    assert table_rows(db, "SELECT count(*) FROM units") == [(0,)]


def test_undoing_a_registry_update_restores_the_previous_version(do_import, db):
    do_import([["U1", "Sở Tư pháp", "department"]], headers=UNIT_HEADERS)
    rename = do_import([["U1", "Sở Tư pháp tỉnh", "department"]], headers=UNIT_HEADERS)
    assert rename.rows_updated == 1
    undo_import(db, rename.import_id, user="tester")
    assert table_rows(db, "SELECT unit_name FROM units") == [("Sở Tư pháp",)]


def test_who_may_undo(do_import, db):
    imp = do_import([row("HS1")])  # imported by "tester"
    for user, role, reason in (("other", "staff", "not_yours"), ("tester", "viewer", "role")):
        with pytest.raises(UndoRefused) as e:
            undo_import(db, imp.import_id, user=user, role=role)
        assert e.value.reason == reason
    undo_import(db, imp.import_id, user="boss", role="admin")  # an admin may undo anyone's
    with pytest.raises(UndoRefused) as e:
        undo_import(db, 999, user="boss", role="admin")
    assert e.value.reason == "not_found"


def test_an_undo_too_large_for_the_writers_memory_says_what_to_do(do_import, db):
    """Undoing a 10 M-row import ran out of the writer's 512 MB: the undo is refused in our words
    (the command line, a larger CCHC_WRITE_MEMORY), in both languages, with nothing changed, and it
    goes through once there is memory for it."""
    import warehouse

    first = do_import([row(f"HS{i}") for i in range(1000)])
    assert first.ok
    before, log_before = snapshot(db), log_rows(db)
    db.execute("SET memory_limit = '8MB'")  # as an import far larger than the cap would
    try:
        with pytest.raises(UndoRefused) as refused:
            undo_import(db, first.import_id, user="tester")
    finally:
        db.execute(f"SET memory_limit = '{warehouse.WRITE_MEMORY}'")
    e = refused.value
    assert e.reason == "out_of_memory"
    assert f"cli.py undo {first.import_id}" in e.message_vi and f"cli.py undo {first.import_id}" in e.message_en
    advice = warehouse.write_memory_advice()
    for text in (e.message_vi, e.message_en):
        assert f"({advice['limit']})" in text and f"CCHC_WRITE_MEMORY={advice['larger']}" in text
        assert "Out of Memory" not in text
    assert snapshot(db) == before and log_rows(db) == log_before
    assert undo_import(db, first.import_id, user="tester")["removed"] == 1000
