"""What an import tells: the report the upload page and the command line show (the first rows
under our column names, the first rejected rows with their reasons, dates, units and months of a
dossier file, units a score file added), and the import's line and rejected rows in the log.
"""
from __future__ import annotations

import datetime as dt
import json

from .messages import ROW_REASONS

PREVIEW_ROWS = 10
REJECTED_SAMPLE = 20


def fill_report(con, kind: str, mapping: dict[int, str], result) -> None:
    """What the upload page shows before and after writing: the first rows under our column
    names, the first rejected rows with their reasons, and for dossiers the dates and units."""
    cols = sorted(mapping.items())
    select = ", ".join(f"c{int(i)} AS \"{name}\"" for i, name in cols)
    first = [r for (r,) in con.execute(
        f"SELECT _row FROM staged WHERE _skip IS NULL ORDER BY _row LIMIT {PREVIEW_ROWS}").fetchall()]
    query = (f"SELECT r._row{', ' + select if select else ''} FROM {{rows}} AS r "
             f"WHERE r._row IN (SELECT unnest($first)) ORDER BY r._row")
    # The rows are read in file order and a row's number is at least its place: the first rows up
    # to the last one shown hold them all, and DuckDB stops reading there (reading every row's
    # cells again cost 0.3 s at a million rows). Should it not, every row is read.
    result.preview = []
    if first:
        cur = con.execute(query.format(rows=f"(SELECT * FROM raw_rows LIMIT {int(max(first))})"), {"first": first})
        shown = cur.fetchall()
        if len(shown) < len(first):
            cur = con.execute(query.format(rows="raw_rows"), {"first": first})
            shown = cur.fetchall()
        names = [d[0] for d in cur.description]
        result.preview = [dict(zip(names, row)) for row in shown]
    header_of = {name: h for h, name in result.column_map.items()}
    sample = con.execute(
        f"SELECT _row, column_name, reason, value, rows FROM problems ORDER BY _row, column_name "
        f"LIMIT {REJECTED_SAMPLE}"
    ).fetchall()
    result.rejected_sample = []
    for row, column, reason, value, rows in sample:
        params = {"column": header_of.get(column, column), "value": value or "", "rows": rows or ""}
        vi, en = ROW_REASONS.get(reason, (reason, reason))
        result.rejected_sample.append({
            "row": row, "column": header_of.get(column, column), "reason": reason,
            "message_vi": vi.format(**params), "message_en": en.format(**params),
        })
    if kind != "dossiers":
        result.units_count = 0
        return
    accepted = "FROM staged WHERE _skip IS NULL AND _row NOT IN (SELECT _row FROM problems)"
    first, last = con.execute(f"SELECT min(received_at), max(received_at) {accepted}").fetchall()[0]
    result.date_range = (first.date(), last.date()) if first is not None else None
    result.months = [m for (m,) in con.execute(
        f"""SELECT DISTINCT strftime(d, '%Y-%m') AS m FROM (
                SELECT unnest([received_at, completed_at, returned_at]) AS d {accepted}) WHERE d IS NOT NULL
            ORDER BY m"""
    ).fetchall()]
    units = con.execute(
        f"SELECT unit_code, unit_name, count(*) AS n {accepted} GROUP BY ALL ORDER BY n DESC, unit_code"
    ).fetchall()
    result.units_count = len(units)
    result.units_found = [tuple(u) for u in units[:50]]


def added_units_warning(codes: list[str], shown: int = 5) -> list[dict]:
    """One line for the units a score file added to the registry: how many, the first few, and
    where to review them (a province's first import adds hundreds)."""
    if not codes:
        return []
    first = ", ".join(codes[:shown]) + (" …" if len(codes) > shown else "")
    return [{"added_units": len(codes),
             "vi": f"{len(codes)} đơn vị chưa có trong danh mục đã được thêm và cần kiểm tra ({first}); xem trang "
                   "Chất lượng dữ liệu, mục «Đơn vị mới từ tệp điểm cần kiểm tra».",
             "en": f"{len(codes)} units not in the registry were added and need review ({first}); see the Data "
                   "quality page, 'New units from score files to review'."}]


