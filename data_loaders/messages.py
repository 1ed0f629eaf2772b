"""Every message an import can give, in Vietnamese and English, keyed by a reason code.

Row-level reasons are stored with the rejected row; file-level ones end the import. The
code is stable (tests and the data-quality view use it); the wording can be improved.
"""
from __future__ import annotations

ROW_REASONS: dict[str, tuple[str, str]] = {
    "missing_value": ("Thiếu giá trị bắt buộc ở cột {column}", "Missing required value in column {column}"),
    "bad_date": (
        "Ngày không đọc được ở cột {column}: «{value}» (dùng dd/mm/yyyy hoặc yyyy-mm-dd)",
        "Unreadable date in column {column}: '{value}' (use dd/mm/yyyy or yyyy-mm-dd)",
    ),
    "impossible_date": (
        "Ngày không tồn tại ở cột {column}: «{value}»",
        "Impossible date in column {column}: '{value}'",
    ),
    "month_first_date": (
        "Ngày ở cột {column} có vẻ ghi tháng trước ngày: «{value}»; cần ghi ngày/tháng/năm (dd/mm/yyyy)",
        "Date in column {column} looks month-first: '{value}'; write day/month/year (dd/mm/yyyy)",
    ),
    "unknown_status": (
        "Trạng thái không hợp lệ: «{value}» (cần mã 1–10 hoặc tên trạng thái)",
        "Unknown status: '{value}' (expected a code 1–10 or a status label)",
    ),
    "resolved_without_end": (
        "Hồ sơ đã giải quyết (trạng thái {value}) nhưng thiếu ngày có kết quả / ngày trả kết quả",
        "Resolved dossier (status {value}) has no completion or return date",
    ),
    "due_before_received": (
        "Ngày hẹn trả ({value}) trước ngày tiếp nhận",
        "Due date ({value}) is before the date received",
    ),
    "unknown_channel": (
        "Kênh thực hiện không hợp lệ: «{value}» (Trực tiếp, Trực tuyến, Bưu chính)",
        "Unknown channel: '{value}' (direct, online, postal)",
    ),
    "bad_boolean": (
        "Giá trị có/không không hợp lệ ở cột {column}: «{value}» (dùng 1/0, Có/Không)",
        "Not a yes/no value in column {column}: '{value}' (use 1/0, Có/Không)",
    ),
    "bad_number": ("Không phải số ở cột {column}: «{value}»", "Not a number in column {column}: '{value}'"),
    "duplicate_code": (
        "Mã «{value}» xuất hiện nhiều lần trong tệp với nội dung khác nhau (các dòng {rows})",
        "Code '{value}' appears several times in the file with different contents (rows {rows})",
    ),
    "unknown_metric": (
        "Chỉ tiêu không được hỗ trợ: «{value}»",
        "Unknown metric: '{value}'",
    ),
}

ROW_REASONS.update({
    "bad_criterion": (
        "Mã tiêu chí không hợp lệ: «{value}» (cần dạng 1, 1.2, 1.2.3)",
        "Invalid criterion code: '{value}' (expected 1, 1.2, 1.2.3)",
    ),
    "points_above_max": (
        "Điểm ở cột {column} ({value}) lớn hơn điểm tối đa",
        "Points in column {column} ({value}) exceed the maximum",
    ),
    "negative_points": ("Điểm âm ở cột {column}: {value}", "Negative points in column {column}: {value}"),
})

# Short names of the row reasons, for counts by reason (the upload page, `cli.py import`).
REASON_NAMES = {
    "missing_value": ("Thiếu giá trị bắt buộc", "Missing required value"),
    "bad_date": ("Ngày không đọc được", "Unreadable date"),
    "impossible_date": ("Ngày không tồn tại", "Impossible date"),
    "month_first_date": ("Ngày ghi tháng trước ngày", "Month-first date"),
    "unknown_status": ("Trạng thái không hợp lệ", "Unknown status"),
    "resolved_without_end": ("Đã giải quyết nhưng thiếu ngày kết quả", "Resolved without an end date"),
    "due_before_received": ("Ngày hẹn trả trước ngày tiếp nhận", "Due before received"),
    "unknown_channel": ("Kênh thực hiện không hợp lệ", "Unknown channel"),
    "bad_boolean": ("Giá trị có/không không hợp lệ", "Not a yes/no value"),
    "bad_number": ("Không phải số", "Not a number"),
    "duplicate_code": ("Mã trùng với nội dung khác nhau", "Duplicate code, different contents"),
    "unknown_metric": ("Chỉ tiêu không được hỗ trợ", "Unknown metric"),
    "bad_criterion": ("Mã tiêu chí không hợp lệ", "Invalid criterion code"),
    "points_above_max": ("Điểm lớn hơn điểm tối đa", "Points above the maximum"),
    "negative_points": ("Điểm âm", "Negative points"),
}


