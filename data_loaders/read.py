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
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np

from .columns import MAX_HEADER, best_kind_score, detect_kind, fold, match_headers
from .messages import ImportRefused

CHUNK = 1 << 18  # small: a chunk of Vietnamese text is 4× larger once decoded
HEADER_SEARCH_LINES = 20
DELIMITERS = (",", ";", "\t")
MAX_COLUMNS = 500  # real exports have a few dozen; thousands only come from broken files
MAX_CELL = 16 * 1024 * 1024  # Python's csv reader stops at 128 kB cells by default
MAX_JSON = 20 * 1024 * 1024  # a portal 766 page is a few hundred KB; JSON is parsed whole in memory

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
    """Finds the empty lines ("" or a lone "\r") of a file fed to it chunk by chunk (DuckDB's
    reader drops them without a trace, so row numbers need them). The newlines of each chunk are
    found at once with numpy: searching bytes for "\n\n" stops at every one of a million newlines
    (0.65 s for a 335 MB export, most of what reading it for its hash cost; now ~0.1 s)."""

    def __init__(self):
        self.found: list[int] = []
        self._offset = 0  # bytes before the current chunk
        self._last_newline = -1  # absolute position of the last newline seen
        self._newlines = 0  # newlines before the current chunk
        self._last_byte = 0  # the previous chunk's last byte

    def feed(self, chunk: bytes) -> None:
        if not chunk:
            return
        data = np.frombuffer(chunk, dtype=np.uint8)
        at = np.flatnonzero(data == 10)  # newlines, relative to the chunk
        if at.size:
            starts = np.empty_like(at)  # where each line ending at one of them starts
            starts[0] = self._last_newline + 1 - self._offset
            starts[1:] = at[:-1] + 1
            length = at - starts
            empty = length == 0
            one = np.flatnonzero(length == 1)
            if one.size:
                first = starts[one]  # a one-byte line: empty when that byte is "\r"
                byte = np.where(first >= 0, data[np.maximum(first, 0)], self._last_byte)
                empty[one[byte == 13]] = True
            self.found.extend((np.flatnonzero(empty) + self._newlines + 1).tolist())
            self._last_newline = self._offset + int(at[-1])
            self._newlines += int(at.size)
        self._offset += len(chunk)
        self._last_byte = chunk[-1]

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
        if size > MAX_JSON:
            raise ImportRefused("json_too_large", size=round(size / 2**20, 1), limit=MAX_JSON // 2**20)
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
    return max(best_kind_score(cells), sum(1 for c in cells if len(c) <= MAX_HEADER and fold(c) in extra))


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


def widest_line(rows: list[list[str]]) -> tuple[int, list[str]] | None:
    """When no line reads as column names: the one with the most filled cells (≥ 2; the first on a
    tie), to show a person the file's columns so that they can map them."""
    best = max(((sum(1 for c in cells if str(c or "").strip()), -i, cells) for i, cells in enumerate(rows)),
               default=None, key=lambda t: t[:2])
    if best is None or best[0] < 2:
        return None
    return -best[1], [str(c).strip() if c is not None else "" for c in best[2]]


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
        guesses = [(widest_line(list(csv.reader(io.StringIO("\n".join(lines)), delimiter=d))), d) for d in DELIMITERS]
        guesses = [(g, d) for g, d in guesses if g is not None]
        if not guesses:
            raise ImportRefused("no_header")
        (idx, cells), delim = max(guesses, key=lambda gd: sum(1 for c in gd[0][1] if c))
        best = (0, idx, delim, cells)
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
        "CREATE OR REPLACE TEMP TABLE _records AS SELECT * FROM read_csv("
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
    except duckdb.OutOfMemoryException:
        raise  # not the file's fault: the pipeline says what to do
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
    # A record's place is its rowid: DuckDB keeps a file's order as it reads it in parallel and
    # stores rows in that order (preserve_insertion_order, on by default). Numbering them with
    # row_number() OVER () instead gathered every record in one place: a second of a million-row read.
    con.execute(
        f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT * EXCLUDE (_rec), "
        f"{int(src.header_row)} + _rec + {shift} AS _row FROM (SELECT *, rowid + 1 AS _rec FROM _records)"
    )
    return con.execute("SELECT count(*) FROM _records").fetchall()[0][0] + src.blank_rows


# ---- XLSX, streamed -------------------------------------------------------------------------------
#
# An XLSX file is a zip of XML parts. Libraries that load a whole sheet (python-calamine, openpyxl's
# normal mode) size their grid from the file's own claims: one cell at XFD1048576 asks for 512 GB,
# and a 4 MB archive can hold 1 GB of rows. So the archive is checked first (sizes, compression
# ratios, the sheet's declared dimension), then the sheet is streamed through expat with every
# cell position checked against the limits, and rows go to DuckDB in batches: memory stays flat
# whatever the file says.

MAX_XLSX_ROWS = 1_048_576  # Excel's own limit for a sheet: no real export goes further
MAX_XLSX_PART = 2 << 30  # uncompressed bytes of one part (a 1 M-row dossier sheet is ~1.3 GB)
MAX_XLSX_TOTAL = 4 << 30  # uncompressed bytes of the whole archive
MAX_SHARED_STRINGS = 256 << 20  # uncompressed bytes of the shared-string table (its text stays in memory)
MAX_RATIO = 100  # uncompressed / compressed size of a part; real sheets compress 5–30 times
RATIO_FLOOR = 16 << 20  # smaller parts may compress as well as they like
MAX_MEMBERS = 10_000
BATCH_CELLS = 1 << 19  # cells sent to DuckDB at a time
XML_CHUNK = 1 << 20

_BUILTIN_DATE_FORMATS = set(range(14, 23)) | {45, 46, 47}
_EXCEL_EPOCH = {False: dt.datetime(1899, 12, 30), True: dt.datetime(1904, 1, 1)}


def _mb(n: int) -> str:
    return f"{n / (1 << 20):,.0f}"


_REF = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")
_COLUMNS: dict[str, int] = {}


def _split_ref(ref: str) -> tuple[int, int]:
    """'XFD1048576' → (row 1048576, column index 16383); ValueError for anything else."""
    m = _REF.fullmatch(ref)
    if m is None:
        raise ValueError(ref)
    letters = m.group(1)
    col = _COLUMNS.get(letters)
    if col is None:
        col = -1
        for ch in letters:
            col = (col + 1) * 26 + (ord(ch) - 65)
        _COLUMNS[letters] = col
    return int(m.group(2)), col


def _check_cell(ref: str, row: int, col: int) -> None:
    if row > MAX_XLSX_ROWS or col >= MAX_COLUMNS:
        raise ImportRefused("xlsx_cell_out_of_range", cell=ref, rows=f"{MAX_XLSX_ROWS:,}", columns=MAX_COLUMNS)


def _local(name: str) -> str:
    return name.rpartition(":")[2]


def _parser(start=None, end=None, text=None):
    """An expat parser that refuses DTDs (no entity expansion: a 'billion laughs' file is refused).
    Element names arrive as written (`c`, or `x:c` with a prefix): handlers compare local names."""
    from xml.parsers import expat

    p = expat.ParserCreate()
    p.buffer_text = True
    p.buffer_size = 1 << 16

    def no_dtd(*_):
        raise ImportRefused("unreadable", detail="XML DOCTYPE")

    p.StartDoctypeDeclHandler = no_dtd
    p.EntityDeclHandler = no_dtd
    if start:
        p.StartElementHandler = start
    if end:
        p.EndElementHandler = end
    if text:
        p.CharacterDataHandler = text
    return p


def _attr(attrs: dict, local: str):
    """An attribute by its local name (`r:id` has a prefix that varies between writers)."""
    if local in attrs:
        return attrs[local]
    return next((v for k, v in attrs.items() if _local(k) == local), None)


def _small_part(z, name: str, limit: int = 16 << 20) -> bytes | None:
    """A small XML part (workbook, relationships, styles), or None if the archive lacks it."""
    try:
        info = z.getinfo(name)
    except KeyError:
        return None
    if info.file_size > limit:
        raise ImportRefused("xlsx_too_large", part=name, size=_mb(info.file_size), limit=_mb(limit))
    return z.read(name)


def _elements(data: bytes | None) -> list[tuple[str, dict, tuple]]:
    """(local name, attributes, ancestors) of every element of a small XML part."""
    out, stack = [], []
    if not data:
        return out

    def start(name, attrs):
        out.append((_local(name), attrs, tuple(stack)))
        stack.append(_local(name))

    p = _parser(start, lambda name: stack.pop())
    p.Parse(data, True)
    return out


def _check_archive(z) -> None:
    """Refuse a zip bomb from the central directory, before decompressing anything. (zipfile stops
    a part at its declared size and checks its CRC, so the declared sizes cannot be exceeded.)"""
    infos = z.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ImportRefused("xlsx_too_large", part=f"{len(infos)} parts", size="—", limit="—")
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_XLSX_PART:
            raise ImportRefused("xlsx_too_large", part=info.filename, size=_mb(info.file_size), limit=_mb(MAX_XLSX_PART))
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > RATIO_FLOOR and ratio > MAX_RATIO:
            raise ImportRefused("xlsx_bomb", part=info.filename, ratio=int(ratio), limit=MAX_RATIO)
    if total > MAX_XLSX_TOTAL:
        raise ImportRefused("xlsx_too_large", part="*", size=_mb(total), limit=_mb(MAX_XLSX_TOTAL))


def _resolve(base: str, target: str) -> str:
    if target.startswith("/"):
        return target.lstrip("/")
    parts = base.split("/")[:-1]
    for piece in target.split("/"):
        if piece == "..":
            parts = parts[:-1]
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts)


