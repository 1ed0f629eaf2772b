"""Giải quyết đúng hạn (On-time processing; named apart from the QĐ 766 group and metric
"Tiến độ giải quyết"), for the steering committee: on-time and QĐ 766 progress rates against targets, the counts behind them, units ranked, fields and procedures, the dossiers
behind a figure, and the dossiers about to fall due. Every rate comes from the metric engine."""
from functools import partial

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import formatting as fmt
import labels
import queries
import ui
from queries import metrics

CARDS = ("on_time_rate", "progress_rate", "avg_processing_days", "apology_rate")
# Dossier-list states (queries.DOSSIER_STATES; None = all), as a person names them.
STATES = {
    "late": ("Giải quyết trễ hạn", "Resolved late"),
    "overdue": ("Đang xử lý quá hạn (cuối kỳ)", "Pending, overdue (period end)"),
    "within": ("Đang xử lý trong hạn (cuối kỳ)", "Pending, within deadline (period end)"),
    "pending": ("Tất cả đang xử lý (cuối kỳ)", "All pending (period end)"),
    "on_time": ("Giải quyết đúng hạn", "Resolved on time"),
    "resolved": ("Tất cả đã giải quyết", "All resolved"),
    "received": ("Tiếp nhận trong kỳ", "Received in the period"),
    None: ("Tất cả", "All"),
}
WARNING_DAYS = 2  # the early warning looks this many working days ahead

def keep_valid(key: str, options: list) -> None:
    """Forget a remembered choice that the current scope no longer offers."""
    if key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]


def on_time_status(frame: pd.DataFrame, codes=None, kinds=None) -> list:
    """Each row's on-time status against its target (the unit's own, else its kind's, else the scope's)."""
    if codes is None:
        target = metrics.target_for(targets, "on_time_rate", f.unit, scope_kind)
        return [metrics.target_status(v, target, "on_time_rate") for v in frame["on_time_rate"]]
    return [metrics.target_status(v, t, "on_time_rate")
            for v, t in zip(frame["on_time_rate"], metrics.targets_for(targets, "on_time_rate", codes, kinds))]


def count_columns(frame: pd.DataFrame, targets_=None) -> dict:
    """The columns every breakdown table shows, formatted for reading (with each row's on-time
    target beside the rate when `targets_` is given)."""
    target = {} if targets_ is None else {ui.tr("Chỉ tiêu", "Target"): ui.pcts(targets_)}
    return {
        ui.tr("Tiếp nhận", "Received"): ui.nums(frame["received"]),
        ui.tr("Đã giải quyết", "Resolved"): ui.nums(frame["resolved"]),
        ui.tr("Đúng hạn", "On time"): ui.nums(frame["resolved_on_time"]),
        ui.tr("Trễ hạn", "Late"): ui.nums(frame["resolved_late"]),
        ui.short_label("on_time_rate"): ui.pcts(frame["on_time_rate"]),
        **target,
        ui.short_label("progress_rate"): ui.pcts(frame["progress_rate"]),
        ui.tr("Đang quá hạn", "Overdue"): ui.nums(frame["pending_overdue"]),
        ui.tr("Số ngày trung bình", "Average days"): ui.nums(frame["avg_processing_days"], 2),
    }


def count_figures(frame: pd.DataFrame) -> dict:
    """The same columns as numbers, for downloads."""
    return {
        ui.tr("Tiếp nhận", "Received"): frame["received"],
        ui.tr("Đã giải quyết", "Resolved"): frame["resolved"],
        ui.tr("Đúng hạn", "On time"): frame["resolved_on_time"],
        ui.tr("Trong đó trước hạn", "Of which early"): frame["resolved_early"],
        ui.tr("Trễ hạn", "Late"): frame["resolved_late"],
        ui.tr("Trễ hạn có thư xin lỗi", "Late with apology"): frame["resolved_late_apology"],
        ui.label("on_time_rate") + " (%)": frame["on_time_rate"],
        ui.label("progress_rate") + " (%)": frame["progress_rate"],
        ui.tr("Đang xử lý trong hạn", "Pending within deadline"): frame["pending_within"],
        ui.tr("Đang xử lý quá hạn", "Pending overdue"): frame["pending_overdue"],
        ui.label("avg_processing_days"): frame["avg_processing_days"],
    }


