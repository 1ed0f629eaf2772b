"""The engine (the monthly cube, counts defined once, incremental rollups) against the engine it
replaced: the old SQL is kept in tests/engine_oracle/ and run on a copy of the same dossiers.
Every count and metric, for 12 months × every unit, each quarter and the year, by procedure, by
month and as recorded before the 2025 merger, must be the same; and the rollups an import keeps
by adding its difference must equal a rebuild from all dossiers."""
from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import duckdb
import pytest

import queries
import warehouse
from queries import metrics, periods

ORACLE = Path(__file__).parent / "engine_oracle"
MONTHS = [periods.month(*periods.add_months(2026, 10, -i)) for i in range(12)][::-1]
OLD_COUNTS = ("received", "received_online", "received_postal", "received_full_level", "received_full_online",
              "received_digitized", "received_digitized_known", "received_reused", "received_reused_known",
              "received_fee", "received_fee_paid_online", "received_fee_paid_known", "withdrawn", "resolved",
              "resolved_on_time", "resolved_early", "resolved_late", "resolved_late_apology",
              "resolved_late_apology_known", "resolved_result_digitized", "resolved_result_known",
              "resolved_digitized_full", "resolved_digitized_full_known", "pending_within", "pending_overdue",
              "missing_due_date")
UNIT_METRICS = [m for m in metrics.METRICS if m not in metrics.SCOPE_ONLY]


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    from sample_data.load import load_demo

    path = tmp_path_factory.mktemp("engine") / "demo.duckdb"
    with warehouse.session(path) as con:
        load_demo(con, n_dossiers=40_000)
    return path


@pytest.fixture(scope="module")
def old(demo):
    """The old engine: its rollups and queries, on an in-memory copy of the demo's dossiers."""
    con = duckdb.connect()
    warehouse.install_macros(con)
    con.execute(f"ATTACH '{demo}' AS demo (READ_ONLY)")
    for table in ("units", "procedures", "dossiers"):
        con.execute(f"CREATE TABLE {table} AS SELECT * FROM demo.{table}")
    con.execute("DETACH demo")
    migration = (Path(warehouse.__file__).parent / "migrations" / "002_scores.sql").read_text(encoding="utf-8")
    con.execute(migration[migration.index("CREATE VIEW unit_current"):])
    for table in ("daily_counts", "unit_daily_counts", "procedure_month_pending", "dossier_units",
                  "dossier_procedures"):
        con.execute(f"CREATE TABLE {table} AS {(ORACLE / f'{table}.sql').read_text(encoding='utf-8')}")
    yield con
    con.close()


