"""SQL that turns the text cells of `raw_rows` into typed values and a list of problems.

Everything here is generated from the column definitions in `columns.py`. No value from a
file ever becomes SQL text: files only decide *which* of our own column names (`c0 … cN`)
an expression reads, and the vocabularies below are our own constants.
"""
from __future__ import annotations

from .columns import KINDS, Column, fold
from queries.metrics import LABELS_EN, LABELS_VI, METRICS

TRUE_WORDS = ("1", "co", "x", "true", "da", "yes", "y", "t", "dung")
FALSE_WORDS = ("0", "khong", "false", "chua", "no", "n", "f", "k")
# DuocThanhToanTrucTuyen of the national synchronisation: 1 paid on the national portal, 2 through
# the province's payment gateway; 0 and 3 are not online payments.
PAID_TRUE = ("2",)
PAID_FALSE = ("3",)

CHANNELS = {
    "direct": ("1", "tructiep", "direct", "taiquay", "motcua", "noptructiep", "taibophanmotcua"),
    "online": ("2", "tructuyen", "online", "dichvucongtructuyen", "dvctt", "quamang", "noptructuyen", "nopquamang",
               "dichvucong"),
    "postal": ("3", "buuchinh", "buuchinhcongich", "bcci", "buudien", "postal", "quabuuchinh",
               "quabuuchinhcongich", "dichvubuuchinhcongich"),
}
SERVICE_LEVELS = {
    "full": ("toantrinh", "mucdo4", "4", "muc4", "full", "dvcttoantrinh", "dichvucongtructuyentoantrinh"),
    "partial": ("motphan", "mucdo3", "3", "muc3", "partial", "dvcttmotphan", "dichvucongtructuyenmotphan"),
}
STATUS_LABELS = {
    1: "Mới đăng ký",
    2: "Được tiếp nhận",
    3: "Không được tiếp nhận",
    4: "Đang xử lý",
    5: "Yêu cầu bổ sung",
    6: "Yêu cầu thực hiện nghĩa vụ tài chính",
    7: "Rút hồ sơ",
    8: "Dừng xử lý",
    9: "Đã xử lý xong",
    10: "Đã trả kết quả",
}
# Other words real systems use for the same states: the national portal's longer labels, the
# codes OpenCPS maps to them (mappingDossierStatusWithDVCQG), and common provincial wordings.
STATUS_WORDS = {
    1: ("new", "moi"),
    2: ("receiving", "datiepnhan", "tiepnhan", "chotiepnhan"),
    3: ("unresolved", "tuchoitiepnhan", "khongtiepnhan"),
    4: ("processing", "dangxuly", "danggiaiquyet", "dangthuly"),
    5: ("waiting", "yeucaubosunggiayto", "chobosung", "bosunghoso"),
    6: ("paying", "chothanhtoan", "chonopphi"),
    7: ("cancelled", "canceled", "congdanyeucauruthoso", "ruthoso", "darut"),
    8: ("denied", "dungxuly", "tuchoigiaiquyet"),
    9: ("releasing", "daxulyxong", "dagiaiquyet", "hoanthanh", "dahoanthanh", "coketqua"),
    10: ("done", "datraketqua", "datra", "datrahoso"),
}
UNIT_KINDS = {
    "province": ("province", "tinh", "ubndtinh", "captinh"),
    "department": ("department", "so", "songanh", "sobannganh", "bannganh", "capso", "agency", "coquan"),
    "district": ("district", "huyen", "caphuyen", "quan", "thixa", "thanhpho"),
    "commune": ("commune", "xa", "phuong", "dackhu", "thitran", "capxa", "xaphuong", "ward"),
    "center": ("center", "centre", "trungtam"),
    "other": ("other", "khac"),
}


def _words(words) -> str:
    return ", ".join("'" + fold(w) + "'" for w in words)


def _case_map(expr: str, mapping: dict, default: str = "NULL") -> str:
    whens = " ".join(f"WHEN {expr} IN ({_words(ws)}) THEN '{key}'" for key, ws in mapping.items())
    return f"CASE {whens} ELSE {default} END"


