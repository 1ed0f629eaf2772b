"""Bản đồ thể chế: communes on a map and agencies as a ranked grid of tiles, coloured by any
dossier metric, the PAR index or a QĐ 766 score, on one diverging colour-blind-safe scale.

No network: pydeck draws with map_provider=None and no map style (no basemap tiles). The sea, the
province's own outline and its neighbours come from geo/ (open data shipped with the product,
CC BY-SA 4.0; the 63 old provinces for a period before 1 July 2025). Each commune is a point at its
registry coordinates, sized by dossier volume; a GeoJSON of commune polygons keyed by GSO code can
be configured (CCHC_BOUNDARIES) and is then drawn as coloured areas under the points.
"""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

import geo
import labels
import queries
import ui
from queries import metrics, national, periods
from queries.map_values import DOSSIER_METRICS, SCORE_MEASURES, map_values
from queries.metrics import LOWER_IS_BETTER
from queries.scores import GROUP_LABELS, GROUP_ORDER
from reports import charts

WORST_LABELS = 5  # the worst units get their name written on the map
BOUNDARIES_ENV = "CCHC_BOUNDARIES"  # a GeoJSON of communes keyed by GSO code, supplied by the deployer

WORST_LABELS = 5  # the worst units get their name written on the map
BOUNDARIES_ENV = "CCHC_BOUNDARIES"  # a GeoJSON of communes keyed by GSO code, supplied by the deployer
CHOICES = DOSSIER_METRICS + SCORE_MEASURES + [f"portal766:{g}" for g in GROUP_ORDER]
TILE_LINE, TILE_LINES = 17, 3  # characters per line, lines of a name on a tile


def choice_label(c: str) -> str:
    if c == "par_index":
        return ui.tr("Chỉ số CCHC (PAR)", "PAR index")
    if c == "portal766_total":
        return ui.tr("Chỉ số 766: tổng điểm", "QĐ 766: total")
    if c.startswith("portal766:"):
        return ui.tr("Chỉ số 766: ", "QĐ 766: ") + ui.tr(*GROUP_LABELS[c.split(":")[1]])
    return ui.label(c)


@dataclass
class Scale:
    """The one colour scale of the page (reports.charts.diverging_rgb): centred on the target where
    one is set (dossier metrics), else on the median shown."""
    choice: str
    center: float
    spread: float
    target: float | None

    @property
    def lower_better(self) -> bool:
        return self.choice in LOWER_IS_BETTER

    @property
    def centre_word(self) -> tuple[str, str]:
        return ("chỉ tiêu", "target") if self.target is not None else ("trung vị", "median")

    def rgb(self, v):
        return charts.diverging_rgb(v, self.center, self.spread, self.lower_better)

    def colour(self, v) -> list[int]:
        rgb = self.rgb(v)
        return [170, 170, 170, 120] if rgb is None else [*rgb, 235]

    def shown(self, v) -> str:
        if v is None or pd.isna(v):
            return "—"
        if self.choice in DOSSIER_METRICS and self.choice not in ("avg_processing_days", "progress_points"):
            return ui.pct(v)
        return ui.num(v, 2)


def rank_words(r, tied: int, n: int) -> str:
    """Rank 3 of 65, or a shared rank: 'Đồng hạng 3/65 (cùng 4 đơn vị)'."""
    if r is None or pd.isna(r):
        return "—"
    if tied > 1:
        return ui.tr(f"Đồng hạng {r}/{n} (cùng {tied} đơn vị)", f"Joint rank {r} of {n} ({tied} units)")
    return ui.tr(f"Hạng {r}/{n}", f"Rank {r} of {n}")


def tile_rank(r, tied: int) -> str:
    """#3, or #3= when several share the rank (ties are shown as ties)."""
    if r is None or pd.isna(r):
        return "—"
    return f"#{r}=" if tied > 1 else f"#{r}"


