"""Sources: the dashboard reads a one-stop system's own database (PostgreSQL, MySQL/MariaDB, SQL
Server, Oracle, SQLite) through SQLAlchemy, instead of waiting for someone to export a file.

A source is a SQLAlchemy URL (without its password), a table or one SELECT, the kind it feeds
(dossiers, units, procedures), optionally a saved column mapping (the ones staff keep for files)
and a "changed since" column. Admins define sources on the admin page or with `cli.py source add`
(kept in the warehouse, table `sources`); a deployer may also write them in
`.streamlit/secrets.toml` (`[sources.NAME]`) or the environment (`CCHC_SOURCE_<NAME>_URL` …),
where they are read-only definitions.

A pull streams the source's rows into a private temporary UTF-8 CSV (folder 0700, file 0600,
deleted afterwards) and imports that file through the one import pipeline (`import_file`), so a
pull is an import like any other: the same mapping, validation, report, rejected rows, history
and undo. Streaming first and importing after means a connection lost midway leaves nothing
half-written: the import never started. PostgreSQL through psycopg streams with
`COPY (SELECT …) TO STDOUT`, as fast as `psql \\copy`; other databases through a SQLAlchemy
server-side cursor. Either way only one chunk is in memory at a time.

Read-only by construction: the query must be a single SELECT (checked before connecting, under
every quoting convention of the supported databases), the source session is read-only where
the database has such a thing (PostgreSQL and MySQL `READ ONLY` transactions, Oracle `SET
TRANSACTION READ ONLY`, SQLite opened `mode=ro` with `query_only`), and a statement timeout is set.

Incremental pulls: with a changed column, a pull asks for the rows whose value is >= the
watermark (a bound parameter; `>=` rather than `>` so that rows committed later with the same
timestamp as the last pull's newest row are not lost; re-reading the boundary rows changes
nothing, the upsert counts them as unchanged). The new watermark (the largest value pulled) is
written by a hook inside the import's own transaction: saved with the rows, or not at all.
Undoing a pull's import takes its watermark back with it (the watermark is the latest pull whose
import stands), so the next pull reads those rows again.

Passwords: never in the warehouse, a log, a message or the command line. The password comes from
the environment variable the source names (`--password-env VAR`, or `${VAR}` as the URL's
password), from secrets.toml for sources defined there, or is typed on a terminal. Messages
from a failed connection pass through `scrub`, which removes the password and any credentials
written in a URL.

SQLAlchemy and the database drivers are imported only when a pull or a definition needs them,
so `cli.py` stays quick to start.
"""
from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import os
import re
import shutil
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

KINDS = ("dossiers", "units", "procedures")
BACKENDS = {  # SQLAlchemy backend name → (what a person calls it, the driver package to install)
    "postgresql": ("PostgreSQL", "psycopg[binary]"),
    "mysql": ("MySQL", "PyMySQL"),
    "mariadb": ("MariaDB", "PyMySQL"),
    "mssql": ("SQL Server", "pyodbc"),
    "oracle": ("Oracle", "oracledb"),
    "sqlite": ("SQLite", ""),
}
DEFAULT_TIMEOUT = 1800  # seconds: a nightly pull of millions of rows, not a runaway query
MAX_TIMEOUT = 86400
VN_TZ = "Asia/Ho_Chi_Minh"
FETCH_ROWS = 10_000  # rows per fetch from a server-side cursor: memory stays flat
PROGRESS_EVERY = 2.0  # seconds between progress reports while streaming
ENV_PREFIX = "CCHC_SOURCE_"
ENV_FIELDS = ("URL", "TABLE", "QUERY", "KIND", "MAPPING", "CHANGED_COLUMN", "PASSWORD_ENV", "PASSWORD", "TIMEOUT",
              "ENABLED")
SECRETS_ENV = "CCHC_SECRETS"  # another secrets.toml (tests, deployments that keep it elsewhere)

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
_IDENTIFIER = re.compile(r"^[^\W\d]\w*$")  # letters (Vietnamese too), digits, _; not quoted
_ENV_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_ENV_IN_URL = re.compile(r"^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$")

