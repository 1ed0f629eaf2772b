"""What every page shares: the database, cached queries, the sidebar filters (kept in the URL),
the Vietnamese/English switch, KPI cards coloured against targets, drill-down and downloads.
Pages import this and `queries`; they never hold SQL.
"""
from __future__ import annotations

import datetime as dt
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial

import pandas as pd
import streamlit as st

import exports
import formatting as fmt
import queries
import warehouse
from queries import metrics, periods
from queries.metrics import LABELS_EN, LABELS_VI

KIND_LABELS = {
    None: ("Tất cả đơn vị", "All units"),
    "department": ("Sở, ban, ngành", "Departments"),
    "commune": ("Xã, phường, đặc khu", "Communes"),
    "center": ("Trung tâm PVHCC", "Service centres"),
    "district": ("Huyện (trước 7/2025)", "Districts (before 7/2025)"),
    "province": ("UBND tỉnh", "Province"),
    "other": ("Khác", "Other"),
}
PERIOD_LABELS = {
    "month": ("Tháng", "Month"),
    "quarter": ("Quý", "Quarter"),
    "year": ("Năm", "Year"),
    "ytd": ("Từ đầu năm", "Year to date"),
    "range": ("Tùy chọn", "Custom range"),
}
STATUS_TEXT = {"met": ("Đạt", "Met"), "near": ("Gần đạt", "Near"), "below": ("Chưa đạt", "Below")}
# Okabe–Ito colours: distinguishable with every common colour-vision deficiency.
STATUS_COLOR = {"met": "#009E73", "near": "#E69F00", "below": "#D55E00"}
STATUS_MARK = {"met": "green", "near": "orange", "below": "red"}
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")
CHART_FONT = 16


# ---- language ---------------------------------------------------------------------------

def lang() -> str:
    return st.session_state.get("lang", "vi")


def tr(vi: str, en: str) -> str:
    """The text in the chosen language."""
    return vi if lang() == "vi" else en


def label(metric: str) -> str:
    return (LABELS_VI if lang() == "vi" else LABELS_EN).get(metric, metric)


# ---- data -------------------------------------------------------------------------------

@st.cache_resource(show_spinner="Đang chuẩn bị dữ liệu… / Preparing data…")
def _prepare(path: str, may_create: bool) -> str:
    """Once per server and path: check the file, and only when it is new or empty create,
    migrate and fill it with the demo. A warehouse that is ready is not opened for writing, so
    the dashboards work on a read-only disk."""
    from sample_data.load import ensure_demo

    if warehouse.check_file(path, create=may_create).exists():
        with warehouse.session(path, read_only=True) as con:  # migrates first if the schema is old
            if not warehouse.is_empty(con):
                return path
    with warehouse.session(path, create=may_create) as con:
        ensure_demo(con)
    return path


def prepare() -> str:
    """The warehouse's path, made ready. Only the default path is created on a first start: a
    CCHC_DB naming a file that does not exist is a typo (WarehouseError), not a new province."""
    return _prepare(str(warehouse.db_path()), may_create=not os.environ.get(warehouse.ENV_VAR))


def show_warehouse_error(e: "warehouse.WarehouseError") -> None:
    """The database cannot be used: say what is wrong and what to do, in the chosen language,
    instead of Streamlit's generic error page."""
    st.error(md_escape(tr(e.message_vi, e.message_en)), icon="🛑")
    st.stop()


_run = threading.local()


@contextmanager
def run_session():
    """One read-only connection for a whole script run, opened when first needed and closed at
    the end of the run: the file stays free between runs for imports from the command line."""
    _run.con = None
    try:
        yield
    finally:
        queries.forget_answers()
        if _run.con is not None:
            _run.con.close()
        del _run.con


@contextmanager
def reader():
    """The run's read-only connection, or (outside a run) a short session of its own."""
    if hasattr(_run, "con"):
        if _run.con is None:
            _run.con = warehouse.connect(prepare(), read_only=True)
            queries.keep_answers(_run.con)  # read-only for the whole run: the same query, the same answer
        yield _run.con
    else:
        with warehouse.session(prepare(), read_only=True) as con:
            yield con


