"""Charts as pictures, without Streamlit: plotly figures for the briefing, rendered to PNG by
kaleido on the system's chromium, and small SVG line charts for presentation mode.

No network: kaleido is pointed at /usr/bin/chromium (or $CCHC_CHROMIUM / $BROWSER_PATH), loads
plotly.js from the installed plotly package and has MathJax switched off (it would come from a CDN).
"""
from __future__ import annotations

import asyncio
import html
import os
import shutil
import threading
from pathlib import Path

from labels import METRIC_COLOR
from labels import PALETTE as _ALL

PALETTE = _ALL[:6]  # Okabe–Ito: distinguishable with every common colour-vision deficiency
DASHES = ("solid", "dash", "dot", "dashdot")
MARKERS = ("circle", "square", "diamond", "triangle-up")
FONT = "Noto Sans, Arial, DejaVu Sans, sans-serif"


def chromium_path() -> str | None:
    """The browser kaleido drives: $CCHC_CHROMIUM, $BROWSER_PATH, /usr/bin/chromium, else one on PATH."""
    for candidate in (os.environ.get("CCHC_CHROMIUM"), os.environ.get("BROWSER_PATH"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def series_colour(chart: dict, i: int) -> str:
    """The colour of a chart spec's i-th series: its metric's own (labels.METRIC_COLOR), else the palette's."""
    keys = chart.get("keys") or []
    return METRIC_COLOR.get(keys[i], PALETTE[i % len(PALETTE)]) if i < len(keys) else PALETTE[i % len(PALETTE)]


def line_figure(chart: dict, lang: str = "vi", width: int = 1600, height: int = 700):
    """A plotly line chart from a chart spec {x: [...], series: [(name, [values])], percent: bool}."""
    import plotly.graph_objects as go

    fig = go.Figure()
    for i, (name, values) in enumerate(chart["series"]):
        fig.add_trace(go.Scatter(
            x=chart["x"], y=values, name=name, mode="lines+markers", connectgaps=False,
            line=dict(width=4, color=series_colour(chart, i), dash=DASHES[i % len(DASHES)]),
            marker=dict(size=10, symbol=MARKERS[i % len(MARKERS)]),
        ))
    fig.update_layout(
        width=width, height=height, font=dict(family=FONT, size=22, color="#111111"),
        margin=dict(l=20, r=20, t=20, b=20), legend=dict(orientation="h", y=-0.15, font_size=22),
        separators=",." if lang == "vi" else ".,", plot_bgcolor="white", paper_bgcolor="white",
    )
    fig.update_xaxes(showgrid=False, linecolor="#444444", tickfont_size=20)
    fig.update_yaxes(gridcolor="#DDDDDD", tickfont_size=20, zeroline=False)
    if chart.get("percent", True):
        fig.update_yaxes(ticksuffix="%", range=[0, 105])
    return fig


def render_png(figures: list, width: int = 1600, height: int = 700, scale: float = 1.0) -> list[bytes]:
    """Every figure as PNG bytes, in one browser session (starting chromium is the slow part)."""
    if not figures:
        return []
    import kaleido

    path = chromium_path()
    if path is None:
        raise RuntimeError("Không tìm thấy chromium để vẽ biểu đồ / chromium not found to render charts")

    async def run():
        async with kaleido.Kaleido(n=1, mathjax=False, path=path, timeout=120) as k:
            return [await k.calc_fig(f, opts=dict(format="png", width=width, height=height, scale=scale))
                    for f in figures]

    # Streamlit (and some test runners) may already run an event loop in this thread.
    result: dict = {}

    def target():
        try:
            result["png"] = asyncio.run(run())
        except BaseException as e:  # handed to the caller's thread
            result["error"] = e

    t = threading.Thread(target=target, name="kaleido-render")
    t.start()
    t.join()
    if "error" in result:
        raise result["error"]
    return result["png"]


def svg_lines(chart: dict, lang: str = "vi", width: int = 1600, height: int = 460) -> str:
    """A line chart as inline SVG for presentation mode: large type, colours from CSS variables
    (--fg, --grid) so the light and dark themes both read, gaps where a month has no value.
    Sized for a 1920-pixel-wide screen, where the view box is drawn about 1.1× larger: figures at
    42–46 units come out at 48 px or more.
    All text is escaped; the SVG is generated here, never taken from data as markup."""
    left, right, top, bottom = 150, 30, 64, 120
    pw, ph = width - left - right, height - top - bottom
    xs = chart["x"]
    n = max(len(xs), 1)
    percent = chart.get("percent", True)
    values = [v for _, vals in chart["series"] for v in vals if v is not None and v == v]
    ymax = 100.0 if percent else (max(values) * 1.1 if values else 1.0) or 1.0

    def px(i):
        return left + (pw * (i + 0.5) / n)

    def py(v):
        return top + ph - ph * (v / ymax)

    sep = "," if lang == "vi" else "."
    out = [f'<svg viewBox="0 0 {width} {height}" width="100%" xmlns="http://www.w3.org/2000/svg" '
           f'font-family="{FONT}" role="img">']
    for k in range(0, 6):
        v = ymax * k / 5
        y = py(v)
        label = f"{v:.0f}" + ("%" if percent else "")
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y:.1f}" y2="{y:.1f}" stroke="var(--grid)" '
                   f'stroke-width="2"/>')
        out.append(f'<text x="{left - 14}" y="{y + 14:.1f}" text-anchor="end" font-size="42" '
                   f'fill="var(--fg)">{html.escape(label)}</text>')
    step = max(1, -(-n // 6))  # at most six month labels: large type needs the room
    for i, x in enumerate(xs):
        if (n - 1 - i) % step == 0:  # counted from the latest month, which is always labelled
            out.append(f'<text x="{px(i):.1f}" y="{top + ph + 48}" text-anchor="middle" font-size="42" '
                       f'fill="var(--fg)">{html.escape(str(x))}</text>')
    latest: list[list] = []  # [y, x, text, colour] of each line's latest value
    for s, (name, vals) in enumerate(chart["series"]):
        keys = chart.get("keys") or []
        # the metric's own colour, which a dark theme may brighten (present.py's --m-… variables)
        colour = (f"var(--m-{keys[s]}, {series_colour(chart, s)})" if s < len(keys) and keys[s] in METRIC_COLOR
                  else f"var(--c{s % len(PALETTE)}, {PALETTE[s % len(PALETTE)]})")
        dash = ("", ' stroke-dasharray="18 10"', ' stroke-dasharray="4 8"', ' stroke-dasharray="18 8 4 8"')[s % 4]
        run: list[str] = []
        for i, v in enumerate(vals):
            if v is None or v != v:
                if len(run) > 1:
                    out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="6"{dash} '
                               f'points="{" ".join(run)}"/>')
                run = []
                continue
            run.append(f"{px(i):.1f},{py(v):.1f}")
            out.append(f'<circle cx="{px(i):.1f}" cy="{py(v):.1f}" r="9" fill="{colour}"/>')
        if len(run) > 1:
            out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="6"{dash} points="{" ".join(run)}"/>')
        # the latest value, written beside the last point
        last = next(((i, v) for i, v in reversed(list(enumerate(vals))) if v is not None and v == v), None)
        if last is not None:
            text = f"{last[1]:.2f}".replace(".", sep) + ("%" if percent else "")
            latest.append([py(last[1]) - 18, px(last[0]) - 14, text, colour])
        # legend below the plot, one entry per series
        lx = left + s * (pw / max(len(chart["series"]), 1))
        ly = height - 12
        out.append(f'<line x1="{lx:.1f}" x2="{lx + 50:.1f}" y1="{ly - 10}" y2="{ly - 10}" stroke="{colour}" '
                   f'stroke-width="6"{dash}/>')
        out.append(f'<text x="{lx + 62:.1f}" y="{ly}" font-size="34" fill="var(--fg)">{html.escape(name)}</text>')
    latest.sort()
    for k in range(1, len(latest)):  # keep the latest values' labels from overlapping
        latest[k][0] = max(latest[k][0], latest[k - 1][0] + 48)
    for y, x, text, colour in latest:
        out.append(f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="end" font-size="46" font-weight="700" '
                   f'fill="{colour}" stroke="var(--bg, #FFFFFF)" stroke-width="10" paint-order="stroke">{html.escape(text)}</text>')
    out.append("</svg>")
    return "".join(out)


# Ends of the diverging scale (Okabe–Ito): blue = better than the centre, vermillion = worse.
BETTER_RGB, WORSE_RGB, MIDDLE_RGB = (0, 114, 178), (213, 94, 0), (235, 235, 235)


FLOOR = 0.35  # the least strength of a colour off the centre: 95,34 % against a 95,50 % target is plainly orange


def diverging_rgb(value, center: float, spread: float, lower_better: bool = False) -> tuple[int, int, int] | None:
    """The map's colour of a value: grey where it equals the centre (the target, or the median) at
    the two decimals shown, blue above it and vermillion below it, never paler than FLOOR and
    stronger the further off; None where there is no value. Every map and slide uses this scale,
    so a unit below target is orange wherever it is drawn, as the captions say."""
    if value is None or value != value:
        return None
    d = round(float(value), 2) - round(float(center), 2)
    d = -d if lower_better else d
    if abs(d) < 1e-9:
        return MIDDLE_RGB
    t = FLOOR + (1 - FLOOR) * min(1.0, abs(float(value) - center) / (spread or 1e-6))
    end = BETTER_RGB if d > 0 else WORSE_RGB
    return tuple(int(m + (e - m) * t) for m, e in zip(MIDDLE_RGB, end))


def _fit(text: str, size: float, room: float) -> str:
    """A label that may be wider than its room (in view-box units): drawn narrower to fit it
    (SVG textLength) rather than cut off by the picture's edge. Widths are estimated generously
    (0,62 em a character, Noto Sans bold is about 0,55), so names that fit are left as they are."""
    if len(text) * 0.62 * size <= room:
        return ""
    return f' textLength="{max(room, 1):.0f}" lengthAdjust="spacingAndGlyphs"'


def svg_map(points: list[dict], center: float, spread: float, lower_better: bool = False, labelled: int = 5,
            width: int = 1600, height: int = 640) -> str:
    """Communes as points at their coordinates, coloured on the diverging scale and sized by
    dossiers received; the `labelled` worst get their name. No basemap and no network: the map
    of presentation mode, where a pydeck canvas would need deck.gl from outside the app.
    `points`: dicts with name, lat, lon, value (None = no value), size. Text is escaped."""
    located = [p for p in points if p.get("lat") is not None and p.get("lon") is not None
               and p["lat"] == p["lat"] and p["lon"] == p["lon"]]
    out = [f'<svg viewBox="0 0 {width} {height}" width="100%" xmlns="http://www.w3.org/2000/svg" '
           f'font-family="{FONT}" role="img">']
    if not located:
        return out[0] + "</svg>"
    # The frame follows where most units are: an offshore island district (Trường Sa, Hoàng Sa)
    # would otherwise shrink the mainland to a corner. Those outside are named under the map.
    def middle(vals):
        vals = sorted(vals)
        return vals[len(vals) // 2], vals[len(vals) // 4], vals[(3 * len(vals)) // 4]

    (mlat, qlat1, qlat3), (mlon, qlon1, qlon3) = middle([p["lat"] for p in located]), middle([p["lon"] for p in located])
    reach_lat, reach_lon = max(3 * (qlat3 - qlat1), 0.5), max(3 * (qlon3 - qlon1), 0.5)
    outside = [p for p in located if abs(p["lat"] - mlat) > reach_lat or abs(p["lon"] - mlon) > reach_lon]
    located = [p for p in located if p not in outside]
    lats = [p["lat"] for p in located]
    lons = [p["lon"] for p in located]
    pad = 60
    # equirectangular, x stretched by cos(latitude) so the province keeps its shape
    import math

    k = math.cos(math.radians(sum(lats) / len(lats)))
    span_x = max((max(lons) - min(lons)) * k, 1e-6)
    span_y = max(max(lats) - min(lats), 1e-6)
    map_width = width * 0.55  # the rest is for the names of the worst
    scale = min((map_width - 2 * pad) / span_x, (height - 2 * pad) / span_y)
    ox = (map_width - span_x * scale) / 2
    oy = (height - span_y * scale) / 2

    def xy(p):
        return ox + (p["lon"] - min(lons)) * k * scale, height - (oy + (p["lat"] - min(lats)) * scale)

    biggest = max((p.get("size") or 0) for p in located) or 1
    for p in sorted(located, key=lambda p: -(p.get("size") or 0)):  # small points drawn on top
        x, y = xy(p)
        rgb = diverging_rgb(p.get("value"), center, spread, lower_better)
        fill = "rgb(170,170,170)" if rgb is None else f"rgb{rgb}"
        r = 8 + 22 * math.sqrt((p.get("size") or 0) / biggest)
        out.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{r:.1f}" fill="{fill}" fill-opacity="0.9" '
                   f'stroke="var(--fg)" stroke-width="1.5"><title>{html.escape(str(p["name"]))}</title></circle>')
    valued = [p for p in located if p.get("value") is not None and p["value"] == p["value"]]
    worst = sorted(valued, key=lambda p: p["value"], reverse=lower_better)[:labelled]
    # Labels in a column beside the points, each joined to its point by a line, so that
    # neighbouring communes' names never overlap.
    side_x, anchor = ox + span_x * scale + 60, "start"
    ys = sorted((xy(p)[1], p) for p in worst)
    placed = []
    for y, p in ys:
        ly = max(y, placed[-1] + 62) if placed else max(y, 60)
        placed.append(ly)
        x, y0 = xy(p)
        out.append(f'<line x1="{x:.1f}" y1="{y0:.1f}" x2="{side_x:.1f}" y2="{ly - 14:.1f}" stroke="var(--fg)" '
                   f'stroke-width="2"/>')
        out.append(f'<text x="{side_x + (10 if anchor == "start" else -10):.1f}" y="{ly:.1f}" text-anchor="{anchor}" '
                   f'font-size="48" font-weight="700" fill="var(--fg)"{_fit(str(p["label"]), 48, width - side_x - 20)}>'
                   f'{html.escape(str(p["label"]))}</text>')
    if outside:
        names = "… " + ", ".join(str(p["name"]) for p in outside)
        out.append(f'<text x="{width - 20}" y="{height - 10}" text-anchor="end" font-size="30" fill="var(--fg)"'
                   f'{_fit(names, 30, width - 40)}>{html.escape(names)}</text>')
    out.append("</svg>")
    return "".join(out)


def _province_shapes(spec: dict) -> tuple[list[dict], tuple[float, float, float, float], float]:
    """The outlines of a national map spec ({era, values: {code: value}, ours, center, spread}):
    each province's rings with its fill colour, the outlines' box and the cos(latitude) that keeps
    the country's shape on an equirectangular drawing. From geo/ only: nothing is fetched."""
    import math

    import geo

    outlines = geo.outlines(spec.get("era") or "2025")
    box = geo.bounds(outlines)
    shapes = []
    for feat in outlines["features"]:
        code = feat["properties"]["code"]
        rgb = diverging_rgb(spec["values"].get(code), spec["center"], spec["spread"])
        shapes.append({"code": code, "name": feat["properties"]["full_name"], "ours": code == spec.get("ours"),
                       "fill": (200, 200, 200) if rgb is None else rgb,
                       "rings": [poly[0] for poly in feat["geometry"]["coordinates"]]})
    return shapes, box, math.cos(math.radians((box[1] + box[3]) / 2))


def provinces_figure(spec: dict, width: int = 900, height: int = 1000):
    """The 34 provinces coloured by a value on the diverging scale (blue above the median, orange
    below), ours outlined in black: plotly filled outlines on plain axes, so no basemap and no
    topojson is fetched (a geo trace would load one from a CDN)."""
    import plotly.graph_objects as go

    shapes, (w, s, e, n), k = _province_shapes(spec)
    fig = go.Figure()
    for sh in shapes:
        xs, ys = [], []
        for ring in sh["rings"]:
            xs += [p[0] for p in ring] + [None]
            ys += [p[1] for p in ring] + [None]
        fig.add_trace(go.Scatter(x=xs, y=ys, mode="lines", fill="toself", fillcolor=f"rgb{tuple(sh['fill'])}",
                                 line=dict(color="#6E6E6E", width=0.8), hoverinfo="skip", showlegend=False))
    for sh in shapes:  # ours on top, its mainland outlined (a bold line round each islet is a black blob)
        if sh["ours"]:
            main = max(sh["rings"], key=len)
            fig.add_trace(go.Scatter(x=[p[0] for p in main], y=[p[1] for p in main], mode="lines",
                                     line=dict(color="#000000", width=5), hoverinfo="skip", showlegend=False))
    fig.update_layout(width=width, height=height, margin=dict(l=4, r=4, t=4, b=4), plot_bgcolor="#D6E8F5",
                      paper_bgcolor="white", font=dict(family=FONT, size=22, color="#111111"))
    fig.update_xaxes(visible=False, range=[w - 0.3, e + 0.3], constrain="domain")
    fig.update_yaxes(visible=False, range=[s - 0.3, n + 0.3], scaleanchor="x", scaleratio=1 / k, constrain="domain")
    return fig


def svg_provinces(spec: dict, width: int = 760, height: int = 800) -> str:
    """The same map as inline SVG for presentation mode: outlines in the sea's blue box, ours drawn
    last with a thick line in the page's text colour (light and dark themes alike). The names are
    the outlines' own, escaped, as tooltips only."""
    shapes, (w, s, e, n), k = _province_shapes(spec)
    pad = 6
    scale = min((width - 2 * pad) / ((e - w) * k), (height - 2 * pad) / (n - s))
    ox = (width - (e - w) * k * scale) / 2
    oy = (height - (n - s) * scale) / 2

    def path(rings) -> str:
        return " ".join("M" + " L".join(f"{ox + (x - w) * k * scale:.1f},{height - oy - (y - s) * scale:.1f}"
                                        for x, y in ring) + "Z" for ring in rings)

    out = [f'<svg viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" font-family="{FONT}" '
           f'role="img" preserveAspectRatio="xMidYMid meet">',
           f'<rect x="0" y="0" width="{width}" height="{height}" fill="var(--sea, #D6E8F5)"/>']
    for sh in shapes:
        rgb = sh["fill"]
        out.append(f'<path d="{path(sh["rings"])}" fill="rgb({rgb[0]},{rgb[1]},{rgb[2]})" stroke="#6E6E6E" '
                   f'stroke-width="0.8" data-code="{html.escape(str(sh["code"]))}">'
                   f'<title>{html.escape(str(sh["name"]))}</title></path>')
    for sh in shapes:  # ours on top: its mainland outlined in the page's text colour
        if sh["ours"]:
            out.append(f'<path d="{path([max(sh["rings"], key=len)])}" fill="none" stroke="var(--fg, #000000)" '
                       f'stroke-width="5" data-ours="{html.escape(str(sh["code"]))}"/>')
    out.append("</svg>")
    return "".join(out)


def svg_ranks(trend: list[tuple[str, int, int]], lang: str = "vi", width: int = 760, height: int = 260) -> str:
    """A province's rank across imported periods as inline SVG (1 = best at the top), each point
    labelled "24/34"; the first and the last period named under the line. Text 48 units high: the
    view box is drawn at its own size on the 1920 × 1080 stage."""
    if len(trend) < 2:
        return ""
    left, right, top, bottom = 40, 40, 76, 76
    ranks = [r for _, r, _ in trend]
    lo, hi = min(ranks), max(ranks)
    span = max(hi - lo, 1)
    n = len(trend)

    def px(i):
        return left + (width - left - right) * (i / (n - 1))

    def py(r):
        return top + (height - top - bottom) * ((r - lo) / span)

    pts = " ".join(f"{px(i):.1f},{py(r):.1f}" for i, (_, r, _) in enumerate(trend))
    out = [f'<svg viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg" font-family="{FONT}" role="img">',
           f'<polyline fill="none" stroke="var(--accent, #0057A0)" stroke-width="6" points="{pts}"/>']
    for i, (_, r, of) in enumerate(trend):
        out.append(f'<circle cx="{px(i):.1f}" cy="{py(r):.1f}" r="9" fill="var(--accent, #0057A0)"/>')
    for i in (0, n - 1):  # "period: rank" of the first (under the line, left) and the latest (over it, right)
        _, r, of = trend[i]
        anchor = "start" if i == 0 else "end"
        x = 0 if i == 0 else width
        out.append(f'<text x="{x:.1f}" y="{height - 10 if i == 0 else 50}" text-anchor="{anchor}" font-size="44" '
                   f'fill="var(--fg, #000000)">{html.escape(trend[i][0])}: <tspan font-weight="700" font-size="48">'
                   f'{html.escape(f"{r}/{of}")}</tspan></text>')
    out.append("</svg>")
    return "".join(out)
