"""What every page shares: the database connection, cached loaders, the sidebar filters and
the Vietnamese/English switch. Pages import this; it imports `queries`, never SQL text.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

import queries
import warehouse
from queries import periods

KIND_LABELS = {
    None: ("Tất cả đơn vị", "All units"),
    "department": ("Sở, ban, ngành", "Departments"),
    "commune": ("Xã, phường, đặc khu", "Communes"),
    "center": ("Trung tâm PVHCC", "Service centres"),
    "district": ("Huyện (trước 7/2025)", "Districts (before 7/2025)"),
}
PERIOD_LABELS = {
    "month": ("Tháng", "Month"),
    "quarter": ("Quý", "Quarter"),
    "year": ("Năm", "Year"),
    "ytd": ("Từ đầu năm", "Year to date"),
    "range": ("Tùy chọn", "Custom range"),
}


def lang() -> str:
    return st.session_state.get("lang", "vi")


def tr(vi: str, en: str) -> str:
    """The text in the chosen language."""
    return vi if lang() == "vi" else en


@st.cache_resource(show_spinner="Đang chuẩn bị dữ liệu… / Preparing data…")
def _prepare(path: str) -> str:
    """Create and migrate the warehouse once per server and path; fill it with the demo if new."""
    from sample_data.load import ensure_demo

    with warehouse.session(path) as con:
        ensure_demo(con)
    return path


def prepare() -> str:
    return _prepare(str(warehouse.db_path()))


def reader():
    """A short read-only session: the file stays free for imports from the command line."""
    return warehouse.session(prepare(), read_only=True)


def data_version() -> int:
    with reader() as con:
        return warehouse.data_version(con)


@st.cache_data(show_spinner=False)
def load_kpis(version: int, start: dt.date, end: dt.date, kind: str | None, unit: str | None) -> dict:
    """Every metric and count for one scope and period."""
    with reader() as con:
        return queries.kpis(con, start, end, kind=kind, unit=unit)


@st.cache_data(show_spinner=False)
def load_ranking(version: int, metric: str, start: dt.date, end: dt.date, kind: str | None) -> pd.DataFrame:
    """Units ranked by one metric."""
    with reader() as con:
        return queries.ranking(con, metric, start, end, kind=kind)


@st.cache_data(show_spinner=False)
def load_trend(version: int, start: dt.date, end: dt.date, kind: str | None, unit: str | None) -> pd.DataFrame:
    """Monthly counts and metrics."""
    with reader() as con:
        return queries.monthly_trend(con, start, end, kind=kind, unit=unit)


@st.cache_data(show_spinner=False)
def load_units(version: int) -> pd.DataFrame:
    """The unit registry."""
    with reader() as con:
        return queries.units(con)


@st.cache_data(show_spinner=False)
def load_bounds(version: int) -> tuple:
    """First and last day with data."""
    with reader() as con:
        return queries.data_bounds(con)


@dataclass(frozen=True)
class Filters:
    period: periods.Period
    kind: str | None
    unit: str | None
    unit_name: str | None

    def scope_label(self) -> str:
        if self.unit:
            return self.unit_name or self.unit
        return tr("Toàn tỉnh", "Whole province") if self.kind is None else tr(*KIND_LABELS[self.kind])


def _months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, d = [], dt.date(last.year, last.month, 1)
    while d >= dt.date(first.year, first.month, 1):
        out.append(d)
        d = (d - dt.timedelta(days=1)).replace(day=1)
    return out


def sidebar_filters() -> Filters:
    """Period, unit kind and unit pickers in the sidebar; the choice lives in session state."""
    version = data_version()
    first, last = load_bounds(version)
    today = dt.date.today()
    first = first or today.replace(day=1)
    last = last or today
    sb = st.sidebar
    sb.header(tr("Bộ lọc", "Filters"))
    kinds = list(PERIOD_LABELS)
    kind_of_period = sb.selectbox(
        tr("Kỳ báo cáo", "Period"), kinds, format_func=lambda k: tr(*PERIOD_LABELS[k]), key="period_kind"
    )
    months = _months(first, last)
    if kind_of_period == "month":
        m = sb.selectbox(tr("Tháng", "Month"), months, format_func=lambda d: f"{d.month:02d}/{d.year}", key="month")
        period = periods.month(m.year, m.month)
    elif kind_of_period == "quarter":
        quarters = sorted({(d.year, (d.month - 1) // 3 + 1) for d in months}, reverse=True)
        y, q = sb.selectbox(tr("Quý", "Quarter"), quarters, format_func=lambda t: f"{tr('Quý', 'Q')} {t[1]}/{t[0]}",
                            key="quarter")
        period = periods.quarter(y, q)
    elif kind_of_period == "year":
        years = sorted({d.year for d in months}, reverse=True)
        period = periods.year(sb.selectbox(tr("Năm", "Year"), years, key="year"))
    elif kind_of_period == "ytd":
        period = periods.ytd(last)
    else:
        default = (max(first, last - dt.timedelta(days=29)), last)
        picked = sb.date_input(tr("Từ ngày – đến ngày", "From – to"), value=default, format="DD/MM/YYYY", key="range")
        start, end = (picked if isinstance(picked, (tuple, list)) and len(picked) == 2 else default)
        period = periods.Period(start, end, "range")

    unit_kind = sb.selectbox(
        tr("Loại đơn vị", "Unit kind"), [None, "department", "commune"],
        format_func=lambda k: tr(*KIND_LABELS[k]), key="unit_kind",
    )
    registry = load_units(version)
    if unit_kind:
        registry = registry[registry["kind"] == unit_kind]
    names = dict(zip(registry["unit_code"], registry["unit_name"]))
    unit = sb.selectbox(
        tr("Đơn vị", "Unit"), [None, *names], format_func=lambda c: tr("— Tất cả —", "— All —") if c is None else names[c],
        key="unit",
    )
    return Filters(period=period, kind=unit_kind, unit=unit, unit_name=names.get(unit))


@st.cache_data(show_spinner=False)
def load_is_demo(version: int) -> bool:
    """Whether the database still holds only the demo province."""
    with reader() as con:
        return warehouse.is_demo(con)


@st.cache_data(show_spinner=False)
def load_table(version: int, name: str) -> pd.DataFrame:
    """One of the engine's listing queries (unknown units, import history …) by function name."""
    with reader() as con:
        return getattr(queries, name)(con)


def demo_banner() -> None:
    if load_is_demo(data_version()):
        st.info(
            tr(
                "**Dữ liệu mẫu** — số liệu minh họa của một tỉnh mẫu, không phải số liệu thật. "
                "Nhập dữ liệu thật (python cli.py import TỆP) để thay thế.",
                "**Demo data** — illustrative figures for a sample province, not real data. "
                "Import real data (python cli.py import FILE) to replace it.",
            ),
            icon="ℹ️",
        )
