"""Reading an uploaded file into a DuckDB temp table of text cells, whatever its format.

The result is always the same shape: a temp table with `_row` (the row number a person sees:
the line of a CSV, the row of an XLSX sheet) and columns `c0 … cN` holding the cells as text,
one per header. Files are streamed: a CSV is hashed and checked in chunks and parsed by
DuckDB's reader; only a CSV in another encoding than UTF-8 is transcoded, chunk by chunk,
to a temporary UTF-8 file first, because DuckDB only reads UTF-8.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import io
import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from .columns import best_kind_score, detect_kind, fold, match_headers
from .messages import ImportRefused

CHUNK = 1 << 18  # small: a chunk of Vietnamese text is 4× larger once decoded
HEADER_SEARCH_LINES = 20
DELIMITERS = (",", ";", "\t")
MAX_COLUMNS = 500  # real exports have a few dozen; thousands only come from broken files
MAX_CELL = 16 * 1024 * 1024  # Python's csv reader stops at 128 kB cells by default

csv.field_size_limit(MAX_CELL)


def check_width(headers: list) -> None:
    if len(headers) > MAX_COLUMNS:
        raise ImportRefused("too_many_columns", count=len(headers), limit=MAX_COLUMNS)


@dataclass
class Source:
    path: Path
    file_name: str
    size: int
    sha256: str
    format: str  # csv, xlsx, json
    encoding: str = "utf-8"
    delimiter: str = ","
    header_row: int = 0  # 1-based row of the header
    headers: list[str] = field(default_factory=list)
    blank_rows: int = 0  # empty lines DuckDB skips on its own, counted here
    sheet: str | None = None
    empty_lines: list = field(default_factory=list)  # 1-based numbers of the file's empty lines
    header_guessed: bool = False  # no line read as column names: the widest one stands in for them


class EmptyLines:
    """Finds the empty lines of a file fed to it chunk by chunk (DuckDB's reader drops them
    without a trace, so row numbers need them). Bytes are searched with `find`, at C speed."""

    def __init__(self):
        self.found: set[int] = set()
        self._carry = b""
        self._newlines = 0  # newlines before the current buffer
        self._first = True

    def feed(self, chunk: bytes) -> None:
        buf = self._carry + chunk
        if self._first and (buf.startswith(b"\n") or buf.startswith(b"\r\n")):
            self.found.add(1)
        self._first = False
        ends = []
        for pattern in (b"\n\n", b"\n\r\n"):
            at = buf.find(pattern)
            while at != -1:
                ends.append(at + len(pattern) - 1)
                at = buf.find(pattern, at + 1)
        pos, count = 0, self._newlines
        for end in sorted(ends):
            count += buf.count(b"\n", pos, end)
            pos = end
            self.found.add(count + 1)  # the line ending at this newline
        self._carry = buf[-2:]
        self._newlines += buf.count(b"\n") - self._carry.count(b"\n")

    def lines(self) -> list[int]:
        return sorted(self.found)


def inspect(path: str | os.PathLike, file_name: str | None = None) -> Source:
    """Hash the file, find its empty lines, tell its format and encoding (from its first
    chunk), and refuse what cannot be read: one streaming pass, nothing held in memory."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as e:
        raise ImportRefused("unreadable", detail=str(e)) from e
    if size == 0:
        raise ImportRefused("empty_file")
    digest = hashlib.sha256()
    blanks = EmptyLines()
    with open(path, "rb") as f:
        head = f.read(CHUNK)
        chunk = head
        while chunk:
            digest.update(chunk)
            blanks.feed(chunk)
            chunk = f.read(CHUNK)
    src = Source(path=path, file_name=file_name or path.name, size=size, sha256=digest.hexdigest(), format="csv")
    src.empty_lines = blanks.lines()
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"PK\x03\x04"):
        src.format = "xlsx"
    elif head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused("unknown_format")
    elif stripped[:1] in (b"{", b"["):
        src.format = "json"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        src.encoding = "utf-16"
    elif head.startswith(b"\xef\xbb\xbf"):
        src.encoding = "utf-8-sig"
    if src.format == "csv":
        if src.encoding != "utf-16" and b"\x00" in head[:8192]:
            raise ImportRefused("unknown_format")
        if src.encoding != "utf-16":
            try:
                text = codecs.getincrementaldecoder("utf-8-sig")().decode(head)
                if not unicodedata.is_normalized("NFC", text):
                    src.encoding += "+nfc"  # decomposed (NFD) text, as some Mac exports write it
            except UnicodeDecodeError:
                src.encoding = "cp1258"
        if not stripped.strip():
            raise ImportRefused("empty_file")
    return src


