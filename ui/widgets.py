"""The widgets every page draws the same way: the header, KPI cards against targets, tables and
bars whose click narrows the dashboard to a unit, status colours, chart layout, downloads.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import partial

import pandas as pd
import streamlit as st

import formatting as fmt
import queries
from labels import PALETTE, STATUS_COLOR, STATUS_MARK, STATUS_TEXT, UNIT_KIND_LABELS
from queries import metrics
from reports import exports
from ui import access
from ui.session import is_demo, query
from ui.sidebar import Filters, choose_unit, filters
from ui.text import explained, label, lang, md_escape, tr

CHART_FONT = 16
MIN_VOLUME = metrics.MIN_VOLUME
STANDING_MONTHS = 6  # the small trend beside a unit's rank


def table_height(rows: int, most: int = 640) -> int:
    """Every row of a table in view (35 px a row, and the header), up to `most` pixels; beyond,
    the table scrolls."""
    return min(35 * (rows + 1) + 3, most)


def _on_row_selected(table_key: str, codes: list) -> None:
    rows = st.session_state[table_key].selection.rows
    if rows:
        choose_unit(codes[rows[0]])


def selectable_table(frame: pd.DataFrame, codes: list, key: str, height: int | None = None, styler=None) -> None:
    """A table whose row click narrows the dashboard to that row's unit. A header with an
    abbreviation ("Số hóa HS (%)") explains it in its tooltip."""
    tips = {c: st.column_config.Column(help=explained("", c)) for c in frame.columns if explained("", str(c))}
    st.dataframe(
        styler if styler is not None else frame, hide_index=True, width="stretch", key=key, column_config=tips or None,
        on_select=partial(_on_row_selected, key, list(codes)), selection_mode="single-row",
        height=height or table_height(len(frame)),
    )


def ranking_table(ranked: pd.DataFrame, shown: dict, figures: dict, key: str, file_name: str, status_column: str,
                  statuses: list, change: tuple[str, str] = ("Thay đổi hạng", "Rank change")) -> None:
    """The units ranked by a page's metric (the engine's ranking): rank, rank change and unit, then
    the page's `shown` columns, the `status_column` coloured by target status, a row click narrowing
    the dashboard to that unit; and as CSV/XLSX, rank, previous rank, unit code and name and the
    page's `figures` (numbers, not text)."""
    table = pd.DataFrame({
        tr("Hạng", "Rank"): ranked["rank"],
        tr(*change): [rank_change_text(c) for c in ranked["rank_change"]],
        tr("Đơn vị", "Unit"): ranked["unit_name"].fillna(ranked["unit_code"]),
        **shown,
    })
    selectable_table(table, ranked["unit_code"], key=key, styler=status_styler(table, status_column, statuses))
    downloads(pd.DataFrame({
        tr("Hạng", "Rank"): ranked["rank"],
        tr("Hạng kỳ trước", "Previous rank"): ranked["previous_rank"],
        tr("Mã đơn vị", "Unit code"): ranked["unit_code"],
        tr("Đơn vị", "Unit"): ranked["unit_name"],
        **figures,
    }), file_name, key=f"{key}_dl")


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
    board: queries.Board  # the query behind it all, for what only some pages draw (standing)
    months: tuple  # the trend's month labels, oldest first

    def standing(self, metric: str) -> pd.DataFrame:
        """Each unit among those of its kind (queries.Board.standing), over the last months."""
        return self.board.standing(metric, "now", "before", list(self.months[-STANDING_MONTHS:]),
                                   min_volume=MIN_VOLUME)


def figures(f: "Filters", metric: str, trend_start: dt.date | None = None) -> Figures:
    p, prev, ago = f.period, f.previous, f.period.same_period_last_year()
    months = queries.trend_periods(trend_start, p.end) if trend_start else {}
    b = query(queries.board, {"now": (p.start, p.end), "before": (prev.start, prev.end),
                              "year_ago": (ago.start, ago.end), **months}, kind=f.kind, unit=f.unit, metric=metric)
    ranked = queries.with_targets(b.ranking("now", "before", scoped=f.unit is not None), targets(p.end.year), metric)
    trend = b.trend({dt.date.fromisoformat(label[6:]): label for label in months})
    return Figures(b.totals["now"], b.totals["before"], b.totals["year_ago"], trend, ranked, b, tuple(sorted(months)))