def run_old(con, name: str, **params) -> list[dict]:
    cur = con.execute((ORACLE / f"{name}.sql").read_text(encoding="utf-8"), params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def old_metrics(row: dict) -> dict:
    """The old engine's rates: metrics.rates on its counts (processing days → seconds)."""
    counts = {**row, "processing_seconds": round(float(row["processing_days_sum"]) * 86400)}
    return metrics.rates({**counts, **{k: 0 for k in ("procedures_received", "procedures_full_online",
                                                       "catalogue_procedures", "catalogue_online") if k not in counts}})


def same(old_row: dict, new_row: dict, names) -> dict:
    """The names whose values differ: {name: (old, new)}."""
    out = {}
    for n in names:
        a, b = old_row.get(n), new_row.get(n)
        a = None if a is not None and a != a else a
        b = None if b is not None and b != b else b
        if n == "avg_processing_days" and a is not None and b is not None and abs(a - b) <= 0.01:
            continue  # seconds summed as integers: a rounding at the third decimal may move
        if (a is None) != (b is None) or (a is not None and float(a) != float(b)):
            out[n] = (a, b)
    return out


@pytest.fixture(scope="module")
def new(demo):
    with warehouse.session(demo, read_only=True) as con:
        yield con


def test_every_unit_every_month_every_count_and_metric(old, new):
    checked = 0
    for p in MONTHS:
        olds = {r["unit_code"]: r for r in run_old(old, "unit_counts", start=p.start, end=p.end, kind=None, unit=None)}
        news = {r["unit_code"]: r for r in queries.unit_counts(new, p.start, p.end).to_dict("records")}
        assert set(olds) == set(news), p
        for code, o in olds.items():
            o = {**o, **old_metrics(o)}
            diff = same(o, news[code], OLD_COUNTS + tuple(UNIT_METRICS))
            assert not diff, (p.label(), code, diff)
            checked += 1
    assert checked >= 12 * 80  # every unit of the province, every month


@pytest.mark.parametrize("p", [*MONTHS[-3:], periods.quarter(2026, 3), periods.year(2025),
                               periods.Period(dt.date(2026, 9, 17), dt.date(2026, 10, 12)),
                               # no whole month inside: every day from the daily tables (engine's partial_days)
                               periods.Period(dt.date(2026, 10, 5), dt.date(2026, 10, 20)),
                               periods.Period(dt.date(2026, 8, 1), dt.date(2026, 8, 1))],
                         ids=lambda p: p.label("en"))
def test_the_province_and_each_kind(old, new, p):
    for kind, unit in ((None, None), ("commune", None), ("department", None)):
        rows = run_old(old, "unit_counts", start=p.start, end=p.end, kind=kind, unit=unit)
        total = {c: sum(r[c] for r in rows) for c in OLD_COUNTS}
        total["processing_days_sum"] = sum(float(r["processing_days_sum"]) for r in rows)
        total.update(run_old(old, "procedure_counts", start=p.start, end=p.end, kind=kind, unit=unit)[0])
        total.update(run_old(old, "catalogue_counts")[0])
        expected = {**total, **old_metrics(total)}
        diff = same(expected, queries.kpis(new, p.start, p.end, kind=kind, unit=unit), OLD_COUNTS + metrics.METRICS)
        assert not diff, (kind, diff)


def test_by_procedure_by_month_and_as_recorded(old, new):
    # a whole month (the cube only), days across two months and days inside one (the daily rollup's
    # two ranges in engine.sql's recorded_counts)
    # the whole province too: it reads recorded_counts without the scope (queries.PROVINCE_COUNTS)
    for p, kind in itertools.product((MONTHS[-1], periods.Period(dt.date(2026, 9, 17), dt.date(2026, 10, 12)),
                                      periods.Period(dt.date(2026, 10, 5), dt.date(2026, 10, 20))), ("commune", None)):
        olds = {r["procedure_code"]: r for r in run_old(old, "procedure_period_counts", start=p.start, end=p.end,
                                                         kind=kind, unit=None)}
        news = {r["procedure_code"]: r for r in queries.procedure_counts(new, p.start, p.end, kind=kind)
                .to_dict("records")}
        active = {c: r for c, r in olds.items() if any(r[k] for k in OLD_COUNTS)}
        assert active and set(active) == set(news), (p, kind)
        for code, o in active.items():
            assert not same({**o, **old_metrics(o)}, news[code], OLD_COUNTS + tuple(UNIT_METRICS)), (p, kind, code)
    start, end = MONTHS[0].start, dt.date(2026, 10, 20)  # the last month partial
    old_months = run_old(old, "monthly_counts", start=start, end=end, kind=None, unit=None)
    new_months = queries.monthly_trend(new, start, end).to_dict("records")
    assert [r["month"] for r in old_months] == [r["month"] for r in new_months] and len(new_months) == 12
    for o, n in zip(old_months, new_months):
        assert not same({**o, **old_metrics(o)}, n, OLD_COUNTS + tuple(UNIT_METRICS)), o["month"]
    before = periods.month(2025, 3)  # old communes, before the merger
    olds = {r["unit_code"]: r for r in run_old(old, "unit_counts_as_recorded", start=before.start, end=before.end,
                                                kind="commune", unit=None)}
    news = {r["unit_code"]: r for r in queries.unit_counts_as_recorded(new, before.start, before.end, kind="commune")
            .to_dict("records")}
    assert len(olds) > 50 and set(olds) == set(news)
    for code, o in olds.items():
        assert not same({**o, **old_metrics(o)}, news[code], OLD_COUNTS), code


def assert_rollups_equal_a_rebuild(con, after: str) -> dict:
    """The derived tables as kept equal those a rebuild from all dossiers gives (rolled back);
    returns them."""
    from warehouse import rollups

    kept = derived_tables(con)
    con.execute("BEGIN TRANSACTION")
    rollups.rebuild(con)
    rebuilt = derived_tables(con)
    con.execute("ROLLBACK")
    assert kept == rebuilt, after
    return kept


def derived_tables(con) -> dict:
    return {t: sorted(map(repr, con.execute(f"SELECT * FROM {t}").fetchall()))
            for t in ("daily_counts", "month_counts", "month_stock", "unit_day_counts", "unit_month_counts",
                      "unit_month_stock", "dossier_unit_names", "dossier_procedure_names")}


def test_imports_keep_the_rollups_equal_to_a_rebuild(tmp_path):
    """Adding each import's difference (new versions minus the ones they replace) gives exactly the
    tables a rebuild from all dossiers gives: after new dossiers, updates, and a units import that
    codes dossiers by name."""
    from data_loaders import import_file
    from tests.conftest import DOSSIER_HEADERS, write_csv
    from tests.conftest import row
    from tests.province import DOSSIERS, PROCEDURES, UNITS

    con = warehouse.connect(tmp_path / "inc.duckdb")
    import_file(con, write_csv(tmp_path / "p.csv", PROCEDURES, ["Mã TTHC", "Tên TTHC", "Lĩnh vực", "Mức độ"]))
    steps = [
        write_csv(tmp_path / "d1.csv", DOSSIERS, DOSSIER_HEADERS),
        # the same dossiers a month later: some resolved now, one moved unit, a new one with only a name
        write_csv(tmp_path / "d2.csv", [
            row("E", received="20/10/2026 08:00", due="05/11/2026", completed="04/11/2026 10:00", status="10",
                unit="U2", proc="1.000001"),
            row("F", received="01/10/2026 08:00", due="15/10/2026", completed="20/11/2026 09:00", status="9",
                unit="U1", proc="1.000001"),
            row("N1", received="02/11/2026 08:00", due="09/11/2026", completed="", status="4", unit="",
                unit_name="UBND xã An Bình", proc="1.000002")], DOSSIER_HEADERS),
        write_csv(tmp_path / "u.csv", UNITS, ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Mã đơn vị cha",
                                               "Mã hành chính"]),
        # within the months already there (the cube's last month stays November): only the
        # combinations these change have their month-end stock recomputed
        write_csv(tmp_path / "d3.csv", [
            row("N1", received="02/11/2026 08:00", due="09/11/2026", completed="12/11/2026 09:00", status="10",
                unit="", unit_name="UBND xã An Bình", proc="1.000002"),
            row("B", received="03/10/2026 08:00", due="06/10/2026 10:00", completed="", status="4", unit="U1",
                proc="1.000001")], DOSSIER_HEADERS),
    ]
    for path in steps:
        assert import_file(con, path).ok
        assert_rollups_equal_a_rebuild(con, after=path.name)
    assert con.execute("SELECT count(*) FROM month_stock").fetchall()[0][0] > 0
    con.close()


