"""One import: read → map headers → normalise → validate → write atomically → log.

`import_file` is what the CLI and the upload page call. The database changes in one
transaction or not at all; the import log gets a line either way (a refused or failed
import is logged in its own small transaction after the rollback). With `dry_run=True` the
same steps run inside a transaction that is rolled back: the upload page's preview is the
real import's report, without writing or logging anything.

This module is the order of the steps and the transaction; the SQL that writes the rows is
`writes.py`, what the import reports and logs is `report.py`.
"""
from __future__ import annotations

import datetime as dt
import getpass
import tempfile
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

import warehouse
from warehouse import get_meta, rollups

from . import mappings, read, scores
from .report import added_units_warning, fill_report, insert_log, insert_rejected
from .columns import KINDS
from .messages import FILE_REASONS, REASON_NAMES, ImportRefused
from .normalise import problems_sql, staged_sql
from .writes import TABLES, clear_demo, incoming_sql, match_dossiers_by_name, stored_order, upsert

SUPPORTED = tuple(KINDS)


@dataclass
class ImportResult:
    import_id: int
    file_name: str
    kind: str | None
    status: str  # ok, refused (the file), failed (nothing could be imported, or writing failed)
    reason: str | None = None  # why, when not ok: a key of messages.FILE_REASONS
    message_vi: str = ""
    message_en: str = ""
    rows_read: int = 0
    rows_imported: int = 0
    rows_updated: int = 0
    rows_unchanged: int = 0
    rows_skipped: int = 0
    rows_rejected: int = 0
    skipped: dict = field(default_factory=dict)  # blank, totals, footer, duplicate
    rejected_by_reason: dict = field(default_factory=dict)
    unknown_columns: list = field(default_factory=list)
    column_map: dict = field(default_factory=dict)
    headers: list = field(default_factory=list)
    encoding: str | None = None
    file_hash: str | None = None
    file_size: int | None = None
    warnings: list = field(default_factory=list)  # {vi, en, …}: imported, but a person should look
    period: str | None = None  # portal766: the period the scores belong to
    group: str | None = None  # portal766: the QĐ 766 group the file held
    added_units: list = field(default_factory=list)  # codes added to the registry, flagged for review
    mapping_name: str | None = None  # the saved column mapping used, if any
    mapping_auto: bool = False  # chosen because the file's headers are the ones it was saved from
    ignored_columns: list = field(default_factory=list)  # headers a mapping says not to import
    dry_run: bool = False
    # The report the upload page shows (filled for every import, small):
    preview: list = field(default_factory=list)  # first rows: {"_row": n, canonical name: cell as read}
    rejected_sample: list = field(default_factory=list)  # first rejected rows: row, column, reason, messages
    date_range: tuple | None = None  # (first, last) date received, dossiers only
    months: list = field(default_factory=list)  # "YYYY-MM" the accepted rows touch, dossiers only
    units_found: list = field(default_factory=list)  # (unit code, unit name, rows), most rows first
    units_count: int = 0

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    def summary(self, lang: str = "vi") -> str:
        if lang == "vi":
            head = (
                f"Đọc {self.rows_read} dòng: nhập mới {self.rows_imported}, cập nhật {self.rows_updated}, "
                f"không đổi {self.rows_unchanged}, bỏ qua {self.rows_skipped}, từ chối {self.rows_rejected}."
            )
            msg = self.message_vi
        else:
            head = (
                f"Read {self.rows_read} rows: imported {self.rows_imported}, updated {self.rows_updated}, "
                f"unchanged {self.rows_unchanged}, skipped {self.rows_skipped}, rejected {self.rows_rejected}."
            )
            msg = self.message_en
        return f"{msg} {head}".strip() if msg else head

    def as_dict(self) -> dict:
        return asdict(self)


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def import_file(
    con,
    path,
    kind: str | None = None,
    strict: bool = False,
    user: str | None = None,
    file_name: str | None = None,
    period: str | None = None,
    dry_run: bool = False,
    progress=None,
    mapping: "str | mappings.Mapping | None" = None,
    before_commit=None,
) -> ImportResult:
    """Import one file. Never raises for bad input: the result says what happened.

    `mapping`: a saved column mapping's name, or a Mapping (the upload page's choices); without
    one, a saved mapping made from a file with the same headers is used, and the result says so.

    `dry_run`: the whole import, counts of new, updated and unchanged rows included, inside a
    transaction that is rolled back; nothing is written or logged (import_id is 0).
    `progress(fraction, stage)`: called as the import moves through its steps (for a progress bar).
    `before_commit(con, result)`: called inside the transaction, after the rows and the log line and
    just before COMMIT (never for a dry run); if it raises, the whole import is rolled back. A pull
    saves its source's watermark this way, with the rows or not at all (data_loaders/sources.py).

    This function is the one owner of the import's transaction: reading and validating only make
    temp tables; then one BEGIN, the writing steps (which never commit on their own), and one
    COMMIT (or ROLLBACK for a dry run or a failure)."""
    started = _now()
    user = user or default_user()
    _drop_work_tables(con)  # a previous import on this connection must not leak into this one
    import_id = 0 if dry_run else con.execute("SELECT nextval('import_id_seq')").fetchall()[0][0]
    result = ImportResult(import_id=import_id, file_name=file_name or Path(path).name, kind=kind, status="ok",
                          dry_run=dry_run)
    progress = progress or (lambda fraction, stage: None)
    try:
        _run(con, path, kind, strict, period, result, progress, user, started, mapping, before_commit)
        if result.status != "ok" and not dry_run:
            _log_refusal(con, result, user, started, strict, keep_rejected=result.rows_rejected > 0)
    finally:
        _drop_work_tables(con)
    return result


