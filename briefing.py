"""The briefing (Báo cáo): a period and scope told in slides, as PPTX and as PDF.

`build` asks the metric engine (`queries`) for every figure and returns a list of `Slide`s —
plain text, numbers already formatted, and chart specs. `to_pptx` and `to_pdf` lay the same
slides out; presentation mode (`present.py`) shows them on screen. Nothing here computes a rate:
values, changes and statuses come from `queries`, `queries.metrics` and `narrative`.
No Streamlit: the page, the command line (`cli.py briefing`) and the tests all call this.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

import formatting as fmt
import narrative
import queries
import warehouse
from queries import metrics, periods
from queries.metrics import LABELS_EN, LABELS_VI

HEADLINE = ("on_time_rate", "progress_rate", "online_rate", "full_online_rate", "digitized_rate",
            "online_payment_rate", "result_digitized_rate", "avg_processing_days")
# (key, title vi, title en, figures on the slide, lines on its chart)
AREAS = (
    ("on_time", "Tiến độ giải quyết hồ sơ", "Dossier processing on time",
     ("on_time_rate", "progress_rate", "avg_processing_days", "apology_rate"), ("on_time_rate", "progress_rate")),
    ("online", "Dịch vụ công trực tuyến", "Online public services",
     ("online_rate", "full_online_rate", "full_online_service_share", "online_service_share"),
     ("online_rate", "full_online_rate")),
    ("digitization", "Số hóa và thanh toán trực tuyến", "Digitization and online payment",
     ("digitized_rate", "result_digitized_rate", "reuse_rate", "online_payment_rate"),
     ("digitized_rate", "result_digitized_rate", "online_payment_rate")),
)
RANK_METRIC = "on_time_rate"
CHART_SIZE = (1800, 620)  # px: the space a chart has under four figure tiles
MIN_VOLUME = 10  # as the overview: top/bottom lists skip units with fewer resolved dossiers
TOP_N = 5
BELOW_ROWS = 10  # rows of the below-target table on one slide
STATUS_TEXT = {"met": ("Đạt", "Met"), "near": ("Gần đạt", "Near"), "below": ("Chưa đạt", "Below")}
STATUS_COLOR = {"met": "009E73", "near": "E69F00", "below": "D55E00"}
KIND_WORDS = {None: ("Toàn tỉnh", "Whole province"), "department": ("Sở, ban, ngành", "Departments"),
              "commune": ("Xã, phường, đặc khu", "Communes")}
DEFINITIONS = {
    "on_time_rate": ("Hồ sơ giải quyết đúng hạn / hồ sơ đã giải quyết có ngày hẹn trả (đúng hạn + trễ hạn).",
                     "Resolved on time / resolved with a due date (on time + late)."),
    "progress_rate": ("(Đúng hạn + đang xử lý trong hạn) / (đã giải quyết + đang xử lý), cách tính QĐ 766.",
                      "(On time + pending within deadline) / (resolved + pending), as in QĐ 766."),
    "online_rate": ("Hồ sơ tiếp nhận trực tuyến / hồ sơ tiếp nhận.", "Received online / received."),
    "full_online_rate": ("Hồ sơ trực tuyến của TTHC toàn trình / hồ sơ của TTHC toàn trình.",
                         "Online dossiers of full-online procedures / dossiers of full-online procedures."),
    "digitized_rate": ("Hồ sơ tiếp nhận có thành phần số hóa / hồ sơ tiếp nhận.",
                       "Received with digitized components / received."),
    "result_digitized_rate": ("Hồ sơ đã giải quyết có kết quả điện tử / hồ sơ đã giải quyết.",
                              "Resolved with an electronic result / resolved."),
    "online_payment_rate": ("Hồ sơ có phí đã thanh toán trực tuyến / hồ sơ có phí.",
                            "Fee-paying dossiers paid online / fee-paying dossiers."),
    "avg_processing_days": ("Số ngày trung bình từ tiếp nhận đến có kết quả, của hồ sơ đã giải quyết.",
                            "Mean days from receipt to result, over resolved dossiers."),
}


@dataclass
class Figure:
    """One headline figure: the value and what it is measured against, already in words."""
    metric: str
    label: str
    value: str  # '98,23%', '3,25' (days) or '—'
    raw: float | None
    change: str | None  # against the previous period: '+0,41 điểm %'
    target: str | None  # 'Chỉ tiêu 95,00%'
    status: str | None  # met / near / below / None
    status_text: str | None


@dataclass
class Slide:
    kind: str  # title, headline, area, ranking, below, summary, scores, note
    title: str
    subtitle: str = ""
    figures: list[Figure] = field(default_factory=list)
    chart: dict | None = None  # {x, series: [(name, values)], percent}
    tables: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)  # (caption, header, rows)
    text: list[str] = field(default_factory=list)  # paragraphs (summary) or bullets (note)
    png: bytes | None = None  # the chart, once rendered


@dataclass
class Briefing:
    province: str
    period: periods.Period
    scope_label: str
    lang: str
    generated: dt.date
    demo: bool
    slides: list[Slide]
    kpis: dict  # the engine's figures for the period and scope, as `cli.py kpis` prints them

    def file_stem(self) -> str:
        return f"bao_cao_cchc_{self.period.start:%Y%m%d}_{self.period.end:%Y%m%d}"


def _t(lang: str, vi: str, en: str) -> str:
    return vi if lang == "vi" else en


def _label(metric: str, lang: str) -> str:
    return (LABELS_VI if lang == "vi" else LABELS_EN).get(metric, metric)


def value_text(metric: str, value, lang: str = "vi") -> str:
    """A metric's value as shown: days with 2 decimals, rates as percentages, '—' when empty."""
    if metric == "avg_processing_days":
        return fmt.number(None if fmt.missing(value) else value, 2, lang)
    return fmt.percent(None if fmt.missing(value) else value, lang)


