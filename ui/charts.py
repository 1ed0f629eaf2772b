"""Charts every page draws the same way, readable on a projector: text ≥ 14 px in a colour that
passes 4.5:1 on the page's background, bars that start at 0, trends zoomed to the story they tell
with the target drawn and each line's last value written at its end, month labels in numbers
(never English month names), one colour per metric (labels.METRIC_COLOR)."""
from __future__ import annotations

import datetime as dt
from functools import partial

import json

import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st
from pydeck.bindings.json_tools import default_serialize

import formatting as fmt
from labels import METRIC_COLOR, PALETTE, STATUS_COLOR
from queries import periods
from ui.sidebar import choose_unit
from ui.text import label, lang, tr

CHART_FONT = 16  # every chart text (ticks, legend, labels in and beside bars, hover) is at least this
TREND_MONTHS = 13  # one window on every page: the chosen month, back to the same month a year before

# Text and grid on the two backgrounds Streamlit draws (white, #0E1117): #262730 on white is 15:1,
# #FAFAFA on #0E1117 is 18:1; Streamlit's own chart grey (#808495) was 3.8:1 on white.
INK = {"light": "#262730", "dark": "#FAFAFA"}
GRID = {"light": "#D5D8DE", "dark": "#3A3F4B"}


class _CompactDeck(pdk.Deck):
    """pydeck writes its JSON indented, which makes Python's json module fall back from its C
    encoder to the pure-Python one: the map page's outlines (some 47,000 coordinate lists) took
    0.3 s to write on every run, and twice the bytes to send. The same JSON, compact."""

    def to_json(self) -> str:
        return json.dumps(self, sort_keys=True, default=default_serialize, separators=(",", ":"))


def map_deck(layers: list, view: "pdk.ViewState", tooltip: dict) -> pdk.Deck:
    """A map for st.pydeck_chart with no basemap (no tile server: the app works offline)."""
    return _CompactDeck(layers=layers, initial_view_state=view, map_provider=None, tooltip=tooltip)


def ink() -> str:
    """The text colour for the reader's theme (light when the browser has not said)."""
    return INK["dark" if st.context.theme.type == "dark" else "light"]


def chart_layout(fig, height: int = 420, percent_axis: bool = True):
    """Projector-readable: large dark type, light grid, the legend below, Vietnamese separators."""
    theme = "dark" if st.context.theme.type == "dark" else "light"
    text = dict(size=CHART_FONT, color=INK[theme])
    fig.update_layout(
        font=text, height=height, margin=dict(l=10, r=10, t=30, b=10),
        legend=dict(orientation="h", y=-0.2, font=text), separators=",." if lang() == "vi" else ".,",
        colorway=PALETTE, hoverlabel=dict(font_size=CHART_FONT), uniformtext=dict(minsize=CHART_FONT - 2),
    )
    for axes in (fig.update_xaxes, fig.update_yaxes):
        axes(tickfont=text, title_font=text, gridcolor=GRID[theme], automargin=True)
    if percent_axis:
        fig.update_yaxes(ticksuffix="%", rangemode="tozero")
    return fig


def chart_config(name: str) -> dict:
    """Plotly's own toolbar saves a chart as PNG in the browser (no server, no network): every chart
    passes this so the camera button is there, with a readable size and a Vietnamese file name."""
    return {"displaylogo": False,
            "toImageButtonOptions": {"format": "png", "filename": name, "width": 1600, "height": 800, "scale": 1}}


def chart_text(text) -> str:
    """Names from a file, inert in plotly's labels (which read <b>, <a href> … as markup)."""
    return str(text).replace("<", "‹").replace(">", "›")


def trend_start(end: dt.date) -> dt.date:
    """The first month of the trend window (TREND_MONTHS months) that ends with `end`'s month."""
    return dt.date(*periods.add_months(end.year, end.month, 1 - TREND_MONTHS), 1)