def wrap(name: str) -> str:
    """A unit's name on a tile: whole words on up to three lines ("Sở " left out: the heading says
    it), an ellipsis only when even that is not enough. Escaped for plotly."""
    words, lines = str(name).removeprefix("Sở ").split(), [""]
    for w in words:
        if lines[-1] and len(lines[-1]) + 1 + len(w) > TILE_LINE:
            lines.append("")
        lines[-1] = (lines[-1] + " " + w).strip()
    if len(lines) > TILE_LINES:
        lines = lines[:TILE_LINES]
        lines[-1] = lines[-1][:TILE_LINE - 1] + "…"
    return "<br>".join(ui.chart_text(line) for line in lines)


def on_pick(key: str, codes: list) -> None:
    """A click on the map, a tile or a table row narrows the dashboard to that unit (`codes`: the
    unit each tile opens; map points carry theirs)."""
    state = st.session_state.get(key)
    code = None
    try:
        sel = state.selection
        if "objects" in sel:  # pydeck
            picked_objects = [o for objs in sel["objects"].values() for o in objs]
            code = picked_objects[0]["current_code"] if picked_objects else None
        elif "points" in sel:  # plotly tiles
            pts = sel["points"]
            code = codes[pts[0]["point_index"]] if pts else None
    except (AttributeError, KeyError, IndexError, TypeError):
        code = None
    if code:
        ui.choose_unit(code)


# ---- the sections, in screen order ---------------------------------------------------------------

def open_scorecard(f) -> None:
    """A point, tile or row was clicked: its scorecard is one click away. A link, not a button: the
    card opens at once, without drawing this map again first."""
    if f.unit:
        with st.container(key="open_scorecard", border=True, width="content"):
            st.page_link("pages/scorecard.py", label=ui.tr(f"Mở thẻ điểm của {ui.md_escape(f.unit_name or f.unit)} →",
                                                           f"Open the scorecard of {ui.md_escape(f.unit_name or f.unit)} →"),
                         query_params=dict(st.query_params))


def measure_and_period(f):
    """What to colour by, and the period it applies to: the sidebar's for dossier metrics; for PAR
    and QĐ 766 the scores that apply to it (named beside the choice). Returns (choice, the score
    period or None, the dossier period)."""
    left, right = st.columns([2, 3])
    choice = left.selectbox(ui.tr("Tô màu theo", "Colour by"), CHOICES, format_func=choice_label,
                            key=ui.worded("map_metric"), placeholder=ui.placeholder())
    if choice in DOSSIER_METRICS:
        return choice, None, f.period
    if choice == "par_index":
        picked = ui.score_period(ui.query(queries.par_years), f)
        shown = (f"Năm đánh giá {picked}", f"Year assessed {picked}")
    else:
        picked = ui.score_period([p for p, _g in ui.query(queries.portal766_periods)], f)
        shown = None if picked is None else (f"Kỳ chấm điểm: {periods.parse(picked).label('vi').lower()}",
                                             f"Scored period: {periods.parse(picked).label('en')}")
    if picked is None:
        ui.empty_state(f"Chưa có điểm cho lựa chọn này đến hết {f.period.label('vi').lower()}.",
                       f"No scores for this choice up to the end of {f.period.label('en')}.")
        st.stop()
    right.caption(ui.tr(*ui.score_period_text(*shown, f)))
    return choice, str(picked), periods.parse(str(picked)).as_of(ui.query(queries.data_end))


def scale_of(choice: str, period, communes: pd.DataFrame, agencies: pd.DataFrame) -> Scale:
    allvals = pd.concat([communes["value"], agencies["value"]]).dropna()
    if allvals.empty:
        ui.empty_state("Không có giá trị nào cho chỉ số và kỳ đã chọn.", "No values for the chosen measure and period.")
        st.stop()
    target = metrics.target_for(ui.targets(period.end.year), choice, kind="commune") \
        if choice in DOSSIER_METRICS else None
    center = float(target) if target is not None else float(allvals.median())
    spread = float(max(abs(allvals.max() - center), abs(allvals.min() - center), 1e-6))
    return Scale(choice, center, spread, target)


