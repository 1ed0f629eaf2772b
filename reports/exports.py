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


PERCENT_SUFFIX = "(%)"  # a column named "… (%)" holds percentages (98.23 = 98,23%)
FORMATS = {"int": "#,##0", "float": "#,##0.00", "percent": "0.00%", "date": "dd/mm/yyyy",
           "datetime": "dd/mm/yyyy hh:mm"}


def _kind(name: str, series) -> str | None:
    """How a column's numbers are shown in Excel (None: as they come)."""
    kind = series.dtype.kind
    if str(name).strip().endswith(PERCENT_SUFFIX) and kind in "iuf":
        return "percent"
    if kind in "iu" or str(series.dtype) in ("Int64", "Int32", "Int16", "Int8"):
        return "int"
    if kind == "f" or str(series.dtype) in ("Float64", "Float32"):
        return "float"
    if kind == "M":
        return "datetime"
    return None


def xlsx_bytes(frame, sheet: str = "Dữ liệu") -> bytes:
    """An XLSX workbook of one sheet: numbers stay numbers with their format (a "… (%)" column as
    real percentages: 98.23 is stored as 0.9823 shown `98.23%`), dates as dates, text never a formula."""
    import datetime as dt

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    ws = wb.create_sheet(sheet[:31])
    safe = _safe(frame)
    kinds = [_kind(c, frame[c]) for c in frame.columns]
    for i, name in enumerate(safe.columns):  # wide enough for the header and the figures
        ws.column_dimensions[_column_letter(i + 1)].width = min(max(len(str(name)) + 2, 12), 60)
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for name in safe.columns:
        cell = WriteOnlyCell(ws, value=name)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for row in safe.itertuples(index=False):
        cells = []
        for value, kind in zip(row, kinds):
            v = _cell(value)
            if kind == "percent" and v is not None:
                v = round(v / 100, 8)
            cell = WriteOnlyCell(ws, value=v)
            if v is not None:
                if kind:
                    cell.number_format = FORMATS[kind]
                elif isinstance(v, dt.datetime):
                    cell.number_format = FORMATS["datetime"]
                elif isinstance(v, dt.date):
                    cell.number_format = FORMATS["date"]
            cells.append(cell)
        ws.append(cells)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _column_letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(n)