def _rels(z, part: str) -> dict[str, tuple[str, str]]:
    """Relationship id → (type's last word, target part) for `part`."""
    folder, _, name = part.rpartition("/")
    rels_name = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
    out = {}
    for tag, attrs, _ in _elements(_small_part(z, rels_name)):
        if tag == "Relationship" and attrs.get("Id") and attrs.get("Target"):
            out[attrs["Id"]] = (attrs.get("Type", "").rpartition("/")[2], _resolve(part, attrs["Target"]))
    return out


@dataclass
class _Book:
    sheets: list[tuple[str, str]]  # (name, part) in the workbook's order
    shared: str | None
    date_styles: frozenset
    duration_styles: frozenset
    date1904: bool


def _is_date_format(code: str) -> tuple[bool, bool]:
    """(date, duration) for a custom number format: any d m y h s outside quotes, escapes and
    [colour]/[$currency] brackets; [h] [m] [s] make a duration."""
    plain, duration, i = [], False, 0
    while i < len(code):
        ch = code[i]
        if ch == '"':
            i = code.find('"', i + 1)
            i = len(code) if i < 0 else i + 1
            continue
        if ch in "\\_*":
            i += 2
            continue
        if ch == "[":
            close = code.find("]", i)
            inner = code[i + 1:close if close > 0 else len(code)].lower()
            duration = duration or inner in ("h", "hh", "m", "mm", "s", "ss")
            i = len(code) if close < 0 else close + 1
            continue
        plain.append(ch.lower())
        i += 1
    text = "".join(plain)
    if text.strip() == "general":
        return False, False
    return duration or any(c in text for c in "dmyhs"), duration


