"""Canonical columns of every import kind, the headers each accepts, and header folding.

Headers are compared after `fold`: no case, no Vietnamese diacritics, no spaces, underscores
or punctuation, so `Ngày tiếp nhận`, `NGAY_TIEP_NHAN` and `NgayTiepNhan` are one header.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text) -> str:
    """Fold a header or label for matching: lower case ASCII letters and digits only."""
    if text is None:
        return ""
    s = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return _NON_ALNUM.sub("", s)


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # text, code, date, bool, paid, number, int, channel, level, status, kind, online_level
    aliases: tuple[str, ...] = ()
    required: bool = False


DOSSIER_COLUMNS = (
    Column("dossier_code", "code", ("MaHoSo", "Mã hồ sơ", "Số hồ sơ"), required=True),
    Column("procedure_code", "code", ("MaTTHC", "Mã TTHC", "Mã thủ tục")),
    Column("procedure_name", "text", ("TenTTHC", "Tên TTHC", "Tên thủ tục")),
    Column("field_code", "code", ("MaLinhVuc", "Mã lĩnh vực")),
    Column("field_name", "text", ("TenLinhVuc", "Lĩnh vực", "Tên lĩnh vực")),
    Column("unit_code", "code", ("MaDonVi", "Mã đơn vị", "Mã cơ quan")),
    Column("unit_name", "text", ("DonViXuLy", "Đơn vị xử lý", "Cơ quan giải quyết", "Đơn vị")),
    Column("channel", "channel", ("KenhThucHien", "Kênh thực hiện", "Hình thức nộp")),
    Column("service_level", "level", ("MucDo", "Mức độ", "Mức độ DVC")),
    Column("received_at", "date", ("NgayTiepNhan", "Ngày tiếp nhận"), required=True),
    Column("due_at", "date", ("NgayHenTra", "Ngày hẹn trả")),
    Column(
        "completed_at",
        "date",
        ("NgayKetThucXuLy", "NgayKetThucXuLy_ThucTe", "Ngày có kết quả", "Ngày hoàn thành", "Ngày kết thúc xử lý"),
    ),
    Column("returned_at", "date", ("NgayTra", "Ngày trả kết quả")),
    Column("status", "status", ("TrangThaiHoSo", "Trạng thái"), required=True),
    Column("digitized", "bool", ("HoSoCoThanhPhanSoHoa", "Số hóa hồ sơ", "Đã số hóa")),
    Column("result_digitized", "bool", ("Số hóa kết quả", "Có kết quả điện tử")),
    Column("reused", "bool", ("DuocTaiSuDung", "Tái sử dụng dữ liệu")),
    Column("fee_required", "bool", ("Có phí", "Có phí lệ phí", "Phải nộp phí")),
    Column("paid_online", "paid", ("DuocThanhToanTrucTuyen", "Thanh toán trực tuyến")),
    Column("apology", "bool", ("Xin lỗi", "Đã xin lỗi", "Phiếu xin lỗi")),
    Column("rating", "number", ("DanhGia", "Đánh giá", "Mức độ hài lòng")),
)

UNIT_COLUMNS = (
    Column("unit_code", "code", ("Mã đơn vị", "MaDonVi", "Mã cơ quan"), required=True),
    Column("unit_name", "text", ("Tên đơn vị", "TenDonVi", "Đơn vị", "Tên cơ quan"), required=True),
    Column("kind", "kind", ("Loại đơn vị", "Loại", "Cấp")),
    Column("parent_code", "code", ("Mã đơn vị cha", "Đơn vị cha", "Mã cấp trên")),
    Column("admin_code", "code", ("Mã hành chính", "Mã ĐVHC", "Mã GSO")),
    Column("lat", "number", ("Vĩ độ", "latitude")),
    Column("lon", "number", ("Kinh độ", "longitude", "lng")),
    Column("valid_from", "date", ("Hiệu lực từ", "Từ ngày")),
    Column("valid_to", "date", ("Hiệu lực đến", "Đến ngày")),
    Column("successor_code", "code", ("Mã đơn vị kế thừa", "Đơn vị kế thừa")),
)

PROCEDURE_COLUMNS = (
    Column("procedure_code", "code", ("MaTTHC", "Mã TTHC", "Mã thủ tục"), required=True),
    Column("procedure_name", "text", ("TenTTHC", "Tên TTHC", "Tên thủ tục")),
    Column("field_name", "text", ("TenLinhVuc", "Lĩnh vực", "Tên lĩnh vực")),
    Column("online_level", "online_level", ("Mức độ", "Mức độ DVC", "MucDo", "Mức độ trực tuyến"), required=True),
    Column("fee_required", "bool", ("Có phí", "Có phí lệ phí", "Phải nộp phí")),
    Column("paper_result_required", "bool", ("Yêu cầu kết quả giấy", "Trả kết quả giấy")),
)

TARGET_COLUMNS = (
    Column("metric", "text", ("Chỉ tiêu", "Chỉ số"), required=True),
    Column("year", "int", ("Năm",), required=True),
    Column("scope", "code", ("Phạm vi", "Áp dụng cho")),
    Column("value", "number", ("Giá trị", "Mục tiêu", "target", "Chỉ tiêu (%)"), required=True),
)

# PAR / provincial CCHC index (SPEC §2.3): a long table, one row per unit and criterion.
PAR_COLUMNS = (
    Column("year", "int", ("Năm", "Năm đánh giá", "Kỳ đánh giá"), required=True),
    Column("unit_code", "code", ("Mã đơn vị", "MaDonVi", "Mã cơ quan"), required=True),
    Column("unit_name", "text", ("Tên đơn vị", "TenDonVi", "Đơn vị", "Tên cơ quan")),
    Column("criterion_code", "code", ("Mã tiêu chí", "MaTieuChi", "Mã chỉ tiêu", "STT tiêu chí"), required=True),
    Column("criterion_name", "text", ("Tên tiêu chí", "TenTieuChi", "Tiêu chí", "Nội dung", "Lĩnh vực, tiêu chí")),
    Column("max_points", "number", ("Điểm tối đa", "DiemToiDa", "Điểm chuẩn", "Thang điểm"), required=True),
    Column("self_points", "number", ("Điểm tự chấm", "DiemTuCham", "Tự chấm", "Điểm tự đánh giá")),
    Column("final_points", "number", ("Điểm thẩm định", "DiemThamDinh", "Thẩm định", "Điểm đạt"), required=True),
)

KINDS = {
    "dossiers": DOSSIER_COLUMNS,
    "units": UNIT_COLUMNS,
    "procedures": PROCEDURE_COLUMNS,
    "targets": TARGET_COLUMNS,
    "par": PAR_COLUMNS,
}

# The column whose presence says which kind a file is, checked in this order.
KIND_MARKERS = (
    ("dossiers", {"dossier_code", "received_at"}),
    ("procedures", {"procedure_code", "online_level"}),
    ("targets", {"metric", "value"}),
    ("par", {"criterion_code", "final_points"}),
    ("units", {"unit_code", "unit_name"}),
)


def header_index(kind: str) -> dict[str, str]:
    """Folded header → canonical name for one kind."""
    index = {}
    for col in KINDS[kind]:
        for alias in (col.name, *col.aliases):
            index.setdefault(fold(alias), col.name)
    return index


def match_headers(headers: list[str], kind: str) -> dict[int, str]:
    """Position → canonical name for the headers one kind recognises (first occurrence wins)."""
    index = header_index(kind)
    found: dict[int, str] = {}
    taken = set()
    for i, h in enumerate(headers):
        name = index.get(fold(h))
        if name and name not in taken:
            found[i] = name
            taken.add(name)
    return found


def detect_kind(headers: list[str]) -> str | None:
    """The kind whose marker columns all appear among the headers."""
    for kind, markers in KIND_MARKERS:
        if markers <= set(match_headers(headers, kind).values()):
            return kind
    return None


def best_kind_score(headers: list[str]) -> int:
    """How many headers some kind recognises: used to find the header row."""
    return max(len(match_headers(headers, k)) for k in KINDS)
