"""Two staff importing at the same moment, in two real processes: the second waits for the
file (warehouse.connect's lock wait) and both imports land whole, one after the other —
never a mix of the two in the overlapping dossiers."""
from __future__ import annotations

import platform
import subprocess
import sys
from pathlib import Path

import warehouse
from data_loaders.pipeline import rebuild_rollups
from tests.conftest import DOSSIER_HEADERS, ROOT, row, wait_until, write_csv

N = 6000  # large enough that the two imports overlap in time
SLEEPING = {"x86_64": (35, 230), "aarch64": (101, 115)}[platform.machine()]  # nanosleep, clock_nanosleep


def waiting_for_the_file(proc) -> bool:
    """Whether the process is pausing before it tries the held file again: its main thread is in
    a sleep system call (/proc/PID/syscall). Before it reaches warehouse.connect (starting Python,
    importing, reading the arguments) a command never sleeps; a process that ended fails here."""
    assert proc.poll() is None, proc.communicate()
    try:
        call = Path(f"/proc/{proc.pid}/syscall").read_text().split()
    except OSError:
        return False
    return bool(call) and call[0].isdigit() and int(call[0]) in SLEEPING


def test_two_parallel_imports_leave_a_consistent_database(tmp_path):
    db = tmp_path / "parallel.duckdb"
    holder = warehouse.connect(db)  # created and migrated; held so both processes start waiting
    a = write_csv(tmp_path / "a.csv", [row(f"HS{i}", status="4", completed="") for i in range(N)], DOSSIER_HEADERS)
    b = write_csv(tmp_path / "b.csv", [row(f"HS{i}", channel="Trực tiếp") for i in range(N // 2, N + N // 2)],
                  DOSSIER_HEADERS)
    procs = [subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "--db", str(db), "import", str(f), "--user", u],
                              cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for f, u in ((a, "staff_a"), (b, "staff_b"))]
    # both are waiting for the file: each sits in warehouse.connect's pause between two tries
    wait_until(lambda: all(waiting_for_the_file(p) for p in procs), 120, "both imports to wait for the file")
    assert [p.poll() for p in procs] == [None, None]
    holder.close()  # now they race for it
    outs = [p.communicate(timeout=300) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs

    with warehouse.session(db) as con:
        log = con.execute("SELECT import_id, imported_by, status, rows_imported, rows_updated FROM import_log "
                          "ORDER BY import_id").fetchall()
        assert [r[2] for r in log] == ["ok", "ok"]
        first, second = log
        # whichever ran second updated the overlap (or found it new): the counts add up
        assert first[3] == N and second[3] + second[4] == N and second[3] == N // 2
        assert con.execute("SELECT count(*), count(DISTINCT dossier_code) FROM dossiers").fetchall() == \
            [(N + N // 2, N + N // 2)]
        overlap = con.execute(
            "SELECT DISTINCT import_id, status, channel FROM dossiers "
            "WHERE CAST(substr(dossier_code, 3) AS INTEGER) BETWEEN ? AND ?", [N // 2, N - 1]).fetchall()
        assert len(overlap) == 1 and overlap[0][0] == second[0]  # one import's version, never a mix
        expected = {"staff_a": (4, "online"), "staff_b": (10, "direct")}[second[1]]
        assert overlap[0][1:] == expected
        assert con.execute("SELECT count(*) FROM dossier_history").fetchall()[0][0] == second[4]
        # the rollups are those the dossiers give
        rollup = con.execute("SELECT sum(received), sum(resolved) FROM daily_counts").fetchall()
        con.execute("BEGIN TRANSACTION")
        rebuild_rollups(con)
        assert con.execute("SELECT sum(received), sum(resolved) FROM daily_counts").fetchall() == rollup
        con.execute("ROLLBACK")
