"""Dịch vụ công trực tuyến (Online services): online, full-online and postal rates against targets,
the channel mix month by month, units ranked by online rate, procedures offered online that got no
online dossier, and online rates per field and procedure."""

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import labels
import queries
import ui
from queries import metrics

CARDS = ("online_rate", "full_online_rate", "postal_rate", "full_online_service_share", "online_service_share")
# The counts behind each card, shown as the sentence "234 / 543 = 43,09%".
COUNTS = {metric: (metrics.RATES[metric][0][0], metrics.RATES[metric][1][0]) for metric in CARDS}
LEVELS = {"full": ("Toàn trình", "Full online"), "partial": ("Một phần", "Partial"), "none": ("Không", "None")}
# the channels' bars in light tones, under the online rate's line in its own colour
CHANNEL_COLORS = {"direct": "#D9D9D9", "online": "#9ECAE1", "postal": "#BDBDBD"}
RATES_SHOWN = ("online_rate", "full_online_rate")


def level_text(level) -> str:
    return ui.tr(*LEVELS[level]) if level in LEVELS else "—"


def kpi_cards() -> None:
    """The five rates with the counts behind them ("234 / 543 = 43,09%")."""
    cols = [*st.columns(3), *st.columns(3)[:2]]  # wide enough for the long Vietnamese labels
    for col, metric in zip(cols, CARDS):
        catalogue = metric == "online_service_share"  # today's catalogue: no earlier value to compare with
        with col:
            ui.kpi_card(
                metric, now, {} if catalogue else before, None if catalogue else year_ago,
                metrics.target_for(targets, metric, f.unit, f.unit_kind or f.kind),
                ui.tr(*metrics.DEFINITIONS[metric]) + ("" if catalogue else " " + ui.tr(
                    f"Thay đổi so với {previous.label('vi')}.", f"Change against {previous.label('en')}.")),
            )
            numerator, denominator = COUNTS[metric]
            st.caption(f"{ui.num(now[numerator])} / {ui.num(now[denominator])} = {ui.pct(now[metric])}")


def rates_against_targets() -> None:
    """The answer: the online rates month by month against their targets."""
    st.subheader(ui.tr("Tỷ lệ trực tuyến so với chỉ tiêu", "Online rates against their targets"))
    trend = page_data.trend
    if trend.empty or trend["received"].sum() == 0:
        ui.empty_state("Chưa có dữ liệu theo tháng.", "No monthly data yet.")
    else:
        months = ui.trend_months(period.end)
        by_month = trend.set_index("month").reindex(months)  # months without dossiers: a gap
        ui.trend_chart(ui.month_labels(months), {m: by_month[m] for m in RATES_SHOWN}, key="online_trend",
                       file_name=f"truc_tuyen_theo_thang_{period.end:%Y%m}",
                       targets={m: metrics.target_for(targets, m, f.unit, f.unit_kind or f.kind) for m in RATES_SHOWN})


def lowest_units() -> None:
    """The lowest units of each kind on the online rate."""
    if not f.unit:
        st.subheader(ui.tr("Đơn vị thấp nhất về tỷ lệ trực tuyến", "Lowest units on the online rate"))
        ui.lowest_by_kind(page_data.standing("online_rate"), "online_rate", key="online_lowest")


def units_ranked() -> None:
    """Every unit ranked by online rate within its kind, with its target."""
    ranked = page_data.ranked
    if ranked.empty:
        ui.empty_state("Không có đơn vị nào trong phạm vi đã chọn.", "No units in the chosen scope.")
    else:
        st.caption(ui.tr("Màu ô tỷ lệ: xanh lá đạt, cam gần đạt, "
                         "đỏ cam chưa đạt chỉ tiêu.",
                         "Rate cell colour: green met, "
                         "amber near, vermilion below target."))
        ui.ranking_table(ranked, {
            ui.tr("Tiếp nhận", "Received"): ui.nums(ranked["received"]),
            ui.tr("Trực tuyến", "Online"): ui.nums(ranked["received_online"]),
            ui.short_label("online_rate"): ui.pcts(ranked["online_rate"]),
            ui.tr("Chỉ tiêu", "Target"): ui.pcts(ranked["target"]),
            ui.short_label("full_online_rate"): ui.pcts(ranked["full_online_rate"]),
            ui.short_label("postal_rate"): ui.pcts(ranked["postal_rate"]),
        }, {
            ui.tr("Tiếp nhận", "Received"): ranked["received"],
            ui.tr("Trực tuyến", "Online"): ranked["received_online"],
            ui.tr("Bưu chính", "Postal"): ranked["received_postal"],
            ui.tr("Hồ sơ TTHC toàn trình", "Full-online procedure dossiers"): ranked["received_full_level"],
            ui.tr("Trực tuyến toàn trình", "Full online, received online"): ranked["received_full_online"],
            ui.label("online_rate") + " (%)": ranked["online_rate"],
            ui.tr("Chỉ tiêu (%)", "Target (%)"): ranked["target"],
            ui.label("full_online_rate") + " (%)": ranked["full_online_rate"],
            ui.label("postal_rate") + " (%)": ranked["postal_rate"],
        }, key="online_ranking", file_name=f"xep_hang_truc_tuyen_{period.start:%Y%m%d}_{period.end:%Y%m%d}",
            status_column=ui.short_label("online_rate"), statuses=list(ranked["status"]))


