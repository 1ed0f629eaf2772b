"""Tỉnh trong 34 tỉnh, thành phố: the national portal's QĐ 766 for the whole country (definitions
rules 74-76). The 34 provinces coloured by the total or one group, ours marked; its rank among the
34 and the change since the previous imported period; the gap to the province just above in each
group; the trend across imported periods. Outlines from geo/ (CC BY-SA 4.0), drawn offline."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import pydeck as pdk
import streamlit as st

from reports import charts
import geo
import ui
from queries import national, periods
from queries.scores import GROUP_LABELS, GROUP_MAX

def measure_label(m: str) -> str:
    if m == "total":
        return ui.tr("Tổng điểm", "Total")
    return ui.tr(*GROUP_LABELS[m]) + f" ({GROUP_MAX[m]})"




def value_of(p: dict, m: str):
    return p["total"] if m == "total" else p["groups"].get(m)


def rank_of(p: dict, m: str):
    return p["rank"] if m == "total" else p["group_ranks"].get(m)


def tied(rank, m: str) -> int:
    return sum(1 for q in provinces if rank_of(q, m) == rank) if rank else 0


def rank_words(rank, m: str) -> str:
    if not rank:
        return "—"
    k = tied(rank, m)
    return ui.tr(f"Đồng hạng {rank}/{n} (cùng {k} tỉnh)", f"Joint rank {rank} of {n} ({k} provinces)") if k > 1 \
        else ui.tr(f"Hạng {rank}/{n}", f"Rank {rank} of {n}")


def no_scores_yet() -> None:
    """Before the first national scores, or before any period up to the sidebar's end: say where they come from, and stop."""
    if not available:
        ui.empty_state("Chưa có điểm Chỉ số 766 toàn quốc: cần bảng tổng hợp toàn quốc của Cổng DVC (tệp JSON) hoặc "
                       "tệp của từng tỉnh cho cùng một kỳ.",
                       "No national QĐ 766 scores yet: they come from the portal's national summary (a JSON file) or "
                       "several provinces' files for one period.", "python cli.py import FILE.json --period YYYY-MM")
        st.stop()

    if period is None:
        ui.empty_state(f"Chưa có điểm toàn quốc của kỳ nào đến hết {f.period.label('vi').lower()}.",
                       f"No national scores for any period up to the end of {f.period.label('en')}.")
        st.stop()


def our_province() -> None:
    """Our rank among the 34 and its change, our total, the points behind the province just above."""
    if ours is None:
        st.warning(ui.tr("Không xác định được tỉnh ta trong danh sách: danh mục đơn vị cần một đơn vị loại «tỉnh» mang "
                         "tên tỉnh (ví dụ «UBND tỉnh Khánh Hòa»), hoặc kỳ này chưa có điểm của tỉnh ta.",
                         "Our province is not in the list: the registry needs one unit of kind 'province' named after "
                         "the province (e.g. «UBND tỉnh Khánh Hòa»), or this period has no score of ours."))
    else:
        st.subheader(ui.md_escape(ours["full_name"]))
        k1, k2, k3, k4 = st.columns(4)
        k1.metric(ui.tr("Xếp hạng toàn quốc", "National rank"),
                  f"{ours['rank']}/{n}" + ("=" if tied(ours["rank"], "total") > 1 else ""),
                  delta=None if ours["rank_change"] is None else ui.tr(f"{ours['rank_change']:+d} bậc", f"{ours['rank_change']:+d} places"),
                  delta_color="off" if not ours["rank_change"] else "normal",
                  help=ui.tr("So với kỳ trước đã nhập", "Against the previous imported period")
                  + (f": {ui.md_escape(out['previous'])}" if out["previous"] else ""))
        k2.metric(ui.tr("Tổng điểm", "Total"), ui.num(ours["total"], 2),
                  delta=None if ours["total_change"] is None else ui.num(ours["total_change"], 2))
        k3.metric(ui.tr("Cách tỉnh liền trên", "Behind the province above"),
                  "—" if ours["gap_above"]["total"] is None else ui.tr(f"{ui.num(ours['gap_above']['total'], 2)} điểm",
                                                                        f"{ui.num(ours['gap_above']['total'], 2)} points"))
        k4.metric(ui.tr("Kỳ trước", "Previous period"), out["previous"] or "—",
                  help=ui.tr("Kỳ cùng loại (tháng, quý, năm) liền trước đã nhập", "The imported period of the same "
                             "kind (month, quarter, year) just before"))