def scale_caption(scale: Scale, period, before_merger: bool) -> None:
    vi, en = scale.centre_word
    st.caption(ui.tr(
        f"{choice_label(scale.choice)} · {period.label('vi')} · thang màu quanh {vi} {scale.shown(scale.center)}: "
        f"xanh lam là tốt hơn, cam là kém hơn (mọi đơn vị dưới {vi} đều màu cam), xám là bằng.",
        f"{choice_label(scale.choice)} · {period.label('en')} · colours around the {en} {scale.shown(scale.center)}: "
        f"blue is better, orange is worse (every unit below the {en} is orange), grey is equal."))
    if before_merger:
        st.info(ui.tr("Kỳ trước ngày 01/07/2025: bản đồ hiển thị các xã, phường khi đó (trước sắp xếp).",
                      "A period before 1 July 2025: the map shows the communes of that time (before the merger)."))


def commune_map(communes: pd.DataFrame, scale: Scale, before_merger: bool) -> None:
    """The province's outline on the sea, its neighbours faintly, the communes as points (or the
    deployer's areas) in the scale's colours, the lowest named in a column with leader lines."""
    st.subheader(ui.tr("Xã, phường, đặc khu", "Communes"))
    located = communes.dropna(subset=["lat", "lon"]).copy()
    if located.empty:
        ui.empty_state("Các xã chưa có tọa độ trong danh mục đơn vị.", "The communes have no coordinates in the registry.")
        return
    era = "63" if before_merger else "2025"
    ours = ui.query(national.our_province, "2025-Q4")  # our province by its 2025 code
    vol = located["received"].astype(float)
    located["radius"] = 500 + 3000 * np.sqrt(vol / vol.max()) if vol.max() > 0 else 1500.0
    located["lat"] = located["lat"].astype(float)
    located["lon"] = located["lon"].astype(float)
    located["value_num"] = [None if pd.isna(v) else round(float(v), 2) for v in located["value"]]
    data = located[["unit_code", "current_code", "unit_name", "lat", "lon", "radius", "color", "value_text",
                    "rank_text", "received", "value_num"]].to_dict("records")
    # The frame follows where most communes are: an offshore special zone (Trường Sa, Hoàng Sa)
    # stays drawn but outside the frame, as a person would zoom out to see it.
    west, east = located["lon"].quantile([0.02, 0.98])
    south, north = located["lat"].quantile([0.02, 0.98])
    pad_x, pad_y = max(0.15, 0.08 * (east - west)), max(0.12, 0.08 * (north - south))
    west, south, north = west - pad_x, south - pad_y, north + pad_y
    label_x = east + pad_x  # the labels' column, right of the communes, with leader lines
    east = label_x + max(0.9, 0.45 * (east - west))
    span_x, span_y = east - west, (north - south) * 1.12  # degrees of latitude are longer here
    zoom = float(min(np.log2(820 * 360 / (512 * span_x)), np.log2(600 * 360 / (512 * span_y))))
    layers = [pdk.Layer("PolygonLayer", [{"polygon": [[95, -2], [125, -2], [125, 26], [95, 26]]}], id="sea",
                        get_polygon="polygon", get_fill_color=[214, 232, 245], stroked=False, pickable=False)]
    # only the provinces near the frame: fewer polygons for the browser to lay out
    near = [feat for feat in geo.outlines(era)["features"]
            if geo.touches(feat, (west - 1, south - 1, east + 1, north + 1), era)]
    own = geo.province_features(ours["code"], era) if ours else []
    layers.append(pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": near}, id="neighbours",
                            stroked=True, filled=True, get_fill_color=[244, 242, 236], get_line_color=[160, 160, 160],
                            line_width_min_pixels=1, pickable=False))
    if own:
        layers.append(pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": own}, id="province",
                                stroked=True, filled=True, get_fill_color=[255, 255, 255],
                                get_line_color=[40, 40, 40], line_width_min_pixels=2.5, pickable=False))
    boundaries = os.environ.get(BOUNDARIES_ENV)
    areas = bool(boundaries and Path(boundaries).is_file())
    if areas:
        # Polygons keyed by GSO code, coloured like the points (province outline if the file has it).
        supplied = json.loads(Path(boundaries).read_text(encoding="utf-8"))
        by_admin = dict(zip(located["admin_code"].astype(str), located["color"]))
        for feat in supplied.get("features", []):
            props = feat.setdefault("properties", {})
            code = str(props.get("admin_code") or props.get("ma_xa") or props.get("code") or "")
            props["fill"] = by_admin.get(code, [0, 0, 0, 0])
        layers.append(pdk.Layer("GeoJsonLayer", supplied, id="boundaries", stroked=True, filled=True,
                                get_fill_color="properties.fill", get_line_color=[90, 90, 90],
                                line_width_min_pixels=1, pickable=False))
    layers.append(pdk.Layer("ScatterplotLayer", data, id="communes", get_position=["lon", "lat"],
                            get_radius="radius", get_fill_color="color", get_line_color=[60, 60, 60],
                            stroked=True, line_width_min_pixels=1, pickable=True, auto_highlight=True,
                            radius_min_pixels=3))
    worst = located.dropna(subset=["value"]).sort_values("value", ascending=not scale.lower_better).head(WORST_LABELS)
    worst = worst.sort_values("lat", ascending=False)  # labels top to bottom as the points lie: no crossing
    slots = np.linspace(north - 0.12 * (north - south), south + 0.12 * (north - south), max(len(worst), 1))
    names = [{"lon": label_x, "lat": float(y), "from_lon": float(x0), "from_lat": float(y0),
              "label": f"{n.replace('UBND ', '')}: {v}"}
             for (x0, y0, n, v), y in zip(worst[["lon", "lat", "unit_name", "value_text"]].itertuples(index=False),
                                          slots)]
    layers.append(pdk.Layer("LineLayer", names, id="leaders", get_source_position=["from_lon", "from_lat"],
                            get_target_position=["lon", "lat"], get_color=[40, 40, 40], get_width=1.5,
                            width_min_pixels=1, pickable=False))
    # deck.gl draws ASCII only unless told to collect the labels' characters ("auto"); pydeck
    # passes a quoted string through as a string rather than as code
    layers.append(pdk.Layer("TextLayer", names, id="worst", get_position=["lon", "lat"], get_text="label",
                            get_size=17, get_color=[20, 20, 20], get_text_anchor="'start'",
                            get_alignment_baseline="'center'", get_pixel_offset=[6, 0], pickable=False,
                            character_set="'auto'", font_family=f"'{charts.FONT}'", font_weight=600,
                            outline_width=4, outline_color=[255, 255, 255], font_settings={"sdf": True},
                            background=True, get_background_color=[255, 255, 255, 220],
                            background_padding=[4, 2]))
    view = pdk.ViewState(latitude=float((north + south) / 2), longitude=float((east + west) / 2),
                         zoom=round(zoom, 2), pitch=0)
    deck = ui.map_deck(layers, view, {"text": "{unit_name}\n{value_text}\n{rank_text}"})
    st.pydeck_chart(deck, height=620, key="map_chart", on_select=partial(on_pick, "map_chart", []),
                    selection_mode="single-object")
    drawn = ui.tr("Xã vẽ thành vùng màu theo tệp ranh giới xã do đơn vị triển khai cung cấp (CCHC_BOUNDARIES).",
                  "Communes drawn as coloured areas from the commune boundary file the deployer supplied "
                  "(CCHC_BOUNDARIES).") if areas else ui.tr(
        "Xã vẽ thành điểm tại tọa độ trong danh mục (chưa có tệp ranh giới xã; đơn vị triển khai có thể cung cấp "
        "qua CCHC_BOUNDARIES).",
        "Communes drawn as points at their registry coordinates (no commune boundary file; the deployer can "
        "supply one with CCHC_BOUNDARIES).")
    st.caption(drawn + " " + ui.tr(
        "Kích thước điểm: số hồ sơ tiếp nhận trong kỳ. Nhãn: "
        f"{WORST_LABELS} đơn vị thấp nhất. Bấm vào một điểm để xem đơn vị đó. "
        + ("Ranh giới 63 tỉnh trước 01/07/2025. " if before_merger else "Ranh giới 34 tỉnh, thành phố. ")
        + "Thu nhỏ bản đồ để thấy quần đảo Hoàng Sa, Trường Sa.",
        f"Point size: dossiers received in the period. Labels: the {WORST_LABELS} lowest units. "
        "Click a point to open that unit. "
        + ("Outlines of the 63 provinces before 1 July 2025. " if before_merger else
           "Outlines of the 34 provinces. ")
        + "Zoom out to see the Hoàng Sa and Trường Sa archipelagos."))
    st.caption(ui.md_escape(geo.attribution(ui.lang())))