MESSAGES = {
    "bad_name": ("Tên nguồn chỉ gồm chữ thường không dấu, chữ số, «_» và «-» (tối đa 63 ký tự): «{name}».",
                 "A source name has lower-case letters, digits, '_' and '-' (at most 63 characters): '{name}'."),
    "exists": ("Đã có nguồn «{name}».", "A source named '{name}' already exists."),
    "unknown": ("Không có nguồn «{name}».", "No source named '{name}'."),
    "defined_elsewhere": ("Nguồn «{name}» được khai báo trong {origin}; hãy sửa hoặc xóa nó ở đó.",
                          "Source '{name}' is defined in {origin}; change or remove it there."),
    "bad_url": ("Địa chỉ kết nối không hợp lệ: {detail}", "Invalid connection URL: {detail}"),
    "bad_backend": ("Loại cơ sở dữ liệu «{backend}» chưa được hỗ trợ (PostgreSQL, MySQL/MariaDB, SQL Server, "
                    "Oracle, SQLite).",
                    "Database type '{backend}' is not supported (PostgreSQL, MySQL/MariaDB, SQL Server, Oracle, "
                    "SQLite)."),
    "password_in_url": ("Không ghi mật khẩu vào địa chỉ kết nối: hãy để nó trong một biến môi trường (--password-env "
                        "TÊN_BIẾN, hoặc ${{TÊN_BIẾN}} ở chỗ mật khẩu trong địa chỉ).",
                        "Do not write the password in the URL: keep it in an environment variable (--password-env "
                        "VAR, or ${{VAR}} in the URL's password place)."),
    "bad_env_var": ("Tên biến môi trường không hợp lệ: «{var}».", "Invalid environment variable name: '{var}'."),
    "table_or_query": ("Cần đúng một trong hai: một bảng (--table) hoặc một câu truy vấn (--query).",
                       "Give exactly one of a table (--table) or a query (--query)."),
    "bad_identifier": ("«{name}» không dùng được làm {what_vi} (chữ, chữ số và «_»; bảng có thể là lược_đồ.bảng). "
                       "Tên khác thường hãy viết trong một câu truy vấn (--query).",
                       "'{name}' cannot be used as {what_en} (letters, digits and '_'; a table may be schema.table). "
                       "For other names write a query (--query)."),
    "not_select": ("Câu truy vấn phải là một câu SELECT (hoặc WITH … SELECT).",
                   "The query must be a SELECT (or WITH … SELECT)."),
    "several_statements": ("Câu truy vấn chỉ được là một câu lệnh: không được có «;» nối nhiều câu.",
                           "The query must be a single statement: no ';' joining several."),
    "unbalanced": ("Câu truy vấn có dấu ngoặc, dấu nháy hoặc chú thích chưa đóng.",
                   "The query has an unclosed parenthesis, quote or comment."),
    "bad_kind": ("Loại dữ liệu của nguồn phải là dossiers, units hoặc procedures (không phải «{kind}»).",
                 "A source's kind is dossiers, units or procedures (not '{kind}')."),
    "mapping_unknown": ("Không có cách ghép cột «{mapping}».", "No saved column mapping named '{mapping}'."),
    "mapping_kind": ("Cách ghép cột «{mapping}» dành cho loại «{mapping_kind}», không phải «{kind}».",
                     "Column mapping '{mapping}' is for kind '{mapping_kind}', not '{kind}'."),
    "bad_timeout": ("Thời gian chờ tối đa phải từ 1 đến 86400 giây.", "The statement timeout is 1 to 86400 seconds."),
    "bad_since": ("Không đọc được mốc «{value}»: dùng ngày giờ ISO (2026-10-01, 2026-10-01T08:00:00+07:00) "
                  "hoặc một số.",
                  "Cannot read '{value}' as a starting point: use an ISO date or time (2026-10-01, "
                  "2026-10-01T08:00:00+07:00) or a number."),
    "since_without_column": ("Nguồn «{name}» không có cột thay đổi (--changed-column), nên không dùng được --since.",
                             "Source '{name}' has no changed column (--changed-column), so --since does not apply."),
    "password_missing": ("Chưa có mật khẩu của nguồn «{name}»: đặt biến môi trường {var} (hoặc chạy lệnh trên "
                         "một terminal để gõ mật khẩu).",
                         "No password for source '{name}': set the environment variable {var} (or run the command "
                         "on a terminal to type it)."),
    "driver_missing": ("Chưa cài trình kết nối {backend} ({package}): python3 -m pip install {package}.",
                       "The {backend} driver is not installed ({package}): python3 -m pip install {package}."),
    "secrets_bad": ("secrets.toml, nguồn «{name}»: {detail}", "secrets.toml, source '{name}': {detail}"),
    "pull_failed": ("Kéo dữ liệu từ nguồn «{name}» thất bại; không ghi gì, mốc đồng bộ giữ nguyên: {detail}",
                    "Pulling source '{name}' failed; nothing was written and its watermark is unchanged: {detail}"),
    "count_mismatch": ("nguồn gửi {sent} dòng nhưng báo {told} dòng", "the source sent {sent} rows but reported {told}"),
    "nothing_new": ("Nguồn «{name}» không có dòng nào mới.", "Source '{name}' has no new rows."),
}

ORIGINS = {"warehouse": ("cơ sở dữ liệu của bảng điều hành", "the dashboard's database"),
           "secrets": (".streamlit/secrets.toml", ".streamlit/secrets.toml"),
           "env": ("biến môi trường", "the environment")}


class SourceError(Exception):
    """A definition or a request a person can fix; carries both languages."""

    def __init__(self, reason: str, **params):
        self.reason = reason
        vi, en = MESSAGES[reason]
        self.message_vi, self.message_en = vi.format(**params), en.format(**params)
        super().__init__(f"{self.message_vi} / {self.message_en}")


# ---- definitions -------------------------------------------------------------------------------

@dataclass
class Source:
    name: str
    url: str  # SQLAlchemy URL without a password
    kind: str
    table: str | None = None
    query: str | None = None
    mapping: str | None = None
    changed_column: str | None = None
    password_env: str | None = None
    timeout: int = DEFAULT_TIMEOUT
    enabled: bool = True
    origin: str = "warehouse"  # warehouse, secrets, env
    # Only for secrets.toml / environment definitions; never stored, never shown.
    password: str | None = field(default=None, repr=False, compare=False)

    @property
    def backend(self) -> str:
        return self.url.split(":", 1)[0].split("+", 1)[0]

    def public(self) -> dict:
        """What may be shown or printed: everything but the password."""
        out = asdict(self)
        out.pop("password")
        out["has_password"] = bool(self.password or self.password_env)
        return out


def check_name(name: str) -> str:
    name = (name or "").strip()
    if not _NAME.match(name):
        raise SourceError("bad_name", name=name)
    return name


def check_identifier(name: str, what: str = "column") -> str:
    """A column, or a table as `table` or `schema.table`: plain identifiers, quoted later by
    SQLAlchemy's dialect. Anything else (spaces, quotes …) belongs in a query."""
    words = {"column": ("tên cột", "a column name"), "table": ("tên bảng", "a table name")}[what]
    parts = (name or "").strip().split(".")
    if not (1 <= len(parts) <= (2 if what == "table" else 1)) or not all(_IDENTIFIER.match(p) for p in parts):
        raise SourceError("bad_identifier", name=name, what_vi=words[0], what_en=words[1])
    return ".".join(parts)