def _run(con, path, kind, strict, period, result: ImportResult, progress, user, started, mapping,
         before_commit=None) -> None:
    try:
        write = _prepare(con, path, kind, strict, period, result, progress, mapping)
        progress(0.6, "write")
        with warehouse.transaction(con, commit=not result.dry_run):
            write()
            if not result.dry_run:
                insert_log(con, result, user, started, strict)
                insert_rejected(con, result.import_id, len(result.headers), result.column_map)
                if before_commit is not None:
                    before_commit(con, result)
        progress(1.0, "done")
    except ImportRefused as refusal:
        result.status, result.reason = refusal.status, refusal.reason
        result.message_vi, result.message_en = refusal.message_vi, refusal.message_en
    except duckdb.OutOfMemoryException:  # DuckDB could not take a step to disk under the writer's cap
        result.status, result.reason = "failed", "out_of_memory"
        vi, en = FILE_REASONS["out_of_memory"]
        sizes = warehouse.write_memory_advice()
        result.message_vi, result.message_en = vi.format(**sizes), en.format(**sizes)
    except Exception as e:  # a bug or the disk: the database is as before, and we say so
        result.status, result.reason = "failed", "write_failed"
        detail = (str(e).splitlines()[0] if str(e) else type(e).__name__)[:300]
        vi, en = FILE_REASONS["write_failed"]
        result.message_vi, result.message_en = vi.format(detail=detail), en.format(detail=detail)
    if result.status != "ok":
        result.rows_imported = result.rows_updated = result.rows_unchanged = 0


