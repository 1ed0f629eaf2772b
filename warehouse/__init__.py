"""The DuckDB warehouse: where the database lives, opening it, and versioned migrations.

The app, the CLI and the tests all open the database through `connect`, so every one of
them sees the same schema version. The connection layer is DuckDB's own Python API rather
than SQLAlchemy: the pages need Arrow transfer and the import needs `read_csv`, `register`
and bulk `INSERT … SELECT`, none of which SQLAlchemy passes through; the SQL itself stays
in plain `.sql` files with named parameters so a server database can follow later.
"""
from __future__ import annotations

import os
import re
import time
from contextlib import contextmanager
from pathlib import Path

import duckdb

ROOT = Path(__file__).parent.parent
MIGRATIONS = Path(__file__).parent / "migrations"
DEFAULT_DB = ROOT / "data" / "cchc.duckdb"
ENV_VAR = "CCHC_DB"


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The database file: an explicit path, else $CCHC_DB, else the embedded default."""
    return Path(path or os.environ.get(ENV_VAR) or DEFAULT_DB)


LOCK_WAIT_SECONDS = float(os.environ.get("CCHC_LOCK_WAIT", "60"))


def connect(
    path: str | os.PathLike | None = None, read_only: bool = False, wait: float | None = None
) -> duckdb.DuckDBPyConnection:
    """Open (creating and migrating if needed) the warehouse.

    DuckDB lets one process write a file at a time: the app reads in short sessions, so an
    import from the command line only ever waits for a query to finish, and the other way
    round. While another process holds the file we retry for up to `wait` seconds.
    """
    p = db_path(path)
    if not read_only:
        p.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + (LOCK_WAIT_SECONDS if wait is None else wait)
    while True:
        try:
            con = duckdb.connect(str(p), read_only=read_only)
            break
        except (duckdb.IOException, duckdb.ConnectionException) as e:
            # Another process holds the file ("lock"), or this process has it open the other
            # way round (read-only vs read-write, "different configuration"): both pass soon.
            text = str(e).lower()
            if ("lock" not in text and "different configuration" not in text) or time.monotonic() > deadline:
                raise
            time.sleep(0.1)
    install_macros(con)  # before migrating: a migration may use them
    if not read_only:
        migrate(con)
        if get_meta(con, "rollups_stale"):  # a migration changed the derived tables
            from . import rollups

            con.execute("BEGIN TRANSACTION")
            try:
                rollups.rebuild(con)
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
    if schema_version(con):
        install_engine(con)
    return con


@contextmanager
def session(path: str | os.PathLike | None = None, read_only: bool = False, wait: float | None = None):
    """A connection that is closed (and the file's lock released) at the end of the block."""
    con = connect(path, read_only=read_only, wait=wait)
    try:
        yield con
    finally:
        con.close()


def install_macros(con) -> None:
    """The temporary SQL helpers (folding, dates, numbers) the import and queries use."""
    con.execute((Path(__file__).parent / "macros.sql").read_text(encoding="utf-8"))


def install_engine(con) -> None:
    """The metric engine's table macros (scope, period counts): they read the warehouse's tables,
    so they are made once those exist."""
    from queries import sql  # the engine's SQL, with its generated metric fragments

    con.execute(sql("engine"))


def _migrations() -> list[tuple[int, Path]]:
    found = []
    for f in sorted(MIGRATIONS.glob("*.sql")):
        m = re.match(r"(\d+)_", f.name)
        if m:
            found.append((int(m.group(1)), f))
    return found


def schema_version(con) -> int:
    row = con.execute(
        "SELECT max(version) FROM schema_migrations"
    ).fetchall()[0][0]
    return row or 0


def migrate(con) -> int:
    """Apply every migration newer than the database, each in its own transaction."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR, applied_at TIMESTAMP DEFAULT current_timestamp)"
    )
    done = {v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
    for version, f in _migrations():
        if version in done:  # every one not yet applied, also one numbered below the newest
            continue
        con.execute("BEGIN TRANSACTION")
        try:
            con.execute(f.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, f.name])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return schema_version(con)


def get_meta(con, key: str, default: str | None = None) -> str | None:
    rows = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchall()
    return rows[0][0] if rows else default


def set_meta(con, key: str, value: str) -> None:
    con.execute(
        "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )


def is_demo(con) -> bool:
    """True while the database holds only the bundled demo province."""
    return get_meta(con, "dataset") == "demo"


def data_version(con) -> int:
    """Changes whenever data changes: the key the app caches query results under."""
    return con.execute("SELECT coalesce(max(import_id), 0) FROM import_log").fetchall()[0][0] * 1000 + int(
        get_meta(con, "generation", "0")
    )


def is_empty(con) -> bool:
    return con.execute(
        "SELECT (SELECT count(*) FROM dossiers) + (SELECT count(*) FROM units) + (SELECT count(*) FROM import_log)"
    ).fetchall()[0][0] == 0
