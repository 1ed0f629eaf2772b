"""The metrics (docs/definitions.md, "Metrics") as ratios of additive counts, and their rounding.

The one definition of every metric: `RATES` names its numerator and denominator counts; `rates`
computes them for a dict of counts, `add_rates` for every row of a frame, and `rate_sql` writes
one of them as SQL for the queries that rank in the database. A province's rate is always the rate of its summed counts,
never an average of rates.
"""
from __future__ import annotations

import math

# The counts themselves are defined once, in queries/daily_counts.sql and queries/engine.sql: every
# query returns them under those names, and nothing here lists them. This module names the metrics:
# each a ratio of sums of counts.

# metric: (numerator counts, denominator counts). Rates are percentages. A flag a file did not
# have is unknown: the flag rates divide by the dossiers whose flag is known (`…_known`), which
# is every dossier in scope when the files have the column (docs/definitions: absent = unknown).
RATES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "on_time_rate": (("resolved_on_time",), ("resolved_on_time", "resolved_late")),
    "progress_rate": (
        ("resolved_on_time", "pending_within"),
        ("resolved_on_time", "resolved_late", "pending_within", "pending_overdue"),
    ),
    "online_rate": (("received_online",), ("received",)),
    "postal_rate": (("received_postal",), ("received",)),
    "full_online_rate": (("received_full_online",), ("received_full_level",)),
    "full_online_service_share": (("procedures_full_online",), ("procedures_received",)),
    "online_service_share": (("catalogue_online",), ("catalogue_procedures",)),
    "digitized_rate": (("received_digitized",), ("received_digitized_known",)),
    "result_digitized_rate": (("resolved_result_digitized",), ("resolved_result_known",)),
    "digitized_full_rate": (("resolved_digitized_full",), ("resolved_digitized_full_known",)),
    "reuse_rate": (("received_reused",), ("received_reused_known",)),
    "online_payment_rate": (("received_fee_paid_online",), ("received_fee_paid_known",)),
    "apology_rate": (("resolved_late_apology",), ("resolved_late_apology_known",)),
}

# Metrics that are not a share of the scope's own dossiers: they need distinct procedure
# counts or the catalogue, so rankings by unit do not offer them.
SCOPE_ONLY = {"full_online_service_share", "online_service_share"}

LOWER_IS_BETTER = {"avg_processing_days"}
METRICS = (*RATES, "progress_points", "avg_processing_days")
# Rankings of units skip those with fewer dossiers behind the figure: 2 of 2 is not "best".
MIN_VOLUME = 10

LABELS_VI = {
    "on_time_rate": "Tỷ lệ giải quyết đúng hạn",
    "progress_rate": "Tiến độ giải quyết (QĐ 766)",
    "progress_points": "Điểm tiến độ (QĐ 766, /20)",
    "online_rate": "Tỷ lệ hồ sơ trực tuyến",
    "postal_rate": "Tỷ lệ hồ sơ qua bưu chính",
    "full_online_rate": "Tỷ lệ hồ sơ trực tuyến toàn trình",
    "full_online_service_share": "Tỷ lệ DVC toàn trình phát sinh hồ sơ",
    "online_service_share": "Tỷ lệ TTHC cung cấp DVC trực tuyến",
    "digitized_rate": "Tỷ lệ số hóa hồ sơ",
    "result_digitized_rate": "Tỷ lệ số hóa kết quả",
    "digitized_full_rate": "Tỷ lệ số hóa hồ sơ và kết quả",
    "reuse_rate": "Tỷ lệ tái sử dụng dữ liệu số hóa",
    "online_payment_rate": "Tỷ lệ thanh toán trực tuyến",
    "apology_rate": "Tỷ lệ hồ sơ trễ hạn có thư xin lỗi",
    "avg_processing_days": "Thời gian giải quyết trung bình (ngày)",
}
LABELS_EN = {
    "on_time_rate": "On-time rate",
    "progress_rate": "Progress rate (QĐ 766)",
    "progress_points": "Progress points (QĐ 766, /20)",
    "online_rate": "Online dossier rate",
    "postal_rate": "Postal dossier rate",
    "full_online_rate": "Full-online dossier rate",
    "full_online_service_share": "Full-online services with dossiers",
    "online_service_share": "Procedures offered online",
    "digitized_rate": "Digitized dossier rate",
    "result_digitized_rate": "Digitized result rate",
    "digitized_full_rate": "Dossier and result digitized",
    "reuse_rate": "Reused data rate",
    "online_payment_rate": "Online payment rate",
    "apology_rate": "Late dossiers with apology",
    "avg_processing_days": "Average processing days",
}

