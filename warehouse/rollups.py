"""The warehouse's derived tables, kept in step with the dossiers inside each import's transaction.

- `daily_counts`: every count (defined once, in queries/daily_counts.sql) per day, unit as
  recorded, procedure and online level;
- `month_counts`: the same by month (the cube) and `month_stock`: the pending dossiers at each
  month's end; `unit_day_counts`, `unit_month_counts`, `unit_month_stock`: the same per unit only
  (what per-unit and whole-scope figures read: a few hundred rows a month);
- `dossier_unit_names`, `dossier_procedure_names`: the names dossiers give codes.

An import changes them by its difference only: the counts of the rows it wrote (+1) minus the
counts of the versions it replaced (−1), merged by key into the tables. Counts add
up, so this equals a rebuild (tests/test_engine.py proves it on every import it makes). A rebuild
from all dossiers remains for the demo, catalogue changes and migrations (an undo of a dossier
import takes its difference back out). The tables are kept in time order (a rebuild inserts
them sorted, later imports mostly add later days) and a merge names its delta's first and last
day, so that it reads only those days' row groups; the month-end stock is recomputed only for
the combinations an import changed while the cube's last month stays where it was.
"""
from __future__ import annotations

DIMENSIONS = {"daily_counts": ("day", "unit_code", "procedure_code", "online_level"),
              "month_counts": ("month", "unit_code", "procedure_code", "online_level"),
              "unit_day_counts": ("day", "unit_code"),
              "unit_month_counts": ("month", "unit_code")}
LABELS = {
    "dossier_unit_names": ("unit_code, unit_name", "unit_code, unit_name"),
    "dossier_procedure_names": ("procedure_code, procedure_name, field_name",
                                "procedure_code, procedure_name, field_name"),
}


def _sql(name: str) -> str:
    from queries import sql  # the engine owns the count definitions

    return sql(name)


def rebuild(con) -> None:
    """Every derived table from all dossiers (inside the caller's transaction)."""
    con.execute("CREATE OR REPLACE TEMP VIEW rollup_source AS SELECT *, 1 AS _sign FROM dossiers")
    for table in ("daily_counts", "month_counts", "unit_day_counts", "unit_month_counts", *LABELS):
        con.execute(f"DELETE FROM {table}")
    # in time order: a table's row groups then each hold a few days (months), and a query or a
    # merge that names days reads only theirs (DuckDB keeps each row group's least and greatest)
    _daily_delta(con)  # (all dossiers: it may take its join a span of days at a time)
    con.execute("INSERT INTO daily_counts BY NAME (SELECT * FROM rollup_delta ORDER BY day)")
    con.execute("DROP TABLE rollup_delta")
    con.execute(f"INSERT INTO month_counts BY NAME (SELECT * FROM ({_by_month('daily_counts')}) ORDER BY month)")
    con.execute(f"INSERT INTO unit_day_counts BY NAME (SELECT * FROM ({_by_unit('daily_counts', 'day')}) ORDER BY day)")
    con.execute(f"INSERT INTO unit_month_counts BY NAME "
                f"(SELECT * FROM ({_by_unit('month_counts', 'month')}) ORDER BY month)")
    for table, (cols, _) in LABELS.items():
        con.execute(f"INSERT INTO {table} SELECT {cols}, count(*) FROM dossiers GROUP BY ALL")
    _restock(con)
    con.execute("DROP VIEW rollup_source")
    con.execute("DELETE FROM meta WHERE key = 'rollups_stale'")


def apply_import(con, import_id: int) -> None:
    """Add what import `import_id` changed in the dossiers: the rows it wrote count +1, the
    versions it replaced (dossier_history) −1 (inside the import's transaction)."""
    replaced = con.execute("SELECT count(*) FROM (SELECT 1 FROM dossier_history WHERE replaced_by_import = $id "
                           "LIMIT 1)", {"id": int(import_id)}).fetchall()[0][0]
    if replaced:
        _keep_source(con, import_id, sign=1)
    else:  # only new dossiers (a new month's export): read them where they are, no copy
        con.execute(f"CREATE OR REPLACE TEMP VIEW rollup_source AS "
                    f"SELECT *, 1 AS _sign FROM dossiers WHERE import_id = {int(import_id)}")
    _apply_source(con)