def split_url(url: str, password_env: str | None = None) -> tuple[str, str | None, str | None]:
    """(URL without password, the environment variable naming it, a password written in it).

    `${VAR}` in the password place names the variable. A literal password is returned apart so
    that the caller decides (refused on the command line; accepted from secrets.toml)."""
    import sqlalchemy as sa

    try:
        parsed = sa.make_url((url or "").strip())
    except Exception as e:  # SQLAlchemy's ArgumentError; its text never holds more than the URL shape
        raise SourceError("bad_url", detail=type(e).__name__) from None
    backend = parsed.get_backend_name()
    if backend not in BACKENDS:
        raise SourceError("bad_backend", backend=backend)
    if backend == "sqlite" and parsed.database in (None, "", ":memory:"):
        raise SourceError("bad_url", detail="sqlite:////đường/dẫn/tệp.db (sqlite:////path/to/file.db)")
    literal = None
    if parsed.password:
        m = _ENV_IN_URL.match(parsed.password)
        if m:
            password_env = password_env or m.group(1)
        else:
            literal = parsed.password
    if password_env and not _ENV_VAR.match(password_env):
        raise SourceError("bad_env_var", var=password_env)
    return parsed._replace(password=None).render_as_string(hide_password=False), password_env, literal


def _blank_literals(sql: str, backslash: bool, nested: bool, dollar: bool, brackets: bool) -> str | None:
    """`sql` with string literals, quoted identifiers and comments turned into spaces, read under
    one set of quoting conventions (they differ between databases); None if one is left open."""
    out = []
    i, n = 0, len(sql)
    closing = {"'": "'", '"': '"', "`": "`"}
    if brackets:
        closing["["] = "]"
    while i < n:
        c, nxt = sql[i], sql[i + 1:i + 2]
        if c == "-" and nxt == "-":
            j = sql.find("\n", i)
            j = n if j < 0 else j
        elif c == "/" and nxt == "*":
            depth, j = 1, i + 2
            while j < n and depth:
                if sql.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                elif nested and sql.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                else:
                    j += 1
            if depth:
                return None
        elif c in closing:
            close, j = closing[c], i + 1
            while j < n:
                if backslash and sql[j] == "\\" and c != "[":
                    j += 2
                    continue
                if sql[j] == close:
                    if close != "]" and sql[j + 1:j + 2] == close:  # a doubled quote stands for itself
                        j += 2
                        continue
                    break
                j += 1
            if j >= n:
                return None
            j += 1
        elif dollar and c == "$" and not (i and (sql[i - 1].isalnum() or sql[i - 1] == "_")):
            m = re.match(r"\$([^\W\d]\w*)?\$", sql[i:])
            if not m:
                out.append(c)
                i += 1
                continue
            end = sql.find(m.group(0), i + len(m.group(0)))
            if end < 0:
                return None
            j = end + len(m.group(0))
        else:
            out.append(c)
            i += 1
            continue
        out.append(" " * (j - i))
        i = j
    return "".join(out)


def check_query(sql: str) -> str:
    """One SELECT (or WITH … SELECT), returned without a trailing ';'.

    Databases disagree on quoting (backslash escapes, nested comments, $$ strings, [names]), and
    a check that reads a query one way can be fooled by a database that reads it another. So the
    query is read under every combination, and refused if any reading finds a second statement,
    something left open or unbalanced parentheses (which could close the SELECT we wrap it in)."""
    sql = (sql or "").strip()
    cut = None
    for flags in range(16):
        code = _blank_literals(sql, *(bool(flags & bit) for bit in (1, 2, 4, 8)))
        if code is None:
            raise SourceError("unbalanced")
        semis = [i for i, c in enumerate(code) if c == ";"]
        if len(semis) > 1 or (semis and code[semis[0] + 1:].strip()):
            raise SourceError("several_statements")
        depth = 0
        for c in code[:semis[0]] if semis else code:
            depth += {"(": 1, ")": -1}.get(c, 0)
            if depth < 0:
                raise SourceError("unbalanced")
        if depth:
            raise SourceError("unbalanced")
        if flags == 0:
            cut = semis[0] if semis else None
            first = re.match(r"[\s(]*([A-Za-z]+)", code)
            if not first or first.group(1).lower() not in ("select", "with"):
                raise SourceError("not_select")
    return sql[:cut].rstrip() if cut is not None else sql


def check_kind(kind: str) -> str:
    if kind not in KINDS:
        raise SourceError("bad_kind", kind=kind)
    return kind


def check_timeout(value) -> int:
    try:
        seconds = int(value)
    except (TypeError, ValueError):
        raise SourceError("bad_timeout") from None
    if not 1 <= seconds <= MAX_TIMEOUT:
        raise SourceError("bad_timeout")
    return seconds


def define(name: str, url: str, kind: str, table: str | None = None, query: str | None = None,
           mapping: str | None = None, changed_column: str | None = None, password_env: str | None = None,
           timeout=DEFAULT_TIMEOUT, enabled: bool = True, origin: str = "warehouse",
           allow_password: bool = False) -> Source:
    """A checked source definition. A password written in the URL is refused unless
    `allow_password` (secrets.toml, which is as private as the password itself)."""
    name = check_name(name)
    plain_url, password_env, literal = split_url(url, (password_env or "").strip() or None)
    if literal is not None and not allow_password:
        raise SourceError("password_in_url")
    table = (table or "").strip() or None
    query = (query or "").strip() or None
    if bool(table) == bool(query):
        raise SourceError("table_or_query")
    return Source(
        name=name, url=plain_url, kind=check_kind(kind),
        table=check_identifier(table, "table") if table else None,
        query=check_query(query) if query else None,
        mapping=(mapping or "").strip() or None,
        changed_column=check_identifier(changed_column) if (changed_column or "").strip() else None,
        password_env=password_env, timeout=check_timeout(timeout), enabled=bool(enabled), origin=origin,
        password=literal)