def channels_by_month() -> None:
    """Dossiers received by channel per month, under the online rate's line."""
    st.subheader(ui.tr(f"Hồ sơ tiếp nhận theo kênh, {ui.TREND_MONTHS} tháng",
                       f"Dossiers received by channel, {ui.TREND_MONTHS} months"))
    trend = page_data.trend
    if trend.empty or trend["received"].sum() == 0:
        ui.empty_state("Chưa có dữ liệu theo tháng.", "No monthly data yet.")
    else:
        months = ui.trend_months(period.end)
        trend = trend.set_index("month").reindex(months)  # months without dossiers: no bar, no rate
        counts = trend[["received", "received_online", "received_postal"]].fillna(0).astype("int64")
        mix = pd.DataFrame({
            "direct": counts["received"] - counts["received_online"] - counts["received_postal"],
            "online": counts["received_online"],
            "postal": counts["received_postal"],
        }, index=trend.index)
        x = ui.month_labels(months)
        names = {"direct": ui.tr("Trực tiếp", "In person"), "online": ui.tr("Trực tuyến", "Online"),
                 "postal": ui.tr("Bưu chính", "Postal")}
        fig = go.Figure()
        for channel in ("online", "postal", "direct"):
            fig.add_trace(go.Bar(x=x, y=mix[channel], name=names[channel], marker_color=CHANNEL_COLORS[channel],
                                 hovertemplate="%{x}: %{y:,.0f}<extra>" + names[channel] + "</extra>"))
        fig.add_trace(go.Scatter(
            x=x, y=trend["online_rate"], name=ui.label("online_rate"), yaxis="y2", mode="lines+markers",
            line=dict(width=4, color=labels.METRIC_COLOR["online_rate"]), marker=dict(size=9, symbol="diamond"),
            hovertemplate="%{x}: %{y:.2f}%<extra>" + ui.label("online_rate") + "</extra>"))
        ui.chart_layout(fig, height=460, percent_axis=False)
        fig.update_layout(
            barmode="stack",
            yaxis=dict(title=ui.tr("Hồ sơ tiếp nhận", "Dossiers received"), tickformat=",d", rangemode="tozero"),
            yaxis2=dict(title=ui.label("online_rate"), overlaying="y", side="right", range=[0, 100],
                        tickmode="linear", tick0=0, dtick=20, ticksuffix="%", showgrid=False),
            legend_traceorder="normal",
        )
        st.plotly_chart(fig, width="stretch", config=ui.chart_config(f"kenh_nop_theo_thang_{period.end:%Y%m}"))
        monthly = pd.DataFrame({
            ui.tr("Tháng", "Month"): x,
            ui.tr("Tiếp nhận", "Received"): counts["received"].to_numpy(),
            names["direct"]: mix["direct"].to_numpy(),
            names["online"]: mix["online"].to_numpy(),
            names["postal"]: mix["postal"].to_numpy(),
            ui.label("online_rate") + " (%)": trend["online_rate"].to_numpy(),
            ui.label("postal_rate") + " (%)": trend["postal_rate"].to_numpy(),
            ui.label("full_online_rate") + " (%)": trend["full_online_rate"].to_numpy(),
        })
        ui.downloads(monthly, f"kenh_nop_theo_thang_{first_month:%Y%m}_{period.end:%Y%m}", key="channel_dl")


