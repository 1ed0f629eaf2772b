"""The demo province's registry: its units and procedures, and each one's character.

The current units are the province, its agencies, the service centre and the communes of Khánh
Hòa as restructured on 1 July 2025 (65 communes, wards and the Trường Sa special zone), with real
names, GSO codes and coordinates from the `vietnamadminunits` package. The communes and districts
of before the merger come from the package's old → new mapping, each with the current commune it
went into. Procedures get national-style codes, drawn for the catalogue's procedures.

`demo_registry()` builds it all once from a fixed seed, so the dossiers of every seed (and every
export) use the same units, procedure codes and per-unit behaviour.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import os
import sqlite3
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from sample_data.catalogue import (
    COMMUNE,
    DEPARTMENTS,
    FIELDS,
    ONLINE_LEVELS,
    ONLINE_PROPENSITY,
    PROVINCE_NAME,
)

PROVINCE_GSO = "56"  # GSO code of Tỉnh Khánh Hòa in the package's post-2025 table
PROVINCE_PORTAL = "H56"  # portal-style unit code ("H" + 2 digits), used in every unit code
PROVINCE_UNIT_NAME = f"UBND tỉnh {PROVINCE_NAME}"
SEAT_WARD_CODE = "22366"  # Phường Nha Trang: the provincial seat, where agencies sit
CENTER_SUFFIX = "50"
CENTER_NAME = "Trung tâm Phục vụ hành chính công tỉnh"
COMMUNE_FIRST_SUFFIX = 101  # communes are H56.101, H56.102, ... in GSO code order

# Fixed seed for the registry and each unit's character, so that exports made with any seed
# use the same units, procedure codes and per-unit behaviour as the demo tables.
REGISTRY_SEED = 20250701

MERGER_DAY = dt.date(2025, 7, 1)  # the 2025 restructuring: new communes from this day, no districts
OLD_LAST_DAY = MERGER_DAY - dt.timedelta(days=1)
OLD_COMMUNE_FIRST_SUFFIX = 201  # communes before 1 July 2025: H56.201, … in (province, GSO code) order
OLD_DISTRICT_FIRST_SUFFIX = 61  # districts before 1 July 2025: H56.61, …

_P_RAW_SUFFIX = 0.35  # procedures whose iGate code carries the province suffix

UNITS_SCHEMA = pa.schema([
    ("unit_code", pa.string()), ("unit_name", pa.string()), ("kind", pa.string()),
    ("parent_code", pa.string()), ("admin_code", pa.string()), ("lat", pa.float64()),
    ("lon", pa.float64()), ("valid_from", pa.date32()), ("valid_to", pa.date32()),
    ("successor_code", pa.string()),
])
PROCEDURES_SCHEMA = pa.schema([
    ("procedure_code", pa.string()), ("procedure_name", pa.string()),
    ("field_name", pa.string()), ("online_level", pa.string()),
    ("fee_required", pa.bool_()), ("paper_result_required", pa.bool_()),
])


@dataclass(frozen=True)
class Registry:
    """Units and procedures, with the per-unit and per-procedure arrays dossiers are drawn from."""

    units: pa.Table
    procedures: pa.Table
    # per unit, in `units` row order
    unit_code: pa.Array
    unit_name: pa.Array
    unit_prefix: pa.Array  # unit part of dossier codes: 000.00.05.H56
    unit_late: np.ndarray  # share of dossiers ending late, averaged over the period
    unit_online: np.ndarray  # relative propensity to receive online
    unit_digit: np.ndarray  # relative propensity to digitise
    unit_apology: np.ndarray  # relative propensity to send apology letters
    commune_idx: np.ndarray  # unit indices of the communes
    commune_p: np.ndarray  # each commune's share of commune-level dossiers
    # per procedure, in `procedures` row order
    proc_p: np.ndarray  # share of all dossiers
    proc_owner: np.ndarray  # unit index of the owning agency, -1 = every commune
    proc_level: np.ndarray  # index into ONLINE_LEVELS
    proc_fee: np.ndarray
    proc_days: np.ndarray  # processing time in working days
    proc_raw: pa.Array  # code as the dossier system writes it (some with a suffix)
    online_norm: float  # volume-weighted mean online propensity, to hit the target share
    # per current unit: the old communes that merged into it on 1 July 2025 (padded) and how many
    predecessors: np.ndarray
    pred_count: np.ndarray


def _load_wards() -> list[tuple]:
    """The demo province's communes from the package's post-2025 table, in GSO code order."""
    # find_spec locates the package without importing it (its import pulls in pandas).
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the vietnamadminunits package is not installed")
    path = os.path.join(list(spec.submodule_search_locations)[0], "data", "dataset.db")
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT province, provinceLat, provinceLon, wardShort, wardType, wardCode,"
            " wardLat, wardLon, wardAreaKm2 FROM admin_units WHERE provinceCode = ?"
            " ORDER BY wardCode", (PROVINCE_GSO,)).fetchall()
    finally:
        con.close()
    if not rows or not rows[0][0].endswith(PROVINCE_NAME):
        raise RuntimeError(f"vietnamadminunits has no province {PROVINCE_GSO} ({PROVINCE_NAME})")
    return rows


def _package_data() -> str:
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the vietnamadminunits package is not installed")
    return os.path.join(list(spec.submodule_search_locations)[0], "data")


def _load_old_units(new_ward_codes: list[str]) -> tuple[list[tuple], list[tuple]]:
    """The communes and districts that existed before 1 July 2025 in the provinces that merged into
    the demo province, each with the current commune (GSO code) it went into, from the package's
    old → new mapping. A commune split between several new ones goes to the one the package names
    its default; a district goes to the new commune that took most of its communes.

    Returns (districts, communes): districts as (district_code, name, lat, lon, successor_ward);
    communes as (ward_code, name, district_code, lat, lon, successor_ward)."""
    import json

    data = _package_data()
    with open(os.path.join(data, "converter_2025.json"), encoding="utf-8") as f:
        conv = json.load(f)
    con = sqlite3.connect(f"file:{os.path.join(data, 'dataset.db')}?mode=ro", uri=True)
    try:
        new_key = dict(con.execute("SELECT wardKey, wardCode FROM admin_units WHERE provinceCode = ?",
                                   (PROVINCE_GSO,)).fetchall())
        province_key = con.execute("SELECT DISTINCT provinceKey FROM admin_units WHERE provinceCode = ?",
                                   (PROVINCE_GSO,)).fetchone()[0]
        old_provinces = conv["DICT_PROVINCE"][province_key]
        rows = con.execute(
            "SELECT provinceKey || '_' || districtKey || '_' || wardKey, provinceCode, districtCode, districtType,"
            " districtShort, districtLat, districtLon, wardCode, wardType, wardShort, wardLat, wardLon"
            f" FROM admin_units_legacy WHERE provinceKey IN ({', '.join('?' * len(old_provinces))})"
            " ORDER BY provinceCode, wardCode", old_provinces).fetchall()
    finally:
        con.close()
    successor = {}
    for new, olds in conv["DICT_PROVINCE_WARD_NO_DIVIDED"][province_key].items():
        for old in olds:
            successor[old] = new_key[new]
    for old, news in conv["DICT_PROVINCE_WARD_DIVIDED"].get(province_key, {}).items():
        default = next((n for n in news if n.get("isDefaultNewWard")), news[0])
        successor.setdefault(old, new_key[default["newWardKey"]])
    communes, per_district, district_info = [], {}, {}
    for key, _pc, dcode, dtype, dshort, dlat, dlon, wcode, wtype, wshort, wlat, wlon in rows:
        succ = successor.get(key)
        if succ is None or succ not in new_ward_codes:
            continue
        name = f"UBND {wtype.lower()} {wshort} ({dtype.lower()} {dshort})"
        communes.append((wcode, name, dcode, wlat, wlon, succ))
        per_district.setdefault(dcode, []).append(succ)
        district_info[dcode] = (f"UBND {dtype.lower()} {dshort}", dlat, dlon)
    districts = []
    for dcode in sorted(per_district):
        went = per_district[dcode]
        top = max(sorted(set(went)), key=went.count)
        districts.append((dcode, *district_info[dcode], top))
    return districts, communes


@functools.lru_cache(maxsize=1)
def demo_registry() -> Registry:
    rng = np.random.default_rng(REGISTRY_SEED)
    wards = _load_wards()
    seat = next((w for w in wards if w[5] == SEAT_WARD_CODE), wards[0])
    seat_lat, seat_lon = seat[6], seat[7]

    # ---- units: province, agencies, the service centre, communes ----
    rows: list[tuple[str, str, str, str, float, float]] = []

    def add(code: str, name: str, kind: str, admin_code: str, lat: float, lon: float) -> None:
        rows.append((code, name, kind, admin_code, float(lat), float(lon)))

    add(PROVINCE_PORTAL, PROVINCE_UNIT_NAME, "province", PROVINCE_GSO, wards[0][1], wards[0][2])
    # Agencies sit in the provincial seat; small offsets keep their map markers apart.
    offsets = rng.uniform(-0.012, 0.012, size=(len(DEPARTMENTS) + 1, 2))
    for (suffix, name, _late), (dlat, dlon) in zip(DEPARTMENTS, offsets):
        add(f"{PROVINCE_PORTAL}.{suffix}", name, "department", PROVINCE_GSO,
            round(seat_lat + dlat, 5), round(seat_lon + dlon, 5))
    add(f"{PROVINCE_PORTAL}.{CENTER_SUFFIX}", CENTER_NAME, "center", PROVINCE_GSO,
        round(seat_lat + offsets[-1, 0], 5), round(seat_lon + offsets[-1, 1], 5))
    first_commune = len(rows)
    for i, (_p, _plat, _plon, short, wtype, wcode, wlat, wlon, _area) in enumerate(wards):
        add(f"{PROVINCE_PORTAL}.{COMMUNE_FIRST_SUFFIX + i}", f"UBND {wtype.lower()} {short}",
            "commune", wcode, wlat, wlon)
    codes, names, kinds, admin, lats, lons = (list(col) for col in zip(*rows))
    n_units = len(codes)
    dept_index = {name: 1 + i for i, (_s, name, _l) in enumerate(DEPARTMENTS)}
    commune_idx = np.arange(first_commune, n_units)

    nulls = pa.nulls(n_units)
    parent = [None] + [PROVINCE_PORTAL] * (n_units - 1)
    units = pa.Table.from_arrays([
        pa.array(codes), pa.array(names), pa.array(kinds), pa.array(parent, pa.string()),
        pa.array(admin), pa.array(lats), pa.array(lons), nulls.cast(pa.date32()),
        nulls.cast(pa.date32()), nulls.cast(pa.string()),
    ], schema=UNITS_SCHEMA)

    # ---- commune sizes: a population proxy. Urban wards are dense, large rural communes
    # count a little more than small ones, Trường Sa is tiny; noise makes neighbours differ.
    type_factor = {"Phường": 3.0, "Xã": 1.0, "Đặc khu": 0.03}
    area = np.array([w[8] or 50.0 for w in wards])
    size = (np.array([type_factor.get(w[4], 1.0) for w in wards]) * area ** 0.3
            * rng.lognormal(0.0, 0.5, len(wards)))
    commune_p = size / size.sum()

    # ---- each unit's character ----
    unit_late = np.full(n_units, 0.01)
    unit_late[1:1 + len(DEPARTMENTS)] = [late for _s, _n, late in DEPARTMENTS]
    commune_late = np.clip(rng.lognormal(np.log(0.011), 0.7, len(wards)), 0.002, 0.04)
    # A few struggling communes (never the tiny special zone) give the ranking a tail.
    big = np.flatnonzero(commune_p > np.median(commune_p))
    commune_late[rng.choice(big, 3, replace=False)] = rng.uniform(0.05, 0.09, 3)
    unit_late[commune_idx] = commune_late
    unit_online = rng.lognormal(0.0, 0.2, n_units)
    unit_digit = rng.uniform(0.8, 1.12, n_units)
    unit_apology = rng.uniform(0.8, 1.45, n_units)

    # ---- procedures ----
    n_proc = sum(len(f.procedures) for f in FIELDS)
    # National-style codes: one digit, a dot, six digits; most real codes start with 1.00.
    code_space = np.concatenate([10_000_000 + np.arange(300, 13_000),
                                 20_000_000 + np.arange(300, 6_000)])
    drawn = rng.choice(code_space, n_proc, replace=False)
    proc_codes = [f"{c // 10_000_000}.{c % 10_000_000:06d}" for c in drawn]
    p_names, p_fields, p_level, p_fee, p_paper, p_days, p_owner, p_p = ([] for _ in range(8))
    for f in FIELDS:
        k = len(f.procedures)
        # Within a field a few procedures take most dossiers (Zipf), listed first.
        w = rng.lognormal(0.0, 0.3, k) / np.arange(1, k + 1) ** 1.2
        p_p.extend(f.share * w / w.sum())
        p_names.extend(f.procedures)
        p_fields.extend([f.name] * k)
        levels = rng.choice(3, k, p=f.online)
        if f.online[2] < 0.5 and levels[0] == 2:
            # The busiest procedure of a field is where online services were built first.
            levels[0] = 0 if rng.random() < f.online[0] / (f.online[0] + f.online[1]) else 1
        p_level.extend(levels)
        p_fee.extend(rng.random(k) < f.fee)
        p_paper.extend(rng.random(k) < f.paper)
        p_days.extend(rng.integers(f.days[0], f.days[1] + 1, k))
        p_owner.extend([-1 if f.owner == COMMUNE else dept_index[f.owner]] * k)
    if len(set(p_names)) != n_proc:
        raise RuntimeError("procedure names must be unique")
    proc_p = np.array(p_p) / np.sum(p_p)
    proc_level = np.array(p_level)
    proc_owner = np.array(p_owner)
    procedures = pa.Table.from_arrays([
        pa.array(proc_codes), pa.array(p_names), pa.array(p_fields),
        pa.array([ONLINE_LEVELS[i] for i in p_level]), pa.array(p_fee, pa.bool_()),
        pa.array(p_paper, pa.bool_()),
    ], schema=PROCEDURES_SCHEMA)
    # Some procedures are configured in iGate under the province-suffixed national code.
    suffixed = rng.random(n_proc) < _P_RAW_SUFFIX
    proc_raw = pa.array([f"{c}.000.00.00.{PROVINCE_PORTAL}" if s else c
                         for c, s in zip(proc_codes, suffixed)])

    # Expected online propensity of a dossier, so per-dossier probabilities can be scaled
    # to make the overall online share follow the target curve.
    owner_online = np.where(proc_owner >= 0, unit_online[np.maximum(proc_owner, 0)],
                            commune_p @ unit_online[commune_idx])
    online_norm = float(proc_p @ (ONLINE_PROPENSITY[proc_level] * owner_online))

    # ---- before 1 July 2025: the districts and the old communes, each with its successor.
    # They act as the current commune they merged into (same character), so the trend of a
    # current commune crosses the merger without a break once their counts roll up into it.
    districts, old_communes = _load_old_units(list(admin[first_commune:]))
    code_of_ward = {admin[i]: codes[i] for i in range(first_commune, n_units)}
    index_of_code = {c: i for i, c in enumerate(codes)}
    old_rows, copy_from = [], []
    district_code = {}
    for j, (dcode, name, lat, lon, succ) in enumerate(districts):
        code = f"{PROVINCE_PORTAL}.{OLD_DISTRICT_FIRST_SUFFIX + j}"
        district_code[dcode] = code
        old_rows.append((code, name, "district", PROVINCE_PORTAL, dcode, lat, lon, code_of_ward[succ]))
        copy_from.append(index_of_code[code_of_ward[succ]])
    for j, (wcode, name, dcode, lat, lon, succ) in enumerate(old_communes):
        code = f"{PROVINCE_PORTAL}.{OLD_COMMUNE_FIRST_SUFFIX + j}"
        old_rows.append((code, name, "commune", district_code[dcode], wcode, lat, lon, code_of_ward[succ]))
        copy_from.append(index_of_code[code_of_ward[succ]])
    copy_from = np.array(copy_from, np.int64)
    n_old = len(old_rows)
    o_code, o_name, o_kind, o_parent, o_admin, o_lat, o_lon, o_succ = (list(c) for c in zip(*old_rows))
    current_from = [None] * first_commune + [MERGER_DAY] * (n_units - first_commune)
    units = pa.Table.from_arrays([
        pa.array(codes + o_code), pa.array(names + o_name), pa.array(kinds + o_kind),
        pa.array(parent + o_parent, pa.string()), pa.array(admin + o_admin),
        pa.array(lats + [float(x) for x in o_lat]), pa.array(lons + [float(x) for x in o_lon]),
        pa.array(current_from + [None] * n_old, pa.date32()),
        pa.array([None] * n_units + [OLD_LAST_DAY] * n_old, pa.date32()),
        pa.array([None] * n_units + o_succ, pa.string()),
    ], schema=UNITS_SCHEMA)
    unit_late = np.concatenate([unit_late, unit_late[copy_from]])
    unit_online = np.concatenate([unit_online, unit_online[copy_from]])
    unit_digit = np.concatenate([unit_digit, unit_digit[copy_from]])
    unit_apology = np.concatenate([unit_apology, unit_apology[copy_from]])
    # Per current commune, the old communes that merged into it (for dossiers before the merger).
    old_commune_idx = np.arange(n_units + len(districts), n_units + n_old)
    preds = [[k for k in old_commune_idx if copy_from[k - n_units] == i] or [i] for i in range(n_units)]
    width = max(len(p) for p in preds)
    predecessors = np.array([p + [p[k % len(p)] for k in range(width - len(p))] for p in preds], np.int64)
    pred_count = np.array([len(p) for p in preds], np.int64)
    codes = codes + o_code

    prefixes = [f"000.00.{c.split('.', 1)[1]}.{PROVINCE_PORTAL}" if "." in c
                else f"000.00.00.{PROVINCE_PORTAL}" for c in codes]
    return Registry(
        units=units, procedures=procedures,
        unit_code=units["unit_code"].combine_chunks(),
        unit_name=units["unit_name"].combine_chunks(), unit_prefix=pa.array(prefixes),
        unit_late=unit_late, unit_online=unit_online, unit_digit=unit_digit,
        unit_apology=unit_apology, commune_idx=commune_idx, commune_p=commune_p,
        proc_p=proc_p, proc_owner=proc_owner, proc_level=proc_level,
        proc_fee=np.array(p_fee, bool), proc_days=np.array(p_days, np.int64),
        proc_raw=proc_raw, online_norm=online_norm, predecessors=predecessors, pred_count=pred_count)
