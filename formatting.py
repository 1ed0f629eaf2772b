"""Vietnamese (and English) display of numbers, rates and dates: `98,23%`, `1.234.567`, `31/10/2026`.

Pure functions, no Streamlit: pages, the CLI and exports format the same way.
"""
from __future__ import annotations

import datetime as dt

DASH = "—"  # a rate with no denominator


def missing(x) -> bool:
    """None, NaN and pandas' NA all mean "no value"."""
    if x is None:
        return True
    try:
        return bool(x != x)
    except TypeError:  # pandas.NA refuses to be a bool
        return True


def number(x, decimals: int = 0, lang: str = "vi") -> str:
    """1234567 → '1.234.567' (vi) or '1,234,567' (en)."""
    if missing(x):
        return DASH
    text = f"{x:,.{decimals}f}"
    if lang == "vi":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def percent(x, lang: str = "vi", decimals: int = 2) -> str:
    """98.23 → '98,23%'; None → '—'."""
    return DASH if missing(x) else number(x, decimals, lang) + "%"


def points_delta(x, lang: str = "vi") -> str | None:
    """A change between two rates in percentage points: '+0,41 điểm %' / '+0.41 pp'."""
    if missing(x):
        return None
    sign = "+" if x > 0 else ("-" if x < 0 else "±")
    body = number(abs(x), 2, lang)
    return f"{sign}{body} điểm %" if lang == "vi" else f"{sign}{body} pp"


def days_delta(x, lang: str = "vi") -> str | None:
    """A change of a duration in days: '-0,64 ngày' / '-0.64 days'."""
    if missing(x):
        return None
    sign = "+" if x > 0 else ("-" if x < 0 else "±")
    return f"{sign}{number(abs(x), 2, lang)} {'ngày' if lang == 'vi' else 'days'}"


def date(d, lang: str = "vi") -> str:
    if d is None:
        return DASH
    if isinstance(d, dt.datetime):
        d = d.date()
    return d.strftime("%d/%m/%Y")


def moment(t) -> str:
    """A timestamp as '31/10/2026', with ' 14:35' when it has a time of day; '—' when there is none
    (a due date without a time means the whole day: it is shown as a date)."""
    if missing(t):
        return DASH
    if not isinstance(t, dt.datetime):
        return date(t)
    return t.strftime("%d/%m/%Y") if t.time() == dt.time(0) else t.strftime("%d/%m/%Y %H:%M")


def month_label(d, lang: str = "vi") -> str:
    return f"{d.month:02d}/{d.year}" if lang == "vi" else d.strftime("%b %Y")
