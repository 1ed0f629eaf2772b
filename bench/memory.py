"""Peak memory of an import: the largest XLSX and the largest CSV the app accepts, and the hostile
files it refuses, each imported in a child process of its own so that its peak RSS is its own.

    python bench/memory.py                          # both files, preview and import, about 15 minutes
    python bench/memory.py --keep /tmp/cchc-memory  # keep the generated files; a later run reuses them
    python bench/memory.py --only csv               # one of them

The bound (README, "Limits"): an import of any file the upload page accepts (at most
max_upload_mb, 200 MB by default, and for XLSX at most 1,048,576 rows) peaks below 1 GB of
resident memory: DuckDB's writing connection is capped (warehouse.WRITE_MEMORY, 512 MB) and the
XLSX sheet is streamed in batches. The largest accepted files:

- CSV: a dossier export just under 200 MB (the default max_upload_mb);
- XLSX: a dossier export of 1,048,568 dossiers (the sheet's 1,048,576 rows less the title,
  header, totals and signature lines), about 150 MB.

Peak RSS is the child's own high-water mark (`VmHWM`, Linux). Times are printed for information only.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BOUND_MB = 1024
UPLOAD_LIMIT = 200 * 1024 * 1024  # the default max_upload_mb, in bytes as the upload page counts them
XLSX_DOSSIERS = 1_048_568
CSV_BYTES_PER_DOSSIER = 341  # measured on the generator's messy export; checked against the limit below

# The child's own high-water mark: VmHWM of /proc/self/status. (ru_maxrss would not do: Linux
# carries the parent's high-water mark into a child across fork and exec.)
CHILD = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
import warehouse
from data_loaders import import_file
con = warehouse.connect(sys.argv[2])
start = time.perf_counter()
result = import_file(con, sys.argv[3], user="bench", dry_run=sys.argv[4] == "preview")
hwm = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM:"))
print(json.dumps({"status": result.status, "rows_read": result.rows_read, "rows_imported": result.rows_imported,
                  "message": result.message_en[:160], "seconds": round(time.perf_counter() - start, 1),
                  "peak_mb": round(hwm / 1024)}))
"""


def measure(path: Path, mode: str, work: Path) -> dict:
    db = work / f"memory_{path.stem}_{mode}.duckdb"
    db.unlink(missing_ok=True)
    proc = subprocess.run([sys.executable, "-c", CHILD, str(ROOT), str(db), str(path), mode],
                          capture_output=True, text=True)
    db.unlink(missing_ok=True)
    if proc.returncode != 0:
        return {"status": f"crashed ({proc.returncode})", "peak_mb": None, "message": proc.stderr[-300:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def largest_csv(work: Path) -> Path:
    from sample_data.export import write_dossier_export

    path = work / "largest.csv"
    if not path.exists():
        n = int(UPLOAD_LIMIT * 0.985 / CSV_BYTES_PER_DOSSIER)
        write_dossier_export(path, n, seed=7, messy=True, fmt="csv")
    if path.stat().st_size > UPLOAD_LIMIT:
        raise SystemExit(f"{path} is {path.stat().st_size:,} bytes, over the upload limit: lower "
                         "CSV_BYTES_PER_DOSSIER's margin")
    return path


def largest_xlsx(work: Path) -> Path:
    from sample_data.export import write_dossier_export

    path = work / "largest.xlsx"
    if not path.exists():
        write_dossier_export(path, XLSX_DOSSIERS, seed=7, messy=True, fmt="xlsx")
    return path


def hostile(work: Path) -> list[Path]:
    """The refused files of issue 11: a far cell and a zip bomb (their peak is the refusal's)."""
    from tests.test_hostile_files import bomb_xlsx, far_cell_xlsx

    far = work / "far_cell.xlsx"
    if not far.exists():
        far_cell_xlsx(far)
    bomb = work / "bomb.xlsx"
    if not bomb.exists():
        bomb_xlsx(bomb, 200_000)
    return [far, bomb]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--keep", help="work in this folder and keep the generated files for the next run")
    ap.add_argument("--only", choices=("csv", "xlsx", "hostile"))
    args = ap.parse_args(argv)
    holder = None if args.keep else tempfile.TemporaryDirectory(prefix="cchc-bench-memory-")
    work = Path(args.keep or holder.name)
    work.mkdir(parents=True, exist_ok=True)
    files = []
    if args.only in (None, "csv"):
        files.append(largest_csv(work))
    if args.only in (None, "xlsx"):
        files.append(largest_xlsx(work))
    if args.only in (None, "hostile"):
        files += hostile(work)
    rows, worst = [], 0
    for path in files:
        for mode in ("preview", "import"):
            r = measure(path, mode, work)
            worst = max(worst, r["peak_mb"] or 10**9)
            rows.append((path.name, f"{path.stat().st_size / 2**20:,.1f} MB", mode, r))
            print(f"{path.name:<16} {path.stat().st_size / 2**20:>9,.1f} MB  {mode:<8} {r['status']:<9} "
                  f"rows {r.get('rows_read', 0):>10,}  peak {r['peak_mb'] or '—':>6} MB  {r.get('seconds', '—')} s"
                  f"  {r.get('message', '')[:80]}", flush=True)
    verdict = "PASS" if worst <= BOUND_MB else "MISS"
    print(f"\nhighest peak: {worst} MB against the bound of {BOUND_MB} MB: {verdict}")
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    (out / "memory_last_run.json").write_text(json.dumps(
        {"bound_mb": BOUND_MB, "verdict": verdict,
         "runs": [{"file": f, "size": s, "mode": m, **r} for f, s, m, r in rows]}, indent=2), encoding="utf-8")
    if holder:
        holder.cleanup()
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
