"""Odd addresses and dates (issue 11, item 8): a period out of range or reversed, in the URL or on
the command line, falls back to the default view or is refused in one line — never a traceback."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from queries import periods
from tests.conftest import ROOT, cli


@pytest.mark.parametrize("text", ["range:0001-01-01..0001-12-31", "range:1990-01-01..9999-12-31",
                                  "range:2026-10-31..2026-01-01", "year:9999", "year:0", "month:0001-01",
                                  "quarter:9999-Q4"])
def test_a_period_out_of_range_or_reversed_in_the_url_falls_back_to_the_default(province_db, monkeypatch, text):
    monkeypatch.setenv("CCHC_DB", str(province_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["period"] = text
    at.run()
    assert not at.exception, at.exception
    assert at.caption[0].value.startswith("Tháng 10/2026 · Toàn tỉnh")  # definitions: rule 21: the default view
    shown = at.query_params["period"]
    assert (shown[0] if isinstance(shown, list) else shown) == "month:2026-10"


@pytest.mark.parametrize("text", ["0001-01-01..0001-12-31", "1990-01-01..9999-12-31", "2026-10-31..2026-01-01",
                                  "9999", "1989-12"])
def test_an_asked_for_period_outside_1990_2100_or_reversed_is_refused(text):
    with pytest.raises(ValueError):
        periods.check(periods.parse(text))


def test_the_bounds_themselves_are_accepted():
    p = periods.check(periods.parse("1990-01-01..2100-12-31"))
    assert (p.start.year, p.end.year) == (1990, 2100)


@pytest.mark.parametrize("command", ["briefing", "kpis", "ranking"])
def test_cli_refuses_a_date_out_of_range_in_one_line(province_db, tmp_path, command):
    extra = {"briefing": ["--out", str(tmp_path / "b.pptx")], "kpis": [], "ranking": ["--metric", "on_time_rate"]}
    proc = cli("--db", province_db, command, "--from", "2026-01-01", "--to", "9999-12-31", *extra[command],
               check=False)
    assert proc.returncode == 1, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    assert "Traceback" not in proc.stderr
    assert "1990" in proc.stderr and "2100" in proc.stderr