# What each metric is, in a sentence (the cards' help, the briefing's data note); the full
# definitions with their edge cases are docs/definitions.md, "Metrics".
DEFINITIONS = {
    "on_time_rate": (
        "Hồ sơ giải quyết đúng hạn (kể cả trước hạn) / hồ sơ đã giải quyết trong kỳ có ngày hẹn trả (đúng hạn"
        " + trễ hạn).",
        "Dossiers resolved on time (early ones included) / dossiers resolved in the period with a due date "
        "(on time + late).",
    ),
    "progress_rate": (
        "(Giải quyết đúng hạn + đang xử lý còn trong hạn cuối kỳ) / (đã giải quyết + đang xử lý cuối kỳ), chỉ"
        " tính hồ sơ có ngày hẹn trả; cách tính QĐ 766.",
        "(Resolved on time + pending within the deadline at the period's end) / (resolved + pending), "
        "dossiers with a due date only; as in QĐ 766.",
    ),
    "avg_processing_days": (
        "Số ngày trung bình từ tiếp nhận đến khi có kết quả, của các hồ sơ đã giải quyết trong kỳ.",
        "Mean days from receipt to result, over the dossiers resolved in the period.",
    ),
    "apology_rate": (
        "Hồ sơ trễ hạn có thư xin lỗi / hồ sơ giải quyết trễ hạn trong kỳ.",
        "Late dossiers with an apology letter / dossiers resolved late in the period.",
    ),
    "online_rate": (
        "Hồ sơ tiếp nhận trực tuyến / hồ sơ tiếp nhận.",
        "Received online / received.",
    ),
    "full_online_rate": (
        "Hồ sơ trực tuyến của TTHC toàn trình / hồ sơ của TTHC toàn trình.",
        "Online dossiers of full-online procedures / dossiers of full-online procedures.",
    ),
    "postal_rate": (
        "Hồ sơ tiếp nhận qua bưu chính công ích / hồ sơ tiếp nhận.",
        "Received by post / received.",
    ),
    "full_online_service_share": (
        "TTHC toàn trình có phát sinh hồ sơ trong kỳ / TTHC có phát sinh hồ sơ trong kỳ.",
        "Full-online procedures with dossiers in the period / procedures with dossiers in the period.",
    ),
    "online_service_share": (
        "TTHC cung cấp DVC trực tuyến (toàn trình hoặc một phần) / tổng số TTHC trong danh mục hiện hành; "
        "không phụ thuộc kỳ và đơn vị nên không so sánh với kỳ trước.",
        "Catalogue procedures offered online (full or partial) / all procedures in the current catalogue; the"
        " same for every period and unit, so not compared with earlier periods.",
    ),
    "digitized_rate": (
        "Hồ sơ tiếp nhận có thành phần được số hóa / hồ sơ tiếp nhận.",
        "Received with digitized components / received.",
    ),
    "result_digitized_rate": (
        "Hồ sơ đã giải quyết có kết quả điện tử / hồ sơ đã giải quyết.",
        "Resolved with an electronic result / resolved.",
    ),
    "digitized_full_rate": (
        "Hồ sơ đã giải quyết được số hóa cả hồ sơ và kết quả / hồ sơ đã giải quyết.",
        "Resolved with both dossier and result digitized / resolved.",
    ),
    "reuse_rate": (
        "Hồ sơ tiếp nhận có tái sử dụng dữ liệu đã số hóa / hồ sơ tiếp nhận.",
        "Received reusing digitized data / received.",
    ),
    "online_payment_rate": (
        "Hồ sơ có phí, lệ phí đã thanh toán trực tuyến / hồ sơ có phí, lệ phí.",
        "Fee-paying dossiers paid online / fee-paying dossiers.",
    ),
}

# Table headers: shorter than the cards' labels, so that every column fits on a projector screen.
SHORT_LABELS = {
    "on_time_rate": ("Tỷ lệ đúng hạn", "On-time rate"),
    "progress_rate": ("Tiến độ (QĐ 766)", "Progress (QĐ 766)"),
    "online_rate": ("Tỷ lệ trực tuyến", "Online rate"),
    "full_online_rate": ("Tỷ lệ toàn trình", "Full-online rate"),
    "postal_rate": ("Tỷ lệ bưu chính", "Postal rate"),
    "digitized_rate": ("Số hóa HS (%)", "Digitized (%)"),
    "result_digitized_rate": ("Số hóa KQ (%)", "Result digitized (%)"),
    "digitized_full_rate": ("Số hóa HS và KQ (%)", "Both digitized (%)"),
    "reuse_rate": ("Tái sử dụng (%)", "Data reused (%)"),
    "online_payment_rate": ("Thanh toán TT (%)", "Paid online (%)"),
}


def missing(x) -> bool:
    """None, NaN and pandas' NA all mean "no value" (as formatting.missing, one layer down)."""
    if x is None:
        return True
    try:
        return bool(x != x)
    except TypeError:  # pandas.NA
        return True


def round_rate(numerator, denominator):
    """100 × n / d rounded half-up to 2 decimals, exactly (integers), None when d is 0."""
    n, d = int(numerator), int(denominator)
    if d == 0:
        return None
    return (20000 * n + d) // (2 * d) / 100


def progress_points(progress_rate):
    """QĐ 766 progress points: 20 × progress_rate / 100, from the published (rounded) rate."""
    if missing(progress_rate):
        return None
    cents = round(progress_rate * 100)
    return (cents * 20 + 50) // 100 / 100