def pick_row(table_key: str, choice_key: str, values: list, clear: tuple = ()) -> None:
    """A row click remembers that row's value under `choice_key` (and forgets dependent choices)."""
    rows = st.session_state[table_key].selection.rows
    if rows and rows[0] < len(values):
        st.session_state[choice_key] = values[rows[0]]
        for key in clear:
            st.session_state.pop(key, None)


def widths(wide: dict) -> dict:
    """Column widths: long names (procedures…) get `wide[column]` pixels, so the figures stay in view."""
    return {column: st.column_config.Column(width=px) for column, px in wide.items()}


def clickable(frame: pd.DataFrame, key: str, on_select, styler=None, wide: dict | None = None) -> None:
    st.dataframe(styler if styler is not None else frame, hide_index=True, width="stretch", key=key,
                 on_select=on_select, selection_mode="single-row", height=ui.table_height(len(frame)),
                 column_config=widths(wide or {}))


def plain_table(frame: pd.DataFrame, wide: dict | None = None) -> None:
    st.dataframe(frame, hide_index=True, width="stretch", height=ui.table_height(len(frame)),
                 column_config=widths(wide or {}))


def kpi_cards() -> None:
    """The four rates against the previous period, last year and their targets."""
    cols = st.columns(len(CARDS))
    for col, metric in zip(cols, CARDS):
        with col:
            ui.kpi_card(
                metric, now, before, year_ago, metrics.target_for(targets, metric, f.unit, scope_kind),
                ui.tr(*metrics.DEFINITIONS[metric]) + " " + ui.tr(f"Thay đổi so với {previous.label('vi')}.",
                                                                   f"Change against {previous.label('en')}."),
            )


def how_it_is_computed() -> None:
    """The two rates' formulas with this period's own numbers."""
    n = ui.num
    with st.expander(ui.tr("Cách tính", "How it is computed")):
        st.markdown(ui.tr(
            f"- **{ui.label('on_time_rate')}** = số hồ sơ giải quyết đúng hạn chia cho số hồ sơ đã giải quyết "
            f"trong kỳ có ngày hẹn trả (đúng hạn cộng trễ hạn): {n(now['resolved_on_time'])} / "
            f"({n(now['resolved_on_time'])} + {n(now['resolved_late'])}) = {ui.pct(now['on_time_rate'])}. "
            "Hồ sơ có kết quả trước hoặc đúng thời điểm hẹn trả là đúng hạn; ngày hẹn trả không ghi giờ "
            "được tính đến hết ngày đó.\n"
            f"- **{ui.label('progress_rate')}** = (hồ sơ giải quyết đúng hạn cộng hồ sơ đang xử lý còn trong "
            "hạn tại cuối kỳ) chia cho (hồ sơ đã giải quyết cộng hồ sơ đang xử lý tại cuối kỳ): "
            f"({n(now['resolved_on_time'])} + {n(now['pending_within'])}) / ({n(now['resolved_on_time'])} + "
            f"{n(now['resolved_late'])} + {n(now['pending_within'])} + {n(now['pending_overdue'])}) = "
            f"{ui.pct(now['progress_rate'])}. Khác với tỷ lệ đúng hạn, chỉ số này tính cả hồ sơ chưa xong: "
            "hồ sơ tồn đọng quá hạn làm giảm điểm. "
            f"Điểm tiến độ = 20 × tỷ lệ / 100 = {n(now['progress_points'], 2)} / 20.\n"
            "- Cả hai chỉ tính hồ sơ có ngày hẹn trả; hồ sơ công dân đã rút không tính. "
            "Tỷ lệ không có mẫu số (không có hồ sơ) hiện là —.",
            f"- **{ui.label('on_time_rate')}** = dossiers resolved on time divided by the dossiers resolved in the "
            f"period with a due date (on time plus late): {n(now['resolved_on_time'])} / "
            f"({n(now['resolved_on_time'])} + {n(now['resolved_late'])}) = {ui.pct(now['on_time_rate'])}. "
            "A dossier with its result at or before the due time is on time; a due date without a time of day "
            "means the end of that day.\n"
            f"- **{ui.label('progress_rate')}** = (dossiers resolved on time plus dossiers pending within their "
            "deadline at the period's end) divided by (dossiers resolved plus dossiers pending at the period's "
            f"end): ({n(now['resolved_on_time'])} + {n(now['pending_within'])}) / ({n(now['resolved_on_time'])} + "
            f"{n(now['resolved_late'])} + {n(now['pending_within'])} + {n(now['pending_overdue'])}) = "
            f"{ui.pct(now['progress_rate'])}. Unlike the on-time rate it counts unfinished dossiers: an overdue "
            f"backlog lowers it. Progress points = 20 × rate / 100 = {n(now['progress_points'], 2)} / 20.\n"
            "- Both count only dossiers with a due date; dossiers the applicant withdrew are left out. "
            "A rate with no denominator (no dossiers) shows as —.",
        ))


