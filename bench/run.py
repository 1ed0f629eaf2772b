"""Benchmark of the CCHC Dashboard: import, overview queries, and the pandas way.

    python bench/run.py [--n 1000000] [--repeat 5] [--import-repeat 3] [--pandas-repeat 3] [--keep DIR]

One run, on one machine, so every comparison is a ratio of two figures measured minutes
apart on the same (shared, noisy) cores; each figure is the median of several repeats.

  (a) import: our `import_file` of an iGate-like export vs DuckDB's bare `read_csv` of it
  (b) the overview page's queries (warm) vs one full scan of the dossier table
  (c) pandas `read_csv` + groupby of the same month's headline KPIs vs (b)

The summary is printed and written to bench/out/last_run.json. See bench/README.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import pyarrow.csv as pacsv  # noqa: E402

import queries  # noqa: E402
import warehouse  # noqa: E402
from data_loaders import pipeline, read  # noqa: E402
from queries import metrics, periods  # noqa: E402
from sample_data.generate import demo_tables, write_dossier_export  # noqa: E402

OUT = ROOT / "bench" / "out" / "last_run.json"
SEED = 7
TITLE_LINES = 3  # what write_dossier_export(messy=True) puts above the header: 2 titles + 1 blank

TARGETS = {
    "import_vs_bare_max": 3.0,  # ours ≤ 3 × bare read_csv
    "overview_ms_max": 100.0,  # the overview page's queries, warm, in total
    "pandas_vs_ours_min": 10.0,  # ours ≥ 10 × faster than pandas read + compute
}
HEADLINE = ("on_time_rate", "online_rate", "digitized_rate", "progress_rate")


def median(xs):
    return statistics.median(xs) if xs else None


def log(msg: str = "") -> None:
    print(msg, flush=True)


# ---------------------------------------------------------------------------------------
# Instrumentation of the import, without touching project code: the pipeline's own
# functions are wrapped (module attributes are looked up at call time), and the
# connection is a thin proxy that times every SQL statement under the current phase.
# ---------------------------------------------------------------------------------------


class PhaseTimer:
    def __init__(self):
        self.stack: list[str] = []
        self.times: dict[tuple, float] = {}  # path of labels -> seconds (inclusive), insertion order = first seen

    @contextmanager
    def phase(self, label: str):
        self.stack.append(label)
        path = tuple(self.stack)
        self.times.setdefault(path, 0.0)
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.times[path] += time.perf_counter() - t0
            self.stack.pop()

    def wrap(self, module, name: str, label: str):
        original = getattr(module, name)

        def timed(*a, **k):
            with self.phase(label):
                return original(*a, **k)

        setattr(module, name, timed)
        return lambda: setattr(module, name, original)


_SQL_LABEL = re.compile(
    r"^\s*(CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP\s+)?TABLE|INSERT\s+INTO|DELETE\s+FROM|UPDATE|DROP\s+TABLE(?:\s+IF\s+EXISTS)?)"
    r"\s+(\w+)",
    re.I,
)


def sql_label(sql: str) -> str:
    m = _SQL_LABEL.match(sql)
    if m:
        verb = m.group(1).split()[0].lower()
        return f"sql {verb} {m.group(2)}"
    return "sql " + " ".join(sql.split())[:48]


class TimedConnection:
    """Delegates to a DuckDB connection; times execute/executemany under the current phase."""

    def __init__(self, con, timer: PhaseTimer):
        self._con, self._timer = con, timer

    def execute(self, sql, *args, **kwargs):
        with self._timer.phase(sql_label(sql)):
            return self._con.execute(sql, *args, **kwargs)

    def executemany(self, sql, *args, **kwargs):
        with self._timer.phase(sql_label(sql) + " (many)"):
            return self._con.executemany(sql, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self._con, name)


@contextmanager
def instrumented_pipeline(timer: PhaseTimer):
    undo = [
        timer.wrap(read, "inspect", "read.inspect (hash + UTF-8/NFC check)"),
        timer.wrap(read, "load", "read.load (CSV -> raw_rows)"),
        timer.wrap(read, "transcode_to_utf8", "transcode_to_utf8"),
        timer.wrap(read, "sniff_csv", "sniff_csv (header search)"),
        timer.wrap(read, "record_offsets", "record_offsets (blank-line scan)"),
        timer.wrap(pipeline, "_validate", "_validate (staged, problems, duplicates)"),
        timer.wrap(pipeline, "_find_duplicates", "_find_duplicates"),
        timer.wrap(pipeline, "_write", "_write (transaction)"),
        timer.wrap(pipeline, "rebuild_rollups", "rebuild_rollups"),
        timer.wrap(pipeline, "_insert_rejected", "_insert_rejected"),
        timer.wrap(pipeline, "_insert_log", "_insert_log"),
    ]
    try:
        yield
    finally:
        for u in reversed(undo):
            u()


# ---------------------------------------------------------------------------------------
# 1. The export file
# ---------------------------------------------------------------------------------------


def make_export(workdir: Path, n: int) -> tuple[Path, float | None]:
    path = workdir / f"export_{n}_seed{SEED}.csv"
    if path.exists() and path.stat().st_size > 0:  # --keep DIR: reuse what an earlier run wrote
        return path, None
    t0 = time.perf_counter()
    write_dossier_export(path, n, seed=SEED, messy=True, fmt="csv")
    return path, time.perf_counter() - t0


def write_registry(workdir: Path) -> dict[str, Path]:
    """The units and procedures registry of demo_tables() as plain CSVs (canonical headers)."""
    tables = demo_tables(n_dossiers=0)  # the registry does not depend on the dossiers
    out = {}
    for kind in ("units", "procedures"):
        out[kind] = workdir / f"{kind}.csv"
        pacsv.write_csv(tables[kind], out[kind])
    return out


def fresh_db(path: Path):
    for p in (path, Path(str(path) + ".wal")):
        p.unlink(missing_ok=True)
    return path


# ---------------------------------------------------------------------------------------
# 2a. Import: ours vs DuckDB's bare read_csv
# ---------------------------------------------------------------------------------------


def our_import(export: Path, registry: dict[str, Path], db: Path) -> tuple[float, object, dict]:
    """Registry first (not timed), then the timed import_file of the export."""
    con = warehouse.connect(fresh_db(db))
    try:
        for kind, p in registry.items():
            r = pipeline.import_file(con, p, kind=kind, user="bench")
            if not r.ok:
                raise SystemExit(f"registry import failed: {r.summary('en')}")
        con.execute("CHECKPOINT")
        timer = PhaseTimer()
        with instrumented_pipeline(timer):
            t0 = time.perf_counter()
            result = pipeline.import_file(TimedConnection(con, timer), export, user="bench")
            seconds = time.perf_counter() - t0
        if not result.ok:
            raise SystemExit(f"import failed: {result.summary('en')}")
    finally:
        con.close()
    return seconds, result, timer.times


BARE_SQL = (
    "CREATE TABLE t AS SELECT * FROM read_csv($p, skip = $skip, header = true, all_varchar = true)"
)


def bare_import(export: Path, db: Path) -> tuple[float, int]:
    con = duckdb.connect(str(fresh_db(db)))
    try:
        t0 = time.perf_counter()
        con.execute(BARE_SQL, {"p": str(export), "skip": TITLE_LINES})
        seconds = time.perf_counter() - t0
        rows = con.execute("SELECT count(*) FROM t").fetchall()[0][0]
    finally:
        con.close()
    return seconds, rows


def bench_import(export, registry, workdir, repeats):
    ours, bare, phases_runs, result, bare_rows = [], [], [], None, None
    for i in range(repeats):  # interleaved, so drift in machine load hits both alike
        s, bare_rows = bare_import(export, workdir / "bare.duckdb")
        bare.append(s)
        s, result, phases = our_import(export, registry, workdir / "cchc.duckdb")
        ours.append(s)
        phases_runs.append(phases)
        log(f"  import run {i + 1}/{repeats}: bare {bare[-1]:.2f} s, ours {ours[-1]:.2f} s")
    # the phase breakdown of the run whose total is the median
    mid = sorted(range(repeats), key=lambda i: ours[i])[(repeats - 1) // 2]
    return {
        "ours_s": median(ours),
        "bare_s": median(bare),
        "ours_runs_s": ours,
        "bare_runs_s": bare,
        "ratio": median(ours) / median(bare),
        "bare_rows": bare_rows,
        "bare_mode": "all_varchar = true, header = true, skip = 3 (2 title lines + 1 blank)",
        "result": {k: getattr(result, k) for k in (
            "rows_read", "rows_imported", "rows_skipped", "rows_rejected", "skipped", "rejected_by_reason")},
        "phases": [{"path": list(p), "s": t} for p, t in phases_runs[mid].items()],
        "phases_run": mid + 1,
    }


def print_phases(phases: list[dict], total: float) -> None:
    log(f"  {'phase (inclusive time)':<72} {'s':>8} {'%':>6}")
    for ph in phases:
        path, s = ph["path"], ph["s"]
        if s < 0.005 and path[-1].startswith("sql"):
            continue  # tiny bookkeeping statements
        label = "  " * (len(path) - 1) + path[-1]
        log(f"  {label[:72]:<72} {s:8.2f} {100 * s / total:5.1f}%")
    top = sum(ph["s"] for ph in phases if len(ph["path"]) == 1)
    log(f"  {'(outside the timed phases: import_file glue)':<72} {total - top:8.2f} {100 * (total - top) / total:5.1f}%")


# ---------------------------------------------------------------------------------------
# 2b. Overview queries vs one full scan
# ---------------------------------------------------------------------------------------


def latest_full_month(con) -> periods.Period:
    _first, last = queries.data_bounds(con)
    if (last + dt.timedelta(days=1)).day == 1:
        return periods.month(last.year, last.month)
    prev = last.replace(day=1) - dt.timedelta(days=1)
    return periods.month(prev.year, prev.month)


def overview_calls(month: periods.Period) -> list[tuple[str, object]]:
    """What pages/overview.py and the sidebar in ui.py ask for, for the whole province."""
    previous = month.previous()
    trend_start = (month.end.replace(day=1) - dt.timedelta(days=365)).replace(day=1)  # as overview.py
    return [
        ("data_bounds", lambda c: queries.data_bounds(c)),
        ("units (registry)", lambda c: queries.units(c)),
        ("kpis (month)", lambda c: queries.kpis(c, month.start, month.end)),
        ("kpis (previous month)", lambda c: queries.kpis(c, previous.start, previous.end)),
        ("monthly_trend (13 months)", lambda c: queries.monthly_trend(c, trend_start, month.end)),
        ("ranking (on_time_rate)", lambda c: queries.ranking(c, "on_time_rate", month.start, month.end)),
    ]


FULL_SCAN_SQL = """
SELECT count(*) AS n,
       sum(CASE WHEN status NOT IN (1, 3) AND channel = 'online' THEN 1 ELSE 0 END) AS received_online,
       sum(CASE WHEN status IN (8, 9, 10) AND coalesce(completed_at, returned_at) <= due_at THEN 1 ELSE 0 END) AS on_time,
       sum(CASE WHEN completed_at IS NULL AND received_at < TIMESTAMP '2026-01-01' THEN 1 ELSE 0 END) AS old_open,
       sum(CASE WHEN unit_code LIKE 'H56.1%' THEN 1 ELSE 0 END) AS commune_level
