"""The warehouse file: versioned migrations, the demo province on first start, and its replacement."""
from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import duckdb
import pytest

import queries
import warehouse
from sample_data.load import ensure_demo, load_demo
from tests.conftest import row, table_rows


def test_migrations_are_versioned_and_idempotent(tmp_path):
    path = tmp_path / "w.duckdb"
    with warehouse.session(path) as con:
        version = warehouse.schema_version(con)
        assert version == warehouse._migrations()[-1][0] >= 1  # numbers may have gaps between branches
    with warehouse.session(path) as con:  # reopening applies nothing twice
        assert warehouse.schema_version(con) == version
        assert table_rows(con, "SELECT count(*) FROM schema_migrations") == [(len(warehouse._migrations()),)]


def test_first_start_loads_the_demo_once_and_labels_it(tmp_path):
    with warehouse.session(tmp_path / "demo.duckdb") as con:
        assert ensure_demo(con) is True
        assert warehouse.is_demo(con)
        assert ensure_demo(con) is False  # not twice
        first, last = queries.data_bounds(con)
        assert (last - first).days > 700  # at least 24 months of dossiers
        k = queries.kpis(con, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
        assert k["received"] > 5000 and 90 < k["on_time_rate"] <= 100
        assert table_rows(con, "SELECT kind, file_name FROM import_log") == [("demo", "Dữ liệu mẫu (demo)")]


def test_a_real_import_replaces_the_demo(tmp_path, do_import, db):
    load_demo(db, n_dossiers=2000)
    assert warehouse.is_demo(db)
    targets = table_rows(db, "SELECT count(*) FROM targets")[0][0]
    result = do_import([row(code="REAL-1")])
    assert result.ok
    assert not warehouse.is_demo(db)
    assert table_rows(db, "SELECT dossier_code FROM dossiers") == [("REAL-1",)]
    assert table_rows(db, "SELECT count(*) FROM units") == [(0,)]
    assert table_rows(db, "SELECT count(*) FROM targets") == [(targets,)]  # example targets stay


def test_the_demo_export_imports_to_the_same_figures_as_the_demo(tmp_path, db):
    # The generator's messy CSV export of the same dossiers, through the real pipeline, gives
    # the figures of the demo tables loaded directly: the loader and the importer agree.
    from data_loaders import import_file
    from queries.metrics import METRICS
    from sample_data.export import write_dossier_export

    path = tmp_path / "export.csv"
    write_dossier_export(path, 3000, seed=11)
    result = import_file(db, path)
    assert result.ok and result.rows_imported == 3000 and result.rows_rejected == 0
    with warehouse.session(tmp_path / "direct.duckdb") as direct:
        load_demo(direct, n_dossiers=3000, seed=11)
        for period in ((dt.date(2026, 10, 1), dt.date(2026, 10, 31)), (dt.date(2024, 1, 1), dt.date(2026, 12, 31))):
            imported, loaded = queries.kpis(db, *period), queries.kpis(direct, *period)
            assert set(imported) == set(loaded) and len(imported) > len(METRICS) + 25
            catalogue = {"catalogue_procedures", "catalogue_online", "online_service_share"}  # not in the export
            for name in set(imported) - catalogue:  # every count and every other metric
                assert imported[name] == loaded[name], name


# ---- one transaction helper for every multi-statement write (warehouse.transaction) ----------------

def test_a_transaction_commits_its_block(db):
    with warehouse.transaction(db):
        db.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)")
        db.execute("INSERT INTO t VALUES (1), (2)")
    assert table_rows(db, "SELECT k FROM t ORDER BY k") == [(1,), (2,)]
    db.execute("BEGIN TRANSACTION")  # none left open: a new one begins
    db.execute("ROLLBACK")