def change_text(metric: str, now, before, lang: str = "vi") -> str | None:
    """The change against the previous period, in percentage points or in days."""
    if fmt.missing(now) or fmt.missing(before):
        return None
    delta = round(now - before, 2)
    return fmt.days_delta(delta, lang) if metric == "avg_processing_days" else fmt.points_delta(delta, lang)


def _figure(metric: str, now: dict, before: dict, target, lang: str) -> Figure:
    status = metrics.target_status(now.get(metric), target, metric)
    return Figure(
        metric=metric, label=_label(metric, lang), value=value_text(metric, now.get(metric), lang),
        raw=now.get(metric), change=change_text(metric, now.get(metric), before.get(metric), lang),
        target=None if target is None else f"{_t(lang, 'Chỉ tiêu', 'Target')} {value_text(metric, target, lang)}",
        status=status, status_text=None if status is None else _t(lang, *STATUS_TEXT[status]),
    )


def _trend(con, period: periods.Period, kind, unit, lines: tuple[str, ...], lang: str) -> dict | None:
    """The last twelve months of `lines` as a chart spec (a month without dossiers is a gap)."""
    months = periods.months(dt.date(*periods.add_months(period.end.year, period.end.month, -11), 1), period.end)
    trend = queries.monthly_trend(con, months[0], period.end, kind=kind, unit=unit)
    if trend.empty:
        return None
    by_month = {m: row for m, row in zip(trend["month"], trend.to_dict("records"))}
    series = []
    for metric in lines:
        values = []
        for m in months:
            v = by_month.get(m, {}).get(metric)
            values.append(None if fmt.missing(v) else float(v))
        series.append((_label(metric, lang), values))
    if all(v is None for _, vals in series for v in vals):
        return None
    return {"x": [fmt.month_label(m, lang) for m in months], "series": series, "percent": True}


def _unit_rows(frame, lang: str, with_target: bool = True) -> list[list[str]]:
    rows = []
    for r in frame.to_dict("records"):
        row = ["—" if fmt.missing(r["rank"]) else str(int(r["rank"])), str(r["unit_name"] or r["unit_code"]),
               fmt.number(r["resolved"], 0, lang), value_text(RANK_METRIC, r[RANK_METRIC], lang)]
        if with_target:
            row.append(value_text(RANK_METRIC, r["target"], lang))
            row.append(_t(lang, *STATUS_TEXT[r["status"]]) if r["status"] in STATUS_TEXT else "—")
        rows.append(row)
    return rows


def _score_period(period: periods.Period, imported: list[str]) -> str | None:
    """The QĐ 766 period to show beside a briefing period: the same one if it was imported (a
    month as `YYYY-MM`, a quarter `YYYY-Qn`, a year `YYYY`), else the latest month up to its end."""
    own = {"month": f"{period.start:%Y-%m}", "quarter": f"{period.start.year}-Q{(period.start.month - 1) // 3 + 1}",
           "year": f"{period.start.year}"}.get(period.kind)
    if own in imported:
        return own
    months = sorted(p for p in imported if len(p) == 7 and p[4] == "-" and p <= f"{period.end:%Y-%m}")
    return months[-1] if months else None