def insert_log(con, result, user: str, started, strict: bool) -> None:
    con.execute(
        """
        INSERT INTO import_log (import_id, file_name, file_hash, file_size, kind, status, message,
            rows_read, rows_imported, rows_updated, rows_unchanged, rows_skipped, rows_rejected,
            unknown_columns, column_map, headers, encoding, strict, imported_by, started_at, finished_at, warnings,
            mapping_name)
        VALUES ($id, $file_name, $hash, $size, $kind, $status, $message, $read, $imported, $updated,
            $unchanged, $skipped, $rejected, $unknown, $map, $headers, $encoding, $strict, $user, $started, $finished,
            $warnings, $mapping)
        """,
        {
            "id": result.import_id,
            "file_name": result.file_name,
            "hash": result.file_hash or "",
            "size": result.file_size,
            "kind": result.kind,
            "status": result.status,
            "message": (f"{result.message_vi} / {result.message_en}" if result.message_vi else None),
            "read": result.rows_read,
            "imported": result.rows_imported,
            "updated": result.rows_updated,
            "unchanged": result.rows_unchanged,
            "skipped": result.rows_skipped,
            "rejected": result.rows_rejected,
            "headers": json.dumps(result.headers, ensure_ascii=False),
            "unknown": json.dumps(result.unknown_columns, ensure_ascii=False),
            "map": json.dumps(result.column_map, ensure_ascii=False),
            "encoding": result.encoding,
            "strict": strict,
            "user": user,
            "started": started,
            "finished": dt.datetime.now().replace(microsecond=0),
            "warnings": json.dumps(result.warnings, ensure_ascii=False) if result.warnings else None,
            "mapping": result.mapping_name,
        },
    )


def insert_rejected(con, import_id: int, width: int, column_map: dict) -> None:
    """Keep every rejected row with its reasons, in both languages, and the cells as read."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'problems' AND temporary"
    ).fetchall()[0][0]
    if not exists or not con.execute("SELECT count(*) FROM problems").fetchall()[0][0]:
        return
    con.execute("CREATE OR REPLACE TEMP TABLE reason_text (reason VARCHAR, vi VARCHAR, en VARCHAR)")
    con.executemany("INSERT INTO reason_text VALUES (?, ?, ?)", [(k, vi, en) for k, (vi, en) in ROW_REASONS.items()])
    cells = "[" + ", ".join(f"c{i}" for i in range(width)) + "]"
    # Messages name the column as the file does ("Ngày tiếp nhận"), the record keeps our name.
    con.execute("CREATE OR REPLACE TEMP TABLE column_header (column_name VARCHAR, header VARCHAR)")
    if column_map:
        con.executemany("INSERT INTO column_header VALUES (?, ?)", [(c, h) for h, c in column_map.items()])
    con.execute(
        """
        INSERT INTO rejected_rows (import_id, row_number, column_name, reason, message_vi, message_en, raw)
        SELECT $id, p._row, p.column_name, p.reason,
               replace(replace(replace(m.vi, '{column}', coalesce(h.header, p.column_name)), '{value}', coalesce(p.value, '')),
                       '{rows}', coalesce(p.rows, '')),
               replace(replace(replace(m.en, '{column}', coalesce(h.header, p.column_name)), '{value}', coalesce(p.value, '')),
                       '{rows}', coalesce(p.rows, '')),
               CAST(to_json(r.cells) AS VARCHAR)
        FROM problems AS p
        JOIN reason_text AS m USING (reason)
        LEFT JOIN column_header AS h ON h.column_name = p.column_name
        JOIN (SELECT _row, {cells} AS cells FROM raw_rows) AS r ON r._row = p._row
        """.replace("{cells}", cells),
        {"id": import_id},
    )
