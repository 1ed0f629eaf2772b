"""Pulling straight from a one-stop system's database (data_loaders/sources.py), as a province
runs it: a real PostgreSQL server (a throwaway cluster, tests/pgserver.py) holding an OpenCPS-like
database of 50,000 dossiers (tests/onestop.py), a real SQLite file, real `cli.py` processes and a
real DuckDB warehouse file."""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest

import warehouse
from data_loaders import sources
from tests import onestop
from tests.conftest import ONESTOP_DOSSIERS, PG_READER_PASSWORD, ROOT, snapshot

WRONG_PASSWORD = "Sai-mật-khẩu:9@y"
OCTOBER = (dt.date(2026, 10, 1), dt.date(2026, 10, 31))


def cli(db, *args, env, check=True, timeout=600) -> subprocess.CompletedProcess:
    """`python cli.py --db DB …` as a scheduler runs it: no terminal, the given environment."""
    proc = subprocess.run([sys.executable, str(ROOT / "cli.py"), "--db", str(db), *map(str, args)], cwd=ROOT, env=env,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout)
    if check:
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return proc


@pytest.fixture
def env(tmp_path):
    """The scheduler's environment: the password in MOTCUA_PW, no stray source definitions, no
    secrets.toml, and a private TMPDIR to prove that pulls leave no file behind."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    e = {k: v for k, v in os.environ.items() if not k.startswith(sources.ENV_PREFIX)}
    e.update(MOTCUA_PW=PG_READER_PASSWORD, CCHC_SECRETS=str(tmp_path / "secrets.toml"), TMPDIR=str(scratch))
    return e


@pytest.fixture
def wh(tmp_path):
    """A new warehouse file."""
    path = tmp_path / "cchc.duckdb"
    warehouse.connect(path).close()
    return path


def pg_url(pg_server, dbname: str) -> str:
    return f"postgresql+psycopg://reader@127.0.0.1:{pg_server.port}/{dbname}"


def add_onestop_sources(wh, url: str, env) -> None:
    """What a province's admin types once: the mapping for the procedures table, then three sources."""
    maps = [a for header, field in onestop.PROCEDURE_MAPPING.items() if field for a in ("--map", f"{header}={field}")]
    cli(wh, "mapping", "add", "Thủ tục một cửa", "--kind", "procedures", *maps, "--ignore", "thu_tuc_id", env=env)
    cli(wh, "source", "add", "donvi", "--url", url, "--password-env", "MOTCUA_PW", "--table", "agency",
        "--kind", "units", env=env)
    cli(wh, "source", "add", "thutuc", "--url", url, "--password-env", "MOTCUA_PW", "--table", "public.thu_tuc",
        "--kind", "procedures", "--mapping", "Thủ tục một cửa", env=env)
    cli(wh, "source", "add", "motcua", "--url", url.replace("reader@", "reader:${MOTCUA_PW}@"), "--query",
        onestop.DOSSIER_QUERY, "--kind", "dossiers", "--changed-column", "modified_date", env=env)