def _score_rows(units: list[dict], unit: str | None, lang: str, extra) -> list[list[str]]:
    if unit:
        units = [u for u in units if u["unit_code"] == unit]
    return [["—" if u["rank"] is None else str(u["rank"]), str(u["unit_name"] or u["unit_code"]),
             fmt.number(u["total"], 2, lang), *extra(u)] for u in units]


def scores_slides(con, period: periods.Period, kind: str | None, unit: str | None, lang: str) -> list[Slide]:
    """The published composite scores (QĐ 766 for the period, the PAR index of the latest year up
    to it), as imported: never recomputed, never added up across units."""
    from queries import scores

    slides = []
    imported = [r["period"] for r in scores.portal766_periods(con)]
    p766 = _score_period(period, imported)
    if p766:
        out = scores.portal766(con, p766, kind=kind)
        groups = out["groups"]
        header = [_t(lang, "Hạng", "Rank"), _t(lang, "Đơn vị", "Unit"), _t(lang, "Tổng điểm", "Total")]
        tables = []
        if out["province"] and not unit:
            prov = out["province"]
            tables.append((_t(lang, "Toàn tỉnh theo nhóm", "Province by group"),
                           [_t(lang, "Nhóm", "Group"), _t(lang, "Điểm", "Points"), _t(lang, "Tối đa", "Maximum")],
                           [[_t(lang, *scores.GROUP_LABELS[g]), fmt.number(prov["groups"].get(g), 2, lang),
                             fmt.number(scores.GROUP_MAX[g], 0, lang)] for g in groups]))
        ranked = [u for u in out["units"] if u["rank"] is not None]
        lowest = sorted(ranked, key=lambda u: (u["total"], u["unit_code"]))[:TOP_N]  # ranks are per kind
        rows = _score_rows(out["units"] if unit else lowest, unit, lang, lambda u: [])
        if rows:
            tables.append((_t(lang, "Đơn vị" if unit else "Thấp nhất", "Unit" if unit else "Lowest"), header, rows))
        if tables:
            slides.append(Slide("scores", _t(lang, f"Chỉ số 766 – kỳ {p766}", f"QĐ 766 index – period {p766}"),
                                subtitle=_t(lang, "Điểm do Cổng Dịch vụ công quốc gia công bố; nhóm đã nhập: ",
                                            "Scores as published by the national portal; groups imported: ")
                                + ", ".join(_t(lang, *scores.GROUP_LABELS[g]) for g in groups),
                                tables=tables))
    years = [y for y in scores.par_years(con) if y <= period.end.year]
    if years:
        year = max(years)
        units = scores.par(con, year, kind=kind)
        ranked = [u for u in units if u["rank"] is not None]
        header = [_t(lang, "Hạng", "Rank"), _t(lang, "Đơn vị", "Unit"), _t(lang, "Chỉ số", "Index"),
                  _t(lang, "Xếp loại", "Grade")]
        grade = lambda u: [u["grade"] or "—"]  # noqa: E731
        if unit:
            tables = [("", header, _score_rows(units, unit, lang, grade))]
        else:
            best = sorted(ranked, key=lambda u: (-u["total"], u["unit_code"]))[:TOP_N]  # ranks are per kind
            lowest = sorted(ranked, key=lambda u: (u["total"], u["unit_code"]))[:TOP_N]
            tables = [(_t(lang, "Cao nhất", "Best"), header, _score_rows(best, None, lang, grade)),
                      (_t(lang, "Thấp nhất", "Lowest"), header, _score_rows(lowest, None, lang, grade))]
        if any(rows for _, _, rows in tables):
            slides.append(Slide("scores", _t(lang, f"Chỉ số CCHC năm {year}", f"PAR index {year}"),
                                subtitle=_t(lang, "Điểm thẩm định; xếp hạng trong từng loại đơn vị",
                                            "Appraised points; ranked within each kind of unit"),
                                tables=tables))
    return slides


