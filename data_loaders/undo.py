"""Undoing an import: its rows return to what they were before it, in one transaction.

An import keeps the versions of rows it replaced (`dossier_history`, `unit_history`, …, with
`replaced_by_import`). Undoing import X deletes the rows X wrote or changed and puts those
versions back, brings the rollups in step (by the difference for a dossier import, as imports do;
by a rebuild for units and procedures, whose names and levels reach any dossier), and logs the
undo as a line of the import log.

When a later import (not itself undone) changed rows that X wrote, undoing X would throw that
later import's changes away too: the undo is refused, naming the later import(s); undo them
first (newest first), then X.
"""
from __future__ import annotations

import datetime as dt

import duckdb

import warehouse
from warehouse import rollups, transaction

from .writes import HISTORY, TABLES

# Kinds whose import can also fill dossiers' codes (dossiers matched to a unit or procedure by name).
NAME_MATCHING = ("units", "procedures")

MESSAGES = {
    "not_found": ("Không có lần nhập số {id}.", "No import number {id}."),
    "not_written": ("Lần nhập số {id} không ghi dữ liệu nào (trạng thái: {status}); không có gì để hoàn tác.",
                    "Import {id} wrote nothing (status: {status}); there is nothing to undo."),
    "demo": ("Dữ liệu mẫu không hoàn tác được; nó tự bị thay khi nhập dữ liệu thật.",
             "The demo data cannot be undone; the first real import replaces it."),
    "kind": ("Chưa hỗ trợ hoàn tác loại dữ liệu «{kind}».", "Undoing imports of kind '{kind}' is not supported."),
    "already": ("Lần nhập số {id} đã được hoàn tác (bởi {by}, lúc {at}).", "Import {id} was already undone (by {by}, at {at})."),
    "later": ("Không hoàn tác được: lần nhập sau số {later} đã thay đổi dữ liệu của lần nhập số {id}. "
              "Hãy hoàn tác lần nhập số {later} trước.",
              "Cannot undo: the later import {later} changed rows written by import {id}. Undo import {later} first."),
    "not_yours": ("Cán bộ chỉ hoàn tác được lần nhập của chính mình (lần nhập số {id} do {by} thực hiện).",
                  "Staff can only undo their own imports (import {id} was made by {by})."),
    "role": ("Cần quyền cán bộ hoặc quản trị để hoàn tác.", "Undoing needs the staff or admin role."),
    "out_of_memory": (
        "Hoàn tác lần nhập số {id} cần nhiều bộ nhớ hơn mức dành cho việc ghi ({limit}); cơ sở dữ liệu được giữ "
        "nguyên. Hãy hoàn tác bằng dòng lệnh (cli.py undo {id}) với biến môi trường CCHC_WRITE_MEMORY lớn hơn, "
        "ví dụ CCHC_WRITE_MEMORY={larger}.",
        "Undoing import {id} needs more memory than is set aside for writing ({limit}); the database is "
        "unchanged. Undo it from the command line (cli.py undo {id}) with a larger CCHC_WRITE_MEMORY, e.g. "
        "CCHC_WRITE_MEMORY={larger}."),
}


class UndoRefused(Exception):
    def __init__(self, reason: str, **params):
        self.reason = reason
        vi, en = MESSAGES[reason]
        self.message_vi, self.message_en = vi.format(**params), en.format(**params)
        super().__init__(f"{self.message_vi} / {self.message_en}")


def _key_match(key: tuple[str, ...], a: str, b: str) -> str:
    return " AND ".join(f"{a}.{k} = {b}.{k}" for k in key)


def check_undo(con, import_id: int, user: str | None = None, role: str | None = None) -> dict:
    """The import's log line if it may be undone by this user; UndoRefused otherwise.
    `role` None (the command line, run by whoever has the database file) skips the role check."""
    cur = con.execute("SELECT * FROM import_log WHERE import_id = ?", [import_id])
    rows = cur.fetchall()
    if not rows:
        raise UndoRefused("not_found", id=import_id)
    log = dict(zip([d[0] for d in cur.description], rows[0]))
    if role is not None and role not in ("staff", "admin"):
        raise UndoRefused("role")
    if log["kind"] == "demo":
        raise UndoRefused("demo")
    if log["status"] != "ok":
        raise UndoRefused("not_written", id=import_id, status=log["status"])
    if log["kind"] not in HISTORY:
        raise UndoRefused("kind", kind=log["kind"])
    done = con.execute("SELECT undone_by, undone_at FROM import_undos WHERE import_id = ?", [import_id]).fetchall()
    if done:
        raise UndoRefused("already", id=import_id, by=done[0][0], at=f"{done[0][1]:%d/%m/%Y %H:%M}")
    if role == "staff" and (log["imported_by"] or "") != (user or ""):
        raise UndoRefused("not_yours", id=import_id, by=log["imported_by"])
    later = later_imports(con, import_id, log["kind"])
    if later:
        raise UndoRefused("later", id=import_id, later=", ".join(map(str, later)))
    return log


