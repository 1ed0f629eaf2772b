"""Fill an empty warehouse with the generated demo province, labelled as demo.

The tables go straight in through Arrow (a CSV round trip would only slow the first start);
the rollups are then built by the same function every import uses.
"""
from __future__ import annotations

import datetime as dt
import json

from warehouse import set_meta, transaction

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
    from sample_data.dossiers import demo_tables

    options = {k: v for k, v in (("n_dossiers", n_dossiers), ("seed", seed)) if v is not None}
    tables = demo_tables(**options)
    import_id = con.execute("SELECT nextval('import_id_seq')").fetchall()[0][0]
    started = dt.datetime.now().replace(microsecond=0)
    with transaction(con):
        for name, cols in COLUMNS.items():
            con.register("_demo", tables[name])
            select = ", ".join(cols)
            extra_cols, extra_vals = "", ""
            if name == "units":
                extra_cols, extra_vals = ", name_key", ", vn_unit_key(unit_name)"
            if name == "dossiers":
                extra_cols, extra_vals = ", due_deadline", ", vn_deadline(due_at)"
            order = " ORDER BY received_at" if name == "dossiers" else ""
            con.execute(
                f"INSERT INTO {name} ({select}{extra_cols}, import_id) "
                f"SELECT {select}{extra_vals}, {import_id} FROM _demo{order}"
            )
            con.unregister("_demo")
        rebuild_rollups(con)
        load_demo_scores(con, import_id)
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
    return n


def load_demo_scores(con, import_id: int) -> None:
    """PAR scores and QĐ 766 groups for the demo (inside the caller's transaction). The portal's
    progress group follows the dossiers: QĐ 766 progress points of each unit and month from the
    metric engine, nudged a little, as the portal's own copy of the data never matches exactly."""
    import numpy as np

    import queries
    from queries.periods import parse
    from sample_data.scores import demo_par_scores, demo_portal766_scores, portal766_months

    con.register("_demo", demo_par_scores())
    con.execute(f"INSERT INTO par_scores SELECT *, {import_id} FROM _demo")
    con.unregister("_demo")
    con.register("_demo", demo_portal766_scores())
    con.execute(
        "INSERT INTO portal766_scores (period, group_code, unit_code, unit_name, level, is_province, score, "
        f"max_score, ratio, counters, import_id) SELECT *, '{{}}', {import_id} FROM _demo"
    )
    con.unregister("_demo")
    rng = np.random.default_rng(766)
    rows = []
    for period in portal766_months():
        p = parse(period)
        units = queries.unit_counts(con, p.start, p.end).to_dict("records")
        province = {"unit_code": None, "unit_name": None, "kind": "province", **queries.kpis(con, p.start, p.end)}
        for u in [*(u for u in units if u["kind"] in ("department", "commune")), province]:
            rate = u["progress_rate"]
            if rate is None:
                score, ratio = None, None
            else:
                ratio = float(np.clip(rate + rng.normal(0, 1.2), 0, 100).round(2))
                score = round(20 * ratio / 100, 2)
            code = u["unit_code"] or con.execute("SELECT unit_code FROM units WHERE kind = 'province'").fetchall()[0][0]
            counters = json.dumps({"totalReceived": int(u["received"]), "totalCompleted": int(u["resolved"]),
                                   "totalOnTime": int(u["resolved_on_time"]), "totalOverdue": int(u["resolved_late"])})
            rows.append([period, "progress", code, u["unit_name"],
                         "COMMUNE" if u["kind"] == "commune" else "PROVINCE", u["kind"] == "province", score, 20.0,
                         ratio, counters, import_id])
    con.executemany(
        "INSERT INTO portal766_scores (period, group_code, unit_code, unit_name, level, is_province, score, "
        "max_score, ratio, counters, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    from sample_data.national import load_demo_national  # the 34 provinces, for the national view

    load_demo_national(con, import_id)


def ensure_demo(con) -> bool:
    """Load the demo on a brand-new database; True if it was loaded now."""
    from warehouse import is_empty

    if not is_empty(con):
        return False
    load_demo(con)
    return True
