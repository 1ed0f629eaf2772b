"""Charts a projector can carry (issue 14, items 4 and 5), checked on every chart of every reading
page over the demo province: text at least 14 px in a colour of at least 4.5:1 on the page's
background, bars that start at 0, and on the trends the target drawn and each line's last value
written at its end."""
from __future__ import annotations

import json

import pytest

import formatting as fmt
from tests.conftest import ROOT, open_page

PAGES = ["overview", "on_time", "online", "digitization", "portal766", "par_index", "national",
         "institutional_map"]
MIN_PX = 14


def luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of '#RRGGBB'."""
    rgb = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture(scope="module")
def demo_app(demo_db):
    """The app on the demo province, October 2026 (every reading page has charts there)."""
    import os

    from streamlit.testing.v1 import AppTest

    old = os.environ.get("CCHC_DB")
    os.environ["CCHC_DB"] = str(demo_db)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["period"] = "month:2026-10"
    at.run()
    assert not at.exception, at.exception
    yield at
    if old is None:
        os.environ.pop("CCHC_DB", None)
    else:
        os.environ["CCHC_DB"] = old


def specs(at) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def drawn_with_text(spec: dict) -> bool:
    """A chart a reader reads (not the map's static colour key, whose text is checked the same way)."""
    return bool(spec.get("data"))


@pytest.mark.parametrize("page", PAGES)
def test_every_chart_text_is_large_and_dark_enough(demo_app, page):
    charts = [s for s in specs(open_page(demo_app, page)) if drawn_with_text(s)]
    assert charts, f"no chart on {page}"
    for spec in charts:
        layout = spec["layout"]
        font = layout.get("font") or {}
        assert font.get("size", 0) >= MIN_PX, (page, font)
        assert contrast(font.get("color", "#808495"), "#FFFFFF") >= 4.5, (page, font)
        for axis in [k for k in layout if k.startswith(("xaxis", "yaxis"))]:
            ax = layout[axis]
            if ax.get("visible") is False or ax.get("showticklabels") is False:
                continue
            tick = ax.get("tickfont") or {}
            assert tick.get("size", font.get("size", 0)) >= MIN_PX, (page, axis, tick)
            assert contrast(tick.get("color", font.get("color", "#808495")), "#FFFFFF") >= 4.5, (page, axis, tick)
        legend = (layout.get("legend") or {}).get("font") or font
        assert legend.get("size", 0) >= MIN_PX, (page, legend)
        for trace in spec["data"]:
            size = (trace.get("textfont") or {}).get("size")
            assert size is None or size >= MIN_PX, (page, trace.get("name"), size)
            # plotly shrinks text that does not fit inside a bar: a floor keeps it legible
            written = trace.get("text") is not None or trace.get("texttemplate") is not None
            if trace.get("type") == "bar" and written and trace.get("textposition") in (None, "inside", "auto"):
                assert (layout.get("uniformtext") or {}).get("minsize", 0) >= MIN_PX - 2, (page, trace.get("name"))


@pytest.mark.parametrize("page", ["overview", "digitization", "on_time"])
def test_bars_start_at_zero(demo_app, page):
    bars = 0
    for spec in specs(open_page(demo_app, page)):
        for trace in spec["data"]:
            if trace.get("type") != "bar":
                continue
            bars += 1
            axis = "xaxis" if trace.get("orientation") == "h" else "yaxis"
            rng = (spec["layout"].get(axis) or {}).get("range")
            assert rng is None or rng[0] == 0, (page, trace.get("name"), rng)
    assert bars, f"no bar chart on {page}"


def keyed(at, key: str) -> dict:
    """The spec of the plotly chart drawn with `key` (its element id ends with the key)."""
    found = [json.loads(c.proto.spec) for c in at.get("plotly_chart") if c.proto.id.endswith(f"-{key}")]
    assert len(found) == 1, (key, [c.proto.id for c in at.get("plotly_chart")])
    return found[0]


def test_trends_show_their_targets_and_end_values(demo_app):
    trend = keyed(open_page(demo_app, "overview"), "trend")
    lines = [s for s in trend["layout"].get("shapes", []) if (s.get("line") or {}).get("dash") == "dot"]
    assert lines, "no target line on the overview's trend"
    labels_ = [a["text"] for a in trend["layout"].get("annotations", [])]
    assert any(t.startswith("Chỉ tiêu ") for t in labels_)
    assert trend["data"], "no line on the overview's trend"
    for trace in trend["data"]:
        ys = trace["y"]
        if isinstance(ys, dict):  # plotly's binary arrays
            import base64

            import numpy as np
            ys = np.frombuffer(base64.b64decode(ys["bdata"]), dtype=ys["dtype"]).tolist()
        last = [v for v in ys if v is not None and v == v][-1]
        assert fmt.percent(last) in labels_, (trace["name"], last, labels_)
    # the axis is zoomed to the story, not 0-100, and never past 0-100 by more than the padding
    rng = trend["layout"]["yaxis"]["range"]
    assert rng[0] > 0 and rng[1] <= 110, rng


def test_one_trend_window_on_every_page(demo_app):
    """13 months (the chosen month back to the same month a year before) wherever months are drawn."""
    for page, key in (("overview", "trend"), ("on_time", "ot_trend"), ("online", "online_trend"),
                      ("digitization", "digitization_trend")):
        spec = keyed(open_page(demo_app, page), key)
        x = spec["data"][0]["x"]
        assert x[0] == "10/2025" and x[-1] == "10/2026" and len(x) == 13, (page, x)
