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

# The sidebar's period governs: the scores that apply are the latest published up to its end, and
# the header names that period.
f = ui.filters()  # the reader's access checked and the sidebar's period read, before any query
available = ui.query(queries.portal766_periods)
period_names = [p for p, _g in available]  # newest first
period = ui.score_period(period_names, f)
scored = periods.parse(period) if period else None
f = ui.page_header("Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766)", "Service index of the national portal (QĐ 766)",
                   period=ui.score_period_text(f"Kỳ chấm điểm: {scored.label('vi').lower()}",
                                               f"Scored period: {scored.label('en')}", f) if scored else None, glossary=("DVC",))
if not available:
    ui.empty_state("Chưa có điểm Chỉ số 766: cần tệp JSON của Cổng DVC quốc gia.",
                   "No QĐ 766 scores yet: they come from the national portal's JSON.",
                   "python cli.py import FILE.json --period YYYY-MM")
    st.stop()
if period is None:
    earliest = periods.parse(min(period_names)).label("vi")
    ui.empty_state(f"Chưa có điểm Chỉ số 766 của kỳ nào đến hết {f.period.label('vi').lower()}; kỳ sớm nhất có "
                   f"điểm là {earliest.lower()}: chọn kỳ đó ở thanh bên.",
                   f"No QĐ 766 scores for any period up to the end of {f.period.label('en')}; the earliest scored "
                   f"period is {periods.parse(min(period_names)).label('en')}: choose it in the sidebar.")
    st.stop()
kinds = ["department", "commune"]
kind = st.radio(ui.tr("Loại đơn vị", "Unit kind"), kinds, index=kinds.index(f.kind) if f.kind in kinds else 0,
                format_func=lambda k: ui.tr(*labels.UNIT_KIND_LABELS[k]), horizontal=True, key="p766_kind")

allscores = ui.query(queries.portal766_scores, period)
groups = [g for g in GROUP_ORDER if g in allscores.columns]
province = allscores[allscores["kind"] == "province"]
units = allscores[allscores["kind"] == kind].sort_values(["rank", "unit_code"], na_position="last")
units = units.reset_index(drop=True)
st.caption(ui.tr("Tổng điểm = tổng các nhóm đã nhập cho kỳ: ", "Total = the sum of the groups imported for the "
                 "period: ") + ", ".join(ui.tr(*GROUP_LABELS[g]) + f" ({GROUP_MAX[g]})" for g in groups)
           + ui.tr(". Xếp hạng theo tỷ lệ tổng điểm trên điểm tối đa của các nhóm đơn vị có điểm.",
                   ". Ranked by the total as a share of the maximum of the groups the unit was scored in."))

# Rank change against the previous imported period.
older = [p for p in period_names if p < period]
prev = ui.query(queries.portal766_scores, older[0]) if older else None
if older:
    prev_rank = dict(zip(prev["unit_code"], prev["rank"]))
    units["previous_rank"] = [prev_rank.get(c) for c in units["unit_code"]]
    units["rank_change"] = [None if pd.isna(p) or pd.isna(r) else int(p) - int(r)
                            for p, r in zip(units["previous_rank"], units["rank"])]
else:
    units["previous_rank"] = None
    units["rank_change"] = None

# The dashboard's own progress estimate for the same period, from the dossiers (QĐ 766 method).
try:
    p = periods.parse(period)
except ValueError:
    p = None
estimate = {}
province_estimate = None
if p is not None:
    counts = ui.query(queries.unit_counts, p.start, p.end, kind=kind)
    rated = counts
    estimate = dict(zip(rated["unit_code"], rated["progress_points"]))
    province_estimate = ui.query(queries.kpis, p.start, p.end)["progress_points"]