FROM dossiers
"""


def bench_queries(db: Path, repeats: int) -> dict:
    con = warehouse.connect(db, read_only=True)  # what ui.reader() opens
    try:
        month = latest_full_month(con)
        calls = overview_calls(month)
        for _name, fn in calls:  # warm-up: DuckDB's buffers, pandas' lazy imports, SQL file cache
            fn(con)
        per = {name: [] for name, _ in calls}
        totals = []
        for _ in range(repeats):
            total = 0.0
            for name, fn in calls:
                t0 = time.perf_counter()
                fn(con)
                s = time.perf_counter() - t0
                per[name].append(s)
                total += s
            totals.append(total)
        con.execute(FULL_SCAN_SQL).fetchall()
        scans = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            con.execute(FULL_SCAN_SQL).fetchall()
            scans.append(time.perf_counter() - t0)
        kpis = queries.kpis(con, month.start, month.end)
        ranking = queries.ranking(con, "on_time_rate", month.start, month.end)
        unit_frame = queries.unit_counts(con, month.start, month.end)
        sizes = dict(
            (t, con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0])
            for t in ("dossiers", "daily_counts", "unit_daily_counts")
        )
    finally:
        con.close()

    # The page as Streamlit runs it the first time after an import: every loader opens its
    # own short read-only session (ui.reader), so DuckDB's buffers start cold each call.
    session_runs = []
    for _ in range(repeats):
        total = 0.0
        for _name, fn in calls:
            t0 = time.perf_counter()
            with warehouse.session(db, read_only=True) as c:
                fn(c)
            total += time.perf_counter() - t0
        session_runs.append(total)

    total_ms = 1000 * median(totals)
    scan_ms = 1000 * median(scans)
    return {
        "month": [month.start.isoformat(), month.end.isoformat()],
        "per_query_ms": {k: 1000 * median(v) for k, v in per.items()},
        "total_ms": total_ms,
        "total_runs_ms": [1000 * t for t in totals],
        "full_scan_ms": scan_ms,
        "full_scan_runs_ms": [1000 * t for t in scans],
        "ratio_overview_vs_scan": total_ms / scan_ms,
        "per_call_session_total_ms": 1000 * median(session_runs),
        "table_rows": sizes,
        "_kpis": kpis,
        "_units": unit_frame,
        "_ranking": ranking,
    }


# ---------------------------------------------------------------------------------------
# 2c. The pandas way
# ---------------------------------------------------------------------------------------

# The export's Vietnamese headers
C_CODE, C_UNIT, C_CHANNEL = "Mã hồ sơ", "Mã đơn vị", "Kênh thực hiện"
C_RECV, C_DUE, C_DONE, C_RET = "Ngày tiếp nhận", "Ngày hẹn trả", "Ngày có kết quả", "Ngày trả kết quả"
C_STATUS, C_DIGIT = "Trạng thái", "Số hóa hồ sơ"


def pandas_kpis(export: Path, month: periods.Period):
    """read_csv + parse dates + groupby: the month's headline counts per unit and for the province.

    SPEC §3 as the engine applies it: received excludes status 1 and 3; resolved = status
    8/9/10 ending in the period (end = completed, else returned); a due date without a time
    is due at the end of that day; no due date = out of on-time counts; pending is taken at
    the period's end (received by then, not ended by then, withdrawn excluded).
    """
    import pandas as pd

    df = pd.read_csv(export, skiprows=TITLE_LINES, dtype=str)  # BOM and title lines skipped
    status = pd.to_numeric(df[C_STATUS], errors="coerce")
    keep = status.notna()  # drops the totals and signature lines at the bottom
    df, status = df[keep], status[keep].astype("int16")

    def when(col):
        return pd.to_datetime(df[col], format="%d/%m/%Y %H:%M:%S", errors="coerce")

    recv, done, ret = when(C_RECV), when(C_DONE), when(C_RET)
    due_time = when(C_DUE)
    due_date = pd.to_datetime(df[C_DUE], format="%d/%m/%Y", errors="coerce")
    deadline = due_time.fillna(due_date + pd.Timedelta(days=1) - pd.Timedelta(microseconds=1))

    start = pd.Timestamp(month.start)
    end_excl = pd.Timestamp(month.end) + pd.Timedelta(days=1)
    end_day = pd.Timestamp(month.end)

    taken_in = ~status.isin([1, 3])
    received = taken_in & (recv >= start) & (recv < end_excl)
    ended = status.isin([8, 9, 10])
    end_at = done.fillna(ret).where(ended)
    resolved = ended & (end_at >= start) & (end_at < end_excl)
    on_time = resolved & (end_at <= deadline)  # NaT deadline compares False: out of both
    late = resolved & (end_at > deadline)

    # Pending at the end of the month (the engine's day-level rule): received by then, not
    # ended by then, not withdrawn; overdue from the first day whose end is past the deadline.
    recv_day, leave_day = recv.dt.normalize(), end_at.dt.normalize()
    leave_day = leave_day.where(leave_day.isna() | (leave_day >= recv_day), recv_day)
    dl_day = deadline.dt.normalize()
    overdue_day = dl_day + pd.to_timedelta((deadline == dl_day + pd.Timedelta(days=1)
                                            - pd.Timedelta(microseconds=1)).astype(int), unit="D")
    overdue_day = overdue_day.where(overdue_day >= recv_day, recv_day)
    pending = (taken_in & (status != 7) & deadline.notna() & (recv_day <= end_day)
               & (leave_day.isna() | (leave_day > end_day)))
    overdue = pending & (overdue_day <= end_day)

    counts = pd.DataFrame({
        "unit_code": df[C_UNIT],
        "received": received,
        "received_online": received & (df[C_CHANNEL] == "Trực tuyến"),
        "received_digitized": received & (df[C_DIGIT] == "Có"),
        "resolved": resolved,
        "resolved_on_time": on_time,
        "resolved_late": late,
        "pending_within": pending & ~overdue,
        "pending_overdue": overdue,
    })
    per_unit = counts.groupby("unit_code", dropna=False).sum()
    province = per_unit.sum().to_dict()
    return per_unit, {k: int(v) for k, v in province.items()}, len(df)


def rates_of(c: dict) -> dict:
    """The four headline rates from counts, with the engine's own rounding."""
    r = lambda n, d: metrics.round_rate(n, d)  # noqa: E731
    return {
        "on_time_rate": r(c["resolved_on_time"], c["resolved_on_time"] + c["resolved_late"]),
        "online_rate": r(c["received_online"], c["received"]),
        "digitized_rate": r(c["received_digitized"], c["received"]),
        "progress_rate": r(c["resolved_on_time"] + c["pending_within"],
                           c["resolved_on_time"] + c["resolved_late"] + c["pending_within"] + c["pending_overdue"]),
    }


