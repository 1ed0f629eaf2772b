"""Chỉ số CCHC (PAR index): the province's own scoring of its agencies and communes, as
published: ranking with grades, where points are lost (units × criteria areas), self-assessed
against appraised points, change against the previous year, and one unit's criterion tree."""
from __future__ import annotations


import pandas as pd
import plotly.graph_objects as go
import streamlit as st

import labels
import queries
import ui
from queries.scores import GRADE_EN

def grade_text(g) -> str:
    return "—" if g is None or pd.isna(g) else (g if ui.lang() == "vi" else GRADE_EN.get(g, g))


def change_text(v) -> str:
    if v is None or pd.isna(v):
        return "—"
    return f"{'+' if v > 0 else ''}{ui.num(v, 2)}"


def no_scores_yet() -> None:
    """Before the first PAR scores, or before any year up to the sidebar's end: say so, and stop."""
    if not years:
        ui.empty_state("Chưa có điểm chỉ số CCHC: cần bảng điểm của tỉnh.", "No PAR scores yet: they come from the "
                       "province's score table.", "python cli.py import FILE --kind par")
        st.stop()
    if year is None:
        ui.empty_state(f"Chưa có chỉ số CCHC của năm nào đến hết {f.period.label('vi').lower()}; năm sớm nhất có điểm "
                       f"là {min(years)}: chọn một kỳ trong năm đó ở thanh bên.",
                       f"No PAR index for any year up to the end of {f.period.label('en')}; the earliest scored year "
                       f"is {min(years)}: choose a period in that year in the sidebar.")
        st.stop()


def headline() -> None:
    """How many units, the mean, the highest and lowest, and how many hold each grade."""
    cols = st.columns(4)
    cols[0].metric(ui.tr("Số đơn vị được đánh giá", "Units assessed"), ui.num(len(scores)))
    cols[1].metric(ui.tr("Chỉ số trung bình", "Mean index"), ui.num(scores["par_index"].mean(), 2))
    best, worst = scores.iloc[0], scores.dropna(subset=["par_index"]).iloc[-1]
    cols[2].metric(ui.tr("Cao nhất", "Highest"), ui.num(best["par_index"], 2), help=ui.md_escape(best["unit_name"]))
    cols[3].metric(ui.tr("Thấp nhất", "Lowest"), ui.num(worst["par_index"], 2), help=ui.md_escape(worst["unit_name"]))
    grades = queries.par_grade_counts(scores)  # grades in grade order, the best first
    st.markdown(" · ".join(f"**{ui.md_escape(grade_text(g))}**: {n}" for g, n in grades.items()))


def ranking() -> None:
    """Every unit of the kind ranked, with its grade, self-assessment and change against last year."""
    st.subheader(ui.tr("Xếp hạng và xếp loại", "Ranking and grades"))
    st.caption(ui.tr("Chỉ số = 100 × tổng điểm thẩm định / tổng điểm tối đa của các tiêu chí thành phần.",
                     "Index = 100 × appraised points / maximum points over the leaf criteria."))
    merged_note = scores["successor_code"].notna()
    table = pd.DataFrame({
        ui.tr("Hạng", "Rank"): scores["rank"],
        ui.tr("Đơn vị", "Unit"): [n + (ui.tr(" (đã sáp nhập)", " (merged)") if m else "")
                                  for n, m in zip(scores["unit_name"], merged_note)],
        ui.tr("Chỉ số", "Index"): ui.nums(scores["par_index"], 2),
        ui.tr("Xếp loại", "Grade"): [grade_text(g) for g in scores["grade"]],
        ui.tr("Tự chấm", "Self-assessed"): ui.nums(scores["self_index"], 2),
        ui.tr("Chênh lệch tự chấm − thẩm định", "Self − appraised"): [
            change_text(None if pd.isna(s) or pd.isna(p) else s - p) for s, p in zip(scores["self_index"],
                                                                                 scores["par_index"])],
        ui.tr(f"Năm {year - 1}", f"{year - 1}"): ui.nums(scores["previous_index"], 2),
        ui.tr("Thay đổi", "Change"): [change_text(v) for v in scores["change"]],
    })
    ui.selectable_table(table, scores["unit_code"], key="par_ranking")
    ui.downloads(scores.drop(columns=["successor_code"]), f"chi_so_cchc_{year}_{kind}", key="par_dl")