def lowest_units() -> None:
    """The answer first: the lowest units of each kind."""
    if not f.unit:
        st.subheader(ui.tr("Đơn vị thấp nhất về tỷ lệ đúng hạn", "Lowest units on the on-time rate"))
        ui.lowest_by_kind(page_data.standing("on_time_rate"), "on_time_rate", key="ot_lowest")


def monthly_trend() -> None:
    """The two rates month by month against their targets."""
    st.subheader(ui.tr("Xu hướng theo tháng", "Monthly trend"))
    trend = page_data.trend
    if trend.empty:
        ui.empty_state("Chưa có dữ liệu theo tháng.", "No monthly data yet.")
    else:
        ui.trend_chart(ui.month_labels(trend["month"]), {m: trend[m] for m in ("on_time_rate", "progress_rate")},
                       key="ot_trend", file_name=f"dung_han_theo_thang_{period.end:%Y%m}",
                       targets={m: metrics.target_for(targets, m, f.unit, scope_kind)
                                for m in ("on_time_rate", "progress_rate")})


def by_unit() -> None:
    """Every unit ranked within its kind, with its target and status."""
    ranked = page_data.ranked
    if ranked.empty:
        ui.empty_state("Không có đơn vị nào trong phạm vi đã chọn.", "No units in the chosen scope.")
    else:
        st.caption(ui.tr("Xếp hạng theo tỷ lệ giải quyết đúng hạn.", "Ranked by on-time rate."))
        ui.ranking_table(
            ranked, count_columns(ranked, ranked["target"]),
            {**count_figures(ranked), ui.tr("Chỉ tiêu đúng hạn (%)", "On-time target (%)"): ranked["target"]},
            key="ot_units", file_name=f"dung_han_don_vi_{period.start:%Y%m%d}_{period.end:%Y%m%d}",
            status_column=ui.short_label("on_time_rate"),
            statuses=on_time_status(ranked, ranked["unit_code"], ranked["kind"]), change=("Thay đổi", "Change"))