COMPARED_COUNTS = ("received", "received_online", "received_digitized", "resolved", "resolved_on_time",
                   "resolved_late", "pending_within", "pending_overdue")


def bench_pandas(export: Path, month: periods.Period, q: dict, repeats: int) -> dict:
    import pandas  # noqa: F401  (imported outside the timing: the app has it loaded already)

    runs = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        per_unit, province, rows = pandas_kpis(export, month)
        runs.append(time.perf_counter() - t0)
    ours_kpis = q["_kpis"]
    ours_rates = {m: ours_kpis[m] for m in HEADLINE}
    pandas_rates = rates_of(province)
    # per unit: the engine's unit_counts for the same month against the pandas groupby
    units = q["_units"].set_index("unit_code")
    unit_mismatch = []
    for code, row in per_unit.iterrows():
        ours_row = units.loc[code] if code in units.index else None
        if ours_row is None:
            unit_mismatch.append((code, "missing in unit_counts"))
            continue
        pr, orr = rates_of(row.to_dict()), rates_of({c: int(ours_row[c]) for c in COMPARED_COUNTS})
        diff = {m: (orr[m], pr[m]) for m in HEADLINE if orr[m] != pr[m]}
        if diff:
            unit_mismatch.append((code, diff))
    seconds = median(runs)
    return {
        "s": seconds,
        "runs_s": runs,
        "rows": rows,
        "province_ours": {**ours_rates, **{c: int(ours_kpis[c]) for c in COMPARED_COUNTS}},
        "province_pandas": {**pandas_rates, **province},
        "units_compared": len(per_unit),
        "units_mismatched": unit_mismatch[:20],
        "units_mismatched_n": len(unit_mismatch),
        "ratio_pandas_vs_ours": seconds * 1000 / q["total_ms"],
    }


