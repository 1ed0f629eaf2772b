"""Reporting periods: month, quarter, year, year-to-date or any range of whole days."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

KINDS = ("month", "quarter", "year", "ytd", "range")
# The years a period may fall in (README rule 5 bounds dates in files the same way): outside
# them the "previous period" arithmetic leaves what datetime can hold, and no data exists there.
FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    kind: str = "range"

    def label(self, lang: str = "vi") -> str:
        s, e = self.start, self.end
        if self.kind == "month":
            return f"Tháng {s.month:02d}/{s.year}" if lang == "vi" else f"{s:%B %Y}"
        if self.kind == "quarter":
            q = (s.month - 1) // 3 + 1
            return f"Quý {q}/{s.year}" if lang == "vi" else f"Q{q} {s.year}"
        if self.kind == "year":
            return f"Năm {s.year}" if lang == "vi" else f"Year {s.year}"
        if self.kind == "ytd":
            return (
                f"Từ đầu năm {s.year} đến {e:%d/%m/%Y}" if lang == "vi" else f"{s.year} to date ({e:%d/%m/%Y})"
            )
        return f"{s:%d/%m/%Y} – {e:%d/%m/%Y}"

    def previous(self) -> "Period":
        """The period just before, of the same kind (same length for ranges)."""
        s = self.start
        if self.kind == "month":
            return month(*add_months(s.year, s.month, -1))
        if self.kind == "quarter":
            y, m = add_months(s.year, s.month, -3)
            return quarter(y, (m - 1) // 3 + 1)
        if self.kind == "year":
            return year(s.year - 1)
        if self.kind == "ytd":
            # The same stretch of the previous year: 1/1 to the same day.
            end = _same_day_last_year(self.end)
            return Period(dt.date(s.year - 1, 1, 1), end, "ytd")
        days = (self.end - self.start).days + 1
        return Period(self.start - dt.timedelta(days=days), self.start - dt.timedelta(days=1), "range")

    def same_period_last_year(self) -> "Period":
        return Period(_same_day_last_year(self.start), _same_day_last_year(self.end), self.kind)


def _same_day_last_year(d: dt.date) -> dt.date:
    try:
        return d.replace(year=d.year - 1)
    except ValueError:  # 29 February
        return d.replace(year=d.year - 1, day=28)


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    k = y * 12 + (m - 1) + n
    return k // 12, k % 12 + 1


def _month_end(y: int, m: int) -> dt.date:
    ny, nm = add_months(y, m, 1)
    return dt.date(ny, nm, 1) - dt.timedelta(days=1)


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    """The first day of every month from `first`'s to `last`'s, oldest first."""
    out, (y, m) = [], (first.year, first.month)
    while (y, m) <= (last.year, last.month):
        out.append(dt.date(y, m, 1))
        y, m = add_months(y, m, 1)
    return out


def month(y: int, m: int) -> Period:
    return Period(dt.date(y, m, 1), _month_end(y, m), "month")


def quarter(y: int, q: int) -> Period:
    return Period(dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q), "quarter")


def year(y: int) -> Period:
    return Period(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


def ytd(until: dt.date) -> Period:
    return Period(dt.date(until.year, 1, 1), until, "ytd")


def parse(text: str) -> Period:
    """`2026-10`, `2026-Q3`, `2026`, or `2026-01-01..2026-03-31`."""
    text = text.strip()
    if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
        return month(int(m.group(1)), int(m.group(2)))
    if m := re.fullmatch(r"(\d{4})-?[Qq]([1-4])", text):
        return quarter(int(m.group(1)), int(m.group(2)))
    if re.fullmatch(r"\d{4}", text):
        return year(int(text))
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\s*(?:\.\.|/|,)\s*(\d{4}-\d{2}-\d{2})", text):
        return Period(dt.date.fromisoformat(m.group(1)), dt.date.fromisoformat(m.group(2)))
    raise ValueError(f"Kỳ không hợp lệ / invalid period: {text!r} (YYYY-MM, YYYY-Qn, YYYY)")


def check(p: Period) -> Period:
    """The period itself, or ValueError when it is reversed or outside FIRST_YEAR–LAST_YEAR: what
    an address or a command line may ask for (data may hold other years; they are shown as they are)."""
    if not (FIRST_YEAR <= p.start.year and p.end.year <= LAST_YEAR):
        raise ValueError(f"Kỳ ngoài các năm {FIRST_YEAR}–{LAST_YEAR} / period outside {FIRST_YEAR}–{LAST_YEAR}")
    if p.end < p.start:
        raise ValueError("Ngày kết thúc trước ngày bắt đầu / the end is before the start")
    return p
