"""One import: read → map headers → normalise → validate → write atomically → log.

`import_file` is what the CLI and the upload page call. The database changes in one
transaction or not at all; the import log gets a line either way (a refused or failed
import is logged in its own small transaction after the rollback). With `dry_run=True` the
same steps run inside a transaction that is rolled back: the upload page's preview is the
real import's report, without writing or logging anything.
"""
from __future__ import annotations

import datetime as dt
import getpass
import json
import tempfile
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path

from warehouse import get_meta, rollups, set_meta

from . import mappings, read, scores
from .columns import KINDS
from .messages import FILE_REASONS, REASON_NAMES, ROW_REASONS, ImportRefused
from .normalise import problems_sql, staged_sql

SUPPORTED = tuple(KINDS)

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
PREVIEW_ROWS = 10
REJECTED_SAMPLE = 20

# Values for columns a file does not have, for rows that are new (existing rows keep theirs).
# A dossier flag (digitized, fee, payment, apology …) that the file has no column for stays unknown
# (NULL): the rates leave those dossiers out of their denominators instead of counting them as "no".
DEFAULTS = {
    "channel": "'direct'",
    "online_level": "'none'",
}


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
        with _transaction(con, commit=not result.dry_run):
            write()
            if not result.dry_run:
                _insert_log(con, result, user, started, strict)
                _insert_rejected(con, result.import_id, len(result.headers), result.column_map)
                if before_commit is not None:
                    before_commit(con, result)
        progress(1.0, "done")
    except ImportRefused as refusal:
        result.status, result.reason = refusal.status, refusal.reason
        result.message_vi, result.message_en = refusal.message_vi, refusal.message_en
    except Exception as e:  # a bug or the disk: the database is as before, and we say so
        result.status, result.reason = "failed", "write_failed"
        detail = (str(e).splitlines()[0] if str(e) else type(e).__name__)[:300]
        vi, en = FILE_REASONS["write_failed"]
        result.message_vi, result.message_en = vi.format(detail=detail), en.format(detail=detail)
    if result.status != "ok":
        result.rows_imported = result.rows_updated = result.rows_unchanged = 0


@contextmanager
def _transaction(con, commit: bool):
    """BEGIN … COMMIT, or ROLLBACK when `commit` is false or the block fails. A ROLLBACK that
    itself fails is not hidden: its error carries the original one as its context."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT" if commit else "ROLLBACK")


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
    _validate(con, kind, found, len(src.headers), result, src.blank_rows)
    _report(con, kind, found, result)
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


WORK_TABLES = ("raw_rows", "_records", "_offsets", "_xlsx_rows", "staged", "problems", "key_groups",
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


def _report(con, kind: str, mapping: dict[int, str], result: ImportResult) -> None:
    """What the upload page shows before and after writing: the first rows under our column
    names, the first rejected rows with their reasons, and for dossiers the dates and units."""
    cols = sorted(mapping.items())
    select = ", ".join(f"c{int(i)} AS \"{name}\"" for i, name in cols)
    cur = con.execute(
        f"SELECT r._row{', ' + select if select else ''} FROM raw_rows AS r "
        f"JOIN staged AS s ON s._row = r._row WHERE s._skip IS NULL ORDER BY r._row LIMIT {PREVIEW_ROWS}"
    )
    names = [d[0] for d in cur.description]
    result.preview = [dict(zip(names, row)) for row in cur.fetchall()]
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


def _find_duplicates(con, kind: str, key: tuple[str, ...]) -> None:
    """Identical repeats of a key are skipped; conflicting ones are all rejected, naming the rows."""
    keys = ", ".join(key)
    value_cols = [c.name for c in KINDS[kind] if c.name not in key]
    row_hash = f"hash({', '.join(value_cols)})" if value_cols else "0"
    # Repeated keys are rare: find them with a one-column count, then compare their rows.
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE key_groups AS
        WITH candidates AS (
            SELECT * FROM staged
            WHERE _skip IS NULL AND _row NOT IN (SELECT _row FROM problems)
        ),
        repeated AS (SELECT {keys} FROM candidates GROUP BY {keys} HAVING count(*) > 1)
        SELECT {', '.join('c.' + k for k in key)}, count(*) AS n, count(DISTINCT {row_hash}) AS versions,
               min(_row) AS first_row, string_agg(CAST(_row AS VARCHAR), ', ' ORDER BY _row) AS rows
        FROM candidates AS c
        SEMI JOIN repeated AS r ON {' AND '.join(f'c.{k} IS NOT DISTINCT FROM r.{k}' for k in key)}
        GROUP BY {', '.join('c.' + k for k in key)}
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


# Names that identify exactly one unit / catalogue procedure: what a row without a code is matched by.
UNIQUE_UNIT_NAMES = "SELECT name_key, min(unit_code) AS unit_code FROM units GROUP BY name_key HAVING count(*) = 1"
UNIQUE_PROCEDURE_NAMES = ("SELECT vn_fold(procedure_name) AS name_key, min(procedure_code) AS procedure_code "
                          "FROM procedures WHERE procedure_name IS NOT NULL GROUP BY 1 HAVING count(*) = 1")


def _incoming_sql(kind: str, present: set[str], import_id: int) -> str:
    """SELECT of the rows to write, in the table's columns; absent columns keep stored values."""
    table, key, value_cols = TABLES[kind]
    derived = {
        "procedure_code_raw": "s.t_procedure_code",
        "due_deadline": "vn_deadline(s.due_at)",
        "name_key": "vn_unit_key(s.unit_name)",
        "kind": "coalesce(s.kind, " + _kind_from_name("s.unit_name") + ")",
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
        derived["kind"] = "coalesce(old.kind, " + _kind_from_name("s.unit_name") + ")"
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
        named = f"""
            LEFT JOIN ({UNIQUE_UNIT_NAMES}) AS named
              ON s.unit_code IS NULL AND named.name_key = vn_unit_key(s.unit_name)
            LEFT JOIN ({UNIQUE_PROCEDURE_NAMES}) AS named_procedure
              ON s.procedure_code IS NULL AND named_procedure.name_key = vn_fold(s.procedure_name)"""
    return f"""
        SELECT {', '.join(select)}, {import_id} AS import_id
        FROM staged AS s
        {named}
        LEFT JOIN {table} AS old ON {key_join}
        WHERE s._skip IS NULL
          AND s._row NOT IN (SELECT _row FROM problems)
          AND s._row NOT IN (SELECT _row FROM duplicates_skipped)
    """


def _kind_from_name(name: str) -> str:
    f = f"vn_fold({name})"
    return (
        f"CASE WHEN {f} LIKE 'ubndtinh%' THEN 'province' "
        f"WHEN {f} LIKE 'ubndxa%' OR {f} LIKE 'ubndphuong%' OR {f} LIKE 'ubnddackhu%' "
        f"OR {f} LIKE 'xa%' OR {f} LIKE 'phuong%' OR {f} LIKE 'dackhu%' THEN 'commune' "
        f"WHEN {f} LIKE 'ubndhuyen%' OR {f} LIKE 'ubndquan%' OR {f} LIKE 'ubndthixa%' THEN 'district' "
        f"WHEN {f} LIKE 'so%' OR {f} LIKE 'ban%' OR {f} LIKE 'thanhtra%' OR {f} LIKE 'vanphong%' "
        f"OR {f} LIKE 'congan%' THEN 'department' "
        f"WHEN {f} LIKE 'trungtam%' THEN 'center' ELSE 'other' END"
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
    incoming = _incoming_sql(kind, present, result.import_id)
    if not con.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} LIMIT 1)").fetchall()[0][0]:
        # An empty table (the first import): every row is new, no comparison needed.
        con.execute(f"INSERT INTO {table} ({', '.join(all_cols)}, import_id) {incoming}")
        counts = {"new": con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]}
    else:
        counts = _upsert(con, kind, incoming, result.import_id)
    if kind in ("units", "procedures"):
        _match_dossiers_by_name(con, kind, result.import_id)
    # A dry run stops before the rollups: they only follow from what is written, and it writes nothing.
    if not result.dry_run:
        if kind == "procedures" and (counts.get("new") or counts.get("changed")):
            rollups.rebuild(con)  # a catalogue's level or fee changes the counts of every dossier of it
        elif kind in ("dossiers", "units", "procedures"):
            rollups.apply_import(con, result.import_id)  # the dossiers this import wrote or re-coded
    result.rows_imported = counts.get("new", 0)
    result.rows_updated = counts.get("changed", 0)
    result.rows_unchanged = counts.get("same", 0)