def _book(z) -> _Book:
    office = next((target for kind, target in _rels(z, "").values() if kind == "officeDocument"), "xl/workbook.xml")
    rels = _rels(z, office)
    sheets, date1904 = [], False
    for tag, attrs, _ in _elements(_small_part(z, office)):
        if tag == "sheet":
            rel = rels.get(_attr(attrs, "id") or "")
            if rel and rel[0] == "worksheet":
                sheets.append((attrs.get("name") or rel[1], rel[1]))
        elif tag == "workbookPr":
            date1904 = str(attrs.get("date1904", "")).lower() in ("1", "true")
    if not sheets:
        raise ImportRefused("unreadable", detail="no worksheet")
    shared = next((t for kind, t in rels.values() if kind == "sharedStrings"), None)
    styles = next((t for kind, t in rels.values() if kind == "styles"), None)
    formats, xfs = {}, []
    for tag, attrs, ancestors in _elements(_small_part(z, styles) if styles else None):
        if tag == "numFmt":
            formats[attrs.get("numFmtId")] = attrs.get("formatCode", "")
        elif tag == "xf" and ancestors and ancestors[-1] == "cellXfs":
            xfs.append(attrs.get("numFmtId", "0"))
    dates, durations = set(), set()
    for index, fmt_id in enumerate(xfs):
        if fmt_id in formats:
            is_date, is_duration = _is_date_format(formats[fmt_id])
        else:
            is_date, is_duration = fmt_id.isdigit() and int(fmt_id) in _BUILTIN_DATE_FORMATS, fmt_id == "46"
        if is_date:
            dates.add(str(index))
        if is_duration:
            durations.add(str(index))
    return _Book(sheets, shared if shared and shared in z.namelist() else None, frozenset(dates),
                 frozenset(durations), date1904)