def undo_source(con, import_id: int) -> None:
    """Before an undo of dossier import `import_id` changes the dossiers: its rows will go (−1) and
    the versions it replaced come back (+1). `apply_undo` then adds that difference, instead of
    rebuilding every table from every dossier (a minute at 10 M dossiers)."""
    _keep_source(con, import_id, sign=-1)


def apply_undo(con) -> None:
    """After the undo has changed the dossiers: add the difference `undo_source` kept."""
    _apply_source(con)


def _keep_source(con, import_id: int, sign: int) -> None:
    con.execute(
        "CREATE OR REPLACE TEMP TABLE rollup_source AS "
        "SELECT *, $sign AS _sign FROM dossiers WHERE import_id = $id "
        "UNION ALL BY NAME "
        "SELECT * EXCLUDE (replaced_by_import), -$sign AS _sign FROM dossier_history WHERE replaced_by_import = $id",
        {"id": int(import_id), "sign": int(sign)})


def _apply_source(con) -> None:
    """Merge the counts of `rollup_source` (dossier versions with a sign) into every derived table."""
    last_before = _last_event_month(con)
    _daily_delta(con)
    _merge(con, "daily_counts", "rollup_delta")
    con.execute(f"CREATE OR REPLACE TEMP TABLE rollup_delta_month AS {_by_month('rollup_delta')}")
    _merge(con, "month_counts", "rollup_delta_month")
    con.execute(f"CREATE OR REPLACE TEMP TABLE rollup_delta_unit AS {_by_unit('rollup_delta', 'day')}")
    _merge(con, "unit_day_counts", "rollup_delta_unit")
    con.execute(f"CREATE OR REPLACE TEMP TABLE rollup_delta_unit AS {_by_unit('rollup_delta_month', 'month')}")
    _merge(con, "unit_month_counts", "rollup_delta_unit")
    for table, (cols, _) in LABELS.items():
        _merge_labels(con, table, cols)
    last_now = _last_event_month(con)
    if last_before is None or last_now is None:  # the cube was empty or is now: nothing to keep
        _restock(con)
    else:  # the other combinations' stock is as it was, run on (or back) to where the cube now ends
        _restock(con, only="rollup_delta_month", last_before=last_before, last_now=last_now)
    source_is_view = con.execute("SELECT count(*) FROM duckdb_views() WHERE temporary AND "
                                 "view_name = 'rollup_source'").fetchall()[0][0]
    con.execute(f"DROP {'VIEW' if source_is_view else 'TABLE'} rollup_source")
    for t in ("rollup_delta", "rollup_delta_month", "rollup_delta_unit"):
        con.execute(f"DROP TABLE {t}")


# daily_counts.sql joins its three parts (received, resolved, pending events: ~2 rows each per
# dossier) side by side. DuckDB cannot take that FULL JOIN to disk: under the writer's memory cap a
# 10 M-row export failed ("Out of Memory", the import refused whole). Rows of the parts one join
# may hold per MB of the cap: 1 M dossiers (2 M rows) went through 512 MB (488 MiB) in one join;
# a larger source is joined in spans of half that, with room.
PART_ROWS_PER_MB = 4_200
JOIN_MARK = "-- The three parts side by side"  # where daily_counts.sql's parts end and its join begins