def rows(db, sql, params=None) -> list[tuple]:
    with warehouse.session(db, read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def watermark(db, name, env) -> dt.datetime | None:
    shown = json.loads(cli(db, "source", "show", name, env=env).stdout)["watermark"]
    return dt.datetime.fromisoformat(shown) if shown else None


def pull_json(db, name, *args, env, check=True) -> dict:
    proc = cli(db, "pull", name, "--json", *args, env=env, check=check)
    return json.loads(proc.stdout)


def assert_no_temp_files(env) -> None:
    assert list(Path(env["TMPDIR"]).iterdir()) == []


# ---- PostgreSQL --------------------------------------------------------------------------------------

def test_a_full_pull_gives_the_figures_a_count_on_the_source_gives(pg_server, onestop_db, wh, env):
    add_onestop_sources(wh, pg_url(pg_server, onestop_db), env)
    proc = cli(wh, "pull", "--all", env=env)
    lines = proc.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["donvi", "motcua", "thutuc"], proc.stdout
    assert all(": ok import=" in line and "rejected=0" in line for line in lines), proc.stdout
    assert f"read={ONESTOP_DOSSIERS} new={ONESTOP_DOSSIERS}" in lines[1]
    assert "dòng" not in proc.stderr  # progress goes to a terminal, not to a scheduler's log

    kpis = json.loads(cli(wh, "kpis", "--from", OCTOBER[0], "--to", OCTOBER[1], "--json", env=env).stdout)
    with pg_server.connect(onestop_db) as con:
        expected = onestop.kpis(con, *OCTOBER)
    assert expected["received"] > 1000 and expected["resolved_late"] > 0 and expected["pending_overdue"] > 0
    assert {k: kpis[k] for k in expected} == expected

    # the three kinds arrived whole: Vietnamese text intact, kinds from the names, the mapping applied
    assert rows(wh, "SELECT count(*) FROM dossiers") == [(ONESTOP_DOSSIERS,)]
    assert rows(wh, "SELECT kind, count(*) FROM units GROUP BY 1 ORDER BY 1") == [("commune", 6), ("department", 8)]
    assert rows(wh, "SELECT unit_name FROM units WHERE unit_code = '56003'") == [("UBND xã Đắk Nông",)]
    assert rows(wh, "SELECT online_level, count(*) FROM procedures GROUP BY 1 ORDER BY 1") == [
        ("full", 6), ("none", 2), ("partial", 4)]
    # each pull is one import in the history, named after its source
    assert rows(wh, "SELECT file_name, kind, status, mapping_name FROM import_log ORDER BY import_id") == [
        ("source:donvi", "units", "ok", None), ("source:motcua", "dossiers", "ok", None),
        ("source:thutuc", "procedures", "ok", "Thủ tục một cửa")]
    with pg_server.connect(onestop_db) as con:
        newest = con.execute("SELECT max(modified_date) FROM dossier").fetchone()[0]
    assert watermark(wh, "motcua", env) == newest
    assert watermark(wh, "donvi", env) is None  # a reference table is reloaded whole every time
    assert_no_temp_files(env)


def test_an_incremental_pull_upserts_exactly_the_changed_rows_and_undo_takes_it_back(pg_server, onestop_db, wh, env):
    url = pg_url(pg_server, onestop_db)
    cli(wh, "source", "add", "motcua", "--url", url, "--password-env", "MOTCUA_PW", "--query", onestop.DOSSIER_QUERY,
        "--kind", "dossiers", "--changed-column", "modified_date", env=env)
    first = pull_json(wh, "motcua", env=env)
    assert first["status"] == "ok" and first["import"]["rows_imported"] == ONESTOP_DOSSIERS
    w1 = watermark(wh, "motcua", env)

    with pg_server.connect(onestop_db) as con:
        changed = [r[0] for r in con.execute(
            "UPDATE dossier SET dossier_status = 'done', release_date = receive_date + interval '2 days', "
            "finish_date = receive_date + interval '3 days', modified_date = %s::timestamptz + interval '1 hour' "
            "WHERE dossier_id IN (SELECT dossier_id FROM dossier WHERE dossier_status = 'processing' "
            "ORDER BY dossier_id LIMIT 37) RETURNING dossier_no", [w1]).fetchall()]
        con.execute("UPDATE dossier SET dossier_status = 'Chờ phê duyệt lại', "
                    "modified_date = %s::timestamptz + interval '2 hours' WHERE dossier_id = 7", [w1])
        con.execute(onestop.LOAD_DOSSIERS, {"procedures": len(onestop.PROCEDURES), "agencies": len(onestop.AGENCIES),
                                            "first": ONESTOP_DOSSIERS + 1, "last": ONESTOP_DOSSIERS + 5})
        con.execute("UPDATE dossier SET modified_date = %s::timestamptz + interval '3 hours' WHERE dossier_id > %s",
                    [w1, ONESTOP_DOSSIERS])
        # rows stamped exactly at the watermark are read again (>=): they come back unchanged
        boundary = con.execute("SELECT count(*) FROM dossier WHERE modified_date = %s", [w1]).fetchone()[0]
    assert len(changed) == 37

    # --since for one run, as a dry run: what it would read, and nothing is written or moved
    logged = rows(wh, "SELECT count(*) FROM import_log")
    dry = pull_json(wh, "motcua", "--dry-run", "--since", (w1 + dt.timedelta(hours=2)).isoformat(), env=env)
    assert dry["dry_run"] and dry["rows_pulled"] == 6 and dry["import"]["rows_imported"] == 5
    assert rows(wh, "SELECT count(*) FROM import_log") == logged and watermark(wh, "motcua", env) == w1

    second = pull_json(wh, "motcua", env=env)
    report = second["import"]
    assert second["rows_pulled"] == report["rows_read"] == 37 + 1 + 5 + boundary
    assert (report["rows_updated"], report["rows_imported"], report["rows_unchanged"]) == (37, 5, boundary)
    assert report["rows_rejected"] == 1 and report["rejected_by_reason"] == {"unknown_status": 1}
    assert rows(wh, "SELECT count(*) FROM dossiers WHERE dossier_code IN (SELECT unnest(?)) AND status = 10",
                [changed]) == [(37,)]
    # the same rejected rows as a file's, with the cells as the source sent them
    assert rows(wh, "SELECT reason, raw LIKE '%Chờ phê duyệt lại%' FROM rejected_rows WHERE import_id = ?",
                [report["import_id"]]) == [("unknown_status", True)]
    assert watermark(wh, "motcua", env) == w1 + dt.timedelta(hours=3)
    assert rows(wh, "SELECT count(*) FROM dossier_history WHERE replaced_by_import = ?", [report["import_id"]]) == [(37,)]

    # undo, as for a file: the rows go back, and so does the watermark, so the next pull reads them again
    cli(wh, "undo", report["import_id"], env=env)
    assert rows(wh, "SELECT count(*) FROM dossiers") == [(ONESTOP_DOSSIERS,)]
    assert rows(wh, "SELECT count(*) FROM dossiers WHERE dossier_code IN (SELECT unnest(?)) AND status = 4",
                [changed]) == [(37,)]
    assert watermark(wh, "motcua", env) == w1
    again = pull_json(wh, "motcua", env=env)["import"]
    assert (again["rows_updated"], again["rows_imported"], again["rows_rejected"]) == (37, 5, 1)
    # nothing changed since: the boundary rows only, all unchanged
    third = pull_json(wh, "motcua", env=env)["import"]
    assert third["rows_read"] == 5 and third["rows_unchanged"] == 5
    assert_no_temp_files(env)


SLOW_FUNCTION = """CREATE FUNCTION slowly(x integer) RETURNS integer LANGUAGE plpgsql STABLE AS
    $$ BEGIN PERFORM pg_sleep(0.001); RETURN x; END $$"""


def test_a_connection_killed_midway_leaves_nothing_and_the_watermark_where_it_was(pg_server, onestop_db, wh, env):
    with pg_server.connect(onestop_db) as con:
        con.execute(SLOW_FUNCTION)  # a source that sends its rows slowly, so the pull can be caught midway
        newest = con.execute("SELECT max(modified_date) FROM dossier").fetchone()[0]
    query = f'SELECT q.*, slowly(length(q."dossierNo")) AS n FROM ({onestop.DOSSIER_QUERY}) AS q'
    cli(wh, "source", "add", "cham", "--url", pg_url(pg_server, onestop_db), "--password-env", "MOTCUA_PW",
        "--query", query, "--kind", "dossiers", "--changed-column", "modified_date", env=env)
    # a first pull of the last week: some rows and a watermark, which the killed pull must leave alone
    first = pull_json(wh, "cham", "--since", (newest - dt.timedelta(days=2)).isoformat(), env=env)
    assert first["status"] == "ok" and 0 < first["rows_pulled"] < 2000
    with warehouse.session(wh, read_only=True) as con:
        before = snapshot(con)
    mark = watermark(wh, "cham", env)
    assert mark == newest

    proc = subprocess.Popen([sys.executable, str(ROOT / "cli.py"), "--db", str(wh), "pull", "cham", "--since",
                             "2000-01-01", "--progress"], cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        seen = []
        for line in proc.stderr:  # wait until rows are flowing (the pull says so), then cut the connection
            seen.append(line)
            if line.startswith("cham: pull "):
                break
        assert seen and seen[-1].startswith("cham: pull "), seen
        assert PG_READER_PASSWORD.encode() not in Path(f"/proc/{proc.pid}/cmdline").read_bytes()
        pid, = pg_server.wait_for("SELECT pid FROM pg_stat_activity WHERE application_name = 'cchc-pull:cham' "
                                  "AND state = 'active' AND query LIKE 'COPY%'", dbname=onestop_db)
        with pg_server.connect() as con:
            assert con.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]
        out, err = proc.communicate(timeout=300)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 1, out + err
    assert ": failed " in out and "administrator command" in err
    assert PG_READER_PASSWORD not in out + err + "".join(seen)
    with warehouse.session(wh, read_only=True) as con:
        assert snapshot(con) == before
    assert watermark(wh, "cham", env) == mark
    (status, file_name, message), = rows(wh, "SELECT status, file_name, message FROM import_log "
                                              "ORDER BY import_id DESC LIMIT 1")
    assert (status, file_name) == ("failed", "source:cham") and "administrator command" in message
    assert rows(wh, "SELECT status FROM source_pulls ORDER BY pull_id DESC LIMIT 1") == [("failed",)]
    assert_no_temp_files(env)


def test_credentials_never_reach_the_warehouse_a_message_or_the_command_line(pg_server, onestop_db, wh, env, tmp_path):
    url = pg_url(pg_server, onestop_db)
    secret_forms = (PG_READER_PASSWORD, quote(PG_READER_PASSWORD, safe=""), WRONG_PASSWORD)

    def clean(text: str) -> bool:
        return not any(s in text for s in secret_forms)

    # a password written into the URL is refused, and the refusal does not repeat it
    typed = url.replace("reader@", f"reader:{quote(PG_READER_PASSWORD, safe='')}@")
    proc = cli(wh, "source", "add", "donvi", "--url", typed, "--table", "agency", "--kind", "units", env=env,
               check=False)
    assert proc.returncode == 1 and "--password-env" in proc.stderr and clean(proc.stdout + proc.stderr)
    assert rows(wh, "SELECT count(*) FROM sources") == [(0,)]

    cli(wh, "source", "add", "donvi", "--url", url.replace("reader@", "reader:${MOTCUA_PW}@"), "--table", "agency",
        "--kind", "units", env=env)
    # the wrong password: the server's words, no password of any kind
    proc = cli(wh, "pull", "donvi", env=dict(env, MOTCUA_PW=WRONG_PASSWORD), check=False)
    assert proc.returncode == 1 and "password authentication failed" in proc.stderr
    assert clean(proc.stdout + proc.stderr)
    # no variable, no terminal: says which variable to set
    proc = cli(wh, "pull", "donvi", env={k: v for k, v in env.items() if k != "MOTCUA_PW"}, check=False)
    assert proc.returncode == 1 and "MOTCUA_PW" in proc.stderr
    proc = cli(wh, "pull", "donvi", env=env)
    assert ": ok " in proc.stdout and clean(proc.stdout + proc.stderr)

    # a source in secrets.toml may hold its password there; it is used, never shown, and read-only here
    Path(env["CCHC_SECRETS"]).write_text(
        f'[sources.donvi-toml]\nurl = "{url}"\npassword = "{PG_READER_PASSWORD}"\ntable = "agency"\n'
        'kind = "units"\n', encoding="utf-8")
    listed = json.loads(cli(wh, "source", "list", "--json", env=env).stdout)
    assert [(s["name"], s["origin"], s["has_password"]) for s in listed] == [
        ("donvi", "warehouse", True), ("donvi-toml", "secrets", True)]
    assert ": ok " in cli(wh, "pull", "donvi-toml", env=env).stdout
    proc = cli(wh, "source", "remove", "donvi-toml", env=env, check=False)
    assert proc.returncode == 1 and "secrets.toml" in proc.stderr
    shown = cli(wh, "source", "list", env=env).stdout + cli(wh, "source", "show", "donvi-toml", env=env).stdout
    assert url in shown and clean(shown)

    # everything the warehouse keeps
    with warehouse.session(wh, read_only=True) as con:
        for table in ("sources", "source_pulls", "import_log", "rejected_rows", "meta"):
            assert clean(repr(con.execute(f"SELECT * FROM {table}").fetchall())), table
        assert con.execute("SELECT url, password_env FROM sources").fetchall() == [(url, "MOTCUA_PW")]
        statuses = con.execute("SELECT status FROM import_log ORDER BY import_id").fetchall()
    assert statuses == [("failed",), ("failed",), ("ok",), ("ok",)]


def test_a_source_query_cannot_write_and_is_stopped_by_its_timeout(pg_server, onestop_db, wh, env):
    url = pg_url(pg_server, onestop_db)
    with pg_server.connect(onestop_db) as con:
        # the account may write this table: only the read-only session stands in the way
        con.execute("CREATE TABLE audit (at timestamptz); INSERT INTO audit VALUES (now()); "
                    "GRANT SELECT, INSERT, DELETE ON audit TO reader")
        con.execute("CREATE FUNCTION note_it() RETURNS integer LANGUAGE plpgsql VOLATILE AS "
                    "$$ BEGIN INSERT INTO audit VALUES (now()); RETURN 1; END $$")

    def add(name, query, *extra):
        return cli(wh, "source", "add", name, "--url", url, "--password-env", "MOTCUA_PW", "--query", query,
                   "--kind", "units", *extra, env=env, check=False)

    proc = add("hai-cau", "SELECT * FROM agency; DELETE FROM audit")
    assert proc.returncode == 1 and "một câu lệnh" in proc.stderr and "single statement" in proc.stderr
    assert rows(wh, "SELECT count(*) FROM sources") == [(0,)]

    for name, query in (("ham-ghi", "SELECT a.*, note_it() AS n FROM agency AS a"),
                        ("cte-xoa", "WITH gone AS (DELETE FROM audit RETURNING 1) SELECT a.* FROM agency AS a, gone")):
        assert add(name, query).returncode == 0
        proc = cli(wh, "pull", name, env=env, check=False)
        assert proc.returncode == 1, proc.stdout
        # the function's INSERT meets the read-only transaction; PostgreSQL refuses a data-modifying
        # WITH inside the SELECT we wrap the query in even before that
        assert "read-only transaction" in proc.stderr or "data-modifying" in proc.stderr, proc.stderr
    with pg_server.connect(onestop_db) as con:
        assert con.execute("SELECT count(*) FROM audit").fetchone()[0] == 1

    assert add("cham", "SELECT a.*, pg_sleep(5)::text AS s FROM agency AS a", "--timeout", "1").returncode == 0
    proc = cli(wh, "pull", "cham", env=env, check=False)
    assert proc.returncode == 1 and "statement timeout" in proc.stderr
    assert rows(wh, "SELECT count(*) FROM units") == [(0,)]
    assert rows(wh, "SELECT status, count(*) FROM import_log GROUP BY 1") == [("failed", 3)]


def test_the_server_side_cursor_path_reads_postgresql_as_copy_does(pg_server, onestop_db, tmp_path):
    """Other databases go through SQLAlchemy's server-side cursor: run it on PostgreSQL too, so that
    its read-only session, its bound watermark and its value formats meet a real server, and check
    that both paths put the same dossiers into the warehouse."""
    from data_loaders import import_file

    src = sources.define("motcua", pg_url(pg_server, onestop_db), "dossiers", query=onestop.DOSSIER_QUERY,
                         changed_column="modified_date")
    since = sources.Watermark.of(dt.datetime(2026, 11, 1, tzinfo=dt.timezone(dt.timedelta(hours=7))))
    stored = {}
    for name, way in (("copy", sources.stream_postgres), ("cursor", sources.stream_sqlalchemy)):
        engine = sources._engine(src, PG_READER_PASSWORD)
        try:
            got = way(src, engine, since, tmp_path / f"{name}.csv", lambda rows: None)
        finally:
            engine.dispose()
        con = warehouse.connect(tmp_path / f"{name}.duckdb")
        result = import_file(con, tmp_path / f"{name}.csv", kind="dossiers")
        assert result.ok and result.rows_rejected == 0 and result.rows_imported == got.rows > 1000
        stored[name] = (got.rows, got.newest, con.execute("SELECT * EXCLUDE (import_id) FROM dossiers "
                                                          "ORDER BY dossier_code").fetchall())
        con.close()
    assert stored["copy"] == stored["cursor"]
    with pg_server.connect(onestop_db) as con:
        assert stored["copy"][0] == con.execute("SELECT count(*) FROM dossier WHERE modified_date >= %s",
                                                [since.python()]).fetchone()[0]

    with pg_server.connect(onestop_db) as con:
        con.execute("CREATE TABLE audit (at timestamptz); GRANT INSERT ON audit TO reader")
        con.execute("CREATE FUNCTION note_it() RETURNS integer LANGUAGE plpgsql VOLATILE AS "
                    "$$ BEGIN INSERT INTO audit VALUES (now()); RETURN 1; END $$")
    writer = sources.define("ghi", pg_url(pg_server, onestop_db), "units", query="SELECT note_it() AS n")
    engine = sources._engine(writer, PG_READER_PASSWORD)
    try:
        with pytest.raises(Exception, match="read-only transaction"):
            sources.stream_sqlalchemy(writer, engine, None, tmp_path / "ghi.csv", lambda rows: None)
    finally:
        engine.dispose()


# ---- SQLite: the same code through SQLAlchemy's server-side cursor --------------------------------------

def test_a_sqlite_source_through_the_same_code(wh, env, tmp_path):
    path = tmp_path / "motcua.sqlite"
    onestop.create_sqlite(path, 3000)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    cli(wh, "source", "add", "sqlite-motcua", "--url", f"sqlite:///{path}", "--query", onestop.SQLITE_QUERY,
        "--kind", "dossiers", "--changed-column", "cap_nhat_luc", env=env)
    first = pull_json(wh, "sqlite-motcua", env=env)
    assert first["status"] == "ok" and first["import"]["rows_imported"] == 3000 and first["import"]["rows_rejected"] == 0
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest  # opened read-only

    src = sqlite3.connect(path)
    (received,) = src.execute("SELECT count(*) FROM dossier WHERE receive_date >= '2026-10-01' AND receive_date < "
                              "'2026-11-01' AND dossier_status NOT IN ('new')").fetchone()
    kpis = json.loads(cli(wh, "kpis", "--from", OCTOBER[0], "--to", OCTOBER[1], "--json", env=env).stdout)
    assert kpis["received"] == received > 50
    assert rows(wh, "SELECT status, count(*) FROM dossiers GROUP BY 1 ORDER BY 1") == [
        (onestop.STATUS_WORDS[w], n) for w, n in sorted(src.execute(
            "SELECT dossier_status, count(*) FROM dossier GROUP BY 1").fetchall(),
            key=lambda r: onestop.STATUS_WORDS[r[0]])]

    (newest,) = src.execute("SELECT max(modified_date) FROM dossier").fetchone()
    with src:
        src.execute("UPDATE dossier SET dossier_status = 'cancelled', modified_date = '2027-01-02 08:00:00+07:00' "
                    "WHERE dossier_id IN (4, 5, 6)")  # none of them cancelled before
    boundary = src.execute("SELECT count(*) FROM dossier WHERE modified_date = ?", [newest]).fetchone()[0]
    src.close()
    second = pull_json(wh, "sqlite-motcua", env=env)["import"]
    assert (second["rows_read"], second["rows_updated"], second["rows_unchanged"]) == (3 + boundary, 3, boundary)
    assert rows(wh, "SELECT count(*) FROM dossiers WHERE status = 7 AND dossier_code IN "
                    "('HS-000000004', 'HS-000000005', 'HS-000000006')") == [(3,)]
    assert json.loads(cli(wh, "source", "show", "sqlite-motcua", env=env).stdout)["watermark"] == \
        "2027-01-02 08:00:00+07:00"
    assert_no_temp_files(env)


def test_pull_all_exits_non_zero_when_one_source_fails_and_still_pulls_the_others(wh, env, tmp_path):
    path = tmp_path / "donvi.sqlite"
    onestop.create_sqlite(path, 10)
    cli(wh, "source", "add", "a-donvi", "--url", f"sqlite:///{path}", "--table", "agency", "--kind", "units", env=env)
    cli(wh, "source", "add", "b-mat", "--url", f"sqlite:///{tmp_path / 'missing.sqlite'}", "--table", "agency",
        "--kind", "units", env=env)
    cli(wh, "source", "add", "c-tat", "--url", f"sqlite:///{path}", "--table", "agency", "--kind", "units",
        "--disabled", env=env)
    proc = cli(wh, "pull", "--all", env=env, check=False)
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    assert len(lines) == 2 and lines[0].startswith("a-donvi: ok ") and lines[1].startswith("b-mat: failed ")
    assert rows(wh, "SELECT count(*) FROM units") == [(len(onestop.AGENCIES),)]
    # nothing new in a reference table is still a full reload: every row is read again, unchanged
    again = pull_json(wh, "a-donvi", env=env)["import"]
    assert again["rows_unchanged"] == len(onestop.AGENCIES)


def test_cli_loads_sqlalchemy_only_for_the_commands_that_need_it(wh, env):
    """Schedulers start cli.py often: listing sources or printing figures must not load SQLAlchemy."""
    code = ("import sys, cli\n"
            "cli.main(['--db', sys.argv[1], 'source', 'list'])\n"
            "cli.main(['--db', sys.argv[1], 'kpis', '--from', '2026-10-01', '--to', '2026-10-31', '--json'])\n"
            "assert 'sqlalchemy' not in sys.modules and 'psycopg' not in sys.modules, 'loaded'\n"
            "cli.main(['--db', sys.argv[1], 'source', 'add', 'x', '--url', 'sqlite:////srv/x.db', '--table', 't', "
            "'--kind', 'units'])\n"
            "assert 'sqlalchemy' in sys.modules and 'streamlit' not in sys.modules\n")
    proc = subprocess.run([sys.executable, "-c", code, str(wh)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


# ---- definitions, without a server ----------------------------------------------------------------------

@pytest.mark.parametrize("query", [
    "SELECT 1",
    "select * from dossier;  ",
    "WITH x AS (SELECT 1 AS a) SELECT a FROM x -- ; a comment",
    "SELECT ';' AS semi, 'it''s' AS quote, \"a;b\" FROM t /* ; */",
    "SELECT x::date FROM t WHERE y LIKE 'a:%'",
])
def test_single_select_queries_are_accepted(query):
    assert not sources.check_query(query).endswith(";")


@pytest.mark.parametrize("query, reason", [
    ("SELECT 1; DELETE FROM dossier", "several_statements"),
    ("SELECT 1;\nDROP TABLE x;", "several_statements"),
    ("SELECT 'a\\'; DELETE FROM t; --'", "several_statements"),  # MySQL reads the backslash as an escape
    ("SELECT 1 /* /* */ ; DELETE FROM t */", "several_statements"),  # MySQL does not nest comments
    ("SELECT $$;$$ AS x; DELETE FROM t", "several_statements"),
    ("DELETE FROM dossier", "not_select"),
    ("UPDATE dossier SET x = 1 RETURNING *", "not_select"),
    ("SELECT 1) AS s) TO '/tmp/x' --", "unbalanced"),  # closing the SELECT the query is wrapped in
    ("SELECT 'open", "unbalanced"),
])
def test_queries_that_are_not_one_select_are_refused(query, reason):
    with pytest.raises(sources.SourceError) as e:
        sources.check_query(query)
    assert e.value.reason == reason


def test_urls_keep_no_password():
    plain, var, literal = sources.split_url("postgresql+psycopg://reader:${MOTCUA_PW}@db.tinh.local:5432/motcua")
    assert (plain, var, literal) == ("postgresql+psycopg://reader@db.tinh.local:5432/motcua", "MOTCUA_PW", None)
    with pytest.raises(sources.SourceError) as e:
        sources.define("x", "mysql+pymysql://reader:Zq%40mat@db/motcua", "dossiers", table="hoso")
    assert e.value.reason == "password_in_url" and "Zq" not in str(e.value)
    with pytest.raises(sources.SourceError) as e:
        sources.define("x", "mongodb://db/x", "dossiers", table="hoso")
    assert e.value.reason == "bad_backend"
    for bad_table in ("hồ sơ", "a.b.c", 'x"; DROP TABLE y; --'):
        with pytest.raises(sources.SourceError) as e:
            sources.define("x", "sqlite:////tmp/x.db", "units", table=bad_table)
        assert e.value.reason == "bad_identifier"
    assert sources.define("x", "sqlite:////tmp/x.db", "units", table="danh_mục.cơ_quan").table == "danh_mục.cơ_quan"


def test_scrub_removes_passwords_and_credentials():
    text = ('connection to "postgresql://reader:M%E1%BA%ADt@db/x" failed: password=Mật for user reader; '
            'mysql+pymysql://u:other@h/db')
    out = sources.scrub(text, "Mật")
    assert "Mật" not in out and "M%E1%BA%ADt" not in out and "other" not in out and "user reader" in out


def test_watermarks_compare_as_the_source_does():
    a = sources.parse_since("2026-10-01T08:00:00+07:00")
    b = sources.Watermark.of(dt.datetime(2026, 10, 1, 2, 0, tzinfo=dt.timezone.utc))
    assert a.type == b.type == "timestamptz" and a.later(b) == b  # 02:00Z is 09:00 in Vietnam
    assert sources.parse_since("12345") == sources.Watermark("int", "12345")
    assert sources.parse_since("2026-10-01", like=sources.Watermark("text", "x")).type == "text"
    assert sources.Watermark.from_json(a.to_json()) == a
    with pytest.raises(sources.SourceError):
        sources.parse_since("hôm qua")


def test_definitions_from_secrets_and_environment_are_listed_read_only(db, tmp_path, monkeypatch):
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[sources.tinh]\nurl = "postgresql+psycopg://reader@db/motcua"\npassword_env = "PW"\n'
                       'query = "SELECT * FROM dossier"\nkind = "dossiers"\nchanged_column = "modified_date"\n',
                       encoding="utf-8")
    monkeypatch.setenv("CCHC_SECRETS", str(secrets))
    monkeypatch.setenv("CCHC_SOURCE_XA_AN_BINH_URL", "sqlite:////srv/motcua.db")
    monkeypatch.setenv("CCHC_SOURCE_XA_AN_BINH_TABLE", "agency")
    monkeypatch.setenv("CCHC_SOURCE_XA_AN_BINH_KIND", "units")
    sources.add(db, sources.define("kho", "sqlite:////srv/kho.db", "procedures", table="thu_tuc"), "quantri")
    found = {s.name: s for s in sources.list_sources(db)}
    assert {n: s.origin for n, s in found.items()} == {"kho": "warehouse", "tinh": "secrets", "xa_an_binh": "env"}
    assert found["tinh"].password_env == "PW" and found["xa_an_binh"].table == "agency"
    with pytest.raises(sources.SourceError) as e:
        sources.add(db, sources.define("tinh", "sqlite:////srv/x.db", "units", table="t"), "quantri")
    assert e.value.reason == "defined_elsewhere"
    with pytest.raises(sources.SourceError) as e:
        sources.remove(db, "xa_an_binh")
    assert e.value.reason == "defined_elsewhere"
    sources.remove(db, "kho")
    assert [s.name for s in sources.list_sources(db)] == ["tinh", "xa_an_binh"]
