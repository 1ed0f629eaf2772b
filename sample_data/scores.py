"""Demo scores: the provincial PAR index and the national portal's QĐ 766 groups.

`demo_par_scores()` scores the units of each of `PAR_YEARS` on `PAR_CRITERIA`;
`demo_portal766_scores()` gives the QĐ 766 groups for the last `PORTAL766_MONTHS` months of the
data, all but progress, which load.py takes from the dossiers. Both follow each unit's character
in the registry.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from sample_data.dossiers import DEMO_END
from sample_data.registry import MERGER_DAY, REGISTRY_SEED, demo_registry

# The PAR criteria: area code, name, and its leaves (code suffix, name, maximum points); 100 in all.
PAR_CRITERIA = [
    ("1", "Công tác chỉ đạo, điều hành cải cách hành chính", [
        ("1", "Kế hoạch cải cách hành chính năm", 3), ("2", "Báo cáo cải cách hành chính", 2),
        ("3", "Kiểm tra công tác cải cách hành chính", 2), ("4", "Thông tin, tuyên truyền cải cách hành chính", 3)]),
    ("2", "Cải cách thể chế", [
        ("1", "Xây dựng, ban hành văn bản quy phạm pháp luật", 4),
        ("2", "Rà soát, hệ thống hóa văn bản quy phạm pháp luật", 3),
        ("3", "Kiểm tra, xử lý văn bản quy phạm pháp luật", 3)]),
    ("3", "Cải cách thủ tục hành chính", [
        ("1", "Công khai thủ tục hành chính", 4), ("2", "Thực hiện cơ chế một cửa, một cửa liên thông", 6),
        ("3", "Kết quả giải quyết thủ tục hành chính đúng hạn", 6)]),
    ("4", "Cải cách tổ chức bộ máy hành chính nhà nước", [
        ("1", "Sắp xếp tổ chức bộ máy", 5), ("2", "Quản lý biên chế", 5)]),
    ("5", "Cải cách chế độ công vụ", [
        ("1", "Vị trí việc làm", 4), ("2", "Tuyển dụng, sử dụng công chức, viên chức", 4),
        ("3", "Kỷ luật, kỷ cương hành chính", 4)]),
    ("6", "Cải cách tài chính công", [("1", "Quản lý, sử dụng ngân sách", 5), ("2", "Tự chủ tài chính", 5)]),
    ("7", "Xây dựng và phát triển chính quyền điện tử, chính quyền số", [
        ("1", "Hạ tầng, nền tảng số", 5), ("2", "Cung cấp dịch vụ công trực tuyến", 8),
        ("3", "Số hóa hồ sơ, kết quả giải quyết TTHC", 7)]),
    ("8", "Tác động của cải cách hành chính", [
        ("1", "Mức độ hài lòng của người dân, doanh nghiệp", 6), ("2", "Tác động đến phát triển kinh tế - xã hội", 6)]),
]
PAR_YEARS = (2024, 2025)  # 2024 scored the units of the time (old communes, districts); 2025 the current ones
PORTAL766_MONTHS = 6  # monthly QĐ 766 scores for the last months of the data
PAR_SCHEMA = pa.schema([
    ("year", pa.int32()), ("unit_code", pa.string()), ("unit_name", pa.string()),
    ("criterion_code", pa.string()), ("criterion_name", pa.string()), ("max_points", pa.float64()),
    ("self_points", pa.float64()), ("final_points", pa.float64()), ("is_leaf", pa.bool_()),
])
PORTAL766_SCHEMA = pa.schema([
    ("period", pa.string()), ("group_code", pa.string()), ("unit_code", pa.string()),
    ("unit_name", pa.string()), ("level", pa.string()), ("is_province", pa.bool_()),
    ("score", pa.float64()), ("max_score", pa.float64()), ("ratio", pa.float64()),
])
# Groups the demo generates from each unit's character; progress comes from the dossiers (load.py).
PORTAL766_GENERATED = {"transparency": 18, "online": 12, "digitization": 22, "satisfaction": 18, "payment": 10}


def _quarter_points(x: np.ndarray) -> np.ndarray:
    return np.round(x * 4) / 4


def demo_par_scores() -> pa.Table:
    """PAR scores for PAR_YEARS: the units of each year, parent rows equal to their leaves' sums.
    Units that are punctual and digitise more score higher; self-assessment runs a little high."""
    reg = demo_registry()
    rng = np.random.default_rng([REGISTRY_SEED, 766])
    u = reg.units.to_pydict()
    quality = np.clip(0.93 - 4.0 * reg.unit_late + 0.1 * (reg.unit_digit - 1.0), 0.45, 0.99)
    rows = []
    for year in PAR_YEARS:
        for i, code in enumerate(u["unit_code"]):
            kind, valid_to, valid_from = u["kind"][i], u["valid_to"][i], u["valid_from"][i]
            if kind not in ("department", "commune", "district"):
                continue
            if (valid_to is not None and valid_to.year < year) or (valid_from is not None and valid_from.year > year):
                continue
            if year >= MERGER_DAY.year + 1 and valid_to is not None:
                continue
            if year == MERGER_DAY.year and valid_to is not None:
                continue  # 2025 was assessed on the units that exist at year end
            if year < MERGER_DAY.year and valid_from is not None:
                continue
            q = quality[i] + (year - PAR_YEARS[0]) * 0.015
            for area, area_name, leaves in PAR_CRITERIA:
                maxes = np.array([m for _c, _n, m in leaves], float)
                final = _quarter_points(np.clip(maxes * (q + rng.normal(0, 0.08, len(leaves))), 0, maxes))
                self_ = _quarter_points(np.clip(final + maxes * rng.uniform(0, 0.12, len(leaves)), 0, maxes))
                name = u["unit_name"][i]
                rows.append((year, code, name, area, area_name, float(maxes.sum()), float(self_.sum()),
                             float(final.sum()), False))
                for (suffix, leaf_name, _m), m, s, f in zip(leaves, maxes, self_, final):
                    rows.append((year, code, name, f"{area}.{suffix}", leaf_name, float(m), float(s), float(f), True))
    return pa.Table.from_pylist([dict(zip(PAR_SCHEMA.names, r)) for r in rows], schema=PAR_SCHEMA)


def portal766_months(months: int = PORTAL766_MONTHS) -> list[str]:
    """The last `months` months of the demo data as YYYY-MM, oldest first."""
    out, y, m = [], DEMO_END.year, DEMO_END.month
    for _ in range(months):
        out.append(f"{y}-{m:02d}")
        y, m = (y, m - 1) if m > 1 else (y - 1, 12)
    return out[::-1]


def demo_portal766_scores() -> pa.Table:
    """The QĐ 766 groups the portal would publish for the last months, except progress (see load.py):
    each unit's level follows its character, improving a little month by month, with noise."""
    reg = demo_registry()
    rng = np.random.default_rng([REGISTRY_SEED, 767])
    u = reg.units.to_pydict()
    rows = []
    current = [i for i, k in enumerate(u["kind"]) if k in ("province", "department", "commune")
               and u["valid_to"][i] is None]
    base = {g: np.clip(rng.normal(0.78, 0.08, len(u["unit_code"])), 0.4, 0.98) for g in PORTAL766_GENERATED}
    base["online"] = np.clip(base["online"] * reg.unit_online ** 0.5, 0.3, 0.99)
    base["digitization"] = np.clip(base["digitization"] * reg.unit_digit - 0.1, 0.2, 0.98)
    for t, period in enumerate(portal766_months()):
        for group, maximum in PORTAL766_GENERATED.items():
            for i in current:
                level = base[group][i] + 0.01 * t + rng.normal(0, 0.03)
                score = round(float(np.clip(level, 0, 1) * maximum), 2)
                is_prov = u["kind"][i] == "province"
                rows.append((period, group, u["unit_code"][i], u["unit_name"][i],
                             "COMMUNE" if u["kind"][i] == "commune" else "PROVINCE", is_prov, score,
                             float(maximum), round(100 * score / maximum, 2)))
    return pa.Table.from_pylist([dict(zip(PORTAL766_SCHEMA.names, r)) for r in rows], schema=PORTAL766_SCHEMA)
