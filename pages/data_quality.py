"""Chất lượng dữ liệu (Data quality): what the imports could not place, what they rejected, who
sent nothing, and the import log."""
import streamlit as st

import ui

f = ui.page_header("Chất lượng dữ liệu", "Data quality")
period = f.period
k = ui.query("kpis", period.start, period.end, **f.scope)
c1, c2, c3 = st.columns(3)
c1.metric(ui.tr("Hồ sơ thiếu ngày hẹn trả (không tính đúng hạn)", "Dossiers without a due date (left out of on-time)"),
          ui.num(k["missing_due_date"]))
unknown_units = ui.query("unknown_units")
unknown_procs = ui.query("unknown_procedures")
c2.metric(ui.tr("Mã đơn vị không có trong danh mục", "Unit codes not in the registry"), ui.num(len(unknown_units)))
c3.metric(ui.tr("Mã thủ tục không có trong danh mục", "Procedure codes not in the catalogue"),
          ui.num(len(unknown_procs)))

st.subheader(ui.tr("Đơn vị không gửi hồ sơ nào trong kỳ", "Units that sent nothing in the period"))
units = ui.query("unit_counts", period.start, period.end, **f.scope)
silent = units[units["registered"] & (units["received"] == 0) & units["kind"].isin(["department", "commune", "center"])]
if silent.empty:
    st.success(ui.tr("Mọi đơn vị đều có hồ sơ trong kỳ.", "Every unit has dossiers in the period."))
else:
    table = silent[["unit_code", "unit_name", "kind"]].rename(columns={
        "unit_code": ui.tr("Mã đơn vị", "Unit code"), "unit_name": ui.tr("Đơn vị", "Unit"),
        "kind": ui.tr("Loại", "Kind")})
    st.dataframe(table, hide_index=True, width="stretch")

st.subheader(ui.tr("Đơn vị không có trong danh mục", "Units not in the registry"))
if unknown_units.empty:
    st.success(ui.tr("Mọi hồ sơ đều thuộc một đơn vị đã đăng ký.", "Every dossier belongs to a registered unit."))
else:
    st.dataframe(unknown_units, hide_index=True, width="stretch")

review = ui.query("units_to_review")
if not review.empty:  # added by PAR / QĐ 766 imports from codes the registry lacked
    st.subheader(ui.tr(f"Đơn vị mới từ tệp điểm cần kiểm tra ({len(review)})",
                       f"New units from score files to review ({len(review)})"))
    st.dataframe(review, hide_index=True, width="stretch", key="units_to_review")

st.subheader(ui.tr("Thủ tục không có trong danh mục", "Procedures not in the catalogue"))
if unknown_procs.empty:
    st.success(ui.tr("Mọi hồ sơ đều thuộc một thủ tục trong danh mục.", "Every dossier's procedure is catalogued."))
else:
    st.dataframe(unknown_procs, hide_index=True, width="stretch")

st.subheader(ui.tr("Dòng bị từ chối theo lần nhập", "Rejected rows per import"))
rejections = ui.query("rejections_by_import")
if rejections.empty:
    st.success(ui.tr("Chưa lần nhập nào có dòng bị từ chối.", "No import has rejected rows."))
else:
    st.dataframe(rejections, hide_index=True, width="stretch")

st.subheader(ui.tr("Lịch sử nhập dữ liệu", "Import history"))
st.dataframe(ui.query("import_history"), hide_index=True, width="stretch")
