"""Tổng quan (Overview): headline KPI cards with their change, the monthly trend, the ranking."""
import datetime as dt

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import formatting as fmt
import ui
from queries.metrics import LABELS_EN, LABELS_VI

HEADLINE = ("on_time_rate", "progress_rate", "online_rate", "full_online_rate", "digitized_rate",
            "online_payment_rate")
DEFINITIONS = {
    "on_time_rate": ("Hồ sơ giải quyết đúng hạn / hồ sơ đã giải quyết (có hạn).",
                     "Resolved on time / resolved (with a due date)."),
    "progress_rate": ("(Đúng hạn + đang xử lý trong hạn) / (đã giải quyết + đang xử lý), cách tính QĐ 766.",
                      "(On time + pending within deadline) / (resolved + pending), as in QĐ 766."),
    "online_rate": ("Hồ sơ tiếp nhận trực tuyến / hồ sơ tiếp nhận.", "Received online / received."),
    "full_online_rate": ("Hồ sơ trực tuyến của TTHC toàn trình / hồ sơ của TTHC toàn trình.",
                         "Online dossiers of full-online procedures / dossiers of full-online procedures."),
    "digitized_rate": ("Hồ sơ tiếp nhận có thành phần số hóa / hồ sơ tiếp nhận.",
                       "Received with digitized components / received."),
    "online_payment_rate": ("Hồ sơ có phí đã thanh toán trực tuyến / hồ sơ có phí.",
                            "Fee-paying dossiers paid online / fee-paying dossiers."),
}
RANK_COLUMNS = ("received", "resolved", "on_time_rate", "progress_rate", "online_rate", "digitized_rate",
                "online_payment_rate")
COLORS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7")  # Okabe–Ito: safe for colour-blind viewers

lang = ui.lang()
label = (LABELS_VI if lang == "vi" else LABELS_EN).get
f: ui.Filters = st.session_state["filters"]
version = ui.data_version()
period, previous = f.period, f.period.previous()

st.title(ui.tr("Tổng quan cải cách hành chính", "Administrative reform overview"))
st.caption(f"{period.label(lang)} · {f.scope_label()}")
ui.demo_banner()

now = ui.load_kpis(version, period.start, period.end, f.kind, f.unit)
before = ui.load_kpis(version, previous.start, previous.end, f.kind, f.unit)

if now["received"] == 0 and now["resolved"] == 0 and now["pending_within"] + now["pending_overdue"] == 0:
    st.warning(ui.tr("Không có hồ sơ nào trong kỳ và phạm vi đã chọn.",
                     "No dossiers in the chosen period and scope."))
    st.stop()

st.subheader(
    ui.tr(f"Tiếp nhận {fmt.number(now['received'])} hồ sơ, giải quyết {fmt.number(now['resolved'])} hồ sơ",
          f"{fmt.number(now['received'], lang='en')} dossiers received, {fmt.number(now['resolved'], lang='en')} resolved")
)
cols = st.columns(3)
for i, metric in enumerate(HEADLINE):
    value, prior = now[metric], before[metric]
    delta = None if value is None or prior is None else round(value - prior, 2)
    with cols[i % 3]:
        st.metric(
            label(metric),
            fmt.percent(value, lang),
            delta=fmt.points_delta(delta, lang),
            help=ui.tr(*DEFINITIONS[metric]) + " " + ui.tr(f"So với {previous.label('vi')}.",
                                                        f"Against {previous.label('en')}."),
            border=True,
        )

st.subheader(ui.tr("Xu hướng theo tháng", "Monthly trend"))
trend_start = (period.end.replace(day=1) - dt.timedelta(days=365)).replace(day=1)
trend = ui.load_trend(version, trend_start, period.end, f.kind, f.unit)
if trend.empty:
    st.info(ui.tr("Chưa có dữ liệu theo tháng.", "No monthly data yet."))
else:
    fig = go.Figure()
    for color, metric in zip(COLORS, ("on_time_rate", "online_rate", "digitized_rate", "online_payment_rate")):
        fig.add_trace(go.Scatter(
            x=[fmt.month_label(m, lang) for m in trend["month"]], y=trend[metric], name=label(metric),
            mode="lines+markers", line=dict(width=3, color=color), marker=dict(size=8),
            hovertemplate="%{x}: %{y:.2f}%<extra>" + label(metric) + "</extra>",
        ))
    fig.update_layout(
        font=dict(size=16), height=420, margin=dict(l=10, r=10, t=10, b=10),
        yaxis=dict(title="%", rangemode="tozero", ticksuffix="%"), legend=dict(orientation="h", y=-0.15),
        separators=",." if lang == "vi" else ".,",
    )
    st.plotly_chart(fig, width="stretch", config={"displaylogo": False})

st.subheader(ui.tr("Xếp hạng đơn vị theo tỷ lệ đúng hạn", "Units ranked by on-time rate"))
ranked = ui.load_ranking(version, "on_time_rate", period.start, period.end, f.kind)
if f.unit:
    ranked = ranked[ranked["unit_code"] == f.unit]
if ranked.empty:
    st.info(ui.tr("Không có đơn vị nào trong phạm vi đã chọn.", "No units in the chosen scope."))
else:
    table = pd.DataFrame({
        ui.tr("Hạng", "Rank"): ranked["rank"],
        ui.tr("Đơn vị", "Unit"): ranked["unit_name"].fillna(ranked["unit_code"]),
    })
    for c in RANK_COLUMNS:
        values = ranked[c]
        if c.endswith("_rate"):
            table[label(c)] = [fmt.percent(None if pd.isna(v) else v, lang) for v in values]
        else:
            table[ui.tr({"received": "Tiếp nhận", "resolved": "Đã giải quyết"}[c],
                        {"received": "Received", "resolved": "Resolved"}[c])] = [fmt.number(v, lang=lang) for v in values]
    st.dataframe(table, hide_index=True, width="stretch", height=min(38 * (len(table) + 1), 640))