def transcode_to_utf8(src: Source, workdir: Path) -> Path:
    """A UTF-8, NFC copy of a CSV in another encoding (or NFD), written chunk by chunk."""
    if src.encoding == "utf-8":
        return src.path
    if src.encoding == "utf-8-sig":
        return src.path  # DuckDB skips the BOM itself
    encoding = src.encoding.replace("+nfc", "")
    out = workdir / "transcoded.csv"
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        with open(src.path, "rb") as fin, open(out, "w", encoding="utf-8", newline="") as fout:
            pending = ""
            while True:
                chunk = fin.read(CHUNK)
                text = pending + decoder.decode(chunk, final=not chunk)
                # Keep the tail back: a base letter and its combining marks must be normalised together.
                cut = len(text)
                if chunk:
                    while cut > 0 and unicodedata.combining(text[cut - 1]):
                        cut -= 1
                    cut = max(cut - 1, 0)
                fout.write(unicodedata.normalize("NFC", text[:cut]))
                pending = text[cut:]
                if not chunk:
                    fout.write(unicodedata.normalize("NFC", pending))
                    break
    except UnicodeDecodeError as e:
        raise ImportRefused("unreadable", detail=f"encoding {encoding}: {e.reason}") from e
    return out


def _head_lines(path: Path, limit: int = HEADER_SEARCH_LINES) -> list[str]:
    with open(path, "r", encoding="utf-8-sig", errors="replace", newline="") as f:
        lines = []
        for _ in range(limit):
            line = f.readline()
            if not line:
                break
            lines.append(line.rstrip("\r\n"))
    return lines


def header_score(cells: list[str], extra: frozenset[str] = frozenset()) -> int:
    """How many cells read as column names: recognised by some kind, or named by a saved mapping."""
    return max(best_kind_score(cells), sum(1 for c in cells if fold(c) in extra))


def find_header(rows: list[list[str]], extra: frozenset[str] = frozenset()) -> tuple[int, list[str]] | None:
    """The row that reads best as column names (≥ 2 recognised; the first on a tie)."""
    best = None
    for i, cells in enumerate(rows[:HEADER_SEARCH_LINES]):
        score = header_score([str(c) if c is not None else "" for c in cells], extra)
        if score >= 2 and (best is None or score > best[0]):
            best = (score, i, cells)
    if best is None:
        return None
    return best[1], [str(c).strip() if c is not None else "" for c in best[2]]


def sniff_csv(src: Source, utf8_path: Path, extra: frozenset[str] = frozenset()) -> None:
    """Find the header line and the delimiter among the first 20 lines."""
    lines = _head_lines(utf8_path)
    best = None
    for delim in DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO("\n".join(lines)), delimiter=delim))
        except csv.Error as e:  # a cell larger than MAX_CELL, a NUL byte …
            raise ImportRefused("unreadable", detail=str(e)) from e
        for i, cells in enumerate(rows):
            score = header_score(cells, extra)
            if score >= 2 and (best is None or score > best[0] or (score == best[0] and i < best[1])):
                best = (score, i, delim, cells)
    if best is None:
        # Nothing reads as column names: take the widest line as the header, so that the columns
        # can be shown and mapped by a person; the import refuses the file unless they are.
        widest = max(((sum(1 for c in cells if c.strip()), -i, delim, cells)
                      for delim in DELIMITERS for i, cells in enumerate(csv.reader(io.StringIO("\n".join(lines)),
                                                                                   delimiter=delim))),
                     default=None, key=lambda t: t[:2])
        if widest is None or widest[0] < 2:
            raise ImportRefused("no_header")
        best = (0, -widest[1], widest[2], widest[3])
        src.header_guessed = True
    _, idx, delim, cells = best
    src.delimiter = delim
    # csv.reader rows map to physical lines as long as the title lines hold no quoted newlines.
    src.header_row = idx + 1
    src.headers = [c.strip() for c in cells]
    check_width(src.headers)


def empty_lines(path: Path) -> list[int]:
    """The empty lines of a (transcoded) file, by the same scanner `inspect` uses."""
    blanks = EmptyLines()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            blanks.feed(chunk)
    return blanks.lines()


def record_offsets(empty: list[int], header_row: int) -> list[tuple[int, int]]:
    """(t, n) pairs: DuckDB records numbered ≥ t sit n empty lines further down the file."""
    rel = [ln - header_row for ln in empty if ln > header_row]
    return [(b - j, j + 1) for j, b in enumerate(rel)]