def _prepare(con, path, kind, strict, period, result: ImportResult, progress, mapping=None):
    """Read, map, normalise and validate into temp tables, filling the report; returns the
    function that writes (called inside the transaction). Raises ImportRefused."""
    progress(0.05, "read")
    src = read.inspect(path, file_name=result.file_name)
    result.file_hash, result.encoding, result.file_size = src.sha256, src.encoding, src.size
    if src.format == "json":
        if kind not in (None, "portal766"):
            raise ImportRefused("json_not_portal", kind=kind)
        result.kind = "portal766"
        return _prepare_portal766(con, src, period, result)
    if kind == "portal766":
        raise ImportRefused("kind_needs_json")
    if kind is not None and kind not in SUPPORTED:
        raise ImportRefused("kind_not_supported", kind=kind)
    if isinstance(mapping, str):
        try:
            mapping = mappings.get(con, mapping)
        except mappings.MappingError as e:
            raise ImportRefused("mapping_unknown", name=mapping) from e
    extra = frozenset(mappings.known_headers(con) | set(mapping.columns if mapping else ()))
    with tempfile.TemporaryDirectory(prefix="cchc-import-") as workdir:
        records = read.load(con, src, Path(workdir), extra=extra)
    progress(0.4, "validate")
    if mapping is None:
        mapping = mappings.for_headers(con, src.headers)
        result.mapping_auto = mapping is not None
    kind = kind or (mapping.kind if mapping else None) or read.kind_of(src)
    result.headers = list(src.headers)  # shown even when refused: a person can map them
    if kind is None:
        raise ImportRefused("no_header" if src.header_guessed else "unknown_kind")
    result.kind = kind
    found = read.mapped_columns(src, kind)
    if mapping is not None and mapping.kind == kind:
        found, result.ignored_columns = mapping.apply(src.headers, found)
        result.mapping_name = mapping.name
    else:
        result.mapping_auto = False
    result.column_map = {src.headers[i]: name for i, name in sorted(found.items())}
    result.unknown_columns = [h for i, h in enumerate(src.headers) if i not in found and h
                              and h not in result.ignored_columns]
    _check_columns(kind, set(found.values()))
    result.rows_read = records
    with _planned_lightly(con, records):
        _validate(con, kind, found, len(src.headers), result, src.blank_rows)
        fill_report(con, kind, found, result)
    _keep_rejected_cells(con)
    if result.rows_read == result.rows_skipped:
        raise ImportRefused("no_rows")
    if strict and result.rows_rejected:
        raise ImportRefused("strict_rejected", rejected=result.rows_rejected)
    if result.rows_read == result.rows_skipped + result.rows_rejected:
        top = sorted(result.rejected_by_reason.items(), key=lambda kv: -kv[1])[:3]
        raise ImportRefused("nothing_importable", status="failed", rejected=result.rows_rejected,
                            reasons_vi="; ".join(f"{REASON_NAMES.get(r, (r, r))[0]} ({n})" for r, n in top),
                            reasons_en="; ".join(f"{REASON_NAMES.get(r, (r, r))[1]} ({n})" for r, n in top))
    present = set(found.values())
    return lambda: _write(con, kind, present, result)


# A file up to this many rows is validated without DuckDB's optimizer (below).
SMALL_FILE_ROWS = 20_000


@contextmanager
def _planned_lightly(con, rows: int):
    """Validating a small file: DuckDB's optimizer off, for this connection only. The statements
    that type and check a file's rows are a few hundred expressions over its own temp tables, and
    a small file is planned far longer than it runs (a 5-row file's typed rows: ~180 → ~80 ms, an
    upload of a few hundred rows ~15 % sooner); at 20,000 rows both take the same time, and above
    that the plan pays for itself. Plans change, results never do (tests/test_import.py)."""
    if rows > SMALL_FILE_ROWS:
        yield
        return
    con.execute("SET SESSION enable_optimizer = false")
    try:
        yield
    finally:
        con.execute("RESET SESSION enable_optimizer")


# A dossier needs a unit: its code or its name.
ONE_OF = {"dossiers": (("unit_code", "unit_name"),)}


def _check_columns(kind: str, present: set[str]) -> None:
    """Refuse a file without the columns its kind needs, naming them as a person knows them."""
    cols = {c.name: c for c in KINDS[kind]}
    missing = [(cols[c].label[0] or c, cols[c].label[1] or c) for c in cols if cols[c].required and c not in present]
    for group in ONE_OF.get(kind, ()):
        if not present & set(group):
            missing.append((" hoặc ".join(cols[c].label[0] for c in group),
                            " or ".join(cols[c].label[1] for c in group)))
    if missing:
        raise ImportRefused("missing_columns", columns_vi=", ".join(vi for vi, _ in missing),
                            columns_en=", ".join(en for _, en in missing))


WORK_TABLES = ("raw_rows", "_records", "_rejected_cells", "_offsets", "_xlsx_rows", "staged", "problems", "key_groups",
               "duplicates_skipped", "incoming", "incoming_state", "reason_text", "column_header")