class _SharedStrings:
    """The shared-string table as UTF-8 in one buffer with offsets: a few bytes per string
    instead of a Python object each."""

    def __init__(self, z, part: str | None):
        from array import array

        self.data, self.ends = bytearray(), array("Q")
        if part is None:
            return
        info = z.getinfo(part)
        if info.file_size > MAX_SHARED_STRINGS:
            raise ImportRefused("xlsx_too_large", part=part, size=_mb(info.file_size), limit=_mb(MAX_SHARED_STRINGS))
        depth = {"si": 0, "t": 0, "rPh": 0}

        def start(name, attrs):
            name = _local(name)
            if name in depth:
                depth[name] += 1

        def end(name):
            name = _local(name)
            if name in depth:
                depth[name] -= 1
            if name == "si":
                self.ends.append(len(self.data))

        def text(data):
            if depth["si"] and depth["t"] and not depth["rPh"]:  # phonetic runs are not the text
                self.data += data.encode("utf-8")

        p = _parser(start, end, text)
        with z.open(part) as f:
            while chunk := f.read(XML_CHUNK):
                p.Parse(chunk, False)
        p.Parse(b"", True)

    def __getitem__(self, i: int) -> str:
        if not 0 <= i < len(self.ends):
            raise ImportRefused("unreadable", detail=f"shared string {i}")
        return self.data[self.ends[i - 1] if i else 0:self.ends[i]].decode("utf-8")


def _serial_text(value: float, date1904: bool) -> str:
    """An Excel date serial as the text a CSV export holds, as python-calamine gave it before:
    a date for whole days, a time below one day, else a datetime (to the millisecond)."""
    stamp = _EXCEL_EPOCH[date1904] + dt.timedelta(milliseconds=round(value * 86_400_000))
    if 0 <= value < 1:
        return stamp.time().isoformat()
    if stamp.time() == dt.time(0):
        return stamp.date().isoformat()
    return stamp.isoformat(sep=" ")


def _number_text(f: float) -> str:
    return str(int(f)) if f.is_integer() else repr(f)


_C, _V, _T, _IS, _ROW, _RPH, _DIMENSION = range(1, 8)
_CODES = {"c": _C, "v": _V, "t": _T, "is": _IS, "row": _ROW, "rPh": _RPH, "dimension": _DIMENSION}


