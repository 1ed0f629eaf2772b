"""The briefing (Báo cáo): a period and scope told in slides.

`build` asks the metric engine (`queries`) for every figure and returns a list of `Slide`s —
plain text, numbers already formatted, and chart specs. `reports.pptx_deck.to_pptx` and
`reports.pdf_deck.to_pdf` lay the same slides out as files; presentation mode
(`reports.present`) shows them on screen. Nothing here computes a rate:
values, changes and statuses come from `queries`, `queries.metrics` and `narrative`.
No Streamlit: the page, the command line (`cli.py briefing`) and the tests all call this.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import formatting as fmt
import queries
import warehouse
from labels import STATUS_COLOR, STATUS_TEXT, UNIT_KIND_LABELS, grade_name, in_lang
from queries import metrics, periods
from queries.metrics import LABELS_EN, LABELS_VI
from reports import narrative

HEADLINE = ("on_time_rate", "progress_rate", "online_rate", "full_online_rate", "digitized_rate",
            "online_payment_rate", "result_digitized_rate", "avg_processing_days")
# (key, title vi, title en, figures on the slide, lines on its chart)
AREAS = (
    ("on_time", "Giải quyết hồ sơ đúng hạn", "Dossier processing on time",
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
MAP_SIZE = (900, 1000)  # px: the 34 provinces, Hoàng Sa and Trường Sa included, beside the group table
MIN_VOLUME = metrics.MIN_VOLUME  # as the overview: top/bottom lists skip units with fewer resolved dossiers
TOP_N = 5
BELOW_ROWS = 10  # rows of the below-target table on one slide
# The slides' colours, in the PPTX and the PDF alike (hex without '#', as python-pptx takes them).
INK, MUTED, ACCENT = "1A1A1A", "555555", "0072B2"
KIND_WORDS = {None: ("Toàn tỉnh", "Whole province"), "department": ("Sở, ban, ngành", "Departments"),
              "commune": ("Xã, phường, đặc khu", "Communes")}


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

    def notes(self, lang: str) -> list[str]:
        """The lines under the value on a tile: the change and the target with its status."""
        lines = []
        if self.change:
            lines.append(f"{in_lang(lang, 'Thay đổi', 'Change')}: {self.change}")
        if self.target:
            lines.append(self.target + (f": {self.status_text}" if self.status_text else ""))
        return lines

    def notes_color(self) -> str:
        """Those lines in the status colour when short of the target, else muted."""
        return STATUS_COLOR[self.status] if self.status in ("near", "below") else MUTED


@dataclass
class Slide:
    kind: str  # title, headline, area, ranking, below, summary, scores, national, note
    title: str
    subtitle: str = ""
    figures: list[Figure] = field(default_factory=list)
    chart: dict | None = None  # {x, series: [(name, values)], percent}
    tables: list[tuple[str, list[str], list[list[str]]]] = field(default_factory=list)  # (caption, header, rows)
    text: list[str] = field(default_factory=list)  # paragraphs (summary) or bullets (note)
    png: bytes | None = None  # the chart, once rendered
    # per table, what each column holds (rank, name, score, max, word), for layouts that set the
    # score large and its maximum small beside it ("14,61 / 22"); empty: as the slide's kind implies
    roles: list[tuple[str, ...]] = field(default_factory=list)
    # the national slide: the 34 provinces coloured by total, ours marked ({era, values, ours, center,
    # spread}), drawn as SVG on screen and as a PNG (`map_png`) on paper; our rank across imported
    # periods as [(period label, rank, of)]
    map: dict | None = None
    map_png: bytes | None = None
    trend: list[tuple[str, int, int]] = field(default_factory=list)


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
        target=None if target is None else f"{in_lang(lang, 'Chỉ tiêu', 'Target')} {value_text(metric, target, lang)}",
        status=status, status_text=None if status is None else in_lang(lang, *STATUS_TEXT[status]),
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
    return {"x": [fmt.month_label(m, lang) for m in months], "series": series, "percent": True, "keys": list(lines)}


def _unit_rows(frame, lang: str, with_target: bool = True) -> list[list[str]]:
    rows = []
    for r in frame.to_dict("records"):
        row = ["—" if fmt.missing(r["rank"]) else str(int(r["rank"])), str(r["unit_name"] or r["unit_code"]),
               fmt.number(r["resolved"], 0, lang), value_text(RANK_METRIC, r[RANK_METRIC], lang)]
        if with_target:
            row.append(value_text(RANK_METRIC, r["target"], lang))
            row.append(in_lang(lang, *STATUS_TEXT[r["status"]]) if r["status"] in STATUS_TEXT else "—")
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


def _score_rows(units: list[dict], lang: str, extra) -> list[list[str]]:
    return [["—" if u["rank"] is None else str(u["rank"]), str(u["unit_name"] or u["unit_code"]),
             fmt.number(u["total"], 2, lang), *extra(u)] for u in units]


def _points(x, lang: str) -> str:
    """A maximum: '22', or '41,5' when it is not whole."""
    return fmt.number(x, 0 if fmt.missing(x) or float(x) == int(x) else 2, lang)


def _kind_order(kinds) -> list:
    """Kinds of unit in the order slides take them: departments, communes, then the rest."""
    order = ["department", "commune", "center", "district", "other"]
    return sorted(kinds, key=lambda k: (order.index(k) if k in order else len(order), str(k)))


def _by_kind(units: list[dict]) -> list[tuple[str, list[dict]]]:
    """Units grouped by kind, departments then communes then the rest: never ranked or listed
    together (ranks are per kind, rule 35)."""
    return [(k, [u for u in units if u["kind"] == k]) for k in _kind_order({u["kind"] for u in units})]


def _kind_words(kind, lang: str) -> str:
    return in_lang(lang, *UNIT_KIND_LABELS.get(kind, (str(kind), str(kind))))


def scores_slides(con, period: periods.Period, kind: str | None, unit: str | None, lang: str) -> list[Slide]:
    """The published composite scores (QĐ 766 for the period, the PAR index of the latest year up
    to it), as imported: never recomputed, never added up across units. Departments and communes
    are ranked within their kind, so they never share a table: each kind has its own, two tables
    at most on a slide (they sit side by side; definitions: rule 81)."""
    from queries import scores

    slides = []
    imported = [r["period"] for r in scores.portal766_periods(con)]
    p766 = _score_period(period, imported)
    if p766:
        out = scores.portal766(con, p766, kind=kind)
        groups = out["groups"]
        title = in_lang(lang, f"Chỉ số 766 – kỳ {p766}", f"QĐ 766 index – period {p766}")
        source = in_lang(lang, "Điểm do Cổng Dịch vụ công quốc gia công bố", "Scores as published by the national portal")
        if out["province"] and not unit:
            prov = out["province"]
            slides.append(Slide(
                "scores", title, subtitle=f"{source}; " + in_lang(lang, "toàn tỉnh theo nhóm", "the province by group"),
                tables=[(in_lang(lang, "Toàn tỉnh theo nhóm", "Province by group"),
                         [in_lang(lang, "Nhóm", "Group"), in_lang(lang, "Điểm", "Points"), in_lang(lang, "Tối đa", "Maximum")],
                         [[in_lang(lang, *scores.GROUP_LABELS[g]), fmt.number(prov["groups"].get(g), 2, lang),
                           _points(scores.GROUP_MAX[g], lang)] for g in groups])],
                roles=[("name", "score", "max")]))
        header = [in_lang(lang, "Hạng", "Rank"), in_lang(lang, "Đơn vị", "Unit"), in_lang(lang, "Tổng điểm", "Total"),
                  in_lang(lang, "Tối đa", "Maximum")]
        of_max = lambda u: [_points(u["max_total"], lang)]  # noqa: E731
        if unit:
            tables = [(in_lang(lang, "Đơn vị", "Unit"), header,
                       _score_rows([u for u in out["units"] if u["unit_code"] == unit], lang, of_max))]
        else:
            # the lowest of each kind by their rank (the total as a share of its maximum, rule 57)
            tables = [(in_lang(lang, f"{_kind_words(k, lang)}: thấp nhất", f"{_kind_words(k, lang)}: lowest"), header,
                       _score_rows(sorted((u for u in us if u["rank"] is not None),
                                          key=lambda u: (-u["rank"], u["unit_code"]))[:TOP_N], lang, of_max))
                      for k, us in _by_kind(out["units"])]
        tables = [t for t in tables if t[2]]
        for i in range(0, len(tables), 2):
            slides.append(Slide("scores", title, subtitle=f"{source}; " + in_lang(
                lang, "xếp hạng trong từng loại đơn vị theo tỷ lệ điểm trên tối đa",
                "ranked within each kind of unit by the share of the maximum"),
                tables=tables[i:i + 2], roles=[("rank", "name", "score", "max")] * len(tables[i:i + 2])))
    years = [y for y in scores.par_years(con) if y <= period.end.year]
    if years:
        year = max(years)
        units = scores.par(con, year, kind=kind)
        header = [in_lang(lang, "Hạng", "Rank"), in_lang(lang, "Đơn vị", "Unit"), in_lang(lang, "Chỉ số", "Index"),
                  in_lang(lang, "Xếp loại", "Grade")]
        grade = lambda u: [grade_name(u["grade"], lang)]  # noqa: E731
        roles = ("rank", "name", "score", "word")
        title = in_lang(lang, f"Chỉ số CCHC năm {year}", f"PAR index {year}")
        subtitle = in_lang(lang, "Điểm thẩm định; xếp hạng trong từng loại đơn vị",
                           "Appraised points; ranked within each kind of unit")
        if unit:
            rows = _score_rows([u for u in units if u["unit_code"] == unit], lang, grade)
            if rows:
                slides.append(Slide("scores", title, subtitle=subtitle, tables=[("", header, rows)], roles=[roles]))
        else:
            for k, us in _by_kind(units):
                ranked = [u for u in us if u["rank"] is not None]
                if not ranked:
                    continue
                best = sorted(ranked, key=lambda u: (u["rank"], u["unit_code"]))
                if len(ranked) <= TOP_N:
                    tables = [(in_lang(lang, "Xếp hạng", "Ranking"), header, _score_rows(best, lang, grade))]
                else:
                    lowest = sorted(ranked, key=lambda u: (-u["rank"], u["unit_code"]))[:TOP_N]
                    tables = [(in_lang(lang, "Cao nhất", "Best"), header, _score_rows(best[:TOP_N], lang, grade)),
                              (in_lang(lang, "Thấp nhất", "Lowest"), header, _score_rows(lowest, lang, grade))]
                slides.append(Slide("scores", f"{title} – {_kind_words(k, lang)}", subtitle=subtitle, tables=tables,
                                    roles=[roles] * len(tables)))
    return slides


def national_period(period: periods.Period, published: list[str]) -> str | None:
    """The national QĐ 766 period that applies to a briefing period, as on the national page
    (`ui.score_period`): the latest published period that ends on or before the briefing period's
    last day; None before the first."""
    def end_of(name):
        return periods.parse(str(name)).last_day

    applying = [p for p in published if end_of(p) <= period.last_day]
    return max(applying, key=lambda p: (end_of(p), p)) if applying else None


def rank_change_words(change, lang: str) -> str | None:
    """Places gained since the previous imported period: '+2 bậc' / 'up 2 places', '-1 bậc',
    'giữ nguyên hạng' / 'same rank'; None without a previous rank."""
    if change is None:
        return None
    if change == 0:
        return in_lang(lang, "giữ nguyên hạng", "same rank")
    n = abs(int(change))
    if lang == "vi":
        return f"{'+' if change > 0 else '-'}{n} bậc"
    return f"{'up' if change > 0 else 'down'} {n} place{'s' if n != 1 else ''}"


def points_change(x, lang: str) -> str | None:
    """A change of points (not of a rate): '+0,20 điểm' / '+0.20 points'."""
    if fmt.missing(x):
        return None
    sign = "+" if x > 0 else ("-" if x < 0 else "±")
    return f"{sign}{fmt.number(abs(x), 2, lang)} {in_lang(lang, 'điểm', 'points')}"


def _period_short(name: str, lang: str) -> str:
    """A score period on a chart: a month as '10/2026' in both languages, else its name."""
    q = periods.parse(name)
    return f"{q.start:%m/%Y}" if q.kind == "month" else q.label(lang)


def national_slide(con, period: periods.Period, kind: str | None, unit: str | None, lang: str) -> Slide | None:
    """Our province among the 34 on QĐ 766 (definitions rules 74-76): its rank and the change since
    the previous imported period, its total, the gap to the province just above in the total and in
    each group (with our points and group rank), the 34 coloured by total with ours marked, and the
    rank across imported periods. Only for the whole province: provinces are ranked as wholes, so a
    unit's or a kind's briefing has none; none before the first national period, nor when our
    province is not among those scored."""
    from queries import national as nat
    from queries.scores import GROUP_LABELS, GROUP_MAX

    if unit or kind:
        return None
    p = national_period(period, nat.national_periods(con))
    if p is None:
        return None
    out = nat.national(con, p)
    ours = out["ours"]
    if ours is None or ours["rank"] is None:
        return None
    n = out["count"]

    def tied(rank, key) -> bool:
        ranks = [q["rank"] if key == "total" else q["group_ranks"].get(key) for q in out["provinces"]]
        return rank is not None and ranks.count(rank) > 1

    def rank_text(rank, key) -> str:
        return "—" if rank is None else f"{rank}/{n}" + ("=" if tied(rank, key) else "")

    def gap_text(x, unit: bool = False) -> str:
        return "—" if x is None else fmt.number(x, 2, lang) + (f" {in_lang(lang, 'điểm', 'points')}" if unit else "")

    scored = periods.parse(p).label(lang)
    before = periods.parse(out["previous"]).label(lang) if out["previous"] else None
    change = rank_change_words(ours["rank_change"], lang)
    total_change = points_change(ours["total_change"], lang)
    figures = [
        Figure("national_rank", in_lang(lang, f"Xếp hạng trong {n} tỉnh, thành phố", f"Rank among {n} provinces"),
               rank_text(ours["rank"], "total"), ours["rank"], change, None, None, None),
        Figure("national_total", in_lang(lang, "Tổng điểm", "Total"),
               f"{fmt.number(ours['total'], 2, lang)} / {_points(ours['max_total'], lang)}", ours["total"],
               total_change, None, None, None),
        Figure("national_gap", in_lang(lang, "Cách tỉnh liền trên", "Behind the province above"),
               gap_text(ours["gap_above"]["total"], True), ours["gap_above"]["total"], None, None, None, None),
    ]
    header = [in_lang(lang, "Hạng", "Rank"), in_lang(lang, "Nhóm", "Group"), in_lang(lang, "Điểm", "Points"),
              in_lang(lang, "Tối đa", "Maximum"), in_lang(lang, "Cách tỉnh liền trên", "Behind the one above")]
    rows = [[rank_text(ours["rank"], "total"), in_lang(lang, "Tổng điểm", "Total"), fmt.number(ours["total"], 2, lang),
             _points(ours["max_total"], lang), gap_text(ours["gap_above"]["total"])]]
    rows += [[rank_text(ours["group_ranks"].get(g), g), in_lang(lang, *GROUP_LABELS[g]),
              fmt.number(ours["groups"].get(g), 2, lang), _points(GROUP_MAX[g], lang), gap_text(ours["gap_above"].get(g))]
             for g in out["groups"]]
    values = [q["total"] for q in out["provinces"] if q["total"] is not None]
    center = sorted(values)[len(values) // 2] if values else 0.0
    spread = max([abs(v - center) for v in values] + [1e-6])
    trend = [(_period_short(t["period"], lang), int(t["rank"]), int(t["of"]))
             for t in nat.national_trend(con) if t["rank"] and periods.parse(t["period"]).kind == periods.parse(p).kind
             and t["period"] <= p]
    subtitle = in_lang(
        lang, f"{ours['full_name']} · kỳ chấm điểm {scored.lower()}" + (f" · so với {before.lower()}" if before else ""),
        f"{ours['full_name']} · scored period {scored}" + (f" · against {before}" if before else ""))
    return Slide(
        "national", in_lang(lang, f"Tỉnh trong {n} tỉnh, thành phố – Chỉ số 766", f"The province among the {n} – QĐ 766"),
        subtitle=subtitle, figures=figures,
        tables=[(in_lang(lang, "Từng nhóm chỉ số", "Group by group"), header, rows)],
        roles=[("rank", "name", "score", "max", "gap")],
        text=[in_lang(lang, "«Cách tỉnh liền trên»: số điểm cần thêm để bằng tỉnh xếp ngay trên (— khi đứng đầu); "
                            "«=» là đồng hạng. Điểm do Cổng Dịch vụ công quốc gia công bố.",
                      "'Behind the one above': the points needed to draw level with the province ranked just above "
                      "(— when first); '=' is a shared rank. Scores as published by the national portal.")],
        map={"era": out["era"], "values": {q["code"]: q["total"] for q in out["provinces"]}, "ours": ours["code"],
             "center": center, "spread": spread, "period": p},
        trend=trend if len(trend) >= 2 else [])


def build(con, period: periods.Period, kind: str | None = None, unit: str | None = None, lang: str = "vi",
          today: dt.date | None = None) -> Briefing:
    """Every slide of the briefing for one period and scope, from the metric engine's figures."""
    today = today or dt.date.today()
    registry = queries.units(con)
    province_rows = registry[registry["kind"] == "province"]
    province = str(province_rows["unit_name"].iloc[0]) if len(province_rows) else in_lang(lang, "Tỉnh", "Province")
    names = dict(zip(registry["unit_code"], registry["unit_name"]))
    kinds = dict(zip(registry["unit_code"], registry["kind"]))
    if unit and unit not in names:
        raise ValueError(f"Không có đơn vị mã «{unit}» / unknown unit code '{unit}'")
    scope_label = names[unit] if unit else in_lang(lang, *KIND_WORDS.get(kind, (kind or "", kind or "")))
    scope_kind = kinds.get(unit) if unit else kind
    previous = period.previous()
    now = queries.kpis(con, period.start, period.end, kind=kind, unit=unit)
    before = queries.kpis(con, previous.start, previous.end, kind=kind, unit=unit)
    year_targets = queries.targets(con, period.end.year)

    def target(metric):
        return metrics.target_for(year_targets, metric, unit, scope_kind)

    when = period.label(lang)
    scope_line = f"{when} · {scope_label}"
    vs = in_lang(lang, f"So với {previous.label('vi')}", f"Against {previous.label('en')}")
    slides = [Slide("title", in_lang(lang, "Báo cáo tình hình cải cách hành chính", "Administrative reform briefing"),
                    subtitle=province,
                    text=[when, scope_label, in_lang(lang, f"Ngày lập: {fmt.date(today)}", f"Prepared {fmt.date(today)}")])]

    slides.append(Slide("headline", in_lang(lang, "Các chỉ số chính", "Headline figures"), subtitle=f"{scope_line} · {vs}",
                        figures=[_figure(m, now, before, target(m), lang) for m in HEADLINE],
                        text=[in_lang(lang, f"Tiếp nhận {fmt.number(now['received'], 0, 'vi')} hồ sơ, đã giải quyết "
                                       f"{fmt.number(now['resolved'], 0, 'vi')}, đang xử lý quá hạn "
                                       f"{fmt.number(now['pending_overdue'], 0, 'vi')}.",
                                 f"Received {fmt.number(now['received'], 0, 'en')} dossiers, resolved "
                                 f"{fmt.number(now['resolved'], 0, 'en')}, pending overdue "
                                 f"{fmt.number(now['pending_overdue'], 0, 'en')}.")]))

    for key, title_vi, title_en, shown, lines in AREAS:
        slides.append(Slide("area", in_lang(lang, title_vi, title_en), subtitle=f"{scope_line} · {vs}",
                            figures=[_figure(m, now, before, target(m), lang) for m in shown],
                            chart=_trend(con, period, kind, unit, lines, lang)))
    slides.extend(scores_slides(con, period, kind, unit, lang))
    national = national_slide(con, period, kind, unit, lang)
    if national:
        slides.append(national)

    ranked = queries.ranking_with_targets(con, RANK_METRIC, period.start, period.end,
                                          (previous.start, previous.end), kind=kind, unit=unit)
    below = ranked[ranked["status"].isin(["near", "below"])].sort_values([RANK_METRIC, "unit_code"])
    header = [in_lang(lang, "Hạng", "Rank"), in_lang(lang, "Đơn vị", "Unit"), in_lang(lang, "Đã giải quyết", "Resolved"),
              in_lang(lang, "Tỷ lệ đúng hạn", "On-time rate")]
    if not unit:
        note = in_lang(lang, f"Xếp hạng theo tỷ lệ giải quyết đúng hạn trong từng loại đơn vị; chỉ tính đơn vị có từ "
                        f"{MIN_VOLUME} hồ sơ đã giải quyết trong kỳ.",
                  f"Ranked by on-time rate within each kind of unit; units with at least {MIN_VOLUME} resolved "
                  "dossiers in the period.")
        # the whole province: a slide per kind of unit, ranked within it (departments and communes
        # never under one heading, rule 77); a kind with fewer than two units to rank has none
        groups = [(None, ranked)] if kind else [
            (k, queries.ranking_with_targets(con, RANK_METRIC, period.start, period.end,
                                             (previous.start, previous.end), kind=k))
            for k in _kind_order(set(ranked["kind"]))]
        made = 0
        for k, frame in groups:
            sized = frame[(frame["resolved"] >= MIN_VOLUME) & frame[RANK_METRIC].notna()]
            if len(sized) < (1 if kind else 2):
                continue
            worst = sized.sort_values([RANK_METRIC, "resolved"], ascending=[True, False]).head(TOP_N)
            tables = ([(in_lang(lang, "Cao nhất", "Best"), header, _unit_rows(sized.head(TOP_N), lang, False)),
                       (in_lang(lang, "Thấp nhất", "Lowest"), header, _unit_rows(worst, lang, False))]
                      if len(sized) > TOP_N else
                      [(in_lang(lang, "Xếp hạng", "Ranking"), header, _unit_rows(sized, lang, False))])
            title = in_lang(lang, "Xếp hạng đơn vị", "Unit ranking") + (f" – {_kind_words(k, lang)}" if k else "")
            slides.append(Slide("ranking", title, subtitle=scope_line, tables=tables, text=[note]))
            made += 1
        if not made:
            slides.append(Slide("ranking", in_lang(lang, "Xếp hạng đơn vị", "Unit ranking"), subtitle=scope_line,
                                text=[in_lang(lang, "Chưa có đơn vị nào đủ số hồ sơ để xếp hạng.",
                                              "No unit has enough dossiers to rank.")]))
    rows = _unit_rows(below.head(BELOW_ROWS), lang)
    more = len(below) - len(rows)
    below_text = []
    if below.empty:
        below_text.append(in_lang(lang, "Không có đơn vị nào dưới chỉ tiêu đúng hạn.", "No unit is below its on-time target."))
    elif more > 0:
        below_text.append(in_lang(lang, f"… và {more} đơn vị khác (xem bảng xếp hạng trên bảng điều hành).",
                             f"… and {more} more (see the ranking on the dashboard)."))
    slides.append(Slide("below", in_lang(lang, f"Đơn vị dưới chỉ tiêu đúng hạn ({len(below)})",
                                    f"Units below the on-time target ({len(below)})"), subtitle=scope_line,
                        tables=[("", header + [in_lang(lang, "Chỉ tiêu", "Target"), in_lang(lang, "Mức", "Status")], rows)]
                        if rows else [], text=below_text))

    summary = narrative.period_summary(
        period, in_lang(lang, "Toàn tỉnh", "Whole province") if not unit and not kind else scope_label, now, before,
        [(n or c, v) for n, c, v in zip(below["unit_name"], below["unit_code"], below[RANK_METRIC])], lang)
    slides.append(Slide("summary", in_lang(lang, "Tóm tắt", "Summary"), subtitle=scope_line, text=[summary]))
    slides.append(Slide("note", in_lang(lang, "Ghi chú về số liệu", "About the data"), subtitle=scope_line,
                        text=data_note(con, period, lang)))
    return Briefing(province=province, period=period, scope_label=scope_label, lang=lang, generated=today,
                    demo=warehouse.is_demo(con), slides=slides,
                    kpis={"from": period.start.isoformat(), "to": period.end.isoformat(), "unit": unit, "kind": kind,
                          **now})


