"""Fill an empty warehouse with the generated demo province, labelled as demo.

The tables go straight in through Arrow (a CSV round trip would only slow the first start);
the rollups are then built by the same function every import uses.
"""
from __future__ import annotations

import datetime as dt

from warehouse import set_meta

DEMO_FILE_NAME = "Dữ liệu mẫu (demo)"

COLUMNS = {
    "units": ("unit_code", "unit_name", "kind", "parent_code", "admin_code", "lat", "lon", "valid_from",
              "valid_to", "successor_code"),
    "procedures": ("procedure_code", "procedure_name", "field_name", "online_level", "fee_required",
                   "paper_result_required"),
    "dossiers": ("dossier_code", "procedure_code", "procedure_code_raw", "procedure_name", "field_code",
                 "field_name", "unit_code", "unit_name", "channel", "service_level", "received_at", "due_at",
                 "completed_at", "returned_at", "status", "digitized", "result_digitized", "reused",
                 "fee_required", "paid_online", "apology", "rating"),
    "targets": ("metric", "year", "scope", "value"),
}


def load_demo(con, n_dossiers: int | None = None, seed: int | None = None) -> int:
    """Load the demo province into an empty database; returns the dossiers loaded."""
    from data_loaders.pipeline import rebuild_rollups
    from sample_data.generate import demo_tables

    options = {k: v for k, v in (("n_dossiers", n_dossiers), ("seed", seed)) if v is not None}
    tables = demo_tables(**options)
    import_id = con.execute("SELECT nextval('import_id_seq')").fetchall()[0][0]
    started = dt.datetime.now().replace(microsecond=0)
    con.execute("BEGIN TRANSACTION")
    try:
        for name, cols in COLUMNS.items():
            con.register("_demo", tables[name])
            select = ", ".join(cols)
            extra_cols, extra_vals = "", ""
            if name == "units":
                extra_cols, extra_vals = ", name_key", ", vn_fold(unit_name)"
            if name == "dossiers":
                extra_cols, extra_vals = ", due_deadline", ", vn_deadline(due_at)"
            order = " ORDER BY received_at" if name == "dossiers" else ""
            con.execute(
                f"INSERT INTO {name} ({select}{extra_cols}, import_id) "
                f"SELECT {select}{extra_vals}, {import_id} FROM _demo{order}"
            )
            con.unregister("_demo")
        rebuild_rollups(con)
        n = con.execute("SELECT count(*) FROM dossiers").fetchall()[0][0]
        con.execute(
            """
            INSERT INTO import_log (import_id, file_name, file_hash, kind, status, message, rows_read,
                rows_imported, imported_by, started_at, finished_at)
            VALUES (?, ?, '', 'demo', 'ok', 'Dữ liệu mẫu / demo data', ?, ?, 'system', ?, ?)
            """,
            [import_id, DEMO_FILE_NAME, n, n, started, dt.datetime.now().replace(microsecond=0)],
        )
        set_meta(con, "dataset", "demo")
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return n


def ensure_demo(con) -> bool:
    """Load the demo on a brand-new database; True if it was loaded now."""
    from warehouse import is_empty

    if not is_empty(con):
        return False
    load_demo(con)
    return True