class _SheetReader:
    """Streams one sheet's rows: [(row number, {column: text})], only rows with a value. Called
    for every element of the sheet, so written for speed: one dispatch on a cached code."""

    def __init__(self, book: _Book, shared: _SharedStrings):
        self.book, self.shared = book, shared
        self.rows: list[tuple[int, dict]] = []
        self.row_no, self.row_text, self.col, self.cells = 0, "0", -1, {}
        self.kind = self.style = self.ref = None
        self.buf: list[str] = []
        self.capture = self.in_inline = self.in_phonetic = False
        self.codes: dict[str, int] = {}
        self.parser = _parser(self.start, self.end, self.text)

    def code(self, name: str) -> int:
        code = self.codes[name] = _CODES.get(_local(name), 0)
        return code

    def start(self, name, attrs):
        code = self.codes.get(name)
        if code is None:
            code = self.code(name)
        if code == _C:
            ref = self.ref = attrs.get("r")
            if ref:
                # 'AB12' in row 12: the letters alone, looked up (a regex only for letters not seen yet)
                col = _COLUMNS.get(ref[:-len(self.row_text)]) if ref.endswith(self.row_text) else None
                if col is None:
                    try:
                        row, col = _split_ref(ref)
                    except ValueError:
                        raise ImportRefused("unreadable", detail=f"cell reference {ref[:20]!r}") from None
                    if row != self.row_no:
                        raise ImportRefused("unreadable", detail=f"cell {ref[:20]} outside its row {self.row_no}")
                self.col = col
            else:
                self.col += 1
            self.kind, self.style, self.buf = attrs.get("t"), attrs.get("s"), []
        elif code == _V or (code == _T and self.in_inline and not self.in_phonetic):
            self.capture = True
        elif code == _ROW:
            r = attrs.get("r")
            number = int(r) if r and r.isdigit() else self.row_no + 1
            if number <= self.row_no:
                raise ImportRefused("unreadable", detail=f"row {number} after row {self.row_no}")
            self.row_no, self.row_text, self.col, self.cells = number, str(number), -1, {}
            if number > MAX_XLSX_ROWS:
                _check_cell(f"A{number}", number, 0)
        elif code == _IS:
            self.in_inline = True
        elif code == _RPH:
            self.in_phonetic = True
        elif code == _DIMENSION:
            self.check_dimension(attrs.get("ref", ""))

    def text(self, data):
        if self.capture:
            self.buf.append(data)

    def end(self, name):
        code = self.codes.get(name)
        if code is None:
            code = self.code(name)
        if code == _C:
            value = self.value("".join(self.buf))
            if value:
                if self.col >= MAX_COLUMNS:
                    _check_cell(self.ref or f"R{self.row_no}C{self.col + 1}", self.row_no, self.col)
                self.cells[self.col] = value if value.isascii() else unicodedata.normalize("NFC", value)
        elif code == _V or code == _T:
            self.capture = False
        elif code == _ROW:
            if self.cells:
                self.rows.append((self.row_no, self.cells))
        elif code == _IS:
            self.in_inline = False
        elif code == _RPH:
            self.in_phonetic = False

    def value(self, raw: str) -> str | None:
        kind = self.kind
        if kind == "inlineStr" or kind == "str":
            return raw
        if kind is None or kind == "n":
            if self.style is None or self.style not in self.book.date_styles:
                try:
                    number = float(raw)
                except ValueError:
                    return raw or None
                return _number_text(number) if number - number == 0 else raw  # inf and nan stay as written
        if kind == "s":
            return self.shared[int(raw)] if raw.strip().isdigit() else None
        if kind == "b":
            return "1" if raw.strip() in ("1", "true") else "0" if raw.strip() else None
        if kind == "e" or not raw.strip():
            return None  # an error value (#N/A) or a formula without its result
        if kind == "d":
            try:
                stamp = dt.datetime.fromisoformat(raw.strip())
            except ValueError:
                return raw
            return stamp.date().isoformat() if stamp.time() == dt.time(0) else stamp.isoformat(sep=" ")
        try:
            number = float(raw)
        except ValueError:
            return raw
        if self.style in self.book.date_styles and number == number and abs(number) < 3e6:
            if self.style in self.book.duration_styles:
                return str(dt.timedelta(milliseconds=round(number * 86_400_000)))
            try:
                return _serial_text(number, self.book.date1904)
            except (OverflowError, ValueError):
                pass
        return _number_text(number) if number - number == 0 else raw

    def check_dimension(self, ref: str) -> None:
        """The sheet's declared extent (`A1:XFD1048576`): refused before the rows are read."""
        last = ref.split(":")[-1].replace("$", "").upper()
        try:
            row, col = _split_ref(last)
        except ValueError:
            return  # a dimension is optional; cells are checked one by one anyway
        if row > MAX_XLSX_ROWS or col >= MAX_COLUMNS:
            raise ImportRefused("xlsx_dimension", ref=ref[:40], rows=f"{MAX_XLSX_ROWS:,}", columns=MAX_COLUMNS)

    def take(self) -> list[tuple[int, dict]]:
        rows, self.rows = self.rows, []
        return rows


