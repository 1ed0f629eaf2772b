"""The DuckDB warehouse: where the database lives, opening it, and versioned migrations.

The app, the CLI and the tests all open the database through `connect`, so every one of
them sees the same schema version. The connection layer is DuckDB's own Python API rather
than SQLAlchemy: the pages need Arrow transfer and the import needs `read_csv`, `register`
and bulk `INSERT … SELECT`, none of which SQLAlchemy passes through; the SQL itself stays
in plain `.sql` files with named parameters so a server database can follow later.
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import time
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

import duckdb

ROOT = Path(__file__).parent.parent
MIGRATIONS = Path(__file__).parent / "migrations"
DEFAULT_DB = ROOT / "data" / "cchc.duckdb"
ENV_VAR = "CCHC_DB"
log = logging.getLogger(__name__)


def db_path(path: str | os.PathLike | None = None) -> Path:
    """The database file: an explicit path, else $CCHC_DB, else the embedded default."""
    return Path(path or os.environ.get(ENV_VAR) or DEFAULT_DB)


LOCK_WAIT_SECONDS = float(os.environ.get("CCHC_LOCK_WAIT", "60"))
# DuckDB attaches a file once per process: two app sessions opening it at the same instant race
# inside DuckDB ("Unique file handle conflict"). Opening is quick, so it is done one at a time.
_OPENING = threading.Lock()
# DuckDB's own memory for a writing connection (imports, undo): beyond it DuckDB works on disk.
# Without it DuckDB takes up to 80 % of the machine, and one large upload could starve the
# server; with it an import stays under the bound bench/memory.py checks (README, "Limits").
WRITE_MEMORY = os.environ.get("CCHC_WRITE_MEMORY", "512MB")
if not re.fullmatch(r"\d+(\.\d+)?\s*(KB|MB|GB|KiB|MiB|GiB)", WRITE_MEMORY.strip()):
    WRITE_MEMORY = "512MB"
MAGIC_OFFSET, MAGIC = 8, b"DUCK"  # where every DuckDB file says what it is


def write_memory_advice() -> dict:
    """The writer's cap and four times it, for a message that a file or an undo did not fit
    (512MB → 2048MB: what a 10 M-row update of every dossier needed)."""
    number, unit = re.fullmatch(r"([\d.]+)\s*(\w+)", WRITE_MEMORY.strip()).groups()  # checked above
    return {"limit": WRITE_MEMORY, "larger": f"{float(number) * 4:g}{unit}"}

MESSAGES = {
    "missing": ("Không có cơ sở dữ liệu tại {path}. Kiểm tra lại --db hoặc biến CCHC_DB; muốn tạo mới ở đó thì "
                "thêm --create vào lệnh (ví dụ: python3 cli.py --db {path} --create setting).",
                "There is no database at {path}. Check --db or the CCHC_DB variable; to make a new one there, add "
                "--create to the command (e.g. python3 cli.py --db {path} --create setting)."),
    "not_duckdb": ("{path} không phải tệp cơ sở dữ liệu DuckDB. Kiểm tra lại --db hoặc biến "
                   "CCHC_DB (tệp dữ liệu cần nhập thì dùng lệnh import).",
                   "{path} is not a DuckDB database file. Check --db or the CCHC_DB variable (a data file is "
                   "imported with the import command)."),
    "busy": ("Cơ sở dữ liệu đang bận: một tiến trình khác (có thể là một lần nhập) giữ tệp {path} quá {seconds} "
             "giây. Chờ tiến trình đó xong rồi thử lại (thời gian chờ đặt bằng biến CCHC_LOCK_WAIT).",
             "The database is busy: another process (an import, perhaps) has held {path} for more than {seconds} "
             "seconds. Wait for it to finish, then try again (CCHC_LOCK_WAIT sets how long to wait)."),
    "read_only": ("Không ghi được vào cơ sở dữ liệu {path}: ổ đĩa chỉ cho đọc hoặc thiếu quyền ghi. Xem số liệu "
                  "vẫn được; muốn nhập dữ liệu, đăng nhập hay đổi thiết lập, hãy cấp quyền ghi cho tệp và thư mục "
                  "chứa nó.",
                  "Cannot write to the database {path}: the disk is read-only or write permission is missing. "
                  "Reading still works; to import, sign in or change settings, give write access to the file and "
                  "its folder."),
    "unreadable": ("Không mở được cơ sở dữ liệu {path}: {detail}", "Cannot open the database {path}: {detail}"),
}


class WarehouseError(Exception):
    """The database file cannot be used as asked: what is wrong and what to do, in both languages."""

    def __init__(self, reason: str, **params):
        self.reason = reason
        vi, en = MESSAGES[reason]
        self.message_vi, self.message_en = vi.format(**params), en.format(**params)
        super().__init__(f"{self.message_vi} / {self.message_en}")


def check_file(path: str | os.PathLike, create: bool = False) -> Path:
    """Refuse a path that is not a database before DuckDB sees it: a missing file (unless
    `create`: a mistyped --db or CCHC_DB must not quietly start a new, empty warehouse) and a
    file that is not DuckDB's (DuckDB would happily open `units.csv` as a database)."""
    p = Path(path)
    if p.is_dir():
        raise WarehouseError("not_duckdb", path=p)
    if not p.exists():
        if create:
            return p
        raise WarehouseError("missing", path=p)
    try:
        with open(p, "rb") as f:
            head = f.read(MAGIC_OFFSET + len(MAGIC))
    except OSError as e:
        raise WarehouseError("unreadable", path=p, detail=e.strerror or type(e).__name__) from e
    if head[MAGIC_OFFSET:] != MAGIC:
        raise WarehouseError("not_duckdb", path=p)
    return p


