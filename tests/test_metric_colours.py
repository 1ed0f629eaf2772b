"""One colour per metric, everywhere (issue 14, item 3): every chart line or bar that draws a metric
(or a QĐ 766 group) on the pages and in the briefing's charts has that metric's colour from
labels.METRIC_COLOR, and no metric wears a status colour (green, orange, red mean met, near, below)."""
from __future__ import annotations

import json

import pytest

import labels
from queries.metrics import LABELS_VI
from queries.scores import GROUP_LABELS
from reports import charts
from tests.conftest import ROOT, open_page

# what a trace is called on a page (Vietnamese, the default language) → the metric or group it draws
BY_NAME = {**{v: k for k, v in LABELS_VI.items()}, **{vi: g for g, (vi, _en) in GROUP_LABELS.items()}}


@pytest.fixture
def demo_app(demo_db, monkeypatch):
    """The app on the demo province (every page has charts there: trends, QĐ 766 periods)."""
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("CCHC_DB", str(demo_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["period"] = "month:2026-10"
    at.run()
    assert not at.exception, at.exception
    return at


def drawn_metric_colours(at) -> list[tuple[str, str]]:
    """(metric, colour) for every trace of every plotly chart on the page that draws a metric."""
    out = []
    for chart in at.get("plotly_chart"):
        for trace in json.loads(chart.proto.spec)["data"]:
            metric = BY_NAME.get(trace.get("name"))
            if metric in labels.METRIC_COLOR:
                colour = (trace.get("line") or {}).get("color") or (trace.get("marker") or {}).get("color")
                if isinstance(colour, list):  # bars coloured one by one: by target status, and only by it
                    assert set(colour) <= set(labels.STATUS_COLOR.values()) | {labels.PALETTE[0]}, colour
                    continue
                out.append((metric, colour))
    return out


def test_no_metric_wears_a_status_colour_and_each_has_its_own():
    status = {c.upper() for c in labels.STATUS_COLOR.values()}
    assert not status & {c.upper() for c in labels.METRIC_COLOR.values()}
    headline = ["on_time_rate", "progress_rate", "online_rate", "digitized_rate", "online_payment_rate"]
    assert len({labels.METRIC_COLOR[m] for m in headline}) == len(headline)


@pytest.mark.parametrize("page", ["overview", "online", "digitization", "portal766"])
def test_every_chart_draws_a_metric_in_its_own_colour(demo_app, page):
    drawn = drawn_metric_colours(open_page(demo_app, page))
    assert drawn, f"no chart of a metric on {page}"  # the check below must look at something
    for metric, colour in drawn:
        assert colour == labels.METRIC_COLOR[metric], (page, metric, colour)


def test_the_same_metric_has_the_same_colour_on_two_pages(demo_app):
    payment = {page: dict(drawn_metric_colours(open_page(demo_app, page))).get("online_payment_rate")
               for page in ("overview", "digitization")}
    assert payment["overview"] == payment["digitization"] == labels.METRIC_COLOR["online_payment_rate"]


def test_the_briefings_charts_use_the_metric_colours():
    spec = {"x": ["09/2026", "10/2026"], "series": [("a", [90.0, 91.0]), ("b", [60.0, 61.0])], "percent": True,
            "keys": ["online_payment_rate", "on_time_rate"]}
    fig = charts.line_figure(spec)
    assert [t.line.color for t in fig.data] == [labels.METRIC_COLOR["online_payment_rate"],
                                                labels.METRIC_COLOR["on_time_rate"]]
    # the presentation's SVG: the metric's colour, which its dark theme may brighten
    assert f"var(--m-online_payment_rate, {labels.METRIC_COLOR['online_payment_rate']})" in charts.svg_lines(spec)