def _daily_delta(con) -> None:
    """`rollup_delta`: daily_counts.sql over `rollup_source`. A source too large for one join in the
    writer's memory has its three parts made first (aggregates, which DuckDB takes to disk), then
    joined a span of days at a time: every key has one day, so the spans' rows are the whole's."""
    query = _sql("daily_counts")
    budget = PART_ROWS_PER_MB * _memory_mb(con)
    sources = con.execute("SELECT count(*) FROM rollup_source").fetchall()[0][0]
    if 2 * sources <= budget:
        con.execute(f"CREATE OR REPLACE TEMP TABLE rollup_delta AS {query}")
        return
    parts, join = query[:query.index(JOIN_MARK)], query[query.index(JOIN_MARK):]
    for part in ("received", "resolved", "pending"):
        con.execute(f"CREATE OR REPLACE TEMP TABLE rollup_{part} AS {parts} SELECT * FROM {part}")
    # spans of whole days, each with at most this many rows of the three parts together (every
    # row has a day: received_at is NOT NULL, and the other parts' days are filtered non-null)
    budget = max(1, budget // 2)
    spans = con.execute("""
        WITH per_day AS (
            SELECT day, count(*) AS n FROM (SELECT day FROM rollup_received UNION ALL SELECT day FROM rollup_resolved
                                            UNION ALL SELECT day FROM rollup_pending)
            GROUP BY day
        ),
        numbered AS (SELECT day, (sum(n) OVER (ORDER BY day) - 1) // $budget AS span FROM per_day)
        SELECT min(day), max(day) FROM numbered GROUP BY span ORDER BY span""", {"budget": budget}).fetchall()
    spanned = (" AS (SELECT * FROM rollup_{0} WHERE day BETWEEN $lo AND $hi)")
    with_parts = "WITH " + ", ".join(f"{part}{spanned.format(part)}" for part in ("received", "resolved", "pending"))
    for i, (lo, hi) in enumerate(spans):
        head = "CREATE OR REPLACE TEMP TABLE rollup_delta AS" if i == 0 else "INSERT INTO rollup_delta"
        con.execute(f"{head} {with_parts} {join}", {"lo": lo, "hi": hi})
    for part in ("received", "resolved", "pending"):
        con.execute(f"DROP TABLE rollup_{part}")


def _memory_mb(con) -> int:
    """The connection's memory limit in MB ('488.2 MiB', '7.4 GiB' …)."""
    text = con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0]
    number, _, unit = text.partition(" ")
    scale = {"bytes": 1 / 2**20, "KiB": 1 / 1024, "MiB": 1, "GiB": 1024, "TiB": 2**20,
             "KB": 1e3 / 2**20, "MB": 1e6 / 2**20, "GB": 1e9 / 2**20, "TB": 1e12 / 2**20}.get(unit, 1)
    return max(1, int(float(number) * scale))


def _by_month(source: str) -> str:
    return (f"SELECT CAST(date_trunc('month', day) AS DATE) AS month, unit_code, procedure_code, online_level, "
            f"CAST(sum(COLUMNS(* EXCLUDE (day, unit_code, procedure_code, online_level))) AS BIGINT) "
            f"FROM {source} GROUP BY ALL")


def _by_unit(source: str, when: str) -> str:
    """Procedures and levels summed away: the per-unit tables."""
    return (f"SELECT {when}, unit_code, CAST(sum(COLUMNS(* EXCLUDE ({when}, unit_code, procedure_code, "
            f"online_level))) AS BIGINT) FROM {source} GROUP BY ALL")


def _merge(con, table: str, delta: str) -> None:
    """Add `delta`'s rows to `table` in one MERGE: counts of keys already there are added to, new
    keys are inserted, and rows that now add up to nothing at all leave the table. Only the keys
    the delta names are touched (rewriting every row of the days it touched cost seconds per
    large import)."""
    dims = DIMENSIONS[table]
    # the delta has the table's columns (what makes them is what made the table)
    counts = [c[0] for c in con.execute(f"SELECT * FROM {delta} LIMIT 0").description if c[0] not in dims]
    nonzero = " OR ".join(f"d.{c} <> 0" for c in counts)
    when = dims[0]
    touched = con.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {when} IN "
                          f"(SELECT DISTINCT {when} FROM {delta}) LIMIT 1)").fetchall()[0][0]
    if not touched:  # days (months) the table has nothing on yet, as a new month's export: only new rows
        con.execute(f"INSERT INTO {table} BY NAME SELECT d.* FROM {delta} AS d WHERE {nonzero}")
        return
    lo, hi = con.execute(f"SELECT min({when}), max({when}) FROM {delta}").fetchall()[0]
    # the delta's first and last day as constants: DuckDB then reads only the table's row groups
    # of those days (it is kept in time order) instead of scanning all of it for the keys
    con.execute(f"""
        MERGE INTO {table} AS t USING {delta} AS d
        ON t.{when} BETWEEN $lo AND $hi AND {' AND '.join(f't.{k} IS NOT DISTINCT FROM d.{k}' for k in dims)}
        WHEN MATCHED AND {' AND '.join(f't.{c} + d.{c} = 0' for c in counts)} THEN DELETE
        WHEN MATCHED THEN UPDATE SET {', '.join(f'{c} = t.{c} + d.{c}' for c in counts)}
        WHEN NOT MATCHED AND ({nonzero}) THEN INSERT BY NAME""", {"lo": lo, "hi": hi})


