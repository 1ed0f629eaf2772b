"""Chất lượng dữ liệu (Data quality): what the imports could not place, what they rejected, who
sent nothing, and the import log."""
import streamlit as st

import labels
import queries
import ui
from data_loaders.messages import REASON_NAMES

# Column names of the data-quality queries, as the downloaded files name them.
HEADERS = {
    "unit_code": ("Mã đơn vị", "Unit code"), "unit_name": ("Đơn vị", "Unit"), "dossiers": ("Số hồ sơ", "Dossiers"),
    "first_received": ("Tiếp nhận sớm nhất", "First received"), "last_received": ("Tiếp nhận gần nhất", "Last received"),
    "procedure_code": ("Mã TTHC", "Procedure code"), "procedure_name": ("Tên TTHC", "Procedure"),
    "units": ("Số đơn vị", "Units"), "import_id": ("Lần nhập", "Import"), "file_name": ("Tệp", "File"),
    "kind": ("Loại", "Kind"), "started_at": ("Bắt đầu", "Started"), "finished_at": ("Kết thúc", "Finished"),
    "rows_read": ("Số dòng đọc", "Rows read"), "rows_rejected": ("Số dòng bị từ chối", "Rows rejected"),
    "reason": ("Lý do", "Reason"), "rows": ("Số dòng", "Rows"), "status": ("Trạng thái", "Status"),
    "message": ("Thông báo", "Message"), "rows_imported": ("Nhập mới", "Imported"),
    "rows_updated": ("Cập nhật", "Updated"), "rows_unchanged": ("Không đổi", "Unchanged"),
    "rows_skipped": ("Bỏ qua", "Skipped"), "imported_by": ("Người nhập", "Imported by"),
    "file_hash": ("Mã băm tệp (SHA-256)", "File hash (SHA-256)"),
    "parent_code": ("Mã đơn vị cấp trên", "Parent unit code"),
}


def kind_text(kind) -> str:
    """A unit kind or an import kind in words ("center" → "Trung tâm PVHCC")."""
    for names in (labels.UNIT_KIND_LABELS, labels.IMPORT_KIND_LABELS):
        if kind in names:
            return ui.tr(*names[kind])
    return {"demo": ui.tr("Dữ liệu mẫu", "Demo data")}.get(kind, kind)


def named(frame):
    """The frame with its columns named for people and its kinds and statuses in words: what the
    page shows and what the downloaded files hold."""
    frame = frame.copy()
    if "kind" in frame.columns:
        frame["kind"] = [kind_text(k) for k in frame["kind"]]
    if "status" in frame.columns:
        frame["status"] = [ui.tr(*labels.IMPORT_STATUS_LABELS[s]) if s in labels.IMPORT_STATUS_LABELS else s
                           for s in frame["status"]]
    if "imported_by" in frame.columns:  # the demo's own import, made by the system
        frame["imported_by"] = frame["imported_by"].replace({"system": ui.tr("hệ thống", "system")})
    if "reason" in frame.columns:  # "impossible_date" → "Ngày không tồn tại"
        frame["reason"] = [ui.tr(*REASON_NAMES[r]) if r in REASON_NAMES else r for r in frame["reason"]]
    if "message" in frame.columns and "kind" in frame.columns:  # the demo's own line, in one language
        frame.loc[frame["message"] == "Dữ liệu mẫu / demo data", "message"] = ui.tr("Dữ liệu mẫu", "Demo data")
    return frame.rename(columns={c: ui.tr(*HEADERS[c]) for c in frame.columns if c in HEADERS})





def listing(frame, all_clear: tuple[str, str], file_name: str, key: str) -> None:
    """A list of what needs looking at, with its download; "all clear" in words when it is empty."""
    if frame.empty:
        st.success(ui.tr(*all_clear))
        return
    st.dataframe(named(frame), hide_index=True, width="stretch")
    ui.downloads(named(frame), file_name, key=key)


