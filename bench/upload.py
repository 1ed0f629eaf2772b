"""What a staff member waits for on the upload page, for one export of N dossiers:
the preview (the pipeline's dry run), the import, a second preview of the same file (every
row unchanged), and undoing the import.

    python bench/upload.py [--n 200000]

Each figure is one run (seconds, wall clock) on this machine; compare them with each other.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import warehouse  # noqa: E402
from data_loaders import import_file  # noqa: E402
from data_loaders.undo import undo_import  # noqa: E402
from sample_data.export import write_dossier_export  # noqa: E402


def timed(label: str, fn):
    t0 = time.perf_counter()
    out = fn()
    print(f"{label:<36} {time.perf_counter() - t0:7.2f} s")
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=200_000, help="dossiers in the export (default 200,000)")
    args = ap.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="cchc-bench-upload-") as tmp:
        export = Path(tmp) / "export.csv"
        write_dossier_export(export, args.n, seed=7, messy=True, fmt="csv")
        print(f"export: {args.n:,} dossiers, {export.stat().st_size / 1e6:.1f} MB")
        con = warehouse.connect(Path(tmp) / "bench.duckdb")
        dry = timed("preview (dry run), empty database", lambda: import_file(con, export, user="b", dry_run=True))
        real = timed("import", lambda: import_file(con, export, user="b"))
        again = timed("preview of the same file again", lambda: import_file(con, export, user="b", dry_run=True))
        timed("undo the import", lambda: undo_import(con, real.import_id, user="b"))
        assert (dry.rows_imported, dry.rows_rejected) == (real.rows_imported, real.rows_rejected)
        assert again.rows_unchanged == real.rows_imported
        con.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