# ---- where definitions live ------------------------------------------------------------------------

def secrets_paths() -> list[Path]:
    """The secrets.toml files Streamlit reads (global first, the project's overriding it), or
    the one $CCHC_SECRETS names."""
    if os.environ.get(SECRETS_ENV):
        return [Path(os.environ[SECRETS_ENV])]
    root = Path(__file__).resolve().parent.parent
    return [Path.home() / ".streamlit" / "secrets.toml", root / ".streamlit" / "secrets.toml"]


def _truthy(value) -> bool:
    return value if isinstance(value, bool) else str(value).strip().lower() not in ("0", "false", "no", "off", "")


def _from_mapping(name: str, spec: dict, origin: str) -> Source:
    try:
        src = define(name, spec.get("url", ""), spec.get("kind", ""), table=spec.get("table"),
                     query=spec.get("query"), mapping=spec.get("mapping"), changed_column=spec.get("changed_column"),
                     password_env=spec.get("password_env"), timeout=spec.get("timeout", DEFAULT_TIMEOUT),
                     enabled=_truthy(spec.get("enabled", True)), origin=origin, allow_password=True)
    except SourceError as e:
        raise SourceError("secrets_bad", name=name, detail=e.message_en) from None
    if spec.get("password"):
        src.password = str(spec["password"])
    return src


def _secrets_sources() -> dict[str, Source]:
    import tomllib

    found: dict[str, Source] = {}
    for path in secrets_paths():
        if not path.is_file():
            continue
        with open(path, "rb") as f:
            data = tomllib.load(f)
        for name, spec in (data.get("sources") or {}).items():
            if isinstance(spec, dict):
                found[name] = _from_mapping(name, spec, "secrets")
    return found


def _env_sources() -> dict[str, Source]:
    specs: dict[str, dict] = {}
    for var, value in os.environ.items():
        if not var.startswith(ENV_PREFIX):
            continue
        rest = var[len(ENV_PREFIX):]
        for f in sorted(ENV_FIELDS, key=len, reverse=True):
            if rest.endswith("_" + f) and len(rest) > len(f) + 1:
                specs.setdefault(rest[:-len(f) - 1].lower(), {})[f.lower()] = value
                break
    return {name: _from_mapping(name, spec, "env") for name, spec in specs.items() if spec.get("url")}


def _row_to_source(r: dict) -> Source:
    return Source(name=r["name"], url=r["url"], kind=r["kind"], table=r["table_name"], query=r["query"],
                  mapping=r["mapping_name"], changed_column=r["changed_column"], password_env=r["password_env"],
                  timeout=r["timeout_seconds"], enabled=r["enabled"], origin="warehouse")


def _stored(con) -> dict[str, Source]:
    cur = con.execute("SELECT * FROM sources ORDER BY name")
    names = [d[0] for d in cur.description]
    return {r[0]: _row_to_source(dict(zip(names, r))) for r in cur.fetchall()}


def list_sources(con) -> list[Source]:
    """Every source: the warehouse's, then secrets.toml's, then the environment's; a name
    defined in several places is the last one's (the deployer's word wins)."""
    merged = _stored(con)
    merged.update(_secrets_sources())
    merged.update(_env_sources())
    return [merged[k] for k in sorted(merged)]


def get(con, name: str) -> Source:
    for src in list_sources(con):
        if src.name == name:
            return src
    raise SourceError("unknown", name=name)


def _check_mapping(con, src: Source) -> None:
    if not src.mapping:
        return
    from . import mappings

    try:
        m = mappings.get(con, src.mapping)
    except mappings.MappingError:
        raise SourceError("mapping_unknown", mapping=src.mapping) from None
    if m.kind != src.kind:
        raise SourceError("mapping_kind", mapping=src.mapping, mapping_kind=m.kind, kind=src.kind)


def _elsewhere(name: str) -> Source | None:
    return {**_secrets_sources(), **_env_sources()}.get(name)


def add(con, src: Source, user: str) -> None:
    """Keep an admin's source in the warehouse (a new name)."""
    other = _elsewhere(src.name)
    if other:
        raise SourceError("defined_elsewhere", name=src.name, origin=ORIGINS[other.origin][0])
    if con.execute("SELECT count(*) FROM sources WHERE name = ?", [src.name]).fetchall()[0][0]:
        raise SourceError("exists", name=src.name)
    _check_mapping(con, src)
    now = dt.datetime.now().replace(microsecond=0)
    con.execute(
        "INSERT INTO sources (name, url, password_env, table_name, query, kind, mapping_name, changed_column, "
        "timeout_seconds, enabled, created_by, created_at, updated_by, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [src.name, src.url, src.password_env, src.table, src.query, src.kind, src.mapping, src.changed_column,
         src.timeout, src.enabled, user, now, user, now])


def _stored_only(con, name: str) -> None:
    other = _elsewhere(name)
    if other:
        raise SourceError("defined_elsewhere", name=name, origin=ORIGINS[other.origin][0])
    if not con.execute("SELECT count(*) FROM sources WHERE name = ?", [name]).fetchall()[0][0]:
        raise SourceError("unknown", name=name)


def remove(con, name: str) -> None:
    """Forget a source and its pulls (its imports stay in the history and can be undone); a
    source added again under the name starts with a full pull."""
    from warehouse import transaction

    _stored_only(con, name)
    with transaction(con):
        con.execute("DELETE FROM source_pulls WHERE source_name = ?", [name])
        con.execute("DELETE FROM sources WHERE name = ?", [name])


