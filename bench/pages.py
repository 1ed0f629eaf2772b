"""Benchmark of every page's queries, warm, as the app runs them, against one full scan of dossiers.

    python bench/pages.py [--n 1000000 10000000] [--repeat 5] [--keep DIR] [--explain]
                          [--sql NAME=FILE ...] [--dedupe-sql] [--chunked] [--seed S]

For each N: a database with N generated dossiers (`sample_data.load.load_demo`, built in a
child process so that its memory is measured on its own and does not stay in this one; reused
from --keep DIR when already there). Then, in this process, the app is run with Streamlit's
AppTest on that database and every `queries.<function>` a page calls is timed: one warm-up
round, then --repeat timed rounds; before every page run Streamlit's cache is cleared so the
queries really execute. Each round also times one full scan of the dossier table on the same
file, so every ratio is of two figures measured seconds apart. Figures are medians.

The summary is printed and written to bench/out/pages_last_run.json (what-if runs, with --sql
or --dedupe-sql, to bench/out/pages_whatif_last_run.json). See bench/README.md.
"""
from __future__ import annotations

import argparse
import datetime as dt
import inspect
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from functools import wraps
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.run import git_state  # noqa: E402

OUT = ROOT / "bench" / "out" / "pages_last_run.json"
# A page's tabs that run only when opened (ui.detail_tabs): "page#tab" is what a person's click on
# the tab costs, the page run again with that tab chosen and the rest of the page's answers cached
# (as after the click); the plain page is the page as it opens, on its first tab.
TABS = {
    "on_time#fields": ("on_time", "ot_tab", "Theo lĩnh vực, thủ tục"),
    "on_time#list": ("on_time", "ot_tab", "Danh sách hồ sơ"),
    "on_time#warning": ("on_time", "ot_tab", "Cảnh báo sớm"),
    "online#silent": ("online", "online_tab", "TTHC trực tuyến chưa có hồ sơ"),
    "online#fields": ("online", "online_tab", "Theo lĩnh vực và thủ tục"),
}
PAGES = ("overview", "on_time", "online", "digitization", "data_quality", *TABS)
SEED = 2025  # demo_tables' default seed
TARGETS = {
    "page_ms_max": 20.0,  # the queries behind one page, warm, at 10 M dossiers on 2 cores (issue 12)
    "page_vs_scan_max": 1.0,  # no page slower than one full scan of the dossier table
}
FULL_SCAN_SQL = (
    "SELECT count(*), sum(CASE WHEN status IN (8, 9, 10) THEN 1 ELSE 0 END), count(DISTINCT unit_code), "
    "min(received_at), max(completed_at) FROM dossiers"
)


def median(xs):
    return statistics.median(xs) if xs else None


def log(msg: str = "") -> None:
    print(msg, flush=True)


# ---------------------------------------------------------------------------------------
# 1. The database (built in a child process: `pages.py --_build PATH N SEED [--chunked]`)
# ---------------------------------------------------------------------------------------


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _build_plain(con, n: int, seed: int, phases: dict) -> int:
    """load_demo as the app calls it, with its three phases timed (generate, insert, rollups)."""
    import sample_data.dossiers as dossiers
    from data_loaders import pipeline
    from sample_data.load import load_demo

    def timed(module, name, label):
        original = getattr(module, name)

        @wraps(original)
        def run(*a, **k):
            t0 = time.perf_counter()
            try:
                return original(*a, **k)
            finally:
                phases[label] = phases.get(label, 0.0) + time.perf_counter() - t0
                phases[label + " peak_rss_mb"] = _peak_rss_mb()
        setattr(module, name, run)

    # load_demo imports both names at call time, so the module attributes are what it runs
    timed(dossiers, "demo_tables", "generate (demo_tables)")
    timed(pipeline, "rebuild_rollups", "rebuild_rollups")
    return load_demo(con, n_dossiers=n, seed=seed)