def by_state() -> None:
    """The period's dossiers by state, as figures and as bars."""
    COUNTS = [  # (label vi, label en, value, colour): the first three are resolved dossiers
        ("Giải quyết đúng hạn", "Resolved on time", now["resolved_on_time"], labels.STATUS_COLOR["met"]),
        ("Trong đó trước hạn", "Of which early", now["resolved_early"], "#56B4E9"),
        ("Giải quyết trễ hạn", "Resolved late", now["resolved_late"], labels.STATUS_COLOR["below"]),
        ("Đang xử lý trong hạn", "Pending, within deadline", now["pending_within"], "#0072B2"),
        ("Đang xử lý quá hạn", "Pending, overdue", now["pending_overdue"], labels.STATUS_COLOR["near"]),
        ("Trễ hạn có thư xin lỗi", "Late, with apology letter", now["resolved_late_apology"], "#CC79A7"),
        ("Trễ hạn chưa có thư xin lỗi", "Late, without apology letter",
         now["resolved_late"] - now["resolved_late_apology"], "#000000"),
    ]
    left, right = st.columns([2, 3])
    with left:
        resolved_col, other_col = st.columns(2)
        resolved_col.metric(ui.tr("Đã giải quyết trong kỳ", "Resolved in the period"), ui.num(now["resolved"]),
                            help=ui.tr("Gồm cả hồ sơ không có ngày hẹn trả.", "Including dossiers without a due date."))
        for i, (vi, en, value, _) in enumerate(COUNTS):
            # resolved: on time, of which early, late | pending within, overdue, late with/without apology
            (resolved_col if i < 3 else other_col).metric(ui.tr(vi, en), ui.num(value))
    with right:
        if now["resolved_on_time"] + now["resolved_late"] + pending == 0:
            ui.empty_state("Chưa có hồ sơ nào có ngày hẹn trả đã giải quyết hoặc đang xử lý.",
                           "No dossier with a due date was resolved or pending.")
        else:
            names = [ui.tr(vi, en) for vi, en, _, _ in COUNTS]
            fig = go.Figure(go.Bar(
                y=names, x=[v for _, _, v, _ in COUNTS], orientation="h", marker_color=[c for *_, c in COUNTS],
                text=[v for _, _, v, _ in COUNTS], texttemplate="%{x:,d}", textposition="outside", cliponaxis=False,
                hovertemplate="%{y}: %{x:,d}<extra></extra>",
            ))
            fig.update_yaxes(autorange="reversed", tickfont_size=ui.CHART_FONT)
            # room on the right for the largest bar's number; ticks as large as the rest of the text
            fig.update_xaxes(tickformat=",d", range=[0, max(v for _, _, v, _ in COUNTS) * 1.18],
                             tickfont_size=ui.CHART_FONT)
            st.plotly_chart(ui.chart_layout(fig, height=400, percent_axis=False), width="stretch",
                            config=ui.chart_config(f"ho_so_theo_tinh_trang_{period.start:%Y%m%d}_{period.end:%Y%m%d}"))
    notes = [ui.tr(f"Hồ sơ đang xử lý tính tại cuối ngày {period.end:%d/%m/%Y}.",
                   f"Pending dossiers as at the end of {period.end:%d/%m/%Y}.")]
    if now["missing_due_date"] or now["withdrawn"]:
        notes.append(ui.tr(
            f"Không tính vào các tỷ lệ: {ui.num(now['missing_due_date'])} hồ sơ không có ngày hẹn trả, "
            f"{ui.num(now['withdrawn'])} hồ sơ rút.",
            f"Left out of the rates: {ui.num(now['missing_due_date'])} dossiers without a due date, "
            f"{ui.num(now['withdrawn'])} withdrawn."))
    st.caption(" ".join(notes))