def set_enabled(con, name: str, enabled: bool, user: str) -> None:
    _stored_only(con, name)
    con.execute("UPDATE sources SET enabled = ?, updated_by = ?, updated_at = ? WHERE name = ?",
                [enabled, user, dt.datetime.now().replace(microsecond=0), name])


# ---- watermarks ----------------------------------------------------------------------------------

# The SQL type a watermark is compared as (PostgreSQL casts the bound text to it).
PG_TYPES = {"timestamptz": "timestamptz", "timestamp": "timestamp", "date": "date", "int": "bigint",
            "number": "numeric", "text": "text"}


@dataclass(frozen=True)
class Watermark:
    """The largest "changed since" value pulled, with its type: compared as the source compares."""
    type: str  # timestamptz, timestamp, date, int, number, text
    value: str  # ISO text, or the number as text

    @classmethod
    def of(cls, v) -> "Watermark | None":
        if v is None:
            return None
        if isinstance(v, dt.datetime):
            return cls("timestamptz" if v.tzinfo else "timestamp", v.isoformat())
        if isinstance(v, dt.date):
            return cls("date", v.isoformat())
        if isinstance(v, bool):
            return cls("int", str(int(v)))
        if isinstance(v, int):
            return cls("int", str(v))
        if isinstance(v, (float, decimal.Decimal)):
            return cls("number", str(v))
        return cls("text", str(v))

    def python(self):
        if self.type in ("timestamptz", "timestamp"):
            return dt.datetime.fromisoformat(self.value)
        if self.type == "date":
            return dt.date.fromisoformat(self.value)
        if self.type == "int":
            return int(self.value)
        if self.type == "number":
            return decimal.Decimal(self.value)
        return self.value

    def later(self, other: "Watermark | None") -> "Watermark":
        """The later of two watermarks (a changed type: the new one)."""
        if other is None or other.type != self.type:
            return self
        return self if self.python() >= other.python() else other

    def to_json(self) -> str:
        return json.dumps({"type": self.type, "value": self.value})

    @classmethod
    def from_json(cls, text: str | None) -> "Watermark | None":
        if not text:
            return None
        d = json.loads(text)
        return cls(d["type"], d["value"])

    def shown(self) -> str:
        return self.value


def parse_since(text: str, like: Watermark | None = None) -> Watermark:
    """`--since` as typed: a number, an ISO date, or an ISO date and time (with or without an
    offset); as text when the source's watermark is text."""
    text = (text or "").strip()
    if like is not None and like.type == "text":
        return Watermark("text", text)
    if re.fullmatch(r"-?\d+", text):
        return Watermark("int", text)
    try:
        if len(text) == 10:
            return Watermark.of(dt.date.fromisoformat(text))
        return Watermark.of(dt.datetime.fromisoformat(text.replace(" ", "T", 1)))
    except ValueError:
        raise SourceError("bad_since", value=text) from None


def current_watermark(con, name: str) -> Watermark | None:
    """The watermark of the source's latest pull whose import still stands (not undone)."""
    rows = con.execute(
        "SELECT watermark FROM source_pulls WHERE source_name = ? AND status = 'ok' AND watermark IS NOT NULL "
        "AND import_id NOT IN (SELECT import_id FROM import_undos) ORDER BY pull_id DESC LIMIT 1", [name]).fetchall()
    return Watermark.from_json(rows[0][0]) if rows else None


def last_pulls(con) -> dict[str, dict]:
    """Each source's latest pull: status, when, rows, import, message."""
    cur = con.execute(
        "SELECT source_name, status, started_at, finished_at, rows_pulled, import_id, message FROM source_pulls "
        "QUALIFY row_number() OVER (PARTITION BY source_name ORDER BY pull_id DESC) = 1")
    names = [d[0] for d in cur.description]
    return {r[0]: dict(zip(names, r)) for r in cur.fetchall()}


# ---- secrets ---------------------------------------------------------------------------------------

_URL_CREDENTIALS = re.compile(r"(\b[a-z][a-z0-9+.-]*://[^:/@\s]*):[^@\s]*@", re.IGNORECASE)
_PASSWORD_WORD = re.compile(r"(password|pwd|passwd)(\s*[=:]\s*)('[^']*'|\"[^\"]*\"|[^\s;,&]+)", re.IGNORECASE)


def scrub(text: str, *secrets: str | None) -> str:
    """`text` without the given secrets (also URL-encoded) and without credentials written in a
    URL or as password=…: what may reach a message, a log or a screen."""
    from urllib.parse import quote, quote_plus

    for s in secrets:
        if s:
            for form in {s, quote(s, safe=""), quote_plus(s)}:
                text = text.replace(form, "***")
    text = _URL_CREDENTIALS.sub(r"\1:***@", text)
    return _PASSWORD_WORD.sub(r"\1\2***", text)


def resolve_password(src: Source, ask=None) -> str | None:
    """The source's password: from its definition (secrets.toml, environment), else the
    variable it names, else typed (`ask(prompt)`, on a terminal); None when it needs none."""
    if src.password:
        return src.password
    if not src.password_env:
        return None  # the driver's own ways: trust, .pgpass, a SQLite file
    value = os.environ.get(src.password_env)
    if value:
        return value
    if ask is not None:
        typed = ask(f"Mật khẩu của nguồn «{src.name}» / password of source '{src.name}': ")
        if typed:
            return typed
    raise SourceError("password_missing", name=src.name, var=src.password_env)


# ---- reading a source ---------------------------------------------------------------------------