def _merge_labels(con, table: str, cols: str) -> None:
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE rollup_labels AS
        SELECT {cols}, sum(dossiers) AS dossiers FROM (
            SELECT {cols}, dossiers FROM {table}
            UNION ALL SELECT {cols}, sum(_sign) FROM rollup_source GROUP BY ALL)
        GROUP BY ALL HAVING sum(dossiers) <> 0""")
    con.execute(f"DELETE FROM {table}")
    con.execute(f"INSERT INTO {table} SELECT * FROM rollup_labels")
    con.execute("DROP TABLE rollup_labels")


def _last_event_month(con):
    """The cube's last month with a pending event: where every combination's month-end stock ends."""
    return con.execute("SELECT max(month) FROM month_counts WHERE pending_delta <> 0 OR overdue_delta <> 0 "
                       "OR pending_no_due_delta <> 0").fetchall()[0][0]


STOCK_KEY = ("unit_code", "procedure_code", "online_level")


def _restock(con, only: str | None = None, last_before=None, last_now=None) -> None:
    """Pending at each month's end: the running sum of the monthly pending events, per unit,
    procedure and level, for every month from its first event to the cube's last month. With
    `only` (a delta of the cube), only the combinations whose pending events it changed are
    recomputed: at 10 M dossiers the whole table took 0.7 s in every import, however small. The
    others' events are as they were, all of them up to `last_before` (the cube's last month then):
    when a new month's export moves the cube's end on to `last_now`, their stock at `last_before`
    carries on unchanged to each month after it (nothing happens to them there); when an undo moves
    it back, their months after `last_now` go."""
    if only is None:
        con.execute("DELETE FROM month_stock")
        con.execute("CREATE OR REPLACE TEMP VIEW stock_events AS SELECT * FROM month_counts")
        con.execute(f"INSERT INTO month_stock BY NAME (SELECT * FROM ({_sql('month_stock')}) ORDER BY month)")
        con.execute("DROP VIEW stock_events")
    else:
        con.execute(f"""
            CREATE OR REPLACE TEMP TABLE stock_keys AS
            SELECT DISTINCT {', '.join(STOCK_KEY)} FROM {only}
            WHERE pending_delta <> 0 OR overdue_delta <> 0 OR pending_no_due_delta <> 0""")
        same_key = " AND ".join(f"k.{c} IS NOT DISTINCT FROM s.{c}" for c in STOCK_KEY)
        con.execute(f"DELETE FROM month_stock AS s WHERE EXISTS (SELECT 1 FROM stock_keys AS k WHERE {same_key})")
        if last_now > last_before:  # the changed combinations' rows are gone: these are the others'
            con.execute("""
                INSERT INTO month_stock BY NAME
                SELECT CAST(m.month AS DATE) AS month, s.* EXCLUDE (month)
                FROM (SELECT unnest(generate_series(CAST($before AS DATE) + INTERVAL 1 MONTH, CAST($now AS DATE),
                                                    INTERVAL 1 MONTH)) AS month) AS m,
                     (SELECT * FROM month_stock WHERE month = $before) AS s
                ORDER BY m.month""", {"before": last_before, "now": last_now})
        elif last_now < last_before:
            con.execute("DELETE FROM month_stock WHERE month > $now", {"now": last_now})
        # month_stock.sql reads `stock_events`: here the cube's rows of those combinations only
        con.execute(f"""
            CREATE OR REPLACE TEMP VIEW stock_events AS
            SELECT s.* FROM month_counts AS s SEMI JOIN stock_keys AS k ON {same_key}""")
        con.execute(f"INSERT INTO month_stock BY NAME ({_sql('month_stock')})")
        con.execute("DROP VIEW stock_events")
        con.execute("DROP TABLE stock_keys")
    con.execute("DELETE FROM unit_month_stock")
    con.execute("INSERT INTO unit_month_stock SELECT month, unit_code, sum(pending), sum(overdue), sum(pending_no_due) "
                "FROM month_stock GROUP BY ALL")
