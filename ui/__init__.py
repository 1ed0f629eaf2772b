"""The page kit: what every page shares. Pages import this, `queries` and `labels`; they never
hold SQL.

- `ui.text`: the chosen language (`tr`, `label`) and data text made inert for Markdown.
- `ui.session`: the warehouse made ready, one read-only connection per run, cached engine answers.
- `ui.access`: who is signed in and what they may do (imported as `from ui import access`).
- `ui.sidebar`: the filters kept in the URL, and what app.py sets up before a page.
- `ui.widgets`: the header, KPI cards, unit tables and bars, charts, downloads.
"""
from ui.session import (
    first_start, is_demo, prepare, query, reader, refresh_version, run_session, show_warehouse_error, writer,
)
from ui.sidebar import Filters, as_app, bootstrap, choose_unit, filters, presenting, restore_from_url
from ui.text import label, lang, md_escape, placeholder, plain, short_label, tr
from ui.widgets import (
    CHART_FONT, MIN_VOLUME, Figures, back_to_all_units, change_text, chart_config, chart_layout, chart_text, demo_banner,
    downloads, empty_state, figures, glossary, kpi_card, lowest_by_kind, num, page_header, pct, rank_change_text, ranking_table, staff_command,
    selectable_table, status_styler, table_height, target_line, targets, unit_bars,
)
