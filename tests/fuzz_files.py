"""A generator of malformed import files (small, deterministic): truncated, wrong encodings,
binary, wrong types, huge cells, thousands of columns, formula-like cells, HTML and script in
names, broken structure, broken XLSX and JSON, and random byte-level mutations of a good file.

`generate(folder)` writes them and returns [(category, path)]; the fuzz test imports each."""
from __future__ import annotations

import csv
import io
import random
import zipfile
from pathlib import Path

from tests.conftest import DOSSIER_HEADERS, encode_cp1258

GOOD_ROW = ["HS-{n}", "1.001612", "Đăng ký khai sinh", "Hộ tịch", "U1", "Sở Tư pháp", "Trực tuyến", "",
            "05/10/2026 08:00", "10/10/2026", "08/10/2026 09:00", "", "10", "Có", "", "", "", "", ""]
UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"]

NASTY_TEXT = [
    '=HYPERLINK("http://example.invalid/x","Bấm vào đây")', "=1+2", "+cmd|' /C calc'!A0", "@SUM(A1:A9)",
    "-2+3", "=cmd|'/c calc'!A1", "<script>alert('x')</script>", "<img src=x onerror=alert(1)>",
    "[bấm](javascript:alert(1))", "**đậm** _nghiêng_ `code`", "<b>UBND</b> xã &amp; phường", "' OR 1=1 --",
    "Robert'); DROP TABLE dossiers;--", "${7*7}", "{{7*7}}", "\u202eRTL override", "tab\there", "NUL\x00byte",
    "emoji 🏛️📊", "\ufeffBOM inside", "line\nbreak", 'quote " inside', "∑∞≠", "Ǹ̸̢̛̖̗̘̙̜̝̞̟̠̤̥̦̩̪̫̬̭̮̯̰̱̲̳̹̺̻̼ͅ zalgo",
]
BAD_VALUES = {
    "received_at": ["32/13/2026", "2026-02-30", "0001-01-01", "99999-01-01", "05/10/26", "10/25/2026", "hôm qua",
                    "1e9", "-5", "", "NaN", "2026-10-05T25:61:00", "05/10/2026 08:00:00.123456789"],
    "status": ["abc", "0", "11", "-1", "9.5", "1e1", "99999999999999999999", "Đã xử lý xong!", "", "NULL"],
    "channel": ["4", "fax", "trực tuyến mức 9", "-", "0"],
    "digitized": ["có lẽ", "2", "yes please", "☑"],
    "due_at": ["01/01/1990", "31/12/2100", "01/01/2101", "00/00/0000"],
    "rating": ["năm sao", "1,2,3", "1.2.3", "∞", "1e400", "-1e400"],
}


def _csv(headers, rows, delimiter=",") -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    if headers is not None:
        w.writerow(headers)
    w.writerows(rows)
    return buf.getvalue().encode("utf-8")


def _good_rows(n: int, start: int = 0) -> list[list[str]]:
    return [[c.replace("{n}", str(start + i)) for c in GOOD_ROW] for i in range(n)]