# ---- the province --------------------------------------------------------------------------------
if not province.empty:
    prow = province.iloc[0]
    st.subheader(ui.tr(f"Toàn tỉnh: {ui.num(prow['total'], 2)} / {ui.num(prow['max_total'], 0)} điểm",
                       f"Whole province: {ui.num(prow['total'], 2)} of {ui.num(prow['max_total'], 0)} points"))
    before = prev[prev["kind"] == "province"].iloc[0] if prev is not None and (prev["kind"] == "province").any() else None

    def points_change(g):
        """'+0,62 điểm' against the previous imported period, in the page's number format."""
        if before is None or pd.isna(prow[g]) or pd.isna(before[g]):
            return None
        return ui.change_points(float(prow[g]) - float(before[g]))

    # the judgement: which group costs the most points (groups have different maxima: 22 vs 10)
    lost = sorted(((GROUP_MAX[g] - float(prow[g]), g) for g in groups if pd.notna(prow[g])), reverse=True)
    if lost:
        worst_lost, worst = lost[0]
        st.markdown(ui.tr(
            f"Nhóm mất nhiều điểm nhất: **{ui.tr(*GROUP_LABELS[worst])}** — mất {ui.num(worst_lost, 2)} điểm, "
            f"đạt {ui.pct(100 * float(prow[worst]) / GROUP_MAX[worst])} điểm tối đa.",
            f"The group losing most points: **{ui.tr(*GROUP_LABELS[worst])}** — {ui.num(worst_lost, 2)} points lost, "
            f"{ui.pct(100 * float(prow[worst]) / GROUP_MAX[worst])} of its maximum."))
    # four cards a row: seven in one row cut their names short
    cards = len(groups) + (1 if "progress" in groups else 0)
    cols = [c for row in range(0, cards, 4) for c in st.columns(4)][:cards]
    for i, g in enumerate(groups):
        share = None if pd.isna(prow[g]) else 100 * float(prow[g]) / GROUP_MAX[g]
        cols[i].metric(ui.tr(*GROUP_LABELS[g]), f"{ui.num(prow[g], 2)} / {GROUP_MAX[g]}", delta=points_change(g),
                       help=ui.tr(f"Đạt {ui.pct(share)} điểm tối đa; so với kỳ trước.",
                                  f"{ui.pct(share)} of the maximum; change against the previous period."))
    st.dataframe(pd.DataFrame({
        ui.tr("Nhóm (mất nhiều điểm nhất trước)", "Group (most points lost first)"):
            [ui.tr(*GROUP_LABELS[g]) for _, g in lost],
        ui.tr("Điểm", "Points"): [f"{ui.num(prow[g], 2)} / {GROUP_MAX[g]}" for _, g in lost],
        ui.tr("% điểm tối đa", "% of maximum"): [ui.pct(100 * float(prow[g]) / GROUP_MAX[g]) for _, g in lost],
        ui.tr("Điểm bị mất", "Points lost"): [ui.num(n, 2) for n, _ in lost],
        ui.tr("So kỳ trước", "Change"): [points_change(g) or "—" for _, g in lost],
    }), hide_index=True, width="stretch", key="p766_groups_lost")
    if "progress" in groups:
        cols[-1].metric(ui.tr("Tiến độ: ước tính của hệ thống", "Progress: dashboard estimate"),
                        f"{ui.num(province_estimate, 2)} / 20",
                        delta=None if province_estimate is None or pd.isna(prow["progress"])
                        else ui.change_points(province_estimate - float(prow["progress"])), delta_color="off",
                        help=ui.tr("Điểm tiến độ tính từ dữ liệu hồ sơ của tỉnh cho cùng kỳ "
                                   "(đúng hạn + đang xử lý trong hạn) / (đã giải quyết + đang xử lý) × 20; "
                                   "chênh lệch so với điểm Cổng công bố.",
                                   "Progress points computed from the province's own dossier data for the same "
                                   "period; the delta is against the portal's published score."))

# ---- the figures behind the groups, with the portal's data-quality flags --------------------------
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
            ui.tr("Tử số", "Numerator"): [ui.num(v) for v in behind["numerator"]],
            ui.tr("Mẫu số", "Denominator"): [ui.num(v) for v in behind["denominator"]],
            ui.tr("Tỷ lệ", "Ratio"): [ui.pct(v) for v in behind["ratio"]],
            ui.tr("Điểm", "Points"): [f"{ui.num(v, 2)} / {ui.num(m, 2)}" for v, m in zip(behind["score"], behind["max_score"])],
            ui.tr("Chất lượng dữ liệu", "Data quality"): [
                f"⚠ {(msg if isinstance(msg, str) and msg else status)}" if bad else ui.tr("Đạt", "OK")
                for bad, status, msg in zip(flagged, behind["quality_status"], behind["quality_message"])],
        }), hide_index=True, width="stretch", key="p766_metrics")

# ---- the ranking ----------------------------------------------------------------------------------
st.subheader(ui.tr("Xếp hạng theo tổng điểm", "Ranking by total"))
if units.empty:
    ui.empty_state("Không có đơn vị nào thuộc loại này trong kỳ.", "No units of this kind in the period.")
    st.stop()
