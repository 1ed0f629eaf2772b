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
from labels import STATUS_COLOR, STATUS_MARK, STATUS_TEXT, UNIT_KIND_LABELS
from queries import metrics, periods
from reports import exports
from ui import access
from ui.session import is_demo, query
from ui.sidebar import Filters, choose_unit, filters
from ui.text import explained, label, lang, md_escape, tr, worded

MIN_VOLUME = metrics.MIN_VOLUME
STANDING_MONTHS = 6  # the small trend beside a unit's rank


def detail_tabs(labels: list[tuple[str, str]], key: str) -> list:
    """st.tabs whose `.open` says which tab is chosen (choosing one reruns the page), so that a page
    runs the tabs that read their own data only when a person opens them. The chosen tab is kept by
    its place, not its label: a switch of language stays on it (the widget has one key per language,
    the place is remembered under `key`)."""
    shown = [tr(vi, en) for vi, en in labels]
    widget = f"{key}_{lang()}"

    def remember() -> None:
        st.session_state[key] = shown.index(st.session_state[widget])

    place = st.session_state.get(key, 0)
    return st.tabs(shown, key=widget, on_change=remember,
                   default=shown[place] if isinstance(place, int) and 0 <= place < len(shown) else None)


def table_height(rows: int, most: int = 640) -> int:
    """Every row of a table in view (35 px a row, and the header), up to `most` pixels; beyond,
    the table scrolls."""
    return min(35 * (rows + 1) + 3, most)


def _on_row_selected(table_key: str, codes: list) -> None:
    rows = st.session_state[table_key].selection.rows
    if rows:
        choose_unit(codes[rows[0]])


ROW_HINT = ("Bấm vào một dòng để xem riêng đơn vị đó.", "Click a row to narrow the dashboard to that unit.")


def selectable_table(frame: pd.DataFrame, codes: list, key: str, height: int | None = None, styler=None,
                     hint: tuple[str, str] | None = ROW_HINT, column_config: dict | None = None) -> None:
    """A table whose row click narrows the dashboard to that row's unit; the `hint` that says so
    only where there is a choice to make (two rows or more). A header with an abbreviation
    ("Số hóa HS (%)") explains it in its tooltip."""
    if hint and len(frame) > 1:
        st.caption(tr(*hint))
    tips = {c: st.column_config.Column(help=explained("", c)) for c in frame.columns if explained("", str(c))}
    st.dataframe(
        styler if styler is not None else frame, hide_index=True, width="stretch", key=key,
        column_config={**tips, **(column_config or {})} or None,
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
        tr("Hạng", "Rank"): rank_text(ranked),
        tr("Đơn vị", "Unit"): ranked["unit_name"].fillna(ranked["unit_code"]),
        **shown,
        tr(*change): [rank_change_text(c) for c in ranked["rank_change"]],
    })
    selectable_table(table, ranked["unit_code"], key=key, styler=status_styler(table, status_column, statuses))
    ranking_rule()
    downloads(pd.DataFrame({
        tr("Hạng", "Rank"): ranked["rank"],
        tr("Trong số", "Out of"): ranked["of"],
        tr("Hạng kỳ trước", "Previous rank"): ranked["previous_rank"],
        tr("Mã đơn vị", "Unit code"): ranked["unit_code"],
        tr("Đơn vị", "Unit"): ranked["unit_name"],
        **figures,
    }), file_name, key=f"{key}_dl")


# ---- figures ------------------------------------------------------------------------------

# A table's column formats hundreds of cells per run, and reading the chosen language from the
# session state costs more than formatting a number: pcts and nums read it once per column.
def pcts(values) -> list[str]:
    """Each value as a percentage in the reader's language."""
    language = lang()
    return [fmt.percent(None if fmt.missing(x) else x, language) for x in values]


def nums(values, decimals: int = 0) -> list[str]:
    """Each value as a number in the reader's language."""
    language = lang()
    return [fmt.number(None if fmt.missing(x) else x, decimals, language) for x in values]


def pct(x) -> str:
    return pcts([x])[0]


def num(x, decimals: int = 0) -> str:
    return nums([x], decimals)[0]


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


