"""Canonical columns of every import kind, the headers each accepts, and header folding.

A header is recognised in three ways, in this order:
1. by name: `fold` removes case, Vietnamese diacritics, spaces, underscores and punctuation, so
   `Ngày tiếp nhận`, `NGAY_TIEP_NHAN` and `NgayTiepNhan` are one header, then the alias lists
   below (gathered from the exports of real one-stop systems, see docs) are looked up;
2. by its words (`WORD_RULES`): a header nobody listed, such as `Cơ quan/đơn vị thụ lý`, is
   read as words and matched against ordered rules, the more specific first, so that
   `Mã đơn vị` lands on unit_code and `Tên đơn vị` on unit_name in the same file;
3. by a mapping staff saved for their system (data_loaders/mappings.py), which overrides both.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def _strip_marks(text: str) -> str:
    s = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    return "".join(c for c in s if not unicodedata.combining(c))


# Finding the header row folds every cell of the first rows against every kind's headers, in every
# import: the same few hundred strings each time. Short strings are remembered (a long cell is a
# value, not a header, and is not kept: a hostile file's megabyte cells must not fill memory).
_SHORT = 200
MAX_HEADER = _SHORT  # no real column name is longer


def fold(text) -> str:
    """Fold a header or label for matching: lower case ASCII letters and digits only."""
    if text is None:
        return ""
    text = str(text)
    return _fold(text) if len(text) <= _SHORT else _fold.__wrapped__(text)


@lru_cache(maxsize=1 << 15)
def _fold(text: str) -> str:
    return _NON_ALNUM.sub("", _strip_marks(text).lower())


_PROVINCE_SUFFIX = re.compile(r"\s+-\s+(tỉnh|thành phố|tp\.?)\s.*$", re.IGNORECASE)


def unit_key(name) -> str:
    """A unit's name as a matching key (the SQL macro vn_unit_key): folded, without the
    " - Tỉnh …" the national portal appends to unit names."""
    if name is None:
        return ""
    return fold(_PROVINCE_SUFFIX.sub("", unicodedata.normalize("NFC", str(name))))


def words(text) -> str:
    """A header as space-separated folded words, padded: ' ngay tiep nhan '. CamelCase is split
    (`NgayTiepNhan` → ngay tiep nhan) so that word rules read exports of every style."""
    if text is None:
        return " "
    text = str(text)
    return _words(text) if len(text) <= _SHORT else _words.__wrapped__(text)


@lru_cache(maxsize=1 << 15)
def _words(text: str) -> str:
    return " " + " ".join(_NON_ALNUM.split(_CAMEL.sub(" ", _strip_marks(text)).lower())).strip() + " "


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # text, code, date, bool, paid, fee, number, int, channel, level, status, kind, online_level
    aliases: tuple[str, ...] = ()
    required: bool = False
    label: tuple[str, str] = ("", "")  # what a person calls it (vi, en), for the mapping drop-down


# Aliases: the usual Vietnamese headers, plus the names real systems use (docs/import-layouts.md says
# where each was found): the national portal's dossier synchronisation record (MaHoSo …,
# DonViXuLy carries a name), OpenCPS (dossierNo, govAgencyCode, receiveDate, releaseDate …, and
# its Vietnamese report labels), VNPT iGate (code, appointmentDate …) and provincial exports.
DOSSIER_COLUMNS = (
    Column("dossier_code", "code", ("MaHoSo", "Mã hồ sơ", "Số hồ sơ", "dossierNo", "nationCode", "Mã số hồ sơ"),
           required=True, label=("Mã hồ sơ", "Dossier code")),
    Column("procedure_code", "code", ("MaTTHC", "Mã TTHC", "Mã thủ tục", "serviceCode", "procedureCode",
                                      "Mã thủ tục hành chính"), label=("Mã thủ tục", "Procedure code")),
    Column("procedure_name", "text", ("TenTTHC", "Tên TTHC", "Tên thủ tục", "serviceName", "procedureName",
                                      "Tên thủ tục hành chính", "Thủ tục hành chính", "procedure.translate.name"),
           label=("Tên thủ tục", "Procedure name")),
    Column("field_code", "code", ("MaLinhVuc", "Mã lĩnh vực", "domainCode", "sectorCode"),
           label=("Mã lĩnh vực", "Field code")),
    Column("field_name", "text", ("TenLinhVuc", "Lĩnh vực", "Tên lĩnh vực", "domainName", "sectorName",
                                  "linhVucChinh"), label=("Lĩnh vực", "Field")),
    Column("unit_code", "code", ("MaDonVi", "Mã đơn vị", "Mã cơ quan", "govAgencyCode", "agencyCode",
                                 "MaDonViXuLy", "MaCoQuan", "MA_COQUAN"), label=("Mã đơn vị", "Unit code")),
    Column("unit_name", "text", ("DonViXuLy", "Đơn vị xử lý", "Cơ quan giải quyết", "Đơn vị", "govAgencyName",
                                 "agencyName", "Cơ quan thụ lý", "Đơn vị tiếp nhận", "Cơ quan/đơn vị",
                                 "Cơ quan thực hiện", "Tên đơn vị", "Tên cơ quan"), label=("Tên đơn vị", "Unit name")),
    Column("channel", "channel", ("KenhThucHien", "Kênh thực hiện", "Hình thức nộp", "Hình thức tiếp nhận",
                                  "Loại tiếp nhận", "Kênh nộp", "applyMethod", "applyMethod.name"), label=("Kênh nộp", "Channel")),
    Column("service_level", "level", ("MucDo", "Mức độ", "Mức độ DVC", "Mức độ dịch vụ công", "procedureLevel"),
           label=("Mức độ DVC", "Service level")),
    Column("received_at", "date", ("NgayTiepNhan", "Ngày tiếp nhận", "Ngày nhận", "receiveDate", "acceptedDate",
                                   "Ngày nhận hồ sơ"), required=True, label=("Ngày tiếp nhận", "Date received")),
    Column("due_at", "date", ("NgayHenTra", "Ngày hẹn trả", "dueDate", "appointmentDate", "Hạn giải quyết",
                              "Ngày hẹn trả kết quả"), label=("Ngày hẹn trả", "Due date")),
    Column(
        "completed_at",
        "date",
        ("NgayKetThucXuLy", "NgayKetThucXuLy_ThucTe", "Ngày có kết quả", "Ngày hoàn thành", "Ngày kết thúc xử lý",
         "releaseDate", "completedDate", "Ngày xử lý xong"),
        label=("Ngày có kết quả", "Date completed"),
    ),
    Column("returned_at", "date", ("NgayTra", "Ngày trả kết quả", "Ngày trả", "finishDate", "returnedDate"),
           label=("Ngày trả kết quả", "Date returned")),
    Column("status", "status", ("TrangThaiHoSo", "Trạng thái", "Tình trạng", "dossierStatus", "dossierStatusText",
                                "Trạng thái hồ sơ", "tenTrangThaiHoSo", "dossierStatus.name"), required=True,
           label=("Trạng thái", "Status")),
    Column("digitized", "bool", ("HoSoCoThanhPhanSoHoa", "Số hóa hồ sơ", "Đã số hóa", "Số hóa thành phần hồ sơ"),
           label=("Số hóa hồ sơ", "Dossier digitized")),
    Column("result_digitized", "bool", ("Số hóa kết quả", "Có kết quả điện tử", "Kết quả điện tử"),
           label=("Số hóa kết quả", "Result digitized")),
    Column("reused", "bool", ("DuocTaiSuDung", "Tái sử dụng dữ liệu", "Tái sử dụng"),
           label=("Tái sử dụng dữ liệu", "Data reused")),
    Column("fee_required", "fee", ("Có phí", "Có phí lệ phí", "Phải nộp phí", "Phí, lệ phí"),
           label=("Có phí, lệ phí", "Fee required")),
    Column("paid_online", "paid", ("DuocThanhToanTrucTuyen", "Thanh toán trực tuyến", "Đã thanh toán trực tuyến"),
           label=("Thanh toán trực tuyến", "Paid online")),
    Column("apology", "bool", ("Xin lỗi", "Đã xin lỗi", "Phiếu xin lỗi", "Thư xin lỗi"),
           label=("Thư xin lỗi", "Apology letter")),
    Column("rating", "number", ("DanhGia", "Đánh giá", "Mức độ hài lòng"), label=("Đánh giá", "Rating")),
    # OpenCPS and some provincial exports mark online dossiers with a yes/no column instead of a
    # channel: it gives the channel (online, else direct) when the file has no channel column.
    Column("online_flag", "bool", ("Trực tuyến", "online", "Nộp trực tuyến", "Hồ sơ trực tuyến"),
           label=("Nộp trực tuyến (có/không)", "Submitted online (yes/no)")),
)

UNIT_COLUMNS = (
    Column("unit_code", "code", ("Mã đơn vị", "MaDonVi", "Mã cơ quan", "MA_COQUAN", "govAgencyCode", "Mã định danh"),
           required=True, label=("Mã đơn vị", "Unit code")),
    Column("unit_name", "text", ("Tên đơn vị", "TenDonVi", "Đơn vị", "Tên cơ quan", "govAgencyName"), required=True,
           label=("Tên đơn vị", "Unit name")),
    Column("kind", "kind", ("Loại đơn vị", "Loại", "Cấp"), label=("Loại đơn vị", "Unit kind")),
    Column("parent_code", "code", ("Mã đơn vị cha", "Đơn vị cha", "Mã cấp trên"), label=("Mã đơn vị cha", "Parent code")),
    Column("admin_code", "code", ("Mã hành chính", "Mã ĐVHC", "Mã GSO"), label=("Mã hành chính", "Administrative code")),
    Column("lat", "number", ("Vĩ độ", "latitude"), label=("Vĩ độ", "Latitude")),
    Column("lon", "number", ("Kinh độ", "longitude", "lng"), label=("Kinh độ", "Longitude")),
    Column("valid_from", "date", ("Hiệu lực từ", "Từ ngày"), label=("Hiệu lực từ", "Valid from")),
    Column("valid_to", "date", ("Hiệu lực đến", "Đến ngày"), label=("Hiệu lực đến", "Valid to")),
    Column("successor_code", "code", ("Mã đơn vị kế thừa", "Đơn vị kế thừa"), label=("Mã đơn vị kế thừa", "Successor code")),
)

PROCEDURE_COLUMNS = (
    Column("procedure_code", "code", ("MaTTHC", "Mã TTHC", "Mã thủ tục", "serviceCode", "Mã thủ tục hành chính"),
           required=True, label=("Mã thủ tục", "Procedure code")),
    Column("procedure_name", "text", ("TenTTHC", "Tên TTHC", "Tên thủ tục", "serviceName", "Tên thủ tục hành chính"),
           label=("Tên thủ tục", "Procedure name")),
    Column("field_name", "text", ("TenLinhVuc", "Lĩnh vực", "Tên lĩnh vực", "domainName"), label=("Lĩnh vực", "Field")),
    Column("online_level", "online_level", ("Mức độ", "Mức độ DVC", "MucDo", "Mức độ trực tuyến",
                                            "Mức độ dịch vụ công"), required=True,
           label=("Mức độ DVC", "Online level")),
    Column("fee_required", "fee", ("Có phí", "Có phí lệ phí", "Phải nộp phí", "Phí, lệ phí"),
           label=("Có phí, lệ phí", "Fee required")),
    Column("paper_result_required", "bool", ("Yêu cầu kết quả giấy", "Trả kết quả giấy"),
           label=("Trả kết quả giấy", "Paper result")),
)

TARGET_COLUMNS = (
    Column("metric", "text", ("Chỉ tiêu", "Chỉ số"), required=True, label=("Chỉ tiêu", "Metric")),
    Column("year", "int", ("Năm",), required=True, label=("Năm", "Year")),
    Column("scope", "code", ("Phạm vi", "Áp dụng cho"), label=("Phạm vi", "Scope")),
    Column("value", "number", ("Giá trị", "Mục tiêu", "target", "Chỉ tiêu (%)"), required=True,
           label=("Giá trị", "Value")),
)

# PAR / provincial CCHC index: a long table, one row per unit and criterion.
PAR_COLUMNS = (
    Column("year", "int", ("Năm", "Năm đánh giá", "Kỳ đánh giá"), required=True, label=("Năm", "Year")),
    Column("unit_code", "code", ("Mã đơn vị", "MaDonVi", "Mã cơ quan"), required=True, label=("Mã đơn vị", "Unit code")),
    Column("unit_name", "text", ("Tên đơn vị", "TenDonVi", "Đơn vị", "Tên cơ quan"), label=("Tên đơn vị", "Unit name")),
    Column("criterion_code", "code", ("Mã tiêu chí", "MaTieuChi", "Mã chỉ tiêu", "STT tiêu chí"), required=True,
           label=("Mã tiêu chí", "Criterion code")),
    Column("criterion_name", "text", ("Tên tiêu chí", "TenTieuChi", "Tiêu chí", "Nội dung", "Lĩnh vực, tiêu chí"),
           label=("Tên tiêu chí", "Criterion")),
    Column("max_points", "number", ("Điểm tối đa", "DiemToiDa", "Điểm chuẩn", "Thang điểm"), required=True,
           label=("Điểm tối đa", "Maximum points")),
    Column("self_points", "number", ("Điểm tự chấm", "DiemTuCham", "Tự chấm", "Điểm tự đánh giá"),
           label=("Điểm tự chấm", "Self-assessed points")),
    Column("final_points", "number", ("Điểm thẩm định", "DiemThamDinh", "Thẩm định", "Điểm đạt"), required=True,
           label=("Điểm thẩm định", "Appraised points")),
)

# Recognising a header by its words, when no alias matched. Each rule: (column, phrases of which
# one must appear, phrases that must not[, words of which one must also appear]). Rules are tried in order and each gives its column to
# the first header it matches that nothing else took: the more specific rules come first, so
# "Mã đơn vị cha" is a parent code before "Mã đơn vị" can be a unit code, and "Ngày hẹn trả"
# is a due date before "Ngày trả" can be the return date.
WORD_RULES: dict[str, tuple[tuple, ...]] = {
    "dossiers": (
        ("dossier_code", ("ma ho so", "so ho so", "ma so ho so", "ma hs", "so hs"), ("goc", "so hoa", "bo sung")),
        ("procedure_code", ("ma thu tuc", "ma tthc", "ma so thu tuc"), ()),
        ("procedure_name", ("ten thu tuc", "ten tthc", "thu tuc hanh chinh", "thu tuc"), ("ma",)),
        ("field_code", ("ma linh vuc",), ()),
        ("field_name", ("linh vuc",), ("ma",)),
        ("unit_code", ("ma don vi", "ma co quan", "ma dinh danh"), ()),
        ("unit_code", ("don vi", "co quan"), ("ten",), ("ma", "code", "id", "ma so")),  # "Đơn vị (mã)"
        ("unit_name", ("don vi", "co quan", "noi tiep nhan", "noi giai quyet"), ("ma", "tinh", "so luong")),
        ("received_at", ("ngay tiep nhan", "thoi gian tiep nhan", "gio tiep nhan", "ngay nhan"), ("bo sung", "hen")),
        ("due_at", ("hen tra", "han giai quyet", "ngay het han", "han tra"), ("truoc", "moi", "gia han")),
        ("completed_at", ("ngay co ket qua", "ngay hoan thanh", "ket thuc xu ly", "ngay ket thuc",
                          "xu ly xong", "giai quyet xong"), ()),
        ("returned_at", ("ngay tra", "tra ket qua"), ("hen", "du kien")),
        ("status", ("trang thai", "tinh trang"), ("so hoa", "thanh toan", "dong bo")),
        ("channel", ("kenh", "hinh thuc nop", "hinh thuc tiep nhan", "phuong thuc nop", "loai tiep nhan"), ()),
        ("service_level", ("muc do dvc", "muc do dich vu", "muc do truc tuyen", "muc do"), ("hai long",)),
        ("result_digitized", ("so hoa ket qua", "ket qua dien tu", "ket qua so hoa"), ()),
        ("digitized", ("so hoa",), ("ket qua", "ty le")),
        ("reused", ("tai su dung",), ()),
        ("paid_online", ("thanh toan truc tuyen", "thanh toan online", "thanh toan qua mang"), ()),
        ("fee_required", ("co phi", "le phi", "phai nop phi"), ("thanh toan",)),
        ("apology", ("xin loi",), ()),
        ("rating", ("danh gia", "hai long"), ("ngay",)),
        ("online_flag", ("truc tuyen",), ("ty le", "thanh toan", "muc do")),
    ),
    "units": (
        ("parent_code", ("cap tren", "don vi cha", "co quan cha", "truc thuoc"), ()),
        ("successor_code", ("ke thua", "sap nhap vao"), ()),
        ("admin_code", ("ma hanh chinh", "ma dvhc", "ma gso", "ma xa"), ()),
        ("unit_code", ("ma don vi", "ma co quan", "ma dinh danh"), ()),
        ("unit_name", ("ten don vi", "ten co quan", "don vi", "co quan"), ("ma",)),
        ("kind", ("loai don vi", "cap don vi", "loai hinh"), ()),
        ("lat", ("vi do", "lat"), ()),
        ("lon", ("kinh do", "lon", "lng"), ()),
        ("valid_from", ("hieu luc tu", "tu ngay"), ()),
        ("valid_to", ("hieu luc den", "den ngay"), ()),
    ),
    "procedures": (
        ("procedure_code", ("ma thu tuc", "ma tthc"), ()),
        ("procedure_name", ("ten thu tuc", "ten tthc", "thu tuc"), ("ma",)),
        ("field_name", ("linh vuc",), ("ma",)),
        ("online_level", ("muc do",), ("hai long",)),
        ("fee_required", ("co phi", "le phi"), ()),
        ("paper_result_required", ("ket qua giay", "ban giay"), ()),
    ),
    "targets": (),
    "par": (
        ("criterion_code", ("ma tieu chi", "stt tieu chi"), ()),
        ("criterion_name", ("tieu chi",), ("ma", "stt")),
        ("max_points", ("toi da", "diem chuan", "thang diem"), ()),
        ("self_points", ("tu cham", "tu danh gia"), ()),
        ("final_points", ("tham dinh",), ()),
    ),
}
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


@lru_cache(maxsize=None)
def header_index(kind: str) -> dict[str, str]:
    """Folded header → canonical name for one kind (KINDS never changes: made once per kind; callers
    only read it)."""
    index = {}
    for col in KINDS[kind]:
        for alias in (col.name, *col.aliases):
            index.setdefault(fold(alias), col.name)
    return index


def _by_words(header: str, rule: tuple) -> bool:
    phrases, excluded, also = rule[1], rule[2], (rule[3] if len(rule) > 3 else None)
    w = words(header)
    return (any(f" {p} " in w for p in phrases) and not any(f" {x} " in w for x in excluded)
            and (also is None or any(f" {a} " in w for a in also)))


def match_headers(headers: list[str], kind: str) -> dict[int, str]:
    """Position → canonical name for the headers one kind recognises: by name first (the first
    occurrence wins), then by words (see WORD_RULES)."""
    index = header_index(kind)
    found: dict[int, str] = {}
    taken = set()
    # A cell longer than any header is a value, not a column name. Folding it is not cached, and the
    # header search folds every cell once per kind and word rule: one hostile 120,000-character
    # cell cost 30 s of the server's time.
    candidates = [(i, h, fold(h)) for i, h in enumerate(headers) if h and len(str(h)) <= MAX_HEADER]
    for i, h, folded in candidates:
        name = index.get(folded)
        if name and name not in taken:
            found[i] = name
            taken.add(name)
    for rule in WORD_RULES.get(kind, ()):
        if rule[0] in taken:
            continue
        for i, h, folded in candidates:
            if i not in found and folded not in index and _by_words(h, rule):
                found[i] = rule[0]
                taken.add(rule[0])
                break
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