def _refusal(e: Exception, p: Path, wait: float) -> WarehouseError | None:
    """DuckDB's English error about the file, as what is wrong and what to do (None: not about the file)."""
    text = str(e).lower()
    if "lock" in text or "different configuration" in text or "already attached" in text:
        return WarehouseError("busy", path=p, seconds=int(wait))
    if "read-only file system" in text or "permission denied" in text:
        return WarehouseError("read_only", path=p)
    if "not a valid duckdb database" in text:
        return WarehouseError("not_duckdb", path=p)
    return None


def connect(
    path: str | os.PathLike | None = None, read_only: bool = False, wait: float | None = None, create: bool = True
) -> duckdb.DuckDBPyConnection:
    """Open (creating and migrating if needed) the warehouse.

    DuckDB lets one process write a file at a time: the app reads in short sessions, so an
    import from the command line only ever waits for a query to finish, and the other way
    round. While another process holds the file we retry for up to `wait` seconds.
    `create=False` refuses a path where no database exists yet (see `check_file`).
    A read-only open writes nothing, unless the file's schema is older than the code.
    """
    p = check_file(db_path(path), create=create and not read_only)
    wait = LOCK_WAIT_SECONDS if wait is None else wait
    if not read_only:
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
        except OSError as e:
            raise WarehouseError("read_only", path=p) from e
    deadline = time.monotonic() + wait
    while True:
        try:
            with _OPENING:
                con = duckdb.connect(str(p), read_only=read_only,
                                     config={} if read_only else {"memory_limit": WRITE_MEMORY})
            break
        except (duckdb.IOException, duckdb.ConnectionException, duckdb.ResourceInUseException) as e:
            # Another process holds the file ("lock"), or this process has it open the other
            # way round (read-only vs read-write, "different configuration"): both pass soon.
            refusal = _refusal(e, p, wait)
            if refusal is None:
                raise WarehouseError("unreadable", path=p, detail=str(e).splitlines()[0]) from e
            if refusal.reason != "busy" or time.monotonic() > deadline:
                raise refusal from e
            time.sleep(0.1)
    stored = read_only and macros_stored(con)
    if not stored:
        install_macros(con)  # before migrating: a migration may use them
    if not read_only:
        migrate(con)
        if get_meta(con, "rollups_stale"):  # a migration changed the derived tables
            from . import rollups

            with transaction(con):
                rollups.rebuild(con)
    elif _behind(con):  # a file from before the latest migration: migrate once, then read
        con.close()
        with session(p, wait=wait, create=False):
            pass
        return connect(p, read_only=True, wait=wait, create=False)
    if schema_version(con) and not stored:
        install_engine(con)
        if not read_only:
            _store_macros(con)
    return con