def by_field_and_procedure(fields: pd.DataFrame, procedures: pd.DataFrame) -> None:
    """Fields, then the procedures of the chosen field (a row click chooses)."""
    if fields.empty:
        ui.empty_state("Không có hồ sơ nào theo lĩnh vực trong kỳ.", "No dossiers by field in the period.")
    else:
        st.caption(ui.tr("Bấm vào một lĩnh vực để xem các thủ tục của lĩnh vực đó.",
                         "Click a field to list its procedures."))
        table = pd.DataFrame({ui.tr("Lĩnh vực", "Field"): fields["field_name"], **count_columns(fields)})
        clickable(table, "ot_fields", partial(pick_row, "ot_fields", "ot_field", list(fields["field_name"]),
                                              ("ot_procedure",)), wide={ui.tr("Lĩnh vực", "Field"): 300},
                  styler=ui.status_styler(table, ui.short_label("on_time_rate"), on_time_status(fields)))
        ui.downloads(pd.DataFrame({ui.tr("Lĩnh vực", "Field"): fields["field_name"], **count_figures(fields)}),
                     f"dung_han_linh_vuc_{period.start:%Y%m%d}_{period.end:%Y%m%d}", key="ot_fields_dl")

    st.subheader(ui.tr("Theo thủ tục", "By procedure"))
    field_options = [ui.ALL, *fields["field_name"]]
    keep_valid("ot_field", field_options)
    field = st.selectbox(ui.tr("Lĩnh vực", "Field"), field_options, key=ui.worded("ot_field"),
                         format_func=lambda v: v if v else ui.tr("— Tất cả lĩnh vực —", "— All fields —"),
                         placeholder=ui.placeholder()) or None
    shown = procedures if field is None else procedures[procedures["field_name"] == field].reset_index(drop=True)
    if shown.empty:
        ui.empty_state("Không có thủ tục nào có hồ sơ trong kỳ.", "No procedure had dossiers in the period.")
    else:
        st.caption(ui.tr("Bấm vào một thủ tục để xem danh sách hồ sơ của thủ tục đó bên dưới.",
                         "Click a procedure to list its dossiers below."))
        table = pd.DataFrame({
            ui.tr("Mã TTHC", "Code"): shown["procedure_code"],
            ui.tr("Thủ tục", "Procedure"): shown["procedure_name"],
            ui.tr("Lĩnh vực", "Field"): shown["field_name"],
            **count_columns(shown),
        })
        clickable(table, "ot_procedures", partial(pick_row, "ot_procedures", "ot_procedure",
                                                  list(shown["procedure_code"])),
                  wide={ui.tr("Thủ tục", "Procedure"): 220, ui.tr("Lĩnh vực", "Field"): 120},
                  styler=ui.status_styler(table, ui.short_label("on_time_rate"), on_time_status(shown)))
        ui.downloads(pd.DataFrame({
            ui.tr("Mã TTHC", "Code"): shown["procedure_code"],
            ui.tr("Thủ tục", "Procedure"): shown["procedure_name"],
            ui.tr("Lĩnh vực", "Field"): shown["field_name"],
            **count_figures(shown),
        }), f"dung_han_thu_tuc_{period.start:%Y%m%d}_{period.end:%Y%m%d}", key="ot_procedures_dl")