def test_undoing_dossier_imports_keeps_the_rollups_equal_to_a_rebuild(tmp_path):
    """An undo of a dossier import takes its difference back out of the rollups (its rows −1, the
    versions it replaced +1) instead of rebuilding them: the tables must be those of a rebuild,
    after undoing an update of earlier dossiers and then their first import."""
    from data_loaders import import_file
    from data_loaders.undo import undo_import
    from tests.conftest import DOSSIER_HEADERS, row, write_csv
    from tests.province import DOSSIERS, PROCEDURES

    con = warehouse.connect(tmp_path / "undo.duckdb")
    import_file(con, write_csv(tmp_path / "p.csv", PROCEDURES, ["Mã TTHC", "Tên TTHC", "Lĩnh vực", "Mức độ"]))
    first = import_file(con, write_csv(tmp_path / "d1.csv", DOSSIERS, DOSSIER_HEADERS), user="t")
    before_update = derived_tables(con)
    update = import_file(con, write_csv(tmp_path / "d2.csv", [
        row("E", received="20/10/2026 08:00", due="05/11/2026", completed="04/11/2026 10:00", status="10",
            unit="U2", proc="1.000001"),
        row("N1", received="02/11/2026 08:00", due="09/11/2026", completed="", status="4", unit="U1",
            proc="1.000002")], DOSSIER_HEADERS), user="t")
    assert update.ok and update.rows_updated == 1 and update.rows_imported == 1
    assert derived_tables(con) != before_update
    for imp in (update, first):
        undo_import(con, imp.import_id, user="t")
        kept = assert_rollups_equal_a_rebuild(con, after=f"undo of {imp.import_id}")
        if imp is update:
            assert kept == before_update
    assert con.execute("SELECT count(*) FROM dossiers").fetchall()[0][0] == 0
    assert con.execute("SELECT count(*) FROM daily_counts").fetchall()[0][0] == 0
    con.close()