def value_sql(col: Column, t: str, f: str | None = None) -> str:
    """The typed value of one canonical column from its cleaned text `t` (`f`: `t` folded, where the
    caller has it already; DuckDB plans every vn_fold anew, and a status has a dozen)."""
    f = f or f"vn_fold({t})"
    if col.name == "scope":  # a target's scope: the province, a unit kind, or a unit code
        return f"CASE WHEN {t} IS NULL OR {f} IN ('all', 'toantinh', 'tatca', 'tinh') THEN 'all' ELSE {t} END"
    if col.name == "procedure_code":
        return f"coalesce(nullif(regexp_extract({t}, '^(\\d+\\.\\d{{6}})', 1), ''), {t})"
    if col.name == "criterion_code":  # "1.2." and "1.2" are one criterion
        return f"regexp_replace({t}, '[.\\s]+$', '')"
    if col.type in ("text", "code"):
        return t
    if col.type == "date":
        return f"vn_timestamp({t})"
    if col.type in ("bool", "paid", "fee"):
        true_words = TRUE_WORDS + (PAID_TRUE if col.type == "paid" else ())
        false_words = FALSE_WORDS + (PAID_FALSE if col.type == "paid" else ())
        # A fee column may hold the amount ("50.000", "0"): more than nothing means a fee.
        amount = f"WHEN vn_number({t}) IS NOT NULL THEN vn_number({t}) > 0 " if col.type == "fee" else ""
        return (
            f"CASE WHEN {t} IS NULL THEN FALSE WHEN {f} IN ({_words(true_words)}) THEN TRUE "
            f"WHEN {f} IN ({_words(false_words)}) THEN FALSE {amount}END"
        )
    if col.type == "number":
        return f"vn_number({t})"
    if col.type == "int":  # try_cast: a whole number too large ("1e20") is a bad number, not a failed import
        return f"CASE WHEN vn_number({t}) = floor(vn_number({t})) THEN try_cast(vn_number({t}) AS INTEGER) END"
    if col.type == "channel":
        return f"CASE WHEN {t} IS NULL THEN 'direct' ELSE {_case_map(f, CHANNELS)} END"
    if col.type == "level":
        return f"CASE WHEN {t} IS NULL THEN NULL ELSE {_case_map(f, SERVICE_LEVELS, chr(39) + 'none' + chr(39))} END"
    if col.type == "online_level":
        return f"CASE WHEN {t} IS NULL THEN 'none' ELSE {_case_map(f, SERVICE_LEVELS, chr(39) + 'none' + chr(39))} END"
    if col.type == "status":
        labels = " ".join(f"WHEN {f} IN ({_words((label, *STATUS_WORDS.get(code, ())))}) THEN {code}"
                          for code, label in STATUS_LABELS.items())
        return (
            f"CASE WHEN regexp_matches({t}, '^\\s*\\d{{1,2}}(\\.0+)?\\s*$') "
            f"THEN CASE WHEN CAST(vn_number({t}) AS INTEGER) BETWEEN 1 AND 10 THEN CAST(vn_number({t}) AS INTEGER) END "
            f"{labels} "
            f"WHEN regexp_matches({t}, '^\\s*\\d{{1,2}}\\s*[-.:)]') "
            f"THEN CASE WHEN CAST(regexp_extract({t}, '\\d+') AS INTEGER) BETWEEN 1 AND 10 "
            f"THEN CAST(regexp_extract({t}, '\\d+') AS INTEGER) END END"
        )
    if col.type == "kind":
        return _case_map(f, UNIT_KINDS, "NULL")
    raise ValueError(col.type)


# What value_sql gives for a cell that is empty, by column type: a file without the column gets this
# constant instead of the whole expression over NULL, which DuckDB would plan (tens of
# milliseconds for a date or a status, in every import) only to fold it into the same constant.
# tests/test_import.py checks every column of every kind against value_sql over NULL.
ABSENT = {"bool": "FALSE", "paid": "FALSE", "fee": "FALSE", "channel": "'direct'", "online_level": "'none'",
          "date": "CAST(NULL AS TIMESTAMP)", "number": "CAST(NULL AS DOUBLE)", "int": "CAST(NULL AS INTEGER)",
          "status": "CAST(NULL AS INTEGER)"}


def absent_value_sql(col: Column) -> str:
    """The typed value of a column the file does not have (value_sql of an empty cell)."""
    if col.name == "scope":
        return "'all'"
    return ABSENT.get(col.type, "CAST(NULL AS VARCHAR)")


def metric_sql(t: str, f: str | None = None) -> str:
    """A target's metric: its name (docs/definitions.md, "Metrics") or its Vietnamese/English label."""
    f = f or f"vn_fold({t})"
    whens = []
    for m in METRICS:
        words = {fold(m), fold(LABELS_VI.get(m, m)), fold(LABELS_EN.get(m, m))}
        whens.append(f"WHEN {f} IN ({', '.join(repr(w) for w in sorted(words))}) THEN '{m}'")
    return f"CASE {' '.join(whens)} END"