def build(con, period: periods.Period, kind: str | None = None, unit: str | None = None, lang: str = "vi",
          today: dt.date | None = None) -> Briefing:
    """Every slide of the briefing for one period and scope, from the metric engine's figures."""
    today = today or dt.date.today()
    registry = queries.units(con)
    province_rows = registry[registry["kind"] == "province"]
    province = str(province_rows["unit_name"].iloc[0]) if len(province_rows) else _t(lang, "Tỉnh", "Province")
    names = dict(zip(registry["unit_code"], registry["unit_name"]))
    kinds = dict(zip(registry["unit_code"], registry["kind"]))
    if unit and unit not in names:
        raise ValueError(f"Không có đơn vị mã «{unit}» / unknown unit code '{unit}'")
    scope_label = names[unit] if unit else _t(lang, *KIND_WORDS.get(kind, (kind or "", kind or "")))
    scope_kind = kinds.get(unit) if unit else kind
    previous = period.previous()
    now = queries.kpis(con, period.start, period.end, kind=kind, unit=unit)
    before = queries.kpis(con, previous.start, previous.end, kind=kind, unit=unit)
    year_targets = queries.targets(con, period.end.year)

    def target(metric):
        return metrics.target_for(year_targets, metric, unit, scope_kind)

    when = period.label(lang)
    scope_line = f"{when} · {scope_label}"
    vs = _t(lang, f"So với {previous.label('vi')}", f"Against {previous.label('en')}")
    slides = [Slide("title", _t(lang, "Báo cáo tình hình cải cách hành chính", "Administrative reform briefing"),
                    subtitle=province,
                    text=[when, scope_label, _t(lang, f"Ngày lập: {fmt.date(today)}", f"Prepared {fmt.date(today)}")])]

    slides.append(Slide("headline", _t(lang, "Các chỉ số chính", "Headline figures"), subtitle=f"{scope_line} · {vs}",
                        figures=[_figure(m, now, before, target(m), lang) for m in HEADLINE],
                        text=[_t(lang, f"Tiếp nhận {fmt.number(now['received'], 0, 'vi')} hồ sơ, đã giải quyết "
                                       f"{fmt.number(now['resolved'], 0, 'vi')}, đang xử lý quá hạn "
                                       f"{fmt.number(now['pending_overdue'], 0, 'vi')}.",
                                 f"Received {fmt.number(now['received'], 0, 'en')} dossiers, resolved "
                                 f"{fmt.number(now['resolved'], 0, 'en')}, pending overdue "
                                 f"{fmt.number(now['pending_overdue'], 0, 'en')}.")]))

    for key, title_vi, title_en, shown, lines in AREAS:
        slides.append(Slide("area", _t(lang, title_vi, title_en), subtitle=f"{scope_line} · {vs}",
                            figures=[_figure(m, now, before, target(m), lang) for m in shown],
                            chart=_trend(con, period, kind, unit, lines, lang)))
    slides.extend(scores_slides(con, period, kind, unit, lang))

    ranked = queries.ranking_with_targets(con, RANK_METRIC, period.start, period.end,
                                          (previous.start, previous.end), kind=kind, unit=unit)
    below = ranked[ranked["status"].isin(["near", "below"])].sort_values([RANK_METRIC, "unit_code"])
    header = [_t(lang, "Hạng", "Rank"), _t(lang, "Đơn vị", "Unit"), _t(lang, "Đã giải quyết", "Resolved"),
              _t(lang, "Tỷ lệ đúng hạn", "On-time rate")]
    if not unit:
        sized = ranked[(ranked["resolved"] >= MIN_VOLUME) & ranked[RANK_METRIC].notna()]
        best = sized.head(TOP_N)
        worst = sized.sort_values([RANK_METRIC, "resolved"], ascending=[True, False]).head(TOP_N)
        note = _t(lang, f"Xếp hạng theo tỷ lệ giải quyết đúng hạn; chỉ tính đơn vị có từ {MIN_VOLUME} hồ sơ "
                        "đã giải quyết trong kỳ.",
                  f"Ranked by on-time rate; units with at least {MIN_VOLUME} resolved dossiers in the period.")
        slides.append(Slide("ranking", _t(lang, "Xếp hạng đơn vị", "Unit ranking"), subtitle=scope_line,
                            tables=[(_t(lang, "Cao nhất", "Best"), header, _unit_rows(best, lang, False)),
                                    (_t(lang, "Thấp nhất", "Lowest"), header, _unit_rows(worst, lang, False))],
                            text=[note] if len(sized) else [_t(lang, "Chưa có đơn vị nào đủ số hồ sơ để xếp hạng.",
                                                                 "No unit has enough dossiers to rank.")]))
    rows = _unit_rows(below.head(BELOW_ROWS), lang)
    more = len(below) - len(rows)
    below_text = []
    if below.empty:
        below_text.append(_t(lang, "Không có đơn vị nào dưới chỉ tiêu đúng hạn.", "No unit is below its on-time target."))
    elif more > 0:
        below_text.append(_t(lang, f"… và {more} đơn vị khác (xem bảng xếp hạng trên bảng điều hành).",
                             f"… and {more} more (see the ranking on the dashboard)."))
    slides.append(Slide("below", _t(lang, f"Đơn vị dưới chỉ tiêu đúng hạn ({len(below)})",
                                    f"Units below the on-time target ({len(below)})"), subtitle=scope_line,
                        tables=[("", header + [_t(lang, "Chỉ tiêu", "Target"), _t(lang, "Mức", "Status")], rows)]
                        if rows else [], text=below_text))

    summary = narrative.period_summary(
        period, _t(lang, "Toàn tỉnh", "Whole province") if not unit and not kind else scope_label, now, before,
        [(n or c, v) for n, c, v in zip(below["unit_name"], below["unit_code"], below[RANK_METRIC])], lang)
    slides.append(Slide("summary", _t(lang, "Tóm tắt", "Summary"), subtitle=scope_line, text=[summary]))
    slides.append(Slide("note", _t(lang, "Ghi chú về số liệu", "About the data"), subtitle=scope_line,
                        text=data_note(con, period, lang)))
    return Briefing(province=province, period=period, scope_label=scope_label, lang=lang, generated=today,
                    demo=warehouse.is_demo(con), slides=slides,
                    kpis={"from": period.start.isoformat(), "to": period.end.isoformat(), "unit": unit, "kind": kind,
                          **now})


