"""Số hóa và thanh toán (Digitization and payment): digitized dossiers and results, reuse of digitized
data and online payment against targets, their monthly trend, units ranked by digitized rate, and the
units furthest from their targets."""

import pandas as pd
import streamlit as st

import queries
import ui
from queries import metrics

CARDS = ("digitized_rate", "result_digitized_rate", "digitized_full_rate", "reuse_rate", "online_payment_rate")
# Each card's numerator and denominator count, shown as the sentence "234 / 543 = 43,09%".
COUNTS = {metric: (metrics.RATES[metric][0][0], metrics.RATES[metric][1][0]) for metric in CARDS}
# The dossiers each rate is about, known value or not: the difference lacks the value.
ALL_OF = {"digitized_rate": "received", "result_digitized_rate": "resolved", "digitized_full_rate": "resolved",
          "reuse_rate": "received", "online_payment_rate": "received_fee"}
LINE_STYLES = ("solid", "dash", "dot", "dashdot", "longdash")  # told apart without colour too
MARKERS = ("circle", "square", "diamond", "triangle-up", "x")
GAP_METRICS = ("digitized_rate", "online_payment_rate")

def gap_text(gap) -> str:
    """Points short of the target: a number in every row, 0,00 for a target reached or passed (never
    a negative gap, never a word among numbers); "—" without a target or a rate."""
    if pd.isna(gap):
        return "—"
    return ui.num(max(gap, 0), 2)


def kpi_cards() -> None:
    """The five rates with the counts behind them, and the dossiers an export said nothing about."""
    cols = [*st.columns(3), *st.columns(3)[:2]]  # wide enough for the long Vietnamese labels
    for col, metric in zip(cols, CARDS):
        with col:
            ui.kpi_card(
                metric, now, before, year_ago,
                metrics.target_for(targets, metric, f.unit, f.unit_kind or f.kind),
                ui.tr(*metrics.DEFINITIONS[metric]) + " " + ui.tr(f"Thay đổi so với {previous.label('vi')}.",
                                                                   f"Change against {previous.label('en')}."),
            )
            numerator, denominator = COUNTS[metric]
            st.caption(f"{ui.num(now[numerator])} / {ui.num(now[denominator])} = {ui.pct(now[metric])}")
            lacking = now[ALL_OF[metric]] - now[denominator]
            if lacking > 0:  # exports without this column: unknown, left out of the rate (never counted as "no")
                st.caption(ui.tr(f"{ui.num(lacking)} hồ sơ không có thông tin này (tệp xuất không có cột), không tính.",
                                 f"{ui.num(lacking)} dossiers without this information (not in the export), left out."))


def monthly_trend() -> None:
    """The five rates month by month, the two with targets against them."""
    st.subheader(ui.tr(f"Xu hướng {ui.TREND_MONTHS} tháng", f"{ui.TREND_MONTHS}-month trend"))
    trend = page_data.trend
    if trend.empty or (trend["received"].sum() == 0 and trend["resolved"].sum() == 0):
        ui.empty_state("Chưa có dữ liệu theo tháng.", "No monthly data yet.")
    else:
        months = ui.trend_months(period.end)
        trend = trend.set_index("month").reindex(months)  # a month without dossiers has no rate: a gap
        x = ui.month_labels(months)
        ui.trend_chart(x, {m: trend[m] for m in CARDS}, key="digitization_trend",
                       file_name=f"so_hoa_theo_thang_{period.end:%Y%m}", dashes=dict(zip(CARDS, LINE_STYLES)),
                       targets={m: metrics.target_for(targets, m, f.unit, f.unit_kind or f.kind) for m in GAP_METRICS},
                       height=480)
        monthly = pd.DataFrame({ui.tr("Tháng", "Month"): x,
                                ui.tr("Tiếp nhận", "Received"): trend["received"].fillna(0).astype("int64").to_numpy(),
                                ui.tr("Đã giải quyết", "Resolved"): trend["resolved"].fillna(0).astype("int64").to_numpy(),
                                **{ui.label(m) + " (%)": trend[m].to_numpy() for m in CARDS}})
        ui.downloads(monthly, f"so_hoa_theo_thang_{first_month:%Y%m}_{period.end:%Y%m}", key="digitization_trend_dl")


