"""The data-quality page's "units that sent nothing" comes from the engine (queries.silent_units):
registered departments, communes and centres of the scope without a dossier received in the
period, checked against the dossier table itself."""
from __future__ import annotations

import datetime as dt

import queries
import warehouse


def test_silent_units_received_nothing_and_the_others_did(demo_db):
    start, end = dt.date(2026, 10, 1), dt.date(2026, 10, 3)  # three days: some units are silent
    with warehouse.session(demo_db, read_only=True) as con:
        silent = queries.silent_units(con, start, end)
        counts = queries.unit_counts(con, start, end)
        sent = {r[0] for r in con.execute(
            "SELECT DISTINCT coalesce(u.successor_code, d.unit_code) FROM dossiers d LEFT JOIN units u USING (unit_code) "
            "WHERE CAST(d.received_at AS DATE) BETWEEN ? AND ?", [start, end]).fetchall()}
    assert len(silent) > 0 and set(silent["kind"]) <= {"department", "commune", "center"}
    assert not set(silent["unit_code"]) & sent
    busy = counts[counts["registered"] & (counts["received"] > 0)]
    assert len(busy) > 0 and not set(busy["unit_code"]) & set(silent["unit_code"])