def _build_chunked(con, n: int, seed: int, phases: dict) -> int:
    """The fallback when one demo_tables(N) does not fit: the generator's own batches (codes
    unique across them), gathered in a temporary table, then stored in received_at order as
    load_demo stores them (and as a warehouse filled month by month holds them: with each batch
    stored in its own order, every row group spans the whole two years, min/max pruning on
    received_at finds nothing to skip and a query that lists dossiers reads all of them), then
    the rollups once."""
    from data_loaders.pipeline import rebuild_rollups
    from sample_data.dossiers import dossier_batches
    from sample_data.load import COLUMNS, load_demo
    from warehouse import set_meta

    t0 = time.perf_counter()
    load_demo(con, n_dossiers=0, seed=seed)  # registry, targets, log entry and meta, as the app has them
    cols = ", ".join(COLUMNS["dossiers"])
    import_id = con.execute("SELECT max(import_id) FROM import_log").fetchall()[0][0]
    gen_s = ins_s = 0.0
    batches = dossier_batches(n, seed)
    con.execute("BEGIN TRANSACTION")
    con.execute("CREATE TEMP TABLE _batches AS SELECT * EXCLUDE (import_id) FROM dossiers LIMIT 0")
    while True:
        g0 = time.perf_counter()
        batch = next(batches, None)
        gen_s += time.perf_counter() - g0
        if batch is None:
            break
        i0 = time.perf_counter()
        con.register("_demo", batch)
        con.execute(f"INSERT INTO _batches ({cols}, due_deadline) "  # cols: the table's own names
                    f"SELECT {cols}, vn_deadline(due_at) FROM _demo")
        con.unregister("_demo")
        ins_s += time.perf_counter() - i0
    s0 = time.perf_counter()
    con.execute(f"INSERT INTO dossiers ({cols}, due_deadline, import_id) "
                f"SELECT {cols}, due_deadline, ? FROM _batches ORDER BY received_at", [import_id])
    con.execute("DROP TABLE _batches")
    phases["store in received_at order"] = time.perf_counter() - s0
    r0 = time.perf_counter()
    rebuild_rollups(con)
    phases["rebuild_rollups"] = time.perf_counter() - r0
    n_loaded = con.execute("SELECT count(*) FROM dossiers").fetchall()[0][0]
    con.execute("UPDATE import_log SET rows_read = ?, rows_imported = ? WHERE import_id = ?",
                [n_loaded, n_loaded, import_id])
    set_meta(con, "dataset", "demo")
    con.execute("COMMIT")
    phases["generate (batches)"], phases["insert (batches)"] = gen_s, ins_s
    phases["total"] = time.perf_counter() - t0
    return n_loaded


def _build_from_export(con, n: int, seed: int, phases: dict) -> int:
    """As a province builds its warehouse: the registry (units and procedures as CSV files), then
    the dossier system's export of N dossiers (one CSV, as bench/run.py writes it) through the one
    import pipeline. The export is written first (timed apart) and deleted after."""
    from bench.run import write_registry
    from data_loaders import import_file
    from sample_data.export import write_dossier_export

    workdir = Path(tempfile.mkdtemp(prefix="cchc-export-"))
    try:
        g0 = time.perf_counter()
        export = workdir / "export.csv"
        write_dossier_export(export, n, seed=seed)
        phases["write export (CSV)"] = time.perf_counter() - g0
        phases["export_mb"] = export.stat().st_size / 1e6
        for kind, path in write_registry(workdir).items():
            assert import_file(con, path, kind=kind).ok
        i0 = time.perf_counter()
        result = import_file(con, export)
        phases["import_file (the export)"] = time.perf_counter() - i0
        phases["import peak_rss_mb"] = _peak_rss_mb()
        if not result.ok:
            raise RuntimeError(result.summary("en"))
        from warehouse import set_meta
        set_meta(con, "dataset", "demo")  # so that db_info recognises it as a benchmark database
        return result.rows_imported
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def build_child(path: str, n: int, seed: int, chunked: bool, from_export: bool = False) -> None:
    """Runs in the child: build the file, print one JSON line with the timings and peak memory."""
    import warehouse

    phases: dict = {}
    t0 = time.perf_counter()
    con = warehouse.connect(path)
    if from_export:
        loaded = _build_from_export(con, n, seed, phases)
    else:
        loaded = (_build_chunked if chunked else _build_plain)(con, n, seed, phases)
    c0 = time.perf_counter()
    con.execute("CHECKPOINT")
    con.close()
    phases["checkpoint + close"] = time.perf_counter() - c0
    total = time.perf_counter() - t0
    if not chunked and not from_export:
        phases["insert + log (rest of load_demo)"] = (
            total - phases["checkpoint + close"] - phases.get("generate (demo_tables)", 0)
            - phases.get("rebuild_rollups", 0))
    print("BUILD_RESULT " + json.dumps({"loaded": loaded, "seconds": total, "phases": phases,
                                        "peak_rss_mb": _peak_rss_mb(), "chunked": chunked,
                                        "from_export": from_export}), flush=True)


def db_info(path: Path) -> dict | None:
    """Rows of the tables that matter, or None if the file is not a complete demo database."""
    import warehouse

    if not path.exists():
        return None
    try:
        with warehouse.session(path, read_only=True, wait=5) as con:
            info = {t: con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0]
                    for t in ("dossiers", "units", "procedures", "daily_counts", "month_counts", "month_stock",
                              "import_log")}
            info["dataset"] = warehouse.get_meta(con, "dataset")
    except Exception as e:  # a half-written file from an interrupted build
        log(f"  {path.name} unusable ({type(e).__name__}: {e}); building it again")
        return None
    return info if info["dataset"] == "demo" and info["daily_counts"] > 0 else None