def _match_dossiers_by_name(con, kind: str, import_id: int) -> None:
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


def _upsert(con, kind: str, incoming: str, import_id: int) -> dict:
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
    if counts.get("changed"):
        sets = ", ".join(f"{c} = i.{c}" for c in (*value_cols, "import_id"))
        con.execute(
            f"""
            UPDATE {table} AS t SET {sets}
            FROM (SELECT i.* FROM incoming AS i JOIN incoming_state AS x ON {state_join}
                  WHERE x.state = 'changed') AS i
            WHERE {key_join}
            """
        )
    if counts.get("new"):
        con.execute(
            f"""
            INSERT INTO {table} ({', '.join(all_cols)}, import_id)
            SELECT {', '.join('i.' + c for c in all_cols)}, i.import_id
            FROM incoming AS i JOIN incoming_state AS x ON {state_join}
            WHERE x.state = 'new'
            """
        )
    return counts


def rebuild_rollups(con) -> None:
    """Recompute the derived tables from all dossiers (inside the caller's transaction)."""
    rollups.rebuild(con)


def clear_demo(con) -> None:
    """Real data replaces the demo province; the example targets stay as defaults to edit."""
    for table in ("dossiers", "dossier_history", "units", "unit_history", "procedures", "procedure_history",
                  "daily_counts", "month_counts", "month_stock", "unit_day_counts", "unit_month_counts",
                  "unit_month_stock", "dossier_unit_names", "dossier_procedure_names",
                  "par_scores", "portal766_scores", "portal766_metrics"):
        con.execute(f"DELETE FROM {table}")
    set_meta(con, "dataset", "real")


def _insert_log(con, result: ImportResult, user: str, started, strict: bool) -> None:
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
            "finished": _now(),
            "warnings": json.dumps(result.warnings, ensure_ascii=False) if result.warnings else None,
            "mapping": result.mapping_name,
        },
    )


def _insert_rejected(con, import_id: int, width: int, column_map: dict) -> None:
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


def _log_refusal(con, result: ImportResult, user: str, started, strict: bool, keep_rejected: bool) -> None:
    """Log a refused or failed import in its own transaction (the import's own was rolled back)."""
    with _transaction(con, commit=True):
        _insert_log(con, result, user, started, strict)
        if keep_rejected:
            _insert_rejected(con, result.import_id, len(result.headers), result.column_map)