@contextmanager
def writer():
    """A read-write session for imports, undo and accounts. DuckDB cannot hold one file both
    read-only and read-write in one process: the run's read-only connection is closed first
    (the next read reopens it), and other sessions' short reads are waited for."""
    if getattr(_run, "con", None) is not None:
        _run.con.close()
        _run.con = None
    with warehouse.session(prepare()) as con:
        yield con


def refresh_version() -> int:
    """Read the data version once per script run; every cached query is keyed by it."""
    with reader() as con:
        st.session_state["_data_version"] = warehouse.data_version(con)
        st.session_state["_is_demo"] = warehouse.is_demo(con)
    return st.session_state["_data_version"]


@st.cache_data(show_spinner=False, max_entries=512)
def _cached(path: str, version: int, name: str, args: tuple, kwargs: tuple, _fn=None):
    """One metric-engine function's result for one database file and data version (`name`, the
    function's qualified name, is the key; the function itself is not hashed)."""
    with reader() as con:
        return _fn(con, *args, **dict(kwargs))


def query(fn, *args, **kwargs):
    """`fn(con, *args, **kwargs)` for an engine function (`ui.query(queries.kpis, start, end)`),
    cached until the data changes."""
    version = st.session_state.get("_data_version")
    if version is None:
        version = refresh_version()
    return _cached(prepare(), version, f"{fn.__module__}.{fn.__qualname__}", args, tuple(sorted(kwargs.items())),
                   _fn=fn)


def is_demo() -> bool:
    return bool(st.session_state.get("_is_demo"))