def ensure_db(workdir: Path, n: int, seed: int, chunked: bool, from_export: bool = False) -> tuple[Path, dict]:
    """The database for N (reused when there), and how it was built."""
    path = workdir / f"pages_n{n}_seed{seed}{'_export' if from_export else ''}.duckdb"
    sidecar = path.with_name(path.name + ".build.json")  # how it was built, for a later run that reuses it
    info = db_info(path)
    if info is not None and info["dossiers"] == n:
        earlier = json.loads(sidecar.read_text(encoding="utf-8")) if sidecar.exists() else {}
        return path, {**earlier, "reused": True, "path": str(path), "tables": info,
                      "file_mb": path.stat().st_size / 1e6}
    for p in (path, path.with_name(path.name + ".wal"), sidecar):
        p.unlink(missing_ok=True)
    building = path.with_name(path.stem + ".building.duckdb")
    for p in (building, building.with_name(building.name + ".wal")):
        p.unlink(missing_ok=True)

    def run(chunked_: bool):
        cmd = [sys.executable, str(Path(__file__).resolve()), "--_build", str(building), str(n), str(seed)]
        if chunked_:
            cmd.append("--chunked")
        if from_export:
            cmd.append("--from-export")
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
        wall = time.perf_counter() - t0
        line = next((x for x in proc.stdout.splitlines() if x.startswith("BUILD_RESULT ")), None)
        if proc.returncode != 0 or line is None:
            return None, wall, (proc.stderr or proc.stdout)[-3000:]
        return json.loads(line[len("BUILD_RESULT "):]), wall, None

    result, wall, err = run(chunked)
    if result is None and not chunked and not from_export:
        log(f"  plain load_demo failed after {wall:.0f} s; building in batches instead:\n{err}")
        for p in (building, building.with_name(building.name + ".wal")):
            p.unlink(missing_ok=True)
        result, wall, err = run(True)
    if result is None:
        raise RuntimeError(f"building the {n:,}-dossier database failed:\n{err}")
    building.rename(path)
    info = db_info(path)
    built = {"reused": False, "path": str(path), "wall_s": wall, **result, "tables": info,
             "file_mb": path.stat().st_size / 1e6, "built_at": dt.datetime.now().isoformat(timespec="seconds")}
    sidecar.write_text(json.dumps(built, indent=2, default=str), encoding="utf-8")
    return path, built


# ---------------------------------------------------------------------------------------
# 2. Recording the queries: every queries.<f>(con, ...) and every SQL file they run
# ---------------------------------------------------------------------------------------


def _short(v) -> str:
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, tuple):
        return "(" + ", ".join(_short(x) for x in v) + ")"
    return repr(v)


def args_summary(args: tuple, kwargs: dict) -> str:
    parts = [_short(a) for a in args] + [f"{k}={_short(v)}" for k, v in kwargs.items() if v is not None]
    return ", ".join(parts)


def _as(wanted: str, kept_as: str, result):
    """A copy of a kept frame()/records() result in the form `wanted` asks for (--dedupe-sql)."""
    import pandas as pd

    if wanted == kept_as:
        return result.copy() if wanted == "frame" else [dict(r) for r in result]
    if wanted == "frame":
        return pd.DataFrame(result)
    return [{k: (v.item() if hasattr(v, "item") else v) for k, v in r.items()} for r in result.to_dict("records")]


class Recorder:
    """Wraps the metric engine's functions in the `queries` module namespace (ui.session's cache looks
    them up there with getattr, and they call each other through it). A call made while no
    other one is running is one of the page's queries; `frame`/`records`/`arrow` calls (one .sql
    file each) are kept under it with their bound parameters, for EXPLAIN ANALYZE."""

    def __init__(self):
        self.on = False
        self.dedupe = False  # what-if (--dedupe-sql): the same file with the same parameters runs once per page run
        self.memo: dict = {}
        self.calls: list[dict] = []
        self.stack: list[dict] = []
        self.connects: list[float] = []

    def install(self):
        import queries
        import warehouse

        for name, fn in list(vars(queries).items()):
            if not inspect.isfunction(fn) or fn.__module__ != queries.__name__:
                continue
            params = list(inspect.signature(fn).parameters)
            if not params or params[0] != "con":
                continue  # helpers such as add_working_days, add_rank, sql
            setattr(queries, name, self._wrap(name, fn, sql_level=name in ("frame", "records", "arrow")))
        original_connect = warehouse.connect

        @wraps(original_connect)
        def connect(*a, **k):  # the app's one read-only connection per script run (info)
            t0 = time.perf_counter()
            try:
                return original_connect(*a, **k)
            finally:
                if self.on:
                    self.connects.append(time.perf_counter() - t0)
        warehouse.connect = connect

    def _wrap(self, name, fn, sql_level: bool):
        rec = self

        @wraps(fn)
        def timed(con, *args, **kwargs):
            if not rec.on or (sql_level and rec.stack and "sql" in rec.stack[-1]):
                return fn(con, *args, **kwargs)  # (frame() runs its file through arrow(): recorded once)
            if sql_level:
                entry = {"sql": args[0], "params": dict(args[1]) if len(args) > 1 and args[1] else {}}
            else:
                entry = {"name": name, "args": args_summary(args, kwargs), "sql_calls": []}
            top = not rec.stack
            rec.stack.append(entry)
            t0, c0 = time.perf_counter(), time.process_time()
            try:
                if sql_level and rec.dedupe and name != "arrow":
                    # (what-if) kept once per page run; a `records` result serves `frame` and back
                    key = (entry["sql"], json.dumps(entry["params"], default=str, sort_keys=True))
                    if key not in rec.memo:
                        rec.memo[key] = (name, fn(con, *args, **kwargs))
                        return _as(name, *rec.memo[key])
                    entry["memo"] = True
                    return _as(name, *rec.memo[key])
                return fn(con, *args, **kwargs)
            finally:
                entry["s"], entry["cpu_s"] = time.perf_counter() - t0, time.process_time() - c0
                rec.stack.pop()
                if top:
                    if sql_level:  # a bare frame()/records() call from outside the engine
                        entry = {"name": name, "args": entry["sql"], "sql_calls": [entry], "s": entry["s"],
                                 "cpu_s": entry["cpu_s"]}
                    rec.calls.append(entry)
                elif sql_level:
                    # kept under the page's call (the outermost), named after the engine function that ran it
                    entry["from"] = next(e["name"] for e in reversed(rec.stack) if "name" in e)
                    rec.stack[0]["sql_calls"].append(entry)
        return timed

    @contextmanager
    def recording(self):
        self.calls, self.stack, self.connects, self.memo, self.on = [], [], [], {}, True
        try:
            yield
        finally:
            self.on = False


