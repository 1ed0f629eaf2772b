"""Thẻ điểm đơn vị: one page per agency or commune, opened by `?unit=CODE`, from a map point, tile or
table row (the chosen unit), or picked here. Its headline rates with change and target, its QĐ 766
groups and rank, its PAR index, grade and weakest criteria, its trend, its overdue and soon-due
dossiers, and its standing among units of its kind; a one-page PDF for the unit's head. The
figures are those of `cli.py kpis --unit CODE` and `cli.py scores` (queries/scorecard.py)."""
from __future__ import annotations

from functools import partial

import pandas as pd
import streamlit as st

import formatting as fmt
import labels
import queries
import ui
from reports import scorecard_pdf
from labels import UNIT_KIND_LABELS
from queries import metrics, scorecard
from queries.scores import GROUP_LABELS, GROUP_MAX


def chosen_unit() -> tuple[str, str]:
    """The unit whose card this is and its kind (?unit=CODE, the sidebar, the map's link); without
    one, a picker and stop."""
    registry = ui.query(queries.units)
    choosable = registry[registry["kind"].isin(["department", "commune", "center"]) & registry["successor_code"].isna()]
    unit = f.unit or st.session_state.get("_scorecard_unit")  # ?unit=CODE, the sidebar, or the map's link
    if unit:
        st.session_state["_scorecard_unit"] = unit
        st.query_params["unit"] = unit  # the address opens this card again
    if unit is None or unit not in set(registry["unit_code"]):
        st.title(ui.tr("Thẻ điểm đơn vị", "Unit scorecard"))
        if unit is not None:
            st.warning(ui.tr(f"Không có đơn vị mã «{ui.md_escape(unit)}».", f"No unit with code '{ui.md_escape(unit)}'."))
        names = dict(zip(choosable["unit_code"], choosable["unit_name"]))
        # nothing chosen is the placeholder, not an option of None (which a language switch would blank)
        st.selectbox(ui.tr("Chọn đơn vị", "Choose a unit"), list(names), index=None,
                     format_func=lambda c: f"{names[c]} ({c})", key=ui.worded("scorecard_pick"),
                     on_change=lambda: st.session_state.update(_scorecard_unit=st.session_state.get("scorecard_pick")),
                     placeholder=ui.tr("— Chọn —", "— Choose —"))
        st.caption(ui.tr("Hoặc bấm vào một điểm, ô hay dòng trên Bản đồ thể chế; địa chỉ …/scorecard?unit=MÃ mở thẳng "
                         "thẻ của đơn vị.", "Or click a point, tile or row on the Institutional map; the address "
                         "…/scorecard?unit=CODE opens a unit's card directly."))
        st.stop()
    return unit, registry.loc[registry["unit_code"] == unit, "kind"].iloc[0]


def header() -> None:
    """The unit's name, code, kind and period."""
    st.title(ui.tr("Thẻ điểm: ", "Scorecard: ") + ui.md_escape(info["unit_name"]))
    ui.glossary("CCHC")
    st.caption(f"{ui.md_escape(unit)} · {ui.tr(*UNIT_KIND_LABELS.get(info['kind'], UNIT_KIND_LABELS['other']))} · "
               f"{p.label(ui.lang())} · " + ui.tr(f"so với {prev.label('vi')}", f"against {prev.label('en')}"))
    ui.demo_banner()
    if not f.unit:
        st.button(ui.tr("Chọn đơn vị khác", "Choose another unit"), key="scorecard_other",
                  on_click=lambda: st.session_state.pop("_scorecard_unit", None))


def headline_rates() -> None:
    """The headline rates with change and target, and the dossiers behind them."""
    cols = st.columns(4)
    for i, m in enumerate(scorecard.HEADLINE):
        with cols[i % 4]:
            ui.kpi_card(m, now, before, None, metrics.target_for(year_targets, m, unit, info["kind"]),
                        ui.tr("Tính như trên trang Tổng quan, cho riêng đơn vị này", "Computed as on the overview, for this unit alone"))
    st.caption(ui.tr(f"Hồ sơ tiếp nhận {ui.num(now.get('received'))}, giải quyết {ui.num(now.get('resolved'))}, "
                     f"đang xử lý {ui.num((now.get('pending_within') or 0) + (now.get('pending_overdue') or 0))} (quá hạn {ui.num(now.get('pending_overdue'))}).",
                     f"Dossiers received {ui.num(now.get('received'))}, resolved {ui.num(now.get('resolved'))}, "
                     f"pending {ui.num((now.get('pending_within') or 0) + (now.get('pending_overdue') or 0))} ({ui.num(now.get('pending_overdue'))} overdue)."))


