"""Reporting periods: month, quarter, year, year-to-date or any range of whole days."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

KINDS = ("month", "quarter", "year", "ytd", "range")
# The years a period may fall in (definitions: rule 5 bounds dates in files the same way): outside
# them the "previous period" arithmetic leaves what datetime can hold, and no data exists there.
FIRST_YEAR, LAST_YEAR = 1990, 2100


@dataclass(frozen=True)
class Period:
    """[start, end] in whole days. `full_end` is the period's own last day; `end` is earlier when
    the data does not reach it yet (see `as_of`): every count is taken to `end`, "as of" its end."""
    start: dt.date
    end: dt.date
    kind: str = "range"
    full_end: dt.date | None = None  # None: the period is whole (full_end == end)

    @property
    def last_day(self) -> dt.date:
        """The period's own last day, reached by the data or not."""
        return self.full_end or self.end

    @property
    def partial(self) -> bool:
        return self.full_end is not None and self.end < self.full_end

    def as_of(self, data_end: dt.date | None) -> "Period":
        """The period as far as the data goes: to the end of `data_end` when that is earlier than
        the period's last day (a quarter chosen while exports reach 31/10 is Q4 "to 31/10")."""
        if data_end is None or data_end >= self.last_day:
            return self
        return Period(self.start, data_end, self.kind, self.last_day)

    def label(self, lang: str = "vi") -> str:
        text = self._name(lang)
        if self.partial and self.kind != "ytd":  # a year to date already names its last day
            text += f" (đến {self.end:%d/%m})" if lang == "vi" else f" (to {self.end:%d/%m})"
        return text

    def _name(self, lang: str) -> str:
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
        return f"{s:%d/%m/%Y} – {self.last_day:%d/%m/%Y}"

    def previous(self) -> "Period":
        """The period just before, of the same kind (same length for ranges); a partial period is
        compared over the same stretch of the previous one (Q4 to 31/10 → Q3 to 31/07)."""
        s = self.start
        if self.kind == "month":
            before = month(*add_months(s.year, s.month, -1))
        elif self.kind == "quarter":
            y, m = add_months(s.year, s.month, -3)
            before = quarter(y, (m - 1) // 3 + 1)
        elif self.kind == "year":
            before = year(s.year - 1)
        elif self.kind == "ytd":
            # The same stretch of the previous year: 1/1 to the same day.
            return Period(dt.date(s.year - 1, 1, 1), _same_day_last_year(self.end), "ytd")
        else:
            days = (self.end - self.start).days + 1
            return Period(self.start - dt.timedelta(days=days), self.start - dt.timedelta(days=1), "range")
        return before._same_stretch(self) if self.partial else before

    def same_period_last_year(self) -> "Period":
        whole = Period(_same_day_last_year(self.start), _same_day_last_year(self.last_day), self.kind)
        return whole._same_stretch(self) if self.partial else whole

    def _same_stretch(self, other: "Period") -> "Period":
        """This (whole) period cut where `other` is cut: as many whole months in, the same day of
        the month (a month's last day stays a month's last day)."""
        months_in = (other.end.year * 12 + other.end.month) - (other.start.year * 12 + other.start.month)
        y, m = add_months(self.start.year, self.start.month, months_in)
        last = _month_end(y, m)
        day = last.day if other.end == _month_end(other.end.year, other.end.month) else min(other.end.day, last.day)
        return Period(self.start, dt.date(y, m, day), self.kind, self.end).as_of(dt.date(y, m, day))


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


def whole_months(start, end) -> bool:
    """Whether [start, end] is whole months (from a month's first day to a month's last day)."""
    return (isinstance(start, dt.date) and isinstance(end, dt.date) and start.day == 1
            and end == _month_end(end.year, end.month))


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