def data_note(con, period: periods.Period, lang: str) -> list[str]:
    """Sources and import dates (from the import log), how pending is counted, the definitions."""
    lines = []
    if warehouse.is_demo(con):
        lines.append(_t(lang, "Dữ liệu mẫu: số liệu minh họa của một tỉnh mẫu, không phải số liệu thật.",
                        "Demo data: illustrative figures for a sample province, not real data."))
    history = queries.import_history(con, 200)
    done = history[history["status"] == "ok"] if len(history) else history
    if len(done):
        for kind_, rows in done.groupby("kind", sort=True):
            last = rows.sort_values("import_id").iloc[-1]
            stamp = last["finished_at"] if not fmt.missing(last["finished_at"]) else last["started_at"]
            lines.append(_t(lang, f"Nguồn «{kind_}»: {len(rows)} lần nhập, gần nhất {fmt.date(stamp)} "
                                  f"(tệp {last['file_name']}).",
                            f"Source '{kind_}': {len(rows)} imports, latest {fmt.date(stamp)} "
                            f"(file {last['file_name']})."))
    else:
        lines.append(_t(lang, "Chưa có lần nhập dữ liệu nào được ghi nhận.", "No import has been logged yet."))
    lines.append(_t(lang, f"Kỳ báo cáo {fmt.date(period.start)} – {fmt.date(period.end)}; hồ sơ đang xử lý tính tại "
                          f"cuối ngày {fmt.date(period.end)}. Tỷ lệ không có mẫu số hiện là —.",
                    f"Period {fmt.date(period.start)} – {fmt.date(period.end)}; pending dossiers as at the end of "
                    f"{fmt.date(period.end)}. A rate with no denominator shows as —."))
    lines.append(_t(lang, "Chỉ tiêu là giá trị tỉnh tự đặt (mặc định minh họa), không phải quy định pháp lý.",
                    "Targets are the province's own settings (example defaults), not legal requirements."))
    for metric in ("on_time_rate", "progress_rate", "online_rate", "digitized_rate", "online_payment_rate"):
        lines.append(f"{_label(metric, lang)}: {_t(lang, *DEFINITIONS[metric])}")
    return lines


def render_charts(b: Briefing) -> Briefing:
    """Draw every slide's chart to PNG (one chromium session for all of them)."""
    import charts

    todo = [s for s in b.slides if s.chart and s.png is None]
    pngs = charts.render_png([charts.line_figure(s.chart, b.lang, *CHART_SIZE) for s in todo], *CHART_SIZE)
    for s, png in zip(todo, pngs):
        s.png = png
    return b


# ---- PPTX -------------------------------------------------------------------------------------