def pdf_download() -> None:
    """The card as a one-page A4 PDF for the unit's head."""
    st.download_button(
        ui.tr("Tải thẻ điểm (PDF, 1 trang A4)", "Download the scorecard (PDF, one A4 page)"),
        partial(scorecard_pdf.to_pdf, card, p.label(ui.lang()), prev.label(ui.lang()),
                {m: metrics.target_for(year_targets, m, unit, info["kind"]) for m in scorecard.HEADLINE}, ui.lang()),
        f"the_diem_{unit}_{p.start:%Y%m}.pdf", "application/pdf", key="sc_pdf", on_click="ignore")


def standing_and_766() -> None:
    """Where it stands among units of its kind, and its QĐ 766 groups and rank."""
    st.subheader(ui.tr("Vị trí trong cùng loại đơn vị", "Standing among units of its kind"))
    if card["standing"]:
        st.dataframe(pd.DataFrame([{ui.tr("Chỉ số", "Measure"): ui.label(m),
                                    ui.tr("Giá trị", "Value"): ui.pct(now.get(m)),
                                    ui.tr("Hạng", "Rank"): "—" if s["rank"] is None else f"{s['rank']}/{s['of']}"}
                                   for m, s in card["standing"].items()]), hide_index=True, width="stretch",
                     key="sc_standing")
    else:
        st.caption(ui.tr("Không xếp hạng loại đơn vị này.", "Units of this kind are not ranked."))
    s766 = card["portal766"]
    st.subheader(ui.tr("Chỉ số 766", "QĐ 766 index"))
    if s766 is None:
        st.caption(ui.tr("Chưa có điểm QĐ 766 của đơn vị.", "No QĐ 766 score for this unit yet."))
    else:
        rank = "—" if not s766["rank"] else f"{s766['rank']}/{s766['of']}"
        st.markdown(ui.tr(f"Kỳ {ui.md_escape(s766['period'])}: tổng **{ui.num(s766['total'], 2)}**/"
                          f"{ui.num(s766['max_total'])}, hạng **{rank}** trong cùng loại.",
                          f"Period {ui.md_escape(s766['period'])}: total **{ui.num(s766['total'], 2)}** of "
                          f"{ui.num(s766['max_total'])}, rank **{rank}** among its kind."))
        st.dataframe(pd.DataFrame([{ui.tr("Nhóm", "Group"): ui.tr(*GROUP_LABELS[g]),
                                    ui.tr("Điểm", "Points"): f"{ui.num(v, 2)}/{GROUP_MAX[g]}",
                                    ui.tr("Hạng", "Rank"): f"{s766['group_ranks'][g]}/{s766['of']}"
                                    if s766["group_ranks"].get(g) else "—"}
                                   for g, v in s766["groups"].items()]), hide_index=True, width="stretch",
                     key="sc_766")


def par_index() -> None:
    """Its PAR index, grade, rank and weakest criteria."""
    par = card["par"]
    st.subheader(ui.tr("Chỉ số CCHC (PAR)", "PAR index"))
    if par is None:
        st.caption(ui.tr("Chưa có điểm chỉ số CCHC của đơn vị.", "No PAR score for this unit yet."))
    else:
        c1, c2, c3 = st.columns(3)
        c1.metric(ui.tr(f"Chỉ số {par['year']}", f"Index {par['year']}"), ui.num(par["index"], 2),
                  delta=None if par["change"] is None else ui.num(par["change"], 2))
        c2.metric(ui.tr("Xếp loại", "Grade"), ui.md_escape(labels.grade_name(par["grade"], ui.lang())))
        c3.metric(ui.tr("Hạng", "Rank"), "—" if not par["rank"] else f"{par['rank']}/{par['of']}")
        st.markdown(ui.tr("**Tiêu chí yếu nhất** (điểm thẩm định trên điểm tối đa)",
                          "**Weakest criteria** (appraised points of the maximum)"))
        st.dataframe(pd.DataFrame([{ui.tr("Tiêu chí", "Criterion"): f"{c['code']} {labels.par_name(c['name'], ui.lang()) or ''}",
                                    ui.tr("Điểm", "Points"): f"{ui.num(c['final_points'], 2)}/"
                                                              f"{ui.num(c['max_points'], 2)}"}
                                   for c in par["weakest"]]), hide_index=True, width="stretch", key="sc_weak")