def _read_records(con, src: Source, utf8: Path) -> None:
    n = len(src.headers)
    options = dict(p=str(utf8), skip=src.header_row, delim=src.delimiter,
                   columns={f"c{i}": "VARCHAR" for i in range(n)})
    sql = (
        "CREATE OR REPLACE TEMP TABLE _records AS SELECT row_number() OVER () AS _rec, * FROM read_csv("
        "$p, skip = $skip, header = false, all_varchar = true, auto_detect = false, delim = $delim, "
        "quote = '\"', escape = '\"', null_padding = true, strict_mode = false, columns = $columns{parallel})"
    )
    try:
        con.execute(sql.format(parallel=""), options)
    except Exception as e:  # quoted line breaks need the single-threaded reader
        if "parallel" not in str(e):
            raise
        con.execute(sql.format(parallel=", parallel = false"), options)


def load_csv(con, src: Source, workdir: Path, table: str = "raw_rows", extra: frozenset[str] = frozenset()) -> int:
    """Parse a CSV with DuckDB into the view `table` (_row, c0…cN); returns the records read."""
    utf8 = transcode_to_utf8(src, workdir)
    sniff_csv(src, utf8, extra)
    try:
        _read_records(con, src, utf8)
    except Exception as e:
        # Only the first chunk was checked for UTF-8: a Windows-1258 byte further down shows here.
        if src.encoding not in ("utf-8", "utf-8-sig") or "unicode" not in str(e).lower():
            raise ImportRefused("unreadable", detail=str(e).splitlines()[0]) from e
        src.encoding = "cp1258"
        utf8 = transcode_to_utf8(src, workdir)
        sniff_csv(src, utf8, extra)
        _read_records(con, src, utf8)
    if utf8 != src.path:
        src.empty_lines = empty_lines(utf8)
    offsets = record_offsets(src.empty_lines, src.header_row)
    src.blank_rows = len(offsets)
    # A view, not a copy: the staging query reads it once. The record → line shift is a CASE
    # over the (few, integer) offsets; an ASOF join would sort a million rows for nothing.
    shift = "0"
    if offsets:
        whens = " ".join(f"WHEN _rec >= {int(t)} THEN {int(n)}" for t, n in reversed(offsets))
        shift = f"CASE {whens} ELSE 0 END"
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT * EXCLUDE (_rec), "
        f"{int(src.header_row)} + _rec + {shift} AS _row FROM _records"
    )
    return con.execute("SELECT count(*) FROM _records").fetchall()[0][0] + src.blank_rows


def _cell_text(v) -> str | None:
    """An XLSX cell as the text a CSV export would have held (dates in ISO)."""
    if v is None or v == "":
        return None
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    if isinstance(v, (dt.datetime, dt.date)):
        return v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v.isoformat()
    if isinstance(v, dt.time):
        return v.isoformat()
    return unicodedata.normalize("NFC", str(v))


def load_xlsx(con, src: Source, table: str = "raw_rows", extra: frozenset[str] = frozenset()) -> int:
    """Read the first sheet that has a header row into `table` (_row, c0…cN)."""
    import pyarrow as pa
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(src.path))
    except Exception as e:
        raise ImportRefused("unreadable", detail=str(e).splitlines()[0] if str(e) else type(e).__name__) from e
    for name in book.sheet_names:
        try:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as e:
            raise ImportRefused("unreadable", detail=str(e).splitlines()[0]) from e
        header = find_header([[_cell_text(c) or "" for c in r] for r in rows[:HEADER_SEARCH_LINES]], extra)
        if header is None:
            continue
        idx, cells = header
        check_width(cells)
        src.sheet, src.header_row, src.headers = name, idx + 1, cells
        n = len(cells)
        data = rows[idx + 1 :]
        cols = {f"c{i}": [(_cell_text(r[i]) if i < len(r) else None) for r in data] for i in range(n)}
        cols["_row"] = list(range(idx + 2, idx + 2 + len(data)))
        arrow = pa.table({k: pa.array(v, type=pa.int64() if k == "_row" else pa.string()) for k, v in cols.items()})
        con.register("_xlsx_rows", arrow)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT * FROM _xlsx_rows")
        con.unregister("_xlsx_rows")
        return len(data)
    raise ImportRefused("no_header")


def load(con, src: Source, workdir: Path, table: str = "raw_rows", extra: frozenset[str] = frozenset()) -> int:
    """Read the rows of a CSV or XLSX; `extra`: folded headers a saved mapping names (they count
    when looking for the header row)."""
    if src.format == "csv":
        return load_csv(con, src, workdir, table, extra)
    if src.format == "xlsx":
        return load_xlsx(con, src, table, extra)
    raise ImportRefused("kind_not_supported", kind=src.format)


def kind_of(src: Source) -> str | None:
    return detect_kind(src.headers)


def mapped_columns(src: Source, kind: str) -> dict[int, str]:
    return match_headers(src.headers, kind)