def _prepare_portal766(con, src, period, result: ImportResult):
    """A portal 766 JSON file: parse and recognise the group; the writer replaces it for the period."""
    result.period = scores.normalise_period(period)
    shape, result.group, units, value_warnings = scores.parse_portal766(scores.load_json(src.path))
    result.rows_read = len(units)
    result.headers = [shape, result.group]

    def write():
        if get_meta(con, "dataset") == "demo":
            clear_demo(con)
        counts = scores.write_portal766(con, result.period, result.group, units, result.import_id)
        result.rows_imported, result.rows_updated = counts["new"], counts["changed"]
        result.added_units = counts["added_units"]
        result.warnings = value_warnings + added_units_warning(result.added_units)
    return write


def _drop_work_tables(con) -> None:
    """Drop the temp tables and views an import made (a CSV's rows are a view, an XLSX's a table)."""
    found = con.execute(
        "SELECT table_name, 'TABLE' FROM duckdb_tables() WHERE temporary AND table_name IN (SELECT unnest($t)) "
        "UNION ALL SELECT view_name, 'VIEW' FROM duckdb_views() WHERE temporary AND view_name IN (SELECT unnest($t))",
        {"t": list(WORK_TABLES)},
    ).fetchall()
    # views first: a view over _records would otherwise block dropping it
    for name, kind in sorted(found, key=lambda r: r[1] != "VIEW"):
        con.execute(f"DROP {kind} IF EXISTS temp.{name}")


def default_user() -> str:
    """Who runs an import or undo when nobody says: the operating-system account."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (containers) or no login name
        return "unknown"


def _validate(con, kind: str, mapping: dict[int, str], width: int, result: ImportResult, blank_lines: int) -> None:
    """Build `staged` (typed rows) and `problems`; fill the skip and reject counts."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE staged AS {staged_sql(kind, mapping, width)}")
    con.execute(f"CREATE OR REPLACE TEMP TABLE problems AS {problems_sql(kind, set(mapping.values()))}")
    table, key, value_cols = TABLES[kind]
    _find_duplicates(con, kind, key)
    skips = dict(con.execute("SELECT _skip, count(*) FROM staged WHERE _skip IS NOT NULL GROUP BY 1").fetchall())
    if blank_lines:
        skips["blank"] = skips.get("blank", 0) + blank_lines
    skips["duplicate"] = con.execute("SELECT count(*) FROM duplicates_skipped").fetchall()[0][0]
    result.skipped = {k: v for k, v in skips.items() if v}
    result.rows_skipped = sum(skips.values())
    result.rejected_by_reason = dict(
        con.execute("SELECT reason, count(DISTINCT _row) FROM problems GROUP BY 1 ORDER BY 2 DESC").fetchall()
    )
    result.rows_rejected = con.execute("SELECT count(DISTINCT _row) FROM problems").fetchall()[0][0]


def _keep_rejected_cells(con) -> None:
    """After the report: of the cells as read, keep only the rejected rows' (the rejected-rows
    record shows them). The rest would stay in memory through the write beside their typed copy,
    and the write's work then spilled to disk (DuckDB's writer is capped, WRITE_MEMORY)."""
    kind = con.execute("SELECT CASE WHEN EXISTS (SELECT 1 FROM duckdb_views() WHERE temporary AND "
                       "view_name = 'raw_rows') THEN 'VIEW' ELSE 'TABLE' END").fetchall()[0][0]
    con.execute("CREATE OR REPLACE TEMP TABLE _rejected_cells AS "
                "SELECT * FROM raw_rows WHERE _row IN (SELECT _row FROM problems)")
    con.execute(f"DROP {kind} temp.raw_rows")
    con.execute("DROP TABLE IF EXISTS temp._records")
    con.execute("ALTER TABLE temp._rejected_cells RENAME TO raw_rows")