PPTX_FONT = "Arial"  # on every office PC, with Vietnamese; LibreOffice substitutes Liberation Sans
INK, MUTED, ACCENT = "1A1A1A", "555555", "0072B2"


def _rgb(hex_):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_)


def _text(slide, x, y, w, h, text, size, bold=False, color=INK, align=None, name=None):
    from pptx.util import Pt

    box = slide.shapes.add_textbox(x, y, w, h)
    if name:
        box.name = name
    tf = box.text_frame
    tf.word_wrap = True
    lines = text if isinstance(text, list) else [text]
    for i, line in enumerate(lines):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        if align is not None:
            p.alignment = align
        run = p.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, PPTX_FONT
        run.font.color.rgb = _rgb(color)
    return box


def to_pptx(b: Briefing) -> bytes:
    """The briefing as a 16:9 PowerPoint deck (charts must be rendered first for pictures)."""
    from pptx import Presentation
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Emu, Inches, Pt

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    blank = prs.slide_layouts[6]
    W = prs.slide_width
    margin = Inches(0.5)
    inner = W - 2 * margin
    for number, s in enumerate(b.slides, start=1):
        slide = prs.slides.add_slide(blank)
        if s.kind == "title":
            band = slide.shapes.add_shape(1, 0, Inches(2.2), W, Inches(2.4))
            band.fill.solid()
            band.fill.fore_color.rgb = _rgb(ACCENT)
            band.line.fill.background()
            _text(slide, margin, Inches(2.35), inner, Inches(1.2), s.title, 40, True, "FFFFFF", name="title")
            _text(slide, margin, Inches(3.45), inner, Inches(0.9), s.subtitle, 28, False, "FFFFFF", name="province")
            _text(slide, margin, Inches(4.9), inner, Inches(1.6), s.text, 24, False, INK, name="period")
            if b.demo:
                _text(slide, margin, Inches(6.6), inner, Inches(0.5),
                      _t(b.lang, "Dữ liệu mẫu — số liệu minh họa", "Demo data — illustrative figures"), 16, True,
                      "D55E00")
            continue
        _text(slide, margin, Inches(0.3), inner, Inches(0.8), s.title, 32, True, ACCENT, name="title")
        if s.subtitle:
            _text(slide, margin, Inches(1.0), inner, Inches(0.5), s.subtitle, 16, False, MUTED, name="subtitle")
        _text(slide, W - Inches(1.5), Inches(7.0), Inches(1.2), Inches(0.4), f"{number}/{len(b.slides)}", 12,
              False, MUTED, PP_ALIGN.RIGHT)
        top = Inches(1.6)
        if s.figures:
            per_row = 4
            rows = -(-len(s.figures) // per_row)
            tile_w = (inner - Inches(0.2) * (per_row - 1)) / per_row
            tile_h = Inches(2.2) if rows > 1 else Inches(2.0)
            for i, fig in enumerate(s.figures):
                x = margin + (tile_w + Inches(0.2)) * (i % per_row)
                y = top + (tile_h + Inches(0.2)) * (i // per_row)
                tile = slide.shapes.add_shape(1, Emu(int(x)), Emu(int(y)), Emu(int(tile_w)), tile_h)
                tile.fill.solid()
                tile.fill.fore_color.rgb = _rgb("F2F5F9")
                tile.line.color.rgb = _rgb(STATUS_COLOR.get(fig.status, "C8CED6"))
                tile.line.width = Pt(3 if fig.status else 1)
                pad = Inches(0.12)
                cx, cw = Emu(int(x + pad)), Emu(int(tile_w - 2 * pad))
                _text(slide, cx, Emu(int(y + pad)), cw, Inches(0.6), fig.label, 13, False, MUTED)
                _text(slide, cx, Emu(int(y + Inches(0.65))), cw, Inches(0.8), fig.value, 36, True, INK,
                      name=f"kpi:{fig.metric}")
                extra = []
                if fig.change:
                    extra.append(f"{_t(b.lang, 'Thay đổi', 'Change')}: {fig.change}")
                if fig.target:
                    extra.append(fig.target + (f": {fig.status_text}" if fig.status_text else ""))
                if extra:
                    _text(slide, cx, Emu(int(y + Inches(1.4))), cw, Inches(0.7), extra, 12, False,
                          STATUS_COLOR.get(fig.status, MUTED) if fig.status in ("near", "below") else MUTED)
            top = top + (tile_h + Inches(0.2)) * rows
        if s.png:
            h = prs.slide_height - top - Inches(0.5)
            w = min(inner, int(h * CHART_SIZE[0] / CHART_SIZE[1]))
            slide.shapes.add_picture(io.BytesIO(s.png), Emu(int(margin + (inner - w) / 2)), Emu(int(top)),
                                     width=Emu(int(w)), height=Emu(int(h)))
        elif s.chart is None and s.kind == "area":
            _text(slide, margin, top, inner, Inches(0.5),
                  _t(b.lang, "Chưa có dữ liệu theo tháng.", "No monthly data yet."), 16, False, MUTED)
        if s.tables:
            n = len(s.tables)
            gap = Inches(0.3)
            tw = (inner - gap * (n - 1)) / n
            for i, (caption, header, rows) in enumerate(s.tables):
                x = margin + (tw + gap) * i
                y = top
                if caption:
                    _text(slide, Emu(int(x)), Emu(int(y)), Emu(int(tw)), Inches(0.5), caption, 20, True, INK)
                    y = y + Inches(0.55)
                shape = slide.shapes.add_table(len(rows) + 1, len(header), Emu(int(x)), Emu(int(y)), Emu(int(tw)),
                                               Inches(0.42) * (len(rows) + 1))
                shape.name = f"table:{i}"
                table = shape.table
                for c, h in enumerate(header):
                    table.columns[c].width = Emu(int(tw * (0.5 if c == 1 else 0.5 / (len(header) - 1))))
                for r, row in enumerate([header, *rows]):
                    for c, value in enumerate(row):
                        cell = table.cell(r, c)
                        cell.text = value
                        para = cell.text_frame.paragraphs[0]
                        para.alignment = PP_ALIGN.LEFT if c == 1 else PP_ALIGN.RIGHT
                        for run in para.runs:
                            run.font.size, run.font.name, run.font.bold = Pt(16), PPTX_FONT, r == 0
            captioned = Inches(0.55) if any(t[0] for t in s.tables) else 0
            top = top + captioned + Inches(0.42) * (max(len(t[2]) for t in s.tables) + 1) + Inches(0.2)
        if s.text:
            if s.tables:  # under a table, whose rows grow with wrapped headers: at the foot of the slide
                top = max(top, prs.slide_height - Inches(1.2))
            size = 22 if s.kind == "summary" else 16
            lines = s.text if s.kind != "note" else [f"• {t}" for t in s.text]
            room = Emu(int(max(prs.slide_height - top - Inches(0.6), Inches(0.5))))
            _text(slide, margin, Emu(int(top)), inner, room, lines, size, False, INK, name="text")
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


# ---- PDF ----------------------------------------------------------------------------------------

FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/truetype/dejavu"))
FONT_FILES = (("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"), ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"))


def _fonts() -> tuple[Path, Path]:
    """A TrueType family with Vietnamese glyphs, to embed: Noto Sans, else DejaVu Sans."""
    for d in FONT_DIRS:
        for regular, bold in FONT_FILES:
            if (d / regular).exists() and (d / bold).exists():
                return d / regular, d / bold
    raise RuntimeError("Không tìm thấy phông chữ Noto Sans / DejaVu Sans (apt-get install fonts-noto-core)")


def _hex(h: str) -> tuple[int, int, int]:
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def to_pdf(b: Briefing) -> bytes:
    """The same slides as a PDF, one 16:9 page each, with Noto Sans embedded."""
    from fpdf import FPDF

    W, H = 338.67, 190.5  # mm: 13.333 × 7.5 in, as the deck
    pdf = FPDF(orientation="L", unit="mm", format=(H, W))
    pdf.set_auto_page_break(False)
    regular, bold = _fonts()
    pdf.add_font("Body", "", str(regular))
    pdf.add_font("Body", "B", str(bold))
    pdf.set_title(f"{b.slides[0].title} — {b.period.label(b.lang)}")
    pdf.set_creator("CCHC Dashboard")
    m = 12.7
    inner = W - 2 * m

    def text(x, y, w, h, body, size, style="", color=INK, align="L"):
        pdf.set_xy(x, y)
        pdf.set_font("Body", style, size)
        pdf.set_text_color(*_hex(color))
        pdf.multi_cell(w, size * 0.45, body, align=align)

    for number, s in enumerate(b.slides, start=1):
        pdf.add_page()
        if s.kind == "title":
            pdf.set_fill_color(*_hex(ACCENT))
            pdf.rect(0, 56, W, 61, style="F")
            text(m, 62, inner, 20, s.title, 36, "B", "FFFFFF")
            text(m, 90, inner, 15, s.subtitle, 26, "", "FFFFFF")
            text(m, 127, inner, 40, "\n".join(s.text), 22)
            if b.demo:
                text(m, 170, inner, 8, _t(b.lang, "Dữ liệu mẫu — số liệu minh họa", "Demo data — illustrative figures"),
                     14, "B", "D55E00")
            continue
        text(m, 8, inner, 14, s.title, 28, "B", ACCENT)
        if s.subtitle:
            text(m, 24, inner, 8, s.subtitle, 13, "", MUTED)
        text(W - m - 30, H - 10, 30, 6, f"{number}/{len(b.slides)}", 10, "", MUTED, "R")
        top = 36.0
        if s.figures:
            per_row, gap = 4, 5.0
            rows = -(-len(s.figures) // per_row)
            tw, th = (inner - gap * (per_row - 1)) / per_row, 50.0 if rows > 1 else 48.0
            for i, fig in enumerate(s.figures):
                x = m + (tw + gap) * (i % per_row)
                y = top + (th + gap) * (i // per_row)
                pdf.set_fill_color(242, 245, 249)
                pdf.set_draw_color(*_hex(STATUS_COLOR.get(fig.status, "C8CED6")))
                pdf.set_line_width(1.0 if fig.status else 0.3)
                pdf.rect(x, y, tw, th, style="DF")
                text(x + 3, y + 3, tw - 6, 10, fig.label, 11, "", MUTED)
                text(x + 3, y + 16, tw - 6, 14, fig.value, 30, "B")
                extra = []
                if fig.change:
                    extra.append(f"{_t(b.lang, 'Thay đổi', 'Change')}: {fig.change}")
                if fig.target:
                    extra.append(fig.target + (f": {fig.status_text}" if fig.status_text else ""))
                if extra:
                    text(x + 3, y + 33, tw - 6, 12, "\n".join(extra), 10, "",
                         STATUS_COLOR.get(fig.status, MUTED) if fig.status in ("near", "below") else MUTED)
            top += (th + gap) * rows
        if s.png:
            h = H - top - 12
            w = min(inner, h * CHART_SIZE[0] / CHART_SIZE[1])
            pdf.image(io.BytesIO(s.png), x=m + (inner - w) / 2, y=top, w=w, h=h)
        elif s.chart is None and s.kind == "area":
            text(m, top, inner, 8, _t(b.lang, "Chưa có dữ liệu theo tháng.", "No monthly data yet."), 14, "", MUTED)
        if s.tables:
            n, gap = len(s.tables), 8.0
            tw = (inner - gap * (n - 1)) / n
            height = 0.0
            for i, (caption, header, rows) in enumerate(s.tables):
                x, y = m + (tw + gap) * i, top
                if caption:
                    text(x, y, tw, 8, caption, 18, "B")
                    y += 11
                widths = [tw * (0.5 if c == 1 else 0.5 / (len(header) - 1)) for c in range(len(header))]
                pdf.set_draw_color(200, 206, 214)
                pdf.set_line_width(0.2)
                for r, row in enumerate([header, *rows]):
                    pdf.set_xy(x, y + r * 9)
                    pdf.set_font("Body", "B" if r == 0 else "", 12)
                    pdf.set_text_color(*_hex(INK))
                    pdf.set_fill_color(*((230, 236, 243) if r == 0 else (255, 255, 255)))
                    for c, value in enumerate(row):
                        pdf.cell(widths[c], 9, value, border=1, align="L" if c == 1 else "R", fill=True)
                height = max(height, (y - top) + 9 * (len(rows) + 1))
            top += height + 6
        if s.text:
            body = "\n".join(s.text) if s.kind != "note" else "\n".join(f"• {t}" for t in s.text)
            text(m, top, inner, H - top - 12, body, 20 if s.kind == "summary" else 13)
    return bytes(pdf.output())


def write(b: Briefing, path: str | Path) -> Path:
    """Render the charts and write the briefing as .pptx or .pdf, by the file's extension."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".pptx", ".pdf"):
        raise ValueError(f"Phần mở rộng phải là .pptx hoặc .pdf / the file must end in .pptx or .pdf: {path.name}")
    render_charts(b)
    data = to_pptx(b) if suffix == ".pptx" else to_pdf(b)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_bytes(data)
    tmp.replace(path)  # never a half-written file where the scheduler looks
    return path
