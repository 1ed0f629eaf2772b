"""The unit scorecard (pages/scorecard.py) on the demo province: a deep link (?unit=CODE) opens it, and
its numbers are those of `cli.py kpis --unit CODE --json` and `cli.py scores`."""
from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import formatting as fmt
from tests.conftest import cli

ROOT = Path(__file__).parent.parent
UNIT = "H56.05"


def deep_link(db, monkeypatch, unit: str, page: str = "scorecard"):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CCHC_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["unit"] = unit
    at.query_params["period"] = "month:2026-10"
    at.run()
    at.switch_page(f"pages/{page}.py").run()
    assert not at.exception, at.exception
    return at


def test_a_deep_link_opens_the_units_scorecard_with_the_clis_numbers(demo_db, monkeypatch):
    at = deep_link(demo_db, monkeypatch, UNIT)
    kpis = json.loads(cli("--db", demo_db, "kpis", "--from", "2026-10-01", "--to", "2026-10-31", "--unit", UNIT,
                          "--json").stdout)
    before = json.loads(cli("--db", demo_db, "kpis", "--from", "2026-09-01", "--to", "2026-09-30", "--unit", UNIT,
                            "--json").stdout)
    from queries.metrics import LABELS_VI

    assert kpis["unit"] == UNIT
    import ui

    assert any(UNIT in ui.plain(c.value) for c in at.caption)
    shown = {m.label: (m.value, m.delta) for m in at.metric}
    title = at.title[0].value
    assert "Thẻ điểm" in title
    for metric in ("on_time_rate", "progress_rate", "online_rate", "digitized_rate", "online_payment_rate"):
        value, delta = shown[LABELS_VI[metric]]
        assert value == fmt.percent(kpis[metric]), metric
        change = round(kpis[metric] - before[metric], 2)
        assert delta == fmt.points_delta(change), metric
    value, _ = shown[LABELS_VI["avg_processing_days"]]
    assert value == fmt.number(kpis["avg_processing_days"], 2)

    # QĐ 766 and PAR as `cli.py scores` gives them for the unit's kind
    s766 = json.loads(cli("--db", demo_db, "scores", "--scheme", "portal766", "--period", "2026-10", "--kind",
                          "department", "--json").stdout)
    row = next(u for u in s766["units"] if u["unit_code"] == UNIT)
    assert any(f"**{fmt.number(row['total'], 2)}**" in m.value and f"**{row['rank']}/" in m.value
               for m in at.markdown), [m.value for m in at.markdown]
    groups = next(d.value for d in at.dataframe if "Nhóm" in d.value.columns)
    assert list(groups["Điểm"]) == [f"{fmt.number(row['groups'][g], 2)}/{m}" for g, m in
                                    zip(s766["groups"], (18, 20, 12, 22, 18, 10))]
    par = json.loads(cli("--db", demo_db, "scores", "--scheme", "par", "--period", "2025", "--kind", "department",
                         "--json").stdout)
    prow = next(u for u in par["units"] if u["unit_code"] == UNIT)
    assert shown["Chỉ số 2025"][0] == fmt.number(prow["par_index"], 2)
    assert shown["Xếp loại"][0] == prow["grade"]
    assert shown["Hạng"][0] == f"{prow['rank']}/{sum(1 for u in par['units'] if u['rank'])}"


def test_an_unknown_code_asks_for_a_unit(demo_db, monkeypatch):
    at = deep_link(demo_db, monkeypatch, "KHONG-CO")  # the sidebar drops a code the registry lacks
    assert at.selectbox(key="scorecard_pick") is not None and not at.metric
    at.selectbox(key="scorecard_pick").set_value(UNIT).run()
    assert not at.exception and "Thẻ điểm" in at.title[0].value


