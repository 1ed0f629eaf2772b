"""Báo cáo (Briefing): the chosen period and scope as a PPTX deck and a PDF, made on one click.

The files are built only when the button is pressed (charts take a few seconds on chromium),
kept for this session until the period, scope, language or data change."""
import streamlit as st

import ui
from reports import briefing, pdf_deck, pptx_deck

f = ui.page_header("Báo cáo cho cuộc họp", "Briefing for the meeting")
lang = ui.lang()
key = (f.period, f.kind, f.unit, lang, st.session_state.get("_data_version"))

st.markdown(ui.tr(
    "Một bản trình chiếu (PPTX, khổ 16:9) và bản PDF cùng nội dung cho kỳ và phạm vi đang chọn ở thanh bên: "
    "trang bìa, các chỉ số chính so với kỳ trước và chỉ tiêu, mỗi lĩnh vực một trang (tiến độ giải quyết, dịch vụ "
    "công trực tuyến, số hóa và thanh toán), xếp hạng đơn vị, đơn vị dưới chỉ tiêu, tóm tắt và ghi chú về số liệu.",
    "A slide deck (PPTX, 16:9) and a PDF with the same content for the period and scope chosen in the sidebar: "
    "title, headline figures against the previous period and the targets, one slide per area (on-time, online "
    "services, digitization and payment), unit ranking, units below target, summary and a data note."))
ui.staff_command("python cli.py briefing --from YYYY-MM-DD --to YYYY-MM-DD --out "
                 + ui.tr("bao_cao.pptx", "briefing.pptx"))  # on a schedule


def make() -> None:
    """Build both files for the current choice (on the button's click, not on every rerun)."""
    with ui.reader() as con:
        b = briefing.build(con, f.period, kind=f.kind, unit=f.unit, lang=lang)
    try:
        briefing.render_charts(b)
        note = None
    except Exception as e:  # no chromium: the files still go out, without chart pictures
        note = ui.md_escape(ui.tr(f"Không vẽ được biểu đồ ({e}); báo cáo không có hình biểu đồ.",
                                  f"Charts could not be drawn ({e}); the briefing has no chart pictures."))
    st.session_state["_briefing"] = {"key": key, "stem": b.file_stem(), "pptx": pptx_deck.to_pptx(b),
                                     "pdf": pdf_deck.to_pdf(b), "slides": [s.title for s in b.slides], "note": note}


if st.button(ui.tr("Tạo báo cáo", "Make the briefing"), type="primary", key="briefing_make"):
    with st.spinner(ui.tr("Đang tạo báo cáo…", "Making the briefing…")):
        make()

made = st.session_state.get("_briefing")
if made and made["key"] == key:
    if made["note"]:
        st.warning(made["note"])
    st.success(ui.tr(f"Đã tạo báo cáo: {len(made['slides'])} trang.", f"Briefing ready: {len(made['slides'])} slides."))
    c1, c2, _ = st.columns([1, 1, 3])
    c1.download_button(ui.tr("Tải PPTX", "Download PPTX"), made["pptx"], f"{made['stem']}.pptx",
                       "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                       key="briefing_pptx", on_click="ignore")
    c2.download_button(ui.tr("Tải PDF", "Download PDF"), made["pdf"], f"{made['stem']}.pdf", "application/pdf",
                       key="briefing_pdf", on_click="ignore")
    st.markdown("\n".join(f"{i}. {ui.md_escape(t)}" for i, t in enumerate(made["slides"], start=1)))
elif made:
    st.caption(ui.tr("Kỳ, phạm vi hoặc dữ liệu đã thay đổi: bấm «Tạo báo cáo» để tạo lại.",
                     "The period, scope or data changed: press the button to make it again."))