def lowest_by_kind(standing: pd.DataFrame, metric: str, key: str, shown: int = 3) -> None:
    """Per kind of unit (departments, communes…), the `shown` lowest on `metric` with their rank out
    of the kind's ranked units ("63/65"), value, change since the previous period and a small trend;
    the units tied at the top said in one line, not listed ("23 đơn vị cùng đạt 100,00%")."""
    if standing.empty:
        st.caption(tr(f"Chưa có đơn vị nào đủ {MIN_VOLUME} hồ sơ để xếp hạng.",
                      f"No unit has the {MIN_VOLUME} dossiers a ranking needs."))
        return
    days = metric == "avg_processing_days"
    kinds = [k for k in UNIT_KIND_LABELS if k in set(standing["kind"])]
    for column, kind in zip(st.columns(len(kinds)), kinds):
        mine = standing[standing["kind"] == kind]
        lowest = mine.sort_values(["rank", "unit_name"], ascending=[False, True]).head(shown)
        with column:
            st.markdown(f"**{tr('Thấp nhất', 'Lowest')}: {tr(*UNIT_KIND_LABELS[kind]).lower()}**")
            table = pd.DataFrame({
                tr("Hạng", "Rank"): [f"{r}/{n}" for r, n in zip(lowest["rank"], lowest["of"])],
                tr("Đơn vị", "Unit"): lowest["unit_name"].fillna(lowest["unit_code"]),
                label(metric): [num(v, 2) if days else pct(v) for v in lowest["value"]],
                tr("So kỳ trước", "Change"): [change_text(c, days=days) or "—" for c in lowest["change"]],
                tr(f"{STANDING_MONTHS} tháng", f"{STANDING_MONTHS} months"): list(lowest["trend"]),
            })
            st.dataframe(table, hide_index=True, width="stretch", key=f"{key}_{kind}",
                         on_select=partial(_on_row_selected, f"{key}_{kind}", list(lowest["unit_code"])),
                         selection_mode="single-row", height=table_height(len(table)),
                         column_config={tr(f"{STANDING_MONTHS} tháng", f"{STANDING_MONTHS} months"):
                                        st.column_config.LineChartColumn(y_min=0, y_max=None if days else 100)})
            top = mine[mine["rank"] == 1]
            if len(top) > 1:
                best = num(top["value"].iloc[0], 2) if days else pct(top["value"].iloc[0])
                st.caption(tr(f"{len(top)} đơn vị cùng đứng đầu với {best}.",
                              f"{len(top)} units share first place with {best}."))


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
            help=explained(help_text, label(metric)),
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


def empty_state(message_vi: str, message_en: str, command: str | None = None) -> None:
    """What is missing, in words; `command` (the command line that fills it) is for staff only:
    leaders and viewers are told where the data comes from, not how to type it."""
    st.info(tr(message_vi, message_en))
    if command:
        staff_command(command)


def staff_command(command: str) -> None:
    """A command line for staff and administrators (hidden from viewers)."""
    if access.may("staff"):
        st.caption(tr("Từ dòng lệnh (cán bộ nhập liệu): ", "From the command line (staff): ") + f"`{command}`")


def demo_banner() -> None:
    if is_demo():
        where = (tr("Nhập dữ liệu thật ở trang Tải dữ liệu để thay thế.",
                    "Import real data on the Upload page to replace it.") if access.may("staff") else
                 tr("Khi cán bộ của tỉnh nhập số liệu thật, số liệu mẫu được thay thế.",
                    "When the province's staff import real data, it replaces the demo."))
        st.info(tr("**Dữ liệu mẫu** — số liệu minh họa của một tỉnh mẫu, không phải số liệu thật. ",
                   "**Demo data** — illustrative figures for a sample province, not real data. ") + where, icon="ℹ️")


def page_header(title_vi: str, title_en: str) -> Filters:
    """Title, the period and scope in words, the demo label; returns the filters."""
    f = filters()
    st.title(tr(title_vi, title_en))
    st.caption(f"{f.period.label(lang())} · {md_escape(f.scope_label())}")
    demo_banner()
    return f



def glossary(*abbreviations: str) -> None:
    """The abbreviations a page uses, explained in one line under its title (labels.GLOSSARY):
    "Viết tắt: TTHC – thủ tục hành chính · DVC – dịch vụ công". English pages spell words out and
    show none."""
    from labels import GLOSSARY

    if lang() != "vi" or not abbreviations:
        return
    st.caption(tr("Viết tắt: ", "Abbreviations: ")
               + " · ".join(f"{a} – {tr(*GLOSSARY[a])}" for a in abbreviations))
