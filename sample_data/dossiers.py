"""The demo dossiers: the calendar (days off, seasonality), the dossier generator and targets.

`demo_tables()` returns the `units`, `procedures`, `dossiers` and `targets` tables as pyarrow
Tables whose columns and types match the warehouse tables of the same name (minus the columns
the importer derives, such as `name_key`, `due_deadline`, `import_id`); `dossier_batches()`
yields dossiers in bounded batches, for exports of any size.

Dossiers have seasonality (Tết dip, year-end peak), very unequal communes, agencies that differ in
punctuality, and improving trends (online share, digitisation, online payment, on-time). Only
they depend on the seed. Everything is vectorised with numpy: there is no Python loop per dossier.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from sample_data.catalogue import ONLINE_LEVELS, ONLINE_PROPENSITY
from sample_data.registry import MERGER_DAY, Registry, demo_registry

DEMO_END = dt.date(2026, 10, 31)  # last day with received dossiers; some are still pending

# --------------------------------------------------------------------------------------
# Calendar: days off and seasonality
# --------------------------------------------------------------------------------------

# Official days off (Tết ranges as announced; later years approximate) and the fixed-date
# holidays. They shape the receipt calendar and count as non-working days for due dates.
_TET_HOLIDAYS = [
    (dt.date(2023, 1, 20), dt.date(2023, 1, 26)),
    (dt.date(2024, 2, 8), dt.date(2024, 2, 14)),
    (dt.date(2025, 1, 25), dt.date(2025, 2, 2)),
    (dt.date(2026, 2, 14), dt.date(2026, 2, 22)),
    (dt.date(2027, 2, 5), dt.date(2027, 2, 11)),
]
_FIXED_HOLIDAYS = [(1, 1), (4, 30), (5, 1), (9, 1), (9, 2)]  # month, day
_HUNG_KINGS = [dt.date(2023, 4, 29), dt.date(2024, 4, 18), dt.date(2025, 4, 7), dt.date(2026, 4, 27)]

# Relative monthly volume: the year starts briskly, Tết empties February, and the last
# quarter peaks as agencies and citizens close the year's files.
_MONTH_FACTOR = {1: 1.00, 2: 0.88, 3: 1.00, 4: 0.97, 5: 0.98, 6: 1.00,
                 7: 0.96, 8: 0.97, 9: 1.00, 10: 1.08, 11: 1.13, 12: 1.20}
_POST_TET_DAYS, _POST_TET_FACTOR = 10, 0.65  # "tháng Giêng là tháng ăn chơi"
_WEEKDAY_FACTOR = np.array([1.0, 1.0, 1.0, 1.0, 1.0, 0.06, 0.015])  # Mon..Sun
_HOLIDAY_FACTOR = 0.03  # online submissions still trickle in
_YEARLY_GROWTH = 0.12  # volume grows as services get easier to use

# --------------------------------------------------------------------------------------
# Dossier behaviour
# --------------------------------------------------------------------------------------

STATUS_LABELS = {
    1: "Mới đăng ký", 2: "Được tiếp nhận", 3: "Không được tiếp nhận", 4: "Đang xử lý",
    5: "Yêu cầu bổ sung", 6: "Yêu cầu thực hiện nghĩa vụ tài chính", 7: "Rút hồ sơ",
    8: "Dừng xử lý", 9: "Đã xử lý xong", 10: "Đã trả kết quả",
}
PENDING_STATUSES = (2, 4, 5, 6)
CHANNELS = ("direct", "online", "postal")

_P_NOT_ACCEPTED, _P_WITHDRAWN, _P_STOPPED = 0.008, 0.012, 0.006
_P_POSTAL = 0.032
_P_STRAGGLER = 0.0008  # old dossiers stuck in "waiting for supplements" forever
_P_NOT_COLLECTED = 0.03  # results never picked up: stay at status 9
_P_DUE_MISSING = 0.005
_P_DUE_WITH_TIME = 0.12  # hour-based deadlines export a time of day
_P_SERVICE_LEVEL = 0.03  # rows that carry an explicit service level
_P_RATED = 0.08

_DAY = 86_400
_H = 3_600

BATCH_ROWS = 250_000  # rows generated at a time; >= the demo default keeps them equal

# --------------------------------------------------------------------------------------
# Targets (example defaults a province edits; not legal requirements)
# --------------------------------------------------------------------------------------

TARGET_DEFAULTS = {  # metric: (value for 2025, change per year)
    "on_time_rate": (95.0, 0.5),
    "progress_rate": (95.0, 0.5),
    "online_rate": (60.0, 10.0),
    "full_online_rate": (80.0, 5.0),
    "digitized_rate": (80.0, 5.0),
    "result_digitized_rate": (80.0, 5.0),
    "online_payment_rate": (50.0, 10.0),
    "reuse_rate": (50.0, 10.0),
}
_TARGET_BASE_YEAR = 2025

_TS = pa.timestamp("us")  # DuckDB TIMESTAMP (timestamp[s] would become TIMESTAMP_S)
DOSSIERS_SCHEMA = pa.schema([
    ("dossier_code", pa.string()), ("procedure_code", pa.string()),
    ("procedure_code_raw", pa.string()), ("procedure_name", pa.string()),
    ("field_code", pa.string()), ("field_name", pa.string()), ("unit_code", pa.string()),
    ("unit_name", pa.string()), ("channel", pa.string()), ("service_level", pa.string()),
    ("received_at", _TS), ("due_at", _TS), ("completed_at", _TS), ("returned_at", _TS),
    ("status", pa.int16()), ("digitized", pa.bool_()), ("result_digitized", pa.bool_()),
    ("reused", pa.bool_()), ("fee_required", pa.bool_()), ("paid_online", pa.bool_()),
    ("apology", pa.bool_()), ("rating", pa.float64()),
])
TARGETS_SCHEMA = pa.schema([
    ("metric", pa.string()), ("year", pa.int32()), ("scope", pa.string()),
    ("value", pa.float64()),
])


# ======================================================================================
# Calendar
# ======================================================================================


@dataclass(frozen=True)
class _Calendar:
    start: dt.date
    days: np.ndarray  # datetime64[D], start .. DEMO_END
    p: np.ndarray  # probability that a dossier is received on each day
    busdays: np.busdaycalendar  # Mon-Fri minus days off
    as_of: int  # epoch seconds of the last second of DEMO_END


def window_start(months: int) -> dt.date:
    """The first day of the `months` calendar months that end with DEMO_END."""
    index = DEMO_END.year * 12 + DEMO_END.month - 1 - (months - 1)
    return dt.date(index // 12, index % 12 + 1, 1)


@functools.lru_cache(maxsize=8)
def _calendar(months: int) -> _Calendar:
    start = window_start(months)
    days = np.arange(np.datetime64(start), np.datetime64(DEMO_END) + 1)
    years = range(start.year - 1, DEMO_END.year + 2)
    off = {dt.date(y, m, d) for y in years for m, d in _FIXED_HOLIDAYS}
    off.update(_HUNG_KINGS)
    for first, last in _TET_HOLIDAYS:
        off.update(first + dt.timedelta(i) for i in range((last - first).days + 1))
    holidays = np.array(sorted(off), dtype="datetime64[D]")

    month = days.astype("datetime64[M]").astype(np.int64) % 12 + 1
    weekday = (days.astype(np.int64) + 3) % 7  # 1970-01-01 was a Thursday
    w = _WEEKDAY_FACTOR[weekday] * np.vectorize(_MONTH_FACTOR.get)(month)
    w = np.where(np.isin(days, holidays), _HOLIDAY_FACTOR, w)
    for _first, last in _TET_HOLIDAYS:
        after = np.datetime64(last) + 1
        w = np.where((days >= after) & (days < after + _POST_TET_DAYS), w * _POST_TET_FACTOR, w)
    w = w * (1.0 + _YEARLY_GROWTH * (days - days[0]).astype(np.int64) / 365.25)
    return _Calendar(start=start, days=days, p=w / w.sum(),
                     busdays=np.busdaycalendar(holidays=holidays),
                     as_of=(int(days[-1].astype(np.int64)) + 1) * _DAY - 1)


# ======================================================================================
# Dossiers
# ======================================================================================


def _chunk_rng(seed: int, chunk: int) -> np.random.Generator:
    # demo_tables is chunk 0, so an export of up to BATCH_ROWS rows holds exactly
    # the dossiers demo_tables would return for the same n and seed.
    return np.random.default_rng([seed, chunk])


def _epoch(days: np.ndarray) -> np.ndarray:
    """Seconds since 1970 at 00:00 of each datetime64[D] day."""
    return days.astype(np.int64) * _DAY


def _office_time(rng: np.random.Generator, n: int) -> np.ndarray:
    """Seconds after midnight within office hours: 07:30-11:30 or 13:30-17:00."""
    morning = rng.random(n) < 0.55
    return np.where(morning, rng.integers(27_000, 41_400, n), rng.integers(48_600, 61_200, n))


def _timestamps(seconds: np.ndarray, valid: np.ndarray) -> pa.Array:
    return pa.array((seconds * 1_000_000).astype("datetime64[us]"), type=_TS, mask=~valid)


def _dossier_batch(reg: Registry, cal: _Calendar, n: int, rng: np.random.Generator,
                   seq_base: np.ndarray | None = None) -> pa.Table:
    """n dossiers as a pyarrow Table (DOSSIERS_SCHEMA), all columns drawn at once.

    seq_base, when given, holds the dossiers already numbered per (unit, day) by earlier
    chunks; it keeps dossier codes unique across chunks and is updated in place.
    """
    n_days = len(cal.days)
    bd = cal.busdays
    day = rng.choice(n_days, size=n, p=cal.p)
    t = day / max(n_days - 1, 1)  # 0 at the start of the period, 1 at its end: drives trends
    recv_date = cal.days[day]

    # ---- what and where: procedure, then its agency or one of the communes ----
    proc = rng.choice(len(reg.proc_p), size=n, p=reg.proc_p)
    owner = reg.proc_owner[proc]
    commune = reg.commune_idx[rng.choice(len(reg.commune_idx), size=n, p=reg.commune_p)]
    unit = np.where(owner >= 0, owner, commune)
    # Before the 2025 merger a commune-level dossier went to one of the old communes that formed
    # today's commune: chosen by arithmetic, not the generator, so every other draw stays as it was.
    before = (recv_date < np.datetime64(MERGER_DAY)) & (owner < 0)
    pick = (day * 7919 + np.arange(n) * 104_729) % reg.pred_count[unit]
    unit = np.where(before, reg.predecessors[unit, pick], unit)
    level = reg.proc_level[proc]

    # ---- channel: online share climbs from ~1/3 to ~2/3; postal stays marginal ----
    online_target = 0.34 + 0.42 * t
    p_online = np.minimum(
        0.97, online_target * ONLINE_PROPENSITY[level] * reg.unit_online[unit] / reg.online_norm)
    postal = rng.random(n) < _P_POSTAL
    online = ~postal & (rng.random(n) < p_online)
    channel = np.where(postal, 2, np.where(online, 1, 0))

    # ---- receipt: office hours; some online dossiers are accepted in the evening ----
    midnight = _epoch(recv_date)
    received = midnight + _office_time(rng, n)
    evening = online & (rng.random(n) < 0.15)
    received = np.where(evening, midnight + rng.integers(61_200, 81_000, n), received)

    # ---- due date: receipt + processing time in working days (weekends, days off skipped).
    # Most exports carry a bare date (= end of that day); hour-based ones carry a time.
    allowed = reg.proc_days[proc]
    first_bd = np.busday_offset(recv_date, 0, roll="forward", busdaycal=bd)
    due_date = np.busday_offset(first_bd, allowed, roll="forward", busdaycal=bd)
    due_with_time = rng.random(n) < _P_DUE_WITH_TIME
    due_tod = np.clip(received - midnight, 8 * _H, 17 * _H)
    due_at = _epoch(due_date) + np.where(due_with_time, due_tod, 0)
    deadline = np.where(due_with_time, due_at, _epoch(due_date) + _DAY - 1)
    has_due = rng.random(n) >= _P_DUE_MISSING

    # ---- outcome class ----
    u = rng.random(n)
    not_accepted = u < _P_NOT_ACCEPTED
    withdrawn = (u >= _P_NOT_ACCEPTED) & (u < _P_NOT_ACCEPTED + _P_WITHDRAWN)
    stopped = ((u >= _P_NOT_ACCEPTED + _P_WITHDRAWN)
               & (u < _P_NOT_ACCEPTED + _P_WITHDRAWN + _P_STOPPED))
    normal = ~(not_accepted | withdrawn | stopped)

    # ---- end of processing: on time (often early) or a few working days late. Lateness
    # depends on the unit and falls over the period (x1.5 at the start, x0.5 at the end).
    late = normal & (rng.random(n) < reg.unit_late[unit] * (1.5 - t))
    used = np.minimum((rng.beta(2.0, 2.5, n) * (allowed + 1)).astype(np.int64), allowed)
    end_date = np.busday_offset(first_bd, used, busdaycal=bd)
    overrun = rng.geometric(0.3, n)  # working days past the due date, mean ~3
    end_date = np.where(late, np.busday_offset(due_date, overrun, busdaycal=bd), end_date)
    completed = _epoch(end_date) + _office_time(rng, n)
    completed = np.maximum(completed, received + rng.integers(600, 3 * _H, n))
    completed = np.where(late, completed, np.minimum(completed, deadline))

    # ---- still pending at the end of the data: whatever would end after it, plus a few
    # old dossiers stuck waiting for supplements (overdue stragglers) ----
    fee = reg.proc_fee[proc] & (rng.random(n) >= 0.05)  # some payers are exempt
    ends_later = completed > cal.as_of
    straggler = (normal & ~ends_later & (received < cal.as_of - 60 * _DAY)
                 & (rng.random(n) < _P_STRAGGLER))
    pending = (ends_later & ~not_accepted) | straggler

    # ---- result handed back: at once (e-result) or over the next working days ----
    comp_day = (completed // _DAY).astype("datetime64[D]")
    ret_days = rng.choice(4, size=n, p=[0.5, 0.3, 0.15, 0.05])
    returned = _epoch(np.busday_offset(comp_day, ret_days, roll="forward", busdaycal=bd))
    returned = np.maximum(returned + _office_time(rng, n), completed)
    returned = np.where(rng.random(n) < 0.5, completed, returned)

    # ---- status ----
    status = np.full(n, 10, np.int16)
    uncollected = (rng.random(n) < _P_NOT_COLLECTED) | (returned > cal.as_of)
    status[normal & uncollected] = 9
    status[stopped] = 8
    status[withdrawn] = 7
    status[not_accepted] = 3
    v = rng.random(n)
    waiting = np.where(v < 0.70, 4, np.where(v < 0.88, 5, np.where(fee, 6, 4)))
    just_in = received > cal.as_of - 3 * _DAY
    waiting = np.where(just_in & (rng.random(n) < 0.5), 2, waiting)
    waiting = np.where(straggler, np.where(v < 0.6, 5, 4), waiting)
    status = np.where(pending, waiting, status).astype(np.int16)
    status[pending & online & just_in & (rng.random(n) < 0.3)] = 1  # registered, not yet taken in

    has_completed = np.isin(status, (7, 8, 9, 10))
    has_returned = (status == 10) | ((status == 8) & (rng.random(n) < 0.5))
    returned = np.where(status == 8, completed, returned)
    resolved = np.isin(status, (8, 9, 10))

    # ---- quality flags, all improving over the period ----
    ended_late = resolved & has_due & (completed > deadline)
    apology = ended_late & (
        rng.random(n) < np.clip(reg.unit_apology[unit] * (0.45 + 0.30 * t), 0, 0.95))
    digitized = rng.random(n) < np.clip(
        reg.unit_digit[unit] * (0.35 + 0.55 * t) + 0.2 * online, 0, 0.98)
    result_digitized = np.isin(status, (9, 10)) & (
        rng.random(n) < np.clip(reg.unit_digit[unit] * (0.30 + 0.62 * t), 0, 0.97))
    reused = rng.random(n) < np.clip((0.05 + 0.45 * t) * np.where(online, 1.3, 0.8), 0, 0.9)
    paid_online = fee & (status != 3) & (
        rng.random(n) < np.clip((0.08 + 0.60 * t) * np.where(online, 1.35, 0.55), 0, 0.95))
    rated = resolved & (rng.random(n) < _P_RATED)
    rating = rng.choice(np.arange(1.0, 6.0), size=n, p=[0.02, 0.03, 0.08, 0.27, 0.60])
    explicit_level = rng.random(n) < _P_SERVICE_LEVEL

    # ---- dossier code: unit part, receipt date YYMMDD, sequence within unit and day ----
    key = unit * n_days + day
    order = np.lexsort((received, key))
    sorted_key = key[order]
    pos = np.arange(n)
    group_start = np.maximum.accumulate(
        np.where(np.r_[True, sorted_key[1:] != sorted_key[:-1]], pos, 0)) if n else pos
    seq = np.empty(n, np.int64)
    seq[order] = pos - group_start + 1
    if seq_base is not None:
        seq += seq_base[key]
        seq_base += np.bincount(key, minlength=len(seq_base))
    month_start = recv_date.astype("datetime64[M]")
    yymmdd = ((month_start.astype("datetime64[Y]").astype(np.int64) + 1970) % 100 * 10_000
              + (month_start.astype(np.int64) % 12 + 1) * 100
              + (recv_date - month_start).astype(np.int64) + 1)
    unit_idx = pa.array(unit)
    proc_idx = pa.array(proc)
    dossier_code = pc.binary_join_element_wise(
        reg.unit_prefix.take(unit_idx),
        pc.utf8_lpad(pa.array(yymmdd).cast(pa.string()), 6, "0"),
        pc.utf8_lpad(pa.array(seq).cast(pa.string()), 4, "0"), "-")

    procs = reg.procedures
    return pa.Table.from_arrays([
        dossier_code,
        procs["procedure_code"].take(proc_idx).combine_chunks(),
        reg.proc_raw.take(proc_idx),
        procs["procedure_name"].take(proc_idx).combine_chunks(),
        pa.nulls(n, pa.string()),
        procs["field_name"].take(proc_idx).combine_chunks(),
        reg.unit_code.take(unit_idx),
        reg.unit_name.take(unit_idx),
        pa.array(CHANNELS).take(pa.array(channel)),
        pa.array(ONLINE_LEVELS).take(pa.array(level, mask=~explicit_level)),
        _timestamps(received, np.ones(n, bool)),
        _timestamps(due_at, has_due),
        _timestamps(completed, has_completed),
        _timestamps(returned, has_returned),
        pa.array(status, pa.int16()),
        pa.array(digitized), pa.array(result_digitized), pa.array(reused), pa.array(fee),
        pa.array(paid_online), pa.array(apology),
        pa.array(rating, pa.float64(), mask=~rated),
    ], schema=DOSSIERS_SCHEMA)


def _targets(cal: _Calendar) -> pa.Table:
    """Example targets for each year in the data, tightening a little every year."""
    years = list(range(cal.start.year, DEMO_END.year + 1))
    rows = [(metric, year, "all", min(100.0, base + step * (year - _TARGET_BASE_YEAR)))
            for metric, (base, step) in TARGET_DEFAULTS.items() for year in years]
    metric, year, scope, value = zip(*rows)
    return pa.Table.from_arrays([pa.array(metric), pa.array(year, pa.int32()),
                                 pa.array(scope), pa.array(value, pa.float64())],
                                schema=TARGETS_SCHEMA)


def demo_tables(n_dossiers: int = 240_000, seed: int = 2025,
                months: int = 28) -> dict[str, pa.Table]:
    """The demo province's tables: units, procedures, dossiers and targets.

    Same arguments, same tables. Units and procedures never depend on the seed. Dossiers are
    received over the `months` calendar months ending DEMO_END.
    """
    if n_dossiers < 0:
        raise ValueError("n_dossiers must be >= 0")
    if not 1 <= months <= 120:
        raise ValueError("months must be between 1 and 120")
    reg, cal = demo_registry(), _calendar(months)
    return {
        "units": reg.units,
        "procedures": reg.procedures,
        "dossiers": _dossier_batch(reg, cal, n_dossiers, _chunk_rng(seed, 0)),
        "targets": _targets(cal),
    }


def dossier_batches(n: int, seed: int, months: int = 28):
    """Dossier batches of at most BATCH_ROWS rows, with codes unique across them."""
    reg, cal = demo_registry(), _calendar(months)
    seq_base = np.zeros(reg.units.num_rows * len(cal.days), np.int64)
    for chunk, first in enumerate(range(0, n, BATCH_ROWS)):
        size = min(BATCH_ROWS, n - first)
        yield _dossier_batch(reg, cal, size, _chunk_rng(seed, chunk), seq_base)