def dossier_list(procedures: pd.DataFrame, proc_names: dict) -> None:
    """The dossiers behind a figure: by state and procedure, newest first."""
    c1, c2 = st.columns(2)
    keep_valid("ot_state", list(STATES))
    state = c1.selectbox(ui.tr("Tình trạng", "State"), list(STATES), key=ui.worded("ot_state"),
                         format_func=lambda s: ui.tr(*STATES[s]), placeholder=ui.placeholder())
    procedure_options = [ui.ALL, *procedures["procedure_code"]]
    keep_valid("ot_procedure", procedure_options)
    procedure = c2.selectbox(
        ui.tr("Thủ tục", "Procedure"), procedure_options, key=ui.worded("ot_procedure"),
        format_func=lambda c: f"{c} – {proc_names[c]}" if c else ui.tr("— Tất cả thủ tục —", "— All procedures —"),
        placeholder=ui.placeholder(),
    ) or None
    LIMIT = 5000
    dossiers = ui.query(queries.dossier_list, period.start, period.end, f.kind, f.unit, procedure=procedure, state=state,
                        limit=LIMIT)
    if dossiers.empty:
        ui.empty_state("Không có hồ sơ nào ở tình trạng này trong kỳ và phạm vi đã chọn.",
                       "No dossiers in this state for the chosen period and scope.")
    else:
        names = dossiers["procedure_name"].fillna(dossiers["procedure_code"].map(proc_names)).fillna(
            dossiers["procedure_code"])
        late = dossiers["ended_at"].notna() & dossiers["days_late"].notna()
        apology = [ui.tr("Có", "Yes") if a else (ui.tr("Chưa có", "No") if is_late else "")
                   for a, is_late in zip(dossiers["apology"], late)]
        st.caption(ui.tr(f"{ui.num(len(dossiers))} hồ sơ, mới tiếp nhận trước. Số ngày trễ của hồ sơ đang xử lý "
                         f"tính đến cuối ngày {period.end:%d/%m/%Y}.",
                         f"{ui.num(len(dossiers))} dossiers, newest first. Days late of pending dossiers are counted "
                         f"to the end of {period.end:%d/%m/%Y}.")
                   + (ui.tr(f" Chỉ hiện {ui.num(LIMIT)} hồ sơ đầu tiên.", f" Only the first {ui.num(LIMIT)} are shown.")
                      if len(dossiers) >= LIMIT else ""))
        plain_table(pd.DataFrame({
            ui.tr("Mã hồ sơ", "Dossier code"): dossiers["dossier_code"],
            ui.tr("Đơn vị", "Unit"): dossiers["unit_name"].fillna(dossiers["unit_code"]),
            ui.tr("Thủ tục", "Procedure"): names,
            ui.tr("Tiếp nhận", "Received"): [fmt.moment(v) for v in dossiers["received_at"]],
            ui.tr("Hẹn trả", "Due"): [fmt.moment(v) for v in dossiers["due_at"]],
            ui.tr("Có kết quả", "Ended"): [fmt.moment(v) for v in dossiers["ended_at"]],
            ui.tr("Số ngày trễ", "Days late"): [ui.num(v) if not pd.isna(v) else "" for v in dossiers["days_late"]],
            ui.tr("Thư xin lỗi", "Apology"): apology,
        }), wide={ui.tr("Thủ tục", "Procedure"): 240, ui.tr("Đơn vị", "Unit"): 180})
        ui.downloads(pd.DataFrame({
            ui.tr("Mã hồ sơ", "Dossier code"): dossiers["dossier_code"],
            ui.tr("Mã đơn vị", "Unit code"): dossiers["unit_code"],
            ui.tr("Đơn vị", "Unit"): dossiers["unit_name"],
            ui.tr("Mã TTHC", "Procedure code"): dossiers["procedure_code"],
            ui.tr("Thủ tục", "Procedure"): names,
            ui.tr("Tiếp nhận", "Received"): dossiers["received_at"],
            ui.tr("Hẹn trả", "Due"): dossiers["due_at"],
            ui.tr("Có kết quả", "Ended"): dossiers["ended_at"],
            ui.tr("Số ngày trễ", "Days late"): dossiers["days_late"],
            ui.tr("Thư xin lỗi", "Apology"): apology,
        }), f"ho_so_{state or 'tat_ca'}_{period.start:%Y%m%d}_{period.end:%Y%m%d}", key="ot_dossiers_dl")


def early_warning() -> None:
    """Dossiers pending at the period's end that fall due within WARNING_DAYS working days."""
    as_of = period.end  # the period's end, or the last day the data covers if that is earlier
    until = queries.add_working_days(as_of, WARNING_DAYS)
    st.caption(ui.tr(
        f"Hồ sơ còn đang xử lý tại cuối ngày {as_of:%d/%m/%Y} sẽ đến hạn trong {WARNING_DAYS} ngày làm việc "
        f"tiếp theo (đến hết ngày {until:%d/%m/%Y}; chưa trừ ngày lễ).",
        f"Dossiers still pending at the end of {as_of:%d/%m/%Y} that fall due within the next {WARNING_DAYS} "
        f"working days (to the end of {until:%d/%m/%Y}; public holidays not counted)."))
    warn = ui.query(queries.due_soon, as_of, WARNING_DAYS, **f.scope)
    if warn.empty:
        st.success(ui.tr("Không có hồ sơ nào sắp đến hạn.", "No dossier is about to fall due."))
        return
    unknown = ui.tr("(chưa rõ đơn vị)", "(unknown unit)")
    warn = warn.assign(unit_name=warn["unit_name"].fillna(warn["unit_code"]).fillna(unknown))
    per_unit = ui.query(queries.due_soon_by_unit, as_of, WARNING_DAYS, **f.scope)
    left, right = st.columns([1, 2])
    with left:
        st.metric(ui.tr("Hồ sơ sắp đến hạn", "Dossiers falling due"), ui.num(len(warn)))
    with right:
        ui.selectable_table(pd.DataFrame({
            ui.tr("Đơn vị", "Unit"): per_unit["unit_name"].fillna(unknown),
            ui.tr("Số hồ sơ", "Dossiers"): ui.nums(per_unit["dossiers"]),
            ui.tr("Hạn sớm nhất", "First due"): [fmt.moment(v) for v in per_unit["first_due"]],
        }), per_unit["unit_code"], key="ot_warn_units", height=ui.table_height(len(per_unit), 318))
    names = warn["procedure_name"].fillna(warn["procedure_code"])  # (due_soon names what anyone named)
    plain_table(pd.DataFrame({
        ui.tr("Hẹn trả", "Due"): [fmt.moment(v) for v in warn["due_at"]],
        ui.tr("Đơn vị", "Unit"): warn["unit_name"],
        ui.tr("Mã hồ sơ", "Dossier code"): warn["dossier_code"],
        ui.tr("Thủ tục", "Procedure"): names,
        ui.tr("Tiếp nhận", "Received"): [fmt.moment(v) for v in warn["received_at"]],
    }), wide={ui.tr("Thủ tục", "Procedure"): 420, ui.tr("Đơn vị", "Unit"): 220})
    ui.downloads(pd.DataFrame({
        ui.tr("Mã đơn vị", "Unit code"): warn["unit_code"],
        ui.tr("Đơn vị", "Unit"): warn["unit_name"],
        ui.tr("Mã hồ sơ", "Dossier code"): warn["dossier_code"],
        ui.tr("Mã TTHC", "Procedure code"): warn["procedure_code"],
        ui.tr("Thủ tục", "Procedure"): names,
        ui.tr("Tiếp nhận", "Received"): warn["received_at"],
        ui.tr("Hẹn trả", "Due"): warn["due_at"],
    }), f"sap_den_han_{as_of:%Y%m%d}", key="ot_warn_dl")


