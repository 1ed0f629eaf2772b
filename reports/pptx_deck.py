"""The briefing as a 16:9 PowerPoint deck (python-pptx, loaded only when a deck is made)."""
from __future__ import annotations

import io

from labels import STATUS_COLOR, in_lang
from reports.briefing import ACCENT, CHART_SIZE, INK, MAP_SIZE, MUTED, Briefing, Slide

PPTX_FONT = "Arial"  # on every office PC, with Vietnamese; LibreOffice substitutes Liberation Sans


def _rgb(hex_):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_.lstrip("#"))  # labels.STATUS_COLOR has a "#"


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


def _table(slide, x, y, w, header, rows, name_col=1, size=16, row_h=None):
    """A table: the name column half the width, the rest shared; names left, figures right."""
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Emu, Inches, Pt

    row_h = row_h or Inches(0.42)
    shape = slide.shapes.add_table(len(rows) + 1, len(header), Emu(int(x)), Emu(int(y)), Emu(int(w)),
                                   row_h * (len(rows) + 1))
    table = shape.table
    for c in range(len(header)):
        table.columns[c].width = Emu(int(w * (0.4 if c == name_col else 0.6 / (len(header) - 1))))
    for r, row in enumerate([header, *rows]):
        for c, value in enumerate(row):
            cell = table.cell(r, c)
            cell.text = value
            para = cell.text_frame.paragraphs[0]
            para.alignment = PP_ALIGN.LEFT if c == name_col else PP_ALIGN.RIGHT
            for run in para.runs:
                run.font.size, run.font.name, run.font.bold = Pt(size), PPTX_FONT, r == 0
    return shape


def _national(slide, s: Slide, lang: str, margin, inner, top) -> None:
    """The province among the 34: rank and changes on one line, the group table (total first), the
    rank across periods in words under it, and the map of the 34 on the right."""
    from pptx.util import Emu, Inches

    map_h = Inches(5.3)
    map_w = int(map_h * MAP_SIZE[0] / MAP_SIZE[1]) if s.map_png else 0
    left_w = inner - map_w - (Inches(0.3) if map_w else 0)
    rank, total, gap = s.figures
    line = [f"{rank.label}: {rank.value}" + (f" ({rank.change})" if rank.change else ""),
            f"{total.label}: {total.value}" + (f" ({total.change})" if total.change else ""),
            f"{gap.label}: {gap.value}"]
    _text(slide, margin, top, Emu(int(left_w)), Inches(1.2), line, 20, True, INK, name="national")
    y = top + Inches(1.25)
    for i, (caption, header, rows) in enumerate(s.tables):
        shape = _table(slide, margin, y, left_w, header, rows, size=14, row_h=Inches(0.4))
        shape.name = f"table:{i}"
        y = y + Inches(0.4) * (len(rows) + 1) + Inches(0.15)
    lines = []
    if s.trend:
        lines.append(in_lang(lang, "Hạng qua các kỳ đã nhập: ", "Rank across imported periods: ")
                     + " · ".join(f"{p} {r}/{n}" for p, r, n in s.trend))
    lines += s.text
    _text(slide, margin, max(y, Inches(6.0)), Emu(int(left_w)), Inches(1.0), lines, 12, False, MUTED, name="text")
    if s.map_png:
        slide.shapes.add_picture(io.BytesIO(s.map_png), Emu(int(margin + inner - map_w)), Emu(int(top)),
                                 width=Emu(map_w), height=Emu(int(map_h)))


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
                      in_lang(b.lang, "Dữ liệu mẫu — số liệu minh họa", "Demo data — illustrative figures"), 16, True,
                      "D55E00")
            continue
        _text(slide, margin, Inches(0.3), inner, Inches(0.8), s.title, 32, True, ACCENT, name="title")
        if s.subtitle:
            _text(slide, margin, Inches(1.0), inner, Inches(0.5), s.subtitle, 16, False, MUTED, name="subtitle")
        _text(slide, W - Inches(1.5), Inches(7.0), Inches(1.2), Inches(0.4), f"{number}/{len(b.slides)}", 12,
              False, MUTED, PP_ALIGN.RIGHT)
        top = Inches(1.6)
        if s.kind == "national":
            _national(slide, s, b.lang, margin, inner, top)
            continue
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
                if fig.notes(b.lang):
                    _text(slide, cx, Emu(int(y + Inches(1.4))), cw, Inches(0.7), fig.notes(b.lang), 12, False,
                          fig.notes_color())
            top = top + (tile_h + Inches(0.2)) * rows
        if s.png:
            h = prs.slide_height - top - Inches(0.5)
            w = min(inner, int(h * CHART_SIZE[0] / CHART_SIZE[1]))
            slide.shapes.add_picture(io.BytesIO(s.png), Emu(int(margin + (inner - w) / 2)), Emu(int(top)),
                                     width=Emu(int(w)), height=Emu(int(h)))
        elif s.chart is None and s.kind == "area":
            _text(slide, margin, top, inner, Inches(0.5),
                  in_lang(b.lang, "Chưa có dữ liệu theo tháng.", "No monthly data yet."), 16, False, MUTED)
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