@dataclass
class Streamed:
    rows: int = 0
    newest: Watermark | None = None  # the largest changed-column value among the rows
    columns: list = field(default_factory=list)


def _engine(src: Source, password: str | None):
    """A SQLAlchemy engine for one pull: no pool (one connection, closed at the end), the
    password set in memory only, the session named after the source on the server."""
    import sqlalchemy as sa

    url = sa.make_url(src.url)
    if password is not None:
        url = url.set(password=password)
    backend = url.get_backend_name()
    kwargs: dict = {"poolclass": sa.pool.NullPool}
    if backend == "postgresql":
        kwargs["connect_args"] = {"application_name": f"cchc-pull:{src.name}"[:63], "connect_timeout": 30}
    elif backend == "sqlite":
        kwargs["creator"] = lambda: _sqlite_read_only(url.database, src.timeout)
    try:
        return sa.create_engine(url, **kwargs)
    except (ImportError, sa.exc.NoSuchModuleError):
        label, package = BACKENDS[backend]
        raise SourceError("driver_missing", backend=label, package=package) from None


def _sqlite_read_only(path: str, timeout: int):
    """A SQLite file opened read-only (mode=ro, query_only), its query stopped after `timeout`."""
    import sqlite3

    # a file: URI (percent-encoded, Windows paths too) is what lets SQLite open it read-only
    con = sqlite3.connect(Path(path).resolve().as_uri() + "?mode=ro", uri=True, check_same_thread=False)
    con.execute("PRAGMA query_only = ON")
    deadline = time.monotonic() + timeout
    con.set_progress_handler(lambda: 1 if time.monotonic() > deadline else 0, 100_000)  # 1 interrupts
    return con


def _cell(v) -> str:
    """A value as the importer reads it: ISO dates (with their offset), 1/0, plain numbers."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, (dt.datetime, dt.date, dt.time)):
        return v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v.isoformat()
    if isinstance(v, (bytes, bytearray, memoryview)):
        return bytes(v).hex()
    return str(v)


class _Progress:
    """Calls `report(rows)` at the first row and then every PROGRESS_EVERY seconds."""

    def __init__(self, report):
        self.report = report
        self.next_at = 0.0

    def rows(self, n: int, force: bool = False) -> None:
        now = time.monotonic()
        if force or now >= self.next_at:
            self.next_at = now + PROGRESS_EVERY
            self.report(n)


def _open_private(path: Path, text: bool = False):
    """A new file only this user can read (the rows are personal data)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    if text:
        return os.fdopen(fd, "w", encoding="utf-8", newline="", buffering=1 << 20)
    return os.fdopen(fd, "wb", buffering=1 << 20)


def _select_sql(src: Source, preparer) -> str:
    """`SELECT * FROM <table or (query)> src`, identifiers quoted by the dialect."""
    if src.table:
        parts = src.table.split(".")
        body = ".".join(preparer.quote(p) if i == len(parts) - 1 else preparer.quote_schema(p)
                        for i, p in enumerate(parts))
    else:
        # the newline ends a trailing -- comment of the query before our closing parenthesis
        body = f"(\n{src.query}\n)"
    return f"SELECT * FROM {body} src"


def stream_postgres(src: Source, engine, since: Watermark | None, out: Path, progress) -> Streamed:
    """PostgreSQL through psycopg: COPY (SELECT …) TO STDOUT in CSV, inside a REPEATABLE READ,
    READ ONLY transaction with a statement timeout and Vietnam time for timestamptz. The
    watermark's bound is passed as a bound parameter into a transaction setting (COPY itself takes
    no parameters); the newest value and the row count are read first in the same snapshot, and
    the count COPY reports must match both."""
    raw = engine.raw_connection()
    try:
        pg = raw.driver_connection
        pg.rollback()  # SQLAlchemy's first-connect checks may have left a transaction open
        pg.autocommit = True
        pg.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
        pg.execute("SELECT set_config('statement_timeout', %s, true), set_config('TimeZone', %s, true)",
                   [str(src.timeout * 1000), VN_TZ])
        select = _select_sql(src, engine.dialect.identifier_preparer)
        result = Streamed()
        expected = None
        if src.changed_column:
            column = "src." + engine.dialect.identifier_preparer.quote(src.changed_column)
            if since is not None:
                pg.execute("SELECT set_config('cchc.since', %s, true)", [since.value])
                select += f" WHERE {column} >= CAST(current_setting('cchc.since') AS {PG_TYPES[since.type]})"
            newest, expected = pg.execute(f"SELECT max({column}), count(*) FROM ({select}) src").fetchone()
            result.newest = Watermark.of(newest)
        report = _Progress(progress)
        messages = 0
        with pg.cursor() as cur, _open_private(out) as f:
            with cur.copy(f"COPY ({select}) TO STDOUT WITH (FORMAT csv, HEADER true, ENCODING 'UTF8')") as copy:
                for data in copy:  # one row per message
                    f.write(data)
                    messages += 1
                    if messages == 2 or not messages % 1000:  # the first row, then now and then
                        report.rows(messages - 1)
            told = cur.rowcount
        result.rows = max(messages - 1, 0)
        if told != result.rows or (expected is not None and expected != result.rows):
            raise RuntimeError(MESSAGES["count_mismatch"][1].format(sent=result.rows, told=told))
        report.rows(result.rows, force=True)
        pg.execute("ROLLBACK")  # read only: there is nothing to commit
        return result
    finally:
        raw.close()