def legend(scale: Scale) -> None:
    """A legend large enough for a projector: the scale's two ends, its centre and two steps between."""
    lo, hi = scale.center - scale.spread, scale.center + scale.spread
    worse_end, better_end = (lo, hi) if not scale.lower_better else (hi, lo)
    steps = np.linspace(-1, 1, 81)
    strip = [scale.rgb(scale.center + t * scale.spread * (-1 if scale.lower_better else 1)) for t in steps]
    # one heatmap row (one image for the browser to draw), not 81 bars: the bars' SVG took a
    # third of a second of the map page's first drawing on the benchmark machine
    bar = go.Figure(go.Heatmap(z=[list(range(len(steps)))], x=list(range(len(steps))), showscale=False,
                               colorscale=[[i / (len(steps) - 1), f"rgb{tuple(c)}"] for i, c in enumerate(strip)],
                               hoverinfo="skip", xgap=0, ygap=0))
    ticks = [0, 20, 40, 60, 80]
    values_at = [worse_end + (better_end - worse_end) * i / 80 for i in ticks]
    shown = scale.shown
    centre = (f"{shown(scale.center)}<br>{'chỉ tiêu' if scale.target is not None else ui.tr('trung vị', 'median')}"
              if scale.target is None or ui.lang() == 'vi' else f"{shown(scale.center)}<br>target")
    bar.update_layout(height=130, margin=dict(l=40, r=40, t=10, b=55), font=dict(size=ui.CHART_FONT, color=ui.ink()),
                      bargap=0, showlegend=False,
                      xaxis=dict(tickvals=ticks, ticktext=[
                          f"{shown(values_at[0])}<br>{ui.tr('kém hơn', 'worse')}", shown(values_at[1]), centre,
                          shown(values_at[3]), f"{shown(values_at[4])}<br>{ui.tr('tốt hơn', 'better')}"],
                          showgrid=False, zeroline=False, range=[-0.5, 80.5]),
                      yaxis=dict(visible=False), plot_bgcolor="rgba(0,0,0,0)")
    st.plotly_chart(bar, width="stretch", config={"displayModeBar": False, "staticPlot": True}, key="legend")


