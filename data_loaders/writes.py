"""The SQL that writes an import's validated rows into the warehouse: per kind the table, its
key and columns (`TABLES`), the rows to write (`incoming_sql`), new/changed/same and the previous
versions kept for undo (`upsert`), dossiers finding a unit or procedure registered after them
(`match_dossiers_by_name`), and the demo cleared before real data. Every statement runs inside
`pipeline.import_file`'s transaction; nothing here commits.
"""
from __future__ import annotations

from warehouse import set_meta

from .normalise import kind_from_name

# Per kind: the table, its key, and the columns an import writes (besides import_id).
TABLES = {
    "dossiers": (
        "dossiers",
        ("dossier_code",),
        (
            "procedure_code", "procedure_code_raw", "procedure_name", "field_code", "field_name",
            "unit_code", "unit_name", "channel", "service_level", "received_at", "due_at",
            "due_deadline", "completed_at", "returned_at", "status", "digitized", "result_digitized",
            "reused", "fee_required", "paid_online", "apology", "rating",
        ),
    ),
    "units": (
        "units",
        ("unit_code",),
        ("unit_name", "kind", "parent_code", "admin_code", "lat", "lon", "valid_from", "valid_to",
         "successor_code", "name_key"),
    ),
    "procedures": (
        "procedures",
        ("procedure_code",),
        ("procedure_name", "field_name", "online_level", "fee_required", "paper_result_required"),
    ),
    "targets": ("targets", ("metric", "year", "scope"), ("value",)),
    # PAR scores: each (year, unit) in a file replaces that year for that unit (scores.write_par)
    "par": ("par_scores", ("year", "unit_code", "criterion_code"),
            ("unit_name", "criterion_name", "max_points", "self_points", "final_points")),
}

# Where an import keeps the versions of rows it replaced (for undo, see data_loaders/undo.py).
HISTORY = {"dossiers": "dossier_history", "units": "unit_history", "procedures": "procedure_history",
           "targets": "target_history"}

# Values for columns a file does not have, for rows that are new (existing rows keep theirs).
# A dossier flag (digitized, fee, payment, apology …) that the file has no column for stays unknown
# (NULL): the rates leave those dossiers out of their denominators instead of counting them as "no".
DEFAULTS = {
    "channel": "'direct'",
    "online_level": "'none'",
}

# Names that identify exactly one unit / catalogue procedure: what a row without a code is matched by.
UNIQUE_UNIT_NAMES = "SELECT name_key, min(unit_code) AS unit_code FROM units GROUP BY name_key HAVING count(*) = 1"
UNIQUE_PROCEDURE_NAMES = ("SELECT vn_fold(procedure_name) AS name_key, min(procedure_code) AS procedure_code "
                          "FROM procedures WHERE procedure_name IS NOT NULL GROUP BY 1 HAVING count(*) = 1")


def incoming_sql(kind: str, present: set[str], import_id: int) -> str:
    """SELECT of the rows to write, in the table's columns; absent columns keep stored values."""
    table, key, value_cols = TABLES[kind]
    derived = {
        "procedure_code_raw": "s.t_procedure_code",
        "due_deadline": "vn_deadline(s.due_at)",
        "name_key": "vn_unit_key(s.unit_name)",
        "kind": "coalesce(s.kind, " + kind_from_name("s.unit_name") + ")",
    }
    sources = {"procedure_code_raw": "procedure_code", "due_deadline": "due_at", "name_key": "unit_name"}
    if kind == "dossiers":
        # no code: the registry's (or catalogue's) one unit (procedure) of that name, if any
        derived["unit_code"] = "coalesce(s.unit_code, named.unit_code)"
        derived["procedure_code"] = "coalesce(s.procedure_code, named_procedure.procedure_code)"
        sources["procedure_code"] = "procedure_code|procedure_name"
        sources["unit_code"] = "unit_code|unit_name"
        if "channel" not in present and "online_flag" in present:  # a yes/no "online" column gives the channel
            derived["channel"] = "CASE WHEN s.online_flag THEN 'online' ELSE 'direct' END"
            sources["channel"] = "online_flag"
    if kind == "units" and "kind" not in present:
        # no kind column (a one-stop system's agency table): known units keep theirs (rule 1), new
        # ones get it from their name (rule 7) instead of failing the table's NOT NULL
        derived["kind"] = "coalesce(old.kind, " + kind_from_name("s.unit_name") + ")"
        sources["kind"] = "unit_name"
    select = []
    for col in (*key, *value_cols):
        source = sources.get(col, col)
        expr = derived.get(col, f"s.{col}")
        if col in key or any(name in present for name in source.split("|")):
            select.append(f"{expr} AS {col}")
        else:
            select.append(f"coalesce(old.{col}, {DEFAULTS.get(col, 'NULL')}) AS {col}")
    key_join = " AND ".join(f"old.{k} = {derived.get(k, 's.' + k)}" for k in key)
    named = ""
    if kind == "dossiers":
        # The key is folded only for rows without a code: a join condition is computed for every
        # row, and folding a million names with regular expressions cost seconds per import.
        named = f"""
            LEFT JOIN ({UNIQUE_UNIT_NAMES}) AS named
              ON named.name_key = CASE WHEN s.unit_code IS NULL THEN vn_unit_key(s.unit_name) END
            LEFT JOIN ({UNIQUE_PROCEDURE_NAMES}) AS named_procedure
              ON named_procedure.name_key = CASE WHEN s.procedure_code IS NULL THEN vn_fold(s.procedure_name) END"""
    return f"""
        SELECT {', '.join(select)}, {import_id} AS import_id
        FROM staged AS s
        {named}
        LEFT JOIN {table} AS old ON {key_join}
        WHERE s._skip IS NULL
          AND s._row NOT IN (SELECT _row FROM problems)
          AND s._row NOT IN (SELECT _row FROM duplicates_skipped)
    """


