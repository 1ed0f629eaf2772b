"""A unit's scorecard as a one-page A4 PDF for the unit's head (pages/scorecard.py's download):
the same figures as the page, Noto Sans (else DejaVu Sans) embedded for Vietnamese. Data text is
drawn as text, never interpreted."""
from __future__ import annotations

import formatting as fmt
from labels import STATUS_TEXT, grade_name, par_name
from queries import metrics
from queries.scores import GROUP_LABELS, GROUP_MAX
from reports.pdf_deck import fonts

INK, MUTED = (34, 34, 34), (110, 110, 110)


def to_pdf(card: dict, period_label: str, previous_label: str, targets: dict, lang: str = "vi") -> bytes:
    """`card` from queries.scorecard.scorecard; `targets` {metric: target or None}."""
    from fpdf import FPDF

    def tr(vi, en):
        return vi if lang == "vi" else en

    def value(m, v):
        return fmt.number(v, 2, lang) if m == "avg_processing_days" else fmt.percent(v, lang)

    info, now, before = card["unit"], card["now"], card["before"]
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_auto_page_break(False)
    regular, bold = fonts()
    pdf.add_font("Body", "", str(regular))
    pdf.add_font("Body", "B", str(bold))
    pdf.set_title(f"{tr('Thẻ điểm', 'Scorecard')}: {info['unit_name']}")
    pdf.set_creator("CCHC Dashboard")
    pdf.add_page()
    pdf.set_margins(15, 15, 15)
    width = 180

    def line(text, size=10, style="", color=INK, h=None):
        pdf.set_x(15)
        pdf.set_font("Body", style, size)
        pdf.set_text_color(*color)
        pdf.multi_cell(width, h or size * 0.5, text)

    def row(cells, widths, size=9.5, style=""):
        pdf.set_x(15)
        pdf.set_font("Body", style, size)
        pdf.set_text_color(*INK)
        for text, w in zip(cells, widths):
            pdf.cell(w, 6, str(text)[:60], border="B")
        pdf.ln(6)

    pdf.set_y(15)
    line(f"{tr('Thẻ điểm', 'Scorecard')}: {info['unit_name']}", 16, "B")
    line(f"{info['unit_code']} · {period_label} · {tr('so với', 'against')} {previous_label}", 9, color=MUTED)
    pdf.ln(3)
    line(tr("Các chỉ số chính", "Headline rates"), 12, "B")
    widths = (70, 28, 30, 26, 26)
    row([tr("Chỉ số", "Measure"), tr("Giá trị", "Value"), tr("Thay đổi", "Change"), tr("Chỉ tiêu", "Target"),
         tr("Đánh giá", "Status")], widths, style="B")
    for m in ("on_time_rate", "progress_rate", "online_rate", "full_online_rate", "digitized_rate",
              "online_payment_rate", "avg_processing_days"):
        v, p, t = now.get(m), before.get(m), targets.get(m)
        d = None if v is None or p is None else round(v - p, 2)
        change = (fmt.days_delta(d, lang) if m == "avg_processing_days" else fmt.points_delta(d, lang)) or "—"
        status = metrics.target_status(v, t, m)
        label = (metrics.LABELS_VI if lang == "vi" else metrics.LABELS_EN).get(m, m)
        row([label, value(m, v), change, "—" if t is None else value(m, t),
             tr(*STATUS_TEXT[status]) if status else "—"], widths)
    pending = (now.get("pending_within") or 0) + (now.get("pending_overdue") or 0)
    pdf.ln(2)
    line(tr(f"Hồ sơ tiếp nhận {fmt.number(now.get('received'), 0, lang)}, giải quyết "
            f"{fmt.number(now.get('resolved'), 0, lang)}, đang xử lý {fmt.number(pending, 0, lang)} "
            f"(quá hạn {fmt.number(now.get('pending_overdue'), 0, lang)}).",
            f"Dossiers received {fmt.number(now.get('received'), 0, lang)}, resolved "
            f"{fmt.number(now.get('resolved'), 0, lang)}, pending {fmt.number(pending, 0, lang)} "
            f"({fmt.number(now.get('pending_overdue'), 0, lang)} overdue)."), 9.5)
    if card["standing"]:
        pdf.ln(2)
        line(tr("Vị trí trong cùng loại đơn vị: ", "Standing among its kind: ") + "; ".join(
            f"{(metrics.LABELS_VI if lang == 'vi' else metrics.LABELS_EN).get(m, m)} "
            f"{s['rank'] or '—'}/{s['of']}" for m, s in card["standing"].items()), 9.5)
    s766 = card["portal766"]
    pdf.ln(3)
    line(tr("Chỉ số 766", "QĐ 766 index"), 12, "B")
    if s766:
        line(tr(f"Kỳ {s766['period']}: tổng {fmt.number(s766['total'], 2, lang)}/{fmt.number(s766['max_total'])}, "
                f"hạng {s766['rank'] or '—'}/{s766['of']}",
                f"Period {s766['period']}: total {fmt.number(s766['total'], 2, lang)} of "
                f"{fmt.number(s766['max_total'])}, rank {s766['rank'] or '—'} of {s766['of']}"), 9.5)
        widths = (90, 40, 40)
        row([tr("Nhóm", "Group"), tr("Điểm", "Points"), tr("Hạng", "Rank")], widths, style="B")
        for g, v in s766["groups"].items():
            r = s766["group_ranks"].get(g)
            row([tr(*GROUP_LABELS[g]), f"{fmt.number(v, 2, lang)}/{GROUP_MAX[g]}",
                 f"{r}/{s766['of']}" if r else "—"], widths)
    else:
        line(tr("Chưa có điểm.", "No score yet."), 9.5, color=MUTED)
    par = card["par"]
    pdf.ln(3)
    line(tr("Chỉ số CCHC (PAR)", "PAR index"), 12, "B")
    if par:
        line(tr(f"Năm {par['year']}: {fmt.number(par['index'], 2, lang)} điểm, xếp loại {grade_name(par['grade'], lang)}, "
                f"hạng {par['rank'] or '—'}/{par['of']}",
                f"{par['year']}: {fmt.number(par['index'], 2, lang)} points, grade {grade_name(par['grade'], lang)}, "
                f"rank {par['rank'] or '—'} of {par['of']}"), 9.5)
        line(tr("Tiêu chí yếu nhất: ", "Weakest criteria: ") + "; ".join(
            f"{c['code']} {par_name(c['name'], lang) or ''} ({fmt.number(c['final_points'], 2, lang)}/"
            f"{fmt.number(c['max_points'], 2, lang)})" for c in par["weakest"]), 9.5)
    else:
        line(tr("Chưa có điểm.", "No score yet."), 9.5, color=MUTED)
    pdf.set_y(280)
    line(tr("CCHC Dashboard · số liệu như «cli.py kpis --unit» và «cli.py scores»",
            "CCHC Dashboard · the figures of 'cli.py kpis --unit' and 'cli.py scores'"), 7.5, color=MUTED)
    return bytes(pdf.output())