def test_the_national_view_marks_our_province(demo_db, monkeypatch):
    import warehouse
    from queries import national

    at = deep_link(demo_db, monkeypatch, UNIT, page="national")
    with warehouse.session(demo_db, read_only=True) as con:
        out = national.national(con, national.national_periods(con)[-1])
    ours = out["ours"]
    shown = {m.label: m.value for m in at.metric}
    assert shown["Xếp hạng toàn quốc"].startswith(f"{ours['rank']}/34")
    table = next(d.value for d in at.dataframe if "Tỉnh, thành phố" in d.value.columns)
    assert len(table) == 34 and table["Tỉnh, thành phố"].str.startswith("★ ").sum() == 1
    assert any("Open Development" in c.value for c in at.caption)  # the outlines' attribution
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert deck.get("mapProvider") in (None, "") and {"sea", "provinces", "ours"} <= {x["id"] for x in deck["layers"]}


def test_a_map_row_click_leads_to_the_scorecard(demo_db, monkeypatch):
    from tests.conftest import click_row

    at = deep_link(demo_db, monkeypatch, UNIT, page="institutional_map")
    click_row(at, "map_table", 0)
    assert at.session_state["unit"] is not None
    chosen = at.session_state["unit"]
    # the map offers a link (no rerun of the map before the card): follow it as the browser would
    link = next(el.proto for el in at.get("page_link"))
    assert link.page == "scorecard" and f"unit={chosen}" in urllib.parse.unquote(link.query_string)
    for key, value in urllib.parse.parse_qsl(link.query_string):
        at.query_params[key] = value
    at.switch_page("pages/scorecard.py").run()
    assert not at.exception, at.exception
    assert "Thẻ điểm:" in at.title[0].value and len(at.metric) >= 7
    assert at.query_params["unit"] in (chosen, [chosen])


def test_the_scorecard_pdf_is_one_a4_page(demo_db):
    import datetime as dt

    from reports import scorecard_pdf
    import warehouse
    from queries.scorecard import scorecard

    with warehouse.session(demo_db, read_only=True) as con:
        card = scorecard(con, UNIT, dt.date(2026, 10, 1), dt.date(2026, 10, 31), dt.date(2026, 9, 1),
                         dt.date(2026, 9, 30))
    data = scorecard_pdf.to_pdf(card, "Tháng 10/2026", "Tháng 09/2026", {"on_time_rate": 95.5})
    assert data.startswith(b"%PDF-") and b"/Count 1" in data and b"/MediaBox [0 0 595.28 841.89]" in data


def test_one_kind_context_serves_every_card_of_the_kind(demo_db):
    """The page ranks a kind once (queries.scorecard.kind_context) and reuses it for each card:
    every department's card built that way equals its card computed alone, ranks included."""
    import datetime as dt

    import queries
    import warehouse
    from queries import metrics, scorecard as sc

    span = (dt.date(2026, 10, 1), dt.date(2026, 10, 31), dt.date(2026, 9, 1), dt.date(2026, 9, 30))
    with warehouse.session(demo_db, read_only=True) as con:
        departments = [code for (code,) in con.execute(
            "SELECT unit_code FROM units WHERE kind = 'department' AND successor_code IS NULL "
            "ORDER BY unit_code LIMIT 4").fetchall()]
        context = sc.kind_context(con, "department", span[0], span[1])
        ranked = queries.ranking(con, "on_time_rate", span[0], span[1], kind="department")
        expected = {c: None if metrics.missing(r) else int(r) for c, r in zip(ranked["unit_code"], ranked["rank"])}
        ranks = set()
        for code in departments:
            shared = sc.card(sc.unit_figures(con, code, *span), context)
            assert shared["now"] == queries.kpis(con, span[0], span[1], unit=code)
            assert shared["standing"]["on_time_rate"]["rank"] == expected[code]
            ranks.add(shared["standing"]["on_time_rate"]["rank"])
    # four different units (not one card four times), some of them ranked
    assert len(departments) == 4 and len(ranks) > 1 and ranks - {None}