def _sheet_rows(z, part: str, book: _Book, shared: _SharedStrings):
    reader = _SheetReader(book, shared)
    with z.open(part) as f:
        while chunk := f.read(XML_CHUNK):
            reader.parser.Parse(chunk, False)
            yield from reader.take()
    reader.parser.Parse(b"", True)
    yield from reader.take()


def _as_list(cells: dict, width: int) -> list:
    return [cells.get(i) for i in range(width)]


def load_xlsx(con, src: Source, table: str = "raw_rows", extra: frozenset[str] = frozenset(), guess: bool = False) -> int:
    """Read the first sheet that has a header row into `table` (_row, c0…cN). Rows without a
    value are counted as blank rows (as a CSV's empty lines are), not stored. `guess`: no sheet
    has one, so the first sheet's widest line among its first 20 stands in for it (its columns
    can then be mapped by a person)."""
    import zipfile
    from xml.parsers.expat import ExpatError

    try:
        with zipfile.ZipFile(src.path) as z:
            _check_archive(z)
            book = _book(z)
            shared = None
            for name, part in book.sheets:
                if part not in z.namelist():
                    continue
                shared = shared or _SharedStrings(z, book.shared)
                rows = _sheet_rows(z, part, book, shared)
                head = []
                for number, cells in rows:
                    head.append((number, cells))
                    if number >= HEADER_SEARCH_LINES:
                        break
                grid = {number: cells for number, cells in head if number <= HEADER_SEARCH_LINES}
                width = max((max(c) + 1 for c in grid.values()), default=0)
                lines = [[(grid.get(n, {}).get(i) or "") for i in range(width)] for n in range(1, HEADER_SEARCH_LINES + 1)]
                header = widest_line(lines) if guess else find_header(lines, extra)
                if header is None:
                    continue
                src.header_guessed = guess
                idx, cells = header
                src.sheet, src.header_row = name, idx + 1
                last = max((i for i, c in enumerate(cells) if c), default=-1)
                src.headers = cells[:last + 1]
                check_width(src.headers)
                return _stream_rows(con, src, table, head, rows)
    except ImportRefused:
        raise
    except (zipfile.BadZipFile, ExpatError, KeyError, ValueError, EOFError, OSError, NotImplementedError) as e:
        raise ImportRefused("unreadable", detail=(str(e).splitlines() or [type(e).__name__])[0][:200]) from e
    if not guess:
        return load_xlsx(con, src, table, extra, guess=True)
    raise ImportRefused("no_header")