# The problem a failed value gets, by column type.
FAILURE_REASON = {
    "bool": "bad_boolean",
    "paid": "bad_boolean",
    "fee": "bad_boolean",
    "number": "bad_number",
    "int": "bad_number",
    "channel": "unknown_channel",
    "status": "unknown_status",
}


# Column types whose values come from a small vocabulary: each distinct spelling is folded and
# mapped once, then joined back, instead of folding the same "Có" a million times.
VOCABULARY_TYPES = {"channel", "level", "online_level", "status", "bool", "paid", "fee", "kind"}


def plain_text(kind: str, col: Column) -> bool:
    """A column whose value is its cleaned text as it is: `staged` keeps it once, as the value
    (a copy as `t_<name>` too was ~100 MB more per million dossiers, enough to spill an import)."""
    return (col.type in ("text", "code") and col.name not in ("scope", "procedure_code", "criterion_code")
            and not (kind == "targets" and col.name == "metric"))


# Texts `staged` keeps whole whatever their value: the catalogue code as the file wrote it
# (procedure_code_raw).
KEEP_TEXT = {"procedure_code"}


def slim_text(kind: str, col: Column) -> bool:
    """A dossier column whose text `staged` keeps only where its value is empty (staged_sql)."""
    return kind == "dossiers" and not plain_text(kind, col) and col.name not in KEEP_TEXT


def staged_sql(kind: str, mapping: dict[int, str], width: int) -> str:
    """SELECT over raw_rows: _row, _skip, and for each column `t_<name>` (text) and `<name>` (value);
    a plain text column (`plain_text`) only as its value; of a dossier's other columns (but
    KEEP_TEXT) the text only where the value is empty.

    One pass over the rows: only the mapped columns are cleaned; vocabulary columns are mapped
    through their distinct spellings; dates are parsed once and checked for plausibility."""
    by_name = {name: i for i, name in mapping.items()}
    filled = " + ".join(f"CASE WHEN c{i} IS NULL OR c{i} = '' THEN 0 ELSE 1 END" for i in range(width)) or "0"
    first = f"coalesce({', '.join(f'nullif(c{i}, {chr(39) * 2})' for i in range(width))})" if width > 1 else "c0"
    texts, maps, joins, values = [], [], [], []
    for col in KINDS[kind]:
        texts.append(f"vn_clean(c{by_name[col.name]}) AS t_{col.name}" if col.name in by_name
                     else f"CAST(NULL AS VARCHAR) AS t_{col.name}")
        t = f"m.t_{col.name}"
        if col.name not in by_name:
            values.append(f"{absent_value_sql(col)} AS {col.name}")
        elif col.type in VOCABULARY_TYPES or col.name == "procedure_code" or (kind == "targets" and col.name == "metric"):
            expr = metric_sql("raw", "folded") if col.name == "metric" else value_sql(col, "raw", "folded")
            # read from raw_rows, not `marked`: one consumer lets `marked` stream, unmaterialised;
            # each distinct spelling folded once
            maps.append(f"map_{col.name} AS (SELECT raw, {expr} AS val FROM (SELECT raw, vn_fold(raw) AS folded FROM "
                        f"(SELECT DISTINCT vn_clean(c{by_name[col.name]}) AS raw FROM raw_rows)))")
            joins.append(f"LEFT JOIN map_{col.name} ON map_{col.name}.raw IS NOT DISTINCT FROM {t}")
            values.append(f"map_{col.name}.val AS {col.name}")
        elif col.type == "date":
            values.append(f"vn_strptime({t}) AS _parsed_{col.name}")
        else:
            values.append(f"{value_sql(col, t)} AS {col.name}")
    # dates: parsed once above, then kept only when plausible (1990–2100)
    dates = [c.name for c in KINDS[kind] if c.type == "date" and c.name in by_name]
    date_checks = "".join(
        f", CASE WHEN year(_parsed_{d}) BETWEEN 1990 AND 2100 THEN _parsed_{d} END AS {d}" for d in dates
    )
    dropped = ["_first", *(f"_parsed_{d}" for d in dates),
               *(f"t_{c.name}" for c in KINDS[kind] if plain_text(kind, c))]
    # A dossier export has a million rows: the text of a value that was read is dropped, kept only
    # where the value is empty (a problem names the text it could not read, or finds none). The
    # texts of dates, flags and states doubled what `staged` held and spilled the import to disk.
    slim = [c for c in KINDS[kind] if c.name in by_name and slim_text(kind, c)]
    dropped += [f"t_{c.name}" for c in slim]
    value_of = {d: f"CASE WHEN year(_parsed_{d}) BETWEEN 1990 AND 2100 THEN _parsed_{d} END" for d in dates}
    slim_texts = "".join(f", CASE WHEN {value_of.get(c.name, c.name)} IS NULL THEN t_{c.name} END AS t_{c.name}"
                         for c in slim)
    excluded = f" EXCLUDE ({', '.join(dropped)})" if dropped else ""
    maps_sql = "".join(f",\n        {m}" for m in maps)
    return f"""
        WITH marked AS (
            SELECT _row, {filled} AS _filled, {first} AS _first, {', '.join(texts)} FROM raw_rows
        ),
        bounds AS (SELECT coalesce(max(_row), 0) AS last_full_row FROM raw_rows WHERE {filled} >= 3){maps_sql},
        typed AS (
            SELECT m.*, {', '.join(values)}
            FROM marked AS m
            {' '.join(joins)}
        )
        SELECT *{excluded}{date_checks}{slim_texts},
            CASE
                WHEN _filled = 0 THEN 'blank'
                -- totals rows: a cheap test on the first letter, the fold only for candidates
                WHEN left(lower(_first), 1) IN ('t', 'c') AND CASE WHEN left(lower(_first), 1) IN ('t', 'c')
                     THEN vn_fold(_first) LIKE 'tongcong%' OR vn_fold(_first) LIKE 'tongso%'
                          OR vn_fold(_first) IN ('tong', 'total', 'cong') END
                    THEN 'totals'
                WHEN _filled <= 2 AND _row > (SELECT last_full_row FROM bounds) THEN 'footer'
            END AS _skip
        FROM typed
    """


