"""Bản đồ thể chế: communes on a map and agencies as a ranked grid of tiles, coloured by any
dossier metric, the PAR index or a QĐ 766 score, on one diverging colour-blind-safe scale.

No network: pydeck draws with map_provider=None and no map style (no basemap tiles). Without a
boundary file each commune is a point at its centroid, sized by dossier volume; a GeoJSON keyed
by GSO code can be configured (CCHC_BOUNDARIES) and is then drawn underneath.
"""
from __future__ import annotations

import datetime as dt
import json
import os
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

import queries
import ui
from queries import metrics, periods
from queries.metrics import LOWER_IS_BETTER, METRICS, SCOPE_ONLY
from queries.scores import GROUP_LABELS, GROUP_ORDER
from reports import charts

WORST_LABELS = 5  # the worst units get their name written on the map
BOUNDARIES_ENV = "CCHC_BOUNDARIES"  # a GeoJSON of communes keyed by GSO code, supplied by the deployer

f = ui.page_header("Bản đồ thể chế", "Institutional map")
ui.back_to_all_units()

# ---- what to colour by -----------------------------------------------------------------------
DOSSIER_METRICS = [m for m in METRICS if m not in SCOPE_ONLY]
CHOICES = DOSSIER_METRICS + ["par_index", "portal766_total"] + [f"portal766:{g}" for g in GROUP_ORDER]


def choice_label(c: str) -> str:
    if c == "par_index":
        return ui.tr("Chỉ số CCHC (PAR)", "PAR index")
    if c == "portal766_total":
        return ui.tr("Chỉ số 766: tổng điểm", "QĐ 766: total")
    if c.startswith("portal766:"):
        return ui.tr("Chỉ số 766: ", "QĐ 766: ") + ui.tr(*GROUP_LABELS[c.split(":")[1]])
    return ui.label(c)


left, right = st.columns([2, 3])
choice = left.selectbox(ui.tr("Tô màu theo", "Colour by"), CHOICES, format_func=choice_label, key="map_metric")

# ---- the period slider: months for dossier metrics, years for PAR, imported periods for 766 ----
first, last = ui.query(queries.data_bounds)
if choice == "par_index":
    options = sorted(ui.query(queries.par_years))
    fmt_option = ui.md_escape  # a slider's options are Markdown, and these come from files
elif choice.startswith("portal766"):
    options = sorted(p for p, _g in ui.query(queries.portal766_periods))
    fmt_option = ui.md_escape
else:
    options = periods.months(first, last) if first else []
    fmt_option = lambda d: f"{d.month:02d}/{d.year}"  # noqa: E731
if not options:
    ui.empty_state("Chưa có dữ liệu cho lựa chọn này.", "No data for this choice yet.")
    st.stop()
if choice not in ("par_index",) and not choice.startswith("portal766"):
    wanted = dt.date(f.period.end.year, f.period.end.month, 1)
    default = wanted if wanted in options else options[-1]
else:
    default = options[-1]
key = f"map_period_{'par' if choice == 'par_index' else ('766' if choice.startswith('portal766') else 'month')}"
if st.session_state.get(key) not in options:
    st.session_state[key] = default
picked = right.select_slider(ui.tr("Kỳ", "Period"), options, format_func=fmt_option, key=key)


def period_of(value) -> periods.Period:
    if isinstance(value, dt.date):
        return periods.month(value.year, value.month)
    return periods.parse(str(value))


period = period_of(picked).as_of(ui.query(queries.data_end))
before_merger = period.end < dt.date(2025, 7, 1)


# ---- values per unit ---------------------------------------------------------------------------
def counts(kind: str) -> pd.DataFrame:
    """Dossier counts and metrics of the period: old units as they were before the 2025 merger."""
    if before_merger:
        return ui.query(queries.unit_counts_as_recorded, period.start, period.end, kind=kind)
    frame = ui.query(queries.unit_counts, period.start, period.end, kind=kind)
    return frame[frame["registered"]]