def _stream_rows(con, src: Source, table: str, head: list, rows) -> int:
    """Write the rows below the header to `table` in batches; returns rows read (blank ones included)."""
    import itertools

    import pyarrow as pa

    width = len(src.headers)
    cols = ", ".join(f"c{i} VARCHAR" for i in range(width))
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} (_row BIGINT{', ' + cols if cols else ''})")
    batch, cells_in_batch, last, blank = [], 0, src.header_row, 0

    def flush():
        nonlocal batch, cells_in_batch
        if not batch:
            return
        arrays = {"_row": pa.array([n for n, _ in batch], type=pa.int64())}
        for i in range(width):
            # the type inferred, not given: pyarrow converts non-ASCII text ~300 times slower with type=string
            arrays[f"c{i}"] = pa.array([c.get(i) for _, c in batch])
        con.register("_xlsx_batch", pa.table(arrays))
        con.execute(f"INSERT INTO {table} SELECT * FROM _xlsx_batch")
        con.unregister("_xlsx_batch")
        batch, cells_in_batch = [], 0

    for number, cells in itertools.chain(head, rows):
        if number <= src.header_row:
            continue
        wider = max(cells) + 1
        if wider > width:  # a cell right of every header: a column of its own, as an unnamed header
            for i in range(width, wider):
                con.execute(f"ALTER TABLE {table} ADD COLUMN c{i} VARCHAR")
            src.headers = src.headers + [""] * (wider - width)
            width = wider
        blank += number - last - 1
        last = number
        batch.append((number, cells))
        cells_in_batch += len(cells)
        if cells_in_batch >= BATCH_CELLS or len(batch) >= 50_000:
            flush()
    flush()
    src.blank_rows = blank
    return con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0] + blank


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


# ---- uploaded files waiting for their import ------------------------------------------------------
#
# The upload page keeps each selected file on disk between the preview and the import. Those
# files are other people's data: they go in a folder only the server's user can open (0700,
# files 0600), and are deleted after the import, when their session lets go of them, and in any
# case once nobody has touched them for UPLOAD_MAX_AGE (Streamlit has no dependable hook for
# the end of a session, so every visit of the page sweeps).

UPLOAD_MAX_AGE = 30 * 60  # seconds


def upload_dir() -> Path:
    """The server's private folder for waiting uploads (made, or put right, on first use). A
    folder of that name owned by someone else, or a link, is not used: a private one is made."""
    import stat
    import tempfile

    folder = Path(tempfile.gettempdir()) / f"cchc-uploads-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, exist_ok=True)
        info = folder.lstat()
        if stat.S_ISDIR(info.st_mode) and not stat.S_ISLNK(info.st_mode) and info.st_uid == os.getuid():
            if stat.S_IMODE(info.st_mode) != 0o700:
                folder.chmod(0o700)
            return folder
    except OSError:
        pass
    global _PRIVATE_FALLBACK
    if _PRIVATE_FALLBACK is None:
        _PRIVATE_FALLBACK = Path(tempfile.mkdtemp(prefix="cchc-uploads-"))  # 0700, ours alone
    return _PRIVATE_FALLBACK


_PRIVATE_FALLBACK: Path | None = None


def stage_upload(data: bytes, name: str) -> Path:
    """`data` as a private file `name` in upload_dir() (kept, and its clock restarted, if there)."""
    path = upload_dir() / name
    if path.exists():
        os.utime(path)  # still in use: the sweep measures idleness
        return path
    fd, tmp = _private_temp(path.parent)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    os.replace(tmp, path)
    return path


def _private_temp(folder: Path) -> tuple[int, str]:
    import tempfile

    return tempfile.mkstemp(dir=folder, suffix=".part")  # created 0600


def sweep_uploads(max_age: float = UPLOAD_MAX_AGE, drop: set | None = None) -> None:
    """Delete waiting uploads idle for longer than `max_age` seconds, and the files in `drop`."""
    import time

    folder = upload_dir()
    cutoff = time.time() - max_age
    for path in list(folder.iterdir()):
        try:
            if path.is_file() and (path.stat().st_mtime < cutoff or (drop and path in drop)):
                path.unlink()
        except OSError:
            pass  # another session swept it first
