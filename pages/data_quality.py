"""Chất lượng dữ liệu (Data quality): what the imports could not place, and the import log."""
import streamlit as st

import formatting as fmt
import ui

lang = ui.lang()
st.title(ui.tr("Chất lượng dữ liệu", "Data quality"))
ui.demo_banner()
f: ui.Filters = st.session_state["filters"]
k = ui.load_kpis(ui.data_version(), f.period.start, f.period.end, f.kind, f.unit)
st.metric(ui.tr("Hồ sơ thiếu ngày hẹn trả (không tính đúng hạn)", "Dossiers without a due date (left out of on-time)"),
          fmt.number(k["missing_due_date"], lang=lang))

version = ui.data_version()
st.subheader(ui.tr("Đơn vị không có trong danh mục", "Units not in the registry"))
unknown = ui.load_table(version, 'unknown_units')
if unknown.empty:
    st.success(ui.tr("Mọi hồ sơ đều thuộc một đơn vị đã đăng ký.", "Every dossier belongs to a registered unit."))
else:
    st.dataframe(unknown, hide_index=True, width="stretch")

st.subheader(ui.tr("Thủ tục không có trong danh mục", "Procedures not in the catalogue"))
unknown = ui.load_table(version, 'unknown_procedures')
if unknown.empty:
    st.success(ui.tr("Mọi hồ sơ đều thuộc một thủ tục trong danh mục.", "Every dossier's procedure is catalogued."))
else:
    st.dataframe(unknown, hide_index=True, width="stretch")

st.subheader(ui.tr("Lịch sử nhập dữ liệu", "Import history"))
st.dataframe(ui.load_table(version, 'import_history'), hide_index=True, width="stretch")
