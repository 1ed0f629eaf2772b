"""Chỉ số 766: the National Public Service Portal's monthly scores (QĐ 766) as published: the six
groups and the total per unit, rank and rank change, the trend over imported periods, who pulls
each group down, and beside the portal's progress score the dashboard's own estimate from the
province's dossier data for the same period (the metric engine's progress rate)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

import labels
import queries
import ui
from data_loaders.scores import QUALITY_OK
from queries import periods
from queries.scores import GROUP_LABELS, GROUP_MAX, GROUP_ORDER

PULLING_DOWN = 5  # units listed per group



def no_scores_yet() -> None:
    """Before the first QĐ 766 scores, or before any period up to the sidebar's end: say so, and stop."""
    if not available:
        ui.empty_state("Chưa có điểm Chỉ số 766: cần tệp JSON của Cổng DVC quốc gia.",
                       "No QĐ 766 scores yet: they come from the national portal's JSON.",
                       "python cli.py import FILE.json --period YYYY-MM")
        st.stop()
    if period is None:
        earliest = periods.parse(min(period_names))
        ui.empty_state(f"Chưa có điểm Chỉ số 766 của kỳ nào đến hết {f.period.label('vi').lower()}; kỳ sớm nhất có "
                       f"điểm là {earliest.label('vi').lower()}: chọn kỳ đó ở thanh bên.",
                       f"No QĐ 766 scores for any period up to the end of {f.period.label('en')}; the earliest scored "
                       f"period is {earliest.label('en')}: choose it in the sidebar.")
        st.stop()


def total_rule() -> None:
    st.caption(ui.tr("Tổng điểm = tổng các nhóm đã nhập cho kỳ: ", "Total = the sum of the groups imported for the "
                     "period: ") + ", ".join(ui.tr(*GROUP_LABELS[g]) + f" ({GROUP_MAX[g]})" for g in groups)
               + ui.tr(". Xếp hạng theo tỷ lệ tổng điểm trên điểm tối đa của các nhóm đơn vị có điểm.",
                       ". Ranked by the total as a share of the maximum of the groups the unit was scored in."))


def whole_province() -> None:
    """The judgement first (the group that costs the most points), then every group with its change,
    most points lost first, and the dashboard's own progress estimate beside the portal's."""
    prov = ui.query(queries.portal766_province, period)
    if prov is None:
        return
    st.subheader(ui.tr(f"Toàn tỉnh: {ui.num(prov['total'], 2)} / {ui.num(prov['max_total'], 0)} điểm",
                       f"Whole province: {ui.num(prov['total'], 2)} of {ui.num(prov['max_total'], 0)} points"))
    value, lost = prov["groups"], prov["lost"]

    def change(g):
        return None if prov["changes"][g] is None else ui.change_points(prov["changes"][g])

    if lost:  # groups have different maxima (22 vs 10): points lost, not points, say which costs most
        worst_lost, worst = lost[0]
        st.markdown(ui.tr(
            f"Nhóm mất nhiều điểm nhất: **{ui.tr(*GROUP_LABELS[worst])}** — mất {ui.num(worst_lost, 2)} điểm, "
            f"đạt {ui.pct(100 * value[worst] / GROUP_MAX[worst])} điểm tối đa.",
            f"The group losing most points: **{ui.tr(*GROUP_LABELS[worst])}** — {ui.num(worst_lost, 2)} points lost, "
            f"{ui.pct(100 * value[worst] / GROUP_MAX[worst])} of its maximum."))
    # four cards a row: seven in one row cut their names short
    cards = len(groups) + (1 if "progress" in groups else 0)
    cols = [c for row in range(0, cards, 4) for c in st.columns(4)][:cards]
    for i, g in enumerate(groups):
        share = None if value[g] is None else 100 * value[g] / GROUP_MAX[g]
        cols[i].metric(ui.tr(*GROUP_LABELS[g]), f"{ui.num(value[g], 2)} / {GROUP_MAX[g]}", delta=change(g),
                       help=ui.tr(f"Đạt {ui.pct(share)} điểm tối đa; so với kỳ trước.",
                                  f"{ui.pct(share)} of the maximum; change against the previous period."))
    st.dataframe(pd.DataFrame({
        ui.tr("Nhóm (mất nhiều điểm nhất trước)", "Group (most points lost first)"):
            [ui.tr(*GROUP_LABELS[g]) for _, g in lost],
        ui.tr("Điểm", "Points"): [f"{ui.num(value[g], 2)} / {GROUP_MAX[g]}" for _, g in lost],
        ui.tr("% điểm tối đa", "% of maximum"): [ui.pct(100 * value[g] / GROUP_MAX[g]) for _, g in lost],
        ui.tr("Điểm bị mất", "Points lost"): [ui.num(n, 2) for n, _ in lost],
        ui.tr("So kỳ trước", "Change"): [change(g) or "—" for _, g in lost],
    }), hide_index=True, width="stretch", key="p766_groups_lost")
    if "progress" in groups and scored_days is not None:
        estimate = ui.query(queries.kpis, scored_days.start, scored_days.end)["progress_points"]
        cols[-1].metric(ui.tr("Tiến độ: ước tính của hệ thống", "Progress: dashboard estimate"),
                        f"{ui.num(estimate, 2)} / 20",
                        delta=None if estimate is None or value["progress"] is None
                        else ui.change_points(estimate - value["progress"]), delta_color="off",
                        help=ui.tr("Điểm tiến độ tính từ dữ liệu hồ sơ của tỉnh cho cùng kỳ "
                                   "(đúng hạn + đang xử lý trong hạn) / (đã giải quyết + đang xử lý) × 20; "
                                   "chênh lệch so với điểm Cổng công bố.",
                                   "Progress points computed from the province's own dossier data for the same "
                                   "period; the delta is against the portal's published score."))