def _behind(con) -> bool:
    """Whether some migration of the code has not been applied to this file yet."""
    try:
        done = {v for (v,) in con.execute("SELECT version FROM schema_migrations").fetchall()}
    except duckdb.CatalogException:  # no schema_migrations table: nothing migrated yet
        return True
    return any(v not in done for v, _f in _migrations())


@contextmanager
def session(path: str | os.PathLike | None = None, read_only: bool = False, wait: float | None = None,
            create: bool = True):
    """A connection that is closed (and the file's lock released) at the end of the block."""
    con = connect(path, read_only=read_only, wait=wait, create=create)
    try:
        yield con
    finally:
        con.close()


@contextmanager
def transaction(con, commit: bool = True):
    """The block's writes as one transaction: BEGIN, then COMMIT when the block ends, or ROLLBACK
    when it raises (anything, an interrupt included), and the block's exception goes on. With
    `commit=False` (a dry run) the block's end rolls back too: everything is checked, nothing kept.

    A COMMIT that fails is not rolled back: DuckDB has already ended that transaction (a second
    ROLLBACK would only say "no transaction is active" and hide why the commit failed). A ROLLBACK
    that fails is never ignored: it means the connection is in a state nobody can vouch for, so
    that failure is what is raised, with the block's exception as its cause (both are in the
    traceback), and it is logged."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException as error:
        try:
            con.execute("ROLLBACK")
        except duckdb.Error as failed:
            log.error("ROLLBACK failed after %s: %s", type(error).__name__, failed)
            raise failed from error
        raise
    con.execute("COMMIT" if commit else "ROLLBACK")


def _macros_sql() -> str:
    return (Path(__file__).parent / "macros.sql").read_text(encoding="utf-8")


def _engine_sql() -> str:
    from queries import engine_sql  # the engine's SQL, with its generated metric fragments and copies

    return engine_sql()


def install_macros(con) -> None:
    """The temporary SQL helpers (folding, dates, numbers) the import and queries use."""
    con.execute(_macros_sql())


def install_engine(con) -> None:
    """The metric engine's table macros (scope, period counts): they read the warehouse's tables,
    so they are made once those exist."""
    con.execute(_engine_sql())


# Creating the macros takes ~40 ms, half of what opening the file costs, and the app opens it
# read-only for every script run (every click). So a writer also stores them in the file, with
# the hash of their text, and a reader whose code has the same text uses the stored ones. A
# reader with other code (a file written by another version) creates its own as before: temporary
# macros come before the file's in DuckDB's search path.
MACROS_META = "macros"


@lru_cache(maxsize=1)
def _macros_hash() -> str:
    return hashlib.sha256((_macros_sql() + "\n" + _engine_sql()).encode("utf-8")).hexdigest()[:16]


def macros_stored(con) -> bool:
    try:
        return get_meta(con, MACROS_META) == _macros_hash()
    except duckdb.CatalogException:  # no meta table yet: a new or very old file
        return False


def store_macros(path: str | os.PathLike) -> bool:
    """Store this code's macros in the file when they are not there (a server's first start after
    an upgrade, before any import has): False when the file cannot be written now (a read-only
    disk, another writer), and readers then make their own, as before."""
    try:
        with session(path, wait=0, create=False):  # a writer's connect stores them
            return True
    except (WarehouseError, duckdb.Error, OSError) as e:
        log.info("macros not stored in %s: %s", path, e)
        return False


def _store_macros(con) -> None:
    if get_meta(con, MACROS_META) == _macros_hash():
        return
    with transaction(con):
        for text in (_macros_sql(), _engine_sql()):  # the same text, made part of the file
            con.execute(text.replace("CREATE OR REPLACE TEMP MACRO", "CREATE OR REPLACE MACRO"))
        set_meta(con, MACROS_META, _macros_hash())


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
        with transaction(con):
            con.execute(f.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, f.name])
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