def problems_sql(kind: str, present: set[str]) -> str:
    """SELECT over `staged`: one row per (row, column, reason) problem found."""
    parts = []

    def add(column: str, reason: str, condition: str, value: str) -> None:
        parts.append(
            f"SELECT _row, '{column}' AS column_name, '{reason}' AS reason, "
            f"CAST({value} AS VARCHAR) AS value FROM staged WHERE _skip IS NULL AND ({condition})"
        )

    for col in KINDS[kind]:
        t = col.name if plain_text(kind, col) else f"t_{col.name}"
        if col.required:  # a slim text is kept only where the value is empty: missing = both empty
            add(col.name, "missing_value", f"{t} IS NULL" + (f" AND {col.name} IS NULL" if slim_text(kind, col) else ""),
                "NULL")
        if col.name not in present:
            continue
        if col.type == "date":
            add(col.name, "__date__", f"{t} IS NOT NULL AND {col.name} IS NULL", t)
        elif col.type in FAILURE_REASON:
            add(col.name, FAILURE_REASON[col.type], f"{t} IS NOT NULL AND {col.name} IS NULL", t)
        elif kind == "targets" and col.name == "metric":
            add(col.name, "unknown_metric", f"{t} IS NOT NULL AND metric IS NULL", t)
    if kind == "dossiers":
        add(
            "completed_at",
            "resolved_without_end",
            "status IN (8, 9, 10) AND completed_at IS NULL AND returned_at IS NULL "
            "AND t_completed_at IS NULL AND t_returned_at IS NULL",
            "status",
        )
        add(
            "due_at",
            "due_before_received",
            "vn_deadline(due_at) < received_at",
            "strftime(due_at, '%d/%m/%Y')",
        )
    if kind == "par":
        add("criterion_code", "bad_criterion",
            "criterion_code IS NOT NULL AND NOT regexp_full_match(criterion_code, '\\d+(\\.\\d+)*')", "t_criterion_code")
        for pts in ("self_points", "final_points", "max_points"):
            add(pts, "negative_points", f"{pts} < 0", f"t_{pts}")
        for pts in ("self_points", "final_points"):
            add(pts, "points_above_max", f"{pts} > max_points + 1e-9", f"t_{pts}")
    union = "\nUNION ALL\n".join(parts)
    return f"""
        SELECT _row, column_name,
               CASE WHEN reason = '__date__' THEN vn_date_problem(value) ELSE reason END AS reason,
               value, CAST(NULL AS VARCHAR) AS rows
        FROM ({union})
    """


# A unit's kind from its name, for a unit file without a kind column (docs/definitions.md, rule 7).
def kind_from_name(name: str) -> str:
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
