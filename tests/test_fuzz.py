"""The fuzz set: ≥ 500 malformed files through the real import pipeline. Every file gets a
clear message (never an exception, never an internal error), and nothing is half written:
a refused file leaves the database exactly as it was; an imported one changes it by exactly
the rows it reports. Every eighth file also goes through the upload page's dry run first,
which must report the same outcome (all of them would double the test's time). The set is
split in two halves, so that pytest-xdist runs them on both cores."""
from __future__ import annotations

import pytest

import warehouse
from data_loaders import import_file
from tests.conftest import DOSSIER_HEADERS, write_csv
from tests.fuzz_files import generate

TABLES = ("dossiers", "units", "procedures", "targets", "daily_counts", "month_counts", "month_stock", "dossier_history",
          "unit_history")


def fingerprint(con) -> dict:
    """Each table's row count and an order-free hash of its rows: cheap enough for 500 files."""
    out = {}
    for t in TABLES:
        out[t] = con.execute(f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM {t} AS t").fetchall()[0]
    return out


@pytest.fixture(scope="module")
def fuzz_set(tmp_path_factory):
    return generate(tmp_path_factory.mktemp("fuzz"))


def test_the_fuzz_set_is_large_and_varied(fuzz_set):
    assert len(fuzz_set) >= 500
    categories = {c for c, _ in fuzz_set}
    assert {"truncated", "encoding", "binary", "types", "huge_cell", "wide", "nasty_text", "structure", "json",
            "xlsx", "mutation"} <= categories


@pytest.mark.parametrize("half", [0, 1])
def test_every_malformed_file_gets_a_clear_message_and_nothing_half_written(fuzz_set, tmp_path, half):
    con = warehouse.connect(tmp_path / "fuzz.duckdb")
    # a registry and some dossiers already there: refusals must leave them untouched
    import_file(con, write_csv(tmp_path / "units.csv", [["U1", "Sở Tư pháp", "department"]],
                               ["Mã đơn vị", "Tên đơn vị", "Loại đơn vị"]), user="fuzz")
    import_file(con, write_csv(tmp_path / "seed.csv", [["HS-0", "1.001612", "Khai sinh", "Hộ tịch", "U1",
                                                        "Sở Tư pháp", "2", "", "01/10/2026", "05/10/2026",
                                                        "", "", "4", "", "", "", "", "", ""]], DOSSIER_HEADERS),
                user="fuzz")
    problems = []
    outcomes = {}
    before = fingerprint(con)  # then each file's `after` is the next one's `before`
    for n, (category, path) in enumerate(fuzz_set[half::2]):
        dossiers_before = before["dossiers"][0]
        try:
            dry = import_file(con, path, user="fuzz", dry_run=True) if n % 4 == 0 else None
            if dry is not None and fingerprint(con) != before:
                problems.append((path.name, "the dry run changed the database"))
            res = import_file(con, path, user="fuzz")
            dry = dry or res
        except Exception as e:  # noqa: BLE001 - the point of the test
            problems.append((path.name, f"raised {type(e).__name__}: {e}"))
            before = fingerprint(con)
            continue
        outcomes[res.status] = outcomes.get(res.status, 0) + 1
        after = fingerprint(con)
        if "write_failed" in (res.reason, dry.reason):  # an internal error, not a verdict on the file
            problems.append((path.name, f"internal error: {res.message_en or dry.message_en}"))
        elif dry.status != res.status:
            problems.append((path.name, f"dry run said {dry.status}, import {res.status}"))
        elif res.status in ("refused", "failed"):  # failed: read, but not one row could go in
            if not res.message_vi or not res.message_en or "Traceback" in res.message_vi:
                problems.append((path.name, "refused without a message"))
            if after != before:
                problems.append((path.name, "refused but the database changed"))
        else:
            accounted = res.rows_imported + res.rows_updated + res.rows_unchanged + res.rows_skipped + res.rows_rejected
            if accounted != res.rows_read:
                problems.append((path.name, f"{res.rows_read} rows read but {accounted} accounted for"))
            if res.kind == "dossiers" and after["dossiers"][0] != dossiers_before + res.rows_imported:
                problems.append((path.name, "dossier count does not match the rows imported"))
            if (res.rows_imported or res.rows_updated) and after == before:
                problems.append((path.name, "reported writes but nothing changed"))
            if (dry.rows_imported, dry.rows_updated, dry.rows_rejected) != (
                    res.rows_imported, res.rows_updated, res.rows_rejected):
                problems.append((path.name, "the dry run and the import disagree"))
        for r in res.rejected_sample:
            if not r["message_vi"] or "{" in r["message_vi"]:
                problems.append((path.name, f"unclear row message {r}"))
        before = after
    log = con.execute("SELECT count(*), count(*) FILTER (WHERE message IS NULL AND status <> 'ok') "
                      "FROM import_log").fetchall()[0]
    con.close()
    assert not problems, problems[:20]
    assert log[1] == 0  # every refusal is logged with its message
    assert outcomes.get("refused", 0) > 50 and outcomes.get("ok", 0) > 25, outcomes
