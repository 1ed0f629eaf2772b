"""Operations (issue 11, items 14 and 15): a mistyped --db or CCHC_DB is refused instead of
starting an empty warehouse; reports work on a read-only disk; a held lock or a read-only disk
is explained in Vietnamese and English, on the command line and on the pages."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

import warehouse
from auth import accounts
from tests.conftest import DOSSIER_HEADERS, ROOT, cli, needs_chromium, needs_mount, read_only_disk, row, write_csv

PERIOD = ("--from", "2026-10-01", "--to", "2026-10-31")


def plain(markdown: str) -> str:
    """What a person reads of a Markdown text the app escaped (the backslashes are not shown)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def setting(db, name="require_sign_in"):
    with warehouse.session(db, read_only=True) as con:
        return accounts.get_setting(con, name)


# ---- item 14: a path that is not the warehouse ---------------------------------------------------

COMMANDS = [
    ("setting", "require_sign_in", "1"),
    ("setting",),
    ("user", "list"),
    ("user", "add", "canbo", "--role", "staff"),
    ("kpis", *PERIOD, "--json"),
    ("ranking", "--metric", "on_time_rate", *PERIOD),
    ("scores", "--scheme", "par", "--period", "2025"),
    ("undo", "1"),
]


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: "-".join(c[:2]))
def test_a_mistyped_db_is_refused_and_nothing_is_created(province_db, tmp_path, command):
    typo = tmp_path / "typo.duckdb"
    proc = cli("--db", typo, *command, check=False)
    assert proc.returncode == 1, proc.stdout
    assert "Không có cơ sở dữ liệu" in proc.stderr and "There is no database" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not typo.exists()
    assert setting(province_db) is False  # the real one is unchanged


def test_a_mistyped_cchc_db_is_refused_too(tmp_path):
    typo = tmp_path / "cchc_typo.duckdb"
    env = dict(os.environ, CCHC_DB=str(typo))
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "setting", "require_sign_in", "1"], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    assert proc.returncode == 1 and "There is no database" in proc.stderr and not typo.exists()


def test_an_import_into_a_mistyped_db_is_refused(tmp_path):
    csv = write_csv(tmp_path / "d.csv", [row("A1")], DOSSIER_HEADERS)
    proc = cli("--db", tmp_path / "typo.duckdb", "import", csv, check=False)
    assert proc.returncode == 1 and "--create" in proc.stderr and not (tmp_path / "typo.duckdb").exists()