def _begin_read_only(conn, backend: str, timeout: int) -> None:
    """Make this session read-only and bounded in time, as far as the database allows."""
    import sqlalchemy as sa

    if backend == "postgresql":  # a driver other than psycopg: no COPY, the same guarantees
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        conn.execute(sa.text("SELECT set_config('statement_timeout', :t, true), set_config('TimeZone', :tz, true)"),
                     {"t": str(timeout * 1000), "tz": VN_TZ})
    elif backend in ("mysql", "mariadb"):
        conn.exec_driver_sql("SET SESSION TRANSACTION READ ONLY")
        if getattr(conn.dialect, "is_mariadb", False):
            conn.execute(sa.text("SET SESSION max_statement_time = :s"), {"s": int(timeout)})
        else:
            conn.execute(sa.text("SET SESSION max_execution_time = :ms"), {"ms": int(timeout) * 1000})
        conn.exec_driver_sql("SET time_zone = '+07:00'")
        conn.commit()  # the session settings apply from the next transaction: the pull's
    elif backend == "oracle":
        conn.exec_driver_sql("SET TRANSACTION READ ONLY")
        conn.connection.driver_connection.call_timeout = int(timeout) * 1000
    elif backend == "mssql":
        # SQL Server has no read-only transaction: the login must only be in db_datareader
        # (README); the driver's query timeout bounds the statement.
        conn.connection.driver_connection.timeout = int(timeout)
    # sqlite: opened read-only with a deadline (_sqlite_read_only)


def stream_sqlalchemy(src: Source, engine, since: Watermark | None, out: Path, progress) -> Streamed:
    """Any database: a server-side cursor (`stream_results`, FETCH_ROWS at a time) written with
    Python's csv writer; the newest changed value is tracked as the rows pass."""
    import sqlalchemy as sa

    preparer = engine.dialect.identifier_preparer
    backend = engine.dialect.name
    # text(): a colon in the source's own SQL is the SQL's, not a parameter of ours
    sql = _select_sql(src, preparer).replace(":", "\\:")
    params = {}
    if src.changed_column and since is not None:
        value = since.python()
        if backend == "sqlite" and since.type != "text":
            value = since.value  # SQLite keeps dates as ISO text: compare text with text
        sql += f" WHERE src.{preparer.quote(src.changed_column)} >= :since"
        params["since"] = value
    result = Streamed()
    report = _Progress(progress)
    with engine.connect() as conn:
        _begin_read_only(conn, backend, src.timeout)
        rows = conn.execution_options(stream_results=True, yield_per=FETCH_ROWS).execute(sa.text(sql), params)
        result.columns = list(rows.keys())
        at = _column_index(result.columns, src.changed_column) if src.changed_column else None
        newest = None
        with _open_private(out, text=True) as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(result.columns)
            for chunk in rows.partitions():
                for row in chunk:
                    w.writerow([_cell(v) for v in row])
                    if at is not None and row[at] is not None and (newest is None or row[at] > newest):
                        newest = row[at]
                result.rows += len(chunk)
                report.rows(result.rows)
        conn.rollback()
    result.newest = Watermark.of(newest)
    report.rows(result.rows, force=True)
    return result


def _column_index(columns: list[str], name: str) -> int:
    if name in columns:
        return columns.index(name)
    lowered = [c.lower() for c in columns]
    if name.lower() in lowered:
        return lowered.index(name.lower())
    raise RuntimeError(f"column {name} is not in the source's rows ({', '.join(columns[:20])})")


def stream(src: Source, password: str | None, since: Watermark | None, out: Path, progress) -> Streamed:
    """The source's rows (those changed since `since`, when it has a changed column) into the
    CSV file `out`. Raises on any failure; `out` is then incomplete and must not be imported."""
    engine = _engine(src, password)
    try:
        if engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg":
            return stream_postgres(src, engine, since, out, progress)
        return stream_sqlalchemy(src, engine, since, out, progress)
    finally:
        engine.dispose()


# ---- a pull --------------------------------------------------------------------------------------

@dataclass
class PullResult:
    source: str
    status: str  # ok, nothing_new, refused, failed (dry runs: the import's status, nothing written)
    dry_run: bool = False
    rows_pulled: int = 0
    since: Watermark | None = None
    watermark: Watermark | None = None  # after the pull (ok), else as it was
    import_result: object = None  # the ImportResult, when the rows went through the import
    import_id: int | None = None
    message_vi: str = ""
    message_en: str = ""
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.status in ("ok", "nothing_new")

    def line(self) -> str:
        """One line for a scheduler's log: the source, never its URL."""
        head = f"{self.source}: {self.status}" + (" (dry run)" if self.dry_run else "")
        r = self.import_result
        if r is not None and self.status == "ok":
            head += (f" import={r.import_id} read={r.rows_read} new={r.rows_imported} updated={r.rows_updated} "
                     f"unchanged={r.rows_unchanged} skipped={r.rows_skipped} rejected={r.rows_rejected}")
        else:
            head += f" rows={self.rows_pulled}"
            if self.import_id:
                head += f" import={self.import_id}"
        if self.watermark is not None:
            head += f" watermark={self.watermark.shown()}"
        head += f" seconds={self.seconds:.1f}"
        if not self.ok:
            head += f" — {self.message_vi} / {self.message_en}"
        return head

    def as_dict(self) -> dict:
        out = {k: v for k, v in asdict(self).items() if k != "import_result"}
        out["since"] = self.since.value if self.since else None
        out["watermark"] = self.watermark.value if self.watermark else None
        out["import"] = self.import_result.as_dict() if self.import_result is not None else None
        return out


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _record(con, name: str, status: str, rows: int, since, watermark, user, started, import_id=None,
            message=None) -> None:
    con.execute(
        "INSERT INTO source_pulls (source_name, import_id, status, rows_pulled, since, watermark, message, pulled_by, "
        "started_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [name, import_id, status, rows, since.to_json() if since else None,
         watermark.to_json() if watermark else None, message, user, started, _now()])