def figures(f: "Filters", metric: str, trend_start: dt.date | None = None, shares: bool = False) -> Figures:
    p, prev, ago = f.period, f.previous, f.period.same_period_last_year()
    months = queries.trend_periods(trend_start, p.end) if trend_start else {}
    b = query(queries.board, {"now": (p.start, p.end), "before": (prev.start, prev.end),
                              "year_ago": (ago.start, ago.end), **months}, kind=f.kind, unit=f.unit, metric=metric,
              # the procedure shares only for a page that shows them, on its cards (no trend does)
              distinct=("now", "before", "year_ago") if shares else ())
    ranked = queries.with_targets(b.ranking_by_kind(metric, "now", "before", scoped=f.unit is not None),
                                  targets(p.end.year), metric)
    # kinds apart (departments, then communes…), ranked units first, best first (rule 77)
    order = {k: i for i, k in enumerate(UNIT_KIND_LABELS)}
    ranked = (ranked.assign(_kind=ranked["kind"].map(order).fillna(len(order)), _unranked=ranked["rank"].isna())
              .sort_values(["_kind", "_unranked", "rank", "unit_name"], kind="stable")
              .drop(columns=["_kind", "_unranked"]).reset_index(drop=True))
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
                         column_config={
                             # narrow rank and name: a phone still shows the rate beside the name
                             tr("Hạng", "Rank"): st.column_config.TextColumn(width="small"),
                             tr("Đơn vị", "Unit"): st.column_config.TextColumn(width="medium"),
                             tr(f"{STANDING_MONTHS} tháng", f"{STANDING_MONTHS} months"):
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


def ranking_rule() -> None:
    """Under a ranking: how its ranks are counted (rule 77)."""
    st.caption(tr(f"Hạng trong từng loại đơn vị (sở, ngành riêng; xã, phường riêng), chỉ xếp đơn vị có từ {MIN_VOLUME} "
                  "hồ sơ trở lên; «—»: chưa đủ hồ sơ để xếp hạng.",
                  f"Ranks are within each kind of unit (departments apart from communes), among units with at least "
                  f"{MIN_VOLUME} dossiers; '—': too few dossiers to rank."))


def rank_text(ranked: pd.DataFrame) -> list[str]:
    """'3/65': the rank among the units of the row's kind that are ranked; '—' for a unit with too
    few dossiers to rank (rule 77)."""
    return ["—" if fmt.missing(r) else f"{int(r)}/{int(n)}" for r, n in zip(ranked["rank"], ranked["of"])]


def rank_change_text(change) -> str:
    """▲ 3 (moved up three places), ▼ 2, = (same rank), — (no rank before or now)."""
    if fmt.missing(change):
        return "—"
    change = int(change)  # a rank change is whole places, whatever the frame's column type
    return f"▲ {change}" if change > 0 else (f"▼ {-change}" if change < 0 else "=")


def change_text(delta, days: bool = False) -> str | None:
    """A change in percentage points ('+0,41 điểm %') or, for durations, in days ('-0,64 ngày')."""
    return fmt.days_delta(delta, lang()) if days else fmt.points_delta(delta, lang())


def change_points(delta) -> str:
    """A change in score points in the page's number format: '+0,62 điểm', '-0,17 điểm', '±0,00 điểm'.
    The minus is the ASCII one, as on the KPI cards: Streamlit reads a card's direction (arrow and
    colour) from a leading '-', and drew '−0,43' (U+2212) as a green rise."""
    d = round(float(delta), 2)
    return ("+" if d > 0 else "-" if d < 0 else "±") + num(abs(d), 2) + tr(" điểm", " points")


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


def downloads(frame: pd.DataFrame, name: str, key: str) -> None:
    """CSV (UTF-8 with BOM) and XLSX download buttons for a table. The files are made when a
    button is pressed, not on every rerun (an XLSX of a long table takes most of a second)."""
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button(tr("Tải CSV", "Download CSV"), partial(exports.csv_bytes, frame), f"{name}.csv", "text/csv",
                       key=f"{key}_csv", on_click="ignore")
    c2.download_button(tr("Tải Excel", "Download Excel"), partial(exports.xlsx_bytes, frame), f"{name}.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"{key}_xlsx",
                       on_click="ignore")


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


# The browser's print (Ctrl+P) of any page, the scorecard above all: an A4 page of the content
# alone. App-written CSS only (never text from a file). Streamlit lays the page out in a scrolling
# box of the window's height; printed as it is, only the visible screen would come out.
PRINT_CSS = """<style>
@media print {
  @page { size: A4; margin: 12mm; }
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stHeader"],
  [data-testid="stToolbar"], [data-testid="stDecoration"], [data-testid="stStatusWidget"],
  [data-testid="stBottom"], [data-testid="stDownloadButton"], [data-testid="stBaseButton-secondary"],
  [data-testid="stBaseButton-primary"], [data-testid="stElementToolbar"], .modebar-container, footer
    { display: none !important; }
  html, body, .stApp, [data-testid="stAppViewContainer"], [data-testid="stMain"]
    { position: static !important; overflow: visible !important; height: auto !important; background: #FFFFFF !important; }
  [data-testid="stMainBlockContainer"] { padding: 0 !important; max-width: 100% !important; }
  [data-testid="stMetric"], [data-testid="stPlotlyChart"], [data-testid="stDataFrame"], [data-testid="stTable"],
  [data-testid="stDeckGlJsonChart"] { break-inside: avoid; }
  h1, h2, h3 { break-after: avoid; }
}
</style>"""


def print_layout() -> None:
    """Make the browser's print of this page a clean A4: the content without the app's chrome."""
    st.html(PRINT_CSS)


def kind_picker(f: "Filters", key: str) -> str:
    """Departments or communes, for the score pages that rank each kind apart (the sidebar's kind,
    when it is one of them, is the first choice)."""
    kinds = ["department", "commune"]
    return st.radio(tr("Loại đơn vị", "Unit kind"), kinds, index=kinds.index(f.kind) if f.kind in kinds else 0,
                    format_func=lambda k: tr(*UNIT_KIND_LABELS[k]), horizontal=True, key=worded(key))


def demo_banner() -> None:
    if is_demo():
        where = (tr("Nhập dữ liệu thật ở trang Tải dữ liệu để thay thế.",
                    "Import real data on the Upload page to replace it.") if access.may("staff") else
                 tr("Khi cán bộ của tỉnh nhập số liệu thật, số liệu mẫu được thay thế.",
                    "When the province's staff import real data, it replaces the demo."))
        st.info(tr("**Dữ liệu mẫu** — số liệu minh họa của một tỉnh mẫu, không phải số liệu thật. ",
                   "**Demo data** — illustrative figures for a sample province, not real data. ") + where, icon="ℹ️")


def scope_chip(f: Filters) -> None:
    """'Đang xem: X ✕' on every page while a click has narrowed the dashboard to one unit (the choice
    follows the reader from page to page, so every page says so and undoes it in one click); after
    the click that narrowed it, the page scrolls back to the top, where this is."""
    if not f.unit:
        return
    name = md_escape(f.unit_name or f.unit)
    st.button(tr(f"Đang xem: {name} ✕", f"Showing: {name} ✕"), on_click=choose_unit, args=(None,),
              key=f"scope_{st.session_state.get('_page', '')}",
              help=tr("Bỏ chọn đơn vị này, xem lại tất cả đơn vị.", "Clear this unit and show all units again."))
    if st.session_state.pop("_scroll_top", False):
        # Streamlit keeps the scroll position across reruns: a click far down the page would leave
        # the reader looking at a page that changed above them
        st.html("<script>for (const e of parent.document.querySelectorAll('[data-testid=stMain]')) e.scrollTo(0, 0);"
                "for (const e of document.querySelectorAll('[data-testid=stMain]')) e.scrollTo(0, 0);"
                "window.scrollTo(0, 0);</script>", unsafe_allow_javascript=True)


def score_period(published: list, f: Filters):
    """Of the score periods `published` (years, or period names like "2026-10"), the one that applies
    to the sidebar's period: the latest that ends on or before the sidebar period's last day (None
    when none has)."""
    def end_of(name):
        return periods.parse(str(name)).last_day

    applying = [p for p in published if end_of(p) <= f.period.last_day]
    return max(applying, key=end_of) if applying else None


def score_period_text(shown_vi: str, shown_en: str, f: Filters) -> tuple[str, str]:
    """What the header says under a score page's title: its score period ('Năm đánh giá 2025') and
    why that one (the sidebar's period governs every page)."""
    return (f"{shown_vi} — kỳ điểm mới nhất đã công bố đến hết {f.period.label('vi').lower()} (chọn ở thanh bên)",
            f"{shown_en} — the latest scores published up to the end of {f.period.label('en')} "
            "(chosen in the sidebar)")


def page_header(title_vi: str, title_en: str, period: tuple[str, str] | None = None,
                glossary: tuple[str, ...] = ()) -> Filters:
    """Title, the period and scope in words (and the page's abbreviations, on the same line: the
    answers keep their place on the first screen), the scope chip, the demo label; returns the
    filters. Score pages pass their own `period` (`score_period_text`): an annual index never shows
    a month."""
    f = filters()
    st.title(tr(title_vi, title_en))
    words = glossary_text(glossary)
    st.caption(f"{tr(*period) if period else f.period.label(lang())} · {md_escape(f.scope_label())}"
               + (f" · {words}" if words else ""))
    scope_chip(f)
    demo_banner()
    return f



def glossary_text(abbreviations) -> str:
    """'Viết tắt: TTHC – thủ tục hành chính · DVC – dịch vụ công' (labels.GLOSSARY); '' on English
    pages, which spell the words out."""
    from labels import GLOSSARY

    if lang() != "vi" or not abbreviations:
        return ""
    return tr("Viết tắt: ", "Abbreviations: ") + " · ".join(f"{a} – {tr(*GLOSSARY[a])}" for a in abbreviations)


def glossary(*abbreviations: str) -> None:
    """The abbreviations a page without `page_header` uses, in one line under its title."""
    text = glossary_text(abbreviations)
    if text:
        st.caption(text)