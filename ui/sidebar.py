"""The sidebar's filters (period, unit kind, unit), kept in the URL so that a copied link opens
the same view; the language switch; and what app.py sets up before any page runs.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import streamlit as st

import queries
from labels import PERIOD_LABELS, PLACEHOLDER, UNIT_KIND_LABELS
from queries import periods
from ui import access
from ui.session import prepare, query, refresh_version
from ui.text import ALL, lang, retell_choices, tr, worded


@dataclass(frozen=True)
class Filters:
    period: periods.Period
    kind: str | None
    unit: str | None
    unit_name: str | None
    unit_kind: str | None = None  # the kind of the chosen unit

    def scope_label(self) -> str:
        if self.unit:
            return self.unit_name or self.unit
        return tr("Toàn tỉnh", "Whole province") if self.kind is None else tr(*UNIT_KIND_LABELS[self.kind])

    @property
    def previous(self) -> periods.Period:
        return self.period.previous()

    @property
    def scope(self) -> dict:
        return {"kind": self.kind, "unit": self.unit}


def restore_from_url() -> None:
    """On a session's first run, put the view a copied link describes into the widgets' state."""
    if st.session_state.get("_url_restored"):
        return
    st.session_state["_url_restored"] = True
    qp = st.query_params
    if qp.get("lang") in ("vi", "en"):
        st.session_state["lang"] = qp["lang"]
    if qp.get("kind") in ("department", "commune"):
        st.session_state["unit_kind"] = qp["kind"]
    if qp.get("unit"):
        st.session_state["unit"] = qp["unit"]
    text = qp.get("period", "")
    try:
        kind, _, value = text.partition(":")
        if kind == "month":
            p = periods.check(periods.parse(value))
            st.session_state["period_kind"], st.session_state["month"] = "month", p.start
        elif kind == "quarter":
            p = periods.check(periods.parse(value))
            st.session_state["period_kind"] = "quarter"
            st.session_state["quarter"] = (p.start.year, (p.start.month - 1) // 3 + 1)
        elif kind == "year":
            p = periods.check(periods.year(int(value)))
            st.session_state["period_kind"], st.session_state["year"] = "year", p.start.year
        elif kind == "ytd":
            st.session_state["period_kind"] = "ytd"
        elif kind == "range":
            p = periods.check(periods.parse(value))
            st.session_state["period_kind"], st.session_state["range"] = "range", (p.start, p.end)
    except (ValueError, TypeError):
        pass  # a mangled link falls back to the default view


def _url_period(p: periods.Period) -> str:
    if p.kind == "month":
        return f"month:{p.start:%Y-%m}"
    if p.kind == "quarter":
        return f"quarter:{p.start.year}-Q{(p.start.month - 1) // 3 + 1}"
    if p.kind == "year":
        return f"year:{p.start.year}"
    if p.kind == "ytd":
        return "ytd:"
    return f"range:{p.start.isoformat()}..{p.last_day.isoformat()}"


PRESENT_PARAMS = ("mode", "every", "theme")


def presenting() -> bool:
    """True in presentation mode (`?mode=present`): one full-screen page, no sidebar."""
    return st.query_params.get("mode") == "present"


def _keep_valid(key: str, options: list) -> None:
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


def sidebar_filters() -> Filters:
    """Period, unit kind and unit pickers in the sidebar; the choice also goes into the URL."""
    first, last = query(queries.data_bounds)
    today = dt.date.today()
    first = first or today.replace(day=1)
    last = last or today
    sb = st.sidebar
    sb.header(tr("Bộ lọc", "Filters"))
    _keep_valid("period_kind", list(PERIOD_LABELS))
    kind_of_period = sb.selectbox(
        tr("Kỳ báo cáo", "Period"), list(PERIOD_LABELS), format_func=lambda k: tr(*PERIOD_LABELS[k]),
        key=worded("period_kind"), placeholder=tr(*PLACEHOLDER))
    months = periods.months(first, last)[::-1]  # newest first
    if kind_of_period == "month":
        _keep_valid("month", months)
        m = sb.selectbox(tr("Tháng", "Month"), months, format_func=lambda d: f"{d.month:02d}/{d.year}",
                         key=worded("month"), placeholder=tr(*PLACEHOLDER))
        period = periods.month(m.year, m.month)
    elif kind_of_period == "quarter":
        quarters = sorted({(d.year, (d.month - 1) // 3 + 1) for d in months}, reverse=True)
        _keep_valid("quarter", quarters)
        y, q = sb.selectbox(tr("Quý", "Quarter"), quarters, format_func=lambda t: f"{tr('Quý', 'Q')} {t[1]}/{t[0]}",
                            key=worded("quarter"), placeholder=tr(*PLACEHOLDER))
        period = periods.quarter(y, q)
    elif kind_of_period == "year":
        years = sorted({d.year for d in months}, reverse=True)
        _keep_valid("year", years)
        period = periods.year(sb.selectbox(tr("Năm", "Year"), years, key="year", placeholder=tr(*PLACEHOLDER)))
    elif kind_of_period == "ytd":
        period = periods.ytd(last)
    else:
        default = (max(first, last - dt.timedelta(days=29)), last)
        picked = sb.date_input(tr("Từ ngày – đến ngày", "From – to"), value=default, format="DD/MM/YYYY",
                               key="range")
        start, end = picked if isinstance(picked, (tuple, list)) and len(picked) == 2 else default
        period = periods.Period(start, end, "range")

    period = period.as_of(query(queries.data_end))  # a period the data has not reached yet: "to" its last day
    _keep_valid("unit_kind", [ALL, "department", "commune"])
    unit_kind = sb.selectbox(
        tr("Loại đơn vị", "Unit kind"), [ALL, "department", "commune"],
        format_func=lambda k: tr(*UNIT_KIND_LABELS[k or None]), key=worded("unit_kind"),
        placeholder=tr(*PLACEHOLDER)) or None
    registry = query(queries.units)
    registry = registry[registry["successor_code"].isna()]  # merged units count under their successor
    if unit_kind:
        registry = registry[registry["kind"] == unit_kind]
    names = dict(zip(registry["unit_code"], registry["unit_name"]))
    kinds = dict(zip(registry["unit_code"], registry["kind"]))
    _keep_valid("unit", [ALL, *names])
    unit = sb.selectbox(
        tr("Đơn vị", "Unit"), [ALL, *names],
        format_func=lambda c: names[c] if c else tr("— Tất cả —", "— All —"), key=worded("unit"),
        placeholder=tr(*PLACEHOLDER)) or None
    filters = Filters(period=period, kind=unit_kind, unit=unit, unit_name=names.get(unit), unit_kind=kinds.get(unit))
    url = {"period": _url_period(period)}
    if unit_kind:
        url["kind"] = unit_kind
    if unit:
        url["unit"] = unit
    if lang() != "vi":
        url["lang"] = lang()
    for extra in PRESENT_PARAMS:  # presentation mode's own settings stay in the link
        if extra in st.query_params:
            url[extra] = st.query_params[extra]
    if dict(st.query_params) != url:
        st.query_params.from_dict(url)
    return filters


def bootstrap() -> Filters:
    """What app.py does before any page: URL state, language, database, sidebar filters."""
    restore_from_url()  # a copied link opens the same view
    st.sidebar.radio(
        "Ngôn ngữ / Language", ["vi", "en"], horizontal=True, key="lang",
        format_func=lambda x: {"vi": "Tiếng Việt", "en": "English"}[x], on_change=retell_choices,
    )
    prepare()  # creates the database (and the demo province) on first start
    refresh_version()
    if access.may("viewer"):  # unit names are data too: no filters before a required sign-in
        st.session_state["filters"] = sidebar_filters()
    else:
        st.session_state.pop("filters", None)
    return st.session_state.get("filters")


def legacy_pages_off() -> bool:
    """Turn off Streamlit's legacy `pages/` mode (True when it was on). The one place the app sets
    something inside Streamlit: a `pages/` folder beside app.py makes Streamlit list the files and,
    on a fresh server's first deep-linked request, run a page's file alone, before app.py's
    `st.navigation` switches that mode off. Streamlit has no setting for it; the flag is what
    `st.navigation` itself clears. The tests' AppTest (tests/conftest.py) calls this too."""
    from streamlit.runtime.pages_manager import PagesManager

    was = bool(PagesManager.uses_pages_directory)
    PagesManager.uses_pages_directory = False
    return was


def as_app() -> None:
    """A page file run alone as a fresh server's first, deep-linked request: turn the legacy mode
    off as app.py's `st.navigation` would, and rerun, so that app.py runs the page."""
    if legacy_pages_off():
        st.rerun()


def filters() -> Filters:
    """The sidebar's filters. On a fresh server Streamlit runs a deep-linked page's file alone
    for its very first request (it sees a `pages/` folder before app.py's `st.navigation` turns
    that legacy mode off): turn it off as app.py would and rerun, so app.py runs the page.
    A person who may not read the dashboards (sign-in required) is refused here."""
    if "filters" not in st.session_state:
        as_app()
        bootstrap()  # should the rerun not happen: set up here, as app.py would
    access.require("viewer")
    return st.session_state["filters"]


def choose_unit(code: str | None) -> None:
    """Narrow every page to one unit (a drill-down click); None goes back to all units."""
    registry = query(queries.units)
    kind = registry.loc[registry["unit_code"] == code, "kind"]
    if code is not None and len(kind) and st.session_state.get("unit_kind") not in (None, ALL, kind.iloc[0]):
        st.session_state["unit_kind"] = ALL
    st.session_state["unit"] = code or ALL
    st.session_state["_scroll_top"] = code is not None

