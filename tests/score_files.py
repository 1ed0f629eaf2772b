"""Score files as the province receives them (a PAR long table, the national portal's QĐ 766
JSON), for the tests that import them: test_scores.py and the briefing, dry-run and browser tests.
"""
from __future__ import annotations

import json

PAR_HEADERS = ["Năm", "Mã đơn vị", "Tên đơn vị", "Mã tiêu chí", "Tên tiêu chí", "Điểm tối đa", "Điểm tự chấm",
               "Điểm thẩm định"]


def par_rows(year, unit, name, points):
    """Rows for one unit: area 1 (two leaves, max 4 + 6) and area 2 (one leaf, max 90)."""
    (s11, f11), (s12, f12), (s2, f2) = points
    return [
        [year, unit, name, "1", "Chỉ đạo, điều hành", 10, s11 + s12, f11 + f12],
        [year, unit, name, "1.1", "Kế hoạch CCHC", 4, s11, f11],
        [year, unit, name, "1.2", "Báo cáo CCHC", 6, s12, f12],
        [year, unit, name, "2", "Cải cách thể chế", 90, s2, f2],
    ]


UNITS = [["H12.05", "Sở Tư pháp", "department"], ["H12.06", "Sở Y tế", "department"],
         ["H12.07", "Sở Xây dựng", "department"], ["H12.101", "UBND xã An Bình", "commune"],
         ["H12.102", "UBND xã Bình An", "commune"]]


TREE = {"code": "OK", "data": {
    "parent": {"departmentCode": "H12", "departmentName": "UBND tỉnh A", "totalReceived": 9100, "totalOnTime": 8400,
               "totalCompleted": 8700, "avgProcessingDays": 4.1, "ratio": 92.31, "totalScore": 18.46,
               "totalMaxScore": 20},
    "children": [
        {"departmentCode": "H12.05", "departmentName": "Sở Tư pháp - Tỉnh A", "level": "PROVINCE",
         "totalReceived": 310, "totalOnTime": 301, "totalOverdue": 9, "avgProcessingDays": 2.2, "ratio": 97.1,
         "score": 19.42, "maxScore": 20, "scoreDelta": None},
        {"departmentCode": "H12.101", "departmentName": "UBND xã An Bình", "level": "COMMUNE",
         "totalReceived": 50, "totalOnTime": 40, "totalOverdue": 10, "avgProcessingDays": 3.0, "ratio": 80.0,
         "score": 16.0, "maxScore": 20},
        {"departmentCode": "H12.150", "departmentName": "UBND phường Mới", "level": "COMMUNE",
         "totalReceived": 10, "totalOnTime": 10, "totalOverdue": 0, "avgProcessingDays": 1.0, "ratio": 100.0,
         "score": 20.0, "maxScore": 20},
        {"departmentCode": "H12.60", "departmentName": "Ban Mới", "level": "PROVINCE",
         "totalReceived": 0, "totalOnTime": 0, "totalOverdue": 0, "avgProcessingDays": None, "ratio": None,
         "score": None, "maxScore": 20},
    ]}}

EVALUATION = {"code": "OK", "data": {
    "overview": {"departmentCode": "H12", "departmentLevel": "PROVINCE", "totalScore": 11.2, "totalMaxScore": 22,
                 "ratio": 50.91, "metrics": []},
    "evaluation": [
        {"departmentCode": "H12.101", "departmentName": "UBND xã An Bình", "departmentType": "COMMUNE_PEOPLE_COMMITTEE",
         "departmentLevel": "COMMUNE", "totalScore": 9.5, "totalMaxScore": 22, "ratio": 43.18,
         "metrics": [{"code": "SO_HOA_GIAY_TO_GIAI_QUYET", "name": "Số hóa giấy tờ", "numerator": 40,
                      "denominator": 200, "ratio": 20.0, "score": 0.8, "maxScore": 4},
                     {"code": "REUSED_DIGITIZED_DATA", "name": "Tái sử dụng", "numerator": 0, "denominator": 0,
                      "ratio": None, "score": None, "maxScore": 2}]},
        {"departmentCode": "H12.05", "departmentName": "Sở Tư pháp", "departmentLevel": "PROVINCE",
         "totalScore": 15.0, "totalMaxScore": 22, "ratio": 68.18, "metrics": []},
    ]}}


def write_json(path, payload):
    path.write_text(json.dumps(payload, ensure_ascii=False), encoding="utf-8")
    return path