def procedure_rows() -> tuple[pd.DataFrame, dict]:
    """The period's procedures (cached per period and scope) and their names by code."""
    procedures = ui.query(queries.procedure_counts, period.start, period.end, **f.scope)
    return procedures, dict(zip(procedures["procedure_code"], procedures["procedure_name"]))


# ---- the page, in screen order: the rates, the answer (lowest units, trend), the details in tabs ----
f = ui.page_header("Giải quyết hồ sơ đúng hạn", "Dossier processing on time", glossary=("TTHC",))
period, previous, last_year = f.period, f.previous, f.period.same_period_last_year()
page_data = ui.figures(f, "on_time_rate", ui.trend_start(period.end))  # one engine query for the whole page
now, before, year_ago = page_data.now, page_data.before, page_data.year_ago
targets = ui.targets(period.end.year)
scope_kind = f.unit_kind or f.kind

pending = now["pending_within"] + now["pending_overdue"]
if now["received"] == 0 and now["resolved"] == 0 and pending == 0:
    ui.empty_state("Không có hồ sơ nào trong kỳ và phạm vi đã chọn.", "No dossiers in the chosen period and scope.")
    st.stop()

kpi_cards()
how_it_is_computed()
lowest_units()
monthly_trend()

# The tabs that read more than the page's own figures run only when open (choosing a tab reruns the
# page): the dossier list and the early warning read the dossiers themselves, the fields and
# procedures their own counts, ~200 ms of the page's 330 at 10 M dossiers (bench/pages.py). The
# first two draw from the figures the page already has and are always there.
units_tab, counts_tab, fields_tab, list_tab, warn_tab = ui.detail_tabs([
    ("Theo đơn vị", "By unit"), ("Số hồ sơ theo tình trạng", "Dossiers by state"),
    ("Theo lĩnh vực, thủ tục", "By field and procedure"), ("Danh sách hồ sơ", "Dossier list"),
    ("Cảnh báo sớm", "Early warning"),
], key="ot_tab")
with units_tab:
    by_unit()
with counts_tab:
    by_state()
with fields_tab:
    if fields_tab.open:
        by_field_and_procedure(ui.query(queries.field_counts, period.start, period.end, **f.scope), procedure_rows()[0])
with list_tab:
    if list_tab.open:
        dossier_list(*procedure_rows())
with warn_tab:
    if warn_tab.open:
        early_warning()