def where_points_are_lost() -> None:
    """Units × criteria areas: the share of each area's maximum each unit scored."""
    st.subheader(ui.tr("Đơn vị mất điểm ở lĩnh vực nào", "Where units lose points"))
    grid, area_names = ui.query(queries.par_area_grid, year, kind)
    if grid.empty:
        return
    area_cols = list(grid.columns)
    area_names = {a: labels.par_name(n, ui.lang()) for a, n in area_names.items()}
    names = scores.set_index("unit_code")["unit_name"]
    # Columns are labelled by the area's number (long names would overlap on a projector); the
    # names are in the hover and in the caption under the chart.
    full = [ui.chart_text(f"{a}. {area_names.get(a, a)}") for a in area_cols]
    fig = go.Figure(go.Heatmap(
        z=grid.values, x=[ui.tr(f"Lĩnh vực {a}", f"Area {a}") for a in area_cols],
        y=[ui.chart_text(names[c]) for c in grid.index], colorscale="Cividis", zmin=40, zmax=100,
        colorbar=dict(title="%", ticksuffix="%"), customdata=[full] * len(grid),
        hovertemplate="%{y}<br>%{customdata}<br>%{z:.1f}%<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickangle=0, side="top")
    st.plotly_chart(ui.chart_layout(fig, height=max(420, 22 * len(grid) + 160), percent_axis=False),
                    width="stretch", config={"displaylogo": False}, key="par_heatmap")
    st.caption(ui.tr("Ô càng tối, đơn vị càng mất nhiều điểm ở lĩnh vực đó (tỷ lệ điểm đạt / điểm tối đa).",
                     "The darker the cell, the more points the unit lost in that area (points scored / maximum).")
               + "  \n" + ui.md_escape(" · ".join(full)))


def self_against_appraised() -> None:
    """The units whose self-assessment exceeds the appraisal the most."""
    st.subheader(ui.tr("Tự chấm so với thẩm định", "Self-assessed against appraised"))
    gap = queries.par_self_gaps(scores, 15)
    if gap.empty:
        ui.empty_state("Bảng điểm không có điểm tự chấm.", "The score table has no self-assessed points.")
        return
    fig = go.Figure(go.Bar(x=gap["gap"], y=[ui.chart_text(n) for n in gap["unit_name"]], orientation="h", marker_color="#5B6C8F",
                           hovertemplate="%{y}: %{x:.2f}<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    st.plotly_chart(ui.chart_layout(fig, height=480, percent_axis=False), width="stretch", key="par_gap")
    st.caption(ui.tr("Điểm tự chấm cao hơn điểm thẩm định bao nhiêu (điểm chỉ số), 15 đơn vị chênh nhất.",
                     "How far self-assessment exceeds the appraisal (index points), the 15 widest gaps."))


def change_against_last_year() -> None:
    """Each unit's index change against the year before."""
    st.subheader(ui.tr(f"Thay đổi so với năm {year - 1}", f"Change against {year - 1}"))
    moved = scores.dropna(subset=["change"]).sort_values("change")
    if moved.empty:
        ui.empty_state(f"Không có đơn vị nào có điểm cả hai năm {year - 1} và {year} (đơn vị sáp nhập năm 2025 "
                       "không so sánh được với đơn vị cũ).",
                       f"No unit has scores for both {year - 1} and {year} (units merged in 2025 are not "
                       "compared with the old ones).")
    else:
        fig = go.Figure(go.Bar(x=moved["change"], y=[ui.chart_text(n) for n in moved["unit_name"]], orientation="h",
                               marker_color=[labels.PALETTE[0] if v >= 0 else "#7F7F7F" for v in moved["change"]],
                               hovertemplate="%{y}: %{x:+.2f}<extra></extra>"))
        st.plotly_chart(ui.chart_layout(fig, height=max(420, 20 * len(moved) + 120), percent_axis=False),
                        width="stretch", key="par_change")


def criterion_tree() -> None:
    """One unit's criteria (the chosen unit's, else the lowest), with the points lost in each."""
    st.subheader(ui.tr("Cây tiêu chí của một đơn vị", "A unit's criterion tree"))
    codes = list(scores["unit_code"])
    names = dict(zip(scores["unit_code"], scores["unit_name"]))
    default = f.unit if f.unit in codes else codes[-1]
    if st.session_state.get("par_tree_unit") not in codes or (f.unit in codes and st.session_state.get("_par_tree_for")
                                                                != f.unit):
        st.session_state["par_tree_unit"] = default  # a unit chosen (row click, sidebar) shows its own tree
    st.session_state["_par_tree_for"] = f.unit
    unit = st.selectbox(ui.tr("Đơn vị", "Unit"), codes, format_func=lambda c: names[c],
                        key=ui.worded("par_tree_unit"), placeholder=ui.placeholder())
    row = scores[scores["unit_code"] == unit].iloc[0]
    if isinstance(row["successor_code"], str):
        registry = ui.query(queries.units)
        succ = registry.loc[registry["unit_code"] == row["successor_code"], "unit_name"]
        succ_name = ui.md_escape(succ.iloc[0] if len(succ) else row["successor_code"])
        st.info(ui.tr(f"Đơn vị này đã sáp nhập vào {succ_name}; điểm được giữ nguyên cho đơn vị cũ, không cộng "
                      "vào đơn vị mới.",
                      f"This unit merged into {succ_name}; its scores stay with the old unit and are not added to "
                      "the new one."))
    tree = ui.query(queries.par_criteria, year, unit)
    if tree.empty:
        ui.empty_state("Không có tiêu chí.", "No criteria.")
        return
    st.markdown(f"**{ui.md_escape(names[unit])}** · {ui.tr('Chỉ số', 'Index')} {ui.num(row['par_index'], 2)} · "
                f"{ui.md_escape(grade_text(row['grade']))} · {ui.tr('Hạng', 'Rank')} {row['rank']}")
    st.dataframe(pd.DataFrame({
        ui.tr("Mã", "Code"): tree["criterion_code"],
        ui.tr("Tiêu chí", "Criterion"): ["\u2003" * (d - 1) + (labels.par_name(n, ui.lang()) or "")
                                         for d, n in zip(tree["depth"], tree["criterion_name"])],
        ui.tr("Tối đa", "Max"): ui.nums(tree["max_shown"], 2),
        ui.tr("Tự chấm", "Self"): ui.nums(tree["self_shown"], 2),
        ui.tr("Thẩm định", "Appraised"): ui.nums(tree["final_shown"], 2),
        ui.tr("Mất điểm", "Lost"): [ui.num(v, 2) if pd.notna(v) else "—" for v in tree["lost"]],
    }), hide_index=True, width="stretch", key="par_tree", height=ui.table_height(len(tree), 700))


# ---- the page, in screen order. The sidebar's period governs: the index that applies is the latest
# year assessed up to its end, and the header names that year (an annual index never shows a month).
f = ui.filters()  # the reader's access checked and the sidebar's period read, before any query
years = ui.query(queries.par_years)
year = ui.score_period(years, f) if years else None
f = ui.page_header("Chỉ số cải cách hành chính (PAR)", "Administrative reform index (PAR)",
                   period=ui.score_period_text(f"Năm đánh giá {year}", f"Year assessed {year}", f)
                   if year else None, glossary=("TTHC",))
no_scores_yet()
kind = ui.kind_picker(f, "par_kind")
scores = ui.query(queries.par_index, year, kind)
if scores.empty:
    ui.empty_state(f"Không có điểm năm {year} cho loại đơn vị này.", f"No {year} scores for this kind of unit.")
    st.stop()
headline()
ranking()
where_points_are_lost()
left, right = st.columns(2)
with left:
    self_against_appraised()
with right:
    change_against_last_year()
criterion_tree()