def trend() -> None:
    """Its rates over the trend window."""
    first, _last = ui.query(queries.data_bounds)
    start = max(first, ui.trend_start(p.end)) if first else p.start
    trend = ui.query(queries.monthly_trend, start, p.end, unit=unit)
    if len(trend) > 1:
        st.subheader(ui.tr(f"Diễn biến {ui.TREND_MONTHS} tháng", f"The last {ui.TREND_MONTHS} months"))
        shown = ("on_time_rate", "online_rate", "digitized_rate")
        ui.trend_chart(ui.month_labels(trend["month"]), {m: trend[m] for m in shown}, key="sc_trend",
                       file_name=f"the_diem_{unit}", height=360)


def dossiers_to_act_on() -> None:
    """Its overdue and soon-due dossiers."""
    st.subheader(ui.tr("Hồ sơ cần xử lý", "Dossiers to act on"))
    overdue = ui.query(queries.dossier_list, p.start, p.end, unit=unit, state="overdue", limit=200)
    soon = ui.query(queries.due_soon, p.end, 2, unit=unit)
    d1, d2 = st.columns(2)
    with d1:
        st.markdown(ui.tr(f"**Quá hạn** ({ui.num(now.get('pending_overdue'))})",
                          f"**Overdue** ({ui.num(now.get('pending_overdue'))})"))
        if len(overdue):
            st.dataframe(pd.DataFrame({
                ui.tr("Mã hồ sơ", "Dossier"): overdue["dossier_code"],
                ui.tr("Thủ tục", "Procedure"): overdue["procedure_name"].fillna(overdue["procedure_code"]),
                ui.tr("Tiếp nhận", "Received"): [fmt.moment(v) for v in overdue["received_at"]],
                ui.tr("Hạn", "Due"): [fmt.moment(v) for v in overdue["due_at"]],
                ui.tr("Số ngày trễ", "Days late"): ui.nums(overdue["days_late"]),
            }), hide_index=True, width="stretch", height=ui.table_height(len(overdue), 320), key="sc_overdue")
    with d2:
        st.markdown(ui.tr(f"**Sắp đến hạn** (2 ngày làm việc: {len(soon)})", f"**Due soon** (2 working days: {len(soon)})"))
        if len(soon):
            st.dataframe(pd.DataFrame({
                ui.tr("Mã hồ sơ", "Dossier"): soon["dossier_code"],
                ui.tr("Thủ tục", "Procedure"): soon["procedure_name"].fillna(soon["procedure_code"]),
                ui.tr("Tiếp nhận", "Received"): [fmt.moment(v) for v in soon["received_at"]],
                ui.tr("Hạn", "Due"): [fmt.moment(v) for v in soon["due_at"]],
            }), hide_index=True, width="stretch", height=ui.table_height(len(soon), 320), key="sc_soon")


# ---- the page, in screen order -------------------------------------------------------------------
f = ui.filters()
unit, kind = chosen_unit()
p, prev = f.period, f.previous
card = scorecard.card(ui.query(scorecard.unit_figures, unit, p.start, p.end, prev.start, prev.end),
                      ui.query(scorecard.kind_context, kind, p.start, p.end))  # the kind's part once, not per unit
info, now, before = card["unit"], card["now"], card["before"]
year_targets = ui.targets(p.end.year)

header()
headline_rates()
pdf_download()
left, right = st.columns(2)
with left:
    standing_and_766()
with right:
    par_index()
trend()
dossiers_to_act_on()
