"""The words and colours every screen, slide and export shares: unit kinds, import kinds, periods,
target statuses, the palette, and the day of the 2025 restructuring. No Streamlit: the pages,
the briefing, the command line and the tests read the same names.

Metric names live with the metrics themselves (`queries.metrics.LABELS_VI` / `LABELS_EN`);
their definitions in words in docs/definitions.md.
"""
from __future__ import annotations

import datetime as dt

# The 2025 restructuring (docs/definitions.md): districts dissolved, communes merged, from this day.
MERGER_DAY = dt.date(2025, 7, 1)

# Kinds of administrative unit (the registry's `kind`); None is every unit.
UNIT_KIND_LABELS = {
    None: ("Tất cả đơn vị", "All units"),
    "department": ("Sở, ban, ngành", "Departments"),
    "commune": ("Xã, phường, đặc khu", "Communes"),
    "center": ("Trung tâm PVHCC", "Service centres"),
    "district": ("Huyện (trước 7/2025)", "Districts (before 7/2025)"),
    "province": ("UBND tỉnh", "Province"),
    "other": ("Khác", "Other"),
}

# Kinds of file an import accepts (data_loaders.columns.KINDS): what the upload page and the
# administration page call them.
IMPORT_KIND_LABELS = {
    "dossiers": ("Hồ sơ TTHC", "Dossiers"),
    "units": ("Danh mục đơn vị", "Units"),
    "procedures": ("Danh mục thủ tục", "Procedures"),
    "targets": ("Chỉ tiêu", "Targets"),
    "par": ("Chỉ số CCHC (PAR)", "PAR index"),
    "portal766": ("Chỉ số 766 (JSON của Cổng DVC quốc gia)", "QĐ 766 (national portal JSON)"),
}

PERIOD_LABELS = {
    "month": ("Tháng", "Month"),
    "quarter": ("Quý", "Quarter"),
    "year": ("Năm", "Year"),
    "ytd": ("Từ đầu năm", "Year to date"),
    "range": ("Tùy chọn", "Custom range"),
}

# A value against its target (queries.metrics.target_status).
STATUS_TEXT = {"met": ("Đạt", "Met"), "near": ("Gần đạt", "Near"), "below": ("Chưa đạt", "Below")}
# Okabe–Ito colours: distinguishable with every common colour-vision deficiency.
STATUS_COLOR = {"met": "#009E73", "near": "#E69F00", "below": "#D55E00"}
STATUS_MARK = {"met": "green", "near": "orange", "below": "red"}  # Streamlit's Markdown colour names
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")

# One colour per metric (and per QĐ 766 group, the same as the metric it scores), on every chart of
# the pages, the slides and the PDF, so that "online payment" is one colour wherever it is drawn.
# None of them is a status colour: green, orange and red mean met, near and below, nothing else.
METRIC_COLOR = {
    "on_time_rate": "#332288", "progress_rate": "#44AA99", "avg_processing_days": "#444444",
    "apology_rate": "#17BECF", "online_rate": "#0072B2", "full_online_rate": "#56B4E9",
    "postal_rate": "#7F7F7F", "full_online_service_share": "#9467BD", "online_service_share": "#C5B0D5",
    "digitized_rate": "#882255", "result_digitized_rate": "#CC79A7", "digitized_full_rate": "#AA4499",
    "reuse_rate": "#8C564B", "online_payment_rate": "#5D3A9B",
}
# the QĐ 766 groups: a group that scores a metric takes its colour
METRIC_COLOR.update({"progress": METRIC_COLOR["progress_rate"], "online": METRIC_COLOR["online_rate"],
                     "digitization": METRIC_COLOR["digitized_rate"], "payment": METRIC_COLOR["online_payment_rate"],
                     "transparency": "#999933", "satisfaction": "#1F5F8B"})


def in_lang(lang: str, vi: str, en: str) -> str:
    """The Vietnamese or English text, for a language given (the pages' `ui.tr` reads the
    person's choice from the session instead)."""
    return vi if lang == "vi" else en


# ---- words a leader may not know ------------------------------------------------------------------

# The abbreviations the pages use, explained (ui.glossary draws them under a page's title; a test
# checks that every abbreviation a page shows is explained there). TT is "trực tuyến" (online) in
# this dashboard: "Thanh toán TT" is payment online.
GLOSSARY = {
    "TTHC": ("thủ tục hành chính", "administrative procedure"),
    "DVC": ("dịch vụ công", "public service"),
    "HS": ("hồ sơ", "dossier"),
    "KQ": ("kết quả", "result"),
    "TT": ("trực tuyến", "online"),
    "CCHC": ("cải cách hành chính", "administrative reform"),
    "PVHCC": ("phục vụ hành chính công", "public administrative services"),
    "UBND": ("Ủy ban nhân dân", "People's Committee"),
    "CSDL": ("cơ sở dữ liệu", "database"),
}
_ABBREVIATION = None