def _find_duplicates(con, kind: str, key: tuple[str, ...]) -> None:
    """Identical repeats of a key are skipped; conflicting ones are all rejected, naming the rows."""
    keys = ", ".join(key)
    value_cols = [c.name for c in KINDS[kind] if c.name not in key]
    row_hash = f"hash({', '.join(value_cols)})" if value_cols else "0"
    # Repeated keys are rare: find the hashes of keys that repeat (a count over 8-byte numbers,
    # not over a million codes: that spilled to disk), then group those rows by their real keys
    # (two keys with one hash make a group of one each, dropped by the HAVING). No CTE over
    # staged's rows: used twice, DuckDB would copy the whole table into it first.
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE key_groups AS
        WITH repeated AS (
            SELECT hash({keys}) AS h FROM staged
            WHERE _skip IS NULL AND _row NOT IN (SELECT _row FROM problems)
            GROUP BY 1 HAVING count(*) > 1
        )
        SELECT {', '.join('c.' + k for k in key)}, count(*) AS n, count(DISTINCT {row_hash}) AS versions,
               min(_row) AS first_row, string_agg(CAST(_row AS VARCHAR), ', ' ORDER BY _row) AS rows
        FROM staged AS c
        SEMI JOIN repeated AS r ON hash({', '.join('c.' + k for k in key)}) = r.h
        WHERE c._skip IS NULL AND c._row NOT IN (SELECT _row FROM problems)
        GROUP BY {', '.join('c.' + k for k in key)}
        HAVING count(*) > 1
        """
    )
    join = " AND ".join(f"s.{k} IS NOT DISTINCT FROM g.{k}" for k in key)
    con.execute(
        f"""
        INSERT INTO problems
        SELECT s._row, '{key[0]}', 'duplicate_code', concat_ws(' / ', {', '.join('s.' + k for k in key)}), g.rows
        FROM staged AS s JOIN key_groups AS g ON {join}
        WHERE g.versions > 1 AND s._skip IS NULL
        """
    )
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE duplicates_skipped AS
        SELECT s._row FROM staged AS s JOIN key_groups AS g ON {join}
        WHERE g.versions = 1 AND s._row <> g.first_row AND s._skip IS NULL
        """
    )


def _write(con, kind: str, present: set[str], result: ImportResult) -> None:
    """Write the validated rows (inside import_file's transaction; never commits)."""
    table, key, value_cols = TABLES[kind]
    all_cols = (*key, *value_cols)
    if get_meta(con, "dataset") == "demo":
        clear_demo(con)
    if kind == "par":
        counts = scores.write_par(con, result.import_id)
        result.added_units = counts["added_units"]
        result.warnings = counts["warnings"] + added_units_warning(result.added_units)
        result.rows_imported, result.rows_updated = counts.get("new", 0), counts.get("changed", 0)
        result.rows_unchanged = counts.get("same", 0)
        return
    incoming = incoming_sql(kind, present, result.import_id)
    if not con.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT 1)").fetchall()[0][0]:
        # An empty table (the first import): every row is new, no comparison needed.
        con.execute(f"INSERT INTO {table} ({', '.join(all_cols)}, import_id) {incoming} {stored_order(kind)}")
        counts = {"new": con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]}
    else:
        counts = upsert(con, kind, incoming, result.import_id)
    if kind in ("units", "procedures"):
        match_dossiers_by_name(con, kind, result.import_id)
    # A dry run stops before the rollups: they only follow from what is written, and it writes nothing.
    if not result.dry_run:
        if kind == "procedures" and (counts.get("new") or counts.get("changed")):
            rollups.rebuild(con)  # a catalogue's level or fee changes the counts of every dossier of it
        elif kind in ("dossiers", "units", "procedures"):
            rollups.apply_import(con, result.import_id)  # the dossiers this import wrote or re-coded
    result.rows_imported = counts.get("new", 0)
    result.rows_updated = counts.get("changed", 0)
    result.rows_unchanged = counts.get("same", 0)


def rebuild_rollups(con) -> None:
    """Recompute the derived tables from all dossiers (inside the caller's transaction)."""
    rollups.rebuild(con)


def _log_refusal(con, result: ImportResult, user: str, started, strict: bool, keep_rejected: bool) -> None:
    """Log a refused or failed import in its own transaction (the import's own was rolled back)."""
    with warehouse.transaction(con):
        insert_log(con, result, user, started, strict)
        if keep_rejected:
            insert_rejected(con, result.import_id, len(result.headers), result.column_map)
