"""The briefing as a PDF, one 16:9 page a slide, with a Vietnamese font embedded (fpdf2, loaded
only when a PDF is made)."""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from labels import STATUS_COLOR, in_lang
from reports.briefing import ACCENT, CHART_SIZE, INK, MAP_SIZE, MUTED, Briefing

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


TABLE_SIZE, TABLE_MIN_SIZE = 12, 9  # pt: a table's type, and the smallest it may shrink to fit its width
PAD = 1.5  # mm: the space between a cell's text and its border
LINE = 0.45  # mm a line per point of type (12 pt: 5.4 mm)
NAME_LINES = 2  # a unit's name wraps to two lines at most, then ends with "…"


@dataclass
class TableLayout:
    """Where a table's text goes: column widths (mm), every cell as its lines, the type size."""
    size: float
    widths: list[float]
    header: list[list[str]]  # each header cell's lines
    rows: list[list[list[str]]]  # each cell's lines
    align: list[str]

    def line(self) -> float:
        return self.size * LINE

    def heights(self) -> list[float]:
        """The header's height, then each row's: its tallest cell, with the padding."""
        return [max(len(c) for c in row) * self.line() + 2 * PAD for row in [self.header, *self.rows]]


def font_measure(pdf):
    """The PDF's own metrics: the width in mm of a text in the body font at a size, bold or not."""
    def width(text: str, size: float, bold: bool = False) -> float:
        pdf.set_font("Body", "B" if bold else "", size)
        return pdf.get_string_width(text)
    return width


def _wrap(text: str, fits, max_lines: int | None = None) -> list[str]:
    """`text` in lines that each `fits`, broken between words (a word too wide alone is broken
    between characters); beyond `max_lines` the last line ends with "…"."""
    words = []
    for word in str(text).split():
        while len(word) > 1 and not fits(word):
            cut = 1
            while cut < len(word) and fits(word[:cut + 1]):
                cut += 1
            words.append(word[:cut])
            word = word[cut:]
        words.append(word)
    lines: list[str] = []
    for word in words or [""]:
        if lines and fits(lines[-1] + " " + word):
            lines[-1] += " " + word
        else:
            lines.append(word)
    if max_lines and len(lines) > max_lines:
        last = lines[max_lines - 1]
        while last and not fits(last + "…"):
            last = last[:-1].rstrip()
        lines = lines[:max_lines - 1] + [last + "…"]
    return lines


def table_layout(measure, header: list[str], rows: list[list[str]], width: float,
                 roles: tuple[str, ...] = (), height: float | None = None) -> TableLayout:
    """`_columns` at the largest type (and names on two lines, else one) that keeps the table
    within `height` mm, down to TABLE_MIN_SIZE."""
    size = TABLE_SIZE
    while True:
        for lines in (NAME_LINES, 1):
            t = _columns(measure, header, rows, width, roles, size, lines)
            if height is None or sum(t.heights()) <= height:
                return t
        if size <= TABLE_MIN_SIZE:
            return t
        size -= 0.5


def _columns(measure, header: list[str], rows: list[list[str]], width: float, roles: tuple[str, ...],
             size: float, name_lines: int) -> TableLayout:
    """Columns sized to their content: every column but the name's is as wide as its widest
    figure or the longest word of its header, whose words then wrap within it (so that headers
    such as "Đã giải quyết" and "Tỷ lệ đúng hạn" never run into each other); the name takes the
    rest and wraps, two lines at most. When the figures leave the name too little room, the
    table's type shrinks (down to TABLE_MIN_SIZE). Definitions: rule 82."""
    n = len(header)
    name = roles.index("name") if "name" in roles else (1 if n > 1 else 0)
    align = ["L" if c == name or (roles and c < len(roles) and roles[c] == "word") else "R" for c in range(n)]
    while True:
        widths = []
        for c in range(n):
            if c == name:
                widths.append(0.0)
                continue
            cells = [measure(str(r[c]), size) for r in rows if c < len(r)]
            words = [measure(w, size, True) for w in str(header[c]).split()]
            widths.append(max(cells + words + [0.0]) + 2 * PAD)
        rest = width - sum(widths)
        if rest >= width * 0.3 or size <= TABLE_MIN_SIZE:
            break
        size -= 0.5
    widths[name] = max(rest, 0.0)
    # any width left over beyond what a name needs goes to the figures, evenly
    longest = max([measure(str(r[name]), size) for r in rows if name < len(r)] + [measure(header[name], size, True)])
    spare = widths[name] - (longest + 2 * PAD)
    if spare > 0 and n > 1:
        widths[name] -= spare / 2
        for c in range(n):
            if c != name:
                widths[c] += spare / 2 / (n - 1)

    def fits(c, bold):
        return lambda t: measure(t, size, bold) <= widths[c] - 2 * PAD + 1e-6

    head = [_wrap(header[c], fits(c, True)) for c in range(n)]
    body = [[_wrap(r[c], fits(c, False), name_lines if c == name else None)
             for c in range(n)] for r in rows]
    return TableLayout(size, widths, head, body, align)