def abbreviations_in(text: str) -> list[str]:
    """The GLOSSARY's abbreviations a text uses, in glossary order ("Số hóa HS (%)" → ["HS"])."""
    import re

    global _ABBREVIATION
    if _ABBREVIATION is None:
        _ABBREVIATION = re.compile(r"(?<![\w/-])(" + "|".join(GLOSSARY) + r")(?![\w/-])")
    found = set(_ABBREVIATION.findall(str(text)))
    return [a for a in GLOSSARY if a in found]


# How an import ended (import_log.status), as the data-quality, upload and admin pages say it.
IMPORT_STATUS_LABELS = {"ok": ("Đã nhập", "Imported"), "refused": ("Bị từ chối", "Refused"),
                        "failed": ("Lỗi", "Failed"), "undo": ("Hoàn tác", "Undo")}

# What a selectbox says when nothing is chosen (Streamlit's own words are English).
PLACEHOLDER = ("Chọn…", "Choose…")

# The PAR index's areas and criteria as the Ministry of Home Affairs' scheme names them (the demo
# uses them; a province's own file usually does too): their English names. A name not listed is
# the file's own and is shown as written.
PAR_NAMES_EN = {
    "Công tác chỉ đạo, điều hành cải cách hành chính": "Direction and management of administrative reform",
    "Kế hoạch cải cách hành chính năm": "Annual administrative reform plan",
    "Báo cáo cải cách hành chính": "Administrative reform reporting",
    "Kiểm tra công tác cải cách hành chính": "Inspection of administrative reform",
    "Thông tin, tuyên truyền cải cách hành chính": "Information and communication on administrative reform",
    "Cải cách thể chế": "Institutional reform",
    "Xây dựng, ban hành văn bản quy phạm pháp luật": "Drafting and issuing legal documents",
    "Rà soát, hệ thống hóa văn bản quy phạm pháp luật": "Reviewing and systematising legal documents",
    "Kiểm tra, xử lý văn bản quy phạm pháp luật": "Checking and handling legal documents",
    "Cải cách thủ tục hành chính": "Administrative procedure reform",
    "Công khai thủ tục hành chính": "Publishing administrative procedures",
    "Thực hiện cơ chế một cửa, một cửa liên thông": "One-stop and inter-agency one-stop service",
    "Kết quả giải quyết thủ tục hành chính đúng hạn": "Administrative procedures resolved on time",
    "Cải cách tổ chức bộ máy hành chính nhà nước": "Reform of the state administrative apparatus",
    "Sắp xếp tổ chức bộ máy": "Restructuring the apparatus",
    "Quản lý biên chế": "Staffing management",
    "Cải cách chế độ công vụ": "Civil service reform",
    "Vị trí việc làm": "Job positions",
    "Tuyển dụng, sử dụng công chức, viên chức": "Recruiting and employing civil servants and public employees",
    "Kỷ luật, kỷ cương hành chính": "Administrative discipline",
    "Cải cách tài chính công": "Public finance reform",
    "Quản lý, sử dụng ngân sách": "Budget management and use",
    "Tự chủ tài chính": "Financial autonomy",
    "Xây dựng và phát triển chính quyền điện tử, chính quyền số": "E-government and digital government",
    "Hạ tầng, nền tảng số": "Digital infrastructure and platforms",
    "Cung cấp dịch vụ công trực tuyến": "Online public services",
    "Số hóa hồ sơ, kết quả giải quyết TTHC": "Digitising dossiers and procedure results",
    "Tác động của cải cách hành chính": "Impact of administrative reform",
    "Mức độ hài lòng của người dân, doanh nghiệp": "Satisfaction of citizens and businesses",
    "Tác động đến phát triển kinh tế - xã hội": "Impact on socio-economic development",
}


def par_name(name, lang: str):
    """A PAR area's or criterion's name in the language (the file's own words when not known)."""
    if lang == "vi" or not isinstance(name, str):
        return name
    return PAR_NAMES_EN.get(" ".join(name.split()), name)


def grade_name(grade, lang: str) -> str:
    """A PAR grade as the page, slide or PDF says it: "Tốt" / "Good"; a province's own band name
    (meta `par_grade_bands`) as written; "—" for none."""
    from queries.scores import GRADE_EN

    if not isinstance(grade, str) or not grade:
        return "—"
    return grade if lang == "vi" else GRADE_EN.get(grade, grade)
