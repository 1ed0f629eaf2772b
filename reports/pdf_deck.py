"""The briefing as a PDF, one 16:9 page a slide, with a Vietnamese font embedded (fpdf2, loaded
only when a PDF is made)."""
from __future__ import annotations

import io
from pathlib import Path

from labels import STATUS_COLOR, in_lang
from reports.briefing import ACCENT, CHART_SIZE, INK, MUTED, Briefing

FONT_DIRS = (Path("/usr/share/fonts/truetype/noto"), Path("/usr/share/fonts/truetype/dejavu"))
FONT_FILES = (("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"), ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"))


def fonts() -> tuple[Path, Path]:
    """A TrueType family with Vietnamese glyphs, to embed: Noto Sans, else DejaVu Sans."""
    for d in FONT_DIRS:
        for regular, bold in FONT_FILES:
            if (d / regular).exists() and (d / bold).exists():
                return d / regular, d / bold
    raise RuntimeError("Không tìm thấy phông chữ Noto Sans / DejaVu Sans (apt-get install fonts-noto-core)")


def _hex(h: str) -> tuple[int, int, int]:
    h = h.lstrip("#")  # labels.STATUS_COLOR has one
    return int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16)


def to_pdf(b: Briefing) -> bytes:
    """The same slides as a PDF, one 16:9 page each, with Noto Sans embedded."""
    from fpdf import FPDF

    W, H = 338.67, 190.5  # mm: 13.333 × 7.5 in, as the deck
    pdf = FPDF(orientation="L", unit="mm", format=(H, W))
    pdf.set_auto_page_break(False)
    regular, bold = fonts()
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
                text(m, 170, inner, 8, in_lang(b.lang, "Dữ liệu mẫu — số liệu minh họa", "Demo data — illustrative figures"),
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
                if fig.notes(b.lang):
                    text(x + 3, y + 33, tw - 6, 12, "\n".join(fig.notes(b.lang)), 10, "", fig.notes_color())
            top += (th + gap) * rows
        if s.png:
            h = H - top - 12
            w = min(inner, h * CHART_SIZE[0] / CHART_SIZE[1])
            pdf.image(io.BytesIO(s.png), x=m + (inner - w) / 2, y=top, w=w, h=h)
        elif s.chart is None and s.kind == "area":
            text(m, top, inner, 8, in_lang(b.lang, "Chưa có dữ liệu theo tháng.", "No monthly data yet."), 14, "", MUTED)
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
