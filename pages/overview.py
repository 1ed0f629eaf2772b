"""Tổng quan (Overview): the period in one paragraph, KPI cards against the previous period, last
year and the targets, monthly trends, best and worst units, units below target, the ranking."""
import pandas as pd
import streamlit as st

import ui
from queries import metrics
from reports import narrative

HEADLINE = ("on_time_rate", "progress_rate", "online_rate", "full_online_rate", "digitized_rate",
            "online_payment_rate", "result_digitized_rate", "avg_processing_days")
TREND = ("on_time_rate", "online_rate", "digitized_rate", "online_payment_rate")

def unit_figures(frame: pd.DataFrame) -> pd.DataFrame:
    """The ranking as numbers, for downloads."""
    return pd.DataFrame({
        ui.tr("Hạng", "Rank"): frame["rank"],
        ui.tr("Trong số", "Out of"): frame["of"],
        ui.tr("Hạng kỳ trước", "Previous rank"): frame["previous_rank"],
        ui.tr("Mã đơn vị", "Unit code"): frame["unit_code"],
        ui.tr("Đơn vị", "Unit"): frame["unit_name"],
        ui.tr("Tiếp nhận", "Received"): frame["received"],
        ui.tr("Đã giải quyết", "Resolved"): frame["resolved"],
        ui.tr("Đúng hạn", "On time"): frame["resolved_on_time"],
        ui.tr("Trễ hạn", "Late"): frame["resolved_late"],
        ui.label("on_time_rate") + " (%)": frame["on_time_rate"],
        ui.tr("Chỉ tiêu (%)", "Target (%)"): frame["target"],
        ui.label("progress_rate") + " (%)": frame["progress_rate"],
        ui.label("online_rate") + " (%)": frame["online_rate"],
        ui.label("digitized_rate") + " (%)": frame["digitized_rate"],
    })


def unit_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The ranking as a person reads it: Vietnamese number formats, "—" where there is no value; the
    rate beside the name (a phone shows the first three columns)."""
    return pd.DataFrame({
        ui.tr("Hạng", "Rank"): ui.rank_text(frame),
        ui.tr("Đơn vị", "Unit"): frame["unit_name"].fillna(frame["unit_code"]),
        ui.label("on_time_rate"): ui.pcts(frame["on_time_rate"]),
        ui.tr("Chỉ tiêu", "Target"): ui.pcts(frame["target"]),
        ui.tr("Thay đổi hạng", "Rank change"): [ui.rank_change_text(c) for c in frame["rank_change"]],
        ui.tr("Đã giải quyết", "Resolved"): ui.nums(frame["resolved"]),
        ui.label("progress_rate"): ui.pcts(frame["progress_rate"]),
        ui.label("online_rate"): ui.pcts(frame["online_rate"]),
        ui.label("digitized_rate"): ui.pcts(frame["digitized_rate"]),
    })


def narrative_line() -> None:
    """The period in one paragraph, naming the units below target."""
    st.markdown(ui.md_escape(narrative.period_summary(
        period, f.scope_label(), now, before,
        [(n or c, v) for n, c, v in zip(below["unit_name"], below["unit_code"], below["on_time_rate"])], ui.lang(),
    )))


def kpi_cards() -> None:
    """The headline rates against the previous period, last year and their targets."""
    for i, metric in enumerate(HEADLINE):
        if i % 4 == 0:  # a row of four at a time: on a phone the cards stack in this order, not column by column
            cols = st.columns(4)
        with cols[i % 4]:
            ui.kpi_card(
                metric, now, before, year_ago,
                metrics.target_for(targets, metric, f.unit, f.unit_kind or f.kind),
                ui.tr(*metrics.DEFINITIONS[metric]) + " " + ui.tr(f"Thay đổi so với {previous.label('vi')}.",
                                                                   f"Change against {previous.label('en')}."),
            )


def lowest_units() -> None:
    """The leader's first question: which units are lowest, in each kind, and are they improving?"""
    st.subheader(ui.tr("Đơn vị thấp nhất về tỷ lệ đúng hạn", "Lowest units on the on-time rate"))
    ui.lowest_by_kind(page_data.standing("on_time_rate"), "on_time_rate", key="lowest")
    st.caption(ui.tr(f"Xếp hạng trong từng loại đơn vị, chỉ tính đơn vị có từ {ui.MIN_VOLUME} hồ sơ đã giải quyết "
                     "trong kỳ; «So kỳ trước» tính bằng điểm phần trăm.",
                     f"Ranked within each kind of unit, among units with at least {ui.MIN_VOLUME} resolved dossiers "
                     "in the period; the change is in percentage points."))


