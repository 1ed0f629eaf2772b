"""Chỉ số 766: the National Public Service Portal's monthly scores (QĐ 766) as published: the six
groups and the total per unit, rank and rank change, the trend over imported periods, who pulls
each group down, and beside the portal's progress score the dashboard's own estimate from the
province's dossier data for the same period (the metric engine's progress rate)."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import labels
import queries
import ui
from data_loaders.scores import QUALITY_OK
from queries import metrics, periods
from queries.scores import GROUP_LABELS, GROUP_MAX, GROUP_ORDER

PULLING_DOWN = 5  # units listed per group

f = ui.page_header("Chỉ số phục vụ người dân, doanh nghiệp (QĐ 766)", "Service index of the national portal (QĐ 766)")
ui.glossary("DVC")
ui.back_to_all_units()

available = ui.query(queries.portal766_periods)
if not available:
    ui.empty_state("Chưa có điểm Chỉ số 766: cần tệp JSON của Cổng DVC quốc gia.",
                   "No QĐ 766 scores yet: they come from the national portal's JSON.",
                   "python cli.py import FILE.json --period YYYY-MM")
    st.stop()
period_names = [p for p, _g in available]  # newest first
c1, c2 = st.columns([1, 3])
wanted = f"{f.period.end:%Y-%m}"
if st.session_state.get("p766_period") not in period_names:
    st.session_state["p766_period"] = wanted if wanted in period_names else period_names[0]
period = c1.selectbox(ui.tr("Kỳ đánh giá", "Period"), period_names, key="p766_period", placeholder=ui.placeholder())
kinds = ["department", "commune"]
kind = c2.radio(ui.tr("Loại đơn vị", "Unit kind"), kinds, index=kinds.index(f.kind) if f.kind in kinds else 0,
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
        d = round(float(prow[g]) - float(before[g]), 2)
        return ("+" if d > 0 else "−" if d < 0 else "±") + ui.num(abs(d), 2) + ui.tr(" điểm", " points")

    # the judgement: which group costs the most points (groups have different maxima: 22 vs 10)
    lost = sorted(((GROUP_MAX[g] - float(prow[g]), g) for g in groups if pd.notna(prow[g])), reverse=True)
    if lost:
        worst_lost, worst = lost[0]
        st.markdown(ui.tr(
            f"Nhóm mất nhiều điểm nhất: **{ui.tr(*GROUP_LABELS[worst])}** — mất {ui.num(worst_lost, 2)} điểm, "
            f"đạt {ui.pct(100 * float(prow[worst]) / GROUP_MAX[worst])} điểm tối đa.",
            f"The group losing most points: **{ui.tr(*GROUP_LABELS[worst])}** — {ui.num(worst_lost, 2)} points lost, "
            f"{ui.pct(100 * float(prow[worst]) / GROUP_MAX[worst])} of its maximum."))
    cols = st.columns(len(groups) + (1 if "progress" in groups else 0))
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
                        else round(province_estimate - prow["progress"], 2), delta_color="off",
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
    ui.tr("Hạng", "Rank"): units["rank"],
    ui.tr("Thay đổi hạng", "Rank change"): [ui.rank_change_text(c) for c in units["rank_change"]],
    ui.tr("Đơn vị", "Unit"): units["unit_name"],
    ui.tr("Tổng điểm", "Total"): [ui.num(v, 2) for v in units["total"]],
    ui.tr("% điểm tối đa", "% of maximum"): [ui.pct(v) for v in units["score_share"]],
    **{ui.tr(*GROUP_LABELS[g]): [ui.num(v, 2) for v in units[g]] for g in groups},
    **({ui.tr("Tiến độ (ước tính hệ thống)", "Progress (dashboard estimate)"):
        [ui.num(estimate.get(c), 2) for c in units["unit_code"]]} if "progress" in groups else {}),
})
st.caption(ui.tr("Bấm vào một dòng để xem riêng đơn vị đó.", "Click a row to open that unit."))
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

# ---- the trend over imported periods -------------------------------------------------------------
st.subheader(ui.tr("Xu hướng qua các kỳ đã nhập", "Trend across imported periods"))
who = f.unit if f.unit else None
rows = []
for name in sorted(period_names):
    frame = ui.query(queries.portal766_scores, name)
    pick = frame[frame["unit_code"] == who] if who else frame[frame["kind"] == "province"]
    if pick.empty:
        continue
    r = pick.iloc[0]
    rows.append({"period": name, "total": r["total"], **{g: r.get(g) for g in GROUP_ORDER if g in frame.columns}})
trend = pd.DataFrame(rows)
if len(trend) < 2:
    ui.empty_state("Cần ít nhất hai kỳ để thấy xu hướng.", "At least two periods are needed for a trend.")
else:
    fig = go.Figure()
    # the periods in the page's words ("Tháng 05/2026"), never plotly's English month names
    period_axis = [periods.parse(name).label(ui.lang()) for name in trend["period"]]
    for g in [c for c in GROUP_ORDER if c in trend.columns]:
        fig.add_trace(go.Scatter(x=period_axis, y=trend[g], name=ui.tr(*GROUP_LABELS[g]), mode="lines+markers",
                                 line=dict(width=3, color=labels.METRIC_COLOR[g]), marker=dict(size=8)))
    if "progress" in trend.columns and p is not None:
        est = []
        for name in trend["period"]:
            q = periods.parse(name)
            est.append(ui.query(queries.kpis, q.start, q.end, unit=who)["progress_points"])
        fig.add_trace(go.Scatter(x=period_axis, y=est, name=ui.tr("Tiến độ: ước tính hệ thống",
                                                                      "Progress: dashboard estimate"),
                                 mode="lines+markers", line=dict(width=3, dash="dash", color=labels.METRIC_COLOR["progress"]),
                                 marker=dict(size=8)))
    st.plotly_chart(ui.chart_layout(fig, height=440, percent_axis=False), width="stretch", key="p766_trend")
    st.caption(ui.tr(f"{'Đơn vị: ' + ui.md_escape(f.unit_name) if who else 'Toàn tỉnh'} · điểm từng nhóm theo kỳ.",
                     f"{'Unit: ' + ui.md_escape(f.unit_name) if who else 'Whole province'} · points per group by period."))