def _draw_table(pdf, t: TableLayout, x: float, y: float) -> float:
    """Draw a laid-out table at (x, y); returns the y under it."""
    pdf.set_draw_color(200, 206, 214)
    pdf.set_line_width(0.2)
    pdf.set_text_color(*_hex(INK))
    margin, pdf.c_margin = pdf.c_margin, 0  # the layout's PAD is the only space inside a cell
    for r, (row, h) in enumerate(zip([t.header, *t.rows], t.heights())):
        pdf.set_font("Body", "B" if r == 0 else "", t.size)
        pdf.set_fill_color(*((230, 236, 243) if r == 0 else (255, 255, 255)))
        cx = x
        for c, lines in enumerate(row):
            pdf.rect(cx, y, t.widths[c], h, style="DF")
            for k, line in enumerate(lines):
                pdf.set_xy(cx + PAD, y + PAD + k * t.line())
                pdf.cell(t.widths[c] - 2 * PAD, t.line(), line, align=t.align[c])
            cx += t.widths[c]
        y += h
    pdf.c_margin = margin
    return y


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
        if s.kind == "national":
            map_h = H - top - 14
            map_w = map_h * MAP_SIZE[0] / MAP_SIZE[1] if s.map_png else 0.0
            left_w = inner - map_w - (8.0 if map_w else 0.0)
            rank, total, gap = s.figures
            lines = [f"{rank.label}: {rank.value}" + (f" ({rank.change})" if rank.change else ""),
                     f"{total.label}: {total.value}" + (f" ({total.change})" if total.change else ""),
                     f"{gap.label}: {gap.value}"]
            text(m, top, left_w, 24, "\n".join(lines), 15, "B")
            y = top + 3 * 15 * 0.45 + 4
            for i, (_, header, rows) in enumerate(s.tables):
                roles = s.roles[i] if i < len(s.roles) else ()
                y = _draw_table(pdf, table_layout(font_measure(pdf), header, rows, left_w, roles, H - 40 - y), m, y) + 4
            notes = ([in_lang(b.lang, "Hạng qua các kỳ đã nhập: ", "Rank across imported periods: ")
                      + " · ".join(f"{p} {r}/{n}" for p, r, n in s.trend)] if s.trend else []) + s.text
            text(m, y, left_w, H - 14 - y, "\n".join(notes), 10, "", MUTED)
            if s.map_png:
                pdf.image(io.BytesIO(s.map_png), x=m + inner - map_w, y=top, w=map_w, h=map_h)
            continue
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
                roles = s.roles[i] if i < len(s.roles) else ()
                room = H - 14 - y - (14 if s.text else 0)  # above the page number, and a line of text
                y = _draw_table(pdf, table_layout(font_measure(pdf), header, rows, tw, roles, room), x, y)
                height = max(height, y - top)
            top += height + 6
        if s.text:
            body = "\n".join(s.text) if s.kind != "note" else "\n".join(f"• {t}" for t in s.text)
            text(m, top, inner, H - top - 12, body, 20 if s.kind == "summary" else 13)
    return bytes(pdf.output())
