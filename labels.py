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