def override_sql(overrides: dict) -> None:
    """--sql NAME=FILE: `queries.sql(NAME)` returns FILE's text in this process (frame/records look
    `sql` up in the module at call time), so a rewritten query can be tried on the pages as is."""
    import queries

    original = queries.sql
    for name, file in overrides.items():
        if not (queries.SQL_DIR / f"{name}.sql").exists():
            raise SystemExit(f"--sql: there is no queries/{name}.sql")
        if not file.exists():
            raise SystemExit(f"--sql: {file} does not exist")
    texts = {name: file.read_text(encoding="utf-8") for name, file in overrides.items()}

    def sql(name: str) -> str:
        return texts[name] if name in texts else original(name)

    queries.sql = sql


def _apptest_uses_navigation():
    """As tests/conftest.py's fixture: AppTest re-detects `pages/` before every run and would then
    run the last page's file alone (legacy multipage mode); the real server does so at most for
    a first run, before `st.navigation` switches that mode off."""
    from streamlit.runtime.pages_manager import PagesManager

    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    PagesManager.__init__ = init


# ---------------------------------------------------------------------------------------
# 3. One database: pages and full scans, interleaved
# ---------------------------------------------------------------------------------------


def full_scan(path: Path) -> dict:
    """One read-only connection as the app opens it: the scan on a fresh connection (DuckDB's
    buffers empty, the OS cache warm, as a page's first query sees them), then once more warm."""
    import warehouse

    con = warehouse.connect(path, read_only=True)
    try:
        t0 = time.perf_counter()
        row = con.execute(FULL_SCAN_SQL).fetchall()[0]
        fresh = time.perf_counter() - t0
        t0, c0 = time.perf_counter(), time.process_time()
        con.execute(FULL_SCAN_SQL).fetchall()
        warm, warm_cpu = time.perf_counter() - t0, time.process_time() - c0
    finally:
        con.close()
    return {"fresh_s": fresh, "warm_s": warm, "warm_cpu_s": warm_cpu, "row": [str(x) for x in row]}


# What any query costs here at the least, for reading the verdicts above: DuckDB's own floor for one
# statement, and the simplest answer the cube can give for the overview's periods (one grouped sum
# of the per-unit months: no month-end stock, no successors, no registry rows, no rank), against
# board.sql as the overview runs it. A page asks at least three queries (its board, the unit
# registry, the targets).
CUBE_SUM_SQL = """
WITH periods AS (
    SELECT p.label, CAST(p.p_start AS DATE) AS p_start, CAST(p.p_end AS DATE) AS p_end
    FROM (SELECT unnest($periods) AS p)
)
SELECT p.label, m.unit_code, sum(COLUMNS(m.* EXCLUDE (month, unit_code)))
FROM periods AS p JOIN unit_month_counts AS m ON m.month BETWEEN p.p_start AND p.p_end
GROUP BY ALL"""


def floor(path: Path, board_params: dict, repeat: int) -> dict:
    """Medians (ms, warm, one read-only connection, planned as the engine plans files over small
    tables) of SELECT 1, the cube's one grouped sum over the overview's periods and board.sql with
    the overview's parameters."""
    import queries
    import warehouse

    statements = {
        "select_1": ("SELECT 1", {}),
        "cube_sum": (CUBE_SUM_SQL, {"periods": board_params["periods"]}),
        "board": queries.statement("board", board_params, "on_time_rate"),
    }
    con = warehouse.connect(path, read_only=True)
    try:
        out = {}
        # as the engine runs a file over small tables (queries.PLANNED_LIGHTLY)
        con.execute("SET SESSION enable_optimizer = false")
        for name, (sql, params) in statements.items():
            con.execute(sql, params).to_arrow_table()  # warm: buffers read, macros bound once
            times = []
            for _ in range(max(5, repeat)):
                t0 = time.perf_counter()
                con.execute(sql, params).to_arrow_table()
                times.append((time.perf_counter() - t0) * 1000)
            out[name] = median(times)
        out["periods"] = len(board_params["periods"])
        return out
    finally:
        con.close()