def monthly_trend() -> None:
    """Four rates month by month against their targets."""
    st.subheader(ui.tr("Xu hướng theo tháng", "Monthly trend"))
    trend = page_data.trend
    if trend.empty:
        ui.empty_state("Chưa có dữ liệu theo tháng.", "No monthly data yet.")
        return
    ui.trend_chart(ui.month_labels(trend["month"]), {m: trend[m] for m in TREND}, key="trend",
                   file_name=f"xu_huong_{period.end:%Y%m}",
                   targets={m: metrics.target_for(targets, m, f.unit, f.unit_kind or f.kind) for m in TREND})


def below_target() -> None:
    """Every unit that did not meet its on-time target (near or far is the colour)."""
    if below.empty:
        st.success(ui.tr("Không có đơn vị nào dưới chỉ tiêu.", "No unit is below its target."))
        return
    st.caption(ui.tr("Bấm vào một thanh để xem riêng đơn vị đó; vạch đậm là chỉ tiêu.",
                     "Click a bar to narrow the dashboard to that unit; the dark tick is the target."))
    ui.unit_bars(below.head(15), "on_time_rate", key="below_bars", statuses=list(below["status"].head(15)),
                 targets=list(below["target"].head(15)))
    ui.selectable_table(unit_table(below), below["unit_code"], key="below_units")
    ui.downloads(unit_figures(below), f"duoi_chi_tieu_{period.start:%Y%m%d}_{period.end:%Y%m%d}", key="below_dl")


def every_unit() -> None:
    """Every unit ranked within its kind."""
    if ranked.empty:
        ui.empty_state("Không có đơn vị nào trong phạm vi đã chọn.", "No units in the chosen scope.")
        return
    table = unit_table(ranked)
    ui.selectable_table(table, ranked["unit_code"], key="ranking",
                        styler=ui.status_styler(table, ui.label("on_time_rate"), list(ranked["status"])))
    ui.ranking_rule()
    ui.downloads(unit_figures(ranked), f"xep_hang_{period.start:%Y%m%d}_{period.end:%Y%m%d}", key="ranking_dl")


# ---- the page, in screen order: the answer first, the lists behind it in tabs ---------------------
f = ui.page_header("Tổng quan cải cách hành chính", "Administrative reform overview", glossary=("TTHC",))
period, previous = f.period, f.previous
page_data = ui.figures(f, "on_time_rate", ui.trend_start(period.end))  # one engine query for the whole page
now, before, year_ago = page_data.now, page_data.before, page_data.year_ago
targets = ui.targets(period.end.year)
if now["received"] == 0 and now["resolved"] == 0 and now["pending_within"] + now["pending_overdue"] == 0:
    ui.empty_state("Không có hồ sơ nào trong kỳ và phạm vi đã chọn.", "No dossiers in the chosen period and scope.")
    st.stop()
ranked = page_data.ranked  # units ranked by on-time rate within their kind, with their targets
below = ranked[ranked["status"].isin(["near", "below"])].sort_values("on_time_rate")

narrative_line()
kpi_cards()
if not f.unit:
    lowest_units()
monthly_trend()
if f.unit:
    every_unit()
else:
    below_tab, ranking_tab = st.tabs([
        ui.tr(f"Dưới chỉ tiêu đúng hạn ({len(below)})", f"Below the on-time target ({len(below)})"),
        ui.tr("Xếp hạng tất cả đơn vị", "Every unit ranked"),
    ])
    with below_tab:
        below_target()
    with ranking_tab:
        every_unit()