def _log_failure(con, src: Source, message: str, user: str, started, rows: int, since) -> int:
    """A pull that failed before its rows reached the import: one failed line in the import
    history (as a file that could not be read) and in the source's pulls, in one transaction."""
    from warehouse import transaction

    import_id = con.execute("SELECT nextval('import_id_seq')").fetchall()[0][0]
    with transaction(con):
        con.execute(
            "INSERT INTO import_log (import_id, file_name, file_hash, kind, status, message, imported_by, started_at, "
            "finished_at) VALUES (?, ?, '', ?, 'failed', ?, ?, ?, ?)",
            [import_id, file_name(src.name), src.kind, message, user, started, _now()])
        _record(con, src.name, "failed", rows, since, None, user, started, import_id=import_id, message=message)
    return import_id


def file_name(name: str) -> str:
    """How a pull is named in the import history."""
    return f"source:{name}"


def describe(e: BaseException) -> str:
    """The database's own words for a failure, first line only (SQLAlchemy's wrapper adds the
    statement and its parameters, which belong in no message)."""
    orig = getattr(e, "orig", None) or e
    text = (str(orig).strip().splitlines() or [""])[0] or type(orig).__name__
    return f"{type(orig).__name__}: {text}"[:400]


def pull(open_warehouse, name: str, since: str | None = None, dry_run: bool = False, user: str | None = None,
         progress=None, ask_password=None, workdir: str | None = None, read_warehouse=None) -> PullResult:
    """Pull source `name` into the warehouse through the import pipeline.

    `open_warehouse()`: a context manager yielding a warehouse connection. It is opened briefly
    to read the definition and watermark (`read_warehouse()` if given: a read-only session is
    quicker to open), then again for the import: while the source streams, no warehouse lock is
    held, so the app keeps reading during a long pull.
    `since`: overrides the watermark for this run. `dry_run`: the import's report, nothing
    written or logged. `progress(fraction or None, stage, rows)`. `ask_password(prompt)`: types
    the password on a terminal when its variable is not set. Raises SourceError only for a
    source that does not exist or a --since that cannot apply; every other failure is a
    failed pull, logged (unless a dry run) with a message holding no credentials."""
    from .pipeline import default_user, import_file

    user = user or default_user()
    started, clock = _now(), time.monotonic()
    report = progress or (lambda fraction, stage, rows: None)
    with (read_warehouse or open_warehouse)() as con:
        src = get(con, name)
        stored = current_watermark(con, src.name) if src.changed_column else None
        try:
            _check_mapping(con, src)
            problem = None
        except SourceError as e:
            problem = e
    if since and not src.changed_column:
        raise SourceError("since_without_column", name=src.name)
    since_wm = parse_since(since, like=stored) if since else stored
    out = PullResult(source=src.name, status="failed", dry_run=dry_run, since=since_wm, watermark=stored)
    password = None

    def fail(detail_vi: str, detail_en: str, rows: int = 0) -> PullResult:
        vi, en = MESSAGES["pull_failed"]
        out.message_vi = vi.format(name=src.name, detail=scrub(detail_vi, password))
        out.message_en = en.format(name=src.name, detail=scrub(detail_en, password))
        out.rows_pulled, out.seconds = rows, time.monotonic() - clock
        if not dry_run:
            with open_warehouse() as con:
                out.import_id = _log_failure(con, src, f"{out.message_vi} / {out.message_en}", user, started, rows,
                                             since_wm)
        return out

    if problem is not None:
        return fail(problem.message_vi, problem.message_en)
    private = Path(tempfile.mkdtemp(prefix="cchc-pull-", dir=workdir))  # 0700
    csv_path = private / f"{src.name}.csv"
    try:
        try:
            password = resolve_password(src, ask_password)
            report(None, "connect", 0)
            streamed = stream(src, password, since_wm, csv_path, lambda rows: report(None, "pull", rows))
        except SourceError as e:
            return fail(e.message_vi, e.message_en)
        except Exception as e:  # the connection, the query, the driver: the database's words, scrubbed
            return fail(describe(e), describe(e))
        out.rows_pulled = streamed.rows
        if streamed.rows == 0:
            out.status = "nothing_new"
            out.message_vi, out.message_en = (m.format(name=src.name) for m in MESSAGES["nothing_new"])
            if not dry_run:
                with open_warehouse() as con:
                    _record(con, src.name, "nothing_new", 0, since_wm, None, user, started)
            out.seconds = time.monotonic() - clock
            return out
        newest = streamed.newest.later(stored) if streamed.newest else stored

        def keep_watermark(con, result) -> None:
            # inside the import's transaction: the watermark is committed with the rows or not at all
            _record(con, src.name, "ok", streamed.rows, since_wm, newest if src.changed_column else None, user,
                    started, import_id=result.import_id)

        with open_warehouse() as con:
            result = import_file(con, csv_path, kind=src.kind, user=user, file_name=file_name(src.name),
                                 dry_run=dry_run, mapping=src.mapping, before_commit=keep_watermark,
                                 progress=lambda fraction, stage: report(0.5 + fraction / 2, stage, streamed.rows))
            if not result.ok and not dry_run:
                _record(con, src.name, result.status, streamed.rows, since_wm, None, user, started,
                        import_id=result.import_id, message=f"{result.message_vi} / {result.message_en}")
        out.import_result, out.import_id = result, result.import_id or None
        out.status = result.status
        out.message_vi, out.message_en = result.message_vi, result.message_en
        if result.ok and not dry_run:
            out.watermark = newest if src.changed_column else None
        out.seconds = time.monotonic() - clock
        return out
    finally:
        shutil.rmtree(private, ignore_errors=True)
