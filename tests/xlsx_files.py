"""Spreadsheets written byte by byte with zipfile, as a minimal (or hostile) writer makes them:
shared by the import tests (tests/test_hostile_files.py) and the browser tests
(tests/test_browser_hostile.py)."""
from __future__ import annotations

import zipfile
from pathlib import Path

from tests.conftest import DOSSIER_HEADERS


MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def column_letters(i: int) -> str:
    letters = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        letters = chr(65 + r) + letters
    return letters


def xml_escape(text: str) -> str:
    return str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sheet_rows(rows: list[list], first: int = 1) -> str:
    """<row> elements with inline strings, as a minimal writer makes them."""
    out = []
    for n, cells in enumerate(rows, start=first):
        body = "".join(f'<c r="{column_letters(i)}{n}" t="inlineStr"><is><t>{xml_escape(v)}</t></is></c>'
                       for i, v in enumerate(cells) if v not in (None, ""))
        out.append(f'<row r="{n}">{body}</row>')
    return "".join(out)


def crafted_xlsx(path: Path, sheet_data: str | bytes, dimension: str | None = None, shared: str | None = None,
                 styles: str | None = None, workbook_pr: str = "", prefix: str = "",
                 compresslevel: int = 6, before_sheet_data: str = "") -> Path:
    """The smallest XLSX a spreadsheet program opens, written with zipfile: `sheet_data` is the
    inside of <sheetData> (text, or bytes for a large generated body)."""
    p = f"{prefix}:" if prefix else ""
    xmlns = f'xmlns{":" + prefix if prefix else ""}="{MAIN}"'
    dim = f'<{p}dimension ref="{dimension}"/>' if dimension else ""
    head = f'<?xml version="1.0" encoding="UTF-8"?><{p}worksheet {xmlns}>{before_sheet_data}{dim}<{p}sheetData>'
    tail = f"</{p}sheetData></{p}worksheet>"
    rels = [f'<Relationship Id="rId1" Type="{REL}/worksheet" Target="worksheets/sheet1.xml"/>']
    if shared is not None:
        rels.append(f'<Relationship Id="rId2" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>')
    if styles is not None:
        rels.append(f'<Relationship Id="rId3" Type="{REL}/styles" Target="styles.xml"/>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                   'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                   f'package/2006/relationships"><Relationship Id="rId1" Type="{REL}/officeDocument" '
                   'Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<?xml version="1.0"?><workbook xmlns="{MAIN}" xmlns:r="{REL}">{workbook_pr}'
                   '<sheets><sheet name="Danh sách" sheetId="1" r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                   f'openxmlformats.org/package/2006/relationships">{"".join(rels)}</Relationships>')
        if shared is not None:
            z.writestr("xl/sharedStrings.xml", f'<?xml version="1.0"?><sst xmlns="{MAIN}">{shared}</sst>')
        if styles is not None:
            z.writestr("xl/styles.xml", f'<?xml version="1.0"?><styleSheet xmlns="{MAIN}">{styles}</styleSheet>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(head.encode())
            f.write(sheet_data if isinstance(sheet_data, bytes) else sheet_data.encode("utf-8"))
            f.write(tail.encode())
    return path


def far_cell_xlsx(path: Path, ref: str = "XFD1048576", value: str = "", dimension: bool = True) -> Path:
    """Header cells plus one cell far away: the 1.7 KB file that took the server down."""
    row_no = int("".join(ch for ch in ref if ch.isdigit()))
    far = f'<row r="{row_no}"><c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c></row>'
    return crafted_xlsx(path, sheet_rows([DOSSIER_HEADERS]) + far, dimension=f"A1:{ref}" if dimension else None)