def match_dossiers_by_name(con, kind: str, import_id: int) -> None:
    """Dossiers imported before their unit (procedure) was registered find it now by name; their
    previous version is kept so that undoing this import puts them back."""
    code, names, key = (("unit_code", UNIQUE_UNIT_NAMES, "vn_unit_key(d.unit_name)") if kind == "units" else
                        ("procedure_code", UNIQUE_PROCEDURE_NAMES, "vn_fold(d.procedure_name)"))
    con.execute(f"""
        INSERT INTO dossier_history
        SELECT d.*, {int(import_id)} FROM dossiers AS d JOIN ({names}) AS n ON n.name_key = {key}
        WHERE d.{code} IS NULL""")
    con.execute(f"""
        UPDATE dossiers AS d SET {code} = n.{code}, import_id = {int(import_id)} FROM ({names}) AS n
        WHERE d.{code} IS NULL AND n.name_key = {key}""")


def stored_order(kind: str, alias: str = "") -> str:
    """The ORDER BY of a table's new rows. Dossiers are stored in the order they were received, as
    a warehouse filled month by month holds them: DuckDB keeps each row group's least and greatest
    value and skips the groups outside a period, so the dossier lists (late, due soon) read a few
    groups instead of all. An export in any other order (one file of several years, sorted by
    code) left every group spanning every month: the late list at 10 M dossiers 157 → 534 ms."""
    return f"ORDER BY {alias}received_at" if kind == "dossiers" else ""


def upsert(con, kind: str, incoming: str, import_id: int) -> dict:
    """Insert new keys, update changed ones (keeping their previous version), leave the rest."""
    table, key, value_cols = TABLES[kind]
    all_cols = (*key, *value_cols)
    con.execute(f"CREATE OR REPLACE TEMP TABLE incoming AS {incoming}")
    key_join = " AND ".join(f"t.{k} = i.{k}" for k in key)
    changed = " OR ".join(f"t.{c} IS DISTINCT FROM i.{c}" for c in value_cols)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE incoming_state AS
        SELECT {', '.join('i.' + k for k in key)},
               CASE WHEN t.{key[0]} IS NULL THEN 'new' WHEN {changed} THEN 'changed' ELSE 'same' END AS state
        FROM incoming AS i LEFT JOIN {table} AS t ON {key_join}
        """
    )
    counts = dict(con.execute("SELECT state, count(*) FROM incoming_state GROUP BY 1").fetchall())
    state_join = " AND ".join(f"x.{k} = i.{k}" for k in key)
    if counts.get("changed"):
        con.execute(
            f"""
            INSERT INTO {HISTORY[kind]}
            SELECT t.*, {int(import_id)} FROM {table} AS t
            JOIN incoming_state AS i ON {key_join} WHERE i.state = 'changed'
            """
        )
    # Dossiers (no key index, every column from the file) change by DELETE and INSERT: DuckDB holds
    # an UPDATE's old values in memory to the end of the transaction (10 M changed dossiers ran out
    # of a 2 GB cap there), while deleted rows are only marked and inserted ones go to disk.
    replaced = kind == "dossiers" and counts.get("changed")
    if replaced:
        con.execute(f"""
            DELETE FROM {table} AS t
            WHERE EXISTS (SELECT 1 FROM incoming_state AS i WHERE {key_join} AND i.state = 'changed')""")
    elif counts.get("changed"):
        sets = ", ".join(f"{c} = i.{c}" for c in (*value_cols, "import_id"))
        con.execute(
            f"""
            UPDATE {table} AS t SET {sets}
            FROM (SELECT i.* FROM incoming AS i JOIN incoming_state AS x ON {state_join}
                  WHERE x.state = 'changed') AS i
            WHERE {key_join}
            """
        )
    if counts.get("new") or replaced:
        states = "('new', 'changed')" if replaced else "('new')"
        con.execute(
            f"""
            INSERT INTO {table} ({', '.join(all_cols)}, import_id)
            SELECT {', '.join('i.' + c for c in all_cols)}, i.import_id
            FROM incoming AS i JOIN incoming_state AS x ON {state_join}
            WHERE x.state IN {states}
            {stored_order(kind, "i.")}
            """
        )
    return counts


def clear_demo(con) -> None:
    """Real data replaces the demo province; the example targets stay as defaults to edit."""
    for table in ("dossiers", "dossier_history", "units", "unit_history", "procedures", "procedure_history",
                  "daily_counts", "month_counts", "month_stock", "unit_day_counts", "unit_month_counts",
                  "unit_month_stock", "dossier_unit_names", "dossier_procedure_names",
                  "par_scores", "portal766_scores", "portal766_metrics"):
        con.execute(f"DELETE FROM {table}")
    set_meta(con, "dataset", "real")
