"""Presentation mode (Trình chiếu): the briefing's slides as one self-contained HTML page for a
projector — large type, high contrast, light or dark, auto-advancing, keyboard and click control.

Built only from app-generated content: every piece of text (unit names come from imported data)
goes through `html.escape`, numbers are formatted by `briefing`, charts are SVG from `charts`.
The script is fixed text; the only values put into it are integers and escaped JSON-free words.
No Streamlit here: `pages/present.py` shows the page in an iframe.
"""
from __future__ import annotations

import html
import re

import formatting as fmt
from reports import charts
from reports.briefing import Briefing, Slide

STATUS_CLASS = {"met": "met", "near": "near", "below": "below"}
RANK_ROWS = 5
BELOW_ROWS = 7  # rows that fit at 48 px on a 1080-pixel-high screen
SCORE_ROWS = 6  # the six QĐ 766 groups; unit tables hold briefing.TOP_N (5), side by side


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _tiles(s: Slide, big: bool) -> str:
    out = [f'<div class="tiles{" big" if big else ""}">']
    for f in s.figures:
        meta = []  # every number on screen at least 48 px; the status is a word in the corner
        if f.change:
            meta.append(f'<div class="meta">{_e(f.change)}</div>')
        if f.target:
            meta.append(f'<div class="meta">{_e(f.target)}</div>')
        badge = (f'<b class="badge {STATUS_CLASS.get(f.status, "")}">{_e(f.status_text)}</b>' if f.status_text else "")
        out.append(f'<div class="tile {STATUS_CLASS.get(f.status, "")}" data-metric="{_e(f.metric)}">'
                   f'<div class="label">{badge}{_e(f.label)}</div><div class="value">{_e(f.value)}</div>'
                   f'{"".join(meta)}</div>')
    out.append("</div>")
    return "".join(out)


def _name_cell(text, role: str = "name", lines: int = 2) -> str:
    """A unit's name: at most two lines (then "…"), so that a row's height is known whatever the
    name, and the rows a slide holds always fit (definitions: rule 80)."""
    return f'<td class="{_e(role)}"><div class="clamp{" one" if lines == 1 else ""}">{_e(text)}</div></td>'


