"""A pull from a local PostgreSQL versus exporting the same rows with `psql \\copy` and importing
the CSV: what a province saves by letting the dashboard read its one-stop system directly.

    python bench/pull.py [--n 1000000] [--repeat 3] [--stream-sizes 100000,1000000] [--keep DIR]
    python bench/pull.py --n 5000000 --repeat 0 --stream-sizes 100000,1000000,5000000   # memory only

A throwaway PostgreSQL cluster (tests/pgserver.py) is loaded with the OpenCPS-like database of
tests/onestop.py (N dossiers). Then, `--repeat` times, interleaved, each into a new warehouse file:

  export + import   `psql -c "\\copy (SELECT …) TO 'export.csv' WITH (FORMAT csv, HEADER true)"`,
                    then `python cli.py import export.csv --kind dossiers`
  pull              `python cli.py pull motcua` (the same SELECT, a full reload)
  pull, incremental `python cli.py pull motcua-inc` (the same SELECT with a changed column, first
                    pull: everything, plus the watermark's max/count query in the same snapshot)

Every command is a real process, timed from outside (wall clock) and measured for its peak
resident memory (each runs under a small wrapper that reads getrusage). The figure compared is
the median of the repeats: pull ≤ export + import is the target.

Memory while streaming: the source's rows alone (sources.stream into a temporary CSV, no
import) for each of `--stream-sizes` rows, each in a new process: the peak must not grow with the
number of rows (the import's memory is DuckDB's, measured separately in the pull figures).

The summary is printed and written to bench/out/pull_last_run.json (git-ignored).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import signal
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from psycopg import sql as psql_sql  # noqa: E402

from tests import onestop, pgserver  # noqa: E402

OUT = ROOT / "bench" / "out" / "pull_last_run.json"
PASSWORD = "bench-đọc-Mật:khẩu"

# Runs a command, then prints its peak resident memory (kB) and CPU seconds on stderr's last line.
MEASURED = (
    "import resource, subprocess, sys\n"
    "rc = subprocess.run(sys.argv[1:]).returncode\n"
    "u = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print('usage', u.ru_maxrss, u.ru_utime + u.ru_stime, file=sys.stderr)\n"
    "sys.exit(rc)\n"
)

# Streams the source's rows only (no import), then prints the process's peak memory.
STREAM_ONLY = (
    "import json, resource, sys, tempfile, pathlib\n"
    "sys.path.insert(0, sys.argv[1])\n"
    "from data_loaders import sources\n"
    "src = sources.define('bench', sys.argv[2], 'dossiers', query=sys.argv[3], password_env='BENCH_PW')\n"
    "with tempfile.TemporaryDirectory() as d:\n"
    "    out = sources.stream(src, sources.resolve_password(src), None, pathlib.Path(d) / 'x.csv', lambda n: None)\n"
    "    size = (pathlib.Path(d) / 'x.csv').stat().st_size\n"
    "print(json.dumps({'rows': out.rows, 'bytes': size,\n"
    "                  'maxrss_kb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))\n"
)


def run(args: list, env: dict) -> dict:
    """A command's wall-clock seconds, CPU seconds (user + system: less disturbed by other work on
    a shared machine) and peak memory (MB); fails loudly if it fails."""
    t0 = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", MEASURED, *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(map(str, args))}\n{proc.stdout}\n{proc.stderr}")
    _, maxrss, cpu = proc.stderr.strip().splitlines()[-1].split()
    return {"seconds": seconds, "cpu": float(cpu), "peak_mb": int(maxrss) / 1024, "stdout": proc.stdout}


def median(xs):
    return statistics.median(xs) if xs else None


def differences(a: dict, b: dict) -> list[str]:
    """Keys whose values differ; sums of floats only beyond the rounding of a parallel sum
    (DuckDB adds processing days in no fixed order)."""
    out = []
    for key in sorted(a.keys() | b.keys()):
        x, y = a.get(key), b.get(key)
        if isinstance(x, float) and isinstance(y, float):
            if not math.isclose(x, y, rel_tol=1e-9):
                out.append(key)
        elif x != y:
            out.append(key)
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=1_000_000, help="dossiers in the source (default 1,000,000)")
    ap.add_argument("--repeat", type=int, default=3, help="timed rounds of each way (default 3)")
    ap.add_argument("--stream-sizes", default="100000,1000000",
                    help="rows streamed alone to measure memory (default 100000,1000000; at most --n)")
    ap.add_argument("--keep", help="work in this folder and keep it")
    args = ap.parse_args(argv)
    # stopped from outside (kill PID): still stop the PostgreSQL cluster and delete the files
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    psql = pgserver.find_bin("psql")
    if not (pgserver.available() and psql):
        raise SystemExit("PostgreSQL (initdb, pg_ctl, psql) is not installed: apt-get install postgresql")
    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cchc-bench-pull-"))
    work.mkdir(parents=True, exist_ok=True)
    summary: dict = {"n": args.n, "repeat": args.repeat, "when": dt.datetime.now().isoformat(timespec="seconds"),
                     "machine": f"{platform.node()} {os.cpu_count()} CPUs", "runs": []}
    try:
        with pgserver.PgServer({"shared_buffers": "256MB"}) as pg:
            with pg.connect() as con:
                con.execute("CREATE DATABASE motcua")
                con.execute(psql_sql.SQL("CREATE ROLE reader LOGIN PASSWORD {}").format(psql_sql.Literal(PASSWORD)))
            t0 = time.perf_counter()
            with pg.connect("motcua") as con:
                onestop.create(con, args.n)
                con.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader")
            summary["load_seconds"] = time.perf_counter() - t0
            print(f"PostgreSQL {pg.port}: {args.n:,} dossiers loaded in {summary['load_seconds']:.1f} s")

            env = {k: v for k, v in os.environ.items()
                   if not k.startswith("CCHC_SOURCE_") and k != "PYTHONDONTWRITEBYTECODE"}
            env.update(BENCH_PW=PASSWORD, PGPASSWORD=PASSWORD, PGTZ="Asia/Ho_Chi_Minh",
                       CCHC_SECRETS=str(work / "no-secrets.toml"), TMPDIR=str(work))
            # as installed (pip compiles bytecode): neither way should pay for compiling its modules
            subprocess.run([sys.executable, "-c", "import cli, data_loaders.sources, sqlalchemy, psycopg, "
                            "sqlalchemy.dialects.postgresql.psycopg, queries, warehouse"],
                           cwd=ROOT, env=env, check=True)
            url = f"postgresql+psycopg://reader@127.0.0.1:{pg.port}/motcua"
            cli = [sys.executable, str(ROOT / "cli.py")]
            one_line = " ".join(onestop.DOSSIER_QUERY.split())

            for r in range(args.repeat):
                row = {}
                a, b, c = (work / f"{name}_{r}.duckdb" for name in ("export", "pull", "pull_inc"))
                csv_path = work / f"export_{r}.csv"
                for f in (a, b, c, csv_path):
                    f.unlink(missing_ok=True)

                def export_and_import():
                    export = run([psql, "-X", "-q", "-h", "127.0.0.1", "-p", pg.port, "-U", "reader", "-d",
                                  "motcua", "-c",
                                  f"\\copy ({one_line}) TO '{csv_path}' WITH (FORMAT csv, HEADER true)"], env)
                    imported = run([*cli, "--db", a, "--create", "import", csv_path, "--kind", "dossiers"], env)
                    assert f"nhập mới {args.n}" in imported["stdout"], imported["stdout"]
                    row["export"] = {k: export[k] for k in ("seconds", "cpu", "peak_mb")}
                    row["import"] = {k: imported[k] for k in ("seconds", "cpu", "peak_mb")}
                    row["csv_mb"] = csv_path.stat().st_size / 1e6
                    csv_path.unlink()

                def pulls():  # full reload, then incremental (a first pull: everything)
                    for db, name, extra in ((b, "motcua", []),
                                            (c, "motcua-inc", ["--changed-column", "modified_date"])):
                        subprocess.run([*cli, "--db", db, "--create", "source", "add", name, "--url", url, "--password-env",
                                        "BENCH_PW", "--query", onestop.DOSSIER_QUERY, "--kind", "dossiers", *extra],
                                       cwd=ROOT, env=env, check=True, capture_output=True)
                        pulled = run([*cli, "--db", db, "pull", name], env)
                        assert f"new={args.n}" in pulled["stdout"], pulled["stdout"]
                        row["pull" if name == "motcua" else "pull_incremental"] = {
                            k: pulled[k] for k in ("seconds", "cpu", "peak_mb")}

                # the order alternates between rounds: a slow spell of the machine hits both ways
                for step in ((export_and_import, pulls) if r % 2 == 0 else (pulls, export_and_import)):
                    step()
                # the same figures either way
                kpis = [json.loads(subprocess.run([*cli, "--db", db, "kpis", "--from", "2026-10-01", "--to",
                                                   "2026-10-31", "--json"], cwd=ROOT, env=env, check=True,
                                                  capture_output=True, text=True).stdout) for db in (a, b, c)]
                row["kpi_differences"] = sorted(set(differences(kpis[0], kpis[1]) + differences(kpis[0], kpis[2])))
                row["same_kpis"] = not row["kpi_differences"]
                for f in (a, b, c):
                    f.unlink(missing_ok=True)
                row["export_plus_import_seconds"] = row["export"]["seconds"] + row["import"]["seconds"]
                row["export_plus_import_cpu"] = row["export"]["cpu"] + row["import"]["cpu"]
                summary["runs"].append(row)
                print(f"round {r + 1}: export {row['export']['seconds']:.1f} s + import {row['import']['seconds']:.1f} s"
                      f" = {row['export_plus_import_seconds']:.1f} s;  pull {row['pull']['seconds']:.1f} s;  "
                      f"incremental pull {row['pull_incremental']['seconds']:.1f} s;  same KPIs: {row['same_kpis']}"
                      + (f" (differ: {', '.join(row['kpi_differences'])})" if row["kpi_differences"] else ""))

            summary["stream_memory"] = []
            for size in [int(s) for s in args.stream_sizes.split(",") if s.strip()]:
                size = min(size, args.n)
                proc = subprocess.run([sys.executable, "-c", STREAM_ONLY, str(ROOT), url,
                                       f"{onestop.DOSSIER_QUERY}\nLIMIT {size}"],
                                      cwd=ROOT, env=env, capture_output=True, text=True, check=True)
                got = json.loads(proc.stdout.strip().splitlines()[-1])
                summary["stream_memory"].append({"rows": got["rows"], "csv_mb": got["bytes"] / 1e6,
                                                 "peak_mb": got["maxrss_kb"] / 1024})
                print(f"streaming {got['rows']:,} rows alone: peak {got['maxrss_kb'] / 1024:.0f} MB "
                      f"({got['bytes'] / 1e6:.0f} MB of CSV)")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)

    runs = summary["runs"]
    if not runs:  # --repeat 0: the streaming memory only
        OUT.parent.mkdir(parents=True, exist_ok=True)
        OUT.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
        return 0
    m = {key: median([r[key]["seconds"] for r in runs]) for key in ("export", "import", "pull", "pull_incremental")}
    m["export_plus_import"] = median([r["export_plus_import_seconds"] for r in runs])
    cpu = {key: median([r[key]["cpu"] for r in runs]) for key in ("export", "import", "pull", "pull_incremental")}
    cpu["export_plus_import"] = median([r["export_plus_import_cpu"] for r in runs])
    summary["median_cpu_seconds"] = cpu
    peaks = {key: max(r[key]["peak_mb"] for r in runs) for key in ("export", "import", "pull", "pull_incremental")}
    summary["median_seconds"], summary["peak_mb"] = m, peaks
    summary["pull_vs_export_import"] = m["pull"] / m["export_plus_import"]
    summary["target_met"] = m["pull"] <= m["export_plus_import"]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    print()
    print(f"{'N':<34} {args.n:>12,}   (medians of {len(runs)} rounds: wall clock, CPU of the client processes)")
    for key, label in (("export", "psql \\copy export"), ("import", "cli.py import of the CSV"),
                       ("export_plus_import", "export + import"), ("pull", "cli.py pull (full reload)"),
                       ("pull_incremental", "cli.py pull (incremental, first)")):
        peak = f"   peak {peaks[key]:>6.0f} MB" if key in peaks else ""
        print(f"{label:<34} {m[key]:>8.1f} s  {cpu[key]:>8.1f} s CPU{peak}")
    summary["pull_vs_export_import_cpu"] = cpu["pull"] / cpu["export_plus_import"]
    print(f"{'pull / (export + import)':<34} {summary['pull_vs_export_import']:>8.2f}    "
          f"{summary['pull_vs_export_import_cpu']:>8.2f} CPU   "
          f"{'PASS' if summary['target_met'] else 'MISS'} (target ≤ 1, wall clock)")
    print(f"{'same KPIs every way':<34} {all(r['same_kpis'] for r in runs)!s:>10}")
    print(f"written to {OUT.relative_to(ROOT)}")
    return 0 if summary["target_met"] and all(r["same_kpis"] for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main())