def counts() -> None:
    """The three counts a data officer watches."""
    k = ui.query(queries.kpis, period.start, period.end, shares=False, **f.scope)
    c1, c2, c3 = st.columns(3)
    c1.metric(ui.tr("Hồ sơ thiếu ngày hẹn trả (không tính đúng hạn)", "Dossiers without a due date (left out of on-time)"),
              ui.num(k["missing_due_date"]))
    c2.metric(ui.tr("Mã đơn vị không có trong danh mục", "Unit codes not in the registry"), ui.num(len(unknown_units)))
    c3.metric(ui.tr("Mã thủ tục không có trong danh mục", "Procedure codes not in the catalogue"),
              ui.num(len(unknown_procs)))


def silent_units() -> None:
    """Registered departments, communes and centres that sent no dossier in the period."""
    st.subheader(ui.tr("Đơn vị không gửi hồ sơ nào trong kỳ", "Units that sent nothing in the period"))
    silent = ui.query(queries.silent_units, period.start, period.end, **f.scope)
    if silent.empty:
        st.success(ui.tr("Mọi đơn vị đều có hồ sơ trong kỳ.", "Every unit has dossiers in the period."))
    else:
        table = named(silent)
        st.dataframe(table, hide_index=True, width="stretch")
        ui.downloads(table, f"don_vi_khong_gui_ho_so_{period.start:%Y%m%d}_{period.end:%Y%m%d}", key="dq_silent_dl")


def units_not_in_the_registry() -> None:
    """Unit codes in dossiers that the registry lacks, and units score files added for review."""
    st.subheader(ui.tr("Đơn vị không có trong danh mục", "Units not in the registry"))
    listing(unknown_units, ("Mọi hồ sơ đều thuộc một đơn vị đã đăng ký.", "Every dossier belongs to a registered unit."),
            "don_vi_ngoai_danh_muc", "dq_units_dl")
    review = ui.query(queries.units_to_review)
    if not review.empty:  # added by PAR / QĐ 766 imports from codes the registry lacked
        st.subheader(ui.tr(f"Đơn vị mới từ tệp điểm cần kiểm tra ({len(review)})",
                           f"New units from score files to review ({len(review)})"))
        st.dataframe(named(review), hide_index=True, width="stretch", key="units_to_review")


def procedures_not_in_the_catalogue() -> None:
    """Procedure codes in dossiers that the catalogue lacks."""
    st.subheader(ui.tr("Thủ tục không có trong danh mục", "Procedures not in the catalogue"))
    listing(unknown_procs, ("Mọi hồ sơ đều thuộc một thủ tục trong danh mục.", "Every dossier's procedure is catalogued."),
            "thu_tuc_ngoai_danh_muc", "dq_procedures_dl")


def rejected_rows() -> None:
    """Rejected rows per import and reason."""
    st.subheader(ui.tr("Dòng bị từ chối theo lần nhập", "Rejected rows per import"))
    listing(ui.query(queries.rejections_by_import), ("Chưa lần nhập nào có dòng bị từ chối.", "No import has rejected rows."),
            "dong_bi_tu_choi", "dq_rejections_dl")


def import_history() -> None:
    """Every import, newest first."""
    st.subheader(ui.tr("Lịch sử nhập dữ liệu", "Import history"))
    history = ui.query(queries.import_history)
    st.dataframe(named(history), hide_index=True, width="stretch")
    ui.downloads(named(history), "lich_su_nhap_du_lieu", key="dq_history_dl")


# ---- the page, in screen order ----------------------------------------------------------------------
f = ui.page_header("Chất lượng dữ liệu", "Data quality", glossary=("TTHC", "PVHCC"))
period = f.period
unknown_units = ui.query(queries.unknown_units)
unknown_procs = ui.query(queries.unknown_procedures)
counts()
silent_units()
units_not_in_the_registry()
procedures_not_in_the_catalogue()
rejected_rows()
import_history()