def _xlsx(rows: list[list], sheet: str = "Sheet1") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def generate(folder: Path, seed: int = 5) -> list[tuple[str, Path]]:
    """Write the fuzz set into `folder`; returns (category, path) pairs (≥ 500 files)."""
    rnd = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    files: list[tuple[str, bytes, str]] = []  # (category, content, suffix)
    good = _csv(DOSSIER_HEADERS, _good_rows(30))

    # truncated: a good file cut anywhere (inside a multi-byte letter, inside a quoted cell …)
    for cut in sorted(rnd.sample(range(1, len(good)), 60)):
        files.append(("truncated", good[:cut], ".csv"))
    quoted = _csv(DOSSIER_HEADERS, [[*GOOD_ROW[:5], 'Sở "Tư pháp", tỉnh\nA', *GOOD_ROW[6:]]])
    for cut in range(len(quoted) - 40, len(quoted), 4):
        files.append(("truncated", quoted[:cut], ".csv"))

    # wrong encodings
    text = good.decode("utf-8")
    files += [
        ("encoding", text.encode("utf-16-le"), ".csv"),  # UTF-16 without its BOM
        ("encoding", text.encode("utf-16-be"), ".csv"),
        ("encoding", b"\xfe\xff" + text.encode("utf-16-le"), ".csv"),  # BOM says BE, bytes are LE
        ("encoding", text.encode("utf-32"), ".csv"),
        ("encoding", text.encode("latin-1", errors="replace"), ".csv"),
        ("encoding", text.encode("shift_jis", errors="replace"), ".csv"),
        ("encoding", encode_cp1258(text) + "Sở".encode("utf-8"), ".csv"),  # mixed
        ("encoding", text.encode("utf-8")[:200] + b"\x81\x8d\x8f\x90\x9d" * 50 + text.encode("utf-8")[200:], ".csv"),
        ("encoding", b"\xef\xbb\xbf" + encode_cp1258(text), ".csv"),  # a BOM on a cp1258 file
        ("encoding", b"\xff\xfe" + b"\x00\xd8" * 40, ".csv"),  # UTF-16 with lone surrogates
        ("encoding", b"\xff\xfe" + text.encode("utf-16-le")[:-1], ".csv"),  # odd number of bytes
    ]
    for i in range(30):  # random invalid bytes sprinkled into a good file
        b = bytearray(good)
        for _ in range(rnd.randint(1, 10)):
            b[rnd.randrange(len(b))] = rnd.choice([0x80, 0xC0, 0xC3, 0xE1, 0xFF, 0xFE, 0x9D])
        files.append(("encoding", bytes(b), ".csv"))

    # binary
    files += [
        ("binary", bytes(rnd.randrange(256) for _ in range(2000)), ".csv"),
        ("binary", b"PK\x03\x04" + bytes(rnd.randrange(256) for _ in range(500)), ".xlsx"),
        ("binary", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, ".xls"),
        ("binary", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", ".csv"),
        ("binary", b"\x1f\x8b\x08\x00" + bytes(300), ".csv"),
        ("binary", b"\x00" * 1000, ".csv"),
        ("binary", b"\x89PNG\r\n\x1a\n" + bytes(200), ".csv"),
        ("binary", b"MZ\x90\x00" + bytes(500), ".csv"),
        ("binary", b"", ".csv"),
        ("binary", b"\xef\xbb\xbf", ".csv"),
        ("binary", b"\n\n\r\n  \t\n", ".csv"),
    ]
    for i in range(20):
        files.append(("binary", bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 3000))), ".csv"))

    # wrong types: one bad value per file, among good rows
    col = {name: DOSSIER_HEADERS.index(h) for name, h in (
        ("received_at", "Ngày tiếp nhận"), ("status", "Trạng thái"), ("channel", "Kênh thực hiện"),
        ("digitized", "Số hóa hồ sơ"), ("due_at", "Ngày hẹn trả"))}
    for name, values in BAD_VALUES.items():
        for v in values:
            rows = _good_rows(3)
            if name == "rating":
                headers = [*DOSSIER_HEADERS, "Đánh giá"]
                rows = [[*r, v] for r in rows]
            else:
                headers = DOSSIER_HEADERS
                rows[1][col[name]] = v
            files.append(("types", _csv(headers, rows), ".csv"))

    # huge cells (tens of kB: the fuzz set must stay fast)
    for size in (5_000, 40_000, 120_000):
        for where in (0, 5, 12):
            rows = _good_rows(3)
            rows[1][where] = "Ă" * size
            files.append(("huge_cell", _csv(DOSSIER_HEADERS, rows), ".csv"))
    files.append(("huge_cell", _csv(DOSSIER_HEADERS, _good_rows(2)) + b'"' + b"x" * 200_000, ".csv"))  # unclosed quote

    # thousands of columns
    for n in (1_000, 3_000):
        extra = [f"Cột thừa {i}" for i in range(n)]
        files.append(("wide", _csv([*DOSSIER_HEADERS, *extra], [[*r, *(["1"] * n)] for r in _good_rows(2)]), ".csv"))
        files.append(("wide", _csv([*extra[:n // 2], *DOSSIER_HEADERS], [[*(["x"] * (n // 2)), *r] for r in _good_rows(2)]), ".csv"))
        files.append(("wide", _csv(DOSSIER_HEADERS, [[*r, *(["z"] * n)] for r in _good_rows(2)]), ".csv"))  # ragged
    files.append(("wide", _csv(["Mã hồ sơ"] * 50 + ["Ngày tiếp nhận"] * 50 + ["Trạng thái"] * 50,
                               [["HS1"] * 50 + ["05/10/2026"] * 50 + ["10"] * 50]), ".csv"))

    # formula-like cells and HTML/script in codes, names and unit names
    for i, nasty in enumerate(NASTY_TEXT):
        for where in (0, 2, 4, 5):
            rows = _good_rows(2, start=i * 10)
            rows[0][where] = nasty
            files.append(("nasty_text", _csv(DOSSIER_HEADERS, rows), ".csv"))
        files.append(("nasty_text", _csv(UNIT_HEADERS, [[f"X{i}", nasty, "commune"]]), ".csv"))
        files.append(("nasty_text", _csv([*DOSSIER_HEADERS[:3], nasty, *DOSSIER_HEADERS[3:]],
                                         [[*r[:3], "v", *r[3:]] for r in _good_rows(2)]), ".csv"))

    # broken structure
    files += [
        ("structure", _csv(DOSSIER_HEADERS, []), ".csv"),  # header only
        ("structure", b"UBND TINH\nBAO CAO\n\n", ".csv"),  # titles only
        ("structure", b"\n" * 25 + _csv(DOSSIER_HEADERS, _good_rows(2)), ".csv"),  # header past line 20
        ("structure", _csv(DOSSIER_HEADERS, _good_rows(3)).replace(b"\n", b"\r"), ".csv"),  # old Mac line ends
        ("structure", _csv(DOSSIER_HEADERS, _good_rows(3)).replace(b",", b";", 40), ".csv"),  # mixed delimiters
        ("structure", _csv(DOSSIER_HEADERS, _good_rows(3)).replace(b'"', b""), ".csv"),
        ("structure", _csv(DOSSIER_HEADERS, [["Tổng cộng", "", "", "3"]] * 4), ".csv"),  # totals only
        ("structure", _csv(DOSSIER_HEADERS, [r[:3] for r in _good_rows(5)]), ".csv"),  # short rows
        ("structure", _csv(DOSSIER_HEADERS, _good_rows(3) * 3), ".csv"),  # repeats
        ("structure", _csv(["a", "b", "c"], [["1", "2", "3"]]), ".csv"),  # unknown columns only
        ("structure", _csv(["Mã hồ sơ", "Tên TTHC"], [["HS1", "x"]]), ".csv"),  # required columns missing
        ("structure", b'"' * 3000, ".csv"),
        ("structure", b",,,,,,\n" * 100, ".csv"),
        ("structure", b"\t\t\t\n" * 100, ".csv"),
        ("structure", _csv(DOSSIER_HEADERS, _good_rows(2), delimiter="|"), ".csv"),
    ]
    for i in range(20):  # headers in random order with random subsets of columns
        cols = rnd.sample(range(len(DOSSIER_HEADERS)), rnd.randint(1, len(DOSSIER_HEADERS)))
        rows = [[r[c] for c in cols] for r in _good_rows(3, start=1000 + i * 10)]
        files.append(("structure", _csv([DOSSIER_HEADERS[c] for c in cols], rows), ".csv"))

    # JSON that is not what we take
    files += [("json", content, ".json") for content in (
        b"{", b"[]", b"{}", b'{"code": "OK", "data": null}', b'{"data": {"children": [1, 2, 3]}}',
        b"[" * 5000, b'{"a": "' + b"x" * 50_000 + b'"}', b'{"code": "OK", "data": {"parent": "<script>"}}',
    )]

    # XLSX: valid workbooks with bad content, and broken archives
    xlsx_cases = [
        [DOSSIER_HEADERS, *_good_rows(2)],
        [DOSSIER_HEADERS],
        [["không", "có", "tiêu đề"], [1, 2, 3]],
        [DOSSIER_HEADERS, [NASTY_TEXT[0], *GOOD_ROW[1:]], [*GOOD_ROW[:5], NASTY_TEXT[6], *GOOD_ROW[6:]]],
        [DOSSIER_HEADERS, ["HS1", 1.5, None, True, 3.0e300, -0.0, "x", "", "05/10/2026", 45000, 45001.5, None, 10]],
        [[*DOSSIER_HEADERS, *[f"c{i}" for i in range(1500)]], _good_rows(1)[0]],
        [DOSSIER_HEADERS, ["x" * 32_000, *GOOD_ROW[1:]]],
    ]
    for rows in xlsx_cases:
        files.append(("xlsx", _xlsx(rows), ".xlsx"))
    good_xlsx = _xlsx([DOSSIER_HEADERS, *_good_rows(5)])
    for cut in (10, 100, len(good_xlsx) // 2, len(good_xlsx) - 30):
        files.append(("xlsx", good_xlsx[:cut], ".xlsx"))
    for name in ("xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "[Content_Types].xml"):
        src = zipfile.ZipFile(io.BytesIO(good_xlsx))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as z:
            for item in src.infolist():
                data = src.read(item.filename)
                z.writestr(item, b"<not xml" if item.filename == name else data)
        files.append(("xlsx", out.getvalue(), ".xlsx"))
    zip_only = io.BytesIO()
    with zipfile.ZipFile(zip_only, "w") as z:
        z.writestr("readme.txt", "không phải Excel")
    files.append(("xlsx", zip_only.getvalue(), ".xlsx"))

    # random mutations of a good file until the set has at least 500 files
    i = 0
    while len(files) < 505:
        b = bytearray(good)
        for _ in range(rnd.randint(1, 6)):
            op = rnd.randrange(4)
            pos = rnd.randrange(len(b))
            if op == 0:
                b[pos] = rnd.randrange(256)
            elif op == 1:
                del b[pos:pos + rnd.randint(1, 50)]
            elif op == 2:
                b[pos:pos] = rnd.choice([b'"', b",", b"\n", b"\r\n", b";", b"\x00", "Đ".encode(), b"=", b"<"]) * rnd.randint(1, 5)
            else:
                b[pos:pos] = bytes(b[rnd.randrange(len(b)):][:rnd.randint(1, 80)])
        files.append(("mutation", bytes(b), ".csv"))
        i += 1

    out = []
    for n, (category, content, suffix) in enumerate(files):
        path = folder / f"{n:04d}_{category}{suffix}"
        path.write_bytes(content)
        out.append((category, path))
    return out