# ---------------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def summary(env, gen, imp, q, pd_) -> dict:
    rows = [
        ("(a) import: ours (import_file)", f"{imp['ours_s']:.2f} s", ""),
        ("(a) import: bare read_csv (all_varchar)", f"{imp['bare_s']:.2f} s", ""),
        ("(a) ratio ours / bare", f"{imp['ratio']:.1f}x",
         f"{verdict(imp['ratio'] <= TARGETS['import_vs_bare_max'])} (target <= {TARGETS['import_vs_bare_max']:g}x)"),
        ("(b) overview queries, warm, total", f"{q['total_ms']:.1f} ms",
         f"{verdict(q['total_ms'] <= TARGETS['overview_ms_max'])} (target <= {TARGETS['overview_ms_max']:g} ms)"),
    ]
    for k, v in q["per_query_ms"].items():
        rows.append((f"      {k}", f"{v:.1f} ms", ""))
    rows += [
        ("(b) full scan of dossiers (1 aggregate)", f"{q['full_scan_ms']:.1f} ms", ""),
        ("(b) ratio overview / full scan", f"{q['ratio_overview_vs_scan']:.2f}x", ""),
        ("(b) overview, one read-only session per call", f"{q['per_call_session_total_ms']:.1f} ms", "(info: ui.reader())"),
        ("(c) pandas read_csv + groupby", f"{pd_['s']:.2f} s", ""),
        ("(c) ratio pandas / ours (overview)", f"{pd_['ratio_pandas_vs_ours']:.0f}x",
         f"{verdict(pd_['ratio_pandas_vs_ours'] >= TARGETS['pandas_vs_ours_min'])} "
         f"(target >= {TARGETS['pandas_vs_ours_min']:g}x)"),
    ]
    agree = all(pd_["province_ours"][m] == pd_["province_pandas"][m] for m in ("on_time_rate", "online_rate"))
    rows.append(("(c) pandas == kpis (on_time_rate, online_rate)", "yes" if agree else "NO", verdict(agree)))
    return {"rows": rows, "agree": agree}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=1_000_000, help="dossiers in the export (default 1,000,000)")
    ap.add_argument("--repeat", type=int, default=5, help="timed runs of each query set (median reported)")
    ap.add_argument("--import-repeat", type=int, default=3, help="timed runs of each import (median reported)")
    ap.add_argument("--pandas-repeat", type=int, default=3, help="timed runs of the pandas way (median reported)")
    ap.add_argument("--keep", metavar="DIR", help="work in DIR and keep the export and databases "
                    "(an export already there for the same --n is reused)")
    args = ap.parse_args(argv)

    env = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "cpus": os.cpu_count(),
        "n": args.n,
        "repeat": args.repeat,
        "import_repeat": args.import_repeat,
        "pandas_repeat": args.pandas_repeat,
    }
    log(f"CCHC Dashboard benchmark — N={args.n:,}, Python {env['python']}, DuckDB {env['duckdb']}, {env['cpus']} CPUs")
    if args.keep:
        workdir = Path(args.keep).resolve()
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        workdir = Path(tempfile.mkdtemp(prefix="cchc-bench-"))
    try:
        # 1. export
        log("\n1. Export")
        export, gen_s = make_export(workdir, args.n)
        size_mb = export.stat().st_size / 1e6
        gen = {"path": str(export), "size_mb": size_mb, "seconds": gen_s}
        log(f"  {export.name}: {size_mb:.1f} MB, " + (f"written in {gen_s:.1f} s" if gen_s else "reused (--keep)"))
        registry = write_registry(workdir)

        # 2a. import
        log(f"\n2a. Import (x{args.import_repeat}, interleaved)")
        imp = bench_import(export, registry, workdir, args.import_repeat)
        log(f"  bare read_csv: {imp['bare_rows']:,} rows; ours: {imp['result']}")
        log(f"  ours {imp['ours_s']:.2f} s vs bare {imp['bare_s']:.2f} s: {imp['ratio']:.1f}x")
        log(f"\n  Where our import's time goes (run {imp['phases_run']}, total {imp['ours_runs_s'][imp['phases_run'] - 1]:.2f} s):")
        print_phases(imp["phases"], imp["ours_runs_s"][imp["phases_run"] - 1])

        # 2b. queries
        log(f"\n2b. Overview queries (warm, median of {args.repeat})")
        q = bench_queries(workdir / "cchc.duckdb", args.repeat)
        log(f"  month {q['month'][0]} .. {q['month'][1]}; tables: {q['table_rows']}")
        for k, v in q["per_query_ms"].items():
            log(f"  {k:<28} {v:8.1f} ms")
        log(f"  {'total':<28} {q['total_ms']:8.1f} ms   (runs: {', '.join(f'{t:.0f}' for t in q['total_runs_ms'])})")
        log(f"  {'full scan of dossiers':<28} {q['full_scan_ms']:8.1f} ms   ratio overview/scan {q['ratio_overview_vs_scan']:.2f}x")
        log(f"  {'one session per call':<28} {q['per_call_session_total_ms']:8.1f} ms   (as ui.reader() does, cold buffers)")

        # 2c. pandas
        log(f"\n2c. pandas (x{args.pandas_repeat})")
        month = periods.month(*map(int, q["month"][0].split("-")[:2]))
        pd_ = bench_pandas(export, month, q, args.pandas_repeat)
        log(f"  pandas {pd_['s']:.2f} s (runs: {', '.join(f'{t:.2f}' for t in pd_['runs_s'])}) "
            f"vs ours {q['total_ms']:.1f} ms: {pd_['ratio_pandas_vs_ours']:.0f}x")
        log(f"  {'province, ' + q['month'][0][:7]:<24} {'kpis (ours)':>14} {'pandas':>14}")
        for k in (*HEADLINE, *COMPARED_COUNTS):
            a, b = pd_["province_ours"][k], pd_["province_pandas"][k]
            log(f"  {k:<24} {a!s:>14} {b!s:>14}{'' if a == b else '   <-- differs'}")
        log(f"  per unit: {pd_['units_compared']} units compared, {pd_['units_mismatched_n']} differ"
            + (f": {pd_['units_mismatched'][:5]}" if pd_["units_mismatched_n"] else ""))

        # summary
        s = summary(env, gen, imp, q, pd_)
        log("\n" + "=" * 100)
        log(f"SUMMARY  N={args.n:,}  ({env['when']}, {env['cpus']} CPUs, medians)")
        log("=" * 100)
        for name, value, v in s["rows"]:
            log(f"{name:<52} {value:>14}   {v}")
        log("=" * 100)

        report = {
            "env": env,
            "export": gen,
            "import": imp,
            "queries": {k: v for k, v in q.items() if not k.startswith("_")},
            "pandas": pd_,
            "targets": TARGETS,
            "summary": [{"measure": a, "value": b, "verdict": c} for a, b, c in s["rows"]],
        }
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        log(f"written {OUT.relative_to(ROOT)}")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
