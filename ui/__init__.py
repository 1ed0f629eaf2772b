"""The page kit: what every page shares. Pages import this, `queries` and `labels`; they never
hold SQL.

- `ui.text`: the chosen language (`tr`, `label`) and data text made inert for Markdown.
- `ui.session`: the warehouse made ready, one read-only connection per run, cached engine answers.
- `ui.access`: who is signed in and what they may do (imported as `from ui import access`).
- `ui.sidebar`: the filters kept in the URL, and what app.py sets up before a page.
- `ui.charts`: chart layout (projector type and contrast), trends with targets and end labels, unit bars.
- `ui.widgets`: the header and scope chip, KPI cards, unit tables, downloads.
"""
from ui.session import (
    first_start, is_demo, prepare, query, reader, refresh_version, run_session, show_warehouse_error, writer,
)
from ui.sidebar import Filters, as_app, bootstrap, choose_unit, filters, presenting, restore_from_url
from ui.text import ALL, label, lang, md_escape, placeholder, plain, retell_choices, short_label, tr, worded
from ui.charts import (
    CHART_FONT, TREND_MONTHS, chart_config, chart_layout, chart_text, gap_bars, ink, map_deck, month_labels, trend_chart,
    trend_months, trend_start, unit_bars,
)
from ui.widgets import (
    MIN_VOLUME, ROW_HINT, Figures, change_points, change_text, demo_banner, detail_tabs, downloads, empty_state, figures, glossary,
    kind_picker, kpi_card, lowest_by_kind, num, nums, page_header, pct, pcts, print_layout, rank_change_text, rank_text, ranking_rule, ranking_table, scope_chip, score_period,
    score_period_text, selectable_table, staff_command, status_styler, table_height, target_line, targets,
)