def agency_tiles(agencies: pd.DataFrame) -> None:
    """Agencies as a ranked grid of tiles in the same scale (a tile opens the unit)."""
    st.subheader(ui.tr("Sở, ban, ngành", "Departments"))
    ranked = agencies.sort_values(["rank", "unit_name"], na_position="last").reset_index(drop=True)
    if ranked.empty:
        ui.empty_state("Không có sở, ngành nào có giá trị.", "No department has a value.")
        return
    per_row = 3
    xs = [i % per_row for i in range(len(ranked))]
    ys = [-(i // per_row) for i in range(len(ranked))]
    fill = [f"rgba({c[0]},{c[1]},{c[2]},0.95)" for c in ranked["color"]]
    words = [f"{tile_rank(r, t)}<br>{wrap(n)}<br><b>{v}</b>"
             for r, t, n, v in zip(ranked["rank"], ranked["tied"], ranked["unit_name"], ranked["value_text"])]
    tiles = go.Figure(go.Scatter(
        x=xs, y=ys, mode="markers+text", text=words, textposition="middle center",
        # white on the dark end of the scale, black elsewhere: readable on a projector
        textfont=dict(size=ui.CHART_FONT - 2, color=["white" if 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2] < 128
                                                     else "black" for c in ranked["color"]]),
        customdata=ranked["unit_code"],
        marker=dict(symbol="square", size=136, color=fill, line=dict(color="#444", width=1)),
        hovertext=[f"{ui.chart_text(n)}: {v} ({t})" for n, v, t in zip(ranked["unit_name"], ranked["value_text"],
                                                                        ranked["rank_text"])],
        hoverinfo="text"))
    rows = (len(ranked) + per_row - 1) // per_row
    tiles.update_layout(height=max(220, 146 * rows), margin=dict(l=5, r=5, t=5, b=5), showlegend=False,
                        font=dict(size=ui.CHART_FONT - 2, color=ui.ink()),
                        xaxis=dict(visible=False, range=[-0.55, per_row - 0.45]),
                        yaxis=dict(visible=False, range=[-rows + 0.45, 0.55]), dragmode=False, plot_bgcolor="white")
    st.plotly_chart(tiles, width="stretch", key="tiles",
                    on_select=partial(on_pick, "tiles", list(ranked["current_code"])),
                    selection_mode="points", config={"displayModeBar": False})


def ranking_table(choice: str, period, communes: pd.DataFrame, agencies: pd.DataFrame) -> None:
    """The same values as a table (a row opens the unit), and as a download."""
    st.subheader(ui.tr("Bảng xếp hạng", "Ranking table"))
    both = pd.concat([communes.assign(kind_label=ui.tr("Xã", "Commune")),
                      agencies.assign(kind_label=ui.tr("Sở, ngành", "Department"))], ignore_index=True)
    both = both.sort_values(["kind_label", "rank"], na_position="last").reset_index(drop=True)
    ui.selectable_table(pd.DataFrame({
        ui.tr("Loại", "Kind"): both["kind_label"],
        ui.tr("Hạng", "Rank"): both["rank"],
        ui.tr("Đơn vị", "Unit"): both["unit_name"],
        choice_label(choice): both["value_text"],
        ui.tr("Hồ sơ tiếp nhận", "Received"): ui.nums(both["received"]),
    }), list(both["current_code"]), key="map_table", height=420)
    ui.downloads(pd.DataFrame({"unit_code": both["unit_code"], "unit_name": both["unit_name"],
                               "kind": both["kind_label"], "rank": both["rank"], "value": both["value"],
                               "received": both["received"]}), f"ban_do_{choice.replace(':', '_')}_{period.start:%Y%m}",
                 key="map_dl")


def drawn(frame: pd.DataFrame, scale: Scale) -> pd.DataFrame:
    """The engine's values with what drawing them needs: colour, value and rank in words."""
    return frame.assign(color=[scale.colour(v) for v in frame["value"]],
                        value_text=[scale.shown(v) for v in frame["value"]],
                        rank_text=[rank_words(r, t, len(frame)) for r, t in zip(frame["rank"], frame["tied"])])


f = ui.page_header("Bản đồ thể chế", "Institutional map", glossary=("CCHC",))
open_scorecard(f)
choice, score_period, period = measure_and_period(f)
before_merger = period.end < labels.MERGER_DAY
communes, agencies = (ui.query(map_values, choice, period.start, period.end, kind, score_period, before_merger)
                      for kind in ("commune", "department"))
scale = scale_of(choice, period, communes, agencies)
communes, agencies = drawn(communes, scale), drawn(agencies, scale)
scale_caption(scale, period, before_merger)
map_col, tile_col = st.columns([3, 2])
with map_col:
    commune_map(communes, scale, before_merger)
    legend(scale)
with tile_col:
    agency_tiles(agencies)
ranking_table(choice, period, communes, agencies)
