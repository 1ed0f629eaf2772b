"""The institutional map's outlines and colours (AppTest on the demo province): the province's own
outline, the old ones before 1 July 2025, neighbours and sea, all from geo/ in the repository;
every unit below target drawn orange as the caption says; labels in a column that never overlap;
ties shown as ties; a colour bar with numbers; which commune drawing is used."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

import geo

ROOT = Path(__file__).parent.parent


def open_map(db, monkeypatch, env: dict | None = None):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CCHC_DB", str(db))
    for k, v in (env or {}).items():
        monkeypatch.setenv(k, v)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["period"] = "month:2026-10"
    at.run()
    at.switch_page("pages/institutional_map.py").run()
    assert not at.exception, at.exception
    return at


def layers(at) -> dict:
    deck = json.loads(at.get("deck_gl_json_chart")[0].proto.json)
    assert deck.get("mapProvider") in (None, "") and deck.get("mapStyle") in (None, "", "__MAP_STYLE__")
    return {x["id"]: x for x in deck["layers"]}


def test_geo_files_are_the_repositorys_own():
    assert len(geo.provinces("2025")) == 34 and len(geo.provinces("63")) == 63
    assert (ROOT / "geo" / "LICENCE.md").read_text(encoding="utf-8").count("CC BY-SA 4.0") >= 1
    assert "Open Development" in (ROOT / "README.md").read_text(encoding="utf-8")
    # both archipelagos stay: Trường Sa (east of 111°E, south of 12°N) with Khánh Hòa, Hoàng Sa with Đà Nẵng
    west, south, east, north = geo.bounds({"features": geo.province_features("56")})
    assert east > 114 and south < 9
    west, south, east, north = geo.bounds({"features": geo.province_features("48")})
    assert east > 111.5 and north > 16.5


def test_map_draws_the_outline_below_target_orange_and_labels_apart(demo_db, monkeypatch):
    at = open_map(demo_db, monkeypatch)
    found = layers(at)
    assert ["sea", "neighbours", "province", "communes", "leaders", "worst"] == list(found)
    assert [f["properties"]["name"] for f in found["province"]["data"]["features"]] == ["Khánh Hòa"]
    near = {f["properties"]["name"] for f in found["neighbours"]["data"]["features"]}
    assert {"Khánh Hòa", "Đắk Lắk", "Lâm Đồng"} <= near and len(near) < 34  # only those near the frame
    caption = next(c.value for c in at.caption if "thang màu" in c.value)
    assert "chỉ tiêu 95,50%" in caption and "cam là kém hơn" in caption
    points = found["communes"]["data"]
    below = [p for p in points if p["value_num"] is not None and p["value_num"] < 95.5]
    above = [p for p in points if p["value_num"] is not None and p["value_num"] > 95.5]
    assert below and above
    for p in below:  # orange: red well above blue, never the pale grey of the centre
        r, g, b = p["color"][:3]
        assert r - b >= 60 and r > g > b, (p["unit_name"], p["value_num"], p["color"])
    for p in above:
        r, g, b = p["color"][:3]
        assert b - r >= 60, (p["unit_name"], p["value_num"], p["color"])
    # the five lowest are labelled in a column, top to bottom in the order of their points
    labels = found["worst"]["data"]
    assert len(labels) == 5 and len({x["lon"] for x in labels}) == 1
    ys = [x["lat"] for x in labels]
    assert ys == sorted(ys, reverse=True) and min(a - b for a, b in zip(ys, ys[1:])) > 0.15
    assert [x["from_lat"] for x in labels] == sorted((x["from_lat"] for x in labels), reverse=True)
    assert "font_family" in json.dumps(found["worst"]) or "fontFamily" in json.dumps(found["worst"])
    # no name is cut in the middle of a word on the tiles; ties say so
    tiles = json.loads(at.get("plotly_chart")[-1].proto.spec)["data"][0]
    for text in tiles["text"]:
        assert "…" not in text or text.count("<br>") == 4
    assert sum(t.startswith("#1=") for t in tiles["text"]) > 1
    # the colour bar carries numbers
    legend = json.loads(at.get("plotly_chart")[0].proto.spec)["layout"]["xaxis"]["ticktext"]
    assert len(legend) == 5 and all(any(ch.isdigit() for ch in t) for t in legend)
    assert any("vẽ thành điểm" in c.value for c in at.caption)
    assert any("Open Development" in c.value for c in at.caption)


def test_before_the_merger_the_old_outlines(demo_db, monkeypatch):
    at = open_map(demo_db, monkeypatch)
    at.sidebar.selectbox(key="month").set_value(dt.date(2025, 3, 1)).run()  # the sidebar governs the map
    assert not at.exception
    found = layers(at)
    assert sorted(f["properties"]["name"] for f in found["province"]["data"]["features"]) == ["Khánh Hòa",
                                                                                              "Ninh Thuận"]
    near = {f["properties"]["name"] for f in found["neighbours"]["data"]["features"]}
    assert {"Phú Yên", "Đắk Lắk", "Lâm Đồng", "Bình Thuận"} <= near  # the 63 of the time


def test_deployer_commune_polygons_are_drawn_as_areas(demo_db, monkeypatch, tmp_path):
    square = [[[109.0, 12.0], [109.1, 12.0], [109.1, 12.1], [109.0, 12.1], [109.0, 12.0]]]
    path = tmp_path / "xa.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"code": "22333"}, "geometry": {"type": "Polygon", "coordinates": square}}]}))
    at = open_map(demo_db, monkeypatch, {"CCHC_BOUNDARIES": str(path)})
    assert "boundaries" in layers(at)
    assert any("vùng màu" in c.value for c in at.caption)
