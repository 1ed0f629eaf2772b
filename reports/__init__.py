"""What leaves the dashboard: the briefing's slides (`briefing`) and their PPTX (`pptx_deck`) and
PDF (`pdf_deck`) files, presentation mode (`present`), the summary in words (`narrative`), charts
drawn without a browser page (`charts`) and CSV/XLSX downloads (`exports`). No Streamlit here:
the pages, the command line and the tests call the same functions."""
