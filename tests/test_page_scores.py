"""AppTest of the score pages and the institutional map on a (smaller) demo province, against
what `cli.py scores` / `kpis` say for the same data."""
from __future__ import annotations

import datetime as dt
import json

import pytest

import formatting as fmt
from tests.conftest import ROOT, cli, click_row, open_page, shown_metrics


@pytest.fixture
def demo_app(demo_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CCHC_DB", str(demo_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    assert not at.exception, at.exception
    return at


def scores_cli(db, *args) -> dict:
    return json.loads(cli("--db", db, "scores", *args, "--json").stdout)


def one_table(at, column):
    found = [d.value for d in at.dataframe if column in d.value.columns]
    assert found, [list(d.value.columns) for d in at.dataframe]
    return found[0]


def test_par_page_ranks_and_grades_as_the_cli(demo_app, demo_db):
    at = open_page(demo_app, "par_index")
    out = scores_cli(demo_db, "--scheme", "par", "--period", "2025", "--kind", "department")
    table = one_table(at, "Xếp loại")
    assert len(table) == len(out["units"]) > 10
    assert list(table["Chỉ số"]) == [fmt.number(u["total"], 2) for u in out["units"]]
    assert list(table["Xếp loại"]) == [u["grade"] for u in out["units"]]
    assert list(table["Hạng"]) == [u["rank"] for u in out["units"]]
    # the criterion tree of the chosen unit: the leaves' appraised points add up to its index
    last = out["units"][-1]
    tree = one_table(at, "Thẩm định")
    assert list(tree["Mã"]) == [c["code"] for c in last["criteria"]]
    assert shown_metrics(at)["Thấp nhất"] == fmt.number(last["total"], 2)
    assert len(at.get("plotly_chart")) >= 2  # heatmap, gap (and change)

    at.radio(key="par_kind").set_value("commune").run()
    assert not at.exception
    communes = scores_cli(demo_db, "--scheme", "par", "--period", "2025", "--kind", "commune")
    assert len(one_table(at, "Xếp loại")) == len(communes["units"]) == 65

    # 2024 was scored on the communes of the time: old ones, linked to their successors. The
    # sidebar's period governs: a month of 2024 shows the 2024 index.
    at.sidebar.selectbox(key="month").set_value(dt.date(2024, 12, 1)).run()
    assert not at.exception
    assert len(one_table(at, "Xếp loại")) > 150
    assert any("sáp nhập" in i.value for i in at.info)


def test_par_row_click_opens_the_unit(demo_app, demo_db):
    at = open_page(demo_app, "par_index")
    out = scores_cli(demo_db, "--scheme", "par", "--period", "2025", "--kind", "department")
    click_row(at, "par_ranking", 2)
    assert at.session_state["unit"] == out["units"][2]["unit_code"]
    assert at.selectbox(key="par_tree_unit").value == out["units"][2]["unit_code"]


def test_portal766_page_matches_cli_and_shows_the_dashboard_estimate(demo_app, demo_db):
    at = open_page(demo_app, "portal766")
    out = scores_cli(demo_db, "--scheme", "portal766", "--period", "2026-10", "--kind", "department")
    assert len(out["groups"]) == 6
    shown = shown_metrics(at)
    assert shown["Tiến độ giải quyết"] == f"{fmt.number(out['province']['groups']['progress'], 2)} / 20"
    k = json.loads(cli("--db", demo_db, "kpis", "--from", "2026-10-01", "--to", "2026-10-31", "--json").stdout)
    assert shown["Tiến độ: ước tính của hệ thống"] == f"{fmt.number(k['progress_points'], 2)} / 20"
    table = one_table(at, "Tổng điểm")
    assert list(table["Tổng điểm"]) == [fmt.number(u["total"], 2) for u in out["units"]]
    assert list(table["Hạng"]) == [u["rank"] for u in out["units"]]
    # the estimate column is the metric engine's progress points of each unit
    first = out["units"][0]["unit_code"]
    unit_k = json.loads(cli("--db", demo_db, "kpis", "--from", "2026-10-01", "--to", "2026-10-31", "--unit", first,
                            "--json").stdout)
    assert table["Tiến độ (ước tính hệ thống)"].iloc[0] == fmt.number(unit_k["progress_points"], 2)
    # who pulls the payment group down: the lowest payment scores first
    worst = sorted((u for u in out["units"] if u["groups"]["payment"] is not None),
                   key=lambda u: u["groups"]["payment"])[0]
    down = [d.value for d in at.dataframe if list(d.value.columns) == ["Đơn vị", "Điểm", "Điểm bị mất"]][-1]  # payment last
    assert down["Điểm"].iloc[0] == fmt.number(worst["groups"]["payment"], 2)
    assert at.get("plotly_chart"), "trend chart"


def _deck(at) -> dict:
    charts = at.get("deck_gl_json_chart")
    assert len(charts) == 1
    return json.loads(charts[0].proto.json)


def test_map_draws_points_without_a_basemap_and_old_units_before_the_merger(demo_app, demo_db):
    at = open_page(demo_app, "institutional_map")
    deck = _deck(at)
    # no basemap: no provider, and pydeck's placeholder style, which Streamlit treats as none
    assert deck.get("mapProvider") in (None, "") and deck.get("mapStyle") in (None, "", "__MAP_STYLE__")
    layers = {layer["id"]: layer for layer in deck["layers"]}
    points = layers["communes"]["data"]
    assert len(points) == 65
    ranking = json.loads(cli("--db", demo_db, "ranking", "--metric", "on_time_rate", "--from", "2026-10-01", "--to",
                             "2026-10-31", "--kind", "commune", "--json").stdout)
    by_code = {u["unit_code"]: u for u in ranking["units"]}
    sample = points[0]
    assert sample["value_text"] == fmt.percent(by_code[sample["unit_code"]]["value"])
    assert len(layers["worst"]["data"]) == 5
    # the agencies' tiles: one per department
    assert len(json.loads(at.get("plotly_chart")[-1].proto.spec)["data"][0]["x"]) == 19

    import datetime as dt

    at.sidebar.selectbox(key="month").set_value(dt.date(2025, 3, 1)).run()  # the sidebar governs the map
    assert not at.exception
    old = {p["unit_code"] for p in {layer["id"]: layer for layer in _deck(at)["layers"]}["communes"]["data"]}
    assert len(old) > 150
    assert any("01/07/2025" in i.value for i in at.info)

    # PAR under a March 2025 sidebar: the index that applies then is 2024's, on the communes of the time
    at.selectbox(key="map_metric").set_value("par_index").run()
    assert not at.exception and len({layer["id"]: layer for layer in _deck(at)["layers"]}["communes"]["data"]) > 150
    assert any(c.value.startswith("Năm đánh giá 2024") for c in at.caption)
    at.sidebar.selectbox(key="month").set_value(dt.date(2026, 10, 1)).run()
    assert not at.exception and len({layer["id"]: layer for layer in _deck(at)["layers"]}["communes"]["data"]) == 65
    assert any(c.value.startswith("Năm đánh giá 2025") for c in at.caption)


def test_map_table_click_opens_the_current_unit(demo_app):
    at = open_page(demo_app, "institutional_map")
    table = one_table(at, "Hồ sơ tiếp nhận")
    click_row(at, "map_table", 0)
    assert at.session_state["unit"] is not None
    name = table["Đơn vị"].iloc[0]
    assert any(name in b.label for b in at.button)  # the scope chip "Đang xem: … ✕"


def test_map_draws_configured_boundaries_in_the_same_colours(demo_db, tmp_path, monkeypatch):
    """A deployer's GeoJSON keyed by GSO code is drawn under the points, each commune's polygon in
    its point's colour; codes the file has but the data lacks stay transparent."""
    import warehouse
    from streamlit.testing.v1 import AppTest

    with warehouse.session(demo_db, read_only=True) as con:
        rows = con.execute("SELECT admin_code, lat, lon FROM units WHERE kind = 'commune' AND valid_to IS NULL"
                           " LIMIT 3").fetchall()
    features = [{"type": "Feature", "properties": {"ma_xa": code},
                 "geometry": {"type": "Polygon", "coordinates": [[[lon - .02, lat - .02], [lon + .02, lat - .02],
                                                                  [lon + .02, lat + .02], [lon - .02, lat + .02],
                                                                  [lon - .02, lat - .02]]]}}
                for code, lat, lon in rows]
    features.append({"type": "Feature", "properties": {"ma_xa": "99999"},
                     "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [0, 1], [1, 1], [0, 0]]]}})
    path = tmp_path / "xa.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8")
    monkeypatch.setenv("CCHC_DB", str(demo_db))
    monkeypatch.setenv("CCHC_BOUNDARIES", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at = open_page(at, "institutional_map")
    layers = {layer["id"]: layer for layer in _deck(at)["layers"]}
    polygons = layers["boundaries"]["data"]["features"]
    points = {p["unit_code"]: p["color"] for p in layers["communes"]["data"]}
    with warehouse.session(demo_db, read_only=True) as con:
        code_of = dict(con.execute("SELECT admin_code, unit_code FROM units WHERE valid_to IS NULL").fetchall())
    for feat in polygons[:3]:
        assert feat["properties"]["fill"] == points[code_of[feat["properties"]["ma_xa"]]]
    assert polygons[3]["properties"]["fill"] == [0, 0, 0, 0]


def test_portal766_rank_change_is_against_the_previous_period(demo_app, demo_db):
    at = open_page(demo_app, "portal766")
    now = scores_cli(demo_db, "--scheme", "portal766", "--period", "2026-10", "--kind", "department")
    before = {u["unit_code"]: u["rank"]
              for u in scores_cli(demo_db, "--scheme", "portal766", "--period", "2026-09", "--kind",
                                  "department")["units"]}
    table = one_table(at, "Thay đổi hạng")
    expected = []
    for u in now["units"]:
        change = before[u["unit_code"]] - u["rank"]
        expected.append("=" if change == 0 else (f"▲ {change}" if change > 0 else f"▼ {-change}"))
    assert list(table["Thay đổi hạng"]) == expected


def test_data_quality_lists_units_added_by_a_score_import(province_db, tmp_path, monkeypatch):
    import shutil

    from streamlit.testing.v1 import AppTest
    from tests.score_files import TREE, write_json

    db = tmp_path / "copy.duckdb"
    shutil.copy(province_db, db)
    cli("--db", db, "import", write_json(tmp_path / "t.json", TREE), "--period", "2026-10")
    monkeypatch.setenv("CCHC_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.run()
    at = open_page(at, "data_quality")
    review = one_table(at, "Mã đơn vị cấp trên")  # columns and kinds in words (issue 14, item 9)
    assert set(review["Mã đơn vị"]) == {"H12", "H12.05", "H12.101", "H12.150", "H12.60"}
    assert dict(zip(review["Mã đơn vị"], review["Loại"]))["H12.150"] == "Xã, phường, đặc khu"


def test_the_sidebar_period_governs_the_score_pages(demo_app, demo_db):
    """No period picker of their own: the scores that apply to the sidebar's period (the latest
    published up to its end), said under the title; an annual index never shows a month there."""
    at = open_page(demo_app, "par_index")
    assert not at.get("selectbox") or all(b.key != "par_year" for b in at.selectbox)
    said = at.caption[0].value  # under the title, where other pages name their month
    assert said.startswith("Năm đánh giá 2025 — ") and "đến hết tháng 10/2026" in said and "Tháng" not in said

    at = open_page(demo_app, "portal766")
    assert at.caption[0].value.startswith("Kỳ chấm điểm: tháng 10/2026")
    at.sidebar.selectbox(key="month").set_value(dt.date(2026, 9, 1)).run()
    assert not at.exception
    assert at.caption[0].value.startswith("Kỳ chấm điểm: tháng 09/2026")
    september = scores_cli(demo_db, "--scheme", "portal766", "--period", "2026-09", "--kind", "department")
    ranking = at.dataframe(key="p766_ranking").value  # September's ranking
    assert len(ranking) == len(september["units"])
    # before the first published period: said, with where to go
    at.sidebar.selectbox(key="month").set_value(dt.date(2025, 3, 1)).run()
    assert not at.exception
    assert any("kỳ sớm nhất có điểm là tháng 05/2026" in i.value for i in at.info)