def online_procedures_without_online_dossiers() -> None:
    """Catalogue procedures offered online that received no online dossier."""
    silent = ui.query(queries.online_procedures_without_online_dossiers, period.start, period.end, **f.scope)
    by_other = silent[silent["received"] > 0]
    st.subheader(ui.tr(f"TTHC có DVC trực tuyến nhưng không phát sinh hồ sơ trực tuyến ({ui.num(len(silent))})",
                       f"Procedures offered online with no online dossier ({ui.num(len(silent))})"))
    st.caption(" ".join([
        ui.tr("Thủ tục trong danh mục có mức độ toàn trình hoặc một phần mà trong kỳ không nhận hồ sơ trực tuyến nào: "
              f"{ui.num(len(by_other))} TTHC vẫn nhận hồ sơ qua kênh khác (trực tiếp, bưu chính), "
              f"{ui.num(len(silent) - len(by_other))} TTHC không phát sinh hồ sơ nào.",
              "Catalogue procedures offered full or partial online that received no online dossier in the period: "
              f"{ui.num(len(by_other))} still received dossiers by other channels (in person, post), "
              f"{ui.num(len(silent) - len(by_other))} received none at all."),
        ui.tr("Danh mục không ghi TTHC nào thuộc đơn vị nào, nên TTHC không có hồ sơ nào có thể do đơn vị khác "
              "giải quyết.",
              "The catalogue does not say which unit handles which procedure, so a procedure with no dossier at all "
              "may belong to another unit.") if f.unit else "",
    ]))
    if silent.empty:
        st.success(ui.tr("Mọi TTHC có DVC trực tuyến đều đã phát sinh hồ sơ trực tuyến trong kỳ.",
                         "Every procedure offered online received online dossiers in the period."))
    else:
        only_other = st.toggle(ui.tr("Chỉ hiện TTHC có hồ sơ qua kênh khác", "Only procedures with dossiers by other "
                                     "channels"), value=bool(f.unit), key=f"silent_only_other_{bool(f.unit)}")
        shown = by_other if only_other else silent
        if shown.empty:
            ui.empty_state("Không TTHC nào trong danh sách nhận hồ sơ qua kênh khác.",
                           "No procedure in the list received dossiers by other channels.")
        else:
            columns = {
                ui.tr("Mã TTHC", "Procedure code"): shown["procedure_code"],
                ui.tr("Tên TTHC", "Procedure"): shown["procedure_name"],
                ui.tr("Lĩnh vực", "Field"): shown["field_name"],
                ui.tr("Mức độ", "Level"): [level_text(v) for v in shown["online_level"]],
            }
            other = ui.tr("Hồ sơ qua kênh khác", "Dossiers by other channels")
            st.dataframe(pd.DataFrame({**columns, other: ui.nums(shown["received"])}), hide_index=True,
                         width="stretch", key="silent_procedures", height=ui.table_height(len(shown), 600))
            ui.downloads(pd.DataFrame({**columns, other: shown["received"]}),
                         f"tthc_khong_co_ho_so_truc_tuyen_{period.start:%Y%m%d}_{period.end:%Y%m%d}", key="silent_dl")