def test_a_new_month_carries_on_the_stock_of_what_it_did_not_touch(tmp_path):
    """A dossier pending since August, in a combination no later import touches: when a November
    export moves the cube's end on three months, its month-end stock runs on to each of them (as
    copies, not recomputed), and an undo of that export takes them back to August. Every step
    equals a rebuild."""
    from data_loaders import import_file
    from data_loaders.undo import undo_import
    from tests.conftest import DOSSIER_HEADERS, row, write_csv
    from tests.province import PROCEDURES

    con = warehouse.connect(tmp_path / "stock.duckdb")
    import_file(con, write_csv(tmp_path / "p.csv", PROCEDURES, ["Mã TTHC", "Tên TTHC", "Lĩnh vực", "Mức độ"]))
    august = import_file(con, write_csv(tmp_path / "aug.csv", [
        row("OLD", received="05/08/2026 08:00", due="20/08/2026", completed="", status="4", unit="U1",
            proc="1.000001")], DOSSIER_HEADERS), user="t")
    november = import_file(con, write_csv(tmp_path / "nov.csv", [
        row("NEW", received="10/11/2026 08:00", due="20/11/2026", completed="", status="4", unit="U2",
            proc="1.000002")], DOSSIER_HEADERS), user="t")
    assert august.ok and november.ok
    assert_rollups_equal_a_rebuild(con, after="the November export")

    def old_stock():
        return con.execute("SELECT strftime(month, '%Y-%m'), pending, overdue FROM month_stock "
                           "WHERE unit_code = 'U1' ORDER BY month").fetchall()

    assert old_stock() == [(m, 1, 1) for m in ("2026-08", "2026-09", "2026-10", "2026-11")]
    undo_import(con, november.import_id, user="t")
    assert_rollups_equal_a_rebuild(con, after="the November export undone")
    assert old_stock() == [("2026-08", 1, 1)]
    con.close()


def test_a_source_too_large_for_one_join_is_joined_a_span_of_days_at_a_time(demo, tmp_path, monkeypatch):
    """Under the writer's memory cap DuckDB cannot take daily_counts.sql's join to disk (a 10 M-row
    export failed with "Out of Memory"): a large source has its parts made first and joined a span
    of days at a time. Those spans' rows must be exactly the one join's, whatever the spans."""
    import shutil

    from warehouse import rollups

    class Counting:  # how many spans were joined
        def __init__(self, con):
            self.con, self.spans = con, 0

        def execute(self, sql, *args):
            self.spans += sql.startswith(("CREATE OR REPLACE TEMP TABLE rollup_delta AS WITH received",
                                          "INSERT INTO rollup_delta"))
            return self.con.execute(sql, *args)

    path = tmp_path / "copy.duckdb"
    shutil.copyfile(demo, path)
    with warehouse.session(path) as con:
        con.execute("CREATE TEMP VIEW rollup_source AS SELECT *, 1 AS _sign FROM dossiers")

        def delta(rows_per_mb: int) -> tuple[list, int]:
            monkeypatch.setattr(rollups, "PART_ROWS_PER_MB", rows_per_mb)
            counting = Counting(con)
            rollups._daily_delta(counting)
            return sorted(map(repr, con.execute("SELECT * FROM rollup_delta").fetchall())), counting.spans

        whole, spans = delta(rollups.PART_ROWS_PER_MB)
        assert spans == 0 and len(whole) > 10_000  # one statement: the file's own query
        for rows_per_mb in (10, 30):
            spanned, spans = delta(rows_per_mb)
            assert spans > 3 and spanned == whole, rows_per_mb
        # the parts it made are gone
        assert not con.execute("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'rollup_re%' "
                               "OR table_name = 'rollup_pending'").fetchall()


# Tables and macros that grow with the dossiers: a file that reads them needs DuckDB's optimizer
LARGE = (r"\b(?:FROM|JOIN)\s+(?:dossiers|dossier_history|rejected_rows|daily_counts|month_counts|month_stock)\b"
         r"|\b(?:recorded_counts|period_counts)\s*\(")


def test_files_planned_lightly_read_only_small_tables():
    import re

    assert queries.PLANNED_LIGHTLY
    for name in queries.PLANNED_LIGHTLY:
        text = re.sub(r"--[^\n]*", "", queries.sql(name))  # the comments may name anything
        assert not re.search(LARGE, text, re.IGNORECASE), name
    # (and the guard finds such a file: the dossier list reads the dossiers)
    assert re.search(LARGE, queries.sql("dossier_list"), re.IGNORECASE)