def _table(header: list[str], rows: list[list[str]], columns: tuple[int, ...], numeric: set[int], lines: int = 2) -> str:
    head = "".join(f'<th class="{"num" if c in numeric else ""}">{_e(header[c])}</th>' for c in columns)
    body = "".join("<tr>" + "".join(f'<td class="num">{_e(r[c])}</td>' if c in numeric else _name_cell(r[c], lines=lines)
                                    for c in columns) + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _scores_table(caption: str, header: list[str], rows: list[list[str]], roles: tuple[str, ...],
                  lines: int = 2) -> str:
    """A score table: the score large, its maximum small beside it ("14,61 / 22"), ranks as
    numbers, names and grades as text. Every number at least 48 px (the maximum too)."""
    roles = tuple(roles) or ("rank", "name") + ("score",) * (len(header) - 2)
    cells = []  # (role, header text, column of the score, column of its maximum or None)
    for c, role in enumerate(roles):
        if role == "max" and c and roles[c - 1] == "score":
            continue
        has_max = role == "score" and c + 1 < len(roles) and roles[c + 1] == "max"
        cells.append((role, header[c] + (f" / {header[c + 1].lower()}" if has_max else ""), c, c + 1 if has_max else None))
    numeric = {"rank", "score", "max", "gap"}
    head = "".join(f'<th class="{"num" if role in numeric else ""}">{_e(text)}</th>' for role, text, _, _ in cells)
    body = ""
    for r in rows:
        tds = []
        for role, _, c, m in cells:
            if role == "score":
                small = f'<span class="max"> / {_e(r[m])}</span>' if m is not None else ""
                tds.append(f'<td class="num score"><b>{_e(r[c])}</b>{small}</td>')
            elif role in numeric:
                tds.append(f'<td class="num">{_e(r[c])}</td>')
            else:
                tds.append(_name_cell(r[c], role, lines) if role == "name" else f'<td class="{_e(role)}">{_e(r[c])}</td>')
        body += "<tr>" + "".join(tds) + "</tr>"
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="col">{f"<h2>{_e(caption)}</h2>" if caption else ""}{table}</div>'


def _national(s: Slide, lang: str) -> str:
    """The province among the 34: one line with the rank and its change, the group table (the
    total first; rank, points of the maximum, the gap to the province just above), and beside it
    the 34 coloured by total with ours outlined over the rank across imported periods. Names of
    groups on one line: the seven rows fit the stage at 48 px numbers (definitions: rule 80)."""
    rank, total = s.figures[0], s.figures[1]
    head = [f'<b class="nat-rank">{_e(rank.value)}</b>']
    if rank.change:
        head.append(f'<span>{_e(rank.change)}</span>')
    if total.change:
        head.append(f'<span>{_e(total.label.lower() if lang == "vi" else total.label)} {_e(total.change)}</span>')
    left = f'<div class="nat-head">{" · ".join(head)}</div>'
    for (_, header, rows), roles in zip(s.tables, s.roles or [()] * len(s.tables)):
        left += _scores_table("", header, rows[:SCORE_ROWS + 1], roles, lines=1)
    side = ""
    if s.map:
        side += f'<div class="nat-map">{charts.svg_provinces(s.map, 560, 560 if s.trend else 800)}</div>'
    if s.trend:
        side += f'<div class="nat-trend">{charts.svg_ranks(s.trend, lang, 560, 230)}</div>'
    return (f'<div class="national"><div class="col">{left}</div>'
            + (f'<div class="nat-side">{side}</div>' if side else "") + "</div>")


def _slide(s: Slide, lang: str) -> str | None:
    """One slide's HTML, or None for slides that are for paper only (title, data note)."""
    title = f'<h1>{_e(s.title)}</h1><div class="sub">{_e(s.subtitle)}</div>'
    if s.kind == "headline":
        body = _tiles(s, big=True)
    elif s.kind == "area":
        chart = (f'<div class="chart">{charts.svg_lines(s.chart, lang)}</div>' if s.chart else
                 f'<div class="empty">{_e("Chưa có dữ liệu theo tháng." if lang == "vi" else "No monthly data yet.")}</div>')
        body = _tiles(s, big=False) + chart
    elif s.kind == "ranking":
        # rank, unit, on-time rate: the resolved count stays on paper, so the numbers can be 48 px
        parts = [f'<div class="col"><h2>{_e(caption)}</h2>{_table(header, rows[:RANK_ROWS], (0, 1, 3), {0, 3})}</div>'
                 for caption, header, rows in s.tables]
        body = f'<div class="cols">{"".join(parts)}</div>' + "".join(f'<p class="note">{_e(t)}</p>' for t in s.text)
    elif s.kind == "below":
        body = ""
        for _, header, rows in s.tables:
            body += _table(header, rows[:BELOW_ROWS], (1, 3, 4), {3, 4}, lines=1)
            if len(rows) > BELOW_ROWS:
                more = len(rows) - BELOW_ROWS
                body += f'<p class="note">{_e(f"… và {more} đơn vị khác" if lang == "vi" else f"… and {more} more")}</p>'
        body += "".join(f'<p class="big-note">{_e(t)}</p>' for t in s.text)
    elif s.kind == "summary":
        body = "".join(f'<p class="summary">{_e(t)}</p>' for t in s.text)
    elif s.kind == "national":
        body = _national(s, lang)
    elif s.kind == "scores":
        parts = [_scores_table(caption, header, rows[:SCORE_ROWS], roles)
                 for (caption, header, rows), roles in zip(s.tables, s.roles or [()] * len(s.tables))]
        body = f'<div class="cols">{"".join(parts)}</div>' if len(parts) > 1 else "".join(parts)
    else:
        return None
    return f'<section class="slide" data-kind="{_e(s.kind)}">{title}<div class="body">{body}</div></section>'


MAP_METRIC = "on_time_rate"
MAP_NAME = 28  # characters of a commune's name beside its point; charts.svg_map draws a label too wide for its column narrower


def map_slide(con, period, unit: str | None, lang: str) -> str:
    """The institutional map's slide: communes at their coordinates coloured by on-time rate
    around the commune target (else the median), sized by dossiers received, the worst named."""
    import queries
    from queries import metrics

    vi = lang == "vi"
    counts = queries.unit_counts(con, period.start, period.end, kind="commune", unit=unit)
    counts = counts[counts["registered"]]
    registry = queries.units(con).set_index("unit_code")
    target = metrics.target_for(queries.targets(con, period.end.year), MAP_METRIC, kind="commune")
    values = [v for v in counts[MAP_METRIC] if v == v and v is not None]
    center = float(target) if target is not None else (sorted(values)[len(values) // 2] if values else 0.0)
    spread = max([abs(v - center) for v in values] + [1e-6])
    points = []
    for r in counts.to_dict("records"):
        reg = registry.loc[r["unit_code"]] if r["unit_code"] in registry.index else None
        name = str(r["unit_name"] or r["unit_code"])
        value = r[MAP_METRIC] if r[MAP_METRIC] == r[MAP_METRIC] else None
        short = name.replace("UBND ", "")
        short = short if len(short) <= MAP_NAME else short[:MAP_NAME - 1].rstrip() + "…"  # the rate stays whole
        points.append({"name": name, "label": f"{short} {fmt.percent(value, lang)}",
                       "size": r["received"], "value": value,
                       "lat": None if reg is None else reg["lat"], "lon": None if reg is None else reg["lon"]})
    label = metrics.LABELS_VI[MAP_METRIC] if vi else metrics.LABELS_EN[MAP_METRIC]
    centre_text = (fmt.percent(center, lang) + (" (chỉ tiêu)" if vi else " (target)") if target is not None
                   else fmt.percent(center, lang) + (" (trung vị)" if vi else " (median)"))
    legend = (f"{label} · xanh: trên {centre_text} · cam: dưới · điểm lớn: nhiều hồ sơ · ghi tên 5 xã thấp nhất" if vi
              else f"{label} · blue: above {centre_text} · orange: below · larger: more dossiers · the 5 lowest named")
    return (f'<h1>{_e("Bản đồ thể chế" if vi else "Institutional map")}</h1><div class="sub">{_e(legend)}</div>'
            f'<div class="body"><div class="chart">{charts.svg_map(points, center, spread)}</div></div>')


def page(b: Briefing, every: int = 20, theme: str = "light", extra: list[tuple[str, str]] | None = None,
         version: int = 0) -> str:
    """The whole slide show as one HTML document.

    `extra` holds more slides as (kind, inner HTML) pairs the app generates itself, e.g. the map
    of issue 4: they are inserted before the summary. `version` is the data version, shown so that
    an operator can see the show picked up a new import."""
    vi = b.lang == "vi"
    sections = [x for x in (_slide(s, b.lang) for s in b.slides) if x]
    for kind, inner in extra or []:
        sections.insert(max(len(sections) - 1, 0), f'<section class="slide" data-kind="{_e(kind)}">{inner}</section>')
    footer = " · ".join([b.province, b.period.label(b.lang), b.scope_label]
                        + (["Dữ liệu mẫu" if vi else "Demo data"] if b.demo else []))
    paused = "⏸ Tạm dừng — nhấn Space hoặc bấm để chạy tiếp" if vi else "⏸ Paused — press Space or click to resume"
    every_ms = max(1, int(every)) * 1000
    theme_class = "dark" if theme == "dark" else "light"
    return (
        "<!doctype html><html lang=\"" + ("vi" if vi else "en") + "\"><head><meta charset=\"utf-8\"><style>"
        + CSS + "</style></head><body class=\"" + theme_class + "\" data-version=\"" + str(int(version)) + "\">"
        + "".join(sections)
        + '<div class="progress" id="progress"></div>'
        + f'<footer><span>{_e(footer)}</span><span id="state" data-paused-text="{_e(paused)}"></span>'
        + '<span id="counter"></span></footer>'
        + "<script>" + SCRIPT.replace("__EVERY_MS__", str(every_ms)) + "</script></body></html>"
    )


# The show is laid out on a 1920 × 1080 stage: every length below is in stage pixels ("48u"), and
# one stage pixel is `--u`, the screen's share of it (1 px at 1920 × 1080, 0,71 px at 1366 × 768,
# the smaller of width and height so that nothing leaves a screen of another shape). The 48 px rule
# is of a 1080-line screen: on a 768-line projector 48u is the same share of the picture (34 px).
# tests/test_browser_slides_fit.py measures every slide at both sizes, light and dark.
_CSS = """
:root { --u:min(calc(100vw / 1920), calc(100vh / 1080));
        --bg:#FFFFFF; --fg:#000000; --muted:#333333; --grid:#BBBBBB; --tile:#F2F5F9; --accent:#0057A0;
        --met:#007A5A; --near:#B36B00; --below:#C23B00; --sea:#D6E8F5;
        --c0:#0072B2; --c1:#C77C00; --c2:#009E73; --c3:#CC79A7; --c4:#56B4E9; --c5:#D55E00; }
body.dark { --bg:#000000; --fg:#FFFFFF; --muted:#DDDDDD; --grid:#555555; --tile:#161B22; --accent:#56B4E9;
            --met:#2BD4A0; --near:#F0B400; --below:#FF7A45; --sea:#0B2233;
            --c0:#56B4E9; --c1:#F0B400; --c2:#2BD4A0; --c3:#E89BC8; --c4:#9AD0F5; --c5:#FF7A45;
            /* the headline metrics' colours (labels.METRIC_COLOR), lightened for a black screen */
            --m-on_time_rate:#8C7FE0; --m-online_rate:#56B4E9; --m-digitized_rate:#E07AAE;
            --m-online_payment_rate:#B39DDB; --m-progress_rate:#6FD0C0; }
html, body { margin:0; height:100%; background:var(--bg); color:var(--fg); overflow:hidden;
             font-family:"Noto Sans", Arial, "DejaVu Sans", sans-serif; cursor:default; user-select:none; }
/* a slide ends above the progress bar, which sits on the footer */
.slide { display:none; position:absolute; inset:0 0 72u 0; padding:28u 48u 12u; box-sizing:border-box;
         flex-direction:column; }
.slide.on { display:flex; }
h1 { font-size:64u; line-height:1.1; margin:0; color:var(--accent); }
h2 { font-size:44u; line-height:1.2; margin:8u 0 12u; }
.sub { font-size:32u; line-height:1.25; color:var(--muted); margin:6u 0 18u; }
.body { flex:1; min-height:0; display:flex; flex-direction:column; }
.tiles { display:grid; grid-template-columns:repeat(4, 1fr); gap:22u; }
.tile { background:var(--tile); border:5u solid var(--grid); border-radius:14u; padding:10u 16u;
        overflow:hidden; }
.tile.met { border-color:var(--met); } .tile.near { border-color:var(--near); } .tile.below { border-color:var(--below); }
b.met { color:var(--met); } b.near { color:var(--near); } b.below { color:var(--below); }
.tile .label { font-size:26u; line-height:1.2; min-height:2.4em; }
.badge { float:right; margin-left:10u; font-size:28u; }
.tile .value { font-size:72u; font-weight:700; line-height:1.1; margin:2u 0; }
.tiles.big .value { font-size:88u; }
.tile .meta { font-size:48u; line-height:1.15; color:var(--muted); white-space:nowrap; letter-spacing:-0.02em; }
.chart { flex:1; min-height:0; margin-top:16u; }
.chart svg { width:100%; height:100%; }
.cols { display:grid; grid-template-columns:1fr 1fr; gap:48u; }
.col { min-width:0; }
table { border-collapse:collapse; width:100%; }
th { font-size:30u; text-align:left; color:var(--muted); border-bottom:4u solid var(--grid); padding:6u 12u; }
td { border-bottom:2u solid var(--grid); padding:6u 12u; line-height:1.25; }
td.name, td.word { font-size:36u; }
td.word { white-space:nowrap; }
.clamp { display:-webkit-box; -webkit-box-orient:vertical; -webkit-line-clamp:2; overflow:hidden; overflow-wrap:anywhere; }
.clamp.one { -webkit-line-clamp:1; }
td.num, th.num { text-align:right; }
td.num { font-size:52u; font-weight:700; white-space:nowrap; }
td.score b { font-size:60u; }
td.score .max { font-size:48u; font-weight:400; color:var(--muted); }
.national { flex:1; min-height:0; display:grid; grid-template-columns:minmax(0, 1fr) 560u; gap:48u; }
.nat-head { font-size:48u; line-height:1.45; margin:0 0 4u; white-space:nowrap; overflow:hidden; }
.nat-rank { font-size:60u; color:var(--accent); }
.nat-side { display:flex; flex-direction:column; min-height:0; gap:16u; }
.nat-map { flex:1; min-height:0; } .nat-map svg { width:100%; height:100%; display:block; }
.nat-trend { flex:none; height:230u; } .nat-trend svg { width:100%; height:100%; display:block; }
.summary { font-size:48u; line-height:1.4; margin:12u 0; }
.note { font-size:30u; color:var(--muted); }
.big-note, .empty { font-size:52u; margin-top:40u; }
footer { position:fixed; left:0; right:0; bottom:0; height:64u; display:flex; align-items:center;
         justify-content:space-between; padding:0 48u; font-size:28u; color:var(--muted); gap:24u;
         border-top:2u solid var(--grid); box-sizing:border-box; white-space:nowrap; }
footer > span:first-child { overflow:hidden; text-overflow:ellipsis; min-width:0; }
#counter { font-size:40u; font-weight:700; color:var(--fg); }
#state { font-size:30u; font-weight:700; color:var(--near); }
.progress { position:fixed; left:0; bottom:64u; height:8u; width:0; background:var(--accent); }
body.running .progress { animation:grow var(--every) linear forwards; }
@keyframes grow { from { width:0; } to { width:100%; } }
"""
CSS = re.sub(r"(?<![\w#.-])(\d+(?:\.\d+)?)u\b", r"calc(\1 * var(--u))", _CSS)

# Fixed text: slide index and pause state survive the page being replaced when the data change
# (sessionStorage of this browser tab); keys work whether the frame or the app around it has focus.
SCRIPT = """
(function () {
  var EVERY = __EVERY_MS__;
  var slides = Array.prototype.slice.call(document.querySelectorAll('.slide'));
  var counter = document.getElementById('counter');
  var state = document.getElementById('state');
  var progress = document.getElementById('progress');
  var store = null;
  try { store = window.sessionStorage; } catch (e) { store = null; }
  function load(k, d) { try { var v = store && store.getItem(k); return v === null ? d : v; } catch (e) { return d; } }
  function save(k, v) { try { store && store.setItem(k, v); } catch (e) {} }
  var i = parseInt(load('cchc_slide', '0'), 10) || 0;
  var paused = load('cchc_paused', '0') === '1';
  var timer = null;
  document.body.style.setProperty('--every', EVERY + 'ms');
  function restart() {
    clearTimeout(timer);
    document.body.classList.remove('running');
    void progress.offsetWidth;  // restart the progress bar's animation
    if (!paused && slides.length > 1) {
      document.body.classList.add('running');
      timer = setTimeout(function () { show(i + 1); }, EVERY);
    }
    state.textContent = paused ? state.getAttribute('data-paused-text') : '';
    document.body.setAttribute('data-paused', paused ? '1' : '0');
  }
  function show(n) {
    if (!slides.length) { counter.textContent = '0 / 0'; return; }
    i = ((n % slides.length) + slides.length) % slides.length;
    for (var k = 0; k < slides.length; k++) { slides[k].classList.toggle('on', k === i); }
    counter.textContent = (i + 1) + ' / ' + slides.length;
    save('cchc_slide', String(i));
    restart();
  }
  function toggle() { paused = !paused; save('cchc_paused', paused ? '1' : '0'); restart(); }
  function key(e) {
    var k = e.key;
    if (k === 'ArrowRight' || k === 'PageDown' || k === 'ArrowDown') { show(i + 1); e.preventDefault(); }
    else if (k === 'ArrowLeft' || k === 'PageUp' || k === 'ArrowUp') { show(i - 1); e.preventDefault(); }
    else if (k === ' ' || k === 'p' || k === 'P' || k === 'k' || k === 'Enter') { toggle(); e.preventDefault(); }
    else if (k === 'Home') { show(0); e.preventDefault(); }
    else if (k === 'End') { show(slides.length - 1); e.preventDefault(); }
  }
  window.addEventListener('keydown', key);
  document.addEventListener('click', toggle);
  try {  // the app around the frame: one listener at a time, replaced when this page is
    var host = window.parent;
    if (host && host !== window) {
      if (host.__cchcPresentKey) { host.document.removeEventListener('keydown', host.__cchcPresentKey); }
      host.__cchcPresentKey = function (e) { try { key(e); } catch (err) {} };
      host.document.addEventListener('keydown', host.__cchcPresentKey);
    }
  } catch (e) {}
  show(i);
})();
"""
