"""The small province whose every figure was worked out by hand (docs/definitions.md, "Metrics"):
two registered units, three catalogue procedures, dossiers that each exercise one rule, and the
figures they must give for October 2026 (`EXPECTED`, derived in its comments). Several test
modules import it; the tests of the figures themselves are test_metrics.py.
"""
from __future__ import annotations

import datetime as dt

OCT = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))

UNITS = [
    ["H99", "UBND tỉnh Thử", "province", "", "99"],
    ["U1", "Sở Tư pháp", "department", "H99", ""],
    ["U2", "UBND xã An Bình", "commune", "H99", "99001"],
]
PROCEDURES = [
    ["1.000001", "Đăng ký khai sinh", "Hộ tịch", "Toàn trình"],
    ["1.000002", "Chứng thực bản sao", "Chứng thực", "Một phần"],
    ["1.000003", "Cấp phép xây dựng", "Xây dựng", "Không"],
]


def d(code, proc, unit, channel, received, due, completed, status, digitized="", result="", fee="", paid="",
      apology=""):
    return [code, proc, "", "", unit, "", channel, "", received, due, completed, "", status, digitized, result,
            "", fee, paid, apology]


DOSSIERS = [
    # A: on time because a date-only due date means the end of that day; same date, so not early
    d("A", "1.000001", "U1", "Trực tuyến", "02/10/2026 09:00", "05/10/2026", "05/10/2026 16:00", 10,
      digitized="1", result="1", fee="Có", paid="1"),
    # B: due at 10:00 with a time, completed at 11:00 the same day: late, with an apology letter
    d("B", "1.000001", "U1", "Trực tiếp", "03/10/2026 08:00", "06/10/2026 10:00", "06/10/2026 11:00", 9,
      fee="Có", paid="0", apology="x"),
    # C: postal, resolved before the due date: on time and early; result digitized
    d("C", "1.000002", "U1", "Bưu chính", "04/10/2026 08:00", "10/10/2026", "08/10/2026 08:00", 10, result="Có"),
    # D: carried over from September, resolved late in October, no apology
    d("D", "1.000002", "U1", "Trực tiếp", "20/09/2026 08:00", "25/09/2026", "02/10/2026 08:00", 10),
    # E: pending at the end of October, due in November: within
    d("E", "1.000001", "U2", "Trực tuyến", "20/10/2026 08:00", "05/11/2026", "", 4),
    # F: pending since 1 October, due 15 October: overdue
    d("F", "1.000001", "U2", "Trực tiếp", "01/10/2026 08:00", "15/10/2026", "", 5),
    # G: withdrawn: received, but in no on-time count
    d("G", "1.000002", "U2", "Trực tuyến", "10/10/2026 08:00", "20/10/2026", "", 7),
    # H: no due date: resolved, but left out of on-time counts (missing_due_date)
    d("H", "1.000002", "U2", "Trực tiếp", "11/10/2026 08:00", "", "12/10/2026 08:00", 10),
    # I: not accepted (status 3): not received at all
    d("I", "1.000001", "U2", "Trực tiếp", "12/10/2026 08:00", "20/10/2026", "", 3),
    # J: due 31/10 (date only) and still pending at the end of 31/10: within
    d("J", "1.000001", "U1", "Trực tiếp", "30/10/2026 08:00", "31/10/2026", "", 2),
    # K: due 31/10 at 12:00, still pending at the end of that day: overdue
    d("K", "1.000001", "U1", "Trực tiếp", "28/10/2026 08:00", "31/10/2026 12:00", "", 4),
    # L: resolved in November, so pending at the end of October, due 1/11: within
    d("L", "1.000002", "U2", "Trực tiếp", "05/10/2026 08:00", "01/11/2026", "03/11/2026 08:00", 10),
    # M: September only: outside the period entirely
    d("M", "1.000001", "U1", "Trực tiếp", "01/09/2026 08:00", "10/09/2026", "09/09/2026 08:00", 10),
]

# Resolved in October: A, B, C, D, H. Processing days, end − received:
PROCESSING_DAYS = [
    (dt.datetime(2026, 10, 5, 16) - dt.datetime(2026, 10, 2, 9)),  # A
    (dt.datetime(2026, 10, 6, 11) - dt.datetime(2026, 10, 3, 8)),  # B
    (dt.datetime(2026, 10, 8, 8) - dt.datetime(2026, 10, 4, 8)),  # C
    (dt.datetime(2026, 10, 2, 8) - dt.datetime(2026, 9, 20, 8)),  # D
    (dt.datetime(2026, 10, 12, 8) - dt.datetime(2026, 10, 11, 8)),  # H
]

EXPECTED = {
    "received": 10,  # A B C E F G H J K L (D, M in September; I not accepted)
    "received_online": 3,  # A E G
    "received_postal": 1,  # C
    "received_full_level": 6,  # A B E F J K (procedure 1.000001 is full-online)
    "received_full_online": 2,  # A E
    "resolved": 5,  # A B C D H
    "resolved_on_time": 2,  # A C
    "resolved_early": 1,  # C
    "resolved_late": 2,  # B D
    "resolved_late_apology": 1,  # B
    "pending_within": 3,  # E J L
    "pending_overdue": 2,  # F K
    "missing_due_date": 1,  # H
    "withdrawn": 1,  # G
    "procedures_received": 2,
    "procedures_full_online": 1,
    "catalogue_procedures": 3,
    "catalogue_online": 2,
    "on_time_rate": 50.0,  # 2 / 4
    "progress_rate": 55.56,  # (2 + 3) / (2 + 2 + 3 + 2) = 5/9
    "progress_points": 11.11,  # 20 × 55.56 / 100 = 11.112
    "online_rate": 30.0,
    "postal_rate": 10.0,
    "full_online_rate": 33.33,  # 2 / 6
    "full_online_service_share": 50.0,  # 1 / 2
    "online_service_share": 66.67,  # 2 / 3
    "digitized_rate": 10.0,  # A
    "result_digitized_rate": 40.0,  # A C of 5 resolved
    "digitized_full_rate": 20.0,  # A
    "reuse_rate": 0.0,
    "online_payment_rate": 50.0,  # A of A B
    "apology_rate": 50.0,  # B of B D
    "avg_processing_days": round(sum(t.total_seconds() for t in PROCESSING_DAYS) / 86400 / 5 + 1e-9, 2),
}