def test_files_planned_lightly_give_the_same_rows_as_with_the_optimizer(demo):
    oct_, q3 = (dt.date(2026, 10, 1), dt.date(2026, 10, 31)), (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    boards = [
        ({"now": oct_, "before": q3, "days": (dt.date(2026, 8, 19), dt.date(2026, 10, 4))}, None, None),
        ({"now": q3}, "commune", None),
        ({"now": oct_, "year": (dt.date(2026, 1, 1), dt.date(2026, 10, 31))}, None, "H56.61"),
        ({"now": oct_, "to_the_15th": (dt.date(2026, 10, 1), dt.date(2026, 10, 15))}, "department", None),
    ]
    # periods of whole months leave the daily table out; a period with partial days reads it
    for periods_, kind, unit in boards:
        text, _ = queries.statement("board", {"periods": queries._periods_param(periods_), "kind": kind, "unit": unit},
                                     "on_time_rate")
        whole = all(s.day == 1 and (e + dt.timedelta(days=1)).day == 1 for s, e in periods_.values())
        assert ("unit_day_counts" in text) is not whole, periods_
        text, _ = queries.statement("procedure_totals",
                                    {"periods": queries._periods_param(periods_), "kind": kind, "unit": unit}, None)
        assert ("daily_counts" in text) is not whole, periods_
    cases = [("board", {"periods": queries._periods_param(p), "kind": k, "unit": u}, "on_time_rate") for p, k, u in boards]
    cases += [("units_registry", {}, None), ("import_history", {"limit": 50}, None),
              ("import_history_with_undo", {"limit": 50}, None)]
    assert {name for name, _, _ in cases} == queries.PLANNED_LIGHTLY
    with warehouse.session(demo, read_only=True) as con:
        counted = 0
        for periods_, kind, unit in boards:  # the distinct procedures: as run, and the whole file
            params = {"periods": queries._periods_param(periods_), "kind": kind, "unit": unit}
            as_run = sorted(tuple(r.values()) for r in queries.records(con, "procedure_totals", params))
            assert as_run == sorted(con.execute(queries.sql("procedure_totals"), params).fetchall()), periods_
            counted += len(as_run)
        assert counted
        for name, params, metric in cases:
            lightly = queries.arrow(con, name, params, metric)
            assert con.execute("SELECT current_setting('enable_optimizer')").fetchall()[0][0] is True  # on again after
            planned = con.execute(queries.sql(name, metric), params).to_arrow_table()  # the whole file, optimized
            assert lightly.equals(planned), name
            if name == "board":
                assert lightly.num_rows > 0 and pc_sum(lightly, "received") > 0


def pc_sum(table, column) -> int:
    import pyarrow.compute as pc

    return pc.sum(table[column]).as_py() or 0


def test_whole_month_counts_leave_the_daily_table_out_and_give_the_same_rows(demo):
    # engine.sql's recorded_counts and period_counts have *_whole_months copies without their
    # partial-day branches (queries.engine_sql); a file asked for whole months runs those
    whole = queries.engine_sql().split("MACRO recorded_whole_months", 1)[1]
    assert "daily_counts" not in whole and "MACRO period_whole_months" in whole
    ranges = [(dt.date(2026, 10, 1), dt.date(2026, 10, 31)), (dt.date(2026, 7, 1), dt.date(2026, 9, 30)),
              (dt.date(2026, 10, 5), dt.date(2026, 10, 20)), (dt.date(2026, 9, 1), dt.date(2026, 10, 15))]
    scopes = [(None, None), ("commune", None), (None, "H56.61")]
    with warehouse.session(demo, read_only=True) as con:
        for (start, end), (kind, unit) in itertools.product(ranges, scopes):
            params = {"start": start, "end": end, "kind": kind, "unit": unit}
            text, bound = queries.statement("procedure_and_field_counts", params, None)
            assert ("_whole_months(" in text) is periods.whole_months(start, end), (start, end)
            as_run = con.execute(text, bound).fetchall()
            assert as_run == con.execute(queries.sql("procedure_and_field_counts"), params).fetchall(), (start, end, kind)
            assert as_run or unit  # (the merged district's scope may be empty)
