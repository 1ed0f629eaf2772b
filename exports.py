"""Tables as files people open in Excel: CSV (UTF-8 with BOM) and XLSX.

Text that a spreadsheet would run as a formula (`=HYPERLINK(…)`, `+cmd`, `@SUM`) is
neutralised with a leading apostrophe: exported data never executes.
"""
from __future__ import annotations

import io

from formatting import missing

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """A cell safe for Excel: text starting like a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        # a negative number written as text stays a number
        try:
            float(value.replace(",", "."))
            return value
        except ValueError:
            return "'" + value
    return value


def _safe(frame):
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or str(out[col].dtype).startswith(("string", "str")):
            out[col] = out[col].map(neutralise)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def _cell(v):
    if missing(v):
        return None
    if hasattr(v, "to_pydatetime"):
        return v.to_pydatetime()
    if hasattr(v, "item"):  # numpy scalars
        return v.item()
    return v


def csv_bytes(frame) -> bytes:
    """CSV in UTF-8 with a BOM, so Excel shows Vietnamese text correctly."""
    return _safe(frame).to_csv(index=False).encode("utf-8-sig")


def xlsx_bytes(frame, sheet: str = "Dữ liệu") -> bytes:
    """An XLSX workbook of one sheet; numbers stay numbers, text is never a formula."""
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    safe = _safe(frame)
    ws.append(list(safe.columns))
    for row in safe.itertuples(index=False):
        ws.append([_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