def map_of_the_34() -> None:
    """The 34 coloured by the chosen measure around their median, our outline in bold."""
    values = [value_of(p, measure) for p in provinces]
    valued = [v for v in values if v is not None]
    center = float(np.median(valued)) if valued else 0.0
    spread = float(max((abs(v - center) for v in valued), default=1.0) or 1.0)
    by_code = {p["code"]: p for p in provinces}
    features = []
    for feat in geo.outlines(out["era"])["features"]:
        p = by_code.get(feat["properties"]["code"])
        v = value_of(p, measure) if p else None
        rgb = charts.diverging_rgb(v, center, spread)
        features.append({"type": "Feature", "geometry": feat["geometry"], "properties": {
            "name": feat["properties"]["full_name"],
            "value_text": "—" if v is None else ui.num(v, 2),
            "rank_text": rank_words(rank_of(p, measure), measure) if p else "—",
            "fill": [200, 200, 200, 160] if rgb is None else [*rgb, 235],
            "ours": bool(p and p["is_ours"]),
        }})
    # our outline: the mainland only (a bold line around each islet of an archipelago is a black blob)
    ours_features = [{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": max(
        x["geometry"]["coordinates"], key=lambda poly: len(poly[0]))}} for x in features if x["properties"]["ours"]]
    layers = [
        pdk.Layer("PolygonLayer", [{"polygon": [[95, -2], [125, -2], [125, 26], [95, 26]]}], id="sea",
                  get_polygon="polygon", get_fill_color=[214, 232, 245], stroked=False, pickable=False),
        pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": features}, id="provinces",
                  stroked=True, filled=True, get_fill_color="properties.fill", get_line_color=[110, 110, 110],
                  line_width_min_pixels=0.6, pickable=True, auto_highlight=True),
    ]
    if ours_features:
        layers.append(pdk.Layer("GeoJsonLayer", {"type": "FeatureCollection", "features": ours_features},
                                id="ours", stroked=True, filled=False, get_line_color=[0, 0, 0],
                                line_width_min_pixels=3, pickable=False))
    deck = ui.map_deck(layers, pdk.ViewState(latitude=15.6, longitude=109.0, zoom=4.7, pitch=0),
                       {"text": "{name}\n{value_text}\n{rank_text}"})
    st.pydeck_chart(deck, height=720, key="national_map")
    st.caption(ui.tr(f"{measure_label(measure)} · kỳ {ui.md_escape(period)} · xanh lam cao hơn, cam thấp hơn trung vị "
                     f"{ui.num(center, 2)} của {n} tỉnh; viền đậm: tỉnh ta. Thu nhỏ/phóng to bằng con lăn chuột.",
                     f"{measure_label(measure)} · period {ui.md_escape(period)} · blue above, orange below the median "
                     f"{ui.num(center, 2)} of the {n} provinces; bold outline: our province. Scroll to zoom."))
    st.caption(ui.md_escape(geo.attribution(ui.lang())))