def by_field_and_procedure() -> None:
    """Online rates per field and per procedure."""
    by_field, by_procedure = st.tabs([ui.tr("Theo lĩnh vực", "By field"), ui.tr("Theo thủ tục", "By procedure")])
    with by_field:
        fields = ui.query(queries.field_counts, period.start, period.end, **f.scope)
        fields = fields[fields["received"] > 0]
        field_table = pd.DataFrame({
            ui.tr("Lĩnh vực", "Field"): fields["field_name"],
            ui.tr("Tiếp nhận", "Received"): ui.nums(fields["received"]),
            ui.tr("Trực tuyến", "Online"): ui.nums(fields["received_online"]),
            ui.short_label("online_rate"): ui.pcts(fields["online_rate"]),
            ui.short_label("full_online_rate"): ui.pcts(fields["full_online_rate"]),
            ui.short_label("postal_rate"): ui.pcts(fields["postal_rate"]),
        })
        st.dataframe(field_table, hide_index=True, width="stretch", key="online_fields",
                     height=ui.table_height(len(field_table), 600))
        ui.downloads(pd.DataFrame({
            ui.tr("Lĩnh vực", "Field"): fields["field_name"],
            ui.tr("Tiếp nhận", "Received"): fields["received"],
            ui.tr("Trực tuyến", "Online"): fields["received_online"],
            ui.tr("Bưu chính", "Postal"): fields["received_postal"],
            ui.label("online_rate") + " (%)": fields["online_rate"],
            ui.label("full_online_rate") + " (%)": fields["full_online_rate"],
            ui.label("postal_rate") + " (%)": fields["postal_rate"],
        }), f"truc_tuyen_theo_linh_vuc_{period.start:%Y%m%d}_{period.end:%Y%m%d}", key="fields_dl")
    with by_procedure:
        procs = ui.query(queries.procedure_counts, period.start, period.end, **f.scope)
        procs = procs[procs["received"] > 0]
        proc_table = pd.DataFrame({
            ui.tr("Mã TTHC", "Procedure code"): procs["procedure_code"].fillna("—"),
            ui.tr("Tên TTHC", "Procedure"): procs["procedure_name"],
            ui.tr("Lĩnh vực", "Field"): procs["field_name"],
            ui.tr("Mức độ", "Level"): [level_text(v) for v in procs["catalogue_level"]],
            ui.tr("Tiếp nhận", "Received"): ui.nums(procs["received"]),
            ui.tr("Trực tuyến", "Online"): ui.nums(procs["received_online"]),
            ui.short_label("online_rate"): ui.pcts(procs["online_rate"]),
            ui.short_label("full_online_rate"): ui.pcts(procs["full_online_rate"]),
        })
        st.dataframe(proc_table, hide_index=True, width="stretch", key="online_procedures",
                     height=ui.table_height(len(proc_table), 600))
        ui.downloads(pd.DataFrame({
            ui.tr("Mã TTHC", "Procedure code"): procs["procedure_code"],
            ui.tr("Tên TTHC", "Procedure"): procs["procedure_name"],
            ui.tr("Lĩnh vực", "Field"): procs["field_name"],
            ui.tr("Mức độ", "Level"): [level_text(v) for v in procs["catalogue_level"]],
            ui.tr("Tiếp nhận", "Received"): procs["received"],
            ui.tr("Trực tuyến", "Online"): procs["received_online"],
            ui.tr("Hồ sơ mức toàn trình", "Full-online level dossiers"): procs["received_full_level"],
            ui.tr("Trực tuyến toàn trình", "Full online, received online"): procs["received_full_online"],
            ui.label("online_rate") + " (%)": procs["online_rate"],
            ui.label("full_online_rate") + " (%)": procs["full_online_rate"],
        }), f"truc_tuyen_theo_thu_tuc_{period.start:%Y%m%d}_{period.end:%Y%m%d}", key="procedures_dl")


# ---- the page, in screen order: cards, the rates against targets, lowest units, details in tabs ----
f = ui.page_header("Dịch vụ công trực tuyến", "Online public services", glossary=("TTHC", "DVC"))
period, previous = f.period, f.previous
first_month = ui.trend_start(period.end)
page_data = ui.figures(f, "online_rate", first_month, shares=True)  # one engine query for the whole page
now, before, year_ago = page_data.now, page_data.before, page_data.year_ago
targets = ui.targets(period.end.year)
if now["received"] == 0:
    ui.empty_state("Không có hồ sơ nào được tiếp nhận trong kỳ và phạm vi đã chọn.",
                   "No dossiers were received in the chosen period and scope.")
    st.stop()

kpi_cards()
rates_against_targets()
lowest_units()
# As on the on-time page, the tabs that read their own counts run only when open (choosing a tab
# reruns the page): the procedures without online dossiers and the fields and procedures (~80 ms at
# 10 M dossiers); the units and the channel mix come from the page's figures and are always there.
units_tab, mix_tab, silent_tab, fields_tab = ui.detail_tabs([
    ("Xếp hạng đơn vị", "Units ranked"), ("Kênh nộp theo tháng", "Channels by month"),
    ("TTHC trực tuyến chưa có hồ sơ", "Online procedures without online dossiers"),
    ("Theo lĩnh vực và thủ tục", "By field and procedure"),
], key="online_tab")
with units_tab:
    units_ranked()
with mix_tab:
    channels_by_month()
with silent_tab:
    if silent_tab.open:
        online_procedures_without_online_dossiers()
with fields_tab:
    if fields_tab.open:
        by_field_and_procedure()