def test_an_error_in_the_block_rolls_back_and_is_raised_as_it_was(db):
    db.execute("CREATE TABLE t (k INTEGER)")
    with pytest.raises(ValueError, match="stop") as raised:
        with warehouse.transaction(db):
            db.execute("INSERT INTO t VALUES (1)")
            raise ValueError("stop")
    assert raised.value.__cause__ is None
    assert table_rows(db, "SELECT count(*) FROM t") == [(0,)]
    with warehouse.transaction(db):  # the connection goes on
        db.execute("INSERT INTO t VALUES (2)")
    assert table_rows(db, "SELECT k FROM t") == [(2,)]


def test_a_failing_commit_says_why_it_failed(db):
    """DuckDB ends a transaction whose COMMIT fails: a ROLLBACK after it would fail with "no
    transaction is active" and hide the conflict (what the hand-written blocks did)."""
    import duckdb

    db.execute("CREATE TABLE t (k INTEGER PRIMARY KEY)")
    other = db.cursor()
    other.execute("BEGIN TRANSACTION")
    other.execute("INSERT INTO t VALUES (1)")
    with pytest.raises(duckdb.TransactionException, match="(?i)constraint|conflict|duplicate") as raised:
        with warehouse.transaction(db):
            db.execute("INSERT INTO t VALUES (1)")
            other.execute("COMMIT")  # the other writer commits first
    assert "no transaction is active" not in str(raised.value)
    assert table_rows(db, "SELECT count(*) FROM t") == [(1,)]


def test_a_failing_rollback_is_raised_with_the_blocks_error_as_its_cause(tmp_path, caplog):
    import duckdb

    con = warehouse.connect(tmp_path / "w.duckdb")
    with pytest.raises(duckdb.Error) as raised:
        with warehouse.transaction(con):
            con.close()  # the connection is gone: nothing can roll back
            raise ValueError("the block failed")
    assert isinstance(raised.value.__cause__, ValueError)
    assert any("ROLLBACK failed after ValueError" in r.getMessage() for r in caplog.records)


def test_readers_use_the_macros_a_writer_stored_and_their_own_when_the_code_differs(tmp_path):
    path = tmp_path / "w.duckdb"
    with warehouse.session(path) as con:
        load_demo(con, n_dossiers=2000)
        assert warehouse.get_meta(con, warehouse.MACROS_META) == warehouse._macros_hash()
        expected = queries.kpis(con, dt.date(2026, 10, 1), dt.date(2026, 10, 31))
    temporary = "SELECT count(*) FROM duckdb_functions() WHERE database_name = 'temp' AND function_name = 'unit_scope'"
    with warehouse.session(path, read_only=True) as con:  # the stored macros, none made
        assert table_rows(con, temporary) == [(0,)]
        assert queries.kpis(con, dt.date(2026, 10, 1), dt.date(2026, 10, 31)) == expected
    # a file whose stored macros are another version's (here: a wrong rate) is read with this code's
    with warehouse.session(path) as con:
        con.execute("CREATE OR REPLACE MACRO vn_rate(n, d) AS 0")
        warehouse.set_meta(con, warehouse.MACROS_META, "another version")
    with duckdb_readonly(path) as con:
        assert table_rows(con, "SELECT vn_rate(1, 2)") == [(0,)]
    with warehouse.session(path, read_only=True) as con:
        assert table_rows(con, temporary) == [(1,)]
        assert table_rows(con, "SELECT vn_rate(1, 2)") == [(50,)]
        assert queries.kpis(con, dt.date(2026, 10, 1), dt.date(2026, 10, 31)) == expected
    # the app's first start stores this code's (ui.session._prepare), as the next writer would
    assert warehouse.store_macros(path) is True
    with duckdb_readonly(path) as con:
        assert table_rows(con, "SELECT vn_rate(1, 2)") == [(50,)]
        assert warehouse.macros_stored(con)
    with warehouse.session(path, read_only=True):  # the file held by a reader: not stored now, no error
        assert warehouse.store_macros(path) is False


@contextmanager
def duckdb_readonly(path):
    """The file as DuckDB alone opens it: what is stored in it, no macros of ours made."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        yield con
    finally:
        con.close()