def figures_behind() -> None:
    """The published metrics behind the groups, with the portal's own data-quality warnings."""
    behind = ui.query(queries.portal766_unit_metrics, period, f.unit)
    if not behind.empty:
        flagged = behind["quality_status"].fillna("").str.upper().map(lambda v: v not in QUALITY_OK)
        title = ui.tr("Chỉ tiêu thành phần", "Metrics behind the groups")
        if flagged.any():
            title += ui.tr(f" · ⚠ {int(flagged.sum())} số liệu tạm tính", f" · ⚠ {int(flagged.sum())} provisional figures")
        with st.expander(title, expanded=bool(flagged.any())):
            st.caption(ui.tr("Số liệu như Cổng DVC quốc gia công bố cho "
                             + (ui.md_escape(f.unit_name) if f.unit else "toàn tỉnh")
                             + "; cột «Chất lượng dữ liệu» là cảnh báo của Cổng (ví dụ mẫu số còn tạm tính).",
                             "Figures as the national portal publishes them for "
                             + (ui.md_escape(f.unit_name) if f.unit else "the whole province")
                             + "; 'Data quality' is the portal's own warning (e.g. a provisional denominator)."))
            st.dataframe(pd.DataFrame({
                ui.tr("Nhóm", "Group"): [ui.tr(*GROUP_LABELS[g]) if g in GROUP_LABELS else g for g in behind["group_code"]],
                ui.tr("Chỉ tiêu", "Metric"): behind["metric_name"].fillna(behind["metric_code"]),
                ui.tr("Tử số", "Numerator"): ui.nums(behind["numerator"]),
                ui.tr("Mẫu số", "Denominator"): ui.nums(behind["denominator"]),
                ui.tr("Tỷ lệ", "Ratio"): ui.pcts(behind["ratio"]),
                ui.tr("Điểm", "Points"): [f"{ui.num(v, 2)} / {ui.num(m, 2)}" for v, m in zip(behind["score"], behind["max_score"])],
                ui.tr("Chất lượng dữ liệu", "Data quality"): [
                    f"⚠ {(msg if isinstance(msg, str) and msg else status)}" if bad else ui.tr("Đạt", "OK")
                    for bad, status, msg in zip(flagged, behind["quality_status"], behind["quality_message"])],
            }), hide_index=True, width="stretch", key="p766_metrics")


def ranking() -> None:
    """The units of the chosen kind ranked by the share of their maximum, with the rank change."""
    st.subheader(ui.tr("Xếp hạng theo tổng điểm", "Ranking by total"))
    if units.empty:
        ui.empty_state("Không có đơn vị nào thuộc loại này trong kỳ.", "No units of this kind in the period.")
        st.stop()
    estimate = {}
    if "progress" in groups and scored_days is not None:  # the dashboard's own estimate (QĐ 766 method)
        counts = ui.query(queries.unit_counts, scored_days.start, scored_days.end, kind=kind)
        estimate = dict(zip(counts["unit_code"], counts["progress_points"]))
    table = pd.DataFrame({
        # rank, name and total first: a phone shows the first three columns
        ui.tr("Hạng", "Rank"): units["rank"],
        ui.tr("Đơn vị", "Unit"): units["unit_name"],
        ui.tr("Tổng điểm", "Total"): ui.nums(units["total"], 2),
        ui.tr("% điểm tối đa", "% of maximum"): ui.pcts(units["score_share"]),
        ui.tr("Thay đổi hạng", "Rank change"): [ui.rank_change_text(c) for c in units["rank_change"]],
        **{ui.tr(*GROUP_LABELS[g]): ui.nums(units[g], 2) for g in groups},
        **({ui.tr("Tiến độ (ước tính hệ thống)", "Progress (dashboard estimate)"):
            [ui.num(estimate.get(c), 2) for c in units["unit_code"]]} if "progress" in groups else {}),
    })
    ui.selectable_table(table, units["unit_code"], key="p766_ranking")
    ui.downloads(units.drop(columns=[c for c in units.columns if c.startswith("rank_") and c != "rank_change"]),
                 f"chi_so_766_{period}_{kind}", key="p766_dl")