def values(kind: str) -> pd.DataFrame:
    """unit_code, unit_name, value, volume (received in the period) for one kind of unit."""
    volume = counts(kind)[["unit_code", "unit_name", "received"] + DOSSIER_METRICS]
    if choice in DOSSIER_METRICS:
        out = volume.rename(columns={choice: "value"})[["unit_code", "unit_name", "value", "received"]]
    elif choice == "par_index":
        scored = ui.query(queries.par_index, int(picked), kind)
        out = scored[["unit_code", "unit_name", "par_index"]].rename(columns={"par_index": "value"})
        out = out.merge(volume[["unit_code", "received"]], on="unit_code", how="left")
    else:
        scored = ui.query(queries.portal766_scores, str(picked), kind)
        col = "total" if choice == "portal766_total" else choice.split(":")[1]
        if scored.empty or col not in scored.columns:
            return pd.DataFrame(columns=["unit_code", "unit_name", "value", "received"])
        out = scored[["unit_code", "unit_name", col]].rename(columns={col: "value"})
        out = out.merge(volume[["unit_code", "received"]], on="unit_code", how="left")
    out["received"] = out["received"].fillna(0).astype("int64")
    return out.reset_index(drop=True)


lower_better = choice in LOWER_IS_BETTER
communes = values("commune")
agencies = values("department")
registry = ui.query(queries.units).set_index("unit_code")
communes = communes.join(registry[["lat", "lon", "admin_code", "successor_code"]], on="unit_code")

allvals = pd.concat([communes["value"], agencies["value"]]).dropna()
if allvals.empty:
    ui.empty_state("Không có giá trị nào cho chỉ số và kỳ đã chọn.", "No values for the chosen measure and period.")
    st.stop()

# The centre of the scale: the target where one is set (dossier metrics), else the median shown.
target = None
if choice in DOSSIER_METRICS:
    target = metrics.target_for(ui.targets(period.end.year), choice, kind="commune")
center = float(target) if target is not None else float(allvals.median())
spread = float(max(abs(allvals.max() - center), abs(allvals.min() - center), 1e-6))


def colour(v) -> list[int]:
    rgb = charts.diverging_rgb(None if pd.isna(v) else v, center, spread, lower_better)
    return [170, 170, 170, 120] if rgb is None else [*rgb, 230]


def rank(frame: pd.DataFrame) -> pd.Series:
    return frame["value"].rank(method="min", ascending=lower_better).astype("Int64")


def shown(v) -> str:
    if v is None or pd.isna(v):
        return "—"
    if choice in DOSSIER_METRICS and choice not in ("avg_processing_days", "progress_points"):
        return ui.pct(v)
    return ui.num(v, 2)


for frame in (communes, agencies):
    frame["rank"] = rank(frame)
    frame["color"] = [colour(v) for v in frame["value"]]
    frame["value_text"] = [shown(v) for v in frame["value"]]
    frame["rank_text"] = [ui.tr(f"Hạng {r}/{len(frame)}", f"Rank {r} of {len(frame)}") if not pd.isna(r) else "—"
                          for r in frame["rank"]]

st.caption(ui.tr(
    f"{choice_label(choice)} · {period.label('vi')} · thang màu phân kỳ quanh "
    f"{'chỉ tiêu' if target is not None else 'trung vị'} {shown(center)}: xanh lam tốt hơn, cam kém hơn.",
    f"{choice_label(choice)} · {period.label('en')} · diverging scale around the "
    f"{'target' if target is not None else 'median'} {shown(center)}: blue is better, orange is worse."))
if before_merger:
    st.info(ui.tr("Kỳ trước ngày 01/07/2025: bản đồ hiển thị các xã, phường khi đó (trước sắp xếp).",
                  "A period before 1 July 2025: the map shows the communes of that time (before the merger)."))


def on_pick(key: str, codes: list) -> None:
    """A click on the map, a tile or a table row narrows the dashboard to that unit."""
    state = st.session_state.get(key)
    code = None
    try:
        sel = state.selection
        if "objects" in sel:  # pydeck
            picked_objects = [o for objs in sel["objects"].values() for o in objs]
            code = picked_objects[0]["unit_code"] if picked_objects else None
        elif "points" in sel:  # plotly tiles
            pts = sel["points"]
            code = codes[pts[0]["point_index"]] if pts else None
    except (AttributeError, KeyError, IndexError, TypeError):
        code = None
    if code:
        ui.choose_unit(current_of(code))


