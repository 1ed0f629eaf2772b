"""The hand-counted test province (tests/province.py) written in the layouts of real one-stop
systems (tests/test_layouts.py describes each): shared by tests/test_layouts.py and the pages'
tests that need an export without some column."""
from __future__ import annotations

import datetime as dt

import openpyxl

from tests.conftest import write_csv
from tests.province import DOSSIERS, PROCEDURES

NAMES = {"U1": "Sở Tư pháp", "U2": "UBND xã An Bình"}
PROCEDURE_NAMES = {p[0]: p[1] for p in PROCEDURES}
CHANNEL_CODES = {"Trực tiếp": "1", "Trực tuyến": "2", "Bưu chính": "3"}
STATUS_LABELS = {2: "Được tiếp nhận", 3: "Không được tiếp nhận", 4: "Đang xử lý", 5: "Yêu cầu bổ sung giấy tờ",
                 7: "Công dân yêu cầu rút hồ sơ", 9: "Đã xử lý xong", 10: "Đã trả kết quả"}


def canonical(row):
    """One row of test_metrics.DOSSIERS as a dict of typed values."""
    (code, proc, _, _, unit, _, channel, _, received, due, completed, _, status, digitized, result, _, fee, paid,
     apology) = row

    def when(text):
        if not text:
            return None
        return dt.datetime.strptime(text, "%d/%m/%Y %H:%M" if " " in text else "%d/%m/%Y")

    return {"code": code, "proc": proc, "unit": unit, "channel": channel, "received": when(received),
            "due": when(due), "due_has_time": " " in due, "completed": when(completed), "status": status,
            "digitized": digitized, "paid": paid}


ROWS = [canonical(r) for r in DOSSIERS]
FLAG_METRICS = ("digitized_rate", "result_digitized_rate", "digitized_full_rate", "reuse_rate", "online_payment_rate",
                "apology_rate")


def national_sync(tmp_path):
    headers = ["MaHoSo", "MaTTHC", "TenTTHC", "MaLinhVuc", "TenLinhVuc", "KenhThucHien", "ChuHoSo", "LoaiDoiTuong",
               "TrichYeuHoSo", "NgayTiepNhan", "NgayHenTra", "TrangThaiHoSo", "NgayTra", "HinhThuc",
               "NgayKetThucXuLy", "DonViXuLy", "HoSoCoThanhPhanSoHoa", "DuocThanhToanTrucTuyen", "NoiNopHoSo"]

    def compact(t, date_only=False):
        return "" if t is None else t.strftime("%Y%m%d" if date_only else "%Y%m%d%H%M%S")

    rows = [[f"000.00.53.H99-{r['received']:%y%m%d}-{r['code']}", r["proc"], PROCEDURE_NAMES[r["proc"]], "", "",
             CHANNEL_CODES[r["channel"]], "Nguyễn Văn A", "1", "Hồ sơ thử", compact(r["received"]),
             compact(r["due"], date_only=not r["due_has_time"]), r["status"], "", "0", compact(r["completed"]),
             f"{NAMES[r['unit']]} - Tỉnh Thử", "1" if r["digitized"] else "0",
             {"1": "1", "0": "3"}.get(r["paid"], "0"), "2"] for r in ROWS]
    return write_csv(tmp_path / "dongbo_dvcqg.csv", rows, headers)


def opencps_report(tmp_path):
    headers = ["STT", "Mã hồ sơ", "Mã thủ tục", "Nội dung", "Cơ quan thụ lý", "Sổ theo dõi", "Chủ hồ sơ",
               "Ngày gửi", "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày hoàn thành", "Ngày trả", "Trạng thái",
               "Trực tuyến"]

    def vn(t, date_only=False):
        return "" if t is None else t.strftime("%d/%m/%Y" if date_only else "%d/%m/%Y %H:%M:%S")

    rows = [[i + 1, r["code"], r["proc"], f"Hồ sơ {r['code']}", NAMES[r["unit"]], "Sổ 1", "Trần Thị B",
             vn(r["received"]), vn(r["received"]), vn(r["due"], date_only=not r["due_has_time"]), vn(r["completed"]),
             "", STATUS_LABELS.get(r["status"], str(r["status"])), "Có" if r["channel"] == "Trực tuyến" else "Không"]
            for i, r in enumerate(ROWS)]
    return write_csv(tmp_path / "opencps_bao_cao.csv", rows, headers,
                     title_lines=["UBND TỈNH THỬ", "BÁO CÁO DANH SÁCH HỒ SƠ", ""])


def provincial_list_xlsx(tmp_path):
    headers = ["STT", "Đơn vị tiếp nhận", "Lĩnh vực", "Tên thủ tục hành chính", "Mã hồ sơ", "Trạng thái",
               "Địa chỉ", "Chủ hồ sơ", "Ngày nhận", "Ngày hẹn trả", "Ngày kết thúc xử lý"]
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["ỦY BAN NHÂN DÂN TỈNH THỬ"])
    sheet.append(["DANH SÁCH HỒ SƠ TIẾP NHẬN VÀ GIẢI QUYẾT"])
    sheet.append([])
    sheet.append(headers)
    for i, r in enumerate(ROWS):
        due = r["due"] if r["due_has_time"] or r["due"] is None else r["due"].date()
        sheet.append([i + 1, NAMES[r["unit"]], "", PROCEDURE_NAMES[r["proc"]], r["code"],
                      STATUS_LABELS.get(r["status"], str(r["status"])), "Xã An Bình", "Lê Văn C", r["received"],
                      due, r["completed"]])
    sheet.append(["Tổng cộng", "", "", "", len(ROWS)])
    path = tmp_path / "danh_sach_ho_so.xlsx"
    book.save(path)
    return path


def igate_flattened(tmp_path):
    headers = ["nationCode", "procedure.code", "procedure.translate.name", "agency.code", "agency.name",
               "acceptedDate", "appointmentDate", "completedDate", "returnedDate", "dossierStatus.name",
               "applyMethod.name"]

    def iso(t, utc):
        if t is None:
            return ""
        if utc:  # the same instant in UTC
            return (t - dt.timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        return t.strftime("%Y-%m-%dT%H:%M:%S.000+0700")

    methods = {"Trực tiếp": "Trực tiếp", "Trực tuyến": "Trực tuyến", "Bưu chính": "Bưu chính công ích"}
    rows = [[r["code"], r["proc"], PROCEDURE_NAMES[r["proc"]], r["unit"], NAMES[r["unit"]], iso(r["received"], i % 2),
             iso(r["due"], i % 2 == 0), iso(r["completed"], i % 2), "", STATUS_LABELS.get(r["status"], ""),
             methods[r["channel"]]] for i, r in enumerate(ROWS)]
    return write_csv(tmp_path / "igate.csv", rows, headers)
