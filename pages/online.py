"""Placeholder: this page is being written."""
import ui

ui.page_header("Đang xây dựng", "Under construction")
