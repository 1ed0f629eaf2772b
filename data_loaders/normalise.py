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

CHANNELS = {
    "direct": ("1", "tructiep", "direct", "taiquay", "motcua"),
    "online": ("2", "tructuyen", "online", "dichvucongtructuyen", "dvctt", "qua mang"),
    "postal": ("3", "buuchinh", "buuchinhcongich", "bcci", "buudien", "postal", "quabuuchinh"),
}
SERVICE_LEVELS = {
    "full": ("toantrinh", "mucdo4", "4", "muc4", "full", "dvcttoantrinh"),
    "partial": ("motphan", "mucdo3", "3", "muc3", "partial", "dvcttmotphan"),
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


def value_sql(col: Column, t: str) -> str:
    """The typed value of one canonical column from its cleaned text `t`."""
    f = f"vn_fold({t})"
    if col.name == "procedure_code":
        return f"coalesce(nullif(regexp_extract({t}, '^(\\d+\\.\\d{{6}})', 1), ''), {t})"
    if col.type in ("text", "code"):
        return t
    if col.type == "date":
        return f"vn_timestamp({t})"
    if col.type in ("bool", "paid"):
        true_words = TRUE_WORDS + (("2",) if col.type == "paid" else ())
        return (
            f"CASE WHEN {t} IS NULL THEN FALSE WHEN {f} IN ({_words(true_words)}) THEN TRUE "
            f"WHEN {f} IN ({_words(FALSE_WORDS)}) THEN FALSE END"
        )
    if col.type == "number":
        return f"vn_number({t})"
    if col.type == "int":
        return f"CASE WHEN vn_number({t}) = floor(vn_number({t})) THEN CAST(vn_number({t}) AS INTEGER) END"
    if col.type == "channel":
        return f"CASE WHEN {t} IS NULL THEN 'direct' ELSE {_case_map(f, CHANNELS)} END"
    if col.type == "level":
        return f"CASE WHEN {t} IS NULL THEN NULL ELSE {_case_map(f, SERVICE_LEVELS, chr(39) + 'none' + chr(39))} END"
    if col.type == "online_level":
        return f"CASE WHEN {t} IS NULL THEN 'none' ELSE {_case_map(f, SERVICE_LEVELS, chr(39) + 'none' + chr(39))} END"
    if col.type == "status":
        labels = " ".join(f"WHEN {f} = '{fold(label)}' THEN {code}" for code, label in STATUS_LABELS.items())
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


def metric_sql(t: str) -> str:
    """A target's metric: its SPEC name or its Vietnamese/English label."""
    whens = []
    for m in METRICS:
        words = {fold(m), fold(LABELS_VI.get(m, m)), fold(LABELS_EN.get(m, m))}
        whens.append(f"WHEN vn_fold({t}) IN ({', '.join(repr(w) for w in sorted(words))}) THEN '{m}'")
    return f"CASE {' '.join(whens)} END"


# The problem a failed value gets, by column type.
FAILURE_REASON = {
    "bool": "bad_boolean",
    "paid": "bad_boolean",
    "number": "bad_number",
    "int": "bad_number",
    "channel": "unknown_channel",
    "status": "unknown_status",
}


def staged_sql(kind: str, mapping: dict[int, str], width: int) -> str:
    """SELECT over raw_rows: _row, _skip, and for each column `t_<name>` (text) and `<name>` (value)."""
    by_name = {name: i for i, name in mapping.items()}
    cells = [f"vn_clean(c{i})" for i in range(width)]
    nonempty = " + ".join(f"CASE WHEN {c} IS NULL THEN 0 ELSE 1 END" for c in cells) or "0"
    first = f"coalesce({', '.join(cells)})" if len(cells) > 1 else cells[0]
    texts, values = [], []
    for col in KINDS[kind]:
        t = f"vn_clean(c{by_name[col.name]})" if col.name in by_name else "CAST(NULL AS VARCHAR)"
        texts.append(f"{t} AS t_{col.name}")
        if kind == "targets" and col.name == "metric":
            values.append(f"{metric_sql('t_metric')} AS metric")
        else:
            values.append(f"{value_sql(col, 't_' + col.name)} AS {col.name}")
    return f"""
        WITH cells AS (
            SELECT _row, {nonempty} AS _filled, vn_fold({first}) AS _first, {', '.join(texts)}
            FROM raw_rows
        ),
        marked AS (
            SELECT *,
                CASE
                    WHEN _filled = 0 THEN 'blank'
                    WHEN _first LIKE 'tongcong%' OR _first LIKE 'tongso%' OR _first IN ('tong', 'total', 'cong')
                        THEN 'totals'
                    WHEN _filled <= 2 AND _row > (SELECT coalesce(max(_row), 0) FROM cells WHERE _filled >= 3)
                        THEN 'footer'
                END AS _skip
            FROM cells
        )
        SELECT *, {', '.join(values)} FROM marked
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
        t = f"t_{col.name}"
        if col.required:
            add(col.name, "missing_value", f"{t} IS NULL", "NULL")
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
    union = "\nUNION ALL\n".join(parts)
    return f"""
        SELECT _row, column_name,
               CASE WHEN reason = '__date__' THEN vn_date_problem(value) ELSE reason END AS reason,
               value, CAST(NULL AS VARCHAR) AS rows
        FROM ({union})
    """
