"""What the upload page reads about imports: history with undo, rejected rows as a file to
fix, and the headline figures of the months an import touches (before and after it)."""
from __future__ import annotations

import calendar
import datetime as dt
import json

HEADLINE = ("received", "resolved", "on_time_rate", "progress_rate", "online_rate", "digitized_rate",
            "online_payment_rate")
MAX_MONTHS = 24  # a file spanning years: the most recent months are compared


def import_history_with_undo(con, limit: int = 200):
    """The most recent imports, newest first, with their undo (if any)."""
    from . import frame

    return frame(con, "import_history_with_undo", {"limit": limit})


def month_range(month: str) -> tuple[dt.date, dt.date]:
    year, mon = map(int, month.split("-"))
    return dt.date(year, mon, 1), dt.date(year, mon, calendar.monthrange(year, mon)[1])


def headline_by_month(con, months: list[str]) -> dict[str, dict]:
    """{"YYYY-MM": {metric: value}} for the headline metrics (province-wide)."""
    from . import kpis

    out = {}
    for month in sorted(months)[-MAX_MONTHS:]:
        k = kpis(con, *month_range(month))
        out[month] = {m: k.get(m) for m in HEADLINE}
    return out


def rejected_rows_table(con, import_id: int):
    """One line per rejected row, in the file's own columns, plus its row number and reasons:
    a file to fix and upload again (the two extra columns are ignored on re-import)."""
    import pandas as pd

    from . import frame

    headers = con.execute("SELECT headers FROM import_log WHERE import_id = ?", [import_id]).fetchall()
    headers = json.loads(headers[0][0]) if headers and headers[0][0] else []
    rows = frame(con, "rejected_rows_of_import", {"import_id": import_id})
    if rows.empty:
        return pd.DataFrame(columns=["Dòng", *headers, "Lý do từ chối", "Reason"])
    out = []
    for number, group in rows.groupby("row_number", sort=True):
        cells = json.loads(group["raw"].iloc[0]) if group["raw"].iloc[0] else []
        line = {"Dòng": int(number)}
        for i, h in enumerate(headers):
            key = h or f"Cột {i + 1}"
            line[key if key not in line else f"{key} ({i + 1})"] = cells[i] if i < len(cells) else None
        line["Lý do từ chối"] = "; ".join(group["message_vi"])
        line["Reason"] = "; ".join(group["message_en"])
        out.append(line)
    return pd.DataFrame(out)