# ---- filters, kept in the URL ----------------------------------------------------------------

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
        return tr("Toàn tỉnh", "Whole province") if self.kind is None else tr(*KIND_LABELS[self.kind])

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
        key="period_kind",
    )
    months = periods.months(first, last)[::-1]  # newest first
    if kind_of_period == "month":
        _keep_valid("month", months)
        m = sb.selectbox(tr("Tháng", "Month"), months, format_func=lambda d: f"{d.month:02d}/{d.year}", key="month")
        period = periods.month(m.year, m.month)
    elif kind_of_period == "quarter":
        quarters = sorted({(d.year, (d.month - 1) // 3 + 1) for d in months}, reverse=True)
        _keep_valid("quarter", quarters)
        y, q = sb.selectbox(tr("Quý", "Quarter"), quarters, format_func=lambda t: f"{tr('Quý', 'Q')} {t[1]}/{t[0]}",
                            key="quarter")
        period = periods.quarter(y, q)
    elif kind_of_period == "year":
        years = sorted({d.year for d in months}, reverse=True)
        _keep_valid("year", years)
        period = periods.year(sb.selectbox(tr("Năm", "Year"), years, key="year"))
    elif kind_of_period == "ytd":
        period = periods.ytd(last)
    else:
        default = (max(first, last - dt.timedelta(days=29)), last)
        picked = sb.date_input(tr("Từ ngày – đến ngày", "From – to"), value=default, format="DD/MM/YYYY",
                               key="range")
        start, end = picked if isinstance(picked, (tuple, list)) and len(picked) == 2 else default
        period = periods.Period(start, end, "range")

    period = period.as_of(query(queries.data_end))  # a period the data has not reached yet: "to" its last day
    _keep_valid("unit_kind", [None, "department", "commune"])
    unit_kind = sb.selectbox(
        tr("Loại đơn vị", "Unit kind"), [None, "department", "commune"],
        format_func=lambda k: tr(*KIND_LABELS[k]), key="unit_kind",
    )
    registry = query(queries.units)
    registry = registry[registry["successor_code"].isna()]  # merged units count under their successor
    if unit_kind:
        registry = registry[registry["kind"] == unit_kind]
    names = dict(zip(registry["unit_code"], registry["unit_name"]))
    kinds = dict(zip(registry["unit_code"], registry["kind"]))
    _keep_valid("unit", [None, *names])
    unit = sb.selectbox(
        tr("Đơn vị", "Unit"), [None, *names],
        format_func=lambda c: tr("— Tất cả —", "— All —") if c is None else names[c], key="unit",
    )
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
        format_func=lambda x: {"vi": "Tiếng Việt", "en": "English"}[x],
    )
    prepare()  # creates the database (and the demo province) on first start
    refresh_version()
    import access

    if access.may("viewer"):  # unit names are data too: no filters before a required sign-in
        st.session_state["filters"] = sidebar_filters()
    else:
        st.session_state.pop("filters", None)
    return st.session_state.get("filters")


def as_app() -> None:
    """A page file run alone as a fresh server's first, deep-linked request (Streamlit's legacy
    `pages/` mode, listing the files): turn that mode off as app.py's `st.navigation` would, and
    rerun, so that app.py runs the page."""
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def filters() -> Filters:
    """The sidebar's filters. On a fresh server Streamlit runs a deep-linked page's file alone
    for its very first request (it sees a `pages/` folder before app.py's `st.navigation` turns
    that legacy mode off): turn it off as app.py would and rerun, so app.py runs the page.
    A person who may not read the dashboards (sign-in required) is refused here."""
    import access

    if "filters" not in st.session_state:
        as_app()
        bootstrap()  # should the rerun not happen: set up here, as app.py would
    access.require("viewer")
    return st.session_state["filters"]


def choose_unit(code: str | None) -> None:
    """Narrow every page to one unit (a drill-down click); None goes back to all units."""
    registry = query(queries.units)
    kind = registry.loc[registry["unit_code"] == code, "kind"]
    if code is not None and len(kind) and st.session_state.get("unit_kind") not in (None, kind.iloc[0]):
        st.session_state["unit_kind"] = None
    st.session_state["unit"] = code


def _on_row_selected(table_key: str, codes: list) -> None:
    rows = st.session_state[table_key].selection.rows
    if rows:
        choose_unit(codes[rows[0]])


def selectable_table(frame: pd.DataFrame, codes: list, key: str, height: int | None = None, styler=None) -> None:
    """A table whose row click narrows the dashboard to that row's unit."""
    st.dataframe(
        styler if styler is not None else frame, hide_index=True, width="stretch", key=key,
        on_select=partial(_on_row_selected, key, list(codes)), selection_mode="single-row",
        height=height or min(35 * (len(frame) + 1) + 3, 640),
    )


def back_to_all_units() -> None:
    f = filters()
    if f.unit:
        name = md_escape(f.unit_name or f.unit)
        st.button(tr(f"← Xem lại tất cả đơn vị (đang xem: {name})", f"← Back to all units (showing: {name})"),
                  on_click=choose_unit, args=(None,), key=f"back_{st.session_state.get('_page', '')}")


# ---- figures ------------------------------------------------------------------------------

def pct(x) -> str:
    return fmt.percent(None if fmt.missing(x) else x, lang())


def num(x, decimals: int = 0) -> str:
    return fmt.number(None if fmt.missing(x) else x, decimals, lang())


def targets(year: int) -> pd.DataFrame:
    return query(queries.targets, year)


@dataclass(frozen=True)
class Figures:
    """What a dashboard page shows for the chosen period and scope, from one engine query:
    every count and metric now, in the previous period and a year before; a monthly trend;
    the units ranked by the page's metric, with rank change, target and status."""
    now: dict
    before: dict
    year_ago: dict
    trend: pd.DataFrame
    ranked: pd.DataFrame


def figures(f: "Filters", metric: str, trend_start: dt.date | None = None) -> Figures:
    p, prev, ago = f.period, f.previous, f.period.same_period_last_year()
    months = queries.trend_periods(trend_start, p.end) if trend_start else {}
    b = query(queries.board, {"now": (p.start, p.end), "before": (prev.start, prev.end),
                              "year_ago": (ago.start, ago.end), **months}, kind=f.kind, unit=f.unit, metric=metric)
    ranked = queries.with_targets(b.ranking("now", "before", scoped=f.unit is not None), targets(p.end.year), metric)
    trend = b.trend({dt.date.fromisoformat(label[6:]): label for label in months})
    return Figures(b.totals["now"], b.totals["before"], b.totals["year_ago"], trend, ranked)


def target_line(metric: str, value, target) -> str:
    """'Chỉ tiêu 95,00%: Đạt' in the status colour (markdown), or '' without a target."""
    status = metrics.target_status(value, target, metric)
    if target is None:
        return ""
    shown = num(target, 2) if metric == "avg_processing_days" else pct(target)
    text = f"{tr('Chỉ tiêu', 'Target')} {shown}"
    if status:
        text += f": :{STATUS_MARK[status]}[**{tr(*STATUS_TEXT[status])}**]"
    return text


def rank_change_text(change) -> str:
    """▲ 3 (moved up three places), ▼ 2, = (same rank), — (no rank before or now)."""
    if fmt.missing(change):
        return "—"
    change = int(change)  # a rank change is whole places, whatever the frame's column type
    return f"▲ {change}" if change > 0 else (f"▼ {-change}" if change < 0 else "=")


def change_text(delta, days: bool = False) -> str | None:
    """A change in percentage points ('+0,41 điểm %') or, for durations, in days ('-0,64 ngày')."""
    return fmt.days_delta(delta, lang()) if days else fmt.points_delta(delta, lang())


def kpi_card(metric: str, now: dict, before: dict, last_year: dict | None, target, help_text: str) -> None:
    """A bordered card: value, change against the previous period, same period last year, target."""
    value, prior = now.get(metric), before.get(metric)
    delta = None if value is None or prior is None else round(value - prior, 2)
    days = metric == "avg_processing_days"
    shown = num(value, 2) if days else pct(value)
    with st.container(border=True):
        st.metric(
            label(metric), shown,
            delta=change_text(delta, days),
            delta_color=("off" if not delta else "inverse" if metric in metrics.LOWER_IS_BETTER else "normal"),
            help=help_text,
        )
        lines = []
        if last_year is not None:
            ly = last_year.get(metric)
            d = None if value is None or ly is None else round(value - ly, 2)
            lines.append(f"{tr('So với cùng kỳ năm trước', 'Against the same period last year')}: "
                         f"{change_text(d, days) or fmt.DASH}")
        t = target_line(metric, value, target)
        if t:
            lines.append(t)
        if lines:
            st.markdown("  \n".join(lines))


def status_styler(display: pd.DataFrame, column: str, statuses: list):
    """Colour one column's cells by target status (text stays readable: white on colour)."""
    def colour(col):
        return [f"background-color: {STATUS_COLOR[s]}; color: white" if s in STATUS_COLOR else "" for s in statuses]
    return display.style.apply(colour, subset=[column])


def chart_layout(fig, height: int = 420, percent_axis: bool = True):
    """Projector-readable: large type, light grid, the legend below, Vietnamese separators."""
    fig.update_layout(
        font=dict(size=CHART_FONT), height=height, margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h", y=-0.2), separators=",." if lang() == "vi" else ".,",
        colorway=PALETTE, hoverlabel=dict(font_size=CHART_FONT),
    )
    fig.update_xaxes(tickfont_size=CHART_FONT, title_font_size=CHART_FONT)
    fig.update_yaxes(tickfont_size=CHART_FONT, title_font_size=CHART_FONT)
    if percent_axis:
        fig.update_yaxes(ticksuffix="%", rangemode="tozero")
    return fig


def downloads(frame: pd.DataFrame, name: str, key: str) -> None:
    """CSV (UTF-8 with BOM) and XLSX download buttons for a table. The files are made when a
    button is pressed, not on every rerun (an XLSX of a long table takes most of a second)."""
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button(tr("Tải CSV", "Download CSV"), partial(exports.csv_bytes, frame), f"{name}.csv", "text/csv",
                       key=f"{key}_csv", on_click="ignore")
    c2.download_button(tr("Tải Excel", "Download Excel"), partial(exports.xlsx_bytes, frame), f"{name}.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}_xlsx",
                       on_click="ignore")


def chart_text(text) -> str:
    """Names from a file, inert in plotly's labels (which read <b>, <a href> … as markup)."""
    return str(text).replace("<", "‹").replace(">", "›")


def _on_bar_selected(chart_key: str, codes: list) -> None:
    points = st.session_state[chart_key].selection.get("points", [])
    if points:
        choose_unit(codes[points[0]["point_index"]])


def unit_bars(frame: pd.DataFrame, metric: str, key: str, statuses: list | None = None,
              targets: list | None = None) -> None:
    """Units as horizontal bars of a rate, in the frame's order, coloured by target status with
    the target marked; a click on a bar narrows the dashboard to that unit (like a table row)."""
    import plotly.graph_objects as go

    codes = list(frame["unit_code"])
    names = [chart_text(n if isinstance(n, str) and n else c) for n, c in zip(frame["unit_name"], codes)]
    statuses = statuses or [None] * len(codes)
    colours = [STATUS_COLOR.get(s, PALETTE[0]) for s in statuses]
    fig = go.Figure(go.Bar(
        x=frame[metric], y=names, orientation="h", marker_color=colours, name=label(metric),
        text=[pct(v) for v in frame[metric]], textposition="inside", insidetextanchor="end",
        textfont=dict(color=["#000000" if s == "near" else "#FFFFFF" for s in statuses], size=CHART_FONT),
        hovertemplate="%{y}: %{text}<extra></extra>"))
    if targets is not None:
        fig.add_trace(go.Scatter(
            x=targets, y=names, mode="markers", name=tr("Chỉ tiêu", "Target"),
            marker=dict(symbol="line-ns-open", size=30, color="#000000", line=dict(width=4, color="#000000")),
            hovertemplate=tr("Chỉ tiêu", "Target") + ": %{x}%<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    chart_layout(fig, height=max(220, 36 * len(codes) + 90), percent_axis=False)
    values = [v for v in list(frame[metric]) + list(targets or []) if v is not None and v == v]
    low = min(values) if values else 0
    fig.update_xaxes(ticksuffix="%", range=[max(0, low - 5), 101.5])
    st.plotly_chart(fig, width="stretch", key=key, on_select=partial(_on_bar_selected, key, codes),
                    selection_mode="points", config=chart_config(key))


# Plotly's own toolbar saves a chart as PNG in the browser (no server, no network): every chart
# passes this config so the camera button is there, with a readable size and a Vietnamese file name.
def chart_config(name: str) -> dict:
    return {"displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": name, "width": 1600, "height": 800, "scale": 1}}


def empty_state(message_vi: str, message_en: str) -> None:
    st.info(tr(message_vi, message_en))


def demo_banner() -> None:
    if is_demo():
        st.info(
            tr(
                "**Dữ liệu mẫu** — số liệu minh họa của một tỉnh mẫu, không phải số liệu thật. "
                "Nhập dữ liệu thật (trang Tải dữ liệu, hoặc python cli.py import TỆP) để thay thế.",
                "**Demo data** — illustrative figures for a sample province, not real data. "
                "Import real data (the Upload page, or python cli.py import FILE) to replace it.",
            ),
            icon="ℹ️",
        )


def page_header(title_vi: str, title_en: str) -> Filters:
    """Title, the period and scope in words, the demo label; returns the filters."""
    f = filters()
    st.title(tr(title_vi, title_en))
    st.caption(f"{f.period.label(lang())} · {md_escape(f.scope_label())}")
    demo_banner()
    return f


# Streamlit renders Markdown in every label, caption, message, radio and slider option, metric
# value and button: data text (unit, file and procedure names, messages quoting them) must pass
# through `md_escape` on its way to any of them. Selectbox options and table cells are plain text.
_MARKDOWN_SPECIAL = frozenset("\\`*_{}[]()#+-.!|<>~:$&=\"'")
_JOINER = "\u2060"  # WORD JOINER: invisible, and breaks what Markdown would otherwise recognise


def md_escape(text) -> str:
    """Data text (unit names, file names…) made inert for Markdown: no formatting, links, images,
    colours, icons, LaTeX or HTML, shown exactly as written. A backslash before punctuation stops
    Markdown syntax; autolinks (`http://`, `www.`, `a@b.vn`) and `:icon:` codes survive backslashes,
    so an invisible word joiner goes after every colon, inside `www.` and before every `@`."""
    out = []
    for c in str(text).replace("\r", ""):
        if c == "@":
            out.append(_JOINER + "@")
        elif c in _MARKDOWN_SPECIAL:
            out.append("\\" + c + (_JOINER if c == ":" else ""))
        else:
            out.append(c)
    escaped = "".join(out)
    lowered = escaped.lower()
    if "www" not in lowered:
        return escaped
    pieces, start = [], 0
    at = lowered.find("www")
    while at != -1:
        pieces.append(escaped[start:at + 3] + _JOINER)
        start = at + 3
        at = lowered.find("www", start)
    return "".join(pieces) + escaped[start:]


def plain(markdown: str) -> str:
    """What a person reads of a text `md_escape` made (for comparisons in tests and logs)."""
    import re

    return re.sub(r"\\(.)", r"\1", markdown).replace(_JOINER, "")