FILE_REASONS: dict[str, tuple[str, str]] = {
    "empty_file": ("Tệp rỗng: không có dữ liệu nào.", "The file is empty."),
    "unreadable": (
        "Không đọc được tệp: {detail}",
        "The file cannot be read: {detail}",
    ),
    "unknown_format": (
        "Không nhận ra định dạng tệp (cần CSV, XLSX hoặc JSON).",
        "Unknown file format (expected CSV, XLSX or JSON).",
    ),
    "no_header": (
        "Không tìm thấy dòng tiêu đề cột trong 20 dòng đầu (ví dụ: Mã hồ sơ, Ngày tiếp nhận, Trạng thái).",
        "No header row found in the first 20 lines (e.g. Mã hồ sơ, Ngày tiếp nhận, Trạng thái).",
    ),
    "unknown_kind": (
        "Không xác định được loại dữ liệu từ các cột; hãy chọn loại (hồ sơ, đơn vị, thủ tục, chỉ tiêu).",
        "Cannot tell the kind of data from the columns; choose one (dossiers, units, procedures, targets).",
    ),
    "missing_columns": (
        "Thiếu cột bắt buộc: {columns_vi}. Nếu tệp có các cột này dưới tên khác, hãy ghép cột ở mục «Ghép cột» "
        "của trang Tải dữ liệu (hoặc dùng cli.py import --mapping TÊN với một cách ghép đã lưu).",
        "Missing required columns: {columns_en}. If the file has them under other names, map them in 'Map "
        "columns' on the Upload page (or use cli.py import --mapping NAME with a saved mapping).",
    ),
    "nothing_importable": (
        "Không nhập được dòng nào: cả {rejected} dòng đều bị từ chối ({reasons_vi}). Không có gì được ghi; "
        "tải các dòng bị từ chối về để sửa.",
        "No row could be imported: all {rejected} rows were rejected ({reasons_en}). Nothing was written; "
        "download the rejected rows to fix them.",
    ),
    "mapping_unknown": ("Không có cách ghép cột «{name}».", "No saved column mapping named '{name}'."),
    "no_rows": ("Tệp không có dòng dữ liệu nào.", "The file has no data rows."),
    "strict_rejected": (
        "Chế độ nghiêm ngặt: {rejected} dòng bị từ chối nên không ghi dòng nào.",
        "Strict mode: {rejected} rows were rejected, so nothing was written.",
    ),
    "kind_not_supported": (
        "Loại dữ liệu «{kind}» chưa được hỗ trợ ở phiên bản này.",
        "Import kind '{kind}' is not supported yet.",
    ),
    "too_many_columns": (
        "Tệp có {count} cột, quá nhiều (tối đa {limit}); hãy bỏ bớt các cột không dùng.",
        "The file has {count} columns, too many (at most {limit}); remove the columns not needed.",
    ),
    "too_large": (
        "Tệp quá lớn ({size} MB; giới hạn {limit} MB).",
        "File too large ({size} MB; limit {limit} MB).",
    ),
    "upload_limit": (
        "Mỗi tệp tối đa {limit} MB. Tệp lớn hơn bị từ chối ngay khi chọn (Streamlit báo bằng tiếng Anh: "
        "«File must be {limit}.0MB or smaller»).",
        "At most {limit} MB per file. A larger file is refused as soon as it is chosen (\"File must be "
        "{limit}.0MB or smaller\").",
    ),
    "duplicate_upload": (
        "Tệp này có nội dung giống hệt tệp «{other}» trong cùng lần tải lên: chỉ kiểm tra và nhập một lần.",
        "This file has the same content as '{other}' in this upload: it is checked and imported once.",
    ),
    "json_too_large": (
        "Tệp JSON quá lớn ({size} MB; tối đa {limit} MB): trang đánh giá của Cổng DVC quốc gia chỉ vài trăm KB.",
        "The JSON file is too large ({size} MB; at most {limit} MB): the national portal's evaluation page "
        "is a few hundred KB.",
    ),
    "json_too_deep": (
        "Tệp JSON lồng nhau quá sâu (hàng nghìn tầng): không phải trang đánh giá của Cổng DVC quốc gia.",
        "The JSON file is nested too deeply (thousands of levels): it is not the national portal's "
        "evaluation page.",
    ),
    "json_number_too_long": (
        "Tệp JSON có một số quá dài (hơn {limit} chữ số): không phải điểm hay số liệu thật.",
        "The JSON file holds a number that is too long (more than {limit} digits): not a real score or count.",
    ),
    "xlsx_cell_out_of_range": (
        "Tệp XLSX có dữ liệu ở ô {cell}, ngoài giới hạn nhận (tối đa {rows} dòng và {columns} cột). Hãy xóa "
        "các dòng, cột thừa ở cuối trang tính rồi lưu lại.",
        "The XLSX file has data in cell {cell}, beyond what is accepted (at most {rows} rows and {columns} "
        "columns). Delete the extra rows and columns at the end of the sheet and save it again.",
    ),
    "xlsx_dimension": (
        "Trang tính khai báo vùng dữ liệu {ref}, vượt giới hạn nhận (tối đa {rows} dòng và {columns} cột). Hãy "
        "xóa các dòng, cột thừa ở cuối trang tính rồi lưu lại.",
        "The sheet declares a data range of {ref}, beyond what is accepted (at most {rows} rows and {columns} "
        "columns). Delete the extra rows and columns at the end of the sheet and save it again.",
    ),
    "xlsx_too_large": (
        "Tệp XLSX khi giải nén quá lớn ({part}: {size} MB; tối đa {limit} MB). Hãy chia tệp hoặc xuất dạng CSV.",
        "The XLSX file is too large once unpacked ({part}: {size} MB; at most {limit} MB). Split it or export "
        "it as CSV.",
    ),
    "xlsx_bomb": (
        "Tệp XLSX bị nén bất thường ({part} nén {ratio} lần; tối đa {limit} lần): tệp hỏng hoặc được tạo để "
        "làm treo máy chủ. Hãy mở và lưu lại bằng Excel, hoặc xuất dạng CSV.",
        "The XLSX file is compressed abnormally ({part} shrinks {ratio} times; at most {limit}): it is broken "
        "or made to exhaust the server. Open and save it again in Excel, or export it as CSV.",
    ),
    "period_required": (
        "Cần chọn kỳ đánh giá (--period YYYY-MM, YYYY-Qn hoặc YYYY) cho tệp điểm Cổng DVC quốc gia (QĐ 766).",
        "A period is required (--period YYYY-MM, YYYY-Qn or YYYY) for a national portal (QĐ 766) score file.",
    ),
    "bad_period": (
        "Kỳ không hợp lệ: «{period}» (cần YYYY-MM, YYYY-Qn hoặc YYYY).",
        "Invalid period: '{period}' (expected YYYY-MM, YYYY-Qn or YYYY).",
    ),
    "bad_json": ("Tệp JSON không đọc được: {detail}", "The JSON file cannot be read: {detail}"),
    "portal_not_ok": (
        "Tệp JSON của Cổng DVC báo lỗi (code = «{code}»), không phải kết quả đánh giá.",
        "The portal's JSON reports an error (code = '{code}'), not an evaluation result.",
    ),
    "portal_shape": (
        "Tệp JSON không đúng cấu trúc trang đánh giá QĐ 766: cần data.parent + data.children[] (tiến độ, "
        "DVC trực tuyến, thanh toán) hoặc data.overview + data.evaluation[] (công khai, số hóa, hài lòng). {detail}",
        "The JSON is not shaped like a QĐ 766 evaluation page: expected data.parent + data.children[] (progress, "
        "online service, payment) or data.overview + data.evaluation[] (transparency, digitization, "
        "satisfaction). {detail}",
    ),
    "portal_field": (
        "Tệp JSON của Cổng DVC quốc gia: ở {where}, «{field}» {problem_vi}.",
        "The national portal's JSON: at {where}, '{field}' {problem_en}.",
    ),
    "portal_group": (
        "Không nhận ra nhóm chỉ số QĐ 766 từ các trường và mã chỉ tiêu của tệp ({detail}).",
        "Cannot tell which QĐ 766 group the file holds from its fields and metric codes ({detail}).",
    ),
    "kind_needs_json": (
        "Điểm Cổng DVC quốc gia (portal766) phải là tệp JSON như trang đánh giá trả về.",
        "National portal scores (portal766) must be the JSON file the evaluation page returns.",
    ),
    "json_not_portal": (
        "Tệp JSON chỉ được nhập như điểm Cổng DVC quốc gia (portal766), không phải «{kind}».",
        "A JSON file can only be imported as national portal scores (portal766), not '{kind}'.",
    ),
    "write_failed": (
        "Ghi dữ liệu thất bại, cơ sở dữ liệu được giữ nguyên: {detail}",
        "Writing failed; the database is unchanged: {detail}",
    ),
    "out_of_memory": (
        "Tệp quá lớn so với bộ nhớ dành cho việc ghi ({limit}); cơ sở dữ liệu được giữ nguyên. Hãy chia tệp "
        "(ví dụ theo tháng tiếp nhận) rồi nhập từng phần, hoặc nhập bằng dòng lệnh (cli.py import) với biến "
        "môi trường CCHC_WRITE_MEMORY lớn hơn, ví dụ CCHC_WRITE_MEMORY={larger}.",
        "The file is too large for the memory set aside for writing ({limit}); the database is unchanged. "
        "Split it (by month received, for example) and import the parts, or import it from the command line "
        "(cli.py import) with a larger CCHC_WRITE_MEMORY, e.g. CCHC_WRITE_MEMORY={larger}.",
    ),
}


def row_message(reason: str, lang: str = "vi", **params) -> str:
    vi, en = ROW_REASONS[reason]
    return (vi if lang == "vi" else en).format(**params)


class ImportRefused(Exception):
    """A whole file refused: carries a reason code and both languages."""

    def __init__(self, reason: str, status: str = "refused", **params):
        self.reason = reason
        self.status = status  # "refused" (the file as a whole), or "failed" (read, but nothing could go in)
        self.params = params
        vi, en = FILE_REASONS[reason]
        self.message_vi = vi.format(**params)
        self.message_en = en.format(**params)
        super().__init__(f"{self.message_vi} / {self.message_en}")