@pytest.mark.parametrize("command", [("setting",), ("kpis", *PERIOD), ("import", "FILE")])
def test_a_file_that_is_not_a_duckdb_database_is_refused_and_left_alone(tmp_path, command):
    units = write_csv(tmp_path / "units.csv", [["U1", "Sở Tư pháp", "department", "", ""]],
                      ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cha", "Mã hành chính"])
    before = units.read_bytes()
    args = [str(units) if a == "FILE" else a for a in command]
    proc = cli("--db", units, *args, check=False)
    assert proc.returncode == 1
    assert "không phải tệp cơ sở dữ liệu DuckDB" in proc.stderr and "is not a DuckDB database file" in proc.stderr
    assert units.read_bytes() == before


def test_create_makes_a_new_database_where_asked(tmp_path):
    db = tmp_path / "new" / "cchc.duckdb"
    out = cli("--db", db, "--create", "setting", "require_sign_in", "1").stdout
    assert "require_sign_in = True" in out and db.exists()
    assert "require_sign_in = True" in cli("setting", "--db", db).stdout  # then it exists: no flag needed
    csv = write_csv(tmp_path / "d.csv", [row("A1")], DOSSIER_HEADERS)
    assert cli("import", csv, "--db", tmp_path / "other.duckdb", "--create").returncode == 0


def test_the_app_shows_a_bilingual_error_for_a_mistyped_cchc_db_and_creates_nothing(tmp_path, monkeypatch):
    typo = tmp_path / "cchc_typo.duckdb"
    monkeypatch.setenv("CCHC_DB", str(typo))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert "Không có cơ sở dữ liệu" in plain(at.error[0].value) and str(typo) in plain(at.error[0].value)
    assert not typo.exists()
    at.sidebar.radio(key="lang").set_value("en").run()
    assert "There is no database" in plain(at.error[0].value)


def test_the_app_refuses_a_cchc_db_that_is_not_a_database(tmp_path, monkeypatch):
    other = tmp_path / "units.csv"
    other.write_text("Mã đơn vị,Tên đơn vị\nU1,Sở\n", encoding="utf-8")
    monkeypatch.setenv("CCHC_DB", str(other))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert "không phải tệp cơ sở dữ liệu DuckDB" in plain(at.error[0].value)
    assert other.read_text(encoding="utf-8").startswith("Mã đơn vị")


# ---- item 15: a held lock, a read-only disk ------------------------------------------------------

@pytest.fixture
def holder(province_db, tmp_path):
    """Another process holding the database file for writing (as a long import does)."""
    db = tmp_path / "held.duckdb"
    shutil.copy(province_db, db)
    proc = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; c = duckdb.connect(sys.argv[1]); "
                             "print('held', flush=True); sys.stdin.read()", str(db)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "held"
    yield db
    proc.stdin.close()
    proc.wait(timeout=30)


@pytest.mark.parametrize("command", [("kpis", *PERIOD, "--json"), ("setting",), ("setting", "lock_after", "3")],
                         ids=["kpis", "setting", "setting-change"])
def test_a_held_lock_is_explained_on_the_command_line(holder, command):
    env = dict(os.environ, CCHC_LOCK_WAIT="1")
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "--db", str(holder), *command], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "đang bận" in proc.stderr and "is busy" in proc.stderr and "CCHC_LOCK_WAIT" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


def test_a_held_lock_is_explained_on_the_page(holder, monkeypatch):
    monkeypatch.setenv("CCHC_DB", str(holder))
    monkeypatch.setattr(warehouse, "LOCK_WAIT_SECONDS", 1.0)  # the setting CCHC_LOCK_WAIT gives, shortened
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    assert not at.exception, at.exception
    assert "đang bận" in plain(at.error[0].value) and "CCHC_LOCK_WAIT" in plain(at.error[0].value)


@pytest.fixture
def ro_db(province_db, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "cchc.duckdb"
    shutil.copy(province_db, db)
    return db


@needs_mount
@pytest.mark.parametrize("command", [("kpis", *PERIOD, "--json"), ("ranking", "--metric", "on_time_rate", *PERIOD),
                                     ("scores", "--scheme", "par", "--period", "2025"), ("setting",),
                                     ("user", "list"), ("briefing", *PERIOD, "--out", "OUT")],
                         ids=lambda c: c[0] if c[0] != "user" else "user-list")
def test_read_only_commands_work_on_a_read_only_disk(ro_db, tmp_path, command):
    args = [str(tmp_path / "b.pptx") if a == "OUT" else a for a in command]
    proc = subprocess.run(read_only_disk(ro_db.parent, [sys.executable, str(ROOT / "cli.py"), "--db", str(ro_db),
                                                        *args]), cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr


@needs_mount
@pytest.mark.parametrize("command", [("setting", "require_sign_in", "1"), ("import", "FILE"), ("undo", "3")],
                         ids=["setting", "import", "undo"])
def test_writing_commands_on_a_read_only_disk_say_what_is_wrong(ro_db, tmp_path, command):
    csv = write_csv(tmp_path / "d.csv", [row("RO1")], DOSSIER_HEADERS)
    args = [str(csv) if a == "FILE" else a for a in command]
    proc = subprocess.run(read_only_disk(ro_db.parent, [sys.executable, str(ROOT / "cli.py"), "--db", str(ro_db),
                                                        *args]), cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1
    assert "chỉ cho đọc" in proc.stderr and "read-only" in proc.stderr and "write access" in proc.stderr
    assert "Traceback" not in proc.stderr