def round2(x: float) -> float:
    """Half-up to 2 decimals, robust to binary fractions (1.005 → 1.01)."""
    return math.floor(x * 100 + 0.5 + 1e-9) / 100


def rates(counts: dict) -> dict:
    """Every metric from one scope's counts (a dict of count name → number)."""
    out = {}
    for metric, (num, den) in RATES.items():
        if all(c in counts for c in num + den):
            out[metric] = round_rate(sum(counts[c] for c in num), sum(counts[c] for c in den))
    out["progress_points"] = progress_points(out["progress_rate"])
    out["avg_processing_days"] = (
        round2(counts["processing_seconds"] / 86400 / counts["resolved"]) if counts["resolved"] else None
    )
    return out


def rate_sql(metric: str) -> str:
    """One metric as a SQL expression over count columns, rounded as `rates` rounds it (macros
    vn_rate, vn_points, vn_avg_days in warehouse/macros.sql): for a query that ranks by it."""
    def total(cols):
        return " + ".join(cols)
    if metric == "avg_processing_days":
        return "vn_avg_days(processing_seconds, resolved)"
    if metric == "progress_points":
        return f"vn_points({rate_sql('progress_rate')})"
    num, den = RATES[metric]
    return f"vn_rate({total(num)}, {total(den)})"


def rate_arrays(columns: dict) -> dict:
    """Every metric as a numpy array, from {count name: int64 array} (the columns a frame or an
    Arrow table has), computed as `rates` computes them, in one pass."""
    import numpy as np

    new = {}
    for metric, (num, den) in RATES.items():
        if not all(c in columns for c in num + den):
            continue
        n = sum(columns[c] for c in num)
        d = sum(columns[c] for c in den)
        safe = np.where(d > 0, d, 1)
        new[metric] = np.where(d > 0, ((20000 * n + safe) // (2 * safe)) / 100, np.nan)
    if "progress_rate" in new:
        cents = np.round(new["progress_rate"] * 100)
        new["progress_points"] = np.where(np.isnan(cents), np.nan, (np.nan_to_num(cents) * 20 + 50) // 100 / 100)
    if "resolved" in columns and "processing_seconds" in columns:
        resolved = columns["resolved"]
        days = columns["processing_seconds"] / 86400
        new["avg_processing_days"] = np.where(
            resolved > 0, np.floor(days / np.where(resolved > 0, resolved, 1) * 100 + 0.5 + 1e-9) / 100, np.nan)
    return new


# The counts a metric is made of (and the average duration's two).
RATE_INPUTS = {c for num, den in RATES.values() for c in num + den} | {"processing_seconds", "resolved"}


def add_rates(frame):
    """Every metric for every row of a frame of counts (units, months, procedures), computed as
    `rates` computes them, on numpy arrays in one pass. (Not in SQL: DuckDB spends ~0.2 ms
    planning each expression, and sixteen rounded ratios cost a page more than its rows do.)"""
    import pandas as pd

    new = rate_arrays({c: frame[c].to_numpy(dtype="int64", na_value=0) for c in RATE_INPUTS if c in frame.columns})
    # one concat, not a column set at a time: each set copies the frame's blocks (a third of this
    # function's time on a board of 16 periods × 300 units: 20 → 14 ms)
    kept = frame.drop(columns=[k for k in new if k in frame.columns])
    out = pd.concat([kept, pd.DataFrame(new, index=frame.index)], axis=1)
    if len(kept.columns) < len(frame.columns):  # metrics computed again: in their old places
        out = out[[*frame.columns, *(k for k in new if k not in frame.columns)]]
    return out


# A value this many points short of its target is "near" (amber), further short is "below".
NEAR_BAND = 2.0


def target_for(targets, metric: str, unit_code: str | None = None, kind: str | None = None):
    """The target that applies: the unit's own, else its kind's, else the province-wide one."""
    return targets_for(targets, metric, [unit_code], [kind])[0]


def targets_for(targets, metric: str, unit_codes, kinds) -> list:
    """target_for of each (unit, kind) pair, the targets read once: a ranking asks for every unit
    (a warm on-time page run read the frame ~180 times, once per unit)."""
    scoped = {}
    for m, s, v in zip(targets["metric"].tolist(), targets["scope"].tolist(), targets["value"].tolist()):
        if m == metric and v is not None and v == v:  # a scope without a value (None, NaN) falls through
            scoped.setdefault(s, v)
    out = []
    for unit_code, kind in zip(unit_codes, kinds):
        hit = next((scoped[s] for s in (unit_code, kind, "all") if s is not None and s in scoped), None)
        out.append(None if hit is None else float(hit))
    return out


def target_status(value, target, metric: str) -> str | None:
    """'met', 'near' or 'below' (None when there is no value or no target)."""
    if missing(value) or missing(target):
        return None
    gap = (target - value) if metric not in LOWER_IS_BETTER else (value - target)
    if gap <= 0:
        return "met"
    return "near" if gap <= NEAR_BAND else "below"