def current_of(code: str) -> str:
    """An old unit (merged in 2025) opens as the unit that carries its dossiers today."""
    successors = ui.query(queries.units).set_index("unit_code")["successor_code"].dropna().to_dict()
    for _ in range(10):
        if code not in successors:
            break
        code = successors[code]
    return code


map_col, tile_col = st.columns([3, 2])

# ---- the map -------------------------------------------------------------------------------------
with map_col:
    st.subheader(ui.tr("Xã, phường, đặc khu", "Communes"))
    located = communes.dropna(subset=["lat", "lon"]).copy()
    if located.empty:
        ui.empty_state("Các xã chưa có tọa độ trong danh mục đơn vị.", "The communes have no coordinates in the registry.")
    else:
        vol = located["received"].astype(float)
        located["radius"] = 700 + 5200 * np.sqrt(vol / vol.max()) if vol.max() > 0 else 1500.0
        located["lat"] = located["lat"].astype(float)
        located["lon"] = located["lon"].astype(float)
        data = located[["unit_code", "unit_name", "lat", "lon", "radius", "color", "value_text", "rank_text",
                        "received"]].to_dict("records")
        layers = []
        boundaries = os.environ.get(BOUNDARIES_ENV)
        if boundaries and Path(boundaries).is_file():
            # Polygons keyed by GSO code, coloured like the points (province outline if the file has it).
            geo = json.loads(Path(boundaries).read_text(encoding="utf-8"))
            by_admin = dict(zip(located["admin_code"].astype(str), located["color"]))
            for feat in geo.get("features", []):
                props = feat.setdefault("properties", {})
                code = str(props.get("admin_code") or props.get("ma_xa") or props.get("code") or "")
                props["fill"] = by_admin.get(code, [0, 0, 0, 0])
            layers.append(pdk.Layer("GeoJsonLayer", geo, id="boundaries", stroked=True, filled=True,
                                    get_fill_color="properties.fill", get_line_color=[90, 90, 90],
                                    line_width_min_pixels=1, pickable=False))
        layers.append(pdk.Layer("ScatterplotLayer", data, id="communes", get_position=["lon", "lat"],
                                get_radius="radius", get_fill_color="color", get_line_color=[60, 60, 60],
                                stroked=True, line_width_min_pixels=1, pickable=True, auto_highlight=True))
        worst = located.dropna(subset=["value"]).sort_values("value", ascending=not lower_better).head(WORST_LABELS)
        labels = [n.replace("UBND ", "") for n in worst["unit_name"]]
        # deck.gl draws ASCII only unless told to collect the labels' characters ("auto"); pydeck
        # passes a quoted string through as a string rather than as code
        layers.append(pdk.Layer("TextLayer", worst[["lon", "lat"]].assign(label=labels).to_dict("records"),
                                id="worst", get_position=["lon", "lat"], get_text="label", get_size=18,
                                get_color=[0, 0, 0], get_pixel_offset=[0, -20], pickable=False,
                                character_set="'auto'", font_weight=700,
                                outline_width=3, outline_color=[255, 255, 255], font_settings={"sdf": True}))
        view = pdk.ViewState(latitude=float(located["lat"].median()), longitude=float(located["lon"].median()),
                             zoom=8, pitch=0)
        deck = pdk.Deck(layers=layers, initial_view_state=view, map_provider=None,
                        tooltip={"text": "{unit_name}\n{value_text}\n{rank_text}"})
        st.pydeck_chart(deck, height=620, key="map_chart", on_select=partial(on_pick, "map_chart", []),
                        selection_mode="single-object")
        st.caption(ui.tr("Kích thước điểm: số hồ sơ tiếp nhận trong kỳ. Nhãn: "
                         f"{WORST_LABELS} đơn vị thấp nhất. Bấm vào một điểm để xem đơn vị đó.",
                         f"Point size: dossiers received in the period. Labels: the {WORST_LABELS} lowest units. "
                         "Click a point to open that unit."))
    # A legend large enough for a projector: the scale's two ends and its centre.
    lo, hi = center - spread, center + spread
    ends = (hi, lo) if not lower_better else (lo, hi)
    legend = go.Figure(go.Heatmap(z=[np.linspace(-1, 1, 41)], colorscale=[[0, "rgb(213,94,0)"],
                                                                           [0.5, "rgb(235,235,235)"],
                                                                           [1, "rgb(0,114,178)"]],
                                  showscale=False, hoverinfo="skip"))
    legend.update_layout(height=90, margin=dict(l=10, r=10, t=10, b=10), font=dict(size=ui.CHART_FONT),
                         xaxis=dict(tickvals=[0, 20, 40], ticktext=[
                             f"{ui.tr('Kém hơn', 'Worse')}: {shown(ends[1])}",
                             f"{'Chỉ tiêu' if target is not None else ui.tr('Trung vị', 'Median')}: {shown(center)}",
                             f"{ui.tr('Tốt hơn', 'Better')}: {shown(ends[0])}"]),
                         yaxis=dict(visible=False))
    st.plotly_chart(legend, width="stretch", config={"displayModeBar": False, "staticPlot": True}, key="legend")