def units_ranked() -> None:
    """Every unit ranked by digitized rate within its kind, with its targets."""
    st.subheader(ui.tr("Xếp hạng đơn vị theo tỷ lệ số hóa hồ sơ", "Units ranked by digitized dossier rate"))
    if ranked.empty:
        ui.empty_state("Không có đơn vị nào trong phạm vi đã chọn.", "No units in the chosen scope.")
    else:
        st.caption(ui.tr(
                         "Màu ô tỷ lệ số hóa HS: xanh lá đạt, cam gần đạt, đỏ cam chưa đạt chỉ tiêu.",
                         "Digitized-rate cell colour: green met, "
                         "amber near, vermilion below target."))
        ui.ranking_table(ranked, {
            ui.tr("Tiếp nhận", "Received"): ui.nums(ranked["received"]),
            ui.tr("Giải quyết", "Resolved"): ui.nums(ranked["resolved"]),
            **{ui.short_label(m): ui.pcts(ranked[m]) for m in CARDS},
        }, {
            ui.tr("Tiếp nhận", "Received"): ranked["received"],
            ui.tr("Đã giải quyết", "Resolved"): ranked["resolved"],
            ui.tr("Số hóa hồ sơ", "Digitized"): ranked["received_digitized"],
            ui.tr("Số hóa kết quả", "Result digitized"): ranked["resolved_result_digitized"],
            ui.tr("Số hóa hồ sơ và kết quả", "Both digitized"): ranked["resolved_digitized_full"],
            ui.tr("Tái sử dụng", "Reused"): ranked["received_reused"],
            ui.tr("Có phí", "Fee-paying"): ranked["received_fee"],
            ui.tr("Thanh toán trực tuyến", "Paid online"): ranked["received_fee_paid_online"],
            **{ui.label(m) + " (%)": ranked[m] for m in CARDS},
            ui.tr("Chỉ tiêu số hóa (%)", "Digitized target (%)"): ranked["digitized_rate_target"],
            ui.tr("Chỉ tiêu thanh toán (%)", "Payment target (%)"): ranked["online_payment_rate_target"],
        }, key="digitization_ranking", file_name=f"xep_hang_so_hoa_{period.start:%Y%m%d}_{period.end:%Y%m%d}",
            status_column=ui.short_label("digitized_rate"), statuses=list(ranked["status"]))