def our_groups() -> None:
    """Our province group by group (points, rank, change, gap to the one above), and our rank over time."""
    if ours is not None:
        st.markdown(ui.tr("**Từng nhóm chỉ số của tỉnh ta**", "**Our province, group by group**"))
        rows = []
        for g in groups:
            rows.append({
                ui.tr("Nhóm", "Group"): ui.tr(*GROUP_LABELS[g]),
                ui.tr("Điểm", "Points"): f"{ui.num(ours['groups'][g], 2)}/{GROUP_MAX[g]}",
                ui.tr("Hạng", "Rank"): "—" if not ours["group_ranks"][g] else
                f"{ours['group_ranks'][g]}/{n}" + ("=" if tied(ours["group_ranks"][g], g) > 1 else ""),
                ui.tr("Thay đổi", "Change"): "—" if ours["group_changes"][g] is None
                else f"{ours['group_changes'][g]:+.2f}".replace(".", "," if ui.lang() == "vi" else "."),
                ui.tr("Cách tỉnh liền trên", "Behind the one above"): "—" if ours["gap_above"][g] is None
                else ui.num(ours["gap_above"][g], 2),
            })
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="nat_groups")
        st.caption(ui.tr("«Cách tỉnh liền trên»: số điểm cần thêm để bằng tỉnh xếp ngay trên trong nhóm đó "
                         "(— khi đã đứng đầu). «=» là đồng hạng.",
                         "'Behind the one above': the points needed to draw level with the province ranked just "
                         "above in that group (— when first). '=' is a shared rank."))
        trend = ui.query(national.national_trend)
        if len(trend) > 1:
            fig = go.Figure()
            fig.add_trace(go.Scatter(x=[t["period"] for t in trend], y=[t["rank"] for t in trend],
                                     mode="lines+markers+text", text=[f"{t['rank']}/{t['of']}" for t in trend],
                                     textposition="top center", name=ui.tr("Hạng", "Rank")))
            ui.chart_layout(fig, height=300, percent_axis=False)
            ranks = [t["rank"] for t in trend if t["rank"]]
            fig.update_yaxes(range=[max(ranks) + 1, max(min(ranks) - 2, 0.5)],  # reversed, room for the labels
                             title=ui.tr("Hạng (1 = tốt nhất)", "Rank (1 = best)"))
            fig.update_xaxes(type="category")
            fig.update_layout(title=ui.tr("Xếp hạng qua các kỳ đã nhập", "Rank across imported periods"),
                              showlegend=False)
            st.plotly_chart(fig, width="stretch", key="nat_trend", config=ui.chart_config("xep_hang_toan_quoc"))


def the_34_ranked() -> None:
    """The 34 ranked, as a table and a download."""
    st.subheader(ui.tr(f"Bảng xếp hạng {n} tỉnh, thành phố", f"Ranking of the {n} provinces"))
    table = pd.DataFrame({
        ui.tr("Hạng", "Rank"): [("" if p["rank"] is None else f"{p['rank']}" + ("=" if tied(p["rank"], "total") > 1
                                                                                    else "")) for p in provinces],
        ui.tr("Tỉnh, thành phố", "Province"): [("★ " if p["is_ours"] else "") + p["full_name"] for p in provinces],
        ui.tr("Tổng điểm", "Total"): [ui.num(p["total"], 2) for p in provinces],
        **{ui.tr(*GROUP_LABELS[g]): [ui.num(p["groups"][g], 2) for p in provinces] for g in groups},
        ui.tr("Thay đổi hạng", "Rank change"): [ui.rank_change_text(p["rank_change"]) for p in provinces],
    })
    st.dataframe(table, hide_index=True, width="stretch", height=ui.table_height(len(table), 900), key="nat_table")
    ui.downloads(pd.DataFrame([{"rank": p["rank"], "province_code": p["code"], "province": p["full_name"],
                                "total": p["total"], **{g: p["groups"][g] for g in groups},
                                "previous_rank": p["previous_rank"]} for p in provinces]),
                 f"xep_hang_34_tinh_{period}", key="nat_dl")


# ---- the page, in screen order: our province in one line, the map of the 34 beside our groups, the table ----
# The sidebar's period governs: the national scores that apply are the latest published up to its end.
f = ui.filters()  # the reader's access checked and the sidebar's period read, before any query
available = ui.query(national.national_periods)
period = ui.score_period(list(available), f)
scored = periods.parse(period) if period else None
f = ui.page_header("Tỉnh trong 34 tỉnh, thành phố (Chỉ số 766)", "The province among the 34 (QĐ 766)",
                   period=ui.score_period_text(f"Kỳ chấm điểm: {scored.label('vi').lower()}",
                                               f"Scored period: {scored.label('en')}", f) if scored else None,
                   glossary=("DVC", "UBND"))
no_scores_yet()
out = ui.query(national.national, period)
groups, provinces, n, ours = out["groups"], out["provinces"], out["count"], out["ours"]
measure = st.selectbox(ui.tr("Tô màu theo", "Colour by"), ["total", *groups], format_func=measure_label,
                       key=ui.worded("nat_measure"), placeholder=ui.placeholder())
our_province()
map_col, table_col = st.columns([3, 2])
with map_col:
    map_of_the_34()
with table_col:
    our_groups()
the_34_ranked()