def trend_months(end: dt.date) -> list[dt.date]:
    """The first day of every month in the trend window, oldest first (a month without data keeps
    its place on the axis, as a gap)."""
    return periods.months(trend_start(end), end)


def month_labels(months) -> list[str]:
    """'10/2026': numbers read the same in both languages and are never clipped to '10/20'."""
    return [f"{m.month:02d}/{m.year}" for m in months]


def _value(v, days: bool) -> str:
    return fmt.number(v, 2, lang()) if days else fmt.percent(v, lang())


def trend_chart(x: list, series: dict, key: str, file_name: str, targets: dict | None = None,
                names: dict | None = None, dashes: dict | None = None, colours: dict | None = None, days: bool = False,
                height: int = 440, percent_axis: bool = True, zoom: bool = True) -> go.Figure:
    """Lines of metrics over months (`series`: metric → values, aligned with `x`), each in its
    metric's colour, its last value written at its end, its target (if any) a dotted line of the
    same colour labelled 'Chỉ tiêu'; the axis zoomed to the values and targets (a 95–99% story is
    not flattened against 0–100%), a percent axis never past 0–100."""
    names = names or {}
    fig = go.Figure()
    shown, ends = [], []
    for i, (metric, values) in enumerate(series.items()):
        values = [None if fmt.missing(v) else float(v) for v in values]
        colour = (colours or {}).get(metric) or METRIC_COLOR.get(metric, PALETTE[i % len(PALETTE)])
        name = names.get(metric) or label(metric)
        fig.add_trace(go.Scatter(
            x=x, y=values, name=name, mode="lines+markers", connectgaps=False,
            line=dict(width=3, color=colour, dash=(dashes or {}).get(metric, "solid")), marker=dict(size=8),
            hovertemplate="%{x}: %{y:.2f}" + ("" if days else "%") + f"<extra>{chart_text(name)}</extra>"))
        last = next(((xi, v) for xi, v in zip(reversed(x), reversed(values)) if v is not None), None)
        if last:
            ends.append((last[1], last[0], colour))
        shown += [v for v in values if v is not None]
        target = (targets or {}).get(metric)
        if target is not None and not fmt.missing(target):
            fig.add_hline(y=float(target), line=dict(color=colour, width=2, dash="dot"),
                          annotation=dict(text=tr("Chỉ tiêu ", "Target ") + _value(target, days),
                                          font=dict(size=CHART_FONT - 2, color=colour)),
                          annotation_position="top left")
            shown.append(float(target))
    chart_layout(fig, height=height, percent_axis=False)
    fig.update_layout(margin=dict(r=90))  # room for the end-of-line values
    # labels level: on a phone plotly then shows every other month, whole, instead of turning them
    # on end and cutting them ("10/20")
    fig.update_xaxes(tickangle=0)
    if percent_axis and not days:
        fig.update_yaxes(ticksuffix="%")
    low, high = (min(shown), max(shown)) if shown else (0.0, 100.0)
    if shown and zoom:
        pad = max((high - low) * 0.15, 1.0)
        low, high = low - pad, high + pad
        if percent_axis and not days:
            low, high = max(low, 0.0), min(high, 100.0 + pad / 2)
        else:
            low = max(low, 0.0)
        fig.update_yaxes(range=[low, high])
    # each line's last value at its end, nudged apart so that two close lines keep readable labels
    gap = (high - low) * 0.07 or 1.0
    placed = []
    for value, at_x, colour in sorted(ends, key=lambda e: e[0]):
        y = max(value, placed[-1] + gap) if placed else value
        placed.append(y)
        fig.add_annotation(x=at_x, y=y, text=_value(value, days), showarrow=False, xanchor="left", xshift=10,
                           font=dict(size=CHART_FONT, color=colour))
    st.plotly_chart(fig, width="stretch", key=key, config=chart_config(file_name))
    return fig