def data_note(con, period: periods.Period, lang: str) -> list[str]:
    """Sources and import dates (from the import log), how pending is counted, the definitions."""
    lines = []
    if warehouse.is_demo(con):
        lines.append(in_lang(lang, "Dữ liệu mẫu: số liệu minh họa của một tỉnh mẫu, không phải số liệu thật.",
                        "Demo data: illustrative figures for a sample province, not real data."))
    history = queries.import_history(con, 200)
    done = history[history["status"] == "ok"] if len(history) else history
    if len(done):
        for kind_, rows in done.groupby("kind", sort=True):
            last = rows.sort_values("import_id").iloc[-1]
            stamp = last["finished_at"] if not fmt.missing(last["finished_at"]) else last["started_at"]
            lines.append(in_lang(lang, f"Nguồn «{kind_}»: {len(rows)} lần nhập, gần nhất {fmt.date(stamp)} "
                                  f"(tệp {last['file_name']}).",
                            f"Source '{kind_}': {len(rows)} imports, latest {fmt.date(stamp)} "
                            f"(file {last['file_name']})."))
    else:
        lines.append(in_lang(lang, "Chưa có lần nhập dữ liệu nào được ghi nhận.", "No import has been logged yet."))
    lines.append(in_lang(lang, f"Kỳ báo cáo {fmt.date(period.start)} – {fmt.date(period.end)}; hồ sơ đang xử lý tính tại "
                          f"cuối ngày {fmt.date(period.end)}. Tỷ lệ không có mẫu số hiện là —.",
                    f"Period {fmt.date(period.start)} – {fmt.date(period.end)}; pending dossiers as at the end of "
                    f"{fmt.date(period.end)}. A rate with no denominator shows as —."))
    lines.append(in_lang(lang, "Chỉ tiêu là giá trị tỉnh tự đặt (mặc định minh họa), không phải quy định pháp lý.",
                    "Targets are the province's own settings (example defaults), not legal requirements."))
    for metric in ("on_time_rate", "progress_rate", "online_rate", "digitized_rate", "online_payment_rate"):
        lines.append(f"{_label(metric, lang)}: {in_lang(lang, *metrics.DEFINITIONS[metric])}")
    return lines


def render_charts(b: Briefing) -> Briefing:
    """Draw every slide's chart to PNG (one chromium session for all of them)."""
    from reports import charts

    todo = [s for s in b.slides if s.chart and s.png is None]
    maps = [s for s in b.slides if s.map and s.map_png is None]
    pngs = charts.render_png([charts.line_figure(s.chart, b.lang, *CHART_SIZE) for s in todo], *CHART_SIZE)
    for s, png in zip(todo, pngs):
        s.png = png
    for s in maps:  # a picture of its own shape, in the same browser's next session
        s.map_png = charts.render_png([charts.provinces_figure(s.map, *MAP_SIZE)], *MAP_SIZE)[0]
    return b