def bench_db(path: Path, repeat: int, rec: Recorder) -> dict:
    import ui
    from streamlit.testing.v1 import AppTest

    os.environ["CCHC_DB"] = str(path)
    ui.session.clear_caches()  # keyed by path anyway; a new N starts from a clean resource cache
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    at.run()  # the default page; opens (and migrates, a no-op) the file once, as a server does
    if at.exception:
        raise RuntimeError(f"app.py failed: {at.exception}")
    runs = {p: [] for p in PAGES}
    scans = []
    for round_ in range(repeat + 1):  # round 0 warms DuckDB and the OS cache up; not counted
        scan = full_scan(path)
        if round_:
            scans.append(scan)
        for page in PAGES:
            ui.session.clear_caches(answers_only=True)  # every query of the page really runs
            script, tab_key, tab = TABS.get(page, (page, None, None))
            for key, label in (("ot_tab_vi", "Theo đơn vị"), ("online_tab_vi", "Xếp hạng đơn vị")):
                at.session_state[key] = label  # every page opens on its first tab
            if tab_key:  # the page as it opens, then the click on the tab (only this is timed)
                at.switch_page(f"pages/{script}.py").run()
                at.session_state[f"{tab_key}_vi"] = tab
            t0 = time.perf_counter()
            with rec.recording():
                at.switch_page(f"pages/{script}.py").run()
            wall = time.perf_counter() - t0
            if at.exception:
                raise RuntimeError(f"pages/{page}.py failed: {at.exception}")
            if round_:
                seen, repeated_s, repeated_n, sql_s = set(), 0.0, 0, 0.0
                for c in rec.calls:
                    for q in c["sql_calls"]:
                        sql_s += q["s"]
                        key = (q["sql"], json.dumps(q["params"], default=str, sort_keys=True))
                        if key in seen:  # the same file with the same parameters, again in this run
                            repeated_s, repeated_n = repeated_s + q["s"], repeated_n + 1
                        seen.add(key)
                runs[page].append({
                    "sql_s": sql_s,
                    "repeated_sql_s": repeated_s,
                    "repeated_sql_n": repeated_n,
                    "queries_s": sum(c["s"] for c in rec.calls),
                    "queries_cpu_s": sum(c["cpu_s"] for c in rec.calls),
                    "n_queries": len(rec.calls),
                    "apptest_run_s": wall,
                    "connect_s": sum(rec.connects),
                    "calls": rec.calls,
                })
        if round_:
            log(f"    round {round_}: scan {scan['warm_s'] * 1000:.0f} ms; " + ", ".join(
                f"{p} {runs[p][-1]['queries_s'] * 1000:.0f} ms" for p in PAGES))
        else:
            log(f"    round 0 (warm-up) done; scan {scan['warm_s'] * 1000:.0f} ms")

    scan_ms = median([s["warm_s"] for s in scans]) * 1000
    scan_fresh_ms = median([s["fresh_s"] for s in scans]) * 1000
    board_params = next((q["params"] for c in runs["overview"][-1]["calls"] for q in c["sql_calls"]
                         if q["sql"] == "board"), None)
    floors = floor(path, board_params, repeat) if board_params else None
    pages = {}
    for page, rs in runs.items():
        ms = median([r["queries_s"] for r in rs]) * 1000
        # the same call (name and arguments) across runs: its median; the slowest three
        per_call: dict = {}
        per_sql: dict = {}
        for r in rs:
            for i, c in enumerate(r["calls"]):
                per_call.setdefault((c["name"], c["args"]), []).append(c["s"])
                for s in c["sql_calls"]:
                    key = (s["sql"], json.dumps(s["params"], default=str, sort_keys=True), s.get("from", c["name"]))
                    per_sql.setdefault(key, []).append(s["s"])
        slow = sorted(((median(v) * 1000, k[0], k[1], len(v)) for k, v in per_call.items()), reverse=True)
        slow_sql = sorted(((median(v) * 1000, k[0], json.loads(k[1]), k[2]) for k, v in per_sql.items()),
                          reverse=True)
        per_file: dict = {}
        for (sql_name, _params, _from), v in per_sql.items():
            per_file[sql_name] = per_file.get(sql_name, 0.0) + median(v) * 1000 * len(v) / len(rs)
        pages[page] = {
            "queries_ms": ms,
            "sql_ms": median([r["sql_s"] for r in rs]) * 1000,
            "python_after_ms": median([r["queries_s"] - r["sql_s"] for r in rs]) * 1000,
            "repeated_sql_ms": median([r["repeated_sql_s"] for r in rs]) * 1000,
            "repeated_sql_n": int(median([r["repeated_sql_n"] for r in rs])),
            "per_sql_file_ms": dict(sorted(per_file.items(), key=lambda kv: -kv[1])),
            "queries_cpu_ms": median([r["queries_cpu_s"] for r in rs]) * 1000,
            "n_queries": int(median([r["n_queries"] for r in rs])),
            "n_sql": int(median([sum(len(c["sql_calls"]) for c in r["calls"]) for r in rs])),
            "apptest_run_ms": median([r["apptest_run_s"] for r in rs]) * 1000,
            "connect_ms": median([r["connect_s"] for r in rs]) * 1000,
            "ratio_vs_scan": ms / scan_ms,
            "ratio_vs_fresh_scan": ms / scan_fresh_ms,
            "slowest": [{"ms": a, "name": b, "args": c} for a, b, c, _ in slow[:3]],
            "calls": [{"ms": a, "name": b, "args": c, "per_run": n // len(rs)} for a, b, c, n in slow],
            "slowest_sql": [{"ms": a, "sql": b, "params": c, "from": d} for a, b, c, d in slow_sql[:5]],
            "slowest_sql_all": [{"ms": a, "sql": b, "params": c, "from": d} for a, b, c, d in slow_sql],
            "runs_ms": [r["queries_s"] * 1000 for r in rs],
        }
    return {"scan_ms": scan_ms, "scan_fresh_ms": scan_fresh_ms,
            "scan_cpu_ms": median([s["warm_cpu_s"] for s in scans]) * 1000,
            "scan_runs_ms": [s["warm_s"] * 1000 for s in scans], "scan_row": scans[-1]["row"], "pages": pages,
            "floor_ms": floors}


def explain(path: Path, sql_name: str, params: dict, text_out: Path) -> dict:
    """EXPLAIN ANALYZE of one query file with the bound parameters a page used: the profile's
    totals and its most expensive operators (DuckDB's JSON profile); the full tree goes to
    `text_out`. Run twice, the second one reported (warm)."""
    import queries
    import warehouse

    params = {k: (dt.date.fromisoformat(v) if isinstance(v, str) and len(v) == 10 and v[4] == "-" else v)
              for k, v in params.items()}
    prof = text_out.with_suffix(".json")
    with warehouse.session(path, read_only=True) as con:
        con.execute(queries.sql(sql_name), params).fetchall()
        rows = con.execute("EXPLAIN ANALYZE " + queries.sql(sql_name), params).fetchall()
        con.execute("PRAGMA enable_profiling = 'json'")
        con.execute(f"PRAGMA profiling_output = '{prof}'")
        con.execute(queries.sql(sql_name), params).fetchall()
        con.execute("PRAGMA disable_profiling")
    text_out.write_text("\n".join(r[1] for r in rows), encoding="utf-8")
    data = json.loads(prof.read_text(encoding="utf-8"))
    ops = []

    def walk(node, depth):
        info = node.get("extra_info") or {}
        what = info.get("Table") or info.get("CTE Name") or info.get("Join Type") or ""
        if info.get("Filters"):
            what += f" [{info['Filters']}]"
        if info.get("Groups"):
            what += f" groups {info['Groups']}"
        ops.append({"ms": node.get("timing", 0) * 1000, "type": node.get("type"), "depth": depth,
                    "rows": node.get("intermediate_rows"), "rows_scanned": node.get("rows_scanned"),
                    "what": str(what)[:120]})
        for c in node.get("children", []):
            walk(c, depth + 1)

    for root in data.get("operator", []):
        walk(root, 0)
    q = data.get("query", {})
    return {
        "sql": sql_name, "params": {k: str(v) for k, v in params.items()},
        "total_ms": q.get("total_time", 0) * 1000, "cpu_ms": q.get("cpu_time", 0) * 1000,
        "planner_ms": data.get("planner", {}).get("total_time", 0) * 1000,
        "optimizer_ms": data.get("optimizer", {}).get("total_time", 0) * 1000,
        "physical_planner_ms": data.get("physical_planner", {}).get("total_time", 0) * 1000,
        "rows_scanned": q.get("total_rows_scanned"),
        "top_operators": sorted(ops, key=lambda o: -o["ms"])[:10],
        "text_file": str(text_out),
    }


def print_explain(page: str, e: dict) -> None:
    log(f"\n  EXPLAIN ANALYZE {e['sql']}.sql, the SQL file costing {page} most ({e['params']}):")
    log(f"    total {e['total_ms']:.1f} ms (CPU {e['cpu_ms']:.1f} ms, all threads): planner {e['planner_ms']:.1f} ms, "
        f"optimizer {e['optimizer_ms']:.1f} ms, physical planner {e['physical_planner_ms']:.1f} ms; "
        f"{e['rows_scanned']:,} rows scanned")
    for o in e["top_operators"][:8]:
        scanned = f", {o['rows_scanned']:,} scanned" if o.get("rows_scanned") else ""
        log(f"    {o['ms']:8.1f} ms  {'  ' * min(o['depth'], 6)}{o['type']} {o['what']} "
            f"({o['rows']:,} rows{scanned})")
    log(f"    full tree: {e['text_file']}")


# ---------------------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def print_summary(results: dict, env: dict) -> list[dict]:
    t = TARGETS
    rows = []
    width = 118
    log("\n" + "=" * width)
    log(f"SUMMARY  pages' queries, warm, cache cleared  ({env['when']}, {env['cpus']} CPUs, medians of "
        f"{env['repeat']}; load average {env['loadavg_start'][0]:.1f} at start, {os.getloadavg()[0]:.1f} at end)")
    if env.get("sql_overrides"):
        log("WHAT-IF run: " + ", ".join(f"queries/{k}.sql <- {v}" for k, v in env["sql_overrides"].items()))
    if env.get("dedupe_sql"):
        log("WHAT-IF run: --dedupe-sql (a query file runs once per page run for the same parameters)")
    log("=" * width)
    log(f"{'N':>11} {'page':<16} {'queries':>10} {'CPU':>9} {'#q':>4} {'#sql':>5} {'scan':>9} "
        f"{'q/scan':>7} {'q/fresh':>8} {'AppTest run':>12}   {'<= ' + format(t['page_ms_max'], 'g') + ' ms':<12} "
        f"{'<= 1 scan':<10}")
    for n, r in results.items():
        b = r["bench"]
        for page in PAGES:
            p = b["pages"][page]
            ok_ms, ok_scan = p["queries_ms"] <= t["page_ms_max"], p["ratio_vs_scan"] <= t["page_vs_scan_max"]
            log(f"{n:>11,} {page:<16} {p['queries_ms']:8.1f}ms {p['queries_cpu_ms']:7.0f}ms {p['n_queries']:>4} "
                f"{p['n_sql']:>5} {b['scan_ms']:7.1f}ms {p['ratio_vs_scan']:6.2f}x {p['ratio_vs_fresh_scan']:7.2f}x "
                f"{p['apptest_run_ms']:10.0f}ms   "
                f"{verdict(ok_ms):<12} {verdict(ok_scan):<10}")
            rows.append({"n": n, "page": page, "queries_ms": round(p["queries_ms"], 1),
                         "queries_cpu_ms": round(p["queries_cpu_ms"], 1), "n_queries": p["n_queries"],
                         "scan_ms": round(b["scan_ms"], 1), "ratio_vs_scan": round(p["ratio_vs_scan"], 3),
                         "ratio_vs_fresh_scan": round(p["ratio_vs_fresh_scan"], 3),
                         "apptest_run_ms": round(p["apptest_run_ms"], 1),
                         "verdict_ms": verdict(ok_ms), "verdict_scan": verdict(ok_scan)})
        log(f"{'':>11} {'(full scan)':<13} {'':>10} {b['scan_cpu_ms']:7.0f}ms {'':>4} {'':>5} "
            f"{b['scan_ms']:7.1f}ms   (fresh connection: {b['scan_fresh_ms']:.1f} ms)")
        f = b.get("floor_ms")
        if f:
            log(f"{'':>11} (floor, warm) SELECT 1 {f['select_1']:.1f} ms; the cube's one grouped sum over the "
                f"overview's {f['periods']} periods {f['cube_sum']:.1f} ms; board.sql as the overview runs it "
                f"{f['board']:.1f} ms")
        build = r["build"]
        how = (f"{build['seconds']:.1f} s, peak RSS {build['peak_rss_mb']:,.0f} MB"
               + (" (in batches)" if build.get("chunked") else "")) if "seconds" in build else "time not recorded"
        log(f"{'':>11} build: {how}" + (f" (reused: built {build.get('built_at', '?')})" if build["reused"] else "")
            + f", file {build['file_mb']:,.0f} MB")
    log("=" * width)
    log(f"Targets: <= {t['page_ms_max']:g} ms per page (applies at 10 M dossiers); no page slower than one full "
        "scan. 'queries' = sum over the page's top-level queries.<f> calls (SQL + fetch + pandas + Python after).")
    return rows


def main(argv=None) -> int:
    if argv is None and len(sys.argv) > 1 and sys.argv[1] == "--_build":
        a = sys.argv[2:]
        build_child(a[0], int(a[1]), int(a[2]), "--chunked" in a, "--from-export" in a)
        return 0
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, nargs="+", default=[1_000_000, 10_000_000],
                    help="dossiers in the database, one run per value (default 1000000 10000000)")
    ap.add_argument("--repeat", type=int, default=5, help="timed rounds (median reported); one warm-up round before")
    ap.add_argument("--keep", metavar="DIR", help="build the databases in DIR and keep them; a database "
                    "already there for the same N is reused")
    ap.add_argument("--seed", type=int, default=SEED, help=f"generator seed (default {SEED}, the demo's)")
    ap.add_argument("--chunked", action="store_true", help="build in generator batches instead of one "
                    "load_demo call (the fallback when one call does not fit in memory)")
    ap.add_argument("--from-export", action="store_true",
                    help="build each database as a province does: the registry, then an export CSV of N dossiers "
                    "through the import pipeline (its time, peak memory and the file's size are reported)")
    ap.add_argument("--sql", action="append", default=[], metavar="NAME=FILE",
                    help="what-if: run FILE instead of queries/NAME.sql in this process (repeatable; the "
                    "project's files are not touched); the output and the JSON say so")
    ap.add_argument("--dedupe-sql", action="store_true",
                    help="what-if: within one page run, a query file already run with the same parameters "
                    "returns its earlier result instead of running again")
    ap.add_argument("--explain", action="store_true",
                    help="print EXPLAIN ANALYZE of the SQL file costing most on every page that misses a target")
    args = ap.parse_args(argv)

    import logging

    import duckdb
    import streamlit

    # AppTest outside a server warns "missing ScriptRunContext" on every run: keep the output readable
    logging.disable(logging.WARNING)

    env = {
        "when": dt.datetime.now().isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "streamlit": streamlit.__version__,
        "cpus": os.cpu_count(),
        "n": args.n,
        "repeat": args.repeat,
        "seed": args.seed,
        "git": git_state(),
        "loadavg_start": os.getloadavg(),
    }
    log(f"CCHC Dashboard page benchmark — N={', '.join(f'{n:,}' for n in args.n)}, Python {env['python']}, "
        f"DuckDB {env['duckdb']}, Streamlit {env['streamlit']}, {env['cpus']} CPUs")
    log(f"code: {env['git']['head']}" + (f" + uncommitted changes in {', '.join(env['git']['changed_files'])}"
                                          if env["git"]["changed_files"] else ""))
    workdir = Path(args.keep).resolve() if args.keep else Path(tempfile.mkdtemp(prefix="cchc-bench-pages-"))
    workdir.mkdir(parents=True, exist_ok=True)
    OUT.parent.mkdir(parents=True, exist_ok=True)

    overrides = {}
    for item in args.sql:
        name, _, file = item.partition("=")
        overrides[name] = Path(file).resolve()
    if overrides:
        override_sql(overrides)
        env["sql_overrides"] = {k: str(v) for k, v in overrides.items()}
        log("WHAT-IF: " + ", ".join(f"queries/{k}.sql replaced by {v}" for k, v in overrides.items()))

    _apptest_uses_navigation()
    rec = Recorder()
    rec.install()
    if args.dedupe_sql:
        rec.dedupe = True
        env["dedupe_sql"] = True
        log("WHAT-IF: a query file already run with the same parameters in the same page run is not run again")
    out = OUT if not (overrides or args.dedupe_sql) else OUT.with_name("pages_whatif_last_run.json")
    results = {}
    try:
        for n in args.n:
            log(f"\n== N = {n:,} ==")
            path, build = ensure_db(workdir, n, args.seed, args.chunked, args.from_export)
            if build["reused"]:
                log(f"  database: reused {path} ({build['file_mb']:,.0f} MB" + (
                    f"; built {build['built_at']} in {build['seconds']:.1f} s, peak RSS {build['peak_rss_mb']:,.0f} MB)"
                    if "seconds" in build else ")"))
            else:
                log(f"  database: built in {build['seconds']:.1f} s (child process {build['wall_s']:.1f} s), "
                    f"peak RSS {build['peak_rss_mb']:,.0f} MB, file {build['file_mb']:,.0f} MB"
                    + (" — in batches" if build.get("chunked") else ""))
            for k, v in build.get("phases", {}).items():
                log(f"    {k:<40} " + (f"{v:10,.0f} MB" if k.endswith("_mb") else f"{v:10.1f} s"))
            log(f"  tables: {build['tables']}")
            log(f"  pages (1 warm-up round + {args.repeat} timed rounds, cache cleared before every page run):")
            b = bench_db(path, args.repeat, rec)
            results[n] = {"build": build, "bench": b}
            log(f"\n  Slowest queries per page (N={n:,}; median ms of the same call):")
            for page in PAGES:
                p = b["pages"][page]
                log(f"  {page}: {p['queries_ms']:.1f} ms in {p['n_queries']} queries, {p['n_sql']} SQL files run "
                    f"({p['sql_ms']:.1f} ms in them, {p['python_after_ms']:.1f} ms of Python after; "
                    f"{p['repeated_sql_n']} run again with the same parameters: {p['repeated_sql_ms']:.1f} ms); "
                    f"AppTest run {p['apptest_run_ms']:.0f} ms, connect {p['connect_ms']:.1f} ms")
                for s in p["slowest"]:
                    log(f"      {s['ms']:8.1f} ms  {s['name']}({s['args']})")
                log("      by SQL file: " + ", ".join(f"{k} {v:.1f}" for k, v in p["per_sql_file_ms"].items()))
                top = p["slowest_sql"][0] if p["slowest_sql"] else None
                if top:
                    log(f"      slowest SQL: {top['sql']}.sql {top['ms']:.1f} ms (from {top['from']}) "
                        f"params {top['params']}")
            if args.explain:
                for page in PAGES:
                    p = b["pages"][page]
                    if (p["queries_ms"] <= TARGETS["page_ms_max"] and p["ratio_vs_scan"] <= 1) or not p["slowest_sql"]:
                        continue
                    # the SQL file that costs the page most in total, with the parameters of its slowest run
                    costliest = next(iter(p["per_sql_file_ms"]))
                    top = next(x for x in p["slowest_sql_all"] if x["sql"] == costliest)
                    p["explain"] = explain(path, top["sql"], top["params"],
                                           OUT.parent / f"pages_explain_n{n}_{page}_{top['sql']}.txt")
                    print_explain(page, p["explain"])

        env["loadavg_end"] = os.getloadavg()
        rows = print_summary(results, env)
        report = {"env": env, "targets": TARGETS, "full_scan_sql": FULL_SCAN_SQL, "summary": rows,
                  "results": {str(n): r for n, r in results.items()}}
        out.write_text(json.dumps(report, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
        log(f"written {out.relative_to(ROOT)}")
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