def _on_bar_selected(chart_key: str, codes: list) -> None:
    points = st.session_state[chart_key].selection.get("points", [])
    if points:
        choose_unit(codes[points[0]["point_index"]])


def unit_bars(frame: pd.DataFrame, metric: str, key: str, statuses: list | None = None,
              targets: list | None = None) -> None:
    """Units as horizontal bars of `metric`, in the frame's order, coloured by target status with
    the target marked; the bars start at 0 and each value is written after its bar at full size; a
    click on a bar narrows the dashboard to that unit (like a table row)."""
    codes = list(frame["unit_code"])
    names = [chart_text(n if isinstance(n, str) and n else c) for n, c in zip(frame["unit_name"], codes)]
    statuses = statuses or [None] * len(codes)
    colours = [STATUS_COLOR.get(s, METRIC_COLOR.get(metric, PALETTE[0])) for s in statuses]
    fig = go.Figure(go.Bar(
        x=frame[metric], y=names, orientation="h", marker_color=colours, name=label(metric),
        text=[fmt.percent(None if fmt.missing(v) else v, lang()) for v in frame[metric]],
        textposition="inside", insidetextanchor="end",
        textfont=dict(color=["#000000" if s == "near" else "#FFFFFF" for s in statuses], size=CHART_FONT),
        hovertemplate="%{y}: %{text}<extra></extra>"))
    if targets is not None:
        fig.add_trace(go.Scatter(
            x=targets, y=names, mode="markers", name=tr("Chỉ tiêu", "Target"),
            marker=dict(symbol="line-ns-open", size=30, color=ink(), line=dict(width=4, color=ink())),
            hovertemplate=tr("Chỉ tiêu", "Target") + ": %{x}%<extra></extra>"))
    fig.update_yaxes(autorange="reversed")
    chart_layout(fig, height=max(220, 36 * len(codes) + 90), percent_axis=False)
    fig.update_layout(showlegend=targets is not None, uniformtext=dict(minsize=CHART_FONT - 2, mode="show"))
    fig.update_xaxes(range=[0, 101.5], tickvals=[0, 20, 40, 60, 80, 100], ticktext=[f"{v}%" for v in range(0, 101, 20)])
    st.plotly_chart(fig, width="stretch", key=key, on_select=partial(_on_bar_selected, key, codes),
                    selection_mode="points", config=chart_config(key))


def gap_bars(frame: pd.DataFrame, gaps: dict, key: str) -> None:
    """Units by how far short of their targets they are, in percentage points: one bar per metric
    (`gaps`: metric → the frame's gap column) in the metric's colour, from 0, in the frame's order
    (the page sorts by the gap it draws); a target met draws nothing. A click narrows to the unit."""
    codes = list(frame["unit_code"])
    names = [chart_text(n if isinstance(n, str) and n else c) for n, c in zip(frame["unit_name"], codes)]
    fig = go.Figure()
    for metric, column in gaps.items():
        short = [None if fmt.missing(v) or v <= 0 else float(v) for v in frame[column]]
        fig.add_trace(go.Bar(
            x=short, y=names, orientation="h", name=label(metric), marker_color=METRIC_COLOR[metric],
            text=[fmt.number(v, 2, lang()) if v is not None else "" for v in short], textposition="outside",
            cliponaxis=False, hovertemplate="%{y}: %{text}<extra>" + chart_text(label(metric)) + "</extra>"))
    fig.update_yaxes(autorange="reversed")
    chart_layout(fig, height=max(260, 30 * len(codes) * max(1, len(gaps)) + 120), percent_axis=False)
    fig.update_layout(barmode="group", margin=dict(r=90),
                      xaxis_title=tr("Còn thiếu so với chỉ tiêu (điểm %)", "Short of the target (points)"))
    fig.update_xaxes(rangemode="tozero")
    st.plotly_chart(fig, width="stretch", key=key, on_select=partial(_on_bar_selected, key, codes),
                    selection_mode="points", config=chart_config(key))
