"""The early warning's per-unit table comes from the engine (queries.due_soon_by_unit) and counts
exactly the dossiers of the list beside it (queries.due_soon), unit by unit, with each unit's
first deadline."""
from __future__ import annotations

import datetime as dt

import queries
import warehouse


def test_units_count_the_listed_dossiers(demo_db):
    as_of = dt.date(2026, 10, 31)
    with warehouse.session(demo_db, read_only=True) as con:
        listed = queries.due_soon(con, as_of, 2)
        per_unit = queries.due_soon_by_unit(con, as_of, 2)
        one_unit = queries.due_soon_by_unit(con, as_of, 2, unit=per_unit["unit_code"].iloc[0])
    assert len(listed) >= 5 and per_unit["dossiers"].sum() == len(listed)
    for row in per_unit.itertuples():
        mine = listed[listed["unit_code"] == row.unit_code]
        assert row.dossiers == len(mine)
        assert row.first_due == mine.sort_values("due_deadline")["due_at"].iloc[0]
    assert list(per_unit["dossiers"]) == sorted(per_unit["dossiers"], reverse=True)  # the most first
    assert list(one_unit["unit_code"]) == [per_unit["unit_code"].iloc[0]]


def test_a_procedure_nobody_catalogued_is_named_as_other_dossiers_name_it(db, do_import):
    # a real export: the catalogue lacks 2.000009, one dossier names it, the pending one does not.
    # The warning names it as the others do (due_soon reads the names rollup, procedure_labels()),
    # not by its bare code, without the page running the period's procedure counts for it
    from tests.conftest import DOSSIER_HEADERS
    from tests.province import UNITS

    do_import(UNITS, ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cha", "Mã hành chính"])

    def row(code, name, received, due, completed, status):
        return [code, "2.000009", name, "", "U1", "", "Trực tiếp", "", received, due, completed, "", status,
                "", "", "", "", "", ""]
    result = do_import([
        row("N1", "Cấp giấy phép khai thác nước", "01/10/2026 08:00", "05/10/2026", "04/10/2026 09:00", 10),
        row("N2", "", "20/10/2026 08:00", "03/11/2026", "", 4),  # pending, due within 2 working days of 31/10
    ], DOSSIER_HEADERS)
    assert result.ok, result.message_en
    warn = queries.due_soon(db, dt.date(2026, 10, 31), 2)
    assert list(warn["dossier_code"]) == ["N2"]
    assert list(warn["procedure_name"]) == ["Cấp giấy phép khai thác nước"]