def furthest_from_target() -> None:
    """The units furthest short of a target: points short per measure, as bars and a table."""
    st.subheader(ui.tr("Đơn vị xa chỉ tiêu nhất", "Units furthest from target"))
    st.caption(ui.tr(
        f"Còn thiếu = chỉ tiêu − tỷ lệ đạt được, tính bằng điểm phần trăm (0,00: đã đạt chỉ tiêu; —: không có chỉ "
        f"tiêu hoặc không có số liệu); đơn vị thiếu nhiều nhất ở trên. Chỉ tiêu "
        f"lấy từ bảng chỉ tiêu năm {period.end.year}: các giá trị có sẵn chỉ là mặc định minh họa, tỉnh tự sửa theo "
        f"kế hoạch của mình (nhập tệp chỉ tiêu). Mỗi đơn vị dùng chỉ tiêu riêng nếu có, nếu không thì chỉ tiêu của "
        f"loại đơn vị, rồi của toàn tỉnh. Đơn vị ít hồ sơ có thể lệch nhiều: xem cột số hồ sơ.",
        f"Gap = target − achieved rate, in percentage points (0.00: target met; —: no target or no data); the units "
        f"furthest short first. Targets come from the "
        f"{period.end.year} target table: the values supplied are only example defaults, which the province edits "
        f"to its own plan (import a targets file). Each unit uses its own target if set, else its kind's, else the "
        f"province-wide one. Units with few dossiers can swing widely: see the dossier counts."))
    has_target = ranked["digitized_rate_target"].notna() | ranked["online_payment_rate_target"].notna()
    if ranked.empty or not has_target.any():
        ui.empty_state(f"Chưa có chỉ tiêu số hóa hay thanh toán trực tuyến cho năm {period.end.year}.",
                       f"No digitization or online-payment target is set for {period.end.year}.")
    else:
        worst = queries.furthest_from_target(ranked)
        if worst.empty:
            st.success(ui.tr("Mọi đơn vị đều đạt chỉ tiêu số hóa và thanh toán trực tuyến.",
                             "Every unit meets its digitization and online-payment targets."))
        else:
            gaps = pd.DataFrame({
                ui.tr("Đơn vị", "Unit"): worst["unit_name"].fillna(worst["unit_code"]),
                ui.tr("Tiếp nhận", "Received"): ui.nums(worst["received"]),
                ui.short_label("digitized_rate"): ui.pcts(worst["digitized_rate"]),
                ui.tr("Chỉ tiêu số hóa", "Digitized target"): ui.pcts(worst["digitized_rate_target"]),
                ui.tr("Còn thiếu số hóa", "Digitized gap"): [
                    gap_text(v) for v in worst["digitized_rate_gap"]],
                ui.tr("Có phí", "Fee-paying"): ui.nums(worst["received_fee"]),
                ui.short_label("online_payment_rate"): ui.pcts(worst["online_payment_rate"]),
                ui.tr("Chỉ tiêu thanh toán", "Payment target"): ui.pcts(worst["online_payment_rate_target"]),
                ui.tr("Còn thiếu thanh toán", "Payment gap"): [
                    gap_text(v) for v in worst["online_payment_rate_gap"]],
            })
            # the chart draws what the list is sorted by: each unit's points short of each target
            st.caption(ui.tr("Số điểm phần trăm còn thiếu so với chỉ tiêu, từng chỉ số một màu; đơn vị thiếu nhiều "
                             "nhất ở trên. Chỉ tiêu đã đạt thì không có thanh.",
                             "Percentage points short of each target, one colour per measure; the units furthest "
                             "short first. A target met has no bar."))
            ui.gap_bars(worst.head(15), {m: f"{m}_gap" for m in GAP_METRICS}, key="digitization_gap_bars")
            ui.selectable_table(gaps, worst["unit_code"], key="digitization_gaps")
            ui.downloads(pd.DataFrame({
                ui.tr("Mã đơn vị", "Unit code"): worst["unit_code"],
                ui.tr("Đơn vị", "Unit"): worst["unit_name"],
                ui.tr("Tiếp nhận", "Received"): worst["received"],
                ui.label("digitized_rate") + " (%)": worst["digitized_rate"],
                ui.tr("Chỉ tiêu số hóa (%)", "Digitized target (%)"): worst["digitized_rate_target"],
                ui.tr("Khoảng cách số hóa (điểm %)", "Digitized gap (points)"): worst["digitized_rate_gap"],
                ui.tr("Hồ sơ có phí", "Fee-paying"): worst["received_fee"],
                ui.label("online_payment_rate") + " (%)": worst["online_payment_rate"],
                ui.tr("Chỉ tiêu thanh toán (%)", "Payment target (%)"): worst["online_payment_rate_target"],
                ui.tr("Khoảng cách thanh toán (điểm %)", "Payment gap (points)"): worst["online_payment_rate_gap"],
            }), f"khoang_cach_chi_tieu_{period.start:%Y%m%d}_{period.end:%Y%m%d}", key="digitization_gaps_dl")


# ---- the page, in screen order: cards, trend, units ranked, furthest from target ----------------
f = ui.page_header("Số hóa hồ sơ và thanh toán trực tuyến", "Digitization and online payment", glossary=("HS", "KQ", "TT"))
period, previous = f.period, f.previous
first_month = ui.trend_start(period.end)
page_data = ui.figures(f, "digitized_rate", first_month)  # one engine query for the whole page
now, before, year_ago = page_data.now, page_data.before, page_data.year_ago
targets = ui.targets(period.end.year)
if now["received"] == 0 and now["resolved"] == 0:
    ui.empty_state("Không có hồ sơ nào được tiếp nhận hoặc giải quyết trong kỳ và phạm vi đã chọn.",
                   "No dossiers were received or resolved in the chosen period and scope.")
    st.stop()
ranked = queries.target_gaps(page_data.ranked, targets, GAP_METRICS, "digitized_rate")

kpi_cards()
monthly_trend()
units_ranked()
furthest_from_target()