def pulling_down() -> None:
    """Per group, the units that lose it the most points."""
    st.subheader(ui.tr("Đơn vị kéo điểm từng nhóm xuống nhiều nhất", "Who pulls each group down most"))
    cols = st.columns(min(3, len(groups)) or 1)
    for i, g in enumerate(groups):
        lost = queries.portal766_pulling_down(units, g, PULLING_DOWN)
        with cols[i % len(cols)]:
            st.markdown(f"**{ui.md_escape(ui.tr(*GROUP_LABELS[g]))}** (/{GROUP_MAX[g]})")
            st.dataframe(pd.DataFrame({
                ui.tr("Đơn vị", "Unit"): lost["unit_name"],
                ui.tr("Điểm", "Points"): ui.nums(lost["points"], 2),
                ui.tr("Điểm bị mất", "Points lost"): ui.nums(lost["lost"], 2),
            }), hide_index=True, width="stretch", key=f"p766_down_{g}")


def trend() -> None:
    """Each group as a share of its maximum over the trend window up to the scored period."""
    st.subheader(ui.tr("Xu hướng: tỷ lệ điểm đạt được trên điểm tối đa", "Trend: points as a share of the maximum"))
    who = f.unit if f.unit else None
    shares = ui.query(queries.portal766_group_shares, period, ui.trend_start(scored.last_day), who)
    if len(shares) < 2:
        ui.empty_state("Cần ít nhất hai kỳ để thấy xu hướng.", "At least two periods are needed for a trend.")
        return
    shown = [g for g in GROUP_ORDER if g in shares.columns]
    series = {g: shares[g] for g in shown}
    names = {g: ui.tr(*GROUP_LABELS[g]) for g in shown}
    extra = {}
    if "progress" in shown:
        # the dashboard's own estimate from the dossiers, on the same scale (the progress rate is the share)
        series["estimate"] = [ui.query(queries.kpis, periods.parse(n).start, periods.parse(n).end, unit=who)["progress_rate"]
                              for n in shares["period"]]
        names["estimate"] = ui.tr("Tiến độ: ước tính hệ thống", "Progress: dashboard estimate")
        extra = {"colours": {"estimate": labels.METRIC_COLOR["progress"]}, "dashes": {"estimate": "dash"}}
    ticks = [ui.month_labels([q.start])[0] if q.kind == "month" else q.label(ui.lang())
             for q in map(periods.parse, shares["period"])]
    ui.trend_chart(ticks, series, key="p766_trend", file_name=f"chi_so_766_xu_huong_{period}", names=names, **extra)
    st.caption(ui.tr(f"{'Đơn vị: ' + ui.md_escape(f.unit_name) if who else 'Toàn tỉnh'} · mỗi nhóm tính bằng % điểm "
                     "tối đa của nhóm, để các nhóm có điểm tối đa khác nhau so được với nhau.",
                     f"{'Unit: ' + ui.md_escape(f.unit_name) if who else 'Whole province'} · each group as a % of "
                     "its own maximum, so that groups with different maxima compare."))


# ---- the page, in screen order: the province's judgement, the figures behind it, the ranking,
# who pulls each group down, the trend. The sidebar's period governs: the scores that apply are the
# latest published up to its end, and the header names that period.
f = ui.filters()  # the reader's access checked and the sidebar's period read, before any query
available = ui.query(queries.portal766_periods)
period_names = [p for p, _g in available]  # newest first
period = ui.score_period(period_names, f)
scored = periods.parse(period) if period else None
f = ui.page_header("Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766)", "Service index of the national portal (QĐ 766)",
                   period=ui.score_period_text(f"Kỳ chấm điểm: {scored.label('vi').lower()}",
                                               f"Scored period: {scored.label('en')}", f) if scored else None,
                   glossary=("DVC",))
no_scores_yet()
kind = ui.kind_picker(f, "p766_kind")
units = ui.query(queries.portal766_ranked, period, kind)
groups = [g for g in GROUP_ORDER if g in units.columns]
try:  # the days the scored period covers, for the dashboard's own progress estimate
    scored_days = periods.parse(period)
except ValueError:
    scored_days = None
total_rule()
whole_province()
figures_behind()
ranking()
pulling_down()
trend()