def later_imports(con, import_id: int, kind: str) -> list[int]:
    """Later imports that changed rows this import wrote or replaced (in any history table:
    a units import can also have filled dossiers' unit codes)."""
    found: set[int] = set()
    for k in {kind, "dossiers"} if kind in NAME_MATCHING else {kind}:
        table, key, _ = TABLES[k]
        hist = HISTORY[k]
        touched = (f"SELECT {', '.join(key)} FROM {hist} WHERE replaced_by_import = $id "
                   f"UNION SELECT {', '.join(key)} FROM {table} WHERE import_id = $id")
        rows = con.execute(
            f"""
            SELECT DISTINCT h.replaced_by_import FROM {hist} AS h
            SEMI JOIN ({touched}) AS t ON {_key_match(key, 'h', 't')}
            WHERE h.replaced_by_import > $id
            """,
            {"id": import_id},
        ).fetchall()
        found.update(r[0] for r in rows)
    return sorted(found)


def undo_import(con, import_id: int, user: str, role: str | None = None) -> dict:
    """Undo one import (see the module's rule); returns {undo_id, removed, restored}."""
    try:
        return _undo(con, import_id, user, role)
    except duckdb.OutOfMemoryException:  # rolled back whole: say what to do, not DuckDB's words
        raise UndoRefused("out_of_memory", id=import_id, **warehouse.write_memory_advice()) from None


def _undo(con, import_id: int, user: str, role: str | None) -> dict:
    started = dt.datetime.now().replace(microsecond=0)
    with transaction(con):
        log = check_undo(con, import_id, user, role)  # inside the transaction: nobody slips in between
        kinds = [log["kind"], "dossiers"] if log["kind"] in NAME_MATCHING else [log["kind"]]
        if log["kind"] == "dossiers":
            rollups.undo_source(con, import_id)  # the counts of what is about to go and come back
        removed = restored = 0
        for k in kinds:
            table, key, _ = TABLES[k]
            hist = HISTORY[k]
            back = f"(SELECT * EXCLUDE (replaced_by_import) FROM {hist} WHERE replaced_by_import = $id)"
            n_back = con.execute(f"SELECT count(*) FROM {back}", {"id": import_id}).fetchall()[0][0]
            n_now = con.execute(
                f"SELECT count(*) FROM {table} AS t WHERE t.import_id = $id AND NOT EXISTS "
                f"(SELECT 1 FROM {back} AS b WHERE {_key_match(key, 'b', 't')})", {"id": import_id}
            ).fetchall()[0][0]
            con.execute(
                f"DELETE FROM {table} AS t WHERE t.import_id = $id OR EXISTS "
                f"(SELECT 1 FROM {back} AS b WHERE {_key_match(key, 'b', 't')})", {"id": import_id}
            )
            con.execute(f"INSERT INTO {table} BY NAME (SELECT * FROM {back})", {"id": import_id})
            con.execute(f"DELETE FROM {hist} WHERE replaced_by_import = $id", {"id": import_id})
            if k == log["kind"]:
                removed, restored = n_now, n_back
        if log["kind"] == "dossiers":
            rollups.apply_undo(con)
        elif log["kind"] in ("units", "procedures"):
            rollups.rebuild(con)  # their name matching and catalogue levels reach any dossier
        undo_id = con.execute("SELECT nextval('import_id_seq')").fetchall()[0][0]
        now = dt.datetime.now().replace(microsecond=0)
        con.execute(
            """
            INSERT INTO import_log (import_id, file_name, file_hash, kind, status, message, rows_read,
                rows_imported, rows_updated, imported_by, started_at, finished_at)
            VALUES (?, ?, '', ?, 'undo', ?, 0, 0, ?, ?, ?, ?)
            """,
            [undo_id, log["file_name"], log["kind"],
             f"Hoàn tác lần nhập số {import_id}: xóa {removed} dòng, khôi phục {restored} dòng / "
             f"Undo of import {import_id}: {removed} rows removed, {restored} restored",
             restored, user, started, now],
        )
        con.execute("INSERT INTO import_undos VALUES (?, ?, ?, ?, ?, ?)",
                    [import_id, undo_id, user, now, removed, restored])
    return {"import_id": import_id, "undo_id": undo_id, "removed": removed, "restored": restored}