table = pd.DataFrame({
    # rank, name and total first: a phone shows the first three columns
    ui.tr("Hạng", "Rank"): units["rank"],
    ui.tr("Đơn vị", "Unit"): units["unit_name"],
    ui.tr("Tổng điểm", "Total"): [ui.num(v, 2) for v in units["total"]],
    ui.tr("% điểm tối đa", "% of maximum"): [ui.pct(v) for v in units["score_share"]],
    ui.tr("Thay đổi hạng", "Rank change"): [ui.rank_change_text(c) for c in units["rank_change"]],
    **{ui.tr(*GROUP_LABELS[g]): [ui.num(v, 2) for v in units[g]] for g in groups},
    **({ui.tr("Tiến độ (ước tính hệ thống)", "Progress (dashboard estimate)"):
        [ui.num(estimate.get(c), 2) for c in units["unit_code"]]} if "progress" in groups else {}),
})
ui.selectable_table(table, units["unit_code"], key="p766_ranking")
ui.downloads(units.drop(columns=[c for c in units.columns if c.startswith("rank_") and c != "rank_change"]),
             f"chi_so_766_{period}_{kind}", key="p766_dl")

# ---- who pulls each group down --------------------------------------------------------------------
st.subheader(ui.tr("Đơn vị kéo điểm từng nhóm xuống nhiều nhất", "Who pulls each group down most"))
cols = st.columns(min(3, len(groups)) or 1)
for i, g in enumerate(groups):
    lost = units.dropna(subset=[g]).assign(lost=lambda d: GROUP_MAX[g] - d[g]).sort_values("lost", ascending=False)
    with cols[i % len(cols)]:
        st.markdown(f"**{ui.md_escape(ui.tr(*GROUP_LABELS[g]))}** (/{GROUP_MAX[g]})")
        st.dataframe(pd.DataFrame({
            ui.tr("Đơn vị", "Unit"): lost["unit_name"].head(PULLING_DOWN),
            ui.tr("Điểm", "Points"): [ui.num(v, 2) for v in lost[g].head(PULLING_DOWN)],
            ui.tr("Điểm bị mất", "Points lost"): [ui.num(v, 2) for v in lost["lost"].head(PULLING_DOWN)],
        }), hide_index=True, width="stretch", key=f"p766_down_{g}")

# ---- the trend: each group as a share of its maximum, over the trend window up to the scored period --
st.subheader(ui.tr("Xu hướng: tỷ lệ điểm đạt được trên điểm tối đa", "Trend: points as a share of the maximum"))
who = f.unit if f.unit else None
window_start = ui.trend_start(scored.last_day)
rows = []
for name in sorted(n for n in period_names if n <= period and periods.parse(n).start >= window_start):
    frame = ui.query(queries.portal766_scores, name)
    pick = frame[frame["unit_code"] == who] if who else frame[frame["kind"] == "province"]
    if pick.empty:
        continue
    r = pick.iloc[0]
    rows.append({"period": name, **{g: None if pd.isna(r.get(g)) else 100 * r.get(g) / GROUP_MAX[g]
                                    for g in GROUP_ORDER if g in frame.columns}})
trend = pd.DataFrame(rows)
if len(trend) < 2:
    ui.empty_state("Cần ít nhất hai kỳ để thấy xu hướng.", "At least two periods are needed for a trend.")
else:
    shown = [g for g in GROUP_ORDER if g in trend.columns]
    series = {g: trend[g] for g in shown}
    names = {g: ui.tr(*GROUP_LABELS[g]) for g in shown}
    extra = {}
    if "progress" in shown:
        # the dashboard's own estimate from the dossiers, on the same scale (the progress rate is the share)
        series["estimate"] = [ui.query(queries.kpis, periods.parse(n).start, periods.parse(n).end, unit=who)["progress_rate"]
                              for n in trend["period"]]
        names["estimate"] = ui.tr("Tiến độ: ước tính hệ thống", "Progress: dashboard estimate")
        extra = {"colours": {"estimate": labels.METRIC_COLOR["progress"]}, "dashes": {"estimate": "dash"}}
    ticks = [ui.month_labels([q.start])[0] if q.kind == "month" else q.label(ui.lang())
             for q in map(periods.parse, trend["period"])]
    ui.trend_chart(ticks, series, key="p766_trend",
                   file_name=f"chi_so_766_xu_huong_{period}", names=names, **extra)
    st.caption(ui.tr(f"{'Đơn vị: ' + ui.md_escape(f.unit_name) if who else 'Toàn tỉnh'} · mỗi nhóm tính bằng % điểm "
                     "tối đa của nhóm, để các nhóm có điểm tối đa khác nhau so được với nhau.",
                     f"{'Unit: ' + ui.md_escape(f.unit_name) if who else 'Whole province'} · each group as a % of "
                     "its own maximum, so that groups with different maxima compare."))