# ---- agencies: a ranked grid of tiles in the same scale ----------------------------------------
with tile_col:
    st.subheader(ui.tr("Sở, ban, ngành", "Departments"))
    ranked = agencies.sort_values(["rank", "unit_name"], na_position="last").reset_index(drop=True)
    if ranked.empty:
        ui.empty_state("Không có sở, ngành nào có giá trị.", "No department has a value.")
    else:
        per_row = 3
        xs = [i % per_row for i in range(len(ranked))]
        ys = [-(i // per_row) for i in range(len(ranked))]
        fill = [f"rgba({c[0]},{c[1]},{c[2]},0.95)" for c in ranked["color"]]
        words = [f"{'' if pd.isna(r) else r}. {ui.chart_text(n.replace('Sở ', '')[:18])}<br><b>{v}</b>"
                 for r, n, v in zip(ranked["rank"], ranked["unit_name"], ranked["value_text"])]
        tiles = go.Figure(go.Scatter(
            x=xs, y=ys, mode="markers+text", text=words, textposition="middle center",
            # white on the dark end of the scale, black elsewhere: readable on a projector
            textfont=dict(size=13, color=["white" if 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2] < 128 else "black"
                                          for c in ranked["color"]]), customdata=ranked["unit_code"],
            marker=dict(symbol="square", size=118, color=fill, line=dict(color="#444", width=1)),
            hovertext=[f"{ui.chart_text(n)}: {v} ({t})" for n, v, t in zip(ranked["unit_name"], ranked["value_text"],
                                                            ranked["rank_text"])],
            hoverinfo="text"))
        rows = (len(ranked) + per_row - 1) // per_row
        tiles.update_layout(height=max(200, 128 * rows), margin=dict(l=5, r=5, t=5, b=5), showlegend=False,
                            xaxis=dict(visible=False, range=[-0.55, per_row - 0.45]),
                            yaxis=dict(visible=False, range=[-rows + 0.45, 0.55]), dragmode=False,
                            plot_bgcolor="white")
        st.plotly_chart(tiles, width="stretch", key="tiles", on_select=partial(on_pick, "tiles",
                                                                                list(ranked["unit_code"])),
                        selection_mode="points", config={"displayModeBar": False})

# ---- the same values as a table (click a row to open the unit) --------------------------------
st.subheader(ui.tr("Bảng xếp hạng", "Ranking table"))
both = pd.concat([communes.assign(kind_label=ui.tr("Xã", "Commune")),
                  agencies.assign(kind_label=ui.tr("Sở, ngành", "Department"))], ignore_index=True)
both = both.sort_values(["kind_label", "rank"], na_position="last").reset_index(drop=True)
table = pd.DataFrame({
    ui.tr("Loại", "Kind"): both["kind_label"],
    ui.tr("Hạng", "Rank"): both["rank"],
    ui.tr("Đơn vị", "Unit"): both["unit_name"],
    choice_label(choice): both["value_text"],
    ui.tr("Hồ sơ tiếp nhận", "Received"): [ui.num(v) for v in both["received"]],
})
ui.selectable_table(table, [current_of(c) for c in both["unit_code"]], key="map_table", height=420)
ui.downloads(pd.DataFrame({"unit_code": both["unit_code"], "unit_name": both["unit_name"],
                           "kind": both["kind_label"], "rank": both["rank"], "value": both["value"],
                           "received": both["received"]}), f"ban_do_{choice.replace(':', '_')}_{picked}",
             key="map_dl")
